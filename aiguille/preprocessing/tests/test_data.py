"""Scalers and normalizers against scikit-learn (same data, 1e-12), incremental fits,
dtypes, sparse input, pandas output, and the numba kernels against the numpy path."""

import pickle

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from aiguille.datasets import load_digits
from aiguille.preprocessing import (
    Binarizer,
    MaxAbsScaler,
    MinMaxScaler,
    Normalizer,
    RobustScaler,
    StandardScaler,
    maxabs_scale,
    minmax_scale,
    normalize,
    scale,
)
from aiguille.preprocessing import _data as data_module
from aiguille.utils._testing import require


@pytest.fixture(scope="module")
def digits():
    return load_digits().data


@pytest.fixture(scope="module")
def noisy():
    rng = np.random.RandomState(0)
    X = rng.lognormal(size=(500, 7)) * rng.uniform(0.1, 100, size=7) - 3.0
    X[:, 3] = 5.0  # a constant feature
    X[rng.rand(*X.shape) < 0.1] = np.nan
    return X


def _pair(name, **params):
    sk = require("sklearn.preprocessing")
    import aiguille.preprocessing as ours

    return getattr(ours, name)(**params), getattr(sk, name)(**params)


@pytest.mark.parametrize(
    "name, params",
    [
        ("StandardScaler", {}),
        ("StandardScaler", {"with_mean": False}),
        ("StandardScaler", {"with_std": False}),
        ("MinMaxScaler", {"feature_range": (-2, 3)}),
        ("MaxAbsScaler", {}),
        ("RobustScaler", {}),
        ("RobustScaler", {"quantile_range": (10.0, 90.0), "unit_variance": True}),
        ("Normalizer", {"norm": "l1"}),
        ("Normalizer", {"norm": "max"}),
    ],
)
@pytest.mark.parametrize("dataset", ["digits", "noisy"])
def test_scalers_match_sklearn(name, params, dataset, digits, noisy):
    X = digits if dataset == "digits" else noisy
    if name == "Normalizer" and dataset == "noisy":
        X = np.nan_to_num(X)
    ours, ref = _pair(name, **params)
    Xt = ours.fit_transform(X)
    Xr = ref.fit_transform(X)
    assert_allclose(Xt, Xr, rtol=1e-12, atol=1e-12)
    for attr in ("mean_", "var_", "scale_", "min_", "data_min_", "max_abs_", "center_"):
        if hasattr(ref, attr) and getattr(ref, attr) is not None:
            assert_allclose(getattr(ours, attr), getattr(ref, attr), rtol=1e-12, atol=1e-14)
    if hasattr(ref, "n_samples_seen_"):
        assert_array_equal(ours.n_samples_seen_, ref.n_samples_seen_)
    if hasattr(ref, "inverse_transform"):
        assert_allclose(ours.inverse_transform(Xt), ref.inverse_transform(Xr), rtol=1e-12)
    assert_array_equal(ours.get_feature_names_out(), ref.get_feature_names_out())


def test_standard_scaler_partial_fit_equals_fit(noisy):
    full = StandardScaler().fit(noisy)
    inc = StandardScaler()
    for chunk in np.array_split(noisy, 7):
        inc.partial_fit(chunk)
    assert_allclose(inc.mean_, full.mean_, rtol=1e-10)
    assert_allclose(inc.var_, full.var_, rtol=1e-10)
    assert_array_equal(inc.n_samples_seen_, full.n_samples_seen_)


def test_standard_scaler_partial_fit_matches_sklearn(noisy):
    sk = require("sklearn.preprocessing")
    ours, ref = StandardScaler(), sk.StandardScaler()
    for chunk in np.array_split(noisy, 5):
        ours.partial_fit(chunk)
        ref.partial_fit(chunk)
    assert_allclose(ours.mean_, ref.mean_, rtol=1e-12)
    assert_allclose(ours.var_, ref.var_, rtol=1e-10, atol=1e-20)
    assert_array_equal(ours.n_samples_seen_, ref.n_samples_seen_)


def test_standard_scaler_sample_weight(digits):
    sk = require("sklearn.preprocessing")
    w = np.random.RandomState(1).uniform(0, 3, size=digits.shape[0])
    ours = StandardScaler().fit(digits, sample_weight=w)
    ref = sk.StandardScaler().fit(digits, sample_weight=w)
    assert_allclose(ours.mean_, ref.mean_, rtol=1e-12)
    assert_allclose(ours.var_, ref.var_, rtol=1e-10, atol=1e-12)
    assert_allclose(ours.n_samples_seen_, ref.n_samples_seen_, rtol=1e-12)
    # integer weights equal repeated rows
    wi = np.random.RandomState(2).randint(0, 3, size=digits.shape[0])
    rep = StandardScaler().fit(np.repeat(digits, wi, axis=0))
    weighted = StandardScaler().fit(digits, sample_weight=wi.astype(float))
    assert_allclose(weighted.var_, rep.var_, rtol=1e-10, atol=1e-12)


