"""The habits of people who use linters: stdin, recursion and --exclude, concise and statistics,
colour and NO_COLOR, no wrapping when piped, text that cannot act on a terminal or a CI runner,
did-you-mean, one-line option errors, the GitHub Actions example run on awkward file names."""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from auditor.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
SLIP = "# Report of the Director\n\n## Background\n\nThe figure is [insert figure].\n"
CLEAN = "# Report of the Director\n\n## Background\n\nThe figures are all in.\n"
LONG_SLIP = ("# Report of the Director\n\n## Background\n\n"
             + "This sentence is long enough that a report wrapped at eighty columns would break it in the middle, "
               "and the placeholder [insert the figure for the year] comes at its very end.\n")
ANSI = re.compile(r"\x1b\[")


def invoke(*args, **kwargs):
    return runner.invoke(app, [*args, "--no-config"] if args and args[0] == "check" else list(args), **kwargs)


@pytest.fixture()
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def concise_paths(output: str) -> list[str]:
    return sorted({line.split(":", 1)[0] for line in output.splitlines() if line.strip()})


# ---------------------------------------------------------------- rules and explain: brackets are text


def test_explain_shows_square_brackets_of_a_pattern():
    result = invoke("explain", "draft-placeholder")
    assert result.exit_code == 0
    assert r"£\s?[xX]+(?:\.[xX]+)?" in result.stdout  # rich markup would have swallowed [xX]
    assert r"\b[xX]{2,}%" in result.stdout


def test_rules_list_shows_square_brackets_of_a_rule_file(folder):
    write(folder / "rules" / "local.yaml", yaml.safe_dump({"rules": [{
        "id": "local-bracket", "kind": "draft-text", "severity": "warning",
        "description": "Flags [bold]this[/] and [red] literally", "patterns": [{"pattern": "zzz", "message": "m"}]}]}))
    result = invoke("rules", "--rules", "rules")
    assert result.exit_code == 0, result.output
    assert "Flags [bold]this[/] and [red] literally" in result.stdout


# ---------------------------------------------------------------- the text report


def test_piped_text_report_keeps_each_line_whole(folder):
    write(folder / "pack.md", LONG_SLIP)
    result = invoke("check", "pack.md", "--select", "draft-placeholder")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    head = next(line for line in lines if "draft-placeholder" in line)
    assert head.startswith("  error ") and "line 5: Placeholder in square brackets not filled in" in head
    excerpt = next(line for line in lines if "“" in line)
    assert "broke" not in excerpt and excerpt.strip().endswith("comes at its very end.”")  # one line, all of it


def test_text_report_to_a_terminal_wraps_hanging_under_the_message():
    import io

    from rich.console import Console

    from auditor.model import Finding, Location
    from auditor.pipeline import PackResult
    from auditor.report.text import render_text

    from conftest import pack_from_markdown

    pack = pack_from_markdown("# Agenda\n\nItem 1\n")
    f = Finding(rule="draft-note", severity="error", message="word " * 40, document="Agenda",
                location=Location("test.md", line=3), excerpt="excerpt " * 20)
    buffer = io.StringIO()
    render_text([PackResult(pack, [f])], Console(file=buffer, width=60, force_terminal=True, color_system=None))
    lines = [line.rstrip() for line in buffer.getvalue().splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith("  error   draft-note"))
    body = lines[start + 1:start + 6]
    assert all(line.startswith(" " * 10) and line[10] != " " for line in body)  # hung under the message


@pytest.mark.parametrize("env, args, coloured", [
    ({}, ["--color", "always"], True),
    ({"NO_COLOR": "1"}, [], False),
    ({"NO_COLOR": "1"}, ["--color", "always"], True),  # an explicit flag wins (no-color.org)
    ({}, ["--color", "never"], False),
    ({}, [], False),  # piped: no colour by default
])
def test_color_option_and_no_color(folder, monkeypatch, env, args, coloured):
    for key in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    write(folder / "pack.md", SLIP)
    result = invoke("check", "pack.md", "--select", "draft-placeholder", *args)
    assert result.exit_code == 1
    assert bool(ANSI.search(result.stdout)) == coloured
    assert "Placeholder in square brackets not filled in" in result.stdout


