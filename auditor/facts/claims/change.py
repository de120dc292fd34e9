"""Change claims (checked by prose-change): a change stated with the values it lies between.

"an increase of N (P%) from M", "from M to K, a rise of N" -> N vs K - M, P vs N / M (and whether P
was computed on the wrong base); a change of a percentage, in points. Judged by intervals (see
auditor.checks._prose). A change of a percentage also makes a direction claim.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Optional

from auditor.facts.claims.base import (ANAPHOR_RE, CHANGE_OF_RE, DOWN_WORDS, UP_WORDS, VARIANCE_OF_RE, Claim,
                                       DirectionClaim, Source, between, claim_reader, divide, is_change_amount, mid,
                                       previous_lead, show, usable)
from auditor.facts.prose_numbers import Mention, Sentence, cue_before, match_before
from auditor.numbers import format_decimal

MADE_UP_RE = re.compile(r"\bmade\s+up\s+(?:of|by)\s+$", re.I)
FROM_RE = re.compile(r"\b(?:from|compared\s+(?:to|with)|on|since|against|over|versus|vs\.?)\b", re.I)


@claim_reader("change")
def change_claims(source: Source, idx: int) -> list[Claim]:
    sentence = source.sentences[idx]
    claims = []
    for i, n in enumerate(sentence.mentions):
        word_match = match_before(CHANGE_OF_RE, sentence.text, n.start, sentence.start)
        if not word_match and not n.bound and match_before(VARIANCE_OF_RE, sentence.text, n.start, sentence.start):
            claims += _variance_claims(sentence, i, n)
            continue
        if not word_match or n.bound or cue_before(MADE_UP_RE, sentence.text, n.start, sentence.start):
            continue  # "made up of £0.5m": parts, not a rise
        up = bool(re.fullmatch(UP_WORDS, word_match.group("word"), re.I))
        if n.kind == "percent":
            claims += _point_change_claims(source, idx, i, n, up)
            continue
        rest = sentence.mentions[i + 1:]
        pct = rest[0] if rest and rest[0].kind == "percent" and rest[0].in_parens and not rest[0].points else None
        old, new = _old_and_new(sentence, n, pct, rest, up)
        if old is None and new is None:
            old, new = _from_to_before(sentence, n)
        if old is None and new is None:
            continue
        if old is None and new is not None:
            old = _subject_value(sentence, i, word_match.start())
        if new is None:
            subject = previous_lead(source, idx, n) if ANAPHOR_RE.match(sentence.body) else None
            before = [m for m in sentence.mentions[:i] if m.compatible(n) and not m.in_parens and usable(m)
                      and not is_change_amount(sentence, m)]
            new = before[-1] if before else subject
        if old is not None and new is not None:
            claims.append(_difference_of_values(n, old, new, up, sentence))
        if pct is not None:
            claims += _percent_change_claim(n, pct, old, new, up, sentence)
    return [c for c in claims if c is not None]


# 'a variance of £6.7m (22%)', 'an overspend of £0.5m' (VARIANCE_OF_RE): a change whose direction the two values give
COMPARED_RE = re.compile(r"\b(?:compared\s+(?:to|with)|against)\s+(?:(?:a|an|the|its|our)\s+)?(?:[a-z'’-]+\s+){0,3}?"
                         r"(?:of\s+)?$", re.I)


def _variance_claims(sentence: Sentence, i: int, n: Mention) -> list:
    """"The outturn is £24.2m compared to a current budget of £30.9m, representing a variance of £6.7m
    (22%)": the variance is the gap between the two values and its share is of the one compared against."""
    ms = sentence.mentions
    if i < 2 or n.in_parens or n.figure.amount <= 0:
        return []
    old, new = ms[i - 1], ms[i - 2]
    if not (old.compatible(n) and new.compatible(n)) or old.in_parens or new.in_parens or old.bound or new.bound:
        return []
    if not COMPARED_RE.search(between(sentence, new.end, old.start)) or \
            not re.fullmatch(r"[^\d%();.]{0,40}", between(sentence, old.end, n.start)):
        return []  # the gap is not plainly between the two values named just before it
    if new.figure.amount == old.figure.amount:
        return []
    up = new.figure.amount > old.figure.amount
    claims = [_difference_of_values(n, old, new, up, sentence)]
    rest = ms[i + 1:]
    pct = rest[0] if rest and rest[0].kind == "percent" and rest[0].in_parens and not rest[0].points and \
        re.match(r"^\s*\(\s*$", between(sentence, n.end, rest[0].start)) else None
    last = pct if pct is not None else n
    if not re.match(r"^\s*\)?\s*(?:[.;,]|$)", sentence.text[last.end:sentence.end]):
        return []  # 'a variance of £2.1m on staffing': the gap of one line, not of the two values
    if pct is not None:
        claims += _percent_change_claim(n, pct, old, new, up, sentence)
    return claims


