"""Ingest: a file in some format -> RawPack (blocks in reading order, with provenance)."""
from __future__ import annotations

import os

from auditor.errors import InputError
from auditor.model import RawPack

PACK_SUFFIXES = (".md", ".markdown", ".txt", ".pdf", ".docx")


def ingest(path: str, display_name: str | None = None, on_page=None) -> RawPack:
    """Read one pack file. Raises InputError with a one-line reason.

    on_page, if given, is called as on_page(pages read, pages in all) while a PDF's pages are read."""
    if not os.path.exists(path):
        raise InputError(f"{path}: no such file")
    if os.path.isdir(path):
        raise InputError(f"{path}: is a directory")
    if os.path.getsize(path) == 0:
        raise InputError(f"{path}: the file is empty")
    name = display_name or path
    lower = path.lower()
    if lower.endswith((".md", ".markdown", ".txt")):
        from auditor.ingest.markdown import ingest_markdown

        try:
            raw = ingest_markdown(path, name)
        except ValueError as exc:
            raise InputError(f"{path}: {exc}") from None
    elif lower.endswith(".pdf"):
        from auditor.ingest.pdf import ingest_pdf

        raw = ingest_pdf(path, name, on_page=on_page)
    elif lower.endswith(".docx"):
        from auditor.ingest.docx import ingest_docx

        raw = ingest_docx(path, name)
    else:
        raise InputError(f"{path}: unsupported file type (expected one of {', '.join(PACK_SUFFIXES)})")
    if not any(b.text.strip() or b.table is not None for b in raw.blocks):
        raise InputError(f"{path}: no text found in the file")
    return raw
