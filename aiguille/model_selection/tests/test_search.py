"""GridSearchCV / RandomizedSearchCV give scikit-learn's cv_results_ with the same estimator."""

import pickle
import warnings

import numpy as np
import pytest

from aiguille import model_selection as ms
from aiguille.datasets import load_digits
from aiguille.exceptions import FitFailedWarning
from aiguille.utils._testing import require

TIME_KEYS = ("mean_fit_time", "std_fit_time", "mean_score_time", "std_score_time")


def _digits(n=500):
    X, y = load_digits(return_X_y=True)
    return X[:n], y[:n]


def _noisy(n=120, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n, 4))
    y = (X[:, 0] + 0.8 * rng.normal(size=n) > 0).astype(int)
    return X, y


def assert_cv_results_equal(ours, theirs):
    assert sorted(ours) == sorted(theirs)
    for key, ref in theirs.items():
        val = ours[key]
        if key in TIME_KEYS:
            assert val.shape == ref.shape
        elif key == "params":
            assert val == ref
        elif key.startswith("param_"):
            assert isinstance(val, np.ma.MaskedArray)
            assert val.dtype == ref.dtype, key
            np.testing.assert_array_equal(val.mask, ref.mask)
            assert list(val.compressed()) == list(ref.compressed())
        elif key.startswith("rank_"):
            assert val.dtype == ref.dtype == np.int32
            np.testing.assert_array_equal(val, ref)
        else:
            np.testing.assert_allclose(val, ref, rtol=1e-12, atol=0, err_msg=key)


def _compare_searches(ours, theirs, X, y, **fit_params):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours.fit(X, y, **fit_params)
        theirs.fit(X, y, **fit_params)
    assert_cv_results_equal(ours.cv_results_, theirs.cv_results_)
    for attr in ("best_params_", "best_index_", "best_score_", "n_splits_", "multimetric_"):
        if hasattr(theirs, attr):
            assert getattr(ours, attr) == getattr(theirs, attr), attr
        else:
            assert not hasattr(ours, attr), attr
    return ours, theirs


def test_grid_search_matches_sklearn_digits():
    skms = require("sklearn.model_selection")
    from sklearn.tree import DecisionTreeClassifier

    X, y = _digits(300)
    grid = [{"max_depth": [3, 8], "criterion": ["gini", "entropy"]}, {"min_samples_leaf": [5]}]
    kw = dict(cv=3, return_train_score=True)
    ours, theirs = _compare_searches(
        ms.GridSearchCV(DecisionTreeClassifier(random_state=0), grid, **kw),
        skms.GridSearchCV(DecisionTreeClassifier(random_state=0), grid, **kw),
        X,
        y,
    )
    assert ours.cv_results_["param_min_samples_leaf"].mask.sum() == 4  # not in that sub-grid
    np.testing.assert_array_equal(ours.predict(X[:50]), theirs.predict(X[:50]))
    np.testing.assert_allclose(ours.predict_proba(X[:50]), theirs.predict_proba(X[:50]))
    np.testing.assert_array_equal(ours.classes_, theirs.classes_)
    assert ours.n_features_in_ == 64
    assert ours.score(X, y) == theirs.score(X, y)
    assert ours.refit_time_ >= 0
    assert type(ours.best_estimator_) is DecisionTreeClassifier


def test_multimetric_refit_and_errors():
    skms = require("sklearn.model_selection")
    from sklearn.linear_model import LogisticRegression

    X, y = _noisy(80)
    grid = {"C": [0.01, 1.0, 10.0]}
    scoring = {"acc": "accuracy", "auc": "roc_auc", "nll": "neg_log_loss"}
    for refit in ("auc", lambda r: int(np.argmax(r["mean_test_nll"]))):
        kw = dict(scoring=scoring, refit=refit, cv=3, return_train_score=True)
        ours, theirs = _compare_searches(
            ms.GridSearchCV(LogisticRegression(), grid, **kw),
            skms.GridSearchCV(LogisticRegression(), grid, **kw),
            X,
            y,
        )
        assert ours.multimetric_ and sorted(ours.scorer_) == ["acc", "auc", "nll"]
        if refit == "auc":
            assert ours.score(X, y) == pytest.approx(theirs.score(X, y), rel=1e-12)
            np.testing.assert_allclose(ours.decision_function(X), theirs.decision_function(X))
            reference = ours.cv_results_
    no_refit = ms.GridSearchCV(LogisticRegression(), grid, scoring=scoring, refit=False, cv=3)
    no_refit.fit(X, y)
    expected = {k: v for k, v in reference.items() if "train" not in k}
    assert_cv_results_equal(no_refit.cv_results_, expected)
    assert not hasattr(no_refit, "best_index_") and not hasattr(no_refit, "predict")
    with pytest.raises(AttributeError, match="has no attribute .predict."):
        no_refit.predict(X)
    with pytest.raises(ValueError, match="For multi-metric scoring, the parameter refit must"):
        ms.GridSearchCV(LogisticRegression(), grid, scoring=scoring).fit(X, y)
    with pytest.raises(IndexError, match="best_index_ index out of range"):
        ms.GridSearchCV(LogisticRegression(), {"C": [1.0]}, cv=2, refit=lambda r: 10).fit(X, y)


