"""Linear models: least squares, ridge, lasso / elastic net, logistic regression, SGD, ..."""

from ._base import LinearRegression

__all__ = [
    "LinearRegression",
]
