"""Figures as written: a Decimal with its shown precision and scale, never a float.

A figure shown to a given precision stands for the interval it rounds from
(XBRL Calculations 1.1 style): "£3.2m" is [3.15m, 3.25m].
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal, InvalidOperation, localcontext
from typing import Optional

MINUS_SIGNS = "-\u2212\u2013\u2014"
# a cell that stands for no amount: a dash, nil, not applicable (summed as nothing)
NO_FIGURE_TEXTS = frozenset({"-", "–", "—", "nil", "n/a", "na"})
# More digits than this is an identifier (account, reference, phone), not an amount; it also keeps
# amounts x scale inside Decimal's default 28-digit precision, so sums stay exact.
MAX_DIGITS = 18
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u2060"), None)
SPACES = dict.fromkeys(map(ord, "\u00a0\u202f\u2009\u2007"), " ")

SCALE_WORDS = {
    "k": Decimal(1000),
    "m": Decimal(1_000_000),
    "mn": Decimal(1_000_000),
    "million": Decimal(1_000_000),
    "bn": Decimal(1_000_000_000),
    "billion": Decimal(1_000_000_000),
    "000": Decimal(1000),  # "£000" header unit
}

_NUMBER_RE = re.compile(
    r"""^
    (?P<open>\()?
    (?P<sign>[-\u2212\u2013\u2014+])?\s*
    (?P<currency>£|\$|€)?\s*
    (?P<sign2>[-\u2212\u2013\u2014])?\s*
    (?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
    \s*(?P<scale>k|m|mn|bn|million|billion)?
    \s*(?P<percent>%)?
    (?P<close>\))?
    $""",
    re.VERBOSE | re.IGNORECASE,
)

_DIGIT_RE = re.compile(r"\d")
_SPACE_THOUSANDS_RE = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")


@dataclass(frozen=True)
class Figure:
    """A number as written. `value` is in the written unit (3.2 for "£3.2m")."""

    value: Decimal
    decimals: int  # decimal places shown
    unit: Optional[str] = None  # "£", "%", or None
    scale: Decimal = Decimal(1)  # 1, 1000 (£k / £000), 1e6 (£m)
    text: str = ""

    @property
    def amount(self) -> Decimal:
        """The value in base units (pounds, not £m)."""
        return self.value * self.scale

    @property
    def half_ulp(self) -> Decimal:
        """Half of one unit in the last shown place, in base units."""
        return Decimal(5).scaleb(-(self.decimals + 1)) * self.scale

    def interval(self) -> tuple[Decimal, Decimal]:
        h = self.half_ulp
        return self.amount - h, self.amount + h

    def rescaled(self, scale: Decimal) -> "Figure":
        """The same figure read in a table whose header gives a scale (e.g. £000)."""
        return Figure(self.value, self.decimals, self.unit or "£", scale, self.text)

    def __str__(self) -> str:
        return self.text or format_decimal(self.value, self.decimals)


def clean_number_text(text: str) -> str:
    text = text.translate(INVISIBLE).translate(SPACES).strip()
    return text


@lru_cache(maxsize=1 << 16)  # a Figure is immutable, and a pack writes the same figure many times
def parse_figure(text: str) -> Optional[Figure]:
    """Parse one cell or token: '1,234', '(1,234)', '-£5.6m', '12.4%', '£000' is not a figure.

    Returns None for text that is not a single number.
    """
    if not text or not _DIGIT_RE.search(text):
        return None  # most labels: no digit, no figure
    cleaned = clean_number_text(text)
    if "," not in cleaned:  # "1 234": thousands with spaces; "149,730 150,008" is two numbers, not one
        cleaned = _SPACE_THOUSANDS_RE.sub(",", cleaned)
    m = _NUMBER_RE.match(cleaned)
    if not m:
        return None
    if bool(m.group("open")) != bool(m.group("close")):
        return None
    digits = m.group("digits").replace(",", "")
    if len(digits) - digits.count(".") > MAX_DIGITS:
        return None
    try:
        value = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - regex guarantees digits
        return None
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    sign = m.group("sign")
    negative = bool(m.group("open")) or (sign is not None and sign != "+") or bool(m.group("sign2"))
    if negative:
        value = -value
    unit = None
    if m.group("percent"):
        unit = "%"
    elif m.group("currency"):
        unit = m.group("currency")
    scale = SCALE_WORDS.get((m.group("scale") or "").lower(), Decimal(1))
    return Figure(value=value, decimals=decimals, unit=unit, scale=scale, text=text.strip())


def header_scale(label: str) -> Optional[Decimal]:
    """The scale a column header declares: '£000' -> 1000, '£m' -> 1e6, '£' -> 1."""
    low = label.lower().replace(" ", "")
    if "£000" in low or "£'000" in low or "£,000" in low or "(000)" in low or "£k" in low:
        return Decimal(1000)
    if re.search(r"£m\b|£million", low):
        return Decimal(1_000_000)
    if "£" in low:
        return Decimal(1)
    return None


def format_decimal(value: Decimal, decimals: int = 0, thousands: bool = True) -> str:
    q = Decimal(1).scaleb(-decimals) if decimals > 0 else Decimal(1)
    with localcontext() as ctx:  # quantize fails past the default 28 digits
        ctx.prec = max(ctx.prec, value.adjusted() + decimals + 2)
        value = value.quantize(q)
    return f"{value:,.{decimals}f}" if thousands else f"{value:.{decimals}f}"


def intervals_overlap(a: tuple[Decimal, Decimal], b: tuple[Decimal, Decimal], slack: Decimal = Decimal(0)) -> bool:
    return a[0] <= b[1] + slack and b[0] <= a[1] + slack


def sum_intervals(figures) -> tuple[Decimal, Decimal]:
    lo = hi = Decimal(0)
    for f in figures:
        a, b = f.interval()
        lo += a
        hi += b
    return lo, hi


def word_to_int(word: str) -> Optional[int]:
    """'nine' -> 9, 'twenty-one' -> 21; None if not a number word (the words are in rules/vocab)."""
    from auditor.vocab import number_words

    return number_words().get(" ".join(word.lower().split()))


# ---------------------------------------------------------------- rounding model (interval arithmetic)

Interval = tuple[Decimal, Decimal]


def add_intervals(*intervals: Interval) -> Interval:
    return sum((i[0] for i in intervals), Decimal(0)), sum((i[1] for i in intervals), Decimal(0))


def negate_interval(a: Interval) -> Interval:
    return -a[1], -a[0]


def divide_intervals(num: Interval, den: Interval) -> Optional[Interval]:
    """num / den as an interval; None when den's interval contains zero."""
    if den[0] <= 0 <= den[1]:
        return None
    quotients = [a / b for a in num for b in den]
    return min(quotients), max(quotients)


def percent_change_interval(old: Interval, new: Interval) -> Optional[Interval]:
    """(new - old) / old * 100 as an interval (old assumed non-zero)."""
    diff = (new[0] - old[1], new[1] - old[0])
    ratio = divide_intervals(diff, old)
    return None if ratio is None else (ratio[0] * 100, ratio[1] * 100)


def interval_gap(a: Interval, b: Interval) -> Decimal:
    """How far apart two intervals are (0 when they overlap)."""
    if a[1] < b[0]:
        return b[0] - a[1]
    if b[1] < a[0]:
        return a[0] - b[1]
    return Decimal(0)


def judge_total(total: "Figure", parts_interval: Interval, exact_sum: Decimal,
                slack: Decimal = Decimal(0)) -> str:
    """'exact', 'rounding' (intervals overlap within slack) or 'error' for a total against its parts."""
    if total.amount == exact_sum:
        return "exact"
    return "rounding" if intervals_overlap(total.interval(), parts_interval, slack) else "error"
