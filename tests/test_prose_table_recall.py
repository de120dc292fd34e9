"""fact-conflict-figure, issue 12's prose-table slips: a figure in the text that a table of the pack
states differently. Each cause has a pack written here: the right text stays quiet, its slip is found."""
from conftest import pack_from_markdown, run_rules

HEAD = """**SCRUTINY COMMITTEE – 21 JANUARY 2025**

**SEND AND INCLUSION STRATEGY**

"""


def _found(pack_text: str) -> list[tuple[str, str]]:
    findings = run_rules(pack_from_markdown(pack_text), ["fact-conflict-figure"])
    return [(f.found, f.expected) for f in findings]


# ---------------------------------------------------------------- the table under the sentence

AGES = HEAD + """1. Demand continues to increase. In April 2024, {} children and young people were registered with the Special Needs Unit. The breakdown by age is shown in the table below.

| Age group | 0 - 5 | 6 - 11 | 12 - 16 | 17-20 | Total |
|---|---|---|---|---|---|
| Number of children registered | 296 | 1042 | 962 | 564 | 2864 |
"""


def test_the_table_a_sentence_introduces_is_of_the_sentences_period():
    assert _found(AGES.format("2,864")) == []
    assert _found(AGES.format("3,864")) == [("3,864", "2864")]


def test_a_table_elsewhere_without_periods_is_not_held_to_the_texts_year():
    # the same table not introduced by the sentence (another paragraph between): it may be another year's
    apart = AGES.replace(" The breakdown by age is shown in the table below.\n",
                         "\n\n2. Care navigators help to coordinate a child's health care and give information on the "
                         "local support networks available in the area, as shown below.\n\n3. Other text.\n")
    assert _found(apart.format("3,864")) == []


# ---------------------------------------------------------------- a Total row named by its table's corner cell

CAPITAL = HEAD + """1. The proposed Children and Family Services (CFS) capital programme totals {}, with most of it funded by grants.

2. The programme continues to deliver school places for the Transforming SEND and Inclusion in Leicestershire (TSIL) programme. £50.1m is proposed to be invested in the provision of additional placements.

| CFS Capital Programme £000 | 2025/26 | 2026/27 | 2027/28 | 2028/29 | Total |
|---|---|---|---|---|---|
| Additional School Places | 34,752 | 10,614 | 4,052 | 700 | 50,118 |
| SEND Programme | 5,115 | 11,307 | 12,800 | 2,800 | 32,022 |
| Total | 39,867 | 21,921 | 16,852 | 3,500 | 82,140 |
"""


def test_a_total_row_is_named_by_its_corner_cell_not_by_the_prose_before_the_table():
    # the text before the table ('... (TSIL) programme. £50.1m is proposed ...') is not its title: read as one,
    # its words drowned the corner cell's in the Total row's name
    assert _found(CAPITAL.format("£82.1m")) == []
    assert _found(CAPITAL.format("£87.1m")) == [("£87.1m", "82,140 (£82.140m)")]


# ---------------------------------------------------------------- a change in brackets after its figure

BUDGET = HEAD + """1. Funding from Council Tax and grants in the settlement is £1,530.9m (an increase of {}, 7.1%, on 2024-25).

Table 7.2 – Year on year changes in net budget by directorate

| | ASCH | CYPE | GET | Total |
|---|---|---|---|---|
| Approved Base Budget 2024-25 | £585.9m | £430.0m | £413.2m | £1,429.1m |
| Spending Growth | +£80.3m | +£40.9m | +£30.0m | +£151.2m |
| Savings | -£22.6m | -£21.7m | -£5.1m | -£49.4m |
| Net Budget 2025-26 | £643.6m | £449.2m | £438.1m | £1,530.9m |
| Net Change | +£57.7m | +£19.2m | +£24.9m | +£101.8m |
"""


