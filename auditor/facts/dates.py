"""Dates as written in committee papers: find them, read them as intervals, keep their clause.

find_dates(text, reference) returns every date mention in `text`, without overlaps, each with
the interval it denotes (first..last day), how it was read (iso) and the clause it sits in.
Forms: full dates ("Tuesday, 21 January 2025", "21/1/25", "November 18 2024"), months
("Feb 2024", "April 25"), seasons ("Spring 2025", "in the spring"), quarters ("Quarter 2
2024/25", "Q2", "quarter four", "the fourth quarter"), financial and academic years ("2024/25",
"2025/26–2028/29"; "the five year 2018/24 Plan" is a plan's span of years), plain years,
year ranges ("2024-2027") and relative phrases ("next year", "12 months ago"), which need the
reference date. A date whose year had to be guessed (no year written) has year_inferred=True.
A date that cannot exist (31 September) is still returned, with `problem` set and first/last
clamped to the month.
"""
from __future__ import annotations

import calendar
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Optional

from auditor.numbers import word_to_int
from auditor.vocab import (fold_to_ascii, has_any_word, month_abbreviations, month_names, number_word_pattern,
                           ordinal_word_pattern, ordinal_words, weekday_pattern, word_list_pattern, words)

MONTH_NAMES = list(month_names())
MONTH_ABBR = {**{abbr: n for n, abbr in enumerate(month_abbreviations(), 1)}, "sept": 9}
SEASON_MONTHS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11),
                 "winter": (12, 2)}

_MONTH = (r"(?P<{name}>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
          r"Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_ORD = r"(?:\s*(?:<sup>)?(?:st|nd|rd|th)(?:</sup>)?)?"
_WEEKDAY = r"(?:(?P<wd>" + weekday_pattern() + r"),?\s+(?:the\s+)?)?"
_YEAR4 = r"(?P<{name}>(?:19|20)\d{{2}})"
_NOT_NUM_BEFORE = r"(?<![\d£$€.,/:\w])"
_NOT_NUM_AFTER = r"(?![\d]|[.,]\d|%|/\d|:\d)"

_DMY = re.compile(_WEEKDAY + _NOT_NUM_BEFORE + r"(?P<d>\d{1,2})" + _ORD + r"\s+(?:of\s+)?"
                  + _MONTH.format(name="m") + r",?\s+" + _YEAR4.format(name="y") + r"\b", re.I)
_MDY = re.compile(_WEEKDAY + r"\b" + _MONTH.format(name="m") + r"\s+(?P<d>\d{1,2})" + _ORD
                  + r",?\s+" + _YEAR4.format(name="y") + r"\b", re.I)
_NUMERIC = re.compile(_WEEKDAY + _NOT_NUM_BEFORE + r"(?P<d>\d{1,2})(?P<sep>[/.])(?P<mo>\d{1,2})(?P=sep)"
                      r"(?P<y>(?:19|20)\d{2}|\d{2})" + _NOT_NUM_AFTER, re.I)
_DM = re.compile(_WEEKDAY + _NOT_NUM_BEFORE + r"(?P<d>\d{1,2})" + _ORD + r"\s+(?:of\s+)?"
                 + _MONTH.format(name="m") + r"\b(?!\s*,?\s*(?:19|20)\d{2})", re.I)
_MY = re.compile(r"\b(?P<early>early|mid|late|end of|end)?[\s-]*" + _MONTH.format(name="m")
                 + r",?\s+(?:(?P<y>(?:19|20)\d{2})|'?(?P<y2>\d{2}))(?![\d/]|\.\d|:\d|%)", re.I)
# 'Quarter 2', 'Q2', and in words: 'quarter four', 'Quarter One', 'the fourth quarter', 'the 4th quarter'
# (the words from rules/vocab: number_words, ordinal_words)
_QUARTER = re.compile(r"\b(?:(?:Quarter|Qtr|Q)\s*(?P<q>[1-4])|Quarter\s+(?P<qw>" + number_word_pattern(4) + r")"
                      r"|(?P<qo>" + ordinal_word_pattern(4) + r"|[1-4](?:st|nd|rd|th))\s+quarter)"
                      r"\b(?:\s*(?:of\s+)?,?\s*(?P<fy>(?:19|20)\d{2}\s*[/\-–]\s*(?:\d{4}|\d{2})(?!\d)|[1-4]\d/[1-4]\d(?!\d))"
                      r"|\s+(?P<cy>(?:19|20)\d{2})\b(?![/\-–]\d))?", re.I)
_SEASON = re.compile(r"\b(?P<early>early|mid|late)?[\s-]*(?P<s>spring|summer|autumn|winter)"
                     r"(?:\s+term)?(?:\s+(?:of\s+)?(?P<y>(?:19|20)\d{2})\b(?![/\-–]\d))?", re.I)
# 2024/25, 2024-25, 2025/26–2028/29, 2024-2027, 2024 to 2027, 24/25, 2025/26 - 28/29
_YEARSPAN = re.compile(
    _NOT_NUM_BEFORE + r"(?P<a>(?:19|20)\d{2})\s*(?P<sep>/|-|–|—|\s+to\s+)\s*(?P<b>(?:19|20)\d{2}|\d{2})"
    r"(?:\s*(?:-|–|—|to)\s*(?P<c>(?:19|20)?\d{2})\s*/\s*(?P<d>\d{2}|\d{4}))?" + _NOT_NUM_AFTER, re.I)
_SHORT_FY = re.compile(r"(?:\bFY\s?|" + _NOT_NUM_BEFORE + r")(?P<a>[1-4]\d)(?:/|(?<=FY\d\d)-?|(?<=FY \d\d)-?)(?P<b>[1-4]\d)"
                       + _NOT_NUM_AFTER)
_ISO_DAY = re.compile(_NOT_NUM_BEFORE + r"(?P<y>(?:19|20)\d{2})-(?P<mo>[01]\d)-(?P<d>[0-3]\d)" + _NOT_NUM_AFTER)
_YEAR = re.compile(_NOT_NUM_BEFORE + r"(?P<y>(?:19[5-9]|20[0-5])\d)" + _NOT_NUM_AFTER)
_RELATIVE = re.compile(
    r"\b(?:(?P<dir>next|last|this|previous|following|coming|current)\s+(?P<fin>financial\s+|academic\s+|calendar\s+)?"
    r"(?P<unit>year|month|week|quarter)"
    r"|(?P<n>\d{1,2}|" + number_word_pattern() + r")"
    r"\s+(?P<unit2>years?|months?|weeks?|days?)\s+(?P<ago>ago|earlier|previously|later|from now|'?\s*time)"
    r"|(?P<day>today|yesterday|tomorrow))\b", re.I)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)

