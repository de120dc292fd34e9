"""The command line: formats and outputs, exit codes, errors as one line, baselines and waivers end to end."""
import json
import xml.etree.ElementTree as ET

import pytest
from typer.testing import CliRunner

from auditor.cli import app

runner = CliRunner()
PACK = "# Report of the Director\n\n## Background\n\nThe figure is [insert figure].\n\nSee the [website](#).\n"


@pytest.fixture()
def pack(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pack.md").write_text(PACK)
    return "pack.md"


def invoke(*args):
    return runner.invoke(app, ["check", *args, "--no-config"])


def test_exit_codes_follow_fail_on(pack):
    assert invoke(pack, "--select", "draft-").exit_code == 1
    assert invoke(pack, "--select", "draft-empty-link").exit_code == 0
    assert invoke(pack, "--select", "draft-empty-link", "--fail-on", "warning").exit_code == 1
    assert invoke(pack, "--select", "draft-", "--fail-on", "never").exit_code == 0


@pytest.mark.parametrize("args, message", [
    (["--format", "xml"], "--format 'xml': choose one of"),
    (["-f", "json", "-f", "sarif"], "several --format values need --output-dir"),
    (["-o", "a", "--output-dir", "b"], "give --output or --output-dir, not both"),
    (["--select", "nothing-like-this"], "no rule matches 'nothing-like-this'"),
    (["--baseline", "missing.json"], "missing.json: no such baseline file"),
    (["--meeting-date", "21/01/2025"], "expected YYYY-MM-DD"),
    (["--jobs", "0"], "--jobs must be at least 1"),
])
def test_usage_errors_are_one_line_with_exit_2(pack, args, message):
    result = invoke(pack, *args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("auditor: error: ") and message in lines[0]
    assert "Traceback" not in result.output


def test_missing_and_damaged_packs_are_input_errors(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    for name in ("nope.md", "broken.pdf"):
        result = invoke(name)
        assert result.exit_code == 2
        assert result.stderr.startswith("auditor: error: ") and len(result.stderr.strip().splitlines()) == 1


def test_output_dir_writes_one_file_per_format(pack, tmp_path):
    result = invoke(pack, "--select", "draft-", "-f", "sarif", "-f", "junit,github", "-f", "markdown",
                    "-f", "html", "-f", "json", "-f", "text", "--output-dir", "out")
    assert result.exit_code == 1
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["auditor.sarif", "auditor.junit.xml", "auditor.github.txt", "auditor.md", "auditor.html",
         "auditor.json", "auditor.txt"])
    assert json.loads((out / "auditor.sarif").read_text())["version"] == "2.1.0"
    assert ET.parse(out / "auditor.junit.xml").getroot().tag == "testsuites"
    assert (out / "auditor.github.txt").read_text().startswith("::error file=pack.md,line=5,")
    assert "[insert figure]" in (out / "auditor.txt").read_text()


def test_json_format_keeps_its_names(pack):
    data = json.loads(invoke(pack, "--select", "draft-", "-f", "json").stdout)
    p = data["packs"][0]
    assert set(p) >= {"source", "format", "pages", "meeting", "documents", "findings", "warnings", "summary"}
    assert set(p["findings"][0]) >= {"rule", "severity", "message", "document", "location", "excerpt",
                                     "expected", "found", "related"}
    assert p["summary"] == {"error": 1, "warning": 1, "info": 0}


def test_baseline_then_check_reports_only_new_findings(pack, tmp_path):
    made = runner.invoke(app, ["baseline", pack, "-o", ".auditor-baseline.json", "--select", "draft-", "--no-config"])
    assert made.exit_code == 0 and "wrote 2 finding(s)" in made.stderr
    clean = invoke(pack, "--select", "draft-", "--baseline", ".auditor-baseline.json", "-f", "json")
    assert clean.exit_code == 0
    data = json.loads(clean.stdout)["packs"][0]
    assert data["findings"] == [] and data["baselined"] == 2
    edited = PACK.replace("## Background\n", "## Background\n\nA new paragraph above the finding.\n")
    (tmp_path / "pack.md").write_text(edited + "\nThe date is [insert date].\n")
    result = invoke(pack, "--select", "draft-", "--baseline", ".auditor-baseline.json", "-f", "json")
    findings = json.loads(result.stdout)["packs"][0]["findings"]
    assert result.exit_code == 1
    assert [f["found"] for f in findings] == ["[insert date]"]


def test_waivers_listed_as_audit_trail_and_unmatched_reported(pack, tmp_path):
    (tmp_path / "w.yaml").write_text(
        "waivers:\n  - rule: draft-placeholder\n    contains: insert figure\n    reason: Figure follows at the meeting\n"
        "    by: Clerk\n  - rule: date-\n    reason: stale\n    by: Clerk\n")
    result = invoke(pack, "--select", "draft-", "--waivers", "w.yaml", "-f", "markdown")
    assert result.exit_code == 0  # the only error is accepted
    assert "Accepted findings (audit trail)" in result.stdout and "Figure follows at the meeting" in result.stdout
    assert "matches no finding any more" in result.stdout
    assert "w.yaml waiver 2" in result.stderr
    text = invoke(pack, "--select", "draft-", "--waivers", "w.yaml")
    assert "accepted by Clerk" in text.stdout


def test_folder_gives_summary_table(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "a.md").write_text(PACK)
    (tmp_path / "packs" / "b.txt").write_text("# Minutes\n\nAll agreed.\n")
    (tmp_path / "packs" / "notes.csv").write_text("ignored")
    result = invoke("packs", "--select", "draft-")
    assert result.exit_code == 1
    assert "Summary" in result.stdout and "packs/a.md" in result.stdout and "packs/b.txt" in result.stdout


def test_sample_pack_by_default_and_make_run_still_works():
    result = runner.invoke(app, ["check", "--fail-on", "never", "--select", "draft-", "--no-config"])
    assert result.exit_code == 0
    assert "sample-pack.md" in result.stdout
