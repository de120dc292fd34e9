"""A Word document printed to PDF (no ruling lines, fonts whose character boxes are each glyph's own).

fixtures/word-printed-pages.pdf is five pages of the sample pack's Word form printed to PDF
(pages 24-27 and 39 of leics-cfs-scrutiny-2025-01-21.word.pdf). Its embedded fonts declare no
descent, so PDFium gives each character its glyph's own box: 'programme' reads taller than 'the'.
"""
from pathlib import Path

import pypdfium2 as pdfium
from test_aligned_tables import AlignedPdf, tables_of

from auditor.facts.index import build_fact_index
from auditor.ingest.pdf import ingest_pdf
from auditor.ingest.pdf_pages import read_page
from auditor.structure.segment import segment
from conftest import run_rules

FIXTURE = str(Path(__file__).parent / "fixtures" / "word-printed-pages.pdf")
MEETING = {"meeting_date": "2025-01-21"}


def _pack():
    return segment(ingest_pdf(FIXTURE))


def _found(pack, rule, options=None):
    return [f.found for f in run_rules(pack, [rule], options or MEETING) if f.severity in ("error", "warning")]


# ---------------------------------------------------------------- one size per font and size

def test_every_word_of_the_body_font_has_one_size():
    doc = pdfium.PdfDocument(FIXTURE)
    page = read_page(doc, 4)  # page 39 of the pack: body text only
    sizes = {w.size for w in page.words if w.text.isalpha() and not w.bold}
    assert len(sizes) == 1


def test_a_pdf_whose_fonts_have_even_boxes_keeps_its_sizes(monkeypatch):
    from auditor.ingest import pdf_pages

    doc = pdfium.PdfDocument(str(Path(__file__).parents[1] / "fixtures" / "leics-cfs-scrutiny-2025-01-21.pdf"))
    evened = [(w.text, w.size) for k in (0, 17) for w in read_page(doc, k).words]
    monkeypatch.setattr(pdf_pages, "_even_sizes", lambda *args: None)
    as_read = [(w.text, w.size) for k in (0, 17) for w in read_page(doc, k).words]
    assert evened == as_read and len({s for _, s in as_read}) >= 2


def test_the_lines_of_a_numbered_paragraph_read_as_one_paragraph():
    raw = ingest_pdf(FIXTURE)
    [para] = [b for b in raw.blocks if b.number == "13"]
    assert para.kind == "paragraph" and para.location.page == 5
    assert "The strategy is being presented to the Cabinet for approval in February 2024." in para.text
    assert para.text.startswith("In November 2024, the draft SEND and Inclusion Strategy was presented")


def _dates_found(pack, meeting: str) -> list[str]:
    # any severity: five pages cut from a pack name no paper written for the meeting (so 'info')
    return [f.found for f in run_rules(pack, ["date-tense"], {"meeting_date": meeting})]


def test_a_future_event_dated_before_the_meeting_is_found_across_a_line_break():
    pack = _pack()
    assert "February 2024" in _dates_found(pack, "2025-01-21")
    # the same sentence in a paper for a meeting before February 2024 is right
    assert "February 2024" not in _dates_found(pack, "2023-12-05")


# ---------------------------------------------------------------- bullets printed as Symbol characters

def test_symbol_bullets_open_list_items_and_keep_each_item_apart():
    raw = ingest_pdf(FIXTURE)
    items = [b.text for b in raw.blocks if b.kind == "list_item"]
    [after_break] = [b for b in raw.blocks if b.text.startswith("30 hours in September 2025")]
    assert after_break.text == "30 hours in September 2025."  # the next bullet's item is not run into it
    assert len([t for t in items if t.startswith("15 hours")]) >= 3
    assert not any("\uf0b7" in b.text for b in raw.blocks)
    [extend] = [t for t in items if "This will extend to" in t]
    assert "was formally" not in extend  # the next bullet's words stay in the next item


