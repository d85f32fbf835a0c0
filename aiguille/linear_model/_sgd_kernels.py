"""Numba kernel of plain and averaged SGD (one kernel for every loss, dense and CSR rows).

The iterates are scikit-learn's ``_plain_sgd`` (``sklearn/linear_model/_sgd_fast.pyx.tp``):
the weight vector is ``wscale * w`` (the L2 shrinkage is one multiplication), the averaged
vector of ASGD (Bottou 2010; Xu 2011) is ``(aw + average_a * w) / average_b`` so that each
step touches only the row's features, the L1 penalty is the cumulative truncated gradient
of Tsuruoka et al. (2009), and each epoch shuffles the sample order with the xorshift
generator of ``sklearn/utils/_random.pxd`` seeded by the driver.

Dense X is passed flattened (``data = X.ravel()``, ``indptr`` empty); the dense branch
reads each row contiguously, with the weight update, the averaging update and the norm
bookkeeping fused into one pass over the row.

Loss codes (the registry is ``_sgd.LOSSES``): 0 hinge (``param`` = threshold),
1 squared hinge (threshold), 2 modified Huber, 3 log loss (half binomial, y in {0, 1}),
4 half squared error, 5 Huber (``param`` = epsilon), 6 epsilon-insensitive,
7 squared epsilon-insensitive. Learning rates: 1 constant, 2 optimal, 3 invscaling,
4 adaptive, 5 pa1, 6 pa2. Penalties: 0 none, 1 l1, 2 l2, 3 elasticnet.

``fp = [alpha, l1_ratio, tol, weight_pos, weight_neg, eta0, power_t, intercept_decay,
param, optimal_init, wscale_threshold]``; ``ip = [loss, penalty, max_iter, fit_intercept,
shuffle, seed, learning_rate, average, early_stopping, n_iter_no_change, compute_loss,
is_classifier]``; ``st = [intercept, average_intercept, t]`` (updated in place).
Returns ``(n_iter, status)``: status -1 on a non-finite weight.
"""

import math

import numpy as np
from numba import njit

from ..utils._intrinsics import atomic_cas as _atomic_cas
from ..utils._intrinsics import atomic_load as _atomic_load
from ..utils._intrinsics import atomic_store as _atomic_store
from ..utils._intrinsics import prefetch_nta as _prefetch_nta
from ..utils._intrinsics import spin_pause as _spin_pause

_FAST = {"reassoc", "contract"}


@njit(cache=True, nogil=True, inline="always")
def _rand(s):
    if s == 0:
        s = 1
    s ^= (s << 13) & 0xFFFFFFFF
    s ^= s >> 17
    s ^= (s << 5) & 0xFFFFFFFF
    return s, s & 0x7FFFFFFF


@njit(cache=True, nogil=True, inline="always")
def _log1pexp(x):
    if x <= -37.0:
        return math.exp(x)
    if x <= -2.0:
        return math.log1p(math.exp(x))
    if x <= 18.0:
        return math.log(1.0 + math.exp(x))
    if x <= 33.3:
        return x + math.exp(-x)
    return x


@njit(cache=True, nogil=True, inline="always")
def _loss(code, y, p, param):
    if code == 0:
        z = p * y
        return param - z if z <= param else 0.0
    if code == 1:
        z = param - p * y
        return z * z if z > 0 else 0.0
    if code == 2:
        z = p * y
        if z >= 1.0:
            return 0.0
        if z >= -1.0:
            return (1.0 - z) * (1.0 - z)
        return -4.0 * z
    if code == 3:
        return _log1pexp(p) - y * p
    if code == 4:
        return 0.5 * (p - y) * (p - y)
    if code == 5:
        a = abs(y - p)
        return 0.5 * a * a if a <= param else param * (a - 0.5 * param)
    if code == 6:
        r = abs(y - p) - param
        return r if r > 0 else 0.0
    r = abs(y - p) - param
    return r * r if r > 0 else 0.0


