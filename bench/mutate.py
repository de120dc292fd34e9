"""Mutation harness: plant one slip at a time in a parsed pack and see whether the checks find it.

    python bench/mutate.py PACK                 # one pack, any format
    python bench/mutate.py --corpus             # the sample's four forms and every real document
    python bench/mutate.py PACK --per-kind 10 --seed 3 --kinds table-part,direction

A pack is parsed once (auditor.pipeline.load_pack). The harness then finds the places where a
reader could catch a slip because the pack itself gives a second source: a table cell that is a
part of a total that adds up, the total itself, a prose figure that a table restates, a
percentage with its base in the sentence, a dated event whose tense fixes it before or after the
meeting, a direction word whose two values are given, a count before the list it counts, a
financial year, a quarter stated more than once, a figure stated in two places. Only such places
are planted: a figure nothing restates is never changed, because no reader could know it wrong.

Each slip is planted alone in the parsed model (a copy of the one block it touches replaces it,
and is put back after), the checks are run (run_checks), and the slip counts as found when an
error or warning appears that was not in the unmutated run and that points at the slip or its
second source (its location, a related location, or an excerpt holding the changed text).
For Markdown and text packs a few slips are also planted in a copy of the source file and the
whole pipeline is run again, so that reading is tested as well as checking.

Reproducible: --seed fixes which places are chosen and how each is changed.
"""
from __future__ import annotations

import argparse
import copy
import json
import multiprocessing
import os
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterator, Optional

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from auditor.facts.prose_numbers import MONTH  # noqa: E402
from auditor.model import Block, Cell, Finding, Pack, Table  # noqa: E402
from auditor.numbers import Figure, header_scale, parse_figure  # noqa: E402
from auditor.structure.tables import row_is_total  # noqa: E402
from auditor.vocab import month_abbreviations, number_words  # noqa: E402

KINDS = ("table-part", "table-total", "prose-table", "percent-base", "date-tense", "direction",
         "count-list", "financial-year", "quarter", "repeated-figure")
REPORTED = ("error", "warning")
PROSE_KINDS = ("paragraph", "list_item")
TEXT_FORMATS = ("markdown", "text")

# ---------------------------------------------------------------- what a slip is


@dataclass
class Site:
    """One place to plant a slip: text[start:end] of a block (or of one of its table cells)
    becomes `after`. `place` holds the location keys a finding may point at: the slip and its
    second source."""

    kind: str
    doc: int
    block: int
    cell: Optional[tuple[int, int]]
    start: int
    end: int
    before: str
    after: str
    place: frozenset
    second: str  # the second source, in words, for the report
    where: str = ""  # document title and location, for the report
    context: str = ""  # the changed text with a little around it
    lead: str = ""  # the few characters before the changed text


@dataclass
class Outcome:
    site: Site
    found: bool
    by: list[str] = field(default_factory=list)  # rule ids of the new findings that point at it
    info: list[str] = field(default_factory=list)  # rules that saw it but said so only as info
    mode: str = "model"  # model: planted in the parsed pack; source: in the file, whole pipeline
    cpu: float = 0.0  # CPU seconds the checks (or the whole pipeline) took


def loc_key(loc) -> tuple:
    return (loc.line, loc.page, loc.paragraph)


# ---------------------------------------------------------------- figures written in prose

