"""The metrics work without scikit-learn or joblib, and importing them compiles nothing."""

import subprocess
import sys
import textwrap

import pytest

CODE = textwrap.dedent(
    """
    import sys
    sys.modules["sklearn"] = None
    sys.modules["joblib"] = None
    import numpy as np
    import aiguille.metrics as M
    assert "numba" not in sys.modules and "scipy" not in sys.modules
    y = np.array([0, 1, 2, 2, 1, 0, 1])
    p = np.array([0, 2, 2, 2, 1, 0, 0])
    M.f1_score(y, p, average="macro")
    M.classification_report(y, p)
    M.adjusted_mutual_info_score(y, p)
    X = np.random.RandomState(0).rand(7, 3)
    M.silhouette_score(X, y, metric="manhattan")
    M.pairwise_distances(X, metric="chebyshev")

    class Const:
        classes_ = np.array([0, 1, 2])
        def fit(self, X, y):
            return self
        def predict(self, X):
            return np.zeros(len(X), dtype=int)
        def predict_proba(self, X):
            return np.full((len(X), 3), 1 / 3)

    scores = M.check_scoring(Const(), ["accuracy", "neg_log_loss"])(Const(), X, y)
    assert set(scores) == {"accuracy", "neg_log_loss"}
    assert sys.modules["sklearn"] is None
    print("ok")
    """
)


@pytest.mark.timeout(120)
def test_metrics_without_sklearn():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
