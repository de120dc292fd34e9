"""report-period: the quarter a report is for, as its title, its headings and its positions state it.

A report of a quarter is written once the quarter is over, and it states that quarter as its own
period: in its title ('QUARTER 2 2024/25 PERFORMANCE REPORT'), in a heading that names a report, a
dashboard or a register of the quarter ('Performance Dashboard Quarter 2, 2024/25'), and in a position
at the quarter's end ('the financial position as at Quarter 3 2024-25', 'in the year to end Quarter 2
2024/25'). Two slips are found:

- such a statement names a quarter that has not ended by the date the document speaks from (the
  meeting it goes to, as the pack gives it): 'the financial position as at Quarter 4 2024-25' in a
  report to a meeting of 30 January 2025, a 'Q2 2024/25 Corporate Risk Report' on 12 September 2024;
- a title or heading names another quarter of the same financial year than the rest of the report's
  titles and headings do: a 'Quarter 2 2024/25 Performance Report' whose dashboard is headed
  'Quarter 3, 2024/25'.

A quarter still to come told as such ('the Quarter 4 forecast', 'will be reported at Quarter 4', 'by the
end of Quarter 4') is not a statement of the report's own period and is left alone; so is a quarter whose
year is not written, a clause that tells a forecast or a plan, a table cell, the agenda and the minutes.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional

from auditor.checks import register
from auditor.checks._common import excerpt_around, finding_on
from auditor.checks._facts import document_date, pack_dates
from auditor.checks.date_tense import FUTURE_RX, PROSPECT_RX
from auditor.facts.dates import DatedText, DateMention
from auditor.model import Related
from auditor.vocab import word_list_pattern

JUDGED_DOCUMENTS = ("report", "appendix", "other")
TITLE_SEARCH_BLOCKS = 12  # a report's title is printed among its first blocks
# 'the financial position as at', 'in the year to end': the clause puts a position at the quarter's end
END_CUE_RX = re.compile(r"\b(?:" + word_list_pattern("period_end_cues") + r")\s+(?:the\s+)?$", re.I)
REPORT_NOUN_RX = re.compile(r"\b(?:" + word_list_pattern("report_period_nouns") + r")\b", re.I)
# a heading is short and tells nothing: no sentence ends inside it, and it has no finite verb
SENTENCE_END_RX = re.compile(r"[.;!?](?:\s|$)")
FINITE_VERB_RX = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|shall|should|can|could|may|must)\b", re.I)
MAX_HEADING_WORDS = 24
# 'Previous Quarter 1 2024/25 Dashboard', 'Forthcoming Quarter 3 Report': a heading of another period than the report's
OTHER_PERIOD_RX = re.compile(r"\b(?:" + word_list_pattern("earlier_period_words") + r")\b", re.I)


@dataclass
class Statement:
    """A quarter the report states as its own period, and how it states it."""

    item: DatedText
    mention: DateMention
    how: str  # "title" | "heading" | "position"

    @property
    def location(self):
        return self.item.location_of(self.mention)

    @property
    def excerpt(self) -> str:
        return excerpt_around(self.item.text, self.mention.start, self.mention.end)


@register("report-period", params={
    # a quarter that ends this many days or fewer after the meeting is let pass
    "grace_days": (int, 0),
}, needs=("dates",))
def check_report_period(pack, rule, params, ctx):
    """A report's own quarter not yet ended at its meeting, or its title and headings naming two quarters."""
    by_doc: dict[int, list[DatedText]] = defaultdict(list)
    for item in pack_dates(pack, ctx):
        if item.cell_location is None and item.doc.kind in JUDGED_DOCUMENTS:
            by_doc[id(item.doc)].append(item)
    groups: dict[str, list[Statement]] = defaultdict(list)  # a report and its appendices
    grace = timedelta(days=params["grace_days"])
    for doc in pack.documents:
        items = by_doc.get(id(doc))
        if not items:
            continue
        statements = _statements(doc, items)
        reference = document_date(doc, pack, ctx)
        early = set()
        for s in statements:
            if reference is not None and s.mention.last > reference + grace:
                early.add(id(s))
                yield _not_ended(rule, doc, s, reference)
        key = doc.parent if doc.kind == "appendix" and doc.parent else doc.title
        groups[key].extend(s for s in statements if id(s) not in early)
    for statements in groups.values():
        yield from _odd_quarters(rule, pack, statements)


def _statements(doc, items: list[DatedText]) -> list[Statement]:
    """The quarters (with their year written) a document states as its own period."""
    title = _title_place(doc, items)
    out = []
    for item in items:
        quarters = [m for m in item.mentions if m.kind == "quarter" and not m.year_inferred and not m.ambiguous
                    and not m.problem]
        if not quarters:
            continue
        heading = (len(quarters) == 1 and _heading_like(item.block) and REPORT_NOUN_RX.search(item.text) is not None
                   and not OTHER_PERIOD_RX.search(item.text) and not FUTURE_RX.search(item.text))
        for m in quarters:
            if title and title[0] is item and title[1] <= m.start and m.end <= title[2]:
                out.append(Statement(item, m, "title"))
            elif heading:
                out.append(Statement(item, m, "heading"))
            elif _position(item, m):
                out.append(Statement(item, m, "position"))
    return out


def _mask(text: str) -> str:
    """Lower case with every digit alike: a title's quarter or year, mistyped, still finds the title."""
    return re.sub(r"\d", "#", text.lower())


