"""Numba kernels: coordinate descent for the elastic net (dense, sparse CSC, Gram).

Each kernel minimizes ``1/2 ||y - X w||^2 + alpha ||w||_1 + beta/2 ||w||^2`` in place on
``w`` and follows scikit-learn's ``_cd_fast.pyx``: a full pass over the active
coordinates, the duality gap computed when the largest coordinate update is small
relative to the largest coefficient (or at the last iteration), stop when
``gap <= tol * ||y||^2``, and gap-safe screening of features. They return
``(gap, tol_scaled, n_iter, converged)``.

Dense X is passed transposed, ``XT`` of shape (n_features, n_samples), C-contiguous (a
Fortran X seen from the other side), so that each column is a contiguous row.
"""

import math

import numpy as np
from numba import njit

RAND_R_MAX = 2147483647


@njit(cache=True, nogil=True)
def _rand_int(end, state):
    # Park-Miller style LCG on a one-element state array.
    s = (state[0] * 48271) % 2147483647
    state[0] = s
    return s % end


@njit(cache=True, nogil=True, fastmath=True)
def _dot(a, b):
    """Dot product of two contiguous vectors; fastmath lets LLVM vectorize the sum."""
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] * b[i]
    return s


@njit(cache=True, nogil=True, fastmath=True)
def _axpy(a, x, y):
    """y += a * x on contiguous vectors."""
    for i in range(x.shape[0]):
        y[i] += a * x[i]


@njit(cache=True, nogil=True)
def _soft(tmp, alpha, denom, positive):
    if positive and tmp < 0:
        return 0.0
    a = abs(tmp) - alpha
    if a <= 0:
        return 0.0
    return (a if tmp > 0 else -a) / denom


@njit(cache=True, nogil=True)
def _gap_from_parts(alpha, beta, w, XtA, R_norm2, Ry, positive):
    """Duality gap from ``XtA = X^T R`` (beta * w is subtracted here, in place)."""
    n_features = w.shape[0]
    w_l2_norm2 = 0.0
    if beta > 0:
        for j in range(n_features):
            w_l2_norm2 += w[j] * w[j]
    if alpha == 0:
        dual = 0.0
        for j in range(n_features):
            dual += XtA[j] * XtA[j]
        if beta == 0:
            return dual, dual
        gap = R_norm2 + 0.5 * beta * w_l2_norm2 - Ry + 1.0 / (2 * beta) * dual
        return gap, dual
    dual_norm = -np.inf if positive else 0.0
    w_l1 = 0.0
    for j in range(n_features):
        XtA[j] -= beta * w[j]
        if positive:
            if XtA[j] > dual_norm:
                dual_norm = XtA[j]
        elif abs(XtA[j]) > dual_norm:
            dual_norm = abs(XtA[j])
        w_l1 += abs(w[j])
    primal = 0.5 * (R_norm2 + beta * w_l2_norm2) + alpha * w_l1
    scale = alpha / dual_norm if dual_norm > alpha else 1.0
    dual_obj = -0.5 * scale * scale * (R_norm2 + beta * w_l2_norm2) + scale * Ry
    return primal - dual_obj, dual_norm


# ---------------------------------------------------------------------------------------
# Dense
# ---------------------------------------------------------------------------------------


@njit(cache=True, nogil=True)
def center_transpose_rows(X, offset, sw_sqrt, out, start, stop):
    """``out[j, i] = (X[i, j] - offset[j]) * sw_sqrt[i]`` for ``start <= i < stop``
    (``sw_sqrt`` empty: no weights), C-contiguous X and out.

    Eight rows at a time: each of their cache lines is read once while the eight
    consecutive entries of every output row are written (numpy's strided copy of
    ``X[sl].T`` is 1.6x slower).
    """
    n_features = X.shape[1]
    weighted = sw_sqrt.shape[0] > 0
    for i0 in range(start, stop, 8):
        i1 = min(i0 + 8, stop)
        for j in range(n_features):
            m = offset[j]
            o = out[j]
            for i in range(i0, i1):
                v = X[i, j] - m
                if weighted:
                    v *= sw_sqrt[i]
                o[i] = v


@njit(cache=True, nogil=True)
def _gap_dense(w, alpha, beta, XT, y, R, XtA, positive, xta_done=False):
    R_norm2 = _dot(R, R)
    Ry = _dot(R, y)
    if not xta_done:
        XtA[:] = np.dot(XT, R)
    return _gap_from_parts(alpha, beta, w, XtA, R_norm2, Ry, positive)


