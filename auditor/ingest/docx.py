"""Word (.docx) into blocks: paragraphs and tables in body order, Location(paragraph=N, place=...).

N is the 1-based index of the body element (paragraph or table), for tools: Word never shows it.
Word's automatic numbering is rebuilt ("27.", "a)", "5.2") so numbered paragraphs carry the number
the reader sees, and each location's `place` says where a reader finds it: the printed paragraph
number and the heading it sits under ('paragraph 24(a) under “Savings”'), else the opening words.
"""
from __future__ import annotations

import re
from typing import Optional

from auditor.errors import InputError
from auditor.ingest.markdown import BLANK_PAGE_RE, BULLET_RE, LETTERED_RE, NUMBERED_RE
from auditor.ingest.table_rows import guess_header_rows
from auditor.model import Block, Cell, Location, RawPack, Table
from auditor.numbers import parse_figure

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
HEADING_STYLE_RE = re.compile(r"^(?:heading|überschrift|titre)\s*(\d)$", re.I)
SPACES_RE = re.compile(r"[ \t\u00a0\n]+")


def ingest_docx(path: str, display_name: Optional[str] = None) -> RawPack:
    source = display_name or path
    document = _open(path)
    reader = _DocxReader(document, source)
    blocks: list[Block] = []
    index = 0
    for el in document.element.body.iterchildren():
        if el.tag not in (W + "p", W + "tbl"):
            continue
        index += 1
        block = reader.paragraph(el, index) if el.tag == W + "p" else reader.table(el, index)
        if block is not None:
            blocks.append(block)
    return RawPack(source=source, format="docx", blocks=blocks, warnings=reader.warnings)


def _open(path: str):
    import zipfile

    import docx

    if not zipfile.is_zipfile(path):
        with open(path, "rb") as fh:
            head = fh.read(8)
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise InputError(f"{path}: the Word file is encrypted or in the old .doc format; "
                             "save it as an unprotected .docx")
        raise InputError(f"{path}: not a Word .docx file (damaged, or not a zip package)")
    _refuse_zip_bomb(path)
    try:
        return docx.Document(path)
    except Exception as exc:
        if "Excessive depth" in str(exc):
            raise InputError(f"{path}: the Word file's XML is nested deeper than {MAX_XML_DEPTH} levels "
                             "(damaged, or made to exhaust memory)") from None
        raise InputError(f"{path}: cannot read this Word file ({type(exc).__name__}: {exc})") from None


# python-docx reads every part of the package into memory, so what a .docx holds once unpacked is
# what reading it costs. Parts stored without compression cannot exceed the file itself; the rest
# may expand to this much beyond it, far above any real pack and far below the memory of a machine.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_XML_DEPTH = 256  # libxml2's own limit without XML_PARSE_HUGE, which python-docx does not set


def _refuse_zip_bomb(path: str) -> None:
    """InputError if the package's parts, as its directory declares them, unpack to too much.

    zipfile never reads a member past the size its directory declares (a larger stream fails its
    CRC check), so the declared sizes bound the memory used."""
    import os
    import zipfile

    try:
        with zipfile.ZipFile(path) as package:
            unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"{path}: not a Word .docx file (damaged zip package: {exc})") from None
    if unpacked > MAX_UNPACKED_BYTES + os.path.getsize(path):
        raise InputError(f"{path}: the Word file unpacks to {unpacked / 2**20:,.0f} MB, more than the "
                         f"{MAX_UNPACKED_BYTES // 2**20} MB limit (a zip bomb, or not a committee pack)")


