"""date-tense, date-validity, date-order and meeting-consistency on packs written here, and on the sample."""
import pytest

from conftest import pack_from_markdown, run_rules

FRONT = """*Meeting:* **Example Scrutiny Committee**

*Date/Time:* **Tuesday, 21 January 2025 at 2.00 pm**

*Location:* **Committee Room, County Hall**

### **AGENDA**

1. Minutes of the meeting held on 5 November 2024.

2. Date of next meeting.

The next meeting of the Committee is scheduled to take place on 4 March 2025.

This page is intentionally left blank

Minutes of a meeting of the Example Scrutiny Committee held at County Hall on Tuesday, 5 November 2024.

PRESENT

28. Minutes of the previous meeting.

The minutes of the meeting held on 3 September 2024 were taken as read, confirmed and signed.

41. Date of next meeting.

It was noted that the next meeting of the Committee would be held on 21 January 2025 at 14:00.

2.00 - 3.29 pm  
05 November 2024

CHAIRMAN

This page is intentionally left blank

**EXAMPLE SCRUTINY COMMITTEE – 21 JANUARY 2025**

**WIDGET STRATEGY 2024-2027**

**REPORT OF THE DIRECTOR OF WIDGETS**

**Purpose of the Report**

BODY
"""


def pack_with(body: str, front: str = FRONT):
    return pack_from_markdown(front.replace("BODY", body))


def findings(body, select, front=FRONT, options=None):
    return run_rules(pack_with(body, front), select, options)


def written(fs):
    return [f.extra.get("written") for f in fs]


# --- date-tense ------------------------------------------------------------------------------

def test_past_event_after_the_meeting_is_flagged_with_the_year_before():
    (f,) = findings("1. In November 2025, the Government published its paper Keeping Children Safe.", ["date-tense"])
    assert f.extra["written"] == "November 2025"
    assert f.extra["read_as"] == "2025-11"
    assert f.extra["reference"] == "2025-01-21"
    assert f.extra["likely_intended"] == "November 2024"
    assert "past tense" in f.message and "2025-01-21" in f.message


def test_future_event_before_the_meeting_is_flagged_with_the_year_after():
    (f,) = findings("13. The strategy is being presented to the Cabinet for approval in February 2024. "
                    "Any comments will be reported to the Cabinet.", ["date-tense"])
    assert (f.found, f.expected, f.extra["tense"]) == ("February 2024", "February 2025", "future")


@pytest.mark.parametrize("body, found", [
    ("1. The County Council meets on 19 February 2024 to consider the final budget.", "19 February 2024"),
    ("1. The Cabinet approved the budget on 7 February 2025.", "7 February 2025"),
    ("1. The homes will have opened by March 2024.", "March 2024"),
    ("1. Published: 10 December 2025.", "10 December 2025"),
    ("1. Approved 27/12/25 by the Chair.", "27/12/25"),
    ("1. The plan, which the Cabinet approved in May 2025, is attached.", "May 2025"),
    ("1. The service that opened in March 2025 will expand.", "March 2025"),
])
def test_other_wordings_of_a_year_slip(body, found):
    assert written(findings(body, ["date-tense"])) == [found]


@pytest.mark.parametrize("slip, right", [
    # a short aside in brackets does not end the clause that holds the verb
    ("1. The Partnership was launched by the Department for Education (DfE) in September 2025 to test reforms.",
     "1. The Partnership was launched by the Department for Education (DfE) in September 2023 to test reforms."),
    ("1. Works will start after the main scheme (February 2024) to reduce the overlap.",
     "1. Works will start after the main scheme (February 2025) to reduce the overlap."),
    # a meeting or workshop 'held on' a date is past
    ("1. Feedback from the workshop held on 10 July 2025 is attached.",
     "1. Feedback from the workshop held on 10 July 2024 is attached."),
    # 'planned for' a date schedules it
    ("1. Release of the data is planned for March 2024 and a report will follow.",
     "1. Release of the data is planned for March 2025 and a report will follow."),
    # 'the Spring of 2025' is one date: the clause holds two, not a crowd of three
    ("1. Release of the data is planned for March 2024 and a report to the Committee in the Spring of 2025.",
     "1. Release of the data is planned for March 2025 and a report to the Committee in the Spring of 2025."),
    # a period named twice ('this financial year (24/25)') is no crowd of dates beside the one judged
    ("1. Works planned within this financial year (24/25) are delayed and now scheduled to start in June 2024.",
     "1. Works planned within this financial year (24/25) are delayed and now scheduled to start in June 2025."),
    # the minutes of a meeting named by the day it was held
    ("1. Minutes of the meeting held on 9 January 2026", "1. Minutes of the meeting held on 9 January 2025"),
])
def test_more_wordings_of_a_year_slip_and_their_right_version(slip, right):
    (f,) = findings(slip, ["date-tense"])
    assert f.extra["likely_intended"] is not None
    assert findings(right, ["date-tense"]) == []


