"""fact-conflict: the same fact stated with different values in different places.

Facets (the `facets` parameter):
  event   - the same publication/launch dated differently ("November 18 2024" vs "November 2025")
  plan    - the same named plan or strategy given different periods
  figure  - a figure in the narrative against the table or dashboard row it names
  row     - a table row quoted elsewhere (another table) with one value changed
  restated - a figure in the narrative stated again in the narrative of the same report with one digit changed

Conservative by design: subjects must match closely (normalised labels and weighted token
overlap, cohort words equal), units must agree, periods must be compatible, and a rounded
figure agrees with a precise one when it rounds to it.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Optional

from rapidfuzz import fuzz

from auditor.checks import register
from auditor.checks._facts import fact_index, meeting_date
from auditor.facts.index import FIGURE_RE, QUARTER_RE, Fact, periods_compatible, single_year_periods, tokens
from auditor.facts.prose_numbers import MONTH
from auditor.model import Finding, Related
from auditor.numbers import format_decimal
from auditor.vocab import month_names, weekday_names, word_list_pattern, words

COHORTS = [tuple(cohort.split()) for cohort in words("cohorts")]  # rules/vocab: groups a figure may be about


# four or more figures (or dashes for nil) in a row with no words between: a flattened table row
FLATTENED_ROW_RE = re.compile(r"(?:(?<!\S)(?:[-–(]?£?\d[\d,]*(?:\.\d+)?\)?%?|[-–])(?:\s+|$)){4,}")
# label words that narrow a row to a residue: the text must say them too
RESTRICTING_WORDS = frozenset({"other", "remaining", "miscellaneous", "residual", "excluding"})


@register("fact-conflict", params={
    "facets": (list, ["event", "plan", "figure", "row"], ("event", "plan", "figure", "row", "restated")),
    "min_score": (float, 0.7),        # weighted share of a table label's words found in the narrative
    "margin": (float, 0.1),           # the best label must beat the next by this much
    "plan_similarity": (float, 0.6),  # Jaccard of plan-name words (without the Plan/Strategy word)
    "approx_tolerance": (float, 0.025),
    "near": (float, 0.2),             # only values within this share of each other are taken as the same figure
}, needs=("fact_index",))
def check_fact_conflict(pack, rule, params, ctx) -> Iterable[Finding]:
    """The same subject with different values in two places."""
    index = fact_index(pack, ctx)
    facets = set(params["facets"])
    if "event" in facets:
        yield from _event_conflicts(rule, index.of_kind("event"), meeting_date(pack, ctx))
    if "plan" in facets:
        yield from _plan_conflicts(rule, index.of_kind("plan"), params["plan_similarity"])
    reported: set = set()  # (document, location, figure) of the narrative figures already reported
    if "figure" in facets:
        yield from _figure_conflicts(rule, index, params, reported)
    if "restated" in facets:
        yield from _restated_figures(rule, index, reported)
    if "row" in facets:
        yield from _row_conflicts(rule, index.of_kind("row"))


# ---------------------------------------------------------------- helpers

def _related(facts: list[Fact]) -> list[Related]:
    return [Related(f.document, f.location, f"{f.value_text}: {f.excerpt[:200]}") for f in facts]


def _finding(rule, first: Fact, others: list[Fact], message: str, expected: str, found: str, **extra) -> Finding:
    return Finding(rule=rule.id, severity=rule.severity, message=message, document=first.document,
                   location=first.location, excerpt=first.excerpt[:300], expected=expected, found=found,
                   related=_related(others), extra=extra)


def _clusters(facts: list[Fact], same, complete: bool = False) -> list[list[Fact]]:
    if complete:
        return _complete_clusters(facts, same)
    parent = list(range(len(facts)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(facts)):
        for j in range(i + 1, len(facts)):
            if same(facts[i], facts[j]):
                parent[find(i)] = find(j)
    groups: dict[int, list[Fact]] = defaultdict(list)
    for i, f in enumerate(facts):
        groups[find(i)].append(f)
    return [g for g in groups.values() if len(g) > 1]


def _complete_clusters(facts: list[Fact], same) -> list[list[Fact]]:
    """Groups in which every member matches every other (no chaining through a middle one)."""
    groups: list[list[Fact]] = []
    for f in facts:
        for g in groups:
            if all(same(f, other) for other in g):
                g.append(f)
                break
        else:
            groups.append([f])
    return [g for g in groups if len(g) > 1]


def _family(doc) -> str:
    return doc.parent or doc.title


def _places(facts: list) -> str:
    """Where the facts are, each place once: 'Minutes ..., page 3 and page 4; Report ..., page 12'."""
    by_doc: dict[str, list[str]] = {}
    for f in facts:
        places = by_doc.setdefault(f.document[:50], [])
        if f.location.describe() not in places:
            places.append(f.location.describe())
    return "; ".join(f"{doc}, {' and '.join(places)}" for doc, places in by_doc.items())


def _listing(groups: list[list[Fact]], quote: str = "") -> str:
    """Each value once, with how often and where it is given: "2024-27 (3 mentions: Minutes ..., page 3);
    2024-26 (Report ..., page 12)". `groups` holds the facts of each value, in the order to list them."""
    out = []
    for facts in groups:
        count = f"{len(facts)} mentions: " if len(facts) > 1 else ""
        out.append(f"{quote}{facts[0].value_text}{quote} ({count}{_places(facts)})")
    return "; ".join(out)


def _by_value(facts: list[Fact], key) -> list[list[Fact]]:
    groups: dict = {}
    for f in facts:
        groups.setdefault(key(f), []).append(f)
    return list(groups.values())


# ---------------------------------------------------------------- events

def _event_conflicts(rule, events: list[Fact], meeting: Optional[date]):
    def same(a: Fact, b: Fact) -> bool:
        return a.attribute == b.attribute and fuzz.token_set_ratio(" ".join(a.words), " ".join(b.words)) >= 92 \
            and fuzz.ratio(" ".join(a.words), " ".join(b.words)) >= 85

    for group in (g for cluster in _clusters(events, same) for g in _one_meeting_each(cluster)):
        dates = {f.period for f in group}
        if len(dates) < 2 or _all_overlap([f.value for f in group]):
            continue
        if group[0].attribute == "held" and not _a_year_apart(group):
            continue  # a body meets many times: only one meeting's day told with two years is a slip
        first = _likely_wrong(group, meeting)
        others = [f for f in group if f is not first]
        listing = _listing(_by_value(group, lambda f: f.period), quote="'")
        yield _finding(rule, first, others,
                       f"'{first.subject}' is said to be {first.attribute} on different dates: {listing}",
                       expected="one date for the same event", found=", ".join(f.value_text for f in group),
                       facet="event")


def _likely_wrong(group: list[Fact], meeting: Optional[date]) -> Fact:
    """The place to point at: a past event (published, held) dated after the meeting cannot be right;
    else the date fewest places give; else the first place."""
    if meeting is not None:
        after = [f for f in group if f.value[0] > meeting]
        if len(after) == 1:
            return after[0]
    counts = Counter(f.period for f in group)
    fewest = min(counts.values())
    rarest = [period for period, n in counts.items() if n == fewest]
    return next(f for f in group if f.period == rarest[0]) if len(rarest) == 1 else group[0]


def _one_meeting_each(group: list[Fact]) -> list[list[Fact]]:
    """A body's meetings split by day and month ('held on 29 January' and 'held on 4 December' are two)."""
    if group[0].attribute != "held":
        return [group]
    by_day = defaultdict(list)
    for f in group:
        by_day[(f.value[0].month, f.value[0].day)].append(f)
    return [g for g in by_day.values() if len(g) > 1]


def _a_year_apart(group: list[Fact]) -> bool:
    """The same day and month, in years one apart: one meeting, its year mistyped."""
    days = {(f.value[0].month, f.value[0].day) for f in group}
    years = sorted({f.value[0].year for f in group})
    return len(days) == 1 and len(years) == 2 and years[1] - years[0] == 1


def _all_overlap(spans) -> bool:
    return all(a[0] <= b[1] and b[0] <= a[1] for i, a in enumerate(spans) for b in spans[i + 1:])


