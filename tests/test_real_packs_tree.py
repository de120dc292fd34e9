"""Each real document in ../shared/packs/real/: the meeting read from its front sheet (or not found) and its
tree of documents, top-level kinds and titles with the number of documents under each. Skipped where the
shared corpus is not beside the repo (a fresh clone)."""
import os
from pathlib import Path

import pytest

REAL = Path(os.environ.get("AUDITOR_CORPUS") or Path(__file__).resolve().parents[2] / "shared" / "packs") / "real"
pytestmark = pytest.mark.skipif(not REAL.is_dir(),
                                reason=f"no real corpus at {REAL} (it is in ../shared/packs, beside the repo)")

_PACKS: dict = {}


def _pack(name: str):
    from auditor.pipeline import load_pack

    if name not in _PACKS:
        _PACKS[name] = load_pack(str(REAL / name))
    return _PACKS[name]


def _tree(pack):
    """(kind, title, number of documents under it) of each top-level document."""
    return [(d.kind, d.title, sum(1 for c in pack.documents if c.parent == d.title))
            for d in pack.documents if not d.parent]


# name -> (committee, date, time), top-level documents
EXPECTED = {
    '03_kent_cabinet_2025-01-30_finance_monitoring_report_Q3_2024-25.pdf': (
        ('Cabinet', '2025-01-30', None),
        [
            ('report', 'Finance Monitoring Report', 0),
        ]),
    '05_kent_county_council_2025-02-13_budget_amendments_pack.pdf': (
        ('COUNTY COUNCIL', '2025-02-13', None),
        [
            ('other', 'Covering letter', 0),
            ('other', 'Budget Amendment Form – Labour Group’s Alternative Budget', 0),
            ('report', 'Kent County Council Labour Group – Alternative Budget', 2),
            ('other', 'Budget Amendment Form – Home to School Transport – Feasibility Study', 0),
            ('other', 'Budget Amendment Form – LEVI capital funding', 0),
            ('other', 'Budget Amendment Form – Highway Asset Maintenance', 0),
            ('other', 'Budget Amendment Form – Capital Support to Districts on Fly-tipping', 0),
            ('other', 'Budget Amendment Form – Reversal – Termination of Support for Council Tax Reduction Schemes (CTRS) '
                      'paid to Districts', 0),
        ]),
    '07_bristol_tcpc_2024-09-12_public_reports_pack.txt': (
        ('Transport and Connectivity Policy Committee', '2024-09-12', '17:00'),
        [
            ('agenda', 'Agenda', 0),
            ('other', 'Public Information Sheet', 0),
            ('minutes', 'Minutes of the meeting of 11 July 2024', 0),
            ('report', 'Opportunities to promote sustainable transport through a review of parking', 5),
            ('report', 'Supported Bus Services Priorities Task and Finish Group', 1),
            ('report', 'Bristol Regional Cycling Hub, Lawrence Weston', 3),
            ('report', 'Workplace Parking Levy', 3),
            ('report', '2024/25 P3 Finance Forecast Report – Transport and Connectivity Committee', 0),
            ('report', 'Q1 2024/25 Corporate Risk Report', 1),
        ]),
    '09_bristol_tcpc_2024-09-12_committee_report_workplace_parking_levy.pdf': (
        ('Transport and Connectivity Committee', '2024-09-12', None),
        [
            ('report', 'Workplace Parking Levy', 0),
        ]),
    'bristol_bcc0011_reports_pack.txt': (
        ('Transport & Connectivity Policy Committee', '2025-10-23', '17:00'),
        [
            ('agenda', 'Agenda', 0),
            ('other', 'Public Information Sheet', 0),
            ('minutes', 'Minutes of the meeting of 11 September 2025', 0),
            ('report', 'Management and Mitigation of CRSTS Scheme Delivery', 2),
            ('report', 'Bristol Resident Parking Scheme Expansion Programme', 2),
            ('report', 'CAZ Exemption and Financial Support package', 3),
            ('report', 'Cycle Hangar Policy', 8),
            ('report', 'Centreline Policy on residential and selected 20 mph roads.', 3),
            ('report', 'Vehicle Towing Contract', 2),
            ('report', 'Workplace Parking Levy Update', 2),
            ('report', '2025/26 P5 Finance Forecast Report – Transport and Connectivity Committee', 1),
        ]),
    'kent_cab_minutes_2025-01-30.pdf': (
        ('Cabinet', '2025-01-30', None),
        [
            ('minutes', 'Minutes of the meeting of 30 January 2025', 0),
        ]),
    'kent_fc_budget_report_2025-02-13.pdf': (
        (None, None, None),
        [
            ('report', 'Draft Revenue Budget 2025-26 and 2025-28 MTFP, and Draft Capital Programme 2025-35', 0),
        ]),
    'kent_fc_treasury_midyear_2025-03-13.pdf': (
        ('County Council', '2025-03-13', None),
        [
            ('report', 'Treasury Management Mid-Year Update 2024-25', 0),
        ]),
    'lch_trust_board_2025-09-04.md': (
        ('Bundle Public Board Meeting', '2025-09-04', '09:00'),
        [
            ('agenda', 'Agenda', 0),
            ('minutes', 'Minutes Trust Board Meeting Held in Public: 5 June 2025', 0),
            ('minutes', 'Minutes Extraordinary Trust Board Meeting 25 June 2025', 0),
            ('minutes', 'Minutes of Extraordinary Trust Board Meeting Held in Public: 10 July 2025', 0),
            ('report', 'Public Board Action log 4 September 2025', 0),
            ('report', 'Interim Chief Executive’s Report', 0),
            ('report', 'Leeds Community Healthcare NHS Trust Winter Plan 2025-2026', 0),
            ('report', 'LCH Winter Plan - September 2025', 1),
            ('report', 'Health Equity Strategy', 0),
            ('report', 'Chairs assurance report - Quality Committee July 2025 Amended 4 09 2025', 0),
            ('report', 'Safe Staffing Report – for information', 0),
            ('report', 'Business Committee Chairs assurance report 28 May 2025', 0),
            ('report', 'Business Committee Chairs Assurance Report 25 June 2025', 0),
            ('report', 'Business Committee Chairs Assurance Report 30 July 2025 Final', 0),
            ('report', "Audit Committee Chair's Assurance Report July 2025", 0),
            ('report', 'Charitable Funds Committee Chair Assurance Report July 2025', 0),
            ('report', 'Performance Brief', 0),
            ('report', 'BOARD Performance Brief - Q1 & June 2025-26 (July Finance)', 0),
            ('report', 'Guardian For Safe Working Hours- Quarter 1 Update', 0),
            ('report', 'Guardian Of Safe Working Hours Annual Report 2024-25', 0),
            ('report', "Annual Medical Director's report 2024-2025", 1),
            ('report', 'Significant Risks and Risk Assurance Report, including the Risk Appetite Statement 2025/26', 1),
            ('report', 'Board Assurance Framework Quarterly Update', 0),
            ('report', '2025 26 BAF June 2025', 0),
            ('report', 'Changes to Non-Executive Director roles and responsibilities', 0),
            ('report', 'Public Board workplan 2024-26 v3 28 08 2025', 0),
        ]),
    'suffolklib_accounts_2014-15.pdf': (
        (None, None, None),
        [
            ('report', 'Annual Report and Financial Statements', 0),
        ]),
    'weca_budget_outturn_2026-06-05.pdf': (
        ('WEST OF ENGLAND MAYORAL COMBINED AUTHORITY', '2026-06-05', None),
        [
            ('report', 'MAYORAL COMBINED AUTHORITY AND MAYORAL BUDGET OUTTURN 2025/26', 9),
        ]),
}


