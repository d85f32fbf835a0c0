"""Classification metrics: accuracy, precision/recall/F, confusion matrices, log loss, ...

Same signatures, defaults, return types, warnings and error messages as scikit-learn 1.9.
"""

import math
import warnings
from numbers import Integral, Real

import numpy as np

from ..exceptions import UndefinedMetricWarning
from ..utils._param_validation import Interval, Options, StrOptions, validate_params
from ..utils.multiclass import type_of_target
from ..utils.validation import (
    _num_samples,
    assert_all_finite,
    check_array,
    check_consistent_length,
    column_or_1d,
)
from ._base import (
    _average,
    _check_pos_label_consistency,
    _check_sample_weight_1d,
    _check_targets,
    _encode,
    _nanaverage,
    _union_labels,
    _unique,
)

__all__ = [
    "accuracy_score",
    "balanced_accuracy_score",
    "brier_score_loss",
    "classification_report",
    "cohen_kappa_score",
    "confusion_matrix",
    "f1_score",
    "fbeta_score",
    "hamming_loss",
    "jaccard_score",
    "log_loss",
    "matthews_corrcoef",
    "multilabel_confusion_matrix",
    "precision_recall_fscore_support",
    "precision_score",
    "recall_score",
    "zero_one_loss",
]

_ZERO_DIVISION = [
    Options(Real, {0.0, 1.0}),
    "nan",
    StrOptions({"warn"}),
]
_AVERAGE = [StrOptions({"micro", "macro", "samples", "weighted", "binary"}), None]


_SINGLE_LABEL_MSG = (
    "A single label was found in 'y_true' and 'y_pred'. For the confusion matrix to have the "
    "correct shape, use the 'labels' parameter to pass all known labels."
)


def _check_zero_division(zero_division):
    if isinstance(zero_division, str) and zero_division == "warn":
        return np.float64(0.0)
    if isinstance(zero_division, int | float) and zero_division in (0, 1):
        return np.float64(zero_division)
    return np.nan


@validate_params(
    {
        "y_true": ["array-like", "sparse matrix"],
        "y_pred": ["array-like", "sparse matrix"],
        "normalize": ["boolean"],
        "sample_weight": ["array-like", None],
    }
)
def accuracy_score(y_true, y_pred, *, normalize=True, sample_weight=None):
    """Accuracy: the fraction (or count) of exactly correct predictions.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_labels)
        True labels (label indicator matrix for multilabel).
    y_pred : array-like of shape (n_samples,) or (n_samples, n_labels)
        Predicted labels.
    normalize : bool, default=True
        Return the fraction when True, the (weighted) count otherwise.
    sample_weight : array-like of shape (n_samples,), default=None

    Returns
    -------
    score : float

    Examples
    --------
    >>> from aiguille.metrics import accuracy_score
    >>> accuracy_score([0, 1, 2, 3], [0, 2, 1, 3])
    0.5
    """
    y_type, _, y_true, y_pred, sample_weight = _check_targets(y_true, y_pred, sample_weight)
    if y_type.startswith("multilabel"):
        score = np.count_nonzero(y_true != y_pred, axis=1) == 0
    else:
        score = y_true == y_pred
    return float(_average(score, weights=sample_weight, normalize=normalize))


def _confusion_counts(y_true, y_pred, labels, sample_weight):
    """Confusion matrix (n_labels, n_labels) of 1-D targets restricted to ``labels``."""
    n_labels = labels.size
    labels_sorted = np.all(labels[:-1] <= labels[1:]) if labels.dtype.kind != "O" else False
    if (
        labels.dtype.kind in "iub"
        and np.array_equal(labels, np.arange(n_labels))
        and y_true.dtype.kind in "iub"
        and y_pred.dtype.kind in "iub"
        and y_true.min() >= 0
        and y_pred.min() >= 0
    ):
        yt = y_true.astype(np.intp, copy=False)
        yp = y_pred.astype(np.intp, copy=False)
    else:
        if labels_sorted:
            order, sorted_labels = np.arange(n_labels), labels
        else:
            order = np.argsort(labels, kind="stable")
            sorted_labels = labels[order]

        def to_index(y):
            pos = np.searchsorted(sorted_labels, y)
            pos_c = np.clip(pos, 0, n_labels - 1)
            found = sorted_labels[pos_c] == y
            return np.where(found, order[pos_c], n_labels + 1)

        try:
            yt, yp = to_index(y_true), to_index(y_pred)
        except TypeError:
            label_to_ind = {label: i for i, label in enumerate(labels.tolist())}
            yt = np.array([label_to_ind.get(v, n_labels + 1) for v in y_true.tolist()])
            yp = np.array([label_to_ind.get(v, n_labels + 1) for v in y_pred.tolist()])
    ind = (yp < n_labels) & (yt < n_labels)
    if not np.all(ind):
        yt, yp = yt[ind], yp[ind]
        sample_weight = sample_weight[ind]
    if sample_weight.dtype.kind in "iub":
        dtype = np.int64
    else:
        dtype = np.float64
    flat = yt * n_labels + yp
    if dtype == np.int64 and np.all(sample_weight == 1):
        cm = np.bincount(flat, minlength=n_labels * n_labels).astype(np.int64)
    else:
        cm = np.bincount(flat, weights=sample_weight, minlength=n_labels * n_labels)
        cm = cm.astype(dtype)
    return cm.reshape(n_labels, n_labels)


