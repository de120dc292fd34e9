"""Tables flattened into text one cell at a time: a row's label as a paragraph of its own, then each of its
figures as a paragraph of its own (a PDF or Word table converted to Markdown or text by a tool that keeps
no table structure).

    Pre-School and School Age ND
    1957
    CAMHS Medication Clinics
    421
    ...
    Total
    3828

The order is recoverable only where every label is followed by the same number of figures: the rows are
read back from that rhythm, three records at least. Nothing else is guessed: a run whose labels carry
different numbers of figures is left as text, and so is a run of numbered items ('Apologies', '2',
'Minutes', '3': the figures count up one at a time) or of page numbers. A footnote mark after a figure
('12*') stays in its cell and is not read as part of the figure. The headings of such a table cannot be
told from the text before it, so its figure columns are named by position.
"""
from __future__ import annotations

import re
from typing import Optional

from auditor.ingest.aligned import FIGURE_TEXT_RE
from auditor.model import Block, Cell, Location, Table
from auditor.numbers import parse_figure

MIN_RECORDS = 3
MAX_FIGURES = 6  # figures a label: more, and the run is a list of numbers, not rows
MAX_LABEL_CHARS = 80  # a longer paragraph is prose, not a row's label
NOTE_MARK_RE = re.compile(r"[*†‡]+$")
SENTENCE_END_RE = re.compile(r"[.;:!?]$")


def stacked_tables(blocks: list[Block], source: str) -> list[Block]:
    """The blocks with each run of label and figure paragraphs read back into one table block."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        table, end = _table_at(blocks, i, source)
        if table is None:
            out.extend(blocks[i:end])  # a run left as text is passed over whole: each block is read once
            i = end
            continue
        out.append(Block("table", "", table.location, table=table, anchors=[]))
        i = end
    return out


def _figure_text(block: Block) -> Optional[str]:
    """The figure a paragraph consists of, without its footnote mark, or None."""
    if block.kind != "paragraph" or block.number is not None:
        return None
    text = NOTE_MARK_RE.sub("", block.text.strip())
    return text if FIGURE_TEXT_RE.match(text) and parse_figure(text) is not None else None


def _is_label(block: Block) -> bool:
    text = block.text.strip()
    return (block.kind == "paragraph" and block.number is None and 0 < len(text) <= MAX_LABEL_CHARS
            and _figure_text(block) is None and not SENTENCE_END_RE.search(text) and any(ch.isalpha() for ch in text))


def _record(blocks: list[Block], i: int) -> Optional[tuple[int, int]]:
    """(number of figures, index after them) of the label at i followed by its figures."""
    if i >= len(blocks) or not _is_label(blocks[i]):
        return None
    j = i + 1
    while j < len(blocks) and j - i - 1 < MAX_FIGURES + 1 and _figure_text(blocks[j]) is not None:
        j += 1
    k = j - i - 1
    return (k, j) if 1 <= k <= MAX_FIGURES else None


def _table_at(blocks: list[Block], i: int, source: str) -> tuple[Optional[Table], int]:
    """The table whose rows start at block i and the index after it; or None and the index after the run of
    records that was read and refused (at least i + 1)."""
    first = _record(blocks, i)
    if first is None:
        return None, i + 1
    k = first[0]
    records = [(i, first[1])]
    while True:
        nxt = _record(blocks, records[-1][1])
        if nxt is None or nxt[0] != k:
            break
        records.append((records[-1][1], nxt[1]))
    if len(records) < MIN_RECORDS or _counts_up(blocks, records):
        return None, records[-1][1] if len(records) >= MIN_RECORDS else i + 1
    rows = []
    for start, end in records:
        label = blocks[start]
        cells = [Cell(label.text.strip(), label.location)]
        for b in blocks[start + 1:end]:
            text = b.text.strip()
            cells.append(Cell(text, b.location, figure=parse_figure(_figure_text(b))))
        rows.append(cells)
    loc = blocks[i].location
    table = Table(rows=rows, location=loc, header_rows=0, confidence="stacked", parts=[loc])
    return table, records[-1][1]


def _counts_up(blocks: list[Block], records: list[tuple[int, int]]) -> bool:
    """The figures after the labels run 2, 3, 4 ...: item numbers or page numbers, not a column of a table."""
    firsts = [parse_figure(_figure_text(blocks[start + 1])) for start, _ in records]
    values = [f.value for f in firsts if f is not None]
    return len(values) == len(records) and all(b - a == 1 for a, b in zip(values, values[1:]))
