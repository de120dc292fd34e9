"""Find a finding's area on a PDF page, and cut a highlighted crop of it.

A finding's Location may carry a bbox (x0, top, x1, bottom, pdfplumber coordinates,
points from the top-left of the page). When it does not, the area is found by
searching the page's text for the offending value, near the finding's excerpt.
"""
from __future__ import annotations

import base64
import io
import re
from typing import Optional

Box = tuple[float, float, float, float]


def excerpt_core(excerpt: str) -> str:
    return re.sub(r"\s+", " ", (excerpt or "").replace("…", " ")).strip()


QUOTED_RE = re.compile(r"'([^']{2,120})'|‘([^’]{2,120})’|“([^”]{2,120})”|\"([^\"]{2,120})\"")


def precise_anchor(finding) -> Optional[str]:
    """The offending text itself, when the finding names it and its excerpt holds it.

    The found value as written first (quotes stripped); else a phrase the message quotes,
    preferring one that is part of the found value (e.g. one of two conflicting dates).
    """
    core = excerpt_core(finding.excerpt)
    found = (finding.found or "").strip()
    unquoted = found[1:-1] if len(found) > 2 and found[0] == found[-1] and found[0] in "'\"" else found
    if (len(unquoted) >= 2 or unquoted.isdigit()) and (not core or unquoted in core):
        return unquoted
    if not core:
        return None
    quoted = [next(g for g in m.groups() if g) for m in QUOTED_RE.finditer(finding.message or "")]
    quoted = [q.strip() for q in quoted if q.strip() and q.strip() in core]
    if not quoted:
        return None
    in_found = [q for q in quoted if q in found]
    return max(in_found, key=len) if in_found else min(quoted, key=len)


def context_texts(finding) -> list[str]:
    """The excerpt, then its first words: to find where the finding is when the value repeats."""
    core = excerpt_core(finding.excerpt)
    if not core:
        return []
    words = core.split()
    return [core] + [" ".join(words[:n]) for n in (8, 5, 3) if len(words) > n]


def anchor_texts(finding) -> list[str]:
    """Text to look for, most precise first."""
    precise = precise_anchor(finding)
    return ([precise] if precise else []) + context_texts(finding)


class PdfLocator:
    """Finds findings on the pages of one PDF, from its words (read once per page with PDFium)."""

    def __init__(self, path: str):
        import pypdfium2 as pdfium

        self._doc = pdfium.PdfDocument(path)
        self._words: dict[int, list[tuple[str, Box]]] = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def close(self) -> None:
        self._doc.close()

    @property
    def page_count(self) -> int:
        return len(self._doc)

    def words(self, page_no: int) -> list[tuple[str, Box]]:
        if page_no not in self._words:
            self._words[page_no] = _page_words(self._doc, page_no)
        return self._words[page_no]

    def search(self, page_no: int, text: str, within: Optional[Box] = None) -> list[Box]:
        """Boxes of the words where `text` is written (whitespace ignored), optionally inside `within`."""
        needle = re.sub(r"\s+", "", text)
        if not needle:
            return []
        words = [(t, b) for t, b in self.words(page_no) if within is None or _inside(b, within)]
        hay, owner = "", []
        for n, (t, _) in enumerate(words):
            hay += t
            owner.extend([n] * len(t))
        hits, start = [], hay.find(needle)
        while start >= 0:
            boxes = [words[n][1] for n in sorted(set(owner[start:start + len(needle)]))]
            hits.append((min(b[0] for b in boxes), min(b[1] for b in boxes),
                         max(b[2] for b in boxes), max(b[3] for b in boxes)))
            start = hay.find(needle, start + 1)
        return hits

    def locate(self, page_no: int, finding) -> Optional[Box]:
        """The finding's box on this page: the found value inside its block or cell, else the block or cell."""
        precise, contexts = precise_anchor(finding), context_texts(finding)
        bbox = finding.location.bbox
        if bbox is not None:
            return self._within_or_below(page_no, precise, tuple(bbox))
        context = None
        for text in contexts:
            hits = self.search(page_no, text)
            if hits:
                context = hits[0]
                break
        hits = self.search(page_no, precise) if precise else []
        if not hits:
            return context
        if context is None:
            return hits[0]
        inside = [b for b in hits if _inside(b, context, pad=2)]
        return (inside or sorted(hits, key=lambda b: abs(b[1] - context[1]) + abs(b[0] - context[0]) / 10))[0]

    def _within_or_below(self, page_no: int, precise: Optional[str], bbox: Box) -> Box:
        """The value inside the box, or on the next few lines (a location marks where its sentence starts)."""
        if not precise:
            return bbox
        hits = self.search(page_no, precise, within=bbox)
        if hits:
            return hits[0]
        reach = max(40.0, 4 * (bbox[3] - bbox[1]))
        below = [h for h in self.search(page_no, precise) if bbox[1] - 2 <= h[1] <= bbox[3] + reach]
        return min(below, key=lambda h: (h[1], h[0])) if below else bbox

    def find(self, finding) -> Optional[tuple[int, Box]]:
        """(1-based page number, box) of the finding, or None when it cannot be found."""
        page_no = finding.location.page
        pages = [page_no] if page_no and 1 <= page_no <= self.page_count else range(1, self.page_count + 1)
        for n in pages:
            box = self.locate(n, finding)
            if box is not None:
                return n, box
        return None


def _page_words(doc, page_no: int) -> list[tuple[str, Box]]:
    from auditor.ingest.pdf_pages import read_page

    return [(w.text, (w.x0, w.top, w.x1, w.bottom)) for w in read_page(doc, page_no - 1).words]


def _inside(box: Box, area: Box, pad: float = 3) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return area[0] - pad <= cx <= area[2] + pad and area[1] - pad <= cy <= area[3] + pad


def crop_png(page, box: Box, margin: float = 45, resolution: int = 144) -> bytes:
    """A band of the page around the box, the box highlighted, as PNG bytes."""
    x0, top, x1, bottom = box
    pad = 2
    band = (0, max(0, top - margin), float(page.width), min(float(page.height), bottom + margin))
    image = page.crop(band).to_image(resolution=_bounded_resolution(page, resolution))
    image.draw_rect((max(0, x0 - pad), max(band[1], top - pad), min(page.width, x1 + pad), min(band[3], bottom + pad)),
                    fill=(255, 221, 0, 90), stroke=(214, 0, 0), stroke_width=2)
    buffer = io.BytesIO()
    image.annotated.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


MAX_RENDER_PIXELS = 25_000_000  # the page is rendered whole before it is cropped: about 100 MB at most


def _bounded_resolution(page, resolution: int) -> float:
    """The resolution, lowered for a huge page so that rendering it stays within MAX_RENDER_PIXELS."""
    pixels = float(page.width) * float(page.height) * (resolution / 72) ** 2
    if pixels <= MAX_RENDER_PIXELS:
        return resolution
    return max(9.0, resolution * (MAX_RENDER_PIXELS / pixels) ** 0.5)


def crop_data_uri(page, box: Box) -> str:
    return "data:image/png;base64," + base64.b64encode(crop_png(page, box)).decode("ascii")
