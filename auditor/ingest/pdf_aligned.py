"""PDF tables without ruling lines: columns of figures aligned over consecutive text lines.

Lines come from the PDF reader (words with positions and fonts); a line splits into segments
where the gap between two words is wider than a space. See auditor.ingest.aligned for the rules.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from auditor.ingest.aligned import AMOUNT_RE, FIGURE_TEXT_RE, UNIT_TEXT_RE, AlignedGrid, SegLine, cut_segments, find_grids
from auditor.ingest.pdf_pages import Word, round_bbox
from auditor.ingest.table_rows import mend_split_header_words
from auditor.model import Block, Cell, Location, Table
from auditor.numbers import parse_figure

SEGMENT_GAP = 0.75  # x font size: a wider gap between two words separates two cells
ROW_GAP = 3.2  # x font size: the most white space between two rows of one table
ALIGN_TOLERANCE = 2  # points: right edges of figures in one column
LINE_GAP = 0.65  # x font size: the most white space between two lines of one wrapped label
# a number a narrow cell broke over two lines: its head ends in a group of digits too short to end it
# ('20,45' over '8': '20,458'; '2025/2' over '6': '2025/26'), its tail is the digits the group lacks
BROKEN_HEAD_RE = re.compile(r"^[(\-–−]?[£$€]?\d{1,3}(?:,\d{3})*,(\d{1,2})$|^(?:19|20)\d\d/(\d)$")
BROKEN_TAIL_RE = re.compile(r"^(\d{1,2})\)?%?$")
PERIOD_RE = re.compile(r"^(?:19|20)\d\d/\d\d$")
WRAP_EDGE = 1.5  # points: the lines of a cell's text start (or end) at the same x
WRAP_GAP = 0.8  # x font size: the most white space between the two lines of a broken number
SIZE_TOLERANCE = 0.5  # points: one font size, as read from glyph boxes


@dataclass
class AlignedPageTable:
    grid: AlignedGrid
    page: int
    source: str
    repeated_heading: tuple = ()  # lines over it repeating the heading of its part on the page before, dropped
    _box: Optional[tuple] = field(default=None, init=False, repr=False, compare=False)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """The box of its words, kept while its lines stay the same ones (a row's tail joined from the next
        page keeps the row's own lines; notes taken in above it add lines)."""
        key = tuple(id(key) for ln in self.grid.lines for key in ln.keys)
        if self._box is None or self._box[0] != key:
            words = [w for ln in self.grid.lines for k in ln.keys for w in k.words]
            self._box = (key, (min(w.x0 for w in words), min(w.top for w in words),
                               max(w.x1 for w in words), max(w.bottom for w in words)))
        return self._box[1]

    def to_block(self) -> Block:
        rows, header_rows = mend_split_header_words([self._row(line) for line in self.grid.lines],
                                                    self.grid.header_lines)
        loc = Location(self.source, page=self.page, bbox=round_bbox(self.bbox))
        table = Table(rows=rows, location=loc, header_rows=header_rows, confidence="aligned", parts=[loc])
        return Block("table", "", loc, table=table)

    def carry_row_tail(self, lines: list) -> bool:
        """The words of lines carried over a page break rejoin the last row (True; see AlignedGrid.carry_tail)."""
        tail = _seg_lines([ln for ln in lines if not ln.turned])
        return len(tail) == len(lines) and self.grid.carry_tail(tail)

    def take_note_rows_above(self, lines: list) -> bool:
        """Lines just above the table, each a note merged over a row, join it as its first body rows (True;
        see AlignedGrid.take_notes_above)."""
        notes = _seg_lines([ln for ln in lines if not ln.turned])
        return len(notes) == len(lines) and self.grid.take_notes_above(notes)

    def _row(self, line: SegLine) -> list[Cell]:
        row = []
        for segs, (kind, k) in zip(self.grid.cells(line), self.grid.slots()):
            words = [w for s in segs for w in s.items]
            text = " ".join(s.text for s in segs)
            if words:
                x0, x1 = min(w.x0 for w in words), max(w.x1 for w in words)
            else:
                x0, x1 = self.grid.columns[k] if kind == "value" else self.grid.text_columns[k]
            # two figures in one cell (lines joined into a row) are never read as one number
            figure = parse_figure(text) if kind == "value" and sum(s.is_figure for s in segs) <= 1 else None
            loc = Location(self.source, page=self.page, bbox=round_bbox((x0, line.top, x1, line.bottom)))
            row.append(Cell(text, loc, bold=bool(words) and all(w.bold for w in words), figure=figure))
        return row


def find_aligned_tables(lines: list, page: int, source: str,
                        like: Optional[AlignedGrid] = None) -> tuple[list[AlignedPageTable], list]:
    """(tables, the lines left over) from one page's text lines, top to bottom.

    like: a table on the next page or the page before, which these lines may carry on in fewer
    rows than a table standing alone needs.
    """
    seg_lines = _join_offset_figures(_seg_lines([ln for ln in lines if not ln.turned]))
    grids = find_grids(seg_lines, _close, _same_block, like)
    if not grids:
        return [], lines
    used = {id(key) for g in grids for sl in g.lines for key in sl.keys}
    tables = [AlignedPageTable(g, page, source) for g in grids]
    return tables, [ln for ln in lines if id(ln) not in used]


def mend_broken_numbers(words: list[Word]) -> list[Word]:
    """A number that a narrow cell broke over two lines ('20,45' over '8') as one word ('20,458').

    The head is no whole number on its own (its last group of digits is short); the tail, just
    below it at ordinary line spacing, starts (or ends) at the same x and holds the digits missing.
    The word joined spans both lines, so it sits in the row whose middle it shares.
    """
    heads = [w for w in words if BROKEN_HEAD_RE.match(w.text)]
    if not heads:
        return words
    joined: dict[int, Word] = {}
    dropped: set[int] = set()
    for head in heads:
        m = BROKEN_HEAD_RE.match(head.text)
        short = m.group(1) or m.group(2)
        for tail in words:
            t = BROKEN_TAIL_RE.match(tail.text)
            if (t is None or id(tail) in dropped or abs(tail.size - head.size) > SIZE_TOLERANCE
                    or len(short) + len(t.group(1)) != (3 if m.group(1) else 2)
                    or not -1 <= tail.top - head.bottom <= WRAP_GAP * head.size
                    or min(abs(tail.x0 - head.x0), abs(tail.x1 - head.x1)) > WRAP_EDGE):
                continue
            text = head.text + tail.text
            if not (FIGURE_TEXT_RE.match(text) or PERIOD_RE.match(text)):
                continue
            joined[id(head)] = Word(text, min(head.x0, tail.x0), head.top, max(head.x1, tail.x1), tail.bottom,
                                    head.size, head.bold and tail.bold)
            dropped.add(id(tail))
            break
    if not joined:
        return words
    return [joined.get(id(w), w) for w in words if id(w) not in dropped]


def mend_numbers_over_page_breaks(pages: list) -> None:
    """A number whose cell a page break cut ('50,11' the last text of its column on one page, '8'
    alone on its line on the next, the table's headings repeated above it): the whole number stays
    on the first page, in its row; the tail leaves the next page."""
    for page, nxt in zip(pages, pages[1:]):
        if nxt.number != page.number + 1:
            continue
        heads = [w for w in page.words if BROKEN_HEAD_RE.match(w.text)]
        if not heads:
            continue
        for head in heads:
            if any(w.top > head.bottom and w.x0 <= head.x1 and w.x1 >= head.x0 for w in page.words):
                continue  # not the last text of its column on the page
            tail = _first_digits_below(nxt.words, head)
            if tail is None:
                continue
            joined = Word(head.text + tail.text, head.x0, head.top, max(head.x1, head.x0 + tail.x1 - tail.x0),
                          head.bottom, head.size, head.bold and tail.bold)
            page.words = [joined if w is head else w for w in page.words]
            nxt.words = [w for w in nxt.words if w is not tail]


def _first_digits_below(words: list[Word], head: Word) -> Optional[Word]:
    """The first figure in the head's column on the next page (unit headings passed over): the tail it lacks, alone
    on its line and starting (or ending) where the head does; None if that word is no such tail."""
    column = sorted((w for w in words if w.x0 <= head.x1 and w.x1 >= head.x0
                     and FIGURE_TEXT_RE.match(w.text) and not UNIT_TEXT_RE.match(w.text)), key=lambda w: w.top)
    if not column:
        return None
    tail = column[0]
    m, t = BROKEN_HEAD_RE.match(head.text), BROKEN_TAIL_RE.match(tail.text)
    short = m.group(1) or m.group(2)
    if t is None or abs(tail.size - head.size) > SIZE_TOLERANCE or len(short) + len(t.group(1)) != (3 if m.group(1) else 2):
        return None
    if min(abs(tail.x0 - head.x0), abs(tail.x1 - head.x1)) > WRAP_EDGE:
        return None
    if any(w is not tail and abs(w.yc - tail.yc) < 0.5 * tail.size for w in words):
        return None  # a figure in a row of its own, not a cut-off tail
    text = head.text + tail.text
    return tail if FIGURE_TEXT_RE.match(text) or PERIOD_RE.match(text) else None


def _seg_lines(lines: list) -> list[SegLine]:
    """Each line cut into segments at wide gaps (and where a column's figure is set tight)."""
    groups = [_word_groups(ln) for ln in lines]
    segs = cut_segments(groups, ALIGN_TOLERANCE)
    return [SegLine(line_segs, ln.top, ln.bottom, [ln]) for ln, line_segs in zip(lines, segs)]


def _word_groups(line) -> list[list]:
    groups: list[list] = []
    prev = None
    for w in line.words:
        if prev is not None and w.x0 - prev.x1 <= SEGMENT_GAP * max(w.size, prev.size):
            groups[-1].append(w)
        else:
            groups.append([w])
        prev = w
    return groups


def _join_offset_figures(lines: list[SegLine]) -> list[SegLine]:
    """Figures set a little lower than the row they belong to (less than half a line) rejoin it.

    Amounts only: a bare whole number just below a row is as likely the tail of a label wrapped
    in its cell ('2019/' above the row's figures, '20' below them).
    """
    out: list[SegLine] = []
    for line in lines:
        prev = out[-1] if out else None
        if (prev is not None and prev.figures and line.segs
                and all(s.is_figure and AMOUNT_RE.search(s.text) for s in line.segs)
                and line.top - prev.top < 0.7 * _size(prev) and not _overlapping(prev, line)):
            segs = sorted(prev.segs + line.segs, key=lambda s: s.x0)
            out[-1] = SegLine(segs, prev.top, max(prev.bottom, line.bottom), prev.keys + line.keys)
        else:
            out.append(line)
    return out


def _overlapping(a: SegLine, b: SegLine) -> bool:
    return any(s.x0 <= t.x1 and s.x1 >= t.x0 for s in a.segs for t in b.segs)


def _size(line: SegLine) -> float:
    return max(w.size for key in line.keys for w in key.words)


def _close(above: SegLine, below: SegLine) -> bool:
    size = _size(below)
    return 0 < below.top - above.top and below.top - above.bottom <= ROW_GAP * size


def _same_block(above: SegLine, below: SegLine) -> bool:
    """Ordinary line spacing: the white space between the lines is under half a line."""
    return below.top - above.bottom <= LINE_GAP * _size(below)
