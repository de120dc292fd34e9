"""The kinds a rule file writes in full: consistency, order, conditional (issue 13).

Each is configured by YAML alone; these tests write the YAML, a small pack that is right (quiet) and
its near miss with the slip (found, with the values the finding reports)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from auditor.checks import run_checks
from auditor.errors import RuleFileError
from auditor.rules import load_rules
from conftest import pack_from_markdown

HEAD = "**CABINET – 3 MARCH 2025**\n\n**{title}**\n\n**REPORT OF THE DIRECTOR OF TRANSPORT**\n\n"


def _rules(tmp_path, **rule):
    entry = {"id": "my-rule", "severity": "warning", "description": "d", **rule}
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    (folder / "mine.yaml").write_text(yaml.safe_dump({"rules": [entry]}, allow_unicode=True), encoding="utf-8")
    return load_rules([str(folder)], include_shipped=False)


def _found(tmp_path, text, **rule):
    return run_checks(pack_from_markdown(text), _rules(tmp_path, **rule), {})


def _load_error(tmp_path, **rule) -> str:
    with pytest.raises(RuleFileError) as info:
        _rules(tmp_path, **rule)
    message = str(info.value)
    assert "mine.yaml" in message and "my-rule" in message, message
    return message


# ---------------------------------------------------------------- consistency

SPELLINGS = {"councillor": ["Councillor", "Cllr"], "centreline": ["Centreline", "Centre Line"]}


def test_consistency_reports_the_minority_spelling_where_it_is_written(tmp_path):
    right = HEAD.format(title="CENTRELINE POLICY") + (
        "1. Councillor Smith asked about the Centreline policy.\n\n"
        "2. Councillor Jones asked about the centreline on the A38.\n\n"
        "3. Councillor Brown asked when the Centreline policy would be reviewed.\n")
    assert _found(tmp_path, right, kind="consistency", either=SPELLINGS) == []
    slip = right.replace("Councillor Jones", "Cllr Jones").replace("the centreline on", "the centre\nline on")
    found = _found(tmp_path, slip, kind="consistency", either=SPELLINGS)
    assert sorted((f.found, f.expected) for f in found) == [("Cllr", "Councillor"), ("centre line", "Centreline")]  # wrapped across two lines
    cllr = next(f for f in found if f.found == "Cllr")
    assert cllr.extra["term"] == "councillor" and "Cllr Jones" in cllr.excerpt
    assert "'Councillor' 2 times" in cllr.message and cllr.related  # the majority's first place


def test_consistency_words_whole_and_case_as_asked(tmp_path):
    text = HEAD.format(title="PARKING") + ("1. The Councillors met Councillor Smith.\n\n2. Cllrs asked questions.\n\n"
                                           "3. CLLR is not used here; neither is cllr.\n")
    # 'Councillors' and 'Cllrs' are other words; 'CLLR'/'cllr' are Cllr when case is ignored
    found = _found(tmp_path, text, kind="consistency", either={"councillor": ["Councillor", "Cllr"]})
    assert sorted(f.found for f in found) == ["Councillor"]  # two Cllr-likes outnumber one Councillor
    found = _found(tmp_path, text, kind="consistency", either={"councillor": ["Councillor", "Cllr"]}, case="match")
    assert found == []  # only 'Councillor' is written as listed


def test_consistency_tie_goes_to_the_spelling_listed_first(tmp_path):
    text = HEAD.format(title="PARKING") + "1. Cllr Smith and Councillor Jones spoke.\n"
    found = _found(tmp_path, text, kind="consistency", either={"councillor": ["Councillor", "Cllr"]})
    assert [(f.found, f.expected) for f in found] == [("Cllr", "Councillor")]


TWO_DOCUMENTS = (HEAD.format(title="TRANSPORT REPORT") + "1. Councillor Smith and Councillor Brown spoke.\n\n"
                 "This page is intentionally left blank\n\n" + HEAD.format(title="PARKING REPORT")
                 + "1. Cllr Jones spoke.\n")


def test_consistency_scope_document_or_pack(tmp_path):
    either = {"councillor": ["Councillor", "Cllr"]}
    assert _found(tmp_path, TWO_DOCUMENTS, kind="consistency", either=either) == []  # each report is consistent
    found = _found(tmp_path, TWO_DOCUMENTS, kind="consistency", either=either, scope="pack")
    assert [(f.found, f.expected, f.document) for f in found] == [("Cllr", "Councillor", "PARKING REPORT")]


def test_consistency_reads_table_cells_unless_told_not_to(tmp_path):
    text = HEAD.format(title="PARKING") + ("1. Councillor Smith and Councillor Brown spoke.\n\n"
                                           "| Member | Ward |\n|---|---|\n| Cllr Jones | Central |\n")
    either = {"councillor": ["Councillor", "Cllr"]}
    assert [f.found for f in _found(tmp_path, text, kind="consistency", either=either)] == ["Cllr"]
    assert _found(tmp_path, text, kind="consistency", either=either, include_tables=False) == []


def test_consistency_rule_file_mistakes_are_named(tmp_path):
    either = {"councillor": ["Councillor", "Cllr"]}
    message = _load_error(tmp_path, kind="consistency", eithr=either)
    assert "unknown field 'eithr'" in message and "did you mean 'either'" in message
    message = _load_error(tmp_path, kind="consistency", either=either, scope="documnet")
    assert "field 'scope'" in message and "did you mean 'document'" in message and "document, pack" in message
    message = _load_error(tmp_path, kind="consistency", either={"councillor": ["Councillor"]})
    assert "field 'either' term 'councillor'" in message and "two or more" in message
    message = _load_error(tmp_path, kind="consistency", either={"a": ["Cllr", "Councillor"], "b": ["cllr", "Member"]})
    assert "spelling 'cllr' is listed also under term 'a'" in message
    message = _load_error(tmp_path, kind="consistency")
    assert "missing field 'either'" in message
    message = _load_error(tmp_path, kind="consistency", either=either, message="'{fund}' against '{expected}'")
    assert "field 'message'" in message and "'{fund}'" in message and "did you mean '{found}'" in message


def test_consistency_own_message(tmp_path):
    text = HEAD.format(title="PARKING") + "1. Cllr Smith and Councillor Jones and Councillor Brown spoke.\n"
    found = _found(tmp_path, text, kind="consistency", either={"councillor": ["Councillor", "Cllr"]},
                   message="Write '{expected}', not '{found}' ({found_count} against {expected_count})")
    assert [f.message for f in found] == ["Write 'Councillor', not 'Cllr' (1 against 2)"]


# ---------------------------------------------------------------- order

OPENS = r"\bconsultation\b[^.]{0,60}?\b(?:opened|opens|launched|began)\s+on"
CLOSES = r"\b(?:closes|closed|ends|ended|will\s+close)\s+on"


def _order(tmp_path, text, **params):
    return _found(tmp_path, HEAD.format(title="CYCLE HANGARS") + text, kind="order", first=OPENS, second=CLOSES,
                  **params)


def test_order_six_weeks_at_least(tmp_path):
    right = "1. The consultation opened on 3 March 2025 and closes on 14 April 2025.\n"
    assert _order(tmp_path, right, min_weeks=6) == []
    found = _order(tmp_path, right.replace("14 April", "7 April"), min_weeks=6)
    assert [(f.found, f.expected) for f in found] == [("2025-04-07 (35 days after 2025-03-03)",
                                                        "at least 42 days after 2025-03-03")]
    assert found[0].message.startswith("'7 April 2025' (read as 2025-04-07) is 35 days after '3 March 2025'")


def test_order_second_before_first_without_bounds(tmp_path):
    right = "1. The consultation opened on 3 March 2025. It closes on 14 April 2025.\n"
    assert _order(tmp_path, right) == []
    found = _order(tmp_path, right.replace("14 April 2025", "14 February 2025"))
    assert [f.extra["read_as"] for f in found] == ["2025-02-14"]
    assert "17 days before '3 March 2025'" in found[0].message


def test_order_at_most(tmp_path):
    right = "1. The consultation opened on 3 March 2025 and closes on 14 April 2025.\n"
    assert _order(tmp_path, right, max_weeks=12) == []
    found = _order(tmp_path, right.replace("14 April 2025", "14 April 2026"), max_weeks=12)
    assert [f.expected for f in found] == ["at most 84 days after 2025-03-03"]
    found = _order(tmp_path, right.replace("14 April 2025", "14 April 2026"), min_days=28, max_weeks=12)
    assert [f.expected for f in found] == ["between 28 and 84 days after 2025-03-03"]


def test_order_date_before_the_cue(tmp_path):
    right = "1. On 3 March 2025 the consultation opened; on 14 April 2025 it closes.\n"
    params = dict(first=r"\bconsultation\s+opened", second=r"\bit\s+closes", date_position="before")
    assert _found(tmp_path, HEAD.format(title="X") + right, kind="order", min_weeks=6, **params) == []
    found = _found(tmp_path, HEAD.format(title="X") + right.replace("14 April", "24 March"), kind="order",
                   min_weeks=6, **params)
    assert [f.extra["read_as"] for f in found] == ["2025-03-24"]


def test_order_pairs_across_paragraphs_only_when_the_document_has_one_first_date(tmp_path):
    one = ("1. The consultation opened on 3 March 2025.\n\n2. Work continues.\n\n"
           "3. The survey closes on 24 March 2025.\n")
    found = _order(tmp_path, one, min_weeks=6)
    assert [f.extra["reference"] for f in found] == ["2025-03-03"] and found[0].related
    two = one.replace("2. Work continues.", "2. A second consultation opened on 1 January 2025.")
    assert _order(tmp_path, two, min_weeks=6) == []  # which consultation closes? not judged


def test_order_a_date_too_far_from_its_cue_is_not_read(tmp_path):
    text = ("1. The consultation opened on 3 March 2025 and it closes on the last working day of the month "
            "that follows the meeting of the Cabinet on 10 March 2025.\n")
    assert _order(tmp_path, text, min_weeks=6) == []


def test_order_rule_file_mistakes_are_named(tmp_path):
    message = _load_error(tmp_path, kind="order", first=OPENS, second=CLOSES, date_position="afterr")
    assert "field 'date_position'" in message and "did you mean 'after'" in message
    message = _load_error(tmp_path, kind="order", first=OPENS, second=CLOSES, min_wekes=6)
    assert "unknown field 'min_wekes'" in message and "did you mean 'min_weeks'" in message
    message = _load_error(tmp_path, kind="order", first=OPENS, second=CLOSES, min_days=40, min_weeks=6)
    assert "'min_days' or 'min_weeks', not both" in message
    message = _load_error(tmp_path, kind="order", first=OPENS, second=CLOSES, min_weeks=6, max_days=10)
    assert "maximum (10 days) is less than the minimum (42 days)" in message
    message = _load_error(tmp_path, kind="order", first=OPENS)
    assert "missing field 'second'" in message
    message = _load_error(tmp_path, kind="order", first="(a|aa)(", second=CLOSES)
    assert "field 'first'" in message and "does not compile" in message
    message = _load_error(tmp_path, kind="order", first=OPENS, second=CLOSES, message="{second} vs {frist}")
    assert "did you mean '{first}'" in message


# ---------------------------------------------------------------- conditional

ABBREVIATION = dict(kind="conditional", first=r"\b([A-Z]{3,5})\b", second=r"(?:[A-Z][a-z]+ ){2,}\(\1\)")


def test_conditional_abbreviation_spelt_out_somewhere_in_the_document(tmp_path):
    right = "# Schools funding\n\n" + (
        "1. The Dedicated Schools Grant (DSG) is £561.9m.\n\n2. The DSG rises by 8.1%.\n")
    assert _found(tmp_path, right, **ABBREVIATION) == []
    slip = right.replace("Dedicated Schools Grant (DSG)", "grant")
    found = _found(tmp_path, slip, **ABBREVIATION)
    assert [(f.found, f.extra["key"]) for f in found] == [("DSG", "DSG")]  # the first use, once
    assert "2. The DSG" not in found[0].excerpt  # reported where first used


def test_conditional_exceptions_and_case(tmp_path):
    text = "# Schools funding\n\n" + "1. The NHS and the DSG.\n"
    found = _found(tmp_path, text, exceptions=["NHS"], **ABBREVIATION)
    assert [f.extra["key"] for f in found] == ["DSG"]


def test_conditional_vale_form_with_a_group_in_second(tmp_path):
    rule = dict(kind="conditional", first=r"\b([A-Z]{3,5})\b", second=r"(?:[A-Z][a-z]+ ){2,}\(([A-Z]{3,5})\)")
    right = "# Schools funding\n\n" + "1. The Dedicated Schools Grant (DSG) is set. The DSG rises.\n"
    assert _found(tmp_path, right, **rule) == []
    found = _found(tmp_path, right + "\n2. The HNB falls.\n", **rule)
    assert [f.extra["key"] for f in found] == ["HNB"]


def test_conditional_plain_presence_per_document(tmp_path):
    rule = dict(kind="conditional", first=r"\bexempt\s+information\b",
                second=r"\bparagraph\s+\d+\s+of\s+(?:Part\s+1\s+of\s+)?Schedule\s+12A\b", case="ignore")
    right = HEAD.format(title="Exempt item") + (
        "1. Appendix B contains exempt information under paragraph 3 of Schedule 12A.\n\n"
        "2. The exempt information is not for publication.\n")
    assert _found(tmp_path, right, **rule) == []
    found = _found(tmp_path, right.replace("under paragraph 3 of Schedule 12A", "as defined"), **rule)
    assert [f.found for f in found] == ["exempt information"]  # once, at the first use


def test_conditional_rule_file_mistakes_are_named(tmp_path):
    message = _load_error(tmp_path, kind="conditional", first=r"\b([A-Z]+)-([0-9]+)\b", second=r"\(\1\)")
    assert "field 'first' has more than one group" in message
    message = _load_error(tmp_path, kind="conditional", first=r"\b([A-Z]{3})\b", second=r"(\w+\s?)*\(\1\)$")
    assert "field 'second'" in message and "exponential" in message
    message = _load_error(tmp_path, kind="conditional", first="x", second="y", case="exact")
    assert "field 'case'" in message and "match, ignore" in message
    message = _load_error(tmp_path, kind="conditional", first="x", second="y", exceptions=[3])
    assert "field 'exceptions' item 1 must be text" in message


def test_a_backreference_key_with_regex_characters_is_literal(tmp_path):
    rule = dict(kind="conditional", first=r"\b(S\.\d)\b", second=r"Section \1 is defined")
    right = "# X\n\n" + "1. See S.3 for detail. Section S.3 is defined below.\n"
    assert _found(tmp_path, right, **rule) == []
    assert [f.extra["key"] for f in _found(tmp_path, right.replace("Section S.3", "Section S93"), **rule)] == ["S.3"]


# ---------------------------------------------------------------- a number word added in YAML alone

DOZEN_PACK = HEAD.format(title="QUARTER 2 PERFORMANCE REPORT") + (
    "1. This savings workstream can be broken down into a dozen different strands:\n"
    "- a. Strand 1 to deliver £6.3m savings;\n- b. Strand 2 to deliver £2.85m savings;\n"
    "- c. Strand 3 to deliver £1.5m savings.\n")


def _count_list_findings(tmp_path, vocab_dir=None) -> list[str]:
    """`auditor check` in a fresh process (the vocabulary is read when the checks are loaded)."""
    pack = tmp_path / "dozen.md"
    pack.write_text(DOZEN_PACK, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("AUDITOR_VOCAB", "AUDITOR_RULES")}
    if vocab_dir:
        env["AUDITOR_VOCAB"] = str(vocab_dir)
    result = subprocess.run([sys.executable, "-m", "auditor", "check", str(pack), "--select", "count-list",
                             "--format", "concise", "--no-config"], capture_output=True, text=True, env=env,
                            cwd=str(tmp_path), timeout=120)
    assert result.returncode in (0, 1), result.stderr
    return [line for line in result.stdout.splitlines() if "count-list" in line]


def test_a_number_word_added_in_yaml_alone_is_read_by_the_count_check(tmp_path):
    assert _count_list_findings(tmp_path) == []  # 'a dozen' is not a number word of the shipped vocabulary
    vocab = tmp_path / "vocab"
    vocab.mkdir()
    (vocab / "en_gb_extra.yaml").write_text("number_words:\n  a dozen: 12\n", encoding="utf-8")
    found = _count_list_findings(tmp_path, vocab)
    assert len(found) == 1 and "a dozen different strands, but 3 are listed" in found[0], found
    assert "found a dozen (12)" in found[0]


def test_the_house_style_rules_are_off_by_default():
    rules = [r for r in load_rules() if Path(r.source).name == "house-style.yaml"]
    assert {r.kind for r in rules} == {"consistency", "order", "conditional"}
    assert not any(r.enabled for r in rules)


def test_the_readme_example_of_the_three_kinds_loads_and_runs(tmp_path):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Kinds you configure in full", 1)[1]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "readme.yaml").write_text(block, encoding="utf-8")
    rules = load_rules([str(tmp_path / "readme.yaml")], include_shipped=False)
    assert [r.kind for r in rules] == ["consistency", "order", "conditional"]
    text = ("# Cycle hangars\n\n"
            "1. Councillor Smith and Councillor Brown asked about the consultation; Cllr Jones did not.\n\n"
            "2. The consultation opened on 3 March 2025 and closes on 31 March 2025.\n\n"
            "3. The Department for Transport (DfT) funds it; the DVLA and the NHS do not.\n")
    found = run_checks(pack_from_markdown(text), rules, {})
    assert sorted((f.rule, f.found) for f in found) == [
        ("my-abbreviations", "DVLA"), ("my-cllr", "Cllr"),
        ("my-consultation-length", "2025-03-31 (28 days after 2025-03-03)")]


@pytest.mark.parametrize("value", ["twelve", "12.5", True, -1])
def test_a_number_word_that_is_not_a_whole_number_is_one_clear_error(tmp_path, monkeypatch, value):
    from auditor import vocab

    (tmp_path / "extra.yaml").write_text(yaml.safe_dump({"number_words": {"a dozen": value}}), encoding="utf-8")
    monkeypatch.setenv("AUDITOR_VOCAB", str(tmp_path))
    vocab.lexicon.cache_clear()
    try:
        with pytest.raises(RuleFileError, match=r"extra.yaml: field 'number_words' word 'a dozen' must be a whole"):
            vocab.lexicon()
    finally:
        monkeypatch.delenv("AUDITOR_VOCAB")
        vocab.lexicon.cache_clear()
