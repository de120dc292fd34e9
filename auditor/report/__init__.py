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


def message_with_values(finding) -> str:
    """The message, then '(expected X; found Y)' when the finding has them."""
    values = values_text(finding)
    return finding.message.rstrip() + (f" ({values})" if values else "")


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
