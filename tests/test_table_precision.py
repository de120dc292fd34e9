"""Table checks: premises that made false alarms, each with its correct table (quiet) and a near miss
carrying a real slip (found).

1. columns that do not add up (rates, percentages, averages, durations) are not summed;
2. a row is a total when its label begins or ends with total words, not when a name holds 'Total';
3. subtotals without total words (or without a label) are not counted again with their own parts;
4. a roll-forward runs from the older year to the newer, wherever each column is printed;
5. a total whose parts may begin above its table (a headerless tail of a split table), or any total in a
   table whose columns were guessed from alignment, is info; a total out by one amount in every
   column of a cleanly read table is one warning naming the amount.
"""
from auditor.ingest.markdown import parse_markdown
from auditor.structure.segment import segment
from auditor.structure.tables import column_kinds, row_is_total
from conftest import pack_from_markdown
from test_table_total import total_findings


def reported(findings):
    """(rule, row, column, found, expected) of the errors and warnings."""
    return [(f.rule, f.extra["row"], f.extra["column"], f.found, f.expected)
            for f in findings if f.severity in ("error", "warning")]


def table_findings(md):
    return total_findings(md, rules=("table-total", "table-identity"))


def only_table(md):
    [table] = [b.table for b in pack_from_markdown(md).documents[0].blocks if b.table is not None]
    return table


# ---------------------------------------------------------------- 1. columns that do not add up

BORROWING = """# Treasury report

5.5 Borrowing at 30 September

| Lender | Balance £m | Average Rate % | Weighted Average Life yrs | Income return |
|---|---|---|---|---|
| PWLB | 432.4 | 4.33 | 15.11 | 3.1% |
| Banks (LOBO) | 90.0 | 4.15 | 39.38 | 2.9% |
| Banks (Fixed Term) | 216.1 | 4.54 | 37.73 | 3.4% |
| Total borrowing | {total} | 4.35 | 24.59 | 3.2% |
"""


def test_rates_averages_and_percentages_are_not_summed():
    assert reported(table_findings(BORROWING.format(total="738.5"))) == []


def test_a_wrong_amount_beside_them_is_still_found():
    assert reported(table_findings(BORROWING.format(total="748.5"))) == [
        ("table-total", "Total borrowing", "Balance £m", "748.5", "738.5")]


# the heading words printed as the first rows of the body, under a header of dates
DATED_HEADER = """| | 31/03/2024 | 30/09/2024 | 30/09/2024 | 30/09/2024 |
|---|---|---|---|---|
| | Balance | Balance | Average Rate | Value Weighted Average Life |
| | £m | £m | % | yrs |
| PWLB | 456.3 | 432.4 | 4.33 | 15.11 |
| Banks | 90.0 | 90.0 | 4.15 | 39.38 |
| Streetlighting | 9.5 | 8.2 | 2.85 | 15.84 |
| Total borrowing | 555.8 | {total} | 4.35 | 24.59 |
"""


def test_column_kinds_read_heading_rows_under_the_header():
    assert column_kinds(only_table(DATED_HEADER.format(total="530.6"))) == [
        "amount", "amount", "amount", "percent", "average"]


def test_heading_rows_under_the_header_keep_rates_out_of_totals():
    assert reported(table_findings(DATED_HEADER.format(total="530.6"))) == []
    assert reported(table_findings(DATED_HEADER.format(total="531.6"))) == [
        ("table-total", "Total borrowing", "30/09/2024", "531.6", "530.6")]


def test_a_duration_is_known_by_its_unit_row_not_by_years_in_a_wrapped_heading():
    md = """| Directorate | Target | To be achieved in future |
|---|---|---|
| | | years |
| Adults | -66.9 | -18.3 |
| Children | -16.7 | -1.9 |
| Total | -83.6 | -20.2 |
"""
    assert column_kinds(only_table(md))[1:] == ["amount", "amount"]
    assert reported(table_findings(md)) == []
    assert reported(table_findings(md.replace("-20.2", "-21.2"))) == [
        ("table-total", "Total", "To be achieved in future", "-21.2", "-20.2")]


