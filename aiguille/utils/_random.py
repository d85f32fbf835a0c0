"""Random sampling helpers shared by the packages (draws match scikit-learn's)."""

import numpy as np

__all__ = []


def _sample_without_replacement(n_population, n_samples, rng):
    """scikit-learn's ``sample_without_replacement(method="auto")``, draw for draw.

    ``rng`` is a ``numpy.random.RandomState``; returns an int64 array of ``n_samples`` distinct
    integers in ``[0, n_population)``.
    """
    ratio = n_samples / n_population if n_population != 0 else 1.0
    if 0.01 < ratio < 0.99:
        return rng.permutation(n_population)[:n_samples]
    if ratio < 0.2:  # tracking selection
        out = np.empty(n_samples, dtype=np.int64)
        selected = set()
        for i in range(n_samples):
            j = rng.randint(n_population)
            while j in selected:
                j = rng.randint(n_population)
            selected.add(j)
            out[i] = j
        return out
    out = np.arange(n_samples, dtype=np.int64)  # reservoir sampling
    for i in range(n_samples, n_population):
        j = rng.randint(0, i + 1)
        if j < n_samples:
            out[j] = i
    return out
