"""prose-*: sentences that carry their own arithmetic, on sentences written here in many wordings,
and the findings on the three forms of the sample pack, each checked by hand."""
from __future__ import annotations

import pytest

from conftest import pack_from_markdown, run_rules

from auditor.checks import load_kinds, run_checks
from auditor.rules import Rule


def findings(text: str, select=("prose",)):
    pack = pack_from_markdown("# Report of the Director\n\n" + text + "\n")
    return run_rules(pack, list(select))


def one(text: str, rule: str):
    found = findings(text)
    assert [f.rule for f in found] == [rule], [f.message for f in found]
    return found[0]


def clean(text: str):
    found = findings(text)
    assert found == [], [f"{f.rule}: {f.message}" for f in found]


# ---------------------------------------------------------------- parts of a whole

@pytest.mark.parametrize("text, expected", [
    ("The £4.5m programme comprises £2m for roads, £1.5m for bridges and £0.75m for street lighting.",
     "£4.25m"),
    ("The district has 96 play areas, made up of 40 equipped areas, 30 kickabout areas and 20 skate parks.",
     "90"),
    ("Funding of £1,250k is split between £600k for prevention and £500k for early help.", "£1,100k"),
])
def test_parts_that_do_not_make_up_the_whole(text, expected):
    f = one(text, "prose-parts-sum")
    assert f.severity == "error"
    assert f.expected.startswith(expected)


def test_parts_that_exceed_an_including_list():
    f = one("The county has 120 libraries, including 70 branch libraries, 40 community libraries and "
            "15 mobile libraries.", "prose-parts-sum")
    assert f.expected.startswith("125") and f.found == "120"
    assert "exceed" in f.message


def test_parts_in_a_following_list():
    text = ("The capital budget of £10.0m consists of:\n\n"
            "- £6m for highways maintenance\n- £2.5m for bridges (£0.5m per annum)\n- £0.5m for signals\n")
    f = one(text, "prose-parts-sum")
    assert f.expected.startswith("£9.0m") and f.found == "£10.0m"


@pytest.mark.parametrize("text", [
    # adds up, within rounding: £2.36m + £1.18m + £0.95m = £4.49m, stated £4.5m
    "The £4.5m total comprises £2.36m for roads, £1.18m for bridges and £0.95m for lighting.",
    # an including list that is not exhaustive may fall short of the whole
    "We have 317 schools, including 252 primary schools and 40 secondary schools.",
    # "of which" with one part
    "A total of £29.7m of developer contributions fund the programme, of which £17.6m is in 2025/26.",
    # rates in brackets are not parts
    "The £8m programme comprises £6m for maintenance (£1.5m per annum) and £2m for access works.",
    # the parts count something else than the whole
    "There are 40 schools, which include 12,000 pupils and 900 teachers.",
    # an underspend written with a minus sign and its parts without
    "The department is projected to underspend by -£3m of which £1.2m relates to early savings and "
    "£0.8m to refunds.",
    # a mixed-sign split that adds up in size
    "The directorates project a £111.6m underspend, this is split between a +£12.9m real variance and "
    "-£124.5m re-phasing variance.",
    # the keyword inside brackets keeps its own parts
    "Parking would rise to £19.60 (including adjacent car parks), and evening charges to £4.50 and £6.00.",
    # a bounded part cannot be summed exactly
    "The 200 places comprise over 150 special school places and 40 resource base places.",
])
def test_parts_that_are_right_or_cannot_be_judged(text):
    clean(text)


def test_the_remaining_share_makes_one_hundred():
    f = one("Councils pass 94% of the grant to providers, the remaining 4% meeting central costs.",
            "prose-parts-sum")
    assert f.expected == "6%"
    clean("Councils pass 96% of the grant to providers, the remaining 4% meeting central costs.")


# ---------------------------------------------------------------- percent of

@pytest.mark.parametrize("text", [
    "The proportion of reviews held on time was 91.6% (208 out of 227 reviews).",
    "The rate was 92.7% at the end of the year, with 291 of 314 children seen on time.",
    "Of the cohort, 99 of 201 young people (49.3%) were in education or training.",
    "In total 37 (84.1%) of 44 inspected schools were judged good.",
    "Around 88.5% of pupils (approx. 88.9k out of 100.5k pupils) attend good schools.",
])
def test_percent_of_that_is_right(text):
    clean(text)


