"""Hostile and odd input: every one gives a clean one-line error or a sensible report, never a traceback.

Scanned and encrypted PDFs, a pack of only images, a 10 MB Markdown file, a 5,000-row table,
deeply nested HTML in cells, mixed encodings, Windows line endings, zero-width and no-break
spaces inside numbers, unsafe YAML rule files, and odd packs run through every shipped rule.
"""
from __future__ import annotations

import importlib.util
import io
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from auditor.errors import AuditorError, InputError, RuleFileError
from auditor.numbers import parse_figure
from auditor.pipeline import load_pack
from auditor.structure.tables import table_to_dataframe
from conftest import pack_from_markdown

REPO = Path(__file__).resolve().parent.parent
HAS_PDF = importlib.util.find_spec("auditor.ingest.pdf") is not None
HAS_DOCX = importlib.util.find_spec("auditor.ingest.docx") is not None
needs_pdf = pytest.mark.skipif(not HAS_PDF, reason="auditor/ingest/pdf.py not written yet")
needs_docx = pytest.mark.skipif(not HAS_DOCX, reason="auditor/ingest/docx.py not written yet")


@pytest.fixture(scope="module")
def all_rules():
    """Every shipped rule, including those off by default."""
    from auditor.rules import load_rules

    return load_rules()


def run_all(pack, rules):
    from auditor.checks import run_checks

    return run_checks(pack, rules, {})


def load_error(path) -> str:
    with pytest.raises(InputError) as info:
        load_pack(str(path))
    message = str(info.value)
    assert message.strip() and "\n" not in message and "Traceback" not in message
    return message


# ---------------------------------------------------------------- PDFs: scanned, partly scanned, encrypted

def _scanned_pages(src_path: str, indices, dest=None):
    """Pages of a PDF as images only (no text layer), as a scanner makes them."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(src_path)
    dest = dest or pdfium.PdfDocument.new()
    for i in indices:
        page = src[i]
        width, height = page.get_size()
        bitmap = page.render(scale=0.5)
        new = dest.new_page(width, height)
        image = pdfium.PdfImage.new(dest)
        image.set_bitmap(bitmap)
        image.set_matrix(pdfium.PdfMatrix().scale(width, height))
        new.insert_obj(image)
        new.gen_content()
    return dest


@pytest.fixture(scope="module")
def odd_pdfs(tmp_path_factory, sample_pdf):
    import pypdfium2 as pdfium
    from pypdf import PdfWriter

    folder = tmp_path_factory.mktemp("pdfs")
    _scanned_pages(sample_pdf, [0, 1]).save(str(folder / "scanned.pdf"))
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(sample_pdf), [0, 1])
    _scanned_pages(sample_pdf, [2], dest=mixed).save(str(folder / "mixed.pdf"))
    for name, user in (("encrypted.pdf", "secret"), ("owner-only.pdf", "")):
        writer = PdfWriter(clone_from=str(folder / "mixed.pdf"))
        writer.encrypt(user_password=user, owner_password="owner", algorithm="RC4-128")
        writer.write(str(folder / name))
    return folder


@needs_pdf
def test_scanned_pdf_is_a_clear_error_that_suggests_ocr(odd_pdfs):
    message = load_error(odd_pdfs / "scanned.pdf").lower()
    assert "ocr" in message and "text" in message
    assert re.search(r"\bpages?\s+1\b", message), message  # says which pages


@needs_pdf
def test_partly_scanned_pdf_names_the_page_without_text(odd_pdfs):
    pack = load_pack(str(odd_pdfs / "mixed.pdf"))
    hits = [w for w in pack.warnings if re.search(r"\bpages?\s+3\b", w) and "ocr" in w.lower()]
    assert hits, pack.warnings
    assert any(b.text.strip() for b in pack.blocks)


@needs_pdf
def test_encrypted_pdf_is_a_clear_error(odd_pdfs):
    message = load_error(odd_pdfs / "encrypted.pdf").lower()
    assert "password" in message or "encrypt" in message


@needs_pdf
def test_pdf_with_only_an_owner_password_is_read(odd_pdfs):
    pack = load_pack(str(odd_pdfs / "owner-only.pdf"))
    assert any(b.text.strip() for b in pack.blocks)


def _text_pdf(path, pages):
    """A PDF with one line of Helvetica text per page: (text, rotated 90 degrees?) pairs."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    doc = pdfium.PdfDocument.new()
    for line, rotated in pages:
        page = doc.new_page(720, 540)
        obj = pdfium_c.FPDFPageObj_NewTextObj(doc.raw, b"Helvetica", ctypes.c_float(14))
        utf16 = (line + "\x00").encode("utf-16-le")
        buf = ctypes.create_string_buffer(utf16, len(utf16))
        pdfium_c.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
        if rotated:
            pdfium_c.FPDFPageObj_Transform(obj, 0, 1, -1, 0, 370, 150)
        else:
            pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 72, 400)
        pdfium_c.FPDFPage_InsertObject(page.raw, obj)
        page.gen_content()
    doc.save(str(path))


