"""``set_output(transform="pandas")``: wrap ``transform`` outputs into DataFrames."""

import functools

from .._config import get_config


def _output_config(estimator):
    est_config = getattr(estimator, "_sklearn_output_config", {})
    dense = est_config.get("transform", get_config()["transform_output"])
    return dense


def _wrap_data(estimator, method, data_to_wrap, original_input):
    if isinstance(data_to_wrap, tuple):
        return (
            _wrap_data(estimator, method, data_to_wrap[0], original_input),
            *data_to_wrap[1:],
        )
    if _output_config(estimator) != "pandas":
        return data_to_wrap
    import pandas as pd

    if hasattr(data_to_wrap, "tocsr"):
        raise ValueError(
            "Pandas output does not support sparse data. Set sparse_output=False or call "
            "set_output(transform='default')."
        )
    columns = estimator.get_feature_names_out()
    index = original_input.index if isinstance(original_input, pd.DataFrame) else None
    if isinstance(data_to_wrap, pd.DataFrame):
        data_to_wrap = data_to_wrap.copy(deep=False)
        data_to_wrap.columns = columns
        if index is not None:
            data_to_wrap.index = index
        return data_to_wrap
    return pd.DataFrame(data_to_wrap, index=index, columns=columns, copy=False)


def _wrap_method(method_name, f):
    @functools.wraps(f)
    def wrapped(self, X, *args, **kwargs):
        return _wrap_data(self, method_name, f(self, X, *args, **kwargs), X)

    wrapped._aiguille_output_wrapped = True
    return wrapped


def wrap_transform_methods(cls):
    """Wrap ``transform``/``fit_transform`` defined on ``cls`` (called at class creation)."""
    if not hasattr(cls, "get_feature_names_out"):
        return
    for name in ("transform", "fit_transform"):
        f = cls.__dict__.get(name)
        if f is None or getattr(f, "_aiguille_output_wrapped", False):
            continue
        setattr(cls, name, _wrap_method(name, f))


def set_output(estimator, *, transform=None):
    """Store the output choice on ``estimator`` (used by ``TransformerMixin.set_output``)."""
    if transform is None:
        return estimator
    if transform not in ("default", "pandas"):
        raise ValueError(
            f"transform must be 'default', 'pandas' or None. Got {transform!r} instead."
        )
    if not hasattr(estimator, "get_feature_names_out"):
        raise AttributeError(
            f"{type(estimator).__name__} does not implement get_feature_names_out, so its "
            "output cannot be named: set_output is not available."
        )
    if not hasattr(estimator, "_sklearn_output_config"):
        estimator._sklearn_output_config = {}
    estimator._sklearn_output_config["transform"] = transform
    return estimator
