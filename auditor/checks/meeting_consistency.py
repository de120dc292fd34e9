"""meeting-consistency: this meeting's date and time, as each paper gives it, agree.

The front sheet (or --meeting-date) fixes the meeting. Each report's heading ("... COMMITTEE –
21 JANUARY 2025") must carry that date; the previous meeting's minutes, where they name "the next
meeting", must name this one (date and time); and the agenda's "Minutes of the meeting held on X"
must be the minutes the pack holds; the date the minutes close with (under the closing time) must
be the meeting they record.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Optional

from auditor.checks import register
from auditor.checks._common import excerpt_around, finding_at, finding_on
from auditor.checks.date_order import MINUTES_HELD_RX, NEXT_MEETING_RX
from auditor.facts.dates import DateMention, document_date, find_dates, meeting_date, pack_dates
from auditor.model import Related
from auditor.structure.segment import parse_time


@register("meeting-consistency", params={"check_time": (bool, True)})
def check_meeting_consistency(pack, rule, params, ctx):
    """Report headings, the previous minutes and the agenda give this meeting's date and time alike."""
    meeting = meeting_date(pack, ctx)
    if meeting is None:
        return
    meeting_time = _meeting_time(pack, ctx)
    yield from _report_headings(pack, rule, meeting, ctx)
    yield from _previous_minutes_next_meeting(pack, rule, meeting, meeting_time if params["check_time"] else None, ctx)
    yield from _agenda_minutes_reference(pack, rule, meeting, ctx)
    yield from _minutes_closing_dates(pack, rule, ctx)


def _meeting_time(pack, ctx) -> Optional[str]:
    return ctx.options.get("meeting_time") or (pack.meeting.time if pack.meeting else None)


def _days(text: str, reference: Optional[date] = None) -> list[DateMention]:
    return [m for m in find_dates(text, reference) if m.kind == "day" and not m.problem and not m.year_inferred]


def _front_sheet(pack) -> Optional[Related]:
    if pack.meeting and pack.meeting.location:
        return Related("front sheet", pack.meeting.location, f"{pack.meeting.date} {pack.meeting.time or ''}".strip())
    return None


def _extra(written, read_as, reference, why):
    return {"written": written, "read_as": read_as, "reference": reference, "why": why}


def _report_headings(pack, rule, meeting: date, ctx):
    for doc in pack.documents:
        if not doc.meeting_for:
            continue
        days = _days(doc.meeting_for, meeting)
        if not days or days[0].first == meeting:
            continue
        day = days[0]
        why = f"the report's heading names {day.first:%-d %B %Y}, but the meeting is on {meeting:%-d %B %Y}"
        finding = finding_on(rule, doc, doc.start, doc.meeting_for,
                             f"Report heading gives the meeting as '{day.text}' (read as {day.iso}); "
                             f"the meeting is on {meeting.isoformat()}",
                             expected=f"{meeting:%-d %B %Y}", found=day.text,
                             **_extra(day.text, day.iso, meeting.isoformat(), why))
        related = _front_sheet(pack)
        if related:
            finding.related.append(related)
        yield finding


def _previous_minutes(pack, meeting: date, ctx):
    """The minutes document with the latest date before this meeting: its 'next meeting' is this one."""
    dated = [(document_date(d, pack, ctx), d) for d in pack.documents if d.kind == "minutes"]
    dated = [(d_date, d) for d_date, d in dated if d_date and d_date < meeting]
    return max(dated, key=lambda x: x[0], default=(None, None))


def _previous_minutes_next_meeting(pack, rule, meeting: date, meeting_time: Optional[str], ctx):
    minutes_date, minutes = _previous_minutes(pack, meeting, ctx)
    if minutes is None:
        return
    for item in pack_dates(pack, ctx):
        if item.doc is not minutes or item.cell_location is not None:
            continue
        for mention in item.mentions:
            if mention.kind != "day" or mention.year_inferred or mention.problem:
                continue
            if not NEXT_MEETING_RX.search(item.text[mention.sentence_start:mention.start]):
                continue
            if mention.first != meeting:
                why = (f"the minutes of {minutes_date:%-d %B %Y} give the next meeting as {mention.first:%-d %B %Y}, "
                       f"but this meeting is on {meeting:%-d %B %Y}")
                yield _at(rule, item, mention, f"Minutes give the next meeting as '{mention.text}' "
                          f"(read as {mention.iso}); this meeting is on {meeting.isoformat()}",
                          f"{meeting:%-d %B %Y}", mention.text, pack, _extra(mention.text, mention.iso, meeting.isoformat(), why))
                continue
            if meeting_time:
                yield from _time_mismatch(rule, item, mention, meeting_time, pack)


