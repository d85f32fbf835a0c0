"""On-disk layout of a :class:`Memory` cache, with atomic writes.

``<location>/<module>/<function>/<argument hash>/`` holds ``output.pkl`` (written by
:func:`aiguille.dump`, arrays raw so they can be memory-mapped) and ``metadata.json``
(duration, input repr, creation time, size, code hash). The function folder also holds
``func_code.py``, the source the entries were computed with.

Every write goes to a hidden temporary name in the same folder, then ``os.replace`` (files)
or ``os.rename`` (entry folders) publishes it: readers never see half-written data, and
concurrent writers of one entry leave exactly one complete copy. The last access time of an
entry is the access time of its ``metadata.json``, set explicitly on every cache hit.
"""

import json
import os
import re
import shutil
import time
import uuid

OUTPUT = "output.pkl"
METADATA = "metadata.json"
FUNC_CODE = "func_code.py"
_TMP_PREFIX = ".tmp-"
_TRASH_PREFIX = ".trash-"
_UNSAFE = re.compile(r"[^A-Za-z0-9_.\-]+")


def safe_name(name):
    """A file-system friendly version of a module or qualified name."""
    name = name.replace("<locals>", "locals").replace("<lambda>", "lambda")
    return _UNSAFE.sub("_", name).strip(".") or "_"


def tmp_name(final_name):
    return f"{_TMP_PREFIX}{final_name}-{os.getpid()}-{uuid.uuid4().hex[:12]}"


def write_text_atomic(path, text):
    folder, name = os.path.split(path)
    tmp = os.path.join(folder, tmp_name(name))
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        _silent_remove(tmp)
        raise


def _silent_remove(path):
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            os.remove(path)
    except OSError:
        pass


def remove_dir(path):
    """Remove a folder atomically for readers: rename it to a trash name, then delete."""
    parent, name = os.path.split(path)
    trash = os.path.join(parent, f"{_TRASH_PREFIX}{name}-{uuid.uuid4().hex[:12]}")
    try:
        os.rename(path, trash)
    except OSError:
        return False
    shutil.rmtree(trash, ignore_errors=True)
    return True


def publish_dir(tmp_dir, final_dir, overwrite):
    """Rename ``tmp_dir`` to ``final_dir``. Returns False when another writer won."""
    try:
        os.rename(tmp_dir, final_dir)
        return True
    except OSError:
        if not overwrite:
            shutil.rmtree(tmp_dir, ignore_errors=True)
            return False
    remove_dir(final_dir)
    try:
        os.rename(tmp_dir, final_dir)
        return True
    except OSError:
        shutil.rmtree(tmp_dir, ignore_errors=True)
        return False


def read_metadata(entry_dir):
    with open(os.path.join(entry_dir, METADATA), encoding="utf-8") as f:
        return json.load(f)


def touch(entry_dir):
    """Record an access (the LRU clock) on the entry's metadata file."""
    try:
        os.utime(os.path.join(entry_dir, METADATA), None)
    except OSError:
        pass


def dir_size(path):
    total = 0
    try:
        with os.scandir(path) as it:
            for entry in it:
                try:
                    total += entry.stat(follow_symlinks=False).st_size
                except OSError:
                    pass
    except OSError:
        pass
    return total


def is_func_dir(path):
    """Whether ``path`` is a function folder written by :class:`Memory`."""
    return os.path.isfile(os.path.join(path, FUNC_CODE))


def func_dirs(location):
    """The function folders under ``location`` (other folders are ignored)."""
    found = []
    try:
        modules = [m for m in os.scandir(location) if m.is_dir() and not m.name.startswith(".")]
    except OSError:
        return found
    for module in modules:
        try:
            with os.scandir(module.path) as it:
                found.extend(f.path for f in it if f.is_dir() and is_func_dir(f.path))
        except OSError:
            pass
    return found


def list_entries(location):
    """Yield ``(entry_dir, last_access, size)`` for every cache entry under ``location``."""
    try:
        modules = list(os.scandir(location))
    except OSError:
        return
    for module in modules:
        if not module.is_dir() or module.name.startswith("."):
            continue
        try:
            funcs = list(os.scandir(module.path))
        except OSError:
            continue
        for func in funcs:
            if not is_func_dir(func.path) or func.name.startswith("."):
                continue  # not written by Memory: never touch it
            try:
                entries = list(os.scandir(func.path))
            except OSError:
                continue
            for entry in entries:
                if not entry.is_dir() or entry.name.startswith("."):
                    continue
                try:
                    stat = os.stat(os.path.join(entry.path, METADATA))
                    last_access = stat.st_atime
                except OSError:
                    last_access = 0.0  # incomplete: evicted first
                yield entry.path, last_access, dir_size(entry.path)


def clean_temporaries(folder, older_than=3600.0):
    """Remove temporary and trash names left in ``folder`` by crashed writers."""
    now = time.time()
    try:
        with os.scandir(folder) as it:
            for entry in it:
                if entry.name.startswith((_TMP_PREFIX, _TRASH_PREFIX)):
                    try:
                        if now - entry.stat(follow_symlinks=False).st_mtime > older_than:
                            _silent_remove(entry.path)
                    except OSError:
                        pass
    except OSError:
        pass
