"""Global configuration: ``set_config``, ``get_config``, ``config_context``.

The configuration is thread-local (each thread starts from the global defaults), like
scikit-learn's, so a ``config_context`` in one thread does not leak into others.
"""

import threading
from contextlib import contextmanager

_global_config = {
    "working_memory": 64,
    "transform_output": "default",
    "assume_finite": False,
    "skip_parameter_validation": False,
}
_threadlocal = threading.local()

_TRANSFORM_OUTPUTS = ("default", "pandas")


def _get_threadlocal_config():
    if not hasattr(_threadlocal, "global_config"):
        _threadlocal.global_config = _global_config.copy()
    return _threadlocal.global_config


def get_config():
    """Return a copy of the current configuration.

    Returns
    -------
    config : dict
        Keys: ``working_memory`` (MiB that chunked computations may use, default 64),
        ``transform_output`` ("default" or "pandas"), ``assume_finite`` (skip the NaN/inf
        check), ``skip_parameter_validation``.

    Examples
    --------
    >>> from aiguille import get_config
    >>> get_config()["working_memory"]
    64
    """
    return _get_threadlocal_config().copy()


def set_config(
    *,
    working_memory=None,
    transform_output=None,
    assume_finite=None,
    skip_parameter_validation=None,
):
    """Set the configuration for the current thread.

    Parameters
    ----------
    working_memory : int or float, default=None
        Memory in MiB that every chunked computation (pairwise distances, neighbour
        searches, clustering assignments) may hold at once. Default 64.
    transform_output : {"default", "pandas"}, default=None
        Output container of ``transform`` and ``fit_transform``.
    assume_finite : bool, default=None
        If True, skip the check for NaN and infinity in validation (faster).
    skip_parameter_validation : bool, default=None
        If True, skip the validation of constructor parameters in ``fit``.

    Examples
    --------
    >>> from aiguille import set_config, get_config
    >>> set_config(working_memory=128)
    >>> get_config()["working_memory"]
    128
    >>> set_config(working_memory=64)
    """
    local_config = _get_threadlocal_config()
    if working_memory is not None:
        if not working_memory > 0:
            raise ValueError(
                f"working_memory must be a positive number of MiB. Got {working_memory!r} instead."
            )
        local_config["working_memory"] = working_memory
    if transform_output is not None:
        if transform_output not in _TRANSFORM_OUTPUTS:
            raise ValueError(
                f"transform_output must be one of {_TRANSFORM_OUTPUTS}. "
                f"Got {transform_output!r} instead."
            )
        local_config["transform_output"] = transform_output
    if assume_finite is not None:
        local_config["assume_finite"] = bool(assume_finite)
    if skip_parameter_validation is not None:
        local_config["skip_parameter_validation"] = bool(skip_parameter_validation)


@contextmanager
def config_context(
    *,
    working_memory=None,
    transform_output=None,
    assume_finite=None,
    skip_parameter_validation=None,
):
    """Context manager that sets the configuration and restores it on exit.

    Parameters are those of :func:`set_config`.

    Examples
    --------
    >>> from aiguille import config_context, get_config
    >>> with config_context(working_memory=8):
    ...     get_config()["working_memory"]
    8
    >>> get_config()["working_memory"]
    64
    """
    old = get_config()
    set_config(
        working_memory=working_memory,
        transform_output=transform_output,
        assume_finite=assume_finite,
        skip_parameter_validation=skip_parameter_validation,
    )
    try:
        yield
    finally:
        _get_threadlocal_config().clear()
        _get_threadlocal_config().update(old)