_SCALE = r"(?:\s?(?:bn|m|k|million|billion)\b)"
FIGURE_RE = re.compile(
    r"(?<![\w.,/£$€+\u2212-])(?:[-\u2212]\s?)?[£$€]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    + _SCALE + r"?%?(?![\w/%\u00b0]|[.,]\d)")
MONTH_RE = MONTH  # the month names the prose reader masks, every form of them
REFERENCE_BEFORE = re.compile(
    r"\b(?:paragraphs?|paras?|sections?|appendix|appendices|tables?|pages?|items?|figures?|annex|schedule|"
    r"clauses?|no\.?|number|ref\.?|minutes?|phone|tel\.?|telephone|version|v|risk|priority|step|stage|"
    r"recommendations?|chapter|part|point|level|year|years|aged|age|ages|key stage|ks|option|quarter|q|phase|"
    r"tier|band|grade|group|ward|cohort|wave|round|term|room|floor|unit|block|site|plot|lot)\s*$", re.I)
NEXT_TO_DATE = re.compile(rf"^\s*(?:st|nd|rd|th)?\s*{MONTH_RE}\b"
                          r"|^\s*(?:am|pm|a\.m|p\.m|hrs|hours?|noon|midday|o'clock)\b", re.I)
MONTH_BEFORE = re.compile(rf"\b{MONTH_RE}\s*$", re.I)


@dataclass
class Mention:
    start: int
    end: int
    text: str
    figure: Figure


def prose_figures(text: str, sentence: bool = True) -> list[Mention]:
    """The figures of a text that read as amounts, counts or percentages (not years, dates,
    references or times). `sentence`: text is a whole sentence, so a bare number opening it
    labels what follows."""
    out = []
    for m in FIGURE_RE.finditer(text):
        fig = parse_figure(m.group())
        if fig is None or _is_label_number(text, m.start(), m.end(), fig, sentence):
            continue
        out.append(Mention(m.start(), m.end(), m.group(), fig))
    return out


def _is_label_number(text: str, start: int, end: int, fig: Figure, sentence: bool) -> bool:
    bare = fig.unit is None and fig.scale == 1 and "," not in fig.text  # no £, %, scale or digit groups
    plain = bare and fig.decimals == 0
    if plain and 1900 <= abs(fig.value) <= 2100:
        return True  # a year
    before, after = text[max(0, start - 30):start], text[end:end + 12]
    if bare and (REFERENCE_BEFORE.search(before) or MONTH_BEFORE.search(before)):
        return True  # 'paragraph 12', 'version 2.12'
    if plain and (fig.text.startswith("0") or re.match(r"^ \d", after) or re.search(r"\d $", before)):
        return True  # a phone number or a code in digit groups ('0116 305 7566')
    opens = sentence and not re.search(r"[A-Za-z]", text[:start])
    if bare and (opens or re.match(r"^\s*[:)]", after)):
        return True  # a number that labels what follows ('1298: Patients not ...', '8.11 A further', '12.10 All')
    return bool(NEXT_TO_DATE.match(after)) or (fig.unit is None and before.endswith(("Q", "q")))


def is_prose(sentence: str, figures: list[Mention]) -> bool:
    """Words around a few figures, not a row of a table the reader took as text."""
    words = len(re.findall(r"[A-Za-z]{2,}", sentence))
    return len(figures) <= 6 and words >= 3 * len(figures)


def side_by_side(sentence: str, figures: list[Mention]) -> bool:
    """A figure with another beside it and no word between ('Drive to work 27.4% 34.4% Significantly
    lower', 'Fund +0.239 -0.239 budget'): a table's row read as text, whose figures are its columns' (a slip
    there is a table's, not the prose's)."""
    return any(re.search(r"\d[%m)]?\s+$", sentence[:m.start]) or re.match(r"\s+[-+\u2212(£]?\d", sentence[m.end:])
               for m in figures)


def restates(a: Figure, b: Figure, scale_b: Decimal = Decimal(1)) -> bool:
    """a and b (b read at scale_b) state the same value: the coarser one rounds the finer one."""
    b_amount, b_half = b.amount * scale_b, b.half_ulp * scale_b
    if a.half_ulp == b_half:
        return a.amount == b_amount
    if a.half_ulp > b_half:
        return a.amount - a.half_ulp <= b_amount < a.amount + a.half_ulp
    return b_amount - b_half <= a.amount < b_amount + b_half


def significant_digits(fig: Figure) -> int:
    return len(re.sub(r"\D", "", format(abs(fig.value), "f")).lstrip("0"))


def unit_class(fig: Figure) -> str:
    if fig.unit == "%":
        return "%"
    return "£" if fig.unit or fig.scale != 1 else "n"


def changed_figure(text: str, rng: random.Random, ok: Callable[[Figure], bool]) -> Optional[str]:
    """`text` (one figure as written) with one digit changed, as a typist's slip would, such that
    ok(new figure) holds; None if no single-digit change will do."""
    positions = [i for i, ch in enumerate(text) if ch.isdigit()]
    first = positions[0] if positions else None
    rng.shuffle(positions)
    for i in positions:
        digits = [d for d in "0123456789" if d != text[i] and not (i == first and d == "0")]
        rng.shuffle(digits)
        for d in digits:
            new = text[:i] + d + text[i + 1:]
            fig = parse_figure(new)
            if fig is not None and ok(fig):
                return new
    return None


def sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer(r"(?<=[.!?;])\s+(?=[A-Z(£\d•])", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


STOP = set("""that this with from have been were which will their there these those within over under
also into such than then they them when where what while would could should about after before other
more most less only some each both much many very year years total month months council county
per cent page table figure report including included includes across between""".split())


def content_stems(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in STOP}


# ---------------------------------------------------------------- walking the parsed pack


def prose_blocks(pack: Pack, kinds=PROSE_KINDS) -> Iterator[tuple[int, int, Block]]:
    for di, doc in enumerate(pack.documents):
        for bi, block in enumerate(doc.blocks):
            if block.table is None and block.kind in kinds and block.text:
                yield di, bi, block


def telling_figures(pack: Pack) -> Iterator[tuple[int, int, Block, int, str, Mention]]:
    """(doc, block index, block, sentence start, sentence, mention) for each figure of three or more
    significant digits in a prose sentence: one a slip could change unnoticed but for a second source."""
    for di, bi, block in prose_blocks(pack):
        for s, e in sentences(block.text):
            sentence = block.text[s:e]
            figures = prose_figures(sentence)
            for m in figures if is_prose(sentence, figures) and not side_by_side(sentence, figures) else ():
                if significant_digits(m.figure) >= 3:
                    yield di, bi, block, s, sentence, m


def table_blocks(pack: Pack) -> Iterator[tuple[int, int, Block]]:
    for di, doc in enumerate(pack.documents):
        for bi, block in enumerate(doc.blocks):
            if block.table is not None:
                yield di, bi, block


def block_place(block: Block) -> set:
    return {loc_key(block.location)} | {loc_key(loc) for _, loc in block.anchors}


def table_place(block: Block) -> set:
    keys = {loc_key(block.location)} | {loc_key(p) for p in block.table.parts}
    return keys | {loc_key(c.location) for row in block.table.rows for c in row}


def span_site(kind, di, bi, block, start, end, after, place, second) -> Site:
    return Site(kind, di, bi, None, start, end, block.text[start:end], after,
                frozenset(place | block_place(block)), second)


# ---------------------------------------------------------------- tables: parts and totals


def column_scale(table: Table, col: int) -> Decimal:
    """The scale a column's header declares (£000 -> 1000); 1 if none."""
    labels = [row[col].text for row in table.rows[: table.header_rows + 1] if col < len(row)]
    scales = [s for s in (header_scale(t) for t in labels) if s is not None]
    return max(scales, default=Decimal(1))


def body_figure(row: list[Cell], col: int) -> Optional[Figure]:
    cell = row[col] if col < len(row) else None
    return cell.figure if cell is not None else None


def adds_up(parts: list[Figure], total: Figure) -> tuple[bool, Decimal]:
    """Whether the parts add to the total within rounding, and that rounding tolerance."""
    tol = sum((p.half_ulp for p in parts), Decimal(0)) + total.half_ulp
    return abs(sum((p.amount for p in parts), Decimal(0)) - total.amount) <= tol, tol


@dataclass
class Group:
    """Cells (row, col) that add to a total cell (row, col)."""

    parts: list[tuple[int, int]]
    total: tuple[int, int]
    tolerance: Decimal
    along: str  # "column" or "row"


def column_groups(table: Table) -> Iterator[Group]:
    """Runs of body rows closed by a total row whose cell equals their sum, column by column."""
    first = table.header_rows
    for col in range(table.n_cols):
        run: list[int] = []
        for ri in range(first, len(table.rows)):
            row = table.rows[ri]
            fig = body_figure(row, col)
            if not row_is_total(row):
                if fig is not None:
                    run.append(ri)
                continue
            if fig is not None and len(run) >= 2:
                ok, tol = adds_up([table.rows[r][col].figure for r in run], fig)
                if ok:
                    yield Group([(r, col) for r in run], (ri, col), tol, "column")
            run = []


TOTAL_HEADER_RE = re.compile(r"^\W*(?:net |grand )?total\b(?!.*\b(?:variance|change|movement)\b)", re.I)


def row_groups(table: Table) -> Iterator[Group]:
    """Cells of a row that add up to the row's cell in a Total column."""
    header = table.header
    totals = [i for i, label in enumerate(header) if TOTAL_HEADER_RE.search(label)]
    for t in totals:
        for ri in range(table.header_rows, len(table.rows)):
            row = table.rows[ri]
            fig = body_figure(row, t)
            cols = [c for c in range(t) if body_figure(row, c) is not None and c not in totals]
            if fig is None or len(cols) < 2:
                continue
            ok, tol = adds_up([row[c].figure for c in cols], fig)
            if ok:
                yield Group([(ri, c) for c in cols], (ri, t), tol, "row")


def cell_site(kind, di, bi, block, rc, rng, tolerance, second) -> Optional[Site]:
    cell = block.table.rows[rc[0]][rc[1]]
    if significant_digits(cell.figure) < 2:
        return None  # a '0' or a '5' changed is not a typist's slip worth testing
    old = cell.figure.amount
    after = changed_figure(cell.text.strip(), rng, lambda f: abs(f.amount - old) > 2 * tolerance)
    if after is None:
        return None
    start = cell.text.index(cell.text.strip())
    return Site(kind, di, bi, rc, start, start + len(cell.text.strip()), cell.text.strip(), after,
                frozenset(table_place(block)), second)


def table_sites(pack: Pack, rng: random.Random) -> Iterator[Site]:
    for di, bi, block in table_blocks(pack):
        table = block.table
        for group in list(column_groups(table)) + list(row_groups(table)):
            total_cell = table.rows[group.total[0]][group.total[1]]
            what = f"the {group.along} total {total_cell.text.strip()} ({total_cell.location.describe()})"
            part = rng.choice(group.parts)
            site = cell_site("table-part", di, bi, block, part, rng, group.tolerance, f"adds to {what}")
            if site:
                yield site
            site = cell_site("table-total", di, bi, block, group.total, rng, group.tolerance,
                             f"the sum of its {len(group.parts)} parts")
            if site:
                yield site


# ---------------------------------------------------------------- prose figures a table restates


@dataclass
class TableFigure:
    figure: Figure
    scale: Decimal
    cls: str
    stems: set
    where: str
    place: set
    label_stems: set = field(default_factory=set)


def table_figures(pack: Pack) -> list[TableFigure]:
    out = []
    for _, _, block in table_blocks(pack):
        table = block.table
        header = table.header
        for row in table.body:
            label = " ".join(c.text for c in row if c.figure is None)
            for col, cell in enumerate(row):
                fig = cell.figure
                if fig is None or significant_digits(fig) < 3:
                    continue
                scale = column_scale(table, col) if fig.scale == 1 else Decimal(1)
                pct = fig.unit == "%" or "%" in (header[col] if col < len(header) else "")
                stems = content_stems(" ".join((label, header[col] if col < len(header) else "", table.caption)))
                out.append(TableFigure(fig, scale, "%" if pct else "£n", stems,
                                       f"{cell.text.strip()} in a table ({cell.location.describe()})",
                                       {loc_key(cell.location), loc_key(block.location)}, content_stems(label)))
    return out


def restating_cell(m: Mention, sentence: str, cells: list[TableFigure]) -> Optional[TableFigure]:
    cls = "%" if m.figure.unit == "%" else "£n"
    words = content_stems(sentence)
    for tf in cells:
        shared = tf.stems & words
        # one word of a heading or caption in common ('budget') is a coincidence, not the sentence naming the
        # cell: the row's label must be named, or two of its words
        if tf.cls == cls and restates(m.figure, tf.figure, tf.scale) and (len(shared) >= 2 or shared & tf.label_stems):
            return tf
    return None


def label_and_figure(sentence: str, m: Mention) -> bool:
    """'Business Rates Retention 25,282': a few capitalised words and a figure, nothing after: a chart's or a
    table's label read as text, not prose restating a table."""
    words = sentence[:m.start].split()
    return not sentence[m.end:].strip(" .") and len(words) <= 6 and all(w[:1].isupper() or not w[:1].isalpha()
                                                                        for w in words)


def prose_table_sites(pack: Pack, rng: random.Random) -> Iterator[Site]:
    cells = table_figures(pack)
    if not cells:
        return
    for di, bi, block, s, sentence, m in telling_figures(pack):
        if round_figure(m.figure) or label_and_figure(sentence, m):
            continue  # '£200m', '100%': a round figure may be a policy's own value, not the table's rounded
        tf = restating_cell(m, sentence, cells)
        if tf is None:
            continue
        after = changed_figure(m.text, rng, lambda f, tf=tf: not near(f, tf.figure, tf.scale))
        if after:
            yield span_site("prose-table", di, bi, block, s + m.start, s + m.end, after, tf.place,
                            f"stated as {tf.where}")


# ---------------------------------------------------------------- a percentage and its base


def near(a: Figure, b: Figure, scale_b: Decimal = Decimal(1)) -> bool:
    """Within rounding of each other, both ways: a changed figure must be clearly off."""
    return abs(a.amount - b.amount * scale_b) <= 2 * (a.half_ulp + b.half_ulp * scale_b)


def ratio_interval(a: Figure, b: Figure) -> Optional[tuple[Decimal, Decimal]]:
    (alo, ahi), (blo, bhi) = a.interval(), b.interval()
    if blo <= 0 or alo < 0:
        return None
    return alo / bhi * 100, ahi / blo * 100


def change_interval(old: Figure, new: Figure) -> Optional[tuple[Decimal, Decimal]]:
    (olo, ohi), (nlo, nhi) = old.interval(), new.interval()
    if olo <= 0:
        return None
    return (nlo - ohi) / ohi * 100, (nhi - olo) / olo * 100


def percent_relations(pct: Mention, others: list[Mention]) -> Iterator[tuple[tuple[Decimal, Decimal], str]]:
    """(interval of the percentage the sentence's figures give, how) for each pair that agrees."""
    lo, hi = pct.figure.interval()
    for a in others:
        for b in others:
            if a is b or unit_class(a.figure) != unit_class(b.figure):
                continue
            for how, span in ((f"{a.text} of {b.text}", ratio_interval(a.figure, b.figure)),
                              (f"change from {a.text} to {b.text}", change_interval(a.figure, b.figure))):
                if span and pins_down(span) and span[0] <= abs(hi) and abs(lo) <= span[1]:
                    yield span, how


def pins_down(span: tuple[Decimal, Decimal]) -> bool:
    """Two figures rounded so coarsely that almost any percentage fits them ('1 of 2') are no base."""
    lo, hi = span
    return hi > 0 and (hi - lo) <= Decimal("0.1") * max(abs(lo), abs(hi))


def percent_sites(pack: Pack, rng: random.Random) -> Iterator[Site]:
    for di, bi, block in prose_blocks(pack):
        for s, e in sentences(block.text):
            mentions = prose_figures(block.text[s:e])
            if not is_prose(block.text[s:e], mentions):
                continue
            others = [m for m in mentions if m.figure.unit != "%" and m.figure.value > 0
                      and significant_digits(m.figure) >= 2]
            for pct in (m for m in mentions if m.figure.unit == "%"):
                if abs(pct.figure.value) < 5 or pct.figure.half_ulp / abs(pct.figure.value) > Decimal("0.1"):
                    continue  # too coarse for a base to pin it down
                found = next(percent_relations(pct, others), None)
                if found is None:
                    continue
                (rlo, rhi), how = found
                after = changed_figure(pct.text, rng, lambda f: abs(f.value) + f.half_ulp < rlo - pct.figure.half_ulp
                                       or abs(f.value) - f.half_ulp > rhi + pct.figure.half_ulp)
                if after:
                    yield span_site("percent-base", di, bi, block, s + pct.start, s + pct.end, after, set(),
                                    f"the {how} in the sentence")


# ---------------------------------------------------------------- a dated event and its tense

DATE_RES = [
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{MONTH_RE})\.?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b(?P<m>{MONTH_RE})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b(?P<m>{MONTH_RE})\.?\s+(?P<y>(?:19|20)\d\d)\b(?![/-]\d)", re.I),
]
PAST_RE = re.compile(r"\b(?:was|were|took place|met|held on|published|approved|agreed|announced|launched|"
                     r"received|endorsed|submitted|completed|issued|came into force|resolved)\b", re.I)
# not 'planning' or 'forecast': nouns as often as verbs ('Full Planning Application in April 2025')
FUTURE_RE = re.compile(r"\b(?:will|shall|would|going to|due|expected|scheduled|planned|proposed|"
                       r"propose|intends?|anticipated|projected|to be|next|upcoming|forthcoming|"
                       r"should|may|might|could|aim|aims|target)\b", re.I)
PERIOD_BEFORE = re.compile(r"\b(?:by|until|till|before|after|from|to|between|through|ending|end of|start of|"
                           r"beginning of|during|throughout|since|and|or|ended|up to|as at|as of|w/c)\s+"
                           r"(?:the\s+)?(?:end of\s+)?$", re.I)


def month_number(name: str) -> int:
    return month_abbreviations().index(name.lower()[:3]) + 1


def dates_in(text: str) -> list[re.Match]:
    found: list[re.Match] = []
    for rx in DATE_RES:
        for m in rx.finditer(text):
            if not any(m.start() < f.end() and f.start() < m.end() for f in found):
                found.append(m)
    return found


def date_span(m: re.Match, year: int) -> tuple[date, date]:
    month = month_number(m.group("m"))
    day = m.groupdict().get("d")
    if day:
        d = date(year, month, min(int(day), 28))
        return d, d
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, 1), nxt - timedelta(days=1)