def _point_change_claims(source, idx, i, n, up) -> list:
    """"was 44.3%, a decrease of 1.4% (45.7%) from 2023": the change of a percentage, in points."""
    sentence = source.sentences[idx]
    rest = sentence.mentions[i + 1:]
    paren = rest[0] if rest and rest[0].kind == "percent" and rest[0].in_parens and \
        re.match(r"^\s*\(\s*$", between(sentence, n.end, rest[0].start)) else None
    old, _ = _old_and_new(sentence, n, paren, rest, up)
    old = old or paren
    new = None
    if old is None:
        old, new = _from_to_before(sentence, n)
        if old is not None and old.kind != "percent":
            return _relative_change_claims(n, old, new, up)
    if old is None:
        old, new = _from_to_after(sentence, n)
        if old is not None and old.kind != "percent":
            return _relative_change_claims(n, old, new, up)
    if old is None:
        return []
    if new is None:
        before = [m for m in sentence.mentions[:i] if m.kind == "percent" and not m.in_parens and usable(m)
                  and not is_change_amount(sentence, m)]
        new = before[-1] if before else (previous_lead(source, idx, n) if ANAPHOR_RE.match(sentence.body) else None)
    if new is None or new is old:
        return []
    new_iv, old_iv = new.interval(), old.interval()
    diff = (new_iv[0] - old_iv[1], new_iv[1] - old_iv[0]) if up else (old_iv[0] - new_iv[1], old_iv[1] - new_iv[0])
    readings = [diff]
    relative = divide(diff, old_iv) if diff[0] >= 0 and not n.points else None
    if relative:
        readings.append(relative)
    expected = show(mid(diff), n)
    values = {"old": old.text, "new": new.text, "expected": expected, "stated": n.text}
    claims: list = [Claim("change", n, readings, "equal", min(n.start, new.start), max(n.end, old.end), expected,
                          "change-points", values)]
    claims.append(DirectionClaim("direction", CHANGE_OF_RE.search(
        sentence.text[max(sentence.start, n.start - 40):n.start]).group("word"), new, old, up,
        min(n.start, new.start), max(n.end, old.end)))
    return claims


# 'the planned use of reserves of £36.800m for MTFP Support is forecast to reduce by £8.782m to £30.717m': the
# value changed is the subject's own, '<noun> of £X', when only the subject's words and the verb stand between
SUBJECT_OF_RE = re.compile(r"\b[a-z]{3,}\s+of\s+(?:some\s+)?$", re.I)
VERB_BEFORE_CHANGE_RE = re.compile(
    r"^[^\d,;:()–—]{0,80}?(?:\b(?:is|are|was|were|has|have|had|will|would)\s+(?:(?:now|also|currently|forecast|"
    r"expected|projected|planned|due|likely|set|anticipated)\s+)*(?:to\s+)?(?:be\s+)?)?$", re.I)
ACRONYM_RE = re.compile(r"\s*\([A-Z&]{2,10}\)")
PREPOSITION_OPENING_RE = re.compile(r"\W*(?:[a-z]\)\s*)?(?:against|of|compared|with|from|in|for|within|after|before|"
                                    r"on|over|under|by|as|at)\b", re.I)


