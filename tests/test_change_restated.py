"""fact-conflict-change: one amount's change given two percentages, on reports written here and the sample."""
from conftest import pack_from_markdown, run_rules

HEAD = """**CABINET – 3 MARCH 2025**

**DEDICATED SCHOOLS GRANT 2025/26**

**REPORT OF THE DIRECTOR OF CHILDREN'S SERVICES**

1. The grant is made up of the blocks below.

| Funding Block | Basis |
|---|---|
| Schools Block: • Primary and secondary formula funding £412.307m • Growth fund £1.950m | In respect of primary and secondary formula funding this represents a cash increase of {table_pct}% |
| Early Years Block £61.224m | A real-terms increase of 1.2% per hour |

"""


def _found(text, table_pct="6.2"):
    pack = pack_from_markdown(HEAD.format(table_pct=table_pct) + text)
    return [(f.found, f.expected) for f in run_rules(pack, ["fact-conflict-change"])]


def test_the_same_amount_with_another_percentage_is_flagged():
    text = "2. The 2025/26 Schools Block settlement is £412.307m, an overall cash increase of 6.6%.\n"
    assert _found(text) == [("6.6%", "6.2% (or the other way round)")]


def test_same_percentage_other_amounts_and_other_measures_are_quiet():
    assert _found("2. The Schools Block settlement is £412.307m, an overall cash increase of 6.2%.\n") == []
    # another amount: another thing's change
    assert _found("2. The High Needs Block is £116.636m, a cash increase of 7.0%.\n") == []
    # a real-terms change is another measure of the same amount's change
    assert _found("2. Formula funding of £412.307m is a real-terms increase of 3.1%.\n") == []
    # a round amount is too common to identify its subject
    assert _found("2. Growth of £2m is a cash increase of 4.0%.\n\n3. Growth of £2m was a cash increase of 5.0%.\n") == []


def test_sample_pack(pack_md):
    # MTFS para 87: '£561.885, an overall cash increase of 8.4%'; the DSG table labels £561.885m
    # 'School formula funding' and says 'school formula funding ... represents a cash increase of 8.1%'.
    # (The PDF and Word forms do not carry the DSG funding-block table, so only the Markdown form can be checked.)
    found = run_rules(pack_md, ["fact-conflict-change"])
    assert [(f.location.line, f.found) for f in found] == [(615, "8.4%")]
    assert found[0].related[0].location.line == 596
