"""table-identity: arithmetic the labels imply, judged with the rounding model."""
import pytest

from conftest import pack_from_markdown, run_rules
from test_table_total import SAMPLE_TOTALS, _pinned, total_findings


def identity_findings(md, rules=("table-identity",), params=None):
    return total_findings(md, rules, params=params)


REVENUE = """| Service | Employees £ | Running Expenses £ | Internal Income £ | Gross Budget £ | External Income £ | Net Total £ |
|---|---|---|---|---|---|---|
| Team A | 1,000 | 500 | -100 | 1,400 | -400 | 1,000 |
| Team B | 2,000 | 250 | 0 | {gross_b} | -250 | {net_b} |
| **Group** | **3,000** | **750** | **-100** | **3,650** | **-650** | **3,000** |
"""


def test_gross_and_net_identities_hold_quietly():
    assert identity_findings(REVENUE.format(gross_b="2,250", net_b="2,000")) == []


def test_net_identity_fails_with_expected_found_difference():
    [f] = identity_findings(REVENUE.format(gross_b="2,250", net_b="2,100"))
    assert (f.extra["row"], f.extra["column"], f.expected, f.found) == ("Team B", "Net Total £", "2,000", "2,100")
    assert f.extra["identity"] == "net budget"
    assert "Gross Budget £” + “External Income £" in f.message
    # the Group's Net subtotal is out by the same 100 through this very cell: it is the culprit
    assert f.extra["culprit"] is True and len(f.related) == 4


def test_identity_failure_without_a_crossing_total():
    md = REVENUE.format(gross_b="2,250", net_b="2,100").replace("**3,000** |\n", "**3,100** |\n")
    team, group = identity_findings(md)  # the Group's Net now also breaks Gross + External Income
    assert "culprit" not in team.extra and team.expected == "2,000" and len(team.related) == 2
    assert "difference 100" in team.message
    assert (group.extra["row"], group.expected, group.found) == ("Group", "3,000", "3,100")


def test_culprit_cell_where_identity_and_column_total_fail_by_the_same_amount():
    """Team B's Running Expenses typed 262 for 250: Gross and the Group subtotal are both out by 12."""
    md = REVENUE.format(gross_b="2,250", net_b="2,000").replace("| 2,000 | 250 | 0 |", "| 2,000 | 262 | 0 |")
    [f] = identity_findings(md)
    assert f.extra["culprit"] is True
    assert (f.extra["row"], f.extra["column"]) == ("Team B", "Running Expenses £")
    assert f.found == "262" and f.expected == "250"
    assert "would make both hold" in f.message
    assert f.location.line == 4


def test_within_rounding_is_quiet_and_reported_only_by_the_rounding_rule():
    md = REVENUE.format(gross_b="2,251", net_b="2,001")
    assert identity_findings(md) == []
    infos = identity_findings(md, rules=("table-identity-rounding",))
    assert infos and all(f.severity == "info" for f in infos)


def test_dsg_identity_between_columns():
    md = """| Schools £ | Early Years £ | High Needs £ | Dedicated Schools Grant £ | LA Block £ |
|---|---|---|---|---|
| 18,121 | 43,628 | 150,803 | 212,552 | 1,358,211 |
| 299,324 | 0 | 0 | 0 | 299,324 |
"""
    [f] = identity_findings(md)
    assert f.expected == "299,324" and f.found == "0" and f.extra["identity"] == "dedicated schools grant"


ANNUAL_CHANGE = """| Date | Children | Weekly cost | % Annual Change (children) | % Annual Change (cost) |
|---|---|---|---|---|
| Mar-22 | 60 | £860 | | |
| Mar-23 | 97 | £1,060 | 62% | 23% |
| Mar-24 | 132 | £1,130 | 36% | {pct} |
| Sep-24 | 95 | £1,000 | -28% | -12% |
"""


def test_percent_annual_change_columns_recomputed_from_the_rows_above():
    assert identity_findings(ANNUAL_CHANGE.format(pct="7%")) == []  # 6.6% shown as 7%; -11.5% as -12%
    [f] = identity_findings(ANNUAL_CHANGE.format(pct="9%"))
    assert (f.extra["row"], f.found, f.expected) == ("Mar-24", "9%", "7%")
    assert f.extra["identity"] == "percent change"


