"""The fact index: subject + attribute + value (+ unit, period, location) across the whole pack.

Fact kinds:
  metric  - a figure in narrative text (%, £) with the words that name it
  cell    - a table cell: row label x column (period from the column header or a Period column)
  row     - a whole numeric table row (for tables quoted elsewhere)
  plan    - a named plan/strategy/statement with its period ("Housing Strategy 2024-29")
  event   - something published/launched on a date
  count   - a count of a thing ("eight homes", "five overarching principles")
"""
from __future__ import annotations

import re
from collections import defaultdict
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import Any, Optional

from auditor.model import Block, Document, Location, Pack
from auditor.facts.prose_numbers import APPROX_BEFORE, MONTH, cue_before
from auditor.numbers import parse_figure, word_to_int
from auditor.vocab import glossary, number_word_pattern, word_list_pattern, words

# ---------------------------------------------------------------- words

STOPWORDS = frozenset(words("subject_stopwords"))  # rules/vocab: words that name nothing on their own

# Standard UK local-government abbreviations (rules/vocab); a pack's own "Long Name (ABBR)" definitions are
# added to these.
GLOSSARY = glossary()
DEFINITION_RE = re.compile(r"((?:[A-Z][\w'’&-]*\s+(?:(?:and|of|for|the|in|or|&)\s+)?){1,8})\(([A-Z][A-Za-z0-9&]{1,7})\)")
TOKEN_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


@lru_cache(maxsize=1 << 16)  # a pack's vocabulary is a few thousand words, each stemmed many times
def stem(word: str) -> str:
    word = word.replace("'s", "").replace("’s", "")
    for suffix, repl in (("ies", "y"), ("ly", ""), ("mental", "ment"), ("s", "")):
        if len(word) > 4 and word.endswith(suffix) and not word.endswith("ss"):
            return word[: -len(suffix)] + repl
    return word


def tokens(text: str, glossary: Optional[dict[str, str]] = None) -> list[str]:
    """Content words, abbreviations expanded, stemmed: 'Re-referrals to CSC within 12 mths'."""
    glossary = GLOSSARY if glossary is None else glossary or _NO_GLOSSARY  # one {} for every caller's {}
    held = _WORD_MEMOS.get(id(glossary))  # (looked up here, not in a helper: tokens runs several times a figure)
    if held is None or held[0] is not glossary:
        held = _hold_memos(glossary)
    memo, texts = held[1], held[2]
    if len(text) <= _TEXT_MEMO_CHARS:  # the words between a pack's figures ('shows an increase of', 'to')
        held = texts.get(text)  # come round again and again
        if held is None:
            if len(texts) >= _TEXT_MEMO_MAX:
                texts.clear()
            held = texts[text] = tuple(_tokens(text, glossary, memo))
        return list(held)  # each caller its own list
    return _tokens(text, glossary, memo)


def _tokens(text: str, glossary: dict[str, str], memo: dict[str, tuple[str, ...]]) -> list[str]:
    out: list[str] = []
    for raw in TOKEN_RE.findall(text.lower().replace("’", "'")):
        words = memo.get(raw)
        if words is None:
            if raw.isdigit() and raw not in glossary:
                out.append(raw)  # a number is its own token (_raw_tokens), and is not kept: a pack's
                continue  # numbers are mostly each written once, and would fill the memo
            words = memo[raw] = _raw_tokens(raw, glossary)
        out.extend(words)
    return out


def _raw_tokens(raw: str, glossary: dict[str, str]) -> tuple[str, ...]:
    expansion = glossary.get(raw)
    return tuple(stem(w) for w in (expansion.split() if expansion else [raw])
                 if w not in STOPWORDS and len(w) > 1 or w.isdigit())


# Each word's tokens under one glossary (a pack's, read once it is complete): a pack's figures
# bring the same few thousand words round again and again. The glossary itself is held, so its
# id cannot pass to another while the entry lives.
# Short texts' tokens are kept too (at most _TEXT_MEMO_MAX of them under one glossary).
_WORD_MEMOS: dict[int, tuple[dict, dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]] = {}
_NO_GLOSSARY: dict[str, str] = {}
_TEXT_MEMO_CHARS = 60
_TEXT_MEMO_MAX = 1 << 14


