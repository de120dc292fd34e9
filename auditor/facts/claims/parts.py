"""Parts claims (checked by prose-parts): the parts of a whole must add up to it.

"W <noun> comprising/made up of/which include a, b and c" -> a + b + c vs W; "Of the 21 measures,
one ..., seven ...": the parts must not exceed the whole; "96% ..., the remaining 4%": the two
shares make 100%. Judged by intervals (see auditor.checks._prose).
"""
from __future__ import annotations

import re
from decimal import Decimal
from itertools import product
from typing import Optional

from auditor.facts.claims.base import (COMPARISON_WORDS, COUNT_STOPWORDS, HUNDRED, OF_THE_WHOLE_RE, PAREN_OPEN_RE, Claim, Interval, Source, between,
                                       claim_reader, mid, percent_claim, show, usable)
from auditor.facts.prose_numbers import Mention, Sentence, sentences_of

EXHAUSTIVE_RE = re.compile(
    r"\b(?:compris(?:ing|es|ed)(?:\s+of)?|consist(?:ing|s|ed)\s+of|made\s+up\s+of|split\s+(?:into|between|across|as)|"
    r"broken\s+down\s+(?:as|into|between)(?:\s+follows)?|divided\s+(?:into|between)|namely)\b", re.I)
# 'a CFR of £37m funded from £18m external borrowing, £5m leases and £14m internal borrowing': the sources that
# meet a whole, listed in full; not when the list is left open ('mainly from', 'as well as reserves', 'the rest')
FUNDED_RE = re.compile(r"\b(?:funded|financed|met|paid\s+for)\s+(?:from|by)\b(?=\s+(?:the\s+)?[£$€]?\d)", re.I)
OPEN_LIST_RE = re.compile(r"\b(?:as\s+well\s+as|other|others|remainder|remaining|balance|rest|among|amongst|partly|"
                          r"part|mainly|largely|mostly|majority|including|includes|together\s+with|plus|in\s+addition|"
                          r"also|such\s+as|etc)\b", re.I)
FUNDED_REACH = 60  # characters from the whole to the word that says how it is funded
INCLUSIVE_RE = re.compile(r"\b(?:which\s+include[sd]?|who\s+include|includ(?:ing|es|e)|of\s+which|of\s+whom|"
                          r"among\s+(?:which|whom)|amongst\s+(?:which|whom))\b", re.I)
REMAINDER_RE = re.compile(r"\b(?:leaving|with\s+the\s+(?:remaining|remainder|balance|rest)|the\s+remainder|"
                          r"the\s+balance\s+(?:of|being))\b", re.I)
RATE_NOUN_RE = re.compile(r"^(?:per\b|a\s+(?:year|week|month|day)\b|each\b|p\.?a\.?\b|annually\b|every\b)", re.I)
ANAPHOR_OF_RE = re.compile(r"of\s+(?:this|that|these|those|it|which|them)\b", re.I)
REMAINING_RE = re.compile(r"\b(?:the\s+)?(?:remaining|rest|balance|other)\s*(?:of\s+the\s+\w+\s+)?$", re.I)
COUNT_UNITS = {"school", "pupil", "child", "children", "student", "place", "home", "staff", "post", "people",
               "person", "bed", "unit", "setting", "provider", "family", "families", "household", "property",
               "properties", "application", "referral", "case", "week", "month", "year", "day", "hour", "measure",
               "indicator", "member", "councillor", "site", "room", "vehicle", "permit", "space", "plan"}


def span_sum(mentions: list[Mention]) -> Interval:
    lo = sum((m.interval()[0] for m in mentions), Decimal(0))
    hi = sum((m.interval()[1] for m in mentions), Decimal(0))
    return lo, hi