@pytest.mark.parametrize("slip, right", [
    # the copula alone tells a past state: a snapshot 'was as follows', a placement children 'were in'
    ("1. The maturity profile of the Council's outstanding debt at 30 September 2025 was as follows:",
     "1. The maturity profile of the Council's outstanding debt at 30 September 2024 was as follows:"),
    ("1. The local area was subject to a SEND re-inspection in November 2025 to consider the progress made.",
     "1. The local area was subject to a SEND re-inspection in November 2022 to consider the progress made."),
    ("1. In addition, 48 children were in a placement at an Independent Special School (ISP) in November 2025.",
     "1. In addition, 48 children were in a placement at an Independent Special School (ISP) in November 2023."),
    ("1. In 2026 there were 40 children placed in independent schools.",
     "1. In 2024 there were 40 children placed in independent schools."),
    # a deadline after work that is under way ('has commenced') is still to come
    ("1. Work has commenced to refresh this Strategy ready for April 2024 and the refresh will take regard of it.",
     "1. Work has commenced to refresh this Strategy ready for April 2025 and the refresh will take regard of it."),
    ("1. The works will be completed in time for September 2024.",
     "1. The works will be completed in time for September 2025."),
    # 'a proposed start date of' names a day still to come
    ("1. Vaccines have been ordered, with a proposed campaign start date of early February 2024.",
     "1. Vaccines have been ordered, with a proposed campaign start date of early February 2025."),
    # a date in brackets after 'received by the Board' dates the receiving, it is not part of a name
    ("1. It summarises the risk activity since the last report was received by the Board (June 2025).",
     "1. It summarises the risk activity since the last report was received by the Board (June 2024)."),
    # 'once ... has been approved': an event still to come, told in the perfect
    ("1. Once the strategy has been approved in March 2024 it will be published.",
     "1. Once the strategy has been approved in March 2025 it will be published."),
    # a verb more than 120 characters before its date still governs it when nothing else in the clause does
    ("1. The Cabinet will then consider the comments of the Overview and Scrutiny bodies and responses from the wider "
     "consultation process at its meeting on 7 February 2024.",
     "1. The Cabinet will then consider the comments of the Overview and Scrutiny bodies and responses from the wider "
     "consultation process at its meeting on 7 February 2025."),
])
def test_tense_cues_of_a_year_slip_and_their_right_version(slip, right):
    (f,) = findings(slip, ["date-tense"])
    assert f.severity == "warning" and f.extra["likely_intended"] is not None
    assert findings(right, ["date-tense"]) == []


@pytest.mark.parametrize("slip, right", [
    # a past verb governs its own date, and a body that decides is no scheduled event
    ("1. The council agreed in March 2025 to close the day centre.",
     "1. The council agreed in March 2024 to close the day centre."),
])
def test_a_date_of_a_scheduled_event_and_its_near_misses(slip, right):
    """'the increase in Council Tax in April 2025 was set at 4.99%': the date is the increase's, which a
    past verb may tell of before it comes; those stay quiet (below), these slips do not."""
    quiet = ["1. The increase in Council Tax in April 2025 was set at 4.99% by the Council.",
             "1. Members were concerned about the closure in March 2025 of the day centre."]
    for body in quiet:
        assert findings(body, ["date-tense"]) == [], body
    (f,) = findings(slip, ["date-tense"])
    assert f.severity == "warning" and f.extra["likely_intended"] is not None
    assert findings(right, ["date-tense"]) == []


