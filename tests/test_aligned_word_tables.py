"""Tables a word processor prints without ruling lines, and ruled tables whose rules miss columns.

Word-processor tables pad their cells: rows stand a blank line or two apart, the heading rows
and the unit row ('£') are rows of their own, a label wrapped in its cell has its first line
above the row's figures and its last below them, and a one-letter code may stand in a column
of its own between the label and the figures.
"""
from decimal import Decimal

from _pdfmake import PdfMaker
from test_aligned_tables import AlignedPdf, tables_of, texts_of

from auditor.ingest.aligned import join_wrapped
from auditor.ingest.pdf import ingest_pdf
from auditor.structure.segment import segment
from conftest import run_rules

PITCH = 38  # points between two rows: 9-point text with a cell's padding round it
XS = (330, 410, 490)  # right edges of the three figure columns


def padded_budget(m: AlignedPdf, total: str = "14,350") -> AlignedPdf:
    """A budget table as a word processor prints it: rows far apart, a code column, wrapped labels."""
    m.new_page().text(72, 60, "Revenue budget 2025/26", size=12, bold=True)
    m.row(100, "", ["Budget", "Spend", "Variance"], xs=XS, size=9, bold=True)
    m.text(72, 100, "Service", size=9, bold=True).text(250, 100, "Type", size=9, bold=True)
    m.row(100 + PITCH, "", ["£", "£", "£"], xs=XS, size=9)
    rows = [("Adult Social Care", "S", "12,400", "12,950", "550"),
            (None, "B", "1,000", "1,100", "100"),  # its label wrapped over two lines round the figures
            ("Public Health", "D", "300", "300", "0")]
    top = 100 + 2 * PITCH
    for label, code, *figures in rows:
        if label is None:
            m.text(72, top - 6, "Strategic Commissioning (Integrated", size=9)
            m.text(72, top + 6, "and Adults)", size=9)
        else:
            m.text(72, top, label, size=9)
        m.text(250, top, code, size=9)
        m.row(top, "", figures, xs=XS, size=9)
        top += PITCH
    m.text(72, top, "Total", size=9, bold=True)
    m.row(top, "", ["13,700", total, "650"], xs=XS, size=9, bold=True)
    m.text(72, top + 60, "The variance is mainly in adult social care.")
    return m


def test_widely_spaced_rows_make_one_table_with_its_headings(tmp_path):
    [table] = tables_of(ingest_pdf(padded_budget(AlignedPdf()).save(tmp_path / "w.pdf")))
    assert table.header == ["Service", "Type", "Budget £", "Spend £", "Variance £"]
    body = [[c.text for c in row] for row in table.body]
    assert body == [["Adult Social Care", "S", "12,400", "12,950", "550"],
                    ["Strategic Commissioning (Integrated and Adults)", "B", "1,000", "1,100", "100"],
                    ["Public Health", "D", "300", "300", "0"],
                    ["Total", "", "13,700", "14,350", "650"]]
    assert table.body[1][2].figure.amount == Decimal("1000")


def test_widely_spaced_table_total_slip_is_found_and_correct_one_is_quiet(tmp_path):
    right = segment(ingest_pdf(padded_budget(AlignedPdf()).save(tmp_path / "ok.pdf")))
    assert [f for f in run_rules(right, ["table-total"]) if f.severity in ("error", "warning")] == []
    wrong = segment(ingest_pdf(padded_budget(AlignedPdf(), total="13,950").save(tmp_path / "slip.pdf")))
    found = [f for f in run_rules(wrong, ["table-total"]) if "13,950" in f.message]
    assert found and "14,350" in found[0].message


