"""Tables in text whose columns were run together with single spaces (`pdftotext` without
-layout, text copied out of a PDF viewer).

No column edge can be measured in such text: every cell stands one space from the next. A row is
a line ending in two or more figures ('433 - Strategic City Transport 1.074 1.319 1.391 (0.087)
0.071 5.4%'), read from the right as the table's columns; a table is three or more such rows close
together, with the same number of figures. The headings above it are run together as well: only a
line of as many periods as there are columns ('2025/26 2026/27 2027/28', after the label column's
heading if any) and a line of as many units ('£000 £000 £000') are read as headings; other columns
are named by position.

A row's label may wrap over lines above and below its figures: the converter prints a tall
cell's figures at its middle ('GR09 Clean Air Zone' / '5,581 75 4,714 (867) 1% 84%' /
'Programme'). The text lines between two rows are shared between them so that each row gets a
label, the labels stand balanced round their figures as far as can be, and a total's label
begins its row; a line that belongs to neither neighbour (a section label) stays a row of its own.
Page furniture between the parts of a table on two pages (page numbers, running footers, the
protective marking) is skipped.

Where reading would need a guess, the table is refused: kept as a table marked 'unreadable' with
the reason, its figures not read. That is so when the rows hold different numbers of figures (an
empty cell left out cannot be placed), when a line among them holds figures not at its end (a
column of text after the figures, a figure inside a label), and when the wrapped labels can be
matched to the rows in more than one equally good way.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from auditor.ingest.aligned import AMOUNT_RE, FIGURE_TEXT_RE, PLACEHOLDER_TEXTS, UNIT_TEXT_RE, join_wrapped
from auditor.model import Cell, Location, Table
from auditor.numbers import parse_figure
from auditor.vocab import TOTAL_WORDS_PATTERN

LAID_OUT_RE = re.compile(r"\S {2,}\S")  # a run of spaces between two words: text laid out in columns
MAX_LAID_OUT_SHARE = 0.1  # of the non-blank lines: more, and the text keeps its columns
MIN_ROWS = 3
MAX_LABEL_LINES = 4  # lines of a row's label on each side of its figures
MAX_LABEL_CHARS = 80  # a longer line is prose, not a label wrapped in a cell
MIN_AMOUNT_COLUMNS = 2  # columns with a figure written as an amount ('1,234', '(5.6)', '12%'), not a bare number
MAX_FOLDED_DIGITS = 3  # 'Week 1', 'Phase 2': a bare number ending a label, read with it
UNBALANCED_COST = 2  # a label line out of balance costs more than one read as a section label of its own
REPEATS = 3  # a line of this shape seen this often is a running header or footer
DIGIT_RE = re.compile(r"\d")
YEAR_RE = re.compile(r"^(?:19|20)\d\d$")
UNIT_TOKEN_RE = re.compile(r"^\(?(?:£|\$|€)?(?:[',]?000s?|k|m|bn|ks)?\)?$|^%$", re.I)
PAGE_LINE_RE = re.compile(r"^(?:page\s*\|?\s*)?\d{1,4}$", re.I)
PAGE_END_RE = re.compile(r"(?:\bpage|p a g e)\s*\|?\s*\d{1,4}$", re.I)
TOTAL_START_RE = re.compile(rf"^\W*{TOTAL_WORDS_PATTERN}\b", re.I)  # a total's label opens with it
TOTAL_END_RE = re.compile(rf"\b{TOTAL_WORDS_PATTERN}\W*$", re.I)  # 'Children's Services Total'
MARKING_RE = re.compile(r"^[A-Z][A-Z \-]{2,30}$")  # 'OFFICIAL': a short line in capitals
PERIOD_TOKEN_RE = re.compile(r"^(?:19|20)\d\d(?:[/–-]\d\d(?:\d\d)?)?$")  # '2025/26', '2025', '2025-26'
MAX_HEADING_LINES = 2  # a row of periods over a row of units


@dataclass
class _Line:
    index: int  # 0-based
    text: str  # stripped
    kind: str  # 'blank', 'furniture', 'row', 'text'
    cells: list[str] = field(default_factory=list)  # a row's figures, left to right
    label: str = ""  # a row's text before its figures
    figured: bool = False  # a text line holding an amount, or a row whose label holds one
    units: bool = False  # a line of unit headings ('£m £m %')
    periods: int = 0  # a heading line ending in periods ('Service 2024/25 2025/26'): how many


@dataclass
class _Run:
    rows: list[_Line]
    gaps: list[list[Optional[_Line]]]  # gaps[r]: lines between rows[r-1] and rows[r] (r >= 1)
    tainted: str = ""  # why its neighbourhood makes it unreadable


def is_flowed(lines: list[str]) -> bool:
    """Text that keeps no columns: (almost) no line has a run of spaces between two words."""
    texts = [t.strip() for t in lines if t.strip()]
    return sum(1 for t in texts if LAID_OUT_RE.search(t)) <= MAX_LAID_OUT_SHARE * len(texts)


def find_flowed_tables(lines: list[str], source: str) -> dict[int, tuple[int, Table]]:
    """{index of a table's first line: (index after its last line, table)} for 0-based line indexes."""
    classified = _classify(lines)
    found: dict[int, tuple[int, Table]] = {}
    for run in _runs(classified):
        table, first, last = _read(run, classified, source)
        if table is not None:
            found[first] = (last + 1, table)
    return found


# ---------------------------------------------------------------- lines

def _is_number(token: str) -> bool:
    return (bool(DIGIT_RE.search(token)) and bool(FIGURE_TEXT_RE.match(token))
            and not UNIT_TEXT_RE.match(token) and token.count("(") == token.count(")"))


def _is_cell(token: str) -> bool:
    return _is_number(token) or token.lower() in PLACEHOLDER_TEXTS


def _is_amount(token: str) -> bool:
    return _is_number(token) and bool(AMOUNT_RE.search(token))


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text)


