"""Clustering: KMeans, MiniBatchKMeans, Birch, AgglomerativeClustering, DBSCAN, ..."""

from ._kmeans import KMeans, MiniBatchKMeans, k_means, kmeans_plusplus

__all__ = [
    "KMeans",
    "MiniBatchKMeans",
    "k_means",
    "kmeans_plusplus",
]
