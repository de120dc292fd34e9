"""Document starts cued by what opens a page: the segmentation of packs from other councils.

A council pack is a run of papers, each starting on a new page. What opens the page says what
the paper is: an "Agenda Item N" stamp, a report cover ("Committee Report", "Decision Pathway –
Report", "Report of:", a "TITLE:" label, a front-sheet table, "To Cabinet ... / By ..."), minutes,
an "APPENDIX X" heading or an impact-assessment form (appendices of the report before them), or a
bold title after a "This page is intentionally left blank" page. These cues only add starts that the
sample-style detection in segment.py did not find, so packs it already splits keep their documents.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

from rapidfuzz import fuzz

from auditor.model import Block, Document, Location
from auditor.structure.dates import DATE_RE, parse_long_date
from auditor.vocab import word_list_pattern

PAGE_END_RE = re.compile(r"(?:^|[\s)|])Page\s+\d{1,4}\s*$")
AGENDA_ITEM_RE = re.compile(r"^\s*Agenda\s+Item\s+\d{1,3}[A-Za-z]?\s*$", re.I)
AGENDA_ITEM_PREFIX_RE = re.compile(r"^\s*Agenda\s+Item\s+\d{1,3}[A-Za-z]?\b\s*", re.I)
REPORT_COVER_RE = re.compile(
    r"^\s*(?:(?:Non[- ])?Key\s+Decision\s+)?(?:Committee|Cabinet|Council|Executive|Officer)\s+Report\s*$"
    r"|^\s*Decision\s+Pathway\s*[–—-]\s*Report\b", re.I)
REPORT_LABEL_RE = re.compile(r"^\s*(?:Report\s+(?:of|to|from|by|author)|Lead\s+officer)\s*:", re.I)
TITLE_LABEL_RE = re.compile(r"^\s*(?:Report\s+)?(?:TITLE|Subject)\s*[:–—-]\s*(.+)$", re.I)
TO_MEETING_RE = re.compile(
    r"^\s*To:?\s+(?:the\s+)?(?:[A-Z][\w&,'’ ]*\s)?(?:Cabinet|Council|Committee|Board|Panel|Commission)\b")
BY_RE = re.compile(r"^\s*(?:By|From)\s*:?\s+[A-Z]")
# (not 'Minutes of the Previous Meeting': the agenda item that puts earlier minutes to this meeting)
NOT_EARLIER = rf"(?!(?:{word_list_pattern('earlier_period_words')})\b)"  # not 'the previous/last meeting'
MINUTES_START_RE = re.compile(rf"^\s*Minutes\s+of\s+(?:the|a|an)\s+{NOT_EARLIER}\w", re.I)
IMPACT_RE = re.compile(
    r"^\s*((?:Equality|Equalities|Environmental|Climate|Integrated)(?:\s+and\s+\w+)?\s+Impact\s+Assessment)\b", re.I)
APPENDIX_START_RE = re.compile(r"^\s*APPENDIX\s+([A-Z]\d{0,2}|\d{1,2})\b\s*[–—:.\-]?\s*(.*)$", re.I)
APPENDIX_IN_LINE_RE = re.compile(r"[.;]\s+Appendix\s+([A-Z]\d?)\s*[–—:]\s*(\w.*)$")  # "…charges. Appendix A – Title"
LISTED_RE = re.compile(r"^\s*Appendix\s+([A-Z]\d{0,2}|\d{1,2})\s*[–—:\-.]\s*(.+?)\s*$", re.I)
LISTED_EXCLUDED_RE = re.compile(r"\s+(NO|N/A|Not (?:applicable|included|attached))\s*$", re.I)
LISTED_INCLUDED_RE = re.compile(r"\s+(YES|Attached)\s*$", re.I)
APPENDICES_HEADING_RE = re.compile(r"^\s*(?:list\s+of\s+)?appendi(?:ces|x)\s*:?\s*$", re.I)
FURNITURE_RE = re.compile(
    r"^\s*(?:OFFICIAL(?:[- ]SENSITIVE)?|UNRESTRICTED|Unrestricted|NOT PROTECTIVELY MARKED|Public|"
    r"Page\s+\d+|\d{1,4}|www\.\S+|\S+@\S+\.\S+|Agenda\s+Item\s+\d{1,3}[A-Za-z]?)\s*$", re.I)
WINDOW = 4  # blocks read at the top of a page


# ---------------------------------------------------------------- text packs: page ends

def split_at_page_ends(blocks: list[Block]) -> list[Block]:
    """Plain-text packs (pdftotext) have no pages: split paragraphs after a "Page N" footer line and
    before an "Agenda Item N" stamp, so that the paper starting on the next page starts a block."""
    out: list[Block] = []
    for b in blocks:
        out.extend(_split_block(b) if b.kind in ("paragraph", "list_item") and len(b.anchors) > 1 else [b])
    return out


def _split_block(block: Block) -> list[Block]:
    lines = block_lines(block)
    cuts = [k for k in range(1, len(lines))
            if PAGE_END_RE.search(lines[k - 1][0]) or AGENDA_ITEM_RE.match(lines[k][0])]
    if not cuts:
        return [block]
    raw_lines = block.raw.split("\n") if block.raw.count("\n") + 1 == len(lines) else [t for t, _ in lines]
    parts = []
    for a, z in zip([0] + cuts, cuts + [len(lines)]):
        part_lines = lines[a:z]
        anchors, offset = [], 0
        for text, loc in part_lines:
            anchors.append((offset, loc))
            offset += len(text) + 1
        first = a == 0
        parts.append(replace(block, kind=block.kind if first else "paragraph",
                             number=block.number if first else None,
                             text=" ".join(t for t, _ in part_lines), location=part_lines[0][1],
                             anchors=anchors, raw="\n".join(raw_lines[a:z]), links=list(block.links)))
    return parts


def block_lines(block: Block) -> list[tuple[str, Location]]:
    """A block's source lines with their locations (one line where the format keeps none)."""
    if len(block.anchors) < 2:
        return [(block.text, block.location)]
    out = []
    for k, (offset, loc) in enumerate(block.anchors):
        end = block.anchors[k + 1][0] - 1 if k + 1 < len(block.anchors) else len(block.text)
        out.append((block.text[offset:end], loc))
    return out


