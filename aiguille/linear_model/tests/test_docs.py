"""Every Python block of docs/linear_model.md runs."""

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[3] / "docs" / "linear_model.md"


def _blocks():
    if not DOC.exists():
        return []
    return re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.S)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("index", range(len(_blocks())))
def test_doc_block_runs(index, capsys):
    code = _blocks()[index]
    exec(compile(code, f"{DOC.name}[block {index}]", "exec"), {"__name__": "__aiguille_doc__"})
