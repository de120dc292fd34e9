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
XS3 = (250, 310, 370)  # right edges of three figure columns
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


# ---------------------------------------------------------------- a table carried on under its repeated title

YEAR_XS = (137, 373, 418, 462, 506)  # left edges of the figure columns 2020 .. 2024 (cells set flush left)
AUG_X = 550  # 'Aug 2024': a column with a heading and no figures on the first page


def left_row(m: AlignedPdf, top: float, label: str, figures: list[str]) -> None:
    m.text(58, top, label, size=9)
    for x, fig in zip(YEAR_XS, figures):
        m.text(x, top, fig, size=9)


def ehcp_counts(stated: str = "6,887") -> AlignedPdf:
    """EHCPs by year, a note merged over each row; the page break falls after East Midlands, and the next
    page repeats the table's title, then the note of the row before, then Leicestershire, whose figure
    for August 2024 is the only one in its column."""
    m = AlignedPdf().new_page()
    m.text(57, 60, "Leicestershire maintained " + stated + " EHCPs in Aug 2024, up from 6,377 in January.", size=9)
    m.text(57, 72, "The numbers of plans in England and the region are set out below for comparison.", size=9)
    m.text(207, 639, "Number of EHCP's", size=9)
    left_row(m, 668, "", ["2020", "2021", "2022", "2023", "2024"])
    m.text(AUG_X, 668, "Aug 2024", size=9)
    left_row(m, 697, "England", ["390,109", "430,697", "473,255", "517,049", "575,963"])
    m.text(137, 726, "47.6% increase between 2020 - 2024", size=9)
    left_row(m, 755, "East Midlands", ["27,104", "30,500", "33,402", "36,950", "41,806"])
    m.new_page()
    m.text(207, 60, "Number of EHCP's", size=9)
    m.text(137, 90, "54.2% increase between 2020 - 2024", size=9)
    left_row(m, 118, "Leicestershire", ["4,751", "5,288", "5,813", "6,201", "6,377"])
    m.text(AUG_X, 118, "6,887", size=9)
    m.text(137, 147.8, "34% increase between 2020 - 2024 and", size=9)  # a note wrapped in its cell
    m.text(137, 159.9, "45% increase between 2020 and August 2024", size=9)
    m.text(57, 187.3, "The age differences for intervention to support pupils amongst health, social care and", size=9)
    m.text(57, 199.7, "education appear to create some barriers which need addressing within EHC Plans.", size=9)
    return m


def test_table_carried_on_under_its_repeated_title_and_a_note_is_joined_with_its_new_column(tmp_path):
    raw_pack = ingest_pdf(ehcp_counts().save(tmp_path / "e.pdf"))
    [table] = [t for d in segment(raw_pack).documents for t in d.tables]
    assert [c.text for c in table.rows[0]] == ["", "2020", "2021", "2022", "2023", "2024", "Aug 2024"]
    body = [[c.text for c in row] for row in table.body]
    assert body == [["England", "390,109", "430,697", "473,255", "517,049", "575,963", ""],
                    ["", "47.6% increase between 2020 - 2024", "", "", "", "", ""],
                    ["East Midlands", "27,104", "30,500", "33,402", "36,950", "41,806", ""],
                    ["", "54.2% increase between 2020 - 2024", "", "", "", "", ""],
                    ["Leicestershire", "4,751", "5,288", "5,813", "6,201", "6,377", "6,887"],
                    ["", "34% increase between 2020 - 2024 and 45% increase between 2020 and August 2024", "", "", "",
                     "", ""]]
    assert table.body[4][6].figure.amount == Decimal("6887")
    assert table.body[3][1].figure is None
    assert texts_of(raw_pack).count("Number of EHCP's") == 1  # the title repeated is no paragraph
    assert "The age differences for intervention" in texts_of(raw_pack)  # the paragraph under the note is one


