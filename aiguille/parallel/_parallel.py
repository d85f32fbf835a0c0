"""``Parallel`` and ``delayed``: run ``f(*args, **kwargs)`` calls on a pool of workers."""

import functools
import itertools
import numbers
import os
import re
import sys
import threading
import time
import warnings
import weakref
from collections import deque
from concurrent.futures import FIRST_COMPLETED, CancelledError
from concurrent.futures import wait as _wait_futures

from ._backends import (
    _DEFAULT,
    DaskBackend,
    SequentialBackend,
    ThreadingBackend,
    _current_worker_kind,
    _make_backend,
    _WorkerScope,
)
from ._config import _check_hints, _get_config
from ._errors import TerminatedWorkerError
from ._memmapping import _ArgMemmapper, _memstr_to_bytes

# Adaptive batching targets a compute time per batch in this range (joblib's scheme).
MIN_IDEAL_BATCH_DURATION = 0.2
MAX_IDEAL_BATCH_DURATION = 2.0
_RETURN_AS = ("list", "generator", "generator_unordered")


def delayed(function):
    """Capture a call for :class:`Parallel`: ``delayed(f)(*args, **kwargs)``.

    Parameters
    ----------
    function : callable
        The function to call later.

    Returns
    -------
    delayed_function : callable
        Returns the tuple ``(function, args, kwargs)`` when called.

    Examples
    --------
    >>> from aiguille import delayed
    >>> delayed(max)(1, 2, key=abs)
    (<built-in function max>, (1, 2), {'key': <built-in function abs>})
    """

    def delayed_function(*args, **kwargs):
        return function, args, kwargs

    for attr in ("__module__", "__name__", "__qualname__", "__doc__"):
        try:
            setattr(delayed_function, attr, getattr(function, attr))
        except AttributeError:
            pass
    delayed_function.__wrapped__ = function
    return delayed_function


def _funcname(func):
    if isinstance(func, functools.partial):
        func = func.func
    name = getattr(func, "__qualname__", None) or getattr(func, "__name__", None)
    return name or type(func).__name__


class _BatchedCalls:
    """A batch of tasks, run in a worker; returns ``(results, compute_seconds)``."""

    __slots__ = ("items", "worker_kind", "first_index", "memmapper", "track_dir")

    def __init__(self, items, worker_kind, first_index, memmapper=None, track_dir=None):
        self.items = items
        self.worker_kind = worker_kind
        self.first_index = first_index
        self.memmapper = memmapper
        self.track_dir = track_dir

    def __call__(self):
        if self.track_dir is not None:
            _TaskTracker.record(self.track_dir, self.first_index)
        start = time.perf_counter()  # compute time only: what batch sizing needs
        results = []
        with _WorkerScope(self.worker_kind):
            index = self.first_index
            try:
                for func, args, kwargs in self.items:
                    results.append(func(*args, **kwargs))
                    index += 1
            except BaseException as exc:
                func = self.items[index - self.first_index][0]
                try:
                    exc.add_note(
                        f"[aiguille.Parallel] raised by task {index} ({_funcname(func)}) "
                        f"in a {self.worker_kind} worker (pid {os.getpid()})"
                    )
                except Exception:  # pragma: no cover - exotic exception objects
                    pass
                raise
        return results, time.perf_counter() - start

    def describe(self):
        names = sorted({_funcname(item[0]) for item in self.items})
        last = self.first_index + len(self.items) - 1
        span = (
            f"task {self.first_index}"
            if last == self.first_index
            else (f"tasks {self.first_index}-{last}")
        )
        return f"{span} ({', '.join(names[:3])}{', ...' if len(names) > 3 else ''})"

    def __len__(self):
        return len(self.items)

    def __reduce__(self):
        state = (self.worker_kind, self.first_index, None, self.track_dir)
        if self.memmapper is None:
            return _BatchedCalls, (self.items, *state)
        return _rebuild_batch, (self.memmapper.dumps(self.items), *state)


