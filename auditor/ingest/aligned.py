"""Tables without ruling lines: columns of figures aligned over consecutive lines of text.

Shared by the PDF reader (segments are runs of words with wide gaps between them) and the
plain-text reader (segments are runs of characters between two or more spaces). Each line is a
list of segments with horizontal extents. A table is a run of consecutive lines whose figures
fall into the same columns; text between the figure columns (a label left of them, a label
between two groups of them, notes right of them) makes text columns. Short heading lines above
join as header rows, an 'All figures in £m' caption as a unit row, and label or note lines
wrapped over several lines rejoin their row.

The rules are strict on purpose, since a false table makes the table checks shout: at least
three rows with two or more aligned figures, two or more columns holding three or more figures
each, each figure of a line in a column of its own, every text segment wholly between columns,
and runs of row or paragraph numbers (1, 2, 3 / 2.3, 2.4, 2.5) read as labels, not figures.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from statistics import median
from typing import Callable, Optional

from auditor.numbers import NO_FIGURE_TEXTS

FIGURE_TEXT_RE = re.compile(
    r"^(?:[+\-–−]\s?)?\(?(?:[+\-–−]\s?)?[£$€]?\s?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\)?\s?(?:%|m|k|bn)?$",
    re.I)
UNIT_TEXT_RE = re.compile(r"^[£$€]\s?'?000s?$", re.I)  # '£000', "£'000": a unit heading, not a figure
PLACEHOLDER_TEXTS = set(NO_FIGURE_TEXTS)
EDGE_SIGNS = PLACEHOLDER_TEXTS | {"+", "£", "$", "€", "(", ")", "%", "m", "k", "bn"}
UNITS_CAPTION_RE = re.compile(
    r"^\(?(?:(?:all\s+)?(?:figures|amounts|values|sums)\s+(?:are\s+)?(?:shown\s+)?in\s+)?"
    r"(£\s?'?000s?|£\s?m|£\s?k|£\s?bn|£\s?millions?|£\s?thousands?)\)?\.?$", re.I)
YEAR_RE = re.compile(r"^(?:19|20)\d\d$")
DATED_HEADING_RE = re.compile(r"^[A-Z][a-z]{2,8}\.?\s+(?:19|20)\d\d$")  # 'Aug 2024', 'March 2025'

AMOUNT_RE = re.compile(r"[.,%£$€()+\-–−]|^0$")  # a figure written as an amount, not a bare whole number
WORD_RE = re.compile(r"[A-Za-z]{2}")
NUMBERING_RE = re.compile(r"^\d{1,3}(?:\.\d{1,2})?$")
FIGURE_RUNS_RE = re.compile(r"[tp]*f[fp]*(?:t+[tp]*f[fp]*)?[tp]*")  # f figure, p placeholder, t text
MIN_ROWS = 3  # rows with two or more aligned figures
MIN_FIGURES_PER_COLUMN = 3
MAX_HEADER_LINES = 12  # narrow columns wrap their headings over many short lines (set at staggered heights)
MAX_RETRIED_RUN = 50  # lines: a longer run that makes no table is skipped whole (keeps the search linear)
MAX_HEADER_SEGMENT = 40  # characters: longer is prose, not a column heading
MAX_TEXT_ONLY_LINES = 4  # wrapped labels, section labels, notes between two rows of figures
MAX_NOTE_LINES = 16  # lines of a notes column beside one row (a paragraph explaining a variance)
HEADING_PITCHES = 2.2  # row pitches: the most from a heading row over two columns or more to the row below it
MAX_LINES_UNDER_HEADER = 6  # notes carried over from the page before, between the headings and the first row
WRAP_JOIN_RE = re.compile(r"\w[/\-]$")  # a line broken inside a word after a slash or hyphen
WRAP_SHARE = 0.75  # a label line nearer its row than this share of the row pitch belongs to it
BLANK_ROW_PITCHES = 2.2  # row pitches: the most from a row to the next when an empty row stands between
EDGE_TOLERANCE = 2.0  # points: figures of one column start (set flush left) or end (flush right) together


@dataclass
class Seg:
    """A run of text on one line with its horizontal extent; items are the source's own pieces."""

    text: str
    x0: float
    x1: float
    bold: bool = False
    items: list = field(default_factory=list)
    as_text: bool = False  # a figure read as text: a row or paragraph number, a number in a label

    def __post_init__(self):
        self._figure_text = bool(FIGURE_TEXT_RE.match(self.text)) and not UNIT_TEXT_RE.match(self.text)

    @property
    def is_figure(self) -> bool:
        return self._figure_text and not self.as_text

    @property
    def is_cell_value(self) -> bool:
        """A figure, or a placeholder ('-', 'n/a') standing in a figure column."""
        return self.is_figure or self.text.lower() in PLACEHOLDER_TEXTS


@dataclass
class SegLine:
    segs: list[Seg]
    top: float
    bottom: float
    keys: list = field(default_factory=list)  # the source's own lines (PDF Lines, text line numbers)

    @property
    def figures(self) -> list[Seg]:
        return [s for s in self.segs if s.is_figure]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segs)


