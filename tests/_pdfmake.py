"""Tiny PDFs written in tests with PDFium: text in standard fonts, ruled boxes, links."""
from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as raw


class PdfMaker:
    """Pages of A4 with text placed at (x, top) in pdfplumber-style coordinates."""

    WIDTH, HEIGHT = 595.0, 842.0

    def __init__(self):
        self.doc = pdfium.PdfDocument.new()
        self.page = None
        self.pages = []

    def new_page(self, rotation: int = 0):
        self.page = self.doc.new_page(self.WIDTH, self.HEIGHT)
        if rotation:
            self.page.set_rotation(rotation)
        self.pages.append(self.page)
        return self

    def text(self, x: float, top: float, text: str, size: float = 10, bold: bool = False, turned: bool = False,
             colour: tuple[int, int, int] = (0, 0, 0)):
        font = b"Helvetica-Bold" if bold else b"Helvetica"
        obj = raw.FPDFPageObj_NewTextObj(self.doc.raw, font, ctypes.c_float(size))
        raw.FPDFText_SetText(obj, _wide(text))
        raw.FPDFPageObj_SetFillColor(obj, *colour, 255)
        if turned:  # running up the page: upright once the page is shown rotated 90 degrees
            raw.FPDFPageObj_Transform(obj, 0, 1, -1, 0, x, self.HEIGHT - top)
        else:
            raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, self.HEIGHT - top - size * 0.8)
        raw.FPDFPage_InsertObject(self.page.raw, obj)
        return self

    def rect(self, x0: float, top: float, x1: float, bottom: float, fill: bool = False):
        obj = raw.FPDFPageObj_CreateNewRect(x0, self.HEIGHT - bottom, x1 - x0, bottom - top)
        raw.FPDFPageObj_SetStrokeColor(obj, 0, 0, 0, 255)
        raw.FPDFPageObj_SetFillColor(obj, 0, 0, 0, 255)
        raw.FPDFPageObj_SetStrokeWidth(obj, ctypes.c_float(0.5))
        raw.FPDFPath_SetDrawMode(obj, raw.FPDF_FILLMODE_ALTERNATE if fill else 0, 1)
        raw.FPDFPage_InsertObject(self.page.raw, obj)
        return self

    def underline(self, x0: float, x1: float, y: float, colour: tuple[int, int, int]):
        """A thin stroked line at y (from the top), as a word processor draws under a link."""
        obj = raw.FPDFPageObj_CreateNewPath(x0, self.HEIGHT - y)
        raw.FPDFPath_LineTo(obj, x1, self.HEIGHT - y)
        raw.FPDFPageObj_SetStrokeColor(obj, *colour, 255)
        raw.FPDFPageObj_SetStrokeWidth(obj, ctypes.c_float(0.6))
        raw.FPDFPath_SetDrawMode(obj, 0, 1)
        raw.FPDFPage_InsertObject(self.page.raw, obj)
        return self

    def grid(self, x0: float, top: float, col_widths: list[float], row_height: float, rows: list[list[str]],
             bold_rows: tuple[int, ...] = (), size: float = 9):
        """A ruled table: one box per cell, each cell's text near its top-left corner."""
        y = top
        for r, row in enumerate(rows):
            x = x0
            for w, text in zip(col_widths, row):
                self.rect(x, y, x + w, y + row_height)
                if text:
                    self.text(x + 3, y + 3, text, size=size, bold=r in bold_rows)
                x += w
            y += row_height
        return self

    def link(self, x0: float, top: float, x1: float, bottom: float, uri: str):
        annot = raw.FPDFPage_CreateAnnot(self.page.raw, raw.FPDF_ANNOT_LINK)
        rect = raw.FS_RECTF(x0, self.HEIGHT - top, x1, self.HEIGHT - bottom)
        raw.FPDFAnnot_SetRect(annot, rect)
        raw.FPDFAnnot_SetURI(annot, uri.encode("ascii"))
        raw.FPDFPage_CloseAnnot(annot)
        return self

    def save(self, path) -> str:
        for page in self.pages:
            raw.FPDFPage_GenerateContent(page.raw)
        self.doc.save(str(path))
        return str(path)


def _wide(text: str):
    data = (text + "\x00").encode("utf-16-le")
    return ctypes.cast(ctypes.create_string_buffer(data, len(data)), ctypes.POINTER(raw.FPDF_WCHAR))


def ligature_pdf(path, text_codes: bytes):
    """A one-page PDF in Helvetica whose byte 0x01 draws the glyph 'f' and reads as 'ff' (a ligature)."""
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /L def "
            b"1 begincodespacerange <00> <FF> endcodespacerange "
            b"1 beginbfchar <01> <00660066> endbfchar "
            b"1 beginbfrange <20> <7E> <0020> endbfrange endcmap CMapName currentdict /CMap defineresource pop end end")
    content = b"BT /F1 12 Tf 72 700 Td (" + text_codes + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding "
        b"/BaseEncoding /WinAnsiEncoding /Differences [1 /f] >> /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    with open(path, "wb") as f:
        f.write(out)
    return str(path)
