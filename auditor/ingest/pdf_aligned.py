"""PDF tables without ruling lines: columns of figures aligned over consecutive text lines.

Lines come from the PDF reader (words with positions and fonts); a line splits into segments
where the gap between two words is wider than a space. See auditor.ingest.aligned for the rules.
"""
from __future__ import annotations

from dataclasses import dataclass

from auditor.ingest.aligned import AlignedGrid, Seg, SegLine, find_grids
from auditor.model import Block, Cell, Location, Table
from auditor.numbers import parse_figure

SEGMENT_GAP = 0.75  # x font size: a wider gap between two words separates two cells
ROW_GAP = 2.2  # x font size: the most white space between two rows of one table
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
        left, right = self.bbox[0], self.bbox[2]
        columns = self.grid.columns
        for segs, kind, k in zip(self.grid.cells(line), self.grid.kinds(), _value_index(self.grid.kinds())):
            words = [w for s in segs for w in s.items]
            text = " ".join(s.text for s in segs)
            if words:
                x0, x1 = min(w.x0 for w in words), max(w.x1 for w in words)
            elif kind == "label":
                x0, x1 = left, columns[0][0]
            elif kind == "notes":
                x0, x1 = columns[-1][1], right
            else:
                x0, x1 = columns[k]
            figure = parse_figure(text) if kind == "value" else None
            row.append(Cell(text, Location(self.source, page=self.page, bbox=_round((x0, line.top, x1, line.bottom))),
                            bold=bool(words) and all(w.bold for w in words), figure=figure))
        return row


def _value_index(kinds: list[str]) -> list[int]:
    """For each cell kind, its index among the figure columns (-1 for label and notes)."""
    out, k = [], 0
    for kind in kinds:
        out.append(k if kind == "value" else -1)
        k += kind == "value"
    return out


def find_aligned_tables(lines: list, page: int, source: str) -> tuple[list[AlignedPageTable], list]:
    """(tables, the lines left over) from one page's text lines, top to bottom."""
    seg_lines = _join_offset_figures([_seg_line(ln) for ln in lines if not ln.turned])
    grids = find_grids(seg_lines, _close, _same_block)
    if not grids:
        return [], lines
    used = {id(key) for g in grids for sl in g.lines for key in sl.keys}
    tables = [AlignedPageTable(g, page, source) for g in grids]
    return tables, [ln for ln in lines if id(ln) not in used]


def _seg_line(line) -> SegLine:
    segs: list[Seg] = []
    prev = None
    for w in line.words:
        if prev is not None and w.x0 - prev.x1 <= SEGMENT_GAP * max(w.size, prev.size):
            seg = segs[-1]
            seg.text += " " + w.text
            seg.x1 = max(seg.x1, w.x1)
            seg.items.append(w)
            seg.bold = seg.bold and w.bold
        else:
            segs.append(Seg(w.text, w.x0, w.x1, w.bold, [w]))
        prev = w
    return SegLine(segs, line.top, line.bottom, [line])


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
