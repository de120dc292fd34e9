"""Ruled tables on a PDF page: pdfplumber's grid finder run on the edges PDFium gave us.

pdfplumber's TableFinder only needs the page's edges and bbox for the "lines" strategy, so it
runs on a light stand-in page; the words are ours, already read, so nothing is parsed twice.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Optional

from pdfplumber.table import TableFinder
from pdfplumber.utils.geometry import rect_to_edges

from auditor.ingest.aligned import AMOUNT_RE
from auditor.ingest.pdf_pages import PageContent, Word, round_bbox, word_lines
from auditor.ingest.table_rows import guess_header_rows
from auditor.model import Block, Cell, Location, Table
from auditor.numbers import parse_figure

MIN_RECTS = 4  # fewer drawn paths than this cannot make a grid


class _EdgePage:
    """The two things TableFinder reads from a page with the 'lines' strategy."""

    def __init__(self, page: PageContent):
        self.bbox = (0, 0, page.width, page.height)
        rects = list(page.rects) + _closing_rules(page.rects)
        self.edges = [e for r in rects for e in rect_to_edges(_rect_obj(r))]


def _closing_rules(rects) -> list[tuple[float, float, float, float]]:
    """Horizontal rules where a grid's vertical rules end with no rule across them.

    A table row cut by a page break keeps its column rules but loses the rule above (or below)
    it; closing the grid there keeps that row in the table instead of spilling it into the text.
    """
    verticals = [r for r in rects if r[2] - r[0] <= 2 and r[3] - r[1] > 4]
    horizontals = [r for r in rects if r[3] - r[1] <= 2 and r[2] - r[0] > 4]
    added = []
    for end in (1, 3):  # top ends, then bottom ends
        groups: dict[int, list] = {}
        for v in verticals:
            groups.setdefault(round(v[end]), []).append(v)
        for y, group in groups.items():
            if len(group) < 2:
                continue
            x0, x1 = min(v[0] for v in group), max(v[2] for v in group)
            if any(abs(h[1] - y) <= 2 and h[0] <= x0 + 2 and h[2] >= x1 - 2 for h in horizontals):
                continue
            added.append((x0, y - 0.25, x1, y + 0.25))
    return added


def _rect_obj(box: tuple[float, float, float, float]) -> dict:
    x0, top, x1, bottom = box
    return {"object_type": "rect", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top, "y0": -bottom, "y1": -top}


@dataclass
class PageTable:
    bbox: tuple[float, float, float, float]
    cells: list[list[Optional[tuple[float, float, float, float]]]]
    words: list[list[list[Word]]]  # words per cell
    page: int
    source: str

    def holds(self, w: Word) -> bool:
        x0, top, x1, bottom = self.bbox
        return x0 <= w.xc <= x1 and top <= w.yc <= bottom

    @cached_property  # asked several times per table; its words do not change
    def stacked(self) -> bool:
        """Rows of figures stacked inside one ruled cell, or figures side by side in one (shading
        marks some columns, nothing the others): the real rows or columns are only aligned, not ruled."""
        return any(_is_stack_of_figures(ws) or _has_figures_side_by_side(ws) for row in self.words for ws in row)

    def to_block(self) -> Block:
        rows = []
        for boxes, row_words in zip(self.cells, self.words):
            row = []
            for box, words in zip(boxes, row_words):
                text = _cell_text(words)
                loc = Location(self.source, page=self.page, bbox=round_bbox(box) if box else None)
                # figures side by side in one cell are never read as one long number
                figure = None if _has_figures_side_by_side(words) else parse_figure(text)
                row.append(Cell(text, loc, bold=bool(words) and all(w.bold for w in words), figure=figure))
            rows.append(row)
        loc = Location(self.source, page=self.page, bbox=round_bbox(self.bbox))
        table = Table(rows=rows, location=loc, header_rows=guess_header_rows(rows),
                      confidence="aligned" if self.stacked else "grid", parts=[loc])
        return Block("table", "", loc, table=table)


def find_tables(page: PageContent, source: str) -> list[PageTable]:
    if len(page.rects) < MIN_RECTS or not page.words:
        return []
    finder = TableFinder(_EdgePage(page), {"vertical_strategy": "lines", "horizontal_strategy": "lines"})
    tables = []
    for found in finder.tables:
        cells = [list(row.cells) for row in found.rows]
        if not cells:
            continue
        x0, top, x1, bottom = found.bbox
        inside = [w for w in page.words if x0 <= w.xc <= x1 and top <= w.yc <= bottom]
        words = _words_per_cell(inside, cells)
        rows_with_text = sum(1 for row in words if any(row))
        filled = sum(1 for row in words for ws in row if ws)
        if rows_with_text < 2 or filled < 2:
            continue  # a box round some text, or boxes behind words: not a table
        _split_merged_figures(cells, words)
        tables.append(PageTable(found.bbox, cells, words, page.number, source))
    return tables


def _split_merged_figures(cells, words) -> None:
    """Figures side by side in a cell merged across columns (a total row set on one band) go to
    the columns the other rows rule at their places; the text before them stays in the first."""
    starts = _column_starts(cells)
    for r, row in enumerate(cells):
        for c, box in enumerate(row):
            span = c + 1
            while span < len(row) and row[span] is None:
                span += 1
            if box is None or span == c + 1 or not _has_figures_side_by_side(words[r][c]):
                continue
            inside = [(k, starts[k]) for k in range(c, span) if starts[k] is not None]
            for w in list(words[r][c]):
                k = max((k for k, x in inside if x <= w.xc), default=c)
                if k != c and parse_figure(w.text) is not None:
                    words[r][c].remove(w)
                    words[r][k].append(w)
                    row[k] = row[k] or (max(starts[k], box[0]), box[1], box[2], box[3])


def _column_starts(cells) -> list[Optional[float]]:
    """Where each column begins, from the rows that have a cell of their own there."""
    width = max((len(row) for row in cells), default=0)
    starts: list[Optional[float]] = []
    for k in range(width):
        xs = sorted(row[k][0] for row in cells if k < len(row) and row[k] is not None)
        starts.append(xs[len(xs) // 2] if xs else None)
    return starts


def _words_per_cell(words: list[Word], cells) -> list[list[list[Word]]]:
    out = [[[] for _ in row] for row in cells]
    rows = []
    for r, row in enumerate(cells):
        boxes = [(c, box) for c, box in enumerate(row) if box]
        if boxes:
            rows.append((min(b[1] for _, b in boxes), max(b[3] for _, b in boxes), r, boxes))
    for w in words:
        for top, bottom, r, boxes in rows:
            if top <= w.yc <= bottom:
                cell = next((c for c, b in boxes if b[0] <= w.xc <= b[2] and b[1] <= w.yc <= b[3]), None)
                if cell is not None:
                    out[r][cell].append(w)
                    break
    return out


def _cell_text(words: list[Word]) -> str:
    return " ".join(" ".join(w.text for w in ln) for ln in word_lines(words))


def _has_figures_side_by_side(words: list[Word]) -> bool:
    """Two figures next to each other on one line of a cell ('8,092 8,035 6,874', '6,456 80%'):
    cells of two columns that no rule parts. Amounts only: '3 of 5' or 'Phase 2 2024' are text."""
    if sum(1 for w in words if AMOUNT_RE.search(w.text) and any(ch.isdigit() for ch in w.text)) < 2:
        return False  # most cells: one figure or none
    for line in word_lines(words):
        figures = [bool(AMOUNT_RE.search(w.text)) and parse_figure(w.text) is not None for w in line]
        if any(a and b for a, b in zip(figures, figures[1:])):
            return True
    return False


def _is_stack_of_figures(words: list[Word]) -> bool:
    """Three or more lines, most of them made of figures (not prose that mentions one)."""
    if len(words) < 3:
        return False  # fewer than three lines
    lines = word_lines(words)
    figure_lines = sum(1 for ln in lines if sum(parse_figure(w.text) is not None for w in ln) >= max(1, 0.6 * len(ln)))
    return figure_lines >= 3 and figure_lines >= 0.6 * len(lines)