# ---------------------------------------------------------------- page starts

def page_starts(blocks: list[Block]) -> list[int]:
    """Indices of the first block of each page: a new PDF/Word page, after a "Page N" footer or a
    blank-page separator, an "Agenda Item N" stamp."""
    found = [0] if blocks else []
    for i in range(1, len(blocks)):
        prev, b = blocks[i - 1], blocks[i]
        new_page = b.location.page is not None and prev.location.page is not None and b.location.page != prev.location.page
        after_footer = prev.kind != "table" and bool(PAGE_END_RE.search(block_lines(prev)[-1][0]))
        if (new_page or after_footer or prev.kind == "separator" or AGENDA_ITEM_PREFIX_RE.match(b.text or "")) \
                and b.kind != "separator":
            found.append(i)
    return found


def _window(blocks: list[Block], start: int, limit: int) -> list[Block]:
    page = blocks[start].location.page
    out = []
    for b in blocks[start:limit]:
        if len(out) >= WINDOW or b.kind == "separator" or (page is not None and b.location.page != page):
            break
        out.append(b)
    return out


def _head_lines(window: list[Block], count: int = 6) -> list[str]:
    lines = [t for b in window if b.kind != "table" for t, _ in block_lines(b)]
    return [t for t in lines if t.strip()][:count]


def _content_lines(window: list[Block]) -> list[str]:
    return [t for t in _head_lines(window, 10) if not FURNITURE_RE.match(t)]


# ---------------------------------------------------------------- cues

