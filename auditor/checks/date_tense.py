"""date-tense: a dated event whose tense contradicts its date.

A past or perfect statement ("was published", "opened", "has approved") dated after the date the
document speaks from, or a future or progressive one ("will", "is being presented", "is expected
to", "due to open") dated before it, is flagged with the likely intended date (same day and
month, a year earlier or later). The tense is read from the clause holding the date, and only
dates that name when something happens are judged: a date that names a document ("Working
Together to Safeguard Children 2018", "Guidance for Schools (Feb 2024)"), a period ("since",
"until", "for 2025/26"), a conditional ("should the Secretary of State approve"), or an estimate or a
plan told in the past ("the forecast balance at 31 March 2026 was") is left alone. Besides the
verbs, a clause's tense is read from the copula ("the debt at 30 September 2024 was as follows"), a
deadline after work under way ("has commenced ... ready for April 2025"), a planned date ("a proposed
start date of October 2025") and "once ... has been" (still to come). A date in brackets after
"received by the Board" dates that event.

A day is not judged past where the tense tells nothing of it or its year is confirmed: after an arranging verb
told as done ("two visits had been arranged ... on 23 January 2025": the arranging is past, the visit may not
be), on a day written with its own weekday ("Thursday 23 January 2025" is a Thursday: the year is the one meant;
a day still to come that is long gone is then only info), or on a day the same paper tells or awaits as still to
come ("subject to the decision of NHS Grampian on 10 April 2025").
"""
from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from collections import Counter
from datetime import date, timedelta
from typing import Optional

from auditor.checks import register
from auditor.checks._common import excerpt_around, finding_on
from auditor.checks._facts import meeting_date, pack_dates
from auditor.facts.dates import MONTH_NAMES, DateMention, month_end
from auditor.vocab import word_list_pattern

# the words that put an event in a timetable: 'expected to', 'due for', 'planned for December 2024'
_SCHEDULING = r"expected|due|scheduled|planned|intended|anticipated"
_PARTICIPLE = r"(?:\w+(?:ed|en|wn|ld|ght|de|ne|un|ung|t)|met|held|made|paid|laid|said|sent|set|put|led|read|run|sold|told)"
FUTURE_RX = re.compile(
    r"\b(?:will|shall|(?:is|are|am)\s+(?:now\s+|currently\s+)?(?:going\s+to|being\s+" + _PARTICIPLE + r")"
    r"|(?:is|are)\s+(?:\w+ly\s+)?(?:expected|due|scheduled|planned|proposed|intended|anticipated|set|likely|forecast"
    r"|projected)\s+to"
    # 'the next cut is expected in August 2025': the timetable's word with the date's own preposition
    r"|(?:is|are)\s+(?:\w+ly\s+)?(?:expected|due|scheduled|planned|anticipated|forecast|projected)(?=\s+(?:in|on|by|during)\b)"
    r"|(?:" + _SCHEDULING + r")\s+(?:to|for)"
    r"|scheduled|forthcoming|upcoming)\b", re.I)
SCHEDULED_RX = re.compile(
    r"\b(?:meets|takes\s+place|opens|closes|starts|begins|ends|commences|expires|goes\s+live"
    r"|comes?\s+into\s+(?:force|effect)|takes?\s+effect|(?:is|are)\s+held)\s+(?:on|at|from)\s+(?:the\s+)?$", re.I)
PAST_RX = re.compile(
    r"\b(?:(?:was|were)\s+(?:\w+ly\s+)?" + _PARTICIPLE + r"\b(?!\s+to\b)"
    r"|(?:has|have|had)\s+(?:\w+ly\s+)?(?:been\s+)?(?:\w+ly\s+)?" + _PARTICIPLE + r"\b(?!\s+to\b)"
    r"|did|published|opened|approved|agreed|met|launched|announced|considered|received|presented"
    r"|introduced|came\s+into\s+force|voted|decided|issued|signed|completed|closed|started|began"
    r"|commenced|submitted|inspected|reinspected|attended|authorised|authorized|gave|undertook"
    r"|released|endorsed|adopted|ended|went\s+live|took\s+place|took\s+part|updated|revised|amended"
    r"|carried\s+out"
    # 'the update was due on 31/7/25': a deadline told as passed ('was due to open' is a plan, not an event)
    r"|(?:was|were)\s+(?:\w+ly\s+)?due\b(?!\s+to\b)"
    # 'the workshop held on 10 July': a meeting held, unless it is or will be held ('is held on' schedules);
    # a 'held' that opens the text has lost what came before it ('... the meeting to be' | 'held on')
    r"|(?<=\w\s)(?<!\bis\s)(?<!\bare\s)(?<!\bbe\s)(?<!being\s)held)\b", re.I)
