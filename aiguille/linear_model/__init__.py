"""Linear models: least squares, ridge, lasso / elastic net (also multi-task), logistic, SGD."""

from ._base import LinearRegression
from ._coordinate_descent import ElasticNet, ElasticNetCV, Lasso, LassoCV, enet_path, lasso_path
from ._logistic import LogisticRegression, LogisticRegressionCV
from ._multi_task import MultiTaskElasticNet, MultiTaskLasso
from ._passive_aggressive import PassiveAggressiveClassifier, PassiveAggressiveRegressor
from ._perceptron import Perceptron
from ._ridge import Ridge, RidgeClassifier, RidgeClassifierCV, RidgeCV, ridge_regression
from ._stochastic_gradient import SGDClassifier, SGDRegressor

__all__ = [
    "ElasticNet",
    "ElasticNetCV",
    "Lasso",
    "LassoCV",
    "LinearRegression",
    "LogisticRegression",
    "LogisticRegressionCV",
    "MultiTaskElasticNet",
    "MultiTaskLasso",
    "PassiveAggressiveClassifier",
    "PassiveAggressiveRegressor",
    "Perceptron",
    "Ridge",
    "RidgeCV",
    "RidgeClassifier",
    "RidgeClassifierCV",
    "SGDClassifier",
    "SGDRegressor",
    "enet_path",
    "lasso_path",
    "ridge_regression",
]
