"""No finding built on a guess: the meeting is read from a cue or not at all, and a future event
dated before the meeting is only reported as probably wrong when the text was written for it."""
from conftest import pack_from_markdown, run_rules

from auditor.structure.segment import is_body_name

FRONT_SHEET = """*Meeting:* **Example Scrutiny Committee**

*Date/Time:* **Tuesday, 21 January 2025 at 2.00 pm**

REPORT OF THE DIRECTOR OF CHILDREN'S SERVICES

SEND STRATEGY

1. {sentence}

List of Appendices

Appendix A – Feasibility Study
"""

NO_FRONT_SHEET = """# Draft Budget 2025-26

1. The local government finance settlement was announced on 18 December 2024.

2. An updated draft was endorsed by Cabinet on 30 January 2025 and by the Scrutiny Committee on 3 February 2025.

3. The final report will provide all the essential information for County Council approval on {approval}.
"""


def _tense(text: str):
    return [f for f in run_rules(pack_from_markdown(text), ["date-tense"])]


def test_a_body_date_is_never_taken_for_the_meeting():
    pack = pack_from_markdown(NO_FRONT_SHEET.format(approval="13 February 2025"))
    assert pack.meeting.date is None and not pack.meeting.found


def test_meeting_read_from_a_to_line_keeps_its_cue():
    pack = pack_from_markdown("From: Cabinet Member for Finance\n\nTo: County Council – 13 March 2025\n\n"
                              "Subject: Treasury Management\n\n1.3 The strategy was approved by the County Council on 19 February 2024.\n")
    assert (pack.meeting.committee, pack.meeting.date) == ("County Council", "2025-03-13")
    assert pack.meeting.cue("date") == "to-line"


def test_a_committee_is_the_name_of_a_body_never_a_sentence():
    assert is_body_name("Children and Families Overview and Scrutiny Committee")
    assert is_body_name("Cabinet")
    assert not is_body_name("1.3 The Council's Treasury Management Strategy for 2024-25 was approved by the County Council on")
    assert not is_body_name("Executive Summary 1 2")
    assert not is_body_name("Chair of the Library Board")


def test_with_no_meeting_a_future_event_before_a_told_past_event_is_found():
    quiet = _tense(NO_FRONT_SHEET.format(approval="13 February 2025"))
    slip = _tense(NO_FRONT_SHEET.format(approval="13 February 2024"))
    assert quiet == []
    assert [(f.found, f.expected, f.severity) for f in slip] == [("13 February 2024", "13 February 2025", "warning")]
    assert "a past event this paper tells of" in slip[0].message


def test_no_event_is_judged_against_a_guessed_meeting():
    text = "# Annual Report\n\n1. Accounts for the year ending 31 March 2015.\n\n2. The hub opened in April 2015.\n"
    assert _tense(text) == []


def test_a_future_event_within_the_writing_lag_is_only_worth_a_look():
    near = _tense(FRONT_SHEET.format(sentence="The review will be completed by the end of December 2024."))
    far = _tense(FRONT_SHEET.format(sentence="The strategy is being presented to the Cabinet in February 2024."))
    assert [(f.found, f.severity) for f in near] == [("December 2024", "info")]
    assert [(f.found, f.severity) for f in far] == [("February 2024", "warning")]


def test_an_appended_paper_may_be_older_than_the_meeting():
    text = FRONT_SHEET.format(sentence="See the appendices.") + (
        "\n\nThis page is intentionally left blank\n\nAppendix A – Feasibility Study\n\nThe council is considering a target October 2024 go-live date, "
        "and a launch will take place in February 2024.\n")
    findings = _tense(text)
    assert findings and {f.severity for f in findings} == {"info"}


def _appendix(body: str) -> str:
    return FRONT_SHEET.format(sentence="See the appendices.") + (
        "\n\nThis page is intentionally left blank\n\nAppendix A – Feasibility Study\n\n" + body + "\n")


def test_an_appended_paper_that_names_the_meeting_was_written_for_it():
    timeline = ("Timeline: the Committee is to approve the proposals on 21 January 2025. "
                "The tender will close in March 2025.\n\nServices will begin in {begin}.")
    assert _tense(_appendix(timeline.format(begin="April 2025"))) == []
    assert [(f.found, f.expected, f.severity) for f in _tense(_appendix(timeline.format(begin="April 2024")))] == [
        ("April 2024", "April 2025", "warning")]


def test_an_appended_paper_that_tells_a_later_day_as_past_was_written_after_it():
    text = ("The funding was approved on 27 June 2024 by the Directors of Infrastructure. "
            "A Full Planning Application will be submitted in {when}.")
    assert _tense(_appendix(text.format(when="April 2025"))) == []
    assert [(f.found, f.severity) for f in _tense(_appendix(text.format(when="April 2024")))] == [
        ("April 2024", "warning")]