# ---------------------------------------------------------------- plans

def _plan_conflicts(rule, plans: list[Fact], similarity: float):
    current = [p for p in plans if not p.extra.get("previous") and not p.extra.get("background")]

    def same(a: Fact, b: Fact) -> bool:
        if a.extra["type"] != b.extra["type"]:
            return False
        wa, wb = set(a.extra["name_words"]), set(b.extra["name_words"])
        return bool(wa | wb) and len(wa & wb) / len(wa | wb) >= similarity

    for group in _clusters(current, same, complete=True):
        periods = defaultdict(list)
        for f in group:
            periods[f.value].append(f)
        if len(periods) < 2:
            continue
        ranked = sorted(periods.items(), key=lambda kv: -len(kv[1]))
        odd = [f for _, fs in ranked[1:] for f in fs]
        first = odd[0]
        others = [f for f in group if f is not first]
        listing = _listing(_by_value(group, lambda f: f.value))
        yield _finding(rule, first, others,
                       f"'{first.subject}' is given different periods: {listing}",
                       expected=f"{ranked[0][1][0].value_text} (as elsewhere in the pack)", found=first.value_text,
                       facet="plan")


# ---------------------------------------------------------------- narrative figures vs tables

def _unit_class(f: Fact) -> Optional[str]:
    fig = f.value
    if fig.unit == "%":
        return "%"
    if fig.unit == "£" or fig.scale != 1:
        return "£"
    return "n"


def _agrees(narrative, cell, approx_tol: float, approx: bool, signed: bool = False) -> bool:
    """Within rounding; signs are ignored ('savings of £5.6m' for -5,600) unless the text writes them (`signed`)."""
    a_lo, a_hi = narrative.interval()
    b_lo, b_hi = cell.interval()
    if not signed and (a_lo < 0) != (b_lo < 0) and (a_hi <= 0 or b_hi <= 0):
        a_lo, a_hi = sorted((abs(a_lo), abs(a_hi)))
        b_lo, b_hi = sorted((abs(b_lo), abs(b_hi)))
    if approx:
        slack = abs(narrative.amount) * Decimal(str(approx_tol))
        a_lo, a_hi = a_lo - slack, a_hi + slack
    return a_lo <= b_hi and b_lo <= a_hi


# a set of words with none of these holds no cohort (unless the vocabulary has an empty one)
_COHORT_WORDS = None if any(not c for c in COHORTS) else frozenset(w for c in COHORTS for w in c)
_NO_COHORTS: frozenset = frozenset()


def _cohorts(words: set[str]) -> frozenset:
    if _COHORT_WORDS is not None and _COHORT_WORDS.isdisjoint(words):
        return _NO_COHORTS  # most figures' words: one set test, not one per cohort
    return frozenset(c for c in COHORTS if all(w in words for w in c))


class _Rows:
    """Table rows (label words -> cells) with word weights for matching narrative subjects."""

    def __init__(self, cells: list[Fact]):
        self.rows: dict[tuple, list[Fact]] = defaultdict(list)
        for c in cells:
            self.rows[(id(c.block), c.subject)].append(c)
        df: dict[str, int] = defaultdict(int)
        for cells_ in self.rows.values():
            for w in set(cells_[0].words):
                df[w] += 1
        n = len(self.rows) or 1
        self.weight = {w: math.log((n + 1) / (d + 0.5)) for w, d in df.items()}
        self._by_family_unit: Optional[dict[tuple, list[_RowInfo]]] = None

    def labelled(self, family: str, unit: Optional[str]) -> list["_RowInfo"]:
        """The labelled rows of a document family with a cell of this unit class, in table order
        (the per-row work of matching a subject, done once for all the narrative figures)."""
        if self._by_family_unit is None:
            by: dict[tuple, list[_RowInfo]] = defaultdict(list)
            for key, cells_ in self.rows.items():
                if not cells_[0].words:
                    continue
                info = _RowInfo(key, cells_, self)
                for unit_ in dict.fromkeys(_unit_class(c) for c in cells_):
                    by[(_family(cells_[0].doc), unit_)].append(info)
            self._by_family_unit = by
        return self._by_family_unit.get((family, unit), [])


class _RowInfo:
    """One table row's label, read once: its words, their weight, cohorts and small numbers."""

    def __init__(self, key: tuple, cells: list[Fact], rows: _Rows):
        self.key = key
        self.block = cells[0].block
        self.label_words = cells[0].words
        self.words = set(self.label_words)
        self.total = sum(rows.weight.get(w, 1.0) for w in self.words)
        self.cohorts = _cohorts(self.words)
        self.numbers = {w for w in self.label_words if w.isdigit() and len(w) <= 2}
        self.either = _alternatives(cells[0].subject, self.words)

    def score(self, rows: _Rows, context: set[str]) -> tuple[float, int]:
        """The weighted share of this row's label words found in the context, and how many were found (one of
        two alternatives, 'Surplus / Deficit', names the other too)."""
        hit = [w for w in self.words if w in context or self.either.get(w) in context]
        if not self.total:
            return 0.0, 0
        return sum(rows.weight.get(w, 1.0) for w in hit) / self.total, len(hit)


# two words a label gives as alternatives, a sign note maybe between: 'Surplus (-ve) / Deficit'
ALTERNATIVES_RE = re.compile(r"\b([A-Za-z]{3,})\s*(?:\([^()]{0,20}\)\s*)?/\s*([A-Za-z]{3,})\b")


def _alternatives(label: str, words: set[str]) -> dict[str, str]:
    """Each word of a pair of alternatives in the label to the other ('surplu' <-> 'deficit')."""
    either: dict[str, str] = {}
    if "/" not in label:
        return either
    for m in ALTERNATIVES_RE.finditer(label):
        a, b = tokens(m.group(1), {}), tokens(m.group(2), {})
        if len(a) == 1 and len(b) == 1 and a[0] in words and b[0] in words and a[0] != b[0]:
            either[a[0]], either[b[0]] = b[0], a[0]
    return either