# 'was due on 31/7/25', 'was due to be considered on 5 March 2025': a timetable told from the past says
# neither that the event happened nor that it is still to come
PAST_SCHEDULE_RX = re.compile(r"\b(?:was|were)\s+(?:\w+ly\s+)?(?:" + _SCHEDULING + r"|meant|supposed)(?:\s+(?:to|for))?\b", re.I)
# 'two visits had been arranged to the Control Room on Thursday 23 January 2025', 'a session was booked for 3 March':
# the arranging is done, the event arranged for the day may be past or still to come (but 'will be arranged for'
# is still to come, and 'the group was set up in March 2025' dates the setting up)
# (a verb joined to the arranging one tells of the same arrangement: 'had also been arranged and was incorporated
# in the Peer Event on 20 February 2025')
_ADVERB = r"(?:(?:\w+ly|also|now|already|since|then|just|recently)\s+)?"
ARRANGED_RX = re.compile(r"\b(?:was|were|has|have|had)\s+" + _ADVERB + r"(?:been\s+)?" + _ADVERB + r"(?:"
                         + word_list_pattern("arranging_verbs") + r")\b"
                         r"(?:\s+and\s+(?:was|were|(?:has|have|had)\s+been)\s+(?:\w+ly\s+)?\w+ed\b)?", re.I)
ARRANGED_FOR_GOVERNORS = {"", "on", "for", "at", "date of"}
# The copula alone tells a past state: of a figure at a date before it ('the debt at 30 September 2024 was as
# follows'), or of a subject placed at the date after it ('were in a placement ... in November 2023', 'was subject
# to a re-inspection in November 2022', 'were 48 children'), or after a date that opens its clause ('In 2024 there
# were 40'). Not when the date is of an event the state is about:
# 'was supportive of the consultation in December 2024', 'the closure in March 2025 was a concern'.
COPULA_PAST_RX = re.compile(r"\b(?:was|were)\b(?!\s+(?:\w+ly\s+)?(?:to|for|due|likely|going|set\s+to|about\s+to"
                            r"|that|when|whether|how|what|because)\b)", re.I)
COPULA_STATE_RX = re.compile(r"\s+(?:\w+ly\s+)?(?:subject\s+to|(?:in|at|on)\s+(?:a|an|the)\b|a\b|an\b|the\b|[£\d])", re.I)
# a participle after 'is', 'are' or 'be' is a present or future passive, not the past: a resolution 'that the
# minutes ... are not submitted to the Council at its meeting in July 2021', 'to be approved in March'
PRESENT_PASSIVE_RX = re.compile(r"\b(?:is|are|am|be|being)\s+(?:not\s+)?(?:\w+ly\s+)?$", re.I)
SNAPSHOT_GOVERNORS = {"at", "as at", "as of"}
# ... unless the clause tells an estimate or a plan: 'the forecast balance at 31 March 2026 was £5m'
PROSPECT_RX = re.compile(r"\b(?:" + word_list_pattern("prospect_words") + r")\b", re.I)
# 'Once the plan has been approved in March 2025, ...': an event still to come, told in the perfect
_PERFECT_AHEAD = r"[^,;.]{0,80}?\b(?:has|have)\s+been\b"
ONCE_PERFECT_RX = re.compile(r"\bonce\b(?=" + _PERFECT_AHEAD + ")", re.I)
# 'a proposed campaign start date of October 2025': a date a plan names (when the clause tells no past event)
PLANNED_DATE_RX = re.compile(r"\b(?:" + word_list_pattern("planned_date_words") + r")\s+(?:[\w-]+\s+){0,3}?date\s+"
                             r"(?:of|for|is|will\s+be)\s+(?:the\s+)?(?:(?:early|late|mid|end\s+of|start\s+of)[\s-]+)?$", re.I)
