"""Classification metrics against scikit-learn's on digits and on a noisy generated set."""

import warnings

import numpy as np
import pytest

import aiguille.metrics as M
from aiguille.exceptions import UndefinedMetricWarning
from aiguille.utils._testing import require

from ._helpers import assert_same, both, warning_texts

SIMPLE = [
    "accuracy_score",
    "balanced_accuracy_score",
    "matthews_corrcoef",
    "zero_one_loss",
    "hamming_loss",
    "confusion_matrix",
    "classification_report",
]
AVERAGED = ["precision_score", "recall_score", "f1_score", "jaccard_score"]


@pytest.fixture(scope="module")
def S():
    return require("sklearn.metrics")


@pytest.mark.parametrize("name", SIMPLE)
@pytest.mark.parametrize("weighted", [False, True])
def test_simple_metrics_match(S, multiclass_data, name, weighted):
    y, p, sw = multiclass_data
    kw = {"sample_weight": sw} if weighted else {}
    ours, ref, _, _ = both(getattr(M, name), getattr(S, name), y, p, **kw)
    assert_same(ours, ref, what=name)


@pytest.mark.parametrize("name", SIMPLE)
def test_string_labels(S, multiclass_data, name):
    y, p, _ = multiclass_data
    names = np.array([f"class_{i}" for i in range(10)], dtype=object)
    ours, ref, _, _ = both(getattr(M, name), getattr(S, name), names[y], names[p])
    assert_same(ours, ref, what=name)


@pytest.mark.parametrize("name", AVERAGED)
@pytest.mark.parametrize("average", ["micro", "macro", "weighted", None])
@pytest.mark.parametrize("weighted", [False, True])
def test_averaged_metrics_match(S, multiclass_data, name, average, weighted):
    y, p, sw = multiclass_data
    kw = {"sample_weight": sw} if weighted else {}
    ours, ref, _, _ = both(getattr(M, name), getattr(S, name), y, p, average=average, **kw)
    assert_same(ours, ref, what=f"{name} {average}")


@pytest.mark.parametrize("name", AVERAGED)
def test_binary_and_pos_label(S, binary_data, name):
    y, p, _, sw = binary_data
    for kw in ({}, {"pos_label": 0}, {"sample_weight": sw}):
        ours, ref, _, _ = both(getattr(M, name), getattr(S, name), y, p, **kw)
        assert_same(ours, ref, what=f"{name} {kw}")
    ys = np.where(y == 1, "spam", "ham")
    ps = np.where(p == 1, "spam", "ham")
    ours, ref, _, _ = both(getattr(M, name), getattr(S, name), ys, ps, pos_label="spam")
    assert_same(ours, ref)


def test_labels_subset_and_extra(S, multiclass_data):
    y, p, sw = multiclass_data
    for labels in ([0, 2, 4], [4, 0, 2, 17]):
        for name in ("precision_recall_fscore_support", "classification_report"):
            ours, ref, w1, w2 = both(getattr(M, name), getattr(S, name), y, p, labels=labels)
            assert_same(ours, ref, what=f"{name} {labels}")
            assert warning_texts(w1) == warning_texts(w2)
        ours, ref, _, _ = both(M.confusion_matrix, S.confusion_matrix, y, p, labels=labels)
        assert_same(ours, ref)
        ours, ref, _, _ = both(M.f1_score, S.f1_score, y, p, labels=labels, average="macro")
        assert_same(ours, ref)


@pytest.mark.parametrize("normalize", ["true", "pred", "all"])
def test_confusion_matrix_normalize(S, multiclass_data, normalize):
    y, p, sw = multiclass_data
    ours, ref, _, _ = both(
        M.confusion_matrix, S.confusion_matrix, y, p, normalize=normalize, sample_weight=sw
    )
    assert_same(ours, ref)


def test_fbeta_and_prfs(S, multiclass_data):
    y, p, sw = multiclass_data
    for beta in (0.5, 2.0, 0.0, np.inf):
        for average in ("macro", "weighted", None):
            ours, ref, _, _ = both(
                M.fbeta_score, S.fbeta_score, y, p, beta=beta, average=average, sample_weight=sw
            )
            assert_same(ours, ref, what=f"fbeta {beta} {average}")
    ours, ref, _, _ = both(
        M.precision_recall_fscore_support, S.precision_recall_fscore_support, y, p, beta=2
    )
    assert_same(ours, ref)