def _rebuild_batch(payload, worker_kind, first_index, memmapper, track_dir):
    import pickle

    try:
        items = pickle.loads(payload)
    except Exception as exc:
        # Raising here would kill the worker and break the whole pool. Typical case: the
        # call already ended (another task failed, or Ctrl-C) and removed the temporary
        # folder of its memory-mapped arguments before this queued batch was unpickled.
        # The batch then fails on its own, and its result is ignored by an ended call.
        return _UnpicklableBatch(exc, first_index)
    return _BatchedCalls(items, worker_kind, first_index, None, track_dir)


class _UnpicklableBatch:
    """Stands for a batch whose tasks could not be unpickled in the worker."""

    def __init__(self, exc, first_index):
        self.exc = exc
        self.first_index = first_index

    def __call__(self):
        raise RuntimeError(
            f"[aiguille.Parallel] the batch starting at task {self.first_index} could not "
            f"be unpickled in the worker: {type(self.exc).__name__}: {self.exc}"
        ) from self.exc


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    try:  # a zombie (dead, not yet reaped) is dead for us
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


class _TaskTracker:
    """Which batch each process worker runs: one small file per worker pid.

    When a worker dies, the file of the dead pid names the batch it was running.
    """

    def __init__(self, temp_folder=None):
        import tempfile

        from ._memmapping import _default_temp_root

        root = temp_folder or _default_temp_root()
        self.folder = tempfile.mkdtemp(prefix=f"aiguille_tasks_{os.getpid()}_", dir=root)

    @staticmethod
    def record(folder, first_index):
        try:
            with open(os.path.join(folder, str(os.getpid())), "w") as f:
                f.write(str(first_index))
        except OSError:
            pass

    def dead_batches(self):
        """First task indices of the batches that dead workers were running."""
        found = []
        try:
            names = os.listdir(self.folder)
        except OSError:
            return found
        for name in names:
            if name.isdigit() and not _pid_alive(int(name)):
                try:
                    with open(os.path.join(self.folder, name)) as f:
                        found.append(int(f.read()))
                except (OSError, ValueError):
                    pass
        return sorted(found)

    def cleanup(self):
        import shutil

        shutil.rmtree(self.folder, ignore_errors=True)


def _format_time(seconds):
    if seconds < 60:
        return f"{seconds:.1f}s"
    return f"{seconds / 60:.1f}min"


_EXIT_CODES = re.compile(r"exit codes? of the workers are (\{.*?\})", re.S)


def _as_terminated_worker_error(exc, running, n_jobs):
    text = str(exc)
    match = _EXIT_CODES.search(text)
    codes = match.group(1) if match else "unknown"
    message = (
        f"A worker process of Parallel(n_jobs={n_jobs}) died while running "
        f"{running}; worker exit code(s): {codes}. "
        "A negative code is the signal that ended the process (-9: SIGKILL, often the "
        "operating system's out-of-memory killer; -11: SIGSEGV, a segmentation fault in "
        "compiled code). If memory is the problem, lower n_jobs or the memory each task "
        "uses, or use backend='threads'."
    )
    err = TerminatedWorkerError(message)
    err.__cause__ = exc
    return err