def _figure_conflicts(rule, index, params, reported: set):
    # a table whose columns were counted in run-together text has no headings read: its cells name
    # no measure (budget? forecast? a ward's figure or the city's?) for the text to be held to
    cells = [c for c in index.of_kind("cell") if not c.extra.get("previous") and c.block.table.confidence != "flowed"]
    rows = _Rows(cells)
    columns = _Columns(cells)
    pinned: dict[int, list[tuple[Fact, tuple, Fact]]] = defaultdict(list)  # id(block) -> (figure, row, its cell)
    compared: list[Fact] = []
    changes = _ChangeRows(cells)
    introduced: dict[int, tuple] = {}  # id(paragraph) -> the blocks right under it, if it introduces a table
    before = None  # the narrative figure read before this one
    for m in index.of_kind("metric"):
        figure_before, before = before, m
        if m.extra.get("plain"):
            continue  # a plain whole number ('140 children') is read only for the text stating it twice
        if not m.extra["change"]:
            compared.append(m)
        if not m.extra["comparator"] and (m.extra["change"] or CHANGE_LABEL_WORDS & set(m.words)):
            slip = _change_row_slip(rule, m, rows, params, reported)
            if slip is None and figure_before is not None:
                slip = _bracketed_change_slip(rule, m, figure_before, changes, params, reported)
            if slip is not None:
                yield slip
        if m.extra["change"] or m.extra["comparator"] or m.extra["paren"]:
            continue
        if FLATTENED_ROW_RE.search(m.excerpt):
            continue  # a table row read as text: its figures are not the narrative quoting a table
        candidates = _candidate_rows(m, rows, params)
        named_loosely = False
        if not candidates:
            # a figure precise enough to identify its cell may name its row more loosely ('S106 contributions')
            loose = _candidate_rows(m, rows, params, loose=True) if m.extra.get("period_own") else []
            moved = _in_another_period(rule, m, loose, rows, params) if loose else None
            if moved is None and not loose:
                moved = _column_named_slip(rule, m, columns, params, reported)
            if moved is not None:
                yield moved
                continue
            if not loose:
                continue
            # ... and, its period its own, be its cell's value with one digit changed ('the final approved budget
            # for 2024-25 of £4,429.5m' beside 'Approved Base Budget 2024-25' 1,429.5): nothing nearer is a slip
            candidates, named_loosely = loose, True
        unit = _unit_class(m)
        agreeing, disagreeing = [], []
        periods: dict[tuple, Optional[str]] = {}  # the text's period as it holds for each candidate row
        for score, key in candidates:
            period = periods[key] = None if m.period and _table_under(m, rows.rows[key], introduced) else m.period
            for c in rows.rows[key]:
                if _unit_class(c) != unit or not (periods_compatible(period, c.period) or
                                                  _year_of_only_cell(period, c, rows.rows[key])):
                    continue
                if period and not c.period and (any(o.period for o in rows.rows[key]) or len(rows.rows[key]) > 1):
                    continue  # a Total column, or a table with no period columns: not the period the text names
                if c.extra.get("label_period") and not _column_said(m, c, rows.rows[key]):
                    continue  # a row of a year by directorate: the text names the column, or means the total
                agrees = _agrees(m.value, c.value, params["approx_tolerance"], m.extra["approx"],
                                 signed=m.extra.get("signed_run", False))
                (agreeing if agrees else disagreeing).append((score, c))
        if not agreeing and not disagreeing and m.extra.get("period_own"):
            moved = _in_another_period(rule, m, candidates, rows, params)
            if moved is not None:
                yield moved
            continue
        if agreeing:
            keys = {(id(c.block), c.subject) for _, c in agreeing}
            if len(keys) == 1:
                pinned[id(m.block)].append((m, next(iter(keys)), agreeing[0][1]))
            continue
        disagreeing = _of_the_period_said(m, disagreeing)
        if not disagreeing:
            continue
        best_score = max(s for s, _ in disagreeing)
        best = [c for s, c in disagreeing if s >= best_score - 1e-9]
        best_rows = {(id(c.block), c.subject) for c in best}
        if len(best_rows) > 1 and len({_label(c) for c in best}) > 1:
            continue
        near = [] if named_loosely else [c for c in best if _near(m.value, c.value, params["near"])]
        if not near:
            # far from every value: the text may quote another measure of the same thing, unless it is
            # the one value of the row written with one digit changed (a typist's slip, not another measure)
            near = _one_digit_slips(m, best, rows, periods[(id(best[0].block), best[0].subject)])
        best = near
        if not best:
            continue
        nearest = min(abs(abs(c.value.amount) - abs(m.value.amount)) for c in best)
        best = [c for c in best if abs(abs(c.value.amount) - abs(m.value.amount)) == nearest]
        if len({c.value_text for c in best}) != 1:
            continue
        if _names_benchmark(m, best[0]):
            continue  # 'the national rate ... was 59.3%' beside a row of 49.3%: another body's figure
        cell = best[0]
        sign_note = ""
        if m.extra.get("signed_run") and (m.value.amount < 0) != (cell.value.amount < 0) and \
                _agrees(m.value, cell.value, params["approx_tolerance"], m.extra["approx"]):
            sign_note = " (the sign differs, and the text writes a minus on another figure of this item)"
        slip = _cell_slip(rule, m, best, reported,
                          lambda cell, shown: f"'{cell.subject}'{_period_note(cell)} in the table, which gives "
                                              f"{shown}{sign_note}")
        if slip is not None:
            yield slip
    if pinned and compared:
        yield from _earlier_figures(rule, index, compared, pinned, params, reported)


CHANGE_LABEL_WORDS = frozenset({"change", "increase", "movement"})  # stemmed: a table's row of a change


def _change_row_slip(rule, m: Fact, rows: _Rows, params, reported: set) -> Optional[Finding]:
    """A change the text gives ('an increase in funding of £131.4m') against the table's row of that change
    ('Total Change in Net Funding' 101.4): a row whose label has a change word, every other word of which
    (but 'net') the text's words name, the one such row. Reported only when the text's figure is the
    cell's with one digit changed (a change near the cell may be another measure of it: core or gross)."""
    context = set(m.words) | set(m.extra.get("after_words", ()))
    unit = _unit_class(m)
    named = []
    for row in rows.labelled(_family(m.doc), unit):
        naming = row.words - CHANGE_LABEL_WORDS - {"net"}
        if row.block is m.block or not row.words & CHANGE_LABEL_WORDS or not naming or not naming <= context:
            continue
        if row.cohorts == _cohorts(context):
            named.append(row)
    if len({_label(rows.rows[r.key][0]) for r in named}) != 1:
        return None
    cells = [c for r in named for c in rows.rows[r.key]
             if _unit_class(c) == unit and periods_compatible(m.period, c.period)]
    if not cells or any(_agrees(m.value, c.value, params["approx_tolerance"], m.extra["approx"]) for c in cells):
        return None
    slips = _one_digit_slips(m, cells, rows, m.period)
    if not slips:
        return None
    return _cell_slip(rule, m, slips, reported, lambda cell, shown: f"the change '{cell.subject}'{_period_note(cell)} "
                                                                    f"in the table, which gives {shown}")


# 'is £1,530.9m (an increase of £101.4m, ...': a change in brackets right after the figure it changes
BRACKETED_CHANGE_RE = re.compile(rf"\s*\(\s*(?:an?\s+|the\s+)?(?:net\s+)?(?:{word_list_pattern('bracketed_change_nouns')})"
                                 r"\s+(?:of\s+)?$", re.I)


class _ChangeRows:
    """The table cells, and the cells of each table's rows of a change ('Net Change') by table and column, read
    once, for the changes given in brackets."""

    def __init__(self, cells: list[Fact]):
        self.cells = cells
        self._change: Optional[dict[tuple, list[Fact]]] = None

    def of_column(self, cell: Fact) -> list[Fact]:
        """The change rows' cells in the cell's table and column."""
        if self._change is None:
            self._change = defaultdict(list)
            for c in self.cells:
                if set(c.words) & CHANGE_LABEL_WORDS:
                    self._change[(id(c.block), c.extra.get("column"))].append(c)
        return self._change.get((id(cell.block), cell.extra.get("column")), [])


def _bracketed_change_slip(rule, m: Fact, base: Fact, changes: _ChangeRows, params, reported: set
                           ) -> Optional[Finding]:
    """'Funding ... is £1,530.9m (an increase of £131.4m, 7.1%, on 2024-25)' where a table gives £1,530.9m and,
    in its column, a change row ('Net Change') of +£101.4m: a change in brackets is the change of the figure
    before it, whatever the text calls that figure. The figure before is found by its value alone, so only
    one written to four or more significant digits; the change rows in the columns of the cells giving it must
    give one value, and the text's change must be that value with one digit changed."""
    if base.block is not m.block or base.extra.get("plain") or base.extra["change"] or \
            not BRACKETED_CHANGE_RE.fullmatch(m.block.text[base.end:m.start]):
        return None
    written = format(abs(base.value.value), "f")
    if len(written.replace(".", "").lstrip("0")) < 4:
        return None
    unit = _unit_class(m)
    same = [c for c in changes.cells if _unit_class(c) == _unit_class(base) and c.block is not m.block and
            _family(c.doc) == _family(m.doc) and _as_written(c.value, base.value) == written]
    change_cells = {id(c): c for b in same for c in changes.of_column(b)
                    if _unit_class(c) == unit and c.subject != b.subject}
    cells = list(change_cells.values())
    if not cells or len({c.value_text.lstrip("+") for c in cells}) != 1:
        return None
    if any(_agrees(m.value, c.value, params["approx_tolerance"], m.extra["approx"]) for c in cells):
        return None
    if not _one_digit_slip(m, cells[0]):
        return None
    return _cell_slip(rule, m, cells, reported,
                      lambda cell, shown: f"the change '{cell.subject}' of {base.value_text} in the table, which "
                                          f"gives {shown}")


def _cell_slip(rule, m: Fact, cells: list[Fact], reported: set, what) -> Optional[Finding]:
    """The finding that the text's figure is not the value of cells[0] (the others agree with it), once for
    each figure of the text. what(cell, shown) says what the cell is and what it gives."""
    key = (m.document, m.location, m.value_text)
    if key in reported:
        return None
    reported.add(key)
    cell = cells[0]
    shown = _shown(cell)
    return _finding(rule, m, cells, f"{m.value_text} in the text does not match {what(cell, shown)}",
                    expected=shown, found=m.value_text, facet="figure", table_label=cell.subject, column=cell.attribute)


