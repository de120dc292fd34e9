"""The tree of documents: what comes before the first paper, a board pack's papers placed by the agenda's
list of them, each document's own date with its cue, and `inspect` showing the tree."""
from conftest import pack_from_markdown

from auditor.model import Block, Location, RawPack
from auditor.report.inspect import render_inspect
from auditor.structure.board import title_fit
from auditor.structure.segment import _is_agenda, segment


def _tree(pack):
    return [(d.kind, d.title) for d in pack.documents]


def _pdf_pack(rows, pages):
    blocks = [Block(kind, text, Location("pack.pdf", page=page), bold=bold) for page, kind, text, bold in rows]
    return segment(RawPack(source="pack.pdf", format="pdf", blocks=blocks, pages=pages))


# ---------------------------------------------------------------- a standalone report is a report

STANDALONE_REPORT = """# Draft Revenue Budget 2025-26 and Draft Capital Programme 2025-35

Kent County Council

**Executive Summary**

1.1 This report sets out the draft revenue budget for 2025-26, published on 3 February 2025.

1.2 The budget is balanced.
"""


def test_a_standalone_report_is_a_report_titled_by_its_title_line():
    pack = pack_from_markdown(STANDALONE_REPORT)
    assert _tree(pack) == [("report", "Draft Revenue Budget 2025-26 and Draft Capital Programme 2025-35")]
    assert pack.meeting.date is None  # a date in the body is not the meeting's


def test_a_front_sheet_naming_itself_agenda_is_still_an_agenda():
    text = "# Cabinet – Agenda\n\n1. Minutes of the last meeting\n\n2. Budget\n\n" + STANDALONE_REPORT.replace("# ", "**", 1) \
        .replace("2025-35\n", "2025-35**\n", 1)
    assert pack_from_markdown(text).documents[0].kind == "agenda"


def test_an_agenda_names_itself_on_a_line_of_its_own():
    def lines(*texts):
        return [Block("paragraph", t, Location("pack.md", line=n)) for n, t in enumerate(texts, 1)]

    assert _is_agenda(lines("Highways Committee – Agenda", "1. Apologies"))
    assert not _is_agenda(lines("Agenda Item 6", "Budget report"))  # a stamp on a paper
    assert not _is_agenda(lines("Members declared interests in items on the agenda."))


def test_a_document_that_calls_itself_no_report_is_other():
    pack = pack_from_markdown("# Suffolk Libraries\n\n## Annual Accounts 2014-15\n\nThe accounts follow.\n")
    assert _tree(pack) == [("other", "Annual Accounts 2014-15")]  # the title line, not the publisher's name


def test_a_report_title_field_gives_the_title():
    pack = _pdf_pack([(1, "paragraph", "From: Cabinet Member for Finance", False),
                      (1, "paragraph", "Subject: Treasury Management Mid-Year Update 2024-25", False),
                      (1, "paragraph", "1.1 This report covers treasury activity.", False)], 1)
    assert _tree(pack) == [("report", "Treasury Management Mid-Year Update 2024-25")]


def test_a_title_label_printed_over_two_lines_keeps_the_whole_title():
    # "REPORT TITLE:" printed over two lines beside a title on two
    rows = [(1, "paragraph", "REPORT TO: WEST OF ENGLAND COMBINED AUTHORITY COMMITTEE", True),
            (1, "paragraph", "DATE: 5 JUNE 2026", True),
            (1, "paragraph", "REPORT MAYORAL BUDGET", True), (1, "paragraph", "TITLE: OUTTURN 2025/26", True),
            (1, "paragraph", "This report sets out the outturn.", False)]
    pack = _pdf_pack(rows, 1)
    assert _tree(pack) == [("report", "MAYORAL BUDGET OUTTURN 2025/26")]
    assert (pack.documents[0].date, pack.documents[0].date_source[0]) == ("2026-06-05", "'Date' field")
    near = _pdf_pack([rows[0], rows[1], (1, "paragraph", "REPORT FROM THE DIRECTOR", True), *rows[3:]], 1)
    assert _tree(near) == [("report", "OUTTURN 2025/26")]  # "REPORT FROM ..." is a label of its own


