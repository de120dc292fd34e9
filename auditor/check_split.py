"""Run a pack's rules in two processes on a machine with two or more cores.

After the pack is parsed the process forks once: the child runs the rules of the kinds in
CHILD_FAMILIES, the parent the others, and the child sends back its findings and warnings
pickled. Rules that share a per-pack cache (`ctx.cached`) or pass results to each other
(table-total -> table-identity) are in the same family, so each cache is still built once and
every rule sees exactly what it saw when all ran in one process. The caller merges the outcomes
in rule order, so findings, warnings and their order are those of a serial run.

Only where os.fork exists, on packs big enough to pay for it, never inside a worker process of
`--jobs` (already one process per core), and not when AUDITOR_CHECK_PROCESSES=1. If the child
fails in any way its rules are run again in the parent.
"""
from __future__ import annotations

import os
import pickle
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from auditor.processes import block_interrupts, ignore_interrupts
from auditor.processes import in_worker_process as _in_worker_process
from auditor.processes import usable_cpus as _usable_cpus

# Kinds whose rules share a per-pack cache. A kind not listed runs in the parent.
KIND_FAMILY = {
    "date-tense": "dates", "date-validity": "dates", "date-order": "dates", "meeting-consistency": "dates",
    "prose-parts": "prose", "prose-percent-of": "prose", "prose-change": "prose",
    "prose-difference": "prose", "prose-direction": "prose", "restated-sentence": "prose",
}
# About half of the check time on council packs: the date index and the prose claims are two of the
# three costliest caches (the fact index, the third, stays in the parent with the cheaper kinds).
CHILD_FAMILIES = frozenset({"dates", "prose"})
MIN_TEXT_CHARS = 30_000  # below this, forking costs more than it saves


@dataclass
class RuleOutcome:
    findings: list = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # added to ctx.warnings while the rule ran
    error: Optional[BaseException] = None  # an AuditorError: stops the run, as in a serial run


def worth_splitting(pack, rules) -> bool:
    if not hasattr(os, "fork") or os.environ.get("AUDITOR_CHECK_PROCESSES") == "1":
        return False
    if _usable_cpus() < 2 or _in_worker_process():
        return False
    child = sum(1 for r in rules if KIND_FAMILY.get(r.kind) in CHILD_FAMILIES)
    if child == 0 or child == len(rules):
        return False
    return _text_chars(pack) >= MIN_TEXT_CHARS


def run_split(pack, rules, ctx, run_one: Callable[[Any, Any, Any], list], abort_error: type,
              progress=None) -> list[RuleOutcome]:
    """One RuleOutcome per rule, in rule order. run_one(pack, rule, ctx) is the serial runner."""
    in_child = [i for i, r in enumerate(rules) if KIND_FAMILY.get(r.kind) in CHILD_FAMILIES]
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
