"""Percent-of claims (checked by prose-percent-of): a percentage stated with its part and its whole.

"P% (a out of b)", "a of b (P%)", "a (P%) of b" -> a / b vs P; and "a (P% of the total population)"
with the whole given earlier in the paragraph. Judged by intervals (see auditor.checks._prose).
"""
from __future__ import annotations

import re
from typing import Optional

from auditor.facts.claims.base import (COMPARISON_WORDS, COUNT_STOPWORDS, DOWN_WORDS, OF_THE_WHOLE_RE, PAREN_OPEN_RE, UP_WORDS,
                                       Claim, Source, between, claim_reader, percent_claim, usable)
from auditor.facts.prose_numbers import OPTIONAL_HEDGE, Mention, Sentence
from auditor.vocab import words

REPRESENTS_RE = re.compile(r"^[^%;()]{0,40}?\b(?:represents?|representing|equat(?:es|ing)\s+to|equivalent\s+to|"
                           r"amounts?\s+to|accounts?\s+for|accounting\s+for)\s+" + OPTIONAL_HEDGE + "$", re.I)
SHARE_OF_RE = re.compile(r"^\s+of\s+(?:the\s+|our\s+|its\s+|a\s+)?(?:[\w'’-]+\s+){0,4}?(?:of|totalling|at)\s+$", re.I)
PEOPLE_NOUNS = frozenset(words("people_nouns"))  # rules/vocab: words that count people ('population', 'residents')
OF_RE = re.compile(r"^\s+(?:out\s+of|of)\s+(?:a\s+total\s+of\s+|the\s+|all\s+)?$", re.I)



@claim_reader("percent-of", of_sentence=True)
def percent_of_claims(sentence: Sentence) -> list[Claim]:
    claims = []
    ms = sentence.mentions
    for i in range(len(ms) - 1):
        a, b = ms[i], ms[i + 1]
        if a.kind in ("count", "word", "money") and a.compatible(b) and OF_RE.match(between(sentence, a.end, b.start)):
            p = _percent_for_pair(sentence, i)
            if p is not None:
                claims += percent_claim(p, a, b, sentence)
        if i + 2 < len(ms):
            p, b2 = ms[i + 1], ms[i + 2]
            if p.kind == "percent" and a.kind in ("count", "word", "money") and a.compatible(b2):
                gap1, gap2 = between(sentence, a.end, p.start), between(sentence, p.end, b2.start)
                if PAREN_OPEN_RE.match(gap1) and re.match(r"^\s*\)\s+(?:out\s+)?of\s+(?:the\s+|a\s+total\s+of\s+)?$", gap2, re.I):
                    claims += percent_claim(p, a, b2, sentence)  # a (P%) of b
                elif re.match(r"^[\s\w'’-]{0,40}?\(\s*$", gap1) and OF_RE.match(gap2):
                    claims += percent_claim(p, a, b2, sentence)  # a (P% of b)
                elif REPRESENTS_RE.match(gap1) and SHARE_OF_RE.match(gap2) and not a.in_parens:
                    claims += percent_claim(p, a, b2, sentence)  # a represents P% of the budget of b
    return claims + _shares_of_a_whole(sentence) + _shares_of_an_opening_whole(sentence) + _shares_of_a_stated_total(sentence)


OF_WHICH_RE = re.compile(r"^[^()%;\d]{0,50}?\bof\s+(?:which|whom|these|those|them)\s*,?\s*$", re.I)
OF_THESE_RE = re.compile(r"^\s+of\s+(?:which|whom|these|those|them)\s*\(\s*$", re.I)
NEXT_PART_RE = re.compile(r"^\)?[^()%;\d]{0,60}$")  # words between one part's share and the next part


def _shares_of_a_whole(sentence: Sentence) -> list[Claim]:
    """"4,225 responses, of which 3,760 (89%) were online and 465 (11%) on paper"; "2,505 people waited,
    and 2,160 of these (86%) ...": each part's bracketed share is of the whole named before it."""
    ms, claims = sentence.mentions, []
    for i in range(len(ms) - 2):
        whole, a, p = ms[i], ms[i + 1], ms[i + 2]
        if whole.kind not in ("count", "word", "money") or whole.in_parens or not whole.compatible(a):
            continue
        if _set_against(sentence, whole):
            continue
        if OF_WHICH_RE.match(between(sentence, whole.end, a.start)) and _share_in_brackets(sentence, a, p):
            claims += percent_claim(p, a, whole, sentence)
            k = i + 3
            while k + 1 < len(ms) and NEXT_PART_RE.match(between(sentence, ms[k - 1].end, ms[k].start)) \
                    and ms[k].compatible(whole) and _share_in_brackets(sentence, ms[k], ms[k + 1]):
                claims += percent_claim(ms[k + 1], ms[k], whole, sentence)  # '... and 465 (11%) on paper'
                k += 2
        elif p.kind == "percent" and a.compatible(whole) and not a.in_parens \
                and OF_THESE_RE.match(between(sentence, a.end, p.start)) and NEXT_PART_RE.match(between(sentence, whole.end, a.start)):
            claims += percent_claim(p, a, whole, sentence)  # 'and 2,160 of these (86%)'
    return claims


