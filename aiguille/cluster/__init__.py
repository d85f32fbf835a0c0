"""Clustering: KMeans, MiniBatchKMeans, Birch, AgglomerativeClustering, DBSCAN, spectral, ..."""

from ._affinity_propagation import AffinityPropagation, affinity_propagation
from ._agglomerative import AgglomerativeClustering, FeatureAgglomeration, linkage_tree, ward_tree
from ._birch import Birch
from ._dbscan import DBSCAN, dbscan
from ._kmeans import KMeans, MiniBatchKMeans, k_means, kmeans_plusplus
from ._spectral import SpectralClustering, spectral_clustering

__all__ = [
    "AffinityPropagation",
    "DBSCAN",
    "affinity_propagation",
    "dbscan",
    "AgglomerativeClustering",
    "Birch",
    "FeatureAgglomeration",
    "KMeans",
    "MiniBatchKMeans",
    "SpectralClustering",
    "k_means",
    "kmeans_plusplus",
    "linkage_tree",
    "spectral_clustering",
    "ward_tree",
]
