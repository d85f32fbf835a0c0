"""Large numpy arguments travel to process workers as read-only memory maps.

Each batch sent to a process worker is pickled by :class:`_ArgMemmapper`: any numpy array
larger than ``max_nbytes`` found anywhere in the arguments is written once per call to a
``.npy`` file in a private temporary folder, and the worker opens it with
``np.load(path, mmap_mode=...)``. Arrays that already are memory maps of a whole file are
passed by file name. The folder is removed when the call ends, whatever the outcome.
"""

import io
import os
import pickle
import re
import shutil
import tempfile
import threading
import uuid

_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}
_SHM = "/dev/shm"


def _memstr_to_bytes(value):
    """``"1M"`` -> 1048576; ints pass through; ``None`` means never memory-map."""
    if value is None or isinstance(value, int | float):
        return value
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMG]?)B?\s*", str(value).upper())
    if match is None:
        raise ValueError(
            f"The 'max_nbytes' parameter of Parallel must be an int, None or a string such as "
            f"'1M' (K, M, G units). Got {value!r} instead."
        )
    return int(float(match.group(1)) * _UNITS[match.group(2)])


def _default_temp_root(needed=0):
    for var in ("AIGUILLE_TEMP_FOLDER", "JOBLIB_TEMP_FOLDER"):
        folder = os.environ.get(var)
        if folder:
            return folder
    if os.path.isdir(_SHM) and os.access(_SHM, os.W_OK):
        try:
            stats = os.statvfs(_SHM)
            if stats.f_bavail * stats.f_frsize > max(2e9, 2 * needed):
                return _SHM
        except OSError:
            pass
    return tempfile.gettempdir()


def _open_memmap(path, mmap_mode):
    import numpy as np

    return np.load(path, mmap_mode=mmap_mode, allow_pickle=False)


def _open_file_memmap(filename, dtype, mode, offset, shape, order):
    import numpy as np

    return np.memmap(filename, dtype=dtype, mode=mode, offset=offset, shape=shape, order=order)


def _get_pickler_class():
    import cloudpickle

    return cloudpickle.Pickler


class _ArgMemmapper:
    """Pickle batches for process workers, memory-mapping large arrays (one file each)."""

    def __init__(self, max_nbytes, mmap_mode="r", temp_folder=None):
        self.max_nbytes = max_nbytes
        self.mmap_mode = mmap_mode
        self.temp_folder_root = temp_folder
        self.folder = None
        self._dumped = {}  # id(array) -> (array, path): keeps arrays alive, ids unique
        self._lock = threading.Lock()
        self._closed = False

    def _ensure_folder(self, nbytes):
        if self.folder is None:
            root = self.temp_folder_root or _default_temp_root(nbytes)
            name = f"aiguille_memmapping_{os.getpid()}_{uuid.uuid4().hex[:12]}"
            folder = os.path.join(root, name)
            os.makedirs(folder, exist_ok=True)
            self.folder = folder
        return self.folder

    def _reduce_array(self, arr):
        import numpy as np

        if arr.dtype.hasobject or arr.nbytes <= self.max_nbytes:
            return NotImplemented
        if (
            isinstance(arr, np.memmap)
            and arr.base is not None
            and arr.base is getattr(arr, "_mmap", None)
            and arr.filename is not None
            and arr.mode in ("r", "c", "readonly", "copyonwrite")
            and self.mmap_mode in ("r", "c")
        ):
            order = "F" if arr.flags.f_contiguous and not arr.flags.c_contiguous else "C"
            return _open_file_memmap, (
                arr.filename,
                arr.dtype,
                self.mmap_mode,
                arr.offset,
                arr.shape,
                order,
            )
        with self._lock:
            if self._closed:
                # A late dispatch after the call ended (its batch is cancelled anyway):
                # pickle normally rather than recreate the folder that cleanup removed.
                return NotImplemented
            hit = self._dumped.get(id(arr))
            if hit is None or hit[0] is not arr:
                folder = self._ensure_folder(arr.nbytes)
                path = os.path.join(folder, f"{uuid.uuid4().hex}.npy")
                tmp = path + ".part"
                with open(tmp, "wb") as f:
                    np.lib.format.write_array(f, np.asanyarray(arr).view(np.ndarray))
                os.replace(tmp, path)
                hit = (arr, path)
                self._dumped[id(arr)] = hit
        mode = "r+" if self.mmap_mode == "w+" else self.mmap_mode  # never truncate the copy
        return _open_memmap, (hit[1], mode)

    def dumps(self, obj):
        """Pickle ``obj`` (cloudpickle) with large arrays replaced by memory-map references."""
        import numpy as np

        memmapper = self
        base = _get_pickler_class()

        class _Pickler(base):
            def reducer_override(self, o):
                if isinstance(o, np.ndarray):
                    return memmapper._reduce_array(o)
                return super().reducer_override(o)

        buf = io.BytesIO()
        _Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
        return buf.getvalue()

    def cleanup(self):
        """Remove the temporary folder (workers keep their open maps on POSIX)."""
        with self._lock:
            self._closed = True
            self._dumped.clear()
            folder, self.folder = self.folder, None
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
