"""Split a pack's blocks into documents (agenda, minutes, reports, appendices) and read the meeting."""
from __future__ import annotations

import re
from typing import Optional

from rapidfuzz import fuzz

from auditor.model import Block, Document, Location, Meeting, Pack, RawPack
from auditor.structure.board import board_pack_starts
from auditor.structure.dates import DATE_RE, date_span, parse_field_date, parse_long_date
from auditor.structure.pages import (AGENDA_ITEM_RE, NOT_EARLIER, TITLE_LABEL_RE, add_page_cued_starts, block_lines,
                                     clip_title, own_appendix_listing, same_title, split_at_page_ends)
from auditor.structure.places import qualify_shared_places
from auditor.structure.tables import join_split_tables
from auditor.vocab import weekday_pattern, word_list_pattern, words

TIME_RE = re.compile(r"\b(\d{1,2})(?:[.:](\d{2}))?\s*([ap])\.?\s*m\.?(?![a-z])", re.I)
TIME_24_RE = re.compile(r"\b([01]?\d|2[0-3]):([0-5]\d)\b")
MINUTES_RE = re.compile(rf"^\s*minutes of (?:a|the) {NOT_EARLIER}(?:\w+ )?meeting of\b", re.I)
# "MINUTES OF THE MEETING HELD ON 23RD SEPTEMBER 2009 10.00 am": minutes that name no body open a paper only at the
# top of the pack (further on, "Minutes of the Meeting held on 9th January 2025" is an item approving earlier ones)
MINUTES_HELD_RE = re.compile(rf"^\s*minutes of (?:a|the) {NOT_EARLIER}(?:\w+ )?meeting held\b", re.I)
MINUTES_HELD_WINDOW = 3  # the pack's first blocks where such a heading opens its minutes
REPORT_OF_RE = re.compile(r"^\s*(?:JOINT\s+)?REPORT\s+OF\s+(?:THE\s+)?(.+)$")
APPENDIX_LINE_RE = re.compile(r"^\s*Appendix\s+([A-Z0-9]{1,2})\b\s*[–—:\-.]?\s*(.*)$", re.I)
APPENDIX_MARK_RE = re.compile(r"\bAPPENDIX\s+([A-Z0-9]{1,2})\b")
APPENDIX_HEADING_RE = re.compile(r"^\s*(?:list of\s+)?appendi(?:ces|x)\s*:?\s*$", re.I)
LABEL_RE = {
    "committee": re.compile(r"^\s*(?:Meeting|Committee(?:\s+and\s+Date)?|Report\s+to|Meeting\s+of)\s*:\s*(.+)$", re.I),
    "when": re.compile(r"^\s*(?:Date\s*/\s*Time|Date and Time|Date\s+of\s+(?:the\s+)?meeting|Meeting\s+date|Date)\s*:\s*(.+)$",
                       re.I),
    "time": re.compile(r"^\s*Time\s*:\s*(.+)$", re.I),
    "venue": re.compile(r"^\s*(?:Location|Venue|Place)\s*:\s*(.+)$", re.I),
}
# "To: County Council – 13 March 2025", "To Cabinet – 30 January 2025"
TO_LINE_RE = re.compile(r"^\s*To\s*:?\s+(?:the\s+)?(.{3,80}?)\s*[–—-]+\s*(.*\d{4})\s*$", re.I)
# "MINUTES of a meeting of the Cabinet held in ... on Thursday, 30 January 2025"
MINUTES_HEADING_RE = re.compile(rf"\bminutes\s+of\s+(?:a|the)\s+{NOT_EARLIER}(?:\w+\s+)?meeting\s+of\s+"
                                r"(?:the\s+)?(.{3,80}?)\s+held\b", re.I | re.S)
MINUTES_TAIL = 200  # characters after a minutes heading's "held" read for the meeting's date and time
# 'It was moved that the Minutes of the meeting of the Committee held on 30 October 2024 be confirmed': earlier
# minutes put to this meeting, not the heading of this meeting's own
MINUTES_APPROVED_RE = re.compile(r"\b(?:be|were|was|are|been)\s+(?:duly\s+)?(?:confirmed|approved|agreed|signed|"
                                 r"received)\b|\bcorrect\s+record\b|\bto\s+(?:consider|confirm|approve|receive)\b", re.I)
MINUTES_HEADING_OPENING = 25  # characters before 'Minutes of' a heading may have ('Public', 'Draft', 'Confirmed')


def minutes_heading(block: Block) -> Optional[re.Match]:
    """The minutes heading a block opens with ('MINUTES of a meeting of the Cabinet held ... on ...'); not a
    sentence that approves earlier minutes, nor 'the minutes of the previous meeting'."""
    m = MINUTES_HEADING_RE.search(block.text)
    if m is None or m.start() > MINUTES_HEADING_OPENING or MINUTES_APPROVED_RE.search(block.text[:m.end() + MINUTES_TAIL]):
        return None
    return m


def parse_time(text: str) -> Optional[str]:
    m = TIME_RE.search(text)
    if m:
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if not (1 <= hour <= 12 and minute < 60):
            return None
        if m.group(3).lower() == "p" and hour != 12:
            hour += 12
        if m.group(3).lower() == "a" and hour == 12:
            hour = 0
        return f"{hour:02d}:{minute:02d}"
    m = TIME_24_RE.search(text)
    return f"{int(m.group(1)):02d}:{m.group(2)}" if m else None