@pytest.mark.parametrize("text, expected", [
    ("The proportion of reviews held on time was 93.6% (208 out of 227 reviews).", "91.6%"),
    ("Of the cohort, 99 of 201 young people (52.3%) were in education or training.", "49.3%"),
    ("In total 37 (81%) of 44 inspected schools were judged good.", "84%"),
    ("Some 30 pupils (60% of 45) were excluded.", "67%"),
])
def test_percent_of_that_is_wrong(text, expected):
    f = one(text, "prose-percent-of")
    assert f.expected == expected


# ---------------------------------------------------------------- changes

def test_percentage_change_on_the_wrong_base():
    f = one("Home education rose to 1,119. This is an increase of 120 children (10.7%) compared with "
            "last year (999 children).", "prose-change")
    assert f.expected == "12.0%" and f.found == "10.7%"
    assert "wrong base" in f.message


def test_percentage_change_that_is_simply_wrong():
    f = one("Admissions fell by 50 (8.0%) from 500 to 450.", "prose-change")
    assert f.expected == "10.0%"
    assert "wrong base" not in f.message


def test_change_amount_against_from_and_to():
    f = one("Visits rose from 1,250 to 1,410, an increase of 180 (14.4%).", "prose-change")
    assert f.expected == "160" and f.found == "180"


@pytest.mark.parametrize("text", [
    "Visits rose from 1,250 to 1,410, an increase of 160 (12.8%).",
    "There were 34 first-time entrants. This is an increase of 14 from the previous figure (20).",
    "Home education rose to 1,119. This is an increase of 120 children (12.0%) compared with last year (999).",
    "The rate was 44.3% in 2024, a decrease of 1.4% (45.7%) from 2023.",
    "The rate was 88.5%. This is an increase of 0.4% from the previous quarter (88.1%).",
    # "an increase of £56 to £124" means from £56 to £124: not read as an increase of £56
    "Approve an increase of £56 to £124 for first permits.",
])
def test_changes_that_are_right(text):
    clean(text)


def test_percentage_point_change_that_is_wrong():
    f = one("The rate was 44.3% in 2024, a decrease of 2.4% (45.7%) from 2023.", "prose-change")
    assert f.expected == "1.4%"


# ---------------------------------------------------------------- differences

@pytest.mark.parametrize("text", [
    "Our rate was 91.6%. This is 1.3% below the England average, which is at its highest level (92.9%), "
    "and 1.7% lower than the average for similar councils (93.3%).",
    "At 84.1%, performance is 3.8% lower than the average for England, which at 87.9% is a record.",
    "Attainment of 61.4% is 0.7% higher than the national figure and 1.8% higher than last year.",
])
def test_differences_that_are_right(text):
    clean(text)


def test_difference_that_is_wrong():
    f = one("Our rate was 91.6%. This is 2.3% below the England average of 92.9%.", "prose-difference")
    assert f.expected == "1.3%" and f.found == "2.3%"


def test_difference_in_the_wrong_direction():
    f = one("The collection rate of 97.2% is 0.5% above the target of 97.7%.", "prose-difference")
    assert "not higher" in f.message


# ---------------------------------------------------------------- direction words

@pytest.mark.parametrize("text", [
    "The vacancy rate was 11.9%, an increase on last quarter's 12.4%.",
    "The rate was 0.8% (127 students). This was a slight rise on the previous quarter (0.9%).",
    "Response times fell to 9.5 days compared with 8.2 days last year.",
    "The deficit is forecast at £79.4m in 2025/26, falling to £96.2m in 2028/29.",
])
def test_direction_words_that_contradict_the_numbers(text):
    f = one(text, "prose-direction")
    assert f.severity == "error"


@pytest.mark.parametrize("text", [
    "The vacancy rate was 12.9%, an increase on last quarter's 12.4%.",
    "In the quarter 28 children began a second plan, a decrease from 33.",
    "The average age decreased from 14 years in early 2021 to 10 years now.",
    # savings written as negatives grow in size
    "Demand management saves -£0.26m in 2026/27 rising to -£1.24m by 2028/29.",
    # a sign change is not judged
    "Demand management £0.1m 2025/26 rising to -£1.24m by 2028/29.",
    # a percentage amount before the noun is a size, not a direction of the subject
    "Targets assume a 0% increase in costs after an on-going review (historically a 2.5% increase).",
    # rounded values that touch are not ordered: 12.4% may be 12.44% and 12.45% may be shown as 12.5%
    "The rate was 12.45%, an increase on last quarter's 12.4%.",
    # "improvement" depends on whether lower is better: not judged
    "Re-referrals were 18.7%, an improvement on the previous quarter's 20.1%.",
])
def test_direction_words_that_agree_or_are_not_judged(text):
    clean(text)


