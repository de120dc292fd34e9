"""Table helpers shared by the PDF and Word readers."""
from __future__ import annotations

import re

from auditor.model import Cell

WORD_TAIL_RE = re.compile(r"^[a-z]{1,2}$")


def guess_header_rows(rows: list[list[Cell]]) -> int:
    """1 when the first row reads as a header (bold, or labels above rows of figures), else 0."""
    if len(rows) < 2:
        return len(rows)
    first = [c for c in rows[0] if c.text.strip()]
    if not first or all(c.bold for c in first):
        return 1
    figures_below = any(c.figure is not None for row in rows[1:] for c in row)
    return 1 if figures_below and all(c.figure is None for c in first) else 0


def mend_split_header_words(rows: list[list[Cell]], header_rows: int) -> tuple[list[list[Cell]], int]:
    """Header words broken over two lines of a narrow column ('Forecas' / 't') joined again.

    A header cell holding only one or two lower-case letters finishes the word above it in the
    same column; header rows left empty by that are dropped. Returns (rows, header_rows).
    """
    for r in range(1, header_rows):
        for c, cell in enumerate(rows[r]):
            if not WORD_TAIL_RE.match(cell.text):
                continue
            above = next((rows[k][c] for k in range(r - 1, -1, -1) if c < len(rows[k]) and rows[k][c].text), None)
            if above is not None and above.text[-1:].isalpha():
                above.text += cell.text
                cell.text = ""
    empty = [r for r in range(header_rows) if not any(c.text for c in rows[r])]
    kept = [row for r, row in enumerate(rows) if r not in empty]
    return kept, header_rows - len(empty)
