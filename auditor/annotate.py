"""Annotated copies for authors: a Word comment, or a PDF highlight with a note, on each finding.

The original file is never written to: the copy is built in memory and saved to a new path
(auditor.output refuses a path that is the original by any route, and an existing file unless overwrite).
"""
from __future__ import annotations

import copy
import io
import re
from pathlib import Path
from typing import Optional

from auditor.errors import AuditorError
from auditor.model import Finding
from auditor.output import check_target, safe_write
from auditor.report.pdfcrop import PdfLocator, context_texts, precise_anchor


def default_output(path: str) -> str:
    p = Path(path)
    return str(p.with_name(f"{p.stem}.reviewed{p.suffix}"))


def note_text(f: Finding) -> str:
    lines = [f.message]
    if f.expected is not None:
        lines.append(f"Expected: {f.expected}")
    if f.found is not None:
        lines.append(f"Found: {f.found}")
    here = (f.document, f.location.describe())
    seen = {here}
    for r in f.related:  # each other place once: cells of one table share the table's place
        place = (r.document, r.location.describe())
        if place not in seen:
            seen.add(place)
            lines.append(f"See also: {r.document}, {place[1]}")
    lines.append(f"Rule: {f.rule} ({f.severity})")
    return "\n".join(lines)


def annotate_file(source: str, target: str, findings: list[Finding], author: str = "auditor",
                  overwrite: bool = False):
    """Write the annotated copy; returns (annotations placed, findings that could not be placed)."""
    check_target(target, [source], overwrite)
    suffix = Path(source).suffix.lower()
    if suffix == ".docx":
        return annotate_docx(source, target, findings, author, overwrite)
    if suffix == ".pdf":
        return annotate_pdf(source, target, findings, author, overwrite)
    raise AuditorError(f"{source}: annotate works on .docx and .pdf files")


# ---------------------------------------------------------------- Word

def _pattern(text: str) -> re.Pattern:
    """The text with any run of whitespace matching any whitespace (reflowed or non-breaking)."""
    words = text.split()
    return re.compile(r"\s+".join(re.escape(w) for w in words))


def _body_elements(document) -> list:
    from docx.oxml.ns import qn

    return [el for el in document.element.body.iterchildren() if el.tag in (qn("w:p"), qn("w:tbl"))]


def _paragraphs_of(element, document) -> list:
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    if element.tag == qn("w:p"):
        return [Paragraph(element, document._body)]
    table = Table(element, document._body)
    seen, out = set(), []
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) in seen:  # merged cells repeat
                continue
            seen.add(id(cell._tc))
            out.extend(cell.paragraphs)
    return out


def _runs(paragraph) -> list:
    from docx.text.hyperlink import Hyperlink

    runs = []
    for item in paragraph.iter_inner_content():
        runs.extend(item.runs if isinstance(item, Hyperlink) else [item])
    return runs


def _split_run(run, at: int):
    """Split a run into two at character `at`; returns the second part."""
    from docx.text.run import Run

    text = run.text
    new_r = copy.deepcopy(run._r)
    run._r.addnext(new_r)
    second = Run(new_r, run._parent)
    run.text = text[:at]
    second.text = text[at:]
    return second


def _runs_covering(paragraph, start: int, end: int) -> list:
    """The runs covering exactly characters start:end of the paragraph, splitting runs at the edges."""
    pos, covering = 0, []
    for run in _runs(paragraph):
        text = run.text
        a, b = pos, pos + len(text)
        pos = b
        if b <= start or a >= end or not text:
            continue
        if a < start:
            run = _split_run(run, start - a)
            a = start
        if b > end:
            _split_run(run, end - a)
        covering.append(run)
    return covering


def _paragraph_text(paragraph) -> str:
    return "".join(r.text for r in _runs(paragraph))


