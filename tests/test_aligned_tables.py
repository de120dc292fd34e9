"""Tables without ruling lines: columns of figures aligned in PDFs and in space-laid-out text."""
import ctypes
from decimal import Decimal

import pypdfium2.raw as raw
from _pdfmake import PdfMaker

from auditor.ingest.markdown import parse_markdown
from auditor.ingest.pdf import ingest_pdf
from auditor.structure.segment import segment
from conftest import run_rules


class AlignedPdf(PdfMaker):
    """PdfMaker that can also set text right-aligned at x (figures in a column)."""

    def right(self, x: float, top: float, text: str, size: float = 10, bold: bool = False):
        self.text(0, top, text, size=size, bold=bold)
        obj = raw.FPDFPage_GetObject(self.page.raw, raw.FPDFPage_CountObjects(self.page.raw) - 1)
        left, bottom, right_, top_ = (ctypes.c_float() for _ in range(4))
        raw.FPDFPageObj_GetBounds(obj, left, bottom, right_, top_)
        raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x - right_.value, 0)
        return self

    def row(self, top: float, label: str, figures: list[str], xs=(300, 380, 460), bold: bool = False, size=10):
        if label:
            self.text(72, top, label, size=size, bold=bold)
        for x, fig in zip(xs, figures):
            if fig:
                self.right(x, top, fig, size=size, bold=bold)
        return self

    def rows(self, top: float, rows: list[tuple[str, ...]], step: float = 14, **kw):
        """One row per (label, *figures), `step` points apart from `top` down."""
        for k, (label, *figures) in enumerate(rows):
            self.row(top + step * k, label, figures, **kw)
        return self


def tables_of(raw_pack):
    return [b.table for b in raw_pack.blocks if b.table is not None]


def texts_of(raw_pack) -> str:
    return " ".join(b.text for b in raw_pack.blocks)


def budget_page(m: AlignedPdf, total: str = "25,250") -> AlignedPdf:
    m.new_page().text(72, 60, "Revenue budget monitoring at quarter 3", size=14, bold=True)
    m.text(72, 90, "The forecast position of each service is set out in the table below.")
    m.row(120, "", ["Budget", "Forecast", "Variance"], bold=True)
    m.row(134, "", ["£000", "£000", "£000"], bold=True)
    m.row(152, "Adult Social Care", ["12,400", "12,950", "550"])
    m.row(166, "Children's Services", ["8,100", "7,900", "(200)"])
    m.row(180, "Highways and Transport", ["4,350", "4,400", "50"])
    m.row(194, "Total", ["24,850", total, "400"], bold=True)
    m.text(72, 230, "The variance is mainly in adult social care, where demand has risen.")
    return m


# ---------------------------------------------------------------- PDF: tables found


def test_pdf_aligned_table_is_read_with_header_figures_and_bold_total(tmp_path):
    raw_pack = ingest_pdf(budget_page(AlignedPdf()).save(tmp_path / "t.pdf"))
    [table] = tables_of(raw_pack)
    assert table.confidence == "aligned"
    assert table.header_rows == 2
    assert table.header == ["", "Budget £000", "Forecast £000", "Variance £000"]
    body = [[c.text for c in row] for row in table.body]
    assert body == [["Adult Social Care", "12,400", "12,950", "550"],
                    ["Children's Services", "8,100", "7,900", "(200)"],
                    ["Highways and Transport", "4,350", "4,400", "50"],
                    ["Total", "24,850", "25,250", "400"]]
    assert table.body[1][3].figure.amount == Decimal("-200")
    assert all(c.bold for c in table.body[-1]) and not any(c.bold for c in table.body[0])
    assert table.body[0][1].location.page == 1 and table.body[0][1].location.bbox is not None
    # the table's lines are not read a second time as paragraphs; the prose round it stays prose
    text = texts_of(raw_pack)
    assert "12,950" not in text and "Adult Social Care" not in text
    assert "set out in the table below." in text and "mainly in adult social care" in text


def test_pdf_aligned_table_total_is_checked(tmp_path):
    pack = segment(ingest_pdf(budget_page(AlignedPdf(), total="25,350").save(tmp_path / "t.pdf")))
    # found: a clean aligned reading is trusted, and the message says the columns were worked out from the layout
    findings = run_rules(pack, ["table-total"])
    assert [f.severity for f in findings] == ["error"]
    assert "25,350" in findings[0].message and "25,250" in findings[0].message
    assert "worked out from the layout of the page" in findings[0].message


def test_pdf_correct_aligned_table_gives_no_table_findings(tmp_path):
    pack = segment(ingest_pdf(budget_page(AlignedPdf()).save(tmp_path / "t.pdf")))
    assert [f for f in run_rules(pack, ["table-"]) if f.severity in ("error", "warning")] == []


