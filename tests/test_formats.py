"""The report formats: SARIF (schema-valid), JUnit (counts), GitHub commands, Markdown, HTML (PDF crops)."""
import base64
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from auditor.checks import run_checks
from auditor.model import Finding, Location, Related
from auditor.pipeline import PackResult
from auditor.report import RunReport
from auditor.report.github import command_line, render_github
from auditor.report.html import render_html
from auditor.report.junit import render_junit
from auditor.report.markdown import render_markdown
from auditor.report.sarif import render_sarif
from auditor.rules import load_rules, select_rules

from conftest import pack_from_markdown

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
GITHUB_LINE = re.compile(r"^::(error|warning|notice) file=[^,:\n]+(,line=\d+)?(,title=[^:\n]*)?::[^\n]+$")


@pytest.fixture(scope="module")
def rules():
    return select_rules(load_rules())


@pytest.fixture(scope="module")
def md_run(pack_md, rules):
    result = PackResult(pack_md, run_checks(pack_md, rules, {}), path=pack_md.source)
    assert result.findings, "the sample pack has slips: the formats need findings to show"
    return RunReport([result], rules=rules)


@pytest.fixture(scope="module")
def pdf_run(pack_pdf, rules):
    return RunReport([PackResult(pack_pdf, run_checks(pack_pdf, rules, {}), path=pack_pdf.source)], rules=rules)


def _all_findings(run):
    return [f for r in run.results for f in r.findings]


# ---------------------------------------------------------------- SARIF

def test_sarif_of_sample_pack_validates_against_the_schema(md_run):
    data = json.loads(render_sarif(md_run))
    jsonschema.validate(data, SCHEMA)
    assert data["version"] == "2.1.0" and len(data["runs"]) == 1


