"""Eigenfaces: PCA of the Olivetti faces, then k-nearest neighbours on the projection with
the number of components chosen by cross-validation."""

import time

import numpy as np

TITLE = "eigenfaces: PCA of the Olivetti faces, kNN on the projection, components by CV"
ORDER = 15


def run(out=None):
    from aiguille.datasets import load_olivetti_faces
    from aiguille.decomposition import PCA
    from aiguille.model_selection import GridSearchCV, StratifiedKFold, cross_val_score
    from aiguille.neighbors import KNeighborsClassifier
    from aiguille.pipeline import Pipeline

    faces = load_olivetti_faces()
    X, y = faces.data, faces.target
    print(
        f"Olivetti faces: {X.shape[0]} photos of {len(np.unique(y))} people, "
        f"{X.shape[1]} pixels each (64 x 64)",
        flush=True,
    )

    start = time.perf_counter()
    pca = PCA(n_components=150, svd_solver="randomized", random_state=0).fit(X)
    cum = np.cumsum(pca.explained_variance_ratio_)
    print(
        f"PCA with 150 components in {time.perf_counter() - start:.2f} s "
        f"({pca._fit_svd_solver} solver); explained variance:"
    )
    for k in (1, 5, 10, 20, 50, 100, 150):
        bar = "#" * int(round(40 * cum[k - 1]))
        print(f"  first {k:>3} components: {cum[k - 1]:6.1%} {bar}")

    pipe = Pipeline(
        [
            ("pca", PCA(svd_solver="randomized", whiten=True, random_state=0)),
            ("knn", KNeighborsClassifier(n_neighbors=1)),
        ]
    )
    grid = {"pca__n_components": [10, 20, 40, 80]}
    print(
        "Choosing the number of components by 3-fold CV of PCA(whiten) + 1-NN, "
        f"among {grid['pca__n_components']} ...",
        flush=True,
    )
    search = GridSearchCV(pipe, grid, cv=StratifiedKFold(3, shuffle=True, random_state=0))
    start = time.perf_counter()
    search.fit(X, y)
    for n, score in zip(grid["pca__n_components"], search.cv_results_["mean_test_score"]):
        mark = "  <- chosen" if n == search.best_params_["pca__n_components"] else ""
        print(f"  {n:>3} components: CV accuracy {score:.3f}{mark}")
    print(f"search took {time.perf_counter() - start:.1f} s", flush=True)

    print(
        "Nested CV estimate of the whole procedure (3 outer folds, inner search) ...", flush=True
    )
    outer = StratifiedKFold(3, shuffle=True, random_state=1)
    scores = cross_val_score(search, X, y, cv=outer)
    print(f"  outer-fold accuracies: {' '.join(f'{s:.3f}' for s in scores)}")
    print(f"  error rate {1 - scores.mean():.1%} (+/- {scores.std():.1%})")
    if out is not None:
        import os

        comps = pca.components_[:16].reshape(16, 64, 64)
        path = os.path.join(out, "eigenfaces.npy")
        np.save(path, comps)
        print(f"wrote the first 16 eigenfaces to {path}")
