"""``hash(obj)``: a fast, numpy-aware, order-normalised digest of Python objects.

Plain values (None, bool, int, float, str, bytes), lists, tuples, dicts, sets and numpy
arrays are encoded directly (type tag, length, value) into an xxh3-128 hasher; any other
object is pickled by a pure-Python pickler whose output feeds a hasher, and contributes its
digest. Along the way:

- numpy arrays are not pickled: their raw buffer is hashed directly (C order; F-ordered
  arrays as their transposed buffer, other layouts by contiguous slabs), together with
  their dtype (byte order included), shape and order. ``np.memmap`` hashes like
  ``np.ndarray``; object arrays hash their elements;
- ``dict`` items and ``set`` elements are sorted (by value when comparable, otherwise by
  the hash of the key), so insertion order and ``PYTHONHASHSEED`` do not matter;
- equal strings hash alike whether or not they are the same object (no memo for them);
- functions hash by module, qualified name, code, defaults and closure, so lambdas work.

The digest is stable across processes, runs and platforms of the same endianness.
"""

import pickle
import struct
import sys
import types

import xxhash

_SLAB_BYTES = 64 * 1024**2
_PROTOCOL = 4


class _HashWriter:
    __slots__ = ("update",)

    def __init__(self, hasher):
        self.update = hasher.update

    def write(self, data):
        self.update(data)
        return len(data)