def test_a_change_in_brackets_is_the_change_of_the_figure_before_it():
    # the text calls £1,530.9m funding, the table net budget: the figure, given to five digits, finds its
    # column, and the change in brackets is that column's Net Change
    assert _found(BUDGET.format("£101.8m")) == []
    assert _found(BUDGET.format("£131.8m")) == [("£131.8m", "+£101.8m")]
    # not one digit off: the text may give another measure of the change (core, gross)
    assert _found(BUDGET.format("£96.3m")) == []
    # a figure before it of three digits is not precise enough to find its column by its value alone
    assert _found(BUDGET.replace("£1,530.9m (", "£1.53bn (").format("£131.8m")) == []


# ---------------------------------------------------------------- a label giving two alternatives

DSG = HEAD + """1. An overall deficit in DSG of {} is forecast by the end of 2028/29.

| £,000 | 2025/26 | 2026/27 | 2027/28 | 2028/29 |
|---|---|---|---|---|
| Cumulative High Needs Funding Gap | 79,368 | 91,913 | 101,699 | 116,153 |
| Surplus (-ve) / Deficit Other DSG Blocks | -11,834 | -10,834 | -9,334 | -7,334 |
| Dedicated Schools Grant Surplus (-ve) / Deficit | 67,534 | 81,079 | 92,365 | 108,819 |

2. The department's budget is shown below.

| Service | Budget £ | Income £ | Net £ |
|---|---|---|---|
| C&FS Dedicated Schools Grant | 259,810 | -400,555 | -140,745 |
| Children's Social Care | 10,546,664 | -900,000 | 9,646,664 |
"""


def test_a_deficit_names_a_row_of_surplus_or_deficit():
    # 'Surplus (-ve) / Deficit': the text naming one alternative names the row, and the sign note is no word
    # of it; before, the budget table's 'C&FS Dedicated Schools Grant' (three words of the four) was nearer
    assert _found(DSG.format("£108.8m")) == []
    assert _found(DSG.format("£708.8m")) == [("£708.8m", "108,819 (£108.819m)")]


# ---------------------------------------------------------------- a date column beside the label

SCHEMES = HEAD + """1. The children's residential homes scheme will cost {} in all.

| Estimated Completion Date | Gross Cost of Project £000 | Project | 2025/26 £000 | 2026/27 £000 | Total £000 |
|---|---|---|---|---|---|
| Sep-28 | 50,118 | Provision of Additional School Places | 34,752 | 10,614 | 45,366 |
| Mar-26 | 1,225 | Children's Residential Homes | 1,225 | | 1,225 |
| Dec-27 | 2,000 | Strategic Capital Maintenance | 1,000 | 1,000 | 2,000 |
"""


def test_a_date_column_beside_the_label_is_no_word_of_it():
    # 'Mar-26' is the scheme's completion date, read with the label as 'Mar-26 Children's Residential Homes':
    # its words and number made the text's 'children's residential homes' name the row too loosely
    assert _found(SCHEMES.format("£1.225m")) == []
    assert _found(SCHEMES.format("£1.285m")) == [("£1.285m", "1,225 (£1.225m)")]


# ---------------------------------------------------------------- the parts a figure includes

PARTS = HEAD + """1. £5.0m is proposed for new places; £20.4m for SEN and {} for investment in other capital requirements including completing the strategic capital maintenance and the children's residential homes.

| Estimated Completion Date | Project | 2025/26 £000 | 2026/27 £000 | Total £000 |
|---|---|---|---|---|
| Sep-28 | SEND Programme | 10,115 | 10,307 | 20,422 |
| Mar-26 | Children's Residential Homes | 225 | | 225 |
| Dec-27 | Strategic Capital Maintenance | 1,000 | 1,000 | 2,000 |
| | Other Capital | 6,115 | 6,448 | 12,563 |
"""


def test_the_words_after_including_name_the_parts_not_the_figure():
    assert _found(PARTS.format("£12.6m")) == []
    assert _found(PARTS.format("£72.6m")) == [("£72.6m", "12,563 (£12.563m)")]
