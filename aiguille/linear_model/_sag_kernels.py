"""Numba kernels of the SAG / SAGA solvers (one epoch loop, dense and CSR variants).

The iterates are those of scikit-learn's ``sag_fast.pyx``: the same random sample
sequence (the xorshift generator of ``sklearn/utils/_random.pxd`` seeded once), the
weight scale ``wscale`` that carries the L2 shrinkage, the just-in-time (lazy) updates
through cumulative sums for sparse rows, the SAGA correction and the proximal L1 step.
For dense rows every feature is touched at every step, so the lagged update of a step is
applied at once, fused with the update of the summed gradient (two passes over a row
instead of four).

Loss codes (one registry, in ``_sag.py``): 0 binary log loss, 1 squared error,
2 multinomial log loss. ``fparams = [step_size, alpha, beta, tol, intercept_decay]``,
``iparams = [max_iter, loss, fit_intercept, saga, seed, num_seen]``.
Return ``(num_seen, n_iter, status)`` with ``status == -1`` on overflow.
"""

import math

import numpy as np
from numba import njit

from ..utils._intrinsics import prefetch_nta as _prefetch

_MASK32 = 0xFFFFFFFF
# steps between a row's prefetch and its use (dense kernel); with the non-temporal hint,
# 4 to 5 measured best (an epoch 12% faster than with a plain prefetch 6 steps ahead)
_AHEAD = 5
_FAST = {"reassoc", "contract"}  # lets LLVM vectorize the dot products; keeps inf/nan checks


@njit(cache=True, nogil=True, inline="always")
def _next_seed(s):
    s ^= (s << 13) & _MASK32
    s ^= s >> 17
    s ^= (s << 5) & _MASK32
    return s


@njit(cache=True, nogil=True, inline="always")
def _soft(x, shrinkage):
    return max(x - shrinkage, 0.0) - max(-x - shrinkage, 0.0)


@njit(cache=True, nogil=True, inline="always")
def _gradient(loss, pred, y, sw, grad, n_classes):
    """Per-sample gradient of the loss with respect to the raw prediction(s)."""
    if loss == 0:
        raw = pred[0]
        if raw > 0.0:
            e = math.exp(-raw)
            grad[0] = ((1.0 - y) - y * e) / (1.0 + e) * sw
        else:
            e = math.exp(raw)
            grad[0] = ((1.0 - y) * e - y) / (1.0 + e) * sw
    elif loss == 1:
        grad[0] = (pred[0] - y) * sw
    else:
        m = pred[0]
        for k in range(1, n_classes):
            if pred[k] > m:
                m = pred[k]
        tot = 0.0
        for k in range(n_classes):
            e = math.exp(pred[k] - m)
            grad[k] = e
            tot += e
        yk = int(y)
        for k in range(n_classes):
            p = grad[k] / tot
            if k == yk:
                p -= 1.0
            grad[k] = p * sw


