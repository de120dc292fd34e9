"""A damaged PDF that PDFium cannot open: pypdf's lenient parser, text only, with warnings."""
from __future__ import annotations

import logging
import re
from typing import Optional

from auditor.errors import InputError
from auditor.ingest.markdown import BLANK_PAGE_RE, LETTERED_RE, NUMBERED_RE, SENTENCE_END
from auditor.model import Block, Location, RawPack

OBJ_RE = re.compile(rb"(?<![0-9])(\d{1,7})\s+(\d{1,5})\s+obj\b")


def rebuild_xref(data: bytes) -> Optional[bytes]:
    """A damaged/truncated PDF with a fresh cross-reference table (and catalog, if it was lost).

    Scans the bytes for "N G obj" headers, the way a PDF repair tool does; returns None when
    there is no page tree to hang the pages on.
    """
    offsets: dict[int, tuple[int, int]] = {}
    for m in OBJ_RE.finditer(data):
        offsets[int(m.group(1))] = (m.start(), int(m.group(2)))
    if not offsets:
        return None
    heads = {n: data[off:off + 600] for n, (off, _) in offsets.items()}
    catalog = next((n for n, h in heads.items() if re.search(rb"/Type\s*/Catalog\b", h)), None)
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    if catalog is None:
        root_pages = next((n for n, h in heads.items()
                           if re.search(rb"/Type\s*/Pages\b", h) and b"/Parent" not in h.split(b"endobj")[0]), None)
        if root_pages is None:
            return None
        catalog = max(offsets) + 1
        offsets[catalog] = (len(out), 0)
        out += b"%d 0 obj\n<< /Type /Catalog /Pages %d 0 R >>\nendobj\n" % (catalog, root_pages)
    size = max(offsets) + 1
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f\r\n" % size
    for n in range(1, size):
        off, gen = offsets.get(n, (0, 0))
        out += (b"%010d %05d n\r\n" % (off, gen)) if n in offsets else b"0000000000 65535 f\r\n"
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, catalog, xref_at)
    return bytes(out)


def ingest_damaged_pdf(path: str, source: str) -> RawPack:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            raise InputError(f"{path}: the PDF is encrypted (password protected); "
                             "save an unprotected copy and check that")
        n_pages = len(reader.pages)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"{path}: not a readable PDF (damaged or truncated: {_short(exc)})") from None
    blocks, failed = [], []
    for i in range(n_pages):
        try:
            text = reader.pages[i].extract_text() or ""
        except Exception:
            failed.append(i + 1)
            continue
        blocks.extend(_text_blocks(text, i + 1, source))
    if not blocks:
        raise InputError(f"{path}: not a readable PDF (damaged or truncated: no page text could be recovered)")
    warnings = ["the PDF is damaged: read with a repair parser, text only "
                "(tables, headings and bold not recovered; findings on tables skipped)"]
    if failed:
        warnings.append(f"could not read pages {', '.join(map(str, failed))} of the damaged PDF: skipped")
    return RawPack(source=source, format="pdf", blocks=blocks, warnings=warnings, pages=n_pages)


def _text_blocks(text: str, page: int, source: str) -> list[Block]:
    """Lines into paragraphs: a new one at a list marker or after a line that ends a sentence."""
    blocks: list[Block] = []
    current: list[str] = []

    def flush():
        if current:
            joined = " ".join(current)
            kind = "separator" if BLANK_PAGE_RE.match(joined) else "paragraph"
            number = None
            m = NUMBERED_RE.match(joined) or LETTERED_RE.match(joined)
            if m and kind == "paragraph":
                number, joined = m.group(1), m.group(2)
                kind = "list_item" if LETTERED_RE.match(" ".join(current)) else kind
            blocks.append(Block(kind, joined, Location(source, page=page), number=number))
            current.clear()

    for line in text.splitlines():
        line = re.sub(r"\s+", " ", line).strip()
        if not line:
            flush()
            continue
        if NUMBERED_RE.match(line) or LETTERED_RE.match(line) or BLANK_PAGE_RE.match(line):
            flush()
        current.append(line)
        if line.endswith(SENTENCE_END):
            flush()
    flush()
    return blocks


def _short(exc: Exception) -> str:
    return (str(exc) or type(exc).__name__).splitlines()[0][:120]
