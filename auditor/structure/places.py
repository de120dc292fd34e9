"""Word places told apart across papers: a place two papers of one pack share gets the paper's title.

A Word location's `place` ('paragraph 3 under “Background”') is made while reading the file, before
the pack is split into papers. Two papers may each have a 'paragraph 3 under “Background”'; a
report that names the place without its paper (the concise format, a note in an annotated copy)
would then point at two places. Such a place is qualified with its paper's title:
'paragraph 3 under “Background” in “Report on Parks”'.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

from auditor.model import Document, Location

TITLE_CHARS = 60


def qualify_shared_places(documents: list[Document]) -> None:
    """Rewrite, in place, every location whose place is also a place of another document."""
    owners: dict[str, set[int]] = {}
    for i, doc in enumerate(documents):
        for loc in _locations(doc):
            if loc.place:
                owners.setdefault(loc.place, set()).add(i)
    shared = {place for place, docs in owners.items() if len(docs) > 1}
    if not shared:
        return
    for doc in documents:
        title = doc.title.strip()
        if len(title) > TITLE_CHARS:
            title = title[:TITLE_CHARS].rsplit(" ", 1)[0] + "…"

        def fix(loc: Optional[Location]) -> Optional[Location]:
            if loc is None or loc.place not in shared or not title:
                return loc
            return replace(loc, place=f"{loc.place} in “{title}”")

        doc.start = fix(doc.start)
        if doc.date_source is not None:
            doc.date_source = (doc.date_source[0], fix(doc.date_source[1]))
        for block in doc.blocks:
            block.location = fix(block.location)
            block.anchors = [(offset, fix(loc)) for offset, loc in block.anchors]
            table = block.table
            if table is not None:
                table.location = fix(table.location)
                table.parts = [fix(loc) for loc in table.parts]
                for row in table.rows:
                    for cell in row:
                        cell.location = fix(cell.location)


def _locations(doc: Document):
    for block in doc.blocks:
        yield block.location
        if block.table is not None:
            yield block.table.location
