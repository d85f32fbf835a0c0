"""Pipeline (a chain of transformers and a final estimator) and FeatureUnion (side by side).

Steps may be aiguille or scikit-learn estimators (anything with ``fit``/``transform``).
``Pipeline(memory=...)`` caches fitted transformers with ``memory.cache``: an aiguille
``Memory``, a path (turned into one), or any object with a ``cache`` method such as
``joblib.Memory``; cached steps are fitted on a clone, so a search over the last step does
not refit the earlier ones.
"""

import time
from collections import Counter
from contextlib import contextmanager, suppress
from copy import deepcopy
from itertools import chain, islice

import numpy as np

from .base import BaseEstimator, TransformerMixin, clone
from .exceptions import NotFittedError
from .utils._available_if import available_if
from .utils._bunch import Bunch
from .utils._param_validation import HasMethods, Hidden
from .utils._set_output import _output_config
from .utils._tags import get_tags
from .utils.validation import _is_pandas_df, check_is_fitted, issparse

__all__ = ["FeatureUnion", "Pipeline", "make_pipeline", "make_union"]


# -- shared helpers -----------------------------------------------------------------------


@contextmanager
def _print_elapsed_time(source, message=None):
    if message is None:
        yield
        return
    start = time.perf_counter()
    yield
    elapsed = time.perf_counter() - start
    total = f"total={elapsed:6.1f}s"
    fill = max(70 - len(source) - len(message) - len(total) - 4, 0)
    print(f"[{source}] {'.' * fill} {message}, {total}")


class _NoMemory:
    """``Memory(None)``: ``cache(f)`` is ``f``."""

    location = None

    def cache(self, func):
        return func


def check_memory(memory):
    """An object with a ``cache`` method: None gives a no-op, a path an aiguille Memory."""
    if memory is None:
        return _NoMemory()
    if isinstance(memory, str) or hasattr(memory, "__fspath__"):
        from .memory import Memory

        return Memory(memory, verbose=0)
    if not hasattr(memory, "cache"):
        raise ValueError(
            "'memory' should be None, a string or have the same interface as "
            f"joblib.Memory. Got memory='{memory}' instead."
        )
    return memory


def _fit_transform_one(transformer, X, y, weight, message_clsname="", message=None, params=None):
    """Fit ``transformer`` and transform X; returns (Xt, fitted transformer)."""
    params = params or {}
    with _print_elapsed_time(message_clsname, message):
        if hasattr(transformer, "fit_transform"):
            res = transformer.fit_transform(X, y, **params.get("fit_transform", {}))
        else:
            res = transformer.fit(X, y, **params.get("fit", {})).transform(
                X, **params.get("transform", {})
            )
    if weight is None:
        return res, transformer
    return res * weight, transformer


def _fit_one(transformer, X, y, weight, message_clsname="", message=None, params=None):
    params = params or {}
    with _print_elapsed_time(message_clsname, message):
        return transformer.fit(X, y, **params.get("fit", {}))


def _transform_one(transformer, X, y, weight, params=None):
    params = params or {}
    res = transformer.transform(X, **params.get("transform", {}))
    if weight is None:
        return res
    return res * weight


def _safe_set_output(estimator, *, transform=None):
    """Call ``set_output`` on a step that transforms (and fail clearly if it cannot)."""
    wants = hasattr(estimator, "transform") or (
        hasattr(estimator, "fit_transform") and transform is not None
    )
    if not wants:
        return estimator
    if not hasattr(estimator, "set_output"):
        raise ValueError(
            f"Unable to configure output for {estimator} because `set_output` is not available."
        )
    return estimator.set_output(transform=transform)


def _is_passthrough(est):
    return est is None or (isinstance(est, str) and est == "passthrough")


def _is_drop(est):
    return isinstance(est, str) and est == "drop"