def test_a_column_of_percentages_is_a_percent_kind_by_its_cells():
    md = """| Service | Share |
|---|---|
| A | 40% |
| B | 60% |
"""
    assert column_kinds(only_table(md)) == ["amount", "percent"]


# ---------------------------------------------------------------- 2. 'Total' inside a name

FUNDS = """# Treasury report

7.4 Pooled funds

| Investment Fund | Book cost £m | Market Value £m |
|---|---|---|
| CCLA LAMIT Property Fund | 60.0 | 54.2 |
| Pyrford Global Total Return Sterling Fund | 5.0 | 5.4 |
| Fidelity Global Multi Asset Income Fund | 25.0 | 23.0 |
| M&G Global Dividend Fund | 10.0 | 15.1 |
| Total Externally Managed Investments | 100.0 | {total} |
"""


def test_a_fund_named_total_return_is_a_line_item():
    assert reported(table_findings(FUNDS.format(total="97.7"))) == []


def test_the_real_total_row_is_still_checked_over_all_funds():
    [finding] = [f for f in table_findings(FUNDS.format(total="98.7")) if f.severity == "error"]
    assert (finding.extra["row"], finding.found, finding.expected) == (
        "Total Externally Managed Investments", "98.7", "97.7")
    assert len(finding.related) == 4


def test_total_words_begin_or_end_a_total_label():
    def row(label):
        return only_table(f"| Item | £ |\n|---|---|\n| {label} | 5 |\n").rows[1]

    for label in ("Total", "Sub-total", "Grand total", "Net total", "Total Funds", "145 TOTAL POLICY",
                  "Children's Services Total", "Budget Total (£000)"):
        assert row_is_total(row(label)), label
    for label in ("Pyrford Global Total Return Sterling Fund", "Totally Local Company"):
        assert not row_is_total(row(label)), label


# ---------------------------------------------------------------- 3. subtotals counted with their parts

UNLABELLED_SUBTOTALS = """| Note 16 Funds | Balance 1 April 2014 | Incoming Resources | Balance 31 March 2015 |
|---|---|---|---|
| Unrestricted Funds | | | |
| Transition Funds | 78 | 0 | 38 |
| Project Fund | 240 | 0 | 208 |
| General Funding | 0 | 6,508 | 78 |
| | 318 | 6,508 | 324 |
| Restricted Funds | | | |
| Donations | 0 | 32 | 0 |
| Arts Council Fund | 0 | 50 | 50 |
| General funding | 39 | 0 | 18 |
| | 39 | 82 | 68 |
| Total Funds | {total} | 6,590 | 392 |
"""


def test_unlabelled_subtotals_are_not_counted_with_their_parts():
    assert reported(table_findings(UNLABELLED_SUBTOTALS.format(total="357"))) == []


def test_a_wrong_total_over_unlabelled_subtotals_is_found_against_the_subtotals():
    [finding] = table_findings(UNLABELLED_SUBTOTALS.format(total="367"))
    assert (finding.extra["row"], finding.found, finding.expected) == ("Total Funds", "367", "357")
    assert len(finding.related) == 2  # the two subtotals


# statement of financial activities: unlabelled subtotals with a note reference beside them, the
# second adding only the rows after a one-row group ('Interest Income')
SOFA = """| Incoming resources | Unrestricted £000 | Restricted £000 | Total £000 | Notes |
|---|---|---|---|---|
| Voluntary Income | | | | |
| Friends Groups | 0 | 37 | 37 | |
| Fundraising by Staff | 0 | 4 | 4 | |
| Donations | 0 | 28 | 28 | |
| | 0 | 69 | 69 | Note 2 |
| Interest Income | 5 | 0 | 5 | Note 4 |
| SCC Funding | 5,351 | 0 | 5,351 | |
| SCC Stock Funding | 0 | 1,123 | 1,123 | |
| Professional Services | 588 | 43 | 631 | |
| | 5,939 | 1,166 | 7,105 | Note 3 |
| Total Income | 5,944 | 1,235 | {total} | |
"""


