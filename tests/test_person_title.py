"""person-title: one officer, one job title."""
from conftest import pack_from_markdown, run_rules

MINUTES = """# Cabinet minutes

IN ATTENDANCE: Mrs C Head (Head of Finance Operations) and Mr J McKay (Acting Chief Accountant).

88. Budget Monitoring Report

Cath Head (Head of Finance) and Joe McKay ({title}) were in attendance for this item.

89. Mr McKay ({title}) answered questions.
"""


def _found(text):
    return [f.found for f in run_rules(pack_from_markdown(text), ["person-title"])]


def test_the_same_title_or_a_shortening_is_quiet():
    assert _found(MINUTES.format(title="Acting Chief Accountant")) == []


def test_another_title_for_the_same_person_is_found_once():
    assert _found(MINUTES.format(title="Acting Chief Analyst")) == ["Acting Chief Analyst"]


def test_people_with_different_initials_are_different_people():
    text = "# Minutes\n\nMr J Smith (Director of Finance) and later Mrs K Smith (Head of Libraries) spoke.\n"
    assert _found(text) == []


def test_the_finding_carries_its_typed_values_and_its_message_is_the_template_filled():
    [f] = run_rules(pack_from_markdown(MINUTES.format(title="Acting Chief Analyst")), ["person-title"])
    assert f.extra == {"name": "Joe McKay", "title": "Acting Chief Analyst", "first_title": "Acting Chief Accountant"}
    assert f.message == "Joe McKay is titled 'Acting Chief Analyst' here, but 'Acting Chief Accountant' earlier"
