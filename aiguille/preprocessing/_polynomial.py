"""PolynomialFeatures: all products of features up to a degree."""

from itertools import chain, combinations
from itertools import combinations_with_replacement as combinations_w_r
from numbers import Integral

import numpy as np

from ..base import BaseEstimator, TransformerMixin
from ..utils._param_validation import Interval, StrOptions
from ..utils.validation import (
    FLOAT_DTYPES,
    _check_feature_names_in,
    check_is_fitted,
    issparse,
    validate_data,
)

__all__ = ["PolynomialFeatures"]


class PolynomialFeatures(TransformerMixin, BaseEstimator):
    """Polynomial and interaction features: every product of at most ``degree`` features.

    For two features ``[a, b]`` and degree 2: ``[1, a, b, a^2, ab, b^2]``.

    Parameters
    ----------
    degree : int or tuple (min_degree, max_degree), default=2
        Maximum degree (or range of degrees) of the products.
    interaction_only : bool, default=False
        Only products of distinct features (no ``a^2``).
    include_bias : bool, default=True
        Include the constant column of ones.
    order : {"C", "F"}, default="C"
        Memory layout of the dense output.

    Attributes
    ----------
    powers_ : ndarray of shape (n_output_features_, n_features_in_)
        Exponent of each input in each output feature.
    n_output_features_ : int
        Number of output features.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit (only when X has string column names).

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.preprocessing import PolynomialFeatures
    >>> poly = PolynomialFeatures(2).fit(np.array([[2.0, 3.0]]))
    >>> poly.transform(np.array([[2.0, 3.0]]))
    array([[1., 2., 3., 4., 6., 9.]])
    >>> poly.get_feature_names_out()
    array(['1', 'x0', 'x1', 'x0^2', 'x0 x1', 'x1^2'], dtype=object)
    """

    _parameter_constraints = {
        "degree": [Interval(Integral, 0, None, closed="left"), "array-like"],
        "interaction_only": ["boolean"],
        "include_bias": ["boolean"],
        "order": [StrOptions({"C", "F"})],
    }

    def __init__(self, degree=2, *, interaction_only=False, include_bias=True, order="C"):
        self.degree = degree
        self.interaction_only = interaction_only
        self.include_bias = include_bias
        self.order = order

    @staticmethod
    def _combinations(n_features, min_degree, max_degree, interaction_only, include_bias):
        comb = combinations if interaction_only else combinations_w_r
        start = max(1, min_degree)
        it = chain.from_iterable(comb(range(n_features), i) for i in range(start, max_degree + 1))
        if include_bias:
            it = chain(comb(range(n_features), 0), it)
        return it

    @property
    def powers_(self):
        """Exponent of each input feature in each output feature."""
        check_is_fitted(self)
        combos = self._combinations(
            self.n_features_in_,
            self._min_degree,
            self._max_degree,
            self.interaction_only,
            self.include_bias,
        )
        return np.vstack([np.bincount(c, minlength=self.n_features_in_) for c in combos]).astype(
            np.int64
        )

    def get_feature_names_out(self, input_features=None):
        """Output feature names such as ``x0 x1^2``.

        Parameters
        ----------
        input_features : array-like of str, default=None

        Returns
        -------
        feature_names_out : ndarray of str objects
        """
        powers = self.powers_
        input_features = _check_feature_names_in(self, input_features)
        names = []
        for row in powers:
            inds = np.where(row)[0]
            if len(inds):
                name = " ".join(
                    f"{input_features[ind]}^{exp}" if exp != 1 else input_features[ind]
                    for ind, exp in zip(inds, row[inds])
                )
            else:
                name = "1"
            names.append(name)
        return np.asarray(names, dtype=object)

    def fit(self, X, y=None):
        """Compute the number of output features.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : None
            Ignored.

        Returns
        -------
        self : object
        """
        self._validate_params()
        _, n_features = validate_data(
            self, X, accept_sparse=("csr", "csc"), dtype=FLOAT_DTYPES
        ).shape
        if isinstance(self.degree, Integral):
            if self.degree == 0 and not self.include_bias:
                raise ValueError(
                    "Setting degree to zero and include_bias to False would result in an "
                    "empty output array."
                )
            self._min_degree, self._max_degree = 0, self.degree
        elif isinstance(self.degree, tuple | list | np.ndarray) and len(self.degree) == 2:
            self._min_degree, self._max_degree = self.degree
            if not (
                isinstance(self._min_degree, Integral)
                and isinstance(self._max_degree, Integral)
                and 0 <= self._min_degree <= self._max_degree
            ):
                raise ValueError(
                    "degree=(min_degree, max_degree) must be non-negative integers that "
                    f"fulfil min_degree <= max_degree, got {self.degree}."
                )
            if self._max_degree == 0 and not self.include_bias:
                raise ValueError(
                    "Setting both min_degree and max_degree to zero and include_bias to "
                    "False would result in an empty output array."
                )
        else:
            raise ValueError(
                "degree must be a non-negative int or tuple (min_degree, max_degree), got "
                f"{self.degree}."
            )
        self.n_output_features_ = sum(
            1
            for _ in self._combinations(
                n_features,
                self._min_degree,
                self._max_degree,
                self.interaction_only,
                self.include_bias,
            )
        )
        return self

    def transform(self, X):
        """Polynomial features of X.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        XP : {ndarray, sparse matrix} of shape (n_samples, n_output_features_)
        """
        check_is_fitted(self)
        X = validate_data(
            self, X, order="F", dtype=FLOAT_DTYPES, reset=False, accept_sparse=("csr", "csc")
        )
        combos = list(
            self._combinations(
                X.shape[1],
                self._min_degree,
                self._max_degree,
                self.interaction_only,
                self.include_bias,
            )
        )
        if issparse(X):
            import scipy.sparse as sp

            fmt = X.format
            Xc = X.tocsc()
            cols = {}
            out = []
            for c in combos:
                if len(c) == 0:
                    out.append(sp.csc_matrix(np.ones((X.shape[0], 1), dtype=X.dtype)))
                    continue
                col = Xc[:, [c[0]]]
                for k in range(1, len(c)):
                    key = c[: k + 1]
                    if key not in cols:
                        cols[key] = col.multiply(Xc[:, [c[k]]]).tocsc()
                    col = cols[key]
                out.append(col)
            return sp.hstack(out, format=fmt, dtype=X.dtype)
        XP = np.empty((X.shape[0], len(combos)), dtype=X.dtype, order=self.order)
        cache = {}
        for k, c in enumerate(combos):
            if len(c) == 0:
                XP[:, k] = 1
                continue
            col = X[:, c[0]]
            for m in range(1, len(c)):
                key = c[: m + 1]
                if key not in cache:
                    cache[key] = col * X[:, c[m]]
                col = cache[key]
            XP[:, k] = col
        return XP

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.sparse = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags
