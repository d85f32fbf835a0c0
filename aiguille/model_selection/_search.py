"""Hyper-parameter search: ``GridSearchCV``, ``RandomizedSearchCV``, ``ParameterGrid``,
``ParameterSampler``.

Every (candidate, split) pair is one ``_fit_and_score`` task run through
:class:`aiguille.parallel.Parallel`; ``cv_results_`` has scikit-learn's keys and values.
"""

import numbers
import operator
import time
import warnings
from abc import ABCMeta, abstractmethod
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from copy import deepcopy
from functools import partial, reduce
from inspect import signature
from itertools import product

import numpy as np
from numpy.ma import MaskedArray

from ..base import BaseEstimator, MetaEstimatorMixin, clone, is_classifier
from ..exceptions import _not_fitted_error_class
from ..utils._available_if import available_if
from ..utils._param_validation import HasMethods, Interval, StrOptions
from ..utils._random import _sample_without_replacement
from ..utils._tags import get_tags
from ..utils.validation import _num_samples, check_is_fitted, check_random_state
from ._split import check_cv, indexable
from ._validation import (
    _aggregate_score_dicts,
    _check_method_params,
    _fit_and_score,
    _insert_error_scores,
    _normalize_score_results,
    _warn_or_raise_about_fit_failures,
)

__all__ = ["GridSearchCV", "ParameterGrid", "ParameterSampler", "RandomizedSearchCV"]


class ParameterGrid:
    """The points of a grid of parameters, each as a dict (keys in sorted order).

    Parameters
    ----------
    param_grid : dict of str to sequence, or sequence of such dicts
        Each dict is a grid (the product of its value lists); a list of dicts chains them.

    Examples
    --------
    >>> from aiguille.model_selection import ParameterGrid
    >>> list(ParameterGrid({"a": [1, 2], "b": [True]}))
    [{'a': 1, 'b': True}, {'a': 2, 'b': True}]
    >>> len(ParameterGrid([{"kernel": ["linear"]}, {"kernel": ["rbf"], "gamma": [1, 10]}]))
    3
    """

    def __init__(self, param_grid):
        if not isinstance(param_grid, Mapping | Iterable):
            raise TypeError(
                f"Parameter grid should be a dict or a list, got: {param_grid!r} of"
                f" type {type(param_grid).__name__}"
            )
        if isinstance(param_grid, Mapping):
            param_grid = [param_grid]
        for grid in param_grid:
            if not isinstance(grid, dict):
                raise TypeError(f"Parameter grid is not a dict ({grid!r})")
            for key, value in grid.items():
                if isinstance(value, np.ndarray) and value.ndim > 1:
                    raise ValueError(
                        f"Parameter array for {key!r} should be one-dimensional, got:"
                        f" {value!r} with shape {value.shape}"
                    )
                if isinstance(value, str) or not isinstance(value, np.ndarray | Sequence):
                    raise TypeError(
                        f"Parameter grid for parameter {key!r} needs to be a list or a"
                        f" numpy array, but got {value!r} (of type "
                        f"{type(value).__name__}) instead. Single values "
                        "need to be wrapped in a list with one element."
                    )
                if len(value) == 0:
                    raise ValueError(
                        f"Parameter grid for parameter {key!r} need "
                        f"to be a non-empty sequence, got: {value!r}"
                    )
        self.param_grid = param_grid

    def __iter__(self):
        for p in self.param_grid:
            items = sorted(p.items())
            if not items:
                yield {}
            else:
                keys, values = zip(*items, strict=True)
                for v in product(*values):
                    yield dict(zip(keys, v, strict=True))

    def __len__(self):
        prod = partial(reduce, operator.mul)
        return sum(prod(len(v) for v in p.values()) if p else 1 for p in self.param_grid)

    def __getitem__(self, ind):
        """The ``ind``-th point, equal to ``list(self)[ind]`` without building the list."""
        for sub_grid in self.param_grid:
            if not sub_grid:
                if ind == 0:
                    return {}
                ind -= 1
                continue
            keys, values_lists = zip(*sorted(sub_grid.items())[::-1], strict=True)
            sizes = [len(v) for v in values_lists]
            total = np.prod(sizes)
            if ind >= total:
                ind -= total
            else:
                out = {}
                for key, v_list, n in zip(keys, values_lists, sizes, strict=True):
                    ind, offset = divmod(ind, n)
                    out[key] = v_list[offset]
                return out
        raise IndexError("ParameterGrid index out of range")


