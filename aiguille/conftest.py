"""pytest configuration for the package's tests and doctests."""

import numpy as np
import pytest

collect_ignore = ["cli/__main__.py"]


@pytest.fixture(autouse=True)
def _doctest_namespace(doctest_namespace):
    doctest_namespace["np"] = np
