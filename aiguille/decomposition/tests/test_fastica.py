"""FastICA against scikit-learn on the same data and seed.

The whitening, the initial draws and the fixed-point updates are scikit-learn's, so the
sources agree with the same signs and order, to 1e-10 relative in float64 (in practice
bit for bit; "eigh" whitening forms the Gram matrix slightly differently: ~1e-14).
"""

import pickle
import warnings

import numpy as np
import pytest

from aiguille.datasets import load_digits
from aiguille.decomposition import FastICA, fastica
from aiguille.exceptions import ConvergenceWarning
from aiguille.utils._testing import require

RTOL = 1e-10  # max |ours - theirs| / max |theirs|


def _noisy(n=1000, seed=0):
    """Four non-Gaussian sources mixed into six noisy features."""
    rng = np.random.RandomState(seed)
    t = np.linspace(0, 8, n)
    S = np.c_[np.sin(2 * t), np.sign(np.sin(3 * t)), rng.laplace(size=n), rng.uniform(-1, 1, n)]
    A = rng.normal(size=(4, 6))
    return S, S @ A + 0.05 * rng.normal(size=(n, 6))


def _digits():
    return load_digits().data[:600]


def _close(a, b, rtol=RTOL):
    a, b = np.asarray(a), np.asarray(b)
    assert a.shape == b.shape
    scale = np.abs(b).max()
    assert np.abs(a - b).max() <= rtol * scale, np.abs(a - b).max() / scale


