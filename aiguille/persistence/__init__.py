"""Persistence: ``dump`` / ``load`` with memory-mappable numpy arrays.

``load`` runs code from the file, like :mod:`pickle`: only load files you trust.
"""

from ._numpy_pickle import dump, load

__all__ = ["dump", "load"]