def year_table(m: AlignedPdf, second_halves=("20", "21", "22")) -> AlignedPdf:
    """Rows labelled by financial year, each label wrapped after the slash: '2019/' above the
    row's figures, '20' below them (the figures are bare whole numbers)."""
    m.new_page().text(72, 60, "Children in care per 10,000 children", size=12, bold=True)
    m.row(100, "", ["Leicestershire", "Warwickshire", "Mean"], xs=(200, 300, 400), size=9, bold=True)
    for k, (tail, figures) in enumerate(zip(second_halves, [("57", "65", "51"), ("62", "73", "51"),
                                                          ("66", "69", "51")])):
        top = 140 + 42 * k
        m.text(60, top - 6, f"{2019 + k}/", size=9)
        m.row(top, "", list(figures), xs=(200, 300, 400), size=9)
        m.text(60, top + 6, tail, size=9)
    return m


def test_year_label_wrapped_round_its_row_is_one_label_and_never_a_figure(tmp_path):
    raw_pack = ingest_pdf(year_table(AlignedPdf()).save(tmp_path / "y.pdf"))
    [table] = tables_of(raw_pack)
    body = [[c.text for c in row] for row in table.body]
    assert body == [["2019/20", "57", "65", "51"], ["2020/21", "62", "73", "51"], ["2021/22", "66", "69", "51"]]
    assert all(row[0].figure is None for row in table.body)
    assert "2019/" not in texts_of(raw_pack)  # not left behind as a paragraph either
    pack = segment(raw_pack)
    assert [f for f in run_rules(pack, ["date-"]) if f.severity in ("error", "warning")] == []


def test_year_label_with_a_real_slip_is_still_found(tmp_path):
    pack = segment(ingest_pdf(year_table(AlignedPdf(), ("20", "22", "22")).save(tmp_path / "y2.pdf")))
    [table] = [t for d in pack.documents for t in d.tables]
    assert table.body[1][0].text == "2020/22"
    found = [f for f in run_rules(pack, ["date-validity"]) if f.severity == "error"]
    assert [f.found for f in found] == ["2020/22"]


def test_label_below_its_figures_is_not_taken_by_the_labelled_row_above(tmp_path):
    """Row A has its label; row B's figures come a little before its label: B keeps its own."""
    m = AlignedPdf().new_page()
    m.row(100, "", ["2025-26", "2026-27", "2027-28"], bold=True)
    m.row(120, "NET CHANGE", ["1,000", "900", "800"])
    m.row(140, "UNRESOLVED BALANCE", ["-2,596", "0", "-2,596"])
    m.row(152, "", ["-17,000", "", "-17,000"])
    m.text(72, 157, "ADULT SOCIAL CARE FUNDING")
    m.row(180, "NET BUDGET", ["1,429,506", "0", "1,429,506"])
    [table] = tables_of(ingest_pdf(m.save(tmp_path / "b.pdf")))
    labels = {row[0].text: [c.text for c in row[1:]] for row in table.body}
    assert labels["UNRESOLVED BALANCE"] == ["-2,596", "0", "-2,596"]
    assert labels["ADULT SOCIAL CARE FUNDING"] == ["-17,000", "", "-17,000"]


def test_code_set_tight_after_a_long_label_goes_to_the_code_column(tmp_path):
    m = AlignedPdf().new_page()
    m.row(100, "", ["Budget", "Spend", "Variance"], xs=XS, bold=True)
    rows = [("Pay", "S"), ("Prices", "B"), ("Commissioning and Planning Team", "B"), ("Demand", "S")]
    for k, (label, code) in enumerate(rows):
        top = 120 + 14 * k
        if len(label) > 20:
            m.right(247, top, label)  # ends 3 points before its code: one run of text with it
        else:
            m.text(72, top, label)
        m.text(250, top, code)
        m.row(top, "", ["1,000", "1,100", "100"], xs=XS)
    [table] = tables_of(ingest_pdf(m.save(tmp_path / "c.pdf")))
    assert [[c.text for c in row[:2]] for row in table.body] == [
        ["Pay", "S"], ["Prices", "B"], ["Commissioning and Planning Team", "B"], ["Demand", "S"]]


