"""Cross-validated evaluation: ``cross_validate``, ``cross_val_score``, ``cross_val_predict``,
``learning_curve``, ``validation_curve`` and ``permutation_test_score``.

Folds run through :class:`aiguille.parallel.Parallel`; each task fits a clone of the
estimator, so results do not depend on ``n_jobs`` or the backend.
"""

import numbers
import time
import warnings
from collections import Counter
from contextlib import suppress
from functools import partial
from traceback import format_exc

import numpy as np

from ..base import clone, is_classifier
from ..exceptions import FitFailedWarning
from ..utils._indexing import _safe_indexing
from ..utils._tags import get_tags
from ..utils.validation import _num_samples, check_random_state, issparse
from ._split import check_cv, indexable

__all__ = [
    "cross_val_predict",
    "cross_val_score",
    "cross_validate",
    "learning_curve",
    "permutation_test_score",
    "validation_curve",
]


def _parallel(n_jobs, verbose, pre_dispatch):
    from ..parallel import Parallel

    return Parallel(n_jobs=n_jobs, verbose=verbose, pre_dispatch=pre_dispatch)


def _delayed(func):
    from ..parallel import delayed

    return delayed(func)


def _check_scoring(estimator, scoring, raise_exc=True):
    from ..metrics import check_scoring

    return check_scoring(estimator, scoring=scoring, raise_exc=raise_exc)


def _is_multimetric(scorer):
    from ..metrics._scorer import _MultimetricScorer

    return isinstance(scorer, _MultimetricScorer)


def _check_error_score(error_score):
    if not isinstance(error_score, numbers.Number) and error_score != "raise":
        raise ValueError(
            "error_score must be the string 'raise' or a numeric value. (Hint: if using "
            "'raise', please make sure that it has been spelled correctly.)"
        )


def _check_estimator(estimator, caller):
    if not hasattr(estimator, "fit"):
        raise ValueError(
            f"The 'estimator' parameter of {caller} must be an object implementing 'fit'. "
            f"Got {estimator!r} instead."
        )


def _is_pairwise(estimator):
    try:
        return bool(get_tags(estimator).input_tags.pairwise)
    except Exception:  # an object without usable tags is not pairwise
        return False


def _safe_split(estimator, X, y, indices, train_indices=None, *, pairwise=None):
    """Rows ``indices`` of X and y; for pairwise estimators, the kernel block as well."""
    if pairwise is None:
        pairwise = _is_pairwise(estimator)
    if pairwise:
        if not hasattr(X, "shape"):
            raise ValueError(
                "Precomputed kernels or affinity matrices have to be passed as arrays or "
                "sparse matrices."
            )
        if X.shape[0] != X.shape[1]:
            raise ValueError("X should be a square kernel matrix")
        if train_indices is None:
            X_subset = X[np.ix_(indices, indices)]
        else:
            X_subset = X[np.ix_(indices, train_indices)]
    else:
        X_subset = _safe_indexing(X, indices)
    y_subset = None if y is None else _safe_indexing(y, indices)
    return X_subset, y_subset


def _check_method_params(X, params, indices=None):
    """Index each per-sample parameter (same length as X) by ``indices``; keep the rest."""
    out = {}
    n_samples = _num_samples(X)
    for key, value in params.items():
        if (
            value is None
            or not (hasattr(value, "__len__") or hasattr(value, "shape"))
            or isinstance(value, str | dict)
            or (hasattr(value, "shape") and len(value.shape) == 0)
        ):
            out[key] = value
            continue
        try:
            same_length = _num_samples(value) == n_samples
        except TypeError:
            same_length = False
        out[key] = _safe_indexing(value, indices) if same_length else value
    return out


def _score(estimator, X_test, y_test, scorer, score_params, error_score="raise"):
    """The score (float) or scores (dict) of a fitted estimator on a test set."""
    score_params = {} if score_params is None else score_params
    multimetric = _is_multimetric(scorer)
    try:
        if y_test is None:
            scores = scorer(estimator, X_test, **score_params)
        else:
            scores = scorer(estimator, X_test, y_test, **score_params)
    except Exception:
        if multimetric or error_score == "raise":
            raise
        scores = error_score
        warnings.warn(
            "Scoring failed. The score on this train-test partition for these parameters "
            f"will be set to {error_score}. Details: \n{format_exc()}",
            UserWarning,
            stacklevel=2,
        )
    if multimetric:
        for name, value in list(scores.items()):
            if isinstance(value, str):  # the multimetric scorer returns error tracebacks
                scores[name] = error_score
                warnings.warn(
                    "Scoring failed. The score on this train-test partition for these "
                    f"parameters will be set to {error_score}. Details: \n{value}",
                    UserWarning,
                    stacklevel=2,
                )
    error_msg = "scoring must return a number, got %s (%s) instead. (scorer=%s)"
    if isinstance(scores, dict):
        for name, score in scores.items():
            if hasattr(score, "item"):
                with suppress(ValueError):
                    score = score.item()
            if not isinstance(score, numbers.Number):
                raise ValueError(error_msg % (score, type(score), name))
            scores[name] = score
    else:
        if hasattr(scores, "item"):
            with suppress(ValueError):
                scores = scores.item()
        if not isinstance(scores, numbers.Number):
            raise ValueError(error_msg % (scores, type(scores), scorer))
    return scores