@dataclass
class AlignedGrid:
    """Lines read as a table: header_lines of them headings, then the body rows."""

    lines: list[SegLine]
    header_lines: int
    columns: list[tuple[float, float]]  # extents of the figure columns, left to right
    text_columns: list[tuple[float, float]] = field(default_factory=list)  # extents of the text columns
    heading_spans: list[tuple[float, float]] = field(default_factory=list)  # each figure column with its headings

    def cells(self, line: SegLine) -> list[list[Seg]]:
        """The line's segments per cell, left to right: text columns and figure columns interleaved."""
        values: list[list[Seg]] = [[] for _ in self.columns]
        texts: list[list[Seg]] = [[] for _ in self.text_columns]
        for seg in line.segs:
            col = self.column_of(seg, line)
            if col is not None:
                values[col].append(seg)
            else:
                for k, part in _text_parts(seg, self.text_columns, self.columns):
                    texts[k].append(part)
        return [texts[k] if kind == "text" else values[k] for kind, k in self.slots()]

    def column_of(self, seg: Seg, line: SegLine) -> Optional[int]:
        """The figure column a segment stands in; a heading may stand anywhere over its column's heading."""
        col = _column_of(seg, self.columns)
        if col is None and self.heading_spans and any(line is h for h in self.lines[:self.header_lines]):
            col = _column_of(seg, self.heading_spans)
        return col

    def slots(self) -> list[tuple[str, int]]:
        """('text', k) or ('value', k) for each cell that cells() gives, left to right."""
        starts = [(a, "value", k) for k, (a, _) in enumerate(self.columns)]
        starts += [(a, "text", k) for k, (a, _) in enumerate(self.text_columns)]
        return [(kind, k) for _, kind, k in sorted(starts)]

    @property
    def body(self) -> list[SegLine]:
        return self.lines[self.header_lines:]

    def carry_tail(self, tail: list[SegLine]) -> bool:
        """Lines carried over a page break rejoin the last row, each word in its text column (True), when
        they stand outside the figure columns, each where the row has words of its own."""
        if len(self.lines) <= self.header_lines or not self.body[-1].figures or not self.text_columns:
            return False
        row = self.body[-1]
        if not all(_outside(s, self.columns) for ln in tail for s in ln.segs):
            return False

        def text_columns(segs) -> set[int]:
            return {k for s in segs for k, _ in _text_parts(s, self.text_columns, self.columns)}

        if not text_columns(s for ln in tail for s in ln.segs) <= \
                text_columns(s for s in row.segs if self.column_of(s, row) is None):
            return False
        segs = [replace(s, as_text=True) for ln in tail for s in ln.segs]
        self.lines[-1] = SegLine(row.segs + segs, row.top, row.bottom, row.keys)
        return True

    def take_notes_above(self, notes: list[SegLine]) -> bool:
        """Lines just above the body, each a note in a cell merged over a row (words starting in a figure
        column), join it as its first body rows (True; False, and nothing taken, if any line is no note)."""
        if not all(_is_note_row(ln, self.columns) for ln in notes):
            return False
        self.lines[self.header_lines:self.header_lines] = notes
        return True


def find_grids(lines: list[SegLine], close: Callable[[SegLine, SegLine], bool],
               same_block: Optional[Callable[[SegLine, SegLine], bool]] = None,
               like: Optional[AlignedGrid] = None) -> list[AlignedGrid]:
    """Tables among lines (top to bottom).

    close(a, b): b is near enough below a to share a table; same_block(a, b): b carries on the
    text of a at ordinary line spacing (a label wrapped over two lines). like: a table these lines
    may carry on (its part on the next page or the page before): one row whose figures stand in
    its columns is then enough, and the lines are read in its columns.
    """
    same_block = same_block or close
    grids: list[AlignedGrid] = []
    floor = 0  # lines before this index belong to an earlier table
    i = 0
    while i < len(lines):
        if not _opens_row(lines[i]):
            i += 1
            continue
        body, end = _grow_run(lines, i, close, same_block)
        grid = _grid(body) if like is None else _grid_like(body, like)
        if grid is None and like is None and grids and i == floor and close(grids[-1].lines[-1], lines[i]):
            grid = _grid_following(body, grids[-1])
            if grid is not None:
                _tidy_rows(grid, same_block)
                grids.append(grid)
                floor = i = end
                continue
        if grid is None and like is None and i - 1 >= floor and close(lines[i - 1], lines[i]):
            grid = _one_row_under_headings(lines[i - 1], lines[i], lines[i + 1] if i + 1 < len(lines) else None)
            if grid is not None:
                _tidy_rows(grid, same_block)
                grids.append(grid)
                floor = i = i + 1
                continue
        if grid is None:
            # a long run that is no table is not searched again from each of its lines
            i = end if len(body) > MAX_RETRIED_RUN else i + 1
            continue
        first = _take_rows_above(lines, i, floor, grid)
        _take_header(lines, first, floor, grid, close, same_block)
        _tidy_rows(grid, same_block)
        grids.append(grid)
        floor = i = end
    return grids


# ---------------------------------------------------------------- one line's shape

def _opens_row(line: SegLine) -> bool:
    return len(line.figures) >= 2 and _figures_in_runs(line)


def _figures_in_runs(line: SegLine) -> bool:
    """The figures make one or two unbroken stretches of the line (a label may sit between two groups)."""
    kinds = "".join("f" if s.is_figure else "p" if s.is_cell_value else "t" for s in line.segs)
    return bool(FIGURE_RUNS_RE.fullmatch(kinds))


def _is_text_only(line: SegLine, columns) -> bool:
    """Every segment wholly outside the figure columns, and at most one figure among them.

    A lone number beside the columns is the tail of a label wrapped in its cell ('2019/' above
    the row's figures, '20' below them), not a value: _as_text reads it as text.
    """
    return len(line.figures) <= 1 and all(_outside(s, columns) for s in line.segs)


def _is_note_row(line: SegLine, columns) -> bool:
    """A line of words starting in a figure column (and running on past its figures): a note in a cell
    merged over the row ('47.6% increase between 2020 – 2024' under a Word table's row of counts).
    One line at most, between two rows of figures (a run keeps pending lines only when a row follows
    them). A sentence starting left of the columns (under the labels) is no note of a column."""
    if not line.segs or line.figures or all(_outside(s, columns) for s in line.segs):
        return False
    for seg in line.segs:
        if _outside(seg, columns):
            continue
        k = _column_of(seg, columns)
        if k is None or not WORD_RE.search(seg.text) or seg.x0 < columns[k][0] - EDGE_TOLERANCE:
            return False  # (digits alone there: the head of a number its cell broke over two lines)
    return True


def _as_text(line: SegLine) -> SegLine:
    """The line with its figures read as text (they stand outside the figure columns)."""
    if not line.figures:
        return line
    segs = [replace(s, as_text=True) if s.is_figure else s for s in line.segs]
    return SegLine(segs, line.top, line.bottom, line.keys)


def _outside(seg: Seg, columns) -> bool:
    """Wholly in a gap between two figure columns, or left or right of them all."""
    return all(seg.x1 < a or seg.x0 > b for a, b in columns)


