"""cross_validate & co. give scikit-learn's numbers when both wrap the same estimator."""

import warnings

import numpy as np
import pytest

from aiguille import model_selection as ms
from aiguille.datasets import load_digits
from aiguille.exceptions import FitFailedWarning
from aiguille.utils._testing import require


def _digits(n=300):
    X, y = load_digits(return_X_y=True)
    return X[:n], y[:n]


def _noisy(n=120, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n, 4))
    y = (X[:, 0] + 0.8 * rng.normal(size=n) > 0).astype(int)
    return X, y


def _assert_results_equal(ours, theirs):
    assert sorted(ours) == sorted(theirs)
    for key in theirs:
        if key in ("fit_time", "score_time"):
            assert ours[key].shape == theirs[key].shape
        elif key == "estimator":
            assert len(ours[key]) == len(theirs[key])
        elif key == "indices":
            for part in ("train", "test"):
                for a, b in zip(ours[key][part], theirs[key][part], strict=True):
                    np.testing.assert_array_equal(a, b)
        else:
            np.testing.assert_allclose(ours[key], theirs[key], rtol=1e-12, atol=0)


@pytest.mark.parametrize(
    "scoring",
    [None, ["accuracy", "f1_macro"], {"acc": "accuracy", "bal": "balanced_accuracy"}],
    ids=["default", "list", "dict"],
)
def test_cross_validate_matches_sklearn_digits(scoring):
    skms = require("sklearn.model_selection")
    from sklearn.tree import DecisionTreeClassifier

    X, y = _digits()
    kw = dict(scoring=scoring, cv=3, return_train_score=True, return_indices=True)
    est = DecisionTreeClassifier(max_depth=6, random_state=0)
    ours = ms.cross_validate(est, X, y, return_estimator=True, **kw)
    theirs = skms.cross_validate(est, X, y, return_estimator=True, **kw)
    _assert_results_equal(ours, theirs)
    assert all(hasattr(e, "classes_") for e in ours["estimator"])


def test_cross_validate_callable_multimetric_and_noisy_data():
    skms = require("sklearn.model_selection")
    from sklearn.linear_model import LogisticRegression

    def scorer(est, X, y):
        p = est.predict(X)
        return {"acc": float(np.mean(p == y)), "pos_rate": float(np.mean(p))}

    X, y = _noisy()
    ours = ms.cross_validate(LogisticRegression(), X, y, scoring=scorer, cv=5)
    theirs = skms.cross_validate(LogisticRegression(), X, y, scoring=scorer, cv=5)
    _assert_results_equal(ours, theirs)
    np.testing.assert_allclose(
        ms.cross_val_score(LogisticRegression(), X, y, scoring="roc_auc", cv=3),
        skms.cross_val_score(LogisticRegression(), X, y, scoring="roc_auc", cv=3),
        rtol=1e-12,
    )


def test_sample_weight_is_indexed_per_fold_and_groups_reach_the_splitter():
    skms = require("sklearn.model_selection")
    from sklearn.linear_model import Ridge

    rng = np.random.RandomState(1)
    X = rng.normal(size=(90, 3))
    y = X @ [1.0, -2.0, 0.5] + rng.normal(size=90)
    w = rng.uniform(0.1, 3, size=90)
    groups = np.arange(90) % 7
    kw = dict(cv=ms.GroupKFold(3), groups=groups, params={"sample_weight": w})
    ours = ms.cross_validate(Ridge(), X, y, return_indices=True, **kw)
    kw["cv"] = skms.GroupKFold(3)
    theirs = skms.cross_validate(Ridge(), X, y, return_indices=True, **kw)
    _assert_results_equal(ours, theirs)
    unweighted = ms.cross_validate(Ridge(), X, y, cv=ms.GroupKFold(3), groups=groups)
    assert not np.allclose(unweighted["test_score"], ours["test_score"])
    for train, test in zip(ours["indices"]["train"], ours["indices"]["test"], strict=True):
        assert not set(groups[train]) & set(groups[test])