class _BaseComposition(BaseEstimator):
    """get_params/set_params over a list of (name, estimator) pairs."""

    def _get_params(self, attr, deep=True):
        out = super().get_params(deep=deep)
        if not deep:
            return out
        estimators = getattr(self, attr)
        try:
            out.update(estimators)
        except (TypeError, ValueError):
            return out
        for name, estimator in estimators:
            if hasattr(estimator, "get_params") and not isinstance(estimator, type):
                for key, value in estimator.get_params(deep=True).items():
                    out[f"{name}__{key}"] = value
        return out

    def _set_params(self, attr, **params):
        if attr in params:
            setattr(self, attr, params.pop(attr))
        items = getattr(self, attr)
        if isinstance(items, list) and items:
            with suppress(TypeError):
                item_names, _ = zip(*items)
                for name in list(params.keys()):
                    if "__" not in name and name in item_names:
                        self._replace_estimator(attr, name, params.pop(name))
        super().set_params(**params)
        return self

    def _replace_estimator(self, attr, name, new_val):
        new_estimators = list(getattr(self, attr))
        for i, (estimator_name, _) in enumerate(new_estimators):
            if estimator_name == name:
                new_estimators[i] = (name, new_val)
                break
        setattr(self, attr, new_estimators)

    def _validate_names(self, names):
        if len(set(names)) != len(names):
            raise ValueError(f"Names provided are not unique: {list(names)!r}")
        invalid_names = set(names).intersection(self.get_params(deep=False))
        if invalid_names:
            raise ValueError(
                f"Estimator names conflict with constructor arguments: {sorted(invalid_names)!r}"
            )
        invalid_names = [name for name in names if "__" in name]
        if invalid_names:
            raise ValueError(f"Estimator names must not contain __: got {invalid_names!r}")


# -- Pipeline -----------------------------------------------------------------------------


def _final_estimator_has(attr):
    def check(self):
        getattr(self._final_estimator, attr)
        return True

    return check


def _can_transform(self):
    return self._final_estimator == "passthrough" or hasattr(self._final_estimator, "transform")


def _can_fit_transform(self):
    return (
        self._final_estimator == "passthrough"
        or hasattr(self._final_estimator, "transform")
        or hasattr(self._final_estimator, "fit_transform")
    )


def _can_inverse_transform(self):
    return all(hasattr(t, "inverse_transform") for _, _, t in self._iter())


_METHODS = (
    "fit",
    "fit_transform",
    "fit_predict",
    "predict",
    "predict_proba",
    "predict_log_proba",
    "decision_function",
    "score",
    "score_samples",
    "transform",
    "inverse_transform",
    "split",
)


