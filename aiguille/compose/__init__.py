"""Meta-estimators that compose transformers: ColumnTransformer and its helpers."""

from ._column_transformer import (
    ColumnTransformer,
    make_column_selector,
    make_column_transformer,
)
from ._target import TransformedTargetRegressor

__all__ = [
    "ColumnTransformer",
    "TransformedTargetRegressor",
    "make_column_selector",
    "make_column_transformer",
]
