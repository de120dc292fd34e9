"""Command line: auditor check | baseline | annotate | init | rules | explain | inspect."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import List, Optional

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup

try:  # typer vendors click from 0.2x on; before, it used click itself
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover
    from click.exceptions import ClickException

from auditor import __version__
from auditor.batch import STDIN, expand_packs as _expand
from auditor.errors import AuditorError, InputError
from auditor.model import SEVERITY_RANK
from auditor.output import check_target, make_folder, safe_write
from auditor.rules import load_rules, select_rules, unknown_selectors

COLOR_CHOICES = ("auto", "always", "never")
UNWRAPPED_WIDTH = 10_000  # piped or written to a file: a line is as long as its text


def Console(*args, **kwargs):
    """rich's Console, imported only when something is printed with it (a JSON run never is)."""
    from rich.console import Console as RichConsole

    return RichConsole(*args, **kwargs)


def make_console(color: str = "auto", stderr: bool = False, file=None):
    """A console that wraps only at a terminal, and colours as --color and NO_COLOR say."""
    stream = file or (sys.stderr if stderr else sys.stdout)
    options: dict = {"highlight": False, "stderr": stderr, "file": file}
    if color == "always":  # an explicit flag wins over NO_COLOR (no-color.org)
        options["force_terminal"] = True
    elif color == "never" or os.environ.get("NO_COLOR"):
        options["color_system"] = None
    if not _is_terminal(stream):
        options.update(soft_wrap=True, width=UNWRAPPED_WIDTH)
    return Console(**options)


def _is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


class OneLineErrors(TyperGroup):
    """Usage errors (an unknown option, a missing value) as one `auditor: error:` line, exit code 2."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            code = super().main(args=args, prog_name=prog_name or "auditor", complete_var=complete_var,
                                standalone_mode=False, **extra)
        except ClickException as exc:  # usage errors carry exit code 2
            hint = f" (see `{exc.ctx.command_path} --help`)" if getattr(exc, "ctx", None) else ""
            typer.echo(f"auditor: error: {exc.format_message()}{hint}", err=True)
            code = exc.exit_code
        except typer.Abort:
            typer.echo("auditor: interrupted", err=True)
            code = 130
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


class PlainHelpCommand(TyperCommand):
    """--help names an argument by its metavar (FILE, DIR), without typer's '<list[str]>' type label."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, TyperArgument) and param.metavar:
                param.display_type_rich = lambda ctx: None


app = typer.Typer(cls=OneLineErrors, add_completion=True, no_args_is_help=False, rich_markup_mode=None,
                  help="Audit local-government committee packs for slips: sums, dates, consistency, draft text.")
FORMATS = ["text", "concise", "json", "sarif", "junit", "github", "gitlab", "markdown", "html"]


def sample_pack_path() -> str:
    from importlib import resources

    return str(resources.files("auditor") / "data" / "sample-pack.md")


SAMPLE_NAME = "sample-pack.md"  # the bundled sample pack's name in reports, instead of its install path


def _display_names() -> dict[str, str]:
    return {sample_pack_path(): SAMPLE_NAME}


def fail(message: str) -> None:
    typer.echo(f"auditor: error: {message}", err=True)
    raise typer.Exit(2)


def own_output_names() -> tuple[str, ...]:
    """What this tool writes (reports, annotated copies): never taken for a pack inside a folder."""
    return tuple(FILE_NAMES.values()) + ("*.reviewed.pdf", "*.reviewed.docx")


def expand_packs(paths: List[str], exclude=()) -> List[str]:
    """Files as given; folders searched recursively for packs; '-' is standard input."""
    return _expand(paths, tuple(exclude or ()), own_output_names())


def split_csv(values: Optional[List[str]]) -> list[str]:
    return [v.strip() for item in values or [] for v in item.split(",") if v.strip()]


def did_you_mean(word: str, choices) -> str:
    """' (did you mean 'x'?)' for the closest choice, or ''."""
    import difflib

    close = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _load_selected_rules(rules_dirs, select, ignore):
    rules = load_rules(rules_dirs or [])
    sel, ign = split_csv(select), split_csv(ignore)
    unknown = unknown_selectors(rules, sel + ign)
    if unknown:
        names = [r.id for r in rules] + [r.kind for r in rules]
        raise AuditorError("no rule matches " + ", ".join(repr(u) + did_you_mean(u, names) for u in unknown)
                           + " (see `auditor rules`)")
    return select_rules(rules, sel, ign)