def _classify(lines: list[str]) -> list[_Line]:
    texts = [t.strip() for t in lines]
    shapes_of = [_shape(t) if len(t) <= MAX_LABEL_CHARS else "" for t in texts]
    shapes = Counter(shapes_of)
    out = []
    for i, text in enumerate(texts):
        if not text:
            out.append(_Line(i, text, "blank"))
        elif _is_furniture(text, shapes[shapes_of[i]]):
            out.append(_Line(i, text, "furniture"))
        else:
            out.append(_classify_text(i, text))
    return out


def _is_furniture(text: str, repeats: int) -> bool:
    """A page number, or a running header or footer: a short line of one shape seen on many pages."""
    if PAGE_LINE_RE.match(text):
        return True
    if len(text) > MAX_LABEL_CHARS or repeats < REPEATS or _is_total(text) or TOTAL_END_RE.search(text):
        return False
    return bool(PAGE_END_RE.search(text) or MARKING_RE.match(text))


def _classify_text(i: int, text: str) -> _Line:
    if not DIGIT_RE.search(text) and text.rsplit(None, 1)[-1].lower() not in PLACEHOLDER_TEXTS:  # most lines
        return _Line(i, text, "text", units="£" in text and all(UNIT_TOKEN_RE.match(w) for w in text.split()))
    words = text.split()
    if LAID_OUT_RE.search(text):  # a line that keeps its columns is the laid-out reader's, never a row here
        return _Line(i, text, "text", figured=any(_is_amount(w) for w in words if DIGIT_RE.search(w)))
    n = 0
    while n < len(words) and _is_cell(words[-1 - n]):
        n += 1
    cells, label_words = words[len(words) - n:], words[:len(words) - n]
    numbers = [c for c in cells if _is_number(c)]
    if n >= 2 and (numbers or n >= 3) and not all(YEAR_RE.match(c) for c in numbers or ["-"]):
        return _Line(i, text, "row", cells, " ".join(label_words),
                     figured=any(_is_amount(w) for w in label_words))
    units = len(words) >= 2 and all(UNIT_TOKEN_RE.match(w) for w in words)
    periods = 0
    while periods < len(words) and PERIOD_TOKEN_RE.match(words[-1 - periods]):
        periods += 1
    if periods < 2 or any(DIGIT_RE.search(w) for w in words[:len(words) - periods]):
        periods = 0
    return _Line(i, text, "text", figured=any(_is_amount(w) for w in words if DIGIT_RE.search(w)), units=units,
                 periods=periods)


# ---------------------------------------------------------------- runs of rows

