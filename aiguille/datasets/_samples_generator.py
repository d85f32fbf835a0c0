"""Generated datasets. With the same ``random_state`` they equal scikit-learn's namesakes:
the random numbers are drawn in the same order from the same ``RandomState``."""

import numbers
from collections.abc import Iterable

import numpy as np

from ..utils._indexing import shuffle as _shuffle
from ..utils._param_validation import Interval, validate_params
from ..utils._random import _sample_without_replacement
from ..utils.validation import check_array, check_random_state

__all__ = [
    "make_blobs",
    "make_circles",
    "make_classification",
    "make_low_rank_matrix",
    "make_moons",
    "make_regression",
]

Integral, Real = numbers.Integral, numbers.Real


def _generate_hypercube(samples, dimensions, rng):
    """Distinct binary vectors of length ``dimensions`` (the cluster vertices)."""
    if dimensions > 30:
        return np.hstack(
            [
                rng.randint(2, size=(samples, dimensions - 30)),
                _generate_hypercube(samples, 30, rng),
            ]
        )
    out = _sample_without_replacement(2**dimensions, samples, rng).astype(">u4", copy=False)
    return np.unpackbits(out.view(">u1")).reshape((-1, 32))[:, -dimensions:]


@validate_params(
    {
        "n_samples": [Interval(Integral, 1, None, closed="left")],
        "n_features": [Interval(Integral, 1, None, closed="left")],
        "n_informative": [Interval(Integral, 1, None, closed="left")],
        "n_redundant": [Interval(Integral, 0, None, closed="left")],
        "n_repeated": [Interval(Integral, 0, None, closed="left")],
        "n_classes": [Interval(Integral, 1, None, closed="left")],
        "n_clusters_per_class": [Interval(Integral, 1, None, closed="left")],
        "flip_y": [Interval(Real, 0, 1, closed="both")],
        "class_sep": [Interval(Real, 0, None, closed="neither")],
        "random_state": ["random_state"],
    }
)
def make_classification(
    n_samples=100,
    n_features=20,
    *,
    n_informative=2,
    n_redundant=2,
    n_repeated=0,
    n_classes=2,
    n_clusters_per_class=2,
    weights=None,
    flip_y=0.01,
    class_sep=1.0,
    hypercube=True,
    shift=0.0,
    scale=1.0,
    shuffle=True,
    random_state=None,
    return_X_y=True,
):
    """A random n-class classification problem: Gaussian clusters on hypercube vertices.

    Same algorithm and random draws as scikit-learn's ``make_classification`` (Guyon, 2003).

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)

    Examples
    --------
    >>> from aiguille.datasets import make_classification
    >>> X, y = make_classification(n_samples=50, random_state=0)
    >>> X.shape, y[:6]
    ((50, 20), array([1, 1, 1, 0, 0, 1]))
    """
    generator = check_random_state(random_state)
    if n_informative + n_redundant + n_repeated > n_features:
        raise ValueError(
            "Number of informative, redundant and repeated features must sum to less than "
            "the number of total features"
        )
    if n_informative < np.log2(n_classes * n_clusters_per_class):
        raise ValueError(
            f"n_classes({n_classes}) * n_clusters_per_class({n_clusters_per_class}) must be "
            f"smaller or equal 2**n_informative({n_informative})={2**n_informative}"
        )
    if weights is not None:
        if len(weights) not in [n_classes, n_classes - 1]:
            raise ValueError("Weights specified but incompatible with number of classes.")
        if len(weights) == n_classes - 1:
            if isinstance(weights, list):
                weights_ = weights + [1.0 - sum(weights)]
            else:
                weights_ = np.resize(weights, n_classes)
                weights_[-1] = 1.0 - sum(weights_[:-1])
        else:
            weights_ = weights.copy()
    else:
        weights_ = [1.0 / n_classes] * n_classes

    n_random = n_features - n_informative - n_redundant - n_repeated
    n_clusters = n_classes * n_clusters_per_class
    n_samples_per_cluster = [
        int(n_samples * weights_[k % n_classes] / n_clusters_per_class) for k in range(n_clusters)
    ]
    for i in range(n_samples - sum(n_samples_per_cluster)):
        n_samples_per_cluster[i % n_clusters] += 1

    X = np.zeros((n_samples, n_features))
    y = np.zeros(n_samples, dtype=int)
    centroids = _generate_hypercube(n_clusters, n_informative, generator).astype(float)
    centroids *= 2 * class_sep
    centroids -= class_sep
    if not hypercube:
        centroids *= generator.uniform(size=(n_clusters, 1))
        centroids *= generator.uniform(size=(1, n_informative))
    X[:, :n_informative] = generator.standard_normal(size=(n_samples, n_informative))
    stop = 0
    for k, centroid in enumerate(centroids):
        start, stop = stop, stop + n_samples_per_cluster[k]
        y[start:stop] = k % n_classes
        X_k = X[start:stop, :n_informative]
        A = 2 * generator.uniform(size=(n_informative, n_informative)) - 1
        X_k[...] = np.dot(X_k, A)
        X_k += centroid
    if n_redundant > 0:
        B = 2 * generator.uniform(size=(n_informative, n_redundant)) - 1
        X[:, n_informative : n_informative + n_redundant] = np.dot(X[:, :n_informative], B)
    n = n_informative + n_redundant
    if n_repeated > 0:
        indices = ((n - 1) * generator.uniform(size=n_repeated) + 0.5).astype(np.intp)
        X[:, n : n + n_repeated] = X[:, indices]
    if n_random > 0:
        X[:, -n_random:] = generator.standard_normal(size=(n_samples, n_random))
    if flip_y >= 0.0:
        flip_mask = generator.uniform(size=n_samples) < flip_y
        y[flip_mask] = generator.randint(n_classes, size=flip_mask.sum())
    if shift is None:
        shift = (2 * generator.uniform(size=n_features) - 1) * class_sep
    X += shift
    if scale is None:
        scale = 1 + 100 * generator.uniform(size=n_features)
    X *= scale
    indices = np.arange(n_features)
    if shuffle:
        X, y = _shuffle(X, y, random_state=generator)
        generator.shuffle(indices)
        X[:, :] = X[:, indices]
    return X, y


