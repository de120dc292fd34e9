"""Fingerprints, baselines and waivers."""
import json
from dataclasses import replace
from datetime import date

import pytest

from auditor.baseline import (apply_waivers, fingerprint, load_waivers, new_findings, read_baseline,
                              waiver_outcome, write_baseline)
from auditor.errors import AuditorError
from auditor.model import Finding, Location
from auditor.pipeline import PackResult

from conftest import pack_from_markdown, run_rules

PACK = """# Report of the Director of Corporate Resources

## Budget

{above}

| Service | 2024/25 £000 |
|---|---|
| Alpha | 100 |
| Beta | 200 |
| Total | {total} |

The saving is £XXm and will be confirmed.
"""


def _findings(above="The budget is set out below.", total="310"):
    pack = pack_from_markdown(PACK.format(above=above, total=total))
    return pack, run_rules(pack, ["table-total", "draft-placeholder"])


def _finding(**changes):
    base = Finding(rule="table-total", severity="error", message="Total is wrong", document="Appendix A",
                   location=Location("a.pdf", page=3), excerpt="…the Total / 2024/25 = 310 as shown…",
                   expected="300", found="310")
    return replace(base, **changes)


def test_fingerprint_ignores_location_reflow_and_ellipses():
    a = _finding()
    assert fingerprint(a) == fingerprint(_finding(location=Location("a.pdf", page=5, bbox=(1, 2, 3, 4))))
    assert fingerprint(a) == fingerprint(_finding(location=Location("a.md", line=99)))
    assert fingerprint(a) == fingerprint(_finding(excerpt="the Total /\n 2024/25  =  310 as shown"))


def test_fingerprint_changes_with_the_figure_rule_or_document():
    a = _finding()
    assert fingerprint(a) != fingerprint(_finding(found="311", excerpt="…the Total / 2024/25 = 311 as shown…"))
    assert fingerprint(a) != fingerprint(_finding(rule="table-identity"))
    assert fingerprint(a) != fingerprint(_finding(document="Appendix B"))


def test_baseline_survives_an_edit_above_but_not_a_changed_figure(tmp_path):
    pack, before = _findings()
    assert {f.rule for f in before} == {"table-total", "draft-placeholder"}
    path = tmp_path / "baseline.json"
    assert write_baseline(str(path), [PackResult(pack, before)]) == len(before)
    known = read_baseline(str(path))

    _, edited = _findings(above="The budget is set out below.\n\nA new paragraph was added here by the author,\n"
                                "running over\nseveral lines.")
    assert [f.location.line for f in edited] != [f.location.line for f in before]
    assert new_findings(edited, known) == ([], len(before))

    _, changed = _findings(total="320")
    fresh, hidden = new_findings(changed, known)
    assert [f.rule for f in fresh] == ["table-total"] and fresh[0].found == "320"
    assert hidden == 1  # the placeholder is still the known one


def test_baseline_counts_repeats():
    f = _finding()
    known = {fingerprint(f): 1}
    fresh, hidden = new_findings([f, _finding()], known)
    assert len(fresh) == 1 and hidden == 1


def test_baseline_file_errors(tmp_path):
    with pytest.raises(AuditorError, match="no such baseline file"):
        read_baseline(str(tmp_path / "missing.json"))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"findings": [{"rule": "x"}]}))
    with pytest.raises(AuditorError, match="finding 1 has no 'fingerprint'"):
        read_baseline(str(bad))


WAIVERS = """waivers:
  - rule: table-total
    document: Appendix A
    contains: "310"
    reason: The printed total includes a late adjustment agreed with finance.
    by: J Smith, Democratic Services
    expires: 2099-01-01
  - fingerprint: {fp}
    reason: Known wording
    by: A Officer
  - rule: draft-placeholder
    reason: Old waiver
    by: B Officer
    expires: 2020-01-01
  - rule: date-tense
    reason: Matches nothing
    by: C Officer
"""


def test_waivers_accept_expire_and_report_unmatched(tmp_path):
    other = _finding(rule="draft-note", document="Minutes", excerpt="NB check", found="NB check", expected=None)
    placeholder = _finding(rule="draft-placeholder", document="Report", excerpt="TBC", found="TBC", expected=None)
    path = tmp_path / "waivers.yaml"
    path.write_text(WAIVERS.format(fp=fingerprint(other)))
    waivers = load_waivers(str(path))
    today = date(2025, 1, 21)
    open_, accepted = apply_waivers([_finding(), other, placeholder], waivers, today)
    assert open_ == [placeholder]  # its waiver expired
    assert [(a.finding.rule, a.waiver.by) for a in accepted] == [("table-total", "J Smith, Democratic Services"),
                                                                  ("draft-note", "A Officer")]
    outcome = waiver_outcome(waivers, today)
    assert [w.rule for w in outcome.expired] == ["draft-placeholder"]
    assert [w.rule for w in outcome.unmatched] == ["date-tense"]


@pytest.mark.parametrize("text, message", [
    ("waivers:\n  - rule: x\n    by: me\n", "field 'reason' is required"),
    ("waivers:\n  - reason: r\n    by: me\n", "give a 'fingerprint' or a 'rule'"),
    ("waivers:\n  - rule: x\n    reason: r\n    by: me\n    expires: soon\n", "'expires' must be a date"),
    ("waivers:\n  - rule: x\n    reason: r\n    by: me\n    colour: red\n", "unknown field 'colour'"),
    ("waivers: 3\n", "must be a list"),
])
def test_waiver_file_errors_name_the_waiver(tmp_path, text, message):
    path = tmp_path / "w.yaml"
    path.write_text(text)
    with pytest.raises(AuditorError, match=message):
        load_waivers(str(path))
