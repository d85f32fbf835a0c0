"""Scorers: ``get_scorer``, ``make_scorer``, ``check_scoring`` and multi-metric scoring.

A scorer is a callable ``scorer(estimator, X, y_true, sample_weight=None)`` returning a
float where greater is better. Scorers work on aiguille and scikit-learn estimators alike.
``_MultimetricScorer`` calls each prediction method (``predict``, ``predict_proba``, ...)
once and shares the result across the scorers that need it.
"""

import copy
import warnings
from collections import Counter
from functools import partial
from inspect import signature
from traceback import format_exc

import numpy as np

from ..base import is_classifier, is_regressor
from ..utils.multiclass import type_of_target

__all__ = ["check_scoring", "get_scorer", "get_scorer_names", "make_scorer"]


def _check_response_method(estimator, response_method):
    """The first of ``response_method`` (a name or a list of names) the estimator has."""
    list_methods = [response_method] if isinstance(response_method, str) else response_method
    for method in list_methods:
        prediction_method = getattr(estimator, method, None)
        if prediction_method is not None:
            return prediction_method
    raise AttributeError(
        f"{estimator.__class__.__name__} has none of the following attributes: "
        f"{', '.join(list_methods)}."
    )


def _method_name(method):
    try:
        return method.__name__
    except AttributeError:
        return _method_name(method.func)


def _process_predict_proba(y_pred, target_type, classes, pos_label):
    if target_type == "binary" and y_pred.shape[1] < 2:
        raise ValueError(
            f"Got predict_proba of shape {y_pred.shape}, but need classifier with two classes."
        )
    if target_type == "binary":
        col_idx = np.flatnonzero(np.asarray(classes) == pos_label)[0]
        return y_pred[:, col_idx]
    if target_type == "multilabel-indicator":
        if isinstance(y_pred, list):
            return np.vstack([p[:, -1] for p in y_pred]).T
        return y_pred
    return y_pred


def _process_decision_function(y_pred, target_type, classes, pos_label):
    if target_type == "binary" and pos_label == classes[0]:
        return -1 * y_pred
    return y_pred


def _get_response_values(estimator, X, response_method, pos_label=None):
    """Predictions of ``estimator`` on ``X`` for scoring, as scikit-learn shapes them.

    For a binary classifier, ``predict_proba`` is reduced to the positive class column and
    ``decision_function`` is negated when the positive class is ``classes_[0]``.
    """
    prediction_method = _check_response_method(estimator, response_method)
    name = _method_name(prediction_method)
    if is_classifier(estimator):
        classes = estimator.classes_
        target_type = type_of_target(classes)
        if target_type == "binary":
            if pos_label is not None and pos_label not in np.asarray(classes).tolist():
                raise ValueError(
                    f"pos_label={pos_label} is not a valid label: It should be one of {classes}"
                )
            elif pos_label is None:
                pos_label = classes[-1]
        y_pred = prediction_method(X)
        if name in ("predict_proba", "predict_log_proba"):
            y_pred = _process_predict_proba(y_pred, target_type, classes, pos_label)
        elif name == "decision_function":
            y_pred = _process_decision_function(y_pred, target_type, classes, pos_label)
    else:
        y_pred, pos_label = prediction_method(X), None
    return y_pred, pos_label


def _cached_call(cache, estimator, response_method, *args, **kwargs):
    if cache is not None and response_method in cache:
        return cache[response_method]
    result, _ = _get_response_values(estimator, *args, response_method=response_method, **kwargs)
    if cache is not None:
        cache[response_method] = result
    return result


def _func_name(func):
    if isinstance(func, partial):
        return repr(func)
    return getattr(func, "__name__", repr(func))


