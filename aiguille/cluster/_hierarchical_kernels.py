"""numba kernels for hierarchical clustering over a connectivity graph.

Structured Ward (heap of (inertia, i, j) with scikit-learn's tie order), structured
complete/average linkage (Python's heapq algorithm ported, edges compared by weight only,
as scikit-learn's ``WeightedEdge``), single-linkage labelling of a sorted MST, the
dense MST (Prim) used by unstructured single linkage, and unstructured Ward, complete
and average linkage (scipy's nearest-neighbour chain on a full distance matrix).
"""

import math

import numpy as np
from numba import njit


# ---- heap of (w, a, b) with lexicographic order (Ward's tuples) ------------------------
@njit(cache=True, nogil=True)
def _lt_lex(w1, a1, b1, w2, a2, b2):
    if w1 != w2:
        return w1 < w2
    if a1 != a2:
        return a1 < a2
    return b1 < b2


@njit(cache=True, nogil=True)
def _lt(hw, ha, hb, p, q, lex):
    if lex:
        return _lt_lex(hw[p], ha[p], hb[p], hw[q], ha[q], hb[q])
    return hw[p] < hw[q]


@njit(cache=True, nogil=True)
def _siftdown(hw, ha, hb, startpos, pos, lex):
    nw, na, nb = hw[pos], ha[pos], hb[pos]
    while pos > startpos:
        parentpos = (pos - 1) >> 1
        if lex:
            less = _lt_lex(nw, na, nb, hw[parentpos], ha[parentpos], hb[parentpos])
        else:
            less = nw < hw[parentpos]
        if less:
            hw[pos], ha[pos], hb[pos] = hw[parentpos], ha[parentpos], hb[parentpos]
            pos = parentpos
            continue
        break
    hw[pos], ha[pos], hb[pos] = nw, na, nb


@njit(cache=True, nogil=True)
def _siftup(hw, ha, hb, endpos, pos, lex):
    startpos = pos
    nw, na, nb = hw[pos], ha[pos], hb[pos]
    childpos = 2 * pos + 1
    while childpos < endpos:
        rightpos = childpos + 1
        if rightpos < endpos and not _lt(hw, ha, hb, childpos, rightpos, lex):
            childpos = rightpos
        hw[pos], ha[pos], hb[pos] = hw[childpos], ha[childpos], hb[childpos]
        pos = childpos
        childpos = 2 * pos + 1
    hw[pos], ha[pos], hb[pos] = nw, na, nb
    _siftdown(hw, ha, hb, startpos, pos, lex)


@njit(cache=True, nogil=True)
def _grow_f(a, n):
    out = np.empty(n, dtype=a.dtype)
    out[: a.shape[0]] = a
    return out