def test_a_future_in_one_bullet_is_not_read_with_the_past_of_the_next():
    assert "September 2025" not in _dates_found(_pack(), "2025-01-21")


def test_a_list_that_runs_over_the_page_break_is_added_up():
    found = [f for f in run_rules(_pack(), ["prose-parts-sum"], MEETING) if f.found == "£12.6m"]
    assert [f.expected for f in found] == ["£11.4m (£8m + £2m + £1.2m + £225k)"]


# ---------------------------------------------------------------- a table read by alignment

def test_a_figure_put_in_a_year_the_aligned_table_lacks_is_found():
    found = _found(_pack(), "fact-conflict-figure")
    assert "£17.6m in 2024/25" in found


# ---------------------------------------------------------------- a header printed as a table of its own

def test_period_labels_printed_apart_above_the_table_name_its_columns():
    pack = _pack()
    index = build_fact_index(pack)
    cells = [f for f in index.of_kind("cell") if f.subject == "Annual Revenue Funding Gap"]
    assert [(f.value_text, f.period) for f in cells] == [
        ("15,255", "2025/26"), ("12,545", "2026/27"), ("9,786", "2027/28"), ("14,454", "2028/29")]


def _split_header_pdf(path, figure: str) -> str:
    m = AlignedPdf().new_page()
    m.text(72, 60, "High Needs forecast", size=12, bold=True)
    m.text(72, 90, f"The annual funding gap is {figure} in 2025/26 and is carried forward as an overspend.")
    # the header as a table of its own, at its own widths, a rule of dashes under it
    for x, label in zip((120, 230, 340, 450), ("2025/26", "2026/27", "2027/28", "2028/29")):
        m.text(x, 130, label, size=9, bold=True)
    m.text(72, 152, "– ——— ——— ——— ———", size=9)
    xs = (330, 390, 450, 510)
    m.row(174, "", ["£,000", "£,000", "£,000", "£,000"], xs=xs, size=9, bold=True)
    m.rows(196, [("Grant Income", "-117,413", "-120,912", "-124,516", "-128,228"),
                 ("Placement Costs", "133,176", "147,214", "163,382", "181,901"),
                 ("Annual Revenue Funding Gap", "15,763", "26,302", "38,866", "53,673")],
           step=22, xs=xs, size=9)
    m.text(72, 280, "The deficit is forecast to rise over the period.")
    return m.save(path)


def test_a_split_header_gives_the_periods_and_the_slip_is_found(tmp_path):
    raw = ingest_pdf(_split_header_pdf(tmp_path / "ok.pdf", "£15.8m"))
    [table] = [t for t in tables_of(raw) if len(t.rows) == 1]
    assert [c.text for c in table.rows[0]][-4:] == ["2025/26", "2026/27", "2027/28", "2028/29"]
    assert _found(segment(raw), "fact-conflict-figure") == []
    wrong = segment(ingest_pdf(_split_header_pdf(tmp_path / "slip.pdf", "£16.8m")))
    assert _found(wrong, "fact-conflict-figure") == ["£16.8m"]


def test_a_row_of_years_far_above_a_table_is_no_header(tmp_path):
    m = AlignedPdf().new_page()
    for x, label in zip((120, 230, 340, 450), ("2025/26", "2026/27", "2027/28", "2028/29")):
        m.text(x, 60, label, size=9)
    m.text(72, 90, "Some words between the years and the table, as a paragraph of their own.")
    xs = (330, 390, 450, 510)
    m.row(130, "", ["£,000", "£,000", "£,000", "£,000"], xs=xs, size=9, bold=True)
    m.rows(152, [("Grant Income", "-117,413", "-120,912", "-124,516", "-128,228"),
                 ("Placement Costs", "133,176", "147,214", "163,382", "181,901"),
                 ("Funding Gap", "15,763", "26,302", "38,866", "53,673")], step=22, xs=xs, size=9)
    tables = tables_of(ingest_pdf(m.save(tmp_path / "far.pdf")))
    assert all(len(t.rows) > 1 for t in tables)
