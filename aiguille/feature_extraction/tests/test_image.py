"""grid_to_graph / img_to_graph equal scikit-learn's."""

import numpy as np
import pytest
from scipy import sparse

from aiguille.datasets import load_sample_image
from aiguille.feature_extraction.image import grid_to_graph, img_to_graph
from aiguille.utils._testing import require


def _same(a, b):
    assert type(a) is type(b)
    if sparse.issparse(a):
        assert a.dtype == b.dtype
        assert (a != b).nnz == 0
    else:
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("shape", [(4, 5, 1), (3, 4, 2), (1, 6, 1)])
@pytest.mark.parametrize("return_as", [sparse.coo_matrix, sparse.csr_matrix, np.ndarray])
def test_grid_to_graph_equal(shape, return_as):
    ski = require("sklearn.feature_extraction.image")
    _same(
        grid_to_graph(*shape, return_as=return_as), ski.grid_to_graph(*shape, return_as=return_as)
    )
    mask = np.random.RandomState(0).rand(*shape) > 0.3
    _same(
        grid_to_graph(*shape, mask=mask, return_as=return_as),
        ski.grid_to_graph(*shape, mask=mask, return_as=return_as),
    )
    _same(grid_to_graph(*shape, dtype=bool), ski.grid_to_graph(*shape, dtype=bool))


def test_img_to_graph_equal_on_astronaut():
    ski = require("sklearn.feature_extraction.image")
    img = load_sample_image("astronaut")[::16, ::16, 0].astype(float)
    _same(img_to_graph(img), ski.img_to_graph(img))
    mask = img > img.mean()
    _same(img_to_graph(img, mask=mask), ski.img_to_graph(img, mask=mask))
    noisy = np.random.RandomState(0).rand(5, 6, 3)
    _same(img_to_graph(noisy, return_as=np.ndarray), ski.img_to_graph(noisy, return_as=np.ndarray))


def test_bad_input():
    with pytest.raises(ValueError, match="The 'n_x' parameter of grid_to_graph must be"):
        grid_to_graph(0, 3)
