"""The terminal report: findings grouped by document, then a summary line."""
from __future__ import annotations

from itertools import groupby

from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from auditor.report import summary_counts

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render_text(results, console: Console) -> None:
    for result in results:
        pack = result.pack
        m = pack.meeting
        console.print(f"[bold]{escape(pack.source)}[/] ({pack.format}"
                      + (f", {pack.pages} pages" if pack.pages else "") + ")")
        if m.committee or m.date:
            console.print(f"  {escape(m.committee or '?')} — {m.date or '?'} {m.time or ''}"
                          f"{', ' + escape(m.venue) if m.venue else ''}")
        for warning in pack.warnings:
            console.print(f"  [yellow]warning:[/] {escape(warning)}")
        for doc_title, items in groupby(result.findings, key=lambda f: f.document):
            console.print()
            console.print(f"[bold underline]{escape(doc_title)}[/]")
            for f in items:
                _print_finding(console, f)
        counts = summary_counts(result.findings)
        console.print()
        console.print(
            f"[bold]{len(result.findings)} finding(s)[/]: "
            f"[bold red]{counts['error']} error(s)[/], [yellow]{counts['warning']} warning(s)[/], "
            f"[cyan]{counts['info']} info[/] in {len(pack.documents)} document(s)")
        console.print()


def _print_finding(console: Console, f) -> None:
    loc = f.location.describe()
    console.print(f"  [{STYLE.get(f.severity, '')}]{f.severity:<7}[/] [dim]{escape(f.rule)}[/] "
                  f"{loc}: {escape(f.message)}")
    if f.excerpt:
        console.print(f"          [dim]“{escape(f.excerpt)}”[/]")
    if f.expected is not None or f.found is not None:
        console.print(f"          expected: [green]{escape(str(f.expected))}[/]  found: [red]{escape(str(f.found))}[/]")
    for r in f.related:
        console.print(f"          [dim]see also {escape(r.document)}, {r.location.describe()}: “{escape(r.excerpt[:100])}”[/]")


def render_rules_table(rules, console: Console) -> None:
    table = RichTable(show_lines=False)
    for col in ("id", "kind", "severity", "enabled", "description"):
        table.add_column(col)
    for r in sorted(rules, key=lambda r: r.id):
        table.add_row(r.id, r.kind, r.severity, "yes" if r.enabled else "no", r.description)
    console.print(table)