@njit(cache=True, nogil=True, inline="always")
def _dloss(code, y, p, param):
    if code == 0:
        return -y if p * y <= param else 0.0
    if code == 1:
        z = param - p * y
        return -2.0 * y * z if z > 0 else 0.0
    if code == 2:
        z = p * y
        if z >= 1.0:
            return 0.0
        if z >= -1.0:
            return 2.0 * (1.0 - z) * -y
        return -4.0 * y
    if code == 3:
        if p <= -37.0:
            return math.exp(p) - y
        e = math.exp(-p)
        return ((1.0 - y) - y * e) / (1.0 + e)
    if code == 4:
        return p - y
    if code == 5:
        r = p - y
        if abs(r) <= param:
            return r
        return param if r >= 0 else -param
    if code == 6:
        if y - p > param:
            return -1.0
        if p - y > param:
            return 1.0
        return 0.0
    z = y - p
    if z > param:
        return -2.0 * (z - param)
    if z < -param:
        return 2.0 * (-z - param)
    return 0.0


@njit(cache=True, nogil=True, inline="always")
def _raw_update(loss, lr, yi, p, param, eta, eta0, sq):
    """One step's update before the class and sample weights: passive-aggressive
    (``lr`` 5 or 6, with ``sq = ||x||^2``) or ``-eta`` times the clipped loss derivative."""
    if lr == 5 or lr == 6:
        if lr == 5:
            update = min(eta0, _loss(loss, yi, p, param) / sq)
        else:
            update = _loss(loss, yi, p, param) / (sq + 0.5 / eta0)
        if loss == 0:
            update *= yi
        elif yi - p < 0:
            update *= -1.0
        return update
    dl = _dloss(loss, yi, p, param)
    if dl < -1e12:
        dl = -1e12
    elif dl > 1e12:
        dl = 1e12
    return -eta * dl


