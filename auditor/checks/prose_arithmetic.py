"""prose-*: sentences that carry their own arithmetic.

Relations read from the grammar of a sentence, not from any one wording:
  parts       "W <noun> comprising/made up of/which include a, b and c" -> a + b + c vs W
  percent-of  "P% (a out of b)", "a of b (P%)", "a (P%) of b"           -> a / b vs P
  change      "an increase of N (P%) from M", "from M to K, a rise of N" -> N vs K - M, P vs N / M
  difference  "D% below/higher than the average of Q%"                  -> D vs S - Q
  direction   "an increase on last quarter's M" when the new value is below M

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
from typing import Optional

from auditor.checks import register
from auditor.checks._common import excerpt_around
from auditor.facts.prose_numbers import Mention, Sentence, sentences_of
from auditor.model import Finding
from auditor.numbers import format_decimal

Interval = tuple[Decimal, Decimal]
HUNDRED = Decimal(100)
MAX_SENTENCE = 900

EXHAUSTIVE_RE = re.compile(
    r"\b(?:compris(?:ing|es|ed)(?:\s+of)?|consist(?:ing|s|ed)\s+of|made\s+up\s+of|split\s+(?:into|between|across|as)|"
    r"broken\s+down\s+(?:as|into|between)(?:\s+follows)?|divided\s+(?:into|between)|namely)\b", re.I)
INCLUSIVE_RE = re.compile(r"\b(?:which\s+include[sd]?|who\s+include|includ(?:ing|es|e)|of\s+which|of\s+whom|"
                          r"among\s+(?:which|whom)|amongst\s+(?:which|whom))\b", re.I)
REMAINDER_RE = re.compile(r"\b(?:leaving|with\s+the\s+(?:remaining|remainder|balance|rest)|the\s+remainder|"
                          r"the\s+balance\s+(?:of|being))\b", re.I)
OF_THE_WHOLE_RE = re.compile(r"^\W*(?:of|from|out\s+of)\s+(?:the|these|those|all|its|our)?\s*$", re.I)
RATE_NOUN_RE = re.compile(r"^(?:per\b|a\s+(?:year|week|month|day)\b|each\b|p\.?a\.?\b|annually\b|every\b)", re.I)
UP_WORDS = r"increase|increased|increases|increasing|rise|rises|rising|rose|risen|growth|grew|grown|growing|uplift|up|higher|more|greater|above"
DOWN_WORDS = (r"decrease|decreased|decreases|decreasing|reduction|reductions|reduce|reduced|reducing|fall|falls|"
              r"falling|fell|fallen|drop|drops|dropped|dropping|decline|declined|declines|declining|cut|down|"
              r"lower|less|fewer|below")
CHANGE_OF_RE = re.compile(rf"\b(?P<word>{UP_WORDS}|{DOWN_WORDS})\s+(?:of|by)\s+(?:approx\w*\.?\s+|around\s+|about\s+)?$", re.I)
DIRECTION_NOUN_RE = re.compile(
    r"\b(?P<word>increase|rise|growth|uplift|decrease|reduction|fall|drop|decline)s?\b"
    r"(?P<gap>[^.;%()]{0,60}?)\b(?P<prep>on|from|compared\s+(?:to|with)|against|over|since|versus|vs\.?)\b(?![-\w])", re.I)
VERB_TO_RE = re.compile(
    r"\b(?P<word>increased|rose|grew|went\s+up|climbed|decreased|fell|dropped|declined|reduced|went\s+down)\s+"
    r"(?:(?:[\w'’-]+\s+){0,5}?from\s+(?P<from>[^;]{0,60}?)\s+)?to\s+$", re.I)
GERUND_TO_RE = re.compile(r"\b(?P<word>rising|increasing|growing|climbing|falling|reducing|decreasing|dropping|declining)"
                          r"\s+to\s*$", re.I)
COMPARE_RE = re.compile(r"^\s*(?:percentage\s+points?\s+|points?\s+|pp\s+|ppts?\s+)?(?P<word>higher|lower|above|below|more|"
                        r"less|greater|fewer|better|worse)\b(?:\s+than)?", re.I)
ANAPHOR_RE = re.compile(r"^\W*(?:this|these|that|it|which|such|the\s+(?:figure|rate|number|total))\b", re.I)
REMAINING_RE = re.compile(r"\b(?:the\s+)?(?:remaining|rest|balance|other)\s*(?:of\s+the\s+\w+\s+)?$", re.I)
COUNT_STOPWORDS = {"of", "the", "a", "an", "and", "in", "at", "across", "for", "to", "are", "is", "were", "was",
                   "have", "has", "had", "which", "that", "with", "from", "by", "on", "new", "more", "other",
                   "additional", "total", "further", "mainstream", "current", "existing", "local"}
COUNT_UNITS = {"school", "pupil", "child", "children", "student", "place", "home", "staff", "post", "people",
               "person", "bed", "unit", "setting", "provider", "family", "families", "household", "property",
               "properties", "application", "referral", "case", "week", "month", "year", "day", "hour", "measure",
               "indicator", "member", "councillor", "site", "room", "vehicle", "permit", "space", "plan"}


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

def prose_sources(pack, include_tables: bool = True) -> list[Source]:
    sources = []
    for doc in pack.documents:
        blocks = doc.blocks
        for i, block in enumerate(blocks):
            if block.table is None:
                if re.search(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\b", block.text, re.I):
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


def all_claims(pack, ctx) -> list[tuple[Source, Sentence, object]]:
    def build():
        out = []
        for source in prose_sources(pack):
            for idx, sentence in enumerate(source.sentences):
                if sentence.end - sentence.start > MAX_SENTENCE:
                    continue  # table text flattened into one run, not a sentence
                for claim in claims_in(source, idx):
                    out.append((source, sentence, claim))
        return out

    return ctx.cached("prose-arithmetic-claims", build)


def claims_in(source: Source, idx: int) -> list:
    sentence = source.sentences[idx]
    claims: list = []
    claims += parts_claims(source, idx)
    claims += percent_of_claims(sentence)
    claims += named_whole_claims(source, idx)
    claims += change_claims(source, idx)
    claims += from_to_percent_claims(sentence)
    claims += difference_claims(source, idx)
    claims += direction_claims(source, idx)
    return claims


# ---------------------------------------------------------------- helpers

def span_sum(mentions: list[Mention]) -> Interval:
    lo = sum((m.interval()[0] for m in mentions), Decimal(0))
    hi = sum((m.interval()[1] for m in mentions), Decimal(0))
    return lo, hi


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


def next_mention(sentence: Sentence, m: Mention) -> Optional[Mention]:
    later = [x for x in sentence.mentions if x.start >= m.end]
    return later[0] if later else None


def usable(m: Mention) -> bool:
    return not m.bound


def headline(source: Source, idx: int, like: Mention) -> Optional[Mention]:
    """The paragraph's lead figure of the same kind, stated in an earlier sentence."""
    for sentence in source.sentences[:idx]:
        for m in sentence.mentions:
            if m.compatible(like) and not m.in_parens and usable(m) and not m.points:
                return m
    return None


