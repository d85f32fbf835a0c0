"""Comparison helpers: same values (1e-12 relative), same return types as scikit-learn."""

import warnings

import numpy as np

RTOL = 1e-12


def assert_same(ours, ref, rtol=RTOL, atol=0.0, what=""):
    """Same value and same kind of return (float, ndarray, tuple, dict, str, None)."""
    if ref is None:
        assert ours is None, what
        return
    if isinstance(ref, str):
        assert ours == ref, f"{what}\n{ours}\n!=\n{ref}"
        return
    if isinstance(ref, dict):
        assert isinstance(ours, dict) and list(ours) == list(ref), what
        for k in ref:
            assert_same(ours[k], ref[k], rtol, atol, f"{what}[{k!r}]")
        return
    if isinstance(ref, tuple | list):
        assert isinstance(ours, type(ref)) and len(ours) == len(ref), what
        for a, b in zip(ours, ref):
            assert_same(a, b, rtol, atol, what)
        return
    if isinstance(ref, np.ndarray):
        assert isinstance(ours, np.ndarray), f"{what}: {type(ours)}"
        assert ours.shape == ref.shape, f"{what}: {ours.shape} != {ref.shape}"
        assert ours.dtype.kind == ref.dtype.kind, f"{what}: {ours.dtype} != {ref.dtype}"
        np.testing.assert_allclose(ours, ref, rtol=rtol, atol=atol, err_msg=what)
        return
    assert isinstance(ours, float | int | np.floating | np.integer), f"{what}: {type(ours)}"
    assert type(ours) is type(ref) or (float in (type(ours), type(ref))), (
        f"{what}: {type(ours)} != {type(ref)}"
    )
    np.testing.assert_allclose(ours, ref, rtol=rtol, atol=atol, err_msg=what)


def both(ours_func, ref_func, *args, **kwargs):
    """Call both, recording warnings (class and message) of each."""
    with warnings.catch_warnings(record=True) as w1:
        warnings.simplefilter("always")
        a = ours_func(*args, **kwargs)
    with warnings.catch_warnings(record=True) as w2:
        warnings.simplefilter("always")
        b = ref_func(*args, **kwargs)
    return a, b, w1, w2


def warning_texts(records):
    return sorted({(r.category.__name__, str(r.message)) for r in records})
