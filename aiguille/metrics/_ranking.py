"""Ranking metrics: ROC and precision-recall curves, ROC AUC, average precision, ``auc``.

Same signatures, defaults, return types, warnings and error messages as scikit-learn 1.9.
"""

import warnings
from functools import partial
from itertools import combinations
from numbers import Integral, Real

import numpy as np

from ..exceptions import UndefinedMetricWarning
from ..utils._param_validation import Interval, StrOptions, validate_params
from ..utils.multiclass import type_of_target
from ..utils.validation import (
    assert_all_finite,
    check_array,
    check_consistent_length,
    column_or_1d,
)
from ._base import (
    _average,
    _check_pos_label_consistency,
    _check_sample_weight_1d,
    _encode,
    _unique,
)

__all__ = [
    "auc",
    "average_precision_score",
    "precision_recall_curve",
    "roc_auc_score",
    "roc_curve",
    "top_k_accuracy_score",
]


@validate_params({"x": ["array-like"], "y": ["array-like"]})
def auc(x, y):
    """Area under a curve by the trapezoidal rule (x monotonic).

    Parameters
    ----------
    x : array-like of shape (n,)
        Increasing or decreasing x coordinates.
    y : array-like of shape (n,)

    Returns
    -------
    auc : float

    Examples
    --------
    >>> from aiguille.metrics import auc
    >>> auc([0, 0.5, 1], [0, 0.75, 1])
    0.625
    """
    check_consistent_length(x, y)
    x = column_or_1d(x)
    y = column_or_1d(y)
    if x.shape[0] < 2:
        raise ValueError(
            f"At least 2 points are needed to compute area under curve, but x.shape = {x.shape[0]}"
        )
    direction = 1
    dx = np.diff(x)
    if np.any(dx < 0):
        if np.all(dx <= 0):
            direction = -1
        else:
            raise ValueError(f"x is neither increasing nor decreasing : {x}.")
    area = direction * np.trapezoid(y, x)
    return float(area)


def _label_binarize(y, classes):
    """(n_samples, n_classes) 0/1 indicators; a single column for two classes."""
    y = np.asarray(y)
    classes = np.asarray(classes)
    out = (y[:, None] == classes[None, :]).astype(np.int64)
    if classes.shape[0] == 2:
        return out[:, 1:]
    return out


def _sort_and_thresholds(y_true, y_score, sample_weight=None):
    check_consistent_length(y_true, y_score, sample_weight)
    y_true = column_or_1d(y_true)
    y_score = column_or_1d(y_score)
    assert_all_finite(y_true)
    assert_all_finite(y_score)
    if sample_weight is not None:
        sample_weight = column_or_1d(sample_weight)
        sample_weight = _check_sample_weight_1d(sample_weight, y_true.shape[0]).astype(
            np.float64, copy=False
        )
        nonzero = sample_weight != 0
        y_true = y_true[nonzero]
        y_score = y_score[nonzero]
        sample_weight = sample_weight[nonzero]
    n = y_score.shape[0]
    # Stable descending sort (ties keep their input order), as scikit-learn's.
    desc = (n - 1) - np.argsort(y_score[::-1], kind="stable")[::-1]
    y_score = y_score[desc]
    y_true = y_true[desc]
    if sample_weight is not None:
        sample_weight = sample_weight[desc]
    distinct = np.nonzero(np.diff(y_score))[0]
    threshold_idxs = np.r_[distinct, y_true.size - 1]
    return y_true, y_score, sample_weight, threshold_idxs


def _binary_clf_curve(y_true, y_score, pos_label=None, sample_weight=None):
    """fps, tps and thresholds at each distinct score, highest first."""
    y_type = type_of_target(y_true, input_name="y_true")
    if not (y_type == "binary" or (y_type == "multiclass" and pos_label is not None)):
        raise ValueError(f"{y_type} format is not supported")
    pos_label = _check_pos_label_consistency(pos_label, y_true)
    y_true = (np.asarray(y_true) == pos_label).astype(np.int32)
    y_true, y_score, weight, threshold_idxs = _sort_and_thresholds(y_true, y_score, sample_weight)
    y_true = y_true.astype(np.float64)
    if weight is None:
        tps = np.cumsum(y_true)[threshold_idxs]
        fps = 1 + threshold_idxs.astype(np.float64) - tps
    else:
        tps = np.cumsum(y_true * weight)[threshold_idxs]
        fps = np.cumsum((1 - y_true) * weight)[threshold_idxs]
    return fps, tps, y_score[threshold_idxs]


