"""A dashboard a word processor prints without ruling lines over several pages.

Each page repeats the dashboard's filter pane ('Strategic Plan Outcome | Area | Search Indicator') over
the rows carried on; the first page has the filter values ('All') and the column headings under it. An
area ('Education') labels the first of its rows only, in a column of its own left of the indicators,
and the period of each row is wrapped round its figures ('Q2' above them, '2024/25' below). The last
row's label and period wrap over the last page break, under the repeated filter pane.
"""
from decimal import Decimal

from test_aligned_tables import AlignedPdf, tables_of, texts_of

from auditor.ingest.pdf import ingest_pdf
from auditor.structure.segment import segment
from conftest import run_rules

PITCH = 41
LATEST, PREVIOUS = 467, 568  # right edges of the two figure columns


def filter_pane(m: AlignedPdf, top: float) -> None:
    m.text(71, top, "Strategic Plan", size=9).text(557, top, "Search", size=9)
    m.text(449, top + 6.4, "Area", size=9)
    m.text(83, top + 12.4, "Outcome", size=9).text(552, top + 12.4, "Indicator", size=9)


def dashboard_row(m: AlignedPdf, top: float, label: str, latest: str, period: str, previous: str,
                  area: str = "") -> None:
    if area:
        m.text(58, top, area, size=9)
    m.text(156, top, label, size=9)
    m.right(LATEST, top, latest, size=9).right(PREVIOUS, top, previous, size=9)
    if " " in period:  # 'Q2 2024/25' wrapped in its narrow cell round the row's figures
        head, tail = period.split(" ")
        m.text(487, top - 6, head, size=9).text(487, top + 6, tail, size=9)
    else:
        m.text(487, top, period, size=9)


def dashboard(latest_rereferrals: str = "26.3%") -> AlignedPdf:
    m = AlignedPdf().new_page()
    m.text(57, 50, "12. The percentage of re-referrals to Children's Social Care within 12 months was "
                   f"{latest_rereferrals} at the end", size=9)
    m.text(57, 61, "of Quarter 2 which is an increase from 24.9% at the end of the previous quarter; 443 children",
           size=9)
    m.text(57, 72, "were 're-referred' within Quarter 2, above the target of 18.7%.", size=9)
    m.text(57, 110, "CFS Overview & Scrutiny Dashboard", size=9)
    filter_pane(m, 140)
    m.text(58, 181, "All", size=9).text(437, 181, "All", size=9).text(538, 181, "All", size=9)
    m.text(437, 210, "Latest", size=9)
    m.text(58, 216, "Area", size=9).text(156, 216, "Indicator", size=9).text(487, 216, "Period", size=9)
    m.text(538, 216, "Previous Data", size=9)
    m.text(437, 222, "Data", size=9)
    rows = [("Children Electively Educated at Home", "1119", "Q2 2024/25", "999"),
            ("KS4 - Progress 8", "-0.1", "2023/24", "-0.09"),
            ("KS4 - Progress 8 (EHCP)", "-0.94", "2023/24", "-1.11"),
            ("NEET young people aged 16-17", "0.8%", "Q2 2024/25", "0.9%")]
    for k, row in enumerate(rows):
        dashboard_row(m, 257 + PITCH * k, *row, area="Education" if k == 0 else "")
    m.new_page()
    filter_pane(m, 60)
    rows = [("Assessments completed within 45 days", "86.0%", "Q2 2024/25", "83.1%"),
            ("Care leavers EET", "49.3%", "Q2 2024/25", "47.3%"),
            ("Re-referrals to CSC within 12 mths", "26.3%", "Q2 2024/25", "24.9%")]
    for k, row in enumerate(rows):
        dashboard_row(m, 106 + PITCH * k, *row, area="Social Care" if k == 0 else "")
    dashboard_row(m, 106 + PITCH * 3, "No. of first time entrants to the criminal justice system aged", "34", "Q2",
                  "20", area="Youth Justice")
    m.new_page()
    filter_pane(m, 60)
    m.text(156, 101.8, "10-17 (year to date)", size=9).text(487, 101.8, "2024/25", size=9)
    m.text(57, 129, "This page is intentionally left blank", size=10)
    return m


def test_dashboard_over_three_pages_is_one_table_in_its_own_columns(tmp_path):
    raw_pack = ingest_pdf(dashboard().save(tmp_path / "d.pdf"))
    assert [t.header_rows for t in tables_of(raw_pack)] == [4, 0]  # the repeated pane is no heading
    [table] = [t for d in segment(raw_pack).documents for t in d.tables]
    assert table.n_cols == 5
    assert [p.page for p in table.parts] == [1, 2]
    body = [[c.text for c in row] for row in table.body]
    assert body[0] == ["Education", "Children Electively Educated at Home", "1119", "Q2 2024/25", "999"]
    assert body[4] == ["Social Care", "Assessments completed within 45 days", "86.0%", "Q2 2024/25", "83.1%"]
    assert body[6] == ["", "Re-referrals to CSC within 12 mths", "26.3%", "Q2 2024/25", "24.9%"]
    # the last row's label and period, carried over the page break, rejoin it
    assert body[7] == ["Youth Justice", "No. of first time entrants to the criminal justice system aged 10-17 "
                       "(year to date)", "34", "Q2 2024/25", "20"]
    assert len(body) == 8
    assert table.body[6][2].figure.amount == Decimal("26.3")
    text = texts_of(raw_pack)
    assert text.count("Search") == 1  # the pane over the first page's part only, not its repeats
    assert "10-17" not in text and "intentionally left blank" in text


def test_dashboard_row_on_the_second_page_is_named_by_the_first_pages_headings(tmp_path):
    from auditor.facts.index import build_fact_index

    pack = segment(ingest_pdf(dashboard().save(tmp_path / "d.pdf")))
    cells = [f for f in build_fact_index(pack).of_kind("cell") if f.subject.startswith("Re-referrals")]
    assert {(f.attribute, f.value_text, f.period) for f in cells} == {
        ("All Latest Data", "26.3%", "Q2 2024/25"), ("All Previous Data", "24.9%", None)}


def test_prose_restating_a_dashboard_row_on_a_later_page_is_checked(tmp_path):
    right = segment(ingest_pdf(dashboard().save(tmp_path / "ok.pdf")))
    assert [f for f in run_rules(right, ["fact-conflict"]) if f.severity in ("error", "warning")] == []
    wrong = segment(ingest_pdf(dashboard("26.9%").save(tmp_path / "slip.pdf")))
    found = [f for f in run_rules(wrong, ["fact-conflict"]) if f.severity in ("error", "warning")]
    assert found and "26.9%" in found[0].message and "26.3%" in found[0].message
