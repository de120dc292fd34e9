"""Difference claims (checked by prose-difference): a gap stated between two figures.

"D% below/higher than the average of Q%" -> D vs S - Q, on the side the word says. Judged by
intervals (see auditor.checks._prose).
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Optional

from auditor.facts.claims.base import (CLAUSE_BREAK_RE, UP_WORDS, Claim, Interval, Source, claim_reader, divide,
                                       mid, show, usable)
from auditor.facts.prose_numbers import Mention, Sentence, find_mentions
from auditor.vocab import word_list_pattern

# the gap's word right after it, past a bracketed aside ('£8.0m (4%) lower than') or the aside's own close
# ('(4%) lower than', read from the 4%)
COMPARE_RE = re.compile(r"^\s*(?:\([^()]{1,24}\)\s*|\)\s*)?(?:percentage\s+points?\s+|points?\s+|pp\s+|ppts?\s+)?"
                        r"(?P<word>higher|lower|above|below|more|less|greater|fewer|better|worse)\b(?:\s+than)?", re.I)


def headline(source: Source, idx: int, like: Mention) -> Optional[Mention]:
    """The paragraph's lead figure of the same kind, stated in an earlier sentence."""
    for sentence in source.sentences[:idx]:
        for m in sentence.mentions:
            if m.compatible(like) and not m.in_parens and usable(m) and not m.points:
                return m
    return None


@claim_reader("difference")
def difference_claims(source: Source, idx: int) -> list[Claim]:
    sentence = source.sentences[idx]
    comparisons = []
    for d in sentence.mentions:
        m = COMPARE_RE.match(sentence.text[d.end:sentence.end])
        if not m or d.bound:
            continue
        q = _comparator(sentence, d, d.end + m.end())
        comparisons.append((d, m.group("word").lower(), q))
    used = {id(d) for d, _, _ in comparisons} | {id(q) for _, _, q in comparisons if q is not None}
    claims = []
    for d, word, q in comparisons:
        if q is None:
            continue
        subject = _subject_before(sentence, d, q, used) or headline(source, idx, q)
        if subject is None or subject is q:
            continue
        claims += _difference_claim(d, word, subject, q, sentence)
    return (_one_wrong_side_per_comparison(claims) + _net_claims(sentence) + _spending_gap_claims(source, idx)
            + (_excess_of_items(source, sentence) if idx == 0 else []))


# 'total borrowing was £46.5m, with investments of £19m, giving net borrowing of £27.5m': the net of the two
# figures before it, when what it is net of is named before the first ('borrowing')
NET_RE = re.compile(r"\b(?:giving|leaving|resulting\s+in|producing)\s+(?:a\s+|the\s+)?net\s+(?P<noun>[a-z]{4,})"
                    r"(?:\s+[a-z]+)?\s+(?:of\s+)?$", re.I)
NET_NOUN_REACH = 60  # characters before the first figure that name what it is


def _amounts_after_cue(sentence: Sentence, cue_re: re.Pattern, reach: int):
    """(amount, cue, the amounts of its kind before it in the sentence) for each amount right after the cue."""
    for i, z in enumerate(sentence.mentions):
        cue = cue_re.search(sentence.text, max(sentence.start, z.start - reach), z.start)
        if cue is not None and z.kind == "money" and usable(z):
            yield z, cue, [m for m in sentence.mentions[:i] if m.compatible(z)]


def _plain_pair(amounts: list[Mention]) -> bool:
    """Exactly two amounts, neither in brackets, approximate or unusable: the two a result is made of."""
    return len(amounts) == 2 and not any(m.in_parens or not usable(m) or m.approx for m in amounts)


def _net_claims(sentence: Sentence) -> list[Claim]:
    claims = []
    for z, cue, before in _amounts_after_cue(sentence, NET_RE, 60):
        if not _plain_pair(before):
            continue
        gross, less = before
        named = sentence.text[max(sentence.start, gross.start - NET_NOUN_REACH):gross.start]
        if not re.search(rf"\b{re.escape(cue.group('noun'))}\b", named, re.I) or gross.figure.amount <= less.figure.amount:
            continue
        g_iv, l_iv = gross.interval(), less.interval()
        net = (g_iv[0] - l_iv[1], g_iv[1] - l_iv[0])
        expected = show(mid(net), z)
        values = {"subject": gross.text, "other": less.text, "expected": expected, "stated": z.text, "word": "net",
                  "polarity": "higher"}
        claims.append(Claim("difference", z, [net], "equal", gross.start, z.end, expected, "difference", values))
    return claims


