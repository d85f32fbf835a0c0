"""The issues' optional estimators against scikit-learn on the same arrays.

NMF (cd and mu solvers), FastICA, SpectralClustering and MultiTaskLasso have no workload in
the shared harness (../shared/bench/suite.py). Runs alternate (ours, theirs, ...) after one
warm-up fit each (imports and numba compilation are not timed); the table shows medians,
the ratio theirs / ours (above 1: we are faster) and a quality check against scikit-learn's
fitted model.

    .venv/bin/python benchmarks/bench_optional_estimators.py [--repeats 5] [--quick]
"""

import argparse
import statistics
import time

import numpy as np


def _nonneg_lowrank(n, d, rank, seed=0):
    rng = np.random.default_rng(seed)
    return rng.random((n, rank)) @ rng.random((rank, d)) + 0.01 * rng.random((n, d))


def _mixtures(n, seed=0):
    rng = np.random.default_rng(seed)
    t = np.linspace(0, 80, n)
    S = np.c_[np.sin(t), np.sign(np.sin(3 * t)), rng.laplace(size=n), rng.uniform(-1, 1, n)]
    return S @ rng.standard_normal((4, 12)) + 0.01 * rng.standard_normal((n, 12))


def _rings(n, seed=0):
    rng = np.random.default_rng(seed)
    angle = rng.uniform(0, 2 * np.pi, n)
    radius = rng.choice([1.0, 2.5, 4.0], n) + 0.15 * rng.standard_normal(n)
    return np.c_[radius * np.cos(angle), radius * np.sin(angle)]


def _multitask(n, d, tasks, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    W = np.zeros((d, tasks))
    W[: d // 10] = rng.standard_normal((d // 10, tasks))
    return X, X @ W + 0.5 * rng.standard_normal((n, tasks))


def _ari(a, b):
    from aiguille.metrics import adjusted_rand_score

    return adjusted_rand_score(a, b)


def workloads(quick):
    s = 5 if quick else 1
    V = _nonneg_lowrank(20_000 // s, 300, 20)
    M = _mixtures(200_000 // s)
    R = _rings(3000 // s)
    Xm, Ym = _multitask(20_000 // s, 500, 8)

    def nmf_quality(o, r):
        return f"reconstruction error {o.reconstruction_err_:.4f} / {r.reconstruction_err_:.4f}"

    def ica_quality(o, r):
        c = np.corrcoef(o.transform(M).T, r.transform(M).T)[:4, 4:]
        return f"|corr| of matched sources {np.abs(c).max(axis=1).min():.6f}"

    def spectral_quality(o, r):
        return f"ARI(ours, theirs) {_ari(o.labels_, r.labels_):.4f}"

    def mtl_quality(o, r):
        rel = np.abs(o.coef_ - r.coef_).max() / np.abs(r.coef_).max()
        return f"max rel. coef diff {rel:.1e}"

    kw_nmf = dict(n_components=20, init="nndsvda", max_iter=200, tol=1e-4, random_state=0)
    return [
        ("NMF(20, cd)", "decomposition", "NMF", dict(kw_nmf, solver="cd"), V, nmf_quality),
        ("NMF(20, mu)", "decomposition", "NMF", dict(kw_nmf, solver="mu"), V, nmf_quality),
        (
            "FastICA(4, parallel)",
            "decomposition",
            "FastICA",
            dict(n_components=4, random_state=0, whiten="unit-variance"),
            M,
            ica_quality,
        ),
        (
            "SpectralClustering(3, nn)",
            "cluster",
            "SpectralClustering",
            dict(n_clusters=3, affinity="nearest_neighbors", n_neighbors=10, random_state=0),
            R,
            spectral_quality,
        ),
        (
            "MultiTaskLasso(alpha 0.1)",
            "linear_model",
            "MultiTaskLasso",
            dict(alpha=0.1, tol=1e-6),
            (Xm, Ym),
            mtl_quality,
        ),
    ]


def main():
    import importlib

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    print(f"{'workload':<28} {'ours_s':>8} {'ref_s':>8} {'ratio':>6}  quality (ours / ref)")
    for name, module, cls, kw, data, quality in workloads(args.quick):
        mods = {
            "ours": importlib.import_module(f"aiguille.{module}"),
            "ref": importlib.import_module(f"sklearn.{module}"),
        }
        fit_args = data if isinstance(data, tuple) else (data,)
        small = tuple(a[:500] for a in fit_args)
        for mod in mods.values():
            getattr(mod, cls)(**kw).fit(*small)
        times = {"ours": [], "ref": []}
        fitted = {}
        for r in range(args.repeats):
            for side in ("ours", "ref") if r % 2 == 0 else ("ref", "ours"):
                est = getattr(mods[side], cls)(**kw)
                t0 = time.perf_counter()
                est.fit(*fit_args)
                times[side].append(time.perf_counter() - t0)
                fitted[side] = est
        to, tr = statistics.median(times["ours"]), statistics.median(times["ref"])
        q = quality(fitted["ours"], fitted["ref"])
        print(f"{name:<28} {to:8.3f} {tr:8.3f} {tr / to:6.2f}  {q}", flush=True)


if __name__ == "__main__":
    main()
