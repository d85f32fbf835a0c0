"""The "faces" tour section runs and reports what it promises."""

import re

import pytest


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_tour_faces_runs(capsys, tmp_path):
    from aiguille.cli._tour import faces, list_sections

    assert "faces" in dict(list_sections())
    faces.run(out=str(tmp_path))
    text = capsys.readouterr().out
    assert text.count("chose k=") == 10  # 5 outer folds, twice
    errors = [float(e) for e in re.findall(r"overall error ([0-9.]+)%", text)]
    assert len(errors) == 2
    assert errors[0] < 12 and errors[1] < 4  # faces, digits
    assert "most confused pairs" in text
    assert (tmp_path / "faces_olivetti_confusion.csv").exists()
    assert (tmp_path / "faces_digits_confusion.csv").exists()
