"""Shared by the prose-* kinds: judging the claims read from the pack's prose, and reporting them.

The claims are facts (auditor.facts.claims), read once per pack for all the prose-* kinds
(`PackFacts.claims`); each relation is one kind, in its own module (prose_parts, prose_percent_of,
prose_change, prose_difference, prose_direction), which checks the claims of its relation.

Every figure is kept as written and judged by intervals (XBRL Calculations 1.1): a figure
shown to some precision stands for the interval it rounds from, and a claim is inconsistent
only when its own interval and the computed one do not overlap. `tolerance` widens the stated
interval by that many units of its last shown place; near misses inside the tolerance are
reported as info findings when `report_within_tolerance` is set.
"""
from __future__ import annotations

from decimal import Decimal

from auditor.checks._common import excerpt_around
from auditor.checks._messages import PROSE_MESSAGES, PROSE_NOTES, render
from auditor.facts.claims.base import Claim, Source, mid, show
from auditor.facts.prose_numbers import Sentence
from auditor.model import Finding
from auditor.numbers import format_decimal

NEEDS = ("claims",)  # the fact family every prose-* kind reads


# ---------------------------------------------------------------- judging and reporting

def judge(claim: Claim, tolerance: float) -> str:
    """'ok', 'near' (inside the tolerance only) or 'error'."""
    lo, hi = claim.stated.interval()
    if holds(claim, lo, hi):
        return "ok"
    slack = Decimal(str(tolerance)) * 2 * claim.stated.figure.half_ulp
    if slack and holds(claim, lo - slack, hi + slack):
        return "near"
    return "error"


def holds(claim: Claim, lo: Decimal, hi: Decimal) -> bool:
    if claim.mode == "at-most":
        return all(r[0] <= hi for r in claim.readings)
    return any(r[0] <= hi and lo <= r[1] for r in claim.readings)


def difference_text(claim: Claim) -> str:
    """Computed minus stated, in the stated figure's terms ("£1.2m", "0.8 points")."""
    if not claim.readings:
        return ""
    stated = claim.stated
    gap = mid(claim.readings[0]) - stated.figure.amount
    scaled = gap / stated.figure.scale
    decimals = stated.figure.decimals
    while decimals < stated.figure.decimals + 2 and scaled != scaled.quantize(Decimal(1).scaleb(-decimals)):
        decimals += 1
    if stated.kind == "percent":
        return f"{format_decimal(gap, decimals)} points"
    return ("+" if gap > 0 else "") + show(gap, stated, decimals)


def sentence_excerpt(sentence: Sentence, start: int, end: int, limit: int = 320) -> str:
    body = sentence.body
    if len(body) <= limit:
        return body
    return excerpt_around(body, max(0, start - sentence.start), max(0, end - sentence.start), width=120)


def make_finding(rule, source: Source, sentence: Sentence, start, end, message, expected, found, severity=None, **extra):
    location = source.location_of or source.block.location_at(sentence.start)
    return Finding(rule=rule.id, severity=severity or rule.severity, message=message, document=source.doc.title,
                   location=location, excerpt=sentence_excerpt(sentence, start, end), expected=expected,
                   found=found, extra=extra)


def claim_message(claim: Claim, note: str = "") -> str:
    """What a claim that does not hold says: its template filled with its values, and its note."""
    return render(PROSE_MESSAGES[claim.template], **claim.values) + (f"; {note}" if note else "")


def check_relation(relation: str):
    def check(pack, rule, params, ctx):
        for source, sentence, claim in ctx.facts_of(pack).claims:
            if not isinstance(claim, Claim) or claim.relation != relation:
                continue
            verdict = judge(claim, params["tolerance"])
            if verdict == "ok" or (verdict == "near" and not params["report_within_tolerance"]):
                continue
            severity = "info" if verdict == "near" else None
            gap = difference_text(claim)
            note = render(PROSE_NOTES[claim.note], **claim.values) if claim.note else ""
            message = claim_message(claim, note) + (f" (difference {gap})" if gap else "") + \
                (" (within the rule's tolerance)" if verdict == "near" else "")
            extra = {"relation": relation, "difference": gap}
            if note:
                extra["note"] = note
            yield make_finding(rule, source, sentence, claim.start, claim.end, message, claim.expected,
                               claim.stated.text, severity=severity, **extra)

    check.__doc__ = f"Prose arithmetic: {relation} relations whose figures do not agree."
    return check


PARAMS = {"tolerance": (float, 0.0), "report_within_tolerance": (bool, False)}
