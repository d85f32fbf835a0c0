"""Clustering metrics: label agreement (ARI, mutual information, V-measure, ...) and internal
scores (silhouette, Calinski-Harabasz, Davies-Bouldin).

The silhouette is computed in row chunks sized by ``working_memory``: at most one chunk of
the distance matrix exists at a time, reduced at once to per-cluster sums by one matrix
product with the label indicator matrix.
"""

import warnings
from math import log
from numbers import Integral, Real

import numpy as np

from ..utils._param_validation import Interval, StrOptions, validate_params
from ..utils.multiclass import type_of_target
from ..utils.validation import (
    check_array,
    check_consistent_length,
    check_random_state,
    check_X_y,
    issparse,
)

__all__ = [
    "adjusted_mutual_info_score",
    "adjusted_rand_score",
    "calinski_harabasz_score",
    "completeness_score",
    "contingency_matrix",
    "davies_bouldin_score",
    "entropy",
    "fowlkes_mallows_score",
    "homogeneity_completeness_v_measure",
    "homogeneity_score",
    "mutual_info_score",
    "normalized_mutual_info_score",
    "pair_confusion_matrix",
    "rand_score",
    "silhouette_samples",
    "silhouette_score",
    "v_measure_score",
]


def check_clusterings(labels_true, labels_pred):
    """Check that the two labelings are 1-D arrays of the same length."""
    labels_true = check_array(labels_true, ensure_2d=False, ensure_min_samples=0, dtype=None)
    labels_pred = check_array(labels_pred, ensure_2d=False, ensure_min_samples=0, dtype=None)
    type_label = type_of_target(labels_true)
    type_pred = type_of_target(labels_pred)
    if "continuous" in (type_pred, type_label):
        warnings.warn(
            "Clustering metrics expects discrete values but received "
            f"{type_label} values for label, and {type_pred} values for target",
            UserWarning,
        )
    if labels_true.ndim != 1:
        raise ValueError(f"labels_true must be 1D: shape is {labels_true.shape!r}")
    if labels_pred.ndim != 1:
        raise ValueError(f"labels_pred must be 1D: shape is {labels_pred.shape!r}")
    check_consistent_length(labels_true, labels_pred)
    return labels_true, labels_pred


def _generalized_average(U, V, average_method):
    if average_method == "min":
        return min(U, V)
    elif average_method == "geometric":
        return np.sqrt(U * V)
    elif average_method == "arithmetic":
        return np.mean([U, V])
    return max(U, V)


def _dense_contingency(labels_true, labels_pred):
    """Dense int64 contingency table (classes x clusters) by one bincount."""
    classes, class_idx = np.unique(labels_true, return_inverse=True)
    clusters, cluster_idx = np.unique(labels_pred, return_inverse=True)
    n_c, n_k = classes.shape[0], clusters.shape[0]
    flat = class_idx.ravel() * n_k + cluster_idx.ravel()
    return np.bincount(flat, minlength=n_c * n_k).reshape(n_c, n_k).astype(np.int64)


@validate_params(
    {
        "labels_true": ["array-like", None],
        "labels_pred": ["array-like", None],
        "eps": [Interval(Real, 0, None, closed="left"), None],
        "sparse": ["boolean"],
        "dtype": "no_validation",
    }
)
def contingency_matrix(labels_true, labels_pred, *, eps=None, sparse=False, dtype=np.int64):
    """Contingency matrix: ``C[i, j]`` samples of true class i in predicted cluster j.

    Parameters
    ----------
    labels_true : array-like of shape (n_samples,)
    labels_pred : array-like of shape (n_samples,)
    eps : float, default=None
        Added to every cell (dense output only).
    sparse : bool, default=False
        Return a scipy CSR matrix.
    dtype : numeric type, default=np.int64

    Returns
    -------
    contingency : {ndarray, sparse matrix} of shape (n_classes_true, n_classes_pred)

    Examples
    --------
    >>> from aiguille.metrics.cluster import contingency_matrix
    >>> contingency_matrix([0, 0, 1, 1], [1, 1, 1, 0])
    array([[0, 2],
           [1, 1]])
    """
    if eps is not None and sparse:
        raise ValueError("Cannot set 'eps' when sparse=True")
    dense = _dense_contingency(labels_true, labels_pred)
    if sparse:
        import scipy.sparse as sp

        return sp.csr_matrix(dense.astype(dtype, copy=False))
    dense = dense.astype(dtype, copy=False)
    if eps is not None:
        dense = dense + eps
    return dense


