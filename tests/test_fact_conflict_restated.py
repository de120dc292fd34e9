"""fact-conflict-figure, facet 'restated': a figure the narrative states twice, named alike, with one digit
changed in one place (no table need state it). The right text stays quiet; so do figures that name two
facts (another place, another period, a benchmark) and figures too round to call one changed digit a slip."""
from conftest import pack_from_markdown, run_rules

HEAD = """**CABINET – 3 MARCH 2025**

**REVENUE AND CAPITAL REPORT**

**REPORT OF THE DIRECTOR OF CORPORATE RESOURCES**

"""


def _found(body: str) -> list[tuple[str, str]]:
    findings = run_rules(pack_from_markdown(HEAD + body), ["fact-conflict-figure"])
    return sorted((f.found, f.expected) for f in findings)


SAVINGS = """1. By the end of July, the Trust had identified {a} of recurrent savings plans for 2025/26.

2. Demand for placements continues to rise across the county.

3. Of the {b} of recurrent savings plans the Trust identified by July, £9.8m is fully developed and in delivery.
"""


def test_a_figure_stated_twice_with_one_digit_changed_is_found():
    assert _found(SAVINGS.format(a="£10.1m", b="£10.1m")) == []
    # two mentions: the later one is reported, against the earlier
    assert _found(SAVINGS.format(a="£10.1m", b="£15.1m")) == [("£15.1m", "£10.1m")]
    assert _found(SAVINGS.format(a="£15.1m", b="£10.1m")) == [("£10.1m", "£15.1m")]


SHARE = """1. SEND pupils account for {a} of the Leicestershire school population.

2. The council has 13,983 pupils on a SEN Support plan.

3. SEND pupils account for {b} of the Leicestershire school population, as the census shows.

4. Leicestershire's schools report that SEND pupils account for {c} of the school population.
"""


def test_the_mention_fewer_places_agree_with_is_the_one_reported():
    assert _found(SHARE.format(a="17.2%", b="17.2%", c="17.2%")) == []
    # two places say 17.2%: the one 19.2% is reported, wherever it is
    assert _found(SHARE.format(a="19.2%", b="17.2%", c="17.2%")) == [("19.2%", "17.2%")]
    assert _found(SHARE.format(a="17.2%", b="17.2%", c="17.5%")) == [("17.5%", "17.2%")]


def test_two_facts_that_share_a_value_or_words_stay_quiet():
    # another place: the same words, a different ward
    wards = ("1. Horfield: 46.4% (2522 households) with access to one car or van.\n\n"
             "2. Lockleaze: 46.9% (2317 households) with access to one car or van.\n")
    assert _found(wards) == []
    # another period
    periods = ("1. The forecast overspend for 2024/25 is £23.3m on the revenue budget.\n\n"
               "2. The forecast overspend for 2025/26 is £28.3m on the revenue budget.\n")
    assert _found(periods) == []
    # a benchmark beside the local figure
    national = ("1. In Leicestershire 27.5% of looked after children were on SEN support.\n\n"
                "2. Nationally 27.3% of looked after children were on SEN support.\n")
    assert _found(national) == []
    # round figures one digit apart: as often two facts as one
    rounds = ("1. Phase 1 will accommodate around 100 children and young people with SEND.\n\n"
              "2. Residential numbers rose to 400 children and young people with SEND.\n")
    assert _found(rounds) == []
    # different words around the same kind of figure
    other = ("1. The capital programme for 2025/26 totals £83.1m across all services.\n\n"
             "2. The revenue reserves for 2025/26 stand at £88.1m after drawdowns.\n")
    assert _found(other) == []


def test_records_estimates_and_table_rows_read_as_text_stay_quiet():
    # two records of a list, each with its own label
    records = ("1. Clifton Down: Total population = 11,428 White total = 85.1%, 9728 people\n\n"
               "2. Clifton: Total population = 13,022 White total = 85.9%, 11,185 people\n")
    assert _found(records) == []
    # estimates ('in the region of') may differ by more than a slip
    estimates = ("1. The transport budget would see a net gain in the region of £220k per annum from modal shift.\n\n"
                 "2. The transport budget would see a net gain in the region of £250k per annum from modal shift.\n")
    assert _found(estimates) == []
    # a table's row read as text: its figures stand side by side, one per column
    row = ("1. Totterdown East parking scheme development budget for consultation costs {a} in the year\n\n"
           "2. Works continue.\n\n"
           "3. Totterdown East parking scheme development budget for consultation costs {b} in the year\n")
    assert _found(row.format(a="15,000 15,000", b="25,000 25,000")) == []
    assert _found(row.format(a="15,000", b="25,000")) == [("25,000", "15,000")]  # written as prose: found


