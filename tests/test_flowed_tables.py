"""Tables in text whose cells were run together with single spaces (pdftotext without -layout):
rows read by counting their figures from the right, wrapped labels shared round their figures,
and tables refused (marked unreadable, with the reason) where reading them would need a guess."""
import os
from decimal import Decimal
from pathlib import Path

import pytest

from auditor.ingest.markdown import parse_markdown
from auditor.ingest.text_flowed import is_flowed
from auditor.report.inspect import render_inspect
from auditor.structure.segment import segment
from auditor.structure.tables import table_to_dataframe
from conftest import run_rules

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "real"
REAL = Path(os.environ.get("AUDITOR_CORPUS") or Path(__file__).resolve().parents[2] / "shared" / "packs") / "real"


def tables_of(raw_pack):
    return [b.table for b in raw_pack.blocks if b.table is not None]


def read_fixture(name: str):
    return parse_markdown((FIXTURES / name).read_text(encoding="utf-8"), name, "text")


def cell(df, label: str, column: str):
    rows = df[df["col1"] == label]
    assert len(rows) == 1, (label, list(df["col1"]))
    return rows.iloc[0][column]


# ---------------------------------------------------------------- real lines (fixtures/real)

def test_p3_capital_table_2024_wrapped_labels_join_their_rows():
    """Bristol TCPC 12 Sept 2024, P3 finance report: labels wrapped above and below their figures."""
    [table] = tables_of(read_fixture("bristol_tcpc_2024-09-12_p3_finance_excerpt.txt"))
    assert table.confidence == "flowed" and table.header_rows == 0
    df = table_to_dataframe(table)
    assert list(df["col1"]) == [
        "GR09 Clean Air Zone Programme", "GR14 Public Transport", "GR15 Active Transport",
        "GR18 Strategic Transport Projects", "PL10 Highways & Traffic Infrastructure - General",
        "PL11A Cattle Market Road site re-development", "Total Transport and Connectivity"]
    assert cell(df, "GR09 Clean Air Zone Programme", "col2") == Decimal("5581")
    assert cell(df, "GR18 Strategic Transport Projects", "col5") == Decimal("-2545")
    assert cell(df, "PL10 Highways & Traffic Infrastructure - General", "col2") == Decimal("19947")  # '- 19,947'
    assert cell(df, "PL11A Cattle Market Road site re-development", "col7") == Decimal("324")
    assert cell(df, "Total Transport and Connectivity", "col4") == Decimal("57256")
    assert table.rows[0][1].location.line == 54  # 'GR09 Clean Air Zone' / '5,581 ...': the figures' line


def test_p5_appendix_2025_revenue_savings_and_capital_tables():
    """Bristol TCPC 23 Oct 2025, P5 Appendix A6: three tables, the capital one over a page break."""
    revenue, savings, capital = tables_of(read_fixture("bristol_bcc0011_p5_appendix_a6_excerpt.txt"))
    df = table_to_dataframe(revenue)
    assert list(df["col1"]) == ["432 - Traffic & Highways maintenance", "433 - Strategic City Transport",
                                "434 - Local & Sustainable Transport", "Total Transport and Connectivity"]
    assert cell(df, "432 - Traffic & Highways maintenance", "col2") == Decimal("-12.780")
    assert cell(df, "434 - Local & Sustainable Transport", "col7") == Decimal("-9.5")
    assert cell(df, "Total Transport and Connectivity", "col6") == Decimal("0.131")

    df = table_to_dataframe(savings)
    assert list(df["col1"]) == ["Blue", "Green", "Amber", "Red", "Total", "Prior Month Comparator",
                                "Change from Prior Month - Increase/(Decrease)", "Period 2",
                                "Change from P2 to P5 - Increase/(Decrease)"]
    assert cell(df, "Blue", "col3") == "-"  # a dash: nil
    assert cell(df, "Green", "col3") == Decimal("840")
    assert cell(df, "Total", "col5") == Decimal("-400")
    assert cell(df, "Period 2", "col4") == Decimal("1290")

    df = table_to_dataframe(capital)
    assert len(df) == 10  # 'Page 304' / 'OFFICIAL' between GR14 and GR15 skipped
    assert cell(df, "GR15 Active Transport", "col2") == Decimal("3.551")
    assert cell(df, "Highways & Traffic PL10 Infrastructure - General", "col5") == Decimal("-6.816")
    assert cell(df, "Total Transport & Connectivity", "col2") == Decimal("70.615")


