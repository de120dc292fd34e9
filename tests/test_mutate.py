"""bench/mutate.py, the mutation harness: on a small pack written here it finds the places a slip
can be planted (each with a second source in the pack), plants one slip at a time, reports a slip
the checks find as found and one no check reads as missed, with its place."""
import importlib.util
import random
import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

PACK = """*Meeting:* **Example Scrutiny Committee**

*Date/Time:* **Tuesday, 21 January 2025 at 2.00 pm**

*Location:* **Committee Room, County Hall**

**EXAMPLE SCRUTINY COMMITTEE – 21 JANUARY 2025**

**QUARTER 2 2024/25 BUDGET MONITORING**

**REPORT OF THE DIRECTOR OF WIDGETS**

**Purpose of the Report**

1. This report sets out the Quarter 2 2024/25 position of the widget budget.

2. The widget budget was approved by the County Council in February 2024.

3. The forecast for Fostering is £1.23m, as the table below shows.

Table 1: Budget

| Service | 2024/25 £000 |
|---|---|
| Children's homes | 1,450 |
| Fostering | 1,230 |
| Adoption | 420 |
| **Total** | **3,100** |

4. Of the 240 children in care, 60 (25%) live with foster carers.

5. Spending on adoption rose from £380k to £420k.

6. The service has the following three priorities:

- Keep children safe
- Find more foster carers
- Reduce the cost of placements

7. The widget budget at Quarter 2 2024/25 is unchanged.

8. The forecast for Fostering of £1.23m is within the budget.

9. The grant of £7.45m is new this year.
"""
TOTAL_LINE = 28  # the line of '| **Total** | **3,100** |'


