"""Exceptions and warnings raised by aiguille.

``NotFittedError`` and ``DataConversionWarning`` derive from scikit-learn's classes of the
same name too when scikit-learn is loaded, so code written against either library catches
them.
"""

import sys

__all__ = [
    "ConvergenceWarning",
    "DataConversionWarning",
    "DataDimensionalityWarning",
    "EfficiencyWarning",
    "FitFailedWarning",
    "NotFittedError",
    "UndefinedMetricWarning",
]


class NotFittedError(ValueError, AttributeError):
    """Raised when an estimator is used before it is fitted.

    Examples
    --------
    >>> from aiguille.exceptions import NotFittedError
    >>> from aiguille.preprocessing import StandardScaler
    >>> try:
    ...     StandardScaler().transform([[1.0]])
    ... except NotFittedError as exc:
    ...     print(exc)
    This StandardScaler instance is not fitted yet. Call 'fit' with appropriate arguments before using this estimator.
    """  # noqa: E501


class ConvergenceWarning(UserWarning):
    """An iterative solver stopped before it converged (``n_iter_ == max_iter``)."""


class DataConversionWarning(UserWarning):
    """The input data was converted implicitly (for example a column-vector ``y``)."""


class DataDimensionalityWarning(UserWarning):
    """Dimensionality of the data is unusual for the method."""


class EfficiencyWarning(UserWarning):
    """The computation will be inefficient with these settings."""


class FitFailedWarning(RuntimeWarning):
    """A fit raised during cross-validation and ``error_score`` was numeric."""


class UndefinedMetricWarning(UserWarning):
    """A metric is ill-defined (for example precision with no predicted positives)."""


def _interop_class(cls):
    """``cls``, or a subclass of ``cls`` and scikit-learn's class of the same name.

    Used for what scikit-learn's tools catch by class (``NotFittedError``,
    ``DataConversionWarning``): when the caller has already loaded scikit-learn, ours is
    raised as a subclass of both. scikit-learn is never imported here otherwise.
    """
    if "sklearn" not in sys.modules or sys.modules["sklearn"] is None:
        return cls
    name = f"_Interop{cls.__name__}"
    klass = globals().get(name)
    if klass is None:
        from sklearn import exceptions as sk_exceptions

        klass = type(
            name,
            (cls, getattr(sk_exceptions, cls.__name__)),
            {"__module__": __name__, "__doc__": cls.__doc__},
        )
        globals()[name] = klass  # reachable by name: pickles across processes
    return klass


def _not_fitted_error_class():
    """The ``NotFittedError`` class to raise (see :func:`_interop_class`)."""
    return _interop_class(NotFittedError)


def __getattr__(name):
    # Unpickling an interop class in a process that has not built it yet.
    if name.startswith("_Interop") and name[8:] in __all__:
        import sklearn  # noqa: F401  (the pickled object came from a process that had it)

        return _interop_class(globals()[name[8:]])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