def _gap_of(seg: Seg, columns) -> int:
    """The number of figure columns wholly left of the segment."""
    return sum(1 for _, b in columns if b < seg.x0)


def _columns_of(lines: list[SegLine]) -> list[tuple[float, float]]:
    return _merge_extents([s for ln in lines for s in ln.segs if s.is_figure])


def _merge_extents(segs: list[Seg]) -> list[tuple[float, float]]:
    merged: list[list[float]] = []
    for seg in sorted(segs, key=lambda s: s.x0):
        if merged and seg.x0 <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], seg.x1)
        else:
            merged.append([seg.x0, seg.x1])
    return [(a, b) for a, b in merged]


def _merge_extents_into(columns: list[tuple[float, float]], segs: list[Seg]) -> list[tuple[float, float]]:
    return _merge_extents([Seg("", a, b) for a, b in columns] + segs)


def _column_of(seg: Seg, columns: list[tuple[float, float]]) -> Optional[int]:
    """The one column the segment overlaps (None: none, or more than one)."""
    hits = [k for k, (a, b) in enumerate(columns) if seg.x0 <= b and seg.x1 >= a]
    return hits[0] if len(hits) == 1 else None


def _fits(line: SegLine, columns) -> bool:
    """Each figure in its own column, each placeholder in one, all text outside the columns (but
    for a note row's)."""
    if _is_note_row(line, columns):
        return True
    hits = [_column_of(s, columns) for s in line.figures]
    if None in hits or len(set(hits)) < len(hits):
        return False
    return all(_outside(s, columns) or (s.is_cell_value and _column_of(s, columns) is not None)
               for s in line.segs)


# ---------------------------------------------------------------- runs of lines

def _grow_run(lines: list[SegLine], start: int, close, same_block) -> tuple[list[SegLine], int]:
    """Lines from start that carry on its columns; (lines, index after the last one)."""
    run: list[SegLine] = [lines[start]]
    pending: list[SegLine] = []
    merged = 0  # lines of a note wrapped in its cell, joined into the pending note
    columns = _columns_of(run)
    j = start + 1
    while j < len(lines):
        line, prev = lines[j], (pending or run)[-1]
        if not close(prev, line) and (pending or not _after_blank_row(run, line, columns)):
            break
        if _carries_on(columns, line):
            run += pending + [line]
            pending, merged = [], 0
            columns = _merge_extents_into(columns, line.figures)
        elif _is_text_only(line, columns) and _room_for(pending, line, columns):
            pending.append(_as_text(line))
        elif _is_note_row(line, columns) and not any(_is_note_row(p, columns) for p in pending):
            pending.append(line)
        elif pending and _wraps_note(pending[-1], line, columns, same_block):
            pending[-1] = _note_joined(pending[-1], line)
            merged += 1
        else:
            break
        j += 1
    kept = _wrapped_tail(run[-1], pending, same_block) or _note_under_last_row(run, pending, columns, lines, j,
                                                                             same_block)
    used = len(kept) + (merged if kept and kept[-1] is pending[-1] else 0)
    return run + kept, j - len(pending) - merged + used


def _wraps_note(note: SegLine, line: SegLine, columns, same_block) -> bool:
    """The line carries on a note merged over a row, wrapped in its cell: set just under it at ordinary line
    spacing, starting where it starts, one run of words like it."""
    return _is_note_row(note, columns) and len(note.segs) == len(line.segs) == 1 and not line.figures \
        and same_block(note, line) and abs(line.segs[0].x0 - note.segs[0].x0) <= EDGE_TOLERANCE


def _note_joined(note: SegLine, line: SegLine) -> SegLine:
    a, b = note.segs[0], line.segs[0]
    seg = Seg(join_wrapped([a.text, b.text]), min(a.x0, b.x0), max(a.x1, b.x1), a.bold and b.bold,
              a.items + b.items, as_text=True)
    return SegLine([seg], note.top, line.bottom, note.keys + line.keys)


def _note_under_last_row(run: list[SegLine], pending: list[SegLine], columns, lines: list[SegLine], j: int,
                         same_block) -> list[SegLine]:
    """A note merged over the last row ('34% increase between 2020 - 2024 and ...' under the last row of
    counts): the one line (or wrapped note) pending after it, no further below it than a row pitch of the
    table, and no text set close under it (a paragraph's first line is followed by its next)."""
    pitch = _row_pitch(run)  # (none for a part of one row, read in its table's columns: close enough then)
    if len(pending) != 1 or not _is_note_row(pending[0], columns) \
            or pitch and pending[0].top - run[-1].top > pitch + EDGE_TOLERANCE:
        return []
    if j < len(lines) and same_block(pending[0], lines[j]):
        return []
    return pending


def _after_blank_row(run: list[SegLine], line: SegLine, columns) -> bool:
    """The line is the next row after an empty row of the table (a spacer row, as a word processor
    sets between a subtotal and the rows below it): no more than about two row pitches below the
    last row, with two figures or more, each flush with the edge of a column of the rows above."""
    pitch = _row_pitch(run)
    figures = line.figures
    if not pitch or len(figures) < 2 or not _figures_in_runs(line) \
            or line.top - run[-1].top > BLANK_ROW_PITCHES * pitch:
        return False
    hits = [_column_of(s, columns) for s in figures]
    if None in hits or len(set(hits)) < len(hits):
        return False
    return all(_flush(s, [f for ln in run for f in ln.figures if _column_of(f, columns) == k])
               for s, k in zip(figures, hits))


def _flush(seg: Seg, column: list[Seg]) -> bool:
    """The figure starts where the column's figures start, or ends where they end."""
    return any(abs(seg.x0 - f.x0) <= EDGE_TOLERANCE for f in column) and \
        all(abs(f.x0 - column[0].x0) <= EDGE_TOLERANCE for f in column) or \
        any(abs(seg.x1 - f.x1) <= EDGE_TOLERANCE for f in column) and \
        all(abs(f.x1 - column[0].x1) <= EDGE_TOLERANCE for f in column)


