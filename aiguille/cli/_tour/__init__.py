"""The guided tour: one module per section in this folder.

Each section module defines ``TITLE`` (one line), ``ORDER`` (an int that places it in the
tour) and ``run(out=None)``, which prints what it does as it goes and writes files under
``out`` when given. Sections are discovered, so adding a module adds a section.
"""

import importlib
import pkgutil
import sys
import time


def _sections():
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        found.append((getattr(module, "ORDER", 100), info.name, module))
    return [(name, module) for _, name, module in sorted(found)]


def list_sections():
    """(name, title) of every section, in tour order."""
    return [(name, module.TITLE) for name, module in _sections()]


def run_sections(names=None, out=None):
    """Run the named sections (all when empty); return a process exit code."""
    sections = dict(_sections())
    names = list(names) if names else list(sections)
    unknown = [n for n in names if n not in sections]
    if unknown:
        print(
            f"aiguille tour: unknown section(s) {', '.join(unknown)}. "
            f"Available: {', '.join(sections)} (see 'aiguille tour --list').",
            file=sys.stderr,
        )
        return 2
    if out is not None:
        import os

        os.makedirs(out, exist_ok=True)
    for name in names:
        module = sections[name]
        print(f"\n=== {name}: {module.TITLE} ===", flush=True)
        start = time.perf_counter()
        module.run(out=out)
        print(f"--- {name} done in {time.perf_counter() - start:.1f} s", flush=True)
    return 0