def shifted_year(m: re.Match, meeting: date, past: bool) -> Optional[int]:
    """The nearest year that puts a past event after the meeting, or a future one before it."""
    year = int(m.group("y"))
    margin = timedelta(days=31)
    for k in (1, 2, 3):
        y = year + k if past else year - k
        lo, hi = date_span(m, y)
        if (past and lo > meeting + margin) or (not past and hi < meeting - margin):
            return y
    return None


def meeting_date(pack: Pack) -> Optional[date]:
    try:
        return date.fromisoformat(pack.meeting.date) if pack.meeting.date else None
    except ValueError:
        return None


# a statement of what will happen, no hedge: 'employers will start to be required to license from 1 January 2024'
WILL_RE = re.compile(r"\b(?:will|shall|going to)\b", re.I)


def speaks_from_before(pack: Pack, meeting: date) -> set[int]:
    """The documents that, as written, tell as still to come (and nothing in the sentence as past) a date
    more than a month before the meeting
    ('employers will start to be required to license between 1st January 2024 and 31st March 2024' in a
    route map appended to a September 2024 report): they were written before the meeting, and a
    reader cannot tell from them that a future event dated before it is a slip."""
    out = set()
    for di, _, block in prose_blocks(pack):
        if di in out:
            continue
        for s, e in sentences(block.text):
            sentence = block.text[s:e]
            dates = dates_in(sentence)
            if len(dates) != 1 or not WILL_RE.search(sentence) or PAST_RE.search(sentence) \
                    or PERIOD_BEFORE.search(sentence[:dates[0].start()]):
                continue  # read as the sites are: one date, an event's, in a sentence told as to come
            if date_span(dates[0], int(dates[0].group("y")))[1] < meeting - timedelta(days=31):
                out.add(di)
                break
    return out