@njit(cache=True, nogil=True, fastmath=_FAST)
def _plain_sgd(data, indices, indptr, n_features, y, sw, valmask, w, aw, st, fp, ip):
    dense = indptr.shape[0] == 0
    d = n_features
    n = y.shape[0]
    alpha = fp[0]
    l1_ratio = fp[1]
    tol = fp[2]
    weight_pos = fp[3]
    weight_neg = fp[4]
    eta0 = fp[5]
    power_t = fp[6]
    decay = fp[7]
    param = fp[8]
    optimal_init = fp[9]
    wthresh = fp[10]
    loss = ip[0]
    penalty = ip[1]
    max_iter = ip[2]
    fit_intercept = ip[3] != 0
    shuffle = ip[4] != 0
    seed = ip[5]
    lr = ip[6]
    average = ip[7]
    early = ip[8] != 0
    n_no_change = ip[9]
    compute_loss = ip[10] != 0
    is_clf = ip[11] != 0
    intercept = st[0]
    avg_intercept = st[1]
    t = st[2]
    if penalty == 2:
        l1_ratio = 0.0
    elif penalty == 1:
        l1_ratio = 1.0
    use_avg = average > 0
    q = np.zeros(d if (penalty == 1 or penalty == 3) else 1)
    u = 0.0
    wscale = 1.0
    average_a = 0.0
    average_b = 1.0
    # norms of wscale * w, tracked as scikit-learn does (for the objective)
    sq_norm = 0.0
    l1_norm = 0.0
    for j in range(d):
        sq_norm += w[j] * w[j]
        l1_norm += abs(w[j])
    order = np.arange(n)
    gather = dense and shuffle
    block = 256
    buf = np.empty(block * d if gather else 1, dtype=data.dtype)
    xs = buf if gather else data
    n_val = 0
    for i in range(n):
        if valmask[i]:
            n_val += 1
    train_count = n - n_val
    eta = eta0
    best_objective = np.inf
    best_score = -np.inf
    no_improvement = 0
    status = 0
    epoch = 0
    for epoch in range(max_iter):  # noqa: B007 (read after the loop)
        if shuffle:
            s = seed
            for i in range(n - 1):
                s, r = _rand(s)
                jj = i + r % (n - i)
                tmp = order[i]
                order[i] = order[jj]
                order[jj] = tmp
        objective_sum = 0.0
        for pos in range(n):
            r = pos % block
            if gather and r == 0:
                # copy the next block of (shuffled) rows: many independent loads in flight,
                # then the updates below read contiguous, cached rows
                m = min(block, n - pos)
                for rr in range(m):
                    src = order[pos + rr] * d
                    srow = data[src : src + d]  # row views: no wraparound code in the copy
                    drow = buf[rr * d : rr * d + d]
                    for j in range(d):
                        drow[j] = srow[j]
            i = order[pos]
            if valmask[i]:
                continue
            if gather:
                start = r * d
                nnz = d
            elif dense:
                start = i * d
                nnz = d
            else:
                start = indptr[i]
                nnz = indptr[i + 1] - start
            acc = 0.0
            if dense:
                for j in range(d):
                    acc += xs[start + j] * w[j]
            else:
                for jj in range(start, start + nnz):
                    acc += w[indices[jj]] * data[jj]
            p = acc * wscale + intercept
            yi = y[i]
            if lr == 2:
                eta = 1.0 / (alpha * (optimal_init + t - 1.0))
            elif lr == 3:
                eta = eta0 / t**power_t
            if compute_loss:
                cur = _loss(loss, yi, p, param)
                objective_sum += cur
                if lr != 5 and lr != 6 and penalty > 0:
                    objective_sum += alpha * (
                        (1.0 - l1_ratio) * 0.5 * sq_norm + l1_ratio * l1_norm
                    )
            class_weight = weight_pos if yi > 0.0 else weight_neg
            sq = 0.0
            if lr == 5 or lr == 6:
                if dense:
                    for j in range(d):
                        sq += xs[start + j] * xs[start + j]
                else:
                    for jj in range(start, start + nnz):
                        sq += data[jj] * data[jj]
                if lr == 5 and sq == 0.0:
                    continue
            update = _raw_update(loss, lr, yi, p, param, eta, eta0, sq)
            update *= class_weight * sw[i]
            if penalty >= 2:
                c = 1.0 - (1.0 - l1_ratio) * eta * alpha
                if c < 0.0:
                    c = 0.0
                wscale *= c
                sq_norm *= c * c
                l1_norm *= abs(c)
                if wscale < wthresh:
                    if use_avg:
                        for j in range(d):
                            aw[j] = (aw[j] + average_a * w[j]) / average_b
                        average_a = 0.0
                        average_b = 1.0
                    for j in range(d):
                        w[j] *= wscale
                    wscale = 1.0
            do_avg = use_avg and average <= t
            if update != 0.0 or do_avg:
                cw = update / wscale
                ca = average_a * (-update / wscale)
                l2acc = 0.0
                l1acc = 0.0
                if dense:
                    if update != 0.0 and do_avg:
                        for j in range(d):
                            x = xs[start + j]
                            v = w[j] + x * cw
                            w[j] = v
                            l2acc += v * v
                            l1acc += abs(v)
                            aw[j] += ca * x
                    elif update != 0.0:
                        for j in range(d):
                            v = w[j] + xs[start + j] * cw
                            w[j] = v
                            l2acc += v * v
                            l1acc += abs(v)
                    else:
                        for j in range(d):
                            aw[j] += ca * xs[start + j]
                else:
                    for jj in range(start, start + nnz):
                        f = indices[jj]
                        x = data[jj]
                        if update != 0.0:
                            w[f] += x * cw
                            l2acc += w[f] * w[f]
                            l1acc += abs(w[f])
                        if do_avg:
                            aw[f] += ca * x
                if update != 0.0:
                    sq_norm = l2acc * wscale * wscale
                    l1_norm = l1acc * wscale
            if fit_intercept:
                if update != 0.0:
                    intercept += update * decay
            if do_avg:
                num_iter = t - average + 1.0
                mu = 1.0 / num_iter
                if num_iter > 1:
                    average_b /= 1.0 - mu
                average_a += mu * average_b * wscale
                avg_intercept += (intercept - avg_intercept) / num_iter
            if penalty == 1 or penalty == 3:
                u += l1_ratio * eta * alpha
                if dense:
                    for j in range(d):
                        _l1_step(w, q, j, wscale, u)
                else:
                    for jj in range(start, start + nnz):
                        _l1_step(w, q, indices[jj], wscale, u)
            t += 1.0
        # end of epoch
        bad = not math.isfinite(intercept)
        for j in range(d):
            if not math.isfinite(w[j]):
                bad = True
        if bad:
            status = -1
            break
        if early:
            # validation score with the raw (unscaled) weights, as scikit-learn does
            num = 0.0
            den = 0.0
            ysum = 0.0
            wsum = 0.0
            for i in range(n):
                if valmask[i]:
                    ysum += sw[i] * y[i]
                    wsum += sw[i]
            ybar = ysum / wsum if wsum > 0 else 0.0
            for i in range(n):
                if not valmask[i]:
                    continue
                acc = intercept
                if dense:
                    for j in range(d):
                        acc += data[i * d + j] * w[j]
                else:
                    for jj in range(indptr[i], indptr[i + 1]):
                        acc += w[indices[jj]] * data[jj]
                if is_clf:
                    pred = 1.0 if acc > 0 else -1.0
                    if pred == y[i]:
                        num += sw[i]
                    den += sw[i]
                else:
                    num += sw[i] * (y[i] - acc) ** 2
                    den += sw[i] * (y[i] - ybar) ** 2
            if is_clf:
                score = num / den if den > 0 else 0.0
            elif den > 0:
                score = 1.0 - num / den
            else:
                score = 1.0 if num == 0 else 0.0
            if tol > -np.inf and score < best_score + tol:
                no_improvement += 1
            else:
                no_improvement = 0
            if score > best_score:
                best_score = score
        else:
            obj = objective_sum / train_count
            if tol > -np.inf and obj > best_objective - tol:
                no_improvement += 1
            else:
                no_improvement = 0
            if obj < best_objective:
                best_objective = obj
        if no_improvement >= n_no_change:
            if lr == 4 and eta > 1e-6:
                eta = eta / 5.0
                eta0 = eta
                no_improvement = 0
            else:
                break
    # reset the scale: fold wscale (and the averaging coefficients) into the arrays
    if use_avg:
        for j in range(d):
            aw[j] = (aw[j] + average_a * w[j]) / average_b
    for j in range(d):
        w[j] *= wscale
    st[0] = intercept
    st[1] = avg_intercept
    st[2] = t
    return epoch + 1, status


