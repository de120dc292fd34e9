"""Cross-references written in the text: 'Appendix C', 'see paragraph 9', 'Section 5 of the Strategy',
a contents list, and the minutes' "marked 'Agenda Item 12'"."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from auditor.model import Block, Document, Pack
from auditor.structure.pages import APPENDIX_TITLE_LINE_RE

APPENDIX_REF_RE = re.compile(r"\bAppendi(?:x|ces)\s+([A-Z])\b(?!\s*[–—-]\s*[A-Z][a-z])(?:\s*(?:,|and|&)\s*([A-Z])\b)?")
# 'paragraph 9' of this document; not 'paragraph 7.1' (a numbering this reader does not hold: another
# document's, as in 'Section 7, paragraphs 7.1 to 7.8 to the report'), nor one 'to/of the Cabinet report'
PARAGRAPH_REF_RE = re.compile(
    r"\b(?:paragraphs?|paras?\.?)\s+(\d{1,3})(?!\.\d)(?:\s*(?:-|–|to|and)\s*(\d{1,3})(?!\.\d))?\b"
    r"(?!\s*(?:of|to)\s+(?:the\s+)?(?:[A-Z]|appendix|annex|report to|schedule|regulations?|act))"
    r"(?!\s*to\s+the\s+(?:[\w-]+\s+){0,2}report\b)", re.I)
SECTION_REF_RE = re.compile(r"\bSection\s+(\d{1,2})\s+of\s+the\s+([A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)?)")
AGENDA_MARK_RE = re.compile(r"marked\s+['‘\"“]Agenda Item\s+(\d{1,3})['’\"”]", re.I)
NUMBERED_TITLE_RE = re.compile(r"^\s*(\d{1,2})[.)]?\s+(\S.*)$")
CONTENTS_RE = re.compile(r"^\s*(?:table of\s+)?contents\s*$", re.I)
HEADING_LINE_MAX = 160


@dataclass
class Mention:
    kind: str  # appendix | paragraph | section | agenda-mark
    target: str  # letter, number, or "N:Doc word"
    doc: Document
    block: Block
    start: int
    end: int
    text: str
    context: str  # the words before the mention in its sentence
    end_target: Optional[str] = None


def _sentence_before(text: str, start: int) -> str:
    cut = max(text.rfind(". ", 0, start), text.rfind("; ", 0, start), text.rfind(":", 0, start))
    return text[cut + 1:start]


def find_mentions(pack: Pack) -> list[Mention]:
    mentions: list[Mention] = []
    for doc, block in pack.iter_blocks():
        if block.table is not None:
            continue
        text = block.text
        for m in APPENDIX_REF_RE.finditer(text):
            if is_appendix_heading(block, m.start(), m.end()):
                continue
            for letter in filter(None, (m.group(1), m.group(2))):
                mentions.append(Mention("appendix", letter, doc, block, m.start(), m.end(), m.group(0),
                                        _sentence_before(text, m.start())))
        for m in PARAGRAPH_REF_RE.finditer(text):
            mentions.append(Mention("paragraph", m.group(1), doc, block, m.start(), m.end(), m.group(0),
                                    _sentence_before(text, m.start()), end_target=m.group(2)))
        for m in SECTION_REF_RE.finditer(text):
            mentions.append(Mention("section", f"{m.group(1)}:{m.group(2)}", doc, block, m.start(), m.end(),
                                    m.group(0), _sentence_before(text, m.start())))
        for m in AGENDA_MARK_RE.finditer(text):
            mentions.append(Mention("agenda-mark", m.group(1), doc, block, m.start(), m.end(), m.group(0), ""))
    return mentions


def is_appendix_heading(block: Block, start: int, end: int) -> bool:
    """'Appendix C: WPL Route Map' opening its own line (a heading, or a contents entry with its page):
    the appendix's title, not a reference to it."""
    line, line_start = _line_at(block, start)
    m = APPENDIX_TITLE_LINE_RE.match(line)
    return bool(m) and len(line) <= HEADING_LINE_MAX and start <= line_start + m.start(1) < end


def _line_at(block: Block, pos: int) -> tuple[str, int]:
    """The source line of a block holding character `pos`, and where it starts in the block's text."""
    starts = [offset for offset, _ in block.anchors if offset <= pos] or [0]
    begin = starts[-1]
    later = [offset for offset, _ in block.anchors if offset > pos]
    end = later[0] - 1 if later else len(block.text)
    return block.text[begin:end], begin


def table_appendix_mentions(pack: Pack) -> list[tuple[Document, Block, object, str, str]]:
    """(doc, block, cell, letter, cell text) for 'Appendix X' written inside table cells."""
    out = []
    for doc, block in pack.iter_blocks():
        if block.table is None:
            continue
        for row in block.table.rows:
            for cell in row:
                for m in APPENDIX_REF_RE.finditer(cell.text or ""):
                    out.append((doc, block, cell, m.group(1), cell.text[:m.start()]))
    return out


def contents_entries(doc: Document) -> tuple[list[tuple[str, str, Block]], int]:
    """The numbered entries of a contents list ('4', 'Our Local Area SEND Development Plan', block) and
    the index of the block after the list."""
    for i, block in enumerate(doc.blocks):
        if block.kind == "heading" or block.bold:
            if CONTENTS_RE.match(block.text):
                entries = []
                j = i + 1
                while j < len(doc.blocks):
                    b = doc.blocks[j]
                    number, title = _numbered(b)
                    if number is None or len(title) > 150 or b.kind == "heading":
                        break
                    entries.append((number, title, b))
                    j += 1
                if len(entries) >= 3:
                    return entries, j
    return [], 0


def _numbered(block: Block) -> tuple[Optional[str], str]:
    if block.number and block.number.isdigit():
        return block.number, block.text.strip()
    m = NUMBERED_TITLE_RE.match(block.text or "")
    if m and block.kind in ("heading", "paragraph", "list_item") and len(block.text) < 150:
        return m.group(1), m.group(2).strip()
    return None, ""


def numbered_headings(doc: Document, start: int) -> list[tuple[str, str, Block]]:
    """Headings 'N. Title' from block `start` on (the first of each number)."""
    seen: dict[str, tuple[str, str, Block]] = {}
    for block in doc.blocks[start:]:
        if block.table is not None:
            continue
        m = NUMBERED_TITLE_RE.match(block.text or "")
        if block.kind == "heading" and m:
            seen.setdefault(m.group(1), (m.group(1), m.group(2).strip(), block))
        elif block.kind == "heading" and block.number and block.number.isdigit():
            seen.setdefault(block.number, (block.number, block.text.strip(), block))
    return list(seen.values())