def test_color_choice_is_checked(folder):
    write(folder / "pack.md", SLIP)
    result = invoke("check", "pack.md", "--color", "sometimes")
    assert result.exit_code == 2 and "--color 'sometimes': choose one of auto, always, never" in result.stderr


HOSTILE = ("# ::error file=x.md::pwned\n\n## Background\n\n"
           "::add-mask::secret and the figure is [insert figure].\x1b[2J\x1b]0;title\x07\n\n"
           "Ring \x07 the bell [TBC]\u202e.\n")


@pytest.mark.parametrize("fmt", ["text", "concise"])
def test_pack_text_cannot_command_a_ci_runner_or_a_terminal(folder, fmt):
    write(folder / "pack.md", HOSTILE)
    result = invoke("check", "pack.md", "--select", "draft-placeholder", "-f", fmt, "--color", "never")
    assert result.exit_code == 1
    assert "[insert figure]" in result.stdout
    for line in result.stdout.splitlines():
        assert not line.strip().startswith("::"), line  # GitHub Actions would run it as a workflow command
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u202e]", result.stdout)


def test_a_document_title_starting_a_line_cannot_command_a_ci_runner():
    import io

    from rich.console import Console

    from auditor.model import Finding, Location
    from auditor.pipeline import PackResult
    from auditor.report.text import render_text

    from conftest import pack_from_markdown

    pack = pack_from_markdown("# Agenda\n\nItem 1\n")
    f = Finding(rule="draft-note", severity="error", message="A note", document="  ::error file=x.md::pwned",
                location=Location("test.md", line=3))
    buffer = io.StringIO()
    render_text([PackResult(pack, [f])], Console(file=buffer, soft_wrap=True, color_system=None))
    assert "  \u200b::error file=x.md::pwned" in buffer.getvalue().splitlines()  # kept as text, not run


def test_parse_warnings_are_on_stderr_once_not_in_the_report(folder):
    (folder / "pack.md").write_bytes(SLIP.encode("utf-8") + "Caf\u00e9 budget line\n".encode("cp1252"))
    result = invoke("check", "pack.md", "--select", "draft-placeholder")
    assert result.exit_code == 1
    assert result.stderr.count("not UTF-8") == 1
    assert "not UTF-8" not in result.stdout
    quiet = invoke("check", "pack.md", "--select", "draft-placeholder", "--quiet")
    assert quiet.stderr == "" and quiet.stdout.count("not UTF-8") == 1  # --quiet: the report is its one place
    assert "Reading notes (not findings):" in quiet.stdout


def test_reading_notes_appear_once_and_never_as_findings(folder):
    (folder / "pack.md").write_bytes(SLIP.encode("utf-8") + "Caf\u00e9 budget line\n".encode("cp1252"))
    text = invoke("check", "pack.md", "--select", "draft-placeholder")
    [note] = [line for line in text.stderr.splitlines() if "not UTF-8" in line]
    assert note.startswith("auditor: reading note: pack.md: ")
    assert "auditor: warning" not in text.stderr
    concise = invoke("check", "pack.md", "--select", "draft-placeholder", "-f", "concise")
    assert concise.stderr.count("not UTF-8") == 1 and "not UTF-8" not in concise.stdout
    for fmt, mark in (("markdown", "> Reading note (not a finding): "), ("github", "::notice "),
                      ("html", "Reading note (not a finding): "), ("json", '"warnings"'),
                      ("sarif", '"level": "note"'), ("junit", "reading note: ")):
        report = invoke("check", "pack.md", "--select", "draft-placeholder", "-f", fmt)
        assert "not UTF-8" not in report.stderr, fmt  # the report on stdout is their one place
        assert report.stdout.count("not UTF-8") == 1 and mark in report.stdout, fmt
    github = invoke("check", "pack.md", "--select", "draft-placeholder", "-f", "github").stdout
    assert [line.split(" ", 1)[0] for line in github.splitlines()] == ["::error", "::notice"]
    written = invoke("check", "pack.md", "--select", "draft-placeholder", "-f", "markdown", "-o", "report.md")
    assert written.stderr.count("not UTF-8") == 1  # the person at the terminal is told; the file keeps its copy
    assert (folder / "report.md").read_text(encoding="utf-8").count("not UTF-8") == 1


# ---------------------------------------------------------------- concise, statistics, severity