# 'work has commenced to refresh the strategy ready for April 2025': a deadline still to come
DEADLINE_RX = re.compile(r"\b(?:" + word_list_pattern("deadline_words") + r")\s+for\s+(?:the\s+)?"
                         r"(?:(?:early|late|mid|end\s+of|start\s+of)[\s-]+)?$", re.I)
# ... after work under way: 'has commenced', 'is progressing', 'are working'
UNDER_WAY_RX = re.compile(r"\b(?:(?:has|have)\s+(?:\w+ly\s+)?(?:" + word_list_pattern("inceptive_words") + r")"
                          r"|(?:is|are)\s+(?:\w+ly\s+)?\w+ing)\b", re.I)
# Clauses that do not assert that something happened or will happen on the date.
HEDGE_RX = re.compile(r"\b(?:if|unless|should|would|could|might|must|(?<!was\s)(?<!were\s)subject\s+to"
                      r"|once(?!" + _PERFECT_AHEAD + r")|whether|assuming"
                      r"|until|provided\s+that|in\s+order\s+to)\b|\bmay\b(?!\s+\d)", re.I)
# The word that governs the date: only dates that say when the event happened are judged.
GOVERNOR_RX = re.compile(
    r"(?i)\b(on|in|at|during|by|from|since|until|till|to|for|before|after|between|through|throughout"
    r"|within|of|as\s+at|as\s+of|up\s+to|ending|ended|prior\s+to)\s+(?:the\s+)?"
    r"(?:(?:early|late|mid|end\s+of|start\s+of|beginning\s+of|the\s+end\s+of)[\s-]+)?$")
EVENT_GOVERNORS = {"", "on", "in", "at", "during", "date of"}  # 'a start date of October 2025' names a day
FUTURE_GOVERNORS = EVENT_GOVERNORS | {"by"}
# 'for' names when something happens only after a word that schedules: 'planned for December 2024'
# (but 'figures for December 2024' are a period's)
SCHEDULED_FOR_RX = re.compile(r"\b(?:" + _SCHEDULING + r"|programmed|timetabled|earmarked|booked|pencilled\s+in|set"
                              r"|" + word_list_pattern("deadline_words") + r")"
                              r"\s+for\s+(?:the\s+)?(?:(?:early|late|mid|end\s+of)[\s-]+)?$", re.I)
# 'of' names when something happens after a date's own noun: 'will procure the services, with an
# intended start date of April 2025', 'a go-live date of October 2024' (not 'the budget of April 2024')
DATE_NOUN_OF_RX = re.compile(r"\b(?:date|deadline)[”\"’']?\s+of\s+(?:the\s+)?(?:(?:early|late|mid|end\s+of)[\s-]+)?$", re.I)
# a past event is rarely dated more than this many years after the paper: further on, the date is
# more likely a name or a misreading than a slip of the year
MAX_PAST_SLIP_YEARS = 2
SENTENCE_START_WORDS = {"in", "on", "by", "from", "since", "during", "at", "until", "before", "after",
                        "as", "between", "of", "the", "to", "and", "for", "till", "within", "end"}
TITLE_BEFORE_RX = re.compile(r"([A-Z][\w’'&.-]*)\s*[(,]?\s*$")
CITATION_CLAUSE_RX = re.compile(r"^\W*(?:report|minutes|paper|letter|decision)\s+(?:to|of|from)\b", re.I)
JUDGED_KINDS = {"day", "month", "season", "year"}
CROWD_KINDS = JUDGED_KINDS | {"range"}