def test_the_next_appendix_heading_half_way_down_a_page_starts_that_appendix():
    rows = [(1, "heading", "Committee Report", True), (1, "paragraph", "TITLE: Budget Outturn", True),
            (1, "paragraph", "1. This report sets out the outturn.", False),
            (2, "paragraph", "Appendix 1: Cost Categories", True), (2, "paragraph", "Staff costs rose.", False),
            (3, "paragraph", "Appendix 2: Reserves", True), (3, "paragraph", "Reserves are held for risks.", False),
            (3, "paragraph", "Appendix 1 showed the costs.", False),  # a back-reference, in a sentence
            (3, "paragraph", "Appendix 3 Capital Programme", True), (3, "paragraph", "Schemes were delivered.", False)]
    pack = _pdf_pack(rows, 3)
    assert [(d.title, d.letter) for d in pack.documents if d.kind == "appendix"] == [
        ("Appendix 1 – Cost Categories", "1"), ("Appendix 2 – Reserves", "2"), ("Appendix 3 – Capital Programme", "3")]
    near = _pdf_pack(rows[:8] + [(3, "paragraph", "Appendix 4 Capital Programme", True), rows[9]], 3)
    assert [d.letter for d in near.documents if d.kind == "appendix"] == ["1", "2"]  # not the next one: no start


# ---------------------------------------------------------------- printed minutes have no agenda

MINUTES_ONLY = """**KENT COUNTY COUNCIL**

# CABINET

MINUTES of a meeting of the Cabinet held in the Council Chamber, County Hall, Maidstone on Thursday, 30 January 2025.

PRESENT: Mr R Gough (Chairman), Mr N Baker

**Apologies**

Apologies were received from Mrs C Bell.
"""


def test_printed_minutes_have_no_agenda():
    pack = pack_from_markdown(MINUTES_ONLY)
    assert _tree(pack) == [("minutes", "Minutes of the meeting of 30 January 2025")]
    minutes = pack.documents[0]
    assert minutes.blocks[0].text == "KENT COUNTY COUNCIL"  # the council's and the body's names open the minutes
    assert (minutes.date, minutes.date_source[0]) == ("2025-01-30", "minutes heading")
    m = pack.meeting
    assert (m.committee, m.date, m.cue("date")) == ("Cabinet", "2025-01-30", "minutes heading")


def test_a_front_sheet_before_minutes_is_an_agenda():
    # near miss: the meeting's front sheet (its fields) before the minutes is the agenda's
    pack = pack_from_markdown("Meeting: Cabinet\n\nDate: 13 February 2025\n\n" + MINUTES_ONLY)
    assert [d.kind for d in pack.documents] == ["agenda", "minutes"]
    assert pack.documents[0].date == "2025-02-13"


# ---------------------------------------------------------------- a board pack's papers, by item code