def test_join_wrapped_keeps_words_broken_after_a_slash_or_hyphen():
    assert join_wrapped(["2019/", "20"]) == "2019/20"
    assert join_wrapped(["Post-", "16 provision"]) == "Post-16 provision"
    assert join_wrapped(["Families /", "Teen Health"]) == "Families / Teen Health"
    assert join_wrapped(["Safeguarding, Improvement &", "QA"]) == "Safeguarding, Improvement & QA"


# ---------------------------------------------------------------- ruled tables that miss columns


def shaded_columns_table(m: PdfMaker, q3: str = "123,648") -> PdfMaker:
    """Rules across the rows, and up the table's sides and the shaded 'Current' column's sides
    only: the label shares a ruled cell with 'Budget', and Q1 to Q3 share one."""
    m.new_page()
    m.text(76, 90, "Service", bold=True)
    for x, head in ((260, "Budget"), (330, "Current"), (380, "Q1"), (430, "Q2"), (480, "Q3")):
        m.text(x, 90, head, bold=True)
    rows = [("Delivery", "134,708", "140,591", "132,069", "131,283", q3),
            ("Corporate", "17,009", "17,964", "17,661", "18,724", "17,080"),
            ("Total", "151,717", "158,555", "149,730", "150,007", "140,728")]
    for k, (label, *figures) in enumerate(rows):
        top = 110 + 20 * k
        m.text(76, top, label, bold=label == "Total")
        for x, fig in zip((260, 330, 380, 430, 480), figures):
            m.text(x, top, fig, bold=label == "Total")
    for y in (86, 106, 126, 146, 166):
        m.rect(72, y, 530, y + 0.5, fill=True)
    for x in (72, 325, 375, 530):
        m.rect(x, 86, x + 0.5, 166.5, fill=True)
    return m


def test_ruled_cells_holding_figures_of_several_columns_are_read_by_alignment(tmp_path):
    raw_pack = ingest_pdf(shaded_columns_table(PdfMaker()).save(tmp_path / "s.pdf"))
    tables = tables_of(raw_pack)
    assert tables, "the table is read"
    cells = [c for t in tables for row in t.rows for c in row]
    # never one long number made of three figures run together
    assert all(c.figure is None or abs(c.figure.amount) < 1_000_000 for c in cells)
    [table] = tables
    assert [c.text for c in table.body[0]] == ["Delivery", "134,708", "140,591", "132,069", "131,283", "123,648"]
    assert table.header[1:] == ["Budget", "Current", "Q1", "Q2", "Q3"]


def test_shaded_columns_table_slip_is_found(tmp_path):
    pack = segment(ingest_pdf(shaded_columns_table(PdfMaker(), q3="124,648").save(tmp_path / "s2.pdf")))
    found = [f for f in run_rules(pack, ["table-total"]) if "140,728" in f.message]
    assert found and "141,728" in found[0].message
    right = segment(ingest_pdf(shaded_columns_table(PdfMaker()).save(tmp_path / "s3.pdf")))
    assert [f for f in run_rules(right, ["table-"]) if f.severity in ("error", "warning")] == []


def test_total_row_merged_across_figure_columns_is_split_by_the_other_rows_rules(tmp_path):
    """A total row set on one merged band: its figures go to the columns the rows above rule."""
    m = PdfMaker().new_page()
    widths = [120, 70, 70, 70]
    m.grid(72, 100, widths, 18, [["Service", "2025-26", "2026-27", "2027-28"], ["Pay", "100.0", "50.0", "0.0"],
                                 ["Prices", "200.0", "60.0", "10.0"]])
    m.rect(72, 154, 402, 172)  # one box round the whole total row
    m.text(75, 157, "TOTAL", bold=True)
    for x, fig in ((200, "300.0"), (270, "110.0"), (340, "10.0")):
        m.text(x, 157, fig, bold=True)
    [table] = tables_of(ingest_pdf(m.save(tmp_path / "t.pdf")))
    assert [c.text for c in table.rows[-1]] == ["TOTAL", "300.0", "110.0", "10.0"]
    assert table.rows[-1][2].figure.amount == Decimal("110")