@pytest.mark.parametrize("body", [
    # a plan agreed in the past that runs on
    "1. The plan, agreed in March 2023, will run to March 2026.",
    # an estimate or a plan told with 'was' is no past event of its date
    "1. The forecast balance at 31 March 2026 was £5.2m at Quarter 2.",
    "1. The original plan was for completion in March 2026.",
    "1. The strategy was to be presented to Cabinet in March 2026.",
    "1. The decision was that the scheme starts in April 2026.",
    "1. There was a commitment to deliver 500 homes in 2026.",
    # the copula tells a state about an event the date is of, not a state at the date
    "1. The Leader was supportive of the consultation in December 2025.",
    "1. The closure in March 2025 was a concern for members.",
    "1. The project was on track for completion in March 2025.",
    "1. Members were in favour of the closure in March 2025.",
    "1. The number of children in care at 31 March 2026 was estimated at 800.",
    # a deadline told as history
    "1. Work commenced in 2023 to refresh the strategy ready for April 2024.",
    "1. The building was refurbished ready for September 2024.",
    "1. Works finished in time for September 2024.",
    # a planned date whose clause tells it as past
    "1. The target date of March 2024 was met.",
    "1. The target date of March 2024 was challenging.",
    "1. The closing date was 28 February 2025.",
    "1. The Board agreed a proposed start date of October 2024.",
    # 'once' with a past verb is history; 'once' with a date that names a period is not judged
    "1. Once the strategy was approved in March 2024, work began on the plan.",
    "1. Once new places for September 2024 have been confirmed this will be combined.",
    # a bracket after a name that no verb governs is still a title
    "1. The approach was set out in the Guidance to Schools (Feb 2026).",
    "1. The proposal was presented to Cabinet (March 2024) and approved.",
    # a timetable told from the past: neither done nor still to come
    "1. The update for this risk was due on 31/7/24 and is being chased to ensure the risk is up to date.",
])
def test_near_misses_of_the_tense_cues_stay_quiet(body):
    assert findings(body, ["date-tense"]) == []


APPENDIX_FRONT = FRONT.replace("BODY", """BODY

### **Appendices**

Appendix A – Background from the consultants

This page is intentionally left blank

**Appendix A – Background from the consultants**

1. Development funding was approved on 27 December 2024 by the Directors of Infrastructure.

2. This funding will enable submission of a Full Planning Application in WHEN.
""")


def test_an_appendix_that_tells_a_later_day_as_past_was_written_after_its_future_events():
    # an appended paper may be older than the meeting: a future event dated before the meeting is only info...
    pack = pack_with("1. Nothing dated.", APPENDIX_FRONT.replace("WHEN", "April 2024"))
    assert [d.kind for d in pack.documents][-1] == "appendix"
    alone = APPENDIX_FRONT.replace("1. Development funding was approved on 27 December 2024 by the Directors of "
                                   "Infrastructure.", "1. Development funding is in place.")
    (f,) = findings("1. Nothing dated.", ["date-tense"], front=alone.replace("WHEN", "April 2024"))
    assert (f.found, f.severity) == ("April 2024", "info")
    # ...unless it tells as past a day after that event: then it was written after the event it calls still to come
    (f,) = findings("1. Nothing dated.", ["date-tense"], front=APPENDIX_FRONT.replace("WHEN", "April 2024"))
    assert (f.found, f.severity, f.extra["written_after"]) == ("April 2024", "warning", "2024-12-27")
    assert "2024-12-27 as past" in f.message
    assert findings("1. Nothing dated.", ["date-tense"], front=APPENDIX_FRONT.replace("WHEN", "April 2025")) == []


def test_a_past_event_two_years_after_the_meeting_has_no_guessed_year():
    (f,) = findings("1. The current MTFS was approved by the County Council in February 2027.", ["date-tense"])
    assert (f.found, f.expected, f.extra["likely_intended"]) == ("February 2027", "a date on or before 2025-01-21", None)
    assert "probably meant" not in f.message
    assert findings("1. The current MTFS was approved by the County Council in February 2024.", ["date-tense"]) == []
    assert findings("1. The current MTFS was approved by the County Council in February 2029.", ["date-tense"]) == []


