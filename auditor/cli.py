"""Command line: auditor check | rules | explain | inspect."""
from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console

from auditor import __version__
from auditor.errors import AuditorError, InputError
from auditor.ingest import PACK_SUFFIXES
from auditor.rules import SEVERITY_RANK, load_rules, select_rules, unknown_selectors

app = typer.Typer(add_completion=False, no_args_is_help=False, rich_markup_mode=None,
                  help="Audit local-government committee packs for slips: sums, dates, consistency, draft text.")
FORMATS = ["text", "json"]


def sample_pack_path() -> str:
    from importlib import resources

    return str(resources.files("auditor") / "data" / "sample-pack.md")


def fail(message: str) -> None:
    typer.echo(f"auditor: error: {message}", err=True)
    raise typer.Exit(2)


def expand_packs(paths: List[str]) -> List[str]:
    """Files as given; directories expand to the pack files inside them."""
    out: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            found = sorted(str(f) for f in Path(p).iterdir() if f.is_file() and f.suffix.lower() in PACK_SUFFIXES)
            if not found:
                raise InputError(f"{p}: no packs in this directory (looked for {', '.join(PACK_SUFFIXES)})")
            out.extend(found)
        elif not os.path.exists(p):
            raise InputError(f"{p}: no such file")
        else:
            out.append(p)
    return out


def split_csv(values: Optional[List[str]]) -> list[str]:
    return [v.strip() for item in values or [] for v in item.split(",") if v.strip()]


def _load_selected_rules(rules_dirs, select, ignore):
    rules = load_rules(rules_dirs or [])
    sel, ign = split_csv(select), split_csv(ignore)
    unknown = unknown_selectors(rules, sel + ign)
    if unknown:
        raise AuditorError(f"no rule matches {', '.join(repr(u) for u in unknown)} (see `auditor rules`)")
    return select_rules(rules, sel, ign)


def _parse_meeting_date(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise AuditorError(f"--meeting-date {value!r}: expected YYYY-MM-DD") from None


@app.command()
def check(
    packs: List[str] = typer.Argument(None, help="Pack files (.md .txt .pdf .docx) or folders. None: the bundled sample pack."),
    format: str = typer.Option("text", "--format", "-f", help="Output format: " + ", ".join(FORMATS)),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write the report to this file."),
    rules_dirs: Optional[List[str]] = typer.Option(None, "--rules", help="A directory (or file) of extra rule files."),
    select: Optional[List[str]] = typer.Option(None, "--select", help="Only these rule ids or prefixes (comma-separated)."),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="Skip these rule ids or prefixes."),
    fail_on: str = typer.Option("error", "--fail-on", help="Exit 1 if a finding at or above this severity: error, warning, info, never."),
    meeting_date: Optional[str] = typer.Option(None, "--meeting-date", help="Judge dates against this meeting date (YYYY-MM-DD)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress or warnings on stderr."),
):
    """Audit packs and report the findings."""
    try:
        if format not in FORMATS:
            raise AuditorError(f"--format {format!r}: choose one of {', '.join(FORMATS)}")
        if fail_on not in (*SEVERITY_RANK, "never"):
            raise AuditorError(f"--fail-on {fail_on!r}: choose one of error, warning, info, never")
        options = {"meeting_date": _parse_meeting_date(meeting_date)}
        rules = _load_selected_rules(rules_dirs, select, ignore)
        paths = expand_packs(packs) if packs else [sample_pack_path()]
        results = [_audit_one(p, rules, options, quiet) for p in paths]
    except AuditorError as exc:
        fail(str(exc))
        return
    text = _render(results, format, output)
    if text is not None:
        _write(text, output)
    threshold = SEVERITY_RANK.get(fail_on)
    failing = threshold is not None and any(
        SEVERITY_RANK[f.severity] >= threshold for r in results for f in r.findings)
    raise typer.Exit(1 if failing else 0)


