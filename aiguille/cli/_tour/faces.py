"""Faces: nested cross-validation of a k-nearest-neighbours classifier on the Olivetti
faces, then on the digits."""

import time

import numpy as np

TITLE = "nested cross-validation of k-nearest neighbours on faces and digits"
ORDER = 10


def _nested_cv(name, X, y, label_names, k_grid, out=None):
    from aiguille.metrics import confusion_matrix
    from aiguille.model_selection import GridSearchCV, StratifiedKFold
    from aiguille.neighbors import KNeighborsClassifier

    n_classes = len(np.unique(y))
    print(
        f"\n{name}: {X.shape[0]} samples, {X.shape[1]} features, {n_classes} classes ({X.dtype}).",
        flush=True,
    )
    print(
        "Outer loop: stratified 5-fold CV estimates the error; inner loop: GridSearchCV "
        f"(stratified 3-fold) picks k among {k_grid} using the outer training folds only.",
        flush=True,
    )
    outer = StratifiedKFold(5, shuffle=True, random_state=0)
    inner = StratifiedKFold(3, shuffle=True, random_state=0)
    y_pred = np.empty_like(y)
    errors = []
    start = time.perf_counter()
    for fold, (train, test) in enumerate(outer.split(X, y)):
        search = GridSearchCV(
            KNeighborsClassifier(algorithm="brute", weights="distance"),
            {"n_neighbors": k_grid},
            cv=inner,
        )
        search.fit(X[train], y[train])
        y_pred[test] = search.predict(X[test])
        err = float(np.mean(y_pred[test] != y[test]))
        errors.append(err)
        k = search.best_params_["n_neighbors"]
        print(
            f"  fold {fold + 1}: chose k={k} (inner accuracy "
            f"{search.best_score_:.3f}), error on the held-out fold {err:6.2%} "
            f"({int(round(err * len(test)))}/{len(test)})",
            flush=True,
        )
    overall = float(np.mean(y_pred != y))
    print(
        f"  overall error {overall:.2%} (fold errors {np.mean(errors):.2%} +- "
        f"{np.std(errors):.2%}) in {time.perf_counter() - start:.1f} s",
        flush=True,
    )
    cm = confusion_matrix(y, y_pred)
    off = cm.copy()
    np.fill_diagonal(off, 0)
    pair = off + off.T
    iu = np.triu_indices_from(pair, k=1)
    order = np.argsort(-pair[iu], kind="stable")
    print("  most confused pairs (mistakes both ways, from the out-of-fold predictions):")
    shown = 0
    for t in order[:5]:
        a, b = iu[0][t], iu[1][t]
        if pair[a, b] == 0:
            break
        print(
            f"    {label_names[a]:>10} <-> {label_names[b]:<10} {pair[a, b]} "
            f"({off[a, b]} {label_names[a]} as {label_names[b]}, "
            f"{off[b, a]} the other way)"
        )
        shown += 1
    if not shown:
        print("    none: every sample was classified correctly")
    per_class = cm.sum(axis=1) - np.diag(cm)
    worst = np.argsort(-per_class, kind="stable")
    wrong = [f"{label_names[c]}: {per_class[c]}" for c in worst if per_class[c] > 0]
    print(
        f"  misclassified samples per class ({len(wrong)} of {n_classes} classes with any): "
        + (", ".join(wrong[:12]) + (" ..." if len(wrong) > 12 else "") if wrong else "none")
    )
    if out is not None:
        import os

        np.savetxt(
            os.path.join(out, f"faces_{name.split()[0].lower()}_confusion.csv"),
            cm,
            fmt="%d",
            delimiter=",",
        )
    return overall


def run(out=None):
    from aiguille.datasets import load_digits, load_olivetti_faces

    faces = load_olivetti_faces()
    people = np.array([f"person {i}" for i in range(40)])
    print(
        "k-nearest neighbours with brute-force search: chunked BLAS distances and a "
        "parallel top-k selection, never a full distance matrix.",
        flush=True,
    )
    _nested_cv(
        "Olivetti faces (40 people x 10 photos, 64x64 pixels)",
        faces.data,
        faces.target,
        people,
        [1, 3, 5, 7],
        out=out,
    )
    digits = load_digits()
    _nested_cv(
        "Digits (8x8 images of handwritten digits)",
        digits.data,
        digits.target,
        np.array([f"digit {i}" for i in range(10)]),
        [1, 3, 5, 7, 9],
        out=out,
    )
