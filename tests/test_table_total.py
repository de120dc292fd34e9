"""table-total: totals and subtotals (rows and Total columns) against their parts, with the rounding model."""
import pytest

from conftest import pack_from_markdown, run_rules


def total_findings(md, rules=("table-total",), options=None, params=None):
    """Findings of the shipped rules `rules` (enabled, `params` added to theirs) on Markdown text."""
    from auditor.checks import run_checks
    from auditor.rules import load_rules

    chosen = [r for r in load_rules() if r.id in rules]
    for r in chosen:
        r.enabled = True
        r.params.update(params or {})
    return run_checks(pack_from_markdown(md), chosen, options or {})


BUDGET = """# Report

Table 1: Budget

| Service | 2025/26 £000 | 2026/27 £000 |
|---|---|---|
| Children's homes | 1,200 | 1,300 |
| Fostering | 800 | 900 |
| Adoption | 400 | 450 |
| **Total** | **{t1}** | **{t2}** |
"""


def test_correct_total_is_quiet():
    assert total_findings(BUDGET.format(t1="2,400", t2="2,650")) == []


def test_wrong_total_names_cell_expected_found_and_difference():
    [f] = total_findings(BUDGET.format(t1="2,400", t2="2,660"))
    assert f.rule == "table-total" and f.severity == "error"
    assert f.expected == "2,650" and f.found == "2,660"
    assert f.extra["row"] == "Total" and f.extra["column"] == "2026/27 £000"
    assert "difference 10" in f.message and "Table 1: Budget" in f.message
    assert f.location.line == 10
    assert [r.location.line for r in f.related] == [7, 8, 9]


def test_within_rounding_is_info_only_from_the_rounding_rule():
    md = """| Scheme | 2025/26 £m | 2026/27 £m |
|---|---|---|
| A | 1.1 | 1.0 |
| B | 2.2 | 2.0 |
| Total | 3.4 | 3.0 |
"""
    assert total_findings(md) == []
    [info] = total_findings(md, rules=("table-total-rounding",))
    assert info.severity == "info" and info.found == "3.4" and info.expected == "3.3"


def test_rounding_rule_is_off_in_the_shipped_rules():
    from auditor.rules import load_rules

    rules = {r.id: r for r in load_rules()}
    assert rules["table-total-rounding"].enabled is False
    assert rules["table-total"].enabled is True


def test_slack_widens_tolerance(tmp_path):
    md = BUDGET.format(t1="2,400", t2="2,655")
    assert len(total_findings(md)) == 1
    from auditor.checks import run_checks
    from auditor.rules import load_rules

    (tmp_path / "wide.yaml").write_text("rules:\n  - id: table-total\n    kind: table-total\n"
                                        "    severity: error\n    description: wide\n    slack_units: 5\n")
    rules = [r for r in load_rules([str(tmp_path)]) if r.id == "table-total"]
    assert run_checks(pack_from_markdown(md), rules) == []


HIERARCHY = """| Budget 24/25 | Service | Net |
|---|---|---|
| £ | | £ |
| 100 | Team A | 110 |
| 200 | Team B | 210 |
| **300** | **Group One** | **{g1}** |
| 50 | Team C | 55 |
| **50** | **Group Two** | **55** |
| 400 | Team D | 400 |
| 25 | Team E | 25 |
| **425** | **Group Three** | **425** |
| **775** | **Total** | **{t}** |
"""


def test_hierarchical_table_with_bold_subtotals_is_quiet():
    assert total_findings(HIERARCHY.format(g1="320", t="800")) == []


def test_wrong_subtotal_is_blamed_not_the_grand_total_that_matches_the_detail_rows():
    findings = total_findings(HIERARCHY.format(g1="330", t="800"))
    assert [(f.extra["row"], f.expected, f.found) for f in findings] == [("Group One", "320", "330")]
    assert "agrees with the detail rows, so this subtotal is the slip" in findings[0].message


def test_wrong_grand_total_of_subtotals():
    [f] = total_findings(HIERARCHY.format(g1="320", t="810"))
    assert (f.extra["row"], f.extra["column"], f.expected, f.found) == ("Total", "Net £", "800", "810")


def test_negative_savings_and_blank_cells():
    md = """| Ref | Saving | 2025/26 £000 | 2026/27 £000 |
|---|---|---|---|
| S1 | Residential redesign | -750 | -1,250 |
| S2 | Commissioning | | -390 |
| S3 | Workforce | -250 | |
| | **TOTAL** | **-1,000** | **{t}** |
"""
    assert total_findings(md.format(t="-1,640")) == []
    [f] = total_findings(md.format(t="-1,540"))
    assert f.expected == "-1,640" and f.found == "-1,540"


