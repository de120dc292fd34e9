"""GitHub Actions workflow commands: ::error file=...,line=...,title=...::message."""
from __future__ import annotations

from auditor.report import also_lines, also_rules, artifact_path, as_run, summary_counts, values_text

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}
SHOWN_PER_STEP = 10  # GitHub shows at most this many error, and as many warning, annotations per step


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(run_or_results) -> str:
    run = as_run(run_or_results)
    lines = []
    for result in run.results:
        path = artifact_path(result)
        for f in result.findings:
            lines.append(command_line(f, path))
        for note in result.pack.warnings:  # a notice: a note made while reading, not a finding
            lines.append(f"::notice file={escape_property(path)},title={escape_property('auditor: reading note')}::"
                         + escape_data(note))
        for acc in result.accepted:
            lines.append(f"::notice file={escape_property(path)},title={escape_property('accepted: ' + acc.finding.rule)}::"
                         + escape_data(f"{acc.finding.message} — accepted by {acc.waiver.by}: {acc.waiver.reason}"))
    for w in run.unmatched_waivers:
        lines.append(f"::warning title=auditor waiver::{escape_data(w.describe() + ' matches no finding any more')}")
    lines = _beyond_the_limit(run) + lines
    return "\n".join(lines) + ("\n" if lines else "")


def _beyond_the_limit(run) -> list[str]:
    """A notice, first, when GitHub will not show every annotation: none vanishes without a word."""
    counts = summary_counts([f for r in run.results for f in r.findings])
    over = [f"{counts[kind]} {kind}s" for kind in ("error", "warning") if counts[kind] > SHOWN_PER_STEP]
    if not over:
        return []
    text = (f"auditor found {' and '.join(over)}; GitHub shows {SHOWN_PER_STEP} annotations of each kind per step. "
            "Every finding is in the job summary, the SARIF and the HTML report.")
    return [f"::notice title=auditor::{escape_data(text)}"]


def command_line(f, path: str) -> str:
    props = [f"file={escape_property(path)}"]
    if f.location.line is not None:
        props.append(f"line={f.location.line}")
    rule = f.rule + (f" (also {', '.join(also_rules(f))})" if also_rules(f) else "")
    props.append(f"title={escape_property(f'{rule} ({f.document})'[:200])}")
    text = f"{f.message} [{f.document}, {f.location.describe()}]"
    values = values_text(f)
    if values:
        text += f"\n{values}"
    if f.excerpt:
        text += f"\n“{f.excerpt}”"
    for line in also_lines(f):
        text += f"\n{line}"
    return f"::{COMMAND.get(f.severity, 'warning')} {','.join(props)}::{escape_data(text)}"
