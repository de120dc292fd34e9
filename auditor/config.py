"""Project configuration: [tool.auditor] in pyproject.toml, or an auditor.toml.

Found by walking up from the working directory; the first auditor.toml, or
pyproject.toml holding a [tool.auditor] table, wins. Paths in the file are relative
to the file's folder. Command-line flags win over the file.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Optional

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from auditor.errors import AuditorError
from auditor.model import MEETING_YEARS, SEVERITIES

FAIL_ON = ("error", "warning", "info", "never")
KEYS = {"rules", "select", "ignore", "severity", "fail-on", "meeting-date", "baseline", "waivers", "jobs"}


@dataclass
class Config:
    path: Optional[str] = None
    rules: list[str] = field(default_factory=list)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: Optional[str] = None
    meeting_date: Optional[str] = None
    baseline: Optional[str] = None
    waivers: Optional[str] = None
    jobs: Optional[int] = None


def find_config(start: Optional[Path] = None) -> Optional[Path]:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "auditor.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "auditor" in _read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def load_config(path: Optional[str] = None, search: bool = True) -> Config:
    """The config at `path`, or the one found upward from the working directory, or defaults."""
    if path is not None:
        found = Path(path)
        if not found.is_file():
            raise AuditorError(f"{path}: no such config file")
    else:
        found = find_config() if search else None
    if found is None:
        return Config()
    data = _read_toml(found)
    table = data.get("tool", {}).get("auditor") if found.name == "pyproject.toml" else data.get("tool", {}).get("auditor", data)
    if table is None:
        raise AuditorError(f"{found}: no [tool.auditor] table")
    return parse_config(table, found)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise AuditorError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise AuditorError(f"{path}: cannot read ({exc})") from None
    except RecursionError:  # tomllib recurses once per level of nested arrays and tables
        raise AuditorError(f"{path}: not valid TOML (nested too deeply)") from None


def parse_config(table: dict[str, Any], path: Path) -> Config:
    table = {k.replace("_", "-"): v for k, v in table.items()}
    where = f"{path}: [tool.auditor]" if path.name == "pyproject.toml" else str(path)
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise AuditorError(f"{where}: unknown key '{unknown[0]}' (known: {', '.join(sorted(KEYS))})")
    base = path.parent
    cfg = Config(path=str(path))
    cfg.rules = [str(base / p) for p in _str_list(table, "rules", where)]
    cfg.select = _str_list(table, "select", where)
    cfg.ignore = _str_list(table, "ignore", where)
    cfg.severity = _severities(table.get("severity", {}), where)
    cfg.fail_on = _choice(table, "fail-on", FAIL_ON, where)
    cfg.meeting_date = _date(table, where)
    cfg.baseline = str(base / table["baseline"]) if _str(table, "baseline", where) else None
    cfg.waivers = str(base / table["waivers"]) if _str(table, "waivers", where) else None
    if "jobs" in table:
        if not isinstance(table["jobs"], int) or isinstance(table["jobs"], bool) or table["jobs"] < 1:
            raise AuditorError(f"{where}: 'jobs' must be a whole number of at least 1")
        cfg.jobs = table["jobs"]
    return cfg


def _str(table, key, where) -> Optional[str]:
    value = table.get(key)
    if value is not None and not isinstance(value, str):
        raise AuditorError(f"{where}: '{key}' must be a string")
    return value


def _str_list(table, key, where) -> list[str]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise AuditorError(f"{where}: '{key}' must be a list of strings")
    return value


def _choice(table, key, choices, where) -> Optional[str]:
    value = _str(table, key, where)
    if value is not None and value not in choices:
        raise AuditorError(f"{where}: '{key}' must be one of {', '.join(choices)}")
    return value


def _date(table, where) -> Optional[str]:
    value = table.get("meeting-date")
    if value is None:
        return None
    try:
        parsed = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        raise AuditorError(f"{where}: 'meeting-date' must be a date YYYY-MM-DD") from None
    if parsed.year not in MEETING_YEARS:
        raise AuditorError(f"{where}: 'meeting-date' must be in a year between {MEETING_YEARS[0]} and {MEETING_YEARS[-1]}")
    return parsed.isoformat()


def _severities(value, where) -> dict[str, str]:
    if not isinstance(value, dict):
        raise AuditorError(f"{where}: 'severity' must be a table of rule id = \"error\" | \"warning\" | \"info\"")
    for rule_id, sev in value.items():
        if sev not in SEVERITIES:
            raise AuditorError(f"{where}: severity of '{rule_id}' must be one of {', '.join(SEVERITIES)}")
    return dict(value)


def apply_severity_overrides(rules, overrides: dict[str, str]):
    """Rules with their severity replaced as configured; an id or prefix matching no rule is an error."""
    unknown = [k for k in overrides if not any(r.id == k or r.id.startswith(k) for r in rules)]
    if unknown:
        raise AuditorError(f"severity override for {', '.join(repr(u) for u in unknown)}: no such rule (see `auditor rules`)")
    for rule in rules:
        match = max((k for k in overrides if rule.id == k or rule.id.startswith(k)), key=len, default=None)
        if match is not None:
            rule.severity = overrides[match]
    return rules


STARTER = '''\
# auditor configuration. auditor reads this file from the folder you run it in or any folder above.
# (You can put the same keys under [tool.auditor] in pyproject.toml instead.)
# Paths are relative to this file. Options given on the command line win over this file.

# Extra folders (or files) of YAML rules, on top of the rules auditor ships with.
# rules = ["rules/local"]

# Run only these rules (ids or id prefixes, e.g. "draft-"), or skip some.
# select = []
# ignore = ["draft-empty-link"]

# Exit with code 1 when a finding at or above this severity is reported: error, warning, info, never.
fail-on = "error"

# Judge dates (deadlines, "last meeting") against this meeting date instead of the one in the pack.
# meeting-date = "2025-01-21"

# Report only findings not in this baseline (make it with `auditor baseline PACK -o .auditor-baseline.json`).
# baseline = ".auditor-baseline.json"

# Findings accepted with a reason, who accepted them and an optional expiry date (YAML).
# waivers = ".auditor-waivers.yaml"

# Packs audited in parallel when checking a folder.
# jobs = 2

# Change the severity of a rule (by id or id prefix).
[severity]
# "draft-empty-link" = "info"
'''


def write_starter(path: Path, force: bool = False) -> None:
    from auditor.output import safe_write

    safe_write(str(path), STARTER, overwrite=force)
