"""find_dates: each written form of a date, read as an interval, with its clause."""
from datetime import date

import pytest

from auditor.facts.dates import document_date, find_dates, meeting_date

REF = date(2025, 1, 21)


def read(text, reference=REF):
    return [(m.text, m.kind, m.iso) for m in find_dates(text, reference)]


@pytest.mark.parametrize("text, expected", [
    ("21 January 2025", ("21 January 2025", "day", "2025-01-21")),
    ("Tuesday, 21 January 2025 at 2.00 pm", ("Tuesday, 21 January 2025", "day", "2025-01-21")),
    ("signed on 21/1/25.", ("21/1/25", "day", "2025-01-21")),
    ("Agreed on 27/12/25", ("27/12/25", "day", "2025-12-27")),
    ("the 6th December 2024 meeting", ("6th December 2024", "day", "2024-12-06")),
    ("On November 18 2024, the government", ("November 18 2024", "day", "2024-11-18")),
    ("from 25<sup>th</sup> November 2024", ("25<sup>th</sup> November 2024", "day", "2024-11-25")),
    ("Data updated to end of 24/10/2024", ("24/10/2024", "day", "2024-10-24")),
    ("approved in February 2024.", ("February 2024", "month", "2024-02")),
    ("by Nov 2025", ("Nov 2025", "month", "2025-11")),
    ("Spring 2025", ("Spring 2025", "season", "2025-03-01/2025-05-31")),
    ("Quarter 2 2024/25", ("Quarter 2 2024/25", "quarter", "2024-07-01/2024-09-30")),
    ("Q4 2024/25", ("Q4 2024/25", "quarter", "2025-01-01/2025-03-31")),
    ("static in Q4 23/24 and", ("Q4 23/24", "quarter", "2024-01-01/2024-03-31")),
    ("Risk Register Q1 2024-2025 as at", ("Q1 2024-2025", "quarter", "2024-04-01/2024-06-30")),
    ("Dashboard Quarter 2, 2024/25", ("Quarter 2, 2024/25", "quarter", "2024-07-01/2024-09-30")),
    ("for 2024/25 only", ("2024/25", "financial_year", "2024-04-01/2025-03-31")),
    ("MTFS 24/25 projection", ("24/25", "financial_year", "2024-04-01/2025-03-31")),
    ("savings in FY24/25", ("FY24/25", "financial_year", "2024-04-01/2025-03-31")),
    ("Date: 2024-11-18", ("2024-11-18", "day", "2024-11-18")),
    ("the MTFS 2025/26–2028/29", ("2025/26–2028/29", "range", "2025-04-01/2029-03-31")),
    ("Strategy 2025/26 - 28/29.", ("2025/26 - 28/29", "range", "2025-04-01/2029-03-31")),
    ("Statement 2024-27.", ("2024-27", "range", "2024-01-01/2027-12-31")),
    ("the academic year 2023-2024", ("2023-2024", "academic_year", "2023-09-01/2024-08-31")),
    ("reinspected in 2022", ("2022", "year", "2022")),
    ("for the period March 2023 to March 2024.", ("March 2023 to March 2024", "range", "2023-03-01/2024-03-31")),
    ("covering the period July to September 2024.", ("July to September 2024", "range", "2024-07-01/2024-09-30")),
])
def test_each_written_form(text, expected):
    assert read(text)[0] == expected


def test_relative_phrases_need_the_reference():
    assert read("next year") == [("next year", "relative", "2026-01-01/2026-12-31")]
    assert read("12 months ago") == [("12 months ago", "relative", "2024-01-21")]
    assert read("next financial year") == [("next financial year", "relative", "2025-04-01/2026-03-31")]
    assert read("the previous quarter") == [("previous quarter", "relative", "2024-10-01/2024-12-31")]
    assert read("this quarter") == [("this quarter", "relative", "2025-01-01/2025-03-31")]
    assert find_dates("next year", None) == []


def test_season_without_year_is_the_coming_one_and_marked_inferred():
    (spring,) = find_dates("Full guidance will be published in the spring.", REF)
    assert (spring.kind, spring.iso, spring.year_inferred) == ("season", "2025-03-01/2025-05-31", True)


def test_a_season_of_a_year_is_one_date():
    assert read("a report in the Spring of 2026 and in summer 2027") == [
        ("Spring of 2026", "season", "2026-03-01/2026-05-31"), ("summer 2027", "season", "2027-06-01/2027-08-31")]


def test_bare_quarter_takes_the_reference_financial_year():
    (q,) = find_dates("at the end of Quarter 2, with", REF)
    assert (q.quarter, q.first, q.last, q.year_inferred) == (2, date(2024, 7, 1), date(2024, 9, 30), True)


def test_day_without_year_takes_the_year_written_later_in_the_sentence():
    days = find_dates("this will commence on 10 February and run until 6 April 2025.", REF)
    assert [(d.iso, d.year_inferred) for d in days] == [("2025-02-10", False), ("2025-04-06", False)]


