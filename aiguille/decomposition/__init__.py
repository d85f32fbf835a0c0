"""Matrix decompositions: ``PCA``, ``IncrementalPCA``, ``TruncatedSVD``, ``NMF`` (with
``non_negative_factorization``) and ``FastICA`` (with ``fastica``)."""

from ._fastica import FastICA, fastica
from ._incremental_pca import IncrementalPCA
from ._nmf import NMF, non_negative_factorization
from ._pca import PCA
from ._truncated_svd import TruncatedSVD

__all__ = [
    "FastICA",
    "IncrementalPCA",
    "NMF",
    "PCA",
    "TruncatedSVD",
    "fastica",
    "non_negative_factorization",
]
