"""Reporters: findings -> text for people or machines. Each format is one module."""
from __future__ import annotations

from collections import Counter

from auditor.model import Finding


def summary_counts(findings: list[Finding]) -> dict[str, int]:
    counts = Counter(f.severity for f in findings)
    return {"error": counts.get("error", 0), "warning": counts.get("warning", 0), "info": counts.get("info", 0)}