def test_real_tables_that_add_up_stay_quiet_but_for_the_real_slip():
    """Every total of the excerpt adds up; the one slip is the README's: 'Change from Prior Month' prints
    300 300 where the forecast fell from 1,290 to 990 (the row 'Change from P2 to P5' has it (300) (300))."""
    pack = segment(read_fixture("bristol_bcc0011_p5_appendix_a6_excerpt.txt"))
    found = run_rules(pack, ["table-total", "table-identity"])
    assert [(f.rule, f.extra["row"], f.found, f.expected) for f in found] == [
        ("table-identity", "Change from Prior Month - Increase/(Decrease)", "300", "-300")] * 2


def test_spending_profile_with_cells_left_out_is_refused_with_its_reason():
    """Bristol TCPC 2024, cycling hub spending profile: empty year cells are left out of the text."""
    [table] = tables_of(read_fixture("bristol_tcpc_2024-09-12_spending_profile_excerpt.txt"))
    assert table.confidence == "unreadable"
    assert table.unreadable.startswith("rows hold different numbers of figures (line 17: 2, line 11: 5)")
    assert all(c.figure is None for row in table.rows for c in row)
    assert table.rows[0][0].text == "Project Initiation & Startup £17,241.36 £5,000 - - £22,241.36"
    pack = segment(read_fixture("bristol_tcpc_2024-09-12_spending_profile_excerpt.txt"))
    lines = []
    render_inspect(pack, out=lines.append)
    assert any(line.startswith("not read: rows hold different numbers of figures") for line in lines)
    assert run_rules(pack, ["table-total", "table-identity"]) == []


# ---------------------------------------------------------------- packs written here

FLOWED = """\
Revenue budget monitoring

The forecast position of each service is set out below.

Service Budget Forecast Variance
£000 £000 £000
Adult Social
12,400 12,950 550
Care
Children's Services 8,100 7,900 (200)
Highways and Transport 4,350 4,400 50
Total
24,850 {total} 400

Page 12
OFFICIAL
The variance is mainly in adult social care, where demand has risen.
"""


def test_flowed_table_that_adds_up_is_quiet_and_its_slip_is_found():
    good = segment(parse_markdown(FLOWED.format(total="25,250"), "pack.txt", "text"))
    [table] = [t for d in good.documents for t in d.tables]
    df = table_to_dataframe(table)
    assert list(df["col1"]) == ["Adult Social Care", "Children's Services", "Highways and Transport", "Total"]
    assert table.header_rows == 1 and [c.text for c in table.rows[0]] == ["", "£000", "£000", "£000"]
    assert df.iloc[0, 2] == Decimal("12950") and df.attrs["scales"][1:] == [Decimal(1000)] * 3
    assert run_rules(good, ["table-total"]) == []
    bad = segment(parse_markdown(FLOWED.format(total="25,350"), "pack.txt", "text"))
    [finding] = run_rules(bad, ["table-total"])
    assert finding.severity == "error" and finding.found == "25,350" and finding.expected == "25,250"
    assert finding.location.line == 13  # the line of the total's figures


def test_a_row_with_a_cell_left_out_refuses_the_table():
    text = FLOWED.format(total="25,350").replace("Highways and Transport 4,350 4,400 50",
                                                 "Highways and Transport 4,400 50")
    pack = segment(parse_markdown(text, "pack.txt", "text"))
    [table] = [t for d in pack.documents for t in d.tables]
    assert table.confidence == "unreadable" and "line 11: 2" in table.unreadable
    assert run_rules(pack, ["table-total"]) == []  # the total is not checked against a guessed column