def _parse_meeting_date(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise AuditorError(f"--meeting-date {value!r}: {_why_not_a_date(value)}") from None
    from auditor.config import MEETING_YEARS

    if parsed.year not in MEETING_YEARS:  # date arithmetic near year 1 or 9999 overflows
        raise AuditorError(f"--meeting-date {value!r}: expected a year between {MEETING_YEARS[0]} and {MEETING_YEARS[-1]}")
    return parsed.isoformat()


def _why_not_a_date(value: str) -> str:
    import calendar
    import re

    shape = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
    if not shape:
        return "expected YYYY-MM-DD"
    year, month, day = map(int, shape.groups())
    if not 1 <= month <= 12:
        return f"there is no month {month} (expected YYYY-MM-DD)"
    days = calendar.monthrange(year, month)[1] if year >= 1 else 31
    return f"this date does not exist: {calendar.month_name[month]} {year} has {days} days, not {day}"


FILE_NAMES = {"text": "auditor.txt", "concise": "auditor.concise.txt", "json": "auditor.json",
              "sarif": "auditor.sarif", "junit": "auditor.junit.xml", "github": "auditor.github.txt",
              "gitlab": "auditor.gitlab.json", "markdown": "auditor.md", "html": "auditor.html"}
SEVERITIES = tuple(sorted(SEVERITY_RANK, key=SEVERITY_RANK.get))  # info, warning, error


@dataclass
class Settings:
    """Config file values with command-line flags laid over them."""

    rules: list
    fail_on: str
    options: dict
    baseline: Optional[str]
    waivers: Optional[str]
    jobs: int
    select: list
    ignore: list
    config_path: Optional[str] = None


def _settings(config, no_config, rules_dirs, select, ignore, fail_on, meeting_date, baseline=None, waivers=None,
              jobs=None) -> Settings:
    from auditor.config import apply_severity_overrides, load_config

    cfg = load_config(config, search=not no_config)
    fail_on = (fail_on or cfg.fail_on or "error").lower()
    if fail_on not in (*SEVERITY_RANK, "never"):
        raise AuditorError(f"--fail-on {fail_on!r}: choose one of error, warning, info, never"
                           + did_you_mean(fail_on, [*SEVERITY_RANK, "never"]))
    select, ignore = (select if select else cfg.select), (ignore if ignore else cfg.ignore)
    rules = _load_selected_rules(cfg.rules + list(rules_dirs or []), select, ignore)
    rules = apply_severity_overrides(rules, cfg.severity)
    options = {"meeting_date": _parse_meeting_date(meeting_date) if meeting_date else cfg.meeting_date,
               "meeting_date_from": "--meeting-date" if meeting_date else "config meeting-date"}
    if jobs is not None and jobs < 1:
        raise AuditorError("--jobs must be at least 1")
    return Settings(rules, fail_on, options, baseline or cfg.baseline, waivers or cfg.waivers, jobs or cfg.jobs or 1,
                    split_csv(select), split_csv(ignore), cfg.path)


CONFIG_OPTION = typer.Option(None, "--config", metavar="FILE", help="Read settings from this TOML file (default: "
                             "auditor.toml or [tool.auditor] in pyproject.toml, found upward).")
NO_CONFIG_OPTION = typer.Option(False, "--no-config", help="Ignore any config file.")
RULES_OPTION = typer.Option(None, "--rules", metavar="DIR", help="A directory (or file) of extra rule files.")
SELECT_OPTION = typer.Option(None, "--select", metavar="RULES", help="Only these rule ids or prefixes (comma-separated).")
IGNORE_OPTION = typer.Option(None, "--ignore", metavar="RULES", help="Skip these rule ids or prefixes.")
MEETING_DATE_OPTION = typer.Option(None, "--meeting-date", metavar="YYYY-MM-DD",
                                   help="Judge dates against this meeting date.")
PACKS_ARGUMENT_HELP = ("Pack files (.md .markdown .txt .pdf .docx), folders (searched recursively), or - for a "
                       "Markdown or text pack on standard input. None: the bundled sample pack.")


@dataclass
class View:
    """What the person asked to see: the report's format on stdout, its colours, and what it leaves out."""

    color: str = "auto"
    statistics: bool = False
    min_severity: Optional[str] = None
    quiet: bool = False


@app.command(cls=PlainHelpCommand)
def check(
    packs: List[str] = typer.Argument(None, metavar="FILE|DIR|-", help=PACKS_ARGUMENT_HELP, show_default=False),
    format: Optional[List[str]] = typer.Option(None, "--format", "-f", metavar="FORMAT", help="Output format: "
                                               + ", ".join(FORMATS) + ". Give it more than once with --output-dir."),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="FILE", help="Write the report to this file."),
    output_dir: Optional[str] = typer.Option(None, "--output-dir", metavar="DIR",
                                             help="Write one report per --format into this folder."),
    exclude: Optional[List[str]] = typer.Option(None, "--exclude", metavar="GLOB", help="Leave out files or folders "
                                                "matching this pattern (name, path or folder); give it more than once."),
    stdin_filename: Optional[str] = typer.Option(None, "--stdin-filename", metavar="NAME",
                                                 help="The name reports give the pack read from - (default <stdin>)."),
    rules_dirs: Optional[List[str]] = RULES_OPTION,
    select: Optional[List[str]] = SELECT_OPTION,
    ignore: Optional[List[str]] = IGNORE_OPTION,
    fail_on: Optional[str] = typer.Option(None, "--fail-on", metavar="SEVERITY", help="Exit 1 if a finding at or "
                                          "above this severity: error (default), warning, info, never."),
    min_severity: Optional[str] = typer.Option(None, "--min-severity", metavar="SEVERITY", help="Report only "
                                               "findings at or above this severity: info (default), warning, error."),
    meeting_date: Optional[str] = MEETING_DATE_OPTION,
    baseline: Optional[str] = typer.Option(None, "--baseline", metavar="FILE",
                                           help="Report only findings not in this baseline file."),
    waivers: Optional[str] = typer.Option(None, "--waivers", metavar="FILE",
                                          help="A YAML file of accepted findings (reason, by, expires)."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", metavar="N",
                                       help="Audit this many packs at once, in separate processes."),
    statistics: bool = typer.Option(False, "--statistics", help="Print a count of findings per rule instead of "
                                    "the findings (reports named by -o/--output-dir are still written)."),
    color: str = typer.Option("auto", "--color", metavar="WHEN", help="Colour the text report: auto (at a "
                              "terminal, unless NO_COLOR is set), always, never."),
    config: Optional[str] = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress or warnings on stderr."),
):
    """Audit packs and report the findings."""
    stdin_copy = None
    try:
        formats = _check_formats(format, output, output_dir)
        view = View(_choice("--color", color, COLOR_CHOICES), statistics,
                    _choice("--min-severity", min_severity, SEVERITIES) if min_severity else None, quiet)
        settings = _settings(config, no_config, rules_dirs, select, ignore, fail_on, meeting_date, baseline, waivers, jobs)
        paths = expand_packs(packs, exclude) if packs else [sample_pack_path()]
        stand_ins = {}  # a temporary file -> the name the person knows it by
        if STDIN in paths:
            stdin_copy = _copy_of_stdin(stdin_filename)
            stand_ins[stdin_copy] = stdin_filename or "<stdin>"
            paths = [stdin_copy if p == STDIN else p for p in paths]
        inputs = paths + [p for p in (settings.baseline, settings.waivers) if p]
        targets = _report_targets(formats, output, output_dir)
        if not output_dir or os.path.isdir(output_dir):  # a folder still to be made holds nothing to protect
            for target in targets.values():
                check_target(target, inputs)
        run, failures = _run(paths, stand_ins, settings, formats, bool(output or output_dir), view)
        _emit(run, formats, targets, output_dir, inputs, view)
    except AuditorError as exc:
        fail(str(exc))
        return
    finally:
        if stdin_copy:
            os.unlink(stdin_copy)
    for failure in failures:
        typer.echo(f"auditor: error: {failure.message}", err=True)
    if failures:
        raise typer.Exit(2)
    from auditor.report import fails

    failing = any(fails(f, settings.fail_on) for r in run.results for f in r.findings)
    raise typer.Exit(1 if failing else 0)