@validate_params(
    {
        "y_true": ["array-like"],
        "y_score": ["array-like"],
        "pos_label": [Real, str, "boolean", None],
        "sample_weight": ["array-like", None],
        "drop_intermediate": ["boolean"],
    }
)
def roc_curve(y_true, y_score, *, pos_label=None, sample_weight=None, drop_intermediate=True):
    """Receiver operating characteristic curve (binary).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True binary labels ({0, 1}, {-1, 1}, or any two labels with ``pos_label``).
    y_score : array-like of shape (n_samples,)
        Scores (probabilities or decision values) of the positive class.
    pos_label : int, float, bool or str, default=None
    sample_weight : array-like of shape (n_samples,), default=None
    drop_intermediate : bool, default=True
        Drop thresholds that do not change the curve's shape.

    Returns
    -------
    fpr : ndarray of shape (>2,)
    tpr : ndarray of shape (>2,)
    thresholds : ndarray of shape (>2,)
        Decreasing thresholds; ``thresholds[0]`` is ``inf``.

    Examples
    --------
    >>> from aiguille.metrics import roc_curve
    >>> fpr, tpr, thr = roc_curve([1, 1, 2, 2], [0.1, 0.4, 0.35, 0.8], pos_label=2)
    >>> fpr
    array([0. , 0. , 0.5, 0.5, 1. ])
    """
    fps, tps, thresholds = _binary_clf_curve(
        y_true, y_score, pos_label=pos_label, sample_weight=sample_weight
    )
    if drop_intermediate and fps.shape[0] > 2:
        optimal = np.where(np.r_[True, np.logical_or(np.diff(fps, 2), np.diff(tps, 2)), True])[0]
        fps, tps, thresholds = fps[optimal], tps[optimal], thresholds[optimal]
    tps = np.r_[0.0, tps]
    fps = np.r_[0.0, fps]
    thresholds = np.r_[np.inf, thresholds.astype(np.float64)]
    if fps[-1] <= 0:
        warnings.warn(
            "No negative samples in y_true, false positive value should be meaningless",
            UndefinedMetricWarning,
        )
        fpr = np.full(fps.shape, np.nan)
    else:
        fpr = fps / fps[-1]
    if tps[-1] <= 0:
        warnings.warn(
            "No positive samples in y_true, true positive value should be meaningless",
            UndefinedMetricWarning,
        )
        tpr = np.full(tps.shape, np.nan)
    else:
        tpr = tps / tps[-1]
    return fpr, tpr, thresholds


@validate_params(
    {
        "y_true": ["array-like"],
        "y_score": ["array-like"],
        "pos_label": [Real, str, "boolean", None],
        "sample_weight": ["array-like", None],
        "drop_intermediate": ["boolean"],
    }
)
def precision_recall_curve(
    y_true, y_score, *, pos_label=None, sample_weight=None, drop_intermediate=False
):
    """Precision-recall pairs for every threshold (binary).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
    y_score : array-like of shape (n_samples,)
    pos_label : int, float, bool or str, default=None
    sample_weight : array-like of shape (n_samples,), default=None
    drop_intermediate : bool, default=False
        Drop thresholds that do not change the curve's shape.

    Returns
    -------
    precision : ndarray of shape (n_thresholds + 1,)
        Last element is 1.
    recall : ndarray of shape (n_thresholds + 1,)
        Decreasing; last element is 0.
    thresholds : ndarray of shape (n_thresholds,)
        Increasing.

    Examples
    --------
    >>> from aiguille.metrics import precision_recall_curve
    >>> p, r, t = precision_recall_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> r
    array([1. , 1. , 0.5, 0.5, 0. ])
    """
    fps, tps, thresholds = _binary_clf_curve(
        y_true, y_score, pos_label=pos_label, sample_weight=sample_weight
    )
    if drop_intermediate and fps.shape[0] > 2:
        optimal = np.where(np.r_[True, np.logical_or(np.diff(tps[:-1]), np.diff(tps[1:])), True])[
            0
        ]
        fps, tps, thresholds = fps[optimal], tps[optimal], thresholds[optimal]
    ps = tps + fps
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(ps != 0, np.divide(tps, ps), 0.0)
    if tps[-1] == 0:
        warnings.warn(
            "No positive class found in y_true, recall is set to one for all thresholds."
        )
        recall = np.ones_like(tps)
    else:
        recall = tps / tps[-1]
    return np.r_[precision[::-1], 1.0], np.r_[recall[::-1], 0.0], thresholds[::-1]