@register("date-tense", params={
    "grace_days": (int, 14),  # a future event this many days before the document date is not flagged
    # a paper may be written this long before its meeting: a future event dated in that span is
    # only worth a look (info), not probably wrong
    "writing_lag_days": (int, 92),
}, needs=("dates",))
def check_date_tense(pack, rule, params, ctx):
    """A past-tense event dated after the document's date, or a future one dated before it.

    With no meeting date and no date of its own, a document is judged against the latest event
    it tells as past: it was written after that, so an event still to come must be later.
    """
    meeting = meeting_date(pack, ctx)
    judged = []
    still_to_come: set[tuple[str, date]] = set()  # (document, day): days a paper tells as still to come
    for item in pack_dates(pack, ctx):
        # counted once, not once a mention; a period named by its year ('this financial year (24/25)',
        # 'Quarter 3') is no event of a timeline
        per_clause = Counter(m.clause_start for m in item.mentions if m.kind in CROWD_KINDS)
        for mention in item.mentions:
            if not _judged(item.text, mention) or _crowded(per_clause, mention):
                continue
            tense = clause_tense(item.text, mention)
            if mention.kind == "day" and (tense == "future" or _awaited(item.text, mention)):
                still_to_come.add((item.doc.title, mention.first))
            if tense is not None:
                judged.append((item, mention, tense))
    # 'NHS Grampian met to agree their budget on 10 April 2025' (reported speech) where the same paper awaits 'the
    # decision of NHS Grampian on 10 April 2025': the paper itself puts the day ahead, so its year is the one meant
    judged = [(item, mention, tense) for item, mention, tense in judged
              if not (tense == "past" and (item.doc.title, mention.first) in still_to_come and mention.kind == "day")]
    told_days = _past_event_days(judged)
    told_past = {title: days[-1] for title, days in told_days.items()}
    naming_meeting = _documents_naming(pack_dates(pack, ctx), meeting)
    for item, mention, tense in judged:
        reference = _reference(item, meeting)
        if reference is not None:
            # the latest past event the paper itself tells, up to the reference: it was written after that day
            days = told_days.get(item.doc.title, [])
            at = bisect_right(days, reference)
            written_after = days[at - 1] if at else None
            finding = _judge(rule, item, mention, tense, reference, params, written_after=written_after,
                             names_meeting=item.doc.title in naming_meeting)
        elif tense == "future" and item.doc.title in told_past:
            finding = _judge(rule, item, mention, tense, told_past[item.doc.title], params, timeline=True)
        else:
            finding = None
        if finding is not None:
            yield finding


# 'subject to the decision of NHS Grampian on 10 April 2025', 'pending the Board's approval on ...': an awaited event
# (not 'was subject to a re-inspection in November 2022', nor a past verb between: 'pending the review, which ended on')
AWAITED_RX = re.compile(r"(?<!\bwas\s)(?<!\bwere\s)(?<!\bbeen\s)\b(?:" + word_list_pattern("awaiting_words") + r")\b", re.I)


def _awaited(text: str, mention: DateMention) -> bool:
    """The date is of an event the clause awaits: after 'subject to', 'pending', 'awaiting', no verb of tense between."""
    cues = list(AWAITED_RX.finditer(text, mention.clause_start, mention.start))
    if not cues:
        return False
    between = text[cues[-1].end():mention.start]
    return not (PAST_RX.search(between) or COPULA_PAST_RX.search(between) or RELATIVE_RX.search(between))


def _past_event_days(judged) -> dict[str, list[date]]:
    """Per document, the days it tells as past ('was endorsed by Cabinet on 30th January 2025'), in order."""
    days: dict[str, list[date]] = {}
    for item, mention, tense in judged:
        if tense == "past" and mention.kind == "day" and governing_word(item.text, mention) in EVENT_GOVERNORS:
            days.setdefault(item.doc.title, []).append(mention.first)
    return {title: sorted(found) for title, found in days.items()}


def _documents_naming(items, day: Optional[date]) -> set[str]:
    """The titles of the documents that name the day `day` (the meeting's): written knowing of it."""
    if day is None:
        return set()
    return {item.doc.title for item in items
            if any(m.kind == "day" and m.first == day and not m.year_inferred for m in item.mentions)}


def _crowded(per_clause: Counter, mention: DateMention) -> bool:
    """Three or more dates in one clause: a timeline or a flattened table, not a sentence about one event."""
    return per_clause[mention.clause_start] >= 3


def _reference(item, meeting: Optional[date]) -> Optional[date]:
    """The date a statement is judged against: its document's date, never later than the meeting."""
    if item.doc_date and meeting:
        return min(item.doc_date, meeting)
    return item.doc_date or meeting


def _judged(text: str, mention: DateMention) -> bool:
    if mention.kind not in JUDGED_KINDS or mention.year_inferred or mention.ambiguous or mention.problem:
        return False
    governor = governing_word(text, mention)
    if mention.kind == "year" and governor not in ("in", "during"):
        return False
    if is_reference(text, mention):
        return False
    # 'Report to Cabinet, 5 March 2025' names a paper by its date; 'Minutes of the meeting held on
    # 9 January 2025' dates an event: a verb between the paper's name and the date says which
    return not CITATION_CLAUSE_RX.match(mention.clause) or \
        bool(PAST_RX.search(text, mention.clause_start, mention.start))