def test_paragraph_starting_under_a_figure_column_after_the_last_row_is_no_note(tmp_path):
    """Words after the last row that start where a column of figures starts, with text set close under them
    that is no line of theirs (a paragraph running on at the margin): not a note merged over the last row."""
    m = AlignedPdf().new_page()
    left_row(m, 100, "", ["2020", "2021", "2022", "2023", "2024"])
    left_row(m, 129, "England", ["390,109", "430,697", "473,255", "517,049", "575,963"])
    left_row(m, 158, "East Midlands", ["27,104", "30,500", "33,402", "36,950", "41,806"])
    left_row(m, 187, "Leicestershire", ["4,751", "5,288", "5,813", "6,201", "6,377"])
    m.text(137, 216, "Numbers from the census", size=9)
    m.text(57, 228, "of January in each year, as the Department for Education published them in June.", size=9)
    raw_pack = ingest_pdf(m.save(tmp_path / "p.pdf"))
    [table] = tables_of(raw_pack)
    assert [row[0].text for row in table.body] == ["England", "East Midlands", "Leicestershire"]
    assert "Numbers from the census" in texts_of(raw_pack)


def test_figure_of_the_new_column_is_checked_against_the_text(tmp_path):
    right = segment(ingest_pdf(ehcp_counts().save(tmp_path / "ok.pdf")))
    assert [f for f in run_rules(right, ["fact-conflict"]) if f.severity in ("error", "warning")] == []
    wrong = segment(ingest_pdf(ehcp_counts("6,987").save(tmp_path / "slip.pdf")))
    found = [f for f in run_rules(wrong, ["fact-conflict"]) if f.severity in ("error", "warning")]
    assert found and "6,987" in found[0].message and "6,887" in found[0].message


# ---------------------------------------------------------------- one row under its headings

AGE_XS = (206, 233, 266, 305, 338, 371)  # left edges of the cells: each heading and its figure start there


def registrations_by_age(stated: str = "2,954") -> AlignedPdf:
    """One row of counts under a line of headings naming age ranges ('0 - 5': a range, set with spaces round
    its dash), the cells set flush left and close together, then the row's total."""
    m = AlignedPdf().new_page()
    m.text(57, 60, f"The total number of children registered with the SEND Unit was {stated}, each with an active",
           size=9)
    m.text(57, 72, "plan. The breakdown by age is shown in the table below.", size=9)
    heads = ("0 - 5", "6 - 11", "12 - 16", "17-20", "21-25", "Total")
    m.text(104, 112, "Age group", size=7.3)
    for x, head in zip(AGE_XS, heads):
        m.text(x + 2, 112, head, size=7.3)
    m.text(58, 141, "Number of children registered", size=7.4)
    for x, fig in zip(AGE_XS, ("296", "1042", "962", "564", "90", "2954")):
        m.text(x, 141, fig, size=7.4)
    m.text(57, 180, "Care navigators help in coordinating a child's health care and provide information.", size=9)
    return m


def test_one_row_under_a_line_of_headings_is_a_table_and_an_age_range_one_label(tmp_path):
    raw_pack = ingest_pdf(registrations_by_age().save(tmp_path / "a.pdf"))
    [table] = tables_of(raw_pack)
    assert [c.text for c in table.rows[0]] == ["Age group", "0 - 5", "6 - 11", "12 - 16", "17-20", "21-25", "Total"]
    assert [c.text for c in table.rows[1]] == ["Number of children registered", "296", "1042", "962", "564", "90",
                                               "2954"]
    assert table.header_rows == 1
    assert [c.figure.amount for c in table.rows[1][1:]] == [296, 1042, 962, 564, 90, 2954]
    assert all(c.figure is None for c in table.rows[0])


def test_text_restating_the_one_rows_total_is_checked(tmp_path):
    right = segment(ingest_pdf(registrations_by_age().save(tmp_path / "ok.pdf")))
    assert [f for f in run_rules(right, ["fact-conflict"]) if f.severity in ("error", "warning")] == []
    wrong = segment(ingest_pdf(registrations_by_age("2,964").save(tmp_path / "slip.pdf")))
    found = [f for f in run_rules(wrong, ["fact-conflict"]) if f.severity in ("error", "warning")]
    assert found and "2,964" in found[0].message and "2954" in found[0].message.replace(",", "")


