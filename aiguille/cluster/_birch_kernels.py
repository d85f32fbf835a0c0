"""numba kernel for the BIRCH CF-tree: insert samples into an array-based tree.

The tree lives in flat arrays (no Python object per node or subcluster) and follows
scikit-learn's ``_CFNode.insert_cf_subcluster`` / ``_split_node`` step for step, including
the order of floating-point operations that decide merges and splits.

Arrays (S subclusters, N nodes, B = branching_factor):
  sc_n (S,) int64, sc_ls (S, d), sc_ss (S,), sc_cent (S, d), sc_sqn (S,), sc_child (S,) int64
  nd_leaf (N,) int64, nd_count (N,) int64, nd_sub (N, B + 1) int64,
  nd_cent (N, B + 1, d), nd_sqn (N, B + 1), nd_prev (N,), nd_next (N,) int64
  meta int64: [root, n_nodes, n_subclusters, first_leaf, pending split depth]
"""

import numpy as np
from numba import njit

ROOT, N_NODES, N_SUBS, FIRST_LEAF, DEPTH = 0, 1, 2, 3, 4


@njit(cache=True, nogil=True)
def _copy_sub(src, meta, sc_n, sc_ls, sc_ss, sc_cent, sc_sqn, sc_child):
    s = meta[N_SUBS]
    meta[N_SUBS] += 1
    sc_n[s] = sc_n[src]
    sc_ls[s] = sc_ls[src]
    sc_ss[s] = sc_ss[src]
    sc_cent[s] = sc_cent[src]
    sc_sqn[s] = sc_sqn[src]
    sc_child[s] = -1
    return s


@njit(cache=True, nogil=True)
def _append(node, s, nd_count, nd_sub, nd_cent, nd_sqn, sc_cent, sc_sqn):
    c = nd_count[node]
    nd_sub[node, c] = s
    nd_cent[node, c, :] = sc_cent[s]
    nd_sqn[node, c] = sc_sqn[s]
    nd_count[node] = c + 1


@njit(cache=True, nogil=True)
def _update(s, t, sc_n, sc_ls, sc_ss, sc_cent, sc_sqn):
    """``_CFSubcluster.update``: add subcluster t into s."""
    sc_n[s] += sc_n[t]
    sc_ls[s] += sc_ls[t]
    sc_ss[s] += sc_ss[t]
    sc_cent[s] = sc_ls[s] / sc_n[s]
    sc_sqn[s] = np.dot(sc_cent[s], sc_cent[s])


@njit(cache=True, nogil=True)
def birch_insert(
    X,
    start,
    threshold_sq,
    meta,
    sc_n,
    sc_ls,
    sc_ss,
    sc_cent,
    sc_sqn,
    sc_child,
    nd_leaf,
    nd_count,
    nd_sub,
    nd_cent,
    nd_sqn,
    nd_prev,
    nd_next,
    path_node,
    path_idx,
):
    """Insert rows ``X[start:]`` until done or capacity is short; return the next row.

    The caller grows the arrays when the returned row is < n_samples, and, when
    ``meta[DEPTH] > 0``, finishes the insertion of the previous row (a node split).
    """
    n, d = X.shape
    max_nodes = nd_leaf.shape[0]
    max_subs = sc_n.shape[0]
    max_depth = path_node.shape[0]
    B = nd_sub.shape[1] - 1
    for row in range(start, n):
        # room for the worst case: one split per level plus a new root
        if (
            meta[N_NODES] + 2 * max_depth + 4 > max_nodes
            or meta[N_SUBS] + 2 * max_depth + 4 > max_subs
        ):
            return row
        x = X[row]
        # the sample's own subcluster (n=1, ls=x, ss=sq_norm=x.x) in scratch slot 0
        xs = 0
        sc_child[xs] = -1
        sc_n[xs] = 1
        sc_ls[xs] = x
        sc_cent[xs] = x
        xss = np.dot(x, x)
        sc_ss[xs] = xss
        sc_sqn[xs] = xss
        root = meta[ROOT]
        if nd_count[root] == 0:
            t = _copy_sub(xs, meta, sc_n, sc_ls, sc_ss, sc_cent, sc_sqn, sc_child)
            _append(root, t, nd_count, nd_sub, nd_cent, nd_sqn, sc_cent, sc_sqn)
            continue
        # descend
        depth = 0
        node = root
        while True:
            if depth >= max_depth:
                return -1 - row  # tree deeper than the path buffer: caller grows it
            m = nd_count[node]
            dist = np.dot(nd_cent[node, :m], x)
            best = 0
            bestv = 0.0
            for j in range(m):
                v = dist[j] * -2.0 + nd_sqn[node, j]
                if j == 0 or v < bestv:
                    bestv = v
                    best = j
            path_node[depth] = node
            path_idx[depth] = best
            depth += 1
            child = sc_child[nd_sub[node, best]]
            if child < 0:
                break
            node = child
        # leaf level: try to merge into the closest subcluster
        node = path_node[depth - 1]
        j = path_idx[depth - 1]
        s = nd_sub[node, j]
        new_ss = sc_ss[s] + xss
        new_ls = sc_ls[s] + x
        new_n = sc_n[s] + 1
        new_cent = (1 / new_n) * new_ls
        new_sqn = np.dot(new_cent, new_cent)
        sq_radius = new_ss / new_n - new_sqn
        split = False
        if sq_radius <= threshold_sq:
            sc_n[s] = new_n
            sc_ls[s] = new_ls
            sc_ss[s] = new_ss
            sc_cent[s] = new_cent
            sc_sqn[s] = new_sqn
            nd_cent[node, j] = new_cent
            nd_sqn[node, j] = new_sqn
        else:
            t = _copy_sub(xs, meta, sc_n, sc_ls, sc_ss, sc_cent, sc_sqn, sc_child)
            _append(node, t, nd_count, nd_sub, nd_cent, nd_sqn, sc_cent, sc_sqn)
            split = nd_count[node] > B
        if split:
            # splits are rare: the caller finishes this sample in numpy (bit-exact with
            # scikit-learn's distance matrix, which decides how a node is split)
            meta[DEPTH] = depth
            return row + 1
        # unwind: every ancestor's subcluster absorbs the sample
        for lev in range(depth - 2, -1, -1):
            node = path_node[lev]
            j = path_idx[lev]
            s = nd_sub[node, j]
            _update(s, xs, sc_n, sc_ls, sc_ss, sc_cent, sc_sqn)
            nd_cent[node, j] = sc_cent[s]
            nd_sqn[node, j] = sc_sqn[s]
    return n