def previous_lead(source: Source, idx: int, like: Mention) -> Optional[Mention]:
    """For "This is an increase ...": the first figure of the same kind in the sentence before."""
    if idx == 0:
        return None
    for m in source.sentences[idx - 1].mentions:
        if m.compatible(like) and not m.in_parens and usable(m) and not m.points:
            return m
    return None


# ---------------------------------------------------------------- parts of a whole

def parts_claims(source: Source, idx: int) -> list[Claim]:
    sentence = source.sentences[idx]
    claims = []
    body_end = sentence.end
    keywords = sorted([(m, True) for m in EXHAUSTIVE_RE.finditer(sentence.text, sentence.start, body_end)]
                      + [(m, False) for m in INCLUSIVE_RE.finditer(sentence.text, sentence.start, body_end)],
                      key=lambda k: k[0].start())
    for n, (kw, exhaustive) in enumerate(keywords):
        before = [m for m in sentence.mentions if m.end <= kw.start()]
        if not before:
            continue
        whole = before[-1]
        if kw.start() - whole.end > 100 or not usable(whole) or whole.points \
                or re.search(r"[.;]\s", sentence.text[whole.end:kw.start()]):
            continue
        stop = _clause_end(sentence, kw, keywords[n + 1][0].start() if n + 1 < len(keywords) else body_end)
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
    return claims


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
            shares += _percent_claim(p, a, whole, sentence)
    parts = _parts_after(whole, [m for m in sentence.mentions[1:] if m.start > comma], False)
    if not parts or len(parts) < 2 or not _same_noun(whole, parts, sentence, comma, sentence.end, False):
        return shares
    claim = _parts_claim(whole, parts, False, "of", sentence, False)
    return shares + ([claim] if claim else [])


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
    if whole.figure.value < 0 and not exhaustive:
        readings = [(-r[1], -r[0]) for r in readings[:1]]
        whole = _negated(whole)
    sum_text = " + ".join(p.text for p in shown_parts)
    finest = max(m.figure.decimals for m in [whole] + parts if m.figure.scale == whole.figure.scale)
    expected = show(mid(total), whole, finest)
    where = " (in the list that follows)" if from_items else ""
    if exhaustive:
        message = (f"The items{where} after '{keyword}' add up to {expected} ({sum_text}), not the "
                   f"{shown_whole.text} stated")
    else:
        message = f"The parts listed{where} ({sum_text} = {expected}) exceed the whole of {whole.text}"
    end = parts[-1].end if not from_items else whole.end
    return Claim("parts", whole, readings, "equal" if exhaustive else "at-most", whole.start, end,
                 f"{expected} ({sum_text})", message)


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
        first = percents[0]
        if first.bound or m.bound:
            continue
        lo, hi = first.interval()
        computed = (HUNDRED - hi, HUNDRED - lo)
        expected = show(mid(computed), m)
        claims.append(Claim("parts", m, [computed], "equal", first.start, m.end, expected,
                            f"The remaining share should be {expected} (100% - {first.text}), not {m.text}"))
    return claims