def test_numeric_date_in_a_table_cell_is_judged():
    table = ("| Group | Sign-off |\n|---|---|\n"
             "| Equalities Group | Agreed electronically by the Chair on 27/12/25 noting the impact. |\n")
    (f,) = findings(table, ["date-tense"])
    assert (f.found, f.expected) == ("27/12/25", "27/12/24")


@pytest.mark.parametrize("body", [
    "1. The County Council meets on 19 February 2025 to consider the final budget.",
    "1. Leicestershire was inspected in 2020 and reinspected in 2022, resulting in a plan.",
    "1. The previous Government's Guidance for Schools (Feb 2024) reported a risk of distraction.",
    "1. Working Together to Safeguard Children 2018 guidance will continue to apply.",
    "1. The SEND and Inclusion Strategy 2024-2027 will be published.",
    "1. The DfE has delayed the announcement until at least Spring 2025.",
    "1. Once new places for September 2025 have been confirmed this will be combined.",
    "1. School expansions undertaken from September 2025 are funded.",
    "1. The BNG requirement that came into force in January 2024 will require an increase.",
    "1. The draft budget will be considered and approved by full Council on 13 February 2025.",
    "1. First two homes opened May 2023 and November 2024, with the third expected to open January 2025.",
    "1. Full guidance will be published in the spring.",
    "1. The consultation will close on 15 January 2025.",  # inside the grace period before the meeting
    "1. The Bus Service Improvement Plan will be submitted in October 2021.",  # years off: an old text quoted
    "1. Should the Secretary of State approve the transfer in March 2024 then consultation would be held.",
    "1. Report to the Cabinet on 10 April 2018",
    "1. The Board met on 4 November 2024 and meets monthly after that.",
    "1. The report was due to be considered on 5 March 2025.",
    "1. Data as at 31 December 2025 is shown.",
    "1. Legislation was passed which takes effect on 1 April 2025.",
    "1. The Act was amended so that the duty applies in April 2025.",
    "1. This meeting is on 21 January 2025 and the papers were published on 13 January 2025.",
    "1. The Board will receive an update at the meeting to be held on 6 November 2025.",
    "held on 6 November 2024.",  # a paragraph that lost its start ('... at the meeting to be')
    "1. The Committee is held on 4 March 2025 and in April 2025.",
    "1. The next report will include the figures for December 2024.",
    "1. Report to Cabinet, 5 March 2026",
])
def test_correct_or_unjudgeable_statements_are_not_flagged(body):
    assert findings(body, ["date-tense"]) == []


def test_minutes_are_judged_against_their_own_meeting():
    front = FRONT.replace("The minutes of the meeting held on 3 September 2024 were taken as read, confirmed and signed.",
                          "The Cabinet approved the report on 2 December 2024. The Board will meet on 1 October 2024.")
    fs = findings("1. Nothing dated.", ["date-tense"], front=front)
    assert sorted(written(fs)) == ["1 October 2024", "2 December 2024"]
    assert all(f.extra["reference"] == "2024-11-05" for f in fs)


def test_meeting_date_option_moves_the_reference():
    body = "1. The scheme opened on 3 March 2025."
    assert written(findings(body, ["date-tense"])) == ["3 March 2025"]
    moved = findings(body, ["date-tense"], options={"meeting_date": "2026-01-20"})
    # the scheme's opening is now in the past; the agenda's "next meeting ... 4 March 2025" is not
    assert written(moved) == ["4 March 2025"] and moved[0].extra["reference"] == "2026-01-20"


# --- date-validity ---------------------------------------------------------------------------