@validate_params({"labels_true": ["array-like"], "labels_pred": ["array-like"]})
def pair_confusion_matrix(labels_true, labels_pred):
    """2x2 confusion matrix over pairs of samples (same/different cluster in each labeling).

    Parameters
    ----------
    labels_true, labels_pred : array-like of shape (n_samples,)

    Returns
    -------
    C : ndarray of shape (2, 2), dtype=np.int64

    Examples
    --------
    >>> from aiguille.metrics.cluster import pair_confusion_matrix
    >>> pair_confusion_matrix([0, 0, 1, 1], [1, 1, 0, 0])
    array([[8, 0],
           [0, 4]])
    """
    labels_true, labels_pred = check_clusterings(labels_true, labels_pred)
    n_samples = np.int64(labels_true.shape[0])
    contingency = _dense_contingency(labels_true, labels_pred)
    n_c = contingency.sum(axis=1)
    n_k = contingency.sum(axis=0)
    sum_squares = (contingency**2).sum()
    C = np.empty((2, 2), dtype=np.int64)
    C[1, 1] = sum_squares - n_samples
    C[0, 1] = contingency.dot(n_k).sum() - sum_squares
    C[1, 0] = contingency.T.dot(n_c).sum() - sum_squares
    C[0, 0] = n_samples**2 - C[0, 1] - C[1, 0] - sum_squares
    return C


@validate_params({"labels_true": ["array-like"], "labels_pred": ["array-like"]})
def rand_score(labels_true, labels_pred):
    """Rand index: the fraction of sample pairs on which the two labelings agree.

    Parameters
    ----------
    labels_true, labels_pred : array-like of shape (n_samples,)

    Returns
    -------
    RI : float

    Examples
    --------
    >>> from aiguille.metrics import rand_score
    >>> round(rand_score([0, 0, 1, 2], [0, 0, 1, 1]), 4)
    0.8333
    """
    contingency = pair_confusion_matrix(labels_true, labels_pred)
    numerator = contingency.diagonal().sum()
    denominator = contingency.sum()
    if numerator == denominator or denominator == 0:
        return 1.0
    return float(numerator / denominator)


@validate_params({"labels_true": ["array-like"], "labels_pred": ["array-like"]})
def adjusted_rand_score(labels_true, labels_pred):
    """Rand index adjusted for chance (1.0 identical up to renaming, ~0 at random).

    Parameters
    ----------
    labels_true, labels_pred : array-like of shape (n_samples,)

    Returns
    -------
    ARI : float

    Examples
    --------
    >>> from aiguille.metrics import adjusted_rand_score
    >>> adjusted_rand_score([0, 0, 1, 1], [1, 1, 0, 0])
    1.0
    """
    (tn, fp), (fn, tp) = pair_confusion_matrix(labels_true, labels_pred)
    tn, fp, fn, tp = int(tn), int(fp), int(fn), int(tp)
    if fn == 0 and fp == 0:
        return 1.0
    return 2.0 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn))


def entropy(labels):
    """Entropy (natural log) of a labeling."""
    if len(labels) == 0:
        return 1.0
    label_idx = np.unique(labels, return_inverse=True)[1]
    pi = np.bincount(label_idx.ravel()).astype(np.float64)
    pi = pi[pi > 0]
    if pi.size == 1:
        return 0.0
    pi_sum = np.sum(pi)
    return float(-np.sum((pi / pi_sum) * (np.log(pi) - log(pi_sum))))


def _mutual_info_from_contingency(contingency):
    contingency = np.asarray(contingency)
    nzx, nzy = np.nonzero(contingency)
    nz_val = contingency[nzx, nzy]
    contingency_sum = contingency.sum()
    pi = contingency.sum(axis=1)
    pj = contingency.sum(axis=0)
    if pi.size == 1 or pj.size == 1:
        return 0.0
    log_contingency_nm = np.log(nz_val)
    contingency_nm = nz_val / contingency_sum
    outer = pi.take(nzx).astype(np.int64, copy=False) * pj.take(nzy).astype(np.int64, copy=False)
    log_outer = -np.log(outer) + log(pi.sum()) + log(pj.sum())
    mi = contingency_nm * (log_contingency_nm - log(contingency_sum)) + contingency_nm * log_outer
    mi = np.where(np.abs(mi) < np.finfo(mi.dtype).eps, 0.0, mi)
    return float(np.clip(mi.sum(), 0.0, None))