# '1,184 homes were completed against the requirement of 1,050 a year, of which 312 (26%)': a figure set against
# another, or a rate, is not what 'of which' divides
SET_AGAINST_RE = re.compile(rf"\b(?:{COMPARISON_WORDS})\b[^.;,()\d]{{0,50}}$", re.I)
A_RATE_RE = re.compile(r"^\s*(?:a|per|each)\s+(?:year|annum|week|month|day)\b|^\s*(?:p\.?a\.?|annually)\b", re.I)


def _set_against(sentence: Sentence, m: Mention) -> bool:
    return bool(SET_AGAINST_RE.search(sentence.text, max(sentence.start, m.start - 60), m.start)
                or A_RATE_RE.match(sentence.text[m.end:min(sentence.end, m.end + 20)]))


# words between the whole and its first share: no figure, at most one aside in brackets ('(including roll forward)')
PART_BEFORE_SHARE_RE = re.compile(r"^[^()%;\d]{0,80}(?:\([^()%;\d]{0,60}\)[^()%;\d]{0,80})?$")
# 'Out of total planned saving of £55m', 'Of the total budget of £12m': the whole named, then its figure
OF_A_NAMED_TOTAL_RE = re.compile(r"^\W*(?:of|out\s+of)\s+(?:(?:the|our|its)\s+)?total\s+(?:[a-z'’-]+\s+){0,3}?"
                                 r"(?:of|at)\s+$", re.I)
SHARE_OF_OTHER_RE = re.compile(r"^\s*\)?\s*(?:of|out\s+of)\b", re.I)  # 'P% (a) of those ...': a share of another whole


def _shares_of_an_opening_whole(sentence: Sentence) -> list[Claim]:
    """"Of the 39 doctors due an appraisal, 100% (39 doctors) completed it": the sentence opens with
    its whole, and a share later in it is of that whole, 'P% (a)' or 'a (P%)'; so is each further share
    in the same form with only words between ('... over 50% (£29.6m) are rated red with a further
    13% (£7.4m) rated amber')."""
    ms = sentence.mentions
    if len(ms) < 3:
        return []
    opening = between(sentence, sentence.start, ms[0].start)
    if not (OF_THE_WHOLE_RE.match(opening) or OF_A_NAMED_TOTAL_RE.match(opening)):
        return []
    whole = ms[0]
    if whole.kind not in ("count", "word", "money") or not PART_BEFORE_SHARE_RE.match(between(sentence, whole.end, ms[1].start)):
        return []
    claims: list[Claim] = []
    k = 1
    while k + 1 < len(ms):
        first, second = ms[k], ms[k + 1]
        after = sentence.text[second.end:sentence.end]
        if first.kind == "percent" and second.compatible(whole) and second.in_parens and not first.in_parens \
                and PAREN_OPEN_RE.match(between(sentence, first.end, second.start)):
            pair = (first, second)  # P% (a)
        elif first.compatible(whole) and _share_in_brackets(sentence, first, second):
            pair = (second, first)  # a (P%)
        else:
            break
        if SHARE_OF_OTHER_RE.match(after):
            break
        claims += percent_claim(pair[0], pair[1], whole, sentence)
        k += 2
        if k < len(ms) and not NEXT_PART_RE.match(between(sentence, ms[k - 1].end, ms[k].start).lstrip(")")):
            break
    return claims


def _share_in_brackets(sentence: Sentence, part: Mention, p: Mention) -> bool:
    return p.kind == "percent" and p.in_parens and not part.in_parens and bool(
        PAREN_OPEN_RE.match(between(sentence, part.end, p.start)))