def _title_place(doc, items: list[DatedText]) -> Optional[tuple[DatedText, int, int]]:
    """The block printing the document's title, and where in it: (item, start, end)."""
    if not doc.title or not re.search(r"\d", doc.title):
        return None
    wanted = _mask(doc.title)
    first = {id(b) for b in doc.blocks[:TITLE_SEARCH_BLOCKS]}
    for item in items:
        if id(item.block) in first:
            at = _mask(item.text).find(wanted)
            if at >= 0:
                return item, at, at + len(wanted)
    return None


def _heading_like(block) -> bool:
    if block.kind == "heading":
        return True
    text = block.text.strip()
    return (block.kind == "paragraph" and len(text.split()) <= MAX_HEADING_WORDS
            and not SENTENCE_END_RX.search(text) and not FINITE_VERB_RX.search(text))


def _position(item: DatedText, m: DateMention) -> bool:
    """'the financial position as at Quarter 3 2024-25', 'was 0.8% at the end of Q2 2024/25': a position told at
    the quarter's end, as a record (not 'the forecast position as at ...', nor 'will be reported at the end of
    ...'). After 'at the end of' or 'to end', the sentence must give a figure: 'the new system goes live at the
    end of Quarter 4' dates an event, and tells no position."""
    text = item.text
    before = text[m.clause_start:m.start]
    cue = END_CUE_RX.search(before[-40:])
    if not cue:
        return False
    clause = text[m.clause_start:m.clause_end or len(text)]
    if FUTURE_RX.search(clause) or PROSPECT_RX.search(before):
        return False
    return cue.group(0).lower().startswith("as ") or _gives_a_figure(item, m)


def _gives_a_figure(item: DatedText, m: DateMention) -> bool:
    """Whether the sentence holds a figure besides its dates: a digit outside every date it names."""
    start, end = m.sentence_start, m.sentence_start + len(m.sentence or "")
    chars = list(item.text[start:end])
    for other in item.mentions:
        for i in range(max(other.start, start), min(other.end, end)):
            chars[i - start] = " "
    return re.search(r"\d", "".join(chars)) is not None


def _quarter_ended_by(day: date) -> str:
    """The last financial-year quarter ended by `day`: 'Quarter 3 2024/25'."""
    end = day.replace(day=1) - timedelta(days=1)
    while end.month not in (3, 6, 9, 12):
        end = end.replace(day=1) - timedelta(days=1)
    q = {6: 1, 9: 2, 12: 3, 3: 4}[end.month]
    fy = end.year if end.month > 3 else end.year - 1
    return f"Quarter {q} {fy}/{str(fy + 1)[2:]}"


WHAT = {"title": "the report's title", "heading": "a heading naming a report of the quarter",
        "position": "a position at the end of the quarter"}


THIS = {"title": "its title", "heading": "this heading", "position": "this position"}
# 'performance has since improved to 54.4% at the end of Quarter 3': a later figure told as later
LATER_RX = re.compile(r"\b(?:since|subsequently|latest|more recent|most recent|updated)\b", re.I)


def _since(s: Statement) -> bool:
    return LATER_RX.search(s.mention.sentence or s.item.text) is not None


def _not_ended(rule, doc, s: Statement, reference: date):
    m = s.mention
    why = (f"{m.text} runs {m.first:%B} to {m.last:%B %Y} and had not ended by {reference:%-d %B %Y}, "
           f"the date this paper speaks from: {WHAT[s.how]} cannot yet state it")
    return finding_on(rule, doc, s.location, s.excerpt, f"'{m.text}' has not ended by the meeting: {why}",
                      expected=f"a quarter ended by {reference:%-d %B %Y} (the latest is {_quarter_ended_by(reference)})",
                      found=m.text, why=why, written=m.text, read_as=m.iso, reference=reference.isoformat(),
                      stated_as=s.how)


def _financial_year(m: DateMention) -> int:
    return m.first.year if m.first.month >= 4 else m.first.year - 1


def _odd_quarters(rule, pack, statements: list[Statement]):
    """A title or heading naming another quarter of a year than the others do: the report's quarter is the
    one most of them name (the title's, when as many name each). A position at the end of a later quarter
    of that year than the report's own is odd too ('NEET at the end of Q3 2024/25' in a Quarter 2 report);
    one of an earlier quarter is a comparison ('reduced from £26.8m at the end of Quarter 2')."""
    by_year: dict[int, list[Statement]] = defaultdict(list)
    for s in statements:
        by_year[_financial_year(s.mention)].append(s)
    for year_statements in by_year.values():
        named = [s for s in year_statements if s.how != "position"]
        counts = Counter(s.mention.quarter for s in named)
        if not counts:
            continue
        titled = {s.mention.quarter for s in named if s.how == "title"}
        ranked = sorted(counts, key=lambda q: (counts[q], q in titled), reverse=True)
        best = ranked[0]
        if len(ranked) > 1 and (counts[best], best in titled) == (counts[ranked[1]], ranked[1] in titled):
            continue  # as many say each: no telling which is the report's
        own = sorted((s for s in named if s.mention.quarter == best), key=lambda s: s.how != "title")[0]
        for s in year_statements:
            if s.mention.quarter == best or (s.how == "position" and (s.mention.quarter < best or _since(s))):
                continue
            m = s.mention
            doc = s.item.doc
            said = (f"the report's title gives {own.mention.text} as its period" if own.how == "title"
                    else f"{counts[best]} of its headings give {own.mention.text} as its period")
            why = f"{said}, but {THIS[s.how]} names {m.text}"
            finding = finding_on(rule, doc, s.location, s.excerpt, f"'{m.text}' is not the report's quarter: {why}",
                                 expected=own.mention.text, found=m.text, why=why, written=m.text,
                                 reference=own.mention.text, stated_as=s.how)
            finding.related = [Related(own.item.doc.title, own.location, own.excerpt)]
            yield finding
