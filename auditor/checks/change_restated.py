"""change-restated: the same amount's change given as two different percentages in one report.

"The Schools Block settlement is £561.885m, an overall cash increase of 8.4%" in the text, and
"school formula funding ... represents a cash increase of 8.1%" in the funding table, where the
table itself labels £561.885m 'School formula funding'. Two statements are about the same amount
when both carry it (5+ significant digits, so no coincidence), or when one carries it and the
other names the label written beside that amount elsewhere in the report. They must describe the
same kind of change (increase/decrease; 'cash' vs 'real-terms' qualifiers must not clash).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable, Optional

from auditor.checks import register
from auditor.checks._common import excerpt_around
from auditor.checks.money_units import _texts
from auditor.facts.index import tokens
from auditor.model import Finding, Location, Related

SEGMENT_RE = re.compile(r"[^.;•▶\n]+(?:\.\d+[^.;•▶\n]*)*")
AMOUNT_RE = re.compile(r"£\s?(?P<num>\d[\d,]*(?:\.\d+)?)\s?(?P<unit>m|bn|k|million|billion)?\b", re.I)
CHANGE_RE = re.compile(r"\b(?P<qual>(?:[A-Za-z-]+\s+){0,2}?)(?P<kind>increase|decrease|rise|fall|reduction|uplift)\s+"
                       r"of\s+(?P<pct>\d+(?:\.\d+)?)\s?%", re.I)
QUALIFIERS = {"cash", "real", "real-terms", "nominal", "net", "gross", "overall", "per", "pupil", "annual"}
CLASHING = [{"cash", "nominal"}, {"real", "real-terms"}]
KIND_SIGN = {"increase": 1, "rise": 1, "uplift": 1, "decrease": -1, "fall": -1, "reduction": -1}
MIN_DIGITS = 5


@dataclass
class Change:
    doc: object
    text: str
    start: int
    end: int
    location: Location
    pct: str
    sign: int
    qualifiers: frozenset
    amounts: frozenset
    segment: str  # the sentence or list item holding it

    @cached_property
    def words(self) -> frozenset:
        """The words of its sentence (read only for a pair that shares no amount, to name one's label)."""
        return frozenset(tokens(self.segment))


@register("change-restated", params={})
def check_change_restated(pack, rule, params, ctx) -> Iterable[Finding]:
    """Two different percentage changes for one amount."""
    labels = _amount_labels(pack)
    changes = list(_changes(pack))
    reported = set()
    holders = [j for j, c in enumerate(changes) if c.amounts]  # a pair shares an amount only if one carries it
    for i, a in enumerate(changes):
        later = changes[i + 1:] if a.amounts else [changes[j] for j in holders[bisect_right(holders, i):]]
        for b in later:
            if _family(a.doc) != _family(b.doc) or a.pct == b.pct or a.sign != b.sign:
                continue
            if not _compatible(a.qualifiers, b.qualifiers):
                continue
            shared = _shared_amount(a, b, labels)
            if shared is None or (b.start, id(b.doc)) in reported:
                continue
            reported.add((b.start, id(b.doc)))
            first, other = (a, b) if a.amounts else (b, a)
            yield Finding(
                rule=rule.id, severity=rule.severity, document=first.doc.title, location=first.location,
                message=(f"The change in {shared} is given as {first.pct}% here but {other.pct}% in "
                         f"{other.doc.title[:50]} ({other.location.describe()})"),
                excerpt=excerpt_around(first.text, first.start, first.end), expected=f"{other.pct}% (or the other way round)",
                found=f"{first.pct}%",
                related=[Related(other.doc.title, other.location, excerpt_around(other.text, other.start, other.end))],
                extra={"amount": shared})


def _family(doc) -> str:
    return doc.parent or doc.title


_NON_DIGIT_RE = re.compile(r"\D")


def _digits(number: str) -> str:
    return _NON_DIGIT_RE.sub("", number).lstrip("0")


def _segments(text: str):
    for m in SEGMENT_RE.finditer(text):
        yield m.start(), m.group(0)


LABEL_REACH = 200  # characters before an amount its label is read from (six words, however many small ones)


def _words_before(segment: str, at: int) -> str:
    """The whole words in the LABEL_REACH characters before `at` (a long run of amounts stays linear)."""
    start = max(0, at - LABEL_REACH)
    if start:
        space = segment.find(" ", start, at)
        start = space if space >= 0 else at
    return segment[start:at]


def _amount_labels(pack) -> dict[str, set[tuple[str, ...]]]:
    """Digits of a precise £ amount -> the labels written just before it ('School formula funding £561.885m')."""
    labels: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for _doc, text, _ in _texts(pack, all_cells=True):
        for _, segment in _segments(text):
            if CHANGE_RE.search(segment):
                continue  # a sentence giving a change: its words name the change, not the amount
            for m in AMOUNT_RE.finditer(segment):
                digits = _digits(m.group("num"))
                if len(digits) < MIN_DIGITS:
                    continue
                words = tuple(tokens(_words_before(segment, m.start()))[-6:])
                if len(words) >= 2:
                    labels[digits].add(words)
    return labels


def _changes(pack) -> Iterable[Change]:
    for doc, text, location_at in _texts(pack, all_cells=True, need="%"):
        for seg_start, segment in _segments(text):
            for m in CHANGE_RE.finditer(segment):
                amounts = frozenset(d for d in (_digits(a.group("num")) for a in AMOUNT_RE.finditer(segment))
                                    if len(d) >= MIN_DIGITS)
                qual = frozenset(w.lower() for w in m.group("qual").split()) & QUALIFIERS
                start = seg_start + m.start("pct")
                yield Change(doc, text, start, seg_start + m.end(), location_at(start), m.group("pct"),
                             KIND_SIGN[m.group("kind").lower()], qual, amounts, segment)


def _compatible(a: frozenset, b: frozenset) -> bool:
    """'cash increase' and 'real-terms increase' are different measures of one amount's change."""
    cash, real = CLASHING
    return not ((a & cash and b & real) or (a & real and b & cash))


def _shared_amount(a: Change, b: Change, labels) -> Optional[str]:
    common = a.amounts & b.amounts
    if common:
        return f"the amount {sorted(common)[0]}"
    for one, other in ((a, b), (b, a)):
        for digits in one.amounts:
            for label in labels.get(digits, ()):
                if len(label) >= 2 and set(label) <= other.words:
                    return f"'{' '.join(label)}'"
    return None
