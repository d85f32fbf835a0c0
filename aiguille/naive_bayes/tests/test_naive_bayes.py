"""Naive Bayes classifiers vs scikit-learn; partial_fit over chunks equals one fit."""

import pickle

import numpy as np
import pytest

from aiguille.datasets import load_digits
from aiguille.naive_bayes import (
    BernoulliNB,
    CategoricalNB,
    ComplementNB,
    GaussianNB,
    MultinomialNB,
)
from aiguille.utils._testing import require

DISCRETE = {
    "MultinomialNB": MultinomialNB,
    "ComplementNB": ComplementNB,
    "BernoulliNB": BernoulliNB,
    "CategoricalNB": CategoricalNB,
}


def _rel(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-300)


def _noisy(seed=0):
    rng = np.random.RandomState(seed)
    y = rng.randint(0, 4, 600)
    X = rng.standard_t(4, size=(600, 7)) * (1 + y[:, None]) + 3 * y[:, None] + 10
    return X, y, rng.uniform(0.1, 2.0, 600)


def _counts(seed=0):
    rng = np.random.RandomState(seed)
    y = rng.randint(0, 4, 600)
    X = rng.poisson(1 + y[:, None] * np.linspace(0.2, 2, 25))
    return X, y, rng.uniform(0.1, 2.0, 600)


@pytest.mark.parametrize("data", ["digits", "noisy"])
def test_gaussian_nb_matches_sklearn(data):
    sk = require("sklearn.naive_bayes")
    if data == "digits":
        X, y = load_digits(return_X_y=True)
        sw = np.random.RandomState(0).uniform(0.5, 2, len(y))
    else:
        X, y, sw = _noisy()
    for weights in (None, sw):
        ours = GaussianNB().fit(X, y, sample_weight=weights)
        ref = sk.GaussianNB().fit(X, y, sample_weight=weights)
        for attr in ("theta_", "var_", "class_count_", "class_prior_", "epsilon_"):
            assert _rel(getattr(ours, attr), getattr(ref, attr)) < 1e-10, attr
        assert _rel(ours.predict_joint_log_proba(X), ref.predict_joint_log_proba(X)) < 1e-9
        np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-9)
        np.testing.assert_array_equal(ours.predict(X), ref.predict(X))
    ours = GaussianNB(priors=[0.1, 0.2, 0.3, 0.4]).fit(*_noisy()[:2])
    np.testing.assert_array_equal(ours.class_prior_, [0.1, 0.2, 0.3, 0.4])


def test_gaussian_nb_partial_fit_equals_fit():
    sk = require("sklearn.naive_bayes")
    X, y, sw = _noisy()
    for weights in (None, sw):
        full = GaussianNB().fit(X, y, sample_weight=weights)
        inc = GaussianNB()
        ref = sk.GaussianNB()
        for chunk in np.array_split(np.arange(len(y)), 7):
            w = None if weights is None else weights[chunk]
            inc.partial_fit(X[chunk], y[chunk], classes=[0, 1, 2, 3], sample_weight=w)
            ref.partial_fit(X[chunk], y[chunk], classes=[0, 1, 2, 3], sample_weight=w)
        assert _rel(inc.theta_, full.theta_) < 1e-12
        assert _rel(inc.class_count_, full.class_count_) < 1e-12
        # var_ includes epsilon_ (var_smoothing times the largest variance of the latest
        # batch); without it the incremental variances equal the one-shot ones.
        assert _rel(inc.var_ - inc.epsilon_, full.var_ - full.epsilon_) < 1e-12
        # scikit-learn removes the latest batch's epsilon instead of the previous one: the
        # difference is of the order of var_smoothing.
        assert _rel(inc.var_, ref.var_) < 1e-8
        assert _rel(inc.theta_, ref.theta_) < 1e-12


