"""Check kinds, registered by name. A rule (YAML) picks a kind and sets its parameters.

A kind is a function (pack, rule, params, context) -> iterable of Findings, declared with
@register("kind-name", params={...}, needs=(...)) where params maps each parameter to
(type, default) and needs names the fact families it reads (auditor.facts.pack_facts.FAMILIES),
which it reaches through `ctx.facts_of(pack)`. Each kind lives in its own module in this package.
"""
from __future__ import annotations

import difflib
import importlib
import pkgutil
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional

import regex

from auditor import check_split
from auditor.errors import AuditorError, RuleFileError
from auditor.facts.pack_facts import FAMILIES, PackFacts
from auditor.model import Finding, Pack
from auditor.resources import CHECK_GC_THRESHOLD, fewer_collections  # noqa: F401 (the tests read the threshold here)

_TYPES = {str: "a string", int: "an integer", float: "a number", bool: "true or false",
          list: "a list", dict: "a mapping"}


@dataclass
class Kind:
    """A kind of check. params maps each parameter to (type, default) or (type, default, choices):
    a parameter with choices takes only those values (each item of a list, or the one string)."""

    name: str
    func: Callable[..., Iterable[Finding]]
    params: dict[str, tuple]
    doc: str = ""
    needs: tuple[str, ...] = ()  # the fact families it reads (auditor.facts.pack_facts.FAMILIES)

    def validate(self, params: dict[str, Any], where: str) -> None:
        for key, value in params.items():
            if key not in self.params:
                known = ", ".join(sorted(self.params)) or "none"
                raise RuleFileError(f"{where}: unknown field '{key}' for kind '{self.name}'{_did_you_mean(key, self.params)}"
                                    f" (known: {known})")
            expected, _, choices = (*self.params[key], None)[:3]
            ok = isinstance(value, expected) or (expected is float and isinstance(value, int))
            if not ok or (expected is int and isinstance(value, bool)):
                raise RuleFileError(f"{where}: field '{key}' must be {_TYPES.get(expected, expected.__name__)}")
            for item in (value if isinstance(value, list) else [value]) if choices else ():
                if item not in choices:
                    raise RuleFileError(f"{where}: field '{key}' has {item!r}{_did_you_mean(str(item), choices)}; "
                                        f"choose from {', '.join(map(str, choices))}")
        validator = getattr(self.func, "validate_params", None)
        if validator:
            validator(params, where)

    def defaults(self) -> dict[str, Any]:
        return {k: spec[1] for k, spec in self.params.items()}

    def choices(self, name: str):
        spec = self.params.get(name, ())
        return spec[2] if len(spec) > 2 else None

    def resolved(self, params: dict[str, Any]) -> dict[str, Any]:
        out = self.defaults()
        out.update(params)
        return out


