"""KBinsDiscretizer: bin continuous features into intervals."""

import warnings
from numbers import Integral

import numpy as np

from ..base import BaseEstimator, TransformerMixin
from ..utils._param_validation import Interval, Options, StrOptions
from ..utils.validation import (
    _check_feature_names_in,
    _check_sample_weight,
    check_array,
    check_is_fitted,
    check_random_state,
    validate_data,
)
from ._encoders import OneHotEncoder

__all__ = ["KBinsDiscretizer"]


def _weighted_percentile(array, sample_weight, percentile_rank, average=False):
    """Weighted percentiles of a 1-D array ("inverted_cdf" or "averaged_inverted_cdf"),
    following scikit-learn's definition."""
    array = np.asarray(array, dtype=np.float64)
    sample_weight = np.asarray(sample_weight, dtype=np.float64)
    if np.all(sample_weight == 0):
        return np.full(len(percentile_rank), np.nan)
    sorted_idx = np.argsort(array, kind="quicksort")
    sorted_weights = sample_weight[sorted_idx].copy()
    if np.isnan(array[sorted_idx[-1]]):
        sorted_weights[np.isnan(array[sorted_idx])] = 0
    weight_cdf = np.cumsum(sorted_weights)
    max_idx = len(sorted_idx) - 1
    out = np.empty(len(percentile_rank))
    for k, p_rank in enumerate(percentile_rank):
        adjusted = p_rank / 100 * weight_cdf[-1]
        if adjusted == 0:
            adjusted = np.nextafter(adjusted, adjusted + 1)
        idx = min(max(int(np.searchsorted(weight_cdf, adjusted)), 0), max_idx)
        value = array[sorted_idx[idx]]
        if average:
            fraction_above = weight_cdf[idx] - adjusted
            if not fraction_above > np.finfo(np.float64).eps:
                nxt = min(idx + 1, max_idx)
                nxt_in_sorted = sorted_idx[nxt]
                if sample_weight[nxt_in_sorted] == 0:
                    next_index = int(np.searchsorted(weight_cdf, weight_cdf[idx], side="right"))
                    if next_index > max_idx:
                        next_index = idx
                    nxt_in_sorted = sorted_idx[next_index]
                value = (value + array[nxt_in_sorted]) / 2
        out[k] = value
    return out