def test_unlabelled_subtotals_beside_note_references_are_recognised():
    assert reported(table_findings(SOFA.format(total="7,179"))) == []


def test_a_wrong_total_over_subtotals_beside_note_references_is_found():
    findings = table_findings(SOFA.format(total="7,189"))
    # wrong down its column (69 + 5 + 7,105) and across its row (5,944 + 1,235)
    assert reported(findings) == [("table-total", "Total Income", "Total £000", "7,189", "7,179")] * 2
    assert sorted(f.extra["kind_of_total"] for f in findings) == ["Total column", "total row"]


NAMED_SUBTOTALS = """| Fund | 2015 £000 |
|---|---|
| Share Capital | 10 |
| Project Fund | 240 |
| Transition Fund | 78 |
| Unrestricted funds | 328 |
| Donations | 5 |
| General funding | 34 |
| Restricted funds | 39 |
| Total Funds | {total} |
"""


def test_subtotals_whose_labels_have_no_total_words_are_recognised_by_their_sums():
    assert reported(table_findings(NAMED_SUBTOTALS.format(total="367"))) == []


def test_a_wrong_total_over_named_subtotals_is_found_with_the_sum_of_the_subtotals():
    assert reported(table_findings(NAMED_SUBTOTALS.format(total="376"))) == [
        ("table-total", "Total Funds", "2015 £000", "376", "367")]


SUBTOTALS_AFTER_ALL_DETAILS = """| Item | £000 |
|---|---|
| Libraries | 12 |
| Archives | 23 |
| Museums | 31 |
| Parks | 44 |
| Culture services | 35 |
| Leisure services | 75 |
| Total | {total} |
"""


def test_parts_adding_up_to_twice_the_total_are_never_reported():
    # the subtotals (12 + 23, 31 + 44) are listed after all the rows they add: no run above adds up to them
    assert reported(table_findings(SUBTOTALS_AFTER_ALL_DETAILS.format(total="110"))) == []


def test_parts_adding_up_to_no_multiple_of_the_total_are_reported():
    assert reported(table_findings(SUBTOTALS_AFTER_ALL_DETAILS.format(total="120"))) == [
        ("table-total", "Total", "£000", "120", "220")]


def test_an_unlabelled_row_that_does_not_add_up_is_a_line_item():
    md = """| Item | 2024 £ | 2025 £ |
|---|---|---|
| Rent | 100 | 110 |
| Rates | 50 | 55 |
| | 40 | 45 |
| Total | 190 | 210 |
"""
    assert reported(table_findings(md)) == []
    assert reported(table_findings(md.replace("| 210 |", "| 220 |"))) == [
        ("table-total", "Total", "2025 £", "220", "210")]


# ---------------------------------------------------------------- 4. roll-forward by year, not position

DEFERRED_INCOME = """| Deferred income reconciliation | Total 2014/15 £000 | Total 2013/14 £000 |
|---|---|---|
| Balance brought forward | {opening} | 1,758 |
| Amounts recognised in income | -1,671 | -1,758 |
| New amounts deferred | 1,675 | 1,671 |
| Balance carried forward | 1,675 | 1,671 |
"""


def test_roll_forward_with_the_current_year_first_holds():
    assert reported(table_findings(DEFERRED_INCOME.format(opening="1,671"))) == []


def test_roll_forward_with_the_current_year_first_finds_a_wrong_opening_balance():
    [finding] = table_findings(DEFERRED_INCOME.format(opening="1,617"))
    assert (finding.extra["identity"], finding.extra["row"], finding.extra["column"]) == (
        "roll-forward", "Balance brought forward", "Total 2014/15 £000")
    assert (finding.found, finding.expected) == ("1,617", "1,671")


