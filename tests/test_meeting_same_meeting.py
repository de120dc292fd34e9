"""meeting-consistency on statements about the same meeting: the next meeting named in earlier minutes
on this meeting's day, and the meetings an agenda item names against its papers' "Date of meeting"."""
from conftest import pack_from_markdown, run_rules
from test_document_tree import BOARD_PACK


def _findings(text: str):
    return [f for f in run_rules(pack_from_markdown(text, "board.md"), ["meeting-consistency"])
            if f.severity in ("error", "warning")]


def test_minutes_naming_this_meeting_at_another_time_are_found():
    findings = [f for f in _findings(BOARD_PACK) if "time" in f.message]
    assert [(f.found, f.expected) for f in findings] == [("9.30am", "09:00")]
    assert findings[0].document == "Minutes Trust Board Meeting Held in Public: 5 June 2025"


def test_minutes_naming_this_meeting_at_its_time_are_quiet():
    text = BOARD_PACK.replace("**Thursday 4 September 2025 9.30am**", "**Thursday 4 September 2025 9.00am-12.30pm**")
    assert not [f for f in _findings(text) if "time" in f.message]


def test_a_next_meeting_on_another_day_is_not_compared_for_time():
    # minutes older than the latest naming another day: another meeting, no time to compare
    text = BOARD_PACK.replace("**Thursday 4 September 2025 9.30am**", "**Thursday 2 October 2025 9.30am**")
    assert not [f for f in _findings(text) if "time" in f.message]


def test_an_agenda_item_and_its_paper_giving_the_reported_meeting_two_days_are_found():
    findings = [f for f in _findings(BOARD_PACK) if "agenda item" in f.message]
    assert [(f.found, f.expected) for f in findings] == [("27 July 2025", "29 July 2025")]
    assert findings[0].excerpt == "27th July 2025"
    assert findings[0].related[0].excerpt.startswith("09:30 - Quality Committee Chair's Assurance Report: 29 July")


def test_an_agenda_item_and_its_paper_on_the_same_day_are_quiet():
    assert not [f for f in _findings(BOARD_PACK.replace("27th July 2025", "29th July 2025")) if "agenda item" in f.message]


def test_a_paper_on_another_body_is_not_compared():
    # the paper reports on a committee the agenda item does not name: not certainly the same meeting
    text = BOARD_PACK.replace("**Name of Committee:**\n\nQuality Committee", "**Name of Committee:**\n\nAudit Committee")
    assert not [f for f in _findings(text) if "agenda item" in f.message]


def test_a_far_date_is_another_meeting_not_a_slip():
    text = BOARD_PACK.replace("27th July 2025", "27th March 2025")
    assert not [f for f in _findings(text) if "agenda item" in f.message]
