"""A board pack's papers, placed by the agenda's list of them.

NHS trust and combined-authority board packs list each paper under its agenda item with a code
("Item 4ai Draft Public Board Minutes 5 June 2025", "Item 7iii Appendix ..."), and the papers follow
in that order. A paper opens with a cover sheet that gives its code ("Agenda item: 2025-26 (4ai)"),
or on the page after the previous paper's last page ("Page 12 of 12"), or under a heading that
repeats its listed title. The list is the strongest cue: each listed paper is placed at the opening
that best fits it, in the list's order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from auditor.model import Block, Document
from auditor.structure.pages import FURNITURE_RE, block_lines, clip_title

CODE = r"\d{1,2}[a-z]{0,5}"
PAPER_LINE_RE = re.compile(r"^\s*Item\s+(?P<code>" + CODE + r")\b\s*[-–—:.]?\s*(?P<title>\S.*)$")
ITEM_NUMBER_RE = re.compile(r"^\s*(?P<n>\d{1,2})\s*[.)]?\s*$")
ITEM_LINE_RE = re.compile(r"^\s*(?P<n>\d{1,2})[.)]\s+(?P<title>\D.*)$")  # "1. Minutes of the meeting held on ..."
SUB_ITEM_RE = re.compile(r"^\s*\d{1,2}\s*\.?\s*[a-z]{1,4}\b[.)]?(?:\s|$)")  # "4.a Minutes ...", "4b"
TIMED_LINE_RE = re.compile(r"^\s*\d{1,2}[:.]\d{2}\b")
PAGE_OF_RE = re.compile(r"\bPage\s+(?P<n>\d{1,4})\s+of\s+(?P<m>\d{1,4})\s*$")
COVER_RE = re.compile(r"\bagenda\s+item\s*:?\s*(?:(?:19|20)\d{2}\s*[-–/]\s*\d{2,4}\s*)?\(?\s*(?P<code>" + CODE + r")\s*\)?(?=\s|$)",
                      re.I)
COVER_LABEL_RE = re.compile(r"^\s*agenda(?:\s+item)?\s*:?\s*$", re.I)
TITLE_FIELD_RE = re.compile(r"^\s*(?:Title(?:\s+of\s+(?:the\s+)?(?:report|paper))?|Report\s+title|Subject)\s*:\s*(?P<value>.*)$",
                            re.I)
LABEL_LINE_RE = re.compile(r"^\s*[A-Z][\w ()/,'’-]{0,40}:\s*$")  # a form's next label ("Meeting:")
APPENDIX_RE = re.compile(r"^\s*(?:Appendix|Annex)\b", re.I)
MINUTES_WORD_RE = re.compile(r"\bminutes\b", re.I)
# words that say nothing about which paper a title names: a file's version, its cover, its status
TITLE_NOISE = {"item", "cover", "paper", "sheet", "draft", "final", "amended", "version", "the", "and", "for",
               "of", "to", "in", "on", "a", "an", "with", "including", "appendix", "annex", "board", "jan",
               "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "january",
               "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december"}
LISTING_GAP = 12  # blocks between two papers of one list (the item's own lines between them)
MIN_LISTED = 3  # fewer "Item <code>" lines is not a board pack's list of papers
HEAD_BLOCKS = 3  # blocks read as an opening's head
COVER_WINDOW = 5  # blocks of a cover sheet read for its item code
MIN_FIT = {"cover": 0.0, "last-page": 0.0, "page": 0.6, "heading": 0.75}  # title fit each opening needs
BONUS = {"cover": 0.5, "last-page": 1.0, "page": 0.0, "heading": 0.0}  # what an opening says by itself
SAME_CODE = 3.0  # a cover giving the listed paper's own code


@dataclass
class Listed:
    code: str
    title: str
    index: int  # the listing block


@dataclass
class Opening:
    index: int
    kind: str  # cover | last-page | page | heading
    head: str
    code: Optional[str] = None


# ---------------------------------------------------------------- the agenda's lists

def listed_papers(blocks: list[Block]) -> list[Listed]:
    """The papers an agenda lists by code ("Item 4ai Draft Public Board Minutes 5 June 2025"), each with its
    title (continued on the lines after it), in order; empty unless it is such a list."""
    found: list[Listed] = []
    for i, b in enumerate(blocks):
        if found and i - found[-1].index > LISTING_GAP:
            break  # the list has ended: a later "Item 4ai" (a bookmark list, a minute) is not in it
        m = PAPER_LINE_RE.match(b.text) if b.kind != "table" else None
        if m:
            found.append(Listed(m.group("code"), _tidy(m.group("title") + _continuation(blocks, i + 1)), i))
    numbers = [_number(p.code) for p in found]
    if len(found) < MIN_LISTED or numbers != sorted(numbers) or len({p.code for p in found}) != len(found):
        return []
    return found


def agenda_items(blocks: list[Block]) -> dict[str, tuple[str, Block]]:
    """Item number -> (the agenda's text for it, its block): a number on its own line and the title after it
    ("10" / "10:15 - Business Committee Chair's Assurance Reports: 29 May 2025, ..."), or "1. Title"."""
    items: dict[str, tuple[str, Block]] = {}
    for i, b in enumerate(blocks):
        if b.kind == "table":
            continue
        m = ITEM_NUMBER_RE.match(b.text)
        if m and i + 1 < len(blocks) and _is_item_text(blocks[i + 1]):
            items.setdefault(m.group("n"), (_tidy(blocks[i + 1].text + _continuation(blocks, i + 2)), blocks[i + 1]))
            continue
        m = ITEM_LINE_RE.match(b.text)
        if m:
            items.setdefault(m.group("n"), (_tidy(m.group("title") + _continuation(blocks, i + 1)), b))
    return items


def _is_item_text(block: Block) -> bool:
    return block.kind != "table" and bool(block.text.strip()) and not ITEM_NUMBER_RE.match(block.text) \
        and not PAPER_LINE_RE.match(block.text)


def _continuation(blocks: list[Block], start: int) -> str:
    """Lines that carry on a listed title: short plain lines, up to the next item, paper or sub-item."""
    parts = []
    for b in blocks[start:start + 3]:
        text = b.text.strip()
        if (b.kind == "table" or b.bold or not text or len(text) > 100 or ITEM_NUMBER_RE.match(text)
                or PAPER_LINE_RE.match(text) or SUB_ITEM_RE.match(text) or TIMED_LINE_RE.match(text)):
            break
        parts.append(text)
    return (" " + " ".join(parts)) if parts else ""


def _number(code: str) -> int:
    return int(re.match(r"\d+", code).group(0))


def _tidy(title: str) -> str:
    return " ".join(title.replace("_", " ").split())


# ---------------------------------------------------------------- where papers may open

def openings(blocks: list[Block], begin: int) -> list[Opening]:
    """Every place after `begin` where a paper may open: a cover sheet, the page after a last page, any
    page, a heading."""
    found: dict[int, Opening] = {}
    page_first = _page_firsts(blocks, begin)
    for i in range(begin, len(blocks)):
        b = blocks[i]
        if b.kind == "table":
            continue
        code = _cover_code(blocks, i)
        if code is not None:
            start = next((p for p in range(max(begin, i - 2), i) if p in page_first), i)
            found[start] = Opening(start, "cover", _head(blocks, start), code)
    for p, last in page_first.items():
        if p not in found and p < len(blocks):
            found[p] = Opening(p, "last-page" if last else "page", _head(blocks, p))
    for i in range(begin, len(blocks)):
        if i not in found and _is_heading(blocks[i]):
            found[i] = Opening(i, "heading", _head(blocks, i))
    return [found[i] for i in sorted(found)]


def _page_firsts(blocks: list[Block], begin: int) -> dict[int, bool]:
    """First block of each page ending with a "Page N of M" footer -> whether the page before was a last page."""
    out: dict[int, bool] = {}
    for i in range(begin, len(blocks) - 1):
        if blocks[i].kind == "table":
            continue
        m = PAGE_OF_RE.search(block_lines(blocks[i])[-1][0])
        if m:
            nxt = next((k for k in range(i + 1, len(blocks)) if blocks[k].kind != "separator"), None)
            if nxt is not None:
                out[nxt] = int(m.group("n")) >= int(m.group("m"))
    return out


def _cover_code(blocks: list[Block], i: int) -> Optional[str]:
    """The item code a cover sheet starting at block i gives ("Agenda item: 2025-26 (4ai)")."""
    first = blocks[i].text.strip()
    if not (COVER_LABEL_RE.match(first) or re.match(r"^\s*agenda\s+item\b", first, re.I)):
        return None
    joined = " ".join(b.text for b in blocks[i:i + COVER_WINDOW] if b.kind != "table")
    m = COVER_RE.match(joined.strip()) or COVER_RE.search(joined[:80])
    return m.group("code") if m else None


def _is_heading(block: Block) -> bool:
    text = block.text.strip()
    return ((block.kind == "heading" or block.bold) and 6 < len(text) < 150 and not FURNITURE_RE.match(text)
            and len(_words(text)) >= 2)


def _head(blocks: list[Block], start: int) -> str:
    lines = []
    for b in blocks[start:start + 8]:
        if b.kind == "table" or FURNITURE_RE.match(b.text):
            continue
        lines.append(b.text.strip())
        if len(lines) >= HEAD_BLOCKS:
            break
    return " ".join(lines)[:250]


# ---------------------------------------------------------------- placing the listed papers

def title_fit(title: str, head: str) -> float:
    """The share of a listed title's telling words that the opening's head has ("LCH Winter Plan" /
    "Leeds Community Healthcare NHS Trust Winter Plan 2025/2026": 2 of 3)."""
    return _fit(_words(title), _Head(head))


class _Head:
    """An opening's head words, indexed for matching a word or its longer/shorter form ("plan"/"planning")."""

    def __init__(self, text: str):
        self.words = set(_words(text))
        self.by_stem: dict[str, list[str]] = {}
        for w in self.words:
            if len(w) >= 4:
                self.by_stem.setdefault(w[:4], []).append(w)

    def has(self, word: str) -> bool:
        if word in self.words:
            return True
        return len(word) >= 4 and any(w.startswith(word) or word.startswith(w) for w in self.by_stem.get(word[:4], ()))


def _fit(wanted: list[str], head: _Head) -> float:
    if len(wanted) < 2:
        return 0.0
    return sum(1 for w in wanted if head.has(w)) / len(wanted)


def _words(text: str) -> list[str]:
    words = re.findall(r"[a-z]+", text.lower().replace("’", "").replace("'", ""))
    return [w for w in dict.fromkeys(words) if w not in TITLE_NOISE and len(w) > 1]


def _score(paper: Listed, wanted: list[str], opening: Opening, have: _Head) -> Optional[float]:
    if opening.kind == "cover" and opening.code == paper.code:
        return SAME_CODE
    fit = _fit(wanted, have)
    if fit < MIN_FIT[opening.kind] or (opening.kind == "cover" and fit == 0):
        return None
    return fit + BONUS[opening.kind]


def place(papers: list[Listed], found: list[Opening]) -> dict[int, Opening]:
    """Listed paper (by position) -> its opening: the assignment in list order with the best total fit."""
    n, m = len(papers), len(found)
    heads = [_Head(o.head) for o in found]
    scores = []
    for paper in papers:
        wanted = _words(paper.title)
        scores.append([_score(paper, wanted, o, h) for o, h in zip(found, heads)])
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            score = scores[i][j]
            take = score + best[i + 1][j + 1] if score is not None else float("-inf")
            best[i][j] = max(best[i][j + 1], best[i + 1][j], take)
    placed: dict[int, Opening] = {}
    i = j = 0
    while i < n and j < m:
        score = scores[i][j]
        if score is not None and best[i][j] == score + best[i + 1][j + 1]:
            placed[i] = found[j]
            i, j = i + 1, j + 1
        elif best[i][j] == best[i][j + 1]:
            j += 1
        else:
            i += 1
    return placed


# ---------------------------------------------------------------- the papers as documents

def board_pack_starts(blocks: list[Block]) -> list[tuple[int, Document]]:
    """(start, document) of each paper of a board pack whose agenda lists its papers by code; empty for
    any other pack."""
    papers = listed_papers(blocks)
    if not papers:
        return []
    found = openings(blocks, papers[-1].index + 1)
    placed = place(papers, found)
    starts: list[tuple[int, Document]] = []
    for k, paper in enumerate(papers):
        if k in placed:
            starts.append((placed[k].index, _paper(blocks, placed[k], paper)))
    taken = {s for s, _ in starts}
    for opening in found:  # a cover or a fresh paper after a last page that the list does not name
        if opening.index not in taken and opening.kind in ("cover", "last-page"):
            starts.append((opening.index, _paper(blocks, opening, None)))
    starts.sort(key=lambda x: x[0])
    _set_parents([d for _, d in starts])
    return starts


def _paper(blocks: list[Block], opening: Opening, paper: Optional[Listed]) -> Document:
    cover_title = _title_field(blocks, opening.index)
    listed = paper.title if paper else ""
    first = _first_line(blocks, opening.index)
    title = cover_title or listed or first
    if MINUTES_WORD_RE.search(cover_title or listed):
        kind = "minutes"
    elif APPENDIX_RE.match(first) or APPENDIX_RE.match(listed):
        kind = "appendix"
    else:
        kind = "report"
    return Document(clip_title(title, 160), kind, blocks[opening.index].location, item=paper.code if paper else opening.code)


def _first_line(blocks: list[Block], start: int) -> str:
    return next((b.text.strip() for b in blocks[start:start + 8]
                 if b.kind != "table" and b.text.strip() and not FURNITURE_RE.match(b.text)), "")


def _title_field(blocks: list[Block], start: int) -> str:
    """A cover sheet's "Title of report:" value, read on across the lines under the label."""
    window = [b for b in blocks[start:start + 12] if b.kind != "table"]
    for k, b in enumerate(window):
        m = TITLE_FIELD_RE.match(b.text)
        if not m:
            continue
        value = m.group("value").strip()
        for nxt in window[k + 1:k + 4]:
            if nxt.bold or LABEL_LINE_RE.match(nxt.text) or not nxt.text.strip():
                break
            value = value + ("" if value.endswith("-") else " ") + nxt.text.strip()
        return _tidy(value)
    return ""


def field_value(blocks: list[Block], label: re.Pattern, window: int = 16) -> Optional[tuple[str, Block]]:
    """The value of a form's field ("Name of Committee:") among a document's first blocks, on the label's
    line or, the label printed alone, on the line under it; with the block it is in."""
    lines = [(text, b) for b in blocks[:window] if b.kind != "table" for text, _ in block_lines(b)]
    for k, (text, b) in enumerate(lines):
        m = label.match(text)
        if not m:
            continue
        value = text[m.end():].strip(" :")
        if value:
            return value, b
        if k + 1 < len(lines) and lines[k + 1][0].strip():
            return lines[k + 1][0].strip(), lines[k + 1][1]
    return None


def _set_parents(documents: list[Document]) -> None:
    """An appended paper belongs to the paper before it under the same agenda item; with none, it stands
    as a report of its own."""
    for k, doc in enumerate(documents):
        if doc.kind != "appendix":
            continue
        owner = next((d for d in reversed(documents[:k]) if d.kind != "appendix" and d.item and doc.item
                      and _number(d.item) == _number(doc.item)), None)
        if owner is None:
            doc.kind = "report"
        else:
            doc.parent = owner.title
