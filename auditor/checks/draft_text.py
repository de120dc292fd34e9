"""draft-text: text that must not be published (placeholders, notes to self, empty links)."""
from __future__ import annotations

import re

from auditor.checks import compile_pattern, register
from auditor.checks._common import finding_at, finding_on
from auditor.model import DOCUMENT_KINDS, SEVERITIES, Related

# where a sentence ends for context_severity: a full stop, a bullet, a line break
SENTENCE_BREAK_RE = re.compile(r"(?<=[.!?;])\s+|\s[•▪●◦■]\s|\n")


def _validate(params, where):
    for n, item in enumerate(params.get("patterns", []), 1):
        if not isinstance(item, dict) or "pattern" not in item:
            raise_error(f"{where}: field 'patterns' item {n} must be a mapping with 'pattern' and 'message'")
        compile_pattern(item["pattern"], f"{where}: field 'patterns' item {n}")
        if "unless" in item:
            compile_pattern(item["unless"], f"{where}: field 'patterns' item {n} 'unless'")
    for n, target in enumerate(params.get("empty_link_targets", []), 1):
        if not isinstance(target, str):
            raise_error(f"{where}: field 'empty_link_targets' item {n} must be a string")
    for n, item in enumerate(params.get("context_severity", []), 1):
        if not isinstance(item, dict) or "context" not in item or item.get("severity") not in SEVERITIES:
            raise_error(f"{where}: field 'context_severity' item {n} must be a mapping with 'context' and "
                        f"'severity' (one of {', '.join(SEVERITIES)})")
        compile_pattern(item["context"], f"{where}: field 'context_severity' item {n}")


def raise_error(message):
    from auditor.errors import RuleFileError

    raise RuleFileError(message)


@register("draft-text", params={
    # [{pattern, message, ignore_case?, unless?}]: `unless` matching the matched text means it is not a slip
    "patterns": (list, []),
    "empty_link_targets": (list, []),  # link targets that count as "no target", e.g. "", "#"
    "include_tables": (bool, True),
    # only when the match is most of its paragraph or cell: the request is all that was written
    "min_coverage": (float, 0.0),
    # [{context, severity}]: a match in running text whose sentence matches `context` takes that severity
    "context_severity": (list, []),
    # papers of these kinds are not read: minutes leave 'Signed ....' and 'Date ....' for the chair to sign
    "skip_document_kinds": (list, [], DOCUMENT_KINDS),
})
def check_draft_text(pack, rule, params, ctx):
    """Text matching a drafting pattern, or a link whose target is empty."""
    patterns = [(compile_pattern(p["pattern"], rule.id, p.get("ignore_case", True)),
                 p.get("message", rule.description),
                 compile_pattern(p["unless"], rule.id) if p.get("unless") else None) for p in params["patterns"]]
    contexts = [(compile_pattern(c["context"], rule.id), c["severity"]) for c in params["context_severity"]]
    coverage = params["min_coverage"]
    empty_targets = {t.strip() for t in params["empty_link_targets"]}
    skipped_kinds = set(params["skip_document_kinds"])
    for doc, block in pack.iter_blocks():
        if doc.kind in skipped_kinds:
            continue
        if block.table is None:
            for rx, message, unless in patterns:
                for m in rx.finditer(block.text):
                    if not _covers(m, block.text, coverage) or (unless and unless.search(m.group(0))):
                        continue
                    finding = finding_at(rule, doc, block, m.start(), m.end(), message,
                                         expected="text to be completed or removed", found=m.group(0))
                    finding.severity = _severity_in_context(rule.severity, contexts, block.text, m.start(), m.end())
                    yield finding
        elif params["include_tables"]:
            yield from _table_findings(rule, doc, block.table, patterns, coverage)
        if empty_targets:
            for label, target in block.links:
                if target.strip() in empty_targets:
                    start = max(block.text.find(label), 0)
                    yield finding_at(rule, doc, block, start, start + len(label),
                                     f"Link '{label}' has no target",
                                     expected="a link to the document or page",
                                     found=f"target '{target}'" if target.strip() else "no target")


def _covers(match, text: str, coverage: float) -> bool:
    return coverage <= 0 or len(match.group(0)) >= coverage * len(text.strip())


def _severity_in_context(severity: str, contexts, text: str, start: int, end: int) -> str:
    sentence = _sentence_around(text, start, end)
    return next((level for rx, level in contexts if rx.search(sentence)), severity)


def _sentence_around(text: str, start: int, end: int) -> str:
    begin = max((m.end() for m in SENTENCE_BREAK_RE.finditer(text, 0, start)), default=0)
    stop = SENTENCE_BREAK_RE.search(text, end)
    return text[begin:stop.start() if stop else len(text)]


def _table_findings(rule, doc, table, patterns, coverage):
    """One finding per pattern and table: the first matching cell, the others as related."""
    for rx, message, unless in patterns:
        hits = [(cell, m) for row in table.rows for cell in row if cell.text
                for m in [rx.search(cell.text)] if m and _covers(m, cell.text, coverage)
                and not (unless and unless.search(m.group(0)))]
        if not hits:
            continue
        (cell, m), rest = hits[0], hits[1:]
        if rest:
            message = f"{message} ({len(hits)} cells in this table)"
        finding = finding_on(rule, doc, cell.location, cell.text, message,
                             expected="text to be completed or removed", found=m.group(0))
        finding.related = [Related(doc.title, c.location, c.text) for c, _ in rest]
        yield finding


check_draft_text.validate_params = _validate