def test_randomized_search_matches_sklearn_with_scipy_distributions():
    skms = require("sklearn.model_selection")
    stats = require("scipy.stats")
    from sklearn.linear_model import LogisticRegression

    X, y = _noisy(150, seed=3)
    dists = {"C": stats.loguniform(1e-3, 1e2), "fit_intercept": [True, False]}
    kw = dict(n_iter=6, cv=3, random_state=0, scoring="neg_log_loss")
    ours, _ = _compare_searches(
        ms.RandomizedSearchCV(LogisticRegression(), dists, **kw),
        skms.RandomizedSearchCV(LogisticRegression(), dists, **kw),
        X,
        y,
    )
    assert len(ours.cv_results_["params"]) == 6


def test_parameter_grid_and_sampler_match_sklearn():
    skms = require("sklearn.model_selection")
    stats = require("scipy.stats")
    grid = [{"a": [1, 2, 3], "b": ["x", "y"]}, {}, {"c": np.arange(4)}]
    ours, theirs = ms.ParameterGrid(grid), skms.ParameterGrid(grid)
    assert len(ours) == len(theirs) == 11
    assert list(ours) == list(theirs)
    assert [ours[i] for i in range(11)] == [theirs[i] for i in range(11)]
    for dist, n_iter in (
        ({"a": list(range(50)), "b": list(range(40))}, 7),  # tracking selection
        ({"a": list(range(10)), "b": [0, 1]}, 5),  # permutation
        ({"a": list(range(10)), "b": [0, 1]}, 20),  # the whole grid
        ([{"a": stats.uniform(0, 1)}, {"b": [1, 2, 3]}], 6),  # dicts chosen at random
    ):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            a = list(ms.ParameterSampler(dist, n_iter, random_state=4))
            b = list(skms.ParameterSampler(dist, n_iter, random_state=4))
        assert a == b
    with pytest.raises(TypeError, match="Parameter grid for parameter 'a' needs to be a list"):
        ms.ParameterGrid({"a": 1})
    with pytest.raises(ValueError, match="need to be a non-empty sequence"):
        ms.ParameterGrid({"a": []})


def test_search_error_score_and_groups():
    skms = require("sklearn.model_selection")
    from sklearn.linear_model import LogisticRegression

    X, y = _noisy()
    grid = {"C": [1.0, -1.0]}  # C=-1 fails to fit
    with pytest.warns(FitFailedWarning, match="3 fits failed out of a total of 6"):
        search = ms.GridSearchCV(LogisticRegression(), grid, cv=3).fit(X, y)
    assert np.isnan(search.cv_results_["mean_test_score"][1])
    assert search.cv_results_["rank_test_score"].tolist() == [1, 2]
    with pytest.raises(Exception, match="C"):
        ms.GridSearchCV(LogisticRegression(), grid, cv=3, error_score="raise").fit(X, y)
    groups = np.arange(len(y)) % 5
    kw = dict(cv=ms.LeaveOneGroupOut())
    ours = ms.GridSearchCV(LogisticRegression(), {"C": [0.1, 1]}, **kw).fit(X, y, groups=groups)
    theirs = skms.GridSearchCV(LogisticRegression(), {"C": [0.1, 1]}, cv=skms.LeaveOneGroupOut())
    theirs.fit(X, y, groups=groups)
    assert ours.n_splits_ == 5
    assert_cv_results_equal(ours.cv_results_, theirs.cv_results_)


def test_sample_weight_routed_to_fit_and_scorer():
    skms = require("sklearn.model_selection")
    from sklearn.linear_model import Ridge

    rng = np.random.RandomState(2)
    X = rng.normal(size=(80, 3))
    y = X @ [1.0, 2.0, 0.0] + rng.normal(size=80)
    w = rng.uniform(0.1, 2.0, size=80)
    grid = {"alpha": [0.1, 10.0, 100.0]}
    _compare_searches(
        ms.GridSearchCV(Ridge(), grid, cv=4, scoring="r2"),
        skms.GridSearchCV(Ridge(), grid, cv=4, scoring="r2"),
        X,
        y,
        sample_weight=w,
    )


def test_transform_delegation_and_unsupervised():
    require("sklearn")
    from sklearn.decomposition import PCA

    X, _ = _digits(200)
    search = ms.GridSearchCV(PCA(), {"n_components": [2, 5]}, cv=3).fit(X)
    Xt = search.transform(X)
    assert Xt.shape == (200, search.best_params_["n_components"])
    assert search.inverse_transform(Xt).shape == X.shape
    assert not hasattr(search, "predict")