# ---------------------------------------------------------------- tolerance

def _rule(kind, **params):
    return Rule(id=f"t-{kind}", kind=kind, severity="error", description="test", params=params)


def test_tolerance_turns_a_near_miss_into_an_info_finding():
    load_kinds()
    pack = pack_from_markdown("# Report\n\nThe proportion was 91.8% (208 out of 227 reviews).\n")
    strict = run_checks(pack, [_rule("prose-percent-of")])
    assert [f.severity for f in strict] == ["error"]  # 91.63% is not 91.8%
    widened = run_checks(pack, [_rule("prose-percent-of", tolerance=2.0)])
    assert widened == []  # inside the tolerance: no error, and info is off by default
    info = run_checks(pack, [_rule("prose-percent-of", tolerance=2.0, report_within_tolerance=True)])
    assert [f.severity for f in info] == ["info"]


# ---------------------------------------------------------------- the sample pack

# Each finding, with why it is real:
CAPITAL = ("prose-parts-sum", "£12.6m", "£11.4m")
#   MTFS para 113: "£12.6m other capital ... comprising of" four items that add up to £11.425m.
YOUNG_PEOPLE = ("prose-percent-of", "29%", "28%")
#   SEND strategy: "approx. 201,250 children ... (29% of the total population)" where the paragraph gives the
#   population as 712,336: 201,250 / 712,336 = 28.3% (the table below has 210,255, i.e. digits transposed).
SCHOOLS = ("prose-parts-sum", "317", "340")
#   SEND strategy: 317 schools "which include" 252 + 80 + 8 = 340 schools, more than the whole.
HOME_EDUCATED = ("prose-change", "10.7%", "12.0%")
#   Q2 report para 43: 120 more home-educated children on 999 is 12.0%; 10.7% is 120/1,119 (the new value).
NEET = ("prose-direction", "'increase'", None)
#   Q2 report para 45: NEET 0.8% is called "a slight increase" on the previous 0.9%.

SAMPLE_FINDINGS = {
    "pack_md": [CAPITAL, YOUNG_PEOPLE, SCHOOLS, YOUNG_PEOPLE, HOME_EDUCATED, NEET],  # the EIA repeats the 29%
    "pack_pdf": [CAPITAL, YOUNG_PEOPLE, SCHOOLS, HOME_EDUCATED, NEET],  # (its EIA lacks that paragraph)
    "pack_docx": [CAPITAL, YOUNG_PEOPLE, SCHOOLS, HOME_EDUCATED, NEET],
}


@pytest.mark.parametrize("form", ["pack_md", "pack_pdf", "pack_docx"])
def test_sample_pack_findings(form, request):
    pack = request.getfixturevalue(form)
    found = run_rules(pack, ["prose"])
    got = [(f.rule, f.found, f.expected.split(" ")[0] if f.rule != "prose-direction" else None) for f in found]
    assert got == SAMPLE_FINDINGS[form]
    schools = next(f for f in found if f.found == "317")
    assert schools.document.startswith("Appendix A") and "317 schools" in schools.excerpt
    base = next(f for f in found if f.rule == "prose-change")
    assert "wrong base" in base.message and "(999 students)" in base.excerpt


def test_sample_pack_locations_point_at_the_sentence(pack_md, pack_pdf):
    md = [f.location.line for f in run_rules(pack_md, ["prose"])]
    assert md == [751, 1304, 1366, 1796, 2041, 2043]
    pdf = [f.location.page for f in run_rules(pack_pdf, ["prose"])]
    assert pdf == [16, 26, 27, 41, 41]