@pytest.mark.parametrize("body, written_as, why", [
    ("1. The consultation closes on 31 September 2024.", "31 September 2024", "no day 31"),
    ("1. The deadline is 29 February 2025.", "29 February 2025", "no day 29"),
    ("1. The budget for 2024/26 is set out below.", "2024/26", "consecutive"),
    ("1. Activity for the period March 2024 to March 2023 is shown.", "March 2024 to March 2023", "ends"),
    ("1. The Cabinet will meet on Monday, 21 January 2025.", "Monday, 21 January 2025", "Tuesday"),
    ("1. Performance for Quarter 2 2024/25, covering the period April to June 2024, is shown.", "April to June 2024", "July"),
])
def test_invalid_dates(body, written_as, why):
    (f,) = findings(body, ["date-validity"])
    assert f.extra["written"] == written_as
    assert why in f.message


def test_weekday_without_a_year():
    # 10 February is a Monday in 2025, a Saturday in 2024 and a Tuesday in 2026: the year cannot be pinned
    assert findings("1. The consultation starts on Tuesday 10 February.", ["date-validity"]) == []
    # 11 February is a Tuesday in 2025
    assert findings("1. The consultation starts on Tuesday 11 February.", ["date-validity"]) == []
    # 12 February is a Wednesday in 2025, a Monday in 2024 and a Thursday in 2026: no year makes it a Friday
    (f,) = findings("1. The consultation starts on Friday 12 February.", ["date-validity"])
    assert "no year written" in f.message


def test_time_that_does_not_exist():
    (f,) = findings("1. The meeting will start at 25:00 in the Council Chamber.", ["date-validity"])
    assert f.found == "25:00"
    (f,) = findings("1. Doors open at 13.30 pm.", ["date-validity"])
    assert f.found == "13.30 pm"


@pytest.mark.parametrize("body", [
    "1. Performance at the end of Quarter 2 2024/25, covering the period July to September 2024.",
    "1. The period July to September 2024 (Quarter 2) is reported.",
    "1. Tuesday, 21 January 2025 at 2.00 pm; 29 February 2024 existed.",
    "1. The MTFS 2025/26–2028/29 and Medium Term Financial Plan 2025-28.",
    "1. Nottingham's levy operates by the financial year (1st April to 31st March).",
    "1. A ratio of 1:30 and a score of 12.75 were achieved, rising from 14 years in early 2021 to 10 years now.",
    "1. The meeting ran 2.00 - 3.29 pm and resumed at 14:30.",
])
def test_valid_dates_and_times_are_not_flagged(body):
    assert findings(body, ["date-validity"]) == []


# --- date-order ------------------------------------------------------------------------------

def test_next_meeting_before_this_one():
    front = FRONT.replace("take place on 4 March 2025", "take place on 4 March 2024")
    (f,) = findings("1. Nothing dated.", ["date-order"], front=front)
    assert (f.found, f.extra["reference"]) == ("4 March 2024", "2025-01-21")


def test_minutes_confirmed_at_a_meeting_not_later_than_they_record():
    front = FRONT.replace("held on 3 September 2024 were taken", "held on 3 December 2024 were taken")
    (f,) = findings("1. Nothing dated.", ["date-order"], front=front)
    assert (f.found, f.extra["reference"]) == ("3 December 2024", "2024-11-05")


def test_step_that_ends_before_it_starts():
    (f,) = findings("21. Subject to approval the consultation will commence on 10 February 2025 "
                    "and run until 6 January 2025.", ["date-order"])
    assert (f.found, f.extra["reference"]) == ("6 January 2025", "2025-02-10")


def test_two_steps_in_one_sentence_are_not_one_period():
    body = "1. The new service will run from 1 April 2025 and the old contract ends on 31 March 2025."
    assert findings(body, ["date-order"]) == []


def test_consultation_feedback_before_it_closes():
    body = ("21. It is proposed to hold a consultation. This will commence on 10 February and run until 6 April 2025.\n\n"
            "27. The Cabinet will receive a report on 17 March 2025 regarding feedback from the consultation exercise.")
    (f,) = findings(body, ["date-order"])
    assert (f.found, f.extra["reference"]) == ("17 March 2025", "2025-04-06")
    assert findings(body.replace("17 March 2025", "17 June 2025"), ["date-order"]) == []