def _subject_value(sentence, i: int, word_at: int) -> Optional[Mention]:
    """The figure the changing thing is named with ('reserves of £36.8m ... fall by'), if it is the one just
    before the change and nothing but the subject's words and a verb stand between."""
    n = sentence.mentions[i]
    before = [m for m in sentence.mentions[:i] if usable(m)]
    if not before or not before[-1].compatible(n) or before[-1].in_parens or before[-1].approx:
        return None
    m = before[-1]
    if not SUBJECT_OF_RE.search(sentence.text[max(sentence.start, m.start - 40):m.start]):
        return None
    opening = sentence.text[sentence.start:m.start]
    clause = re.split(r"\bthat\s+", opening)[-1]
    if PREPOSITION_OPENING_RE.match(clause):
        return None  # 'Against a budget of £36.8m spending is forecast to fall': the budget is not what falls
    gap = ACRONYM_RE.sub("", sentence.text[m.end:word_at])
    return m if VERB_BEFORE_CHANGE_RE.match(gap) else None


def _from_to_after(sentence, n):
    """"rose by 5% from 681 to 726": the values named right after the change."""
    after = [m for m in sentence.mentions if m.start >= n.end and usable(m)]
    if len(after) >= 2:
        m, k = after[0], after[1]
        if m.compatible(k) and re.fullmatch(r",?\s+from\s+(?:an?\s+)?", between(sentence, n.end, m.start)) \
                and re.fullmatch(r"\s+(?:in\s+\S+\s+)?to\s+", between(sentence, m.end, k.start)):
            return m, k
    return None, None


def _relative_change_claims(p: Mention, old: Mention, new: Mention, up: bool) -> list[Claim]:
    """A percentage change of two values: (new - old) / old."""
    if p.points or p.bound:
        return []
    o, k = old.interval(), new.interval()
    change = (k[0] - o[1], k[1] - o[0]) if up else (o[0] - k[1], o[1] - k[0])
    if change[1] < 0:
        return []  # the direction check reports a change the wrong way round
    change = (max(change[0], Decimal(0)), change[1])
    rel = divide(change, o)
    if rel is None:
        return []
    expected = show(mid(rel), p)
    values = {"old": old.text, "new": new.text, "exact": format_decimal(mid(rel), p.figure.decimals + 1),
              "stated": p.text}
    on_new = divide(change, k)
    note = ""
    if on_new is not None and on_new[0] <= p.interval()[1] and p.interval()[0] <= on_new[1]:
        note = "wrong-base-relative"  # the change as a share of the new value
    return [Claim("change", p, [rel], "equal", min(p.start, old.start), max(p.end, new.end), expected,
                  "change-relative", values, note)]


@claim_reader("from-to-percent", of_sentence=True)
def from_to_percent_claims(sentence: Sentence) -> list[Claim]:
    """"Income increased from £2.1m to £2.5m (19%)", "from 1,250 to 1,410, a 12.8% rise"."""
    claims = []
    ms = sentence.mentions
    for j in range(len(ms) - 2):
        m, k, p = ms[j], ms[j + 1], ms[j + 2]
        if m.kind == "percent" or not m.compatible(k) or p.kind != "percent" or not usable(m) or not usable(k):
            continue
        if not re.search(r"\bfrom\s+(?:an?\s+)?$", sentence.text[max(0, m.start - 12):m.start]) or \
                not re.fullmatch(r"\s+(?:in\s+\S+\s+)?to\s+", between(sentence, m.end, k.start)):
            continue
        gap = between(sentence, k.end, p.start)
        word = re.search(rf"\b({UP_WORDS}|{DOWN_WORDS})\b", sentence.text[max(sentence.start, m.start - 60):m.start]
                         + " " + gap + sentence.text[p.end:p.end + 20], re.I)
        if re.fullmatch(r"\s*\(\s*", gap) or (len(gap) <= 30 and re.search(r"(?:of|by|an?)\s*$", gap) and word):
            up = k.figure.amount >= m.figure.amount
            claims += _relative_change_claims(p, m, k, up)
    return claims


def _from_to_before(sentence, n):
    """"Visits rose from 1,250 to 1,410, an increase of 180": the values named before the change."""
    before = [m for m in sentence.mentions if m.end <= n.start and m.compatible(n) and usable(m)]
    for m, k in zip(before, before[1:]):
        if re.search(r"\bfrom\s+(?:an?\s+)?(?:average\s+(?:of\s+)?)?$", sentence.text[max(0, m.start - 30):m.start]) \
                and re.fullmatch(r"\s+(?:in\s+\S+\s+)?to\s+", between(sentence, m.end, k.start)) \
                and n.start - k.end <= 40:
            return m, k
    return None, None