def test_standard_scaler_sparse_matches_sklearn(noisy):
    sk = require("sklearn.preprocessing")
    sp = require("scipy.sparse")
    X = np.nan_to_num(noisy)
    X[X < 2] = 0
    for fmt in ("csr", "csc"):
        Xs = sp.csr_matrix(X).asformat(fmt)
        ours = StandardScaler(with_mean=False).fit(Xs)
        ref = sk.StandardScaler(with_mean=False).fit(Xs)
        assert_allclose(ours.var_, ref.var_, rtol=1e-12)
        assert_allclose(ours.transform(Xs).toarray(), ref.transform(Xs).toarray(), rtol=1e-12)
        assert_allclose(ours.var_, np.var(X, axis=0), rtol=1e-10)
    with pytest.raises(ValueError, match="Cannot center sparse matrices"):
        StandardScaler().fit(sp.csr_matrix(X))
    mabs = MaxAbsScaler().fit(sp.csr_matrix(X))
    assert_allclose(mabs.max_abs_, np.abs(X).max(axis=0))


@pytest.mark.parametrize("Est", [StandardScaler, MinMaxScaler, MaxAbsScaler, RobustScaler])
def test_float32_preserved(Est, digits):
    X32 = digits.astype(np.float32)
    Xt = Est().fit_transform(X32)
    assert Xt.dtype == np.float32
    assert_allclose(Xt, Est().fit_transform(digits), rtol=1e-5, atol=1e-5)


@pytest.mark.slow  # compiles three kernels when the numba cache is cold
def test_numba_kernels_match_numpy_path(noisy, monkeypatch):
    X = np.ascontiguousarray(np.vstack([noisy] * 4))
    numpy_path = StandardScaler().fit(X)
    Xt_numpy = numpy_path.transform(X)
    monkeypatch.setattr(data_module, "_KERNEL_MIN_SIZE", 1)
    kernel_path = StandardScaler().fit(X)
    assert_allclose(kernel_path.mean_, numpy_path.mean_, rtol=1e-13)
    assert_allclose(kernel_path.var_, numpy_path.var_, rtol=1e-12)
    assert_array_equal(kernel_path.n_samples_seen_, numpy_path.n_samples_seen_)
    Xt_kernel = kernel_path.transform(X)
    assert_allclose(Xt_kernel, Xt_numpy, rtol=1e-12, atol=1e-12)
    assert not np.shares_memory(Xt_kernel, X)
    X_copy = X.copy()
    out = kernel_path.transform(X_copy, copy=False)
    assert np.shares_memory(out, X_copy)


def test_copy_semantics_and_input_untouched(digits):
    X = digits.copy()
    StandardScaler().fit_transform(X)
    assert_array_equal(X, digits)
    Xc = digits.copy()
    out = StandardScaler(copy=False).fit(Xc).transform(Xc)
    assert np.shares_memory(out, Xc)
    lst = digits[:5].tolist()
    StandardScaler().fit(lst).transform(lst)
    assert lst == digits[:5].tolist()


def test_bad_input_leaves_fitted_scaler_unchanged(digits):
    sc = StandardScaler().fit(digits)
    before = pickle.dumps(sc)
    with pytest.raises(ValueError, match="X has 10 features, but StandardScaler is expecting 64"):
        sc.transform(digits[:, :10])
    with pytest.raises(ValueError, match="X has 10 features"):
        sc.partial_fit(digits[:, :10])
    assert pickle.dumps(sc) == before


def test_minmax_partial_fit_and_clip(noisy):
    full = MinMaxScaler().fit(noisy)
    inc = MinMaxScaler()
    for chunk in np.array_split(noisy, 4):
        inc.partial_fit(chunk)
    assert_allclose(inc.data_min_, full.data_min_)
    assert_allclose(inc.scale_, full.scale_)
    clipped = MinMaxScaler(clip=True).fit(noisy[:100]).transform(noisy)
    assert np.nanmin(clipped) >= 0 and np.nanmax(clipped) <= 1
    with pytest.raises(ValueError, match="Minimum of desired feature range"):
        MinMaxScaler(feature_range=(1, 0)).fit(noisy)


def test_functions_match_sklearn(digits):
    sk = require("sklearn.preprocessing")
    sp = require("scipy.sparse")
    assert_allclose(scale(digits), sk.scale(digits), rtol=1e-12, atol=1e-12)
    assert_allclose(minmax_scale(digits), sk.minmax_scale(digits), rtol=1e-12)
    assert_allclose(maxabs_scale(digits), sk.maxabs_scale(digits), rtol=1e-12)
    for norm in ("l1", "l2", "max"):
        for axis in (0, 1):
            assert_allclose(
                normalize(digits, norm=norm, axis=axis),
                sk.normalize(digits, norm=norm, axis=axis),
                rtol=1e-12,
            )
        Xs = sp.csr_matrix(digits)
        assert_allclose(
            normalize(Xs, norm=norm).toarray(), sk.normalize(Xs, norm=norm).toarray(), rtol=1e-12
        )
    assert_array_equal(Binarizer(threshold=3).fit_transform(digits), digits > 3)
    assert_allclose(Normalizer().fit(digits).transform(digits), sk.normalize(digits))


def test_pandas_output(digits):
    pd = require("pandas")
    df = pd.DataFrame(digits[:, :3], columns=["a", "b", "c"], index=np.arange(100, 100 + 1797))
    out = StandardScaler().set_output(transform="pandas").fit_transform(df)
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == ["a", "b", "c"]
    assert_array_equal(out.index, df.index)
    assert_allclose(out.to_numpy(), StandardScaler().fit_transform(digits[:, :3]))
