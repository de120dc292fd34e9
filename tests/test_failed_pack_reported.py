"""A pack that cannot be read is named in every report of the batch, not only on stderr."""
import json
import xml.etree.ElementTree as ET

from typer.testing import CliRunner

from auditor.cli import app

GOOD = "# Report\n\n1. The figure is [insert figure].\n"


def test_a_failed_pack_appears_in_every_machine_readable_report(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "broken.pdf").write_bytes(b"not a pdf at all")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["check", "good.md", "broken.pdf", "-f", "json", "-f", "sarif", "-f", "junit",
                                      "-f", "html", "--output-dir", str(out), "-q"])
    assert result.exit_code in (1, 2), result.output
    report = json.loads((out / "auditor.json").read_text())
    assert [e["source"] for e in report["errors"]] == ["broken.pdf"]
    sarif = json.loads((out / "auditor.sarif").read_text())
    invocation = sarif["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert any("broken.pdf" in n["message"]["text"] for n in invocation["toolExecutionNotifications"])
    junit = ET.parse(out / "auditor.junit.xml").getroot()
    assert any(s.get("name") == "broken.pdf" and s.get("errors") == "1" for s in junit.iter("testsuite"))
    assert "Packs not audited" in (out / "auditor.html").read_text() and "broken.pdf" in (out / "auditor.html").read_text()
