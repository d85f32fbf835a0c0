"""numba kernels of the multi-task lasso and elastic net (block coordinate descent).

scikit-learn's ``enet_coordinate_descent_multi_task`` (``_cd_fast.pyx``); see
``_multi_task.py``. The vector helpers are the single-task kernels' (``_cd_kernels``).
"""

import math

import numpy as np
from numba import njit

from ._cd_kernels import _axpy, _dot, _rand_int


@njit(cache=True, nogil=True)
def _mt_gap(W, alpha, beta, XT, YT, RT, XtA, XtA_row_norms):
    """Duality gap of the multi-task elastic net and ``max_j ||XtA[j]||``.

    ``W`` (n_tasks, n_features), ``XT`` (n_features, n_samples), ``YT`` and ``RT``
    (n_tasks, n_samples); fills ``XtA = X^T R - beta W^T`` (n_features, n_tasks) and its row
    norms.
    """
    n_tasks, n_features = W.shape
    w_l2_norm2 = 0.0
    if beta > 0:
        for t in range(n_tasks):
            w_l2_norm2 += _dot(W[t], W[t])
    R_norm2 = 0.0
    Ry = 0.0
    for t in range(n_tasks):
        R_norm2 += _dot(RT[t], RT[t])
        Ry += _dot(RT[t], YT[t])
    if alpha == 0:
        dual_norm = 0.0
        for j in range(n_features):
            for t in range(n_tasks):
                XtA[j, t] = _dot(XT[j], RT[t])
                dual_norm += XtA[j, t] * XtA[j, t]
        if beta == 0:
            return dual_norm, dual_norm
        gap = R_norm2 + 0.5 * beta * w_l2_norm2 - Ry + 1.0 / (2 * beta) * dual_norm
        return gap, dual_norm
    dual_norm = 0.0
    w_l21 = 0.0
    for j in range(n_features):
        s = 0.0
        wn = 0.0
        for t in range(n_tasks):
            v = _dot(XT[j], RT[t]) - beta * W[t, j]
            XtA[j, t] = v
            s += v * v
            wn += W[t, j] * W[t, j]
        XtA_row_norms[j] = math.sqrt(s)
        if XtA_row_norms[j] > dual_norm:
            dual_norm = XtA_row_norms[j]
        w_l21 += math.sqrt(wn)
    primal = 0.5 * (R_norm2 + beta * w_l2_norm2) + alpha * w_l21
    scale = alpha / dual_norm if dual_norm > alpha else 1.0
    dual = -0.5 * scale * scale * (R_norm2 + beta * w_l2_norm2) + scale * Ry
    return primal - dual, dual_norm


@njit(cache=True, nogil=True)
def _mt_screen(W, alpha, beta, XT, RT, norm2, XtA_row_norms, dual_norm, gap, active, excluded):
    """Gap-safe screening (Ndiaye et al. 2017, eq. 2.2); returns the number of active features."""
    n_tasks, n_features = W.shape
    n_active = 0
    for j in range(n_features):
        if excluded[j]:
            continue
        Xj_theta = XtA_row_norms[j] / max(alpha, dual_norm)
        d_j = (1 - Xj_theta) / math.sqrt(norm2[j] + beta)
        if d_j <= math.sqrt(2 * gap) / alpha:
            active[n_active] = j
            n_active += 1
        else:
            for t in range(n_tasks):
                if W[t, j] != 0:
                    _axpy(W[t, j], XT[j], RT[t])
                    W[t, j] = 0
            excluded[j] = 1
    return n_active


@njit(cache=True, nogil=True)
def enet_cd_multi_task(W, alpha, beta, XT, YT, max_iter, tol, seed, random, do_screening):
    """Block coordinate descent on ``W`` in place; returns (gap, tol_scaled, n_iter, converged)."""
    n_tasks, n_features = W.shape
    norm2 = np.empty(n_features, dtype=XT.dtype)
    for j in range(n_features):
        norm2[j] = _dot(XT[j], XT[j])
    RT = YT.copy()
    for j in range(n_features):
        for t in range(n_tasks):
            if W[t, j] != 0:
                _axpy(-W[t, j], XT[j], RT[t])
    XtA = np.empty((n_features, n_tasks), dtype=XT.dtype)
    XtA_row_norms = np.zeros(n_features, dtype=XT.dtype)
    tmp = np.empty(n_tasks, dtype=XT.dtype)
    w_j = np.empty(n_tasks, dtype=XT.dtype)
    state = np.array([max(seed, 1)], dtype=np.int64)
    if alpha == 0:
        do_screening = False
    active = np.arange(n_features)
    excluded = np.zeros(n_features, dtype=np.uint8)
    n_active = n_features
    d_w_tol = tol
    y_norm2 = 0.0
    for t in range(n_tasks):
        y_norm2 += _dot(YT[t], YT[t])
    tol = tol * y_norm2
    gap, dual_norm = _mt_gap(W, alpha, beta, XT, YT, RT, XtA, XtA_row_norms)
    if gap <= tol:
        return gap, tol, 0, True
    if do_screening:
        for j in range(n_features):
            if norm2[j] == 0:
                for t in range(n_tasks):
                    W[t, j] = 0
                excluded[j] = 1
        n_active = _mt_screen(
            W, alpha, beta, XT, RT, norm2, XtA_row_norms, dual_norm, gap, active, excluded
        )
    n_iter = 0
    converged = False
    for n_iter in range(max_iter):
        w_max = 0.0
        d_w_max = 0.0
        for f_iter in range(n_active):
            jj = _rand_int(n_active, state) if random else f_iter
            j = active[jj] if do_screening else jj
            if norm2[j] == 0.0:
                continue
            for t in range(n_tasks):
                w_j[t] = W[t, j]
            nn = 0.0
            for t in range(n_tasks):
                tmp[t] = _dot(XT[j], RT[t]) + w_j[t] * norm2[j]
                nn += tmp[t] * tmp[t]
            nn = math.sqrt(nn)
            shrink = max(1.0 - alpha / nn, 0.0) / (norm2[j] + beta) if nn > 0 else 0.0
            d_w_j = 0.0
            W_j_abs_max = 0.0
            for t in range(n_tasks):
                new = tmp[t] * shrink
                W[t, j] = new
                if new != w_j[t]:
                    _axpy(w_j[t] - new, XT[j], RT[t])
                d = abs(new - w_j[t])
                if d > d_w_j:
                    d_w_j = d
                if abs(new) > W_j_abs_max:
                    W_j_abs_max = abs(new)
            if d_w_j > d_w_max:
                d_w_max = d_w_j
            if W_j_abs_max > w_max:
                w_max = W_j_abs_max
        if w_max == 0.0 or d_w_max / w_max <= d_w_tol or n_iter == max_iter - 1:
            gap, dual_norm = _mt_gap(W, alpha, beta, XT, YT, RT, XtA, XtA_row_norms)
            if gap <= tol:
                converged = True
                break
            if do_screening:
                n_active = _mt_screen(
                    W, alpha, beta, XT, RT, norm2, XtA_row_norms, dual_norm, gap, active, excluded
                )
    return gap, tol, n_iter + 1, converged
