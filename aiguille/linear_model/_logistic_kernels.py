"""Numba kernels: fused loss and gradient of the (half) binomial and multinomial losses.

One pass over the rows of X computes the raw predictions, the weighted loss and the
gradient (``X.T @ g`` accumulated row by row): X is read once per evaluation instead of
twice (``X @ w`` then ``X.T @ g``), which is what bounds L-BFGS on tall data.
Accumulations are in float64 whatever the dtype of X.
"""

import math

import numpy as np
from numba import njit, prange

_FAST = {"reassoc", "contract"}

# The parallel entry points split the rows into a fixed number of blocks (not one per
# thread): each block's partial sums, added in block order, give the same result
# whatever the number of threads. They serve evaluations over more than
# _PARALLEL_MIN_WORK stored entries (times classes: a millisecond or more); smaller ones
# use the serial kernels directly (and compile nothing more: a parallel kernel takes
# seconds to compile for each new type of input).
_BLOCK_ROWS = 4096
_MAX_BLOCKS = 16
_PARALLEL_MIN_WORK = 1_000_000


def n_blocks(n_samples, work):
    """Blocks of rows for the loss and gradient of ``work`` stored entries x classes
    (1: the serial kernel)."""
    if work < _PARALLEL_MIN_WORK:
        return 1
    return max(1, min(_MAX_BLOCKS, n_samples // _BLOCK_ROWS))


@njit(cache=True, nogil=True)
def _block(n, n_blocks, t):
    size = (n + n_blocks - 1) // n_blocks
    start = min(t * size, n)
    return start, min(start + size, n)


@njit(cache=True, nogil=True)
def _add_blocks(parts, losses, out):
    """out = the sum of the rows of ``parts``, in order; returns the sum of ``losses``."""
    out[:] = 0.0
    loss = 0.0
    for t in range(parts.shape[0]):
        loss += losses[t]
        for j in range(out.shape[0]):
            out[j] += parts[t, j]
    return loss


@njit(cache=True, nogil=True)
def _add_blocks_multinomial(parts, losses, gW, gb):
    """:func:`_add_blocks` for partials laid out as ``[gW.ravel(), gb]``."""
    K, d = gW.shape
    out = np.empty(K * (d + 1))
    loss = _add_blocks(parts, losses, out)
    gW[:] = out[: K * d].reshape(K, d)
    gb[:] = out[K * d :]
    return loss


@njit(cache=True, nogil=True, parallel=True)
def binomial_loss_grad(X, y, sw, w, b, grad, n_blocks):
    """:func:`_binomial_loss_grad` over row blocks in parallel."""
    n = X.shape[0]
    parts = np.empty((n_blocks, grad.shape[0]))
    losses = np.empty(n_blocks)
    for t in prange(n_blocks):
        s, e = _block(n, n_blocks, t)
        losses[t] = _binomial_loss_grad(X[s:e], y[s:e], sw[s:e], w, b, parts[t])
    return _add_blocks(parts, losses, grad)


@njit(cache=True, nogil=True, parallel=True)
def binomial_loss_grad_csr(data, indices, indptr, y, sw, w, b, grad, n_blocks):
    """:func:`_binomial_loss_grad_csr` over row blocks in parallel."""
    n = indptr.shape[0] - 1
    parts = np.empty((n_blocks, grad.shape[0]))
    losses = np.empty(n_blocks)
    for t in prange(n_blocks):
        s, e = _block(n, n_blocks, t)
        losses[t] = _binomial_loss_grad_csr(
            data, indices, indptr[s : e + 1], y[s:e], sw[s:e], w, b, parts[t]
        )
    return _add_blocks(parts, losses, grad)


@njit(cache=True, nogil=True, parallel=True)
def multinomial_loss_grad(X, y, sw, W, b, gW, gb, n_blocks):
    """:func:`_multinomial_loss_grad` over row blocks in parallel."""
    n = X.shape[0]
    K, d = W.shape
    parts = np.empty((n_blocks, K * (d + 1)))
    losses = np.empty(n_blocks)
    for t in prange(n_blocks):
        s, e = _block(n, n_blocks, t)
        part = parts[t]
        losses[t] = _multinomial_loss_grad(
            X[s:e], y[s:e], sw[s:e], W, b, part[: K * d].reshape(K, d), part[K * d :]
        )
    return _add_blocks_multinomial(parts, losses, gW, gb)


@njit(cache=True, nogil=True, parallel=True)
def multinomial_loss_grad_csr(data, indices, indptr, y, sw, W, b, gW, gb, n_blocks):
    """:func:`_multinomial_loss_grad_csr` over row blocks in parallel."""
    n = indptr.shape[0] - 1
    K, d = W.shape
    parts = np.empty((n_blocks, K * (d + 1)))
    losses = np.empty(n_blocks)
    for t in prange(n_blocks):
        s, e = _block(n, n_blocks, t)
        part = parts[t]
        losses[t] = _multinomial_loss_grad_csr(
            data,
            indices,
            indptr[s : e + 1],
            y[s:e],
            sw[s:e],
            W,
            b,
            part[: K * d].reshape(K, d),
            part[K * d :],
        )
    return _add_blocks_multinomial(parts, losses, gW, gb)


@njit(cache=True, nogil=True, fastmath=_FAST)
def _binomial_loss_grad(X, y, sw, w, b, grad):
    """Return sum_i sw_i * (log(1 + exp(z_i)) - y_i z_i); fill grad[:d] (and grad[d] = d/db).

    ``grad`` has length ``d`` or ``d + 1`` (intercept gradient last).
    """
    n, d = X.shape
    for j in range(grad.shape[0]):
        grad[j] = 0.0
    loss = 0.0
    gb = 0.0
    for i in range(n):
        z = b
        for j in range(d):
            z += X[i, j] * w[j]
        li, p = _binomial_point(z, y[i])
        s = sw[i]
        loss += s * li
        g = s * (p - y[i])
        gb += g
        for j in range(d):
            grad[j] += g * X[i, j]
    if grad.shape[0] > d:
        grad[d] = gb
    return loss


@njit(cache=True, nogil=True, fastmath=_FAST)
def _binomial_loss_grad_csr(data, indices, indptr, y, sw, w, b, grad):
    """:func:`_binomial_loss_grad` for CSR rows: one pass over the stored entries."""
    n = indptr.shape[0] - 1
    d = w.shape[0]
    for j in range(grad.shape[0]):
        grad[j] = 0.0
    loss = 0.0
    gb = 0.0
    for i in range(n):
        z = b
        for jj in range(indptr[i], indptr[i + 1]):
            z += data[jj] * w[indices[jj]]
        li, p = _binomial_point(z, y[i])
        s = sw[i]
        loss += s * li
        g = s * (p - y[i])
        gb += g
        for jj in range(indptr[i], indptr[i + 1]):
            grad[indices[jj]] += g * data[jj]
    if grad.shape[0] > d:
        grad[d] = gb
    return loss


@njit(cache=True, nogil=True, inline="always")
def _binomial_point(z, yi):
    """(log(1 + exp(z)) - yi z, expit(z)), without overflow."""
    if z > 0.0:
        e = math.exp(-z)
        return z + math.log1p(e) - yi * z, 1.0 / (1.0 + e)
    e = math.exp(z)
    return math.log1p(e) - yi * z, e / (1.0 + e)


@njit(cache=True, nogil=True, fastmath=_FAST)
def _multinomial_loss_grad(X, y, sw, W, b, gW, gb):
    """Multinomial loss ``sum_i sw_i (logsumexp(z_i) - z_i[y_i])`` and its gradient.

    ``W`` (K, d), ``b`` (K,), ``gW`` (K, d), ``gb`` (K,), ``y`` holds class indices.
    """
    n, d = X.shape
    K = W.shape[0]
    z = np.empty(K)
    for k in range(K):
        gb[k] = 0.0
        for j in range(d):
            gW[k, j] = 0.0
    loss = 0.0
    for i in range(n):
        for k in range(K):
            acc = b[k]
            for j in range(d):
                acc += X[i, j] * W[k, j]
            z[k] = acc
        loss += _multinomial_point(z, int(y[i]), sw[i])
        for k in range(K):
            g = z[k]
            gb[k] += g
            for j in range(d):
                gW[k, j] += g * X[i, j]
    return loss


@njit(cache=True, nogil=True, fastmath=_FAST)
def _multinomial_loss_grad_csr(data, indices, indptr, y, sw, W, b, gW, gb):
    """:func:`_multinomial_loss_grad` for CSR rows: one pass over the stored entries."""
    n = indptr.shape[0] - 1
    K, d = W.shape
    z = np.empty(K)
    for k in range(K):
        gb[k] = 0.0
        for j in range(d):
            gW[k, j] = 0.0
    loss = 0.0
    for i in range(n):
        start, end = indptr[i], indptr[i + 1]
        for k in range(K):
            acc = b[k]
            for jj in range(start, end):
                acc += data[jj] * W[k, indices[jj]]
            z[k] = acc
        loss += _multinomial_point(z, int(y[i]), sw[i])
        for k in range(K):
            g = z[k]
            gb[k] += g
            for jj in range(start, end):
                gW[k, indices[jj]] += g * data[jj]
    return loss


@njit(cache=True, nogil=True, inline="always")
def _multinomial_point(z, yi, s):
    """Return ``s * (logsumexp(z) - z[yi])`` and overwrite ``z`` with its gradient
    ``s * (softmax(z) - onehot(yi))`` (stable: shifted by the maximum)."""
    K = z.shape[0]
    m = z[0]
    for k in range(1, K):
        if z[k] > m:
            m = z[k]
    tot = 0.0
    for k in range(K):
        tot += math.exp(z[k] - m)
    lse = m + math.log(tot)
    li = s * (lse - z[yi])
    for k in range(K):
        g = math.exp(z[k] - lse)
        if k == yi:
            g -= 1.0
        z[k] = g * s
    return li