def test_pdf_label_wrapped_over_two_lines_joins_its_row(tmp_path):
    m = AlignedPdf().new_page()
    m.row(120, "", ["Budget", "Forecast", "Variance"], bold=True)
    m.row(140, "Adult Social Care", ["12,400", "12,950", "550"])
    m.text(72, 160, "Strategic Commissioning (Integrated")
    m.row(166, "", ["1,000", "1,100", "100"])
    m.text(72, 172, "and Adults)")
    m.row(192, "Public Health", ["300", "300", "0"])
    m.row(212, "Total", ["13,700", "14,350", "650"], bold=True)
    [table] = tables_of(ingest_pdf(m.save(tmp_path / "w.pdf")))
    labels = [row[0].text for row in table.body]
    assert labels == ["Adult Social Care", "Strategic Commissioning (Integrated and Adults)", "Public Health", "Total"]
    assert [c.text for c in table.body[1][1:]] == ["1,000", "1,100", "100"]


def test_pdf_label_between_two_groups_of_columns_and_figures_set_tight(tmp_path):
    """Last year's figures left of the label, this year's right; the label set tight after a figure."""
    m = AlignedPdf().new_page()
    m.row(100, "", ["2024-25", "", "2025-26"], xs=(110, 0, 400), bold=True)
    rows = [("Pay", "10,798.4", "21,845.7"), ("Prices", "49,568.4", "41,407.1"),
            ("Demand", "85,349.7", "48,209.4"), ("TOTAL", "145,716.5", "111,462.2")]
    for k, (label, last, this) in enumerate(rows):
        top = 120 + 14 * k
        m.right(110, top, last, bold=label == "TOTAL")
        m.text(113, top, label, bold=label == "TOTAL")  # 3 points after the figure: one run of text
        m.right(400, top, this, bold=label == "TOTAL").right(480, top, "0.0", bold=label == "TOTAL")
    [table] = tables_of(ingest_pdf(m.save(tmp_path / "g.pdf")))
    body = [[c.text for c in row] for row in table.body]
    assert body[0] == ["10,798.4", "Pay", "21,845.7", "0.0"]
    assert body[-1] == ["145,716.5", "TOTAL", "111,462.2", "0.0"]
    assert table.header[0] == "2024-25" and table.header[2] == "2025-26"


def test_pdf_ruled_table_is_unchanged(tmp_path):
    m = AlignedPdf().new_page()
    m.grid(72, 100, [150, 80, 80], 18, [["Service", "Budget", "Forecast"], ["A", "1,000", "1,100"],
                                         ["B", "2,000", "1,900"], ["Total", "3,000", "3,000"]])
    [table] = tables_of(ingest_pdf(m.save(tmp_path / "r.pdf")))
    assert table.confidence == "grid" and len(table.rows) == 4


# ---------------------------------------------------------------- PDF: not tables


def test_pdf_columnar_text_that_is_not_a_table_stays_prose(tmp_path):
    m = AlignedPdf().new_page()
    # contacts: names and telephone numbers in columns
    for k, (name, tel) in enumerate([("Jane Smith", "0116 305 6000"), ("John Brown", "0116 305 7000"),
                                     ("Ann Green", "0116 305 8000")]):
        m.text(72, 80 + 14 * k, name).text(250, 80 + 14 * k, tel)
    # meeting dates in two columns
    for k, (a, b) in enumerate([("12 January 2025", "14 March 2025"), ("21 May 2025", "9 July 2025"),
                                ("3 September 2025", "5 November 2025")]):
        m.text(72, 160 + 14 * k, a).text(250, 160 + 14 * k, b)
    # numbered recommendations with section references at the right
    for k, (num, text, ref) in enumerate([("2.3", "Note the forecast capital underspend", "6"),
                                         ("2.4", "Note the progress on savings delivery", "4"),
                                         ("2.5", "Agree the capital budget changes", "7")]):
        m.text(72, 240 + 14 * k, num).text(100, 240 + 14 * k, text).right(480, 240 + 14 * k, ref)
    # two columns of prose that mention figures
    left = ["The council spent £1.2m on roads", "in 2023-24, of which 40% went", "on repairs to 120 miles of road."]
    right = ["A further 2,000 homes were built", "against a target of 2,500, and", "the rest are due in 2026."]
    for k, (a, b) in enumerate(zip(left, right)):
        m.text(72, 320 + 14 * k, a).text(320, 320 + 14 * k, b)
    raw_pack = ingest_pdf(m.save(tmp_path / "prose.pdf"))
    assert tables_of(raw_pack) == []
    text = texts_of(raw_pack)
    assert "0116 305 7000" in text and "14 March 2025" in text and "A further 2,000 homes" in text