def _average_binary_score(binary_metric, y_true, y_score, average, sample_weight=None):
    average_options = (None, "micro", "macro", "weighted", "samples")
    if average not in average_options:
        raise ValueError(f"average has to be one of {average_options}")
    y_type = type_of_target(y_true)
    if y_type not in ("binary", "multilabel-indicator"):
        raise ValueError(f"{y_type} format is not supported")
    if y_type == "binary":
        return binary_metric(y_true, y_score, sample_weight=sample_weight)
    check_consistent_length(y_true, y_score, sample_weight)
    y_true = check_array(y_true)
    y_score = check_array(y_score)
    not_average_axis = 1
    score_weight = sample_weight
    average_weight = None
    if average == "micro":
        if score_weight is not None:
            score_weight = np.repeat(score_weight, y_true.shape[1])
        y_true = y_true.ravel()
        y_score = y_score.ravel()
    elif average == "weighted":
        if score_weight is not None:
            average_weight = np.sum(y_true * np.reshape(score_weight, (-1, 1)), axis=0)
        else:
            average_weight = np.sum(y_true, axis=0)
        if np.isclose(average_weight.sum(), 0.0):
            return 0
    elif average == "samples":
        average_weight = score_weight
        score_weight = None
        not_average_axis = 0
    if y_true.ndim == 1:
        y_true = y_true.reshape((-1, 1))
    if y_score.ndim == 1:
        y_score = y_score.reshape((-1, 1))
    n_classes = y_score.shape[not_average_axis]
    score = np.zeros((n_classes,))
    for c in range(n_classes):
        y_true_c = np.take(y_true, [c], axis=not_average_axis).ravel()
        y_score_c = np.take(y_score, [c], axis=not_average_axis).ravel()
        score[c] = binary_metric(y_true_c, y_score_c, sample_weight=score_weight)
    if average is not None:
        if average_weight is not None:
            score[average_weight == 0] = 0
        return float(_average(score, weights=average_weight))
    return score


def _binary_roc_auc_score(y_true, y_score, sample_weight=None, max_fpr=None):
    if len(np.unique(y_true)) != 2:
        warnings.warn(
            "Only one class is present in y_true. ROC AUC score is not defined in that case.",
            UndefinedMetricWarning,
        )
        return np.nan
    fpr, tpr, _ = roc_curve(y_true, y_score, sample_weight=sample_weight)
    if max_fpr is None or max_fpr == 1:
        return auc(fpr, tpr)
    if max_fpr <= 0 or max_fpr > 1:
        raise ValueError(f"Expected max_fpr in range (0, 1], got: {max_fpr!r}")
    stop = np.searchsorted(fpr, max_fpr, "right")
    x_interp = [fpr[stop - 1], fpr[stop]]
    y_interp = [tpr[stop - 1], tpr[stop]]
    tpr = np.append(tpr[:stop], np.interp(max_fpr, x_interp, y_interp))
    fpr = np.append(fpr[:stop], max_fpr)
    partial_auc = auc(fpr, tpr)
    min_area = 0.5 * max_fpr**2
    max_area = max_fpr
    return 0.5 * (1 + (partial_auc - min_area) / (max_area - min_area))


def _average_multiclass_ovo_score(binary_metric, y_true, y_score, average="macro"):
    check_consistent_length(y_true, y_score)
    y_true_unique = np.unique(y_true)
    n_classes = y_true_unique.shape[0]
    n_pairs = n_classes * (n_classes - 1) // 2
    pair_scores = np.empty(n_pairs)
    is_weighted = average == "weighted"
    prevalence = np.empty(n_pairs) if is_weighted else None
    for ix, (a, b) in enumerate(combinations(y_true_unique, 2)):
        a_mask = y_true == a
        b_mask = y_true == b
        ab_mask = np.logical_or(a_mask, b_mask)
        if is_weighted:
            prevalence[ix] = np.average(ab_mask)
        a_true = a_mask[ab_mask]
        b_true = b_mask[ab_mask]
        a_true_score = binary_metric(a_true, y_score[ab_mask, a])
        b_true_score = binary_metric(b_true, y_score[ab_mask, b])
        pair_scores[ix] = (a_true_score + b_true_score) / 2
    return np.average(pair_scores, weights=prevalence)


