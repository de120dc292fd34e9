"""Direction claims (checked by prose-direction): a direction word (increase, fall, rising to) and its numbers.

"an increase on last quarter's M" when the new value is below M; "rose from M to K" or "rising to K"
the wrong way round.
"""
from __future__ import annotations

import re
from typing import Optional

from auditor.facts.claims.base import (ANAPHOR_RE, CLAUSE_BREAK_RE, COMPARISON_WORDS, DirectionClaim, Source, between,
                                       claim_reader, is_change_amount, previous_lead, usable)
from auditor.facts.index import tokens
from auditor.facts.prose_numbers import APPROX_BEFORE, Mention, Sentence, match_before
from auditor.vocab import words

DIRECTION_NOUN_RE = re.compile(
    r"\b(?P<word>increase|rise|growth|uplift|decrease|reduction|fall|drop|decline)s?\b"
    r"(?P<gap>[^.;%()]{0,60}?)\b(?P<prep>on|from|compared\s+(?:to|with)|against|over|since|versus|vs\.?)\b(?![-\w])", re.I)
# 'which has reduced from 986', '(down from 75% last year)': the new figure is before the word
VERB_FROM_RE = re.compile(
    r"(?:\b(?:has|have|had)\s+(?:\w+ly\s+)?(?P<verb>increased|decreased|reduced|risen|fallen|dropped|declined|grown|"
    r"gone\s+(?:up|down))|(?:\(|,)\s*(?P<adverb>up|down))\s+from\b(?![-\w])", re.I)
VERB_TO_RE = re.compile(
    r"\b(?P<word>increase[sd]?|rose|rises?|risen|grew|grows?|climbed|raised?|decrease[sd]?|fell|falls?|dropped|"
    r"declined|reduce[sd]?|lowered|(?:went|gone|crept|edged|moved|ticked|came)\s+(?:back\s+)?(?:up|down))\s+"
    r"(?:(?:[\w'’-]+\s+){0,5}?from\s+(?P<from>[^;]{0,60}?)\s+)?to\s+$", re.I)
UP_VERB_RE = re.compile(r"increase|ris|rose|gr[eo]w|climb|raise|\bup$", re.I)
GERUND_TO_RE = re.compile(r"\b(?P<word>rising|increasing|growing|climbing|falling|reducing|decreasing|dropping|declining)"
                          r"\s+to\s*$", re.I)


def next_mention(sentence: Sentence, m: Mention) -> Optional[Mention]:
    later = [x for x in sentence.mentions if x.start >= m.end]
    return later[0] if later else None


@claim_reader("direction")
def direction_claims(source: Source, idx: int) -> list[DirectionClaim]:
    sentence = source.sentences[idx]
    claims = []
    for m in DIRECTION_NOUN_RE.finditer(sentence.text, sentence.start, sentence.end):
        old = _first_after(sentence, m.end(), 80)
        if old is None or re.search(r"\d\s*(?:%|per\s?cent|[km]\b)?\s*$", sentence.text[max(0, m.start() - 12):m.start()]):
            continue  # "a 2.5% increase" states an amount, not which way the subject went
        between_text = sentence.text[m.start():old.start]
        if re.search(r"\d", sentence.text[m.end("word"):m.start("prep")]) or re.search(r"\bto\b", between_text):
            continue  # "an increase of N from M" is a change; "from M to K" is read below
        new = _subject_for(source, idx, m.start(), old)
        if new is None:
            continue
        up = m.group("word").lower() in ("increase", "rise", "growth", "uplift")
        claims.append(DirectionClaim("direction", m.group("word"), new, old, up, min(new.start, m.start()), old.end))
    claims += _verb_direction(sentence)
    claims += _verb_from(source, idx)
    claims += _comparisons(sentence)
    return claims


def _verb_from(source: Source, idx: int) -> list[DirectionClaim]:
    sentence = source.sentences[idx]
    claims = []
    for m in VERB_FROM_RE.finditer(sentence.text, sentence.start, sentence.end):
        old = _first_after(sentence, m.end(), 30)
        if old is None or re.search(r"\bto\b", sentence.text[m.end():old.start]):
            continue
        if re.match(r"\s+to\b", sentence.text[old.end:old.end + 4]):
            continue  # 'from M to K' is read with its verb (VERB_TO_RE)
        new = _subject_for(source, idx, m.start(), old)
        if new is None or new.start < m.start() - 120:
            continue
        word = " ".join((m.group("verb") or m.group("adverb")).split())
        claims.append(DirectionClaim("direction", word, new, old, bool(UP_VERB_RE.search(word)), new.start, old.end))
    return claims