def test_a_deadline_told_as_passed_is_not_still_to_come():
    assert _tense(FRONT_SHEET.format(sentence="The update for this risk was due on 31/12/24 and is being chased "
                                              "to ensure the risk is up to date.")) == []


def _rule(text: str, rule: str):
    return [f.found for f in run_rules(pack_from_markdown("# Report\n\n1. " + text + "\n"), [rule])]


def test_a_change_from_one_year_to_another_is_not_a_period():
    assert _rule("After refinement work, the compliance year moved from 2025 to 2023.", "date-validity") == []
    assert _rule("The strategy covers the period 2025 to 2023.", "date-validity") != []


def test_a_usual_length_named_beside_the_real_one_is_not_this_consultation_length():
    quiet = ("We held a consultation from 29 November 2021 until 28 January 2022 and it was for 8 weeks "
             "rather than the normal 6-week period.")
    slip = "We held a 6-week consultation from 29 November 2021 until 28 January 2022."
    assert _rule(quiet, "date-order") == []
    assert _rule(slip, "date-order") != []


def test_a_financial_year_whose_halves_are_the_same_year_is_found():
    assert _rule("The final settlement for 2025-26 was published on 3 February 2025.", "date-validity") == []
    assert _rule("The final settlement for 2025-25 was published on 3 February 2025.", "date-validity") == ["2025-25"]
    assert _rule("The figures in 2024-11 were revised.", "date-validity") == []  # a month, not a year
    # written out in full: 'in line with 2024-2024'
    assert _rule("Slots were increased in line with 2024-2025 demand.", "date-validity") == []
    assert _rule("Slots were increased in line with 2024-2024 demand.", "date-validity") == ["2024-2024"]


MINUTES = """# Cabinet minutes

1. At the Scrutiny Committee held on 29th January 2025, Members discussed the budget.

2. The Cabinet Member noted the budget monitoring report.

3. At the meeting of the Scrutiny Committee held on 29th January {year}, Members asked about reserves.

4. The Scrutiny Committee held on 4 December 2024 had also considered the draft.
"""


def test_one_meeting_told_with_two_years_is_found():
    assert _rule_in(MINUTES.format(year=2025), "fact-conflict-event") == []
    assert _rule_in(MINUTES.format(year=2024), "fact-conflict-event") != []


def _rule_in(text: str, rule: str):
    return [f.found for f in run_rules(pack_from_markdown(text), [rule])]


def test_a_hyphenated_financial_year_mistyped_in_any_sentence_is_found_but_not_a_reference_number():
    assert _rule("Spend in 2024-24 was below budget.", "date-validity") == ["2024-24"]
    assert _rule("The decision Ref 2025-13 applies to all schools.", "date-validity") == []


def test_an_event_carried_out_or_undergone_after_the_meeting_is_found():
    front = FRONT_SHEET.format(sentence="{s}")
    slip = front.format(s="Ofsted carried out a SEND re-inspection in November 2025 to consider the progress made.")
    quiet = front.format(s="Ofsted carried out a SEND re-inspection in November 2022 to consider the progress made.")
    assert [(f.found, f.severity) for f in _tense(slip)] == [("November 2025", "warning")]
    assert _tense(quiet) == []
    hedged = front.format(s="The plan is subject to approval by the Cabinet in December 2024.")
    assert _tense(hedged) == []


def test_the_one_verb_of_a_long_clause_dates_its_one_date():
    long = ("This funding will enable development of an Outline Business Case and associated designs, as well "
            "as submission of a Full Planning Application in {when}.")
    assert _tense(FRONT_SHEET.format(sentence=long.format(when="April 2025"))) == []
    assert [(f.found, f.expected, f.severity) for f in _tense(FRONT_SHEET.format(sentence=long.format(when="April 2024")))] == [
        ("April 2024", "April 2025", "warning")]
    # another figure in the clause: the far verb may be about it, not the date
    other = long.replace("associated designs", "the 12 associated designs")
    assert _tense(FRONT_SHEET.format(sentence=other.format(when="April 2024"))) == []


def test_a_start_date_of_a_month_is_when_the_event_happens():
    text = ("The Combined Authority will undertake the procurement exercise to procure these services, "
            "with an intended start date of {when}.")
    assert _tense(FRONT_SHEET.format(sentence=text.format(when="April 2025"))) == []
    assert [(f.found, f.expected, f.severity) for f in _tense(FRONT_SHEET.format(sentence=text.format(when="April 2024")))] == [
        ("April 2024", "April 2025", "warning")]
    early = ("Flu vaccinations are scheduled for delivery in mid-September, with a proposed campaign start date "
             "of early {when}.")
    assert _tense(FRONT_SHEET.format(sentence=early.format(when="February 2025"))) == []
    assert [f.found for f in _tense(FRONT_SHEET.format(sentence=early.format(when="October 2024")))] == ["October 2024"]
    # a figure 'of' a month that is no date of an event is left alone
    assert _tense(FRONT_SHEET.format(sentence="The service will keep to the budget of April 2024.")) == []
