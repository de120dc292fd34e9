"""Every shipped rule's `example:` is a small pack the rule fires on, and its `pass_example:` (the same
text without the slip) one it stays quiet on. They are what `auditor explain RULE` shows, so they must
be true."""
import pytest

from auditor.checks import run_checks
from auditor.rules import load_rules
from conftest import pack_from_markdown

RULES = load_rules()


def _findings(rule, text: str):
    return [f for f in run_checks(pack_from_markdown(text, "example.md"), [rule], {}) if f.rule == rule.id]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_the_example_is_found(rule):
    assert rule.example, f"{rule.id} has no example"
    assert _findings(rule, rule.example), f"{rule.id} is quiet on its own example:\n{rule.example}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_the_pass_example_is_quiet(rule):
    assert rule.pass_example, f"{rule.id} has no pass_example"
    assert _findings(rule, rule.pass_example) == [], f"{rule.id} fires on its pass_example"


def test_explain_shows_both_examples():
    from typer.testing import CliRunner

    from auditor.cli import app

    result = CliRunner().invoke(app, ["explain", "prose-percent-of", "--color", "never"])
    assert result.exit_code == 0
    rule = next(r for r in RULES if r.id == "prose-percent-of")
    assert "Example of what it flags:" in result.output and "which it leaves alone:" in result.output
    assert rule.example.splitlines()[0] in result.output and rule.pass_example.splitlines()[0] in result.output


def test_a_user_rule_may_give_a_pass_example(tmp_path):
    (tmp_path / "mine.yaml").write_text(
        "rules:\n  - id: my-draft\n    kind: draft-text\n    severity: warning\n    description: d\n"
        "    example: 'Figure to follow'\n    pass_example: 'Figure 3'\n"
        "    patterns: [{pattern: 'to follow', message: m}]\n", encoding="utf-8")
    mine = next(r for r in load_rules([str(tmp_path)]) if r.id == "my-draft")
    assert (mine.example, mine.pass_example) == ("Figure to follow", "Figure 3")
    assert _findings(mine, mine.example) and not _findings(mine, mine.pass_example)
