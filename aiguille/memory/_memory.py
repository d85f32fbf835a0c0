"""``Memory``: cache the results of pure functions on disk (and optionally in memory)."""

import datetime
import functools
import inspect
import json
import os
import threading
import time
import warnings
from collections import OrderedDict

import xxhash

from . import _store
from ._hashing import hash as _hash


class CacheWarning(UserWarning):
    """Something went wrong with a cache entry; the call was computed instead."""


class FunctionChangedWarning(CacheWarning):
    """The code of a cached function changed: its old entries were cleared."""


_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


def _parse_bytes(value, name):
    if value is None:
        return None
    if isinstance(value, int | float) and value >= 0:
        return int(value)
    if isinstance(value, str):
        text = value.strip().upper().removesuffix("B")
        unit = text[-1:] if text[-1:] in _UNITS else ""
        number = text[: len(text) - len(unit)]
        try:
            return int(float(number) * _UNITS[unit])
        except ValueError:
            pass
    raise ValueError(
        f"The '{name}' parameter of Memory must be a non-negative int or a string such as "
        f"'100M' (K, M, G, T units), or None. Got {value!r} instead."
    )


def _parse_age(value):
    if value is None:
        return None
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, int | float) and value >= 0:
        return float(value)
    raise ValueError(
        "The 'age_limit' parameter of Memory must be a datetime.timedelta, a number of "
        f"seconds >= 0, or None. Got {value!r} instead."
    )


def _format_duration(seconds):
    return f"{seconds:.1f}s, {seconds / 60:.1f}min"


def _short_repr(value, limit=200):
    try:
        text = repr(value)
    except Exception:  # pragma: no cover - broken __repr__
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _func_identity(func):
    """``(module, name)`` of a function, names safe for the file system."""
    target = func.func if isinstance(func, functools.partial) else func
    module = getattr(target, "__module__", None) or "__main__"
    name = getattr(target, "__qualname__", None) or getattr(target, "__name__", None)
    if name is None:
        name = type(target).__name__
    if "<lambda>" in name:
        code = getattr(target, "__code__", None)
        if code is not None:
            name = f"{name}-L{code.co_firstlineno}"
    return _store.safe_name(module), _store.safe_name(name)


def _func_source(func):
    """The source code of ``func`` and its first line number (fallback: its bytecode)."""
    target = inspect.unwrap(func.func if isinstance(func, functools.partial) else func)
    try:
        lines, first = inspect.getsourcelines(target)
        return "".join(lines), first
    except (OSError, TypeError):
        code = getattr(target, "__code__", None)
        if code is not None:
            return f"# bytecode {code.co_code.hex()} {code.co_consts!r}", code.co_firstlineno
        return f"# {target!r}", 0


class NotMemorizedResult:
    """The result of ``call_and_shelve`` when nothing is cached: it holds the value."""

    def __init__(self, value):
        self.value = value
        self._valid = True

    def get(self):
        """Return the value."""
        if not self._valid:
            raise KeyError("This result was cleared.")
        return self.value

    def clear(self):
        """Forget the value."""
        self._valid = False
        self.value = None

    def __repr__(self):
        return f"NotMemorizedResult({_short_repr(self.value, 60)})"


class MemorizedResult:
    """A lazy reference to a result stored in a cache (from ``call_and_shelve``).

    Cheap to pickle: send it to another process and call :meth:`get` there.
    """

    def __init__(self, entry_dir, func_name, mmap_mode=None):
        self.entry_dir = entry_dir
        self.func_name = func_name
        self.mmap_mode = mmap_mode

    def get(self):
        """Load and return the stored result."""
        from ..persistence import load

        path = os.path.join(self.entry_dir, _store.OUTPUT)
        if not os.path.exists(path):
            raise KeyError(
                f"The result of {self.func_name} is no longer in the cache ({self.entry_dir}): "
                "it was cleared or evicted. Call the function again."
            )
        _store.touch(self.entry_dir)
        return load(path, mmap_mode=self.mmap_mode)

    def clear(self):
        """Remove the stored result from the cache."""
        _store.remove_dir(self.entry_dir)

    def __repr__(self):
        return f"MemorizedResult(func={self.func_name!r}, entry={self.entry_dir!r})"


