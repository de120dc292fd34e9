"""prose-parts: the parts of a whole must add up to it ('W comprising a, b and c', 'Of the 21 measures, ...', 'the remaining 4%').

The claims are read from the prose once per pack (auditor.facts.claims.parts); this kind judges those of
its relation by intervals (see auditor.checks._prose).
"""
from __future__ import annotations

from auditor.checks import register
from auditor.checks._prose import NEEDS, PARAMS, check_relation

register("prose-parts", params=dict(PARAMS), needs=NEEDS)(check_relation("parts"))
