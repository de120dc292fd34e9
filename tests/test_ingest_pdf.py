"""PDF ingest: the sample pack's PDF form against its Markdown form, and small PDFs made here."""
from decimal import Decimal

import pypdfium2 as pdfium
import pytest
from _pdfmake import PdfMaker
from conftest import run_rules

from auditor.errors import InputError
from auditor.ingest.pdf import ingest_pdf

MEETING = ("Children and Families Overview and Scrutiny Committee", "2025-01-21", "14:00", "Sparkenhoe Committee Room")


def _meeting(pack):
    m = pack.meeting
    return (m.committee, m.date, m.time, m.venue)


def _figures(pack, title_start, value):
    return [(doc, row, cell) for doc, _, table in pack.tables() if doc.title.startswith(title_start)
            for row in table.rows for cell in row
            if cell.figure is not None and cell.figure.value == Decimal(value)]


# ---------------------------------------------------------------- the sample pack

def test_sample_pdf_meeting(pack_pdf):
    assert _meeting(pack_pdf) == MEETING
    assert pack_pdf.pages == 43


def test_sample_pdf_documents_match_markdown(pack_pdf, pack_md):
    assert [(d.kind, d.title) for d in pack_pdf.documents] == [(d.kind, d.title) for d in pack_md.documents]


def test_sample_pdf_document_start_pages(pack_pdf):
    def start(prefix):
        return next(d.start.page for d in pack_pdf.documents if d.title.startswith(prefix))

    # the pages where the PDF's text layer holds these documents' first lines
    assert start("Minutes of the meeting") == 2
    assert start("MEDIUM TERM FINANCIAL") == 5
    assert start("QUARTER 2 2024/25") == 38


def test_sample_pdf_draft_findings_match_markdown_on_the_right_pages(pack_pdf, pack_md, sample_pdf):
    pdf = run_rules(pack_pdf, ["draft"])
    md = run_rules(pack_md, ["draft"])
    assert [(f.rule, f.document) for f in pdf] == [(f.rule, f.document) for f in md]
    # each is real: the Markdown source has the same slip, the page is where the PDF shows it
    expected = [
        ("draft-empty-link", 23),  # "... published on the Local Offer website" with the link to "#"
        ("draft-empty-link", 24),  # background paper "Proposed Transfer of Funding ..." linked to "#"
        ("draft-empty-link", 24),  # "Leicestershire County Council's Strategic Plan 2022 - 2026" -> "#"
        ("draft-empty-link", 24),  # "SEND And Inclusion Strategy 2020 to 2023" -> "#"
        ("draft-empty-link", 24),  # "SEND and Inclusion Strategy for 2020-2023" -> "#"
        ("draft-empty-link", 24),  # "SEN and Disabilities Strategy 2017 to 2020" -> "#"
        ("draft-note", 30),  # strategy: "(add appropriate link for more information)" left in
        ("draft-note", 32),  # strategy: "Recent voice work can be added here ..." left in
        ("draft-empty-link", 36),  # EIA "'protected characteristics'" -> "#"
        ("draft-comment-request", 38),  # EIA: "Please set out comments from the Corporate Policy Team" left in
    ]
    assert [(f.rule, f.location.page) for f in pdf] == expected
    doc = pdfium.PdfDocument(sample_pdf)
    try:
        for f in pdf:
            page_text = " ".join(doc[f.location.page - 1].get_textpage().get_text_range().split())
            probe = f.found if f.rule != "draft-empty-link" else f.message.split("'")[1]
            assert " ".join(probe.split())[:40] in page_text, (f.rule, f.location.page)
    finally:
        doc.close()


def test_sample_pdf_empty_links_are_found(pack_pdf):
    empty = [(label, target) for _, b in pack_pdf.iter_blocks() for label, target in b.links if target == "#"]
    assert len(empty) == 7
    assert ("SEND and Inclusion Strategy for 2020-2023", "#") in empty
    urls = [t for _, b in pack_pdf.iter_blocks() for _, t in b.links if t.startswith("http")]
    assert "http://www.leicestershire.gov.uk/" in urls


