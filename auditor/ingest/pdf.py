"""PDF into blocks: paragraphs rebuilt from lines, headings and bold from fonts, ruled tables,
and tables without ruling lines found from aligned columns of figures (confidence 'aligned').

Every block carries Location(page=N, bbox=(x0, top, x1, bottom)) in pdfplumber coordinates.
Page furniture (running headers/footers, page numbers) is dropped. A PDF that PDFium cannot
open is read again with pypdf's lenient parser (text only) and the pack says so in a warning.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Collection, Optional

from auditor.errors import InputError
from auditor.ingest.markdown import BLANK_PAGE_RE, LETTERED_RE, NUMBERED_RE, SENTENCE_END
from auditor.ingest.aligned import body_like
from auditor.ingest.pdf_aligned import (LINE_GAP, ROW_GAP, AlignedPageTable, find_aligned_tables, mend_broken_numbers,
                                        mend_numbers_over_page_breaks)
from auditor.ingest.pdf_pages import (PageContent, Word, read_page, read_pages_parallel, round_bbox, same_colour,
                                     word_lines)
from auditor.ingest.pdf_tables import PageTable, find_tables
from auditor.model import Block, Cell, Location, RawPack, Table
from auditor.numbers import parse_figure

BULLET_CHARS = "•▪◦●○■□➢►‣⁃-–*"
# bullets typed as characters; \uf0b7, \uf0a7, \uf0d8: Symbol and Wingdings bullets a word processor prints
# in the private-use area
BULLET_WORD_RE = re.compile("^[•▪◦●○■□➢►‣⁃\uf0b7\uf0a7\uf0d8]$")
PAGE_NUMBER_RE = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\.?$", re.I)
PERIOD_WORD_RE = re.compile(r"^(?:19|20)\d\d(?:[/–-]\d\d(?:\d\d)?)?$")  # '2025/26', '2025', '2025-2026'
RULE_LINE_RE = re.compile(r"^[-–—_=\s]+$")  # a line drawn in dashes ('– ——— ———')
FURNITURE_BAND = 0.1  # top/bottom share of the page where running headers and footers sit
RUN_GAP = 0.75  # x font size: a wider gap between two words of a line parts two runs of text


class Line:
    """Words on one text line, left to right, with their joint box, size and boldness."""

    def __init__(self, words: list[Word], page: int):
        self.words, self.page = words, page
        self.bullet = False  # a drawn bullet sits just left of the line
        self.turned = False  # text turned on the page (a margin stamp, a sideways page)
        self.text = " ".join(w.text for w in words)
        self.x0 = words[0].x0
        self.x1 = max(w.x1 for w in words)
        self.top = min(w.top for w in words)
        self.bottom = max(w.bottom for w in words)
        self.size = _line_size(words)
        self.bold = all(w.bold for w in words)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)


def _line_size(words: list[Word]) -> float:
    """The size most of a line's characters are set in: one word's glyph box taller than the rest
    (a word set apart in the file, measured by its letters' boxes) does not make a body line a heading."""
    sizes = sorted((w.size, len(w.text)) for w in words)
    half, seen = sum(n for _, n in sizes) / 2, 0
    for size, n in sizes:
        seen += n
        if seen >= half:
            return size
    return sizes[-1][0]


@dataclass
class Style:
    """Document-wide measures the paragraph rules compare against."""

    body_size: float
    heading_sizes: list[float]
    line_gap: float  # the usual gap between two lines of one paragraph
    left: float  # the usual left margin of body text


@dataclass
class _Chunk:
    lines: list[Line] = field(default_factory=list)


# ---------------------------------------------------------------- entry point

def ingest_pdf(path: str, display_name: Optional[str] = None, on_page=None) -> RawPack:
    """on_page(pages read, pages in all), if given, is called as the pages are read (for a progress bar)."""
    source = display_name or path
    doc, warnings = _open(path), []
    if doc is None:
        doc = _open_rebuilt(path)
        if doc is None:
            from auditor.ingest.pdf_repair import ingest_damaged_pdf

            return ingest_damaged_pdf(path, source)
        warnings.append("the PDF is damaged (truncated or a broken cross-reference table): "
                        "read it after rebuilding the cross-reference table; pages may be missing")
    try:
        pages, page_warnings = _read_pages(doc, path, rebuilt=bool(warnings), on_page=on_page)
        warnings += page_warnings
        n_pages = len(doc)
    finally:
        doc.close()
    if n_pages and not pages:
        raise InputError(f"{path}: could not read any page of the PDF (damaged page content)")
    garbled = [p.number for p in pages if p.garbled]
    if garbled:
        warnings.append(f"the text of {_page_list(garbled)} cannot be decoded (font maps missing or "
                        "damaged): not checked")
    empty = [p.number for p in pages if not p.words and not p.turned and not p.garbled]
    if pages and len(garbled) == len(pages):
        raise InputError(f"{path}: the text of the PDF cannot be decoded (damaged or truncated file, "
                         "font maps missing); get an undamaged copy")
    if pages and len(empty) + len(garbled) == len(pages) and empty:
        raise InputError(f"{path}: no text layer on {_page_list(empty)}: the PDF is scanned images; "
                         "run OCR on it first (e.g. ocrmypdf) and check the OCR text")
    if empty:
        warnings.append(f"no text on {_page_list(empty)} (scanned or image-only pages?): "
                        "not checked; run OCR on them to include them")
    blocks = blocks_from_pages(pages, source)
    cut = _pages_with_cut_tables(blocks, pages)  # and marks those tables cut off
    if cut:
        warnings.append(f"a table on {_page_list(cut)} runs past the page's right edge: any columns "
                        "beyond it are cut off (the document was printed wider than the page)")
    return RawPack(source=source, format="pdf", blocks=blocks, warnings=warnings, pages=n_pages)


def _pages_with_cut_tables(blocks: list[Block], pages: list[PageContent]) -> list[int]:
    """Pages where a table's words run past the right edge of the page; each such table is marked `cut_off`."""
    cut_words = {p.number: [w for w in p.words if w.x1 > p.width + 1] for p in pages}
    cut = [b for b in blocks if b.table is not None and b.location.bbox
           and any(b.location.bbox[1] <= w.yc <= b.location.bbox[3] for w in cut_words.get(b.location.page, []))]
    for b in cut:
        b.table.cut_off = True
    return sorted({b.location.page for b in cut})


def _open(path: str):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == 4:  # FPDF_ERR_PASSWORD
            raise InputError(f"{path}: the PDF is encrypted (password protected); "
                             "save an unprotected copy and check that") from None
        return None


def _open_rebuilt(path: str):
    import pypdfium2 as pdfium

    from auditor.ingest.pdf_repair import rebuild_xref

    with open(path, "rb") as fh:
        data = rebuild_xref(fh.read())
    if data is None:
        return None
    try:
        doc = pdfium.PdfDocument(data)
        return doc if len(doc) else None
    except pdfium.PdfiumError:
        return None


def _read_pages(doc, path: str, rebuilt: bool = False, on_page=None) -> tuple[list[PageContent], list[str]]:
    n_pages = len(doc)
    read = None if rebuilt else read_pages_parallel(path, n_pages, on_page)
    if read is None:
        read = []
        for i in range(n_pages):
            read.append(_read_one(doc, i))
            if on_page:
                on_page(i + 1, n_pages)
    failed = [i + 1 for i, page in enumerate(read) if page is None]
    warnings = [f"could not read {_page_list(failed)} (damaged page content): skipped"] if failed else []
    return [p for p in read if p is not None], warnings


def _read_one(doc, index: int) -> Optional[PageContent]:
    try:
        return read_page(doc, index)
    except Exception:  # one damaged page must not sink the pack
        return None


def _page_list(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"page {numbers[0]}"
    runs, start = [], numbers[0]
    for prev, cur in zip(numbers, numbers[1:] + [None]):
        if cur != prev + 1 if cur is not None else True:
            runs.append(str(start) if start == prev else f"{start}-{prev}")
            start = cur
    return "pages " + ", ".join(runs)


# ---------------------------------------------------------------- pages -> blocks

def blocks_from_pages(pages: list[PageContent], source: str) -> list[Block]:
    mend_numbers_over_page_breaks(pages)
    _add_links_without_target(pages)
    laid_out = []
    for page in pages:
        tables = find_tables(page, source)
        # a ruled box round whole stacks of figures: its rows are read again from their alignment
        ruled = [t for t in tables if not t.stacked]
        free = [w for w in page.words if not any(t.holds(w) for t in ruled)]
        lines = sorted(group_lines(mend_broken_numbers(free), page) + _turned(page), key=lambda ln: ln.top)
        laid_out.append((page, tables, lines))
    furniture = find_furniture([(p, lines) for p, _, lines in laid_out])
    style = measure_style([ln for _, _, lines in laid_out for ln in lines])
    read: list[list] = []
    heads_before: set[tuple[str, int]] = set()  # running heads of the page before
    for page, tables, lines in laid_out:
        lines = [ln for ln in lines if _furniture_key(ln, page) not in furniture]
        keyed = [(ln, _running_head_key(ln, page)) for ln in lines]
        lines = [ln for ln, key in keyed if key is None or key not in heads_before]
        heads_before = {key for _, key in keyed if key is not None}
        read.append([page, *_with_aligned_tables(page, tables, lines, source)])
    for before, after in zip(read, read[1:]):
        if after[0].number == before[0].number + 1:
            _carry_over_page_break(before, after, source)
            _carry_on_under_repeated_heading(before, after, source)
            _row_tail_under_repeated_heading(before, after)
    blocks: list[Block] = []
    for page, tables, lines in read:
        blocks.extend(_page_blocks(page, tables, lines, style, source))
    _mend_rows_cut_by_page_breaks(blocks)
    return _merge_across_pages(blocks)


def _with_aligned_tables(page: PageContent, tables: list[PageTable], lines: list[Line], source: str):
    """(tables, lines left) once tables aligned without ruling lines are found among the lines.

    A ruled box round stacks of figures whose rows the alignment could not read stays as it was
    (a doubtful grid), its lines taken back out of the text.
    """
    aligned, lines = find_aligned_tables(lines, page.number, source)
    headers = []
    for table in aligned:
        header, taken = _period_header_above(table, lines)
        if header is not None:
            headers.append(header)
            lines = [ln for ln in lines if all(ln is not t for t in taken)]
    aligned = sorted(aligned + headers, key=lambda t: t.bbox[1])
    if not aligned and not any(t.stacked for t in tables):
        return tables, lines
    kept = [t for t in tables if not t.stacked]
    for box in (t for t in tables if t.stacked):
        if any(_overlap(box.bbox, a.bbox) for a in aligned):
            continue
        kept.append(box)
        lines = [ln for ln in lines if not all(box.holds(w) for w in ln.words)]
    return sorted(kept + aligned, key=lambda t: t.bbox[1]), lines


class PeriodHeader:
    """A row of period labels set apart above a table without ruling lines ('2025/26 2026/27 ...'
    over a table whose own headings give only the unit, '£,000'): a word processor's header
    printed as a table of its own, at its own widths. It stands as a header-only table over the
    table's figure columns, in order, as a ruled header split from its body does."""

    def __init__(self, line: Line, table: AlignedPageTable, source: str):
        self.line, self.table, self.source = line, table, source

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.line.bbox

    def to_block(self) -> Block:
        loc = Location(self.source, page=self.line.page, bbox=round_bbox(self.line.bbox))
        labels = iter(w.text for w in self.line.words)
        row = [Cell(next(labels) if kind == "value" else "", loc) for kind, _ in self.table.grid.slots()]
        table = Table(rows=[row], location=loc, header_rows=1, confidence="aligned", parts=[loc])
        return Block("table", "", loc, table=table)


def _period_header_above(table: AlignedPageTable, lines: list[Line]) -> tuple[Optional[PeriodHeader], list[Line]]:
    """(the row of period labels just above the table, the lines it takes), when the table's own
    headings name no period: one label per figure column, only lines of dashes between."""
    grid = table.grid
    if any(PERIOD_WORD_RE.match(w) for ln in grid.lines[:grid.header_lines] for s in ln.segs for w in s.text.split()):
        return None, []
    above = sorted((ln for ln in lines if ln.bottom <= table.bbox[1]), key=lambda ln: ln.top)
    top, taken = table.bbox[1], []
    for line in reversed(above):
        if top - line.bottom > ROW_GAP * line.size:
            break
        taken.append(line)
        if RULE_LINE_RE.match(line.text):
            top = line.top
            continue
        words = line.words
        if len(words) == len(grid.columns) >= 2 and not line.turned and all(PERIOD_WORD_RE.match(w.text) for w in words) \
                and all(b.x0 - a.x1 > RUN_GAP * max(a.size, b.size) for a, b in zip(words, words[1:])):
            return PeriodHeader(line, table, table.source), taken
        break
    return None, []


def _carry_over_page_break(before: list, after: list, source: str) -> None:
    """A table without ruling lines that a page break cut where one part has too few rows to
    stand alone (one or two rows, under the headings repeated on the next page): the short part
    is read in the columns of the other. Each list is [page, tables, lines left], updated here."""
    last = before[1][-1] if before[1] else None
    first = after[1][0] if after[1] else None
    if isinstance(last, AlignedPageTable) and not any(ln.top > last.bbox[3] for ln in before[2]):
        top = [ln for ln in after[2] if first is None or ln.bottom <= first.bbox[1]]
        _read_part(after, top, last.grid, source, at_top=True, heading=_heading_texts(last, _page_lines(before, last)))
    if isinstance(first, AlignedPageTable):
        # above the table on the next page, only its headings repeated from the part on this page
        # (a word processor repeats a table's heading rows at the top of each page it runs on to);
        # any other line there means the table there is not this part's
        above = [ln for ln in after[2] if ln.bottom < first.bbox[1]]
        bottom = [ln for ln in before[2] if last is None or ln.top >= last.bbox[3]]
        table = _find_part(before, bottom, first.grid, source, at_top=False)
        if table is not None and _repeats_headings(above, table, bottom):
            _take_part(before, table)
            after[2] = [ln for ln in after[2] if all(ln is not a for a in above)]


def _repeats_headings(above: list[Line], table: AlignedPageTable, lines: list[Line]) -> bool:
    """Each line is one of the part's own, or of the lines set close above it (its headings not
    taken as such): the table's heading repeated, not a title or running head of the page."""
    texts = _heading_texts(table, lines)
    return all(ln.text in texts for ln in above)


def _heading_texts(table: AlignedPageTable, lines: list[Line]) -> set[str]:
    """The texts of the table's lines and of the lines set close above it (lines: the page's)."""
    taken = {id(key) for line in table.grid.lines for key in line.keys}
    texts = {ln.text for ln in lines if id(ln) in taken} | {ln.text for ln in table.repeated_heading}
    top = table.bbox[1]
    for ln in sorted((ln for ln in lines if id(ln) not in taken and ln.top < top), key=lambda ln: -ln.top):
        if top - ln.bottom > ROW_GAP * ln.size:
            break
        texts.add(ln.text)
        top = ln.top
    return texts


def _carry_on_under_repeated_heading(before: list, after: list, source: str) -> None:
    """A table at the foot of one page carried on at the top of the next under its heading repeated,
    where the heading read there is only the lines a word processor sets over the table on each page
    (a dashboard's filter pane: 'Strategic Plan Outcome | Area | Search Indicator' over 'Area |
    Indicator | Latest Data'), not the table's own column headings: the part on the next page loses
    the repeated lines and is read in the columns of the part above, so that the two join as rows."""
    last = before[1][-1] if before[1] else None
    first = after[1][0] if after[1] else None
    if not (isinstance(last, AlignedPageTable) and isinstance(first, AlignedPageTable)) or not first.grid.header_lines \
            or not last.grid.header_lines:
        return  # (a part above with no headings of its own: the part below keeps the headings it has)
    if any(ln.top > last.bbox[3] for ln in before[2]) or any(ln.bottom < first.bbox[1] for ln in after[2]):
        return  # text after the part above, or before the part below: no table cut by the page break
    grid = first.grid
    heading = [key for ln in grid.lines[:grid.header_lines] for key in ln.keys]
    if not _repeats_headings(heading, last, _page_lines(before, last)):
        return
    own = [key.text for ln in last.grid.lines[:last.grid.header_lines] for key in ln.keys]
    if [key.text for key in heading] == own:
        return  # the table's own headings repeated: the parts join as they are
    body = body_like(grid, last.grid)
    if body is not None:
        after[1] = [AlignedPageTable(body, first.page, first.source, repeated_heading=tuple(heading))] + after[1][1:]


def _page_lines(part: list, table: AlignedPageTable) -> list[Line]:
    """The lines of the page: those left as text and the table's own."""
    return part[2] + [key for ln in table.grid.lines for key in ln.keys]


def _row_tail_under_repeated_heading(before: list, after: list) -> None:
    """The last row of a table at the foot of one page, its labels wrapped on to the next page under
    the table's heading repeated there, with no row of figures after them ('No. of first time entrants
    ... aged' | 34 | Q2 over the page break, '10-17 (year to date)' | '2024/25' under the repeated
    heading): the words rejoin the row, and the repeated heading goes with them."""
    last = before[1][-1] if before[1] else None
    if not isinstance(last, AlignedPageTable) or any(ln.top > last.bbox[3] for ln in before[2]):
        return
    first_top = after[1][0].bbox[1] if after[1] else float("inf")
    lines = sorted((ln for ln in after[2] if ln.bottom < first_top), key=lambda ln: ln.top)
    texts = _heading_texts(last, _page_lines(before, last))
    k = 0
    while k < len(lines) and lines[k].text in texts:
        k += 1
    if k == 0 or k == len(lines) or lines[k].top - lines[k - 1].bottom > ROW_GAP * lines[k].size:
        return
    tail = lines[k:k + 1]
    for ln in lines[k + 1:]:
        if ln.top - tail[-1].bottom > LINE_GAP * ln.size:
            break
        tail.append(ln)
    if last.carry_row_tail(tail):
        gone = {id(ln) for ln in lines[:k] + tail}
        after[2] = [ln for ln in after[2] if id(ln) not in gone]


def _read_part(part: list, lines: list[Line], like, source: str, at_top: bool, heading: Collection[str] = ()) -> bool:
    """The table's part among the lines at the top (or foot) of the page, if they make one there
    (True: it is read, its lines taken).

    At the top of a page, the lines over the part may be the table's heading repeated (heading: the
    texts of the part above and of its lines), dropped with it, and under them a note merged over the
    row cut off above ('54.2% increase between 2020 - 2024' under the figures of the page before),
    which is the part's first row."""
    found, rest = find_aligned_tables(lines, part[0].number, source, like=like)
    table = _part_at_break(found, rest, at_top)
    repeated: list[Line] = []
    if table is None and found and at_top and heading:
        table, repeated = _part_under_repeated_heading(found[0], rest, heading)
    if table is not None:
        _take_part(part, table)
        part[2] = [ln for ln in part[2] if all(ln is not r for r in repeated)]
    return table is not None


def _part_under_repeated_heading(table: AlignedPageTable, rest: list[Line],
                                 heading) -> tuple[Optional[AlignedPageTable], list[Line]]:
    """(the part, the lines of the heading repeated over it) when the lines over it are that heading and
    then notes merged over rows; (None, [])."""
    above = sorted((ln for ln in rest if ln.top < table.bbox[1]), key=lambda ln: ln.top)
    k = 0
    while k < len(above) and above[k].text in heading:
        k += 1
    if k == 0 or not table.take_note_rows_above(above[k:]):
        return None, []
    return table, above[:k]


def _find_part(part: list, lines: list[Line], like, source: str, at_top: bool) -> Optional[AlignedPageTable]:
    found, rest = find_aligned_tables(lines, part[0].number, source, like=like)
    return _part_at_break(found, rest, at_top)


def _part_at_break(found: list, rest: list[Line], at_top: bool) -> Optional[AlignedPageTable]:
    """The first table found (at_top) or the last, if no text stands between it and the page break."""
    if not found:
        return None
    table = found[0] if at_top else found[-1]
    x0, top, x1, bottom = table.bbox
    if any(ln.top < top if at_top else ln.bottom > bottom for ln in rest):
        return None  # text between it and the page break: not a part cut by the break
    return table


def _take_part(part: list, table: AlignedPageTable) -> None:
    page, tables, left = part
    taken = {id(key) for line in table.grid.lines for key in line.keys}
    part[1] = sorted(tables + [table], key=lambda t: t.bbox[1])
    part[2] = [ln for ln in left if id(ln) not in taken]


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _mend_rows_cut_by_page_breaks(blocks: list[Block]) -> None:
    """A table row the page break cut in two: its tail (labels only) rejoins the row it came from.

    The tail is the first body row of the table continuing on the next page (after any header
    rows the printer repeated): text only, in cells whose row above has text, empty where the row
    above has figures.
    """
    for prev, nxt in zip(blocks, blocks[1:]):
        a, b = prev.table, nxt.table
        if a is None or b is None or nxt.location.page != (prev.location.page or 0) + 1:
            continue
        if a.n_cols != b.n_cols or len(a.rows) <= a.header_rows:
            continue
        skip = _repeated_header_rows(a, b)
        if b.confidence == "aligned":  # its header rows are heading lines found above it, never a row's tail
            skip = max(skip, b.header_rows)
        if skip >= len(b.rows):
            continue
        last, tail = a.rows[-1], b.rows[skip]
        if not _is_row_tail(last, tail):
            continue
        for i, cell in enumerate(tail):
            if cell.text and i < len(last):
                last[i].text = f"{last[i].text} {cell.text}".strip()
        del b.rows[skip]


def _repeated_header_rows(a: Table, b: Table) -> int:
    k = 0
    while k < min(a.header_rows + 2, len(a.rows), len(b.rows)) and \
            [c.text for c in a.rows[k]] == [c.text for c in b.rows[k]]:
        k += 1
    return k


def _is_row_tail(last: list, tail: list) -> bool:
    filled = [i for i, c in enumerate(tail) if c.text.strip()]
    if not filled or len(tail) != len(last):
        return False
    if any(tail[i].figure is not None or not last[i].text.strip() or parse_figure(last[i].text) is not None
           for i in filled):
        return False  # words carry on words: a number above ('64', a row's reference) is whole
    # the row above has figures the tail lacks: the tail only carries on its labels
    return any(c.figure is not None and not t.text.strip() for c, t in zip(last, tail))


def group_lines(words: list[Word], page: PageContent) -> list[Line]:
    """Words into lines, top to bottom, each line left to right."""
    out = []
    for ws in word_lines(words):
        line = Line(ws, page.number)
        line.bullet = any(b[2] <= line.x0 + 1 and line.x0 - b[0] < 25 and line.top - 1 <= (b[1] + b[3]) / 2 <= line.bottom + 1
                          for b in page.bullets)
        out.append(line)
    out.sort(key=lambda ln: ln.top)
    return out


def _turned(page: PageContent) -> list[Line]:
    lines = []
    for w in page.turned:
        line = Line([w], page.number)
        line.turned = True
        lines.append(line)
    return lines


def _furniture_key(line: Line, page: PageContent) -> Optional[str]:
    in_band = line.bottom < page.height * FURNITURE_BAND or line.top > page.height * (1 - FURNITURE_BAND)
    if not in_band and not line.turned:  # margin stamps run up the side of the page
        return None
    return re.sub(r"\d+", "#", line.text.lower()).strip()


def _running_head_key(line: Line, page: PageContent) -> Optional[tuple[str, int]]:
    """A title in the page margin, set as one run of words, keyed with its place: repeated at the
    same place on the next page it is a running head there (a section's title over each of its
    pages), not a heading; its first showing stays. A row of column headings is no running head."""
    key = _furniture_key(line, page)
    if key is None or line.turned or _has_wide_gap(line):
        return None
    return key, round(line.top)


def _has_wide_gap(line: Line) -> bool:
    return any(b.x0 - a.x1 > RUN_GAP * max(a.size, b.size) for a, b in zip(line.words, line.words[1:]))


def find_furniture(pages: list[tuple[PageContent, list[Line]]]) -> set[str]:
    """Texts of running headers/footers: in the page margin on many pages, or bare page numbers."""
    counts: Counter[str] = Counter()
    bare_numbers: set[str] = set()
    for page, lines in pages:
        keyed = [(_furniture_key(ln, page), ln) for ln in lines]
        counts.update({k for k, _ in keyed} - {None})
        bare_numbers |= {k for k, ln in keyed if k and PAGE_NUMBER_RE.match(ln.text.strip())}
    need = max(3, len(pages) * 0.4)
    return {k for k, n in counts.items() if n >= need} | bare_numbers


def measure_style(lines: list[Line]) -> Style:
    sizes: Counter[float] = Counter()
    for ln in lines:
        sizes[round(ln.size, 1)] += len(ln.text)
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    heading_sizes = sorted({s for s in sizes if s >= body * 1.08}, reverse=True)
    gaps: Counter[float] = Counter()
    lefts: Counter[int] = Counter()
    for a, b in zip(lines, lines[1:]):
        if a.page == b.page and abs(a.size - body) < 0.3 and abs(b.size - body) < 0.3:
            gap = b.top - a.bottom
            if -1 < gap < body:
                gaps[round(gap, 1)] += 1
    for ln in lines:
        if abs(ln.size - body) < 0.3:
            lefts[round(ln.x0)] += 1
    line_gap = gaps.most_common(1)[0][0] if gaps else body * 0.2
    left = lefts.most_common(1)[0][0] if lefts else 0
    return Style(body, heading_sizes[:6], line_gap, left)


def _page_blocks(page: PageContent, tables: list[PageTable], lines: list[Line], style: Style,
                 source: str) -> list[Block]:
    items: list[tuple[float, object]] = [(t.bbox[1], t) for t in tables]
    chunks: list[_Chunk] = []
    for line in lines:
        if chunks and not _starts_block(chunks[-1].lines[-1], line, chunks[-1].lines, style, tables):
            chunks[-1].lines.append(line)
        else:
            chunks.append(_Chunk([line]))
    items += [(c.lines[0].top, c) for c in chunks]
    items.sort(key=lambda it: it[0])
    blocks = []
    for _, item in items:
        if not isinstance(item, _Chunk):  # a ruled or an aligned table
            blocks.append(item.to_block())
        else:
            blocks.append(_chunk_block(item.lines, page, style, source))
    return blocks


def _starts_block(prev: Line, line: Line, chunk: list[Line], style: Style, tables: list[PageTable]) -> bool:
    if line.turned or prev.turned:
        return True
    if any(prev.bottom <= t.bbox[1] + 1 and t.bbox[3] - 1 <= line.top for t in tables):
        return True  # a table sits between them
    if line.bullet or _marker(line.text) is not None:
        return True
    if BLANK_PAGE_RE.match(line.text) or BLANK_PAGE_RE.match(prev.text):
        return True
    if abs(line.size - prev.size) > 0.4 or line.bold != prev.bold:
        return True
    gap = line.top - prev.bottom
    if gap > style.line_gap + max(2.0, prev.size * 0.35):
        return True
    return line.x0 < chunk[0].x0 - 2 and not chunk[0].bullet and _marker(chunk[0].text) is None


def _marker(text: str) -> Optional[tuple[str, Optional[str], str]]:
    """(kind, number, rest) when a line opens a list item or numbered paragraph."""
    first, _, rest = text.partition(" ")
    if BULLET_WORD_RE.match(first) and rest:
        return ("list_item", None, rest)
    m = NUMBERED_RE.match(text)
    if m:
        return ("paragraph", m.group(1), m.group(2))
    m = LETTERED_RE.match(text)
    if m:
        return ("list_item", m.group(1), m.group(2))
    return None


def _chunk_block(lines: list[Line], page: PageContent, style: Style, source: str) -> Block:
    texts, anchors, offset = [], [], 0
    for ln in lines:
        anchors.append((offset, Location(source, page=ln.page, bbox=round_bbox(ln.bbox))))
        texts.append(ln.text)
        offset += len(ln.text) + 1
    text = " ".join(texts)
    kind, level, number = "paragraph", 0, None
    size = max(ln.size for ln in lines)
    marker = _marker(text)
    if BLANK_PAGE_RE.match(text):
        kind = "separator"
    elif size >= style.body_size * 1.08 and len(text) < 200:
        kind = "heading"
        level = next((i + 1 for i, s in enumerate(style.heading_sizes) if size >= s - 0.05), len(style.heading_sizes))
    elif marker is not None:
        kind, number, rest = marker
        text, anchors = _drop_prefix(text, rest, anchors)
        if kind == "list_item":
            level = 1 + max(0, round((lines[0].x0 - style.left) / 18))
    elif lines[0].bullet:
        kind, level = "list_item", 1 + max(0, round((lines[0].x0 - style.left - 10) / 18))
    bbox = round_bbox((min(ln.x0 for ln in lines), lines[0].top, max(ln.x1 for ln in lines), lines[-1].bottom))
    return Block(kind, text, Location(source, page=lines[0].page, bbox=bbox), level=level, number=number,
                 bold=all(ln.bold for ln in lines), anchors=anchors if len(anchors) > 1 else [],
                 links=_links_in(lines, page))


def _drop_prefix(text: str, rest: str, anchors):
    cut = len(text) - len(rest)
    shifted = [(max(0, off - cut), loc) for off, loc in anchors]
    return rest, shifted


def _links_in(lines: list[Line], page: PageContent) -> list[tuple[str, str]]:
    """(link text, target) for the link areas over this block's words; one link split over lines joins."""
    found: list[tuple[str, str]] = []
    last_target = None
    for box, target in page.links:
        words = [w for ln in lines for w in ln.words
                 if box[0] - 1 <= w.xc <= box[2] + 1 and box[1] - 2 <= w.yc <= box[3] + 2]
        if not words:
            last_target = None
            continue
        label = " ".join(w.text for w in words).rstrip(".,;:")  # words carry the sentence's stop
        if found and target == last_target:
            found[-1] = (found[-1][0] + " " + label, target)
        else:
            found.append((label, target))
        last_target = target
    return found


def _add_links_without_target(pages: list[PageContent]) -> None:
    """Text styled as this file's links are (their colour, underlined) but under no link: a link whose
    target was left out, which a word processor prints as styled text with no link at all.

    Only a file that keeps its links has a style to compare with; one printed without any links says
    nothing of which underlined text was meant to be a link.
    """
    link_colours = [colour for page in pages for box, colour in page.underlined
                    if any(_overlap(box, link) for link, _ in page.links)]
    if not link_colours:
        return
    for page in pages:
        unlinked = [(box, "") for box, colour in page.underlined
                    if not any(_overlap(box, link) for link, _ in page.links)
                    and any(same_colour(colour, c) for c in link_colours)]
        if unlinked:
            page.links = sorted(page.links + unlinked, key=lambda link: (link[0][1], link[0][0]))


def _merge_across_pages(blocks: list[Block]) -> list[Block]:
    """A paragraph the page break cut in two is one block (its anchors keep both pages)."""
    out: list[Block] = []
    for b in blocks:
        prev = out[-1] if out else None
        if (prev is not None and prev.kind in ("paragraph", "list_item") and b.kind == "paragraph"
                and b.number is None and prev.location.page != b.location.page
                and not prev.text.rstrip().endswith(SENTENCE_END) and b.text[:1].islower()
                and prev.bold == b.bold):
            out[-1] = _joined(prev, b)
        else:
            out.append(b)
    return out


def _joined(a: Block, b: Block) -> Block:
    a_anchors = a.anchors or [(0, a.location)]
    b_anchors = b.anchors or [(0, b.location)]
    shift = len(a.text) + 1
    anchors = a_anchors + [(off + shift, loc) for off, loc in b_anchors]
    return Block(a.kind, a.text + " " + b.text, a.location, level=a.level, number=a.number, bold=a.bold,
                 anchors=anchors, links=a.links + b.links)
