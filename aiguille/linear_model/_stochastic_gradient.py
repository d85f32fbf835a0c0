"""Linear models fitted by stochastic gradient descent: ``SGDClassifier``, ``SGDRegressor``.

Plain and averaged SGD (ASGD, Bottou 2010) with scikit-learn 1.9's parameters. Dense X
(without early stopping) goes through blocks: the shuffled rows of a block are copied
into a contiguous buffer (``_sgd_kernels._gather_block``, with software prefetch), then
``_sgd_block`` runs the steps on it; on a large X a second thread copies the next blocks
while this one is used (``_fit_dense_blocked``). CSR rows and early stopping use the
single-loop kernel ``_sgd_kernels._plain_sgd``. Kernels release the GIL so that the
one-versus-all problems of a multiclass fit run in threads. The sample order,
learning-rate schedules, averaging scheme, L1 truncation and stopping rule are
scikit-learn's, so the same data and seed give the same model.
"""

import warnings
from abc import ABCMeta, abstractmethod
from numbers import Integral, Real

import numpy as np

from ..base import BaseEstimator, RegressorMixin, is_classifier
from ..exceptions import ConvergenceWarning
from ..utils._available_if import available_if
from ..utils._param_validation import Interval, StrOptions
from ..utils.class_weight import compute_class_weight
from ..utils.extmath import safe_sparse_dot
from ..utils.multiclass import _unique_sorted, check_classification_targets, unique_labels
from ..utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    check_random_state,
    issparse,
    validate_data,
)
from ._base import LinearClassifierMixin, LinearModel, SparseCoefMixin

__all__ = ["SGDClassifier", "SGDRegressor"]

MAX_INT = np.iinfo(np.int32).max
DEFAULT_EPSILON = 0.1

# one registry: loss name -> (kernel code, parameter); None = the estimator's epsilon
LOSSES = {
    "hinge": (0, 1.0),
    "squared_hinge": (1, 1.0),
    "perceptron": (0, 0.0),
    "modified_huber": (2, 0.0),
    "log_loss": (3, 0.0),
    "squared_error": (4, 0.0),
    "huber": (5, None),
    "epsilon_insensitive": (6, None),
    "squared_epsilon_insensitive": (7, None),
}
CLASSIFICATION_LOSSES = set(LOSSES)
REGRESSION_LOSSES = {
    "squared_error",
    "huber",
    "epsilon_insensitive",
    "squared_epsilon_insensitive",
}
LEARNING_RATE_TYPES = {
    "constant": 1,
    "optimal": 2,
    "invscaling": 3,
    "adaptive": 4,
    "pa1": 5,
    "pa2": 6,
}
PENALTY_TYPES = {None: 0, "none": 0, "l1": 1, "l2": 2, "elasticnet": 3}


def _randint(rng, low, high=None):
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(low, high) if high is not None else rng.integers(low))
    return int(rng.randint(low, high) if high is not None else rng.randint(low))


# the dense path works on blocks of rows of about this many bytes; with at least
# _THREAD_MIN_BYTES of shuffled rows, a helper thread gathers the rows of the next
# _RING - 1 blocks while a block is used (same blocks, same steps: same results); three
# 1 MiB blocks measured 5-10% faster than three or two of 2 MiB
_BLOCK_BYTES = 1 << 20
_THREAD_MIN_BYTES = 1 << 25
_RING = 3  # blocks in flight with the helper: the one stepped and two gathered ahead


def _idle_core():
    """Whether another core is free now for the gather helper (results never depend on it).

    On a busy machine the helper only takes time from this thread (measured: 20% slower
    with two cores shared by several processes), so it runs only when the number of
    runnable threads, this one included (``/proc/loadavg``), leaves a core idle.
    """
    import os

    n_cpu = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if not n_cpu or n_cpu < 2:
        return False
    try:
        with open("/proc/loadavg") as f:
            running = int(f.read().split()[3].split("/")[0])
        return running < n_cpu
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.getloadavg()[0] < n_cpu - 0.5
    except (AttributeError, OSError):
        return True