def test_figures_side_by_side_in_an_unreadable_box_are_no_number(tmp_path):
    """Figures side by side in one ruled cell that alignment cannot read either: no figure, not
    149,730,150,008 read as one number."""
    m = PdfMaker().new_page()
    m.grid(72, 100, [200, 200], 18, [["Item", "Forecasts"], ["Net Expenditure", "149,730 150,008"]])
    tables = tables_of(ingest_pdf(m.save(tmp_path / "u.pdf")))
    cells = [c for t in tables for row in t.rows for c in row if "149,730" in c.text]
    assert cells and all(c.figure is None for c in cells)


# ---------------------------------------------------------------- running heads


def test_section_title_repeated_atop_each_page_is_a_running_head_after_its_first(tmp_path):
    m = PdfMaker()
    for k in range(8):
        m.new_page()
        if 3 <= k <= 5:  # the appendix's three pages, of eight
            m.text(72, 30, "APPENDIX F: SPENDING PLAN 2025-28", size=12, bold=True)
        m.text(72, 120, f"Paragraph {k + 1} of the pack.")
    raw_pack = ingest_pdf(m.save(tmp_path / "r.pdf"))
    headings = [b for b in raw_pack.blocks if "APPENDIX F" in b.text]
    assert [b.location.page for b in headings] == [4]
    assert "Paragraph 6 of the pack." in texts_of(raw_pack)


def test_table_printed_wider_than_the_page_is_reported(tmp_path):
    def pack(last_x: float) -> str:
        m = AlignedPdf().new_page()
        xs = (300, 420, last_x)
        m.row(100, "", ["2025/26", "2026/27", "2027/28"], xs=xs, bold=True)
        m.rows(120, [("Pay", "100", "110", "120"), ("Prices", "200", "210", "220"), ("Total", "300", "320", "340")], xs=xs)
        return m.save(tmp_path / f"w{last_x}.pdf")

    wide = ingest_pdf(pack(610))  # the last column runs past the page's edge (595)
    assert any("page 1 runs past the page's right edge" in w for w in wide.warnings)
    assert [t.cut_off for t in tables_of(wide)] == [True]  # 'the table has no X column' is unsure of it
    fits = ingest_pdf(pack(540))
    assert not any("right edge" in w for w in fits.warnings)
    assert [t.cut_off for t in tables_of(fits)] == [False]


def _continued_table(tmp_path, rows_before: int, rows_after: int) -> list:
    """One table over a page break, its headings repeated atop the second page."""
    rows = [(f"Service {k + 1}", f"{k + 1},000", f"{k + 1},100", "100") for k in range(rows_before + rows_after)]
    m = AlignedPdf()
    for page, part in ((0, rows[:rows_before]), (1, rows[rows_before:])):
        m.new_page()
        top = 700 - PITCH * (len(part) + 1) if page == 0 else 60
        if page == 0:
            m.text(72, top - 40, "The budget by service is set out below.")
        m.row(top, "", ["Budget", "Spend", "Variance"], xs=XS, size=9, bold=True)
        for k, (label, *figures) in enumerate(part):
            m.row(top + PITCH * (k + 1), label, figures, xs=XS, size=9)
        if page == 1:
            m.text(72, top + PITCH * (len(part) + 2), "The variance is mainly in demand.")
    pack = segment(ingest_pdf(m.save(tmp_path / f"c{rows_before}.pdf")))
    return [t for d in pack.documents for t in d.tables]


def test_table_tail_of_two_rows_on_the_next_page_is_read_and_joined(tmp_path):
    [table] = _continued_table(tmp_path, 4, 2)
    assert [row[0].text for row in table.body] == [f"Service {k}" for k in range(1, 7)]
    assert table.body[5][1].figure.amount == Decimal("6000")


def test_table_head_of_one_row_before_the_page_break_is_read_and_joined(tmp_path):
    [table] = _continued_table(tmp_path, 1, 4)
    assert [row[0].text for row in table.body] == [f"Service {k}" for k in range(1, 6)]