def read_meeting(blocks: list[Block]) -> Meeting:
    """The meeting from the front sheet, each value with the cue it came from.

    Cues, most trusted first: labelled fields ("Date:", "Meeting:", a cover table's "Date | ..." row), a
    "To: <committee> – <date>" line, a "to be held on <date>" line or a dated "Agenda" line, a minutes
    heading, a short heading naming a body with a date (or with its date on the line under it). A date
    elsewhere in the text is never taken for the meeting's: with no cue, the meeting is not found.
    """
    meeting = Meeting()
    head = [b for b in blocks[:60] if b.kind != "table"]
    _read_labelled_fields(meeting, _field_lines(blocks[:60]))
    for b, text in _head_lines(head):
        m = TO_LINE_RE.match(text)
        iso = parse_long_date(m.group(2)) if m else None
        if iso and is_body_name(m.group(1)):
            _found(meeting, "committee", m.group(1).strip(), b, "to-line")
            _found(meeting, "date", iso, b, "to-line")
    _read_meeting_lines(meeting, head[:FRONT_LINES])
    for b in head[:12]:
        m = minutes_heading(b)
        if m:
            name = re.split(r"\s+(?:held|at|in)\b", m.group(1))[0]
            if is_body_name(name):
                _found(meeting, "committee", " ".join(name.split()), b, "minutes heading")
            tail = b.text[m.end():m.end() + MINUTES_TAIL]
            _found(meeting, "date", parse_long_date(tail), b, "minutes heading")
            _found(meeting, "time", parse_time(tail), b, "minutes heading")
            break
    named = [(b, t) for b, t in ((b, _without_old_date(_before_labels(b))) for b in head)
             if len(t) < 120 and is_body_name(_committee_name(t)) and not NOT_A_NAME_RE.match(t)]
    # a meeting heading with its date first, then a meeting's body before the authority's name ('CABINET' under
    # 'DERBYSHIRE COUNTY COUNCIL')
    named.sort(key=lambda bt: (not parse_long_date(bt[1]), not MEETING_BODY_RE.search(bt[1])))
    if named:
        b, text = named[0]
        _found(meeting, "committee", _committee_name(text), b, "heading")
    for b, text in named:
        iso = parse_long_date(text)
        if iso and not LETTERHEAD_RE.search(b.text):
            _found(meeting, "date", iso, b, "heading")
            _found(meeting, "time", parse_time(text), b, "heading")
            break
    for b, _ in named:
        if meeting.date:
            break
        _read_date_line(meeting, head, b)
    if meeting.found:
        _read_first_item_time(meeting, head)
    return meeting


MEETING_BODY_RE = re.compile(rf"\b{word_list_pattern('meeting_body_words')}\b", re.I)
WEEKDAY_RE = re.compile(rf"\b{weekday_pattern()}\b", re.I)


def _read_date_line(meeting: Meeting, head: list[Block], heading: Block) -> None:
    """A front sheet's body name with its date alone on the next line ('Cabinet Committee' over 'Wednesday, 28th
    November, 2018 10.00 am', an 'Agenda Item 14' stamp between them or not): the meeting's date. A line with any
    other word is not a date line, but for the venue after the meeting's time ('... at 10.30 am in Washington
    Hall, Euxton'). Under an authority's name alone a date is a letter's or a publication's, unless it gives the
    time the meeting sits ('Lancashire Combined Fire Authority' over 'Monday, 16 December 2024 at 10.30 am')."""
    k = next((i for i, b in enumerate(head) if b is heading), None)
    if k is not None and k + 2 < len(head) and AGENDA_ITEM_RE.match(head[k + 1].text):
        k += 1  # the paper's agenda item stamp between the body's name and the meeting's date
    if k is None or k + 1 >= len(head) or any(LETTERHEAD_RE.search(b.text) for b in head):
        return
    line = head[k + 1].text.strip()
    venue = VENUE_TAIL_RE.search(line)
    if venue:
        line = line[:venue.start("tail")]
    iso = parse_long_date(line)
    timed = parse_time(line)
    rest = TIME_24_RE.sub(" ", TIME_RE.sub(" ", DATE_RE.sub(" ", WEEKDAY_RE.sub(" ", line))))
    if not iso or len(line) >= 60 or re.search(r"\w", re.sub(r"\b(?:at|from|to|until)\b", " ", rest, flags=re.I)):
        return
    if not MEETING_BODY_RE.search(heading.text) and not timed:
        return  # 'Kent County Council' over a date is a letter's or a publication's date, not a meeting's
    _found(meeting, "date", iso, head[k + 1], "date line under the heading")
    _found(meeting, "time", timed, head[k + 1], "date line under the heading")
    if venue and timed:
        _found(meeting, "venue", venue.group("venue").split(",")[0].strip(), head[k + 1], "date line under the heading")


# '... at 10.30 am in Washington Hall, Service Training Centre, Euxton': the venue after the meeting's time
VENUE_TAIL_RE = re.compile(r"\b[aApP]\.?\s?[mM]\b\.?"
                           r"(?P<tail>\s*,?\s+(?:in|at)\s+(?:the\s+)?(?P<venue>[A-Z][^\n]{2,120}))$")
