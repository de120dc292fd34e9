"""prose-percent-of: a percentage stated with its part and its whole ('P% (a out of b)', 'a (P%) of b').

The claims are read from the prose once per pack (auditor.facts.claims.percent_of); this kind judges those of
its relation by intervals (see auditor.checks._prose).
"""
from __future__ import annotations

from auditor.checks import register
from auditor.checks._prose import NEEDS, PARAMS, check_relation

register("prose-percent-of", params=dict(PARAMS), needs=NEEDS)(check_relation("percent-of"))
