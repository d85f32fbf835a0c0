"""aiguille.metrics against sklearn.metrics: pairwise distances, silhouette, a few scores.

Both sides get the SAME arrays; runs alternate (ours, theirs, ours, ...) after one warm-up
call each (numba compilation and scikit-learn's imports are not timed), and the table shows
medians and the ratio ``theirs / ours`` (above 1: we are faster). Each row also checks that
the two results agree.

    .venv/bin/python benchmarks/bench_metrics.py [--repeats 5] [--quick] [--json out.json]
"""

import argparse
import json
import statistics
import time

import numpy as np


def _workloads(quick):
    rng = np.random.RandomState(0)
    n, m, d = (2000, 1000, 32) if quick else (6000, 3000, 64)
    X = rng.normal(size=(n, d))
    Y = rng.normal(size=(m, d))
    X32, Y32 = X.astype(np.float32), Y.astype(np.float32)
    n_sil = 3000 if quick else 10000
    Xs = rng.normal(size=(n_sil, 16)) + np.repeat(rng.normal(scale=3, size=(8, 16)), n_sil // 8, 0)
    labels = np.repeat(np.arange(8), n_sil // 8)
    y = rng.randint(0, 10, 200_000)
    p = np.where(rng.rand(200_000) < 0.7, y, rng.randint(0, 10, 200_000))
    proba = rng.dirichlet(np.ones(10), 200_000)
    yb = (y > 4).astype(int)
    score = yb + rng.normal(size=200_000)

    def pd(metric, A, B, **kw):
        return ("pairwise_distances", (A, B), dict(metric=metric, **kw))

    return [
        (f"pairwise euclidean {n}x{m}x{d}", *pd("euclidean", X, Y)),
        (f"pairwise euclidean X=Y {n}x{d}", *pd("euclidean", X, None)),
        (f"pairwise euclidean float32 {n}x{m}x{d}", *pd("euclidean", X32, Y32)),
        (f"pairwise sqeuclidean {n}x{m}x{d}", *pd("sqeuclidean", X, Y)),
        (f"pairwise manhattan {n}x{m}x{d}", *pd("manhattan", X, Y)),
        (f"pairwise cosine {n}x{m}x{d}", *pd("cosine", X, Y)),
        (f"pairwise chebyshev {n}x{m}x{d}", *pd("chebyshev", X, Y)),
        (
            f"pairwise minkowski p=3 {n // 4}x{m // 3}x{d}",
            *pd("minkowski", X[: n // 4], Y[: m // 3], p=3),
        ),
        (f"silhouette_score euclidean {n_sil}x16", "silhouette_score", (Xs, labels), {}),
        (
            f"silhouette_score manhattan {n_sil // 2}x16",
            "silhouette_score",
            (Xs[::2], labels[::2]),
            dict(metric="manhattan"),
        ),
        ("f1_score macro 200k", "f1_score", (y, p), dict(average="macro")),
        ("confusion_matrix 200k", "confusion_matrix", (y, p), {}),
        ("classification_report 200k", "classification_report", (y, p), {}),
        ("log_loss 200k x 10", "log_loss", (y, proba), {}),
        ("roc_auc_score binary 200k", "roc_auc_score", (yb, score), {}),
        (
            "roc_auc_score ovr 200k x 10",
            "roc_auc_score",
            (y, proba),
            dict(multi_class="ovr"),
        ),
        ("adjusted_mutual_info 200k", "adjusted_mutual_info_score", (y, p), {}),
    ]


def _call(mod, func, args, kwargs):
    t0 = time.perf_counter()
    out = getattr(mod, func)(*args, **kwargs)
    return time.perf_counter() - t0, out


def _agree(a, b):
    if isinstance(a, str):
        return a == b
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    scale = max(float(np.abs(b).max()), 1e-300) if b.size else 1.0
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-5, atol=1e-6 * scale))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="smaller arrays")
    parser.add_argument("--only", default=None, help="substring of the workload names")
    parser.add_argument("--json", default=None)
    args = parser.parse_args()

    import sklearn
    import sklearn.metrics as theirs

    import aiguille
    import aiguille.metrics as ours

    rows = []
    print(f"aiguille {aiguille.__version__} vs scikit-learn {sklearn.__version__}")
    print(f"{'workload':44s} {'aiguille':>10s} {'sklearn':>10s} {'ratio':>7s}  agree")
    for name, func, fargs, kwargs in _workloads(args.quick):
        if args.only and args.only not in name:
            continue
        _, a = _call(ours, func, fargs, kwargs)  # warm-up: numba compilation, caches
        _, b = _call(theirs, func, fargs, kwargs)
        t_ours, t_theirs = [], []
        for _ in range(args.repeats):
            t_ours.append(_call(ours, func, fargs, kwargs)[0])
            t_theirs.append(_call(theirs, func, fargs, kwargs)[0])
        mo, mt = statistics.median(t_ours), statistics.median(t_theirs)
        agree = _agree(a, b)
        print(f"{name:44s} {mo:10.4f} {mt:10.4f} {mt / mo:7.2f}  {agree}")
        rows.append(dict(workload=name, aiguille_s=mo, sklearn_s=mt, ratio=mt / mo, agree=agree))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=2)


if __name__ == "__main__":
    main()
