"""Declarative constraints on constructor parameters, checked at the start of ``fit``.

Each estimator declares ``_parameter_constraints = {"tol": [Interval(Real, 0, None,
closed="left")], ...}``; ``BaseEstimator._validate_params`` checks them with one error
template, scikit-learn's::

    The 'tol' parameter of KMeans must be a float in the range [0.0, inf). Got -1 instead.
"""

import math
from numbers import Integral, Real

import numpy as np

from .._config import get_config

__all__ = [
    "HasMethods",
    "Interval",
    "InvalidParameterError",
    "Options",
    "StrOptions",
    "validate_params",
    "validate_parameter_constraints",
]


class InvalidParameterError(ValueError, TypeError):
    """A parameter has an invalid type or value (a ``ValueError`` and a ``TypeError``)."""


class _Constraint:
    hidden = False

    def is_satisfied_by(self, val):  # pragma: no cover - abstract
        raise NotImplementedError

    def __str__(self):  # pragma: no cover - abstract
        raise NotImplementedError


class Interval(_Constraint):
    """A numeric range. ``type`` is ``Integral``, ``Real`` or ``"real_not_int"``.

    ``closed`` is one of "left", "right", "both", "neither"; ``None`` bounds are infinite.
    """

    def __init__(self, type, left, right, *, closed):
        if closed not in ("left", "right", "both", "neither"):
            raise ValueError(f"closed must be 'left', 'right', 'both' or 'neither', got {closed}")
        self.type, self.left, self.right, self.closed = type, left, right, closed

    def _type_ok(self, val):
        if self.type == "real_not_int":
            return isinstance(val, Real) and not isinstance(val, Integral | bool | np.bool_)
        if isinstance(val, bool | np.bool_):
            return False
        return isinstance(val, self.type)

    def is_satisfied_by(self, val):
        if not self._type_ok(val):
            return False
        if isinstance(val, Real) and math.isnan(val):
            return False
        left_ok = self.left is None or (
            val >= self.left if self.closed in ("left", "both") else val > self.left
        )
        right_ok = self.right is None or (
            val <= self.right if self.closed in ("right", "both") else val < self.right
        )
        return left_ok and right_ok

    def __str__(self):
        kind = "an int" if self.type is Integral else "a float"
        left_b = "[" if self.closed in ("left", "both") and self.left is not None else "("
        right_b = "]" if self.closed in ("right", "both") and self.right is not None else ")"
        conv = int if self.type is Integral else float
        left = "-inf" if self.left is None else conv(self.left)
        right = "inf" if self.right is None else conv(self.right)
        return f"{kind} in the range {left_b}{left}, {right}{right_b}"


class Options(_Constraint):
    """A value of ``type`` among ``options``; ``deprecated`` options are still accepted."""

    def __init__(self, type, options, *, deprecated=None):
        self.type, self.options = type, options
        self.deprecated = deprecated or set()

    def is_satisfied_by(self, val):
        return isinstance(val, self.type) and val in self.options

    def _fmt(self, o):
        return f"{o!r} (deprecated)" if o in self.deprecated else f"{o!r}"

    def __str__(self):
        return f"a {self.type.__name__} among {{{', '.join(self._fmt(o) for o in self.options)}}}"


class StrOptions(Options):
    """A string among ``options``."""

    def __init__(self, options, *, deprecated=None):
        super().__init__(str, options, deprecated=deprecated)

    def __str__(self):
        opts = ", ".join(self._fmt(o) for o in sorted(self.options))
        return f"a str among {{{opts}}}"


class HasMethods(_Constraint):
    """An object that has all of the named methods."""

    def __init__(self, methods):
        self.methods = [methods] if isinstance(methods, str) else list(methods)

    def is_satisfied_by(self, val):
        return all(callable(getattr(val, m, None)) for m in self.methods)

    def __str__(self):
        if len(self.methods) == 1:
            return f"an object implementing {self.methods[0]!r}"
        names = ", ".join(repr(m) for m in self.methods[:-1])
        return f"an object implementing {names} and {self.methods[-1]!r}"


class Hidden:
    """Wraps a constraint so that it is accepted but not advertised in error messages."""

    def __init__(self, constraint):
        self.constraint = constraint


class _InstanceOf(_Constraint):
    def __init__(self, type):
        self.type = type

    def is_satisfied_by(self, val):
        return isinstance(val, self.type)

    def __str__(self):
        t = self.type
        name = t.__qualname__ if t.__module__ == "builtins" else f"{t.__module__}.{t.__qualname__}"
        return f"an instance of {name!r}"


