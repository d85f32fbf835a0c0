"""Spectral clustering: k-means (or a discretisation) on the normalised Laplacian's eigenvectors.

The embedding follows scikit-learn's ``_spectral_embedding`` step by step (symmetric
normalised Laplacian, its diagonal set to 1, ARPACK in shift-invert mode around ``-1e-5``
started from ``random_state.uniform(-1, 1, n)``, or LOBPCG started from a standard normal
block, then ``u = D^-1/2 x`` and a deterministic sign flip), so that the same
``random_state`` draws the same numbers and gives the same labels.
"""

import warnings
from numbers import Integral, Real

import numpy as np

from ..base import BaseEstimator, ClusterMixin
from ..utils._param_validation import Interval, StrOptions, validate_params
from ..utils.validation import check_random_state, issparse, validate_data

__all__ = ["SpectralClustering", "spectral_clustering"]

# The kernels of ``aiguille.metrics.pairwise.PAIRWISE_KERNEL_FUNCTIONS`` (spelled out here so
# that importing aiguille.cluster does not load the metrics package).
_KERNELS = {"cosine", "laplacian", "linear", "poly", "polynomial", "rbf", "sigmoid"}
_GRAPH_AFFINITIES = {"nearest_neighbors", "precomputed", "precomputed_nearest_neighbors"}


# -- spectral embedding --------------------------------------------------------------------


def _check_symmetric(adjacency, tol=1e-10):
    """The average of ``adjacency`` and its transpose when they differ (with a warning)."""
    if adjacency.ndim != 2 or adjacency.shape[0] != adjacency.shape[1]:
        raise ValueError(f"array must be 2-dimensional and square. shape = {adjacency.shape}")
    if issparse(adjacency):
        diff = adjacency - adjacency.T
        if diff.format not in ("csr", "csc", "coo"):
            diff = diff.tocsr()
        symmetric = np.all(abs(diff.data) < tol)
    else:
        symmetric = np.allclose(adjacency, adjacency.T, atol=tol)
    if symmetric:
        return adjacency
    warnings.warn(
        "Array is not symmetric, and will be converted to symmetric by average with its "
        "transpose.",
        stacklevel=4,
    )
    if issparse(adjacency):
        return getattr(0.5 * (adjacency + adjacency.T), "to" + adjacency.format)()
    return 0.5 * (adjacency + adjacency.T)


def _graph_is_connected(graph):
    from scipy.sparse.csgraph import connected_components

    n_components, _ = connected_components(graph)
    return n_components == 1


def _set_diag(laplacian, value, norm_laplacian):
    """Set the Laplacian's diagonal; a sparse one becomes DIA (at most 7 bands) or CSR."""
    n_nodes = laplacian.shape[0]
    if not issparse(laplacian):
        if norm_laplacian:
            laplacian.flat[:: n_nodes + 1] = value
        return laplacian
    laplacian = laplacian.tocoo()
    if norm_laplacian:
        laplacian.data[laplacian.row == laplacian.col] = value
    n_diags = np.unique(laplacian.row - laplacian.col).size
    return laplacian.todia() if n_diags <= 7 else laplacian.tocsr()


def _deterministic_vector_sign_flip(u):
    """Flip each row of ``u`` so that its entry of largest magnitude is positive."""
    max_abs_rows = np.argmax(np.abs(u), axis=1)
    signs = np.sign(u[np.arange(u.shape[0]), max_abs_rows])
    u *= signs[:, np.newaxis]
    return u


def _as_float(a):
    if issparse(a):
        return a if a.dtype in (np.float32, np.float64) else a.astype(np.float64)
    a = np.asarray(a)
    return a if a.dtype in (np.float32, np.float64) else a.astype(np.float64)


