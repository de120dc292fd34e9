"""Command line: auditor check | baseline | annotate | init | rules | explain | inspect."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import List, Optional

import typer

from auditor import __version__
from auditor.errors import AuditorError, InputError
from auditor.ingest import PACK_SUFFIXES
from auditor.output import check_target, make_folder, safe_write
from auditor.rules import SEVERITY_RANK, load_rules, select_rules, unknown_selectors


def Console(*args, **kwargs):
    """rich's Console, imported only when something is printed with it (a JSON run never is)."""
    from rich.console import Console as RichConsole

    return RichConsole(*args, **kwargs)


app = typer.Typer(add_completion=False, no_args_is_help=False, rich_markup_mode=None,
                  help="Audit local-government committee packs for slips: sums, dates, consistency, draft text.")
FORMATS = ["text", "json", "sarif", "junit", "github", "markdown", "html"]


def sample_pack_path() -> str:
    from importlib import resources

    return str(resources.files("auditor") / "data" / "sample-pack.md")


SAMPLE_NAME = "sample-pack.md"  # the bundled sample pack's name in reports, instead of its install path


def _display_names() -> dict[str, str]:
    return {sample_pack_path(): SAMPLE_NAME}


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
        parsed = date.fromisoformat(value)
    except ValueError:
        raise AuditorError(f"--meeting-date {value!r}: expected YYYY-MM-DD") from None
    from auditor.config import MEETING_YEARS

    if parsed.year not in MEETING_YEARS:  # date arithmetic near year 1 or 9999 overflows
        raise AuditorError(f"--meeting-date {value!r}: expected a year between {MEETING_YEARS[0]} and {MEETING_YEARS[-1]}")
    return parsed.isoformat()


FILE_NAMES = {"text": "auditor.txt", "json": "auditor.json", "sarif": "auditor.sarif", "junit": "auditor.junit.xml",
              "github": "auditor.github.txt", "markdown": "auditor.md", "html": "auditor.html"}


@dataclass
class Settings:
    """Config file values with command-line flags laid over them."""

    rules: list
    fail_on: str
    options: dict
    baseline: Optional[str]
    waivers: Optional[str]
    jobs: int


def _settings(config, no_config, rules_dirs, select, ignore, fail_on, meeting_date, baseline=None, waivers=None,
              jobs=None) -> Settings:
    from auditor.config import apply_severity_overrides, load_config

    cfg = load_config(config, search=not no_config)
    fail_on = fail_on or cfg.fail_on or "error"
    if fail_on not in (*SEVERITY_RANK, "never"):
        raise AuditorError(f"--fail-on {fail_on!r}: choose one of error, warning, info, never")
    rules = _load_selected_rules(cfg.rules + list(rules_dirs or []),
                                 select if select else cfg.select, ignore if ignore else cfg.ignore)
    rules = apply_severity_overrides(rules, cfg.severity)
    options = {"meeting_date": _parse_meeting_date(meeting_date) if meeting_date else cfg.meeting_date}
    if jobs is not None and jobs < 1:
        raise AuditorError("--jobs must be at least 1")
    return Settings(rules, fail_on, options, baseline or cfg.baseline, waivers or cfg.waivers, jobs or cfg.jobs or 1)


CONFIG_OPTION = typer.Option(None, "--config", help="Read settings from this TOML file (default: auditor.toml or "
                                                     "[tool.auditor] in pyproject.toml, found upward).")
NO_CONFIG_OPTION = typer.Option(False, "--no-config", help="Ignore any config file.")