def _needs(name: str):
    if not (REAL / name).exists():
        pytest.skip(f"{name} is not in {REAL}")
    return _pack(name)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_document_meeting_and_tree(name):
    pack = _needs(name)
    meeting, tree = EXPECTED[name]
    assert (pack.meeting.committee, pack.meeting.date, pack.meeting.time) == meeting
    assert _tree(pack) == tree


def test_board_pack_papers_keep_their_item_codes_and_own_dates():
    pack = _needs("lch_trust_board_2025-09-04.md")
    assert pack.meeting.cue("time") == "first agenda item"
    minutes = [(d.item, d.date) for d in pack.documents if d.kind == "minutes"]
    assert minutes == [("4ai", "2025-06-05"), ("4aii", "2025-06-25"), ("4aiii", "2025-07-10")]
    appendices = {d.item: d.parent for d in pack.documents if d.kind == "appendix"}
    assert appendices == {"7iii": "LCH Winter Plan - September 2025",
                          "15ii": "Annual Medical Director's report 2024-2025",
                          "16ii": "Significant Risks and Risk Assurance Report, including the Risk Appetite Statement "
                                  "2025/26"}
    quality = next(d for d in pack.documents if d.item == "9i")
    assert (quality.date, quality.date_source[0]) == ("2025-07-27", "'Date of meeting' field")


