"""Long dates ('5 November 2024', 'Tuesday 21st January, 2025', '15 Feb 2022') as the structure stage reads them
from front sheets, headings and covers, and a form's numeric date ('27/03/2018'), read only where a field
states it. (The facts stage reads every other way of writing a date.)"""
from __future__ import annotations

import re
from datetime import date
from typing import Optional

from auditor.model import MEETING_YEARS
from auditor.vocab import month_abbreviations, month_names

MONTHS = {m: i + 1 for i, m in enumerate(month_names())}
# 'Feb', 'Sept', 'Sep.': a month cut short, as a meeting page prints '15 Feb 2022 - 10:30 to 11:49'
MONTH_ABBR = {**{a: i + 1 for i, a in enumerate(month_abbreviations())}, "sept": 9}
_MONTH_PATTERN = "|".join([*MONTHS, *sorted(MONTH_ABBR, key=len, reverse=True)])
DATE_RE = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_PATTERN})\.?\s*,?\s+(\d{{4}})\b", re.I)
# '27/03/2018', '26/02/2024': day first, as UK forms print it
NUMERIC_DATE_RE = re.compile(r"(?<![\d/.-])(\d{1,2})([/.])(\d{1,2})\2(\d{4})(?![\d/.-])")


def _month(name: str) -> int:
    key = name.lower()
    return MONTHS.get(key) or MONTH_ABBR[key]


def _iso(year: int, month: int, day: int) -> Optional[str]:
    if year not in MEETING_YEARS:  # a mistyped year near 1 or 9999 breaks date arithmetic
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_long_date(text: str) -> Optional[str]:
    m = DATE_RE.search(text)
    return _iso(int(m.group(3)), _month(m.group(2)), int(m.group(1))) if m else None


def parse_field_date(text: str) -> Optional[str]:
    """A field's date: a long date, else a numeric one, day first ('Date: 27/03/2018')."""
    iso = parse_long_date(text)
    if iso:
        return iso
    m = NUMERIC_DATE_RE.search(text)
    return _iso(int(m.group(4)), int(m.group(3)), int(m.group(1))) if m else None


def date_span(text: str) -> Optional[re.Match]:
    """Where the date parse_field_date reads stands in text."""
    return DATE_RE.search(text) or NUMERIC_DATE_RE.search(text)