# 'The budget profiled to the end of May is £25.307m and expenditure for the same period is £25.172m, resulting
# in a year-to-date underspend of (£0.129m)': the gap between a budget and the spending against it
GAP_RE = re.compile(r"\b(?:giving|leaving|resulting\s+in|producing|creating)\s+(?:a|an|the)\s+"
                    r"(?:(?:total|net|overall|year[- ]to[- ]date|forecast|projected|provisional|revenue|capital)\s+)*"
                    r"(?P<noun>over-?spend|under-?spend|variance)(?:\s+(?:for|in)\s+(?:the\s+)?[a-z0-9/ -]{1,30}?)?"
                    r"\s+(?:of\s+)?\(?$", re.I)
BUDGET_RE = re.compile(rf"\b{word_list_pattern('budget_words')}\b", re.I)
SPEND_RE = re.compile(rf"\b{word_list_pattern('spend_words')}\b", re.I)


def _spending_gap_claims(source: Source, idx: int) -> list[Claim]:
    """A budget and its spending, then the over- or underspend they give: its size is their gap, and an overspend
    is spending above the budget. Read only where the two amounts are the only ones before it, in its sentence
    or the budget alone in the sentence before ('The annual budget was set at £75.155m. The outturn showed net
    expenditure of £74.586m, giving a total overspend of £0.569m'), one named as the budget and the other as
    what was spent."""
    sentence = source.sentences[idx]
    claims = []
    for z, cue, before in _amounts_after_cue(sentence, GAP_RE, 90):
        if len(before) == 1 and idx > 0:
            earlier = [m for m in source.sentences[idx - 1].mentions if m.compatible(z)]
            if len(earlier) == 1:
                before = earlier + before
        if not _plain_pair(before):
            continue
        own = source.sentences[idx - 1] if before[0].end <= sentence.start else sentence
        named = [own.text[max(own.start, before[0].start - NET_NOUN_REACH):before[0].start],
                 sentence.text[max(sentence.start, before[1].start - NET_NOUN_REACH,
                                   before[0].end if before[0].end > sentence.start else 0):before[1].start]]
        roles = [(bool(BUDGET_RE.search(n)), bool(SPEND_RE.search(n))) for n in named]
        if roles == [(True, False), (False, True)]:
            budget, spend = before
        elif roles == [(False, True), (True, False)]:
            spend, budget = before
        else:
            continue
        b_iv, s_iv = budget.interval(), spend.interval()
        gap = (abs_lo(b_iv, s_iv), abs_hi(b_iv, s_iv))
        expected = show(mid(gap), z)
        values = {"subject": spend.text, "other": budget.text, "expected": expected, "stated": z.text,
                  "word": "difference", "polarity": "higher"}
        noun = cue.group("noun").lower().replace("-", "")
        over = s_iv[0] > b_iv[1]
        under = s_iv[1] < b_iv[0]
        if noun == "overspend" and under or noun == "underspend" and over:
            values.update(noun=noun, relation="below" if under else "above")
            claims.append(Claim("difference", z, [], "equal", before[0].start, z.end, expected, "gap-direction", values))
            continue
        claims.append(Claim("difference", z, [gap], "equal", before[0].start, z.end, expected, "difference", values))
    return claims


# a council tax resolution: '(c) £11,222,349 being the amount by which the aggregate at 4(a) above exceeds the
# aggregate at 4(b) above': the amount is item (a)'s less item (b)'s
EXCESS_RE = re.compile(r"^\s*\S+\s+being\s+the\s+amount\s+by\s+which\s+the\s+(?:aggregate|amount|sum)\s+at\s+"
                       r"(?:\d+\)?)?\(?(?P<a>[a-z])\)\s+(?:above\s+)?exceeds\s+the\s+(?:aggregate|amount|sum)\s+at\s+"
                       r"(?:\d+\)?)?\(?(?P<b>[a-z])\)", re.I)
ITEMS_BACK = 12  # blocks before an item where the items it names are looked for