def test_day_month_range_without_years_falls_near_the_reference():
    (r,) = find_dates("on display from 25<sup>th</sup> November to 10<sup>th</sup> December.", REF)
    assert (r.kind, r.iso, r.year_inferred) == ("range", "2024-11-25/2024-12-10", True)


def test_day_month_range_across_year_end_ends_after_it_starts():
    (r,) = find_dates("operates by the financial year (1st April to 31st March), as", REF)
    assert r.problem is None and r.last > r.first


def test_impossible_days_are_kept_with_a_problem():
    (d,) = find_dates("on 31 September 2024", REF)
    assert d.problem == "September 2024 has no day 31"
    (d,) = find_dates("29 February 2025", REF)
    assert d.problem and d.iso == "2025-02-29"
    (d,) = find_dates("29 February 2024", REF)
    assert d.problem is None


def test_financial_year_halves_that_do_not_follow():
    (fy,) = find_dates("the budget for 2024/26", REF)
    assert fy.kind == "financial_year" and "consecutive" in fy.problem


def test_quarter_of_a_financial_year_whose_halves_do_not_follow():
    (q,) = find_dates("Quarter 2 2024/26 report", REF)
    assert q.kind == "quarter" and "consecutive" in q.problem


def test_not_dates():
    assert read("Section 17/23 of the Act") == []
    assert read("a score of 2.5 and 7(3)") == []
    assert read("£2,024,000 and 2019.5 and 2020%") == []
    assert read("an average 14 years in early 2021 to 10 years now") == [("2021", "year", "2021")]
    assert read("you may apply") == []
    assert read("https://www.communitycare.co.uk/2024/10/31/agency-rules/") == []


def test_medium_term_plan_with_hyphen_is_a_span_of_years_not_a_bad_financial_year():
    (r,) = find_dates("Medium Term Financial Plan 2025-28 and", REF)
    assert (r.kind, r.problem) == ("range", None)


def test_clause_is_cut_at_joins():
    text = "First two homes opened May 2023 and November 2024, with the third expected to open January 2025;"
    dates = find_dates(text, REF)
    assert [d.text for d in dates] == ["May 2023", "November 2024", "January 2025"]
    assert dates[2].clause.startswith("with the third expected")
    assert "with" not in dates[1].clause


def test_sentences_do_not_break_at_abbreviations():
    (d,) = find_dates("Mr. K. Smith reported on 3 March 2024 that it was done. Next.", REF)
    assert d.sentence.startswith("Mr. K. Smith") and d.sentence.strip().endswith("done.")


def test_meeting_date_option_overrides_front_sheet(pack_md):
    from auditor.checks import Context
    from auditor.checks import _facts

    assert meeting_date(pack_md, None) == date(2025, 1, 21)
    assert meeting_date(pack_md, "2025-02-04") == date(2025, 2, 4)
    assert _facts.meeting_date(pack_md, Context()) == date(2025, 1, 21)
    assert _facts.meeting_date(pack_md, Context(options={"meeting_date": "2025-02-04"})) == date(2025, 2, 4)


def test_document_dates_of_the_sample(pack_md):
    def date_of(kind, title_start):
        doc = next(d for d in pack_md.documents if d.kind == kind and d.title.startswith(title_start))
        return document_date(doc, pack_md)

    assert date_of("minutes", "Minutes") == date(2024, 11, 5)
    assert date_of("report", "SEND AND INCLUSION") == date(2025, 1, 21)
    assert date_of("appendix", "Appendix B – Equality") == date(2025, 1, 21)


def test_wrapped_lines_of_extracted_text_stay_in_one_sentence():
    text = ("The Council Revenue and Capital budget for 2024/25 was agreed by Full Council\n"
            "on 21 February 2023. This report presents the forecast.\nTable 1\nBudget 2024")
    day = next(m for m in find_dates(text, REF) if m.kind == "day")
    assert day.sentence.startswith("The Council Revenue") and "2024/25" in day.sentence
    last = find_dates(text, REF)[-1]
    assert last.sentence.strip() == "Budget 2024"


def test_pack_dates_keep_their_location(pack_md):
    from auditor.facts.dates import pack_dates

    items = pack_dates(pack_md)
    hit = next((i, m) for i in items for m in i.mentions if m.text == "November 2025")
    assert hit[0].location_of(hit[1]).line == 1948
    cell = next((i, m) for i in items for m in i.mentions if m.text == "27/12/25")
    assert cell[0].cell_location is not None and cell[0].location_of(cell[1]) == cell[0].cell_location


def test_letters_that_match_ascii_case_insensitively_do_not_crash():
    # Python's re.I takes the long s for 's': 'ſept' matches the 'Sep' pattern
    assert [m.iso for m in find_dates("ſummer 2025 and 1 ſeptember 2024")] == ["2025-06-01/2025-08-31", "2024-09-01"]
