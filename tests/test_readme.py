"""The README's and the docs' Python code blocks run as written."""

import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCKS = [
    (page, i, code)
    for page in PAGES
    for i, code in enumerate(re.findall(r"```python\n(.*?)```", page.read_text(), flags=re.S))
]


def test_readme_has_code_blocks():
    assert any(page.name == "README.md" for page, _, _ in BLOCKS)


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    "page, i, code", BLOCKS, ids=[f"{p.relative_to(ROOT)}-{i}" for p, i, _ in BLOCKS]
)
def test_code_block_runs(page, i, code, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    exec(compile(code, f"{page.name} block {i}", "exec"), {"__name__": "__docs__"})