@njit(cache=True, nogil=True, inline="always")
def _l1_step(w, q, idx, wscale, u):
    z = w[idx]
    if wscale * z > 0.0:
        w[idx] = max(0.0, w[idx] - (u + q[idx]) / wscale)
    elif wscale * z < 0.0:
        w[idx] = min(0.0, w[idx] + (u - q[idx]) / wscale)
    q[idx] += wscale * (w[idx] - z)


# ---------------------------------------------------------------------------------------
# Dense path in blocks: the same iterates as ``_plain_sgd`` (dense rows, no early
# stopping), cut into resumable pieces so that the rows of block b + 1 can be gathered by
# another thread while block b is used. The state lives in arrays between calls:
# ``st = [intercept, average_intercept, t, wscale, average_a, average_b, u, sq_norm,
# l1_norm, eta, eta0, objective_sum, best_objective]``, ``ist = [no_improvement]``.
# ---------------------------------------------------------------------------------------


@njit(cache=True, nogil=True)
def _shuffle_order(order, seed):
    """One epoch's shuffle of ``order`` in place (scikit-learn's xorshift Fisher-Yates)."""
    n = order.shape[0]
    s = seed
    for i in range(n - 1):
        s, r = _rand(s)
        jj = i + r % (n - i)
        tmp = order[i]
        order[i] = order[jj]
        order[jj] = tmp


@njit(cache=True, nogil=True, inline="always")
def _prefetch_row(data, d, i, y, sw):
    src = i * d
    for j in range(0, d, 8):
        _prefetch_nta(data, src + j)
    _prefetch_nta(data, src + d - 1)
    _prefetch_nta(y, i)
    _prefetch_nta(sw, i)


@njit(cache=True, nogil=True)
def _gather_block(data, d, order, y, sw, p0, p1, xb, yb, sb, ib):
    """Copy the rows ``order[p0:p1]`` of X (flat), y, sw and the indices into buffers.

    Rows a few positions ahead are prefetched, so that several rows are in flight at once
    (a plain copy waits for each row's cache misses in turn). The non-temporal hint keeps
    more misses in flight than a plain prefetch (measured: 4.4 against 3.2 GB/s on one
    thread, 7.7 against 5.3 on two); 4 rows ahead was the best distance.
    """
    ahead = 4
    for k in range(p0, min(p0 + ahead, p1)):  # the first rows, not prefetched by a caller
        _prefetch_row(data, d, order[k], y, sw)
    n = order.shape[0]
    for k in range(p0, p1):
        ka = k + ahead
        if ka < n:
            _prefetch_row(data, d, order[ka], y, sw)
        i = order[k]
        src = data[i * d : i * d + d]
        dst = xb[(k - p0) * d : (k - p0) * d + d]
        for j in range(d):
            dst[j] = src[j]
        yb[k - p0] = y[i]
        sb[k - p0] = sw[i]
        ib[k - p0] = i