def test_bold_line_items_are_not_totals():
    """Capital programmes put big schemes in bold: a bold row that sums nothing above is a line item."""
    md = """| Scheme | 2025/26 | 2026/27 | Total |
|---|---|---|---|
| **School places** | **34,752** | **10,614** | **45,366** |
| **SEND places** | **2,000** | **8,458** | **10,458** |
| Maintenance | 2,000 | 2,000 | 4,000 |
| Access | 300 | 300 | 600 |
| **Other capital** | **2,300** | **2,300** | **4,600** |
| **Overall Total** | **39,052** | **21,372** | **60,424** |
"""
    assert total_findings(md) == []


def test_total_column_and_culprit_where_a_row_and_a_column_total_cross():
    md = """| Scheme | 2025/26 | 2026/27 | Total |
|---|---|---|---|
| Roofs | 500 | 500 | 1,000 |
| Boilers | 300 | 400 | 700 |
| Windows | 200 | 250 | 450 |
| Total | 1,000 | 1,150 | 2,150 |
"""
    assert total_findings(md) == []
    wrong = md.replace("| Boilers | 300 | 400 | 700 |", "| Boilers | 300 | 490 | 700 |")
    [f] = total_findings(wrong)
    assert f.extra["culprit"] is True
    assert (f.extra["row"], f.extra["column"]) == ("Boilers", "2026/27")
    assert f.found == "490" and f.expected == "400"
    assert f.location.line == 4 and len(f.related) == 2


def test_total_column_alone_wrong():
    md = """| Scheme | 2025/26 | 2026/27 | Total |
|---|---|---|---|
| Roofs | 500 | 500 | 1,000 |
| Boilers | 300 | 400 | 750 |
"""
    [f] = total_findings(md)
    assert f.extra["kind_of_total"] == "Total column" and f.expected == "700" and f.found == "750"


SAVINGS_FORECAST = """| Directorate | Savings Target | Forecast against original saving | against alternative saving (ongoing) | against alternative saving (one-off) | Total Forecast | Variance |
|---|---|---|---|---|---|---|
| Adults | (50.0) | (30.0) | 0.0 | (5.0) | (35.0) | 15.0 |
| Children | (20.0) | (12.5) | (0.5) | (1.0) | (14.0) | 6.0 |
| Place | (9.0) | (6.0) | 0.0 | (0.5) | {place} | 2.5 |
| Corporate | (2.0) | (1.0) | 0.0 | 0.0 | (1.0) | 1.0 |
"""


def test_a_total_column_that_adds_only_the_columns_next_to_it_is_quiet():
    # 'Total Forecast' adds the three forecasts, not the savings target before them (a Kent layout,
    # where a PDF reading leaves the spanning 'Forecast' over the first column only)
    assert total_findings(SAVINGS_FORECAST.format(place="(6.5)")) == []


def test_a_row_that_breaks_the_columns_every_other_row_adds_is_still_flagged():
    [f] = total_findings(SAVINGS_FORECAST.format(place="(7.5)"))
    assert f.extra["kind_of_total"] == "Total column" and f.found == "(7.5)" and f.expected == "-6.5"


CARRIED = """| | 2025-26 £000s | 2026-27 £000s |
|---|---|---|
| Pay | 21,845.7 | 12,524.5 |
| Prices | 41,407.1 | 31,361.3 |
| **TOTAL SPENDING** | **63,252.8** | **43,885.8** |
| Efficiency | -4,243.5 | -171.2 |
| Income | -6,844.6 | -5,643.8 |
| Policy | -16,744.2 | -11,495.7 |
| **TOTAL SAVINGS & INCOME** | **-27,832.3** | **-17,310.7** |
| Increases in Grants and Contributions | 22,262.3 | -8,876.7 |
| **TOTAL SAVINGS, INCOME & GRANT** | **{t}** | **-26,187.4** |
"""


def test_a_total_of_the_total_above_and_the_rows_after_it_is_quiet():
    # a Kent budget layout: the last total carried down with one more row
    assert total_findings(CARRIED.format(t="-5,570.0")) == []


def test_a_wrong_carried_total_is_flagged_and_a_one_row_reading_is_never_used():
    [f] = total_findings(CARRIED.format(t="-5,670.0"))
    assert f.found == "-5,670.0" and f.expected == "-5,570.0"


def test_totals_in_a_continuation_table_with_the_same_columns():
    md = """| Service | 2025/26 | 2026/27 |
|---|---|---|
| A | 10 | 20 |
| B | 30 | 40 |

| | | |
|---|---|---|
| C | 5 | 5 |
| **Total** | **45** | **{t}** |
"""
    assert total_findings(md.format(t="65")) == []
    [f] = total_findings(md.format(t="75"))
    assert f.expected == "65" and len(f.related) == 3


