"""The whole flow for one pack: ingest -> structure -> checks -> one finding per slip."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from auditor.checks import run_checks
from auditor.ingest import ingest
from auditor.model import Finding, Pack
from auditor.resources import fewer_collections
from auditor.report.merge import merge_same_slips
from auditor.rules import Rule
from auditor.structure.segment import segment


@dataclass
class PackResult:
    pack: Pack
    findings: list[Finding] = field(default_factory=list)
    accepted: list = field(default_factory=list)  # baseline.Accepted: findings a waiver accepts
    baselined: int = 0  # findings hidden because the baseline already holds them
    path: str = ""  # the file read (pack.source may be a display name)
    given_meeting_date: Optional[str] = None  # ISO: the meeting date the run was given (--meeting-date or config)
    given_by: Optional[str] = None  # where it was given: "--meeting-date" or "config meeting-date"


def load_pack(path: str, display_name: str | None = None, on_page=None) -> Pack:
    """on_page(pages read, pages in all), if given, is called while a PDF's pages are read."""
    with fewer_collections():  # the blocks of a long pack live to the end of the run, as its facts do
        return segment(ingest(path, display_name, on_page=on_page))


def audit(path: str, rules: list[Rule], display_name: str | None = None, options: dict | None = None,
          progress=None) -> PackResult:
    """progress, if given, is called as progress(stage, done, total): stage "pages" while a PDF's pages
    are read, "parsed" once the pack is parsed (done = total = its pages), then "checks" as each rule ends."""
    pack = load_pack(path, display_name, on_page=(lambda done, total: progress("pages", done, total))
                     if progress else None)
    if progress:
        progress("parsed", pack.pages or 1, pack.pages or 1)
    done = [0]

    def one_check_done():
        done[0] += 1
        progress("checks", done[0], len(rules))

    findings = run_checks(pack, rules, options or {}, progress=one_check_done if progress else None)
    options = options or {}
    given = options.get("meeting_date")
    return PackResult(pack, merge_same_slips(findings), path=path, given_meeting_date=str(given) if given else None,
                      given_by=(options.get("meeting_date_from") or "--meeting-date") if given else None)