class KBinsDiscretizer(TransformerMixin, BaseEstimator):
    """Bin continuous data into intervals (uniform, quantile or k-means bins).

    Parameters
    ----------
    n_bins : int or array-like of shape (n_features,), default=5
        Number of bins per feature (at least 2).
    encode : {"onehot", "onehot-dense", "ordinal"}, default="onehot"
        Output: one-hot (sparse or dense) or the bin index.
    strategy : {"uniform", "quantile", "kmeans"}, default="quantile"
        Equal-width bins, bins with equal numbers of points, or 1-D k-means bins.
    quantile_method : str, default="averaged_inverted_cdf"
        ``numpy.percentile`` method for ``strategy="quantile"``.
    dtype : {np.float32, np.float64}, default=None
        Output dtype (default: the input's).
    subsample : int or None, default=200_000
        Fit on a bootstrap sample of this size when there are more samples.
    random_state : int, RandomState instance or None, default=None
        Seed of the subsampling.

    Attributes
    ----------
    bin_edges_ : ndarray of ndarray of shape (n_features,)
        Edges of the bins of each feature.
    n_bins_ : ndarray of shape (n_features,)
        Number of bins per feature (narrow bins removed).
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit (only when X has string column names).

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.preprocessing import KBinsDiscretizer
    >>> X = np.array([[-2.0, 1.0], [-1.0, 2.0], [0.0, 3.0], [1.0, 4.0]])
    >>> est = KBinsDiscretizer(n_bins=3, encode="ordinal", strategy="uniform").fit(X)
    >>> est.transform(X)
    array([[0., 0.],
           [1., 1.],
           [2., 2.],
           [2., 2.]])
    """

    _parameter_constraints = {
        "n_bins": [Interval(Integral, 2, None, closed="left"), "array-like"],
        "encode": [StrOptions({"onehot", "onehot-dense", "ordinal"})],
        "strategy": [StrOptions({"uniform", "quantile", "kmeans"})],
        "quantile_method": [
            StrOptions(
                {
                    "inverted_cdf",
                    "averaged_inverted_cdf",
                    "closest_observation",
                    "interpolated_inverted_cdf",
                    "hazen",
                    "weibull",
                    "linear",
                    "median_unbiased",
                    "normal_unbiased",
                }
            )
        ],
        "dtype": [Options(type, {np.float64, np.float32}), None],
        "subsample": [Interval(Integral, 1, None, closed="left"), None],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        n_bins=5,
        *,
        encode="onehot",
        strategy="quantile",
        quantile_method="averaged_inverted_cdf",
        dtype=None,
        subsample=200_000,
        random_state=None,
    ):
        self.n_bins = n_bins
        self.encode = encode
        self.strategy = strategy
        self.quantile_method = quantile_method
        self.dtype = dtype
        self.subsample = subsample
        self.random_state = random_state

    def fit(self, X, y=None, sample_weight=None):
        """Compute the bin edges of each feature.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : None
            Ignored.
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : object
        """
        self._validate_params()
        X = validate_data(self, X, dtype="numeric")
        output_dtype = self.dtype if self.dtype in (np.float64, np.float32) else X.dtype
        n_samples, n_features = X.shape
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
        if self.subsample is not None and n_samples > self.subsample:
            rng = check_random_state(self.random_state)
            p = None
            if sample_weight is not None:
                w = np.asarray(sample_weight, dtype=np.float64)
                p = w / w.sum()
            X = X[rng.choice(n_samples, size=self.subsample, p=p, replace=True)]
            sample_weight = None
        n_bins = self._validate_n_bins(n_features)
        bin_edges = np.zeros(n_features, dtype=object)
        quantile_method = self.quantile_method
        if (
            self.strategy == "quantile"
            and quantile_method not in ("inverted_cdf", "averaged_inverted_cdf")
            and sample_weight is not None
        ):
            raise ValueError(
                "When fitting with strategy='quantile' and sample weights, quantile_method "
                "should either be set to 'averaged_inverted_cdf' or 'inverted_cdf', got "
                f"quantile_method='{quantile_method}' instead."
            )
        if self.strategy != "quantile" and sample_weight is not None:
            nnz = sample_weight != 0
        else:
            nnz = slice(None)
        for jj in range(n_features):
            column = X[:, jj]
            col_min = column[nnz].min()
            col_max = column[nnz].max()
            if col_min == col_max:
                warnings.warn(f"Feature {jj} is constant and will be replaced with 0.")
                n_bins[jj] = 1
                bin_edges[jj] = np.array([-np.inf, np.inf])
                continue
            if self.strategy == "uniform":
                bin_edges[jj] = np.linspace(col_min, col_max, n_bins[jj] + 1)
            elif self.strategy == "quantile":
                levels = np.linspace(0, 100, n_bins[jj] + 1)
                if sample_weight is None:
                    kw = {} if quantile_method == "linear" else {"method": quantile_method}
                    bin_edges[jj] = np.asarray(
                        np.percentile(column, levels, **kw), dtype=np.float64
                    )
                else:
                    bin_edges[jj] = _weighted_percentile(
                        column,
                        sample_weight,
                        levels,
                        average=quantile_method == "averaged_inverted_cdf",
                    )
            else:
                from ..cluster import KMeans

                uniform_edges = np.linspace(col_min, col_max, n_bins[jj] + 1)
                init = (uniform_edges[1:] + uniform_edges[:-1])[:, None] * 0.5
                km = KMeans(n_clusters=n_bins[jj], init=init, n_init=1)
                centers = km.fit(column[:, None], sample_weight=sample_weight).cluster_centers_
                centers = np.sort(centers[:, 0])
                bin_edges[jj] = (centers[1:] + centers[:-1]) * 0.5
                bin_edges[jj] = np.r_[col_min, bin_edges[jj], col_max]
            if self.strategy in ("quantile", "kmeans"):
                mask = np.ediff1d(bin_edges[jj], to_begin=np.inf) > 1e-8
                bin_edges[jj] = bin_edges[jj][mask]
                if len(bin_edges[jj]) - 1 != n_bins[jj]:
                    warnings.warn(
                        f"Bins whose width are too small (i.e., <= 1e-8) in feature {jj} are "
                        "removed. Consider decreasing the number of bins."
                    )
                    n_bins[jj] = len(bin_edges[jj]) - 1
        self.bin_edges_ = bin_edges
        self.n_bins_ = n_bins
        if "onehot" in self.encode:
            self._encoder = OneHotEncoder(
                categories=[np.arange(i) for i in self.n_bins_],
                sparse_output=self.encode == "onehot",
                dtype=output_dtype,
            )
            self._encoder.fit(np.zeros((1, len(self.n_bins_))))
        return self

    def _validate_n_bins(self, n_features):
        orig_bins = self.n_bins
        if isinstance(orig_bins, Integral):
            return np.full(n_features, orig_bins, dtype=int)
        n_bins = check_array(orig_bins, dtype=int, copy=True, ensure_2d=False)
        if n_bins.ndim > 1 or n_bins.shape[0] != n_features:
            raise ValueError("n_bins must be a scalar or array of shape (n_features,).")
        bad = (n_bins < 2) | (n_bins != orig_bins)
        violating = np.where(bad)[0]
        if violating.shape[0] > 0:
            indices = ", ".join(str(i) for i in violating)
            raise ValueError(
                f"KBinsDiscretizer received an invalid number of bins at indices {indices}. "
                "Number of bins must be at least 2, and must be an int."
            )
        return n_bins

    def transform(self, X):
        """Bin X.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        Xt : {ndarray, sparse matrix}
            Bin indices, or their one-hot encoding.
        """
        check_is_fitted(self)
        dtype = (np.float64, np.float32) if self.dtype is None else self.dtype
        Xt = validate_data(self, X, copy=True, dtype=dtype, reset=False)
        for jj in range(Xt.shape[1]):
            Xt[:, jj] = np.searchsorted(self.bin_edges_[jj][1:-1], Xt[:, jj], side="right")
        if self.encode == "ordinal":
            return Xt
        dtype_init = self._encoder.dtype
        self._encoder.dtype = Xt.dtype
        try:
            return self._encoder.transform(Xt)
        finally:
            self._encoder.dtype = dtype_init

    def inverse_transform(self, X):
        """Centers of the bins of X.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Bin indices (or their one-hot encoding).

        Returns
        -------
        X_original : ndarray of shape (n_samples, n_features)
        """
        check_is_fitted(self)
        if "onehot" in self.encode:
            X = self._encoder.inverse_transform(X)
        Xinv = np.array(check_array(X, dtype=(np.float64, np.float32)), copy=True)
        n_features = self.n_bins_.shape[0]
        if Xinv.shape[1] != n_features:
            raise ValueError(
                f"Incorrect number of features. Expecting {n_features}, received {Xinv.shape[1]}."
            )
        for jj in range(n_features):
            edges = self.bin_edges_[jj]
            centers = (edges[1:] + edges[:-1]) * 0.5
            Xinv[:, jj] = centers[Xinv[:, jj].astype(np.int64)]
        return Xinv

    def get_feature_names_out(self, input_features=None):
        """Output feature names (one-hot names, or the input names for "ordinal").

        Returns
        -------
        feature_names_out : ndarray of str objects
        """
        check_is_fitted(self, "n_features_in_")
        input_features = _check_feature_names_in(self, input_features)
        if hasattr(self, "_encoder"):
            return self._encoder.get_feature_names_out(input_features)
        return input_features

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags
