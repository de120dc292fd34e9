"""fact-conflict on packs written here (including correct figures that must stay quiet) and on the sample pack."""
from conftest import pack_from_markdown, run_rules

HEAD = """**CABINET – 3 MARCH 2025**

**HOUSING REPORT**

**REPORT OF THE DIRECTOR OF HOUSING**

"""

BUDGET = HEAD + """1. The table below summarises the budget.

| | 2025/26 £000 | 2026/27 £000 | 2027/28 £000 |
|---|---|---|---|
| Temporary accommodation costs | 3,249 | 3,300 | 3,400 |
| Homelessness prevention grant | 7,512 | 7,600 | 7,700 |
| Repairs backlog | 3,218 | 3,100 | 3,000 |
| Annual revenue funding gap | 15,255 | 12,545 | 9,786 |

"""


def _figures(text):
    return [f for f in run_rules(pack_from_markdown(BUDGET + text), ["fact-conflict-figure"])]


def test_rounded_figures_that_round_correctly_are_quiet():
    text = ("2. Temporary accommodation costs will be £3.2m in 2025/26.\n\n"
            "3. The repairs backlog is £3.2m in 2025/26.\n\n"
            "4. Temporary accommodation costs rise to £3.4m in 2027/28.\n")
    assert _figures(text) == []


def test_misrounded_figure_is_flagged_with_the_table_value():
    findings = _figures("2. The Homelessness prevention grant is £7.45m in 2025/26.\n")
    assert len(findings) == 1
    f = findings[0]
    assert f.found == "£7.45m" and f.expected.startswith("7,512")
    assert f.related and f.related[0].location.line is not None


def test_another_year_is_not_confused():
    # £3.3m is the 2026/27 figure: right for that year, so quiet.
    assert _figures("2. Temporary accommodation costs will be £3.3m in 2026/27.\n") == []
    # the text names 2027/28 and gives that year's figure; the 2025/26 cell is not compared
    assert _figures("2. The repairs backlog falls to £3.0m in 2027/28.\n") == []


def test_comparisons_and_changes_are_not_taken_as_the_figure():
    text = "2. The annual revenue funding gap is down by £2.7m from £15.3m in 2025/26.\n"
    assert _figures(text) == []


def test_period_from_an_earlier_sentence_of_the_paragraph():
    text = "2. The 2025/26 budget is balanced overall. However, an annual funding gap remains of £15.32m on the block.\n"
    findings = _figures(text)
    assert [f.found for f in findings] == ["£15.32m"]
    assert "15,255" in findings[0].expected


DASHBOARD = """**CABINET – 3 MARCH 2025**

**QUARTER 2 PERFORMANCE REPORT**

**REPORT OF THE CHIEF EXECUTIVE**

1. The percentage of Care Leavers aged up to 21 in Education, Employment or Training was {eet} at the end of Quarter 2.
Performance for this indicator has since further improved to 54.4%.

2. The percentage of Free School Meal (FSM) eligible pupils achieving the expected standard in Reading, Writing and Mathematics was {fsm}.

3. The percentage of pupils achieving the expected standard in Reading, Writing and Mathematics was 61.4%.

| Area | Indicator | Latest Data | Period | Previous Data | Quartiles |
|---|---|---|---|---|---|
| Social Care | Care leavers EET | 49.3% | Q2 2024/25 | 47.3% | 4th |
| Social Care | Care leavers in suitable accommodation | 92.4% | Q2 2024/25 | 93.5% | 2nd |
| Education | KS2 - Expected level in Reading, Writing and Maths - pupils eligible for FSM | 41.0% | 2023/24 | 42.1% | 3rd |
| Education | KS2 - pupils achieving expected standard in Reading, Writing and Mathematics | 61.4% | 2023/24 | 62.1% | 2nd |
"""


def test_dashboard_label_matches_narrative_wording_and_cohort():
    quiet = pack_from_markdown(DASHBOARD.format(eet="49.3%", fsm="41.0%"))
    assert run_rules(quiet, ["fact-conflict-figure"]) == []  # 54.4% is a later figure, not flagged
    noisy = pack_from_markdown(DASHBOARD.format(eet="71.8%", fsm="42.1%"))
    findings = run_rules(noisy, ["fact-conflict-figure"])
    # 71.8% is far from 49.3% and not a slip of its digits: could be another measure, so only the near slip
    assert [(f.found, f.expected) for f in findings] == [("42.1%", "41.0%")]
    assert "pupils eligible for FSM" in findings[0].message  # the FSM row, not the all-pupils row
    # 94.3% is 49.3% with two digits swapped: far, but a typist's slip of the row's one value
    swapped = run_rules(pack_from_markdown(DASHBOARD.format(eet="94.3%", fsm="41.0%")), ["fact-conflict-figure"])
    assert [(f.found, f.expected) for f in swapped] == [("94.3%", "49.3%")]


