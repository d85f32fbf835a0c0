"""StandardScaler and OneHotEncoder: aiguille against scikit-learn on the same arrays.

Runs alternate (ours, reference, ours, reference, ...) so that drift on a shared machine
hits both sides; the table reports medians and the median of per-pair ratios
(reference time / our time: above 1 we are faster). Outputs are checked equal.

    .venv/bin/python benchmarks/bench_preprocessing.py [--repeats 5] [--rows 1000000]
"""

import argparse
import statistics
import time

import numpy as np


def _time(func):
    start = time.perf_counter()
    out = func()
    return time.perf_counter() - start, out


def _alternate(ours, ref, repeats):
    t_ours, t_ref, ratios = [], [], []
    out_ours = out_ref = None
    for _ in range(repeats):
        a, out_ours = _time(ours)
        b, out_ref = _time(ref)
        t_ours.append(a)
        t_ref.append(b)
        ratios.append(b / a)
    return (
        statistics.median(t_ours),
        statistics.median(t_ref),
        statistics.median(ratios),
        (
            out_ours,
            out_ref,
        ),
    )


def _dense(x):
    return x.toarray() if hasattr(x, "toarray") else np.asarray(x)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    import sklearn.preprocessing as skp

    import aiguille.preprocessing as ap

    rng = np.random.RandomState(args.seed)
    n = args.rows
    X = rng.normal(size=(n, 50)) * rng.uniform(0.5, 20, size=50) + rng.uniform(-5, 5, size=50)
    X_int = rng.randint(0, 20, size=(n, 5)) * np.array([1, 3, 7, 11, 100])
    words = np.array([f"cat_{i:02d}" for i in range(30)], dtype=object)
    X_str = words[rng.randint(0, 30, size=(n // 5, 5))]

    # warm-up (imports, numba compilation or cache load) on small slices, not timed
    ap.StandardScaler().fit(X[:300_000]).transform(X[:300_000])
    skp.StandardScaler().fit(X[:3000]).transform(X[:3000])
    ap.OneHotEncoder().fit(X_int[:3000]).transform(X_int[:3000])
    skp.OneHotEncoder().fit(X_int[:3000]).transform(X_int[:3000])

    ours_s, ref_s = ap.StandardScaler().fit(X), skp.StandardScaler().fit(X)
    ours_oh, ref_oh = ap.OneHotEncoder().fit(X_int), skp.OneHotEncoder().fit(X_int)
    ours_os, ref_os = ap.OneHotEncoder().fit(X_str), skp.OneHotEncoder().fit(X_str)
    cases = [
        (
            f"StandardScaler.fit       {n}x50",
            lambda: ap.StandardScaler().fit(X).var_,
            lambda: skp.StandardScaler().fit(X).var_,
        ),
        (
            f"StandardScaler.transform {n}x50",
            lambda: ours_s.transform(X),
            lambda: ref_s.transform(X),
        ),
        (
            f"OneHotEncoder.fit        {n}x5 int",
            lambda: ap.OneHotEncoder().fit(X_int).categories_[4],
            lambda: skp.OneHotEncoder().fit(X_int).categories_[4],
        ),
        (
            f"OneHotEncoder.transform  {n}x5 int",
            lambda: ours_oh.transform(X_int),
            lambda: ref_oh.transform(X_int),
        ),
        (
            f"OneHotEncoder.fit        {n // 5}x5 str",
            lambda: ap.OneHotEncoder().fit(X_str).categories_[4],
            lambda: skp.OneHotEncoder().fit(X_str).categories_[4],
        ),
        (
            f"OneHotEncoder.transform  {n // 5}x5 str",
            lambda: ours_os.transform(X_str),
            lambda: ref_os.transform(X_str),
        ),
    ]
    print(f"{'case':40s} {'ours_s':>8s} {'ref_s':>8s} {'ratio':>6s}  check")
    for name, ours, ref in cases:
        t_ours, t_ref, ratio, (a, b) = _alternate(ours, ref, args.repeats)
        a, b = _dense(a), _dense(b)
        if a.dtype == object:
            ok = np.array_equal(a, b)
        else:
            ok = np.allclose(a, b, rtol=1e-10, atol=1e-12)
        print(f"{name:40s} {t_ours:8.3f} {t_ref:8.3f} {ratio:6.2f}  {'same' if ok else 'DIFF'}")
        del a, b


if __name__ == "__main__":
    main()