@app.command()
def check(
    packs: List[str] = typer.Argument(None, help="Pack files (.md .txt .pdf .docx) or folders. None: the bundled sample pack."),
    format: Optional[List[str]] = typer.Option(None, "--format", "-f", help="Output format: " + ", ".join(FORMATS)
                                                + ". Give it more than once with --output-dir."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write the report to this file."),
    output_dir: Optional[str] = typer.Option(None, "--output-dir", help="Write one report per --format into this folder."),
    rules_dirs: Optional[List[str]] = typer.Option(None, "--rules", help="A directory (or file) of extra rule files."),
    select: Optional[List[str]] = typer.Option(None, "--select", help="Only these rule ids or prefixes (comma-separated)."),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="Skip these rule ids or prefixes."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Exit 1 if a finding at or above this severity: error (default), warning, info, never."),
    meeting_date: Optional[str] = typer.Option(None, "--meeting-date", help="Judge dates against this meeting date (YYYY-MM-DD)."),
    baseline: Optional[str] = typer.Option(None, "--baseline", help="Report only findings not in this baseline file."),
    waivers: Optional[str] = typer.Option(None, "--waivers", help="A YAML file of accepted findings (reason, by, expires)."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Audit this many packs at once, in separate processes."),
    config: Optional[str] = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress or warnings on stderr."),
):
    """Audit packs and report the findings."""
    try:
        formats = _check_formats(format, output, output_dir)
        settings = _settings(config, no_config, rules_dirs, select, ignore, fail_on, meeting_date, baseline, waivers, jobs)
        paths = expand_packs(packs) if packs else [sample_pack_path()]
        inputs = paths + [p for p in (settings.baseline, settings.waivers) if p]
        targets = _report_targets(formats, output, output_dir)
        if not output_dir or os.path.isdir(output_dir):  # a folder still to be made holds nothing to protect
            for target in targets.values():
                check_target(target, inputs)
        run, failures = _run(paths, settings, formats, bool(output or output_dir), quiet)
        _emit(run, formats, targets, output_dir, inputs, quiet)
    except AuditorError as exc:
        fail(str(exc))
        return
    for failure in failures:
        typer.echo(f"auditor: error: {failure.message}", err=True)
    if failures:
        raise typer.Exit(2)
    from auditor.report import fails

    failing = any(fails(f, settings.fail_on) for r in run.results for f in r.findings)
    raise typer.Exit(1 if failing else 0)


def _check_formats(format, output, output_dir) -> list[str]:
    formats = list(dict.fromkeys(split_csv(format))) or ["text"]
    for f in formats:
        if f not in FORMATS:
            raise AuditorError(f"--format {f!r}: choose one of {', '.join(FORMATS)}")
    if output and output_dir:
        raise AuditorError("give --output or --output-dir, not both")
    if len(formats) > 1 and not output_dir:
        raise AuditorError("several --format values need --output-dir (one file per format)")
    return formats


def _run(paths, settings: Settings, formats, to_files: bool, quiet: bool):
    from auditor.batch import PackFailure, progress_wanted, run_audits
    from auditor.report import RunReport

    machine_on_stdout = not to_files and formats[0] != "text"
    show = progress_wanted(quiet, machine_on_stdout)
    outcomes = run_audits(paths, settings.rules, settings.options, settings.jobs, show, names=_display_names())
    failures = [o for o in outcomes if isinstance(o, PackFailure)]
    results = [o for o in outcomes if not isinstance(o, PackFailure)]
    if failures and not results:
        raise AuditorError(failures[0].message if len(failures) == 1 else
                           "; ".join(f.message for f in failures))
    if not quiet:
        for result in results:
            for warning in result.pack.warnings:
                typer.echo(f"auditor: warning: {result.path}: {warning}", err=True)
    run = RunReport(results, rules=settings.rules, fail_on=settings.fail_on, options=settings.options,
                    baseline=settings.baseline)
    _apply_waivers_and_baseline(run, settings, quiet)
    return run, failures


def _apply_waivers_and_baseline(run, settings: Settings, quiet: bool) -> None:
    from auditor.baseline import apply_waivers, load_waivers, new_findings, read_baseline, waiver_outcome

    today = date.today()
    waivers = load_waivers(settings.waivers) if settings.waivers else []
    known = read_baseline(settings.baseline) if settings.baseline else None
    for result in run.results:
        if waivers:
            result.findings, result.accepted = apply_waivers(result.findings, waivers, today)
        if known is not None:
            result.findings, result.baselined = new_findings(result.findings, known)
    outcome = waiver_outcome(waivers, today)
    run.unmatched_waivers, run.expired_waivers = outcome.unmatched, outcome.expired
    if not quiet:
        for w in outcome.unmatched:
            typer.echo(f"auditor: warning: {w.describe()} matches no finding any more", err=True)
        for w in outcome.expired:
            typer.echo(f"auditor: warning: {w.describe()} expired on {w.expires.isoformat()}", err=True)


def render(run, fmt: str) -> str:
    """The report of a run in one format, as text."""
    if fmt == "json":
        from auditor.report.json_report import render_json

        return render_json(run.results, run=run) + "\n"
    if fmt == "sarif":
        from auditor.report.sarif import render_sarif

        return render_sarif(run) + "\n"
    if fmt == "junit":
        from auditor.report.junit import render_junit

        return render_junit(run) + "\n"
    if fmt == "github":
        from auditor.report.github import render_github

        return render_github(run)
    if fmt == "markdown":
        from auditor.report.markdown import render_markdown

        return render_markdown(run)
    if fmt == "html":
        from auditor.report.html import render_html

        return render_html(run)
    import io

    from auditor.report.text import render_text

    buffer = io.StringIO()
    render_text(run.results, Console(file=buffer, width=120, force_terminal=False, highlight=False), run=run)
    return buffer.getvalue()


def _report_targets(formats, output, output_dir) -> dict[str, str]:
    """format -> the file its report goes to (none: standard output)."""
    if output_dir:
        return {fmt: os.path.join(output_dir, FILE_NAMES[fmt]) for fmt in formats}
    return {formats[0]: output} if output else {}


def _emit(run, formats, targets: dict[str, str], output_dir, inputs: list[str], quiet: bool) -> None:
    if output_dir:
        make_folder(output_dir)
    for fmt, target in targets.items():
        safe_write(target, render(run, fmt), inputs)
        if output_dir and not quiet:
            typer.echo(f"auditor: wrote {target}", err=True)
    if not targets:
        if formats[0] == "text":
            from auditor.report.text import render_text

            render_text(run.results, Console(highlight=False), run=run)
            return
        sys.stdout.write(render(run, formats[0]))
    if len(run.results) > 1 and not quiet:
        from auditor.report.text import render_batch_summary

        render_batch_summary(run, Console(stderr=True, highlight=False))


def _audit_one(path: str, rules, options, quiet: bool):
    """One pack, raising InputError if it cannot be read (kept for callers of the old API)."""
    from auditor.batch import PackFailure, audit_path

    display = _display_names().get(path, path)
    result = audit_path(path, rules, options, display)
    if isinstance(result, PackFailure):
        raise InputError(result.message)
    if not quiet:
        for warning in result.pack.warnings:
            typer.echo(f"auditor: warning: {path}: {warning}", err=True)
    return result


@app.command("baseline")
def make_baseline(
    packs: List[str] = typer.Argument(None, help="Pack files or folders. None: the bundled sample pack."),
    output: str = typer.Option(".auditor-baseline.json", "--output", "-o", help="The baseline file to write."),
    rules_dirs: Optional[List[str]] = typer.Option(None, "--rules", help="A directory (or file) of extra rule files."),
    select: Optional[List[str]] = typer.Option(None, "--select", help="Only these rule ids or prefixes."),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="Skip these rule ids or prefixes."),
    meeting_date: Optional[str] = typer.Option(None, "--meeting-date", help="Judge dates against this meeting date."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Audit this many packs at once."),
    config: Optional[str] = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress or messages on stderr."),
):
    """Record the current findings, so that `check --baseline FILE` reports only new ones."""
    from auditor.baseline import write_baseline
    from auditor.batch import PackFailure, progress_wanted, run_audits

    try:
        settings = _settings(config, no_config, rules_dirs, select, ignore, None, meeting_date, jobs=jobs)
        paths = expand_packs(packs) if packs else [sample_pack_path()]
        check_target(output, paths)
        outcomes = run_audits(paths, settings.rules, settings.options, settings.jobs, progress_wanted(quiet, False),
                              names=_display_names())
        failures = [o for o in outcomes if isinstance(o, PackFailure)]
        if failures:
            raise AuditorError(failures[0].message)
        count = write_baseline(output, outcomes, paths)
    except AuditorError as exc:
        fail(str(exc))
        return
    if not quiet:
        typer.echo(f"auditor: wrote {count} finding(s) to {output}", err=True)


@app.command()
def annotate(
    draft: str = typer.Argument(..., help="A Word (.docx) or PDF pack to annotate."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="The annotated copy (default: NAME.reviewed.EXT)."),
    rules_dirs: Optional[List[str]] = typer.Option(None, "--rules", help="A directory (or file) of extra rule files."),
    select: Optional[List[str]] = typer.Option(None, "--select", help="Only these rule ids or prefixes."),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="Skip these rule ids or prefixes."),
    meeting_date: Optional[str] = typer.Option(None, "--meeting-date", help="Judge dates against this meeting date."),
    waivers: Optional[str] = typer.Option(None, "--waivers", help="Leave out findings accepted in this waivers file."),
    author: str = typer.Option("auditor", "--author", help="The name the comments are signed with."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing annotated copy."),
    config: Optional[str] = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No messages on stderr."),
):
    """Write a copy of a Word draft with a comment on each finding, or of a PDF with a highlight and note."""
    from auditor.annotate import annotate_file, default_output

    try:
        suffix = Path(draft).suffix.lower()
        if suffix not in (".docx", ".pdf"):
            raise AuditorError(f"{draft}: annotate works on .docx and .pdf files")
        source = expand_packs([draft])[0]
        target = output or default_output(draft)
        check_target(target, [source], overwrite=force)
        settings = _settings(config, no_config, rules_dirs, select, ignore, None, meeting_date, waivers=waivers)
        result = _audit_one(source, settings.rules, settings.options, quiet)
        if settings.waivers:
            from auditor.baseline import apply_waivers, load_waivers

            result.findings, result.accepted = apply_waivers(result.findings, load_waivers(settings.waivers), date.today())
        placed, missed = annotate_file(draft, target, result.findings, author=author, overwrite=force)
    except AuditorError as exc:
        fail(str(exc))
        return
    if not quiet:
        typer.echo(f"auditor: wrote {target}: {placed} annotation(s)"
                   + (f"; {len(missed)} finding(s) could not be placed on the text" if missed else ""), err=True)
        for f in missed:
            typer.echo(f"auditor: not placed: {f.document}, {f.location.describe()}: {f.message}", err=True)


@app.command()
def init(
    path: str = typer.Argument("auditor.toml", help="The config file to write."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
):
    """Write a commented starting configuration (auditor.toml)."""
    from auditor.config import write_starter

    try:
        write_starter(Path(path), force=force)
    except AuditorError as exc:
        fail(str(exc))
        return
    typer.echo(f"auditor: wrote {path}")


@app.command("rules")
def list_rules(
    rules_dirs: Optional[List[str]] = typer.Option(None, "--rules", help="A directory of extra rule files."),
):
    """List the rules: id, kind, severity, description."""
    from auditor.report.text import render_rules_table

    try:
        from auditor.config import apply_severity_overrides, load_config

        cfg = load_config(search=True)
        rules = apply_severity_overrides(load_rules(cfg.rules + list(rules_dirs or [])), cfg.severity)
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
            parsed = load_pack(path, None if pack else SAMPLE_NAME)
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