def test_sample_pdf_table_values(pack_pdf):
    total = _figures(pack_pdf, "Appendix A – Revenue", 136746300)
    assert total, "Appendix A revenue budget total 136,746,300"
    doc, row, cell = total[0]
    assert any(c.text == "Total" for c in row) and cell.location.page == 19 and cell.location.bbox
    growth = _figures(pack_pdf, "Appendix B – Growth", 56860)
    assert growth and any(c.text == "TOTAL" for c in growth[0][1])
    assert all(c.bold for c in growth[0][1] if c.text)  # the total row is bold in the PDF


def test_sample_pdf_tables_have_grid_confidence_and_bboxes(pack_pdf):
    for _, block, table in pack_pdf.tables():
        if len(table.parts) == 1:  # joined tables get the joiner's confidence
            assert table.confidence == "grid"
        x0, top, x1, bottom = block.location.bbox
        assert 0 <= x0 < x1 <= 596 and 0 <= top < bottom <= 842


def test_sample_pdf_table_text_is_not_also_a_paragraph(pack_pdf):
    paragraphs = [b.text for _, b in pack_pdf.iter_blocks() if b.table is None]
    assert not any("Original prior year budget" in t for t in paragraphs)
    assert any(c.text == "Original prior year budget" for _, _, t in pack_pdf.tables() for r in t.rows for c in r)


def test_sample_pdf_numbered_paragraphs_and_headings(pack_pdf):
    blocks = [b for _, b in pack_pdf.iter_blocks()]
    para = next(b for b in blocks if b.text.startswith("The table below summarises the proposed 2025/26"))
    assert para.number == "27" and para.kind == "paragraph"
    assert para.location.page == 7
    heading = next(b for b in blocks if b.text == "Membership")
    assert heading.kind == "heading"
    purpose = next(b for b in blocks if b.text == "Purpose of Report")
    assert purpose.bold


def test_multi_line_paragraph_anchors_point_at_each_line(pack_pdf):
    block = next(b for _, b in pack_pdf.iter_blocks() if b.text.startswith("The table below summarises the proposed"))
    assert len(block.anchors) == 2
    first, second = block.anchors[0][1], block.anchors[1][1]
    assert second.bbox[1] > first.bbox[1]
    assert block.location_at(len(block.text) - 3) == second


# ---------------------------------------------------------------- PDFs made here

@pytest.fixture
def small_pdf(tmp_path):
    m = PdfMaker()
    for n in (1, 2, 3):
        m.new_page()
        m.text(60, 30, "Borough Council Cabinet 3 March 2025", 8)  # running header
        m.text(290, 815, f"Page {n}", 8)  # footer
        if n == 1:
            m.text(60, 100, "Budget Report", 14, bold=True)
            m.text(60, 130, "1. This is the first paragraph which talks about the budget for", 10)
            m.text(60, 142, "the coming year and it continues here.", 10)
            m.text(60, 170, "2. The table below shows [insert figure] for 2025/26.", 10)
            m.grid(60, 200, [150, 80, 80], 16, [["Service", "2024/25", "2025/26"], ["Schools", "1,000", "1,100"],
                                                ["Total", "1,000", "1,100"]], bold_rows=(0, 2))
            m.text(60, 300, "See the website for more.", 10)
            m.link(60, 300, 120, 312, "")
        elif n == 2:
            m.text(200, 400, "This page is intentionally left blank", 10)
        else:
            m.text(60, 100, "Summary", 10, bold=True)
            m.text(60, 120, "(a) the first point;", 10)
            m.text(60, 140, "(b) the second point.", 10)
    return m.save(tmp_path / "small.pdf")


def test_small_pdf_blocks(small_pdf):
    raw = ingest_pdf(small_pdf, "small.pdf")
    kinds = [(b.kind, b.number, b.text) for b in raw.blocks if b.kind != "table"]
    assert kinds == [
        ("heading", None, "Budget Report"),
        ("paragraph", "1", "This is the first paragraph which talks about the budget for the coming year and it continues here."),
        ("paragraph", "2", "The table below shows [insert figure] for 2025/26."),
        ("paragraph", None, "See the website for more."),
        ("separator", None, "This page is intentionally left blank"),
        ("paragraph", None, "Summary"),
        ("list_item", "a", "the first point;"),
        ("list_item", "b", "the second point."),
    ]
    assert raw.pages == 3 and raw.warnings == []


