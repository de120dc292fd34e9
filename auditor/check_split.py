"""Run a pack's rules in two processes on a machine with two or more cores.

After the pack is parsed the process forks once: the child runs some rules, the parent the others,
and the child sends back its findings and warnings pickled. Where a rule runs follows from the fact
families its kind declares it needs (`@register(..., needs=...)`, auditor.facts.pack_facts): kinds
that need a family, or a family it is built from, are in one group, so each family is still built
once. The group that needs a family of CHILD_FAMILIES is the child's own, the groups of the other
families but QUEUED_FAMILIES the parent's own. The rest is shared, in a queue (a pipe both read):
first the groups of QUEUED_FAMILIES, each taken whole by one process, then the rules that need no
family, one by one. Each process, its own group done, takes the next of them, so the one that
finishes first does more and neither waits for the other: on a pack where the dates are most of
the work the child keeps to them and the parent takes the prose claims; where the prose is, the
child takes them. A new kind is placed by its declared needs alone. The caller merges the
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

# The dates, the prose claims and the fact index are the three costliest fact families on council
# packs: the child starts with the dates, the parent with the fact index (and the cheaper families),
# and whichever is free first takes the claims (the sentences they are read from go with them).
CHILD_FAMILIES = frozenset({"dates"})
QUEUED_FAMILIES = ("claims",)  # in this order, at the head of the queue
MIN_TEXT_CHARS = 30_000  # below this, forking costs more than it saves


@dataclass
class RuleOutcome:
    findings: list = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # added to ctx.warnings while the rule ran
    error: Optional[BaseException] = None  # an AuditorError: stops the run, as in a serial run


@dataclass
class Placement:
    """Where each rule runs: by index into the rules."""
    child: list[int]  # the child's own group
    parent: list[int]  # the parent's own groups
    groups: list[list[int]]  # the groups of QUEUED_FAMILIES, each taken whole by one process
    shared: list[int]  # the rules that need no family, taken one by one after the groups

    @property
    def queue(self) -> list[list[int]]:
        """What either process may take, in this order: each item's rules run together."""
        return self.groups + [[i] for i in self.shared]


def placement(rules, needs_of: Callable[[str], Iterable[str]]) -> Placement:
    """needs_of(kind name) gives the families a kind needs. Families needed by one kind are joined (it
    must see each built once): a group is the rules whose joined families meet."""
    parent: dict[str, str] = {}

    def root(f: str) -> str:
        while parent.setdefault(f, f) != f:
            f = parent[f]
        return f

    families = [sorted(with_sources(needs_of(r.kind))) for r in rules]
    for fams in families + [sorted(with_sources([f])) for f in QUEUED_FAMILIES]:  # a queued family and
        for f in fams[1:]:  # those it is built from: one group, whichever of them its rules read
            parent[root(f)] = root(fams[0])
    to_child = {root(f) for f in with_sources(CHILD_FAMILIES)}
    groups: dict[str, list[int]] = {}  # root -> its rules, in the order of QUEUED_FAMILIES
    for family in QUEUED_FAMILIES:
        if root(family) not in to_child:
            groups.setdefault(root(family), [])
    placed = Placement([], [], [], [])
    for i, fams in enumerate(families):
        group = root(fams[0]) if fams else None  # a kind's families are joined: one root
        if group is None:
            placed.shared.append(i)
        elif group in to_child:
            placed.child.append(i)
        elif group in groups:
            groups[group].append(i)
        else:
            placed.parent.append(i)
    placed.groups = [g for g in groups.values() if g]
    return placed


def child_rules(rules, needs_of: Callable[[str], Iterable[str]]) -> list[int]:
    """The indexes of the rules the child runs first, its own group (see placement)."""
    return placement(rules, needs_of).child


def shared_rules(rules, needs_of: Callable[[str], Iterable[str]]) -> list[int]:
    """The indexes of the rules that need no fact family: either process may run them."""
    return [i for i, rule in enumerate(rules) if not with_sources(needs_of(rule.kind))]


def worth_splitting(pack, rules, needs_of: Callable[[str], Iterable[str]]) -> bool:
    if not hasattr(os, "fork") or os.environ.get("AUDITOR_CHECK_PROCESSES") == "1":
        return False
    if _usable_cpus() < 2 or _in_worker_process():
        return False
    placed = placement(rules, needs_of)
    if not placed.child and not placed.groups:
        return False  # no costly family to give away
    if len(placed.child) == len(rules) or len(placed.parent) == len(rules) or placed.groups == [list(range(len(rules)))]:
        return False  # all in one group: nothing to share
    return _text_chars(pack) >= MIN_TEXT_CHARS


def run_split(pack, rules, ctx, run_one: Callable[[Any, Any, Any], list], abort_error: type,
              needs_of: Callable[[str], Iterable[str]], progress=None) -> list[RuleOutcome]:
    """One RuleOutcome per rule, in rule order. run_one(pack, rule, ctx) is the serial runner."""
    placed = placement(rules, needs_of)
    in_parent, queued = placed.parent, placed.queue
    if len(queued) * _INDEX_BYTES > QUEUE_BYTES:  # (never with rule files of a sane size) the parent
        in_parent, queued = in_parent + placed.shared, placed.groups  # runs the rules needing no family
    queue_fd = _queue_of(list(range(len(queued))))
    read_fd, write_fd = os.pipe()
    block_interrupts(True)  # until the child ignores Ctrl-C: it must never unwind the parent's stack
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        ignore_interrupts()  # Ctrl-C is the parent's: it ends the child
        os.close(read_fd)
        _child_main(write_fd, queue_fd, queued, pack, rules, placed.child, ctx, run_one, abort_error)
    outcomes: dict[int, RuleOutcome] = {}
    try:
        os.close(write_fd)
        block_interrupts(False)  # a Ctrl-C pressed since the fork is raised here
        for i in _own_then_shared(in_parent, queue_fd, queued):
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


_INDEX_BYTES = 4  # an item's index in the queue
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


def _own_then_shared(own: list[int], queue_fd: int, queued: list[list[int]]):
    """The own rules, then those of each item taken from the queue (an index into `queued`)."""
    yield from own
    while len(taken := os.read(queue_fd, _INDEX_BYTES)) == _INDEX_BYTES:
        yield from queued[int.from_bytes(taken, "big")]


def _kill(pid: int) -> None:
    import signal

    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _child_main(write_fd, queue_fd, queued, pack, rules, indexes, ctx, run_one, abort_error) -> None:
    code = 1
    try:
        _fresh_stdio()
        outcomes = {i: _outcome(pack, rules[i], ctx, run_one, abort_error)
                    for i in _own_then_shared(indexes, queue_fd, queued)}
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