def _runs(lines: list[_Line]) -> list[_Run]:
    """Rows close together, with the lines between them; a run ends where the lines between two
    rows cannot all be labels of theirs (prose, a caption apart from both, headings, figures)."""
    runs: list[_Run] = []
    current: Optional[_Run] = None
    between: list[Optional[_Line]] = []
    for line in lines:
        if line.kind == "row":
            reason = _break_reason(between) if current is not None else "start"
            if reason:
                if current is not None:
                    runs.append(current)
                    if reason == "figures":
                        current.tainted = current.tainted or _figures_reason(between)
                current = _Run([line], [[]], tainted=_figures_reason(between) if reason == "figures" else "")
            else:
                current.rows.append(line)
                current.gaps.append(between)
            between = []
        elif line.kind == "blank":
            between.append(None)
        elif line.kind == "text":
            between.append(line)
            if current is not None and len(between) > 3 * MAX_LABEL_LINES:
                runs.append(current)
                current = None
    if current is not None:
        runs.append(current)
    return runs


def _figures_reason(between: list[Optional[_Line]]) -> str:
    line = next((ln for ln in between if ln is not None and ln.figured), None)
    if line is None:
        return ""
    return (f"line {line.index + 1} beside the rows holds figures not at its end ('{_short(line.text)}'): "
            "the table has columns this reader cannot place")


def _break_reason(between: list[Optional[_Line]]) -> str:
    texts = [ln for ln in between if ln is not None]
    if any(ln.figured for ln in texts):
        return "figures"
    if any(ln.units or ln.periods or len(ln.text) > MAX_LABEL_CHARS for ln in texts):
        return "prose"
    groups = _groups(between)
    if len(groups) > 2 or any(len(g) > 2 * MAX_LABEL_LINES for g in groups):
        return "prose"
    if len(groups) == 2 and (between[0] is None or between[-1] is None):
        return "prose"  # a group touching neither row
    if len(groups) == 1 and between and between[0] is None and between[-1] is None:
        return "prose"
    return ""


def _groups(lines: list[Optional[_Line]]) -> list[list[_Line]]:
    groups: list[list[_Line]] = [[]]
    for ln in lines:
        if ln is None:
            groups.append([])
        else:
            groups[-1].append(ln)
    return [g for g in groups if g]


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


# ---------------------------------------------------------------- one run into a table

def _read(run: _Run, lines: list[_Line], source: str) -> tuple[Optional[Table], int, int]:
    """(table or None, index of its first line, of its last)."""
    rows = run.rows
    first, last = rows[0].index, rows[-1].index
    if len(rows) < MIN_ROWS:
        return None, first, last
    k = min(len(r.cells) for r in rows)
    with_amounts = {j for r in rows for j, c in enumerate(r.cells[len(r.cells) - k:]) if _is_amount(c)}
    if len(with_amounts) < MIN_AMOUNT_COLUMNS:
        return None, first, last  # counts or scores, not a table of amounts
    above = _edge(lines, first, -1)
    below = _edge(lines, last, 1)
    reason = run.tainted or _edge_reason(lines, above, first, -1) or _edge_reason(lines, below, last, 1)
    narrowest = next(r for r in rows if len(r.cells) == k)
    widths: list[tuple[list[str], str]] = []
    for r in rows:
        extra, cells = r.cells[:len(r.cells) - k], r.cells[len(r.cells) - k:]
        if extra and not (r.label and all(_foldable(t) for t in extra)):
            reason = reason or (f"rows hold different numbers of figures (line {narrowest.index + 1}: {k}, "
                                f"line {r.index + 1}: {len(r.cells)}): an empty cell left out cannot be "
                                "placed without the columns' positions")
        widths.append((cells, " ".join([r.label] + extra).strip()))
    bad = next((r for r in rows if r.figured), None)
    if not reason and bad is not None:
        reason = (f"line {bad.index + 1} holds figures inside its label ('{_short(bad.text)}'): "
                  "columns of text stand between columns of figures")
    labels = None
    if not reason:
        labels = _labels(run, [lab for _, lab in widths], above, below)
        if labels is None:
            reason = ("the row labels wrapped over several lines can be matched to the rows in more "
                      "than one way")
    if reason:
        return _unreadable(lines[first:last + 1], reason, source), first, last
    assert labels is not None
    head = labels[0][0]
    return _table(rows, widths, labels, source, _headings(lines, head[0].index if head else first, k))


