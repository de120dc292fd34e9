"""table-identity: arithmetic between columns and rows that the labels imply.

Which identity applies is read from the labels, with patterns declared in the rule file:
  sums         result = part + part (+/-) ...   between columns of each row, or rows of each column
  roll_forward the closing row of one period column is the opening row of the next
  cumulative   cumulative = previous cumulative + this period (first period: + brought-forward rows)
  change_rows  a row of changes from the row just above it = the table's current row - that row
  percent change columns recomputed from the columns they compare
  mean/average columns and rows recomputed from the others
All comparisons use the rounding model (intervals). An identity that fails in almost every row
it is tried on is not the table's arithmetic (the labels misled us): it is dropped, not reported.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from auditor.checks import KINDS, compile_pattern, register
from auditor.checks._messages import TABLE_MESSAGES, render
from auditor.checks._tables import (TableView, addable, cell_name, make_finding, part_figure,
                                    row_is_labelled_total, show, slack_for, table_name)
from auditor.checks.table_total import analysis_for
from auditor.errors import RuleFileError
from auditor.numbers import (add_intervals, intervals_overlap, negate_interval, percent_change_interval,
                             sum_intervals)
from auditor.structure.tables import TOTAL_LABEL_RE
from auditor.vocab import month_abbreviations

PERIOD_RE = re.compile(r"\b(19|20)\d\d(\s*[/-]\s*\d{2,4})?\b|\b\d\d/\d\d\b")


@dataclass
class Breach:
    """One identity that does not hold: the result cell and the cells it is computed from."""

    name: str
    result: tuple[int, int]
    parts: list[tuple[int, int]]
    expected: tuple[Decimal, Decimal]  # interval of the recomputed value
    exact: Decimal
    how: str  # human description of the arithmetic
    signs: list[int] = field(default_factory=list)


def _clean(label: str) -> str:
    label = re.sub(r"£\s*'?0{3}s?|£k|£m|£|\(.*?\)\s*$|\*", " ", label)
    return re.sub(r"\s+", " ", label).strip()


# ---------------------------------------------------------------- sums between columns or rows

def _find(labels: list[str], pattern: re.Pattern, exclude: set[int]) -> Optional[int]:
    hits = [i for i, lab in enumerate(labels) if i not in exclude and pattern.search(_clean(lab))]
    return hits[0] if len(hits) == 1 else None


def _resolve_sum(identity, labels: list[str], candidates: list[int]):
    """(result index, [(part index, sign)]) if every pattern names exactly one line, else None."""
    chosen = set(candidates)
    pool = [labels[i] if i in chosen else "" for i in range(len(labels))]
    result = _find(pool, identity["result_re"], set())
    if result is None:
        return None
    parts = []
    used = {result}
    for sign, rx in identity["parts_re"]:
        i = _find(pool, rx, used)
        if i is None:
            return None
        used.add(i)
        parts.append((i, sign))
    return result, parts


def _sum_breach(view: TableView, name, res: tuple[int, int], parts: list[tuple[tuple[int, int], int]], params):
    total = view.figures[res[0]][res[1]]
    if not addable(total):
        return None
    intervals, exact, cells = [], Decimal(0), []
    for (r, c), sign in parts:
        f = part_figure(view, r, c)
        if f is False:
            return None
        if f is None:
            continue
        intervals.append(f.interval() if sign > 0 else negate_interval(f.interval()))
        exact += f.amount * sign
        cells.append(((r, c), sign))
    if not cells or total.amount == exact:
        return None
    expected = add_intervals(*intervals)
    ok = intervals_overlap(total.interval(), expected, slack_for(total, params))
    how = describe_sum(view, cells)
    return Breach(name, res, [rc for rc, _ in cells], expected, exact, how, [s for _, s in cells]), ok


def describe_sum(view: TableView, cells) -> str:
    """'Employees + Running Expenses' (of one row), or the row labels (of one column), or cell names."""
    rows = {r for (r, _), _ in cells}
    cols = {c for (_, c), _ in cells}
    if len(rows) == 1:
        names = [f"“{view.labels[c]}”" for (_, c), _ in cells]
    elif len(cols) == 1:
        names = [f"“{view.row_labels[r] or f'row {r + 1}'}”" for (r, _), _ in cells]
    else:
        names = [cell_name(view, r, c) for (r, c), _ in cells]
    text = " ".join(("+ " if s > 0 else "− ") + n for n, (_, s) in zip(names, cells))
    return text[2:] if text.startswith("+ ") else text


def sums_between_columns(view: TableView, identity, params):
    # a column of percentages is no amount to add ('Variance %' beside 'Variance £000' names the same word twice)
    amounts = [c for c in view.numeric_cols if not (_is_percent_col(view, c) or "%" in view.labels[c])]
    resolved = _resolve_sum(identity, view.labels, amounts)
    if resolved is None:
        return
    rc, parts = resolved
    for r in range(len(view.rows)):
        out = _sum_breach(view, identity["name"], (r, rc), [((r, c), s) for c, s in parts], params)
        if out is not None:
            yield out


def sums_between_rows(view: TableView, identity, params):
    rows = [r for r in range(len(view.rows)) if any(view.figures[r][c] is not None for c in view.numeric_cols)]
    resolved = _resolve_sum(identity, view.row_labels, rows)
    if resolved is None:
        return
    rr, parts = resolved
    for c in view.numeric_cols:
        out = _sum_breach(view, identity["name"], (rr, c), [((r, c), s) for r, s in parts], params)
        if out is not None:
            yield out


# ---------------------------------------------------------------- period identities

DATE_IN_LABEL_RE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)?\d\d)\b")
MONTHS = month_abbreviations()
NAMED_DATE_RE = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?[\s-]+({'|'.join(MONTHS)})[a-z]*\.?[\s-]+((?:19|20)?\d\d)\b", re.I)
YEAR_IN_LABEL_RE = re.compile(r"\b((?:19|20)\d\d)\b|\b(\d\d)/\d\d\b")


def _period_key(label: str) -> Optional[tuple[int, int, int]]:
    """(year, month, day) a column label names: '31/03/2024', '31 March 2015', '30-Sep-24',
    '2013/14' (its first year), '24/25'."""
    date = DATE_IN_LABEL_RE.search(label)
    named = NAMED_DATE_RE.search(label)
    if date or named:
        day, month, year = date.groups() if date else named.groups()
        month = int(month) if date else MONTHS.index(month[:3].lower()) + 1
        return (_full_year(int(year)), month, int(day))
    year = YEAR_IN_LABEL_RE.search(label)
    if year:
        return (int(year.group(1)) if year.group(1) else _full_year(int(year.group(2))), 0, 0)
    return None


def _full_year(year: int) -> int:
    return year if year > 99 else 2000 + year


def _period_cols(view: TableView) -> list[int]:
    """The columns of periods, oldest first: by the years in their labels, not their order on the
    page (accounts print the current year before the last)."""
    cols = [c for c in view.numeric_cols if PERIOD_RE.search(view.labels[c])]
    if len(cols) < 2:
        return []
    keys = {c: _period_key(view.labels[c]) for c in cols}
    if all(keys.values()) and len(set(keys.values())) == len(cols):
        cols.sort(key=keys.__getitem__)
    return cols


def _rows_matching(view: TableView, pattern: re.Pattern) -> list[int]:
    return [r for r, lab in enumerate(view.row_labels) if lab and pattern.search(lab)]


def roll_forward(view: TableView, spec, params):
    """The closing figure of one period is the opening figure of the next."""
    cols = _period_cols(view)
    opening = _rows_matching(view, spec["opening_re"])
    closing = _rows_matching(view, spec["closing_re"])
    if not cols or len(opening) != 1 or len(closing) != 1 or opening == closing:
        return
    ro, rc = opening[0], closing[0]
    for a, b in zip(cols, cols[1:]):
        close, open_ = view.figures[rc][a], view.figures[ro][b]
        if not (addable(close) and addable(open_)) or close.amount == open_.amount:
            continue
        ok = intervals_overlap(open_.interval(), close.interval(), slack_for(open_, params))
        yield Breach("roll-forward", (ro, b), [(rc, a)], close.interval(), close.amount,
                     f"{cell_name(view, rc, a)} carried forward"), ok


def cumulative(view: TableView, spec, params):
    """cumulative[k] = cumulative[k-1] + in-period[k]; the first period adds brought-forward rows."""
    cols = _period_cols(view)
    results = _rows_matching(view, spec["result_re"])
    if not cols or len(results) != 1:
        return
    rr = results[0]
    increments = [r for r in _rows_matching(view, spec["increment_re"]) if r < rr]
    if not increments:
        return
    ri = increments[-1]
    opening = [r for r in _rows_matching(view, spec["opening_re"]) if ri < r < rr]
    first = [((ri, cols[0]), 1)] + [((r, cols[0]), 1) for r in opening]
    if opening:
        out = _sum_breach(view, "cumulative", (rr, cols[0]), first, params)
        if out is not None:
            yield out
    for a, b in zip(cols, cols[1:]):
        out = _sum_breach(view, "cumulative", (rr, b), [((rr, a), 1), ((ri, b), 1)], params)
        if out is not None:
            yield out


def change_rows(view: TableView, spec, params):
    """'Change from Prior Month' under 'Prior Month Comparator': the table's current row (its Total) less the
    row just above, figure by figure. Read only where some change cell in the table holds exactly that
    difference, so that the table's own figures show which way its changes are taken."""
    changes = _rows_matching(view, spec["result_re"])
    current = [r for r in _rows_matching(view, spec["current_re"]) if r not in changes]
    if not changes or len(current) != 1:
        return
    rc = current[0]
    cols = [c for c in view.numeric_cols if not (_is_percent_col(view, c) or "%" in view.labels[c])]
    found, confirmed = [], False
    for rr in changes:
        ro = rr - 1
        if ro <= rc or ro in changes:
            continue
        for c in cols:
            parts = [((rc, c), 1), ((ro, c), -1)]
            out = _sum_breach(view, "change", (rr, c), parts, params)
            if out is not None:
                found.append(out)
            elif addable(view.figures[rr][c]) and view.figures[rr][c].amount != 0:
                confirmed = True
    if confirmed:
        yield from found


