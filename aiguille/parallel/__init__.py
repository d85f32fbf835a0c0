"""Parallel execution: ``Parallel(n_jobs=2)(delayed(f)(x) for x in xs)``.

Backends: ``"sequential"``, ``"threads"``, ``"processes"`` (loky, the default for
``n_jobs > 1``) and ``"dask"``; choose one with ``Parallel(backend=...)`` or
``with parallel_config(backend=..., n_jobs=...)``.
"""

from ._backends import (
    DaskBackend,
    LokyBackend,
    ParallelBackendBase,
    SequentialBackend,
    ThreadingBackend,
    cpu_count,
    register_parallel_backend,
)
from ._config import parallel_backend, parallel_config
from ._errors import TerminatedWorkerError
from ._parallel import Parallel, delayed, effective_n_jobs

__all__ = [
    "DaskBackend",
    "LokyBackend",
    "Parallel",
    "ParallelBackendBase",
    "SequentialBackend",
    "TerminatedWorkerError",
    "ThreadingBackend",
    "cpu_count",
    "delayed",
    "effective_n_jobs",
    "parallel_backend",
    "parallel_config",
    "register_parallel_backend",
]
