"""Benchmark: wall time and peak memory of `auditor check` on the sample packs.

    make bench            # or: .venv/bin/python bench/run.py [--repeat N] [--json FILE]

Measures, each in a fresh subprocess (so start-up and imports count, as a user sees them):
  - `auditor check PACK --format json` on the sample pack as Markdown, PDF (43 pages) and Word;
  - the same on a ~300-page PDF built here by concatenating the sample PDF 7 times, and on the
    Markdown concatenated 7 times (the text path at that size, without PDF reading);
and, as the yardstick, the time pypdfium2 alone takes to extract the raw text of each PDF.
Times are reported as ratios to that yardstick (and per page), which survive a noisy or slow
machine better than seconds do. Peak memory is the child's max RSS from os.wait4.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Optional

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "fixtures" / "leics-cfs-scrutiny-2025-01-21"
COPIES = 7  # 7 x 43 pages = 301 pages

# Targets on the reference 2-core machine (seconds, MB).
TARGETS_S = {"markdown": 1.0, "pdf": 3.0, "pdf-300": 20.0}
TARGET_RSS_MB = 500.0
LONG_RUNS = ("pdf-300", "markdown-x7")  # measured --long-repeat times
LINEAR_SLACK = 1.5  # per-page time at 300 pages may be at most this multiple of per-page time at 43


@dataclass
class Run:
    name: str
    path: str
    pages: Optional[int]
    wall_s: Optional[float] = None  # best of the repeats
    cpu_s: Optional[float] = None  # user + system CPU of that best run: barely moved by other load
    rss_mb: Optional[float] = None  # largest of the repeats
    extract_s: Optional[float] = None  # pypdfium2 raw text extraction of the same PDF
    findings: Optional[int] = None
    error: str = ""
    walls: list[float] = field(default_factory=list)


def build_long_pdf(sample_pdf: Path, copies: int, out_dir: Path) -> Path:
    """The sample PDF concatenated `copies` times (pypdfium2 import_pages: fast, keeps the text layer)."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(sample_pdf))
    dest = pdfium.PdfDocument.new()
    for _ in range(copies):
        dest.import_pages(src)
    out = out_dir / f"sample-x{copies}.pdf"
    with open(out, "wb") as fh:
        dest.save(fh)
    dest.close()
    src.close()
    return out


def build_long_markdown(sample_md: Path, copies: int, out_dir: Path) -> Path:
    """The sample Markdown concatenated `copies` times: the text path at ~300 pages, without PDF reading."""
    text = sample_md.read_text(encoding="utf-8")
    out = out_dir / f"sample-x{copies}.md"
    out.write_text("\n\n".join([text] * copies), encoding="utf-8")
    return out


def pdf_pages(path: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def extraction_time(path: Path, repeat: int) -> float:
    """Best time for pypdfium2 to open the PDF and pull the text of every page (no layout)."""
    import pypdfium2 as pdfium

    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        doc = pdfium.PdfDocument(str(path))
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        doc.close()
        best = min(best, time.perf_counter() - t0)
    return best


def run_child(argv: list[str], out_path: Path) -> tuple[float, float, float, int, str]:
    """Run argv, stdout to out_path: (wall s, CPU s, max RSS MB, exit code, stderr tail)."""
    with open(out_path, "wb") as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, cwd=REPO)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read().decode("utf-8", "replace").strip().splitlines()[-3:]
    rss_mb = usage.ru_maxrss / 1024  # Linux reports KiB
    return wall, usage.ru_utime + usage.ru_stime, rss_mb, proc.returncode, " | ".join(tail)


def measure_check(run: Run, repeat: int, work: Path) -> None:
    argv = [sys.executable, "-m", "auditor", "check", run.path, "--format", "json",
            "--fail-on", "never", "--quiet"]
    out_path = work / f"{run.name}.json"
    for _ in range(repeat):
        wall, cpu, rss, code, err = run_child(argv, out_path)
        if code != 0:
            run.error = f"exit {code}: {err}"
            return
        run.walls.append(wall)
        if run.wall_s is None or wall < run.wall_s:
            run.wall_s, run.cpu_s = wall, cpu
        run.rss_mb = max(run.rss_mb or 0.0, rss)
    try:
        report = json.loads(out_path.read_text(encoding="utf-8"))
        run.findings = sum(len(p.get("findings", [])) for p in report.get("packs", []))
    except (ValueError, OSError) as exc:
        run.error = f"report is not JSON ({exc})"


def startup_time(repeat: int, work: Path) -> float:
    """Interpreter start plus importing the CLI: the floor under every run."""
    argv = [sys.executable, "-c", "import auditor.cli"]
    return min(run_child(argv, work / "startup.out")[0] for _ in range(repeat))


def fmt(value: Optional[float], spec: str = ".2f", none: str = "-") -> str:
    return none if value is None else format(value, spec)


def print_table(runs: list[Run], startup: float) -> None:
    print(f"\n{'pack':<10} {'pages':>5} {'wall s':>7} {'cpu s':>6} {'peak MB':>8} {'extract s':>9} "
          f"{'x extract':>9} {'ms/page':>8} {'findings':>8}")
    for r in runs:
        ratio = r.wall_s / r.extract_s if r.wall_s and r.extract_s else None
        per_page = (r.wall_s - startup) * 1000 / r.pages if r.wall_s and r.pages else None
        print(f"{r.name:<10} {fmt(r.pages, 'd'):>5} {fmt(r.wall_s):>7} {fmt(r.cpu_s):>6} {fmt(r.rss_mb, '.0f'):>8} "
              f"{fmt(r.extract_s, '.3f'):>9} {fmt(ratio, '.1f'):>9} {fmt(per_page, '.0f'):>8} "
              f"{fmt(r.findings, 'd'):>8}")
        if r.error:
            print(f"{'':<10} not measured: {r.error}")
    print(f"(start-up floor: python + import auditor.cli = {startup:.2f} s; "
          f"ms/page excludes it; 'x extract' = wall / pypdfium2 raw text extraction of the same PDF)")


