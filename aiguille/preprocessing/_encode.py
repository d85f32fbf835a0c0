"""Sorted unique values and integer codes for numeric and object arrays (NaN/None aware).

Numeric arrays use sorting once for the categories and then binary search (or a lookup
table for small integer ranges) for the codes: encoding never sorts the data again.
Object arrays use Python sets and dicts; ``None`` and NaN sort last, in that order.
"""

from collections import Counter

import numpy as np

from ..utils._missing import _is_scalar_nan

# An integer column whose values span at most this many numbers is coded by table lookup.
_MAX_LOOKUP_RANGE = 1 << 20


def _extract_missing(values):
    missing = {v for v in values if v is None or _is_scalar_nan(v)}
    if not missing:
        return values, False, False
    has_none = any(v is None for v in missing)
    has_nan = any(v is not None for v in missing)
    return values - missing, has_none, has_nan


class _NanDict(dict):
    """dict in which any NaN key finds the value stored under a NaN."""

    def __init__(self, mapping):
        super().__init__(mapping)
        for key, value in mapping.items():
            if _is_scalar_nan(key):
                self.nan_value = value
                break

    def __missing__(self, key):
        if hasattr(self, "nan_value") and _is_scalar_nan(key):
            return self.nan_value
        raise KeyError(key)


def _is_numeric(values):
    return values.dtype.kind in "biuf"


def _unique_python(values):
    try:
        uniques_set, has_none, has_nan = _extract_missing(set(values))
        uniques = sorted(uniques_set)
        if has_none:
            uniques.append(None)
        if has_nan:
            uniques.append(np.nan)
        return np.array(uniques, dtype=values.dtype)
    except TypeError:
        types = sorted(t.__qualname__ for t in {type(v) for v in values})
        raise TypeError(
            "Encoders require their input argument must be uniformly "
            f"strings or numbers. Got {types}"
        ) from None


def _int_range(values):
    if values.dtype.kind not in "iub" or values.size == 0:
        return None
    lo, hi = int(values.min()), int(values.max())
    if hi - lo > _MAX_LOOKUP_RANGE:
        return None
    return lo, hi


def _unique(values, *, return_inverse=False, return_counts=False):
    """Sorted unique values of a 1-D array (one NaN kept, last), with codes and counts."""
    if not _is_numeric(values):
        uniques = _unique_python(values)
        ret = (uniques,)
        if return_inverse:
            ret += (_map_to_integer(values, uniques),)
        if return_counts:
            ret += (_get_counts(values, uniques),)
        return ret[0] if len(ret) == 1 else ret
    rng = _int_range(values)
    if rng is not None:
        lo, hi = rng
        counts = np.bincount((values.astype(np.int64) - lo), minlength=hi - lo + 1)
        present = np.flatnonzero(counts)
        uniques = (present + lo).astype(values.dtype)
        ret = (uniques,)
        if return_inverse:
            table = np.zeros(hi - lo + 1, dtype=np.intp)
            table[present] = np.arange(len(present))
            ret += (table[values.astype(np.int64) - lo],)
        if return_counts:
            ret += (counts[present].astype(np.int64),)
        return ret[0] if len(ret) == 1 else ret
    res = np.unique(values, return_inverse=return_inverse, return_counts=return_counts)
    uniques = res[0] if isinstance(res, tuple) else res
    inverse = res[1] if return_inverse else None
    counts = res[-1] if return_counts else None
    if uniques.size and _is_scalar_nan(uniques[-1]):
        nan_idx = np.searchsorted(uniques, np.nan)
        uniques = uniques[: nan_idx + 1]
        if return_inverse:
            inverse[inverse > nan_idx] = nan_idx
        if return_counts:
            counts[nan_idx] = np.sum(counts[nan_idx:])
            counts = counts[: nan_idx + 1]
    ret = (uniques,)
    if return_inverse:
        ret += (inverse.reshape(-1),)
    if return_counts:
        ret += (counts,)
    return ret[0] if len(ret) == 1 else ret