class _DocxReader:
    def __init__(self, document, source: str):
        self.source = source
        self.warnings: list[str] = []
        self.rels = document.part.rels
        self.styles = _Styles(document)
        self.numbering = _Numbering(document, self.styles)
        self.places = _Places()

    # ------------------------------------------------------------ paragraphs

    def paragraph(self, p, index: int) -> Optional[Block]:
        runs = self._runs(p)
        text = _joined_text(runs)
        if not text:
            self.numbering.label(p)  # an empty numbered paragraph still advances the count
            return None
        bold = all(b for t, b in runs if t.strip())
        links = self._links(p)
        style_id = _style_id(p)
        heading = self.styles.heading_level(style_id)
        if BLANK_PAGE_RE.match(text):
            self.places.page_ends()
            return Block("separator", text, Location(self.source, paragraph=index))
        if heading:
            self.numbering.label(p)
            loc = Location(self.source, paragraph=index, place=self.places.heading(text))
            return Block("heading", text, loc, level=heading, bold=bold, links=links)
        kind, level, number, raw, printed = "paragraph", 0, None, "", None
        label = self.numbering.label(p)
        if label is not None:
            fmt, value, ilvl, printed = label
            if fmt == "bullet":
                kind, level, printed = "list_item", ilvl + 1, None
            elif fmt == "decimal" and ilvl == 0:
                number = value
            else:
                kind, level, number = "list_item", ilvl + 1, value
        else:
            typed = text
            kind, level, number, text = _typed_marker(text)
            if text != typed:
                raw = typed  # the marker as typed ('* ...' is a footnote's star as often as a bullet)
            printed = number or _printed_number(text)
        place = self.places.paragraph(kind, printed, text, bold)
        loc = Location(self.source, paragraph=index, place=place)
        return Block(kind, text, loc, level=level, number=number, bold=bold, links=links, raw=raw)

    def _runs(self, p) -> list[tuple[str, bool]]:
        """(text, bold) for each run, hyperlinks included; tabs and breaks as spaces."""
        para_bold = self.styles.bold(_style_id(p))
        out = []
        for r in p.iter(W + "r"):
            parts = []
            for child in r:
                if child.tag == W + "t":
                    parts.append(child.text or "")
                elif child.tag in (W + "tab", W + "br", W + "cr"):
                    parts.append(" ")
                elif child.tag == W + "noBreakHyphen":
                    parts.append("-")
            if parts:
                out.append(("".join(parts), self._run_bold(r, para_bold)))
        return out

    def _run_bold(self, r, para_bold: bool) -> bool:
        rpr = r.find(W + "rPr")
        if rpr is not None:
            b = rpr.find(W + "b")
            if b is not None:
                return _is_on(b)
            rstyle = rpr.find(W + "rStyle")
            if rstyle is not None and self.styles.bold(rstyle.get(W + "val")):
                return True
        return para_bold

    def _links(self, p) -> list[tuple[str, str]]:
        links = []
        for h in p.iter(W + "hyperlink"):
            label = SPACES_RE.sub(" ", "".join(t.text or "" for t in h.iter(W + "t"))).strip()
            rid, anchor = h.get(R_ID), h.get(W + "anchor")
            if rid and rid in self.rels:
                rel = self.rels[rid]
                target = rel.target_ref if rel.is_external else "#"
            elif anchor is not None:
                target = "#" + anchor
            else:
                target = ""
            if label:
                links.append((label, target.strip()))
        return links

    # ------------------------------------------------------------ tables

    def table(self, tbl, index: int) -> Optional[Block]:
        loc = Location(self.source, paragraph=index)  # its place is set once its first row is read
        rows: list[list[Cell]] = []
        spans: list[tuple[int, int, int]] = []  # (row, first column, columns) of each merged cell
        for tr in tbl.findall(W + "tr"):
            row: list[Cell] = []
            for tc in tr.findall(W + "tc"):
                text, bold = self._cell_text(tc)
                tcpr = tc.find(W + "tcPr")
                span, continued = 1, False
                if tcpr is not None:
                    gs = tcpr.find(W + "gridSpan")
                    span = int(gs.get(W + "val", "1")) if gs is not None else 1
                    vm = tcpr.find(W + "vMerge")
                    continued = vm is not None and vm.get(W + "val", "continue") == "continue"
                if continued:
                    text, bold = "", False
                if span > 1:
                    spans.append((len(rows), len(row), span))
                row.append(Cell(text, loc, bold=bold, figure=parse_figure(text)))
                row.extend(Cell("", loc) for _ in range(span - 1))
            rows.append(row)
        if not rows:
            return None
        first_row = " | ".join(c.text for c in rows[0] if c.text)
        loc = Location(self.source, paragraph=index, place=self.places.table(first_row))
        for row in rows:
            for cell in row:
                cell.location = loc
        widths = {len(r) for r in rows}
        header_rows = _more_header_rows(rows, _marked_header_rows(tbl) or guess_header_rows(rows))
        _spread_merged_headings(rows, spans, header_rows)
        table = Table(rows=rows, location=loc, header_rows=header_rows,
                      confidence="grid" if len(widths) == 1 else "repaired", parts=[loc])
        return Block("table", "", loc, table=table)

    def _cell_text(self, tc) -> tuple[str, bool]:
        texts, bolds = [], []
        for p in tc.iter(W + "p"):
            runs = self._runs(p)
            t = _joined_text(runs)
            if t:
                label = self.numbering.label(p)
                if label is not None and label[0] != "bullet":  # (format, value, level, printed)
                    t = f"{label[1]}. {t}"
                texts.append(t)
                bolds.extend(b for x, b in runs if x.strip())
        return " ".join(texts), bool(bolds) and all(bolds)


