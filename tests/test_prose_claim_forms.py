"""Prose claims in wordings the readers missed: each slip found, and its right version quiet."""
import pytest

from conftest import pack_from_markdown, run_rules

HEAD = "**CABINET – 3 MARCH 2025**\n\n**FINANCE REPORT**\n\n"
RULES = ["prose-percent-of", "prose-direction", "prose-difference", "prose-change", "prose-parts-sum"]


def _found(body: str) -> list[tuple[str, str, str]]:
    return [(f.rule, f.found, f.expected) for f in run_rules(pack_from_markdown(HEAD + "1. " + body + "\n"), RULES)]


@pytest.mark.parametrize("right, slip, found", [
    # shares of a whole named before them: 'W, of which a (P%) ... and b (Q%)', 'and a of these (P%)'
    ("There were 4,225 responses, of which 3,760 (89%) were made online and 465 (11%) on paper.",
     "There were 4,225 responses, of which 3,760 (89%) were made online and 465 (14%) on paper.",
     [("prose-percent-of", "14%", "11%")]),
    ("There are 2,505 people on the pathway, and 2,160 of these (86%) were waiting for an appointment.",
     "There are 2,505 people on the pathway, and 2,160 of these (83%) were waiting for an appointment.",
     [("prose-percent-of", "83%", "86%")]),
    # a sentence that opens with its whole: 'Of the W ..., P% (a)', 'Of the W, a (P%)'
    ("Of the 39 doctors that were due an appraisal, 100% (39 doctors) completed their appraisal.",
     "Of the 39 doctors that were due an appraisal, 120% (39 doctors) completed their appraisal.",
     [("prose-percent-of", "120%", "100%")]),
    ("Of the 120 schools, 45 (38%) are academies.", "Of the 120 schools, 45 (33%) are academies.",
     [("prose-percent-of", "33%", "38%")]),
    # a verb of direction in any form before 'from A to B', and a hedged B
    ("The Revenue Support Grant has been reduced from £250m to around £15.7m.",
     "The Revenue Support Grant has been increased from £250m to around £15.7m.",
     [("prose-direction", "'increased'", "a decrease (from £250m to £15.7m)")]),
    ("Core inflation crept back up from 3.3% to 3.6%.", "Core inflation crept back down from 3.3% to 3.6%.",
     [("prose-direction", "'crept back down'", "an increase (from 3.3% to 3.6%)")]),
    ("It is proposed to reduce the score from 15 to 9.", "It is proposed to increase the score from 15 to 9.",
     [("prose-direction", "'increase'", "a decrease (from 15 to 9)")]),
    # a gap with its share in brackets: 'D (P%) lower than B', told once when on the wrong side
    ("The outturn is £174.0m, which is £8.0m (4%) lower than the current budget of £182.0m.",
     "The outturn is £174.0m, which is £8.0m (4%) higher than the current budget of £182.0m.",
     [("prose-difference", "£8.0m", "£8.0m")]),
    ("The outturn is £174.0m, which is £8.0m (4%) lower than the current budget of £182.0m.",
     "The outturn is £174.0m, which is £8.0m (14%) lower than the current budget of £182.0m.",
     [("prose-difference", "14%", "4%")]),
    # the new figure before the word: 'which has reduced from M', '(down from M last year)', ', up from M'
    ("There are 858 people waiting, which has reduced from 986 in January 2025.",
     "There are 858 people waiting, which has increased from 986 in January 2025.",
     [("prose-direction", "'increased'", "a decrease (from 986 to 858)")]),
    ("Of respondents, 70% think air pollution is a problem locally (down from 75% last year).",
     "Of respondents, 70% think air pollution is a problem locally (up from 75% last year).",
     [("prose-direction", "'up'", "a decrease (from 75% to 70%)")]),
    ("Some 32% did this via active travel, down from 39% the year before.",
     "Some 32% did this via active travel, up from 39% the year before.",
     [("prose-direction", "'up'", "a decrease (from 39% to 32%)")]),
    # one figure said to be above or below another, no gap given
    ("The percentage of Disabled people (18%) was significantly lower than that of non-Disabled people (32%).",
     "The percentage of Disabled people (18%) was significantly higher than that of non-Disabled people (32%).",
     [("prose-direction", "'higher than'", "18% lower than 32%")]),
    ("Cycling at 20.8% is below the Bristol average (35.5%).", "Cycling at 20.8% is above the Bristol average (35.5%).",
     [("prose-direction", "'above'", "20.8% lower than 35.5%")]),
    # any hedge of the vocabulary's approximation_cues before the change ('of nearly', 'of some')
    ("Spending rose from £10.0m to £15.0m, an increase of nearly £5.0m on the year before.",
     "Spending rose from £10.0m to £15.0m, an increase of nearly £7.0m on the year before.",
     [("prose-change", "£7.0m", "£5.0m")]),
    # a variance (no direction) between a value and the budget it is compared with, and its share of that budget
    ("The outturn is £24.2m compared to a current budget of £30.9m, representing a variance of £6.7m (22%).",
     "The outturn is £24.2m compared to a current budget of £30.9m, representing a variance of £6.7m (32%).",
     [("prose-change", "32%", "22%")]),
    # the sources a whole is funded from, listed in full
    ("The CFR of £37.0m will be funded from £18.0m external borrowing, £5.0m leases and £14.0m internal borrowing.",
     "The CFR of £37.0m will be funded from £18.0m external borrowing, £5.0m leases and £16.0m internal borrowing.",
     [("prose-parts-sum", "£37.0m", "£39.0m (£18.0m + £5.0m + £16.0m)")]),
    # the figures listed before 'a total of' in its clause are its parts
    ("The agreement will secure £1,240,000 towards education, £310,000 towards highways and £85,000 towards open "
     "space, a total of £1,635,000.",
     "The agreement will secure £1,240,000 towards education, £310,000 towards highways and £85,000 towards open "
     "space, a total of £1,655,000.",
     [("prose-parts-sum", "£1,655,000", "£1,635,000 (£1,240,000 + £310,000 + £85,000)")]),
    # a figure 'compared with' the parts' is another time's, not one more part
    ("Of the 71 recommendations due, 52 had been implemented and 19 were overdue, compared with 24 overdue at the "
     "last report.",
     "Of the 71 recommendations due, 58 had been implemented and 19 were overdue, compared with 24 overdue at the "
     "last report.",
     [("prose-parts-sum", "71", "77 (58 + 19)")]),
    # the whole 'of which' divides is not a figure set against it ('against the requirement of 1,050 a year')
    ("In 2024/25, 1,184 homes were completed against the Local Plan requirement of 1,050 a year, of which 312 (26%) "
     "were affordable homes.",
     "In 2024/25, 1,184 homes were completed, of which 312 (36%) were affordable homes.",
     [("prose-percent-of", "36%", "26%")]),
    # a whole with its share in brackets before the list, and a list running past a bracketed aside with its own
    # 'including'
    ("Usable reserves were £357.6m (30.3% of net revenue outturn), comprising of £43.0m general reserve, £297.6m "
     "earmarked reserves (including £36.2m from Safety Valve contributions which will offset the Dedicated Schools "
     "Grant (DSG) deficit), and £17.0m public health reserve.",
     "Usable reserves were £357.6m (30.3% of net revenue outturn), comprising of £43.0m general reserve, £297.6m "
     "earmarked reserves (including £36.2m from Safety Valve contributions which will offset the Dedicated Schools "
     "Grant (DSG) deficit), and £27.0m public health reserve.",
     [("prose-parts-sum", "£357.6m", "£367.6m (£43.0m + £297.6m + £27.0m)")]),
    ("There were 112 responses from 287 schools (39%), of which 96 (86%) supported the proposal.",
     "There were 112 responses from 287 schools (39%), of which 296 (86%) supported the proposal.",
     [("prose-parts-sum", "287", "296 (296)")]),
    # labels in lower case ('at stage 1', 'to stage 2') are no parts
    ("The council received 1,245 complaints, of which 1,012 (81%) were resolved at stage 1 and 233 (19%) escalated "
     "to stage 2.",
     "The council received 1,245 complaints, of which 1,012 (81%) were resolved at stage 1 and 243 (19%) escalated "
     "to stage 2.",
     [("prose-parts-sum", "1,245", "1,255 (1,012 + 243)")]),
    # a net figure of the two before it, named by what the first is
    ("Total borrowing on 30 September 2024 was £46.5 million, with investments of £19 million, giving net "
     "borrowing of £27.5 million.",
     "Total borrowing on 30 September 2024 was £46.5 million, with investments of £19 million, giving net "
     "borrowing of £28.5 million.",
     [("prose-difference", "£28.5 million", "£27.5m")]),
    # a figure set against a target after 'which was' or ', above the', with a duration between them
    ("It was noted that 1.8 per cent of referrals took more than 72 hours to complete which was below the target of "
     "5 per cent.",
     "It was noted that 1.8 per cent of referrals took more than 72 hours to complete which was above the target of "
     "5 per cent.",
     [("prose-direction", "'above'", "1.8 per cent lower than 5 per cent")]),
    ("Of children in care, 93.6% received a visit within 10 working days, above the target of 90%.",
     "Of children in care, 83.6% received a visit within 10 working days, above the target of 90%.",
     [("prose-direction", "'above'", "83.6% lower than 90%")]),
    ("The forecast is £12.4m against the budget of £11.9m, an overspend of £0.5m (4.2%).",
     "The forecast is £12.4m against the budget of £11.9m, an overspend of £0.7m (4.2%).",
     [("prose-change", "£0.7m", "£0.5m"), ("prose-change", "4.2%", "5.9%")]),
])
def test_a_claim_form_finds_its_slip_and_leaves_the_right_text_alone(right, slip, found):
    assert _found(right) == []
    assert _found(slip) == found