@claim_reader("parts")
def parts_claims(source: Source, idx: int) -> list[Claim]:
    sentence = source.sentences[idx]
    claims = []
    body_end = sentence.end
    keywords = sorted([(m, True) for m in EXHAUSTIVE_RE.finditer(sentence.text, sentence.start, body_end)]
                      + [(m, False) for m in INCLUSIVE_RE.finditer(sentence.text, sentence.start, body_end)]
                      + [(m, True) for m in FUNDED_RE.finditer(sentence.text, sentence.start, body_end)],
                      key=lambda k: k[0].start())
    for n, (kw, exhaustive) in enumerate(keywords):
        before = [m for m in sentence.mentions if m.end <= kw.start()]
        if not before:
            continue
        whole = before[-1]
        if whole.in_parens and whole.kind == "percent":
            # '112 responses from 287 schools (39%), of which 96': the share is an aside, the whole is before it
            outside = [m for m in before if not m.in_parens]
            whole = outside[-1] if outside else whole
        if kw.start() - whole.end > 100 or not usable(whole) or whole.points \
                or re.search(r"[.;]\s", sentence.text[whole.end:kw.start()]):
            continue
        later = [k for k, _ in keywords[n + 1:] if not _inside_brackets(sentence.text, kw.end(), k.start())]
        stop = _clause_end(sentence, kw, later[0].start() if later else body_end)
        stop = _comparison_start(sentence.text, kw.end(), stop)
        if kw.re is FUNDED_RE and (kw.start() - whole.end > FUNDED_REACH
                                             or OPEN_LIST_RE.search(sentence.text, kw.end(), stop)):
            continue
        in_sentence = [m for m in sentence.mentions if kw.end() <= m.start < stop]
        if not exhaustive and REMAINDER_RE.search(sentence.text, kw.end(), stop):
            exhaustive = True  # "£35.4m of which £26.2m ..., leaving £9.2m": the parts and the rest
        parts = _parts_after(whole, in_sentence, exhaustive)
        from_items = False
        if parts is not None and not parts and sentence.text[kw.end():body_end].strip() in ("", ":", "of:", ";"):
            parts = _parts_from_items(whole, source.following_items, exhaustive)
            from_items = True
        if not parts or (exhaustive and len(parts) < 2):
            continue
        if whole.kind in ("count", "word") and not _same_noun(whole, parts, sentence, kw.end(), stop, from_items):
            continue
        claim = _parts_claim(whole, parts, exhaustive, kw.group(0), sentence, from_items)
        if claim is not None:
            claims.append(claim)
    claims += _of_the_whole_claims(sentence)
    claims += remaining_claims(sentence)
    claims += _total_after_claims(sentence)
    return claims


# '£1,240,000 towards education, £310,000 towards highways and £85,000 towards open space, a total of £1,635,000':
# the figures listed before 'a total of' / 'totalling' in its clause, and nothing else, are its parts
TOTAL_AFTER_RE = re.compile(r"[,;(–—-]\s*(?:(?:giving|making|with|for)\s+)?(?:a\s+|the\s+)?(?:total|totalling|in\s+total)"
                            r"(?:\s+(?:of|cost|value|sum))?\s*(?:of\s+)?$", re.I)
# between two parts: the first one's name ('towards education'), then a comma or 'and'
LIST_LINK_RE = re.compile(r"^\s*[^\d;:.()%,]{0,40}?[A-Za-z][^\d;:.()%,]{0,40}?(?:,|\band\b)\s*(?:\band\b\s*)?$", re.I)


def _total_after_claims(sentence: Sentence) -> list[Claim]:
    ms = sentence.mentions
    for i, total in enumerate(ms):
        if i < 2 or total.bound or total.in_parens:
            continue
        if not TOTAL_AFTER_RE.search(sentence.text, max(sentence.start, total.start - 40), total.start):
            continue
        parts = []
        for k in range(i - 1, -1, -1):  # back from the total while the figures run as one list
            m = ms[k]
            if not m.compatible(total) or m.in_parens or m.bound or m.points:
                break
            gap = between(sentence, m.end, (parts[-1] if parts else total).start)
            if parts and not LIST_LINK_RE.match(gap):
                break
            parts.append(m)
        parts.reverse()
        if len(parts) < 2 or ms.index(parts[0]) > 0 or INCLUSIVE_RE.search(sentence.text, parts[0].start, total.start):
            continue  # a figure before the list may be its whole; 'of which' nests the list
        claim = _parts_claim(total, parts, True, "a total of", sentence, False)
        if claim is None:
            return []
        claim.template, claim.start, claim.end = "parts-exhaustive-before", parts[0].start, total.end
        return [claim]
    return []


