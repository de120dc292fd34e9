"""A table finding names its cell by the row label a reader sees, in every form of a pack.

A wide budget table is printed as two column groups: the first with the labels (Budget | Service |
S/D/B * | ...), then, after a footnote explaining the '*', a group of figures only (Schools | DSG | ...)
whose own rows run on to the next page under a repeated heading. The figures-only group is joined
beside the labelled one, so its cells are named 'Community Safety', never 'row 21'."""
import docx
import pytest
from conftest import pack_from_markdown, run_rules

from auditor.ingest.docx import ingest_docx
from auditor.structure.segment import segment

LABELS = [("Safeguarding", "S", "100"), ("Fostering", "S", "250"), ("Community Safety", "B", "300"),
          ("Family Help", "D", "150"), ("**Total**", "", "**800**")]
# Schools + Early Years + High Needs = DSG; the Community Safety row holds the slip in the near-miss
GROUP = [("40", "60", "0", "100"), ("0", "0", "250", "250"), ("{schools}", "0", "0", "300"), ("150", "0", "0", "150"),
         ("**490**", "**60**", "**250**", "**800**")]
HEADING = "| Schools | Early Years | High Needs | Dedicated Schools Grant |"


def _markdown(schools: str, heading_repeated: bool) -> str:
    first = ["| Budget £ | Service | S/D/B * | Net £ |", "|---|---|---|---|", "| £ | | | £ |"]
    first += [f"| {net} | {label} | {mark} | {net} |" for label, mark, net in LABELS]
    rows = ["| " + " | ".join(row).format(schools=schools) + " |" for row in GROUP]
    second = [HEADING, "|---|---|---|---|", "| £ | £ | £ | £ |"] + rows[:-1]
    parts = ["# Appendix A – Revenue Budget", "", *first, "", "\\* S/D/B : statutory, discretionary or both", "",
             *second, ""]
    if heading_repeated:  # the group's last row on the next page, under its heading without the units
        parts += [HEADING, "|---|---|---|---|", rows[-1], ""]
    else:
        parts[-1:-1] = [rows[-1]]
    return "\n".join(parts)


def _table_findings(pack):
    return [f for f in run_rules(pack, ["table-identity", "table-total"]) if f.severity == "error"]


@pytest.mark.parametrize("heading_repeated", [False, True])
def test_correct_column_groups_stay_quiet(heading_repeated):
    pack = pack_from_markdown(_markdown("300", heading_repeated))
    assert _table_findings(pack) == []
    [table] = [t for _, _, t in pack.tables()]
    assert table.n_cols == 8  # one table: the figures-only group beside the labelled one


@pytest.mark.parametrize("heading_repeated", [False, True])
def test_a_slip_in_the_figures_only_group_is_named_by_its_row_label(heading_repeated):
    pack = pack_from_markdown(_markdown("200", heading_repeated))
    findings = _table_findings(pack)
    assert findings
    places = {(f.rule, f.extra["row"], f.extra["column"]) for f in findings}
    assert places == {("table-identity", "Community Safety", "Schools £"), ("table-total", "Total", "Schools £")}
    [slip] = [f for f in findings if f.rule == "table-identity"]
    assert (slip.found, slip.expected) == ("200", "300")


def _docx_pack(tmp_path, schools: str):
    """The same two groups in Word, the footnote typed '* S/D/B : ...' (read as a bullet)."""
    d = docx.Document()
    d.add_heading("Appendix A – Revenue Budget", level=1)
    first = [["Budget", "Service", "S/D/B *", "Net"], ["£", "", "", "£"]]
    first += [[net.strip("*"), label.strip("*"), mark, net.strip("*")] for label, mark, net in LABELS]
    second = [["Schools", "Early Years", "High Needs", "Dedicated Schools Grant"], ["£", "£", "£", "£"]]
    second += [[c.strip("*").format(schools=schools) for c in row] for row in GROUP]
    for rows in (first, None, second):
        if rows is None:
            d.add_paragraph("* S/D/B : statutory, discretionary or both")
            continue
        table = d.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        for cell in table.rows[-1].cells:
            cell.paragraphs[0].runs[0].bold = True
    path = tmp_path / "groups.docx"
    d.save(path)
    return segment(ingest_docx(str(path), "groups.docx"))


def test_word_footnote_typed_with_a_star_keeps_the_groups_together(tmp_path):
    assert _table_findings(_docx_pack(tmp_path, "300")) == []
    pack = _docx_pack(tmp_path, "200")
    [table] = [t for _, _, t in pack.tables()]
    assert table.n_cols == 8
    findings = _table_findings(pack)
    assert findings and {f.extra["row"] for f in findings} <= {"Community Safety", "Total"}
    assert "Community Safety" in {f.extra["row"] for f in findings}


def test_a_star_bullet_without_a_starred_heading_is_not_a_footnote(tmp_path):
    """A '*' bullet between two tables whose heading has no '*' does not glue them."""
    d = docx.Document()
    for _ in range(2):
        table = d.add_table(rows=4, cols=2)
        for r, row in enumerate([["Service", "£"], ["A", "1"], ["B", "2"], ["Total", "3"]]):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        if _ == 0:
            d.add_paragraph("* a point of its own")
    path = tmp_path / "bullet.docx"
    d.save(path)
    blocks = segment(ingest_docx(str(path), "bullet.docx")).blocks
    assert [b.kind for b in blocks] == ["table", "list_item", "table"]