class _FailingClassifier:
    """Fails to fit when the training fold contains sample 0 (or always with fail=True)."""

    def __init__(self, fail=False):
        self.fail = fail

    def get_params(self, deep=True):
        return {"fail": self.fail}

    def set_params(self, **params):
        for k, v in params.items():
            setattr(self, k, v)
        return self

    def fit(self, X, y):
        if self.fail or np.any(np.all(X == self._x0, axis=1)):
            raise ValueError("Failing classifier failed as required")
        self.mean_ = np.mean(y)
        return self

    def predict(self, X):
        return np.full(len(X), int(round(self.mean_)))

    def score(self, X, y):
        return float(np.mean(self.predict(X) == y))


def test_error_score():
    X, y = _noisy(50)
    _FailingClassifier._x0 = X[0]
    with pytest.warns(FitFailedWarning, match=r"4 fits failed out of a total of 5"):
        scores = ms.cross_val_score(_FailingClassifier(), X, y, cv=5)
    assert np.isnan(scores).sum() == 4 and np.isfinite(scores[0])
    with pytest.warns(FitFailedWarning, match="will be set to -1"):
        scores = ms.cross_val_score(_FailingClassifier(), X, y, cv=5, error_score=-1)
    assert (scores == -1).sum() == 4
    with pytest.raises(ValueError, match="Failing classifier failed as required"):
        ms.cross_val_score(_FailingClassifier(), X, y, cv=5, error_score="raise")
    with pytest.raises(ValueError, match="All the 5 fits failed"):
        ms.cross_val_score(_FailingClassifier(fail=True), X, y, cv=5)
    with pytest.raises(ValueError, match="error_score must be the string 'raise'"):
        ms.cross_val_score(_FailingClassifier(), X, y, cv=5, error_score="rais")


@pytest.mark.parametrize("method", ["predict", "predict_proba", "predict_log_proba"])
def test_cross_val_predict_matches_sklearn_with_a_class_missing_from_a_fold(method):
    skms = require("sklearn.model_selection")
    from sklearn.naive_bayes import GaussianNB

    X, y = _digits(200)
    y = y.copy()
    y[:3] = 10  # a rare class: absent from some training folds
    cv = ms.KFold(4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = ms.cross_val_predict(GaussianNB(), X, y, cv=cv, method=method)
        theirs = skms.cross_val_predict(GaussianNB(), X, y, cv=skms.KFold(4), method=method)
    np.testing.assert_allclose(ours, theirs)


def test_cross_val_predict_decision_function_and_errors():
    skms = require("sklearn.model_selection")
    from sklearn.linear_model import LogisticRegression

    X, y = _noisy()
    ours = ms.cross_val_predict(LogisticRegression(), X, y, cv=3, method="decision_function")
    theirs = skms.cross_val_predict(LogisticRegression(), X, y, cv=3, method="decision_function")
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    with pytest.raises(ValueError, match="cross_val_predict only works for partitions"):
        ms.cross_val_predict(LogisticRegression(), X, y, cv=ms.ShuffleSplit(2, random_state=0))


def test_learning_and_validation_curves_match_sklearn():
    skms = require("sklearn.model_selection")
    from sklearn.tree import DecisionTreeClassifier

    X, y = _digits(240)
    kw = dict(train_sizes=[0.3, 1.0], cv=3, shuffle=True, random_state=0, return_times=True)
    est = DecisionTreeClassifier(random_state=0)
    ours = ms.learning_curve(est, X, y, **kw)
    theirs = skms.learning_curve(est, X, y, **kw)
    for a, b in zip(ours[:3], theirs[:3], strict=True):
        np.testing.assert_allclose(a, b)
    assert ours[3].shape == theirs[3].shape == (2, 3)
    kw = dict(param_name="max_depth", param_range=[2, 6], cv=3)
    for a, b in zip(
        ms.validation_curve(est, X, y, **kw),
        skms.validation_curve(est, X, y, **kw),
        strict=True,
    ):
        np.testing.assert_allclose(a, b)


def test_learning_curve_incremental():
    skms = require("sklearn.model_selection")
    from sklearn.naive_bayes import GaussianNB

    X, y = _noisy(150)
    kw = dict(train_sizes=[0.3, 0.7, 1.0], cv=3, exploit_incremental_learning=True)
    for a, b in zip(
        ms.learning_curve(GaussianNB(), X, y, **kw),
        skms.learning_curve(GaussianNB(), X, y, **kw),
        strict=True,
    ):
        np.testing.assert_allclose(a, b)
    with pytest.raises(ValueError, match="must support the partial_fit interface"):
        ms.learning_curve(_FailingClassifier(), X, y, exploit_incremental_learning=True)


def test_permutation_test_score_matches_sklearn():
    skms = require("sklearn.model_selection")
    from sklearn.linear_model import LogisticRegression

    X, y = _noisy(60)
    groups = np.arange(60) % 4
    kw = dict(cv=3, n_permutations=3, random_state=0, groups=groups)
    ours = ms.permutation_test_score(LogisticRegression(), X, y, **kw)
    theirs = skms.permutation_test_score(LogisticRegression(), X, y, **kw)
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, b)


