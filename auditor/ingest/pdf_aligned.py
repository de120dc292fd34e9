"""PDF tables without ruling lines: columns of figures aligned over consecutive text lines.

Lines come from the PDF reader (words with positions and fonts); a line splits into segments
where the gap between two words is wider than a space. See auditor.ingest.aligned for the rules.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from auditor.ingest.aligned import FIGURE_TEXT_RE, PLACEHOLDER_TEXTS, AlignedGrid, Seg, SegLine, find_grids
from auditor.model import Block, Cell, Location, Table
from auditor.numbers import parse_figure

SEGMENT_GAP = 0.75  # x font size: a wider gap between two words separates two cells
ROW_GAP = 2.2  # x font size: the most white space between two rows of one table
ALIGN_TOLERANCE = 2  # points: right edges of figures in one column
AMOUNT_RE = re.compile(r"[.,%£$€()+\-–−]|^0$")  # a figure written as an amount, not a bare whole number
LINE_GAP = 0.5  # x font size: the most white space between two lines of one wrapped label


@dataclass
class AlignedPageTable:
    grid: AlignedGrid
    page: int
    source: str

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        words = [w for ln in self.grid.lines for key in ln.keys for w in key.words]
        return (min(w.x0 for w in words), min(w.top for w in words),
                max(w.x1 for w in words), max(w.bottom for w in words))

    def to_block(self) -> Block:
        rows = [self._row(line) for line in self.grid.lines]
        loc = Location(self.source, page=self.page, bbox=_round(self.bbox))
        table = Table(rows=rows, location=loc, header_rows=self.grid.header_lines, confidence="aligned",
                      parts=[loc])
        return Block("table", "", loc, table=table)

    def _row(self, line: SegLine) -> list[Cell]:
        row = []
        for segs, (kind, k) in zip(self.grid.cells(line), self.grid.slots()):
            words = [w for s in segs for w in s.items]
            text = " ".join(s.text for s in segs)
            if words:
                x0, x1 = min(w.x0 for w in words), max(w.x1 for w in words)
            else:
                x0, x1 = self.grid.columns[k] if kind == "value" else self._gap_extent(k)
            figure = parse_figure(text) if kind == "value" else None
            loc = Location(self.source, page=self.page, bbox=_round((x0, line.top, x1, line.bottom)))
            row.append(Cell(text, loc, bold=bool(words) and all(w.bold for w in words), figure=figure))
        return row

    def _gap_extent(self, gap: int) -> tuple[float, float]:
        columns = self.grid.columns
        x0 = columns[gap - 1][1] if gap > 0 else self.bbox[0]
        x1 = columns[gap][0] if gap < len(columns) else self.bbox[2]
        return x0, x1


def find_aligned_tables(lines: list, page: int, source: str) -> tuple[list[AlignedPageTable], list]:
    """(tables, the lines left over) from one page's text lines, top to bottom."""
    seg_lines = _join_offset_figures(_seg_lines([ln for ln in lines if not ln.turned]))
    grids = find_grids(seg_lines, _close, _same_block)
    if not grids:
        return [], lines
    used = {id(key) for g in grids for sl in g.lines for key in sl.keys}
    tables = [AlignedPageTable(g, page, source) for g in grids]
    return tables, [ln for ln in lines if id(ln) not in used]


def _seg_lines(lines: list) -> list[SegLine]:
    """Each line cut into segments at wide gaps; a figure set tight against text is cut off too
    when it is right-aligned with figures on two other lines (a column, not a number in a phrase)."""
    groups = [_word_groups(ln) for ln in lines]
    edges = sorted(round(ws[-1].x1) for line_groups in groups for g in line_groups
                   for _, ws in _end_figures(g))
    out = []
    for line, line_groups in zip(lines, groups):
        segs = [_seg(part) for g in line_groups for part in _cut_aligned_ends(g, edges)]
        out.append(SegLine(segs, line.top, line.bottom, [line]))
    return out


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


def _end_figures(words: list) -> list[tuple[bool, list]]:
    """The figure units at the two ends of a group of words (the whole group when it is one figure)."""
    if _is_figure(words):
        return [(True, words)]
    units = _units(words)
    head = [u for u in _leading(units)]
    tail = [u for u in _leading(units[len(head):][::-1])]
    return [u for u in head + tail if AMOUNT_RE.search(_text(u[1]))]


def _leading(units: list) -> list:
    out = []
    for u in units:
        if not u[0]:
            break
        out.append(u)
    return out


def _cut_aligned_ends(words: list, edges: list[int]) -> list[list]:
    """The group, with figure units at its ends that line up with two others as parts of their own."""
    if len(words) < 2 or _is_figure(words):
        return [words]
    units = _units(words)
    head = 0
    while head < len(units) and units[head][0] and _aligned(units[head][1], edges):
        head += 1
    tail = len(units)
    while tail > head and units[tail - 1][0] and _aligned(units[tail - 1][1], edges):
        tail -= 1
    middle = [w for _, ws in units[head:tail] for w in ws]
    return [ws for _, ws in units[:head]] + ([middle] if middle else []) + [ws for _, ws in units[tail:]]


def _aligned(words: list, edges: list[int]) -> bool:
    if not AMOUNT_RE.search(_text(words)):
        return False  # a bare whole number next to text reads as part of it ('Room 12', 'tel 416 934')
    x1 = round(words[-1].x1)
    lo, hi = bisect_left(edges, x1 - ALIGN_TOLERANCE), bisect_right(edges, x1 + ALIGN_TOLERANCE)
    return hi - lo >= 3  # itself and two more


def _text(words: list) -> str:
    return " ".join(w.text for w in words)


def _units(words: list) -> list[tuple[bool, list]]:
    """(is a figure, words): a sign or '£' set apart from its number stays with it ('+ 23.3')."""
    units, i = [], 0
    while i < len(words):
        for k in (3, 2, 1):
            if i + k <= len(words) and (_is_figure(words[i:i + k]) or (k == 1 and words[i].text in PLACEHOLDER_TEXTS)):
                units.append((True, words[i:i + k]))
                i += k
                break
        else:
            units.append((False, [words[i]]))
            i += 1
    return units


def _is_figure(words: list) -> bool:
    return bool(FIGURE_TEXT_RE.match(" ".join(w.text for w in words)))


def _seg(words: list) -> Seg:
    return Seg(" ".join(w.text for w in words), words[0].x0, max(w.x1 for w in words),
               all(w.bold for w in words), list(words))


def _join_offset_figures(lines: list[SegLine]) -> list[SegLine]:
    """Figures set a little lower than the row they belong to (less than half a line) rejoin it."""
    out: list[SegLine] = []
    for line in lines:
        prev = out[-1] if out else None
        if (prev is not None and prev.figures and line.segs and all(s.is_figure for s in line.segs)
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


def _round(bbox) -> tuple[float, float, float, float]:
    return tuple(round(v, 1) for v in bbox)  # type: ignore[return-value]