def test_roll_forward_with_the_oldest_year_first_still_holds_and_fails():
    oldest_first = """| Reserve | 2023/24 £000 | 2024/25 £000 |
|---|---|---|
| Opening balance | 500 | {opening} |
| Movement | 100 | -50 |
| Closing balance | 600 | 550 |
"""
    assert reported(table_findings(oldest_first.format(opening="600"))) == []
    assert reported(table_findings(oldest_first.format(opening="660"))) == [
        ("table-identity", "Opening balance", "2024/25 £000", "660", "600")]


# ---------------------------------------------------------------- 5. parts that may lie outside the table

SPLIT = """# Detailed breakdown

| Group | Unrestricted £ | Restricted £ | Total 2014/15 £ |
|---|---|---|---|
| Halesworth Friends | 0 | 6,593 | 6,593 |
| Bungay Friends | 0 | 3,746 | 3,746 |

Continued overleaf

| Locality Budget Debenham | 0 | 500 | 500 |
|---|---|---|---|
| Locality Budget Stradbroke | 0 | 250 | 250 |
| Total Group Contributions | 0 | {total} | {total} |
"""

WHOLE = """# Detailed breakdown

| Group | Unrestricted £ | Restricted £ | Total 2014/15 £ |
|---|---|---|---|
| Halesworth Friends | 0 | 6,593 | 6,593 |
| Bungay Friends | 0 | 3,746 | 3,746 |
| Locality Budget Debenham | 0 | 500 | 500 |
| Locality Budget Stradbroke | 0 | 250 | 250 |
| Total Group Contributions | 0 | {total} | {total} |
"""


def test_a_total_on_the_headerless_tail_of_a_split_table_is_info_only():
    findings = table_findings(SPLIT.format(total="11,089"))
    assert reported(findings) == []
    assert {f.severity for f in findings} == {"info"}
    assert all("may continue one above it" in f.message for f in findings)


def test_the_same_total_wrong_in_the_whole_table_is_an_error():
    assert reported(table_findings(WHOLE.format(total="11,089"))) == []
    assert reported(table_findings(WHOLE.format(total="11,098"))) == [
        ("table-total", "Total Group Contributions", "Restricted £", "11,098", "11,089"),
        ("table-total", "Total Group Contributions", "Total 2014/15 £", "11,098", "11,089")]


def test_a_total_whose_parts_all_lie_inside_a_headerless_tail_is_still_checked():
    tail = SPLIT.format(total="11,089") + """| Westbourne Friends | 0 | 480 | 480 |
| Halesworth Friends | 0 | 360 | 360 |
| Total Library Enhancement | 0 | {sub} | {sub} |
"""
    assert reported(table_findings(tail.replace("{sub}", "840"))) == []
    assert [(row, found, expected) for _, row, _, found, expected in
            reported(table_findings(tail.replace("{sub}", "850")))] == [
        ("Total Library Enhancement", "850", "840"), ("Total Library Enhancement", "850", "840")]


ALIGNED_TEXT = """Budget monitoring

Service                 Budget £000    Forecast £000
Children's homes              1,200            1,250
Fostering                       800              790
Adoption                        400              410
Total                         2,400            {total}
"""


def test_totals_in_a_cleanly_aligned_table_are_trusted_and_say_how_they_were_read():
    pack = segment(parse_markdown(ALIGNED_TEXT.format(total="2,460"), "pack.txt", "text"))
    [table] = [b.table for d in pack.documents for b in d.blocks if b.table is not None]
    assert table.confidence == "aligned"
    from auditor.checks import run_checks
    from auditor.rules import load_rules

    rules = [r for r in load_rules() if r.id == "table-total"]
    [finding] = run_checks(pack, rules, {})
    assert (finding.severity, finding.found, finding.expected) == ("error", "2,460", "2,450")
    assert "worked out from the layout of the page" in finding.message
    ok = segment(parse_markdown(ALIGNED_TEXT.format(total="2,450"), "pack.txt", "text"))
    assert run_checks(ok, rules, {}) == []