class NotMemorizedFunc:
    """What ``Memory(None).cache(f)`` returns: calls ``f``, caches nothing."""

    def __init__(self, func):
        self.func = func
        functools.update_wrapper(self, func, updated=())

    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)

    def call(self, *args, **kwargs):
        """Call the function."""
        return self.func(*args, **kwargs)

    def call_and_shelve(self, *args, **kwargs):
        """Call the function; return a :class:`NotMemorizedResult`."""
        return NotMemorizedResult(self.func(*args, **kwargs))

    def check_call_in_cache(self, *args, **kwargs):
        """Always ``False``: nothing is cached."""
        return False

    def clear(self, warn=True):
        """Nothing to clear."""

    def __repr__(self):
        return f"NotMemorizedFunc(func={self.func!r})"

    def __reduce__(self):
        return NotMemorizedFunc, (self.func,)


class MemorizedFunc:
    """A function whose results are cached by a :class:`Memory`.

    Call it like the function. Also: :meth:`call` (force a run), :meth:`call_and_shelve`
    (a lazy reference to the result), :meth:`check_call_in_cache`, :meth:`clear`.
    """

    def __init__(self, func, memory, ignore=None, mmap_mode=False, verbose=None):
        self.func = func
        self.memory = memory
        self.ignore = list(ignore or [])
        self.mmap_mode = memory.mmap_mode if mmap_mode is False else mmap_mode
        self.verbose = memory.verbose if verbose is None else verbose
        functools.update_wrapper(self, func, updated=())
        self._module, self._name = _func_identity(func)
        self.func_dir = os.path.join(memory.location, self._module, self._name)
        try:
            self._signature = inspect.signature(func)
        except (TypeError, ValueError):
            self._signature = None
        if self.ignore:
            params = self._signature.parameters if self._signature is not None else {}
            unknown = [name for name in self.ignore if name not in params]
            if unknown:
                raise ValueError(
                    f"The 'ignore' parameter of Memory.cache names {unknown}, which are not "
                    f"parameters of {self._name}{self._signature}."
                )
        source, self._first_line = _func_source(func)
        self._code_hash = xxhash.xxh3_128_hexdigest(source.encode("utf-8", "replace"))
        self._source = source
        self._code_checked = False
        self._self_obj = getattr(func, "__self__", None)

    # -- keys -----------------------------------------------------------------------------
    def _normalized_args(self, args, kwargs):
        if self._signature is None:
            normalized = {"*args": args, "**kwargs": kwargs}
        else:
            bound = self._signature.bind(*args, **kwargs)
            bound.apply_defaults()
            normalized = dict(bound.arguments)
            for name in self.ignore:
                normalized.pop(name, None)
        if self._self_obj is not None and not inspect.ismodule(self._self_obj):
            normalized["__self__"] = self._self_obj
        return normalized

    def _entry_dir(self, arg_hash):
        return os.path.join(self.func_dir, arg_hash)

    def _full_name(self):
        return f"{self._module}.{self._name}"

    # -- code change detection ------------------------------------------------------------
    def _check_code(self):
        if self._code_checked:
            return
        self._code_checked = True
        path = os.path.join(self.func_dir, _store.FUNC_CODE)
        text = f"# first line: {self._first_line}\n# code hash: {self._code_hash}\n{self._source}"
        try:
            with open(path, encoding="utf-8") as f:
                old = f.read()
        except OSError:
            old = None
        if old is not None:
            old_hash = old.split("\n", 2)[1].removeprefix("# code hash: ") if "\n" in old else ""
            if old_hash == self._code_hash:
                return
            if os.path.isdir(self.func_dir) and any(
                not n.startswith(".") and n != _store.FUNC_CODE for n in os.listdir(self.func_dir)
            ):
                warnings.warn(
                    f"The code of {self._full_name()} has changed since its results were "
                    f"cached in {self.func_dir}: clearing those entries.",
                    FunctionChangedWarning,
                    stacklevel=4,
                )
                self._clear_entries()
        try:
            os.makedirs(self.func_dir, exist_ok=True)
            _store.write_text_atomic(path, text)
        except OSError as exc:
            warnings.warn(f"Could not write {path}: {exc}", CacheWarning, stacklevel=4)

    # -- core ------------------------------------------------------------------------------
    def _log(self, message):
        print(message, flush=True)

    def _load_entry(self, entry_dir, arg_hash):
        """Return ``(True, value)`` from the cache, or ``(False, None)`` to recompute."""
        from ..persistence import load

        output = os.path.join(entry_dir, _store.OUTPUT)
        try:
            if not os.path.isdir(entry_dir):
                return False, None
            metadata = _store.read_metadata(entry_dir)
            if metadata.get("code_hash") not in (None, self._code_hash):
                return False, None
            start = time.perf_counter()
            value = load(output, mmap_mode=None if self.memory.compress else self.mmap_mode)
        except Exception as exc:
            if not os.path.isdir(entry_dir):  # evicted meanwhile by another process
                return False, None
            warnings.warn(
                f"The cache entry {entry_dir} of {self._full_name()} is corrupted or "
                f"incomplete ({type(exc).__name__}: {exc}); recomputing it.",
                CacheWarning,
                stacklevel=4,
            )
            _store.remove_dir(entry_dir)
            return False, None
        _store.touch(entry_dir)
        if self.verbose:
            elapsed = time.perf_counter() - start
            self._log(
                f"[Memory]{_format_duration(elapsed)}: Loading {self._name} from {entry_dir}"
            )
        return True, value

    def _compute_and_store(self, args, kwargs, arg_hash, normalized, overwrite=False):
        """Run the function and store its output; return ``(value, entry_dir or None)``."""
        if self.verbose:
            self._log("_" * 80)
            shown = ", ".join(
                f"{k}={_short_repr(v, 60)}" for k, v in normalized.items() if k != "__self__"
            )
            self._log(f"[Memory] Calling {self._full_name()}({shown})")
        start = time.perf_counter()
        value = self.func(*args, **kwargs)
        duration = time.perf_counter() - start
        if self.verbose:
            label = f"{self._name} - {_format_duration(duration)}"
            self._log(label.rjust(80, "_"))
        entry_dir = self._store(value, arg_hash, normalized, duration, overwrite)
        return value, entry_dir

    def _store(self, value, arg_hash, normalized, duration, overwrite):
        from ..persistence import dump

        entry_dir = self._entry_dir(arg_hash)
        tmp_dir = os.path.join(self.func_dir, _store.tmp_name(arg_hash))
        try:
            os.makedirs(tmp_dir)
            dump(value, os.path.join(tmp_dir, _store.OUTPUT), compress=self.memory.compress)
            now = time.time()
            metadata = {
                "function": self._full_name(),
                "duration": duration,
                "input_args": {
                    k: _short_repr(v) for k, v in normalized.items() if k != "__self__"
                },
                "time": now,
                "last_access": now,
                "size": _store.dir_size(tmp_dir),
                "code_hash": self._code_hash,
            }
            with open(os.path.join(tmp_dir, _store.METADATA), "w", encoding="utf-8") as f:
                json.dump(metadata, f)
        except Exception as exc:
            _store._silent_remove(tmp_dir)
            warnings.warn(
                f"The result of {self._full_name()} could not be stored in the cache "
                f"({type(exc).__name__}: {exc}); it is returned but not cached.",
                CacheWarning,
                stacklevel=4,
            )
            return None
        _store.publish_dir(tmp_dir, entry_dir, overwrite)
        self.memory._after_store()
        return entry_dir

    def _prepare(self, args, kwargs):
        self._check_code()
        normalized = self._normalized_args(args, kwargs)
        return normalized, _hash(normalized)

    def _cached_call(self, args, kwargs, shelve=False):
        try:
            normalized, arg_hash = self._prepare(args, kwargs)
        except TypeError:
            raise
        except Exception as exc:
            warnings.warn(
                f"The arguments of {self._full_name()} cannot be hashed ({exc}); calling it "
                "without the cache.",
                CacheWarning,
                stacklevel=3,
            )
            value = self.func(*args, **kwargs)
            return NotMemorizedResult(value) if shelve else value
        key = (self.func_dir, arg_hash)
        entry_dir = self._entry_dir(arg_hash)
        if not shelve:
            hit, value = self.memory._mem_get(key)
            if hit:
                return value
            hit, value = self._load_entry(entry_dir, arg_hash)
            if hit:
                self.memory._mem_put(key, value)
                return value
        elif self._entry_complete(entry_dir):
            _store.touch(entry_dir)
            return MemorizedResult(entry_dir, self._full_name(), self.mmap_mode)
        value, stored = self._compute_and_store(args, kwargs, arg_hash, normalized)
        if shelve:
            if stored is None:
                return NotMemorizedResult(value)
            return MemorizedResult(stored, self._full_name(), self.mmap_mode)
        if stored is not None:
            self.memory._mem_put(key, value)
        return value

    def _entry_complete(self, entry_dir):
        return os.path.isfile(os.path.join(entry_dir, _store.OUTPUT)) and os.path.isfile(
            os.path.join(entry_dir, _store.METADATA)
        )

    # -- public ----------------------------------------------------------------------------
    def __call__(self, *args, **kwargs):
        return self._cached_call(args, kwargs)

    def call(self, *args, **kwargs):
        """Run the function even if a result is cached, store and return the output."""
        normalized, arg_hash = self._prepare(args, kwargs)
        value, stored = self._compute_and_store(args, kwargs, arg_hash, normalized, overwrite=True)
        key = (self.func_dir, arg_hash)
        if stored is not None:
            self.memory._mem_put(key, value)
        return value

    def call_and_shelve(self, *args, **kwargs):
        """Compute (or find) the result and return a lazy reference to it.

        Returns
        -------
        result : MemorizedResult or NotMemorizedResult
            ``result.get()`` loads the value; ``result.clear()`` removes it.
        """
        return self._cached_call(args, kwargs, shelve=True)

    def check_call_in_cache(self, *args, **kwargs):
        """Return whether the result of this call is in the cache (nothing is run)."""
        normalized, arg_hash = self._prepare(args, kwargs)
        if self.memory._mem_contains((self.func_dir, arg_hash)):
            return True
        return self._entry_complete(self._entry_dir(arg_hash))

    def _clear_entries(self):
        self.memory._mem_clear(self.func_dir)
        try:
            names = os.listdir(self.func_dir)
        except OSError:
            return
        for name in names:
            path = os.path.join(self.func_dir, name)
            if name != _store.FUNC_CODE and os.path.isdir(path):
                _store.remove_dir(path)

    def clear(self, warn=True):
        """Remove every cached result of this function."""
        if warn and self.verbose:
            self._log(f"[Memory] Clearing the cache of {self._full_name()} in {self.func_dir}")
        self._clear_entries()

    def __repr__(self):
        return f"MemorizedFunc(func={self.func!r}, location={self.memory.location!r})"

    def __reduce__(self):
        return _rebuild_memorized, (
            self.func,
            self.memory,
            self.ignore,
            self.mmap_mode,
            self.verbose,
        )