@needs_pdf
def test_page_of_rotated_text_is_not_called_scanned(tmp_path):
    """Kent's landscape 'intentionally left blank' pages were once called scanned: their text is sideways."""
    path = tmp_path / "rotated.pdf"
    _text_pdf(path, [("Cabinet, 21 January 2025. The report sets out the budget.", False),
                     ("This page is intentionally left blank", True),
                     ("Total spending was 1.2m in 2024/25.", False)])
    pack = load_pack(str(path))
    assert not [w for w in pack.warnings if "ocr" in w.lower()], pack.warnings


def test_pdf_that_is_not_a_pdf_is_a_clean_error(tmp_path):
    bad = tmp_path / "notes.pdf"
    bad.write_text("just some text, saved with the wrong name", encoding="utf-8")
    with pytest.raises(AuditorError):
        load_pack(str(bad))


# ---------------------------------------------------------------- packs of only images

def _png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(out, format="PNG")
    return out.getvalue()


def test_markdown_of_only_images_is_a_clear_error(tmp_path):
    pack = tmp_path / "images.md"
    pack.write_text("![Agenda page 1](p1.png)\n\n![Agenda page 2](p2.png \"scan\")\n\n<img src='p3.png'>\n",
                    encoding="utf-8")
    message = load_error(pack)
    assert "image" in message and "OCR" in message


def test_image_among_text_is_dropped_quietly():
    pack = pack_from_markdown("# Report\n\n![chart](c.png) Spending rose to £1.2m.\n")
    texts = [b.text for b in pack.blocks]
    assert "Spending rose to £1.2m." in texts and not any("c.png" in t for t in texts)


@needs_docx
def test_word_file_of_only_images_is_a_clear_error(tmp_path):
    import docx

    document = docx.Document()
    document.add_picture(io.BytesIO(_png_bytes()))
    document.add_picture(io.BytesIO(_png_bytes()))
    path = tmp_path / "images.docx"
    document.save(str(path))
    load_error(path)


# ---------------------------------------------------------------- size: 10 MB Markdown, 5,000-row table

def test_ten_megabyte_markdown_pack_reads_in_linear_time(tmp_path, sample_md, all_rules):
    text = Path(sample_md).read_text(encoding="utf-8")
    copies = 10_000_000 // len(text.encode("utf-8")) + 1
    big = tmp_path / "big.md"
    big.write_text((text + "\n\n") * copies, encoding="utf-8")
    assert big.stat().st_size >= 10_000_000
    started = time.perf_counter()
    pack = load_pack(str(big))
    elapsed = time.perf_counter() - started
    assert len(pack.documents) >= copies
    assert elapsed < 45, f"10 MB took {elapsed:.1f} s to read"  # ~4 s here; generous for CI machines
    drafting = [r for r in all_rules if r.kind == "draft-text"]
    assert len(run_all(pack, drafting)) >= copies  # the sample's drafting slips, in every copy