def _excess_of_items(source: Source, sentence: Sentence) -> list[Claim]:
    """An item stated as the amount by which the amount of one earlier item exceeds another's."""
    m = EXCESS_RE.match(sentence.text, sentence.start)
    block, doc = source.block, source.doc
    if m is None or block.kind != "list_item" or not sentence.mentions or sentence.mentions[0].kind != "money":
        return []
    z = sentence.mentions[0]
    blocks = getattr(doc, "blocks", [])
    at = next((k for k, b in enumerate(blocks) if b is block), None)
    if at is None:
        return []
    named = {}
    for b in reversed(blocks[max(0, at - ITEMS_BACK):at]):
        if b.kind == "list_item" and b.number in (m.group("a"), m.group("b")) and b.number not in named:
            first = find_mentions(b.text)[:1]
            if first and first[0].kind == "money" and first[0].start < 3 and usable(first[0]):
                named[b.number] = first[0]
    if len(named) != 2 or not (z.compatible(named[m.group("a")])):
        return []
    a, b = named[m.group("a")], named[m.group("b")]
    a_iv, b_iv = a.interval(), b.interval()
    gap = (a_iv[0] - b_iv[1], a_iv[1] - b_iv[0])
    expected = show(mid(gap), z)
    values = {"subject": a.text, "other": b.text, "expected": expected, "stated": z.text, "word": "difference",
              "polarity": "higher"}
    return [Claim("difference", z, [gap], "equal", z.start, z.end, expected, "difference", values)]


def _one_wrong_side_per_comparison(claims: list[Claim]) -> list[Claim]:
    """'£8.0m (4%) higher than £182.0m' said of £174.0m: the gap and its share are one comparison on the
    wrong side, one slip (the word), so it is told once."""
    seen, out = set(), []
    for claim in claims:
        key = (claim.values["other"], claim.values["subject"], claim.end)
        if claim.template in ("difference-wrong-side", "difference-direction"):
            if key in seen:
                continue
            seen.add(key)
        out.append(claim)
    return out


def _comparator(sentence: Sentence, d: Mention, after: int) -> Optional[Mention]:
    for m in sentence.mentions:
        if m.start < after:
            continue
        gap = sentence.text[after:m.start]
        if len(gap) > 100 or COMPARE_RE.match(sentence.text[m.end:sentence.end]) or CLAUSE_BREAK_RE.search(gap):
            return None  # too far, the next number starts a comparison of its own, or another clause holds it
        if not m.bound and (d.kind == "percent" or m.compatible(d)):
            if re.search(r"\b(?:in|since|from)\s*$", gap):
                return None
            return m
        return None
    return None


def _subject_before(sentence, d, q, used) -> Optional[Mention]:
    before = [m for m in sentence.mentions if m.end <= d.start and id(m) not in used and m.compatible(q)
              and usable(m) and not m.points]
    # a figure in brackets is an aside or another comparison's value ("(compared to a £0.6m deficit)",
    # "the England average (92.9%)"), never the subject compared
    outside = [m for m in before if not m.in_parens]
    return outside[-1] if outside else None


def _difference_claim(d, word, subject, q, sentence) -> list[Claim]:
    s_iv, q_iv = subject.interval(), q.interval()
    absolute = (abs_lo(s_iv, q_iv), abs_hi(s_iv, q_iv))
    readings = [absolute] if d.compatible(q) and not (d.kind == "percent" and q.kind != "percent") else []
    if d.kind == "percent":
        rel = divide(absolute, q_iv) if absolute[0] >= 0 else None
        if rel:
            readings.append(rel)
    if not readings:
        return []
    expected = show(mid(readings[0]), d)
    polarity = word if word in ("better", "worse") else ("higher" if re.fullmatch(UP_WORDS, word) else "lower")
    template = "difference"
    if polarity == "higher" and s_iv[1] < q_iv[0] or polarity == "lower" and s_iv[0] > q_iv[1]:
        template = "difference-wrong-side" if expected != d.text else "difference-direction"
        readings = []  # the gap may be the right size, but on the wrong side
    values = {"subject": subject.text, "other": q.text, "expected": expected, "stated": d.text, "word": word,
              "polarity": polarity}
    return [Claim("difference", d, readings, "equal", d.start, q.end, expected, template, values)]


def abs_lo(a: Interval, b: Interval) -> Decimal:
    if a[0] <= b[1] and b[0] <= a[1]:
        return Decimal(0)
    return a[0] - b[1] if a[0] > b[1] else b[0] - a[1]


def abs_hi(a: Interval, b: Interval) -> Decimal:
    return max(a[1] - b[0], b[1] - a[0])
