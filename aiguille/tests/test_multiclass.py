"""``type_of_target`` and the label helpers against scikit-learn's."""

import numpy as np
import pytest

from aiguille.utils._testing import require
from aiguille.utils.multiclass import _unique_sorted, type_of_target, unique_labels

rng = np.random.default_rng(0)
TARGETS = {
    "binary_int": rng.integers(0, 2, 10_000),
    "binary_negative": rng.integers(-1, 1, 10_000) * 2 + 1,
    "multiclass_int32": rng.integers(0, 7, 10_000).astype(np.int32),
    "multiclass_uint8": rng.integers(3, 9, 10_000).astype(np.uint8),
    "wide_range": rng.integers(0, 10**12, 10_000),
    "single_class": np.full(5000, 4),
    "small": np.array([3, 1, 2, 3]),
    "float_labels": rng.integers(0, 3, 100).astype(float),
    "continuous": rng.standard_normal(100),
    "strings": np.array(["b", "a", "c", "a"]),
    "multilabel": rng.integers(0, 2, (50, 3)),
    "multiclass_multioutput": rng.integers(0, 4, (50, 2)),
}


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_type_of_target_matches_sklearn(name):
    sk = require("sklearn.utils.multiclass")
    y = TARGETS[name]
    assert type_of_target(y) == sk.type_of_target(y)
    if type_of_target(y) in ("binary", "multiclass"):
        np.testing.assert_array_equal(unique_labels(y), sk.unique_labels(y))


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_unique_sorted_is_np_unique(name):
    y = np.ravel(TARGETS[name])
    got, want = _unique_sorted(y), np.unique(y)
    assert got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)