def test_percent_change_between_two_columns():
    md = """| Indicator | 2023 | 2024 | % change |
|---|---|---|---|
| Referrals | 5,000 | 5,500 | 10.0% |
| Assessments | 4,000 | 4,100 | {pct} |
"""
    assert identity_findings(md.format(pct="2.5%")) == []
    [f] = identity_findings(md.format(pct="5.2%"))
    assert f.expected == "2.5%" and f.found == "5.2%"


def test_mean_column_recomputed_and_a_mean_wrong_everywhere_is_not_reported():
    md = """| Year | A | B | C | D | Mean |
|---|---|---|---|---|---|
| 2021 | 10 | 20 | 30 | 40 | 25 |
| 2022 | 12 | 22 | 32 | 42 | {m} |
| 2023 | 14 | 24 | 34 | 44 | 29 |
"""
    assert identity_findings(md.format(m="27")) == []
    [f] = identity_findings(md.format(m="37"))
    assert f.expected == "27" and f.found == "37" and f.extra["identity"] == "mean"
    everywhere = md.format(m="24").replace("| 25 |", "| 22 |").replace("| 29 |", "| 26 |")
    assert identity_findings(everywhere) == []  # a mean of some other set (e.g. all comparators): not ours


ROLL = """| | 2025/26 £000 | 2026/27 £000 | 2027/28 £000 |
|---|---|---|---|
| Original prior year budget | 120,902 | {opening} | 143,166 |
| Budget transfers | 1,144 | 0 | 0 |
| Add growth | 20,300 | 10,390 | 11,470 |
| Less savings | -5,600 | -3,970 | -3,920 |
| **Total Net Budget** | **136,746** | **{total}** | **150,716** |
"""


def test_roll_forward_total_becomes_next_years_opening_budget():
    assert identity_findings(ROLL.format(opening="136,746", total="143,166")) == []
    findings = identity_findings(ROLL.format(opening="136,764", total="143,184"))
    assert all(f.extra["identity"] == "roll-forward" for f in findings)
    assert [(f.extra["row"], f.extra["column"], f.found, f.expected) for f in findings] == [
        ("Original prior year budget", "2026/27 £000", "136,764", "136,746"),
        ("Original prior year budget", "2027/28 £000", "143,166", "143,184")]


def test_cumulative_rows():
    md = """| | 2025/26 | 2026/27 | 2027/28 |
|---|---|---|---|
| Annual funding gap | 15,255 | 12,545 | 9,786 |
| Deficit brought forward | 64,113 | | |
| Cumulative funding gap | 79,368 | 91,913 | {c} |
"""
    assert identity_findings(md.format(c="101,699")) == []
    [f] = identity_findings(md.format(c="101,969"))
    assert f.expected == "101,699" and f.extra["identity"] == "cumulative"


def test_sums_between_rows():
    md = """| Block | 2025/26 £m |
|---|---|
| Schools | 564.0 |
| Early Years | 109.2 |
| High Needs | 116.6 |
| Dedicated Schools Grant | {dsg} |
"""
    assert identity_findings(md.format(dsg="789.8")) == []
    [f] = identity_findings(md.format(dsg="794.2"))
    assert f.expected == "789.8"


def test_ambiguous_labels_do_not_apply_an_identity():
    """Two columns that could be 'Gross': the identity is not applied rather than guessed."""
    md = """| Service | Employees | Running Expenses | Internal Income | Gross 24/25 | Gross 25/26 |
|---|---|---|---|---|---|
| A | 10 | 10 | 0 | 5 | 99 |
| B | 10 | 10 | 0 | 5 | 99 |
"""
    assert identity_findings(md) == []


def test_bad_identity_in_a_rule_file_is_a_rule_error(tmp_path):
    from auditor.errors import RuleFileError
    from auditor.rules import load_rules

    (tmp_path / "bad.yaml").write_text(
        "rules:\n  - id: my-identity\n    kind: table-identity\n    severity: error\n    description: x\n"
        "    sums:\n      - result: '^gross'\n        parts: ['^a']\n        between: diagonal\n")
    with pytest.raises(RuleFileError):
        load_rules([str(tmp_path)])
    (tmp_path / "bad.yaml").write_text(
        "rules:\n  - id: my-identity\n    kind: table-identity\n    severity: error\n    description: x\n"
        "    sums:\n      - result: '^gross('\n        parts: ['^a']\n")
    with pytest.raises(RuleFileError):
        load_rules([str(tmp_path)])


