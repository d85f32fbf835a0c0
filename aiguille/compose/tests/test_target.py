"""TransformedTargetRegressor against scikit-learn's with the same inner regressor."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from aiguille.compose import TransformedTargetRegressor
from aiguille.linear_model import LinearRegression, Ridge
from aiguille.preprocessing import StandardScaler
from aiguille.utils._testing import require


def test_transformed_target_matches_sklearn():
    sk = require("sklearn.compose")
    rng = np.random.RandomState(0)
    X = rng.normal(size=(200, 4))
    y = np.exp(X @ [0.5, -0.2, 0.1, 0.3] + 0.05 * rng.normal(size=200))
    for kw in ({"func": np.log, "inverse_func": np.exp}, {"transformer": StandardScaler()}):
        ours = TransformedTargetRegressor(Ridge(alpha=1.0), **kw).fit(X, y)
        ref = sk.TransformedTargetRegressor(Ridge(alpha=1.0), **kw).fit(X, y)
        assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-10)
        assert_allclose(ours.regressor_.coef_, ref.regressor_.coef_, rtol=1e-10)
    default = TransformedTargetRegressor().fit(X, y)
    assert isinstance(default.regressor_, LinearRegression)
    with pytest.warns(UserWarning, match="not strictly inverse"):
        TransformedTargetRegressor(func=np.log, inverse_func=np.sqrt).fit(X, y)
    with pytest.raises(ValueError, match="cannot both be set"):
        TransformedTargetRegressor(transformer=StandardScaler(), func=np.log).fit(X, y)