_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "no", "nos", "e.g", "i.e", "approx", "etc", "cllr", "st",
                  "vs", "cf", "fig", "para", "paras", "est", "ref", "p", "pp", "inc", "co", "ltd"}
_RANGE_JOIN = re.compile(r"^\s*(?:-|–|—|to|until|till|through|and)\s*$", re.I)


@dataclass
class DateMention:
    start: int
    end: int
    text: str
    kind: str  # day|month|season|quarter|financial_year|academic_year|year|range|relative
    first: date
    last: date
    iso: str
    weekday: Optional[str] = None  # the weekday as written, if any ("Tuesday")
    year_inferred: bool = False  # no year written: taken from the reference date or a neighbour
    problem: Optional[str] = None  # why this date cannot exist, if it cannot
    clause_start: int = 0
    clause_end: int = 0
    clause: str = ""
    sentence: str = ""
    sentence_start: int = 0
    parts: list["DateMention"] = field(default_factory=list)  # for a range: its two ends
    ambiguous: bool = False  # "January 25": month and year, or a day without a year
    quarter: Optional[int] = None


@lru_cache(maxsize=1024)  # a text full of dates names the same few months again and again
def month_number(name: str) -> int:
    key = name.lower().rstrip(".")
    return MONTH_NAMES.index(key) + 1 if key in MONTH_NAMES else MONTH_ABBR[key[:4] if key[:4] == "sept" else key[:3]]


