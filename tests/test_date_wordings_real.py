"""Date wordings of real published committee papers the date checks once misread, each with its near-miss.

Found by running the auditor on text it had never seen (a Herefordshire budget report, a Bracknell school
places report, Lancashire Fire Authority minutes, an Aberdeen IJB budget report): a quarter written in words,
a span of years naming a plan, a visit 'had been arranged' for a day to come, a day written with its weekday,
and a decision awaited on a day the paper elsewhere tells in reported speech.
"""
from datetime import date

import pytest
from conftest import pack_from_markdown, run_rules

from auditor import vocab
from auditor.facts.dates import find_dates


def check(text: str, rules: list[str], meeting: str):
    return run_rules(pack_from_markdown(text), rules, {"meeting_date": meeting})


# --- a quarter written in words ----------------------------------------------------------------

BUDGET_Q3 = """# Q3 2024/25 Budget Report

1. The successful delivery of management actions identified at quarter 2 had a positive impact on the outturn
position and it was expected that further planned activities in quarter four (MONTHS) would reduce the forecast
overspend to £1.1m by 31 March 2025.
"""


@pytest.mark.parametrize("written, quarter, iso, inferred", [
    ("planned activities in quarter four (January", 4, "2025-01-01/2025-03-31", True),
    ("Performance in Quarter One 2024/25 was", 1, "2024-04-01/2024-06-30", False),
    ("in the fourth quarter of 2024/25 the", 4, "2025-01-01/2025-03-31", False),
    ("by the 3rd quarter, the", 3, "2024-10-01/2024-12-31", True),
    ("during the second quarter", 2, "2024-07-01/2024-09-30", True),
])
def test_a_quarter_in_words_is_read_as_a_quarter(written, quarter, iso, inferred):
    (q,) = [m for m in find_dates(written, date(2025, 2, 20)) if m.kind == "quarter"]
    assert (q.quarter, q.iso, q.year_inferred) == (quarter, iso, inferred)


@pytest.mark.parametrize("text", ["one quarter of the budget", "three quarters of schools", "the first quarterly report",
                                  "Quarter fourteen", "a quarter to two"])
def test_a_fraction_or_a_longer_word_is_no_quarter(text):
    assert [m for m in find_dates(text, date(2025, 2, 20)) if m.kind == "quarter"] == []


def test_the_ordinals_come_from_the_vocabulary():
    assert vocab.ordinal_words()["fourth"] == 4 and vocab.ordinal_words()["first"] == 1
    assert vocab.number_words().get("first") is None  # 'the first three' counts three


def test_bracketed_months_belong_to_the_quarter_right_before_them():
    # Herefordshire's Q3 report: 'quarter 2' earlier in the sentence is another quarter, not the bracket's
    assert check(BUDGET_Q3.replace("MONTHS", "January to March 2025"), ["date-validity"], "2025-02-20") == []
    assert check(BUDGET_Q3.replace("quarter four (MONTHS)", "the fourth quarter (January to March 2025)"),
                 ["date-validity"], "2025-02-20") == []
    # the near-miss: the months of another quarter in the brackets of a report counting quarters from April
    (f,) = check(BUDGET_Q3.replace("MONTHS", "October to December 2024"), ["date-validity"], "2025-02-20")
    assert (f.found, f.expected, f.extra["reference"]) == ("October to December 2024", "January to March 2025",
                                                            "quarter four")
    assert "Quarter 4 of a financial year is January to March" in f.message


def test_each_bracketed_quarter_of_a_sentence_is_checked():
    text = ("# Performance Report Quarter 2 2024/25\n\n1. Sickness fell in Q1 (April to June 2024) and in "
            "Q2 (MONTHS).\n")
    assert check(text.replace("MONTHS", "July to September 2024"), ["date-validity"], "2024-11-20") == []
    (f,) = check(text.replace("MONTHS", "October to December 2024"), ["date-validity"], "2024-11-20")
    assert (f.found, f.extra["reference"]) == ("October to December 2024", "Q2")


