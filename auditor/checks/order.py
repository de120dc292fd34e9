"""order: two dated steps that must come in order, a set time apart.

`first` and `second` are cues (regular expressions), each read with the date written right after it
(`date_position: after`, the default: "the consultation opened on 10 February 2025") or right before
it (`before`: "10 February 2025, when the consultation opened"), in the same sentence and at most
`max_gap` characters away. Dates are read by the auditor's date reader (auditor/facts/dates.py): a
day with its year, or whose year is written next to it ("10 February and ... 6 April 2025"); a day
whose year is only guessed from the meeting date is not used.

A second step's date is reported when it is fewer than `min_days` (or `min_weeks`) days after the
first step's, or more than `max_days` (`max_weeks`). Without a minimum, the second step may not come
before the first. Days are counted as the difference of the two dates: 3 March to 14 April is 42 days
(six weeks).

Each second step is paired with the first step written in the same paragraph (or table cell), else
with the one first-step date of its document (`scope: document`) or pack (`scope: pack`); when the
document gives two different first-step dates and none in the paragraph, it is not judged.
"""
from __future__ import annotations

from dataclasses import dataclass

from auditor.checks import compile_pattern, register
from auditor.checks._common import excerpt_around, finding_on
from auditor.checks._facts import pack_dates
from auditor.checks._messages import EXPECTED, INTERVALS, MESSAGES, render, validate_message
from auditor.errors import RuleFileError
from auditor.model import Related


@dataclass
class _Step:
    item: object  # facts.dates.DatedText
    cue_start: int
    mention: object  # facts.dates.DateMention


def _validate(params, where):
    for name in ("first", "second"):
        if not params.get(name):
            raise RuleFileError(f"{where}: missing field '{name}' (a pattern the {name} step's date follows, "
                                "e.g. 'consultation (?:opened|began) on')")
        compile_pattern(params[name], f"{where}: field '{name}'", params.get("case", "ignore") == "ignore")
    for unit in ("min", "max"):
        if f"{unit}_days" in params and f"{unit}_weeks" in params:
            raise RuleFileError(f"{where}: give '{unit}_days' or '{unit}_weeks', not both")
    for name in ("min_days", "min_weeks", "max_days", "max_weeks", "max_gap"):
        if name in params and params[name] < 0:
            raise RuleFileError(f"{where}: field '{name}' must be 0 or more, not {params[name]}")
    low, high = _bounds(params)
    if high is not None and high < low:
        raise RuleFileError(f"{where}: the maximum ({high} days) is less than the minimum ({low} days)")
    validate_message("order", params.get("message"), where)


def _bounds(params) -> tuple[int, int | None]:
    """(fewest, most) days from the first step's date to the second's; most None: no limit."""
    low = params.get("min_days") if params.get("min_days") is not None else 7 * (params.get("min_weeks") or 0)
    if params.get("max_days") is not None:
        high = params["max_days"]
    elif params.get("max_weeks") is not None:
        high = 7 * params["max_weeks"]
    else:
        high = None
    return low, high


def _steps(items, rx, position: str, max_gap: int) -> list[_Step]:
    """Each cue with the day written right after (or before) it in the same sentence."""
    out = []
    for item in items:
        days = [m for m in item.mentions if m.kind == "day" and not m.problem and not m.year_inferred]
        if not days:
            continue
        for cue in rx.finditer(item.text):
            if position == "after":
                near = [d for d in days if 0 <= d.start - cue.end() <= max_gap
                        and d.sentence_start <= cue.start()]
                chosen = min(near, key=lambda d: d.start, default=None)
            else:
                near = [d for d in days if 0 <= cue.start() - d.end <= max_gap
                        and cue.end() <= d.sentence_start + len(d.sentence)]
                chosen = max(near, key=lambda d: d.start, default=None)
            if chosen is not None:
                out.append(_Step(item, cue.start(), chosen))
    return out


