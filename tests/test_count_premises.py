"""Counts read as a reader reads them: a bullet may hold two items, a number between capitalised
words is a name, and 'four Trust policies' do not count Trusts."""
from conftest import pack_from_markdown, run_rules

LIST = """# Parking report

1. The proposal seeks to make {n} changes to the existing schemes as follows:

- Increasing the cost of the first permit from £56 to £178 and introducing an inflationary increase every year.
- Realignment of the pricing of the St Philips and Easton schemes with other schemes.
- Apply a 22% increase to business, customer, medical and trader permits.
- Increase the cost of visitor permits, and reduce the overall number available.
- Increase Pay and Display fees from £1.50 to £2 an hour.
"""


def _rules(text, rule):
    return [f.found for f in run_rules(pack_from_markdown(text), [rule])]


def test_a_bullet_that_joins_two_actions_may_count_twice():
    assert _rules(LIST.format(n=7), "count-list") == []
    assert _rules(LIST.format(n=5), "count-list") == []
    assert _rules(LIST.format(n=9), "count-list") == ["9 (9)"]


def test_a_number_between_capitalised_words_is_a_name_not_a_count():
    text = ("# Risk report\n\n1. Risk 5 Failure to maintain business continuity is reviewed.\n\n"
            "2. Risk 7 Failure to maintain business continuity was renumbered.\n\n"
            "3. Risk 5 Failure to maintain business continuity is amber.\n")
    assert _rules(text, "count-restated") == []


def test_a_count_of_things_named_after_a_set_is_not_a_count_of_the_set():
    quiet = ("# Quality report\n\n1. The four Trust policies were compared.\n\n"
             "2. We will triangulate the three Trusts, Leeds, Derbyshire and Lincolnshire.\n")
    slip = ("# Strategy\n\n1. The strategy has five priority areas.\n\n"
            "2. Each of the six priorities has an action plan.\n")
    assert _rules(quiet, "count-restated") == []
    assert _rules(slip, "count-restated") == ["6"]


PLAN = """# Draft Budget

1. This report sets out the Draft Capital Programme 2025-35 for approval.

2. The ten-year Capital Programme 2024-34 was approved by County Council in February 2024.

## Appendices

3. Draft Capital Programme {period} – Appendix A
"""


def test_a_plan_period_over_two_financial_years_is_read_whole():
    assert _rules(PLAN.format(period="2025-26 to 2034-35"), "fact-conflict-plan") == []
    assert _rules(PLAN.format(period="2025-26 to 2033-34"), "fact-conflict-plan") != []


def test_lettered_items_are_counted_by_their_letters():
    text = ("# Savings\n\n80. This savings workstream can be broken down into {n} different strands:\n\n"
            "- a. Strand 1 to deliver £6.3m savings, and reduce placement costs.\n"
            "- b. Strand 2 to deliver £2.85m savings by reviewing care packages.\n"
            "- c. Strand 3 to deliver £1.5m savings through other accommodation.\n"
            "- d. Strand 4 to deliver £2m savings through partner income.\n")
    assert _rules(text.format(n="four"), "count-list") == []
    assert _rules(text.format(n="five"), "count-list") == ["five (5)"]


STRANDS = """# Savings report

1. This savings workstream can be broken down into {n} different strands:

- Strand 1 to deliver £6.3m savings – This is to be achieved through containing and minimising the impact of market costs.
- Strand 2 to deliver £2.85m savings – This is to be achieved through reviewing care packages and ensuring value for money.
- Strand 3 to deliver £1.5m savings – This is to be achieved through developing other accommodation options.
- Strand 4 to deliver £2m savings – This is to be achieved through increased partner income and joint funding.
"""


def test_an_and_in_an_items_explanation_joins_no_second_item():
    """Only an item's head may join two items ('Increasing the cost ... and introducing ...'); what follows
    its dash or its first sentence explains it ('This is to be achieved through containing and ...')."""
    assert _rules(STRANDS.format(n="four"), "count-list") == []
    assert _rules(STRANDS.format(n="five"), "count-list") == ["five (5)"]


FOCUS = """# Annual report

1. There are {n} areas of focus for the future. These are:

- The core offer of library loans, and free computer access.
- To enable learning, skills and employment
- To reinforce the role that libraries have as cultural broker in communities
- Put libraries at the heart of communities as place to help with wellbeing
- Enable business and enterprise
- Support community life
"""


def test_a_list_of_things_after_and_is_one_item():
    """', and free computer access' adds to one item; ', and reduce the overall number' is a second action."""
    assert _rules(FOCUS.format(n="six"), "count-list") == []
    assert _rules(FOCUS.format(n="seven"), "count-list") == ["seven (7)"]