def _spectral_embedding(
    adjacency,
    *,
    n_components,
    eigen_solver,
    random_state,
    eigen_tol,
    norm_laplacian=True,
    drop_first=True,
):
    """The first eigenvectors of the graph Laplacian, as rows ``(n_components, n)`` transposed."""
    from scipy.linalg import eigh
    from scipy.sparse.csgraph import laplacian as csgraph_laplacian
    from scipy.sparse.linalg import eigsh, lobpcg

    adjacency = _check_symmetric(adjacency)
    if eigen_solver == "amg":
        raise ValueError(
            "The eigen_solver was set to 'amg', which needs pyamg: aiguille does not support "
            "pyamg. Use eigen_solver='arpack' or 'lobpcg'."
        )
    if eigen_solver is None:
        eigen_solver = "arpack"
    n_nodes = adjacency.shape[0]
    if drop_first:
        n_components = n_components + 1
    if not _graph_is_connected(adjacency):
        warnings.warn(
            "Graph is not fully connected, spectral embedding may not work as expected.",
            stacklevel=3,
        )
    laplacian, dd = csgraph_laplacian(adjacency, normed=norm_laplacian, return_diag=True)

    if eigen_solver == "arpack":
        laplacian = _set_diag(laplacian, 1, norm_laplacian)
        try:
            tol = 0 if eigen_tol == "auto" else eigen_tol
            # scikit-learn's ``_init_arpack_v0``: one uniform draw from the shared state
            v0 = random_state.uniform(-1, 1, laplacian.shape[0])
            if issparse(laplacian) and laplacian.format != "csr":
                laplacian = laplacian.tocsr()
            laplacian = _as_float(laplacian)
            _, diffusion_map = eigsh(
                laplacian, k=n_components, sigma=-1e-5, which="LM", tol=tol, v0=v0
            )
            embedding = diffusion_map.T[:n_components]
            if norm_laplacian:
                embedding = embedding / dd
        except RuntimeError:  # pragma: no cover - ARPACK failures are rare
            warnings.warn("ARPACK has failed, falling back to LOBPCG.", RuntimeWarning)
            eigen_solver = "lobpcg"

    if eigen_solver == "lobpcg":
        laplacian = _as_float(laplacian)
        if n_nodes < 5 * n_components + 1:
            if issparse(laplacian):
                laplacian = laplacian.toarray()
            _, diffusion_map = eigh(laplacian, check_finite=False)
            embedding = diffusion_map.T[:n_components]
            if norm_laplacian:
                embedding = embedding / dd
        else:
            laplacian = _set_diag(laplacian, 1, norm_laplacian)
            X = random_state.standard_normal(size=(laplacian.shape[0], n_components + 1))
            X[:, 0] = dd.ravel()
            X = X.astype(laplacian.dtype)
            tol = None if eigen_tol == "auto" else eigen_tol
            _, diffusion_map = lobpcg(laplacian, X, tol=tol, largest=False, maxiter=2000)
            embedding = diffusion_map.T[:n_components]
            if norm_laplacian:
                embedding = embedding / dd
            if embedding.shape[0] == 1:
                raise ValueError

    embedding = _deterministic_vector_sign_flip(embedding)
    if drop_first:
        return embedding[1:n_components].T
    return embedding[:n_components].T


# -- label assignment ----------------------------------------------------------------------


def _cluster_qr(vectors):
    """Labels from a column-pivoted QR of the embedding (Damle, Minden and Ying, 2019)."""
    from scipy.linalg import qr, svd

    k = vectors.shape[1]
    _, _, piv = qr(vectors.T, pivoting=True)
    ut, _, v = svd(vectors[piv[:k], :].T)
    vectors = abs(np.dot(vectors, np.dot(ut, v.conj())))
    return vectors.argmax(axis=1)


def _discretize(vectors, *, copy=True, max_svd_restarts=30, n_iter_max=20, random_state=None):
    """The partition matrix closest to the embedding up to a rotation (Yu and Shi, 2003)."""
    from scipy.linalg import LinAlgError
    from scipy.sparse import csc_array

    random_state = check_random_state(random_state)
    vectors = np.array(vectors, dtype=np.float64, copy=copy)
    eps = np.finfo(float).eps
    n_samples, n_components = vectors.shape
    norm_ones = np.sqrt(n_samples)
    for i in range(n_components):
        vectors[:, i] = (vectors[:, i] / np.linalg.norm(vectors[:, i])) * norm_ones
        if vectors[0, i] != 0:
            vectors[:, i] = -1 * vectors[:, i] * np.sign(vectors[0, i])
    vectors = vectors / np.sqrt((vectors**2).sum(axis=1))[:, np.newaxis]
    svd_restarts = 0
    has_converged = False
    while (svd_restarts < max_svd_restarts) and not has_converged:
        rotation = np.zeros((n_components, n_components))
        rotation[:, 0] = vectors[random_state.randint(n_samples), :].T
        c = np.zeros(n_samples)
        for j in range(1, n_components):
            c += np.abs(np.dot(vectors, rotation[:, j - 1]))
            rotation[:, j] = vectors[c.argmin(), :].T
        last_objective_value = 0.0
        n_iter = 0
        while not has_converged:
            n_iter += 1
            t_discrete = np.dot(vectors, rotation)
            labels = t_discrete.argmax(axis=1)
            vectors_discrete = csc_array(
                (np.ones(len(labels)), (np.arange(0, n_samples), labels)),
                shape=(n_samples, n_components),
            )
            t_svd = vectors_discrete.T @ vectors
            try:
                U, S, Vh = np.linalg.svd(t_svd)
            except LinAlgError:  # pragma: no cover
                svd_restarts += 1
                print("SVD did not converge, randomizing and trying again")
                break
            ncut_value = 2.0 * (n_samples - S.sum())
            if (abs(ncut_value - last_objective_value) < eps) or (n_iter > n_iter_max):
                has_converged = True
            else:
                last_objective_value = ncut_value
                rotation = np.dot(Vh.T, U.T)
    if not has_converged:  # pragma: no cover
        raise LinAlgError("SVD did not converge")
    return labels