def _time_mismatch(rule, item, mention, meeting_time: str, pack):
    sentence_end = mention.sentence_start + len(mention.sentence)
    after = item.text[mention.end:sentence_end]
    m = re.match(r"\s*,?\s*(?:at|from|commencing at|starting at)\s+(\S+(?:\s*[ap]\.?\s?m\.?)?)", after, re.I)
    if not m:
        return
    written = m.group(1).rstrip(".,;")
    stated = parse_time(written)
    if stated and stated != meeting_time:
        why = f"the minutes give the time as {written} ({stated}); the agenda gives {meeting_time}"
        yield _at(rule, item, mention, f"Minutes give the next meeting's time as '{written}' (read as {stated}); "
                  f"this meeting starts at {meeting_time}", meeting_time, written, pack,
                  _extra(written, stated, meeting_time, why))


def _agenda_minutes_reference(pack, rule, meeting: date, ctx):
    minutes_dates = {document_date(d, pack, ctx): d for d in pack.documents if d.kind == "minutes"}
    minutes_dates.pop(None, None)
    if not minutes_dates:
        return
    for item in pack_dates(pack, ctx):
        if item.doc.kind != "agenda":
            continue
        for mention in item.mentions:
            if mention.kind != "day" or mention.year_inferred or mention.problem:
                continue
            if not MINUTES_HELD_RX.search(item.text[mention.sentence_start:mention.start]):
                continue
            if mention.first in minutes_dates:
                continue
            held = ", ".join(sorted(f"{d:%-d %B %Y}" for d in minutes_dates))
            why = f"the agenda names minutes of {mention.first:%-d %B %Y}; the pack holds minutes of {held}"
            finding = _at(rule, item, mention, f"Agenda names the minutes of '{mention.text}' (read as {mention.iso}); "
                          f"the minutes in the pack are of {held}", held, mention.text, pack,
                          _extra(mention.text, mention.iso, held, why))
            for d_date, doc in minutes_dates.items():
                finding.related.append(Related(doc.title, doc.start, doc.title))
            yield finding


CLOSING_RX = re.compile(r"^\s*(?:\d{1,2}[.:]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:-|–|to)\s*\d{1,2}[.:]\d{2}\s*(?:[ap]\.?m\.?)?\s*)?"
                        r"(?P<date>.+?)\s*$", re.I)


def _minutes_closing_dates(pack, rule, ctx):
    """The date under the minutes' closing time ('2.00 - 3.29 pm / 05 November 2024') is the meeting's."""
    for doc in pack.documents:
        if doc.kind != "minutes":
            continue
        held = document_date(doc, pack, ctx)
        if held is None:
            continue
        for block in doc.blocks[-8:]:
            m = CLOSING_RX.match(block.text)
            days = _days(m.group("date")) if m and block.table is None else []
            if len(days) != 1 or days[0].text.strip() != m.group("date").strip() or days[0].first == held:
                continue
            day = days[0]
            start = m.start("date")
            why = f"the minutes record a meeting held on {held:%-d %B %Y}"
            yield finding_at(rule, doc, block, start, start + len(day.text),
                             f"Minutes close with the date '{day.text}' (read as {day.iso}); the meeting they record "
                             f"was held on {held.isoformat()}", expected=f"{held:%d %B %Y}", found=day.text,
                             **_extra(day.text, day.iso, held.isoformat(), why))


def _at(rule, item, mention, message, expected, found, pack, extra):
    finding = finding_on(rule, item.doc, item.location_of(mention), excerpt_around(item.text, mention.start, mention.end),
                         message, expected=expected, found=found, **extra)
    related = _front_sheet(pack)
    if related:
        finding.related.append(related)
    return finding