def test_sample_pack_right_figures_stay_quiet(pack_md):
    """91.6% (208 out of 227), the quartile gaps, 14 more first-time entrants: all right, none flagged."""
    from auditor.checks._prose import judge
    from auditor.facts.claims import Claim
    from auditor.facts.pack_facts import PackFacts

    claims = [c for _, _, c in PackFacts(pack_md).claims if isinstance(c, Claim)]
    ok = {(c.relation, c.stated.text) for c in claims if judge(c, 0) == "ok"}
    assert {("percent-of", "91.6%"), ("percent-of", "84.1%"), ("percent-of", "92.4%"), ("difference", "1.3%"),
            ("difference", "4.9%"), ("change", "14"), ("change", "120"), ("change", "1.4%")} <= ok


def test_of_which_leaving_makes_the_parts_exhaustive():
    clean("The directorate has an overspend of +£35.4m of which £26.2m relates to savings, leaving £9.2m "
          "of other pressures.")
    f = one("The directorate has an overspend of £35.4m of which £24.2m relates to savings, leaving £9.2m "
            "of other pressures.", "prose-parts-sum")
    assert f.expected.startswith("£33.4m")


def test_of_the_whole_at_the_start_of_a_sentence():
    clean("From 21 measures reported, one is in the top quartile, seven are in the second quartile, eight are "
          "in the third quartile and five are in the bottom quartile.")
    f = one("Of the 20 measures reported, one is in the top quartile, seven are in the second quartile, eight "
            "are in the third quartile and five are in the bottom quartile.", "prose-parts-sum")
    assert f.expected.startswith("21")


def test_verb_with_words_before_from_to():
    one("The funding will have reduced the accumulated deficit from an estimated £96.6m to £227m.",
        "prose-direction")
    clean("The funding will have reduced the accumulated deficit from an estimated £227m to £96.6m.")


def test_share_of_a_whole_named_earlier_in_the_paragraph():
    text = ("The borough's population was 712,336 at the 2021 census. The borough has approx. {n} children "
            "and young people aged under 26 years (29% of the total population).")
    f = one(text.format(n="201,250"), "prose-percent-of")
    assert f.expected == "28%" and f.found == "29%"
    clean(text.format(n="206,500"))
    # two candidate wholes: which one is meant is not clear, so nothing is judged
    clean("The population was 712,336 in 2021; the population was 722,155 in 2023. There are 201,250 "
          "young people (29% of the total population).")


@pytest.mark.parametrize("text, rule, expected", [
    ("Of the 1,250 applications received, 1,100 (80%) were approved.", "prose-percent-of", "88%"),
    ("The number of looked after children rose by 5% from 681 to 726.", "prose-change", "7%"),
    ("Income increased from £2.10m to £2.50m (16%).", "prose-change", "19%"),
    # to one decimal place £2.1m to £2.5m may be a rise of anything from 14% to 24%: 16% is not judged wrong
    ("Income increased from £2.1m to £2.5m (11%).", "prose-change", "19%"),
    ("Visits went from 1,250 to 1,410, a 11.4% rise.", "prose-change", "12.8%"),
    ("The rate fell from 45.7% to 44.3%, a fall of 2.4%.", "prose-change", "1.4%"),
])
def test_more_wordings_of_shares_and_changes(text, rule, expected):
    f = one(text, rule)
    assert f.expected == expected


@pytest.mark.parametrize("text", [
    "Of the 1,250 applications received, 1,100 (88%) were approved.",
    "The number of looked after children rose by 6.6% from 681 to 726.",
    "Income increased from £2.1m to £2.5m (19%).",
    "Visits went from 1,250 to 1,410, a 12.8% rise.",
    "The rate fell from 45.7% to 44.3%, a fall of 1.4 percentage points.",
    "The rate fell from 45.7% to 44.3%, a fall of 3.1%.",  # relative fall, also right
])
def test_more_wordings_that_are_right(text):
    clean(text)


def test_rising_to_pairs_only_a_value_and_its_own_later_value():
    clean("The hourly rate would increase to £2.70 per hour, with the 4-hour rate increasing to £1.60.")
    one("The deficit of £23.9m in 2025-26 reducing to £28.3m in 2026-27 remains a risk.", "prose-direction")


@pytest.mark.parametrize("text, rule, expected", [
    ("Council tax will rise by 3.99%, from £1,600.00 to £1,679.84 for a Band D property.", "prose-change", "4.99%"),
    ("Band D tax of £2,034.56 is 3.99% higher than last year's £1,975.50.", "prose-difference", "2.99%"),
    ("The overspend of £2.3m represents 2.5% of the net budget of £153.2m.", "prose-percent-of", "1.5%"),
])
def test_council_tax_and_budget_shares(text, rule, expected):
    f = one(text, rule)
    assert f.expected == expected