class Pipeline(_BaseComposition):
    """A sequence of transformers followed by a final estimator.

    Each intermediate step is fitted and transforms the data for the next; the last step
    only needs ``fit``. The pipeline has the methods of its last step (``predict``,
    ``predict_proba``, ``transform``, ...), so ``hasattr`` tells what it can do.

    Parameters
    ----------
    steps : list of (str, estimator) tuples
        The steps, in order. A step may be ``"passthrough"`` or None (skipped).
    transform_input : list of str, default=None
        Metadata routing only: not supported (must be None).
    memory : str, path, object with a ``cache`` method, or None, default=None
        Cache the fitted transformers (an aiguille ``Memory`` for a path; also accepts
        ``joblib.Memory``). Cached steps are fitted on clones of the given steps.
    verbose : bool, default=False
        Print the time spent fitting each step.

    Attributes
    ----------
    named_steps : Bunch
        The steps by name.
    classes_ : ndarray of shape (n_classes,)
        The classes of the last step (classifiers only).
    n_features_in_ : int
        Number of features seen by the first step during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of the features seen by the first step during fit.

    Examples
    --------
    >>> from aiguille.pipeline import Pipeline
    >>> from aiguille.preprocessing import StandardScaler, MinMaxScaler
    >>> pipe = Pipeline([("std", StandardScaler()), ("minmax", MinMaxScaler())])
    >>> pipe.fit_transform([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]])
    array([[0. , 0. ],
           [0.5, 0.5],
           [1. , 1. ]])
    >>> pipe[:1]
    Pipeline(steps=[('std', StandardScaler())])
    """

    _parameter_constraints = {
        "steps": [list, Hidden(tuple)],
        "transform_input": [list, None],
        "memory": [None, str, HasMethods(["cache"])],
        "verbose": ["boolean"],
    }

    def __init__(self, steps, *, transform_input=None, memory=None, verbose=False):
        self.steps = steps
        self.transform_input = transform_input
        self.memory = memory
        self.verbose = verbose

    @classmethod
    def _test_instances(cls):
        from .preprocessing import MinMaxScaler, StandardScaler

        instances = [cls([("scaler", StandardScaler()), ("minmax", MinMaxScaler())])]
        try:
            from .neighbors import KNeighborsClassifier

            instances.append(cls([("scaler", StandardScaler()), ("knn", KNeighborsClassifier())]))
        except ImportError:  # pragma: no cover - neighbors not built yet
            pass
        try:
            from .linear_model import Ridge

            instances.append(cls([("scaler", StandardScaler()), ("ridge", Ridge())]))
        except ImportError:  # pragma: no cover
            pass
        return instances

    def _expected_failed_checks(self):
        # scikit-learn's own Pipeline expects these two: fit stores the fitted steps.
        reason = "Pipeline stores the fitted steps in `steps`, as scikit-learn's does."
        return {
            "check_dont_overwrite_parameters": reason,
            "check_estimators_overwrite_params": reason,
        }

    def get_params(self, deep=True):
        """Parameters of the pipeline and, with ``deep``, of its steps (``step__param``).

        Returns
        -------
        params : dict
        """
        return self._get_params("steps", deep=deep)

    def set_params(self, **kwargs):
        """Set parameters, replace steps by name, or set ``step__param``.

        Returns
        -------
        self : Pipeline
        """
        self._set_params("steps", **kwargs)
        return self

    def _validate_steps(self):
        names, estimators = zip(*self.steps)
        self._validate_names(names)
        transformers = estimators[:-1]
        estimator = estimators[-1]
        for t in transformers:
            if _is_passthrough(t):
                continue
            if not (hasattr(t, "fit") or hasattr(t, "fit_transform")) or not hasattr(
                t, "transform"
            ):
                raise TypeError(
                    "All intermediate steps should be transformers and implement fit and "
                    f"transform or be the string 'passthrough' '{t}' (type {type(t)}) doesn't"
                )
        if not _is_passthrough(estimator) and not hasattr(estimator, "fit"):
            raise TypeError(
                "Last step of Pipeline should implement fit or be the string 'passthrough'. "
                f"'{estimator}' (type {type(estimator)}) doesn't"
            )

    def _iter(self, with_final=True, filter_passthrough=True):
        stop = len(self.steps)
        if not with_final:
            stop -= 1
        for idx, (name, trans) in enumerate(islice(self.steps, 0, stop)):
            if not filter_passthrough or not _is_passthrough(trans):
                yield idx, name, trans

    def __len__(self):
        return len(self.steps)

    def __getitem__(self, ind):
        """A sub-pipeline (slice) or one step (int index or name)."""
        if isinstance(ind, slice):
            if ind.step not in (1, None):
                raise ValueError("Pipeline slicing only supports a step of 1")
            return self.__class__(self.steps[ind], memory=self.memory, verbose=self.verbose)
        try:
            name, est = self.steps[ind]
        except TypeError:
            return self.named_steps[ind]
        return est

    @property
    def named_steps(self):
        """The steps as a Bunch (attribute access by name)."""
        return Bunch(**dict(self.steps))

    @property
    def _final_estimator(self):
        try:
            estimator = self.steps[-1][1]
            return "passthrough" if estimator is None else estimator
        except (ValueError, AttributeError, TypeError):
            return self.steps

    def _log_message(self, step_idx):
        if not self.verbose:
            return None
        name, _ = self.steps[step_idx]
        return f"(step {step_idx + 1} of {len(self.steps)}) Processing {name}"

    def _check_method_params(self, method, props):
        if self.transform_input is not None:
            raise ValueError(
                "The `transform_input` parameter can only be set if metadata routing is "
                "enabled, which aiguille does not support."
            )
        fit_params_steps = Bunch(
            **{
                name: Bunch(**{m: {} for m in _METHODS})
                for name, step in self.steps
                if step is not None
            }
        )
        for pname, pval in props.items():
            if "__" not in pname:
                raise ValueError(
                    f"Pipeline.fit does not accept the {pname} parameter. You can pass "
                    "parameters to specific steps of your pipeline using the "
                    "stepname__parameter format, e.g. `Pipeline.fit(X, y, "
                    "logisticregression__sample_weight=sample_weight)`."
                )
            step, param = pname.split("__", 1)
            fit_params_steps[step]["fit"][param] = pval
            fit_params_steps[step]["fit_transform"][param] = pval
            fit_params_steps[step]["fit_predict"][param] = pval
        return fit_params_steps

    def _fit(self, X, y=None, routed_params=None):
        self.steps = list(self.steps)
        self._validate_steps()
        memory = check_memory(self.memory)
        fit_transform_one_cached = memory.cache(_fit_transform_one)
        for step_idx, name, transformer in self._iter(with_final=False, filter_passthrough=False):
            if _is_passthrough(transformer):
                with _print_elapsed_time("Pipeline", self._log_message(step_idx)):
                    continue
            if getattr(memory, "location", None) is None:
                cloned_transformer = transformer
            else:
                cloned_transformer = clone(transformer)
            X, fitted_transformer = fit_transform_one_cached(
                cloned_transformer,
                X,
                y,
                None,
                message_clsname="Pipeline",
                message=self._log_message(step_idx),
                params=routed_params[name],
            )
            self.steps[step_idx] = (name, fitted_transformer)
        return X

    def fit(self, X, y=None, **params):
        """Fit the transformers one after the other, then the final estimator.

        Parameters
        ----------
        X : iterable
            Training data, in the format the first step expects.
        y : iterable, default=None
            Training targets.
        **params : dict
            ``step__param`` fit parameters routed to each step's ``fit``.

        Returns
        -------
        self : Pipeline
            This fitted pipeline.
        """
        self._validate_params()
        routed_params = self._check_method_params(method="fit", props=params)
        Xt = self._fit(X, y, routed_params)
        with _print_elapsed_time("Pipeline", self._log_message(len(self.steps) - 1)):
            if self._final_estimator != "passthrough":
                last_params = routed_params[self.steps[-1][0]]
                self._final_estimator.fit(Xt, y, **last_params["fit"])
        return self

    @available_if(_can_fit_transform)
    def fit_transform(self, X, y=None, **params):
        """Fit all steps and return the last step's transform of X.

        Returns
        -------
        Xt : ndarray of shape (n_samples, n_transformed_features)
        """
        self._validate_params()
        routed_params = self._check_method_params(method="fit_transform", props=params)
        Xt = self._fit(X, y, routed_params)
        last_step = self._final_estimator
        with _print_elapsed_time("Pipeline", self._log_message(len(self.steps) - 1)):
            if last_step == "passthrough":
                return Xt
            last_params = routed_params[self.steps[-1][0]]
            if hasattr(last_step, "fit_transform"):
                return last_step.fit_transform(Xt, y, **last_params["fit_transform"])
            return last_step.fit(Xt, y, **last_params["fit"]).transform(
                Xt, **last_params["transform"]
            )

    def _transform_steps(self, X):
        check_is_fitted(self)
        Xt = X
        for _, _, transform in self._iter(with_final=False):
            Xt = transform.transform(Xt)
        return Xt

    @available_if(_final_estimator_has("predict"))
    def predict(self, X, **params):
        """Transform X with all steps, then ``predict`` with the final estimator.

        Returns
        -------
        y_pred : ndarray
        """
        return self.steps[-1][1].predict(self._transform_steps(X), **params)

    @available_if(_final_estimator_has("fit_predict"))
    def fit_predict(self, X, y=None, **params):
        """Fit the transformers, then ``fit_predict`` with the final estimator.

        Returns
        -------
        y_pred : ndarray
        """
        self._validate_params()
        routed_params = self._check_method_params(method="fit_predict", props=params)
        Xt = self._fit(X, y, routed_params)
        last_params = routed_params[self.steps[-1][0]]
        with _print_elapsed_time("Pipeline", self._log_message(len(self.steps) - 1)):
            return self.steps[-1][1].fit_predict(Xt, y, **last_params.get("fit_predict", {}))

    @available_if(_final_estimator_has("predict_proba"))
    def predict_proba(self, X, **params):
        """Transform X, then ``predict_proba`` with the final estimator.

        Returns
        -------
        y_proba : ndarray of shape (n_samples, n_classes)
        """
        return self.steps[-1][1].predict_proba(self._transform_steps(X), **params)

    @available_if(_final_estimator_has("predict_log_proba"))
    def predict_log_proba(self, X, **params):
        """Transform X, then ``predict_log_proba`` with the final estimator.

        Returns
        -------
        y_log_proba : ndarray of shape (n_samples, n_classes)
        """
        return self.steps[-1][1].predict_log_proba(self._transform_steps(X), **params)

    @available_if(_final_estimator_has("decision_function"))
    def decision_function(self, X, **params):
        """Transform X, then ``decision_function`` with the final estimator.

        Returns
        -------
        y_score : ndarray
        """
        return self.steps[-1][1].decision_function(self._transform_steps(X), **params)

    @available_if(_final_estimator_has("score_samples"))
    def score_samples(self, X):
        """Transform X, then ``score_samples`` with the final estimator.

        Returns
        -------
        y_score : ndarray of shape (n_samples,)
        """
        return self.steps[-1][1].score_samples(self._transform_steps(X))

    @available_if(_can_transform)
    def transform(self, X, **params):
        """Transform X with every step (the last one included).

        Returns
        -------
        Xt : ndarray of shape (n_samples, n_transformed_features)
        """
        check_is_fitted(self)
        Xt = X
        for _, _, transform in self._iter():
            Xt = transform.transform(Xt)
        return Xt

    @available_if(_can_inverse_transform)
    def inverse_transform(self, X, **params):
        """Apply ``inverse_transform`` of every step, in reverse order.

        Returns
        -------
        X_original : ndarray of shape (n_samples, n_features)
        """
        Xt = X
        for _, _, transform in reversed(list(self._iter())):
            Xt = transform.inverse_transform(Xt)
        return Xt

    @available_if(_final_estimator_has("score"))
    def score(self, X, y=None, sample_weight=None, **params):
        """Transform X, then ``score`` with the final estimator.

        Returns
        -------
        score : float
        """
        Xt = self._transform_steps(X)
        score_params = {} if sample_weight is None else {"sample_weight": sample_weight}
        return self.steps[-1][1].score(Xt, y, **score_params, **params)

    @property
    def classes_(self):
        """The classes labels of the final estimator."""
        return self.steps[-1][1].classes_

    @property
    def n_features_in_(self):
        """Number of features seen by the first step during fit."""
        return self.steps[0][1].n_features_in_

    @property
    def feature_names_in_(self):
        """Names of the features seen by the first step during fit."""
        return self.steps[0][1].feature_names_in_

    def __sklearn_is_fitted__(self):
        last_step = None
        for _, estimator in reversed(self.steps):
            if not _is_passthrough(estimator):
                last_step = estimator
                break
        if last_step is None:
            return True
        try:
            check_is_fitted(last_step)
            return True
        except NotFittedError:
            return False

    def get_feature_names_out(self, input_features=None):
        """Output feature names, passed through every step.

        Parameters
        ----------
        input_features : array-like of str, default=None

        Returns
        -------
        feature_names_out : ndarray of str objects
        """
        feature_names_out = input_features
        for _, name, transform in self._iter():
            if not hasattr(transform, "get_feature_names_out"):
                raise AttributeError(
                    f"Estimator {name} does not provide get_feature_names_out. Did you mean "
                    "to call pipeline[:-1].get_feature_names_out()?"
                )
            feature_names_out = transform.get_feature_names_out(feature_names_out)
        return feature_names_out

    def set_output(self, *, transform=None):
        """Set the output container of every step's ``transform``.

        Parameters
        ----------
        transform : {"default", "pandas"}, default=None

        Returns
        -------
        self : Pipeline
        """
        for _, _, step in self._iter():
            _safe_set_output(step, transform=transform)
        return self

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        if not self.steps:
            return tags
        try:
            first = self.steps[0][1]
            if not _is_passthrough(first):
                tags.input_tags.pairwise = get_tags(first).input_tags.pairwise
            tags.input_tags.sparse = all(
                get_tags(step).input_tags.sparse
                for _, step in self.steps
                if not _is_passthrough(step)
            )
            # NaN goes through only if every step lets it through.
            tags.input_tags.allow_nan = all(
                get_tags(step).input_tags.allow_nan
                for _, step in self.steps
                if not _is_passthrough(step)
            )
        except (ValueError, AttributeError, TypeError):
            pass
        try:
            last = self.steps[-1][1]
            if not _is_passthrough(last):
                last_tags = get_tags(last)
                tags.estimator_type = last_tags.estimator_type
                tags.target_tags.multi_output = last_tags.target_tags.multi_output
                tags.target_tags.required = last_tags.target_tags.required
                tags.classifier_tags = deepcopy(last_tags.classifier_tags)
                tags.regressor_tags = deepcopy(last_tags.regressor_tags)
                tags.transformer_tags = deepcopy(last_tags.transformer_tags)
                tags.non_deterministic = last_tags.non_deterministic
        except (ValueError, AttributeError, TypeError):
            pass
        return tags


