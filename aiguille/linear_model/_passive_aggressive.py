"""Passive-aggressive classifier and regressor (Crammer et al., 2006).

Deprecated in scikit-learn 1.8 in favour of ``SGDClassifier(loss='hinge', penalty=None,
learning_rate='pa1', eta0=C)`` (and the regression analogue), which they are here too.
"""

import warnings
from numbers import Real

from ..utils._param_validation import Interval, StrOptions
from ._stochastic_gradient import DEFAULT_EPSILON, BaseSGDClassifier, BaseSGDRegressor

__all__ = ["PassiveAggressiveClassifier", "PassiveAggressiveRegressor"]

_MSG = "this is deprecated in version 1.8 and will be removed in 1.10. Use `{}` instead."


class PassiveAggressiveClassifier(BaseSGDClassifier):
    """Passive-aggressive classifier (deprecated since scikit-learn 1.8).

    Parameters
    ----------
    C : float, default=1.0
        Maximum step size (regularization).
    fit_intercept : bool, default=True
    max_iter : int, default=1000
    tol : float or None, default=1e-3
    early_stopping : bool, default=False
    validation_fraction : float, default=0.1
    n_iter_no_change : int, default=5
    shuffle : bool, default=True
    verbose : int, default=0
    loss : {'hinge', 'squared_hinge'}, default='hinge'
        'hinge' is PA-I, 'squared_hinge' is PA-II.
    n_jobs : int, default=None
    random_state : int, RandomState instance or None, default=None
    warm_start : bool, default=False
    class_weight : dict, 'balanced' or None, default=None
    average : bool or int, default=False

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
    intercept_ : ndarray of shape (1,) or (n_classes,)
    n_iter_ : int
    t_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Only when X has string feature names.

    Examples
    --------
    >>> import warnings
    >>> from aiguille.datasets import load_digits
    >>> from aiguille.linear_model import PassiveAggressiveClassifier
    >>> X, y = load_digits(return_X_y=True)
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     clf = PassiveAggressiveClassifier(random_state=0).fit(X / 16, y)
    >>> bool(clf.score(X / 16, y) > 0.9)
    True
    """

    _parameter_constraints: dict = {
        **BaseSGDClassifier._parameter_constraints,
        "loss": [StrOptions({"hinge", "squared_hinge"})],
        "C": [Interval(Real, 0, None, closed="right")],
    }
    _parameter_constraints.pop("eta0")
    _pa = True

    def __init__(
        self,
        *,
        C=1.0,
        fit_intercept=True,
        max_iter=1000,
        tol=1e-3,
        early_stopping=False,
        validation_fraction=0.1,
        n_iter_no_change=5,
        shuffle=True,
        verbose=0,
        loss="hinge",
        n_jobs=None,
        random_state=None,
        warm_start=False,
        class_weight=None,
        average=False,
    ):
        warnings.warn(
            _MSG.format(
                "SGDClassifier(loss='hinge', penalty=None, learning_rate='pa1', eta0=1.0)"
            ),
            FutureWarning,
            stacklevel=2,
        )
        self.C = C
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.shuffle = shuffle
        self.verbose = verbose
        self.loss = loss
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.warm_start = warm_start
        self.class_weight = class_weight
        self.average = average

    penalty = None
    alpha = 1.0
    l1_ratio = 0.0

    def _lr(self):
        return "pa1" if self.loss == "hinge" else "pa2"

    def _loss_name(self):
        return "hinge"

    def _eta0(self):
        return self.C

    def fit(self, X, y, coef_init=None, intercept_init=None):
        """Fit the model with the passive-aggressive algorithm.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        coef_init : ndarray, default=None
        intercept_init : ndarray, default=None

        Returns
        -------
        self : object
        """
        return super().fit(X, y, coef_init=coef_init, intercept_init=intercept_init)

    def partial_fit(self, X, y, classes=None):
        """One epoch of the passive-aggressive algorithm on the given samples.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        classes : ndarray of shape (n_classes,), default=None

        Returns
        -------
        self : object
        """
        return super().partial_fit(X, y, classes=classes)


class PassiveAggressiveRegressor(BaseSGDRegressor):
    """Passive-aggressive regressor (deprecated since scikit-learn 1.8).

    Parameters
    ----------
    C : float, default=1.0
    fit_intercept : bool, default=True
    max_iter : int, default=1000
    tol : float or None, default=1e-3
    early_stopping : bool, default=False
    validation_fraction : float, default=0.1
    n_iter_no_change : int, default=5
    shuffle : bool, default=True
    verbose : int, default=0
    loss : {'epsilon_insensitive', 'squared_epsilon_insensitive'}, \
default='epsilon_insensitive'
    epsilon : float, default=0.1
    random_state : int, RandomState instance or None, default=None
    warm_start : bool, default=False
    average : bool or int, default=False

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
    intercept_ : ndarray of shape (1,)
    n_iter_ : int
    t_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Only when X has string feature names.

    Examples
    --------
    >>> import warnings
    >>> import numpy as np
    >>> from aiguille.linear_model import PassiveAggressiveRegressor
    >>> rng = np.random.RandomState(0)
    >>> X = rng.randn(200, 3)
    >>> y = X @ np.array([1.0, 2.0, -1.0])
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     reg = PassiveAggressiveRegressor(random_state=0).fit(X, y)
    >>> bool(reg.score(X, y) > 0.95)
    True
    """

    _parameter_constraints: dict = {
        **BaseSGDRegressor._parameter_constraints,
        "loss": [StrOptions({"epsilon_insensitive", "squared_epsilon_insensitive"})],
        "C": [Interval(Real, 0, None, closed="right")],
        "epsilon": [Interval(Real, 0, None, closed="left")],
    }
    _parameter_constraints.pop("eta0")
    _pa = True

    def __init__(
        self,
        *,
        C=1.0,
        fit_intercept=True,
        max_iter=1000,
        tol=1e-3,
        early_stopping=False,
        validation_fraction=0.1,
        n_iter_no_change=5,
        shuffle=True,
        verbose=0,
        loss="epsilon_insensitive",
        epsilon=DEFAULT_EPSILON,
        random_state=None,
        warm_start=False,
        average=False,
    ):
        warnings.warn(
            _MSG.format(
                "SGDRegressor(loss='epsilon_insensitive', penalty=None, learning_rate='pa1', "
                "eta0 = 1.0)"
            ),
            FutureWarning,
            stacklevel=2,
        )
        self.C = C
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.shuffle = shuffle
        self.verbose = verbose
        self.loss = loss
        self.epsilon = epsilon
        self.random_state = random_state
        self.warm_start = warm_start
        self.average = average

    penalty = None
    alpha = 1.0
    l1_ratio = 0.0

    def _lr(self):
        return "pa1" if self.loss == "epsilon_insensitive" else "pa2"

    def _loss_name(self):
        return "epsilon_insensitive"

    def _eta0(self):
        return self.C

    def fit(self, X, y, coef_init=None, intercept_init=None):
        """Fit the model with the passive-aggressive algorithm.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        coef_init : ndarray, default=None
        intercept_init : ndarray, default=None

        Returns
        -------
        self : object
        """
        return super().fit(X, y, coef_init=coef_init, intercept_init=intercept_init)

    def partial_fit(self, X, y):
        """One epoch of the passive-aggressive algorithm on the given samples.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        self : object
        """
        return super().partial_fit(X, y)