def _choice(option: str, value: str, choices) -> str:
    lowered = value.lower()
    if lowered not in choices:
        raise AuditorError(f"{option} {value!r}: choose one of {', '.join(choices)}" + did_you_mean(lowered, choices))
    return lowered


def _copy_of_stdin(name: Optional[str]) -> str:
    """Standard input saved to a temporary file that the Markdown/text reader can open."""
    import tempfile

    suffix = Path(name).suffix.lower() if name else ""
    if suffix not in (".md", ".markdown", ".txt"):
        suffix = ".md"
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8")
    if not data.strip():
        raise InputError("-: nothing on standard input (give a Markdown or text pack, or a file name)")
    with tempfile.NamedTemporaryFile(prefix="auditor-stdin-", suffix=suffix, delete=False) as fh:
        fh.write(data)
    return fh.name


def _check_formats(format, output, output_dir) -> list[str]:
    formats = list(dict.fromkeys(f.lower() for f in split_csv(format))) or ["text"]
    for f in formats:
        if f not in FORMATS:
            raise AuditorError(f"--format {f!r}: choose one of {', '.join(FORMATS)}" + did_you_mean(f, FORMATS))
    if output and output_dir:
        raise AuditorError("give --output or --output-dir, not both")
    if len(formats) > 1 and not output_dir:
        raise AuditorError("several --format values need --output-dir (one file per format)")
    return formats


