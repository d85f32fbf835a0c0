"""Datasets: the real data shipped with aiguille (with credits) and generators.

Shipped: ``load_olivetti_faces``, ``load_digits``, ``load_ai4i``, ``load_sample_image``.
Generated (equal to scikit-learn's for the same ``random_state``): ``make_blobs``,
``make_classification``, ``make_regression``, ``make_moons``, ``make_circles``.
"""

from ._base import (
    load_ai4i,
    load_digits,
    load_olivetti_faces,
    load_sample_image,
    load_sample_images,
)
from ._samples_generator import (
    make_blobs,
    make_circles,
    make_classification,
    make_low_rank_matrix,
    make_moons,
    make_regression,
)

__all__ = [
    "load_ai4i",
    "load_digits",
    "load_olivetti_faces",
    "load_sample_image",
    "load_sample_images",
    "make_blobs",
    "make_circles",
    "make_classification",
    "make_low_rank_matrix",
    "make_moons",
    "make_regression",
]