def test_a_variance_without_the_value_it_is_compared_with_is_not_read():
    """Two figures before a variance, but nothing says the variance is between them."""
    assert _found("The outturn is £24.2m and reserves are £30.9m; a variance of £5.1m (16%) arose on capital.") == []


def test_a_whole_named_after_the_parts_or_a_share_of_another_whole_is_not_read():
    # 'of which' must follow the whole; the share in brackets must be the part's
    assert _found("Of the 120 schools 45 are academies, and 2,000 pupils (30%) attend them.") == []
    assert _found("There were 300 referrals, of which 40 were repeats (15% of all repeats nationally).") == []


def test_a_comparison_is_read_only_between_two_figures_with_nothing_else_between():
    # the figure after 'than' is another subject's, a year stands between, or the 'than' figure is a bound
    assert _found("The proportion of Jewish respondents (0.4%) was higher than the Bristol population, as were "
                  "Buddhists (1%) and people of other faith (2%).") == []
    assert _found("The rate of 18% was lower than in 2023 when 32% cycled.") == []
    assert _found("The rate is more than 50% and rising.") == []
    # a clause that ends ('but', a dash) ends the comparison: the figure after it is another clause's
    assert _found("The trust's income is £1.7m above target but its expenditure has been significantly more than "
                  "expected - an overspend of £6.4m against plan.") == []
    assert _found("Income of £8.6m was £1.2m above the target of £6.9m.") == [("prose-difference", "£1.2m", "£1.7m")]
    assert _found("Spending of £5.4m was more than the budget of £5.9m.") == \
        [("prose-direction", "'more than'", "£5.4m lower than £5.9m")]
    # a change set off by dashes, 'since' a month: the figure after the aside is another measure's
    assert _found("The trust needs cost reductions of £1.184m – an increase of £112,000 since December – to achieve "
                  "its planned year-end surplus of £665,000.") == []
    assert _found("The trust needs cost reductions of £1.184m, an increase of £112,000 on the £1.172m needed in "
                  "December.") == [("prose-change", "£112,000", "£12,000")]
    # a figure before the list may be its whole, or another total; 'of which' nests the list
    assert _found("Of the £2.0m, £1.2m is for education and £0.3m for highways, a total of £1.6m with fees.") == []
    assert _found("Spending was £5.0m, of which £1.2m on A and £0.3m on B, a total of £1.6m.") == []
    # sources listed in part only: 'mainly', 'as well as' something with no figure
    assert _found("The £37.0m programme is funded mainly from £18.0m of borrowing and £5.0m of grant.") == []
    assert _found("The £37.0m programme is funded by £18.0m of borrowing and £5.0m of grant, as well as reserves.") == []
    # a net of something the first figure is not ('net interest'), or of three figures
    assert _found("Borrowing was £46.5m, with investments of £19m, giving net interest costs of £1.2m.") == []
    assert _found("Income was £50m, grants £10m and fees £5m, leaving net income of £20m.") == []
    # the figure before 'which' is itself the one compared with, or a year stands between
    assert _found("Attendance was 91%, compared with 95% nationally, which is below the England average of 94%.") == []
    assert _found("Attendance was 96% in 2023, which was below the target of 95% set for 2024.") == []
    # the target rounds to the figure: 18% may be 17.5%
    assert _found("Re-referrals were 17.5%, which was above the target of 18%.") == []