def _name_estimators(estimators):
    """Generate names for estimators: lowercase class names, numbered when repeated."""
    names = [
        estimator if isinstance(estimator, str) else type(estimator).__name__.lower()
        for estimator in estimators
    ]
    namecount = Counter(names)
    for k, v in list(namecount.items()):
        if v == 1:
            del namecount[k]
    for i in reversed(range(len(estimators))):
        name = names[i]
        if name in namecount:
            names[i] += f"-{namecount[name]}"
            namecount[name] -= 1
    return list(zip(names, estimators))


def make_pipeline(*steps, memory=None, transform_input=None, verbose=False):
    """A Pipeline whose steps are named after their classes (lowercase).

    Parameters
    ----------
    *steps : list of estimators
    memory : str, path, object with a ``cache`` method, or None, default=None
    transform_input : list of str, default=None
    verbose : bool, default=False

    Returns
    -------
    p : Pipeline

    Examples
    --------
    >>> from aiguille.pipeline import make_pipeline
    >>> from aiguille.preprocessing import StandardScaler, MinMaxScaler
    >>> make_pipeline(StandardScaler(), MinMaxScaler())
    Pipeline(steps=[('standardscaler', StandardScaler()), ('minmaxscaler', MinMaxScaler())])
    """
    return Pipeline(
        _name_estimators(steps),
        transform_input=transform_input,
        memory=memory,
        verbose=verbose,
    )