def date_tense_sites(pack: Pack, rng: random.Random) -> Iterator[Site]:
    meeting = meeting_date(pack)
    if meeting is None:
        return
    older = speaks_from_before(pack, meeting)
    for di, bi, block in prose_blocks(pack):
        for s, e in sentences(block.text):
            sentence = block.text[s:e]
            dates = dates_in(sentence)
            past, future = bool(PAST_RE.search(sentence)), bool(FUTURE_RE.search(sentence))
            if len(dates) != 1 or past == future or PERIOD_BEFORE.search(sentence[:dates[0].start()]):
                continue
            m = dates[0]
            lo, hi = date_span(m, int(m.group("y")))
            if (past and hi >= meeting) or (future and lo <= meeting):
                continue  # the text as written is not consistent with its tense: nothing to plant
            if future and di in older:
                continue  # the document speaks from before the meeting: its future is not the meeting's
            year = shifted_year(m, meeting, past)
            if year:
                yield span_site("date-tense", di, bi, block, s + m.start("y"), s + m.end("y"), str(year), set(),
                                f"{'past' if past else 'future'} tense against the meeting date {meeting}")


# ---------------------------------------------------------------- a direction word and its values

UP_DOWN = [("increase", "decrease"), ("increased", "decreased"), ("increases", "decreases"),
           ("increasing", "decreasing"), ("rise", "fall"), ("rises", "falls"), ("rose", "fell"),
           ("risen", "fallen"), ("rising", "falling"), ("higher", "lower"), ("up", "down"),
           ("growth", "reduction")]
FLIP = {**{u: d for u, d in UP_DOWN}, **{d: u for u, d in UP_DOWN},
        "reduced": "increased", "reduce": "increase", "reduces": "increases", "reducing": "increasing"}
UP_WORDS = {u for u, _ in UP_DOWN}
DIRECTION_RE = re.compile(r"\b(?:(?P<art>an?)\s+)?(?P<w>" + "|".join(sorted(FLIP, key=len, reverse=True)) + r")\b",
                          re.I)
# the comparator follows the word at once, or after its size ('an increase of 120 (10.7%) compared to')
COMPARATOR_RE = re.compile(r"^\W*(?:(?:of|by)\s[^,;.]{0,30}?\s)?(?:\w+ly\s+)?"
                           r"(?:on|from|compared (?:to|with)|against|than)\b", re.I)
