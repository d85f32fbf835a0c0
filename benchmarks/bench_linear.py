"""Lasso, ElasticNet, their CV versions and naive Bayes against scikit-learn.

Alternating runs (order flipped each repeat) on the same arrays; the table gives the median
fit time of each side, the ratio (scikit-learn / aiguille: above 1, aiguille is faster) and a
quality check (max relative coefficient difference, or prediction agreement). A warm-up fit
on a small slice (numba compilation, imports) is done first and never timed.

    .venv/bin/python benchmarks/bench_linear.py [--repeats 5] [--scale 1.0] [--only NAME,...]
        [--blas-threads 1] [--json bench-results/linear.json]
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


# A pause before each timed fit: OpenBLAS's threads spin ~0.1 s after their last call, so
# a fit started right after the other side's would share the cores with them. Both sides
# get the same pause (as in bench_logistic.py).
_PAUSE_S = 0.3


def _time(func):
    time.sleep(_PAUSE_S)
    start = time.perf_counter()
    out = func()
    return time.perf_counter() - start, out


def _alternate(ours, theirs, repeats):
    a, b, out_a, out_b = [], [], None, None
    for r in range(repeats):
        order = [(ours, a), (theirs, b)] if r % 2 == 0 else [(theirs, b), (ours, a)]
        for func, times in order:
            t, out = _time(func)
            times.append(t)
            if func is ours:
                out_a = out
            else:
                out_b = out
    return a, b, out_a, out_b


def _fitter(cls, params, X, y):
    def fit():
        return cls(**params).fit(X, y)

    return fit


def _rel(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-300))


def _regression(n, p, seed=0, sparse_coef=True):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, p)
    w = rng.randn(p)
    if sparse_coef:
        w[p // 10 :] = 0.0
    y = X @ w + rng.randn(n)
    return X, y


def _classification(n, p, k, seed=0):
    rng = np.random.RandomState(seed)
    y = rng.randint(0, k, n)
    centers = rng.randn(k, p) * 2
    X = centers[y] + rng.randn(n, p)
    return X, y


def _counts(n, p, k, seed=0):
    rng = np.random.RandomState(seed)
    y = rng.randint(0, k, n)
    rates = rng.gamma(1.0, 1.0, size=(k, p))
    return rng.poisson(rates[y]).astype(np.float64), y


def workloads(scale):
    def s(n):
        return max(100, int(n * scale))

    Xr, yr = _regression(s(20000), 200)
    Xg, yg = _classification(s(200000), 50, 10)
    Xc, yc = _counts(s(100000), 200, 10)
    Xcv, ycv = _regression(s(5000), 100)

    def coef(m):
        return m.coef_

    def proba(X):
        return lambda m: m.predict_proba(X[:2000])

    return {
        "lasso": ("Lasso", dict(alpha=0.05), Xr, yr, coef),
        "lasso_precompute": ("Lasso", dict(alpha=0.05, precompute=True), Xr, yr, coef),
        "elastic_net": ("ElasticNet", dict(alpha=0.05, l1_ratio=0.5), Xr, yr, coef),
        "lasso_cv": ("LassoCV", dict(cv=5), Xcv, ycv, coef),
        "elastic_net_cv": ("ElasticNetCV", dict(cv=5, l1_ratio=[0.5, 0.9]), Xcv, ycv, coef),
        "gaussian_nb": ("GaussianNB", {}, Xg, yg, proba(Xg)),
        "multinomial_nb": ("MultinomialNB", {}, Xc, yc, proba(Xc)),
        "bernoulli_nb": ("BernoulliNB", dict(binarize=1.0), Xc, yc, proba(Xc)),
    }


def run(names, repeats, scale):
    import sklearn.linear_model
    import sklearn.naive_bayes

    import aiguille.linear_model
    import aiguille.naive_bayes

    rows = []
    for name, (cls, params, X, y, quality) in workloads(scale).items():
        if names and name not in names:
            continue
        family = "naive_bayes" if cls.endswith("NB") else "linear_model"
        ours_cls = getattr(getattr(aiguille, family), cls)
        ref_cls = getattr(getattr(sklearn, family), cls)
        ours_cls(**params).fit(X[:3000], y[:3000])  # warm-up: compilation, imports
        ref_cls(**params).fit(X[:3000], y[:3000])
        a, b, ma, mb = _alternate(
            _fitter(ours_cls, params, X, y), _fitter(ref_cls, params, X, y), repeats
        )
        row = dict(
            workload=name,
            shape=list(X.shape),
            fit_ours=statistics.median(a),
            fit_ref=statistics.median(b),
            ratio=statistics.median([tb / ta for ta, tb in zip(a, b)]),
            quality_rel_diff=_rel(quality(ma), quality(mb)),
        )
        rows.append(row)
        print(
            f"{name:18s} {str(tuple(X.shape)):16s} ours {row['fit_ours']:8.4f}s  "
            f"sklearn {row['fit_ref']:8.4f}s  x{row['ratio']:6.2f}  "
            f"rel diff {row['quality_rel_diff']:.1e}",
            flush=True,
        )
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--only", default="")
    parser.add_argument("--json", default="")
    parser.add_argument(
        "--blas-threads", type=int, default=0, help="limit BLAS threads (0: leave as is)"
    )
    args = parser.parse_args()
    names = [n for n in args.only.split(",") if n]
    if args.blas_threads:
        from threadpoolctl import threadpool_limits

        with threadpool_limits(args.blas_threads, user_api="blas"):
            rows = run(names, args.repeats, args.scale)
    else:
        rows = run(names, args.repeats, args.scale)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
