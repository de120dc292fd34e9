"""Tables flattened into text one cell a paragraph (a label, then its figures, each a paragraph of its own)
are read back into rows where every label has as many figures; anything less regular stays text."""
from conftest import pack_from_markdown, run_rules

WAITING = """# Performance brief

The services with patients waiting more than a year are:

Pre-School and School Age ND

1957

CAMHS Medication Clinics

421

Children's Nutrition and Dietetics

12\\*

Dental

1,076

Total

{total}

\\* These patients have been reviewed by services.
"""


def _tables(md):
    pack = pack_from_markdown(md)
    return [b.table for _, b in pack.iter_blocks() if b.table is not None]


def test_label_and_figure_paragraphs_read_back_into_rows():
    [table] = _tables(WAITING.format(total="3,466"))
    assert table.confidence == "stacked"
    assert [[c.text for c in row] for row in table.rows] == [
        ["Pre-School and School Age ND", "1957"], ["CAMHS Medication Clinics", "421"],
        ["Children's Nutrition and Dietetics", "12*"], ["Dental", "1,076"], ["Total", "3,466"]]
    assert str(table.rows[2][1].figure.value) == "12"  # the footnote mark is no part of the figure


def test_the_total_of_a_stacked_table_is_checked():
    assert run_rules(pack_from_markdown(WAITING.format(total="3,466")), ["table-total"]) == []
    [finding] = run_rules(pack_from_markdown(WAITING.format(total="3,476")), ["table-total"])
    assert (finding.found, finding.expected) == ("3,476", "3,466")


def test_labels_with_two_figures_each_make_two_columns():
    md = "Open risks\n\n91\n\n82\n\nNew risks\n\n17\n\n10\n\nClosed risks\n\n8\n\n19\n"
    [table] = _tables(md)
    assert [[c.text for c in row] for row in table.rows] == [
        ["Open risks", "91", "82"], ["New risks", "17", "10"], ["Closed risks", "8", "19"]]


def test_numbered_items_and_uneven_runs_stay_text():
    agenda = "Apologies\n\n2\n\nDeclarations of interest\n\n3\n\nMinutes of the last meeting\n\n4\n\nFinance report\n\n5\n"
    uneven = "Open risks\n\n91\n\n82\n\nNew risks\n\n17\n\nClosed risks\n\n8\n\n19\n"
    two_records = "Open risks\n\n91\n\nNew risks\n\n17\n"
    prose = ("The Board noted the report.\n\n2025\n\nThe Board approved the plan.\n\n2026\n\n"
             "The Board thanked officers.\n\n2027\n")
    for md in (agenda, uneven, two_records, prose):
        assert _tables(md) == [], md


def test_a_long_run_left_as_text_is_read_once():
    """20,000 numbered items ('Item', '2', 'Item', '3' ...): refused as a whole, not tried again from each label."""
    import time

    from auditor.ingest.markdown import parse_markdown

    text = "# Agenda\n\n" + "".join(f"Item title {k}\n\n{k + 2}\n\n" for k in range(20000))
    started = time.perf_counter()
    blocks = parse_markdown(text, "agenda.md").blocks
    assert time.perf_counter() - started < 5
    assert not any(b.table for b in blocks) and len(blocks) == 40001