@validate_params(
    {
        "labels_true": ["array-like", None],
        "labels_pred": ["array-like", None],
        "contingency": ["array-like", "sparse matrix", None],
    }
)
def mutual_info_score(labels_true, labels_pred, *, contingency=None):
    """Mutual information (natural log) between two labelings.

    Parameters
    ----------
    labels_true, labels_pred : array-like of shape (n_samples,)
    contingency : {array-like, sparse matrix} of shape (n_classes_true, n_classes_pred)
        Precomputed contingency table; the labels are then ignored.

    Returns
    -------
    mi : float

    Examples
    --------
    >>> from aiguille.metrics import mutual_info_score
    >>> round(mutual_info_score([0, 0, 1, 1], [0, 0, 1, 1]), 4)
    0.6931
    """
    if contingency is None:
        labels_true, labels_pred = check_clusterings(labels_true, labels_pred)
        contingency = _dense_contingency(labels_true, labels_pred)
    else:
        contingency = check_array(
            contingency,
            accept_sparse=["csr", "csc", "coo"],
            dtype=[int, np.int32, np.int64],
        )
        if issparse(contingency):
            contingency = contingency.toarray()
    return _mutual_info_from_contingency(contingency)


@validate_params(
    {
        "labels_true": ["array-like"],
        "labels_pred": ["array-like"],
        "beta": [Interval(Real, 0, None, closed="left")],
    }
)
def homogeneity_completeness_v_measure(labels_true, labels_pred, *, beta=1.0):
    """Homogeneity, completeness and V-measure of a clustering against true labels.

    Parameters
    ----------
    labels_true, labels_pred : array-like of shape (n_samples,)
    beta : float, default=1.0
        Weight of completeness relative to homogeneity in the V-measure.

    Returns
    -------
    homogeneity, completeness, v_measure : float

    Examples
    --------
    >>> from aiguille.metrics import homogeneity_completeness_v_measure
    >>> homogeneity_completeness_v_measure([0, 0, 1, 1], [0, 0, 1, 1])
    (1.0, 1.0, 1.0)
    """
    labels_true, labels_pred = check_clusterings(labels_true, labels_pred)
    if len(labels_true) == 0:
        return 1.0, 1.0, 1.0
    entropy_C = entropy(labels_true)
    entropy_K = entropy(labels_pred)
    MI = _mutual_info_from_contingency(_dense_contingency(labels_true, labels_pred))
    homogeneity = MI / entropy_C if entropy_C else 1.0
    completeness = MI / entropy_K if entropy_K else 1.0
    if homogeneity + completeness == 0.0:
        v_measure = 0.0
    else:
        v_measure = (1 + beta) * homogeneity * completeness / (beta * homogeneity + completeness)
    return float(homogeneity), float(completeness), float(v_measure)


@validate_params({"labels_true": ["array-like"], "labels_pred": ["array-like"]})
def homogeneity_score(labels_true, labels_pred):
    """Homogeneity: each cluster contains members of a single class.

    Parameters
    ----------
    labels_true, labels_pred : array-like of shape (n_samples,)

    Returns
    -------
    homogeneity : float

    Examples
    --------
    >>> from aiguille.metrics import homogeneity_score
    >>> round(homogeneity_score([0, 0, 1, 1], [0, 1, 2, 3]), 6)
    1.0
    """
    return homogeneity_completeness_v_measure(labels_true, labels_pred)[0]


@validate_params({"labels_true": ["array-like"], "labels_pred": ["array-like"]})
def completeness_score(labels_true, labels_pred):
    """Completeness: all members of a class are in the same cluster.

    Parameters
    ----------
    labels_true, labels_pred : array-like of shape (n_samples,)

    Returns
    -------
    completeness : float

    Examples
    --------
    >>> from aiguille.metrics import completeness_score
    >>> completeness_score([0, 0, 1, 1], [0, 0, 0, 0])
    1.0
    """
    return homogeneity_completeness_v_measure(labels_true, labels_pred)[1]


