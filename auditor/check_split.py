"""Run a pack's rules in two processes on a machine with two or more cores.

After the pack is parsed the process forks once: the child runs some rules, the parent the others,
and the child sends back its findings and warnings pickled. Where a rule runs follows from the fact
families its kind declares it needs (`@register(..., needs=...)`, auditor.facts.pack_facts): kinds
that need a family, or a family it is built from, are in one group, so each family is still built
once; the groups that need a family of CHILD_FAMILIES go to the child, the other groups stay in the
parent. A new kind is placed by its declared needs alone. The rules that need no family are shared:
each process, its own group done, takes the next of them from a queue (a pipe both read), so the
one that finishes first does more of them and neither waits for the other. The caller merges the
outcomes in rule order, so findings, warnings and their order are those of a serial run.

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


def shared_rules(rules, needs_of: Callable[[str], Iterable[str]]) -> list[int]:
    """The indexes of the rules that need no fact family: either process may run them."""
    return [i for i, rule in enumerate(rules) if not with_sources(needs_of(rule.kind))]


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
    shared = [i for i in shared_rules(rules, needs_of) if i not in set(in_child)]
    if len(shared) * _INDEX_BYTES > QUEUE_BYTES:
        shared = []  # (never with rule files of a sane size) the parent runs them
    placed = set(in_child) | set(shared)
    in_parent = [i for i in range(len(rules)) if i not in placed]
    queue_fd = _queue_of(shared)
    read_fd, write_fd = os.pipe()
    block_interrupts(True)  # until the child ignores Ctrl-C: it must never unwind the parent's stack
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        ignore_interrupts()  # Ctrl-C is the parent's: it ends the child
        os.close(read_fd)
        _child_main(write_fd, queue_fd, pack, rules, in_child, ctx, run_one, abort_error)
    outcomes: dict[int, RuleOutcome] = {}
    try:
        os.close(write_fd)
        block_interrupts(False)  # a Ctrl-C pressed since the fork is raised here
        for i in _own_then_shared(in_parent, queue_fd):
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
        os.close(queue_fd)
        if read_fd is not None:
            os.close(read_fd)
        _, status = os.waitpid(pid, 0)
    from_child = _load(data) if status == 0 else None
    for i in range(len(rules)):  # the child's results, or its rules run again here if it failed
        if i not in outcomes:
            outcomes[i] = from_child[i] if from_child is not None else _outcome(pack, rules[i], ctx, run_one,
                                                                                 abort_error)
            if progress:
                progress()
    return [outcomes[i] for i in range(len(rules))]


_INDEX_BYTES = 4  # a rule's index in the queue
QUEUE_BYTES = 4096  # the queue is written whole before anyone reads it: it must fit a pipe's buffer


def _queue_of(indexes: list[int]) -> int:
    """A pipe holding the indexes, its writing end closed: each read of _INDEX_BYTES takes the next
    one, in whichever process reads first (a read from a pipe is atomic); an empty read, the end."""
    read_fd, write_fd = os.pipe()
    try:
        os.write(write_fd, b"".join(i.to_bytes(_INDEX_BYTES, "big") for i in indexes))
    finally:
        os.close(write_fd)
    return read_fd


def _own_then_shared(own: list[int], queue_fd: int):
    yield from own
    while len(taken := os.read(queue_fd, _INDEX_BYTES)) == _INDEX_BYTES:
        yield int.from_bytes(taken, "big")


def _kill(pid: int) -> None:
    import signal

    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _child_main(write_fd, queue_fd, pack, rules, indexes, ctx, run_one, abort_error) -> None:
    code = 1
    try:
        _fresh_stdio()
        outcomes = {i: _outcome(pack, rules[i], ctx, run_one, abort_error)
                    for i in _own_then_shared(indexes, queue_fd)}
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