@register("order", params={
    "first": (str, ""),  # pattern: the cue of the first step ("consultation (?:opened|launched|began) on")
    "second": (str, ""),  # pattern: the cue of the second step ("consultation (?:closes|closed|ends) on")
    "date_position": (str, "after", ("after", "before")),  # the date follows the cue, or comes before it
    "max_gap": (int, 40),  # characters allowed between a cue and its date
    "min_days": (int, None),
    "min_weeks": (int, None),
    "max_days": (int, None),
    "max_weeks": (int, None),
    "scope": (str, "document", ("document", "pack")),  # where a first step is looked for
    "case": (str, "ignore", ("ignore", "match")),  # how the cues match
    "include_tables": (bool, True),
    "message": (str, MESSAGES["order"]),
}, needs=("dates",))
def check_order(pack, rule, params, ctx):
    """Two dated steps (a cue, then a date): the second a set number of days after the first."""
    ignore_case = params["case"] == "ignore"
    first_rx = compile_pattern(params["first"], rule.id, ignore_case)
    second_rx = compile_pattern(params["second"], rule.id, ignore_case)
    items = [i for i in pack_dates(pack, ctx) if params["include_tables"] or i.cell_location is None]
    position, gap = params["date_position"], params["max_gap"]
    low, high = _bounds(params)
    firsts, seconds = _steps(items, first_rx, position, gap), _steps(items, second_rx, position, gap)
    if not firsts or not seconds:
        return

    def unit(step):
        return id(step.item.doc) if params["scope"] == "document" else 0

    firsts_by_unit: dict = {}
    for step in firsts:
        firsts_by_unit.setdefault(unit(step), []).append(step)
    seen = set()
    for second in seconds:
        first = _partner(second, firsts_by_unit.get(unit(second), []))
        if first is None or first.mention is second.mention:
            continue
        key = (unit(second), first.mention.first, second.mention.first)
        if key in seen:
            continue
        seen.add(key)
        days = (second.mention.first - first.mention.first).days
        if days >= low and (high is None or days <= high):
            continue
        yield _finding(rule, params, first, second, days, low, high)


def _partner(second: _Step, firsts: list[_Step]):
    """The first step in the same paragraph or cell (the nearest), else the unit's one first-step date."""
    same = [f for f in firsts if f.item is second.item]
    if same:
        return min(same, key=lambda f: abs(f.cue_start - second.cue_start))
    if len({f.mention.first for f in firsts}) == 1:
        return firsts[0]
    return None


def _finding(rule, params, first: _Step, second: _Step, days: int, low: int, high):
    a, b = first.mention, second.mention
    if high is None:
        expected = render(EXPECTED["order_at_least"], low=low, first_iso=a.iso)
    elif low == 0 and days > high:
        expected = render(EXPECTED["order_at_most"], high=high, first_iso=a.iso)
    else:
        expected = render(EXPECTED["order_between"], low=low, high=high, first_iso=a.iso)
    weeks = f"{abs(days) // 7} weeks" + (f" and {abs(days) % 7} days" if abs(days) % 7 else "")
    interval = render(INTERVALS["after" if days > 0 else "before" if days < 0 else "same"], span=f"{abs(days)} day" + ("s" if abs(days) != 1 else ""))
    message = render(params["message"], first=a.text, first_iso=a.iso, second=b.text, second_iso=b.iso,
                     days=days, weeks=weeks, interval=interval, expected=expected)
    item = second.item
    finding = finding_on(rule, item.doc, item.location_of(b), excerpt_around(item.text, b.start, b.end), message,
                         expected=expected, found=f"{b.iso} ({days} days after {a.iso})",
                         written=b.text, read_as=b.iso, reference=a.iso)
    if first.item is not item:
        finding.related.append(Related(first.item.doc.title, first.item.location_of(a),
                                       excerpt_around(first.item.text, a.start, a.end)))
    return finding


check_order.validate_params = _validate