def _fit_and_score(
    estimator,
    X,
    y,
    *,
    scorer,
    train,
    test,
    verbose,
    parameters,
    fit_params,
    score_params,
    return_train_score=False,
    return_parameters=False,
    return_n_test_samples=False,
    return_times=False,
    return_estimator=False,
    split_progress=None,
    candidate_progress=None,
    error_score=np.nan,
):
    """Fit ``estimator`` on ``train`` and score it on ``test`` (and ``train``).

    Returns a dict with ``test_scores`` (float or dict), ``fit_error`` (traceback text or
    None), and on request ``train_scores``, ``n_test_samples``, ``fit_time``,
    ``score_time``, ``parameters`` and ``estimator``.
    """
    _check_error_score(error_score)
    train = np.asarray(train)
    test = np.asarray(test)
    progress_msg = ""
    if verbose > 2:
        if split_progress is not None:
            progress_msg = f" {split_progress[0] + 1}/{split_progress[1]}"
        if candidate_progress and verbose > 9:
            progress_msg += f"; {candidate_progress[0] + 1}/{candidate_progress[1]}"
    params_msg = ""
    if verbose > 1 and parameters is not None:
        params_msg = ", ".join(f"{k}={parameters[k]}" for k in sorted(parameters))
    if verbose > 9:
        start_msg = f"[CV{progress_msg}] START {params_msg}"
        print(f"{start_msg}{(80 - len(start_msg)) * '.'}")

    fit_params = _check_method_params(X, params=fit_params or {}, indices=train)
    score_params = score_params or {}
    score_params_train = _check_method_params(X, params=score_params, indices=train)
    score_params_test = _check_method_params(X, params=score_params, indices=test)

    if parameters is not None:
        estimator = estimator.set_params(**clone(parameters, safe=False))

    start_time = time.time()
    pairwise = _is_pairwise(estimator)
    X_train, y_train = _safe_split(estimator, X, y, train, pairwise=pairwise)
    X_test, y_test = _safe_split(estimator, X, y, test, train, pairwise=pairwise)
    result = {}
    try:
        if y_train is None:
            estimator.fit(X_train, **fit_params)
        else:
            estimator.fit(X_train, y_train, **fit_params)
    except Exception:
        fit_time = time.time() - start_time
        score_time = 0.0
        if error_score == "raise":
            raise
        if _is_multimetric(scorer):
            test_scores = {name: error_score for name in scorer._scorers}
        else:
            test_scores = error_score
        if return_train_score:
            train_scores = test_scores.copy() if isinstance(test_scores, dict) else test_scores
        result["fit_error"] = format_exc()
    else:
        result["fit_error"] = None
        fit_time = time.time() - start_time
        test_scores = _score(estimator, X_test, y_test, scorer, score_params_test, error_score)
        score_time = time.time() - start_time - fit_time
        if return_train_score:
            train_scores = _score(
                estimator, X_train, y_train, scorer, score_params_train, error_score
            )

    if verbose > 1:
        total_time = score_time + fit_time
        end_msg = f"[CV{progress_msg}] END "
        result_msg = params_msg + (";" if params_msg else "")
        if verbose > 2:
            if isinstance(test_scores, dict):
                for name in sorted(test_scores):
                    result_msg += f" {name}: ("
                    if return_train_score:
                        result_msg += f"train={train_scores[name]:.3f}, "
                    result_msg += f"test={test_scores[name]:.3f})"
            else:
                result_msg += ", score="
                if return_train_score:
                    result_msg += f"(train={train_scores:.3f}, test={test_scores:.3f})"
                else:
                    result_msg += f"{test_scores:.3f}"
        result_msg += f" total time={total_time:.1f}s"
        end_msg += "." * (80 - len(end_msg) - len(result_msg))
        print(end_msg + result_msg)

    result["test_scores"] = test_scores
    if return_train_score:
        result["train_scores"] = train_scores
    if return_n_test_samples:
        result["n_test_samples"] = _num_samples(X_test)
    if return_times:
        result["fit_time"] = fit_time
        result["score_time"] = score_time
    if return_parameters:
        result["parameters"] = parameters
    if return_estimator:
        result["estimator"] = estimator
    return result


def _aggregate_score_dicts(scores):
    """A list of dicts to a dict of arrays (numbers) or lists (anything else)."""
    return {
        key: (
            np.asarray([score[key] for score in scores])
            if isinstance(scores[0][key], numbers.Number)
            else [score[key] for score in scores]
        )
        for key in scores[0]
    }


