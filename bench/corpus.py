"""Audit the real corpus and compare every error and warning with the judged ledger.

    python bench/corpus.py                  # audit, compare, print the table; exit 1 on a regression
    python bench/corpus.py --update         # also write new findings into the ledger as 'unjudged'
    python bench/corpus.py --dump DIR       # also write each pack's findings as JSON into DIR

The corpus is every document in ../shared/packs/real/ and the sample pack's four forms in
../shared/packs/ (AUDITOR_CORPUS names another folder laid out the same way). The ledger is
tests/corpus/ledger/<pack file name>.yaml: one entry per finding ever seen, with its verdict
(true, false, debatable) and a one-line reason written by reading the finding in context.

A finding keeps its entry through reworded messages and moved pages: entries are matched on the
pack, the rule, the normalised 'found' value and the excerpt (exactly, else the most similar
excerpt above SIMILAR). The run fails when a finding is unjudged, when a finding judged false
that had gone comes back, when a finding judged true disappears, or when precision over all
judged errors and warnings is below --min-precision.

One slip seen by two rules is one finding (auditor.report.merge): each rule's finding in it is
matched with its own ledger entry, so an entry judged true does not disappear when its finding
is merged into another rule's. The table counts the merged finding once, with the verdict of the
entry of the finding shown (the first rule's), and says how many ledger entries were matched.
"""
from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from auditor.baseline import normalise  # noqa: E402

LEDGER_DIR = REPO / "tests" / "corpus" / "ledger"
SAMPLE_FORMS = (".md", ".pdf", ".docx", ".word.pdf")
SAMPLE_STEM = "leics-cfs-scrutiny-2025-01-21"
VERDICTS = ("true", "false", "debatable")
SIMILAR = 0.75
REPORTED = ("error", "warning")


def corpus_root() -> Path:
    return Path(os.environ.get("AUDITOR_CORPUS") or REPO.parent / "shared" / "packs")


def corpus_files(root: Path) -> list[Path]:
    samples = [root / (SAMPLE_STEM + form) for form in SAMPLE_FORMS]
    real = sorted(p for p in (root / "real").iterdir() if p.is_file()) if (root / "real").is_dir() else []
    return [p for p in samples if p.is_file()] + real


def audit_findings(path: Path, rules) -> list[dict]:
    from auditor.pipeline import audit

    result = audit(str(path), rules)
    return [f.to_json() for f in result.findings if f.severity in REPORTED]


# ---------------------------------------------------------------- the ledger

@dataclass
class Entry:
    data: dict

    @property
    def verdict(self) -> str:
        return str(self.data.get("verdict", "unjudged")).lower()

    def key(self) -> tuple[str, str]:
        return self.data["rule"], normalise(self.data.get("found"))

    def excerpt(self) -> str:
        return normalise(self.data.get("excerpt"))


def ledger_path(pack: Path) -> Path:
    return LEDGER_DIR / f"{pack.name}.yaml"


def read_ledger(pack: Path) -> list[Entry]:
    path = ledger_path(pack)
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [Entry(e) for e in data.get("findings") or []]


def write_ledger(pack: Path, entries: list[Entry]) -> None:
    LEDGER_DIR.mkdir(parents=True, exist_ok=True)
    entries = sorted(entries, key=lambda e: (e.data.get("page") or 0, e.data.get("line") or 0, e.data["rule"]))
    text = yaml.safe_dump({"pack": pack.name, "findings": [e.data for e in entries]},
                          sort_keys=False, allow_unicode=True, width=110)
    ledger_path(pack).write_text(text, encoding="utf-8")


def entry_for(finding: dict) -> Entry:
    loc = finding.get("location") or {}
    data = {"rule": finding["rule"], "severity": finding["severity"]}
    for name in ("page", "line", "paragraph", "cell"):
        if loc.get(name) is not None:
            data[name] = loc[name]
    data.update({"document": finding.get("document"), "excerpt": (finding.get("excerpt") or "")[:400],
                 "found": finding.get("found"), "expected": finding.get("expected"),
                 "message": finding.get("message"), "verdict": "unjudged", "reason": ""})
    return Entry(data)


def _refresh(entry: Entry, finding: dict) -> None:
    """Keep a matched entry's place and wording current (its verdict and reason stay)."""
    fresh = entry_for(finding).data
    kept = {k: entry.data[k] for k in ("verdict", "reason") if k in entry.data}
    entry.data.clear()
    entry.data.update(fresh, **kept)


def match(findings: list[dict], entries: list[Entry]) -> list[Entry | None]:
    """For each finding, its ledger entry (one entry serves one finding)."""
    free = list(range(len(entries)))
    matched: list[Entry | None] = [None] * len(findings)
    keys = [(f["rule"], normalise(f.get("found"))) for f in findings]
    excerpts = [normalise(f.get("excerpt")) for f in findings]
    for exact in (True, False):
        for i, finding in enumerate(findings):
            if matched[i] is not None:
                continue
            best, best_score = None, SIMILAR
            for j in free:
                entry = entries[j]
                if entry.key() != keys[i]:
                    continue
                if exact:
                    if entry.excerpt() == excerpts[i]:
                        best = j
                        break
                    continue
                score = difflib.SequenceMatcher(None, entry.excerpt(), excerpts[i], autojunk=False).ratio()
                if score >= best_score:
                    best, best_score = j, score
            if best is not None:
                matched[i] = entries[best]
                free.remove(best)
    return matched