# ---------------------------------------------------------------- percent of

REPRESENTS_RE = re.compile(r"^[^%;()]{0,40}?\b(?:represents?|representing|equat(?:es|ing)\s+to|equivalent\s+to|"
                           r"amounts?\s+to|accounts?\s+for|accounting\s+for)\s+(?:approx\w*\.?\s+|around\s+)?$", re.I)
SHARE_OF_RE = re.compile(r"^\s+of\s+(?:the\s+|our\s+|its\s+|a\s+)?(?:[\w'’-]+\s+){0,4}?(?:of|totalling|at)\s+$", re.I)
PAREN_OPEN_RE = re.compile(r"^\s*\(\s*(?:approx\w*\.?\s*|c\.\s*|around\s+|about\s+)?$", re.I)
OF_RE = re.compile(r"^\s+(?:out\s+of|of)\s+(?:a\s+total\s+of\s+|the\s+|all\s+)?$", re.I)


def percent_of_claims(sentence: Sentence) -> list[Claim]:
    claims = []
    ms = sentence.mentions
    for i in range(len(ms) - 1):
        a, b = ms[i], ms[i + 1]
        if a.kind in ("count", "word", "money") and a.compatible(b) and OF_RE.match(between(sentence, a.end, b.start)):
            p = _percent_for_pair(sentence, i)
            if p is not None:
                claims += _percent_claim(p, a, b, sentence)
        if i + 2 < len(ms):
            p, b2 = ms[i + 1], ms[i + 2]
            if p.kind == "percent" and a.kind in ("count", "word", "money") and a.compatible(b2):
                gap1, gap2 = between(sentence, a.end, p.start), between(sentence, p.end, b2.start)
                if PAREN_OPEN_RE.match(gap1) and re.match(r"^\s*\)\s+(?:out\s+)?of\s+(?:the\s+|a\s+total\s+of\s+)?$", gap2, re.I):
                    claims += _percent_claim(p, a, b2, sentence)  # a (P%) of b
                elif re.match(r"^[\s\w'’-]{0,40}?\(\s*$", gap1) and OF_RE.match(gap2):
                    claims += _percent_claim(p, a, b2, sentence)  # a (P% of b)
                elif REPRESENTS_RE.match(gap1) and SHARE_OF_RE.match(gap2) and not a.in_parens:
                    claims += _percent_claim(p, a, b2, sentence)  # a represents P% of the budget of b
    return claims


