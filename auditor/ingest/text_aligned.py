"""Tables in plain text laid out with spaces (`pdftotext -layout` output, fixed-width reports).

A line splits into segments at runs of two or more spaces; columns of figures aligned over
consecutive lines make a table (see auditor.ingest.aligned for the rules). A blank line may sit
between two rows (layout text often double-spaces them); two blank lines end a table.
"""
from __future__ import annotations

import re

from auditor.ingest.aligned import AlignedGrid, SegLine, cut_segments, find_grids
from auditor.ingest.text_flowed import LAID_OUT_RE, find_flowed_tables, is_flowed
from auditor.model import Cell, Location, Table
from auditor.numbers import parse_figure

CELL_RE = re.compile(r"\S+(?: \S+)*")  # runs of text with single spaces inside: cells
WORD_RE = re.compile(r"\S+")
ALIGN_TOLERANCE = 1  # characters: right edges of figures in one column
MAX_BLANK_LINES = 1  # between two rows of one table
TAB_SIZE = 8


def find_text_tables(lines: list[str], source: str) -> dict[int, tuple[int, Table]]:
    """{index of a table's first line: (index after its last line, table)} for 0-based line indexes.

    Text that keeps no columns (cells run together with single spaces) is read by counting each
    row's figures from the right (auditor.ingest.text_flowed).
    """
    found = {}
    if any(LAID_OUT_RE.search(text.strip()) for text in lines):
        found = _aligned_tables(lines, source)
    if is_flowed(lines):  # a few laid-out tables in text that keeps no columns: the laid-out ones win
        taken = {k for first, (end, _) in found.items() for k in range(first, end)}
        for first, (end, table) in find_flowed_tables(lines, source).items():
            if not taken.intersection(range(first, end)):
                found[first] = (end, table)
    return dict(sorted(found.items()))


def _aligned_tables(lines: list[str], source: str) -> dict[int, tuple[int, Table]]:
    seg_lines = _seg_lines(lines)
    found = {}
    for grid in find_grids(seg_lines, _close, _same_block):
        first = min(k for ln in grid.lines for k in ln.keys)
        last = max(k for ln in grid.lines for k in ln.keys)
        found[first] = (last + 1, _table(grid, source))
    return found


def _seg_lines(lines: list[str]) -> list[SegLine]:
    numbered = [(i, text.expandtabs(TAB_SIZE).rstrip()) for i, text in enumerate(lines) if text.strip()]
    groups = [[_words(m) for m in CELL_RE.finditer(text)] for _, text in numbered]
    segs = cut_segments(groups, ALIGN_TOLERANCE)
    return [SegLine(line_segs, i, i, [i]) for (i, _), line_segs in zip(numbered, segs)]


def _words(match: re.Match) -> list[_Word]:
    start = match.start()
    return [_Word(w.group(0), start + w.start(), start + w.end() - 1) for w in WORD_RE.finditer(match.group(0))]


class _Word:
    __slots__ = ("text", "x0", "x1")

    def __init__(self, text: str, x0: int, x1: int):
        self.text, self.x0, self.x1 = text, x0, x1


def _close(above: SegLine, below: SegLine) -> bool:
    return 0 < below.top - above.top <= MAX_BLANK_LINES + 1


def _same_block(above: SegLine, below: SegLine) -> bool:
    return below.top - above.bottom == 1


def _table(grid: AlignedGrid, source: str) -> Table:
    rows = []
    for line in grid.lines:
        loc = Location(source, line=min(line.keys) + 1)
        row = []
        for segs, (kind, _) in zip(grid.cells(line), grid.slots()):
            text = " ".join(s.text for s in segs)
            one_figure = kind == "value" and sum(s.is_figure for s in segs) <= 1  # never two read as one
            row.append(Cell(text, loc, figure=parse_figure(text) if one_figure else None))
        rows.append(row)
    loc = Location(source, line=min(grid.lines[0].keys) + 1)
    return Table(rows=rows, location=loc, header_rows=grid.header_lines, confidence="aligned", parts=[loc])