# 'X (18%) was significantly lower than Y (32%)': a figure said to be above or below another, no gap given
COMPARATIVE_ADVERBS = r"(?:(?:significantly|slightly|much|far|considerably|notably|marginally|substantially|also|" \
                      r"still|well|just)\s+)?"
COMPARATIVE_RE = re.compile(
    r"\b(?:is|was|are|were|remains?|remained|has\s+been|have\s+been)\s+" + COMPARATIVE_ADVERBS +
    r"(?:(?P<than>lower|higher|less|more|greater|fewer|smaller|larger)\s+than|(?P<place>below|above))\b"
    # '93.6% of visits were on time, above the target of 90%': the place word after a comma, before what it is set against
    r"|,\s*" + COMPARATIVE_ADVERBS + r"(?P<aside>below|above)\s+(?=(?:the|its|our|their)\s)", re.I)
UP_COMPARATIVES = {"higher", "more", "greater", "larger", "above"}
# words and brackets only: no other figure or year, and no comma (', as were Buddhists (1%)' starts another subject)
NO_FIGURE_RE = re.compile(r"^[^\d;.,]{0,50}$")


def _comparisons(sentence: Sentence) -> list[DirectionClaim]:
    claims = []
    for m in COMPARATIVE_RE.finditer(sentence.text, sentence.start, sentence.end):
        after = [x for x in sentence.mentions if x.start >= m.end()]
        if not after or not _words_only(between(sentence, m.end(), after[0].start)):
            continue
        old = after[0]
        new = _compared_figure(sentence, m, old)
        if new is None or new.kind != old.kind or not usable(new) or not usable(old) or new.points or old.points:
            continue
        place = m.group("place") or m.group("aside")
        word = f"{m.group('than').lower()} than" if m.group("than") else place.lower()
        claims.append(DirectionClaim("direction", word, new, old, word.split()[0] in UP_COMPARATIVES, new.start,
                                     old.end, comparison=True))
    return claims


# what stands between the figure and its comparison in '12% of referrals were repeated within 12 months, which was
# above the target of 18%': words, and figures of other kinds (a duration), with at most the comma before 'which'
RELATIVE_LINK_RE = re.compile(r"^[^;.,]{0,90}?(?:,?\s+which\s+)?$")
ASIDE_LINK_RE = re.compile(r"^[^;.,]{0,90}$")
YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")
# the figure is itself the one compared with: 'compared with 50% nationally, which is below ...'
COMPARED_WITH_RE = re.compile(rf"\b(?:{COMPARISON_WORDS}|from|on)\s+(?:[\w'’]+\s+){{0,3}}$", re.I)


def _words_only(text: str) -> bool:
    """Words of one clause, no figure: what may stand between a figure and its comparison word."""
    return bool(NO_FIGURE_RE.match(text)) and not CLAUSE_BREAK_RE.search(text)


def _compared_figure(sentence: Sentence, m: re.Match, old: Mention) -> Optional[Mention]:
    """The figure a comparison word sets against `old`: the last figure before it, with only words between, or,
    after 'which' or before ', above the', the last of old's kind with words and figures of other kinds between."""
    before = [x for x in sentence.mentions if x.end <= m.start()]
    if not before:
        return None
    if before[-1].compatible(old) and _words_only(between(sentence, before[-1].end, m.start())) \
            and not m.group("aside"):
        return before[-1]
    alike = [x for x in before if x.compatible(old)]
    if not alike:
        return None
    new = alike[-1]
    link = between(sentence, new.end, m.start())
    if not (ASIDE_LINK_RE if m.group("aside") else RELATIVE_LINK_RE).match(link) or YEAR_RE.search(link) \
            or CLAUSE_BREAK_RE.search(link):
        return None
    if not m.group("aside") and not re.search(r"\bwhich\s+$", link):
        return None
    if COMPARED_WITH_RE.search(sentence.text[max(sentence.start, new.start - 40):new.start]):
        return None
    return new