# ---------------------------------------------------------------- percentages and means

def _is_percent_col(view: TableView, c: int) -> bool:
    figs = [view.figures[r][c] for r in range(len(view.rows)) if view.figures[r][c] is not None]
    return bool(figs) and all(f.unit == "%" for f in figs)


def percent_change(view: TableView, pattern: re.Pattern, params):
    """A run of '% change' columns paired with the run of figure columns before it."""
    cols = view.numeric_cols
    i = 0
    while i < len(cols):
        if not pattern.search(view.labels[cols[i]]):
            i += 1
            continue
        pct_run = []
        j = i
        while j < len(cols) and pattern.search(view.labels[cols[j]]) and cols[j] - (pct_run[-1] if pct_run else cols[j] - 1) == 1:
            pct_run.append(cols[j])
            j += 1
        base = []
        k = i - 1
        while k >= 0 and not _is_percent_col(view, cols[k]) and not pattern.search(view.labels[cols[k]]):
            base.insert(0, cols[k])
            k -= 1
        if len(base) == len(pct_run):
            yield from _change_down_rows(view, list(zip(base, pct_run)), params)
        elif len(base) >= 2 and len(pct_run) == 1:
            yield from _change_across(view, base[-2], base[-1], pct_run[0], params)
        i = j


def _change_down_rows(view, pairs, params):
    for base, pct in pairs:
        prev = None
        for r in range(len(view.rows)):
            f = view.figures[r][base]
            if not addable(f):
                continue
            if prev is not None:
                out = _pct_breach(view, (prev, base), (r, base), (r, pct), params)
                if out is not None:
                    yield out
            prev = r


