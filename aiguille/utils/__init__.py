"""Utilities: validation, ``Bunch``, target types, parameter constraints."""

from ._bunch import Bunch
from ._indexing import resample, shuffle
from .multiclass import type_of_target, unique_labels
from .validation import (
    check_array,
    check_consistent_length,
    check_is_fitted,
    check_random_state,
    check_X_y,
    column_or_1d,
)

__all__ = [
    "Bunch",
    "check_array",
    "check_consistent_length",
    "check_is_fitted",
    "check_random_state",
    "check_X_y",
    "column_or_1d",
    "resample",
    "shuffle",
    "type_of_target",
    "unique_labels",
]
