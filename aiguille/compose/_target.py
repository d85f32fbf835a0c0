"""TransformedTargetRegressor: fit a regressor on a transformed target."""

import warnings

import numpy as np

from ..base import BaseEstimator, RegressorMixin, clone
from ..utils._param_validation import HasMethods
from ..utils._tags import get_tags
from ..utils.validation import _check_sample_weight, check_array, check_is_fitted

__all__ = ["TransformedTargetRegressor"]


class TransformedTargetRegressor(RegressorMixin, BaseEstimator):
    """Regress on ``func(y)`` (or a transformer's output) and map predictions back.

    Parameters
    ----------
    regressor : object, default=None
        The regressor (default: ``aiguille.linear_model.LinearRegression()``); cloned.
    transformer : object, default=None
        A transformer of y (cloned); exclusive with ``func``/``inverse_func``.
    func : callable, default=None
        Function applied to y before fitting.
    inverse_func : callable, default=None
        Function applied to the predictions.
    check_inverse : bool, default=True
        Warn if the transformation is not invertible on a subsample of y.

    Attributes
    ----------
    regressor_ : object
        The fitted regressor.
    transformer_ : object
        The fitted transformer of y.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit (only when X has string column names).

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.compose import TransformedTargetRegressor
    >>> from aiguille.linear_model import LinearRegression
    >>> X = np.arange(4, dtype=float).reshape(-1, 1)
    >>> y = np.exp(2 * X).ravel()
    >>> tt = TransformedTargetRegressor(LinearRegression(), func=np.log, inverse_func=np.exp)
    >>> tt.fit(X, y).score(X, y)
    1.0
    """

    _parameter_constraints = {
        "regressor": [HasMethods(["fit", "predict"]), None],
        "transformer": [HasMethods("transform"), None],
        "func": [callable, None],
        "inverse_func": [callable, None],
        "check_inverse": ["boolean"],
    }

    def __init__(
        self, regressor=None, *, transformer=None, func=None, inverse_func=None, check_inverse=True
    ):
        self.regressor = regressor
        self.transformer = transformer
        self.func = func
        self.inverse_func = inverse_func
        self.check_inverse = check_inverse

    def _fit_transformer(self, y):
        from ..preprocessing import FunctionTransformer

        if self.transformer is not None and (
            self.func is not None or self.inverse_func is not None
        ):
            raise ValueError(
                "'transformer' and functions 'func'/'inverse_func' cannot both be set."
            )
        if self.transformer is not None:
            self.transformer_ = clone(self.transformer)
        else:
            if self.func is not None and self.inverse_func is None:
                raise ValueError(
                    "When 'func' is provided, 'inverse_func' must also be provided. If "
                    "'inverse_func' is not needed, use "
                    "FunctionTransformer(func, inverse_func=None) as the transformer instead."
                )
            self.transformer_ = FunctionTransformer(
                func=self.func,
                inverse_func=self.inverse_func,
                validate=True,
                check_inverse=self.check_inverse,
            )
        self.transformer_.fit(y)
        if self.check_inverse:
            idx = slice(None, None, max(1, y.shape[0] // 10))
            y_sel = y[idx]
            y_sel_t = self.transformer_.transform(y_sel)
            if not np.allclose(y_sel, self.transformer_.inverse_transform(y_sel_t)):
                warnings.warn(
                    "The provided functions or transformer are not strictly inverse of each "
                    "other. If you are sure you want to proceed regardless, set "
                    "'check_inverse=False'",
                    UserWarning,
                )

    def fit(self, X, y, **fit_params):
        """Fit the transformer on y and the regressor on (X, transformed y).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
        **fit_params : dict
            Passed to the regressor's ``fit`` (e.g. ``sample_weight``).

        Returns
        -------
        self : object
        """
        self._validate_params()
        if y is None:
            raise ValueError(
                f"This {type(self).__name__} estimator requires y to be passed, but the "
                "target y is None."
            )
        y = check_array(
            y,
            input_name="y",
            accept_sparse=False,
            ensure_all_finite=True,
            ensure_2d=False,
            dtype="numeric",
            allow_nd=True,
        )
        self._training_dim = y.ndim
        y_2d = y.reshape(-1, 1) if y.ndim == 1 else y
        self._fit_transformer(y_2d)
        y_trans = self.transformer_.transform(y_2d)
        if y_trans.ndim == 2 and y_trans.shape[1] == 1 and self._training_dim == 1:
            y_trans = y_trans.squeeze(axis=1)
        self.regressor_ = self._get_regressor(get_clone=True)
        if "sample_weight" in fit_params and fit_params["sample_weight"] is not None:
            fit_params["sample_weight"] = _check_sample_weight(fit_params["sample_weight"], X)
        self.regressor_.fit(X, y_trans, **fit_params)
        if hasattr(self.regressor_, "feature_names_in_"):
            self.feature_names_in_ = self.regressor_.feature_names_in_
        return self

    def predict(self, X, **predict_params):
        """Predict with the regressor and map back with the inverse transformation.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        y_hat : ndarray of shape (n_samples,) or (n_samples, n_targets)
        """
        check_is_fitted(self)
        pred = self.regressor_.predict(X, **predict_params)
        pred_trans = self.transformer_.inverse_transform(
            pred.reshape(-1, 1) if pred.ndim == 1 else pred
        )
        if self._training_dim == 1 and pred_trans.ndim == 2 and pred_trans.shape[1] == 1:
            pred_trans = pred_trans.squeeze(axis=1)
        return pred_trans

    @property
    def n_features_in_(self):
        """Number of features seen by the regressor during fit."""
        return self.regressor_.n_features_in_

    def _get_regressor(self, get_clone=False):
        """The regressor (``LinearRegression()`` when None), cloned with ``get_clone``."""
        if self.regressor is None:
            from ..linear_model import LinearRegression

            return LinearRegression()
        return clone(self.regressor) if get_clone else self.regressor

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        reg = get_tags(self._get_regressor())
        tags.input_tags.sparse = reg.input_tags.sparse
        tags.input_tags.allow_nan = reg.input_tags.allow_nan
        tags.target_tags.multi_output = True  # as scikit-learn's: y may be 2-D
        return tags
