"""Estimator tags: what an estimator accepts and is.

aiguille keeps its own copy of scikit-learn's tag dataclasses (same field names, same
defaults) so that nothing here needs scikit-learn. ``BaseEstimator.__sklearn_tags__``
converts them to scikit-learn's classes when scikit-learn asks.
"""

import dataclasses
from dataclasses import dataclass, field


@dataclass(slots=True)
class InputTags:
    one_d_array: bool = False
    two_d_array: bool = True
    three_d_array: bool = False
    sparse: bool = False
    categorical: bool = False
    string: bool = False
    dict: bool = False
    positive_only: bool = False
    allow_nan: bool = False
    pairwise: bool = False


@dataclass(slots=True)
class TargetTags:
    required: bool
    one_d_labels: bool = False
    two_d_labels: bool = False
    positive_only: bool = False
    multi_output: bool = False
    single_output: bool = True


@dataclass(slots=True)
class TransformerTags:
    preserves_dtype: list = field(default_factory=lambda: ["float64"])


@dataclass(slots=True)
class ClassifierTags:
    poor_score: bool = False
    multi_class: bool = True
    multi_label: bool = False


@dataclass(slots=True)
class RegressorTags:
    poor_score: bool = False


@dataclass(slots=True)
class Tags:
    estimator_type: str | None
    target_tags: TargetTags
    transformer_tags: TransformerTags | None = None
    classifier_tags: ClassifierTags | None = None
    regressor_tags: RegressorTags | None = None
    array_api_support: bool = False
    no_validation: bool = False
    non_deterministic: bool = False
    requires_fit: bool = True
    _skip_test: bool = False
    input_tags: InputTags = field(default_factory=InputTags)


_SUBTAGS = {
    "target_tags": TargetTags,
    "transformer_tags": TransformerTags,
    "classifier_tags": ClassifierTags,
    "regressor_tags": RegressorTags,
    "input_tags": InputTags,
}


def _convert(tags, classes):
    """Copy a Tags object field by field into the given family of classes."""
    kwargs = {}
    for f in dataclasses.fields(classes["Tags"]):
        value = getattr(tags, f.name, None)
        if f.name in _SUBTAGS and value is not None:
            sub_cls = classes[_SUBTAGS[f.name].__name__]
            value = sub_cls(
                **{
                    sf.name: getattr(value, sf.name)
                    for sf in dataclasses.fields(sub_cls)
                    if hasattr(value, sf.name)
                }
            )
        elif f.name == "input_tags" and value is None:
            continue
        kwargs[f.name] = value
    return classes["Tags"](**kwargs)


def to_sklearn_tags(tags):
    """Convert aiguille tags into scikit-learn's ``Tags`` (scikit-learn must be loaded)."""
    from sklearn.utils import _tags as sk

    return _convert(tags, {name: getattr(sk, name) for name in ("Tags", *_class_names())})


def _class_names():
    return [cls.__name__ for cls in _SUBTAGS.values()]


def get_tags(estimator):
    """Tags of any estimator: aiguille's, scikit-learn's (converted) or defaults.

    Parameters
    ----------
    estimator : estimator instance

    Returns
    -------
    tags : Tags
    """
    if hasattr(estimator, "_aiguille_tags"):
        return estimator._aiguille_tags()
    if hasattr(estimator, "__sklearn_tags__"):
        return _convert(
            estimator.__sklearn_tags__(),
            {"Tags": Tags, **{cls.__name__: cls for cls in _SUBTAGS.values()}},
        )
    return default_tags(estimator)


def default_tags(estimator):
    """Tags for an object that declares none."""
    return Tags(
        estimator_type=getattr(estimator, "_estimator_type", None),
        target_tags=TargetTags(required=False),
        transformer_tags=TransformerTags() if hasattr(estimator, "transform") else None,
    )