def _of_the_period_said(m: Fact, scored: list) -> list:
    """A text figure with no period of its own, beside a row of several years, in a sentence that names other
    dates ('As at the end of March 2025, ... a balance of capital receipts of £5.122m' beside the receipts of
    2025/26 to 2028/29): it is of one of those dates, not of the nearest year's cell. Held then only to a cell
    of a year the sentence names, or to the row's Total."""
    if m.period or len({c.period for _, c in scored if c.period}) < 2:
        return scored
    named = set(single_year_periods(m.excerpt))
    if not named:
        return scored
    return [(s, c) for s, c in scored if not c.period or c.period in named]


# a paragraph that introduces the table under it: 'The breakdown by age is shown in the table below.'
INTRODUCES_TABLE_RE = re.compile(r"\b(?:table|chart)\s+below\b|\bthe following table\b|"
                                 r"\b(?:shown|set out|summarised|given)\s+below\b|\bas follows\s*:?\s*$", re.I)


def _table_under(m: Fact, row: list[Fact], introduced: dict[int, tuple]) -> bool:
    """The row's table is the one the figure's paragraph introduces, right under it, and names no period: its
    figures are those of the period the text gives them ('In April 2024, 2,954 children ... were registered.
    The breakdown by age is shown in the table below.' over a table of ages), not of another year.
    `introduced` holds each paragraph's answer: the blocks under it that may be the table."""
    if any(c.period for c in row):
        return False
    if id(m.block) not in introduced:
        introduced[id(m.block)] = _blocks_under(m) if INTRODUCES_TABLE_RE.search(m.block.text) else ()
    return any(b is row[0].block for b in introduced[id(m.block)])


def _blocks_under(m: Fact) -> tuple:
    """The table right under the figure's paragraph, maybe after its caption ('Table 3: ...')."""
    blocks = m.doc.blocks
    at = next((i for i, b in enumerate(blocks) if b is m.block), None)
    if at is None:
        return ()
    for b in blocks[at + 1:at + 3]:
        if b.table is not None:
            return (b,)
        if len(b.text) > 120:
            break
    return ()


def _period_note(cell: Fact) -> str:
    return f" ({cell.period})" if cell.period else ""


def _heading_words(cell: Fact) -> frozenset:
    return frozenset(w for w in tokens(cell.attribute) if not COLUMN_NOISE_RE.fullmatch(w))


def _column_said(m: Fact, cell: Fact, row: list[Fact]) -> bool:
    """The text names the cell's column ('£643.2m for ASCH'), or names none of the row's columns and the cell is
    in its Total column (the year's whole, which a figure naming no part means)."""
    context = set(m.words) | set(m.extra.get("after_words", ()))
    heading = _heading_words(cell)
    if heading and heading <= context:
        return True
    if any(_heading_words(o) and _heading_words(o) <= context for o in row):
        return False
    return "total" in cell.attribute.lower() or (len(row) == 1)


COLUMN_NOISE_RE = re.compile(r"col\d*|\d+s?|000s?|£\w*")  # a column's name, scale and number are not what it measures


class _Columns:
    """Table cells by the words of their column's heading ('Current Budget £000s' -> current, budget): for a
    figure whose words name the cell by its column and row together ('expenditure ... at outturn' for the
    Total Expenditure row's Outturn column), or by its column alone, which is then the column's total."""

    def __init__(self, cells: list[Fact]):
        self.by: dict[tuple, dict[frozenset, list[Fact]]] = defaultdict(lambda: defaultdict(list))
        for c in cells:
            words = _heading_words(c)
            if words:
                self.by[(_family(c.doc), _unit_class(c))][words].append(c)

    def named(self, m: Fact) -> list[Fact]:
        """The cells the figure's words name: row label and column heading all said; else, when only a column
        heading is, that column's total rows."""
        context = set(m.words) | set(m.extra.get("after_words", ()))
        # the noun the figure is the value of: the word before it ('the current budget to £182.0m'), or after
        # it when it names the figure ('£182.0m current budget'); 'the forecast revenue overspend of £23.3m' is
        # an overspend, not the Revenue Forecast column's total
        head = {m.words[-1]} if m.words else set()
        if m.extra.get("noun_follows") and m.extra.get("after_words"):
            head.add(m.extra["after_words"][0])
        both, totals = [], []
        for heading, cells in self.by.get((_family(m.doc), _unit_class(m)), {}).items():
            if not heading <= context:
                continue
            said_last = bool(heading & head)
            for c in cells:
                if c.block is m.block or not periods_compatible(m.period, c.period):
                    continue
                if c.words and set(c.words) <= context and len(heading | set(c.words)) >= 2:
                    both.append(c)
                elif c.extra.get("total") and said_last:
                    totals.append(c)
        return both or totals


def _column_named_slip(rule, m: Fact, columns: _Columns, params, reported: set) -> Optional[Finding]:
    """A figure that names its cell by the column ('increasing the current budget to £142.0m', 'income to
    £134.0m at outturn') and is that cell's value with one digit changed. Only a typist's slip is taken:
    a figure near the value may be another measure the column's words also name."""
    named = columns.named(m)
    if not named or any(_agrees(m.value, c.value, params["approx_tolerance"], m.extra["approx"]) for c in named):
        return None
    slips = [c for c in named if _one_digit_slip(m, c) and not _names_benchmark(m, c)]
    if len({abs(c.value.amount) for c in slips}) != 1 or len({c.attribute for c in slips}) != 1:
        return None
    return _cell_slip(rule, m, slips, reported, lambda cell, shown: f"'{cell.subject}' under '{cell.attribute}' in "
                                                                    f"the table, which gives {shown}: one digit differs")


EARLIER_RE = re.compile(rf"\b(?:{word_list_pattern('earlier_period_words')})\s+(quarter|year|month)\b", re.I)
BENCHMARK_RE = re.compile(rf"\b(?:{word_list_pattern('benchmark_words')})\b", re.I)


def _earlier_figures(rule, index, compared: list[Fact], pinned, params, reported):
    """'26.3% at the end of Quarter 2, an increase from 24.9% at the end of the previous quarter', where the
    first figure is the row's latest value in a dashboard: the second is the row's Previous column.

    The row is pinned by the sentence's first figure agreeing with it (label and value); the compared figure
    must be the next of its kind in the sentence, and its words must name the period before the row's latest
    (Quarter 1 for Q2, an earlier year for 2023/24), not a benchmark (national, target)."""
    by_block: dict[int, list[Fact]] = defaultdict(list)
    for o in index.of_kind("metric"):
        if not o.extra.get("plain"):
            by_block[id(o.block)].append(o)
    previous: dict[tuple, list[Fact]] = defaultdict(list)
    for c in index.of_kind("cell"):
        if c.extra.get("previous"):
            previous[(id(c.block), c.subject)].append(c)
    pinned_figures = {id(p[0]) for ps in pinned.values() for p in ps}
    for m in compared:
        if id(m) in pinned_figures:
            continue  # the latest figure of some row itself
        before = [p for p in pinned.get(id(m.block), ()) if p[0].end <= m.start and _unit_class(p[0]) == _unit_class(m)]
        if not before:
            continue
        first, key, latest = before[-1]
        text = m.block.text
        between = text[first.end:m.start]
        if not _continues_with_comparison(between, m.excerpt == first.excerpt):
            continue
        if any(o.start > first.start and _unit_class(o) == _unit_class(m) for o in by_block[id(m.block)]
               if o.start < m.start):
            continue  # another figure of its kind comes between: which one is compared is unsure
        following = [o.start for o in by_block[id(m.block)] if o.start > m.start]
        after = re.split(r"[.;]\s", text[m.end:min(following + [m.end + 60])])[0]
        words = between + " " + after
        if BENCHMARK_RE.search(words) or not _names_period_before(words, latest.period):
            continue
        cells = [c for c in previous.get(key, ()) if _unit_class(c) == _unit_class(m)]
        if len({c.value_text for c in cells}) != 1:
            continue
        cell = cells[0]
        if _agrees(m.value, cell.value, params["approx_tolerance"], m.extra["approx"]):
            continue
        if not _near(m.value, cell.value, params["near"]) and not _one_digit_slip(m, cell):
            continue
        where = (m.document, m.location, m.value_text)
        if where in reported:
            continue
        reported.add(where)
        shown = _shown(cell)
        yield _finding(rule, m, [cell, latest],
                       f"{m.value_text} in the text, the earlier figure of '{cell.subject}' beside its latest "
                       f"{first.value_text}, does not match the table's '{cell.attribute}' column, which gives {shown}",
                       expected=shown, found=m.value_text, facet="figure",
                       table_label=cell.subject, column=cell.attribute)