def test_pdf_two_rows_of_figures_are_not_enough(tmp_path):
    m = AlignedPdf().new_page()
    m.row(120, "", ["Budget", "Forecast", "Variance"], bold=True)
    m.row(140, "Adult Social Care", ["12,400", "12,950", "550"])
    m.row(154, "Total", ["12,400", "12,950", "550"], bold=True)
    assert tables_of(ingest_pdf(m.save(tmp_path / "two.pdf"))) == []


# ---------------------------------------------------------------- plain text laid out with spaces

LAYOUT_TEXT = """\
Revenue budget monitoring

The position at quarter 3 is set out below.

                                   Budget    Forecast    Variance
                                     £000        £000        £000

Adult Social Care                  12,400      12,950         550

Children's Services                 8,100       7,900        (200)

Highways and Transport              4,350       4,400          50

Total                              24,850      25,350         400

The variance is mainly in adult social care.
"""


def test_layout_text_table_is_read_as_aligned_table():
    raw_pack = parse_markdown(LAYOUT_TEXT, "pack.txt", "text")
    [table] = tables_of(raw_pack)
    assert table.confidence == "aligned" and table.header_rows == 2
    assert table.header == ["", "Budget £000", "Forecast £000", "Variance £000"]
    assert [[c.text for c in row] for row in table.rows[2:]] == [
        ["Adult Social Care", "12,400", "12,950", "550"], ["Children's Services", "8,100", "7,900", "(200)"],
        ["Highways and Transport", "4,350", "4,400", "50"], ["Total", "24,850", "25,350", "400"]]
    assert table.rows[2][1].location.line == 8 and table.rows[5][2].location.line == 14
    kinds = [(b.kind, b.location.line) for b in raw_pack.blocks]
    assert kinds == [("paragraph", 1), ("paragraph", 3), ("table", 5), ("paragraph", 16)]


def test_layout_text_table_total_is_checked():
    pack = segment(parse_markdown(LAYOUT_TEXT, "pack.txt", "text"))
    found = run_rules(pack, ["table-total"])
    assert [f.severity for f in found] == ["error"] and "25,350" in found[0].message
    assert found[0].location.line == 14


def test_layout_text_that_is_not_a_table_stays_prose():
    text = """\
Contacts:  Jane Smith         0116 305 6000
           John Brown         0116 305 7000
           Ann Green          0116 305 8000

Meeting dates:   12 January 2025      14 March 2025
                 21 May 2025          9 July 2025
                 3 September 2025     5 November 2025

Address:    County Hall           Glenfield
            Leicester             LE3 8RA
            Tel 0116 232 3232     Fax 0116 305 6260

The council spent £1.2m on roads      A further 2,000 homes were built
in 2023-24, of which 40% went         against a target of 2,500, and
on repairs to 120 miles of road.      the rest are due in 2026.
"""
    raw_pack = parse_markdown(text, "pack.txt", "text")
    assert tables_of(raw_pack) == []
    assert "0116 305 7000" in texts_of(raw_pack) and "LE3 8RA" in texts_of(raw_pack)


def test_layout_text_two_blank_lines_end_a_table():
    text = """\
Service           Budget    Forecast
Roads              1,000       1,100
Parks                500         450


Libraries            300         310
Museums              200         190
"""
    assert tables_of(parse_markdown(text, "pack.txt", "text")) == []  # two rows either side: not enough


def test_markdown_files_are_not_searched_for_layout_tables():
    text = "\n".join(f"Row {k}        {k},000        {k},500" for k in range(1, 6))
    assert tables_of(parse_markdown(text, "pack.md", "markdown")) == []
    assert len(tables_of(parse_markdown(text, "pack.txt", "text"))) == 1


# ---------------------------------------------------------------- the sample pack


def test_sample_pack_pdf_tables_are_all_ruled(pack_pdf):
    """The sample's tables are ruled: the aligned reader must leave them (and its text) alone."""
    confidences = {t.confidence for doc in pack_pdf.documents for t in doc.tables}
    assert "aligned" not in confidences


def test_pdf_amounts_set_tight_in_neighbouring_columns_are_separate_cells(tmp_path):
    m = AlignedPdf().new_page()
    m.row(100, "", ["Core", "External", "Total"], xs=(300, 341, 386), bold=True)
    m.rows(120, [("Pay", "21,845.7", "626.9", "22,472.6"), ("Prices", "41,407.1", "1,944.4", "43,351.5"),
                 ("Demand", "48,209.4", "0.0", "48,209.4")], xs=(300, 341, 386))  # 5 points between the widest figures
    [table] = tables_of(ingest_pdf(m.save(tmp_path / "tight.pdf")))
    assert [[c.text for c in row] for row in table.body] == [
        ["Pay", "21,845.7", "626.9", "22,472.6"], ["Prices", "41,407.1", "1,944.4", "43,351.5"],
        ["Demand", "48,209.4", "0.0", "48,209.4"]]