def _rebuild_memorized(func, memory, ignore, mmap_mode, verbose):
    return MemorizedFunc(func, memory, ignore=ignore, mmap_mode=mmap_mode, verbose=verbose)


class Memory:
    """Cache the results of functions on disk, keyed by their code and arguments.

    ``Memory(location).cache(f)`` returns a function that computes ``f(*args)`` once per
    distinct arguments and reloads the result afterwards. The key is the function's
    identity (module and qualified name), its source code and a hash of its arguments
    normalised through its signature (positional and keyword forms, defaults filled in).
    Results are stored with :func:`aiguille.dump`, so numpy arrays can come back as
    read-only memory maps. ``Memory(None)`` caches nothing.

    Parameters
    ----------
    location : str, path-like or None, default=None
        Cache folder (created when needed). ``None`` disables caching.
    mmap_mode : {None, "r", "r+", "c"}, default=None
        Memory-map the arrays of loaded results (``"r"``: read-only ``np.memmap``).
    compress : bool or int, default=False
        Compress stored results (0-9); compressed results cannot be memory-mapped.
    verbose : int, default=0
        Print a line for each call computed and each result loaded.
    bytes_limit : int or str, default=None
        Keep the cache under this size (``"1G"``), evicting least recently used entries
        after each store.
    items_limit : int, default=None
        Keep at most this many entries (least recently used evicted first).
    age_limit : datetime.timedelta or float, default=None
        Evict entries not used for this long (seconds if a number).
    mem_items : int, default=0
        Also keep the last ``mem_items`` results in memory, served without touching the
        disk (the same object is returned to every caller).

    Examples
    --------
    >>> import tempfile
    >>> import numpy as np
    >>> from aiguille import Memory
    >>> memory = Memory(tempfile.mkdtemp(), mmap_mode="r")
    >>> @memory.cache
    ... def square(x):
    ...     return np.asarray(x) ** 2
    >>> square([1, 2, 3])
    array([1, 4, 9])
    >>> square(x=[1, 2, 3])  # same call: loaded from the cache, memory-mapped
    memmap([1, 4, 9])
    >>> square.check_call_in_cache([1, 2, 3])
    True
    """

    def __init__(
        self,
        location=None,
        *,
        mmap_mode=None,
        compress=False,
        verbose=0,
        bytes_limit=None,
        items_limit=None,
        age_limit=None,
        mem_items=0,
    ):
        if mmap_mode not in (None, "r", "r+", "c"):
            raise ValueError(
                "The 'mmap_mode' parameter of Memory must be one of None, 'r', 'r+', 'c'. "
                f"Got {mmap_mode!r} instead."
            )
        if items_limit is not None and (not isinstance(items_limit, int) or items_limit < 0):
            raise ValueError(
                "The 'items_limit' parameter of Memory must be an int >= 0 or None. Got "
                f"{items_limit!r} instead."
            )
        if not isinstance(mem_items, int) or mem_items < 0:
            raise ValueError(
                f"The 'mem_items' parameter of Memory must be an int >= 0. Got {mem_items!r} "
                "instead."
            )
        self.location = None if location is None else os.fspath(location)
        self.mmap_mode = mmap_mode
        self.compress = compress
        self.verbose = verbose
        self.bytes_limit = bytes_limit
        self.items_limit = items_limit
        self.age_limit = age_limit
        self.mem_items = mem_items
        self._bytes_limit = _parse_bytes(bytes_limit, "bytes_limit")
        self._age_limit = _parse_age(age_limit)
        self._mem = OrderedDict()
        self._mem_lock = threading.Lock()
        if self.location is not None:
            os.makedirs(self.location, exist_ok=True)
        if compress and mmap_mode is not None:
            warnings.warn(
                "Memory(compress=...) stores compressed results, which cannot be memory-mapped: "
                "mmap_mode is ignored.",
                CacheWarning,
                stacklevel=2,
            )

    # -- in-memory first level ---------------------------------------------------------------
    def _mem_get(self, key):
        if not self.mem_items:
            return False, None
        with self._mem_lock:
            if key in self._mem:
                self._mem.move_to_end(key)
                return True, self._mem[key]
        return False, None

    def _mem_put(self, key, value):
        if not self.mem_items:
            return
        with self._mem_lock:
            self._mem[key] = value
            self._mem.move_to_end(key)
            while len(self._mem) > self.mem_items:
                self._mem.popitem(last=False)

    def _mem_contains(self, key):
        with self._mem_lock:
            return key in self._mem

    def _mem_clear(self, func_dir=None):
        with self._mem_lock:
            if func_dir is None:
                self._mem.clear()
            else:
                for key in [k for k in self._mem if k[0] == func_dir]:
                    del self._mem[key]

    # -- public ------------------------------------------------------------------------------
    def cache(self, func=None, *, ignore=None, verbose=None, mmap_mode=False):
        """Wrap ``func`` so that its results are cached (also usable as a decorator).

        Parameters
        ----------
        func : callable, default=None
            The function; omit it to get a decorator (``@memory.cache(ignore=["n_jobs"])``).
        ignore : list of str, default=None
            Arguments that do not change the result (verbosity, ``n_jobs``): not hashed.
        verbose : int, default=None
            Overrides the Memory's verbosity.
        mmap_mode : {None, "r", "r+", "c"}, default=False
            Overrides the Memory's ``mmap_mode`` (``False``: keep it).

        Returns
        -------
        memorized : MemorizedFunc or NotMemorizedFunc
            The wrapped function.
        """
        if func is None:
            return functools.partial(
                self.cache, ignore=ignore, verbose=verbose, mmap_mode=mmap_mode
            )
        if self.location is None:
            return NotMemorizedFunc(func)
        if isinstance(func, MemorizedFunc | NotMemorizedFunc):
            func = func.func
        return MemorizedFunc(func, self, ignore=ignore, mmap_mode=mmap_mode, verbose=verbose)

    def clear(self, warn=True):
        """Remove every cached result under ``location``."""
        self._mem_clear()
        if self.location is None:
            return
        if warn and self.verbose:
            print(f"[Memory] Clearing the whole cache in {self.location}", flush=True)
        # Only what Memory wrote: a location shared with other files keeps them.
        for func_dir in _store.func_dirs(self.location):
            _store.remove_dir(func_dir)
            try:
                os.rmdir(os.path.dirname(func_dir))  # the module folder, when now empty
            except OSError:
                pass

    def reduce_size(self, bytes_limit=None, items_limit=None, age_limit=None):
        """Evict least recently used entries until the limits hold.

        Parameters
        ----------
        bytes_limit, items_limit, age_limit
            As in the constructor; ``None`` uses the Memory's own limit.

        Returns
        -------
        removed : list of str
            The entry folders that were removed, least recently used first.
        """
        if self.location is None:
            return []
        bytes_limit = _parse_bytes(bytes_limit, "bytes_limit")
        bytes_limit = self._bytes_limit if bytes_limit is None else bytes_limit
        items_limit = self.items_limit if items_limit is None else items_limit
        age_limit = _parse_age(age_limit)
        age_limit = self._age_limit if age_limit is None else age_limit
        if bytes_limit is None and items_limit is None and age_limit is None:
            return []
        entries = sorted(_store.list_entries(self.location), key=lambda e: e[1])
        total = sum(size for _, _, size in entries)
        count = len(entries)
        now = time.time()
        removed = []
        for path, last_access, size in entries:
            too_old = age_limit is not None and now - last_access > age_limit
            too_big = bytes_limit is not None and total > bytes_limit
            too_many = items_limit is not None and count > items_limit
            if not (too_old or too_big or too_many):
                break
            if _store.remove_dir(path):
                removed.append(path)
            total -= size
            count -= 1
        if removed:
            removed_set = set(removed)
            with self._mem_lock:
                for key in [k for k in self._mem if os.path.join(*k) in removed_set]:
                    del self._mem[key]
            if self.verbose:
                print(f"[Memory] Evicted {len(removed)} cache entries", flush=True)
        return removed

    def _after_store(self):
        limits = (self._bytes_limit, self.items_limit, self._age_limit)
        if any(limit is not None for limit in limits):
            self.reduce_size()

    def __repr__(self):
        return f"Memory(location={self.location!r})"

    def __getstate__(self):
        state = self.__dict__.copy()
        state["_mem"] = OrderedDict()
        del state["_mem_lock"]
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._mem_lock = threading.Lock()