def _old_and_new(sentence, n, pct, rest, up):
    """The value changed from (old) and to (new) named after the change."""
    after = pct.end if pct is not None else n.end
    old = new = None
    for m in rest:
        if m is pct or not m.compatible(n) or m.bound:
            continue
        gap = sentence.text[after:m.start]
        if len(gap) > 90:
            break
        if m.in_parens != n.in_parens and not gap.rstrip().endswith("("):
            break  # out of (or into) a parenthesis: "(an increase of £101.4m, 7.1%, on 2024-25), this is £33.9m more"
        if is_change_amount(sentence, m):
            break  # another change begins ('a decrease of 0.73 on last year and an increase of 2.65 over ...')
        if old is None and _governs(FROM_RE, gap) and not re.search(r"\bto\b", gap[-8:]):
            old = m
            after = m.end
        elif re.search(r"\bto\s+(?:a\s+total\s+of\s+|around\s+|about\s+)?$", gap) and new is None:
            new = m
            after = m.end
        else:
            break
    return old, new


def _governs(word_re: re.Pattern, gap: str) -> bool:
    """The comparison word governs the figure after the gap: no other figure, year or clause break
    between them ('on the comparable figure for 2024-25, of which £33.8m' does not compare with £33.8m)."""
    last = None
    for last in word_re.finditer(gap):
        pass
    if last is None:
        return False
    tail = gap[last.end():].rstrip()
    if tail.endswith("("):  # "compared to the end of Q2 2023/24 (999 students)": a period, its value in brackets
        return not re.search(r"[;()]|,\s", tail[:-1])
    return not re.search(r"[\d;()]|,\s|\s[–—-]\s", tail)  # (a dash sets off an aside: '– an increase of £112,000
    # since December – to achieve its planned surplus of £665,000' compares with no £665,000)


def _difference_of_values(n, old, new, up, sentence) -> Optional[Claim]:
    lo_new, hi_new = new.interval()
    lo_old, hi_old = old.interval()
    diff = (lo_new - hi_old, hi_new - lo_old) if up else (lo_old - hi_new, hi_old - lo_new)
    expected = show(mid(diff), n)
    return Claim("change", n, [diff], "equal", min(n.start, old.start, new.start),
                 max(n.end, old.end, new.end), expected, "change-of-values",
                 {"old": old.text, "new": new.text, "expected": expected, "stated": n.text})


def _percent_change_claim(n, pct, old, new, up, sentence) -> list[Claim]:
    n_iv = n.interval()
    if old is None and new is not None:
        nlo, nhi = new.interval()
        old_iv = (nlo - n_iv[1], nhi - n_iv[0]) if up else (nlo + n_iv[0], nhi + n_iv[1])
    elif old is not None:
        old_iv = old.interval()
    else:
        return []
    if new is not None:
        new_iv = new.interval()
    else:
        new_iv = (old_iv[0] + n_iv[0], old_iv[1] + n_iv[1]) if up else (old_iv[0] - n_iv[1], old_iv[1] - n_iv[0])
    on_old = divide(n_iv, old_iv)
    on_new = divide(n_iv, new_iv)
    if on_old is None:
        return []
    expected = show(mid(on_old), pct)
    old_text = old.text if old is not None else show(mid(old_iv), n)
    values = {"change": n.text, "old": old_text, "exact": format_decimal(mid(on_old), pct.figure.decimals + 1),
              "stated": pct.text}
    note = ""
    if on_new is not None and on_new[0] <= pct.interval()[1] and pct.interval()[0] <= on_new[1]:
        values["new"] = new.text if new is not None else show(mid(new_iv), n)
        note = "wrong-base-change"  # the change as a share of the new value
    return [Claim("change", pct, [on_old], "equal", n.start, max(pct.end, old.end if old else pct.end),
                  expected, "change-percent", values, note)]