EVENTS = HEAD + """1. On 18 November 2024, the government published 'Keeping Children Safe, Helping Families Thrive'.

2. In {when}, the Government published its paper Keeping Children Safe, Helping Families Thrive. It sets out reforms.
"""


def test_event_dated_differently():
    findings = run_rules(pack_from_markdown(EVENTS.format(when="November 2025")), ["fact-conflict-event"])
    assert len(findings) == 1
    assert findings[0].found == "18 November 2024, November 2025"
    assert len(findings[0].related) == 1


def test_event_month_containing_the_day_is_consistent():
    assert run_rules(pack_from_markdown(EVENTS.format(when="November 2024")), ["fact-conflict-event"]) == []


PLANS = HEAD + """1. This report supports the Children and Family Services Departmental Plan 2024-2026.

2. The priorities identified by the Children and Family Services Departmental Plan {period} are set out below.

3. The draft Housing Strategy 2024-2027 is a refresh of the previous Housing Strategy 2020-23.

4. It replaces the Housing Strategy 2020-2023.
"""


def test_plan_given_two_periods():
    findings = run_rules(pack_from_markdown(PLANS.format(period="2020-2023")), ["fact-conflict-plan"])
    assert len(findings) == 1
    assert findings[0].found == "2020-2023" and "2024-2026" in findings[0].expected


def test_previous_versions_of_a_plan_are_not_conflicts():
    assert run_rules(pack_from_markdown(PLANS.format(period="2024-26")), ["fact-conflict-plan"]) == []


ROWS = HEAD + """1. Savings are summarised below.

| | 2025/26 £000 | 2026/27 £000 | 2027/28 £000 | 2028/29 £000 |
|---|---|---|---|---|
| Total Savings | -12,773 | -26,886 | {x} | -52,083 |
| Growth | 20,300 | 10,390 | 11,470 | 14,700 |

2. Details are in Appendix A.

### **Appendices**

Appendix A – Savings 2025/26 to 2028/29

This page is intentionally left blank

**APPENDIX A**

**Savings 2025/26 to 2028/29**

| | | | |
|---|---|---|---|
| -12,773 | -26,886 | -42,181 | -52,083 |
| 20,300 | 30,690 | 42,160 | 56,860 |
"""


def test_table_row_quoted_with_one_figure_changed():
    findings = run_rules(pack_from_markdown(ROWS.format(x="-42,180")), ["fact-conflict-table"])
    assert [(f.expected, f.found) for f in findings] == [("-42,180", "-42,181")]
    # the cumulative growth row shares one value with the yearly one: not a copy, not flagged
    # the copy in the appendix has no label: its excerpt names the row as the report does
    assert findings[0].excerpt == "[Total Savings] -12,773, -26,886, -42,181, -52,083"


def test_identical_rows_are_quiet():
    assert run_rules(pack_from_markdown(ROWS.format(x="-42,181")), ["fact-conflict-table"]) == []


SAVINGS = HEAD + """1. The table below sets out the savings.

| Ref | | 2025/26 £000 | 2026/27 £000 | 2027/28 £000 | 2028/29 £000 |
|---|---|---|---|---|---|
| H1 | Demand management | -100 | -260 | -1,240 | -1,240 |
| H2 | Voids turnaround | -450 | -600 | -750 | -750 |

"""


def _savings(text):
    return run_rules(pack_from_markdown(SAVINGS + text), ["fact-conflict-figure"])


def test_a_heading_that_writes_one_minus_but_loses_the_other_is_flagged():
    findings = _savings("**H1 – Demand management £0.1m 2025/26 rising to -£1.24m by 2028/29**\n\n2. Text.\n")
    assert [f.found for f in findings] == ["£0.1m"]
    assert "sign differs" in findings[0].message and findings[0].expected.startswith("-100")


def test_savings_written_without_signs_or_with_all_signs_are_quiet():
    assert _savings("**H1 – Demand management £0.1m 2025/26 rising to £1.24m by 2028/29**\n\n2. Text.\n") == []
    assert _savings("**H1 – Demand management -£0.1m 2025/26 rising to -£1.24m by 2028/29**\n\n2. Text.\n") == []
    # a minus on another item's figure in the same sentence says nothing about this one
    text = "2. Voids turnaround saves £0.45m in 2025/26, while demand management shows -£0.26m in 2026/27.\n"
    assert _savings(text) == []