class _BaseScorer:
    """A metric bound to a prediction method and a sign (greater is better)."""

    def __init__(self, score_func, sign, kwargs, response_method="predict"):
        self._score_func = score_func
        self._sign = sign
        self._kwargs = kwargs
        self._response_method = response_method

    def _get_pos_label(self):
        if "pos_label" in self._kwargs:
            return self._kwargs["pos_label"]
        try:
            params = signature(self._score_func).parameters
        except (TypeError, ValueError):
            return None
        if "pos_label" in params:
            return params["pos_label"].default
        return None

    def _accept_sample_weight(self):
        try:
            return "sample_weight" in signature(self._score_func).parameters
        except (TypeError, ValueError):
            return False

    def __repr__(self):
        sign_string = "" if self._sign > 0 else ", greater_is_better=False"
        response_method_string = f", response_method={self._response_method!r}"
        kwargs_string = "".join([f", {k}={v}" for k, v in self._kwargs.items()])
        return (
            f"make_scorer({_func_name(self._score_func)}{sign_string}"
            f"{response_method_string}{kwargs_string})"
        )

    def __call__(self, estimator, X, y_true, sample_weight=None, **kwargs):
        """Score ``estimator`` on ``X`` against ``y_true``.

        Parameters
        ----------
        estimator : fitted estimator
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y_true : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
        **kwargs : dict
            Extra keyword arguments of the metric.

        Returns
        -------
        score : float
        """
        if sample_weight is not None:
            kwargs["sample_weight"] = sample_weight
        return self._score(partial(_cached_call, None), estimator, X, y_true, **kwargs)

    def _warn_overlap(self, message, kwargs):
        overlap = set(self._kwargs or {}).intersection(kwargs)
        if overlap:
            warnings.warn(f"{message} Overlapping parameters are: {overlap}", UserWarning)


class _Scorer(_BaseScorer):
    def _score(self, method_caller, estimator, X, y_true, **kwargs):
        self._warn_overlap(
            "There is an overlap between set kwargs of this scorer instance and passed "
            "metadata. Please pass them either as kwargs to `make_scorer` or metadata, but "
            "not both.",
            kwargs,
        )
        pos_label = None if is_regressor(estimator) else self._get_pos_label()
        response_method = _check_response_method(estimator, self._response_method)
        y_pred = method_caller(estimator, _method_name(response_method), X, pos_label=pos_label)
        scoring_kwargs = {**self._kwargs, **kwargs}
        return self._sign * self._score_func(y_true, y_pred, **scoring_kwargs)


class _PassthroughScorer:
    """Calls ``estimator.score`` (``check_scoring(estimator, None)``)."""

    def __init__(self, estimator):
        self._estimator = estimator

    def __call__(self, estimator, *args, **kwargs):
        return estimator.score(*args, **kwargs)

    def __repr__(self):
        return f"{type(self._estimator).__name__}.score"

    def _accept_sample_weight(self):
        return "sample_weight" in signature(self._estimator.score).parameters


class _MultimetricScorer:
    """Scores with several scorers, calling each prediction method of the estimator once.

    Parameters
    ----------
    scorers : dict
        Name -> scorer.
    raise_exc : bool, default=True
        When False, a failing scorer's score is the formatted traceback (a str).
    """

    def __init__(self, *, scorers, raise_exc=True):
        self._scorers = scorers
        self._raise_exc = raise_exc

    def __call__(self, estimator, *args, **kwargs):
        scores = {}
        cache = {} if self._use_cache(estimator) else None
        cached_call = partial(_cached_call, cache)
        common = {k: v for k, v in kwargs.items() if k != "sample_weight"}
        sw = kwargs.get("sample_weight")
        for name, scorer in self._scorers.items():
            params = dict(common)
            if sw is not None and _accepts_sample_weight(scorer):
                params["sample_weight"] = sw
            try:
                if isinstance(scorer, _BaseScorer):
                    score = scorer._score(cached_call, estimator, *args, **params)
                else:
                    score = scorer(estimator, *args, **params)
                scores[name] = score
            except Exception:
                if self._raise_exc:
                    raise
                scores[name] = format_exc()
        return scores

    def __repr__(self):
        scorers = ", ".join([f'"{s}"' for s in self._scorers])
        return f"MultiMetricScorer({scorers})"

    def _accept_sample_weight(self):
        return any(_accepts_sample_weight(s) for s in self._scorers.values())

    def _use_cache(self, estimator):
        """True when some prediction method would be called more than once."""
        if len(self._scorers) == 1:
            return False
        names = []
        for scorer in self._scorers.values():
            if isinstance(scorer, _BaseScorer):
                try:
                    names.append(
                        _method_name(_check_response_method(estimator, scorer._response_method))
                    )
                except AttributeError:
                    continue
        return any(v > 1 for v in Counter(names).values())


