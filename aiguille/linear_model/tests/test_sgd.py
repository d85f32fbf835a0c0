"""SGDClassifier / SGDRegressor: the same model as scikit-learn's on the same data."""

import pickle
import warnings

import numpy as np
import pytest

from aiguille.linear_model import SGDClassifier, SGDRegressor
from aiguille.utils._testing import require


def _data(seed=0, n=240, d=5):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, d)
    X[X < -0.7] = 0.0
    w = rng.randn(d)
    y_bin = (X @ w + 0.5 * rng.randn(n) > 0).astype(int)
    y_multi = np.argmax(X[:, :3] + 0.5 * rng.randn(n, 3), axis=1)
    y_reg = X @ w + 0.3 * rng.randn(n)
    return X, y_bin, y_multi, y_reg, rng.rand(n) + 0.5


def _both(cls_name, kw, X, y, **fit):
    sk = require("sklearn.linear_model")
    import aiguille.linear_model as ours

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = getattr(ours, cls_name)(**kw).fit(X, y, **fit)
        b = getattr(sk, cls_name)(**kw).fit(X, y, **fit)
    return a, b


def _assert_same(a, b, rtol=1e-7):
    scale = max(np.abs(b.coef_).max(), 1.0)
    np.testing.assert_allclose(a.coef_, b.coef_, rtol=0, atol=rtol * scale)
    np.testing.assert_allclose(a.intercept_, b.intercept_, rtol=0, atol=rtol * scale)
    assert a.n_iter_ == b.n_iter_
    assert a.t_ == b.t_


CLF_LOSSES = [
    "hinge",
    "log_loss",
    "modified_huber",
    "squared_hinge",
    "perceptron",
    "squared_error",
    "huber",
    "epsilon_insensitive",
    "squared_epsilon_insensitive",
]
SETTINGS = [
    dict(penalty="l2", learning_rate="optimal", alpha=0.01),
    dict(penalty="l1", learning_rate="constant", eta0=0.01, average=True),
    dict(penalty="elasticnet", learning_rate="invscaling", eta0=0.05),
    dict(penalty=None, learning_rate="adaptive", eta0=0.01, average=20),
]


@pytest.mark.parametrize("loss", CLF_LOSSES)
@pytest.mark.parametrize("setting", range(len(SETTINGS)))
def test_classifier_matches_sklearn(loss, setting):
    X, y_bin, y_multi, _, sw = _data()
    kw = dict(loss=loss, max_iter=15, tol=1e-4, random_state=0, shuffle=setting % 2 == 0,
              **SETTINGS[setting])  # fmt: skip
    y = y_multi if setting % 2 else y_bin
    a, b = _both("SGDClassifier", kw, X, y, sample_weight=sw if setting == 2 else None)
    _assert_same(a, b)


@pytest.mark.parametrize("loss", ["squared_error", "huber", "epsilon_insensitive",
                                  "squared_epsilon_insensitive"])  # fmt: skip
@pytest.mark.parametrize("setting", range(len(SETTINGS)))
def test_regressor_matches_sklearn(loss, setting):
    X, _, _, y, sw = _data(1)
    kw = dict(loss=loss, max_iter=15, tol=1e-4, random_state=0, shuffle=setting % 2 == 1,
              **SETTINGS[setting])  # fmt: skip
    a, b = _both("SGDRegressor", kw, X, y, sample_weight=sw if setting == 1 else None)
    _assert_same(a, b)


@pytest.mark.parametrize("lr", ["pa1", "pa2"])
def test_passive_aggressive_rates_match_sklearn(lr):
    X, _, y_multi, y_reg, _ = _data(2)
    kw = dict(penalty=None, learning_rate=lr, eta0=0.5, random_state=0)
    _assert_same(*_both("SGDClassifier", dict(loss="hinge", **kw), X, y_multi))
    _assert_same(*_both("SGDRegressor", dict(loss="epsilon_insensitive", **kw), X, y_reg))


