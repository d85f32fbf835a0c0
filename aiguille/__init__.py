"""aiguille: machine learning in Python.

scikit-learn's estimator API on numpy arrays, with numba kernels, a disk cache of results
(``Memory``), parallel execution from threads to a dask cluster (``Parallel``) and fast
persistence (``dump``/``load``).

``import aiguille`` is cheap: subpackages (and numba, scipy) load on first access.
"""

import importlib
import os
import sys

from ._config import config_context, get_config, set_config  # noqa: F401  (public)

__version__ = "0.1.0"

_SUBPACKAGES = {
    "base",
    "cli",
    "cluster",
    "compose",
    "datasets",
    "decomposition",
    "exceptions",
    "feature_extraction",
    "impute",
    "linear_model",
    "memory",
    "metrics",
    "model_selection",
    "naive_bayes",
    "neighbors",
    "parallel",
    "persistence",
    "pipeline",
    "preprocessing",
    "utils",
}

# Top-level names that live in a subpackage; resolved on first access.
_LAZY_NAMES = {
    "Memory": "memory",
    "Parallel": "parallel",
    "delayed": "parallel",
    "parallel_config": "parallel",
    "parallel_backend": "parallel",
    "register_parallel_backend": "parallel",
    "cpu_count": "parallel",
    "dump": "persistence",
    "load": "persistence",
    "clone": "base",
}

__all__ = sorted(
    ["__version__", "config_context", "get_config", "set_config", *_LAZY_NAMES, *_SUBPACKAGES]
)


def _setup_numba_cache():
    """Give numba a writable cache folder when neither the package nor home is writable.

    numba caches compiled kernels next to their source (``__pycache__``) or in the user's
    cache folder; when both are read-only (containers, serverless), ``cache=True`` would
    raise at decoration time. This only inspects permissions: numba is not imported.
    """
    if os.environ.get("NUMBA_CACHE_DIR"):
        return
    here = os.path.dirname(os.path.abspath(__file__))
    if os.access(here, os.W_OK):
        return
    home_cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(
        os.path.expanduser("~"), ".cache"
    )
    probe = home_cache
    while probe and not os.path.exists(probe):
        parent = os.path.dirname(probe)
        if parent == probe:
            break
        probe = parent
    if probe and os.access(probe, os.W_OK):
        return
    import tempfile

    uid = os.getuid() if hasattr(os, "getuid") else "user"
    path = os.path.join(tempfile.gettempdir(), f"aiguille-numba-cache-{uid}")
    os.environ["NUMBA_CACHE_DIR"] = path
    numba_config = sys.modules.get("numba.core.config")
    if numba_config is not None:  # numba was imported first: tell its live config too
        numba_config.CACHE_DIR = path


_setup_numba_cache()


def __getattr__(name):
    if name in _SUBPACKAGES:
        return importlib.import_module(f"aiguille.{name}")
    if name in _LAZY_NAMES:
        module = importlib.import_module(f"aiguille.{_LAZY_NAMES[name]}")
        return getattr(module, name)
    raise AttributeError(f"module 'aiguille' has no attribute {name!r}")


def __dir__():
    return __all__