FRONT_LINES = 8  # blocks at the top of the front sheet read for a 'to be held' or dated 'Agenda' line
_KIND = word_list_pattern("meeting_kind_words")
# 'Meeting to be held 25 September 2024', 'JOINT MEETING OF THE GOVERNING BODY TO BE HELD ON WEDNESDAY 8TH APRIL 2020
# AT 2.20 P.M.': the meeting to come, named by its kind or its body, not 'the next meeting is to be held on ...'
_HELD_BY_KIND = rf"(?:{_KIND}\s+)?meeting(?:\s+of\s+(?:the\s+)?(?P<body>.{{3,90}}?))?\s+"
_HELD_BY_NAME = r"(?P<name>[A-Z][^.:;]{2,90}?)\s+"
# a notice: 'A meeting of the Board of Directors will be held at 10.30am on Tuesday 25 September 2012'
_NOTICE = (rf"^\s*(?:notice\s+is\s+(?:hereby\s+)?given\s+that\s+)?an?\s+(?:{_KIND}\s+)?meeting\s+of\s+(?:the\s+)?"
           r"(?P<notice>[A-Z][^.:;]{2,90}?)\s+will\s+be\s+held\b(?P<notice_when>.{0,120})$")
TO_BE_HELD_RE = re.compile(rf"^\s*(?:{_HELD_BY_KIND}|{_HELD_BY_NAME})?to\s+be\s+held\b(?P<when>.{{0,120}})$|{_NOTICE}", re.I)
# 'Agenda – 8th April 2020', 'Cabinet Agenda, Tuesday 4 March 2025': an agenda dated as the meeting it is for
AGENDA_DATE_RE = re.compile(rf"\bAgenda\s*[–—:,-]?\s*(?:for\s+)?(?:{weekday_pattern()}\s*,?\s*)?(?=\d)", re.I)


def _read_meeting_lines(meeting: Meeting, front: list[Block]) -> None:
    """A front sheet's line that says the meeting: 'Meeting to be held 25 September 2024', 'JOINT MEETING OF THE
    GOVERNING BODY TO BE HELD ON WEDNESDAY 8TH APRIL 2020', '... Agenda – 8th April 2020'."""
    for b, text in _head_lines(front):
        if len(text) > 200:
            continue
        m = TO_BE_HELD_RE.match(text)
        when = m and (m.group("when") if m.group("notice") is None else m.group("notice_when"))
        if when and parse_long_date(when) and (m.group("name") is None or is_body_name(m.group("name"))) and \
                (m.group("notice") is None or is_body_name(m.group("notice"))):
            body = m.group("body") or m.group("name") or m.group("notice")
            _line_found(meeting, b, "'to be held' line", parse_long_date(when), parse_time(when),
                        _committee_name(body) if body and is_body_name(_committee_name(body)) else None)
            continue
        m = AGENDA_DATE_RE.search(text)
        if m and DATE_RE.match(text, m.end()) and not re.match(r"^\s*Agenda\s+item\b", text, re.I):
            _line_found(meeting, b, "dated agenda heading", parse_long_date(text[m.end():]), None, None)


def _line_found(meeting: Meeting, b: Block, cue: str, iso: Optional[str], time: Optional[str],
                committee: Optional[str]) -> None:
    """A meeting line's date, and its time and body where it is the meeting already found (or the first)."""
    if meeting.date and meeting.date != iso:
        return
    _found(meeting, "date", iso, b, cue)
    _found(meeting, "time", time, b, cue)
    _found(meeting, "committee", committee, b, cue)


# "09:00 - Welcome, Introductions and Apologies": an agenda item with the time it is taken
TIMED_ITEM_RE = re.compile(r"^\s*(?P<h>[01]?\d|2[0-3])[:.](?P<m>[0-5]\d)\s*(?P<ampm>[ap]\.?m\.?)?\s*[-–—]\s+[A-Z]",
                           re.I)
MIN_TIMED_ITEMS = 3  # a timed agenda: this many items with times, in order
MORNING_FROM = 7  # "2.00 - Apologies" with no am/pm may be 2 pm: an hour before this is not read


def _read_first_item_time(meeting: Meeting, head: list[Block]) -> None:
    """A timed agenda's first item starts the meeting: the time when no field or heading gives it."""
    timed = [(b, m) for b, text in _head_lines(head) for m in [TIMED_ITEM_RE.match(text)] if m]
    minutes = [int(m.group("h")) * 60 + int(m.group("m")) for _, m in timed]
    if len(timed) >= MIN_TIMED_ITEMS and minutes == sorted(minutes):
        b, m = timed[0]
        _found(meeting, "time", _item_time(m), b, "first agenda item")


def _item_time(m: re.Match) -> Optional[str]:
    """HH:MM of a timed item, when it cannot be the other half of the day."""
    if m.group("ampm"):
        return parse_time(m.group(0))
    hour = int(m.group("h"))
    if hour < MORNING_FROM and not m.group("h").startswith("0"):
        return None
    return f"{hour:02d}:{m.group('m')}"


