"""The conformance suite: run on every public estimator of aiguille.

- our own checks: parameters and clone, the error messages of DESIGN.md convention 2,
  and a fitted model left unchanged by bad input;
- scikit-learn's ``parametrize_with_checks``, where the only failures allowed are those
  scikit-learn expects of its own estimator of the same name;
- no delegation: every estimator fits and predicts with scikit-learn and joblib blocked.
"""

import os
import pickle
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest

from aiguille.base import clone, is_classifier, is_regressor
from aiguille.exceptions import NotFittedError
from aiguille.tests._discovery import all_classes_with_fit, all_estimators, instances
from aiguille.utils._tags import get_tags
from aiguille.utils._testing import require

ESTIMATORS = all_estimators()
INSTANCES = [est for _, cls in ESTIMATORS for est in instances(cls)]


def _id(est):
    return repr(est)


def test_every_public_class_with_fit_is_discovered():
    discovered = {name for name, _ in ESTIMATORS}
    with_fit = {name for name, _ in all_classes_with_fit()}
    missing = with_fit - discovered
    assert not missing, (
        f"public classes with fit that no subpackage exports as an estimator: {missing}"
    )


def _data(est, n_samples=60, n_features=4, seed=0):
    rng = np.random.RandomState(seed)
    tags = get_tags(est)
    y = np.arange(n_samples) % 3
    X = rng.normal(size=(n_samples, n_features)) + y[:, None]
    if tags.input_tags.positive_only:
        X = np.abs(X)
    if is_regressor(est):
        y = X @ rng.normal(size=n_features) + 0.1 * rng.normal(size=n_samples)
    elif not is_classifier(est) and not tags.target_tags.required:
        y = None
    return X, y


def _generic(est):
    tags = get_tags(est)
    return not tags.input_tags.pairwise and tags.input_tags.two_d_array and tags.requires_fit


GENERIC = [est for est in INSTANCES if _generic(est)]


