"""A numeric view of a table: each cell's figure read at the scale its column header declares.

£000 -> x1000; each figure kept as a Decimal with its shown precision, to be judged by interval
arithmetic (auditor.numbers). Built once per table (PackFacts.table_view) for every check that reads
tables' figures (table-total, table-identity).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from auditor.model import Cell, Table
from auditor.numbers import Figure
from auditor.structure.tables import ADDITIVE_KINDS, column_kinds, column_labels, column_scales, effective_header_rows

PLACEHOLDER_LABEL_RE = re.compile(r"col\d+(\.\d+)?")


@dataclass
class TableView:
    """A table's body as rows of cells, with labels, scaled figures and which columns hold numbers."""

    table: Table
    labels: list[str]
    rows: list[list[Optional[Cell]]]
    figures: list[list[Optional[Figure]]]
    numeric_cols: list[int]
    label_col: Optional[int]
    row_labels: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)  # per column, see column_kinds

    @property
    def doubtful(self) -> bool:
        return self.table.doubtful

    @property
    def summable_cols(self) -> list[int]:
        """Numeric columns whose figures add up (amounts, counts), not rates, percentages or averages."""
        return [c for c in self.numeric_cols if not self.kinds or self.kinds[c] in ADDITIVE_KINDS]

    @property
    def headerless(self) -> bool:
        """No heading over any column of figures: the table may be the tail of one split above it."""
        return all(PLACEHOLDER_LABEL_RE.fullmatch(self.labels[c]) for c in self.numeric_cols)


def build_view(table: Table) -> Optional[TableView]:
    """None for tables with no numbers worth checking."""
    try:
        k = effective_header_rows(table)
        data_in_header = _header_rows_holding_data(table, k)
        if data_in_header:
            table = Table(rows=table.rows, location=table.location, header_rows=k - data_in_header,
                          confidence=table.confidence, parts=table.parts, caption=table.caption)
            k = effective_header_rows(table)
        labels = column_labels(table)
        scales = column_scales(table)
        kinds = column_kinds(table)
    except Exception:  # odd tables must never crash a check
        return None
    width = len(labels)
    rows = [[row[i] if i < len(row) else None for i in range(width)] for row in table.rows[k:]]
    if not rows:
        return None
    figures = [[_scaled(c, scales[i]) for i, c in enumerate(r)] for r in rows]
    numeric = [i for i in range(width) if _is_numeric_column(rows, figures, i)
               and not _is_reference_column(labels[i], [figures[r][i] for r in range(len(rows))])]
    if not numeric:
        return None
    label_col = _label_column(rows, figures, width)
    view = TableView(table, labels, rows, figures, numeric, label_col, kinds=kinds)
    view.row_labels = [row_label(view, r) for r in range(len(rows))]
    return view


def _header_rows_holding_data(table: Table, k: int) -> int:
    """How many of the last header rows are really data (two or more figures that are not years)."""
    n = 0
    for row in reversed(table.rows[:k]):
        figures = [c for c in row if c.figure is not None and not _looks_like_year(c.text)
                   and c.figure.unit != "%" and not re.search(r"[a-z]", c.text, re.I)]
        if len(figures) < 2:
            break
        n += 1
    return n


def _scaled(cell: Optional[Cell], scale: Optional[Decimal]) -> Optional[Figure]:
    if cell is None or cell.figure is None:
        return None
    f = cell.figure
    if scale is not None and scale != 1 and f.scale == 1 and f.unit != "%":
        return f.rescaled(scale)
    return f


def _is_numeric_column(rows, figures, col: int) -> bool:
    """Two figures or more, and figures in most of its filled cells. A row with no figure anywhere (a note
    in a cell merged over the row, a section heading) says nothing of its columns."""
    filled = [r for r in range(len(rows)) if rows[r][col] is not None and rows[r][col].text.strip()
              and any(f is not None for f in figures[r])]
    nums = [r for r in filled if figures[r][col] is not None and not _looks_like_year(rows[r][col].text)]
    return len(nums) >= 2 and len(nums) >= 0.6 * len(filled)


REFERENCE_LABEL_RE = re.compile(r"^\s*((row |line |item )?ref(erence)?s?\b|(row |line |item )?(no\.?|code|id|#)\s*$)", re.I)


def _is_reference_column(label: str, figures: list) -> bool:
    """Row numbers and references: not amounts, even though they are digits."""
    if REFERENCE_LABEL_RE.search(label):
        return True
    values = [f.value for f in figures if f is not None]
    if len(values) < 3 or any(f.decimals or f.unit == "%" for f in figures if f is not None):
        return False
    steps = [b - a for a, b in zip(values, values[1:])]
    return sum(1 for s in steps if s == 1) >= 0.6 * len(steps)


def _looks_like_year(text: str) -> bool:
    return bool(re.fullmatch(r"\s*(19|20)\d\d\s*", text))


def _label_column(rows, figures, width: int) -> Optional[int]:
    """The column with most text (non-figure) cells: the row labels."""
    best, best_count = None, 0
    for i in range(width):
        count = sum(1 for r in range(len(rows)) if rows[r][i] is not None and figures[r][i] is None
                    and len(rows[r][i].text.strip()) > 3)
        if count > best_count:
            best, best_count = i, count
    return best


def row_label(view: TableView, r: int) -> str:
    """The row's label: its label-column text, else its first non-figure text."""
    row = view.rows[r]
    if view.label_col is not None and row[view.label_col] is not None and row[view.label_col].text.strip():
        return row[view.label_col].text.strip()
    for i, cell in enumerate(row):
        if cell is not None and cell.text.strip() and view.figures[r][i] is None:
            return cell.text.strip()
    return ""