def governing_word(text: str, mention: DateMention) -> str:
    """'on', 'in', 'since'... the preposition right before the date; '' if there is none."""
    before = text[max(mention.clause_start, mention.start - 40):mention.start]
    m = GOVERNOR_RX.search(before)
    if not m:
        return ""
    word = " ".join(m.group(1).lower().split())
    return "date of" if word == "of" and _DATE_BEFORE_RX.search(before[:m.start(1)]) else word


_DATE_BEFORE_RX = re.compile(r"(?i)\bdate\s*$")
_QUOTE_OPENED_RX = re.compile(r"[‘'“\"][^’'”\"]{3,}$")
_QUOTE_CLOSE_RX = re.compile(r"[’'”\"]")


def is_reference(text: str, mention: DateMention) -> bool:
    """A date that is part of a document's name: 'Children Act 1989', 'Guidance for Schools (Feb 2024)'."""
    before = text[max(0, mention.start - 60):mention.start]
    m = TITLE_BEFORE_RX.search(before)
    if m and _dates_a_told_event(before):
        return False
    if not m:
        return bool(_QUOTE_OPENED_RX.search(before) and _QUOTE_CLOSE_RX.match(text, mention.end, mention.end + 1))
    word = m.group(1).rstrip(".").lower()
    if word in SENTENCE_START_WORDS or word in _MONTH_WORDS or PAST_RX.fullmatch(word) or FUTURE_RX.fullmatch(word):
        return False  # 'Approved 27/12/25', 'Published 3 May 2025': a verb, not a title
    return True


# 'received by the Board (June 2025)', 'presented to Cabinet (March 2025)': a bracket after the body a verb names
AGENT_BRACKET_RX = re.compile(r"\s+(?:by|to)\s+(?:the\s+)?(?:[A-Z][\w’'&.-]*\s+){0,3}[A-Z][\w’'&.-]*\s*\(\s*$")


def _dates_a_told_event(before: str) -> bool:
    """A date in brackets after 'VERB by/to the Body': the date of the event, not part of a name."""
    m = AGENT_BRACKET_RX.search(before)
    if not m:
        return False
    head = before[:m.start()]
    return any(c.end() == len(head) for rx in (PAST_RX, FUTURE_RX) for c in rx.finditer(head))


_MONTH_WORDS = set(MONTH_NAMES) | {"spring", "summer", "autumn", "winter"}