BOARD_PACK = """**Bundle Public Board Meeting 4 September 2025**

Agenda

1

09:00 - Welcome, Introductions And Apologies

2

09:05 - Minutes Of Previous Meeting

Item 2i Draft Public Board Minutes 5 June 2025

3

09:30 - Quality Committee Chair's Assurance Report: 29 July 2025

Item 3i Chairs assurance report - Quality Committee July 2025

4

09:45 - Winter Planning 2025-26

Item 4i Winter Plan Cover Sheet - September 2025

Item 4ii LCH Winter Plan - September 2025

Item 4iii Appendix Winter Plan Board Assurance Statement - September 2025

**Agenda item:**

2025-26 (2i)

**Title of report:**

Minutes Trust Board Meeting Held in Public: 5 June 2025

**Meeting:**

Trust Board Meeting Held in Public

**Date:**

4 September 2025

Page 1 of 2

**Present:** Brodie Clark CBE, Trust Chair

The Trust Chair closed the meeting at 12.15pm

**Date and time of next meeting.**

**Thursday 4 September 2025 9.30am**

Page 2 of 2

**Committee Escalation and Assurance Report**

**Name of Committee:**

Quality Committee

**Report to:**

Trust Board 4 September 2025

**Date of Meeting:**

27th July 2025

The Committee received assurance on infection prevention.

Page 1 of 1

**Agenda item:**

2025-26 (4i)

**Title of report:**

Leeds Community Healthcare NHS Trust Winter Plan 2025-

2026

**Meeting:**

Trust Board Meeting Held in Public

**Date:**

4 September 2025

Page 1 of 1

Leeds Community Healthcare NHS Trust Winter Plan

2025/2026

The plan sets out how services will manage demand over winter.

22

**Winter Planning 25/26**

**Board Assurance Statement (BAS)**

The purpose of the Board Assurance Statement is to give the Board oversight.
"""


def test_a_board_pack_splits_at_its_listed_papers():
    pack = pack_from_markdown(BOARD_PACK, "board.md")
    assert [(d.item, d.kind, d.title) for d in pack.documents] == [
        (None, "agenda", "Agenda"),
        ("2i", "minutes", "Minutes Trust Board Meeting Held in Public: 5 June 2025"),  # its cover's title
        ("3i", "report", "Chairs assurance report - Quality Committee July 2025"),  # no cover: the listed title
        ("4i", "report", "Leeds Community Healthcare NHS Trust Winter Plan 2025-2026"),
        ("4ii", "report", "LCH Winter Plan - September 2025"),  # after the cover's last page
        ("4iii", "appendix", "Appendix Winter Plan Board Assurance Statement - September 2025"),  # its heading
    ]
    appendix = pack.documents[-1]
    assert appendix.parent == "LCH Winter Plan - September 2025"
    assert appendix.blocks[0].text == "Winter Planning 25/26"


def test_board_papers_have_their_own_dates():
    pack = pack_from_markdown(BOARD_PACK, "board.md")
    dates = {d.item: (d.date, d.date_source[0]) for d in pack.documents if d.item and d.date}
    assert dates == {"2i": ("2025-06-05", "title"),  # the meeting the minutes record, not the cover's 'Date:'
                     "3i": ("2025-07-27", "'Date of meeting' field"),
                     "4i": ("2025-09-04", "'Date' field")}


def test_a_timed_agenda_gives_the_meeting_time():
    m = pack_from_markdown(BOARD_PACK, "board.md").meeting
    assert (m.date, m.time, m.cue("time")) == ("2025-09-04", "09:00", "first agenda item")


def test_an_afternoon_agenda_without_am_pm_gives_no_meeting_time():
    # "2.00 - Apologies" may be 2 pm: not read; with "pm" written it is
    text = "# Planning Committee 5 March 2025\n\nAgenda\n\n2.00 - Apologies\n\n2.10 - Minutes\n\n2.30 - Local Plan\n"
    assert pack_from_markdown(text).meeting.time is None
    assert pack_from_markdown(text.replace("2.00 -", "2.00 pm -")).meeting.time == "14:00"


def test_a_report_with_times_in_it_gives_no_meeting_time():
    # near miss: timed lines in a report with no meeting found invent no meeting time
    pack = pack_from_markdown("# Opening hours review\n\n09:00 - Doors open\n\n10:00 - Library opens\n\n"
                              "12:00 - Lunch closing\n\n1. This report reviews opening hours.\n")
    assert pack.meeting.time is None and not pack.meeting.found


def test_item_lines_without_a_list_are_no_board_pack():
    # two 'Item' lines are a passing mention, not the agenda's list of papers
    text = BOARD_PACK.replace("Item 4ii LCH Winter Plan - September 2025\n", "") \
        .replace("Item 4iii Appendix Winter Plan Board Assurance Statement - September 2025\n", "") \
        .replace("Item 3i Chairs", "3i Chairs")
    pack = pack_from_markdown(text, "board.md")
    assert not any(d.item for d in pack.documents)