def _of_the_whole_claims(sentence: Sentence) -> list[Claim]:
    """"Of the 21 measures, one is in the top quartile, seven ...": the parts must not exceed the whole."""
    if not sentence.mentions:
        return []
    whole = sentence.mentions[0]
    if whole.kind not in ("count", "word") or not whole.exact or whole.bound or \
            not OF_THE_WHOLE_RE.match(sentence.text[sentence.start:whole.start]):
        return []
    comma = sentence.text.find(",", whole.end, sentence.end)
    if comma < 0 or comma - whole.end > 80:
        return []
    shares = []
    for j, a in enumerate(sentence.mentions[1:-1], 1):
        p = sentence.mentions[j + 1]
        if a.start > comma and a.compatible(whole) and p.kind == "percent" and \
                PAREN_OPEN_RE.match(between(sentence, a.end, p.start)):
            shares += percent_claim(p, a, whole, sentence)
    colon = sentence.text.find(":", comma, sentence.end)
    first_level_end = colon if colon > 0 else sentence.end
    compared = COMPARED_AFTER_RE.search(sentence.text, comma, first_level_end)
    if compared:  # '52 had been implemented and 19 were overdue, compared with 24 at the last report'
        first_level_end = compared.start()
    claims = shares + _at_most_claims(whole, [m for m in sentence.mentions[1:] if comma < m.start < first_level_end],
                                      sentence, comma, first_level_end)
    if colon > 0:  # "Of the 20 measures, 18 have a target: 9 on track, 6 ...": the list breaks down the 18
        inner = [m for m in sentence.mentions if comma < m.end <= colon]
        if inner:
            claims += _at_most_claims(inner[-1], [m for m in sentence.mentions if m.start > colon], sentence, colon,
                                      sentence.end)
    return claims


# the figures after these are another time's or place's, not more of the parts
COMPARED_AFTER_RE = re.compile(rf"\b(?:{COMPARISON_WORDS}|(?:up|down)\s+from)\b", re.I)
# 'than' after these bounds a figure ('including more than 20 schools'), it opens no comparison
BOUND_THAN_RE = re.compile(r"\b(?:more|less|fewer|greater|rather|other)\s+$", re.I)


def _comparison_start(text: str, start: int, stop: int) -> int:
    """Where a comparison opens between start and stop ('including community activities, compared to 1,092 in
    2021-22'): a list of parts ends there, the figures after it are another year's or place's; else stop."""
    for m in COMPARED_AFTER_RE.finditer(text, start, stop):
        if m.group(0).lower() == "than" and BOUND_THAN_RE.search(text, max(start, m.start() - 10), m.start()):
            continue
        return m.start()
    return stop


def _at_most_claims(whole: Mention, mentions: list[Mention], sentence: Sentence, start: int, stop: int) -> list[Claim]:
    parts = _parts_after(whole, mentions, False)
    if not parts or len(parts) < 2 or not _same_noun(whole, parts, sentence, start, stop, False):
        return []
    claim = _parts_claim(whole, parts, False, "of", sentence, False)
    return [claim] if claim else []


def _inside_brackets(text: str, start: int, at: int) -> bool:
    """A keyword inside brackets opened after `start` ('comprising £43.0m, £297.6m earmarked reserves (including
    £36.2m ...), and £17.0m') belongs to the aside, not to the list it stands in."""
    depth = 0
    for ch in text[start:at]:
        depth += (ch == "(") - (ch == ")")
    return depth > 0


