"""`auditor inspect`: the meeting, the documents and each table as parsed."""
from __future__ import annotations

from tabulate import tabulate

from auditor.structure.tables import table_to_dataframe


def render_inspect(pack, facts: bool = False, max_rows: int = 12, out=print) -> None:
    m = pack.meeting
    out(f"Pack: {pack.source} ({pack.format}{f', {pack.pages} pages' if pack.pages else ''})")
    if not m.found:
        out("Meeting: not found (no front sheet, 'To:' line, 'Date of meeting' field or minutes heading)")
    else:
        cues = ", ".join(f"{k} from {cue}" for k, (cue, _) in m.sources.items())
        out(f"Meeting: {m.committee} | {m.date} {m.time} | {m.venue}  ({cues})")
    for w in pack.warnings:
        out(f"warning: {w}")
    out("")
    out(tabulate(_tree_rows(pack.documents), headers=["#", "item", "kind", "title", "date (from)", "start", "blocks", "tables"],
                 disable_numparse=True))
    if facts:
        _render_facts(pack, out)
        return
    for doc in pack.documents:
        for n, table in enumerate(doc.tables, 1):
            out("")
            parts = ", ".join(p.describe() for p in table.parts)
            out(f"[{doc.title[:60]}] table {n} at {table.location.describe()} "
                f"({len(table.rows)} rows x {table.n_cols} cols, {table.confidence}; parts: {parts})")
            if table.unreadable:
                out(f"not read: {table.unreadable}")
            df = table_to_dataframe(table)
            shown = df if max_rows == 0 else df.head(max_rows)
            out(tabulate(shown.fillna(""), headers="keys", showindex=False, disable_numparse=True))
            if max_rows and len(df) > max_rows:
                out(f"... {len(df) - max_rows} more rows")
            if df.attrs.get("total_rows"):
                out(f"total rows: {[i + 1 for i in df.attrs['total_rows']]}")


def _tree_rows(documents) -> list[list]:
    """One row per document, a child (an appendix) indented under the document it belongs to."""
    depth: dict[str, int] = {}
    rows = []
    for i, d in enumerate(documents):
        level = depth.get(d.parent, -1) + 1 if d.parent else 0
        depth.setdefault(d.title, level)
        title = "  " * level + ("└ " if level else "") + d.title
        when = f"{d.date} ({d.date_source[0]}, {d.date_source[1].describe()})" if d.date and d.date_source else ""
        rows.append([i + 1, d.item or "", d.kind, title[:72], when, d.start.describe(), len(d.blocks), len(d.tables)])
    return rows


def _render_facts(pack, out) -> None:
    try:
        from auditor.facts.index import build_fact_index
    except ImportError:
        out("facts: not available yet")
        return
    index = build_fact_index(pack)
    rows = [[f.subject[:60], f.attribute, f.value_text, f.period or "", f.document[:30], f.location.describe()]
            for f in index]
    out("")
    out(tabulate(rows, headers=["subject", "attribute", "value", "period", "document", "where"]))
