"""Packaging: cheap import, the console command, and numba's cache on read-only installs."""

import glob
import os
import shutil
import subprocess
import sys

import pytest

import aiguille


def _run(code, **kw):
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, **kw
    )


def test_import_is_cheap_and_lazy():
    code = (
        "import sys, time; t = time.perf_counter(); import aiguille; "
        "dt = time.perf_counter() - t; "
        "heavy = [m for m in ('numba', 'scipy', 'sklearn', 'joblib', 'pandas') "
        "if m in sys.modules]; print(dt, heavy)"
    )
    out = _run(code)
    assert out.returncode == 0, out.stderr
    dt, heavy = out.stdout.split(maxsplit=1)
    assert heavy.strip() == "[]", f"import aiguille loaded {heavy}"
    assert float(dt) < 1.0  # a deadline on import, not a speed ratio


def test_console_command():
    for args, expect in [
        (["--version"], f"aiguille {aiguille.__version__}"),
        (["--help"], "tour"),
        (["tour", "--list"], "faces"),
    ]:
        out = subprocess.run(
            [sys.executable, "-m", "aiguille.cli", *args],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert out.returncode == 0, out.stderr
        assert expect in out.stdout
    out = subprocess.run(
        [sys.executable, "-m", "aiguille.cli", "tour", "nosuchsection"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 2 and "unknown section" in out.stderr


def test_config_context_and_working_memory():
    with aiguille.config_context(working_memory=8, transform_output="pandas"):
        assert aiguille.get_config()["working_memory"] == 8
        assert aiguille.get_config()["transform_output"] == "pandas"
    assert aiguille.get_config()["working_memory"] == 64
    with pytest.raises(ValueError, match="transform_output must be one of"):
        aiguille.set_config(transform_output="polars")


_KERNEL_RUN = """
import numpy as np
from aiguille.neighbors import KNeighborsClassifier
X = np.random.RandomState(0).normal(size=(50, 3)); y = np.arange(50) % 2
print(KNeighborsClassifier(3, algorithm="kd_tree").fit(X, y).predict(X[:5]))
import numba, os
print("CACHE_DIR", numba.config.CACHE_DIR, os.environ.get("NUMBA_CACHE_DIR"))
"""


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_numba_cache_falls_back_to_temp_when_package_and_home_are_read_only(tmp_path):
    """With the package folder and the home folder mounted read-only (a private mount
    namespace, so root cannot write either), a kernel compiles, runs, and caches into the
    temporary folder."""
    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.skip("needs root and unshare for a private read-only bind mount")
    pkg = os.path.dirname(aiguille.__file__)
    home = tmp_path / "home"
    home.mkdir()
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    cache = tmp / f"aiguille-numba-cache-{os.getuid()}"
    script = tmp_path / "run.py"
    script.write_text(_KERNEL_RUN)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NUMBA_", "XDG_"))}
    # import this very package (the script's folder, not the checkout, is on sys.path)
    env.update(
        HOME=str(home),
        TMPDIR=str(tmp),
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONPATH=os.path.dirname(pkg),
    )
    shell = (
        f"mount --bind {pkg} {pkg} && mount -o remount,bind,ro {pkg} && "
        f"mount --bind {home} {home} && mount -o remount,bind,ro {home} && "
        f"touch {pkg}/.probe 2>/dev/null && echo WRITABLE; "
        f"exec {sys.executable} {script}"
    )
    out = subprocess.run(
        ["unshare", "-m", "sh", "-c", shell],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    if "Operation not permitted" in out.stderr or "permission denied" in out.stderr.lower():
        pytest.skip(f"mounts not permitted here: {out.stderr[-300:]}")
    assert "WRITABLE" not in out.stdout
    assert out.returncode == 0, out.stderr[-3000:]
    assert f"CACHE_DIR {cache}" in out.stdout
    assert glob.glob(os.path.join(cache, "**", "*.nbi"), recursive=True), (
        "no numba cache index written to the temporary folder"
    )
    # nothing was written next to the package's own kernels during the run
    assert not os.path.exists(os.path.join(pkg, ".probe"))