def test_calendar_quarters_stay_a_convention_where_no_quarter_of_a_financial_year_is_named():
    text = BUDGET_Q3.replace("# Q3 2024/25 Budget Report", "# Budget Report").replace("MONTHS", "October to December 2024")
    assert check(text, ["date-validity"], "2025-02-20") == []


# --- a span of years that names a plan -------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "1. Forecast growth in the five year 2018/24 School Places Plan suggested that numbers could increase by 1,441.",
    "1. The 2020/25 Strategy set out four priorities.",
    "1. Our 2022/27 plan is attached as Appendix A.",
    "1. The 5-year 2020/25 programme of works is complete.",
    "1. The 2024/28 Medium Term Financial Strategy was approved.",
])
def test_a_span_of_years_marked_as_a_plans_period_is_no_mistyped_financial_year(body):
    assert check("# School Places\n\n" + body + "\n", ["date-validity"], "2018-06-14") == []
    (span,) = [m for m in find_dates(body) if "/" in m.text]
    assert span.kind == "range" and span.problem is None and span.first.month == 4


@pytest.mark.parametrize("body, written", [
    ("1. The budget for 2025/25 is set out below.", "2025/25"),
    ("1. The 2024/23 budget is set out below.", "2024/23"),
    ("1. The 2024/26 budget is set out below.", "2024/26"),
    ("1. The budget for 2024/26 and the plan are set out below.", "2024/26"),  # the plan's noun is another's
    ("1. The one year 2024/26 plan is set out below.", "2024/26"),  # one year is one financial year
    ("1. The five year 2024/23 plan is set out below.", "2024/23"),  # a span must end after it starts
    ("1. The 2024/26 settlement is set out below.", "2024/26"),  # a settlement is for one year
])
def test_a_mistyped_financial_year_is_still_found(body, written):
    (f,) = check("# Budget\n\n" + body + "\n", ["date-validity"], "2024-02-20")
    assert f.found == written and "consecutive" in f.message


# --- an arranging verb, and a day written with its weekday ------------------------------------------

MINUTES_NOTE = "# Report on visits\n\n1. The Chair reminded members that SENTENCE and asked members to consider attending.\n"


def test_a_visit_arranged_for_a_day_to_come_tells_no_tense_of_the_visit():
    # Lancashire CFA minutes, 16 December 2024: the arranging is done, the visits are still to come
    quiet = ["two visits had been arranged to North West Fire Control on Tuesday 21 and Thursday 23 January 2025",
             "two visits had been arranged to North West Fire Control on 23 January 2025",
             "a training session has been booked for members on 4 February 2025",
             "a workshop had been scheduled for 10 October 2024",  # (was told as still to come)
             "a session had been organised at Fulwood on 4 February 2025"]
    for sentence in quiet:
        assert check(MINUTES_NOTE.replace("SENTENCE", sentence), ["date-tense"], "2024-12-16") == [], sentence
    # near-misses: the visit itself told as done, a body set up in a month, an arranging still to come
    slips = [("two visits took place at North West Fire Control on 23 January 2025", "23 January 2025", "past"),
             ("the working group was set up in March 2025 to review roles", "March 2025", "past"),
             ("a visit will be arranged to the Control Room on 12 August 2024", "12 August 2024", "future")]
    for sentence, written, tense in slips:
        (f,) = check(MINUTES_NOTE.replace("SENTENCE", sentence), ["date-tense"], "2024-12-16")
        assert (f.found, f.extra["tense"], f.severity) == (written, tense, "warning"), sentence
        assert f.extra["likely_intended"] is not None


