"""Categorical encoders: OneHotEncoder and OrdinalEncoder.

Columns are encoded one at a time, so object (string) columns and numeric columns can be
mixed, as in a DataFrame. Categories are sorted (``None`` then NaN last); integer columns
are coded by table lookup, other numeric columns by binary search, object columns by a
dict: the data is never sorted again at transform time.
"""

import numbers
import warnings
from numbers import Integral

import numpy as np

from ..base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from ..utils._indexing import _safe_indexing
from ..utils._missing import _is_scalar_nan
from ..utils._param_validation import Interval, StrOptions
from ..utils._set_output import _output_config
from ..utils.validation import (
    _check_feature_names_in,
    check_array,
    check_is_fitted,
    validate_data,
)
from ._encode import _check_unknown, _codes, _unique

__all__ = ["OneHotEncoder", "OrdinalEncoder"]

_MIN_FREQUENCY = [
    Interval(Integral, 1, None, closed="left"),
    Interval("real_not_int", 0, 1, closed="neither"),
    None,
]


class _BaseEncoder(TransformerMixin, BaseEstimator):
    """Shared fit/transform logic: per-column categories, codes and infrequent grouping."""

    def _check_X(self, X, ensure_all_finite=True):
        """List of the columns of X as 1-D arrays (object columns stay object)."""
        if not (hasattr(X, "iloc") and getattr(X, "ndim", 0) == 2):
            X_temp = check_array(
                X, dtype=None, ensure_all_finite=ensure_all_finite, input_name="X"
            )
            if not hasattr(X, "dtype") and np.issubdtype(X_temp.dtype, np.str_):
                X = check_array(
                    X, dtype=object, ensure_all_finite=ensure_all_finite, input_name="X"
                )
            else:
                X = X_temp
            needs_validation = False
        else:
            needs_validation = ensure_all_finite
        n_samples, n_features = X.shape
        X_columns = []
        for i in range(n_features):
            Xi = _safe_indexing(X, indices=i, axis=1)
            Xi = check_array(
                Xi, ensure_2d=False, dtype=None, ensure_all_finite=needs_validation, input_name="X"
            )
            X_columns.append(Xi)
        return X_columns, n_samples, n_features

    def _check_infrequent_enabled(self):
        max_categories = getattr(self, "max_categories", None)
        min_frequency = getattr(self, "min_frequency", None)
        self._infrequent_enabled = (
            max_categories is not None and max_categories >= 1
        ) or min_frequency is not None

    def _fit(
        self,
        X,
        handle_unknown="error",
        ensure_all_finite=True,
        return_and_ignore_missing_for_infrequent=False,
    ):
        self._check_infrequent_enabled()
        validate_data(self, X=X, reset=True, skip_check_array=True)
        X_list, n_samples, n_features = self._check_X(X, ensure_all_finite=ensure_all_finite)
        self.n_features_in_ = n_features
        if self.categories != "auto" and len(self.categories) != n_features:
            raise ValueError(
                "Shape mismatch: if categories is an array, it has to be of shape (n_features,)."
            )
        categories = []
        category_counts = []
        for i in range(n_features):
            Xi = X_list[i]
            if self.categories == "auto":
                if self._infrequent_enabled:
                    cats, counts = _unique(Xi, return_counts=True)
                    category_counts.append(counts)
                else:
                    cats = _unique(Xi)
            else:
                cats = self._user_categories(Xi, i, handle_unknown)
                if self._infrequent_enabled:
                    from ._encode import _get_counts

                    category_counts.append(_get_counts(Xi, cats))
            categories.append(cats)
        self.categories_ = categories
        missing_indices = {}
        if return_and_ignore_missing_for_infrequent:
            for feature_idx, cats in enumerate(self.categories_):
                for category_idx, category in enumerate(cats):
                    if _is_scalar_nan(category):
                        missing_indices[feature_idx] = category_idx
                        break
        if self._infrequent_enabled:
            self._fit_infrequent_category_mapping(n_samples, category_counts, missing_indices)
        return missing_indices

    def _user_categories(self, Xi, i, handle_unknown):
        Xi_dtype = object if np.issubdtype(Xi.dtype, np.str_) else Xi.dtype
        cats = np.array(self.categories[i], dtype=Xi_dtype)
        if cats.dtype == object and len(cats) and isinstance(cats[0], bytes):
            if Xi.dtype.kind != "S":
                raise ValueError(
                    f"In column {i}, the predefined categories have type 'bytes' which is "
                    f"incompatible with values of type '{type(Xi[0]).__name__}'."
                )
        for category in cats[:-1]:
            if _is_scalar_nan(category):
                raise ValueError(
                    "Nan should be the last element in user provided categories, see "
                    f"categories {cats} in column #{i}"
                )
        if cats.size != len(_unique(cats)):
            raise ValueError(
                f"In column {i}, the predefined categories contain duplicate elements."
            )
        if Xi.dtype.kind not in "OUS":
            sorted_cats = np.sort(cats)
            stop_idx = -1 if sorted_cats.size and np.isnan(sorted_cats[-1]) else None
            if np.any(sorted_cats[:stop_idx] != cats[:stop_idx]):
                raise ValueError("Unsorted categories are not supported for numerical categories")
        if handle_unknown == "error":
            diff = _check_unknown(Xi, cats)
            if diff:
                raise ValueError(f"Found unknown categories {diff} in column {i} during fit")
        return cats

    # -- infrequent categories -----------------------------------------------------------
    @property
    def infrequent_categories_(self):
        """Infrequent categories of each feature (None where there are none)."""
        indices = self._infrequent_indices
        return [None if idx is None else cats[idx] for cats, idx in zip(self.categories_, indices)]

    def _identify_infrequent(self, category_count, n_samples):
        if isinstance(self.min_frequency, numbers.Integral):
            infrequent_mask = category_count < self.min_frequency
        elif isinstance(self.min_frequency, numbers.Real):
            infrequent_mask = category_count < n_samples * self.min_frequency
        else:
            infrequent_mask = np.zeros(category_count.shape[0], dtype=bool)
        n_current_features = category_count.size - infrequent_mask.sum() + 1
        if self.max_categories is not None and self.max_categories < n_current_features:
            frequent_category_count = self.max_categories - 1
            if frequent_category_count == 0:
                infrequent_mask[:] = True
            else:
                smallest_levels = np.argsort(category_count, kind="mergesort")[
                    :-frequent_category_count
                ]
                infrequent_mask[smallest_levels] = True
        output = np.flatnonzero(infrequent_mask)
        return output if output.size > 0 else None

    def _fit_infrequent_category_mapping(self, n_samples, category_counts, missing_indices):
        counts = [
            np.delete(count, missing_indices[i]) if i in missing_indices else count
            for i, count in enumerate(category_counts)
        ]
        self._infrequent_indices = [self._identify_infrequent(c, n_samples) for c in counts]
        self._default_to_infrequent_mappings = []
        for feature_idx, infreq_idx in enumerate(self._infrequent_indices):
            if infreq_idx is None:
                self._default_to_infrequent_mappings.append(None)
                continue
            n_cats = len(self.categories_[feature_idx])
            if feature_idx in missing_indices:
                n_cats -= 1
            mapping = np.empty(n_cats, dtype=np.int64)
            n_frequent_cats = n_cats - infreq_idx.size
            mapping[infreq_idx] = n_frequent_cats
            frequent_indices = np.setdiff1d(np.arange(n_cats), infreq_idx)
            mapping[frequent_indices] = np.arange(n_frequent_cats)
            self._default_to_infrequent_mappings.append(mapping)

    def _map_infrequent_categories(self, X_int, X_mask, ignore_category_indices):
        if not self._infrequent_enabled:
            return
        ignore_category_indices = ignore_category_indices or {}
        for col_idx in range(X_int.shape[1]):
            infrequent_idx = self._infrequent_indices[col_idx]
            if infrequent_idx is None:
                continue
            X_int[~X_mask[:, col_idx], col_idx] = infrequent_idx[0]
            if self.handle_unknown in ("infrequent_if_exist", "warn"):
                X_mask[:, col_idx] = True
        for i, mapping in enumerate(self._default_to_infrequent_mappings):
            if mapping is None:
                continue
            if i in ignore_category_indices:
                rows = X_int[:, i] != ignore_category_indices[i]
            else:
                rows = slice(None)
            X_int[rows, i] = np.take(mapping, X_int[rows, i])

    # -- transform ------------------------------------------------------------------------
    def _transform(
        self,
        X,
        handle_unknown="error",
        ensure_all_finite=True,
        warn_on_unknown=False,
        ignore_category_indices=None,
    ):
        X_list, n_samples, n_features = self._check_X(X, ensure_all_finite=ensure_all_finite)
        validate_data(self, X=X, reset=False, skip_check_array=True)
        X_int = np.zeros((n_samples, n_features), dtype=np.intp)
        X_mask = np.ones((n_samples, n_features), dtype=bool)
        columns_with_unknown = []
        for i in range(n_features):
            codes, valid = _codes(X_list[i], self.categories_[i])
            if not valid.all():
                if handle_unknown == "error":
                    diff = _check_unknown(X_list[i], self.categories_[i])
                    raise ValueError(
                        f"Found unknown categories {diff} in column {i} during transform"
                    )
                if warn_on_unknown:
                    columns_with_unknown.append(i)
                X_mask[:, i] = valid
            X_int[:, i] = codes
        if columns_with_unknown:
            if handle_unknown == "infrequent_if_exist":
                msg = (
                    f"Found unknown categories in columns {columns_with_unknown} during "
                    "transform. These unknown categories will be encoded as the infrequent "
                    "category."
                )
            else:
                msg = (
                    f"Found unknown categories in columns {columns_with_unknown} during "
                    "transform. These unknown categories will be encoded as all zeros"
                )
            warnings.warn(msg, UserWarning)
        self._map_infrequent_categories(X_int, X_mask, ignore_category_indices)
        return X_int, X_mask

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.categorical = True
        tags.input_tags.string = True
        tags.input_tags.allow_nan = True
        return tags