@njit(cache=True, nogil=True, fastmath=_FAST)
def _sgd_block(xs, ys, sws, m, d, w, aw, q, st, fp, ip):
    """SGD steps on the ``m`` contiguous rows ``xs`` (flat), targets ``ys``, weights ``sws``.

    The step formulas are those of ``_plain_sgd``; the loss, learning rate and penalty
    branches are taken once per sample, outside the loops over features. Where nothing
    else changes ``w`` after the gradient step (no L1), the step's pass over ``w`` also
    computes the next row's dot product: one pass over ``w`` per sample instead of two.
    """
    alpha = fp[0]
    l1_ratio = fp[1]
    weight_pos = fp[3]
    weight_neg = fp[4]
    power_t = fp[6]
    decay = fp[7]
    param = fp[8]
    optimal_init = fp[9]
    wthresh = fp[10]
    loss = ip[0]
    penalty = ip[1]
    fit_intercept = ip[3] != 0
    lr = ip[6]
    average = ip[7]
    compute_loss = ip[10] != 0
    if penalty == 2:
        l1_ratio = 0.0
    elif penalty == 1:
        l1_ratio = 1.0
    use_avg = average > 0
    track = compute_loss and penalty > 0 and lr != 5 and lr != 6
    fuse_ok = penalty == 0 or penalty == 2
    intercept = st[0]
    avg_intercept = st[1]
    t = st[2]
    wscale = st[3]
    average_a = st[4]
    average_b = st[5]
    u = st[6]
    sq_norm = st[7]
    l1_norm = st[8]
    eta = st[9]
    eta0 = st[10]
    objective_sum = st[11]
    have_next = False
    acc_next = 0.0
    for r in range(m):
        start = r * d
        if have_next:
            acc = acc_next
        else:
            acc = 0.0
            for j in range(d):
                acc += xs[start + j] * w[j]
        have_next = False
        p = acc * wscale + intercept
        yi = ys[r]
        if lr == 2:
            eta = 1.0 / (alpha * (optimal_init + t - 1.0))
        elif lr == 3:
            eta = eta0 / t**power_t
        if compute_loss:
            objective_sum += _loss(loss, yi, p, param)
            if lr != 5 and lr != 6 and penalty > 0:
                objective_sum += alpha * ((1.0 - l1_ratio) * 0.5 * sq_norm + l1_ratio * l1_norm)
        class_weight = weight_pos if yi > 0.0 else weight_neg
        sq = 0.0
        if lr == 5 or lr == 6:
            for j in range(d):
                sq += xs[start + j] * xs[start + j]
            if lr == 5 and sq == 0.0:
                continue
        # the shrinkage and the step's scale factor do not depend on p: computed here,
        # they stay off the chain from one row's dot product to the next row's
        weight = class_weight * sws[r]
        if penalty >= 2:
            c = 1.0 - (1.0 - l1_ratio) * eta * alpha
            if c < 0.0:
                c = 0.0
            wscale *= c
            if track:
                sq_norm *= c * c
                l1_norm *= abs(c)
            if wscale < wthresh:
                if use_avg:
                    for j in range(d):
                        aw[j] = (aw[j] + average_a * w[j]) / average_b
                    average_a = 0.0
                    average_b = 1.0
                for j in range(d):
                    w[j] *= wscale
                wscale = 1.0
        per_w = weight / wscale
        raw = _raw_update(loss, lr, yi, p, param, eta, eta0, sq)
        update = raw * weight
        do_avg = use_avg and average <= t
        if update != 0.0 or do_avg:
            cw = raw * per_w
            ca = -average_a * cw
            if update != 0.0 and track:
                l2acc = 0.0
                l1acc = 0.0
                for j in range(d):
                    x = xs[start + j]
                    v = w[j] + x * cw
                    w[j] = v
                    l2acc += v * v
                    l1acc += abs(v)
                if do_avg:
                    for j in range(d):
                        aw[j] += ca * xs[start + j]
                sq_norm = l2acc * wscale * wscale
                l1_norm = l1acc * wscale
            elif update != 0.0 and fuse_ok and r + 1 < m:
                nxt = start + d
                accn = 0.0
                if do_avg:
                    for j in range(d):
                        x = xs[start + j]
                        v = w[j] + x * cw
                        w[j] = v
                        aw[j] += ca * x
                        accn += xs[nxt + j] * v
                else:
                    for j in range(d):
                        v = w[j] + xs[start + j] * cw
                        w[j] = v
                        accn += xs[nxt + j] * v
                acc_next = accn
                have_next = True
            elif update != 0.0:
                if do_avg:
                    for j in range(d):
                        x = xs[start + j]
                        w[j] += x * cw
                        aw[j] += ca * x
                else:
                    for j in range(d):
                        w[j] += xs[start + j] * cw
            else:
                for j in range(d):
                    aw[j] += ca * xs[start + j]
        if fit_intercept:
            if update != 0.0:
                intercept += update * decay
        if do_avg:
            num_iter = t - average + 1.0
            mu = 1.0 / num_iter
            if num_iter > 1:
                average_b /= 1.0 - mu
            average_a += mu * average_b * wscale
            avg_intercept += (intercept - avg_intercept) / num_iter
        if penalty == 1 or penalty == 3:
            u += l1_ratio * eta * alpha
            for j in range(d):
                _l1_step(w, q, j, wscale, u)
        t += 1.0
    st[0] = intercept
    st[1] = avg_intercept
    st[2] = t
    st[3] = wscale
    st[4] = average_a
    st[5] = average_b
    st[6] = u
    st[7] = sq_norm
    st[8] = l1_norm
    st[9] = eta
    st[10] = eta0
    st[11] = objective_sum


