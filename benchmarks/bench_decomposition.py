"""aiguille.decomposition against sklearn.decomposition on the same arrays.

The suite (../shared/bench/suite.py) covers PCA (pca_full, pca_randomized); this script covers
the estimators it has no workload for: IncrementalPCA, TruncatedSVD (dense and sparse), and
PCA's covariance_eigh solver. Runs alternate (ours, theirs, ours, ...) after one warm-up call
each; the table shows medians, the ratio theirs / ours (above 1: we are faster) and a quality
check computed here in numpy (explained variance of held-out data, or agreement of the
singular values).

    .venv/bin/python benchmarks/bench_decomposition.py [--repeats 5] [--quick]
    .venv/bin/python benchmarks/bench_decomposition.py --pca-pieces [--repeats 5]

``--pca-pieces`` times, in one process and alternating, the pieces of PCA(50)'s "full" and
"randomized" fits on the suite's 10000 x 1000 low-rank + noise array: ours (mean, TSQR's R,
the SVD of R, ...) next to scikit-learn's (centring, gesdd of the centred array, ...). On a
shared machine, trust only differences that repeat.
"""

import argparse
import statistics
import time

import numpy as np


def _lowrank(n, n_test, d, rank=50, seed=0):
    rng = np.random.default_rng(seed)
    s = 10.0 * np.arange(1, rank + 1) ** -0.7
    W = rng.standard_normal((rank, d)) / np.sqrt(d)
    X = (rng.standard_normal((n + n_test, rank)) * s) @ W
    X += 0.1 * rng.standard_normal((n + n_test, d)) + rng.standard_normal(d)
    return X[:n], X[n:]


def _explained(est, X):
    C = np.asarray(est.components_)
    mu = np.asarray(getattr(est, "mean_", np.zeros(X.shape[1])))
    Xc = X - mu
    rec = (Xc @ C.T) @ C
    return 1 - np.sum((Xc - rec) ** 2) / np.sum((X - X.mean(0)) ** 2)


def workloads(quick):
    from scipy import sparse

    n = 20_000 if quick else 100_000
    X, Xt = _lowrank(n, 5000, 200)
    S = sparse.random(n, 2000, density=0.005, format="csr", random_state=0)
    return [
        (
            "IncrementalPCA(20, batch 2000)",
            "IncrementalPCA",
            dict(n_components=20, batch_size=2000),
            X,
            Xt,
        ),
        (
            "PCA(20, covariance_eigh)",
            "PCA",
            dict(n_components=20, svd_solver="covariance_eigh"),
            X,
            Xt,
        ),
        ("TruncatedSVD(20) dense", "TruncatedSVD", dict(n_components=20, random_state=0), X, Xt),
        (
            "TruncatedSVD(20) sparse 0.5%",
            "TruncatedSVD",
            dict(n_components=20, random_state=0),
            S,
            None,
        ),
    ]


def pca_pieces(repeats):
    import sklearn.utils.extmath as skm
    from scipy import linalg

    from aiguille.decomposition import PCA, _pca

    X, _ = _lowrank(10_000, 10, 1000, rank=100)
    k, l, n_iter = 50, 60, 7
    mean = X.mean(0)

    pieces = {
        "ours full: mean": lambda: X.mean(0),
        "ours full: TSQR R (centre + QR)": lambda: _pca._tall_r(X, mean),
        "ours full: whole fit": lambda: PCA(k, svd_solver="full").fit(X),
        "sklearn full: centred copy": lambda: X - mean,
        "sklearn full: gesdd(Xc)": lambda: linalg.svd(X - mean, full_matrices=False),
        "ours randomized: centred Gram": lambda: _pca._centred_gram(X, mean),
        "ours randomized: whole fit": lambda: PCA(k, svd_solver="randomized", random_state=0).fit(
            X
        ),
        "sklearn randomized: randomized_svd(Xc)": lambda: skm.randomized_svd(
            X - mean, k, n_oversamples=l - k, n_iter=n_iter, random_state=0, flip_sign=False
        ),
    }
    R = _pca._tall_r(X, mean)
    pieces["ours full: gesvdx(R) top 50"] = lambda: _pca._top_svd_vt(R, k)
    pieces["ours full: gesdd(R) (fallback)"] = lambda: linalg.svd(R, full_matrices=False)
    times = {name: [] for name in pieces}
    for _ in range(repeats):
        for name, f in pieces.items():
            t0 = time.perf_counter()
            f()
            times[name].append(time.perf_counter() - t0)
    for name in pieces:
        print(f"{name:<44} median {statistics.median(times[name]):7.3f} s", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--pca-pieces", action="store_true")
    args = ap.parse_args()
    if args.pca_pieces:
        return pca_pieces(args.repeats)
    import sklearn.decomposition as ref

    import aiguille.decomposition as ours

    print(f"{'workload':<34} {'ours_s':>8} {'ref_s':>8} {'ratio':>6}  quality (ours / ref)")
    for name, cls, kw, X, Xt in workloads(args.quick):
        times = {"ours": [], "ref": []}
        fitted = {}
        for mod in (ours, ref):  # warm-up: imports and compilation are not timed
            getattr(mod, cls)(**kw).fit(X[:3000])
        for _ in range(args.repeats):
            for side, mod in (("ours", ours), ("ref", ref)):
                est = getattr(mod, cls)(**kw)
                t0 = time.perf_counter()
                est.fit(X)
                times[side].append(time.perf_counter() - t0)
                fitted[side] = est
        to, tr = statistics.median(times["ours"]), statistics.median(times["ref"])
        if Xt is not None:
            q = (
                f"held-out explained variance {_explained(fitted['ours'], Xt):.5f} / "
                f"{_explained(fitted['ref'], Xt):.5f}"
            )
        else:
            so, sr = fitted["ours"].singular_values_, fitted["ref"].singular_values_
            q = f"max rel. diff of singular values {np.max(np.abs(so - sr) / sr):.1e}"
        print(f"{name:<34} {to:8.3f} {tr:8.3f} {tr / to:6.2f}  {q}", flush=True)


if __name__ == "__main__":
    main()
