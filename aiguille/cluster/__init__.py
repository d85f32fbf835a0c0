"""Clustering: KMeans, MiniBatchKMeans, Birch, AgglomerativeClustering, DBSCAN, ..."""

from ._agglomerative import AgglomerativeClustering, FeatureAgglomeration, linkage_tree, ward_tree
from ._birch import Birch
from ._kmeans import KMeans, MiniBatchKMeans, k_means, kmeans_plusplus

__all__ = [
    "AgglomerativeClustering",
    "Birch",
    "FeatureAgglomeration",
    "KMeans",
    "MiniBatchKMeans",
    "k_means",
    "kmeans_plusplus",
    "linkage_tree",
    "ward_tree",
]
