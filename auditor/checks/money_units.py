"""money-unit: a £ amount that lost its scale word ("£561.885" for £561.885m), or took 'k' for 'm' ("£1.966k").

Pounds and pence are written with two decimals, so "£561.885" (three decimals, under £1,000) can
only be an amount in millions or billions whose "m"/"bn" was dropped. With one decimal ("£4.4")
the pack itself must show the same figure with its unit elsewhere ("£4.4m"), since "£4.4" is
sometimes written for £4.40. Unit prices ("£1.429 per litre") and pound amounts with malformed
pence ("£530,000.000") are left alone.
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks import register
from auditor.checks._common import excerpt_around
from auditor.model import Finding

BARE_RE = re.compile(r"(?<![\w.£])[-−–]?£\s?(?P<int>\d{1,3})\.(?P<dec>\d{1,3})(?!\d)(?!,\d)(?!\.\d)")
THOUSANDS_AFTER_RE = re.compile(r"^\s?k\b", re.I)
SCALED_AFTER_RE = re.compile(r"^\s?(?:m|bn|k|million|billion|thousand|p)\b", re.I)
UNIT_PRICE_AFTER_RE = re.compile(r"^\s*(?:per\b|/|a\s+(?:litre|mile|unit|head|week|day|hour|month|year)\b|"
                                 r"an\s+hour\b|each\b|p/?[hwmd]\b|pw\b|pa\b)", re.I)
SCALED_ANYWHERE_RE = re.compile(r"£\s?(\d[\d,]*\.\d+)\s?(m|bn|million|billion)\b", re.I)


@register("money-unit", params={"decimals_alone": (list, [3])})
def check_money_unit(pack, rule, params, ctx) -> Iterable[Finding]:
    """£ amounts whose decimals say they are in millions but have no 'm'."""
    scaled = _scaled_figures(pack)
    for doc, text, location_at in _texts(pack):
        for m in BARE_RE.finditer(text):
            after = text[m.end():m.end() + 30]
            if THOUSANDS_AFTER_RE.match(after) and len(m.group("dec")) == 3:
                yield _thousands_to_the_pound(rule, doc, text, location_at, m)
                continue
            if SCALED_AFTER_RE.match(after) or UNIT_PRICE_AFTER_RE.match(after):
                continue
            number = f"{m.group('int')}.{m.group('dec')}"
            seen = scaled.get(number)
            decimals = len(m.group("dec"))
            if decimals == 2 or (decimals not in params["decimals_alone"] and seen is None):
                continue
            written = m.group(0).strip()
            expected = f"£{number}{seen}" if seen else f"£{number}m (or £{number}bn)"
            where = " (as written elsewhere in the pack)" if seen else ""
            yield Finding(
                rule=rule.id, severity=rule.severity, document=doc.title, location=location_at(m.start()),
                message=(f"{written} has no unit: pounds and pence take two decimals, so this reads as "
                         f"an amount in millions missing its '{seen or 'm'}'{where}"),
                excerpt=excerpt_around(text, m.start(), m.end()), expected=expected, found=written,
                extra={"figure": number})


def _thousands_to_the_pound(rule, doc, text: str, location_at, m: re.Match) -> Finding:
    """'£1.966k': thousands given to the pound are written £1,966; three decimals are a figure in millions
    ('a forecasted overspend of £1.966k', 'additional funding of £1.420k' from a 2.99% council tax rise)."""
    number = f"{m.group('int')}.{m.group('dec')}"
    written = m.group(0).strip() + "k"
    return Finding(
        rule=rule.id, severity=rule.severity, document=doc.title, location=location_at(m.start()),
        message=(f"{written} is thousands given to the pound, which is written £{int(m.group('int') + m.group('dec')):,}: "
                 f"three decimals read as an amount in millions with 'k' for its 'm'"),
        excerpt=excerpt_around(text, m.start(), m.end() + 1), expected=f"£{number}m", found=written,
        extra={"figure": number})


def _texts(pack, all_cells: bool = False, need: str = "£"):
    """(document, text, offset -> Location) for every prose block and every wordy table cell
    (a cell read as one figure belongs to its table's units)."""
    for doc, block in pack.iter_blocks():
        if block.table is None:
            if block.text:
                yield doc, block.text, block.location_at
            continue
        for row in block.table.rows:
            for cell in row:
                if need in cell.text and (all_cells or cell.figure is None):
                    yield doc, cell.text, (lambda _offset, loc=cell.location: loc)


def _scaled_figures(pack) -> dict[str, str]:
    """'561.885' -> 'm' for every '£561.885m' written in the pack."""
    found: dict[str, str] = {}
    for _doc, text, _ in _texts(pack, all_cells=True):
        for m in SCALED_ANYWHERE_RE.finditer(text):
            unit = m.group(2).lower()
            found.setdefault(m.group(1).replace(",", ""), {"million": "m", "billion": "bn"}.get(unit, unit))
    return found