def _headings(lines: list[_Line], top: int, k: int) -> list[_Line]:
    """The heading lines straight above a table's first line (blank lines between allowed), top to
    bottom: a row of k periods ('2025/26 2026/27'), after the heading of the label column if any,
    and a row of k units ('£000 £000'). Other headings run together cannot be cut into columns."""
    out: list[_Line] = []
    j = top - 1
    while j >= 0 and len(out) < MAX_HEADING_LINES:
        ln = lines[j]
        if ln.kind == "blank":
            j -= 1
            continue
        if ln.kind != "text" or not (ln.periods == k or ln.units and len(ln.text.split()) == k):
            break
        out.insert(0, ln)
        j -= 1
    return out


def _foldable(token: str) -> bool:
    """A token that reads as the end of a label: a dash, or a short bare number ('Week 1')."""
    return token.lower() in PLACEHOLDER_TEXTS or (token.isdigit() and len(token) <= MAX_FOLDED_DIGITS)


def _edge(lines: list[_Line], at: int, step: int) -> list[_Line]:
    """Text lines touching the row at `at` on one side (nearest first): its label's possible head or tail."""
    out: list[_Line] = []
    j = at + step
    while 0 <= j < len(lines) and len(out) < MAX_LABEL_LINES:
        ln = lines[j]
        if ln.kind != "text" or ln.figured or ln.units or ln.periods or len(ln.text) > MAX_LABEL_CHARS:
            break
        out.append(ln)
        j += step
    return out


def _edge_reason(lines: list[_Line], edge: list[_Line], at: int, step: int) -> str:
    """A line with figures touching the table from outside: its rows may carry on in another layout."""
    j = (edge[-1].index if edge else at) + step
    if 0 <= j < len(lines) and lines[j].kind == "text" and lines[j].figured:
        return _figures_reason([lines[j]])
    return ""


# ---------------------------------------------------------------- labels

@dataclass
class _Share:
    """How one gap's lines are shared: `tail` lines to the row above, `orphans` next, the rest to the row below."""

    tail: int
    orphans: int


def _gap_shares(gap: list[Optional[_Line]]) -> list[_Share]:
    """The ways a gap between two rows may be shared (a blank line fixes which row a group touches)."""
    groups = _groups(gap)
    if not groups:
        return [_Share(0, 0)]
    if len(groups) == 2:  # a blank between: the first group ends the row above, the second opens the row below
        n = len(groups[0])
        return [_Share(t, n - t) for t in range(n + 1)]  # part of the first group may be a section label
    n = len(groups[0])
    touches_above, touches_below = gap[0] is not None, gap[-1] is not None
    shares = []
    for t in range(n + 1 if touches_above else 1):
        for o in range(n - t + 1):
            if touches_below or t + o == n:
                shares.append(_Share(t, o))
    return shares


def _labels(run: _Run, inline: list[str], above: list[_Line], below: list[_Line]) -> Optional[list[tuple]]:
    """Each row's label lines (head, inline, tail) and the section lines after it, or None when the
    best sharing is not the only one. Cost: a row's head and tail lines out of balance, a line left
    to a section label of its own; a row needs a label unless no row has one."""
    rows = run.rows
    gaps = [_texts(g) for g in run.gaps]
    shares = [None] + [_gap_shares(g) for g in run.gaps[1:]]
    unlabelled = not any(inline) and not any(gaps[1:])
    if unlabelled:
        return [([], "", [], []) for _ in rows]  # figures only: a table with no row labels
    # state: lines of the row's head; dp[r][head] = (cost, ways, back-pointer)
    heads0 = list(range(len(above) + 1))
    best: list[dict[int, tuple[int, int, Optional[tuple]]]] = [{h: (0, 1, None) for h in heads0}]
    for r in range(len(rows)):
        nxt: dict[int, tuple[int, int, Optional[tuple]]] = {}
        options = ([(_Share(t, 0), 0) for t in range(len(below) + 1)] if r == len(rows) - 1
                   else [(s, len(gaps[r + 1]) - s.tail - s.orphans) for s in shares[r + 1]])
        for head, (cost, ways, _) in best[r].items():
            head_lines = _head_lines(r, head, above, gaps)
            for share, next_head in options:
                tail_lines = (below[:share.tail] if r == len(rows) - 1 else gaps[r + 1][:share.tail])
                orphan_lines = [] if r == len(rows) - 1 else gaps[r + 1][share.tail:share.tail + share.orphans]
                step = _row_cost(head_lines, inline[r], tail_lines, orphan_lines)
                if step is None:
                    continue
                key = next_head if r < len(rows) - 1 else -1
                total = cost + step
                old = nxt.get(key)
                if old is None or total < old[0]:
                    nxt[key] = (total, ways, (head, share))
                elif total == old[0]:
                    nxt[key] = (total, old[1] + ways, old[2])
        if not nxt:
            return None
        best.append(nxt)
    end = best[-1].get(-1)
    if end is None or end[1] != 1:
        return None
    out: list[tuple] = []
    key = -1
    for r in range(len(rows) - 1, -1, -1):
        head, share = best[r + 1][key][2]
        tail = below[:share.tail] if r == len(rows) - 1 else gaps[r + 1][:share.tail]
        orphans = [] if r == len(rows) - 1 else gaps[r + 1][share.tail:share.tail + share.orphans]
        out.append((_head_lines(r, head, above, gaps), inline[r], tail, orphans))
        key = head
    out.reverse()
    # a choice of head lines for the first row that another choice ties with is ambiguous too
    return out