@lru_cache(maxsize=4096)  # (a date is immutable)
def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _expand_year(two: int, reference: Optional[date]) -> int:
    century = (reference.year // 100 * 100) if reference else 2000
    return century + two


def _fy(start_year: int) -> tuple[date, date]:
    return date(start_year, 4, 1), date(start_year + 1, 3, 31)


def _academic(start_year: int) -> tuple[date, date]:
    return date(start_year, 9, 1), date(start_year + 1, 8, 31)


def _iso_interval(first: date, last: date) -> str:
    if first == last:
        return first.isoformat()
    if first.day == 1 and last == month_end(last.year, last.month) and (first.year, first.month) == (last.year, last.month):
        return f"{first.year:04d}-{first.month:02d}"
    return f"{first.isoformat()}/{last.isoformat()}"


# ---------------------------------------------------------------------------------------------
# Sentence and clause boundaries

_SENT_END = re.compile(r"[.!?;](?=\s+[\"'“‘(\[]?[A-Z0-9•\-£$€])|[.!?;]\s*$|\n+|\s+•\s+|<br\s*/?>|\|")


_WRAP_WIDTH = 45  # a line this long that ends without punctuation was wrapped, not ended


def _wrapped_line(text: str, m: re.Match) -> bool:
    """A single line break inside a sentence (text extracted from PDF keeps the page's line wraps)."""
    if m.group(0).count("\n") > 1:
        return False
    line = text[text.rfind("\n", 0, m.start()) + 1:m.start()].rstrip()
    following = text[m.end():m.end() + 1]
    return len(line) >= _WRAP_WIDTH and not re.search(r"[.:;!?]$", line) and following[:1].islower()


_LAST_WORD = re.compile(r"([\w.]+)$")
_LAST_WORD_WINDOW = 64  # longer than any abbreviation: a longer word is no abbreviation either way


def _last_word(window: str) -> str:
    """What _LAST_WORD finds at the end of the window ('' for nothing), read backwards from the end: the
    search tried every position of the window, running through the rest of each word ('$' matches before
    a final newline too; \\w is a letter or digit as str.isalnum() has it, or '_')."""
    end = len(window) - 1 if window.endswith("\n") else len(window)
    i = end
    while i and (window[i - 1].isalnum() or window[i - 1] in "_."):
        i -= 1
    return window[i:end]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENT_END.finditer(text):
        if m.group(0) == ".":
            token = _last_word(text[max(start, m.start() - _LAST_WORD_WINDOW):m.start()]).lower()
            if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
        if m.group(0).startswith("\n") and _wrapped_line(text, m):
            continue
        end = m.end()
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


_CLAUSE_CUT = re.compile(r",\s+(?=(?:with|while|whilst|which|where|whereas|but|although|though|"
                         r"and (?:the|this|it|they|we|a)|however|when|after|before)\b)|\s+—\s+|\s+–\s+(?=[a-z])|\(|\)",
                         re.I)


class _ClauseCuts:
    """The clause joins of one sentence, found once and looked up by bisection (a sentence may
    hold thousands of dates: a table flattened into one line)."""

    def __init__(self, text: str, sent: tuple[int, int]):
        self.sent = sent
        self.cuts = _without_short_asides(list(_CLAUSE_CUT.finditer(text, sent[0], sent[1])))
        self.starts = [m.start() for m in self.cuts]
        self.ends = [m.end() for m in self.cuts]  # increasing too: the matches do not overlap

    def span(self, start: int, end: int) -> tuple[int, int]:
        a, b = self.sent
        before = bisect_right(self.ends, start)  # the cuts that end before the date
        if before:
            m = self.cuts[before - 1]
            a = m.end() if m.group(0) != "(" else m.start()
        after = bisect_left(self.starts, end, before)  # the first cut after the date
        if after < len(self.cuts):
            m = self.cuts[after]
            b = m.start() if m.group(0) != ")" else m.end()
        return a, b


_SHORT_ASIDE = 30  # characters in brackets that name or date something ('(DfE)', '(March 2025)'), not a clause


def _without_short_asides(cuts: list[re.Match]) -> list[re.Match]:
    """The cuts less the brackets of a short aside: 'was launched by the Department for Education
    (DfE) in September 2023' is one clause, and so is 'works are planned to start later (March 2025)'."""
    dropped: set[int] = set()
    for i, cut in enumerate(cuts[:-1]):
        after = cuts[i + 1]
        if cut.group(0) == "(" and after.group(0) == ")" and after.start() - cut.end() <= _SHORT_ASIDE:
            dropped.update((i, i + 1))
    return [cut for i, cut in enumerate(cuts) if i not in dropped] if dropped else cuts


# ---------------------------------------------------------------------------------------------
# Matchers: each yields DateMention without clause info


def _day(m, text, y, mo, d, reference, weekday=None, inferred=False, ambiguous=False):
    if not 1 <= d <= 31 or not 1 <= mo <= 12:
        return None
    problem = None
    try:
        first = date(y, mo, d)
    except ValueError:
        if not 1 <= mo <= 12:
            return None
        problem = f"{calendar.month_name[mo]} {y} has no day {d}"
        first = month_end(y, mo)
    return DateMention(m.start(), m.end(), m.group(0), "day", first, first,
                       first.isoformat() if not problem else f"{y:04d}-{mo:02d}-{d:02d}",
                       weekday=weekday, year_inferred=inferred, problem=problem, ambiguous=ambiguous)


def _match_dmy(text, reference):
    for rx in (_DMY, _MDY):
        for m in rx.finditer(text):
            yield _day(m, text, int(m.group("y")), month_number(m.group("m")), int(m.group("d")),
                       reference, m.group("wd"))


def _match_iso(text, reference):
    for m in _ISO_DAY.finditer(text):
        found = _day(m, text, int(m.group("y")), int(m.group("mo")), int(m.group("d")), reference)
        if found:
            yield found


def _match_numeric(text, reference):
    for m in _NUMERIC.finditer(text):
        d, mo, ys = int(m.group("d")), int(m.group("mo")), m.group("y")
        if m.group("sep") == "." and len(ys) == 2:
            continue  # 1.2.25 is more likely a paragraph number than a date
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            continue
        y = int(ys) if len(ys) == 4 else _expand_year(int(ys), reference)
        yield _day(m, text, y, mo, d, reference, m.group("wd"))


def _nearest_year(month: int, day: int, reference: date) -> int:
    """The year that puts day/month closest to the reference date."""
    return min((reference.year - 1, reference.year, reference.year + 1),
               key=lambda y: abs((date(y, month, day) - reference).days))


def _match_day_month(text, reference):
    for m in _DM.finditer(text):
        mo, d = month_number(m.group("m")), int(m.group("d"))
        if m.group("m").lower() == "may" and not m.group("m")[0].isupper():
            continue
        if not 1 <= d <= 31:
            continue
        y = _nearest_year(mo, min(d, 28), reference or date.today())
        found = _day(m, text, y, mo, d, reference, m.group("wd"), inferred=True)
        if found:
            yield found


def _verb_not_month(name: str) -> bool:
    """'may', 'march', 'mar' written in lower case: the verb, not the month."""
    return name[0].islower() and name.lower() in ("may", "march", "mar")


def _match_month_year(text, reference):
    for m in _MY.finditer(text):
        name = m.group("m")
        if _verb_not_month(name):
            continue
        if m.group("y"):
            y, ambiguous = int(m.group("y")), False
        else:
            two = int(m.group("y2"))
            if len(name.rstrip(".")) < 3 or two > 40:
                continue
            y, ambiguous = _expand_year(two, reference), True
        mo = month_number(name)
        first, last = date(y, mo, 1), month_end(y, mo)
        yield DateMention(m.start("m"), m.end(), text[m.start("m"):m.end()], "month", first, last,
                          f"{y:04d}-{mo:02d}", ambiguous=ambiguous)


_MONTH_RANGE = re.compile(r"\b" + _MONTH.format(name="m1") + r"\s*(?:-|–|—|to|until|till)\s*"
                          + _MONTH.format(name="m2") + r",?\s+" + _YEAR4.format(name="y") + r"\b", re.I)


def _match_month_range(text, reference):
    """'July to September 2024': the first month takes the year of the second (or the one before)."""
    for m in _MONTH_RANGE.finditer(text):
        if _verb_not_month(m.group("m1")) or _verb_not_month(m.group("m2")):
            continue
        y, m1, m2 = int(m.group("y")), month_number(m.group("m1")), month_number(m.group("m2"))
        first = date(y if m1 <= m2 else y - 1, m1, 1)
        last = month_end(y, m2)
        start_part = DateMention(m.start(), m.start("m1") + len(m.group("m1")), m.group("m1"), "month", first,
                                 month_end(first.year, m1), f"{first.year:04d}-{m1:02d}")
        end_part = DateMention(m.start("m2"), m.end(), text[m.start("m2"):m.end()], "month", date(y, m2, 1),
                               last, f"{y:04d}-{m2:02d}")
        yield DateMention(m.start(), m.end(), m.group(0), "range", first, last, _iso_interval(first, last),
                          parts=[start_part, end_part])


def _match_quarter(text, reference):
    for m in _QUARTER.finditer(text):
        q = _quarter_number(m)
        if m.group("q") and not re.match(r"(?i)q(?:uarter|tr)?\s*\d", m.group(0)):
            continue
        if m.group("fy"):
            fy = m.group("fy")
            start_year = int(fy[:4]) if len(fy.split("/")[0].strip()) == 4 or "-" in fy or "–" in fy \
                else _expand_year(int(fy[:2]), reference)
            fy_first, _ = _fy(start_year)
            first_month = 4 + 3 * (q - 1)
            y = start_year + (first_month - 1) // 12
            mo = (first_month - 1) % 12 + 1
            first = date(y, mo, 1)
            last = month_end(first.year, mo + 2)
            yield DateMention(m.start(), m.end(), m.group(0), "quarter", first, last,
                              _iso_interval(first, last), quarter=q, problem=_quarter_fy_problem(fy, start_year))
        elif m.group("cy"):
            y = int(m.group("cy"))
            first = date(y, 3 * q - 2, 1)
            last = month_end(y, 3 * q)
            yield DateMention(m.start(), m.end(), m.group(0), "quarter", first, last,
                              _iso_interval(first, last), quarter=q, ambiguous=True)
        else:
            ref = reference or date.today()
            start_year = ref.year if ref.month >= 4 else ref.year - 1
            first_month = 4 + 3 * (q - 1)
            y = start_year + (first_month - 1) // 12
            mo = (first_month - 1) % 12 + 1
            first, last = date(y, mo, 1), month_end(y, mo + 2)
            yield DateMention(m.start(), m.end(), m.group(0), "quarter", first, last,
                              _iso_interval(first, last), year_inferred=True, quarter=q)


def _quarter_number(m: re.Match) -> int:
    """The quarter's number as written: '2', 'four', 'fourth', '4th'."""
    if m.group("q"):
        return int(m.group("q"))
    if m.group("qw"):
        return word_to_int(m.group("qw"))
    written = m.group("qo").lower()
    return int(written[0]) if written[0].isdigit() else ordinal_words()[written]


def _quarter_fy_problem(fy: str, start_year: int) -> Optional[str]:
    end = re.split(r"\s*[/\-–]\s*", fy)[-1]
    end_year = int(end) if len(end) == 4 else (start_year // 100) * 100 + int(end)
    return _fy_problem(start_year, end_year)


def _season_interval(season: str, year: int) -> tuple[date, date]:
    a, b = SEASON_MONTHS[season]
    if season == "winter":
        return date(year, 12, 1), month_end(year + 1, 2)
    return date(year, a, 1), month_end(year, b)


def _match_season(text, reference):
    for m in _SEASON.finditer(text):
        season = m.group("s").lower()
        if m.group("y"):
            first, last = _season_interval(season, int(m.group("y")))
            yield DateMention(m.start("s"), m.end(), text[m.start("s"):m.end()], "season", first, last,
                              _iso_interval(first, last))
            continue
        before = text[max(0, m.start("s") - 12):m.start("s")].lower()
        if not re.search(r"\b(?:the|this|next|last|in|by|until|during)\s+(?:early\s+|late\s+)?$", before):
            continue  # "Spring term", "summer holiday activities": not a date
        ref = reference or date.today()
        y = ref.year
        first, last = _season_interval(season, y)
        if "last" in before and first > ref:
            first, last = _season_interval(season, y - 1)
        elif "last" not in before and last < ref:
            first, last = _season_interval(season, y + 1)
        yield DateMention(m.start("s"), m.end(), text[m.start("s"):m.end()], "season", first, last,
                          _iso_interval(first, last), year_inferred=True)


CHANGED_FROM_RE = re.compile(r"\b(?:mov|chang|brought|bring|put|pushed|delay|defer|revis|shift|slipp|extend|"
                             r"reschedul|amend|switch|alter)\w*\s+(?:[\w-]+\s+){0,3}?from\s+$", re.I)


def _match_year_spans(text, reference):
    for m in _YEARSPAN.finditer(text):
        a = int(m.group("a"))
        b_raw = m.group("b")
        b = int(b_raw) if len(b_raw) == 4 else (a // 100) * 100 + int(b_raw)
        sep = m.group("sep").strip() or "to"
        if len(b_raw) == 2 and sep in ("-", "–") and b <= a and int(b_raw) > 12 and not m.group("c") \
                and not re.search(r"(?i)(?:\b(?:ref|no|number|id|code|item)\.?\s*|[#/\w])$", text[max(0, m.start() - 8):m.start()]) \
                and not re.match(r"[-/\w]", text[m.end():m.end() + 1]):
            first, last = _fy(a)  # "the settlement for 2025-25": no month 25, a financial year mistyped
            yield DateMention(m.start(), m.end(), m.group(0), "financial_year", first, last,
                              f"{first.isoformat()}/{last.isoformat()}", problem=_fy_problem(a, b))
            continue
        if len(b_raw) == 2 and (sep == "to" or b <= a) and not m.group("c") and sep != "/":
            continue  # "2021 to 10 years", "2024-11" (a month): not a span of years
        before = text[max(0, m.start() - 20):m.start()].lower()
        if sep == "to" and CHANGED_FROM_RE.search(text[max(0, m.start() - 60):m.start()]):
            continue  # "the compliance year moved from 2025 to 2023": a change of a value, not a period
        if m.group("c"):
            c_raw = m.group("c")
            c = int(c_raw) if len(c_raw) == 4 else (a // 100) * 100 + int(c_raw)
            first, _ = _fy(a)
            _, last = _fy(c)
            yield DateMention(m.start(), m.end(), m.group(0), "range", first, last,
                              _iso_interval(first, last),
                              problem=_fy_problem(a, b) or _fy_problem(c, _two(m.group("d"), c)))
            continue
        if sep == "/" and b > a + 1 and _names_years_of_a_plan(text, m):
            first, last = _fy(a)[0], _fy(b - 1)[1]  # 2018/24: from April 2018 to March 2024
            yield DateMention(m.start(), m.end(), m.group(0), "range", first, last, _iso_interval(first, last))
            continue
        if sep == "/":
            first, last = _fy(a)
            kind = "academic_year" if "academic" in before else "financial_year"
            if kind == "academic_year":
                first, last = _academic(a)
            yield DateMention(m.start(), m.end(), m.group(0), kind, first, last,
                              f"{first.isoformat()}/{last.isoformat()}", problem=_fy_problem(a, b))
        elif b == a + 1 and (len(b_raw) == 2 or "academic" in before or "financial" in before):
            kind = "academic_year" if "academic" in before else "financial_year"
            first, last = _academic(a) if kind == "academic_year" else _fy(a)
            yield DateMention(m.start(), m.end(), m.group(0), kind, first, last,
                              f"{first.isoformat()}/{last.isoformat()}")
        else:
            first, last = date(a, 1, 1), date(b, 12, 31) if b >= a else date(b, 12, 31)
            problem = f"the period ends ({b}) before it starts ({a})" if b < a else None
            if b == a and len(b_raw) == 4 and sep in ("-", "–"):  # 'in line with 2024-2024': a year twice
                problem = f"a span of years from {a} to {a}: a financial year runs over two years ({a}-{a + 1})"
            if b < a:
                first = date(a, 1, 1)
            yield DateMention(m.start(), m.end(), m.group(0), "range", first, max(last, first),
                              f"{first.isoformat()}/{max(last, first).isoformat()}", problem=problem)


# 'the five year 2018/24 ...', 'a 5-year 2020/25 ...', 'the multi-year 2024/27 ...': a span of several years
_YEARS_BEFORE_RX = re.compile(r"(?i)\b(?:(?P<n>\d{1,2}|" + number_word_pattern(30) + r")|multi)[- ]?years?['’]?\s*$")
# '... 2018/24 School Places Plan', 'the 2020/25 Strategy', 'our 2022/27 plan': a plan's noun after the span, a
# few of its name's words between (not 'the budget for 2024/26 and the plan')
_PLAN_AFTER_RX = re.compile(r"(?i)\s+(?P<between>(?:[a-z][\w’'&-]*\s+){0,3}?)(?:" + word_list_pattern("multi_year_plan_nouns")
                            + r")\b")
_NOT_A_NAME_WORD = frozenset(words("subject_stopwords"))


def _names_years_of_a_plan(text: str, m: re.Match) -> bool:
    """A span of financial years the text marks as a period of several years: 'N year' before it, or a plan's
    noun right after it (its name's words between)."""
    before = _YEARS_BEFORE_RX.search(text, max(0, m.start() - 24), m.start())
    if before:
        n = before.group("n")
        return n is None or (int(n) if n.isdigit() else word_to_int(n) or 0) >= 2
    after = _PLAN_AFTER_RX.match(text, m.end())
    return bool(after) and not any(w.lower() in _NOT_A_NAME_WORD for w in after.group("between").split())


def _two(raw: str, start: int) -> int:
    return int(raw) if len(raw) == 4 else (start // 100) * 100 + int(raw)


def _fy_problem(a: int, b: int) -> Optional[str]:
    if b != a + 1:
        return f"the two halves of a financial year must be consecutive years ({a}/{str(a + 1)[2:]}), not {a} and {b}"
    return None


def _match_short_fy(text, reference):
    for m in _SHORT_FY.finditer(text):
        a, b = int(m.group("a")), int(m.group("b"))
        if b != a + 1:
            continue
        start_year = _expand_year(a, reference)
        first, last = _fy(start_year)
        yield DateMention(m.start(), m.end(), m.group(0), "financial_year", first, last,
                          f"{first.isoformat()}/{last.isoformat()}")


def _match_year(text, reference):
    for m in _YEAR.finditer(text):
        y = int(m.group("y"))
        yield DateMention(m.start(), m.end(), m.group(0), "year", date(y, 1, 1), date(y, 12, 31), f"{y:04d}")


def _shift_months(d: date, months: int) -> date:
    total = d.year * 12 + d.month - 1 + months
    y, mo = divmod(total, 12)
    return date(y, mo + 1, min(d.day, calendar.monthrange(y, mo + 1)[1]))


def _match_relative(text, reference):
    if reference is None:
        return
    for m in _RELATIVE.finditer(text):
        if m.group("day"):
            offset = {"today": 0, "yesterday": -1, "tomorrow": 1}[m.group("day").lower()]
            d = reference + timedelta(days=offset)
            yield DateMention(m.start(), m.end(), m.group(0), "relative", d, d, d.isoformat())
        elif m.group("unit"):
            yield from _relative_unit(m, reference)
        else:
            raw = m.group("n").lower()
            n = int(raw) if raw.isdigit() else (word_to_int(raw) or 0)
            unit = m.group("unit2").lower().rstrip("s")
            sign = -1 if m.group("ago").lower() in ("ago", "earlier", "previously") else 1
            if unit == "year":
                d = _shift_months(reference, 12 * n * sign)
            elif unit == "month":
                d = _shift_months(reference, n * sign)
            else:
                d = reference + timedelta(days=sign * n * (7 if unit == "week" else 1))
            yield DateMention(m.start(), m.end(), m.group(0), "relative", d, d, d.isoformat())


def _relative_unit(m, reference):
    direction = m.group("dir").lower()
    step = {"next": 1, "following": 1, "coming": 1, "last": -1, "previous": -1}.get(direction, 0)
    unit = m.group("unit").lower()
    fin = (m.group("fin") or "").strip().lower()
    if unit == "year" and fin in ("financial", "academic"):
        start_month = 4 if fin == "financial" else 9
        start_year = reference.year if reference.month >= start_month else reference.year - 1
        start_year += step
        first = date(start_year, start_month, 1)
        last = _shift_months(first, 12) - timedelta(days=1)
    elif unit == "year":
        first, last = date(reference.year + step, 1, 1), date(reference.year + step, 12, 31)
    elif unit == "month":
        first = _shift_months(reference.replace(day=1), step)
        last = month_end(first.year, first.month)
    elif unit == "quarter":  # financial-year quarters start in January, April, July, October too
        current = date(reference.year, (reference.month - 1) // 3 * 3 + 1, 1)
        first = _shift_months(current, 3 * step)
        last = _shift_months(first, 3) - timedelta(days=1)
    else:
        monday = reference - timedelta(days=reference.weekday())
        first = monday + timedelta(weeks=step)
        last = first + timedelta(days=6)
    yield DateMention(m.start(), m.end(), m.group(0), "relative", first, last, _iso_interval(first, last))


_MATCHERS = [_match_dmy, _match_iso, _match_numeric, _match_month_range, _match_quarter, _match_year_spans, _match_day_month,
             _match_month_year, _match_season, _match_short_fy, _match_relative, _match_year]

# Speed: most texts of a pack (labels, figures) hold no digit or no month name, and a matcher
# whose pattern requires one cannot match them, so it is not run. Keep these sets in step with
# the patterns (tests/test_dates_extract.py compares gated and ungated reading on the sample pack).
_DIGIT = re.compile(r"\d")
_MONTH_STARTS = month_abbreviations()  # as _MONTH: a text with none of them names no month
_NEED_DIGIT = {_match_dmy, _match_iso, _match_numeric, _match_month_range, _match_year_spans,
               _match_day_month, _match_month_year, _match_short_fy, _match_year}
_NEED_MONTH = {_match_dmy, _match_month_range, _match_day_month, _match_month_year}
_NUMERIC_START = re.compile(r"\d[/.]\d")  # as _NUMERIC: day, separator, month
_RELATIVE_WORDS = ("year", "month", "week", "quarter", "day", "tomorrow")  # each _RELATIVE form has one
_SEASON_WORDS = ("spring", "summer", "autumn", "winter")  # as _SEASON's season


def _matchers_for(text: str, gated: bool = True) -> list:
    if not gated:
        return _MATCHERS
    no_digit = _DIGIT.search(text) is None
    skip = set()
    if no_digit:
        skip |= _NEED_DIGIT
    if not has_any_word(text, _MONTH_STARTS):
        skip |= _NEED_MONTH
    if no_digit or _NUMERIC_START.search(text) is None:
        skip.add(_match_numeric)
    if not has_any_word(text, _RELATIVE_WORDS):
        skip.add(_match_relative)
    if not has_any_word(text, _SEASON_WORDS):
        skip.add(_match_season)
    if "-" not in text:  # _ISO_DAY: 2025-01-21
        skip.add(_match_iso)
    if "/" not in text and "FY" not in text:  # _SHORT_FY: 24/25, FY2425, FY24-25
        skip.add(_match_short_fy)
    if not has_any_word(text, ("q",)) or no_digit and not has_any_word(text, ("quarter",)):
        skip.add(_match_quarter)  # _QUARTER: Quarter, Qtr, Q and a digit, or a quarter in words
    return [m for m in _MATCHERS if m not in skip]


# ---------------------------------------------------------------------------------------------


_FOUND_CACHE: dict[tuple[str, Optional[date]], list[DateMention]] = {}
_FOUND_CACHE_SIZE = 20000


def find_dates(text: str, reference: Optional[date] = None) -> list[DateMention]:
    """Every date mention in text, in order, without overlaps (longer, more specific forms win).

    A pack repeats many texts (table cells, headings): each distinct one is read once; callers
    get their own copies of the mentions.
    """
    key = (text, reference)
    found = _FOUND_CACHE.get(key)
    if found is None:
        found = _find_dates(fold_to_ascii(text), reference)
        if len(found) > _CACHED_MENTIONS_MAX:
            return found  # not kept: the caller's own, not a copy
        if len(_FOUND_CACHE) >= _FOUND_CACHE_SIZE:
            _FOUND_CACHE.clear()
        _FOUND_CACHE[key] = found
    return [_copy_mention(m) for m in found]


# A text with more dates than this (a long block, a table flattened into a line) is seldom written
# twice: it is read again if asked again, and its mentions are not copied (a fifth of reading them).
_CACHED_MENTIONS_MAX = 64


def _copy_mention(mention: DateMention) -> DateMention:
    out = _shallow_copy(mention)
    if mention.parts:
        out.parts = [_shallow_copy(part) for part in mention.parts]
    return out


def _shallow_copy(mention: DateMention) -> DateMention:
    """copy.copy, without its generic reduce protocol (a third of reading a text full of dates)."""
    out = object.__new__(DateMention)
    out.__dict__.update(mention.__dict__)
    return out


class _Taken:
    """Non-overlapping spans, kept sorted by start, so a new span's overlap is one bisection."""

    def __init__(self, spans):
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.has_empty = False  # an empty span breaks the ordering of ends: test one by one then
        for a, b in spans:
            self.add(a, b)

    def overlaps(self, a: int, b: int) -> bool:
        if a >= b or self.has_empty:
            return any(a < e and s < b for s, e in zip(self.starts, self.ends))
        i = bisect_left(self.starts, b)  # spans starting before b; the last of them ends latest
        return i > 0 and self.ends[i - 1] > a

    def add(self, a: int, b: int) -> None:
        self.has_empty = self.has_empty or a >= b
        i = bisect_right(self.starts, a)
        self.starts.insert(i, a)
        self.ends.insert(i, b)


def _find_dates(text: str, reference: Optional[date], gated: bool = True) -> list[DateMention]:
    taken = _Taken((m.start(), m.end()) for m in _URL.finditer(text))
    found: list[DateMention] = []
    for matcher in _matchers_for(text, gated):
        for mention in matcher(text, reference):
            if mention is None or taken.overlaps(mention.start, mention.end):
                continue
            taken.add(mention.start, mention.end)
            found.append(mention)
    found.sort(key=lambda x: x.start)
    found = _fix_inferred_years(text, found)
    found = _join_ranges(text, found)
    _attach_clauses(text, found)
    return found


def _fix_inferred_years(text: str, found: list[DateMention]) -> list[DateMention]:
    """'10 February and run until 6 April 2025': a day without a year takes the next written year."""
    for i, mention in enumerate(found):
        if mention.kind != "day" or not mention.year_inferred:
            continue
        nxt = next((n for n in found[i + 1:i + 2] if n.kind == "day" and not n.year_inferred
                    and n.start - mention.end < 80), None)
        if nxt is None:
            continue
        mo, d = mention.first.month, int(re.match(r"\D*(\d+)", mention.text).group(1))
        y = nxt.first.year if (mo, d) <= (nxt.first.month, nxt.first.day) else nxt.first.year - 1
        try:
            day = date(y, mo, d)
        except ValueError:
            continue
        mention.first = mention.last = day
        mention.iso = day.isoformat()
        mention.year_inferred = False
    return found


_RANGEABLE = {"day", "month", "season", "quarter", "financial_year", "academic_year", "year"}


def _join_ranges(text: str, found: list[DateMention]) -> list[DateMention]:
    out: list[DateMention] = []
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        if b is not None and a.kind in _RANGEABLE and b.kind in _RANGEABLE and _is_range_join(text, a, b) \
                and not CHANGED_FROM_RE.search(text[max(0, a.start - 60):a.start]):
            start = a.start
            lead = re.search(r"(?i)\b(?:from|between)\s+(?:the\s+)?$", text[max(0, a.start - 14):a.start])
            if lead:
                start = a.start - (len(text[max(0, a.start - 14):a.start]) - lead.start())
            _align_inferred_years(a, b)
            problem = None
            if b.last < a.first:
                problem = f"the period ends ({b.iso}) before it starts ({a.iso})"
            out.append(DateMention(start, b.end, text[start:b.end], "range", a.first, max(b.last, a.first),
                                   f"{a.first.isoformat()}/{b.last.isoformat()}", problem=problem,
                                   parts=[a, b], year_inferred=a.year_inferred or b.year_inferred))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _align_inferred_years(a: DateMention, b: DateMention) -> None:
    """'1st April to 31st March' (no years): the end falls after the start."""
    if b.last >= a.first or not (a.year_inferred or b.year_inferred) or a.kind != "day" or b.kind != "day":
        return
    if b.year_inferred:
        moved = b.first.replace(year=b.first.year + 1) if not (b.first.month == 2 and b.first.day == 29) else None
        if moved:
            b.first = b.last = moved
            b.iso = moved.isoformat()
    else:
        a.first = a.last = a.first.replace(year=a.first.year - 1)
        a.iso = a.first.isoformat()


def _is_range_join(text: str, a: DateMention, b: DateMention) -> bool:
    gap = text[a.end:b.start]
    if not _RANGE_JOIN.match(gap):
        return False
    if gap.strip().lower() == "and":
        return bool(re.search(r"(?i)\bbetween\s+(?:the\s+)?$", text[max(0, a.start - 12):a.start]))
    if gap.strip() in ("-", "–", "—") and (a.kind == "year" and b.kind == "year"):
        return True
    return True


def _attach_clauses(text: str, found: list[DateMention]) -> None:
    if not found:
        return
    spans = sentence_spans(text)
    span_starts = [a for a, _ in spans]
    cuts: dict[tuple[int, int], _ClauseCuts] = {}
    for mention in found:
        sent = _sentence_at(spans, span_starts, mention.start) or (0, len(text))
        if sent not in cuts:
            cuts[sent] = _ClauseCuts(text, sent)
        a, b = cuts[sent].span(mention.start, mention.end)
        mention.sentence_start = sent[0]
        mention.sentence = text[sent[0]:sent[1]]
        mention.clause_start, mention.clause_end = a, b
        mention.clause = text[a:b]
        for part in mention.parts:
            part.sentence_start, part.sentence = mention.sentence_start, mention.sentence
            part.clause_start, part.clause_end, part.clause = a, b, mention.clause


def _sentence_at(spans, span_starts, at: int) -> Optional[tuple[int, int]]:
    """The sentence holding offset `at` (sentence spans are sorted and do not overlap)."""
    i = bisect_right(span_starts, at)
    if i and spans[i - 1][0] <= at < spans[i - 1][1]:
        return spans[i - 1]
    return None


def iso_date(value: Optional[str]) -> Optional[date]:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def meeting_date(pack, given: Optional[str] = None) -> Optional[date]:
    """The date of the meeting: `given` (--meeting-date, ISO) when set, else the front sheet's."""
    return iso_date(given) or iso_date(pack.meeting.date if pack.meeting else None)


def document_date(doc, pack, given_meeting: Optional[str] = None) -> Optional[date]:
    """The date a document speaks from: a minutes' own meeting; for any other paper, the meeting
    it goes to (--meeting-date, else the front sheet), else its own heading's date.

    A report heading that disagrees with the front sheet is meeting-consistency's finding; the
    other checks judge the report against the front sheet's date.
    """
    if doc.kind == "minutes":
        held = minutes_date(doc)
        if held:
            return held
    meeting = meeting_date(pack, given_meeting)
    if meeting or doc.kind == "minutes":
        return meeting
    return heading_date(doc, pack)


def minutes_date(doc) -> Optional[date]:
    """The date of the meeting a minutes document records: the date segmentation read from its heading or
    title (Document.date), else '... held ... on Tuesday, 5 November 2024' in its first blocks."""
    own = iso_date(getattr(doc, "date", None)) if doc.kind == "minutes" else None
    if own:
        return own
    for block in doc.blocks[:6]:
        if re.search(r"(?i)\bminutes of\b|\bheld\b", block.text):
            days = [m for m in find_dates(block.text) if m.kind == "day" and not m.problem]
            if days:
                return days[-1].first
    days = [m for m in find_dates(doc.title) if m.kind == "day" and not m.problem]
    return days[0].first if days else None


def heading_date(doc, pack) -> Optional[date]:
    """The meeting date in a report's heading (an appendix takes its report's)."""
    if doc.meeting_for:
        days = [m for m in find_dates(doc.meeting_for) if m.kind == "day" and not m.problem]
        if days:
            return days[0].first
    if doc.kind == "appendix" and doc.parent:
        parent = next((d for d in pack.documents if d.title == doc.parent), None)
        if parent is not None and parent is not doc:
            return heading_date(parent, pack)
    return None


@dataclass
class DatedText:
    """One piece of text of the pack (a block, or a table cell) with its date mentions."""

    doc: object
    block: object
    text: str
    mentions: list[DateMention]
    doc_date: Optional[date]
    cell_location: object = None  # a table cell's Location, None for a block

    def location_of(self, mention: DateMention):
        """Where a mention of this text sits: its line/page in the block, or its table cell."""
        return self.cell_location if self.cell_location is not None else self.block.location_at(mention.start)


def pack_dates(pack, given_meeting: Optional[str] = None) -> list[DatedText]:
    """Every block and table cell of the pack with its dates, read against its document's date."""
    out = []
    for doc in pack.documents:
        ref = document_date(doc, pack, given_meeting)
        for block in doc.blocks:
            if block.table is None:
                out.append(DatedText(doc, block, block.text, find_dates(block.text, ref), ref))
                continue
            for row in block.table.rows:
                for cell in row:
                    if cell.text.strip():
                        out.append(DatedText(doc, block, cell.text, find_dates(cell.text, ref), ref,
                                             cell.location))
    return out
