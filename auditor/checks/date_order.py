"""date-order: dated steps that must come in order, and the same decision dated twice.

- "the next meeting ... on X": X after the meeting (or minutes) that says it;
- "the minutes of the meeting held on X were confirmed": X before the meeting confirming them;
- a step that starts and one that ends in the same sentence ("will commence on 10 February and
  run until 6 April 2025"): the end after the start;
- an "8-week consultation" whose start and end dates do not span 8 weeks;
- the feedback from a consultation reported before the consultation closes;
- a budget for a financial year agreed more than 9 months before the year starts, or after it ends;
- a decision dated in the text ("approved by the County Council in March 2022") against the
  document's own background papers ("Report to the County Council on 18 May 2022" on the same
  subject).
"""
from __future__ import annotations

import re
from datetime import date
from typing import Optional

from rapidfuzz import fuzz

from auditor.checks import register
from auditor.checks._common import excerpt_around, finding_at, finding_on
from auditor.checks._facts import meeting_date, pack_dates
from auditor.facts.dates import DateMention, find_dates
from auditor.model import Related
from auditor.numbers import word_to_int
from auditor.vocab import number_word_pattern, words

NEXT_MEETING_RX = re.compile(r"(?i)\bnext\s+(?:ordinary\s+|scheduled\s+)?meeting\b")
MINUTES_HELD_RX = re.compile(r"(?i)\bminutes\s+of\s+(?:the\s+|a\s+)?(?:previous\s+|last\s+)?meeting\b")
CONFIRMED_RX = re.compile(r"(?i)\b(?:confirm\w*|taken\s+as\s+read|approv\w*|signed|agreed|accurate\s+record)\b")
START_CUE_RX = re.compile(r"(?i)\b(?:commenc\w*|start\w*|begin\w*|began|open\w*|launch\w*|from)\s+(?:on\s+)?(?:the\s+)?$")
END_CUE_RX = re.compile(r"(?i)\b(?:clos\w*|end\w*|finish\w*|until|till|run\s+to|deadline\s+(?:of|is)?)\s+(?:on\s+)?(?:the\s+)?$")
CONSULT_CLOSE_RX = re.compile(r"(?i)\bconsult\w*\b")
FEEDBACK_RX = re.compile(r"(?i)\b(?:feedback|results?|outcomes?|responses?)\s+(?:from|of|to)\s+(?:the\s+)?consultation")
_BODY = r"[A-Z][\w'’&]*(?:\s+(?:and\s+|of\s+|for\s+)?[A-Z][\w'’&]*){0,6}"
DECISION_RX = re.compile(
    r"\b(?i:approved|agreed|adopted|endorsed|considered|noted)\s+(?i:by)\s+(?:the\s+)?(?P<body>" + _BODY + r")"
    r"|\b(?i:taken|presented|reported|submitted)\s+to\s+(?:the\s+)?(?P<body2>" + _BODY + r")")
STOPWORDS = frozenset(words("decision_subject_stopwords"))  # rules/vocab
CITATION_RX = re.compile(r"^\W*Report\s+to\s+(?:the\s+)?(?P<body>.+?)\s*(?:,\s*|\s+on\s+|\s+dated\s+|\s+)(?=\d)", re.I)


@register("date-order", params={
    "subject_similarity": (int, 70),  # rapidfuzz token_set_ratio for a statement and a background paper
}, needs=("dates",))
def check_date_order(pack, rule, params, ctx):
    """Next meeting after this one, minutes confirmed later, ends after starts, decisions dated alike."""
    meeting = meeting_date(pack, ctx)
    for item in pack_dates(pack, ctx):
        reference = item.doc_date or meeting
        days = [m for m in item.mentions if m.kind == "day" and not m.problem and not m.year_inferred]
        if reference is not None:
            yield from _next_meeting(rule, item, days, reference)
            yield from _minutes_confirmed(rule, item, days, reference)
        yield from _start_end(rule, item)
        yield from _duration(rule, item)
        yield from _budget_approval(rule, item)
    for doc in pack.documents:
        yield from _consultation_feedback(rule, pack, doc, ctx)
        yield from _decisions_vs_background(rule, doc, params["subject_similarity"])


