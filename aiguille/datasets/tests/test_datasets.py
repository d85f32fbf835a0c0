"""Datasets against scikit-learn's: generators draw for draw, loaders value for value."""

import numpy as np
import pytest

from aiguille import datasets
from aiguille.utils._testing import require


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("make_classification", dict(n_samples=200, random_state=0)),
        (
            "make_classification",
            dict(
                n_samples=150,
                n_features=8,
                n_informative=4,
                n_redundant=1,
                n_repeated=1,
                n_classes=3,
                weights=[0.2, 0.3],
                flip_y=0.05,
                hypercube=False,
                shift=None,
                scale=None,
                random_state=3,
            ),
        ),
        (
            "make_classification",
            dict(
                n_samples=100,
                n_features=40,
                n_informative=35,
                n_redundant=0,
                n_classes=4,
                random_state=1,
            ),
        ),
        ("make_blobs", dict(n_samples=101, centers=4, n_features=3, random_state=1)),
        (
            "make_blobs",
            dict(n_samples=[10, 20], cluster_std=[0.5, 2.0], random_state=2, return_centers=True),
        ),
        (
            "make_regression",
            dict(n_samples=80, n_features=6, noise=0.5, random_state=0, coef=True),
        ),
        (
            "make_regression",
            dict(n_samples=30, n_features=10, effective_rank=3, n_targets=2, random_state=4),
        ),
        ("make_moons", dict(n_samples=77, noise=0.1, random_state=0)),
        ("make_circles", dict(n_samples=(30, 20), noise=0.05, factor=0.3, random_state=0)),
    ],
)
def test_generators_equal_sklearn(name, kwargs):
    skd = require("sklearn.datasets")
    ours = getattr(datasets, name)(**kwargs)
    ref = getattr(skd, name)(**kwargs)
    assert len(ours) == len(ref)
    for a, b in zip(ours, ref):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)


def test_load_digits_equals_sklearn():
    skd = require("sklearn.datasets")
    ours, ref = datasets.load_digits(), skd.load_digits()
    for key in ("data", "target", "images", "target_names", "feature_names"):
        np.testing.assert_array_equal(np.asarray(ours[key]), np.asarray(ref[key]))
    assert ours.data.dtype == ref.data.dtype
    X5, y5 = datasets.load_digits(n_class=5, return_X_y=True)
    Xr, yr = skd.load_digits(n_class=5, return_X_y=True)
    np.testing.assert_array_equal(X5, Xr)
    np.testing.assert_array_equal(y5, yr)
    assert "CC BY 4.0" in ours.DESCR


def test_load_digits_as_frame():
    require("pandas")
    b = datasets.load_digits(as_frame=True)
    assert b.frame.shape == (1797, 65)
    assert list(b.data.columns[:2]) == ["pixel_0_0", "pixel_0_1"]


def test_load_olivetti_faces():
    faces = datasets.load_olivetti_faces()
    assert faces.data.shape == (400, 4096) and faces.data.dtype == np.float32
    assert faces.images.shape == (400, 64, 64)
    assert faces.data.min() == 0.0 and faces.data.max() == 1.0
    np.testing.assert_array_equal(np.bincount(faces.target), np.full(40, 10))
    np.testing.assert_array_equal(faces.target[:20], np.repeat([0, 1], 10))
    np.testing.assert_array_equal(faces.images[7].ravel(), faces.data[7])
    assert "AT&T Laboratories Cambridge" in faces.DESCR


def test_load_ai4i_arrays_and_frame():
    b = datasets.load_ai4i()
    assert b.data.shape == (10000, 6) and b.data.dtype == np.float64
    assert int(b.target.sum()) == 339
    assert b.failure_modes.shape == (10000, 5)
    assert set(np.unique(b.data[:, 0])) == {0.0, 1.0, 2.0}
    # first row of the CSV: M, 298.1, 308.6, 1551, 42.8, 0
    np.testing.assert_allclose(b.data[0], [1, 298.1, 308.6, 1551, 42.8, 0])
    assert b.feature_names[0] == "Type"  # the byte-order mark is not part of any name
    assert "Matzka" in b.DESCR
    pd = require("pandas")
    f = datasets.load_ai4i(as_frame=True)
    assert isinstance(f.data, pd.DataFrame) and f.data.shape == (10000, 6)
    assert isinstance(f.data["Type"].dtype, pd.CategoricalDtype)
    assert list(f.data["Type"].cat.categories) == ["L", "M", "H"]
    assert f.data["Type"].iloc[0] == "M"
    assert f.target.name == "Machine failure"
    np.testing.assert_array_equal(f.failure_modes.to_numpy(), b.failure_modes)


def test_load_sample_image():
    img = datasets.load_sample_image("astronaut")
    assert img.shape == (512, 512, 3) and img.dtype == np.uint8
    with pytest.raises(AttributeError, match="Cannot find sample image"):
        datasets.load_sample_image("china.jpg")
