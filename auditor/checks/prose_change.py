"""prose-change: a change stated with the values it lies between ('an increase of N (P%) from M').

The claims are read from the prose once per pack (auditor.facts.claims.change); this kind judges those of
its relation by intervals (see auditor.checks._prose).
"""
from __future__ import annotations

from auditor.checks import register
from auditor.checks._prose import NEEDS, PARAMS, check_relation

register("prose-change", params=dict(PARAMS), needs=NEEDS)(check_relation("change"))
