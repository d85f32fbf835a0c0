"""``dump`` / ``load``: pickle with numpy arrays stored raw, so that they can be memory-mapped.

File layout (all integers little-endian)::

    magic  b"\\x93AIGPKL\\x00"  8 bytes
    u32    format version (1)
    u32    flags (0)
    u64    length of the pickle stream
    u64    number of arrays N
    N x (u64 offset, u64 nbytes)        offsets from the start of the record, 64-aligned
    pickle stream (protocol 5)          arrays appear in it as persistent ids
    array buffers                       raw C- or F-ordered bytes, 64-byte aligned

A compressed file is that same record inside a gzip (zlib) or xz (lzma) stream.
"""

import gzip
import io
import lzma
import os
import pickle
import struct
import warnings

MAGIC = b"\x93AIGPKL\x00"
VERSION = 1
ALIGN = 64
_HEADER = struct.Struct("<8sIIQQ")
_ENTRY = struct.Struct("<QQ")
_PID = "aiguille.ndarray"
_CHUNK_BYTES = 64 * 1024**2
_READ_CHUNK = 16 * 1024**2
_METHODS = {"zlib": "zlib", "gzip": "zlib", "lzma": "lzma", "xz": "lzma"}
_GZIP_MAGIC = b"\x1f\x8b"
_XZ_MAGIC = b"\xfd7zXZ\x00"


def _np():
    import numpy as np

    return np


def _array_order(arr):
    return "F" if arr.flags.f_contiguous and not arr.flags.c_contiguous else "C"


def _parse_compress(compress):
    """Return ``(method, level)``; level 0 means no compression."""
    if compress is None or compress is False:
        return None, 0
    if compress is True:
        return "zlib", 3
    if isinstance(compress, str):
        method, level = compress, 3
    elif isinstance(compress, tuple | list) and len(compress) == 2:
        method, level = compress
    elif isinstance(compress, int):
        method, level = "zlib", compress
    else:
        method, level = None, None
    if method not in _METHODS or not isinstance(level, int) or not 0 <= level <= 9:
        raise ValueError(
            "The 'compress' parameter of dump must be an int in the range [0, 9], a bool, one "
            f"of {sorted(_METHODS)} or a (method, level) tuple. Got {compress!r} instead."
        )
    return _METHODS[method], level


class _ArrayPickler(pickle.Pickler):
    """Pickler that takes numpy arrays out of the stream (persistent ids)."""

    def __init__(self, file, ndarray_types):
        super().__init__(file, protocol=5)
        self._types = ndarray_types
        self.arrays = []
        self._seen = {}

    def persistent_id(self, obj):
        if type(obj) in self._types and not obj.dtype.hasobject:
            index = self._seen.get(id(obj))
            if index is None:
                index = len(self.arrays)
                self.arrays.append(obj)
                self._seen[id(obj)] = index
            return (_PID, index, obj.dtype, obj.shape, _array_order(obj))
        return None


