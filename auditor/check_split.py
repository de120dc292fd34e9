"""Run a pack's rules in two processes on a machine with two or more cores.

After the pack is parsed the process forks once: the child runs some rules, the parent the others,
and the child sends back its findings and warnings pickled. Where a rule runs follows from the fact
families its kind declares it needs (`@register(..., needs=...)`, auditor.facts.pack_facts): kinds
that need a family, or a family it is built from, are in one group, so each family is still built
once; the groups that need a family of CHILD_FAMILIES go to the child, every other rule stays in the
parent. A new kind is placed by its declared needs alone. The caller merges the outcomes in rule
order, so findings, warnings and their order are those of a serial run.

Only where os.fork exists, on packs big enough to pay for it, never inside a worker process of
`--jobs` (already one process per core), and not when AUDITOR_CHECK_PROCESSES=1. If the child
fails in any way its rules are run again in the parent.
"""
from __future__ import annotations

import os
import pickle
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional

from auditor.facts.pack_facts import with_sources
from auditor.processes import block_interrupts, ignore_interrupts
from auditor.processes import in_worker_process as _in_worker_process
from auditor.processes import usable_cpus as _usable_cpus

# About half of the check time on council packs: the dates and the prose claims are two of the three
# costliest fact families (the fact index, the third, stays in the parent with the cheaper kinds).
CHILD_FAMILIES = frozenset({"dates", "claims"})
MIN_TEXT_CHARS = 30_000  # below this, forking costs more than it saves


@dataclass
class RuleOutcome:
    findings: list = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # added to ctx.warnings while the rule ran
    error: Optional[BaseException] = None  # an AuditorError: stops the run, as in a serial run


def child_rules(rules, needs_of: Callable[[str], Iterable[str]]) -> list[int]:
    """The indexes of the rules to run in the child. needs_of(kind name) gives the families it needs.

    Families needed by one kind are joined (it must see each built once); the rules whose joined
    families hold one of CHILD_FAMILIES, or a family one of them is built from, go to the child."""
    parent: dict[str, str] = {}

    def root(f: str) -> str:
        while parent.setdefault(f, f) != f:
            f = parent[f]
        return f

    families = [sorted(with_sources(needs_of(r.kind))) for r in rules]
    for fams in families:
        for f in fams[1:]:
            parent[root(f)] = root(fams[0])
    to_child = {root(f) for f in with_sources(CHILD_FAMILIES)}
    return [i for i, fams in enumerate(families) if any(root(f) in to_child for f in fams)]


def worth_splitting(pack, rules, needs_of: Callable[[str], Iterable[str]]) -> bool:
    if not hasattr(os, "fork") or os.environ.get("AUDITOR_CHECK_PROCESSES") == "1":
        return False
    if _usable_cpus() < 2 or _in_worker_process():
        return False
    child = len(child_rules(rules, needs_of))
    if child == 0 or child == len(rules):
        return False
    return _text_chars(pack) >= MIN_TEXT_CHARS


def run_split(pack, rules, ctx, run_one: Callable[[Any, Any, Any], list], abort_error: type,
              needs_of: Callable[[str], Iterable[str]], progress=None) -> list[RuleOutcome]:
    """One RuleOutcome per rule, in rule order. run_one(pack, rule, ctx) is the serial runner."""
    in_child = child_rules(rules, needs_of)
    in_parent = [i for i in range(len(rules)) if i not in set(in_child)]
    read_fd, write_fd = os.pipe()
    block_interrupts(True)  # until the child ignores Ctrl-C: it must never unwind the parent's stack
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        ignore_interrupts()  # Ctrl-C is the parent's: it ends the child
        os.close(read_fd)
        _child_main(write_fd, pack, rules, in_child, ctx, run_one, abort_error)
    outcomes: dict[int, RuleOutcome] = {}
    try:
        os.close(write_fd)
        block_interrupts(False)  # a Ctrl-C pressed since the fork is raised here
        for i in in_parent:
            outcomes[i] = _outcome(pack, rules[i], ctx, run_one, abort_error)
            if progress:
                progress()
        with os.fdopen(read_fd, "rb") as fh:
            read_fd = None
            data = fh.read()
    except BaseException:  # Ctrl-C or a failure here: the child's work is not wanted any more
        _kill(pid)
        raise
    finally:
        if read_fd is not None:
            os.close(read_fd)
        _, status = os.waitpid(pid, 0)
    from_child = _load(data) if status == 0 else None
    for i in in_child:  # the child's results, or the rules run again here if it failed
        outcomes[i] = from_child[i] if from_child is not None else _outcome(pack, rules[i], ctx, run_one, abort_error)
        if progress:
            progress()
    return [outcomes[i] for i in range(len(rules))]


def _kill(pid: int) -> None:
    import signal

    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _child_main(write_fd, pack, rules, indexes, ctx, run_one, abort_error) -> None:
    code = 1
    try:
        _fresh_stdio()
        outcomes = {i: _outcome(pack, rules[i], ctx, run_one, abort_error) for i in indexes}
        data = pickle.dumps(outcomes, protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_fd, "wb") as fh:
            fh.write(data)
        code = 0
    except BaseException:  # noqa: BLE001 - any failure: the parent runs these rules itself
        pass
    finally:
        os._exit(code)  # no atexit handlers, no flushing of the parent's buffered output


def _fresh_stdio() -> None:
    """New file objects on the same descriptors: another thread of the parent (a progress bar
    refreshing) may have held the old ones' locks at the fork, and the child would block on them."""
    import sys

    sys.stdout = open(1, "w", encoding=getattr(sys.stdout, "encoding", None) or "utf-8", closefd=False)
    sys.stderr = open(2, "w", encoding=getattr(sys.stderr, "encoding", None) or "utf-8", closefd=False)


def _outcome(pack, rule, ctx, run_one, abort_error) -> RuleOutcome:
    """The rule's findings and the warnings it added, taken back out of ctx.warnings: the caller
    adds every rule's warnings in rule order."""
    before = len(ctx.warnings)
    outcome = RuleOutcome()
    try:
        outcome.findings = run_one(pack, rule, ctx)
    except abort_error as exc:
        outcome.error = exc
    outcome.warnings = ctx.warnings[before:]
    del ctx.warnings[before:]
    return outcome


def _load(data: bytes) -> Optional[dict[int, RuleOutcome]]:
    try:
        return pickle.loads(data)
    except Exception:  # noqa: BLE001 - truncated or unreadable: run the rules here
        return None


def _text_chars(pack) -> int:
    return sum(len(block.text or "") for _, block in pack.iter_blocks())