def _percent_for_pair(sentence: Sentence, i: int) -> Optional[Mention]:
    ms = sentence.mentions
    a, b = ms[i], ms[i + 1]
    if i > 0 and ms[i - 1].kind == "percent":
        p = ms[i - 1]
        gap = between(sentence, p.end, a.start)
        if len(gap) <= 80 and (PAREN_OPEN_RE.match(gap) or re.search(r"\bwith\s+$", gap) or len(gap.strip()) <= 1
                               or re.match(rf"^[^()%;]{{0,60}}\(\s*{OPTIONAL_HEDGE}$", gap, re.I)):
            return p
    if i + 2 < len(ms) and ms[i + 2].kind == "percent":
        p = ms[i + 2]
        gap = between(sentence, b.end, p.start)
        if re.match(r"^[\s\w'’-]{0,40}?\s*(?:\(|,\s*or\s+|[–-]\s*|,\s*i\.e\.?\s*)\s*$", gap, re.I):
            return p
    return None


NAMED_WHOLE_RE = re.compile(r"^\s+of\s+(?:the\s+)?(?:total\s+|overall\s+|whole\s+|entire\s+)?"
                            r"(?P<noun>[a-z][a-z' -]{2,40}?)\s*\)", re.I)
WHOLE_STATED_RE = r"\b{noun}\s+(?:(?:was|is|were|are|of|stood\s+at|totalled|totals|reached|at)\s+)?" + OPTIONAL_HEDGE + "$"


@claim_reader("named-whole")
def named_whole_claims(source: Source, idx: int) -> list[Claim]:
    """"approx. 201,250 children (29% of the total population)", with "the population was 712,336" said
    earlier in the paragraph: the share must match that whole."""
    sentence = source.sentences[idx]
    claims = []
    for i, p in enumerate(sentence.mentions):
        named = NAMED_WHOLE_RE.match(sentence.text[p.end:sentence.end])
        if p.kind != "percent" or not p.in_parens or p.bound or p.points or not named or i == 0:
            continue
        earlier = [m for m in sentence.mentions[:i] if not m.bound]
        if not earlier:
            continue
        a = earlier[-1]
        if a.kind not in ("count", "word") or not re.match(r"^[^()%]{0,80}\(\s*$", between(sentence, a.end, p.start)):
            continue
        whole = _named_whole(source, idx, a, named.group("noun"))
        if whole is None:
            continue
        for claim in percent_claim(p, a, whole, sentence):
            claim.template = "percent-of-named-whole"
            claim.values["noun"] = named.group("noun").strip()
            claims.append(claim)
    return claims + _shares_of_these(source, idx)


# 'Of the 91 measures 66 had targets. Of these targeted measures 54 (59.4%) were within target': the share is of
# the count the sentence before ends on
SET_AGAINST_BEFORE_RE = re.compile(rf"\b(?:{COMPARISON_WORDS}|from|since|(?:up|down)\s+on)\s+(?:the\s+|a\s+)?$", re.I)
OF_THESE_OPENING_RE = re.compile(r"^\W*(?:[a-z]\)\s*)?(?:of|out\s+of)\s+(?:these|those|them|which|whom)\b"
                                 r"[^\d%();:]{0,40}$", re.I)


def _shares_of_these(source: Source, idx: int) -> list[Claim]:
    """A sentence opening 'Of these …' with parts and their bracketed shares: each share is of the last count
    of the sentence before, the set 'these' points back to (not of a larger whole named before it)."""
    sentence = source.sentences[idx]
    ms = sentence.mentions
    if idx == 0 or len(ms) < 2 or not OF_THESE_OPENING_RE.match(between(sentence, sentence.start, ms[0].start)):
        return []
    before = source.sentences[idx - 1]
    counts = [m for m in before.mentions if m.kind in ("count", "word") and usable(m)]
    if not counts or counts[-1].in_parens or counts[-1].bound or counts[-1].approx:
        return []
    whole = counts[-1]
    outside = [m for m in counts if not m.in_parens]
    opens_with_whole = bool(OF_THE_WHOLE_RE.match(between(before, before.start, before.mentions[0].start)))
    if not (len(outside) == 1 or len(outside) == 2 and opens_with_whole and outside[0] is before.mentions[0]):
        return []  # 'There were 1,200 referrals and 300 re-referrals. Of these, ...': which set is unsure
    if SET_AGAINST_BEFORE_RE.search(before.text[max(before.start, whole.start - 30):whole.start]) or \
            re.match(r"\s*(?:in|during|for)\s+(?:(?:19|20)\d\d|the\s+(?:previous|last|prior))\b|\s*(?:last|the\s+previous)\b",
                     before.text[whole.end:before.end], re.I):
        return []  # 'up from 98 in 2023': a value set against, not the set 'these' points back to
    claims = []
    for a, p in zip(ms, ms[1:]):
        if a.kind in ("count", "word") and p.kind == "percent" and a.compatible(whole) and p.in_parens and \
                PAREN_OPEN_RE.match(between(sentence, a.end, p.start)):
            claims += percent_claim(p, a, whole, sentence)
    return claims


