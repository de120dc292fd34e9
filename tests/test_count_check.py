"""count-check on packs written here and on the sample pack."""
from conftest import pack_from_markdown, run_rules

HEAD = """**CABINET – 3 MARCH 2025**

**QUARTER 2 PERFORMANCE REPORT**

**REPORT OF THE CHIEF EXECUTIVE**

"""

LIST = HEAD + """1. The three key contributing factors impacting the cost of provision are:
- Cohort of children: complexity is increasing.
  - Age of children entering residential provision has decreased.
  - Market pressures and sufficiency.
{more}
2. This savings workstream can be broken down into four different strands:
- a. Strand 1 to deliver £6.3m savings;
  - b. Strand 2 to deliver £2.85m savings;
  - c. Strand 3 to deliver £1.5m savings;
  - d. Strand 4 to deliver £2m savings.

3. The same hourly rate applies from 8am to 10pm, 7 days a week at all parking locations:
- Clifton.
- Kingsdown.

4. The project published its year 2 findings which we will use:
- Children find support suitable.
- They feel listened to.
- They want independence.
"""


def test_counts_matching_their_lists_are_quiet():
    # items at uneven indentation still count as one list; 'year 2 findings' is a label, not a count
    assert run_rules(pack_from_markdown(LIST.format(more="")), ["count-list"]) == []


def test_count_not_matching_its_list():
    findings = run_rules(pack_from_markdown(LIST.format(more="- Workforce shortages.\n")), ["count-list"])
    assert len(findings) == 1
    assert findings[0].found == "three (3)" and findings[0].expected.startswith("4")
    assert len(findings[0].related) == 4


LEAD_IN = HEAD + """1. Four themes emerged and were incorporated into the 2020 Vision. These were:
- Libraries help people shape their lives.
- They have a role in the digital agenda.
- They are a social space.
{fourth}
2. The policy aims to tackle two key barriers in the parking and departure process, especially in older dwellings or flats:
- Parking a bike inside brings in dirt.
{second}
"""


def test_a_count_in_the_sentence_before_a_bare_lead_in_or_far_from_its_colon():
    quiet = LEAD_IN.format(fourth="- Libraries have a strong local identity.", second="- Storing it outside is awkward.")
    assert run_rules(pack_from_markdown(quiet), ["count-list"]) == []
    short = run_rules(pack_from_markdown(LEAD_IN.format(fourth="", second="")), ["count-list"])
    assert [(f.found, f.expected) for f in short] == [("Four (4)", "3 (the items listed)"),
                                                      ("two (2)", "1 (the items listed)")]


QUARTILES = HEAD + """1. From 6 measures reported that have a national benchmark, one is in the top quartile, {second} are in the
second quartile, two are in the third quartile and one is in the bottom quartile.

| Area | Indicator | Latest Data | Period | Quartiles |
|---|---|---|---|---|
| Education | NEET | 0.8% | Q2 2024/25 | 1st |
| Education | KS2 | 61.4% | 2023/24 | 2nd |
| Education | EYFS | 69.6% | 2023/24 | 2nd |
| Education | KS4 | -0.1 | 2023/24 | 3rd |
| Social Care | CP reviews | 92.7% | Q2 2024/25 | 3rd |
| Social Care | Re-referrals | 26.3% | Q2 2024/25 | 4th |
| Youth Justice | First time entrants | 34 | Q2 2024/25 | NA |
"""


def test_quartile_summary_matching_the_table():
    assert run_rules(pack_from_markdown(QUARTILES.format(second="two")), ["count-quartile"]) == []


def test_quartile_summary_not_matching_the_table():
    findings = run_rules(pack_from_markdown(QUARTILES.format(second="three")), ["count-quartile"])
    assert len(findings) == 1
    assert findings[0].expected == "2 in the second quartile"