def _accepts_sample_weight(scorer):
    method = getattr(scorer, "_accept_sample_weight", None)
    if method is not None:
        try:
            return bool(method())
        except Exception:  # a foreign scorer: pass the weights and let it decide
            return True
    return True


def make_scorer(score_func, *, response_method="predict", greater_is_better=True, **kwargs):
    """Make a scorer from a metric ``score_func(y_true, y_pred, **kwargs)``.

    Parameters
    ----------
    score_func : callable
        The metric.
    response_method : {"predict_proba", "decision_function", "predict"} or list/tuple of
        those, default="predict"
        The estimator's method giving ``y_pred`` (the first available one of a list).
    greater_is_better : bool, default=True
        When False the scorer returns the negated metric.
    **kwargs : additional arguments
        Passed to ``score_func``.

    Returns
    -------
    scorer : callable
        ``scorer(estimator, X, y, sample_weight=None) -> float``.

    Examples
    --------
    >>> from aiguille.metrics import fbeta_score, make_scorer
    >>> make_scorer(fbeta_score, beta=2)
    make_scorer(fbeta_score, response_method='predict', beta=2)
    """
    valid = {"predict_proba", "decision_function", "predict", "predict_log_proba"}
    methods = [response_method] if isinstance(response_method, str) else response_method
    if response_method is None or not all(isinstance(m, str) for m in methods):
        raise ValueError(
            "The 'response_method' parameter of make_scorer must be a str among "
            f"{sorted(valid)}, an instance of 'list' or an instance of 'tuple'. "
            f"Got {response_method!r} instead."
        )
    if not callable(score_func):
        raise ValueError(
            "The 'score_func' parameter of make_scorer must be a callable. "
            f"Got {score_func!r} instead."
        )
    sign = 1 if greater_is_better else -1
    return _Scorer(score_func, sign, kwargs, response_method)


_SCORERS = None


