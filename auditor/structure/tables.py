"""Tables: header/unit rows, total rows, DataFrames, and joining tables the source split."""
from __future__ import annotations

import re
from itertools import combinations
from decimal import Decimal
from typing import TYPE_CHECKING, Optional

from auditor.model import Block, Cell, Table
from auditor.numbers import header_scale
from auditor.vocab import TOTAL_WORDS_PATTERN

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

# A total row's label begins with total words ('Total', 'Sub-total', 'Grand total', 'Total Funds', after
# a row number such as '145') or ends with them ('Children's Services Total'); a name with the word
# mid-way ('Pyrford Global Total Return Fund') is a line item.
TOTAL_LABEL_RE = re.compile(
    rf"^\W*(?:[\d.]+\s+|\(?[a-z]{{1,3}}\)\s+)?{TOTAL_WORDS_PATTERN}\b"
    rf"|\b{TOTAL_WORDS_PATTERN}\W*(?:\([^)]*\)|£\S*)?\W*$", re.I)
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


# ---------------------------------------------------------------- column kinds

# What a column's heading words say about its figures: an amount or count adds up into a total; a
# rate, percentage, average, ratio or index does not. Each cell of the heading is tried.
COLUMN_KIND_WORDS = {
    "percent": re.compile(r"%|\bper ?cent(age)?s?\b", re.I),
    "rate": re.compile(r"\brate\b", re.I),
    "average": re.compile(r"\b(average|mean|median|weighted)\b", re.I),
    "ratio": re.compile(r"\b(ratio|per|unit cost|price)\b", re.I),
    "index": re.compile(r"\b(index|score|rank|quartile|rating)\b", re.I),
}
# A duration is known by its unit in a row of units ('£m | £m | % | yrs'), not by 'years' in a
# wrapped heading ('To be achieved in future | years').
DURATION_UNIT_RE = re.compile(r"^\(?(yrs|years|months|days|weeks)\)?$", re.I)
ADDITIVE_KINDS = ("amount",)
YEAR_RE = re.compile(r"\s*(19|20)\d\d\s*")


def heading_rows(table: Table) -> int:
    """Header and unit rows, and the rows under them that hold no figures yet ('Balance | Average Rate',
    '£m | % | yrs' printed as the first rows of the body)."""
    k = effective_header_rows(table)
    while k < len(table.rows) and not any(c.figure is not None and not YEAR_RE.fullmatch(c.text)
                                          for c in table.rows[k]):
        k += 1
    return k


def column_kinds(table: Table) -> list[str]:
    """Per column: 'amount' (figures that add up), or what else its heading or figures say it holds:
    'percent', 'rate', 'average', 'ratio', 'index' or 'duration'."""
    k = heading_rows(table)
    unit_rows = [row for row in table.rows[:k] if _is_row_of_units(row)]
    kinds = []
    for col in range(table.n_cols):
        heading = [_text_at(row, col) for row in table.rows[:k]]
        units = [_text_at(row, col) for row in unit_rows]
        figures = [row[col].figure for row in table.rows[k:] if col < len(row) and row[col].figure is not None]
        kinds.append(_kind_of([t for t in heading if t], units, figures))
    return kinds


def _text_at(row: list[Cell], col: int) -> str:
    return row[col].text.strip() if col < len(row) else ""


def _is_row_of_units(row: list[Cell]) -> bool:
    texts = [c.text.strip() for c in row if c.text.strip()]
    return (any(UNIT_CELL_RE.match(t) for t in texts)
            and all(UNIT_CELL_RE.match(t) or DURATION_UNIT_RE.match(t) for t in texts))


def _kind_of(heading: list[str], units: list[str], figures: list) -> str:
    for kind, words in COLUMN_KIND_WORDS.items():
        if any(words.search(text) for text in heading):
            return kind
    if any(DURATION_UNIT_RE.match(text) for text in units):
        return "duration"
    if figures and all(f.unit == "%" for f in figures):
        return "percent"
    return "amount"


