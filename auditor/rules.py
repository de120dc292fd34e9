"""Declarative rules: YAML files that configure registered check kinds. A rule file never holds code."""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

from auditor.errors import RuleFileError
from auditor.model import SEVERITIES
from auditor.regex_safety import SHIPPED_TEXTS
from auditor.resources import shipped_rules_dir  # noqa: F401 (part of this module's API)
from auditor.safe_yaml import read_user_yaml
ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")
COMMON_FIELDS = {"id", "kind", "severity", "description", "enabled", "example", "pass_example"}


@dataclass
class Rule:
    id: str
    kind: str
    severity: str
    description: str
    params: dict[str, Any] = field(default_factory=dict)
    enabled: bool = True
    example: str = ""  # a small pack (Markdown) with the slip the rule finds
    pass_example: str = ""  # the same pack without the slip: the rule stays quiet on it
    source: str = ""

    def param(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)


def load_rules(extra_dirs: Iterable[str] = (), include_shipped: bool = True,
               warn: Optional[Callable[[str], None]] = None) -> list[Rule]:
    """The shipped rules and those in extra_dirs. A user's rule with a shipped rule's id replaces it
    (documented: how a shipped rule is retuned); two rules of the same id otherwise are a slip, and
    warn() is told of it, naming both files (the last one read wins). warn defaults to stderr."""
    from auditor.checks import KINDS, load_kinds

    load_kinds()
    shipped: list[Path] = []
    if include_shipped:
        shipped = sorted(shipped_rules_dir().glob("*.y*ml"))
        if not shipped:
            raise RuleFileError(f"{shipped_rules_dir()}: the shipped rule files are missing (reinstall auditor)")
    rules: dict[str, Rule] = {}
    for f in shipped:
        _add_rules(rules, parse_rule_file(f, KINDS, trusted=True), warn)
    not_yet_replaced = set(rules)
    for f in _user_rule_files(extra_dirs, skip=shipped):
        _add_rules(rules, parse_rule_file(f, KINDS), warn, replaceable=not_yet_replaced)
    return list(rules.values())


def _user_rule_files(extra_dirs: Iterable[str], skip: Iterable[Path] = ()) -> list[Path]:
    """The rule files of extra_dirs, each once (a folder named in the config and by --rules too)."""
    files: list[Path] = []
    for d in extra_dirs:
        p = Path(d)
        if p.is_file():
            files.append(p)
        elif p.is_dir():
            files.extend(sorted(list(p.glob("*.yaml")) + list(p.glob("*.yml"))))
        else:
            raise RuleFileError(f"{d}: no such rules directory or file")
    seen = {f.resolve() for f in skip}
    unique = []
    for f in files:
        if f.resolve() not in seen:
            seen.add(f.resolve())
            unique.append(f)
    return unique


def _add_rules(rules: dict[str, Rule], new: list[Rule], warn, replaceable: Optional[set] = None) -> None:
    """Add new to rules by id; replaceable: the shipped ids a user's rule may still replace once."""
    for rule in new:
        earlier = rules.get(rule.id)
        if earlier is not None and replaceable is not None and rule.id in replaceable:
            replaceable.discard(rule.id)
        elif earlier is not None:
            (warn or _warn_on_stderr)(_duplicate_message(rule, earlier))
        rules[rule.id] = rule


def _duplicate_message(rule: Rule, earlier: Rule) -> str:
    if rule.source == earlier.source:
        return f"rule id '{rule.id}' is defined twice in {rule.source}; the later one is used"
    return (f"rule id '{rule.id}' is defined twice, in {earlier.source} and in {rule.source}; "
            f"the one in {rule.source} is used")


def _warn_on_stderr(message: str) -> None:
    print(f"auditor: warning: {message}", file=sys.stderr)


def parse_rule_file(path: Path, kinds: dict, trusted: bool = False) -> list[Rule]:
    """The rules of one file. A trusted (shipped) file is not checked against the YAML bounds."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(f"{path}: cannot read ({exc})") from None
    data = read_user_yaml(text, str(path), bounded=not trusted)
    if data is None:
        return []
    entries = data.get("rules") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise RuleFileError(f"{path}: field 'rules' must be a list of rules")
    if trusted:
        SHIPPED_TEXTS.update(_strings_in(entries))
    return [_parse_rule(path, n, entry, kinds) for n, entry in enumerate(entries, 1)]


def _strings_in(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings_in(item)


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
                pass_example=str(entry.get("pass_example", "")).strip(), source=str(path))


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
