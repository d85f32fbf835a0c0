"""The tour section "SAG vs the rest"."""

import json

import pytest

from aiguille.cli._tour import sag


@pytest.mark.timeout(300)
def test_sag_section_small(capsys, tmp_path):
    sag.run(out=str(tmp_path), n=4000, d=20)
    text = capsys.readouterr().out
    assert "optimum from a tight lbfgs run" in text
    assert "time to come within 1e-4 (relative) of the optimum" in text
    result = json.loads((tmp_path / "sag.json").read_text())
    assert result["seconds_to_1e-4"]["lbfgs (iterations)"] is not None
    assert result["seconds_to_1e-4"]["sag (epochs)"] is not None


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_sag_section_full(capsys):
    sag.run()
    assert "saga" in capsys.readouterr().out