def _change_across(view, old_c, new_c, pct_c, params):
    for r in range(len(view.rows)):
        out = _pct_breach(view, (r, old_c), (r, new_c), (r, pct_c), params)
        if out is not None:
            yield out


def _pct_breach(view, old_rc, new_rc, pct_rc, params):
    old, new, pct = (view.figures[rc[0]][rc[1]] for rc in (old_rc, new_rc, pct_rc))
    if not (addable(old) and addable(new)) or pct is None or pct.unit != "%" or old.amount == 0:
        return None
    expected = percent_change_interval(old.interval(), new.interval())
    if expected is None:
        return None
    exact = (new.amount - old.amount) / old.amount * 100
    ok = intervals_overlap(pct.interval(), expected, slack_for(pct, params))
    if ok and round(exact, pct.decimals) == pct.value:
        return None
    how = f"({cell_name(view, *new_rc)} − {cell_name(view, *old_rc)}) ÷ {cell_name(view, *old_rc)}"
    return Breach("percent change", pct_rc, [old_rc, new_rc], expected, exact, how), ok


def means(view: TableView, pattern: re.Pattern, params):
    """A Mean/Average column (or row) recomputed from the other figures of its row (or column)."""
    for c in view.numeric_cols:
        if pattern.search(_clean(view.labels[c])):
            others = [x for x in view.numeric_cols if x != c and not _is_percent_col(view, x)
                      and not TOTAL_LABEL_RE.search(view.labels[x])]
            for r in range(len(view.rows)):
                out = _mean_breach(view, (r, c), [(r, x) for x in others], params)
                if out is not None:
                    yield out
    for r, lab in enumerate(view.row_labels):
        if lab and pattern.search(_clean(lab)):
            for c in view.numeric_cols:
                cells = [(x, c) for x in range(len(view.rows)) if x != r
                         and not pattern.search(view.row_labels[x] or "") and not row_is_labelled_total(view, x)]
                out = _mean_breach(view, (r, c), cells, params)
                if out is not None:
                    yield out


