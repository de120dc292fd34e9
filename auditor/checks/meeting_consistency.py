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
from auditor.checks._facts import document_date, meeting_date, pack_dates
from auditor.checks.date_order import MINUTES_HELD_RX, NEXT_MEETING_RX
from auditor.facts.dates import DateMention, find_dates, iso_date
from auditor.model import Related
from auditor.structure.board import agenda_items, field_value
from auditor.structure.segment import parse_time


@register("meeting-consistency", params={"check_time": (bool, True)}, needs=("dates",))
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
    yield from _item_meeting_dates(pack, rule, meeting)


def _meeting_time(pack, ctx) -> Optional[str]:
    return ctx.options.get("meeting_time") or (pack.meeting.time if pack.meeting else None)


def _days(text: str, reference: Optional[date] = None) -> list[DateMention]:
    return [m for m in find_dates(text, reference) if m.kind == "day" and not m.problem and not m.year_inferred]


def _front_sheet(pack, value: str = "date") -> Optional[Related]:
    """Where the front sheet gives the meeting's date (or its time)."""
    meeting = pack.meeting
    where = meeting.sources.get(value, (None, None))[1] if meeting else None
    where = where or (meeting.location if meeting else None)
    if where:
        return Related("front sheet", where, f"{meeting.date} {meeting.time or ''}".strip())
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
    """The latest previous minutes' "next meeting" is this meeting; any minutes' "next meeting" on this
    meeting's day (it is this meeting) starts at this meeting's time."""
    minutes_date, latest = _previous_minutes(pack, meeting, ctx)
    if latest is None:
        return
    for item, mention in _next_meeting_mentions(pack, ctx):
        if item.doc is latest and mention.first != meeting:
            why = (f"the minutes of {minutes_date:%-d %B %Y} give the next meeting as {mention.first:%-d %B %Y}, "
                   f"but this meeting is on {meeting:%-d %B %Y}")
            yield _at(rule, item, mention, f"Minutes give the next meeting as '{mention.text}' "
                      f"(read as {mention.iso}); this meeting is on {meeting.isoformat()}",
                      f"{meeting:%-d %B %Y}", mention.text, pack, _extra(mention.text, mention.iso, meeting.isoformat(), why))
        elif mention.first == meeting and meeting_time:
            yield from _time_mismatch(rule, item, mention, meeting_time, pack)


def _next_meeting_mentions(pack, ctx):
    """(text, day) of each "next meeting" a minutes document names: in the same sentence ("The next meeting
    will be held on ..."), or the day that opens the line under a "Date and time of next meeting" label."""
    previous = None
    for item in pack_dates(pack, ctx):
        if item.cell_location is not None:
            continue
        if item.doc.kind == "minutes":
            for mention in item.mentions:
                if mention.kind != "day" or mention.year_inferred or mention.problem:
                    continue
                lead = item.text[mention.sentence_start:mention.start]
                if NEXT_MEETING_RX.search(lead) or _under_next_meeting_label(item, previous, mention):
                    yield item, mention
        previous = item


NEXT_MEETING_LABEL_END_RX = re.compile(r"(?i)\bnext\s+(?:ordinary\s+|scheduled\s+)?meeting\b[\s:.*]*$")


def _under_next_meeting_label(item, previous, mention) -> bool:
    return (previous is not None and previous.doc is item.doc and not _words_before(item.text, mention)
            and bool(NEXT_MEETING_LABEL_END_RX.search(previous.text)))


def _words_before(text: str, mention) -> str:
    """What precedes a day at the start of its block, a weekday aside ("Thursday 4 September 2025")."""
    return re.sub(r"(?i)^\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\b)?[\s,]*", "", text[:mention.start])


TIME_AFTER_DAY_RX = re.compile(
    r"\s*,?\s*(?:(?:at|from|commencing at|starting at)\s+)?(?P<time>\d{1,2}(?:[.:]\d{2})?\s*(?:[ap]\.?\s?m\.?)?)", re.I)


