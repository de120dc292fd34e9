"""Save the JSON reports of the corpus (the sample's four forms and every real pack), or compare with saved ones.

    python bench/snapshot.py save DIR        # .venv/bin/auditor check <pack> -f json, one file per pack
    python bench/snapshot.py compare DIR     # run again and print every pack whose report differs

For restructuring that must not change behaviour: the reports before and after must be byte-identical.
Extra arguments after DIR are passed to `auditor check` (e.g. --select table-total).
"""
from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from corpus import corpus_files, corpus_root  # noqa: E402


def report(path: Path, extra: list[str]) -> str:
    done = subprocess.run([str(REPO / ".venv" / "bin" / "auditor"), "check", str(path), "-f", "json", *extra],
                          capture_output=True, text=True)
    return done.stdout + (f"\n--- exit {done.returncode}\n" if done.returncode not in (0, 1) else "")


def main(argv: list[str]) -> int:
    mode, folder, extra = argv[0], Path(argv[1]), argv[2:]
    folder.mkdir(parents=True, exist_ok=True)
    differ = 0
    for path in corpus_files(corpus_root()):
        text = report(path, extra)
        saved = folder / (path.name + ".json")
        if mode == "save":
            saved.write_text(text, encoding="utf-8")
            print(f"saved {saved}")
            continue
        before = saved.read_text(encoding="utf-8")
        if before == text:
            print(f"same     {path.name}")
            continue
        differ += 1
        print(f"DIFFERS  {path.name}")
        sys.stdout.writelines(difflib.unified_diff(before.splitlines(True), text.splitlines(True), "before", "after", n=1))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
