"""Base classes for all estimators, ``clone``, and the mixins that give them their role.

Conventions (scikit-learn's): the constructor stores each parameter as given; ``fit``
validates the parameters (``_parameter_constraints``) and data, learns attributes ending
in ``_`` and returns ``self``.
"""

import copy
import inspect
from collections import defaultdict

import numpy as np

from ._config import get_config
from .utils._param_validation import validate_parameter_constraints
from .utils._tags import (
    ClassifierTags,
    RegressorTags,
    Tags,
    TargetTags,
    TransformerTags,
    get_tags,
    to_sklearn_tags,
)

__all__ = [
    "BaseEstimator",
    "ClassifierMixin",
    "ClusterMixin",
    "MetaEstimatorMixin",
    "OneToOneFeatureMixin",
    "ClassNamePrefixFeaturesOutMixin",
    "RegressorMixin",
    "TransformerMixin",
    "clone",
    "is_classifier",
    "is_clusterer",
    "is_regressor",
]


def clone(estimator, *, safe=True):
    """A new unfitted estimator with the same parameters.

    Works on aiguille and scikit-learn estimators, and on lists, tuples and sets of them.
    Parameters that are estimators are cloned too; other parameters are deep-copied.

    Parameters
    ----------
    estimator : estimator instance, or list, tuple, set of them
    safe : bool, default=True
        If False, objects that are not estimators are deep-copied instead of refused.

    Returns
    -------
    estimator : object

    Examples
    --------
    >>> from aiguille.base import clone
    >>> from aiguille.preprocessing import StandardScaler
    >>> clone(StandardScaler(with_mean=False))
    StandardScaler(with_mean=False)
    """
    if hasattr(estimator, "__sklearn_clone__") and not inspect.isclass(estimator):
        return estimator.__sklearn_clone__()
    return _clone_parametrized(estimator, safe=safe)


def _clone_parametrized(estimator, *, safe=True):
    if isinstance(estimator, dict):
        return {k: clone(v, safe=safe) for k, v in estimator.items()}
    if isinstance(estimator, list | tuple | set | frozenset):
        return type(estimator)([clone(e, safe=safe) for e in estimator])
    if not hasattr(estimator, "get_params") or isinstance(estimator, type):
        if not safe:
            return copy.deepcopy(estimator)
        if isinstance(estimator, type):
            raise TypeError(
                f"Cannot clone object {estimator!r}: it is a class, not an instance. "
                "Pass an instance, e.g. KMeans() rather than KMeans."
            )
        raise TypeError(
            f"Cannot clone object {estimator!r} (type {type(estimator)}): it does not seem "
            "to be an estimator, as it does not implement a 'get_params' method."
        )
    klass = estimator.__class__
    new_params = {
        name: clone(param, safe=False) for name, param in estimator.get_params(deep=False).items()
    }
    new_object = klass(**new_params)
    try:
        new_object._metadata_request = copy.deepcopy(estimator._metadata_request)
    except AttributeError:
        pass
    params_set = new_object.get_params(deep=False)
    for name in new_params:
        if new_params[name] is not params_set[name] and not _same_scalar(
            new_params[name], params_set[name]
        ):
            raise RuntimeError(
                f"Cannot clone object {estimator}, as the constructor either does not set or "
                f"modifies parameter {name}"
            )
    if hasattr(estimator, "_sklearn_output_config"):
        new_object._sklearn_output_config = copy.deepcopy(estimator._sklearn_output_config)
    return new_object


def _same_scalar(a, b):
    try:
        return type(a) is type(b) and np.isscalar(a) and (a == b or (a != a and b != b))
    except Exception:
        return False


class BaseEstimator:
    """Base class for all estimators: parameters, repr, tags, validation hooks.

    Subclasses list every parameter explicitly in ``__init__`` (no ``*args``/``**kwargs``)
    and store each one unchanged under its own name.
    """

    _parameter_constraints: dict = {}

    @classmethod
    def _get_param_names(cls):
        init = getattr(cls.__init__, "deprecated_original", cls.__init__)
        if init is object.__init__:
            return []
        sig = inspect.signature(init)
        params = [
            p for p in sig.parameters.values() if p.name != "self" and p.kind != p.VAR_KEYWORD
        ]
        for p in params:
            if p.kind == p.VAR_POSITIONAL:
                raise RuntimeError(
                    f"aiguille estimators should always specify their parameters in the "
                    f"signature of their __init__ (no varargs). {cls} with constructor "
                    f"{sig} doesn't follow this convention."
                )
        return sorted(p.name for p in params)

    def get_params(self, deep=True):
        """Parameters of this estimator.

        Parameters
        ----------
        deep : bool, default=True
            Also return the parameters of contained estimators, as ``step__param``.

        Returns
        -------
        params : dict
        """
        out = {}
        for key in self._get_param_names():
            value = getattr(self, key)
            if deep and hasattr(value, "get_params") and not isinstance(value, type):
                out.update((f"{key}__{k}", v) for k, v in value.get_params().items())
            out[key] = value
        return out

    def set_params(self, **params):
        """Set parameters, including nested ones (``step__param``).

        Returns
        -------
        self : estimator instance
        """
        if not params:
            return self
        valid_params = self.get_params(deep=True)
        nested_params = defaultdict(dict)
        for key, value in params.items():
            key, delim, sub_key = key.partition("__")
            if key not in valid_params:
                local_valid = self._get_param_names()
                raise ValueError(
                    f"Invalid parameter {key!r} for estimator {self}. "
                    f"Valid parameters are: {local_valid!r}."
                )
            if delim:
                nested_params[key][sub_key] = value
            else:
                setattr(self, key, value)
                valid_params[key] = value
        for key, sub_params in nested_params.items():
            valid_params[key].set_params(**sub_params)
        return self

    def __sklearn_clone__(self):
        return _clone_parametrized(self)

    def __repr__(self, N_CHAR_MAX=700):
        from .utils._repr import estimator_repr

        return estimator_repr(self, N_CHAR_MAX)

    def __getstate__(self):
        state = self.__dict__.copy()
        if type(self).__module__.startswith("aiguille."):
            from . import __version__

            state["_aiguille_version"] = __version__
        return state

    def __setstate__(self, state):
        state.pop("_aiguille_version", None)
        self.__dict__.update(state)

    # -- tags ------------------------------------------------------------------------------
    def _aiguille_tags(self):
        """aiguille's tags; subclasses extend ``super()._aiguille_tags()``."""
        return Tags(
            estimator_type=None,
            target_tags=TargetTags(required=False),
            transformer_tags=None,
            regressor_tags=None,
            classifier_tags=None,
        )

    def __sklearn_tags__(self):
        # Only scikit-learn calls this, so scikit-learn is already loaded.
        return to_sklearn_tags(self._aiguille_tags())

    # -- validation ------------------------------------------------------------------------
    def _validate_params(self):
        """Check the constructor parameters against ``_parameter_constraints``."""
        if get_config()["skip_parameter_validation"]:
            return
        validate_parameter_constraints(
            self._parameter_constraints,
            self.get_params(deep=False),
            caller_name=self.__class__.__name__,
        )

    def _more_repr_keys(self):  # pragma: no cover - hook for subclasses
        return ()


