import os
import subprocess
import sys
import time

import numpy as np
import pytest

from aiguille.memory import hash
from aiguille.utils._testing import require

GOLDEN = {
    "int": (1, "4b05a19c8153161cb7bf75d447f85f9e"),
    "str": ("aiguille", "da662d1029d7028f234fb624d33f7d66"),
    "list": ([1, 2.5, "x", None, True], "0fe42853f2525c835e15bf43373c6a3d"),
    "dict": ({"b": 2, "a": [1, 2]}, "948fcd6617505d2c2e4e85b1545b2119"),
    "set": ({3, 1, 2}, "c04a96ca1eea95fe097bc0473ef9cf43"),
    "tuple": ((1, (2, 3)), "57e5a9ead600aa402960c681f4d65182"),
    "arange": (np.arange(10, dtype=np.int64), "dd84747556efcebac3dc4c8dfe9eaf16"),
    "float2d": (
        np.arange(6, dtype=np.float64).reshape(2, 3),
        "a58e1f29ed7a23c3786443b8e44bc57e",
    ),
    "fortran": (
        np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)),
        "dbcc175c9ebc9b527e9172e54987c669",
    ),
    "bytes": (b"\x00\x01", "04886b7d6b3f19f6085280c926622111"),
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_values(name):
    obj, expected = GOLDEN[name]
    assert hash(obj) == expected


@pytest.mark.timeout(60)
def test_stable_across_processes_and_hash_seeds():
    code = (
        "import numpy as np\n"
        "from aiguille.memory import hash\n"
        "print(hash({'b': {'z', 'y', 'x'}, 'a': np.arange(5, dtype=np.int64)}))\n"
    )
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=root)
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        outputs.add(out.stdout.strip())
    assert outputs == {hash({"a": np.arange(5, dtype=np.int64), "b": {"x", "y", "z"}})}


def test_order_normalisation():
    assert hash({"a": 1, "b": 2}) == hash({"b": 2, "a": 1})
    assert hash({1: "a", "x": 2}) == hash({"x": 2, 1: "a"})  # keys not comparable
    assert hash({"a", "b", "c"}) == hash({"c", "b", "a"})
    assert hash(frozenset([1, 2])) == hash(frozenset([2, 1]))
    assert hash(frozenset([1, 2])) != hash({1, 2})
    assert hash([1, 2]) != hash([2, 1])
    assert hash({"a": 1}) != hash({"a": 2})


def test_equal_strings_hash_alike_whatever_their_identity():
    built = "".join(["ab", "c"])
    assert built is not "abc"  # noqa: F632
    assert hash([built, "abc"]) == hash(["abc", "abc"])


def test_arrays():
    a = np.arange(24, dtype=np.float64).reshape(4, 6)
    assert hash(a) == hash(a.copy())
    assert hash(a[:, ::2]) == hash(np.ascontiguousarray(a[:, ::2]))  # values, not strides
    assert hash(a) != hash(a.astype(np.float32))
    assert hash(a) != hash(a.reshape(6, 4))
    assert hash(a) != hash(np.asfortranarray(a))  # memory order is part of the key
    assert hash(a) != hash(a.astype(">f8"))  # byte order
    b = a.copy()
    b[3, 5] += 1e-12
    assert hash(a) != hash(b)
    obj = np.array([1, "x", None], dtype=object)
    assert hash(obj) == hash(obj.copy())
    assert hash(obj) != hash(np.array([1, "y", None], dtype=object))
    rec = np.zeros(3, dtype=[("x", "f8"), ("y", "i4")])
    assert hash(rec) == hash(rec.copy())
    assert hash(np.empty((0, 3))) != hash(np.empty((3, 0)))


def test_memmap_hashes_like_ndarray(tmp_path):
    a = np.arange(100.0)
    path = tmp_path / "a.dat"
    a.tofile(path)
    m = np.memmap(path, dtype=np.float64, mode="r", shape=(100,))
    assert hash(m) == hash(a)


def test_functions_and_lambdas():
    assert hash(lambda x: x + 1) == hash(lambda x: x + 1)
    assert hash(lambda x: x + 1) != hash(lambda x: x + 2)
    assert hash(np.sum) == hash(np.sum)

    def make(k):
        return lambda x: x + k

    assert hash(make(1)) != hash(make(2))


def test_unhashable_object_raises_clearly():
    import pickle
    import threading

    with pytest.raises(pickle.PicklingError, match="cannot hash"):
        hash(threading.Lock())


def test_pandas_objects():
    pd = require("pandas")
    df = pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]})
    assert hash(df) == hash(df.copy())
    assert hash(df) != hash(df.assign(a=[1, 2, 4]))


def test_same_equalities_as_joblib():
    joblib = require("joblib")
    objects = [
        1,
        1.0,
        "1",
        [1, 2],
        (1, 2),
        {"a": 1, "b": 2},
        {"b": 2, "a": 1},
        {1, 2, 3},
        np.arange(5, dtype=np.int64),
        np.arange(5, dtype=np.int64).copy(),
        np.arange(5, dtype=np.float64),
        np.zeros((2, 3)),
        np.zeros((3, 2)),
    ]
    ours = [hash(o) for o in objects]
    theirs = [joblib.hash(o) for o in objects]
    for i in range(len(objects)):
        for j in range(len(objects)):
            assert (ours[i] == ours[j]) == (theirs[i] == theirs[j]), (objects[i], objects[j])


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_hash_large_array_faster_than_joblib():
    joblib = require("joblib")
    a = np.random.default_rng(0).random(25_000_000)  # 200 MB
    ours, theirs = [], []
    for _ in range(3):
        start = time.perf_counter()
        hash(a)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        joblib.hash(a)
        theirs.append(time.perf_counter() - start)
    assert np.median(theirs) / np.median(ours) >= 2.0
