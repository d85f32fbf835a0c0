import datetime
import importlib
import os
import pickle
import subprocess
import sys
import textwrap
import threading
import time
import warnings
from pathlib import Path

import numpy as np
import pytest

from aiguille import Memory
from aiguille.memory import CacheWarning, FunctionChangedWarning, MemorizedResult
from aiguille.memory._memory import NotMemorizedFunc

ROOT = str(Path(__file__).resolve().parents[3])
CALLS = []


def add(a, b=2, *, scale=1):
    CALLS.append((a, b, scale))
    return (a + b) * scale


def make_array(n, fill=1.0):
    CALLS.append(n)
    return np.full(n, fill)


def make_lock():
    CALLS.append("lock")
    return threading.Lock()


@pytest.fixture(autouse=True)
def _reset_calls():
    CALLS.clear()
    yield
    CALLS.clear()


def _all_names(folder):
    names = []
    for _root, dirs, files in os.walk(folder):
        names.extend(dirs)
        names.extend(files)
    return names


def test_cache_is_lazy_and_normalises_arguments(tmp_path):
    memory = Memory(tmp_path)
    cached = memory.cache(add)
    assert cached(1) == 3
    assert cached(1, 2) == 3
    assert cached(a=1, b=2) == 3
    assert cached(1, b=2, scale=1) == 3
    assert len(CALLS) == 1
    assert cached(1, 3) == 4
    assert cached(1, scale=2) == 6
    assert len(CALLS) == 3
    assert cached.check_call_in_cache(1)
    assert not cached.check_call_in_cache(5)
    assert cached.__name__ == "add"


def test_layout_on_disk(tmp_path):
    cached = Memory(str(tmp_path)).cache(add)
    cached(1)
    func_dir = tmp_path / __name__ / "add"
    assert (func_dir / "func_code.py").exists()
    entries = [p for p in func_dir.iterdir() if p.is_dir()]
    assert len(entries) == 1
    assert sorted(p.name for p in entries[0].iterdir()) == ["metadata.json", "output.pkl"]
    import json

    meta = json.loads((entries[0] / "metadata.json").read_text())
    assert meta["input_args"] == {"a": "1", "b": "2", "scale": "1"}
    assert meta["duration"] >= 0 and meta["size"] > 0 and "last_access" in meta


def test_memory_none_is_transparent():
    memory = Memory(None)
    cached = memory.cache(add)
    assert isinstance(cached, NotMemorizedFunc)
    assert cached(1) == 3 and cached(1) == 3
    assert len(CALLS) == 2
    assert not cached.check_call_in_cache(1)
    assert cached.call_and_shelve(1).get() == 3
    cached.clear()
    memory.clear()
    assert memory.reduce_size() == []


def test_decorator_forms_and_ignore(tmp_path):
    memory = Memory(tmp_path)

    @memory.cache
    def f(x):
        CALLS.append(x)
        return x

    @memory.cache(ignore=["verbose"])
    def g(x, verbose=0):
        CALLS.append(x)
        return x

    assert f(1) == f(1) == 1
    assert g(1, verbose=0) == g(1, verbose=5) == 1
    assert CALLS == [1, 1]
    with pytest.raises(ValueError, match="not parameters"):
        memory.cache(add, ignore=["nope"])


def test_mmap_mode_returns_read_only_memmap(tmp_path):
    cached = Memory(tmp_path, mmap_mode="r").cache(make_array)
    first = cached(1000)
    assert isinstance(first, np.ndarray)
    second = cached(1000)
    assert isinstance(second, np.memmap)
    assert not second.flags.writeable
    np.testing.assert_array_equal(first, second)
    with pytest.raises(ValueError):
        second[0] = 2
    third = Memory(tmp_path).cache(make_array, mmap_mode=None)(1000)
    assert not isinstance(third, np.memmap)
    assert len(CALLS) == 1


def test_compressed_cache(tmp_path):
    cached = Memory(tmp_path, compress=3).cache(make_array)
    cached(10_000)
    np.testing.assert_array_equal(cached(10_000), np.ones(10_000))
    assert len(CALLS) == 1
    with pytest.warns(CacheWarning, match="cannot be memory-mapped"):
        memory = Memory(tmp_path, compress=3, mmap_mode="r")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert not isinstance(memory.cache(make_array)(10_000), np.memmap)
    assert len(CALLS) == 1


def test_clear_call_and_shelve(tmp_path):
    memory = Memory(tmp_path)
    cached = memory.cache(add)
    ref = cached.call_and_shelve(4)
    assert isinstance(ref, MemorizedResult)
    assert len(CALLS) == 1
    assert pickle.loads(pickle.dumps(ref)).get() == 6
    assert cached(4) == 6 and len(CALLS) == 1
    ref.clear()
    with pytest.raises(KeyError, match="no longer in the cache"):
        ref.get()
    assert cached(4) == 6 and len(CALLS) == 2
    assert cached.call(4) == 6 and len(CALLS) == 3  # forced run
    cached.clear()
    assert not cached.check_call_in_cache(4)
    cached(4)
    memory.clear()
    assert not cached.check_call_in_cache(4)
    assert cached(4) == 6 and len(CALLS) == 5