# -- FeatureUnion -------------------------------------------------------------------------


def _hstack_outputs(estimator, Xs):
    if _output_config(estimator) == "pandas" and all(_is_pandas_df(X) for X in Xs):
        import pandas as pd

        return pd.concat(Xs, axis=1)
    if any(issparse(f) for f in Xs):
        import scipy.sparse as sp

        return sp.hstack(Xs).tocsr()
    return np.hstack(Xs)


def _double_underscore(transformer_name, feature_name):
    return f"{transformer_name}__{feature_name}"


def _add_prefix_for_feature_names_out(combine, transformer_with_feature_names_out):
    """Concatenate the output names of ``(transformer_name, names_out)`` pairs.

    Each name becomes ``combine(transformer_name, feature_name)``; with ``combine=None`` the
    names stay as they are and must be unique across transformers.
    """
    if combine is not None:
        names = list(
            chain.from_iterable(
                (combine(name, i) for i in names_out)
                for name, names_out in transformer_with_feature_names_out
            )
        )
        return np.asarray(names, dtype=object)
    counts = Counter(chain.from_iterable(s for _, s in transformer_with_feature_names_out))
    top_6_overlap = sorted(name for name, count in counts.most_common(6) if count > 1)
    if top_6_overlap:
        if len(top_6_overlap) == 6:
            names_repr = str(top_6_overlap[:5])[:-1] + ", ...]"
        else:
            names_repr = str(top_6_overlap)
        raise ValueError(
            f"Output feature names: {names_repr} are not unique. Please set "
            "verbose_feature_names_out=True to add prefixes to feature names"
        )
    return np.concatenate(
        [np.asarray(name, dtype=object) for _, name in transformer_with_feature_names_out]
    )