def _read_labelled_fields(meeting: Meeting, lines: list[tuple[Block, str]]) -> None:
    blocks = {id(b): b for b, _ in lines}
    letterheads = {k for k, b in blocks.items() if LETTERHEAD_RE.search(b.text)}  # once a block, not once a line
    for k, (b, text) in enumerate(lines):
        if id(b) in letterheads:
            continue  # a covering letter's "Date:" is the letter's, not the meeting's
        m = BODY_MEETING_LABEL_RE.match(text)
        if m and is_body_name(m.group("name")) and parse_long_date(m.group("value")):
            _found(meeting, "committee", m.group("name").strip(), b, "field")  # 'Trust Board Meeting: Wednesday ...'
            _found(meeting, "date", parse_long_date(m.group("value")), b, "field")
            _found(meeting, "time", parse_time(m.group("value")), b, "field")
            continue
        for key, rx in LABEL_RE.items():
            m = rx.match(text)
            if not m:
                continue
            value = m.group(1).strip()
            if key == "committee":
                name, iso, time = _committee_field(value)
                _found(meeting, "committee", name, b, "field")
                _found(meeting, "date", iso, b, "field")
                _found(meeting, "time", time, b, "field")
            elif key == "when":
                if BARE_DATE_LABEL_RE.match(text) and _beside_author(lines, k):
                    continue  # 'Author: ... / Date: 22nd March 2016': the day the paper was written
                _found(meeting, "date", parse_field_date(value), b, "field")
                _found(meeting, "time", parse_time(value), b, "field")
            elif key == "time":
                _found(meeting, "time", parse_time(value), b, "field")
            elif key == "venue":
                _found(meeting, "venue", value.split(",")[0].strip(), b, "field")


# 'Trust Board Meeting: Wednesday 12th July 2017': the body's name in the label, the meeting's date its value
BODY_MEETING_LABEL_RE = re.compile(r"^\s*(?P<name>[A-Z][\w&'’,() -]{2,80}?)\s+Meeting\s*:\s*(?P<value>.+)$")
BARE_DATE_LABEL_RE = re.compile(r"^\s*Date\s*:", re.I)
AUTHOR_LABEL_RE = re.compile(rf"^\s*(?:{word_list_pattern('author_field_labels')})\s*:", re.I)
AUTHOR_LOOKBACK = 3  # labelled lines before a bare 'Date:' read for its paper's author
ITEM_BRACKET_RE = re.compile(r"\s*\((?:Item\b[^)]*|[a-z][^)]*)\)\s*$")  # '(Item 99)', '(in public)'


def _beside_author(lines: list[tuple[Block, str]], k: int) -> bool:
    """The bare 'Date:' at k follows an author's field ('Author: ...', 'Sponsoring Director: ...')."""
    return any(AUTHOR_LABEL_RE.match(text) for _, text in lines[max(0, k - AUTHOR_LOOKBACK):k])


def _committee_field(value: str) -> tuple[Optional[str], Optional[str], Optional[str]]:
    """(committee, date, time) of a 'Meeting:'/'Committee:' field: 'Planning Committee' alone, 'Cabinet 21st October
    2009 12.30 pm', or modern.gov's '26/02/2024 - Executive (Item 99)' (the date first, the item in brackets)."""
    span = date_span(value)
    if span is None:
        return ITEM_BRACKET_RE.sub("", value).strip() or None, None, None
    before, after = value[:span.start()], value[span.end():]
    name = before if re.search(r"[A-Za-z]{2}", WEEKDAY_RE.sub(" ", before)) else after
    name = TIME_24_RE.sub(" ", TIME_RE.sub(" ", ITEM_BRACKET_RE.sub("", name)))
    name = re.sub(rf"^[\s,–—-]*(?:at\b)?|[\s,–—-]*(?:{WEEKDAY_RE.pattern})?[\s,–—-]*$", "", name, flags=re.I)
    return name.strip() or None, parse_field_date(value), parse_time(after)


def _field_lines(blocks: list[Block]) -> list[tuple[Block, str]]:
    """(block, line) of the front sheet's fields: its text lines (a label alone on its line joined to the value
    under it) and, where a cover table opens the pack, its rows of a label and a value ('Date | Thursday, 05 March
    2020', 'Committee and Date | Cabinet 21st October 2009') read as 'Date: Thursday, 05 March 2020'."""
    lines = list(_labelled_lines([b for b in blocks if b.kind != "table"]))
    cover = [b for b in blocks[:COVER_TABLE_WINDOW] if b.kind == "table" and b.table is not None]
    if not cover:
        return lines
    rows = {id(b): [(b, f"{cells[0].rstrip(' :')}: {cells[1]}") for row in b.table.rows
                    for cells in [[" ".join(c.text.split()) for c in row if c.text.strip()]]
                    if len(cells) == 2 and len(cells[0]) <= 40]
            for b in cover}
    order = {id(b): i for i, b in enumerate(blocks)}
    merged = [(order[id(b)], n, (b, t)) for n, (b, t) in enumerate(lines)]
    merged += [(order[id(b)], n, bt) for b in cover for n, bt in enumerate(rows[id(b)])]
    return [bt for _, _, bt in sorted(merged, key=lambda x: (x[0], x[1]))]


COVER_TABLE_WINDOW = 6  # a cover table among the pack's first blocks is the front sheet's form
LONE_LABEL_RE = re.compile(r"^\s*(?:Date|Time|Venue|Location|Date\s+of\s+(?:the\s+)?meeting|Meeting\s+date)\s*:?\s*$", re.I)


def _labelled_lines(head: list[Block]):
    """(block, line) of the front sheet, a label printed alone ("Date", then "4 September 2025" under it,
    as a form's table comes out flattened) joined to the line after it."""
    lines = list(_head_lines(head))
    for k, (b, text) in enumerate(lines):
        if LONE_LABEL_RE.match(text) and k + 1 < len(lines):
            yield b, f"{text.strip().rstrip(':')}: {lines[k + 1][1].strip()}"
        else:
            yield b, text