class ClassifierMixin:
    """Mixin for classifiers: ``score`` is the accuracy."""

    _estimator_type = "classifier"

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.estimator_type = "classifier"
        tags.classifier_tags = ClassifierTags()
        tags.target_tags.required = True
        return tags

    def score(self, X, y, sample_weight=None):
        """Mean accuracy of ``self.predict(X)`` against ``y``."""
        from .metrics import accuracy_score

        return accuracy_score(y, self.predict(X), sample_weight=sample_weight)


class RegressorMixin:
    """Mixin for regressors: ``score`` is the coefficient of determination R^2."""

    _estimator_type = "regressor"

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.estimator_type = "regressor"
        tags.regressor_tags = RegressorTags()
        tags.target_tags.required = True
        return tags

    def score(self, X, y, sample_weight=None):
        """R^2 of ``self.predict(X)`` against ``y``."""
        from .metrics import r2_score

        return r2_score(y, self.predict(X), sample_weight=sample_weight)


class ClusterMixin:
    """Mixin for clusterers: ``fit_predict`` returns ``labels_``."""

    _estimator_type = "clusterer"

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.estimator_type = "clusterer"
        if tags.transformer_tags is not None:
            tags.transformer_tags.preserves_dtype = []
        return tags

    def fit_predict(self, X, y=None, **kwargs):
        """Fit, then return the cluster label of each sample."""
        self.fit(X, **kwargs)
        return self.labels_


class TransformerMixin:
    """Mixin for transformers: ``fit_transform`` and ``set_output``."""

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.transformer_tags = TransformerTags()
        return tags

    def fit_transform(self, X, y=None, **fit_params):
        """Fit to the data, then transform it."""
        if y is None:
            return self.fit(X, **fit_params).transform(X)
        return self.fit(X, y, **fit_params).transform(X)

    def set_output(self, *, transform=None):
        """Choose the output container of ``transform``: "default", "pandas" or None.

        Returns
        -------
        self : estimator instance
        """
        from .utils._set_output import set_output

        return set_output(self, transform=transform)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        from .utils._set_output import wrap_transform_methods

        wrap_transform_methods(cls)


class OneToOneFeatureMixin:
    """``get_feature_names_out`` for transformers that keep one output per input feature."""

    def get_feature_names_out(self, input_features=None):
        """Output feature names: the input names (or ``x0, x1, ...``)."""
        from .utils.validation import _check_feature_names_in, check_is_fitted

        check_is_fitted(self, "n_features_in_")
        return _check_feature_names_in(self, input_features)


class ClassNamePrefixFeaturesOutMixin:
    """``get_feature_names_out`` as ``<classname><i>`` for ``_n_features_out`` outputs."""

    def get_feature_names_out(self, input_features=None):
        """Output feature names: lowercase class name followed by the output index."""
        from .utils.validation import _check_feature_names_in, check_is_fitted

        check_is_fitted(self, "_n_features_out")
        _check_feature_names_in(self, input_features, generate_names=False)
        prefix = self.__class__.__name__.lower()
        return np.asarray([f"{prefix}{i}" for i in range(self._n_features_out)], dtype=object)


class MetaEstimatorMixin:
    """Marker for estimators that wrap other estimators."""


def is_classifier(estimator):
    """True if ``estimator`` is a classifier (aiguille's or scikit-learn's)."""
    return get_tags(estimator).estimator_type == "classifier"


def is_regressor(estimator):
    """True if ``estimator`` is a regressor (aiguille's or scikit-learn's)."""
    return get_tags(estimator).estimator_type == "regressor"


def is_clusterer(estimator):
    """True if ``estimator`` is a clusterer (aiguille's or scikit-learn's)."""
    return get_tags(estimator).estimator_type == "clusterer"