def _precomputed_knn_connectivity(D, n_neighbors):
    """Connectivity (CSR, ones) of the ``n_neighbors`` nearest of each row of distances ``D``.

    As scikit-learn's ``NearestNeighbors(metric="precomputed").kneighbors_graph(D)``: a dense
    ``D`` takes ``np.argpartition``'s choice; a sparse one its stored entries in a stable sort
    (missing entries are not neighbours).
    """
    from scipy import sparse

    n_samples = D.shape[0]
    if issparse(D):
        D = D.tocsr()
        if np.any(D.data < 0):
            raise ValueError("Negative values in data passed to precomputed distance matrix.")
        row_nnz = np.diff(D.indptr)
        if row_nnz.min() < n_neighbors:
            raise ValueError(
                f"{n_neighbors} neighbors per samples are required, but some samples have only "
                f"{row_nnz.min()} neighbors in precomputed graph matrix. Decrease number of "
                "neighbors used or recompute the graph with more neighbors."
            )
        ind = np.empty((n_samples, n_neighbors), dtype=np.int64)
        for i in range(n_samples):
            lo, hi = D.indptr[i], D.indptr[i + 1]
            order = np.argsort(D.data[lo:hi], kind="mergesort")[:n_neighbors]
            ind[i] = D.indices[lo:hi][order]
    else:
        if np.any(D < 0):
            raise ValueError("Negative values in data passed to precomputed distance matrix.")
        if n_neighbors > D.shape[1]:
            raise ValueError(
                f"Expected n_neighbors <= n_samples_fit, but n_neighbors = {n_neighbors}, "
                f"n_samples_fit = {D.shape[1]}, n_samples = {n_samples}"
            )
        ind = np.argpartition(D, n_neighbors - 1, axis=1)[:, :n_neighbors]
    indptr = np.arange(0, n_samples * n_neighbors + 1, n_neighbors)
    data = np.ones(n_samples * n_neighbors)
    return sparse.csr_matrix((data, ind.ravel(), indptr), shape=(n_samples, D.shape[1]))


@validate_params({"affinity": ["array-like", "sparse matrix"]})
def spectral_clustering(
    affinity,
    *,
    n_clusters=8,
    n_components=None,
    eigen_solver=None,
    random_state=None,
    n_init=10,
    eigen_tol="auto",
    assign_labels="kmeans",
    verbose=False,
):
    """Cluster a projection of the normalised Laplacian of an affinity matrix.

    Parameters
    ----------
    affinity : {array-like, sparse matrix} of shape (n_samples, n_samples)
        Symmetric affinities (an adjacency matrix, a heat kernel, a symmetric k-NN graph).
    n_clusters, n_components, eigen_solver, random_state, n_init, eigen_tol, \
assign_labels, verbose
        As in :class:`SpectralClustering`.

    Returns
    -------
    labels : ndarray of shape (n_samples,)
        Cluster of each sample.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.metrics.pairwise import rbf_kernel
    >>> from aiguille.cluster import spectral_clustering
    >>> X = np.array([[1, 1], [2, 1], [1, 0], [4, 7], [3, 5], [3, 6]])
    >>> spectral_clustering(
    ...     rbf_kernel(X, gamma=1.0), n_clusters=2, assign_labels="discretize", random_state=0
    ... )
    array([1, 1, 1, 0, 0, 0])
    """
    return (
        SpectralClustering(
            n_clusters=n_clusters,
            n_components=n_components,
            eigen_solver=eigen_solver,
            random_state=random_state,
            n_init=n_init,
            affinity="precomputed",
            eigen_tol=eigen_tol,
            assign_labels=assign_labels,
            verbose=verbose,
        )
        .fit(affinity)
        .labels_
    )


