"""Run the auditor on a folder of packs it has never seen and list every error and warning, for judging by hand.

    python bench/unseen.py DIR [DIR ...]            # each DIR may hold dates.txt: '<file> <YYYY-MM-DD>' lines
    python bench/unseen.py DIR --json out.json       # the findings as JSON too, to compare two runs

Packs are the .md, .txt, .docx and .pdf files directly in each folder, except repro_* files (the small texts
a probe keeps to reproduce one false alarm). A pack listed in dates.txt is checked with --meeting-date, as a
reader would judge it against the meeting its source states; one not listed is checked as it is.
Precision comes from the judging, not from this script: it prints what an officer would have to read.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
AUDITOR = REPO / ".venv" / "bin" / "auditor"
SUFFIXES = {".md", ".txt", ".docx", ".pdf"}


def meeting_dates(folder: Path) -> dict[str, str]:
    listed = folder / "dates.txt"
    if not listed.is_file():
        return {}
    pairs = (line.split() for line in listed.read_text(encoding="utf-8").splitlines())
    return {p[0]: p[1] for p in pairs if len(p) == 2 and re.fullmatch(r"\d{4}-\d\d-\d\d", p[1])}  # '-': none


def findings(pack: Path, date: str | None) -> list[dict]:
    cmd = [str(AUDITOR), "check", str(pack), "-f", "json", "-q", "--min-severity", "warning"]
    if date:
        cmd += ["--meeting-date", date]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        return [{"rule": "CRASH", "severity": "error", "message": done.stderr.strip()[-300:]}]
    return [f for p in json.loads(done.stdout)["packs"] for f in p["findings"]]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--json", type=Path, help="write the findings of every pack to this file")
    args = parser.parse_args(argv)
    every: dict[str, list[dict]] = {}
    for folder in args.folders:
        dates = meeting_dates(folder)
        for pack in sorted(folder.iterdir()):
            if pack.suffix.lower() not in SUFFIXES or pack.name.startswith("repro_") or pack.name == "dates.txt":
                continue
            found = findings(pack, dates.get(pack.name))
            every[str(pack)] = found
            for f in found:
                print(f"{pack.name}: {f['severity']} {f['rule']}: {f['message']}")
    packs, total = len(every), sum(len(v) for v in every.values())
    print(f"\n{packs} packs, {total} errors and warnings")
    if args.json:
        args.json.write_text(json.dumps(every, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