def _find_span(paragraphs, finding: Finding) -> Optional[tuple]:
    """(paragraph, start, end) of the finding's text: the offending value inside the excerpt, else the excerpt."""
    precise, contexts = precise_anchor(finding), context_texts(finding)
    for context in contexts:
        rx = _pattern(context)
        for paragraph in paragraphs:
            text = _paragraph_text(paragraph)
            m = rx.search(text)
            if not m:
                continue
            inner = _pattern(precise).search(text, m.start(), m.end()) if precise else None
            if inner:
                return paragraph, inner.start(), inner.end()
            if precise and context != contexts[0]:  # only the excerpt's first words matched: look just after
                inner = _pattern(precise).search(text, m.start())
                if inner:
                    return paragraph, inner.start(), inner.end()
            return paragraph, m.start(), m.end()
    if precise:  # the excerpt is not in the file as such: the value alone
        rx = _pattern(precise)
        for paragraph in paragraphs:
            m = rx.search(_paragraph_text(paragraph))
            if m:
                return paragraph, m.start(), m.end()
    return None


def _candidate_paragraphs(elements, document, finding: Finding) -> list:
    index = finding.location.paragraph
    if index and 1 <= index <= len(elements):
        near = [index - 1] + [i for i in (index - 2, index, index - 3, index + 1) if 0 <= i < len(elements)]
        return [p for i in near for p in _paragraphs_of(elements[i], document)]
    return []


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


class _CellText:
    """A table cell's text, read once (python-docx re-reads the XML on every .text)."""

    __slots__ = ("cell", "text")

    def __init__(self, cell):
        self.cell, self.text = cell, cell.text


_ROWS_CACHE: dict[int, list[list[_CellText]]] = {}


def _table_rows(element, document) -> list[list[_CellText]]:
    """The table's rows as lists of distinct cells (a merged cell appears once)."""
    from docx.table import Table

    key = id(element)
    if key not in _ROWS_CACHE:
        rows = []
        for row in Table(element, document._body).rows:
            seen, cells = set(), []
            for cell in row.cells:
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    cells.append(_CellText(cell))
            rows.append(cells)
        _ROWS_CACHE[key] = rows
    return _ROWS_CACHE[key]


NUMBER_CELL_RE = re.compile(r"^[-−(]?\s*[£$€]?\s*\d[\d,]*(?:\.\d+)?\s*\)?\s*(?:%|[kmb]n?)?$", re.I)


def _leading_label_rows(rows) -> int:
    """Rows above the first one holding a plain number: the header (and unit) rows."""
    for n, row in enumerate(rows):
        if any(NUMBER_CELL_RE.match(cell.text.strip()) for cell in row):
            return n
    return 0


def _cell_score(rows, r: int, c: int, finding: Finding) -> float:
    """How well table cell (r, c) fits the finding's row and column labels (extra["row"], extra["column"])."""
    score = 0.0
    row_label = str(finding.extra.get("row") or "")
    numbered = re.fullmatch(r"row (\d+)", row_label)
    if numbered:  # an unlabelled row, counted from the first row below the header
        score -= abs(r - (int(numbered.group(1)) - 1 + _leading_label_rows(rows))) / 100
    elif row_label and _words(row_label) <= _words(" ".join(cell.text for cell in rows[r])):
        score += 4
    column = str(finding.extra.get("column") or "")
    header = " ".join(rows[h][c].text for h in range(min(3, len(rows))) if c < len(rows[h]))
    if column and _words(header) and (_words(header) <= _words(column) or _words(column) <= _words(header)):
        score += 2
    return score


def _table_cell_span(element, document, finding: Finding) -> Optional[tuple]:
    """(paragraph, start, end) of the found value in the table cell that best fits the finding's labels."""
    from docx.oxml.ns import qn

    found = " ".join((finding.found or "").split())
    if element.tag != qn("w:tbl") or not found:
        return None
    rows = _table_rows(element, document)
    candidates = [(r, c) for r, row in enumerate(rows) for c, cell in enumerate(row)
                  if " ".join(cell.text.split()) == found]
    if not candidates:
        return None
    r, c = max(candidates, key=lambda rc: _cell_score(rows, rc[0], rc[1], finding))
    for paragraph in rows[r][c].cell.paragraphs:
        m = _pattern(found).search("".join(run.text for run in _runs(paragraph)))
        if m:
            return paragraph, m.start(), m.end()
    return None