COMPARISON_RE = re.compile(r"\b(?:from|compared|comparison|against|than|previous|last|prior|preceding)\b", re.I)
ANAPHORA_RE = re.compile(r"^\W*(?:this|that|it|these|which)\b", re.I)


def _names_benchmark(m: Fact, cell: Fact) -> bool:
    """The words naming the figure say it is a benchmark's (national, average, target) and the row's label
    and column do not: the text gives another body's figure, or a goal, for the row's measure."""
    named = {w.lower() for w in BENCHMARK_RE.findall(f"{m.subject} {' '.join(m.extra.get('after_words', ()))}")}
    return bool(named - {w.lower() for w in BENCHMARK_RE.findall(f"{cell.subject} {cell.attribute}")})


def _continues_with_comparison(between: str, same_sentence: bool) -> bool:
    """The words from the latest figure to the compared one compare them ('..., an increase from'), in one
    sentence or in the next one if it opens by pointing back ('... 49.3%. This is an increase from ...')."""
    if not same_sentence:
        parts = re.split(r"(?<=[.!?])\s+", between)
        if len(parts) != 2 or not ANAPHORA_RE.match(parts[1]):
            return False
    return bool(COMPARISON_RE.search(between))


def _names_period_before(words: str, latest: Optional[str]) -> bool:
    """The words name the period just before `latest`: 'Quarter 1' or 'the previous quarter' for Q2;
    '2023' or 'last year' for 2023/24 or 2024."""
    if not latest:
        return False
    quarter = re.match(r"Q([1-4])", latest)
    named_quarters = {int(q.group(1)) for q in QUARTER_RE.finditer(words)}
    earlier = [w.group(1).lower() for w in EARLIER_RE.finditer(words)]
    years = [int(p[:4]) for p in single_year_periods(words) if not p.startswith("Q")]
    if quarter:
        if years:
            return False  # a quarter a year ago, or another year's: not the Previous column's quarter
        latest_q = int(quarter.group(1))
        named_quarters.discard(latest_q)  # the latest figure's own 'at the end of Quarter 2'
        want = latest_q - 1 or 4
        return named_quarters == {want} or (not named_quarters and earlier == ["quarter"])
    if named_quarters:
        return False
    try:
        latest_end = int(latest[:4]) + (1 if "/" in latest else 0)
    except ValueError:
        return False
    earlier_years = [y for y in years if y < latest_end]  # not the latest figure's own year
    if earlier_years:
        return len(earlier_years) == len(years) - sum(1 for y in years if y == latest_end) and \
            max(earlier_years) >= latest_end - 2
    return not years and earlier == ["year"]


def _year_of_only_cell(year: Optional[str], cell: Fact, row: list[Fact]) -> bool:
    """'In 2024 ... 69.6%' for a dashboard row whose one value is for 2023/24: a calendar year names the
    financial or academic year it ends or starts when the row has no other value to choose from."""
    if not year or not cell.period or not re.fullmatch(r"(?:19|20)\d\d", year) or \
            not re.fullmatch(r"(?:19|20)\d\d/\d\d", cell.period):
        return False
    if sum(1 for c in row if _unit_class(c) == _unit_class(cell)) != 1:
        return False
    start = int(cell.period[:4])
    return int(year) in (start, start + 1)


def _significant_digits(text: str) -> int:
    digits = re.sub(r"\D", "", text.split("m")[0] if "£" in text else text).lstrip("0")
    return len(digits)


def _in_another_period(rule, m: Fact, candidates, rows: _Rows, params) -> Optional[Finding]:
    """'£17.6m is in 2024/25' where the one row the text names has 17,603 under 2025/26 and no 2024/25 column.

    Only a precise figure (3+ significant digits) that matches exactly one period cell of exactly one row:
    then the period written beside it, not the figure, is the slip."""
    if "/" not in (m.period or "") or _significant_digits(m.value_text) < 3:
        return None
    keys = {key for _, key in candidates}
    if len({_label(rows.rows[k][0]) for k in keys}) != 1:
        return None
    cells = [c for k in keys for c in rows.rows[k] if c.period and _unit_class(c) == _unit_class(m)]
    if not cells or any(periods_compatible(m.period, c.period) for c in cells):
        return None
    if any(c.block.table is not None and (c.block.table.confidence not in ("grid", "aligned") or c.block.table.cut_off)
           for c in cells):
        return None  # a table rebuilt, or cut off at the page's right edge, may have lost columns: 'no X column' is unsure
    table_periods = {c.period for k in keys for c in rows.rows[k] if c.period}
    same = [c for c in cells if _agrees(m.value, c.value, params["approx_tolerance"], m.extra["approx"])]
    if len(same) != 1 or not _adjacent_periods(m.period, same[0].period):
        return None
    if len({c.value_text for c in cells}) < 2 and _quarter_number(same[0].period) is None:
        return None  # one year's cell: the text's year may frame the figure otherwise (a quarter's is its own)
    cell = same[0]
    return _finding(rule, m, [cell],
                    f"{m.value_text} is said to be in {m.period}, but '{cell.subject}' in the table gives "
                    f"{_shown(cell)} under {cell.period} "
                    + (f"(the table has no {m.period} column: {', '.join(sorted(table_periods))})"
                       if len(table_periods) > 1 else "(the only period the table gives it for)"),
                    expected=f"{m.value_text} in {cell.period}", found=f"{m.value_text} in {m.period}",
                    facet="figure", table_label=cell.subject, column=cell.attribute)


def _adjacent_periods(a: str, b: str) -> bool:
    """Two years one apart ('2024/25', '2025/26'), or two quarters one apart ('Q2 2024/25', 'Q3 2024/25')."""
    qa, qb = _quarter_number(a), _quarter_number(b)
    if qa is not None or qb is not None:
        return qa is not None and qb is not None and abs(qa - qb) == 1
    try:
        return abs(int(a[:4]) - int(b[:4])) == 1
    except ValueError:
        return False


QUARTER_PERIOD_RE = re.compile(r"^Q([1-4])\s+((?:19|20)\d\d)")


def _quarter_number(period: str) -> Optional[int]:
    """Quarters counted from year 0 ('Q2 2024/25' -> 2024 * 4 + 1), or None for a period not a quarter."""
    m = QUARTER_PERIOD_RE.match(period or "")
    return int(m.group(2)) * 4 + int(m.group(1)) - 1 if m else None


def _near(a, b, tolerance: float) -> bool:
    """Close enough to be the same figure mistyped, misrounded or out of date (not another measure)."""
    x, y = abs(a.amount), abs(b.amount)
    if a.unit == "%" and b.unit == "%":
        return abs(x - y) <= max(x, y) * Decimal(str(tolerance)) or abs(x - y) <= 2
    return abs(x - y) <= max(x, y) * Decimal(str(tolerance))


def _as_written(fig, like) -> Optional[str]:
    """`fig`'s value written as `like` writes its own: in its scale, to its decimal places, no sign or commas."""
    if fig.unit == "%" and like.unit != "%" or like.unit == "%" and fig.unit != "%":
        return None
    quantum = Decimal(1).scaleb(-like.decimals)
    value = (abs(fig.amount) / like.scale).quantize(quantum, rounding=ROUND_HALF_UP)
    return format(value, "f")


