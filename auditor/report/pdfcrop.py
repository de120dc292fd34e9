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


def anchor_texts(finding) -> list[str]:
    """Text to look for, most precise first: the found value as written, then the excerpt."""
    core = excerpt_core(finding.excerpt)
    out = []
    found = (finding.found or "").strip()
    if len(found) >= 2 and (not core or found in core):
        out.append(found)
    if core:
        out.append(core)
        words = core.split()
        for n in (8, 5, 3):
            if len(words) > n:
                out.append(" ".join(words[:n]))
    return out


def _search(page, text: str) -> list[Box]:
    try:
        matches = page.search(re.escape(text).replace(r"\ ", r"\s+"), regex=True, case=True)
    except Exception:  # pdfplumber raises on odd layouts; treat as not found
        return []
    return [(m["x0"], m["top"], m["x1"], m["bottom"]) for m in matches]


def locate(page, finding) -> Optional[Box]:
    """The finding's box on this page, or None."""
    bbox = finding.location.bbox
    if bbox is not None:
        return tuple(bbox)
    candidates = anchor_texts(finding)
    context = None
    for text in candidates[1:] if len(candidates) > 1 else []:
        hits = _search(page, text)
        if hits:
            context = hits[0]
            break
    first = candidates[0] if candidates else None
    if first is None:
        return None
    hits = _search(page, first)
    if not hits:
        return context
    if context is None:
        return hits[0]
    return min(hits, key=lambda b: abs(b[1] - context[1]) + abs(b[0] - context[0]) / 10)


def pages_to_try(pdf, finding) -> list:
    page_no = finding.location.page
    if page_no and 1 <= page_no <= len(pdf.pages):
        return [pdf.pages[page_no - 1]]
    return list(pdf.pages)


def find_box(pdf, finding) -> Optional[tuple[int, Box]]:
    """(1-based page number, box) of the finding, or None when it cannot be found."""
    for page in pages_to_try(pdf, finding):
        box = locate(page, finding)
        if box is not None:
            return page.page_number, box
    return None


def crop_png(page, box: Box, margin: float = 45, resolution: int = 110) -> bytes:
    """A band of the page around the box, the box highlighted, as PNG bytes."""
    x0, top, x1, bottom = box
    pad = 2
    band = (0, max(0, top - margin), float(page.width), min(float(page.height), bottom + margin))
    image = page.crop(band).to_image(resolution=resolution)
    image.draw_rect((max(0, x0 - pad), max(band[1], top - pad), min(page.width, x1 + pad), min(band[3], bottom + pad)),
                    fill=(255, 221, 0, 90), stroke=(214, 0, 0), stroke_width=2)
    buffer = io.BytesIO()
    image.annotated.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def crop_data_uri(page, box: Box) -> str:
    return "data:image/png;base64," + base64.b64encode(crop_png(page, box)).decode("ascii")