def test_row_reference_numbers_and_percentages_are_not_summed():
    md = """| Row Ref | Item | 2025-26 £000 | Share |
|---|---|---|---|
| 21 | Saving one | -100.0 | 10% |
| 22 | Saving two | -200.0 | 20% |
| 23 | TOTAL SAVINGS | -300.0 | 35% |
"""
    assert total_findings(md) == []


def test_percent_and_average_rows_are_not_totals():
    md = """| Measure | 2023 | 2024 |
|---|---|---|
| Placements | 100 | 120 |
| Respite | 50 | 60 |
| Total | 150 | 180 |
| Average cost | 75 | 90 |
| % of total | 50% | 50% |
"""
    assert total_findings(md) == []


def test_a_total_wrong_in_every_column_is_a_misread_not_a_finding():
    """A lost row (page break) makes every column disagree at once; say so as a warning, not an error."""
    md = """| Item | 2025/26 | 2026/27 | 2027/28 |
|---|---|---|---|
| A | -750 | -1,250 | -1,750 |
| B | -390 | -390 | -390 |
| **TOTAL** | **-1,290** | **-2,090** | **-2,890** |
"""
    from auditor.checks import run_checks
    from auditor.rules import load_rules

    pack = pack_from_markdown(md)
    assert run_checks(pack, [r for r in load_rules() if r.id == "table-total"]) == []
    assert any("every column" in w for w in pack.warnings)


def test_doubtful_table_says_so():
    md = """| Budget | Employees | Running | Net |
|---|---|---|---|
| 10 | Team A | 5 | 5 | 10 |
| 20 | Team B | 10 | 10 | 20 |
| **30** | **Group** | **15** | **25** | **30** |
"""
    findings = total_findings(md)
    assert findings and all("worked out from the layout of the page" in f.message for f in findings)


@pytest.mark.parametrize("md", [
    "| a |\n|---|\n",
    "| a | b |\n|---|---|\n| Total | |\n",
    "| x | y |\n|---|---|\n| Total | 1 |\n| 2 | 3 | 4 | 5 |\n",
    "| | |\n|---|---|\n| Total | £ |\n| ** | (1) |\n",
    "| Item | £ |\n|---|---|\n| A | 1e5 |\n| Total | NaN |\n",
])
def test_odd_tables_never_crash(md):
    total_findings(md, rules=("table-total", "table-total-rounding"))


# ---------------------------------------------------------------- the sample pack

SAMPLE_TOTALS = {
    # (row, column, found, expected): why it is real
    ("Children in Care", "Budget 24/25 £", "70,724,705", "70,734,705"):
        "4,971,668 + 5,800,686 + 55,761,295 + 4,201,056 = 70,734,705, out by £10,000",
    ("Field Social Work", "Employees £", "12,312,711", "12,212,712"):
        "its seven Employees rows add to 12,212,712; the CSE Team row's Gross shows Employees should be 1,992,427",
    ("Education Quality & Inclusion", "Running Expenses £", "118,245,439", "118,245,451"):
        "six rows add to 118,245,451 (£12 out on six whole-pound figures: beyond rounding; Music Services' Gross agrees)",
    ("Total", "Schools £", "0", "299,323"):
        "the Schools column's subtotals add to 299,323 because Community Safety carries 299,324 under Schools",
}


def _pinned(findings):
    """(row, column, found, expected) of each finding: the keys of SAMPLE_TOTALS and SAMPLE_IDENTITIES."""
    return {(f.extra["row"], f.extra["column"], f.found, f.expected) for f in findings}


def test_sample_pack_markdown_table_totals(pack_md):
    findings = [f for f in run_rules(pack_md, ["table-total"]) if f.rule == "table-total"]
    assert all(f.severity == "error" for f in findings)
    assert _pinned(findings) == set(SAMPLE_TOTALS)


def test_sample_pack_quiet_on_growth_savings_capital_and_dsg_tables(pack_md):
    """The growth, savings, capital and DSG tables add up (some within rounding): no error there."""
    findings = [f for f in run_rules(pack_md, ["table-total"]) if f.rule == "table-total"]
    assert all(f.document.startswith("Appendix A – Revenue") for f in findings)


def test_totals_printed_as_a_narrower_second_table_are_checked_under_the_right_columns():
    md = """| Ref | Type | Saving | 2025/26 | 2026/27 |
|---|---|---|---|---|
| S1 | Eff | Residential | -750 | -1,250 |
| S2 | Eff | Workforce | -250 | -500 |
| | | **TOTAL LA BLOCK** | **-1,000** | **-1,750** |

Schools deficit reduction

Specialist places

| | |
|---|---|
| -389 | -4,252 |
| 0 | -2,600 |
| **-389** | **-6,852** |
| **-1,389** | **{t}** |
"""
    pack = pack_from_markdown(md.format(t="-8,602"))
    [table] = [t for _, _, t in pack.tables()]
    assert table.confidence == "repaired" and len(table.rows) == 8 and table.n_cols == 5
    assert total_findings(md.format(t="-8,602")) == []
    [f] = total_findings(md.format(t="-8,702"))
    assert f.expected == "-8,602" and f.extra["column"] == "2026/27"


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

