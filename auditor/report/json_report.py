"""The JSON format: {"packs": [{source, format, meeting, documents, findings, summary}]}."""
from __future__ import annotations

import json

from auditor.report import shown_meeting, summary_counts


def pack_to_json(result) -> dict:
    pack = result.pack
    data = {
        "source": pack.source,
        "format": pack.format,
        "pages": pack.pages or None,
        "meeting": shown_meeting(result),
        "documents": [d.to_json() for d in pack.documents],
        "findings": [f.to_json() for f in result.findings],
        "warnings": list(pack.warnings),
        "summary": summary_counts(result.findings),
    }
    if result.accepted:
        data["accepted"] = [{**a.finding.to_json(), "waiver": a.waiver.to_json()} for a in result.accepted]
    if result.baselined:
        data["baselined"] = result.baselined
    return data


def render_json(results, run=None) -> str:
    data = {"packs": [pack_to_json(r) for r in results]}
    failures = run.failures if run is not None else []
    if failures:  # packs that could not be read: listed, so a reader of the report knows they were not audited
        data["errors"] = [{"source": f.path, "message": f.message} for f in failures]
    if run is not None and (run.unmatched_waivers or run.expired_waivers):
        data["waivers"] = {"unmatched": [w.to_json() for w in run.unmatched_waivers],
                           "expired": [w.to_json() for w in run.expired_waivers]}
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)  # controls come out as \u escapes
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a damaged text layer: written as an escape
        text = json.dumps(data, indent=2, ensure_ascii=True, default=str)
    return text