def test_concise_format_is_one_line_per_finding(folder):
    write(folder / "pack.md", SLIP + "\nSee the [website](#).\n")
    result = invoke("check", "pack.md", "-f", "concise", "--select", "draft-")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "pack.md:5: error draft-placeholder Placeholder in square brackets not filled in "
        "(expected text to be completed or removed; found [insert figure])",
        "pack.md:7: warning draft-empty-link Link 'website' has no target "
        "(expected a link to the document or page; found target '#')",
    ]


def test_concise_names_a_pdf_finding_by_page_not_as_a_line():
    from auditor.model import Finding, Location
    from auditor.report.concise import concise_line

    f = Finding(rule="table-total", severity="error", message="Total does not add up", document="Budget",
                location=Location("pack.pdf", page=12), expected="10", found="11")
    assert concise_line(f, "packs/pack.pdf") == \
        "packs/pack.pdf:page 12: error table-total Total does not add up (expected 10; found 11)"


def test_statistics_counts_findings_per_rule(folder):
    write(folder / "pack.md", SLIP + "\nSee the [website](#) and the [annex](#).\n\nAlso [TBC].\n")
    result = invoke("check", "pack.md", "--statistics", "--select", "draft-")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert re.match(r"^2  draft-empty-link\s+warning\s+\S", lines[0]), lines
    assert re.match(r"^2  draft-placeholder\s+error\s+\S", lines[1]), lines
    assert re.match(r"^1  draft-tbc\s+info\s+\S", lines[2]), lines
    assert lines[-1] == "5 finding(s) in 1 pack"
    assert "[insert figure]" not in result.stdout  # the counts replace the findings


def test_statistics_still_writes_the_named_report(folder):
    write(folder / "pack.md", SLIP)
    result = invoke("check", "pack.md", "--statistics", "--select", "draft-", "-f", "json", "-o", "r.json")
    assert result.exit_code == 1
    assert json.loads((folder / "r.json").read_text())["packs"][0]["summary"]["error"] == 1
    assert result.stdout.startswith("1  draft-placeholder")


def test_min_severity_leaves_out_lower_findings_and_their_exit_code(folder):
    write(folder / "pack.md", "# Report\n\nSee the [website](#).\n")
    shown = invoke("check", "pack.md", "-f", "concise", "--select", "draft-", "--fail-on", "warning")
    assert shown.exit_code == 1 and "draft-empty-link" in shown.stdout
    hidden = invoke("check", "pack.md", "-f", "concise", "--select", "draft-", "--fail-on", "warning",
                    "--min-severity", "ERROR")
    assert hidden.exit_code == 0 and hidden.stdout == ""


# ---------------------------------------------------------------- inputs


def test_stdin_is_read_as_a_markdown_pack(folder):
    result = invoke("check", "-", "-f", "concise", "--select", "draft-placeholder", input=SLIP)
    assert result.exit_code == 1
    assert result.stdout.startswith("<stdin>:5: error draft-placeholder Placeholder in square brackets")
    named = invoke("check", "-", "--stdin-filename", "packs/a.md", "-f", "sarif", "--select", "draft-placeholder",
                   input=SLIP)
    sarif = json.loads(named.stdout)
    assert sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "packs/a.md"
    assert not list(Path(os.environ.get("TMPDIR", "/tmp")).glob("auditor-stdin-*"))  # the copy is removed


def test_empty_stdin_is_an_input_error(folder):
    result = invoke("check", "-", input="")
    assert result.exit_code == 2
    assert result.stderr.strip() == ("auditor: error: -: nothing on standard input "
                                     "(give a Markdown or text pack, or a file name)")


@pytest.fixture()
def pack_tree(folder):
    for name in ("packs/a.md", "packs/2024/old.md", "packs/2025/jan/b.txt", "packs/.drafts/hidden.md",
                 "packs/README.md", "packs/CHANGELOG.md", "packs/auditor.md", "packs/auditor.github.txt",
                 "packs/Appendix A – budget.md"):
        write(folder / name, SLIP)
    write(folder / "packs" / "notes.csv", "a,b\n")
    return folder


def test_folders_are_searched_recursively_and_notes_beside_packs_are_skipped(pack_tree):
    result = invoke("check", "packs", "-f", "concise", "--select", "draft-placeholder", "--quiet")
    assert result.exit_code == 1
    assert concise_paths(result.stdout) == ["packs/2024/old.md", "packs/2025/jan/b.txt",
                                            "packs/Appendix A – budget.md", "packs/a.md"]


