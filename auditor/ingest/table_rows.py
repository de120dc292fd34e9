"""Table helpers shared by the PDF and Word readers."""
from __future__ import annotations

from auditor.model import Cell


def guess_header_rows(rows: list[list[Cell]]) -> int:
    """1 when the first row reads as a header (bold, or labels above rows of figures), else 0."""
    if len(rows) < 2:
        return len(rows)
    first = [c for c in rows[0] if c.text.strip()]
    if not first or all(c.bold for c in first):
        return 1
    figures_below = any(c.figure is not None for row in rows[1:] for c in row)
    return 1 if figures_below and all(c.figure is None for c in first) else 0
