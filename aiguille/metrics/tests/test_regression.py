"""Regression metrics against scikit-learn's on digits features and a noisy generated set."""

import numpy as np
import pytest

import aiguille.metrics as M
from aiguille.exceptions import UndefinedMetricWarning
from aiguille.utils._testing import require

from ._helpers import assert_same, both

NAMES = [
    "r2_score",
    "mean_squared_error",
    "root_mean_squared_error",
    "mean_absolute_error",
    "median_absolute_error",
    "explained_variance_score",
    "mean_absolute_percentage_error",
    "mean_squared_log_error",
    "root_mean_squared_log_error",
]


@pytest.fixture(scope="module")
def S():
    return require("sklearn.metrics")


@pytest.fixture(scope="module", params=["digits", "noisy"])
def reg_data(request, digits):
    if request.param == "digits":
        X, _ = digits
        y = X[:, [20, 28, 36]]  # pixel intensities as three targets
        rng = np.random.RandomState(0)
        p = y + rng.randn(*y.shape) * 2.0
    else:
        rng = np.random.RandomState(1)
        y = rng.standard_t(3, size=(400, 3)) * 10
        p = y * 0.8 + rng.randn(400, 3) * 5
    sw = np.random.RandomState(2).rand(y.shape[0])
    # positive targets, so that the logarithmic errors are defined too
    shift = 1 - min(y.min(), p.min())
    return y + shift, p + shift, sw


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(
    "multioutput", ["uniform_average", "raw_values", "variance_weighted", [0.2, 0.5, 0.3]]
)
@pytest.mark.parametrize("weighted", [False, True])
def test_matches_sklearn(S, reg_data, name, multioutput, weighted):
    y, p, sw = reg_data
    if multioutput == "variance_weighted" and name not in ("r2_score", "explained_variance_score"):
        return  # variance_weighted exists only for r2 and explained variance
    kw = {"sample_weight": sw} if weighted else {}
    ours, ref, _, _ = both(getattr(M, name), getattr(S, name), y, p, multioutput=multioutput, **kw)
    assert_same(ours, ref, rtol=1e-12, what=name)
    # single output
    ours, ref, _, _ = both(getattr(M, name), getattr(S, name), y[:, 0], p[:, 0], **kw)
    assert_same(ours, ref, rtol=1e-12, what=name)


@pytest.mark.parametrize("name", NAMES)
def test_float32_and_lists(S, name):
    y = [3.0, -0.5, 2.0, 7.0, 1.0]
    p = [2.5, 0.0, 2.0, 8.0, 1.5]
    assert_same(getattr(M, name)(y, p), getattr(S, name)(y, p))
    y32, p32 = np.asarray(y, np.float32), np.asarray(p, np.float32)
    ours = getattr(M, name)(y32, p32, multioutput="raw_values")
    ref = getattr(S, name)(y32, p32, multioutput="raw_values")
    assert ours.dtype == ref.dtype
    assert_same(ours, ref, rtol=1e-6)


def test_weighted_median_ties(S):
    y = np.array([1.0, 2.0, 3.0, 4.0])
    p = np.zeros(4)
    for sw in ([1, 1, 1, 1], [0, 1, 1, 0], [1, 0, 0, 1], [3, 1, 1, 1]):
        assert_same(
            M.median_absolute_error(y, p, sample_weight=sw),
            S.median_absolute_error(y, p, sample_weight=sw),
        )


def test_edge_cases(S):
    const = np.ones(5)
    for force_finite in (True, False):
        for name in ("r2_score", "explained_variance_score"):
            for p in (const, const + np.arange(5)):
                ours, ref, _, _ = both(
                    getattr(M, name), getattr(S, name), const, p, force_finite=force_finite
                )
                assert_same(ours, ref, what=name)
    with pytest.warns(UndefinedMetricWarning, match="less than two samples"):
        assert np.isnan(M.r2_score([1.0], [2.0]))
    # MAPE with zeros in y_true uses machine epsilon
    assert_same(
        M.mean_absolute_percentage_error([0.0, 1.0], [1.0, 1.0]),
        S.mean_absolute_percentage_error([0.0, 1.0], [1.0, 1.0]),
    )


def test_bad_inputs():
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        M.mean_squared_error([1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match="different number of output"):
        M.r2_score(np.ones((3, 2)), np.ones((3, 3)))
    with pytest.raises(ValueError, match="Custom weights are useful only in multi-output"):
        M.mean_absolute_error([1, 2], [1, 2], multioutput=[1.0])
    with pytest.raises(ValueError, match="equally many custom weights"):
        M.mean_absolute_error(np.ones((3, 2)), np.ones((3, 2)), multioutput=[1.0, 2, 3])
    with pytest.raises(ValueError, match="'multioutput' parameter of mean_squared_error"):
        M.mean_squared_error([1, 2], [1, 2], multioutput="bogus")
    with pytest.raises(ValueError, match="Input contains NaN"):
        M.mean_squared_error([1, np.nan], [1, 2])


def test_max_error_and_log_errors(S, reg_data):
    y, p, _ = reg_data
    assert_same(M.max_error(y[:, 0], p[:, 0]), S.max_error(y[:, 0], p[:, 0]))
    with pytest.raises(ValueError, match="Multioutput not supported in max_error"):
        M.max_error(y, p)
    with pytest.raises(ValueError, match="Mean Squared Logarithmic Error cannot be used"):
        M.mean_squared_log_error([-1.0, 2.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="Root Mean Squared Logarithmic Error cannot be used"):
        M.root_mean_squared_log_error([1.0, 2.0], [-3.0, 2.0])