def _locate_in_docx(elements, document, finding: Finding) -> Optional[tuple]:
    index = finding.location.paragraph
    if index and 1 <= index <= len(elements):
        hit = _table_cell_span(elements[index - 1], document, finding)
        if hit:
            return hit
    return _find_span(_candidate_paragraphs(elements, document, finding), finding)


def annotate_docx(source: str, target: str, findings: list[Finding], author: str = "auditor",
                  overwrite: bool = False):
    import docx

    document = docx.Document(source)
    _ROWS_CACHE.clear()
    elements = _body_elements(document)
    everything = None
    placed, missed = 0, []
    for f in findings:
        hit = _locate_in_docx(elements, document, f)
        if hit is None:
            everything = everything or [p for el in elements for p in _paragraphs_of(el, document)]
            hit = _find_span(everything, f)
        if hit is None:
            missed.append(f)
            continue
        paragraph, start, end = hit
        runs = _runs_covering(paragraph, start, end)
        if not runs:
            missed.append(f)
            continue
        document.add_comment(runs, text=note_text(f), author=author, initials=author[:2].upper())
        placed += 1
    _ROWS_CACHE.clear()
    saved = io.BytesIO()  # python-docx leaves its zip open if writing to the file fails, and it complains at exit
    document.save(saved)
    safe_write(target, saved.getvalue(), [source], overwrite)
    return placed, missed


# ---------------------------------------------------------------- PDF

def annotate_pdf(source: str, target: str, findings: list[Finding], author: str = "auditor",
                  overwrite: bool = False):
    """A highlight and note on each finding. The copy is the original's bytes with the annotations
    appended when pypdf reads the file cleanly; otherwise a full copy (see _copies_to_annotate)."""
    from auditor.batch import quiet_pdf_libraries

    with quiet_pdf_libraries(), PdfLocator(source) as locator:
        hits = [(f, locator.find(f)) for f in findings]
        placed = [(f, hit) for f, hit in hits if hit is not None]
        data, failure = None, None
        for make_writer in _copies_to_annotate(source):
            try:
                data = _annotated_bytes(make_writer(), placed, locator.page_count, author)
                break
            except AuditorError:
                raise
            except Exception as exc:  # noqa: BLE001 - a damaged file pypdf cannot take: the next kind of copy
                failure = exc
    if data is None:
        raise AuditorError(f"{source}: cannot write an annotated copy of this PDF "
                           f"({type(failure).__name__}: {str(failure).splitlines()[0][:120] if str(failure) else ''})")
    safe_write(target, data, [source], overwrite)
    return len(placed), [f for f, hit in hits if hit is None]


def _annotated_bytes(writer, placed, page_count: int, author: str) -> bytes:
    if len(writer.pages) != page_count:  # pypdf sees other pages than PDFium, which found the boxes
        raise ValueError(f"{len(writer.pages)} pages where PDFium reads {page_count}")
    for f, (page_no, box) in placed:
        writer.add_annotation(page_number=page_no - 1,
                              annotation=_highlight(writer.pages[page_no - 1], box, note_text(f), author))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _copies_to_annotate(source: str):
    """Ways to get a pypdf writer for the copy, best first, each tried only if those before failed.

    1. A file pypdf reads cleanly (strict, nothing repaired): the original bytes, annotations appended.
    2. Encrypted with an empty user password (opens without one): pypdf cannot append to an
       encrypted file, so a full decrypted copy, encrypted again as the original was (algorithm and
       permissions; empty user password, a random owner password).
    3. A damaged file (cross-reference table wrong, or repaired on reading): PDFium's full copy,
       with a fresh cross-reference table.
    4. A page tree pypdf refuses (a cycle): PDFium's pages, in the order it reads them, in a new file
       (document outline and metadata are not carried over).
    """
    from pypdf import PdfWriter

    reader, repaired = _strict_reader(source)
    if reader is not None and not repaired and not reader.is_encrypted:
        yield lambda: PdfWriter(reader, incremental=True)
    if reader is not None and reader.is_encrypted:
        yield lambda: _decrypted_copy(source, reader)
    yield lambda: PdfWriter(clone_from=_strict_reader_of(_pdfium_copy(source, whole=True)))
    yield lambda: PdfWriter(clone_from=_strict_reader_of(_pdfium_copy(source, whole=False)))