def _multiclass_roc_auc_score(y_true, y_score, labels, multi_class, average, sample_weight):
    if not y_score.ndim == 2:
        raise ValueError(
            "`y_score` needs to be of shape `(n_samples, n_classes)`, since `y_true` contains "
            f"multiple classes. Got `y_score.shape={y_score.shape}`."
        )
    if not np.allclose(1, y_score.sum(axis=1)):
        raise ValueError(
            "Target scores need to be probabilities for multiclass roc_auc, i.e. they should "
            "sum up to 1.0 over classes"
        )
    average_options = ("macro", "weighted", None)
    if multi_class == "ovr":
        average_options = ("micro",) + average_options
    if average not in average_options:
        raise ValueError(f"average must be one of {average_options} for multiclass problems")
    multiclass_options = ("ovo", "ovr")
    if multi_class not in multiclass_options:
        raise ValueError(
            f"multi_class='{multi_class}' is not supported for multiclass ROC AUC, "
            f"multi_class must be in {multiclass_options}"
        )
    if average is None and multi_class == "ovo":
        raise NotImplementedError("average=None is not implemented for multi_class='ovo'.")
    if labels is not None:
        labels = column_or_1d(labels)
        classes = _unique(labels)
        if len(classes) != len(labels):
            raise ValueError("Parameter 'labels' must be unique")
        if not np.array_equal(classes, labels):
            raise ValueError("Parameter 'labels' must be ordered")
        if len(classes) != y_score.shape[1]:
            raise ValueError(
                f"Number of given labels, {len(classes)}, not equal to the number of columns "
                f"in 'y_score', {y_score.shape[1]}"
            )
        if len(np.setdiff1d(y_true, classes)):
            raise ValueError("'y_true' contains labels not in parameter 'labels'")
    else:
        classes = _unique(y_true)
        if len(classes) != y_score.shape[1]:
            raise ValueError(
                "Number of classes in y_true not equal to the number of columns in 'y_score'"
            )
    if multi_class == "ovo":
        if sample_weight is not None:
            raise ValueError(
                "sample_weight is not supported for multiclass one-vs-one ROC AUC, "
                "'sample_weight' must be None in this case."
            )
        y_true_encoded = np.searchsorted(classes, y_true)
        return _average_multiclass_ovo_score(
            _binary_roc_auc_score, y_true_encoded, y_score, average=average
        )
    y_true_multilabel = (np.asarray(y_true)[:, None] == classes[None, :]).astype(np.int64)
    return _average_binary_score(
        _binary_roc_auc_score, y_true_multilabel, y_score, average, sample_weight=sample_weight
    )


