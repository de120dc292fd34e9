"""Baselines (findings already known) and waivers (findings accepted with a reason).

Findings are matched by their fingerprint (auditor.fingerprint): the same slip, wherever the
text has moved.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Optional

from auditor.errors import AuditorError
from auditor.fingerprint import fingerprint, normalise
from auditor.model import Finding
from auditor.output import safe_write

BASELINE_VERSION = 1


# ---------------------------------------------------------------- baselines

def baseline_entries(findings: Iterable[Finding]) -> list[dict[str, Any]]:
    return [{"fingerprint": fingerprint(f), "rule": f.rule, "document": f.document, "message": f.message,
             "excerpt": f.excerpt, "expected": f.expected, "found": f.found} for f in findings]


def write_baseline(path: str, results, inputs: Iterable[str] = ()) -> int:
    """Write the findings of results to path (never over one of the inputs); returns how many."""
    entries = []
    for result in results:
        for entry in baseline_entries(result.findings):
            entries.append({"pack": Path(result.pack.source).name, **entry})
    data = {"tool": "auditor", "version": BASELINE_VERSION, "created": date.today().isoformat(),
            "findings": entries}
    safe_write(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n", inputs)
    return len(entries)


def read_baseline(path: str) -> Counter:
    """fingerprint -> how many findings with it the baseline holds."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AuditorError(f"{path}: no such baseline file (make one with `auditor baseline PACK -o {path}`)") from None
    except (OSError, ValueError) as exc:
        raise AuditorError(f"{path}: not a baseline file ({exc})") from None
    except RecursionError:  # the json module recurses once per level of nesting
        raise AuditorError(f"{path}: not a baseline file (nested too deeply to read)") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise AuditorError(f"{path}: not a baseline file (no 'findings' list)")
    counts: Counter = Counter()
    for n, entry in enumerate(data["findings"], 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise AuditorError(f"{path}: finding {n} has no 'fingerprint'")
        counts[entry["fingerprint"]] += 1
    return counts


def new_findings(findings: list[Finding], known: Counter) -> tuple[list[Finding], int]:
    """The findings not in the baseline (counting repeats), and how many were hidden."""
    left = Counter(known)
    fresh, hidden = [], 0
    for f in findings:
        fp = fingerprint(f)
        if left[fp] > 0:
            left[fp] -= 1
            hidden += 1
        else:
            fresh.append(f)
    return fresh, hidden


# ---------------------------------------------------------------- waivers

@dataclass
class Waiver:
    reason: str
    by: str
    fingerprint: Optional[str] = None
    rule: Optional[str] = None
    document: Optional[str] = None
    contains: Optional[str] = None  # text the excerpt must contain
    expires: Optional[date] = None
    source: str = ""
    index: int = 0
    matched: int = 0

    def describe(self) -> str:
        what = self.fingerprint or " ".join(
            x for x in (self.rule, f"in '{self.document}'" if self.document else "",
                        f"containing '{self.contains}'" if self.contains else "") if x)
        return f"{self.source} waiver {self.index} ({what})"

    def expired(self, today: date) -> bool:
        return self.expires is not None and self.expires < today

    def matches(self, finding: Finding) -> bool:
        if self.fingerprint and self.fingerprint != fingerprint(finding):
            return False
        if self.rule and not (finding.rule == self.rule or finding.rule.startswith(self.rule + "-")):
            return False
        if self.document and normalise(self.document) != normalise(finding.document):
            return False
        if self.contains and normalise(self.contains) not in normalise(
                " ".join(str(x) for x in (finding.excerpt, finding.found, finding.message) if x)):
            return False
        return True

    def to_json(self) -> dict[str, Any]:
        data = {"reason": self.reason, "by": self.by, "expires": self.expires.isoformat() if self.expires else None}
        for key in ("fingerprint", "rule", "document", "contains"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        return data


@dataclass
class Accepted:
    finding: Finding
    waiver: Waiver


@dataclass
class WaiverOutcome:
    """What the waivers did across a whole run."""

    unmatched: list[Waiver] = field(default_factory=list)
    expired: list[Waiver] = field(default_factory=list)


def load_waivers(path: str) -> list[Waiver]:
    from auditor.safe_yaml import read_user_yaml

    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AuditorError(f"{path}: no such waivers file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AuditorError(f"{path}: not a valid waivers file ({exc})") from None
    data = read_user_yaml(text, path, AuditorError)
    entries = data.get("waivers") if isinstance(data, dict) else data
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise AuditorError(f"{path}: field 'waivers' must be a list")
    return [_parse_waiver(path, n, e) for n, e in enumerate(entries, 1)]


def _parse_waiver(path: str, n: int, entry: Any) -> Waiver:
    where = f"{path}: waiver {n}"
    if not isinstance(entry, dict):
        raise AuditorError(f"{where}: must be a mapping with reason, by and fingerprint or rule")
    known = {"reason", "by", "fingerprint", "rule", "document", "contains", "expires"}
    unknown = sorted(set(entry) - known)
    if unknown:
        raise AuditorError(f"{where}: unknown field '{unknown[0]}' (known: {', '.join(sorted(known))})")
    for name in ("reason", "by"):
        if not isinstance(entry.get(name), str) or not entry[name].strip():
            raise AuditorError(f"{where}: field '{name}' is required (why it is accepted, and who accepted it)")
    if not entry.get("fingerprint") and not entry.get("rule"):
        raise AuditorError(f"{where}: give a 'fingerprint' or a 'rule' to say which finding it accepts")
    expires = entry.get("expires")
    if expires is not None and not isinstance(expires, date):
        try:
            expires = date.fromisoformat(str(expires))
        except ValueError:
            raise AuditorError(f"{where}: field 'expires' must be a date YYYY-MM-DD") from None
    return Waiver(reason=entry["reason"].strip(), by=entry["by"].strip(), fingerprint=entry.get("fingerprint"),
                  rule=entry.get("rule"), document=entry.get("document"),
                  contains=None if entry.get("contains") is None else str(entry["contains"]),
                  expires=expires, source=Path(path).name, index=n)


def apply_waivers(findings: list[Finding], waivers: list[Waiver], today: date) -> tuple[list[Finding], list[Accepted]]:
    """Split findings into those still open and those accepted by a live waiver."""
    live = [w for w in waivers if not w.expired(today)]
    open_, accepted = [], []
    for f in findings:
        waiver = next((w for w in live if w.matches(f)), None)
        if waiver is None:
            open_.append(f)
        else:
            waiver.matched += 1
            accepted.append(Accepted(f, waiver))
    return open_, accepted


def waiver_outcome(waivers: list[Waiver], today: date) -> WaiverOutcome:
    return WaiverOutcome(unmatched=[w for w in waivers if not w.expired(today) and w.matched == 0],
                         expired=[w for w in waivers if w.expired(today)])