def test_a_readme_named_on_the_command_line_is_audited(pack_tree):
    result = invoke("check", "packs/README.md", "-f", "concise", "--select", "draft-placeholder")
    assert concise_paths(result.stdout) == ["packs/README.md"]


@pytest.mark.parametrize("patterns, left", [
    (["2024"], ["packs/2025/jan/b.txt", "packs/Appendix A – budget.md", "packs/a.md"]),
    (["*.txt", "Appendix*"], ["packs/2024/old.md", "packs/a.md"]),
    (["2025/*", "packs/a.md"], ["packs/2024/old.md", "packs/Appendix A – budget.md"]),
])
def test_exclude_leaves_out_files_and_folders(pack_tree, patterns, left):
    args = [a for p in patterns for a in ("--exclude", p)]
    result = invoke("check", "packs", *args, "-f", "concise", "--select", "draft-placeholder", "--quiet")
    assert concise_paths(result.stdout) == left


def test_exclude_applies_to_files_named_too(pack_tree):
    result = invoke("check", "packs/a.md", "packs/2024/old.md", "--exclude", "2024", "-f", "concise",
                    "--select", "draft-placeholder")
    assert concise_paths(result.stdout) == ["packs/a.md"]


def test_nothing_left_after_exclude_is_an_error_not_the_sample(pack_tree):
    result = invoke("check", "packs", "--exclude", "*.md", "--exclude", "*.txt")
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("auditor: error: no packs left to audit: all ")
    assert "sample-pack" not in result.output


def test_a_folder_holding_only_notes_is_an_error(folder):
    write(folder / "docs" / "README.md", SLIP)
    result = invoke("check", "docs")
    assert result.exit_code == 2 and "docs: no packs in this directory or its subdirectories" in result.stderr


def test_no_argument_still_audits_the_bundled_sample(folder):
    result = invoke("check", "-f", "concise", "--select", "table-total")
    assert result.exit_code == 1 and result.stdout.startswith("sample-pack.md:")


# ---------------------------------------------------------------- options and their errors


@pytest.mark.parametrize("args, message", [
    (["check", "pack.md", "--select", "draft-placholder"],
     "no rule matches 'draft-placholder' (did you mean 'draft-placeholder'?)"),
    (["check", "pack.md", "--ignore", "table-totl"], "no rule matches 'table-totl' (did you mean 'table-total'?)"),
    (["explain", "tabel-total"], "no rule 'tabel-total' (did you mean 'table-total'?)"),
    (["check", "pack.md", "-f", "jsn"], "--format 'jsn': choose one of text, concise, json"),
    (["check", "pack.md", "--meeting-date", "2025-02-30"],
     "--meeting-date '2025-02-30': this date does not exist: February 2025 has 28 days, not 30"),
    (["check", "pack.md", "--meeting-date", "2025-13-01"], "there is no month 13"),
    (["check", "pack.md", "--bogus"], "No such option: --bogus"),
    (["check", "pack.md", "--no-config", "--jobs", "many"], "Invalid value for '--jobs'"),
    (["check", "pack.md", "--no-config", "-f"], "Option '-f' requires an argument"),
    (["frobnicate"], "No such command 'frobnicate'"),
])
def test_usage_errors_are_one_line_with_exit_2(folder, args, message):
    write(folder / "pack.md", SLIP)
    result = runner.invoke(app, args if "--no-config" in args or args[0] != "check" else [*args, "--no-config"])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("auditor: error: ") and message in lines[0], result.stderr
    assert "Usage:" not in result.output and "Traceback" not in result.output


def test_format_names_are_case_insensitive(folder):
    write(folder / "pack.md", SLIP)
    result = invoke("check", "pack.md", "-f", "JSON", "--select", "draft-placeholder")
    assert json.loads(result.stdout)["packs"][0]["summary"]["error"] == 1


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(flag):
    from auditor import __version__

    result = invoke(flag)
    assert result.exit_code == 0 and result.stdout.strip() == f"auditor {__version__}"


def test_help_names_files_and_folders_not_python_types():
    text = invoke("check", "--help").stdout
    assert "<list[str]>" not in text and "<str>" not in text
    assert "[FILE|DIR|-]..." in text and "--output FILE" in text and "--output-dir DIR" in text
    assert "--exclude GLOB" in text


