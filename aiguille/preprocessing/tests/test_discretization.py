"""KBinsDiscretizer against scikit-learn: bin edges and codes for every strategy."""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from aiguille.datasets import load_digits
from aiguille.preprocessing import KBinsDiscretizer
from aiguille.utils._testing import require


def _dense(x):
    return x.toarray() if hasattr(x, "toarray") else x


@pytest.mark.parametrize(
    "params, weighted",
    [
        ({}, False),
        ({"strategy": "uniform", "encode": "ordinal"}, False),
        ({"strategy": "kmeans", "encode": "onehot-dense"}, False),
        ({"n_bins": 3, "quantile_method": "linear", "encode": "ordinal"}, False),
        ({"subsample": 500, "random_state": 0, "encode": "ordinal"}, False),
        ({"encode": "ordinal"}, True),
        ({"quantile_method": "inverted_cdf", "encode": "ordinal"}, True),
    ],
)
def test_kbins_matches_sklearn(params, weighted):
    sk = require("sklearn.preprocessing")
    X = load_digits().data[:, 10:20]
    w = np.random.RandomState(0).uniform(0, 2, size=len(X)) if weighted else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = KBinsDiscretizer(**params).fit(X, sample_weight=w)
        ref = sk.KBinsDiscretizer(**params).fit(X, sample_weight=w)
    assert_array_equal(ours.n_bins_, ref.n_bins_)
    for a, b in zip(ours.bin_edges_, ref.bin_edges_):
        assert_allclose(a, b, rtol=1e-12)
    assert_array_equal(_dense(ours.transform(X)), _dense(ref.transform(X)))
    assert_array_equal(ours.get_feature_names_out(), ref.get_feature_names_out())
    assert_allclose(
        ours.inverse_transform(ours.transform(X)), ref.inverse_transform(ref.transform(X))
    )
