"""A Word finding's place is one a reader can find: the printed paragraph number and the heading it
sits under, never the body-element index Word does not show; a place listed twice is listed once."""
import docx
from conftest import run_rules
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from auditor.annotate import note_text
from auditor.ingest.docx import ingest_docx
from auditor.model import Finding, Location, Related
from auditor.structure.segment import segment


def _numbering(d, levels: list[str]) -> str:
    """A list whose levels print `levels` ('%1.', '%1.%2'); returns its numId."""
    root = d.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    for i, text in enumerate(levels):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(i))
        for tag, val in (("w:start", "1"), ("w:numFmt", "decimal"), ("w:lvlText", text)):
            el = OxmlElement(tag)
            el.set(qn("w:val"), val)
            lvl.append(el)
        abstract.append(lvl)
    root.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    root.append(num)
    return "90"


def _numbered(d, text: str, num_id: str, ilvl: int):
    p = d.add_paragraph(text)
    ppr = p._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    for tag, val in (("w:ilvl", str(ilvl)), ("w:numId", num_id)):
        el = OxmlElement(tag)
        el.set(qn("w:val"), val)
        numpr.append(el)
    ppr.append(numpr)
    return p


def _two_papers(tmp_path, slip: str):
    """Two papers, each with a paragraph printed '3.': the slip sits in the second one only."""
    d = docx.Document()
    for title, third in (("Libraries", "The libraries budget is set out below."),
                         ("Parks", f"The parks budget {slip} is set out below.")):
        d.add_paragraph("This page is intentionally left blank")
        d.add_paragraph(f"REPORT OF THE DIRECTOR OF {title.upper()}").runs[0].bold = True
        d.add_heading("Background", level=2)
        for n, text in enumerate(("The purpose of this report is to inform.", "The service runs well.", third), 1):
            d.add_paragraph(f"{n}. {text}")
    path = tmp_path / "places.docx"
    d.save(path)
    return segment(ingest_docx(str(path), "places.docx"))


def test_a_clean_paper_has_no_draft_finding(tmp_path):
    assert run_rules(_two_papers(tmp_path, ""), ["draft-placeholder"]) == []


def test_a_draft_note_is_placed_by_printed_number_and_heading_not_body_index(tmp_path):
    pack = _two_papers(tmp_path, "to be set [insert date]")
    [f] = run_rules(pack, ["draft-placeholder"])
    assert f.document == "REPORT OF THE DIRECTOR OF PARKS"
    assert f.location.paragraph == 12  # the body index stays for tools (annotate) ...
    # ... but is never shown; both papers have a paragraph 3 under “Background”: the paper tells them apart
    place = "paragraph 3 under “Background” in “REPORT OF THE DIRECTOR OF PARKS”"
    assert f.location.describe() == place and f.location.to_json()["place"] == place
    first = next(b for b in pack.documents[0].blocks if b.text.startswith("The libraries budget"))
    libraries = "paragraph 3 under “Background” in “REPORT OF THE DIRECTOR OF LIBRARIES”"
    assert first.location.describe() == libraries
    purpose = next(b for b in pack.documents[1].blocks if b.text.startswith("The service runs"))
    assert purpose.location.describe().endswith("in “REPORT OF THE DIRECTOR OF PARKS”")


def test_word_list_numbering_gives_the_printed_number(tmp_path):
    d = docx.Document()
    num = _numbering(d, ["%1.", "%1.%2"])
    d.add_heading("Financial Implications", level=2)
    _numbered(d, "Revenue.", num, 0)  # 1.
    _numbered(d, "Capital.", num, 0)  # 2.
    _numbered(d, "The first capital item.", num, 1)  # 2.1
    _numbered(d, "The second capital item.", num, 1)  # 2.2
    d.add_paragraph("A plain paragraph.")
    d.add_paragraph("5.2 The Council typed this number.")
    d.add_paragraph("2.5 million people were typed here.")
    path = tmp_path / "numbers.docx"
    d.save(path)
    places = [b.location.describe() for b in ingest_docx(str(path), "numbers.docx").blocks]
    assert places == ["heading “Financial Implications”",
                      "paragraph 1 under “Financial Implications”",
                      "paragraph 2 under “Financial Implications”",
                      "paragraph 2.1 under “Financial Implications”",
                      "paragraph 2.2 under “Financial Implications”",
                      "text after paragraph 2 under “Financial Implications”",
                      "paragraph 5.2 under “Financial Implications”",
                      # a figure, not a number: the paragraph after 5.2
                      "text after paragraph 5.2 under “Financial Implications”"]