def _strict_reader(source: str):
    """(pypdf's strict reader with every page read, or None; whether pypdf repaired anything)."""
    import logging

    from pypdf import PdfReader

    repairs: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record):
            repairs.append(record.getMessage())

    handler = _Collect(logging.WARNING)
    logger = logging.getLogger("pypdf")
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False  # collected here, printed nowhere
    try:
        reader = PdfReader(source, strict=True)
        if reader.is_encrypted and not reader.decrypt(""):
            raise AuditorError(f"{source}: the PDF needs a password to open; annotate an unprotected copy")
        for page in reader.pages:
            page.mediabox
        return reader, bool(repairs)
    except AuditorError:
        raise
    except Exception:  # noqa: BLE001 - damaged: the later kinds of copy
        return None, True
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


def _strict_reader_of(data: bytes):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=True)
    if reader.is_encrypted:  # PDFium keeps the original's encryption
        reader.decrypt("")
    return reader


def _decrypted_copy(source: str, reader):
    import secrets

    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=reader)
    writer.encrypt(user_password="", owner_password=secrets.token_urlsafe(24),
                   permissions_flag=reader.user_access_permissions, algorithm=_encryption_algorithm(reader))
    return writer


def _encryption_algorithm(reader) -> str:
    """pypdf's name for the standard security handler settings of an encrypted file."""
    encrypt = reader.trailer["/Encrypt"].get_object()
    version, revision = int(encrypt.get("/V", 0)), int(encrypt.get("/R", 0))
    if version >= 5:
        return "AES-256-R5" if revision == 5 else "AES-256"
    if version == 4:
        filters = encrypt.get("/CF", {})
        method = filters.get(encrypt.get("/StmF", "/StdCF"), {}).get("/CFM") if filters else None
        return "AES-128" if method == "/AESV2" else "RC4-128"
    return "RC4-128" if int(encrypt.get("/Length", 40)) > 40 else "RC4-40"


def _pdfium_copy(source: str, whole: bool) -> bytes:
    """The file as PDFium saves it: whole (fresh cross-reference table), or only its pages."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(source)
    try:
        if not whole:
            fresh = pdfium.PdfDocument.new()
            _import_every_page(fresh, doc, source)
            doc.close()
            doc = fresh
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()
    finally:
        doc.close()


def _import_every_page(fresh, doc, source: str) -> None:
    """All of doc's pages into fresh; AuditorError naming those that cannot be read (a copy that
    silently lacked pages could be taken for the whole pack)."""
    import pypdfium2 as pdfium

    lost = []
    for i in range(len(doc)):
        try:
            fresh.import_pages(doc, [i])
        except pdfium.PdfiumError:
            lost.append(i + 1)
    if not lost:
        return
    shown = ", ".join(map(str, lost[:10])) + (" ..." if len(lost) > 10 else "")
    raise AuditorError(f"{source}: pages {shown} of the PDF cannot be read (damaged page tree); "
                       "annotate writes no copy that would lack them")


def _highlight(page, box, note: str, author: str):
    """A yellow highlight over box (pdfplumber coordinates: from the top of the page) with the note."""
    from pypdf.annotations import Highlight
    from pypdf.generic import ArrayObject, FloatObject, NameObject, TextStringObject

    media = page.mediabox
    x0, top, x1, bottom = box
    left, upper = float(media.left), float(media.top)
    llx, urx = left + x0 - 1, left + x1 + 1
    lly, ury = upper - bottom - 1, upper - top + 1
    quad = ArrayObject(FloatObject(v) for v in (llx, ury, urx, ury, llx, lly, urx, lly))
    annotation = Highlight(rect=(llx, lly, urx, ury), quad_points=quad, highlight_color="ffe100")
    annotation[NameObject("/Contents")] = TextStringObject(note)
    annotation[NameObject("/T")] = TextStringObject(author)
    annotation[NameObject("/Subj")] = TextStringObject(note.splitlines()[-1])
    return annotation