def table_to_dataframe(table: Table) -> pd.DataFrame:
    """One DataFrame column per table column; numbers as Decimal as written, blanks as None.

    df.attrs carries 'total_rows' (positions), 'scales', 'confidence' and 'kinds' (column_kinds).
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
    df.attrs["kinds"] = column_kinds(table)
    return df


# ---------------------------------------------------------------- joining

def _header_texts(table: Table) -> list[str]:
    return [c.text.strip().lower() for row in table.rows[: table.header_rows] for c in row]


def _heading_texts(table: Table) -> list[list[str]]:
    """The heading's rows of words, without rows of units: what a page repeating the heading repeats."""
    return [[c.text.strip().lower() for c in row] for row in table.rows[: effective_header_rows(table)]
            if not is_unit_row(row)]


def _body_len(table: Table) -> int:
    return len(table.rows) - effective_header_rows(table)


def _is_glue(block: Block, above: Optional[Table] = None) -> bool:
    """Blocks that may sit between two parts of one table: page furniture and footnotes.

    A footnote starts with '*'. A Word paragraph typed '* S/D/B : ...' is read as a bullet whose
    star is gone from its text (kept in `raw`): it is a footnote when the table above carries a
    '*' marker in its heading."""
    if block.kind == "separator":
        return True
    if block.kind in ("paragraph", "list_item") and len(block.text) <= 160:
        if block.text.lstrip().startswith("*"):
            return True
        if (block.kind == "list_item" and block.raw.lstrip().startswith("*") and above is not None
                and any("*" in c.text for row in above.rows[:effective_header_rows(above)] for c in row)):
            return True
    return bool(re.fullmatch(r"(page \d+|\d+|continued\.?|\(continued\))", block.text.strip(), re.I))


def join_split_tables(blocks: list[Block]) -> list[Block]:
    """Join tables that the source split: row continuations and column groups.

    Joining runs again while a pass joined something: a column group whose own rows ran on to the
    next page is whole only after its row continuation is joined, and only then lines up with the
    group beside it (Budget | Service | ... then Schools | Early Years | ... over two pages)."""
    for block in blocks:
        if block.table is not None:
            block.table = repair_shifted_header(block.table)
    for _ in range(4):
        joined = _join_pass(blocks)
        if len(joined) == len(blocks):
            break
        blocks = joined
    for block in blocks:
        if block.table is not None:
            block.table = repair_units_over_codes(block.table)
    return attach_total_tables(blocks)


