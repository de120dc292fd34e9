"""Segmentation of other councils' packs: papers cued by what opens a page."""
import os

from conftest import pack_from_markdown

from auditor.ingest.markdown import parse_markdown
from auditor.model import Block, Cell, Location, RawPack, Table
from auditor.structure.segment import segment

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "fixtures", "real")


def _documents(pack):
    return [(d.kind, d.title, d.letter) for d in pack.documents]


def _text_pack(text: str):
    return segment(parse_markdown(text, "pack.txt", fmt="text"))


# A modern.gov-style public reports pack as pdftotext gives it: no blank line between a page's
# "Page N" footer and the next paper's "Agenda Item N" stamp, front-sheet labels run together.
MODERN_GOV_TEXT = """Public Document Pack

Highways Policy Committee
Agenda
Date: Monday, 3 March 2025
Time: 6.00 pm
Venue: Council Chamber - Civic Centre, High Street

Agenda
1. Minutes of the Previous Meeting
(Pages 3 - 4)
2. Parking charges review
(Pages 5 - 9)
Agenda Item 1
Bristol City Council
Minutes of the Highways Policy
Committee

13 January 2025 at 6.00 pm

1. Apologies were received from Councillor Smith.
Page 4
Agenda Item 2

Committee Report

DATE: 3 March 2025

TITLE: Parking charges review

1. This report proposes changes to parking charges.

APPENDICES
Appendix A – Further background on the proposal YES

Appendix B – Equality Impact Assessment (EqIA) YES

Appendix C – Exempt Information NO
Version January 2025 Page 5
OFFICIAL
Parking charges review. Appendix A – Information and Statistics

Permit numbers rose by 4% in the year.
Page 6
Equality Impact Assessment [version 2.9]
Title: Parking charges review

Step 1: What is the proposal?
Page 7
"""


def test_text_pack_splits_at_stamps_and_footers():
    pack = _text_pack(MODERN_GOV_TEXT)
    assert _documents(pack) == [
        ("agenda", "Agenda", None),
        ("minutes", "Minutes of the meeting of 13 January 2025", None),
        ("report", "Parking charges review", None),
        ("appendix", "Appendix A – Information and Statistics", "A"),
        ("appendix", "Appendix B – Equality Impact Assessment: Parking charges review", "B"),
    ]
    assert all(d.parent == "Parking charges review" for d in pack.documents[3:])
    m = pack.meeting
    assert (m.committee, m.date, m.time, m.venue) == ("Highways Policy Committee", "2025-03-03", "18:00", "Council Chamber - Civic Centre")


def test_footer_line_stays_with_its_page():
    pack = _text_pack(MODERN_GOV_TEXT)
    minutes = pack.documents[1]
    assert minutes.blocks[-1].text.endswith("Page 4")
    report = pack.documents[2]
    assert report.blocks[0].text == "Agenda Item 2" and report.start.line == MODERN_GOV_TEXT.split("\n").index("Agenda Item 2") + 1


def test_partial_appendix_set_is_left_unlettered():
    # the report includes A, B and D; D's pages are not recognisable, so the cross-reference checks must
    # not be told "this report's appendices are A, B" (a reference to Appendix D would look wrong).
    text = MODERN_GOV_TEXT.replace("Appendix C – Exempt Information NO",
                                   "Appendix C – Exempt Information NO\n\nAppendix D – Risk register YES")
    pack = _text_pack(text)
    appendices = [d for d in pack.documents if d.kind == "appendix"]
    assert [d.title for d in appendices] == ["Appendix A – Information and Statistics",
                                             "Appendix B – Equality Impact Assessment: Parking charges review"]
    assert all(d.letter is None for d in appendices)


def test_first_listed_appendix_follows_the_list_on_the_next_page():
    text = MODERN_GOV_TEXT.replace("Parking charges review. Appendix A – Information and Statistics", "Permit data")
    pack = _text_pack(text)
    first = next(d for d in pack.documents if d.kind == "appendix")
    assert first.title == "Appendix A – Further background on the proposal"
    assert first.blocks[0].text == "OFFICIAL Permit data"


def test_a_listed_appendix_page_is_not_an_appendix():
    # a report's list of appendices at the top of a page is part of the report
    text = MODERN_GOV_TEXT.replace("1. This report proposes changes to parking charges.\n\nAPPENDICES",
                                   "1. This report proposes changes to parking charges.\nPage 5\nAPPENDICES")
    pack = _text_pack(text)
    report = next(d for d in pack.documents if d.kind == "report")
    assert any("Appendix C – Exempt Information NO" in b.text for b in report.blocks)