@njit(cache=True, nogil=True)
def enet_cd_dense(w, alpha, beta, XT, y, max_iter, tol, seed, random, positive, do_screening):
    n_features, n_samples = XT.shape
    # From a cold start (w = 0), R = y, and the first gap's X^T R is taken with the
    # column norms while each column is in cache: one pass over X instead of three.
    cold = not np.any(w != 0)
    R = y.copy() if cold else y - np.dot(w, XT)
    norm2 = np.empty(n_features, dtype=XT.dtype)
    XtA = np.empty(n_features, dtype=XT.dtype)
    for j in range(n_features):
        norm2[j] = _dot(XT[j], XT[j])
        if cold:
            XtA[j] = _dot(XT[j], R)
    state = np.array([max(seed, 1)], dtype=np.int64)
    if alpha == 0:
        do_screening = False
    active = np.arange(n_features)
    excluded = np.zeros(n_features, dtype=np.uint8)
    n_active = n_features
    d_w_tol = tol
    tol = tol * _dot(y, y)
    gap, dual_norm = _gap_dense(w, alpha, beta, XT, y, R, XtA, positive, cold)
    if gap <= tol:
        return gap, tol, 0, True
    if do_screening:
        n_active = 0
        for j in range(n_features):
            if norm2[j] == 0:
                w[j] = 0
                excluded[j] = 1
                continue
            Xj_theta = XtA[j] / max(alpha, dual_norm)
            d_j = (1 - abs(Xj_theta)) / math.sqrt(norm2[j] + beta)
            if d_j <= math.sqrt(2 * gap) / alpha:
                active[n_active] = j
                excluded[j] = 0
                n_active += 1
            else:
                if w[j] != 0:
                    _axpy(w[j], XT[j], R)
                    w[j] = 0
                excluded[j] = 1
    n_iter = 0
    converged = False
    for n_iter in range(max_iter):
        w_max = 0.0
        d_w_max = 0.0
        for f_iter in range(n_active):
            if random:
                jj = _rand_int(n_active, state)
            else:
                jj = f_iter
            j = active[jj] if do_screening else jj
            if norm2[j] == 0.0:
                continue
            w_j = w[j]
            tmp = _dot(XT[j], R) + w_j * norm2[j]
            new = _soft(tmp, alpha, norm2[j] + beta, positive)
            w[j] = new
            if new != w_j:
                _axpy(w_j - new, XT[j], R)
            d_w_j = abs(new - w_j)
            if d_w_j > d_w_max:
                d_w_max = d_w_j
            if abs(new) > w_max:
                w_max = abs(new)
        if w_max == 0.0 or d_w_max / w_max <= d_w_tol or n_iter == max_iter - 1:
            gap, dual_norm = _gap_dense(w, alpha, beta, XT, y, R, XtA, positive)
            if gap <= tol:
                converged = True
                break
            if do_screening:
                n_active = 0
                for j in range(n_features):
                    if excluded[j]:
                        continue
                    Xj_theta = XtA[j] / max(alpha, dual_norm)
                    d_j = (1 - abs(Xj_theta)) / math.sqrt(norm2[j] + beta)
                    if d_j <= math.sqrt(2 * gap) / alpha:
                        active[n_active] = j
                        excluded[j] = 0
                        n_active += 1
                    else:
                        if w[j] != 0:
                            _axpy(w[j], XT[j], R)
                            w[j] = 0
                        excluded[j] = 1
    return gap, tol, n_iter + 1, converged


# ---------------------------------------------------------------------------------------
# Gram (precomputed X^T X)
# ---------------------------------------------------------------------------------------


@njit(cache=True, nogil=True)
def _gap_gram(w, alpha, beta, Qw, q, y_norm2, XtA, positive):
    n_features = w.shape[0]
    q_dot_w = 0.0
    wQw = 0.0
    for j in range(n_features):
        q_dot_w += w[j] * q[j]
        wQw += w[j] * Qw[j]
    R_norm2 = y_norm2 + wQw - 2.0 * q_dot_w
    Ry = y_norm2 - q_dot_w
    for j in range(n_features):
        XtA[j] = q[j] - Qw[j]
    return _gap_from_parts(alpha, beta, w, XtA, R_norm2, Ry, positive)