def _at(rule, item, mention, message, expected, found, **extra):
    return finding_on(rule, item.doc, item.location_of(mention), excerpt_around(item.text, mention.start, mention.end),
                      message, expected=expected, found=found, **extra)


def _what_meeting(item) -> str:
    return "the meeting these minutes record" if item.doc.kind == "minutes" else "this meeting"


def _next_meeting(rule, item, days, reference: date):
    for mention in days:
        if not NEXT_MEETING_RX.search(item.text[mention.sentence_start:mention.start]):
            continue
        if mention.first <= reference:
            why = f"a next meeting must come after {_what_meeting(item)} ({reference:%-d %B %Y})"
            yield _at(rule, item, mention, f"Next meeting '{mention.text}' (read as {mention.iso}) is not after "
                      f"{_what_meeting(item)} ({reference.isoformat()})", f"a date after {reference.isoformat()}",
                      mention.text, written=mention.text, read_as=mention.iso, reference=reference.isoformat(), why=why)


def _minutes_confirmed(rule, item, days, reference: date):
    for mention in days:
        lead = item.text[mention.sentence_start:mention.start]
        if not MINUTES_HELD_RX.search(lead) or NEXT_MEETING_RX.search(lead):
            continue
        if item.doc.kind != "agenda" and not CONFIRMED_RX.search(mention.sentence):
            continue  # a minutes' own heading, not minutes being confirmed
        if mention.first >= reference:
            why = f"minutes are confirmed at a later meeting than the one they record ({reference:%-d %B %Y})"
            yield _at(rule, item, mention, f"Minutes of the meeting of '{mention.text}' (read as {mention.iso}) are "
                      f"put to {_what_meeting(item)} ({reference.isoformat()}), which is not later",
                      f"a date before {reference.isoformat()}", mention.text,
                      written=mention.text, read_as=mention.iso, reference=reference.isoformat(), why=why)


def _same_step(gap: str) -> bool:
    """'... on 10 February and run until 6 April': one step. '... and the old contract ends on': another."""
    return len(gap) <= 50 and not re.search(r"(?i)\b(?:the|a|an|this|that|its|their|our|which|while|whilst)\b", gap)


def _sort_by_cue(lead: str, mention: DateMention, starts: list, ends: list) -> None:
    """A date after 'commence/open/start' goes to starts, one after 'close/until/end' to ends."""
    if START_CUE_RX.search(lead):
        starts.append(mention)
    elif END_CUE_RX.search(lead):
        ends.append(mention)


def _one_step(item, starts, ends) -> Optional[tuple[DateMention, DateMention]]:
    """The one start and the one end, the end written after the start, of one step (see _same_step)."""
    if len(starts) == 1 and len(ends) == 1 and ends[0].start > starts[0].start \
            and _same_step(item.text[starts[0].end:ends[0].start]):
        return starts[0], ends[0]
    return None


def _start_end(rule, item):
    """In one sentence: a date after 'commence/open/start' and a later one after 'close/until/end'."""
    by_sentence: dict[int, list[DateMention]] = {}
    for mention in item.mentions:
        if mention.kind in ("day", "month") and not mention.problem:
            by_sentence.setdefault(mention.sentence_start, []).append(mention)
    for mentions in by_sentence.values():
        starts, ends = [], []
        previous_end = mentions[0].sentence_start
        for mention in mentions:
            _sort_by_cue(item.text[previous_end:mention.start], mention, starts, ends)
            previous_end = mention.end
        step = _one_step(item, starts, ends)
        if step is not None and step[1].last < step[0].first:
            start, end = step
            why = f"it ends ({end.iso}) before it starts ({start.iso})"
            yield _at(rule, item, end, f"'{end.text}' (read as {end.iso}) ends a step that starts on '{start.text}' "
                      f"(read as {start.iso}): {why}", f"a date after {start.iso}", end.text,
                      written=end.text, read_as=end.iso, reference=start.iso, why=why)