def test_pdf_ruled_box_round_stacks_of_figures_is_read_by_alignment(tmp_path):
    """One ruled box round the labels, one round all the figures: rows come from alignment."""
    m = AlignedPdf().new_page()
    for x in (60, 230, 470):  # ruling lines: three verticals; rules above and below the heading and the body
        m.rect(x, 94, x + 0.5, 190, fill=True)
    for y in (94, 110, 190):
        m.rect(60, y, 470.5, y + 0.5, fill=True)
    m.row(98, "Service", ["Core", "External", "Total"], xs=(320, 390, 460), bold=True)
    rows = [("Pay", "21,845.7", "626.9", "22,472.6"), ("Prices", "41,407.1", "1,944.4", "43,351.5"),
            ("Demand", "48,209.4", "0.0", "48,209.4"), ("TOTAL", "111,462.2", "2,571.3", "114,033.5")]
    for k, (label, *figures) in enumerate(rows):
        m.row(120 + 15 * k, label, figures, xs=(320, 390, 460), bold=label == "TOTAL")
    [table] = tables_of(ingest_pdf(m.save(tmp_path / "box.pdf")))
    assert table.confidence == "aligned"
    assert table.header == ["Service", "Core", "External", "Total"]
    assert [[c.text for c in row] for row in table.body] == [list(r) for r in rows]
    assert all(c.bold for c in table.rows[-1])


def test_split_header_words_are_joined():
    from auditor.ingest.table_rows import mend_split_header_words
    from auditor.model import Cell, Location

    def row(*texts):
        return [Cell(t, Location("x", page=1)) for t in texts]

    rows = [row("", "Forecas", "Varianc"), row("", "t", "e"), row("Roads", "1.0", "0.1")]
    mended, header_rows = mend_split_header_words(rows, 2)
    assert header_rows == 1 and [c.text for c in mended[0]] == ["", "Forecast", "Variance"]
    assert [c.text for c in mended[1]] == ["Roads", "1.0", "0.1"]


def test_pdf_units_caption_above_the_table_becomes_its_unit_row(tmp_path):
    m = AlignedPdf().new_page()
    m.text(400, 100, "All figures in £m")
    m.row(120, "", ["Budget", "Forecast", "Variance"], bold=True)
    m.rows(140, [("Roads", "10.5", "11.0", "0.5"), ("Parks", "2.0", "1.9", "-0.1"), ("Total", "12.5", "12.9", "0.4")])
    raw_pack = ingest_pdf(m.save(tmp_path / "units.pdf"))
    [table] = tables_of(raw_pack)
    assert table.header == ["", "£m Budget", "£m Forecast", "£m Variance"]
    assert "All figures" not in texts_of(raw_pack)


def test_layout_text_units_caption_and_double_spaced_rows():
    text = """\
                                          All figures in £000s
Service                      Budget     Forecast     Variance

Roads                        10,500       11,000          500

Parks                         2,000        1,900         (100)

Total                        12,500       12,900          400
"""
    [table] = tables_of(parse_markdown(text, "pack.txt", "text"))
    assert table.header == ["Service", "£000s Budget", "£000s Forecast", "£000s Variance"]
    assert [r[0].text for r in table.body] == ["Roads", "Parks", "Total"]


def test_pdf_one_row_set_tight_is_cut_at_the_columns_of_the_others(tmp_path):
    """Most rows have wide gaps; one row's figures and label run together ('0.0 1,429.5 NET BUDGET')."""
    m = AlignedPdf().new_page()
    rows = [("Pay", "1,000.0", "10.0"), ("Prices", "2,000.0", "20.0"), ("Demand", "3,000.0", "30.0")]
    for k, (label, a, b) in enumerate(rows):
        m.right(100, 120 + 14 * k, a).right(160, 120 + 14 * k, b).text(200, 120 + 14 * k, label)
        m.right(400, 120 + 14 * k, a).right(460, 120 + 14 * k, b)
    top = 120 + 14 * 3
    m.right(100, top, "6,000.0", bold=True).right(160, top, "60.0", bold=True)
    m.text(164, top, "NET BUDGET", bold=True)  # 4 points after the figure: one run with it
    m.right(400, top, "6,000.0", bold=True).right(460, top, "60.0", bold=True)
    [table] = tables_of(ingest_pdf(m.save(tmp_path / "tightrow.pdf")))
    assert [c.text for c in table.rows[-1]] == ["6,000.0", "60.0", "NET BUDGET", "6,000.0", "60.0"]
    assert [c.text for c in table.rows[0]] == ["1,000.0", "10.0", "Pay", "1,000.0", "10.0"]
