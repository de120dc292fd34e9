"""Annotated copies: one Word comment / PDF highlight per finding, on the right text; originals untouched."""
import hashlib
import re
import shutil

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from auditor.annotate import annotate_docx, annotate_file, annotate_pdf, default_output
from auditor.errors import AuditorError
from auditor.model import Finding, Location
from auditor.report.pdfcrop import precise_anchor

from conftest import run_rules


def _digest(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def comment_anchors(path) -> list[tuple[str, str]]:
    """(anchored text, comment text) for each comment, in comment-id order."""
    document = docx.Document(path)
    open_ids, texts = set(), {}
    for el in document.element.body.iter():
        if el.tag == qn("w:commentRangeStart"):
            open_ids.add(el.get(qn("w:id")))
            texts.setdefault(el.get(qn("w:id")), "")
        elif el.tag == qn("w:commentRangeEnd"):
            open_ids.discard(el.get(qn("w:id")))
        elif el.tag == qn("w:t"):
            for i in open_ids:
                texts[i] += el.text or ""
    comments = {str(c.comment_id): c.text for c in document.comments}
    return [(texts[i], comments[i]) for i in sorted(texts, key=int)]


@pytest.fixture(scope="module")
def docx_findings(pack_docx):
    return run_rules(pack_docx, [""])


@pytest.fixture(scope="module")
def pdf_findings(pack_pdf):
    return run_rules(pack_pdf, [""])


def test_sample_docx_gets_one_comment_per_finding_on_the_offending_text(sample_docx, docx_findings, tmp_path):
    assert docx_findings
    before = _digest(sample_docx)
    target = tmp_path / "reviewed.docx"
    placed, missed = annotate_docx(sample_docx, str(target), docx_findings)
    assert _digest(sample_docx) == before
    assert (placed, missed) == (len(docx_findings), [])
    anchors = comment_anchors(target)
    assert len(anchors) == len(docx_findings)
    for (text, comment), f in zip(anchors, docx_findings):
        assert comment.splitlines()[0] == f.message
        assert f"Rule: {f.rule} ({f.severity})" in comment
        precise = precise_anchor(f)
        if precise:  # the value itself, not the paragraph around it
            assert " ".join(text.split()) == " ".join(precise.split()), (f.rule, f.message)
        else:
            assert text.strip() and " ".join(text.split()) in " ".join(f.excerpt.split())


def test_table_value_repeated_in_the_table_is_anchored_in_the_labelled_cell(tmp_path):
    document = docx.Document()
    document.add_paragraph("Budget")
    table = document.add_table(rows=4, cols=3)
    for r, row in enumerate([["Service", "2024/25", "2025/26"], ["Alpha", "100", "0"], ["Beta", "0", "100"],
                             ["Total", "100", "0"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    source = tmp_path / "t.docx"
    document.save(source)
    f = Finding(rule="table-total", severity="error", message="Total is wrong", document="Budget",
                location=Location(str(source), paragraph=2), excerpt="“Total” / “2025/26” = 0", expected="100",
                found="0", extra={"row": "Total", "column": "2025/26"})
    target = tmp_path / "t.reviewed.docx"
    assert annotate_docx(str(source), str(target), [f]) == (1, [])
    marked = docx.Document(target).tables[0]
    hits = [(r, c) for r, row in enumerate(marked.rows) for c, cell in enumerate(row.cells)
            if list(cell._tc.iter(qn("w:commentRangeStart")))]
    assert hits == [(3, 2)]


def test_comment_splits_runs_so_only_the_value_is_anchored(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("The saving of ")
    paragraph.add_run("£XXm will be").bold = True
    paragraph.add_run(" delivered.")
    source = tmp_path / "s.docx"
    document.save(source)
    f = Finding(rule="draft-placeholder", severity="error", message="Placeholder", document="Doc",
                location=Location(str(source), paragraph=1), excerpt="The saving of £XXm will be delivered.",
                found="£XXm")
    target = tmp_path / "s2.docx"
    annotate_docx(str(source), str(target), [f])
    assert [t for t, _ in comment_anchors(target)] == ["£XXm"]
    out = docx.Document(target).paragraphs[0]
    assert out.text == "The saving of £XXm will be delivered."
    assert [r.bold for r in out.runs if r.text == " will be"] == [True]  # formatting kept on the split run


def test_sample_pdf_gets_one_highlight_per_finding_on_its_page(sample_pdf, pdf_findings, tmp_path):
    findings = pdf_findings
    assert findings
    before = _digest(sample_pdf)
    target = tmp_path / "reviewed.pdf"
    placed, missed = annotate_pdf(sample_pdf, str(target), findings)
    assert _digest(sample_pdf) == before
    assert (placed, missed) == (len(findings), [])
    reader = PdfReader(str(target))
    highlights = {}
    for n, page in enumerate(reader.pages, 1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot["/Subtype"] == "/Highlight":
                highlights.setdefault(n, []).append(annot)
    expected = {}
    for f in findings:
        expected[f.location.page] = expected.get(f.location.page, 0) + 1
    assert {n: len(a) for n, a in highlights.items()} == expected
    notes = [a["/Contents"] for a in highlights[findings[0].location.page]]
    assert any(note.startswith(findings[0].message) for note in notes)
    _assert_highlight_covers_a_table_value(sample_pdf, reader, findings)


def _assert_highlight_covers_a_table_value(sample_pdf, reader, findings):
    """The highlight of a table finding covers exactly the offending value in its cell."""
    import pdfplumber

    f = next(f for f in findings if f.rule.startswith("table-") and f.location.bbox)
    page = reader.pages[f.location.page - 1]
    annot = next(a.get_object() for a in page["/Annots"]
                 if a.get_object()["/Subtype"] == "/Highlight" and a.get_object()["/Contents"].startswith(f.message))
    x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
    height = float(page.mediabox.top)
    with pdfplumber.open(sample_pdf) as pdf:
        text = pdf.pages[f.location.page - 1].crop((x0, height - y1, x1, height - y0)).extract_text()
    assert re.sub(r"\s", "", text) == re.sub(r"\s", "", f.found)


def test_original_is_never_the_target(sample_docx, tmp_path):
    with pytest.raises(AuditorError, match="must not overwrite"):
        annotate_file(sample_docx, sample_docx, [])
    assert default_output("/x/DRAFT.docx") == "/x/DRAFT.reviewed.docx"


def test_annotate_command(sample_docx, tmp_path):
    from typer.testing import CliRunner

    from auditor.cli import app

    source = tmp_path / "draft.docx"
    shutil.copy(sample_docx, source)
    result = CliRunner().invoke(app, ["annotate", str(source), "--select", "draft-", "--no-config", "-q"])
    assert result.exit_code == 0, result.output
    anchors = comment_anchors(tmp_path / "draft.reviewed.docx")
    assert anchors and all(c.endswith(")") and "Rule: draft-" in c for _, c in anchors)
    bad = CliRunner().invoke(app, ["annotate", str(tmp_path / "x.md"), "--no-config"])
    assert bad.exit_code == 2 and "annotate works on .docx and .pdf" in bad.stderr
