"""``available_if``: a method that exists only when a check on the instance passes.

``hasattr(obj, name)`` is then truthful, which meta-estimators (Pipeline, searches) and
scikit-learn's checks rely on: a Pipeline has ``predict_proba`` only if its last step has.
"""

from functools import update_wrapper, wraps
from types import MethodType


class _AvailableIfDescriptor:
    def __init__(self, fn, check, attribute_name):
        self.fn = fn
        self.check = check
        self.attribute_name = attribute_name
        update_wrapper(self, fn)

    def _check(self, obj, owner):
        attr_err = AttributeError(
            f"This {owner.__name__!r} has no attribute {self.attribute_name!r}"
        )
        try:
            ok = self.check(obj)
        except AttributeError as e:
            raise attr_err from e
        if not ok:
            raise attr_err

    def __get__(self, obj, owner=None):
        if obj is not None:
            self._check(obj, owner=owner)
            return MethodType(self.fn, obj)

        @wraps(self.fn)
        def out(*args, **kwargs):
            self._check(args[0], owner=owner)
            return self.fn(*args, **kwargs)

        return out


def available_if(check):
    """Decorator: the method is available when ``check(self)`` is true (and raises no
    AttributeError)."""
    return lambda fn: _AvailableIfDescriptor(fn, check, attribute_name=fn.__name__)