def _fit_both(X, **params):
    skd = require("sklearn.decomposition")
    ours, ref = FastICA(**params), skd.FastICA(**params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", skd._fastica.ConvergenceWarning)
        S, S_ref = ours.fit_transform(X), ref.fit_transform(X)
    return ours, ref, S, S_ref


CASES = {
    "parallel-logcosh": dict(n_components=4, random_state=0, max_iter=50),
    "parallel-cube-arbitrary": dict(
        n_components=4, fun="cube", whiten="arbitrary-variance", random_state=1, max_iter=50
    ),
    "deflation-exp": dict(n_components=3, algorithm="deflation", fun="exp", random_state=0),
    "parallel-alpha": dict(n_components=3, fun_args={"alpha": 1.5}, random_state=2, max_iter=50),
}


@pytest.mark.parametrize("data", ["digits", "noisy"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_sklearn(data, case):
    X = _digits() if data == "digits" else _noisy()[1]
    ours, ref, S, S_ref = _fit_both(X, **CASES[case])
    assert ours.n_iter_ == ref.n_iter_
    _close(S, S_ref)
    _close(ours.components_, ref.components_)
    _close(ours.mixing_, ref.mixing_)
    _close(ours.whitening_, ref.whitening_)
    _close(ours.mean_, ref.mean_)
    _close(ours.transform(X[:50]), ref.transform(X[:50]))
    _close(ours.inverse_transform(S[:50]), ref.inverse_transform(S_ref[:50]))


def test_eigh_whitening_and_no_whitening_match_sklearn():
    _, X = _noisy()
    ours, ref, S, S_ref = _fit_both(X, n_components=4, whiten_solver="eigh", random_state=0)
    _close(S, S_ref, rtol=1e-8)
    _close(ours.mixing_, ref.mixing_, rtol=1e-8)
    # whiten=False: the data are taken as white; n_components is ignored
    Xw = FastICA(whiten="arbitrary-variance", random_state=0).fit(X)
    Z = (X - Xw.mean_) @ Xw.whitening_.T
    with pytest.warns(UserWarning, match="Ignoring n_components with whiten=False"):
        ours = FastICA(n_components=2, whiten=False, random_state=0).fit(Z)
    ref = require("sklearn.decomposition").FastICA(whiten=False, random_state=0).fit(Z)
    assert ours.components_.shape == (6, 6)
    assert not hasattr(ours, "mean_")
    _close(ours.components_, ref.components_)
    _close(ours.transform(Z), ref.transform(Z))


def test_recovers_sources_and_function_form():
    S_true, X = _noisy()
    K, W, S, X_mean, n_iter = fastica(
        X, n_components=4, random_state=0, return_X_mean=True, return_n_iter=True
    )
    assert K.shape == (4, 6) and W.shape == (4, 4) and S.shape == (1000, 4)
    np.testing.assert_allclose(X_mean, X.mean(axis=0), rtol=1e-12)
    corr = np.abs(np.corrcoef(S_true.T, S.T)[:4, 4:])
    assert np.all(corr.max(axis=1) > 0.95)  # each true source found
    np.testing.assert_allclose(S.std(axis=0), 1.0, rtol=1e-10)  # unit-variance
    ref = require("sklearn.decomposition").fastica(X, n_components=4, random_state=0)
    for ours, theirs in zip((K, W, S), ref):
        _close(ours, theirs)


def test_callable_fun_and_w_init():
    _, X = _noisy()

    def g(x, power=3):
        return x**power, (power * x ** (power - 1)).mean(axis=-1)

    w_init = np.random.RandomState(5).normal(size=(3, 3))
    ours, ref, S, S_ref = _fit_both(
        X, n_components=3, fun=g, fun_args={"power": 3}, w_init=w_init, max_iter=50
    )
    _close(S, S_ref)
    with pytest.raises(ValueError, match=r"w_init has invalid shape -- should be \(3, 3\)"):
        FastICA(n_components=3, w_init=np.eye(2)).fit(X)


def test_float32_is_preserved_and_close():
    _, X = _noisy()
    ours, ref, S, S_ref = _fit_both(X.astype(np.float32), n_components=4, random_state=0)
    assert S.dtype == np.float32 and ours.components_.dtype == np.float32
    _close(S, S_ref, rtol=1e-4)


def test_bad_input_and_settings():
    _, X = _noisy()
    with pytest.raises(ValueError, match=r"alpha must be in \[1,2\]"):
        FastICA(fun_args={"alpha": 3}).fit(X)
    with pytest.raises(ValueError, match="The 'whiten' parameter of FastICA must be"):
        FastICA(whiten=True).fit(X)
    with pytest.raises(ValueError, match=r"Found array with 1 sample\(s\)"):
        FastICA().fit(X[:1])
    with pytest.warns(UserWarning, match="n_components is too large: it will be set to 6"):
        FastICA(n_components=10, random_state=0).fit(X)
    with pytest.warns(ConvergenceWarning, match="FastICA did not converge"):
        FastICA(random_state=0, max_iter=2).fit(X)


def test_fitted_model_intact_after_failing_calls():
    _, X = _noisy()
    est = FastICA(n_components=3, random_state=0).fit(X)
    before = pickle.dumps(est)
    Xnan = X.copy()
    Xnan[0, 0] = np.nan
    with pytest.raises(ValueError, match="Input X contains NaN"):
        est.transform(Xnan)
    with pytest.raises(ValueError, match="X has 3 features, but FastICA is expecting 6"):
        est.transform(X[:, :3])
    X_copy = X.copy()
    est.transform(X)
    np.testing.assert_array_equal(X, X_copy)  # transform does not centre X in place
    with pytest.raises(ValueError, match="alpha must be in"):
        est.set_params(fun_args={"alpha": 0.5}).fit(X)
    est.set_params(fun_args=None)
    assert pickle.dumps(est) == before
    assert list(est.get_feature_names_out()) == ["fastica0", "fastica1", "fastica2"]


def test_left_singular_by_qr_and_its_fallback():
    # XT's left singular vectors as R's right ones (no n_features x n_samples factor);
    # a constant first feature makes the sign test noise: then scipy's svd runs as is
    from scipy import linalg

    from aiguille.decomposition._fastica import _left_singular

    rng = np.random.RandomState(0)
    XT = rng.standard_normal((6, 500)) * np.arange(1, 7)[:, None]
    XT -= XT.mean(axis=1, keepdims=True)
    u, d = _left_singular(XT, 4)
    u_ref, d_ref = linalg.svd(XT, full_matrices=False)[:2]
    np.testing.assert_allclose(d, d_ref, rtol=1e-12)
    np.testing.assert_allclose(np.abs(u.T @ u_ref), np.eye(6), atol=1e-10)
    XT[0] = 0.0
    u, d = _left_singular(XT, 4)
    u_ref, d_ref = linalg.svd(XT, full_matrices=False)[:2]
    np.testing.assert_array_equal(u, u_ref)
    np.testing.assert_array_equal(d, d_ref)
