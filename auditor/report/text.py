"""The terminal report: findings grouped by document, then a summary line."""
from __future__ import annotations

from itertools import groupby
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from auditor.report import summary_counts

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
MAX_RELATED_SHOWN = 5  # a total checked against many cells would otherwise print a line per cell (JSON has them all)


def render_text(results, console: Console, run=None) -> None:
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
            f"[cyan]{counts['info']} info[/] in {len(pack.documents)} document(s)"
            + (f"; {len(result.accepted)} accepted" if result.accepted else "")
            + (f"; {result.baselined} already in the baseline" if result.baselined else ""))
        _print_accepted(console, result.accepted)
        console.print()
    if run is not None:
        _print_waiver_problems(console, run)
        if len(results) > 1:
            render_batch_summary(run, console)


def _print_accepted(console: Console, accepted) -> None:
    if not accepted:
        return
    console.print()
    console.print("[bold]Accepted findings (audit trail)[/]")
    for acc in accepted:
        f, w = acc.finding, acc.waiver
        expiry = f", until {w.expires.isoformat()}" if w.expires else ""
        console.print(f"  [dim]{escape(f.rule)}[/] {escape(f.document)}, {f.location.describe()}: {escape(f.message)}")
        console.print(f"          accepted by {escape(w.by)}{expiry}: {escape(w.reason)}")


def _print_waiver_problems(console: Console, run) -> None:
    for w in run.unmatched_waivers:
        console.print(f"[yellow]waiver:[/] {escape(w.describe())} matches no finding any more; remove it")
    for w in run.expired_waivers:
        console.print(f"[yellow]waiver:[/] {escape(w.describe())} expired on {w.expires.isoformat()}; "
                      "its findings are reported again")


def render_batch_summary(run, console: Console) -> None:
    """One row per pack: what was read and what was found."""
    extra_cols = [name for name, used in (("accepted", any(r.accepted for r in run.results)),
                                          ("baselined", any(r.baselined for r in run.results))) if used]
    table = RichTable(title="Summary", show_lines=False)
    table.add_column("pack", overflow="fold")
    for col in ("format", "pages", "docs", "errors", "warnings", "info", *extra_cols):
        table.add_column(col, justify="left" if col == "format" else "right", no_wrap=True)
    totals: list[int] = []
    for result in run.results:
        c = summary_counts(result.findings)
        counts = [c["error"], c["warning"], c["info"]]
        counts += [len(result.accepted)] if "accepted" in extra_cols else []
        counts += [result.baselined] if "baselined" in extra_cols else []
        totals = [a + b for a, b in zip(totals, counts)] if totals else counts
        table.add_row(escape(Path(result.pack.source).name), result.pack.format, str(result.pack.pages or ""),
                      str(len(result.pack.documents)), *map(str, counts))
    table.add_row("[bold]all[/]", "", "", "", *(f"[bold]{n}[/]" for n in totals))
    console.print(table)


def _print_finding(console: Console, f) -> None:
    loc = f.location.describe()
    console.print(f"  [{STYLE.get(f.severity, '')}]{f.severity:<7}[/] [dim]{escape(f.rule)}[/] "
                  f"{loc}: {escape(f.message)}")
    if f.excerpt:
        console.print(f"          [dim]“{escape(f.excerpt)}”[/]")
    if f.expected is not None or f.found is not None:
        console.print(f"          expected: [green]{escape(str(f.expected))}[/]  found: [red]{escape(str(f.found))}[/]")
    shown = f.related if len(f.related) <= MAX_RELATED_SHOWN + 1 else f.related[:MAX_RELATED_SHOWN]  # no "and 1 more"
    for r in shown:
        console.print(f"          [dim]see also {escape(r.document)}, {r.location.describe()}: “{escape(r.excerpt[:100])}”[/]")
    if len(shown) < len(f.related):
        console.print(f"          [dim]and {len(f.related) - len(shown)} more[/]")


def render_rules_table(rules, console: Console) -> None:
    table = RichTable(show_lines=False)
    for col in ("id", "kind", "severity", "enabled", "description"):
        table.add_column(col)
    for r in sorted(rules, key=lambda r: r.id):
        table.add_row(r.id, r.kind, r.severity, "yes" if r.enabled else "no", r.description)
    console.print(table)