def _run(paths, stand_ins: dict, settings: Settings, formats, to_files: bool, view: View):
    from auditor.batch import PackFailure, progress_wanted, run_audits
    from auditor.report import RunReport

    machine_on_stdout = not to_files and formats[0] not in ("text", "concise")
    show = progress_wanted(view.quiet, machine_on_stdout)
    outcomes = run_audits(paths, settings.rules, settings.options, settings.jobs, show,
                          names=_display_names() | stand_ins)
    failures = [_named_failure(o, stand_ins) for o in outcomes if isinstance(o, PackFailure)]
    results = [o for o in outcomes if not isinstance(o, PackFailure)]
    for result in results:
        result.path = stand_ins.get(result.path, result.path)
    if failures and not results:
        raise AuditorError(failures[0].message if len(failures) == 1 else
                           "; ".join(f.message for f in failures))
    if not view.quiet and not _report_shows_reading_notes(formats, to_files, view):
        for result in results:
            for note in result.pack.warnings:
                echo_reading_note(result.pack.source, note)
    run = RunReport(results, rules=settings.rules, fail_on=settings.fail_on, options=settings.options,
                    baseline=settings.baseline, select=settings.select, ignore=settings.ignore,
                    config_path=settings.config_path, created=datetime.now().astimezone(),
                    min_severity=view.min_severity, failures=failures)
    _apply_waivers_and_baseline(run, settings, view.quiet)
    if view.min_severity:
        _drop_below(run, view.min_severity)
    return run, failures


# Formats that list the notes made while reading a pack (a page that could not be decoded, a table
# left unchecked) in the report itself. The text report on a terminal leaves them to stderr, where
# they come before the report; concise and gitlab have no place for them.
FORMATS_WITH_READING_NOTES = ("json", "sarif", "junit", "github", "markdown", "html")


def _report_shows_reading_notes(formats, to_files: bool, view: View) -> bool:
    """The report on stdout lists the reading notes: stderr would only repeat them."""
    return not to_files and not view.statistics and formats[0] in FORMATS_WITH_READING_NOTES


def echo_reading_note(source: str, note: str) -> None:
    """A note made while reading a pack, on stderr: not a finding, and never worded as one."""
    typer.echo(f"auditor: reading note: {source}: {note}", err=True)


def _named_failure(failure, stand_ins: dict):
    """A failure's message with a temporary file's path replaced by the name the person knows."""
    for path, name in stand_ins.items():
        failure.message = failure.message.replace(path, name)
    return failure