@validate_params(
    {
        "y_true": ["array-like"],
        "y_pred": ["array-like"],
        "labels": ["array-like", None],
        "sample_weight": ["array-like", None],
        "normalize": [StrOptions({"true", "pred", "all"}), None],
    }
)
def confusion_matrix(y_true, y_pred, *, labels=None, sample_weight=None, normalize=None):
    """Confusion matrix ``C[i, j]``: samples of true class i predicted as class j.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
    y_pred : array-like of shape (n_samples,)
    labels : array-like of shape (n_classes,), default=None
        Labels indexing the matrix (the sorted union of y_true and y_pred when None).
    sample_weight : array-like of shape (n_samples,), default=None
    normalize : {"true", "pred", "all"}, default=None
        Normalise over true rows, predicted columns, or the whole matrix.

    Returns
    -------
    C : ndarray of shape (n_classes, n_classes)

    Examples
    --------
    >>> from aiguille.metrics import confusion_matrix
    >>> confusion_matrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2])
    array([[2, 0, 0],
           [0, 0, 1],
           [1, 0, 2]])
    """
    y_true = check_array(
        y_true, dtype=None, ensure_2d=False, ensure_all_finite=False, ensure_min_samples=0
    )
    y_pred = check_array(
        y_pred, dtype=None, ensure_2d=False, ensure_all_finite=False, ensure_min_samples=0
    )
    if sample_weight is None:
        sample_weight = np.ones(y_true.shape[0], dtype=np.int64)
    else:
        sample_weight = np.asarray(sample_weight)
    if len(sample_weight) > 0:
        y_type, present, y_true, y_pred, sample_weight = _check_targets(
            y_true, y_pred, sample_weight
        )
    else:
        y_type, present, y_true, y_pred, _ = _check_targets(y_true, y_pred)
    if y_type not in ("binary", "multiclass"):
        raise ValueError(f"{y_type} is not supported")
    if labels is None:
        labels = present
    else:
        labels = np.asarray(labels)
        n_labels = labels.size
        if n_labels == 0:
            raise ValueError("'labels' should contain at least one label.")
        elif y_true.size == 0:
            return np.zeros((n_labels, n_labels), dtype=int)
        elif len(np.intersect1d(y_true, labels)) == 0:
            raise ValueError("At least one label specified must be in y_true")

    cm = _confusion_counts(y_true, y_pred, labels, sample_weight)
    with np.errstate(all="ignore"):
        if normalize == "true":
            cm = cm / cm.sum(axis=1, keepdims=True)
        elif normalize == "pred":
            cm = cm / cm.sum(axis=0, keepdims=True)
        elif normalize == "all":
            cm = cm / cm.sum()
        cm = np.nan_to_num(cm)
    if cm.shape == (1, 1):
        warnings.warn(_SINGLE_LABEL_MSG, UserWarning)
    return cm


def _count_nonzero(X, axis, sample_weight=None):
    nz = X != 0
    if sample_weight is None:
        return np.count_nonzero(nz, axis=axis)
    if axis == 0:
        return sample_weight @ nz
    return nz.sum(axis=1) * sample_weight


@validate_params(
    {
        "y_true": ["array-like", "sparse matrix"],
        "y_pred": ["array-like", "sparse matrix"],
        "sample_weight": ["array-like", None],
        "labels": ["array-like", None],
        "samplewise": ["boolean"],
    }
)
def multilabel_confusion_matrix(
    y_true, y_pred, *, sample_weight=None, labels=None, samplewise=False
):
    """One 2x2 confusion matrix ``[[tn, fp], [fn, tp]]`` per class (or per sample).

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
    sample_weight : array-like of shape (n_samples,), default=None
    labels : array-like of shape (n_classes,), default=None
    samplewise : bool, default=False
        Per-sample matrices (multilabel only).

    Returns
    -------
    multi_confusion : ndarray of shape (n_outputs, 2, 2)

    Examples
    --------
    >>> from aiguille.metrics import multilabel_confusion_matrix
    >>> multilabel_confusion_matrix([0, 1, 1], [0, 1, 0])[1]
    array([[1, 0],
           [1, 1]])
    """
    checked = _check_targets(y_true, y_pred, sample_weight)
    return _multilabel_confusion_matrix(checked, labels, samplewise)


def _multilabel_confusion_matrix(checked, labels, samplewise):
    """multilabel_confusion_matrix on the output of ``_check_targets``."""
    y_type, present, y_true, y_pred, sample_weight = checked
    if labels is None:
        labels = present
        n_labels = None
    else:
        labels = np.asarray(labels)
        n_labels = labels.shape[0]
        labels = np.hstack([labels, np.setdiff1d(present, labels, assume_unique=True)])

    if y_true.ndim == 1:
        if samplewise:
            raise ValueError(
                "Samplewise metrics are not available outside of multilabel classification."
            )
        sorted_labels = _unique(labels)
        yt = _encode(y_true, sorted_labels)
        yp = _encode(y_pred, sorted_labels)
        n = sorted_labels.shape[0]
        tp = yt == yp
        tp_bins = yt[tp]
        tp_w = sample_weight[tp] if sample_weight is not None else None
        if tp_bins.shape[0]:
            tp_sum = np.bincount(tp_bins, weights=tp_w, minlength=n)
        else:
            true_sum = pred_sum = tp_sum = np.zeros(n)
        if yp.shape[0]:
            pred_sum = np.bincount(yp, weights=sample_weight, minlength=n)
        if yt.shape[0]:
            true_sum = np.bincount(yt, weights=sample_weight, minlength=n)
        indices = np.searchsorted(sorted_labels, labels[:n_labels])
        tp_sum = tp_sum[indices]
        true_sum = true_sum[indices]
        pred_sum = pred_sum[indices]
    else:
        sum_axis = 1 if samplewise else 0
        if labels.shape != present.shape or np.any(labels != present):
            if np.max(labels) > np.max(present):
                raise ValueError(
                    "All labels must be in [0, n labels) for multilabel targets. "
                    f"Got {np.max(labels)} > {np.max(present)}"
                )
            if np.min(labels) < 0:
                raise ValueError(
                    "All labels must be in [0, n labels) for multilabel targets. "
                    f"Got {np.min(labels)} < 0"
                )
        if n_labels is not None:
            y_true = y_true[:, labels[:n_labels]]
            y_pred = y_pred[:, labels[:n_labels]]
        true_and_pred = np.multiply(y_true, y_pred)
        tp_sum = _count_nonzero(true_and_pred, sum_axis, sample_weight)
        pred_sum = _count_nonzero(y_pred, sum_axis, sample_weight)
        true_sum = _count_nonzero(y_true, sum_axis, sample_weight)

    fp = pred_sum - tp_sum
    fn = true_sum - tp_sum
    tp = tp_sum
    if sample_weight is not None and samplewise:
        tn = sample_weight * y_true.shape[1] - tp - fp - fn
    elif sample_weight is not None:
        tn = np.sum(sample_weight) - tp - fp - fn
    elif samplewise:
        tn = y_true.shape[1] - tp - fp - fn
    else:
        tn = y_true.shape[0] - tp - fp - fn
    return np.array([tn, fp, fn, tp]).T.reshape(-1, 2, 2)


