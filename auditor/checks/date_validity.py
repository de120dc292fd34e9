"""date-validity: dates and times that cannot exist, or contradict themselves.

An impossible day (31 September, 29 February 2025); a weekday that is not the date's; a financial
year whose halves do not follow (2024/26); a period that ends before it starts; a quarter whose
months are not that quarter's (Quarter 2 of a financial year is July to September; 'quarter four
(October to December 2024)' in a paper that counts quarters from April); a clock time
that does not exist (25:00, 13.30 pm).
"""
from __future__ import annotations

import calendar
import re

from auditor.checks import register
from auditor.checks._common import excerpt_around, finding_at, finding_on
from auditor.checks._facts import pack_dates
from auditor.facts.dates import DateMention

TIME_RX = re.compile(
    r"(?<![\d.:/£$])(?P<h>\d{1,2})(?P<sep>[.:])(?P<m>\d{2})(?:\s*(?P<ampm>[ap](?:\.\s?m\.|m\b)))?(?![\d:/%]|\.\d)",
    re.I)
TIME_CONTEXT_RX = re.compile(r"(?i)\b(?:at|from|until|till|by|starts?|start(?:ing)?\s+at|commenc\w+|begins?|time|close[sd]?)\s*$")


@register("date-validity", params={
    "check_weekdays": (bool, True),
    "check_times": (bool, True),
    "check_quarters": (bool, True),
}, needs=("dates",))
def check_date_validity(pack, rule, params, ctx):
    """Dates that cannot exist, weekdays that do not match, quarters with the wrong months."""
    items = pack_dates(pack, ctx)
    fy_docs = _documents_counting_fy_quarters(items) if params["check_quarters"] else set()
    for item in items:
        for mention in item.mentions:
            for part in [mention] + mention.parts:
                if part.problem and not (part is not mention and mention.problem):
                    yield _finding(rule, item, part, f"'{part.text}' cannot be right: {part.problem}",
                                   expected=_expected_for(part), found=part.text, why=part.problem)
            if params["check_weekdays"]:
                yield from _weekday(rule, item, mention)
        if params["check_quarters"]:
            yield from _quarters(rule, item, id(item.doc) in fy_docs)
        if params["check_times"] and item.cell_location is None:
            yield from _times(rule, item)


def _finding(rule, item, mention: DateMention, message, expected, found, **extra):
    extra = {"written": mention.text, "read_as": mention.iso, **extra}
    return finding_on(rule, item.doc, item.location_of(mention), excerpt_around(item.text, mention.start, mention.end),
                      message, expected=expected, found=found, **extra)


def _expected_for(mention: DateMention) -> str:
    if mention.kind == "day":
        return f"a day that exists in {calendar.month_name[mention.first.month]} {mention.first.year} (1-{mention.first.day})"
    if mention.kind in ("financial_year", "academic_year"):
        y = mention.first.year
        return f"{y}/{str(y + 1)[2:]}"
    return "a period that ends after it starts"


def _weekday(rule, item, mention: DateMention):
    for part in [mention] + mention.parts:
        if not part.weekday or part.kind != "day" or part.problem:
            continue
        actual = calendar.day_name[part.first.weekday()]
        if part.year_inferred and _weekday_fits_a_nearby_year(part):
            continue
        if actual.lower() != part.weekday.lower():
            why = f"{part.first:%-d %B %Y} falls on a {actual}"
            if part.year_inferred:
                why += f" (no year written; read as {part.first.year})"
            yield _finding(rule, item, part, f"'{part.text}': {why}, not a {part.weekday}",
                           expected=actual, found=part.weekday, why=why, reference=part.first.isoformat())


def _weekday_fits_a_nearby_year(part: DateMention) -> bool:
    """'Tuesday 10 February' without a year: fine if it is a Tuesday in the year read or one next to it."""
    wanted = part.weekday.lower()
    for year in (part.first.year - 1, part.first.year, part.first.year + 1):
        try:
            if calendar.day_name[part.first.replace(year=year).weekday()].lower() == wanted:
                return True
        except ValueError:
            continue
    return False


FY_QUARTER_MONTHS = {1: (4, 6), 2: (7, 9), 3: (10, 12), 4: (1, 3)}
CALENDAR_QUARTER_MONTHS = {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)}


