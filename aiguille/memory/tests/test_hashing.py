import datetime
import os
import subprocess
import sys
import time

import numpy as np
import pytest

from aiguille.memory import hash
from aiguille.utils._testing import require

GOLDEN = {
    "int": (1, "08290220f98bbcacd580c4a0a523844e"),
    "str": ("aiguille", "f377af5f57acb6763a706f325b4ab081"),
    "list": ([1, 2.5, "x", None, True], "28a033426a8adf433da6dedf67a01d78"),
    "dict": ({"b": 2, "a": [1, 2]}, "3ce63f77d57c3de50fcc822a702247a7"),
    "set": ({3, 1, 2}, "704951fba2a7586644ad95b099974ce6"),
    "tuple": ((1, (2, 3)), "d03db00f34a62a63502bc365e574ea38"),
    "arange": (np.arange(10, dtype=np.int64), "b2393d75f6a4257929398b71fc7b1563"),
    "float2d": (
        np.arange(6, dtype=np.float64).reshape(2, 3),
        "9eab1038545f66094516843d035a0ae1",
    ),
    "fortran": (
        np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)),
        "cccda325f968e02e7b788bbcb9595acc",
    ),
    "bytes": (b"\x00\x01", "d3f349a4f2b3d334f79e46d6bd260e89"),
    "pickled_path": (  # a date goes through the pickler
        {"when": datetime.date(2020, 1, 2), "n": [1, {"k": None}]},
        "14b431a55fe828c752287cb88c7c8353",
    ),
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


class _Box:
    def __init__(self, **attrs):
        self.__dict__.update(attrs)


def test_objects_go_through_the_normalising_pickler():
    a = np.arange(5.0)
    assert hash(_Box(x=a, d={"a": 1, "b": 2})) == hash(_Box(x=a.copy(), d={"b": 2, "a": 1}))
    assert hash(_Box(x=a)) != hash(_Box(x=a + 1))
    assert hash(_Box(s={"x", "y"})) == hash(_Box(s={"y", "x"}))


def test_self_referencing_containers():
    a = [1, 2]
    a.append(a)
    b = [1, 2]
    b.append(b)
    assert hash(a) == hash(b)