def _prf_divide(numerator, denominator, metric, modifier, average, warn_for, zero_division="warn"):
    mask = denominator == 0.0
    denominator = np.array(denominator, dtype=np.float64, copy=True)
    denominator[mask] = 1
    result = np.asarray(numerator, dtype=np.float64) / denominator
    if not np.any(mask):
        return result
    result[mask] = _check_zero_division(zero_division)
    if zero_division != "warn" or metric not in warn_for:
        return result
    _warn_prf(average, modifier, f"{metric.capitalize()} is", result.shape[0])
    return result


def _warn_prf(average, modifier, msg_start, result_size):
    axis0, axis1 = "sample", "label"
    if average == "samples":
        axis0, axis1 = axis1, axis0
    msg = (
        f"{msg_start} ill-defined and being set to 0.0 {{0}} no {modifier} {axis0}s. "
        "Use `zero_division` parameter to control this behavior."
    )
    if result_size == 1:
        msg = msg.format("due to")
    else:
        msg = msg.format(f"in {axis1}s with")
    warnings.warn(msg, UndefinedMetricWarning, stacklevel=2)


def _check_set_wise_labels(
    y_true, y_pred, average, labels, pos_label, sample_weight=None, checked=None
):
    """The labels to score; returns them with the output of ``_check_targets``."""
    average_options = (None, "micro", "macro", "weighted", "samples")
    if average not in average_options and average != "binary":
        raise ValueError("average has to be one of " + str(average_options))
    if checked is None:
        checked = _check_targets(y_true, y_pred, sample_weight)
    y_type, present = checked[0], checked[1]
    if average == "binary":
        if y_type == "binary":
            if pos_label not in present.tolist():
                if len(present) >= 2:
                    raise ValueError(
                        f"pos_label={pos_label} is not a valid label. It should be one of "
                        f"{present}"
                    )
            labels = [pos_label]
        else:
            average_options = list(average_options)
            if y_type == "multiclass":
                average_options.remove("samples")
            raise ValueError(
                f"Target is {y_type} but average='binary'. Please choose another average "
                f"setting, one of {average_options!r}."
            )
    elif pos_label not in (None, 1):
        warnings.warn(
            f"Note that pos_label (set to {pos_label!r}) is ignored when average != 'binary' "
            f"(got {average!r}). You may use labels=[pos_label] to specify a single positive "
            "class.",
            UserWarning,
        )
    return labels, checked


_PRF_PARAMS = {
    "y_true": ["array-like", "sparse matrix"],
    "y_pred": ["array-like", "sparse matrix"],
    "labels": ["array-like", None],
    "pos_label": [Real, str, "boolean", None],
    "average": _AVERAGE,
    "sample_weight": ["array-like", None],
    "zero_division": _ZERO_DIVISION,
}


@validate_params(
    {
        **_PRF_PARAMS,
        "beta": [Interval(Real, 0.0, None, closed="left")],
        "warn_for": [list, tuple, set],
    }
)
def precision_recall_fscore_support(
    y_true,
    y_pred,
    *,
    beta=1.0,
    labels=None,
    pos_label=1,
    average=None,
    warn_for=("precision", "recall", "f-score"),
    sample_weight=None,
    zero_division="warn",
):
    """Precision, recall, F-beta and support for each class, or averaged.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_labels)
    beta : float, default=1.0
        Weight of recall in the F-score.
    labels : array-like, default=None
        Labels to include (and their order when ``average=None``).
    pos_label : int, float, bool or str, default=1
        The positive class when ``average="binary"``.
    average : {"binary", "micro", "macro", "samples", "weighted"} or None, default=None
    warn_for : list, tuple or set
        Metrics that warn when ill-defined.
    sample_weight : array-like of shape (n_samples,), default=None
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"
        Value returned for a division by zero.

    Returns
    -------
    precision, recall, fbeta_score : float or ndarray of shape (n_labels,)
    support : None or ndarray of shape (n_labels,)
        Count of each label in y_true (None when averaged).

    Examples
    --------
    >>> from aiguille.metrics import precision_recall_fscore_support
    >>> precision_recall_fscore_support([0, 1, 1, 0], [0, 1, 0, 0], average="macro")
    (0.8333333333333333, 0.75, 0.7333333333333334, None)
    """
    return _precision_recall_fscore_support(
        y_true, y_pred, beta, labels, pos_label, average, warn_for, sample_weight, zero_division
    )