def clause_tense(text: str, mention: DateMention) -> Optional[str]:
    """'past', 'future' or None: the tense of the clause that holds the date.

    The verb before the date governs it ('was presented in February 2024', 'the rule that came
    into force in January 2024 will ...'); a fronted date ('In November 2025, the Government
    published') takes the verb after it.
    """
    a, b = _verb_window(text, mention)
    window = _blank_dates(text, a, b, mention)
    if HEDGE_RX.search(window):
        return None
    lead = text[max(a, mention.start - 60):mention.start]
    copula = [] if PROSPECT_RX.search(window) else [m for m in COPULA_PAST_RX.finditer(window)
                                                    if _copula_dates(window, m, mention.start - a, text, mention)]
    # 'was estimated at 800 at 31 March 2026': the estimate was made, what it is of is still to come
    past_anywhere = [*(m for m in PAST_RX.finditer(window) if not PROSPECT_RX.search(m.group(0))
                       and not PRESENT_PASSIVE_RX.search(window, max(0, m.start() - 24), m.start())), *copula]
    if DEADLINE_RX.search(lead):
        # 'has commenced ... ready for April 2025', 'is progressing ... in time for' are still to come;
        # 'was refreshed ready for April 2024' is history, and 'finished in time for' tells no tense the cues know
        # ('will be completed in time for' is read as any clause is)
        under_way = [(m.start(), m.end()) for m in UNDER_WAY_RX.finditer(window)]
        told = [m for m in past_anywhere if not any(s <= m.start() < e for s, e in under_way)]
        if told and not FUTURE_RX.search(window):
            return None
        if under_way and not told:
            return "future"
    own = mention.clause_start - a  # the date's own clause within the window (a ', with ...' phrase takes more)
    if PLANNED_DATE_RX.search(lead) and not any(m.start() >= own for m in past_anywhere) \
            and not COPULA_PAST_RX.search(window, own):
        return "future"  # (but 'the target date of March 2024 was challenging' is history)
    unknown = [(m.start(), m.end()) for m in PAST_SCHEDULE_RX.finditer(window)]
    if governing_word(text, mention) in ARRANGED_FOR_GOVERNORS:
        unknown += [(m.start(), m.end()) for m in ARRANGED_RX.finditer(window)]
    future = [(m.start(), m.end()) for rx in (FUTURE_RX, ONCE_PERFECT_RX) for m in rx.finditer(window)
              if not any(s <= m.start() < e for s, e in unknown)]
    scheduled = SCHEDULED_RX.search(text[a:mention.start]) if mention.kind == "day" else None
    if scheduled:  # 'The Council meets on 19 February': a present tense that schedules
        future.append((scheduled.start(), scheduled.end()))
    cues = [("future", s + a, e + a) for s, e in future] + [(None, s + a, e + a) for s, e in unknown]
    cues += [("past", m.start() + a, m.end() + a) for m in past_anywhere
             if not any(s <= m.start() < e for s, e in [*future, *unknown]) and not _after_infinitive(window, m.start())
             and not _continues_future(window, future, m.start())]
    relative = _last_relative_pronoun(text, a, mention.start)
    # the one verb of a clause that dates nothing else governs its date from further off ('will enable
    # development of ..., as well as submission of a Full Planning Application in April 2025')
    reach = MAX_SOLE_CUE_DISTANCE if len(cues) == 1 and _sole_date(text, a, b, mention) else MAX_CUE_DISTANCE
    before = [c for c in cues if c[2] <= mention.start and mention.start - c[2] <= reach
              and (relative is None or c[1] >= relative)]
    if relative is not None and not before:
        return None  # 'was passed which takes effect on ...': the verb of the main clause does not date it
    after = [c for c in cues if c[1] >= mention.end and c[1] - mention.end <= MAX_CUE_DISTANCE
             and not NEXT_CLAUSE_RX.search(text[mention.end:c[1]])]
    cue = max(before, key=lambda c: c[2]) if before else min(after, key=lambda c: c[1]) if after else None
    if cue is None:
        return None
    if cue[0] == "past" and EVENT_DATED_RX.search(lead):
        return None
    return cue[0]


MAX_CUE_DISTANCE = 120  # characters between the verb and the date
# a verb after the date in the next clause tells that clause's own time: 'the deficit was £31.2m at 31 March 2025
# and is forecast to reach £44.5m by 31 March 2026'
# (the conjunction right before the verb: 'children and young people were' is one subject, not two clauses)
NEXT_CLAUSE_RX = re.compile(r"\b(?:and|but|while|whereas)\s+(?:\w+ly\s+)?$|;")
MAX_SOLE_CUE_DISTANCE = 200  # ... when it is the clause's only verb of tense and the date its only date
_DIGIT_RUN_RX = re.compile(r"\d+")
# 'the increase in Council Tax in April 2025 was set', 'concerned about the closure in March 2025': the date is
# the scheduled event's, which a past verb may tell of long before it comes
EVENT_DATED_RX = re.compile(r"\b(?:the|a|an|this|that|its|their|our)\s+(?:[\w’'-]+\s+){0,2}?(?:"
                            + word_list_pattern("scheduled_event_nouns") + r")\s+(?:(?:of|in|to|for)\s+"
                            r"(?:[\w’'&-]+\s+){0,4}?)?(?:in|from|on|during)\s+$", re.I)


def _sole_date(text: str, a: int, b: int, mention: DateMention) -> bool:
    """No figure in the clause but the date's own: nothing else it could be about."""
    return not any(not (mention.start <= m.start() < mention.end) for m in _DIGIT_RUN_RX.finditer(text, a, b))


RELATIVE_RX = re.compile(r"\b(?:which|that|who|whom|whose)\b", re.I)