def test_caption_over_the_labels_and_a_column_is_no_heading(tmp_path):
    m = AlignedPdf().new_page()
    m.text(72, 84, "Figure 2: Outturn by Delivery Theme", size=12, bold=True)  # from the labels over "Budget"
    m.row(100, "", ["Budget", "Spend", "Variance"], bold=True)
    m.text(72, 112, "Service", bold=True)
    m.row(112, "", ["£000s", "£000s", "£000s"], bold=True)
    m.rows(130, [("Economy", "1,000", "1,100", "100"), ("Transport", "2,000", "1,900", "-100"), ("Total", "3,000", "3,000", "0")])
    raw_pack = ingest_pdf(m.save(tmp_path / "cap.pdf"))
    [table] = tables_of(raw_pack)
    assert table.header == ["Service", "Budget £000s", "Spend £000s", "Variance £000s"]
    assert "Figure 2: Outturn by Delivery Theme" in texts_of(raw_pack)


def test_title_of_a_form_on_the_next_page_is_no_tail_of_a_numbered_row(tmp_path):
    m = AlignedPdf().new_page()
    for k, (ref, label, *figures) in enumerate([("62", "CORE", "9,939.7", "11,810.2", "16,709.2"),
                                                ("63", "EXTERNAL", "-20,766.2", "16,436.5", "28,970.0"),
                                                ("64", "TOTAL", "-10,826.5", "28,246.7", "45,679.2")]):
        m.text(60, 740 + 14 * k, ref).text(100, 740 + 14 * k, label).row(740 + 14 * k, "", figures)
    m.new_page().grid(60, 60, [120, 100, 100, 60, 60], 18, [
        ["Budget Amendment Form", "", "", "", ""], ["Amendment Name:", "Home to School", "Number:", "", "2"],
        ["Directorate:", "Children", "", "", ""], ["Proposer:", "Mark Hood", "Seconder:", "", "Barry Lewis"]])
    tables = tables_of(ingest_pdf(m.save(tmp_path / "form.pdf")))
    assert [c.text for c in tables[0].rows[-1]][:2] == ["64", "TOTAL"]
    assert tables[1].rows[0][0].text == "Budget Amendment Form"


def test_figures_with_comma_thousands_side_by_side_are_never_one_number():
    from auditor.numbers import parse_figure

    assert parse_figure("149,730 150,008 140,729") is None
    assert parse_figure("3,279 101%") is None
    assert parse_figure("1 234 567").amount == Decimal("1234567")  # thousands set apart with spaces


def _continued_with_units_on_first_page_only(tmp_path, total: str) -> list:
    """A table over a page break whose continuation repeats the heading row but not the '£' row under
    it (Word repeats only the rows marked to repeat); the total on page 2 adds rows of both pages."""
    m = AlignedPdf().new_page()
    m.text(72, 60, "The budget by service is set out below.")
    m.row(100, "", ["Budget", "Spend", "Variance"], xs=XS, size=9, bold=True)
    m.row(100 + PITCH, "", ["£", "£", "£"], xs=XS, size=9)
    rows = [("Adult Social Care", "12,400", "12,950", "550"), ("Children's Services", "8,100", "7,900", "(200)"),
            ("Highways", "4,350", "4,400", "50")]
    for k, (label, *figures) in enumerate(rows):
        m.row(100 + PITCH * (k + 2), label, figures, xs=XS, size=9)
    m.new_page()
    m.row(60, "", ["Budget", "Spend", "Variance"], xs=XS, size=9, bold=True)
    m.row(60 + PITCH, "Libraries", ["1,000", "1,050", "50"], xs=XS, size=9)
    m.row(60 + 2 * PITCH, "Total", ["25,850", total, "450"], xs=XS, size=9, bold=True)
    m.text(72, 60 + 4 * PITCH, "The variance is mainly in adult social care.")
    pack = segment(ingest_pdf(m.save(tmp_path / f"u{total}.pdf")))
    return pack


