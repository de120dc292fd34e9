"""CPU seconds of `auditor --version` and `auditor check SAMPLE` for two checkouts, interleaved.

    .venv/bin/python bench/startup.py /path/to/older/checkout          # against this checkout
    .venv/bin/python bench/startup.py OLD NEW --runs 7

Each checkout is run as `python -m auditor` with PYTHONPATH set to it (from a neutral folder, so
that the current directory does not shadow it), with this interpreter and its installed packages.
CPU seconds (user + system of the child) are what a busy machine inflates least; the median of the
runs is printed. Compile each checkout's bytecode first (`python -m compileall -q CHECKOUT/auditor`)
so that neither pays for it.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def cpu_seconds(command: list[str], env: dict, cwd: str) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", help="the other checkout (a folder holding auditor/)")
    parser.add_argument("new", nargs="?", default=str(REPO), help="default: this checkout")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pack", default=str(REPO / "auditor" / "data" / "sample-pack.md"))
    args = parser.parse_args()
    checkouts = {"old": str(Path(args.old).resolve()), "new": str(Path(args.new).resolve())}
    for root in checkouts.values():
        subprocess.run([sys.executable, "-m", "compileall", "-q", os.path.join(root, "auditor")], check=False)
    times: dict[tuple[str, str], list[float]] = {}
    with tempfile.TemporaryDirectory() as neutral:
        out = os.path.join(neutral, "report.json")
        for _ in range(args.runs):
            for name, root in checkouts.items():
                env = dict(os.environ, PYTHONPATH=root)
                times.setdefault((name, "version"), []).append(
                    cpu_seconds([sys.executable, "-m", "auditor", "--version"], env, neutral))
                times.setdefault((name, "check"), []).append(
                    cpu_seconds([sys.executable, "-m", "auditor", "check", args.pack, "-f", "json", "-o", out,
                                 "--fail-on", "never", "-q"], env, neutral))
    for (name, what), values in sorted(times.items()):
        print(f"{name:3} {checkouts[name]}: {what:7} median {statistics.median(values):.3f} CPU s  "
              f"({', '.join(f'{v:.2f}' for v in values)})")


if __name__ == "__main__":
    main()
