"""OneHotEncoder, OrdinalEncoder, LabelEncoder, LabelBinarizer and FunctionTransformer
against scikit-learn on the AI4I table and on generated categorical data."""

import pickle

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from aiguille.datasets import load_ai4i
from aiguille.preprocessing import (
    FunctionTransformer,
    LabelBinarizer,
    LabelEncoder,
    OneHotEncoder,
    OrdinalEncoder,
    label_binarize,
)
from aiguille.utils._testing import require


@pytest.fixture(scope="module")
def ai4i():
    require("pandas")
    return load_ai4i(as_frame=True).data


@pytest.fixture(scope="module")
def mixed():
    rng = np.random.RandomState(0)
    n = 400
    X = np.empty((n, 3), dtype=object)
    X[:, 0] = rng.choice(["a", "bb", "c", "dd", "e"], size=n, p=[0.5, 0.3, 0.1, 0.07, 0.03])
    X[:, 1] = rng.randint(0, 6, size=n)
    X[:, 2] = rng.choice(["x", "y", None], size=n)
    return X


def _assert_same_categories(ours, ref):
    assert len(ours.categories_) == len(ref.categories_)
    for a, b in zip(ours.categories_, ref.categories_):
        assert a.dtype == b.dtype
        assert len(a) == len(b)
        assert all(u == v or (u != u and v != v) for u, v in zip(a.tolist(), b.tolist()))


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"drop": "first"},
        {"drop": "if_binary", "sparse_output": False},
        {"handle_unknown": "ignore", "dtype": np.float32},
        {"min_frequency": 30, "handle_unknown": "infrequent_if_exist"},
        {"max_categories": 3, "sparse_output": False},
    ],
)
def test_one_hot_matches_sklearn_on_generated(params, mixed):
    sk = require("sklearn.preprocessing")
    X = mixed[:, :2]
    ours = OneHotEncoder(**params).fit(X)
    ref = sk.OneHotEncoder(**params).fit(X)
    _assert_same_categories(ours, ref)
    a, b = ours.transform(X), ref.transform(X)
    if hasattr(a, "toarray"):
        assert a.format == "csr"
        a, b = a.toarray(), b.toarray()
    assert a.dtype == b.dtype
    assert_array_equal(a, b)
    assert_array_equal(ours.get_feature_names_out(), ref.get_feature_names_out())
    assert_array_equal(ours.inverse_transform(a), ref.inverse_transform(b))
    if "min_frequency" in params or "max_categories" in params:
        for i, j in zip(ours.infrequent_categories_, ref.infrequent_categories_):
            assert (i is None and j is None) or list(i) == list(j)
    if params.get("drop") is not None:
        assert_array_equal(ours.drop_idx_, ref.drop_idx_)


def test_one_hot_ai4i_type_column(ai4i):
    sk = require("sklearn.preprocessing")
    X = ai4i[["Type"]]
    ours = OneHotEncoder(sparse_output=False).fit(X)
    ref = sk.OneHotEncoder(sparse_output=False).fit(X)
    _assert_same_categories(ours, ref)
    assert list(ours.categories_[0]) == ["H", "L", "M"]
    assert_array_equal(ours.transform(X), ref.transform(X))
    assert_array_equal(ours.get_feature_names_out(), ["Type_H", "Type_L", "Type_M"])
    assert_array_equal(ours.feature_names_in_, ["Type"])


def test_one_hot_missing_values_and_numbers(mixed):
    sk = require("sklearn.preprocessing")
    X = mixed[:, [2]]
    ours = OneHotEncoder(sparse_output=False).fit(X)
    ref = sk.OneHotEncoder(sparse_output=False).fit(X)
    _assert_same_categories(ours, ref)
    assert_array_equal(ours.get_feature_names_out(), ["x0_x", "x0_y", "x0_None"])
    Xf = np.random.RandomState(0).randint(0, 4, size=(50, 2)).astype(float)
    Xf[::7, 1] = np.nan
    ours = OneHotEncoder().fit(Xf)
    ref = sk.OneHotEncoder().fit(Xf)
    _assert_same_categories(ours, ref)
    assert_array_equal(ours.transform(Xf).toarray(), ref.transform(Xf).toarray())


def test_one_hot_unknown_category(mixed):
    enc = OneHotEncoder().fit(mixed[:, :2])
    before = pickle.dumps(enc)
    bad = np.array([["zzz", 1]], dtype=object)
    with pytest.raises(ValueError, match=r"Found unknown categories \['zzz'\] in column 0"):
        enc.transform(bad)
    with pytest.raises(ValueError, match="X has 1 features, but OneHotEncoder is expecting 2"):
        enc.transform(mixed[:, :1])
    assert pickle.dumps(enc) == before
    ign = OneHotEncoder(handle_unknown="ignore", sparse_output=False).fit(mixed[:, :2])
    row = ign.transform(bad)
    assert row[:, :5].sum() == 0 and row.sum() == 1
    assert ign.inverse_transform(row)[0, 0] is None


