"""table-total: total and subtotal rows and columns checked against their parts.

Rows: a row labelled Total/Sub Total/... or a bold row with figures closes a group. Its parts are
found by trying the natural readings of the rows above it (the open group of detail rows; the
subtotals and loose rows since the last grand total; all detail rows) and keeping the reading
that most columns agree with. An unlabelled bold row that no reading explains is a line item,
not a total. Columns: a last column headed Total is the sum of the run of figures left of it.

Every comparison uses the rounding model of auditor.numbers: the total is wrong only when its
interval does not overlap the interval of the sum of its parts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from auditor.checks import compile_pattern, register
from auditor.checks._tables import (TableView, addable, build_view, cell_name, make_finding, part_figure,
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


def _judge_cells(view: TableView, r: int, parts: list[int], params) -> dict[int, tuple[str, Decimal]]:
    """Per numeric column: (verdict, exact sum) of row r against the rows `parts`."""
    out = {}
    skip_col = params.get("_skip_col_re")
    for c in view.numeric_cols:
        total = view.figures[r][c]
        if not addable(total) or (skip_col is not None and skip_col.search(view.labels[c])):
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


def _trailing_details(items: list[Entry]) -> list[Entry]:
    """The detail rows after the last total (the open group)."""
    i = len(items)
    while i > 0 and not items[i - 1].is_total:
        i -= 1
    return items[i:]


def _judged_candidates(view, r, items: list[Entry], params):
    """(name, entries, verdicts) for each reading of the rows above total row r, in order of
    preference: the open group, all items, then each tail of the open group (a total of the last
    rows only, a heading row above them). `entries` is a function, so that tails are only sliced
    for the reading kept."""
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
    tails = _tail_verdicts(view, r, _rows_of(trailing), params)
    for k in range(1, len(trailing) - 1):
        yield "tail", (lambda k=k: trailing[k:]), tails[k]


def _tail_verdicts(view: TableView, r: int, rows: list[int], params) -> list[dict[int, tuple[str, Decimal]]]:
    """_judge_cells of row r against rows[k:] for every k, with running sums from the bottom up
    (one pass, not one sum per tail: a table may have thousands of rows)."""
    out: list[dict[int, tuple[str, Decimal]]] = [{} for _ in rows]
    skip_col = params.get("_skip_col_re")
    for c in view.numeric_cols:
        total = view.figures[r][c]
        if not addable(total) or (skip_col is not None and skip_col.search(view.labels[c])):
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


def analyse_rows(view: TableView, params, skip_re: Optional[re.Pattern], notes: list[str]) -> list[Failure]:
    failures: list[Failure] = []
    items: list[Entry] = []
    for r in range(len(view.rows)):
        if not any(view.figures[r][c] is not None for c in view.numeric_cols):
            continue
        labelled = row_is_labelled_total(view, r)
        if not labelled and not row_is_bold_total(view, r):
            items.append(Entry(r, False))
            continue
        if skip_re and skip_re.search(view.row_labels[r]):
            items = [Entry(r, True, _details_of(items))]
            continue
        best = _best_candidate(view, r, items, params)
        if best is None:
            if labelled:
                items = [Entry(r, True, _details_of(items))]
            else:
                items.append(Entry(r, False))
            continue
        name, entries, verdicts = best
        row_failures = _row_failures(view, r, entries, verdicts, failures)
        if _misread(verdicts):
            notes.append(f"total row “{view.row_labels[r]}” disagrees with its parts in every column: "
                         "a row may be missing or misread, so it was not reported")
        else:
            failures.extend(row_failures)
        covered = _details_of(entries)
        used = {id(e) for e in entries}  # entries are items themselves, one per row
        kept = [e for e in items if id(e) not in used]
        items = kept + [Entry(r, True, covered)]
    return failures


def _best_candidate(view, r, items, params):
    """The reading of the rows above that most columns agree with, or None if r is no total."""
    labelled = row_is_labelled_total(view, r)
    best = None
    best_key = None
    for order, (name, entries, verdicts) in enumerate(_judged_candidates(view, r, items, params)):
        if not verdicts:
            continue
        agree, errors = _score(view, r, verdicts)
        key = (agree, -errors, -order)
        if best_key is None or key > best_key:
            best, best_key = (name, entries, verdicts), key
    if best is None:
        return None
    best = (best[0], best[1](), best[2])
    agree, errors = best_key[0], -best_key[1]
    n_parts = len(best[1])
    if agree == 0 and errors == 0:
        return None  # only zeros
    if agree == 0 and not (labelled and n_parts >= 2):
        return None  # a bold line item, or a "Total ..." row with nothing above it to sum
    if best[0] == "tail" and errors:
        return None  # a partial reading is only accepted when it explains the row fully
    if n_parts < 2 and errors:
        return None  # one part is no sum: the row is a total of something the table does not show
    return best


def _row_failures(view, r, entries, verdicts, earlier: list[Failure]) -> list[Failure]:
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
    for tc in view.numeric_cols:
        if not total_col_re.search(view.labels[tc]):
            continue
        parts = _best_fitting_run(view, tc, _run_left_of(view, tc, total_col_re), params)
        if len(parts) < 2:
            continue
        for r in range(len(view.rows)):
            judged = _row_verdict(view, r, tc, parts, params)
            if judged is not None and judged[0] != "exact":
                failures.append(Failure((r, tc), [(r, c) for c in parts if view.figures[r][c] is not None],
                                        judged[1], judged[0], "row"))
    return failures


def _run_left_of(view: TableView, tc: int, total_col_re) -> list[int]:
    run = []
    c = tc - 1
    while c >= 0 and c in view.numeric_cols and not total_col_re.search(view.labels[c]):
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

def analyse(view: TableView, params) -> tuple[list[Failure], list[str]]:
    skip_re = compile_pattern(params["skip_row_labels"], "table-total") if params["skip_row_labels"] else None
    total_col_re = compile_pattern(params["total_column_labels"], "table-total")
    notes: list[str] = []
    params = dict(params)
    params["_skip_col_re"] = (compile_pattern(params["skip_column_labels"], "table-total")
                              if params.get("skip_column_labels") else None)
    failures = analyse_rows(view, params, skip_re, notes) + analyse_columns(view, params, total_col_re)
    return failures, notes


def analysis_for(ctx, doc, block, params) -> Optional[TableAnalysis]:
    """Shared per table (table-identity reads the column failures to name culprit cells)."""
    key = f"table-total:{id(block)}:" + repr(sorted((k, str(v)) for k, v in params.items()))

    def build():
        view = build_view(block.table)
        if view is None:
            return None
        try:
            failures, notes = analyse(view, params)
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
    "skip_column_labels": r"\b(average|mean|median|rate|ratio|per|unit cost|price|percent(age)?|index|score|rank|quartile)\b|%",
}


@register("table-total", params={
    "report": (str, DEFAULTS["report"]),
    "slack_units": (float, DEFAULTS["slack_units"]),
    "slack_fraction": (float, DEFAULTS["slack_fraction"]),
    "skip_row_labels": (str, DEFAULTS["skip_row_labels"]),
    "total_column_labels": (str, DEFAULTS["total_column_labels"]),
    "skip_column_labels": (str, DEFAULTS["skip_column_labels"]),
})
def check_table_total(pack, rule, params, ctx):
    """Total and subtotal rows and Total columns that do not equal the sum of their parts."""
    want = "rounding" if params["report"] == "rounding" else "error"
    reported = ctx.cached("table-total:reported", dict)  # (block, row, col) -> Finding, for table-identity
    for doc, block, _table in pack.tables():
        analysis = analysis_for(ctx, doc, block, params)
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
                finding = total_finding(rule, doc, view, failure, want)
                reported[(id(block), *failure.total)] = finding
                yield finding


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
    cols = [f for f in failures if f.direction == "column" and f.verdict == "error"]
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
    message = (f"{cell_name(view, r, c)} looks wrong: both the total {cell_name(view, *failure.total)} and the "
               f"total {cell_name(view, *other.total)} are out by {show(abs(diff), f)}; "
               f"{show(wanted, f)} here would make both hold")
    return make_finding(rule, doc, view, r, c, message, expected=show(wanted, f), found=f.text,
                        involved=[failure.total, other.total], culprit=True, difference=str(diff))


def total_finding(rule, doc, view, failure, want):
    r, c = failure.total
    total = view.figures[r][c]
    diff = failure.diff(view)
    what = "total row" if failure.direction == "column" else "Total column"
    parts = len(failure.parts)
    if want == "error":
        message = (f"{cell_name(view, r, c)} is {total.text} but its {parts} parts add up to "
                   f"{show(failure.exact, total)} (difference {show(diff, total)}), in {table_name(doc, view.table)}")
        if failure.note:
            message += f"; {failure.note}"
    else:
        message = (f"{cell_name(view, r, c)} is {total.text}; its {parts} parts add up to {show(failure.exact, total)} "
                   f"— within rounding, in {table_name(doc, view.table)}")
    return make_finding(rule, doc, view, r, c, message, expected=show(failure.exact, total), found=total.text,
                        involved=failure.parts, severity=None if want == "error" else "info",
                        kind_of_total=what, difference=str(diff))