def _named_whole(source: Source, idx: int, part: Mention, noun: str) -> Optional[Mention]:
    words = [w for w in re.findall(r"[a-z]+", noun.lower()) if w not in COUNT_STOPWORDS]
    if not words:
        return None
    head = re.escape(words[-1])
    found = []
    for sentence in source.sentences[:idx]:
        for m in sentence.mentions:
            before = sentence.text[max(sentence.start, m.start - 40):m.start]
            if m.kind == "count" and not m.bound and re.search(WHOLE_STATED_RE.format(noun=head), before, re.I):
                found.append(m)
    if len(found) != 1 or found[0].interval()[1] < part.interval()[0]:
        return None
    return found[0]


# 'Total households = 5668', 'Total number of households: 5668': a whole set out on its own ('White total = 81.1%'
# is a share's label)
STATED_TOTAL_RE = re.compile(r"\btotal\s+(?:[a-z'’-]+\s+){0,3}?(?P<noun>[a-z'’-]+)\s*[=:]\s*$", re.I)
LABEL_EQUALS_RE = re.compile(r"^[^%()=:;]{1,80}[=:]\s*$")  # 'Households with at least one Disabled person= '
SHARE_AND_PART_RE = re.compile(r"^\s*(?:,|\()\s*$")  # 'P%, a', 'P% (a)', 'a, P%', 'a (P%)'
CHANGE_LABEL_RE = re.compile(rf"\b(?:{UP_WORDS}|{DOWN_WORDS}|change|changes|variance|movement)\b", re.I)
NOUN_RE = re.compile(r"^\)?\s*([a-z][a-z'’-]*)")  # a lower-case word right after the part: its noun


def _shares_of_a_stated_total(sentence: Sentence) -> list[Claim]:
    """"Bristol: Total population = 472,465 White total = 81.1%, 383,140 people Black, Asian and Minority
    Ethnic total = 18.9%, 89,325 people": a whole set out as 'Total <noun> = b', then lines each setting
    out a share as '<label> = P%, a' (or 'P% (a)', 'a, P%', 'a (P%)'): each share is of the whole stated
    last before it. A part whose noun is not the whole's ('= 25%, 1416 people' of 'Total households') is
    of something else, and not read."""
    body = sentence.text[sentence.start:sentence.end]
    if "=" not in body and ":" not in body:
        return []  # nothing is set out as 'label = figure'
    ms = [m for m in sentence.mentions if not m.bound]
    claims: list[Claim] = []
    whole, noun, last_end = None, "", sentence.start
    k = 0
    while k < len(ms):
        m = ms[k]
        before = sentence.text[last_end:m.start].lstrip(") ")
        pair = ms[k + 1] if k + 1 < len(ms) else None
        shared = pair is not None and bool(SHARE_AND_PART_RE.match(between(sentence, m.end, pair.start)))
        stated = STATED_TOTAL_RE.search(before) if "total" in before.lower() else None
        if stated and m.kind in ("count", "money") and not m.in_parens and not (shared and pair.kind == "percent"):
            # a new whole ('Total with a disabled person = 1416 (25%)' is a share, not a whole)
            whole, noun, last_end = m, stated.group("noun").lower(), m.end
            k += 1
            continue
        if whole is None or not shared or not LABEL_EQUALS_RE.match(before):
            last_end = m.end
            k += 1
            continue
        p, a = (m, pair) if m.kind == "percent" else (pair, m)
        if CHANGE_LABEL_RE.search(before):
            pass  # 'Increase = 5%, £250k': a change, whose base is the old figure, not the total
        elif p.kind == "percent" and a.compatible(whole) and _same_count_noun(noun, sentence.text[a.end:sentence.end]):
            claims += percent_claim(p, a, whole, sentence)
        last_end = pair.end
        k += 2
    return claims


def _same_count_noun(whole_noun: str, after_part: str) -> bool:
    """The part counts what the whole counts: no noun of its own after it, the whole's noun, or both
    words for people (vocabulary: people_nouns)."""
    found = NOUN_RE.match(after_part)
    if not found:
        return True
    part_noun = found.group(1).lower()
    if part_noun.rstrip("s") == whole_noun.rstrip("s"):
        return True
    people = PEOPLE_NOUNS
    return part_noun in people and whole_noun in people