@pytest.mark.parametrize("name", list(DISCRETE))
def test_discrete_nb_matches_sklearn(name):
    sk = require("sklearn.naive_bayes")
    X, y, sw = _counts()
    if name == "CategoricalNB":
        X = np.minimum(X, 6)
    for weights in (None, sw):
        ours = DISCRETE[name]().fit(X, y, sample_weight=weights)
        ref = getattr(sk, name)().fit(X, y, sample_weight=weights)
        np.testing.assert_allclose(ours.class_count_, ref.class_count_, rtol=1e-12)
        if name == "CategoricalNB":
            for a, b in zip(ours.feature_log_prob_, ref.feature_log_prob_):
                np.testing.assert_allclose(a, b, rtol=1e-12)
        else:
            np.testing.assert_allclose(ours.feature_count_, ref.feature_count_, rtol=1e-12)
            np.testing.assert_allclose(ours.feature_log_prob_, ref.feature_log_prob_, rtol=1e-12)
        np.testing.assert_allclose(ours.class_log_prior_, ref.class_log_prior_, rtol=1e-12)
        np.testing.assert_allclose(
            ours.predict_log_proba(X), ref.predict_log_proba(X), rtol=1e-9, atol=1e-12
        )
        np.testing.assert_array_equal(ours.predict(X), ref.predict(X))


def test_discrete_nb_digits_and_options():
    sk = require("sklearn.naive_bayes")
    X, y = load_digits(return_X_y=True)
    for ours, ref in (
        (MultinomialNB(alpha=0.5), sk.MultinomialNB(alpha=0.5)),
        (ComplementNB(norm=True), sk.ComplementNB(norm=True)),
        (BernoulliNB(binarize=4.0), sk.BernoulliNB(binarize=4.0)),
        (MultinomialNB(fit_prior=False), sk.MultinomialNB(fit_prior=False)),
        (BernoulliNB(class_prior=[0.1] * 10), sk.BernoulliNB(class_prior=[0.1] * 10)),
    ):
        ours.fit(X, y)
        ref.fit(X, y)
        np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-10)
        np.testing.assert_array_equal(ours.predict(X), ref.predict(X))


@pytest.mark.parametrize("name", list(DISCRETE))
def test_discrete_partial_fit_equals_fit_and_sparse_equals_dense(name):
    sp = pytest.importorskip("scipy.sparse")
    X, y, sw = _counts()
    if name == "CategoricalNB":
        X = np.minimum(X, 6)
    full = DISCRETE[name]().fit(X, y, sample_weight=sw)
    inc = DISCRETE[name]()
    for chunk in np.array_split(np.arange(len(y)), 5):
        inc.partial_fit(X[chunk], y[chunk], classes=[0, 1, 2, 3], sample_weight=sw[chunk])
    np.testing.assert_allclose(inc.class_count_, full.class_count_, rtol=1e-12)
    np.testing.assert_allclose(
        inc.predict_log_proba(X), full.predict_log_proba(X), rtol=1e-12, atol=1e-12
    )
    if name != "CategoricalNB":
        sparse = DISCRETE[name]().fit(sp.csr_matrix(X), y, sample_weight=sw)
        np.testing.assert_allclose(sparse.feature_log_prob_, full.feature_log_prob_, rtol=1e-12)
        np.testing.assert_allclose(
            sparse.predict_proba(sp.csr_matrix(X)), full.predict_proba(X), rtol=1e-10, atol=1e-12
        )


@pytest.mark.parametrize(
    "est", [GaussianNB(), MultinomialNB(), BernoulliNB(), ComplementNB(), CategoricalNB()]
)
def test_partial_fit_bad_input_leaves_model_unchanged(est):
    X, y, _ = _counts()
    est.partial_fit(X, y, classes=[0, 1, 2, 3])
    before = pickle.dumps(est)
    with pytest.raises(ValueError, match="do not exist in the initial classes"):
        est.partial_fit(X, np.where(y == 0, 7, y))
    with pytest.raises(ValueError, match="features"):
        est.partial_fit(X[:, :5], y)
    with pytest.raises(ValueError, match="is not the same as on last call"):
        est.partial_fit(X, y, classes=[0, 1])
    assert pickle.dumps(est) == before
    with pytest.raises(ValueError, match="classes must be passed on the first call"):
        type(est)().partial_fit(X, y)


