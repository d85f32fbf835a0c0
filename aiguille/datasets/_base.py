"""Loaders of the real datasets shipped inside the package (with their credit lines)."""

import csv
from importlib import resources

import numpy as np

from ..utils._bunch import Bunch

__all__ = [
    "load_ai4i",
    "load_digits",
    "load_olivetti_faces",
    "load_sample_image",
    "load_sample_images",
]

_DATA = "aiguille.datasets.data"
_DESCR = "aiguille.datasets.descr"


def _descr(name):
    return resources.files(_DESCR).joinpath(name).read_text(encoding="utf-8")


def _npz(name):
    with resources.files(_DATA).joinpath(name).open("rb") as f:
        with np.load(f) as data:
            return {k: data[k] for k in data.files}


def load_olivetti_faces(*, return_X_y=False):
    """The Olivetti faces: 400 photos of 40 people, 64 x 64 grey levels in [0, 1].

    Parameters
    ----------
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    data : Bunch
        ``data`` float32 (400, 4096), ``images`` float32 (400, 64, 64), ``target`` int
        (400,) the person (0-39, ten photos each, in order), ``DESCR`` with the credit.

    Examples
    --------
    >>> from aiguille.datasets import load_olivetti_faces
    >>> faces = load_olivetti_faces()
    >>> faces.data.shape, faces.data.dtype, faces.target[:12]
    ((400, 4096), dtype('float32'), array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]))
    """
    raw = _npz("olivetti_faces.npz")
    images = raw["images"].astype(np.float32)
    images -= images.min()
    images /= images.max()
    target = raw["target"].astype(np.intp)
    data = images.reshape(len(images), -1)
    if return_X_y:
        return data, target
    return Bunch(data=data, images=images, target=target, DESCR=_descr("olivetti_faces.rst"))


def load_digits(*, n_class=10, return_X_y=False, as_frame=False):
    """The hand-written digits (8 x 8 images), equal to scikit-learn's ``load_digits``.

    Parameters
    ----------
    n_class : int, default=10
        Keep the digits ``0 .. n_class - 1``.
    return_X_y : bool, default=False
    as_frame : bool, default=False
        ``data`` and ``target`` as pandas objects, with ``frame`` holding both.

    Returns
    -------
    data : Bunch
        ``data`` float64 (1797, 64), ``images`` float64 (1797, 8, 8), ``target`` int
        (1797,), ``target_names``, ``feature_names``, ``frame``, ``DESCR``.

    Examples
    --------
    >>> from aiguille.datasets import load_digits
    >>> digits = load_digits()
    >>> digits.data.shape, digits.target[:5]
    ((1797, 64), array([0, 1, 2, 3, 4]))
    """
    raw = _npz("digits.npz")
    images = raw["images"].astype(np.float64)
    target = raw["target"].astype(np.int64)
    if n_class < 10:
        keep = target < n_class
        images, target = images[keep], target[keep]
    data = images.reshape(len(images), -1)
    feature_names = [f"pixel_{i}_{j}" for i in range(8) for j in range(8)]
    frame = None
    if as_frame:
        import pandas as pd

        frame = pd.DataFrame(data, columns=feature_names)
        frame["target"] = target
        data, target = frame[feature_names], frame["target"]
    if return_X_y:
        return data, target
    return Bunch(
        data=data,
        target=target,
        frame=frame,
        feature_names=feature_names,
        target_names=np.arange(10),
        images=images,
        DESCR=_descr("digits.rst"),
    )


_AI4I_FEATURES = [
    "Type",
    "Air temperature [K]",
    "Process temperature [K]",
    "Rotational speed [rpm]",
    "Torque [Nm]",
    "Tool wear [min]",
]
_AI4I_MODES = ["TWF", "HDF", "PWF", "OSF", "RNF"]
_AI4I_TYPES = ["L", "M", "H"]


def load_ai4i(*, as_frame=False, return_X_y=False):
    """The AI4I 2020 predictive-maintenance data: 10,000 machine runs, 339 failures.

    Parameters
    ----------
    as_frame : bool, default=False
        If True, ``data`` is a DataFrame whose ``Type`` column is a pandas category
        (L, M, H) and the targets are Series/DataFrames. If False, ``data`` is a float64
        array whose first column holds the ``Type`` codes 0, 1, 2 for L, M, H
        (``type_categories``), so it can go through numeric estimators directly.
    return_X_y : bool, default=False
        Return ``(data, target)``.

    Returns
    -------
    data : Bunch
        ``data`` (10000, 6), ``target`` the ``Machine failure`` flag (10000,),
        ``failure_modes`` (10000, 5) TWF, HDF, PWF, OSF, RNF, ``feature_names``,
        ``failure_mode_names``, ``type_categories``, ``frame`` (as_frame only), ``DESCR``.

    Examples
    --------
    >>> from aiguille.datasets import load_ai4i
    >>> ai4i = load_ai4i()
    >>> ai4i.data.shape, int(ai4i.target.sum())
    ((10000, 6), 339)
    """
    # The file starts with a UTF-8 byte-order mark: "utf-8-sig" drops it.
    with resources.files(_DATA).joinpath("ai4i2020.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    types = np.array([r["Type"] for r in rows], dtype=object)
    numeric = np.array([[float(r[c]) for c in _AI4I_FEATURES[1:]] for r in rows])
    target = np.array([int(r["Machine failure"]) for r in rows], dtype=np.int64)
    modes = np.array([[int(r[m]) for m in _AI4I_MODES] for r in rows], dtype=np.int64)
    frame = None
    if as_frame:
        import pandas as pd

        data = pd.DataFrame(numeric, columns=_AI4I_FEATURES[1:])
        data.insert(0, "Type", pd.Categorical(types, categories=_AI4I_TYPES))
        target = pd.Series(target, name="Machine failure")
        modes = pd.DataFrame(modes, columns=_AI4I_MODES)
        frame = pd.concat([data, target, modes], axis=1)
    else:
        codes = np.array([_AI4I_TYPES.index(t) for t in types], dtype=np.float64)
        data = np.column_stack([codes, numeric])
    if return_X_y:
        return data, target
    return Bunch(
        data=data,
        target=target,
        failure_modes=modes,
        frame=frame,
        feature_names=list(_AI4I_FEATURES),
        target_names=["Machine failure"],
        failure_mode_names=list(_AI4I_MODES),
        type_categories=list(_AI4I_TYPES),
        DESCR=_descr("ai4i.rst"),
    )


def load_sample_image(image_name):
    """A shipped sample image as a uint8 array of shape (height, width, 3).

    Parameters
    ----------
    image_name : {"astronaut", "astronaut.png"}

    Examples
    --------
    >>> from aiguille.datasets import load_sample_image
    >>> img = load_sample_image("astronaut")
    >>> img.shape, img.dtype
    ((512, 512, 3), dtype('uint8'))
    """
    name = image_name.rsplit(".", 1)[0]
    if name != "astronaut":
        raise AttributeError(
            f"Cannot find sample image: {image_name}. The shipped images are: ['astronaut']."
        )
    return _npz("astronaut.npz")["image"]


def load_sample_images():
    """All shipped sample images: a Bunch with ``images`` (list), ``filenames``, ``DESCR``."""
    return Bunch(
        images=[load_sample_image("astronaut")],
        filenames=["astronaut"],
        DESCR=_descr("astronaut.rst"),
    )