def _cue(blocks: list[Block], start: int, limit: int, after_blank: bool) -> Optional[tuple[str, str, Optional[str]]]:
    """(kind, title, letter) of a paper that the page at start opens, or None."""
    window = _window(blocks, start, limit)
    if not window:
        return None
    lines = _head_lines(window)
    content = _content_lines(window)
    stamped = any(AGENDA_ITEM_RE.match(t) for t in lines)
    if any(MINUTES_START_RE.match(t) and len(t) < 100 and not t.rstrip().endswith(".") for t in content[:3]):
        title = _minutes_title(blocks, start, limit)
        if stamped or title != "Minutes":  # a dated heading, not a sentence about minutes
            return "minutes", title, None
    form = _form_table(window)
    if form:
        return form
    if any(REPORT_COVER_RE.match(t) or REPORT_LABEL_RE.match(t) for t in content[:4]) or _to_and_by(content[:6]):
        return "report", _report_title(blocks, start, limit, content), None
    appendix = _appendix_cue(content)
    if appendix:
        return appendix
    if stamped and content:
        return "other", clip_title(content[0]), None
    first = next((b for b in window if b.kind != "table" and not FURNITURE_RE.match(b.text)), None)
    if after_blank and first is not None and (first.kind == "heading" or first.bold) and 6 < len(first.text) < 150:
        return "report", clip_title(first.text), None
    return None


COVER_MEETING_RE = re.compile(r"^\s*(?:COMMITTEE|MEETING|Decision[- ]maker)\s*:\s*(.+)$", re.I)
COVER_DATE_RE = re.compile(r"^\s*(?:DATE|Meeting date|Date of meeting)\s*:\s*(.+)$", re.I)
COVER_AUTHOR_RE = re.compile(r"^\s*(?:Report\s+(?:of|by|from|author)|Officer presenting the report|Lead officer|By)\s*:?\s+(.+)$", re.I)


def _cover_lines(blocks: list[Block], start: int, limit: int) -> list[str]:
    return [t for b in blocks[start:min(limit, start + 14)] if b.kind != "table" for t, _ in block_lines(b)]


def _cover_meeting(blocks: list[Block], start: int, limit: int) -> Optional[str]:
    """The meeting a report's cover names ("COMMITTEE: X" + "DATE: d", or "To Cabinet – d"), with its date."""
    lines = _cover_lines(blocks, start, limit)
    for t in lines:
        if TO_MEETING_RE.match(t) and parse_long_date(t):
            return t.strip()
    name = next((m.group(1).strip() for m in map(COVER_MEETING_RE.match, lines) if m), None)
    when = next((m.group(1).strip() for m in map(COVER_DATE_RE.match, lines) if m and parse_long_date(m.group(1))), None)
    return f"{name} – {when}" if name and when else None


def _cover_author(blocks: list[Block], start: int, limit: int) -> Optional[str]:
    for t in _cover_lines(blocks, start, limit):
        m = COVER_AUTHOR_RE.match(t)
        if m:
            return clip_title(re.split(r"\s+(?:Job\s+)?title\s*:", m.group(1), flags=re.I)[0].strip(), 100)
    return None


def _to_and_by(lines: list[str]) -> bool:
    return any(TO_MEETING_RE.match(t) for t in lines) and any(BY_RE.match(t) for t in lines)


def _is_listing(lines: list[str]) -> bool:
    """A report's list of its appendices, not an appendix: an "Appendices" heading, two entries, YES/NO."""
    entries = [t for t in lines if LISTED_RE.match(t)]
    return (any(APPENDICES_HEADING_RE.match(t) or re.match(r"^\s*\d+\s*\|\s*Appendices\s*$", t, re.I) for t in lines)
            or len(entries) >= 2 or any(LISTED_EXCLUDED_RE.search(t) or LISTED_INCLUDED_RE.search(t) for t in entries))


