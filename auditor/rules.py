"""Declarative rules: YAML files that configure registered check kinds. A rule file never holds code."""
from __future__ import annotations

import functools
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

import yaml

from auditor.errors import RuleFileError
from auditor.resources import shipped_rules_dir  # noqa: F401 (part of this module's API)

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


def _load_yaml(text: str):
    """yaml.safe_load, with libyaml's parser when PyYAML has it (about 10x faster); a file it
    rejects is read again by the pure-Python parser, whose error message and line are reported."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.load(text, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.load(text, Loader=_BoundedSafeLoader)


# A rule file is a few kilobytes, a few levels deep, with a handful of anchors. Far beyond that is
# a file made to exhaust memory or the stack: an alias bomb (anchors of anchors, each one expanding
# tenfold), or thousands of nested brackets.
MAX_YAML_CHARS = 1_000_000
MAX_YAML_DEPTH = 64
MAX_YAML_VALUES = 200_000  # scalars and collections in the document, every alias expanded


class YamlLimitError(yaml.YAMLError):
    """A YAML file beyond the bounds above (reported like a syntax error, with its line)."""

    def __init__(self, problem: str, mark=None):
        super().__init__(problem)
        self.problem, self.problem_mark = problem, mark


class _BoundedSafeLoader(yaml.SafeLoader):
    """SafeLoader whose recursive composer stops at MAX_YAML_DEPTH instead of the Python stack."""

    _depth = 0

    def compose_node(self, parent, index):
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                raise YamlLimitError(f"nested more than {MAX_YAML_DEPTH} levels deep", self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def check_yaml_bounds(text: str) -> None:
    """Raise YamlLimitError if the text is too long, too deep, or expands too far through aliases.

    Reads the event stream only, no document is built: the size of each anchored value with its
    aliases expanded is added up as the events come, so an alias bomb is refused before it exists."""
    if len(text) > MAX_YAML_CHARS:
        raise YamlLimitError(f"{len(text):,} characters, more than the {MAX_YAML_CHARS:,} allowed")
    try:
        _walk_events(yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    except YamlLimitError:
        raise
    except yaml.YAMLError:  # the pure-Python parser (not recursive) gives the better message and line
        _walk_events(yaml.parse(text, Loader=yaml.SafeLoader))


def _walk_events(events) -> None:
    open_values: list[list] = []  # [anchor, values so far] of each collection being read
    anchored: dict[str, int] = {}
    closed = 0  # values of the top-level collections already read
    for event in events:
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            if len(open_values) >= MAX_YAML_DEPTH:
                raise YamlLimitError(f"nested more than {MAX_YAML_DEPTH} levels deep", event.start_mark)
            open_values.append([event.anchor, 1])
            continue
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            anchor, values = open_values.pop()
        elif isinstance(event, yaml.AliasEvent):
            anchor, values = None, anchored.get(event.anchor, 1)
        elif isinstance(event, yaml.ScalarEvent):
            anchor, values = event.anchor, 1
        else:
            continue
        if anchor is not None:
            anchored[anchor] = values
        if open_values:
            open_values[-1][1] += values
        else:
            closed += values
        if closed + sum(v for _, v in open_values) > MAX_YAML_VALUES:
            raise YamlLimitError(f"more than {MAX_YAML_VALUES:,} values once its aliases are expanded "
                                 "(an alias bomb?)", event.start_mark)


def read_user_yaml(text: str, where: str, error: type = RuleFileError, bounded: bool = True):
    """YAML text parsed safely; any problem is one `error` naming `where` (and the line, if known)."""
    try:
        if bounded:
            check_yaml_bounds(text)
        return _load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        verdict = "refused" if isinstance(exc, YamlLimitError) else "not valid YAML"
        raise error(f"{where}:{line} {verdict} ({problem})") from None
    except (RecursionError, MemoryError):
        raise error(f"{where}: too large or too deeply nested to read as YAML") from None


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


# Every string written in the shipped rule files. A pattern among them was written and tested with
# the project (tests, bench/adversarial.py) and is matched by Python's re with no time limit; any
# other pattern is a user's and is matched with one (auditor.checks.RulePattern).
SHIPPED_TEXTS: set[str] = set()


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


# ---------------------------------------------------------------- user regular expressions

def _sre():
    """Python's own regex parser and its opcodes (renamed private modules since Python 3.11)."""
    try:
        from re import _constants, _parser
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_constants as _constants
        import sre_parse as _parser
    return _parser, _constants


@functools.lru_cache(maxsize=1024)
def regex_hazard(pattern: str) -> Optional[str]:
    """Why pattern may take exponential time on text that nearly matches, or None.

    Python's engine backtracks: a repeat of something that can itself match a run of text in more
    than one way, as in '(a+)+$' or '(\\w+\\s?)*$', tries every way to split the run before it
    fails. Such a pattern is refused when the rule file is read, instead of hanging on a pack."""
    parser, _ = _sre()
    try:
        tree = parser.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return None  # re.compile reports it
    return _first_nested_repeat(tree)


def _first_nested_repeat(tree) -> Optional[str]:
    _, c = _sre()
    for op, av in tree:
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            low, high, body = av
            if _varies(low, high) and _splits(body):
                return "a repeat inside a repeat, as in '(a+)+'"
            inner = [body]
        elif op is getattr(c, "POSSESSIVE_REPEAT", None):  # never backtracks into: only its body matters
            inner = [av[2]]
        elif op is c.SUBPATTERN:
            inner = [av[-1]]
        elif op is getattr(c, "ATOMIC_GROUP", None):
            inner = [av]
        elif op in (c.ASSERT, c.ASSERT_NOT):
            inner = [av[1]]
        elif op is c.BRANCH:
            inner = av[1]
        elif op is c.GROUPREF_EXISTS:
            inner = [branch for branch in av[1:] if branch is not None]
        else:
            inner = []
        found = next((h for sub in inner if (h := _first_nested_repeat(sub))), None)
        if found:
            return found
    return None


def _varies(low: int, high: int) -> bool:
    return high > 1 and high != low


def _splits(body) -> bool:
    """Can body, repeated, match one run of text in several ways? When one of its items is a
    variable repeat and everything else in it may match nothing, the run can be cut anywhere."""
    items = list(body)
    return any(_variable_part(item) and all(_may_be_empty(body, other) for j, other in enumerate(items) if j != i)
               for i, item in enumerate(items))


def _variable_part(item) -> bool:
    _, c = _sre()
    op, av = item
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        return _varies(av[0], av[1])
    if op is c.SUBPATTERN:
        return _splits(av[-1])
    if op is c.BRANCH:
        return any(_splits(branch) for branch in av[1])
    return False


def _may_be_empty(body, item) -> bool:
    return body.__class__(body.state, [item]).getwidth()[0] == 0