CELLS = st.sampled_from(["", "Total", "Sub Total", "**Total**", "Gross", "Net", "Mean", "% change", "1,234",
                         "-5", "(3)", "£2.5m", "12%", "0", "**7**", "<b>-1,000</b>", "2025/26", "£000", "x", "-"])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(CELLS, min_size=1, max_size=6), min_size=1, max_size=8))
def test_table_checks_never_crash_on_random_tables(rows):
    lines = ["| " + " | ".join(r) + " |" for r in rows]
    md = "\n".join(lines[:1] + ["|" + "---|" * len(rows[0])] + lines[1:]) + "\n"
    total_findings(md, rules=("table-total", "table-total-rounding", "table-identity", "table-identity-rounding"))


def test_sample_pack_children_in_care_subtotal_is_blamed_because_the_grand_total_matches_the_rows(pack_md):
    [f] = [f for f in run_rules(pack_md, ["table-total"]) if f.rule == "table-total" and f.extra["row"] == "Children in Care"]
    assert "so this subtotal is the slip" in f.message
    assert f.location.line == 841 and len(f.related) == 4


def test_average_and_unit_cost_columns_are_not_summed_in_a_total_row():
    md = """| Service | Children | Budget £000 | Average cost per child £ | Weekly unit cost |
|---|---|---|---|---|
| Fostering | 400 | 12,000 | 30,000 | £577 |
| Residential | 100 | 30,000 | 300,000 | £5,769 |
| Total | 500 | 42,000 | 84,000 | £1,615 |
"""
    assert total_findings(md) == []


NOTE_ROWS_TABLE = """# Plans

| Area | 2022 | 2023 | 2024 |
|---|---|---|---|
| England | 100 | 110 | 112 |
| | **up 12% since 2022** | | |
| Midlands | 10 | 11 | 12 |
| | **up 20% since 2022** | | |
| County | 1 | 2 | 3 |
| | **up 200% since 2022** | | |
| Total | {total} | 123 | 127 |
"""


def test_note_rows_without_figures_leave_their_column_numeric():
    """A note in a cell merged over the row ('up 12% since 2022', as Word tables of counts carry) is
    no evidence that the column holds words: its total is still checked."""
    from conftest import pack_from_markdown, run_rules

    quiet = run_rules(pack_from_markdown(NOTE_ROWS_TABLE.format(total="111")), ["table-total"])
    assert [f for f in quiet if f.severity in ("error", "warning")] == []
    slip = run_rules(pack_from_markdown(NOTE_ROWS_TABLE.format(total="121")), ["table-total"])
    assert [f.found for f in slip if f.severity in ("error", "warning")] == ["121"]


OTHER_SUBTOTAL = """# Outturn

| Revenue budget | Approved £000s | Current £000s | Outturn £000s |
|---|---|---|---|
| Corporate Office | 6543 | 8042 | 6456 |
| Finance | 4689 | 4748 | 4272 |
| Corporate Sub Total | 11232 | 12790 | 10728 |
| Net Expenditure | 151717 | 158555 | 133887 |
| Business Rates Retention | 23078 | 23360 | 23360 |
| Net Reserves Movement | 5712 | 6301 | 20644 |
| Recharges Income | -6618 | -6226 | -3895 |
| Other Sub Total | 22172 | 23435 | {outturn} |
"""


def test_a_subtotal_of_the_last_rows_that_most_columns_agree_with_is_checked():
    """'Net Expenditure' (a total of rows another table gives) stands among the parts above 'Other Sub Total':
    the last three rows are its parts, as two columns of three show; the third's slip is found."""
    from conftest import pack_from_markdown, run_rules

    quiet = run_rules(pack_from_markdown(OTHER_SUBTOTAL.format(outturn="40109")), ["table-total"])
    assert [f for f in quiet if f.severity in ("error", "warning")] == []
    slip = run_rules(pack_from_markdown(OTHER_SUBTOTAL.format(outturn="40189")), ["table-total"])
    assert [(f.found, f.expected) for f in slip if f.severity in ("error", "warning")] == [("40189", "40,109")]


def test_the_last_rows_adding_up_in_one_column_only_make_no_subtotal():
    """Two of three columns differ: the rows above are not its parts (one sum agreeing is chance)."""
    from conftest import pack_from_markdown, run_rules

    text = OTHER_SUBTOTAL.format(outturn="40109").replace("| Other Sub Total | 22172 | 23435 |",
                                                          "| Other Sub Total | 25172 | 28435 |")
    assert [f for f in run_rules(pack_from_markdown(text), ["table-total"]) if f.severity in ("error", "warning")] == []
