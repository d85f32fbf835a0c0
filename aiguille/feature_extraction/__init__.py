"""Feature extraction: image graphs (``image.grid_to_graph``, ``image.img_to_graph``)."""

from . import image
from .image import grid_to_graph, img_to_graph

__all__ = ["grid_to_graph", "image", "img_to_graph"]