class ParameterSampler:
    """``n_iter`` random points of a parameter space, each as a dict.

    Values given as lists are sampled uniformly; values with an ``rvs`` method (such as
    ``scipy.stats`` distributions) are drawn with ``rvs(random_state=rng)``. When every
    value is a list, points are drawn without replacement from the grid.

    Parameters
    ----------
    param_distributions : dict or list of dicts
        Parameter name -> list of values or distribution; with a list of dicts, each
        point first picks one dict at random.
    n_iter : int
        Number of points.
    random_state : int, RandomState instance or None, default=None
        Seeds the draws (same draws as scikit-learn for the same integer).

    Examples
    --------
    >>> from aiguille.model_selection import ParameterSampler
    >>> points = list(ParameterSampler({"a": [1, 2, 3], "b": [0, 1]}, n_iter=3, random_state=0))
    >>> len(points), sorted(points[0])
    (3, ['a', 'b'])
    """

    def __init__(self, param_distributions, n_iter, *, random_state=None):
        if not isinstance(param_distributions, Mapping | Iterable):
            raise TypeError(
                "Parameter distribution is not a dict or a list,"
                f" got: {param_distributions!r} of type "
                f"{type(param_distributions).__name__}"
            )
        if isinstance(param_distributions, Mapping):
            param_distributions = [param_distributions]
        for dist in param_distributions:
            if not isinstance(dist, dict):
                raise TypeError(f"Parameter distribution is not a dict ({dist!r})")
            for key in dist:
                if not isinstance(dist[key], Iterable) and not hasattr(dist[key], "rvs"):
                    raise TypeError(
                        f"Parameter grid for parameter {key!r} is not iterable "
                        f"or a distribution (value={dist[key]})"
                    )
        self.n_iter = n_iter
        self.random_state = random_state
        self.param_distributions = param_distributions

    def _is_all_lists(self):
        return all(
            all(not hasattr(v, "rvs") for v in dist.values()) for dist in self.param_distributions
        )

    def __iter__(self):
        rng = check_random_state(self.random_state)
        if self._is_all_lists():
            param_grid = ParameterGrid(self.param_distributions)
            grid_size = len(param_grid)
            n_iter = self.n_iter
            if grid_size < n_iter:
                warnings.warn(
                    f"The total space of parameters {grid_size} is smaller than "
                    f"n_iter={self.n_iter}. Running {grid_size} iterations. For exhaustive "
                    "searches, use GridSearchCV.",
                    UserWarning,
                    stacklevel=2,
                )
                n_iter = grid_size
            for i in _sample_without_replacement(grid_size, n_iter, rng):
                yield param_grid[i]
        else:
            for _ in range(self.n_iter):
                dist = rng.choice(self.param_distributions)
                params = {}
                for k, v in sorted(dist.items()):
                    if hasattr(v, "rvs"):
                        params[k] = v.rvs(random_state=rng)
                    else:
                        params[k] = v[rng.randint(len(v))]
                yield params

    def __len__(self):
        if self._is_all_lists():
            return min(self.n_iter, len(ParameterGrid(self.param_distributions)))
        return self.n_iter


# -- delegation --------------------------------------------------------------------------


def _check_refit(search_cv, attr):
    if not search_cv.refit:
        raise AttributeError(
            f"This {type(search_cv).__name__} instance was initialized with `refit=False`. "
            f"{attr} is available only after refitting on the best parameters. You can "
            "refit an estimator manually using the `best_params_` attribute"
        )


def _search_estimator_has(attr):
    def check(self):
        _check_refit(self, attr)
        if hasattr(self, "best_estimator_"):
            getattr(self.best_estimator_, attr)
            return True
        getattr(self.estimator, attr)
        return True

    return check


