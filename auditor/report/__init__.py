"""Reporters: findings -> text for people or machines. Each format is one module."""
from __future__ import annotations

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


def fails(finding, fail_on: str) -> bool:
    from auditor.rules import SEVERITY_RANK

    threshold = SEVERITY_RANK.get(fail_on)
    return threshold is not None and SEVERITY_RANK.get(finding.severity, 0) >= threshold
