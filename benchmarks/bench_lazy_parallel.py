"""aiguille's lazy and parallel toolkit against joblib, alternating runs on the same data.

Measures (medians over repeats; ratio = joblib / aiguille, above 1: aiguille is faster):

- hashing throughput of a 1 GB float64 array (``aiguille.memory.hash`` vs ``joblib.hash``);
- overhead of 10,000 tiny tasks with ``n_jobs=2`` on processes and on threads;
- cache-hit latency of ``Memory`` for a 100 MB result (full load, and ``mmap_mode="r"``).

Goals: hashing >= 2x joblib; the others at least as fast as joblib.

    .venv/bin/python benchmarks/bench_lazy_parallel.py [--repeats 5] [--hash-gb 1.0]
"""

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def tiny(x):
    return x + 1


def make_result(n):
    return np.arange(n, dtype=np.float64)


def _time(func):
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def _alternate(ours, theirs, repeats):
    """Run ours/theirs alternately (order flipped each repeat); return the two lists."""
    a, b = [], []
    for r in range(repeats):
        if r % 2 == 0:
            a.append(_time(ours))
            b.append(_time(theirs))
        else:
            b.append(_time(theirs))
            a.append(_time(ours))
    return a, b


def bench_hash(repeats, gb):
    import joblib

    from aiguille.memory import hash as ahash

    n = int(gb * 1e9 / 8)
    data = np.random.default_rng(0).random(n)
    ahash(data[:1000])
    joblib.hash(data[:1000])
    ours, theirs = _alternate(lambda: ahash(data), lambda: joblib.hash(data), repeats)
    nbytes = data.nbytes
    return {
        "name": f"hash {nbytes / 1e9:.1f} GB float64",
        "unit": "GB/s",
        "aiguille": nbytes / 1e9 / statistics.median(ours),
        "joblib": nbytes / 1e9 / statistics.median(theirs),
        "ratio": statistics.median(theirs) / statistics.median(ours),
    }


def bench_tasks(repeats, backend):
    import joblib

    from aiguille import Parallel, delayed

    jb = {"processes": "loky", "threads": "threading"}[backend]
    n_tasks = 10_000

    def ours():
        out = Parallel(n_jobs=2, backend=backend)(delayed(tiny)(i) for i in range(n_tasks))
        assert out[-1] == n_tasks

    def theirs():
        out = joblib.Parallel(n_jobs=2, backend=jb)(
            joblib.delayed(tiny)(i) for i in range(n_tasks)
        )
        assert out[-1] == n_tasks

    ours()  # warm the worker pools
    theirs()
    a, b = _alternate(ours, theirs, repeats)
    return {
        "name": f"10,000 tiny tasks, n_jobs=2, {backend}",
        "unit": "s",
        "aiguille": statistics.median(a),
        "joblib": statistics.median(b),
        "ratio": statistics.median(b) / statistics.median(a),
    }


def bench_cache_hit(repeats, mmap_mode):
    import joblib

    from aiguille import Memory

    n = 100_000_000 // 8  # 100 MB
    folder = Path(tempfile.mkdtemp(prefix="bench_lazy_parallel_"))
    try:
        ours_f = Memory(folder / "aiguille", mmap_mode=mmap_mode).cache(make_result)
        theirs_f = joblib.Memory(folder / "joblib", mmap_mode=mmap_mode, verbose=0).cache(
            make_result
        )
        ours_f(n)
        theirs_f(n)
        ours_f(n)
        theirs_f(n)
        a, b = _alternate(lambda: ours_f(n), lambda: theirs_f(n), max(repeats, 5))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    label = "full load" if mmap_mode is None else f"mmap_mode={mmap_mode!r}"
    return {
        "name": f"Memory cache hit, 100 MB result, {label}",
        "unit": "ms",
        "aiguille": 1e3 * statistics.median(a),
        "joblib": 1e3 * statistics.median(b),
        "ratio": statistics.median(b) / statistics.median(a),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--hash-gb", type=float, default=1.0)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()

    import joblib
    import loky

    from aiguille import cpu_count

    rows = [
        bench_hash(max(3, args.repeats // 2 + 1), args.hash_gb),
        bench_tasks(args.repeats, "processes"),
        bench_tasks(args.repeats, "threads"),
        bench_cache_hit(args.repeats, None),
        bench_cache_hit(args.repeats, "r"),
    ]
    print(
        f"joblib {joblib.__version__}, loky {loky.__version__}, numpy {np.__version__}, "
        f"{cpu_count()} CPUs, Python {sys.version.split()[0]}; medians of "
        f"{args.repeats} alternating runs; ratio = joblib / aiguille (> 1: aiguille faster)"
    )
    print()
    print(f"| {'measure':<48} | {'unit':>4} | {'aiguille':>9} | {'joblib':>9} | {'ratio':>6} |")
    print(f"|{'-' * 50}|{'-' * 6}|{'-' * 11}|{'-' * 11}|{'-' * 8}|")
    for row in rows:
        # for throughput (GB/s) the ratio is still expressed as a speed-up
        print(
            f"| {row['name']:<48} | {row['unit']:>4} | {row['aiguille']:>9.3f} | "
            f"{row['joblib']:>9.3f} | {row['ratio']:>5.2f}x |"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
