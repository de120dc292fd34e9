"""One slip, one finding: findings of different rules that saw the same slip are merged.

This runs after every check has run (auditor.pipeline.audit), on the findings of the rules that
were selected, so `--select`/`--ignore` still act per rule: a rule left out contributes nothing
to merge. No rule edits another rule's findings; this stage groups them, and first lets a total
that does not add up name its likely slip (`name_likely_slips`) when a finding of another rule
blames one of its parts (table-identity: a row that does not add up, by the same amount, through one
cell of the total's column).

Two findings are the same slip when
  - one names the other's cell as its likely slip: a table total that does not add up, whose
    detail says which part is wrong (`likely_culprit`), and the finding on that very cell; or
  - they are at the same place and give the same wrong value: the same table cell (document,
    table, row, column), or for text the same document, line/page/paragraph and overlapping
    excerpts, with the same normalised `found`; or, at such a place, one finding lists the values
    that disagree ('November 18 2024, November 2025') and the other finds one of them wrong.
Only findings of two different rules are merged (one rule's own findings are separate slips), and
only errors and warnings (an info finding says something is within rounding: not a slip).

The merged finding shows the most specific one: the cell a total points at, else a finding that
gives the one wrong value (not a list of disagreeing values), else one naming its culprit cell,
else one with an expected value, else the more severe, else the first. It takes the highest
severity of the group. The others are kept in its `also` list, with their own rule, severity,
place and message.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

from auditor.fingerprint import normalise
from auditor.model import DOUBTFUL_TABLE_NOTE, SEVERITY_RANK, Finding

MERGED_SEVERITIES = ("error", "warning")
EXCERPT_OVERLAP = 0.6  # share of the shorter excerpt two text findings must have in one run
LIST_SEPARATORS = re.compile(r"\s*[;,]\s+")  # between the disagreeing values a finding lists as found


def _norm(text) -> str:
    return normalise(text)


def _cell(f: Finding) -> Optional[tuple]:
    """(document, table, row, column) of a finding on a table cell, else None."""
    extra = f.extra or {}
    table, row, column = extra.get("table"), extra.get("row"), extra.get("column")
    if isinstance(table, str) and isinstance(row, str) and isinstance(column, str):
        return (f.document, table, row, column)
    return None


def _pointed_cell(f: Finding) -> Optional[tuple]:
    """The cell a finding names as its likely slip (document, table, row, column), and the value it wants there."""
    extra = f.extra or {}
    culprit = extra.get("likely_culprit")
    if not isinstance(culprit, dict) or not isinstance(extra.get("table"), str):
        return None
    row, column = culprit.get("row"), culprit.get("column")
    if not isinstance(row, str) or not isinstance(column, str):
        return None
    return (f.document, extra["table"], row, column)


def _place(f: Finding) -> tuple:
    loc = f.location
    return (f.document, loc.line, loc.page, loc.paragraph)


def _excerpts_overlap(a: str, b: str) -> bool:
    import difflib

    a, b = _norm(a), _norm(b)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    match = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size >= EXCERPT_OVERLAP * min(len(a), len(b))


def _blamed_total(f: Finding) -> Optional[tuple]:
    """The total cell (document, table, row, column) a finding blames through its own cell: a finding
    naming its cell as the `culprit` of a failing total (`total_row`, `total_column`)."""
    extra = f.extra or {}
    keys = ("table", "total_row", "total_column", "row", "column")
    if not extra.get("culprit") or not all(isinstance(extra.get(k), str) for k in keys):
        return None
    return (f.document, extra["table"], extra["total_row"], extra["total_column"])


def name_likely_slips(findings: list[Finding]) -> list[Finding]:
    """A total's finding (one with `kind_of_total`) whose cell another rule's finding blames (`_blamed_total`)
    is given, as a new finding, the culprit: `likely_culprit` (row, column, expected there) and, in its
    message, "the likely slip is “row” / “column” (its row does not add up either)" (before the note on a
    doubtful table, which ends the message). The first blaming finding in report order names it."""
    blamed: dict[tuple, Finding] = {}
    for f in findings:
        cell = _blamed_total(f)
        if cell is not None:
            blamed.setdefault(cell, f)
    if not blamed:
        return findings
    out = []
    for f in findings:
        culprit = blamed.get(_cell(f)) if "kind_of_total" in (f.extra or {}) else None
        if culprit is None or culprit.rule == f.rule or "likely_culprit" in f.extra:
            out.append(f)
            continue
        row, column = culprit.extra["row"], culprit.extra["column"]
        note = DOUBTFUL_TABLE_NOTE if f.message.endswith(DOUBTFUL_TABLE_NOTE) else ""
        head = f.message[: len(f.message) - len(note)]
        message = f"{head}; the likely slip is “{row}” / “{column}” (its row does not add up either){note}"
        extra = {**f.extra, "likely_culprit": {"row": row, "column": column, "expected": culprit.expected}}
        out.append(replace(f, message=message, extra=extra))
    return out


def merge_same_slips(findings: list[Finding]) -> list[Finding]:
    """The findings with each group of findings on the same slip made one; order otherwise kept."""
    findings = name_likely_slips(findings)
    candidates = [i for i, f in enumerate(findings) if f.severity in MERGED_SEVERITIES and not f.also]
    if len(candidates) < 2:
        return findings
    parent = {i: i for i in candidates}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        if findings[i].rule != findings[j].rule:
            parent[root(i)] = root(j)

    by_cell: dict[tuple, list[int]] = {}
    by_place: dict[tuple, list[int]] = {}
    for i in candidates:
        f = findings[i]
        cell = _cell(f)
        if cell is not None:
            by_cell.setdefault(cell, []).append(i)
            by_place.setdefault(("cell", cell, _norm(f.found)), []).append(i)
        elif f.found is not None and _norm(f.found):
            by_place.setdefault(("text", _place(f), _norm(f.found)), []).append(i)

    pointed_at: set[int] = set()
    for i in candidates:  # a total naming its likely slip, and the finding on that cell
        cell = _pointed_cell(findings[i])
        if cell is None:
            continue
        wanted = _norm(findings[i].extra["likely_culprit"].get("expected"))
        for j in by_cell.get(cell, []):
            if j != i and (not wanted or not findings[j].expected or _norm(findings[j].expected) == wanted):
                join(i, j)
                pointed_at.add(j)

    for key, group in by_place.items():  # the same place and the same wrong value
        for n, i in enumerate(group):
            for j in group[n + 1:]:
                if key[0] == "cell" or _excerpts_overlap(findings[i].excerpt, findings[j].excerpt):
                    join(i, j)

    listing: set[int] = set()  # findings whose found lists disagreeing values, one of them another's
    for i in candidates:
        f = findings[i]
        if _cell(f) is not None or not f.found:
            continue
        items = [_norm(item) for item in LIST_SEPARATORS.split(str(f.found))]
        if len(items) < 2:
            continue
        for item in dict.fromkeys(x for x in items if x):
            for j in by_place.get(("text", _place(f), item), []):
                if findings[j].rule != f.rule and _excerpts_overlap(f.excerpt, findings[j].excerpt):
                    join(i, j)
                    listing.add(i)

    groups: dict[int, list[int]] = {}
    for i in candidates:
        groups.setdefault(root(i), []).append(i)
    merged: dict[int, Finding] = {}  # index of the primary -> the merged finding
    absorbed: set[int] = set()
    for members in groups.values():
        if len(members) < 2:
            continue
        primary = min(members, key=lambda i: _specificity(findings[i], i in pointed_at, i in listing, i))
        others = [findings[i] for i in sorted(members) if i != primary]
        merged[primary] = _merged(findings[primary], others)
        absorbed.update(i for i in members if i != primary)
    if not merged:
        return findings
    return [merged.get(i, f) for i, f in enumerate(findings) if i not in absorbed]


def _specificity(f: Finding, pointed_at: bool, listing: bool, index: int) -> tuple:
    return (not pointed_at, listing, not (f.extra or {}).get("culprit"), f.expected is None,
            -SEVERITY_RANK.get(f.severity, 0), index)


def _merged(primary: Finding, others: list[Finding]) -> Finding:
    """The primary finding carrying the others, at the highest severity of them all."""
    top = max([primary] + others, key=lambda f: SEVERITY_RANK.get(f.severity, 0)).severity
    raised = top != primary.severity
    return replace(primary, also=list(others), severity=top, own_severity=primary.severity if raised else None)