def _joined_text(runs: list[tuple[str, bool]]) -> str:
    return SPACES_RE.sub(" ", "".join(t for t, _ in runs)).strip()


def _is_on(toggle) -> bool:
    """A toggle property such as <w:b/>: on unless its val says 0/false/off."""
    return toggle.get(W + "val", "true").lower() not in ("0", "false", "off")


MAX_HEADER_ROWS = 3


def _more_header_rows(rows: list[list[Cell]], header_rows: int) -> int:
    """A heading over two or three rows ('£m' merged over the years, then 'Source | 2025/26 | 2026/27 | Total'):
    a row under the heading that labels columns (words in two or more of them, no figure) is heading too,
    while figures follow."""
    k = header_rows
    while 0 < k < min(MAX_HEADER_ROWS, len(rows) - 1):
        row = rows[k]
        labels = [c for c in row[1:] if c.text.strip()]
        if len(labels) < 2 or any(c.figure is not None for c in row):
            break
        k += 1
    has_figures_below = any(c.figure is not None for row in rows[k:] for c in row)
    return k if has_figures_below else header_rows


def _spread_merged_headings(rows: list[list[Cell]], spans: list[tuple[int, int, int]], header_rows: int) -> None:
    """A heading cell merged over several columns heads each of them ('£m' over 2025/26, 2026/27 and Total)."""
    for r, c, n in spans:
        if r < header_rows - 1:  # the last heading row names its own columns; a merged cell there is one label
            for k in range(c + 1, min(c + n, len(rows[r]))):
                if not rows[r][k].text:
                    rows[r][k].text = rows[r][c].text


def _marked_header_rows(tbl) -> int:
    """Leading rows marked 'repeat as header row' in Word."""
    count = 0
    for tr in tbl.findall(W + "tr"):
        trpr = tr.find(W + "trPr")
        if trpr is None or trpr.find(W + "tblHeader") is None:
            break
        count += 1
    return count


def _style_id(p) -> Optional[str]:
    ppr = p.find(W + "pPr")
    if ppr is None:
        return None
    ps = ppr.find(W + "pStyle")
    return ps.get(W + "val") if ps is not None else None


def _typed_marker(text: str):
    """Numbers and bullets typed as text: '27. ...', '(a) ...', '• ...'."""
    m = BULLET_RE.match(text)
    if m:
        return "list_item", 1, None, m.group(2)
    m = NUMBERED_RE.match(text)
    if m:
        return "paragraph", 0, m.group(1), m.group(2)
    m = LETTERED_RE.match(text)
    if m:
        return "list_item", 1, m.group(1), m.group(2)
    return "paragraph", 0, None, text


