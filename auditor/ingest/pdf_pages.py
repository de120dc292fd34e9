"""Read a PDF's pages with PDFium: words with font and position, ruling edges, bullets and links.

Coordinates are pdfplumber's: points, origin at the top-left of the page as displayed
(rotated pages are turned upright), so `bbox = (x0, top, x1, bottom)`.
PDFium's text layer is used for every page (it is ~50x faster than pdfminer's layout
analysis); table grids are found from the ruling lines with pdfplumber's table finder.
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import Optional

import pypdfium2 as pdfium
import pypdfium2.raw as raw

BOLD_NAME_PARTS = ("bold", "black", "heavy", "semibold", "demibold", "demi")
BULLET_MAX_SIZE = 6.5  # a filled path smaller than this, left of a line, is a list bullet
UNEVEN_BOXES = 0.5  # points: character boxes of one font and size this far apart in height are glyph boxes


def round_bbox(bbox) -> tuple[float, float, float, float]:
    """A box to 0.1 pt, as block and cell locations report it."""
    return tuple(round(v, 1) for v in bbox)  # type: ignore[return-value]


class Word:
    """A run of characters without a space, with its box (x0, top, x1, bottom) and centre."""

    __slots__ = ("text", "x0", "top", "x1", "bottom", "size", "bold", "xc", "yc")

    def __init__(self, text: str, x0: float, top: float, x1: float, bottom: float, size: float, bold: bool):
        self.text, self.x0, self.top, self.x1, self.bottom = text, x0, top, x1, bottom
        self.size, self.bold = size, bold
        self.xc, self.yc = (x0 + x1) / 2, (top + bottom) / 2

    def __repr__(self) -> str:
        return f"Word({self.text!r}, {self.x0:.1f}, {self.top:.1f}, {self.x1:.1f}, {self.bottom:.1f})"

    def __getstate__(self):
        return tuple(getattr(self, k) for k in self.__slots__[:7])

    def __setstate__(self, state):
        self.__init__(*state)


def word_lines(words: list[Word]) -> list[list[Word]]:
    """Words into lines, top to bottom, each line left to right: a word joins the line whose
    first word's centre is within 0.45 of the smaller font size of its own."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (round(w.yc), w.x0)):
        if lines and abs(w.yc - lines[-1][0].yc) < min(w.size, lines[-1][0].size) * 0.45:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(ln, key=lambda w: w.x0) for ln in lines]


@dataclass
class PageContent:
    number: int  # 1-based
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    rects: list[tuple[float, float, float, float]] = field(default_factory=list)  # path bboxes
    bullets: list[tuple[float, float, float, float]] = field(default_factory=list)
    links: list[tuple[tuple[float, float, float, float], str]] = field(default_factory=list)
    garbled: bool = False  # text present but not decodable (font maps missing or broken)
    turned: list[Word] = field(default_factory=list)  # whole lines of text turned 90/180/270 degrees
    # (box, colour) of each run of coloured text underlined in its own colour: how a link looks
    underlined: list[tuple[tuple[float, float, float, float], tuple[int, int, int]]] = field(default_factory=list)


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
            if _is_garbled(textpage):
                content.garbled = True
                return content
            content.words, content.turned = _read_words(textpage, transform)
            content.links = _read_links(doc, page, transform)
        finally:
            textpage.close()
        content.rects, content.bullets, content.underlined = _read_paths(page, transform)
        return content
    finally:
        page.close()


def _is_garbled(textpage) -> bool:
    """Text whose characters cannot be mapped to Unicode: control codes instead of letters."""
    count = raw.FPDFText_CountChars(textpage.raw)
    if count <= 0:
        return False
    sample = textpage.get_text_range(0, min(count, 2000))
    controls = sum(1 for ch in sample if ch < " " and ch not in "\r\n\t")
    unmapped = sum(raw.FPDFText_HasUnicodeMapError(textpage.raw, i) for i in range(min(count, 300)))
    return controls > len(sample) * 0.02 or unmapped > min(count, 300) * 0.05