def _appendix_cue(content: list[str]) -> Optional[tuple[str, str, Optional[str]]]:
    if _is_listing(content):
        return None
    for t in content[:2]:
        m = APPENDIX_START_RE.match(t)
        if m and len(t) < 160:
            return "appendix", clip_title(m.group(2).strip(" –—-:")), m.group(1).upper()
        m = IMPACT_RE.match(t)
        if m:
            return "appendix", m.group(1), None
    for t in content[:2]:
        m = APPENDIX_IN_LINE_RE.search(t)
        if m and len(t) < 200:
            return "appendix", clip_title(m.group(2)), m.group(1)
    return None


def _form_table(window: list[Block]) -> Optional[tuple[str, str, Optional[str]]]:
    """A page opening with a form: label rows ("Amendment Name:", "Report of:", "Title:") under a one-cell
    title row, or a report's front-sheet table of labels."""
    table = window[0].table if window[0].kind == "table" else None
    if table is None or len(table.rows) < 2:
        return None
    head = [c.text.strip() for c in table.rows[0] if c.text.strip()]
    titled = len(head) == 1 and len(head[0]) <= 60 and not head[0].endswith(":")
    labels = {c.text.strip().rstrip(":").strip().lower(): row for row in table.rows[1 if titled else 0:]
              for c in row[:1] if c.text.strip().endswith(":")}
    if len(labels) < 2:
        return None
    value = {k: next((c.text.strip() for c in row[1:] if c.text.strip()), "") for k, row in labels.items()}
    report_of = any(k.startswith(("report of", "report by", "report from", "report author", "lead officer")) for k in labels)
    title = next((v for k, v in value.items() if v and ("title" in k or "subject" in k)), "")
    if report_of and title:
        return "report", clip_title(title), None
    name = next((v for k, v in value.items() if v and "name" in k), "")
    if titled:
        return "other", clip_title(f"{head[0]} – {name or title}" if (name or title) else head[0]), None
    return None


def _report_title(blocks: list[Block], start: int, limit: int, content: list[str]) -> str:
    lines = _cover_lines(blocks, start, limit)
    for k, t in enumerate(lines):
        m = TITLE_LABEL_RE.match(t)
        if m and m.group(1).strip():
            return clip_title(_label_wrapped_value(lines[k - 1] if k else "") + m.group(1).strip())
    for t in content:
        if not (REPORT_COVER_RE.match(t) or REPORT_LABEL_RE.match(t)):
            return clip_title(t)
    return clip_title(content[0]) if content else "Report"


# "REPORT MAYORAL COMBINED AUTHORITY AND MAYORAL BUDGET" over "TITLE: OUTTURN 2025/26": the label
# "REPORT TITLE:" printed on two lines beside a title on two, the title's first line after "REPORT"
WRAPPED_LABEL_RE = re.compile(r"^\s*REPORT\s+(?!(?:OF|TO|FROM|BY|AUTHOR|NO|NUMBER|REF)\b)(?P<value>[^:]+?)\s*$")


def _label_wrapped_value(previous: str) -> str:
    m = WRAPPED_LABEL_RE.match(previous)
    return m.group("value") + " " if m else ""


def _minutes_title(blocks: list[Block], start: int, limit: int) -> str:
    for b in blocks[start:min(limit, start + 6)]:
        m = DATE_RE.search(b.text or "")
        if m:
            return f"Minutes of the meeting of {m.group(0)}"
    return "Minutes"


def clip_title(text: str, size: int = 120) -> str:
    """A title on one line, cut at a word within `size` characters (an ellipsis marks the cut)."""
    text = " ".join(text.split())
    return text if len(text) <= size else text[:size].rsplit(" ", 1)[0] + "…"


# ---------------------------------------------------------------- merging with the sample-style starts

