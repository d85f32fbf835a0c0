"""BallTree: a numba ball tree for neighbour queries."""

from ._binary_tree import _BinaryTree


class BallTree(_BinaryTree):
    """Ball tree for fast nearest-neighbour and radius queries.

    Same construction as scikit-learn's: nodes split at the median of the feature of
    largest spread, each node keeps its centroid and radius; the queries are depth-first
    with a bounded heap per query point, run in parallel over the query points.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The points to index (stored as float64).
    leaf_size : int, default=40
        Number of points at which to switch to brute force within a node.
    metric : str, default="minkowski"
        One of ``BallTree.valid_metrics``.
    **kwargs
        ``p`` for the minkowski metric (default 2).

    Attributes
    ----------
    data : ndarray of shape (n_samples, n_features)
        The indexed points.
    idx_array : ndarray of shape (n_samples,)
        The permutation of the points that puts each node's points together.
    node_data : structured ndarray of shape (n_nodes,)
        ``idx_start``, ``idx_end``, ``is_leaf``, ``radius`` of each node.
    node_bounds : ndarray of shape (1, n_nodes, n_features)
        The centroid of each node.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.neighbors import BallTree
    >>> X = np.random.RandomState(0).random_sample((100, 3))
    >>> tree = BallTree(X, leaf_size=10)
    >>> ind = tree.query_radius(X[:1], r=0.3)
    >>> 0 in ind[0]
    True
    """

    _kind = 1