def test_classification_report_layout(S, multiclass_data):
    y, p, sw = multiclass_data
    names = [f"digit {i}" for i in range(int(max(y.max(), p.max())) + 1)]
    for kw in (
        {"digits": 4},
        {"target_names": names},
        {"output_dict": True, "sample_weight": sw},
        {"labels": [1, 3], "output_dict": True},
    ):
        ours, ref, _, _ = both(M.classification_report, S.classification_report, y, p, **kw)
        assert_same(ours, ref, what=str(kw))


def test_multilabel(S):
    rng = np.random.RandomState(1)
    Y = rng.randint(0, 2, (200, 4))
    P = np.where(rng.rand(200, 4) < 0.3, 1 - Y, Y)
    sw = rng.rand(200)
    for name in ["accuracy_score", "hamming_loss", "zero_one_loss"]:
        ours, ref, _, _ = both(getattr(M, name), getattr(S, name), Y, P, sample_weight=sw)
        assert_same(ours, ref, what=name)
    for name in AVERAGED:
        for average in ("micro", "macro", "weighted", "samples", None):
            ours, ref, _, _ = both(getattr(M, name), getattr(S, name), Y, P, average=average)
            assert_same(ours, ref, what=f"{name} {average}")
    ours, ref, _, _ = both(M.classification_report, S.classification_report, Y, P)
    assert_same(ours, ref)
    ours, ref, _, _ = both(
        M.multilabel_confusion_matrix, S.multilabel_confusion_matrix, Y, P, samplewise=True
    )
    assert_same(ours, ref)


def test_balanced_accuracy_adjusted_and_kappa(S, multiclass_data):
    y, p, sw = multiclass_data
    ours, ref, _, _ = both(
        M.balanced_accuracy_score, S.balanced_accuracy_score, y, p, adjusted=True
    )
    assert_same(ours, ref)
    for weights in (None, "linear", "quadratic"):
        ours, ref, _, _ = both(M.cohen_kappa_score, S.cohen_kappa_score, y, p, weights=weights)
        assert_same(ours, ref)


@pytest.mark.parametrize("zero_division", ["warn", 0.0, 1.0, np.nan])
@pytest.mark.parametrize("name", AVERAGED)
def test_zero_division(S, name, zero_division):
    y = np.array([0, 0, 1, 1, 2])
    p = np.array([0, 0, 0, 0, 3])
    if name == "jaccard_score" and not isinstance(zero_division, str) and np.isnan(zero_division):
        with pytest.raises(ValueError, match="'zero_division' parameter of jaccard_score"):
            M.jaccard_score(y, p, average="macro", zero_division=zero_division)
        return
    for average in ("macro", "weighted", None, "micro"):
        ours, ref, w1, w2 = both(
            getattr(M, name),
            getattr(S, name),
            y,
            p,
            average=average,
            zero_division=zero_division,
        )
        assert_same(ours, ref, what=f"{name} {average} {zero_division}")
        assert warning_texts(w1) == warning_texts(w2)
    if zero_division == "warn" and name in ("precision_score", "recall_score"):
        with pytest.warns(UndefinedMetricWarning, match="ill-defined"):
            getattr(M, name)(y, p, average="macro")


def test_all_one_class(S):
    y = np.zeros(10, dtype=int)
    for name in SIMPLE + AVERAGED:
        ours, ref, w1, w2 = both(getattr(M, name), getattr(S, name), y, y)
        assert_same(ours, ref, what=name)
        assert warning_texts(w1) == warning_texts(w2), name
    # predictions containing a class absent from y_true
    p = np.r_[np.zeros(8, int), np.ones(2, int)]
    ours, ref, w1, w2 = both(M.balanced_accuracy_score, S.balanced_accuracy_score, y, p)
    assert_same(ours, ref)
    assert warning_texts(w1) == warning_texts(w2)
    assert M.matthews_corrcoef(y, p) == 0.0


