"""ColumnTransformer against scikit-learn: column selections, remainder, sparse output,
feature names, pandas output, and mixing scikit-learn transformers."""

import pickle

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from aiguille.compose import ColumnTransformer, make_column_selector, make_column_transformer
from aiguille.datasets import load_ai4i
from aiguille.impute import SimpleImputer
from aiguille.pipeline import make_pipeline
from aiguille.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler
from aiguille.utils._testing import require


@pytest.fixture(scope="module")
def frame():
    pd = require("pandas")
    df = load_ai4i(as_frame=True).data.iloc[:2000].copy()
    rng = np.random.RandomState(0)
    df.loc[rng.rand(len(df)) < 0.05, "Torque [Nm]"] = np.nan
    df["city"] = pd.Series(rng.choice(["lyon", "nice", "paris"], size=len(df)), dtype=object)
    return df


def _both(make):
    sk_compose = require("sklearn.compose")
    sk_pre = require("sklearn.preprocessing")
    sk_impute = require("sklearn.impute")
    import aiguille.compose
    import aiguille.impute
    import aiguille.preprocessing

    ours = make(aiguille.compose, aiguille.preprocessing, aiguille.impute)
    ref = make(sk_compose, sk_pre, sk_impute)
    return ours, ref


def _compare(ours, ref, X):
    a, b = ours.fit_transform(X), ref.fit_transform(X)
    assert type(a).__name__ == type(b).__name__ or (hasattr(a, "toarray") == hasattr(b, "toarray"))
    if hasattr(a, "toarray"):
        a, b = a.toarray(), b.toarray()
    assert_allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=1e-12, atol=1e-12)
    c, d = ours.transform(X), ref.transform(X)
    if hasattr(c, "toarray"):
        c, d = c.toarray(), d.toarray()
    assert_allclose(np.asarray(c, dtype=float), np.asarray(d, dtype=float), rtol=1e-12, atol=1e-12)
    assert_array_equal(ours.get_feature_names_out(), ref.get_feature_names_out())
    assert ours.output_indices_ == ref.output_indices_
    assert [t[0] for t in ours.transformers_] == [t[0] for t in ref.transformers_]
    assert [t[2] for t in ours.transformers_] == [t[2] for t in ref.transformers_]


@pytest.mark.parametrize("remainder", ["drop", "passthrough", "scaler"])
def test_column_transformer_names_and_remainder(frame, remainder):
    def make(compose, pre, impute):
        rem = pre.MinMaxScaler() if remainder == "scaler" else remainder
        return compose.ColumnTransformer(
            [
                ("onehot", pre.OneHotEncoder(sparse_output=False), ["Type", "city"]),
                ("impute", impute.SimpleImputer(strategy="median"), ["Torque [Nm]"]),
            ],
            remainder=rem,
        )

    ours, ref = _both(make)
    _compare(ours, ref, frame)
    assert isinstance(ours.named_transformers_["onehot"], OneHotEncoder)


def test_column_selections(frame):
    numeric = ["Air temperature [K]", "Process temperature [K]"]

    def make(compose, pre, impute):
        return compose.ColumnTransformer(
            [
                ("by_slice", pre.StandardScaler(), slice(1, 3)),
                ("by_mask", pre.MinMaxScaler(), [False, False, False, True, False, False, False]),
                ("by_int", pre.StandardScaler(), [5]),
                ("by_callable", pre.OrdinalEncoder(), compose.make_column_selector(pattern="^ci")),
                ("dropped", "drop", numeric),
                ("empty", pre.StandardScaler(), []),
            ]
        )

    ours, ref = _both(make)
    _compare(ours, ref, frame)
    sel = make_column_selector(dtype_include="number")
    assert sel(frame) == [c for c in frame.columns if frame[c].dtype.kind == "f"]


def test_sparse_threshold_and_numpy_input(frame):
    X = frame[["Type", "city"]].to_numpy(dtype=object)

    def make(compose, pre, impute):
        return compose.make_column_transformer(
            (pre.OneHotEncoder(), [0]), (pre.OneHotEncoder(), [1]), sparse_threshold=0.8
        )

    ours, ref = _both(make)
    _compare(ours, ref, X)
    assert ours.sparse_output_ and ref.sparse_output_
    dense = make_column_transformer((OneHotEncoder(), [0]), sparse_threshold=0.0).fit(X)
    assert not dense.sparse_output_ and isinstance(dense.transform(X), np.ndarray)


def test_pandas_output_and_verbose_names(frame):
    pd = require("pandas")
    ct = ColumnTransformer(
        [
            ("oh", OneHotEncoder(sparse_output=False), ["Type"]),
            ("num", make_pipeline(SimpleImputer(), StandardScaler()), ["Torque [Nm]"]),
        ],
        verbose_feature_names_out=False,
    ).set_output(transform="pandas")
    out = ct.fit_transform(frame)
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == ["Type_H", "Type_L", "Type_M", "Torque [Nm]"]
    assert_array_equal(out.index, frame.index)
    fmt = ColumnTransformer(
        [("oh", OneHotEncoder(), ["Type"])],
        verbose_feature_names_out="{feature_name}@{transformer_name}",
    ).fit(frame)
    assert list(fmt.get_feature_names_out()) == ["Type_H@oh", "Type_L@oh", "Type_M@oh"]


def test_mixing_sklearn_transformers_and_bad_input(frame):
    sk_pre = require("sklearn.preprocessing")
    ct = ColumnTransformer(
        [
            ("oh", sk_pre.OneHotEncoder(sparse_output=False), ["Type"]),
            ("ord", OrdinalEncoder(), ["city"]),
        ],
        remainder=sk_pre.StandardScaler(),
    )
    ct.fit(frame.dropna())
    ref = ColumnTransformer(
        [
            ("oh", OneHotEncoder(sparse_output=False), ["Type"]),
            ("ord", OrdinalEncoder(), ["city"]),
        ],
        remainder=StandardScaler(),
    ).fit(frame.dropna())
    assert_allclose(ct.transform(frame.dropna()), ref.transform(frame.dropna()), rtol=1e-12)
    before = pickle.dumps(ref)
    with pytest.raises(ValueError, match="columns are missing"):
        ref.transform(frame.drop(columns=["city"]))
    bad = frame.dropna().copy()
    bad["Type"] = bad["Type"].astype(object)
    bad.iloc[0, 0] = "XL"
    with pytest.raises(ValueError, match=r"Found unknown categories \['XL'\] in column 0"):
        ref.transform(bad)
    assert pickle.dumps(ref) == before
    # extra and reordered columns of a DataFrame are fine at transform time
    shuffled = frame.dropna()[list(frame.columns[::-1])].assign(extra=1.0)
    assert_allclose(ref.transform(shuffled), ref.transform(frame.dropna()), rtol=1e-12)
    with pytest.raises(ValueError, match="1D data passed to a transformer"):
        ColumnTransformer([("s", StandardScaler(), 1)]).fit(frame.to_numpy()[:, 1:3].astype(float))
