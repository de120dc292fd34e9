"""run_checks: a failing check costs its own findings and leaves a warning, not the report."""
from auditor.checks import KINDS, Kind, run_checks
from auditor.rules import Rule
from conftest import pack_from_markdown


def test_a_crashing_rule_becomes_a_warning_and_others_still_report():
    def broken(pack, rule, params, ctx):
        raise ZeroDivisionError("bug")

    KINDS["test-broken"] = Kind("test-broken", broken, {})
    try:
        pack = pack_from_markdown("The total is TBC.\n")
        rules = [Rule("broken-rule", "test-broken", "error", "d"),
                 Rule("tbc", "draft-text", "warning", "d", params={"patterns": [{"pattern": "TBC"}]})]
        findings = run_checks(pack, rules)
    finally:
        del KINDS["test-broken"]
    assert [f.rule for f in findings] == ["tbc"]
    assert any("broken-rule could not run (ZeroDivisionError: bug)" in w for w in pack.warnings)