def _yield_masked_array_for_each_param(candidate_params):
    n_candidates = len(candidate_params)
    param_results = defaultdict(dict)
    for cand_idx, params in enumerate(candidate_params):
        for name, value in params.items():
            param_results[f"param_{name}"][cand_idx] = value
    for key, param_result in param_results.items():
        param_list = list(param_result.values())
        try:
            arr = np.array(param_list)
        except ValueError:
            arr_dtype = np.dtype(object)
        else:
            arr_dtype = arr.dtype if arr.dtype.kind != "U" and arr.ndim == 1 else object
        ma = MaskedArray(np.empty(n_candidates, dtype=arr_dtype), mask=True)
        for index, value in param_result.items():
            ma[index] = value
        yield key, ma


def _rank_min(values):
    """``scipy.stats.rankdata(values, method="min")`` as int32."""
    sorted_values = np.sort(values)
    return (np.searchsorted(sorted_values, values, side="left") + 1).astype(np.int32)


class BaseSearchCV(MetaEstimatorMixin, BaseEstimator, metaclass=ABCMeta):
    """Base class of the hyper-parameter searches."""

    _parameter_constraints: dict = {
        "estimator": [HasMethods(["fit"])],
        "scoring": [str, callable, list, tuple, dict, None],
        "n_jobs": [numbers.Integral, None],
        "refit": ["boolean", str, callable],
        "cv": ["cv_object"],
        "verbose": ["verbose"],
        "pre_dispatch": [numbers.Integral, str],
        "error_score": [StrOptions({"raise"}), numbers.Real],
        "return_train_score": ["boolean"],
    }

    @abstractmethod
    def __init__(
        self,
        estimator,
        *,
        scoring=None,
        n_jobs=None,
        refit=True,
        cv=None,
        verbose=0,
        pre_dispatch="2*n_jobs",
        error_score=np.nan,
        return_train_score=True,
    ):
        self.scoring = scoring
        self.estimator = estimator
        self.n_jobs = n_jobs
        self.refit = refit
        self.cv = cv
        self.verbose = verbose
        self.pre_dispatch = pre_dispatch
        self.error_score = error_score
        self.return_train_score = return_train_score

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        sub = get_tags(self.estimator)
        tags.estimator_type = sub.estimator_type
        tags.classifier_tags = deepcopy(sub.classifier_tags)
        tags.regressor_tags = deepcopy(sub.regressor_tags)
        tags.target_tags.required = sub.target_tags.required
        tags.input_tags.pairwise = sub.input_tags.pairwise
        tags.input_tags.sparse = sub.input_tags.sparse
        tags.input_tags.allow_nan = sub.input_tags.allow_nan
        return tags

    @property
    def _estimator_type(self):
        return get_tags(self.estimator).estimator_type

    def _check_fitted(self):
        check_is_fitted(self)

    def score(self, X, y=None, **params):
        """Score of the refitted best estimator: ``scoring``'s metric or its own ``score``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs), default=None
            Target.
        **params : dict
            Not supported (kept for scikit-learn's signature); must be empty.

        Returns
        -------
        score : float
        """
        _check_refit(self, "score")
        self._check_fitted()
        if params:
            raise ValueError(
                f"Passing extra keyword arguments to {type(self).__name__}.score is only "
                "supported with metadata routing, which aiguille does not implement. Got "
                f"{sorted(params)}."
            )
        if self.scorer_ is None:
            raise ValueError(
                "No score function explicitly defined, and the estimator doesn't provide "
                f"one {self.best_estimator_}"
            )
        if isinstance(self.scorer_, dict):
            scorer = self.scorer_[self.refit] if self.multimetric_ else self.scorer_
            return scorer(self.best_estimator_, X, y)
        score = self.scorer_(self.best_estimator_, X, y)
        if self.multimetric_:
            score = score[self.refit]
        return score

    @available_if(_search_estimator_has("score_samples"))
    def score_samples(self, X):
        """``best_estimator_.score_samples(X)``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y_score : ndarray of shape (n_samples,)
        """
        self._check_fitted()
        return self.best_estimator_.score_samples(X)

    @available_if(_search_estimator_has("predict"))
    def predict(self, X):
        """``best_estimator_.predict(X)``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
        """
        self._check_fitted()
        return self.best_estimator_.predict(X)

    @available_if(_search_estimator_has("predict_proba"))
    def predict_proba(self, X):
        """``best_estimator_.predict_proba(X)``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples, n_classes)
        """
        self._check_fitted()
        return self.best_estimator_.predict_proba(X)

    @available_if(_search_estimator_has("predict_log_proba"))
    def predict_log_proba(self, X):
        """``best_estimator_.predict_log_proba(X)``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples, n_classes)
        """
        self._check_fitted()
        return self.best_estimator_.predict_log_proba(X)

    @available_if(_search_estimator_has("decision_function"))
    def decision_function(self, X):
        """``best_estimator_.decision_function(X)``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y_score : ndarray of shape (n_samples,) or (n_samples, n_classes)
        """
        self._check_fitted()
        return self.best_estimator_.decision_function(X)

    @available_if(_search_estimator_has("transform"))
    def transform(self, X):
        """``best_estimator_.transform(X)``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        Xt : ndarray of shape (n_samples, n_components)
        """
        self._check_fitted()
        return self.best_estimator_.transform(X)

    @available_if(_search_estimator_has("inverse_transform"))
    def inverse_transform(self, X):
        """``best_estimator_.inverse_transform(X)``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_components)

        Returns
        -------
        X_original : ndarray of shape (n_samples, n_features)
        """
        self._check_fitted()
        return self.best_estimator_.inverse_transform(X)

    @property
    def n_features_in_(self):
        """Number of features seen during fit (only with ``refit``)."""
        try:
            check_is_fitted(self)
        except _not_fitted_error_class() as exc:
            raise AttributeError(
                f"{type(self).__name__} object has no n_features_in_ attribute."
            ) from exc
        return self.best_estimator_.n_features_in_

    @property
    def classes_(self):
        """Class labels (only with ``refit`` and a classifier)."""
        _search_estimator_has("classes_")(self)
        return self.best_estimator_.classes_

    def __sklearn_is_fitted__(self):
        return hasattr(self, "cv_results_")

    @abstractmethod
    def _run_search(self, evaluate_candidates):
        """Call ``evaluate_candidates(candidate_params)`` one or more times."""

    def _check_refit_for_multimetric(self, scores):
        valid_refit_dict = isinstance(self.refit, str) and self.refit in scores
        if self.refit is not False and not valid_refit_dict and not callable(self.refit):
            raise ValueError(
                "For multi-metric scoring, the parameter refit must be set to a scorer key "
                "or a callable to refit an estimator with the best parameter setting on "
                "the whole data and make the best_* attributes available for that metric. "
                "If this is not needed, refit should be set to False explicitly. "
                f"{self.refit!r} was passed."
            )

    @staticmethod
    def _select_best_index(refit, refit_metric, results):
        if callable(refit):
            best_index = refit(results)
            if not isinstance(best_index, numbers.Integral):
                raise TypeError("best_index_ returned is not an integer")
            if best_index < 0 or best_index >= len(results["params"]):
                raise IndexError("best_index_ index out of range")
            return best_index
        return results[f"rank_test_{refit_metric}"].argmin()

    def _get_scorers(self):
        from ..metrics import check_scoring
        from ..metrics._scorer import _check_multimetric_scoring, _MultimetricScorer

        refit_metric = "score"
        if callable(self.scoring):
            scorers = self.scoring
        elif self.scoring is None or isinstance(self.scoring, str):
            scorers = check_scoring(self.estimator, self.scoring)
        else:
            scorers = _check_multimetric_scoring(self.estimator, self.scoring)
            self._check_refit_for_multimetric(scorers)
            refit_metric = self.refit
            scorers = _MultimetricScorer(scorers=scorers, raise_exc=(self.error_score == "raise"))
        return scorers, refit_metric

    def _score_params(self, scorers, params):
        """``sample_weight`` goes to the scorer too when it accepts one (scikit-learn's rule)."""
        sample_weight = params.get("sample_weight")
        if sample_weight is None:
            return {}
        if hasattr(scorers, "_scorers"):
            accepts = [_scorer_accepts_sample_weight(s) for s in scorers._scorers.values()]
            for (name, s), ok in zip(scorers._scorers.items(), accepts, strict=True):
                if not ok:
                    warnings.warn(
                        f"The scoring {name}={s} does not support sample_weight, which may "
                        "lead to statistically incorrect results when fitting "
                        f"{self} with sample_weight. ",
                        UserWarning,
                        stacklevel=3,
                    )
            accept = any(accepts)
        else:
            accept = _scorer_accepts_sample_weight(scorers)
            if not accept:
                warnings.warn(
                    f"The scoring {scorers} does not support sample_weight, which may lead "
                    f"to statistically incorrect results when fitting {self} with "
                    "sample_weight. ",
                    UserWarning,
                    stacklevel=3,
                )
        return {"sample_weight": sample_weight} if accept else {}

    def fit(self, X, y=None, **params):
        """Fit the estimator with every candidate on every split; refit the best.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features) or (n_samples, n_samples)
            Training data (a square kernel matrix for pairwise estimators).
        y : array-like of shape (n_samples,) or (n_samples, n_outputs), default=None
            Target; None for unsupervised learning.
        **params : dict
            Passed to the estimator's ``fit``; per-sample ones (``sample_weight``) are
            indexed with each training fold. ``groups`` goes to the splitter.

        Returns
        -------
        self : object
            The fitted search.
        """
        self._validate_params()
        scorers, refit_metric = self._get_scorers()
        if y is None and get_tags(self.estimator).target_tags.required:
            raise ValueError(
                f"{type(self).__name__} requires y to be passed, but the target y is None."
            )
        X, y = indexable(X, y)
        if _num_samples(X) == 0:
            shape = getattr(X, "shape", (0,))
            raise ValueError(
                f"Found array with 0 sample(s) (shape={tuple(shape)}) while a minimum of 1 "
                f"is required by {type(self).__name__}."
            )
        params = _check_method_params(X, params=params)
        params = dict(params)
        groups = params.pop("groups", None)
        score_params = self._score_params(scorers, params)
        cv_orig = check_cv(self.cv, y, classifier=is_classifier(self.estimator))
        n_splits = cv_orig.get_n_splits(X, y, groups)
        base_estimator = clone(self.estimator)

        from ..parallel import Parallel, delayed

        parallel = Parallel(n_jobs=self.n_jobs, pre_dispatch=self.pre_dispatch)
        fit_and_score_kwargs = dict(
            scorer=scorers,
            fit_params=params,
            score_params=score_params,
            return_train_score=self.return_train_score,
            return_n_test_samples=True,
            return_times=True,
            return_parameters=False,
            error_score=self.error_score,
            verbose=self.verbose,
        )
        results = {}
        all_candidate_params = []
        all_out = []
        all_more_results = defaultdict(list)

        with parallel:

            def evaluate_candidates(candidate_params, cv=None, more_results=None):
                nonlocal results
                cv = cv or cv_orig
                candidate_params = list(candidate_params)
                n_candidates = len(candidate_params)
                cv_splits = list(cv.split(X, y, groups))
                if len(cv_splits) != n_splits:
                    raise ValueError(
                        "cv.split and cv.get_n_splits return inconsistent results. "
                        f"Expected {n_splits} splits, got {len(cv_splits)}"
                    )
                if self.verbose > 0:
                    print(
                        f"Fitting {n_splits} folds for each of {n_candidates} candidates, "
                        f"totalling {n_candidates * n_splits} fits"
                    )
                out = parallel(
                    delayed(_fit_and_score)(
                        clone(base_estimator),
                        X,
                        y,
                        train=train,
                        test=test,
                        parameters=parameters,
                        split_progress=(split_idx, n_splits),
                        candidate_progress=(cand_idx, n_candidates),
                        **fit_and_score_kwargs,
                    )
                    for (cand_idx, parameters), (split_idx, (train, test)) in product(
                        enumerate(candidate_params), enumerate(cv_splits)
                    )
                )
                if len(out) < 1:
                    raise ValueError(
                        "No fits were performed. Was the CV iterator empty? Were there no "
                        "candidates?"
                    )
                _warn_or_raise_about_fit_failures(out, self.error_score)
                if callable(self.scoring):
                    _insert_error_scores(out, self.error_score)
                all_candidate_params.extend(candidate_params)
                all_out.extend(out)
                if more_results is not None:
                    for key, value in more_results.items():
                        all_more_results[key].extend(value)
                results = self._format_results(
                    all_candidate_params, n_splits, all_out, all_more_results
                )
                return results

            self._run_search(evaluate_candidates)
            first_test_score = all_out[0]["test_scores"]
            self.multimetric_ = isinstance(first_test_score, dict)
            if callable(self.scoring) and self.multimetric_:
                self._check_refit_for_multimetric(first_test_score)
                refit_metric = self.refit

        if self.refit or not self.multimetric_:
            self.best_index_ = self._select_best_index(self.refit, refit_metric, results)
            if not callable(self.refit):
                self.best_score_ = results[f"mean_test_{refit_metric}"][self.best_index_]
            self.best_params_ = results["params"][self.best_index_]
        if self.refit:
            self.best_estimator_ = clone(base_estimator).set_params(
                **clone(self.best_params_, safe=False)
            )
            start = time.time()
            if y is not None:
                self.best_estimator_.fit(X, y, **params)
            else:
                self.best_estimator_.fit(X, **params)
            self.refit_time_ = time.time() - start
            if hasattr(self.best_estimator_, "feature_names_in_"):
                self.feature_names_in_ = self.best_estimator_.feature_names_in_
        self.scorer_ = scorers._scorers if hasattr(scorers, "_scorers") else scorers
        self.cv_results_ = results
        self.n_splits_ = n_splits
        return self

    def _format_results(self, candidate_params, n_splits, out, more_results=None):
        n_candidates = len(candidate_params)
        out = _aggregate_score_dicts(out)
        results = {key: np.asarray(val) for key, val in dict(more_results or {}).items()}

        def _store(key_name, array, weights=None, splits=False, rank=False):
            array = np.array(array, dtype=np.float64).reshape(n_candidates, n_splits)
            if splits:
                for split_idx in range(n_splits):
                    results[f"split{split_idx}_{key_name}"] = array[:, split_idx]
            means = np.average(array, axis=1, weights=weights)
            results[f"mean_{key_name}"] = means
            if key_name.startswith(("train_", "test_")) and np.any(~np.isfinite(means)):
                warnings.warn(
                    f"One or more of the {key_name.split('_')[0]} scores are non-finite: {means}",
                    category=UserWarning,
                    stacklevel=4,
                )
            results[f"std_{key_name}"] = np.sqrt(
                np.average((array - means[:, np.newaxis]) ** 2, axis=1, weights=weights)
            )
            if rank:
                if np.isnan(means).all():
                    rank_result = np.ones_like(means, dtype=np.int32)
                else:
                    filled = np.nan_to_num(means, nan=np.nanmin(means) - 1)
                    rank_result = _rank_min(-filled)
                results[f"rank_{key_name}"] = rank_result

        _store("fit_time", out["fit_time"])
        _store("score_time", out["score_time"])
        for param, ma in _yield_masked_array_for_each_param(candidate_params):
            results[param] = ma
        results["params"] = candidate_params
        test_scores = _normalize_score_results(out["test_scores"])
        if self.return_train_score:
            train_scores = _normalize_score_results(out["train_scores"])
        for name in test_scores:
            _store(f"test_{name}", test_scores[name], splits=True, rank=True)
            if self.return_train_score:
                _store(f"train_{name}", train_scores[name], splits=True)
        return results


