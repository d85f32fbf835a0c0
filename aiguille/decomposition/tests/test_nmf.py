"""NMF against scikit-learn on the same data, with the same initialisation and seed.

The solvers repeat scikit-learn's arithmetic in the same order (same draws, same BLAS
products, the same sweep order in the coordinate-descent kernel), so the factors agree
to ~1e-10 relative (in practice, bit for bit) in float64, and to 1e-4 in float32.
"""

import pickle
import warnings

import numpy as np
import pytest
from scipy import sparse

from aiguille.datasets import load_digits
from aiguille.decomposition import NMF, non_negative_factorization
from aiguille.exceptions import ConvergenceWarning
from aiguille.utils._testing import require

RTOL = 1e-10  # float64: max |ours - theirs| / max |theirs|


def _noisy(n=120, d=25, rank=6, seed=0):
    """Non-negative low-rank data plus non-negative noise."""
    rng = np.random.RandomState(seed)
    return np.abs(rng.normal(size=(n, rank))) @ np.abs(rng.normal(size=(rank, d))) + 0.1 * np.abs(
        rng.normal(size=(n, d))
    )


def _digits():
    return load_digits().data[:400]


def _close(a, b, rtol=RTOL):
    a, b = np.asarray(a), np.asarray(b)
    assert a.shape == b.shape
    scale = max(np.abs(b).max(), 1e-300)
    assert np.abs(a - b).max() <= rtol * scale, np.abs(a - b).max() / scale


