"""draft-text: a published 'TBC' and a form's printed guidance are not drafting slips by themselves.

- TBC says honestly that something is not known yet (a future date in a timeline, an action's owner,
  a cell of a table of savings under development): info. Asking the meeting to decide on a TBC is a
  warning.
- A funding body's form prints guidance to the applicant ("[Note: please include details of ...]"),
  kept in the completed form: not a note to self. Real notes to self are still found.
"""
from conftest import pack_from_markdown, run_rules


def _found(text, prefix):
    return [(f.rule, f.severity, f.location.line, f.found) for f in run_rules(pack_from_markdown(text), [prefix])]


def test_tbc_as_an_honest_status_is_information():
    text = ("Timeline\n\n"
            "- Committee to approve the fund 12 September 2024\n"
            "- Agreement on which services to support by 20 December 2024 – tender return date TBC\n\n"
            "| Measure | Status | Development timeline |\n|---|---|---|\n| Patient experience | Under development | TBC |\n\n"
            "| Action | Owner | Timescale |\n|---|---|---|\n| Review permit pricing | TBC | TBC |\n")
    found = _found(text, "draft-tbc")
    assert {severity for _, severity, _, _ in found} == {"info"}
    assert [line for _, _, line, _ in found] == [4, 8, 12]


def test_a_decision_in_the_bullet_before_does_not_raise_a_tbc():
    # a plain-text pack runs bullets into one paragraph: the sentence ends at the bullet
    text = ("Timeline • Committee to approve the fund 12 September 2024 • Agreement on which services to "
            "support by 20 December 2024 – tender return date TBC • Services registered by January 2025\n")
    assert [severity for _, severity, _, _ in _found(text, "draft-tbc")] == ["info"]


def test_tbc_in_a_decision_the_meeting_is_asked_to_take_is_a_warning():
    text = ("Recommendations\n\n"
            "1. The Cabinet is asked to approve a capital budget of £TBC for the scheme.\n\n"
            "2. The start date is TBC.\n")
    found = _found(text, "draft-tbc")
    assert [(severity, line) for _, severity, line, _ in found] == [("warning", 3), ("info", 5)]


FORM = """8. Project aims and objectives

The project will expand cycle training across the city and support a sustained increase in active travel.
[Note: please include details of the intervention expected to ultimately be delivered including the
strategic fit and the cost.]

[Note: If the planned output is other than an Outline or Full Business Case, please describe the scope
and content of the report which will mark the completion of this phase]

The scheme will cost £2.4m. {note}
"""


def test_form_guidance_to_the_applicant_is_not_a_drafting_note():
    assert _found(FORM.format(note=""), "draft-note") == []


def test_notes_to_self_in_a_completed_form_are_still_found():
    found = _found(FORM.format(note="[check figure with finance] The start date is [insert date]."), "draft-")
    assert ("draft-note", "error", 10, "[check figure with finance]") in found
    assert ("draft-placeholder", "error", 10, "[insert date]") in found
    found = _found(FORM.format(note="[Note: update once the Q3 outturn is known]"), "draft-note")
    assert [f for _, _, _, f in found] == ["[Note: update once the Q3 outturn is known]"]
