"""Perceptron and the (deprecated) passive-aggressive models against scikit-learn."""

import warnings

import numpy as np
import pytest

import aiguille.linear_model as ours
from aiguille.utils._testing import require


def _data(seed=0, n=240, d=5):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, d)
    y_multi = np.argmax(X[:, :3] + 0.5 * rng.randn(n, 3), axis=1)
    y_reg = X @ rng.randn(d) + 0.1 * rng.randn(n)
    return X, y_multi, y_reg


@pytest.mark.parametrize(
    "name,kw,target",
    [
        ("Perceptron", {}, "clf"),
        ("Perceptron", {"penalty": "l2", "alpha": 0.01, "shuffle": False}, "clf"),
        ("PassiveAggressiveClassifier", {"random_state": 0}, "clf"),
        (
            "PassiveAggressiveClassifier",
            {"loss": "squared_hinge", "C": 0.1, "average": True, "random_state": 0},
            "clf",
        ),  # fmt: skip
        ("PassiveAggressiveRegressor", {"random_state": 0}, "reg"),
        (
            "PassiveAggressiveRegressor",
            {"loss": "squared_epsilon_insensitive", "random_state": 0},
            "reg",
        ),  # fmt: skip
    ],
)
def test_matches_sklearn(name, kw, target):
    sk = require("sklearn.linear_model")
    X, y_multi, y_reg = _data()
    y = y_multi if target == "clf" else y_reg
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = getattr(ours, name)(**kw).fit(X, y)
        b = getattr(sk, name)(**kw).fit(X, y)
    np.testing.assert_allclose(a.coef_, b.coef_, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(a.intercept_, b.intercept_, rtol=1e-9, atol=1e-12)
    assert a.n_iter_ == b.n_iter_


def test_passive_aggressive_is_deprecated():
    with pytest.warns(FutureWarning, match="deprecated in version 1.8"):
        ours.PassiveAggressiveClassifier()
    with pytest.warns(FutureWarning, match="deprecated in version 1.8"):
        ours.PassiveAggressiveRegressor()


def test_perceptron_real_dataset():
    from aiguille.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    clf = ours.Perceptron(random_state=0).fit(X, y)
    assert clf.score(X, y) > 0.9
    assert clf.coef_.shape == (10, 64)
