"""SARIF 2.1.0: one run, the rules in tool.driver.rules, one result per finding.

Every result has a region, so that code scanning can place it. Text packs give the line.
PDF and Word packs give the page (Word: paragraph) as a region property and in the message;
their region's startLine is the finding's line when the text has one, else 1 (a binary file
has no lines, and code scanning needs one). The bbox on the page is in the location's properties.
Accepted findings are kept, with an "accepted" external suppression.
"""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from auditor import __version__
from auditor.fingerprint import fingerprint
from auditor.report import RunReport, artifact_path, as_run, message_with_values

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
INFO_URI = "https://github.com/committee-pack-auditor/auditor"


def render_sarif(run_or_results) -> str:
    run = as_run(run_or_results)
    rules = _rules(run)
    index = {r["id"]: i for i, r in enumerate(rules)}
    artifacts = [artifact_path(r) for r in run.results]
    results = []
    for n, result in enumerate(run.results):
        for f in result.findings:
            item = _result(f, artifacts[n], n, index, rules)
            if run.baseline:
                item["baselineState"] = "new"  # findings already in the baseline are left out
            results.append(item)
        for acc in result.accepted:
            item = _result(acc.finding, artifacts[n], n, index, rules)
            item["suppressions"] = [_suppression(acc.waiver)]
            results.append(item)
    sarif_run = {
        "tool": {"driver": {"name": "auditor", "version": __version__, "informationUri": INFO_URI,
                            "rules": rules}},
        "artifacts": [{"location": {"uri": _uri(a)}, "properties": {"format": r.pack.format}}
                      for a, r in zip(artifacts, run.results)],
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    invocation = _invocation(run)
    if invocation:
        sarif_run["invocations"] = [invocation]
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [sarif_run]}, indent=2, ensure_ascii=False)


def _rules(run: RunReport) -> list[dict]:
    by_id = {r.id: r for r in run.rules}
    for result in run.results:  # findings of rules not passed in (e.g. results built by hand)
        for f in list(result.findings) + [a.finding for a in result.accepted]:
            by_id.setdefault(f.rule, None)
    out = []
    for rid in sorted(by_id):
        rule = by_id[rid]
        if rule is None:
            out.append({"id": rid, "shortDescription": {"text": rid}})
            continue
        entry = {"id": rule.id, "name": _camel(rule.id),
                 "shortDescription": {"text": rule.description.split(". ")[0][:200]},
                 "fullDescription": {"text": rule.description},
                 "defaultConfiguration": {"level": LEVEL[rule.severity], "enabled": rule.enabled},
                 "properties": {"kind": rule.kind, "tags": [rule.kind]}}
        if rule.example:
            entry["help"] = {"text": f"{rule.description}\nExample of what it flags: {rule.example}"}
        out.append(entry)
    return out


def _camel(rule_id: str) -> str:
    return "".join(p[:1].upper() + p[1:] for p in rule_id.replace(".", "-").replace("_", "-").split("-") if p)


def _uri(path: str) -> str:
    """A relative reference for files under the working directory, a file:// URI otherwise."""
    if Path(path).is_absolute():
        return Path(path).as_uri()
    return quote(path, safe="/")


def _message(f) -> str:
    """The message with its values; a finding without a line names its page, which no viewer shows."""
    text = message_with_values(f)
    if f.location.line is None and (f.location.page is not None or f.location.paragraph is not None):
        text += f" [{f.document}, {f.location.describe()}]"
    return text


def _physical(uri: str, index: int, location, excerpt: str) -> dict:
    region: dict = {"startLine": location.line if location.line is not None else 1}
    if excerpt and location.line is not None:  # line 1 of a PDF is not where the excerpt is
        region["snippet"] = {"text": excerpt}
    place = {k: v for k, v in (("page", location.page), ("paragraph", location.paragraph)) if v is not None}
    if place:
        region["properties"] = place
    return {"artifactLocation": {"uri": _uri(uri), "index": index}, "region": region}


def _location(uri: str, index: int, document: str, location, excerpt: str, message: str | None = None) -> dict:
    loc: dict = {"physicalLocation": _physical(uri, index, location, excerpt),
                 "logicalLocations": [{"name": document, "kind": "document"}]}
    props = {}
    if location.page is not None:
        props["page"] = location.page
    if location.paragraph is not None:
        props["paragraph"] = location.paragraph
    if location.bbox is not None:
        props["bbox"] = [round(v, 2) for v in location.bbox]
    if location.line is None and excerpt:
        props["excerpt"] = excerpt
    if props:
        loc["properties"] = props
    if message:
        loc["message"] = {"text": message}
    return loc


def _result(f, uri: str, artifact_index: int, index: dict, rules: list) -> dict:
    item = {
        "ruleId": f.rule,
        "ruleIndex": index[f.rule],
        "level": LEVEL.get(f.severity, "warning"),
        "message": {"text": _message(f)},
        "locations": [_location(uri, artifact_index, f.document, f.location, f.excerpt)],
        "partialFingerprints": {"auditorFinding/v1": fingerprint(f)},
        "properties": {"document": f.document, "expected": f.expected, "found": f.found,
                       "where": f.location.describe()},
    }
    if f.related:
        item["relatedLocations"] = [
            _location(uri, artifact_index, r.document, r.location, r.excerpt,
                      message=f"{r.document}, {r.location.describe()}: {r.excerpt[:200]}") | {"id": i}
            for i, r in enumerate(f.related, 1)]
    return item


def _suppression(waiver) -> dict:
    return {"kind": "external", "status": "accepted", "justification": waiver.reason,
            "properties": {"acceptedBy": waiver.by,
                           "expires": waiver.expires.isoformat() if waiver.expires else None}}


def _invocation(run: RunReport) -> dict | None:
    notes = [{"level": "warning", "message": {"text": f"{r.pack.source}: {w}"}}
             for r in run.results for w in r.pack.warnings]
    notes += [{"level": "warning", "message": {"text": f"{w.describe()} matches no finding any more"}}
              for w in run.unmatched_waivers]
    notes += [{"level": "note", "message": {"text": f"{w.describe()} expired on {w.expires.isoformat()}"}}
              for w in run.expired_waivers]
    notes += [{"level": "error", "message": {"text": f"{f.path}: not audited: {f.message}"}} for f in run.failures]
    return {"executionSuccessful": not run.failures, "toolExecutionNotifications": notes}
