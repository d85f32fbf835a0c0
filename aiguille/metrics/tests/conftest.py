"""Shared data for the metrics tests: digits (real) and a noisy generated set."""

import numpy as np
import pytest

from aiguille.datasets import load_digits


def _perturb(y, rng, rate, n_classes):
    """A prediction: y with a fraction ``rate`` of labels replaced at random."""
    flip = rng.rand(y.shape[0]) < rate
    out = y.copy()
    out[flip] = rng.randint(0, n_classes, flip.sum())
    return out


@pytest.fixture(scope="session")
def digits():
    d = load_digits()
    return d.data, d.target


def _digits_labels():
    d = load_digits()
    rng = np.random.RandomState(0)
    y = d.target
    return y, _perturb(y, rng, 0.3, 10), rng.rand(y.shape[0]) * 2


def _noisy_labels():
    rng = np.random.RandomState(42)
    y = rng.randint(0, 5, 500)
    return y, _perturb(y, rng, 0.6, 5), rng.exponential(size=500)


@pytest.fixture(scope="session", params=["digits", "noisy"])
def multiclass_data(request):
    """(y_true, y_pred, sample_weight) on digits and on a noisy generated set."""
    return _digits_labels() if request.param == "digits" else _noisy_labels()


@pytest.fixture(scope="session", params=["digits", "noisy"])
def binary_data(request):
    """(y_true, y_pred, y_score, sample_weight) for a binary problem."""
    y, p, sw = _digits_labels() if request.param == "digits" else _noisy_labels()
    rng = np.random.RandomState(7)
    yb = (y % 2).astype(int)
    pb = (p % 2).astype(int)
    score = yb + rng.randn(yb.shape[0]) * 0.8
    score[:20] = np.round(score[:20], 1)  # ties
    return yb, pb, score, sw


@pytest.fixture(scope="session", params=["digits", "noisy"])
def proba_data(request):
    """(y_true, probabilities of shape (n, k), sample_weight)."""
    y, _, sw = _digits_labels() if request.param == "digits" else _noisy_labels()
    k = int(y.max()) + 1
    rng = np.random.RandomState(3)
    logits = rng.randn(y.shape[0], k)
    logits[np.arange(y.shape[0]), y] += 1.5
    proba = np.exp(logits)
    proba /= proba.sum(axis=1, keepdims=True)
    return y, proba, sw
