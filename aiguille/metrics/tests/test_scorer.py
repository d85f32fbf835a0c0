"""Scorers on aiguille and scikit-learn estimators, against scikit-learn's scorers."""

import warnings

import numpy as np
import pytest

from aiguille.metrics import (
    check_scoring,
    f1_score,
    fbeta_score,
    get_scorer,
    get_scorer_names,
    log_loss,
    make_scorer,
)
from aiguille.metrics._scorer import _check_multimetric_scoring, _MultimetricScorer
from aiguille.utils._testing import require

CLF_BINARY = [
    "accuracy",
    "balanced_accuracy",
    "f1",
    "precision",
    "recall",
    "jaccard",
    "roc_auc",
    "average_precision",
    "neg_log_loss",
    "neg_brier_score",
    "matthews_corrcoef",
]
CLF_MULTI = [
    "accuracy",
    "balanced_accuracy",
    "f1_macro",
    "f1_micro",
    "f1_weighted",
    "precision_macro",
    "recall_weighted",
    "jaccard_macro",
    "roc_auc_ovr",
    "roc_auc_ovo",
    "roc_auc_ovr_weighted",
    "roc_auc_ovo_weighted",
    "neg_log_loss",
    "top_k_accuracy",
]
REG = [
    "r2",
    "explained_variance",
    "neg_mean_squared_error",
    "neg_root_mean_squared_error",
    "neg_mean_absolute_error",
    "neg_median_absolute_error",
    "neg_mean_absolute_percentage_error",
    "neg_max_error",
    "neg_mean_squared_log_error",
    "neg_root_mean_squared_log_error",
]
CLU = [
    "adjusted_rand_score",
    "rand_score",
    "normalized_mutual_info_score",
    "adjusted_mutual_info_score",
    "v_measure_score",
    "homogeneity_score",
    "completeness_score",
    "mutual_info_score",
    "fowlkes_mallows_score",
]


@pytest.fixture(scope="module")
def sk():
    require("sklearn")
    import sklearn.metrics

    return sklearn.metrics


@pytest.fixture(scope="module")
def fitted(digits):
    require("sklearn")
    from sklearn.cluster import KMeans
    from sklearn.linear_model import LogisticRegression, Ridge

    warnings.filterwarnings("ignore", message=".*(lbfgs|max_iter).*")
    X, y = digits
    X = X / 16.0
    yb = (y >= 5).astype(int)
    return {
        "X": X,
        "y": y,
        "yb": yb,
        "clf_binary": LogisticRegression(max_iter=50).fit(X[:1000], yb[:1000]),
        "clf_multi": LogisticRegression(max_iter=50).fit(X[:1000], y[:1000]),
        "reg": Ridge().fit(X[:1000], y[:1000] + 5.0),
        "km": KMeans(8, n_init=1, max_iter=20, random_state=0).fit(X[:1000]),
    }


def _check(sk, est, names, X, y):
    for name in names:
        ours = get_scorer(name)(est, X, y)
        ref = sk.get_scorer(name)(est, X, y)
        np.testing.assert_allclose(ours, ref, rtol=1e-12, err_msg=name)
        w = np.linspace(0.5, 1.5, len(y))
        if get_scorer(name)._accept_sample_weight() and "ovo" not in name:
            ours = get_scorer(name)(est, X, y, sample_weight=w)
            ref = sk.get_scorer(name)(est, X, y, sample_weight=w)
            np.testing.assert_allclose(ours, ref, rtol=1e-12, err_msg=name)


def test_sklearn_estimators(sk, fitted):
    X, y, yb = fitted["X"][1000:], fitted["y"][1000:], fitted["yb"][1000:]
    _check(sk, fitted["clf_binary"], CLF_BINARY, X, yb)
    _check(sk, fitted["clf_multi"], CLF_MULTI, X, y)
    _check(sk, fitted["reg"], REG, X, y + 5.0)
    _check(sk, fitted["km"], CLU, X, y)


def test_string_labels_and_pos_label(sk, fitted):
    from sklearn.linear_model import LogisticRegression

    X, yb = fitted["X"], fitted["yb"]
    ys = np.where(yb == 1, "high", "low")
    clf = LogisticRegression(max_iter=50).fit(X[:1000], ys[:1000])
    for name in ("accuracy", "roc_auc", "neg_log_loss"):
        np.testing.assert_allclose(
            get_scorer(name)(clf, X[1000:], ys[1000:]),
            sk.get_scorer(name)(clf, X[1000:], ys[1000:]),
            rtol=1e-12,
        )
    for pos in ("high", "low"):
        ours = make_scorer(fbeta_score, beta=2, pos_label=pos)(clf, X[1000:], ys[1000:])
        ref = sk.make_scorer(sk.fbeta_score, beta=2, pos_label=pos)(clf, X[1000:], ys[1000:])
        np.testing.assert_allclose(ours, ref, rtol=1e-12)
        # the positive class's probability column, as scikit-learn picks it
        from aiguille.metrics import average_precision_score

        s_ours = make_scorer(
            average_precision_score, response_method="predict_proba", pos_label=pos
        )(clf, X[1000:], ys[1000:])
        s_ref = sk.make_scorer(
            sk.average_precision_score, response_method="predict_proba", pos_label=pos
        )(clf, X[1000:], ys[1000:])
        np.testing.assert_allclose(s_ours, s_ref, rtol=1e-12)


