"""What the claim readers share: the pack's prose read into sentences, the claims, and helpers.

Sentences carry their own arithmetic. Relations read from the grammar of a sentence, not from any one wording:
  parts       "W <noun> comprising/made up of/which include a, b and c" -> a + b + c vs W
  percent-of  "P% (a out of b)", "a of b (P%)", "a (P%) of b"           -> a / b vs P
  change      "an increase of N (P%) from M", "from M to K, a rise of N" -> N vs K - M, P vs N / M
  difference  "D% below/higher than the average of Q%"                  -> D vs S - Q
  direction   "an increase on last quarter's M" when the new value is below M

Each relation is read in its own module of this package (parts, percent_of, change, difference,
direction); the package reads them all, once per pack (auditor.facts.pack_facts). Judging and
reporting a claim is the checks' (auditor.checks._prose and the prose-* kinds).

Every figure is kept as written, so that a claim can be judged by intervals (XBRL Calculations 1.1):
a figure shown to some precision stands for the interval it rounds from.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Optional

from auditor.facts.prose_numbers import OPTIONAL_HEDGE, Mention, Sentence, match_before, sentences_of
from auditor.vocab import number_word_pattern
from auditor.numbers import format_decimal

Interval = tuple[Decimal, Decimal]
HUNDRED = Decimal(100)
MAX_SENTENCE = 900

UP_WORDS = r"increase|increased|increases|increasing|rise|rises|rising|rose|risen|growth|grew|grown|growing|uplift|up|higher|more|greater|above"
DOWN_WORDS = (r"decrease|decreased|decreases|decreasing|reduction|reductions|reduce|reduced|reducing|fall|falls|"
              r"falling|fell|fallen|drop|drops|dropped|dropping|decline|declined|declines|declining|cut|down|"
              r"lower|less|fewer|below")
ANAPHOR_RE = re.compile(r"^\W*(?:this|these|that|it|which|such|the\s+(?:figure|rate|number|total))\b", re.I)
COUNT_STOPWORDS = {"of", "the", "a", "an", "and", "in", "at", "across", "for", "to", "are", "is", "were", "was",
                   "have", "has", "had", "which", "that", "with", "from", "by", "on", "new", "more", "other",
                   "additional", "total", "further", "mainstream", "current", "existing", "local"}
# a sentence that opens with its whole: 'Of the 39 doctors ...', 'From the 120 schools ...'
OF_THE_WHOLE_RE = re.compile(r"^\W*(?:of|from|out\s+of)\s+(?:the|these|those|all|its|our)?\s*$", re.I)
PAREN_OPEN_RE = re.compile(rf"^\s*\(\s*{OPTIONAL_HEDGE}$", re.I)


@dataclass
class Claim:
    """One stated figure and what the sentence's other figures make of it.

    What it says when it does not hold is the checks' (auditor.checks._messages.PROSE_MESSAGES): the
    claim names its template and gives the values to fill it with, the figures as written."""

    relation: str
    stated: Mention
    readings: list[Interval]  # any one overlapping the stated interval makes the claim hold
    mode: str  # "equal" or "at-most" (the computed value must not exceed the stated one)
    start: int
    end: int
    expected: str
    template: str  # the message's template (PROSE_MESSAGES)
    values: dict[str, str] = field(default_factory=dict)  # its placeholders' values
    note: str = ""  # a remark on the claim (PROSE_NOTES), filled with the same values


@dataclass
class DirectionClaim:
    relation: str
    word: str
    new: Mention
    old: Mention
    up: bool
    start: int
    end: int
    magnitude: bool = False  # "rising to": compare sizes (savings are written as negatives)
    comparison: bool = False  # "18% was lower than 32%": one figure against another, not a change


@dataclass
class Source:
    doc: object
    block: object
    sentences: list[Sentence]
    location_of: object = None  # a table cell's location, for text from a table
    following_items: list = field(default_factory=list)  # list items right after the block


# ---------------------------------------------------------------- reading the pack

# a block worth reading into sentences: a digit, or a number word up to ten (vocab's words)
_MAY_HOLD_QUANTITY_RE = re.compile(r"\d|\b(?:" + number_word_pattern(10) + r")\b", re.I)


def prose_sources(pack, include_tables: bool = True) -> list[Source]:
    sources = []
    for doc in pack.documents:
        blocks = doc.blocks
        for i, block in enumerate(blocks):
            if block.table is None:
                if _MAY_HOLD_QUANTITY_RE.search(block.text):
                    sources.append(Source(doc, block, sentences_of(block.text),
                                          following_items=_following_list_items(blocks, i)))
            elif include_tables:
                for row in block.table.rows:
                    for cell in row:
                        if len(cell.text.split()) >= 6 and re.search(r"\d", cell.text):
                            sources.append(Source(doc, block, sentences_of(cell.text), location_of=cell.location))
    return sources


def _following_list_items(blocks, i) -> list:
    items = []
    for block in blocks[i + 1:i + 30]:
        if block.kind != "list_item":
            break
        items.append(block)
    return items


# Each relation is read in its module of this package (parts, percent_of, ...), which imports this one
# and adds its readers here with @claim_reader: this module never imports them back (the package's
# __init__ imports them all). A reader takes (source, index of the sentence), or with of_sentence=True
# the sentence alone, and returns its claims; claims_in runs them in this order.
READER_ORDER = ("parts", "percent-of", "named-whole", "change", "from-to-percent", "difference", "direction")
CLAIM_READERS: dict[str, Callable[[Source, int], list]] = {}


def claim_reader(name: str, of_sentence: bool = False):
    if name not in READER_ORDER:
        raise ValueError(f"unknown claim reader {name!r}: add it to READER_ORDER")

    def wrap(func):
        CLAIM_READERS[name] = (lambda source, idx: func(source.sentences[idx])) if of_sentence else func
        return func

    return wrap


# ---------------------------------------------------------------- helpers

def show(value: Decimal, like: Mention, decimals: Optional[int] = None) -> str:
    """A computed value written the way `like` is written (unit, scale, decimals)."""
    scaled = value / like.figure.scale
    number = format_decimal(scaled, max(like.figure.decimals if decimals is None else decimals, 0))
    if like.kind == "percent":
        return f"{number}%"
    suffix = {Decimal(1000): "k", Decimal(1_000_000): "m", Decimal(1_000_000_000): "bn"}.get(like.figure.scale, "")
    if like.kind == "money":
        sign = "-" if scaled < 0 else ""
        return f"{sign}{like.figure.unit}{number.lstrip('-')}{suffix}"
    return f"{number}{suffix}"


def mid(interval: Interval) -> Decimal:
    return (interval[0] + interval[1]) / 2


def divide(a: Interval, b: Interval) -> Optional[Interval]:
    """a / b * 100 for positive intervals."""
    if b[0] <= 0 or a[0] < 0:
        return None
    return a[0] / b[1] * HUNDRED, a[1] / b[0] * HUNDRED


# what ends a clause inside a sentence: 'income is £1.7m above target but its expenditure ... - an overspend of
# £6.4m' compares neither figure with the other
# the words that set one figure against another ('compared with 24 at the last report', 'against a target of')
COMPARISON_WORDS = r"compared\s+(?:to|with)|against|than|versus|vs\.?"
CLAUSE_BREAK_RE = re.compile(r"\b(?:but|while|whereas|although|however)\b|\s[–—-]\s", re.I)


def between(sentence: Sentence, a_end: int, b_start: int) -> str:
    return sentence.text[a_end:b_start]


def usable(m: Mention) -> bool:
    return not m.bound


# 'an increase of £2m', 'down by 3': the figure after is a change; 'a variance of £6.7m': a gap between two values
CHANGE_OF_RE = re.compile(rf"\b(?P<word>{UP_WORDS}|{DOWN_WORDS})\s+(?:of|by)\s+{OPTIONAL_HEDGE}$", re.I)
VARIANCE_OF_RE = re.compile(r"\b(?:variance|underspend|overspend|under-spend|over-spend)\s+(?:of|by)\s+"
                            + OPTIONAL_HEDGE + "$", re.I)


def is_change_amount(sentence: Sentence, m: Mention) -> bool:
    """A figure that is itself a change or a gap ('a decrease of 0.73 days', 'a variance of £6.7m'): never the
    level a change is from or to ('10.15 days, a decrease of 0.73 on last year and an increase of 2.65 over the
    target of 7.5' sets the 2.65 between the 10.15 and the 7.5, not between the 0.73 and the 7.5)."""
    change = match_before(CHANGE_OF_RE, sentence.text, m.start, sentence.start)
    if change is not None:
        # 'cost reductions of £1.184m', 'increases of £2m': a plural noun names an amount of them, a level
        return not (change.group("word").lower().endswith("s") and re.match(r"\s+of\b", sentence.text[change.end("word"):]))
    return match_before(VARIANCE_OF_RE, sentence.text, m.start, sentence.start) is not None


def previous_lead(source: Source, idx: int, like: Mention) -> Optional[Mention]:
    """For "This is an increase ...": the first figure of the same kind in the sentence before (a level, not a
    change amount)."""
    if idx == 0:
        return None
    before = source.sentences[idx - 1]
    for m in before.mentions:
        if m.compatible(like) and not m.in_parens and usable(m) and not m.points and not is_change_amount(before, m):
            return m
    return None


def percent_claim(p: Mention, a: Mention, b: Mention, sentence: Sentence) -> list[Claim]:
    if p.points or p.bound or a.bound or b.bound:
        return []
    ratio = divide(a.interval(), b.interval())
    if ratio is None or a.interval()[0] > b.interval()[1]:
        return []
    expected = show(mid(ratio), p)
    start, end = min(p.start, a.start), max(p.end, b.end)
    exact = format_decimal(mid(ratio), p.figure.decimals + 2)
    return [Claim("percent-of", p, [ratio], "equal", start, end, expected, "percent-of",
                  {"part": a.text, "whole": b.text, "exact": exact, "expected": expected, "stated": p.text})]