@njit(cache=True, nogil=True)
def enet_cd_gram(
    w, alpha, beta, Q, q, y_norm2, max_iter, tol, seed, random, positive, do_screening
):
    n_features = Q.shape[0]
    Qw = np.dot(Q, w)
    XtA = np.zeros(n_features, dtype=Q.dtype)
    state = np.array([max(seed, 1)], dtype=np.int64)
    if alpha == 0:
        do_screening = False
    active = np.arange(n_features)
    excluded = np.zeros(n_features, dtype=np.uint8)
    n_active = n_features
    d_w_tol = tol
    tol = tol * y_norm2
    gap, dual_norm = _gap_gram(w, alpha, beta, Qw, q, y_norm2, XtA, positive)
    if 0 <= gap <= tol:
        return gap, tol, 0, True
    if do_screening:
        radius = math.sqrt(2 * abs(gap)) / alpha
        n_active = 0
        for j in range(n_features):
            if Q[j, j] == 0:
                w[j] = 0
                excluded[j] = 1
                continue
            Xj_theta = XtA[j] / max(alpha, dual_norm)
            d_j = (1 - abs(Xj_theta)) / math.sqrt(Q[j, j] + beta)
            if d_j <= radius:
                active[n_active] = j
                excluded[j] = 0
                n_active += 1
            else:
                if w[j] != 0:
                    _axpy(-w[j], Q[j], Qw)
                    w[j] = 0
                excluded[j] = 1
    n_iter = 0
    converged = False
    for n_iter in range(max_iter):
        w_max = 0.0
        d_w_max = 0.0
        for f_iter in range(n_active):
            if random:
                jj = _rand_int(n_active, state)
            else:
                jj = f_iter
            j = active[jj] if do_screening else jj
            if Q[j, j] == 0.0:
                continue
            w_j = w[j]
            tmp = q[j] - Qw[j] + w_j * Q[j, j]
            new = _soft(tmp, alpha, Q[j, j] + beta, positive)
            w[j] = new
            if new != w_j:
                _axpy(new - w_j, Q[j], Qw)
            d_w_j = abs(new - w_j)
            if d_w_j > d_w_max:
                d_w_max = d_w_j
            if abs(new) > w_max:
                w_max = abs(new)
        if w_max == 0.0 or d_w_max / w_max <= d_w_tol or n_iter == max_iter - 1:
            gap, dual_norm = _gap_gram(w, alpha, beta, Qw, q, y_norm2, XtA, positive)
            if gap <= tol:
                converged = True
                break
            if do_screening:
                radius = math.sqrt(2 * abs(gap)) / alpha
                n_active = 0
                for j in range(n_features):
                    if excluded[j]:
                        continue
                    Xj_theta = XtA[j] / max(alpha, dual_norm)
                    d_j = (1 - abs(Xj_theta)) / math.sqrt(Q[j, j] + beta)
                    if d_j <= radius:
                        active[n_active] = j
                        excluded[j] = 0
                        n_active += 1
                    else:
                        if w[j] != 0:
                            _axpy(-w[j], Q[j], Qw)
                            w[j] = 0
                        excluded[j] = 1
    return gap, tol, n_iter + 1, converged


# ---------------------------------------------------------------------------------------
# Sparse CSC with implicit centering and sample weights
# ---------------------------------------------------------------------------------------


@njit(cache=True, nogil=True)
def _r_plus_wj_xj(R, data, indices, indptr, X_mean, center, sw, no_sw, wj, j):
    n_samples = R.shape[0]
    if no_sw:
        for ii in range(indptr[j], indptr[j + 1]):
            R[indices[ii]] += data[ii] * wj
        if center:
            m = X_mean[j] * wj
            for i in range(n_samples):
                R[i] -= m
    else:
        for ii in range(indptr[j], indptr[j + 1]):
            i = indices[ii]
            R[i] += sw[i] * data[ii] * wj
        if center:
            m = X_mean[j] * wj
            for i in range(n_samples):
                R[i] -= sw[i] * m


@njit(cache=True, nogil=True)
def _gap_sparse(
    w, alpha, beta, data, indices, indptr, y, sw, no_sw, X_mean, center, R, R_sum, XtA, positive
):
    n_samples = y.shape[0]
    n_features = w.shape[0]
    R_norm2 = 0.0
    if no_sw:
        for i in range(n_samples):
            R_norm2 += R[i] * R[i]
    else:
        for i in range(n_samples):
            if sw[i] != 0:
                R_norm2 += R[i] * R[i] / sw[i]
    Ry = 0.0
    for i in range(n_samples):
        Ry += R[i] * y[i]
    for j in range(n_features):
        s = 0.0
        for ii in range(indptr[j], indptr[j + 1]):
            s += data[ii] * R[indices[ii]]
        if center:
            s -= X_mean[j] * R_sum
        XtA[j] = s
    return _gap_from_parts(alpha, beta, w, XtA, R_norm2, Ry, positive)


