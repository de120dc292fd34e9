"""Issue 15, item 5: `annotate` on the PDFs `check` reads: encrypted with an empty user password
(RC4, AES-128, AES-256), a cyclic page tree, a zeroed cross-reference table. Never a traceback,
never minutes of repair, no library logging under -q."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from test_robustness import run_cli

REPO = Path(__file__).resolve().parent.parent
SAMPLE_PDF = REPO / "fixtures" / "leics-cfs-scrutiny-2025-01-21.pdf"
PAGE_TEXTS = ["The budget for 2025 is [insert figure] as agreed.", "The date of the next review is TBC."]


def _content(text: str) -> bytes:
    stream = b"BT /F1 12 Tf 72 700 Td (" + text.encode("latin-1") + b") Tj ET"
    return b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"


def raw_pdf(cyclic: bool = False, zero_offsets: bool = False) -> bytes:
    """Two pages of text, written object by object. cyclic: the second page hangs under an
    intermediate node whose Kids point back to the root. zero_offsets: every xref offset is 0."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
               5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               6: _content(PAGE_TEXTS[0]), 7: _content(PAGE_TEXTS[1])}
    page = b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents %d 0 R >>"
    if cyclic:
        objects[2] = b"<< /Type /Pages /Kids [3 0 R 8 0 R] /Count 2 >>"
        objects[8] = b"<< /Type /Pages /Parent 2 0 R /Kids [4 0 R 2 0 R] /Count 1 >>"
        objects[3], objects[4] = page % (2, 6), page % (8, 7)
    else:
        objects[2] = b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>"
        objects[3], objects[4] = page % (2, 6), page % (2, 7)
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    size = max(objects) + 1
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        offset = 0 if zero_offsets else offsets.get(number, 0)
        out += b"%010d 00000 n \n" % offset if number in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref_at)
    return bytes(out)


@pytest.fixture(scope="module")
def damaged(tmp_path_factory):
    from pypdf import PdfWriter

    folder = tmp_path_factory.mktemp("damaged")
    (folder / "plain.pdf").write_bytes(raw_pdf())
    (folder / "cyclic.pdf").write_bytes(raw_pdf(cyclic=True))
    (folder / "zeroed.pdf").write_bytes(raw_pdf(zero_offsets=True))
    for algorithm in ("RC4-128", "AES-128", "AES-256"):
        writer = PdfWriter(clone_from=str(folder / "plain.pdf"))
        writer.encrypt(user_password="", owner_password="owner", algorithm=algorithm)
        writer.write(str(folder / f"encrypted-{algorithm}.pdf"))
    return folder