def add_page_cued_starts(blocks: list[Block], starts: list[tuple[int, Document]]) -> list[tuple[int, Document]]:
    """Add the starts cued by page openings that the sample-style detection did not find."""
    known = [s for s, _ in starts]
    pages = page_starts(blocks)
    separators = {i + 1 for i, b in enumerate(blocks) if b.kind == "separator"}
    merged = list(starts)
    with_appendices = {d.parent for _, d in starts if d.kind == "appendix"}
    for n, p in enumerate(pages):
        if any(abs(k - p) <= WINDOW for k in known):
            continue
        limit = pages[n + 1] if n + 1 < len(pages) else len(blocks)
        cue = _cue(blocks, p, limit, after_blank=_after_blank(blocks, p, separators))
        if cue is None:
            continue
        doc = _document(cue, blocks[p].location, current=_current(merged, p), blocks=blocks, merged=merged, at=p)
        if doc is not None and doc.kind == "report":
            doc.meeting_for, doc.report_of = _cover_meeting(blocks, p, limit), _cover_author(blocks, p, limit)
        if doc is not None and not (doc.kind == "appendix" and doc.parent in with_appendices):
            merged.append((p, doc))
            merged.sort(key=lambda x: x[0])
    for report in [d for _, d in merged if d.kind == "report" and all(d is not o for _, o in starts)]:
        _add_first_listed_appendix(blocks, merged, pages, report)
    _add_next_appendix_headings(blocks, merged, new=[d for _, d in merged if all(d is not o for _, o in starts)])
    _drop_letters_of_partial_sets(blocks, merged, new=[d for _, d in merged if all(d is not o for _, o in starts)])
    return merged


def _add_first_listed_appendix(blocks, merged, pages, report: Document) -> None:
    """A report that ends with its list of appendices ("Appendix A – ... YES") is followed, on the next
    page, by the first appendix it lists, cover heading or not."""
    start = next(s for s, d in merged if d is report)
    end = next((s for s, d in merged if s > start), len(blocks))
    last = max((i for i in range(start, end) if blocks[i].kind != "table"
                and any(LISTED_RE.match(t) and (LISTED_INCLUDED_RE.search(t) or LISTED_EXCLUDED_RE.search(t))
                        for t, _ in block_lines(blocks[i]))), default=None)
    if last is None:
        return
    following = next((p for p in pages if p > last), None)
    if following is None or following >= end or following - last > 8:
        return
    listed = _listed(blocks, merged, report, following)
    if not listed:
        return
    letter, title = next(iter(listed.items()))
    merged.append((following, Document(clip_title(f"Appendix {letter} – {title}", 160), "appendix",
                                       blocks[following].location, letter=letter, parent=report.title)))
    merged.sort(key=lambda x: x[0])


def _add_next_appendix_headings(blocks, merged, new: list[Document]) -> None:
    """An appendix runs on until a heading names the next one of its report's set ("Appendix 6 Capital
    Programme" half-way down the page that ends Appendix 5): that heading starts Appendix 6."""
    k = 0
    while k < len(merged):
        start, doc = merged[k]
        end = merged[k + 1][0] if k + 1 < len(merged) else len(blocks)
        nxt = _next_letter(doc.letter) if doc.kind == "appendix" and doc in new else None
        at = next((i for i in range(start + 1, end) if nxt and _heads_appendix(blocks[i], nxt)), None)
        if at is not None:
            title = clip_title(APPENDIX_START_RE.match(blocks[at].text).group(2).strip(" –—-:"))
            found = _document(("appendix", title, nxt), blocks[at].location, current=doc, blocks=blocks,
                              merged=merged, at=at)  # not the appended study's own Appendix B
            if found is not None:
                merged.insert(k + 1, (at, found))
                new.append(found)
        k += 1


def _next_letter(letter: Optional[str]) -> Optional[str]:
    if not letter:
        return None
    if letter.isdigit():
        return str(int(letter) + 1)
    return chr(ord(letter) + 1) if len(letter) == 1 and "A" <= letter < "Z" else None


def _heads_appendix(block: Block, letter: str) -> bool:
    m = APPENDIX_START_RE.match(block.text) if block.kind != "table" else None
    return (bool(m) and m.group(1).upper() == letter and (block.kind == "heading" or block.bold)
            and len(block.text) < 100)