def test_continuation_repeating_only_the_first_heading_row_joins_its_table(tmp_path):
    pack = _continued_with_units_on_first_page_only(tmp_path, "26,300")
    [table] = [t for d in pack.documents for t in d.tables]
    assert table.header == ["", "Budget £", "Spend £", "Variance £"]
    assert [row[0].text for row in table.body] == ["Adult Social Care", "Children's Services", "Highways",
                                                   "Libraries", "Total"]
    assert [p.page for p in table.parts] == [1, 2]
    assert [f for f in run_rules(pack, ["table-total"]) if f.severity in ("error", "warning")] == []


def test_continuation_total_slip_is_found_over_both_pages(tmp_path):
    pack = _continued_with_units_on_first_page_only(tmp_path, "26,400")
    [finding] = [f for f in run_rules(pack, ["table-total"]) if f.severity in ("error", "warning")]
    assert finding.found == "26,400" and finding.expected == "26,300" and finding.location.page == 2


def _headings_one_column_left(tmp_path, variance: str):
    """A Word table whose heading row lacks the cell over the labels, printed wider than the page: each
    heading (and the '£' under it) stands one column left of its figures, from the column of labels
    on, and the last heading over a column cut off at the page's edge."""
    m = AlignedPdf().new_page()
    m.text(72, 60, "Revenue budget by service", size=12, bold=True)
    m.text(120, 100, "Type", size=9, bold=True).text(230, 100, "Budget", size=9, bold=True)
    m.row(100, "", ["Forecast", "Variance", "Net"], xs=XS, size=9, bold=True)
    m.text(250, 100 + PITCH, "£", size=9)
    m.row(100 + PITCH, "", ["£", "£", "£"], xs=XS, size=9)
    rows = [("Adult Social Care", "S", "12,400", "12,950", variance), ("Children's Services", "B", "8,100", "7,900", "(200)"),
            ("Highways", "D", "4,350", "4,400", "50"), ("Public Health", "S", "300", "300", "0")]
    for k, (label, code, *figures) in enumerate(rows):
        top = 100 + PITCH * (k + 2)
        m.text(72, top, label, size=9).text(250, top, code, size=9)
        m.row(top, "", figures, xs=XS, size=9)
    m.text(72, 100 + PITCH * 7, "The variance is mainly in adult social care.")
    return segment(ingest_pdf(m.save(tmp_path / f"h{variance}.pdf")))


def test_headings_set_one_column_left_of_the_body_are_moved_over_their_figures(tmp_path):
    pack = _headings_one_column_left(tmp_path, "550")
    [table] = [t for d in pack.documents for t in d.tables]
    assert table.header == ["", "Type", "Budget £", "Forecast £", "Variance £"]
    assert table.confidence == "repaired"
    assert [f for f in run_rules(pack, ["table-identity"]) if f.severity in ("error", "warning")] == []


def test_variance_slip_is_found_under_the_moved_headings(tmp_path):
    pack = _headings_one_column_left(tmp_path, "560")
    [finding] = [f for f in run_rules(pack, ["table-identity"]) if f.severity in ("error", "warning")]
    assert finding.found == "560" and finding.expected == "550" and "Variance" in finding.message


NOTE_XS = (200, 330, 460)  # left edges of three figure columns set flush left, as a Word table sets them


def counts_with_note_rows(m: AlignedPdf, total: str = "111") -> AlignedPdf:
    """Counts by area, each row followed by a note in a cell merged over the row ('up 12% since
    2022'), starting at the first figure column's edge and running on past its figures."""
    m.new_page().text(72, 60, "Plans maintained by area", size=12, bold=True)
    for x, year in zip(NOTE_XS, ("2022", "2023", "2024")):
        m.text(x, 100, year, size=9, bold=True)
    top = 128
    for label, figures, note in (("England", ("100", "110", "112"), "up 12% since 2022"),
                                 ("Midlands", ("10", "11", "12"), "up 20% since 2022"),
                                 ("County", ("1", "2", "3"), "up 200% since 2022")):
        m.text(72, top, label, size=9)
        for x, fig in zip(NOTE_XS, figures):
            m.text(x, top, fig, size=9)
        m.text(NOTE_XS[0], top + 28, note, size=9, bold=True)
        top += 56
    m.text(72, top, "Total", size=9, bold=True)
    for x, fig in zip(NOTE_XS, (total, "123", "127")):
        m.text(x, top, fig, size=9, bold=True)
    m.text(72, top + 60, "The number of plans has risen in every area.")
    return m