def _normalize_score_results(scores, scaler_score_key="score"):
    if isinstance(scores[0], dict):
        return _aggregate_score_dicts(scores)
    return {scaler_score_key: scores}


def _insert_error_scores(results, error_score):
    """After a callable scorer returned dicts, give failed fits the same keys."""
    successful_score = None
    failed = []
    for i, result in enumerate(results):
        if result["fit_error"] is not None:
            failed.append(i)
        elif successful_score is None:
            successful_score = result["test_scores"]
    if isinstance(successful_score, dict):
        formatted = {name: error_score for name in successful_score}
        for i in failed:
            results[i]["test_scores"] = formatted.copy()
            if "train_scores" in results[i]:
                results[i]["train_scores"] = formatted.copy()


def _warn_or_raise_about_fit_failures(results, error_score):
    fit_errors = [r["fit_error"] for r in results if r["fit_error"] is not None]
    if not fit_errors:
        return
    num_failed, num_fits = len(fit_errors), len(results)
    delimiter = "-" * 80 + "\n"
    summary = "\n".join(
        f"{delimiter}{n} fits failed with the following error:\n{error}"
        for error, n in Counter(fit_errors).items()
    )
    if num_failed == num_fits:
        raise ValueError(
            f"\nAll the {num_fits} fits failed.\n"
            "It is very likely that your model is misconfigured.\n"
            "You can try to debug the error by setting error_score='raise'.\n\n"
            f"Below are more details about the failures:\n{summary}"
        )
    warnings.warn(
        f"\n{num_failed} fits failed out of a total of {num_fits}.\n"
        "The score on these train-test partitions for these parameters will be set to "
        f"{error_score}.\n"
        "If these failures are not expected, you can try to debug them by setting "
        "error_score='raise'.\n\n"
        f"Below are more details about the failures:\n{summary}",
        FitFailedWarning,
        stacklevel=3,
    )


def cross_validate(
    estimator,
    X,
    y=None,
    *,
    groups=None,
    scoring=None,
    cv=None,
    n_jobs=None,
    verbose=0,
    params=None,
    pre_dispatch="2*n_jobs",
    return_train_score=False,
    return_estimator=False,
    return_indices=False,
    error_score=np.nan,
):
    """Evaluate metric(s) by cross-validation, recording fit and score times.

    Parameters
    ----------
    estimator : estimator object implementing 'fit'
        aiguille's or scikit-learn's; a clone is fitted on each training fold.
    X : array-like or sparse matrix of shape (n_samples, n_features)
        The data to fit.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs), default=None
        The target.
    groups : array-like of shape (n_samples,), default=None
        Group labels, for group-aware splitters such as ``GroupKFold``.
    scoring : str, callable, list, tuple, dict or None, default=None
        One metric (a scorer name or ``scorer(estimator, X, y)``) or several (a list of
        names, a dict name -> scorer, or a callable returning a dict); None uses
        ``estimator.score``.
    cv : int, cross-validation generator or iterable, default=None
        None means 5-fold; an int gives ``StratifiedKFold`` for classifiers with a binary
        or multiclass ``y`` and ``KFold`` otherwise.
    n_jobs : int, default=None
        Number of folds fitted in parallel (see :class:`aiguille.parallel.Parallel`).
    verbose : int, default=0
        Verbosity.
    params : dict, default=None
        Parameters passed to ``estimator.fit``; per-sample ones (such as
        ``sample_weight``) are indexed with each training fold.
    pre_dispatch : int or str, default="2*n_jobs"
        Number of tasks dispatched ahead of time.
    return_train_score : bool, default=False
        Also score the training folds.
    return_estimator : bool, default=False
        Return the estimator fitted on each fold.
    return_indices : bool, default=False
        Return the train and test indices of each fold.
    error_score : "raise" or numeric, default=np.nan
        Score given to a fold whose fit failed (with a ``FitFailedWarning``), or "raise".

    Returns
    -------
    scores : dict of float arrays of shape (n_splits,)
        ``test_score`` (or ``test_<name>`` per metric), ``train_score``/``train_<name>``
        with ``return_train_score``, ``fit_time``, ``score_time``, and ``estimator``
        (list) and ``indices`` (dict of ``train``/``test`` tuples) on request.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.model_selection import cross_validate
    >>> from aiguille.linear_model import LinearRegression
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(30, 2))
    >>> y = X @ [1.0, 2.0] + 0.1 * rng.normal(size=30)
    >>> res = cross_validate(LinearRegression(), X, y, cv=3, return_train_score=True)
    >>> sorted(res)
    ['fit_time', 'score_time', 'test_score', 'train_score']
    >>> bool(res["test_score"].min() > 0.95)
    True
    """
    _check_estimator(estimator, "cross_validate")
    _check_error_score(error_score)
    X, y = indexable(X, y)
    params = {} if params is None else params
    cv = check_cv(cv, y, classifier=is_classifier(estimator))
    scorers = _check_scoring(estimator, scoring, raise_exc=(error_score == "raise"))
    indices = cv.split(X, y, groups)
    if return_indices:
        indices = list(indices)
    parallel = _parallel(n_jobs, verbose, pre_dispatch)
    results = parallel(
        _delayed(_fit_and_score)(
            clone(estimator),
            X,
            y,
            scorer=scorers,
            train=train,
            test=test,
            verbose=verbose,
            parameters=None,
            fit_params=params,
            score_params=None,
            return_train_score=return_train_score,
            return_times=True,
            return_estimator=return_estimator,
            error_score=error_score,
        )
        for train, test in indices
    )
    _warn_or_raise_about_fit_failures(results, error_score)
    if callable(scoring):
        _insert_error_scores(results, error_score)
    results = _aggregate_score_dicts(results)
    ret = {"fit_time": results["fit_time"], "score_time": results["score_time"]}
    if return_estimator:
        ret["estimator"] = results["estimator"]
    if return_indices:
        ret["indices"] = {}
        ret["indices"]["train"], ret["indices"]["test"] = zip(*indices, strict=True)
    test_scores = _normalize_score_results(results["test_scores"])
    if return_train_score:
        train_scores = _normalize_score_results(results["train_scores"])
    for name in test_scores:
        ret[f"test_{name}"] = test_scores[name]
        if return_train_score:
            ret[f"train_{name}"] = train_scores[name]
    return ret