def _scorer_accepts_sample_weight(scorer):
    if hasattr(scorer, "_accept_sample_weight"):
        return scorer._accept_sample_weight()
    try:
        return "sample_weight" in signature(scorer).parameters
    except (TypeError, ValueError):
        return False


_SEARCH_DOC_PARAMS = """
    scoring : str, callable, list, tuple, dict or None, default=None
        How candidates are scored: a scorer name, ``scorer(estimator, X, y)``, several
        (list of names, dict name -> scorer, or a callable returning a dict), or None for
        the estimator's ``score``.
    n_jobs : int, default=None
        Number of fits run in parallel (see :class:`aiguille.parallel.Parallel`).
    refit : bool, str or callable, default=True
        Refit the best candidate on the whole data. With several metrics, the name of the
        metric that picks the best; a callable gets ``cv_results_`` and returns
        ``best_index_``.
    cv : int, cross-validation generator or iterable, default=None
        None means 5-fold; an int gives ``StratifiedKFold`` for classifiers with a binary
        or multiclass ``y`` and ``KFold`` otherwise.
    verbose : int, default=0
        Verbosity.
    pre_dispatch : int or str, default="2*n_jobs"
        Number of tasks dispatched ahead of time.
    error_score : "raise" or numeric, default=np.nan
        Score given to a failed fit (with a ``FitFailedWarning``), or "raise".
    return_train_score : bool, default=False
        Also score the training folds (``*_train_*`` keys of ``cv_results_``).
"""