@njit(cache=True, nogil=True)
def _epoch_end(w, st, ist, fp, ip, train_count):
    """End-of-epoch checks of the blocked path: 1 to stop, -1 on a non-finite weight."""
    bad = not math.isfinite(st[0])
    for j in range(w.shape[0]):
        if not math.isfinite(w[j]):
            bad = True
    if bad:
        return -1
    tol = fp[2]
    obj = st[11] / train_count
    st[11] = 0.0
    if tol > -np.inf and obj > st[12] - tol:
        ist[0] += 1
    else:
        ist[0] = 0
    if obj < st[12]:
        st[12] = obj
    if ist[0] >= ip[9]:
        eta = st[9]
        if ip[6] == 4 and eta > 1e-6:
            st[9] = eta / 5.0
            st[10] = st[9]
            ist[0] = 0
        else:
            return 1
    return 0


@njit(cache=True, nogil=True)
def _block_start(w, st, fp, ip):
    """Initial state of the blocked path (``st[0:3]`` set by the driver)."""
    sq = 0.0
    l1 = 0.0
    for j in range(w.shape[0]):
        sq += w[j] * w[j]
        l1 += abs(w[j])
    st[3] = 1.0
    st[4] = 0.0
    st[5] = 1.0
    st[6] = 0.0
    st[7] = sq
    st[8] = l1
    st[9] = fp[5]
    st[10] = fp[5]
    st[11] = 0.0
    st[12] = np.inf


@njit(cache=True, nogil=True)
def _block_finish(w, aw, st, ip):
    """Fold ``wscale`` (and the averaging coefficients) into the arrays."""
    wscale = st[3]
    if ip[7] > 0:
        for j in range(w.shape[0]):
            aw[j] = (aw[j] + st[4] * w[j]) / st[5]
    for j in range(w.shape[0]):
        w[j] *= wscale


