"""count-check: a stated count against what is listed or counted.

Facets (the `facets` parameter):
  list      - "the three key factors are:" / "four different strands:" against the list items that follow
  quartile  - "From 21 measures ..., one is in the top quartile, seven ..." against a table's quartile column
  restated  - the same counted thing ("five overarching SEND principles") given a different count elsewhere
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from auditor.checks import register
from auditor.checks._common import finding_at
from auditor.checks._facts import fact_index
from auditor.model import Finding, Related
from auditor.numbers import word_to_int
from auditor.facts.claims.base import COMPARISON_WORDS, DOWN_WORDS, UP_WORDS
from auditor.facts.prose_numbers import label_noun_before
from auditor.vocab import number_word_pattern, word_list_pattern

MARKER_RE = re.compile(r"^\s*(?:\(?([a-z])[.)]|\(?([ivx]{1,5})[.)]|(\d{1,2})[.)])\s+", re.I)
LIST_CUE_RE = re.compile(r":\s*$|\b(?:following|as follows|below|these are|are|include|includes|comprise|comprises)\s*:?\s*$",
                         re.I)


# two actions in one bullet: ", and reduce the number", "and introducing an increase"
# a second action in one bullet: ', and reduce the number', 'and introducing an uplift' (not ', and free
# computer access', one more thing of the same item)
JOINED_ITEMS_RE = re.compile(r",\s*and\s+[a-z]\w+\s+(?:the|a|an|its|their|our|this|these|those|all|any|some|more|"
                             r"new|further)\b|\band\s+[a-z]\w*ing\b")
# where an item's head ends: what follows ('Strand 1 to deliver £6.3m savings – This is to be achieved through
# containing and ...') explains the item, and its 'and's join no second item
ITEM_HEAD_END_RE = re.compile(r"\s[–—-]\s|:\s|(?<=[.!?])\s+(?=[A-Z])")


@register("count-check", params={
    "facets": (list, ["list", "quartile", "restated"], ("list", "quartile", "restated")),
}, needs=("fact_index",))
def check_counts(pack, rule, params, ctx) -> Iterable[Finding]:
    """A stated count that does not match what is listed, counted or stated elsewhere."""
    facets = set(params["facets"])
    if "list" in facets:
        yield from _list_counts(pack, rule)
    if "quartile" in facets:
        yield from _quartile_summaries(pack, rule)
    if "restated" in facets:
        yield from _restated_counts(pack, rule, ctx)


# ---------------------------------------------------------------- counts introducing a list

COUNT_BEFORE_LIST_RE = re.compile(
    # not the tail of a longer token: '2024/25 as:' is a financial year, '3.5 hours' a measure
    r"\b(?:the|these|those|our|its|their|following|into|of)?\s*(?<![/.,–-])(?P<num>" + number_word_pattern() + r"|\d{1,2})\s+(?P<noun>(?:[A-Za-z-]+\s+){0,3}?[a-z]+s)\b(?P<rest>[^.]*)$", re.I)




TIME_UNIT_RE = re.compile(r"(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|times|per cent|percent)\b", re.I)


# a sentence that only opens the list: the count, if any, is in the sentence before
BARE_LEAD_IN_RE = re.compile(r"^\s*(?:these|they|those|the\s+\w+)\s+(?:are|were|being|include|included|comprise|"
                             r"comprised|are\s+as\s+follows|were\s+as\s+follows)\s*:\s*$", re.I)
# words between the counted noun and the colon: 'the two areas included within the Written Statement of Action:'
MAX_REST = 90


CONTINUES_RE = re.compile(r"^\s*(?:and|also|plus|in addition)\b", re.I)


def _continues(text: str) -> bool:
    """'And the following: ...' or a short lead-in ending with a colon: the list goes on."""
    return bool(CONTINUES_RE.match(text)) or (len(text) < 80 and text.rstrip().endswith(":"))


def _list_counts(pack, rule):
    for doc in pack.documents:
        blocks = doc.blocks
        for i, block in enumerate(blocks[:-1]):
            if block.kind == "list_item" or block.table is not None or not block.text:
                continue
            if blocks[i + 1].kind != "list_item":
                continue
            last = _last_sentence(block.text)
            if not LIST_CUE_RE.search(last):
                continue
            if BARE_LEAD_IN_RE.match(last):  # 'Four themes emerged. These were:': the count is the sentence before's
                last = _last_sentence(block.text[:len(block.text.rstrip()) - len(last)].rstrip()).rstrip(".")
            m = COUNT_BEFORE_LIST_RE.search(last)
            if not m or len(m.group("rest")) > MAX_REST:
                continue
            if TIME_UNIT_RE.match(m.group("noun")):
                continue  # '7 days a week': a duration, not a count of listed things
            if label_noun_before(last, m.start("num")):
                continue  # 'year 2 findings', 'phase 3 schemes': a label, not a count
            stated = _as_int(m.group("num"))
            if stated is None or stated < 2:
                continue
            items = _following_items(blocks, i + 1)
            after = blocks[i + 1 + len(items)] if i + 1 + len(items) < len(blocks) else None
            if after is not None and after.table is None and not after.number and _continues(after.text or ""):
                continue  # 'And the following:' - the list goes on past this run of items
            counts = _item_counts(items)
            lettered = _marker_type(items[0].text) is not None  # 'a.', 'b.': each item counted by its letter
            joined = 0 if lettered else sum(1 for it in items if JOINED_ITEMS_RE.search(_item_head(it.text)))
            if stated in counts or len(items) < stated <= len(items) + joined:
                continue  # a bullet may hold two items: 'Increasing the cost ... and introducing an uplift'

            offset = block.text.rfind(last) + m.start("num")
            found = len(items)
            f = finding_at(rule, doc, block, offset, offset + len(m.group(0)),
                           f"The text says {m.group('num')} {m.group('noun')}, but {found} are listed below it",
                           expected=f"{found} (the items listed)", found=f"{m.group('num')} ({stated})")
            f.related = [Related(doc.title, it.location, it.text[:120]) for it in items[:12]]
            yield f


def _item_head(text: str) -> str:
    return ITEM_HEAD_END_RE.split(text, 1)[0]


def _last_sentence(text: str) -> str:
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text.strip())
    return parts[-1] if parts else text


def _following_items(blocks, start: int):
    items = []
    for b in blocks[start:]:
        if b.kind != "list_item":
            break
        items.append(b)
    return items


def _marker_type(text: str):
    m = MARKER_RE.match(text)
    if not m:
        return None
    if m.group(2) and m.group(2).lower() not in ("i", "v", "x") or (m.group(2) and text.strip().lower().startswith("i.")):
        return "roman"
    return "letter" if m.group(1) else ("roman" if m.group(2) else "digit")


def _item_counts(items) -> set[int]:
    """Plausible counts of a list: all items; the first level only; items with the first item's marker."""
    counts = {len(items)}
    top = min(b.level for b in items)
    counts.add(sum(1 for b in items if b.level == top))
    first = _marker_type(items[0].text)
    if first:
        counts.add(sum(1 for b in items if _marker_type(b.text) == first))
    return counts


