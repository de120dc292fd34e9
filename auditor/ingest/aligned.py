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
from dataclasses import dataclass, field
from statistics import median
from typing import Callable, Optional

FIGURE_TEXT_RE = re.compile(
    r"^(?:[+\-–−]\s?)?\(?(?:[+\-–−]\s?)?[£$€]?\s?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\)?\s?(?:%|m|k|bn)?$",
    re.I)
UNIT_TEXT_RE = re.compile(r"^[£$€]\s?'?000s?$", re.I)  # '£000', "£'000": a unit heading, not a figure
PLACEHOLDER_TEXTS = {"-", "–", "—", "nil", "n/a", "na"}
EDGE_SIGNS = PLACEHOLDER_TEXTS | {"+", "£", "$", "€", "(", ")", "%", "m", "k", "bn"}
UNITS_CAPTION_RE = re.compile(
    r"^\(?(?:(?:all\s+)?(?:figures|amounts|values|sums)\s+(?:are\s+)?(?:shown\s+)?in\s+)?"
    r"(£\s?'?000s?|£\s?m|£\s?k|£\s?bn|£\s?millions?|£\s?thousands?)\)?\.?$", re.I)
YEAR_RE = re.compile(r"^(?:19|20)\d\d$")
AMOUNT_RE = re.compile(r"[.,%£$€()+\-–−]|^0$")  # a figure written as an amount, not a bare whole number
NUMBERING_RE = re.compile(r"^\d{1,3}(?:\.\d{1,2})?$")
MIN_ROWS = 3  # rows with two or more aligned figures
MIN_FIGURES_PER_COLUMN = 3
MAX_HEADER_LINES = 8  # narrow columns wrap their headings over many short lines
MAX_RETRIED_RUN = 50  # lines: a longer run that makes no table is skipped whole (keeps the search linear)
MAX_HEADER_SEGMENT = 40  # characters: longer is prose, not a column heading
MAX_TEXT_ONLY_LINES = 4  # wrapped labels, section labels, notes between two rows of figures
MAX_NOTE_LINES = 16  # lines of a notes column beside one row (a paragraph explaining a variance)
MAX_LINES_UNDER_HEADER = 6  # notes carried over from the page before, between the headings and the first row
WRAP_SHARE = 0.75  # a label line nearer its row than this share of the row pitch belongs to it


@dataclass
class Seg:
    """A run of text on one line with its horizontal extent; items are the source's own pieces."""

    text: str
    x0: float
    x1: float
    bold: bool = False
    items: list = field(default_factory=list)
    numbering: bool = False  # a figure read as text: one of a run of paragraph or row numbers

    def __post_init__(self):
        self._figure_text = bool(FIGURE_TEXT_RE.match(self.text)) and not UNIT_TEXT_RE.match(self.text)

    @property
    def is_figure(self) -> bool:
        return self._figure_text and not self.numbering

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
    text_gaps: list[int] = field(default_factory=list)  # gaps between columns holding text (0: left of all)

    def cells(self, line: SegLine) -> list[list[Seg]]:
        """The line's segments per cell, left to right: text gaps and figure columns interleaved."""
        values: list[list[Seg]] = [[] for _ in self.columns]
        texts: dict[int, list[Seg]] = {g: [] for g in self.text_gaps}
        for seg in line.segs:
            col = _column_of(seg, self.columns)
            if col is not None:
                values[col].append(seg)
            else:
                texts.setdefault(_gap_of(seg, self.columns), []).append(seg)
        return [texts[g] if kind == "text" else values[g] for kind, g in self.slots()]

    def slots(self) -> list[tuple[str, int]]:
        """('text', gap) or ('value', column) for each cell that cells() gives."""
        out: list[tuple[str, int]] = []
        for g in range(len(self.columns) + 1):
            if g in self.text_gaps:
                out.append(("text", g))
            if g < len(self.columns):
                out.append(("value", g))
        return out

    @property
    def body(self) -> list[SegLine]:
        return self.lines[self.header_lines:]


