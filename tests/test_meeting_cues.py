"""The meeting read from front sheets of the shapes councils, fire authorities and NHS bodies publish (each seen
on real published text the reader had not met): the committee is a body's name, never a sentence, a section
name or a document word; a date comes from a cue that states the meeting; with none, nothing is read."""
import json

import docx
from typer.testing import CliRunner

from auditor.cli import app
from auditor.pipeline import load_pack
from conftest import pack_from_markdown


def _meeting(text: str):
    m = pack_from_markdown(text).meeting
    return m.committee, m.date, m.time


def _cues(text: str) -> dict:
    return {k: cue for k, (cue, _) in pack_from_markdown(text).meeting.sources.items()}


# ---------------------------------------------------------------- the committee is a body's name

def test_a_dash_and_the_paper_after_the_body_are_not_its_name():
    for heading in ("## Cabinet – Minutes", "## Cabinet - Minutes", "## Cabinet – Agenda, decisions and minutes",
                    "## Cabinet Agenda"):
        text = f"# London Borough of Havering\n\n{heading}\n\n### Quarter 3 Corporate Performance Report\n\nDecision:\n"
        assert _meeting(text)[0] == "Cabinet", heading
    text = "# Reading Borough Council\n\n## Adult Social Care, Children's Services and Education Committee – Minutes\n"
    assert _meeting(text)[0] == "Adult Social Care, Children's Services and Education Committee"


def test_a_section_named_executive_summary_is_no_body():
    # near-miss: 'Executive' names a body alone or in 'Executive Committee', not in 'Executive Summary'
    assert _meeting("# Record of Decision: Setting the Budget 2023-2024\n\n## EXECUTIVE SUMMARY\n\n"
                    "The Commissioner must set an annual precept.\n") == (None, None, None)
    assert _meeting("# Redditch Borough Council\n\n## Executive Summary\n\nThe report sets out the budget.\n")[0] \
        == "Redditch Borough Council"
    assert _meeting("# Bolsover District Council\n\n## Executive\n\nMonday, 4th December, 2023 10.00 am\n") == \
        ("Executive", "2023-12-04", "10:00")
    assert _meeting("## Executive Committee\n\n## Executive Summary\n\nThe report sets out the budget.\n")[0] == \
        "Executive Committee"


def test_a_sentence_ending_on_the_committee_is_no_name():
    text = ("## Minutes\n\n### Sickness Absence - Quarter 1\n\n"
            "The HR Business Partner presented the report to the Committee.\n\nThe report was noted.\n")
    assert _meeting(text) == (None, None, None)
    # the name alone on its line is one
    assert _meeting("## Human Resources Committee\n\n### Sickness Absence - Quarter 1\n\nThe report was noted.\n")[0] \
        == "Human Resources Committee"


def test_a_body_word_before_another_word_is_part_of_another_name():
    for line in ("Executive Director of Finance", "Cabinet Member for Resources", "Council Tax Setting 2025/26",
                 "Board Assurance Framework"):
        assert _meeting(f"## {line}\n\nThe report sets out the position.\n")[0] is None, line
    for line, name in (("Board of Directors", "Board of Directors"), ("Trust Board Meeting", "Trust Board Meeting"),
                       ("Licensing Sub-Committee A", "Licensing Sub-Committee A"),
                       ("Meeting of Audit & Governance Committee", "Audit & Governance Committee"),
                       ("Committee for Collaborative Decision-Making (in public)",
                        "Committee for Collaborative Decision-Making")):
        assert _meeting(f"## {line}\n\nThe report sets out the position.\n")[0] == name, line


# ---------------------------------------------------------------- fields

def test_modern_gov_meeting_field_gives_the_body_and_the_date():
    text = ("# Redditch Borough Council – Executive\n\nMeeting: 26/02/2024 - Executive (Item 99)\n\n"
            "## 99 Council Tax Resolutions 2024/25\n\nMinutes:\n\nat a meeting held on 9th January 2024, the Executive "
            "Committee calculated the Council Tax Base.\n")
    assert _meeting(text) == ("Executive", "2024-02-26", None)
    assert _cues(text) == {"committee": "field", "date": "field"}