def _mean_breach(view, res, cells, params):
    result = view.figures[res[0]][res[1]]
    figs = [view.figures[r][c] for r, c in cells if view.figures[r][c] is not None]
    if result is None or len(figs) < 2 or any(f.unit != result.unit for f in figs):
        return None
    n = Decimal(len(figs))
    lo, hi = sum_intervals(figs)
    expected = (lo / n, hi / n)
    exact = sum((f.amount for f in figs), Decimal(0)) / n
    ok = intervals_overlap(result.interval(), expected, slack_for(result, params))
    if ok and round(exact, result.decimals) * result.scale == result.amount:
        return None
    return Breach("mean", res, [rc for rc in cells if view.figures[rc[0]][rc[1]] is not None], expected, exact,
                  f"the mean of {len(figs)} figures"), ok


# ---------------------------------------------------------------- the kind

def breaches(view: TableView, spec, params):
    """One list of (Breach, within_rounding) pairs per identity the labels of this table imply."""
    groups = []
    for identity in spec["sums"]:
        if identity["between"] in ("columns", "both"):
            groups.append(list(sums_between_columns(view, identity, params)))
        if identity["between"] in ("rows", "both"):
            groups.append(list(sums_between_rows(view, identity, params)))
    for rf in spec["roll_forward"]:
        groups.append(list(roll_forward(view, rf, params)))
    for cu in spec["cumulative"]:
        groups.append(list(cumulative(view, cu, params)))
    for ch in spec["change_rows"]:
        groups.append(list(change_rows(view, ch, params)))
    if spec["percent_change_re"]:
        groups.append(list(percent_change(view, spec["percent_change_re"], params)))
    if spec["mean_re"]:
        groups.append(list(means(view, spec["mean_re"], params)))
    return groups


