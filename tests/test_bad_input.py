"""Bad input through the CLI: one clear line on stderr, exit code 2, never a traceback."""
import shutil

import pytest
from _pdfmake import PdfMaker
from typer.testing import CliRunner

from auditor.cli import app

SAMPLE_PDF_NAME = "leics-cfs-scrutiny-2025-01-21.pdf"


def run_cli(*args: str):
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def assert_clean_error(args, *fragments):
    code, out, err = run_cli(*args)
    lines = err.strip().splitlines()
    assert code == 2, (code, out, err)
    assert len(lines) == 1 and lines[0].startswith("auditor: error:"), err
    assert "Traceback" not in out + err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def sample_pdf_copy(tmp_path, sample_pdf):
    return shutil.copy(sample_pdf, tmp_path / SAMPLE_PDF_NAME)


def test_missing_file(tmp_path):
    assert_clean_error(["check", str(tmp_path / "nope.pdf")], "no such file")


def test_directory_with_no_packs(tmp_path):
    (tmp_path / "notes.csv").write_text("a,b\n")
    assert_clean_error(["check", str(tmp_path)], "no packs in this directory")


def test_empty_file(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    assert_clean_error(["check", str(empty)], "empty")


def test_pdf_with_no_text_layer(tmp_path):
    m = PdfMaker().new_page().rect(100, 100, 400, 400, fill=True)
    m.new_page().rect(80, 80, 300, 500, fill=True)
    path = m.save(tmp_path / "scanned.pdf")
    assert_clean_error(["check", path], "no text layer on pages 1-2", "OCR")


@pytest.mark.parametrize("keep", [2_000, 300_000])
def test_truncated_pdf(tmp_path, sample_pdf, keep):
    data = open(sample_pdf, "rb").read()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[:keep])
    line = assert_clean_error(["check", str(cut)])
    assert "damaged" in line or "truncated" in line


def test_encrypted_pdf(tmp_path, sample_pdf):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(sample_pdf).pages[:2]:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    path = tmp_path / "locked.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    assert_clean_error(["check", str(path)], "encrypted")


def test_binary_file_named_md(tmp_path):
    path = tmp_path / "pack.md"
    path.write_bytes(bytes(range(256)) * 40)
    assert_clean_error(["check", str(path)], "binary")


def test_docx_that_is_not_a_zip(tmp_path):
    path = tmp_path / "pack.docx"
    path.write_bytes(b"PK\x03\x04 but then nothing useful" * 10)
    assert_clean_error(["check", str(path)], "pack.docx")


def test_rule_file_with_bad_yaml(tmp_path, sample_md):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "mine.yaml").write_text("rules:\n  - id: x\n    kind: [unclosed\n")
    assert_clean_error(["check", sample_md, "--rules", str(rules)], "mine.yaml")


def test_rule_file_with_unknown_kind(tmp_path, sample_md):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "mine.yaml").write_text(
        "rules:\n  - id: my-rule\n    kind: no-such-kind\n    severity: error\n    description: d\n")
    assert_clean_error(["check", sample_md, "--rules", str(rules)], "no-such-kind")


def test_partly_readable_pdf_still_reports_with_a_warning(tmp_path):
    m = PdfMaker().new_page()
    m.text(60, 100, "The saving of [insert figure] will be delivered.", 10)
    m.new_page().rect(100, 100, 400, 400, fill=True)
    path = m.save(tmp_path / "partly.pdf")
    code, out, err = run_cli("check", path, "--select", "draft")
    assert code == 1  # an error-severity finding
    assert "draft-placeholder" in out
    assert "reading note" in err and "no text on page 2" in err
    assert "Traceback" not in out + err
