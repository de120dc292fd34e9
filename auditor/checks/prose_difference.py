"""prose-difference: a gap stated between two figures ('D% below the average of Q%').

The claims are read from the prose once per pack (auditor.facts.claims.difference); this kind judges those of
its relation by intervals (see auditor.checks._prose).
"""
from __future__ import annotations

from auditor.checks import register
from auditor.checks._prose import NEEDS, PARAMS, check_relation

register("prose-difference", params=dict(PARAMS), needs=NEEDS)(check_relation("difference"))
