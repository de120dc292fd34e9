"""Read a PDF's pages with PDFium: words with font and position, ruling edges, bullets and links.

Coordinates are pdfplumber's: points, origin at the top-left of the page as displayed
(rotated pages are turned upright), so `bbox = (x0, top, x1, bottom)`.
PDFium's text layer is used for every page (it is ~50x faster than pdfminer's layout
analysis); table grids are found from the ruling lines with pdfplumber's table finder.
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as raw

BOLD_NAME_PARTS = ("bold", "black", "heavy", "semibold", "demibold", "demi")
BULLET_MAX_SIZE = 6.5  # a filled path smaller than this, left of a line, is a list bullet


@dataclass
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class PageContent:
    number: int  # 1-based
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    rects: list[tuple[float, float, float, float]] = field(default_factory=list)  # path bboxes
    bullets: list[tuple[float, float, float, float]] = field(default_factory=list)
    links: list[tuple[tuple[float, float, float, float], str]] = field(default_factory=list)


class _Transform:
    """PDF user space (y up, unrotated) -> displayed top-left coordinates."""

    def __init__(self, width: float, height: float, rotation: int):
        self.w, self.h, self.rot = width, height, rotation % 360

    @property
    def size(self) -> tuple[float, float]:
        return (self.h, self.w) if self.rot in (90, 270) else (self.w, self.h)

    def point(self, x: float, y: float) -> tuple[float, float]:
        if self.rot == 90:
            return y, x
        if self.rot == 180:
            return self.w - x, y
        if self.rot == 270:
            return self.h - y, self.w - x
        return x, self.h - y

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        xa, ya = self.point(left, bottom)
        xb, yb = self.point(right, top)
        return min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)


def is_bold_font(name: str, weight: int) -> bool:
    lower = name.lower().split("+")[-1]
    return weight >= 600 or any(part in lower for part in BOLD_NAME_PARTS)


def read_page(doc: pdfium.PdfDocument, index: int) -> PageContent:
    page = doc[index]
    try:
        transform = _Transform(page.get_width(), page.get_height(), page.get_rotation())
        width, height = transform.size
        content = PageContent(index + 1, width, height)
        textpage = page.get_textpage()
        try:
            content.words = _read_words(textpage, transform)
            content.links = _read_links(doc, page, transform)
        finally:
            textpage.close()
        content.rects, content.bullets = _read_paths(page, transform)
        return content
    finally:
        page.close()


def _read_words(textpage, transform: _Transform) -> list[Word]:
    """Characters grouped into words in content order; fake-bold doubles dropped."""
    tp = textpage.raw
    count = raw.FPDFText_CountChars(tp)
    if count <= 0:
        return []
    text = textpage.get_text_range(0, count)
    rect = raw.FS_RECTF()
    fonts: dict[int, tuple[float, bool]] = {}
    name_buf = ctypes.create_string_buffer(128)
    seen: set[tuple[str, int, int]] = set()
    words: list[Word] = []
    cur: list = []  # [chars, x0, top, x1, bottom, size, bold_count]

    def flush():
        if cur:
            chars, x0, top, x1, bottom, size, nbold = cur
            words.append(Word("".join(chars), x0, top, x1, bottom, size, nbold * 2 > len(chars)))
            cur.clear()

    for i in range(min(count, len(text))):
        ch = text[i]
        if ch.isspace() or ch == "\x00" or ch == "\ufffe":
            flush()
            continue
        obj = raw.FPDFText_GetTextObject(tp, i)
        key = ctypes.cast(obj, ctypes.c_void_p).value or 0
        font = fonts.get(key)
        if font is None:
            font = fonts[key] = _font_of(tp, i, obj, name_buf)
        raw.FPDFText_GetLooseCharBox(tp, i, rect)
        x0, top, x1, bottom = transform.box(rect.left, rect.bottom, rect.right, rect.top)
        mark = (ch, round(x0), round(top))
        if mark in seen:
            continue
        seen.add(mark)
        bold = font[1]
        size = round(bottom - top, 1)
        if cur and _continues_word(cur, x0, top, bottom, size):
            cur[0].append(ch)
            cur[3], cur[2], cur[4] = max(cur[3], x1), min(cur[2], top), max(cur[4], bottom)
            cur[6] += bold
        else:
            flush()
            cur.extend([[ch], x0, top, x1, bottom, size, int(bold)])
    flush()
    return words


def _continues_word(cur, x0: float, top: float, bottom: float, size: float) -> bool:
    gap = x0 - cur[3]
    same_line = abs((top + bottom) / 2 - (cur[2] + cur[4]) / 2) < max(size, cur[5]) * 0.5
    return same_line and -size * 0.5 < gap < size * 0.2


def _font_of(tp, index: int, obj, name_buf) -> tuple[float, bool]:
    weight = raw.FPDFText_GetFontWeight(tp, index)
    name = ""
    if obj:
        font = raw.FPDFTextObj_GetFont(obj)
        if font and raw.FPDFFont_GetBaseFontName(font, name_buf, len(name_buf)):
            name = name_buf.value.decode("latin-1")
    return 0.0, is_bold_font(name, weight)


def _read_paths(page, transform: _Transform):
    """Bounding boxes of the drawn paths: ruling lines/cell borders, and small bullets."""
    rects, bullets = [], []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for k in range(raw.FPDFPage_CountObjects(page.raw)):
        obj = raw.FPDFPage_GetObject(page.raw, k)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM):
            continue
        if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        box = transform.box(left.value, bottom.value, right.value, top.value)
        w, h = box[2] - box[0], box[3] - box[1]
        if 1 < w < BULLET_MAX_SIZE and 1 < h < BULLET_MAX_SIZE:
            bullets.append(box)
        elif kind == raw.FPDF_PAGEOBJ_PATH:
            rects.append(box)
    return rects, bullets


def _read_links(doc, page, transform: _Transform):
    """(bbox, target) of each link annotation; '#' for a link to an empty anchor, '' for none."""
    links = []
    buf = ctypes.create_string_buffer(2048)
    for k in range(raw.FPDFPage_GetAnnotCount(page.raw)):
        annot = raw.FPDFPage_GetAnnot(page.raw, k)
        if not annot:
            continue
        try:
            if raw.FPDFAnnot_GetSubtype(annot) != raw.FPDF_ANNOT_LINK:
                continue
            rect = raw.FS_RECTF()
            if not raw.FPDFAnnot_GetRect(annot, rect):
                continue
            box = transform.box(rect.left, rect.bottom, rect.right, rect.top)
            links.append((box, _link_target(doc, annot, buf)))
        finally:
            raw.FPDFPage_CloseAnnot(annot)
    return links


def _link_target(doc, annot, buf) -> str:
    link = raw.FPDFAnnot_GetLink(annot)
    action = raw.FPDFLink_GetAction(link) if link else None
    if action and raw.FPDFAction_GetType(action) == raw.PDFACTION_URI:
        n = raw.FPDFAction_GetURIPath(doc.raw, action, buf, len(buf))
        return buf.raw[: max(n - 1, 0)].decode("latin-1").strip() if n else ""
    if raw.FPDFAnnot_HasKey(annot, b"Dest"):
        return "#" + _dest_name(annot)
    if action and raw.FPDFAction_GetType(action) in (raw.PDFACTION_GOTO, raw.PDFACTION_REMOTEGOTO):
        return "#page"
    return ""


def _dest_name(annot) -> str:
    """The named destination of a link ('' for an empty name); 'page' for an explicit page."""
    kind = raw.FPDFAnnot_GetValueType(annot, b"Dest")
    if kind not in (raw.FPDF_OBJECT_NAME, raw.FPDF_OBJECT_STRING):
        return "page"
    wbuf = (ctypes.c_ushort * 512)()
    n = raw.FPDFAnnot_GetStringValue(annot, b"Dest", wbuf, ctypes.sizeof(wbuf))
    data = bytes(wbuf)[: max(n - 2, 0)] if n else b""
    return data.decode("utf-16-le", errors="replace").strip("/")