def _compile(params, where="table-identity"):
    def rx(p, what):
        return compile_pattern(p, f"{where}: {what}")

    sums = []
    for n, item in enumerate(params["sums"], 1):
        parts = []
        for p in item["parts"]:
            sign = -1 if p.startswith("- ") else 1
            parts.append((sign, rx(p[2:] if sign < 0 else p, f"sums item {n} part")))
        sums.append({"name": item.get("name", f"sum {n}"), "result_re": rx(item["result"], f"sums item {n} result"),
                     "parts_re": parts, "between": item.get("between", "both")})
    roll = [{"opening_re": rx(i["opening"], "roll_forward opening"), "closing_re": rx(i["closing"], "roll_forward closing")}
            for i in params["roll_forward"]]
    cum = [{"result_re": rx(i["result"], "cumulative result"), "increment_re": rx(i["increment"], "cumulative increment"),
            "opening_re": rx(i.get("opening", r"(?!x)x"), "cumulative opening")} for i in params["cumulative"]]
    changes = [{"result_re": rx(i["result"], "change_rows result"), "current_re": rx(i["current"], "change_rows current")}
               for i in params["change_rows"]]
    return {"sums": sums, "roll_forward": roll, "cumulative": cum, "change_rows": changes,
            "percent_change_re": rx(params["percent_change_labels"], "percent_change_labels") if params["percent_change_labels"] else None,
            "mean_re": rx(params["mean_labels"], "mean_labels") if params["mean_labels"] else None}


def _validate(params, where):
    try:
        for n, item in enumerate(params.get("sums", []), 1):
            if not isinstance(item, dict) or "result" not in item or not isinstance(item.get("parts"), list):
                raise RuleFileError(f"{where}: field 'sums' item {n} needs 'result' and a list 'parts'")
            if item.get("between", "both") not in ("rows", "columns", "both"):
                raise RuleFileError(f"{where}: field 'sums' item {n}: 'between' must be rows, columns or both")
        for key, needed in (("roll_forward", ("opening", "closing")), ("cumulative", ("result", "increment")),
                            ("change_rows", ("result", "current"))):
            for n, item in enumerate(params.get(key, []), 1):
                if not isinstance(item, dict) or any(k not in item for k in needed):
                    raise RuleFileError(f"{where}: field '{key}' item {n} needs {' and '.join(needed)}")
        _compile(KINDS["table-identity"].resolved(params), where)
    except (KeyError, TypeError, AttributeError) as exc:
        raise RuleFileError(f"{where}: malformed identity ({exc})") from None


@register("table-identity", params={
    "report": (str, "errors"),  # errors | rounding
    "sums": (list, []),  # [{name, result, parts: [pattern, "- pattern"], between: rows|columns|both}]
    "roll_forward": (list, []),  # [{opening, closing}]
    "cumulative": (list, []),  # [{result, increment, opening}]
    "change_rows": (list, []),  # [{result, current}]
    "percent_change_labels": (str, ""),
    "mean_labels": (str, ""),
    "min_rows_to_doubt": (int, 3),  # an identity failing in (nearly) all of >= this many lines is dropped
    "slack_units": (float, 0.0),
    "slack_fraction": (float, 0.0),
    "total_params": (dict, {}),  # parameters of table-total used to name culprit cells
}, needs=("table_views",))
def check_table_identity(pack, rule, params, ctx):
    """Arithmetic between labelled columns and rows (Gross = Employees + ..., % change, mean) that fails."""
    spec = ctx.cached(f"table-identity-spec:{rule.id}", lambda: _compile(params, rule.id))
    want_rounding = params["report"] == "rounding"
    total_params = KINDS["table-total"].resolved(params["total_params"])
    for doc, block, _table in pack.tables():
        analysis = analysis_for(ctx, pack, doc, block, total_params)
        if analysis is None:
            continue
        view = analysis.view
        try:
            groups = breaches(view, spec, params)
        except (ArithmeticError, IndexError, ValueError) as exc:
            ctx.warnings.append(f"table-identity skipped {table_name(doc, view.table)}: {exc}")
            continue
        for group in groups:
            errors = [b for b, ok in group if not ok]
            if _implausible(view, group, errors, params):
                continue
            for breach, ok in group:
                if ok == want_rounding:
                    yield _finding(rule, doc, view, breach, analysis, ok)