FROM_RE = re.compile(r"^(?:\W+\w+){0,5}?\W+from\b", re.I)
TO_RE = re.compile(r"^(?:\W+\w+){0,3}?\W+to\b", re.I)


def figure_soon_after(text: str, words: int = 4) -> Optional[Mention]:
    """The first figure of text if at most `words` words come before it."""
    m = first_figure(text)
    return m if m and len(re.findall(r"[A-Za-z]+", text[:m.start])) <= words else None


def first_figure(text: str) -> Optional[Mention]:
    figures = prose_figures(text, sentence=False)
    return figures[0] if figures else None


def direction_pair(sentence: str, w: re.Match) -> Optional[tuple[Mention, Mention]]:
    """(old, new) values the direction word compares: 'rose from A to B' or 'A, up on B'."""
    rest = sentence[w.end():]
    frm = FROM_RE.match(rest)
    if frm:
        a = figure_soon_after(rest[frm.end():])
        to = TO_RE.match(rest[frm.end() + a.end:]) if a else None
        b = figure_soon_after(rest[frm.end() + a.end + to.end():]) if to else None
        if a and b:
            return a, b
    cmp_ = COMPARATOR_RE.match(rest)
    b = figure_soon_after(rest[cmp_.end():], 6) if cmp_ else None
    if b is None:
        return None
    before = [m for m in prose_figures(sentence[:w.start()]) if unit_class(m.figure) == unit_class(b.figure)]
    if before and not has_words(sentence[before[-1].end:w.start()]):
        # '£8.0m (4%) lower than': that figure is the size of the difference; the value, if any,
        # is the one a few words before it ('£174.0m, which is £8.0m lower')
        size = before.pop()
        if before and len(re.findall(r"[A-Za-z]+", sentence[before[-1].end:size.start])) > 4:
            return None
    return (b, before[-1]) if before else None


def has_words(text: str) -> bool:
    return bool(re.search(r"[A-Za-z]{2,}", text))


def flipped(article: Optional[str], word: str) -> str:
    new = FLIP[word.lower()]
    new = new.capitalize() if word[0].isupper() else new
    if article is None:
        return new
    art = "an" if new[0].lower() in "aeiou" else "a"
    return (art.capitalize() if article[0].isupper() else art) + " " + new


def direction_sites(pack: Pack, rng: random.Random) -> Iterator[Site]:
    for di, bi, block in prose_blocks(pack):
        for s, e in sentences(block.text):
            sentence = block.text[s:e]
            for w in DIRECTION_RE.finditer(sentence):
                pair = direction_pair(sentence, w)
                if pair is None or unit_class(pair[0].figure) != unit_class(pair[1].figure):
                    continue
                old, new = pair[0].figure.amount, pair[1].figure.amount
                if old == new or (new > old) != (w.group("w").lower() in UP_WORDS):
                    continue  # the word does not agree with its values as written: nothing to plant
                start = w.start("art") if w.group("art") else w.start("w")
                yield span_site("direction", di, bi, block, s + start, s + w.end(),
                                flipped(w.group("art"), w.group("w")), set(),
                                f"the values {pair[0].text} -> {pair[1].text} in the sentence")
                break


# ---------------------------------------------------------------- a count before its list

NUMBER_WORDS = {w: i for w, i in sorted(number_words().items(), key=lambda wi: wi[1]) if 2 <= i <= 12}
WORDS_OF = {i: w for w, i in NUMBER_WORDS.items()}
COUNT_RE = re.compile(r"\b(?P<n>" + "|".join(NUMBER_WORDS) + r"|\d{1,2})\s+(?:[a-z-]+\s+){0,3}?[a-z-]+s\b", re.I)


def list_after(doc, bi: int) -> list[tuple[int, Block]]:
    items = []
    for j in range(bi + 1, len(doc.blocks)):
        if doc.blocks[j].kind != "list_item":
            break
        items.append((j, doc.blocks[j]))
    return items


def list_counts(items: list[tuple[int, Block]]) -> set[int]:
    """How many items the list holds, read three ways: all, those at the first level, and a
    lettered or numbered run from its first."""
    if not items:
        return set()
    first_level = items[0][1].level
    counts = {len(items), sum(1 for _, b in items if b.level == first_level)}
    numbers = [b.number for _, b in items if b.number]
    if numbers and len(numbers) == len(items):
        run = 1
        while run < len(numbers) and _next_label(numbers[run - 1]) == numbers[run]:
            run += 1
        counts.add(run)
    return counts


def _next_label(label: str) -> str:
    if label.isdigit():
        return str(int(label) + 1)
    return chr(ord(label[-1]) + 1) if len(label) == 1 else ""


def counted(n: str) -> int:
    return int(n) if n.isdigit() else NUMBER_WORDS[n.lower()]


def recount(n: str, value: int) -> str:
    if n.isdigit():
        return str(value)
    word = WORDS_OF[value]
    return word.capitalize() if n[0].isupper() else word


def count_sites(pack: Pack, rng: random.Random) -> Iterator[Site]:
    for di, doc in enumerate(pack.documents):
        for bi, block in enumerate(doc.blocks):
            lead = block.text.rstrip()
            if block.table is not None or not lead.endswith(":"):
                continue
            counts = [m for m in COUNT_RE.finditer(lead) if 2 <= counted(m.group("n")) <= 12]
            items = list_after(doc, bi)
            if len(counts) != 1 or counted(counts[0].group("n")) not in list_counts(items):
                continue
            n = counts[0].group("n")
            value = counted(n)
            new = rng.choice([v for v in (value - 1, value + 1) if 2 <= v <= 12])
            place = set().union(*(block_place(b) for _, b in items))
            yield span_site("count-list", di, bi, block, counts[0].start("n"), counts[0].end("n"),
                            recount(n, new), place, f"the {value} items of the list below")


# ---------------------------------------------------------------- financial years and quarters

FY_RE = re.compile(r"(?<![\d/.-])(?P<y1>20\d\d)(?P<sep>\s?[/-]\s?)(?P<y2>\d\d(?:\d\d)?)(?![\d/-])")
FY_CUE_BEFORE = re.compile(r"(?:financial year|\bFY|\bQ[1-4]|quarter\s+(?:[1-4]|one|two|three|four))\W*$", re.I)


def is_financial_year(m: re.Match) -> bool:
    y1, y2 = int(m.group("y1")), m.group("y2")
    return int(y2) == (y1 + 1) % (100 if len(y2) == 2 else 10000)


