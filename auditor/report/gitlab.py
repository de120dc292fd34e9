"""GitLab Code Quality (a subset of Code Climate JSON): one issue per finding, for merge request widgets.

Every issue needs a line: PDF and Word findings get line 1 and name their page (or paragraph)
in the description, as SARIF does. Fingerprints are the baseline fingerprint, made unique per
file and occurrence (GitLab drops issues with a repeated fingerprint).
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter

from auditor.fingerprint import fingerprint
from auditor.report import artifact_path, as_run, message_with_values

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def render_gitlab(run_or_results) -> str:
    run = as_run(run_or_results)
    issues, seen = [], Counter()
    for result in run.results:
        path = artifact_path(result)
        for f in result.findings:
            key = (path, fingerprint(f))
            seen[key] += 1
            issues.append(_issue(f, path, f"{key[0]}\x1f{key[1]}\x1f{seen[key]}"))
    return json.dumps(issues, indent=2, ensure_ascii=False)


def _issue(f, path: str, identity: str) -> dict:
    description = message_with_values(f)
    if f.location.line is None:
        description += f" [{f.document}, {f.location.describe()}]"
    return {"type": "issue", "check_name": f.rule, "description": f"{f.rule}: {description}",
            "categories": ["Bug Risk"], "severity": SEVERITY.get(f.severity, "minor"),
            "fingerprint": hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32],
            "location": {"path": path, "lines": {"begin": f.location.line or 1}}}