# ---------------------------------------------------------------- SARIF places for PDF and Word


def test_sarif_gives_a_pdf_finding_a_region_with_its_page_and_names_the_page():
    from auditor.model import Finding, Location
    from auditor.pipeline import PackResult
    from auditor.report import RunReport
    from auditor.report.sarif import render_sarif

    from conftest import pack_from_markdown

    pack = pack_from_markdown("# Agenda\n\nItem 1\n")
    pdf = Finding(rule="table-total", severity="error", message="Total does not add up", document="Budget",
                  location=Location("p.pdf", page=12, bbox=(1, 2, 3, 4)), excerpt="Total 11", expected="10", found="11")
    word = Finding(rule="draft-note", severity="error", message="A note left", document="Report",
                   location=Location("p.docx", paragraph=40), excerpt="NB check")
    text = Finding(rule="draft-note", severity="error", message="A note left", document="Report",
                   location=Location("p.md", line=7), excerpt="NB check")
    results = json.loads(render_sarif(RunReport([PackResult(pack, [pdf, word, text])])))["runs"][0]["results"]
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in results]
    assert regions[0] == {"startLine": 1, "properties": {"page": 12}}
    assert regions[1] == {"startLine": 1, "properties": {"paragraph": 40}}
    assert regions[2] == {"startLine": 7, "snippet": {"text": "NB check"}}
    assert results[0]["message"]["text"] == "Total does not add up (expected 10; found 11) [Budget, page 12]"
    assert results[2]["message"]["text"] == "A note left"


def test_gitlab_code_quality_report_has_unique_fingerprints_and_lines(folder):
    write(folder / "pack.md", "# Report\n\nItem: [TBC]\n\nItem: [TBC]\n")
    result = invoke("check", "pack.md", "-f", "gitlab", "--select", "draft-placeholder")
    assert result.exit_code == 1
    issues = json.loads(result.stdout)
    assert [(i["check_name"], i["severity"], i["location"]) for i in issues] == [
        ("draft-placeholder", "major", {"path": "pack.md", "lines": {"begin": 3}}),
        ("draft-placeholder", "major", {"path": "pack.md", "lines": {"begin": 5}})]
    assert len({i["fingerprint"] for i in issues}) == 2  # the same slip twice is two issues to GitLab


# ---------------------------------------------------------------- HTML: date, rules, contents


def test_html_report_names_the_audit_date_rules_and_has_contents(folder):
    write(folder / "packs" / "a.md", SLIP)
    write(folder / "packs" / "b.md", "# Report\n\nSee the [website](#).\n")
    result = invoke("check", "packs", "-f", "html", "-o", "r.html", "--select", "draft-", "--ignore",
                    "draft-note", "--quiet")
    assert result.exit_code == 1
    html = (folder / "r.html").read_text()
    assert re.search(r"<dt>Audited</dt><dd>\d{4}-\d\d-\d\d \d\d:\d\d", html)
    assert "<dt>Rules selected</dt><dd>draft-</dd>" in html and "<dt>Rules ignored</dt><dd>draft-note</dd>" in html
    assert "draft-placeholder" in re.search(r"<dt>Rules run</dt><dd>([^<]*)</dd>", html).group(1)
    contents = re.search(r'<nav class="contents">(.*?)</nav>', html, re.S).group(1)
    assert 'href="#pack-1"' in contents and 'href="#pack-2"' in contents and 'href="#pack-1-doc-1"' in contents
    assert 'id="pack-2"' in html and 'id="pack-1-doc-1"' in html


# ---------------------------------------------------------------- the GitHub Actions example


WORKFLOW = ROOT / "examples" / "github-actions" / "auditor.yml"


def _steps():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return workflow, {s.get("id") or s.get("name") or s["uses"]: s for s in workflow["jobs"]["audit"]["steps"]}


def test_workflow_uses_actions_that_run_on_node_24_and_survives_a_private_repository():
    workflow, steps = _steps()
    uses = {s["uses"].split("@")[0]: s["uses"].split("@")[1] for s in steps.values() if "uses" in s}
    assert uses == {"actions/checkout": "v5", "actions/setup-python": "v6", "actions/upload-artifact": "v5",
                    "github/codeql-action/upload-sarif": "v4"}
    upload = steps["Upload SARIF to code scanning"]
    assert upload["continue-on-error"] is True
    assert "private" in WORKFLOW.read_text(encoding="utf-8").lower()
    assert workflow["permissions"]["security-events"] == "write"