SAME_AMOUNT = """| Scheme | 2025-26 £000 | 2026-27 £000 | 2027-28 £000 |
|---|---|---|---|
| Libraries | 100 | 120 | 140 |
| Youth service | 250 | 250 | 250 |
| Country parks | 500 | 480 | 460 |
| Total | {a} | {b} | {c} |
"""


def test_a_total_out_by_one_amount_in_every_column_is_one_warning_naming_it():
    assert reported(table_findings(SAME_AMOUNT.format(a="850", b="850", c="850"))) == []
    [finding] = table_findings(SAME_AMOUNT.format(a="1,100", b="1,100", c="1,100"))
    assert (finding.severity, finding.extra["row"], finding.found, finding.expected) == (
        "warning", "Total", "1,100", "850")
    assert "out by the same amount in all 3 columns" in finding.message
    assert "250 more than its rows" in finding.message
    assert finding.extra["same_in_every_column"] is True


def test_a_total_out_by_different_amounts_in_every_column_stays_unreported():
    assert reported(table_findings(SAME_AMOUNT.format(a="1,100", b="1,200", c="900"))) == []


def test_the_same_amount_in_every_column_of_a_repaired_table_stays_unreported():
    ragged = SAME_AMOUNT.format(a="1,100", b="1,100", c="1,100").replace("| Libraries | 100 | 120 | 140 |",
                                                                          "| Libraries | 100 | 120 | 140 | |")
    assert only_table(ragged).confidence == "repaired"
    assert reported(table_findings(ragged)) == []


# two tables of one width, one under the other, in text whose columns were run together (no heading
# the reader can cut into columns): the second may continue the first, but only a total that some last
# rows of the first would make up is unsure
BACK_TO_BACK = """\
Income forecasts

The estimated impact of an inflation-based change:

Income Forecast Difference %
Multi Storey £3,807,440 £3,981,124 £173,684 105%
On Street £3,807,677 £4,091,357 £283,679 107%
Surface £2,782,686 £2,914,477 £131,791 105%
Total £10,397,804 £10,986,960 £589,155 106%
Table 19: Budgetary impact of inflation-based change

The estimated impact of linear charging:

Income Forecast Difference %
Multi Storey £3,807,440 £4,050,047 £242,607 106%
On Street £3,807,677 £4,314,778 £507,100 113%
Surface £2,782,686 £2,922,486 £139,800 105%
Total £10,397,804 {total} £889,508 109%
Table 20: Budgetary impact of linear charging
"""


def _text_table_findings(text):
    from conftest import run_rules
    return run_rules(segment(parse_markdown(text, "pack.txt", "text")), ["table-total"])


def test_a_total_no_rows_of_the_table_above_can_make_up_is_an_error():
    assert reported(_text_table_findings(BACK_TO_BACK.format(total="£11,287,312"))) == []  # off by 1: rounding
    assert [(f.found, f.expected) for f in _text_table_findings(BACK_TO_BACK.format(total="£10,797,804"))
            if f.severity == "error"] == [("£10,797,804", "11,287,311")]


def test_a_total_that_the_last_rows_of_the_table_above_make_up_stays_info():
    # 11,287,311 + the 10,986,960 of the last row above: the second table may be the first's tail
    findings = _text_table_findings(BACK_TO_BACK.format(total="£22,274,271"))
    assert reported(findings) == []
    assert [f.severity for f in findings] == ["info"] and "may continue one above it" in findings[0].message


N_A_PARTS = """\
Permits issued

Area Free Paid Hours
Easton 1,252 16,518 76,000
Bedminster 619 7,146 71,000
Cheswick 81 946 N/A
Edward Road 101 3,107 n/a
Kingsdown 1,603 36,769 295,000
Total 3,656 64,486 {total}
"""


def test_n_a_among_a_columns_parts_adds_nothing_and_the_total_is_still_checked():
    assert reported(_text_table_findings(N_A_PARTS.format(total="442,000"))) == []
    [slip] = [f for f in _text_table_findings(N_A_PARTS.format(total="452,000")) if f.severity == "error"]
    assert (slip.found, slip.expected) == ("452,000", "442,000")