@njit(cache=True, nogil=True, fastmath=_FAST)
def _sag_dense(X, y, sw, W, b, sg, gm, seen, isg, fparams, iparams):
    n, d = X.shape
    K = W.shape[1]
    Xf = X.reshape(n * d)
    w1 = W.reshape(d * K)
    sg1 = sg.reshape(d * K)
    gm1 = gm.reshape(n * K)
    step = fparams[0]
    alpha = fparams[1]
    beta = fparams[2]
    tol = fparams[3]
    decay = fparams[4]
    max_iter = iparams[0]
    loss = iparams[1]
    fit_intercept = iparams[2] != 0
    saga = iparams[3] != 0
    s = iparams[4]
    num_seen = iparams[5]
    prox = beta > 0.0 and saga
    wupd = 1.0 - step * alpha
    wscale = 1.0
    prev = W.copy()
    pred = np.zeros(K)
    grad = np.zeros(K)
    dg = np.zeros(K)
    status = 0
    n_iter = 0
    # the sample sequence is drawn _AHEAD steps early (same draws, same order) so that the
    # rows of the coming steps are prefetched well before they are used
    ring = np.empty(_AHEAD, dtype=np.int64)
    for a in range(_AHEAD):
        s = _next_seed(s)
        ring[a] = (s & 0x7FFFFFFF) % n
    h = 0
    i_next = ring[0]
    have_next = False
    acc_next = 0.0
    for n_iter in range(max_iter):  # noqa: B007 (read after the loop)
        for _ in range(n):
            i = ring[h]
            s = _next_seed(s)
            far = (s & 0x7FFFFFFF) % n  # the sample of the step _AHEAD steps from now
            ring[h] = far
            h += 1
            if h == _AHEAD:
                h = 0
            i_next = ring[h]
            # that row is known: ask for it now, it arrives while the steps between run
            base = far * d
            for j in range(0, d, 8):
                _prefetch(Xf, base + j)
            _prefetch(Xf, base + d - 1)
            _prefetch(y, far)
            _prefetch(sw, far)
            _prefetch(gm1, far * K)
            if seen[i] == 0:
                num_seen += 1
                seen[i] = 1
            # row views: indices from range(d) need no wraparound code, and the loops
            # over features vectorize (Xf[i * d + j] would not)
            xr = X[i]
            # prediction
            if K == 1:
                if have_next:
                    acc = acc_next  # computed in the previous step's update pass
                else:
                    acc = 0.0
                    for j in range(d):
                        acc += xr[j] * w1[j]
                pred[0] = wscale * acc + b[0]
            else:
                for k in range(K):
                    pred[k] = 0.0
                for j in range(d):
                    xj = xr[j]
                    for k in range(K):
                        pred[k] += xj * W[j, k]
                for k in range(K):
                    pred[k] = wscale * pred[k] + b[k]
            _gradient(loss, pred, y[i], sw[i], grad, K)
            wscale *= wupd
            c = step / (wscale * num_seen)
            pstep = step * beta / wscale
            sfac = step * (1.0 - 1.0 / num_seen) / wscale
            for k in range(K):
                dg[k] = grad[k] - gm[i, k]
            # summed gradient, SAGA correction, gradient step, proximal step
            if K == 1 and not saga:
                # the update pass also computes the next sample's dot product with the
                # updated weights: one pass over w per step instead of two
                g0 = dg[0]
                xn = X[i_next]
                acc_n = 0.0
                for j in range(d):
                    v = sg1[j] + xr[j] * g0
                    sg1[j] = v
                    wj = w1[j] - c * v
                    w1[j] = wj
                    acc_n += xn[j] * wj
                acc_next = acc_n
                have_next = True
            else:
                for j in range(d):
                    xj = xr[j]
                    for k in range(K):
                        corr = xj * dg[k]
                        if saga:
                            W[j, k] -= corr * sfac
                        v = sg[j, k] + corr
                        sg[j, k] = v
                        w = W[j, k] - c * v
                        if prox:
                            w = _soft(w, pstep)
                        W[j, k] = w
            if fit_intercept:
                for k in range(K):
                    gc = dg[k]
                    isg[k] += gc
                    gc *= step * (1.0 - 1.0 / num_seen)
                    if saga:
                        b[k] -= step * isg[k] / num_seen * decay + gc
                    else:
                        b[k] -= step * isg[k] / num_seen * decay
                    if not math.isfinite(b[k]):
                        status = -1
                if status == -1:
                    break
            for k in range(K):
                gm[i, k] = grad[k]
            if wscale < 1e-9:
                for j in range(d * K):
                    w1[j] *= wscale
                    if not math.isfinite(w1[j]):
                        status = -1
                acc_next *= wscale
                wscale = 1.0
                if status == -1:
                    break
        if status == -1:
            break
        for j in range(d * K):
            w1[j] *= wscale
            if not math.isfinite(w1[j]):
                status = -1
        acc_next *= wscale
        wscale = 1.0
        if status == -1:
            break
        max_change = 0.0
        max_weight = 0.0
        for j in range(d):
            for k in range(K):
                max_weight = max(max_weight, abs(W[j, k]))
                max_change = max(max_change, abs(W[j, k] - prev[j, k]))
                prev[j, k] = W[j, k]
        if (max_weight != 0 and max_change / max_weight <= tol) or (
            max_weight == 0 and max_change == 0
        ):
            break
    return num_seen, n_iter + 1, status


@njit(cache=True, nogil=True, inline="always")
def _lagged_update(
    W, wscale, nnz, idx_ptr, indices, n, it, csum, csum_prox, hist, prox, sg, reset
):
    """Apply the pending (just-in-time) updates; ``reset`` also folds in ``wscale``."""
    K = W.shape[1]
    for jj in range(nnz):
        if reset:
            f = jj
        else:
            f = indices[idx_ptr + jj]
        cum = csum[it - 1]
        cum_prox = 0.0
        if prox:
            cum_prox = csum_prox[it - 1]
        if hist[f] != 0:
            cum -= csum[hist[f] - 1]
            if prox:
                cum_prox -= csum_prox[hist[f] - 1]
        if not prox:
            for k in range(K):
                W[f, k] -= cum * sg[f, k]
                if reset:
                    W[f, k] *= wscale
                    if not math.isfinite(W[f, k]):
                        return -1
        else:
            for k in range(K):
                if abs(sg[f, k] * cum) < cum_prox:
                    W[f, k] -= cum * sg[f, k]
                    W[f, k] = _soft(W[f, k], cum_prox)
                else:
                    last = hist[f]
                    if last == -1:
                        last = it - 1
                    for lag in range(it - 1, last - 1, -1):
                        if lag > 0:
                            gstep = csum[lag] - csum[lag - 1]
                            pstep = csum_prox[lag] - csum_prox[lag - 1]
                        else:
                            gstep = csum[lag]
                            pstep = csum_prox[lag]
                        W[f, k] -= sg[f, k] * gstep
                        W[f, k] = _soft(W[f, k], pstep)
                if reset:
                    W[f, k] *= wscale
                    if not math.isfinite(W[f, k]):
                        return -1
        if reset:
            hist[f] = it % n
        else:
            hist[f] = it
    if reset:
        csum[it - 1] = 0.0
        if prox:
            csum_prox[it - 1] = 0.0
    return 0