def _map_to_integer(values, uniques):
    table = _NanDict({val: i for i, val in enumerate(uniques)})
    return np.array([table[v] for v in values], dtype=np.intp)


def _codes(values, uniques):
    """Codes of ``values`` in ``uniques`` and a mask of the known ones (unknown code: 0)."""
    n = len(values)
    if len(uniques) == 0:
        return np.zeros(n, dtype=np.intp), np.zeros(n, dtype=bool)
    if not _is_numeric(values) or not _is_numeric(uniques):
        table = {val: i for i, val in enumerate(uniques)}
        get = table.get
        try:
            codes = np.array([get(v, -1) for v in values], dtype=np.intp)
        except TypeError:  # unhashable values: none of them is a category
            codes = np.full(n, -1, dtype=np.intp)
        valid = codes >= 0
        if not valid.all():
            nan_code = next((i for i, u in enumerate(uniques) if _is_scalar_nan(u)), None)
            if nan_code is not None:
                for i in np.flatnonzero(~valid):
                    if _is_scalar_nan(values[i]):
                        codes[i] = nan_code
                        valid[i] = True
            codes[~valid] = 0
        return codes, valid
    rng = _int_range(values)
    if rng is not None and uniques.dtype.kind in "iub":
        lo, hi = rng
        ulo, uhi = int(uniques[0]), int(uniques[-1])
        lo2, hi2 = min(lo, ulo), max(hi, uhi)
        if hi2 - lo2 <= _MAX_LOOKUP_RANGE:
            table = np.full(hi2 - lo2 + 1, -1, dtype=np.intp)
            table[uniques.astype(np.int64) - lo2] = np.arange(len(uniques))
            codes = table[values.astype(np.int64) - lo2]
            valid = codes >= 0
            codes[~valid] = 0
            return codes, valid
    codes = np.searchsorted(uniques, values)
    np.minimum(codes, len(uniques) - 1, out=codes)
    valid = uniques[codes] == values
    if uniques.dtype.kind == "f" and np.isnan(uniques[-1]):
        valid |= np.isnan(values)
    codes[~valid] = 0
    return codes, valid


def _encode(values, *, uniques, check_unknown=True):
    """Codes of ``values`` in the sorted ``uniques``; unknown values raise."""
    codes, valid = _codes(values, uniques)
    if check_unknown and not valid.all():
        if not _is_numeric(values):
            first = values[~valid][0]
            raise ValueError(f"y contains previously unseen labels: {first!r}")
        diff = _unknown_values(values[~valid])
        raise ValueError(f"y contains previously unseen labels: {diff}")
    return codes


def _unknown_values(values):
    if _is_numeric(values):
        return list(np.unique(values))
    rest, has_none, has_nan = _extract_missing(set(values))
    diff = list(rest)
    if has_none:
        diff.append(None)
    if has_nan:
        diff.append(np.nan)
    return diff


def _check_unknown(values, known_values, return_mask=False):
    """Values of ``values`` not in ``known_values`` (and a mask of the known ones)."""
    _, valid = _codes(values, known_values)
    diff = _unknown_values(values[~valid]) if not valid.all() else []
    if return_mask:
        return diff, valid
    return diff


def _get_counts(values, uniques):
    """Count of each of ``uniques`` in ``values`` (in the order of ``uniques``)."""
    if values.dtype.kind in "OU":
        nan_count = 0
        items = []
        for v in values:
            if _is_scalar_nan(v):
                nan_count += 1
            else:
                items.append(v)
        counter = Counter(items)
        out = np.zeros(len(uniques), dtype=np.int64)
        for i, item in enumerate(uniques):
            out[i] = nan_count if _is_scalar_nan(item) else counter.get(item, 0)
        return out
    codes, valid = _codes(values, uniques)
    return np.bincount(codes[valid], minlength=len(uniques)).astype(np.int64)