# ---------------------------------------------------------------- the sample pack

SAMPLE_IDENTITIES = {
    # (row, column, found, expected): why it is real
    ("Child Sexual Exploitation Team", "Employees £", "1,892,427", "1,992,427"):
        "Gross 2,110,457 ≠ 1,892,427 + 118,030 + 0, and Field Social Work's Employees subtotal is out by the same £100,000",
    ("Music Services", "Running Expenses £", "612,898", "612,886"):
        "Gross 2,194,973 ≠ 1,582,087 + 612,898, and Education Quality & Inclusion's Running Expenses is out by the same £12",
    ("C&FS Community Safety", "Dedicated Schools Grant £", "0", "299,324"):
        "Schools 299,324 + Early Years 0 + High Needs 0 ≠ DSG 0 (the service is LA Block funded)",
    ("Community Safety", "Schools £", "299,324", "0"):
        "the subtotal repeats it, and the Schools grand total (0) is out by the same amount",
}


def test_sample_pack_markdown_identities(pack_md):
    findings = [f for f in run_rules(pack_md, ["table-identity"]) if f.rule == "table-identity"]
    assert _pinned(findings) == set(SAMPLE_IDENTITIES)


def test_sample_pack_quiet_where_figures_are_right(pack_md):
    """UASC % annual changes, the roll-forward and DSG cumulative tables are right; the benchmark Mean is
    not the mean of the shown councils in any year, so it is another definition, not a slip."""
    findings = [f for f in run_rules(pack_md, ["table-identity"]) if f.rule == "table-identity"]
    assert all(f.document.startswith("Appendix A – Revenue") for f in findings)


@pytest.mark.parametrize("fixture", ["pack_pdf", "pack_docx"])
def test_sample_pack_other_forms_give_the_same_table_findings(fixture, request):
    pack = request.getfixturevalue(fixture)
    findings = [f for f in run_rules(pack, ["table-"]) if f.severity == "error"]
    got = {(f.found, f.expected) for f in findings}
    want = {(k[2], k[3]) for k in SAMPLE_IDENTITIES} | {(k[2], k[3]) for k in SAMPLE_TOTALS}
    assert got == want


def test_the_table_total_finding_names_the_likely_slip():
    """table-identity blames a cell of the total's column (typed: total_row, total_column); the report stage
    (name_likely_slips) names it in the total's finding. No rule edits the other's finding."""
    md = REVENUE.format(gross_b="2,250", net_b="2,000").replace("| 2,000 | 250 | 0 |", "| 2,000 | 262 | 0 |")
    from auditor.checks import run_checks
    from auditor.report.merge import name_likely_slips
    from auditor.rules import load_rules

    rules = [r for r in load_rules() if r.id in ("table-total", "table-identity")]
    found = run_checks(pack_from_markdown(md), rules)
    culprit, total = sorted(found, key=lambda f: f.rule)
    assert "likely_culprit" not in total.extra and "likely slip" not in total.message  # as table-total made it
    assert (culprit.extra["total_row"], culprit.extra["total_column"]) == ("Group", "Running Expenses £")
    culprit, total = sorted(name_likely_slips(found), key=lambda f: f.rule)
    assert total.rule == "table-total" and total.extra["row"] == "Group"
    assert total.extra["likely_culprit"] == {"row": "Team B", "column": "Running Expenses £", "expected": "250"}
    assert "likely slip is “Team B” / “Running Expenses £”" in total.message
    assert culprit.rule == "table-identity" and culprit.extra["culprit"] is True
    right = REVENUE.format(gross_b="2,250", net_b="2,000")
    assert name_likely_slips(run_checks(pack_from_markdown(right), rules)) == []