def test_one_hot_pandas_output(ai4i):
    pd = require("pandas")
    enc = OneHotEncoder(sparse_output=False).set_output(transform="pandas")
    out = enc.fit_transform(ai4i[["Type"]])
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == ["Type_H", "Type_L", "Type_M"]
    with pytest.raises(ValueError, match="Pandas output does not support sparse data"):
        OneHotEncoder().set_output(transform="pandas").fit_transform(ai4i[["Type"]])


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"handle_unknown": "use_encoded_value", "unknown_value": -1},
        {"encoded_missing_value": -2},
        {"min_frequency": 0.1},
    ],
)
def test_ordinal_matches_sklearn(params, mixed):
    sk = require("sklearn.preprocessing")
    X = mixed.copy()
    X[X[:, 2] == None, 2] = np.nan  # noqa: E711  (object column with NaN as missing)
    ours = OrdinalEncoder(**params).fit(X)
    ref = sk.OrdinalEncoder(**params).fit(X)
    _assert_same_categories(ours, ref)
    a, b = ours.transform(X), ref.transform(X)
    assert_array_equal(a, b)
    assert_array_equal(ours.get_feature_names_out(), ref.get_feature_names_out())
    inv_a, inv_b = ours.inverse_transform(a), ref.inverse_transform(b)
    assert inv_a.shape == inv_b.shape
    same = (inv_a == inv_b) | (
        np.vectorize(lambda v: v != v)(inv_a) & np.vectorize(lambda v: v != v)(inv_b)
    )
    assert same.all()
    if params.get("handle_unknown") == "use_encoded_value":
        assert_array_equal(ours.transform([["zz", 0, "x"]]), ref.transform([["zz", 0, "x"]]))


def test_label_encoder():
    sk = require("sklearn.preprocessing")
    y = np.array(["paris", "tokyo", "paris", "amsterdam"])
    ours, ref = LabelEncoder(), sk.LabelEncoder()
    assert_array_equal(ours.fit_transform(y), ref.fit_transform(y))
    assert_array_equal(ours.classes_, ref.classes_)
    assert_array_equal(ours.inverse_transform([0, 2]), ref.inverse_transform([0, 2]))
    with pytest.raises(ValueError, match="y contains previously unseen labels: .*berlin"):
        ours.transform(["paris", "berlin"])
    le = LabelEncoder().fit([1, 2, 2, 6])
    with pytest.raises(ValueError, match="y contains previously unseen labels"):
        le.transform([1, 7])
    with pytest.raises(ValueError, match="y contains previously unseen labels"):
        le.inverse_transform([5])
    assert_array_equal(le.transform([6, 1]), [2, 0])


def test_label_binarizer_matches_sklearn():
    sk = require("sklearn.preprocessing")
    for y in ([1, 2, 6, 4, 2], ["yes", "no", "no"], [0, 1, 1, 0]):
        ours, ref = LabelBinarizer(), sk.LabelBinarizer()
        a, b = ours.fit_transform(y), ref.fit_transform(y)
        assert_array_equal(a, b)
        assert_array_equal(ours.inverse_transform(a), ref.inverse_transform(b))
    lb = LabelBinarizer(neg_label=-1, pos_label=2, sparse_output=False).fit([3, 1, 2])
    assert_array_equal(lb.transform([1, 3]), [[2, -1, -1], [-1, -1, 2]])
    assert_array_equal(
        label_binarize([1, 6], classes=[1, 2, 4, 6]),
        sk.label_binarize([1, 6], classes=[1, 2, 4, 6]),
    )
    sparse = LabelBinarizer(sparse_output=True).fit_transform([1, 2, 3])
    assert_array_equal(sparse.toarray(), np.eye(3, dtype=int))


def _add(X, value):
    return X + value


def test_function_transformer():
    pd = require("pandas")
    X = np.arange(12, dtype=float).reshape(6, 2)
    ft = FunctionTransformer(np.log1p, np.expm1, feature_names_out="one-to-one")
    Xt = ft.fit_transform(X)
    assert_allclose(Xt, np.log1p(X))
    assert_allclose(ft.inverse_transform(Xt), X)
    assert_array_equal(ft.get_feature_names_out(), ["x0", "x1"])
    assert not hasattr(FunctionTransformer(), "get_feature_names_out")
    with pytest.warns(UserWarning, match="not strictly inverse"):
        FunctionTransformer(np.log1p, np.exp).fit(X)
    df = pd.DataFrame(X, columns=["a", "b"])
    out = ft.set_output(transform="pandas").fit_transform(df)
    assert list(out.columns) == ["a", "b"]
    assert_allclose(FunctionTransformer(_add, kw_args={"value": 1.0}).fit_transform(X), X + 1.0)
    with pytest.raises(ValueError, match="X has 1 features"):
        FunctionTransformer(validate=True).fit(X).transform(X[:, :1])