def highlights(path: Path) -> list[tuple[int, str]]:
    """(page number, note) of each highlight in a PDF, read with an empty password if encrypted."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    if reader.is_encrypted:
        assert reader.decrypt("")
    found = []
    for number, page in enumerate(reader.pages, 1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Highlight":
                found.append((number, str(annot["/Contents"])))
    return found


def annotate(source: Path, target: Path):
    return run_cli("annotate", source, "-o", target, "--select", "draft-", "--no-config", "-q")


@pytest.mark.parametrize("name", ["plain.pdf", "cyclic.pdf", "zeroed.pdf", "encrypted-RC4-128.pdf",
                                  "encrypted-AES-128.pdf", "encrypted-AES-256.pdf"])
def test_annotate_writes_a_highlight_per_finding_on_every_pdf_check_reads(damaged, tmp_path, name):
    check = run_cli("check", damaged / name, "--select", "draft-", "--no-config", "-q", "-f", "json")
    assert check.returncode in (0, 1) and "Traceback" not in check.stderr
    started = time.monotonic()
    proc = annotate(damaged / name, tmp_path / "out.pdf")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # -q: not one line of library logging
    assert time.monotonic() - started < 30
    notes = highlights(tmp_path / "out.pdf")
    assert [page for page, _ in notes] == [1, 2]
    assert "[insert figure]" in notes[0][1] and "TBC" in notes[1][1]


def test_the_copy_of_a_clean_pdf_is_the_original_bytes_with_the_notes_appended(damaged, tmp_path):
    assert annotate(damaged / "plain.pdf", tmp_path / "out.pdf").returncode == 0
    original = (damaged / "plain.pdf").read_bytes()
    assert (tmp_path / "out.pdf").read_bytes().startswith(original)


@pytest.mark.parametrize("algorithm, marker", [("RC4-128", "/V 2"), ("AES-128", "/AESV2"), ("AES-256", "/AESV3")])
def test_the_copy_of_an_encrypted_pdf_stays_encrypted_the_same_way(damaged, tmp_path, algorithm, marker):
    from pypdf import PdfReader

    assert annotate(damaged / f"encrypted-{algorithm}.pdf", tmp_path / "out.pdf").returncode == 0
    original, copy = PdfReader(str(damaged / f"encrypted-{algorithm}.pdf")), PdfReader(str(tmp_path / "out.pdf"))
    assert copy.is_encrypted and copy.decrypt("")
    assert marker in _encrypt_dict(copy) and marker in _encrypt_dict(original)
    assert copy.user_access_permissions == original.user_access_permissions


def _encrypt_dict(reader) -> str:
    return re.sub(r"\s+", " ", str(reader.trailer["/Encrypt"].get_object())).replace("'", "").replace(":", "")


def test_a_pdf_that_needs_a_password_is_refused_in_one_line(damaged, tmp_path):
    from pypdf import PdfWriter

    locked = tmp_path / "locked.pdf"
    writer = PdfWriter(clone_from=str(damaged / "plain.pdf"))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    writer.write(str(locked))
    proc = annotate(locked, tmp_path / "out.pdf")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "password" in proc.stderr
    assert not (tmp_path / "out.pdf").exists()


def test_a_page_tree_that_loses_pages_is_refused_naming_them(tmp_path):
    """The sample pack with one branch of its page tree replaced by a loop back to the root: PDFium
    counts 43 pages but reads 40; a copy without three pages is not written."""
    data = SAMPLE_PDF.read_bytes()
    kids = b"/Kids [127 0 R 128 0 R 129 0 R 130 0 R 131 0 R 132 0 R]"
    assert data.count(kids) == 1
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(data.replace(kids, kids.replace(b"132 0 R", b"133 0 R")))
    proc = annotate(broken, tmp_path / "out.pdf")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip() == (f"auditor: error: {broken}: pages 41, 42, 43 of the PDF cannot be read "
                                   "(damaged page tree); annotate writes no copy that would lack them")
    assert not (tmp_path / "out.pdf").exists()


def test_a_zeroed_xref_in_a_large_pack_is_not_repaired_object_by_object(tmp_path):
    """pypdf's lenient reader searched the whole file once per object (7,447 objects: 50-90 s)."""
    data = SAMPLE_PDF.read_bytes()
    cut = data.rindex(b"\nxref")
    zeroed = tmp_path / "zeroed.pdf"
    zeroed.write_bytes(data[:cut] + re.sub(rb"\d{10} (\d{5}) n", rb"0000000000 \1 n", data[cut:]))
    started = time.monotonic()
    proc = annotate(zeroed, tmp_path / "out.pdf")
    assert proc.returncode == 0 and proc.stderr == ""
    assert time.monotonic() - started < 40
    assert len(highlights(tmp_path / "out.pdf")) >= 5


def test_pdf_library_logging_is_silenced_while_auditing(caplog):
    import logging

    from auditor.batch import quiet_pdf_libraries

    logging.getLogger("pdfminer").setLevel(logging.INFO)
    with quiet_pdf_libraries():
        logging.getLogger("pypdf._reader").warning("Object 1 0 found")
        logging.getLogger("pdfminer.pdfpage").warning("CropBox missing")
    assert caplog.records == []
    assert logging.getLogger("pdfminer").level == logging.INFO  # restored
    logging.getLogger("pdfminer").setLevel(logging.NOTSET)