def _precision_recall_fscore_support(
    y_true,
    y_pred,
    beta,
    labels,
    pos_label,
    average,
    warn_for,
    sample_weight,
    zero_division,
    checked=None,
):
    _check_zero_division(zero_division)
    labels, checked = _check_set_wise_labels(
        y_true, y_pred, average, labels, pos_label, sample_weight, checked
    )
    sample_weight = checked[4]
    samplewise = average == "samples"
    MCM = _multilabel_confusion_matrix(checked, labels, samplewise)
    tp_sum = MCM[:, 1, 1]
    pred_sum = tp_sum + MCM[:, 0, 1]
    true_sum = tp_sum + MCM[:, 1, 0]
    if average == "micro":
        tp_sum = np.array([tp_sum.sum()])
        pred_sum = np.array([pred_sum.sum()])
        true_sum = np.array([true_sum.sum()])
    beta2 = beta**2
    precision = _prf_divide(
        tp_sum, pred_sum, "precision", "predicted", average, warn_for, zero_division
    )
    recall = _prf_divide(tp_sum, true_sum, "recall", "true", average, warn_for, zero_division)
    if np.isposinf(beta):
        f_score = recall
    elif beta == 0:
        f_score = precision
    else:
        denom = beta2 * true_sum.astype(np.float64) + pred_sum.astype(np.float64)
        f_score = _prf_divide(
            (1 + beta2) * tp_sum.astype(np.float64),
            denom,
            "f-score",
            "true nor predicted",
            average,
            warn_for,
            zero_division,
        )
    if average == "weighted":
        weights = true_sum
    elif average == "samples":
        weights = None if sample_weight is None else np.asarray(sample_weight)
    else:
        weights = None
    if average is not None:
        precision = float(_nanaverage(precision, weights=weights))
        recall = float(_nanaverage(recall, weights=weights))
        f_score = float(_nanaverage(f_score, weights=weights))
        true_sum = None
    return precision, recall, f_score, true_sum


@validate_params(_PRF_PARAMS)
def precision_score(
    y_true,
    y_pred,
    *,
    labels=None,
    pos_label=1,
    average="binary",
    sample_weight=None,
    zero_division="warn",
):
    """Precision ``tp / (tp + fp)``.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_labels)
    labels : array-like, default=None
    pos_label : int, float, bool or str, default=1
    average : {"binary", "micro", "macro", "samples", "weighted"} or None, default="binary"
    sample_weight : array-like of shape (n_samples,), default=None
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"

    Returns
    -------
    precision : float or ndarray of shape (n_unique_labels,)

    Examples
    --------
    >>> from aiguille.metrics import precision_score
    >>> precision_score([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], average="micro")
    0.3333333333333333
    """
    p, _, _, _ = precision_recall_fscore_support(
        y_true,
        y_pred,
        labels=labels,
        pos_label=pos_label,
        average=average,
        warn_for=("precision",),
        sample_weight=sample_weight,
        zero_division=zero_division,
    )
    return p


@validate_params(_PRF_PARAMS)
def recall_score(
    y_true,
    y_pred,
    *,
    labels=None,
    pos_label=1,
    average="binary",
    sample_weight=None,
    zero_division="warn",
):
    """Recall ``tp / (tp + fn)``.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_labels)
    labels : array-like, default=None
    pos_label : int, float, bool or str, default=1
    average : {"binary", "micro", "macro", "samples", "weighted"} or None, default="binary"
    sample_weight : array-like of shape (n_samples,), default=None
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"

    Returns
    -------
    recall : float or ndarray of shape (n_unique_labels,)

    Examples
    --------
    >>> from aiguille.metrics import recall_score
    >>> recall_score([0, 1, 1, 1], [0, 1, 0, 1])
    0.6666666666666666
    """
    _, r, _, _ = precision_recall_fscore_support(
        y_true,
        y_pred,
        labels=labels,
        pos_label=pos_label,
        average=average,
        warn_for=("recall",),
        sample_weight=sample_weight,
        zero_division=zero_division,
    )
    return r


@validate_params({**_PRF_PARAMS, "beta": [Interval(Real, 0.0, None, closed="both")]})
def fbeta_score(
    y_true,
    y_pred,
    *,
    beta,
    labels=None,
    pos_label=1,
    average="binary",
    sample_weight=None,
    zero_division="warn",
):
    """F-beta score, the weighted harmonic mean of precision and recall.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_labels)
    beta : float
        Recall is ``beta`` times as important as precision.
    labels : array-like, default=None
    pos_label : int, float, bool or str, default=1
    average : {"binary", "micro", "macro", "samples", "weighted"} or None, default="binary"
    sample_weight : array-like of shape (n_samples,), default=None
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"

    Returns
    -------
    fbeta_score : float or ndarray of shape (n_unique_labels,)

    Examples
    --------
    >>> from aiguille.metrics import fbeta_score
    >>> round(fbeta_score([0, 1, 1, 1], [0, 1, 0, 1], beta=0.5), 4)
    0.9091
    """
    _, _, f, _ = precision_recall_fscore_support(
        y_true,
        y_pred,
        beta=beta,
        labels=labels,
        pos_label=pos_label,
        average=average,
        warn_for=("f-score",),
        sample_weight=sample_weight,
        zero_division=zero_division,
    )
    return f


@validate_params(_PRF_PARAMS)
def f1_score(
    y_true,
    y_pred,
    *,
    labels=None,
    pos_label=1,
    average="binary",
    sample_weight=None,
    zero_division="warn",
):
    """F1 score ``2 * (precision * recall) / (precision + recall)``.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_labels)
    labels : array-like, default=None
    pos_label : int, float, bool or str, default=1
    average : {"binary", "micro", "macro", "samples", "weighted"} or None, default="binary"
    sample_weight : array-like of shape (n_samples,), default=None
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"

    Returns
    -------
    f1_score : float or ndarray of shape (n_unique_labels,)

    Examples
    --------
    >>> from aiguille.metrics import f1_score
    >>> f1_score([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], average=None)
    array([0.8, 0. , 0. ])
    """
    return fbeta_score(
        y_true,
        y_pred,
        beta=1,
        labels=labels,
        pos_label=pos_label,
        average=average,
        sample_weight=sample_weight,
        zero_division=zero_division,
    )