def test_a_listed_title_fits_a_heading_that_reorders_or_lengthens_its_words():
    assert title_fit("Annual Medical Directors Report 2024-25",
                     "Medical Directors Annual Report (including NHSE Statement of Compliance 24-25)") == 1.0
    assert title_fit("LCH Winter Plan - September 2025", "Leeds Community Healthcare NHS Trust Winter Plan") == 2 / 3
    assert title_fit("Safe staffing report", "Performance Brief") == 0.0


# ---------------------------------------------------------------- inspect shows the tree

def test_inspect_shows_the_tree_and_each_date_with_its_cue():
    lines: list[str] = []
    render_inspect(pack_from_markdown(BOARD_PACK, "board.md"), out=lines.append)
    text = "\n".join(lines)
    assert "time from first agenda item" in text
    row = next(line for line in lines if "Board Assurance Statement" in line)
    assert "└ Appendix Winter Plan" in row and " 4iii " in row
    row = next(line for line in lines if "Chairs assurance report" in line)
    assert "2025-07-27 ('Date of meeting' field, line " in row


def test_a_committee_name_over_a_line_holding_only_a_date_gives_the_meeting():
    front = "Children, Culture and Communities Scrutiny Committee\n\n{date}\n\n# Finance and Performance Monitor 3\n\n" \
            "1. This report sets out the projected financial position.\n"
    m = pack_from_markdown(front.format(date="Wednesday, 4th March, 2025 10.00 am")).meeting
    assert (m.committee, m.date, m.time, m.cue("date")) == (
        "Children, Culture and Communities Scrutiny Committee", "2025-03-04", "10:00", "date line under the heading")
    # near misses: the line under the name says more than a date, or the name is a council's, not a meeting's
    assert pack_from_markdown(front.format(date="Published on 4 March 2025")).meeting.date is None
    council = "Leicestershire County Council\n\n4 March 2025\n\n# Finance and Performance Monitor 3\n\n1. Text.\n"
    assert pack_from_markdown(council).meeting.date is None


def test_a_meeting_moved_from_another_date_is_read_on_its_own_date():
    # moderngov prints 'Moved from <old date>, <body> - <weekday>, <date> <time>'
    text = ("# Agenda and minutes\n\nMoved from 9th October 2018, Cabinet - Tuesday, 2nd October, 2018 2.00 pm\n\n"
            "## 42. Housing Policy\n\nReport of the Deputy Chief Executive (Place)\n\n1. The Cabinet considered a report.\n")
    m = pack_from_markdown(text).meeting
    assert (m.committee, m.date, m.time) == ("Cabinet", "2018-10-02", "14:00")
    # near miss: without the heading, a report's author is no committee ('Chief Executive' is a person)
    m = pack_from_markdown(text.replace("Moved from 9th October 2018, Cabinet - Tuesday, 2nd October, 2018 2.00 pm",
                                        "Venue: Council House")).meeting
    assert m.committee is None and m.date is None


def test_a_meetings_body_is_preferred_to_the_authoritys_name():
    # a text pack's front sheet: the council's name, the body that meets, then its date alone on a line
    text = ("DERBYSHIRE COUNTY COUNCIL\n\nCABINET\n\n5 February 2025\n\nReport of the Director of Finance\n\n"
            "1. Purpose\n\n1.1 To set out where the money comes from.\n")
    m = pack_from_markdown(text, "pack.txt").meeting
    assert (m.committee, m.date) == ("CABINET", "2025-02-05")
    # near miss: the authority's name alone over a date is a letter's or a publication's, not a meeting
    alone = pack_from_markdown(text.replace("CABINET\n\n", ""), "pack.txt").meeting
    assert alone.date is None