@njit(cache=True, nogil=True)
def _sag_csr(data, indices, indptr, y, sw, W, b, sg, gm, seen, isg, fparams, iparams):
    n = indptr.shape[0] - 1
    d, K = W.shape
    step = fparams[0]
    alpha = fparams[1]
    beta = fparams[2]
    tol = fparams[3]
    decay = fparams[4]
    max_iter = iparams[0]
    loss = iparams[1]
    fit_intercept = iparams[2] != 0
    saga = iparams[3] != 0
    s = iparams[4]
    num_seen = iparams[5]
    prox = beta > 0.0 and saga
    wupd = 1.0 - step * alpha
    wscale = 1.0
    prev = W.copy()
    pred = np.zeros(K)
    grad = np.zeros(K)
    csum = np.zeros(n)
    csum_prox = np.zeros(n if prox else 1)
    hist = np.zeros(d, dtype=np.int64)
    status = 0
    n_iter = 0
    gm1 = gm.reshape(-1)
    # as in the dense kernel, the samples are drawn _AHEAD steps early (same draws, same
    # order): the row pointer of a sample is prefetched _AHEAD steps before its use, its
    # entries (whose place that pointer gives) _AHEAD // 2 steps before
    ring = np.empty(_AHEAD, dtype=np.int64)
    for a in range(_AHEAD):
        s = _next_seed(s)
        ring[a] = (s & 0x7FFFFFFF) % n
    h = 0
    for n_iter in range(max_iter):  # noqa: B007 (read after the loop)
        for it in range(n):
            i = ring[h]
            s = _next_seed(s)
            far = (s & 0x7FFFFFFF) % n
            ring[h] = far
            h += 1
            if h == _AHEAD:
                h = 0
            _prefetch(indptr, far)
            mid = ring[(h + _AHEAD // 2) % _AHEAD]
            lo, hi = indptr[mid], indptr[mid + 1] - 1
            _prefetch(data, lo)
            _prefetch(indices, lo)
            if hi > lo:
                _prefetch(data, hi)
                _prefetch(indices, hi)
            _prefetch(gm1, mid * K)
            _prefetch(y, mid)
            _prefetch(sw, mid)
            start = indptr[i]
            nnz = indptr[i + 1] - start
            if seen[i] == 0:
                num_seen += 1
                seen[i] = 1
            if it > 0:
                status = _lagged_update(
                    W, wscale, nnz, start, indices, n, it, csum, csum_prox, hist, prox, sg, False
                )
                if status == -1:
                    break
            for k in range(K):
                acc = 0.0
                for jj in range(start, start + nnz):
                    acc += W[indices[jj], k] * data[jj]
                pred[k] = wscale * acc + b[k]
            _gradient(loss, pred, y[i], sw[i], grad, K)
            wscale *= wupd
            for jj in range(start, start + nnz):
                f = indices[jj]
                v = data[jj]
                for k in range(K):
                    corr = v * (grad[k] - gm[i, k])
                    if saga:
                        W[f, k] -= corr * step * (1.0 - 1.0 / num_seen) / wscale
                    sg[f, k] += corr
            if fit_intercept:
                for k in range(K):
                    gc = grad[k] - gm[i, k]
                    isg[k] += gc
                    gc *= step * (1.0 - 1.0 / num_seen)
                    if saga:
                        b[k] -= step * isg[k] / num_seen * decay + gc
                    else:
                        b[k] -= step * isg[k] / num_seen * decay
                    if not math.isfinite(b[k]):
                        status = -1
                if status == -1:
                    break
            for k in range(K):
                gm[i, k] = grad[k]
            if it == 0:
                csum[0] = step / (wscale * num_seen)
                if prox:
                    csum_prox[0] = step * beta / wscale
            else:
                csum[it] = csum[it - 1] + step / (wscale * num_seen)
                if prox:
                    csum_prox[it] = csum_prox[it - 1] + step * beta / wscale
            if wscale < 1e-9:
                status = _lagged_update(
                    W, wscale, d, 0, indices, n, it + 1, csum, csum_prox, hist, prox, sg, True
                )
                if status == -1:
                    break
                wscale = 1.0
        if status == -1:
            break
        status = _lagged_update(
            W, wscale, d, 0, indices, n, n, csum, csum_prox, hist, prox, sg, True
        )
        if status == -1:
            break
        wscale = 1.0
        max_change = 0.0
        max_weight = 0.0
        for f in range(d):
            for k in range(K):
                max_weight = max(max_weight, abs(W[f, k]))
                max_change = max(max_change, abs(W[f, k] - prev[f, k]))
                prev[f, k] = W[f, k]
        if (max_weight != 0 and max_change / max_weight <= tol) or (
            max_weight == 0 and max_change == 0
        ):
            break
    return num_seen, n_iter + 1, status
