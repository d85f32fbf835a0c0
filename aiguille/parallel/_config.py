"""``parallel_config``: the thread-local defaults that :class:`Parallel` reads."""

import threading

_DEFAULTS = {
    "backend": None,
    "n_jobs": None,
    "verbose": None,
    "temp_folder": None,
    "max_nbytes": None,
    "mmap_mode": None,
    "prefer": None,
    "require": None,
    "inner_max_num_threads": None,
    "backend_params": None,
}

_VALID_PREFER = (None, "threads", "processes")
_VALID_REQUIRE = (None, "sharedmem")

_state = threading.local()


def _get_config():
    """Return the active configuration dict (a copy is never needed: it is not mutated)."""
    return getattr(_state, "config", _DEFAULTS)


def _check_hints(prefer, require):
    if prefer not in _VALID_PREFER:
        raise ValueError(
            f"The 'prefer' parameter must be one of {_VALID_PREFER}. Got {prefer!r} instead."
        )
    if require not in _VALID_REQUIRE:
        raise ValueError(
            f"The 'require' parameter must be one of {_VALID_REQUIRE}. Got {require!r} instead."
        )
    if prefer == "processes" and require == "sharedmem":
        raise ValueError(
            "prefer='processes' and require='sharedmem' are inconsistent: shared memory needs "
            "threads. Drop one of the two hints."
        )


class parallel_config:
    """Set the defaults of :class:`Parallel` for the code run inside a ``with`` block.

    Every argument left to ``None`` keeps the value of the enclosing configuration. Settings
    apply to the current thread; :class:`Parallel` objects created with explicit arguments
    keep them.

    Parameters
    ----------
    backend : str or ParallelBackendBase, default=None
        ``"sequential"``, ``"threads"``, ``"processes"``, ``"dask"`` (``"threading"`` and
        ``"loky"`` are aliases), a name given to :func:`register_parallel_backend`, or a
        backend instance.
    n_jobs : int, default=None
        Number of workers; ``-1`` means all usable cores.
    verbose : int, default=None
        Verbosity of :class:`Parallel` progress messages.
    temp_folder : str, default=None
        Folder for the memory-mapped copies of large arguments.
    max_nbytes : int or str, default=None
        Size above which numpy arguments reach process workers as memory maps (``"1M"``).
    mmap_mode : {"r", "r+", "c"}, default=None
        Mode of those memory maps.
    prefer : {"threads", "processes"}, default=None
        Soft hint used when no backend is chosen explicitly.
    require : {"sharedmem"}, default=None
        Hard constraint: run in threads when the backend cannot share memory.
    inner_max_num_threads : int, default=None
        Number of BLAS/OpenMP/numba threads in each process worker (default
        ``max(cpu_count() // n_jobs, 1)``).
    **backend_params
        Passed to the backend factory (for example ``client=`` for ``"dask"``).

    Examples
    --------
    >>> from aiguille import Parallel, delayed, parallel_config
    >>> with parallel_config(backend="threads", n_jobs=2):
    ...     Parallel()(delayed(abs)(-i) for i in range(3))
    [0, 1, 2]
    """

    def __init__(
        self,
        backend=None,
        *,
        n_jobs=None,
        verbose=None,
        temp_folder=None,
        max_nbytes=None,
        mmap_mode=None,
        prefer=None,
        require=None,
        inner_max_num_threads=None,
        **backend_params,
    ):
        _check_hints(prefer, require)
        if isinstance(backend, str):
            from ._backends import _canonical_name

            _canonical_name(backend)  # fail early on an unknown name
        self._old = getattr(_state, "config", None)
        new = dict(_get_config())
        given = {
            "backend": backend,
            "n_jobs": n_jobs,
            "verbose": verbose,
            "temp_folder": temp_folder,
            "max_nbytes": max_nbytes,
            "mmap_mode": mmap_mode,
            "prefer": prefer,
            "require": require,
            "inner_max_num_threads": inner_max_num_threads,
            "backend_params": backend_params or None,
        }
        for key, value in given.items():
            if value is not None:
                new[key] = value
        if backend is not None and not backend_params:
            new["backend_params"] = None
        self._config = new
        _state.config = new

    def unregister(self):
        """Restore the configuration that was active before this one."""
        if self._old is None:
            if hasattr(_state, "config"):
                del _state.config
        else:
            _state.config = self._old

    def __enter__(self):
        return self._config

    def __exit__(self, *exc):
        self.unregister()


class parallel_backend(parallel_config):
    """Alias of :class:`parallel_config` taking the backend first, like joblib's.

    Parameters
    ----------
    backend : str or ParallelBackendBase
        The backend to use by default.
    n_jobs : int, default=-1
        Number of workers.
    **kwargs
        Other :class:`parallel_config` arguments.

    Examples
    --------
    >>> from aiguille import Parallel, delayed
    >>> from aiguille.parallel import parallel_backend
    >>> with parallel_backend("threads", n_jobs=2):
    ...     Parallel()(delayed(pow)(i, 2) for i in range(4))
    [0, 1, 4, 9]
    """

    def __init__(self, backend, n_jobs=-1, **kwargs):
        super().__init__(backend, n_jobs=n_jobs, **kwargs)