@pytest.mark.parametrize("until, flagged", [("6 April 2025", False), ("7 April 2025", False), ("6 March 2025", True)])
def test_consultation_length_against_its_dates(until, flagged):
    body = ("21. It is proposed to hold an 8-week consultation exercise on the draft strategy. Subject to the "
            f"Cabinet's approval this will commence on 10 February and run until {until}.")
    fs = findings(body, ["date-order"])
    assert bool(fs) == flagged
    if flagged:
        assert "25 days" in fs[0].message and fs[0].extra["reference"] == "8-week consultation"


@pytest.mark.parametrize("body, flagged", [
    ("1. The Council Revenue and Capital budget for 2024/25 was agreed by Full Council on 21 February 2023.", True),
    ("1. The Council Revenue and Capital budget for 2024/25 was agreed by Full Council on 20 February 2024.", False),
    ("1. A revised budget for 2024/25 was approved by Cabinet in September 2024.", False),
    ("1. The budget for 2025/26 will be set in February 2025; the 2024/25 budget was approved in 2024.", False),
])
def test_budget_agreed_in_the_months_before_its_year(body, flagged):
    fs = findings(body, ["date-order"])
    assert bool(fs) == flagged
    if flagged:
        assert fs[0].extra["likely_intended"] == "21 February 2024"


BACKGROUND = """3. The strategy supports the aims of the County Council's Strategic Plan 2022-26, which was approved by the County Council in WHEN.

**Background papers**

Report to the County Council on 18 May 2022

[Leicestershire County Council's Strategic Plan 2022 - 2026](#)

Report to the Cabinet on 18 September 2020

[Widget Strategy 2020 to 2023](#)
"""


def test_decision_dated_unlike_its_background_paper():
    (f,) = findings(BACKGROUND.replace("WHEN", "March 2022"), ["date-order"])
    assert (f.found, f.expected, f.extra["reference"]) == ("March 2022", "18 May 2022", "2022-05-18")
    assert f.related and "18 May 2022" in f.related[0].excerpt


@pytest.mark.parametrize("when", ["May 2022", "18 May 2022"])
def test_decision_dated_like_its_background_paper(when):
    assert findings(BACKGROUND.replace("WHEN", when), ["date-order"]) == []


def test_decision_by_another_body_or_subject_is_not_compared():
    body = BACKGROUND.replace("WHEN", "May 2022") + "\n\n4. The Pothole Plan was approved by the Cabinet in June 2021.\n"
    assert findings(body, ["date-order"]) == []


# --- meeting-consistency ---------------------------------------------------------------------

def test_the_sample_shaped_pack_is_consistent():
    assert findings("1. Nothing dated.", ["meeting-consistency"]) == []


def test_report_heading_with_another_date():
    front = FRONT.replace("**EXAMPLE SCRUTINY COMMITTEE – 21 JANUARY 2025**", "**EXAMPLE SCRUTINY COMMITTEE – 23 JANUARY 2025**")
    (f,) = findings("1. Nothing dated.", ["meeting-consistency"], front=front)
    assert (f.found, f.extra["reference"]) == ("23 JANUARY 2025", "2025-01-21")


def test_previous_minutes_give_another_date_or_time():
    front = FRONT.replace("would be held on 21 January 2025 at 14:00", "would be held on 28 January 2025 at 14:00")
    (f,) = findings("1. Nothing dated.", ["meeting-consistency"], front=front)
    assert f.found == "28 January 2025"
    front = FRONT.replace("at 14:00.", "at 10.30 am.")
    (f,) = findings("1. Nothing dated.", ["meeting-consistency"], front=front)
    assert (f.found, f.expected) == ("10.30 am", "14:00")
    front = FRONT.replace("at 14:00.", "at 2pm.")
    assert findings("1. Nothing dated.", ["meeting-consistency"], front=front) == []


def test_minutes_closing_date_differs_from_the_meeting_they_record():
    front = FRONT.replace("05 November 2024\n", "06 November 2024\n")
    (f,) = findings("1. Nothing dated.", ["meeting-consistency"], front=front)
    assert (f.found, f.expected, f.extra["reference"]) == ("06 November 2024", "05 November 2024", "2024-11-05")


