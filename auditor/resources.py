"""Where the shipped data lives (rules/ in a source checkout, auditor/rules_data in an installed wheel), and how
often the garbage collector runs while a pack is read and checked."""
from __future__ import annotations

import gc
from contextlib import contextmanager
from pathlib import Path


def shipped_rules_dir() -> Path:
    """The rules/ directory: packaged inside the wheel as auditor/rules_data, or the repo's rules/."""
    package_dir = Path(__file__).resolve().parent
    installed = package_dir / "rules_data"
    if installed.is_dir():
        return installed
    return package_dir.parent / "rules"  # a source checkout or editable install


# The cyclic garbage collector's thresholds while a pack is read and checked (gc.set_threshold). With Python's
# (700, 10, 10) the facts of a pack of 20,000 paragraphs, hundreds of thousands of objects that all
# live to the end of the run, set off a full collection every few hundred thousand of them, each
# walking every object so far: a sixth to a quarter of the check time. The facts hold few cycles:
# collecting less often costs no memory that shows.
CHECK_GC_THRESHOLD = (50_000, 20, 10)


@contextmanager
def fewer_collections():
    """Run with the collector's thresholds raised to CHECK_GC_THRESHOLD (never lowered),
    the caller's put back after."""
    before = gc.get_threshold()
    if before[0]:  # (0: automatic collection is off, and stays off)
        gc.set_threshold(*(max(old, new) for old, new in zip(before, CHECK_GC_THRESHOLD)))
    try:
        yield
    finally:
        gc.set_threshold(*before)