_SEARCH_DOC_ATTRIBUTES = """
    Attributes
    ----------
    cv_results_ : dict of numpy (masked) ndarrays
        One entry per candidate: ``mean_fit_time``, ``std_fit_time``, ``mean_score_time``,
        ``std_score_time``, ``param_<name>`` (masked arrays), ``params``,
        ``split<i>_test_<score>``, ``mean_test_<score>``, ``std_test_<score>``,
        ``rank_test_<score>``, and the ``train`` counterparts with ``return_train_score``.
    best_estimator_ : estimator
        The best candidate refitted on the whole data (only with ``refit``).
    best_score_ : float
        Mean cross-validated score of the best candidate (not with a callable ``refit``).
    best_params_ : dict
        Parameters of the best candidate.
    best_index_ : int
        Index of the best candidate in ``cv_results_``.
    scorer_ : callable or dict
        The scorer(s) used.
    n_splits_ : int
        Number of cross-validation splits.
    refit_time_ : float
        Seconds taken to refit the best candidate (only with ``refit``).
    multimetric_ : bool
        Whether several metrics were used.
    classes_ : ndarray of shape (n_classes,)
        Class labels (classifiers, with ``refit``).
    n_features_in_ : int
        Number of features seen during fit (with ``refit``).
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Feature names seen during fit (with ``refit``, when X has string column names).
"""


