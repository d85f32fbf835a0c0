"""Imputation of missing values."""

from ._base import MissingIndicator, SimpleImputer

__all__ = ["MissingIndicator", "SimpleImputer"]
