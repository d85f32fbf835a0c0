"""Overhead of aiguille's model selection against scikit-learn's, with the SAME estimator.

Both libraries wrap the same scikit-learn estimator, so the estimator's own fit and predict
cost the same on both sides and the difference is the model-selection machinery: splitting,
cloning, dispatching tasks, scoring and collecting results. Runs alternate (ours, theirs,
ours, ...) and the table shows medians and the ratio ``theirs / ours`` (above 1: we are
faster). ``oh_ours``/``oh_skl`` (n_jobs=1): wall time minus the time spent inside the
estimator's fit and the scorers (as recorded by the results), i.e. the machinery itself.

    .venv/bin/python benchmarks/bench_model_selection.py [--repeats 5] [--json out.json]
"""

import argparse
import json
import statistics
import time
import warnings

import numpy as np


def _workloads():
    from sklearn.dummy import DummyClassifier
    from sklearn.linear_model import LogisticRegression, Ridge
    from sklearn.tree import DecisionTreeClassifier

    rng = np.random.RandomState(0)
    X_small = rng.normal(size=(300, 5))
    y_small = (X_small[:, 0] + 0.5 * rng.normal(size=300) > 0).astype(int)
    X_mid = rng.normal(size=(5000, 20))
    y_mid = (X_mid[:, :3].sum(1) + rng.normal(size=5000) > 0).astype(int)
    yr_mid = X_mid @ rng.normal(size=20) + rng.normal(size=5000)

    return [
        # many tiny fits: the machinery is almost all of the time
        ("cross_validate dummy cv=20", "cv", DummyClassifier(), X_small, y_small,
         dict(cv=20, scoring=["accuracy", "f1"], return_train_score=True)),
        ("grid dummy 40 cand x 5", "grid", DummyClassifier(), X_small, y_small,
         dict(param_grid={"strategy": ["most_frequent", "prior", "stratified", "uniform"],
                          "random_state": list(range(10))}, cv=5)),
        # realistic fits
        ("cross_validate logreg cv=5", "cv", LogisticRegression(max_iter=200), X_mid, y_mid,
         dict(cv=5)),
        ("grid tree 12 cand x 3", "grid", DecisionTreeClassifier(random_state=0), X_mid, y_mid,
         dict(param_grid={"max_depth": [4, 8, 12, None], "min_samples_leaf": [1, 5, 20]},
              cv=3)),
        ("grid ridge 6 cand x 5 (r2)", "grid", Ridge(), X_mid, yr_mid,
         dict(param_grid={"alpha": [0.01, 0.1, 1, 10, 100, 1000]}, cv=5, scoring="r2")),
    ]  # fmt: skip


def _run(lib, kind, est, X, y, kwargs, n_jobs):
    if lib == "aiguille":
        from aiguille import model_selection as ms
    else:
        from sklearn import model_selection as ms
    t0 = time.perf_counter()
    if kind == "cv":
        res = ms.cross_validate(est, X, y, n_jobs=n_jobs, **kwargs)
        wall = time.perf_counter() - t0
        key = next(k for k in res if k.startswith("test_"))
        out = float(np.mean(res[key]))
        inner = float(np.sum(res["fit_time"]) + np.sum(res["score_time"]))
    else:
        kw = dict(kwargs)
        grid = kw.pop("param_grid")
        gs = ms.GridSearchCV(est, grid, n_jobs=n_jobs, **kw).fit(X, y)
        wall = time.perf_counter() - t0
        out = float(gs.best_score_)
        r = gs.cv_results_
        inner = float(
            (r["mean_fit_time"].sum() + r["mean_score_time"].sum()) * gs.n_splits_ + gs.refit_time_
        )
    # time outside the estimator's fit and the scoring (meaningful for n_jobs=1)
    overhead = wall - inner if n_jobs == 1 else float("nan")
    return wall, out, overhead


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--n-jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    rows = []
    header = f"{'workload':34s} {'n_jobs':>6s} {'ours_s':>8s} {'sklearn_s':>9s} {'ratio':>6s}"
    header += f" {'oh_ours':>7s} {'oh_skl':>7s}  same"
    print(header)
    print("-" * len(header))
    for name, kind, est, X, y, kwargs in _workloads():
        for n_jobs in args.n_jobs:
            # warm-up: imports, worker pools
            _run("aiguille", kind, est, X, y, kwargs, n_jobs)
            _run("sklearn", kind, est, X, y, kwargs, n_jobs)
            ours, theirs, ratios, oh_ours, oh_theirs = [], [], [], [], []
            for _ in range(args.repeats):
                ta, va, oa = _run("aiguille", kind, est, X, y, kwargs, n_jobs)
                tb, vb, ob = _run("sklearn", kind, est, X, y, kwargs, n_jobs)
                ours.append(ta)
                theirs.append(tb)
                ratios.append(tb / ta)
                oh_ours.append(oa)
                oh_theirs.append(ob)
            same = bool(np.isclose(va, vb, rtol=1e-12, atol=0))
            row = dict(
                workload=name,
                n_jobs=n_jobs,
                ours_s=statistics.median(ours),
                sklearn_s=statistics.median(theirs),
                ratio=statistics.median(ratios),
                same_score=same,
                overhead_ours_s=statistics.median(oh_ours),
                overhead_sklearn_s=statistics.median(oh_theirs),
                runs_ours=ours,
                runs_sklearn=theirs,
            )
            rows.append(row)
            print(
                f"{name:34s} {n_jobs:6d} {row['ours_s']:8.3f} {row['sklearn_s']:9.3f} "
                f"{row['ratio']:6.2f} {row['overhead_ours_s']:7.3f} "
                f"{row['overhead_sklearn_s']:7.3f}  {same}"
            )
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(rows, fh, indent=1)


if __name__ == "__main__":
    main()