# ---------------------------------------------------------------- quartile summaries

ORDINALS = {"top": 1, "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
            "bottom": 4, "fourth": 4, "4th": 4, "lowest": 4}
QUARTILE_PART_RE = re.compile(
    r"\b(?P<num>" + number_word_pattern() + r"|\d{1,2})\s+(?:(?:is|are|were|was)\s+)?(?:in|within)\s+the\s+"
    r"(?P<ord>top|first|1st|second|2nd|third|3rd|bottom|fourth|4th|lowest)\s+quartile", re.I)
QUARTILE_TOTAL_RE = re.compile(r"\b(?:of|from)\s+(?P<num>\d{1,3}|[a-z]+(?:-[a-z]+)?)\s+(?:measures|indicators|metrics|"
                               r"KPIs|performance indicators)\b", re.I)


def _as_int(word: str):
    return int(word) if word.isdigit() else word_to_int(word)


def _quartile_summaries(pack, rule):
    for doc, block in pack.iter_blocks():
        if block.table is not None or "quartile" not in block.text.lower():
            continue
        parts = list(QUARTILE_PART_RE.finditer(block.text))
        if len(parts) < 2:
            continue
        column = _quartile_column(pack, doc)
        if column is None:
            continue
        actual, cells = column
        stated = {}
        for m in parts:
            stated[ORDINALS[m.group("ord").lower()]] = (_as_int(m.group("num")), m)
        wrong = [(q, n, m) for q, (n, m) in stated.items() if n is not None and n != actual.get(q, 0)]
        total = QUARTILE_TOTAL_RE.search(block.text)
        total_n = _as_int(total.group("num")) if total else None
        counted = sum(actual.values())
        if wrong:
            q, n, m = wrong[0]
            listing = ", ".join(f"{_ordinal(k)}: {v}" for k, v in sorted(actual.items()))
            yield finding_at(rule, doc, block, m.start(), m.end(),
                             f"The text says {m.group('num')} measures are in the {m.group('ord')} quartile; "
                             f"the table's quartile column has {actual.get(q, 0)} ({listing})",
                             expected=f"{actual.get(q, 0)} in the {m.group('ord')} quartile",
                             found=m.group(0))
        elif total_n is not None and total_n != counted and len(stated) == 4:
            yield finding_at(rule, doc, block, total.start(), total.end(),
                             f"The text counts {total_n} measures with a quartile; the table has {counted}",
                             expected=str(counted), found=total.group(0))


