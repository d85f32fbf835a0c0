"""Class weights: ``compute_class_weight`` and ``compute_sample_weight``."""

import numpy as np

__all__ = ["compute_class_weight", "compute_sample_weight"]


def compute_class_weight(class_weight, *, classes, y, sample_weight=None):
    """Weight of each class: "balanced" gives ``n_samples / (n_classes * count)``.

    Parameters
    ----------
    class_weight : dict, "balanced" or None
    classes : ndarray of shape (n_classes,)
    y : array-like of shape (n_samples,)
    sample_weight : array-like of shape (n_samples,), default=None

    Returns
    -------
    class_weight_vect : ndarray of shape (n_classes,)

    Examples
    --------
    >>> from aiguille.utils.class_weight import compute_class_weight
    >>> compute_class_weight("balanced", classes=np.array([0, 1]), y=[0, 0, 0, 1])
    array([0.66666667, 2.        ])
    """
    classes = np.asarray(classes)
    y = np.asarray(y)
    if set(np.unique(y).tolist()) - set(classes.tolist()):
        raise ValueError("classes should include all valid labels that can be in y")
    if class_weight is None or len(class_weight) == 0:
        return np.ones(classes.shape[0], dtype=np.float64)
    if class_weight == "balanced":
        idx = np.searchsorted(classes, y)
        sw = np.ones(y.shape[0]) if sample_weight is None else np.asarray(sample_weight, float)
        counts = np.bincount(idx, weights=sw, minlength=len(classes))
        total = sw.sum()
        with np.errstate(divide="ignore"):
            weight = total / (len(classes) * counts)
        return weight
    weight = np.ones(classes.shape[0], dtype=np.float64)
    unweighted = []
    for c in class_weight:
        i = np.searchsorted(classes, c)
        if i >= classes.shape[0] or classes[i] != c:
            unweighted.append(c)
        else:
            weight[i] = class_weight[c]
    if unweighted:
        raise ValueError(
            f"The classes, {unweighted}, are not in class_weight. Use only labels present in "
            "y as keys of class_weight."
        )
    return weight


def compute_sample_weight(class_weight, y):
    """Per-sample weights from class weights (single-output targets)."""
    y = np.asarray(y)
    classes = np.unique(y)
    weights = compute_class_weight(class_weight, classes=classes, y=y)
    return weights[np.searchsorted(classes, y)]
