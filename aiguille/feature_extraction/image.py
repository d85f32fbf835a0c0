"""Graphs of pixel connections, for connectivity-constrained clustering of images.

``grid_to_graph`` and ``img_to_graph`` return the same matrices as scikit-learn's (a
``coo_matrix`` by default, which is what scikit-learn returns under its default
``sparse_interface="spmatrix"``).
"""

from numbers import Integral

import numpy as np
from scipy import sparse

from ..utils._param_validation import Interval, validate_params

__all__ = ["grid_to_graph", "img_to_graph"]


def _make_edges_3d(n_x, n_y, n_z=1):
    """Edges (2, n_edges) between neighbouring voxels of an (n_x, n_y, n_z) grid."""
    vertices = np.arange(n_x * n_y * n_z).reshape((n_x, n_y, n_z))
    edges_deep = np.vstack((vertices[:, :, :-1].ravel(), vertices[:, :, 1:].ravel()))
    edges_right = np.vstack((vertices[:, :-1].ravel(), vertices[:, 1:].ravel()))
    edges_down = np.vstack((vertices[:-1].ravel(), vertices[1:].ravel()))
    return np.hstack((edges_deep, edges_right, edges_down))


def _compute_gradient_3d(edges, img):
    _, n_y, n_z = img.shape
    a = edges[0]
    b = edges[1]
    return np.abs(
        img[a // (n_y * n_z), (a % (n_y * n_z)) // n_z, (a % (n_y * n_z)) % n_z]
        - img[b // (n_y * n_z), (b % (n_y * n_z)) // n_z, (b % (n_y * n_z)) % n_z]
    )


def _mask_edges_weights(mask, edges, weights=None):
    """Keep the edges between voxels inside the mask, renumbered."""
    inds = np.arange(mask.size)[mask.ravel()]
    ind_mask = np.logical_and(np.isin(edges[0], inds), np.isin(edges[1], inds))
    edges = edges[:, ind_mask]
    if weights is not None:
        weights = weights[ind_mask]
    maxval = edges.max() if len(edges.ravel()) else 0
    order = np.searchsorted(np.flatnonzero(mask), np.arange(maxval + 1))
    edges = order[edges]
    if weights is None:
        return edges
    return edges, weights


def _to_graph(n_x, n_y, n_z, mask=None, img=None, return_as=sparse.coo_matrix, dtype=None):
    edges = _make_edges_3d(n_x, n_y, n_z)
    if dtype is None:
        dtype = int if img is None else img.dtype
    if img is not None:
        img = np.atleast_3d(img)
        weights = _compute_gradient_3d(edges, img)
        if mask is not None:
            edges, weights = _mask_edges_weights(mask, edges, weights)
            diag = img.squeeze()[mask]
        else:
            diag = img.ravel()
        n_voxels = diag.size
    else:
        if mask is not None:
            mask = mask.astype(dtype=bool, copy=False)
            edges = _mask_edges_weights(mask, edges)
            n_voxels = np.sum(mask)
        else:
            n_voxels = n_x * n_y * n_z
        weights = np.ones(edges.shape[1], dtype=dtype)
        diag = np.ones(n_voxels, dtype=dtype)
    diag_idx = np.arange(n_voxels)
    i_idx = np.hstack((edges[0], edges[1]))
    j_idx = np.hstack((edges[1], edges[0]))
    graph = sparse.coo_matrix(
        (
            np.hstack((weights, weights, diag)),
            (np.hstack((i_idx, diag_idx)), np.hstack((j_idx, diag_idx))),
        ),
        (n_voxels, n_voxels),
        dtype=dtype,
    )
    if return_as is np.ndarray:
        return graph.toarray()
    return return_as(graph)


@validate_params(
    {
        "img": ["array-like"],
        "mask": [None, np.ndarray],
        "return_as": [type],
    }
)
def img_to_graph(img, *, mask=None, return_as=sparse.coo_matrix, dtype=None):
    """Graph of the pixel-to-pixel gradient connections.

    Edges join neighbouring pixels (voxels); their weight is the absolute difference of
    the values, and the diagonal holds the values themselves.

    Parameters
    ----------
    img : array-like of shape (height, width) or (height, width, channel)
        2D or 3D image.
    mask : ndarray of shape (height, width) or (height, width, channel), dtype=bool, \
default=None
        Only the pixels inside the mask are nodes.
    return_as : np.ndarray or a sparse matrix class, default=scipy.sparse.coo_matrix
        Class of the returned adjacency matrix.
    dtype : dtype, default=None
        Data type (the image's when None).

    Returns
    -------
    graph : ndarray or sparse matrix of shape (n_voxels, n_voxels)
        The adjacency matrix.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.feature_extraction.image import img_to_graph
    >>> img = np.array([[0, 0], [0, 1]])
    >>> img_to_graph(img, return_as=np.ndarray)
    array([[0, 0, 0, 0],
           [0, 0, 0, 1],
           [0, 0, 0, 1],
           [0, 1, 1, 1]])
    """
    img = np.atleast_3d(img)
    n_x, n_y, n_z = img.shape
    return _to_graph(n_x, n_y, n_z, mask, img, return_as, dtype)


@validate_params(
    {
        "n_x": [Interval(Integral, 1, None, closed="left")],
        "n_y": [Interval(Integral, 1, None, closed="left")],
        "n_z": [Interval(Integral, 1, None, closed="left")],
        "mask": [None, np.ndarray],
        "return_as": [type],
    }
)
def grid_to_graph(n_x, n_y, n_z=1, *, mask=None, return_as=sparse.coo_matrix, dtype=int):
    """Graph of the pixel-to-pixel connections of a grid (1 between neighbours).

    Parameters
    ----------
    n_x : int
        Size of the grid in the x direction.
    n_y : int
        Size of the grid in the y direction.
    n_z : int, default=1
        Size of the grid in the z direction.
    mask : ndarray of shape (n_x, n_y, n_z), dtype=bool, default=None
        Only the voxels inside the mask are nodes.
    return_as : np.ndarray or a sparse matrix class, default=scipy.sparse.coo_matrix
        Class of the returned adjacency matrix.
    dtype : dtype, default=int
        Data type of the matrix.

    Returns
    -------
    graph : ndarray or sparse matrix of shape (n_voxels, n_voxels)
        The adjacency matrix (diagonal included).

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.feature_extraction.image import grid_to_graph
    >>> grid_to_graph(2, 2, return_as=np.ndarray)
    array([[1, 1, 1, 0],
           [1, 1, 0, 1],
           [1, 0, 1, 1],
           [0, 1, 1, 1]])
    """
    return _to_graph(n_x, n_y, n_z, mask=mask, return_as=return_as, dtype=dtype)