def test_verbose_messages(tmp_path, capsys):
    cached = Memory(tmp_path, verbose=1).cache(add)
    cached(1)
    out = capsys.readouterr().out
    assert f"[Memory] Calling {__name__}.add(a=1, b=2, scale=1)" in out
    assert "add - 0.0s, 0.0min" in out
    cached(1)
    assert "Loading add from" in capsys.readouterr().out


def _entry_dir(tmp_path, func_name):
    func_dir = tmp_path / __name__ / func_name
    (entry,) = [p for p in func_dir.iterdir() if p.is_dir()]
    return entry


@pytest.mark.parametrize("damage", ["truncate", "empty", "garbage", "no_output", "no_metadata"])
def test_corrupted_entries_are_recomputed_with_a_warning(tmp_path, damage):
    cached = Memory(tmp_path).cache(make_array)
    cached(50_000)
    entry = _entry_dir(tmp_path, "make_array")
    output = entry / "output.pkl"
    if damage == "truncate":
        output.write_bytes(output.read_bytes()[: output.stat().st_size // 2])
    elif damage == "empty":
        output.write_bytes(b"")
    elif damage == "garbage":
        output.write_bytes(b"not a pickle at all" * 10)
    elif damage == "no_output":
        output.unlink()
    else:
        (entry / "metadata.json").unlink()
    with pytest.warns(CacheWarning, match="corrupted"):
        result = cached(50_000)
    np.testing.assert_array_equal(result, np.ones(50_000))
    assert len(CALLS) == 2
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(cached(50_000), np.ones(50_000))
    assert len(CALLS) == 2


def test_empty_entry_folder_is_recomputed(tmp_path):
    cached = Memory(tmp_path).cache(add)
    cached(1)
    entry = _entry_dir(tmp_path, "add")
    for p in entry.iterdir():
        p.unlink()
    with pytest.warns(CacheWarning):
        assert cached(1) == 3
    assert len(CALLS) == 2 and cached(1) == 3 and len(CALLS) == 2


def test_unstorable_result_is_returned_with_a_warning(tmp_path):
    cached = Memory(tmp_path).cache(make_lock)
    with pytest.warns(CacheWarning, match="could not be stored"):
        lock = cached()
    assert hasattr(lock, "acquire")
    assert not cached.check_call_in_cache()
    assert not [n for n in _all_names(tmp_path) if n.startswith(".tmp")]
    with pytest.warns(CacheWarning):
        cached()
    assert len(CALLS) == 2


def test_unhashable_arguments_run_uncached(tmp_path):
    cached = Memory(tmp_path).cache(_identity)
    with pytest.warns(CacheWarning, match="cannot be hashed"):
        result = cached(threading.Lock())
    assert hasattr(result, "acquire")


def _identity(x):
    return x


def test_code_change_invalidates_with_a_warning(tmp_path, monkeypatch):
    module_dir = tmp_path / "src"
    module_dir.mkdir()
    source = module_dir / "aig_cached_mod.py"
    template = textwrap.dedent(
        """
        COUNT = []

        def compute(x):
            COUNT.append(x)
            return x {op} 1
        """
    )
    source.write_text(template.format(op="+"))
    monkeypatch.syspath_prepend(str(module_dir))
    mod = importlib.import_module("aig_cached_mod")
    memory = Memory(tmp_path / "cache")
    assert memory.cache(mod.compute)(1) == 2
    assert memory.cache(mod.compute)(1) == 2
    assert mod.COUNT == [1]
    source.write_text(template.format(op="-"))
    importlib.invalidate_caches()
    os.utime(source, (time.time() + 5, time.time() + 5))
    mod = importlib.reload(mod)
    with pytest.warns(FunctionChangedWarning, match="has changed"):
        assert memory.cache(mod.compute)(1) == 0
    assert mod.COUNT == [1]
    sys.modules.pop("aig_cached_mod", None)


def test_items_limit_evicts_least_recently_used(tmp_path):
    memory = Memory(tmp_path, items_limit=2)
    cached = memory.cache(add)
    cached(1)
    time.sleep(0.02)
    cached(2)
    time.sleep(0.02)
    cached(1)  # hit: 1 is now more recent than 2
    time.sleep(0.02)
    cached(3)  # store -> evicts 2
    assert cached.check_call_in_cache(1)
    assert not cached.check_call_in_cache(2)
    assert cached.check_call_in_cache(3)
    assert len(CALLS) == 3


def test_bytes_limit_and_reduce_size(tmp_path):
    memory = Memory(tmp_path, bytes_limit="2.5M")
    cached = memory.cache(make_array)
    for n in (131072, 131073, 131074):  # ~1 MiB each
        cached(n)
        time.sleep(0.02)
    assert not cached.check_call_in_cache(131072)
    assert cached.check_call_in_cache(131073) and cached.check_call_in_cache(131074)
    removed = Memory(tmp_path).reduce_size(items_limit=1)
    assert len(removed) == 1 and "131073" not in removed[0]
    assert cached.check_call_in_cache(131074)


def test_age_limit(tmp_path):
    memory = Memory(tmp_path)
    cached = memory.cache(add)
    cached(1)
    cached(2)
    old = time.time() - 3600
    entry = [p for p in (tmp_path / __name__ / "add").iterdir() if p.is_dir()][0]
    os.utime(entry / "metadata.json", (old, old))
    removed = memory.reduce_size(age_limit=datetime.timedelta(minutes=30))
    assert removed == [str(entry)]
    Memory(tmp_path, age_limit=60).cache(add)(3)  # automatic after a store: nothing old
    assert len(list(Path(tmp_path / __name__ / "add").glob("*/metadata.json"))) == 2


def test_mem_items_serves_from_memory(tmp_path):
    memory = Memory(tmp_path, mem_items=2)
    cached = memory.cache(add)
    cached(1)
    memory_no_disk = tmp_path / __name__ / "add"
    for p in memory_no_disk.iterdir():
        if p.is_dir():
            import shutil

            shutil.rmtree(p)
    assert cached(1) == 3 and len(CALLS) == 1  # served from memory
    cached(2)
    cached(3)  # LRU of 2: 1 falls out
    assert cached(1) == 3 and len(CALLS) == 4
    assert pickle.loads(pickle.dumps(memory)).mem_items == 2


WRITER = """
import sys, time
import numpy as np
sys.path.insert(0, {root!r})
from aiguille import Memory

def slow(n):
    time.sleep(0.3)
    return np.arange(n, dtype=np.float64)

slow.__module__ = "writers"
cached = Memory({location!r}).cache(slow)
import os
open(sys.argv[1] + "." + str(os.getpid()), "w").close()  # ready
while not os.path.exists(sys.argv[1]):  # wait for "go": all writers start together
    time.sleep(0.005)
print(float(cached(200_000).sum()))
"""


@pytest.mark.timeout(60)
def test_eight_processes_writing_one_entry(tmp_path):
    script = tmp_path / "writer.py"
    location = tmp_path / "cache"
    script.write_text(WRITER.format(root=ROOT, location=str(location)))
    go = tmp_path / "sync" / "go"
    go.parent.mkdir()
    procs = [
        subprocess.Popen([sys.executable, str(script), str(go)], stdout=subprocess.PIPE, text=True)
        for _ in range(8)
    ]
    deadline = time.time() + 40
    while len(list(go.parent.iterdir())) < 8 and time.time() < deadline:
        time.sleep(0.01)
    go.write_text("")
    outputs = [p.communicate(timeout=50)[0].strip() for p in procs]
    assert all(p.returncode == 0 for p in procs)
    expected = float(np.arange(200_000, dtype=np.float64).sum())
    assert [float(o) for o in outputs] == [expected] * 8
    names = _all_names(location)
    assert not [n for n in names if n.startswith((".tmp", ".trash"))], names
    entries = [p for p in (location / "writers" / "slow").iterdir() if p.is_dir()]
    assert len(entries) == 1
    from aiguille import load

    np.testing.assert_array_equal(
        load(entries[0] / "output.pkl"), np.arange(200_000, dtype=np.float64)
    )


def test_memorized_func_pickles(tmp_path):
    cached = Memory(tmp_path).cache(add)
    cached(1)
    clone = pickle.loads(pickle.dumps(cached))
    assert clone(1) == 3 and len(CALLS) == 1


def test_parameter_validation(tmp_path):
    with pytest.raises(ValueError, match="mmap_mode"):
        Memory(tmp_path, mmap_mode="x")
    with pytest.raises(ValueError, match="bytes_limit"):
        Memory(tmp_path, bytes_limit="lots")
    with pytest.raises(ValueError, match="age_limit"):
        Memory(tmp_path, age_limit="old")
    with pytest.raises(ValueError, match="items_limit"):
        Memory(tmp_path, items_limit=-1)


def test_cache_hit_matches_joblib_memory(tmp_path):
    from aiguille.utils._testing import require

    joblib = require("joblib")
    ours = Memory(tmp_path / "a").cache(make_array)
    theirs = joblib.Memory(tmp_path / "b", verbose=0).cache(make_array)
    for _ in range(2):
        np.testing.assert_array_equal(ours(100, fill=2.0), theirs(100, fill=2.0))
    assert len(CALLS) == 2


def test_clear_and_eviction_leave_foreign_files_alone(tmp_path):
    foreign = tmp_path / "data" / "raw" / "2024"
    foreign.mkdir(parents=True)
    (foreign / "keep.txt").write_text("user data")
    (tmp_path / "notes.txt").write_text("mine")
    memory = Memory(tmp_path, items_limit=1)
    cached = memory.cache(add)
    cached(1)
    cached(2)
    assert memory.reduce_size(items_limit=0)
    memory.clear()
    assert (foreign / "keep.txt").read_text() == "user data"
    assert (tmp_path / "notes.txt").exists()
    assert not (tmp_path / __name__).exists()
