"""ROC / PR curves, ROC AUC and average precision against scikit-learn's."""

import numpy as np
import pytest

import aiguille.metrics as M
from aiguille.exceptions import UndefinedMetricWarning
from aiguille.utils._testing import require

from ._helpers import assert_same, both, warning_texts


@pytest.fixture(scope="module")
def S():
    return require("sklearn.metrics")


@pytest.mark.parametrize("drop", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
def test_curves(S, binary_data, drop, weighted):
    y, _, score, sw = binary_data
    kw = {"sample_weight": sw} if weighted else {}
    ours, ref, _, _ = both(M.roc_curve, S.roc_curve, y, score, drop_intermediate=drop, **kw)
    assert_same(ours, ref)
    ours, ref, _, _ = both(
        M.precision_recall_curve, S.precision_recall_curve, y, score, drop_intermediate=drop, **kw
    )
    assert_same(ours, ref)


def test_scores_binary(S, binary_data):
    y, _, score, sw = binary_data
    for kw in (
        {},
        {"sample_weight": sw},
        {"max_fpr": 0.25},
        {"max_fpr": 0.25, "sample_weight": sw},
    ):
        assert_same(M.roc_auc_score(y, score, **kw), S.roc_auc_score(y, score, **kw), what=kw)
    for kw in ({}, {"sample_weight": sw}, {"pos_label": 0}):
        assert_same(
            M.average_precision_score(y, score, **kw), S.average_precision_score(y, score, **kw)
        )
    ys = np.where(y == 1, "pos", "neg")
    assert_same(M.roc_curve(ys, score, pos_label="pos"), S.roc_curve(ys, score, pos_label="pos"))
    assert_same(M.roc_auc_score(ys, score), S.roc_auc_score(ys, score))


@pytest.mark.parametrize("multi_class", ["ovr", "ovo"])
@pytest.mark.parametrize("average", ["macro", "weighted", "micro", None])
def test_multiclass_auc(S, proba_data, multi_class, average):
    y, proba, sw = proba_data
    if multi_class == "ovo" and average in ("micro", None):
        with pytest.raises((ValueError, NotImplementedError)):
            M.roc_auc_score(y, proba, multi_class=multi_class, average=average)
        return
    ours, ref, _, _ = both(
        M.roc_auc_score, S.roc_auc_score, y, proba, multi_class=multi_class, average=average
    )
    assert_same(ours, ref)
    if multi_class == "ovr":
        kw = dict(multi_class="ovr", average=average, sample_weight=sw)
        assert_same(M.roc_auc_score(y, proba, **kw), S.roc_auc_score(y, proba, **kw))
    labels = list(range(proba.shape[1]))
    names = np.array([f"c{i:02d}" for i in labels])
    kw = dict(multi_class=multi_class, average=average)
    assert_same(M.roc_auc_score(names[y], proba, **kw), S.roc_auc_score(names[y], proba, **kw))
    assert_same(
        M.roc_auc_score(y, proba, labels=labels, **kw),
        S.roc_auc_score(y, proba, labels=labels, **kw),
    )


def test_multiclass_ap_and_multilabel(S, proba_data):
    y, proba, _ = proba_data
    for average in ("macro", "weighted", "micro", None):
        assert_same(
            M.average_precision_score(y, proba, average=average),
            S.average_precision_score(y, proba, average=average),
        )
    rng = np.random.RandomState(0)
    Y = rng.randint(0, 2, (200, 3))
    score = Y + rng.randn(200, 3)
    for average in ("macro", "weighted", "micro", "samples", None):
        for f in ("roc_auc_score", "average_precision_score"):
            ours, ref, _, _ = both(getattr(M, f), getattr(S, f), Y, score, average=average)
            assert_same(ours, ref, what=f"{f} {average}")


def test_auc(S):
    x = np.array([0.0, 0.2, 0.5, 1.0])
    y = np.array([0.0, 0.6, 0.7, 1.0])
    assert_same(M.auc(x, y), S.auc(x, y))
    assert_same(M.auc(x[::-1], y[::-1]), S.auc(x[::-1], y[::-1]))
    with pytest.raises(ValueError, match="neither increasing nor decreasing"):
        M.auc([0, 1, 0.5], [0, 1, 1])
    with pytest.raises(ValueError, match="At least 2 points are needed"):
        M.auc([0], [1])


def test_edge_cases_and_errors(S):
    with pytest.warns(UndefinedMetricWarning, match="Only one class is present"):
        assert np.isnan(M.roc_auc_score([1, 1, 1], [0.1, 0.5, 0.7]))
    ours, ref, w1, w2 = both(M.roc_curve, S.roc_curve, [1, 1, 1], [0.1, 0.5, 0.7])
    assert_same(ours, ref)
    assert warning_texts(w1) == warning_texts(w2)
    ours, ref, w1, w2 = both(
        M.precision_recall_curve, S.precision_recall_curve, [0, 0, 0], [0.1, 0.5, 0.7]
    )
    assert_same(ours, ref)
    assert warning_texts(w1) == warning_texts(w2)
    with pytest.raises(ValueError, match="multi_class must be in"):
        M.roc_auc_score([0, 1, 2], [[0.2, 0.3, 0.5]] * 3)
    with pytest.raises(ValueError, match="multiclass format is not supported"):
        M.roc_curve([0, 1, 2], [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="pos_label is not specified"):
        M.roc_curve(["a", "b"], [0.1, 0.2])
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        M.roc_auc_score([0, 1, 1], [0.1, 0.2])
    with pytest.raises(ValueError, match="need to be probabilities"):
        M.roc_auc_score([0, 1, 2], [[0.9, 0.9, 0.9]] * 3, multi_class="ovr")


def test_top_k_accuracy(S, proba_data, binary_data):
    y, proba, sw = proba_data
    for kw in ({}, {"k": 1}, {"k": 3, "sample_weight": sw}, {"normalize": False}):
        ours, ref, w1, w2 = both(M.top_k_accuracy_score, S.top_k_accuracy_score, y, proba, **kw)
        assert_same(ours, ref)
    yb, _, score, _ = binary_data
    for k in (1, 2):
        ours, ref, w1, w2 = both(M.top_k_accuracy_score, S.top_k_accuracy_score, yb, score, k=k)
        assert_same(ours, ref)
        assert warning_texts(w1) == warning_texts(w2)
    with pytest.raises(ValueError, match="Number of classes in 'y_true'"):
        M.top_k_accuracy_score([0, 1, 2], [[0.5, 0.5]] * 3)