class Parallel:
    """Run ``delayed`` calls in parallel and return their results in order.

    ``Parallel(n_jobs=2)(delayed(f)(x) for x in xs)`` equals ``[f(x) for x in xs]``. With
    ``n_jobs=1`` (the default unless :class:`parallel_config` says otherwise) it is a plain
    loop in the caller, with a plain traceback.

    Parameters
    ----------
    n_jobs : int, default=None
        Number of workers; ``-1`` means all CPUs this process may use (affinity and
        cgroup quotas are respected), ``-2`` all but one. ``None`` defers to
        :class:`parallel_config` (default 1).
    backend : str or ParallelBackendBase, default=None
        ``"sequential"``, ``"threads"`` (``"threading"``), ``"processes"`` (``"loky"``,
        the default for ``n_jobs > 1``), ``"dask"``, a registered name, or an instance.
    verbose : int, default=0
        Print progress lines (``[Parallel(n_jobs=2)]: Done 10 out of 10 | elapsed: ...``)
        to stderr; higher values print more often.
    timeout : float, default=None
        Seconds to wait for a task to finish; past it, workers are stopped and
        :class:`TimeoutError` is raised.
    pre_dispatch : int or str, default="2 * n_jobs"
        Number of batches sent to workers ahead of time (an expression of ``n_jobs``, or
        ``"all"``).
    batch_size : int or "auto", default="auto"
        Tasks per batch; ``"auto"`` grows batches until one takes about 0.2 to 2 seconds.
    temp_folder : str, default=None
        Where large arguments are written for memory mapping (default ``/dev/shm`` when it
        has room, else the system temporary folder).
    max_nbytes : int, str or None, default="1M"
        Numpy arguments larger than this reach process workers as memory maps;
        ``None`` disables it.
    mmap_mode : {"r", "r+", "c"}, default="r"
        Mode of those memory maps (``"r"``: read-only).
    prefer : {"threads", "processes"}, default=None
        Soft hint used when no backend is chosen.
    require : {"sharedmem"}, default=None
        Run in threads when the chosen backend cannot share memory.
    return_as : {"list", "generator", "generator_unordered"}, default="list"
        A list, a generator in task order, or a generator in completion order.
    progress : bool, default=False
        Show a tqdm progress bar (when tqdm is installed).

    Examples
    --------
    >>> from math import sqrt
    >>> from aiguille import Parallel, delayed
    >>> Parallel(n_jobs=2, backend="threads")(delayed(sqrt)(i**2) for i in range(4))
    [0.0, 1.0, 2.0, 3.0]
    >>> with Parallel(n_jobs=2, backend="threads") as parallel:
    ...     a = parallel(delayed(abs)(-i) for i in range(3))
    ...     b = parallel(delayed(abs)(i) for i in range(3))
    >>> a == b
    True
    """

    def __init__(
        self,
        n_jobs=None,
        backend=None,
        verbose=0,
        timeout=None,
        pre_dispatch="2 * n_jobs",
        batch_size="auto",
        temp_folder=None,
        max_nbytes="1M",
        mmap_mode="r",
        prefer=None,
        require=None,
        return_as="list",
        progress=False,
    ):
        config = _get_config()
        if n_jobs is None:
            n_jobs = config["n_jobs"]
        if verbose == 0 and config["verbose"] is not None:
            verbose = config["verbose"]
        if temp_folder is None:
            temp_folder = config["temp_folder"]
        if max_nbytes == "1M" and config["max_nbytes"] is not None:
            max_nbytes = config["max_nbytes"]
        if mmap_mode == "r" and config["mmap_mode"] is not None:
            mmap_mode = config["mmap_mode"]
        prefer = prefer if prefer is not None else config["prefer"]
        require = require if require is not None else config["require"]
        _check_hints(prefer, require)
        if return_as not in _RETURN_AS:
            raise ValueError(
                f"The 'return_as' parameter of Parallel must be one of {_RETURN_AS}. Got "
                f"{return_as!r} instead."
            )
        if not (batch_size == "auto" or (isinstance(batch_size, int) and batch_size >= 1)):
            raise ValueError(
                "The 'batch_size' parameter of Parallel must be 'auto' or an int >= 1. Got "
                f"{batch_size!r} instead."
            )
        if n_jobs is not None and (not isinstance(n_jobs, numbers.Real) or n_jobs == 0):
            raise ValueError(
                "The 'n_jobs' parameter of Parallel must be a non-zero int or None (-1 means "
                f"all CPUs). Got {n_jobs!r} instead."
            )
        if mmap_mode not in (None, "r", "r+", "c", "w+"):
            raise ValueError(
                "The 'mmap_mode' parameter of Parallel must be one of None, 'r', 'r+', 'c', "
                f"'w+'. Got {mmap_mode!r} instead."
            )

        self.n_jobs = n_jobs
        self.verbose = verbose
        self.timeout = timeout
        self.pre_dispatch = pre_dispatch
        self.batch_size = batch_size
        self.temp_folder = temp_folder
        self.max_nbytes = _memstr_to_bytes(max_nbytes)
        self.mmap_mode = mmap_mode
        self.prefer = prefer
        self.require = require
        self.return_as = return_as
        self.progress = progress
        self._backend = self._resolve_backend(backend, config, prefer, require)
        self._managed = False

    # ---------------------------------------------------------------------------------------
    def _resolve_backend(self, backend, config, prefer, require):
        explicit = backend is not None
        params = None
        if backend is None and config["backend"] is not None:
            backend = config["backend"]
            params = config["backend_params"]
            if config.get("inner_max_num_threads") is not None:
                params = dict(params or {}, inner_max_num_threads=config["inner_max_num_threads"])
        if backend is None:
            name = "threads" if prefer == "threads" or require == "sharedmem" else _DEFAULT["name"]
            instance = _make_backend(name)
        else:
            try:
                instance = _make_backend(backend, params=params)
            except TypeError:
                if not params:
                    raise
                instance = _make_backend(backend)
            if require == "sharedmem" and not instance.supports_sharedmem:
                if explicit:
                    raise ValueError(
                        f"Backend {instance!r} cannot share memory with the caller, but "
                        "require='sharedmem' was given: use backend='threads' or drop the "
                        "requirement."
                    )
                instance = ThreadingBackend()
            elif (
                not explicit
                and prefer == "threads"
                and not instance.uses_threads
                and not isinstance(instance, DaskBackend)
            ):
                instance = ThreadingBackend()

        inner = config.get("inner_max_num_threads")
        if inner is not None and getattr(instance, "inner_max_num_threads", 0) is None:
            instance.inner_max_num_threads = inner

        # Nested calls: processes -> threads -> sequential, one level of parallelism.
        kind = _current_worker_kind()
        if kind == "processes" and not (
            instance.uses_threads or isinstance(instance, DaskBackend)
        ):
            instance = ThreadingBackend(nesting_level=1)
        elif kind in ("threads", "sequential") and not isinstance(
            instance, SequentialBackend | DaskBackend
        ):
            instance = SequentialBackend(nesting_level=1)
        self._worker_kind_outer = kind
        return instance

    def _effective_n_jobs(self):
        backend = self._backend
        if isinstance(backend, SequentialBackend):
            return 1
        n_jobs = backend.effective_n_jobs(self.n_jobs)
        if self._worker_kind_outer == "processes":
            # Inside a process worker: stay within the worker's share of the CPUs.
            limit = int(os.environ.get("AIGUILLE_WORKER_THREADS", "0") or 0)
            if limit > 0:
                n_jobs = min(n_jobs, limit)
        return n_jobs

    def __repr__(self):
        return f"Parallel(n_jobs={self.n_jobs})"

    def __enter__(self):
        self._managed = True
        n_jobs = self._effective_n_jobs()
        if n_jobs > 1 or isinstance(self._backend, DaskBackend):
            self._backend.configure(n_jobs, self)
        return self

    def __exit__(self, *exc):
        self._managed = False
        self._backend.terminate()

    # ---------------------------------------------------------------------------------------
    def __call__(self, iterable):
        """Run the tasks of ``iterable`` (``delayed(f)(...)`` tuples).

        Parameters
        ----------
        iterable : iterable of (callable, tuple, dict)
            Usually a generator expression of ``delayed`` calls.

        Returns
        -------
        results : list or generator
            As ``return_as`` says.
        """
        n_jobs = self._effective_n_jobs()
        if n_jobs == 1 and not isinstance(self._backend, DaskBackend):
            return self._call_sequential(iterable)
        # (Re)configure: reuses the workers of a ``with Parallel(...)`` block, and restarts
        # them if a timeout or an interrupt stopped them.
        n_jobs = self._backend.configure(n_jobs, self)
        run = _Run(self, iterable, n_jobs)
        try:
            run.start()
        except BaseException as exc:
            # Same rule as in ``_Run.results``: a KeyboardInterrupt (not an Exception)
            # during dispatch stops the workers that already run tasks.
            if run._cancel_all() and not isinstance(exc, Exception):
                self._backend.abort_everything()
            run.close()
            raise
        if self.return_as == "list":
            return list(run.results())
        return run.results()

    def _call_sequential(self, iterable):
        tasks = ((f, a, k) for f, a, k in iterable)
        if not self.verbose and not self.progress:
            if self.return_as == "list":
                return [f(*a, **k) for f, a, k in tasks]
            return (f(*a, **k) for f, a, k in tasks)
        gen = self._sequential_with_progress(tasks, iterable)
        return list(gen) if self.return_as == "list" else gen

    def _sequential_with_progress(self, tasks, iterable):
        reporter = _Reporter(self, 1, iterable)
        try:
            for f, a, k in tasks:
                result = f(*a, **k)
                reporter.update(1)
                yield result
            reporter.finish()
        finally:
            reporter.close()