def _percent_for_pair(sentence: Sentence, i: int) -> Optional[Mention]:
    ms = sentence.mentions
    a, b = ms[i], ms[i + 1]
    if i > 0 and ms[i - 1].kind == "percent":
        p = ms[i - 1]
        gap = between(sentence, p.end, a.start)
        if len(gap) <= 80 and (PAREN_OPEN_RE.match(gap) or re.search(r"\bwith\s+$", gap) or len(gap.strip()) <= 1
                               or re.match(r"^[^()%;]{0,60}\(\s*(?:approx\w*\.?\s*|c\.\s*|around\s+|about\s+)?$", gap, re.I)):
            return p
    if i + 2 < len(ms) and ms[i + 2].kind == "percent":
        p = ms[i + 2]
        gap = between(sentence, b.end, p.start)
        if re.match(r"^[\s\w'’-]{0,40}?\s*(?:\(|,\s*or\s+|[–-]\s*|,\s*i\.e\.?\s*)\s*$", gap, re.I):
            return p
    return None


def _percent_claim(p: Mention, a: Mention, b: Mention, sentence: Sentence) -> list[Claim]:
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


NAMED_WHOLE_RE = re.compile(r"^\s+of\s+(?:the\s+)?(?:total\s+|overall\s+|whole\s+|entire\s+)?"
                            r"(?P<noun>[a-z][a-z' -]{2,40}?)\s*\)", re.I)
WHOLE_STATED_RE = r"\b{noun}\s+(?:(?:was|is|were|are|of|stood\s+at|totalled|totals|reached|at)\s+)?(?:approx\w*\.?\s+)?$"


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
        for claim in _percent_claim(p, a, whole, sentence):
            claim.message += f" (the {named.group('noun').strip()} is given as {whole.text} earlier in the paragraph)"
            claims.append(claim)
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


# ---------------------------------------------------------------- changes

FROM_RE = re.compile(r"\b(?:from|compared\s+(?:to|with)|on|since|against|over|versus|vs\.?)\b", re.I)