class GridSearchCV(BaseSearchCV):
    __doc__ = (
        """Exhaustive search over a grid of parameters, scored by cross-validation.

    Parameters
    ----------
    estimator : estimator object
        aiguille's or scikit-learn's; cloned for every fit.
    param_grid : dict or list of dicts
        Parameter name -> list of values; a list of dicts searches each grid in turn.
"""
        + _SEARCH_DOC_PARAMS
        + _SEARCH_DOC_ATTRIBUTES
        + """
    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.model_selection import GridSearchCV
    >>> from aiguille.linear_model import LinearRegression
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(40, 2))
    >>> y = X @ [1.0, 2.0] + 3.0
    >>> search = GridSearchCV(LinearRegression(), {"fit_intercept": [False, True]}, cv=4)
    >>> search.fit(X, y).best_params_
    {'fit_intercept': True}
    >>> sorted(search.cv_results_)[:4]
    ['mean_fit_time', 'mean_score_time', 'mean_test_score', 'param_fit_intercept']
    """
    )

    _parameter_constraints: dict = {
        **BaseSearchCV._parameter_constraints,
        "param_grid": [dict, list],
    }

    def __init__(
        self,
        estimator,
        param_grid,
        *,
        scoring=None,
        n_jobs=None,
        refit=True,
        cv=None,
        verbose=0,
        pre_dispatch="2*n_jobs",
        error_score=np.nan,
        return_train_score=False,
    ):
        super().__init__(
            estimator=estimator,
            scoring=scoring,
            n_jobs=n_jobs,
            refit=refit,
            cv=cv,
            verbose=verbose,
            pre_dispatch=pre_dispatch,
            error_score=error_score,
            return_train_score=return_train_score,
        )
        self.param_grid = param_grid

    def _run_search(self, evaluate_candidates):
        evaluate_candidates(ParameterGrid(self.param_grid))

    @classmethod
    def _test_instances(cls):
        return [cls(*_conformance_search_args(), cv=2, error_score="raise")]

    def _expected_failed_checks(self):
        return _SEARCH_EXPECTED_FAILED_CHECKS


