"""A readable ``repr`` for estimators: only parameters that differ from their default."""

import inspect

import numpy as np


def _changed_params(estimator):
    params = estimator.get_params(deep=False)
    init = getattr(estimator.__init__, "deprecated_original", estimator.__init__)
    defaults = {
        name: p.default
        for name, p in inspect.signature(init).parameters.items()
        if p.default is not inspect.Parameter.empty
    }
    changed = {}
    for k, v in params.items():
        if k not in defaults:
            changed[k] = v
            continue
        d = defaults[k]
        if v is d:
            continue
        if isinstance(v, np.ndarray) or isinstance(d, np.ndarray):
            changed[k] = v
            continue
        if hasattr(v, "get_params") or hasattr(d, "get_params"):
            if repr(v) != repr(d):
                changed[k] = v
            continue
        try:
            same = bool(v == d) or (v != v and d != d)
        except Exception:
            same = False
        if (
            not same
            or type(v) is not type(d)
            and not (isinstance(v, int | float) and isinstance(d, int | float))
        ):
            changed[k] = v
    return changed


def estimator_repr(estimator, n_char_max=700):
    """``ClassName(param=value, ...)`` with changed parameters only, shortened if long."""
    items = ", ".join(f"{k}={v!r}" for k, v in sorted(_changed_params(estimator).items()))
    out = f"{type(estimator).__name__}({items})"
    if len(out) > n_char_max:
        half = n_char_max // 2
        out = out[:half] + "..." + out[-half:]
    return out
