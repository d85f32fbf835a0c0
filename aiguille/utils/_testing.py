"""Test helpers: references that must be present under ``AIGUILLE_REQUIRE_REFERENCES=1``."""

import importlib
import os


def require(modname):
    """Import a reference package for a test, or skip the test when it is missing.

    Under ``AIGUILLE_REQUIRE_REFERENCES=1`` (set by ``.ci/run``) a missing reference
    (scikit-learn, joblib, dask, pandas) fails the test instead of skipping it.
    """
    if os.environ.get("AIGUILLE_REQUIRE_REFERENCES") == "1":
        return importlib.import_module(modname)
    import pytest

    return pytest.importorskip(modname)