class OneHotEncoder(_BaseEncoder):
    """Encode categorical features as a one-hot numeric array.

    Parameters
    ----------
    categories : "auto" or list of array-like, default="auto"
        Categories of each feature: learned (sorted) from the data, or given per feature
        (sorted, for numeric features).
    drop : {"first", "if_binary"} or array-like of shape (n_features,), default=None
        Category to drop per feature, to avoid collinear columns.
    sparse_output : bool, default=True
        Return a CSR sparse matrix (else a dense array).
    dtype : number type, default=np.float64
        Dtype of the output.
    handle_unknown : {"error", "ignore", "infrequent_if_exist", "warn"}, default="error"
        What to do with a category unseen in fit: raise; encode as all zeros; encode as
        the infrequent category if there is one (else zeros); or like
        "infrequent_if_exist" with a warning.
    min_frequency : int or float, default=None
        Categories seen fewer times (or a smaller fraction of the samples) are grouped
        into one infrequent category.
    max_categories : int, default=None
        Upper bound of output features per input feature, infrequent category included.
    feature_name_combiner : "concat" or callable, default="concat"
        ``f(feature, category) -> str`` used by ``get_feature_names_out``.

    Attributes
    ----------
    categories_ : list of ndarray
        Categories of each feature, in the order of the output columns.
    drop_idx_ : ndarray of shape (n_features,) or None
        Index in ``categories_[i]`` of the dropped category of each feature (None: none).
    infrequent_categories_ : list of ndarray
        Infrequent categories of each feature (only with min_frequency/max_categories).
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit (only when X has string column names).

    Examples
    --------
    >>> from aiguille.preprocessing import OneHotEncoder
    >>> enc = OneHotEncoder(handle_unknown="ignore", sparse_output=False)
    >>> enc.fit([["Male", 1], ["Female", 3], ["Female", 2]])
    OneHotEncoder(handle_unknown='ignore', sparse_output=False)
    >>> enc.categories_
    [array(['Female', 'Male'], dtype=object), array([1, 2, 3], dtype=object)]
    >>> enc.transform([["Female", 1], ["Male", 4]])
    array([[1., 0., 1., 0., 0.],
           [0., 1., 0., 0., 0.]])
    >>> enc.get_feature_names_out(["gender", "group"])
    array(['gender_Female', 'gender_Male', 'group_1', 'group_2', 'group_3'],
          dtype=object)
    """

    _parameter_constraints = {
        "categories": [StrOptions({"auto"}), list],
        "drop": [StrOptions({"first", "if_binary"}), "array-like", None],
        "dtype": "no_validation",
        "handle_unknown": [StrOptions({"error", "ignore", "infrequent_if_exist", "warn"})],
        "max_categories": [Interval(Integral, 1, None, closed="left"), None],
        "min_frequency": _MIN_FREQUENCY,
        "sparse_output": ["boolean"],
        "feature_name_combiner": [StrOptions({"concat"}), callable],
    }

    def __init__(
        self,
        *,
        categories="auto",
        drop=None,
        sparse_output=True,
        dtype=np.float64,
        handle_unknown="error",
        min_frequency=None,
        max_categories=None,
        feature_name_combiner="concat",
    ):
        self.categories = categories
        self.sparse_output = sparse_output
        self.dtype = dtype
        self.handle_unknown = handle_unknown
        self.drop = drop
        self.min_frequency = min_frequency
        self.max_categories = max_categories
        self.feature_name_combiner = feature_name_combiner

    def fit(self, X, y=None):
        """Learn the categories of each feature.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Categorical data (numbers, strings, or a DataFrame).
        y : None
            Ignored.

        Returns
        -------
        self : object
            Fitted encoder.
        """
        self._validate_params()
        self._fit(X, handle_unknown=self.handle_unknown, ensure_all_finite="allow-nan")
        self._set_drop_idx()
        self._n_features_outs = self._compute_n_features_outs()
        return self

    def _map_drop_idx_to_infrequent(self, feature_idx, drop_idx):
        if not self._infrequent_enabled:
            return drop_idx
        default_to_infrequent = self._default_to_infrequent_mappings[feature_idx]
        if default_to_infrequent is None:
            return drop_idx
        infrequent_indices = self._infrequent_indices[feature_idx]
        if infrequent_indices is not None and drop_idx in infrequent_indices:
            categories = self.categories_[feature_idx]
            raise ValueError(
                f"Unable to drop category {categories[drop_idx].item()!r} from feature "
                f"{feature_idx} because it is infrequent"
            )
        return default_to_infrequent[drop_idx]

    def _set_drop_idx(self):
        if self.drop is None:
            drop_idx_after_grouping = None
        elif isinstance(self.drop, str):
            if self.drop == "first":
                drop_idx_after_grouping = np.zeros(len(self.categories_), dtype=object)
            else:  # "if_binary"
                n_out = [len(cat) for cat in self.categories_]
                if self._infrequent_enabled:
                    for i, infreq_idx in enumerate(self._infrequent_indices):
                        if infreq_idx is not None:
                            n_out[i] -= infreq_idx.size - 1
                drop_idx_after_grouping = np.array(
                    [0 if n == 2 else None for n in n_out], dtype=object
                )
        else:
            drop_array = np.asarray(self.drop, dtype=object)
            if len(drop_array) != len(self.categories_):
                raise ValueError(
                    "`drop` should have length equal to the number of features "
                    f"({len(self.categories_)}), got {len(drop_array)}"
                )
            missing_drops = []
            drop_indices = []
            for feature_idx, (drop_val, cat_list) in enumerate(zip(drop_array, self.categories_)):
                if not _is_scalar_nan(drop_val):
                    drop_idx = np.where(cat_list == drop_val)[0]
                    if drop_idx.size:
                        drop_indices.append(
                            self._map_drop_idx_to_infrequent(feature_idx, drop_idx[0])
                        )
                    else:
                        missing_drops.append((feature_idx, drop_val))
                    continue
                if len(cat_list) and _is_scalar_nan(cat_list[-1]):
                    drop_indices.append(
                        self._map_drop_idx_to_infrequent(feature_idx, cat_list.size - 1)
                    )
                else:
                    missing_drops.append((feature_idx, drop_val))
            if any(missing_drops):
                lines = "\n".join(f"Category: {c}, Feature: {v}" for c, v in missing_drops)
                raise ValueError(
                    "The following categories were supposed to be dropped, but were not "
                    f"found in the training data.\n{lines}"
                )
            drop_idx_after_grouping = np.array(drop_indices, dtype=object)
        self._drop_idx_after_grouping = drop_idx_after_grouping
        if not self._infrequent_enabled or drop_idx_after_grouping is None:
            self.drop_idx_ = self._drop_idx_after_grouping
        else:
            drop_idx_ = []
            for feature_idx, drop_idx in enumerate(drop_idx_after_grouping):
                default_to_infrequent = self._default_to_infrequent_mappings[feature_idx]
                if drop_idx is None or default_to_infrequent is None:
                    orig = drop_idx
                else:
                    orig = np.flatnonzero(default_to_infrequent == drop_idx)[0]
                drop_idx_.append(orig)
            self.drop_idx_ = np.asarray(drop_idx_, dtype=object)

    def _compute_n_features_outs(self):
        output = [len(cats) for cats in self.categories_]
        if self._drop_idx_after_grouping is not None:
            for i, drop_idx in enumerate(self._drop_idx_after_grouping):
                if drop_idx is not None:
                    output[i] -= 1
        if not self._infrequent_enabled:
            return output
        for i, infreq_idx in enumerate(self._infrequent_indices):
            if infreq_idx is not None:
                output[i] -= infreq_idx.size - 1
        return output

    def _compute_transformed_categories(self, i, remove_dropped=True):
        cats = self.categories_[i]
        if self._infrequent_enabled:
            infreq_map = self._default_to_infrequent_mappings[i]
            if infreq_map is not None:
                frequent_mask = infreq_map < infreq_map.max()
                cats = np.concatenate(
                    (cats[frequent_mask], np.array(["infrequent_sklearn"], dtype=object))
                )
        if remove_dropped:
            cats = self._remove_dropped_categories(cats, i)
        return cats

    def _remove_dropped_categories(self, categories, i):
        if self._drop_idx_after_grouping is not None and (
            self._drop_idx_after_grouping[i] is not None
        ):
            return np.delete(categories, self._drop_idx_after_grouping[i])
        return categories

    def transform(self, X):
        """One-hot encode X.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        X_out : {ndarray, sparse matrix} of shape (n_samples, n_encoded_features)
            CSR matrix when ``sparse_output=True``.
        """
        check_is_fitted(self)
        transform_output = _output_config(self)
        if transform_output != "default" and self.sparse_output:
            cap = transform_output.capitalize()
            raise ValueError(
                f"{cap} output does not support sparse data. Set sparse_output=False to "
                f"output {transform_output} dataframes or disable {cap} output via"
                '` ohe.set_output(transform="default").'
            )
        if self.handle_unknown == "warn":
            warn_on_unknown, handle_unknown = True, "infrequent_if_exist"
        else:
            warn_on_unknown = self.drop is not None and self.handle_unknown in {
                "ignore",
                "infrequent_if_exist",
            }
            handle_unknown = self.handle_unknown
        X_int, X_mask = self._transform(
            X,
            handle_unknown=handle_unknown,
            ensure_all_finite="allow-nan",
            warn_on_unknown=warn_on_unknown,
        )
        return self._one_hot(X_int, X_mask)

    def _one_hot(self, X_int, X_mask):
        import scipy.sparse as sp

        n_samples, n_features = X_int.shape
        if self._drop_idx_after_grouping is not None:
            to_drop = np.array(
                [
                    len(cats) if d is None else d
                    for d, cats in zip(self._drop_idx_after_grouping, self.categories_)
                ],
                dtype=np.intp,
            ).reshape(1, -1)
            keep_cells = X_int != to_drop
            X_int[X_int > to_drop] -= 1
            X_mask &= keep_cells
        feature_indices = np.cumsum([0] + self._n_features_outs)
        n_out = int(feature_indices[-1])
        X_int += feature_indices[:-1]
        if not self.sparse_output:
            out = np.zeros((n_samples, n_out), dtype=self.dtype)
            rows = np.broadcast_to(np.arange(n_samples)[:, None], X_int.shape)
            if X_mask.all():
                out[rows, X_int] = 1
            else:
                out[rows[X_mask], X_int[X_mask]] = 1
            return out
        index_dtype = np.int32 if max(n_out, X_int.size) < 2**31 - 1 else np.int64
        if X_mask.all():
            indices = X_int.astype(index_dtype).ravel()
            indptr = np.arange(0, n_samples * n_features + 1, n_features, dtype=index_dtype)
        else:
            indices = X_int[X_mask].astype(index_dtype)
            indptr = np.zeros(n_samples + 1, dtype=index_dtype)
            np.cumsum(X_mask.sum(axis=1), out=indptr[1:])
        data = np.ones(len(indices), dtype=self.dtype)
        return sp.csr_matrix((data, indices, indptr), shape=(n_samples, n_out))

    def inverse_transform(self, X):
        """Categories from a one-hot encoding (None for all-zero unknown rows).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_encoded_features)

        Returns
        -------
        X_original : ndarray of shape (n_samples, n_features)
        """
        check_is_fitted(self)
        X = check_array(X, accept_sparse="csr")
        n_samples, _ = X.shape
        n_features = len(self.categories_)
        n_features_out = int(np.sum(self._n_features_outs))
        if X.shape[1] != n_features_out:
            raise ValueError(
                "Shape of the passed X data is not correct. Expected "
                f"{n_features_out} columns, got {X.shape[1]}."
            )
        transformed = [
            self._compute_transformed_categories(i, remove_dropped=False)
            for i in range(n_features)
        ]
        dt = np.result_type(*[cat.dtype for cat in transformed])
        X_tr = np.empty((n_samples, n_features), dtype=dt)
        j = 0
        found_unknown = {}
        infrequent = self._infrequent_indices if self._infrequent_enabled else [None] * n_features
        drops = self._drop_idx_after_grouping
        for i in range(n_features):
            cats_wo_dropped = self._remove_dropped_categories(transformed[i], i)
            n_categories = cats_wo_dropped.shape[0]
            if n_categories == 0:
                X_tr[:, i] = self.categories_[i][drops[i]]
                continue
            sub = X[:, j : j + n_categories]
            labels = np.asarray(sub.argmax(axis=1)).ravel()
            X_tr[:, i] = cats_wo_dropped[labels]
            all_zero = np.asarray(sub.sum(axis=1) == 0).ravel()
            if self.handle_unknown == "ignore" or (
                self.handle_unknown in ("infrequent_if_exist", "warn") and infrequent[i] is None
            ):
                if all_zero.any():
                    if drops is None or drops[i] is None:
                        found_unknown[i] = all_zero
                    else:
                        X_tr[all_zero, i] = self.categories_[i][drops[i]]
            elif all_zero.any():
                if drops is None:
                    raise ValueError(
                        f"Samples {np.flatnonzero(all_zero)} can not be inverted when "
                        "drop=None and handle_unknown='error' because they contain all zeros"
                    )
                X_tr[all_zero, i] = transformed[i][drops[i]]
            j += n_categories
        if found_unknown:
            if X_tr.dtype != object:
                X_tr = X_tr.astype(object)
            for idx, mask in found_unknown.items():
                X_tr[mask, idx] = None
        return X_tr

    def get_feature_names_out(self, input_features=None):
        """Output feature names, ``<feature>_<category>``.

        Parameters
        ----------
        input_features : array-like of str, default=None
            Input feature names (default: ``feature_names_in_`` or ``x0, x1, ...``).

        Returns
        -------
        feature_names_out : ndarray of str objects
        """
        check_is_fitted(self)
        input_features = _check_feature_names_in(self, input_features)
        if self.feature_name_combiner == "concat":

            def combiner(feature, category):
                return feature + "_" + str(category)

        else:
            combiner = self.feature_name_combiner
            if not isinstance(combiner("feature", "category"), str):
                raise TypeError(
                    "When `feature_name_combiner` is a callable, it should return a Python "
                    "string. Got "
                    f"{type(combiner('feature', 'category'))} instead."
                )
        names = []
        for i in range(len(self.categories_)):
            cats = self._compute_transformed_categories(i)
            names.extend(combiner(input_features[i], t) for t in cats)
        return np.array(names, dtype=object)


