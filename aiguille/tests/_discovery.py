"""Find every public estimator of aiguille, and every public class that has ``fit``."""

import importlib
import inspect
import pkgutil

import aiguille
from aiguille.base import BaseEstimator

_SKIP = {"tests", "cli", "conftest"}


def _public_modules():
    for info in pkgutil.walk_packages(aiguille.__path__, prefix="aiguille."):
        parts = info.name.split(".")
        if any(p in _SKIP for p in parts):
            continue
        yield importlib.import_module(info.name)


def all_estimators():
    """(name, class) of each estimator exported in a subpackage's ``__all__``, sorted."""
    found = {}
    for module in _public_modules():
        if any(p.startswith("_") for p in module.__name__.split(".")):
            continue
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name, None)
            if (
                inspect.isclass(obj)
                and issubclass(obj, BaseEstimator)
                and not inspect.isabstract(obj)
                and not name.startswith("_")
                and hasattr(obj, "fit")
            ):
                found[name] = obj
    return sorted(found.items())


def all_classes_with_fit():
    """Every public class defined anywhere under aiguille that has a ``fit`` method."""
    found = {}
    for module in _public_modules():
        for name, obj in vars(module).items():
            if (
                inspect.isclass(obj)
                and obj.__module__ == module.__name__
                and not name.startswith("_")
                and callable(getattr(obj, "fit", None))
                and not inspect.isabstract(obj)
            ):
                found[name] = obj
    return sorted(found.items())


def instances(cls):
    """Instances to test: the class's ``_test_instances()`` hook, else ``cls()``."""
    hook = getattr(cls, "_test_instances", None)
    return list(hook()) if hook is not None else [cls()]