def test_a_column_of_text_after_the_figures_refuses_the_table():
    text = """\
Permits issued

First Permits 11,400 £724,105 32% Proposal 2
Second Permits 2,160 £436,703 19%
Third Permits 185 £95,060 4%
Trader Permits 1,057 £88,928 4% Proposal 3
Total 14,802 £1,344,796 59%
"""
    raw_pack = parse_markdown(text, "pack.txt", "text")
    assert tables_of(raw_pack) == []  # two rows, then one: no table, the lines stay text
    assert "Total 14,802 £1,344,796 59%" in " ".join(b.text for b in raw_pack.blocks)
    text = text.replace("Third Permits 185 £95,060 4%\n", "Third Permits 185 £95,060 4%\nBusiness Permits 555 £413,425 18%\n")
    [table] = tables_of(parse_markdown(text, "pack.txt", "text"))
    assert table.confidence == "unreadable" and [r[0].text for r in table.rows][0] == "Second Permits 2,160 £436,703 19%"
    assert table.unreadable.startswith("line 7 beside the rows holds figures not at its end")


def test_labels_that_could_belong_to_either_row_refuse_the_table():
    text = """\
Costs

Design 1,000 2,000
Build
3,000 4,000
and fit
5,000 6,000
out

The costs are estimates.
"""
    [table] = tables_of(parse_markdown(text, "pack.txt", "text"))
    assert table.confidence == "unreadable" and "more than one way" in table.unreadable


def test_a_section_label_between_two_rows_is_a_row_of_its_own():
    text = """\
Costs

Design 1,000 2,000
Build 3,000 4,000
Contingency
Risk 500 600
Total 4,500 6,600
"""
    [table] = tables_of(parse_markdown(text, "pack.txt", "text"))
    assert [r[0].text for r in table.rows] == ["Design", "Build", "Contingency", "Risk", "Total"]
    assert [c.text for c in table.rows[2][1:]] == ["", ""]


def test_scores_and_counts_are_not_read_as_a_table():
    text = """\
Risk register

1 Delay to the scheme 3 4 12
2 Cost increase 3 5 15
3 Legal challenge 2 3 6
"""
    raw_pack = parse_markdown(text, "pack.txt", "text")
    assert tables_of(raw_pack) == []
    assert "Cost increase 3 5 15" in " ".join(b.text for b in raw_pack.blocks)


def test_label_ending_in_a_number_keeps_it():
    text = """\
Free tickets

Sample Week 1 6,860 356,720
Sample Week 2 7,613 395,876
Average 7,237 376,298
"""
    [table] = tables_of(parse_markdown(text, "pack.txt", "text"))
    assert [r[0].text for r in table.rows] == ["Sample Week 1", "Sample Week 2", "Average"]
    assert [c.text for c in table.rows[0][1:]] == ["6,860", "356,720"]


def test_laid_out_text_is_not_read_as_flowed():
    laid_out = ["Service          Budget     Forecast", "Roads             1,000        1,100"]
    assert not is_flowed(laid_out)
    assert is_flowed(["Roads 1,000 1,100", "Parks 500 450"])


# ---------------------------------------------------------------- the whole packs

@pytest.mark.skipif(not REAL.is_dir(), reason=f"no real corpus at {REAL} (it is in ../shared/packs, beside the repo)")
@pytest.mark.parametrize("name, title, n_cols, label, column, value", [
    ("07_bristol_tcpc_2024-09-12_public_reports_pack.txt", "2024/25 P3 Finance Forecast Report", 7,
     "Total Transport and Connectivity", "col2", Decimal("53096")),
    ("07_bristol_tcpc_2024-09-12_public_reports_pack.txt", "Opportunities to promote sustainable transport", 4,
     "Resident Parking Schemes", "col4", Decimal("266")),
    ("bristol_bcc0011_reports_pack.txt", "Appendix A6", 7, "Total Transport & Connectivity", "col4",
     Decimal("63.333")),
    ("bristol_bcc0011_reports_pack.txt", "Appendix A6", 5, "Amber", "col5", Decimal("-300")),
    ("bristol_bcc0011_reports_pack.txt", "Bristol Resident Parking Scheme", 3, "Programme contingency (10%)",
     "col2", Decimal("682000")),
])
def test_whole_bristol_packs(name, title, n_cols, label, column, value):
    from auditor.pipeline import load_pack

    pack = load_pack(str(REAL / name))
    tables = [t for d in pack.documents if d.title.startswith(title) for t in d.tables
              if t.confidence == "flowed" and t.n_cols == n_cols]
    values = [cell(df, label, column) for t in tables for df in [table_to_dataframe(t)] if label in set(df["col1"])]
    assert values == [value]


