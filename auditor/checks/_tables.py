"""Helpers shared by table-total and table-identity: the parts of a table's numeric view, and findings.

The view (auditor.facts.table_views.TableView) reads each cell's figure at the scale its column header
declares (£000 -> x1000), kept as a Decimal with its shown precision, and judged by interval arithmetic
(auditor.numbers).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Optional

from auditor.facts.table_views import TableView
from auditor.model import DOUBTFUL_TABLE_NOTE, Document, Finding, Location, Related, Table
from auditor.numbers import NO_FIGURE_TEXTS, Figure, format_decimal
from auditor.structure.tables import TOTAL_LABEL_RE

# a table whose columns were worked out from the text's layout, not from its ruling
DOUBTFUL_NOTE = DOUBTFUL_TABLE_NOTE


def row_is_labelled_total(view: TableView, r: int) -> bool:
    return bool(TOTAL_LABEL_RE.search(view.row_labels[r]))


def row_is_bold_total(view: TableView, r: int) -> bool:
    """All its filled cells bold, with at least one figure (a bold subtotal row)."""
    filled = [c for c in view.rows[r] if c is not None and c.text.strip()]
    return bool(filled) and all(c.bold for c in filled) and any(
        view.figures[r][i] is not None for i in view.numeric_cols)


def addable(f: Optional[Figure]) -> bool:
    return f is not None and f.unit != "%"


def part_figure(view: TableView, r: int, c: int):
    """The figure of a cell summed as a part: None for a blank, a dash, nil or n/a (nothing to add);
    False when the cell stops the sum (text, or a figure that does not add, such as a percentage)."""
    f = view.figures[r][c]
    if f is None:
        cell = view.rows[r][c]
        text = cell.text.strip() if cell is not None else ""
        if text and text not in "-–—" and text.lower() not in NO_FIGURE_TEXTS:
            return False
        return None
    return f if addable(f) else False


def table_name(doc: Document, table: Table) -> str:
    caption = (table.caption or "").strip()
    if caption and len(caption) > 80:
        caption = caption[:77].rstrip() + "…"
    return f"{doc.title}: table “{caption}”" if caption else f"{doc.title}: table at {table.location.describe()}"


def cell_name(view: TableView, r: int, c: int) -> str:
    label = view.row_labels[r] or f"row {r + 1}"
    return f"“{label}” / “{view.labels[c]}”"


def show(value: Decimal, like: Figure) -> str:
    """A base-unit amount written the way `like` is written (same scale and decimals)."""
    shown = value / like.scale
    text = format_decimal(shown, max(like.decimals, 0))
    if like.unit == "%":
        return text + "%"
    return text


def row_text(view: TableView, r: int) -> str:
    """The row as printed: its non-empty cells joined with ' | '."""
    text = " | ".join(c.text.strip() for c in view.rows[r] if c is not None and c.text.strip())
    return text if len(text) <= 300 else text[:299] + "…"


def cell_location(view: TableView, r: int, c: int) -> Location:
    cell = view.rows[r][c]
    return cell.location if cell is not None else view.table.location


def related_cells(doc: Document, view: TableView, cells: list[tuple[int, int]]) -> list[Related]:
    out = []
    for r, c in cells:
        cell = view.rows[r][c]
        if cell is not None:
            label = view.row_labels[r] or f"row {r + 1}"
            out.append(Related(doc.title, cell.location, f"{label} — {view.labels[c]}: {cell.text}"))
    return out


def make_finding(rule, doc: Document, view: TableView, r: int, c: int, message: str, expected: str,
                 found: str, involved: list[tuple[int, int]], severity: Optional[str] = None,
                 unsure: str = "", **extra) -> Finding:
    """A finding on one cell. `unsure` says why its premise may not hold (the parts may lie outside
    the table); such a finding is info."""
    if unsure:
        message += f" ({unsure})"
        extra.setdefault("unsure", unsure)
    if view.doubtful:
        message += DOUBTFUL_NOTE
    if unsure:
        severity = "info"
    extra.setdefault("table", table_name(doc, view.table))
    extra.setdefault("row", view.row_labels[r] or f"row {r + 1}")
    extra.setdefault("column", view.labels[c])
    extra.setdefault("confidence", view.table.confidence)
    return Finding(rule=rule.id, severity=severity or rule.severity, message=message, document=doc.title,
                   location=cell_location(view, r, c),
                   excerpt=row_text(view, r),
                   expected=expected, found=found, related=related_cells(doc, view, involved), extra=extra)


def slack_for(total: Figure, params) -> Decimal:
    """Extra tolerance a rule file may add: units of the total's last shown digit, and a fraction."""
    units = Decimal(str(params.get("slack_units", 0) or 0))
    fraction = Decimal(str(params.get("slack_fraction", 0) or 0))
    return units * total.half_ulp * 2 + fraction * abs(total.amount)
