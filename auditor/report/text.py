"""The terminal report: findings grouped by document, then a summary line.

Every piece of pack text goes through `_t`: escape sequences and control characters are dropped,
rich markup is escaped, and a field that would start a line with '::' cannot be read by a CI runner
as a workflow command. When the console does not wrap (output piped or written to a file), each
finding's lines are whole lines, so grep finds whole sentences; at a terminal, a finding's wrapped
lines hang under its message, so one finding is told from the next.
"""
from __future__ import annotations

from itertools import groupby

from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table as RichTable

from auditor.report import also_lines, also_rules, meeting_date_text, no_command, plain, shown_meeting, summary_counts

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
MAX_RELATED_SHOWN = 5  # a total checked against many cells would otherwise print a line per cell (JSON has them all)
SEVERITY_WIDTH = 7  # "warning"
DETAIL_INDENT = " " * (2 + SEVERITY_WIDTH + 1)


def _t(text) -> str:
    """Pack text (or any text not written here) as safe rich markup."""
    return escape(no_command(plain(text)))


def render_text(results, console: Console, run=None, read_warnings: bool = True) -> None:
    """read_warnings=False leaves out the packs' parse warnings (they were printed on stderr)."""
    for result in results:
        pack = result.pack
        m = shown_meeting(result)
        console.print(f"[bold]{_t(pack.source)}[/] ({pack.format}"
                      + (f", {pack.pages} pages" if pack.pages else "") + ")")
        if m["committee"] or m["date"]:
            console.print(f"  {_t(m['committee'] or '?')} — {_t(meeting_date_text(m))} {m['time'] or ''}"
                          f"{', ' + _t(m['venue']) if m['venue'] else ''}")
        if read_warnings:
            _print_read_warnings(console, pack.warnings)
        for doc_title, items in groupby(result.findings, key=lambda f: f.document):
            console.print()
            console.print(f"[bold underline]{_t(doc_title)}[/]")
            for f in items:
                _print_finding(console, f)
        console.print()
        console.print(_summary_line(result, len(pack.documents)))
        _print_accepted(console, result.accepted)
        console.print()
    if run is not None:
        _print_waiver_problems(console, run)
        if len(results) > 1:
            render_batch_summary(run, console)


def _print_read_warnings(console: Console, warnings) -> None:
    if warnings:
        console.print("  [dim]Reading notes (not findings):[/]")
    for warning in warnings:
        console.print(f"  [dim]- {_t(warning)}[/]")


def _summary_line(result, n_documents: int) -> str:
    counts = summary_counts(result.findings)
    return (f"[bold]{len(result.findings)} finding(s)[/]: "
            f"[bold red]{counts['error']} error(s)[/], [yellow]{counts['warning']} warning(s)[/], "
            f"[cyan]{counts['info']} info[/] in {n_documents} document(s)"
            + (f"; {len(result.accepted)} accepted" if result.accepted else "")
            + (f"; {result.baselined} already in the baseline" if result.baselined else ""))


def _print_accepted(console: Console, accepted) -> None:
    if not accepted:
        return
    console.print()
    console.print("[bold]Accepted findings (audit trail)[/]")
    for acc in accepted:
        f, w = acc.finding, acc.waiver
        expiry = f", until {w.expires.isoformat()}" if w.expires else ""
        _print_block(console, "accepted", "dim", [
            f"[dim]{_t(f.rule)}[/] {_t(f.document)}, {_t(f.location.describe())}: {_t(f.message)}",
            f"accepted by {_t(w.by)}{expiry}: {_t(w.reason)}"])


def _print_waiver_problems(console: Console, run) -> None:
    for w in run.unmatched_waivers:
        console.print(f"[yellow]waiver:[/] {_t(w.describe())} matches no finding any more; remove it")
    for w in run.expired_waivers:
        console.print(f"[yellow]waiver:[/] {_t(w.describe())} expired on {w.expires.isoformat()}; "
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
        table.add_row(_t(result.pack.source), result.pack.format, str(result.pack.pages or ""),
                      str(len(result.pack.documents)), *map(str, counts))
    table.add_row("[bold]all[/]", "", "", "", *(f"[bold]{n}[/]" for n in totals))
    console.print(table)


def finding_lines(f) -> list[str]:
    """A finding as markup lines: the message, then excerpt, values and related places."""
    others = also_rules(f)
    rule = _t(f.rule) + (f" (also {_t(', '.join(others))})" if others else "")
    lines = [f"[dim]{rule}[/] {_t(f.location.describe())}: {_t(f.message)}"]
    if f.excerpt:
        lines.append(f"[dim]“{_t(f.excerpt)}”[/]")
    if f.expected is not None or f.found is not None:
        lines.append(f"expected: [green]{_t(f.expected)}[/]  found: [red]{_t(f.found)}[/]")
    shown = f.related if len(f.related) <= MAX_RELATED_SHOWN + 1 else f.related[:MAX_RELATED_SHOWN]  # no "and 1 more"
    for r in shown:
        lines.append(f"[dim]see also {_t(r.document)}, {_t(r.location.describe())}: “{_t(r.excerpt[:100])}”[/]")
    if len(shown) < len(f.related):
        lines.append(f"[dim]and {len(f.related) - len(shown)} more[/]")
    lines += [f"[dim]{_t(line)}[/]" for line in also_lines(f)]
    return lines


def _print_finding(console: Console, f) -> None:
    _print_block(console, f.severity, STYLE.get(f.severity, ""), finding_lines(f))


def _print_block(console: Console, label: str, style: str, lines: list[str]) -> None:
    """A label, then lines: whole lines when the console does not wrap, hanging under the first when it does."""
    head = f"[{style}]{escape(label):<{SEVERITY_WIDTH}}[/]" if style else f"{escape(label):<{SEVERITY_WIDTH}}"
    if console.soft_wrap:
        console.print(f"  {head} {lines[0]}")
        for line in lines[1:]:
            console.print(DETAIL_INDENT + line)
        return
    grid = RichTable.grid(padding=(0, 1))
    grid.add_column(width=max(SEVERITY_WIDTH, len(label)), no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row(head, lines[0])
    for line in lines[1:]:
        grid.add_row("", line)
    console.print(Padding(grid, (0, 0, 0, 2)))


def render_rules_table(rules, console: Console) -> None:
    table = RichTable(show_lines=False)
    for col in ("id", "kind", "severity", "enabled", "description"):
        table.add_column(col, overflow="fold")
    for r in sorted(rules, key=lambda r: r.id):
        table.add_row(_t(r.id), _t(r.kind), _t(r.severity), "yes" if r.enabled else "no", _t(r.description))
    console.print(table)