@pytest.mark.parametrize("text", [
    "Council tax will rise by 4.99%, from £1,600.00 to £1,679.84 for a Band D property.",
    "Band D tax of £2,034.56 is 2.99% higher than last year's £1,975.50.",
    "The overspend of £2.3m represents 1.5% of the net budget of £153.2m.",
    "Of the 45 posts, 30 are filled and 15 are vacant.",
    "Sickness absence was 9.2 days, compared with 8.7 days last year, an increase of 0.5 days.",
])
def test_council_tax_and_budget_shares_that_are_right(text):
    clean(text)


# The claims are facts (auditor.facts.claims): each names its message's template and gives the values, the
# figures as written; the templates are the checks' (auditor.checks._messages.PROSE_MESSAGES).
@pytest.mark.parametrize("text, rule, message", [
    ("Our rate of 40% is 5% higher than the national average of 50%.", "prose-difference",
     "The difference between 40% and 50% is 10%, not 5%; and 40% is not higher than 50%"),
    ("Our rate of 40% is 10% higher than the national average of 50%.", "prose-difference",
     "40% is higher than 50% by 10% in the text, but 40% is not higher than 50%"),
    ("The council runs 10 schools, comprising:\n\n- 6 primary schools\n- 5 secondary schools", "prose-parts-sum",
     "The items (in the list that follows) after 'comprising' add up to 11 (6 + 5), not the 10 stated (difference +1)"),
    ("The population was 712,336 in 2021. There are approx. 201,250 children (24% of the total population) in "
     "the county.", "prose-percent-of",
     "201,250 out of 712,336 is 28.25%, which rounds to 28%, not 24% (the population is given as 712,336 earlier "
     "in the paragraph) (difference 4.25 points)"),
    ("Costs were £5.2m, an increase on last year's £5.9m.", "prose-direction",
     "The text calls it an increase ('increase'), but £5.2m is lower than £5.9m"),
])
def test_messages_are_filled_from_the_claims_values(text, rule, message):
    f = one(text, rule)
    assert f.message == message


def test_every_claim_of_the_sample_names_a_known_template(pack_md):
    from auditor.checks._messages import PROSE_MESSAGES, PROSE_NOTES
    from auditor.checks._prose import claim_message
    from auditor.facts.claims import Claim
    from auditor.facts.pack_facts import PackFacts

    claims = [c for _, _, c in PackFacts(pack_md).claims if isinstance(c, Claim)]
    assert len(claims) > 20 and not hasattr(claims[0], "message")
    for claim in claims:
        assert claim.template in PROSE_MESSAGES and (not claim.note or claim.note in PROSE_NOTES)
        assert claim.values["stated" if "stated" in claim.values else "whole"] and claim_message(claim)


# ---------------------------------------------------------------- a budget, its spending and the gap

SPENDING = ("The budget profiled to the end of May 2024 is £25.307m and expenditure for the same period is "
            "£25.172m, resulting in a year-to-date {word} of {gap}.")
OUTTURN = ("The annual budget was set at £75.155m and the provisional outturn showed net expenditure of £74.586m, "
           "giving a total {word} for the financial year of £0.569m.")


def test_an_underspend_that_is_the_gap_between_budget_and_spending_is_quiet():
    clean(SPENDING.format(word="underspend", gap="(£0.135m)"))
    clean(OUTTURN.format(word="underspend"))
    clean("Expenditure was £12.4m against a budget of £12.0m, giving an overspend of £0.4m.")


def test_an_underspend_that_is_not_the_gap_is_found():
    f = one(SPENDING.format(word="underspend", gap="(£0.129m)"), "prose-difference")
    assert (f.expected, f.found) == ("£0.135m", "£0.129m")


def test_an_underspend_called_an_overspend_is_found():
    f = one(OUTTURN.format(word="overspend"), "prose-difference")
    assert "an overspend, but the spending (£74.586m) is below the budget (£75.155m)" in f.message


def test_a_gap_between_two_amounts_not_named_budget_and_spending_is_not_read():
    """Two figures that are not a budget and its spending ('income of £3m and grants of £1m') say nothing of it."""
    clean("Income was £3.0m and grants were £1.0m, giving an underspend of £0.5m.")