@validate_params(
    {**_PRF_PARAMS, "zero_division": [Options(Real, {0.0, 1.0}), StrOptions({"warn"})]}
)
def jaccard_score(
    y_true,
    y_pred,
    *,
    labels=None,
    pos_label=1,
    average="binary",
    sample_weight=None,
    zero_division="warn",
):
    """Jaccard similarity coefficient ``tp / (tp + fp + fn)``.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_labels)
    labels : array-like, default=None
    pos_label : int, float, bool or str, default=1
    average : {"binary", "micro", "macro", "samples", "weighted"} or None, default="binary"
    sample_weight : array-like of shape (n_samples,), default=None
    zero_division : {"warn", 0.0, 1.0}, default="warn"

    Returns
    -------
    score : float or ndarray of shape (n_unique_labels,)

    Examples
    --------
    >>> from aiguille.metrics import jaccard_score
    >>> jaccard_score([0, 1, 1, 1], [0, 1, 0, 1])
    0.6666666666666666
    """
    labels, checked = _check_set_wise_labels(
        y_true, y_pred, average, labels, pos_label, sample_weight
    )
    sample_weight = checked[4]
    samplewise = average == "samples"
    MCM = _multilabel_confusion_matrix(checked, labels, samplewise)
    numerator = MCM[:, 1, 1]
    denominator = MCM[:, 1, 1] + MCM[:, 0, 1] + MCM[:, 1, 0]
    if average == "micro":
        numerator = np.array([numerator.sum()])
        denominator = np.array([denominator.sum()])
    jaccard = _prf_divide(
        numerator,
        denominator,
        "jaccard",
        "true or predicted",
        average,
        ("jaccard",),
        zero_division=zero_division,
    )
    if average is None:
        return jaccard
    if average == "weighted":
        weights = MCM[:, 1, 0] + MCM[:, 1, 1]
        if not np.any(weights):
            weights = None
    elif average == "samples" and sample_weight is not None:
        weights = sample_weight
    else:
        weights = None
    return float(_average(jaccard, weights=weights))


@validate_params(
    {
        "y_true": ["array-like"],
        "y_pred": ["array-like"],
        "sample_weight": ["array-like", None],
    }
)
def matthews_corrcoef(y_true, y_pred, *, sample_weight=None):
    """Matthews correlation coefficient (binary and multiclass).

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
    sample_weight : array-like of shape (n_samples,), default=None

    Returns
    -------
    mcc : float
        In [-1, 1]; 0 when undefined.

    Examples
    --------
    >>> from aiguille.metrics import matthews_corrcoef
    >>> round(matthews_corrcoef([+1, +1, +1, -1], [+1, -1, +1, +1]), 4)
    -0.3333
    """
    y_type, present, y_true, y_pred, sample_weight = _check_targets(y_true, y_pred, sample_weight)
    if y_type not in {"binary", "multiclass"}:
        raise ValueError(f"{y_type} is not supported")
    yt = _encode(y_true, present)
    yp = _encode(y_pred, present)
    sw = np.ones(yt.shape[0], dtype=np.int64) if sample_weight is None else sample_weight
    C = _confusion_counts(yt, yp, np.arange(present.shape[0]), sw)
    if C.shape == (1, 1):
        warnings.warn(_SINGLE_LABEL_MSG, UserWarning)
    t_sum = C.sum(axis=1, dtype=np.float64)
    p_sum = C.sum(axis=0, dtype=np.float64)
    n_correct = np.trace(C, dtype=np.float64)
    n_samples = p_sum.sum()
    cov_ytyp = n_correct * n_samples - np.dot(t_sum, p_sum)
    cov_ypyp = n_samples**2 - np.dot(p_sum, p_sum)
    cov_ytyt = n_samples**2 - np.dot(t_sum, t_sum)
    cov_ypyp_ytyt = cov_ypyp * cov_ytyt
    if cov_ypyp_ytyt == 0:
        return 0.0
    return float(cov_ytyp / np.sqrt(cov_ypyp_ytyt))


@validate_params(
    {
        "y_true": ["array-like", "sparse matrix"],
        "y_pred": ["array-like", "sparse matrix"],
        "normalize": ["boolean"],
        "sample_weight": ["array-like", None],
    }
)
def zero_one_loss(y_true, y_pred, *, normalize=True, sample_weight=None):
    """Zero-one classification loss: fraction (or count) of misclassifications.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_labels)
    normalize : bool, default=True
    sample_weight : array-like of shape (n_samples,), default=None

    Returns
    -------
    loss : float

    Examples
    --------
    >>> from aiguille.metrics import zero_one_loss
    >>> zero_one_loss([1, 2, 3, 4], [2, 2, 3, 4])
    0.25
    """
    score = accuracy_score(y_true, y_pred, normalize=normalize, sample_weight=sample_weight)
    if normalize:
        return 1 - score
    if sample_weight is not None:
        n_samples = np.sum(sample_weight)
    else:
        n_samples = _num_samples(y_true)
    return n_samples - score


@validate_params(
    {
        "y_true": ["array-like", "sparse matrix"],
        "y_pred": ["array-like", "sparse matrix"],
        "sample_weight": ["array-like", None],
    }
)
def hamming_loss(y_true, y_pred, *, sample_weight=None):
    """Average Hamming loss: the fraction of labels that are wrong.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_labels)
    sample_weight : array-like of shape (n_samples,), default=None

    Returns
    -------
    loss : float

    Examples
    --------
    >>> from aiguille.metrics import hamming_loss
    >>> hamming_loss([1, 2, 3, 4], [2, 2, 3, 4])
    0.25
    """
    y_type, _, y_true, y_pred, sample_weight = _check_targets(y_true, y_pred, sample_weight)
    weight_average = 1.0 if sample_weight is None else _average(sample_weight)
    if y_type.startswith("multilabel"):
        diff = y_true != y_pred
        if sample_weight is None:
            n_differences = np.count_nonzero(diff)
        else:
            n_differences = np.dot(diff.sum(axis=1), sample_weight)
        return float(n_differences) / (y_true.shape[0] * y_true.shape[1] * weight_average)
    return float(_average(y_true != y_pred, weights=sample_weight, normalize=True))


