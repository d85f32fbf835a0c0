"""Missing-value markers shared by the encoders and the imputers."""

import math

import numpy as np

__all__ = []


def _is_scalar_nan(x):
    """True for a Python or numpy float that is NaN; False for anything else (None, str, int)."""
    return isinstance(x, float | np.floating) and math.isnan(x)