def test_printed_minutes_are_dated_by_their_heading():
    minutes = _needs("kent_cab_minutes_2025-01-30.pdf").documents[0]
    assert (minutes.date, minutes.date_source[0], minutes.start.page) == ("2025-01-30", "minutes heading", 1)


def _number(text: str):
    """'(4,452)' -> -4452, '£1m' -> '1m', '84%' -> 84: figures compared as the page prints them."""
    t = text.replace(",", "").replace("£", "").replace("%", "").strip()
    if t.startswith("(") and t.endswith(")"):
        t = "-" + t[1:-1]
    try:
        return float(t)
    except ValueError:
        return t


# name -> rows some table of the document must hold: (row label, the figures that follow it, in order),
# each checked by hand against the page
TABLE_ROWS = {
    '03_kent_cabinet_2025-01-30_finance_monitoring_report_Q3_2024-25.pdf': [
        ("Children, Young People & Education", ["430.6", "420.8", "-9.9"])],
    '07_bristol_tcpc_2024-09-12_public_reports_pack.txt': [
        ("Multi-Storey Car Parks", ["(4,452)", "(3,518)", "934"]), ("On Street", ["(4,956)", "(4,366)", "590"])],
    'bristol_bcc0011_reports_pack.txt': [
        ("% who drive to work", ["36.7%", "34.4%"]), ("Total", ["15", "1,390", "990", "(400)"])],
    'kent_fc_budget_report_2025-02-13.pdf': [("CSSB", ["12.2", "12.3", "-0.1"])],
    'kent_fc_treasury_midyear_2025-03-13.pdf': [("Total borrowing", ["771.9", "-25.1", "746.8", "4.35"])],
    'lch_trust_board_2025-09-04.md': [  # tables flattened to one cell a paragraph
        ("Dental", ["1,076"]), ("Total", ["3828"]), ("Total", ["4", "27", "44", "14", "2", "91"])],
    'suffolklib_accounts_2014-15.pdf': [("Total Funds", ["392", "357"])],
    'weca_budget_outturn_2026-06-05.pdf': [
        ("Delivery Sub Total", ["134,708", "140,591", "132,069", "131,283", "123,648", "117,940", "84%"]),
        ("Net Expenditure", ["151,717", "158,555", "149,730", "150,008", "140,729", "133,887", "84%"])],
}


@pytest.mark.parametrize("name", sorted(TABLE_ROWS))
def test_real_document_table_rows_are_read_with_their_figures(name):
    pack = _needs(name)
    rows = [[c.text for c in row] for d in pack.documents for b in d.blocks if b.table is not None
            for row in b.table.rows]
    for label, figures in TABLE_ROWS[name]:
        wanted = [_number(f) for f in figures]
        read = [[_number(c) for c in row[1:] if c.strip() and c.strip() not in ("-", "–")]
                for row in rows if row and " ".join(row[0].split()) == label]
        assert wanted in [r[:len(wanted)] for r in read], (label, read[:3])