@njit(cache=True, nogil=True)
def _sgd_dense(data, d, y, sw, w, aw, q, st, ist, fp, ip, block):
    """Every epoch of the blocked dense path in one thread; returns ``(n_iter, status)``.

    The same calls, in the same order and on the same blocks, as the driver's two-thread
    version (which gathers block b + 1 in another thread): the results are identical.
    """
    n = y.shape[0]
    max_iter = ip[2]
    shuffle = ip[4] != 0
    seed = ip[5]
    order = np.arange(n)
    xb = np.empty(block * d if shuffle else 1, dtype=data.dtype)
    yb = np.empty(block if shuffle else 1, dtype=data.dtype)
    sb = np.empty(block if shuffle else 1, dtype=data.dtype)
    ib = np.empty(block if shuffle else 1, dtype=np.int64)
    _block_start(w, st, fp, ip)
    status = 0
    epoch = 0
    for epoch in range(max_iter):  # noqa: B007 (read after the loop)
        if shuffle:
            _shuffle_order(order, seed)
        for p0 in range(0, n, block):
            p1 = min(n, p0 + block)
            if shuffle:
                _gather_block(data, d, order, y, sw, p0, p1, xb, yb, sb, ib)
                _sgd_block(xb, yb, sb, p1 - p0, d, w, aw, q, st, fp, ip)
            else:
                xs = data[p0 * d : p1 * d]
                _sgd_block(xs, y[p0:p1], sw[p0:p1], p1 - p0, d, w, aw, q, st, fp, ip)
        r = _epoch_end(w, st, ist, fp, ip, n)
        if r != 0:  # 1: stop, -1: a non-finite weight
            status = min(r, 0)
            break
    _block_finish(w, aw, st, ip)
    return epoch + 1, status


# The two-thread dense path (``_sgd_dense_pipelined`` and ``_gather_helper``) shares:
# a ring of slots, each one block's buffers and ``cur[3 * slot : 3 * slot + 3] = [task,
# front, back]`` (task = epoch * n_blocks + block; -1 while the slot is being reopened),
# and ``ctl``: the stop flag, the task the helper is copying a chunk of (-1: none), the last
# epoch whose row order was claimed and the last one whose order is ready, and the number
# of rows the helper copied.
_STOP = 0
_BUSY = 1
_ORDER_CLAIMED = 2
_ORDER_READY = 3
_HELPED = 4
_CHUNK = 32  # rows copied between two publications of a cursor


def _pipeline_state(ring):
    """Fresh ``(cur, ctl)``: every slot unopened, no copy in flight, no order claimed or
    ready, nothing copied by the helper, the stop flag down."""
    cur = np.full(3 * ring, -1, dtype=np.int64)
    ctl = np.zeros(5, dtype=np.int64)
    ctl[_BUSY] = ctl[_ORDER_CLAIMED] = ctl[_ORDER_READY] = -1
    return cur, ctl


@njit(cache=True, nogil=True)
def _order_ready(orders, epoch, ctl, seed):
    """Make epoch ``epoch``'s sample order ready in ``orders[epoch % 2]``.

    The first thread to need it fills it (epoch 0 from ``arange``, later ones from the
    previous epoch's order, shuffled as ``_sgd_dense`` does); the other waits for it.
    """
    if _atomic_load(ctl, _ORDER_READY) >= epoch:
        return
    while _atomic_load(ctl, _ORDER_READY) < epoch - 1:
        _spin_pause()
    if _atomic_cas(ctl, _ORDER_CLAIMED, epoch - 1, epoch) == epoch - 1:
        out = orders[epoch % 2]
        if epoch == 0:
            for i in range(out.shape[0]):
                out[i] = i
        else:
            out[:] = orders[(epoch - 1) % 2]
        _shuffle_order(out, seed)
        _atomic_store(ctl, _ORDER_READY, epoch)
    else:
        while _atomic_load(ctl, _ORDER_READY) < epoch:
            _spin_pause()


@njit(cache=True, nogil=True)
def _gather_helper(data, d, y, sw, block, n_tasks, seed, orders, xb, yb, sb, ib, cur, ctl):
    """The helper thread: copies the rows of the open tasks, in task order, from the front
    of each block (chunks of ``_CHUNK`` rows, ``front`` published after each), until the
    last task or the stop flag.

    Before each chunk it announces the task in ``ctl[_BUSY]`` and then checks that the slot
    still holds that task, so a slot is never reopened under a copy in flight. It only
    waits for tasks that are not open yet (at most the ring's size ahead of the steps).
    """
    n = y.shape[0]
    ring = cur.shape[0] // 3
    n_blocks = (n + block - 1) // block
    helped = 0
    h = 0
    while h < n_tasks and _atomic_load(ctl, _STOP) == 0:
        base = 3 * (h % ring)
        task = _atomic_load(cur, base)
        if task < h:  # not open yet
            _spin_pause()
            continue
        if task > h:  # done by the stepping thread
            h += 1
            continue
        epoch = h // n_blocks
        p0 = (h - epoch * n_blocks) * block
        _order_ready(orders, epoch, ctl, seed)
        if h - ring >= epoch * n_blocks and (epoch + 1) * n_blocks < n_tasks:
            # task h is open, so the steps are past task h - ring, in this epoch: nobody
            # reads the previous epoch's order any more, and the next one can be filled
            # now (while the other thread steps and copies), not when it is needed
            _order_ready(orders, epoch + 1, ctl, seed)
        order = orders[epoch % 2]
        slot = h % ring
        x = xb[slot]
        while True:
            _atomic_store(ctl, _BUSY, h)
            if _atomic_load(cur, base) != h:
                break
            f = _atomic_load(cur, base + 1)
            b = _atomic_load(cur, base + 2)
            if f >= b:
                break
            e = min(f + _CHUNK, b)
            _gather_block(
                data, d, order, y, sw, p0 + f, p0 + e, x[f * d :], yb[slot, f:],
                sb[slot, f:], ib[slot, f:],
            )  # fmt: skip
            _atomic_store(cur, base + 1, e)
            helped += e - f
        _atomic_store(ctl, _BUSY, -1)
        h += 1
    _atomic_store(ctl, _HELPED, helped)


