"""report-period: a report's own quarter (title, report headings, positions 'as at' a quarter) must have
ended by its meeting, and its title and headings must name one quarter of a year."""
import docx

from conftest import pack_from_markdown, run_rules


def front(day: str) -> str:
    return f"""*Meeting:* **Example Scrutiny Committee**

*Date/Time:* **{day} at 2.00 pm**

### **AGENDA**

1. Performance Report.

This page is intentionally left blank

"""


PERFORMANCE = """**EXAMPLE SCRUTINY COMMITTEE – 21 JANUARY 2025**

**QUARTER 2 2024/25 PERFORMANCE REPORT**

**REPORT OF THE DIRECTOR OF WIDGETS**

**Purpose of the Report**

1. The purpose of this report is to present performance for the period July to September 2024 (Quarter 2).

2. The percentage of widgets inspected on time was 92.7% at the end of Quarter 2, an improvement on the Quarter 1 figure of 92.2%.

3. The report provides a summary of performance at the end of Quarter 2 2024/25.

**Appendix**

Widget Services Department Performance Dashboard HEADING_QUARTER, 2024/25

| Indicator | Latest Data |
|---|---|
| Widgets inspected on time | 92.7% |
"""


def quarter_findings(text: str):
    return [f for f in run_rules(pack_from_markdown(text), ["report-period"]) if f.rule == "report-period"]


def test_a_dashboard_heading_naming_another_quarter_than_the_title_is_found():
    text = front("Tuesday, 21 January 2025") + PERFORMANCE.replace("HEADING_QUARTER", "Quarter 3")
    found = quarter_findings(text)
    assert len(found) == 1
    f = found[0]
    assert f.found == "Quarter 3, 2024/25" and f.expected == "QUARTER 2 2024/25"
    assert f.severity == "warning"
    assert "Performance Dashboard Quarter 3" in f.excerpt
    assert [r.excerpt for r in f.related] == ["QUARTER 2 2024/25 PERFORMANCE REPORT"]


def test_a_dashboard_heading_naming_the_title_quarter_is_quiet():
    text = front("Tuesday, 21 January 2025") + PERFORMANCE.replace("HEADING_QUARTER", "Quarter 2")
    assert quarter_findings(text) == []


def test_a_title_naming_another_quarter_than_the_headings_is_found_at_the_title():
    """Two headings of the report say Quarter 1; the title alone says Quarter 2: the title is the odd one."""
    body = """**EXAMPLE SCRUTINY COMMITTEE – 21 JANUARY 2025**

**Q2 2024/25 CORPORATE RISK REPORT**

1. The report summarises the risks as at June 2024.

Appendix A1 – Corporate Risk Register Q1 2024-2025 as at June 2024

| Risk | Score |
|---|---|
| Funding | 12 |

Appendix A2 – Static Risk Report Q1 2024-2025 as at June 2024
"""
    found = quarter_findings(front("Tuesday, 21 January 2025") + body)
    assert [(f.found, f.expected) for f in found] == [("Q2 2024/25", "Q1 2024-2025")]
    quiet = body.replace("**Q2 2024/25", "**Q1 2024/25")
    assert quarter_findings(front("Tuesday, 21 January 2025") + quiet) == []


FINANCE = """**CABINET – 30 JANUARY 2025**

**FINANCE MONITORING REPORT**

1. This report provides an update on the Council's revenue and capital financial position as at Quarter OWN 2024-25.

2. The revenue overspend has reduced by £3.5m compared with the position at Quarter 2.

3. The final outturn will be reported at the end of Quarter 4 2024-25.

4. The Quarter 4 2024-25 forecast shows a further reduction, and savings are to be delivered by the end of Quarter 4 2024-25.

5. The forecast position at the end of Quarter 4 2024-25 is an overspend of £20.1m.
"""


def test_a_position_as_at_a_quarter_not_ended_by_the_meeting_is_found():
    found = quarter_findings(front("Thursday, 30 January 2025") + FINANCE.replace("OWN", "4"))
    assert len(found) == 1
    f = found[0]
    assert f.found == "Quarter 4 2024-25"
    assert f.extra["reference"] == "2025-01-30" and f.extra["stated_as"] == "position"
    assert "Quarter 3 2024/25" in f.expected  # the latest quarter ended by the meeting
    assert "financial position as at Quarter 4" in f.excerpt


def test_a_position_as_at_an_ended_quarter_and_future_quarters_told_as_future_are_quiet():
    assert quarter_findings(front("Thursday, 30 January 2025") + FINANCE.replace("OWN", "3")) == []


RISK = """**TRANSPORT COMMITTEE – 12 SEPTEMBER 2024**

**QN 2024/25 CORPORATE RISK REPORT**

**REPORT OF THE DIRECTOR OF TRANSPORT**

1. The report summarises progress in managing the risks.
"""


