"""The rule loader: shipped rules, user rule directories, select/ignore, clear errors."""
import pytest

from auditor.errors import RuleFileError
from auditor.rules import load_rules, select_rules


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return tmp_path


def test_shipped_rules_load_with_unique_ids():
    rules = load_rules()
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids))
    assert {"draft-placeholder", "draft-empty-link", "draft-comment-request"} <= set(ids)
    assert all(r.severity in ("error", "warning", "info") and r.description for r in rules)


def test_user_rule_directory_adds_a_rule(tmp_path):
    write(tmp_path, "mine.yaml", """
rules:
  - id: house-style-cllr
    kind: draft-text
    severity: warning
    description: Write "Councillor", not "Cllr".
    patterns:
      - pattern: '\\bCllr\\b'
        message: Abbreviation "Cllr"
""")
    rules = load_rules([str(tmp_path)])
    rule = next(r for r in rules if r.id == "house-style-cllr")
    assert rule.kind == "draft-text" and rule.params["patterns"][0]["message"] == 'Abbreviation "Cllr"'


@pytest.mark.parametrize("body, field", [
    ("rules:\n  - id: x\n    kind: draft-text\n    severity: fatal\n    description: d\n", "'severity'"),
    ("rules:\n  - id: x\n    kind: no-such-kind\n    severity: error\n    description: d\n", "'kind'"),
    ("rules:\n  - kind: draft-text\n    severity: error\n    description: d\n", "'id'"),
    ("rules:\n  - id: x\n    kind: draft-text\n    severity: error\n    description: d\n    colour: red\n", "'colour'"),
    ("rules:\n  - id: x\n    kind: draft-text\n    severity: error\n    description: d\n    patterns: [{pattern: '(unclosed'}]\n", "does not compile"),
    ("rules: [unclosed\n", "not valid YAML"),
    # a mistyped value of an enumeration used to be ignored silently (0 findings)
    ("rules:\n  - id: x\n    kind: fact-conflict\n    severity: error\n    description: d\n    facets: [figures]\n",
     "'figures' (did you mean 'figure'?)"),
    ("rules:\n  - id: x\n    kind: fact-conflict\n    severity: error\n    description: d\n    facet: [figure]\n",
     "unknown field 'facet' for kind 'fact-conflict' (did you mean 'facets'?)"),
    ("rules: 5\n", "'rules'"),
])
def test_malformed_rule_file_names_file_and_field(tmp_path, body, field):
    write(tmp_path, "bad.yaml", body)
    with pytest.raises(RuleFileError) as err:
        load_rules([str(tmp_path)])
    message = str(err.value)
    assert "bad.yaml" in message and field in message


def test_yaml_is_loaded_safely(tmp_path):
    write(tmp_path, "evil.yaml", "rules: !!python/object/apply:os.system ['echo hacked']\n")
    with pytest.raises(RuleFileError):
        load_rules([str(tmp_path)])


def test_select_and_ignore_by_prefix():
    rules = load_rules()
    draft = select_rules(rules, ["draft"])
    assert draft and all(r.id.startswith("draft") for r in draft)
    no_links = select_rules(rules, ["draft"], ["draft-empty-link"])
    assert "draft-empty-link" not in {r.id for r in no_links} and len(no_links) == len(draft) - 1


def test_disabled_rules_run_only_when_selected(tmp_path):
    write(tmp_path, "off.yaml", "rules:\n  - id: quiet-one\n    kind: draft-text\n    severity: info\n"
                                "    description: d\n    enabled: false\n")
    rules = load_rules([str(tmp_path)])
    assert "quiet-one" not in {r.id for r in select_rules(rules)}
    assert "quiet-one" in {r.id for r in select_rules(rules, ["quiet-one"])}


def test_a_prefix_does_not_switch_on_rules_that_are_off_by_default():
    rules = load_rules()
    off = [r for r in rules if not r.enabled]
    assert off, "the shipped rounding rules are off by default"
    prefixes = {r.id.split("-")[0] for r in off}
    chosen = {r.id for r in select_rules(rules, sorted(prefixes))}
    assert not chosen & {r.id for r in off}
    assert off[0].id in {r.id for r in select_rules(rules, [off[0].id])}


def test_explain_shows_the_kind_s_defaults_beside_the_rule_s_values():
    from typer.testing import CliRunner

    from auditor.cli import app

    result = CliRunner().invoke(app, ["explain", "fact-conflict-plan", "--color", "never"])
    assert result.exit_code == 0
    assert "facets: [plan]  (set by the rule; one of event, plan, figure, row, restated)" in result.stdout
    assert "plan_similarity: 0.6  (default)" in result.stdout


def test_explain_says_a_limit_left_unset_is_not_set():
    from typer.testing import CliRunner

    from auditor.cli import app

    result = CliRunner().invoke(app, ["explain", "house-consultation-dates", "--color", "never"])
    assert result.exit_code == 0
    assert "max_weeks: not set  (default)" in result.stdout and "null" not in result.stdout
    assert "min_weeks: 6  (set by the rule)" in result.stdout