def _fit_both(X, **params):
    skd = require("sklearn.decomposition")
    ours, ref = NMF(**params), skd.NMF(**params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", skd._nmf.ConvergenceWarning)
        W, W_ref = ours.fit_transform(X), ref.fit_transform(X)
    return ours, ref, W, W_ref


CASES = {
    "cd-nndsvda": dict(n_components=6, random_state=0, max_iter=60),
    "cd-random": dict(n_components=6, init="random", random_state=1, max_iter=60),
    "cd-nndsvdar-shuffle-reg": dict(
        n_components=6,
        init="nndsvdar",
        shuffle=True,
        alpha_W=0.01,
        alpha_H=0.02,
        l1_ratio=0.5,
        random_state=2,
        max_iter=60,
    ),
    "mu-frobenius": dict(n_components=6, solver="mu", random_state=0, max_iter=60),
    "mu-kl-reg": dict(
        n_components=6,
        solver="mu",
        beta_loss="kullback-leibler",
        alpha_W=0.01,
        l1_ratio=0.3,
        init="random",
        random_state=0,
        max_iter=60,
    ),
    "mu-beta1.5": dict(
        n_components=4, solver="mu", beta_loss=1.5, init="nndsvdar", random_state=0, max_iter=30
    ),
}


@pytest.mark.parametrize("data", ["digits", "noisy"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_sklearn(data, case):
    X = _digits() if data == "digits" else _noisy()
    ours, ref, W, W_ref = _fit_both(X, **CASES[case])
    assert ours.n_iter_ == ref.n_iter_
    assert ours.n_components_ == ref.n_components_
    _close(W, W_ref)
    _close(ours.components_, ref.components_)
    np.testing.assert_allclose(ours.reconstruction_err_, ref.reconstruction_err_, rtol=1e-10)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _close(ours.transform(X[:30]), ref.transform(X[:30]))
    _close(ours.inverse_transform(W), ref.inverse_transform(W_ref))


def test_itakura_saito_and_small_beta_match_sklearn():
    X = _noisy() + 0.05  # no zeros: required for beta <= 0
    for beta in ("itakura-saito", 0.5):
        ours, ref, W, W_ref = _fit_both(
            X,
            n_components=4,
            solver="mu",
            beta_loss=beta,
            init="random",
            random_state=0,
            max_iter=30,
        )
        _close(W, W_ref)
        _close(ours.components_, ref.components_)


@pytest.mark.parametrize("solver, beta", [("cd", "frobenius"), ("mu", "frobenius"), ("mu", 1)])
def test_sparse_input(solver, beta):
    X = _digits()[:200]
    Xs = sparse.csr_matrix(X)
    params = dict(n_components=5, solver=solver, beta_loss=beta, random_state=0, max_iter=40)
    ours, ref, W, W_ref = _fit_both(Xs, **params)
    _close(W, W_ref)
    _close(ours.components_, ref.components_)
    # dense, CSR and CSC (even with stored zeros) give the same factors
    Xc = sparse.csc_matrix(X)
    Xc.data[:5] = 0.0
    Xd = Xc.toarray()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        W_dense = NMF(**params).fit_transform(Xd)
        W_csc = NMF(**params).fit_transform(Xc)
    _close(W_csc, W_dense, rtol=1e-8)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        _close(ours.transform(Xs[:20]), ours.transform(X[:20]), rtol=1e-8)


def test_float32_is_preserved_and_close():
    X = _noisy().astype(np.float32)
    ours, ref, W, W_ref = _fit_both(X, n_components=4, random_state=0, max_iter=40)
    assert W.dtype == np.float32 and ours.components_.dtype == np.float32
    _close(W, W_ref, rtol=1e-4)
    _close(ours.components_, ref.components_, rtol=1e-4)


def test_custom_init_and_function_match_sklearn():
    skd = require("sklearn.decomposition")
    X = _noisy()
    rng = np.random.RandomState(3)
    W0, H0 = np.abs(rng.normal(size=(X.shape[0], 3))), np.abs(rng.normal(size=(3, X.shape[1])))
    W0_copy, H0_copy = W0.copy(), H0.copy()
    est = NMF(init="custom", max_iter=30, tol=0)
    W = est.fit_transform(X, W=W0, H=H0)
    W_ref = skd.NMF(init="custom", max_iter=30, tol=0).fit_transform(X, W=W0.copy(), H=H0.copy())
    _close(W, W_ref)
    assert est.n_components_ == 3  # "auto": from the shape of H
    np.testing.assert_array_equal(W0, W0_copy)  # the user's arrays are not updated in place
    np.testing.assert_array_equal(H0, H0_copy)
    for solver in ("cd", "mu"):
        W, H, n_iter = non_negative_factorization(
            X, H=H0, update_H=False, solver=solver, max_iter=30
        )
        W_ref, H_ref, n_ref = skd.non_negative_factorization(
            X, H=H0, update_H=False, solver=solver, max_iter=30
        )
        assert n_iter == n_ref
        _close(W, W_ref)
        np.testing.assert_array_equal(H, H0)


def test_cd_kernel_against_numpy():
    from aiguille.decomposition._nmf import _kernels

    rng = np.random.RandomState(0)
    n, k = 40, 5
    W = np.abs(rng.normal(size=(n, k)))
    W[::7, 2] = 0.0
    A = rng.normal(size=(30, k))
    HHt = A.T @ A
    XHt = rng.normal(size=(n, k))
    perm = np.array([3, 0, 4, 1, 2], dtype=np.intp)
    W_ref = W.copy()
    violation_ref = 0.0
    for t in perm:  # the obvious version: one column at a time, vectorised over rows
        grad = W_ref @ HHt[t] - XHt[:, t]
        pg = np.where(W_ref[:, t] == 0, np.minimum(grad, 0.0), grad)
        violation_ref += np.abs(pg).sum()
        W_ref[:, t] = np.maximum(W_ref[:, t] - grad / HHt[t, t], 0.0)
    violation = _kernels().cd_sweep(W, HHt, XHt, perm)
    np.testing.assert_allclose(W, W_ref, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(violation, violation_ref, rtol=1e-12)


def test_bad_input_and_settings():
    X = _noisy()
    Xneg = X.copy()
    Xneg[0, 0] = -1.0
    with pytest.raises(ValueError, match="Negative values in data passed to NMF initialization"):
        NMF(2).fit(Xneg)
    with pytest.raises(ValueError, match="Negative values in data passed to NMF"):
        NMF(2, init="custom").fit(Xneg, W=np.ones((X.shape[0], 2)), H=np.ones((2, X.shape[1])))
    with pytest.raises(ValueError, match="solver 'cd' does not handle beta_loss"):
        NMF(2, beta_loss="kullback-leibler").fit(X)
    Xz = X.copy()
    Xz[1, 1] = 0.0
    with pytest.raises(ValueError, match="When beta_loss <= 0 and X contains zeros"):
        NMF(2, solver="mu", beta_loss="itakura-saito").fit(Xz)
    with pytest.raises(ValueError, match="init = 'nndsvd' can only be used when"):
        NMF(30, init="nndsvd").fit(X)
    with pytest.raises(ValueError, match="Array with wrong first dimension passed to NMF"):
        NMF(2, init="custom").fit(X, W=np.ones((3, 2)), H=np.ones((2, X.shape[1])))
    with pytest.raises(ValueError, match="The 'solver' parameter of NMF must be"):
        NMF(solver="als").fit(X)
    with pytest.warns(UserWarning, match="cannot update zeros"):
        NMF(2, solver="mu", init="nndsvd", max_iter=5, tol=0).fit(X)


def test_fitted_model_intact_after_failing_calls():
    X = _noisy()
    est = NMF(3, random_state=0, max_iter=50)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        est.fit(X)
    before = pickle.dumps(est)
    Xneg = X.copy()
    Xneg[0, 0] = -1.0
    with pytest.raises(ValueError, match="Negative values in data passed to X in NMF"):
        est.transform(Xneg)
    with pytest.raises(ValueError, match="X has 3 features, but NMF is expecting 25"):
        est.transform(X[:, :3])
    with pytest.raises(ValueError, match="Input X contains NaN"):
        est.transform(np.full_like(X, np.nan))
    assert pickle.dumps(est) == before
    # a failing refit leaves the previous model as it was too
    with pytest.raises(ValueError, match="Negative values"):
        est.fit(Xneg)
    assert pickle.dumps(est) == before


def test_feature_names_out():
    X = _noisy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        est = NMF(3, max_iter=20).fit(X)
    assert list(est.get_feature_names_out()) == ["nmf0", "nmf1", "nmf2"]