def test_the_same_record_with_one_digit_changed_is_found():
    record = ("1. Clifton Down: Total population = 11,428 White total = {a}, 9728 people\n\n"
              "2. The ward profiles are set out below.\n\n"
              "3. Clifton Down: Total population = 11,428 White total = {b}, 9728 people\n")
    assert _found(record.format(a="85.1%", b="85.1%")) == []
    assert _found(record.format(a="85.1%", b="86.1%")) == [("86.1%", "85.1%")]


THRESHOLD = """1. In the county's case, the 0.1% threshold currently equates to {a} Looked After Children UASC aged under 18.

2. The council will receive more referrals as it is likely to fall below the 0.1% threshold level of {b} Looked after Children numbers.
"""


def test_a_plain_whole_number_stated_twice_is_read():
    # '140 Looked After Children': no £, % or digit groups, still a figure the text gives twice
    assert _found(THRESHOLD.format(a="140", b="140")) == []
    assert _found(THRESHOLD.format(a="140", b="170")) == [("170", "140")]
    # a plain number that labels ('paragraph 140', 'at 140 Long Street') is not a count
    refs = ("1. The threshold for Looked After Children is explained in paragraph 140 of the guidance.\n\n"
            "2. The threshold for Looked After Children is explained in paragraph 170 of the guidance.\n")
    assert _found(refs) == []


def test_a_changes_new_value_and_a_labelled_record_name_other_facts():
    # the current charge and the charge it would rise to
    rates = ("1. Off street car parks charge £2.50 an hour for short term parking up to 4 hours.\n\n"
             "2. With inflation, off street car parking would increase to £2.70 an hour for short term parking.\n")
    assert _found(rates) == []
    # a record labelled after other words ('... 2021) Bristol: Total households')
    records = ("1. Significant deviations are (Census 2021) Bristol: Total households = 191,637 Households with at "
               "least one Disabled person= 32.2%, 61,731 households\n\n"
               "2. Ashley: Total households = 8322 Households with at least one Disabled person= 30.2%, 2511\n")
    assert _found(records) == []
    # a benchmark named at the head of its clause, beyond the few words beside the figure
    national = ("1. The rate of care leavers in education, employment or training was 49.3% at the end of Quarter 2.\n\n"
                "2. The national rate of care leavers in education, employment or training was 59.3% at the end of "
                "Quarter 2.\n")
    assert _found(national) == []


def test_figures_within_two_of_their_last_place_stay_quiet():
    # two census tables of one ward give its population 5,763 and 5,764: one figure counted two ways
    record = ("1. Barton Hill: Profile population = {a} Gender identity different from sex registered at birth\n\n"
              "2. Barton Hill: Profile population = {b} Gender identity the same as sex registered at birth\n")
    assert _found(record.format(a="5764", b="5763")) == []
    assert _found(record.format(a="5764", b="5784")) == [("5784", "5764")]


RENTING = """1. Landlords may not permit internal storage; a higher-than-average Bristol renting rate of 45.2% against {a} for England and Wales makes this more pressing.

2. Cycle hangars are proposed for streets with few gardens.

3. Landlords may not permit internal storage; a higher-than-average Bristol renting rate of 45.2% against {b} for England and Wales makes this more pressing.
"""


def test_a_compared_figure_stated_twice_is_held_to_its_like():
    # 'against 37.5%' twice: the compared figure is one fact too
    assert _found(RENTING.format(a="37.5%", b="37.5%")) == []
    assert _found(RENTING.format(a="37.5%", b="36.5%")) == [("36.5%", "37.5%")]
    # a compared figure and a stated one are not held to each other
    mixed = ("1. The Bristol renting rate for England and Wales households is 37.5% this year.\n\n"
             "2. The Bristol renting rate is higher than 36.5% for England and Wales households this year.\n")
    assert _found(mixed) == []