def _drop_letters_of_partial_sets(blocks, merged, new: list[Document]) -> None:
    """Lettered appendices tell cross-reference checks "this report's appendices are A, B, C". Where the
    page cues found only part of a report's set (a listed appendix, or a letter before the last one,
    was not found), a reference to a missing one would be a false alarm: keep those documents, unlettered."""
    for report in {d.parent for d in new if d.kind == "appendix" and d.letter}:
        mine = [d for _, d in merged if d.kind == "appendix" and d.parent == report]
        letters = {d.letter for d in mine if d.letter}
        report_doc = next((d for _, d in merged if d.kind == "report" and d.title == report), None)
        first = next((s for s, d in merged if d is mine[0]), len(blocks))
        listed = set(_listed(blocks, merged, report_doc, first)) if report_doc else set()
        if not _complete(letters, listed):
            for d in mine:
                d.letter = None


def _complete(letters: set[str], listed: set[str]) -> bool:
    if listed:
        return listed <= letters
    singles = sorted(x for x in letters if len(x) == 1)
    if len(singles) != len(letters):
        return False
    expected = [chr(c) for c in range(ord("A"), ord("A") + len(singles))] if singles and singles[0].isalpha() \
        else [str(k) for k in range(1, len(singles) + 1)]
    return singles == expected


def _after_blank(blocks: list[Block], p: int, separators: set[int]) -> bool:
    k = p
    while k > 0 and blocks[k - 1].kind == "separator":
        k -= 1
    return k != p or p in separators


def _current(merged: list[tuple[int, Document]], p: int) -> Optional[Document]:
    before = [d for s, d in merged if s < p]
    return before[-1] if before else None


def _document(cue, location: Location, current: Optional[Document], blocks, merged, at) -> Optional[Document]:
    kind, title, letter = cue
    if kind != "appendix":
        letter = _listed_title_of(title, current, blocks, merged, at)
        if letter is None:
            return Document(title, kind, location)
        kind = "appendix"  # a cover titled as one of the report's listed appendices
    report = _report_for(current, merged)
    if report is None:
        return None  # an appendix with no report before it: leave it where it is
    if current.kind == "appendix" and letter and current.letter == letter:
        return None  # the same appendix's heading repeated on its next page
    listed = _listed(blocks, merged, report, at)
    if _own_appendix_page(title, letter, current, listed, blocks, merged, at):
        return None
    if letter is None:
        letter = next((k for k, t in listed.items() if fuzz.partial_ratio(title.lower(), t.lower()) >= 85), None)
    own = _own_title(_window(blocks, at, len(blocks))) if IMPACT_RE.match(title) else ""
    title = title or listed.get(letter or "", "")
    name = (f"Appendix {letter} – {title}" if title else f"Appendix {letter}") if letter else title
    return Document(clip_title(name + (f": {own}" if own else ""), 160), "appendix", location, letter=letter,
                    parent=report.title)


def _own_appendix_page(title: str, letter: Optional[str], current: Document, listed: dict[str, str],
                       blocks, merged, at) -> bool:
    """A page headed with an appendix that the current appended document lists as its own (a study's
    'APPENDIX C – Route Map') continues that document: it is not another appendix of the report."""
    if current.kind != "appendix" or not letter:
        return False
    start = next(s for s, d in merged if d is current)
    own = own_appendix_listing(blocks[start:at], current.title, current.letter)
    if letter not in own:
        return False
    if letter in listed and (not title or same_title(title, listed[letter])):
        return False  # the report lists it too, under this title: the report's own appendix
    return not title or same_title(title, own[letter]) or letter not in listed


def _listed_title_of(title: str, current: Optional[Document], blocks, merged, at) -> Optional[str]:
    report = _report_for(current, merged)
    if report is None:
        return None
    listed = _listed(blocks, merged, report, at)
    return next((k for k, t in listed.items() if fuzz.token_set_ratio(title.lower(), t.lower()) >= 85), None)