def cross_val_score(
    estimator,
    X,
    y=None,
    *,
    groups=None,
    scoring=None,
    cv=None,
    n_jobs=None,
    verbose=0,
    params=None,
    pre_dispatch="2*n_jobs",
    error_score=np.nan,
):
    """Evaluate one score by cross-validation.

    Parameters
    ----------
    estimator : estimator object implementing 'fit'
        aiguille's or scikit-learn's.
    X : array-like or sparse matrix of shape (n_samples, n_features)
        The data to fit.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs), default=None
        The target.
    groups : array-like of shape (n_samples,), default=None
        Group labels, for group-aware splitters.
    scoring : str, callable or None, default=None
        One metric; None uses ``estimator.score``.
    cv : int, cross-validation generator or iterable, default=None
        As in :func:`cross_validate`.
    n_jobs : int, default=None
        Number of folds fitted in parallel.
    verbose : int, default=0
        Verbosity.
    params : dict, default=None
        Parameters passed to ``estimator.fit`` (per-sample ones indexed per fold).
    pre_dispatch : int or str, default="2*n_jobs"
        Number of tasks dispatched ahead of time.
    error_score : "raise" or numeric, default=np.nan
        Score given to a fold whose fit failed, or "raise".

    Returns
    -------
    scores : ndarray of float of shape (n_splits,)
        The score of each fold.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.model_selection import cross_val_score
    >>> from aiguille.linear_model import LinearRegression
    >>> X = np.arange(20.0).reshape(10, 2)
    >>> y = X[:, 0] + X[:, 1]
    >>> cross_val_score(LinearRegression(), X, y, cv=2).round(6)
    array([1., 1.])
    """
    _check_estimator(estimator, "cross_val_score")
    scorer = _check_scoring(estimator, scoring)
    cv_results = cross_validate(
        estimator=estimator,
        X=X,
        y=y,
        groups=groups,
        scoring={"score": scorer},
        cv=cv,
        n_jobs=n_jobs,
        verbose=verbose,
        params=params,
        pre_dispatch=pre_dispatch,
        error_score=error_score,
    )
    return cv_results["test_score"]


def _check_is_permutation(indices, n_samples):
    if len(indices) != n_samples:
        return False
    hit = np.zeros(n_samples, dtype=bool)
    hit[indices] = True
    return bool(np.all(hit))


def _enforce_prediction_order(classes, predictions, n_classes, method):
    """Put a fold's per-class columns in the positions of the full set of classes."""
    classes_length = classes.shape[0]
    if n_classes != classes_length:
        recommendation = (
            "To fix this, use a cross-validation technique resulting in properly stratified folds"
        )
        warnings.warn(
            f"Number of classes in training fold ({classes_length}) does not match total "
            f"number of classes ({n_classes}). Results may not be appropriate for your use "
            f"case. {recommendation}",
            RuntimeWarning,
            stacklevel=2,
        )
        if method == "decision_function":
            if predictions.ndim == 2 and predictions.shape[1] != classes_length:
                raise ValueError(
                    f"Output shape {predictions.shape} of {method} does not match number of "
                    f"classes ({classes_length}) in fold. Irregular decision_function "
                    "outputs are not currently supported by cross_val_predict"
                )
            if classes_length <= 2:
                raise ValueError(
                    f"Only {classes_length} class/es in training fold, but {n_classes} in "
                    "overall dataset. This is not supported for decision_function with "
                    f"imbalanced folds. {recommendation}"
                )
        float_min = np.finfo(predictions.dtype).min
        default_values = {
            "decision_function": float_min,
            "predict_log_proba": float_min,
            "predict_proba": 0,
        }
        full = np.full(
            (_num_samples(predictions), n_classes), default_values[method], dtype=predictions.dtype
        )
        full[:, classes] = predictions
        predictions = full
    return predictions