CAPITAL = HEAD + """1. The programme is funded as follows.

| Capital Resources £000 | 2025/26 | 2026/27 | 2027/28 | Total |
|---|---|---|---|---|
| Grants | 20,367 | 3,548 | 3,500 | 27,415 |
| Developer contributions / S106 | 17,603 | 8,569 | 3,507 | 29,679 |

"""


def _capital(text):
    return run_rules(pack_from_markdown(CAPITAL + text), ["fact-conflict-figure"])


def test_a_precise_figure_put_in_a_year_the_table_does_not_have_is_flagged():
    findings = _capital("2. It is estimated that £29.7m of S106 contributions fund the programme, "
                        "of which £17.6m is in 2024/25.\n")
    assert [f.found for f in findings] == ["£17.6m in 2024/25"]
    assert findings[0].expected == "£17.6m in 2025/26"


def test_figures_in_their_own_year_or_too_round_to_tell_are_quiet():
    assert _capital("2. Of the S106 contributions, £17.6m is in 2025/26.\n") == []
    # £8m is too round to say which cell it is; 2023/24 is not next to any column's year
    assert _capital("2. Of the S106 contributions, £8.6m was received in 2023/24.\n") == []
    assert _capital("2. Of the S106 contributions, £8m is in 2024/25.\n") == []


# ---------------------------------------------------------------- the sample pack

# (rule, where, what it is about) -> why it is real
SAMPLE_MD = {
    ("fact-conflict-plan", 284): "Placement Sufficiency Statement 2024-26 in the MTFS; 2024-27 three times in the minutes",
    ("fact-conflict-event", 1948): "'Keeping Children Safe, Helping Families Thrive': November 2025 (published after the meeting) vs 18 November 2024",
    ("fact-conflict-change", 615): "Schools Block £561.885(m) 'an overall cash increase of 8.4%'; the DSG table: 8.1%",
    ("fact-conflict-figure", 609): "£15.32m annual High Needs gap; the DSG table's 2025/26 gap is 15,255 (£15.3m)",
    ("fact-conflict-figure", 502): "G5 heading '£0.1m 2025/26 rising to -£1.24m': the table's 2025/26 is -100, the minus was lost",
    ("fact-conflict-figure", 747): "£20.4m SEND programme; the capital table says 20,458 (£20.5m)",
    ("fact-conflict-figure", 777): "'£17.6m [of S106] is in 2024/25'; the S106 row has 17,603 under 2025/26 (no 2024/25 column)",
    ("fact-conflict-table", 1023): "Appendix C total -42,181 for 2027/28; the report's tables say -42,180",
    ("fact-conflict-figure", 1304): "approx. 201,250 under-26s in the text; the table beside it says 210,255",
    ("fact-conflict-plan", 1940): "Departmental Plan 2020-2023 in the performance report; 2024-2026 in the other reports",
    ("fact-conflict-figure", 2034): "KS2 FSM 42.1% in the text; the dashboard's latest (2023/24) is 41.0% (42.1% is previous)",
}


def test_sample_pack_findings_pinned(pack_md):
    findings = run_rules(pack_md, ["fact-conflict"])
    got = {(f.rule, f.location.line) for f in findings}
    assert got == set(SAMPLE_MD)


def test_sample_pack_government_paper_is_one_finding_with_both_places(pack_md):
    findings = [f for f in run_rules(pack_md, ["fact-conflict-event"])]
    assert len(findings) == 1
    f = findings[0]
    # it points at the date that cannot be right: a paper 'published' in November 2025 for a January 2025 meeting
    assert f.document.startswith("QUARTER 2 2024/25 PERFORMANCE REPORT")
    assert f.related[0].document.startswith("MEDIUM TERM FINANCIAL STRATEGY")
    assert "November 2025" in f.found and "November 18 2024" in f.found


def test_sample_pack_other_forms(pack_docx, pack_pdf):
    docx = {(f.rule, f.message[:40]) for f in run_rules(pack_docx, ["fact-conflict"])}
    pdf = {(f.rule, f.message[:40]) for f in run_rules(pack_pdf, ["fact-conflict"])}
    # the PDF and Word forms do not carry the DSG funding-block table, so the 8.1%/8.4% conflict is Markdown only
    assert len(docx) == len(SAMPLE_MD) - 1
    assert pdf == docx


KENT_STYLE = HEAD + """1. The total Dedicated Schools' Grant for 2024-25 is {total} and is forecast to overspend by £53.5m.

| All figures in £m | | | |
|---|---|---|---|
| DSG Block | 2024-25 Budget | 2024-25 Forecast | 2024-25 Variance |
| Schools' Block | 1,260.5 | 1,260.2 | -0.3 |
| High Needs Block | 337.9 | 392.8 | 54.9 |
| Total DSG 2024-25 | 1,769.2 | 1,822.7 | 53.5 |
"""