@validate_params(
    {
        "y_true": ["array-like"],
        "y_score": ["array-like"],
        "average": [StrOptions({"micro", "macro", "samples", "weighted"}), None],
        "sample_weight": ["array-like", None],
        "max_fpr": [Interval(Real, 0.0, 1, closed="right"), None],
        "multi_class": [StrOptions({"raise", "ovr", "ovo"})],
        "labels": ["array-like", None],
    }
)
def roc_auc_score(
    y_true,
    y_score,
    *,
    average="macro",
    sample_weight=None,
    max_fpr=None,
    multi_class="raise",
    labels=None,
):
    """Area under the ROC curve: binary, multilabel, and multiclass (ovr / ovo).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_classes)
    y_score : array-like of shape (n_samples,) or (n_samples, n_classes)
        Binary: scores of the greater label. Multiclass: probabilities summing to 1.
    average : {"micro", "macro", "samples", "weighted"} or None, default="macro"
    sample_weight : array-like of shape (n_samples,), default=None
    max_fpr : float in (0, 1], default=None
        Standardised partial AUC up to this false positive rate (binary only).
    multi_class : {"raise", "ovr", "ovo"}, default="raise"
    labels : array-like of shape (n_classes,), default=None
        Multiclass labels indexing the columns of ``y_score``.

    Returns
    -------
    auc : float

    Examples
    --------
    >>> from aiguille.metrics import roc_auc_score
    >>> roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.75
    """
    y_type = type_of_target(y_true, input_name="y_true")
    y_true = check_array(y_true, ensure_2d=False, dtype=None)
    y_score = check_array(y_score, ensure_2d=False)
    if sample_weight is not None:
        sample_weight = column_or_1d(sample_weight)
    if y_type == "multiclass" or (
        y_type == "binary" and y_score.ndim == 2 and y_score.shape[1] > 2
    ):
        if max_fpr is not None and max_fpr != 1.0:
            raise ValueError(
                "Partial AUC computation not available in multiclass setting, 'max_fpr' must "
                f"be set to `None`, received `max_fpr={max_fpr}` instead"
            )
        if multi_class == "raise":
            raise ValueError("multi_class must be in ('ovo', 'ovr')")
        return _multiclass_roc_auc_score(
            y_true, y_score, labels, multi_class, average, sample_weight
        )
    elif y_type == "binary":
        classes = np.unique(y_true)
        y_true = _label_binarize(y_true, classes)[:, 0]
        return _average_binary_score(
            partial(_binary_roc_auc_score, max_fpr=max_fpr),
            y_true,
            y_score,
            average,
            sample_weight=sample_weight,
        )
    return _average_binary_score(
        partial(_binary_roc_auc_score, max_fpr=max_fpr),
        y_true,
        y_score,
        average,
        sample_weight=sample_weight,
    )


@validate_params(
    {
        "y_true": ["array-like"],
        "y_score": ["array-like"],
        "average": [StrOptions({"micro", "samples", "weighted", "macro"}), None],
        "pos_label": [Real, str, "boolean"],
        "sample_weight": ["array-like", None],
    }
)
def average_precision_score(y_true, y_score, *, average="macro", pos_label=1, sample_weight=None):
    """Average precision: the weighted mean of precisions at each threshold.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_classes)
    y_score : array-like of shape (n_samples,) or (n_samples, n_classes)
    average : {"micro", "samples", "weighted", "macro"} or None, default="macro"
    pos_label : int, float, bool or str, default=1
    sample_weight : array-like of shape (n_samples,), default=None

    Returns
    -------
    average_precision : float

    Examples
    --------
    >>> from aiguille.metrics import average_precision_score
    >>> round(average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 4)
    0.8333
    """
    if sample_weight is not None:
        sample_weight = column_or_1d(sample_weight)

    def _binary_ap(y_true, y_score, pos_label=1, sample_weight=None):
        precision, recall, _ = precision_recall_curve(
            y_true, y_score, pos_label=pos_label, sample_weight=sample_weight
        )
        return float(max(0.0, -np.sum(np.diff(recall) * np.array(precision)[:-1])))

    y_type = type_of_target(y_true, input_name="y_true")
    present_labels = _unique(np.asarray(y_true).ravel())
    if y_type == "binary":
        if present_labels.shape[0] == 2 and pos_label not in present_labels.tolist():
            raise ValueError(
                f"pos_label={pos_label} is not a valid label. It should be one of {present_labels}"
            )
    elif y_type == "multilabel-indicator" and pos_label != 1:
        raise ValueError(
            "Parameter pos_label is fixed to 1 for multilabel-indicator y_true. Do not set "
            "pos_label or set pos_label to 1."
        )
    elif y_type == "multiclass":
        if pos_label != 1:
            raise ValueError(
                "Parameter pos_label is fixed to 1 for multiclass y_true. Do not set "
                "pos_label or set pos_label to 1."
            )
        y_true = _label_binarize(y_true, present_labels)
        y_score = np.asarray(y_score)
        if not y_score.shape == y_true.shape:
            raise ValueError(
                "`y_score` needs to be of shape `(n_samples, n_classes)`, since `y_true` "
                f"contains multiple classes. Got `y_score.shape={y_score.shape}`."
            )
    return _average_binary_score(
        partial(_binary_ap, pos_label=pos_label),
        y_true,
        y_score,
        average,
        sample_weight=sample_weight,
    )