def _last_relative_pronoun(text: str, a: int, date_start: int) -> Optional[int]:
    found = [m.start() for m in RELATIVE_RX.finditer(text, a, date_start)]
    return found[-1] if found else None


def _copula_dates(window: str, m: re.Match, date_at: int, text: str, mention: DateMention) -> bool:
    """Whether a 'was'/'were' tells the state the date is of (see COPULA_STATE_RX)."""
    if m.start() >= date_at:  # 'In 2024 there were 40', 'the debt at 30 September 2024 was'
        return _fronted(text, mention) or governing_word(text, mention) in SNAPSHOT_GOVERNORS
    return bool(COPULA_STATE_RX.match(window, m.end()))


def _fronted(text: str, mention: DateMention) -> bool:
    """'In November 2025, the Government published': a date that opens its clause dates all of it."""
    lead = text[mention.clause_start:mention.start]
    return not lead.strip(" ,") or bool(re.fullmatch(r"\W*\w+(?:\s+\w+)?\s*", lead))


def _continues_future(window: str, future: list[tuple[int, int]], at: int) -> bool:
    """'will be considered and approved': a participle in the same verb phrase as a future cue."""
    return any(e <= at and re.fullmatch(r"[\w\s]{0,40}", window[e:at]) for _, e in future)


def _after_infinitive(window: str, at: int) -> bool:
    """'to be approved', 'being considered', 'to open': a participle or verb that is not a past event."""
    return bool(re.search(r"(?i)\b(?:to|be|being)\s+(?:\w+ly\s+)?$", window[:at]))


def _verb_window(text: str, mention: DateMention) -> tuple[int, int]:
    """The clause; a fronted date ('In November 2025, the Government published') takes the next clause too."""
    a, b = mention.clause_start, mention.clause_end
    rest = text[mention.end:b]
    if _fronted(text, mention):
        if re.match(r"\s*,", rest) and not PAST_RX.search(rest) and not FUTURE_RX.search(rest):
            return a, mention.sentence_start + len(mention.sentence)
    if WITH_PHRASE_RX.match(text[a:mention.start]) and not PAST_RX.search(text, a, b) and not FUTURE_RX.search(text, a, b):
        return mention.sentence_start, b  # ', with an intended start date of April 2025': the verb before it
    return a, b


WITH_PHRASE_RX = re.compile(r"^\W*with\b", re.I)  # a phrase with no verb of its own, hung on the clause before


def _blank_dates(text: str, a: int, b: int, mention: DateMention) -> str:
    """The window's text with the date itself blanked (so 'May 2024' is not the verb 'may')."""
    window = list(text[a:b])
    for i in range(max(mention.start, a), min(mention.end, b)):
        window[i - a] = " "
    return "".join(window)