def test_small_pdf_table_cells(small_pdf):
    raw = ingest_pdf(small_pdf, "small.pdf")
    table = next(b.table for b in raw.blocks if b.table is not None)
    assert [[c.text for c in r] for r in table.rows] == [
        ["Service", "2024/25", "2025/26"], ["Schools", "1,000", "1,100"], ["Total", "1,000", "1,100"]]
    assert [c.bold for c in table.rows[2]] == [True, True, True]
    assert not any(c.bold for c in table.rows[1])
    assert table.rows[1][2].figure.value == Decimal(1100)
    assert table.rows[1][2].location.page == 1 and table.rows[1][2].location.bbox[0] > 280


def test_small_pdf_bold_and_links(small_pdf):
    raw = ingest_pdf(small_pdf, "small.pdf")
    summary = next(b for b in raw.blocks if b.text == "Summary")
    assert summary.bold
    link_block = next(b for b in raw.blocks if b.links)
    assert link_block.links == [("See the website", "")]


def test_small_pdf_draft_rules_find_placeholder_and_empty_link(small_pdf, tmp_path):
    from auditor.pipeline import load_pack

    findings = run_rules(load_pack(small_pdf), ["draft"])
    assert sorted((f.rule, f.location.page) for f in findings) == [("draft-empty-link", 1), ("draft-placeholder", 1)]


def test_rotated_page_text_reads_upright(tmp_path):
    m = PdfMaker().new_page(rotation=90)  # a landscape page: text drawn turned, so it reads upright
    m.text(300, 400, "This page is intentionally left blank", 10, turned=True)
    m.new_page()
    m.text(60, 100, "Some report text on a normal page.", 10)
    raw = ingest_pdf(m.save(tmp_path / "rot.pdf"))
    assert [b.kind for b in raw.blocks] == ["separator", "paragraph"]


def test_image_only_pages_are_named_in_a_warning(tmp_path):
    m = PdfMaker().new_page()
    m.text(60, 100, "Report text on the first page.", 10)
    m.new_page().rect(100, 100, 400, 400, fill=True)
    m.new_page().rect(100, 100, 400, 400, fill=True)
    raw = ingest_pdf(m.save(tmp_path / "part.pdf"))
    assert any("no text on pages 2-3" in w and "OCR" in w for w in raw.warnings)


def test_pdf_without_text_layer_is_an_input_error(tmp_path):
    m = PdfMaker().new_page().rect(100, 100, 400, 400, fill=True)
    m.new_page().rect(50, 50, 300, 300, fill=True)
    with pytest.raises(InputError, match=r"no text layer on pages 1-2.*OCR"):
        ingest_pdf(m.save(tmp_path / "scan.pdf"))


def test_running_headers_repeat_and_page_numbers_are_dropped(small_pdf):
    raw = ingest_pdf(small_pdf)
    texts = " ".join(b.text for b in raw.blocks)
    assert "Borough Council Cabinet" not in texts and "Page 1" not in texts


def test_sideways_text_on_an_upright_page_reads_as_lines(tmp_path):
    m = PdfMaker()
    for n in (1, 2, 3):
        m.new_page()
        m.text(560, 700, f"Page {n}", 8, turned=True)  # a page stamp running up the margin
        if n == 2:
            m.text(300, 600, "This page is intentionally left blank", 12, turned=True)  # a landscape page
        else:
            m.text(60, 100, f"Report text on page {n}.", 10)
    raw = ingest_pdf(m.save(tmp_path / "stamps.pdf"))
    assert [(b.kind, b.text, b.location.page) for b in raw.blocks] == [
        ("paragraph", "Report text on page 1.", 1),
        ("separator", "This page is intentionally left blank", 2),
        ("paragraph", "Report text on page 3.", 3),
    ]


def test_fake_bold_doubled_characters_are_read_once(tmp_path):
    m = PdfMaker().new_page()
    m.text(60, 100, "Total net budget 1,234", 10)
    m.text(60.3, 100, "Total net budget 1,234", 10)  # drawn again a hair to the right: fake bold
    m.text(60, 130, "Next paragraph.", 10)
    raw = ingest_pdf(m.save(tmp_path / "fakebold.pdf"))
    assert [b.text for b in raw.blocks] == ["Total net budget 1,234", "Next paragraph."]