def _room_for(pending: list[SegLine], line: SegLine, columns) -> bool:
    """Text-only lines between two rows: a few, or many more in the notes column right of the figures."""
    if _is_note(line, columns):
        return sum(_is_note(ln, columns) for ln in pending) < MAX_NOTE_LINES
    return sum(not _is_note(ln, columns) for ln in pending) < MAX_TEXT_ONLY_LINES


def _is_note(line: SegLine, columns) -> bool:
    return all(s.x0 > columns[-1][1] for s in line.segs)


def _wrapped_tail(last: SegLine, pending: list[SegLine], same_block) -> list[SegLine]:
    """The text-only lines after the last row that carry on its text at ordinary line spacing."""
    kept: list[SegLine] = []
    for line in pending:
        if not same_block((kept or [last])[-1], line):
            break
        kept.append(line)
    return kept


def _carries_on(columns, line: SegLine) -> bool:
    """The line's figures fall in the run's columns (two of them at least), one to a column.

    Figures beside the columns so far may open new ones (a column empty in the first rows).
    """
    figures = line.figures
    if not figures or not _figures_in_runs(line):
        return False
    hits = [k for k in (_column_of(s, columns) for s in figures) if k is not None]
    if len(set(hits)) < len(hits) or any(_spans_columns(s, columns) for s in figures):
        return False
    return len(hits) >= min(2, len(figures))


def _spans_columns(seg: Seg, columns) -> bool:
    return sum(1 for a, b in columns if seg.x0 <= b and seg.x1 >= a) > 1


def _grid(body: list[SegLine]) -> Optional[AlignedGrid]:
    columns = _columns_of(body)
    by_column = _segs_by_column(body, columns)
    numbering = [segs for segs in by_column if _is_numbering(segs)]
    if numbering:  # paragraph or row numbers: labels, not figures
        for segs in numbering:
            for seg in segs:
                seg.as_text = True
        columns = _columns_of(body)
        if not columns:
            return None
    if not all(_fits(ln, columns) for ln in body):
        return None
    counts = [len(segs) for segs in _segs_by_column(body, columns)]  # every figure fits one column
    full_rows = sum(len(ln.figures) >= 2 for ln in body)
    if full_rows < MIN_ROWS or sum(n >= MIN_FIGURES_PER_COLUMN for n in counts) < 2:
        return None
    grid = AlignedGrid(list(body), 0, columns)
    while grid.header_lines < len(body) - MIN_ROWS and _is_year_row(body[grid.header_lines], columns):
        grid.header_lines += 1
    return grid


def _one_row_under_headings(heading: SegLine, row: SegLine, below: Optional[SegLine]) -> Optional[AlignedGrid]:
    """A table of one row: a label and three figures or more, under a line of headings that names each
    of them ('Age group | 0 - 5 | 6 - 11 | ... | Total' over 'Number of children registered | 296 | 1042 |
    ... | 2954'). Each heading stands in its figure's cell: from where the figure starts (cells set flush
    left) or ends (flush right) to the next figure; the heading line's label stands left of them all."""
    figures = row.figures
    if len(figures) < MIN_FIGURES_PER_COLUMN or len(figures) != len(row.segs) - 1 or row.segs[0].is_cell_value \
            or any(not YEAR_RE.match(f.text) for f in heading.figures) or len(heading.segs) != len(figures) + 1:
        return None
    if below is not None and len(below.figures) >= 2:
        return None  # rows below: a table of its own, or none
    label, heads = heading.segs[0], heading.segs[1:]
    if label.x1 >= figures[0].x0 or row.segs[0].x1 >= figures[0].x0:
        return None
    for k, (head, fig) in enumerate(zip(heads, figures)):
        left = figures[k - 1].x1 if k else label.x1
        right = figures[k + 1].x0 if k + 1 < len(figures) else float("inf")
        if not (left < head.x0 and head.x1 < right and head.x0 <= fig.x1 and head.x1 >= fig.x0):
            return None
        if len(head.text) > MAX_HEADER_SEGMENT:
            return None
    return AlignedGrid([heading, row], 1, [(f.x0, f.x1) for f in figures])


def _grid_following(body: list[SegLine], above: AlignedGrid) -> Optional[AlignedGrid]:
    """Rows too few to stand alone set straight under a table, in as many figure columns as it has
    but at widths of their own (a word processor's second table under the first, its rows carrying
    on the first's: 'Prior years' grant ...' and 'Total Resources' under a table of resources).
    Each row has a figure in every column, its label left of them as the table's labels are."""
    columns = _columns_of(body)
    if len(columns) != len(above.columns) or not all(_fits(ln, columns) for ln in body):
        return None
    if not all(len(ln.figures) == len(columns) for ln in body):
        return None
    labels = [s.x1 for ln in above.body for s in ln.segs if not s.is_figure and s.x1 < above.columns[0][0]]
    if not labels or not all(s.x1 < columns[0][0] for ln in body for s in ln.segs if not s.is_figure):
        return None
    return AlignedGrid(list(body), 0, columns)


def _grid_like(body: list[SegLine], like: AlignedGrid) -> Optional[AlignedGrid]:
    """The lines as rows in the columns of another table (its part cut off by a page break).

    A column of the other table with a heading and no figures yet ('Aug 2024' right of the years) holds
    figures here: it is a figure column of this part."""
    figures = [f for ln in body for f in ln.figures]
    filled = [c for c in like.text_columns
              if _heading_only(c, like) and any(_column_of(f, [c]) is not None for f in figures)]
    columns = sorted(like.columns + filled)
    text_columns = [c for c in like.text_columns if c not in filled]
    if not all(_fits(ln, columns) for ln in body) or not any(len(ln.figures) >= 2 for ln in body):
        return None
    return AlignedGrid(list(body), 0, columns, text_columns=text_columns)


def _heading_only(column: tuple[float, float], grid: AlignedGrid) -> bool:
    """A text column of the grid with words in its headings and none in its body."""
    a, b = column

    def over(seg: Seg) -> bool:
        return seg.x0 <= b and seg.x1 >= a and _column_of(seg, grid.columns) is None

    return any(over(s) for ln in grid.lines[:grid.header_lines] for s in ln.segs) and \
        not any(over(s) for ln in grid.body for s in ln.segs)