def impossible_year(m: re.Match, text: str, rng: random.Random) -> str:
    """'2025/25' (a year that ends as it starts), or '2024/26' where the text names a financial
    year or a quarter, which lies in one year."""
    y1, y2 = int(m.group("y1")), m.group("y2")
    width = len(y2)
    same = str(y1)[-width:]
    choices = [same]
    if FY_CUE_BEFORE.search(text[max(0, m.start() - 30):m.start()]):
        choices.append(str(y1 + 2)[-width:])
    return rng.choice(choices)


def fy_sites(pack: Pack, rng: random.Random) -> Iterator[Site]:
    for di, bi, block in prose_blocks(pack, PROSE_KINDS + ("heading",)):
        for m in FY_RE.finditer(block.text):
            if is_financial_year(m):
                yield span_site("financial-year", di, bi, block, m.start("y2"), m.end("y2"),
                                impossible_year(m, block.text, rng), set(), "a financial year runs over two years")
    for di, bi, block in table_blocks(pack):
        for ri, row in enumerate(block.table.rows):
            for ci, cell in enumerate(row):
                for m in FY_RE.finditer(cell.text):
                    if is_financial_year(m):
                        yield Site("financial-year", di, bi, (ri, ci), m.start("y2"), m.end("y2"), m.group("y2"),
                                   impossible_year(m, cell.text, rng), frozenset(table_place(block)),
                                   "a financial year runs over two years")


QUARTER_RE = re.compile(r"\b(?:Q(?P<n>[1-4])|Quarter\s+(?P<w>[1-4]|one|two|three|four))\b,?\s+(?:of\s+)?"
                        r"(?P<fy>20\d\d\s?[/-]\s?\d\d)\b", re.I)
QUARTER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4}


def quarter_of(m: re.Match) -> int:
    n = m.group("n") or m.group("w")
    return int(n) if n.isdigit() else QUARTER_WORDS[n.lower()]


def quarter_text(m: re.Match, q: int) -> str:
    old = m.group("n") or m.group("w")
    if old.isdigit():
        return str(q)
    word = {v: k for k, v in QUARTER_WORDS.items()}[q]
    return word.capitalize() if old[0].isupper() else word


def quarter_sites(pack: Pack, rng: random.Random) -> Iterator[Site]:
    mentions = defaultdict(list)  # (doc, quarter, year) -> [(block index, block, match)]
    for di, bi, block in prose_blocks(pack, PROSE_KINDS + ("heading",)):
        for m in QUARTER_RE.finditer(block.text):
            fy = re.sub(r"\D", "", m.group("fy"))
            mentions[(di, quarter_of(m), fy)].append((bi, block, m))
    named = {(q, fy) for (_, q, fy) in mentions}
    for (di, q, fy), found in mentions.items():
        others = [q2 for q2 in (q + 1, q - 1) if 1 <= q2 <= 4 and (q2, fy) not in named]
        if len(found) < 2 or not others:
            continue
        bi, block, m = rng.choice(found)
        start, end = m.span("n") if m.group("n") else m.span("w")
        place = set().union(*(block_place(b) for _, b, _ in found))
        yield span_site("quarter", di, bi, block, start, end, quarter_text(m, others[0]), place,
                        f"the same quarter stated {len(found)} times in the document")


# ---------------------------------------------------------------- a figure stated twice


NAME_RE = re.compile(r"\b[A-Z][a-z]+\b")  # a place or body (or a sentence's first word)


def figure_window(sentence: str, m: Mention) -> str:
    """The words that name a figure: a few before it (from the clause it is in) and a few after."""
    before = re.split(r"[;:(]|\b(?:and|but|while|whereas|compared)\b", sentence[:m.start])[-1]
    after = re.split(r"[;:)]|\b(?:and|but|while|whereas|compared)\b", sentence[m.end:])[0]
    return " ".join(before.split()[-6:] + after.split()[:5])


def round_figure(fig: Figure) -> bool:
    """'100', '£500k', '£2,000': a round number stated twice is as often two facts as one."""
    return len(re.sub(r"\D", "", format(abs(fig.value), "f")).strip("0")) < 2


def same_fact(a: tuple, b: tuple) -> bool:
    """Two mentions of one figure that a reader can see state one fact: their naming words agree (most
    of the fewer are the other's), and neither names a place or body the other's sentence does not."""
    (a_words, a_names, a_sentence), (b_words, b_names, b_sentence) = a, b
    shared = a_words & b_words
    if len(shared) < 2 or len(shared) < 0.5 * min(len(a_words), len(b_words)):
        return False
    return all(_says(b_sentence, n) for n in a_names) and all(_says(a_sentence, n) for n in b_names)


def _says(sentence: str, word: str) -> bool:
    return re.search(rf"\b{re.escape(word)}\b", sentence, re.I) is not None


def repeated_sites(pack: Pack, rng: random.Random) -> Iterator[Site]:
    seen = defaultdict(list)  # (amount, class) -> [(doc, block index, block, mention, (stems, names, sentence))]
    for di, bi, block, s, sentence, m in telling_figures(pack):
        if round_figure(m.figure):
            continue
        window = figure_window(sentence, m)
        shifted = Mention(s + m.start, s + m.end, m.text, m.figure)
        key = (content_stems(window), set(NAME_RE.findall(window)), sentence)
        seen[(m.figure.amount, unit_class(m.figure))].append((di, bi, block, shifted, key))
    for group in seen.values():
        if len({(di, bi) for di, bi, *_ in group}) < 2:
            continue
        di, bi, block, m, key = rng.choice(group)
        twins = [g for g in group if (g[0], g[1]) != (di, bi) and same_fact(g[4], key)]
        if not twins:
            continue
        after = changed_figure(m.text, rng, lambda f: not near(f, m.figure))
        if after:
            twin = twins[0]
            place = block_place(twin[2])
            yield span_site("repeated-figure", di, bi, block, m.start, m.end, after, place,
                            f"also {twin[3].text} in {pack.documents[twin[0]].title[:40]!r} "
                            f"({twin[2].location_at(twin[3].start).describe()})")

FINDERS = {
    "table": table_sites, "prose-table": prose_table_sites, "percent-base": percent_sites,
    "date-tense": date_tense_sites, "direction": direction_sites, "count-list": count_sites,
    "financial-year": fy_sites, "quarter": quarter_sites, "repeated-figure": repeated_sites,
}


def own_rng(rng: random.Random, name: str) -> random.Random:
    """A generator of its own for each finder and kind, drawn from `rng`: a change to how one kind
    is found or chosen leaves the other kinds' slips as they were."""
    return random.Random(f"{hash(rng.getstate()[1])}:{name}")  # ints hash the same in every run


def find_sites(pack: Pack, rng: random.Random) -> list[Site]:
    sites = []
    for name, finder in FINDERS.items():
        sites.extend(finder(pack, own_rng(rng, name)))
    for site in sites:
        describe(pack, site)
    return sites