def test_agenda_names_minutes_the_pack_does_not_hold():
    front = FRONT.replace("1. Minutes of the meeting held on 5 November 2024.", "1. Minutes of the meeting held on 6 November 2024.")
    (f,) = findings("1. Nothing dated.", ["meeting-consistency"], front=front)
    assert (f.found, f.expected) == ("6 November 2024", "5 November 2024")


# --- the sample pack, in its three forms -----------------------------------------------------

# (rule, written as, why it is real)
SAMPLE_FINDINGS = {
    # The 2020-26 Strategic Plan went to the County Council on 18 May 2022, as the report's own background papers say.
    ("date-order", "March 2022"),
    # A January 2025 report says the strategy "is being presented" to Cabinet in February 2024: meant February 2025.
    ("date-tense", "February 2024"),
    # The EIA was "Agreed electronically ... on 27/12/25", eleven months after the meeting it goes to: meant 27/12/24.
    ("date-tense", "27/12/25"),
    # "In November 2025, the Government published" Keeping Children Safe: the MTFS report says November 18 2024.
    ("date-tense", "November 2025"),
}


def sample_findings(pack):
    return {(f.rule, f.extra.get("written")) for f in run_rules(pack, ["date", "meeting"])}


def test_sample_markdown(pack_md):
    assert sample_findings(pack_md) == SAMPLE_FINDINGS


def test_sample_pdf(pack_pdf):
    assert sample_findings(pack_pdf) == SAMPLE_FINDINGS


def test_sample_docx(pack_docx):
    assert sample_findings(pack_docx) == SAMPLE_FINDINGS


def test_sample_findings_say_what_was_read_and_against_what(pack_md):
    for f in run_rules(pack_md, ["date", "meeting"]):
        assert {"written", "read_as", "reference"} <= set(f.extra)
        assert f.extra["written"] in f.message and f.extra["read_as"] in f.message


@pytest.mark.parametrize("said", ["The next cut to the bank rate is expected in {}.",
                                  "The next cut to the bank rate is currently forecast to occur in {}."])
def test_an_event_expected_or_forecast_in_a_month_is_still_to_come(said):
    # the timetable's word with the date's own preposition ('is expected in'), or 'is forecast to'
    (f,) = findings("1. " + said.format("August 2024") + "", ["date-tense"])
    assert (f.found, f.extra["tense"]) == ("August 2024", "future")
    assert findings("1. " + said.format("August 2025"), ["date-tense"]) == []
    # told from the past, the forecast says nothing of when the cut came
    assert findings("1. " + said.replace("is currently", "was").replace("is expected", "was expected")
                    .format("August 2024"), ["date-tense"]) == []


def test_a_participle_after_is_or_are_is_no_past_tense():
    # a resolution: 'that the minutes ... are not submitted to the Council at its meeting in July 2025'
    said = "1. RESOLVED that the minutes of the last meeting {} submitted to the Council at its meeting in July 2025."
    assert findings(said.format("are not"), ["date-tense"]) == []
    assert findings(said.format("be"), ["date-tense"]) == []
    (f,) = findings(said.format("were not"), ["date-tense"])
    assert (f.found, f.extra["tense"]) == ("July 2025", "past")


def test_a_verb_in_the_next_clause_does_not_date_this_one():
    # 'and is forecast to' tells the time of the clause it opens, which has its own date
    said = "1. The cumulative deficit was £31.2m at 31 March 2024 and is forecast to reach £44.5m by 31 March {}."
    assert findings(said.format("2025"), ["date-tense"]) == []
    (f,) = findings("1. The cumulative deficit is forecast to reach £44.5m by 31 March 2024.", ["date-tense"])
    assert (f.found, f.extra["tense"]) == ("31 March 2024", "future")


def test_and_inside_the_subject_after_a_fronted_date_is_no_next_clause():
    # 'In April 2026, 2,954 children and young people were registered': the verb after the subject dates it
    (f,) = findings("1. In April 2026, 2,954 children and young people were registered with the service.", ["date-tense"])
    assert (f.found, f.extra["tense"]) == ("April 2026", "past")
