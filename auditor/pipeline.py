"""The whole flow for one pack: ingest -> structure -> checks."""
from __future__ import annotations

from dataclasses import dataclass, field

from auditor.checks import run_checks
from auditor.ingest import ingest
from auditor.model import Finding, Pack
from auditor.rules import Rule
from auditor.structure.segment import segment


@dataclass
class PackResult:
    pack: Pack
    findings: list[Finding] = field(default_factory=list)


def load_pack(path: str, display_name: str | None = None) -> Pack:
    return segment(ingest(path, display_name))


def audit(path: str, rules: list[Rule], display_name: str | None = None, options: dict | None = None) -> PackResult:
    pack = load_pack(path, display_name)
    findings = run_checks(pack, rules, options or {})
    return PackResult(pack, findings)