def _write_array(f, arr):
    np = _np()
    order = _array_order(arr)
    if arr.nbytes == 0:
        return
    if (order == "C" and arr.flags.c_contiguous) or (order == "F" and arr.flags.f_contiguous):
        flat = arr.reshape(-1, order=order).view(np.uint8)
        f.write(memoryview(flat))
        return
    # Not contiguous: C-ordered copies of slabs along the first axis.
    rows = max(1, _CHUNK_BYTES // max(arr[0].nbytes, 1))
    for start in range(0, arr.shape[0], rows):
        chunk = np.ascontiguousarray(arr[start : start + rows])
        f.write(memoryview(chunk.reshape(-1).view(np.uint8)))


def _padding(position):
    return (-position) % ALIGN


def _dump_raw(obj, f):
    """Write one record to the binary file-like ``f`` (sequential writes only)."""
    np = _np()
    stream = io.BytesIO()
    pickler = _ArrayPickler(stream, (np.ndarray, np.memmap))
    pickler.dump(obj)
    payload = stream.getbuffer()
    arrays = pickler.arrays
    table_size = _HEADER.size + _ENTRY.size * len(arrays)
    position = table_size + len(payload)
    entries = []
    for arr in arrays:
        position += _padding(position)
        entries.append((position, arr.nbytes))
        position += arr.nbytes
    f.write(_HEADER.pack(MAGIC, VERSION, 0, len(payload), len(arrays)))
    for offset, nbytes in entries:
        f.write(_ENTRY.pack(offset, nbytes))
    f.write(payload)
    position = table_size + len(payload)
    for arr, (offset, nbytes) in zip(arrays, entries):
        if offset > position:
            f.write(b"\x00" * (offset - position))
        _write_array(f, arr)
        position = offset + nbytes


def dump(value, filename, compress=0, protocol=None):
    """Persist an arbitrary Python object; numpy arrays inside it are stored raw.

    Arrays anywhere in ``value`` (in lists, dicts, estimator attributes...) are written
    outside the pickle stream, uncompressed and 64-byte aligned, so that
    ``load(filename, mmap_mode="r")`` can memory-map them without reading them.

    Parameters
    ----------
    value : object
        Any picklable object.
    filename : str, path-like or binary file object
        Where to write.
    compress : int, bool, str or tuple, default=0
        0 (no compression) to 9; ``True`` means 3; a method name (``"zlib"``, ``"lzma"``)
        or a ``(method, level)`` tuple. Compressed files cannot be memory-mapped.
    protocol : None
        Ignored (the format always uses pickle protocol 5); kept for joblib's signature.

    Returns
    -------
    filenames : list
        ``[filename]``.

    Examples
    --------
    >>> import os, tempfile
    >>> import numpy as np
    >>> from aiguille import dump, load
    >>> path = os.path.join(tempfile.mkdtemp(), "model.pkl")
    >>> dump({"coef": np.arange(3.0), "name": "m"}, path)  # doctest: +ELLIPSIS
    ['...model.pkl']
    >>> load(path)["coef"]
    array([0., 1., 2.])
    """
    method, level = _parse_compress(compress)
    if hasattr(filename, "write"):
        _dump_to(value, filename, method, level)
        return [filename]
    filename = os.fspath(filename)
    with open(filename, "wb") as f:
        _dump_to(value, f, method, level)
    return [filename]


def _dump_to(value, f, method, level):
    if not level:
        _dump_raw(value, f)
    elif method == "zlib":
        with gzip.GzipFile(fileobj=f, mode="wb", compresslevel=level, mtime=0) as zf:
            _dump_raw(value, zf)
    else:
        with lzma.LZMAFile(f, mode="wb", preset=level) as zf:
            _dump_raw(value, zf)


class _ArrayUnpickler(pickle.Unpickler):
    def __init__(self, file, make_array):
        super().__init__(file)
        self._make_array = make_array
        self._cache = {}

    def persistent_load(self, pid):
        if not (isinstance(pid, tuple) and len(pid) == 5 and pid[0] == _PID):
            raise pickle.UnpicklingError(f"Unknown persistent id in an aiguille file: {pid!r}")
        _, index, dtype, shape, order = pid
        arr = self._cache.get(index)
        if arr is None:
            arr = self._make_array(index, dtype, shape, order)
            self._cache[index] = arr
        return arr


def _read_exact(f, n):
    data = f.read(n)
    if data is None or len(data) != n:
        raise EOFError(
            f"Truncated aiguille file: expected {n} more bytes, got {len(data or b'')}."
        )
    return data


def _read_header(f):
    head = f.read(_HEADER.size)
    if len(head) != _HEADER.size or head[:8] != MAGIC:
        if not head:
            raise EOFError("Empty file: not an aiguille dump.")
        raise ValueError("Not a file written by aiguille.dump (unknown header).")
    magic, version, flags, payload_len, n_arrays = _HEADER.unpack(head)
    if version != VERSION:
        raise ValueError(f"aiguille dump format version {version} is not supported.")
    table = _read_exact(f, _ENTRY.size * n_arrays)
    entries = [_ENTRY.unpack_from(table, i * _ENTRY.size) for i in range(n_arrays)]
    payload = _read_exact(f, payload_len)
    return entries, payload


def _read_into(f, arr, nbytes):
    np = _np()
    if nbytes == 0:
        return
    view = memoryview(arr.reshape(-1, order="A").view(np.uint8))
    got = 0
    while got < nbytes:
        n = f.readinto(view[got : got + _READ_CHUNK])
        if not n:
            raise EOFError("Truncated aiguille file: array data is missing.")
        got += n


def _load_stream(f):
    """Read a record sequentially (compressed streams, pipes)."""
    np = _np()
    entries, payload = _read_header(f)
    position = _HEADER.size + _ENTRY.size * len(entries) + len(payload)
    buffers = []
    for offset, nbytes in entries:
        if offset < position:
            raise ValueError("Corrupted aiguille file: overlapping arrays.")
        if offset > position:
            _read_exact(f, offset - position)
        buf = bytearray(nbytes)
        _read_into(f, np.frombuffer(buf, dtype=np.uint8), nbytes)
        buffers.append(buf)
        position = offset + nbytes

    def make_array(index, dtype, shape, order):
        buf = buffers[index]
        if len(buf) != int(np.prod(shape, dtype=np.int64)) * dtype.itemsize:
            raise ValueError("Corrupted aiguille file: array size does not match its shape.")
        if not buf:
            return np.empty(shape, dtype=dtype, order=order)
        return np.frombuffer(buf, dtype=dtype).reshape(shape, order=order)

    return _ArrayUnpickler(io.BytesIO(payload), make_array).load()


def _load_seekable(f, base, filename, mmap_mode):
    np = _np()
    entries, payload = _read_header(f)
    end = None
    if filename is not None:
        end = os.path.getsize(filename)

    def make_array(index, dtype, shape, order):
        offset, nbytes = entries[index]
        expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
        if expected != nbytes:
            raise ValueError("Corrupted aiguille file: array size does not match its shape.")
        if end is not None and base + offset + nbytes > end:
            raise EOFError("Truncated aiguille file: array data is missing.")
        if mmap_mode is not None and filename is not None and nbytes > 0:
            return np.memmap(
                filename,
                dtype=dtype,
                mode=mmap_mode,
                offset=base + offset,
                shape=shape,
                order=order,
            )
        arr = np.empty(shape, dtype=dtype, order=order)
        f.seek(base + offset)
        _read_into(f, arr, nbytes)
        return arr

    return _ArrayUnpickler(io.BytesIO(payload), make_array).load()


def load(filename, mmap_mode=None):
    """Load an object written by :func:`dump`.

    .. warning:: Like :mod:`pickle`, ``load`` runs code from the file while rebuilding
       objects: only load files you trust.

    Parameters
    ----------
    filename : str, path-like or binary file object
        The file to read.
    mmap_mode : {None, "r", "r+", "c"}, default=None
        Memory-map the numpy arrays instead of reading them (``"r"``: read-only
        :class:`numpy.memmap`). Not possible for compressed files or file objects without a
        path: a warning says so and the arrays are read into memory.

    Returns
    -------
    value : object
        The object that was dumped.

    Examples
    --------
    >>> import os, tempfile
    >>> import numpy as np
    >>> from aiguille import dump, load
    >>> path = os.path.join(tempfile.mkdtemp(), "x.pkl")
    >>> _ = dump([np.ones(4), "label"], path)
    >>> arr, label = load(path, mmap_mode="r")
    >>> type(arr).__name__, arr.flags.writeable, label
    ('memmap', False, 'label')
    """
    if mmap_mode not in (None, "r", "r+", "c"):
        raise ValueError(
            "The 'mmap_mode' parameter of load must be one of None, 'r', 'r+', 'c'. Got "
            f"{mmap_mode!r} instead."
        )
    if hasattr(filename, "read"):
        return _load_from(filename, None, mmap_mode)
    filename = os.fspath(filename)
    with open(filename, "rb") as f:
        return _load_from(f, filename, mmap_mode)


def _load_from(f, filename, mmap_mode):
    seekable = False
    try:
        seekable = f.seekable()
    except (AttributeError, ValueError):
        pass
    if seekable:
        base = f.tell()
        head = f.read(8)
        f.seek(base)
    else:
        f = io.BufferedReader(f) if not hasattr(f, "peek") else f
        head = f.peek(8)[:8]
        base = 0
    if head.startswith(_GZIP_MAGIC) or head.startswith(_XZ_MAGIC):
        if mmap_mode is not None:
            warnings.warn(
                "This file is compressed: its arrays cannot be memory-mapped and are read "
                "into memory (mmap_mode is ignored).",
                stacklevel=3,
            )
        opener = gzip.GzipFile if head.startswith(_GZIP_MAGIC) else lzma.LZMAFile
        with opener(fileobj=f, mode="rb") if opener is gzip.GzipFile else opener(f) as zf:
            return _load_stream(io.BufferedReader(zf, 1024 * 1024))
    if mmap_mode is not None and filename is None:
        name = getattr(f, "name", None)
        if isinstance(name, str | bytes) and os.path.isfile(name) and seekable:
            filename = os.fsdecode(name)
        else:
            warnings.warn(
                "mmap_mode needs a file on disk: reading the arrays into memory instead.",
                stacklevel=3,
            )
            mmap_mode = None
    if seekable:
        return _load_seekable(f, base, filename, mmap_mode)
    return _load_stream(f)