def _one_digit_apart(a: str, b: str) -> bool:
    """Two numbers written alike that differ in one digit, or in two neighbouring digits swapped."""
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    if len(diff) == 1:
        return True
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def _one_digit_slip(m: Fact, cell: Fact) -> bool:
    """The cell's value, written as the text writes its figure, differs from it in one digit ('£70.1m' for
    50,118 in £000, '86.3%' for 26.3%): a typist's slip, for a figure of three or more significant digits."""
    written = format(abs(m.value.value), "f")
    if len(written.replace(".", "").lstrip("0")) < 3:
        return False
    other = _as_written(cell.value, m.value)
    return other is not None and _one_digit_apart(written, other)


def _one_digit_slips(m: Fact, cells: list[Fact], rows: _Rows, period: Optional[str]) -> list[Fact]:
    """The cells of the one row the text names that are its figure with one digit changed: only in the
    column the text names (its year, `period`; no year: a column with none, such as a Total, or the row's only
    cell), and only when one value fits."""
    if len({_label(c) for c in cells}) != 1:
        return []

    def same_column(c: Fact) -> bool:
        if period:
            return bool(c.period)  # compatible with the text's year already
        return not c.period or len(rows.rows[(id(c.block), c.subject)]) == 1

    slips = [c for c in cells if same_column(c) and _one_digit_slip(m, c)]
    return slips if len({c.value_text for c in slips}) == 1 else []


def _shown(cell: Fact) -> str:
    fig = cell.value
    if re.search(r"\d\s?(?:m|bn|k|million|billion)$", cell.value_text):
        return cell.value_text  # '£1,294.0m': its scale written in the cell
    if fig.scale == 1_000_000 and fig.unit in ("£", None):
        sign = "-" if fig.amount < 0 else ""  # '(3.7)' in a column of £m is -£3.7m, not '£(3.7)m'
        return f"{cell.value_text} ({sign}£{cell.value_text.strip('£()-−– ')}m)"
    if fig.scale != 1 and fig.unit in ("£", None):
        sign = "-" if fig.amount < 0 else ""
        return f"{cell.value_text} ({sign}£{format_decimal(abs(fig.amount) / Decimal(1_000_000), 3)}m)"
    return cell.value_text


def _candidate_rows(m: Fact, rows: _Rows, params, loose: bool = False) -> list[tuple[float, tuple]]:
    before = set(m.words)
    after = set(m.extra.get("after_words", ()))
    m_cohorts = _cohorts(before | after)
    scored = []
    ctx = _naming_after(m.extra.get("after_words", ())) if m.extra.get("noun_follows") else before
    min_score = params["min_score"] - (0.15 if loose else 0.0)
    ctx_numbers = {w for w in ctx if w.isdigit() and len(w) <= 2}
    for row in rows.labelled(_family(m.doc), _unit_class(m)):
        if row.block is m.block:
            continue
        score, hits = row.score(rows, ctx)
        if score < min_score or hits < 2 or (not loose and hits < min(3, len(row.words))):
            continue
        if row.cohorts != m_cohorts:
            continue
        if (row.words & RESTRICTING_WORDS) - ctx:
            continue  # 'Other SEN Support Services' is not the SEN support the text names
        if row.numbers and ctx_numbers and not row.numbers & ctx_numbers:
            continue  # 'Strand 1' is not 'Strand 2'
        scored.append((score, row.key))
    if not scored:
        return []
    scored.sort(key=lambda t: -t[0])
    top = scored[0][0]
    close = [t for t in scored if t[0] >= top - params["margin"]]
    labels = {_label(rows.rows[k][0]) for _, k in close}
    if len(labels) > 1:
        return []
    return close


PARTS_FOLLOW = frozenset(w for word in words("parts_follow_words") for w in tokens(word, {}))  # rules/vocab


def _naming_after(after_words: tuple) -> set[str]:
    """The words after a figure that name it, up to a list of its parts ('£12.6m for investment in other capital
    requirements including ... strategic capital maintenance': the figure is Other Capital's, not a part's)."""
    for i, w in enumerate(after_words):
        if w in PARTS_FOLLOW:
            return set(after_words[:i])
    return set(after_words)


def _label(cell: Fact) -> frozenset:
    """What a row's label names: its words, so that 'Total Net Assets' in the balance sheet and 'Net Assets'
    in its summary are one subject, not two the text might mean."""
    return frozenset(cell.words) or frozenset([cell.subject.lower()])


# ---------------------------------------------------------------- a narrative figure stated twice

# where the words naming a figure end: the next clause names another figure
CLAUSE_BREAK_RE = re.compile(r"[;:()\[\]]|\b(?:and|but|while|whereas|compared|against|than|of which)\b", re.I)
# after a figure its naming words end where a clause of time or condition begins ('£813k from CRSTS funding after
# the Grant Offer Letter is issued': the letter does not name the figure)
AFTER_BREAK_RE = re.compile(CLAUSE_BREAK_RE.pattern + r"|\b(?:after|before)\s+(?:the|a|an|this|that|its|their)\b"
                            r"|\b(?:once|until|when|unless|if|because)\b", re.I)  # ('Looked after Children' names)
COMPARED_AT_END_RE = re.compile(r"\b(?:against|than|compared(?:\s+(?:to|with))?|versus|vs\.?)\s*$", re.I)
FROM_TO_RE = re.compile(r"\bfrom\s+(?:[£$€]?\d[\d,.]*\s?(?:m|bn|k|million|billion|%)?\s+)to\s*$", re.I)
DAY_OF_MONTH_RE = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTH})\b|\b(?:{MONTH})\s+\d{{1,2}}\b", re.I)
NAME_WORD_RE = re.compile(r"\b[A-Z][a-z]+\b")  # a place or a body ('Horfield', 'Lockleaze'), or a clause's first word
LABEL_RE = re.compile(r"\b([A-Z][\w'’ -]{0,30}):\s")  # a record's label ('Clifton Down: Total population = ...')
# a change's new value ('would increase to £2.70 per hour'), not the value it changes from
TO_VALUE_RE = re.compile(r"\b(?:increas\w*|decreas\w*|ris(?:e|es|ing|en)|rose|fall(?:s|ing|en)?|fell|reduc\w*|"
                         r"grow(?:s|ing|n)?|grew|chang\w*|uplift\w*|mov(?:e|es|ed|ing))\s+(?:\w+\s+){0,4}?to\s*$", re.I)
YEARS_RE = re.compile(r"(?:19|20)\d\d(?:\s*[/-]\s*\d{2,4})?")  # periods are compared as periods
SMALL_NUMBER_RE = re.compile(r"(?<![\d.,/])\d{1,2}(?![\d.,/])")


def _naming_window(m: Fact) -> tuple[str, str]:
    """The few words just before a narrative figure, from its own clause and sentence, and the few after it."""
    text = m.block.text
    sentence_start = max(0, text.rfind(m.excerpt[:30], 0, m.start + 30))
    before = FROM_TO_RE.sub(" ", text[max(sentence_start, m.start - 120):m.start])  # 'from £56 to £178'
    words = FIGURE_RE.sub(" ", before)
    compared = COMPARED_AT_END_RE.search(words)
    if compared:  # '... renting rate of 45.2% against 37.5% for England': named by what it is compared with
        words = words[:compared.start()]
    before = CLAUSE_BREAK_RE.split(words)[-1]
    sentence_end = sentence_start + len(m.excerpt) if text.startswith(m.excerpt[:30], sentence_start) else m.end + 80
    after = AFTER_BREAK_RE.split(text[m.end:min(m.end + 80, sentence_end)])[0]
    before, after = FIGURE_RE.sub(" ", before), FIGURE_RE.sub(" ", after)  # words, not other figures
    return " ".join(before.split()[-8:]), " ".join(after.split()[:12])


CALENDAR_WORDS = set(month_names()) | set(weekday_names())


def _names(window: str) -> set[str]:
    """The capitalised words beside a figure that may name a place or body ('Horfield', 'Kingsdown RPS')."""
    return {n.lower() for n in NAME_WORD_RE.findall(window)} - CALENDAR_WORDS  # 'June' dates, it names nothing


# 'as previously approved': an aside on when the figure was reported, not the previous period or cohort
REPORTING_ASIDE_RE = re.compile(r"\bas\s+(?:was\s+|has\s+been\s+|had\s+been\s+)?previously\s+(?:set\s+out|[a-z]+(?:ed|en))\b",
                                re.I)