def _fit_and_predict(estimator, X, y, train, test, fit_params, method):
    fit_params = _check_method_params(X, params=fit_params or {}, indices=train)
    X_train, y_train = _safe_split(estimator, X, y, train)
    X_test, _ = _safe_split(estimator, X, y, test, train)
    if y_train is None:
        estimator.fit(X_train, **fit_params)
    else:
        estimator.fit(X_train, y_train, **fit_params)
    predictions = getattr(estimator, method)(X_test)
    if method in ("decision_function", "predict_proba", "predict_log_proba") and y is not None:
        if isinstance(predictions, list):
            predictions = [
                _enforce_prediction_order(
                    estimator.classes_[i],
                    predictions[i],
                    n_classes=len(set(y[:, i])),
                    method=method,
                )
                for i in range(len(predictions))
            ]
        else:
            n_classes = len(set(y)) if y.ndim == 1 else y.shape[1]
            predictions = _enforce_prediction_order(
                estimator.classes_, predictions, n_classes, method
            )
    return predictions


def cross_val_predict(
    estimator,
    X,
    y=None,
    *,
    groups=None,
    cv=None,
    n_jobs=None,
    verbose=0,
    params=None,
    pre_dispatch="2*n_jobs",
    method="predict",
):
    """Cross-validated predictions: each sample predicted by the model that did not see it.

    Parameters
    ----------
    estimator : estimator object implementing 'fit' and ``method``
        aiguille's or scikit-learn's.
    X : array-like or sparse matrix of shape (n_samples, n_features)
        The data.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs), default=None
        The target.
    groups : array-like of shape (n_samples,), default=None
        Group labels, for group-aware splitters.
    cv : int, cross-validation generator or iterable, default=None
        As in :func:`cross_validate`; the test folds must partition the samples.
    n_jobs : int, default=None
        Number of folds fitted in parallel.
    verbose : int, default=0
        Verbosity.
    params : dict, default=None
        Parameters passed to ``estimator.fit`` (per-sample ones indexed per fold).
    pre_dispatch : int or str, default="2*n_jobs"
        Number of tasks dispatched ahead of time.
    method : {"predict", "predict_proba", "predict_log_proba", "decision_function"}, \
default="predict"
        The method called; per-class columns follow the sorted classes of ``y`` even when a
        training fold lacks a class.

    Returns
    -------
    predictions : ndarray of shape (n_samples,) or (n_samples, n_classes)
        The out-of-fold predictions, in the order of the samples.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.model_selection import cross_val_predict
    >>> from aiguille.linear_model import LinearRegression
    >>> X = np.arange(12.0).reshape(6, 2)
    >>> cross_val_predict(LinearRegression(), X, X[:, 0] * 2, cv=3).round(6)
    array([ 0.,  4.,  8., 12., 16., 20.])
    """
    _check_estimator(estimator, "cross_val_predict")
    if method not in ("predict", "predict_proba", "predict_log_proba", "decision_function"):
        raise ValueError(
            "The 'method' parameter of cross_val_predict must be a str among "
            "{'decision_function', 'predict', 'predict_log_proba', 'predict_proba'}. "
            f"Got {method!r} instead."
        )
    X, y = indexable(X, y)
    params = {} if params is None else params
    cv = check_cv(cv, y, classifier=is_classifier(estimator))
    splits = list(cv.split(X, y, groups))
    test_indices = np.concatenate([test for _, test in splits])
    if not _check_is_permutation(test_indices, _num_samples(X)):
        raise ValueError("cross_val_predict only works for partitions")
    encode = method in ("decision_function", "predict_proba", "predict_log_proba") and (
        y is not None
    )
    if encode:
        y = np.asarray(y)
        if y.ndim == 1:
            y = np.unique(y, return_inverse=True)[1].reshape(-1)
        elif y.ndim == 2:
            y_enc = np.zeros_like(y, dtype=int)
            for i in range(y.shape[1]):
                y_enc[:, i] = np.unique(y[:, i], return_inverse=True)[1].reshape(-1)
            y = y_enc
    parallel = _parallel(n_jobs, verbose, pre_dispatch)
    predictions = parallel(
        _delayed(_fit_and_predict)(clone(estimator), X, y, train, test, params, method)
        for train, test in splits
    )
    inv_test_indices = np.empty(len(test_indices), dtype=int)
    inv_test_indices[test_indices] = np.arange(len(test_indices))
    if issparse(predictions[0]):
        import scipy.sparse as sp

        predictions = sp.vstack(predictions, format=predictions[0].format)
    elif encode and isinstance(predictions[0], list):
        predictions = [np.concatenate([p[i] for p in predictions]) for i in range(y.shape[1])]
    else:
        predictions = np.concatenate(predictions)
    if isinstance(predictions, list):
        return [p[inv_test_indices] for p in predictions]
    return predictions[inv_test_indices]