def test_note_rows_merged_over_a_row_stay_inside_their_table(tmp_path):
    [table] = tables_of(ingest_pdf(counts_with_note_rows(AlignedPdf()).save(tmp_path / "n.pdf")))
    body = [[c.text for c in row] for row in table.body]
    assert body[0] == ["England", "100", "110", "112"]
    assert body[1] == ["", "up 12% since 2022", "", ""]
    assert body[-1] == ["Total", "111", "123", "127"]
    assert table.body[-1][1].figure.amount == Decimal("111")


def test_total_under_note_rows_slip_is_found_and_correct_one_is_quiet(tmp_path):
    right = segment(ingest_pdf(counts_with_note_rows(AlignedPdf()).save(tmp_path / "ok.pdf")))
    assert [f for f in run_rules(right, ["table-total"]) if f.severity in ("error", "warning")] == []
    slip = segment(ingest_pdf(counts_with_note_rows(AlignedPdf(), total="121").save(tmp_path / "slip.pdf")))
    [finding] = [f for f in run_rules(slip, ["table-total"]) if f.severity in ("error", "warning")]
    assert finding.found.replace(",", "").startswith("121") or "121" in finding.message


def test_sentence_under_the_labels_is_no_note_row_and_ends_the_table(tmp_path):
    """'For clarification of the notes please see below' starts under the labels and runs over the
    first column: the row after it (a total over several notes) is no row of this table."""
    m = AlignedPdf()
    m.new_page().text(72, 60, "Note 4 Investment income", size=12, bold=True)
    m.rows(100, [("Bank interest", "5", "0", "5"), ("Other interest", "7", "1", "8"), ("", "12", "1", "13")])
    m.text(72, 160, "For clarification of the notes to the accounts please see", size=9)
    m.row(180, "Total of notes 2, 3 and 4", ["6,508", "1,302", "7,810"])
    tables = tables_of(ingest_pdf(m.save(tmp_path / "s.pdf")))
    assert tables and all("Total of notes" not in c.text for t in tables[:1] for row in t.body for c in row)
    pack = segment(ingest_pdf(m.save(tmp_path / "s2.pdf")))
    assert [f for f in run_rules(pack, ["table-total"]) if f.severity in ("error", "warning")] == []


def test_a_row_of_years_ending_in_a_month_heading_is_the_tables_heading(tmp_path):
    """'2020 2021 2022 | Aug 2024' over rows of counts: the years head the columns, 'Aug 2024' a column with
    no figure yet; they are not a row of figures."""
    m = AlignedPdf().new_page()
    m.text(72, 60, "Plans by year", size=12, bold=True)
    for x, year in zip(NOTE_XS, ("2020", "2021", "2022")):
        m.text(x, 100, year, size=9, bold=True)
    m.text(520, 100, "Aug 2024", size=9, bold=True)
    for k, (label, figures) in enumerate((("England", ("390,109", "430,697", "473,255")),
                                          ("Midlands", ("27,104", "30,500", "33,402")),
                                          ("County", ("4,751", "5,288", "5,813")))):
        m.text(72, 128 + 28 * k, label, size=9)
        for x, fig in zip(NOTE_XS, figures):
            m.text(x, 128 + 28 * k, fig, size=9)
    [table] = tables_of(ingest_pdf(m.save(tmp_path / "y.pdf")))
    assert table.header[1:4] == ["2020", "2021", "2022"]
    assert [c.text for c in table.body[0]][:4] == ["England", "390,109", "430,697", "473,255"]