def _join_pass(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    pending_glue: list[Block] = []
    for block in blocks:
        if block.table is None:
            if out and out[-1].table is not None and _is_glue(block, out[-1].table) and len(pending_glue) < 3:
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
        if len(first.rows) == first.header_rows:
            # a header with no body, then the body with its own unit/heading row
            joined = _joined(first, second, first.rows + second.rows)
            joined.header_rows = first.header_rows + second.header_rows
            return joined
        same_header = _header_texts(first) == _header_texts(second)
        second_header = [t for t in _header_texts(second) if t]
        header_is_data = second.header_rows == 0 or not second_header or any(
            c.figure is not None for row in second.rows[: second.header_rows] for c in row)
        if same_header or header_is_data:
            body = second.rows[second.header_rows:] if same_header or not second_header else second.rows
            return _joined(first, second, first.rows + body)
        heading = _heading_texts(first)
        if second_header and (heading and heading == _heading_texts(second) or _repeats_top_rows(first, second)):
            # the heading repeated on the next page without its row of units ('£')
            return _joined(first, second, first.rows + second.rows[effective_header_rows(second):])
    first = repair_units_over_codes(first)  # its headings put right before a column group joins it
    k1, k2 = effective_header_rows(first), effective_header_rows(second)
    if _body_len(first) >= 3 and (k1 == k2 or _all_figures(second, k2)):
        # a wide table split into column groups with the same rows; a group of figures only may
        # have a heading of another depth (its labels are the other group's)
        body = _align_rows(first, second)
        if body is not None:
            depth = max(k1, k2)
            head = ([[] for _ in range(depth - k1)] + first.rows[:k1],
                    [[] for _ in range(depth - k2)] + second.rows[:k2])
            rows = [a + b for a, b in zip(_pad(first, head[0] + first.rows[k1:]), _pad(second, head[1] + body))]
            joined = _joined(first, second, rows)
            if k1 != k2:
                joined.header_rows = depth
            if len(body) != _body_len(second):
                joined.confidence = "repaired"
            return joined
    return None


def _repeats_top_rows(first: Table, second: Table) -> bool:
    """The second table's heading rows are the first's top heading rows, the rows under them left
    out: a row of periods over a row of units ('2025/26' over '£,000'), the periods alone repeated
    over the rows carried on to the next page."""
    k = second.header_rows
    return 0 < k < first.header_rows and len(second.rows) > k and \
        [[c.text.strip().lower() for c in row] for row in first.rows[:k]] == \
        [[c.text.strip().lower() for c in row] for row in second.rows[:k]]


def _all_figures(table: Table, k: int) -> bool:
    """Every filled body cell holds a figure: a column group with no labels of its own."""
    cells = [c for row in table.rows[k:] for c in row if c.text.strip()]
    return bool(cells) and all(c.figure is not None for c in cells)


def _align_rows(first: Table, second: Table) -> Optional[list[list[Cell]]]:
    """The body rows of `second` matching the body rows of `first` one to one, or None if they
    cannot be matched.

    Equal row counts match as they are. A column group with one or two extra rows that are
    all zero or blank (a converter's spacer) matches when dropping them makes the bold
    (subtotal) rows line up. Where several choices do, the earliest spacer goes; the
    joined table is then marked 'repaired' so checks reading it say the alignment was inferred.
    """
    k1, k2 = effective_header_rows(first), effective_header_rows(second)
    body1, body2 = first.rows[k1:], second.rows[k2:]
    extra = len(body2) - len(body1)
    if extra == 0:
        return body2
    if not 0 < extra <= 2:
        return None
    spacers = [i for i, row in enumerate(body2) if _is_spacer(row)]
    target = [row_is_total(r) for r in body1]
    return next((kept for drop in combinations(spacers, extra)
                 for kept in [[r for i, r in enumerate(body2) if i not in drop]]
                 if [row_is_total(r) for r in kept] == target), None)


def _is_spacer(row: list[Cell]) -> bool:
    return not any(c.bold for c in row) and all(
        not c.text.strip() or (c.figure is not None and c.figure.value == 0) for c in row)


def _pad(table: Table, rows_in: Optional[list[list[Cell]]] = None) -> list[list[Cell]]:
    """The rows (the table's own, or `rows_in`) filled out to the table's width."""
    width = table.n_cols
    rows = []
    for row in table.rows if rows_in is None else rows_in:
        filler = Cell("", row[-1].location if row else table.location)
        rows.append(list(row) + [filler] * (width - len(row)))
    return rows


def _joined(first: Table, second: Table, rows: list[list[Cell]]) -> Table:
    confidence = "repaired" if "repaired" in (first.confidence, second.confidence) else first.confidence
    if "aligned" in (first.confidence, second.confidence) and confidence == "grid":
        confidence = "aligned"
    return Table(rows=rows, location=first.location, header_rows=first.header_rows,
                 confidence=confidence, parts=list(first.parts) + list(second.parts or [second.location]),
                 caption=first.caption, cut_off=first.cut_off or second.cut_off)


# ---------------------------------------------------------------- repair

def _filled_cells(table: Table, col: int, start: int) -> list[Cell]:
    return [r[col] for r in table.rows[start:] if col < len(r) and r[col].text.strip()]


def _mostly_figures(table: Table, col: int, start: int) -> bool:
    cells = _filled_cells(table, col, start)
    return len(cells) >= 2 and sum(c.figure is not None for c in cells) >= 0.6 * len(cells)


def _mostly_text(table: Table, col: int, start: int) -> bool:
    cells = _filled_cells(table, col, start)
    texts = [c for c in cells if c.figure is None and len(c.text.strip()) > 3]
    return len(cells) >= 2 and len(texts) >= 0.6 * len(cells)


def repair_shifted_header(table: Table) -> Table:
    """A header that lost the label of the row-label column, so its labels sit one column left.

    Seen in PDF-to-Markdown output: the header ends with an empty cell over a column of figures,
    and the column of row labels carries the label of the next column. Insert the missing empty
    label over the row-label column; the table is then marked 'repaired'.
    """
    k = effective_header_rows(table)
    n = table.n_cols
    if k == 0 or n < 3 or k >= len(table.rows):
        return table
    heads = [row for row in table.rows[:k] if any(c.text.strip() for c in row)]
    if not heads or any(len(row) == n and row[-1].text.strip() for row in heads):
        return table
    if not _mostly_figures(table, n - 1, k):
        return table
    label_col = next((j for j in range(n - 1) if _mostly_text(table, j, k)), None)
    if label_col is None or label_col == 0 or label_col >= len(heads[0]) or not heads[0][label_col].text.strip():
        return table
    rows = []
    for i, row in enumerate(table.rows):
        if i < k and row in heads and len(row) == n:
            filler = Cell("", row[label_col].location)
            row = row[:label_col] + [filler] + row[label_col:-1]
        rows.append(row)
    return Table(rows=rows, location=table.location, header_rows=table.header_rows, confidence="repaired",
                 parts=list(table.parts), caption=table.caption)


def repair_units_over_codes(table: Table) -> Table:
    """Heading rows set one column left of the body from the column of row labels on, their last
    heading over no column of this print (a word processor's table wider than the page, its last
    columns cut off). Seen in a Word table whose heading row lacks the cell over the labels: the
    next column's heading stands over the labels, and a unit ('£') over a column of codes.

    Repaired only when the units say so: the unit row's cell over the column right of the labels
    stands over no figures, and moved one column right every unit of that row stands over figures.
    Marked 'repaired'.
    """
    k = effective_header_rows(table)
    n = table.n_cols
    if k == 0 or n < 4 or k >= len(table.rows):
        return table
    label_col = next((j for j in range(n - 1) if _mostly_text(table, j, k)), None)
    if label_col is None or label_col + 2 >= n:
        return table
    units = [row for row in table.rows[:k] if is_unit_row(row) and len(row) == n]
    heads = [row for row in table.rows[:k] if len(row) == n and not is_unit_row(row)]
    if len(units) != 1 or not heads or not any(row[label_col].text.strip() for row in heads):
        return table
    unit = units[0]
    filled = [j for j in range(label_col + 1, n) if unit[j].text.strip()]
    if not filled or filled[0] != label_col + 1 or _mostly_figures(table, label_col + 1, k):
        return table  # the unit next to the labels stands over figures: the headings are where they belong
    if not all(j + 1 < n and _mostly_figures(table, j + 1, k) for j in filled[:-1]):
        return table
    rows = []
    for i, row in enumerate(table.rows):
        if i < k and len(row) == n:
            row = row[:label_col] + [Cell("", row[label_col].location)] + row[label_col:-1]
        rows.append(row)
    return Table(rows=rows, location=table.location, header_rows=table.header_rows, confidence="repaired",
                 parts=list(table.parts), caption=table.caption)


# ---------------------------------------------------------------- totals printed as a second table

def attach_total_tables(blocks: list[Block], max_gap: int = 8) -> list[Block]:
    """Append a headerless all-figure table to the table above it whose last columns it matches.

    Converters print the closing rows of a table (a further group and the grand total) as a
    separate narrower table, with their labels as loose lines in between. The rows are added
    under the matching right-hand columns; the loose lines stay where they were. Marked 'repaired'.
    """
    out: list[Block] = []
    for block in blocks:
        target = _table_above(out, max_gap) if block.table is not None else None
        if target is not None and _continues_columns(target.table, block.table):
            target.table = _append_right_aligned(target.table, block.table)
            continue
        out.append(block)
    return out


def _table_above(blocks: list[Block], max_gap: int) -> Optional[Block]:
    for back, block in enumerate(reversed(blocks)):
        if block.table is not None:
            return block
        if back >= max_gap or block.kind not in ("paragraph", "list_item") or len(block.text) > 120:
            return None
    return None


def _continues_columns(first: Table, second: Table) -> bool:
    width = second.n_cols
    if width < 2 or width >= first.n_cols:
        return False
    body = [row for row in second.rows if any(c.text.strip() for c in row)]  # a header row may hold data
    if len(body) < 2 or any(c.text.strip() and c.figure is None for row in body for c in row):
        return False
    k = effective_header_rows(first)
    right = range(first.n_cols - width, first.n_cols)
    return all(_mostly_figures(first, c, k) for c in right) and not _mostly_figures(first, first.n_cols - width - 1, k)


def _append_right_aligned(first: Table, second: Table) -> Table:
    pad = first.n_cols - second.n_cols
    rows = list(first.rows)
    for row in second.rows:
        if not any(c.text.strip() for c in row):
            continue
        rows.append([Cell("", row[0].location) for _ in range(pad)] + list(row))
    joined = _joined(first, second, rows)
    joined.confidence = "repaired"
    return joined
