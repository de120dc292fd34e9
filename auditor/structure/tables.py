"""Tables: header/unit rows, total rows, DataFrames, and joining tables the source split."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Optional

from auditor.model import Block, Cell, Table
from auditor.numbers import header_scale

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

TOTAL_LABEL_RE = re.compile(r"\b(sub[- ]?total|total|grand total|overall total|net total)\b", re.I)
UNIT_CELL_RE = re.compile(r"^\s*(£|£'?000s?|£k|£m|%|\(£000\)|£ million|no\.?|number)?\s*$", re.I)
PERIOD_RE = re.compile(r"^\s*(?:19|20)\d\d(?:\s*[/-]\s*\d{2,4})?\s*$")


def row_is_total(row: list[Cell]) -> bool:
    """A total row: labelled Total/Sub Total/..., or all its non-empty label cells bold with figures."""
    labels = [c.text for c in row if c.figure is None and c.text.strip()]
    if any(TOTAL_LABEL_RE.search(t) for t in labels):
        return True
    filled = [c for c in row if c.text.strip()]
    return bool(filled) and all(c.bold for c in filled) and any(c.figure is not None for c in filled)


def is_unit_row(row: list[Cell]) -> bool:
    texts = [c.text for c in row]
    return any(t.strip() for t in texts) and all(UNIT_CELL_RE.match(t) or PERIOD_RE.match(t) for t in texts)


def effective_header_rows(table: Table) -> int:
    """Header rows plus any unit rows ('£', '£000') that follow them."""
    k = table.header_rows
    while k < len(table.rows) and is_unit_row(table.rows[k]):
        k += 1
    return k


def column_scales(table: Table) -> list[Optional[Decimal]]:
    """The scale each column's header declares (£000 -> 1000), or None."""
    k = effective_header_rows(table)
    scales: list[Optional[Decimal]] = [None] * table.n_cols
    for row in table.rows[:k]:
        for i, cell in enumerate(row):
            s = header_scale(cell.text)
            if s is not None and (scales[i] is None or s > scales[i]):
                scales[i] = s
    return scales


def column_labels(table: Table) -> list[str]:
    k = effective_header_rows(table)
    labels = [""] * table.n_cols
    for row in table.rows[:k]:
        for i, cell in enumerate(row):
            t = cell.text.strip()
            if t:
                labels[i] = f"{labels[i]} {t}".strip()
    seen: dict[str, int] = {}
    out = []
    for i, lab in enumerate(labels):
        lab = lab or f"col{i + 1}"
        if lab in seen:
            seen[lab] += 1
            lab = f"{lab}.{seen[lab]}"
        else:
            seen[lab] = 0
        out.append(lab)
    return out


def table_to_dataframe(table: Table) -> pd.DataFrame:
    """One DataFrame column per table column; numbers as Decimal as written, blanks as None.

    df.attrs carries 'total_rows' (positions), 'scales' and 'confidence'.
    """
    import pandas as pd  # imported only when a check asks for a DataFrame: it costs ~0.4 s of start-up

    k = effective_header_rows(table)
    labels = column_labels(table)
    records = []
    totals = []
    for pos, row in enumerate(table.rows[k:]):
        rec = []
        for i in range(len(labels)):
            cell = row[i] if i < len(row) else None
            if cell is None or not cell.text.strip():
                rec.append(None)
            elif cell.figure is not None:
                rec.append(cell.figure.value)
            else:
                rec.append(cell.text)
        records.append(rec)
        if row_is_total(row):
            totals.append(pos)
    df = pd.DataFrame(records, columns=labels, dtype=object)
    df.attrs["total_rows"] = totals
    df.attrs["scales"] = column_scales(table)
    df.attrs["confidence"] = table.confidence
    return df


# ---------------------------------------------------------------- joining

def _header_texts(table: Table) -> list[str]:
    return [c.text.strip().lower() for row in table.rows[: table.header_rows] for c in row]


def _body_len(table: Table) -> int:
    return len(table.rows) - effective_header_rows(table)


def _is_glue(block: Block) -> bool:
    """Blocks that may sit between two parts of one table: page furniture and footnotes."""
    if block.kind == "separator":
        return True
    if block.kind in ("paragraph", "list_item") and len(block.text) <= 160 and block.text.lstrip().startswith("*"):
        return True
    return bool(re.fullmatch(r"(page \d+|\d+|continued\.?|\(continued\))", block.text.strip(), re.I))


def join_split_tables(blocks: list[Block]) -> list[Block]:
    """Join tables that the source split: row continuations and column groups."""
    out: list[Block] = []
    pending_glue: list[Block] = []
    for block in blocks:
        if block.table is None:
            if out and out[-1].table is not None and _is_glue(block) and len(pending_glue) < 3:
                pending_glue.append(block)
                continue
            out.extend(pending_glue)
            pending_glue = []
            out.append(block)
            continue
        prev = out[-1] if out and out[-1].table is not None else None
        joined = _try_join(prev.table, block.table) if prev else None
        if joined is not None:
            prev.table = joined
            continue  # glue between parts is dropped with the join; keep footnotes after
        out.extend(pending_glue)
        pending_glue = []
        out.append(block)
    out.extend(pending_glue)
    return out


def _try_join(first: Table, second: Table) -> Optional[Table]:
    if first.n_cols == second.n_cols and first.n_cols >= 2:
        same_header = _header_texts(first) == _header_texts(second)
        header_is_data = second.header_rows == 0 or any(
            c.figure is not None for row in second.rows[: second.header_rows] for c in row)
        if same_header or header_is_data:
            body = second.rows[second.header_rows:] if same_header else second.rows
            return _joined(first, second, first.rows + body)
    if _body_len(first) >= 3 and _body_len(first) == _body_len(second):
        # a wide table split into column groups with the same rows
        if effective_header_rows(first) == effective_header_rows(second):
            rows = [a + b for a, b in zip(_pad(first), _pad(second))]
            return _joined(first, second, rows)
    return None


def _pad(table: Table) -> list[list[Cell]]:
    width = table.n_cols
    rows = []
    for row in table.rows:
        filler = Cell("", row[-1].location if row else table.location)
        rows.append(list(row) + [filler] * (width - len(row)))
    return rows


def _joined(first: Table, second: Table, rows: list[list[Cell]]) -> Table:
    confidence = "repaired" if "repaired" in (first.confidence, second.confidence) else first.confidence
    if "aligned" in (first.confidence, second.confidence) and confidence == "grid":
        confidence = "aligned"
    return Table(rows=rows, location=first.location, header_rows=first.header_rows,
                 confidence=confidence, parts=list(first.parts) + list(second.parts or [second.location]),
                 caption=first.caption)