def _audit_one(path: str, rules, options, quiet: bool):
    from auditor.pipeline import audit

    display = "sample-pack.md" if path == sample_pack_path() else path
    try:
        result = audit(path, rules, display_name=display, options=options)
    except AuditorError:
        raise
    except Exception as exc:  # a parser library failing on a damaged file
        raise InputError(f"{path}: cannot read this file ({type(exc).__name__}: {exc})") from None
    if not quiet:
        for warning in result.pack.warnings:
            typer.echo(f"auditor: warning: {path}: {warning}", err=True)
    return result


def _render(results, format: str, output: Optional[str]) -> Optional[str]:
    if format == "json":
        from auditor.report.json_report import render_json

        return render_json(results) + "\n"
    from auditor.report.text import render_text

    if output:
        console = Console(file=open(output, "w", encoding="utf-8"), width=120, force_terminal=False)
        render_text(results, console)
        console.file.close()
        return None
    render_text(results, Console(highlight=False))
    return None


def _write(text: str, output: Optional[str]) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


@app.command("rules")
def list_rules(
    rules_dirs: Optional[List[str]] = typer.Option(None, "--rules", help="A directory of extra rule files."),
):
    """List the rules: id, kind, severity, description."""
    from auditor.report.text import render_rules_table

    try:
        rules = load_rules(rules_dirs or [])
    except AuditorError as exc:
        fail(str(exc))
        return
    render_rules_table(rules, Console(highlight=False))


@app.command()
def explain(
    rule_id: str = typer.Argument(..., help="A rule id, as `auditor rules` lists them."),
    rules_dirs: Optional[List[str]] = typer.Option(None, "--rules", help="A directory of extra rule files."),
):
    """Explain one rule, with an example."""
    from auditor.checks import KINDS

    try:
        rules = load_rules(rules_dirs or [])
    except AuditorError as exc:
        fail(str(exc))
        return
    rule = next((r for r in rules if r.id == rule_id), None)
    if rule is None:
        fail(f"no rule {rule_id!r} (see `auditor rules`)")
        return
    console = Console(highlight=False)
    console.print(f"[bold]{rule.id}[/] ({rule.kind}, {rule.severity}{'' if rule.enabled else ', off by default'})")
    console.print(rule.description)
    kind_doc = KINDS[rule.kind].doc
    if kind_doc:
        console.print(f"\nKind [bold]{rule.kind}[/]: {kind_doc}")
    if rule.example:
        console.print(f"\nExample of what it flags:\n  {rule.example}")
    if rule.params:
        import yaml

        console.print("\nParameters:")
        console.print(yaml.safe_dump(rule.params, sort_keys=False, allow_unicode=True).rstrip())
    console.print(f"\nDefined in {rule.source}")


@app.command()
def inspect(
    pack: Optional[str] = typer.Argument(None, help="A pack file. None: the bundled sample pack."),
    facts: bool = typer.Option(False, "--facts", help="List the facts extracted from the pack."),
    max_rows: int = typer.Option(12, "--max-rows", help="Rows of each table to show (0: all)."),
):
    """Show what was parsed: the meeting, the documents, and each table."""
    from auditor.report.inspect import render_inspect

    path = pack or sample_pack_path()
    try:
        from auditor.pipeline import load_pack

        try:
            parsed = load_pack(path, None if pack else "sample-pack.md")
        except AuditorError:
            raise
        except Exception as exc:
            raise InputError(f"{path}: cannot read this file ({type(exc).__name__}: {exc})") from None
    except AuditorError as exc:
        fail(str(exc))
        return
    render_inspect(parsed, facts=facts, max_rows=max_rows)


def version_callback(value: bool):
    if value:
        typer.echo(f"auditor {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=version_callback, is_eager=True,
                                      help="Show the version and exit.")):
    """Audit committee packs."""


def run() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("auditor: interrupted", err=True)
        sys.exit(130)
