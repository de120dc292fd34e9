"""A damaged PDF that PDFium cannot open: pypdf's lenient parser, text only, with warnings."""
from __future__ import annotations

import logging
import re

from auditor.errors import InputError
from auditor.ingest.markdown import BLANK_PAGE_RE, LETTERED_RE, NUMBERED_RE
from auditor.model import Block, Location, RawPack

SENTENCE_END = (".", ":", ";", "!", "?")


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
    warnings = [f"the PDF is damaged: read with a repair parser, text only "
                f"(tables, headings and bold not recovered; findings on tables skipped)"]
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