class _Mention:
    """A narrative figure with the words that name it, read once."""

    def __init__(self, m: Fact, order: int, glossary, common: set[str]):
        self.fact = m
        self.order = order
        before, after = (REPORTING_ASIDE_RE.sub(" ", part) for part in _naming_window(m))
        self.window = re.sub(r"\s+", " ", f"{before} … {after}").strip()
        self.words = frozenset(w for w in tokens(f"{before} {after}", glossary) if not w.isdigit())
        # naming words as written: an abbreviation the glossary expands ('MTFS', four words) is one
        self.size = len({w for w in tokens(f"{before} {after}", {}) if not w.isdigit()})
        self.names = _names(f"{before} {after}") - common
        self.sentence = m.excerpt.lower()
        text = m.block.text
        sentence_start = max(0, text.rfind(m.excerpt[:30], 0, m.start + 30))
        opening = text[sentence_start:m.start]
        labels = LABEL_RE.findall(opening)
        self.label = labels[-1].lower() if labels else None
        self.to_value = bool(TO_VALUE_RE.search(opening[-80:]))
        self.written = format(abs(m.value.value), "f")
        self.cohorts = _cohorts(set(self.words))
        self.sentence_cohorts = _cohorts(set(tokens(REPORTING_ASIDE_RE.sub(" ", m.excerpt), glossary)))
        window = DAY_OF_MONTH_RE.sub(" ", YEARS_RE.sub(" ", f"{before} {after}"))
        self.numbers = set(SMALL_NUMBER_RE.findall(window))  # 'Strand 2', 'phase 1'
        clause = CLAUSE_BREAK_RE.split(opening)[-1]  # the whole clause naming it: 'The national rate of ... was'
        self.benchmark = {w.lower() for w in BENCHMARK_RE.findall(f"{clause} {after}")}

    def same_fact(self, other: "_Mention") -> bool:
        """Both name one fact: most of the fewer naming words are the other's; the same cohort, benchmark,
        period and small numbers; no place or body (a capitalised word) beside one that the other's sentence lacks."""
        if other.fact.block is self.fact.block or not periods_compatible(self.fact.period, other.fact.period):
            return False
        if other.fact.extra["change"] != self.fact.extra["change"] or other.to_value != self.to_value or \
                other.fact.extra["comparator"] != self.fact.extra["comparator"]:
            return False  # 'an increase of £33.8m' and 'reserves of £38.8m'; 'would rise to £2.70' and 'charge £2.50';
            # 'up from 24.9%' (an earlier value) and '24.3% of ...'
        shared = self.words & other.words
        if len(shared) < 3 or len(shared) < 0.4 * min(self.size, other.size):
            return False
        if self.label and other.label and self.label != other.label:
            return False  # two records of a list ('Clifton: ...', 'Clifton Down: ...')
        if not (self.cohorts <= other.sentence_cohorts and other.cohorts <= self.sentence_cohorts):
            return False  # 'pupils with an EHC plan' and 'all pupils'
        if self.benchmark != other.benchmark or (_missing(self.numbers, other.sentence) and
                                                 _missing(other.numbers, self.sentence)):
            return False  # 'Strand 1' and 'Strand 2'
        return not (_missing(self.names, other.sentence) or _missing(other.names, self.sentence))


def _missing(names: set[str], sentence: str) -> bool:
    """Some of the names (or small numbers) is not in the sentence."""
    return any(not re.search(rf"\b{re.escape(n)}\b", sentence) for n in names)


def _telling(m: Fact) -> bool:
    """A figure precise enough that two mentions one digit apart are one figure mistyped: three or more
    significant digits, not a round number ('£500k', '1,000'); not an estimate ('around', 'in the region of')."""
    if m.extra["approx"]:
        return False
    digits = re.sub(r"\D", "", format(abs(m.value.value), "f")).lstrip("0")
    if len(digits) < 3 or len(digits.rstrip("0")) < 2 or FLATTENED_ROW_RE.search(m.excerpt):
        return False
    text = m.block.text  # a figure beside another with no word between: a table's row read as text
    return not (SIDE_AFTER_RE.match(text, m.end) or SIDE_BEFORE_RE.search(text[max(0, m.start - 12):m.start]))


SIDE_AFTER_RE = re.compile(r"\s+[-–(]?[£$€]?\d")
SIDE_BEFORE_RE = re.compile(r"\d[%)m]?\s+$")