def _build_scorers():
    from . import _classification as C
    from . import _cluster as K
    from . import _ranking as R
    from . import _regression as G

    s = {
        "explained_variance": make_scorer(G.explained_variance_score),
        "r2": make_scorer(G.r2_score),
        "matthews_corrcoef": make_scorer(C.matthews_corrcoef),
        "neg_median_absolute_error": make_scorer(G.median_absolute_error, greater_is_better=False),
        "neg_mean_absolute_error": make_scorer(G.mean_absolute_error, greater_is_better=False),
        "neg_mean_absolute_percentage_error": make_scorer(
            G.mean_absolute_percentage_error, greater_is_better=False
        ),
        "neg_mean_squared_error": make_scorer(G.mean_squared_error, greater_is_better=False),
        "neg_max_error": make_scorer(G.max_error, greater_is_better=False),
        "neg_mean_squared_log_error": make_scorer(
            G.mean_squared_log_error, greater_is_better=False
        ),
        "neg_root_mean_squared_log_error": make_scorer(
            G.root_mean_squared_log_error, greater_is_better=False
        ),
        "fowlkes_mallows_score": make_scorer(K.fowlkes_mallows_score),
        "neg_root_mean_squared_error": make_scorer(
            G.root_mean_squared_error, greater_is_better=False
        ),
        "accuracy": make_scorer(C.accuracy_score),
        "roc_auc": make_scorer(
            R.roc_auc_score, response_method=("decision_function", "predict_proba")
        ),
        "top_k_accuracy": make_scorer(
            R.top_k_accuracy_score, response_method=("decision_function", "predict_proba")
        ),
        "roc_auc_ovr": make_scorer(
            R.roc_auc_score, response_method="predict_proba", multi_class="ovr"
        ),
        "roc_auc_ovo": make_scorer(
            R.roc_auc_score, response_method="predict_proba", multi_class="ovo"
        ),
        "roc_auc_ovr_weighted": make_scorer(
            R.roc_auc_score,
            response_method="predict_proba",
            multi_class="ovr",
            average="weighted",
        ),
        "roc_auc_ovo_weighted": make_scorer(
            R.roc_auc_score,
            response_method="predict_proba",
            multi_class="ovo",
            average="weighted",
        ),
        "balanced_accuracy": make_scorer(C.balanced_accuracy_score),
        "average_precision": make_scorer(
            R.average_precision_score, response_method=("decision_function", "predict_proba")
        ),
        "neg_log_loss": make_scorer(
            C.log_loss, greater_is_better=False, response_method="predict_proba"
        ),
        "neg_brier_score": make_scorer(
            C.brier_score_loss, greater_is_better=False, response_method="predict_proba"
        ),
        "adjusted_rand_score": make_scorer(K.adjusted_rand_score),
        "rand_score": make_scorer(K.rand_score),
        "homogeneity_score": make_scorer(K.homogeneity_score),
        "completeness_score": make_scorer(K.completeness_score),
        "v_measure_score": make_scorer(K.v_measure_score),
        "mutual_info_score": make_scorer(K.mutual_info_score),
        "adjusted_mutual_info_score": make_scorer(K.adjusted_mutual_info_score),
        "normalized_mutual_info_score": make_scorer(K.normalized_mutual_info_score),
    }
    for name, metric in [
        ("precision", C.precision_score),
        ("recall", C.recall_score),
        ("f1", C.f1_score),
        ("jaccard", C.jaccard_score),
    ]:
        s[name] = make_scorer(metric, average="binary")
        for average in ("macro", "micro", "samples", "weighted"):
            s[f"{name}_{average}"] = make_scorer(metric, pos_label=None, average=average)
    return s


def _scorers():
    global _SCORERS
    if _SCORERS is None:
        _SCORERS = _build_scorers()
    return _SCORERS


def get_scorer_names():
    """Names of all the scorers ``get_scorer`` accepts.

    Returns
    -------
    list of str

    Examples
    --------
    >>> from aiguille.metrics import get_scorer_names
    >>> "f1_macro" in get_scorer_names()
    True
    """
    return sorted(_scorers())


def get_scorer(scoring):
    """The scorer named ``scoring`` (a copy), or ``scoring`` itself when it is a callable.

    Parameters
    ----------
    scoring : str, callable or None

    Returns
    -------
    scorer : callable

    Examples
    --------
    >>> from aiguille.metrics import get_scorer
    >>> get_scorer("accuracy")
    make_scorer(accuracy_score, response_method='predict')
    """
    if isinstance(scoring, str):
        try:
            return copy.deepcopy(_scorers()[scoring])
        except KeyError:
            raise ValueError(
                f"{scoring!r} is not a valid scoring value. Use "
                "aiguille.metrics.get_scorer_names() to get valid options."
            ) from None
    return scoring