def _first_after(sentence, pos, limit) -> Optional[Mention]:
    for x in sentence.mentions:
        if x.start >= pos:
            return x if x.start - pos <= limit and usable(x) else None
    return None


def _subject_for(source, idx, pos, old) -> Optional[Mention]:
    sentence = source.sentences[idx]
    before = [x for x in sentence.mentions if x.end <= pos and x.compatible(old) and not x.in_parens
              and usable(x) and not x.points]
    if before:
        return before[-1]
    if ANAPHOR_RE.match(sentence.body):
        return _anaphoric_referent(source, idx, old)
    return None


# words that say when a figure was, or name nothing: not the measure it counts
_NOT_MEASURE_WORDS = frozenset(words("period_nouns") + words("earlier_period_words") + words("subject_stopwords"))


def _anaphoric_referent(source, idx, old) -> Optional[Mention]:
    """What 'This was a drop on last year, when 69 ...' compares with 69: the one figure of old's kind that the
    sentence before gives (not a change amount, not an aside in brackets), and only where 69's own words name the
    same measure. 'We received 70 complaints, of which 13 were withdrawn. This was a drop on last year, when 69
    complaints were investigated' gives two figures, neither of them investigated complaints: no claim."""
    lead = previous_lead(source, idx, old)
    if lead is None:
        return None
    prior = source.sentences[idx - 1]
    levels = [m for m in prior.mentions if m.compatible(old) and not m.in_parens and usable(m) and not m.points
              and not is_change_amount(prior, m)]
    if len(levels) != 1:
        return None
    sentence = source.sentences[idx]
    named = set(tokens(prior.body)) | set(tokens(sentence.text[sentence.start:old.start]))
    measure = [w for w in tokens(old.noun) if w not in _NOT_MEASURE_WORDS and not w.isdigit()]
    if any(w not in named for w in measure):
        return None  # 'when 69 complaints were investigated' after 'We received 70 complaints'
    return lead


def _verb_direction(sentence: Sentence) -> list[DirectionClaim]:
    claims = []
    for i, k in enumerate(sentence.mentions):
        head_start = max(sentence.start, k.start - 90)
        head = sentence.text[head_start:k.start]
        if k.approx:  # a hedged figure: 'reduced from £250m to around £15.7m' reads up to 'to'
            hedge = match_before(APPROX_BEFORE, sentence.text, k.start, head_start)
            head = sentence.text[head_start:hedge.start()] if hedge else head
        if head.rstrip()[-2:].lower() != "to":  # both patterns end with 'to' and spaces: most figures have no 'to' before
            continue
        verb = VERB_TO_RE.search(head)
        gerund = GERUND_TO_RE.search(head)
        if verb:
            old = None
            if verb.group("from"):
                inside = [x for x in sentence.mentions if x.end <= k.start and x.start >= head_start + verb.start("from")]
                old = inside[0] if inside else None
            else:
                nxt = next_mention(sentence, k)
                if nxt is not None and re.search(r"^[^.;]{0,60}\b(?:compared\s+(?:to|with)|from|against|versus)\b[^\d]*$",
                                                 between(sentence, k.end, nxt.start)):
                    old = nxt
            if old is not None and old.compatible(k) and usable(old) and usable(k):
                up = bool(UP_VERB_RE.search(verb.group("word")))
                claims.append(DirectionClaim("direction", verb.group("word"), k, old, up,
                                             min(old.start, k.start), max(old.end, k.end)))
        elif gerund:
            before = [x for x in sentence.mentions[:i] if x.compatible(k)]
            if not before or k.start - before[-1].end > 60:
                continue
            old = before[-1]
            link = sentence.text[old.end:k.start - len(gerund.group(0)) + (len(head) - gerund.end())]
            if not re.fullmatch(r"\s*(?:(?:in|for|by|during|from)\s+)?[\w/ –-]{0,14}?,?\s*", link):
                continue  # "£2.70 per hour, with the 4-hour rate rising to £19.60": another subject
            if (old.figure.value < 0) != (k.figure.value < 0) or not usable(old) or not usable(k):
                continue
            up = gerund.group("word").lower() in ("rising", "increasing", "growing", "climbing")
            claims.append(DirectionClaim("direction", gerund.group("word"), k, old, up, old.start, k.end, magnitude=True))
    return claims