def test_invalid_params_and_not_fitted():
    from aiguille.exceptions import NotFittedError

    X, y = _noisy()
    search = ms.GridSearchCV(_conformance_estimator(), {}, cv=2)
    with pytest.raises(NotFittedError):
        search.predict(X)
    with pytest.raises(ValueError, match="The 'cv' parameter of GridSearchCV must be"):
        ms.GridSearchCV(_conformance_estimator(), {}, cv=1).fit(X, y)
    with pytest.raises(ValueError, match="The 'n_iter' parameter of RandomizedSearchCV"):
        ms.RandomizedSearchCV(_conformance_estimator(), {}, n_iter=0).fit(X, y)


def _conformance_estimator():
    from aiguille.model_selection._search import _conformance_search_args

    return _conformance_search_args()[0]


def _aiguille_classifier():
    """An aiguille classifier and its scikit-learn namesake, with a small grid."""
    import importlib

    for module, name, grid in (
        ("linear_model", "RidgeClassifier", {"alpha": [0.1, 10.0]}),
        ("neighbors", "KNeighborsClassifier", {"n_neighbors": [1, 5]}),
    ):
        try:
            ours = getattr(importlib.import_module(f"aiguille.{module}"), name)
        except (ImportError, AttributeError):
            continue
        theirs = getattr(importlib.import_module(f"sklearn.{module}"), name)
        return ours, theirs, grid
    pytest.skip("no aiguille classifier available yet")


def test_nested_cv_matches_sklearn_digits():
    skms = require("sklearn.model_selection")
    from sklearn.tree import DecisionTreeClassifier

    X, y = _digits(300)
    grid = {"max_depth": [4, 8]}
    est = DecisionTreeClassifier(random_state=0)
    ours = ms.cross_val_score(ms.GridSearchCV(est, grid, cv=3), X, y, cv=ms.StratifiedKFold(5))
    theirs = skms.cross_val_score(
        skms.GridSearchCV(est, grid, cv=3), X, y, cv=skms.StratifiedKFold(5)
    )
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)


def test_nested_cv_with_an_aiguille_estimator_and_inside_sklearn():
    skms = require("sklearn.model_selection")
    ours_cls, theirs_cls, grid = _aiguille_classifier()
    X, y = _digits(300)
    ours = ms.cross_val_score(
        ms.GridSearchCV(ours_cls(), grid, cv=3), X, y, cv=ms.StratifiedKFold(5)
    )
    theirs = skms.cross_val_score(
        skms.GridSearchCV(theirs_cls(), grid, cv=3), X, y, cv=skms.StratifiedKFold(5)
    )
    np.testing.assert_allclose(ours, theirs, atol=1e-9)
    # aiguille's estimator inside scikit-learn's search, and scikit-learn's cross_val_score
    sk_search = skms.GridSearchCV(ours_cls(), grid, cv=3).fit(X, y)
    assert sk_search.best_params_ == ms.GridSearchCV(ours_cls(), grid, cv=3).fit(X, y).best_params_
    np.testing.assert_allclose(
        skms.cross_val_score(ours_cls(), X, y, cv=3),
        skms.cross_val_score(theirs_cls(), X, y, cv=3),
        atol=1e-9,
    )


def test_pickle_and_clone():
    require("sklearn")
    from sklearn.tree import DecisionTreeClassifier

    from aiguille.base import clone

    X, y = _digits(200)
    search = ms.GridSearchCV(DecisionTreeClassifier(), {"max_depth": [2, 4]}, cv=2).fit(X, y)
    again = pickle.loads(pickle.dumps(search))
    np.testing.assert_array_equal(again.predict(X), search.predict(X))
    assert not hasattr(clone(search), "cv_results_")


@pytest.mark.slow
@pytest.mark.timeout(300)
@pytest.mark.parametrize("backend", ["threads", "processes"])
def test_search_n_jobs_invariance(backend):
    require("sklearn")
    from sklearn.linear_model import LogisticRegression

    from aiguille.parallel import parallel_config

    X, y = _noisy(200)
    grid = {"C": [0.01, 0.1, 1.0], "fit_intercept": [True, False]}
    kw = dict(cv=3, scoring=["accuracy", "neg_log_loss"], refit="accuracy")
    ref = ms.GridSearchCV(LogisticRegression(), grid, n_jobs=1, **kw).fit(X, y)
    with parallel_config(backend=backend):
        par = ms.GridSearchCV(LogisticRegression(), grid, n_jobs=2, **kw).fit(X, y)
    for key, val in ref.cv_results_.items():
        if "_test_" in key or key.startswith("split"):
            np.testing.assert_array_equal(val, par.cv_results_[key])
    assert par.best_params_ == ref.best_params_
