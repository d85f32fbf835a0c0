"""The eigenfaces tour section runs and reports what it chose."""

import pytest


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_eigenfaces_section_runs(capsys, tmp_path):
    from aiguille.cli._tour import eigenfaces

    eigenfaces.run(out=str(tmp_path))
    out = capsys.readouterr().out
    assert "<- chosen" in out and "error rate" in out
    assert (tmp_path / "eigenfaces.npy").exists()
