"""prose-direction: a direction word (increase, fall, rising to) that its own numbers contradict.

"an increase on last quarter's M" when the new value is below M; "rose from M to K" or "rising to K"
the wrong way round. The direction claims are read once per pack (auditor.facts.claims.direction).
"""
from __future__ import annotations

from auditor.checks import register
from auditor.checks._messages import DIRECTION_MESSAGES, render
from auditor.checks._prose import NEEDS, make_finding
from auditor.facts.claims.base import DirectionClaim


def direction_contradicted(claim: DirectionClaim) -> bool:
    new_lo, new_hi = claim.new.interval()
    old_lo, old_hi = claim.old.interval()
    if claim.magnitude and claim.new.figure.value < 0:
        new_lo, new_hi, old_lo, old_hi = -new_hi, -new_lo, -old_hi, -old_lo
    return new_hi <= old_lo if claim.up else new_lo >= old_hi  # touching: the shown digits differ


@register("prose-direction", params={}, needs=NEEDS)
def check_direction(pack, rule, params, ctx):
    """A direction word (increase, fall, rising to) that its own numbers contradict."""
    for source, sentence, claim in ctx.facts_of(pack).claims:
        if not isinstance(claim, DirectionClaim) or not direction_contradicted(claim):
            continue
        values = {"word": claim.word, "new": claim.new.text, "old": claim.old.text,
                  "said": "an increase" if claim.up else "a decrease",
                  "actual": "lower than" if claim.up else "higher than",
                  "size": "smaller" if claim.up else "larger",
                  "other_way": "a decrease" if claim.up else "an increase"}
        template = "comparison" if claim.comparison else "rising-to" if claim.magnitude else "word"
        message = render(DIRECTION_MESSAGES[template], **values)
        expected = render(DIRECTION_MESSAGES["expected-comparison" if claim.comparison else "expected"], **values)
        yield make_finding(rule, source, sentence, claim.start, claim.end, message, expected,
                           f"'{claim.word}'", relation="direction")
