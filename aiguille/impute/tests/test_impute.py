"""SimpleImputer and MissingIndicator against scikit-learn on noisy data with NaNs."""

import pickle

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from aiguille.datasets import load_digits
from aiguille.impute import MissingIndicator, SimpleImputer
from aiguille.utils._testing import require


@pytest.fixture(scope="module")
def noisy():
    rng = np.random.RandomState(0)
    X = np.round(rng.normal(size=(300, 6)) * 3, 1)
    X[rng.rand(*X.shape) < 0.15] = np.nan
    X[:, 4] = np.nan  # an empty feature
    return X


@pytest.mark.parametrize("strategy", ["mean", "median", "most_frequent", "constant"])
@pytest.mark.parametrize("keep_empty_features", [False, True])
@pytest.mark.parametrize("add_indicator", [False, True])
def test_simple_imputer_matches_sklearn(noisy, strategy, keep_empty_features, add_indicator):
    sk = require("sklearn.impute")
    params = dict(
        strategy=strategy, keep_empty_features=keep_empty_features, add_indicator=add_indicator
    )
    ours = SimpleImputer(**params).fit(noisy)
    ref = sk.SimpleImputer(**params).fit(noisy)
    assert ours.statistics_.dtype == ref.statistics_.dtype
    assert_allclose(
        ours.statistics_.astype(float), ref.statistics_.astype(float), rtol=1e-12, equal_nan=True
    )
    with _maybe_warns(keep_empty_features):
        a = ours.transform(noisy)
    b = ref.transform(noisy)
    assert_allclose(a, b, rtol=1e-12)
    assert_array_equal(ours.get_feature_names_out(), ref.get_feature_names_out())
    if add_indicator:
        assert_array_equal(ours.indicator_.features_, ref.indicator_.features_)


def _maybe_warns(keep):
    import contextlib

    if not keep:
        return pytest.warns(UserWarning, match="Skipping features without any observed values")
    return contextlib.nullcontext()


def test_simple_imputer_digits_with_zeros_as_missing():
    sk = require("sklearn.impute")
    X = load_digits().data[:400]
    for strategy in ("mean", "median", "most_frequent"):
        ours = SimpleImputer(missing_values=0, strategy=strategy).fit(X)
        ref = sk.SimpleImputer(missing_values=0, strategy=strategy).fit(X)
        assert_allclose(ours.statistics_, ref.statistics_, rtol=1e-12, equal_nan=True)
        with pytest.warns(UserWarning):
            assert_allclose(ours.transform(X), ref.transform(X), rtol=1e-12)


def test_simple_imputer_object_columns():
    sk = require("sklearn.impute")
    X = np.array(
        [["a", "x"], [np.nan, "y"], ["a", np.nan], ["b", "y"], [np.nan, "y"]], dtype=object
    )
    for strategy, kw in (("most_frequent", {}), ("constant", {"fill_value": "zz"})):
        ours = SimpleImputer(strategy=strategy, **kw).fit(X)
        ref = sk.SimpleImputer(strategy=strategy, **kw).fit(X)
        assert_array_equal(ours.statistics_, ref.statistics_)
        assert_array_equal(ours.transform(X), ref.transform(X))
    Xs = np.array([["a", "NA"], ["NA", "b"], ["a", "b"]], dtype=object)
    imp = SimpleImputer(missing_values="NA", strategy="most_frequent").fit(Xs)
    assert_array_equal(imp.transform(Xs), [["a", "b"], ["a", "b"], ["a", "b"]])
    with pytest.raises(ValueError, match="Cannot use mean strategy with non-numeric data"):
        SimpleImputer().fit(X)


def test_simple_imputer_pandas_and_sparse():
    pd = require("pandas")
    sp = require("scipy.sparse")
    sk = require("sklearn.impute")
    df = pd.DataFrame({"a": [1.0, np.nan, 3.0], "b": [np.nan, 2.0, 4.0]})
    out = SimpleImputer().set_output(transform="pandas").fit_transform(df)
    assert list(out.columns) == ["a", "b"]
    assert_allclose(out.to_numpy(), [[1, 3], [2, 2], [3, 4]])
    X = sp.csc_matrix(np.array([[1.0, 0, np.nan], [0, 2.0, 3.0], [np.nan, 0, 5.0]]))
    for strategy in ("mean", "median", "most_frequent"):
        ours = SimpleImputer(strategy=strategy).fit(X)
        ref = sk.SimpleImputer(strategy=strategy).fit(X)
        assert_allclose(ours.statistics_, ref.statistics_)
        assert_allclose(ours.transform(X).toarray(), ref.transform(X).toarray())


def test_simple_imputer_unchanged_by_bad_input(noisy):
    imp = SimpleImputer().fit(noisy[:, :4])
    before = pickle.dumps(imp)
    with pytest.raises(ValueError, match="X has 3 features, but SimpleImputer is expecting 4"):
        imp.transform(noisy[:, :3])
    assert pickle.dumps(imp) == before
    X = noisy[:, :4].copy()
    imp.transform(X)
    assert_array_equal(np.isnan(X), np.isnan(noisy[:, :4]))


def test_missing_indicator_matches_sklearn(noisy):
    sk = require("sklearn.impute")
    sp = require("scipy.sparse")
    X = noisy[:, :4]
    for features in ("missing-only", "all"):
        for sparse in ("auto", True, False):
            ours = MissingIndicator(features=features, sparse=sparse).fit(X)
            ref = sk.MissingIndicator(features=features, sparse=sparse).fit(X)
            a, b = ours.transform(X), ref.transform(X)
            assert sp.issparse(a) == sp.issparse(b)
            if sp.issparse(a):
                a, b = a.toarray(), b.toarray()
            assert_array_equal(a, b)
            assert_array_equal(ours.get_feature_names_out(), ref.get_feature_names_out())
    clean = np.nan_to_num(X)
    mi = MissingIndicator().fit(clean)
    with pytest.raises(ValueError, match="have missing values in transform but have no"):
        mi.transform(X)