def linear_growth(short: Run, long: Run, startup: float) -> Optional[float]:
    """Per-page time on the long pack over per-page time on the short one (1.0 = perfectly linear)."""
    if not (short.wall_s and long.wall_s and short.pages and long.pages):
        return None
    per_short = max(short.wall_s - startup, 1e-3) / short.pages
    per_long = max(long.wall_s - startup, 1e-3) / long.pages
    return per_long / per_short


def judge(runs: dict[str, Run], growths: dict[str, Optional[float]]) -> list[str]:
    """One line per target: PASS / FAIL / NOT MEASURED."""
    lines = []
    for name, limit in TARGETS_S.items():
        r = runs[name]
        if r.wall_s is None:
            lines.append(f"NOT MEASURED  {name} under {limit:g} s ({r.error or 'no run'})")
        else:
            verdict = "PASS" if r.wall_s < limit else "FAIL"
            lines.append(f"{verdict:<13} {name} under {limit:g} s: {r.wall_s:.2f} s")
    measured = [r for r in runs.values() if r.rss_mb is not None]
    if measured:
        worst = max(measured, key=lambda r: r.rss_mb)
        verdict = "PASS" if worst.rss_mb < TARGET_RSS_MB else "FAIL"
        lines.append(f"{verdict:<13} peak memory under {TARGET_RSS_MB:g} MB: {worst.rss_mb:.0f} MB ({worst.name})")
    for short, long in (("pdf", "pdf-300"), ("markdown", "markdown-x7")):
        growth = growths.get(long)
        if growth is None:
            lines.append(f"NOT MEASURED  linear growth {short} -> {long}")
        else:
            verdict = "PASS" if growth <= LINEAR_SLACK else "FAIL"
            lines.append(f"{verdict:<13} linear growth ({short}): per-page time at {runs[long].pages} pages is "
                         f"{growth:.2f}x that at {runs[short].pages} pages (limit {LINEAR_SLACK}x)")
    return lines


def precompile() -> None:
    """Byte-compile the auditor, as installing a package does. Where PYTHONDONTWRITEBYTECODE is set
    (as here) Python never writes bytecode itself, and every run would recompile every module."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "auditor")], check=True)
    print("bytecode: auditor/ compiled first with `python -m compileall -q auditor`, as an install does "
          "(--no-compile to skip)")


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs per pack; the best wall time is kept (default 3)")
    ap.add_argument("--long-repeat", type=int, default=1, help="runs of the 300-page packs (default 1)")
    ap.add_argument("--json", help="also write the results to this JSON file")
    ap.add_argument("--strict", action="store_true", help="exit 1 if a target fails or is not measured")
    ap.add_argument("--no-compile", action="store_true",
                    help="do not byte-compile the auditor first (each run then compiles it when "
                         "PYTHONDONTWRITEBYTECODE is set)")
    args = ap.parse_args(argv)
    if not args.no_compile:
        precompile()

    with tempfile.TemporaryDirectory(prefix="auditor-bench-") as tmp:
        work = Path(tmp)
        long_pdf = build_long_pdf(SAMPLE.with_suffix(".pdf"), COPIES, work)
        long_md = build_long_markdown(SAMPLE.with_suffix(".md"), COPIES, work)
        short_pages, long_pages = pdf_pages(SAMPLE.with_suffix(".pdf")), pdf_pages(long_pdf)
        runs = {
            "markdown": Run("markdown", str(SAMPLE.with_suffix(".md")), short_pages),
            "pdf": Run("pdf", str(SAMPLE.with_suffix(".pdf")), short_pages),
            "docx": Run("docx", str(SAMPLE.with_suffix(".docx")), short_pages),
            "pdf-300": Run("pdf-300", str(long_pdf), long_pages),
            "markdown-x7": Run("markdown-x7", str(long_md), short_pages * COPIES),
        }
        short_extract = extraction_time(SAMPLE.with_suffix(".pdf"), max(args.repeat, 3))
        for name in ("markdown", "pdf", "docx"):
            runs[name].extract_s = short_extract  # same text: the PDF extraction is the yardstick
        runs["pdf-300"].extract_s = runs["markdown-x7"].extract_s = extraction_time(long_pdf, max(args.long_repeat, 1))
        startup = startup_time(args.repeat, work)
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load} "
              "(above the CPU count, other work is slowing the wall times: see cpu s and the ratios); "
              f"300-page PDF: {long_pages} pages built from {COPIES} copies")
        for name, run in runs.items():
            print(f"  measuring {name} ...", flush=True)
            measure_check(run, args.long_repeat if name in LONG_RUNS else args.repeat, work)

    growths = {long: linear_growth(runs[short], runs[long], startup)
               for short, long in (("pdf", "pdf-300"), ("markdown", "markdown-x7"))}
    print_table(list(runs.values()), startup)
    verdicts = judge(runs, growths)
    print("\nTargets:")
    for line in verdicts:
        print("  " + line)
    if args.json:
        Path(args.json).write_text(json.dumps({"startup_s": startup, "growth": growths,
                                               "runs": [asdict(r) for r in runs.values()],
                                               "verdicts": verdicts}, indent=2), encoding="utf-8")
    if args.strict and any(not v.startswith("PASS") for v in verdicts):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
