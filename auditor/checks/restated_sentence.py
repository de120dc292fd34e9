"""restated-sentence: one sentence written in two places with a figure changed.

Packs repeat themselves: an equality assessment copies the strategy's context paragraph, a
report's summary repeats its body. When the same sentence (the same words, at least
`min_words` of them) appears twice and its figures differ in one place only, one of the two was
retyped wrongly: "there are now 13,983 pupils on a SEN Support plan and 6,377 with an EHC plan"
against "... 13,983 pupils on a SEN Support plan and 6,317 with an EHC plan".
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable

from auditor.checks import register
from auditor.checks._common import finding_at
from auditor.model import Finding, Related
from auditor.vocab import word_list_pattern

WORD_RE = re.compile(r"[a-z]+")
LABEL_RE = re.compile(r"\s*[A-Z][\w ]{0,30}:\s+")


@register("restated-sentence", params={"min_words": (int, 10)}, needs=("sentences",))
def check_restated_sentences(pack, rule, params, ctx) -> Iterable[Finding]:
    groups: dict[tuple[tuple[str, ...], ...], list] = defaultdict(list)
    for source in ctx.facts_of(pack).sentences:
        if source.location_of is not None:
            continue  # a table cell: tables are compared cell by cell elsewhere
        for sentence in source.sentences:
            if not sentence.mentions:
                continue
            words = _words_around_figures(sentence)
            if sum(len(part) for part in words) >= params["min_words"]:
                groups[tuple(map(tuple, words))].append((source.doc, source.block, sentence))  # one part per gap
    for places in groups.values():
        yield from _changed_figures(rule, places)


def _words_around_figures(sentence) -> list[list[str]]:
    """The sentence's words cut at each figure: the text that must match for two sentences to be one."""
    parts, at = [], sentence.start
    label = LABEL_RE.match(sentence.text, at)
    if label and label.end() <= sentence.mentions[0].start:
        at = label.end()  # "Context: The latest School Census ...": a form's label before the copied text
    for m in sentence.mentions:
        parts.append(WORD_RE.findall(sentence.text[at:m.start].lower()))
        at = m.end
    parts.append(WORD_RE.findall(sentence.text[at:sentence.end].lower()))
    return parts


NUMBERING_AFTER_RE = re.compile(r"^(?:\.\s+[A-Z*]|\)|\.?\*\*|\s*$)")
PAGE_BEFORE_RE = re.compile(r"(?:\bp\s*a\s*g\s*e|\bpage|\||\bp\.?)\s*$", re.I)


def _is_quantity(sentence, m) -> bool:
    """A figure that counts or measures, not the number of an item ('4. Service Level') or a page."""
    if not sentence.text[sentence.start:m.start].strip(" *#-•(\t\n"):
        return False  # the sentence opens with it: a list or form item's number
    if NUMBERING_AFTER_RE.match(sentence.text[m.end:m.end + 3]):
        return False
    return not PAGE_BEFORE_RE.search(sentence.text[max(0, m.start - 12):m.start])


SPAN_UNIT = r"\s*(?:years?|months?|weeks?|decades?)\b"
SINCE_BEFORE_RE = re.compile(rf"\b(?:past|{word_list_pattern('earlier_period_words')})\s+$", re.I)  # 'the last five'
SINCE_AFTER_RE = re.compile(SPAN_UNIT, re.I)
AGO_AFTER_RE = re.compile(SPAN_UNIT + r"\s+(?:ago|since)\b", re.I)  # 'four years ago'


def _time_to_now(sentence, m) -> bool:
    """A span counted back from when it was written ('in the last five years', 'three years ago')."""
    before = sentence.text[max(0, m.start - 20):m.start]
    after = sentence.text[m.end:m.end + 20]
    return bool(SINCE_BEFORE_RE.search(before) and SINCE_AFTER_RE.match(after) or AGO_AFTER_RE.match(after))


_SPACES_RE = re.compile(r"\s+")


def _figures(sentence) -> tuple[str, ...]:
    return tuple(_SPACES_RE.sub("", m.text) for m in sentence.mentions)


def _changed_figures(rule, places) -> Iterable[Finding]:
    variants = defaultdict(list)
    for place in places:
        variants[_figures(place[2])].append(place)
    if len(variants) != 2:
        return  # one wording throughout, or a template filled with many figures (not one slip)
    (a, at_a), (b, at_b) = sorted(variants.items(), key=lambda kv: -len(kv[1]))
    changed = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    if len(changed) != 1:
        return
    i = changed[0]
    if not all(_is_quantity(s, s.mentions[i]) for _, _, s in at_a + at_b):
        return  # an item number or a page number: a copied form or footer, not a figure retyped
    if all(_time_to_now(s, s.mentions[i]) for _, _, s in at_a + at_b):
        return  # 'in the last four years' a year ago is 'in the last five years' now: last year's text quoted
    usual = at_a[0]
    if _periods_differ([_heading_period(doc, block) for doc, block, _ in at_a + at_b]):
        return  # '## 2023/24' and '## 2022/23' over the same sentence: each year's figure, told in its own words
    for doc, block, sentence in at_b:
        m = sentence.mentions[i]
        f = finding_at(rule, doc, block, sentence.start, sentence.end,
                       f"The same sentence gives {a[i]} in {usual[0].title[:60]} but {m.text} here: "
                       f"one of them was retyped wrongly",
                       expected=a[i], found=m.text)
        f.related = [Related(d.title, bl.location_at(s.start), s.body.strip()[:200]) for d, bl, s in at_a]
        yield f


# the period a heading names: a year or financial year ('2023/24', '2022-2023'), or an earlier one ('Key facts
# (previous year)')
YEAR_IN_HEADING_RE = re.compile(r"(?<![\d£$€.,])((?:19|20)\d{2})(?:\s?[/–-]\s?(?:(?:19|20)?\d{2}))?(?![\d%])")
EARLIER_PERIOD_RE = re.compile(rf"\b(?:{word_list_pattern('earlier_period_words')})\s+"
                               rf"(?:{word_list_pattern('period_nouns')})\b", re.I)


def _periods_differ(periods) -> bool:
    """Whether the headings over the places name different periods: two years, or an earlier period ('(previous
    year)') over some and not over others. A place under no period heading is not told apart from one under a
    year's (a report's summary restating its appendix for 2024/25)."""
    named = [p for p in periods if p is not None]
    if len(set(named)) > 1:
        return True
    return any(earlier for _, earlier in named) and not all(p is not None and p[1] for p in periods)


def _heading_period(doc, block):
    """(years, earlier) named by the nearest heading over the block (itself or one of those it sits under, up
    to the document's title) that names a period; None when none does."""
    at = next((i for i, b in enumerate(doc.blocks) if b is block), None)
    if at is None:
        return None
    level = None
    for b in reversed(doc.blocks[:at]):
        if b.kind != "heading" or (level is not None and b.level >= level):
            continue  # a heading beside the block's own, not over it
        level = b.level
        period = _period_named(b.text)
        if period is not None:
            return period
    return _period_named(doc.title or "")


def _period_named(text: str):
    years = tuple(sorted(set(YEAR_IN_HEADING_RE.findall(text))))
    earlier = bool(EARLIER_PERIOD_RE.search(text))
    return (years, earlier) if years or earlier else None