class SpectralClustering(ClusterMixin, BaseEstimator):
    """Spectral clustering: cluster a projection of the normalised graph Laplacian.

    An affinity matrix is built from the samples (an RBF or other kernel, or a symmetrised
    k-nearest-neighbours graph) or given; the eigenvectors of its normalised Laplacian with
    the smallest eigenvalues embed the samples, and k-means (or a discretisation, or a QR
    pivoting) labels the embedding. Suited to non-convex clusters such as nested circles.

    Parameters
    ----------
    n_clusters : int, default=8
        Number of clusters.
    eigen_solver : {"arpack", "lobpcg", "amg"}, default=None
        Eigenvalue solver (None: "arpack"). "amg" needs pyamg, which aiguille does not
        support: it raises a ValueError.
    n_components : int, default=None
        Number of eigenvectors of the embedding (None: ``n_clusters``).
    random_state : int, RandomState instance or None, default=None
        Seeds ARPACK's start vector, LOBPCG's start block and the label assignment (the
        same draws as scikit-learn).
    n_init : int, default=10
        Runs of k-means with different seeds (``assign_labels="kmeans"``).
    gamma : float, default=1.0
        Kernel coefficient of the rbf, poly, sigmoid and laplacian kernels.
    affinity : str or callable, default="rbf"
        "rbf" (``exp(-gamma ||x - y||^2)``), another kernel of
        :func:`aiguille.metrics.pairwise.pairwise_kernels` ("linear", "poly", "polynomial",
        "sigmoid", "laplacian", "cosine"), "nearest_neighbors" (the k-NN connectivity graph
        ``A``, symmetrised as ``0.5 * (A + A.T)``), "precomputed" (X is the affinity matrix),
        "precomputed_nearest_neighbors" (X holds distances; the connectivity of the
        ``n_neighbors`` nearest, symmetrised), or a callable taking two rows.
    n_neighbors : int, default=10
        Neighbours of the nearest-neighbours graphs.
    eigen_tol : float or "auto", default="auto"
        Eigensolver tolerance ("auto": 0 for ARPACK, LOBPCG's own default).
    assign_labels : {"kmeans", "discretize", "cluster_qr"}, default="kmeans"
        How the embedding becomes labels.
    degree : float, default=3
        Degree of the polynomial kernel.
    coef0 : float, default=1
        Independent term of the polynomial and sigmoid kernels.
    kernel_params : dict, default=None
        Keyword arguments of a callable affinity.
    n_jobs : int, default=None
        Parallel jobs for the neighbours search and the kernel.
    verbose : bool, default=False
        Print progress.

    Attributes
    ----------
    affinity_matrix_ : {ndarray, sparse matrix} of shape (n_samples, n_samples)
        The affinity matrix used.
    labels_ : ndarray of shape (n_samples,)
        Cluster of each sample.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of the features seen during fit, when they are all strings.

    Examples
    --------
    >>> from aiguille.cluster import SpectralClustering
    >>> import numpy as np
    >>> X = np.array([[1, 1], [2, 1], [1, 0], [4, 7], [3, 5], [3, 6]])
    >>> clustering = SpectralClustering(
    ...     n_clusters=2, assign_labels="discretize", random_state=0
    ... ).fit(X)
    >>> clustering.labels_
    array([1, 1, 1, 0, 0, 0])
    """

    _parameter_constraints: dict = {
        "n_clusters": [Interval(Integral, 1, None, closed="left")],
        "eigen_solver": [StrOptions({"arpack", "lobpcg", "amg"}), None],
        "n_components": [Interval(Integral, 1, None, closed="left"), None],
        "random_state": ["random_state"],
        "n_init": [Interval(Integral, 1, None, closed="left")],
        "gamma": [Interval(Real, 0, None, closed="left")],
        "affinity": [callable, StrOptions(_KERNELS | _GRAPH_AFFINITIES)],
        "n_neighbors": [Interval(Integral, 1, None, closed="left")],
        "eigen_tol": [Interval(Real, 0.0, None, closed="left"), StrOptions({"auto"})],
        "assign_labels": [StrOptions({"kmeans", "discretize", "cluster_qr"})],
        "degree": [Interval(Real, 0, None, closed="left")],
        "coef0": [Interval(Real, None, None, closed="neither")],
        "kernel_params": [dict, None],
        "n_jobs": [Integral, None],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        n_clusters=8,
        *,
        eigen_solver=None,
        n_components=None,
        random_state=None,
        n_init=10,
        gamma=1.0,
        affinity="rbf",
        n_neighbors=10,
        eigen_tol="auto",
        assign_labels="kmeans",
        degree=3,
        coef0=1,
        kernel_params=None,
        n_jobs=None,
        verbose=False,
    ):
        self.n_clusters = n_clusters
        self.eigen_solver = eigen_solver
        self.n_components = n_components
        self.random_state = random_state
        self.n_init = n_init
        self.gamma = gamma
        self.affinity = affinity
        self.n_neighbors = n_neighbors
        self.eigen_tol = eigen_tol
        self.assign_labels = assign_labels
        self.degree = degree
        self.coef0 = coef0
        self.kernel_params = kernel_params
        self.n_jobs = n_jobs
        self.verbose = verbose

    def fit(self, X, y=None):
        """Cluster the samples, or the affinity or distance matrix.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features) or \
(n_samples, n_samples)
            Samples; affinities with ``affinity="precomputed"``; distances with
            ``affinity="precomputed_nearest_neighbors"``.
        y : Ignored

        Returns
        -------
        self : object
            Fitted estimator.
        """
        self._validate_params()
        X = validate_data(
            self, X, accept_sparse=["csr", "csc", "coo"], dtype=np.float64, ensure_min_samples=2
        )
        pairwise = self.affinity in ("precomputed", "precomputed_nearest_neighbors")
        if X.shape[0] == X.shape[1] and not pairwise:
            warnings.warn(
                "The spectral clustering API has changed. ``fit``now constructs an affinity "
                "matrix from data. To use a custom affinity matrix, set "
                "``affinity=precomputed``.",
                stacklevel=2,
            )
        if pairwise and X.shape[0] != X.shape[1]:
            raise ValueError(
                f"With affinity={self.affinity!r}, X must be a square matrix of shape "
                f"(n_samples, n_samples). Got {X.shape} instead."
            )
        affinity_matrix = self._affinity(X)
        random_state = check_random_state(self.random_state)
        n_components = self.n_clusters if self.n_components is None else self.n_components
        # The first eigenvector is constant only for a connected graph: spectral clustering
        # keeps it (drop_first=False).
        maps = _spectral_embedding(
            affinity_matrix,
            n_components=n_components,
            eigen_solver=self.eigen_solver,
            random_state=random_state,
            eigen_tol=self.eigen_tol,
            drop_first=False,
        )
        if self.verbose:
            print(f"Computing label assignment using {self.assign_labels}")
        if self.assign_labels == "kmeans":
            from ._kmeans import k_means

            _, labels, _ = k_means(
                maps,
                self.n_clusters,
                random_state=random_state,
                n_init=self.n_init,
                verbose=self.verbose,
            )
        elif self.assign_labels == "cluster_qr":
            labels = _cluster_qr(maps)
        else:
            labels = _discretize(maps, random_state=random_state)
        self.affinity_matrix_ = affinity_matrix
        self.labels_ = labels
        return self

    def _affinity(self, X):
        if self.affinity == "nearest_neighbors":
            from ..neighbors import kneighbors_graph

            connectivity = kneighbors_graph(
                X, n_neighbors=self.n_neighbors, include_self=True, n_jobs=self.n_jobs
            )
            return 0.5 * (connectivity + connectivity.T)
        if self.affinity == "precomputed_nearest_neighbors":
            connectivity = _precomputed_knn_connectivity(X, self.n_neighbors)
            return 0.5 * (connectivity + connectivity.T)
        if self.affinity == "precomputed":
            return X
        from ..metrics.pairwise import pairwise_kernels

        params = {} if self.kernel_params is None else dict(self.kernel_params)
        if not callable(self.affinity):
            params["gamma"] = self.gamma
            params["degree"] = self.degree
            params["coef0"] = self.coef0
        return pairwise_kernels(
            X, metric=self.affinity, filter_params=True, n_jobs=self.n_jobs, **params
        )

    def fit_predict(self, X, y=None):
        """Fit and return the labels.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features) or \
(n_samples, n_samples)
            As in :meth:`fit`.
        y : Ignored

        Returns
        -------
        labels : ndarray of shape (n_samples,)
            Cluster labels.
        """
        return super().fit_predict(X, y)

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.sparse = True
        tags.input_tags.pairwise = self.affinity in (
            "precomputed",
            "precomputed_nearest_neighbors",
        )
        return tags
