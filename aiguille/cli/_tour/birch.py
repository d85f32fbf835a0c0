"""BIRCH against MiniBatchKMeans on a million generated points in 100 blobs."""

import time

import numpy as np

TITLE = "birch: BIRCH vs MiniBatchKMeans on 1,000,000 points in 100 blobs (time, quality)"
ORDER = 30


def run(out=None):
    from aiguille.cluster import Birch, MiniBatchKMeans
    from aiguille.metrics import adjusted_rand_score

    rng = np.random.RandomState(0)
    n, d, k = 1_000_000, 10, 100
    centers = rng.uniform(-20, 20, size=(k, d))
    y = rng.randint(0, k, n)
    X = centers[y] + rng.randn(n, d)
    print(
        f"{n:,} points, {d} features, {k} Gaussian blobs (std 1) in a box of side 40", flush=True
    )

    def inertia(X, labels):
        sums = np.zeros((k, d))
        np.add.at(sums, labels, X)
        counts = np.bincount(labels, minlength=k)[:, None]
        means = sums / np.maximum(counts, 1)
        return float(((X - means[labels]) ** 2).sum())

    rows = []
    start = time.perf_counter()
    birch = Birch(threshold=3.0, branching_factor=50, n_clusters=k).fit(X)
    t = time.perf_counter() - start
    rows.append(
        ("Birch(threshold=3)", t, birch.labels_, f"{len(birch.subcluster_centers_)} subclusters")
    )
    start = time.perf_counter()
    mbk = MiniBatchKMeans(n_clusters=k, batch_size=2048, n_init=1, random_state=0).fit(X)
    t = time.perf_counter() - start
    rows.append(("MiniBatchKMeans(batch=2048)", t, mbk.labels_, f"{mbk.n_steps_} batches"))
    truth = inertia(X, y)
    print(f"  {'method':<28} {'time':>7} {'inertia / truth':>16} {'ARI vs truth':>13}")
    for name, t, labels, note in rows:
        ari = adjusted_rand_score(y, labels)
        print(
            f"  {name:<28} {t:6.2f}s {inertia(X, labels) / truth:16.4f} {ari:13.4f}  ({note})",
            flush=True,
        )
    print(
        "BIRCH reads the data once into a tree of subclusters; MiniBatchKMeans samples "
        "batches. Both find the blobs."
    )