@validate_params(
    {
        "y_true": ["array-like"],
        "y_pred": ["array-like"],
        "sample_weight": ["array-like", None],
        "adjusted": ["boolean"],
    }
)
def balanced_accuracy_score(y_true, y_pred, *, sample_weight=None, adjusted=False):
    """Balanced accuracy: the average of the recall of each class.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
    sample_weight : array-like of shape (n_samples,), default=None
    adjusted : bool, default=False
        Rescale so that chance scores 0 and perfect scores 1.

    Returns
    -------
    balanced_accuracy : float

    Examples
    --------
    >>> from aiguille.metrics import balanced_accuracy_score
    >>> balanced_accuracy_score([0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1])
    0.625
    """
    C = confusion_matrix(y_true, y_pred, sample_weight=sample_weight)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_class = np.diag(C) / C.sum(axis=1)
    if np.any(np.isnan(per_class)):
        warnings.warn("y_pred contains classes not in y_true")
        per_class = per_class[~np.isnan(per_class)]
    score = np.mean(per_class)
    if adjusted:
        n_classes = len(per_class)
        chance = 1 / n_classes
        score -= chance
        score /= 1 - chance
    return float(score)


@validate_params(
    {
        "y1": ["array-like"],
        "y2": ["array-like"],
        "labels": ["array-like", None],
        "weights": [StrOptions({"linear", "quadratic"}), None],
        "sample_weight": ["array-like", None],
        "replace_undefined_by": [Interval(Real, -1.0, 1.0, closed="both"), "nan"],
    }
)
def cohen_kappa_score(
    y1, y2, *, labels=None, weights=None, sample_weight=None, replace_undefined_by=np.nan
):
    """Cohen's kappa: agreement between two annotators, corrected for chance.

    Parameters
    ----------
    y1, y2 : array-like of shape (n_samples,)
    labels : array-like of shape (n_classes,), default=None
    weights : {"linear", "quadratic"}, default=None
    sample_weight : array-like of shape (n_samples,), default=None
    replace_undefined_by : np.nan or float in [-1, 1], default=np.nan

    Returns
    -------
    kappa : float

    Examples
    --------
    >>> from aiguille.metrics import cohen_kappa_score
    >>> round(cohen_kappa_score([0, 1, 1, 0], [0, 1, 0, 0]), 4)
    0.5
    """
    try:
        confusion = confusion_matrix(y1, y2, labels=labels, sample_weight=sample_weight)
    except ValueError as e:
        if "At least one label in `labels` must be present in `y_true`" in str(e):
            raise
        raise
    n_classes = confusion.shape[0]
    sum0 = np.sum(confusion, axis=0)
    sum1 = np.sum(confusion, axis=1)
    numerator = np.outer(sum0, sum1)
    denominator = np.sum(sum0)
    expected = numerator / denominator if denominator else numerator * np.nan
    if weights is None:
        w_mat = np.ones([n_classes, n_classes], dtype=int)
        w_mat.flat[:: n_classes + 1] = 0
    else:
        w_mat = np.zeros([n_classes, n_classes], dtype=int)
        w_mat += np.arange(n_classes)
        if weights == "linear":
            w_mat = np.abs(w_mat - w_mat.T)
        else:
            w_mat = (w_mat - w_mat.T) ** 2
    numerator = np.sum(w_mat * confusion)
    denominator = np.sum(w_mat * expected)
    if math.isclose(denominator, 0) or np.isnan(denominator):
        msg = (
            "`y2` contains only one label that matches `y1`; cohen_kappa_score is not "
            "defined in this case."
            if numerator == 0
            else "`y1` and `y2` only contain a single label; cohen_kappa_score is not "
            "defined in this case."
        )
        warnings.warn(msg, UndefinedMetricWarning, stacklevel=2)
        return float(replace_undefined_by)
    k = numerator / denominator
    return float(1 - k)