def _implausible(view, group, errors, params) -> bool:
    """Failing in nearly every line where it was tried: the identity is not this table's."""
    if not group:
        return False
    lines = {b.result for b, _ in group}
    tried = len(lines)
    return len(errors) >= params["min_rows_to_doubt"] and len(errors) >= 0.8 * max(tried, len(errors))


check_table_identity.validate_params = _validate


def _finding(rule, doc, view, breach: Breach, analysis, within_rounding: bool):
    r, c = breach.result
    found = view.figures[r][c]
    diff = found.amount - breach.exact
    exp = show(breach.exact, found)
    where = table_name(doc, view.table)
    values = {"cell": cell_name(view, r, c), "found": found.text, "how": breach.how, "expected": exp, "table": where}
    if within_rounding:
        message = render(TABLE_MESSAGES["identity-rounding"], **values)
        return make_finding(rule, doc, view, r, c, message, exp, found.text, breach.parts, severity="info",
                            identity=breach.name)
    culprit = _culprit(view, breach, analysis)
    if culprit is not None:
        (cr, cc), wanted, total_cell = culprit
        cell = view.figures[cr][cc]
        message = render(TABLE_MESSAGES["identity-culprit"], culprit=cell_name(view, cr, cc),
                         total=cell_name(view, *total_cell), wanted=show(wanted, cell), **values)
        return make_finding(rule, doc, view, cr, cc, message, show(wanted, cell), cell.text,
                            breach.parts + [breach.result, total_cell], identity=breach.name, culprit=True,
                            difference=str(diff), culprit_cell=(cr, cc), total_cell=total_cell,
                            total_row=view.row_labels[total_cell[0]] or f"row {total_cell[0] + 1}",
                            total_column=view.labels[total_cell[1]])
    message = render(TABLE_MESSAGES["identity"], difference=show(diff, found), **values)
    return make_finding(rule, doc, view, r, c, message, exp, found.text, breach.parts, identity=breach.name,
                        difference=str(diff))


def _culprit(view: TableView, breach: Breach, analysis):
    """A column total failing by the same amount through one cell of this identity: that cell."""
    if breach.name in ("percent change", "mean") or not breach.signs:
        return None
    r0, c0 = breach.result
    d = view.figures[r0][c0].amount - breach.exact  # result minus recomputed
    cells = list(zip(breach.parts, breach.signs)) + [(breach.result, 0)]
    for failure in analysis.failures:
        if failure.verdict != "error" or failure.direction != "column" or failure.whole_row:
            continue
        d_total = failure.diff(view)
        for (pr, pc), sign in cells:
            if (pr, pc) not in failure.parts:
                continue
            # a part written e too high: identity off by -e*sign, its column total by -e;
            # the result written e too high: identity off by +e, its column total by -e
            same = _close(d_total, -d if sign == 0 else d * sign, view, breach, failure)
            if not same:
                continue
            value = view.figures[pr][pc].amount
            wanted = value - d if sign == 0 else value + d * sign
            return (pr, pc), wanted, failure.total
    return None


def _close(a: Decimal, b: Decimal, view, breach, failure) -> bool:
    if a == 0 or b == 0 or (a > 0) != (b > 0):
        return False
    cells = breach.parts + [breach.result] + failure.parts + [failure.total]
    slack = sum((view.figures[r][c].half_ulp for r, c in cells if view.figures[r][c] is not None), Decimal(0))
    return abs(a - b) <= slack
