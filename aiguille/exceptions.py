"""Exceptions and warnings raised by aiguille.

``NotFittedError`` derives from scikit-learn's ``NotFittedError`` too when scikit-learn is
loaded, so code written against either library catches it.
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


_interop_error_class = None


def _not_fitted_error_class():
    """The class to raise: ours, or a subclass of ours and scikit-learn's when it is loaded.

    scikit-learn is never imported here: only when the caller has already loaded it.
    """
    global _interop_error_class
    if "sklearn" not in sys.modules or sys.modules["sklearn"] is None:
        return NotFittedError
    if _interop_error_class is None:
        from sklearn.exceptions import NotFittedError as SkNotFittedError

        _interop_error_class = type(
            "_InteropNotFittedError",
            (NotFittedError, SkNotFittedError),
            {"__module__": __name__, "__doc__": NotFittedError.__doc__},
        )
        # Reachable by name so that the error pickles across processes.
        globals()["_InteropNotFittedError"] = _interop_error_class
    return _interop_error_class


def __getattr__(name):
    # Unpickling the interop error in a process that has not built it yet.
    if name == "_InteropNotFittedError":
        import sklearn  # noqa: F401  (the pickled error came from a process that had it)

        return _not_fitted_error_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
