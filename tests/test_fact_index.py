"""The fact index: what is extracted from narrative text and tables."""
from decimal import Decimal

from conftest import pack_from_markdown

from auditor.facts.index import build_fact_index, periods_compatible, single_year_periods, tokens

REPORT = """**CABINET – 3 MARCH 2025**

**HOUSING REPORT**

**REPORT OF THE DIRECTOR OF HOUSING**

1. This report presents the Housing Strategy 2024-29 to members.

2. On 4 June 2024, the government published 'Homes for Every Community' to set national direction.

3. The table below summarises the budget.

| | 2025/26 £000 | 2026/27 £000 |
|---|---|---|
| Temporary accommodation costs | 3,249 | 3,300 |

4. Temporary accommodation costs will be £3.2m in 2025/26, rising to £3.3m in 2026/27.

5. The percentage of Care Leavers (CL) in Education, Employment or Training was 49.3% at the end of Quarter 2.

6. The overall ambition is to create eight homes across the county.
"""


def _facts(kind):
    return [f for f in build_fact_index(pack_from_markdown(REPORT)) if f.kind == kind]


def test_table_cells_carry_row_label_period_and_scale():
    cells = {(f.subject, f.period): f for f in _facts("cell")}
    cell = cells[("Temporary accommodation costs", "2025/26")]
    assert cell.value.amount == Decimal("3249000")
    assert cell.unit == "£"
    assert ("Temporary accommodation costs", "2026/27") in cells


def test_narrative_money_figure_with_its_own_period():
    metrics = {f.value_text: f for f in _facts("metric")}
    assert metrics["£3.2m"].period == "2025/26"
    assert metrics["£3.3m"].period == "2026/27"
    assert metrics["£3.3m"].extra["continues"]  # "rising to" keeps the subject of the first figure
    assert {"temporary", "accommodation", "cost"} <= set(metrics["£3.2m"].words)


def test_metric_with_quarter_and_expanded_abbreviations():
    metric = next(f for f in _facts("metric") if f.value_text == "49.3%")
    assert metric.period == "Q2"
    assert {"care", "leaver", "education", "employment", "training"} <= set(metric.words)


def test_plan_event_and_count():
    plan = _facts("plan")[0]
    assert plan.subject == "Housing Strategy" and plan.value == (2024, 2029)
    event = _facts("event")[0]
    assert event.subject == "Homes for Every Community" and event.period == "2024-06-04"
    count = next(f for f in _facts("count") if f.subject.endswith("homes"))
    assert count.value == 8


def test_periods():
    assert single_year_periods("Q2 2024/25 and 2023-24 and 2021") == ["Q2 2024/25", "2023/24", "2021"]
    assert periods_compatible("Q2", "Q2 2024/25")
    assert not periods_compatible("Q1", "Q2 2024/25")
    assert not periods_compatible("2024/25", "2025/26")


def test_tokens_expand_standard_abbreviations():
    assert tokens("Re-referrals to CSC within 12 mths") == ["re", "referral", "children", "social", "care", "12", "month"]
    assert "education" in tokens("Care leavers EET")


def test_sample_pack_index_has_every_kind(pack_md):
    index = build_fact_index(pack_md)
    kinds = {f.kind for f in index}
    assert {"metric", "cell", "row", "plan", "event", "count"} <= kinds
    dashboard = [f for f in index if f.kind == "cell" and f.subject == "Care leavers EET" and f.period]
    assert dashboard and dashboard[0].value_text == "49.3%" and dashboard[0].period == "Q2 2024/25"


def test_inspect_facts_lists_them(pack_md):
    from auditor.report.inspect import render_inspect

    lines = []
    render_inspect(pack_md, facts=True, out=lines.append)
    text = "\n".join(lines)
    assert "Keeping Children Safe, Helping Families Thrive" in text
    assert "Care leavers EET" in text


def test_a_money_figure_before_clause_punctuation_is_read():
    pack = pack_from_markdown("# Report\n\nThe permit rose from £56 to £178, although few were sold, and £1,250, "
                              "the fee for a business, is unchanged.\n")
    values = [f.value_text for f in build_fact_index(pack) if f.kind == "metric"]
    assert values == ["£56", "£178", "£1,250"]
