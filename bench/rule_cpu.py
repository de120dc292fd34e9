"""CPU seconds of each rule on one pack, with the process the two-process split gives it.

    .venv/bin/python bench/rule_cpu.py PACK [--min 0.05]

The rules run one after another in one process, in rule order, so a fact family shared by several
rules is counted in the first that reads it. The totals per side show how evenly check_split divides
the work: the wall time of a split run is about the larger side plus reading the pack.
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
    args = parser.parse_args()
    started = time.process_time()
    pack = load_pack(args.pack)
    print(f"reading the pack: {time.process_time() - started:.2f} CPU s")
    load_kinds()
    rules = select_rules(load_rules())
    in_child = set(check_split.child_rules(rules, lambda kind: KINDS[kind].needs))
    ctx = Context()
    sides = {"parent": 0.0, "child": 0.0}
    for i, rule in enumerate(rules):
        started = time.process_time()
        _run_rule(pack, rule, ctx)
        spent = time.process_time() - started
        side = "child" if i in in_child else "parent"
        sides[side] += spent
        if spent >= args.min:
            print(f"  {side:6}  {rule.id:32}  {spent:6.2f}")
    print("  ".join(f"{side}: {spent:.2f} CPU s" for side, spent in sides.items()))


if __name__ == "__main__":
    main()