def _time_mismatch(rule, item, mention, meeting_time: str, pack):
    sentence_end = mention.sentence_start + len(mention.sentence)
    after = item.text[mention.end:max(sentence_end, mention.end + 40)]
    m = TIME_AFTER_DAY_RX.match(after)
    if not m:
        return
    written = m.group("time").rstrip(".,;")
    stated = parse_time(written)
    if stated and stated != meeting_time:
        why = f"the minutes give the time as {written} ({stated}); the agenda gives {meeting_time}"
        yield _at(rule, item, mention, f"Minutes give the next meeting's time as '{written}' (read as {stated}); "
                  f"this meeting starts at {meeting_time}", meeting_time, written, pack,
                  _extra(written, stated, meeting_time, why), value="time")


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


def _at(rule, item, mention, message, expected, found, pack, extra, value: str = "date"):
    finding = finding_on(rule, item.doc, item.location_of(mention), excerpt_around(item.text, mention.start, mention.end),
                         message, expected=expected, found=found, **extra)
    related = _front_sheet(pack, value)
    if related:
        finding.related.append(related)
    return finding


# ---------------------------------------------------------------- an agenda item's meetings and its papers'

REPORTED_BODY_RX = re.compile(r"(?i)^\s*(?:Name\s+of\s+(?:the\s+)?)?(?:Committee|Sub-Committee|Group|Board)\s*:")
MEETING_FIELD_CUE = "'Date of meeting' field"
NEAR_DAYS = 31  # a day written wrong, not another meeting: the two dates this close


def _item_meeting_dates(pack, rule, meeting: date):
    """An agenda item that names the meetings its papers report on ("Business Committee Chair's Assurance
    Reports: 29 May 2025, 25 June 2025 and 30 July 2025") and those papers' own "Date of meeting" fields
    must name the same days. Compared only where it is certainly the same meeting: the papers report on
    the body the item names, as many meetings as the item names, and the one day that differs is near."""
    agenda = next((d for d in pack.documents if d.kind == "agenda"), None)
    if agenda is None:
        return
    items = agenda_items(agenda.blocks)
    for number, papers in _reporting_papers(pack).items():
        if number not in items:
            continue
        text, block = items[number]
        stated = [m.first for m in _days(text)]
        own = [iso_date(d.date) for d in papers]
        if meeting in own or len(stated) != len(own) or not _same_body(papers, text):
            continue
        missing = [d for d in stated if d not in own]
        differing = [(doc, d) for doc, d in zip(papers, own) if d not in stated]
        if len(missing) != len(differing):
            continue
        for want, (doc, got) in zip(missing, differing):
            if abs((want - got).days) <= NEAR_DAYS:
                yield _paper_date_finding(rule, doc, got, want, number, text, block)


def _reporting_papers(pack) -> dict[str, list]:
    """Agenda item number -> the papers under it that report on a meeting ("Date of meeting" field)."""
    out: dict[str, list] = {}
    for doc in pack.documents:
        if doc.item and doc.date and doc.date_source and doc.date_source[0] == MEETING_FIELD_CUE:
            out.setdefault(re.match(r"\d+", doc.item).group(0), []).append(doc)
    return out


def _same_body(papers, item_text: str) -> bool:
    """Each paper names the body whose meeting it reports on, and the agenda item names that body."""
    for doc in papers:
        body = field_value(doc.blocks, REPORTED_BODY_RX)
        if body is None or _plain(body[0]) not in _plain(item_text):
            return False
    return True


def _plain(text: str) -> str:
    return " ".join(re.findall(r"[a-z]+", text.lower().replace("’", "").replace("'", "")))


def _paper_date_finding(rule, doc, got: date, want: date, number: str, item_text: str, agenda_block):
    where = doc.date_source[1]
    block = next((b for b in doc.blocks if b.location == where), None)
    written = block.text.strip() if block is not None else got.isoformat()
    why = (f"agenda item {number} names the meeting as {want:%-d %B %Y}; the paper reporting on it gives "
           f"{got:%-d %B %Y}")
    finding = finding_on(rule, doc, where, written[:200],
                         f"The paper gives the date of the meeting it reports on as {got:%-d %B %Y}; agenda item "
                         f"{number} gives it as {want:%-d %B %Y}", expected=f"{want:%-d %B %Y}",
                         found=f"{got:%-d %B %Y}", **_extra(written[:80], got.isoformat(), want.isoformat(), why))
    finding.related.append(Related("Agenda", agenda_block.location, item_text[:200]))
    return finding