@validate_params(
    {
        "y_true": ["array-like", "sparse matrix"],
        "y_pred": ["array-like", "sparse matrix"],
        "labels": ["array-like", None],
        "target_names": ["array-like", None],
        "sample_weight": ["array-like", None],
        "digits": [Interval(Integral, 0, None, closed="left")],
        "output_dict": ["boolean"],
        "zero_division": _ZERO_DIVISION,
    }
)
def classification_report(
    y_true,
    y_pred,
    *,
    labels=None,
    target_names=None,
    sample_weight=None,
    digits=2,
    output_dict=False,
    zero_division="warn",
):
    """Text (or dict) report of precision, recall, F1 and support per class and averaged.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_labels)
    labels : array-like of shape (n_labels,), default=None
    target_names : array-like of shape (n_labels,), default=None
        Display names of the labels.
    sample_weight : array-like of shape (n_samples,), default=None
    digits : int, default=2
        Digits of the floats in the text report.
    output_dict : bool, default=False
        Return a dict instead of a string.
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"

    Returns
    -------
    report : str or dict
        Same layout as scikit-learn's.

    Examples
    --------
    >>> from aiguille.metrics import classification_report
    >>> print(classification_report([0, 1, 2, 2, 2], [0, 0, 2, 2, 1]))
                  precision    recall  f1-score   support
    <BLANKLINE>
               0       0.50      1.00      0.67         1
               1       0.00      0.00      0.00         1
               2       1.00      0.67      0.80         3
    <BLANKLINE>
        accuracy                           0.60         5
       macro avg       0.50      0.56      0.49         5
    weighted avg       0.70      0.60      0.61         5
    <BLANKLINE>
    """
    checked = _check_targets(y_true, y_pred, sample_weight)
    y_type, present, y_true, y_pred, sample_weight = checked
    if labels is None:
        labels = present
        labels_given = False
    else:
        labels = np.asarray(labels)
        labels_given = True
    micro_is_accuracy = (y_type == "multiclass" or y_type == "binary") and (
        not labels_given or (set(labels.tolist()) >= set(present.tolist()))
    )
    if target_names is not None and len(labels) != len(target_names):
        if labels_given:
            warnings.warn(
                f"labels size, {len(labels)}, does not match size of target_names, "
                f"{len(target_names)}"
            )
        else:
            raise ValueError(
                f"Number of classes, {len(labels)}, does not match size of target_names, "
                f"{len(target_names)}. Try specifying the labels parameter"
            )
    if target_names is None:
        target_names = [f"{label}" for label in labels]

    headers = ["precision", "recall", "f1-score", "support"]
    prfs_warn_for = ("precision", "recall", "f-score")
    p, r, f1, s = _precision_recall_fscore_support(
        y_true, y_pred, 1.0, labels, 1, None, prfs_warn_for, sample_weight, zero_division, checked
    )
    rows = zip(target_names, p, r, f1, s)
    if y_type.startswith("multilabel"):
        average_options = ("micro", "macro", "weighted", "samples")
    else:
        average_options = ("micro", "macro", "weighted")

    if output_dict:
        report_dict = {label[0]: label[1:] for label in rows}
        for label, scores in report_dict.items():
            report_dict[label] = dict(zip(headers, [float(i) for i in scores]))
    else:
        longest_last_line_heading = "weighted avg"
        name_width = max(len(cn) for cn in target_names)
        width = max(name_width, len(longest_last_line_heading), digits)
        head_fmt = "{:>{width}s} " + " {:>9}" * len(headers)
        report = head_fmt.format("", *headers, width=width)
        report += "\n\n"
        row_fmt = "{:>{width}s} " + " {:>9.{digits}f}" * 3 + " {:>9}\n"
        for row in rows:
            report += row_fmt.format(*row, width=width, digits=digits)
        report += "\n"

    for average in average_options:
        if average.startswith("micro") and micro_is_accuracy:
            line_heading = "accuracy"
        else:
            line_heading = average + " avg"
        avg_p, avg_r, avg_f1, _ = _precision_recall_fscore_support(
            y_true,
            y_pred,
            1.0,
            labels,
            1,
            average,
            prfs_warn_for,
            sample_weight,
            zero_division,
            checked,
        )
        avg = [avg_p, avg_r, avg_f1, np.sum(s)]
        if output_dict:
            report_dict[line_heading] = dict(zip(headers, [float(i) for i in avg]))
        elif line_heading == "accuracy":
            row_fmt_accuracy = (
                "{:>{width}s} " + " {:>9.{digits}}" * 2 + " {:>9.{digits}f}" + " {:>9}\n"
            )
            report += row_fmt_accuracy.format(
                line_heading, "", "", *avg[2:], width=width, digits=digits
            )
        else:
            report += row_fmt.format(line_heading, *avg, width=width, digits=digits)
    if output_dict:
        if "accuracy" in report_dict:
            report_dict["accuracy"] = report_dict["accuracy"]["precision"]
        return report_dict
    return report


def _one_hot_multiclass(y_true, labels):
    """One-hot (n_samples, n_classes) of y_true over the sorted classes (LabelBinarizer)."""
    y_true = column_or_1d(y_true) if np.ndim(y_true) <= 2 else np.asarray(y_true)
    if labels is not None:
        labels_arr = np.asarray(labels)
        classes = _unique(labels_arr)
        if classes.shape != labels_arr.shape or not np.all(classes == labels_arr):
            warnings.warn(
                f"Labels passed were {labels}. But this function assumes labels are ordered "
                f"lexicographically. Pass the ordered labels={classes.tolist()} and ensure "
                "that the columns of y_prob correspond to this ordering.",
                UserWarning,
            )
        if not np.all(np.isin(y_true, labels_arr)):
            undeclared = set(y_true.tolist()) - set(labels_arr.tolist())
            raise ValueError(
                f"y_true contains values {undeclared} not belonging to the passed labels {labels}."
            )
    else:
        y_type = type_of_target(y_true, input_name="y_true")
        if y_type not in ("binary", "multiclass"):
            raise ValueError(
                f"Unknown label type: {y_type!r}"
                if y_type == "continuous"
                else "Multioutput target data is not supported with label binarization"
            )
        classes = _union_labels(y_true)
    if classes.shape[0] == 1:
        if labels is None:
            raise ValueError(
                f"y_true contains only one label ({classes[0]}). Please provide the list of "
                "all expected class labels explicitly through the labels argument."
            )
        raise ValueError(f"The labels array needs to contain at least two labels, got {classes}.")
    idx = _encode(y_true, classes)
    onehot = np.zeros((y_true.shape[0], classes.shape[0]), dtype=np.int64)
    onehot[np.arange(y_true.shape[0]), idx] = 1
    return onehot, classes


def _validate_multiclass_proba(y_true, y_prob, sample_weight, labels):
    if np.max(y_prob) > 1:
        raise ValueError(f"y_prob contains values greater than 1: {np.max(y_prob)}")
    if np.min(y_prob) < 0:
        raise ValueError(f"y_prob contains values lower than 0: {np.min(y_prob)}")
    check_consistent_length(y_prob, y_true, sample_weight)
    if sample_weight is not None:
        _check_sample_weight_1d(sample_weight, y_prob.shape[0])
    transformed, classes = _one_hot_multiclass(y_true, labels)
    if y_prob.ndim == 1:
        y_prob = y_prob[:, np.newaxis]
    if y_prob.shape[1] == 1:
        y_prob = np.concatenate([1 - y_prob, y_prob], axis=1)
    eps = np.finfo(y_prob.dtype).eps
    y_prob_sum = y_prob.sum(axis=1)
    if not np.all(np.isclose(y_prob_sum, 1, rtol=np.sqrt(eps))):
        warnings.warn(
            "The y_prob values do not sum to one. Make sure to pass probabilities.",
            UserWarning,
        )
    if classes.shape[0] != y_prob.shape[1]:
        if labels is None:
            raise ValueError(
                "y_true and y_prob contain different number of classes: "
                f"{transformed.shape[1]} vs {y_prob.shape[1]}. Please provide the true labels "
                f"explicitly through the labels argument. Classes found in y_true: {classes}"
            )
        raise ValueError(
            "The number of classes in labels is different from that in y_prob. Classes found "
            f"in labels: {classes}"
        )
    return transformed, y_prob


