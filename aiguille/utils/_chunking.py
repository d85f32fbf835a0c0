"""Chunk sizes from the working-memory budget (``set_config(working_memory=...)``)."""

from .._config import get_config

__all__ = ["gen_batches", "gen_even_slices", "get_chunk_n_rows"]


def get_chunk_n_rows(row_bytes, *, max_n_rows=None, working_memory=None):
    """Rows per chunk so that one chunk of rows of ``row_bytes`` bytes fits the budget.

    Parameters
    ----------
    row_bytes : int
        Bytes that one row of the chunk needs (all temporaries included).
    max_n_rows : int, default=None
        Upper bound.
    working_memory : float, default=None
        MiB; ``get_config()["working_memory"]`` when None.

    Examples
    --------
    >>> from aiguille.utils._chunking import get_chunk_n_rows
    >>> get_chunk_n_rows(8 * 1000, working_memory=1)
    131
    """
    if working_memory is None:
        working_memory = get_config()["working_memory"]
    n_rows = int(working_memory * 2**20 // max(int(row_bytes), 1))
    if max_n_rows is not None:
        n_rows = min(n_rows, max_n_rows)
    return max(n_rows, 1)


def gen_batches(n, batch_size, *, min_batch_size=0):
    """Slices of ``batch_size`` elements covering ``range(n)``.

    Examples
    --------
    >>> from aiguille.utils._chunking import gen_batches
    >>> list(gen_batches(7, 3))
    [slice(0, 3, None), slice(3, 6, None), slice(6, 7, None)]
    """
    if batch_size <= 0:
        raise ValueError(f"gen_batches got batch_size={batch_size}, must be positive")
    start = 0
    for _ in range(int(n // batch_size)):
        end = start + batch_size
        if end + min_batch_size > n:
            continue
        yield slice(start, end)
        start = end
    if start < n:
        yield slice(start, n)


def map_threads(func, items):
    """``[func(item) for item in items]``, one thread per item when there are several
    (for numba kernels and BLAS calls that release the GIL), in the items' order."""
    items = list(items)
    if len(items) <= 1:
        return [func(item) for item in items]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(len(items)) as pool:
        return list(pool.map(func, items))


def gen_even_slices(n, n_packs, *, n_samples=None):
    """``n_packs`` slices of nearly equal size covering ``range(n)``."""
    start = 0
    for pack_num in range(n_packs):
        this_n = n // n_packs + (1 if pack_num < n % n_packs else 0)
        if this_n > 0:
            end = start + this_n
            if n_samples is not None:
                end = min(n_samples, end)
            yield slice(start, end, None)
            start = end