class RandomizedSearchCV(BaseSearchCV):
    __doc__ = (
        """Randomized search over parameters, scored by cross-validation.

    ``n_iter`` candidates are drawn with :class:`ParameterSampler` (the same candidates as
    scikit-learn for the same integer ``random_state``).

    Parameters
    ----------
    estimator : estimator object
        aiguille's or scikit-learn's; cloned for every fit.
    param_distributions : dict or list of dicts
        Parameter name -> list of values (sampled uniformly) or distribution with ``rvs``
        (such as ``scipy.stats.loguniform(1e-3, 1e3)``).
    n_iter : int, default=10
        Number of candidates.
"""
        + _SEARCH_DOC_PARAMS
        + """    random_state : int, RandomState instance or None, default=None
        Seeds the candidate draws.
"""
        + _SEARCH_DOC_ATTRIBUTES
        + """
    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.model_selection import RandomizedSearchCV
    >>> from aiguille.linear_model import LinearRegression
    >>> X = np.random.RandomState(0).normal(size=(30, 2))
    >>> search = RandomizedSearchCV(LinearRegression(), {"fit_intercept": [False, True]},
    ...                             n_iter=2, cv=3, random_state=0)
    >>> len(search.fit(X, X @ [1.0, 1.0]).cv_results_["params"])
    2
    """
    )

    _parameter_constraints: dict = {
        **BaseSearchCV._parameter_constraints,
        "param_distributions": [dict, list],
        "n_iter": [Interval(numbers.Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        estimator,
        param_distributions,
        *,
        n_iter=10,
        scoring=None,
        n_jobs=None,
        refit=True,
        cv=None,
        verbose=0,
        pre_dispatch="2*n_jobs",
        random_state=None,
        error_score=np.nan,
        return_train_score=False,
    ):
        self.param_distributions = param_distributions
        self.n_iter = n_iter
        self.random_state = random_state
        super().__init__(
            estimator=estimator,
            scoring=scoring,
            n_jobs=n_jobs,
            refit=refit,
            cv=cv,
            verbose=verbose,
            pre_dispatch=pre_dispatch,
            error_score=error_score,
            return_train_score=return_train_score,
        )

    def _run_search(self, evaluate_candidates):
        evaluate_candidates(
            ParameterSampler(self.param_distributions, self.n_iter, random_state=self.random_state)
        )

    @classmethod
    def _test_instances(cls):
        return [
            cls(*_conformance_search_args(), n_iter=2, cv=2, random_state=0, error_score="raise")
        ]

    def _expected_failed_checks(self):
        return _SEARCH_EXPECTED_FAILED_CHECKS


# scikit-learn expects these of its own searches: the wrapped estimator decides.
_SEARCH_EXPECTED_FAILED_CHECKS = {
    "check_supervised_y_2d": "DataConversionWarning not caught",
}


def _conformance_search_args():
    """(estimator, grid) for the conformance suite: an aiguille estimator that exists."""
    import importlib

    for module, name, grid in (
        ("aiguille.linear_model", "Ridge", {"alpha": [0.1, 1.0]}),
        ("aiguille.neighbors", "KNeighborsClassifier", {"n_neighbors": [1, 3]}),
        ("aiguille.linear_model", "LinearRegression", {"fit_intercept": [True, False]}),
    ):
        try:
            cls = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            continue
        return cls(), grid
    raise RuntimeError("no aiguille estimator available for the search conformance tests")
