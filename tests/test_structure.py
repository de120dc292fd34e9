"""Segmentation: the same meeting and documents from each form of the sample, and small packs."""
from conftest import pack_from_markdown

EXPECTED_DOCUMENTS = [
    ("agenda", "Agenda", None),
    ("minutes", "Minutes of the meeting of 5 November 2024", None),
    ("report", "MEDIUM TERM FINANCIAL STRATEGY 2025/26–2028/29", None),
    ("appendix", "Appendix A – Revenue Budget 2025/26", "A"),
    ("appendix", "Appendix B – Growth 2025/26 to 2028/29", "B"),
    ("appendix", "Appendix C – Savings 2025/26 to 2028/29", "C"),
    ("appendix", "Appendix D – Capital Programme 2025/26 to 2028/29", "D"),
    ("appendix", "Appendix E – Savings Under Development 2025/26", "E"),
    ("report", "SEND AND INCLUSION STRATEGY 2024-2027", None),
    ("appendix", "Appendix A – Draft SEND & Inclusion Strategy 2024 to 2027", "A"),
    ("appendix", "Appendix B – Equality Impact Assessment", "B"),
    ("report", "QUARTER 2 2024/25 PERFORMANCE REPORT", None),
]


def _documents(pack):
    return [(d.kind, d.title, d.letter) for d in pack.documents]


def test_the_three_forms_segment_alike(pack_md, pack_pdf, pack_docx):
    for pack in (pack_md, pack_pdf, pack_docx):
        docs = _documents(pack)
        assert docs[:12] == EXPECTED_DOCUMENTS, pack.format
        assert docs[12][0] == "appendix" and docs[12][1].startswith("Children and Family Services Department Performance Dashboard")
        m = pack.meeting
        assert (m.committee, m.date, m.time, m.venue) == (
            "Children and Families Overview and Scrutiny Committee", "2025-01-21", "14:00", "Sparkenhoe Committee Room")


def test_appendices_name_their_report(pack_pdf, pack_docx):
    for pack in (pack_pdf, pack_docx):
        parents = {d.title: d.parent for d in pack.documents if d.kind == "appendix"}
        assert parents["Appendix B – Growth 2025/26 to 2028/29"] == "MEDIUM TERM FINANCIAL STRATEGY 2025/26–2028/29"
        assert parents["Appendix B – Equality Impact Assessment"] == "SEND AND INCLUSION STRATEGY 2024-2027"


def test_report_of_and_meeting_heading(pack_pdf, pack_docx, pack_md):
    for pack in (pack_md, pack_pdf, pack_docx):
        mtfs = next(d for d in pack.documents if d.title.startswith("MEDIUM TERM"))
        assert mtfs.report_of.startswith("Director Of Children And Family")
        assert mtfs.meeting_for.startswith("CHILDREN AND FAMILIES OVERVIEW AND SCRUTINY COMMITTEE")


def test_separators_are_not_document_content(pack_pdf, pack_docx):
    for pack in (pack_pdf, pack_docx):
        assert not any(b.kind == "separator" for _, b in pack.iter_blocks())


def test_small_pack_segments_into_agenda_report_and_appendix():
    pack = pack_from_markdown(
        "Meeting: Planning Committee\n\nDate: Wednesday, 5 March 2025 at 10.00 am\n\n"
        "Venue: Council Chamber, Town Hall\n\n"
        "**PLANNING COMMITTEE – 5 MARCH 2025**\n\n**REPORT OF THE HEAD OF PLANNING**\n\n"
        "**LOCAL PLAN REVIEW**\n\n1. The purpose of this report is to set out the review.\n\n"
        "**Appendices**\n\nAppendix A – Timetable\n\nThis page is intentionally left blank\n\n"
        "**Timetable**\n\n| Stage | Date |\n|---|---|\n| Consultation | May 2025 |\n")
    m = pack.meeting
    assert (m.committee, m.date, m.time, m.venue) == ("Planning Committee", "2025-03-05", "10:00", "Council Chamber")
    assert _documents(pack) == [("agenda", "Agenda", None), ("report", "LOCAL PLAN REVIEW", None),
                                ("appendix", "Appendix A – Timetable", "A")]
    appendix = pack.documents[-1]
    assert appendix.parent == "LOCAL PLAN REVIEW" and len(appendix.tables) == 1


def test_minutes_start_a_document():
    pack = pack_from_markdown(
        "Meeting: Cabinet\n\nDate: 1 April 2025\n\n"
        "Minutes of a meeting of the Cabinet held at County Hall on Tuesday, 4 March 2025.\n\n"
        "1. Apologies were received.\n")
    assert _documents(pack)[1] == ("minutes", "Minutes of the meeting of 4 March 2025", None)
