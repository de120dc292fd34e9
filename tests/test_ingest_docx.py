"""Word ingest: the sample pack's .docx against its Markdown form, and small documents made here."""
from decimal import Decimal

import docx
import pytest
from conftest import run_rules
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from auditor.errors import InputError
from auditor.ingest.docx import ingest_docx

MEETING = ("Children and Families Overview and Scrutiny Committee", "2025-01-21", "14:00", "Sparkenhoe Committee Room")


def test_sample_docx_meeting_and_documents(pack_docx, pack_md):
    m = pack_docx.meeting
    assert (m.committee, m.date, m.time, m.venue) == MEETING
    assert [(d.kind, d.title) for d in pack_docx.documents] == [(d.kind, d.title) for d in pack_md.documents]
    assert all(d.start.paragraph and d.start.page is None for d in pack_docx.documents)


def test_sample_docx_draft_findings_match_markdown(pack_docx, pack_md):
    found = run_rules(pack_docx, ["draft"])
    assert [(f.rule, f.document) for f in found] == [(f.rule, f.document) for f in run_rules(pack_md, ["draft"])]
    # body element numbers of the paragraphs holding them (python-docx: document.element.body order)
    assert [f.location.paragraph for f in found] == [456, 479, 481, 483, 485, 487, 620, 665, 754, 762]


def test_sample_docx_word_numbering_is_rebuilt(pack_docx, pack_md):
    def numbers(pack):
        return [(b.number, b.text[:40]) for _, b in pack.iter_blocks() if b.number and b.kind == "paragraph"]

    docx_numbers = dict((t, n) for n, t in numbers(pack_docx))
    md_numbers = numbers(pack_md)
    same = sum(1 for n, t in md_numbers if docx_numbers.get(t) == n)
    assert same >= 0.95 * len(md_numbers)
    para = next(b for _, b in pack_docx.iter_blocks() if b.text.startswith("The table below summarises the proposed"))
    assert para.number == "27"


def test_sample_docx_table_values(pack_docx):
    total = [(row, c) for doc, _, t in pack_docx.tables() if doc.title.startswith("Appendix A – Revenue")
             for row in t.rows for c in row if c.figure is not None and c.figure.value == Decimal(136746300)]
    assert total and any(c.text == "Total" for c in total[0][0])
    growth = [row for doc, _, t in pack_docx.tables() if doc.title.startswith("Appendix B – Growth")
              for row in t.rows if any(c.figure is not None and c.figure.value == Decimal(56860) for c in row)]
    assert growth and any(c.text == "TOTAL" for c in growth[0])


def test_sample_docx_links(pack_docx):
    links = [link for _, b in pack_docx.iter_blocks() for link in b.links]
    assert sum(1 for _, t in links if t == "#") == 7
    assert ("www.cfgs.org.uk", "http://www.cfgs.org.uk") in links or any("cfgs.org.uk" in t for _, t in links)


# ---------------------------------------------------------------- documents made here

