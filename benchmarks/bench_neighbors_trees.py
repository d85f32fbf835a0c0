"""aiguille's numba KDTree and BallTree against scikit-learn's: build, k-nearest query,
radius query, on the same 3-D arrays.

Runs alternate (ours, theirs, ours, ...) after one warm-up call each (numba compilation
is not timed); the table shows medians and the ratio ``theirs / ours`` (above 1: we are
faster), and checks that both return the same neighbours.

    .venv/bin/python benchmarks/bench_neighbors_trees.py [--n 100000] [--nq 10000] [--k 5]
        [--repeats 5] [--json out.json]
"""

import argparse
import json
import statistics
import time

import numpy as np


def _time(f):
    t0 = time.perf_counter()
    r = f()
    return time.perf_counter() - t0, r


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--nq", type=int, default=10_000)
    ap.add_argument("--d", type=int, default=3)
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--leaf-size", type=int, default=40)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", default=None)
    args = ap.parse_args()

    import sklearn.neighbors as sk

    import aiguille.neighbors as ag

    rng = np.random.default_rng(args.seed)
    # clustered, not uniform: a mixture of 50 anisotropic blobs
    centers = rng.uniform(-10, 10, size=(50, args.d))
    lab = rng.integers(0, 50, args.n + args.nq)
    X_all = (
        centers[lab]
        + rng.standard_normal((args.n + args.nq, args.d))
        * rng.uniform(0.2, 2.0, size=(50, args.d))[lab]
    )
    X, Q = np.ascontiguousarray(X_all[: args.n]), np.ascontiguousarray(X_all[args.n :])
    # a radius giving ~20 neighbours on average
    probe = sk.KDTree(X).query(Q[:500], k=20)[0][:, -1]
    r = float(np.median(probe))

    rows = []
    for name in ("KDTree", "BallTree"):
        ours_cls, ref_cls = getattr(ag, name), getattr(sk, name)
        # warm-up (numba compilation / imports), small
        ours_cls(X[:2000], leaf_size=args.leaf_size).query(Q[:10], k=args.k)
        ours_cls(X[:2000], leaf_size=args.leaf_size).query_radius(Q[:10], r)
        times = {
            t: {"ours": [], "ref": []} for t in ("build", f"query k={args.k}", "query_radius")
        }
        for _ in range(args.repeats):
            for side, cls in (("ours", ours_cls), ("ref", ref_cls)):
                tb, tree = _time(lambda cls=cls: cls(X, leaf_size=args.leaf_size))
                tq, (dist, ind) = _time(lambda tree=tree: tree.query(Q, k=args.k))
                tr, counts = _time(lambda tree=tree: tree.query_radius(Q, r, count_only=False))
                times["build"][side].append(tb)
                times[f"query k={args.k}"][side].append(tq)
                times["query_radius"][side].append(tr)
                if side == "ours":
                    ours_res = (dist, ind, counts)
                else:
                    ref_res = (dist, ind, counts)
        same = bool(
            np.allclose(ours_res[0], ref_res[0], rtol=1e-10)
            and (ours_res[1] == ref_res[1]).mean() > 0.999
            and all(len(a) == len(b) for a, b in zip(ours_res[2], ref_res[2], strict=True))
        )
        for task, tt in times.items():
            mo, mr = statistics.median(tt["ours"]), statistics.median(tt["ref"])
            ratios = [b / a for a, b in zip(tt["ours"], tt["ref"], strict=True)]
            rows.append(
                dict(
                    tree=name,
                    task=task,
                    ours_s=mo,
                    ref_s=mr,
                    ratio=statistics.median(ratios),
                    same=same,
                    ours_all=tt["ours"],
                    ref_all=tt["ref"],
                )
            )

    print(
        f"n={args.n} queries={args.nq} d={args.d} k={args.k} leaf_size={args.leaf_size} "
        f"radius={r:.3f} repeats={args.repeats}"
    )
    print(f"{'tree':<9} {'task':<13} {'ours_s':>8} {'sklearn_s':>10} {'x':>6}  same")
    for row in rows:
        print(
            f"{row['tree']:<9} {row['task']:<13} {row['ours_s']:8.3f} {row['ref_s']:10.3f} "
            f"{row['ratio']:6.2f}  {row['same']}"
        )
    if args.json:
        with open(args.json, "w") as f:
            json.dump(dict(args=vars(args), rows=rows), f, indent=1)


if __name__ == "__main__":
    main()