@njit(cache=True, nogil=True)
def enet_cd_sparse(
    w,
    alpha,
    beta,
    data,
    indices,
    indptr,
    y,
    sw,
    no_sw,
    X_mean,
    max_iter,
    tol,
    seed,
    random,
    positive,
    do_screening,
):
    n_samples = y.shape[0]
    n_features = w.shape[0]
    norm2 = np.zeros(n_features, dtype=data.dtype)
    XtA = np.empty(n_features, dtype=data.dtype)
    state = np.array([max(seed, 1)], dtype=np.int64)
    if alpha == 0:
        do_screening = False
    active = np.arange(n_features)
    excluded = np.zeros(n_features, dtype=np.uint8)
    n_active = n_features
    d_w_tol = tol
    if no_sw:
        yw = y
    else:
        yw = sw * y
    R = yw.copy()
    center = False
    for j in range(n_features):
        if X_mean[j] != 0:
            center = True
            break
    R_sum = 0.0
    for j in range(n_features):
        m = X_mean[j]
        w_j = w[j]
        s = 0.0
        if no_sw:
            for ii in range(indptr[j], indptr[j + 1]):
                i = indices[ii]
                s += (data[ii] - m) ** 2
                R[i] -= data[ii] * w_j
            norm2[j] = s
            if center:
                norm2[j] += (n_samples - (indptr[j + 1] - indptr[j])) * m * m
                for i in range(n_samples):
                    R[i] += m * w_j
                    R_sum += R[i]
        else:
            for ii in range(indptr[j], indptr[j + 1]):
                i = indices[ii]
                t = sw[i]
                s += t * (data[ii] - m) ** 2 - t * m * m
                R[i] -= t * data[ii] * w_j
            if center:
                for i in range(n_samples):
                    s += sw[i] * m * m
                    R[i] += sw[i] * m * w_j
                    R_sum += R[i]
            norm2[j] = s
    yy = 0.0
    for i in range(n_samples):
        yy += y[i] * yw[i]
    tol = tol * yy
    gap, dual_norm = _gap_sparse(
        w,
        alpha,
        beta,
        data,
        indices,
        indptr,
        y,
        sw,
        no_sw,
        X_mean,
        center,
        R,
        R_sum,
        XtA,
        positive,
    )
    if gap <= tol:
        return gap, tol, 0, True
    if do_screening:
        n_active = 0
        for j in range(n_features):
            if norm2[j] == 0:
                w[j] = 0
                excluded[j] = 1
                continue
            Xj_theta = XtA[j] / max(alpha, dual_norm)
            d_j = (1 - abs(Xj_theta)) / math.sqrt(norm2[j] + beta)
            if d_j <= math.sqrt(2 * gap) / alpha:
                active[n_active] = j
                excluded[j] = 0
                n_active += 1
            else:
                if w[j] != 0:
                    _r_plus_wj_xj(R, data, indices, indptr, X_mean, center, sw, no_sw, w[j], j)
                    w[j] = 0
                excluded[j] = 1
    n_iter = 0
    converged = False
    for n_iter in range(max_iter):
        w_max = 0.0
        d_w_max = 0.0
        for f_iter in range(n_active):
            if random:
                jj = _rand_int(n_active, state)
            else:
                jj = f_iter
            j = active[jj] if do_screening else jj
            if norm2[j] == 0.0:
                continue
            w_j = w[j]
            tmp = 0.0
            for ii in range(indptr[j], indptr[j + 1]):
                tmp += R[indices[ii]] * data[ii]
            tmp += w_j * norm2[j]
            if center:
                tmp -= R_sum * X_mean[j]
            new = _soft(tmp, alpha, norm2[j] + beta, positive)
            w[j] = new
            if new != w_j:
                _r_plus_wj_xj(R, data, indices, indptr, X_mean, center, sw, no_sw, w_j - new, j)
            d_w_j = abs(new - w_j)
            if d_w_j > d_w_max:
                d_w_max = d_w_j
            if abs(new) > w_max:
                w_max = abs(new)
        if w_max == 0.0 or d_w_max / w_max <= d_w_tol or n_iter == max_iter - 1:
            gap, dual_norm = _gap_sparse(
                w,
                alpha,
                beta,
                data,
                indices,
                indptr,
                y,
                sw,
                no_sw,
                X_mean,
                center,
                R,
                R_sum,
                XtA,
                positive,
            )
            if gap <= tol:
                converged = True
                break
            if do_screening:
                n_active = 0
                for j in range(n_features):
                    if excluded[j]:
                        continue
                    Xj_theta = XtA[j] / max(alpha, dual_norm)
                    d_j = (1 - abs(Xj_theta)) / math.sqrt(norm2[j] + beta)
                    if d_j <= math.sqrt(2 * gap) / alpha:
                        active[n_active] = j
                        excluded[j] = 0
                        n_active += 1
                    else:
                        if w[j] != 0:
                            _r_plus_wj_xj(
                                R, data, indices, indptr, X_mean, center, sw, no_sw, w[j], j
                            )
                            w[j] = 0
                        excluded[j] = 1
    return gap, tol, n_iter + 1, converged
