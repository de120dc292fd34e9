"""A table cut off at the page's right edge (or rebuilt from a damaged source) may have lost columns:
'the table has no 2024/25 column' is said of a table read from its ruling or by the alignment of a
whole table, not of one of those."""
from conftest import pack_from_markdown, run_rules

PACK = """# Medium Term Financial Strategy

114. The capital programme is funded as follows:

| Capital Resources £000 | 2025/26 | 2026/27 | 2027/28 | 2028/29 | Total |
|---|---|---|---|---|---|
| Grants | 20,367 | 3,548 | 3,500 | 3,500 | 30,915 |
| External Contributions / S106 | 17,603 | 8,569 | 3,507 | 0 | 29,679 |
| Earmarked capital receipts | 0 | 1,672 | 0 | 0 | 1,672 |

115. S106 Contributions – it is estimated that a total of £29.7m of S106 contributions fund the proposed programme, of which £17.6m is in 2024/25.
"""


def _found(confidence: str, cut_off: bool = False):
    pack = pack_from_markdown(PACK)
    for block in pack.blocks:
        if block.table is not None:
            block.table.confidence = confidence
            block.table.cut_off = cut_off
    return [f.found for f in run_rules(pack, ["fact-conflict-figure"])]


def test_a_figure_put_in_a_year_the_ruled_table_lacks_is_found():
    assert _found("grid") == ["£17.6m in 2024/25"]


def test_a_figure_put_in_a_year_the_aligned_table_lacks_is_found():
    assert _found("aligned") == ["£17.6m in 2024/25"]


def test_a_table_cut_off_at_the_page_edge_may_have_lost_that_column():
    assert _found("aligned", cut_off=True) == []
    assert _found("grid", cut_off=True) == []


def test_a_rebuilt_table_may_have_lost_that_column():
    assert _found("repaired") == []
