"""The clustering sections of the tour run and write what they say."""

import struct
import zlib

import numpy as np
import pytest


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_quantize_tour_writes_pngs(tmp_path, capsys):
    from aiguille.cli._tour import quantize

    quantize.run(out=str(tmp_path))
    text = capsys.readouterr().out
    assert "k = 32" in text and "mean squared error" in text
    pngs = sorted(p.name for p in tmp_path.glob("*.png"))
    assert "astronaut_8_colours.png" in pngs and len(pngs) == 5


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_birch_tour_runs(capsys):
    from aiguille.cli._tour import birch

    birch.run()
    text = capsys.readouterr().out
    assert "Birch" in text and "MiniBatchKMeans" in text and "ARI" in text


def test_png_writer_round_trip(tmp_path):
    from aiguille.cli._tour.quantize import write_png

    img = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3)
    path = tmp_path / "x.png"
    write_png(path, img)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (3, 2)
    idat_len = struct.unpack(">I", data[33:37])[0]
    raw = zlib.decompress(data[41 : 41 + idat_len])
    rows = [raw[r * 10 + 1 : (r + 1) * 10] for r in range(2)]
    np.testing.assert_array_equal(np.frombuffer(b"".join(rows), np.uint8).reshape(2, 3, 3), img)
