"""Execution backends of :class:`Parallel` and their registry.

A backend turns a batch (a no-argument callable returning a list of results) into a
:class:`concurrent.futures.Future`. :class:`Parallel` owns dispatching, batching, ordering,
errors and progress; a backend owns workers.
"""

import os
import sys
import threading
import weakref
from abc import ABC, abstractmethod
from concurrent.futures import Future, ThreadPoolExecutor

from ._errors import TerminatedWorkerError

_THREAD_LIMIT_VARS = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "NUMBA_NUM_THREADS",
)


def cpu_count(only_physical_cores=False):
    """Return the number of CPUs this process may use.

    Respects ``os.sched_getaffinity``, cgroup CPU quotas (containers) and
    ``LOKY_MAX_CPU_COUNT``, through :func:`loky.cpu_count`.

    Parameters
    ----------
    only_physical_cores : bool, default=False
        Count physical cores rather than logical CPUs.

    Returns
    -------
    n : int
        Number of usable CPUs, at least 1.

    Examples
    --------
    >>> from aiguille import cpu_count
    >>> cpu_count() >= 1
    True
    """
    try:
        import loky

        return max(int(loky.cpu_count(only_physical_cores=only_physical_cores)), 1)
    except ImportError:  # pragma: no cover - loky is a dependency
        try:
            return max(len(os.sched_getaffinity(0)), 1)
        except AttributeError:
            return os.cpu_count() or 1


# --------------------------------------------------------------------------------------------
# Where am I? (nesting detection, also inside joblib's workers)

_worker_state = threading.local()


def _current_worker_kind():
    """``None`` in a top-level thread, else ``"processes"`` or ``"threads"`` or ``"sequential"``.

    Our own workers set a thread-local flag while they run a batch; inside a joblib worker
    we read joblib's thread-local configuration and its loky depth.
    """
    kind = getattr(_worker_state, "kind", None)
    if kind is not None:
        return kind
    joblib_parallel = sys.modules.get("joblib.parallel")
    if joblib_parallel is not None:
        config = getattr(getattr(joblib_parallel, "_backend", None), "config", None)
        backend = config.get("backend") if isinstance(config, dict) else None
        if backend is not None and getattr(backend, "nesting_level", 0):
            # A joblib worker: its processes run tasks in their main thread.
            if threading.current_thread() is threading.main_thread():
                return "processes"
            return "threads"
    for modname in ("loky.process_executor", "joblib.externals.loky.process_executor"):
        module = sys.modules.get(modname)
        if module is not None and getattr(module, "_CURRENT_DEPTH", 0) > 0:
            return "processes"
    return None


class _WorkerScope:
    """Mark the current thread as a worker of the given kind while a batch runs."""

    __slots__ = ("kind", "old")

    def __init__(self, kind):
        self.kind = kind

    def __enter__(self):
        self.old = getattr(_worker_state, "kind", None)
        _worker_state.kind = self.kind

    def __exit__(self, *exc):
        _worker_state.kind = self.old


# --------------------------------------------------------------------------------------------
# Base class


class ParallelBackendBase(ABC):
    """Abstract base of :class:`Parallel` backends.

    Subclasses implement :meth:`configure` (start workers, return the number of workers)
    and :meth:`submit` (run a no-argument callable, return a
    :class:`concurrent.futures.Future`), and may override :meth:`terminate` (end of a call)
    and :meth:`abort_everything` (after an error, a timeout or an interrupt).

    Parameters
    ----------
    nesting_level : int, default=0
        How deep inside other workers this backend runs.
    **params
        Backend specific options.
    """

    #: short name shown in messages
    name = "base"
    #: workers share the caller's memory
    supports_sharedmem = False
    #: workers are threads of the caller's process
    uses_threads = False
    #: large numpy arguments are memory-mapped instead of pickled
    supports_memmapping = False
    #: n_jobs used when none was asked for
    default_n_jobs = 1

    def __init__(self, nesting_level=0, **params):
        self.nesting_level = nesting_level
        self.params = params

    def effective_n_jobs(self, n_jobs):
        """Resolve ``n_jobs`` (``None``, negative values) to a positive number of workers."""
        if n_jobs is None:
            n_jobs = self.default_n_jobs
        if n_jobs == 0:
            raise ValueError(
                "The 'n_jobs' parameter of Parallel must be a non-zero int (-1 means all "
                "CPUs). Got 0 instead."
            )
        if n_jobs < 0:
            n_jobs = max(cpu_count() + 1 + n_jobs, 1)
        return int(n_jobs)

    @abstractmethod
    def configure(self, n_jobs, parallel=None):
        """Prepare workers for a call and return the effective number of workers."""

    @abstractmethod
    def submit(self, func):
        """Run ``func()`` on a worker; return a :class:`concurrent.futures.Future`."""

    def terminate(self):
        """Release what the call (or the ``with Parallel(...)`` block) used."""
        return None

    def abort_everything(self):
        """Stop as fast as possible after a failure; the next call must still work."""
        self.terminate()

    def get_nested_backend(self):
        """Return the backend that a :class:`Parallel` call inside a worker should use."""
        return SequentialBackend(nesting_level=self.nesting_level + 1)

    def __repr__(self):
        return f"{type(self).__name__}()"