def _shuffle(y, groups, random_state):
    if groups is None:
        indices = random_state.permutation(len(y))
    else:
        indices = np.arange(len(groups))
        for group in np.unique(groups):
            mask = groups == group
            indices[mask] = random_state.permutation(indices[mask])
    return _safe_indexing(y, indices)


def _permutation_test_score(estimator, X, y, groups, cv, scorer, fit_params):
    avg_score = []
    for train, test in cv.split(X, y, groups):
        X_train, y_train = _safe_split(estimator, X, y, train)
        X_test, y_test = _safe_split(estimator, X, y, test, train)
        estimator.fit(X_train, y_train, **_check_method_params(X, fit_params, train))
        avg_score.append(scorer(estimator, X_test, y_test))
    return np.mean(avg_score)


def permutation_test_score(
    estimator,
    X,
    y,
    *,
    groups=None,
    cv=None,
    n_permutations=100,
    n_jobs=None,
    random_state=0,
    verbose=0,
    scoring=None,
    params=None,
):
    """Significance of a cross-validated score: how often shuffled targets score as well.

    Parameters
    ----------
    estimator : estimator object implementing 'fit'
        aiguille's or scikit-learn's.
    X : array-like of shape (n_samples, n_features)
        The data.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        The target.
    groups : array-like of shape (n_samples,), default=None
        Labels within which ``y`` is permuted (and passed to the splitter).
    cv : int, cross-validation generator or iterable, default=None
        As in :func:`cross_validate`.
    n_permutations : int, default=100
        Number of permutations of ``y``.
    n_jobs : int, default=None
        Number of permutations scored in parallel.
    random_state : int, RandomState instance or None, default=0
        Seeds the permutations.
    verbose : int, default=0
        Verbosity.
    scoring : str, callable or None, default=None
        One metric; None uses ``estimator.score``.
    params : dict, default=None
        Parameters passed to ``estimator.fit``.

    Returns
    -------
    score : float
        The cross-validated score on the true targets.
    permutation_scores : ndarray of shape (n_permutations,)
        The scores on permuted targets.
    pvalue : float
        ``(count(permutation_scores >= score) + 1) / (n_permutations + 1)``.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.model_selection import permutation_test_score
    >>> from aiguille.linear_model import LinearRegression
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(40, 2))
    >>> y = X[:, 0] + 0.1 * rng.normal(size=40)
    >>> score, perm, pvalue = permutation_test_score(
    ...     LinearRegression(), X, y, cv=3, n_permutations=9)
    >>> round(float(pvalue), 2)
    0.1
    """
    _check_estimator(estimator, "permutation_test_score")
    params = {} if params is None else params
    X, y, groups = indexable(X, y, groups)
    cv = check_cv(cv, y, classifier=is_classifier(estimator))
    scorer = _check_scoring(estimator, scoring)
    random_state = check_random_state(random_state)
    score = _permutation_test_score(clone(estimator), X, y, groups, cv, scorer, params)
    permutation_scores = _parallel(n_jobs, verbose, "2*n_jobs")(
        _delayed(_permutation_test_score)(
            clone(estimator), X, _shuffle(y, groups, random_state), groups, cv, scorer, params
        )
        for _ in range(n_permutations)
    )
    permutation_scores = np.array(permutation_scores)
    pvalue = (np.sum(permutation_scores >= score) + 1.0) / (n_permutations + 1)
    return score, permutation_scores, pvalue


def _translate_train_sizes(train_sizes, n_max_training_samples):
    train_sizes_abs = np.asarray(train_sizes)
    n_ticks = train_sizes_abs.shape[0]
    n_min = np.min(train_sizes_abs)
    n_max = np.max(train_sizes_abs)
    if np.issubdtype(train_sizes_abs.dtype, np.floating):
        if n_min <= 0.0 or n_max > 1.0:
            raise ValueError(
                "train_sizes has been interpreted as fractions of the maximum number of "
                f"training samples and must be within (0, 1], but is within [{n_min:f}, "
                f"{n_max:f}]."
            )
        train_sizes_abs = (train_sizes_abs * n_max_training_samples).astype(int, copy=False)
        train_sizes_abs = np.clip(train_sizes_abs, 1, n_max_training_samples)
    elif n_min <= 0 or n_max > n_max_training_samples:
        raise ValueError(
            "train_sizes has been interpreted as absolute numbers of training samples and "
            f"must be within (0, {n_max_training_samples}], but is within [{int(n_min)}, "
            f"{int(n_max)}]."
        )
    train_sizes_abs = np.unique(train_sizes_abs)
    if n_ticks > train_sizes_abs.shape[0]:
        warnings.warn(
            "Removed duplicate entries from 'train_sizes'. Number of ticks will be less "
            f"than the size of 'train_sizes': {train_sizes_abs.shape[0]} instead of "
            f"{n_ticks}.",
            RuntimeWarning,
            stacklevel=3,
        )
    return train_sizes_abs