def _common_names(facts: list[Fact]) -> set[str]:
    """The names in many of the pack's sentences with figures ('Leicestershire', 'Council'): the pack's own
    body or place, which tells no two figures apart."""
    sentences = {f.excerpt for f in facts}
    counts = Counter(n for text in sentences for n in {w.lower() for w in NAME_WORD_RE.findall(text)})
    return {n for n, k in counts.items() if k >= max(8, len(sentences) // 20)}


def _beyond_rounding(a: str, b: str) -> bool:
    """Two numbers written alike that differ by more than two in their last place: 8,142 and 8,141 (or 17.2%
    and 17.3%) may be one figure rounded, or counted, two ways (census tables differ so)."""
    if "." not in a and "." not in b:  # whole numbers, the most of them: no Decimal needed
        return abs(int(a) - int(b)) > 2
    step = Decimal(1).scaleb(-len(a.partition(".")[2]))
    return abs(Decimal(a) - Decimal(b)) > 2 * step


def _one_digit_neighbours(written: str) -> Iterable[str]:
    """The numbers written like `written` with one digit changed, or two neighbouring digits swapped."""
    for i, ch in enumerate(written):
        if ch.isdigit():
            for d in "0123456789":
                if d != ch:
                    yield written[:i] + d + written[i + 1:]
    for i in range(len(written) - 1):
        a, b = written[i], written[i + 1]
        if a != b and a.isdigit() and b.isdigit():
            yield written[:i] + b + a + written[i + 2:]


def _other_values(a: "_Mention", by_written: dict) -> list["_Mention"]:
    """The mentions of the same fact written one digit apart from `a`. Read up to a second such value
    only: two of them already make the slip unsure (and a list of numbered items, 'service 123',
    'service 124', would otherwise compare each with every neighbour)."""
    others: list[_Mention] = []
    for w in _one_digit_neighbours(a.written):
        if w not in by_written or not _beyond_rounding(a.written, w):
            continue
        same = [b for b in by_written[w] if a.same_fact(b)]
        if same:
            if others:
                return others + same[:1]
            others = same
    return others


def _restated_figures(rule, index, reported: set):
    """'The Trust had identified £10.1m of its savings target' and, in another paragraph of the same report,
    'Of the £15.1m recurrent plans identified': one figure, named alike in two places and written alike (the
    same unit, scale and decimals), with one digit changed. The mention fewer places agree with is reported
    (a place giving the figure more precisely, '£52.083m' for '£52.1m', agrees with the value it rounds to);
    of two, the later one."""
    telling = [(order, m) for order, m in enumerate(index.of_kind("metric")) if _telling(m)]
    written: dict[tuple, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for order, m in telling:
        key = (_family(m.doc), _unit_class(m), m.value.scale, m.value.decimals)
        written[key][format(abs(m.value.value), "f")].append((order, m))
    common = _common_names([m for _, m in telling])
    finer = _FinerMentions(telling, index.glossary, common)
    groups: dict[tuple, list[_Mention]] = {}
    for key, values in written.items():  # only the figures with another one digit apart are read closely
        near = [x for w, xs in values.items()
                if any(v in values and _beyond_rounding(w, v) for v in _one_digit_neighbours(w)) for x in xs]
        groups[key] = [_Mention(m, order, index.glossary, common) for order, m in near]
    for group_key, mentions in groups.items():
        by_written: dict[str, list[_Mention]] = defaultdict(list)
        for x in mentions:
            by_written[x.written].append(x)
        for a in mentions:
            others = _other_values(a, by_written)
            if not others or len({b.written for b in others}) != 1:
                continue  # no other value, or one figure given three ways: which is the slip is unsure
            agreeing = [b for b in by_written[a.written] if b is not a and a.same_fact(b)] + finer.backing(a)
            backing = [b for b in by_written[others[0].written] if b.same_fact(others[0]) or b is others[0]] + \
                finer.backing(others[0])
            if len(agreeing) > len(backing) - 1 or (len(agreeing) == len(backing) - 1 and
                                                   _first_is_kept(a, others, written[group_key])):
                continue  # as many places say this as the other (and this comes first): the other is the slip
            key = (a.fact.document, a.fact.location, a.fact.value_text)
            if key in reported:
                continue
            reported.add(key)
            other = others[0].fact
            yield _finding(rule, a.fact, [b.fact for b in others],
                           f"{a.fact.value_text} in the text, but {other.value_text} for the same figure "
                           f"('{others[0].window}') in {_places([b.fact for b in others])}: "
                           f"the two differ in one digit",
                           expected=other.value_text, found=a.fact.value_text, facet="restated")


def _first_is_kept(a: "_Mention", others: list["_Mention"], values: dict[str, list]) -> bool:
    """Of two mentions as well backed, the one the paper writes more often elsewhere is kept (£813k three times in a
    report, once as £823k); as often, the first is."""
    mine, theirs = len(values.get(a.written, ())), len(values.get(others[0].written, ()))
    if mine != theirs:
        return mine > theirs
    return a.order < min(b.order for b in others)


class _FinerMentions:
    """The telling figures by paper, unit and scale, to find those giving a mention's figure to more decimal
    places ('£52.083m' for '£52.1m'); each read into a _Mention only when its value rounds to one asked about."""

    def __init__(self, telling, glossary, common):
        self.by_key: dict[tuple, list] = defaultdict(list)
        for order, m in telling:
            self.by_key[(_family(m.doc), _unit_class(m), m.value.scale)].append((order, m))
        self.rounded: dict[tuple, dict[Decimal, list]] = {}  # (key, decimals) -> rounded value -> finer figures
        self.glossary, self.common = glossary, common
        self.read: dict[int, _Mention] = {}

    def backing(self, x: _Mention) -> list[_Mention]:
        key = (_family(x.fact.doc), _unit_class(x.fact), x.fact.value.scale)
        decimals = x.fact.value.decimals
        if (key, decimals) not in self.rounded:
            by_value: dict[Decimal, list] = defaultdict(list)
            for order, m in self.by_key[key]:
                if m.value.decimals > decimals:
                    by_value[_rounded(abs(m.value.value), decimals)].append((order, m))
            self.rounded[(key, decimals)] = by_value
        out = []
        for order, m in self.rounded[(key, decimals)].get(abs(x.fact.value.value), ()):
            if id(m) not in self.read:
                self.read[id(m)] = _Mention(m, order, self.glossary, self.common)
            if x.same_fact(self.read[id(m)]):
                out.append(self.read[id(m)])
        return out


def _rounded(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------- rows quoted in two tables

def _row_conflicts(rule, row_facts: list[Fact]):
    """Rows that are copies of each other (3+ equal figures) except for one figure; the odd one is reported."""
    odd_rows: dict[tuple, dict] = {}
    for i, j in _pairs_sharing_large_values(row_facts):
        a, b = row_facts[i], row_facts[j]
        differ = _copy_with_one_change(a, b)
        if differ is None:
            continue
        x, y = differ
        for row, fig, other, other_fig in ((a, x, b, y), (b, y, a, x)):
            entry = odd_rows.setdefault((id(row), fig.text), {"row": row, "fig": fig, "others": []})
            entry["others"].append((other, other_fig))
    reported = set()
    for (_, _), entry in sorted(odd_rows.items(), key=lambda kv: -len(kv[1]["others"])):
        row, fig, others = entry["row"], entry["fig"], entry["others"]
        agreeing_elsewhere = [(o, f) for o, f in others if (id(o), f.text) not in odd_rows or
                              len(odd_rows[(id(o), f.text)]["others"]) <= len(others)]
        if id(row) in reported or any(id(o) in reported for o, _ in others):
            continue
        # the odd one out is the row whose figure all the others contradict; with two rows, the later one
        if len(others) == 1 and (id(others[0][0]), others[0][1].text) in odd_rows:
            other = others[0][0]
            if len(odd_rows[(id(other), others[0][1].text)]["others"]) > 1 or row_facts.index(row) < row_facts.index(other):
                continue
        reported.add(id(row))
        first, first_fig = agreeing_elsewhere[0] if agreeing_elsewhere else others[0]
        label = first.subject or row.subject or "an unlabelled row"
        where = _places([o for o, _ in others])
        yield Finding(
            rule=rule.id, severity=rule.severity, document=row.document, location=_cell_location(row, fig),
            message=(f"The row '{label}' appears in {len(others) + 1} tables with the same figures except one: "
                     f"{first_fig.text} in {where}, but {fig.text} here"),
            excerpt=(row.excerpt if row.subject else f"[{label}] {row.excerpt}")[:300],  # the name the row has elsewhere
            expected=first_fig.text, found=fig.text,
            related=[Related(o.document, o.location, o.excerpt[:300]) for o, _ in others], extra={"facet": "row"})


def _pairs_sharing_large_values(row_facts: list[Fact], needed: int = 3) -> list[tuple[int, int]]:
    """The pairs (i < j, in order) of rows that can be copies with one change: _copy_with_one_change
    wants `needed` equal figures of 100 or more, so the two rows share at least that many such values
    (counted with repeats). Comparing only these pairs keeps a pack of many tables from being quadratic."""
    holders: dict[Decimal, list[tuple[int, int]]] = defaultdict(list)
    unsure = []  # paired with all: a value that cannot be compared, or a period named twice
    for i, row in enumerate(row_facts):  # (_aligned by period would pair one figure several times)
        counts: dict[Decimal, int] = defaultdict(int)
        periods = [p for p, _ in row.value if p]
        if len(periods) != len(set(periods)):
            unsure.append(i)
            continue
        try:
            for _, fig in row.value:
                if abs(fig.value) >= 100:
                    counts[fig.value] += 1
        except (ArithmeticError, TypeError, AttributeError):
            unsure.append(i)
            continue
        for value, n in counts.items():
            holders[value].append((i, n))
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for rows in holders.values():
        for x, (i, n) in enumerate(rows):
            for j, k in rows[x + 1:]:
                shared[(i, j)] += min(n, k)
    pairs = {pair for pair, n in shared.items() if n >= needed}
    for i in unsure:
        pairs.update((min(i, j), max(i, j)) for j in range(len(row_facts)) if j != i)
    return sorted(pairs)


def _copy_with_one_change(a: Fact, b: Fact):
    if a.block is b.block:
        return None
    pairs = _aligned(a, b)
    if pairs is None:
        return None
    equal = [x for x, y in pairs if x.value == y.value]
    differ = [(x, y) for x, y in pairs if x.value != y.value]
    if len(differ) != 1 or len([x for x in equal if abs(x.value) >= 100]) < 3:
        return None
    if a.subject and b.subject and not _labels_close(a, b):
        return None
    x, y = differ[0]
    if abs(x.value - y.value) > max(abs(x.value), abs(y.value)) / 2:
        return None  # a different row that shares values, not a copy with a slip
    return x, y


def _cell_location(row: Fact, fig):
    for cell in (c for r in row.block.table.rows for c in r):
        if cell.figure is not None and cell.figure.text == fig.text and cell.location.line is not None:
            if row.location.line is None or cell.location.line == row.location.line:
                return cell.location
    return row.location


def _aligned(a: Fact, b: Fact):
    va, vb = a.value, b.value
    pa = [p for p, _ in va]
    pb = [p for p, _ in vb]
    if all(pa) and all(pb):
        common = [p for p in pa if p in pb]
        if len(common) < 3:
            return None
        da, db = dict(va), dict(vb)
        return [(da[p], db[p]) for p in common]
    if len(va) != len(vb):
        return None
    return [(x, y) for (_, x), (_, y) in zip(va, vb)]


def _labels_close(a: Fact, b: Fact) -> bool:
    wa, wb = set(a.words), set(b.words)
    if not wa or not wb:
        return True
    return len(wa & wb) / len(wa | wb) >= 0.3
