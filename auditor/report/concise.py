"""Plain one-line formats for grep, editors and CI logs: one finding per line, and a count per rule.

concise:    path:LINE: severity rule message (expected X; found Y)
            path:page N: ...   (PDF: a page is not a line, so `path:NUMBER:` always means a line)
statistics: a count of findings per rule, most frequent first (like `ruff --statistics`).
"""
from __future__ import annotations

from collections import Counter

from auditor.model import SEVERITY_RANK
from auditor.report import as_run, message_with_values, no_command, plain


def render_concise(run_or_results) -> str:
    run = as_run(run_or_results)
    lines = [concise_line(f, result.pack.source) for result in run.results for f in result.findings]
    return "".join(line + "\n" for line in lines)


def place(location) -> str:
    """A line as a bare number (what editors and problem matchers read); a page or paragraph by name."""
    return str(location.line) if location.line is not None else plain(location.describe())


def concise_line(f, path: str) -> str:
    return no_command(f"{plain(path)}:{place(f.location)}: {f.severity} {plain(f.rule)} "
                      f"{plain(message_with_values(f))}")


def render_statistics(run_or_results) -> str:
    run = as_run(run_or_results)
    findings = [f for r in run.results for f in r.findings]
    if not findings:
        return "No findings.\n"
    counts = Counter(f.rule for f in findings)
    severity: dict[str, str] = {}
    for f in findings:  # a rule whose severity a config changed may report at two levels: show the higher
        if SEVERITY_RANK.get(f.severity, 0) >= SEVERITY_RANK.get(severity.get(f.rule, ""), -1):
            severity[f.rule] = f.severity
    descriptions = {r.id: r.description for r in run.rules}
    width_n = len(str(max(counts.values())))
    width_id = max(len(rule) for rule in counts)
    lines = []
    for rule, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        summary = plain(descriptions.get(rule, "")).split(". ")[0].rstrip(".")
        lines.append(f"{n:>{width_n}}  {rule:<{width_id}}  {severity[rule]:<7}  {summary}".rstrip())
    packs = len(run.results)
    lines.append(f"{len(findings)} finding(s) in {packs} pack{'s' if packs != 1 else ''}")
    return "".join(line + "\n" for line in lines)