def find_grids(lines: list[SegLine], close: Callable[[SegLine, SegLine], bool],
               same_block: Optional[Callable[[SegLine, SegLine], bool]] = None) -> list[AlignedGrid]:
    """Tables among lines (top to bottom).

    close(a, b): b is near enough below a to share a table; same_block(a, b): b carries on the
    text of a at ordinary line spacing (a label wrapped over two lines).
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
        grid = _grid(body)
        if grid is None:
            # a long run that is no table is not searched again from each of its lines
            i = end if len(body) > MAX_RETRIED_RUN else i + 1
            continue
        _take_header(lines, i, floor, grid, close, same_block)
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
    return bool(re.fullmatch(r"[tp]*f[fp]*(?:t+f[fp]*)?[tp]*", kinds))


def _is_text_only(line: SegLine, columns) -> bool:
    """No figures, and every segment wholly left or wholly right of the figure columns."""
    return not line.figures and all(_outside(s, columns) for s in line.segs)


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
    """Each figure in its own column, each placeholder in one, all text outside the columns."""
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
    columns = _columns_of(run)
    j = start + 1
    while j < len(lines):
        line, prev = lines[j], (pending or run)[-1]
        if not close(prev, line):
            break
        if _carries_on(columns, line):
            run += pending + [line]
            pending = []
            columns = _merge_extents_into(columns, line.figures)
        elif _is_text_only(line, columns) and _room_for(pending, line, columns):
            pending.append(line)
        else:
            break
        j += 1
    kept = _wrapped_tail(run[-1], pending, same_block)
    return run + kept, j - len(pending) + len(kept)


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
                seg.numbering = True
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
    """Plain years over the figure columns and no label: a heading row, not figures."""
    return all(YEAR_RE.match(s.text) and _column_of(s, columns) is not None for s in line.segs)


# ---------------------------------------------------------------- headings above

def _take_header(lines: list[SegLine], first: int, floor: int, grid: AlignedGrid, close, same_block) -> None:
    """Heading lines above the body join the grid, with any text-only lines between them and it."""
    k, below, between = first - 1, lines[first], []
    while k >= floor and len(between) < MAX_LINES_UNDER_HEADER and close(lines[k], below) \
            and _is_text_only(lines[k], grid.columns) and not _is_header_line(lines[k], grid):
        between.insert(0, lines[k])
        below = lines[k]
        k -= 1
    headers: list[SegLine] = []
    # the heading lines are set close together; a caption or title further up is no heading
    while k >= floor and len(headers) < MAX_HEADER_LINES \
            and (same_block(lines[k], below) if headers else close(lines[k], below)) \
            and _is_header_line(lines[k], grid, over_figures=not headers):
        headers.insert(0, lines[k])
        below = lines[k]
        k -= 1
    if headers:
        grid.lines = headers + between + grid.lines
        grid.header_lines += len(headers)
        below = headers[0]
    elif between:
        return  # text lines without headings above them are no part of the table
    if k >= floor and close(lines[k], below):
        unit = _units_caption(lines[k])
        if unit is not None:  # 'All figures in £m': a unit row over every figure column
            segs = [Seg(unit, a, b) for a, b in grid.columns]
            grid.lines.insert(0, SegLine(segs, lines[k].top, lines[k].bottom, lines[k].keys))
            grid.header_lines += 1


def _units_caption(line: SegLine) -> Optional[str]:
    """The unit a caption line gives for all the figures below it ('All figures in £000s' -> '£000s')."""
    m = UNITS_CAPTION_RE.match(line.text.strip()) if len(line.segs) == 1 else None
    return m.group(1).replace(" ", "") if m else None


def _is_header_line(line: SegLine, grid: AlignedGrid, over_figures: bool = True) -> bool:
    """Short headings, each over one figure column or outside them all; at least one over a figure
    column in the heading line next to the body (lines above it may head the text columns only)."""
    if any(s.is_figure and not YEAR_RE.match(s.text) for s in line.segs):
        return False
    over_columns = 0
    for seg in line.segs:
        if len(seg.text) > MAX_HEADER_SEGMENT:
            return False
        if _column_of(seg, grid.columns) is not None:
            over_columns += 1
        elif not _outside(seg, grid.columns):
            return False
    return over_columns > 0 or not over_figures


# ---------------------------------------------------------------- rows

def _tidy_rows(grid: AlignedGrid, same_block) -> None:
    """Wrapped labels rejoin their row; then say which outer columns the table has."""
    body = _attach_text_lines(grid.body, grid.columns, same_block)
    grid.lines = grid.lines[:grid.header_lines] + body
    outer = [s for ln in grid.lines for s in ln.segs if _column_of(s, grid.columns) is None]
    grid.text_gaps = sorted({_gap_of(s, grid.columns) for s in outer})


def _attach_text_lines(lines: list[SegLine], columns, same_block) -> list[SegLine]:
    """Text-only lines (a label or note wrapped over several lines) join the row of figures they belong to.

    Lines of text set as one block (ordinary line spacing, same weight) belong together: a block
    holding exactly one labelled row of figures is that row's label; a block with no figures at
    all labels the nearest unlabelled row of figures, if one is near. Other text lines (section
    headings, blocks spanning several rows) stay rows of their own.
    """
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
    joined_into = {id(t): id(r) for r in rows for t in groups[id(r)][1:]}
    out = []
    for ln in lines:
        if id(ln) in joined_into:
            continue
        group = groups.get(id(ln))
        out.append(_joined(sorted(group, key=lambda g: g.top), columns) if group and len(group) > 1 else ln)
    return out


def _text_blocks(lines: list[SegLine], columns, same_block) -> list[list[SegLine]]:
    """Runs of lines carrying text outside the figure columns, set close together in one weight."""
    blocks: list[list[SegLine]] = []
    last_bold = None
    for ln in lines:
        text = [s for s in ln.segs if _column_of(s, columns) is None]
        if not text:
            continue
        bold = all(s.bold for s in text)
        if blocks and bold == last_bold and same_block(blocks[-1][-1], ln):
            blocks[-1].append(ln)
        else:
            blocks.append([ln])
        last_bold = bold
    return blocks


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


def _joined(lines: list[SegLine], columns) -> SegLine:
    """Lines into one: the label and the notes text each joined in reading order, figures kept."""
    texts: dict[int, list[Seg]] = {}
    for ln in lines:
        for seg in ln.segs:
            if _column_of(seg, columns) is None:
                texts.setdefault(_gap_of(seg, columns), []).append(seg)
    merged = [_merged_seg(group) for group in texts.values()]
    values = [s for ln in lines for s in ln.segs if _column_of(s, columns) is not None]
    segs = sorted(values + [m for m in merged if m], key=lambda s: s.x0)
    return SegLine(segs, lines[0].top, lines[-1].bottom, [key for ln in lines for key in ln.keys])


def _merged_seg(segs: list[Seg]) -> Optional[Seg]:
    if not segs:
        return None
    return Seg(" ".join(s.text for s in segs), min(s.x0 for s in segs), max(s.x1 for s in segs),
               all(s.bold for s in segs), [i for s in segs for i in s.items])


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
    if not middle and all(AMOUNT_RE.search(_text(u)) for u in head + tail):
        return [_seg(u) for u in head + tail]
    k = 0
    while k < len(head) and _aligned(head[k], edges, tolerance):
        k += 1
    m = len(tail)
    while m > 0 and _aligned(tail[m - 1], edges, tolerance):
        m -= 1
    inner = [w for unit in head[k:] for w in unit] + middle + [w for unit in tail[:m] for w in unit]
    return [_seg(u) for u in head[:k]] + ([_seg(inner)] if inner else []) + [_seg(u) for u in tail[m:]]


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