def check_scoring(estimator=None, scoring=None, *, allow_none=False, raise_exc=True):
    """Resolve ``scoring`` into a scorer for ``estimator``.

    Parameters
    ----------
    estimator : estimator object, default=None
    scoring : str, callable, list, tuple, set, dict or None, default=None
        None: ``estimator.score``; a str: ``get_scorer``; a list/tuple/set/dict: a
        multi-metric scorer returning a dict of scores.
    allow_none : bool, default=False
        Return None instead of raising when scoring is None and the estimator has no score.
    raise_exc : bool, default=True
        For multi-metric scoring: raise a scorer's error (True) or return its traceback.

    Returns
    -------
    scorer : callable or None

    Examples
    --------
    >>> from aiguille.metrics import check_scoring
    >>> check_scoring(scoring="neg_mean_squared_error")
    make_scorer(mean_squared_error, greater_is_better=False, response_method='predict')
    """
    if isinstance(scoring, str):
        return get_scorer(scoring)
    if callable(scoring):
        module = getattr(scoring, "__module__", None)
        if hasattr(module, "startswith") and any(
            module.startswith(f"{pkg}.metrics.")
            and not module.startswith(f"{pkg}.metrics._scorer")
            and not module.startswith(f"{pkg}.metrics.tests.")
            for pkg in ("aiguille", "sklearn")
        ):
            raise ValueError(
                f"scoring value {scoring!r} looks like it is a metric function rather than a "
                "scorer. A scorer should require an estimator as its first parameter. Please "
                "use `make_scorer` to convert a metric to a scorer."
            )
        return get_scorer(scoring)
    if isinstance(scoring, list | tuple | set | dict):
        scorers = _check_multimetric_scoring(estimator, scoring=scoring)
        return _MultimetricScorer(scorers=scorers, raise_exc=raise_exc)
    if scoring is None:
        if hasattr(estimator, "score"):
            return _PassthroughScorer(estimator)
        if allow_none:
            return None
        raise TypeError(
            "If no scoring is specified, the estimator passed should have a 'score' method. "
            f"The estimator {estimator!r} does not."
        )
    raise ValueError(
        f"scoring is invalid (got {scoring!r}). Refer to the scoring glossary for details: "
        "https://scikit-learn.org/stable/glossary.html#term-scoring"
    )


def _check_multimetric_scoring(estimator, scoring):
    """Name -> scorer for a list/tuple/set of names or a dict of name -> scorer.

    Parameters
    ----------
    estimator : estimator object
    scoring : list, tuple, set or dict

    Returns
    -------
    scorers_dict : dict
    """
    err_msg_generic = (
        f"scoring is invalid (got {scoring!r}). Refer to the scoring glossary for details: "
        "https://scikit-learn.org/stable/glossary.html#term-scoring"
    )
    if isinstance(scoring, list | tuple | set):
        err_msg = "The list/tuple elements must be unique strings of predefined scorers. "
        try:
            keys = set(scoring)
        except TypeError as e:
            raise ValueError(err_msg) from e
        if len(keys) != len(scoring):
            raise ValueError(
                f"{err_msg} Duplicate elements were found in the given list. {scoring!r}"
            )
        elif len(keys) > 0:
            if not all(isinstance(k, str) for k in keys):
                if any(callable(k) for k in keys):
                    raise ValueError(
                        f"{err_msg} One or more of the elements were callables. Use a dict "
                        f"of score name mapped to the scorer callable. Got {scoring!r}"
                    )
                raise ValueError(
                    f"{err_msg} Non-string types were found in the given list. Got {scoring!r}"
                )
            scorers = {name: check_scoring(estimator, scoring=name) for name in scoring}
        else:
            raise ValueError(f"{err_msg} Empty list was given. {scoring!r}")
    elif isinstance(scoring, dict):
        keys = set(scoring)
        if not all(isinstance(k, str) for k in keys):
            raise ValueError(
                f"Non-string types were found in the keys of the given dict. scoring={scoring!r}"
            )
        if len(keys) == 0:
            raise ValueError(f"An empty dict was passed. {scoring!r}")
        scorers = {key: check_scoring(estimator, scoring=s) for key, s in scoring.items()}
    else:
        raise ValueError(err_msg_generic)
    return scorers
