"""table-total: total and subtotal rows and columns checked against their parts.

Rows: a row labelled Total/Sub Total/... or a bold row with figures closes a group. Its parts are
found by trying the natural readings of the rows above it (the open group of detail rows; the
subtotals and loose rows since the last grand total; all detail rows; the open group with the rows
that add up the rows above them taken as subtotals, though their labels have no total words) and
keeping the reading that most columns agree with. Parts adding up to 2-4 times the total are
subtotals counted with their own parts, never a slip. An unlabelled bold row that no reading explains is a line item,
not a total; an unlabelled row that the rows above add up to exactly is a subtotal. Only columns
whose figures add up are summed (amounts and counts, not rates, percentages or averages).
Columns: a last column headed Total is the sum of the run of figures left of it.

A total whose parts may lie outside the table (a table with no heading, so possibly the tail of
one split above it, whose total sums it from its first row) is reported as info only.

Every comparison uses the rounding model of auditor.numbers: the total is wrong only when its
interval does not overlap the interval of the sum of its parts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from auditor.checks import compile_pattern, register
from auditor.checks._messages import TABLE_MESSAGES, render
from auditor.checks._tables import (TableView, addable, cell_name, make_finding, part_figure,
                                    row_is_bold_total, row_is_labelled_total, show, slack_for, table_name)
from auditor.numbers import judge_total, sum_intervals


@dataclass
class Entry:
    """A row standing for some detail rows: itself (a detail) or a total of others."""

    row: int
    is_total: bool
    covers: list[int] = field(default_factory=list)  # detail rows it sums


@dataclass
class Failure:
    """One total that disagrees with its parts, in one column (or one row, for a Total column)."""

    total: tuple[int, int]  # (row, col) of the total cell
    parts: list[tuple[int, int]]
    exact: Decimal
    verdict: str  # rounding | error
    direction: str  # "column" (a total row) or "row" (a Total column)
    note: str = ""
    unsure: str = ""  # why the parts seen may not be all the total's parts
    whole_row: bool = False  # out by the same amount in every column: one finding for the row

    def diff(self, view: TableView) -> Decimal:
        r, c = self.total
        return view.figures[r][c].amount - self.exact


@dataclass
class TableAnalysis:
    view: TableView
    failures: list[Failure] = field(default_factory=list)
    checked: int = 0


# ---------------------------------------------------------------- column sums (total rows)

def _column_sum(view: TableView, rows: list[int], c: int):
    """(figures, interval, exact) of a column over rows, blanks as zero; None if a part is not addable."""
    figs = []
    for r in rows:
        part = part_figure(view, r, c)
        if part is False:
            return None  # text among the parts: not a sum
        if part is not None:
            figs.append(part)
    return figs, sum_intervals(figs), sum((f.amount for f in figs), Decimal(0))


def summed_columns(view: TableView, params) -> list[int]:
    """The columns whose figures add up, less those the rule file skips by label."""
    skip_col = params.get("_skip_col_re")
    return [c for c in view.summable_cols if skip_col is None or not skip_col.search(view.labels[c])]


def _judge_cells(view: TableView, r: int, parts: list[int], params) -> dict[int, tuple[str, Decimal]]:
    """Per summed column: (verdict, exact sum) of row r against the rows `parts`."""
    out = {}
    for c in params["_sum_cols"]:
        total = view.figures[r][c]
        if not addable(total):
            continue
        summed = _column_sum(view, parts, c)
        if summed is None or not summed[0]:
            continue
        _, interval, exact = summed
        out[c] = (judge_total(total, interval, exact, slack_for(total, params)), exact)
    return out


def _score(view: TableView, r: int, verdicts: dict[int, tuple[str, Decimal]]) -> tuple[int, int]:
    """(columns that agree with a non-zero total, columns in error)."""
    agree = sum(1 for c, (v, exact) in verdicts.items() if v != "error" and (exact != 0 or view.figures[r][c].amount != 0))
    errors = sum(1 for v, _ in verdicts.values() if v == "error")
    return agree, errors


def _miss(view: TableView, r: int, verdicts) -> Decimal:
    """How far row r is from the sums of a reading, over the columns in error: of two readings that
    fail alike, the nearer is the one the table meant."""
    return sum((abs(view.figures[r][c].amount - exact) for c, (v, exact) in verdicts.items() if v == "error"),
               Decimal(0))


def _trailing_details(items: list[Entry]) -> list[Entry]:
    """The detail rows after the last total (the open group)."""
    i = len(items)
    while i > 0 and not items[i - 1].is_total:
        i -= 1
    return items[i:]


def _judged_candidates(view, r, items: list[Entry], params):
    """(name, entries, verdicts) for each reading of the rows above total row r, in order of
    preference: the open group, all items, the last total and what follows it, the open group with
    its inner subtotals recognised, then each tail of the open group (a total of the last rows only,
    a heading row above them). `entries` is a function, so that tails are only sliced for the
    reading kept."""
    trailing = _trailing_details(items)
    if trailing:
        verdicts = _judge_cells(view, r, _rows_of(trailing), params)
        yield "group", (lambda: trailing), verdicts
    if any(e.is_total for e in items):
        everything = list(items)
        yield "items", (lambda: everything), _judge_cells(view, r, _rows_of(everything), params)
    before = len(items) - len(trailing) - 1
    if trailing and before >= 0 and items[before].is_total:
        # 'TOTAL SAVINGS & INCOME' + 'Grants' = 'TOTAL SAVINGS, INCOME & GRANT': the last total and what follows it
        carried = [items[before]] + trailing
        yield "carried", (lambda: carried), _judge_cells(view, r, _rows_of(carried), params)
    nested = _with_inner_subtotals(view, trailing, params)
    if nested is not None:
        yield "nested", (lambda: nested), _judge_cells(view, r, _rows_of(nested), params)
    tails = _tail_verdicts(view, r, _rows_of(trailing), params)
    for k in range(1, len(trailing) - 1):
        yield "tail", (lambda k=k: trailing[k:]), tails[k]


def _with_inner_subtotals(view: TableView, entries: list[Entry], params) -> Optional[list[Entry]]:
    """`entries` with each row that adds up the rows since the last such row (a subtotal whose label
    has no total words: 'Unrestricted funds' under its funds) standing for them; None if there is none."""
    out: list[Entry] = []
    run: list[Entry] = []
    sums = _RunningSums(view, params["_sum_cols"])
    found = False
    for e in entries:
        if len(run) >= 2 and sums.explain(e.row, params):
            out.append(Entry(e.row, True, _details_of(run)))
            run, found = [], True
            sums = _RunningSums(view, params["_sum_cols"])
            continue
        run.append(e)
        sums.add(e.row)
    return out + run if found else None


class _RunningSums:
    """Interval sums of some rows, per column, kept as rows are added."""

    def __init__(self, view: TableView, cols: list[int]):
        self.view = view
        self.sums = {c: (Decimal(0), Decimal(0), Decimal(0)) for c in cols}  # lo, hi, exact
        self.blocked: set[int] = set()  # columns where a part does not add

    def add(self, r: int) -> None:
        for c, (lo, hi, exact) in self.sums.items():
            part = part_figure(self.view, r, c)
            if part is False:
                self.blocked.add(c)
            elif part is not None:
                a, b = part.interval()
                self.sums[c] = (lo + a, hi + b, exact + part.amount)

    def explain(self, r: int, params) -> bool:
        """Row r equals the sum in every column it has a figure in, and is not all zero."""
        agreed = 0
        for c, (lo, hi, exact) in self.sums.items():
            total = self.view.figures[r][c]
            if total is None and exact == 0:
                continue
            if not addable(total) or c in self.blocked:
                return False
            if judge_total(total, (lo, hi), exact, slack_for(total, params)) == "error":
                return False
            agreed += total.amount != 0
        return agreed > 0


def _tail_verdicts(view: TableView, r: int, rows: list[int], params) -> list[dict[int, tuple[str, Decimal]]]:
    """_judge_cells of row r against rows[k:] for every k, with running sums from the bottom up
    (one pass, not one sum per tail: a table may have thousands of rows)."""
    out: list[dict[int, tuple[str, Decimal]]] = [{} for _ in rows]
    for c in params["_sum_cols"]:
        total = view.figures[r][c]
        if not addable(total):
            continue
        slack = slack_for(total, params)
        lo = hi = exact = Decimal(0)
        n_figs = 0
        for k in range(len(rows) - 1, -1, -1):
            part = part_figure(view, rows[k], c)
            if part is False:
                break  # text among the parts: no tail reaching this row is a sum
            if part is not None:
                a, b = part.interval()
                lo, hi, exact = a + lo, b + hi, part.amount + exact
                n_figs += 1
            if n_figs:
                out[k][c] = (judge_total(total, (lo, hi), exact, slack), exact)
    return out


def _rows_of(entries: list[Entry]) -> list[int]:
    return [e.row for e in entries]


def _details_of(entries: list[Entry]) -> list[int]:
    out: list[int] = []
    for e in entries:
        out.extend(e.covers if e.is_total else [e.row])
    return out


def _misread(verdicts) -> bool:
    """Every column wrong at once is what a lost or split row looks like, not a typing slip."""
    return len(verdicts) >= 2 and all(v == "error" for v, _ in verdicts.values())


def _same_difference(view: TableView, r: int, verdicts) -> Optional[Decimal]:
    """The amount every column of total row r is out by, when it is one amount."""
    diffs = {view.figures[r][c].amount - exact for c, (_, exact) in verdicts.items()}
    return diffs.pop() if len(diffs) == 1 else None


def _is_multiple(total, exact: Decimal) -> bool:
    """Parts adding up to 2, 3 or 4 times the total: subtotals counted with their own parts."""
    if total.amount == 0:
        return False
    k = round(exact / total.amount)
    return 2 <= k <= 4 and abs(exact - k * total.amount) <= k * total.half_ulp


def _row_kind(view: TableView, r: int) -> str:
    """'labelled' (Total ...), 'bold' (a bold row), 'unlabelled' (figures with nothing in the column of
    labels, though a note reference may stand beside them) or 'detail'."""
    if row_is_labelled_total(view, r):
        return "labelled"
    if row_is_bold_total(view, r):
        return "bold"
    label_cell = view.rows[r][view.label_col] if view.label_col is not None else None
    if not view.row_labels[r] or (view.label_col is not None and (label_cell is None or not label_cell.text.strip())):
        return "unlabelled"
    return "detail"


def analyse_rows(view: TableView, params, skip_re: Optional[re.Pattern], notes: list[str],
                 may_continue: bool = False) -> list[Failure]:
    failures: list[Failure] = []
    items: list[Entry] = []
    rows = [r for r in range(len(view.rows)) if any(view.figures[r][c] is not None for c in params["_sum_cols"])]
    for r in rows:
        kind = _row_kind(view, r)
        if kind == "detail":
            items.append(Entry(r, False))
            continue
        if skip_re and skip_re.search(view.row_labels[r]):
            items = [Entry(r, True, _details_of(items))]
            continue
        best = _best_candidate(view, r, items, params, kind)
        if best is None:
            if kind == "labelled":
                items = [Entry(r, True, _details_of(items))]
            else:
                items.append(Entry(r, False))
            continue
        name, entries, verdicts = best
        unsure = _outside_parts(entries, rows[0]) if may_continue else ""
        failures.extend(_judged_row(view, r, entries, verdicts, failures, unsure, notes))
        covered = _details_of(entries)
        used = set(_rows_of(entries)) | set(covered)
        kept = [e for e in items if e.row not in used]
        items = kept + [Entry(r, True, covered)]
    return failures


def _judged_row(view, r, entries, verdicts, earlier, unsure: str, notes: list[str]) -> list[Failure]:
    """The failures of total row r against `entries`: one per column, or one for the whole row when
    every column is out by the same amount in a cleanly read table."""
    row_failures = _row_failures(view, r, entries, verdicts, earlier, notes)
    for failure in row_failures:
        failure.unsure = unsure
    if not _misread(verdicts):
        return row_failures
    same = _same_difference(view, r, verdicts)
    if same is not None and view.table.confidence == "grid" and not unsure and len(row_failures) == len(verdicts):
        first = row_failures[0]
        first.whole_row = True
        first.parts = [p for f in row_failures for p in f.parts]
        return [first]
    notes.append(f"total row “{view.row_labels[r]}” disagrees with its parts in every column: "
                 "a row may be missing or misread, so it was not reported")
    return []


def _outside_parts(entries: list[Entry], first_row: int) -> str:
    """Why the total's parts may not all be in this table that may continue one above: they run
    from its first row."""
    if min(_details_of(entries) or [first_row + 1]) > first_row:
        return ""
    return ("the table has no heading and may continue one above it, so the total's parts may begin "
            "before its first row")


def _best_candidate(view, r, items, params, kind: str):
    """The reading of the rows above that most columns agree with, or None if r is no total.

    Readings are ranked by columns agreeing, then fewest in error, then whole readings before tails,
    then the nearest sums, then the order they are tried in. A labelled total with parts is always a
    total. A bold row is one when some column agrees. A row without a label is a subtotal only when a
    reading explains every column (a tail of the rows above only when two or more columns agree: one
    figure may equal the sum of the last rows by chance)."""
    best = None
    best_key = None
    for order, (name, entries, verdicts) in enumerate(_judged_candidates(view, r, items, params)):
        if not verdicts:
            continue
        agree, errors = _score(view, r, verdicts)
        key = (agree, -errors, name != "tail", -_miss(view, r, verdicts), -order)
        if best_key is None or key > best_key:
            best, best_key = (name, entries, verdicts), key
    if best is None:
        return None
    best = (best[0], best[1](), best[2])
    agree, errors = best_key[0], -best_key[1]
    n_parts = len(best[1])
    if agree == 0 and errors == 0:
        return None  # only zeros
    if agree == 0 and not (kind == "labelled" and n_parts >= 2):
        return None  # a bold line item, or a "Total ..." row with nothing above it to sum
    if best[0] == "tail" and errors and (agree < 2 or agree < 2 * errors):
        return None  # a partial reading is accepted when it explains the row fully, or most of it (two columns
        # or more, twice as many as it does not): one figure may equal the sum of the last rows by chance
    if n_parts < 2 and errors:
        return None  # one part is no sum: the row is a total of something the table does not show
    if kind == "unlabelled" and (errors or n_parts < 2 or (best[0] == "tail" and agree < 2)):
        return None  # a row without a label that does not add up is a line item
    return best


def _row_failures(view, r, entries, verdicts, earlier: list[Failure], notes: list[str]) -> list[Failure]:
    out = []
    parts_rows = _rows_of(entries)
    details = _details_of(entries)
    for c, (verdict, exact) in verdicts.items():
        if verdict == "exact":
            continue
        if verdict == "error" and any(e.is_total for e in entries) and details != parts_rows:
            alt = _column_sum(view, details, c)
            if alt is not None and alt[0] and judge_total(view.figures[r][c], alt[1], alt[2]) != "error":
                _blame_subtotals(view, r, c, entries, earlier)
                continue  # the total agrees with the detail rows: a subtotal is the slip (reported there)
        if verdict == "error" and _is_multiple(view.figures[r][c], exact):
            notes.append(f"{cell_name(view, r, c)}: its parts add up to a multiple of it, so subtotals are "
                         "probably counted with their own parts; not reported")
            continue
        out.append(Failure((r, c), [(p, c) for p in parts_rows if view.figures[p][c] is not None],
                           exact, verdict, "column"))
    return out


def _blame_subtotals(view, r, c, entries, earlier: list[Failure]) -> None:
    subtotal_rows = {e.row for e in entries if e.is_total}
    for f in earlier:
        if f.verdict == "error" and f.direction == "column" and f.total[1] == c and f.total[0] in subtotal_rows:
            f.note = (f"the total {cell_name(view, r, c)} agrees with the detail rows, "
                      "so this subtotal is the slip")


# ---------------------------------------------------------------- row sums (a Total column)

def analyse_columns(view: TableView, params, total_col_re: re.Pattern) -> list[Failure]:
    failures = []
    for tc in params["_sum_cols"]:
        if not total_col_re.search(view.labels[tc]):
            continue
        parts = _best_fitting_run(view, tc, _run_left_of(view, tc, total_col_re, params), params)
        if len(parts) < 2:
            continue
        for r in range(len(view.rows)):
            judged = _row_verdict(view, r, tc, parts, params)
            if judged is not None and judged[0] != "exact":
                failures.append(Failure((r, tc), [(r, c) for c in parts if view.figures[r][c] is not None],
                                        judged[1], judged[0], "row"))
    return failures


def _run_left_of(view: TableView, tc: int, total_col_re, params) -> list[int]:
    run = []
    c = tc - 1
    while c >= 0 and c in params["_sum_cols"] and not total_col_re.search(view.labels[c]):
        run.insert(0, c)
        c -= 1
    return _named_parts(view, tc, run)


def _row_verdict(view: TableView, r: int, tc: int, parts: list[int], params) -> Optional[tuple[str, Decimal]]:
    """(verdict, exact sum) of row r's Total column against the columns `parts`; None when the row
    cannot be judged (no total, no parts, or a part that does not add)."""
    total = view.figures[r][tc]
    figs = [view.figures[r][c] for c in parts if view.figures[r][c] is not None]
    if not addable(total) or not figs or not all(addable(f) for f in figs):
        return None
    exact = sum((f.amount for f in figs), Decimal(0))
    return judge_total(total, sum_intervals(figs), exact, slack_for(total, params)), exact


def _best_fitting_run(view: TableView, tc: int, run: list[int], params) -> list[int]:
    """The run of columns left of a Total column, or the shorter run next to it that the rows add up to.

    'Savings Target | Forecast A | Forecast B | Forecast C | Total Forecast': the total adds the
    three forecasts, which every row shows; one row that does not fit is then a slip, not the rule."""
    def fitting(parts):
        judged = (_row_verdict(view, r, tc, parts, params) for r in range(len(view.rows)))
        return sum(1 for j in judged if j is not None and j[0] == "exact")

    best, best_fit = run, fitting(run)
    for k in range(1, len(run) - 1):
        fit = fitting(run[k:])
        if fit > best_fit and fit >= 3:
            best, best_fit = run[k:], fit
    return best


def _named_parts(view: TableView, tc: int, run: list[int]) -> list[int]:
    """'Total Forecast' adds the 'Forecast ...' columns, not the 'Savings Target' beside them."""
    from auditor.facts.index import tokens

    named = {w for w in tokens(view.labels[tc]) if not w.isdigit() and w != "total"}
    if not named:
        return run
    sharing = [c for c in run if named & set(tokens(view.labels[c]))]
    return sharing if 2 <= len(sharing) < len(run) else run


# ---------------------------------------------------------------- the kind

def analyse(view: TableView, params, may_continue: bool = False,
            above: Optional[TableView] = None) -> tuple[list[Failure], list[str]]:
    """The failing totals of a table, and notes on totals left unreported. `may_continue`: the table
    may be the tail of one split above it (see _outside_parts); `above`: that table, when the
    continuation can only be of it (see _continuation_explains)."""
    skip_re = compile_pattern(params["skip_row_labels"], "table-total") if params["skip_row_labels"] else None
    total_col_re = compile_pattern(params["total_column_labels"], "table-total")
    notes: list[str] = []
    params = dict(params)
    params["_skip_col_re"] = (compile_pattern(params["skip_column_labels"], "table-total")
                              if params.get("skip_column_labels") else None)
    params["_sum_cols"] = summed_columns(view, params)
    failures = (analyse_rows(view, params, skip_re, notes, may_continue)
                + analyse_columns(view, params, total_col_re))
    if above is not None:
        for failure in failures:
            if failure.unsure and not _continuation_explains(view, failure, above):
                failure.unsure = ""
    return failures, notes


def _continuation_explains(view: TableView, failure: Failure, above: TableView) -> bool:
    """Whether some last rows of the table above, added to the total's parts here, give the total:
    if none do, the parts beginning above cannot explain the difference, and the slip stands
    whichever table the parts begin in. Every tail of the table above is tried, its totals too."""
    r, c = failure.total
    total = view.figures[r][c]
    if c >= len(above.labels) or not addable(total):
        return True
    summed = _column_sum(view, [p for p, _ in failure.parts], c)
    if summed is None:
        return True
    _, (lo, hi), exact = summed
    for k in range(len(above.rows) - 1, -1, -1):
        part = part_figure(above, k, c)
        if part is False:
            return False  # text in the column: no longer tail is a sum
        if part is not None:
            a, b = part.interval()
            lo, hi, exact = lo + a, hi + b, exact + part.amount
            if judge_total(total, (lo, hi), exact) != "error":
                return True
    return False


# a line of text ending in two or more bare figures that are not years: a row of the table printed above it
CAPTION_ROW_RE = re.compile(r"[A-Za-z].*?(?:\s+\(?-?(?!(?:19|20)\d\d\b)\d[\d,]*(?:\.\d+)?\)?){2,}\s*$")


def _may_continue(view: TableView, doc, block) -> tuple[bool, Optional[object]]:
    """A table with no heading over its figures that follows a table of its width, or whose caption
    reads as one of its rows, may be the tail of a table the reader split: its first rows are elsewhere.
    (may continue, the block of the table it may continue when its first rows can only be there)."""
    if not view.headerless:
        return False, None
    above = _table_of_same_width_above(doc, block)
    if CAPTION_ROW_RE.fullmatch(block.table.caption.strip()):
        return True, None  # a row read as the caption: its figures are not in any table
    return above is not None, above


def _table_of_same_width_above(doc, block, max_gap: int = 8):
    """The block of a table with as many columns above `block` in its document, at most max_gap blocks up."""
    i = next((i for i, b in enumerate(doc.blocks) if b is block), 0)
    for b in reversed(doc.blocks[max(0, i - max_gap - 1):i]):
        if b.table is not None:
            return b if b.table.n_cols == block.table.n_cols else None
    return None


def analysis_for(ctx, pack, doc, block, params) -> Optional[TableAnalysis]:
    """Shared per table and parameters (table-identity reads the column failures to name culprit cells)."""
    key = f"table-total:{id(block)}:" + repr(sorted((k, str(v)) for k, v in params.items()))

    def build():
        view = ctx.facts_of(pack).table_view(block)
        if view is None:
            return None
        try:
            may_continue, above = _may_continue(view, doc, block)
            above_view = ctx.facts_of(pack).table_view(above) if above is not None else None
            failures, notes = analyse(view, params, may_continue, above_view)
            for note in notes:
                ctx.warnings.append(f"{table_name(doc, block.table)}: {note}")
            return TableAnalysis(view, failures)
        except (ArithmeticError, IndexError, ValueError) as exc:
            ctx.warnings.append(f"table-total skipped {table_name(doc, block.table)}: {exc}")
            return None

    return ctx.cached(key, build)


DEFAULTS = {
    "report": "errors",  # errors | rounding (totals off within rounding, as info)
    "slack_units": 0.0,
    "slack_fraction": 0.0,
    "skip_row_labels": r"\b(cumulative|average|mean|median|per cent|percentage|rate|ratio|as a? ?%|% of)\b|%",
    "total_column_labels": r"^\s*(grand |overall |sub[- ]?)?total\b(?!.*\b(net|gross|change|variance)\b)",
    # columns that do not add up are known by their kind (auditor.structure.tables.COLUMN_KIND_WORDS);
    # this pattern names further columns to leave out
    "skip_column_labels": "",
}


@register("table-total", params={
    "report": (str, DEFAULTS["report"]),
    "slack_units": (float, DEFAULTS["slack_units"]),
    "slack_fraction": (float, DEFAULTS["slack_fraction"]),
    "skip_row_labels": (str, DEFAULTS["skip_row_labels"]),
    "total_column_labels": (str, DEFAULTS["total_column_labels"]),
    "skip_column_labels": (str, DEFAULTS["skip_column_labels"]),
}, needs=("table_views",))
def check_table_total(pack, rule, params, ctx):
    """Total and subtotal rows and Total columns that do not equal the sum of their parts."""
    want = "rounding" if params["report"] == "rounding" else "error"
    for doc, block, _table in pack.tables():
        analysis = analysis_for(ctx, pack, doc, block, params)
        if analysis is None:
            continue
        view = analysis.view
        crossings = find_crossings(view, analysis.failures)
        done = set()
        for failure in analysis.failures:
            if failure.verdict != want or id(failure) in done:
                continue
            cross = crossings.get(id(failure))
            if cross is not None and want == "error":
                other, cell = cross
                done.add(id(other))
                yield culprit_finding(rule, doc, view, failure, other, cell)
            else:
                yield total_finding(rule, doc, view, failure, want)


def _validate(params, where):
    for key in ("skip_row_labels", "total_column_labels", "skip_column_labels"):
        if params.get(key):
            compile_pattern(params[key], f"{where}: field '{key}'")
    if params.get("report", "errors") not in ("errors", "rounding"):
        from auditor.errors import RuleFileError

        raise RuleFileError(f"{where}: field 'report' must be 'errors' or 'rounding'")


check_table_total.validate_params = _validate


# ---------------------------------------------------------------- which cell is wrong

def find_crossings(view: TableView, failures: list[Failure]) -> dict[int, tuple[Failure, tuple[int, int]]]:
    """A failing total row and a failing Total column out by the same amount: the shared part is the culprit."""
    out = {}
    cols = [f for f in failures if f.direction == "column" and f.verdict == "error" and not f.whole_row]
    rows = [f for f in failures if f.direction == "row" and f.verdict == "error"]
    for fc in cols:
        for fr in rows:
            if fc.diff(view) != fr.diff(view):
                continue
            shared = set(fc.parts) & set(fr.parts)
            if len(shared) == 1:
                cell = shared.pop()
                out[id(fc)] = (fr, cell)
                out[id(fr)] = (fc, cell)
    return out


def culprit_finding(rule, doc, view, failure, other, cell):
    r, c = cell
    f = view.figures[r][c]
    diff = failure.diff(view)
    wanted = f.amount + diff
    message = render(TABLE_MESSAGES["total-culprit"], cell=cell_name(view, r, c), total=cell_name(view, *failure.total),
                     other_total=cell_name(view, *other.total), amount=show(abs(diff), f), wanted=show(wanted, f))
    return make_finding(rule, doc, view, r, c, message, expected=show(wanted, f), found=f.text,
                        involved=[failure.total, other.total], unsure=failure.unsure or other.unsure,
                        culprit=True, difference=str(diff))


def total_finding(rule, doc, view, failure, want):
    r, c = failure.total
    total = view.figures[r][c]
    diff = failure.diff(view)
    what = "total row" if failure.direction == "column" else "Total column"
    parts = len(failure.parts)
    if want == "error" and failure.whole_row:
        return whole_row_finding(rule, doc, view, failure)
    values = {"cell": cell_name(view, r, c), "found": total.text, "parts": parts, "sum": show(failure.exact, total),
              "difference": show(diff, total), "table": table_name(doc, view.table)}
    message = render(TABLE_MESSAGES["total" if want == "error" else "total-rounding"], **values)
    if want == "error" and failure.note:
        message += f"; {failure.note}"
    return make_finding(rule, doc, view, r, c, message, expected=show(failure.exact, total), found=total.text,
                        involved=failure.parts, severity=None if want == "error" else "info",
                        unsure=failure.unsure, kind_of_total=what, difference=str(diff))


def whole_row_finding(rule, doc, view, failure):
    """A total row out by one amount in every column: a row of that amount left out or listed twice."""
    r, c = failure.total
    total = view.figures[r][c]
    diff = failure.diff(view)
    n_cols = len({pc for _, pc in failure.parts})
    amount = show(abs(diff), total)
    label = view.row_labels[r] or f"row {r + 1}"
    message = render(TABLE_MESSAGES["whole-row-over" if diff < 0 else "whole-row-under"], label=label, columns=n_cols,
                     table=table_name(doc, view.table), amount=amount)
    return make_finding(rule, doc, view, r, c, message, expected=show(failure.exact, total), found=total.text,
                        involved=failure.parts, severity="warning", kind_of_total="total row",
                        difference=str(diff), same_in_every_column=True)