class _Reporter:
    """Verbose lines and the optional tqdm bar."""

    def __init__(self, parallel, n_jobs, iterable):
        self.verbose = parallel.verbose
        self.prefix = f"[Parallel(n_jobs={n_jobs})]"
        self.start = time.time()
        self.n_done = 0
        self.total = None
        self._next_print = 1
        try:
            self.total = len(iterable)
        except TypeError:
            pass
        self.bar = None
        if parallel.progress:
            try:
                from tqdm.auto import tqdm

                self.bar = tqdm(total=self.total, desc="Parallel", leave=True)
            except ImportError:
                warnings.warn(
                    "progress=True needs tqdm (pip install aiguille[progress]); no bar shown.",
                    stacklevel=4,
                )

    def write(self, message):
        sys.stderr.write(f"{self.prefix}: {message}\n")
        sys.stderr.flush()

    def update(self, n):
        self.n_done += n
        if self.bar is not None:
            self.bar.update(n)
        if self.verbose and self.n_done >= self._next_print:
            step = 1 if self.verbose >= 50 else 2
            while self._next_print <= self.n_done:
                self._next_print = self._next_print * step if step > 1 else self._next_print + 1
            elapsed = _format_time(time.time() - self.start)
            self.write(f"Done {self.n_done:4d} tasks      | elapsed: {elapsed:>7s}")

    def set_total(self, total):
        self.total = total
        if self.bar is not None and self.bar.total != total:
            self.bar.total = total
            self.bar.refresh()

    def finish(self):
        if self.verbose:
            elapsed = _format_time(time.time() - self.start)
            total = self.total if self.total is not None else self.n_done
            done = f"Done {self.n_done:4d} out of {total:4d}"
            self.write(f"{done} | elapsed: {elapsed:>7s} finished")

    def close(self):
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class _Run:
    """One call of :class:`Parallel` on a pool: dispatch batches, collect results."""

    def __init__(self, parallel, iterable, n_jobs):
        self.parallel = parallel
        self.backend = parallel._backend
        self.iterator = iter(iterable)
        self.n_jobs = n_jobs
        self.auto = parallel.batch_size == "auto"
        self.batch_size = 1 if self.auto else parallel.batch_size
        self.timeout = parallel.timeout
        pre = parallel.pre_dispatch
        if pre == "all":
            self.max_inflight = sys.maxsize
        elif isinstance(pre, str):
            self.max_inflight = max(int(eval(pre, {}, {"n_jobs": n_jobs})), 1)
        else:
            self.max_inflight = max(int(pre), 1)
        self.worker_kind = "threads" if self.backend.uses_threads else "processes"
        self.memmapper = None
        self.tracker = None
        self.track_dir = None
        self.dead_snapshot = None
        self.dead_event = threading.Event()
        if getattr(self.backend, "tracks_worker_deaths", False):
            self.tracker = _TaskTracker(parallel.temp_folder)
            self.track_dir = self.tracker.folder
            weakref.finalize(self, self.tracker.cleanup)
        if (
            self.backend.supports_memmapping
            and parallel.max_nbytes is not None
            and parallel.mmap_mode is not None
        ):
            self.memmapper = _ArgMemmapper(
                parallel.max_nbytes, parallel.mmap_mode, parallel.temp_folder
            )
            # A generator that is never consumed still removes its temporary folder.
            weakref.finalize(self, self.memmapper.cleanup)
        self.ready = deque()  # batches split from a chunk, not yet sent
        self.inflight = {}  # future -> (batch_index, batch)
        self.done = {}  # batch_index -> results
        self.next_batch_index = 0
        self.next_to_yield = 0
        self.n_tasks_dispatched = 0
        self.exhausted = False
        self.closed = False
        self.reporter = _Reporter(parallel, n_jobs, iterable)
        if parallel.verbose:
            self.reporter.write(
                f"Using backend {type(self.backend).__name__} with {n_jobs} concurrent workers."
            )

    # -- dispatch ----------------------------------------------------------------------------
    def _next_batch(self):
        if self.ready:
            return self.ready.popleft()
        if self.exhausted:
            return None
        if self.auto:
            chunk = list(itertools.islice(self.iterator, self.batch_size * self.n_jobs))
            if not chunk:
                self._set_exhausted()
                return None
            size = min(max(1, len(chunk) // (2 * self.n_jobs)), self.batch_size)
            for i in range(0, len(chunk), size):
                self.ready.append((chunk[i : i + size], self.batch_size))
            return self.ready.popleft()
        items = list(itertools.islice(self.iterator, self.batch_size))
        if not items:
            self._set_exhausted()
            return None
        return items, self.batch_size

    def _set_exhausted(self):
        self.exhausted = True
        self.reporter.set_total(self.n_tasks_dispatched)

    def _dispatch(self):
        while len(self.inflight) < self.max_inflight:
            nxt = self._next_batch()
            if nxt is None:
                return
            items, size_setting = nxt
            batch = _BatchedCalls(
                items, self.worker_kind, self.n_tasks_dispatched, self.memmapper, self.track_dir
            )
            self.n_tasks_dispatched += len(items)
            future = self.backend.submit(batch)
            if self.tracker is not None:
                future.add_done_callback(self._snapshot_dead_workers)
            self.inflight[future] = (self.next_batch_index, batch, size_setting)
            self.next_batch_index += 1

    def start(self):
        self._dispatch()
        if self.exhausted and not self.ready:
            self.reporter.set_total(self.n_tasks_dispatched)

    # -- collect -------------------------------------------------------------------------------
    def _update_batch_size(self, size_setting, duration):
        if not self.auto or size_setting != self.batch_size:
            return
        old = self.batch_size
        if duration < MIN_IDEAL_BATCH_DURATION:
            # Straight to the size that should take ~0.2-0.4 s (joblib doubles step by
            # step); chunks are still split over 2 * n_jobs batches, which bounds imbalance.
            ideal = int(old * MIN_IDEAL_BATCH_DURATION / max(duration, 1e-6))
            self.batch_size = max(2 * ideal, 1)
        elif duration > MAX_IDEAL_BATCH_DURATION and old >= 2:
            ideal = int(old * MIN_IDEAL_BATCH_DURATION / duration)
            self.batch_size = max(2 * ideal, 1)

    def _wait_some(self):
        done, _ = _wait_futures(
            list(self.inflight), timeout=self.timeout, return_when=FIRST_COMPLETED
        )
        if not done:
            self.backend.abort_everything()
            self._cancel_all()
            raise TimeoutError(
                f"Parallel call timed out: no task finished within timeout={self.timeout} s "
                f"(running: {', '.join(v[1].describe() for v in self.inflight.values())}). "
                "The workers were stopped."
            )
        # Keep dispatch order so that errors name the earliest failing batch.
        for future in sorted(done, key=lambda f: self.inflight[f][0]):
            index, batch, size_setting = self.inflight.pop(future)
            try:
                results, duration = future.result()
            except CancelledError:
                continue
            except BaseException as exc:
                self._fail(exc, batch)
            self._update_batch_size(size_setting, duration)
            self.done[index] = results
            self.reporter.update(len(batch))

    def _cancel_all(self):
        stuck = False
        for future in list(self.inflight):
            if not future.cancel() and not future.done():
                stuck = True
        self.ready.clear()
        self.exhausted = True
        return stuck

    def _fail(self, exc, batch):
        kind = type(exc).__name__
        dead = kind in ("TerminatedWorkerError", "BrokenProcessPool") and not isinstance(
            exc, TerminatedWorkerError
        )
        # Pending batches are cancelled; batches already running finish in the background
        # (killing workers would make the next call pay for new ones).
        running = None
        if kind == "TerminatedWorkerError" and not isinstance(exc, TerminatedWorkerError):
            running = self._dead_worker_tasks(batch)
        self._cancel_all()
        if dead:
            self.backend.abort_everything()
        self.inflight.clear()
        if running is not None:
            raise _as_terminated_worker_error(exc, running, self.n_jobs) from exc
        raise exc

    def _snapshot_dead_workers(self, future):
        # Runs in loky's manager thread when it fails the futures, before it kills the
        # surviving workers: only the workers that really died are dead at this point.
        if self.dead_snapshot is not None or future.cancelled():
            return
        exc = future.exception()
        if exc is not None and type(exc).__name__ == "TerminatedWorkerError":
            self.dead_snapshot = self.tracker.dead_batches()
            self.dead_event.set()

    def _dead_worker_tasks(self, batch):
        """Describe the batch(es) that the dead worker(s) were running."""
        if self.tracker is not None:
            known = {b.first_index: b for _, b, _ in self.inflight.values()}
            known[batch.first_index] = batch
            # The callback runs just after the waiters are woken up: give it a moment.
            self.dead_event.wait(timeout=2.0)
            firsts = [i for i in (self.dead_snapshot or []) if i in known]
            if firsts:
                return " and ".join(known[i].describe() for i in firsts)
        return f"one of the running tasks, probably {batch.describe()}"

    def results(self):
        """Yield results (in order or as they complete) and always clean up."""
        ordered = self.parallel.return_as != "generator_unordered"
        try:
            while True:
                if ordered:
                    while self.next_to_yield in self.done:
                        yield from self.done.pop(self.next_to_yield)
                        self.next_to_yield += 1
                else:
                    while self.done:
                        _, results = self.done.popitem()
                        yield from results
                if not self.inflight:
                    self._dispatch()
                    if not self.inflight:
                        break
                self._wait_some()
                self._dispatch()
            self.reporter.finish()
        except BaseException as exc:
            # Error, timeout, KeyboardInterrupt or generator closed early.
            if self.inflight:
                stuck = self._cancel_all()
                if stuck and not isinstance(exc, GeneratorExit | Exception):
                    self.backend.abort_everything()  # KeyboardInterrupt: stop the workers
            raise
        finally:
            self.close()

    def close(self):
        if self.closed:
            return
        self.closed = True
        self.reporter.close()
        if self.memmapper is not None:
            self.memmapper.cleanup()
        if self.tracker is not None:
            self.tracker.cleanup()
        if not self.parallel._managed:
            self.backend.terminate()


def effective_n_jobs(n_jobs=-1):
    """Return the number of workers ``Parallel(n_jobs=n_jobs)`` would use here.

    Takes :class:`parallel_config` and nesting (inside a worker) into account.

    Parameters
    ----------
    n_jobs : int or None, default=-1
        As for :class:`Parallel`.

    Returns
    -------
    n : int
        The number of concurrent workers (1 means a plain loop).

    Examples
    --------
    >>> from aiguille import cpu_count
    >>> from aiguille.parallel import effective_n_jobs
    >>> effective_n_jobs(-1) == cpu_count()
    True
    >>> effective_n_jobs(None)
    1
    """
    if n_jobs == 1:
        return 1
    return Parallel(n_jobs=n_jobs)._effective_n_jobs()