def _ordinal(q: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd", 4: "4th"}[q]


def _quartile_column(pack, doc):
    """Counts of 1st..4th in the quartile column of a table in this report or its appendices."""
    family = doc.parent or doc.title
    for d in pack.documents:
        if (d.parent or d.title) != family:
            continue
        for table in d.tables:
            for r, row in enumerate(table.rows[:5]):
                for c, cell in enumerate(row):
                    if re.fullmatch(r"\s*quartiles?\s*", cell.text, re.I):
                        values = [rw[c].text.strip().lower() for rw in table.rows[r + 1:] if c < len(rw)]
                        counts = Counter(ORDINALS[v] for v in values if v in ORDINALS)
                        if sum(counts.values()) >= 4:
                            return dict(counts), values
    return None


# ---------------------------------------------------------------- the same count stated twice

def _restated_counts(pack, rule, ctx):
    all_counts = fact_index(pack, ctx).of_kind("count")
    yield from _same_words_restated(rule, [f for f in all_counts if len(f.words) >= 3])
    yield from _priorities_and_priority_areas(rule, all_counts)


# nouns that name a set by its members: 'five priority areas' are five priorities; 'four Trust
# policies' are not four Trusts
SET_NOUNS = frozenset({"area", "areas", "theme", "themes", "strand", "strands", "pillar", "pillars", "group", "groups",
                       "category", "categories", "heading", "headings", "workstream", "workstreams", "block", "blocks"})


def _priorities_and_priority_areas(rule, counts):
    """'each of the six priorities' against 'five priority areas' in the same report and its appendices:
    a definite count of Xs, and a count of 'X <things>' naming the same set with the word used attributively."""
    for f in counts:
        if not f.extra.get("definite") or len(f.words) != 1:
            continue
        head = f.words[0]
        family = f.doc.parent or f.doc.title
        others = [o for o in counts if o is not f and len(o.words) == 2 and o.words[0] == head
                  and o.words[1] in SET_NOUNS and (o.doc.parent or o.doc.title) == family]
        values = {o.value for o in others}
        if len(values) != 1 or f.value in values:
            continue
        usual = values.pop()
        yield Finding(rule=rule.id, severity=rule.severity, document=f.document, location=f.location,
                      message=f"'{f.value_text}' here, but '{others[0].value_text}' in {others[0].document[:60]}",
                      excerpt=f.excerpt[:300], expected=str(usual), found=str(f.value),
                      related=[Related(o.document, o.location, o.excerpt[:200]) for o in others])


# a count of another time: 'compared to 22 stage one complaints last year', 'Last year 22 ... were upheld', 'the
# increase from 22 ...': what was counted then, not the same count stated again
EARLIER_PERIOD_RE = re.compile(rf"\b(?:{word_list_pattern('earlier_period_words')})\s+(?:{word_list_pattern('period_nouns')})\b",
                               re.I)
COMPARED_BEFORE_RE = re.compile(rf"\b(?:{COMPARISON_WORDS}|(?:{UP_WORDS}|{DOWN_WORDS})\s+from)\s+(?:the\s+)?$", re.I)
# where the words about a count end: a clause break, another figure, a comparison ('33 ... were upheld, compared
# to 22 ... last year': the 'last year' is the 22's)
CLAUSE_STOP_RE = re.compile(rf"[.;:!?]\s|,\s+(?:and|but|so|while|whereas)\b|\(|\d|\b(?:{COMPARISON_WORDS})\b", re.I)


def _another_periods_count(f) -> bool:
    """Whether the count is of an earlier period or the figure a change is compared with."""
    text = f.block.text if f.block is not None else ""
    if not text:
        return False
    start, end = f.start, f.end
    if COMPARED_BEFORE_RE.search(text, max(0, start - 20), start):
        return True
    before = text[max(0, start - 80):start]
    stops = list(CLAUSE_STOP_RE.finditer(before))
    if stops:
        before = before[stops[-1].end():]
    after = text[end:end + 80]
    stop = CLAUSE_STOP_RE.search(after)
    if stop:
        after = after[:stop.start()]
    return bool(EARLIER_PERIOD_RE.search(before) or EARLIER_PERIOD_RE.search(after))


def _same_words_restated(rule, counts):
    groups: dict[tuple, list] = {}
    counts = [f for f in counts if not _another_periods_count(f)]
    for f in counts:
        family = f.doc.parent or f.doc.title
        groups.setdefault((family, f.words), []).append(f)
    for (_, words), facts in groups.items():
        values = Counter(f.value for f in facts)
        if len(values) < 2:
            continue
        usual, n = values.most_common(1)[0]
        if n < 2:
            continue
        for f in facts:
            if f.value != usual:
                others = [o for o in facts if o is not f]
                yield Finding(rule=rule.id, severity=rule.severity, document=f.document, location=f.location,
                              message=f"'{f.value_text}' here, but {usual} {f.subject} in {n} other places",
                              excerpt=f.excerpt[:300], expected=str(usual), found=str(f.value),
                              related=[Related(o.document, o.location, o.excerpt[:200]) for o in others])