def test_negative_counts_rejected():
    X, y, _ = _counts()
    with pytest.raises(ValueError, match="Negative values in data passed to MultinomialNB"):
        MultinomialNB().fit(X - 5, y)


def _many_counts(n=3000, seed=3):
    rng = np.random.RandomState(seed)
    y = rng.randint(0, 5, n)
    X = rng.poisson(0.5 + y[:, None] * np.linspace(0.1, 1.5, 30))
    return X, y, rng.uniform(0.1, 2.0, n)


@pytest.mark.parametrize("name", ["MultinomialNB", "ComplementNB"])
@pytest.mark.parametrize("dtype", [np.int64, np.float64, np.float32])
def test_fused_counts_on_threads_equal_sklearn_and_the_product(monkeypatch, name, dtype):
    # large dense X: one numba pass (three threads here) sums the features per class and
    # finds the smallest entry; the same counts as the one-hot product and scikit-learn
    sk = require("sklearn.naive_bayes")
    from aiguille.naive_bayes import _discrete

    monkeypatch.setattr(_discrete, "blas_threads", lambda: 3)
    X, y, sw = _many_counts()
    X = X.astype(dtype)
    assert DISCRETE[name]()._fuses(X)
    for weights in (None, sw):
        ours = DISCRETE[name]().fit(X, y, sample_weight=weights)
        ref = getattr(sk, name)().fit(X, y, sample_weight=weights)
        np.testing.assert_allclose(ours.feature_count_, ref.feature_count_, rtol=1e-12)
        np.testing.assert_allclose(ours.class_count_, ref.class_count_, rtol=1e-12)
        np.testing.assert_allclose(ours.feature_log_prob_, ref.feature_log_prob_, rtol=1e-12)
        with monkeypatch.context() as m:
            m.setattr(_discrete, "_FUSED_MIN_SIZE", np.inf)
            assert not DISCRETE[name]()._fuses(X)
            plain = DISCRETE[name]().fit(X, y, sample_weight=weights)
        np.testing.assert_allclose(ours.feature_count_, plain.feature_count_, rtol=1e-12)
        inc = DISCRETE[name]()
        for chunk in np.array_split(np.arange(len(y)), 2):  # 1500 x 30 rows: still fused
            inc.partial_fit(
                X[chunk],
                y[chunk],
                classes=np.arange(5),
                sample_weight=(None if weights is None else weights[chunk]),
            )
        np.testing.assert_allclose(inc.feature_count_, ours.feature_count_, rtol=1e-12)


@pytest.mark.parametrize("name", ["MultinomialNB", "ComplementNB"])
def test_fused_counts_bad_input_raises_and_leaves_model_unchanged(name):
    X, y, _ = _many_counts()
    X = X.astype(np.float64)
    est = DISCRETE[name]().fit(X, y)
    before = pickle.dumps(est)
    for value, match in (
        (np.nan, "Input X contains NaN"),
        (np.inf, "Input X contains infinity"),
        (-1.0, f"Negative values in data passed to {name}"),
    ):
        bad = X.copy()
        bad[1234, 7] = value
        with pytest.raises(ValueError, match=match):
            est.partial_fit(bad, y)
        with pytest.raises(ValueError, match=match):
            DISCRETE[name]().fit(bad, y)
    assert pickle.dumps(est) == before
    # huge finite counts whose sums overflow are still accepted, as by the plain check
    big = X * 1e306
    with np.errstate(all="ignore"):  # the overflowing sums make the log-probabilities NaN
        DISCRETE[name]().fit(big, y)