def test_without_a_heading_the_opening_words_qualify_the_place(tmp_path):
    d = docx.Document()
    d.add_paragraph("Minutes of the meeting held on 5 November 2024.")
    d.add_paragraph("12. Apologies for absence were received from Mr Smith.")
    d.add_paragraph("That the report be noted.")
    d.add_paragraph("This page is intentionally left blank")
    d.add_paragraph("Some later words.")
    path = tmp_path / "plain.docx"
    d.save(path)
    places = [b.location.describe() for b in ingest_docx(str(path), "plain.docx").blocks if b.kind != "separator"]
    assert places == ["the paragraph beginning “Minutes of the meeting held on 5…”",
                      "paragraph 12, beginning “Apologies for absence were received…”",
                      "text after paragraph 12, beginning “That the report be noted.”",
                      "the paragraph beginning “Some later words.”"]  # a blank page ends the numbering


def test_a_note_lists_each_other_place_once():
    here = Location("p.docx", paragraph=9, place="table under “Budget”")
    other = Location("p.docx", paragraph=30, place="paragraph 4 under “Summary”")
    f = Finding("table-total", "error", "Total is wrong", "Report", here,
                related=[Related("Report", here, "a"), Related("Report", here, "b"),
                         Related("Report", other, "c"), Related("Report", other, "d")])
    lines = [line for line in note_text(f).splitlines() if line.startswith("See also")]
    assert lines == ["See also: Report, paragraph 4 under “Summary”"]


PLAN_HEAD = """**CABINET – 3 MARCH 2025**

**HOUSING REPORT**

**REPORT OF THE DIRECTOR OF HOUSING**

"""
# the Departmental Plan's period three times on one line, then once more on another: each place once
PLAN_MENTIONS = PLAN_HEAD + """1. The Departmental Plan 2024-2026 (the Departmental Plan 2024-2026, see \
the Departmental Plan 2024- 2026).

2. The priorities of the Departmental Plan {period} are set out below.
"""


def test_a_plan_conflict_lists_each_period_and_place_once():
    from conftest import pack_from_markdown

    assert run_rules(pack_from_markdown(PLAN_MENTIONS.format(period="2024-26")), ["fact-conflict-plan"]) == []
    [f] = run_rules(pack_from_markdown(PLAN_MENTIONS.format(period="2020-2023")), ["fact-conflict-plan"])
    assert f.found == "2020-2023"
    assert f.message.endswith("is given different periods: 2024-2026 (3 mentions: HOUSING REPORT, line 7); "
                              "2020-2023 (HOUSING REPORT, line 9)")


def test_a_table_is_placed_after_its_paragraph_or_by_its_first_row(tmp_path):
    d = docx.Document()
    for heading in (None, "Proposed Revenue Budget"):
        if heading:
            d.add_paragraph("This page is intentionally left blank")
            d.add_heading(heading, level=3)
            d.add_paragraph("27. The table below summarises the budget.")
        table = d.add_table(rows=2, cols=3)
        for r, row in enumerate([["Service", "2024/25", "2025/26"], ["Schools", "1,000", "1,100"]]):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
    path = tmp_path / "tables.docx"
    d.save(path)
    tables = [b for b in ingest_docx(str(path), "tables.docx").blocks if b.table is not None]
    assert [t.location.describe() for t in tables] == ["table beginning “Service | 2024/25 | 2025/26”",
                                                       "table after paragraph 27 under “Proposed Revenue Budget”"]
    assert all(c.location == t.location for t in tables for row in t.table.rows for c in row)