def test_age_range_set_with_spaces_is_never_a_figure_and_a_negative_one():
    from auditor.ingest.aligned import cut_segments

    class W:
        def __init__(self, text, x0, x1):
            self.text, self.x0, self.x1 = text, x0, x1

    [[seg]] = cut_segments([[[W("0", 208, 213), W("-", 216, 220), W("5", 223, 229)]]], 2)
    assert (seg.text, seg.is_figure) == ("0 - 5", False)
    # figures set tight with a sign apart stay two cells ('1.5 - 2.0' is no range of whole numbers)
    segs = cut_segments([[[W("1.5", 200, 212), W("-", 215, 219), W("2.0", 222, 234)]]], 2)[0]
    assert [s.text for s in segs] == ["1.5", "- 2.0"]


def test_part_above_without_headings_of_its_own_leaves_the_part_below_its_headings(tmp_path):
    """A table carried on over several pages, its headings repeated atop each: on the first page shown here
    the notes carried over from the page before stand between the headings and the first row, so that part
    is read without headings; the part on the next page keeps the headings read over it."""
    m = AlignedPdf()
    for page in range(2):
        m.new_page()
        m.row(40, "", ["Budget", "Forecast", "Variance"], xs=XS3, size=9, bold=True)
        m.text(72, 40, "Key Service", size=9, bold=True)
        top = 62
        if page == 0:
            for k in range(7):  # the end of a note column carried over from the page before
                m.text(400, top + 11 * k, f"detail carried over, line {k + 1} of the note", size=9)
            top += 90
        for k in range(4):
            m.row(top + 28 * k, f"Service {page}{k}", [f"{k + 1}.0", f"{k + 2}.5", "1.5"], xs=XS3, size=9)
    tables = [t for d in segment(ingest_pdf(m.save(tmp_path / "k.pdf"))).documents for t in d.tables]
    assert tables[-1].header == ["Key Service", "Budget", "Forecast", "Variance"]
    assert [row[0].text for row in tables[-1].body][-1] == "Service 13"


def test_heading_led_by_a_unit_is_still_a_heading_where_a_note_led_by_a_figure_is_not(tmp_path):
    m = AlignedPdf().new_page()
    m.text(72, 60, "Budgets by service", size=12, bold=True)
    m.row(100, "", ["£000 Base Budget", "£000 Revised Budget"], xs=(330, 460), size=9, bold=True)
    m.rows(120, [("Libraries", "1,200", "1,250"), ("Museums", "800", "820"), ("Archives", "300", "310")],
           xs=(330, 460), size=9)
    [table] = tables_of(ingest_pdf(m.save(tmp_path / "u.pdf")))
    assert table.header == ["", "£000 Base Budget", "£000 Revised Budget"]
    from auditor.structure.tables import column_scales
    assert column_scales(table)[1:] == [Decimal(1000), Decimal(1000)]


def test_note_wrapped_over_two_lines_between_two_rows_is_one_row(tmp_path):
    m = AlignedPdf().new_page()
    left_row(m, 100, "", ["2020", "2021", "2022", "2023", "2024"])
    left_row(m, 129, "England", ["390,109", "430,697", "473,255", "517,049", "575,963"])
    m.text(137, 158, "an increase of 47.6% between 2020 - 2024", size=9)
    m.text(137, 170, "and of 49.0% up to August 2024", size=9)
    left_row(m, 199, "East Midlands", ["27,104", "30,500", "33,402", "36,950", "41,806"])
    left_row(m, 228, "Leicestershire", ["4,751", "5,288", "5,813", "6,201", "6,377"])
    [table] = tables_of(ingest_pdf(m.save(tmp_path / "w.pdf")))
    assert [[c.text for c in row][:2] for row in table.body] == [
        ["England", "390,109"], ["", "an increase of 47.6% between 2020 - 2024 and of 49.0% up to August 2024"],
        ["East Midlands", "27,104"], ["Leicestershire", "4,751"]]
