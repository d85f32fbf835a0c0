"""Clustering benchmarks beyond the shared harness: BIRCH linearity, Ward, AP, DBSCAN.

1. BIRCH time per point on the harness's birch data (100 centres, 10 features, box 20,
   std 1; threshold 3, branching factor 50, 100 clusters) at 100k, 300k, 1M and 3M points:
   the time per point should stay within 1.5x across sizes (near-linear).
2. aiguille against scikit-learn on the same arrays, alternating runs (medians), with the
   labels compared: Ward with a grid connectivity (an image), unstructured Ward,
   AffinityPropagation, DBSCAN.

    .venv/bin/python benchmarks/bench_cluster.py [--repeats 3] [--max-birch 3000000]
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def gen_blobs(n, d, n_centers, box, std, seed=0):
    """The shared harness's generator (same arrays as its birch workload)."""
    rng = np.random.default_rng(seed)
    C = rng.uniform(-box, box, (n_centers, d))
    y = rng.integers(0, n_centers, n)
    return C[y] + std * rng.standard_normal((n, d)), y


def _time(f):
    start = time.perf_counter()
    out = f()
    return time.perf_counter() - start, out


def _alternate(ours, ref, repeats):
    a, b, out_a, out_b = [], [], None, None
    for r in range(repeats):
        order = [(ours, a), (ref, b)] if r % 2 == 0 else [(ref, b), (ours, a)]
        for f, times in order:
            t, out = _time(f)
            times.append(t)
            if f is ours:
                out_a = out
            else:
                out_b = out
    return statistics.median(a), statistics.median(b), out_a, out_b


def birch_linearity(sizes, repeats):
    from aiguille.cluster import Birch

    # warm-up (compilation) on the first size: kernels behind size thresholds compile too
    Birch(threshold=3.0, branching_factor=50, n_clusters=100).fit(
        gen_blobs(sizes[0], 10, 100, 20.0, 1.0, seed=1)[0]
    )
    rows = []
    for n in sizes:
        X, _ = gen_blobs(n, 10, 100, 20.0, 1.0, seed=0)
        times = []
        for _ in range(repeats):
            t, est = _time(
                lambda X=X: Birch(threshold=3.0, branching_factor=50, n_clusters=100).fit(X)
            )
            times.append(t)
        t = statistics.median(times)
        rows.append(
            {
                "n": n,
                "fit_s": t,
                "us_per_point": 1e6 * t / n,
                "n_subclusters": int(len(est.subcluster_centers_)),
            }
        )
        print(
            f"  n={n:>9,}  fit {t:7.2f} s  {1e6 * t / n:6.2f} us/point  "
            f"{rows[-1]['n_subclusters']} subclusters",
            flush=True,
        )
    per = [r["us_per_point"] for r in rows]
    ratio = max(per) / min(per)
    print(f"  time per point: max/min = {ratio:.2f} (goal <= 1.5)")
    return {"rows": rows, "max_over_min_per_point": ratio}


def versus(repeats):
    import sklearn.cluster as skc
    from sklearn.feature_extraction.image import grid_to_graph as sk_grid
    from sklearn.metrics import adjusted_rand_score

    import aiguille.cluster as agc
    from aiguille.datasets import load_digits, load_sample_image
    from aiguille.feature_extraction.image import grid_to_graph

    results = []
    img = load_sample_image("astronaut").astype(float).mean(axis=2)[::4, ::4]  # 128 x 128
    Xi = img.reshape(-1, 1)
    conn_ours = grid_to_graph(*img.shape)
    conn_ref = sk_grid(*img.shape)
    digits = load_digits().data.astype(np.float64)
    rng = np.random.default_rng(0)
    Xn, _ = gen_blobs(3000, 8, 20, 10.0, 1.5, seed=1)
    Xd, _ = gen_blobs(30000, 4, 30, 20.0, 1.0, seed=2)
    Xd = np.r_[Xd, rng.uniform(-25, 25, (3000, 4))]
    cases = [
        (
            "ward, 128x128 image grid, 50 clusters",
            lambda: agc.AgglomerativeClustering(50, connectivity=conn_ours).fit(Xi),
            lambda: skc.AgglomerativeClustering(50, connectivity=conn_ref).fit(Xi),
        ),
        (
            "ward, unstructured, digits (1797 x 64)",
            lambda: agc.AgglomerativeClustering(10).fit(digits),
            lambda: skc.AgglomerativeClustering(10).fit(digits),
        ),
        (
            "average linkage, image grid, 50 clusters",
            lambda: agc.AgglomerativeClustering(50, linkage="average", connectivity=conn_ours).fit(
                Xi
            ),
            lambda: skc.AgglomerativeClustering(50, linkage="average", connectivity=conn_ref).fit(
                Xi
            ),
        ),
        (
            "AffinityPropagation, 3000 x 8 blobs",
            lambda: agc.AffinityPropagation(damping=0.9, random_state=0).fit(Xn),
            lambda: skc.AffinityPropagation(damping=0.9, random_state=0).fit(Xn),
        ),
        (
            "DBSCAN eps=0.8 min_samples=10, 33000 x 4",
            lambda: agc.DBSCAN(eps=0.8, min_samples=10).fit(Xd),
            lambda: skc.DBSCAN(eps=0.8, min_samples=10).fit(Xd),
        ),
    ]
    for name, ours, ref in cases:
        ours()  # warm-up (compilation)
        t_ours, t_ref, a, b = _alternate(ours, ref, repeats)
        same = bool(np.array_equal(a.labels_, b.labels_))
        ari = float(adjusted_rand_score(b.labels_, a.labels_))
        results.append(
            {
                "case": name,
                "ours_s": t_ours,
                "ref_s": t_ref,
                "ratio": t_ref / t_ours,
                "same_labels": same,
                "ari_vs_ref": ari,
            }
        )
        print(
            f"  {name:<44} ours {t_ours:7.3f} s  sklearn {t_ref:7.3f} s  "
            f"ratio {t_ref / t_ours:5.2f}  same labels: {same}",
            flush=True,
        )
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--max-birch", type=int, default=3_000_000)
    parser.add_argument("--json", default=None)
    parser.add_argument("--skip-birch", action="store_true")
    parser.add_argument("--skip-versus", action="store_true")
    args = parser.parse_args()
    out = {}
    if not args.skip_birch:
        sizes = [n for n in (100_000, 300_000, 1_000_000, 3_000_000) if n <= args.max_birch]
        sizes = sizes or [100_000]
        print("BIRCH time per point (threshold 3, branching factor 50, 100 clusters):")
        out["birch_linearity"] = birch_linearity(sizes, max(1, args.repeats // 2))
    if not args.skip_versus:
        print("aiguille vs scikit-learn (median of alternating runs; ratio > 1: faster):")
        out["versus"] = versus(args.repeats)
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