def test_class_weight_matches_sklearn():
    X, y_bin, y_multi, _, _ = _data(3)
    for y, cw in ((y_bin, {0: 3.0}), (y_multi, "balanced")):
        kw = dict(loss="log_loss", alpha=0.01, class_weight=cw, random_state=1, max_iter=10)
        _assert_same(*_both("SGDClassifier", kw, X, y))


def test_sparse_equals_dense():
    sp = require("scipy.sparse")
    X, y_bin, y_multi, y_reg, _ = _data(4)
    # without an intercept (CSR data uses scikit-learn's intercept decay), same model
    for est, y in ((SGDClassifier(loss="log_loss", alpha=0.01, average=True), y_multi),
                   (SGDRegressor(penalty="elasticnet"), y_reg)):  # fmt: skip
        est.set_params(random_state=0, max_iter=10, tol=None, fit_intercept=False)
        dense = est.fit(X, y).coef_.copy()
        sparse = est.fit(sp.csr_matrix(X), y).coef_
        np.testing.assert_allclose(sparse, dense, rtol=1e-6, atol=1e-9)  # summation order


def test_sparse_matches_sklearn():
    sp = require("scipy.sparse")
    X, y_bin, y_multi, _, _ = _data(5)
    kw = dict(loss="hinge", penalty="l1", alpha=0.01, average=True, random_state=0, max_iter=10)
    _assert_same(*_both("SGDClassifier", kw, sp.csr_matrix(X), y_multi))