class SequentialBackend(ParallelBackendBase):
    """Run tasks one after the other in the caller's thread (a plain loop)."""

    name = "sequential"
    supports_sharedmem = True
    uses_threads = True

    def effective_n_jobs(self, n_jobs):
        if n_jobs == 0:
            super().effective_n_jobs(0)
        return 1

    def configure(self, n_jobs, parallel=None):
        return 1

    def submit(self, func):
        future = Future()
        try:
            future.set_result(func())
        except BaseException as exc:
            future.set_exception(exc)
        return future


class ThreadingBackend(ParallelBackendBase):
    """Threads of the current process (:class:`concurrent.futures.ThreadPoolExecutor`).

    Use it for code that releases the GIL: numpy, BLAS, ``nogil`` numba kernels, I/O.
    """

    name = "threads"
    supports_sharedmem = True
    uses_threads = True

    def __init__(self, nesting_level=0, **params):
        super().__init__(nesting_level, **params)
        self._pool = None
        self._n_jobs = None

    def configure(self, n_jobs, parallel=None):
        n_jobs = self.effective_n_jobs(n_jobs)
        if self._pool is None or self._n_jobs != n_jobs:
            if self._pool is not None:
                self._pool.shutdown(wait=False)
            self._pool = ThreadPoolExecutor(n_jobs, thread_name_prefix="aiguille-worker")
            self._n_jobs = n_jobs
        return n_jobs

    def submit(self, func):
        return self._pool.submit(func)

    def terminate(self):
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def get_nested_backend(self):
        return SequentialBackend(nesting_level=self.nesting_level + 1)