# shares set out under a whole stated as 'Total <noun> = b', one a line ('<label> = P%, a'), as equality
# impact assessments give census figures; and a sentence opening with a named total, 'Out of total X of W'
STATED_TOTAL = """\
Equality Impact Assessment

Disability (Census 2021)

Clifton: Total households = 5668
Households with at least one Disabled person= {clifton}, 1416

Bristol: Total population = 472,465
White total = {white}, 383,140 people
Black, Asian and Minority Ethnic total = 18.9%, 89,325 people
"""


def _found_in_text(text: str) -> list[tuple[str, str, str]]:
    from auditor.ingest.markdown import parse_markdown
    from auditor.structure.segment import segment
    return [(f.rule, f.found, f.expected) for f in run_rules(segment(parse_markdown(text, "pack.txt", "text")), RULES)]


def test_shares_set_out_under_a_stated_total_are_shares_of_it():
    assert _found_in_text(STATED_TOTAL.format(clifton="25%", white="81.1%")) == []
    assert _found_in_text(STATED_TOTAL.format(clifton="27%", white="81.1%")) == [("prose-percent-of", "27%", "25%")]
    assert _found_in_text(STATED_TOTAL.format(clifton="25%", white="87.1%")) == [("prose-percent-of", "87.1%", "81.1%")]