@pytest.mark.slow
@pytest.mark.timeout(300)
@pytest.mark.parametrize("backend", ["threads", "processes"])
def test_n_jobs_invariance(backend):
    require("sklearn")
    from sklearn.linear_model import LogisticRegression

    from aiguille.parallel import parallel_config

    X, y = _digits(200)
    kw = dict(cv=3, scoring=["accuracy", "f1_macro"], return_train_score=True)
    ref = ms.cross_validate(LogisticRegression(max_iter=50), X, y, n_jobs=1, **kw)
    with parallel_config(backend=backend), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        par = ms.cross_validate(LogisticRegression(max_iter=50), X, y, n_jobs=2, **kw)
    for key in ref:
        if key.startswith(("test_", "train_")):
            np.testing.assert_array_equal(ref[key], par[key])


def test_precomputed_kernel_and_dataframe_input():
    skms = require("sklearn.model_selection")
    pd = require("pandas")
    from sklearn.svm import SVC
    from sklearn.tree import DecisionTreeClassifier

    X, y = _noisy(90)
    K = X @ X.T
    np.testing.assert_allclose(
        ms.cross_val_score(SVC(kernel="precomputed"), K, y, cv=3),
        skms.cross_val_score(SVC(kernel="precomputed"), K, y, cv=3),
    )
    df = pd.DataFrame(X, columns=list("abcd"))
    est = DecisionTreeClassifier(max_depth=3, random_state=0)
    res = ms.cross_validate(est, df, pd.Series(y), cv=3, return_estimator=True)
    np.testing.assert_allclose(res["test_score"], skms.cross_val_score(est, df, y, cv=3))
    assert list(res["estimator"][0].feature_names_in_) == list("abcd")


def test_scoring_failure_warns_and_verbose_output(capsys):
    require("sklearn")
    from sklearn.tree import DecisionTreeClassifier

    X, y = _noisy(60)

    def bad_scorer(est, X, y):
        raise RuntimeError("scorer exploded")

    with pytest.warns(UserWarning, match="Scoring failed"):
        scores = ms.cross_val_score(DecisionTreeClassifier(), X, y, cv=3, scoring=bad_scorer)
    assert np.isnan(scores).all()
    with pytest.raises(RuntimeError, match="scorer exploded"):
        ms.cross_val_score(
            DecisionTreeClassifier(), X, y, cv=3, scoring=bad_scorer, error_score="raise"
        )
    ms.cross_validate(DecisionTreeClassifier(), X, y, cv=2, verbose=3)
    out = capsys.readouterr().out
    assert out.count("[CV] END") == 2 and "score=" in out