DURATION_RX = re.compile(
    r"(?i)\b(?P<n>\d{1,2}|" + number_word_pattern() + r")[- ](?P<unit>week|month)s?['’]?[- ]"
    r"(?:long\s+)?(?:public\s+|formal\s+|statutory\s+|online\s+)?"
    r"(?:consultation|engagement|consultation\s+period|period|exercise|trial|pilot)\b")


NOT_THIS_LENGTH_RX = re.compile(r"(?i)\b(?:rather\s+than|instead\s+of|than|normal|usual|standard|typical|"
                                r"minimum|at\s+least)\b[\w\s]*$")


def _start_end_pair(item) -> Optional[tuple[DateMention, DateMention]]:
    """The one (start, end) pair of days in a text: 'commence on A ... until B', or a range 'from A to B'."""
    pairs = []
    previous_end = 0
    starts, ends = [], []
    for mention in item.mentions:
        if mention.kind == "range" and len(mention.parts) == 2 and all(p.kind == "day" for p in mention.parts):
            pairs.append((mention.parts[0], mention.parts[1]))
        elif mention.kind == "day" and not mention.problem and not mention.year_inferred:
            _sort_by_cue(item.text[previous_end:mention.start], mention, starts, ends)
        previous_end = mention.end
    step = _one_step(item, starts, ends)
    if step is not None:
        pairs.append(step)
    return pairs[0] if len(pairs) == 1 else None