@pytest.fixture(scope="module")
def mutate():
    spec = importlib.util.spec_from_file_location("mutate", REPO / "bench" / "mutate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("mutate", module)  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture()
def pack_file(tmp_path):
    path = tmp_path / "small.md"
    path.write_text(PACK, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def rules():
    from auditor.rules import load_rules, select_rules

    return select_rules(load_rules())


def sites_of(mutate, path, seed=0):
    from auditor.pipeline import load_pack

    pack = load_pack(str(path))
    return pack, mutate.find_sites(pack, random.Random(seed))


def test_each_kind_is_planted_only_where_the_pack_gives_a_second_source(mutate, pack_file):
    _, sites = sites_of(mutate, pack_file)
    by_kind = {}
    for s in sites:
        by_kind.setdefault(s.kind, []).append(s)
    assert {s.before for s in by_kind["table-total"]} == {"3,100"}
    assert {s.before for s in by_kind["table-part"]} <= {"1,450", "1,230", "420"}
    assert {s.before for s in by_kind["prose-table"]} == {"£1.23m", "£420k"}  # 1,230 and 420 in the £000 table
    assert [s.before for s in by_kind["percent-base"]] == ["25%"]  # 60 of 240
    assert [(s.before, s.after) for s in by_kind["date-tense"]] == [("2024", "2026")]  # approved, after the meeting
    assert [(s.before, s.after) for s in by_kind["direction"]] == [("rose", "fell")]  # £380k to £420k
    assert [s.before for s in by_kind["count-list"]] == ["three"] and by_kind["count-list"][0].after in ("two", "four")
    assert {s.before for s in by_kind["repeated-figure"]} == {"£1.23m"}
    assert [(s.before, s.after) for s in by_kind["quarter"]] in ([("2", "3")], [("2", "1")])
    assert all(s.after != s.before for s in sites)
    # £7.45m is stated once, nothing restates it: no reader could know it wrong, so it is never planted
    assert not any("7.45" in s.before for s in sites)


def test_a_changed_figure_is_clearly_off_its_second_source(mutate, pack_file):
    from auditor.numbers import parse_figure

    _, sites = sites_of(mutate, pack_file)
    [total] = [s for s in sites if s.kind == "table-total"]
    assert abs(parse_figure(total.after).value - 3100) >= 2  # beyond the rounding of four whole figures
    for s in (s for s in sites if s.kind == "prose-table" and s.before == "£1.23m"):
        assert abs(parse_figure(s.after).amount - 1_230_000) > 10_000


def test_the_same_seed_plants_the_same_slips(mutate, pack_file):
    first = [(s.kind, s.before, s.after) for s in sites_of(mutate, pack_file, seed=4)[1]]
    again = [(s.kind, s.before, s.after) for s in sites_of(mutate, pack_file, seed=4)[1]]
    assert first == again


def test_planting_changes_one_block_and_puts_it_back(mutate, pack_file, rules):
    from auditor.checks import run_checks

    pack, sites = sites_of(mutate, pack_file)
    before = [f.to_json() for f in run_checks(pack, rules, {})]
    [total] = [s for s in sites if s.kind == "table-total"]
    block = pack.documents[total.doc].blocks[total.block]
    with mutate.planted(pack, total):
        cell = pack.documents[total.doc].blocks[total.block].table.rows[total.cell[0]][total.cell[1]]
        assert cell.text.strip("* ") == total.after and cell.figure.text.strip("* ") == total.after
    assert pack.documents[total.doc].blocks[total.block] is block
    assert block.table.rows[total.cell[0]][total.cell[1]].figure.value == 3100
    assert [f.to_json() for f in run_checks(pack, rules, {})] == before


def test_a_wrong_total_is_found_in_the_parsed_pack_and_in_the_source(mutate, pack_file, rules):
    run = mutate.mutate_pack(pack_file, rules, seed=0, per_kind=1, source_per_kind=1, jobs=1,
                             kinds=("table-total",))
    [model, source] = run.outcomes
    assert (model.mode, source.mode) == ("model", "source")
    assert model.found and "table-total" in model.by
    assert source.found and "table-total" in source.by
    assert source.site.before == "3,100"


def test_a_slip_no_rule_reads_is_reported_missed_with_its_place(mutate, pack_file, rules):
    no_table_rules = [r for r in rules if not r.kind.startswith("table-")]
    run = mutate.mutate_pack(pack_file, no_table_rules, seed=0, per_kind=1, source_per_kind=0, jobs=1,
                             kinds=("table-total",))
    [outcome] = run.outcomes
    assert not outcome.found
    report = mutate.pack_report(run)
    assert re.search(r"^  table-total +1 +0/1 +0%", report, re.M)
    assert f"missed:\n    [table-total] 'QUARTER 2 2024/25 BUDGET MONITORING', line {TOTAL_LINE}: '3,100' -> " in report
    assert "(the sum of its 3 parts)" in report


def test_slips_of_several_kinds_are_tallied_per_kind_and_per_document(mutate, pack_file, rules):
    run = mutate.mutate_pack(pack_file, rules, seed=0, per_kind=1, source_per_kind=0, jobs=1,
                             kinds=("table-part", "direction", "date-tense"))
    assert sorted(o.site.kind for o in run.outcomes) == ["date-tense", "direction", "table-part"]
    table = mutate.corpus_table([run])
    row = table.splitlines()[1]
    found = sum(o.found for o in run.outcomes)
    assert row.startswith("small.md") and f"{found}/3" in row
    assert "QUARTER 2 2024/25 BUDGET MONITORING" in mutate.pack_report(run)


FAIR = """**EXAMPLE SCRUTINY COMMITTEE – 21 JANUARY 2025**

**SEND STRATEGY**

1. SEND pupils account for 17.2% of the county school population.

2. Horfield: 46.4% (2522 households) with access to one car or van.

3. Over 100 people attended the events since October.

4. Equality Impact Assessment version 2.12 was agreed.

5. Drive to work 27.4% 34.4% Significantly lower than average.

6. SEND pupils account for 17.2% of the county school population, as the census shows.

7. Lockleaze: 46.4% (2317 households) with access to one car or van.

8. Just over 100 people attended the launch in March.

9. Equality Impact Assessment version 2.12 was published.

10. Drive to work 29.1% 34.4% Significantly lower than average.
"""


def test_a_figure_stated_twice_is_planted_only_where_a_reader_can_see_one_fact(mutate, tmp_path):
    path = tmp_path / "fair.md"
    path.write_text(FAIR, encoding="utf-8")
    _, sites = sites_of(mutate, path)
    repeated = {s.before for s in sites if s.kind == "repeated-figure"}
    # the same words around 17.2%: one fact; two wards' 46.4% name two places; 'over 100' is a round
    # number; 'version 2.12' labels; '34.4%' beside another figure is a table's row read as text
    assert repeated == {"17.2%"}


ROUND = """**EXAMPLE SCRUTINY COMMITTEE – 21 JANUARY 2025**

**TREASURY REPORT**

1. The liquidity allowance of £200m remains appropriate for treasury investments.

2. Treasury investments in pooled funds stood at £179.8m at the end of the quarter.

| Treasury investments | £m |
|---|---|
| Pooled funds | 179.77 |
| Liquidity allowance | 200.27 |
"""


def test_a_round_prose_figure_is_not_planted_against_a_table(mutate, tmp_path):
    path = tmp_path / "round.md"
    path.write_text(ROUND, encoding="utf-8")
    _, sites = sites_of(mutate, path)
    # '£200m' may be a policy's own round value, not 200.27 rounded; '£179.8m' restates 179.77
    assert {s.before for s in sites if s.kind == "prose-table"} == {"£179.8m"}


PAIRING = """**CABINET – 3 MARCH 2025**

**REVENUE OUTTURN**

1. Major changes since budget setting include reductions for the Strategic Corridor (£18.0m) this year.

2. Expenditure on corporate services reached £17.96m in the current budget.

3. Business Rates Retention 25,282

| Revenue | Current Budget £000s | Outturn £000s |
|---|---|---|
| Corporate Sub Total | 17,964 | 15,947 |
| Business Rates Retention | 24,757 | 25,282 |
"""


def test_a_prose_figure_restates_a_cell_only_when_it_names_the_cell(mutate, tmp_path):
    path = tmp_path / "pairing.md"
    path.write_text(PAIRING, encoding="utf-8")
    _, sites = sites_of(mutate, path)
    # '£18.0m' is the corridor's, which shares only the word 'budget' with the Corporate row's Current Budget
    # cell (17,964); '£17.96m' names the row (corporate) and its column (current budget); 'Business Rates
    # Retention 25,282' is a chart's label and value read as text, not prose
    assert {s.before for s in sites if s.kind == "prose-table"} == {"£17.96m"}


def test_no_future_event_is_planted_against_the_meeting_in_a_paper_that_speaks_from_before_it(mutate, tmp_path):
    # an appended route map written before the meeting tells events dated before it as still to come:
    # a reader cannot tell from it that a 'future' date before the meeting is a slip
    appendix = ("\n\nAppendix A – Route Map\n\nEmployers will start to be required to apply for a licence in "
                "January 2024.\n\nThe target go-live date will be in {when}.\n")
    path = tmp_path / "older.md"
    path.write_text(PACK + appendix.format(when="October 2025"), encoding="utf-8")
    _, sites = sites_of(mutate, path)
    assert not [s for s in sites if s.kind == "date-tense" and "October" in s.context]
    assert [s.before for s in sites if s.kind == "date-tense"] == ["2024"]  # the past event still is: 'approved ... in February 2024'
    written_for_it = tmp_path / "now.md"
    written_for_it.write_text(PACK + appendix.replace("January 2024", "March 2025").format(when="October 2025"),
                              encoding="utf-8")
    _, sites = sites_of(mutate, written_for_it)
    assert [s.before for s in sites if s.kind == "date-tense" and "October" in s.context] == ["2025"]