def body_like(grid: AlignedGrid, like: AlignedGrid) -> Optional[AlignedGrid]:
    """The grid's body rows without its headings, in the columns of another table (its part on the page
    before, over which the headings read here were only repeated); None when a row does not fit them."""
    if len(grid.columns) != len(like.columns) or not all(_fits(ln, like.columns) for ln in grid.body):
        return None
    return AlignedGrid(list(grid.body), 0, list(like.columns), text_columns=list(like.text_columns))


def _segs_by_column(body: list[SegLine], columns) -> list[list[Seg]]:
    out: list[list[Seg]] = [[] for _ in columns]
    for line in body:
        for seg in line.figures:
            k = _column_of(seg, columns)
            if k is not None:
                out[k].append(seg)
    return out


def _is_numbering(segs: list[Seg]) -> bool:
    """Figures counting up one at a time (1, 2, 3 or 2.3, 2.4, 2.5): numbers of rows or paragraphs."""
    if len(segs) < 3 or not all(NUMBERING_RE.match(s.text) for s in segs):
        return False
    parts = [s.text.split(".") for s in segs]
    if any(len(p) != len(parts[0]) for p in parts):
        return False
    heads = {tuple(p[:-1]) for p in parts}
    lasts = [int(p[-1]) for p in parts]
    return len(heads) == 1 and all(b == a + 1 for a, b in zip(lasts, lasts[1:]))


def _is_year_row(line: SegLine, columns) -> bool:
    """Plain years over the figure columns and no label: a heading row, not figures. Right of them, a
    heading of a column with no figures yet may name a month ('2020 ... 2024 | Aug 2024')."""
    return any(YEAR_RE.match(s.text) for s in line.segs) and all(
        YEAR_RE.match(s.text) and _column_of(s, columns) is not None
        or DATED_HEADING_RE.match(s.text) and s.x0 > columns[-1][1] for s in line.segs)


# ---------------------------------------------------------------- rows above

def _take_rows_above(lines: list[SegLine], first: int, floor: int, grid: AlignedGrid) -> int:
    """Rows with one figure each set straight above the first row of two or more ('2020/21 deficit
    brought forward 10,423' over the rows of four years): the body grows up over them, a row pitch
    apart, each label starting where the body's labels start and each figure flush with its column.
    The index of the first line of the body."""
    pitch = _row_pitch(grid.body)
    starts = [ln.segs[0].x0 for ln in grid.body if ln.segs and not ln.segs[0].is_figure]
    if not pitch or not starts:
        return first
    k = first - 1
    while k >= floor and _is_row_above(lines[k], lines[k + 1], grid, pitch, starts):
        grid.lines.insert(0, lines[k])
        k -= 1
    return k + 1


def _is_row_above(line: SegLine, below: SegLine, grid: AlignedGrid, pitch: float, starts: list[float]) -> bool:
    if len(line.figures) != 1 or not line.segs or line.segs[0].is_figure or not _fits(line, grid.columns):
        return False
    if not 0 < below.top - line.top <= (1 + WRAP_SHARE / 2) * pitch:
        return False
    if not any(abs(line.segs[0].x0 - x) <= EDGE_TOLERANCE for x in starts):
        return False
    [figure] = line.figures
    k = _column_of(figure, grid.columns)
    return _flush(figure, [f for ln in grid.body for f in ln.figures if _column_of(f, grid.columns) == k])


# ---------------------------------------------------------------- headings above

def _take_header(lines: list[SegLine], first: int, floor: int, grid: AlignedGrid, close, same_block) -> None:
    """Heading lines above the body join the grid, with any text-only lines between them and it."""
    k, below, between = first - 1, lines[first], []
    while k >= floor and len(between) < MAX_LINES_UNDER_HEADER and close(lines[k], below) \
            and _is_text_only(lines[k], grid.columns) and not _is_header_line(lines[k], grid):
        between.insert(0, _as_text(lines[k]))
        below = lines[k]
        k -= 1
    headers: list[SegLine] = []
    pitch = _row_pitch(grid.body)
    # the heading lines are set close together, or a row apart when each heads two columns or
    # more (a table's rows of headings spaced like its body, maybe an empty row between them and
    # the body); a caption or title further up is no heading
    while k >= floor and len(headers) < MAX_HEADER_LINES \
            and (not headers or same_block(lines[k], below) or _heads_columns(lines[k], grid)) \
            and (close(lines[k], below) or (_heads_columns(lines[k], grid) and not between
                                            and below.top - lines[k].top <= HEADING_PITCHES * pitch)) \
            and _is_header_line(lines[k], grid, over_figures=not headers):
        headers.insert(0, lines[k])
        below = lines[k]
        k -= 1
    if headers:
        grid.lines = headers + between + grid.lines
        grid.header_lines += len(headers)
        below = headers[0]
    elif between:
        # text lines without headings above them are no part of the table, but for the head of the
        # first row's label, wrapped round its figures
        head = _label_head(between, grid, same_block)
        if head and grid.header_lines == 0:
            grid.lines = head + grid.lines
        return
    if k >= floor and close(lines[k], below):
        unit = _units_caption(lines[k])
        if unit is not None:  # 'All figures in £m': a unit row over every figure column
            segs = [Seg(unit, a, b) for a, b in grid.columns]
            grid.lines.insert(0, SegLine(segs, lines[k].top, lines[k].bottom, lines[k].keys))
            grid.header_lines += 1


def _label_head(between: list[SegLine], grid: AlignedGrid, same_block) -> list[SegLine]:
    """The lines just above the first row that begin its label, which a tall cell wrapped round the
    row's figures (set at its middle): each at ordinary line spacing, starting where the row's label
    starts, no more of them than the label's lines below the row (a caption just above a table is
    no part of its first row's label)."""
    row = grid.body[0]
    starts = [seg.x0 for seg in row.segs if not seg.is_figure]

    def wraps(line: SegLine, near: SegLine) -> bool:
        return same_block(*sorted((line, near), key=lambda ln: ln.top)) and not line.figures \
            and bool(line.segs) and all(any(abs(seg.x0 - x) <= EDGE_TOLERANCE for x in starts) for seg in line.segs)

    head: list[SegLine] = []
    for line in reversed(between):
        if not wraps(line, head[0] if head else row):
            break
        head.insert(0, line)
    tail: list[SegLine] = []
    for line in grid.body[1:]:
        if not wraps(line, tail[-1] if tail else row):
            break
        tail.append(line)
    return head if len(head) <= len(tail) else []


