"""Numba kernels: fused loss and gradient of the (half) binomial and multinomial losses.

One pass over the rows of X computes the raw predictions, the weighted loss and the
gradient (``X.T @ g`` accumulated row by row): X is read once per evaluation instead of
twice (``X @ w`` then ``X.T @ g``), which is what bounds L-BFGS on tall data.
Accumulations are in float64 whatever the dtype of X.
"""

import math

import numpy as np
from numba import njit

_FAST = {"reassoc", "contract"}


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