def _incremental_fit_estimator(
    estimator, X, y, classes, train, test, train_sizes, scorer, return_times, error_score,
    fit_params,
):  # fmt: skip
    train_scores, test_scores, fit_times, score_times = [], [], [], []
    partitions = zip(train_sizes, np.split(train, train_sizes)[:-1], strict=True)
    fit_params = fit_params or {}
    if classes is None:
        partial_fit = partial(estimator.partial_fit)
    else:
        partial_fit = partial(estimator.partial_fit, classes=classes)
    for n_train_samples, partial_train in partitions:
        train_subset = train[:n_train_samples]
        X_train, y_train = _safe_split(estimator, X, y, train_subset)
        X_partial, y_partial = _safe_split(estimator, X, y, partial_train)
        X_test, y_test = _safe_split(estimator, X, y, test, train_subset)
        start = time.time()
        fit_params_iter = _check_method_params(X, params=fit_params, indices=partial_train)
        if y_partial is None:
            partial_fit(X_partial, **fit_params_iter)
        else:
            partial_fit(X_partial, y_partial, **fit_params_iter)
        fit_times.append(time.time() - start)
        start = time.time()
        test_scores.append(_score(estimator, X_test, y_test, scorer, None, error_score))
        train_scores.append(_score(estimator, X_train, y_train, scorer, None, error_score))
        score_times.append(time.time() - start)
    ret = (
        (train_scores, test_scores, fit_times, score_times)
        if return_times
        else (train_scores, test_scores)
    )
    return np.array(ret).T


def learning_curve(
    estimator,
    X,
    y,
    *,
    groups=None,
    train_sizes=np.linspace(0.1, 1.0, 5),  # noqa: B008  (scikit-learn's default)
    cv=None,
    scoring=None,
    exploit_incremental_learning=False,
    n_jobs=None,
    pre_dispatch="all",
    verbose=0,
    shuffle=False,
    random_state=None,
    error_score=np.nan,
    return_times=False,
    params=None,
):
    """Training and test scores for growing training sets.

    Parameters
    ----------
    estimator : estimator object implementing 'fit'
        aiguille's or scikit-learn's.
    X : array-like of shape (n_samples, n_features)
        The data.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs) or None
        The target.
    groups : array-like of shape (n_samples,), default=None
        Group labels, for group-aware splitters.
    train_sizes : array-like of shape (n_ticks,), default=np.linspace(0.1, 1.0, 5)
        Training set sizes: fractions (floats in (0, 1]) of the largest training fold, or
        absolute numbers (ints).
    cv : int, cross-validation generator or iterable, default=None
        As in :func:`cross_validate`.
    scoring : str, callable or None, default=None
        One metric; None uses ``estimator.score``.
    exploit_incremental_learning : bool, default=False
        Grow one model per fold with ``partial_fit`` instead of refitting.
    n_jobs : int, default=None
        Number of fits run in parallel.
    pre_dispatch : int or str, default="all"
        Number of tasks dispatched ahead of time.
    verbose : int, default=0
        Verbosity.
    shuffle : bool, default=False
        Shuffle each training fold before taking its prefixes.
    random_state : int, RandomState instance or None, default=None
        Seeds the shuffle.
    error_score : "raise" or numeric, default=np.nan
        Score given to a failed fit, or "raise".
    return_times : bool, default=False
        Also return fit and score times.
    params : dict, default=None
        Parameters passed to ``estimator.fit`` (or ``partial_fit``).

    Returns
    -------
    train_sizes_abs : ndarray of shape (n_unique_ticks,)
        The training set sizes used.
    train_scores : ndarray of shape (n_ticks, n_cv_folds)
        Scores on the training sets.
    test_scores : ndarray of shape (n_ticks, n_cv_folds)
        Scores on the test sets.
    fit_times : ndarray of shape (n_ticks, n_cv_folds)
        Fit times in seconds (only with ``return_times``).
    score_times : ndarray of shape (n_ticks, n_cv_folds)
        Score times in seconds (only with ``return_times``).

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.model_selection import learning_curve
    >>> from aiguille.linear_model import LinearRegression
    >>> X = np.random.RandomState(0).normal(size=(40, 2))
    >>> sizes, train, test = learning_curve(
    ...     LinearRegression(), X, X @ [1.0, -1.0], train_sizes=[0.5, 1.0], cv=4)
    >>> sizes.tolist(), test.shape
    ([15, 30], (2, 4))
    """
    _check_estimator(estimator, "learning_curve")
    if exploit_incremental_learning and not hasattr(estimator, "partial_fit"):
        raise ValueError(
            "An estimator must support the partial_fit interface to exploit incremental learning"
        )
    _check_error_score(error_score)
    params = {} if params is None else params
    X, y, groups = indexable(X, y, groups)
    cv = check_cv(cv, y, classifier=is_classifier(estimator))
    scorer = _check_scoring(estimator, scoring)
    cv_iter = list(cv.split(X, y, groups))
    n_max_training_samples = len(cv_iter[0][0])
    train_sizes_abs = _translate_train_sizes(train_sizes, n_max_training_samples)
    n_unique_ticks = train_sizes_abs.shape[0]
    if verbose > 0:
        print("[learning_curve] Training set sizes: " + str(train_sizes_abs))
    parallel = _parallel(n_jobs, verbose, pre_dispatch)
    if shuffle:
        rng = check_random_state(random_state)
        cv_iter = [(rng.permutation(train), test) for train, test in cv_iter]
    if exploit_incremental_learning:
        classes = np.unique(y) if is_classifier(estimator) else None
        out = parallel(
            _delayed(_incremental_fit_estimator)(
                clone(estimator),
                X,
                y,
                classes,
                train,
                test,
                train_sizes_abs,
                scorer,
                return_times,
                error_score,
                params,
            )  # fmt: skip
            for train, test in cv_iter
        )
        out = np.asarray(out).transpose((2, 1, 0))
    else:
        proportions = [
            (train[:n_train], test) for train, test in cv_iter for n_train in train_sizes_abs
        ]
        results = parallel(
            _delayed(_fit_and_score)(
                clone(estimator),
                X,
                y,
                scorer=scorer,
                train=train,
                test=test,
                verbose=verbose,
                parameters=None,
                fit_params=params,
                score_params=None,
                return_train_score=True,
                error_score=error_score,
                return_times=return_times,
            )
            for train, test in proportions
        )
        _warn_or_raise_about_fit_failures(results, error_score)
        results = _aggregate_score_dicts(results)
        out = [
            results["train_scores"].reshape(-1, n_unique_ticks).T,
            results["test_scores"].reshape(-1, n_unique_ticks).T,
        ]
        if return_times:
            out.append(results["fit_time"].reshape(-1, n_unique_ticks).T)
            out.append(results["score_time"].reshape(-1, n_unique_ticks).T)
    ret = train_sizes_abs, out[0], out[1]
    if return_times:
        ret = ret + (out[2], out[3])
    return ret