def _quarters(rule, item, fy_quarters: bool):
    """A quarter and the period of months it names must agree: a period in brackets right after the quarter
    ('quarter four (January to March 2025)') or the quarter in brackets right after the period; else the one
    quarter and the one period of a sentence. `fy_quarters`: the document names a quarter of a financial year
    ('Q3 2024/25'), so it counts its quarters from April and a quarter with calendar months is no convention."""
    by_sentence: dict[int, list[DateMention]] = {}
    for mention in item.mentions:
        by_sentence.setdefault(mention.sentence_start, []).append(mention)
    for mentions in by_sentence.values():
        quarters = [m for m in mentions if m.kind == "quarter"]
        periods = [m for m in mentions if m.kind == "range" and len(m.parts) == 2
                   and all(p.kind == "month" for p in m.parts)]
        if not quarters or not periods:
            continue
        pairs = [(q, p) for q in quarters for p in periods if _bracketed_together(item.text, q, p)]
        if not pairs and len(quarters) == 1 and len(periods) == 1:
            pairs = [(quarters[0], periods[0])]
        for q, period in pairs:
            finding = _quarter_against_months(rule, item, q, period, fy_quarters)
            if finding is not None:
                yield finding


_BRACKET_OPEN_RX = re.compile(r"\s*[,–-]?\s*\(\s*(?:covering\s+|i\.e\.?\s*|ie\s+)?$", re.I)


def _bracketed_together(text: str, a: DateMention, b: DateMention) -> bool:
    """'quarter four (January to March 2025)', 'July to September 2024 (Quarter 2)': the one in brackets
    right after the other names the same period."""
    first, second = (a, b) if a.end <= b.start else (b, a)
    return bool(_BRACKET_OPEN_RX.fullmatch(text[first.end:second.start]))


def _quarter_against_months(rule, item, q: DateMention, period: DateMention, fy_quarters: bool):
    months = (period.first.month, period.last.month)
    if months == FY_QUARTER_MONTHS[q.quarter]:
        if q.year_inferred or q.ambiguous or (q.first, q.last) == (period.first, period.last):
            return None
        why = f"{q.text} is {q.first:%B %Y} to {q.last:%B %Y}, not {period.text}"
    elif q.ambiguous and months == CALENDAR_QUARTER_MONTHS[q.quarter]:
        return None
    elif months == CALENDAR_QUARTER_MONTHS[q.quarter] and q.year_inferred and not fy_quarters:
        return None  # a calendar-year quarter: a different convention, not a slip
    else:
        a, b = FY_QUARTER_MONTHS[q.quarter]
        why = (f"Quarter {q.quarter} of a financial year is {calendar.month_name[a]} to "
               f"{calendar.month_name[b]}, not {period.text}")
    return _finding(rule, item, period, f"'{period.text}' does not match '{q.text}': {why}",
                    expected=f"{q.first:%B} to {q.last:%B %Y}", found=period.text, why=why,
                    reference=q.text)


def _documents_counting_fy_quarters(items) -> set[int]:
    """The documents (by id) that name a quarter of a financial year ('Quarter 3 2024/25', 'Q1 2024-2025')."""
    return {id(item.doc) for item in items
            if any(m.kind == "quarter" and not m.year_inferred and not m.ambiguous for m in item.mentions)}


def _times(rule, item):
    for m in TIME_RX.finditer(item.text):
        hour, minute, ampm = int(m.group("h")), int(m.group("m")), m.group("ampm")
        if not ampm:
            if m.group("sep") != ":" or not TIME_CONTEXT_RX.search(item.text[max(0, m.start() - 25):m.start()]):
                continue
            bad = hour > 24 or minute > 59 or (hour == 24 and minute > 0)
            why = f"{m.group(0)} is not a time of day (hours run 00-23, minutes 00-59)"
        else:
            bad = hour == 0 or hour > 12 or minute > 59
            why = f"{m.group(0).strip()} is not a time (12-hour times run 1-12, minutes 00-59)"
        if bad:
            yield finding_at(rule, item.doc, item.block, m.start(), m.end(), f"Time '{m.group(0).strip()}' does not exist",
                             expected="a real time of day", found=m.group(0).strip(), written=m.group(0).strip(),
                             why=why)