def _clause_end(sentence: Sentence, kw, stop: int) -> int:
    """Parts of a keyword inside brackets stay inside them; a semicolon ends a list in prose."""
    opened = sentence.text.rfind("(", sentence.start, kw.start())
    if opened >= 0 and sentence.text.rfind(")", opened, kw.start()) < 0:
        closed = sentence.text.find(")", kw.end(), stop)
        return closed if closed >= 0 else stop
    semicolon = sentence.text.find(";", kw.end(), stop)
    return semicolon if semicolon > kw.end() + 3 else stop


def _parts_after(whole: Mention, mentions: list[Mention], exhaustive: bool) -> Optional[list[Mention]]:
    parts = []
    for m in mentions:
        if not m.compatible(whole) or (m.in_parens and not whole.in_parens):
            continue
        if whole.exact and not m.exact:
            return None  # 5.4 is not a count of the 26 things
        if RATE_NOUN_RE.match(m.noun):
            continue
        if m.bound or m.points != whole.points:
            if exhaustive:
                return None
            continue
        parts.append(m)
    return parts


def _parts_from_items(whole: Mention, items: list, exhaustive: bool) -> Optional[list[Mention]]:
    parts = []
    for block in items:
        sentences = sentences_of(block.text)
        first = sentences[0].mentions[0] if sentences and sentences[0].mentions else None
        if first is None or first.start > 3 or not first.compatible(whole) or first.bound:
            if exhaustive:
                return None
            continue
        parts.append(first)
    return parts


def _noun_head(noun: str) -> str:
    for word in noun.split():
        word = re.sub(r"[^a-z]", "", word)
        if word and word not in COUNT_STOPWORDS:
            return word
    return ""


def _singular(word: str) -> str:
    return word[:-3] + "y" if word.endswith("ies") else word[:-1] if word.endswith("s") else word


def _same_noun(whole, parts, sentence, start, stop, from_items) -> bool:
    """Counts add up only when the parts count the same thing as the whole."""
    heads = _noun_phrase(whole.noun)
    if not heads:
        return False
    span = sentence.text[start:stop].lower() if not from_items else " ".join(p.noun for p in parts)
    words = {_singular(re.sub(r"[^a-z]", "", w)) for w in span.split()}
    for part in parts:
        part_head = _singular(_noun_head(part.noun))
        if part_head in COUNT_UNITS and part_head not in heads:
            return False
    return bool(heads & words) or all(not _noun_head(p.noun) or _noun_head(p.noun) not in COUNT_UNITS for p in parts)


def _noun_phrase(noun: str) -> set[str]:
    """The leading words of what a count counts: "play areas, made up" -> {play, area}."""
    words = set()
    for word in noun.split():
        word = re.sub(r"[^a-z-]", "", word)
        if word in COUNT_STOPWORDS or not word:
            if words:
                break
            continue
        words.add(_singular(word))
        if len(words) == 2:
            break
    return words


def _signed_readings(whole, parts, total, exhaustive) -> Optional[list[Interval]]:
    """Underspends are written "-£3m of which £1.2m ..." or "£111.6m underspend split between +£12.9m
    and -£124.5m": with signs in play, compare sizes."""
    signs = {p.figure.value < 0 for p in parts if p.figure.value != 0}
    if whole.figure.value >= 0 and signs <= {False}:
        return [total]
    if len(signs) > 1:
        return [total, (-total[1], -total[0])] if exhaustive else None
    size = (min(abs(total[0]), abs(total[1])), max(abs(total[0]), abs(total[1])))
    return [size, (-size[1], -size[0])] if whole.figure.value < 0 else [size]


# parts that can be written without their sign: "an underspend of £111.6m, split between a £12.9m
# real variance and £124m of rephasing" (+12.9 - 124.5)
EITHER_SIGN_RE = re.compile(r"\b(?:variances?|net|offset|movements?|adjustments?)\b", re.I)