class _Named(_Constraint):
    def __init__(self, name, check, text):
        self.name, self._check, self._text = name, check, text

    def is_satisfied_by(self, val):
        return self._check(val)

    def __str__(self):
        return self._text


def _is_arraylike(x):
    if isinstance(x, str | bytes):  # scikit-learn's "array-like" excludes scalars and strings
        return False
    return hasattr(x, "__len__") or hasattr(x, "shape") or hasattr(x, "__array__")


def _is_sparse(x):
    return hasattr(x, "tocsr") and hasattr(x, "nnz")


def _is_random_state(x):
    return x is None or isinstance(x, Integral | np.random.RandomState | np.random.Generator)


def _is_cv(x):
    return (
        x is None
        or (isinstance(x, Integral) and not isinstance(x, bool) and x >= 2)
        or hasattr(x, "split")
        or (hasattr(x, "__iter__") and not isinstance(x, str))
    )


_NAMED = {
    "array-like": _Named("array-like", _is_arraylike, "an array-like"),
    "sparse matrix": _Named("sparse matrix", _is_sparse, "a sparse matrix"),
    "random_state": _Named(
        "random_state", _is_random_state, "an int, a numpy.random.RandomState instance or None"
    ),
    "boolean": _Named(
        "boolean", lambda x: isinstance(x, bool | np.bool_), "an instance of 'bool'"
    ),
    "verbose": _Named(
        "verbose", lambda x: isinstance(x, Integral | bool | np.bool_), "an int or a bool"
    ),
    "cv_object": _Named(
        "cv_object",
        _is_cv,
        "an int in the range [2, inf), an object implementing 'split', an iterable or None",
    ),
    "nan": _Named(
        "nan",
        lambda x: isinstance(x, Real) and math.isnan(x) and not isinstance(x, Integral),
        "nan",
    ),
    "missing_values": _Named(
        "missing_values",
        lambda x: (
            x is None or isinstance(x, Integral | str) or (isinstance(x, Real) and math.isnan(x))
        ),
        "an int, a str, nan or None",
    ),
}
_NONE = _Named("None", lambda x: x is None, "None")
_CALLABLE = _Named("callable", callable, "a callable")


def make_constraint(constraint):
    """Turn a declaration ("array-like", None, int, callable, ...) into a constraint object."""
    if isinstance(constraint, _Constraint):
        return constraint
    if constraint is None:
        return _NONE
    if constraint is callable:
        return _CALLABLE
    if isinstance(constraint, str):
        return _NAMED[constraint]
    if isinstance(constraint, type):
        return _InstanceOf(constraint)
    raise ValueError(f"Unknown constraint type: {constraint!r}")


def _describe(constraints):
    texts = [str(c) for c in constraints]
    if len(texts) == 1:
        return texts[0]
    return f"{', '.join(texts[:-1])} or {texts[-1]}"


def validate_parameter_constraints(parameter_constraints, params, caller_name):
    """Check ``params`` against ``parameter_constraints``; raise with scikit-learn's wording.

    Parameters
    ----------
    parameter_constraints : dict or "no_validation"
        Parameter name -> list of constraints, or "no_validation" to skip one parameter.
    params : dict
    caller_name : str
        Estimator class or function name for the message.
    """
    for name, value in params.items():
        if name not in parameter_constraints:
            continue
        declared = parameter_constraints[name]
        if declared == "no_validation":
            continue
        visible, hidden = [], []
        for c in declared:
            if isinstance(c, Hidden):
                hidden.append(make_constraint(c.constraint))
            else:
                visible.append(make_constraint(c))
        if any(c.is_satisfied_by(value) for c in visible + hidden):
            continue
        raise InvalidParameterError(
            f"The {name!r} parameter of {caller_name} must be {_describe(visible)}. "
            f"Got {value!r} instead."
        )


def validate_params(parameter_constraints, *, prefer_skip_nested_validation=True):
    """Decorator validating a public function's arguments against constraints."""
    import functools
    import inspect

    def decorator(func):
        sig = inspect.signature(func)

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            if not get_config()["skip_parameter_validation"]:
                bound = sig.bind(*args, **kwargs)
                bound.apply_defaults()
                validate_parameter_constraints(
                    parameter_constraints, bound.arguments, f"{func.__qualname__}"
                )
            return func(*args, **kwargs)

        return wrapper

    return decorator