def test_aiguille_estimator(digits):
    neighbors = pytest.importorskip("aiguille.neighbors")
    X, y = digits
    clf = neighbors.KNeighborsClassifier(5).fit(X[:1000], y[:1000])
    acc = get_scorer("accuracy")(clf, X[1000:], y[1000:])
    assert acc == pytest.approx(clf.score(X[1000:], y[1000:]), rel=1e-12)
    assert check_scoring(clf)(clf, X[1000:], y[1000:]) == acc
    assert -get_scorer("neg_log_loss")(clf, X[1000:], y[1000:]) > 0


def test_names_and_repr(sk):
    names = get_scorer_names()
    assert set(names) <= set(sk.get_scorer_names())
    for name in CLF_BINARY + CLF_MULTI + REG + CLU:
        assert name in names
        assert repr(get_scorer(name)) == repr(sk.get_scorer(name))
    assert get_scorer("accuracy") is not get_scorer("accuracy")
    with pytest.raises(ValueError, match="'bogus' is not a valid scoring value"):
        get_scorer("bogus")


def test_make_scorer_response_methods(sk, fitted):
    clf, X, yb = fitted["clf_binary"], fitted["X"][1000:], fitted["yb"][1000:]
    scorer = make_scorer(log_loss, response_method="predict_proba", greater_is_better=False)
    ref = sk.make_scorer(sk.log_loss, response_method="predict_proba", greater_is_better=False)
    assert scorer(clf, X, yb) == pytest.approx(ref(clf, X, yb), rel=1e-12)
    assert repr(scorer) == repr(ref).replace("sklearn", "aiguille")
    ranked = make_scorer(sk.roc_auc_score, response_method=["decision_function", "predict_proba"])
    assert ranked(clf, X, yb) == pytest.approx(sk.roc_auc_score(yb, clf.decision_function(X)))
    with pytest.raises(AttributeError, match="has none of the following attributes"):
        make_scorer(f1_score, response_method="predict_proba")(fitted["reg"], X, yb)


def test_check_scoring(fitted):
    reg = fitted["reg"]
    assert repr(check_scoring(reg)) == "Ridge.score"
    assert check_scoring(reg, "r2")(reg, fitted["X"], fitted["y"]) == pytest.approx(
        reg.score(fitted["X"], fitted["y"])
    )

    def my_scorer(est, X, y):
        return 1.0

    assert check_scoring(reg, my_scorer) is my_scorer
    with pytest.raises(ValueError, match="looks like it is a metric function"):
        check_scoring(reg, f1_score)
    with pytest.raises(TypeError, match="should have a 'score' method"):
        check_scoring(object())
    assert check_scoring(object(), allow_none=True) is None


def test_multimetric(sk, fitted):
    clf, X, y = fitted["clf_multi"], fitted["X"][1000:], fitted["y"][1000:]
    scorers = _check_multimetric_scoring(clf, ["accuracy", "neg_log_loss", "roc_auc_ovr"])
    assert list(scorers) == ["accuracy", "neg_log_loss", "roc_auc_ovr"]
    multi = check_scoring(clf, ("accuracy", "f1_macro", "neg_log_loss", "roc_auc_ovr"))
    assert isinstance(multi, _MultimetricScorer)
    scores = multi(clf, X, y)
    for name, value in scores.items():
        assert value == pytest.approx(sk.get_scorer(name)(clf, X, y), rel=1e-12)
    as_dict = check_scoring(
        clf, {"acc": "accuracy", "ll": make_scorer(log_loss, response_method="predict_proba")}
    )
    assert set(as_dict(clf, X, y)) == {"acc", "ll"}
    for bad, msg in [
        ([], "Empty list was given"),
        (["accuracy", "accuracy"], "Duplicate elements"),
        ([f1_score], "were callables"),
        ([1], "Non-string types"),
        ({}, "An empty dict was passed"),
        ({1: "accuracy"}, "Non-string types were found in the keys"),
    ]:
        with pytest.raises(ValueError, match=msg):
            _check_multimetric_scoring(clf, bad)


def test_multimetric_calls_each_method_once(fitted):
    from sklearn.linear_model import LogisticRegression

    calls = {"predict": 0, "predict_proba": 0, "decision_function": 0}

    class Counting(LogisticRegression):
        def predict(self, X):
            calls["predict"] += 1
            return super().predict(X)

        def predict_proba(self, X):
            calls["predict_proba"] += 1
            return super().predict_proba(X)

        def decision_function(self, X):
            calls["decision_function"] += 1
            return super().decision_function(X)

    X, y = fitted["X"], fitted["y"]
    clf = Counting(max_iter=50).fit(X[:500], y[:500])
    calls.update(predict=0, predict_proba=0, decision_function=0)
    multi = check_scoring(clf, ["accuracy", "f1_macro", "neg_log_loss", "roc_auc_ovr"])
    multi(clf, X[500:], y[500:])
    assert calls["predict_proba"] == 1
    assert calls["predict"] <= 1 + 0  # LogisticRegression.predict may not call predict_proba
    errors = check_scoring(clf, ["accuracy", "roc_auc"], raise_exc=False)(clf, X[500:], y[500:])
    assert isinstance(errors["roc_auc"], str) and "Traceback" in errors["roc_auc"]


def test_scorers_in_sklearn_cross_validate(fitted):
    require("sklearn")
    from sklearn.model_selection import cross_validate

    clf, X, y = fitted["clf_multi"], fitted["X"][:600], fitted["y"][:600]
    res = cross_validate(clf, X, y, cv=2, scoring={"acc": get_scorer("accuracy")})
    assert res["test_acc"].shape == (2,)
