"""Meta-estimators that compose transformers: ColumnTransformer and its helpers."""

from ._column_transformer import (
    ColumnTransformer,
    make_column_selector,
    make_column_transformer,
)

__all__ = ["ColumnTransformer", "make_column_selector", "make_column_transformer"]