def test_a_laid_out_table_in_text_that_keeps_no_columns_is_still_read_by_its_columns():
    prose = [f"Paragraph {k} of the report says nothing in columns at all." for k in range(150)]
    laid_out = ["Service           Budget    Forecast", "Roads              1,000       1,100",
                "Parks                500         450", "Libraries            300         310",
                "Total              1,800       1,860"]
    flowed = ["Costs", "", "Design 1,000 2,000", "Build and fit out 3,000 4,000", "Total 4,000 6,000"]
    text = "\n".join(prose + [""] + laid_out + [""] + flowed) + "\n"
    aligned, run_together = tables_of(parse_markdown(text, "pack.txt", "text"))
    assert aligned.confidence == "aligned" and [c.text for c in aligned.rows[-1]] == ["Total", "1,800", "1,860"]
    assert run_together.confidence == "flowed" and [c.text for c in run_together.rows[-1]] == ["Total", "4,000", "6,000"]


# ---------------------------------------------------------------- headings of periods and units

FLOWED_PERIODS = """\
High Needs forecast

The funding gap is carried forward as an overspend.

{periods}
£,000 £,000 £,000 £,000
Grant Income -117,413 -120,912 -124,516 -128,228
Placement Costs 133,176 147,214 163,382 181,901
Total Funding Gap {gap} 26,302 38,866 53,673

The deficit is forecast to rise over the period.
"""
PERIODS = "2025/26 2026/27 2027/28 2028/29"


def _flowed_periods(gap: str = "15,763", periods: str = PERIODS):
    return segment(parse_markdown(FLOWED_PERIODS.format(gap=gap, periods=periods), "pack.txt", "text"))


def _cells(pack, subject: str) -> list[tuple]:
    from auditor.facts.index import build_fact_index

    return [(f.value_text, f.period) for f in build_fact_index(pack).of_kind("cell") if f.subject == subject]


def test_a_line_of_periods_and_a_line_of_units_head_a_flowed_table():
    pack = _flowed_periods()
    [table] = [t for d in pack.documents for t in d.tables]
    assert table.confidence == "flowed" and table.header_rows == 2
    assert table.header == ["", "2025/26 £,000", "2026/27 £,000", "2027/28 £,000", "2028/29 £,000"]
    assert table.location.line == 5  # the table starts at its headings, which are no paragraph
    assert not any(b.text.startswith("2025/26") for d in pack.documents for b in d.blocks if b.kind == "paragraph")
    assert _cells(pack, "Placement Costs") == [
        ("133,176", "2025/26"), ("147,214", "2026/27"), ("163,382", "2027/28"), ("181,901", "2028/29")]
    assert run_rules(pack, ["table-total"]) == []
    [slip] = run_rules(_flowed_periods(gap="15,863"), ["table-total"])
    assert slip.found == "15,863" and slip.expected == "15,763"


def test_a_line_with_fewer_periods_than_columns_heads_nothing():
    pack = _flowed_periods(periods="2025/26 2026/27 2027/28")
    [table] = [t for d in pack.documents for t in d.tables]
    assert table.header_rows == 1 and table.header[1:] == ["£,000"] * 4  # the units alone
    assert {p for _, p in _cells(pack, "Placement Costs")} == {None}