def _found(meeting: Meeting, name: str, value: Optional[str], block: Block, cue: str) -> None:
    """Keep the first value found for a field, with where it came from."""
    if not value or getattr(meeting, name):
        return
    setattr(meeting, name, value)
    meeting.sources[name] = (cue, block.location)
    if name == "committee":
        meeting.location = block.location


BODY_WORD_RE = re.compile(rf"\b(?:{word_list_pattern('meeting_body_words')}|{word_list_pattern('authority_body_words')})\b",
                          re.I)
SENTENCE_WORD_RE = re.compile(r"\b(?:was|were|is|are|has|have|had|will|would|approved|agreed|noted|by|on|that|this)\b"
                              r"|\d|^\s*(?:chair(?:man)?|vice|leader|members?|clerk)\b", re.I)


CHIEF_EXECUTIVE_RE = re.compile(r"\bchief\s+executive\b", re.I)


def is_body_name(text: str) -> bool:
    """The name of a body that meets (Cabinet, Children and Families Overview and Scrutiny Committee),
    never a sentence ("1.3 The Council's strategy was approved by the County Council on", "The HR Business
    Partner presented the report to the Committee."), nor a name that holds a body's word as another word's
    ("Executive Summary", "Executive Director", "Council Tax Setting")."""
    if SENTENCE_END_RE.search(text):
        return False
    text = text.strip(" -–—,.")
    bodies = list(BODY_WORD_RE.finditer(CHIEF_EXECUTIVE_RE.sub(" ", text)))  # a 'Chief Executive' is a person
    last = re.findall(r"[A-Za-z][\w'’&-]*", text)[-1:]  # a name ends on a name's word, a sentence on any word
    return (2 < len(text) <= 90 and bool(bodies) and not SENTENCE_WORD_RE.search(text) and bool(last)
            and last[0][0].isupper()
            and text[:1].isupper()
            and bool(BODY_TAIL_RE.match(text[bodies[-1].end():])))


# a sentence's full stop after a word (not an initial's or a short abbreviation's: 'Cttee.', 'Ltd.')
SENTENCE_END_RE = re.compile(r"[a-z]{3}\.\s*$")
# what may follow the last body word of a name: nothing, a bracket, one letter ('Licensing Sub-Committee A'), or a
# word of body_name_after_words and what it leads ('Trust Board Meeting', 'Board of Directors')
BODY_TAIL_RE = re.compile(rf"^(?:\s*|\s*\(.*\)\s*|\s+[A-Z]\s*|\s+(?:{word_list_pattern('body_name_after_words')})\b.*)$",
                          re.I | re.S)


LETTERHEAD_RE = re.compile(r"\b(?:Ask for|Direct Dial|Our ref(?:erence)?|Your ref(?:erence)?)\s*(?:/\s*Ext\.?\s*)?:", re.I)


def _head_lines(head: list[Block]):
    """(block, line) for each line of the front sheet: a plain-text pack runs labels on together."""
    for b in head:
        for text, _ in block_lines(b):
            yield b, text


NOT_A_NAME_RE = re.compile(r"^\s*(?:By|From|Agenda\s+Item|Minutes\s+of|Dear|(?:Joint\s+)?Report\s+(?:of|by|from))\b", re.I)
# 'Moved from 9th October 2018, Cabinet - Tuesday, 2nd October, 2018 2.00 pm': the date the meeting was moved from
MOVED_FROM_RE = re.compile(r"^\s*(?:moved|rescheduled|postponed|changed|brought\s+forward)\s+from\s+(?:\w+day,?\s+)?"
                           r"\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+,?\s+\d{4}\s*[,;:–—-]?\s*", re.I)


def _without_old_date(text: str) -> str:
    return MOVED_FROM_RE.sub("", text, count=1)


def _before_labels(block: Block) -> str:
    """A block's lines before its first "Label: value" line (plain text runs a heading into its labels)."""
    lines = []
    for text, _ in block_lines(block):
        if re.match(r"^\s*[A-Z][\w /]{0,30}:\s", text):
            break
        lines.append(text.strip())
    return " ".join(lines)


_DOC_WORD = word_list_pattern("meeting_document_words")
# 'Cabinet Agenda', 'Cabinet – Minutes', 'Cabinet – Agenda, decisions and minutes': the papers named after the body
DOCUMENT_SUFFIX_RE = re.compile(rf"[\s–—:-]+(?:{_DOC_WORD})(?:(?:\s*,\s*|\s+and\s+|\s+)(?:{_DOC_WORD}))*\s*$", re.I)


def _committee_name(text: str) -> str:
    """"To Cabinet – 30 January 2025" -> "Cabinet"; "X Committee Agenda" and "Cabinet – Minutes" -> the body;
    "REPORT TO PEOPLE SELECT COMMITTEE" -> "PEOPLE SELECT COMMITTEE"; "Meeting of Audit & Governance Committee" ->
    "Audit & Governance Committee"."""
    name = re.sub(rf"^\s*(?:To:?|Report\s+to:?|(?:(?:{_KIND})\s+)?Meeting\s+of)\s+(?:the\s+)?", "", text.strip(" -–"),
                  flags=re.I)
    date_at = DATE_RE.search(name)
    if date_at:
        cut = re.sub(rf"[\s,–—-]*(?:{WEEKDAY_RE.pattern}[\s,]*)?$", "", name[:date_at.start()], flags=re.I)
        name = cut.strip(" -–—,") or name
    name = DOCUMENT_SUFFIX_RE.sub("", name)
    return ITEM_BRACKET_RE.sub("", name).strip(" -–—,")