def test_a_day_whose_weekday_agrees_is_no_slip_of_the_year():
    past = MINUTES_NOTE.replace("SENTENCE", "two visits took place at North West Fire Control on WHEN")
    # 23 January 2025 is a Thursday: the writer read it off the 2025 calendar, so 2024 was not meant
    assert check(past.replace("WHEN", "Thursday 23 January 2025"), ["date-tense", "date-validity"], "2024-12-16") == []
    # without the weekday the year may be a slip
    (f,) = check(past.replace("WHEN", "23 January 2025"), ["date-tense"], "2024-12-16")
    assert f.expected == "23 January 2024"
    # a weekday that is not the date's is a slip: 23 January 2024 was a Tuesday
    fs = check(past.replace("WHEN", "Tuesday 23 January 2025"), ["date-tense", "date-validity"], "2024-12-16")
    assert sorted((f.rule, f.severity, f.expected) for f in fs) == [
        ("date-tense", "warning", "Tuesday 23 January 2024"), ("date-validity", "error", "Thursday")]


def test_a_day_still_to_come_long_gone_with_its_weekday_is_only_worth_a_look():
    text = "# Review report\n\n1. The Committee will meet on WHEN to review the plan.\n"
    (f,) = check(text.replace("WHEN", "Tuesday 5 November 2024"), ["date-tense"], "2025-03-18")
    assert (f.severity, f.extra["likely_intended"], f.expected) == ("info", None, "a date after 2025-03-18")
    assert "probably meant" not in f.message and "2024's" in f.message
    (f,) = check(text.replace("WHEN", "5 November 2024"), ["date-tense"], "2025-03-18")
    assert (f.severity, f.expected) == ("warning", "5 November 2025")


# --- a day told in reported speech that the same paper awaits -----------------------------------------

IJB_RECOMMENDATIONS = """# Revenue Budget 2025/26

The report recommended:-

(b) note that Aberdeen City Council agreed its General Fund budget for 2025/26 on AGREED;

(c) note that NHS Grampian met to agree their 2025/26 budget on 10 April 2025. This would include consideration
of £12.647m of additional funding for the IJB;

(d) approve the proposed Revenue Budget subject to the decision of NHS Grampian on AWAITED;
"""


def test_a_day_the_paper_awaits_is_no_past_event_told_in_reported_speech():
    text = IJB_RECOMMENDATIONS.replace("AGREED", "5 March 2025")
    assert check(text.replace("AWAITED", "10 April 2025"), ["date-tense"], "2025-03-18") == []
    # near-misses: a past event with its year typed one out stays found beside the awaited day...
    (f,) = check(IJB_RECOMMENDATIONS.replace("AGREED", "5 March 2026").replace("AWAITED", "10 April 2025"),
                 ["date-tense"], "2025-03-18")
    assert (f.found, f.expected) == ("5 March 2026", "5 March 2025")
    # ... and a day the paper does not await is judged as before
    (f,) = check(text.replace("AWAITED", "24 April 2025"), ["date-tense"], "2025-03-18")
    assert (f.found, f.extra["tense"]) == ("10 April 2025", "past")


def test_a_past_state_subject_to_a_day_awaits_nothing():
    text = ("# Review\n\n1. The scheme was subject to a review on 10 April 2025.\n\n"
            "2. The Board will meet on 10 May 2025.\n")
    (f,) = check(text, ["date-tense"], "2025-03-18")
    assert f.found == "10 April 2025"


# --- a verb joined to the arranging one ---------------------------------------------------------

PEER_EVENT = """Health, Wellbeing and Adult Social Care Scrutiny Committee – 4 February 2025

Finally, the Chair informed the Committee that a focus group meeting had also been {verb} and was incorporated in
the Let's Talk Peer Event on the 20th of February 2025. The event would be taking place at 222 Upper Street.
"""


def test_a_verb_joined_to_the_arranging_one_tells_of_the_arrangement():
    """'had also been arranged and was incorporated in the Peer Event on 20 February 2025' (Islington minutes):
    the event arranged is still to come; 'had been held and was incorporated' tells it as past, after the meeting."""
    assert check(PEER_EVENT.format(verb="arranged"), ["date-tense"], "2025-02-04") == []
    [slip] = check(PEER_EVENT.format(verb="held"), ["date-tense"], "2025-02-04")
    assert slip.found == "20th of February 2025"
