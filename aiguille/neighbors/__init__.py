"""Nearest neighbours: k-nearest and radius searches, classifiers, regressors, graphs.

Brute force is chunked BLAS plus a parallel numba top-k selection (never a full distance
matrix), dense or CSR input; :class:`KDTree` and :class:`BallTree` are numba trees for low
dimensions.
"""

from ._ball_tree import BallTree
from ._base import VALID_METRICS, VALID_METRICS_SPARSE
from ._classification import KNeighborsClassifier, RadiusNeighborsClassifier
from ._graph import KNeighborsTransformer, kneighbors_graph, radius_neighbors_graph
from ._kd_tree import KDTree
from ._regression import KNeighborsRegressor, RadiusNeighborsRegressor
from ._unsupervised import NearestNeighbors

__all__ = [
    "VALID_METRICS",
    "VALID_METRICS_SPARSE",
    "BallTree",
    "KDTree",
    "KNeighborsClassifier",
    "KNeighborsRegressor",
    "KNeighborsTransformer",
    "NearestNeighbors",
    "RadiusNeighborsClassifier",
    "RadiusNeighborsRegressor",
    "kneighbors_graph",
    "radius_neighbors_graph",
]
