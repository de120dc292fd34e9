"""CPU seconds of each rule on one pack, with the process the two-process split gives it.

    .venv/bin/python bench/rule_cpu.py PACK [--min 0.05]

The rules run one after another in one process, in rule order, so a fact family shared by several
rules is counted in the first that reads it. The totals per side are the split's placement: the
child's and the parent's own groups, the queued family groups (either process takes each whole)
and the rules that need no fact family (either process takes them one by one). `--split` then runs the checks split as `auditor check` does and gives the CPU seconds
each process really spent: the wall time of a split run is about the larger plus reading the pack.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor import check_split  # noqa: E402
from auditor.checks import KINDS, Context, _run_rule, load_kinds  # noqa: E402
from auditor.pipeline import load_pack  # noqa: E402
from auditor.rules import load_rules, select_rules  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pack")
    parser.add_argument("--min", type=float, default=0.05, help="list rules taking at least this many CPU seconds")
    parser.add_argument("--split", action="store_true", help="also run the checks split and time each process")
    args = parser.parse_args()
    started = time.process_time()
    pack = load_pack(args.pack)
    print(f"reading the pack: {time.process_time() - started:.2f} CPU s")
    load_kinds()
    rules = select_rules(load_rules())
    placed = check_split.placement(rules, lambda kind: KINDS[kind].needs)
    side_of = {i: "child" for i in placed.child} | {i: "queue" for group in placed.groups for i in group}
    ctx = Context()
    sides = {"parent": 0.0, "child": 0.0, "queue": 0.0, "shared": 0.0}
    for i, rule in enumerate(rules):
        started = time.process_time()
        _run_rule(pack, rule, ctx)
        spent = time.process_time() - started
        side = side_of.get(i) or ("shared" if i in placed.shared else "parent")
        sides[side] += spent
        if spent >= args.min:
            print(f"  {side:6}  {rule.id:32}  {spent:6.2f}")
    print("  ".join(f"{side}: {spent:.2f} CPU s" for side, spent in sides.items()))
    if args.split:
        print(split_cpu(args.pack, rules))


def split_cpu(path: str, rules) -> str:
    """CPU seconds of the parent and the child when the checks of a freshly read pack run split."""
    import resource

    from auditor.checks import run_checks

    pack = load_pack(path)  # the families above are built: read the pack again
    before = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    run_checks(pack, rules, {})
    after = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    parent, child = ((b.ru_utime + b.ru_stime) - (a.ru_utime + a.ru_stime) for a, b in zip(before, after))
    return f"split run: parent {parent:.2f} CPU s  child {child:.2f} CPU s"


if __name__ == "__main__":
    main()