def _units_caption(line: SegLine) -> Optional[str]:
    """The unit a caption line gives for all the figures below it ('All figures in £000s' -> '£000s')."""
    m = UNITS_CAPTION_RE.match(line.text.strip()) if len(line.segs) == 1 else None
    return m.group(1).replace(" ", "") if m else None


def _row_pitch(body: list[SegLine]) -> float:
    """The usual distance from one row of figures to the next (0 with fewer than two rows)."""
    tops = [ln.top for ln in body if ln.figures]
    steps = [b - a for a, b in zip(tops, tops[1:]) if b > a]
    return median(steps) if steps else 0.0


def _heads_columns(line: SegLine, grid: AlignedGrid) -> bool:
    return sum(_column_of(s, grid.columns) is not None for s in line.segs) >= 2


def _is_header_line(line: SegLine, grid: AlignedGrid, over_figures: bool = True) -> bool:
    """Short headings, each over one figure column or outside them all; at least one over a figure
    column in the heading line next to the body (lines above it may head the text columns only)."""
    if any(s.is_figure and not YEAR_RE.match(s.text) for s in line.segs):
        return False
    over_columns = 0
    for seg in line.segs:
        if len(seg.text) > MAX_HEADER_SEGMENT or _is_figure_phrase(seg):
            return False
        if _column_of(seg, grid.columns) is not None:
            if _over_body_text(seg, grid):
                return False  # a caption running over the labels and a column of figures
            over_columns += 1
        elif not _outside(seg, grid.columns):
            return False
    return over_columns > 0 or not over_figures


def _is_figure_phrase(seg: Seg) -> bool:
    """A phrase led by an amount ('54.2% increase between 2020 - 2024'): a note on a row's figures, not
    a heading."""
    words = seg.text.split()
    return len(words) >= 3 and bool(FIGURE_TEXT_RE.match(words[0]) and AMOUNT_RE.search(words[0])) \
        and not UNIT_TEXT_RE.match(words[0])  # ('£000 Revised Budget' is a heading)


def _over_body_text(seg: Seg, grid: AlignedGrid) -> bool:
    """The segment stands over text of the body beside the figure columns (a row's label)."""
    return any(t.x0 <= seg.x1 and t.x1 >= seg.x0 and _column_of(t, grid.columns) is None
               for ln in grid.body for t in ln.segs)


# ---------------------------------------------------------------- rows

def _tidy_rows(grid: AlignedGrid, same_block) -> None:
    """Say where the headings and the text columns stand; then wrapped labels rejoin their row."""
    grid.heading_spans = _heading_spans(grid)
    grid.text_columns = grid.text_columns or _text_columns(grid)  # a table's part: its table's
    body = _attach_text_lines(grid.body, grid, same_block)
    grid.lines = grid.lines[:grid.header_lines] + body


def _heading_spans(grid: AlignedGrid) -> list[tuple[float, float]]:
    """Each figure column widened by the headings over it: a heading centred over a narrow column
    of figures set flush left may stand partly (a second line of it wholly) beside them."""
    columns = grid.columns
    spans = [list(c) for c in columns]
    for line in grid.lines[:grid.header_lines]:
        for seg in line.segs:
            k = _column_of(seg, columns)
            left = columns[k - 1][1] if k else float("-inf")
            right = columns[k + 1][0] if k is not None and k + 1 < len(columns) else float("inf")
            if k is not None and left < seg.x0 and seg.x1 < right and not _over_body_text(seg, grid):
                # a heading over its column alone
                spans[k] = [min(spans[k][0], seg.x0), max(spans[k][1], seg.x1)]
    return [(a, b) for a, b in spans]


def _text_columns(grid: AlignedGrid) -> list[tuple[float, float]]:
    """Extents of the columns of text beside the figure columns, left to right.

    In each gap between figure columns, the stretches where the text of two or more rows stands
    make the columns (a label, then a one-letter code); a row whose text runs from one into the
    next does not join them. Headings over a gap with no body text in it make a column of their own;
    so does the text of one row beside the others' under a heading of its own ('Area' over
    'Education' left of 'Indicator' over the rows' labels: one area for the rows on the page).
    """
    out: list[tuple[float, float]] = []
    by_gap: dict[int, list[tuple[Seg, int]]] = {}
    for i, ln in enumerate(grid.lines):
        for seg in ln.segs:
            if grid.column_of(seg, ln) is None:
                by_gap.setdefault(_gap_of(seg, grid.columns), []).append((seg, i))
    for placed in by_gap.values():
        body = [seg for seg, i in placed if i >= grid.header_lines] or [seg for seg, _ in placed]
        stretches = _shared_stretches(body)
        if stretches:
            heads = [seg for seg, i in placed if i < grid.header_lines]
            stretches += _headed_strays(body, heads, stretches)
        out += stretches or _merge_extents(body)
    return sorted(out)


def _headed_strays(body: list[Seg], heads: list[Seg], stretches) -> list[tuple[float, float]]:
    """Columns of body text beside the shared stretches, each with a heading over it that stands
    beside them too: text alone in its column on this page, under that column's heading."""
    def apart(seg: Seg) -> bool:
        return all(seg.x1 < a or seg.x0 > b for a, b in stretches)

    strays = [s for s in body if apart(s)]
    heads = [h for h in heads if apart(h)]
    if not strays or not heads:
        return []
    return [(a, b) for a, b in _merge_extents(strays + heads)
            if any(a <= s.x0 and s.x1 <= b for s in strays) and any(a <= h.x0 and h.x1 <= b for h in heads)]