# ---------------------------------------------------------------- documents

def _is_report_of(block: Block) -> bool:
    m = REPORT_OF_RE.match(block.text)
    return bool(m) and block.text[:20].isupper()


def _report_title(blocks: list[Block], i: int) -> tuple[int, str, Optional[str], Optional[str]]:
    """For a 'REPORT OF ...' block at i: (start index, title, report_of, meeting_for)."""
    start = i
    meeting_for = None
    if i > 0 and re.search(r"\bCOMMITTEE\b|\bCABINET\b|\bCOUNCIL\b|\bBOARD\b", blocks[i - 1].text) \
            and blocks[i - 1].text.isupper():
        start = i - 1
        meeting_for = blocks[i - 1].text
    elif i > 1 and re.search(r"\bCOMMITTEE\b|\bCABINET\b|\bCOUNCIL\b", blocks[i - 2].text) and blocks[i - 2].text.isupper():
        start = i - 2
        meeting_for = blocks[i - 2].text
    candidates = [j for j in range(start, min(i + 3, len(blocks)))
                  if j != i and blocks[j].text != meeting_for and blocks[j].kind != "table"
                  and blocks[j].text.isupper() and len(blocks[j].text) > 6 and not _is_date_line(blocks[j].text)]
    title = blocks[candidates[0]].text if candidates else blocks[i].text
    report_of = REPORT_OF_RE.match(blocks[i].text).group(1).strip().title()
    return start, _title_case(title), report_of, meeting_for


def _is_date_line(text: str) -> bool:
    """'22 MAY 2017', 'TUESDAY, 4 MARCH 2025 AT 2.00 PM': a date (and time) and no other word: no title."""
    rest = TIME_24_RE.sub(" ", TIME_RE.sub(" ", DATE_RE.sub(" ", WEEKDAY_RE.sub(" ", text))))
    return bool(DATE_RE.search(text)) and not re.search(r"\w", re.sub(r"\b(?:at|from|to)\b", " ", rest, flags=re.I))


def _title_case(text: str) -> str:
    return text.strip() if not text.isupper() else text.strip()


def _minutes_title(text: str) -> str:
    iso = parse_long_date(text)
    m = DATE_RE.search(text)
    return f"Minutes of the meeting of {m.group(0)}" if iso and m else "Minutes"


def _listed_appendices(blocks: list[Block]) -> list[tuple[Optional[str], str, int]]:
    """(letter, title, index of the listing block) of the appendices a report lists."""
    found: list[tuple[Optional[str], str, int]] = []
    in_section = False
    for j, b in enumerate(blocks):
        if b.kind == "heading" or (b.bold and len(b.text) < 60):
            in_section = bool(APPENDIX_HEADING_RE.match(b.text))
            continue
        if not in_section:
            continue
        m = APPENDIX_LINE_RE.match(b.text)
        if m and m.group(2):
            found.append((m.group(1).upper(), m.group(2).strip(" –-"), j))
        elif b.kind in ("paragraph", "list_item") and len(b.text) < 200 and not found:
            found.append((None, b.text.strip(), j))
    return found


def _matches_title(block: Block, title: str) -> bool:
    if block.kind == "table" or not block.text or len(block.text) > 150:
        return False
    if not (block.kind == "heading" or block.bold):
        return False
    return fuzz.token_set_ratio(block.text.lower(), title.lower()) >= 80


def segment(raw: RawPack) -> Pack:
    blocks = split_at_page_ends(raw.blocks) if raw.format == "text" else list(raw.blocks)
    meeting = read_meeting(blocks)
    starts = board_pack_starts(blocks) or _paper_starts(blocks)
    starts = _with_front_matter(blocks, starts, raw)
    bounds = [s for s, _ in starts] + [len(blocks)]
    out = []
    for (s, doc), end in zip(starts, bounds[1:]):
        content = [b for b in blocks[s:end] if b.kind != "separator"]
        doc.blocks = join_split_tables(content)
        _set_captions(doc.blocks)
        out.append(doc)
    _set_own_appendices(out)
    set_document_dates(out, meeting)
    if raw.format == "docx":
        qualify_shared_places(out)
    return Pack(source=raw.source, format=raw.format, meeting=meeting, documents=out,
                warnings=list(raw.warnings), pages=raw.pages)


def _paper_starts(blocks: list[Block]) -> list[tuple[int, Document]]:
    """Where each paper after the front matter starts: minutes and report headings, their appendices,
    then what opens each page."""
    starts: list[tuple[int, Document]] = []
    for i, b in enumerate(blocks):
        if (MINUTES_RE.match(b.text) or (MINUTES_HELD_RE.match(b.text) and i < MINUTES_HELD_WINDOW and not starts)) \
                and b.kind != "table":
            starts.append((i, Document(_minutes_title(b.text), "minutes", b.location)))
        elif _is_report_of(b):
            start, title, report_of, meeting_for = _report_title(blocks, i)
            if starts and starts[-1][0] >= start:
                starts.pop()
            starts.append((start, Document(title, "report", blocks[start].location,
                                           report_of=report_of, meeting_for=meeting_for)))
    starts = _add_appendices(blocks, starts)
    return add_page_cued_starts(blocks, starts)