# ---------------------------------------------------------------- a change of the subject's own figure

RESERVES = ("The planned use of reserves of £36.800m for Medium Term Financial Plan (MTFP) Support is forecast "
            "to reduce by £8.782m to {to}, due to the forecast underspend.")


def test_a_change_of_the_figure_the_subject_is_named_with_is_quiet_when_right():
    clean(RESERVES.format(to="£28.018m"))
    clean("Reserves of £36.8m rose by £8.8m to £45.6m.")


def test_a_change_of_the_figure_the_subject_is_named_with_is_found_when_wrong():
    f = one(RESERVES.format(to="£30.717m"), "prose-change")
    assert (f.expected, f.found) == ("£6.083m", "£8.782m")


def test_a_figure_before_the_subject_is_not_the_one_that_changes():
    """'Against a budget of £36.8m spending is forecast to fall by £8.8m to £30.7m': spending falls, not the budget."""
    clean("Against a budget of £36.8m spending is forecast to fall by £8.8m to £30.7m.")
    clean("Of the budget of £36.8m, spending is forecast to fall by £8.8m to £30.7m.")


# ---------------------------------------------------------------- 'Of these, N (P%)'

MEASURES = ("Out of the 91 performance measures monitored during the quarter 66 had targets allocated to them. "
            "Of these targeted measures 54 ({share}) were within or exceeding the targets set.")


def test_a_share_of_these_is_of_the_set_the_sentence_before_ends_on():
    clean(MEASURES.format(share="81.8%"))
    clean("There were 1,200 referrals. Of these, 150 (12.5%) were from schools and 300 (25%) from the police.")
    f = one(MEASURES.format(share="59.4%"), "prose-percent-of")  # 59.4% is of all 91: the wrong base
    assert (f.expected, f.found) == ("81.8%", "59.4%")


def test_a_share_of_these_is_not_read_where_these_may_be_either_of_two_sets():
    clean("There were 1,200 referrals and 300 re-referrals. Of these, 150 (12.5%) were from schools.")
    clean("In 2024 we received 120 applications, up from 98 in 2023. Of these, 80 (66.7%) were approved.")
    clean("We received 120 applications in 2024 and 98 in 2023. Of these, 80 (66.7%) were approved.")


def test_a_quarter_is_numbered_one_to_four():
    """'during the quarter 66 had targets': 66 is a count, not Quarter 66."""
    from auditor.facts.prose_numbers import find_mentions

    assert [m.text for m in find_mentions("monitored during the quarter 66 had targets")] == ["66"]
    assert [m.text for m in find_mentions("at the end of quarter 3 there were 12")] == ["12"]


# ---------------------------------------------------------------- items of a council tax resolution

RESOLUTION = """4) the following amounts be calculated for the year 2024/25 in accordance with Sections 31 to 36 of the Act:

(a) £47,469,352 being the aggregate of the amounts which the Council estimates for the items set out in Section 31A (2) of the Act.

(b) £36,246,995 being the aggregate of the amounts which the Council estimates for the items set out in Section 31A (3) of the Act.

(c) {c} being the amount by which the aggregate at 4(a) above exceeds the aggregate at 4(b) above, calculated by the Council, in accordance with Section 31A(4) of the Act, as its Council Tax requirement for the year.
"""


def test_the_amount_by_which_one_item_exceeds_another_is_their_difference():
    clean(RESOLUTION.format(c="£11,222,357"))
    f = one(RESOLUTION.format(c="£11,222,349"), "prose-difference")  # Cotswold 2024/25, as published
    assert (f.expected, f.found) == ("£11,222,357", "£11,222,349")


def test_a_budget_given_in_the_sentence_before_its_spending_is_read_with_it():
    """Lancashire Fire outturn minute: the budget in one sentence, the spending and the 'overspend' in the next."""
    text = ("The annual budget for the year was set at £75.155m. The provisional outturn position showed net "
            "expenditure of £74.586m, giving a total {word} for the financial year of £0.569m.")
    clean(text.format(word="underspend"))
    f = one(text.format(word="overspend"), "prose-difference")
    assert "an overspend, but the spending (£74.586m) is below the budget (£75.155m)" in f.message
    clean("Income of £3.1m was received. Expenditure was £2.9m, giving an underspend of £0.5m.")