def test_scale_in_the_corner_and_periods_in_a_second_header_row():
    assert run_rules(pack_from_markdown(KENT_STYLE.format(total="£1,769.2m")), ["fact-conflict-figure"]) == []
    assert run_rules(pack_from_markdown(KENT_STYLE.format(total="£1,822.7m")), ["fact-conflict-figure"]) == []
    findings = run_rules(pack_from_markdown(KENT_STYLE.format(total="£1,769.6m")), ["fact-conflict-figure"])
    assert [(f.found, f.expected.split()[0]) for f in findings] == [("£1,769.6m", "1,769.2")]


def test_recurring_publications_and_successor_plans_are_not_conflicts():
    text = HEAD + """1. In November 2023, the DfE published its annual 'Children Looked After in England' statistics.

2. In November 2024, the DfE published the latest 'Children Looked After in England' statistics.

3. This report reflects the Council Plan 2022-2025.

4. The new Council Plan 2025-2028 will be adopted in May.
"""
    assert run_rules(pack_from_markdown(text), ["fact-conflict-event", "fact-conflict-plan"]) == []


RESIDUE = HEAD + """1. The table below shows spending on support.

| | 2025/26 £m |
|---|---|
| Special educational needs support services | 60 |
| Other special educational needs support services | 48 |
| Youth offending | 12 |

"""


def test_a_residual_row_is_not_the_subject_the_text_names():
    text = "2. The shortfall in special educational needs support services is £54m in 2025/26.\n"
    found = run_rules(pack_from_markdown(RESIDUE + text), ["fact-conflict-figure"])
    assert [f.expected.split()[0] for f in found] == ["60"]  # compared with its own row, not 'Other ...'


def test_a_table_row_flattened_into_text_is_not_narrative():
    text = "2. Homelessness prevention grant 7,512 -34.9 - - -34.9 1,421.5 grant of £7.45m in 2025/26.\n"
    assert _figures(text) == []
    assert len(_figures("2. The Homelessness prevention grant is £7.45m in 2025/26.\n")) == 1


def test_a_figure_of_another_date_named_in_its_sentence_is_not_held_to_the_nearest_year():
    # the balance at the end of March 2025 is no year's cell of the row (2025/26 on); a guess at the nearest is wrong
    balance = ("2. As at the end of March 2025, the Council had a balance on the repairs backlog of £3.6m, of which "
               "£1.1m was agreed in February 2024.\n")
    assert _figures(balance) == []
    # a figure whose sentence names no date is still held to the row it names, and one naming its year too
    assert [f.found for f in _figures("2. The repairs backlog is now £3.6m.\n")] == ["£3.6m"]
    assert [f.found for f in _figures("2. In 2025/26 the repairs backlog is £3.6m.\n")] == ["£3.6m"]


def test_a_bracketed_negative_in_a_column_of_millions_is_shown_with_its_sign():
    text = HEAD + """1. The table sets out the capital programme.

| Directorate | Approved Budget £m | Forecast Outturn £m | Variance £m |
|---|---|---|---|
| Environment and Transport | 41.3 | 37.6 | (3.7) |
| Resources | 10.8 | 8.7 | (2.1) |

2. Environment and Transport is forecasting an underspend of £3.9m.
"""
    [f] = run_rules(pack_from_markdown(text), ["fact-conflict-figure"])
    assert (f.found, f.expected) == ("£3.9m", "(3.7) (-£3.7m)")


CFR = """**AUDIT COMMITTEE – 7 NOVEMBER 2024**

**TREASURY MANAGEMENT MID-YEAR REVIEW**

The revised Capital Financing Requirement (CFR) was around £37 million.

| Prudential Indicator 2024/25 | Original Estimate £000 | Revised Prudential Indicator £000 |
|---|---|---|
| Capital Financing Requirement | 36,322 | 37,291 |

It was estimated that the CFR at the end of 2024-25 would be circa £34m increasing to approximately £40m for the year 2025-26.
To cover the {cover} CFR it was projected to borrow £22m through external borrowing and £5m through finance leases.
"""


def test_a_figure_given_again_keeps_the_year_it_was_first_given_for():
    """'approximately £40m for the year 2025-26. To cover the £40m CFR ...': the second £40m is 2025-26's,
    not the 2024/25 table's."""
    assert run_rules(pack_from_markdown(CFR.format(cover="£40m")), ["fact-conflict-figure"]) == []
    [finding] = run_rules(pack_from_markdown(CFR.format(cover="£47.3m")), ["fact-conflict-figure"])
    assert finding.found == "£47.3m" and finding.expected.startswith("37,291")