@validate_params(
    {
        "n_samples": [Interval(Integral, 1, None, closed="left"), "array-like"],
        "n_features": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
    }
)
def make_blobs(
    n_samples=100,
    n_features=2,
    *,
    centers=None,
    cluster_std=1.0,
    center_box=(-10.0, 10.0),
    shuffle=True,
    random_state=None,
    return_centers=False,
):
    """Isotropic Gaussian blobs for clustering.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    centers : ndarray of shape (n_centers, n_features), if ``return_centers``

    Examples
    --------
    >>> from aiguille.datasets import make_blobs
    >>> X, y = make_blobs(n_samples=10, centers=3, n_features=2, random_state=0)
    >>> X.shape, y
    ((10, 2), array([0, 0, 1, 0, 2, 2, 2, 1, 1, 0]))
    """
    generator = check_random_state(random_state)
    if isinstance(n_samples, numbers.Integral):
        if centers is None:
            centers = 3
        if isinstance(centers, numbers.Integral):
            n_centers = centers
            centers = generator.uniform(center_box[0], center_box[1], size=(n_centers, n_features))
        else:
            centers = check_array(centers)
            n_features = centers.shape[1]
            n_centers = centers.shape[0]
    else:
        n_centers = len(n_samples)
        if centers is None:
            centers = generator.uniform(center_box[0], center_box[1], size=(n_centers, n_features))
        if not isinstance(centers, Iterable):
            raise ValueError(f"Parameter `centers` must be array-like. Got {centers!r} instead")
        if len(centers) != n_centers:
            raise ValueError(
                "Length of `n_samples` not consistent with number of centers. Got "
                f"n_samples = {n_samples} and centers = {centers}"
            )
        centers = check_array(centers)
        n_features = centers.shape[1]
    if hasattr(cluster_std, "__len__") and len(cluster_std) != n_centers:
        raise ValueError(
            "Length of `clusters_std` not consistent with number of centers. Got centers = "
            f"{centers} and cluster_std = {cluster_std}"
        )
    if isinstance(cluster_std, numbers.Real):
        cluster_std = np.full(len(centers), cluster_std)
    if isinstance(n_samples, Iterable):
        n_samples_per_center = n_samples
    else:
        n_samples_per_center = [int(n_samples // n_centers)] * n_centers
        for i in range(n_samples % n_centers):
            n_samples_per_center[i] += 1
    cum_sum = np.cumsum(n_samples_per_center)
    X = np.empty((sum(n_samples_per_center), n_features), dtype=np.float64)
    y = np.empty((sum(n_samples_per_center),), dtype=int)
    for i, (n, std) in enumerate(zip(n_samples_per_center, cluster_std)):
        start = cum_sum[i - 1] if i > 0 else 0
        X[start : cum_sum[i]] = generator.normal(loc=centers[i], scale=std, size=(n, n_features))
        y[start : cum_sum[i]] = i
    if shuffle:
        X, y = _shuffle(X, y, random_state=generator)
    if return_centers:
        return X, y, centers
    return X, y


@validate_params(
    {
        "n_samples": [Interval(Integral, 1, None, closed="left")],
        "n_features": [Interval(Integral, 1, None, closed="left")],
        "n_informative": [Interval(Integral, 0, None, closed="left")],
        "n_targets": [Interval(Integral, 1, None, closed="left")],
        "noise": [Interval(Real, 0, None, closed="left")],
        "random_state": ["random_state"],
    }
)
def make_regression(
    n_samples=100,
    n_features=100,
    *,
    n_informative=10,
    n_targets=1,
    bias=0.0,
    effective_rank=None,
    tail_strength=0.5,
    noise=0.0,
    shuffle=True,
    coef=False,
    random_state=None,
):
    """A random linear regression problem (Gaussian X, or a low-rank X with
    ``effective_rank``).

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,) or (n_samples, n_targets)
    coef : ndarray, if ``coef=True``

    Examples
    --------
    >>> from aiguille.datasets import make_regression
    >>> X, y = make_regression(n_samples=5, n_features=2, noise=1, random_state=42)
    >>> X.shape, y.shape
    ((5, 2), (5,))
    """
    n_informative = min(n_features, n_informative)
    generator = check_random_state(random_state)
    if effective_rank is None:
        X = generator.standard_normal(size=(n_samples, n_features))
    else:
        X = make_low_rank_matrix(
            n_samples=n_samples,
            n_features=n_features,
            effective_rank=effective_rank,
            tail_strength=tail_strength,
            random_state=generator,
        )
    ground_truth = np.zeros((n_features, n_targets))
    ground_truth[:n_informative, :] = 100 * generator.uniform(size=(n_informative, n_targets))
    y = np.dot(X, ground_truth) + bias
    if noise > 0.0:
        y += generator.normal(scale=noise, size=y.shape)
    if shuffle:
        X, y = _shuffle(X, y, random_state=generator)
        indices = np.arange(n_features)
        generator.shuffle(indices)
        X[:, :] = X[:, indices]
        ground_truth = ground_truth[indices]
    y = np.squeeze(y)
    if coef:
        return X, y, np.squeeze(ground_truth)
    return X, y


def make_low_rank_matrix(
    n_samples=100, n_features=100, *, effective_rank=10, tail_strength=0.5, random_state=None
):
    """A mostly low-rank matrix with bell-shaped singular values."""
    from scipy import linalg

    generator = check_random_state(random_state)
    n = min(n_samples, n_features)
    u, _ = linalg.qr(
        generator.standard_normal(size=(n_samples, n)), mode="economic", check_finite=False
    )
    v, _ = linalg.qr(
        generator.standard_normal(size=(n_features, n)), mode="economic", check_finite=False
    )
    singular_ind = np.arange(n, dtype=np.float64)
    low_rank = (1 - tail_strength) * np.exp(-1.0 * (singular_ind / effective_rank) ** 2)
    tail = tail_strength * np.exp(-0.1 * singular_ind / effective_rank)
    s = np.identity(n) * (low_rank + tail)
    return np.dot(np.dot(u, s), v.T)


def _split_samples(n_samples):
    if isinstance(n_samples, numbers.Integral):
        return n_samples // 2, n_samples - n_samples // 2
    try:
        n_out, n_in = n_samples
    except ValueError as err:
        raise ValueError("`n_samples` can be either an int or a two-element tuple.") from err
    return n_out, n_in


def make_moons(n_samples=100, *, shuffle=True, noise=None, random_state=None):
    """Two interleaving half circles.

    Examples
    --------
    >>> from aiguille.datasets import make_moons
    >>> X, y = make_moons(n_samples=6, random_state=0)
    >>> X.shape, y.tolist().count(1)
    ((6, 2), 3)
    """
    n_samples_out, n_samples_in = _split_samples(n_samples)
    generator = check_random_state(random_state)
    outer_x = np.cos(np.linspace(0, np.pi, n_samples_out))
    outer_y = np.sin(np.linspace(0, np.pi, n_samples_out))
    inner_x = 1 - np.cos(np.linspace(0, np.pi, n_samples_in))
    inner_y = 1 - np.sin(np.linspace(0, np.pi, n_samples_in)) - 0.5
    X = np.vstack([np.append(outer_x, inner_x), np.append(outer_y, inner_y)]).T
    y = np.hstack([np.zeros(n_samples_out, dtype=np.intp), np.ones(n_samples_in, dtype=np.intp)])
    if shuffle:
        X, y = _shuffle(X, y, random_state=generator)
    if noise is not None:
        X += generator.normal(scale=noise, size=X.shape)
    return X, y


def make_circles(n_samples=100, *, shuffle=True, noise=None, random_state=None, factor=0.8):
    """A large circle containing a smaller one.

    Examples
    --------
    >>> from aiguille.datasets import make_circles
    >>> X, y = make_circles(n_samples=8, random_state=0)
    >>> X.shape
    (8, 2)
    """
    if factor >= 1 or factor < 0:
        raise ValueError("'factor' has to be between 0 and 1.")
    n_samples_out, n_samples_in = _split_samples(n_samples)
    generator = check_random_state(random_state)
    lin_out = np.linspace(0, 2 * np.pi, n_samples_out, endpoint=False)
    lin_in = np.linspace(0, 2 * np.pi, n_samples_in, endpoint=False)
    X = np.vstack(
        [
            np.append(np.cos(lin_out), np.cos(lin_in) * factor),
            np.append(np.sin(lin_out), np.sin(lin_in) * factor),
        ]
    ).T
    y = np.hstack([np.zeros(n_samples_out, dtype=np.intp), np.ones(n_samples_in, dtype=np.intp)])
    if shuffle:
        X, y = _shuffle(X, y, random_state=generator)
    if noise is not None:
        X += generator.normal(scale=noise, size=X.shape)
    return X, y
