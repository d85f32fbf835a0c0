"""PolynomialFeatures against scikit-learn (values, powers_, names; dense and sparse)."""

import pytest
from numpy.testing import assert_allclose, assert_array_equal

from aiguille.datasets import load_digits
from aiguille.preprocessing import PolynomialFeatures
from aiguille.utils._testing import require


@pytest.mark.parametrize(
    "params",
    [{}, {"degree": 3}, {"interaction_only": True, "include_bias": False}, {"degree": (2, 3)}],
)
def test_polynomial_matches_sklearn(params):
    sk = require("sklearn.preprocessing")
    sp = require("scipy.sparse")
    X = load_digits().data[:200, 20:26]
    ours = PolynomialFeatures(**params).fit(X)
    ref = sk.PolynomialFeatures(**params).fit(X)
    assert ours.n_output_features_ == ref.n_output_features_
    assert_array_equal(ours.powers_, ref.powers_)
    assert_array_equal(ours.get_feature_names_out(), ref.get_feature_names_out())
    assert_allclose(ours.transform(X), ref.transform(X), rtol=1e-12)
    Xs = sp.csr_matrix(X)
    a, b = ours.transform(Xs), ref.transform(Xs)
    assert a.format == b.format
    assert_allclose(a.toarray(), b.toarray(), rtol=1e-12)
    with pytest.raises(ValueError, match="empty output array"):
        PolynomialFeatures(0, include_bias=False).fit(X)