def _git(repo: Path, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def _run_step(step: dict, repo: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=repo,
                          env=env, capture_output=True, text=True)


@pytest.mark.skipif(not shutil.which("git") or not shutil.which("bash"), reason="needs git and bash")
@pytest.mark.parametrize("second_pack, exit_code", [(CLEAN, 1), ("", 2)])
def test_workflow_steps_audit_packs_with_spaces_and_dashes_and_keep_exit_codes(tmp_path, second_pack, exit_code):
    workflow, steps = _steps()
    repo = tmp_path / "repo"
    write(repo / "notes.md", SLIP)
    write(repo / "packs" / "README.md", "# About the packs\n")
    _git(repo, "init", "-q")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "--allow-empty", "-m", "base")
    _git(repo, "add", ".")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "notes")
    base = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip()
    write(repo / "packs" / "Appendix A – budget.md", SLIP)
    write(repo / "packs" / "2025" / "it's \"quoted\".md", second_pack)  # empty: a pack that cannot be read
    write(repo / "notes.md", SLIP + "more\n")
    write(repo / "packs" / "README.md", "# About the packs, changed\n")
    _git(repo, "add", ".")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "packs")
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR")}
    env.update(workflow.get("env", {}), BASE_SHA=base, GITHUB_OUTPUT=str(tmp_path / "output"),
               GITHUB_STEP_SUMMARY=str(tmp_path / "summary"), PATH=f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}")

    changed = _run_step(steps["changed"], repo, env)
    assert changed.returncode == 0, changed.stderr
    assert changed.stdout.splitlines() == ["packs/2025/it's \"quoted\".md", "packs/Appendix A – budget.md"]
    audit = _run_step(steps["audit"], repo, env)
    assert audit.returncode == 0, audit.stderr  # the step records the exit code; a later step fails the job
    outputs = dict(line.split("=", 1) for line in (tmp_path / "output").read_text().splitlines())
    assert outputs == {"count": "2", "exit": str(exit_code)}  # never xargs' 123
    assert "::error file=packs/Appendix A – budget.md,line=5," in audit.stdout
    assert "Appendix A – budget.md" in (tmp_path / "summary").read_text()
    assert {p.name for p in (repo / "auditor-report").iterdir()} == {
        "auditor.github.txt", "auditor.sarif", "auditor.html", "auditor.md"}
    fail = _run_step(steps["Fail on findings"], repo, env | {"AUDIT_EXIT": outputs["exit"]})
    assert fail.returncode == exit_code


def test_github_format_says_first_when_github_will_not_show_every_annotation(folder):
    write(folder / "pack.md", "# Report\n\n" + "".join(f"Item {n}: [TBC]\n\n" for n in range(12)))
    lines = invoke("check", "pack.md", "-f", "github", "--select", "draft-placeholder").stdout.splitlines()
    assert lines[0] == ("::notice title=auditor::auditor found 12 errors; GitHub shows 10 annotations of each kind "
                        "per step. Every finding is in the job summary, the SARIF and the HTML report.")
    assert sum(line.startswith("::error ") for line in lines) == 12
    write(folder / "pack.md", "# Report\n\nItem: [TBC]\n")
    assert invoke("check", "pack.md", "-f", "github", "--select", "draft-placeholder").stdout.startswith("::error ")


def test_pre_commit_example_pins_no_missing_tag_and_audits_only_packs():
    config = yaml.safe_load((ROOT / "examples" / "pre-commit-config.yaml").read_text(encoding="utf-8"))
    repo = config["repos"][0]
    assert not re.fullmatch(r"v\d+(\.\d+)*", str(repo["rev"]))  # this repository has no release tags
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    markdown_hook = next(h for h in hooks if h["id"] == "auditor-markdown")
    for files in [markdown_hook["files"]] + [h["files"] for h in repo["hooks"]]:
        assert re.search(files, "packs/2025/cabinet.md") or re.search(files, "packs/2025/cabinet.pdf")
        assert not re.search(files, "notes.md") and not re.search(files, "docs/usage.md")