def _texts(gap: list[Optional[_Line]]) -> list[_Line]:
    return [ln for ln in gap if ln is not None]


def _head_lines(r: int, head: int, above: list[_Line], gaps: list[list[_Line]]) -> list[_Line]:
    if r == 0:
        return list(reversed(above[:head]))
    return gaps[r][len(gaps[r]) - head:] if head else []


def _row_cost(head: list[_Line], inline: str, tail: list[_Line], orphans: list[_Line]) -> Optional[int]:
    """The cost of one row's label, or None when it cannot be (no label; a total inside a label)."""
    if not head and not inline and not tail:
        return None
    if len(head) > MAX_LABEL_LINES or len(tail) > MAX_LABEL_LINES:
        return None
    if any(_is_total(ln.text) for ln in head[1:] + tail + orphans) or (head and _is_total(inline)):
        return None  # a total's label opens its row
    return UNBALANCED_COST * abs(len(head) - len(tail)) + len(orphans)


def _is_total(text: str) -> bool:
    return bool(TOTAL_START_RE.match(text))


# ---------------------------------------------------------------- tables

def _table(rows: list[_Line], widths: list[tuple[list[str], str]], labels: list[tuple],
           source: str, headings: list[_Line] = ()) -> tuple[Table, int, int]:
    k = len(widths[0][0])
    has_labels = any(head or inline or tail or orphans for head, inline, tail, orphans in labels)
    out: list[list[Cell]] = []
    for ln in headings:  # one heading a column; the words before a row of periods head the labels
        loc = Location(source, line=ln.index + 1)
        words = ln.text.split()
        out.append(([Cell(" ".join(words[:len(words) - k]), loc)] if has_labels else [])
                   + [Cell(w, loc) for w in words[len(words) - k:]])
    first = last = rows[0].index
    first = min([first] + [ln.index for ln in headings])
    for row, (cells, inline), (head, _, tail, orphans) in zip(rows, widths, labels):
        loc = Location(source, line=row.index + 1)
        parts = [ln.text for ln in head] + ([inline] if inline else []) + [ln.text for ln in tail]
        label_loc = Location(source, line=(head[0].index if head else row.index) + 1)
        line = [Cell(join_wrapped(parts), label_loc)] if has_labels else []
        line += [Cell(c, loc, figure=parse_figure(c)) for c in cells]
        out.append(line)
        first = min([first] + [ln.index for ln in head])
        last = max([last, row.index] + [ln.index for ln in tail])
        for ln in orphans:  # a section label between two rows: a row of its own
            out.append([Cell(ln.text, Location(source, line=ln.index + 1))] + [Cell("", loc) for _ in range(k)])
    loc = Location(source, line=first + 1)
    table = Table(rows=out, location=loc, header_rows=len(headings), confidence="flowed", parts=[loc])
    return table, first, last


def _unreadable(lines: list[_Line], reason: str, source: str) -> Table:
    """The lines kept as a table whose figures are not read, with the reason."""
    rows = [[Cell(ln.text, Location(source, line=ln.index + 1))] for ln in lines if ln.kind in ("row", "text")]
    loc = Location(source, line=lines[0].index + 1)
    return Table(rows=rows, location=loc, header_rows=0, confidence="unreadable", parts=[loc], unreadable=reason)