def _array_digest(arr):
    """xxh3-128 digest of an array's values in C order (F order for F-contiguous)."""
    import numpy as np

    hasher = xxhash.xxh3_128()
    if arr.size == 0:
        return hasher.digest()
    if arr.flags.c_contiguous:
        hasher.update(arr.reshape(-1).view(np.uint8))
    elif arr.flags.f_contiguous:
        hasher.update(arr.T.reshape(-1).view(np.uint8))
    else:
        rows = max(1, _SLAB_BYTES // max(arr[0].nbytes, 1)) if arr.ndim else 1
        for start in range(0, arr.shape[0], rows):
            slab = np.ascontiguousarray(arr[start : start + rows])
            hasher.update(slab.reshape(-1).view(np.uint8))
    return hasher.digest()


# Markers: reduce targets that stand for normalised objects in the hashed stream.
def _ndarray(*state):  # pragma: no cover - never called, only referenced
    raise NotImplementedError


def _object_ndarray(*state):  # pragma: no cover
    raise NotImplementedError


def _sorted_dict(*state):  # pragma: no cover
    raise NotImplementedError


def _sorted_set(*state):  # pragma: no cover
    raise NotImplementedError


def _function(*state):  # pragma: no cover
    raise NotImplementedError


_MARKERS = (_ndarray, _object_ndarray, _sorted_dict, _sorted_set, _function)


def _code_fingerprint(code):
    consts = tuple(
        _code_fingerprint(c) if isinstance(c, types.CodeType) else c for c in code.co_consts
    )
    return (code.co_name, code.co_code, consts, code.co_names, code.co_varnames)


def _sort_items(items, key_of):
    try:
        return sorted(items, key=key_of)
    except TypeError:
        return sorted(items, key=lambda item: hash(key_of(item)))


class _Hasher(pickle._Pickler):
    """Pure-Python pickler with normalising reductions (see the module docstring)."""

    def __init__(self, hasher):
        self._file = _HashWriter(hasher)
        super().__init__(self._file, protocol=_PROTOCOL)
        self._np = None

    def memoize(self, obj):
        # Equal strings must hash alike whether or not they are the same object.
        if type(obj) in (str, bytes):
            return
        super().memoize(obj)

    def reducer_override(self, obj):
        tp = type(obj)
        if tp is dict:
            items = _sort_items(obj.items(), lambda item: item[0])
            return _sorted_dict, (items,)
        if tp is set or tp is frozenset:
            return _sorted_set, (tp.__name__, _sort_items(obj, lambda x: x))
        if tp is types.FunctionType:
            if obj in _MARKERS:
                return NotImplemented
            closure = None
            if obj.__closure__:
                closure = []
                for cell in obj.__closure__:
                    try:
                        closure.append(cell.cell_contents)
                    except ValueError:  # empty cell
                        closure.append(None)
            return _function, (
                obj.__module__,
                obj.__qualname__,
                _code_fingerprint(obj.__code__),
                obj.__defaults__,
                obj.__kwdefaults__,
                closure,
            )
        np = self._np
        if np is None:
            np = sys.modules.get("numpy")
            if np is None:
                return NotImplemented
            self._np = np
        if isinstance(obj, np.ndarray):
            if tp is np.ndarray or tp is np.memmap:
                klass = "ndarray"
            else:
                klass = f"{tp.__module__}.{tp.__qualname__}"
            dtype = obj.dtype
            dtype_key = dtype.str if dtype.fields is None else repr(dtype.descr)
            if dtype.hasobject:
                return _object_ndarray, (klass, dtype_key, obj.shape, obj.ravel().tolist())
            order = "F" if obj.flags.f_contiguous and not obj.flags.c_contiguous else "C"
            return _ndarray, (klass, dtype_key, obj.shape, order, _array_digest(obj))
        return NotImplemented


def hash(obj):
    """Return a hex digest of ``obj``, stable across processes and runs.

    Numpy arrays are hashed from their raw buffers (no pickling, several GB/s with
    xxhash), together with dtype, byte order, shape and memory order; ``dict`` and ``set``
    ordering does not change the result.

    Parameters
    ----------
    obj : object
        Any picklable object (lambdas and local functions are accepted).

    Returns
    -------
    digest : str
        32 hexadecimal characters (xxh3-128).

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.memory import hash
    >>> hash({"a": 1, "b": 2}) == hash({"b": 2, "a": 1})
    True
    >>> hash(np.arange(3)) == hash(np.arange(3.0))
    False
    >>> len(hash([1, "two", np.ones(3)]))
    32
    """
    hasher = xxhash.xxh3_128()
    try:
        try:
            _feed(hasher.update, obj)
        except RecursionError:  # self-referencing containers: the pickler's memo copes
            hasher = xxhash.xxh3_128()
            hasher.update(b"P")
            hasher.update(_pickled_digest(obj))
    except (pickle.PicklingError, TypeError, AttributeError) as exc:
        raise pickle.PicklingError(
            f"aiguille.memory.hash cannot hash an object of type {type(obj).__name__}: {exc}"
        ) from exc
    return hasher.hexdigest()


def _pickled_digest(obj):
    hasher = xxhash.xxh3_128()
    _Hasher(hasher).dump(obj)
    return hasher.digest()


_pack_double = struct.Struct("<d").pack


def _feed(update, obj):
    """Feed a type-tagged, length-prefixed encoding of ``obj`` to ``update``.

    Plain values, containers and arrays are encoded directly (fast); anything else is
    pickled by :class:`_Hasher` and contributes its digest.
    """
    tp = type(obj)
    if obj is None:
        update(b"N")
    elif tp is bool:
        update(b"T" if obj else b"F")
    elif tp is int:
        text = str(obj).encode()
        update(b"i%d:" % len(text))
        update(text)
    elif tp is float:
        update(b"f")
        update(_pack_double(obj))
    elif tp is str:
        data = obj.encode("utf-8", "surrogatepass")
        update(b"s%d:" % len(data))
        update(data)
    elif tp is bytes:
        update(b"b%d:" % len(obj))
        update(obj)
    elif tp is tuple or tp is list:
        update((b"(%d:" if tp is tuple else b"[%d:") % len(obj))
        for item in obj:
            _feed(update, item)
    elif tp is dict:
        update(b"{%d:" % len(obj))
        for key, value in _sort_items(obj.items(), lambda item: item[0]):
            _feed(update, key)
            _feed(update, value)
    elif tp is set or tp is frozenset:
        update((b"S%d:" if tp is set else b"Z%d:") % len(obj))
        for item in _sort_items(obj, lambda x: x):
            _feed(update, item)
    else:
        np = sys.modules.get("numpy")
        if np is not None and (tp is np.ndarray or tp is np.memmap) and not obj.dtype.hasobject:
            dtype = obj.dtype
            dtype_key = dtype.str if dtype.fields is None else repr(dtype.descr)
            order = "F" if obj.flags.f_contiguous and not obj.flags.c_contiguous else "C"
            meta = f"{dtype_key}|{obj.shape}|{order}".encode()
            update(b"A%d:" % len(meta))
            update(meta)
            update(_array_digest(obj))
        else:
            update(b"P")
            update(_pickled_digest(obj))
