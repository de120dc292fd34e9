"""reference-check: cross-references resolve and say what they claim.

Targets (the `targets` parameter):
  appendix    - 'Appendix C' in a report: the report has that appendix, and the words around the
                mention fit its title rather than another appendix's ('savings (Appendix B)' when B is Growth)
  paragraph   - 'paragraph 9' / 'paragraphs 7-12': the document has those numbered paragraphs
  section     - 'Section 5 of the Strategy': the strategy has a section 5; a name quoted with it fits
  contents    - a contents list against the numbered headings it lists (numbers and titles)
  agenda      - each report in the pack is an item on the agenda
  minutes     - "marked 'Agenda Item N'" in minutes: the item numbers keep one offset from the minute numbers
  table       - "the table below" / "the table above": a table is there (before the next heading)
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from rapidfuzz import fuzz

from auditor.checks import register
from auditor.checks._common import finding_at, finding_on
from auditor.facts.index import tokens
from auditor.facts.references import contents_entries, numbered_headings, table_appendix_mentions
from auditor.model import Finding, Related
from auditor.structure.pages import block_lines

TITLE_NOISE = {"appendix", "draft", "report"}  # and any number (a year): see _title_words


TARGETS = ("appendix", "paragraph", "section", "contents", "agenda", "minutes", "table")


@register("reference-check", params={
    "targets": (list, list(TARGETS), TARGETS),
    "title_match": (int, 80),  # rapidfuzz token_set_ratio for a title to count as the same
}, needs=("references",))
def check_references(pack, rule, params, ctx) -> Iterable[Finding]:
    """Cross-references that do not resolve, or point at the wrong thing."""
    targets = set(params["targets"])
    mentions = ctx.facts_of(pack).references
    if "appendix" in targets:
        yield from _appendix_refs(pack, rule, mentions)
    if "paragraph" in targets:
        yield from _paragraph_refs(pack, rule, mentions)
    if "section" in targets:
        yield from _section_refs(pack, rule, mentions, params["title_match"])
    if "contents" in targets:
        yield from _contents(pack, rule, params["title_match"])
    if "agenda" in targets:
        yield from _agenda_items(pack, rule, params["title_match"])
    if "minutes" in targets:
        yield from _minutes_marks(rule, mentions)
    if "table" in targets:
        yield from _table_below(pack, rule)


# ---------------------------------------------------------------- "the table below"

TABLE_BELOW_RE = re.compile(r"\b(?:the|this|a|summary)\s+table\s+(below|above)\b|\bthe following table\b", re.I)
LOOK = 8  # blocks to look through for the table
# a table flattened into text (one cell per paragraph or line): most of the first lines are short cells
CELL_MAX_CHARS = 50
FLAT_LINES, FLAT_CELLS = 8, 5


def _table_below(pack, rule):
    if pack.format not in ("markdown", "docx"):
        return  # PDF and plain text lose tables to layout often enough that "no table" would be a guess
    for doc in pack.documents:
        blocks = doc.blocks
        for i, block in enumerate(blocks):
            if block.table is not None or not block.text:
                continue
            for m in TABLE_BELOW_RE.finditer(block.text):
                below = (m.group(1) or "below").lower() == "below"
                window = blocks[i + 1:i + 1 + LOOK] if below else list(reversed(blocks[max(0, i - LOOK):i]))
                nearby = list(_until_heading(window))
                if any(b.table is not None for b in nearby) or (below and _flattened_table(nearby)):
                    continue
                finding = finding_at(rule, doc, block, m.start(), m.end(),
                                     f"'{m.group(0)}' is referred to, but no table is {'below' if below else 'above'} it",
                                     expected=f"a table {'below' if below else 'above'} this paragraph",
                                     found="no table nearby")
                if not doc.tables:
                    # no table was read anywhere in this document: tables may all have been lost to the
                    # format, so "no table here" is a guess worth a look, not a warning
                    finding.severity = "info"
                yield finding


def _flattened_table(blocks) -> bool:
    """Text that is a table read as text: a run of short cells ('BU', 'Area', '634', 'Risk(s) Description'),
    not sentences or list items."""
    lines = [(b.kind, text.strip()) for b in blocks for text, _ in block_lines(b) if text.strip()][:FLAT_LINES]
    cells = [text for kind, text in lines if kind != "list_item" and _cell_like(text)]
    return len(cells) >= FLAT_CELLS


def _cell_like(text: str) -> bool:
    return len(text) <= CELL_MAX_CHARS and not re.search(r"[a-z]{2,}[.!?]$", text)


def _until_heading(window):
    for b in window:
        if b.kind == "heading":
            return
        yield b


# ---------------------------------------------------------------- appendices

def _report_of(pack, doc):
    if doc.kind == "report":
        return doc
    if doc.kind == "appendix" and doc.parent:
        return next((d for d in pack.documents if d.title == doc.parent and d.kind == "report"), None)
    return None


def _appendices(pack, report) -> dict[str, str]:
    return {d.letter: d.title for d in pack.documents
            if d.kind == "appendix" and d.parent == report.title and d.letter}


def _appendix_scope(pack, doc) -> tuple[str, dict[str, str]]:
    """Where 'Appendix X' written in doc resolves: the nearest enclosing document with appendices, that is
    the document itself when it has its own (an attached study's Appendices C-J), else its report."""
    if doc.own_appendices:
        return "this document's own appendices", dict(doc.own_appendices)
    report = _report_of(pack, doc)
    if report is None:
        return "", {}
    return "this report's appendices", _appendices(pack, report)


def _title_words(title: str) -> set[str]:
    words = set(tokens(title))
    return {w for w in words if w not in TITLE_NOISE and not w.isdigit()}


def _appendix_refs(pack, rule, mentions):
    items = [(m.doc, m.block, None, m.target, m.context, m.start, m.end) for m in mentions if m.kind == "appendix"]
    items += [(doc, block, cell, letter, before, 0, 0) for doc, block, cell, letter, before in table_appendix_mentions(pack)]
    for doc, block, cell, letter, context, start, end in items:
        scope, appendices = _appendix_scope(pack, doc)
        if not appendices or (doc.kind == "appendix" and doc.letter == letter and not doc.own_appendices):
            continue  # an appendix naming itself
        if letter not in appendices:
            listed = ", ".join(sorted(appendices))
            yield _at(rule, doc, block, cell, start, end,
                      f"Appendix {letter} is referred to, but {scope} are {listed}",
                      expected=f"one of Appendix {listed}", found=f"Appendix {letter}")
            continue
        better = _topic_mismatch(context, letter, appendices)
        if better:
            yield _at(rule, doc, block, cell, start, end,
                      f"'{_tail(context)}' refers to Appendix {letter} ({_bare(appendices[letter])}), "
                      f"but that subject is Appendix {better} ({_bare(appendices[better])})",
                      expected=f"Appendix {better}", found=f"Appendix {letter}")


def _bare(title: str) -> str:
    return re.sub(r"^\s*Appendix\s+[A-Z0-9]{1,2}\s*[–—:-]?\s*", "", title, flags=re.I)


def _tail(context: str, words: int = 8) -> str:
    return " ".join(context.replace("(", " ").split()[-words:]).strip()


def _topic_mismatch(context: str, letter: str, appendices) -> str | None:
    """Another appendix whose title the nearby words name, when they name nothing of the one referred to."""
    near = set(tokens(context))
    if not near:
        return None
    own = _title_words(appendices[letter])
    if own & near:
        return None
    scored = []
    for other, title in appendices.items():
        words = _title_words(title)
        shared = words & near
        # most of its title, or two of its words: one word in common ('assessment') names nothing
        if other != letter and shared and (len(shared) / len(words) >= 0.5 or len(shared) >= 2):
            scored.append((len(shared) / len(words), other))
    if not scored:
        return None
    scored.sort(reverse=True)
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return None
    return scored[0][1]


def _at(rule, doc, block, cell, start, end, message, expected, found):
    if cell is not None:
        return finding_on(rule, doc, cell.location, cell.text, message, expected=expected, found=found)
    return finding_at(rule, doc, block, start, end, message, expected=expected, found=found)


# ---------------------------------------------------------------- paragraphs and sections

def _paragraph_numbers(doc) -> set[int]:
    return {int(b.number) for b in doc.blocks if b.number and b.number.isdigit() and b.kind != "heading"}


def _paragraph_refs(pack, rule, mentions):
    for m in mentions:
        if m.kind != "paragraph" or m.doc.kind != "report":
            continue
        numbers = _paragraph_numbers(m.doc)
        if len(numbers) < 5:
            continue
        wanted = [int(m.target)] + ([int(m.end_target)] if m.end_target else [])
        missing = [n for n in wanted if n not in numbers]
        if missing:
            yield finding_at(rule, m.doc, m.block, m.start, m.end,
                             f"'{m.text}' refers to a paragraph this report does not have "
                             f"(its paragraphs run 1-{max(numbers)})",
                             expected=f"a paragraph between 1 and {max(numbers)}", found=m.text)


def _section_refs(pack, rule, mentions, threshold):
    for m in mentions:
        if m.kind != "section":
            continue
        number, word = m.target.split(":", 1)
        target = _document_named(pack, m.doc, word)
        if target is None:
            continue
        headings = numbered_headings(target, 0)
        if len(headings) < 3:
            continue
        by_number = {n: t for n, t, _ in headings}
        if number not in by_number:
            yield finding_at(rule, m.doc, m.block, m.start, m.end,
                             f"'{m.text}': the {word} has no section {number} (its sections are "
                             f"{', '.join(sorted(by_number, key=int))})",
                             expected=f"a section of the {word}", found=m.text)
            continue
        named = _tail(m.context, 10)
        best = max(headings, key=lambda h: fuzz.token_set_ratio(named.lower(), h[1].lower()))
        if best[0] != number and fuzz.token_set_ratio(named.lower(), best[1].lower()) >= 90 \
                and fuzz.token_set_ratio(named.lower(), by_number[number].lower()) < 50:
            yield finding_at(rule, m.doc, m.block, m.start, m.end,
                             f"'{named} {m.text}': section {number} of the {word} is "
                             f"'{by_number[number]}'; '{best[1]}' is section {best[0]}",
                             expected=f"Section {best[0]}", found=f"Section {number}")


def _document_named(pack, doc, word: str):
    """The document 'the Strategy' / 'the Plan' means: one of this report's family whose title has the word."""
    report = _report_of(pack, doc) or doc
    family = [d for d in pack.documents if d is report or d.parent == report.title]
    hits = [d for d in family if word.lower() in d.title.lower() and d is not doc]
    return hits[0] if len(hits) == 1 else None


# ---------------------------------------------------------------- contents lists

def _contents(pack, rule, threshold):
    for doc in pack.documents:
        entries, after = contents_entries(doc)
        if not entries:
            continue
        headings = numbered_headings(doc, after)
        if len(headings) < len(entries) // 2:
            continue
        by_number = {n: (t, b) for n, t, b in headings}
        for number, title, block in entries:
            actual = by_number.get(number)
            if actual and fuzz.token_set_ratio(title.lower(), actual[0].lower()) >= threshold:
                continue
            elsewhere = [(n, t, b) for n, t, b in headings if fuzz.token_set_ratio(title.lower(), t.lower()) >= 90]
            if actual is None and not elsewhere and _titled_block(doc, after, title, threshold):
                continue  # the section is there, its number lost (a word processor's numbering, a misread)
            if actual is None and not elsewhere:
                message = f"The contents list '{number}. {title}', but there is no such section"
                expected, found = f"a section {number}", "none"
            elif elsewhere:
                n, t, b = elsewhere[0]
                message = f"The contents list '{title}' as section {number}, but it is section {n} ('{n}. {t}')"
                expected, found = f"{n}. {title}", f"{number}. {title}"
            else:
                message = (f"The contents list section {number} as '{title}', but section {number} is "
                           f"'{actual[0]}'")
                expected, found = f"{number}. {actual[0]}", f"{number}. {title}"
            f = finding_at(rule, doc, block, 0, len(block.text), message, expected=expected, found=found)
            target = elsewhere[0][2] if elsewhere else (actual[1] if actual else None)
            if target is not None:
                f.related.append(Related(doc.title, target.location, target.text[:200]))
            yield f


def _titled_block(doc, after: int, title: str, threshold: int) -> bool:
    """A short block after the contents list that carries the entry's title (with or without its number)."""
    wanted = title.lower()
    for block in doc.blocks[after:]:
        text = (block.text or "").strip()
        if block.table is None and 0 < len(text) <= 2 * len(title) + 10 and \
                fuzz.token_set_ratio(wanted, re.sub(r"^\s*\d{1,2}[.)]?\s*", "", text).lower()) >= max(threshold, 90):
            return True
    return False


# ---------------------------------------------------------------- agenda and minutes

def _agenda_items(pack, rule, threshold):
    agenda = next((d for d in pack.documents if d.kind == "agenda"), None)
    reports = [d for d in pack.documents if d.kind == "report"]
    if agenda is None or not reports:
        return
    items = _agenda_texts(agenda)
    if len(items) < 3:
        return
    for report in reports:
        if report.item:
            continue  # placed at the agenda's own listing of it, by its item code
        if not any(_same_subject(report.title, text, threshold) for text in items):
            yield finding_on(rule, report, report.start, report.title,
                             f"The report '{report.title}' is not an item on the agenda",
                             expected="an agenda item for each report in the pack", found="no matching agenda item")


def _same_subject(title: str, text: str, threshold: int) -> bool:
    """A report's title against an agenda item's text, a word written closed up in one and open or
    hyphenated in the other ('Centreline Policy' / 'Centre Line Policy', 'Work-place') counting as one."""
    a, b = _words_only(title).split(), _words_only(text).split()
    a, b = _closed_up(a, set(b)), _closed_up(b, set(a))
    return fuzz.token_set_ratio(" ".join(a), " ".join(b)) >= threshold


def _closed_up(words: list[str], other: set[str]) -> list[str]:
    """Two neighbouring words joined where the other text writes them as one word."""
    out: list[str] = []
    i = 0
    while i < len(words):
        if i + 1 < len(words) and words[i] + words[i + 1] in other:
            out.append(words[i] + words[i + 1])
            i += 2
        else:
            out.append(words[i])
            i += 1
    return out


def _words_only(text: str) -> str:
    return " ".join(w for w in text.lower().replace("–", " ").replace("-", " ").split() if w.isalpha())


def _agenda_texts(agenda) -> list[str]:
    texts = []
    for block in agenda.blocks:
        if block.table is not None:
            texts.extend(" ".join(c.text for c in row) for row in block.table.rows)
        elif block.text:
            texts.append(block.text)
    return texts


def _minutes_marks(rule, mentions):
    by_doc: dict[str, list] = {}
    for m in mentions:
        if m.kind == "agenda-mark" and m.doc.kind == "minutes":
            minute = _minute_number(m)
            if minute is not None:
                by_doc.setdefault(m.doc.title, []).append((minute, int(m.target), m))
    for marks in by_doc.values():
        if len(marks) < 3:
            continue
        offsets = Counter(minute - item for minute, item, _ in marks)
        usual, count = offsets.most_common(1)[0]
        if count < len(marks) - 1 or count < 2:
            continue
        items = {item for _, item, _ in marks}
        for minute, item, m in marks:
            expected = minute - usual
            if expected < 1 or expected in items - {item}:
                continue  # no such item, or another minute's: the minute number was misread, not the item
            if minute - item != usual:
                yield finding_at(rule, m.doc, m.block, m.start, m.end,
                                 f"Minute {minute} says the report was '{m.text.split(None, 1)[1]}', but the other "
                                 f"minutes put that meeting's item {minute - usual} at minute {minute}",
                                 expected=f"Agenda Item {minute - usual}", found=f"Agenda Item {item}")


def _minute_number(mention) -> int | None:
    doc, block = mention.doc, mention.block
    index = doc.blocks.index(block)
    for b in reversed(doc.blocks[: index + 1]):
        if b.number and b.number.isdigit() and int(b.number) > 9:
            return int(b.number)
    return None