RESTATED = HEAD + """1. Our strategy is delivered through our five overarching SEND principles which were co-produced.

2. The board co-produced five overarching SEND principles which shape the strategy.

3. Each of our {n} overarching SEND principles has an action plan.

4. Four homes have opened and the remaining four homes will open by July; eight homes in all.
"""


def test_same_count_restated_differently():
    assert run_rules(pack_from_markdown(RESTATED.format(n="five")), ["count-restated"]) == []
    findings = run_rules(pack_from_markdown(RESTATED.format(n="six")), ["count-restated"])
    assert [(f.expected, f.found) for f in findings] == [("5", "6")]
    assert len(findings[0].related) == 2


PRIORITIES = HEAD + """1. The Development Plan in Section 5 of the Strategy identifies five priority areas of activity.

2. We are committed to developing detailed plans for each of the {n} priorities identified through co-production.

3. Inspectors looked at the two areas of the Written Statement of Action and four key areas of the programme.
"""


def test_priorities_and_priority_areas():
    assert run_rules(pack_from_markdown(PRIORITIES.format(n="five")), ["count-restated"]) == []
    findings = run_rules(pack_from_markdown(PRIORITIES.format(n="six")), ["count-restated"])
    # 'the two areas' and 'four key areas' are different sets: only the priorities are compared
    assert [(f.expected, f.found) for f in findings] == [("5", "6")]


def test_sample_pack_counts(pack_md, pack_docx, pack_pdf):
    # Real: the strategy's foreword says 'each of the six priorities'; the report says the strategy
    # 'identifies five priority areas' (and five principles everywhere else).
    # Quiet: 'three key contributing factors' (3 bullets), 'four different strands' (a-d), 'the two areas'
    # (2 bullets), the quartile summary 1/7/8/5 of 21 against the dashboard, 'eight homes' = 4 opened + 4 to open.
    for pack in (pack_md, pack_docx, pack_pdf):
        findings = run_rules(pack, ["count"])
        assert [(f.rule, f.found, f.expected) for f in findings] == [("count-restated", "6", "5")]
    assert run_rules(pack_md, ["count"])[0].location.line == 1224


def test_a_numbered_list_starting_again_under_a_numbered_paragraph_is_its_list():
    # '2. ... four questions:' then '1.', '2.', '3.' and the report's '3.' again: three items, not paragraphs 1-3
    text = HEAD + ("1. The plan was refreshed.\n\n2. The consultation asked residents {n} questions:\n\n"
                   "1. How satisfied are you with your area?\n2. What should the council prioritise?\n"
                   "3. How do you prefer to contact us?\n\n3. There are two options.\n")
    assert run_rules(pack_from_markdown(text.format(n="three")), ["count-list"]) == []
    [f] = run_rules(pack_from_markdown(text.format(n="four")), ["count-list"])
    assert "four questions" in f.message and "3 are listed" in f.message


def test_the_tail_of_a_financial_year_before_a_list_is_no_count():
    """'the Council Tax Base 2024/25 as:' over two items: the 25 ends the year; 'for 2016/17 onwards' the same."""
    tax_base = HEAD + ("1. The Executive Committee calculated the Council Tax Base 2024/25 as:\n\n"
                       "(a) for the whole Council area as 26,317.10; and\n\n(b) for Feckenham Parish as 380.30.\n")
    onwards = HEAD + ("1. The plan highlights the key financial challenges for 2016/17 onwards, most significantly:\n\n"
                      "- Continued delivery of a breakeven position\n- Delivery of 5% efficiency savings\n"
                      "- Management of on-going cost pressures\n")
    for md in (tax_base, onwards):
        assert run_rules(pack_from_markdown(md), ["count-list"]) == []
    slip = HEAD + ("1. In 2024/25 the Committee agreed 3 priorities:\n\n- Housing\n- Transport\n")
    [finding] = run_rules(pack_from_markdown(slip), ["count-list"])
    assert (finding.found, finding.expected) == ("3 (3)", "2 (the items listed)")