def test_a_numeric_date_is_read_in_a_date_field_only():
    text = "Agenda item: 3.6\nCommittee: Governing Body\nVenue: Board Room, Dominion House\nDate: 27/03/2018\n"
    assert _meeting(text) == ("Governing Body", "2018-03-27", None)
    # near-miss: a numeric date in a sentence states no meeting
    assert _meeting("## Cabinet\n\nThe paper was signed off on 16/03/2018 by the Chief Finance Officer.\n") \
        == ("Cabinet", None, None)


def test_a_cover_tables_date_row_is_a_date_field():
    text = ("Committee for Collaborative Decision-Making (in public)\n\n| | |\n|---|---|\n"
            "| Date | Thursday, 05 March 2020 |\n| Document Title | M9 2019/20 Finance Report |\n\n"
            "Executive Summary\n\nThe SWL CiC is provided with the M9 finance report.\n")
    assert _meeting(text) == ("Committee for Collaborative Decision-Making", "2020-03-05", None)
    assert _cues(text)["date"] == "field"
    # near-miss: a table further into the paper is no cover ('Date | ...' of a timetable)
    late = ("## Cabinet\n\n" + "".join(f"Paragraph {n} of the report sets out the plan.\n\n" for n in range(8))
            + "| Stage | When |\n|---|---|\n| Date | Thursday, 05 March 2020 |\n")
    assert _meeting(late) == ("Cabinet", None, None)


def test_a_papers_date_beside_its_author_is_not_the_meetings():
    text = ("# DUMFRIES and GALLOWAY NHS BOARD\n\nAgenda Item 14\n\n4th April 2016\n\n## Financial Plan 2016/17\n\n"
            "Author: Graham Stewart, Deputy Director of Finance\n\nSponsoring Director: Katy Lewis, Director of Finance\n\n"
            "Date: 22nd March 2016\n\n### RECOMMENDATION\n\nThe Board is asked to approve the plan.\n")
    assert _meeting(text) == ("DUMFRIES and GALLOWAY NHS BOARD", "2016-04-04", None)
    assert _cues(text)["date"] == "date line under the heading"
    # near-miss: a front sheet's 'Date:' after its 'Meeting:' is the meeting's
    assert _meeting("Meeting: Cabinet\n\nDate: 22nd March 2016\n\nAuthor: Graham Stewart\n") == \
        ("Cabinet", "2016-03-22", None)