class OrdinalEncoder(OneToOneFeatureMixin, _BaseEncoder):
    """Encode categorical features as integers 0 .. n_categories - 1 (one column each).

    Parameters
    ----------
    categories : "auto" or list of array-like, default="auto"
        Categories of each feature: learned (sorted) from the data, or given.
    dtype : number type, default=np.float64
        Dtype of the output.
    handle_unknown : {"error", "use_encoded_value"}, default="error"
        Raise on unknown categories, or encode them as ``unknown_value``.
    unknown_value : int or np.nan, default=None
        Code of unknown categories with ``handle_unknown="use_encoded_value"``.
    encoded_missing_value : int or np.nan, default=np.nan
        Code of missing values (NaN).
    min_frequency : int or float, default=None
        Group categories seen fewer times into one infrequent category.
    max_categories : int, default=None
        Upper bound of categories per feature, infrequent category included.

    Attributes
    ----------
    categories_ : list of ndarray
        Categories of each feature, in the order of their codes.
    infrequent_categories_ : list of ndarray
        Infrequent categories of each feature (only with min_frequency/max_categories).
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit (only when X has string column names).

    Examples
    --------
    >>> from aiguille.preprocessing import OrdinalEncoder
    >>> enc = OrdinalEncoder().fit([["Male", 1], ["Female", 3], ["Female", 2]])
    >>> enc.categories_
    [array(['Female', 'Male'], dtype=object), array([1, 2, 3], dtype=object)]
    >>> enc.transform([["Female", 3], ["Male", 1]])
    array([[0., 2.],
           [1., 0.]])
    """

    _parameter_constraints = {
        "categories": [StrOptions({"auto"}), list],
        "dtype": "no_validation",
        "encoded_missing_value": [Integral, type(np.nan)],
        "handle_unknown": [StrOptions({"error", "use_encoded_value"})],
        "unknown_value": [Integral, type(np.nan), None],
        "max_categories": [Interval(Integral, 1, None, closed="left"), None],
        "min_frequency": _MIN_FREQUENCY,
    }

    def __init__(
        self,
        *,
        categories="auto",
        dtype=np.float64,
        handle_unknown="error",
        unknown_value=None,
        encoded_missing_value=np.nan,
        min_frequency=None,
        max_categories=None,
    ):
        self.categories = categories
        self.dtype = dtype
        self.handle_unknown = handle_unknown
        self.unknown_value = unknown_value
        self.encoded_missing_value = encoded_missing_value
        self.min_frequency = min_frequency
        self.max_categories = max_categories

    def fit(self, X, y=None):
        """Learn the categories of each feature.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : None
            Ignored.

        Returns
        -------
        self : object
            Fitted encoder.
        """
        self._validate_params()
        if self.handle_unknown == "use_encoded_value":
            if _is_scalar_nan(self.unknown_value):
                if np.dtype(self.dtype).kind != "f":
                    raise ValueError(
                        "When unknown_value is np.nan, the dtype parameter should be a "
                        f"float dtype. Got {self.dtype}."
                    )
            elif not isinstance(self.unknown_value, numbers.Integral):
                raise TypeError(
                    "unknown_value should be an integer or np.nan when handle_unknown is "
                    f"'use_encoded_value', got {self.unknown_value}."
                )
        elif self.unknown_value is not None:
            raise TypeError(
                "unknown_value should only be set when handle_unknown is "
                f"'use_encoded_value', got {self.unknown_value}."
            )
        self._missing_indices = self._fit(
            X,
            handle_unknown=self.handle_unknown,
            ensure_all_finite="allow-nan",
            return_and_ignore_missing_for_infrequent=True,
        )
        cardinalities = [len(cats) for cats in self.categories_]
        if self._infrequent_enabled:
            for i, infrequent in enumerate(self.infrequent_categories_):
                if infrequent is not None:
                    cardinalities[i] -= len(infrequent)
        for i, cats in enumerate(self.categories_):
            if len(cats) and _is_scalar_nan(cats[-1]):
                cardinalities[i] -= 1
        if self.handle_unknown == "use_encoded_value":
            for cardinality in cardinalities:
                if 0 <= self.unknown_value < cardinality:
                    raise ValueError(
                        f"The used value for unknown_value {self.unknown_value} is one of "
                        "the values already used for encoding the seen categories."
                    )
        if self._missing_indices:
            if np.dtype(self.dtype).kind != "f" and _is_scalar_nan(self.encoded_missing_value):
                raise ValueError(
                    f"There are missing values in features {list(self._missing_indices)}. "
                    "For OrdinalEncoder to encode missing values with dtype: "
                    f"{self.dtype}, set encoded_missing_value to a non-nan value, or set "
                    "dtype to a float"
                )
            if not _is_scalar_nan(self.encoded_missing_value):
                invalid = [
                    i
                    for i, cardinality in enumerate(cardinalities)
                    if i in self._missing_indices and 0 <= self.encoded_missing_value < cardinality
                ]
                if invalid:
                    if hasattr(self, "feature_names_in_"):
                        invalid = self.feature_names_in_[invalid]
                    raise ValueError(
                        f"encoded_missing_value ({self.encoded_missing_value}) is already "
                        f"used to encode a known category in features: {invalid}"
                    )
        return self

    def transform(self, X):
        """Encode X as integers.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        X_out : ndarray of shape (n_samples, n_features)
        """
        check_is_fitted(self, "categories_")
        X_int, X_mask = self._transform(
            X,
            handle_unknown=self.handle_unknown,
            ensure_all_finite="allow-nan",
            ignore_category_indices=self._missing_indices,
        )
        X_trans = X_int.astype(self.dtype, copy=False)
        for cat_idx, missing_idx in self._missing_indices.items():
            X_trans[X_int[:, cat_idx] == missing_idx, cat_idx] = self.encoded_missing_value
        if self.handle_unknown == "use_encoded_value":
            X_trans[~X_mask] = self.unknown_value
        return X_trans

    def inverse_transform(self, X):
        """Categories from their codes (None for ``unknown_value``).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        X_original : ndarray of shape (n_samples, n_features)
        """
        check_is_fitted(self)
        X = np.array(check_array(X, ensure_all_finite="allow-nan"), copy=True)
        n_samples, _ = X.shape
        n_features = len(self.categories_)
        if X.shape[1] != n_features:
            raise ValueError(
                "Shape of the passed X data is not correct. Expected "
                f"{n_features} columns, got {X.shape[1]}."
            )
        dt = np.result_type(*[cat.dtype for cat in self.categories_])
        X_tr = np.empty((n_samples, n_features), dtype=dt)
        found_unknown = {}
        infrequent_masks = {}
        infrequent_indices = getattr(self, "_infrequent_indices", None)
        for i in range(n_features):
            labels = X[:, i]
            if i in self._missing_indices:
                mask = _value_mask(labels, self.encoded_missing_value)
                labels[mask] = self._missing_indices[i]
            rows = slice(None)
            categories = self.categories_[i]
            if infrequent_indices is not None and infrequent_indices[i] is not None:
                infrequent_value = len(categories) - len(infrequent_indices[i])
                infrequent_masks[i] = labels == infrequent_value
                rows = ~infrequent_masks[i]
                frequent = np.ones(len(categories), dtype=bool)
                frequent[infrequent_indices[i]] = False
                categories = categories[frequent]
            if self.handle_unknown == "use_encoded_value":
                unknown = _value_mask(labels, self.unknown_value)
                found_unknown[i] = unknown
                rows = (rows & ~unknown) if isinstance(rows, np.ndarray) else ~unknown
            X_tr[rows, i] = categories[labels[rows].astype(np.int64, copy=False)]
        if found_unknown or infrequent_masks:
            X_tr = X_tr.astype(object, copy=False)
        for idx, mask in found_unknown.items():
            X_tr[mask, idx] = None
        for idx, mask in infrequent_masks.items():
            X_tr[mask, idx] = "infrequent_sklearn"
        return X_tr


def _value_mask(values, value):
    if _is_scalar_nan(value):
        return np.isnan(values)
    return values == value