@validate_params(
    {
        "labels_true": ["array-like"],
        "labels_pred": ["array-like"],
        "beta": [Interval(Real, 0, None, closed="left")],
    }
)
def v_measure_score(labels_true, labels_pred, *, beta=1.0):
    """V-measure: the weighted harmonic mean of homogeneity and completeness.

    Parameters
    ----------
    labels_true, labels_pred : array-like of shape (n_samples,)
    beta : float, default=1.0

    Returns
    -------
    v_measure : float

    Examples
    --------
    >>> from aiguille.metrics import v_measure_score
    >>> round(v_measure_score([0, 0, 1, 2], [0, 0, 1, 1]), 4)
    0.8
    """
    return homogeneity_completeness_v_measure(labels_true, labels_pred, beta=beta)[2]


@validate_params({"labels_true": ["array-like"], "labels_pred": ["array-like"]})
def fowlkes_mallows_score(labels_true, labels_pred):
    """Fowlkes-Mallows index: geometric mean of pairwise precision and recall.

    Parameters
    ----------
    labels_true, labels_pred : array-like of shape (n_samples,)

    Returns
    -------
    score : float

    Examples
    --------
    >>> from aiguille.metrics import fowlkes_mallows_score
    >>> fowlkes_mallows_score([0, 0, 1, 1], [1, 1, 0, 0])
    1.0
    """
    labels_true, labels_pred = check_clusterings(labels_true, labels_pred)
    (n_samples,) = labels_true.shape
    c = _dense_contingency(labels_true, labels_pred)
    tk = np.sum(c * c) - n_samples
    pk = np.sum(c.sum(axis=0) ** 2) - n_samples
    qk = np.sum(c.sum(axis=1) ** 2) - n_samples
    return float(np.sqrt(tk / pk) * np.sqrt(tk / qk)) if tk != 0.0 else 0.0


_AVG_METHOD = [StrOptions({"arithmetic", "max", "min", "geometric"})]


@validate_params(
    {
        "labels_true": ["array-like"],
        "labels_pred": ["array-like"],
        "average_method": _AVG_METHOD,
    }
)
def adjusted_mutual_info_score(labels_true, labels_pred, *, average_method="arithmetic"):
    """Mutual information adjusted for chance (the expected MI is computed by a numba kernel).

    Parameters
    ----------
    labels_true, labels_pred : array-like of shape (n_samples,)
    average_method : {"min", "geometric", "arithmetic", "max"}, default="arithmetic"
        How the normaliser combines the two entropies.

    Returns
    -------
    ami : float

    Examples
    --------
    >>> from aiguille.metrics import adjusted_mutual_info_score
    >>> adjusted_mutual_info_score([0, 0, 1, 1], [1, 1, 0, 0])
    1.0
    """
    labels_true, labels_pred = check_clusterings(labels_true, labels_pred)
    n_samples = labels_true.shape[0]
    classes = np.unique(labels_true)
    clusters = np.unique(labels_pred)
    if classes.shape[0] == clusters.shape[0] == 1 or classes.shape[0] == clusters.shape[0] == 0:
        return 1.0
    contingency = _dense_contingency(labels_true, labels_pred)
    mi = _mutual_info_from_contingency(contingency)
    a = contingency.sum(axis=1).astype(np.int64)
    b = contingency.sum(axis=0).astype(np.int64)
    if a.size == 1 or b.size == 1:
        emi = 0.0
    else:
        from ._cluster_kernels import expected_mutual_information

        emi = expected_mutual_information(a, b, np.int64(n_samples))
    h_true, h_pred = entropy(labels_true), entropy(labels_pred)
    normalizer = _generalized_average(h_true, h_pred, average_method)
    denominator = normalizer - emi
    if denominator < 0:
        denominator = min(denominator, -np.finfo("float64").eps)
    else:
        denominator = max(denominator, np.finfo("float64").eps)
    return float((mi - emi) / denominator)


@validate_params(
    {
        "labels_true": ["array-like"],
        "labels_pred": ["array-like"],
        "average_method": _AVG_METHOD,
    }
)
def normalized_mutual_info_score(labels_true, labels_pred, *, average_method="arithmetic"):
    """Mutual information normalised by a mean of the two entropies (in [0, 1]).

    Parameters
    ----------
    labels_true, labels_pred : array-like of shape (n_samples,)
    average_method : {"min", "geometric", "arithmetic", "max"}, default="arithmetic"

    Returns
    -------
    nmi : float

    Examples
    --------
    >>> from aiguille.metrics import normalized_mutual_info_score
    >>> normalized_mutual_info_score([0, 0, 1, 1], [1, 1, 0, 0])
    1.0
    """
    labels_true, labels_pred = check_clusterings(labels_true, labels_pred)
    classes = np.unique(labels_true)
    clusters = np.unique(labels_pred)
    if classes.shape[0] == clusters.shape[0] == 1 or classes.shape[0] == clusters.shape[0] == 0:
        return 1.0
    mi = _mutual_info_from_contingency(_dense_contingency(labels_true, labels_pred))
    if mi == 0:
        return 0.0
    h_true, h_pred = entropy(labels_true), entropy(labels_pred)
    normalizer = _generalized_average(h_true, h_pred, average_method)
    return float(mi / normalizer)


# --------------------------------------------------------------------------- internal scores


def check_number_of_labels(n_labels, n_samples):
    if not 1 < n_labels < n_samples:
        raise ValueError(
            f"Number of labels is {n_labels}. Valid values are 2 to n_samples - 1 (inclusive)"
        )


def _encode_labels(labels):
    classes, encoded = np.unique(labels, return_inverse=True)
    return classes, encoded.ravel()


def _silhouette_reduce(D_chunk, start, labels, label_freqs):
    """Per-row mean intra-cluster distance and nearest other-cluster mean distance."""
    n_chunk = D_chunk.shape[0]
    n_labels = len(label_freqs)
    if issparse(D_chunk):
        D_chunk = D_chunk.toarray()
    onehot = np.zeros((labels.shape[0], n_labels), dtype=D_chunk.dtype)
    onehot[np.arange(labels.shape[0]), labels] = 1
    cluster_distances = D_chunk @ onehot
    intra_index = (np.arange(n_chunk), labels[start : start + n_chunk])
    intra = cluster_distances[intra_index]
    cluster_distances[intra_index] = np.inf
    cluster_distances /= label_freqs
    inter = cluster_distances.min(axis=1)
    return intra, inter


def silhouette_samples(X, labels, *, metric="euclidean", **kwds):
    """Silhouette coefficient of each sample, ``(b - a) / max(a, b)``.

    Computed in chunks of rows sized by ``working_memory``: the full n x n distance
    matrix is never held.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features) or (n_samples, n_samples)
        Features, or a distance matrix when ``metric="precomputed"``.
    labels : array-like of shape (n_samples,)
    metric : str or callable, default="euclidean"
        A metric of :func:`pairwise_distances`.
    **kwds : optional keyword parameters
        Passed to the distance function.

    Returns
    -------
    silhouette : ndarray of shape (n_samples,)

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.metrics import silhouette_samples
    >>> X = np.array([[0.0], [0.1], [5.0], [5.2]])
    >>> silhouette_samples(X, [0, 0, 1, 1]).round(3)
    array([0.98 , 0.98 , 0.96 , 0.961])
    """
    from .pairwise import pairwise_distances_chunked

    X, labels = check_X_y(X, labels, accept_sparse=["csr"])
    if metric == "precomputed":
        error_msg = ValueError(
            "The precomputed distance matrix contains non-zero elements on the diagonal. "
            "Use np.fill_diagonal(X, 0)."
        )
        diag = X.diagonal()
        if X.dtype.kind == "f":
            atol = np.finfo(X.dtype).eps * 100
            if np.any(np.abs(diag) > atol):
                raise error_msg
        elif np.any(diag != 0):
            raise error_msg
    classes, labels = _encode_labels(labels)
    n_samples = len(labels)
    label_freqs = np.bincount(labels)
    check_number_of_labels(len(classes), n_samples)
    kwds["metric"] = metric

    def reduce_func(D_chunk, start):
        return _silhouette_reduce(D_chunk, start, labels, label_freqs)

    intra_parts, inter_parts = [], []
    for intra, inter in pairwise_distances_chunked(X, reduce_func=reduce_func, **kwds):
        intra_parts.append(intra)
        inter_parts.append(inter)
    intra_clust_dists = np.concatenate(intra_parts)
    inter_clust_dists = np.concatenate(inter_parts)
    denom = (label_freqs - 1).take(labels, mode="clip")
    with np.errstate(divide="ignore", invalid="ignore"):
        intra_clust_dists /= denom
    sil_samples = inter_clust_dists - intra_clust_dists
    with np.errstate(divide="ignore", invalid="ignore"):
        sil_samples /= np.maximum(intra_clust_dists, inter_clust_dists)
    return np.nan_to_num(sil_samples)


