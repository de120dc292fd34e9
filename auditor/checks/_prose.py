"""Shared by the prose-* kinds: sentences that carry their own arithmetic.

Relations read from the grammar of a sentence, not from any one wording:
  parts       "W <noun> comprising/made up of/which include a, b and c" -> a + b + c vs W
  percent-of  "P% (a out of b)", "a of b (P%)", "a (P%) of b"           -> a / b vs P
  change      "an increase of N (P%) from M", "from M to K, a rise of N" -> N vs K - M, P vs N / M
  difference  "D% below/higher than the average of Q%"                  -> D vs S - Q
  direction   "an increase on last quarter's M" when the new value is below M

Each relation is one kind, in its own module (prose_parts, prose_percent_of, prose_change,
prose_difference, prose_direction). Here is what they share: the claims, read from the pack once
for all five (`all_claims`), the helpers, and judging and reporting.

Every figure is kept as written and judged by intervals (XBRL Calculations 1.1): a figure
shown to some precision stands for the interval it rounds from, and a claim is inconsistent
only when its own interval and the computed one do not overlap. `tolerance` widens the stated
interval by that many units of its last shown place; near misses inside the tolerance are
reported as info findings when `report_within_tolerance` is set.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Optional

from auditor.checks._common import excerpt_around
from auditor.facts.prose_numbers import Mention, Sentence, sentences_of
from auditor.vocab import number_word_pattern
from auditor.model import Finding
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
PAREN_OPEN_RE = re.compile(r"^\s*\(\s*(?:approx\w*\.?\s*|c\.\s*|around\s+|about\s+)?$", re.I)


@dataclass
class Claim:
    """One stated figure and what the sentence's other figures make of it."""

    relation: str
    stated: Mention
    readings: list[Interval]  # any one overlapping the stated interval makes the claim hold
    mode: str  # "equal" or "at-most" (the computed value must not exceed the stated one)
    start: int
    end: int
    expected: str
    message: str  # used when the claim does not hold
    note: str = ""


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


def cached_prose_sources(pack, ctx) -> list[Source]:
    """The pack's prose read into sentences once, for every check that reads sentences."""
    return ctx.cached("prose-sources", lambda: prose_sources(pack))


def all_claims(pack, ctx) -> list[tuple[Source, Sentence, object]]:
    def build():
        out = []
        for source in cached_prose_sources(pack, ctx):
            for idx, sentence in enumerate(source.sentences):
                if sentence.end - sentence.start > MAX_SENTENCE:
                    continue  # table text flattened into one run, not a sentence
                for claim in claims_in(source, idx):
                    out.append((source, sentence, claim))
        return out

    return ctx.cached("prose-arithmetic-claims", build)


# Each relation is read in its kind's module (prose_parts, prose_percent_of, ...), which imports this one
# and adds its readers here with @claim_reader: this module never imports them back. A reader takes
# (source, index of the sentence), or with of_sentence=True the sentence alone, and returns its claims;
# claims_in runs them in this order.
READER_ORDER = ("parts", "percent-of", "named-whole", "change", "from-to-percent", "difference", "direction")
CLAIM_READERS: dict[str, Callable[[Source, int], list]] = {}


def claim_reader(name: str, of_sentence: bool = False):
    if name not in READER_ORDER:
        raise ValueError(f"unknown claim reader {name!r}: add it to READER_ORDER")

    def wrap(func):
        CLAIM_READERS[name] = (lambda source, idx: func(source.sentences[idx])) if of_sentence else func
        return func

    return wrap


def claims_in(source: Source, idx: int) -> list:
    if len(CLAIM_READERS) < len(READER_ORDER):  # a kind's module not imported yet: import them all
        from auditor.checks import load_kinds

        load_kinds()
    claims: list = []
    for name in READER_ORDER:
        claims += CLAIM_READERS[name](source, idx)
    return claims


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


def between(sentence: Sentence, a_end: int, b_start: int) -> str:
    return sentence.text[a_end:b_start]


def usable(m: Mention) -> bool:
    return not m.bound


def previous_lead(source: Source, idx: int, like: Mention) -> Optional[Mention]:
    """For "This is an increase ...": the first figure of the same kind in the sentence before."""
    if idx == 0:
        return None
    for m in source.sentences[idx - 1].mentions:
        if m.compatible(like) and not m.in_parens and usable(m) and not m.points:
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
    message = f"{a.text} out of {b.text} is {exact}%, which rounds to {expected}, not {p.text}"
    return [Claim("percent-of", p, [ratio], "equal", start, end, expected, message)]


# ---------------------------------------------------------------- judging and reporting

def judge(claim: Claim, tolerance: float) -> str:
    """'ok', 'near' (inside the tolerance only) or 'error'."""
    lo, hi = claim.stated.interval()
    if holds(claim, lo, hi):
        return "ok"
    slack = Decimal(str(tolerance)) * 2 * claim.stated.figure.half_ulp
    if slack and holds(claim, lo - slack, hi + slack):
        return "near"
    return "error"


def holds(claim: Claim, lo: Decimal, hi: Decimal) -> bool:
    if claim.mode == "at-most":
        return all(r[0] <= hi for r in claim.readings)
    return any(r[0] <= hi and lo <= r[1] for r in claim.readings)


def difference_text(claim: Claim) -> str:
    """Computed minus stated, in the stated figure's terms ("£1.2m", "0.8 points")."""
    if not claim.readings:
        return ""
    stated = claim.stated
    gap = mid(claim.readings[0]) - stated.figure.amount
    scaled = gap / stated.figure.scale
    decimals = stated.figure.decimals
    while decimals < stated.figure.decimals + 2 and scaled != scaled.quantize(Decimal(1).scaleb(-decimals)):
        decimals += 1
    if stated.kind == "percent":
        return f"{format_decimal(gap, decimals)} points"
    return ("+" if gap > 0 else "") + show(gap, stated, decimals)


def sentence_excerpt(sentence: Sentence, start: int, end: int, limit: int = 320) -> str:
    body = sentence.body
    if len(body) <= limit:
        return body
    return excerpt_around(body, max(0, start - sentence.start), max(0, end - sentence.start), width=120)


def make_finding(rule, source: Source, sentence: Sentence, start, end, message, expected, found, severity=None, **extra):
    location = source.location_of or source.block.location_at(sentence.start)
    return Finding(rule=rule.id, severity=severity or rule.severity, message=message, document=source.doc.title,
                   location=location, excerpt=sentence_excerpt(sentence, start, end), expected=expected,
                   found=found, extra=extra)


def check_relation(relation: str):
    def check(pack, rule, params, ctx):
        for source, sentence, claim in all_claims(pack, ctx):
            if not isinstance(claim, Claim) or claim.relation != relation:
                continue
            verdict = judge(claim, params["tolerance"])
            if verdict == "ok" or (verdict == "near" and not params["report_within_tolerance"]):
                continue
            severity = "info" if verdict == "near" else None
            gap = difference_text(claim)
            message = claim.message + (f" (difference {gap})" if gap else "") + \
                (" (within the rule's tolerance)" if verdict == "near" else "")
            extra = {"relation": relation, "difference": gap}
            if claim.note:
                extra["note"] = claim.note
            yield make_finding(rule, source, sentence, claim.start, claim.end, message, claim.expected,
                               claim.stated.text, severity=severity, **extra)

    check.__doc__ = f"Prose arithmetic: {relation} relations whose figures do not agree."
    return check


PARAMS = {"tolerance": (float, 0.0), "report_within_tolerance": (bool, False)}
