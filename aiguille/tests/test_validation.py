import warnings

import numpy as np
import pytest

from aiguille.utils import validation
from aiguille.utils.validation import check_array


@pytest.fixture(params=[False, True], ids=["one-thread", "threaded"])
def threaded_sum(request, monkeypatch):
    if request.param:
        monkeypatch.setattr(validation, "_THREADED_SUM_MIN", 0)
        monkeypatch.setattr(
            validation.os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False
        )
    return request.param


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("where", [0, 37, -1])
def test_finite_check_finds_nan_and_inf_anywhere(threaded_sum, order, where):
    # the finiteness sum split between threads sees every part of X
    X = np.asarray(np.random.RandomState(0).randn(20, 7), order=order)
    for bad, word in [(np.nan, "NaN"), (np.inf, "infinity")]:
        Y = X.copy(order=order)
        Y.ravel(order="K")[where] = bad  # a view: Y is contiguous
        with pytest.raises(ValueError, match=word):
            check_array(Y)
    assert check_array(X) is not None


def test_finite_check_huge_finite_values(threaded_sum):
    # a sum that overflows is not an error, and warns nothing
    X = np.full((30, 4), np.finfo(np.float64).max)
    X[::2] *= -1
    X[:3] = np.finfo(np.float64).max
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(check_array(X), X)


def test_threaded_sum_equals_numpy(monkeypatch):
    monkeypatch.setattr(validation, "_THREADED_SUM_MIN", 0)
    monkeypatch.setattr(
        validation.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False
    )
    X = np.random.RandomState(1).randn(101, 13)
    assert validation._finite_sum(X) == pytest.approx(np.sum(X), rel=1e-12)
    assert validation._finite_sum(np.asfortranarray(X)) == pytest.approx(np.sum(X), rel=1e-12)
    # a strided view is summed by numpy in one call
    assert validation._finite_sum(X[:, ::2]) == np.sum(X[:, ::2])
