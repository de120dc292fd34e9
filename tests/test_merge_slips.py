"""One slip seen by two rules is one finding naming both (auditor.report.merge), in every format,
in the counts and exit code, with --select/--ignore, baselines and waivers."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app, render
from auditor.model import Finding, Location
from auditor.pipeline import audit
from auditor.report import RunReport, summary_counts
from auditor.report.merge import merge_same_slips
from auditor.rules import load_rules, select_rules

runner = CliRunner()

# Gross = Employees + Running Expenses + Internal Income; Net = Gross + External Income; Group = Team A + Team B
BUDGET = """# Report of the Director of Finance

## Revenue budget

| Service | Employees £ | Running Expenses £ | Internal Income £ | Gross Budget £ | External Income £ | Net Total £ |
|---|---|---|---|---|---|---|
| Team A | 1,000 | 500 | -100 | 1,400 | -400 | {net_a} |
| Team B | 2,000 | {running_b} | 0 | 2,250 | -250 | 2,000 |
| **Group** | **3,000** | **750** | **-100** | **3,650** | **-650** | **3,000** |
"""
RIGHT = BUDGET.format(net_a="1,000", running_b="250")
ONE_SLIP = BUDGET.format(net_a="1,000", running_b="262")  # Team B's row and the Group's column both break
TWO_SLIPS = BUDGET.format(net_a="1,100", running_b="262")  # and Team A's Net breaks its row and the Net column


def _audit(tmp_path: Path, text: str, select=("table-",), ignore=()):
    path = tmp_path / "pack.md"
    path.write_text(text, encoding="utf-8")
    return audit(str(path), select_rules(load_rules(), list(select), list(ignore)))


def test_the_right_table_is_quiet(tmp_path):
    assert _audit(tmp_path, RIGHT).findings == []


def test_one_wrong_cell_seen_by_two_rules_is_one_finding_naming_both(tmp_path):
    [f] = _audit(tmp_path, ONE_SLIP).findings
    assert f.rules == ["table-identity", "table-total"]
    # the finding on the wrong cell is the one shown; the total that names it as its likely slip is kept
    assert (f.rule, f.extra["row"], f.extra["column"], f.expected, f.found) == (
        "table-identity", "Team B", "Running Expenses £", "250", "262")
    [total] = f.also
    assert (total.rule, total.extra["row"], total.extra["column"], total.expected, total.found) == (
        "table-total", "Group", "Running Expenses £", "762", "750")
    assert total.extra["likely_culprit"]["row"] == "Team B"
    data = f.to_json()
    assert data["rules"] == ["table-identity", "table-total"]
    assert [a["rule"] for a in data["also"]] == ["table-total"]


def test_two_different_slips_in_one_table_stay_two_findings(tmp_path):
    findings = _audit(tmp_path, TWO_SLIPS).findings
    assert [(f.extra["row"], f.extra["column"], f.found, f.rules) for f in findings] == [
        ("Team A", "Net Total £", "1,100", ["table-identity", "table-total"]),
        ("Team B", "Running Expenses £", "262", ["table-identity", "table-total"]),
    ]
    assert summary_counts(findings)["error"] == 2


def test_a_wrong_total_cell_two_rules_recompute_is_one_finding(tmp_path):
    """The Group's Net is both Gross + External Income and Team A + Team B: the same cell, the same wrong value."""
    [f] = _audit(tmp_path, RIGHT.replace("**3,000** |\n", "**3,100** |\n")).findings
    assert sorted(f.rules) == ["table-identity", "table-total"]
    assert (f.extra["row"], f.extra["column"], f.found, f.expected) == ("Group", "Net Total £", "3,100", "3,000")


@pytest.mark.parametrize("select, ignore, rule", [(["table-total"], [], "table-total"),
                                                  (["table-"], ["table-total"], "table-identity")])
def test_select_and_ignore_still_act_per_rule(tmp_path, select, ignore, rule):
    [f] = _audit(tmp_path, ONE_SLIP, select, ignore).findings
    assert f.rules == [rule] and f.also == []


