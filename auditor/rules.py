"""Declarative rules: YAML files that configure registered check kinds. A rule file never holds code."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

import yaml

from auditor.errors import RuleFileError

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")
COMMON_FIELDS = {"id", "kind", "severity", "description", "enabled", "example"}


@dataclass
class Rule:
    id: str
    kind: str
    severity: str
    description: str
    params: dict[str, Any] = field(default_factory=dict)
    enabled: bool = True
    example: str = ""
    source: str = ""

    def param(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)


def shipped_rules_dir() -> Path:
    """The rules/ directory: packaged inside the wheel as auditor/rules_data, or the repo's rules/."""
    package_dir = Path(__file__).resolve().parent
    installed = package_dir / "rules_data"
    if installed.is_dir():
        return installed
    return package_dir.parent / "rules"  # a source checkout or editable install


def load_rules(extra_dirs: Iterable[str] = (), include_shipped: bool = True) -> list[Rule]:
    from auditor.checks import KINDS, load_kinds

    load_kinds()
    files: list[Path] = []
    if include_shipped:
        shipped = sorted(shipped_rules_dir().glob("*.y*ml"))
        if not shipped:
            raise RuleFileError(f"{shipped_rules_dir()}: the shipped rule files are missing (reinstall auditor)")
        files.extend(shipped)
    for d in extra_dirs:
        p = Path(d)
        if p.is_file():
            files.append(p)
        elif p.is_dir():
            files.extend(sorted(list(p.glob("*.yaml")) + list(p.glob("*.yml"))))
        else:
            raise RuleFileError(f"{d}: no such rules directory or file")
    rules: dict[str, Rule] = {}
    for f in files:
        for rule in parse_rule_file(f, KINDS):
            rules[rule.id] = rule  # a user's rule with the same id replaces the shipped one
    return list(rules.values())


def _load_yaml(text: str):
    """yaml.safe_load, with libyaml's parser when PyYAML has it (about 10x faster); a file it
    rejects is read again by the pure-Python parser, whose error message and line are reported."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.load(text, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)


def parse_rule_file(path: Path, kinds: dict) -> list[Rule]:
    try:
        data = _load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise RuleFileError(f"{path}:{where} not valid YAML ({getattr(exc, 'problem', exc)})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(f"{path}: cannot read ({exc})") from None
    if data is None:
        return []
    entries = data.get("rules") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise RuleFileError(f"{path}: field 'rules' must be a list of rules")
    return [_parse_rule(path, n, entry, kinds) for n, entry in enumerate(entries, 1)]


def _parse_rule(path: Path, n: int, entry: Any, kinds: dict) -> Rule:
    where = f"{path}: rule {n}"
    if not isinstance(entry, dict):
        raise RuleFileError(f"{where}: must be a mapping with id, kind, severity, description")
    for name in ("id", "kind", "severity", "description"):
        if name not in entry:
            raise RuleFileError(f"{where}: missing field '{name}'")
        if not isinstance(entry[name], str) or not entry[name].strip():
            raise RuleFileError(f"{where}: field '{name}' must be a non-empty string")
    rid = entry["id"]
    where = f"{path}: rule '{rid}'"
    if not ID_RE.match(rid):
        raise RuleFileError(f"{where}: field 'id' may hold only letters, digits, '.', '_' and '-'")
    if entry["kind"] not in kinds:
        raise RuleFileError(f"{where}: field 'kind': unknown kind '{entry['kind']}' (known: {', '.join(sorted(kinds))})")
    if entry["severity"] not in SEVERITIES:
        raise RuleFileError(f"{where}: field 'severity' must be one of {', '.join(SEVERITIES)}")
    if "enabled" in entry and not isinstance(entry["enabled"], bool):
        raise RuleFileError(f"{where}: field 'enabled' must be true or false")
    params = {k: v for k, v in entry.items() if k not in COMMON_FIELDS}
    kind = kinds[entry["kind"]]
    kind.validate(params, where)
    return Rule(id=rid, kind=entry["kind"], severity=entry["severity"], description=entry["description"].strip(),
                params=params, enabled=entry.get("enabled", True), example=str(entry.get("example", "")).strip(),
                source=str(path))


def select_rules(rules: list[Rule], select: Optional[list[str]] = None, ignore: Optional[list[str]] = None) -> list[Rule]:
    """--select/--ignore by id or id prefix. A rule off by default runs only when selected by its id."""

    def matches(rule: Rule, patterns: list[str]) -> bool:
        return any(rule.id == p or rule.id.startswith(p) or rule.kind == p for p in patterns)

    chosen = []
    for rule in rules:
        if select and not matches(rule, select):
            continue
        if not rule.enabled and rule.id not in (select or []):
            continue
        if ignore and matches(rule, ignore):
            continue
        chosen.append(rule)
    return chosen


def unknown_selectors(rules: list[Rule], patterns: list[str]) -> list[str]:
    return [p for p in patterns if not any(r.id == p or r.id.startswith(p) or r.kind == p for r in rules)]


def rules_dirs_from_env() -> list[str]:
    value = os.environ.get("AUDITOR_RULES", "")
    return [p for p in value.split(os.pathsep) if p]