def test_partial_fit_chunks_equal_one_epoch():
    X, _, y_multi, y_reg, _ = _data(6)
    classes = np.unique(y_multi)
    for make, y, extra in (
        (SGDClassifier, y_multi, {"classes": classes}),
        (SGDRegressor, y_reg, {}),
    ):
        kw = dict(shuffle=False, alpha=0.01, average=True, random_state=0)
        chunked = make(**kw)
        for sl in (slice(0, 100), slice(100, 170), slice(170, None)):
            chunked.partial_fit(X[sl], y[sl], **extra)
        one = make(**kw, max_iter=1, tol=None).fit(X, y)
        np.testing.assert_allclose(chunked.coef_, one.coef_, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(chunked.intercept_, one.intercept_, rtol=1e-10, atol=1e-12)
        assert chunked.t_ == one.t_


def test_partial_fit_errors_leave_model_unchanged():
    X, y_bin, _, _, _ = _data(7)
    clf = SGDClassifier(random_state=0).partial_fit(X, y_bin, classes=[0, 1])
    before = pickle.dumps(clf)
    with pytest.raises(ValueError, match="X has 3 features, but SGDClassifier is expecting 5"):
        clf.partial_fit(X[:, :3], y_bin)
    with pytest.raises(ValueError, match="not in classes"):
        clf.partial_fit(X, np.where(y_bin == 1, 2, 0))
    with pytest.raises(ValueError, match="is not the same as on last call"):
        clf.partial_fit(X, y_bin, classes=[0, 1, 2])
    assert pickle.dumps(clf) == before
    with pytest.raises(ValueError, match="classes must be passed on the first call"):
        SGDClassifier().partial_fit(X, y_bin)
    with pytest.raises(ValueError, match="early_stopping should be False with partial_fit"):
        SGDClassifier(early_stopping=True).partial_fit(X, y_bin, classes=[0, 1])


def test_predict_proba_availability():
    X, y_bin, y_multi, _, _ = _data(8)
    assert not hasattr(SGDClassifier(loss="hinge"), "predict_proba")
    for loss in ("log_loss", "modified_huber"):
        for y in (y_bin, y_multi):
            kw = dict(loss=loss, alpha=0.01, random_state=0, max_iter=20)
            a, b = _both("SGDClassifier", kw, X, y)
            np.testing.assert_allclose(a.predict_proba(X), b.predict_proba(X), atol=1e-8)
            np.testing.assert_allclose(a.predict_proba(X).sum(1), 1.0)


def test_early_stopping_and_convergence():
    X, y_bin, _, y_reg, _ = _data(9, n=400)
    clf = SGDClassifier(early_stopping=True, n_iter_no_change=2, random_state=0).fit(X, y_bin)
    assert clf.n_iter_ < 1000
    reg = SGDRegressor(early_stopping=True, random_state=0).fit(X, y_reg)
    assert reg.n_iter_ < 1000 and reg.score(X, y_reg) > 0.9
    from aiguille.exceptions import ConvergenceWarning

    with pytest.warns(ConvergenceWarning, match="Maximum number of iteration reached"):
        SGDClassifier(max_iter=1, random_state=0).fit(X, y_bin)


@pytest.mark.parametrize("average", [False, True])
@pytest.mark.parametrize("target", ["binary", "multiclass", "regression"])
def test_early_stopping_same_as_sklearn(target, average):
    # scikit-learn's validation split (stratified for classifiers) with the same seed:
    # the same held-out rows, so the same stopping epoch and the same model
    from aiguille.datasets import load_digits

    digits = load_digits()
    X, y_digits = digits.data / 16.0, digits.target
    X_noisy, _, _, y_reg, _ = _data(11, n=600, d=8)
    X, y, cls = {
        "binary": (X, (y_digits > 4).astype(int), "SGDClassifier"),
        "multiclass": (X, y_digits, "SGDClassifier"),
        "regression": (X_noisy, y_reg, "SGDRegressor"),
    }[target]
    kw = dict(early_stopping=True, n_iter_no_change=3, tol=1e-3, max_iter=200, average=average)
    a, b = _both(cls, dict(kw, random_state=3), X, y)
    _assert_same(a, b, rtol=1e-10)
    assert a.n_iter_ < 200


def test_threads_equal_sequential():
    X, _, y_multi, _, _ = _data(10)
    one = SGDClassifier(alpha=0.01, random_state=0, n_jobs=1).fit(X, y_multi)
    two = SGDClassifier(alpha=0.01, random_state=0, n_jobs=2).fit(X, y_multi)
    np.testing.assert_array_equal(one.coef_, two.coef_)


@pytest.mark.slow  # compiles the float32 specialization of the SGD kernel
def test_float32_kept():
    X, _, y_multi, _, _ = _data(10)
    one = SGDClassifier(alpha=0.01, random_state=0).fit(X, y_multi)
    f32 = SGDClassifier(alpha=0.01, random_state=0).fit(X.astype(np.float32), y_multi)
    assert f32.coef_.dtype == np.float32
    np.testing.assert_allclose(f32.coef_, one.coef_, rtol=1e-3, atol=1e-3)


def test_real_dataset_ai4i_matches_sklearn():
    from aiguille.datasets import load_ai4i

    X, y = load_ai4i(return_X_y=True)
    X = (X - X.mean(0)) / X.std(0)
    kw = dict(loss="log_loss", alpha=1e-3, random_state=0, max_iter=5, tol=None, average=True)
    a, b = _both("SGDClassifier", kw, X, y)
    _assert_same(a, b, rtol=1e-6)


def test_bad_parameters():
    X, y_bin, _, _, _ = _data(11)
    with pytest.raises(ValueError, match="alpha must be > 0 since learning_rate is 'optimal'"):
        SGDClassifier(alpha=0).fit(X, y_bin)
    with pytest.raises(ValueError, match="Learning rate 'pa1' only works with loss 'hinge'"):
        SGDClassifier(loss="log_loss", learning_rate="pa1").fit(X, y_bin)
    with pytest.raises(ValueError, match="The 'loss' parameter of SGDClassifier must be"):
        SGDClassifier(loss="nope").fit(X, y_bin)


def _small_blocks(monkeypatch, thread):
    """Blocks of 7 rows of 5 features; the gather helper thread on (or off) at any size."""
    import aiguille.linear_model._stochastic_gradient as sgd

    monkeypatch.setattr(sgd, "_BLOCK_BYTES", 7 * 5 * 8)
    monkeypatch.setattr(sgd, "_THREAD_MIN_BYTES", 0 if thread else 1 << 62)
    monkeypatch.setattr(sgd, "_idle_core", lambda: thread)


BLOCK_CASES = [
    dict(loss="log_loss", alpha=0.01),
    dict(loss="log_loss", alpha=0.01, average=True),
    dict(loss="hinge", penalty="l1", learning_rate="constant", eta0=0.01, average=20),
    dict(loss="modified_huber", penalty="elasticnet", learning_rate="invscaling", eta0=0.05),
    dict(loss="squared_hinge", penalty=None, learning_rate="adaptive", eta0=0.01, tol=1e-3),
    dict(loss="hinge", learning_rate="pa1", eta0=0.5, average=True),
]


@pytest.mark.filterwarnings("ignore:Maximum number of iteration")
@pytest.mark.parametrize("kw", BLOCK_CASES)
def test_gather_thread_identical_to_one_thread(monkeypatch, kw):
    # the helper thread only copies rows: the model is bitwise the same
    X, y_bin, y_multi, _, sw = _data(3, n=300)
    for y in (y_bin, y_multi):
        kw = {"max_iter": 4, "tol": None, "random_state": 0, **kw}
        _small_blocks(monkeypatch, thread=False)
        one = SGDClassifier(**kw).fit(X, y, sample_weight=sw)
        _small_blocks(monkeypatch, thread=True)
        two = SGDClassifier(**kw).fit(X, y, sample_weight=sw)
        np.testing.assert_array_equal(one.coef_, two.coef_)
        np.testing.assert_array_equal(one.intercept_, two.intercept_)
        assert one.n_iter_ == two.n_iter_ and one.t_ == two.t_


@pytest.mark.parametrize("kw", BLOCK_CASES)
@pytest.mark.parametrize("thread", [False, True])
def test_blocked_path_matches_sklearn(monkeypatch, kw, thread):
    _small_blocks(monkeypatch, thread)
    X, y_bin, _, _, _ = _data(4, n=300)
    kw = {"max_iter": 6, "tol": None, "random_state": 1, **kw}
    _assert_same(*_both("SGDClassifier", kw, X, y_bin))


def test_blocked_path_equals_one_kernel():
    # the dense blocked kernels against the single-loop kernel (kept for CSR and early
    # stopping), every loss code and shuffle on and off
    from aiguille.linear_model._sgd_kernels import _plain_sgd, _sgd_dense

    rng = np.random.RandomState(0)
    n, d = 200, 6
    X = rng.randn(n, d)
    y01 = (X[:, 0] + 0.3 * rng.randn(n) > 0).astype(float)
    sw = rng.rand(n) + 0.5
    for loss in range(8):
        for penalty, avg, sh in [(2, 0, 1), (1, 3, 0), (3, 1, 1), (0, 0, 0)]:
            y = y01 if loss == 3 else (2 * y01 - 1 if loss < 3 else X @ np.arange(d))
            fp = np.array([1e-3, 0.3, 1e-4, 1.0, 1.0, 0.01, 0.5, 1.0, 0.5, 100.0, 1e-9])
            ip = np.array([loss, penalty, 5, 1, sh, 7, 3, avg, 0, 3, 1, 1])
            w1, aw1, st1 = np.zeros(d), np.zeros(d), np.array([0.0, 0.0, 1.0])
            out1 = _plain_sgd(
                X.ravel(), np.zeros(0, np.int32), np.zeros(0, np.int64), d, y, sw,
                np.zeros(n, np.bool_), w1, aw1, st1, fp, ip,
            )  # fmt: skip
            w2, aw2, st2 = np.zeros(d), np.zeros(d), np.zeros(13)
            st2[2] = 1.0
            q = np.zeros(d)
            ist = np.zeros(1, np.int64)
            out2 = _sgd_dense(X.ravel(), d, y, sw, w2, aw2, q, st2, ist, fp, ip, 64)
            assert tuple(out1) == tuple(out2)
            np.testing.assert_allclose(w2, w1, rtol=1e-9, atol=1e-12)
            np.testing.assert_allclose(aw2, aw1, rtol=1e-9, atol=1e-12)
            np.testing.assert_allclose(st2[:3], st1, rtol=1e-9, atol=1e-12)


def test_partial_fit_dense_after_blocked_fit(monkeypatch):
    # partial_fit continues from fit's state (t_, averaging) through the blocked path
    _small_blocks(monkeypatch, thread=True)
    X, y_bin, _, _, _ = _data(5, n=300)
    for average in (False, True):
        kw = dict(loss="log_loss", alpha=0.01, random_state=0, average=average)
        a, b = _both("SGDClassifier", {**kw, "max_iter": 2, "tol": None}, X, y_bin)
        a.partial_fit(X, y_bin)
        b.partial_fit(X, y_bin)
        _assert_same(a, b)


def test_helper_thread_runs_in_the_threaded_path(monkeypatch):
    # the threaded path really hands part of the gather to the helper thread
    import threading

    import aiguille.linear_model._sgd_kernels as kernels

    _small_blocks(monkeypatch, thread=True)
    seen = []
    real = kernels._gather_helper

    def spy(*args):
        real(*args)
        seen.append((threading.current_thread().name, int(args[-1][kernels._HELPED])))

    monkeypatch.setattr(kernels, "_gather_helper", spy)
    X, y_bin, _, _, _ = _data(6, n=300)
    SGDClassifier(max_iter=3, tol=None, random_state=0).fit(X, y_bin)
    assert len(seen) == 1
    assert seen[0][0].startswith("aiguille-gather")


def test_gather_helper_copies_the_open_blocks():
    # the helper alone (no stepping thread): it fills epoch 0's order and copies every
    # row of the open tasks, then returns
    from aiguille.linear_model import _sgd_kernels as k

    rng = np.random.RandomState(0)
    n, d, block, ring = 50, 3, 8, 3
    X = rng.randn(n, d)
    y = rng.randn(n)
    sw = rng.rand(n)
    orders = np.empty((2, n), np.int64)
    xb = np.empty((ring, block * d))
    yb, sb = np.empty((ring, block)), np.empty((ring, block))
    ib = np.empty((ring, block), np.int64)
    cur, ctl = k._pipeline_state(ring)
    for t in range(ring):
        k._open_slot(cur, ctl, t, block)
    k._gather_helper(X.ravel(), d, y, sw, block, ring, 7, orders, xb, yb, sb, ib, cur, ctl)
    expected = np.arange(n)
    k._shuffle_order(expected, 7)
    np.testing.assert_array_equal(orders[0], expected)
    assert ctl[k._HELPED] == ring * block and ctl[k._BUSY] == -1
    for t in range(ring):
        rows = expected[t * block : (t + 1) * block]
        np.testing.assert_array_equal(ib[t], rows)
        np.testing.assert_array_equal(xb[t].reshape(block, d), X[rows])
        np.testing.assert_array_equal(yb[t], y[rows])
        np.testing.assert_array_equal(sb[t], sw[rows])
        assert cur[3 * t + 1] == block  # front moved to the end of the block


@pytest.mark.timeout(120)
@pytest.mark.parametrize("rows", [1, 2, 7])
def test_threaded_path_tiny_blocks_many_runs(monkeypatch, rows):
    # blocks of 1 to 7 rows: the ring's slots are reopened and the epochs' orders filled
    # thousands of times while the two threads race on the cursors; every run must give
    # the single-thread model bitwise, and finish (the deadline catches a lost wake-up)
    import aiguille.linear_model._stochastic_gradient as sgd

    X, y_bin, _, _, _ = _data(7, n=200)
    kw = dict(loss="log_loss", alpha=0.01, max_iter=4, tol=None, average=True)
    monkeypatch.setattr(sgd, "_BLOCK_BYTES", rows * X.shape[1] * 8)
    for seed in range(10):
        monkeypatch.setattr(sgd, "_THREAD_MIN_BYTES", 1 << 62)
        one = SGDClassifier(random_state=seed, **kw).fit(X, y_bin)
        monkeypatch.setattr(sgd, "_THREAD_MIN_BYTES", 0)
        monkeypatch.setattr(sgd, "_idle_core", lambda: True)
        two = SGDClassifier(random_state=seed, **kw).fit(X, y_bin)
        np.testing.assert_array_equal(one.coef_, two.coef_)
        np.testing.assert_array_equal(one.intercept_, two.intercept_)
        assert one.n_iter_ == two.n_iter_
