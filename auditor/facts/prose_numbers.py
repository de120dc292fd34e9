"""Number mentions in prose: money, percentages, counts and numbers written as words, with offsets.

Dates, years, financial years, ranges, times, phone numbers, URLs and labels such as
"Quarter 2", "paragraph 9" or "Key Stage 2" are masked first, so that what is left are
quantities a sentence can do arithmetic with. Every mention keeps its Figure (a Decimal as
written, with the decimals shown and the scale), so later checks judge by intervals.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from decimal import Decimal
from typing import Optional

import regex

from auditor.numbers import SCALE_WORDS, Figure, word_to_int
from auditor.regex_tail import SPACE, ends_at_end, final_characters
from auditor.vocab import (alternation_pattern, has_any_word, holds_any, month_abbreviations, number_word_pattern,
                            words)

MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"

# Spans that hold digits but no quantity; replaced by spaces (offsets are kept).
# labels written in lower case before their number (the last mask); also its prefilter
LOWER_LABEL_WORDS = ("stage", "phase", "step", "tier", "level", "round", "wave", "option", "priority", "band", "grade",
                     "zone", "strand", "quarter")

_MASKS = [
    # an e-mail's parts bounded: '\S+@' tried every start of a long run without '@' to its end (quadratic)
    re.compile(r"https?://\S+|www\.\S+|[^\s@]{1,100}@\S{1,255}\.\w+", re.I),
    re.compile(r"\b0\d{3,4}\s?\d{3}\s?\d{3,4}\b"),  # phone numbers
    re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+" + MONTH + r"\b(?:,?\s+\d{4})?", re.I),
    re.compile(MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4})?", re.I),
    re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"),  # 21/1/25
    re.compile(r"\b\d{1,2}(?:[.:]\d{2})?\s*[ap]\.?m\b\.?|\b\d{1,2}:\d{2}\b|\b\d{4}\s?hrs\b", re.I),  # times
    re.compile(r"\b(?:19|20)\d{2}\s?[/\-–]\s?(?:19|20)?\d{2}\b"),  # 2024/25, 2024-2027
    re.compile(r"\b\d+(?:\.\d+)?\s?[-–]\s?\d+(?:\.\d+)?(?=\s?(?:-?\s?years?|-year|yrs|year-olds?)\b)", re.I),
    re.compile(r"\b\d+\s?[-–]\s?\d+\b(?![%.,]\d)(?!\s?%)"),  # ranges 11-18, 0–25
    re.compile(r"(?<![£$€\d,.])\b(?:19[5-9]\d|20\d{2})\b(?![,.]?\d)(?!\s?%)"),  # years
    re.compile(r"\b\d+(?:\.\d+)?(?=\s?[-–]?\s?(?:year|yr)s?[-–\s]?olds?\b)", re.I),  # ages
    re.compile(r"\b(?:aged|age|ages)\s+(?:(?:up\s+to|under|over|below|above|between|from)\s+)?"
               r"(?:\d+\s?(?:to|and|\+|[-–])?\s?)+", re.I),
    re.compile(r"\b(?:Quarter|Q|Key [Ss]tage|KS|Stage|Phase|Strand|Year|Y|Tier|Level|Progress|Attainment|"
               r"[Pp]aragraphs?|[Pp]aras?|[Ss]ections?|s\.|Order|[Ii]tems?|Appendix|Article|Rule|[Pp]ages?|pp?\.|No\.|"
               r"Chapter|Schedule|Part|Table|Figure|Fig\.|Option|Recommendation|Annex|Route|Ward|Clause|Regulation|"
               r"Step|Round|Wave|Version|Act|Stadium|Room|Priority|Objective|Outcome|Theme|Grade|Band|Zone|Lot)"
               r" ?\d+(?:\.\d+)*(?:\([a-z0-9]+\))*"),
    re.compile(r"\b[A-Z]{1,4}\d+[A-Za-z]?\b"),  # codes: G1, CF5, S106, M1
    re.compile(r"\bper\s+(?:£\s?)?\d[\d,]*(?:\.\d+)?\s?(?:k|m)?\b", re.I),  # rate bases: per 10,000
    re.compile(r"\b\d+(?:st|nd|rd|th)\b", re.I),  # ordinals
    re.compile(r"(?<!\w)[+-]?\d+(?:\.\d+)?\s?(?:x|times)\b", re.I),  # multipliers
    # the same labels written in lower case: '1,012 were resolved at stage 1 and 233 escalated to stage 2'
    # (a quarter is numbered 1 to 4: 'during the quarter 66 had targets' counts 66)
    re.compile(r"\b(?:(?:" + "|".join(w for w in LOWER_LABEL_WORDS if w != "quarter") + r") \d{1,2}"
               r"|quarter [1-4])\b(?![,.]\d|\s?%)"),
]

_NUMBER_RE = re.compile(
    r"""
    (?<![\w.,£$€/\\])
    (?P<neg>[-\u2212](?=[£$€\d]))?
    (?P<cur>[£$€])?\s?
    (?P<neg2>[-\u2212])?
    (?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)
    (?:\s?(?P<scale>(?<=\d)k|(?<=\d)bn|(?<=\d)mn|(?<=\d)m|\s?million|\s?billion)(?![a-z]))?
    (?:\s?(?P<pct>%|per\s?cent\b|percent\b|percentage\s+points?\b|pp\b|ppts?\b|points?\b(?=\s+(?:higher|lower|above|below|more|less|increase|decrease|rise|fall|drop|up|down|improvement))))?
    (?P<plus>\+)?
    (?![\w/])
    """,
    re.VERBOSE | re.IGNORECASE,
)

_WORD_NUMBER_RE = re.compile(r"\b(?:" + number_word_pattern() + r")\b", re.I)


def _singular_label_nouns() -> tuple[str, ...]:
    """The vocabulary's label nouns (label_number_words) but their plurals: 'years three' ends a span
    ('in the last two years three schools ...') more often than it names Years 3."""
    nouns = words("label_number_words")
    return tuple(w for w in nouns if not (w.endswith("s") and w[:-1] in nouns))


# a label noun ending the text, and the word before it: 'stage' in '91 stage ' makes the 'one' after it a label;
# 'this stage ' (label_noun_determiners, earlier_period_words) does not
_LABEL_NOUNS = alternation_pattern(_singular_label_nouns(), separator=r"\s+")
_LABEL_NOUN_BEFORE_RE = re.compile(rf"(?:\b(?P<det>[A-Za-z]+)\s+)?\b(?:{_LABEL_NOUNS})\.?\s*$", re.I)
_DETERMINERS = frozenset(w.lower() for w in words("label_noun_determiners") + words("earlier_period_words"))


def label_noun_before(text: str, position: int) -> bool:
    """Whether a label noun stands right before `position` ('Stage One', 'Year Six', 'Key Stage Two', 'tier
    three'): the number there names a stage, a year group or a tier, it does not count anything."""
    m = _LABEL_NOUN_BEFORE_RE.search(text, max(0, position - 40), position)
    return m is not None and (m.group("det") or "").lower() not in _DETERMINERS
# "one of the...", "one to one", "no one", "the one that": not counts
_WORD_NOT_COUNT_AFTER = re.compile(r"^\s*(?:of|in|to|another|or|way|off|and only|another|half|third|quarter|"
                                   r"fifth|tenth|hundredth|point)\b", re.I)
_WORD_NOT_COUNT_BEFORE = re.compile(r"\b(?:no|any|every|each|the|this|that|which|some|someone|anyone|"
                                    r"every|per|a|an|in|to|on)\s*$", re.I)

# rules/vocab approximation_cues: 'about', 'in the region of', '~'
APPROX_CUES = alternation_pattern(words("approximation_cues"), separator=r"\s+")
APPROX_BEFORE = re.compile(rf"(?<![\w.])(?:{APPROX_CUES})\s*$", re.I)
# for patterns that end at a figure: an optional hedge right before it ('an increase of about', '(c.')
OPTIONAL_HEDGE = rf"(?:(?<![\w.])(?:{APPROX_CUES})\s*)?"
BOUND_BEFORE = re.compile(r"(?:\bover|\bmore\s+than|\bat\s+least|\bup\s+to|\bless\s+than|\bfewer\s+than|\bunder|"
                          r"\bin\s+excess\s+of|\bexceed(?:s|ing)?|\bminimum\s+of|\bmaximum\s+of|\bbelow|\babove|"
                          r"\bno\s+more\s+than|\bno\s+less\s+than|\bwithin|[<>≤≥]|\bmin\.?|\bmax\.?|"
                          r"\btop|\bbottom|\bfirst|\blast|\bnext|\bpast|\bevery|\bper)\s*$", re.I)


_KIND_GROUPS = {"money": "money", "percent": "percent", "count": "count", "word": "count"}


@dataclass(frozen=True)
class Mention:
    """One quantity in a text. `kind` is money, percent, count (digits) or word (nine)."""

    figure: Figure
    start: int
    end: int
    kind: str
    approx: bool = False
    bound: bool = False
    in_parens: bool = False
    points: bool = False  # "percentage points"
    noun: str = ""  # the words that follow, lowercased

    @property
    def text(self) -> str:
        return self.figure.text

    @property
    def exact(self) -> bool:
        """Counts written as whole numbers are exact: 317 schools is not 316.5 to 317.5."""
        return self.kind in ("count", "word") and self.figure.decimals == 0 and self.figure.scale == 1

    def interval(self) -> tuple[Decimal, Decimal]:
        if self.exact and not self.approx:
            return self.figure.amount, self.figure.amount
        lo, hi = self.figure.interval()
        if self.approx:  # "approx. 88.9k": one more unit of the last place each side
            step = 2 * self.figure.half_ulp
            lo, hi = lo - step, hi + step
        return lo, hi

    def compatible(self, other: "Mention") -> bool:
        """Same kind of quantity: money with money, percent with percent, counts with counts."""
        return _KIND_GROUPS[self.kind] == _KIND_GROUPS[other.kind]


@dataclass
class Sentence:
    text: str  # the whole block (or cell) text
    start: int
    end: int
    mentions: list[Mention] = field(default_factory=list)

    @property
    def body(self) -> str:
        return self.text[self.start:self.end]


# Speed: a mask that needs a digit (or a month name) is not run on text without one, nor one whose
# words (`_MASK_NEEDS`: any of these, in the lowercased text) are absent. Keep these in step with
# _MASKS (tests/test_speed_equivalence.py compares with the ungated masking).
_MASKS_NEEDING_DIGIT = set(_MASKS[1:])  # all but the URL / e-mail mask
_MASKS_NEEDING_MONTH = {_MASKS[2], _MASKS[3]}
_MASK_NEEDS = {
    _MASKS[0]: ("http", "www.", "@"), _MASKS[4]: ("/", "."), _MASKS[5]: ("am", "pm", "a.m", "p.m", ":", "hrs"),
    _MASKS[6]: ("19", "20"), _MASKS[7]: ("year", "yrs"), _MASKS[8]: ("-", "–"), _MASKS[9]: ("19", "20"),
    _MASKS[10]: ("old",), _MASKS[11]: ("age",), _MASKS[14]: ("per",), _MASKS[15]: ("st", "nd", "rd", "th"),
    _MASKS[16]: ("x", "times"), _MASKS[17]: LOWER_LABEL_WORDS,
}
_DIGIT_RE = re.compile(r"\d")
_MONTH_STARTS = month_abbreviations()  # as MONTH: a text with none of them holds no month name
# each mask with its gates, looked up once: `rx in a_set` hashes the compiled pattern's whole code on
# every test (microseconds for the long label mask), which cost more than most of the masks' searches
_GATED_MASKS = tuple((rx, rx in _MASKS_NEEDING_DIGIT, rx in _MASKS_NEEDING_MONTH, _MASK_NEEDS.get(rx))
                     for rx in _MASKS)


def mask_non_quantities(text: str, gated: bool = True) -> str:
    """The text with dates, years, ranges, labels etc. replaced by spaces (same length)."""
    no_digit = gated and _DIGIT_RE.search(text) is None
    no_month = gated and not has_any_word(text, _MONTH_STARTS)
    lowered = text.lower()
    current = text
    for rx, needs_digit, needs_month, needs_words in _GATED_MASKS:
        if (no_digit and needs_digit) or (no_month and needs_month):
            continue
        if gated and needs_words is not None and not holds_any(lowered, needs_words):
            continue
        spans = [m.span() for m in rx.finditer(current)]
        if spans:
            current = _blank_spans(current, spans)
    return current


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """Non-space characters of the (ordered, disjoint) spans replaced by spaces."""
    pieces, at = [], 0
    for a, b in spans:
        pieces.append(text[at:a])
        pieces.append("".join(c if c.isspace() else " " for c in text[a:b]))
        at = b
    pieces.append(text[at:])
    return "".join(pieces)


def find_mentions(text: str) -> list[Mention]:
    """Every quantity mentioned in `text`, in order, with offsets into `text`."""
    masked = mask_non_quantities(text)
    mentions = [m for m in (_digit_mention(text, masked, match) for match in _NUMBER_RE.finditer(masked)) if m]
    mentions += [m for m in (_word_mention(text, match) for match in _WORD_NUMBER_RE.finditer(masked)) if m]
    mentions.sort(key=lambda m: m.start)
    return mentions


CUE_WINDOW = 40  # characters before a figure that a cue such as 'in the region of' and its spaces fit in


def cue_before(before: re.Pattern, text: str, position: int, start: int = 0) -> bool:
    """Whether `before`, a pattern written for the end of a text ('(?:about|around)\\s*$'), matches
    the text just before `position`: whether a figure there is 'about', 'at least' and so on."""
    return match_before(before, text, position, start) is not None


def match_before(before: re.Pattern, text: str, position: int, start: int = 0):
    """The match of `before` ending at `position` within the CUE_WINDOW characters before it (and
    not before `start`), as `before.search(text[...:position])` finds it; or None."""
    window_start = position - CUE_WINDOW
    if window_start < start:  # (not max(): this runs for every figure, several times)
        window_start = start
    _, backwards, finals, anchored = _CUES.get(id(before)) or _learn_cue(before)
    if finals is not None:
        last = position
        while last > window_start and text[last - 1] in SPACE:
            last -= 1
        if last <= window_start:
            return None  # the pattern matches no white space alone
        final = text[last - 1]
        if final not in finals and final.isascii():  # (a letter such as 'ſ' may match 's' ignoring case)
            return None
    if anchored and position > window_start and text[position - 1] not in _LINE_ENDS:
        return backwards.match(text, window_start, position)
    return backwards.search(text, window_start, position)


# id of a cue pattern -> (the pattern, kept so that its id stays its own; the same pattern matched
# from the end backwards; the characters its match can end with (regex_tail); whether every match
# must end at the end). Keyed by id: hashing a compiled pattern hashes its whole code, which cost
# more than most of the searches.
_CUES: dict[int, tuple[re.Pattern, object, Optional[frozenset], bool]] = {}
# where a '$' may match short of the end of the text (before a newline ending it): searched for there
_LINE_ENDS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


def _learn_cue(before: re.Pattern) -> tuple[re.Pattern, object, Optional[frozenset], bool]:
    """The same pattern matched from the end backwards (the `regex` module's (?r)): it is tried at
    the figure first and fails on the last word, where a forward search tried every cue at every
    one of the 40 characters (ten to thirty times slower; the cost of reading a figure). With it,
    the characters a match can end with (regex_tail), unless '$' ends every line (re.M); and
    whether every match ends with '$': then a match can only end at the figure (the text before it
    not ending with a newline), and the backward match anchored there finds what the search finds
    (it tries there first) without trying the 40 other places, twice as fast on a text that is not
    all ASCII (one with a '£')."""
    backwards = regex.compile("(?r)" + before.pattern, before.flags)
    multiline = bool(before.flags & re.M)
    finals = None if multiline else final_characters(before.pattern, bool(before.flags & re.I))
    anchored = not multiline and not before.flags & re.X and ends_at_end(before.pattern)
    _CUES[id(before)] = (before, backwards, finals, anchored)
    return _CUES[id(before)]


_ONE = Decimal(1)


def _digit_mention(text: str, masked: str, m: re.Match) -> Optional[Mention]:
    neg, cur, neg2, digits, scale_word, pct, plus = m.group("neg", "cur", "neg2", "digits", "scale", "pct", "plus")
    start, end = m.span()
    while end > start and text[end - 1].isspace():
        end -= 1
    read = _figure_of(bool(neg or neg2), cur, digits, scale_word, pct, text[start:end].strip())
    if read is None:
        return None
    figure, kind = read
    pct = (pct or "").lower()
    return Mention(figure=figure, start=start, end=end, kind=kind,
                   approx=cue_before(APPROX_BEFORE, text, start),
                   bound=cue_before(BOUND_BEFORE, text, start) or bool(plus),
                   in_parens=_in_parens(text, start),
                   points=bool(pct) and pct != "%" and "cent" not in pct,
                   noun=_following_words(text, end))


@lru_cache(maxsize=1 << 14)  # a pack writes the same figures again and again; a Figure is immutable
def _figure_of(negative: bool, cur: Optional[str], digits: str, scale_word: Optional[str], pct: Optional[str],
               written: str) -> Optional[tuple[Figure, str]]:
    """(the figure, its kind: percent, money or count) of a number the pattern matched; None if it is none."""
    digits = digits.replace(",", "")
    if len(digits) > 1 and digits.startswith("0") and "." not in digits:
        return None
    scale_word = (scale_word or "").strip().lower()
    if cur is None and scale_word in ("m", "bn", "mn"):
        return None  # "12m" without £ may be months or metres
    value = Decimal(digits)
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    if negative:
        value = -value
    pct = (pct or "").lower()
    if pct:
        kind, unit = "percent", "%"
    elif cur:
        kind, unit = "money", cur
    else:
        kind, unit = "count", None
    return Figure(value=value, decimals=decimals, unit=unit, scale=SCALE_WORDS.get(scale_word, _ONE), text=written), kind


def _word_mention(text: str, m: re.Match) -> Optional[Mention]:
    word = m.group(0)
    value = word_to_int(word.replace(" ", "-"))
    if value is None:
        return None
    if _WORD_NOT_COUNT_AFTER.match(text[m.end():m.end() + 20]):
        return None
    if re.match(r"-[a-z]", text[m.end():m.end() + 2], re.I) and "-" not in word:
        return None  # 'two-bedroom homes', 'a three-year plan': a number word used as an adjective
    if value == 1 and _WORD_NOT_COUNT_BEFORE.search(text[max(0, m.start() - 12):m.start()]):
        return None
    if label_noun_before(text, m.start()):
        return None  # '91 stage one complaints': the stage, not a count
    figure = Figure(value=Decimal(value), decimals=0, unit=None, scale=Decimal(1), text=word)
    return Mention(figure=figure, start=m.start(), end=m.end(), kind="word",
                   approx=cue_before(APPROX_BEFORE, text, m.start()), bound=cue_before(BOUND_BEFORE, text, m.start()),
                   in_parens=_in_parens(text, m.start()), noun=_following_words(text, m.end()))


def _in_parens(text: str, pos: int) -> bool:
    """An open bracket less than 200 characters before pos, not closed before it. Looked for in
    those 200 characters only: searched back to the start of the text, it made a long text quadratic."""
    opened = text.rfind("(", max(0, pos - 199), pos)
    return opened >= 0 and ")" not in text[opened:pos]


_CLAUSE_BREAK_RE = re.compile(r"[.;:,()\[\]–—]|\s-\s")


def _following_words(text: str, end: int, n: int = 4) -> str:
    window = text[end:end + 60]
    stop = _CLAUSE_BREAK_RE.search(window)
    tail = window[:stop.start()] if stop else window
    return " ".join(tail.lower().split()[:n])


_ABBREV = re.compile(r"(?:\b(?:approx|c|e\.g|i\.e|eg|ie|mr|mrs|ms|dr|no|st|etc|vs|cllr|para|paras|fig|est|inc|"
                     r"ltd|co|cf|al|nos|ref|vol|art|sec|min|max|p|pp)|\b[A-Z])\.$", re.I)
_SENTENCE_END = re.compile(r"[.!?](?=[\"'”’)]?\s+[\"'“‘(]?[A-Z0-9£])|[.!?](?=\s+\(?[a-z]{1,4}\)\s)|[.!?][\"'”’)]?$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`; abbreviations and decimals do not end one."""
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if _ABBREV.search(text[max(0, m.start() - 6):m.start() + 1]):
            continue
        if text[start:end].strip():
            spans.append(_trim(text, start, end))
        start = end
    if text[start:].strip():
        spans.append(_trim(text, start, len(text)))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentences_of(text: str) -> list[Sentence]:
    """The sentences of a text, each with the quantities it mentions."""
    mentions = find_mentions(text)  # in order of start
    starts = [m.start for m in mentions]
    out = []
    for start, end in split_sentences(text):  # each sentence takes its slice: not a scan of every mention
        out.append(Sentence(text, start, end, mentions[bisect_left(starts, start):bisect_left(starts, end)]))
    return out