def silhouette_score(
    X, labels, *, metric="euclidean", sample_size=None, random_state=None, **kwds
):
    """Mean silhouette coefficient over the samples (or a random subset of them).

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features) or (n_samples, n_samples)
    labels : array-like of shape (n_samples,)
    metric : str or callable, default="euclidean"
    sample_size : int, default=None
        Score a random subset of this size.
    random_state : int, RandomState instance or None, default=None
        Draws the subset.
    **kwds : optional keyword parameters
        Passed to the distance function.

    Returns
    -------
    silhouette : float

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.metrics import silhouette_score
    >>> X = np.array([[0.0], [0.1], [5.0], [5.2]])
    >>> round(silhouette_score(X, [0, 0, 1, 1]), 4)
    0.9703
    """
    if sample_size is not None:
        if not (isinstance(sample_size, Integral) and sample_size >= 1):
            raise ValueError(
                "The 'sample_size' parameter of silhouette_score must be an int in the range "
                f"[1, inf) or None. Got {sample_size!r} instead."
            )
        X, labels = check_X_y(X, labels, accept_sparse=["csc", "csr"])
        random_state = check_random_state(random_state)
        indices = random_state.permutation(X.shape[0])[:sample_size]
        if metric == "precomputed":
            X, labels = X[indices].T[indices].T, labels[indices]
        else:
            X, labels = X[indices], labels[indices]
    return float(np.mean(silhouette_samples(X, labels, metric=metric, **kwds)))


@validate_params({"X": ["array-like"], "labels": ["array-like"]})
def calinski_harabasz_score(X, labels):
    """Calinski-Harabasz score: between- over within-cluster dispersion (higher is better).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    labels : array-like of shape (n_samples,)

    Returns
    -------
    score : float

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.metrics import calinski_harabasz_score
    >>> X = np.array([[0.0], [0.1], [5.0], [5.2]])
    >>> round(calinski_harabasz_score(X, [0, 0, 1, 1]), 1)
    2040.2
    """
    X, labels = check_X_y(X, labels)
    classes, labels = _encode_labels(labels)
    n_samples = X.shape[0]
    n_labels = len(classes)
    check_number_of_labels(n_labels, n_samples)
    extra_disp, intra_disp = 0.0, 0.0
    mean = np.mean(X, axis=0)
    for k in range(n_labels):
        cluster_k = X[labels == k]
        mean_k = np.mean(cluster_k, axis=0)
        extra_disp += len(cluster_k) * np.sum((mean_k - mean) ** 2)
        intra_disp += np.sum((cluster_k - mean_k) ** 2)
    return float(
        1.0
        if intra_disp == 0.0
        else extra_disp * (n_samples - n_labels) / (intra_disp * (n_labels - 1.0))
    )


@validate_params({"X": ["array-like"], "labels": ["array-like"]})
def davies_bouldin_score(X, labels):
    """Davies-Bouldin score: mean worst-case cluster similarity (lower is better; min 0).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    labels : array-like of shape (n_samples,)

    Returns
    -------
    score : float

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.metrics import davies_bouldin_score
    >>> X = np.array([[0.0], [0.1], [5.0], [5.2]])
    >>> round(davies_bouldin_score(X, [0, 0, 1, 1]), 4)
    0.0297
    """
    from .pairwise import pairwise_distances

    X, labels = check_X_y(X, labels)
    classes, labels = _encode_labels(labels)
    n_samples, _ = X.shape
    n_labels = len(classes)
    check_number_of_labels(n_labels, n_samples)
    intra_dists = np.zeros(n_labels)
    centroids = np.zeros((n_labels, X.shape[1]), dtype=float)
    for k in range(n_labels):
        cluster_k = X[labels == k]
        centroid = cluster_k.mean(axis=0)
        centroids[k] = centroid
        intra_dists[k] = np.average(pairwise_distances(cluster_k, [centroid]))
    centroid_distances = pairwise_distances(centroids)
    if np.allclose(intra_dists, 0) or np.allclose(centroid_distances, 0):
        return 0.0
    centroid_distances[centroid_distances == 0] = np.inf
    combined_intra_dists = intra_dists[:, None] + intra_dists
    scores = np.max(combined_intra_dists / centroid_distances, axis=1)
    return float(np.mean(scores))