def test_a_report_titled_for_a_quarter_not_ended_by_its_meeting_is_found():
    found = quarter_findings(front("Thursday, 12 September 2024") + RISK.replace("QN", "Q2"))
    assert [(f.found, f.extra["stated_as"], f.extra["reference"]) for f in found] == [
        ("Q2 2024/25", "title", "2024-09-12")]
    assert quarter_findings(front("Thursday, 12 September 2024") + RISK.replace("QN", "Q1")) == []


def test_without_a_meeting_date_nothing_is_judged_against_it():
    undated = RISK.replace("**TRANSPORT COMMITTEE – 12 SEPTEMBER 2024**", "**TRANSPORT COMMITTEE**")
    assert quarter_findings(undated.replace("QN", "Q2")) == []
    # the report's own heading dates it when no front sheet does
    assert [f.extra["reference"] for f in quarter_findings(RISK.replace("QN", "Q2"))] == ["2024-09-12"]


def _word_pack(path, heading_quarter: str):
    d = docx.Document()
    d.add_paragraph("Meeting: Example Scrutiny Committee")
    d.add_paragraph("Date/Time: Tuesday, 21 January 2025 at 2.00 pm")
    d.add_heading("EXAMPLE SCRUTINY COMMITTEE – 21 JANUARY 2025", level=1)
    d.add_heading("QUARTER 2 2024/25 PERFORMANCE REPORT", level=1)
    d.add_paragraph("1. The purpose of this report is to present performance for the period July to September "
                    "2024 (Quarter 2).")
    d.add_paragraph("2. The report provides a summary of performance at the end of Quarter 2 2024/25.")
    d.add_paragraph("Appendix")
    d.add_paragraph(f"Widget Services Department Performance Dashboard {heading_quarter}, 2024/25")
    table = d.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ["Indicator", "Latest Data", "Widgets inspected on time", "92.7%"]):
        cell.text = text
    d.save(path)
    return str(path)


def test_the_dashboard_heading_of_a_word_pack_is_judged_as_in_markdown(tmp_path):
    """In a Word document the dashboard's heading is a plain paragraph, as in the sample's .docx form."""
    from auditor.pipeline import load_pack

    slip = load_pack(_word_pack(tmp_path / "slip.docx", "Quarter 3"))
    found = [f for f in run_rules(slip, ["report-period"])]
    assert [(f.found, f.expected) for f in found] == [("Quarter 3, 2024/25", "QUARTER 2 2024/25")]
    right = load_pack(_word_pack(tmp_path / "right.docx", "Quarter 2"))
    assert run_rules(right, ["report-period"]) == []


def test_a_heading_of_an_earlier_or_coming_report_is_not_the_reports_own():
    text = front("Tuesday, 21 January 2025") + PERFORMANCE.replace("HEADING_QUARTER", "Quarter 2") + """
Previous Performance Dashboard Quarter 1, 2024/25

Forthcoming Performance Report Quarter 3, 2024/25
"""
    assert quarter_findings(text) == []
    assert len(quarter_findings(text.replace("Previous Performance", "Performance"))) == 1


def test_a_position_at_the_end_of_a_later_quarter_than_the_title_is_found():
    """A Quarter 2 report telling a figure 'at the end of Q3 2024/25': the quarter has ended by the meeting,
    but it is not the report's; an earlier quarter is a comparison, a later one told as later is news."""
    base = front("Tuesday, 21 January 2025") + PERFORMANCE.replace("HEADING_QUARTER", "Quarter 2")
    slip = base + "\n4. The percentage of young people not in education at the end of Q3 2024/25 was 0.8%.\n"
    found = quarter_findings(slip)
    assert [(f.found, f.expected, f.extra["stated_as"]) for f in found] == [
        ("Q3 2024/25", "QUARTER 2 2024/25", "position")]
    right = base + ("\n4. The percentage of young people not in education at the end of Q2 2024/25 was 0.8%, "
                    "down from 1.1% at the end of Quarter 1 2024/25.\n\n"
                    "5. Performance has since improved to 0.7% at the end of Quarter 3 2024/25.\n")
    assert quarter_findings(right) == []


def test_an_event_at_the_end_of_a_quarter_is_no_position():
    """'goes live at the end of Quarter 4' dates an event still to come, told in the present: no figure, no
    position; 'as at' always tells one."""
    body = FINANCE.replace("OWN", "3") + "\n6. The new finance system goes live at the end of Quarter 4 2024-25.\n"
    assert quarter_findings(front("Thursday, 30 January 2025") + body) == []
    slip = body + "\n7. The overspend was £23.3m at the end of Quarter 4 2024-25.\n"
    assert [f.extra["stated_as"] for f in quarter_findings(front("Thursday, 30 January 2025") + slip)] == ["position"]