class LokyBackend(ParallelBackendBase):
    """Worker processes from :func:`loky.get_reusable_executor`.

    Functions defined in ``__main__`` and lambdas work (cloudpickle); workers are reused
    between calls; each worker limits BLAS/OpenMP/numba threads to
    ``max(cpu_count() // n_jobs, 1)``; a dead worker raises :class:`TerminatedWorkerError`.
    """

    name = "processes"
    supports_memmapping = True
    tracks_worker_deaths = True
    idle_worker_timeout = 300

    def __init__(self, nesting_level=0, inner_max_num_threads=None, **params):
        super().__init__(nesting_level, **params)
        self.inner_max_num_threads = inner_max_num_threads
        self._executor = None

    def _worker_env(self, n_jobs):
        n_threads = self.inner_max_num_threads or max(cpu_count() // n_jobs, 1)
        env = {var: str(n_threads) for var in _THREAD_LIMIT_VARS}
        env["AIGUILLE_WORKER_THREADS"] = str(n_threads)
        return env

    def configure(self, n_jobs, parallel=None):
        from loky import get_reusable_executor

        n_jobs = self.effective_n_jobs(n_jobs)
        self._executor = get_reusable_executor(
            max_workers=n_jobs,
            timeout=self.idle_worker_timeout,
            env=self._worker_env(n_jobs),
            reuse="auto",
        )
        return n_jobs

    def submit(self, func):
        return self._executor.submit(func)

    def terminate(self):
        # The reusable executor stays alive for the next call (workers time out when idle).
        pass

    def abort_everything(self):
        if self._executor is not None:
            try:
                self._executor.shutdown(wait=False, kill_workers=True)
            except Exception:  # pragma: no cover - best effort
                pass
            self._executor = None

    def get_nested_backend(self):
        return ThreadingBackend(nesting_level=self.nesting_level + 1)


class DaskBackend(ParallelBackendBase):
    """Tasks run on a :class:`dask.distributed.Client` (``pip install aiguille[dask]``).

    Parameters
    ----------
    client : dask.distributed.Client, default=None
        The client; by default the current one (``distributed.get_client()``).
    scatter_nbytes : int, default=1e6
        Arguments larger than this (numpy arrays, or objects whose ``sys.getsizeof`` is
        larger) are scattered to the cluster once per call and passed by reference.
    """

    name = "dask"
    default_n_jobs = -1

    def __init__(self, nesting_level=0, client=None, scatter_nbytes=1_000_000, **params):
        super().__init__(nesting_level, **params)
        self._client = client
        self.scatter_nbytes = scatter_nbytes
        self._scattered = {}
        self._futures = weakref.WeakSet()

    @property
    def client(self):
        if self._client is None:
            try:
                from distributed import get_client
            except ImportError as exc:
                raise ImportError(
                    "The 'dask' backend needs dask.distributed: pip install aiguille[dask]"
                ) from exc
            try:
                self._client = get_client()
            except ValueError as exc:
                raise ValueError(
                    "The 'dask' backend needs a dask.distributed Client: create one first "
                    "(`from dask.distributed import Client; client = Client()`) or pass "
                    "parallel_config(backend='dask', client=client)."
                ) from exc
        return self._client

    def effective_n_jobs(self, n_jobs):
        n = sum(self.client.nthreads().values())
        return max(n, 1)

    def configure(self, n_jobs, parallel=None):
        self._scattered = {}
        return self.effective_n_jobs(n_jobs)

    def _maybe_scatter(self, value):
        import numpy as np

        key = id(value)
        hit = self._scattered.get(key)
        if hit is not None and hit[0] is value:
            return hit[1]
        if isinstance(value, np.ndarray):
            big = value.nbytes > self.scatter_nbytes
        else:
            try:
                big = sys.getsizeof(value) > self.scatter_nbytes
            except TypeError:
                big = False
        if not big:
            return value
        future = self.client.scatter(value, hash=False)
        self._scattered[key] = (value, future)
        return future

    def submit(self, func):
        tasks = []
        for f, args, kwargs in func.items:
            args = [self._maybe_scatter(a) for a in args]
            kwargs = {k: self._maybe_scatter(v) for k, v in kwargs.items()}
            tasks.append((f, args, kwargs))
        import uuid

        runner = _DaskBatch(func.worker_kind, func.first_index)
        names = sorted({getattr(item[0], "__name__", "task") for item in func.items})
        key = f"aiguille-{'-'.join(names[:2])}-{uuid.uuid4().hex}"
        dask_future = self.client.submit(runner, tasks=tasks, pure=False, key=key)
        self._futures.add(dask_future)
        future = Future()
        future.set_running_or_notify_cancel()

        def _done(dfut):
            if future.done():
                return
            try:
                if dfut.status == "error":
                    exc = dfut.exception()
                    tb = dfut.traceback()
                    if tb is not None:
                        exc = exc.with_traceback(tb)
                    future.set_exception(exc)
                elif dfut.status == "cancelled":
                    future.set_exception(_Cancelled("dask task cancelled"))
                else:
                    future.set_result(dfut.result())
            except BaseException as exc:  # pragma: no cover - defensive
                future.set_exception(exc)

        dask_future.add_done_callback(_done)
        return future

    def terminate(self):
        self._scattered = {}

    def abort_everything(self):
        futures = list(self._futures)
        if futures:
            try:
                self.client.cancel(futures)
            except Exception:  # pragma: no cover - best effort
                pass
        self.terminate()

    def get_nested_backend(self):
        return DaskBackend(nesting_level=self.nesting_level + 1, client=self._client)


class _Cancelled(RuntimeError):
    pass


class _DaskBatch:
    """Runs a batch on a dask worker, after dask resolved the scattered arguments."""

    def __init__(self, worker_kind, first_index):
        self.worker_kind = worker_kind
        self.first_index = first_index

    def __call__(self, tasks):
        from ._parallel import _BatchedCalls

        return _BatchedCalls(tasks, self.worker_kind, self.first_index)()


# --------------------------------------------------------------------------------------------
# Registry

BACKENDS = {
    "sequential": SequentialBackend,
    "threads": ThreadingBackend,
    "processes": LokyBackend,
    "dask": DaskBackend,
}
_ALIASES = {"threading": "threads", "loky": "processes", "multiprocessing": "processes"}
_DEFAULT = {"name": "processes"}


def _canonical_name(name):
    name = _ALIASES.get(name, name)
    if name not in BACKENDS:
        raise ValueError(
            f"The 'backend' parameter of Parallel must be one of {sorted(BACKENDS)} (or an "
            f"alias in {sorted(_ALIASES)}, or a ParallelBackendBase instance). Got {name!r} "
            "instead. Use register_parallel_backend to add one."
        )
    return name


def register_parallel_backend(name, factory, make_default=False):
    """Register a backend factory under a name usable as ``backend=name``.

    Parameters
    ----------
    name : str
        The name.
    factory : callable
        Called with ``nesting_level=`` and backend parameters; returns a
        :class:`ParallelBackendBase` instance (usually its subclass itself).
    make_default : bool, default=False
        Use this backend when ``n_jobs > 1`` and none is configured.

    Examples
    --------
    >>> from aiguille import Parallel, delayed, register_parallel_backend
    >>> from aiguille.parallel import ThreadingBackend
    >>> class MyThreads(ThreadingBackend):
    ...     name = "mythreads"
    >>> register_parallel_backend("mythreads", MyThreads)
    >>> Parallel(n_jobs=2, backend="mythreads")(delayed(len)("ab") for _ in range(2))
    [2, 2]
    """
    if not isinstance(name, str):
        raise TypeError(f"Backend names must be strings. Got {name!r} instead.")
    BACKENDS[name] = factory
    if make_default:
        _DEFAULT["name"] = name


def _make_backend(spec, nesting_level=0, params=None):
    """Return a backend instance from a name, a class or an instance."""
    if isinstance(spec, ParallelBackendBase):
        return spec
    if isinstance(spec, str):
        factory = BACKENDS[_canonical_name(spec)]
    else:
        factory = spec
    return factory(nesting_level=nesting_level, **(params or {}))


__all__ = [
    "BACKENDS",
    "DaskBackend",
    "LokyBackend",
    "ParallelBackendBase",
    "SequentialBackend",
    "TerminatedWorkerError",
    "ThreadingBackend",
    "cpu_count",
    "register_parallel_backend",
]
