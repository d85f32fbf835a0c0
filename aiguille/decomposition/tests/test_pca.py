"""PCA, IncrementalPCA and TruncatedSVD against scikit-learn on the same data."""

import numpy as np
import pytest

from aiguille.datasets import load_digits
from aiguille.decomposition import PCA, IncrementalPCA, TruncatedSVD
from aiguille.utils._testing import require


def _noisy(n=300, d=30, rank=8, seed=0):
    # well-separated spectrum so that singular vectors are determined to high precision
    rng = np.random.RandomState(seed)
    s = 10.0 * 0.6 ** np.arange(rank)
    W = np.linalg.qr(rng.normal(size=(d, rank)))[0].T
    X = (rng.normal(size=(n, rank)) * s) @ W + 0.01 * rng.normal(size=(n, d)) + 3.0
    return X


def _digits():
    return load_digits().data


DATASETS = {"noisy": _noisy, "digits": _digits}


def _assert_same_pca(ours, ref, k, rtol=1e-8):
    np.testing.assert_allclose(
        ours.explained_variance_[:k], ref.explained_variance_[:k], rtol=rtol
    )
    np.testing.assert_allclose(
        ours.explained_variance_ratio_[:k], ref.explained_variance_ratio_[:k], rtol=rtol
    )
    np.testing.assert_allclose(ours.singular_values_[:k], ref.singular_values_[:k], rtol=rtol)
    np.testing.assert_allclose(ours.mean_, ref.mean_, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(ours.components_[:k], ref.components_[:k], atol=rtol)


@pytest.mark.parametrize("data", sorted(DATASETS))
@pytest.mark.parametrize("solver", ["full", "covariance_eigh"])
@pytest.mark.parametrize("whiten", [False, True])
def test_pca_exact_solvers_match_sklearn(data, solver, whiten):
    skd = require("sklearn.decomposition")
    X = DATASETS[data]()
    k = 5
    ours = PCA(10, svd_solver=solver, whiten=whiten).fit(X)
    ref = skd.PCA(10, svd_solver=solver, whiten=whiten).fit(X)
    # components: to 1e-8 for the full SVD; the Gram matrix squares the condition number
    _assert_same_pca(ours, ref, k, rtol=1e-8 if solver == "full" else 1e-6)
    assert ours.n_components_ == ref.n_components_
    np.testing.assert_allclose(ours.noise_variance_, ref.noise_variance_, rtol=1e-6)
    np.testing.assert_allclose(ours.transform(X)[:, :k], ref.transform(X)[:, :k], atol=1e-6)
    np.testing.assert_allclose(
        ours.fit_transform(X)[:, :k], ref.fit_transform(X)[:, :k], atol=1e-6
    )
    np.testing.assert_allclose(
        ours.inverse_transform(ours.transform(X)),
        ref.inverse_transform(ref.transform(X)),
        atol=1e-6,
    )
    np.testing.assert_allclose(ours.score(X), ref.score(X), rtol=1e-6)


def test_full_solver_exact_to_machine_precision():
    X = _noisy(n=400, d=20)
    pca = PCA(svd_solver="full").fit(X)
    Xc = X - X.mean(0)
    s = np.linalg.svd(Xc, compute_uv=False)
    np.testing.assert_allclose(pca.singular_values_, s, rtol=1e-12, atol=1e-12 * s[0])
    # components are orthonormal and reconstruct the data exactly with all components
    np.testing.assert_allclose(pca.components_ @ pca.components_.T, np.eye(20), atol=1e-13)
    np.testing.assert_allclose(pca.inverse_transform(pca.transform(X)), X, atol=1e-10)


@pytest.mark.parametrize("data", sorted(DATASETS))
def test_pca_randomized_matches_sklearn_same_seed(data):
    skd = require("sklearn.decomposition")
    X = DATASETS[data]()
    ours = PCA(5, svd_solver="randomized", random_state=0).fit(X)
    ref = skd.PCA(5, svd_solver="randomized", random_state=0).fit(X)
    # same random draws; implicit centring only changes rounding
    _assert_same_pca(ours, ref, 5, rtol=1e-7)
    np.testing.assert_allclose(ours.noise_variance_, ref.noise_variance_, rtol=1e-8)


def test_pca_arpack_matches_sklearn():
    skd = require("sklearn.decomposition")
    X = _noisy()
    ours = PCA(4, svd_solver="arpack", random_state=0).fit(X)
    ref = skd.PCA(4, svd_solver="arpack", random_state=0).fit(X)
    _assert_same_pca(ours, ref, 4, rtol=1e-7)


@pytest.mark.parametrize("n_components", [0.9, "mle", None, 3])
def test_pca_n_components_choices(n_components):
    skd = require("sklearn.decomposition")
    X = _digits()
    ours = PCA(n_components, svd_solver="full").fit(X)
    ref = skd.PCA(n_components, svd_solver="full").fit(X)
    assert ours.n_components_ == ref.n_components_
    np.testing.assert_allclose(ours.explained_variance_, ref.explained_variance_, rtol=1e-8)


def test_pca_auto_policy_matches_sklearn():
    skd = require("sklearn.decomposition")
    for shape in [(2000, 20), (300, 600), (1000, 800)]:
        X = np.random.RandomState(0).normal(size=shape)
        ours = PCA(10, random_state=0).fit(X)
        ref = skd.PCA(10, random_state=0).fit(X)
        assert ours._fit_svd_solver == ref._fit_svd_solver


def test_pca_float32_kept():
    X = _noisy().astype(np.float32)
    for solver in ["full", "covariance_eigh", "randomized"]:
        pca = PCA(3, svd_solver=solver, random_state=0).fit(X)
        assert pca.transform(X).dtype == np.float32


def test_pca_sparse_arpack_implicit_centering():
    sp = pytest.importorskip("scipy.sparse")
    skd = require("sklearn.decomposition")
    X = sp.random(200, 40, density=0.2, random_state=0, format="csr")
    ours = PCA(5, svd_solver="arpack", random_state=0).fit(X)
    ref = skd.PCA(5, svd_solver="arpack", random_state=0).fit(X)
    _assert_same_pca(ours, ref, 5, rtol=1e-7)
    with pytest.raises(TypeError, match="sparse inputs"):
        PCA(5, svd_solver="full").fit(X)


def test_pca_bad_n_components():
    with pytest.raises(ValueError, match="n_components=50 must be between 0 and"):
        PCA(50, svd_solver="full").fit(_noisy(n=30, d=10))


@pytest.mark.parametrize("data", sorted(DATASETS))
def test_incremental_pca_matches_sklearn(data):
    skd = require("sklearn.decomposition")
    X = DATASETS[data]()
    ours = IncrementalPCA(5, batch_size=100).fit(X)
    ref = skd.IncrementalPCA(5, batch_size=100).fit(X)
    _assert_same_pca(ours, ref, 5, rtol=1e-7)
    np.testing.assert_allclose(ours.var_, ref.var_, rtol=1e-10)
    assert ours.n_samples_seen_ == ref.n_samples_seen_


def test_incremental_pca_partial_fit_equals_fit():
    X = _noisy()
    a = IncrementalPCA(4, batch_size=50).fit(X)
    b = IncrementalPCA(4)
    for i in range(0, len(X), 50):
        b.partial_fit(X[i : i + 50])
    np.testing.assert_allclose(a.components_, b.components_, atol=1e-12)
    np.testing.assert_allclose(a.explained_variance_, b.explained_variance_, rtol=1e-12)
    with pytest.raises(ValueError, match="X has 3 features"):
        b.partial_fit(X[:10, :3])


@pytest.mark.parametrize("blas_threads", [1, 2])
def test_incremental_pca_tall_batches_qr_and_pipeline(monkeypatch, blas_threads):
    # batches of at least twice as many rows as features are reduced to their R factor;
    # with two BLAS threads, fit factorises the next batches on a second thread
    skd = require("sklearn.decomposition")
    from aiguille.decomposition import _incremental_pca

    monkeypatch.setattr(_incremental_pca, "blas_threads", lambda: blas_threads)
    X = _noisy(n=2050, d=40, rank=8, seed=7)
    ours = IncrementalPCA(6, batch_size=200).fit(X)
    ref = skd.IncrementalPCA(6, batch_size=200).fit(X)
    _assert_same_pca(ours, ref, 6, rtol=1e-8)
    np.testing.assert_allclose(ours.noise_variance_, ref.noise_variance_, rtol=1e-8)
    np.testing.assert_allclose(ours.var_, ref.var_, rtol=1e-10)
    streamed = IncrementalPCA(6)
    for i in range(0, len(X), 200):
        streamed.partial_fit(X[i : i + 200])  # the last batch (50 rows) is not tall
    np.testing.assert_array_equal(streamed.components_, ours.components_)
    np.testing.assert_array_equal(streamed.singular_values_, ours.singular_values_)


@pytest.mark.parametrize("algorithm", ["randomized", "arpack"])
def test_truncated_svd_matches_sklearn(algorithm):
    sp = pytest.importorskip("scipy.sparse")
    skd = require("sklearn.decomposition")
    for X in [sp.random(300, 60, density=0.1, random_state=0, format="csr"), _digits()]:
        ours = TruncatedSVD(5, algorithm=algorithm, random_state=0).fit(X)
        ref = skd.TruncatedSVD(5, algorithm=algorithm, random_state=0).fit(X)
        np.testing.assert_allclose(ours.singular_values_, ref.singular_values_, rtol=1e-7)
        np.testing.assert_allclose(ours.components_, ref.components_, atol=1e-6)
        np.testing.assert_allclose(
            ours.explained_variance_ratio_, ref.explained_variance_ratio_, rtol=1e-6
        )
        np.testing.assert_allclose(ours.transform(X), ref.transform(X), atol=1e-6)


@pytest.fixture
def _three_qr_blocks(monkeypatch):
    # force the TSQR path with three row blocks (two merges), whatever the BLAS threads
    from aiguille.decomposition import _pca

    monkeypatch.setattr(_pca, "blas_threads", lambda: 3)


@pytest.mark.parametrize("n_components", [5, 0.95, "mle", None])
@pytest.mark.parametrize("whiten", [False, True])
def test_full_tall_tsqr_matches_sklearn(_three_qr_blocks, n_components, whiten):
    skd = require("sklearn.decomposition")
    from aiguille.decomposition import _pca

    X = _noisy(n=3600, d=120, rank=8, seed=1)
    assert X.shape[0] * X.shape[1] ** 2 >= 5e7 and X.shape[0] // (2 * X.shape[1]) >= 3
    R = _pca._tall_r(X, X.mean(0))
    s = np.linalg.svd(X - X.mean(0), compute_uv=False)
    np.testing.assert_allclose(
        np.linalg.svd(R, compute_uv=False), s, rtol=1e-12, atol=1e-12 * s[0]
    )
    ours = PCA(n_components, svd_solver="full", whiten=whiten).fit(X)
    ref = skd.PCA(n_components, svd_solver="full", whiten=whiten).fit(X)
    assert ours.n_components_ == ref.n_components_
    _assert_same_pca(ours, ref, min(5, ref.n_components_), rtol=1e-8)
    np.testing.assert_allclose(ours.noise_variance_, ref.noise_variance_, rtol=1e-8)
    np.testing.assert_allclose(ours.transform(X)[:, :5], ref.transform(X)[:, :5], atol=1e-8)


def test_full_wide_matches_sklearn():
    skd = require("sklearn.decomposition")
    X = _noisy(n=60, d=300, rank=8, seed=2)
    X0 = X.copy()
    ours = PCA(5, svd_solver="full", copy=False).fit(X)
    ref = skd.PCA(5, svd_solver="full").fit(X0)
    _assert_same_pca(ours, ref, 5, rtol=1e-8)
    np.testing.assert_allclose(ours.noise_variance_, ref.noise_variance_, rtol=1e-8)
    np.testing.assert_array_equal(X, X0)  # the full solver never writes into X


def test_full_copy_false_leaves_x_and_fit_transform_right(_three_qr_blocks):
    X = _noisy(n=3600, d=120, seed=3)
    X0 = X.copy()
    pca = PCA(5, svd_solver="full", copy=False)
    Z = pca.fit_transform(X)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_allclose(Z, (X0 - X0.mean(0)) @ pca.components_.T, atol=1e-10)


@pytest.mark.parametrize("solver", ["full", "randomized"])
def test_float32_matches_sklearn(solver):
    skd = require("sklearn.decomposition")
    X = _noisy(n=1500, d=120, seed=4).astype(np.float32)
    ours = PCA(5, svd_solver=solver, random_state=0).fit(X)
    ref = skd.PCA(5, svd_solver=solver, random_state=0).fit(X)
    assert ours.components_.dtype == np.float32
    assert ours.transform(X).dtype == np.float32
    np.testing.assert_allclose(ours.explained_variance_, ref.explained_variance_, rtol=1e-4)
    np.testing.assert_allclose(ours.components_, ref.components_, atol=1e-4)


@pytest.mark.parametrize("whiten", [False, True])
@pytest.mark.parametrize("normalizer", ["auto", "QR", "LU"])
def test_randomized_gram_path_matches_sklearn(whiten, normalizer):
    skd = require("sklearn.decomposition")
    from aiguille.decomposition import _pca

    X = _noisy(n=2000, d=100, rank=8, seed=5)
    assert _pca._use_gram_range_finder(X, 15, 7, normalizer)
    kw = dict(svd_solver="randomized", whiten=whiten, random_state=0)
    kw["power_iteration_normalizer"] = normalizer
    ours = PCA(5, **kw).fit(X)
    ref = skd.PCA(5, **kw).fit(X)
    _assert_same_pca(ours, ref, 5, rtol=1e-8)
    np.testing.assert_allclose(ours.noise_variance_, ref.noise_variance_, rtol=1e-8)
    np.testing.assert_allclose(ours.transform(X), ref.transform(X), atol=1e-8)


def test_randomized_gram_path_not_for_none_float32_sparse_or_wide():
    from scipy import sparse

    from aiguille.decomposition import _pca

    X = _noisy(n=2000, d=100)
    assert not _pca._use_gram_range_finder(X, 15, 7, "none")
    assert not _pca._use_gram_range_finder(X.astype(np.float32), 15, 7, "auto")
    assert not _pca._use_gram_range_finder(sparse.csr_matrix(X), 15, 7, "auto")
    assert not _pca._use_gram_range_finder(X[:50], 15, 7, "auto")
    # many features for few random vectors: the direct method costs fewer flops
    assert not _pca._use_gram_range_finder(X, 5, 1, "auto")


def test_randomized_gram_fallback_rank_deficient_same_draws():
    # rank 8 < n_components + n_oversamples: Z^T G Z is singular, the direct method runs
    # with the random numbers it would have drawn anyway
    skd = require("sklearn.decomposition")
    from aiguille.decomposition import _pca

    rng = np.random.RandomState(6)
    X = rng.normal(size=(1000, 8)) @ rng.normal(size=(8, 60)) + 2.0
    rs = np.random.RandomState(0)
    assert _pca._randomized_gram_svd(X, X.mean(0), 5, 10, 7, rs) is None
    ours = PCA(5, svd_solver="randomized", random_state=0).fit(X)
    ref = skd.PCA(5, svd_solver="randomized", random_state=0).fit(X)
    _assert_same_pca(ours, ref, 5, rtol=1e-7)


@pytest.mark.parametrize("dtype, tol", [(np.float64, 1e-12), (np.float32, 1e-4)])
def test_top_svd_vt_matches_gesdd(dtype, tol):
    from scipy import linalg

    from aiguille.decomposition import _pca
    from aiguille.utils.extmath import svd_flip

    rng = np.random.RandomState(7)
    R = np.triu(rng.normal(size=(200, 200)) * 0.95 ** np.arange(200)).astype(dtype)
    top = _pca._top_svd_vt(R, 12)
    if top is None:
        pytest.skip("this LAPACK has no gesvdx that aiguille can reach")
    S, Vt = top
    _, S0, Vt0 = linalg.svd(R)
    assert S.dtype == Vt.dtype == dtype and Vt.shape == (12, 200)
    np.testing.assert_allclose(S, S0[:12], rtol=tol)
    np.testing.assert_allclose(
        svd_flip(None, Vt, False)[1], svd_flip(None, Vt0[:12], False)[1], atol=tol
    )


def test_full_without_gesvdx_matches_sklearn(monkeypatch):
    skd = require("sklearn.decomposition")
    from aiguille.decomposition import _pca

    monkeypatch.setattr(_pca, "_lapacke_gesvdx", lambda dtype: None)
    X = _noisy(n=3600, d=120, rank=8, seed=8)
    ours = PCA(5, svd_solver="full").fit(X)
    ref = skd.PCA(5, svd_solver="full").fit(X)
    _assert_same_pca(ours, ref, 5, rtol=1e-8)
    np.testing.assert_allclose(ours.noise_variance_, ref.noise_variance_, rtol=1e-8)