@validate_params(
    {
        "y_true": ["array-like"],
        "y_score": ["array-like"],
        "k": [Interval(Integral, 1, None, closed="left")],
        "normalize": ["boolean"],
        "sample_weight": ["array-like", None],
        "labels": ["array-like", None],
    }
)
def top_k_accuracy_score(y_true, y_score, *, k=2, normalize=True, sample_weight=None, labels=None):
    """Top-k accuracy: the true label is among the ``k`` highest scores.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
    y_score : array-like of shape (n_samples,) or (n_samples, n_classes)
        Scores (probabilities or decision values), columns in sorted label order.
    k : int, default=2
    normalize : bool, default=True
        Fraction when True, (weighted) count otherwise.
    sample_weight : array-like of shape (n_samples,), default=None
    labels : array-like of shape (n_classes,), default=None
        All the labels, when y_true does not contain them all.

    Returns
    -------
    score : float

    Examples
    --------
    >>> from aiguille.metrics import top_k_accuracy_score
    >>> top_k_accuracy_score([0, 1, 2, 2], [[0.5, 0.2, 0.2], [0.3, 0.4, 0.2],
    ...                                     [0.2, 0.4, 0.3], [0.7, 0.2, 0.1]], k=2)
    0.75
    """
    y_true = check_array(y_true, ensure_2d=False, dtype=None)
    y_true = column_or_1d(y_true)
    y_type = type_of_target(y_true, input_name="y_true")
    if y_type == "binary" and labels is not None and len(labels) > 2:
        y_type = "multiclass"
    if y_type not in {"binary", "multiclass"}:
        raise ValueError(f"y type must be 'binary' or 'multiclass', got '{y_type}' instead.")
    y_score = check_array(y_score, ensure_2d=False)
    if y_type == "binary":
        if y_score.ndim == 2 and y_score.shape[1] != 1:
            raise ValueError(
                f"`y_true` is binary while y_score is 2d with {y_score.shape[1]} classes. If "
                "`y_true` does not contain all the labels, `labels` must be provided."
            )
        y_score = column_or_1d(y_score)
    elif not y_score.ndim == 2:
        raise ValueError(
            "`y_score` needs to be of shape `(n_samples, n_classes)`, since `y_true` contains "
            f"multiple classes. Got `y_score.shape={y_score.shape}`."
        )
    check_consistent_length(y_true, y_score, sample_weight)
    y_score_n_classes = y_score.shape[1] if y_score.ndim == 2 else 2
    if labels is None:
        classes = _unique(y_true)
        n_classes = len(classes)
        if n_classes != y_score_n_classes:
            raise ValueError(
                f"Number of classes in 'y_true' ({n_classes}) not equal to the number of "
                f"classes in 'y_score' ({y_score_n_classes}).You can provide a list of all "
                "known classes by assigning it to the `labels` parameter."
            )
    else:
        labels = column_or_1d(labels)
        classes = _unique(labels)
        n_labels = len(labels)
        n_classes = len(classes)
        if n_classes != n_labels:
            raise ValueError("Parameter 'labels' must be unique.")
        if not np.array_equal(classes, labels):
            raise ValueError("Parameter 'labels' must be ordered.")
        if n_classes != y_score_n_classes:
            raise ValueError(
                f"Number of given labels ({n_classes}) not equal to the number of classes in "
                f"'y_score' ({y_score_n_classes})."
            )
        if len(np.setdiff1d(y_true, classes)):
            raise ValueError("'y_true' contains labels not in parameter 'labels'.")
    if k >= n_classes:
        warnings.warn(
            f"'k' ({k}) greater than or equal to 'n_classes' ({n_classes}) will result in a "
            "perfect score and is therefore meaningless.",
            UndefinedMetricWarning,
        )
    y_true_encoded = _encode(y_true, classes)
    if y_type == "binary":
        if k == 1:
            threshold = 0.5 if y_score.min() >= 0 and y_score.max() <= 1 else 0
            y_pred = (y_score > threshold).astype(np.int64)
            hits = y_pred == y_true_encoded
        else:
            hits = np.ones_like(y_score, dtype=np.bool_)
    else:
        sorted_pred = np.argsort(y_score, axis=1, kind="mergesort")[:, ::-1]
        hits = (y_true_encoded == sorted_pred[:, :k].T).any(axis=0)
    if normalize:
        return float(np.average(hits, weights=sample_weight))
    if sample_weight is None:
        return float(np.sum(hits))
    return float(np.dot(hits, sample_weight))
