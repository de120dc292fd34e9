"""Long dates ('5 November 2024', 'Tuesday 21st January, 2025') as the structure stage reads them
from front sheets, headings and covers. (The facts stage reads every other way of writing a date.)"""
from __future__ import annotations

import re
from datetime import date
from typing import Optional

from auditor.model import MEETING_YEARS
from auditor.vocab import month_names

MONTHS = {m: i + 1 for i, m in enumerate(month_names())}
DATE_RE = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({'|'.join(MONTHS)})\s*,?\s+(\d{{4}})\b", re.I)


def parse_long_date(text: str) -> Optional[str]:
    m = DATE_RE.search(text)
    if not m or int(m.group(3)) not in MEETING_YEARS:  # a mistyped year near 1 or 9999 breaks date arithmetic
        return None
    try:
        return date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1))).isoformat()
    except ValueError:
        return None