# ---------------------------------------------------------------- PDF-like packs (blocks with pages)

def _block(page, text, kind="paragraph", bold=False, level=0):
    return Block(kind, text, Location("pack.pdf", page=page), bold=bold, level=level)


def _form(page, rows):
    loc = Location("pack.pdf", page=page)
    table = Table(rows=[[Cell(c, loc) for c in row] for row in rows], location=loc)
    return Block("table", "", loc, table=table)


def _pdf_pack(blocks, pages):
    return segment(RawPack(source="pack.pdf", format="pdf", blocks=blocks, pages=pages))


def test_covering_letter_forms_report_and_repeated_appendix_heading():
    form_rows = [["Budget Amendment Form", "", ""], ["Amendment Name:", "Alternative Budget", ""],
                 ["Proposer:", "Cllr A", ""], ["Seconder:", "Cllr B", ""]]
    blocks = [
        _block(1, "Ask for: J Smith Date: 27 February 2025"), _block(1, "Dear Member"),
        _block(1, "COUNTY COUNCIL - THURSDAY, 13 FEBRUARY 2025", bold=True),
        _block(1, "Enclosed are the amendments proposed at the meeting."),
        _block(2, "This page is intentionally left blank", kind="separator"),
        _form(3, form_rows), _block(3, "Agenda Item 6"),
        _block(4, "This page is intentionally left blank", kind="separator"),
        _block(5, "Group – Alternative Budget", bold=True), _block(5, "1.1 The budget is revised as below."),
        _block(6, "APPENDIX A: REVENUE PLAN", kind="heading", bold=True, level=1), _block(6, "Spending rises."),
        _block(7, "APPENDIX A: REVENUE PLAN", kind="heading", bold=True, level=1), _block(7, "Savings fall."),
        _form(8, [["Budget Amendment Form", "", ""], ["Amendment Name:", "Fly-tipping support", ""],
                  ["Proposer:", "Cllr C", ""]]),
    ]
    pack = _pdf_pack(blocks, 8)
    assert _documents(pack) == [
        ("other", "Covering letter", None),
        ("other", "Budget Amendment Form – Alternative Budget", None),
        ("report", "Group – Alternative Budget", None),
        ("appendix", "Appendix A – REVENUE PLAN", "A"),
        ("other", "Budget Amendment Form – Fly-tipping support", None),
    ]
    assert len(pack.documents[3].blocks) == 4  # the heading repeated on page 7 continues Appendix A
    m = pack.meeting
    assert (m.committee, m.date) == ("COUNTY COUNCIL", "2025-02-13")  # not the letter's date


def test_single_report_pack_is_one_report():
    blocks = [
        _block(1, "Finance Monitoring Report", kind="heading", bold=True, level=1),
        _block(1, "As at Quarter 3", kind="heading", level=4),
        _block(1, "By Cabinet Member for Finance, Jane Doe", kind="heading", level=6),
        _block(1, "To Cabinet – 30 January 2025", kind="heading", level=6),
        _block(2, "1 | Introduction", kind="heading", bold=True, level=2),
        _block(2, "This report provides an update."),
        _block(3, "9 | Appendices", kind="heading", bold=True, level=2),
        _block(3, "Appendix 1 – Key Service Statement", kind="heading", level=6),
        _block(3, "Appendix 2 – Savings", kind="heading", level=6),
    ]
    pack = _pdf_pack(blocks, 3)
    assert _documents(pack) == [("report", "Finance Monitoring Report", None)]
    assert (pack.meeting.committee, pack.meeting.date) == ("Cabinet", "2025-01-30")


def test_bold_title_after_blank_page_needs_the_blank_page():
    # a bold line opening an ordinary page inside a report is a heading, not a new paper
    blocks = [
        _block(1, "Committee Report", kind="heading", bold=True, level=1), _block(1, "TITLE: Bus review", bold=True),
        _block(1, "1. Text."), _block(2, "Background", bold=True), _block(2, "2. More text."),
    ]
    pack = _pdf_pack(blocks, 2)
    assert _documents(pack) == [("report", "Bus review", None)]