def test_log_loss_and_brier(S, proba_data):
    y, proba, sw = proba_data
    for kw in ({}, {"sample_weight": sw}, {"normalize": False}):
        assert_same(M.log_loss(y, proba, **kw), S.log_loss(y, proba, **kw))
        if "normalize" not in kw:
            assert_same(M.brier_score_loss(y, proba, **kw), S.brier_score_loss(y, proba, **kw))
    # float32 probabilities are clipped at float32's epsilon, as in scikit-learn 1.9
    p32 = proba.astype(np.float32)
    p32[0] = 0.0
    p32[0, y[0]] = 1.0
    p32[1] = 0.0
    p32[1, (y[1] + 1) % proba.shape[1]] = 1.0
    assert_same(M.log_loss(y, p32), S.log_loss(y, p32), rtol=1e-6)
    # string labels and explicit labels
    names = np.array([f"c{i:02d}" for i in range(proba.shape[1])])
    assert_same(M.log_loss(names[y], proba), S.log_loss(names[y], proba))
    labels = list(range(proba.shape[1] + 1))
    wide = np.c_[proba * 0.9, np.full(len(y), 0.1)]
    assert_same(M.log_loss(y, wide, labels=labels), S.log_loss(y, wide, labels=labels))
    # binary, 1-D probabilities and pos_label
    yb = (y % 2).astype(int)
    pb = proba[:, 1] / (proba[:, 0] + proba[:, 1])
    for kw in ({}, {"pos_label": 0}, {"sample_weight": sw}, {"scale_by_half": False}):
        assert_same(M.brier_score_loss(yb, pb, **kw), S.brier_score_loss(yb, pb, **kw))
    assert_same(M.log_loss(yb, pb), S.log_loss(yb, pb))


def test_log_loss_warnings_and_errors(S):
    y = [0, 1, 1]
    bad = np.array([[0.5, 0.6], [0.2, 0.8], [0.3, 0.7]])
    with pytest.warns(UserWarning, match="do not sum to one"):
        M.log_loss(y, bad)
    with pytest.raises(ValueError, match="y_true contains only one label"):
        M.log_loss([1, 1, 1], [[0.2, 0.8]] * 3)
    with pytest.raises(ValueError, match="different number of classes"):
        M.log_loss([0, 1, 2], [[0.2, 0.8]] * 3)
    with pytest.raises(ValueError, match="greater than 1"):
        M.log_loss(y, [[0.5, 1.5]] * 3)
    with pytest.warns(FutureWarning, match="renamed to `y_proba`"):
        value = M.log_loss(y, y_pred=[[0.5, 0.5]] * 3)
    assert_same(value, S.log_loss(y, y_proba=[[0.5, 0.5]] * 3))


def test_bad_inputs():
    msg = "Found input variables with inconsistent numbers of samples"
    for name in SIMPLE + AVERAGED + ["log_loss"]:
        with pytest.raises(ValueError, match=msg):
            getattr(M, name)([0, 1, 1], [0, 1])
    with pytest.raises(ValueError, match="Classification metrics can't handle a mix of"):
        M.accuracy_score([0, 1, 1], [0.5, 1.2, 3.1])
    with pytest.raises(ValueError, match="continuous is not supported"):
        M.f1_score([0.5, 1.2, 3.1], [0.5, 1.2, 3.1])
    with pytest.raises(ValueError, match="Target is multiclass but average='binary'"):
        M.precision_score([0, 1, 2], [0, 1, 2])
    with pytest.raises(ValueError, match="pos_label=2 is not a valid label"):
        M.recall_score([0, 1, 1], [0, 1, 0], pos_label=2)
    with pytest.raises(ValueError, match="Mix of label input types"):
        M.accuracy_score(["a", "b", "a"], [0, 1, 0])
    with pytest.raises(ValueError, match="'average' parameter of f1_score must be"):
        M.f1_score([0, 1], [0, 1], average="bogus")
    with pytest.raises(ValueError, match="At least one label specified must be in y_true"):
        M.confusion_matrix([0, 1], [0, 1], labels=[5])


def test_warns_on_pos_label_ignored():
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        M.f1_score([0, 1, 2], [0, 1, 1], average="macro", pos_label=2)
    assert any("pos_label (set to 2) is ignored" in str(r.message) for r in rec)