class _Styles:
    """Paragraph/character styles: heading level, bold, numbering, following basedOn."""

    def __init__(self, document):
        self.by_id = {}
        try:
            root = document.styles.element
        except Exception:
            return
        for s in root.findall(W + "style"):
            self.by_id[s.get(W + "styleId")] = s

    def _chain(self, style_id):
        seen = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            s = self.by_id[style_id]
            yield s
            based = s.find(W + "basedOn")
            style_id = based.get(W + "val") if based is not None else None

    def heading_level(self, style_id) -> int:
        for s in self._chain(style_id):
            name = s.find(W + "name")
            value = name.get(W + "val", "") if name is not None else ""
            m = HEADING_STYLE_RE.match(value) or HEADING_STYLE_RE.match(s.get(W + "styleId", ""))
            if m:
                return int(m.group(1))
            if value.lower() == "title":
                return 1
        return 0

    def bold(self, style_id) -> bool:
        for s in self._chain(style_id):
            rpr = s.find(W + "rPr")
            b = rpr.find(W + "b") if rpr is not None else None
            if b is not None:
                return _is_on(b)
        return False

    def num_pr(self, style_id):
        for s in self._chain(style_id):
            ppr = s.find(W + "pPr")
            np_ = ppr.find(W + "numPr") if ppr is not None else None
            if np_ is not None:
                return np_
        return None


class _Numbering:
    """Word list numbering replayed in document order: the label each numbered paragraph shows."""

    def __init__(self, document, styles: _Styles):
        self.styles = styles
        self.levels: dict[tuple[str, int], tuple[str, int]] = {}  # (numId, ilvl) -> (format, start)
        self.texts: dict[tuple[str, int], str] = {}  # (numId, ilvl) -> the level's text, such as %1.%2
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except Exception:
            return
        abstract = {a.get(W + "abstractNumId"): a for a in root.findall(W + "abstractNum")}
        for num in root.findall(W + "num"):
            num_id = num.get(W + "numId")
            ref = num.find(W + "abstractNumId")
            a = abstract.get(ref.get(W + "val")) if ref is not None else None
            overrides = {int(o.get(W + "ilvl", "0")): o for o in num.findall(W + "lvlOverride")}
            for lvl in a.findall(W + "lvl") if a is not None else []:
                ilvl = int(lvl.get(W + "ilvl", "0"))
                fmt = _val(lvl, "numFmt", "decimal")
                start = int(_val(lvl, "start", "1"))
                so = overrides.get(ilvl)
                if so is not None and so.find(W + "startOverride") is not None:
                    start = int(so.find(W + "startOverride").get(W + "val", start))
                self.levels[(num_id, ilvl)] = (fmt, start)
                self.texts[(num_id, ilvl)] = _val(lvl, "lvlText", "")

    def label(self, p) -> Optional[tuple[str, str, int, Optional[str]]]:
        """(format, label, level, printed) of a numbered paragraph, advancing the count; None if not
        numbered. `printed` is the number as Word shows it, from the level's text ('5.2' for '%1.%2'),
        without the closing stop or bracket; None where the level's text is not plain numbering."""
        ppr = p.find(W + "pPr")
        np_ = ppr.find(W + "numPr") if ppr is not None else None
        if np_ is None:
            np_ = self.styles.num_pr(_style_id(p))
        if np_ is None:
            return None
        num_id = _val(np_, "numId", None)
        ilvl = int(_val(np_, "ilvl", "0"))
        if num_id in (None, "0") or (num_id, ilvl) not in self.levels:
            return None
        fmt, start = self.levels[(num_id, ilvl)]
        if fmt == "none":
            return None
        counts = self.counters.setdefault(num_id, [])
        while len(counts) <= ilvl:
            counts.append(self.levels.get((num_id, len(counts)), ("decimal", 1))[1] - 1)
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, len(counts)):
            counts[deeper] = self.levels.get((num_id, deeper), ("decimal", 1))[1] - 1
        return fmt, _format_number(counts[ilvl], fmt), ilvl, self._printed(num_id, ilvl, counts)

    def _printed(self, num_id: str, ilvl: int, counts: list[int]) -> Optional[str]:
        text = self.texts.get((num_id, ilvl), "")

        def level(m):
            k = int(m.group(1)) - 1
            fmt = self.levels.get((num_id, k), ("decimal", 1))[0]
            return _format_number(counts[k], fmt) if k < len(counts) and fmt != "bullet" else "?"

        printed = re.sub(r"%([1-9])", level, text).strip().strip(".)").lstrip("(")
        return printed if printed and PRINTED_NUMBER_RE.fullmatch(printed) else None