# ---- Ward over a connectivity graph ------------------------------------------------------
@njit(cache=True, nogil=True)
def ward_structured(X, indptr, indices, n_nodes):
    """scikit-learn's ``ward_tree`` with connectivity (CSR of the symmetric graph).

    Returns children (n_merges, 2) as (i, j) before reversal, parent (n_nodes,) and the
    merge inertias (n_merges,).
    """
    n_samples, n_features = X.shape
    m1 = np.zeros(n_nodes)
    m1[:n_samples] = 1.0
    m2 = np.zeros((n_nodes, n_features))
    m2[:n_samples] = X
    # adjacency as linked lists (append = new edge at the tail)
    cap = indices.shape[0] + 16
    e_to = np.empty(cap, dtype=np.int64)
    e_next = np.empty(cap, dtype=np.int64)
    head = np.full(n_nodes, -1, dtype=np.int64)
    tail = np.full(n_nodes, -1, dtype=np.int64)
    n_edges = 0
    # heap
    hcap = indices.shape[0] + 16
    hw = np.empty(hcap)
    ha = np.empty(hcap, dtype=np.int64)
    hb = np.empty(hcap, dtype=np.int64)
    hn = 0
    for ind in range(n_samples):
        for p in range(indptr[ind], indptr[ind + 1]):
            col = indices[p]
            e_to[n_edges] = col
            e_next[n_edges] = -1
            if head[ind] < 0:
                head[ind] = n_edges
            else:
                e_next[tail[ind]] = n_edges
            tail[ind] = n_edges
            n_edges += 1
            if col < ind:
                n = (m1[ind] * m1[col]) / (m1[ind] + m1[col])
                pa = 0.0
                for f in range(n_features):
                    t = m2[ind, f] / m1[ind] - m2[col, f] / m1[col]
                    pa += t * t
                hw[hn] = pa * n
                ha[hn] = ind
                hb[hn] = col
                hn += 1
    for i in range(hn // 2 - 1, -1, -1):
        _siftup(hw, ha, hb, hn, i, True)
    parent = np.arange(n_nodes)
    root = np.arange(n_nodes)  # compressed copy of parent for finding heads
    used = np.ones(n_nodes, dtype=np.bool_)
    not_visited = np.ones(n_nodes, dtype=np.bool_)
    n_merges = n_nodes - n_samples
    children = np.empty((n_merges, 2), dtype=np.int64)
    distances = np.empty(n_merges)
    heads = np.empty(n_nodes, dtype=np.int64)
    for k in range(n_samples, n_nodes):
        while True:
            inert, i, j = hw[0], ha[0], hb[0]
            hn -= 1
            if hn > 0:
                hw[0], ha[0], hb[0] = hw[hn], ha[hn], hb[hn]
                _siftup(hw, ha, hb, hn, 0, True)
            if used[i] and used[j]:
                break
        parent[i] = k
        parent[j] = k
        root[i] = k
        root[j] = k
        children[k - n_samples, 0] = i
        children[k - n_samples, 1] = j
        used[i] = False
        used[j] = False
        distances[k - n_samples] = inert
        m1[k] = m1[i] + m1[j]
        for f in range(n_features):
            m2[k, f] = m2[i, f] + m2[j, f]
        # heads of the neighbours of i and j
        n_heads = 0
        not_visited[k] = False
        for src in (i, j):
            e = head[src]
            while e >= 0:
                node = e_to[e]
                r = node
                while root[r] != r:
                    r = root[r]
                while root[node] != r:  # path compression on the private copy
                    nxt = root[node]
                    root[node] = r
                    node = nxt
                if not_visited[r]:
                    not_visited[r] = False
                    heads[n_heads] = r
                    n_heads += 1
                e = e_next[e]
        for h in range(n_heads):
            not_visited[heads[h]] = True
        not_visited[k] = True
        # A[col].append(k) and A[k] = heads
        need = n_edges + 2 * n_heads
        if need > e_to.shape[0]:
            newcap = max(2 * e_to.shape[0], need)
            e_to = _grow_f(e_to, newcap)
            e_next = _grow_f(e_next, newcap)
        for h in range(n_heads):
            col = heads[h]
            for src, dst in ((col, k), (k, col)):
                e_to[n_edges] = dst
                e_next[n_edges] = -1
                if head[src] < 0:
                    head[src] = n_edges
                else:
                    e_next[tail[src]] = n_edges
                tail[src] = n_edges
                n_edges += 1
        if hn + n_heads > hw.shape[0]:
            newcap = max(2 * hw.shape[0], hn + n_heads)
            hw = _grow_f(hw, newcap)
            ha = _grow_f(ha, newcap)
            hb = _grow_f(hb, newcap)
        for h in range(n_heads):
            col = heads[h]
            n = (m1[k] * m1[col]) / (m1[k] + m1[col])
            pa = 0.0
            for f in range(n_features):
                t = m2[k, f] / m1[k] - m2[col, f] / m1[col]
                pa += t * t
            hw[hn], ha[hn], hb[hn] = pa * n, k, col
            hn += 1
            _siftdown(hw, ha, hb, 0, hn - 1, True)
    return children, parent, distances


# ---- complete / average linkage over a connectivity graph -------------------------------
@njit(cache=True, nogil=True)
def linkage_structured(indptr, indices, data, n_samples, n_nodes, average):
    """scikit-learn's structured ``linkage_tree`` for "complete" (max) or "average".

    ``indptr/indices/data``: CSR of the graph without its diagonal, sorted indices.
    Each node keeps a key-sorted (neighbour, distance) list, as scikit-learn's
    IntFloatDict (a C++ map).
    """
    # per-node sorted neighbour lists stored in a growing pool
    start = np.zeros(n_nodes, dtype=np.int64)
    length = np.zeros(n_nodes, dtype=np.int64)
    cap_len = np.zeros(n_nodes, dtype=np.int64)
    pool_k = np.empty(indices.shape[0] * 2 + 16, dtype=np.int64)
    pool_v = np.empty(indices.shape[0] * 2 + 16)
    pn = 0
    hcap = indices.shape[0] + 16
    hw = np.empty(hcap)
    ha = np.empty(hcap, dtype=np.int64)
    hb = np.empty(hcap, dtype=np.int64)
    hn = 0
    for ind in range(n_samples):
        s, e = indptr[ind], indptr[ind + 1]
        cnt = e - s
        start[ind] = pn
        length[ind] = cnt
        cap_len[ind] = cnt
        for p in range(s, e):
            pool_k[pn] = indices[p]
            pool_v[pn] = data[p]
            pn += 1
            if indices[p] < ind:
                hw[hn], ha[hn], hb[hn] = data[p], ind, indices[p]
                hn += 1
    for i in range(hn // 2 - 1, -1, -1):
        _siftup(hw, ha, hb, hn, i, False)
    parent = np.arange(n_nodes)
    used = np.ones(n_nodes, dtype=np.int64)
    n_merges = n_nodes - n_samples
    children = np.empty((n_merges, 2), dtype=np.int64)
    distances = np.empty(n_merges)
    tmp_k = np.empty(16, dtype=np.int64)
    tmp_v = np.empty(16)
    for k in range(n_samples, n_nodes):
        while True:
            w, i, j = hw[0], ha[0], hb[0]
            hn -= 1
            if hn > 0:
                hw[0], ha[0], hb[0] = hw[hn], ha[hn], hb[hn]
                _siftup(hw, ha, hb, hn, 0, False)
            if used[i] and used[j]:
                break
        distances[k - n_samples] = w
        parent[i] = k
        parent[j] = k
        children[k - n_samples, 0] = i
        children[k - n_samples, 1] = j
        n_i = used[i]
        n_j = used[j]
        used[k] = n_i + n_j
        used[i] = 0
        used[j] = 0
        # merge the two sorted lists (masked by used)
        la, lb = length[i], length[j]
        if la + lb > tmp_k.shape[0]:
            tmp_k = np.empty(2 * (la + lb), dtype=np.int64)
            tmp_v = np.empty(2 * (la + lb))
        pa, pb, n_out = 0, 0, 0
        sa, sb = start[i], start[j]
        n_out_f = float(n_i + n_j)
        while pa < la or pb < lb:
            ka = pool_k[sa + pa] if pa < la else -1
            kb = pool_k[sb + pb] if pb < lb else -1
            if pb >= lb or (pa < la and ka < kb):
                if used[ka]:
                    tmp_k[n_out] = ka
                    tmp_v[n_out] = pool_v[sa + pa]
                    n_out += 1
                pa += 1
            elif pa >= la or kb < ka:
                if used[kb]:
                    tmp_k[n_out] = kb
                    tmp_v[n_out] = pool_v[sb + pb]
                    n_out += 1
                pb += 1
            else:
                if used[ka]:
                    va = pool_v[sa + pa]
                    vb = pool_v[sb + pb]
                    if average:
                        v = (n_i * va + n_j * vb) / n_out_f
                    else:
                        v = va if va >= vb else vb
                        if va != va:
                            v = vb
                    tmp_k[n_out] = ka
                    tmp_v[n_out] = v
                    n_out += 1
                pa += 1
                pb += 1
        # store A[k]; append k to each neighbour's list (k is the largest key: stays sorted)
        extra = n_out + 2 * n_out + 16
        if pn + extra > pool_k.shape[0]:
            newcap = max(2 * pool_k.shape[0], pn + extra)
            pool_k = _grow_f(pool_k, newcap)
            pool_v = _grow_f(pool_v, newcap)
        start[k] = pn
        length[k] = n_out
        cap_len[k] = n_out
        for t in range(n_out):
            pool_k[pn] = tmp_k[t]
            pool_v[pn] = tmp_v[t]
            pn += 1
        for t in range(n_out):
            col = tmp_k[t]
            if length[col] == cap_len[col]:  # relocate col's list with room to grow
                newlen = 2 * length[col] + 4
                if pn + newlen > pool_k.shape[0]:
                    newcap = max(2 * pool_k.shape[0], pn + newlen + 16)
                    pool_k = _grow_f(pool_k, newcap)
                    pool_v = _grow_f(pool_v, newcap)
                s0 = start[col]
                for q in range(length[col]):
                    pool_k[pn + q] = pool_k[s0 + q]
                    pool_v[pn + q] = pool_v[s0 + q]
                start[col] = pn
                cap_len[col] = newlen
                pn += newlen
            pool_k[start[col] + length[col]] = k
            pool_v[start[col] + length[col]] = tmp_v[t]
            length[col] += 1
        length[i] = 0
        length[j] = 0
        if hn + n_out > hw.shape[0]:
            newcap = max(2 * hw.shape[0], hn + n_out)
            hw = _grow_f(hw, newcap)
            ha = _grow_f(ha, newcap)
            hb = _grow_f(hb, newcap)
        for t in range(n_out):
            hw[hn], ha[hn], hb[hn] = tmp_v[t], k, tmp_k[t]
            hn += 1
            _siftdown(hw, ha, hb, 0, hn - 1, False)
    return children, parent, distances


# ---- single linkage -----------------------------------------------------------------------
@njit(cache=True, nogil=True)
def single_linkage_label(L):
    """scikit-learn's ``_single_linkage_label`` (union-find over a weight-sorted MST)."""
    n = L.shape[0] + 1
    result = np.zeros((L.shape[0], 4))
    par = np.full(2 * n - 1, -1, dtype=np.int64)
    size = np.zeros(2 * n - 1, dtype=np.int64)
    size[:n] = 1
    next_label = n
    for index in range(L.shape[0]):
        left = int(L[index, 0])
        right = int(L[index, 1])
        clusters = np.empty(2, dtype=np.int64)
        for side in range(2):
            node = left if side == 0 else right
            p = node
            while par[node] != -1:
                node = par[node]
            while par[p] != node and p != node:
                nxt = par[p]
                par[p] = node
                p = nxt
            clusters[side] = node
        lc, rc = clusters[0], clusters[1]
        result[index, 0] = lc
        result[index, 1] = rc
        result[index, 2] = L[index, 2]
        result[index, 3] = size[lc] + size[rc]
        par[lc] = next_label
        par[rc] = next_label
        size[next_label] = size[lc] + size[rc]
        next_label += 1
    return result


@njit(cache=True, nogil=True)
def mst_linkage_core(X, manhattan):
    """Prim's MST on the complete graph (scikit-learn's ``mst_linkage_core``)."""
    n, d = X.shape
    in_tree = np.zeros(n, dtype=np.bool_)
    result = np.zeros((n - 1, 3))
    current_distances = np.full(n, np.inf)
    current = 0
    for i in range(n - 1):
        in_tree[current] = True
        new_distance = np.inf
        new_node = 0
        for j in range(n):
            if in_tree[j]:
                continue
            right_value = current_distances[j]
            s = 0.0
            if manhattan:
                for f in range(d):
                    s += abs(X[current, f] - X[j, f])
                left_value = s
            else:
                for f in range(d):
                    t = X[current, f] - X[j, f]
                    s += t * t
                left_value = math.sqrt(s)
            if left_value < right_value:
                current_distances[j] = left_value
            if current_distances[j] < new_distance:
                new_distance = current_distances[j]
                new_node = j
        result[i, 0] = current
        result[i, 1] = new_node
        result[i, 2] = new_distance
        current = new_node
    return result


# ---- unstructured linkage: distances, then the nearest-neighbour chain -----------------


@njit(cache=True, nogil=True)
def pairwise_upper(XT, manhattan, D, start, stop):
    """Rows ``start <= i < stop`` of the upper triangle of the distance matrix D of the
    columns of XT, Euclidean or Manhattan (the diagonal set to 0).

    Each distance is summed over the features in order, as scipy's ``pdist``, so the
    two agree to the last bit: row i is built feature by feature, the sums for every
    ``j > i`` side by side (they vectorize, each one still in feature order).
    """
    d, n = XT.shape
    acc = np.empty(n)
    for i in range(start, stop):
        D[i, i] = 0.0
        m = n - i - 1
        if m == 0:
            continue
        acc[:m] = 0.0
        for k in range(d):
            row = XT[k, i + 1 :]
            xik = XT[k, i]
            if manhattan:
                for t in range(m):
                    acc[t] += abs(row[t] - xik)
            else:
                for t in range(m):
                    diff = row[t] - xik
                    acc[t] += diff * diff
        Di = D[i, i + 1 :]
        if manhattan:
            Di[:] = acc[:m]
        else:
            for t in range(m):
                Di[t] = math.sqrt(acc[t])


@njit(cache=True, nogil=True)
def mirror_upper(D, start, stop):
    """``D[j, i] = D[i, j]`` for ``i < j`` and the rows ``start <= j < stop``, in 32 x 32
    tiles (a column of the upper triangle, read one entry per row, would miss the cache
    on every entry)."""
    B = 32
    for j0 in range(start, stop, B):
        j1 = min(j0 + B, stop)
        for i0 in range(0, j1, B):
            i1 = min(i0 + B, j1)
            for j in range(j0, j1):
                Dj = D[j]
                for i in range(i0, min(i1, j)):
                    Dj[i] = D[i, j]


@njit(cache=True, nogil=True)
def nn_chain(D, method):
    """Agglomerative clustering by the nearest-neighbour chain on the full distance
    matrix D (overwritten), in scipy's ``nn_chain`` order: the same scans (the previous
    chain element preferred, then the first strictly smaller distance), merges and
    Lance-Williams updates, evaluated in the same order. ``method``: 0 ward, 1
    complete, 2 average. Returns the unsorted, unlabelled (n - 1, 4) merges.

    Rows of D are scanned contiguously (scipy's condensed matrix is read across rows,
    one cache line per distance, for half of each scan).
    """
    n = D.shape[0]
    Z = np.empty((n - 1, 4))
    size = np.ones(n, dtype=np.int64)
    chain = np.empty(n, dtype=np.int64)
    chain_length = 0
    for k in range(n - 1):
        if chain_length == 0:
            chain_length = 1
            for i in range(n):
                if size[i] > 0:
                    chain[0] = i
                    break
        while True:
            x = chain[chain_length - 1]
            y = -1
            if chain_length > 1:
                y = chain[chain_length - 2]
                current_min = D[x, y]
            else:
                current_min = np.inf
            Dx = D[x]
            for i in range(n):
                if size[i] == 0 or i == x:
                    continue
                if Dx[i] < current_min:
                    current_min = Dx[i]
                    y = i
            if chain_length > 1 and y == chain[chain_length - 2]:
                break
            chain[chain_length] = y
            chain_length += 1
        chain_length -= 2
        if x > y:
            x, y = y, x
        nx = size[x]
        ny = size[y]
        Z[k, 0] = x
        Z[k, 1] = y
        Z[k, 2] = current_min
        Z[k, 3] = nx + ny
        size[x] = 0
        size[y] = nx + ny
        Dx = D[x]
        Dy = D[y]
        for i in range(n):
            ni = size[i]
            if ni == 0 or i == y:
                continue
            d_xi = Dx[i]
            d_yi = Dy[i]
            if method == 0:
                t = 1.0 / (nx + ny + ni)
                v = math.sqrt(
                    (ni + nx) * t * d_xi * d_xi
                    + (ni + ny) * t * d_yi * d_yi
                    - ni * t * current_min * current_min
                )
            elif method == 1:
                v = max(d_xi, d_yi)
            else:
                v = (nx * d_xi + ny * d_yi) / (nx + ny)
            Dy[i] = v
            D[i, y] = v
    return Z


@njit(cache=True, nogil=True)
def label_merges(Z, n):
    """scipy's ``label``: the merges (sorted by distance) renamed by union-find, the
    smaller root first, and each new cluster's size."""
    parent = np.arange(2 * n - 1)
    size = np.ones(2 * n - 1, dtype=np.int64)
    next_label = n
    for i in range(n - 1):
        roots = np.empty(2, dtype=np.int64)
        for side in range(2):
            p = int(Z[i, side])
            r = p
            while parent[r] != r:
                r = parent[r]
            while parent[p] != r:
                nxt = parent[p]
                parent[p] = r
                p = nxt
            roots[side] = r
        a, b = min(roots[0], roots[1]), max(roots[0], roots[1])
        Z[i, 0] = a
        Z[i, 1] = b
        parent[a] = next_label
        parent[b] = next_label
        size[next_label] = size[a] + size[b]
        Z[i, 3] = size[next_label]
        next_label += 1