@njit(cache=True, nogil=True)
def _open_slot(cur, ctl, task, rows):
    """Give a slot to ``task`` (``rows`` rows), once no copy of the helper's is in it."""
    ring = cur.shape[0] // 3
    slot = task % ring
    base = 3 * slot
    _atomic_store(cur, base, -1)
    while True:
        busy = _atomic_load(ctl, _BUSY)
        if busy < 0 or busy % ring != slot:
            break
        _spin_pause()
    _atomic_store(cur, base + 1, 0)
    _atomic_store(cur, base + 2, rows)
    _atomic_store(cur, base, task)


@njit(cache=True, nogil=True)
def _sgd_dense_pipelined(
    data, d, y, sw, w, aw, q, st, ist, fp, ip, block, orders, xb, yb, sb, ib, cur, ctl
):
    """``_sgd_dense`` with a helper thread (``_gather_helper``) copying rows ahead.

    Task t (block t of the epochs laid end to end) goes in slot ``t % ring``. This thread
    copies what the helper has not of task t, from the back of the block (``back``
    published after each chunk), until the cursors meet; a chunk may be copied by both,
    with the same values. It then runs task t's steps and reopens the slot for task
    t + ring. It never waits for the helper, except for a chunk in flight in a slot it
    reopens or an order the helper is filling. The blocks and steps are those of
    ``_sgd_dense``: the same results.
    """
    n = y.shape[0]
    ring = cur.shape[0] // 3
    n_blocks = (n + block - 1) // block
    n_tasks = ip[2] * n_blocks
    seed = ip[5]
    _block_start(w, st, fp, ip)
    for t in range(min(ring, n_tasks)):
        _open_slot(cur, ctl, t, min(n, (t % n_blocks) * block + block) - (t % n_blocks) * block)
    status = 0
    n_iter = 0
    for t in range(n_tasks):
        epoch = t // n_blocks
        p0 = (t - epoch * n_blocks) * block
        m = min(n, p0 + block) - p0
        slot = t % ring
        base = 3 * slot
        x = xb[slot]
        if _atomic_load(cur, base + 1) < _atomic_load(cur, base + 2):
            _order_ready(orders, epoch, ctl, seed)
            order = orders[epoch % 2]
            while True:
                f = _atomic_load(cur, base + 1)
                b = _atomic_load(cur, base + 2)
                if f >= b:
                    break
                a = max(b - _CHUNK, f)
                _gather_block(
                    data, d, order, y, sw, p0 + a, p0 + b, x[a * d :], yb[slot, a:],
                    sb[slot, a:], ib[slot, a:],
                )  # fmt: skip
                _atomic_store(cur, base + 2, a)
        _sgd_block(x, yb[slot], sb[slot], m, d, w, aw, q, st, fp, ip)
        nxt = t + ring
        if nxt < n_tasks:
            q0 = (nxt % n_blocks) * block
            _open_slot(cur, ctl, nxt, min(n, q0 + block) - q0)
        if p0 + m == n:
            n_iter += 1
            r = _epoch_end(w, st, ist, fp, ip, n)
            if r != 0:  # 1: stop, -1: a non-finite weight
                status = min(r, 0)
                break
    _atomic_store(ctl, _STOP, 1)
    _block_finish(w, aw, st, ip)
    return n_iter, status