def _hold_memos(glossary: dict[str, str]) -> tuple[dict, dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    if len(_WORD_MEMOS) >= 8:
        _WORD_MEMOS.clear()
    held = _WORD_MEMOS[id(glossary)] = (glossary, {}, {})
    return held


def pack_glossary(pack: Pack) -> dict[str, str]:
    """GLOSSARY plus the 'Long Name (ABBR)' definitions written in the pack."""
    glossary = dict(GLOSSARY)
    for _doc, block in pack.iter_blocks():
        if block.table is not None:
            continue
        for m in DEFINITION_RE.finditer(block.text):
            abbr = m.group(2)
            words = m.group(1).split()
            initials = [w for w in words if w[0].isupper()]
            take = initials[-len(abbr.rstrip("s")):] if len(initials) >= len(abbr.rstrip("s")) else []
            if take and "".join(w[0] for w in take).lower() == abbr.rstrip("s").lower():
                start = words.index(take[0])
                glossary.setdefault(abbr.lower(), " ".join(words[start:]).lower())
    return glossary


# ---------------------------------------------------------------- periods

FY_RE = re.compile(r"(?<![\d/])((?:19|20)\d\d)\s*[/-]\s*(\d{2}|(?:19|20)\d\d)(?![\d/])")
QUARTER_RE = re.compile(r"\b(?:Q|Quarter\s*)([1-4])\b(?:\s*,?\s*((?:19|20)\d\d\s*/\s*\d{2,4}))?", re.I)
YEAR_RE = re.compile(r"(?<![\d/£.,-])((?:19|20)\d\d)(?![\d/%])")


def _year4(two_or_four: str, base: int) -> int:
    n = int(two_or_four)
    return n if n >= 1000 else (base // 100) * 100 + n


_MAY_HOLD_PERIOD_RE = re.compile(r"(?:19|20)\d\d|q(?:uarter)?\s*[1-4]", re.I)  # what each pattern below needs


def single_year_periods(text: str) -> list[str]:
    """Normalised one-year (or one-quarter) periods written in text: '2025/26', 'Q2 2024/25', '2024'."""
    if not _MAY_HOLD_PERIOD_RE.search(text):  # most texts it is asked about (a figure's neighbours) hold none
        return []
    found: list[tuple[int, str]] = []
    quarters: list[tuple[int, int]] = []
    for m in QUARTER_RE.finditer(text):
        fy = m.group(2)
        label = f"Q{m.group(1)}" + (f" {normalise_fy(fy)}" if fy else "")
        found.append((m.start(), label))
        quarters.append(m.span())
    in_quarter = _span_lookup(quarters)  # a year range never starts inside another: only quarters matter
    years: list[tuple[int, int]] = []
    for m in FY_RE.finditer(text):
        if in_quarter(m.start()):
            continue
        start = int(m.group(1))
        end = _year4(m.group(2), start)
        if end == start + 1:
            found.append((m.start(), f"{start}/{str(end)[2:]}"))
            years.append(m.span())
    taken = _span_lookup(quarters + years)
    for m in YEAR_RE.finditer(text):
        if not taken(m.start()):
            found.append((m.start(), m.group(1)))
    return [label for _, label in sorted(found)]


def _span_lookup(spans: list[tuple[int, int]]):
    """pos -> whether some (start, end) span holds it, by bisection: a scan of every span for every
    match made a text with thousands of periods quadratic."""
    spans = sorted(spans)
    starts = [a for a, _ in spans]
    reach = list(accumulate((b for _, b in spans), max))  # the furthest end of the spans so far

    def holds(pos: int) -> bool:
        i = bisect_right(starts, pos) - 1
        return i >= 0 and reach[i] > pos

    return holds


def normalise_fy(text: str) -> str:
    m = FY_RE.search(text)
    if not m:
        return text.strip()
    start = int(m.group(1))
    return f"{start}/{str(_year4(m.group(2), start))[2:]}"


def periods_compatible(a: Optional[str], b: Optional[str]) -> bool:
    """Two period labels that can name the same period ('Q2' and 'Q2 2024/25'; equal labels)."""
    if not a or not b:
        return True
    if a == b:
        return True
    qa, qb = a.split(" ", 1), b.split(" ", 1)
    if a.startswith("Q") and b.startswith("Q") and qa[0] == qb[0]:
        return len(qa) == 1 or len(qb) == 1
    return False


# ---------------------------------------------------------------- the fact

@dataclass
class Fact:
    kind: str  # metric | cell | row | plan | event | count
    subject: str
    attribute: str
    value_text: str
    period: Optional[str]
    document: str
    location: Location
    doc: Document = field(repr=False, default=None)
    block: Optional[Block] = field(repr=False, default=None)
    excerpt: str = ""
    value: Any = None  # Figure, (first, last) dates, int, or a list of Figures for a row
    unit: Optional[str] = None
    start: int = 0
    end: int = 0
    words: tuple[str, ...] = ()  # normalised subject tokens
    extra: dict = field(default_factory=dict)


@dataclass
class FactIndex:
    facts: list[Fact]
    glossary: dict[str, str]

    def __iter__(self):
        return iter(self.facts)

    def __len__(self):
        return len(self.facts)

    def of_kind(self, kind: str) -> list[Fact]:
        return [f for f in self.facts if f.kind == kind]


def build_fact_index(pack: Pack) -> FactIndex:
    glossary = pack_glossary(pack)
    found: list = []  # facts, and plain numbers whose fact is built once they are known not to number a series
    for doc in pack.documents:
        section = ""
        previous = None
        for block in doc.blocks:
            if block.kind == "heading" or (block.bold and len(block.text) < 80 and block.table is None):
                section = block.text
            if block.table is not None:
                found.extend(table_facts(doc, block, glossary, previous))
            elif block.text:
                found.extend(text_facts(doc, block, glossary, section))
            previous = block
    return FactIndex(_without_numbered_series(found), glossary)


SERIES_MIN = 20  # plain numbers after one word in one paper from which on they may be a numbered series


@dataclass
class _PlainNumber:
    """A plain number found in a sentence. Its fact (most of the cost: the subject's words, the cues, the
    location) is built only when the number turns out not to number a series."""
    document: str
    word_before: str
    value: int
    build: Any  # () -> Optional[Fact]


def _without_numbered_series(found: list) -> list[Fact]:
    """Plain numbers that number a series ('service 1' ... 'service 20000', 'Line 12'): many after the same
    word in one paper, close together (the span of their values at most ten a number). They name items;
    read as figures, each would be one digit away from another."""
    values: dict[tuple, list[int]] = defaultdict(list)
    for item in found:
        if isinstance(item, _PlainNumber) and item.word_before:
            values[(item.document, item.word_before)].append(item.value)
    series = {key for key, vs in values.items() if len(vs) >= SERIES_MIN and max(vs) - min(vs) < 10 * len(vs)}
    facts: list[Fact] = []
    for item in found:
        if isinstance(item, _PlainNumber):
            if item.word_before and (item.document, item.word_before) in series:
                continue
            item = item.build()
            if item is None:
                continue
        facts.append(item)
    return facts


# ---------------------------------------------------------------- tables

TOTAL_WORDS = {"total", "overall", "grand", "net", "sub"}
PREVIOUS_HEADER_RE = re.compile(r"\b(previous|prior|last|earlier)\b", re.I)
LATEST_HEADER_RE = re.compile(r"\b(latest|current|actual|value|data|result|outturn)\b", re.I)


def _is_period_header(row) -> bool:
    """A body row that is really a header: no figures, and two or more cells naming a period."""
    if any(c.figure is not None for c in row):
        return False
    return sum(1 for c in row if single_year_periods(c.text)) >= 2


def _inner_header(table, k: int) -> Optional[int]:
    """The row below the declared header that names a 'Period' column, if any."""
    for r in range(k, min(k + 4, len(table.rows))):
        if any(re.fullmatch(r"\s*period\s*", c.text, re.I) for c in table.rows[r]):
            return r
    return None


def _label_column(table) -> int:
    """The column holding row labels: the leftmost with mostly text cells in the body."""
    from auditor.structure.tables import effective_header_rows

    body = table.rows[effective_header_rows(table):]
    best, best_count = 0, -1
    for i in range(min(table.n_cols, 4)):
        texts = [r[i] for r in body if i < len(r) and r[i].text.strip() and r[i].figure is None]
        count = sum(len(c.text) for c in texts)
        if count > best_count * 1.5:
            best, best_count = i, count
    return best


# a cell holding only a date ('Mar-26', '31/03/2026'): a completion-date column beside the label, not a word of it
DATE_CELL_RE = re.compile(rf"(?:\d{{1,2}}(?:st|nd|rd|th)?[\s/.-]+)?{MONTH}[\s/.,'-]*(?:\d{{2}}|(?:19|20)\d\d)"
                          r"|\d{1,2}[/.]\d{1,2}[/.](?:\d{2}|(?:19|20)\d\d)", re.I)


def _row_label(row, label_col: int) -> str:
    parts = [c.text.strip() for c in row[: label_col + 1] if c.text.strip() and c.figure is None]
    if len(parts) > 1:  # 'Mar-26 | 225 | Children's Residential Homes': the date is the row's, the label the rest
        parts = [p for p in parts if not DATE_CELL_RE.fullmatch(p)] or parts
    return " ".join(parts)


SHORT_FY_RE = re.compile(r"(?<![\d/.])(\d\d)\s*/\s*(\d\d)(?![\d/.])")


def _short_years(header: str) -> list[str]:
    """A column header's financial year written short ('Net Total 25/26 £' -> 2025/26): two two-digit
    years a year apart (a day/month such as 31/03 is not)."""
    found = [m for m in SHORT_FY_RE.finditer(header) if int(m.group(2)) == int(m.group(1)) + 1]
    return [f"20{m.group(1)}/{m.group(2)}" for m in found]


def _header_only_periods(block: Optional[Block], n_cols: int) -> Optional[list]:
    """Column periods from a header-only table just above (a header split from its body at a page break)."""
    if block is None or block.table is None or block.table.n_cols != n_cols:
        return None
    table = block.table
    if any(c.figure is not None and not single_year_periods(c.text) for row in table.rows for c in row):
        return None
    periods = [None] * n_cols
    for row in table.rows[:2]:
        for i, cell in enumerate(row):
            found = single_year_periods(cell.text)
            if len(found) == 1:
                periods[i] = found[0]
    return periods if sum(1 for p in periods if p) >= 2 else None


def table_facts(doc: Document, block: Block, glossary, previous: Optional[Block] = None) -> list[Fact]:
    from auditor.structure.tables import column_labels, column_scales, effective_header_rows, row_is_total

    table = block.table
    k = effective_header_rows(table)
    labels = column_labels(table)
    scales = column_scales(table)
    declared = {sc for sc in scales if sc is not None}
    if len(declared) == 1:  # '£000' written once, in the corner cell, holds for every column
        scales = [sc if sc is not None else next(iter(declared)) for sc in scales]
    inner = _inner_header(table, k)
    if inner is not None:  # a dashboard whose filter rows sit above the real header
        k, labels = inner + 1, [c.text.strip() for c in table.rows[inner]] + [""] * (table.n_cols - len(table.rows[inner]))
    elif k < len(table.rows) and _is_period_header(table.rows[k]):  # 'All figures in £m' above the real header
        labels = [f"{lab} {c.text.strip()}".strip() if not lab.startswith("col") else c.text.strip()
                  for lab, c in zip(labels, table.rows[k] + [table.rows[k][-1]] * (len(labels) - len(table.rows[k])))]
        k += 1
    label_col = _label_column(table)
    period_col = next((i for i, lab in enumerate(labels) if re.fullmatch(r"\s*period\s*", lab, re.I)), None)
    col_periods = []
    for lab in labels:
        found = single_year_periods(lab) or _short_years(lab)
        col_periods.append(found[0] if len(set(found)) == 1 else None)
    if not any(col_periods):
        col_periods = _header_only_periods(previous, table.n_cols) or col_periods
    context = table.header[0] if table.header else ""
    facts: list[Fact] = []
    for row in table.rows[k:]:
        label = _row_label(row, label_col)
        if len(label) > 200:
            continue
        words = tokens(SIGN_NOTE_RE.sub(" ", label), glossary)
        if set(words) <= TOTAL_WORDS or not words:
            words = words + tokens(f"{context} {table.caption if _titles(table.caption) else ''}", glossary)
        row_period = row[period_col].text.strip() if period_col is not None and period_col < len(row) else None
        label_period = _label_year(label) if not any(col_periods) else None
        # the year is then the cells' period, not a word naming what they are
        cell_words = tuple(w for w in words if not w.isdigit()) if label_period else tuple(words)
        row_cells = []
        for i, cell in enumerate(row):
            if (label and i <= label_col) or cell.figure is None or i >= len(labels):
                continue
            fig = cell.figure
            if scales[i] and fig.unit in (None, "£"):
                fig = fig.rescaled(scales[i])
            previous = bool(PREVIOUS_HEADER_RE.search(labels[i]))
            period = col_periods[i]
            if period is None and row_period and not previous and LATEST_HEADER_RE.search(labels[i]):
                period = normalise_period_text(row_period)
            period = period or label_period
            if not label:
                row_cells.append((col_periods[i], fig, cell))
                continue
            facts.append(Fact(
                kind="cell", subject=label, attribute=labels[i], value_text=cell.text.strip(), period=period,
                document=doc.title, location=cell.location, doc=doc, block=block, excerpt=f"{label} | {labels[i]}: {cell.text.strip()}",
                value=fig, unit=fig.unit, words=cell_words or tuple(words),
                extra={"previous": previous, "total": row_is_total(row), "column": i, "label_col": label_col,
                       "label_period": bool(label_period) and period == label_period}))
            row_cells.append((col_periods[i], fig, cell))
        if len(row_cells) >= 3:
            facts.append(Fact(
                kind="row", subject=label, attribute="row", value_text=" | ".join(c.text for _, _, c in row_cells),
                period=None, document=doc.title, location=row_cells[0][2].location, doc=doc, block=block,
                excerpt=(f"{label}: " if label else "") + ", ".join(f"{p or ''} {c.text}".strip() for p, _, c in row_cells),
                value=[(p, f) for p, f, _ in row_cells], words=tuple(words), extra={"total": row_is_total(row)}))
    return facts


# a caption that is the text before a table, not its title: it runs into a second sentence or gives a sum
# ('... (TSIL) programme. £50.1m is proposed to be invested in ...')
_PROSE_CAPTION_RE = re.compile(r"[.!?]\s+[A-Z(£\d]|£\s?\d")
TITLE_MAX_CHARS = 100  # captions are cut at 120 characters (structure.segment): a longer one is a paragraph's start


def _titles(caption: str) -> bool:
    """The caption may name the table (and so its Total row): a title ('Table 7.2 – Year on year changes in
    net budget by directorate'), not the paragraph before the table, whose words name other things too."""
    return bool(caption) and len(caption) < TITLE_MAX_CHARS and not _PROSE_CAPTION_RE.search(caption)


SIGN_NOTE_RE = re.compile(r"\(\s*[-+−]\s*ve\s*\)", re.I)  # 'Surplus (-ve) / Deficit': the sign convention names nothing


def _label_year(label: str) -> Optional[str]:
    """The one financial year a row's label names ('Net Budget 2025-26' in a table whose columns are
    directorates): every cell of the row is that year's, as a column's year would make it."""
    found = {p for p in single_year_periods(label) if "/" in p and not p.startswith("Q")}
    return next(iter(found)) if len(found) == 1 else None


def normalise_period_text(text: str) -> Optional[str]:
    found = single_year_periods(text)
    return found[0] if found else (text.strip() or None)


# ---------------------------------------------------------------- narrative

# The runs of digits and commas are bounded (no figure is 40 characters long): unbounded, every
# start in "1,1,1,..." ran to the end of the run and back, quadratic in its length.
FIGURE_RE = re.compile(
    r"(?<![\w.])(?:[-−–])?£\s?\d(?:[\d,]{0,40}\d)?(?:\.\d+)?(?:\s?(?:m|bn|k|million|billion)\b)?"
    r"|(?<![\w.£/-])\d[\d,]{0,40}(?:\.\d+)?\s?%"
    r"|(?<![\w.£/,-])\d{1,3}(?:,\d{3}){1,13}(?![\d,.]{0,40}\s?%)(?![\w/])")
CHANGE_AFTER_RE = re.compile(r"^\s*(?:\)\s*)?(?:points?\s+)?(?:increase|decrease|higher|lower|above|below|more|less|"
                             r"up|down|rise|fall|reduction|drop|improvement|of the|threshold)\b", re.I)
CHANGE_BEFORE_RE = re.compile(r"(?:increase|decrease|reduction|rise|fall|drop|change|cut|growth|uplift|"
                              r"increased|decreased|reduced|grew|fell|rose|by|nearly|almost|over|"
                              r"up to|at least|more than|less than|target of|"
                              r"minimum of|maximum of|threshold)\s*(?:of\s*)?(?:by\s*)?$", re.I)
COMPARATOR_BEFORE_RE = re.compile(r"(?:\bfrom|\bthan|\bcompared (?:to|with)|\bprevious\w*|\bsince|\bversus|\bvs\.?|"
                                  r"figure of|\bon|\blast year|\bagainst)\s*\(?\s*$", re.I)


_PERIOD_AFTER_RE = re.compile(r"^\s*(?:in|for|by|at the end of|at end of|during|as at|to)?\s*(.{0,30})")
_PERIOD_PREPOSITION_RE = re.compile(r"(?:in|for|of|during)\s+(?:the\s+)?\S*\s*$")
_NOUN_FOLLOWS_RE = re.compile(r"\s*(?!(?:in|for|by|at|to|of|from|on|and|or|was|is|are|were|per|which|"
                              r"the|a|an|as|with|over|under|than|each|this|that|next|last|p/w|pa|per)\b)[A-Za-z]")


# what follows a figure that opens its sentence names it: a noun, or 'of'/'for' and a noun ('£22.1m of savings')
_NAMED_AFTER_RE = re.compile(r"\s*(?:(?:of|for)\s+)?[‘'\"“]?(?!(?:is|are|was|were|has|have|had|will|would|in|by|"
                             r"to|from|on|at|per|pa|p/w|and|or|as|the|a|an|this|that|each|over|under|than|which)\b)"
                             r"[A-Za-z]")
# 'for' and a noun: the purpose a figure is for ('£12.6m for investment in other capital'), not a period
_FOR_NOUN_RE = re.compile(r"\s*for\s+(?!(?:the|a|an|this|that|each|every|all|both|more|less|over|under|up|which|"
                          r"january|february|march|april|may|june|july|august|september|october|november|december)\b)"
                          r"[A-Za-z]")
# where the naming words end: the clause's verb, or punctuation
_CLAUSE_END_RE = re.compile(r"[.;:()]|\b(?:is|are|was|were|has|have|had|will|would|can|could|may|might|remains?|"
                            r"included?|includes|including|comprising|comprises?|which|that)\b", re.I)


def _sentences(text: str) -> list[tuple[int, int]]:
    from auditor.facts.dates import sentence_spans

    return sentence_spans(text)


def text_facts(doc: Document, block: Block, glossary, section: str = "") -> list:
    """The block's facts, in reading order, its plain numbers as _PlainNumber (see _without_numbered_series)."""
    facts: list = []
    text = block.text
    for s_start, s_end in _sentences(text):
        sentence = text[s_start:s_end]
        facts.extend(_metric_facts(doc, block, glossary, sentence, s_start))
        facts.extend(_plain_number_facts(doc, block, glossary, sentence, s_start))
        facts.extend(_plan_facts(doc, block, glossary, sentence, s_start, section))
        facts.extend(_event_facts(doc, block, glossary, sentence, s_start, section))
        facts.extend(_meeting_held_facts(doc, block, glossary, sentence, s_start))
        facts.extend(_count_facts(doc, block, glossary, sentence, s_start))
    return facts


CONTINUATION_WORDS = {"rising", "falling", "increasing", "decreasing", "reducing", "growing", "then", "and", "or",
                      "reaching", "compared", "against", "respectively", "quarter", "q1", "q2", "q3", "q4"}


def _preceding_period(block, offset: int) -> Optional[str]:
    """The one financial year or quarter named earlier in the block, if exactly one is."""
    earlier = {p for p in single_year_periods(block.text[:offset]) if "/" in p or p.startswith("Q")}
    return next(iter(earlier)) if len(earlier) == 1 else None


def _restated_period(block, at: int, value_text: str) -> Optional[str]:
    """The period of the same figure given earlier in the block: 'approximately £40m for the year 2025-26.
    To cover the £40m CFR ...' (the second £40m is 2025-26's)."""
    text = block.text
    start = text.rfind(value_text.strip(), max(0, at - 600), at)
    if start < 0 or (start and text[start - 1].isalnum()):
        return None
    end = start + len(value_text.strip())
    if end < len(text) and (text[end].isdigit() or text[end] in ".,") and text[end + 1:end + 2].isdigit():
        return None  # '£40m' inside '£40.5m'
    return _figure_period(text[end:end + 80], text[max(0, start - 60):start])


def _metric_facts(doc, block, glossary, sentence: str, offset: int) -> list[Fact]:
    facts: list[Fact] = []
    matches = list(FIGURE_RE.finditer(sentence))
    if not matches:
        return facts
    sentence_periods = set(single_year_periods(sentence))
    prev_end = 0
    subject_text = ""
    words_of: tuple[str, list[str]] = (subject_text, [])
    for n, m in enumerate(matches):
        fig = parse_figure(m.group(0).replace("−", "-").replace("–", "-"))
        if fig is None:
            continue
        before = sentence[prev_end:m.start()]
        next_start = matches[n + 1].start() if n + 1 < len(matches) else len(sentence)
        after = sentence[m.end():next_start]
        continues = n > 0 and (len([w for w in tokens(before, glossary)
                                    if not w.isdigit() and w not in CONTINUATION_WORDS]) <= 1
                               or bool(_PART_OF_SPAN_RE.fullmatch(before)))
        if not continues:
            subject_text = sentence[:m.start()] if n == 0 else before.rsplit(";", 1)[-1]  # '; ' ends a list item
        period = _figure_period(after, before)
        period_own = period is not None
        if period is None and len(sentence_periods) == 1 and not continues and n == 0:
            period = next(iter(sentence_periods))
        if period is None and not sentence_periods and n == 0:
            period = _preceding_period(block, offset)  # read only when needed: the block's text before
        if period is None and not sentence_periods:
            period = _restated_period(block, offset + m.start(), m.group(0))
        flags = {
            "change": bool(CHANGE_AFTER_RE.match(after)) or cue_before(CHANGE_BEFORE_RE, sentence, m.start()),
            "comparator": cue_before(COMPARATOR_BEFORE_RE, sentence, m.start()),
            "paren": sentence[max(0, m.start() - 40):m.start()].rstrip().endswith("("),
            "approx": cue_before(APPROX_BEFORE, sentence, m.start()),
            "after_words": tuple(tokens(_CLAUSE_PUNCT_RE.split(after, 1)[0], glossary)[:12]),
            "noun_follows": bool(_NOUN_FOLLOWS_RE.match(after)),
            "position": n,
            "continues": continues,
            "after": " ".join(tokens(after[:60], glossary)[:5]),
            "period_own": period_own,
            "signed": m.group(0)[0] in "-−–",
        }
        prev_end = m.end()
        if subject_text is not words_of[0]:  # a figure that continues a list has the subject of the one before
            words_of = (subject_text, tokens(subject_text, glossary))
        subject_words = words_of[1]
        subject = subject_text
        own_purpose = n > 0 and not continues and _FOR_NOUN_RE.match(before) and _FOR_NOUN_RE.match(after)
        if (not subject_words and not continues and _NAMED_AFTER_RE.match(after)) or own_purpose:
            # the figure opens the sentence or list item ('£225k investment in residential properties', 'There
            # is £12.6m for other capital'), or each figure of a list has its own purpose ('£20.4m for SEN and
            # £12.6m for other capital', where 'for SEN and' is the figure before's): what it is follows it,
            # up to the clause's verb
            subject = _CLAUSE_END_RE.split(after, 1)[0]
            subject_words = tokens(subject, glossary)[:12]
            flags["noun_follows"] = True
        if not subject_words:
            continue
        facts.append(Fact(
            kind="metric", subject=_clean(subject)[-120:], attribute="value", value_text=m.group(0).strip(),
            period=period, document=doc.title, location=block.location_at(offset + m.start()), doc=doc, block=block,
            excerpt=sentence.strip(), value=fig, unit=fig.unit, start=offset + m.start(), end=offset + m.end(),
            words=tuple(subject_words), extra=flags))
    _mark_signed_runs(facts)
    return facts


# a whole number of three to five digits written plainly ('140 Looked After Children'): not a year, a
# decimal, a code or a reference; read for a figure the text states twice, not against tables
PLAIN_NUMBER_RE = re.compile(r"(?<![\w.,/£$€+\-−–])\d{3,5}(?![\w%/°]|[.,]\d|\s?%|\s?(?:m|bn|k)\b|-\d)")
_LABEL_BEFORE_RE = re.compile(rf"\b(?:{word_list_pattern('label_number_words')})\.?\s*$", re.I)
_DATE_OR_TIME_AFTER_RE = re.compile(r"^\s*(?:st|nd|rd|th)?\s*(?:am|pm|a\.m|p\.m|hrs|hours?|o'clock)\b|^\s*(?:st|nd|rd|th)\b",
                                    re.I)


def _plain_number_facts(doc, block, glossary, sentence: str, offset: int) -> list[_PlainNumber]:
    """Whole numbers written without a unit or digit groups ('140 Looked After Children'), as metric facts
    marked 'plain': named by the words before them in the sentence, or after them when they open it."""
    found: list[_PlainNumber] = []
    if not _MAY_HOLD_PLAIN_RE.search(sentence):
        return found
    for m in PLAIN_NUMBER_RE.finditer(sentence):
        value = int(m.group(0))
        if 1900 <= value <= 2100 or m.group(0).startswith("0") or len(m.group(0).rstrip("0")) < 2:
            continue  # a year; a code or a phone number; a round number ('100', '2000'), as often two facts as one
        before, after = sentence[:m.start()], sentence[m.end():]
        if _LABEL_BEFORE_RE.search(before[-30:]) or _DATE_OR_TIME_AFTER_RE.match(after) or \
                _MONTH_AFTER_RE.match(after) or _MONTH_BEFORE_RE.search(before[-24:]) or \
                not _LETTER_RE.search(before) and _NUMBERING_AFTER_RE.match(after):
            continue  # 'paragraph 140', '140 January', '140: Patients', '140. The'
        word_before = _word_before(before)
        found.append(_PlainNumber(doc.title, word_before, value,
                                  lambda m=m, word_before=word_before: _plain_number_fact(
                                      doc, block, glossary, sentence, offset, m, word_before)))
    return found


def _plain_number_fact(doc, block, glossary, sentence: str, offset: int, m: re.Match, word_before: str
                       ) -> Optional[Fact]:
    fig = parse_figure(m.group(0))
    if fig is None:
        return None
    before, after = sentence[:m.start()], sentence[m.end():]
    subject = before if re.search(r"[A-Za-z]{2,}", before) else _CLAUSE_END_RE.split(after, 1)[0]
    words = tokens(subject, glossary)
    if not words:
        return None
    return Fact(
        kind="metric", subject=_clean(subject)[-120:], attribute="value", value_text=m.group(0), period=None,
        document=doc.title, location=block.location_at(offset + m.start()), doc=doc, block=block,
        excerpt=sentence.strip(), value=fig, unit=None, start=offset + m.start(), end=offset + m.end(),
        words=tuple(words[-12:]),
        extra={"plain": True, "change": cue_before(CHANGE_BEFORE_RE, sentence, m.start()),
               "comparator": cue_before(COMPARATOR_BEFORE_RE, sentence, m.start()),
               "approx": cue_before(APPROX_BEFORE, sentence, m.start()), "paren": before.rstrip().endswith("("),
               "noun_follows": bool(_NOUN_FOLLOWS_RE.match(after)), "position": 0, "continues": False,
               "period_own": False, "signed": False, "signed_run": False, "word_before": word_before})


_MAY_HOLD_PLAIN_RE = re.compile(r"\d{3}")
_MONTH_AFTER_RE = re.compile(rf"\s*{MONTH}\b")
_MONTH_BEFORE_RE = re.compile(rf"\b{MONTH}\s*$")  # searched in the last few characters before a number
_LETTER_RE = re.compile(r"[A-Za-z]")
_NUMBERING_AFTER_RE = re.compile(r"\s*[.:)]")
_WORD_BEFORE_RE = re.compile(r"([A-Za-z][\w'’-]*)\s*$")


def _word_before(before: str) -> str:
    m = _WORD_BEFORE_RE.search(before[-40:])
    return m.group(1).lower() if m else ""


# 'totals £50.1m over four years including £34.8m next year': the part of a total over a span is the
# total's subject's, in one of its periods
_PART_OF_SPAN_RE = re.compile(r"\s*(?:(?:over|across|in|for|during)\s+(?:the\s+)?(?:next\s+|last\s+)?"
                              rf"(?:{number_word_pattern()}|\d+)\s+(?:years?|months?|quarters?)\s*,?\s*)?"
                              r"(?:including|of which)\s*", re.I)


def _mark_signed_runs(facts: list[Fact]) -> None:
    """A run of figures for one subject where the writer put a minus on one: signs are meant ('£0.1m rising to -£1.24m')."""
    run: list[Fact] = []
    for f in facts + [None]:
        if f is None or not f.extra["continues"]:
            signed = any(g.extra["signed"] for g in run) and any(g.value.unit == "£" or g.value.scale != 1 for g in run)
            for g in run:
                g.extra["signed_run"] = signed
            run = []
        if f is not None:
            run.append(f)


def _figure_period(after: str, before: str) -> Optional[str]:
    if not _MAY_HOLD_PERIOD_RE.search(after) and "q" not in after[:40].lower() and \
            not _MAY_HOLD_PERIOD_RE.search(before, max(0, len(before) - 40)):
        return None  # no year or quarter on either side (what each reading below needs): most figures
    return _read_figure_period(after, before)


def _read_figure_period(after: str, before: str) -> Optional[str]:
    m = _PERIOD_AFTER_RE.match(after)
    found = single_year_periods(m.group(1)) if m else []
    if found and m.group(1).find(found[0][:4]) < 12 or (found and found[0].startswith("Q")):
        return found[0]
    q = QUARTER_RE.search(after[:40])
    if q:
        return f"Q{q.group(1)}" + (f" {normalise_fy(q.group(2))}" if q.group(2) else "")
    tail = before[-40:]
    found = single_year_periods(tail)
    if found and _PERIOD_PREPOSITION_RE.search(tail[: tail.rfind(found[-1][:4])] or " "):
        return found[-1]
    return None


_SPACES_RE = re.compile(r"\s+")
_CLAUSE_PUNCT_RE = re.compile(r"[.;:()]")


def _clean(text: str) -> str:
    if "  " in text or not text.isprintable():  # every white space but ' ' is unprintable: else nothing to join
        text = _SPACES_RE.sub(" ", text)
    return text.strip(" ,;:-–")


PLAN_TYPES = r"Plan|Strategy|Statement|Framework|Programme|Policy|Review|Partnership"
NAME_WORD = r"(?:[A-Z][\w'’&()]*(?:-[A-Z][\w']*)?|and|&|of|for|the|to|in|on|–|-)"
PLAN_RE = re.compile(
    rf"(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{0,12}}?\s+(?:{PLAN_TYPES}))\b,?\s*(?:[-–—:]\s*|for\s+)?"
    r"(?P<period>(?:19|20)\d\d(?:\s*[/–-]\s*\d\d(?=\s*(?:[-–—]|to)\s*(?:19|20)\d\d))?(?:\s*/\s*\d\d)?\s*(?:[-–—]|to)\s*"
    r"(?:(?:19|20)?\d\d)(?:\s*[/-]\s*\d\d)?)(?![\d/])")
PREVIOUS_MARK_RE = re.compile(r"\b(previous|former|earlier|last|old|replac\w*|supersed\w*|refresh of|"
                              r"existing|prior|predecessor|expired|was (?:taken|agreed|approved)|"
                              r"new|next|forthcoming|emerging|future|successor|proposed|upcoming)\b", re.I)


NAME_FILLER = {"child", "children", "young", "people", "social", "care", "family", "famili", "service", "department",
               "council", "county", "city", "borough", "district", "local", "area", "draft", "refreshed", "new"}


def plan_name_words(name: str) -> tuple[str, ...]:
    """The words that tell one plan from another: 'Placement Sufficiency Statement and Market Position'."""
    words = tokens(name, {})[:-1]  # without the Plan/Strategy word
    core = tuple(w for w in words if w not in NAME_FILLER)
    return core or tuple(words)


def plan_period(text: str) -> Optional[tuple[int, int]]:
    """'2024-27' -> (2024, 2027); '2025/26 - 28/29' -> (2025, 2029): first year, last (calendar) year."""
    nums = re.findall(r"\d{2,4}", text)
    if not nums:
        return None
    start = int(nums[0])
    end = _year4(nums[-1], start)
    if end <= start or end - start > 30:
        return None
    return start, end


_PLAN_TYPE_WORDS = tuple(PLAN_TYPES.split("|"))  # PLAN_RE's one fixed word (case as written)


def _plan_facts(doc, block, glossary, sentence: str, offset: int, section: str) -> list[Fact]:
    facts = []
    for word in _PLAN_TYPE_WORDS:  # most sentences name no plan: PLAN_RE tries every position of them
        if word in sentence:
            break
    else:
        return facts
    for m in PLAN_RE.finditer(sentence):
        name = m.group("name")
        name = re.sub(r"^(?:(?:and|&|of|for|the|to|in|on|–|-)\s+)+", "", name).strip()
        name = re.sub(r"^Appendix\s+[A-Z0-9]{1,2}\s*[–—:-]?\s*", "", name)
        name = re.sub(r"^(?:[A-Z][a-z]+ (?:County|City|Borough|District) Council's|Draft|The|A|Our)\s+", "", name)
        words = tuple(w for w in tokens(name, glossary) if w not in {"draft", "refreshed", "new", "council", "county"})
        period = plan_period(m.group("period"))
        if not period or len(words) < 2:
            continue
        facts.append(Fact(
            kind="plan", subject=name, attribute="period", value_text=m.group("period"), period=f"{period[0]}-{period[1]}",
            document=doc.title, location=block.location_at(offset + m.start()), doc=doc, block=block,
            excerpt=sentence.strip(), value=period, start=offset + m.start(), end=offset + m.end(), words=words,
            extra={"name_words": plan_name_words(name),
                   "previous": bool(PREVIOUS_MARK_RE.search(sentence[max(0, m.start() - 60):m.end() + 20])),
                   "background": bool(re.search(r"background (?:papers|documents)|list of background", section, re.I)),
                   "type": re.search(rf"({PLAN_TYPES})$", name).group(1).lower()}))
    return facts


RECURRING_RE = re.compile(r"\b(annual|annually|each year|every year|yearly|quarterly|monthly|latest|edition|"
                          r"updated?|refresh(?:ed)?|last year|this year)\b", re.I)
EVENT_VERB_RE = re.compile(r"\b(published|launched|released|issued|came into (?:force|effect))\b", re.I)
QUOTED_RE = re.compile(r"[‘'\"“]([A-Z][^‘'\"“”’]{8,120})[’'\"”]")
TITLE_AFTER_RE = re.compile(
    r"(?:published|launched|released|issued)\s+(?:(?:its|the|a|an|their|new)\s+)?(?:(?:policy|green|white)\s+)?"
    r"(?:paper|report|statement|document|strategy|guidance|plan|framework|consultation)?\s*"
    r"((?:[A-Z][\w'’-]*[,:]?\s+(?:(?:and|of|for|the|to|in|on|&)\s+)*){2,12}[A-Z][\w'’-]*)")


# "At the meeting of the Scrutiny Committee held on 29th January 2025"
MEETING_HELD_RE = re.compile(r"\b(?:meeting\s+of\s+)?(?:the\s+)?(?P<body>(?:[A-Z][\w'’&-]*\s+){0,6}?(?:[A-Z][\w'’&-]*))"
                             r"\s+(?:meeting\s+)?held\s+on\s+(?:\w+day,?\s+)?$")


def _meeting_held_facts(doc, block, glossary, sentence: str, offset: int) -> list[Fact]:
    """A named body's meeting and its day: two mentions of one meeting must agree on the year."""
    from auditor.facts.dates import find_dates
    from auditor.structure.segment import is_body_name

    facts = []
    if "held" not in sentence:  # MEETING_HELD_RE's one fixed word: most sentences need no date reading
        return facts
    for date in find_dates(sentence):
        if date.kind != "day" or date.year_inferred or date.problem:
            continue
        m = MEETING_HELD_RE.search(sentence[max(0, date.start - 100):date.start])
        if not m or not is_body_name(m.group("body")):
            continue
        body = m.group("body")
        facts.append(Fact(
            kind="event", subject=body, attribute="held", value_text=date.text, period=date.iso,
            document=doc.title, location=block.location_at(offset + date.start), doc=doc, block=block,
            excerpt=sentence.strip(), value=(date.first, date.last), start=offset + date.start, end=offset + date.end,
            words=tuple(tokens(body, glossary)), extra={"date_start": offset + date.start}))
    return facts


def _event_facts(doc, block, glossary, sentence: str, offset: int, section: str) -> list[Fact]:
    from auditor.facts.dates import find_dates

    if not EVENT_VERB_RE.search(sentence) or RECURRING_RE.search(sentence):
        return []
    dates = [d for d in find_dates(sentence) if d.kind in ("day", "month") and not d.year_inferred]
    if len(dates) != 1:
        return []
    date = dates[0]
    quoted = QUOTED_RE.search(sentence)
    after = TITLE_AFTER_RE.search(sentence)
    title = quoted.group(1) if quoted else (after.group(1) if after else None)
    if not title:
        return []
    title = title.strip(" ,.:;")
    words = tuple(tokens(title, glossary))
    if len(words) < 3:
        return []
    start = sentence.find(title)
    return [Fact(
        kind="event", subject=title, attribute=EVENT_VERB_RE.search(sentence).group(1).lower(), value_text=date.text,
        period=date.iso, document=doc.title, location=block.location_at(offset + date.start), doc=doc, block=block,
        excerpt=sentence.strip(), value=(date.first, date.last), start=offset + max(start, 0),
        end=offset + max(start, 0) + len(title), words=words, extra={"date_start": offset + date.start})]


NUMBER_WORDS = number_word_pattern()
COUNT_RE = re.compile(
    rf"(?:\b(?P<det>the|these|those|our|its|their|following|each of the|all)\s+)?(?<![\d/£$.,:-])(?<!\w)"
    rf"(?P<num>{NUMBER_WORDS}|\d{{1,2}})\s+"
    r"(?P<noun>(?:(?!(?:is|was|has|its|this|as|us|always|of|the|which|that|for|and|in)\b)[a-zA-Z][a-zA-Z-]*\s+){0,3}?"
    r"(?!(?:is|was|has|its|this|as|us|always|does|plus|thus|less|across|unless)\b)(?:[a-z]+(?:ies|es|s)))\b"
    r"(?P<tail>\s*(?:[:–-]|which|that|are|were|is)?)",
    re.I)


# what every COUNT_RE match holds: a number (word or digits) that starts a word, and a space after it. Most
# sentences hold none, and this finds that three times faster than COUNT_RE, which tries every position
_MAY_COUNT_RE = re.compile(rf"\b(?:{NUMBER_WORDS}|\d{{1,2}})\s", re.I)


def _count_facts(doc, block, glossary, sentence: str, offset: int) -> list[Fact]:
    facts = []
    if not _MAY_COUNT_RE.search(sentence):
        return facts
    for m in COUNT_RE.finditer(sentence):
        num = m.group("num")
        value = int(num) if num.isdigit() else word_to_int(num)
        if value is None or value < 2:
            continue
        after = sentence[m.end():m.end() + 3]
        if num.isdigit() and (re.match(r"\s*(?:%|,\d|\.\d)", sentence[m.end("num"):m.end("num") + 3])):
            continue
        word_before = re.search(r"(\S+)\s*$", sentence[:m.start("num")])
        if word_before and word_before.group(1)[0].isupper() and not m.group("det") and \
                not re.search(r"[.!?:]\s*\S+\s*$", sentence[:m.start("num")]) and m.start("num") > len(word_before.group(1)) + 1:
            continue  # 'Post 16 providers', 'Progress 8 score', 'Section 5': a label, not a count
        if word_before and word_before.group(1)[0].isupper() and m.group("noun")[0].isupper() and not m.group("det"):
            continue  # 'Risk 7 Failure to maintain ...': a number between capitalised words names, it does not count
        noun = m.group("noun")
        if re.match(r"(?:years?|months?|weeks?|days?|hours?|minutes?|per|pm|am|pages?)\b", noun, re.I):
            continue
        facts.append(Fact(
            kind="count", subject=noun.lower(), attribute="count", value_text=m.group(0).strip(), period=None,
            document=doc.title, location=block.location_at(offset + m.start()), doc=doc, block=block,
            excerpt=sentence.strip(), value=value, start=offset + m.start("num"), end=offset + m.end("noun"),
            words=tuple(tokens(noun, glossary)),
            extra={"definite": bool(m.group("det")), "list_follows": sentence.rstrip().endswith(":") or after.strip().startswith(":")}))
    return facts