def _add_link(paragraph, text: str, target: str | None = None, anchor: str | None = None):
    link = OxmlElement("w:hyperlink")
    if target is not None:
        rid = paragraph.part.relate_to(target, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        link.set(qn("r:id"), rid)
    if anchor is not None:
        link.set(qn("w:anchor"), anchor)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


@pytest.fixture
def small_docx(tmp_path):
    d = docx.Document()
    d.add_heading("Budget Report", level=1)  # 1
    d.add_paragraph("Purpose of Report").runs[0].bold = True  # 2
    d.add_paragraph("The first numbered paragraph.", style="List Number")  # 3
    d.add_paragraph("The second numbered paragraph.", style="List Number")  # 4
    d.add_paragraph("A bullet point.", style="List Bullet")  # 5
    p = d.add_paragraph("See ")  # 6
    _add_link(p, "the website", target="https://example.org/")
    p.add_run(" and ")
    _add_link(p, "the annex", target="#")
    table = d.add_table(rows=3, cols=3)  # 7
    for r, row in enumerate([["Service", "2024/25", "2025/26"], ["Schools", "1,000", "1,100"], ["Total", "1,000", "1,100"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for cell in table.rows[2].cells:
        cell.paragraphs[0].runs[0].bold = True
    merged = d.add_table(rows=2, cols=3)  # 8
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "Both years"
    merged.cell(0, 2).text = "Note"
    d.add_paragraph("This page is intentionally left blank")  # 9
    d.add_paragraph("27. A paragraph numbered by hand.")  # 10
    path = tmp_path / "small.docx"
    d.save(path)
    return str(path)


def test_small_docx_blocks(small_docx):
    raw = ingest_docx(small_docx, "small.docx")
    got = [(b.kind, b.number, b.text, b.location.paragraph) for b in raw.blocks if b.table is None]
    assert got == [
        ("heading", None, "Budget Report", 1),
        ("paragraph", None, "Purpose of Report", 2),
        ("paragraph", "1", "The first numbered paragraph.", 3),
        ("paragraph", "2", "The second numbered paragraph.", 4),
        ("list_item", None, "A bullet point.", 5),
        ("paragraph", None, "See the website and the annex", 6),
        ("separator", None, "This page is intentionally left blank", 9),
        ("paragraph", "27", "A paragraph numbered by hand.", 10),
    ]
    assert raw.blocks[0].level == 1
    assert raw.blocks[1].bold and not raw.blocks[2].bold


def test_small_docx_links(small_docx):
    raw = ingest_docx(small_docx)
    block = next(b for b in raw.blocks if b.links)
    assert block.links == [("the website", "https://example.org/"), ("the annex", "#")]


def test_small_docx_tables(small_docx):
    raw = ingest_docx(small_docx)
    first, merged = [b.table for b in raw.blocks if b.table is not None]
    assert [[c.text for c in r] for r in first.rows][2] == ["Total", "1,000", "1,100"]
    assert all(c.bold for c in first.rows[2]) and not any(c.bold for c in first.rows[1])
    assert first.rows[1][2].figure.value == Decimal(1100)
    assert first.location.paragraph == 7 and first.confidence == "grid"
    assert [c.text for c in merged.rows[0]] == ["Both years", "", "Note"]  # a merged cell keeps the columns


def test_small_docx_empty_link_is_a_finding(small_docx):
    from auditor.pipeline import load_pack

    findings = run_rules(load_pack(small_docx), ["draft-empty-link"])
    assert [(f.found, f.location.paragraph) for f in findings] == [("target '#'", 6)]


def test_not_a_docx_is_an_input_error(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"this is not a zip file at all")
    with pytest.raises(InputError, match="not a Word .docx file"):
        ingest_docx(str(bad))


def _two_row_heading_docx(path, total_2025: str):
    doc = docx.Document()
    doc.add_paragraph("CAPITAL REPORT")
    doc.add_paragraph("1. Capital programme funding.")
    table = doc.add_table(rows=2, cols=4)
    table.cell(0, 1).merge(table.cell(0, 3)).text = "£m"
    for i, text in enumerate(["Source", "2025/26", "2026/27", "Total"]):
        table.cell(1, i).text = text
    for row in [("Grant", "12.4", "10.1", "22.5"), ("Borrowing", "30.2", "25.0", "55.2"),
                ("Total", total_2025, "35.1", "77.7")]:
        cells = table.add_row().cells
        for i, text in enumerate(row):
            cells[i].text = text
    doc.save(path)
    return str(path)


def test_a_heading_over_two_rows_names_each_column(tmp_path):
    # '£m' merged over the three columns, then the years: both rows are the heading, '£m' heads each column
    from auditor.facts.table_views import build_view
    raw = ingest_docx(_two_row_heading_docx(tmp_path / "two.docx", "42.6"))
    (table,) = [b.table for b in raw.blocks if b.table is not None]
    assert table.header_rows == 2
    assert build_view(table).labels == ["Source", "£m 2025/26", "£m 2026/27", "£m Total"]
    from auditor.pipeline import load_pack
    slip = load_pack(_two_row_heading_docx(tmp_path / "slip.docx", "43.6"))
    [f] = run_rules(slip, ["table-total"])
    assert (f.found, f.expected, f.extra["column"]) == ("43.6", "42.6", "£m 2025/26")
