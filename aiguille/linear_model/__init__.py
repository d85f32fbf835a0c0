"""Linear models: least squares, ridge, lasso / elastic net, logistic regression, SGD, ..."""

from ._base import LinearRegression
from ._logistic import LogisticRegression, LogisticRegressionCV
from ._ridge import Ridge, RidgeClassifier, RidgeClassifierCV, RidgeCV, ridge_regression

__all__ = [
    "LinearRegression",
    "LogisticRegression",
    "LogisticRegressionCV",
    "Ridge",
    "RidgeCV",
    "RidgeClassifier",
    "RidgeClassifierCV",
    "ridge_regression",
]