def test_sarif_rules_results_and_lines(md_run):
    run = json.loads(render_sarif(md_run))["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert set(rule_ids) == {r.id for r in md_run.rules}
    assert all(r["fullDescription"]["text"] for r in run["tool"]["driver"]["rules"])
    findings = _all_findings(md_run)
    assert len(run["results"]) == len(findings)
    for result, f in zip(run["results"], findings):
        assert result["ruleId"] == f.rule
        assert rule_ids[result["ruleIndex"]] == f.rule
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[f.severity]
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"].endswith("leics-cfs-scrutiny-2025-01-21.md")
        assert physical["region"]["startLine"] == f.location.line
        assert f.message in result["message"]["text"]


def test_sarif_pdf_pages_in_properties_and_related_locations(pdf_run):
    data = json.loads(render_sarif(pdf_run))
    jsonschema.validate(data, SCHEMA)
    results = data["runs"][0]["results"]
    findings = _all_findings(pdf_run)
    for result, f in zip(results, findings):
        loc = result["locations"][0]
        region = loc["physicalLocation"]["region"]  # code scanning places only results with a region
        assert region["properties"]["page"] == f.location.page
        assert region["startLine"] == (f.location.line or 1)  # a PDF's text has no lines: the file's start
        assert loc["properties"]["page"] == f.location.page
        assert f"page {f.location.page}" in result["message"]["text"]
        assert len(result.get("relatedLocations", [])) == len(f.related)


def test_sarif_cross_document_finding_has_related_location_and_validates():
    pack = pack_from_markdown("# Agenda\n\nItem 1\n")
    f = Finding(rule="fact-conflict", severity="warning", message="Two values for one fact", document="Agenda",
                location=Location("test.md", line=3), excerpt="Item 1", expected="5", found="6",
                related=[Related("Minutes", Location("test.md", page=4), "the other value: 5")])
    data = json.loads(render_sarif(RunReport([PackResult(pack, [f])])))
    jsonschema.validate(data, SCHEMA)
    related = data["runs"][0]["results"][0]["relatedLocations"]
    assert related[0]["properties"]["page"] == 4
    assert "Minutes" in related[0]["message"]["text"]


# ---------------------------------------------------------------- JUnit

def test_junit_parses_with_a_case_per_rule_and_document(md_run):
    root = ET.fromstring(render_junit(md_run))
    suites = root.findall("testsuite")
    assert len(suites) == 1
    suite = suites[0]
    pack = md_run.results[0].pack
    cases = suite.findall("testcase")
    documents = {d.title for d in pack.documents} | {f.document for f in _all_findings(md_run)}
    assert len(cases) == len(md_run.rules) * len(documents) == int(suite.get("tests")) == int(root.get("tests"))
    failing_pairs = {(f.rule, f.document) for f in _all_findings(md_run) if f.severity == "error"}
    failures = [c for c in cases if c.find("failure") is not None]
    assert len(failures) == len(failing_pairs) == int(suite.get("failures"))
    errors_in_failures = sum(len(c.find("failure").text.split("\n\n")) for c in failures)
    assert errors_in_failures == sum(1 for f in _all_findings(md_run) if f.severity == "error")


def test_junit_fail_on_warning_makes_warnings_failures(md_run):
    run = RunReport(md_run.results, rules=md_run.rules, fail_on="warning")
    suite = ET.fromstring(render_junit(run)).find("testsuite")
    pairs = {(f.rule, f.document) for f in _all_findings(md_run) if f.severity in ("error", "warning")}
    assert int(suite.get("failures")) == len(pairs)


# ---------------------------------------------------------------- GitHub

def test_github_lines_follow_the_workflow_command_format(md_run):
    lines = render_github(md_run).splitlines()
    findings = _all_findings(md_run)
    body = [ln for ln in lines if "title=auditor::" not in ln]  # the run's own notices name no file
    assert len(body) == len(findings)
    for line in body:
        assert GITHUB_LINE.match(line), line
    first = findings[0]
    assert f"line={first.location.line}" in body[0]


def test_github_escapes_data_and_properties():
    f = Finding(rule="r", severity="info", message="50% done\nnext: line", document="A, B: C",
                location=Location("x.pdf", page=2), excerpt="")
    line = command_line(f, "dir/a,b.pdf")
    assert line.startswith("::notice file=dir/a%2Cb.pdf,title=r (A%2C B%3A C)::")
    assert "50%25 done%0Anext: line" in line
    assert "\n" not in line and ",line=" not in line


# ---------------------------------------------------------------- Markdown

def test_markdown_report_lists_every_finding_with_values(md_run):
    text = render_markdown(md_run)
    findings = _all_findings(md_run)
    assert text.startswith("# Committee pack audit")
    assert text.count("\n- ") >= len(findings)
    assert f"**{len(findings)} finding(s)**" in text
    assert "| Document | Errors | Warnings | Info |" in text
    for f in findings:
        if f.expected:
            assert "expected: **" in text


def test_markdown_escapes_pipes_in_table_cells():
    pack = pack_from_markdown("# Agenda\n\nx\n")
    f = Finding(rule="r", severity="error", message="m", document="A | B", location=Location("t.md", line=1))
    text = render_markdown(RunReport([PackResult(pack, [f])]))
    assert "| A \\| B | 1 | 0 | 0 |" in text


# ---------------------------------------------------------------- HTML

def test_html_report_summary_and_findings(md_run):
    text = render_html(md_run)
    findings = _all_findings(md_run)
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    assert text.count('<div class="finding ') == len(findings)
    assert "data:image/png" not in text  # no crops for a Markdown pack
    assert "<table class=\"summary\">" in text


def test_html_report_has_a_filter_by_severity_and_words(md_run):
    text = render_html(md_run)
    findings = _all_findings(md_run)
    bar = text[text.index('<div class="filter">'):]
    bar = bar[:bar.index("</div>")]
    assert [f'value="{level}" checked' in bar for level in ("error", "warning", "info")] == [True] * 3
    assert 'type="search"' in bar
    for level in ("error", "warning", "info"):  # each finding says its severity to the filter
        assert text.count(f'data-severity="{level}"') == sum(f.severity == level for f in findings)
    assert text.index('<div class="filter">') < text.index('<div class="finding ') and "<script>" in text


def _highlight_pixels(data_uri: str) -> tuple[int, int]:
    """(yellow-tinted pixels, red outline pixels) of a crop."""
    from PIL import Image

    image = Image.open(io.BytesIO(base64.b64decode(data_uri.split(",", 1)[1]))).convert("RGB")
    pixels = list(image.tobytes())
    triples = zip(pixels[0::3], pixels[1::3], pixels[2::3])
    yellow = red = 0
    for r, g, b in triples:
        yellow += r > 230 and g > 200 and b < r - 50
        red += r > 170 and g < 70 and b < 70
    return yellow, red


def test_html_of_pdf_pack_has_highlighted_crops_of_table_findings(pdf_run):
    table_findings = [f for f in _all_findings(pdf_run) if f.rule.startswith("table-")][:3]
    assert table_findings, "the PDF sample pack has table findings"
    result = pdf_run.results[0]
    text = render_html(RunReport([PackResult(result.pack, table_findings, path=result.path)]))
    images = re.findall(r'<div class="crop"><img alt="page \d+" src="(data:image/png;base64,[^"]+)"', text)
    assert len(images) == len(table_findings)
    assert all(min(_highlight_pixels(uri)) > 20 for uri in images)
    related_images = re.findall(r'<div class="crop related-crop"><img alt="page \d+" src="(data:image/png;base64,[^"]+)"', text)
    related_on_pages = sum(1 for f in table_findings for r in f.related[:3] if r.location.page)
    assert related_images and len(related_images) <= related_on_pages  # the places a total was checked against


def test_pdf_locator_finds_the_value_inside_a_cell(pdf_run):
    from auditor.report.pdfcrop import PdfLocator

    f = next(f for f in _all_findings(pdf_run) if f.rule.startswith("table-") and f.location.bbox)
    with PdfLocator(pdf_run.results[0].path) as locator:
        page, box = locator.find(f)
        words = [w for w, b in locator.words(page) if b[0] >= box[0] - 1 and b[2] <= box[2] + 1
                 and b[1] >= box[1] - 1 and b[3] <= box[3] + 1]
    assert page == f.location.page
    assert "".join(words) == f.found.replace(" ", "")


def test_sarif_marks_new_findings_and_accepted_ones(md_run):
    from auditor.baseline import Accepted, Waiver

    result = md_run.results[0]
    waiver = Waiver(reason="Agreed with finance", by="J Smith", rule=result.findings[0].rule)
    changed = PackResult(result.pack, result.findings[1:], accepted=[Accepted(result.findings[0], waiver)],
                         path=result.path)
    data = json.loads(render_sarif(RunReport([changed], rules=md_run.rules, baseline="b.json")))
    jsonschema.validate(data, SCHEMA)
    results = data["runs"][0]["results"]
    assert all(r["baselineState"] == "new" for r in results[:-1])
    assert results[-1]["suppressions"][0]["justification"] == "Agreed with finance"
    assert results[-1]["suppressions"][0]["properties"]["acceptedBy"] == "J Smith"


# ---------------------------------------------------------------- text


@pytest.mark.parametrize("n_related, shown", [(20, 5), (6, 6)])  # never "and 1 more" in place of the one line
def test_text_report_caps_related_locations(n_related, shown):
    from rich.console import Console

    from auditor.report.text import render_text

    pack = pack_from_markdown("# Agenda\n\nItem 1\n")
    related = [Related("Budget", Location("test.md", line=n), f"cell {n}") for n in range(1, n_related + 1)]
    f = Finding(rule="table-total", severity="error", message="Total does not add up", document="Agenda",
                location=Location("test.md", line=3), related=related)
    buffer = io.StringIO()
    render_text([PackResult(pack, [f])], Console(file=buffer, width=120, force_terminal=False, highlight=False))
    text = buffer.getvalue()
    assert text.count("see also") == shown
    assert (f"and {n_related - shown} more" in text) == (shown < n_related)
