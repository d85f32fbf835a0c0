import io
import pickle
import warnings

import numpy as np
import pytest

from aiguille import dump, load
from aiguille.persistence._numpy_pickle import _ENTRY, _HEADER, ALIGN


class Holder:
    def __init__(self, **attrs):
        self.__dict__.update(attrs)


def _sample():
    a = np.arange(24, dtype=np.float64).reshape(4, 6)
    return {
        "c": a,
        "f": np.asfortranarray(a),
        "strided": a[:, ::2],
        "again": a,  # shared reference
        "ints": np.arange(7, dtype=np.int32),
        "bigendian": np.arange(5, dtype=">i8"),
        "record": np.array([(1.0, 2)], dtype=[("x", "f8"), ("y", "i4")]),
        "objects": np.array([1, "two", None], dtype=object),
        "empty": np.empty((0, 3)),
        "zero_d": np.array(3.5),
        "scalar": np.float32(2.5),
        "nested": [Holder(w=np.ones((3, 3)), name="h"), (np.zeros(2), {"k": np.eye(2)})],
        "text": "hello",
        "set": {1, 2, 3},
    }


def _check_equal(loaded, expected):
    if isinstance(expected, np.ndarray):
        assert isinstance(loaded, np.ndarray)
        assert loaded.dtype == expected.dtype and loaded.shape == expected.shape
        if expected.dtype.hasobject:
            assert list(loaded.ravel()) == list(expected.ravel())
        else:
            np.testing.assert_array_equal(loaded, expected)
    elif isinstance(expected, dict):
        assert loaded.keys() == expected.keys()
        for k in expected:
            _check_equal(loaded[k], expected[k])
    elif isinstance(expected, list | tuple):
        assert type(loaded) is type(expected) and len(loaded) == len(expected)
        for x, y in zip(loaded, expected):
            _check_equal(x, y)
    elif isinstance(expected, Holder):
        _check_equal(loaded.__dict__, expected.__dict__)
    else:
        assert loaded == expected


@pytest.mark.parametrize("compress", [0, 3, True, ("lzma", 1), "zlib"])
def test_round_trip(tmp_path, compress):
    obj = _sample()
    path = tmp_path / "obj.pkl"
    assert dump(obj, path, compress=compress) == [str(path)]
    loaded = load(path)
    _check_equal(loaded, obj)
    assert loaded["again"] is loaded["c"]
    assert loaded["f"].flags.f_contiguous
    assert loaded["c"].flags.writeable


def test_mmap_mode_gives_read_only_memmaps(tmp_path):
    obj = _sample()
    path = tmp_path / "obj.pkl"
    dump(obj, path)
    loaded = load(path, mmap_mode="r")
    _check_equal(loaded, obj)
    for key in ("c", "f", "strided", "ints", "bigendian"):
        assert isinstance(loaded[key], np.memmap), key
        assert not loaded[key].flags.writeable
    assert isinstance(loaded["nested"][0].w, np.memmap)
    assert loaded["f"].flags.f_contiguous
    copy = load(path, mmap_mode="c")
    copy["c"][0, 0] = 100.0  # copy-on-write: the file is unchanged
    assert load(path)["c"][0, 0] == 0.0


def test_arrays_are_stored_raw_and_aligned(tmp_path):
    a = np.random.default_rng(0).random(1000)
    path = tmp_path / "a.pkl"
    dump({"x": a, "y": np.arange(3)}, path)
    raw = path.read_bytes()
    _, _, _, payload_len, n_arrays = _HEADER.unpack_from(raw)
    assert n_arrays == 2
    offset, nbytes = _ENTRY.unpack_from(raw, _HEADER.size)
    assert offset % ALIGN == 0 and nbytes == a.nbytes
    assert raw[offset : offset + nbytes] == a.tobytes()
    assert payload_len < 400  # the pickle stream itself holds no array data


def test_file_objects(tmp_path):
    buf = io.BytesIO()
    buf.write(b"prefix")
    dump(_sample(), buf)
    buf.seek(6)
    _check_equal(load(buf), _sample())
    with open(tmp_path / "f.pkl", "wb") as f:
        dump(_sample(), f, compress=2)
    with open(tmp_path / "f.pkl", "rb") as f:
        _check_equal(load(f), _sample())
    with open(tmp_path / "g.pkl", "wb") as f:
        dump({"a": np.ones(5)}, f)
    with open(tmp_path / "g.pkl", "rb") as f:
        assert isinstance(load(f, mmap_mode="r")["a"], np.memmap)


def test_non_seekable_stream(tmp_path):
    class Pipe(io.RawIOBase):
        def __init__(self, data):
            self._buf = io.BytesIO(data)

        def readable(self):
            return True

        def readinto(self, b):
            return self._buf.readinto(b)

    buf = io.BytesIO()
    dump(_sample(), buf)
    _check_equal(load(Pipe(buf.getvalue())), _sample())


def test_mmap_of_compressed_file_warns(tmp_path):
    path = tmp_path / "c.pkl"
    dump({"a": np.ones(10)}, path, compress=3)
    with pytest.warns(UserWarning, match="compressed"):
        out = load(path, mmap_mode="r")
    assert not isinstance(out["a"], np.memmap)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load(path)


def test_compression_shrinks_redundant_data(tmp_path):
    dump(np.zeros(100_000), tmp_path / "raw.pkl")
    dump(np.zeros(100_000), tmp_path / "z.pkl", compress=3)
    dump(np.zeros(100_000), tmp_path / "x.pkl", compress=("lzma", 3))
    raw = (tmp_path / "raw.pkl").stat().st_size
    assert (tmp_path / "z.pkl").stat().st_size < raw / 50
    assert (tmp_path / "x.pkl").stat().st_size < raw / 50


@pytest.mark.parametrize("damage", ["empty", "truncated", "garbage"])
def test_damaged_files_raise(tmp_path, damage):
    path = tmp_path / "d.pkl"
    dump({"a": np.ones(1000)}, path)
    data = path.read_bytes()
    damaged = {"empty": b"", "truncated": data[: len(data) - 100], "garbage": b"x" * 50}
    path.write_bytes(damaged[damage])
    with pytest.raises((EOFError, ValueError, pickle.UnpicklingError)):
        load(path)
    with pytest.raises((EOFError, ValueError, pickle.UnpicklingError)):
        load(path, mmap_mode="r")


def test_invalid_parameters(tmp_path):
    with pytest.raises(ValueError, match="compress"):
        dump(1, tmp_path / "x", compress=12)
    with pytest.raises(ValueError, match="compress"):
        dump(1, tmp_path / "x", compress="bz3")
    dump(1, tmp_path / "x")
    with pytest.raises(ValueError, match="mmap_mode"):
        load(tmp_path / "x", mmap_mode="w")


def test_load_docstring_warns_about_code_execution():
    assert "runs code from the file" in load.__doc__


def test_estimator_like_object_with_many_arrays(tmp_path):
    est = Holder(coef_=np.ones((5, 3)), intercept_=np.zeros(3), classes_=np.array(["a", "b"]))
    dump(est, tmp_path / "est.pkl")
    back = load(tmp_path / "est.pkl", mmap_mode="r")
    np.testing.assert_array_equal(back.coef_, est.coef_)
    assert list(back.classes_) == ["a", "b"]
