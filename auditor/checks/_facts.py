"""The facts the checks read, taken with the run's options and built once per run in its Context.

The facts stage knows nothing of the checks: it is given the meeting date from the command line as a
plain value. Here the checks' Context supplies it, and keeps what is costly to build for every rule.
"""
from __future__ import annotations

from datetime import date
from typing import Optional

from auditor.facts import dates
from auditor.facts.index import FactIndex, build_fact_index


def given_meeting(ctx) -> Optional[str]:
    """--meeting-date (ISO), when the run was given one."""
    return ctx.options.get("meeting_date") if ctx is not None else None


def meeting_date(pack, ctx) -> Optional[date]:
    return dates.meeting_date(pack, given_meeting(ctx))


def document_date(doc, pack, ctx) -> Optional[date]:
    return dates.document_date(doc, pack, given_meeting(ctx))


def pack_dates(pack, ctx) -> list[dates.DatedText]:
    """Every block and table cell of the pack with its dates (facts.dates.pack_dates), built once per run."""
    return ctx.cached("dates:pack_dates", lambda: dates.pack_dates(pack, given_meeting(ctx)))


def fact_index(pack, ctx) -> FactIndex:
    """The pack's fact index, built once per run."""
    return ctx.cached("facts.index", lambda: build_fact_index(pack))