def _duration(rule, item):
    """'an 8-week consultation ... will commence on 10 February and run until 6 April': the dates span 8 weeks."""
    durations = list(DURATION_RX.finditer(item.text))
    if len(durations) != 1 or item.cell_location is not None:
        return
    pair = _start_end_pair(item)
    if pair is None:
        return
    start, end = pair
    m = durations[0]
    if NOT_THIS_LENGTH_RX.search(item.text[max(0, m.start() - 30):m.start()]):
        return  # "8 weeks rather than the normal 6-week period": a usual length, not this one's
    raw = m.group("n").lower()
    n = int(raw) if raw.isdigit() else word_to_int(raw)
    days = (end.first - start.first).days + 1  # both days count
    if m.group("unit").lower() == "week":
        expected_days, tolerance, stated = 7 * n, 3, f"{n} weeks"
    else:
        total = start.first.year * 12 + start.first.month - 1 + n
        try:
            expected_days = (date(total // 12, total % 12 + 1, 1) - date(start.first.year, start.first.month, 1)).days
        except ValueError:
            return
        tolerance, stated = 7, f"{n} months"
    if abs(days - expected_days) <= tolerance:
        return
    weeks = f"{days // 7} weeks and {days % 7} days" if days % 7 else f"{days // 7} weeks"
    why = f"{start.iso} to {end.iso} is {days} days ({weeks}), not {stated}"
    yield _at(rule, item, end, f"'{m.group(0)}' but it runs from '{start.text}' to '{end.text}': {why}",
              f"{stated} from {start.iso}", f"{start.iso} to {end.iso}",
              written=f"{start.text} – {end.text}", read_as=f"{start.iso}/{end.iso}", reference=m.group(0), why=why)


BUDGET_RX = re.compile(r"(?i)\bbudgets?\b")
BUDGET_FOR_RX = re.compile(r"(?i)\bbudgets?\s+(?:for|of)\s+(?:the\s+)?(?:financial\s+year\s+)?$")
APPROVAL_RX = re.compile(r"(?i)\b(?:agreed|approved|set|adopted|endorsed|signed\s+off)\b")
BUDGET_LEAD_MONTHS = 9  # a year's budget is set in the months before it starts (usually February)


def _budget_approval(rule, item):
    """'The budget for 2024/25 was agreed by Full Council on 21 February 2023': a year too early."""
    by_sentence: dict[int, list[DateMention]] = {}
    for mention in item.mentions:
        by_sentence.setdefault(mention.sentence_start, []).append(mention)
    for mentions in by_sentence.values():
        sentence = mentions[0].sentence
        if not BUDGET_RX.search(sentence) or not APPROVAL_RX.search(sentence):
            continue
        years = [m for m in mentions if m.kind == "financial_year" and not m.problem
                 and BUDGET_FOR_RX.search(item.text[max(m.sentence_start, m.start - 40):m.start])]
        decisions = [m for m in mentions if m.kind in ("day", "month") and not m.problem and not m.year_inferred
                     and APPROVAL_RX.search(item.text[max(m.sentence_start, m.start - 60):m.start])]
        if len(years) != 1 or len(decisions) != 1 or decisions[0].start < years[0].end:
            continue
        year, decided = years[0], decisions[0]
        earliest = _months_before(year.first, BUDGET_LEAD_MONTHS)
        if earliest <= decided.first <= year.last:
            continue
        when = "too long before" if decided.first < earliest else "after the end of"
        why = (f"a budget for {year.text} ({year.iso}) is agreed in the months before the year starts, "
               f"not on {decided.iso}, {when} the year")
        suggestion = _year_shift(decided, year, earliest)
        extra = {"likely_intended": suggestion} if suggestion else {}
        yield _at(rule, item, decided, f"Budget for '{year.text}' agreed '{decided.text}' (read as {decided.iso}), "
                  f"{when} that year" + (f"; probably meant '{suggestion}'" if suggestion else ""),
                  suggestion or f"a date between {earliest.isoformat()} and {year.first.isoformat()}", decided.text,
                  written=decided.text, read_as=decided.iso, reference=year.iso, why=why, **extra)


def _months_before(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 - months
    return date(total // 12, total % 12 + 1, 1)


def _year_shift(decided: DateMention, year: DateMention, earliest: date) -> Optional[str]:
    step = 1 if decided.first < earliest else -1
    try:
        moved = decided.first.replace(year=decided.first.year + step)
    except ValueError:
        return None
    if not earliest <= moved <= year.first:
        return None
    y = str(decided.first.year)
    idx = decided.text.rfind(y)
    if idx < 0:
        return None
    return decided.text[:idx] + str(decided.first.year + step) + decided.text[idx + len(y):]


def _consultation_close(items) -> Optional[tuple[object, DateMention]]:
    closes = []
    for item in items:
        previous_end = 0
        for mention in item.mentions:
            if mention.kind == "day" and not mention.problem and not mention.year_inferred:
                sentence = mention.sentence
                if CONSULT_CLOSE_RX.search(sentence) or CONSULT_CLOSE_RX.search(_previous_sentence(item, mention)):
                    if END_CUE_RX.search(item.text[max(previous_end, mention.sentence_start):mention.start]):
                        closes.append((item, mention))
            previous_end = mention.end
    return closes[0] if len(closes) == 1 else None


def _previous_sentence(item, mention) -> str:
    return item.text[max(0, mention.sentence_start - 300):mention.sentence_start]


def _consultation_feedback(rule, pack, doc, ctx):
    """A report on a consultation's feedback dated before the consultation closes."""
    items = [i for i in pack_dates(pack, ctx) if i.doc is doc and i.cell_location is None]
    close = _consultation_close(items)
    if close is None:
        return
    close_item, close_date = close
    for item in items:
        for mention in item.mentions:
            if mention.kind != "day" or mention.problem or mention.year_inferred:
                continue
            if not FEEDBACK_RX.search(mention.sentence) or mention is close_date:
                continue
            if mention.first < close_date.first:
                why = f"the consultation closes on {close_date.first:%-d %B %Y}"
                finding = _at(rule, item, mention, f"Feedback from the consultation is due on '{mention.text}' "
                              f"(read as {mention.iso}), before the consultation closes ({close_date.iso})",
                              f"a date after {close_date.iso}", mention.text, written=mention.text,
                              read_as=mention.iso, reference=close_date.iso, why=why)
                finding.related.append(Related(doc.title, close_item.block.location_at(close_date.start),
                                               excerpt_around(close_item.text, close_date.start, close_date.end)))
                yield finding


# --- decisions dated in the text vs the document's background papers ---------------------------

def _citations(doc):
    """(body, date mention, subject, block) for each 'Report to <body> on <date>' line of a document."""
    blocks = doc.blocks
    out = []
    for i, block in enumerate(blocks):
        m = CITATION_RX.match(block.text)
        if not m or block.table is not None:
            continue
        days = [d for d in find_dates(block.text) if d.kind == "day" and not d.problem]
        if not days:
            continue
        subject = block.text[days[0].end:].strip(" –-—:")
        subject = re.sub(r"https?://\S+", "", subject).strip()
        if len(subject) < 10 and i + 1 < len(blocks):
            subject = re.sub(r"[\[\]()#]", " ", blocks[i + 1].text).strip()
        out.append((_norm_body(m.group("body")), days[0], subject, block))
    return out


def _norm_body(body: str) -> str:
    return " ".join(re.sub(r"(?i)^the\s+", "", body).lower().split())


def _decisions_vs_background(rule, doc, similarity: int):
    citations = _citations(doc)
    if not citations:
        return
    cited_blocks = {id(c[3]) for c in citations}
    for block in doc.blocks:
        if block.table is not None or id(block) in cited_blocks:
            continue
        for m in DECISION_RX.finditer(block.text):
            body = _norm_body(m.group("body") or m.group("body2") or "")
            dated = _date_after(block.text, m.end())
            if not body or dated is None:
                continue
            same_body = [c for c in citations if c[0] == body or c[0].startswith(body) or body.startswith(c[0])]
            if not same_body or any(dated.first <= c[1].first <= dated.last for c in same_body):
                continue
            subject_text = _words(block.text[max(0, m.start() - 80):m.start()])
            best = max(same_body, key=lambda c: fuzz.token_set_ratio(subject_text, _words(c[2])))
            if fuzz.token_set_ratio(subject_text, _words(best[2])) < similarity:
                continue
            cited = best[1]
            why = (f"the background papers list the report to the {best[0].title()} on {cited.first:%-d %B %Y} "
                   f"for {best[2]}")
            finding = finding_at(rule, doc, block, dated.start, dated.end,
                                 f"Decision dated '{dated.text}' (read as {dated.iso}), but the background papers "
                                 f"give the report to the {best[0].title()} as {cited.text} ({cited.iso})",
                                 expected=cited.text, found=dated.text, written=dated.text, read_as=dated.iso,
                                 reference=cited.iso, why=why)
            finding.related.append(Related(doc.title, best[3].location, best[3].text))
            yield finding


def _words(text: str) -> str:
    return " ".join(w for w in re.findall(r"[a-z][a-z'’]*", text.lower()) if w not in STOPWORDS)


def _date_after(text: str, at: int) -> Optional[DateMention]:
    """The date right after a decision phrase: 'by the County Council in March 2022'."""
    window = text[at:at + 60]
    m = re.match(r"\s*(?:,\s*)?(?:(?:at\s+its\s+meeting\s+)?(?:on|in|at))\s+", window)
    if not m:
        return None
    found = [d for d in find_dates(text[at:at + 60]) if d.start == m.end() and d.kind in ("day", "month")
             and not d.year_inferred and not d.problem]
    if not found:
        return None
    d = found[0]
    d.start += at
    d.end += at
    return d
