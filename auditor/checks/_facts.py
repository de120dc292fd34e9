"""The pack's facts as the checks read them: through the run's Context, which holds one PackFacts.

The facts stage knows nothing of the checks: auditor.facts.pack_facts is given the meeting date from
the command line as a plain value, and builds each family of facts once, on first use. These helpers
keep the kinds' calls short; a kind may as well use `ctx.facts_of(pack)` itself.
"""
from __future__ import annotations

from datetime import date
from typing import Optional

from auditor.facts import dates
from auditor.facts.index import FactIndex


def meeting_date(pack, ctx) -> Optional[date]:
    return ctx.facts_of(pack).meeting_date()


def document_date(doc, pack, ctx) -> Optional[date]:
    return ctx.facts_of(pack).document_date(doc)


def pack_dates(pack, ctx) -> list[dates.DatedText]:
    """Every block and table cell of the pack with its dates (facts.dates.pack_dates), built once per run."""
    return ctx.facts_of(pack).dates


def fact_index(pack, ctx) -> FactIndex:
    """The pack's fact index, built once per run."""
    return ctx.facts_of(pack).fact_index