@validate_params(
    {
        "y_true": ["array-like"],
        "y_proba": ["array-like", None],
        "normalize": ["boolean"],
        "sample_weight": ["array-like", None],
        "labels": ["array-like", None],
        "y_pred": ["array-like", Options(str, {"deprecated"})],
    }
)
def log_loss(
    y_true, y_proba=None, *, normalize=True, sample_weight=None, labels=None, y_pred="deprecated"
):
    """Log loss (cross-entropy) of predicted probabilities.

    Probabilities are clipped to ``[eps, 1 - eps]`` with ``eps`` the machine epsilon of
    their dtype, as scikit-learn 1.9 does.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_proba : array-like of shape (n_samples, n_classes) or (n_samples,)
        Predicted probabilities, columns in sorted label order (1-D: of the positive class).
    normalize : bool, default=True
        Mean loss per sample when True, sum otherwise.
    sample_weight : array-like of shape (n_samples,), default=None
    labels : array-like, default=None
        All the labels, when y_true does not contain them all.
    y_pred : array-like
        Deprecated name of ``y_proba``.

    Returns
    -------
    loss : float

    Examples
    --------
    >>> from aiguille.metrics import log_loss
    >>> round(log_loss(["spam", "ham", "ham", "spam"],
    ...                [[.1, .9], [.9, .1], [.8, .2], [.35, .65]]), 6)
    0.216162
    """
    if not (isinstance(y_pred, str) and y_pred == "deprecated"):
        if y_proba is not None:
            raise ValueError(
                "Cannot use both `y_pred` and `y_proba`. `y_pred` is deprecated, use "
                "`y_proba` instead."
            )
        warnings.warn(
            "`y_pred` was renamed to `y_proba` in version 1.9 and will be removed in 1.11. "
            "Use `y_proba` instead.",
            FutureWarning,
        )
        y_proba = y_pred
    y_proba = check_array(y_proba, ensure_2d=False, dtype=[np.float64, np.float32])
    transformed, y_proba = _validate_multiclass_proba(y_true, y_proba, sample_weight, labels)
    return _log_loss(transformed, y_proba, normalize=normalize, sample_weight=sample_weight)


def _log_loss(transformed_labels, y_proba, *, normalize=True, sample_weight=None):
    eps = np.finfo(y_proba.dtype).eps
    y_proba = np.clip(y_proba, eps, 1 - eps)
    t = transformed_labels.astype(y_proba.dtype, copy=False)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(t == 0, 0, t * np.log(y_proba))
    loss = -terms.sum(axis=1)
    return float(_average(loss, weights=sample_weight, normalize=normalize))


@validate_params(
    {
        "y_true": ["array-like"],
        "y_proba": ["array-like"],
        "sample_weight": ["array-like", None],
        "pos_label": [Real, str, "boolean", None],
        "labels": ["array-like", None],
        "scale_by_half": ["boolean", StrOptions({"auto"})],
    }
)
def brier_score_loss(
    y_true, y_proba, *, sample_weight=None, pos_label=None, labels=None, scale_by_half="auto"
):
    """Brier score: mean squared difference between probabilities and the one-hot truth.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
    y_proba : array-like of shape (n_samples,) or (n_samples, n_classes)
        Probabilities of the positive class (1-D), or of every class (2-D).
    sample_weight : array-like of shape (n_samples,), default=None
    pos_label : int, float, bool or str, default=None
        The positive class for 1-D ``y_proba``.
    labels : array-like of shape (n_classes,), default=None
        All the labels for 2-D ``y_proba``.
    scale_by_half : bool or "auto", default="auto"
        Halve the score ("auto": for binary problems, which keeps it in [0, 1]).

    Returns
    -------
    score : float

    Examples
    --------
    >>> from aiguille.metrics import brier_score_loss
    >>> round(brier_score_loss([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]), 4)
    0.0375
    """
    y_proba = check_array(y_proba, ensure_2d=False, dtype=[np.float64, np.float32])
    if y_proba.ndim == 1 or y_proba.shape[1] == 1:
        transformed, y_proba = _validate_binary_proba(y_true, y_proba, sample_weight, pos_label)
    else:
        transformed, y_proba = _validate_multiclass_proba(y_true, y_proba, sample_weight, labels)
    transformed = transformed.astype(y_proba.dtype, copy=False)
    score = _average(((transformed - y_proba) ** 2).sum(axis=1), weights=sample_weight)
    if scale_by_half == "auto":
        scale_by_half = y_proba.ndim == 1 or y_proba.shape[1] < 3
    if scale_by_half:
        score *= 0.5
    return float(score)


def _validate_binary_proba(y_true, y_prob, sample_weight, pos_label):
    y_true = column_or_1d(y_true)
    y_prob = column_or_1d(y_prob)
    assert_all_finite(y_true)
    assert_all_finite(y_prob)
    check_consistent_length(y_prob, y_true, sample_weight)
    if sample_weight is not None:
        _check_sample_weight_1d(sample_weight, y_prob.shape[0])
    y_type = type_of_target(y_true, input_name="y_true")
    if y_type != "binary":
        raise ValueError(
            f"The type of the target inferred from y_true is {y_type} but should be binary "
            "according to the shape of y_prob."
        )
    if np.max(y_prob) > 1:
        raise ValueError(f"y_prob contains values greater than 1: {np.max(y_prob)}")
    if np.min(y_prob) < 0:
        raise ValueError(f"y_prob contains values less than 0: {np.min(y_prob)}")
    try:
        pos_label = _check_pos_label_consistency(pos_label, y_true)
    except ValueError:
        classes = _unique(y_true)
        if classes.dtype.kind not in "OUS":
            pos_label = classes[-1]
        else:
            raise
    pos = (y_true == pos_label).astype(np.int64)
    transformed = np.stack((1 - pos, pos), axis=1)
    y_prob = np.stack((1 - y_prob, y_prob), axis=1)
    return transformed, y_prob