def _report_for(current: Optional[Document], merged) -> Optional[Document]:
    """The report a page belongs to: the current document, or the report of the current appendix."""
    if current is not None and current.kind == "appendix":
        current = next((d for _, d in merged if d.kind == "report" and d.title == current.parent), None)
    return current if current is not None and current.kind == "report" else None


def _own_title(window: list[Block]) -> str:
    """The form's own title line ("Title: ...") just under an impact-assessment heading."""
    for b in window[:3]:
        for t, _ in block_lines(b) if b.kind != "table" else []:
            m = re.match(r"^\s*(?:Proposal\s+)?Title\s*[:–—-]\s*(.+)$", t, re.I)
            if m:
                return clip_title(m.group(1).strip(), 80)
    return ""


def _listed(blocks: list[Block], merged, report: Document, before: int) -> dict[str, str]:
    """The appendices a report lists as included (letter -> title), read from its own lines before `before`
    (not from an appendix after it, which may list appendices of its own)."""
    start = next(s for s, d in merged if d is report)
    end = min([before] + [s for s, _ in merged if s > start])
    found: dict[str, str] = {}
    for b in blocks[start:end]:
        if b.kind == "table":
            continue
        for t, _ in block_lines(b):
            m = LISTED_RE.match(t)
            if not m or LISTED_EXCLUDED_RE.search(t) or len(t) > 160:
                continue
            title = LISTED_INCLUDED_RE.sub("", m.group(2)).strip(" –—-")
            found.setdefault(m.group(1).upper(), title)
    return found


# ---------------------------------------------------------------- an appended document's own appendices

# "7.3 Appendix C: WPL Route Map ........ 58" (a contents entry) or "7.3 Appendix C: WPL Route Map" (its heading)
APPENDIX_TITLE_LINE_RE = re.compile(
    r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?Appendix\s+([A-Z]\d{0,2}|\d{1,2})\s*[:–—-]\s*"
    r"(\S.*?)(?:\s*[.…·]{3,}\s*\d{1,3})?\s*$", re.I)
REPORT_LISTING_RE = re.compile(r"\s(?:YES|NO|N/A|Attached)\s*$")  # a report's "Appendix B – EqIA YES"


def own_appendix_listing(blocks: list[Block], title: str, letter: Optional[str]) -> dict[str, str]:
    """Letter -> title of the appendices a document lists or heads (its own title heading left out), when
    they are two or more besides its own letter: a set of its own. Empty otherwise."""
    listed = _appendix_title_lines(blocks, title)
    return listed if len(set(listed) - {letter}) >= 2 else {}


def _appendix_title_lines(blocks: list[Block], own_title: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for block in blocks:
        if block.table is not None:
            continue
        for text, _ in block_lines(block):
            m = APPENDIX_TITLE_LINE_RE.match(text)
            if not m or len(text) > 160 or REPORT_LISTING_RE.search(text):
                continue
            letter, title = m.group(1).upper(), m.group(2).strip(" –—-:")
            if same_title(title, own_title):
                continue  # the document's own heading ("Appendix A – Feasibility Study"), repeated on each page
            found.setdefault(letter, title)
    return found


def same_title(title: str, document_title: str) -> bool:
    """An appendix title against a document's ("Appendix B – Equality Impact Assessment: RPS"), whole words
    compared in order: a title whose words all occur in a longer one is not the same title."""
    def bare(text: str) -> str:
        text = re.sub(r"^\s*Appendix\s+[A-Z0-9]{1,3}\s*[–—:.\-]?\s*", "", text, flags=re.I)
        return " ".join(re.findall(r"\w+", text.lower()))
    a, b = bare(title), bare(document_title)
    return fuzz.ratio(a, b) >= 85 or (len(a) >= 20 and b.startswith(a)) or (len(b) >= 20 and a.startswith(b))