def _run(tmp_path, text=ONE_SLIP) -> RunReport:
    result = _audit(tmp_path, text)
    return RunReport([result], rules=select_rules(load_rules(), ["table-"]))


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "sarif", "junit", "github", "gitlab", "html", "markdown"])
def test_every_format_names_both_rules_of_the_one_finding(tmp_path, fmt):
    out = render(_run(tmp_path), fmt)
    assert "table-identity" in out and "table-total" in out
    assert "Team B" in out
    if fmt == "concise":
        [line] = out.splitlines()
        assert line.split(":")[0].endswith("pack.md") and " error table-identity " in line and line.endswith("[also: table-total]")
    if fmt == "json":
        [f] = json.loads(out)["packs"][0]["findings"]
        assert f["rules"] == ["table-identity", "table-total"]
        assert json.loads(out)["packs"][0]["summary"] == {"error": 1, "warning": 0, "info": 0}
    if fmt == "sarif":
        [res] = json.loads(out)["runs"][0]["results"]
        assert res["ruleId"] == "table-identity" and res["properties"]["rules"] == ["table-identity", "table-total"]
        assert res["properties"]["also"][0]["rule"] == "table-total"
    if fmt == "gitlab":
        assert len(json.loads(out)) == 1
    if fmt == "github":
        assert len([line for line in out.splitlines() if line.startswith("::error")]) == 1
    if fmt == "text":
        assert "1 finding(s): 1 error(s)" in out
        assert "also table-total (line" in out


def test_statistics_count_the_slip_once_and_each_rule_that_saw_it(tmp_path):
    from auditor.report.concise import render_statistics

    out = render_statistics(_run(tmp_path))
    assert "1 finding(s) in 1 pack (1 more seen by a second rule on the same slip)" in out
    assert any(line.split()[:2] == ["1", "table-total"] for line in out.splitlines())
    assert any(line.split()[:2] == ["1", "table-identity"] for line in out.splitlines())


def test_the_highest_severity_wins_in_the_report_and_the_exit_code(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pack.md").write_text(ONE_SLIP, encoding="utf-8")
    (tmp_path / "auditor.toml").write_text('[severity]\n"table-identity" = "warning"\n', encoding="utf-8")
    result = runner.invoke(app, ["check", "pack.md", "--select", "table-", "-f", "json", "--fail-on", "error"])
    assert result.exit_code == 1, result.output
    [f] = json.loads(result.stdout)["packs"][0]["findings"]
    # the wrong cell is still the finding shown, at the severity of the total it throws out
    assert f["severity"] == "error" and f["rules"] == ["table-identity", "table-total"]
    assert f["rule_severity"] == "warning" and f["also"][0]["severity"] == "error"
    quiet = runner.invoke(app, ["check", "pack.md", "--select", "table-", "-f", "concise", "--min-severity", "error"])
    assert len(quiet.stdout.splitlines()) == 1


def _separate_findings(tmp_path):
    """The two rules' findings, as a baseline written before they were merged recorded them."""
    from auditor.checks import run_checks
    from auditor.pipeline import load_pack

    path = tmp_path / "pack.md"
    path.write_text(ONE_SLIP, encoding="utf-8")
    return run_checks(load_pack(str(path)), select_rules(load_rules(), ["table-"]), {})


def test_a_baseline_written_before_merging_still_hides_the_merged_finding(tmp_path):
    from auditor.baseline import baseline_entries, new_findings, read_baseline

    old = baseline_entries(_separate_findings(tmp_path))
    assert len(old) == 2
    (tmp_path / "old.json").write_text(json.dumps({"findings": old}), encoding="utf-8")
    fresh, hidden = new_findings(_audit(tmp_path, ONE_SLIP).findings, read_baseline(str(tmp_path / "old.json")))
    assert fresh == [] and hidden == 1
    # a baseline holding only the table-total finding (written with --select table-total) knows the slip too
    only_total = [e for e in old if e["rule"] == "table-total"]
    (tmp_path / "total.json").write_text(json.dumps({"findings": only_total}), encoding="utf-8")
    fresh, hidden = new_findings(_audit(tmp_path, ONE_SLIP).findings, read_baseline(str(tmp_path / "total.json")))
    assert fresh == [] and hidden == 1
    # another slip is still new
    fresh, _ = new_findings(_audit(tmp_path, TWO_SLIPS).findings, read_baseline(str(tmp_path / "old.json")))
    assert [f.extra["row"] for f in fresh] == ["Team A"]


def test_a_merged_baseline_knows_each_rule_s_finding(tmp_path):
    from auditor.baseline import new_findings, read_baseline, write_baseline

    merged = _audit(tmp_path, ONE_SLIP)
    assert write_baseline(str(tmp_path / "b.json"), [merged]) == 1
    [entry] = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))["findings"]
    assert entry["rule"] == "table-identity" and [a["rule"] for a in entry["also"]] == ["table-total"]
    only_total = _audit(tmp_path, ONE_SLIP, ["table-total"])
    fresh, hidden = new_findings(only_total.findings, read_baseline(str(tmp_path / "b.json")))
    assert fresh == [] and hidden == 1