def _drop_below(run, min_severity: str) -> None:
    threshold = SEVERITY_RANK[min_severity]
    for result in run.results:
        result.findings = [f for f in result.findings if SEVERITY_RANK.get(f.severity, 0) >= threshold]


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
    if fmt == "gitlab":
        from auditor.report.gitlab import render_gitlab

        return render_gitlab(run) + "\n"
    if fmt == "markdown":
        from auditor.report.markdown import render_markdown

        return render_markdown(run)
    if fmt == "html":
        from auditor.report.html import render_html

        return render_html(run)
    if fmt == "concise":
        from auditor.report.concise import render_concise

        return render_concise(run)
    import io

    from auditor.report.text import render_text

    buffer = io.StringIO()
    render_text(run.results, make_console("never", file=buffer), run=run)
    return buffer.getvalue()


def _report_targets(formats, output, output_dir) -> dict[str, str]:
    """format -> the file its report goes to (none: standard output)."""
    if output_dir:
        return {fmt: os.path.join(output_dir, FILE_NAMES[fmt]) for fmt in formats}
    return {formats[0]: output} if output else {}


def _emit(run, formats, targets: dict[str, str], output_dir, inputs: list[str], view: View) -> None:
    if output_dir:
        make_folder(output_dir)
    for fmt, target in targets.items():
        safe_write(target, render(run, fmt), inputs)
        if output_dir and not view.quiet:
            typer.echo(f"auditor: wrote {target}", err=True)
    if view.statistics:
        from auditor.report.concise import render_statistics

        sys.stdout.write(render_statistics(run))
    elif not targets and formats[0] == "text":
        from auditor.report.text import render_text

        # parse warnings were printed on stderr, unless --quiet: then the report is their one place
        render_text(run.results, make_console(view.color), run=run, read_warnings=view.quiet)
        return
    elif not targets:
        sys.stdout.write(render(run, formats[0]))
    if len(run.results) > 1 and not view.quiet:
        from auditor.report.text import render_batch_summary

        render_batch_summary(run, make_console(view.color, stderr=True))


def _audit_one(path: str, rules, options, quiet: bool):
    """One pack, raising InputError if it cannot be read (kept for callers of the old API)."""
    from auditor.batch import PackFailure, audit_path

    display = _display_names().get(path, path)
    result = audit_path(path, rules, options, display)
    if isinstance(result, PackFailure):
        raise InputError(result.message)
    if not quiet:
        for note in result.pack.warnings:
            echo_reading_note(path, note)
    return result


@app.command("baseline", cls=PlainHelpCommand)
def make_baseline(
    packs: List[str] = typer.Argument(None, metavar="FILE|DIR", show_default=False,
                                      help="Pack files or folders (searched recursively). None: the bundled sample pack."),
    output: str = typer.Option(".auditor-baseline.json", "--output", "-o", metavar="FILE",
                               help="The baseline file to write."),
    exclude: Optional[List[str]] = typer.Option(None, "--exclude", metavar="GLOB",
                                                help="Leave out files or folders matching this pattern."),
    rules_dirs: Optional[List[str]] = RULES_OPTION,
    select: Optional[List[str]] = SELECT_OPTION,
    ignore: Optional[List[str]] = IGNORE_OPTION,
    meeting_date: Optional[str] = MEETING_DATE_OPTION,
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", metavar="N", help="Audit this many packs at once."),
    config: Optional[str] = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress or messages on stderr."),
):
    """Record the current findings, so that `check --baseline FILE` reports only new ones."""
    from auditor.baseline import write_baseline
    from auditor.batch import PackFailure, progress_wanted, run_audits

    try:
        settings = _settings(config, no_config, rules_dirs, select, ignore, None, meeting_date, jobs=jobs)
        paths = expand_packs(packs, exclude) if packs else [sample_pack_path()]
        if STDIN in paths:
            raise AuditorError("a baseline records files by name: give file names, not - (standard input)")
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


@app.command(cls=PlainHelpCommand)
def annotate(
    draft: str = typer.Argument(..., metavar="FILE", help="A Word (.docx) or PDF pack to annotate."),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="FILE",
                                         help="The annotated copy (default: NAME.reviewed.EXT)."),
    rules_dirs: Optional[List[str]] = RULES_OPTION,
    select: Optional[List[str]] = SELECT_OPTION,
    ignore: Optional[List[str]] = IGNORE_OPTION,
    meeting_date: Optional[str] = MEETING_DATE_OPTION,
    waivers: Optional[str] = typer.Option(None, "--waivers", metavar="FILE",
                                          help="Leave out findings accepted in this waivers file."),
    author: str = typer.Option("auditor", "--author", metavar="NAME", help="The name the comments are signed with."),
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