def _judge(rule, item, mention, tense, reference, params, timeline: bool = False,
           written_after: Optional[date] = None, names_meeting: bool = False):
    grace_days = params["grace_days"]
    governor = governing_word(item.text, mention)
    if tense == "past" and mention.first > reference and governor in EVENT_GOVERNORS:
        suggestion = _shift(mention, -1)
        if suggestion is not None and suggestion[1].first > reference:  # two years out ('2024' typed '2026')
            suggestion = None if mention.first.year - reference.year > MAX_PAST_SLIP_YEARS else \
                (f"a date on or before {reference.isoformat()}", None)
        ok = suggestion is not None
        why = "is told in the past tense but dated after"
    elif (tense == "future" and mention.kind != "year" and mention.last < reference - timedelta(days=grace_days)
          and (governor in FUTURE_GOVERNORS or governor == "for" and _scheduled_for(item.text, mention)
               or governor == "of" and _date_named_of(item.text, mention))):
        suggestion = _shift(mention, +1)
        ok = suggestion is not None and suggestion[1].last >= reference - timedelta(days=grace_days)
        why = "is told as still to come but dated before"
    else:
        return None
    if not ok:
        return None  # years apart, not a slip of the year: an older text quoted, or a plan restated
    checked = weekday_confirms_year(mention)
    if checked and tense == "past":
        # 'had been arranged ... on Thursday 23 January 2025': the weekday is that year's, so the writer read the day
        # off that year's calendar; the tense (or its reading here) is what disagrees, and that is no slip of the date
        return None
    if checked:  # still to come but long gone, on a day its weekday confirms: a sentence older than the meeting
        suggestion = (f"a date after {reference.isoformat()}", None)
    ref_label = "a past event this paper tells of" if timeline else _reference_label(item)
    intended = suggestion[0]
    message = f"'{mention.text}' (read as {mention.iso}) {why} {ref_label} ({reference.isoformat()})"
    message += f"; probably meant '{intended}'" if suggestion[1] is not None else ""
    if checked:
        message += (f"; its weekday is {mention.first.year}'s, so the year is as meant: is the sentence older than "
                    f"the paper?")
    when = "after" if tense == "past" else "before"
    why = (f"the clause is in the {'past' if tense == 'past' else 'future'} tense ('{mention.clause.strip()[:80]}') "
           f"but {mention.iso} is {when} {reference.isoformat()}")
    extra = {"written": mention.text, "read_as": mention.iso, "reference": reference.isoformat(), "why": why,
             "reference_is": ref_label, "tense": tense, "clause": mention.clause.strip(),
             "likely_intended": intended if suggestion[1] is not None else None}
    finding = finding_on(rule, item.doc, item.location_of(mention), excerpt_around(item.text, mention.start, mention.end),
                         message, expected=intended, found=mention.text, **extra)
    if checked:
        finding.severity = "info"
    elif tense == "future" and _maybe_written_earlier(item, mention, reference, params["writing_lag_days"], timeline,
                                                       names_meeting):
        if written_after is not None and mention.last < written_after:
            # the paper tells a later day as past: it was written after the event it tells as still to come
            finding.message += f"; the paper itself tells of {written_after.isoformat()} as past"
            finding.extra["written_after"] = written_after.isoformat()
        else:
            finding.severity = "info"
    return finding


def weekday_confirms_year(mention: DateMention) -> bool:
    """'Thursday 23 January 2025': a day written with its weekday, which is that day's in the year written. A year
    typed one out gives another weekday (every year moves it on by one or two), so the year is the one meant.
    (A weekday that does not agree is date-validity's finding.)"""
    return bool(mention.kind == "day" and mention.weekday and not mention.year_inferred and not mention.problem
                and calendar.day_name[mention.first.weekday()].lower() == mention.weekday.lower())


def _date_named_of(text: str, mention: DateMention) -> bool:
    return bool(DATE_NOUN_OF_RX.search(text[max(mention.clause_start, mention.start - 40):mention.start]))


def _scheduled_for(text: str, mention: DateMention) -> bool:
    return bool(SCHEDULED_FOR_RX.search(text[max(mention.clause_start, mention.start - 60):mention.start]))


def _maybe_written_earlier(item, mention, reference: date, lag_days: int, timeline: bool,
                           names_meeting: bool = False) -> bool:
    """A future event dated before the meeting is certain to be wrong only if the text was written
    for the meeting: an appended paper (an assessment, a study) may be older, and any paper is
    written some weeks before its meeting. An appended paper that names the meeting's day was written
    for it. (And a paper that tells as past a day later than the event was written after it: _judge
    keeps that finding a warning.)"""
    if item.doc.kind in ("appendix", "other") and not timeline and not names_meeting:
        return True
    return mention.last >= reference - timedelta(days=lag_days)


def _reference_label(item) -> str:
    if item.doc.kind == "minutes":
        return "the meeting these minutes record"
    return "the meeting this paper is for"


def _shift(mention: DateMention, years: int):
    """The same date a year earlier/later, written the way the original was written."""
    y = mention.first.year
    text = mention.text
    for old, new in ((str(y), str(y + years)), (str(y)[2:], str(y + years)[2:])):
        idx = text.rfind(old)
        if idx >= 0:
            try:
                shifted = _replace_year(mention, y + years)
            except ValueError:
                return None
            return text[:idx] + new + text[idx + len(old):], shifted
    return None


def _replace_year(mention: DateMention, year: int) -> DateMention:
    from dataclasses import replace

    shift = year - mention.first.year
    return replace(mention, first=_same_day(mention.first, mention.first.year + shift),
                   last=_same_day(mention.last, mention.last.year + shift))


def _same_day(day: date, year: int) -> date:
    """The same day and month in another year (29 February becomes 28 February)."""
    return day.replace(year=year, day=min(day.day, month_end(year, day.month).day))
