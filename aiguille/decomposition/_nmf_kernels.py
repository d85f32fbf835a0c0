"""numba kernel of NMF's coordinate descent (Fast HALS): one sweep over the columns of W."""

from numba import njit


@njit(cache=True, nogil=True, fastmath={"reassoc", "contract"})
def cd_sweep(W, HHt, XHt, permutation):
    """One cyclic coordinate-descent sweep over the columns of W, in place.

    Minimises ``0.5 ||X - W H||^2`` in W, one column ``t`` at a time (in the order of
    ``permutation``), each entry ``W[i, t]`` by an exact projected Newton step with
    gradient ``(W HHt - XHt)[i, t]`` and Hessian ``HHt[t, t]``. Returns the sum of the
    absolute projected gradients met on the way (the stopping criterion).
    """
    n_samples, n_components = W.shape
    violation = 0.0
    for s in range(n_components):
        t = permutation[s]
        hess = HHt[t, t]
        for i in range(n_samples):
            grad = -XHt[i, t]
            for r in range(n_components):
                grad += HHt[t, r] * W[i, r]
            pg = min(0.0, grad) if W[i, t] == 0 else grad
            violation += abs(pg)
            if hess != 0:
                W[i, t] = max(W[i, t] - grad / hess, 0.0)
    return violation