def _shared_stretches(segs: list[Seg]) -> list[tuple[float, float]]:
    """The stretches of x covered by two or more of the segments (each line's segments are apart)."""
    events = sorted([(s.x0, 1) for s in segs] + [(s.x1, -1) for s in segs], key=lambda e: (e[0], -e[1]))
    out: list[tuple[float, float]] = []
    depth, start = 0, 0.0
    for x, step in events:
        if step > 0 and depth == 1:
            start = x
        elif step < 0 and depth == 2 and x > start:
            out.append((start, x))
        depth += step
    merged: list[tuple[float, float]] = []
    for a, b in out:  # stretches that touch are one
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _text_column_of(seg, text_columns: list[tuple[float, float]], columns) -> int:
    """The text column a segment (or word) outside the figure columns belongs to: the one in its
    gap it overlaps most, else the nearest one in its gap, else the nearest one."""
    gap = _gap_of(seg, columns)
    same_gap = [k for k, (a, b) in enumerate(text_columns) if _gap_of(Seg("", a, b), columns) == gap]
    candidates = same_gap or list(range(len(text_columns)))

    def distance(k: int) -> float:
        a, b = text_columns[k]
        overlap = min(b, seg.x1) - max(a, seg.x0)
        return -overlap if overlap > 0 else max(a - seg.x1, seg.x0 - b)

    return min(candidates, key=distance)


def _text_parts(seg: Seg, text_columns, columns) -> list[tuple[int, Seg]]:
    """(text column, segment) for a segment outside the figure columns: cut between its words
    where they stand in two text columns ('Commissioning & Planning B' set tight against its code)."""
    home = _text_column_of(seg, text_columns, columns)
    words = [w for w in seg.items if hasattr(w, "x0")]
    if len(words) < 2:
        return [(home, seg)]
    homes = [_own_text_column(w, text_columns, home) for w in words]
    if len(set(homes)) == 1:
        return [(home, seg)]
    parts: list[tuple[int, list]] = []
    for w, k in zip(words, homes):
        if parts and parts[-1][0] == k:
            parts[-1][1].append(w)
        else:
            parts.append((k, [w]))
    return [(k, _seg(ws)) for k, ws in parts]


def _own_text_column(word, text_columns, home: int) -> int:
    """The text column a word stands in alone, else the column of the segment it is part of."""
    hits = [k for k, (a, b) in enumerate(text_columns) if word.x0 <= b and word.x1 >= a]
    return hits[0] if len(hits) == 1 else home


def _attach_text_lines(lines: list[SegLine], grid: AlignedGrid, same_block) -> list[SegLine]:
    """Text-only lines (a label or note wrapped over several lines) join the row of figures they belong to.

    Lines of text set as one block (ordinary line spacing, same weight) belong together: a block
    holding exactly one labelled row of figures is that row's label; a block with no figures at
    all labels the nearest unlabelled row of figures, if one is near, else is a row of its own (a
    section heading wrapped in its cell). Other text lines (blocks spanning several rows) stay rows
    of their own.
    """
    columns = grid.columns
    rows = [ln for ln in lines if ln.figures]
    pitches = [b.top - a.top for a, b in zip(rows, rows[1:])]
    near = WRAP_SHARE * median(pitches) if pitches else 0.0
    groups: dict[int, list[SegLine]] = {id(r): [r] for r in rows}
    claimed: set[int] = set()
    for block in _text_blocks(lines, columns, same_block):
        texts = [ln for ln in block if not ln.figures]
        labelled = [ln for ln in block if ln.figures]
        if not texts:
            continue
        if len(labelled) == 1:
            groups[id(labelled[0])] += texts
        if labelled:
            continue
        target = _nearest_unlabelled(rows, block, columns, near, claimed)
        if target is not None:
            claimed.add(id(target))
            groups[id(target)] += texts
        elif len(texts) > 1:  # a section label wrapped in its cell: one row
            groups[id(texts[0])] = texts
    joined_into = {id(t): key for key, group in groups.items() for t in group[1:]}
    out = []
    for ln in lines:
        if id(ln) in joined_into:
            continue
        group = groups.get(id(ln))
        out.append(_joined(sorted(group, key=lambda g: g.top), grid) if group and len(group) > 1 else ln)
    return out


def _text_blocks(lines: list[SegLine], columns, same_block) -> list[list[SegLine]]:
    """Runs of lines carrying text outside the figure columns, set close together in one weight.

    A row of figures alone may sit inside a block: a label wrapped in a tall cell has its first
    line above the row's figures and its last below them.
    """
    blocks: list[list[SegLine]] = []
    last_text: list[Seg] = []
    figures_only: Optional[SegLine] = None  # a row with no text just above this line
    for ln in lines:
        text = [s for s in ln.segs if _column_of(s, columns) is None]
        if not text:
            figures_only = ln
            continue
        above = blocks[-1][-1] if blocks else None
        if above is not None and _same_weight(last_text, text) and (
                same_block(above, ln) or _straddles(above, figures_only, ln, same_block)):
            blocks[-1].append(ln)
        else:
            blocks.append([ln])
        last_text = text
        figures_only = None
    return blocks


def _same_weight(above: list[Seg], below: list[Seg]) -> bool:
    """The text of two lines in one weight, where they stand over each other (a label carried on in
    bold beside a date in a column of its own set plain)."""
    def over(a: Seg, b: Seg) -> bool:
        return a.x0 <= b.x1 and a.x1 >= b.x0

    mine = [s for s in below if any(over(s, t) for t in above)] or below
    theirs = [t for t in above if any(over(s, t) for s in below)] or above
    return all(s.bold for s in mine) == all(t.bold for t in theirs)


def _straddles(above: SegLine, row: Optional[SegLine], below: SegLine, same_block) -> bool:
    """Two lines of text only, set close round a row of figures alone between them."""
    return (row is not None and not above.figures and not below.figures and above.top < row.top < below.top
            and same_block(above, row) and same_block(row, below))


def _nearest_unlabelled(rows, block, columns, near, claimed) -> Optional[SegLine]:
    top, bottom = block[0].top, block[-1].top
    best, best_d = None, near
    for row in rows:
        if id(row) in claimed or any(_column_of(s, columns) is None for s in row.segs):
            continue
        d = 0.0 if top <= row.top <= bottom else min(abs(row.top - top), abs(row.top - bottom))
        if d < best_d:
            best, best_d = row, d
    return best