def test_megabytes_on_a_single_line_do_not_hang(tmp_path, all_rules):
    big = tmp_path / "one-line.md"
    big.write_text("word [link](#) <b>bold</b> 1,234 " * 100_000, encoding="utf-8")  # 3.4 MB, one line
    started = time.perf_counter()
    pack = load_pack(str(big))
    assert time.perf_counter() - started < 30
    assert len(pack.blocks) == 1


@pytest.mark.parametrize("line", ["[" * 40_000, "[a](" * 10_000, "<http://" * 5_000, "**x " * 10_000,
                                  "|" * 40_000, "<" * 40_000, "\\" * 40_000, "_a" * 20_000])
def test_pathological_lines_read_in_linear_time(line):
    started = time.perf_counter()
    pack_from_markdown(line + "\n")
    assert time.perf_counter() - started < 3


def _long_table(rows: int, total_delta: int = 0) -> str:
    body = "\n".join(f"| Service {i} | {i * 3:,} | {i * 2:,} |" for i in range(rows))
    first = sum(i * 3 for i in range(rows))
    second = sum(i * 2 for i in range(rows)) + total_delta
    return (f"# Revenue budget\n\n| Service | 2024/25 £000 | 2025/26 £000 |\n|---|---|---|\n{body}\n"
            f"| **Total** | **{first:,}** | **{second:,}** |\n")


def test_table_of_5000_rows_is_read_whole():
    started = time.perf_counter()
    pack = pack_from_markdown(_long_table(5000))
    assert time.perf_counter() - started < 10
    (table,) = [t for _, _, t in pack.tables()]
    assert len(table.rows) == 5002
    assert table.rows[-1][1].figure.value == sum(i * 3 for i in range(5000))
    df = table_to_dataframe(table)
    assert len(df) == 5001 and df.attrs["total_rows"] == [5000]


def test_table_of_5000_rows_through_the_non_table_rules(all_rules):
    pack = pack_from_markdown(_long_table(5000))
    rules = [r for r in all_rules if not r.kind.startswith("table-")]
    started = time.perf_counter()
    run_all(pack, rules)
    assert time.perf_counter() - started < 20


def test_table_of_5000_rows_through_the_table_rules(all_rules):
    pack = pack_from_markdown(_long_table(5000, total_delta=10_000))
    rules = [r for r in all_rules if r.kind.startswith("table-")]
    started = time.perf_counter()
    findings = run_all(pack, rules)
    assert time.perf_counter() - started < 10  # about 1 s: the readings of a total are linear in its rows
    assert any(f.rule.startswith("table-total") for f in findings)


# ---------------------------------------------------------------- odd cell content

def test_deeply_nested_html_in_cells():
    deep = "<div><span>" * 3000 + "1,234" + "</span></div>" * 3000
    nested_table = "<table><tr><td>" * 50 + "Schools" + "</td></tr></table>" * 50
    text = f"| Service | £000 |\n|---|---|\n| {nested_table} | {deep} |\n| Total | 1,234 |\n"
    started = time.perf_counter()
    pack = pack_from_markdown(text)
    assert time.perf_counter() - started < 3
    (table,) = [t for _, _, t in pack.tables()]
    assert table.rows[1][0].text == "Schools"
    assert table.rows[1][1].figure.value == 1234