def _run(n_jobs, func, calls):
    """Run ``func(*args, **kwargs)`` for each call, in parallel when n_jobs asks for it."""
    if n_jobs is None or n_jobs == 1:
        return [func(*args, **kwargs) for args, kwargs in calls]
    from .parallel import Parallel, delayed

    return Parallel(n_jobs=n_jobs)(delayed(func)(*args, **kwargs) for args, kwargs in calls)


class FeatureUnion(TransformerMixin, _BaseComposition):
    """Concatenate the outputs of several transformers applied to the same input.

    Parameters
    ----------
    transformer_list : list of (str, transformer) tuples
        A transformer may be ``"drop"`` (ignored) or ``"passthrough"`` (input unchanged).
    n_jobs : int, default=None
        Number of jobs fitting the transformers in parallel (``aiguille.parallel``).
    transformer_weights : dict, default=None
        Multiplicative weight of each transformer's output, by name.
    verbose : bool, default=False
        Print the time spent fitting each transformer.
    verbose_feature_names_out : bool, default=True
        Prefix output feature names with the transformer's name.

    Attributes
    ----------
    named_transformers : Bunch
        The transformers by name.
    n_features_in_ : int
        Number of features seen during fit (from the first transformer).
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of the features seen during fit.

    Examples
    --------
    >>> from aiguille.pipeline import FeatureUnion
    >>> from aiguille.preprocessing import MinMaxScaler, StandardScaler
    >>> union = FeatureUnion([("std", StandardScaler()), ("minmax", MinMaxScaler())])
    >>> union.fit_transform([[0.0], [2.0]])
    array([[-1.,  0.],
           [ 1.,  1.]])
    >>> union.get_feature_names_out()
    array(['std__x0', 'minmax__x0'], dtype=object)
    """

    _parameter_constraints = {
        "transformer_list": [list],
        "n_jobs": [None, int],
        "transformer_weights": [dict, None],
        "verbose": ["verbose"],
        "verbose_feature_names_out": ["boolean"],
    }

    def __init__(
        self,
        transformer_list,
        *,
        n_jobs=None,
        transformer_weights=None,
        verbose=False,
        verbose_feature_names_out=True,
    ):
        self.transformer_list = transformer_list
        self.n_jobs = n_jobs
        self.transformer_weights = transformer_weights
        self.verbose = verbose
        self.verbose_feature_names_out = verbose_feature_names_out

    @classmethod
    def _test_instances(cls):
        from .preprocessing import MinMaxScaler, StandardScaler

        return [cls([("std", StandardScaler()), ("minmax", MinMaxScaler())])]

    def _expected_failed_checks(self):
        # scikit-learn's own FeatureUnion expects these: fit stores the fitted transformers.
        reason = "FeatureUnion stores the fitted transformers in `transformer_list`."
        return {
            "check_dont_overwrite_parameters": reason,
            "check_estimators_overwrite_params": reason,
        }

    def set_output(self, *, transform=None):
        """Set the output container of the union and of every transformer.

        Returns
        -------
        self : FeatureUnion
        """
        super().set_output(transform=transform)
        for _, step, _ in self._iter():
            _safe_set_output(step, transform=transform)
        return self

    @property
    def named_transformers(self):
        """The transformers as a Bunch (attribute access by name)."""
        return Bunch(**dict(self.transformer_list))

    def get_params(self, deep=True):
        """Parameters of the union and, with ``deep``, of its transformers.

        Returns
        -------
        params : dict
        """
        return self._get_params("transformer_list", deep=deep)

    def set_params(self, **kwargs):
        """Set parameters, replace transformers by name, or set ``name__param``.

        Returns
        -------
        self : FeatureUnion
        """
        self._set_params("transformer_list", **kwargs)
        return self

    def _validate_transformers(self):
        names, transformers = zip(*self.transformer_list)
        self._validate_names(names)
        for t in transformers:
            if isinstance(t, str) and t in ("drop", "passthrough"):
                continue
            if not (hasattr(t, "fit") or hasattr(t, "fit_transform")) or not hasattr(
                t, "transform"
            ):
                raise TypeError(
                    f"All estimators should implement fit and transform. '{t}' (type "
                    f"{type(t)}) doesn't"
                )

    def _validate_transformer_weights(self):
        if not self.transformer_weights:
            return
        names = {name for name, _ in self.transformer_list}
        for name in self.transformer_weights:
            if name not in names:
                raise ValueError(
                    f'Attempting to weight transformer "{name}", but it is not present in '
                    "transformer_list."
                )

    def _iter(self):
        from .preprocessing import FunctionTransformer

        get_weight = (self.transformer_weights or {}).get
        for name, trans in self.transformer_list:
            if _is_drop(trans):
                continue
            if isinstance(trans, str) and trans == "passthrough":
                trans = FunctionTransformer(feature_names_out="one-to-one")
            yield name, trans, get_weight(name)

    def get_feature_names_out(self, input_features=None):
        """Output feature names of all transformers (prefixed with their names).

        Parameters
        ----------
        input_features : array-like of str, default=None

        Returns
        -------
        feature_names_out : ndarray of str objects
        """
        out = []
        for name, trans, _ in self._iter():
            if not hasattr(trans, "get_feature_names_out"):
                raise AttributeError(
                    f"Transformer {name} (type {type(trans).__name__}) does not provide "
                    "get_feature_names_out."
                )
            out.append((name, trans.get_feature_names_out(input_features)))
        combine = _double_underscore if self.verbose_feature_names_out else None
        return _add_prefix_for_feature_names_out(combine, out)

    def _log_message(self, name, idx, total):
        if not self.verbose:
            return None
        return f"(step {idx} of {total}) Processing {name}"

    def _parallel_func(self, X, y, func, params):
        self.transformer_list = list(self.transformer_list)
        self._validate_transformers()
        self._validate_transformer_weights()
        transformers = list(self._iter())
        for pname in params:
            if "__" not in pname:
                raise ValueError(
                    f"FeatureUnion.fit does not accept the {pname} parameter. Pass "
                    "parameters to specific transformers with the name__parameter format."
                )
        routed = {name: {"fit": {}, "fit_transform": {}} for name, _, _ in transformers}
        for pname, pval in params.items():
            step, param = pname.split("__", 1)
            routed[step]["fit"][param] = pval
            routed[step]["fit_transform"][param] = pval
        calls = [
            (
                (transformer, X, y, weight),
                {
                    "message_clsname": "FeatureUnion",
                    "message": self._log_message(name, idx, len(transformers)),
                    "params": routed[name],
                },
            )
            for idx, (name, transformer, weight) in enumerate(transformers, 1)
        ]
        return _run(self.n_jobs, func, calls)

    def fit(self, X, y=None, **fit_params):
        """Fit every transformer on X.

        Parameters
        ----------
        X : iterable or array-like
        y : array-like, default=None
        **fit_params : dict
            ``name__param`` parameters for the transformers' ``fit``.

        Returns
        -------
        self : FeatureUnion
        """
        self._validate_params()
        transformers = self._parallel_func(X, y, _fit_one, fit_params)
        if not transformers:
            return self
        self._update_transformer_list(transformers)
        return self

    def fit_transform(self, X, y=None, **params):
        """Fit every transformer and concatenate their outputs.

        Returns
        -------
        X_t : {ndarray, sparse matrix} of shape (n_samples, sum of n_components)
        """
        self._validate_params()
        results = self._parallel_func(X, y, _fit_transform_one, params)
        if not results:
            return np.zeros((X.shape[0], 0))
        Xs, transformers = zip(*results)
        self._update_transformer_list(transformers)
        return _hstack_outputs(self, Xs)

    def transform(self, X, **params):
        """Transform X with every transformer and concatenate the outputs.

        Returns
        -------
        X_t : {ndarray, sparse matrix} of shape (n_samples, sum of n_components)
        """
        check_is_fitted(self)
        calls = [((trans, X, None, weight), {}) for _, trans, weight in self._iter()]
        Xs = _run(self.n_jobs, _transform_one, calls)
        if not Xs:
            return np.zeros((X.shape[0], 0))
        return _hstack_outputs(self, Xs)

    def _update_transformer_list(self, transformers):
        transformers = iter(transformers)
        self.transformer_list[:] = [
            (name, old if _is_drop(old) else next(transformers))
            for name, old in self.transformer_list
        ]

    @property
    def n_features_in_(self):
        """Number of features seen during fit (by the first transformer)."""
        return self.transformer_list[0][1].n_features_in_

    @property
    def feature_names_in_(self):
        """Names of the features seen during fit (by the first transformer)."""
        return self.transformer_list[0][1].feature_names_in_

    def __sklearn_is_fitted__(self):
        try:
            for _, transformer, _ in self._iter():
                check_is_fitted(transformer)
        except NotFittedError:
            return False
        return True

    def __getitem__(self, name):
        """The transformer of that name."""
        if not isinstance(name, str):
            raise KeyError("Only string keys are supported")
        return self.named_transformers[name]

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        try:
            tags.input_tags.sparse = all(
                get_tags(trans).input_tags.sparse
                for _, trans in self.transformer_list
                if not (isinstance(trans, str) and trans in ("drop", "passthrough"))
            )
            tags.input_tags.allow_nan = all(
                get_tags(trans).input_tags.allow_nan
                for _, trans in self.transformer_list
                if not (isinstance(trans, str) and trans in ("drop", "passthrough"))
            )
        except Exception:
            pass
        return tags


def make_union(*transformers, n_jobs=None, verbose=False):
    """A FeatureUnion whose transformers are named after their classes (lowercase).

    Parameters
    ----------
    *transformers : list of estimators
    n_jobs : int, default=None
    verbose : bool, default=False

    Returns
    -------
    f : FeatureUnion

    Examples
    --------
    >>> from aiguille.pipeline import make_union
    >>> from aiguille.preprocessing import MinMaxScaler, StandardScaler
    >>> union = make_union(StandardScaler(), MinMaxScaler())
    >>> [name for name, _ in union.transformer_list]
    ['standardscaler', 'minmaxscaler']
    """
    return FeatureUnion(_name_estimators(transformers), n_jobs=n_jobs, verbose=verbose)