def _block_rows(n_samples, n_features, itemsize):
    return int(min(n_samples, max(64, _BLOCK_BYTES // max(1, n_features * itemsize))))


def _fit_dense_blocked(data, d, y, sw, w, aw, st, fp, ip, gather_thread=True):
    """Run the dense SGD path (``_sgd_kernels._sgd_block``) in place; ``(n_iter, status)``.

    Without a helper thread one compiled loop runs every epoch (``_sgd_dense``). With one,
    a second thread (``_gather_helper``) copies the rows of the next blocks, in the
    epoch's shuffled order, into a ring of buffers while this one runs the steps and
    copies whatever the helper has not reached (``_sgd_dense_pipelined``): the random
    reads of rows, the slow part of an epoch on a large X, use the second core. Both
    loops are compiled: no Python runs between blocks, and the helper never sleeps.
    """
    import threading

    from ._sgd_kernels import (
        _STOP,
        _gather_helper,
        _pipeline_state,
        _sgd_dense,
        _sgd_dense_pipelined,
    )

    n = y.shape[0]
    q = np.zeros(d if ip[1] in (1, 3) else 1, dtype=np.float64)
    ist = np.zeros(1, dtype=np.int64)
    block = _block_rows(n, d, data.itemsize)
    use_thread = (
        gather_thread
        and ip[4] != 0
        and n >= _RING * block
        and data.nbytes >= _THREAD_MIN_BYTES
        and _idle_core()
    )
    if not use_thread:
        n_iter, status = _sgd_dense(data, d, y, sw, w, aw, q, st, ist, fp, ip, block)
        return int(n_iter), int(status)

    n_tasks = int(ip[2]) * (-(-n // block))
    orders = np.empty((2, n), dtype=np.int64)
    xb = np.empty((_RING, block * d), dtype=data.dtype)
    yb = np.empty((_RING, block), dtype=data.dtype)
    sb = np.empty((_RING, block), dtype=data.dtype)
    ib = np.empty((_RING, block), dtype=np.int64)
    cur, ctl = _pipeline_state(_RING)
    helper = threading.Thread(
        target=_gather_helper,
        args=(data, d, y, sw, block, n_tasks, int(ip[5]), orders, xb, yb, sb, ib, cur, ctl),
        name="aiguille-gather",
        daemon=True,
    )
    helper.start()
    try:
        n_iter, status = _sgd_dense_pipelined(
            data, d, y, sw, w, aw, q, st, ist, fp, ip, block, orders, xb, yb, sb, ib, cur, ctl
        )
    finally:
        ctl[_STOP] = 1  # (already set by a finished run)
        helper.join()
    return int(n_iter), int(status)


def _dloss_at(code, y, p, param):
    """Gradient of a loss (Python version, for the 'optimal' step-size heuristic)."""
    if code == 0:
        return -y if p * y <= param else 0.0
    if code == 1:
        z = param - p * y
        return -2.0 * y * z if z > 0 else 0.0
    if code == 2:
        z = p * y
        if z >= 1.0:
            return 0.0
        return 2.0 * (1.0 - z) * -y if z >= -1.0 else -4.0 * y
    if code == 3:
        return 1.0 / (1.0 + np.exp(-p)) - y
    if code == 4:
        return p - y
    if code == 5:
        r = p - y
        return r if abs(r) <= param else (param if r >= 0 else -param)
    if code == 6:
        return -1.0 if y - p > param else (1.0 if p - y > param else 0.0)
    z = y - p
    return -2.0 * (z - param) if z > param else (2.0 * (-z - param) if z < -param else 0.0)


class BaseSGD(BaseEstimator, metaclass=ABCMeta):
    """Shared parameters, validation and the driver of the SGD kernel (abstract: the
    concrete estimators declare their own ``__init__``)."""

    @abstractmethod
    def __init__(self):  # pragma: no cover - abstract
        pass

    _parameter_constraints: dict = {
        "fit_intercept": ["boolean"],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left"), None],
        "shuffle": ["boolean"],
        "verbose": ["verbose"],
        "random_state": ["random_state"],
        "warm_start": ["boolean"],
        "average": [Interval(Integral, 0, None, closed="neither"), "boolean"],
        "eta0": [Interval(Real, 0, None, closed="neither")],
    }

    def _more_validate_params(self, for_partial_fit=False):
        if self.early_stopping and for_partial_fit:
            raise ValueError("early_stopping should be False with partial_fit")
        lr = self._lr()
        if lr == "optimal" and self._alpha() == 0:
            raise ValueError(
                "alpha must be > 0 since learning_rate is 'optimal'. alpha is used "
                "to compute the optimal learning rate."
            )
        if lr in ("pa1", "pa2") and not getattr(self, "_pa", False):
            if is_classifier(self):
                if self.loss != "hinge":
                    raise ValueError(f"Learning rate '{lr}' only works with loss 'hinge'.")
            elif self.loss != "epsilon_insensitive":
                raise ValueError(
                    f"Learning rate '{lr}' only works with loss 'epsilon_insensitive'."
                )
        if self._penalty() == "elasticnet" and self.l1_ratio is None:
            raise ValueError("l1_ratio must be set when penalty is 'elasticnet'")

    # hooks that Perceptron / PassiveAggressive override
    def _lr(self):
        return self.learning_rate

    def _alpha(self):
        return self.alpha

    def _penalty(self):
        return self.penalty

    def _loss_name(self):
        return self.loss

    def _eta0(self):
        return self.eta0

    def _l1_ratio(self):
        return 0.0 if getattr(self, "l1_ratio", None) is None else self.l1_ratio

    def _epsilon(self):
        return getattr(self, "epsilon", DEFAULT_EPSILON)

    def _power_t(self):
        return getattr(self, "power_t", 0.5)

    def _allocate(self, n_classes, n_features, dtype, coef_init=None, intercept_init=None):
        if n_classes > 2:
            if coef_init is not None:
                coef_init = np.array(coef_init, dtype=dtype, order="C")
                if coef_init.shape != (n_classes, n_features):
                    raise ValueError("Provided ``coef_`` does not match dataset. ")
                self.coef_ = coef_init
            else:
                self.coef_ = np.zeros((n_classes, n_features), dtype=dtype)
            if intercept_init is not None:
                intercept_init = np.array(intercept_init, dtype=dtype, order="C")
                if intercept_init.shape != (n_classes,):
                    raise ValueError("Provided intercept_init does not match dataset.")
                self.intercept_ = intercept_init
            else:
                self.intercept_ = np.zeros(n_classes, dtype=dtype)
        else:
            if coef_init is not None:
                coef_init = np.array(coef_init, dtype=dtype, order="C").ravel()
                if coef_init.shape != (n_features,):
                    raise ValueError("Provided coef_init does not match dataset.")
                self.coef_ = coef_init
            else:
                self.coef_ = np.zeros(n_features, dtype=dtype)
            if intercept_init is not None:
                intercept_init = np.array(intercept_init, dtype=dtype)
                if intercept_init.shape not in ((1,), ()):
                    raise ValueError("Provided intercept_init does not match dataset.")
                self.intercept_ = intercept_init.reshape(1)
            else:
                self.intercept_ = np.zeros(1, dtype=dtype)
        if self.average > 0:
            self._standard_coef = self.coef_
            self._average_coef = np.zeros(self.coef_.shape, dtype=dtype)
            self._standard_intercept = self.intercept_
            self._average_intercept = np.zeros(self._standard_intercept.shape, dtype=dtype)

    def _validation_mask(self, y, sample_weight, rng_source):
        """The validation rows of early stopping: scikit-learn's split (a stratified
        shuffle split for classifiers, a shuffle split for regressors, seeded by
        ``random_state``), so that the same seed holds out the same rows."""
        n = y.shape[0]
        mask = np.zeros(n, dtype=np.bool_)
        if not self.early_stopping:
            return mask
        from ..model_selection import ShuffleSplit, StratifiedShuffleSplit

        splitter = StratifiedShuffleSplit if is_classifier(self) else ShuffleSplit
        cv = splitter(test_size=self.validation_fraction, random_state=rng_source)
        _, idx_val = next(cv.split(np.zeros((n, 1)), y))
        mask[idx_val] = True
        n_train = n - int(mask.sum())
        if n_train == 0 or mask.sum() == 0:
            raise ValueError(
                f"Splitting {n} samples into a train set and a validation set with "
                f"validation_fraction={self.validation_fraction!r} led to an empty set "
                f"({n_train} and {int(mask.sum())} samples). Please either change "
                "validation_fraction, increase number of samples, or disable early_stopping."
            )
        if not np.any(sample_weight[mask] > 0):
            raise ValueError(
                "The sample weights for validation set are all zero, consider using a"
                " different random state."
            )
        return mask

    def _run_kernel(
        self, X, y_i, sample_weight, coef, intercept, avg_coef, avg_intercept, *,
        max_iter, seed, pos_weight, neg_weight, alpha, learning_rate, valmask,
        gather_thread=True,
    ):  # fmt: skip
        """Run the SGD kernel in place on ``coef`` (and ``avg_coef``); return the scalars."""
        from ._sgd_kernels import _plain_sgd

        loss_name = self._loss_name()
        code, param = LOSSES[loss_name]
        if param is None:
            param = self._epsilon()
        lr_code = LEARNING_RATE_TYPES[learning_rate]
        dtype = X.dtype
        optimal_init = 0.0
        if lr_code == 2:
            typw = np.sqrt(1.0 / np.sqrt(alpha))
            initial_eta0 = typw / max(1.0, _dloss_at(code, 1.0, -typw, param))
            optimal_init = 1.0 / (initial_eta0 * alpha)
        if issparse(X):
            data = np.ascontiguousarray(X.data)
            indices = np.ascontiguousarray(X.indices, dtype=np.int32)
            indptr = np.ascontiguousarray(X.indptr, dtype=np.int64)
            decay = 0.01
        else:
            data = X.reshape(-1)
            indices = np.zeros(0, dtype=np.int32)
            indptr = np.zeros(0, dtype=np.int64)
            decay = 1.0
        tol = self.tol if self.tol is not None else -np.inf
        wthresh = 1e-6 if dtype == np.float32 else 1e-9
        fp = np.array(
            [alpha, self._l1_ratio(), tol, pos_weight, neg_weight, self._eta0(),
             self._power_t(), decay, param, optimal_init, wthresh],
            dtype=np.float64,
        )  # fmt: skip
        compute_loss = self.tol is not None and not self.early_stopping
        ip = np.array(
            [code, PENALTY_TYPES[self._penalty()], max_iter, int(self.fit_intercept),
             int(self.shuffle), seed, lr_code, int(self.average), int(self.early_stopping),
             int(self.n_iter_no_change), int(compute_loss), int(is_classifier(self))],
            dtype=np.int64,
        )  # fmt: skip
        aw = avg_coef if avg_coef is not None else np.zeros(1, dtype=dtype)
        y_i = np.ascontiguousarray(y_i, dtype=dtype)
        sample_weight = np.ascontiguousarray(sample_weight, dtype=dtype)
        if not issparse(X) and not self.early_stopping:
            st = np.zeros(13, dtype=np.float64)
            st[:3] = intercept, avg_intercept, self.t_
            n_iter, status = _fit_dense_blocked(
                data, X.shape[1], y_i, sample_weight, coef, aw, st, fp, ip, gather_thread
            )
        else:
            st = np.array([intercept, avg_intercept, self.t_], dtype=np.float64)
            n_iter, status = _plain_sgd(
                data, indices, indptr, X.shape[1], y_i, sample_weight, valmask, coef, aw, st,
                fp, ip,
            )  # fmt: skip
        if status == -1:
            raise ValueError(
                f"Floating-point under-/overflow occurred at epoch #{n_iter}. Scaling input "
                "data with StandardScaler or MinMaxScaler might help."
            )
        return float(st[0]), float(st[1]), int(n_iter)

    def _warn_after_fit(self):
        if self.tol is not None and self.tol > -np.inf and self.n_iter_ == self.max_iter:
            warnings.warn(
                "Maximum number of iteration reached before convergence. Consider "
                "increasing max_iter to improve the fit.",
                ConvergenceWarning,
                stacklevel=3,
            )
        if self._power_t() < 0:
            warnings.warn(
                "Negative values for `power_t` are deprecated in version 1.8 and will raise "
                "an error in 1.10. Use values in the range [0.0, inf) instead.",
                FutureWarning,
                stacklevel=3,
            )

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.sparse = True
        return tags


# ---------------------------------------------------------------------------------------
# Classification
# ---------------------------------------------------------------------------------------


class BaseSGDClassifier(LinearClassifierMixin, SparseCoefMixin, BaseSGD):
    """Shared fit / partial_fit / one-versus-all logic of the SGD classifiers."""

    _parameter_constraints: dict = {
        **BaseSGD._parameter_constraints,
        "loss": [StrOptions(CLASSIFICATION_LOSSES)],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither")],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
        "n_jobs": [Integral, None],
        "class_weight": [StrOptions({"balanced"}), dict, None],
    }

    def _fit_binary_problem(self, i, X, y, sample_weight, pos_w, neg_w, max_iter, rs, valmask):
        label_encode = self._loss_name() == "log_loss"
        y_i = np.ones(y.shape, dtype=X.dtype)
        y_i[y != self.classes_[i]] = 0.0 if label_encode else -1.0
        binary = len(self.classes_) == 2
        rng = check_random_state(rs)
        _randint(rng, 1, MAX_INT)  # the dataset's seed in scikit-learn (unused for SGD)
        if valmask is None:
            valmask = self._validation_mask(y_i, sample_weight, self.random_state)
        seed = _randint(rng, MAX_INT)
        if binary:
            coef = self._standard_coef if self.average else self.coef_
            coef = coef.reshape(-1)
            intercept = (self._standard_intercept if self.average else self.intercept_)[0]
            avg_coef = self._average_coef.reshape(-1) if self.average else None
            avg_int = self._average_intercept[0] if self.average else 0.0
        else:
            coef = (self._standard_coef if self.average else self.coef_)[i]
            intercept = (self._standard_intercept if self.average else self.intercept_)[i]
            avg_coef = self._average_coef[i] if self.average else None
            avg_int = self._average_intercept[i] if self.average else 0.0
        intercept, avg_int, n_iter = self._run_kernel(
            X, y_i, sample_weight, coef, float(intercept), avg_coef, float(avg_int),
            max_iter=max_iter, seed=seed, pos_weight=pos_w, neg_weight=neg_w,
            alpha=self._alpha(), learning_rate=self._lr(), valmask=valmask,
            gather_thread=binary or self.n_jobs in (None, 1),
        )  # fmt: skip
        if self.average:
            self._average_intercept[0 if binary else i] = avg_int
        return intercept, n_iter

    def _partial_fit(
        self, X, y, max_iter, classes, sample_weight, coef_init, intercept_init, validated=False
    ):
        first_call = not hasattr(self, "classes_")
        if not validated:  # fit validated X and y already (one pass over X, not two)
            X, y = validate_data(
                self,
                X,
                y,
                accept_sparse="csr",
                dtype=[np.float64, np.float32],
                order="C",
                accept_large_sparse=False,
                reset=first_call,
            )
            check_classification_targets(y)
        if first_call:
            if classes is None:
                raise ValueError("classes must be passed on the first call to partial_fit.")
            classes = unique_labels(classes)
        elif classes is not None:
            if not np.array_equal(self.classes_, unique_labels(classes)):
                raise ValueError(
                    f"`classes={classes!r}` is not the same as on last call "
                    f"to partial_fit, was: {self.classes_!r}"
                )
        known = classes if first_call else self.classes_
        unseen = np.setdiff1d(_unique_sorted(y), known) if not validated else []
        if len(unseen):
            raise ValueError(
                f"y contains labels {unseen!r} that are not in classes {known!r}; pass every "
                "class to the first call of partial_fit (classes=...)."
            )
        n_samples, n_features = X.shape
        if not first_call and getattr(self, "coef_", None) is not None and coef_init is None:
            if n_features != self.coef_.shape[-1]:
                raise ValueError(
                    f"Number of features {n_features} does not match previous data "
                    f"{self.coef_.shape[-1]}."
                )
        sample_weight = _check_sample_weight(
            sample_weight, X, dtype=X.dtype, allow_all_zero_weights=self.early_stopping
        )
        if first_call:
            self.classes_ = classes
        n_classes = self.classes_.shape[0]
        if n_classes < 2:
            raise ValueError(
                f"The number of classes has to be greater than one; got {n_classes} class"
            )
        if self.class_weight is None:  # (skips a pass over y)
            self._expanded_class_weight = np.ones(self.classes_.shape[0], dtype=np.float64)
        else:
            self._expanded_class_weight = compute_class_weight(
                self.class_weight, classes=self.classes_, y=y
            )
        if getattr(self, "coef_", None) is None or coef_init is not None:
            self._allocate(n_classes, n_features, X.dtype, coef_init, intercept_init)
        if not hasattr(self, "t_"):
            self.t_ = 1.0
        if n_classes > 2:
            self._fit_multiclass(X, y, sample_weight, max_iter)
        else:
            self._fit_binary(X, y, sample_weight, max_iter)
        return self

    def _fit_binary(self, X, y, sample_weight, max_iter):
        cw = self._expanded_class_weight
        intercept, n_iter = self._fit_binary_problem(
            1, X, y, sample_weight, cw[1], cw[0], max_iter, self.random_state, None
        )
        self.t_ += n_iter * X.shape[0]
        self.n_iter_ = n_iter
        if self.average > 0:
            if self.average <= self.t_ - 1:
                self.coef_ = self._average_coef.reshape(1, -1)
                self.intercept_ = self._average_intercept
            else:
                self.coef_ = self._standard_coef.reshape(1, -1)
                self._standard_intercept = np.atleast_1d(intercept).astype(X.dtype)
                self.intercept_ = self._standard_intercept
        else:
            self.coef_ = self.coef_.reshape(1, -1)
            self.intercept_ = np.atleast_1d(intercept).astype(X.dtype)

    def _fit_multiclass(self, X, y, sample_weight, max_iter):
        valmask = self._validation_mask(y, sample_weight, self.random_state)
        rng = check_random_state(self.random_state)
        seeds = [_randint(rng, MAX_INT) for _ in range(len(self.classes_))]
        cw = self._expanded_class_weight

        def task(i):
            return self._fit_binary_problem(
                i, X, y, sample_weight, cw[i], 1.0, max_iter, seeds[i], valmask
            )

        n_jobs = self.n_jobs
        if n_jobs is None or n_jobs == 1:
            result = [task(i) for i in range(len(self.classes_))]
        else:
            from ..parallel import Parallel, delayed

            result = Parallel(n_jobs=n_jobs, prefer="threads", require="sharedmem")(
                delayed(task)(i) for i in range(len(self.classes_))
            )
        n_iter = 0
        target = self._standard_intercept if self.average else self.intercept_
        for i, (intercept, n_iter_i) in enumerate(result):
            target[i] = intercept
            n_iter = max(n_iter, n_iter_i)
        self.t_ += n_iter * X.shape[0]
        self.n_iter_ = n_iter
        if self.average > 0:
            if self.average <= self.t_ - 1.0:
                self.coef_ = self._average_coef
                self.intercept_ = self._average_intercept
            else:
                self.coef_ = self._standard_coef
                self._standard_intercept = np.atleast_1d(self._standard_intercept)
                self.intercept_ = self._standard_intercept

    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """One epoch of SGD on the given samples.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : ndarray of shape (n_samples,)
        classes : ndarray of shape (n_classes,), default=None
            Every class of the whole problem; required on the first call.
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : object
        """
        first = not hasattr(self, "classes_")
        if first:
            self._validate_params()
            self._more_validate_params(for_partial_fit=True)
            if self.class_weight == "balanced":
                raise ValueError(
                    "class_weight 'balanced' is not supported for partial_fit. In order "
                    "to use 'balanced' weights, use compute_class_weight('balanced', "
                    "classes=classes, y=y). In place of y you can use a large enough "
                    "sample of the full training set target to properly estimate the "
                    "class frequency distributions. Pass the resulting weights as the "
                    "class_weight parameter."
                )
        else:
            check_is_fitted(self)
        # work on copies so that an error leaves the fitted model unchanged
        state = self._snapshot()
        try:
            return self._partial_fit(X, y, 1, classes, sample_weight, None, None)
        except Exception:
            self._restore(state)
            raise

    def _snapshot(self):
        return {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in vars(self).items()}

    def _restore(self, state):
        for k in list(vars(self)):
            if k not in state:
                delattr(self, k)
        for k, v in state.items():
            setattr(self, k, v)

    def fit(self, X, y, coef_init=None, intercept_init=None, sample_weight=None):
        """Fit the linear model with SGD.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : ndarray of shape (n_samples,)
        coef_init : ndarray of shape (n_classes, n_features), default=None
        intercept_init : ndarray of shape (n_classes,), default=None
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : object
        """
        self._validate_params()
        self._more_validate_params()
        if self.warm_start and hasattr(self, "coef_"):
            if coef_init is None:
                coef_init = self.coef_
            if intercept_init is None:
                intercept_init = self.intercept_
        X, y = validate_data(
            self, X, y, accept_sparse="csr", dtype=[np.float64, np.float32], order="C",
            accept_large_sparse=False,
        )  # fmt: skip
        check_classification_targets(y)
        classes = _unique_sorted(y)
        for attr in ("classes_", "coef_", "intercept_", "t_"):
            if hasattr(self, attr):
                delattr(self, attr)
        self.coef_ = None
        self.t_ = 1.0
        self._partial_fit(
            X, y, self.max_iter, classes, sample_weight, coef_init, intercept_init, validated=True
        )
        self._warn_after_fit()
        return self


def _proba_check(self):
    if self.loss not in ("log_loss", "modified_huber"):
        raise AttributeError(f"probability estimates are not available for loss={self.loss!r}")
    return True


class SGDClassifier(BaseSGDClassifier):
    """Linear classifiers (SVM, logistic regression, ...) trained by SGD.

    Minimizes ``mean_i cw_i sw_i loss(y_i, x_i w + b) + alpha * R(w)`` one sample at a
    time; more than two classes are fitted one-versus-all (in threads with ``n_jobs``).

    Parameters
    ----------
    loss : {'hinge', 'log_loss', 'modified_huber', 'squared_hinge', 'perceptron', \
'squared_error', 'huber', 'epsilon_insensitive', 'squared_epsilon_insensitive'}, \
default='hinge'
    penalty : {'l2', 'l1', 'elasticnet', None}, default='l2'
    alpha : float, default=0.0001
        Regularization strength (also sets the 'optimal' learning rate).
    l1_ratio : float, default=0.15
        Elastic-net mixing (used with ``penalty='elasticnet'``).
    fit_intercept : bool, default=True
    max_iter : int, default=1000
        Maximum number of epochs (``fit`` only).
    tol : float or None, default=1e-3
        Stop when the loss has not improved by ``tol`` for ``n_iter_no_change`` epochs.
    shuffle : bool, default=True
        Shuffle the samples at each epoch.
    verbose : int, default=0
    epsilon : float, default=0.1
        For the Huber and epsilon-insensitive losses.
    n_jobs : int, default=None
        Threads for the one-versus-all problems.
    random_state : int, RandomState instance or None, default=None
    learning_rate : {'optimal', 'constant', 'invscaling', 'adaptive', 'pa1', 'pa2'}, \
default='optimal'
    eta0 : float, default=0.01
    power_t : float, default=0.5
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the data and stop on its accuracy.
    validation_fraction : float, default=0.1
    n_iter_no_change : int, default=5
    class_weight : dict, 'balanced' or None, default=None
    warm_start : bool, default=False
    average : bool or int, default=False
        Averaged SGD: the coefficients are the average of the iterates (from sample
        ``average`` on when an int).

    Attributes
    ----------
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
    intercept_ : ndarray of shape (1,) or (n_classes,)
    n_iter_ : int
        Epochs run (the maximum over the one-versus-all problems).
    classes_ : ndarray of shape (n_classes,)
    t_ : int
        Number of weight updates performed, plus one.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Only when X has string feature names.

    Examples
    --------
    >>> from aiguille.datasets import load_digits
    >>> from aiguille.linear_model import SGDClassifier
    >>> X, y = load_digits(return_X_y=True)
    >>> clf = SGDClassifier(loss="log_loss", random_state=0).fit(X / 16, y)
    >>> clf.coef_.shape
    (10, 64)
    >>> bool(clf.score(X / 16, y) > 0.9)
    True
    """

    _parameter_constraints: dict = {
        **BaseSGDClassifier._parameter_constraints,
        "penalty": [StrOptions({"l2", "l1", "elasticnet"}), None],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "l1_ratio": [Interval(Real, 0, 1, closed="both"), None],
        "power_t": [Interval(Real, None, None, closed="neither")],
        "epsilon": [Interval(Real, 0, None, closed="left")],
        "learning_rate": [StrOptions(set(LEARNING_RATE_TYPES))],
    }

    def __init__(
        self,
        loss="hinge",
        *,
        penalty="l2",
        alpha=0.0001,
        l1_ratio=0.15,
        fit_intercept=True,
        max_iter=1000,
        tol=1e-3,
        shuffle=True,
        verbose=0,
        epsilon=DEFAULT_EPSILON,
        n_jobs=None,
        random_state=None,
        learning_rate="optimal",
        eta0=0.01,
        power_t=0.5,
        early_stopping=False,
        validation_fraction=0.1,
        n_iter_no_change=5,
        class_weight=None,
        warm_start=False,
        average=False,
    ):
        self.loss = loss
        self.penalty = penalty
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.shuffle = shuffle
        self.verbose = verbose
        self.epsilon = epsilon
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.learning_rate = learning_rate
        self.eta0 = eta0
        self.power_t = power_t
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.class_weight = class_weight
        self.warm_start = warm_start
        self.average = average

    @available_if(_proba_check)
    def predict_proba(self, X):
        """Probability estimates (log_loss and modified_huber losses).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
        """
        check_is_fitted(self)
        if self.loss == "log_loss":
            return self._predict_proba_lr(X)
        binary = len(self.classes_) == 2
        scores = self.decision_function(X)
        if binary:
            prob2 = np.ones((scores.shape[0], 2))
            prob = prob2[:, 1]
        else:
            prob = scores
        np.clip(scores, -1, 1, prob)
        prob += 1.0
        prob /= 2.0
        if binary:
            prob2[:, 0] -= prob
            return prob2
        prob_sum = prob.sum(axis=1)
        all_zero = prob_sum == 0
        if np.any(all_zero):
            prob[all_zero, :] = 1
            prob_sum[all_zero] = len(self.classes_)
        prob /= prob_sum.reshape((prob.shape[0], -1))
        return prob

    @available_if(_proba_check)
    def predict_log_proba(self, X):
        """Log of the probability estimates.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
        """
        return np.log(self.predict_proba(X))

    def _expected_failed_checks(self):
        # scikit-learn lists the same two for its namesake: SGD visits a sample once per
        # epoch whatever its weight, so a weight is not a repetition
        reason = "sample_weight is not equivalent to removing/repeating samples."
        return {
            "check_sample_weight_equivalence_on_dense_data": reason,
            "check_sample_weight_equivalence_on_sparse_data": reason,
        }


# ---------------------------------------------------------------------------------------
# Regression
# ---------------------------------------------------------------------------------------


class BaseSGDRegressor(RegressorMixin, LinearModel, BaseSGD):
    """Shared fit / partial_fit of the SGD regressors."""

    _parameter_constraints: dict = {
        **BaseSGD._parameter_constraints,
        "loss": [StrOptions(REGRESSION_LOSSES)],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither")],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
    }

    def _partial_fit(self, X, y, max_iter, sample_weight, coef_init, intercept_init):
        first_call = getattr(self, "coef_", None) is None
        X, y = validate_data(
            self, X, y, accept_sparse="csr", copy=False, order="C",
            dtype=[np.float64, np.float32], accept_large_sparse=False, reset=first_call,
            y_numeric=True,
        )  # fmt: skip
        y = y.astype(X.dtype, copy=False)
        n_samples, n_features = X.shape
        sample_weight = _check_sample_weight(
            sample_weight, X, dtype=X.dtype, allow_all_zero_weights=self.early_stopping
        )
        if first_call or coef_init is not None:
            self._allocate(1, n_features, X.dtype, coef_init, intercept_init)
        elif n_features != self.coef_.shape[-1]:
            raise ValueError(
                f"Number of features {n_features} does not match previous data "
                f"{self.coef_.shape[-1]}."
            )
        if self.average > 0 and getattr(self, "_average_coef", None) is None:
            self._average_coef = np.zeros(n_features, dtype=X.dtype)
            self._average_intercept = np.zeros(1, dtype=X.dtype)
        self._fit_regressor(X, y, sample_weight, max_iter)
        return self

    def _fit_regressor(self, X, y, sample_weight, max_iter):
        if not hasattr(self, "t_"):
            self.t_ = 1.0
        valmask = self._validation_mask(y, sample_weight, self.random_state)
        rng = check_random_state(self.random_state)
        seed = _randint(rng, 0, MAX_INT)
        _randint(rng, 1, MAX_INT)  # the dataset's seed in scikit-learn (unused for SGD)
        if self.average:
            coef = self._standard_coef
            intercept = self._standard_intercept
            avg_coef = self._average_coef
            avg_int = self._average_intercept
        else:
            coef = self.coef_
            intercept = self.intercept_
            avg_coef = None
            avg_int = [0.0]
        intercept, avg_int, self.n_iter_ = self._run_kernel(
            X, y, sample_weight, coef, float(intercept[0]), avg_coef, float(avg_int[0]),
            max_iter=max_iter, seed=seed, pos_weight=1.0, neg_weight=1.0,
            alpha=self._alpha(), learning_rate=self._lr(), valmask=valmask,
        )  # fmt: skip
        self.t_ += self.n_iter_ * X.shape[0]
        dtype = X.dtype
        if self.average > 0:
            self._average_intercept = np.atleast_1d(avg_int).astype(dtype)
            self._standard_intercept = np.atleast_1d(intercept).astype(dtype)
            if self.average <= self.t_ - 1.0:
                self.coef_ = avg_coef
                self.intercept_ = self._average_intercept
            else:
                self.coef_ = coef
                self.intercept_ = self._standard_intercept
        else:
            self.intercept_ = np.atleast_1d(intercept).astype(dtype)

    def partial_fit(self, X, y, sample_weight=None):
        """One epoch of SGD on the given samples.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : ndarray of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : object
        """
        if not hasattr(self, "coef_"):
            self._validate_params()
            self._more_validate_params(for_partial_fit=True)
        state = BaseSGDClassifier._snapshot(self)
        try:
            return self._partial_fit(X, y, 1, sample_weight, None, None)
        except Exception:
            BaseSGDClassifier._restore(self, state)
            raise

    def fit(self, X, y, coef_init=None, intercept_init=None, sample_weight=None):
        """Fit the linear model with SGD.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : ndarray of shape (n_samples,)
        coef_init : ndarray of shape (n_features,), default=None
        intercept_init : ndarray of shape (1,), default=None
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : object
        """
        self._validate_params()
        self._more_validate_params()
        if self.warm_start and getattr(self, "coef_", None) is not None:
            if coef_init is None:
                coef_init = self.coef_
            if intercept_init is None:
                intercept_init = self.intercept_
        else:
            self.coef_ = None
            self.intercept_ = None
        self._average_coef = None
        self._average_intercept = None
        self.t_ = 1.0
        self.coef_ = None
        self._partial_fit(X, y, self.max_iter, sample_weight, coef_init, intercept_init)
        self._warn_after_fit()
        return self

    def predict(self, X):
        """Predict with the linear model.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        return safe_sparse_dot(X, self.coef_, dense_output=True) + self.intercept_


class SGDRegressor(BaseSGDRegressor):
    """Linear regression model fitted by SGD.

    Parameters
    ----------
    loss : {'squared_error', 'huber', 'epsilon_insensitive', \
'squared_epsilon_insensitive'}, default='squared_error'
    penalty : {'l2', 'l1', 'elasticnet', None}, default='l2'
    alpha : float, default=0.0001
    l1_ratio : float, default=0.15
    fit_intercept : bool, default=True
    max_iter : int, default=1000
    tol : float or None, default=1e-3
    shuffle : bool, default=True
    verbose : int, default=0
    epsilon : float, default=0.1
    random_state : int, RandomState instance or None, default=None
    learning_rate : {'invscaling', 'constant', 'optimal', 'adaptive', 'pa1', 'pa2'}, \
default='invscaling'
    eta0 : float, default=0.01
    power_t : float, default=0.25
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the data and stop on its R^2.
    validation_fraction : float, default=0.1
    n_iter_no_change : int, default=5
    warm_start : bool, default=False
    average : bool or int, default=False

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
    intercept_ : ndarray of shape (1,)
    n_iter_ : int
    t_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Only when X has string feature names.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.linear_model import SGDRegressor
    >>> rng = np.random.RandomState(0)
    >>> X = rng.randn(200, 3)
    >>> y = X @ np.array([1.0, 2.0, -1.0]) + 0.5
    >>> reg = SGDRegressor(random_state=0).fit(X, y)
    >>> np.round(reg.coef_, 1)
    array([ 1.,  2., -1.])
    """

    _parameter_constraints: dict = {
        **BaseSGDRegressor._parameter_constraints,
        "penalty": [StrOptions({"l2", "l1", "elasticnet"}), None],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "l1_ratio": [Interval(Real, 0, 1, closed="both"), None],
        "power_t": [Interval(Real, None, None, closed="neither")],
        "learning_rate": [StrOptions(set(LEARNING_RATE_TYPES))],
        "epsilon": [Interval(Real, 0, None, closed="left")],
    }

    def __init__(
        self,
        loss="squared_error",
        *,
        penalty="l2",
        alpha=0.0001,
        l1_ratio=0.15,
        fit_intercept=True,
        max_iter=1000,
        tol=1e-3,
        shuffle=True,
        verbose=0,
        epsilon=DEFAULT_EPSILON,
        random_state=None,
        learning_rate="invscaling",
        eta0=0.01,
        power_t=0.25,
        early_stopping=False,
        validation_fraction=0.1,
        n_iter_no_change=5,
        warm_start=False,
        average=False,
    ):
        self.loss = loss
        self.penalty = penalty
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.shuffle = shuffle
        self.verbose = verbose
        self.epsilon = epsilon
        self.random_state = random_state
        self.learning_rate = learning_rate
        self.eta0 = eta0
        self.power_t = power_t
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.warm_start = warm_start
        self.average = average

    def _expected_failed_checks(self):
        # scikit-learn lists the same two for its namesake: SGD visits a sample once per
        # epoch whatever its weight, so a weight is not a repetition
        reason = "sample_weight is not equivalent to removing/repeating samples."
        return {
            "check_sample_weight_equivalence_on_dense_data": reason,
            "check_sample_weight_equivalence_on_sparse_data": reason,
        }
