"""The JSON format: {"packs": [{source, format, meeting, documents, findings, summary}]}."""
from __future__ import annotations

import json

from auditor.report import summary_counts


def pack_to_json(result) -> dict:
    pack = result.pack
    return {
        "source": pack.source,
        "format": pack.format,
        "pages": pack.pages or None,
        "meeting": pack.meeting.to_json(),
        "documents": [d.to_json() for d in pack.documents],
        "findings": [f.to_json() for f in result.findings],
        "warnings": list(pack.warnings),
        "summary": summary_counts(result.findings),
    }


def render_json(results) -> str:
    return json.dumps({"packs": [pack_to_json(r) for r in results]}, indent=2, ensure_ascii=False, default=str)