def _word(path, paragraphs_before=(), table_rows=(), paragraphs_after=()):
    d = docx.Document()
    for text in paragraphs_before:
        d.add_paragraph(text)
    if table_rows:
        table = d.add_table(rows=len(table_rows), cols=len(table_rows[0]))
        for r, row in enumerate(table_rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
    for text, bold in paragraphs_after:
        p = d.add_paragraph(text)
        if bold:
            p.runs[0].bold = True
    d.save(path)
    return str(path)


def test_word_cover_table_committee_and_date_and_a_minutes_heading_held_on(tmp_path):
    path = _word(tmp_path / "cabinet.docx",
                 table_rows=[["Committee and Date", "Cabinet 21st October 2009 12.30 pm"], ["Item No/Paper", "3"],
                             ["", "Public"]],
                 paragraphs_after=[("MINUTES OF THE MEETING HELD ON 23RD SEPTEMBER 2009 10.00 am. – 12.20 pm.", False),
                                   ("Responsible Officer Penny Chamberlain", False),
                                   ("Apologies for Absence", True),
                                   ("1.1 There were apologies for absence from Mr S Charmley.", False),
                                   ("Matters Referred from Scrutiny/Council", True),
                                   ("4.1 There were no matters referred.", False)])
    pack = load_pack(path)
    m = pack.meeting
    assert (m.committee, m.date, m.time) == ("Cabinet", "2009-10-21", "12:30")
    assert m.cue("date") == "field"
    assert [(d.kind, d.title, d.date) for d in pack.documents] == [
        ("minutes", "Minutes of the meeting of 23RD SEPTEMBER 2009", "2009-09-23")]


def test_minutes_approving_earlier_minutes_open_no_new_paper():
    # near-miss of the above: further into minutes, 'Minutes of the Meeting held on ...' is an item
    pack = pack_from_markdown(
        "KENT COUNTY COUNCIL\n\nCABINET\n\nMINUTES of a meeting of the Cabinet held in the Council Chamber on Thursday, "
        "30 January 2025.\n\nPRESENT: Mr R W Gough (Chairman)\n\nApologies\n\n(Item 1)\n\nApologies were received.\n\n"
        "Minutes of the Meeting held on 9th January 2025\n\n(Item 3)\n\nRESOLVED that the minutes be signed.\n")
    assert [(d.kind, d.date) for d in pack.documents] == [("minutes", "2025-01-30")]
    assert (pack.meeting.committee, pack.meeting.date) == ("Cabinet", "2025-01-30")


def test_word_body_meeting_label_gives_the_meeting(tmp_path):
    path = _word(tmp_path / "board.docx", paragraphs_before=["Trust Board Meeting: Wednesday 12th July 2017", "TB2017.66"],
                 table_rows=[["Title", "Integrated Performance Report: Month 2"], ["Status", "For information."]],
                 paragraphs_after=[("Executive Summary", True),
                                   ("The Cancer 62 day wait standard was met in April 2017.", False)])
    m = load_pack(path).meeting
    assert (m.committee, m.date, m.cue("committee")) == ("Trust Board", "2017-07-12", "field")


# ---------------------------------------------------------------- lines that state the meeting

def test_meeting_to_be_held_line():
    text = ("# Lancashire Combined Fire Authority\n\nResources Committee\n\nMeeting to be held 25 September 2024\n\n"
            "## Financial Monitoring 2024/25\n\nThe report sets out the current budget position.\n")
    assert _meeting(text) == ("Resources Committee", "2024-09-25", None)
    assert _cues(text)["date"] == "'to be held' line"
    # near-miss: the next meeting is another meeting
    assert _meeting("## Resources Committee\n\nThe next meeting is to be held on 5 March 2025.\n") == \
        ("Resources Committee", None, None)


def test_upper_case_to_be_held_line_and_dated_agenda_heading():
    text = ("# NHS Halton CCG & NHS Warrington CCG Joint Meeting of the Governing Body Agenda – 8th April 2020\n\n"
            "NHS HALTON CCG AND NHS WARRINGTON CCG\n\nJOINT MEETING OF THE GOVERNING BODY TO BE HELD ON WEDNESDAY 8TH "
            "APRIL 2020 AT 2.20 P.M. – 3.50 P.M.\n\nAGENDA\n")
    assert _meeting(text) == (None, "2020-04-08", "14:20")
    assert _meeting("# Cabinet\n\nAgenda – 8th April 2020\n") == ("Cabinet", "2020-04-08", None)
    # near-miss: an agenda item stamp is no dated agenda
    assert _meeting("# Cabinet\n\nAgenda Item 8\n\nReport of 8 April 2020\n")[1] is None


def test_notice_of_a_meeting_that_will_be_held():
    text = ("# TRUST BOARD\n\nA meeting of the Board of Directors will be held at 10.30am on Tuesday 25 September 2012, "
            "in Room 3, Education Centre\n\n## A G E N D A\n")
    assert _meeting(text) == ("Board of Directors", "2012-09-25", "10:30")


def test_body_with_its_date_and_time_range_on_the_line_under_it():
    text = ("# Hereford & Worcester Fire Authority\n\nMeeting Details\n\nFull Authority\n15 Feb 2022 - 10:30 to 11:49\n\n"
            "## Agenda Items\n\n### 1 Apologies for Absence\n")
    assert _meeting(text) == ("Full Authority", "2022-02-15", "10:30")


def test_date_line_with_its_venue_under_an_authoritys_name():
    text = ("# Lancashire Combined Fire Authority\n\nMonday, 16 December 2024 at 10.30 am in Washington Hall, Service "
            "Training Centre, Euxton\n\nMinutes\n\nPresent:\n")
    pack = pack_from_markdown(text)
    m = pack.meeting
    assert (m.committee, m.date, m.time, m.venue) == ("Lancashire Combined Fire Authority", "2024-12-16", "10:30",
                                                      "Washington Hall")
    # near-miss: under an authority's name, a date with no time is a letter's or a publication's
    assert _meeting("# Kent County Council\n\n5 November 2024\n\nDear Member,\n")[1] is None


# ---------------------------------------------------------------- a report's heading lines

def test_report_to_committee_with_a_date_line_is_not_titled_by_the_date(tmp_path):
    path = _word(tmp_path / "people.docx",
                 paragraphs_before=["REPORT TO PEOPLE SELECT COMMITTEE", "22 MAY 2017",
                                    "REPORT OF DIRECTOR OF HR, LEGAL & COMMUNICATIONS"],
                 paragraphs_after=[("ATTENDANCE MANAGEMENT 2016/17", True), ("SUMMARY", True),
                                   ("This report provides detailed information on attendance.", False)])
    pack = load_pack(path)
    assert (pack.meeting.committee, pack.meeting.date) == ("PEOPLE SELECT COMMITTEE", "2017-05-22")
    assert [(d.kind, d.title) for d in pack.documents] == [("report", "ATTENDANCE MANAGEMENT 2016/17")]


# ---------------------------------------------------------------- the date given on the command line is shown

def test_the_given_meeting_date_is_shown_and_said_to_be_given(tmp_path):
    pack = tmp_path / "minutes.md"
    pack.write_text("## Minutes\n\n### Sickness Absence\n\nThe report was noted.\n", encoding="utf-8")
    runner = CliRunner()
    text = runner.invoke(app, ["check", str(pack), "--no-config", "--meeting-date", "2024-11-25"]).output
    assert "? — 2024-11-25 (given by --meeting-date)" in text
    out = runner.invoke(app, ["check", str(pack), "--no-config", "--meeting-date", "2024-11-25", "-f", "json"]).output
    meeting = json.loads(out)["packs"][0]["meeting"]
    assert (meeting["date"], meeting["sources"]["date"]) == ("2024-11-25", "given (--meeting-date)")
    # without it, nothing is shown as read
    out = runner.invoke(app, ["check", str(pack), "--no-config", "-f", "json"]).output
    assert json.loads(out)["packs"][0]["meeting"]["date"] is None


def test_a_given_date_other_than_the_front_sheets_keeps_the_one_read(tmp_path):
    pack = tmp_path / "cabinet.md"
    pack.write_text("Meeting: Cabinet\n\nDate: 19 March 2025\n\n## Report\n\nThe report was noted.\n", encoding="utf-8")
    out = CliRunner().invoke(app, ["check", str(pack), "--no-config", "--meeting-date", "2025-03-20", "-f", "json"]).output
    meeting = json.loads(out)["packs"][0]["meeting"]
    assert (meeting["committee"], meeting["date"], meeting["date_read"]) == ("Cabinet", "2025-03-20", "2025-03-19")


# ---------------------------------------------------------------- earlier minutes put to this meeting

def test_a_sentence_confirming_earlier_minutes_is_no_minutes_heading():
    """East Herts: the front sheet's 27 November; 'It was moved that the Minutes of the meeting of the Committee held
    on 30 October 2024 (as amended) be confirmed' is earlier minutes approved, not this meeting's heading."""
    text = ("Audit and Governance Committee - Wednesday 27th November, 2024 7.00 pm\n\n## Minutes - 30 October 2024\n\n"
            "It was moved that the Minutes of the meeting of the Committee held on 30 October 2024 (as amended) be "
            "confirmed as a correct record and signed by the Chair.\n")
    assert _meeting(text) == ("Audit and Governance Committee", "2024-11-27", "19:00")
    heading = "MINUTES of a meeting of the Audit and Governance Committee held on Wednesday 27 November 2024 at 7.00 pm\n"
    assert _meeting(heading + "\nPresent: Cllr A Smith.\n") == ("Audit and Governance Committee", "2024-11-27", "19:00")


def test_the_minutes_of_the_previous_meeting_open_no_minutes_paper():
    """Rotherham: '## Minutes of the Previous Meeting' then 'To consider the minutes of the previous meeting ... held on
    23 January 2024': an agenda item of a later meeting, not minutes of 23 January."""
    text = ("# Corporate Parenting Panel\n\n## Minutes of the Previous Meeting\n\nTo consider the minutes of the "
            "previous meeting of the Corporate Parenting Panel held on 23 January 2024 and approve them as a true and "
            "correct record of the proceedings.\n\nResolved: - That the minutes of the previous meeting held on "
            "23 January 2024, were agreed as a correct record.\n")
    pack = pack_from_markdown(text)
    assert pack.meeting.date is None
    assert [(d.kind, d.title) for d in pack.documents] == [("other", "Minutes of the Previous Meeting")]
