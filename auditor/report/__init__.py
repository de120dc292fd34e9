"""Reporters: findings -> text for people or machines. Each format is one module."""
from __future__ import annotations

import re
from collections import Counter

from auditor.model import Finding


def summary_counts(findings: list[Finding]) -> dict[str, int]:
    counts = Counter(f.severity for f in findings)
    return {"error": counts.get("error", 0), "warning": counts.get("warning", 0), "info": counts.get("info", 0)}


def counts_by_document(findings: list[Finding]) -> dict[str, Counter]:
    """Severity counts per document, the documents in the order of their first finding."""
    per_doc: dict[str, Counter] = {}
    for f in findings:
        per_doc.setdefault(f.document, Counter())[f.severity] += 1
    return per_doc


def shown_meeting(result) -> dict:
    """The meeting a report shows: the one read from the front sheet, with the date the run was given (the date
    the checks used) in place of the one read, its source saying so; 'date_read' keeps a different date read."""
    meeting = result.pack.meeting.to_json()
    given = getattr(result, "given_meeting_date", None)
    if given:
        read = meeting["date"]
        meeting["date"] = given
        meeting["sources"] = {**meeting["sources"], "date": f"given ({result.given_by or '--meeting-date'})"}
        if read and read != given:
            meeting["date_read"] = read
    return meeting


def meeting_date_text(meeting: dict) -> str:
    """'2024-02-26', or '2024-02-26 (given by --meeting-date; the front sheet reads 2024-02-20)', or '?'."""
    date = meeting.get("date") or "?"
    cue = meeting.get("sources", {}).get("date", "")
    if cue.startswith("given ("):
        read = f"; the front sheet reads {meeting['date_read']}" if meeting.get("date_read") else ""
        return f"{date} (given by {cue[len('given ('):-1]}{read})"
    return date


# ---------------------------------------------------------------- shared by the CI/people formats
import os as _os
from dataclasses import dataclass, field
from pathlib import Path as _Path
from typing import Any, Optional


@dataclass
class RunReport:
    """Everything a reporter may show about one run of `auditor check`."""

    results: list  # pipeline.PackResult
    rules: list = field(default_factory=list)  # the rules that ran
    fail_on: str = "error"
    unmatched_waivers: list = field(default_factory=list)
    expired_waivers: list = field(default_factory=list)
    baseline: Optional[str] = None
    options: dict[str, Any] = field(default_factory=dict)
    select: list = field(default_factory=list)  # --select / config `select`, as given
    ignore: list = field(default_factory=list)
    config_path: Optional[str] = None  # the config file read, if any
    created: Optional[Any] = None  # datetime of the audit
    min_severity: Optional[str] = None  # findings below it were left out of the report
    failures: list = field(default_factory=list)  # batch.PackFailure: packs that could not be read


def as_run(results_or_run) -> RunReport:
    return results_or_run if isinstance(results_or_run, RunReport) else RunReport(list(results_or_run))


def artifact_path(result) -> str:
    """The pack's file as a forward-slash path, relative to the working directory when inside it."""
    path = result.path or result.pack.source
    try:
        rel = _os.path.relpath(path)
        if not rel.startswith(".."):
            path = rel
    except ValueError:  # another drive on Windows
        pass
    return _Path(path).as_posix()


def where(finding) -> str:
    """'Document, page 3' / 'Document, line 120' — for people."""
    return f"{finding.document}, {finding.location.describe()}"


def values_text(finding) -> str:
    parts = []
    if finding.expected is not None:
        parts.append(f"expected {finding.expected}")
    if finding.found is not None:
        parts.append(f"found {finding.found}")
    return "; ".join(parts)


def also_rules(finding) -> list[str]:
    """The other rules that saw the same slip (merged into this finding), in order."""
    return list(getattr(finding, "rules", [finding.rule])[1:])


def also_text(finding) -> str:
    """'also: table-total' for a finding other rules saw too, else ''."""
    others = also_rules(finding)
    return f"also: {', '.join(others)}" if others else ""


def also_lines(finding) -> list[str]:
    """One line per finding merged into this one: 'also table-total (page 18): its message'."""
    lines = []
    for other in getattr(finding, "also", []):
        place = other.location.describe()
        where = place if other.document == finding.document else f"{other.document}, {place}"
        lines.append(f"also {other.rule} ({where}): {other.message}")
    return lines


def message_with_values(finding) -> str:
    """The message, then '(expected X; found Y)' when the finding has them, then '[also: rule]'."""
    values = values_text(finding)
    also = also_text(finding)
    return finding.message.rstrip() + (f" ({values})" if values else "") + (f" [{also}]" if also else "")


# Escape sequences (CSI, OSC, other two-byte ones), C0/C1 controls and the bidirectional overrides
# that reorder what a terminal shows: pack text may hold any of them, a report must not replay them.
_ESCAPE_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?|\x9b[0-?]*[ -/]*[@-~]")
_LINE_BREAKS = re.compile(r"[\t\n\v\f\r\x85\u2028\u2029]+")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# A CI runner (GitHub Actions) reads a line of a job's output that starts with '::', after leading
# spaces, as a workflow command. A zero-width space before it is not a space to the runner, and
# leaves the text as it was to a reader and to grep.
_COMMAND_START = re.compile(r"^(\s*)(?=::)")
COMMAND_BREAKER = "\u200b"


def plain(text) -> str:
    """Pack text made safe to print on one line: no escape sequences, controls or line breaks."""
    text = _ESCAPE_SEQUENCE.sub("", str(text))
    text = _LINE_BREAKS.sub(" ", text)
    return _CONTROLS.sub("", text)


def no_command(line: str) -> str:
    """A line a CI runner will not take as a workflow command."""
    return _COMMAND_START.sub(lambda m: m.group(1) + COMMAND_BREAKER, line, count=1)


def fails(finding, fail_on: str) -> bool:
    from auditor.model import SEVERITY_RANK

    threshold = SEVERITY_RANK.get(fail_on)
    return threshold is not None and SEVERITY_RANK.get(finding.severity, 0) >= threshold