def describe(pack: Pack, site: Site) -> None:
    doc = pack.documents[site.doc]
    block = doc.blocks[site.block]
    if site.cell:
        cell = block.table.rows[site.cell[0]][site.cell[1]]
        loc, text = cell.location, cell.text
    else:
        loc, text = block.location_at(site.start), block.text
    site.where = f"{doc.title[:50]!r}, {loc.describe()}"
    site.lead = text[max(0, site.start - 8):site.start]
    site.context = (text[max(0, site.start - 30):site.start] + "[" + site.before + " -> " + site.after + "]"
                    + text[site.end:site.end + 30]).replace("\n", " ")


def choose(sites: list[Site], per_kind: int, rng: random.Random, kinds=KINDS) -> list[Site]:
    """Up to per_kind sites of each kind, no two at the same place of the same kind."""
    chosen = []
    for kind in kinds:
        pool = [s for s in sites if s.kind == kind]
        own_rng(rng, "choose " + kind).shuffle(pool)
        taken, spots = [], set()
        for s in pool:
            spot = (s.doc, s.block, s.cell, s.start)
            if spot not in spots:
                spots.add(spot)
                taken.append(s)
            if len(taken) == per_kind:
                break
        chosen.extend(taken)
    return chosen


# ---------------------------------------------------------------- planting and judging


def mutated_block(block: Block, site: Site) -> Block:
    new = copy.deepcopy(block)
    if site.cell is None:
        new.text = new.text[:site.start] + site.after + new.text[site.end:]
        delta = len(site.after) - (site.end - site.start)
        new.anchors = [(off + delta if off > site.start else off, loc) for off, loc in new.anchors]
        return new
    cell = new.table.rows[site.cell[0]][site.cell[1]]
    cell.text = cell.text[:site.start] + site.after + cell.text[site.end:]
    if cell.figure is not None:  # keep the reader's unit and scale, take the new value
        parsed = parse_figure(cell.text)
        cell.figure = replace(cell.figure, value=parsed.value, text=cell.text.strip()) if parsed else None
    return new


@contextmanager
def planted(pack: Pack, site: Site):
    doc = pack.documents[site.doc]
    original = doc.blocks[site.block]
    doc.blocks[site.block] = mutated_block(original, site)
    try:
        yield
    finally:
        doc.blocks[site.block] = original


def finding_key(f: Finding) -> tuple:
    return (f.rule, f.document, loc_key(f.location), f.message)


def reported(findings: list[Finding], severities=REPORTED) -> list[Finding]:
    return [f for f in findings if f.severity in severities]


def pointing_at(site: Site, new: list[Finding]) -> list[str]:
    """Rule ids of the new findings that point at the slip or its second source."""
    hits = []
    for f in new:
        keys = {loc_key(f.location)} | {loc_key(r.location) for r in f.related}
        texts = [f.excerpt or ""] + [r.excerpt or "" for r in f.related]
        if keys & site.place or any(site.lead + site.after in t for t in texts):
            hits.append(f.rule)
    return hits


def judge(site: Site, baseline: set, findings: list[Finding], mode: str) -> Outcome:
    new = [f for f in findings if finding_key(f) not in baseline]
    by = pointing_at(site, reported(new))
    info = pointing_at(site, reported(new, ("info",)))
    return Outcome(site, bool(by), sorted(set(by)), sorted(set(info)), mode)


# ---------------------------------------------------------------- planting in the source text

_STATE: dict = {}


def source_line(pack: Pack, site: Site) -> Optional[int]:
    block = pack.documents[site.doc].blocks[site.block]
    if site.cell:
        return block.table.rows[site.cell[0]][site.cell[1]].location.line
    return block.location_at(site.start).line


def source_edit(lines: list[str], pack: Pack, site: Site) -> Optional[list[str]]:
    """The source lines with the slip written into the line the site was read from, if the text
    to change occurs there once (with a few characters before it, else alone)."""
    n = source_line(pack, site)
    if not n or n > len(lines):
        return None
    line = lines[n - 1]
    lead = site.lead[-6:]
    for probe, offset in ((lead + site.before, len(lead)), (site.before, 0)):
        if probe and line.count(probe) == 1:
            i = line.index(probe) + offset
            edited = list(lines)
            edited[n - 1] = line[:i] + site.after + line[i + len(site.before):]
            return edited
    return None


def run_source(i: int) -> Outcome:
    from auditor.pipeline import audit

    site, text = _STATE["source_sites"][i]
    t0 = time.process_time()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / _STATE["name"]
        path.write_text(text, encoding="utf-8")
        findings = audit(str(path), _STATE["rules"]).findings
    outcome = judge(site, _STATE["source_baseline"], findings, "source")
    outcome.cpu = time.process_time() - t0
    return outcome


def run_model(i: int) -> Outcome:
    from auditor.checks import run_checks

    site = _STATE["sites"][i]
    t0 = time.process_time()
    with planted(_STATE["pack"], site):
        findings = run_checks(_STATE["pack"], _STATE["rules"], {})
    outcome = judge(site, _STATE["baseline"], findings, "model")
    outcome.cpu = time.process_time() - t0
    return outcome


def run_all(func, count: int, jobs: int) -> list[Outcome]:
    if jobs <= 1 or count <= 1:
        return [func(i) for i in range(count)]
    with multiprocessing.get_context("fork").Pool(min(jobs, count)) as pool:
        return pool.map(func, range(count), chunksize=1)


def source_sites(path: Path, pack: Pack, chosen: list[Site], per_kind: int) -> list[tuple[Site, str]]:
    if pack.format not in TEXT_FORMATS or per_kind <= 0:
        return []
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    out, taken = [], defaultdict(int)
    for site in chosen:
        if taken[site.kind] >= per_kind:
            continue
        edited = source_edit(lines, pack, site)
        if edited is not None:
            taken[site.kind] += 1
            out.append((site, "\n".join(edited)))
    return out


@dataclass
class PackRun:
    name: str
    format: str
    sites: dict  # kind -> how many places were found
    outcomes: list[Outcome]
    seconds: float  # the model mutations' wall time
    source_seconds: float = 0.0
    titles: list[str] = field(default_factory=list)