def _fit(est, X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return est.fit(X) if y is None else est.fit(X, y)


def _methods(est):
    return [
        m
        for m in ("predict", "transform", "predict_proba", "decision_function")
        if hasattr(est, m)
    ]


@pytest.mark.parametrize("est", GENERIC, ids=_id)
def test_params_clone_repr(est):
    params = est.get_params()
    cloned = clone(est)
    assert cloned is not est
    assert set(cloned.get_params()) == set(params)
    assert repr(cloned) == repr(est)
    est2 = clone(est).set_params(**est.get_params(deep=False))
    assert repr(est2) == repr(est)


@pytest.mark.parametrize("est", GENERIC, ids=_id)
def test_not_fitted_error(est):
    X, _ = _data(est)
    for method in _methods(est):
        with pytest.raises(
            NotFittedError,
            match=f"This {type(est).__name__} instance is not "
            "fitted yet. Call 'fit' with appropriate arguments",
        ):
            getattr(clone(est), method)(X)


def test_errors_and_warnings_are_scikit_learns_too():
    """scikit-learn's tools catch ours by class (when scikit-learn is loaded)."""
    sk_exceptions = require("sklearn.exceptions")
    from aiguille.exceptions import DataConversionWarning
    from aiguille.neighbors import KNeighborsClassifier
    from aiguille.preprocessing import StandardScaler

    with pytest.raises(sk_exceptions.NotFittedError) as info:
        StandardScaler().transform([[1.0]])
    assert isinstance(info.value, NotFittedError)
    assert type(pickle.loads(pickle.dumps(info.value))) is type(info.value)
    X, y = np.arange(12.0).reshape(6, 2), np.array([0, 1] * 3)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        KNeighborsClassifier(n_neighbors=1).fit(X, y[:, None])
    assert any(issubclass(w.category, sk_exceptions.DataConversionWarning) for w in caught)
    assert any(issubclass(w.category, DataConversionWarning) for w in caught)


@pytest.mark.parametrize("est", GENERIC, ids=_id)
def test_invalid_parameter_message(est):
    constraints = getattr(est, "_parameter_constraints", {})
    if not constraints:
        pytest.skip("no declared constraints")
    X, y = _data(est)
    name = sorted(constraints)[0]
    bad = clone(est).set_params(**{name: object()})
    with pytest.raises(
        ValueError,
        match=rf"The '{name}' parameter of {type(est).__name__} "
        r"must be .*\. Got .* instead\.",
    ):
        _fit(bad, X, y)


@pytest.mark.parametrize("est", GENERIC, ids=_id)
def test_bad_input_at_fit(est):
    X, y = _data(est)
    Xnan = X.copy()
    Xnan[3, 1] = np.nan
    if not get_tags(est).input_tags.allow_nan:
        with pytest.raises(ValueError, match="Input X contains NaN"):
            _fit(clone(est), Xnan, y)
    Xinf = X.copy()
    Xinf[2, 0] = np.inf
    with pytest.raises(ValueError, match="Input X contains infinity or a value too large"):
        _fit(clone(est), Xinf, y)
    with pytest.raises(ValueError, match=r"Found array with 0 sample\(s\)"):
        _fit(clone(est), X[:0], None if y is None else y[:0])
    with pytest.raises(ValueError, match="Expected 2D array, got 1D array instead"):
        _fit(clone(est), X[:, 0], y)
    if is_classifier(est):
        with pytest.raises(ValueError, match="Unknown label type: continuous"):
            _fit(clone(est), X, X[:, 0] + 0.5)
    if get_tags(est).target_tags.required:
        with pytest.raises(ValueError, match="requires y to be passed, but the target y is None"):
            clone(est).fit(X, None)


@pytest.mark.parametrize("est", GENERIC, ids=_id)
def test_fitted_model_unchanged_by_bad_input(est):
    X, y = _data(est)
    est = _fit(clone(est), X, y)
    before = pickle.dumps(est)
    Xnan = X.copy()
    Xnan[0, 0] = np.nan
    for method in _methods(est):
        with pytest.raises(ValueError, match="X has 3 features, but"):
            getattr(est, method)(X[:, :3])
        if not get_tags(est).input_tags.allow_nan:
            with pytest.raises(ValueError, match="NaN"):
                getattr(est, method)(Xnan)
    if hasattr(est, "partial_fit"):
        with pytest.raises(ValueError, match="X has 3 features"):
            if y is None:
                est.partial_fit(X[:, :3])
            else:
                est.partial_fit(X[:, :3], y)
    assert pickle.dumps(est) == before, "bad input changed the fitted model"


@pytest.mark.parametrize("est", [e for e in GENERIC if is_classifier(e)], ids=_id)
def test_string_labels(est):
    X, y = _data(est)
    labels = np.array(["cat", "dog", "emu"], dtype=object)[y]
    est = _fit(clone(est), X, labels)
    assert list(est.classes_) == ["cat", "dog", "emu"]
    assert set(est.predict(X)) <= {"cat", "dog", "emu"}


def test_no_delegation_to_sklearn_or_joblib():
    """Every estimator fits and predicts with scikit-learn and joblib unimportable."""
    code = textwrap.dedent(
        """
        import sys, warnings
        sys.modules["sklearn"] = None
        sys.modules["joblib"] = None
        from aiguille.tests.test_common import GENERIC, _data, _fit, _methods
        from aiguille.base import clone
        done = 0
        for est in GENERIC:
            X, y = _data(est)
            est = _fit(clone(est), X, y)
            for m in _methods(est):
                getattr(est, m)(X)
            done += 1
        assert "sklearn" not in [k for k, v in sys.modules.items() if v is not None]
        print("fitted", done)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=900,
        # the module's reference check must not import scikit-learn in that process
        env={
            **{k: v for k, v in os.environ.items() if k != "AIGUILLE_REQUIRE_REFERENCES"},
            "PYTHONWARNINGS": "ignore",
        },
    )
    assert out.returncode == 0, out.stderr[-4000:]
    assert f"fitted {len(GENERIC)}" in out.stdout


# -- scikit-learn's estimator checks ------------------------------------------------------

if os.environ.get("AIGUILLE_REQUIRE_REFERENCES") == "1":
    import sklearn  # noqa: F401  (a missing reference fails the run)

try:
    from sklearn.utils.estimator_checks import parametrize_with_checks
except ImportError:  # pragma: no cover - reference missing and not required
    parametrize_with_checks = None


def _expected_failed(est):
    hook = getattr(est, "_expected_failed_checks", None)
    return hook() if hook is not None else {}


if parametrize_with_checks is not None:

    @parametrize_with_checks(INSTANCES, expected_failed_checks=_expected_failed)
    def test_sklearn_estimator_checks(estimator, check):
        # No warning filter here: some checks assert that a warning is raised.
        check(estimator)


def _sklearn_namesake_failures(name):
    from sklearn.utils._test_common import instance_generator as ig
    from sklearn.utils.discovery import all_estimators as sk_all

    classes = dict(sk_all())
    if name not in classes:
        return None
    allowed = set()
    for sk_est in ig._construct_instances(classes[name]):
        allowed |= set(ig._get_expected_failed_checks(sk_est))
    return allowed


@pytest.mark.parametrize("est", INSTANCES, ids=_id)
def test_expected_failures_are_sklearns_own(est):
    expected = set(_expected_failed(est))
    if not expected:
        return
    pytest.importorskip("sklearn")
    allowed = _sklearn_namesake_failures(type(est).__name__)
    assert allowed is not None, f"{type(est).__name__} has no scikit-learn namesake"
    assert expected <= allowed, (
        f"{type(est).__name__} may only expect the failures scikit-learn expects of its "
        f"namesake; not allowed: {sorted(expected - allowed)}"
    )