def members(finding: dict) -> list[dict]:
    """Each rule's finding on one slip: the finding shown, then those merged into it (errors and warnings)."""
    shown = {k: v for k, v in finding.items() if k != "also"}
    shown["severity"] = finding.get("rule_severity") or finding["severity"]  # its rule's own
    return [shown] + [m for m in finding.get("also") or [] if m.get("severity") in REPORTED]


# ---------------------------------------------------------------- comparing

@dataclass
class PackScore:
    name: str
    counts: dict
    problems: list[str]

    entries: int = 0  # ledger entries matched (a merged finding matches one per rule)

    @property
    def judged(self) -> int:
        return sum(self.counts[v] for v in VERDICTS)

    @property
    def precision(self) -> float | None:
        return self.counts["true"] / self.judged if self.judged else None


def compare(pack: Path, findings: list[dict], update: bool) -> PackScore:
    entries = read_ledger(pack)
    slips = [members(f) for f in findings]
    flat = [m for group in slips for m in group]  # every rule's finding is matched with its own entry
    matched = match(flat, entries)
    counts = dict.fromkeys((*VERDICTS, "unjudged"), 0)
    problems = []
    for i, (finding, entry) in enumerate(zip(flat, matched)):
        if entry is None:
            entry = matched[i] = entry_for(finding)
            entries.append(entry)
        elif update:
            _refresh(entry, finding)
        if entry.verdict not in VERDICTS:
            problems.append(f"unjudged: {_describe(finding)}")
        elif entry.verdict == "false" and entry.data.get("gone"):
            problems.append(f"a false alarm came back: {_describe(finding)}")
    start = 0
    for group in slips:  # a slip counts once, with the verdict of the finding shown
        verdict = matched[start].verdict
        if any(e.verdict not in VERDICTS for e in matched[start:start + len(group)]):
            verdict = "unjudged"
        counts[verdict if verdict in VERDICTS else "unjudged"] += 1
        start += len(group)
    present = {id(e) for e in matched}
    for entry in entries:
        if id(entry) in present:
            entry.data.pop("gone", None)
            continue
        if entry.verdict == "true":
            problems.append(f"a true finding disappeared: {entry.data['rule']}: {entry.data.get('excerpt', '')[:90]!r}")
        entry.data["gone"] = True
    if update:
        write_ledger(pack, [e for e in entries if e.verdict in VERDICTS or id(e) in present])
    return PackScore(pack.name, counts, problems, entries=len(flat))


def _describe(finding: dict) -> str:
    loc = finding.get("location") or {}
    place = f"p.{loc['page']}" if loc.get("page") else f"l.{loc.get('line')}"
    return f"{finding['rule']} {place}: {(finding.get('excerpt') or finding.get('message'))[:90]!r}"


# ---------------------------------------------------------------- the table

def table(scores: list[PackScore]) -> str:
    rows = [(s.name, s.counts, s.precision, s.entries) for s in scores]
    total = {k: sum(s.counts[k] for s in scores) for k in (*VERDICTS, "unjudged")}
    judged = sum(total[v] for v in VERDICTS)
    rows.append(("ALL", total, total["true"] / judged if judged else None, sum(s.entries for s in scores)))
    width = max(len(r[0]) for r in rows)
    lines = [f"{'document':<{width}}  true  false  debatable  unjudged  precision  entries"]
    for name, c, p, n in rows:
        prec = f"{p:9.1%}" if p is not None else "        -"
        lines.append(f"{name:<{width}}  {c['true']:4}  {c['false']:5}  {c['debatable']:9}  {c['unjudged']:8}  {prec}"
                     f"  {n:7}")
    lines.append("(each finding is counted once; 'entries' are the ledger entries its rules' findings matched:"
                 " more than the findings where one slip was seen by two rules)")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="write new findings into the ledger as unjudged")
    parser.add_argument("--dump", help="write each pack's findings as JSON into this folder")
    parser.add_argument("--min-precision", type=float, default=0.9)
    parser.add_argument("--only", help="only packs whose file name contains this")
    args = parser.parse_args(argv)

    root = corpus_root()
    files = corpus_files(root) if root.is_dir() else []
    if not files:
        print(f"corpus: skipped: no corpus at {root} (it is in ../shared/packs, beside the repo)")
        return 0
    if args.only:
        files = [f for f in files if args.only in f.name]
    from auditor.rules import load_rules, select_rules

    rules = select_rules(load_rules([]), [], [])
    scores = []
    for path in files:
        findings = audit_findings(path, rules)
        if args.dump:
            Path(args.dump).mkdir(parents=True, exist_ok=True)
            (Path(args.dump) / f"{path.name}.json").write_text(json.dumps(findings, indent=1, ensure_ascii=False))
        scores.append(compare(path, findings, args.update))
    print(table(scores))
    problems = [f"{s.name}: {p}" for s in scores for p in s.problems]
    total = {k: sum(s.counts[k] for s in scores) for k in VERDICTS}
    judged = sum(total.values())
    precision = total["true"] / judged if judged else 1.0
    if precision < args.min_precision and not args.only:
        problems.append(f"precision {precision:.1%} is below {args.min_precision:.0%}")
    for problem in problems:
        print("corpus: " + problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
