"""Markdown ingestion: blocks, provenance, HTML in cells, number parsing, joined tables."""
from decimal import Decimal

from auditor.ingest.markdown import parse_markdown, strip_inline
from auditor.structure.segment import segment
from auditor.structure.tables import table_to_dataframe

D = Decimal


def blocks_of(text):
    return parse_markdown(text, "t.md").blocks


def test_block_kinds_and_lines():
    text = "# Title\n\nIntro line one\ncontinues here.\n\n27. A numbered paragraph.\n- a bullet\n  - nested\n\nThis page is intentionally left blank\n"
    blocks = blocks_of(text)
    assert [(b.kind, b.location.line) for b in blocks] == [
        ("heading", 1), ("paragraph", 3), ("paragraph", 6), ("list_item", 7), ("list_item", 8), ("separator", 10)]
    assert blocks[1].text == "Intro line one continues here."
    assert blocks[1].location_at(blocks[1].text.index("continues")).line == 4
    assert blocks[2].number == "27" and blocks[2].text == "A numbered paragraph."
    assert blocks[4].level == 2


def test_html_inside_cells_is_flattened():
    text = "| a | b |\n|---|---|\n| <b>Total</b> | <p>x &amp; y</p><br/><ul><li>one</li><li>two</li></ul> |\n"
    table = blocks_of(text)[0].table
    row = table.rows[1]
    assert row[0].text == "Total" and row[0].bold
    assert row[1].text == "x & y ; one ; two" or row[1].text.replace("  ", " ").startswith("x & y")


def test_numbers_in_cells():
    text = "| item | £000 | % |\n|---|---|---|\n| a | (1,234) | 12.5% |\n| b | −5,600 | – |\n| c |  | 0 |\n"
    table = blocks_of(text)[0].table
    a, b, c = table.rows[1:]
    assert a[1].figure.value == D("-1234") and a[2].figure.value == D("12.5") and a[2].figure.unit == "%"
    assert b[1].figure.value == D("-5600")
    assert c[1].figure is None and c[2].figure.value == 0


def test_links_keep_their_targets():
    block = blocks_of("See the [website](#) and [policy](https://example.org/p).\n")[0]
    assert block.links == [("website", "#"), ("policy", "https://example.org/p")]
    assert block.text == "See the website and policy."


def test_strip_inline_markup():
    assert strip_inline(r"**\*\* G1 - Social Care** *x*") == "** G1 - Social Care x"


def test_split_column_groups_are_joined():
    rows_a = "\n".join(f"| r{i} | {i} |" for i in range(4))
    rows_b = "\n".join(f"| {i * 10} |" for i in range(4))
    text = f"| name | v |\n|---|---|\n{rows_a}\n\n\\* note\n\n| w |\n|---|\n{rows_b}\n"
    pack = segment(parse_markdown(text, "t.md"))
    tables = pack.documents[0].tables
    assert len(tables) == 1
    assert [c.text for c in tables[0].rows[4]] == ["r3", "3", "30"]
    assert len(tables[0].parts) == 2


def test_continuation_with_empty_header_is_joined():
    text = "| item | 2025 |\n|---|---|\n| a | 1 |\n| b | 2 |\n\n|  |  |\n|--|--|\n| c | 3 |\n| <b>Total</b> | <b>6</b> |\n"
    pack = segment(parse_markdown(text, "t.md"))
    (table,) = pack.documents[0].tables
    assert [r[0].text for r in table.body] == ["a", "b", "c", "Total"]


def test_sample_growth_table_values(pack_md):
    mtfs = next(d for d in pack_md.documents if d.kind == "report" and "FINANCIAL" in d.title)
    growth = next(t for t in mtfs.tables if "GROWTH" in " ".join(t.header))
    df = table_to_dataframe(growth)
    total = df.iloc[df.attrs["total_rows"][-1]]
    assert [total[c] for c in df.columns[-4:]] == [D(20300), D(30690), D(42160), D(56860)]
    assert df.attrs["scales"][-1] == D(1000)


def test_sample_revenue_budget_appendix(pack_md):
    appendix_a = next(d for d in pack_md.documents if d.kind == "appendix" and d.letter == "A")
    biggest = max(appendix_a.tables, key=lambda t: len(t.rows))
    df = table_to_dataframe(biggest)
    net = [c for c in df.columns if c.startswith("Net Total")][0]
    assert df[net].iloc[-1] == D(136746300)
    assert len(df.attrs["total_rows"]) >= 10


def test_sample_capital_resources_joined(pack_md):
    mtfs = next(d for d in pack_md.documents if d.kind == "report" and "FINANCIAL" in d.title)
    resources = next(t for t in mtfs.tables if t.header and t.header[0].startswith("Capital Resources"))
    labels = [r[0].text for r in resources.body]
    assert labels[-2:] == ["Prior Years' grant funding held in reserve", "Total Resources"]
    assert resources.body[-1][-1].figure.value == D(83140)


def test_every_sample_table_number_equals_its_source_text(pack_md):
    """Each parsed cell value, re-read from the source line, is the same number."""
    from auditor.numbers import parse_figure

    lines = open(pack_md.source, encoding="utf-8").read().split("\n")
    checked = 0
    for _, _, table in pack_md.tables():
        for row in table.rows:
            for cell in row:
                if cell.figure is None:
                    continue
                source_line = lines[cell.location.line - 1]
                assert cell.figure.text.replace("−", "-") in source_line.replace("−", "-").replace("&amp;", "&")
                assert parse_figure(cell.figure.text) == cell.figure
                checked += 1
    assert checked > 1000


def test_a_sentence_broken_over_paragraphs_is_one_paragraph():
    """Text converted from PDF keeps each printed line as a paragraph; a paragraph that stops mid-sentence
    goes on in the next one that starts in lower case. A finished sentence, a heading in bold or a list
    item is not joined."""
    text = ("Risks will be managed in accordance with the risk management policy\n\n"
            "and procedure, and the Board will receive an update report at the meeting to be\n\n"
            "held on 6th November 2025.\n\n"
            "The plan was agreed.\n\n"
            "and this is a new paragraph although it is in lower case.\n\n"
            "**Next steps for the service**\n\n"
            "continue to monitor\n\n"
            "- an item\n\n"
            "continued text\n")
    blocks = parse_markdown(text, "t.md").blocks
    assert [b.text for b in blocks] == [
        "Risks will be managed in accordance with the risk management policy and procedure, and the Board will "
        "receive an update report at the meeting to be held on 6th November 2025.",
        "The plan was agreed.", "and this is a new paragraph although it is in lower case.",
        "Next steps for the service", "continue to monitor", "an item", "continued text"]
    assert [loc.line for _, loc in blocks[0].anchors] == [1, 3, 5]


def test_stars_with_a_space_after_them_are_printed_not_bold():
    """'** G1' (an item's star rating, as the Word and PDF forms print it) opens no emphasis: the
    stars stay; '**G1**' is bold markup around G1."""
    from auditor.ingest.markdown import parse_markdown

    text = ("| Ref | Growth | 2025/26 |\n|---|---|---|\n| ** G1 | Placements | 15,000 |\n"
            "| * G5 | Demand | -100 |\n| **G6** | Support | 750 |\n")
    [table] = [b.table for b in parse_markdown(text, "t.md").blocks if b.table is not None]
    assert [row[0].text for row in table.rows[1:]] == ["** G1", "* G5", "G6"]
    assert table.rows[3][0].bold and not table.rows[1][0].bold