def _did_you_mean(word: str, known) -> str:
    close = difflib.get_close_matches(word, [str(k) for k in known], n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


KINDS: dict[str, Kind] = {}


def register(name: str, params: dict[str, tuple] | None = None, needs: tuple[str, ...] = ()):
    unknown = [n for n in needs if n not in FAMILIES]
    if unknown:
        raise ValueError(f"kind {name!r} needs unknown fact families {unknown} (known: {', '.join(FAMILIES)})")

    def wrap(func):
        KINDS[name] = Kind(name, func, params or {}, (func.__doc__ or "").strip(), tuple(needs))
        return func

    return wrap


def load_kinds() -> None:
    """Import every module of this package so each registers its kinds."""
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")


@dataclass
class Context:
    """Shared per-pack state for checks: options, the pack's facts, and the checks' own caches."""

    options: dict[str, Any] = field(default_factory=dict)
    _cache: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    facts: Optional[PackFacts] = None

    def facts_of(self, pack: Pack) -> PackFacts:
        """The pack's facts (auditor.facts.pack_facts), built with the run's options on first use."""
        if self.facts is None or self.facts.pack is not pack:
            self.facts = PackFacts(pack, meeting_date=self.options.get("meeting_date"))
        return self.facts

    def cached(self, key: str, build: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]


PATTERN_TIME_LIMIT = 2.0  # seconds one pattern of a rule file may take on one paragraph, cell or label


class RulePattern:
    """A pattern of a user's rule file, matched with a time limit.

    Patterns with a repeat inside a repeat are refused when the file is read (`regex_hazard`),
    but other shapes backtrack too ('(a|aa)+$'), and a rule file is anyone's to write. The
    `regex` module stops a match that runs past PATTERN_TIME_LIMIT, and the audit ends with one
    line naming the rule and the pattern instead of running for hours. (The limit costs some
    microseconds a match: the shipped files' own patterns, tested with the project, go without.)"""

    def __init__(self, pattern: str, flags: int, where: str):
        self.pattern, self.where = pattern, where
        self._compiled = regex.compile(pattern, flags)

    def search(self, text: str):
        try:
            return self._compiled.search(text, timeout=PATTERN_TIME_LIMIT)
        except TimeoutError:
            raise self._stopped(text) from None

    def finditer(self, text: str) -> list:
        try:
            return list(self._compiled.finditer(text, timeout=PATTERN_TIME_LIMIT))
        except TimeoutError:
            raise self._stopped(text) from None

    def _stopped(self, text: str) -> RuleFileError:
        return RuleFileError(f"{self.where}: pattern {self.pattern!r} took more than {PATTERN_TIME_LIMIT:g} s on a "
                             f"text of {len(text):,} characters and was stopped; make it simpler (fewer "
                             "alternatives and repeats that can match the same text)")


def compile_pattern(pattern: str, where: str, ignore_case: bool = True):
    """The compiled pattern of a rule file (an re.Pattern, or a RulePattern for a user's own)."""
    if not isinstance(pattern, str):  # `pattern: 123` in YAML is a number
        raise RuleFileError(f"{where}: the pattern must be text in quotes, not {str(pattern)[:60]!r}")
    flags = re.I if ignore_case else 0
    try:
        compiled = re.compile(pattern, flags)
    except (re.error, RecursionError, OverflowError) as exc:
        raise RuleFileError(f"{where}: pattern {pattern!r} does not compile ({exc})") from None
    from auditor.regex_safety import SHIPPED_TEXTS, regex_hazard

    hazard = regex_hazard(pattern)
    if hazard:
        raise RuleFileError(f"{where}: pattern {pattern!r} has {hazard}, which can take exponential time on "
                            "text that almost matches; write the inner repeat once, or make it possessive ('a++')")
    if pattern in SHIPPED_TEXTS:
        return compiled
    try:
        return RulePattern(pattern, flags, where)
    except (regex.error, RecursionError, OverflowError):  # Python's re took it: match it as re does
        return compiled


def run_checks(pack: Pack, rules, options: dict[str, Any] | None = None, progress=None) -> list[Finding]:
    load_kinds()
    ctx = Context(options=dict(options or {}))
    ctx.facts_of(pack)
    findings: list[Finding] = []
    with fewer_collections():
        if check_split.worth_splitting(pack, rules, _needs_of):
            for outcome in check_split.run_split(pack, rules, ctx, _run_rule, AuditorError, _needs_of, progress):
                if outcome.error is not None:
                    raise outcome.error
                findings.extend(outcome.findings)
                ctx.warnings.extend(outcome.warnings)
        else:
            for rule in rules:
                findings.extend(_run_rule(pack, rule, ctx))
                if progress:
                    progress()
    pack.warnings.extend(w for w in ctx.warnings if w not in pack.warnings)
    findings.sort(key=lambda f: _order_key(pack, f))
    return _dedupe(findings)


def _needs_of(kind: str) -> tuple[str, ...]:
    """The fact families a kind declares it needs (for the two-process split)."""
    return KINDS[kind].needs if kind in KINDS else ()


def _run_rule(pack: Pack, rule, ctx: Context) -> list[Finding]:
    """One rule's findings. A bug in a check costs that rule's findings, not the whole report."""
    kind = KINDS[rule.kind]
    params = kind.resolved(rule.params)
    try:
        found = list(kind.func(pack, rule, params, ctx) or ())
    except AuditorError:
        raise
    except Exception as exc:  # noqa: BLE001 - reported as a warning naming the rule
        ctx.warnings.append(f"rule {rule.id} could not run ({type(exc).__name__}: {exc}); "
                            f"its findings are missing from this report")
        return []
    for finding in found:
        finding.rule = rule.id
        finding.severity = finding.severity or rule.severity
    return found


def _order_key(pack: Pack, f: Finding):
    doc_index = next((i for i, d in enumerate(pack.documents) if d.title == f.document), len(pack.documents))
    loc = f.location
    return (doc_index, loc.page or 0, loc.line or 0, loc.paragraph or 0, f.rule)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen = set()
    out = []
    for f in findings:
        key = (f.rule, f.document, f.location, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