def _with_front_matter(blocks: list[Block], starts: list[tuple[int, Document]], raw: RawPack):
    """The starts with what comes before the first paper: an agenda, a covering letter, the first paper's
    own heading lines (printed minutes open with the council's and the body's names), or a paper of its own
    (a standalone report)."""
    first = starts[0][0] if starts else len(blocks)
    if starts and first == 0:
        return starts
    front = blocks[:first]
    front_sheet = bool(starts) and _is_front_sheet(front)
    if starts and (_is_title_lines(front) or _is_cover_table(front)) and not front_sheet and not _is_agenda(front):
        starts[0][1].start = blocks[0].location
        return [(0, starts[0][1])] + starts[1:]
    location = blocks[0].location if blocks else _empty_loc(raw)
    return [(0, _front_document(front, location, front_sheet))] + starts


def _is_front_sheet(blocks: list[Block]) -> bool:
    """The meeting's front sheet before the papers: two or more of its fields ("Meeting:", "Date:", "Venue:")."""
    keys = {key for _, text in _labelled_lines(blocks[:FRONT_WINDOW]) for key, rx in LABEL_RE.items() if rx.match(text)}
    return len(keys) >= 2


def _front_document(blocks: list[Block], location: Location, front_sheet: bool) -> Document:
    """What comes before the first paper: the agenda (or the meeting's front sheet), a covering letter, or a
    paper that is no agenda: a report (it calls itself one) or another document, titled by its own title line."""
    if front_sheet or _is_agenda(blocks):
        return Document("Agenda", "agenda", location)
    if any(re.match(r"^\s*Dear\s+\w", b.text) for b in blocks[:12] if b.kind != "table"):
        return Document("Covering letter", "other", location)
    head = [b for b in blocks[:FRONT_WINDOW] if b.kind != "table"]
    kind = "report" if any(REPORT_WORD_RE.search(b.text) for b in head) else "other"
    return Document(_own_title(head) or ("Report" if kind == "report" else "Document"), kind, location)


FRONT_WINDOW = 40  # blocks read at the top of the front matter
TITLE_LINES = 4  # a paper's own heading lines above its first cue ("KENT COUNTY COUNCIL", "CABINET")
AGENDA_LINE_RE = re.compile(r"\bAgenda\b|\bAGENDA\b")
REPORT_WORD_RE = re.compile(r"\breport\b", re.I)
# the words that name a kind of paper in its title line ("Draft Revenue Budget 2025-26 ...",
# "Annual Report and Financial Statements"), as against the publisher's name above it
DOCUMENT_TITLE_RE = re.compile(
    r"\b(?:report|statements?|accounts|budget|strategy|plan|update|review|assessment|programme|policy|"
    r"framework|brief|monitoring|outturn|forecast|minutes|agenda)\b", re.I)


def _is_agenda(blocks: list[Block]) -> bool:
    """An agenda names itself on a line of its own ("Agenda", "Transport Committee – Agenda", "AGENDA");
    an "Agenda Item 6" stamp on a report, or 'the agenda' in a sentence, does not make one."""
    for b in blocks[:FRONT_WINDOW * 2]:
        if b.kind == "table":
            continue
        for text, _ in block_lines(b):
            if (len(text) <= 80 and AGENDA_LINE_RE.search(text) and not AGENDA_ITEM_RE.match(text)
                    and not re.match(r"^\s*Agenda\s+item\b", text, re.I) and not text.rstrip().endswith(".")):
                return True
    return False


def _is_cover_table(blocks: list[Block]) -> bool:
    """A paper's cover table alone before its heading ('Committee and Date | Cabinet 21st October 2009'): the
    paper's own, not a document of its own."""
    return len(blocks) == 1 and blocks[0].kind == "table"


def _is_title_lines(blocks: list[Block]) -> bool:
    """A few short heading lines, no sentence: the first paper's own heading."""
    return 0 < len(blocks) <= TITLE_LINES and all(
        b.kind != "table" and len(b.text) < 80 and not b.text.rstrip().endswith(".") for b in blocks)


