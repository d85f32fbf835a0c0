"""Logistic regression solvers beyond the shared harness: saga (l2, l1, elastic net), sag
multinomial, lbfgs on CSR, against scikit-learn on the same arrays.

Data as the harness's logreg_sag workload (standard normal features, logistic labels);
runs alternate ours / scikit-learn, each after a short pause (see ``_PAUSE_S``), and the
medians are reported. The training objective
is computed here in numpy: ``(C * sum(log-loss) + penalty) / n``; a solver only counts as
faster if its objective is no worse than scikit-learn's by 1e-4 (relative).

    .venv/bin/python benchmarks/bench_logistic.py [--n 100000] [--d 100] [--repeats 3]
"""

import argparse
import json
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def gen_logistic(n, d, n_classes=2, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    if n_classes == 2:
        w = rng.standard_normal(d) / np.sqrt(d)
        y = (rng.random(n) < 1 / (1 + np.exp(-(3 * X @ w + 0.2)))).astype(np.int64)
    else:
        W = rng.standard_normal((d, n_classes)) / np.sqrt(d)
        y = np.argmax(3 * X @ W + rng.gumbel(size=(n, n_classes)), axis=1)
    return X, y


def objective(est, X, y, C, l1_ratio):
    W = np.atleast_2d(est.coef_)
    b = np.ravel(est.intercept_)
    Z = X @ W.T + b
    if W.shape[0] == 1:
        z = Z[:, 0]
        loss = np.sum(np.logaddexp(0, z) - y * z)
    else:
        m = Z.max(1, keepdims=True)
        lse = m[:, 0] + np.log(np.exp(Z - m).sum(1))
        loss = np.sum(lse - Z[np.arange(len(y)), y])
    pen = (1 - l1_ratio) * 0.5 * np.sum(W * W) + l1_ratio * np.abs(W).sum()
    return float((C * loss + pen) / X.shape[0])


# A pause before each timed fit: OpenBLAS's threads spin ~0.1 s after their last call
# (and OpenMP's a while too), so a fit started right after the other side's would share
# the cores with them (measured: our lbfgs on CSR 0.12 s right after scikit-learn's fit,
# 0.07 s after a pause). Both sides get the same pause.
_PAUSE_S = 0.3

CASES = [
    ("saga l2", dict(solver="saga", C=1.0), 2, False),
    ("saga l1", dict(solver="saga", C=0.1, l1_ratio=1.0), 2, False),
    ("saga elasticnet", dict(solver="saga", C=0.1, l1_ratio=0.5), 2, False),
    ("sag multinomial (5 classes)", dict(solver="sag", C=1.0), 5, False),
    ("saga l1 on CSR (10% dense)", dict(solver="saga", C=0.1, l1_ratio=1.0), 2, True),
    ("lbfgs on CSR (10% dense)", dict(solver="lbfgs", C=1.0), 2, True),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--d", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    import scipy.sparse as sp
    import sklearn.linear_model as sk

    import aiguille.linear_model as ours

    rows = []
    print(f"{'case':30s} {'ours_s':>8s} {'ref_s':>8s} {'x':>6s} {'obj_ours':>12s} "
          f"{'obj_ref':>12s} {'diff%':>8s}")  # fmt: skip
    for name, kw, n_classes, sparse in CASES:
        X, y = gen_logistic(args.n, args.d, n_classes)
        if sparse:
            rng = np.random.default_rng(1)
            X = sp.csr_matrix(X * (rng.random(X.shape) < 0.1))
        kw = dict(kw, tol=1e-4, max_iter=500, random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ours.LogisticRegression(**kw).fit(X[:2000], y[:2000])  # compile
            t_o, t_r = [], []
            for _ in range(args.repeats):
                time.sleep(_PAUSE_S)
                t0 = time.perf_counter()
                a = ours.LogisticRegression(**kw).fit(X, y)
                t_o.append(time.perf_counter() - t0)
                time.sleep(_PAUSE_S)
                t0 = time.perf_counter()
                b = sk.LogisticRegression(**kw).fit(X, y)
                t_r.append(time.perf_counter() - t0)
        Xd = X.toarray() if sparse else X
        l1 = kw.get("l1_ratio", 0.0)
        oa, ob = objective(a, Xd, y, kw["C"], l1), objective(b, Xd, y, kw["C"], l1)
        mo, mr = statistics.median(t_o), statistics.median(t_r)
        diff = 100 * (oa - ob) / ob
        print(f"{name:30s} {mo:8.3f} {mr:8.3f} {mr / mo:6.2f} {oa:12.8f} {ob:12.8f} "
              f"{diff:+8.4f}", flush=True)  # fmt: skip
        rows.append(dict(case=name, ours_s=mo, ref_s=mr, ratio=mr / mo, obj_ours=oa, obj_ref=ob))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
