"""KDTree: a numba KD-tree for fast low-dimensional neighbour queries."""

from ._binary_tree import _BinaryTree


class KDTree(_BinaryTree):
    """KD-tree for fast nearest-neighbour and radius queries in low dimensions.

    Same construction as scikit-learn's: nodes split at the median of the feature of
    largest spread, each node keeps its bounding box; the queries are depth-first with
    a bounded heap per query point, run in parallel over the query points.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The points to index (stored as float64).
    leaf_size : int, default=40
        Number of points at which to switch to brute force within a node.
    metric : str, default="minkowski"
        One of ``KDTree.valid_metrics``.
    **kwargs
        ``p`` for the minkowski metric (default 2).

    Attributes
    ----------
    data : ndarray of shape (n_samples, n_features)
        The indexed points.
    idx_array : ndarray of shape (n_samples,)
        The permutation of the points that puts each node's points together.
    node_data : structured ndarray of shape (n_nodes,)
        ``idx_start``, ``idx_end``, ``is_leaf`` of each node.
    node_bounds : ndarray of shape (2, n_nodes, n_features)
        Lower and upper corner of each node's box.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.neighbors import KDTree
    >>> X = np.random.RandomState(0).random_sample((100, 3))
    >>> tree = KDTree(X, leaf_size=10)
    >>> dist, ind = tree.query(X[:2], k=3)
    >>> ind[:, 0]
    array([0, 1])
    """

    _kind = 0