def _joined(lines: list[SegLine], grid: AlignedGrid) -> SegLine:
    """Lines into one: the text of each text column joined in reading order, figures kept."""
    texts: dict[int, list[Seg]] = {}
    values: list[Seg] = []
    for ln in lines:
        for seg in ln.segs:
            if _column_of(seg, grid.columns) is None:
                for k, part in _text_parts(seg, grid.text_columns, grid.columns):
                    texts.setdefault(k, []).append(part)
            else:
                values.append(seg)
    merged = [_merged_seg(group) for group in texts.values()]
    segs = sorted(values + [m for m in merged if m], key=lambda s: s.x0)
    return SegLine(segs, lines[0].top, lines[-1].bottom, [key for ln in lines for key in ln.keys])


def _merged_seg(segs: list[Seg]) -> Optional[Seg]:
    if not segs:
        return None
    return Seg(join_wrapped([s.text for s in segs]), min(s.x0 for s in segs), max(s.x1 for s in segs),
               all(s.bold for s in segs), [i for s in segs for i in s.items], as_text=True)


def join_wrapped(parts: list[str]) -> str:
    """The lines of a wrapped cell as one text: a line broken after a slash or hyphen inside a
    word ('2019/' + '20', 'Post-' + '16') joins without a space."""
    out = ""
    for part in parts:
        out += part if not out or WRAP_JOIN_RE.search(out) else " " + part
    return out


# ---------------------------------------------------------------- segments from words

def cut_segments(groups_per_line: list[list[list]], tolerance: float) -> list[list[Seg]]:
    """Segments of each line from its groups of words (words: anything with text, x0, x1).

    A group is one segment, except that figures at its ends are cut off as segments of their
    own when they are right-aligned with figures on two other lines: a column's figure set tight
    against its label ('11,303.5 Pay'), not a number inside a phrase ('Phase 2', 'under £1m').
    """
    split = [[_ends(g) for g in groups] for groups in groups_per_line]
    edges = sorted(round(unit[-1].x1) for groups in split for head, middle, tail in groups
                   for unit in head + tail + ([middle] if _is_figure(middle) else [])
                   if AMOUNT_RE.search(_text(unit)))
    out = []
    for groups in split:
        segs: list[Seg] = []
        for head, middle, tail in groups:
            segs.extend(_cut(head, middle, tail, edges, tolerance))
        out.append(segs)
    return out


def _ends(words: list) -> tuple[list[list], list, list[list]]:
    """(figure units at the start, the words between, figure units at the end) of a group."""
    if len(words) < 2 or _is_figure(words):
        return [], words, []
    head: list[list] = []
    i = 0
    while i < len(words):
        unit = _figure_unit(words, i, 1)
        if unit is None:
            break
        head.append(unit)
        i += len(unit)
    tail: list[list] = []
    j = len(words)
    while j > i:
        unit = _figure_unit(words, j, -1)
        if unit is None or j - len(unit) < i:
            break
        tail.insert(0, unit)
        j -= len(unit)
    return head, words[i:j], tail


def _figure_unit(words: list, at: int, step: int) -> Optional[list]:
    """The words of a figure starting at `at` (step 1) or ending just before it (step -1)."""
    edge = words[at] if step > 0 else words[at - 1]
    if not (any(ch.isdigit() for ch in edge.text) or edge.text in EDGE_SIGNS):
        return None  # the word at the edge is no figure, nor a sign or '£' set apart from one
    for k in (3, 2, 1):
        part = words[at:at + k] if step > 0 else words[max(0, at - k):at]
        if len(part) == k and (_is_figure(part) or (k == 1 and part[0].text in PLACEHOLDER_TEXTS)):
            return part
    return None


def _cut(head: list[list], middle: list, tail: list[list], edges: list[int], tolerance: float) -> list[Seg]:
    """The group's segments: its end figures that line up with two others cut off, the rest one.

    A group of amounts only ('0.0 1,429,506.8' set tight) is as many cells as amounts; bare
    whole numbers together stay one ('03000 416 934' is a telephone number).
    """
    if not middle and all(AMOUNT_RE.search(_text(u)) for u in head + tail) and not _is_range(head + tail):
        return [_seg(u) for u in head + tail]
    k = 0
    while k < len(head) and _aligned(head[k], edges, tolerance):
        k += 1
    m = len(tail)
    while m > 0 and _aligned(tail[m - 1], edges, tolerance):
        m -= 1
    inner = [w for unit in head[k:] for w in unit] + middle + [w for unit in tail[:m] for w in unit]
    return [_seg(u) for u in head[:k]] + ([_seg(inner)] if inner else []) + [_seg(u) for u in tail[m:]]


def _is_range(units: list[list]) -> bool:
    """A whole number, then a dash set apart and a larger whole number ('0 - 5', '12 – 16'): a range
    of ages or years, one label, not a figure and a negative one."""
    words = [w.text for u in units for w in u]
    return len(words) == 3 and words[1] in ("-", "–") and words[0].isdigit() and words[2].isdigit() \
        and int(words[0]) < int(words[2])


def _aligned(words: list, edges: list[int], tolerance: float) -> bool:
    if not AMOUNT_RE.search(_text(words)):
        return False  # a bare whole number next to text reads as part of it ('Room 12', 'tel 416 934')
    x1 = round(words[-1].x1)
    lo, hi = bisect_left(edges, x1 - tolerance), bisect_right(edges, x1 + tolerance)
    return hi - lo >= 3  # itself and two more


def _text(words: list) -> str:
    return " ".join(w.text for w in words)


def _is_figure(words: list) -> bool:
    text = words[0].text if len(words) == 1 else _text(words)
    return any(ch.isdigit() for ch in text) and bool(FIGURE_TEXT_RE.match(text))


def _seg(words: list) -> Seg:
    return Seg(_text(words), words[0].x0, max(w.x1 for w in words),
               all(getattr(w, "bold", False) for w in words), list(words))