def _raw_fn(name: str, restype, argtypes):
    """A PDFium function with plain C types: much cheaper per call than the typed binding.

    Built from the address of pypdfium2's own binding, so no private module is needed.
    """
    address = ctypes.cast(getattr(raw, name), ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_GET_TEXT_OBJECT = _raw_fn("FPDFText_GetTextObject", ctypes.c_void_p, [ctypes.c_void_p, ctypes.c_int])
_IS_GENERATED = _raw_fn("FPDFText_IsGenerated", ctypes.c_int, [ctypes.c_void_p, ctypes.c_int])
_GET_FONT = _raw_fn("FPDFTextObj_GetFont", ctypes.c_void_p, [ctypes.c_void_p])
_GET_LOOSE_BOX = _raw_fn("FPDFText_GetLooseCharBox", ctypes.c_int,
                         [ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(raw.FS_RECTF)])
_GET_FONT_SIZE = _raw_fn("FPDFText_GetFontSize", ctypes.c_double, [ctypes.c_void_p, ctypes.c_int])
_GET_MATRIX = _raw_fn("FPDFText_GetMatrix", ctypes.c_int,
                      [ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(raw.FS_MATRIX)])


def _read_words(textpage, transform: _Transform) -> tuple[list[Word], list[Word]]:
    """Characters grouped into words in content order; fake-bold doubles dropped.

    Text turned on the page (margin stamps, landscape pages printed sideways) comes back apart,
    as whole lines, since it cannot share lines with the upright words.
    """
    tp = textpage.raw
    count = raw.FPDFText_CountChars(tp)
    if count <= 0:
        return [], []
    text = textpage.get_text_range(0, count)
    tp_addr = ctypes.cast(tp, ctypes.c_void_p).value
    rect = raw.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    bold_of: dict[int, bool] = {}  # by text object
    turn_of: dict[int, int] = {}  # by text object: how far the text is turned as displayed
    turned: list[tuple] = []
    bold_of_font: dict[int, bool] = {}
    name_buf = ctypes.create_string_buffer(128)
    seen: set[tuple[str, int, int]] = set()
    font_of: dict[int, int] = {}  # by text object
    firsts: list[tuple[int, int]] = []  # each word's font and first character
    words: list[Word] = []
    chars: list[str] = []
    x0 = top = x1 = bottom = size = 0.0
    nbold = 0
    upright = transform.rot == 0
    page_h = transform.h
    guessed_break = False
    last_index, last_box = -2, None  # the last character kept, and its box
    for i in range(min(count, len(text))):
        ch = text[i]
        if ch.isspace() or ch in "\x00\ufffe":
            if _IS_GENERATED(tp_addr, i) == 1:
                guessed_break = True  # PDFium's guess at a break: the gap test below decides
                continue
            if chars:
                words.append(Word("".join(chars), x0, top, x1, bottom, size, nbold * 2 > len(chars)))
                chars = []
            continue
        obj = _GET_TEXT_OBJECT(tp_addr, i) or 0
        bold = bold_of.get(obj)
        if bold is None:
            font = _GET_FONT(obj) if obj else 0
            font_of[obj] = font or 0
            bold = bold_of_font.get(font)
            if bold is None:
                bold = bold_of_font[font] = _is_bold_char(tp, i, name_buf)
            bold_of[obj] = bold
            turn_of[obj] = _turn(tp, i, transform.rot)
        _GET_LOOSE_BOX(tp_addr, i, rect_ref)
        if upright:
            cx0, ctop, cx1, cbottom = rect.left, page_h - rect.top, rect.right, page_h - rect.bottom
        else:
            cx0, ctop, cx1, cbottom = transform.box(rect.left, rect.bottom, rect.right, rect.top)
        if turn_of[obj]:
            turned.append((ch, cx0, ctop, cx1, cbottom, bold, turn_of[obj]))
            continue
        if i == last_index + 1 and (cx0, ctop, cx1, cbottom) == last_box and chars:
            chars.append(ch)  # one glyph for several letters ('ffi'): each letter has the glyph's box
            last_index = i
            continue
        mark = (ch, int(cx0), int(ctop))
        if mark in seen:
            continue
        last_index, last_box = i, (cx0, ctop, cx1, cbottom)
        seen.add(mark)
        csize = cbottom - ctop
        # a tightly set font leaves a word gap narrower than 0.2 of its height: where PDFium saw a
        # break too, a gap of a tenth of it parts two words ('Delivery Sub Total' set in Aptos Bold)
        widest = csize * (0.1 if guessed_break else 0.2)
        guessed_break = False
        if chars and -csize * 0.5 < cx0 - x1 < widest and abs(ctop + cbottom - top - bottom) < csize:
            chars.append(ch)
            x1 = cx1 if cx1 > x1 else x1
            top = ctop if ctop < top else top
            bottom = cbottom if cbottom > bottom else bottom
            nbold += bold
        else:
            if chars:
                words.append(Word("".join(chars), x0, top, x1, bottom, size, nbold * 2 > len(chars)))
            chars = [ch]
            x0, top, x1, bottom, size, nbold = cx0, ctop, cx1, cbottom, round(csize, 1), int(bold)
            firsts.append((font_of[obj], i))
    if chars:
        words.append(Word("".join(chars), x0, top, x1, bottom, size, nbold * 2 > len(chars)))
    _even_sizes(words, firsts, tp_addr)
    return words, _turned_lines(turned)


def _even_sizes(words: list[Word], firsts: list[tuple[int, int]], tp_addr) -> None:
    """One size for every word of one font and size (`firsts`: each word's font and first character).

    A word's size is its first character's box height, which for most fonts is the font's line
    (ascent to descent), the same for every character. A font that declares no descent (a word
    processor's print to PDF) gets each glyph's own box instead: 'programme' would be taller
    than 'the', and a paragraph would part at each line whose first word differs. Those words
    all take the middle of their font's word sizes (at one size as set) on the page.
    """
    by_font: dict[int, set] = {}
    for word, (font, _) in zip(words, firsts):
        by_font.setdefault(font, set()).add(word.size)
    # a font at one or two sizes with even boxes shows one or two heights: not worth a closer look
    uneven_fonts = {font for font, seen in by_font.items() if len(seen) > 2 and max(seen) - min(seen) > UNEVEN_BOXES}
    if not uneven_fonts:
        return
    matrix = raw.FS_MATRIX()
    matrix_ref = ctypes.byref(matrix)
    styles: dict[int, tuple] = {}  # by word: font and size as set on the page (its text's scale counted)
    sizes: dict[tuple, list[float]] = {}
    for k, (word, (font, i)) in enumerate(zip(words, firsts)):
        if font in uneven_fonts:
            scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5 if _GET_MATRIX(tp_addr, i, matrix_ref) else 1.0
            styles[k] = style = (font, round(_GET_FONT_SIZE(tp_addr, i) * scale, 1))
            sizes.setdefault(style, []).append(word.size)
    middle = {style: sorted(s)[len(s) // 2] for style, s in sizes.items() if max(s) - min(s) > UNEVEN_BOXES}
    for k, style in styles.items():
        if style in middle:
            words[k].size = middle[style]


def _turn(tp, index: int, page_rotation: int) -> int:
    """0, 90, 180 or 270: how far (clockwise) a character is turned on the displayed page."""
    import math

    angle = raw.FPDFText_GetCharAngle(tp, index)  # clockwise, in the page's own space
    if angle < 0:
        return 0
    return (round(math.degrees(angle) / 90) * 90 + page_rotation) % 360


def _to_frame(turn: int, x0: float, top: float, x1: float, bottom: float) -> tuple[float, float, float, float]:
    """A box in coordinates where the turned text reads left to right, top to bottom."""
    if turn == 90:  # reads downwards; the next line is to the left
        return top, -x1, bottom, -x0
    if turn == 270:  # reads upwards; the next line is to the right
        return -bottom, x0, -top, x1
    return -x1, -bottom, -x0, -top  # upside down


def _turned_lines(chars: list[tuple]) -> list[Word]:
    """Turned characters into lines: one Word per line, its box on the page as displayed."""
    lines: list[list] = []  # [turn, frame y-centre, [(frame x0, ch, page box, bold)]]
    for ch, x0, top, x1, bottom, bold, turn in chars:
        fx0, ftop, fx1, fbottom = _to_frame(turn, x0, top, x1, bottom)
        yc, height = (ftop + fbottom) / 2, fbottom - ftop
        line = next((ln for ln in lines if ln[0] == turn and abs(ln[1] - yc) < height * 0.5), None)
        if line is None:
            line = [turn, yc, []]
            lines.append(line)
        line[2].append((fx0, fx1, ch, (x0, top, x1, bottom), bold, height))
    out = []
    for _, _, parts in lines:
        parts.sort(key=lambda p: p[0])
        text, prev_end = "", None
        for fx0, fx1, ch, _, _, height in parts:
            if prev_end is not None and fx0 - prev_end > height * 0.2:
                text += " "
            text += ch
            prev_end = fx1
        boxes = [p[3] for p in parts]
        size = round(max(p[5] for p in parts), 1)
        bold = sum(p[4] for p in parts) * 2 > len(parts)
        out.append(Word(text, min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                        max(b[3] for b in boxes), size, bold))
    return out


def _is_bold_char(tp, index: int, name_buf) -> bool:
    weight = raw.FPDFText_GetFontWeight(tp, index)
    obj = raw.FPDFText_GetTextObject(tp, index)
    name = ""
    if obj:
        font = raw.FPDFTextObj_GetFont(obj)
        if font and raw.FPDFFont_GetBaseFontName(font, name_buf, len(name_buf)):
            name = name_buf.value.decode("latin-1")
    return is_bold_font(name, weight)


def _read_paths(page, transform: _Transform):
    """Bounding boxes of the drawn paths (ruling lines/cell borders, and small bullets), and the
    runs of coloured text underlined in their own colour."""
    rects, bullets, underlines, texts = [], [], [], []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for k in range(raw.FPDFPage_CountObjects(page.raw)):
        obj = raw.FPDFPage_GetObject(page.raw, k)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_TEXT:
            texts.append(obj)
            continue
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
            if h <= UNDERLINE_MAX_HEIGHT and w > h * 4:
                colour = _coloured(_path_colour(obj))
                if colour:
                    underlines.append((box, colour))
    return rects, bullets, _underlined_text(underlines, texts, transform) if underlines else []


UNDERLINE_MAX_HEIGHT = 1.5  # points: a path this thin and long is a rule or an underline
GREY_SPREAD = 40  # a colour whose channels (0-255) are all within this of each other is black, grey or white


def _path_colour(obj) -> Optional[tuple[int, int, int]]:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
        return None
    getter = raw.FPDFPageObj_GetStrokeColor if stroke.value else raw.FPDFPageObj_GetFillColor
    return _object_colour(obj, getter)


def _object_colour(obj, getter) -> Optional[tuple[int, int, int]]:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
        return None
    return r.value, g.value, b.value


def _coloured(colour: Optional[tuple[int, int, int]]) -> Optional[tuple[int, int, int]]:
    return colour if colour and max(colour) - min(colour) > GREY_SPREAD else None


def same_colour(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    return all(abs(x - y) <= 8 for x, y in zip(a, b))


def _underlined_text(underlines, texts, transform: _Transform):
    """(box, colour) of the text objects in a colour whose underline of that colour runs just below them."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    coloured = []
    for obj in texts:
        colour = _coloured(_object_colour(obj, raw.FPDFPageObj_GetFillColor))
        if colour and raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            coloured.append((transform.box(left.value, bottom.value, right.value, top.value), colour))
    runs = []
    for line, colour in underlines:
        over = [box for box, c in coloured if same_colour(c, colour) and _sits_on(box, line)]
        if over:
            runs.append(((min(b[0] for b in over), min(b[1] for b in over),
                          max(b[2] for b in over), max(line[3], max(b[3] for b in over))), colour))
    return runs


def _sits_on(text, line) -> bool:
    """A text box whose lower part the underline runs under or through, over most of the text's width."""
    height = text[3] - text[1]
    across = min(text[2], line[2]) - max(text[0], line[0])
    return text[1] + height * 0.5 <= line[1] <= text[3] + 3 and across >= (text[2] - text[0]) * 0.5


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


# ---------------------------------------------------------------- pages in parallel

PARALLEL_MIN_PAGES = 24  # below this, starting worker processes costs more than it saves
CHUNK_PAGES = 8


def read_pages_parallel(path: str, n_pages: int, on_page=None) -> Optional[list[Optional[PageContent]]]:
    """All pages read by two worker processes (None for a page that failed to read).

    Returns None when parallel reading is not worth it or not available here; the caller then
    reads the pages itself. The text layer is the only per-page CPU-heavy step, so it is the part
    worth spreading over cores; the layout needs the whole document and stays in this process.
    """
    import multiprocessing
    import os

    from auditor.processes import ignore_interrupts, in_worker_process, workers_deaf_to_interrupts

    workers = min(2, os.cpu_count() or 1)
    if n_pages < PARALLEL_MIN_PAGES or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    if in_worker_process():  # a --jobs worker: one process per core already
        return None

    chunks = [(path, start, min(start + CHUNK_PAGES, n_pages)) for start in range(0, n_pages, CHUNK_PAGES)]
    try:
        with workers_deaf_to_interrupts():  # Ctrl-C: the workers ignore it, the pool's exit ends them
            pool = multiprocessing.get_context("fork").Pool(workers, initializer=ignore_interrupts)
        with pool:
            packed = []
            for chunk in pool.imap(_read_chunk, chunks):
                packed += chunk
                if on_page:
                    on_page(len(packed), n_pages)
    except (OSError, AssertionError, RuntimeError):  # no forking here (daemon process, limits)
        return None
    return [_unpack(p) if p is not None else None for p in packed]


def _read_chunk(args) -> list:
    path, start, stop = args
    doc = pdfium.PdfDocument(path)
    out = []
    try:
        for i in range(start, stop):
            try:
                out.append(_pack(read_page(doc, i)))
            except Exception:  # reported by the caller as a page it could not read
                out.append(None)
    finally:
        doc.close()
    return out


def _pack(page: PageContent) -> tuple:
    words = [(w.text, w.x0, w.top, w.x1, w.bottom, w.size, w.bold) for w in page.words]
    turned = [(w.text, w.x0, w.top, w.x1, w.bottom, w.size, w.bold) for w in page.turned]
    return (page.number, page.width, page.height, words, page.rects, page.bullets, page.links, page.garbled, turned,
            page.underlined)


def _unpack(data: tuple) -> PageContent:
    number, width, height, words, rects, bullets, links, garbled, turned, underlined = data
    return PageContent(number, width, height, [Word(*w) for w in words], rects, bullets, links, garbled,
                       [Word(*w) for w in turned], underlined)