def test_header_row_guess():
    from auditor.ingest.table_rows import guess_header_rows
    from auditor.model import Cell, Location
    from auditor.numbers import parse_figure

    def rows(*texts, bold_first=False):
        loc = Location("t", page=1)
        return [[Cell(t, loc, bold=bold_first and r == 0, figure=parse_figure(t)) for t in row]
                for r, row in enumerate(texts)]

    assert guess_header_rows(rows(["Service", "Budget"], ["Schools", "1,000"])) == 1  # labels over figures
    assert guess_header_rows(rows(["Item", "Pages"], ["Minutes", "5 - 12"], bold_first=True)) == 1  # bold
    assert guess_header_rows(rows(["CF1", "-750"], ["CF2", "-390"])) == 0  # data from the first row
    assert guess_header_rows(rows(["8. Budget", "Director"], ["9. SEND", "Director"])) == 0  # no sign of a header


def test_row_cut_by_a_page_break_is_mended(tmp_path):
    m = PdfMaker().new_page()
    m.grid(60, 700, [200, 80], 16, [["Indicator", "Latest"], ["Pupils reaching the expected", "41.0%"]],
           bold_rows=(0,))
    m.new_page()
    m.grid(60, 60, [200, 80], 16, [["Indicator", "Latest"], ["standard in maths", ""], ["Other", "5.0%"]],
           bold_rows=(0,))
    raw = ingest_pdf(m.save(tmp_path / "cut_row.pdf"))
    first, second = [b.table for b in raw.blocks if b.table is not None]
    assert [c.text for c in first.rows[-1]] == ["Pupils reaching the expected standard in maths", "41.0%"]
    assert [[c.text for c in r] for r in second.rows] == [["Indicator", "Latest"], ["Other", "5.0%"]]


def test_figures_stacked_in_one_ruled_box_make_an_aligned_table(tmp_path):
    m = PdfMaker().new_page()
    m.rect(60, 100, 200, 200).rect(200, 100, 340, 200).rect(60, 200, 200, 220).rect(200, 200, 340, 220)
    m.text(65, 104, "Schools", 9).text(65, 116, "Libraries", 9).text(65, 128, "Roads", 9)
    for top, row in ((104, "1,000.5 2,000.0"), (116, "300.0 400.0"), (128, "50.0 60.0")):
        m.text(205, top, row, 9)
    m.text(65, 204, "Total", 9).text(205, 204, "2,460.5", 9)
    raw = ingest_pdf(m.save(tmp_path / "boxed.pdf"))
    table = next(b.table for b in raw.blocks if b.table is not None)
    assert table.confidence == "aligned"  # the rows are only aligned text: checks must treat it as doubtful


def test_words_set_tight_keep_the_breaks_pdfium_sees(tmp_path):
    """A tightly set font (Aptos Bold in a council's table: 'Delivery Sub Total') leaves word gaps of a
    tenth of the type's height, under the 0.2 that parts two words anywhere; where PDFium saw a break
    too, the words are parted. Letters closer than that, where PDFium saw none, stay one word."""
    width = 36.69  # 'Delivery' in Helvetica 10
    maker = PdfMaker().new_page()
    for n, gap in enumerate((0.5, 0.9, 1.3, 1.8, 2.6)):
        maker.text(50, 100 + 30 * n, "Delivery", size=10).text(50 + width + gap, 100 + 30 * n, "Sub", size=10)
    pack = ingest_pdf(maker.save(tmp_path / "tight.pdf"))
    assert [b.text for b in pack.blocks] == ["DeliverySub", "DeliverySub", "Delivery Sub", "Delivery Sub",
                                             "Delivery Sub"]


def test_letters_of_one_ligature_glyph_are_all_read(tmp_path):
    """'ff' drawn as one glyph gives two letters with one box: neither is a fake-bold double."""
    from _pdfmake import ligature_pdf

    raw = ingest_pdf(ligature_pdf(tmp_path / "ligature.pdf", b"The e\x01ect is su\x01icient."))
    assert [b.text for b in raw.blocks] == ["The effect is sufficient."]