def test_a_waiver_of_either_rule_accepts_the_merged_finding(tmp_path):
    from auditor.baseline import Waiver, apply_waivers, fingerprint

    [f] = _audit(tmp_path, ONE_SLIP).findings
    total = f.also[0]
    for waiver in (Waiver("known", "me", rule="table-total"), Waiver("known", "me", fingerprint=fingerprint(total)),
                   Waiver("known", "me", rule="table-identity")):
        open_, accepted = apply_waivers([f], [waiver], date.today())
        assert open_ == [] and accepted[0].finding is f
    open_, _ = apply_waivers([f], [Waiver("known", "me", rule="table-identity", contains="Team A")], date.today())
    assert open_ == [f]


# ---------------------------------------------------------------- the same place and value in text

def _text_finding(rule, found, excerpt, line=12, severity="error", expected="x"):
    return Finding(rule=rule, severity=severity, message=f"{rule} says {found} is wrong", document="Report",
                   location=Location("p.md", line=line), excerpt=excerpt, expected=expected, found=found)


SENTENCE = "The gap remains £15.32m on the High Needs Block, up 12% on last year."


def test_two_rules_on_the_same_figure_in_the_same_sentence_are_one_finding():
    a = _text_finding("fact-conflict-figure", "£15.32m", SENTENCE)
    b = _text_finding("prose-change", "£15.32m", "…remains £15.32m on the High Needs Block, up 12%", severity="warning")
    [f] = merge_same_slips([a, b])
    assert f.rule == "fact-conflict-figure" and f.rules == ["fact-conflict-figure", "prose-change"]


@pytest.mark.parametrize("other", [
    _text_finding("prose-change", "12%", SENTENCE),  # another value in the same sentence: another slip
    _text_finding("prose-change", "£15.32m", SENTENCE, line=40),  # the same value elsewhere
    _text_finding("prose-change", "£15.32m", "A different sentence that holds £15.32m as well, said twice."),
    _text_finding("fact-conflict-figure", "£15.32m", SENTENCE),  # one rule's two findings are its own
    _text_finding("prose-change", "£15.32m", SENTENCE, severity="info"),  # within rounding: not a slip
])
def test_findings_on_other_values_places_or_of_one_rule_stay_apart(other):
    a = _text_finding("fact-conflict-figure", "£15.32m", SENTENCE)
    assert merge_same_slips([a, other]) == [a, other]


EVENT = """# Children and Families Overview and Scrutiny Committee

Date: 21 January 2025

## Medium Term Financial Strategy

On November 18 2024, the government published 'Keeping Children Safe, Helping Families Thrive'.

## Quarter 2 Performance Report

In {month}, the Government published its paper Keeping Children Safe, Helping Families Thrive.
"""


def test_a_date_two_rules_find_wrong_in_one_sentence_is_one_finding(tmp_path):
    """date-tense finds 'November 2025' told in the past after the meeting; fact-conflict-event finds the
    same publication dated November 18 2024 elsewhere: one slip, shown with the one wrong value."""
    path = tmp_path / "pack.md"
    path.write_text(EVENT.format(month="November 2024"), encoding="utf-8")
    rules = select_rules(load_rules(), ["date-", "fact-conflict-"])
    assert audit(str(path), rules).findings == []
    path.write_text(EVENT.format(month="November 2025"), encoding="utf-8")
    [f] = audit(str(path), rules).findings
    assert f.rules == ["date-tense", "fact-conflict-event"]
    assert (f.found, f.expected, f.severity, f.own_severity) == ("November 2025", "November 2024", "error", "warning")
    assert f.also[0].found == "November 18 2024, November 2025"
    assert [m.severity for m in f.members()] == ["warning", "error"]


def test_a_list_of_disagreeing_values_merges_only_with_one_of_them_at_its_place():
    said = "In November 2025, the paper was published."
    listing = _text_finding("fact-conflict-event", "November 18 2024, November 2025", said)
    one = _text_finding("date-tense", "November 2025", said, severity="warning")
    [f] = merge_same_slips([listing, one])
    assert f.rule == "date-tense" and f.severity == "error" and f.also == [listing]
    other_value = _text_finding("date-tense", "November 2024", said)
    elsewhere = _text_finding("date-tense", "November 2025", said, line=99)
    part_of_a_value = _text_finding("date-tense", "2025", said)
    for other in (other_value, elsewhere, part_of_a_value):
        assert merge_same_slips([listing, other]) == [listing, other]