@app.command(cls=PlainHelpCommand)
def init(
    path: str = typer.Argument("auditor.toml", metavar="FILE", help="The config file to write."),
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


@app.command("rules", cls=PlainHelpCommand)
def list_rules(
    rules_dirs: Optional[List[str]] = RULES_OPTION,
    color: str = typer.Option("auto", "--color", metavar="WHEN", help="auto, always, never."),
):
    """List the rules: id, kind, severity, description."""
    from auditor.report.text import render_rules_table

    try:
        from auditor.config import apply_severity_overrides, load_config

        cfg = load_config(search=True)
        rules = apply_severity_overrides(load_rules(cfg.rules + list(rules_dirs or [])), cfg.severity)
        color = _choice("--color", color, COLOR_CHOICES)
    except AuditorError as exc:
        fail(str(exc))
        return
    render_rules_table(rules, make_console(color))


@app.command(cls=PlainHelpCommand)
def explain(
    rule_id: str = typer.Argument(..., metavar="RULE", help="A rule id, as `auditor rules` lists them."),
    rules_dirs: Optional[List[str]] = RULES_OPTION,
    color: str = typer.Option("auto", "--color", metavar="WHEN", help="auto, always, never."),
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
        fail(f"no rule {rule_id!r}{did_you_mean(rule_id, [r.id for r in rules])} (see `auditor rules`)")
        return
    try:
        color = _choice("--color", color, COLOR_CHOICES)
    except AuditorError as exc:
        fail(str(exc))
        return
    _print_rule(rule, KINDS[rule.kind], make_console(color))


def _indented(text: str) -> str:
    return "\n".join("  " + line if line.strip() else "" for line in text.splitlines())


def _print_rule(rule, kind, console) -> None:
    """Rule text is shown as written: its patterns' [square brackets] are not rich markup."""
    from rich.markup import escape

    console.print(f"[bold]{escape(rule.id)}[/] ({escape(rule.kind)}, {escape(rule.severity)}"
                  f"{'' if rule.enabled else ', off by default'})")
    console.print(escape(rule.description))
    if kind.doc:
        console.print(f"\nKind [bold]{escape(rule.kind)}[/]: {escape(kind.doc)}")
    if rule.example:
        console.print("\nExample of what it flags:\n" + _indented(escape(rule.example)))
    if rule.pass_example:
        console.print("\nThe same without the slip, which it leaves alone:\n" + _indented(escape(rule.pass_example)))
    if kind.params:
        import yaml

        console.print("\nParameters (this rule's value; the kind's default when the rule sets none):")
        for name, default in kind.defaults().items():
            value = rule.params.get(name, default)
            origin = "set by the rule" if name in rule.params else "default"
            choices = kind.choices(name)
            extra = f"; one of {', '.join(map(str, choices))}" if choices else ""
            if isinstance(value, (list, dict)) and any(isinstance(v, (list, dict)) for v in
                                                      (value.values() if isinstance(value, dict) else value)):
                block = yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=10_000).rstrip()
                console.print(f"  {escape(name)}:  ({origin}{escape(extra)})")
                console.print(escape("\n".join("    " + line for line in block.splitlines())))
                continue
            if value is None:  # a limit the rule may set, unset: no limit
                console.print(f"  {escape(name)}: not set  ({origin}{escape(extra)})")
                continue
            shown = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000).strip()
            shown = shown.removesuffix("...").strip()
            console.print(f"  {escape(name)}: {escape(shown[:300])}  ({origin}{escape(extra)})")
    console.print(f"\nDefined in {escape(str(rule.source))}")


@app.command(cls=PlainHelpCommand)
def inspect(
    pack: Optional[str] = typer.Argument(None, metavar="FILE", help="A pack file. None: the bundled sample pack."),
    facts: bool = typer.Option(False, "--facts", help="List the facts extracted from the pack."),
    max_rows: int = typer.Option(12, "--max-rows", metavar="N", help="Rows of each table to show (0: all)."),
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
def main(version: bool = typer.Option(False, "--version", "-V", callback=version_callback, is_eager=True,
                                      help="Show the version and exit.")):
    """Audit committee packs."""


def run() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("auditor: interrupted", err=True)
        sys.exit(130)
