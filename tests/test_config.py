"""Configuration files: discovery, parsing, severity overrides, flags winning, `auditor init`."""
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.config import STARTER, apply_severity_overrides, find_config, load_config
from auditor.errors import AuditorError
from auditor.rules import load_rules

runner = CliRunner()
PACK = "# Report of the Director\n\n## Background\n\nThe figure is [insert figure].\n\nSee the [website](#).\n"


def test_found_upward_and_pyproject_without_table_skipped(tmp_path, monkeypatch):
    (tmp_path / "auditor.toml").write_text('fail-on = "warning"\nselect = ["draft-"]\n')
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    (tmp_path / "a" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    monkeypatch.chdir(sub)
    assert find_config() == tmp_path / "auditor.toml"
    cfg = load_config()
    assert (cfg.fail_on, cfg.select) == ("warning", ["draft-"])


def test_pyproject_tool_auditor_table_and_relative_paths(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.auditor]\nrules = ["myrules"]\nbaseline = ".auditor-baseline.json"\n'
        'meeting_date = 2025-01-21\nignore = ["draft-empty-link"]\njobs = 2\n\n[tool.auditor.severity]\n'
        '"draft-placeholder" = "warning"\n')
    monkeypatch.chdir(tmp_path)
    cfg = load_config()
    assert cfg.rules == [str(tmp_path / "myrules")]
    assert cfg.baseline == str(tmp_path / ".auditor-baseline.json")
    assert (cfg.meeting_date, cfg.ignore, cfg.jobs) == ("2025-01-21", ["draft-empty-link"], 2)
    assert cfg.severity == {"draft-placeholder": "warning"}


@pytest.mark.parametrize("text, message", [
    ('colour = "red"\n', "unknown key 'colour'"),
    ('fail-on = "sometimes"\n', "'fail-on' must be one of"),
    ('meeting-date = "21/01/2025"\n', "'meeting-date' must be a date"),
    ('meeting-date = 9999-12-01\n', "'meeting-date' must be in a year between 1900 and 2999"),
    ('[severity]\n"draft-note" = "fatal"\n', "severity of 'draft-note'"),
    ('select = [1]\n', "'select' must be a list of strings"),
    ('fail-on = \n', "not valid TOML"),
])
def test_config_errors_name_the_key(tmp_path, text, message):
    path = tmp_path / "auditor.toml"
    path.write_text(text)
    with pytest.raises(AuditorError, match=message):
        load_config(str(path))


def test_severity_overrides_by_id_and_prefix():
    rules = apply_severity_overrides(load_rules(), {"draft-": "info", "draft-note": "warning"})
    by_id = {r.id: r.severity for r in rules}
    assert by_id["draft-note"] == "warning"  # the longer match wins
    assert by_id["draft-placeholder"] == "info"
    with pytest.raises(AuditorError, match="no such rule"):
        apply_severity_overrides(load_rules(), {"no-such-rule": "info"})


def test_config_applies_and_command_line_wins(tmp_path, monkeypatch):
    (tmp_path / "pack.md").write_text(PACK)
    (tmp_path / "auditor.toml").write_text('fail-on = "never"\n[severity]\n"draft-placeholder" = "info"\n')
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["check", "pack.md", "--select", "draft-", "-f", "json"])
    assert result.exit_code == 0, result.output  # fail-on never from the file
    assert '"severity": "info"' in result.stdout
    result = runner.invoke(app, ["check", "pack.md", "--select", "draft-", "--fail-on", "warning"])
    assert result.exit_code == 1  # the flag wins: the empty link is a warning
    result = runner.invoke(app, ["check", "pack.md", "--select", "draft-", "--no-config"])
    assert result.exit_code == 1  # the placeholder is an error again


def test_init_writes_a_config_that_loads(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 0
    assert Path("auditor.toml").read_text() == STARTER
    assert load_config().fail_on == "error"
    again = runner.invoke(app, ["init"])
    assert again.exit_code == 2 and "already exists" in again.stderr
    assert runner.invoke(app, ["init", "--force"]).exit_code == 0


def test_examples_in_the_repo_load():
    import yaml

    from auditor.baseline import load_waivers

    root = Path(__file__).resolve().parent.parent
    assert load_config(str(root / "examples" / "auditor.toml")).fail_on == "error"
    assert load_waivers(str(root / "examples" / "auditor-waivers.yaml"))[0].by == "J Smith, Democratic Services"
    hooks = yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text())
    assert all(h["entry"].startswith("auditor check") and h["language"] == "python" for h in hooks)
    workflow = yaml.safe_load((root / "examples" / "github-actions" / "auditor.yml").read_text())
    steps = workflow["jobs"]["audit"]["steps"]
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps)
    audit = next(s for s in steps if s.get("name") == "Audit")["run"]
    assert "-f sarif" in audit and "--output-dir auditor-report" in audit