def _own_title(head: list[Block]) -> str:
    """A paper's title: its "Title:"/"Subject:" field, else its first heading line that names a kind of
    paper, else its first heading line."""
    for b in head:
        for text, _ in block_lines(b):
            m = TITLE_LABEL_RE.match(text)
            if m and m.group(1).strip():
                return clip_title(m.group(1), 160)
    headings = [b.text for b in head[:FRONT_WINDOW // 2]
                if (b.kind == "heading" or b.bold) and 6 < len(b.text) < 160 and not b.text.rstrip().endswith(".")]
    named = next((t for t in headings if DOCUMENT_TITLE_RE.search(t)), None)
    return clip_title(named or (headings[0] if headings else ""), 160)


def _empty_loc(raw: RawPack):
    from auditor.model import Location

    return Location(raw.source, line=1 if raw.format in ("markdown", "text") else None,
                    page=1 if raw.format == "pdf" else None)


def _add_appendices(blocks: list[Block], starts: list[tuple[int, Document]]) -> list[tuple[int, Document]]:
    result: list[tuple[int, Document]] = []
    bounds = [s for s, _ in starts] + [len(blocks)]
    for (s, doc), end in zip(starts, bounds[1:]):
        result.append((s, doc))
        if doc.kind != "report":
            continue
        listed = _listed_appendices(blocks[s:end])
        if not listed:
            continue
        after = s + listed[-1][2] + 1
        result.extend(_find_appendix_starts(blocks, after, end, listed, doc.title))
    return result


def _find_appendix_starts(blocks, begin, end, listed, parent) -> list[tuple[int, Document]]:
    found: list[tuple[int, Document]] = []
    pending = list(listed)
    j = begin
    while j < end and pending:
        b = blocks[j]
        start = None
        if b.kind == "separator":
            k = j + 1
            while k < end and blocks[k].kind == "separator":
                k += 1
            if k < end:
                start = k
        elif _matches_title(b, pending[0][1]):
            start = j
        if start is None:
            j += 1
            continue
        letter, title, _ = pending.pop(0)
        explicit = next((APPENDIX_MARK_RE.search(x.text) for x in blocks[start:start + 4]
                         if x.kind != "table" and APPENDIX_MARK_RE.search(x.text)), None)
        if explicit and explicit.group(1) != letter:
            match = [p for p in pending if p[0] == explicit.group(1)]
            if match:
                pending.insert(0, (letter, title, 0))
                pending.remove(match[0])
                letter, title = match[0][0], match[0][1]
        name = f"Appendix {letter} – {title}" if letter else title
        found.append((start, Document(name, "appendix", blocks[start].location, letter=letter, parent=parent)))
        j = start + 1
    return found


# ---------------------------------------------------------------- each document's own date

OWN_DATE_LABEL_RE = re.compile(
    r"^\s*(?P<label>Date\s+of\s+(?:the\s+)?meeting|Meeting\s+date|Date\s+completed|Date\s+of\s+assessment|Date)"
    r"\s*:?\s*(?P<value>.*)$", re.I)
DATE_WINDOW = 16  # blocks read at the top of a document for its date


def set_document_dates(documents: list[Document], meeting: Meeting) -> None:
    """Each document's own date where it states one, with the cue: a minutes' heading or title (the meeting
    they record), a report's "Date of meeting"/"Date:" field or dated heading, an assessment's "Date
    completed"; the agenda's is the meeting's. A date in the body is never taken."""
    for doc in documents:
        found = _own_date(doc, meeting)
        if found:
            doc.date, doc.date_source = found


def _own_date(doc: Document, meeting: Meeting) -> Optional[tuple[str, tuple[str, Location]]]:
    if doc.kind == "agenda":
        cue = meeting.sources.get("date")
        return (meeting.date, (f"meeting ({cue[0]})", cue[1] or doc.start)) if meeting.date and cue else None
    if doc.kind == "minutes":
        return _minutes_own_date(doc)
    found = _date_field(doc.blocks[:DATE_WINDOW])
    if found is None and doc.meeting_for and parse_long_date(doc.meeting_for):
        found = (parse_long_date(doc.meeting_for), ("heading", doc.start))
    return found


def _minutes_own_date(doc: Document) -> Optional[tuple[str, tuple[str, Location]]]:
    for b in doc.blocks[:6]:
        m = minutes_heading(b)
        iso = parse_long_date(b.text[m.end():m.end() + MINUTES_TAIL]) if m else None
        if iso:
            return iso, ("minutes heading", b.location)
    iso = parse_long_date(doc.title)
    return (iso, ("title", doc.start)) if iso else None


def _date_field(blocks: list[Block]) -> Optional[tuple[str, tuple[str, Location]]]:
    """A "Date of meeting:"/"Date:"/"Date completed:" field, its value on the same line or the next."""
    lines = [(text, b.location) for b in blocks if b.kind != "table" for text, _ in block_lines(b)]
    for k, (text, where) in enumerate(lines):
        m = OWN_DATE_LABEL_RE.match(text)
        if not m or (not m.group("value").strip() and k + 1 >= len(lines)):
            continue
        value, where = (m.group("value").strip(), where) if m.group("value").strip() else lines[k + 1]
        iso = parse_long_date(value) if len(value) < 80 else None
        if iso:
            label = " ".join(m.group("label").split()).capitalize()
            return iso, (f"'{label}' field", where)
    return None


# ---------------------------------------------------------------- an appended document's own appendices

def _set_own_appendices(documents: list[Document]) -> None:
    """An appended document (a consultant's study attached as Appendix A) that lists or heads two or more
    appendices of its own has its own set: its 'Appendix C' means its own, not its report's."""
    for doc in documents:
        if doc.kind != "appendix":
            continue
        siblings = [d for d in documents if d.kind == "appendix" and d.parent == doc.parent and d is not doc]
        listed = own_appendix_listing(doc.blocks, doc.title, doc.letter)
        if listed and not _lists_siblings(listed, siblings):
            doc.own_appendices = listed


def _lists_siblings(listed: dict[str, str], siblings: list[Document]) -> bool:
    """The listing is its report's set printed again: most of its titles are sibling appendices' titles."""
    same = sum(1 for title in listed.values()
               if any(same_title(title, d.title) for d in siblings))
    return same * 2 >= len(listed)


def _set_captions(blocks: list[Block]) -> None:
    last_text = ""
    for b in blocks:
        if b.table is not None:
            b.table.caption = b.table.caption or last_text[:120]
        elif b.text:
            last_text = b.text