def test_markdown_sample_style_pack_is_unchanged_by_page_cues():
    # the sample-style detection (REPORT OF + listed appendices) wins; an Appendices list is no appendix
    pack = pack_from_markdown(
        "Meeting: Planning Committee\n\nDate: 5 March 2025\n\n"
        "**PLANNING COMMITTEE – 5 MARCH 2025**\n\n**REPORT OF THE HEAD OF PLANNING**\n\n"
        "**LOCAL PLAN REVIEW**\n\n1. The review.\n\n**Appendices**\n\nAppendix A – Timetable\n\n"
        "This page is intentionally left blank\n\n**Timetable**\n\n| Stage | Date |\n|---|---|\n| Consultation | May 2025 |\n")
    assert _documents(pack) == [("agenda", "Agenda", None), ("report", "LOCAL PLAN REVIEW", None),
                                ("appendix", "Appendix A – Timetable", "A")]


# ---------------------------------------------------------------- a real pack (excerpt)

def test_bristol_public_reports_pack_excerpt():
    """Pages 1-8 and items 8-9 of Bristol's Transport and Connectivity Policy Committee pack, 12 Sep 2024."""
    from auditor.ingest import ingest

    pack = segment(ingest(os.path.join(FIXTURES, "bristol_tcpc_2024-09-12_excerpt.txt")))
    assert _documents(pack) == [
        ("agenda", "Agenda", None),
        ("other", "Public Information Sheet", None),
        ("minutes", "Minutes of the meeting of 11 July 2024", None),
        ("report", "Supported Bus Services Priorities Task and Finish Group", None),
        ("appendix", "Appendix A – Further essential background information and detail", "A"),
        ("report", "Bristol Regional Cycling Hub, Lawrence Weston", None),
    ]
    m = pack.meeting
    assert (m.committee, m.date, m.time, m.venue) == (
        "Transport and Connectivity Policy Committee", "2024-09-12", "17:00", "The Council Chamber - City Hall")


def test_cover_after_blank_page_titled_as_a_listed_appendix_is_that_appendix():
    blocks = [
        _block(1, "Committee Report", kind="heading", bold=True, level=1), _block(1, "TITLE: Budget 2025/26", bold=True),
        _block(1, "Appendices", bold=True), _block(1, "Appendix A – Revenue Budget 2025/26"),
        _block(1, "Appendix B – Capital Programme 2025-29"),
        _block(2, "This page is intentionally left blank", kind="separator"),
        _block(3, "Revenue Budget 2025/26", bold=True), _block(3, "Net budget £10.0m."),
        _block(4, "This page is intentionally left blank", kind="separator"),
        _block(5, "Capital Programme 2025-29", bold=True), _block(5, "Total £4.0m."),
    ]
    pack = _pdf_pack(blocks, 5)
    assert _documents(pack) == [("report", "Budget 2025/26", None),
                                ("appendix", "Appendix A – Revenue Budget 2025/26", "A"),
                                ("appendix", "Appendix B – Capital Programme 2025-29", "B")]


def test_a_sentence_about_minutes_at_a_page_top_is_not_minutes():
    blocks = [
        _block(1, "Committee Report", kind="heading", bold=True, level=1), _block(1, "TITLE: Bus review", bold=True),
        _block(2, "Minutes of the working group are published online"), _block(2, "2. More text."),
    ]
    assert _documents(_pdf_pack(blocks, 2)) == [("report", "Bus review", None)]


def test_front_sheet_table_and_decision_pathway_cover_start_reports():
    front = [["Meeting:", "Cabinet"], ["Date:", "4 March 2025"], ["Report of:", "Director of Place"],
             ["Title:", "Housing Allocations Policy"]]
    blocks = [
        _block(1, "Cabinet", bold=True), _block(1, "Date: 4 March 2025"), _block(1, "Agenda"), _block(1, "1. Apologies"),
        _form(2, front), _block(2, "1. This report seeks approval of the policy."),
        _block(3, "Decision Pathway – Report", kind="heading", bold=True), _block(3, "PURPOSE: Key decision"),
        _block(3, "TITLE: Library Opening Hours"), _block(3, "1. Purpose of report"),
        _block(4, "Meeting:", bold=True), _block(4, "Date: 4 March 2025"),
    ]
    pack = _pdf_pack(blocks, 4)
    assert _documents(pack) == [("agenda", "Agenda", None), ("report", "Housing Allocations Policy", None),
                                ("report", "Library Opening Hours", None)]


def test_report_cover_gives_meeting_heading_and_author():
    pack = _text_pack(MODERN_GOV_TEXT.replace(
        "DATE: 3 March 2025", "COMMITTEE: Highways Policy Committee\n\nDATE: 3 March 2025\n\n"
        "Officer presenting the report: Jo Bloggs Job title: Head of Parking"))
    report = next(d for d in pack.documents if d.kind == "report")
    assert report.meeting_for == "Highways Policy Committee – 3 March 2025"
    assert report.report_of == "Jo Bloggs"
