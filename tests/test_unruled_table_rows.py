"""Rows of a table without ruling lines that a word processor's printing sets apart (issue 11, the
sample pack's Word form printed to PDF): a number a narrow cell broke over two lines, an empty spacer
row, a second table at its own widths carrying on the first's rows, rows with one figure above the
first full row, and the rows carried on to the next page under the top heading row alone.

Each PDF is written here: the correct reading must stay quiet, the near-miss (a real slip, or lines
that are no part of the table) must be told apart.
"""
from test_aligned_tables import AlignedPdf, tables_of

from auditor.ingest.pdf import ingest_pdf
from auditor.structure.segment import segment
from conftest import run_rules


def _texts(table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def _totals(pack) -> list[str]:
    return [f.found for f in run_rules(pack, ["table-total"])]


def _tables(path) -> list:
    return [t for d in segment(ingest_pdf(str(path))).documents for t in d.tables]


# ---------------------------------------------------------------- a number broken over two lines

def _broken_pdf(path, b_total: str = "9,56", tail_x: float = 420) -> str:
    """A Total column too narrow for five-figure totals: '9,56' over '3' in a row's cell."""
    m = AlignedPdf().new_page()
    m.text(72, 60, "Capital programme by year", size=12, bold=True)
    m.text(72, 84, "The programme is set out in the table below.")
    m.row(110, "", ["2025/26", "2026/27"], xs=(300, 380), bold=True)
    m.text(420, 110, "Total", bold=True)
    rows = [("School places", "1,000", "2,000", "3,000"), ("SEND places", "4,500", "5,063", None),
            ("Maintenance", "2,000", "2,000", "4,000"), ("Total", "7,500", "9,063", None)]
    for k, (label, a, b, total) in enumerate(rows):
        top = 136 + 26 * k
        m.row(top, label, [a, b], xs=(300, 380), bold=label == "Total")
        if total:
            m.text(420, top, total, bold=label == "Total")
        else:  # the cell's text wraps: the head on a line above the row's middle, the tail below it
            head, tail = (b_total, "3") if label != "Total" else ("16,56", "3")
            m.text(420, top - 6, head, bold=label == "Total")
            m.text(tail_x, top + 6, tail, bold=label == "Total")
    m.text(72, 260, "The programme is funded by grants.")
    return m.save(path)


def test_a_number_a_narrow_cell_broke_over_two_lines_is_read_whole(tmp_path):
    [table] = _tables(_broken_pdf(tmp_path / "ok.pdf"))
    assert _texts(table)[2] == ["SEND places", "4,500", "5,063", "9,563"]
    assert _texts(table)[4] == ["Total", "7,500", "9,063", "16,563"]
    assert table.rows[2][3].figure.value == 9563
    assert _totals(segment(ingest_pdf(_broken_pdf(tmp_path / "ok2.pdf")))) == []


def test_a_wrong_total_broken_over_two_lines_is_found(tmp_path):
    pack = segment(ingest_pdf(_broken_pdf(tmp_path / "slip.pdf", b_total="9,57")))
    assert "9,573" in _totals(pack)


def test_digits_below_a_short_group_but_not_under_it_are_no_part_of_it(tmp_path):
    raw = ingest_pdf(_broken_pdf(tmp_path / "apart.pdf", tail_x=436))
    cells = [c.text for t in tables_of(raw) for row in t.rows for c in row]
    assert "9,563" not in cells and "9,56" not in [c for c in cells if c]  # never read as a figure
    assert all(c.figure is None or c.figure.value != 9563 for t in tables_of(raw) for row in t.rows for c in row)


# ---------------------------------------------------------------- an empty spacer row

def _spacer_pdf(path, gap_rows: float = 2, total: str = "-12,773") -> str:
    m = AlignedPdf().new_page()
    m.text(72, 60, "Savings", size=12, bold=True)
    m.text(72, 84, "Cost reduction savings are built into the MTFS as follows:")
    m.row(112, "", ["2025/26", "2026/27"], xs=(380, 460), bold=True)
    pitch = 29
    rows = [("Reduction in assessment requests", "-714", "-1,285"),
            ("Reduced mainstream cost", "-974", "-1,660"),
            ("Health contributions", "-10,696", "-17,089"),
            ("Sub Total - Programme", "-12,384", "-20,034")]
    top = 140
    for label, *figs in rows:
        m.row(top, label, figs, xs=(380, 460), bold=label.startswith("Sub"))
        top += pitch
    top += pitch * (gap_rows - 1)  # the empty row
    m.row(top, "Additional specialist places", ["-389", "-4,252"], xs=(380, 460))
    top += pitch * gap_rows
    m.row(top, "Total Savings", [total, "-24,286"], xs=(380, 460), bold=True)
    m.text(72, top + 40, "The programme is forecast to reduce cost further in later years.")
    return m.save(path)


def test_rows_after_an_empty_spacer_row_stay_in_the_table(tmp_path):
    [table] = _tables(_spacer_pdf(tmp_path / "ok.pdf"))
    assert [r[0] for r in _texts(table)[-2:]] == ["Additional specialist places", "Total Savings"]
    assert _totals(segment(ingest_pdf(_spacer_pdf(tmp_path / "ok2.pdf")))) == []
    slip = segment(ingest_pdf(_spacer_pdf(tmp_path / "slip.pdf", total="-12,783")))
    assert "-12,783" in _totals(slip)


def test_rows_three_row_pitches_below_are_another_table(tmp_path):
    tables = _tables(_spacer_pdf(tmp_path / "far.pdf", gap_rows=3))
    assert [r[0] for r in _texts(tables[0])][-1] == "Sub Total - Programme"


# ---------------------------------------------------------------- a second table at its own widths

def _two_tables_pdf(path, second_xs=(290, 330, 370, 410, 450), second_figures: int = 5,
                    total: str = "83,140") -> str:
    m = AlignedPdf().new_page()
    m.text(72, 60, "Funding sources", size=12, bold=True)
    m.text(72, 84, "The programme is to be funded as follows:")
    xs = (250, 300, 350, 400, 440)
    m.row(110, "Capital Resources £000", ["2025/26", "2026/27", "2027/28", "2028/29", "Total"], xs=xs, bold=True)
    body = [("Grants", "20,367", "3,548", "3,500", "3,500", "30,915"),
            ("External Contributions", "17,603", "8,569", "3,507", "0", "29,679"),
            ("Earmarked capital receipts", "0", "1,672", "0", "0", "1,672"),
            ("Discretionary Capital Funding", "225", "0", "0", "0", "225")]
    m.rows(138, body, step=29, xs=xs)
    # the word processor's second table: its columns at other widths, straight under the first
    tail = [("Prior years' grant held in reserve", "2,672", "8,132", "9,845", "0", "20,649"),
            ("Total Resources", "40,867", "21,921", "16,852", "3,500", total)]
    for k, (label, *figs) in enumerate(tail):
        m.row(138 + 29 * (4 + k), label, figs[:second_figures], xs=second_xs, bold=label.startswith("Total"))
    m.text(72, 340, "Basic Need Grant is received from the DfE.")
    return m.save(path)


def test_a_short_second_table_at_its_own_widths_carries_on_the_first(tmp_path):
    [table] = _tables(_two_tables_pdf(tmp_path / "ok.pdf"))
    assert [r[0] for r in _texts(table)] == [
        "Capital Resources £000", "Grants", "External Contributions", "Earmarked capital receipts",
        "Discretionary Capital Funding", "Prior years' grant held in reserve", "Total Resources"]
    assert _totals(segment(ingest_pdf(_two_tables_pdf(tmp_path / "ok2.pdf")))) == []
    slip = segment(ingest_pdf(_two_tables_pdf(tmp_path / "slip.pdf", total="83,410")))
    assert "83,410" in _totals(slip)


def test_rows_with_fewer_columns_under_a_table_are_not_its_rows(tmp_path):
    tables = _tables(_two_tables_pdf(tmp_path / "few.pdf", second_xs=(300, 360, 420), second_figures=3))
    assert all(len(t.rows) == 5 for t in tables)


# ---------------------------------------------------------------- rows with one figure above, over a page break

def _brought_forward_pdf(path, first_x: float = 72, cumulative: str = "79,368") -> str:
    m = AlignedPdf().new_page()
    m.text(72, 60, "High Needs forecast", size=12, bold=True)
    m.text(72, 84, "The forecast position on the High Needs element of the DSG is shown below:")
    periods = ("2025/26", "2026/27", "2027/28", "2028/29")
    for x, label in zip((120, 230, 340, 450), periods):
        m.text(x, 112, label, size=9, bold=True)
    xs = (340, 390, 440, 490)
    m.row(140, "", ["£,000"] * 4, xs=xs, size=9, bold=True)
    m.rows(168, [("Grant Income", "-117,413", "-120,912", "-124,516", "-128,228"),
                 ("Placement Costs", "133,176", "147,214", "163,382", "181,901"),
                 ("Annual Revenue Funding Gap", "15,763", "26,302", "38,866", "53,673"),
                 ("2022/23 Deficit Brought Forward", "7,062")], step=29, xs=xs, size=9)
    # the next page repeats the periods alone; the rows of one figure carry on, then the full rows
    m.new_page()
    for x, label in zip((120, 230, 340, 450), periods):
        m.text(x, 60, label, size=9, bold=True)
    m.text(first_x, 89, "2023/24 Deficit Brought Forward", size=9)
    m.right(xs[0], 89, "33,275", size=9)
    m.text(72, 118, "2024/25 Forecast Deficit Brought Forward", size=9)
    m.right(xs[0], 118, "23,268", size=9)
    m.rows(147, [("Cumulative Funding Gap", cumulative, "105,670", "144,536", "198,209"),
                 ("Surplus / Deficit Other Blocks", "-11,834", "-10,834", "-9,334", "-7,334"),
                 ("Dedicated Schools Grant Deficit", "67,534", "94,836", "135,202", "190,875")],
           step=29, xs=xs, size=9)
    m.text(72, 260, "Local authorities carry forward the DSG deficit as an unusable reserve.")
    return m.save(path)


def test_rows_of_one_figure_and_the_rows_over_the_page_break_join_one_table(tmp_path):
    [table] = _tables(_brought_forward_pdf(tmp_path / "ok.pdf"))
    labels = [r[0] for r in _texts(table)[table.header_rows:]]
    assert labels == ["Grant Income", "Placement Costs", "Annual Revenue Funding Gap",
                      "2022/23 Deficit Brought Forward", "2023/24 Deficit Brought Forward",
                      "2024/25 Forecast Deficit Brought Forward", "Cumulative Funding Gap",
                      "Surplus / Deficit Other Blocks", "Dedicated Schools Grant Deficit"]
    assert _texts(table)[0][1:] == ["2025/26", "2026/27", "2027/28", "2028/29"]


def test_a_row_of_one_figure_whose_label_starts_elsewhere_is_no_row(tmp_path):
    tables = _tables(_brought_forward_pdf(tmp_path / "apart.pdf", first_x=110))
    labels = [r[0] for t in tables for r in _texts(t)]
    assert "2023/24 Deficit Brought Forward" not in labels
    assert "2024/25 Forecast Deficit Brought Forward" in labels


# ---------------------------------------------------------------- a label wrapped round the first row's figures

def _tall_cells_pdf(path, caption_gap: float = 40, total: str = "12,500") -> str:
    """A capital programme whose labels wrap in tall cells, the figures set at each cell's middle;
    the date column is plain, the labels of the first rows bold."""
    m = AlignedPdf().new_page()
    m.text(72, 60, "Capital programme 2025-29", size=12, bold=True)
    xs = (300, 350, 400, 450)
    top = 60 + caption_gap
    rows = [(("Provision and", "Improvement of SEND", "Places"), True, ("2,000", "8,458", "10,000", "20,458")),
            (("Strategic Capital", "Maintenance", None), False, ("2,000", "2,000", "2,000", "6,000")),
            (("Schools Devolved", "Formula Capital", None), False, ("500", "500", "500", "1,500")),
            (("Music Hub Equipment", None, None), False, ("290", "48", "0", "338"))]
    for (above, middle, below), bold, figures in rows:
        m.text(72, top, "Mar-28", size=8)
        if middle:  # the label's first line above the figures, the second beside them
            m.text(130, top - 10, above, size=8, bold=bold)
            m.text(130, top, middle, size=8, bold=bold)
        else:
            m.text(130, top, above, size=8, bold=bold)
        if below:
            m.text(130, top + 10, below, size=8, bold=bold)
        m.row(top, "", list(figures), xs=xs, size=8, bold=bold)
        top += 40
    m.row(top, "", ["4,790", "11,006", total, "28,296"], xs=xs, size=8, bold=True)
    m.text(130, top, "Overall Total", size=8, bold=True)
    m.text(72, top + 40, "The programme is funded by grants.")
    return m.save(path)


def test_a_label_wrapped_round_the_first_rows_figures_is_one_label(tmp_path):
    [table] = _tables(_tall_cells_pdf(tmp_path / "ok.pdf"))
    labels = [r[1] for r in _texts(table)]
    assert labels[0] == "Provision and Improvement of SEND Places"
    assert labels[1:3] == ["Strategic Capital Maintenance", "Schools Devolved Formula Capital"]
    assert _totals(segment(ingest_pdf(_tall_cells_pdf(tmp_path / "ok2.pdf")))) == []
    slip = segment(ingest_pdf(_tall_cells_pdf(tmp_path / "slip.pdf", total="12,600")))
    assert "12,600" in _totals(slip)


def test_a_caption_just_above_a_table_is_no_part_of_its_first_label(tmp_path):
    m = AlignedPdf().new_page()
    m.text(72, 60, "Savings", size=12, bold=True)
    m.text(72, 100, "Savings by year", size=10)  # a caption at ordinary spacing above the first row
    m.rows(112, [("Residential provision", "-750", "-1,250", "-1,750"),
                 ("Establishment modelling", "-390", "-390", "-390"),
                 ("Workforce strategy", "-250", "-500", "-900")], step=12)
    m.text(72, 170, "The savings are built into the strategy.")
    tables = tables_of(ingest_pdf(m.save(tmp_path / "caption.pdf")))
    assert [r[0].text for t in tables for r in t.rows][:1] == ["Residential provision"]


# ---------------------------------------------------------------- a table over a page break, its headings repeated

def _capital_pages(path, first_cost: str = "50,118", title_again: bool = False) -> str:
    """The first row of a capital programme at the foot of a page, its Total cut by the page break
    ('50,11' | '8'); the headings repeated at the top of the next page, the tail of the Total under
    them, then the other rows (the headings too far above them to be taken as theirs)."""
    xs = (300, 350, 400, 450)

    def headings(m, top):
        m.text(130, top, "Scheme", size=8, bold=True)
        for x, label in zip(xs, ("2025/26", "2026/27", "2027/28")):
            m.right(x, top, label, size=8, bold=True)
        m.text(428, top, "Total", size=8, bold=True)
        for x in xs:
            m.right(x, top + 10, "£000", size=8, bold=True)

    m = AlignedPdf().new_page()
    m.text(72, 60, "Capital programme", size=12, bold=True)
    m.text(72, 90, "The programme is set out below.")
    headings(m, 700)
    m.text(130, 730, "MAIN GRANT", size=8, bold=True)  # a section label wrapped in its cell
    m.text(130, 740, "FUNDED", size=8, bold=True)
    m.text(72, 770, "Mar-29", size=8)
    m.text(130, 770, "Additional School", size=8)
    m.text(130, 785, "Places", size=8)  # wrapped in its cell, the white space between 0.6 of the size
    m.row(770, "", ["34,752", "10,614", "4,752"], xs=xs[:3], size=8)
    m.text(428, 770, "50,11", size=8)
    m.new_page()
    if title_again:  # a line from the top of the page before, not from the part at its foot
        m.text(72, 100, "The programme is set out below.")
    headings(m, 120)
    m.text(428, 150, "8", size=8)
    rows = [("Mar-28", "SEND Places", "2,000", "8,458", "10,000", "20,458"),
            ("Mar-29", "Strategic Maintenance", "2,000", "2,000", "2,000", "6,000"),
            ("Mar-29", "Devolved Formula Capital", "500", "500", "500", "1,500")]
    for k, (date, label, *figures) in enumerate(rows):
        top = 176 + 26 * k
        m.text(72, top, date, size=8)
        m.text(130, top, label, size=8)
        m.row(top, "", figures[:3], xs=xs[:3], size=8)
        m.text(428, top, figures[3], size=8)
    m.text(130, 254, "Overall Total", size=8, bold=True)
    m.row(254, "", ["39,252", "21,572", "17,252"], xs=xs[:3], size=8, bold=True)
    m.text(428, 254, first_cost.replace("50,118", "78,076"), size=8, bold=True)
    m.text(72, 296, "The programme is funded by grants and contributions.")
    return m.save(path)


def test_a_table_carried_over_the_page_break_under_its_repeated_headings_is_one(tmp_path):
    [table] = _tables(_capital_pages(tmp_path / "ok.pdf"))
    body = _texts(table)[table.header_rows:]
    assert body[0][:3] == ["", "MAIN GRANT FUNDED", ""]  # the section label wrapped in its cell: one row
    assert body[1] == ["Mar-29", "Additional School Places", "34,752", "10,614", "4,752", "50,118"]
    assert [r[1] for r in body[2:]] == ["SEND Places", "Strategic Maintenance", "Devolved Formula Capital",
                                        "Overall Total"]
    assert _totals(segment(ingest_pdf(_capital_pages(tmp_path / "ok2.pdf")))) == []
    slip = segment(ingest_pdf(_capital_pages(tmp_path / "slip.pdf", first_cost="78,067")))
    assert "78,067" in _totals(slip)


def test_a_title_repeated_from_the_top_of_the_page_before_is_no_repeated_heading(tmp_path):
    tables = _tables(_capital_pages(tmp_path / "title.pdf", title_again=True))
    assert not any(c.text == "50,118" for t in tables for r in t.rows for c in r)


# ---------------------------------------------------------------- headings wrapped over many staggered lines

def _staggered_headings_pdf(path) -> str:
    """Narrow columns whose headings wrap over five lines each, two groups set half a line apart
    (each vertically centred in its cell): ten heading lines in all."""
    m = AlignedPdf().new_page()
    m.text(72, 60, "Unaccompanied asylum seeking children", size=12, bold=True)
    m.text(72, 84, "The numbers and unit costs are set out below.")
    xs = (200, 260, 320, 380)
    words = [("UASC", "In", "Care", "(Under", "18's)"), ("Weekly", "Unit", "Cost of", "Placement", "£"),
             ("%", "Annual", "Change", "(Service", "Users)"), ("%", "Annual", "Change", "(Unit", "Cost)")]
    for k, (x, lines) in enumerate(zip(xs, words)):
        for j, word in enumerate(lines):
            m.right(x, 110 + 10 * j + (5 if k % 2 else 0), word, size=7, bold=True)
    m.rows(180, [("Mar-23", "97", "1,060", "62%", "23%"), ("Mar-24", "132", "1,130", "36%", "7%"),
                 ("Sep-24", "95", "1,000", "-28%", "-12%")], step=16, xs=xs, size=7)
    m.text(72, 240, "The number of care leavers is projected to grow.")
    return m.save(path)


def test_headings_wrapped_over_ten_staggered_lines_are_read_whole(tmp_path):
    [table] = _tables(_staggered_headings_pdf(tmp_path / "h.pdf"))
    assert table.header[1:] == ["UASC In Care (Under 18's)", "Weekly Unit Cost of Placement £",
                                "% Annual Change (Service Users)", "% Annual Change (Unit Cost)"]
    assert [r[0].text for r in table.body] == ["Mar-23", "Mar-24", "Sep-24"]