def test_numbers_of_a_numbered_series_are_no_figures():
    """'service 1' ... 'service 30': many plain numbers after one word, close together, number items; read as
    figures each would be one digit from another (and a long list cost seconds). Counts after one word
    ('affected 176 passengers', 'affected 126 ...') stay figures."""
    from auditor.facts.index import build_fact_index

    def plain(text):
        return [f.value_text for f in build_fact_index(pack_from_markdown(text)).of_kind("metric") if f.extra.get("plain")]

    series = "".join(f"{n}. Spending on service {100 + n} shows an increase this year.\n\n" for n in range(1, 31))
    assert plain(series) == []
    assert _found(series) == []
    counts = ("1. The timetable change affected 176 passengers in the north of the county in spring.\n\n"
              "2. The timetable change affected 126 passengers in the north of the county in spring.\n")
    assert plain(counts) == ["176", "126"]
    assert _found(counts) == [("126", "176")] or _found(counts) == [("176", "126")]


TOTAL_REDUCTIONS = """58. This growth is considered necessary to ensure budgeted capacity aligns with current service need
within the MTFS, with such service infrastructure being one of the key enablers in achieving the {a} of total
cost reductions over the next four years built into the MTFS against projected high needs growth.

64. Cost reductions of {precise} are forecast over the period of the MTFS but an annual deficit continues.

101. Cost reduction savings totalling {b} are built into the MTFS and fall into three areas.
"""


def test_an_abbreviation_counts_as_one_naming_word():
    """'MTFS' stands for four words: a window naming a figure in six words, one of them 'MTFS', is six words
    long, so three shared words ('cost', 'reduction', 'built') are enough to call two mentions one figure."""
    assert _found(TOTAL_REDUCTIONS.format(a="£52.1m", precise="£52.083m", b="£52.1m")) == []
    assert ("£52.9m", "£52.1m") in _found(TOTAL_REDUCTIONS.format(a="£52.9m", precise="£52.083m", b="£52.1m"))


def test_a_finer_mention_backs_the_value_it_rounds_to():
    """Two mentions one digit apart and a third more precise ('£52.083m'): the one it does not round to is
    the slip, wherever it stands (without the third, the later of the two would be reported)."""
    assert _found(TOTAL_REDUCTIONS.format(a="£52.9m", precise="£52.083m", b="£52.1m")) == [("£52.9m", "£52.1m")]
    assert _found(TOTAL_REDUCTIONS.format(a="£52.1m", precise="£52.083m", b="£52.9m")) == [("£52.9m", "£52.1m")]


def test_an_abbreviation_shared_by_two_figures_does_not_make_them_one():
    text = """5. The MTFS savings target of £12.3m for next year is challenging.

9. The MTFS growth of £12.8m for next year reflects demand.
"""
    assert _found(text) == []


PERMIT = """4. In 2023 Cabinet approved increasing the cost of a first permit from £56 to {a}, although the decision
was not implemented at the time.

7. Approve and implement the cost of a first permit from £56 to {b}, as previously approved.
"""


def test_a_money_figure_before_a_comma_and_an_as_previously_aside_are_read():
    """'to £178, although': the figure ends before the comma (it was read as '£178,' and dropped); 'as
    previously approved' says when the figure was given, not that it is the previous period's."""
    assert _found(PERMIT.format(a="£178", b="£178")) == []
    assert _found(PERMIT.format(a="£178", b="£478")) == [("£478", "£178")]


def test_previously_looked_after_children_are_another_cohort():
    text = """3. There were 1,234 previously looked after children supported by the virtual school this year.

6. There were 1,284 looked after children supported by the virtual school this year.
"""
    assert _found(text) == []


FUNDING = """1. A funding application was submitted on 29 April 2024 for initial investment funding of £813k to cover project
development costs.

2. The current budget allocation of £300k will be replaced with the recently approved {a} from CRSTS investment
funding after the Grant Offer Letter is issued by WECA and sealed.

3. Authorise the Director to spend CRSTS funding (inclusive of the recently awarded funding of £813k) on the project.

4. This funding (£300k) will be replaced with £813k in CRSTS Investment Funding that was approved on 27 June 2024
by the Directors of Infrastructure.
"""


def test_names_in_a_clause_of_time_or_a_month_do_not_tell_two_mentions_apart():
    # 'after the Grant Offer Letter is issued' and 'June' name no figure; the slip is the value the paper
    # writes once, where another is written three times
    assert _found(FUNDING.format(a="£813k")) == []
    assert _found(FUNDING.format(a="£823k")) == [("£823k", "£813k")]