@pytest.mark.parametrize("written, value, unit", [
    ("1\u200b234", 1234, None),            # zero-width space inside the number
    ("£1\u00a0234", 1234, "£"),            # no-break space as thousands separator
    ("1\u202f234\u202f567", 1234567, None),  # narrow no-break space (French style)
    ("\u200b£\u00a03.2m", 3.2, "£"),       # zero-width space before, no-break space after £
    ("12.5\u00a0%", 12.5, "%"),
    ("(1\u2009234)", -1234, None),         # thin space inside brackets
    ("\ufeff1,234", 1234, None),           # a BOM pasted into a cell
    ("\u2212£5.6m", -5.6, "£"),            # true minus sign
])
def test_invisible_and_no_break_spaces_inside_numbers(written, value, unit):
    from decimal import Decimal

    fig = parse_figure(written)
    assert fig is not None and fig.value == Decimal(str(value)) and fig.unit == unit


def test_table_with_no_break_spaces_adds_up_without_a_false_alarm(all_rules):
    text = ("| Item | £000 |\n|---|---|\n| Staff | 1\u00a0200 |\n| Premises | \u200b300 |\n"
            "| Transport | 1\u202f000 |\n| **Total** | **2\u00a0500** |\n")
    pack = pack_from_markdown(text)
    findings = run_all(pack, [r for r in all_rules if r.kind == "table-total"])
    assert findings == []


# ---------------------------------------------------------------- encodings and line endings

def test_windows_line_endings_give_the_same_pack_and_lines(tmp_path):
    text = "# Agenda\n\nItem one.\nContinued here.\n\n| Item | £000 |\n|---|---|\n| A | 1 |\n| Total | 1 |\n"
    unix, windows, old_mac = tmp_path / "u.md", tmp_path / "w.md", tmp_path / "m.md"
    unix.write_bytes(text.encode())
    windows.write_bytes(text.replace("\n", "\r\n").encode())
    old_mac.write_bytes(text.replace("\n", "\r").encode())
    shapes = []
    for path in (unix, windows, old_mac):
        pack = load_pack(str(path))
        assert not any("\r" in b.text for b in pack.blocks)
        assert not any("\r" in c.text for _, _, t in pack.tables() for row in t.rows for c in row)
        shapes.append([(b.kind, b.text, b.location.line) for b in pack.blocks])
    assert shapes[0] == shapes[1] == shapes[2]


def test_cp1252_file_is_read(tmp_path):
    path = tmp_path / "cp1252.md"
    path.write_bytes("# Budget\n\nThe cost is £1,234 \u2013 see the caf\u00e9 note.\n".encode("cp1252"))
    pack = load_pack(str(path))
    assert "The cost is £1,234 – see the café note." in [b.text for b in pack.blocks]
    assert pack.warnings  # says the file was not UTF-8


def test_mixed_utf8_and_cp1252_lines_keep_both_right(tmp_path):
    path = tmp_path / "mixed.md"
    path.write_bytes("# Budget\n\nUTF-8 line: £1,234 \u2013 café.\n\n".encode("utf-8")
                     + "cp1252 line: £567 \u2013 caf\u00e9.\n".encode("cp1252"))
    pack = load_pack(str(path))
    texts = [b.text for b in pack.blocks]
    assert "UTF-8 line: £1,234 – café." in texts and "cp1252 line: £567 – café." in texts
    assert any("line 5" in w and "1252" in w for w in pack.warnings), pack.warnings


def test_utf16_file_with_bom_is_read(tmp_path):
    path = tmp_path / "utf16.md"
    path.write_bytes("# Budget\r\n\r\nTotal £1,234.\r\n".encode("utf-16"))
    pack = load_pack(str(path))
    assert "Total £1,234." in [b.text for b in pack.blocks]


@pytest.mark.parametrize("content, words", [
    (b"", "empty"),
    (b"   \n\n\t\n", "no text"),
    (b"\x00\x01\x02binary\x00" * 100, "binary"),
])
def test_empty_blank_and_binary_files_are_clean_errors(tmp_path, content, words):
    path = tmp_path / "odd.md"
    path.write_bytes(content)
    assert words in load_error(path)


# ---------------------------------------------------------------- rule files