def validation_curve(
    estimator,
    X,
    y,
    *,
    param_name,
    param_range,
    groups=None,
    cv=None,
    scoring=None,
    n_jobs=None,
    pre_dispatch="all",
    verbose=0,
    error_score=np.nan,
    params=None,
):
    """Training and test scores for each value of one parameter.

    Parameters
    ----------
    estimator : estimator object implementing 'fit'
        aiguille's or scikit-learn's.
    X : array-like of shape (n_samples, n_features)
        The data.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs) or None
        The target.
    param_name : str
        Name of the parameter that varies (``step__param`` for nested ones).
    param_range : array-like of shape (n_values,)
        Its values.
    groups : array-like of shape (n_samples,), default=None
        Group labels, for group-aware splitters.
    cv : int, cross-validation generator or iterable, default=None
        As in :func:`cross_validate`.
    scoring : str, callable or None, default=None
        One metric; None uses ``estimator.score``.
    n_jobs : int, default=None
        Number of fits run in parallel.
    pre_dispatch : int or str, default="all"
        Number of tasks dispatched ahead of time.
    verbose : int, default=0
        Verbosity.
    error_score : "raise" or numeric, default=np.nan
        Score given to a failed fit, or "raise".
    params : dict, default=None
        Parameters passed to ``estimator.fit``.

    Returns
    -------
    train_scores : ndarray of shape (n_values, n_cv_folds)
        Scores on the training sets.
    test_scores : ndarray of shape (n_values, n_cv_folds)
        Scores on the test sets.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.model_selection import validation_curve
    >>> from aiguille.linear_model import LinearRegression
    >>> X = np.random.RandomState(0).normal(size=(20, 2))
    >>> train, test = validation_curve(LinearRegression(), X, X @ [1.0, 2.0],
    ...     param_name="fit_intercept", param_range=[True, False], cv=2)
    >>> test.shape
    (2, 2)
    """
    _check_estimator(estimator, "validation_curve")
    _check_error_score(error_score)
    params = {} if params is None else params
    X, y, groups = indexable(X, y, groups)
    cv = check_cv(cv, y, classifier=is_classifier(estimator))
    scorer = _check_scoring(estimator, scoring)
    parallel = _parallel(n_jobs, verbose, pre_dispatch)
    results = parallel(
        _delayed(_fit_and_score)(
            clone(estimator),
            X,
            y,
            scorer=scorer,
            train=train,
            test=test,
            verbose=verbose,
            parameters={param_name: v},
            fit_params=params,
            score_params=None,
            return_train_score=True,
            error_score=error_score,
        )
        for train, test in cv.split(X, y, groups)
        for v in param_range
    )
    n_params = len(param_range)
    results = _aggregate_score_dicts(results)
    train_scores = results["train_scores"].reshape(-1, n_params).T
    test_scores = results["test_scores"].reshape(-1, n_params).T
    return train_scores, test_scores