def change_claims(source: Source, idx: int) -> list[Claim]:
    sentence = source.sentences[idx]
    claims = []
    for i, n in enumerate(sentence.mentions):
        head = sentence.text[max(sentence.start, n.start - 40):n.start]
        word_match = CHANGE_OF_RE.search(head)
        if not word_match or n.bound:
            continue
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
        if new is None:
            subject = previous_lead(source, idx, n) if ANAPHOR_RE.match(sentence.body) else None
            before = [m for m in sentence.mentions[:i] if m.compatible(n) and not m.in_parens and usable(m)]
            new = before[-1] if before else subject
        if old is not None and new is not None:
            claims.append(_difference_of_values(n, old, new, up, sentence))
        if pct is not None:
            claims += _percent_change_claim(n, pct, old, new, up, sentence)
    return [c for c in claims if c is not None]


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
        before = [m for m in sentence.mentions[:i] if m.kind == "percent" and not m.in_parens and usable(m)]
        new = before[-1] if before else (previous_lead(source, idx, n) if ANAPHOR_RE.match(sentence.body) else None)
    if new is None or new is old:
        return []
    n_iv, new_iv, old_iv = n.interval(), new.interval(), old.interval()
    diff = (new_iv[0] - old_iv[1], new_iv[1] - old_iv[0]) if up else (old_iv[0] - new_iv[1], old_iv[1] - new_iv[0])
    readings = [diff]
    relative = divide(diff, old_iv) if diff[0] >= 0 and not n.points else None
    if relative:
        readings.append(relative)
    expected = show(mid(diff), n)
    message = f"The change from {old.text} to {new.text} is {expected} (percentage points), not {n.text}"
    claims: list = [Claim("change", n, readings, "equal", min(n.start, new.start), max(n.end, old.end), expected, message)]
    claims.append(DirectionClaim("direction", CHANGE_OF_RE.search(
        sentence.text[max(sentence.start, n.start - 40):n.start]).group("word"), new, old, up,
        min(n.start, new.start), max(n.end, old.end)))
    return claims


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
    message = (f"From {old.text} to {new.text} is a change of {format_decimal(mid(rel), p.figure.decimals + 1)}%, "
               f"not {p.text}")
    on_new = divide(change, k)
    note = ""
    if on_new is not None and on_new[0] <= p.interval()[1] and p.interval()[0] <= on_new[1]:
        note = f"{p.text} is the change as a share of the new value ({new.text}): computed on the wrong base"
        message += f"; {note}"
    return [Claim("change", p, [rel], "equal", min(p.start, old.start), max(p.end, new.end), expected, message, note)]


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
        if old is None and FROM_RE.search(gap) and not re.search(r"\bto\b", gap[-8:]):
            old = m
            after = m.end
        elif re.search(r"\bto\s+(?:a\s+total\s+of\s+|around\s+|about\s+)?$", gap) and new is None:
            new = m
            after = m.end
        else:
            break
    return old, new


def _difference_of_values(n, old, new, up, sentence) -> Optional[Claim]:
    lo_new, hi_new = new.interval()
    lo_old, hi_old = old.interval()
    diff = (lo_new - hi_old, hi_new - lo_old) if up else (lo_old - hi_new, hi_old - lo_new)
    expected = show(mid(diff), n)
    message = (f"The change from {old.text} to {new.text} is {expected}, not {n.text}")
    return Claim("change", n, [diff], "equal", min(n.start, old.start, new.start),
                 max(n.end, old.end, new.end), expected, message)


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
    message = f"{n.text} on {old_text} is a change of {format_decimal(mid(on_old), pct.figure.decimals + 1)}%, not {pct.text}"
    note = ""
    if on_new is not None and on_new[0] <= pct.interval()[1] and pct.interval()[0] <= on_new[1]:
        new_text = new.text if new is not None else show(mid(new_iv), n)
        note = (f"{pct.text} is {n.text} as a share of the new value ({new_text}): the percentage change "
                f"was computed on the wrong base")
        message += f"; {note}"
    return [Claim("change", pct, [on_old], "equal", n.start, max(pct.end, old.end if old else pct.end),
                  expected, message, note)]


# ---------------------------------------------------------------- differences

def difference_claims(source: Source, idx: int) -> list[Claim]:
    sentence = source.sentences[idx]
    comparisons = []
    for i, d in enumerate(sentence.mentions):
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
    return claims


def _comparator(sentence: Sentence, d: Mention, after: int) -> Optional[Mention]:
    for m in sentence.mentions:
        if m.start < after:
            continue
        gap = sentence.text[after:m.start]
        if len(gap) > 100 or re.search(r"\b(?:higher|lower|above|below|more|less|greater|fewer|and|but)\b\s*$", gap) \
                and COMPARE_RE.match(sentence.text[m.end:sentence.end]):
            return None
        if COMPARE_RE.match(sentence.text[m.end:sentence.end]):
            return None  # the next number starts a comparison of its own
        if not m.bound and (d.kind == "percent" or m.compatible(d)):
            if re.search(r"\b(?:in|since|from)\s*$", gap):
                return None
            return m
        return None
    return None