def test_each_share_in_brackets_under_a_stated_total_is_read_and_a_share_line_is_no_new_total():
    text = ("Clifton: Total households = 5668\nTotal with a disabled person = 1416 (25%)\n"
            "In fuel poverty = 600 ({fuel})\n")
    assert _found_in_text(text.format(fuel="10.6%")) == []
    assert _found_in_text(text.format(fuel="16.6%")) == [("prose-percent-of", "16.6%", "10.6%")]


def test_a_share_counted_in_another_noun_or_a_change_is_not_read_as_a_share_of_the_stated_total():
    # 1,620 people are not a count of households; an increase is a share of the old figure, not of the total
    assert _found_in_text("Clifton: Total households = 5668\nDisabled residents = 25%, 1620 people\n") == []
    assert _found_in_text("Budget: Total spend = £5,250,000\nIncrease = 5.0%, £250,000\n") == []


@pytest.mark.parametrize("right, slip, found", [
    ("Out of total planned saving of £55m (including roll forward) over 50% (£29.6m) are now rated red with a "
     "further 13% (£7.4m) rated amber or dark amber.",
     "Out of total planned saving of £55m (including roll forward) over 50% (£29.6m) are now rated red with a "
     "further 12% (£7.4m) rated amber or dark amber.",
     [("prose-percent-of", "12%", "13%")]),
    ("Of the 120 schools, 45 (38%) are academies and 30 (25%) are maintained.",
     "Of the 120 schools, 45 (38%) are academies and 30 (20%) are maintained.",
     [("prose-percent-of", "20%", "25%")]),
])
def test_each_share_of_an_opening_whole_is_of_it(right, slip, found):
    assert _found(right) == []
    assert _found(slip) == found


def test_a_later_share_of_another_whole_is_not_read_as_the_opening_wholes():
    assert _found("Out of total planned saving of £55m, 50% (£27.5m) are rated red and 20% (£1m) of those "
                  "are late.") == []


def test_a_variance_between_two_values_and_its_share_of_the_one_compared_against():
    text = ("The Investment Fund outturn is £24.2m in 2025/26 compared to a current budget of £30.9m, "
            "representing a variance of {gap} ({share}).")
    assert _found(text.format(gap="£6.7m", share="22%")) == []
    assert _found(text.format(gap="£6.7m", share="32%")) == [("prose-change", "32%", "22%")]
    assert ("prose-change", "£7.7m", "£6.7m") in _found(text.format(gap="£7.7m", share="22%"))
    # a variance not plainly between the two values just before it is not read
    assert _found("The outturn is £24.2m against a budget of £30.9m; the variance of £2.1m (7%) on staffing is "
                  "set out below.") == []
    assert _found("The outturn is £24.2m against a budget of £30.9m, a variance of £2.1m (7%) on staffing.") == []
