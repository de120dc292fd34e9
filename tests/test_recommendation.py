"""recommendation-consistency: one report, one decision asked of the meeting."""
from conftest import pack_from_markdown, run_rules

REPORT = """To: County Council – 13 March 2025

Subject: Treasury Management Mid-Year Update

Recommendation: County Council is asked to note the report.

1. Introduction

1.1 This report covers treasury activity to the end of September 2024.

12. Recommendation

County Council is asked to {verb} this report.
"""


def _found(text):
    return [f.found for f in run_rules(pack_from_markdown(text), ["recommendation-consistency"])]


def test_the_same_decision_asked_twice_is_quiet():
    assert _found(REPORT.format(verb="note")) == []


def test_two_decisions_asked_about_one_report_are_found():
    assert _found(REPORT.format(verb="endorse")) == ["asked to endorse the report"]


def test_a_request_about_something_else_is_not_compared():
    text = REPORT.format(verb="note").replace("asked to note this report.", "asked to approve the strategy.")
    assert _found(text) == []


def test_the_finding_carries_its_typed_values_and_its_message_is_the_template_filled():
    [f] = run_rules(pack_from_markdown(REPORT.format(verb="endorse")), ["recommendation-consistency"])
    assert f.extra == {"verb": "endorse", "first_verb": "note"}
    assert f.message == "The meeting is asked to 'endorse' the report here, but to 'note' it earlier: which decision is sought?"
    assert f.expected == "asked to note the report (as earlier)"