def test_a_total_alone_names_no_slip():
    """With table-identity not run, nothing blames a cell: the total's finding says only what it saw."""
    md = REVENUE.format(gross_b="2,250", net_b="2,000").replace("| 2,000 | 250 | 0 |", "| 2,000 | 262 | 0 |")
    from auditor.checks import run_checks
    from auditor.report.merge import name_likely_slips
    from auditor.rules import load_rules

    rules = [r for r in load_rules() if r.id == "table-total"]
    [total] = name_likely_slips(run_checks(pack_from_markdown(md), rules))
    assert total.extra["row"] == "Group" and "likely_culprit" not in total.extra
    assert "likely slip" not in total.message and "(difference -12)" in total.message


@pytest.mark.parametrize("fixture", ["pack_md"])
def test_sample_pack_total_findings_name_their_likely_slips(fixture, request):
    from auditor.report.merge import name_likely_slips

    findings = name_likely_slips(run_rules(request.getfixturevalue(fixture), ["table-total", "table-identity"]))
    slips = {f.extra["row"]: f.extra.get("likely_culprit", {}).get("row") for f in findings if f.rule == "table-total"}
    assert slips == {"Children in Care": None, "Field Social Work": "Child Sexual Exploitation Team",
                     "Education Quality & Inclusion": "Music Services", "Total": "Community Safety"}


def test_average_row_is_the_mean_of_the_detail_rows_not_of_the_total():
    md = """| Team | 2023 | 2024 |
|---|---|---|
| North | 10 | 12 |
| South | 20 | 24 |
| East | 30 | 36 |
| Total | 60 | 72 |
| Average | 20 | {avg} |
"""
    assert identity_findings(md.format(avg="24")) == []
    [f] = identity_findings(md.format(avg="28"))
    assert f.expected == "24" and f.extra["identity"] == "mean"


OUTTURN = """| Directorate | Budget £000 | Forecast £000 | Variance £000 | Variance % |
|---|---|---|---|---|
| Adults | 120,500 | 123,900 | 3,400 | 2.8% |
| Children | 98,200 | 104,100 | {children} | 6.0% |
| Place | 45,300 | 44,800 | -500 | -1.1% |
"""


def test_a_variance_in_money_beside_a_variance_in_percent_is_checked():
    # 'Variance %' names the same word as 'Variance £000' but holds no amount to add
    assert identity_findings(OUTTURN.format(children="5,900")) == []
    [f] = identity_findings(OUTTURN.format(children="5,600"))
    assert (f.extra["row"], f.extra["column"], f.expected, f.found) == ("Children", "Variance £000", "5,900", "5,600")


SAVINGS_RISK = """Table 3: Savings delivery

| Spread of Risk | No. of Items | Plan £'000 | Forecast £'000 | Variance £'000 |
|---|---|---|---|---|
| Green | 13 | 840 | 840 | - |
| Amber | 1 | 300 | - | (300) |
| Red | 1 | 250 | 150 | (100) |
| Total | 15 | 1,390 | 990 | (400) |
| Prior Month Comparator | 15 | 1,390 | 1,290 | (100) |
| Change from Prior Month - Increase/(Decrease) | - | - | {forecast} | {variance} |
| Period 2 | 15 | 1,390 | 1,290 | (100) |
| Change from P2 to P5 - Increase/(Decrease) | - | - | (300) | (300) |
"""


def test_rows_of_changes_from_the_row_above_hold_quietly():
    assert identity_findings(SAVINGS_RISK.format(forecast="(300)", variance="(300)")) == []


def test_a_change_row_with_the_wrong_sign_is_found():
    found = identity_findings(SAVINGS_RISK.format(forecast="300", variance="300"))
    assert [(f.extra["row"], f.extra["column"], f.expected, f.found) for f in found] == [
        ("Change from Prior Month - Increase/(Decrease)", "Forecast £'000", "-300", "300"),
        ("Change from Prior Month - Increase/(Decrease)", "Variance £'000", "-300", "300")]
    assert "“Total” − “Prior Month Comparator”" in found[0].message


def test_change_rows_taken_the_other_way_round_throughout_are_not_read():
    """Every change in the table is the row above less the total: that is the table's way, not a slip."""
    md = SAVINGS_RISK.format(forecast="300", variance="300").replace(
        "| - | - | (300) | (300) |", "| - | - | 300 | 300 |")
    assert identity_findings(md) == []