def _sign_combinations(parts: list[Mention]) -> list[Interval]:
    """The sums of the parts with every choice of signs (parts that may be written unsigned)."""
    if len(parts) > 4:
        return []
    sums = []
    for signs in product((1, -1), repeat=len(parts)):
        lo = sum((p.interval()[0] if sign > 0 else -p.interval()[1]) for p, sign in zip(parts, signs))
        hi = sum((p.interval()[1] if sign > 0 else -p.interval()[0]) for p, sign in zip(parts, signs))
        sums += [(lo, hi), (-hi, -lo)]
    return sums


def implied_precision(mentions: list[Mention]) -> list[Mention]:
    """Prose drops trailing zeros: in "£2m, £1.5m and £0.75m" the £2m is £2.00m, not anything from
    £1.5m to £2.5m. A whole-number figure takes the finest precision of its siblings of the same scale."""
    from dataclasses import replace

    out = []
    for m in mentions:
        finer = [x.figure.decimals for x in mentions if x.figure.scale == m.figure.scale and x.figure.decimals > 0]
        if m.figure.decimals == 0 and finer and not m.exact and not m.approx:
            m = replace(m, figure=replace(m.figure, decimals=max(finer)))
        out.append(m)
    return out


def _parts_claim(whole, parts, exhaustive, keyword, sentence, from_items) -> Optional[Claim]:
    shown_whole, shown_parts = whole, parts
    adjusted = implied_precision([whole] + parts)
    whole, parts = adjusted[0], adjusted[1:]
    total = span_sum(parts)
    readings = _signed_readings(whole, parts, total, exhaustive)
    if readings is None:
        return None
    if exhaustive and any(EITHER_SIGN_RE.search(p.noun) for p in parts):
        readings += _sign_combinations(shown_parts)  # as written: the signs, not the figures, are in doubt
    if whole.figure.value < 0 and not exhaustive:
        readings = [(-r[1], -r[0]) for r in readings[:1]]
        whole = _negated(whole)
    sum_text = " + ".join(p.text for p in shown_parts)
    finest = max(m.figure.decimals for m in [whole] + parts if m.figure.scale == whole.figure.scale)
    expected = show(mid(total), whole, finest)
    template = ("parts-exhaustive" if exhaustive else "parts-at-most") + ("-list" if from_items else "")
    values = {"keyword": keyword, "expected": expected, "sum": sum_text,
              "whole": shown_whole.text if exhaustive else whole.text}
    end = parts[-1].end if not from_items else whole.end
    return Claim("parts", whole, readings, "equal" if exhaustive else "at-most", whole.start, end,
                 f"{expected} ({sum_text})", template, values)


def _negated(m: Mention) -> Mention:
    from dataclasses import replace

    return replace(m, figure=replace(m.figure, value=-m.figure.value))


def remaining_claims(sentence: Sentence) -> list[Claim]:
    """"96% of the settlement ..., the remaining 4%": the two shares make 100%."""
    percents = [m for m in sentence.mentions if m.kind == "percent" and not m.points]
    claims = []
    for i, m in enumerate(percents[1:], 1):
        before_text = sentence.text[max(sentence.start, m.start - 40):m.start]
        if not REMAINING_RE.search(before_text) or i != 1 or not percents[0].noun.startswith("of"):
            continue
        if ANAPHOR_OF_RE.match(percents[0].noun):
            continue  # "1.3% of this ..., the remaining 1.3%": the whole is an earlier figure, not 100%
        first = percents[0]
        if first.bound or m.bound:
            continue
        lo, hi = first.interval()
        computed = (HUNDRED - hi, HUNDRED - lo)
        expected = show(mid(computed), m)
        claims.append(Claim("parts", m, [computed], "equal", first.start, m.end, expected, "parts-remaining",
                            {"expected": expected, "first": first.text, "stated": m.text}))
    return claims