def _rule_dir(tmp_path, body: str) -> str:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "mine.yaml").write_text(body, encoding="utf-8")
    return str(folder)


def test_yaml_rule_files_are_loaded_safely(tmp_path):
    from auditor.rules import load_rules

    marker = tmp_path / "pwned"
    body = f"rules:\n  - !!python/object/apply:os.system ['touch {marker}']\n"
    with pytest.raises(RuleFileError) as info:
        load_rules([_rule_dir(tmp_path, body)])
    assert not marker.exists()
    assert "mine.yaml" in str(info.value)


def test_a_pattern_that_does_not_compile_names_the_rule(tmp_path):
    from auditor.rules import load_rules

    body = ("rules:\n  - id: my-council-placeholder\n    kind: draft-text\n    severity: error\n"
            "    description: Our own placeholder.\n    patterns:\n      - pattern: '[insert (name'\n"
            "        message: Placeholder\n")
    with pytest.raises(RuleFileError) as info:
        load_rules([_rule_dir(tmp_path, body)])
    assert "my-council-placeholder" in str(info.value) and "mine.yaml" in str(info.value)


def test_cli_reports_a_bad_rule_file_in_one_line(tmp_path, sample_md):
    body = "rules:\n  - id: broken\n    kind: draft-text\n    severity: error\n    description: x\n" \
           "    patterns:\n      - pattern: '(unclosed'\n"
    result = subprocess.run([sys.executable, "-m", "auditor", "check", sample_md, "--rules",
                             _rule_dir(tmp_path, body)], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.returncode == 2
    assert "broken" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# ---------------------------------------------------------------- odd packs through every rule

ODD_PACKS = {
    "only headings": "# One\n\n## Two\n\n### Three\n",
    "empty table": "| |\n|---|\n",
    "header only": "| Service | £000 | Total |\n|---|---|---|\n",
    "ragged rows": "| A | B | C |\n|---|---|---|\n| 1 |\n| 1 | 2 | 3 | 4 | 5 |\n| Total | 3 |\n",
    "lone bracket and percent": "| Item | £000 | % |\n|---|---|---|\n| ( | % | ) |\n| Total | ( | % |\n",
    "huge numbers": "| Item | £000 |\n|---|---|\n| A | 99999999999999999999999999999999 |\n"
                    "| B | 1e308 |\n| C | 123456789012345678 |\n| Total | 999999999999999999 |\n"
                    "\nThe total of £99999999999999999999m rose by 1000000000000% to 10^400.\n",
    "total row alone": "| Item | £000 |\n|---|---|\n| Total | 10 |\n",
    "every row a total": "| Item | £000 |\n|---|---|\n| Total | 1 |\n| Sub Total | 1 |\n| Grand total | 2 |\n",
    "blank cells and dashes": "| Item | £000 | £000 |\n|---|---|---|\n| A | - | – |\n| B |  | — |\n| Total | - |  |\n",
    "one column": "| £000 |\n|---|\n| 1 |\n| 2 |\n| **3** |\n",
    "zeros and negatives": "| Item | £000 | Change % |\n|---|---|---|\n| A | 0 | 0% |\n| B | (0) | -0.0% |\n"
                           "| Total | -0 | (100%) |\n",
    "dates out of range": "Meeting on 31 February 2025, 0 March 2025, 29 February 2023 and 1 January 10000.\n"
                          "Between 2025/24 and 2099/00, by Q5 2024/25, in the year to 32 March.\n",
    "numbers in prose": "Of the 317 schools, 252 are primary, 80 secondary and 8 special (340 in total), "
                        "up 200% from 0 last year; 1/3 (33.3%) of £0m.\n",
    "unbalanced markup": "**bold without end\n\n<b>open <i>tags\n\n[link without target\n\n| a | **b |\n|--|--|\n",
    "minutes and reports without bodies": "MINUTES OF A MEETING OF THE CABINET HELD ON 5 NOVEMBER 2024\n\n"
                                          "REPORT OF THE DIRECTOR\n\nAPPENDIX A\n\nAppendices\n\nAppendix A – Budget\n",
}


@pytest.mark.parametrize("name", sorted(ODD_PACKS))
def test_every_shipped_rule_survives_odd_packs(name, all_rules):
    pack = pack_from_markdown(ODD_PACKS[name])
    for rule in all_rules:
        try:
            run_all(pack, [rule])
        except Exception as exc:  # pragma: no cover - the message names the rule for the report
            pytest.fail(f"rule {rule.id} ({rule.kind}) raised {type(exc).__name__}: {exc} on the '{name}' pack")


@pytest.mark.parametrize("meeting_date", [None, "2025-01-21", "1900-01-01", "2099-12-31"])
def test_every_shipped_rule_survives_odd_meeting_dates(meeting_date, all_rules):
    from auditor.checks import run_checks

    pack = pack_from_markdown(ODD_PACKS["dates out of range"] + "\n" + ODD_PACKS["numbers in prose"])
    run_checks(pack, all_rules, {"meeting_date": meeting_date})


def _kinds_str_and_list_params():
    from auditor.checks import KINDS, load_kinds

    load_kinds()
    return [(kind.name, name, typ) for kind in KINDS.values() for name, (typ, *_) in sorted(kind.params.items())
            if typ in (str, list)]


@pytest.mark.parametrize("kind, param, typ", _kinds_str_and_list_params())
def test_a_broken_regex_in_any_parameter_names_the_rule_or_is_harmless(kind, param, typ, tmp_path):
    """A bad value is rejected when the rule file loads, naming the rule, or it runs harmlessly."""
    import yaml

    from auditor.checks import run_checks
    from auditor.rules import load_rules

    value = "(unclosed [" if typ is str else ["(unclosed ["]
    rule = {"id": "my-odd-rule", "kind": kind, "severity": "warning", "description": "x", param: value}
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "odd.yaml").write_text(yaml.safe_dump({"rules": [rule]}), encoding="utf-8")
    try:
        rules = [r for r in load_rules([str(folder)]) if r.id == "my-odd-rule"]
    except RuleFileError as exc:
        assert "my-odd-rule" in str(exc)
        return
    pack = pack_from_markdown(ODD_PACKS["numbers in prose"] + "\n" + ODD_PACKS["ragged rows"])
    try:
        run_checks(pack, rules, {})
    except Exception as exc:  # accepted at load time, so it must run: the CLI would blame the pack
        pytest.fail(f"kind {kind}: parameter {param}={value!r} passed validation but raised "
                    f"{type(exc).__name__}: {exc}")


@pytest.mark.parametrize("year", ["0001", "9999"])
def test_a_meeting_dated_near_year_1_or_9999_does_not_break_date_arithmetic(year, all_rules):
    pack = pack_from_markdown(f"# Cabinet\n\nDate: 15 December {year} at 2.00 pm\n\n"
                              "The report will come back next month and next year; it came 2 years ago.\n")
    run_all(pack, all_rules)


@pytest.mark.parametrize("value", ["9999-12-01", "0001-01-01"])
def test_cli_rejects_a_meeting_date_out_of_range_in_one_line(value, sample_md):
    result = subprocess.run([sys.executable, "-m", "auditor", "check", sample_md, "--meeting-date", value],
                            capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.returncode == 2 and "--meeting-date" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("maker", ["encrypted.pdf", "scanned.pdf"])
def test_cli_on_unreadable_pdfs_exits_2_with_one_line(maker, odd_pdfs):
    if not HAS_PDF:
        pytest.skip("auditor/ingest/pdf.py not written yet")
    result = subprocess.run([sys.executable, "-m", "auditor", "check", str(odd_pdfs / maker)],
                            capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and result.stderr.startswith("auditor: error:")