def _subject_before(sentence, d, q, used) -> Optional[Mention]:
    before = [m for m in sentence.mentions if m.end <= d.start and id(m) not in used and m.compatible(q)
              and usable(m) and not m.points]
    return before[-1] if before else None


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
    readings = list(readings)
    polarity = word if word in ("better", "worse") else ("higher" if re.fullmatch(UP_WORDS, word) else "lower")
    direction_note = ""
    if polarity == "higher" and s_iv[1] < q_iv[0] or polarity == "lower" and s_iv[0] > q_iv[1]:
        direction_note = f"; and {subject.text} is not {polarity} than {q.text}"
        readings = []  # the gap may be the right size, but on the wrong side
    message = (f"The difference between {subject.text} and {q.text} is {expected}, not {d.text}{direction_note}"
               if not direction_note or expected != d.text else
               f"{subject.text} is {word} than {q.text} by {d.text} in the text, but {subject.text} is not "
               f"{polarity} than {q.text}")
    return [Claim("difference", d, readings, "equal", d.start, q.end, expected, message)]


def abs_lo(a: Interval, b: Interval) -> Decimal:
    if a[0] <= b[1] and b[0] <= a[1]:
        return Decimal(0)
    return a[0] - b[1] if a[0] > b[1] else b[0] - a[1]


def abs_hi(a: Interval, b: Interval) -> Decimal:
    return max(a[1] - b[0], b[1] - a[0])


# ---------------------------------------------------------------- direction words

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
    return claims


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
        return previous_lead(source, idx, old)
    return None


def _verb_direction(sentence: Sentence) -> list[DirectionClaim]:
    claims = []
    for i, k in enumerate(sentence.mentions):
        head = sentence.text[max(sentence.start, k.start - 90):k.start]
        verb = VERB_TO_RE.search(head)
        gerund = GERUND_TO_RE.search(head)
        if verb:
            old = None
            if verb.group("from"):
                inside = [x for x in sentence.mentions if x.end <= k.start and x.start >= k.start - len(head) + verb.start("from")]
                old = inside[0] if inside else None
            else:
                nxt = next_mention(sentence, k)
                if nxt is not None and re.search(r"^[^.;]{0,60}\b(?:compared\s+(?:to|with)|from|against|versus)\b[^\d]*$",
                                                 between(sentence, k.end, nxt.start)):
                    old = nxt
            if old is not None and old.compatible(k) and usable(old) and usable(k):
                up = verb.group("word").lower() in ("increased", "rose", "grew", "went up", "climbed")
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


def direction_contradicted(claim: DirectionClaim) -> bool:
    new_lo, new_hi = claim.new.interval()
    old_lo, old_hi = claim.old.interval()
    if claim.magnitude and claim.new.figure.value < 0:
        new_lo, new_hi, old_lo, old_hi = -new_hi, -new_lo, -old_hi, -old_lo
    return new_hi <= old_lo if claim.up else new_lo >= old_hi  # touching: the shown digits differ


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


def _check_relation(relation: str):
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

register("prose-parts", params=dict(PARAMS))(_check_relation("parts"))
register("prose-percent-of", params=dict(PARAMS))(_check_relation("percent-of"))
register("prose-change", params=dict(PARAMS))(_check_relation("change"))
register("prose-difference", params=dict(PARAMS))(_check_relation("difference"))


@register("prose-direction", params={})
def check_direction(pack, rule, params, ctx):
    """A direction word (increase, fall, rising to) that its own numbers contradict."""
    for source, sentence, claim in all_claims(pack, ctx):
        if not isinstance(claim, DirectionClaim) or not direction_contradicted(claim):
            continue
        said = "an increase" if claim.up else "a decrease"
        actual = "lower than" if claim.up else "higher than"
        if claim.magnitude:
            message = (f"'{claim.word} to' {claim.new.text} from {claim.old.text}, but {claim.new.text} is "
                       f"{'smaller' if claim.up else 'larger'} than {claim.old.text}")
        else:
            message = (f"The text calls it {said} ('{claim.word}'), but {claim.new.text} is {actual} "
                       f"{claim.old.text}")
        expected = f"{'a decrease' if claim.up else 'an increase'} (from {claim.old.text} to {claim.new.text})"
        yield make_finding(rule, source, sentence, claim.start, claim.end, message, expected,
                           f"'{claim.word}'", relation="direction")