# a paragraph number as printed: '27', '5.2', '3.1.4', 'a', 'iv', 'B' (stops and brackets trimmed)
PRINTED_NUMBER_RE = re.compile(r"\d{1,3}(\.\d{1,3}){0,3}|[a-z]|[ivx]{1,4}|[A-Z]")
# a number typed at the start of a paragraph: '5.2 The Council ...' (a capital follows, not a figure's unit)
TYPED_NUMBER_RE = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(?=[A-Z])")
PLACE_WORDS = 60  # at most this many characters of a heading in a place
OPENING_WORDS = 40  # and of a paragraph's opening words


def _printed_number(text: str) -> Optional[str]:
    m = TYPED_NUMBER_RE.match(text)
    return m.group(1) if m else None


def _quoted(text: str, limit: int = PLACE_WORDS) -> str:
    text = text.strip().strip("*").strip()
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(",;:–-") + "…"
    return f"“{text}”"


class _Places:
    """Where a reader finds each block of a Word document: the printed paragraph number and the
    heading above it, replayed in body order.

    A heading is a Word heading or a short bold paragraph without a number. A paragraph with a
    printed number is 'paragraph 27'; a numbered list item under it 'paragraph 27(a)'; a bullet or
    plain paragraph after it 'a bullet after paragraph 27' / 'text after paragraph 27'; a table
    'table after paragraph 27'; a paragraph with no number before it under its heading 'the
    paragraph beginning “...”'. Each is qualified with the heading it sits under, so that a number
    printed in two papers of a pack ('paragraph 3') never stands alone; with no heading above, the
    opening words qualify it. (Papers sharing a place are told apart once the pack is split into
    papers: auditor.structure.places.)"""

    def __init__(self):
        self.heading_text: Optional[str] = None
        self.number: Optional[str] = None  # the last top-level printed number under this heading
        self.last_text: Optional[str] = None  # the last paragraph's words (a table's caption)

    def page_ends(self) -> None:
        """A blank page: the next paper may start, with headings of its own."""
        self.heading_text = self.number = self.last_text = None

    def heading(self, text: str) -> str:
        self.heading_text, self.number, self.last_text = text, None, text
        return f"heading {_quoted(text)}"

    def paragraph(self, kind: str, printed: Optional[str], text: str, bold: bool) -> str:
        if kind == "paragraph" and bold and printed is None and len(text) <= 120:
            return self.heading(text)
        if printed and kind == "paragraph":
            self.number = printed
            where = f"paragraph {printed}"
        elif printed and not printed[0].isdigit():
            where = f"paragraph {self.number}({printed})" if self.number else f"item ({printed})"
        elif printed:
            where = f"paragraph {printed}"
        elif self.number:
            where = f"{'a bullet' if kind == 'list_item' else 'text'} after paragraph {self.number}"
        else:
            where = ""
        self.last_text = text
        if not where:
            where = f"the {'bullet' if kind == 'list_item' else 'paragraph'} beginning {_quoted(text, OPENING_WORDS)}"
            return f"{where} under {_quoted(self.heading_text)}" if self.heading_text else where
        if self.heading_text:
            return f"{where} under {_quoted(self.heading_text)}"
        return f"{where}, beginning {_quoted(text, OPENING_WORDS)}"

    def table(self, first_row: str) -> str:
        """A table's place; `first_row` (its first row's words) names it where nothing above does."""
        where = f"table after paragraph {self.number}" if self.number else "table"
        if self.heading_text:
            return f"{where} under {_quoted(self.heading_text)}"
        if self.last_text:
            return f"{where} after {_quoted(self.last_text)}"
        return f"table beginning {_quoted(first_row, OPENING_WORDS)}" if first_row else where


def _val(el, tag: str, default):
    child = el.find(W + tag)
    return child.get(W + "val", default) if child is not None else default


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = ""
        while n > 0:
            n, rem = divmod(n - 1, 26)
            s = chr(97 + rem) + s
        return s if fmt == "lowerLetter" else s.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        s = _roman(n)
        return s if fmt == "lowerRoman" else s.upper()
    if fmt == "bullet":
        return "•"
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += numeral
            n -= value
    return out