def mutate_pack(path: Path, rules, seed: int, per_kind: int, source_per_kind: int, jobs: int,
                kinds=KINDS) -> PackRun:
    from auditor.checks import run_checks
    from auditor.pipeline import audit, load_pack

    pack = load_pack(str(path))
    rng = random.Random(f"{seed}:{path.name}")
    sites = find_sites(pack, rng)
    chosen = choose(sites, per_kind, rng, kinds)
    baseline = {finding_key(f) for f in run_checks(pack, rules, {})}
    _STATE.update(pack=pack, rules=rules, baseline=baseline, sites=chosen, name=path.name)
    t0 = time.perf_counter()
    outcomes = run_all(run_model, len(chosen), jobs)
    seconds = time.perf_counter() - t0
    planted_in_source = source_sites(path, pack, chosen, source_per_kind)
    t1 = time.perf_counter()
    if planted_in_source:
        with tempfile.TemporaryDirectory() as tmp:
            copy_path = Path(tmp) / path.name
            copy_path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
            _STATE["source_baseline"] = {finding_key(f) for f in audit(str(copy_path), rules).findings}
        _STATE["source_sites"] = planted_in_source
        outcomes += run_all(run_source, len(planted_in_source), jobs)
    counts = defaultdict(int)
    for s in sites:
        counts[s.kind] += 1
    return PackRun(path.name, pack.format, dict(counts), outcomes, seconds, time.perf_counter() - t1,
                   [d.title for d in pack.documents])


# ---------------------------------------------------------------- the report


def rate(found: int, planted: int) -> str:
    return f"{found}/{planted} {found / planted:4.0%}" if planted else "-"


def tally(outcomes: list[Outcome], key) -> dict:
    out = defaultdict(lambda: [0, 0])
    for o in outcomes:
        out[key(o)][0] += o.found
        out[key(o)][1] += 1
    return out


def pack_report(run: PackRun) -> str:
    model = [o for o in run.outcomes if o.mode == "model"]
    source = [o for o in run.outcomes if o.mode == "source"]
    cpu = sum(o.cpu for o in model)
    lines = [f"== {run.name} ({run.format}): {len(model)} slips planted in the parsed pack in {run.seconds:.1f} s "
             f"(checks {cpu:.1f} CPU-s, {cpu / max(len(model), 1):.2f} per slip)"
             + (f", {len(source)} in the source text in {run.source_seconds:.1f} s" if source else "")]
    by_kind, src_kind = tally(model, lambda o: o.site.kind), tally(source, lambda o: o.site.kind)
    lines.append(f"  {'kind':16} {'places':>6}  {'found/planted':>13}  {'in source':>11}")
    for kind in KINDS:
        if kind in by_kind or run.sites.get(kind):
            lines.append(f"  {kind:16} {run.sites.get(kind, 0):6}  {rate(*by_kind.get(kind, (0, 0))):>13}  "
                         f"{rate(*src_kind[kind]) if kind in src_kind else '':>11}")
    by_doc = tally(run.outcomes, lambda o: run.titles[o.site.doc])
    lines.append("  by document:")
    for title, counts in by_doc.items():
        lines.append(f"    {rate(*counts):>10}  {title[:70]}")
    missed = [o for o in run.outcomes if not o.found]
    if missed:
        lines.append("  missed:")
    for o in missed:
        s = o.site
        seen = f"; seen only as info by {', '.join(o.info)}" if o.info else ""
        lines.append(f"    [{s.kind}{' source' if o.mode == 'source' else ''}] {s.where}: {s.before!r} -> {s.after!r}"
                     f"  ({s.second}{seen})")
        lines.append(f"        …{s.context}…")
    return "\n".join(lines)


def corpus_table(runs: list[PackRun]) -> str:
    width = max(len(r.name[:44]) for r in runs)
    short = {k: k.split("-")[0][:5] + ("-" + k.split("-")[1][:3] if "-" in k else "") for k in KINDS}
    head = f"{'document':<{width}} " + " ".join(f"{short[k]:>9}" for k in KINDS) + f" {'all':>13} {'source':>9}"
    lines = [head]
    every = []
    for run in runs:
        model = [o for o in run.outcomes if o.mode == "model"]
        every.extend(run.outcomes)
        lines.append(_table_row(run.name[:44], width, model, [o for o in run.outcomes if o.mode == "source"]))
    lines.append(_table_row("ALL", width, [o for o in every if o.mode == "model"],
                            [o for o in every if o.mode == "source"]))
    return "\n".join(lines)


def _table_row(name: str, width: int, model: list[Outcome], source: list[Outcome]) -> str:
    kinds = tally(model, lambda o: o.site.kind)
    cells = [f"{kinds[k][0]}/{kinds[k][1]}" if k in kinds else "-" for k in KINDS]
    found, total = sum(o.found for o in model), len(model)
    src = f"{sum(o.found for o in source)}/{len(source)}" if source else "-"
    return f"{name:<{width}} " + " ".join(f"{c:>9}" for c in cells) + f" {rate(found, total):>13} {src:>9}"


def to_json(runs: list[PackRun]) -> list[dict]:
    return [{"pack": r.name, "format": r.format, "places": r.sites, "seconds": round(r.seconds, 2),
             "slips": [{"mode": o.mode, "found": o.found, "by": o.by, "info": o.info, **{k: v for k, v in asdict(o.site).items()
                                                                       if k != "place"}} for o in r.outcomes]}
            for r in runs]


# ---------------------------------------------------------------- the command


def pack_paths(args) -> list[Path]:
    if args.corpus:
        from corpus import corpus_files, corpus_root

        root = corpus_root()
        return corpus_files(root) if root.is_dir() else []
    return [Path(p) for p in args.paths]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="packs to mutate (any format)")
    parser.add_argument("--corpus", action="store_true", help="the sample's four forms and every real document")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-kind", type=int, default=6, help="slips of each kind per pack (default 6)")
    parser.add_argument("--source-per-kind", type=int, default=1,
                        help="of those, how many to plant in the source text too (Markdown/text packs)")
    parser.add_argument("--kinds", help="comma-separated kinds to plant (default all: " + ", ".join(KINDS) + ")")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", help="write every slip and its outcome as JSON to this file")
    args = parser.parse_args(argv)
    kinds = tuple(k.strip() for k in args.kinds.split(",")) if args.kinds else KINDS
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        parser.error(f"unknown kinds: {', '.join(unknown)}")
    paths = pack_paths(args)
    if not paths:
        parser.error("name a pack, or --corpus (the corpus is in ../shared/packs)")
    from auditor.rules import load_rules, select_rules

    rules = select_rules(load_rules())
    runs = []
    for path in paths:
        run = mutate_pack(path, rules, args.seed, args.per_kind, args.source_per_kind, args.jobs, kinds)
        print(pack_report(run), flush=True)
        runs.append(run)
    print()
    print(corpus_table(runs))
    if args.json:
        Path(args.json).write_text(json.dumps(to_json(runs), indent=1, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
