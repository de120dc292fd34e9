"""Adversarial benchmark: time and peak memory of an audit on the input shapes of issue 15, at
1x, 2x, 4x and 8x, with the growth ratio from each size to the next (linear: 2.0 per doubling,
quadratic: 4.0).

    .venv/bin/python bench/adversarial.py                      # every shape, sizes 1 2 4 8
    .venv/bin/python bench/adversarial.py --shape lines --shape pct-docx --sizes 1,2,4,8,16
    .venv/bin/python bench/adversarial.py --profile repeat-money-m:8   # cProfile of one run
    .venv/bin/python bench/adversarial.py --html-huge-page     # only the HTML report of a 14,400 pt page

Each run is a fresh process auditing one generated pack with every rule that is on by default
(`auditor check PACK` without the CLI's start-up: ingest, structure and checks are timed apart).
Peak memory is the largest resident size of the process or of the children it forked (the rule
split, the page readers). 8x is the size the issue names (20,000 lines, a 1 MB line, 20,000 Word
paragraphs, 100,000 repeats); the issue's target there is under 5 s and 500 MB. The CPU column
(seconds of this process and its children) is the figure to trust on a busy machine. A full run
also times `auditor check --format html` on a PDF with one 14,400 pt page (each crop renders part of
that page) and reports its peak memory.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

REPO = Path(__file__).resolve().parent.parent
TARGET_S, TARGET_MB = 5.0, 500.0


# ---------------------------------------------------------------- the shapes

def lines(scale: int, folder: Path) -> Path:
    """'Line N.' on its own line: 2,500 lines a unit (the meeting reader searched the whole block per line)."""
    path = folder / f"lines-{scale}.txt"
    path.write_text("".join(f"Line {n}.\n" for n in range(1, 2_500 * scale + 1)))
    return path


PROSE = ("The council spent £1.2m on highways in 2024/25, up 5% from £1.14m in 2023/24, and the "
         "cabinet agreed on 14 January 2025 that a further 12 schemes would follow by March 2026. ")


def prose_line(scale: int, folder: Path) -> Path:
    """One line of prose with figures and dates, 128 KB a unit (sentences scanned every mention)."""
    path = folder / f"prose-line-{scale}.md"
    unit = 128 * 1024
    path.write_text("# Report\n\n" + (PROSE * (unit * scale // len(PROSE) + 1))[: unit * scale] + "\n")
    return path


def pct_docx(scale: int, folder: Path) -> Path:
    """A Word file of 2,500 paragraphs a unit, each with a percentage change (restated changes were
    compared pairwise)."""
    import docx

    document = docx.Document()
    document.add_heading("Report to Cabinet", level=1)
    for n in range(2_500 * scale):
        document.add_paragraph(f"Spending on service {n} shows an increase of {n % 17 + 1}% to £{n % 90 + 10}m "
                               "this year.")
    path = folder / f"pct-{scale}.docx"
    document.save(str(path))
    return path


def _repeat(token: str, name: str) -> Callable[[int, Path], Path]:
    def make(scale: int, folder: Path) -> Path:
        path = folder / f"{name}-{scale}.md"
        path.write_text("# Report\n\n" + token * (12_500 * scale) + "\n")
        return path

    make.__doc__ = f"{token!r} repeated 12,500 times a unit on one line"
    return make


SHAPES: dict[str, Callable[[int, Path], Path]] = {
    "lines": lines,
    "prose-line": prose_line,
    "pct-docx": pct_docx,
    "repeat-comma": _repeat("1,", "repeat-comma"),
    "repeat-pound-comma": _repeat("£1,", "repeat-pound-comma"),
    "repeat-money-m": _repeat("£1.2m ", "repeat-money-m"),
    "repeat-month-year": _repeat("January 2025 ", "repeat-month-year"),
}


def huge_page_pdf(folder: Path, side_pt: int = 14_400) -> Path:
    """A one-page PDF of side_pt x side_pt points (the issue's 14,400) with findings spread over it:
    each crop of the HTML report renders a part of that page."""
    lines = ["Report to Cabinet", "The report is TBC and the date is TBC.",
             "The 317 schools, which include 252 primary, 80 secondary and 8 special, were visited."]
    content = "".join(f"BT /F1 48 Tf {200 + 3_000 * (n % 4)} {side_pt - 300 - 3_000 * n} Td ({text}) Tj ET\n"
                      for n, text in enumerate(lines * 2)).encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {side_pt} {side_pt}] /Contents 4 0 R "
               "/Resources << /Font << /F1 5 0 R >> >> >>".encode(),
               b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path = folder / "huge-page.pdf"
    path.write_bytes(bytes(out))
    return path


def measure_huge_page_html(folder: Path, timeout: float) -> str:
    """`auditor check huge-page.pdf --format html` as a user runs it: seconds, peak memory, crops."""
    import resource

    pdf, html = huge_page_pdf(folder), folder / "huge-page.html"
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "auditor", "check", str(pdf), "--format", "html", "-o", str(html),
                           "--fail-on", "never", "-q"], capture_output=True, text=True, timeout=timeout, cwd=REPO)
    wall = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest child so far
    if proc.returncode != 0:
        return f"huge-page HTML: exit {proc.returncode}: {proc.stderr.strip()[-200:]}"
    crops = html.read_text(encoding="utf-8").count("data:image/")
    verdict = "within" if peak_mb <= TARGET_MB else "OVER"
    return (f"huge-page HTML (one {14_400:,} pt page, --format html): {wall:.2f} s, peak {peak_mb:.0f} MB "
            f"({verdict} the {TARGET_MB:.0f} MB target; the largest process this bench has started), {crops} crops")


# ---------------------------------------------------------------- one measured run (child process)

def child(path: str, profile: bool) -> None:
    """Audit path; print {"ingest": s, "structure": s, "checks": s, "findings": n} as JSON."""
    from auditor.batch import quiet_pdf_libraries
    from auditor.checks import run_checks
    from auditor.ingest import ingest
    from auditor.rules import load_rules, select_rules
    from auditor.structure.segment import segment

    rules = select_rules(load_rules())
    times = {}

    def stage(name, call, *args):
        started = time.perf_counter()
        out = call(*args)
        times[name] = round(time.perf_counter() - started, 3)
        return out

    def run():
        with quiet_pdf_libraries():
            raw = stage("ingest", ingest, path)
            pack = stage("structure", segment, raw)
            times["findings"] = len(stage("checks", run_checks, pack, rules, {}))

    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(run)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(25)
    else:
        run()
    import resource  # the largest resident size of this process and of any child it forked and reaped

    own, forked = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    times["rss_mb"] = round(max(own.ru_maxrss, forked.ru_maxrss) / 1024, 1)
    # CPU seconds of this process and the ones it forked: what a busy machine does not inflate
    times["cpu"] = round(own.ru_utime + own.ru_stime + forked.ru_utime + forked.ru_stime, 2)
    print(json.dumps(times))


@dataclass
class Result:
    shape: str
    scale: int
    size: str
    wall: Optional[float] = None
    rss_mb: Optional[float] = None
    cpu: Optional[float] = None
    stages: Optional[dict] = None
    error: str = ""


def measure(shape: str, scale: int, folder: Path, timeout: float, profile: bool = False) -> Result:
    path = SHAPES[shape](scale, folder)
    result = Result(shape, scale, _size(path))
    env = dict(os.environ)
    if profile:
        env["AUDITOR_CHECK_PROCESSES"] = "1"  # every rule in the profiled process
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, "--child", str(path)] + (["--child-profile"] if profile else []),
                            stdout=subprocess.PIPE, stderr=None if profile else subprocess.PIPE, text=True,
                            cwd=REPO, env=env)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        result.error = f"over {timeout:.0f} s"
        return result
    result.wall = time.perf_counter() - started
    if proc.returncode != 0:
        result.error = (err or "").strip().splitlines()[-1][:100] if err else f"exit {proc.returncode}"
        return result
    result.stages = json.loads(out.strip().splitlines()[-1])
    result.rss_mb = result.stages.pop("rss_mb")
    result.cpu = result.stages.pop("cpu")
    return result


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size / 1024:.0f} KB"


# ---------------------------------------------------------------- table

def table(results: list[Result]) -> str:
    rows = [("shape", "scale", "file", "seconds", "ingest", "struct", "checks", "CPU s", "peak MB", "x prev", "exp")]
    previous: dict[str, Result] = {}
    for r in results:
        before = previous.get(r.shape)
        ratio = exponent = ""
        if before and before.wall and r.wall:
            growth = _work(r) / max(_work(before), 1e-3)
            ratio = f"{growth:.2f}"
            exponent = f"{math.log(growth, r.scale / before.scale):.2f}" if growth > 0 else ""
        stages = r.stages or {}
        rows.append((r.shape, f"{r.scale}x", r.size, f"{r.wall:.2f}" if r.wall else r.error,
                     *(f"{stages[k]:.2f}" if k in stages else "" for k in ("ingest", "structure", "checks")),
                     f"{r.cpu:.2f}" if r.cpu else "", f"{r.rss_mb:.0f}" if r.rss_mb else "", ratio, exponent))
        previous[r.shape] = r
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    lines_ = ["  ".join(str(c).rjust(w) if i >= 3 else str(c).ljust(w) for i, (c, w) in enumerate(zip(row, widths)))
              for row in rows]
    return "\n".join(lines_)


def _work(r: Result) -> float:
    """The audit's own time (the stages), without the process start-up that does not grow."""
    return sum(v for k, v in (r.stages or {}).items() if k != "findings") or (r.wall or 0)


def verdicts(results: list[Result]) -> list[str]:
    notes = []
    largest = {}
    for r in results:
        largest[r.shape] = r
    for shape, r in largest.items():
        if r.error:
            notes.append(f"{shape}: {r.error} at {r.scale}x")
            continue
        if r.wall > TARGET_S:
            notes.append(f"{shape}: {r.wall:.1f} s at {r.scale}x, over the {TARGET_S:.0f} s target")
        if r.rss_mb and r.rss_mb > TARGET_MB:
            notes.append(f"{shape}: {r.rss_mb:.0f} MB at {r.scale}x, over the {TARGET_MB:.0f} MB target")
    return notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES), help="only these shapes (repeatable)")
    parser.add_argument("--sizes", default="1,2,4,8", help="scales to run (comma-separated)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a run is stopped")
    parser.add_argument("--profile", metavar="SHAPE:SCALE", help="cProfile one run, print the top functions")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--html-huge-page", action="store_true",
                        help="only the HTML report of a PDF with a 14,400 pt page (memory of the page crops)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--child-profile", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.child_profile)
        return
    with tempfile.TemporaryDirectory(prefix="auditor-adversarial-") as tmp:
        folder = Path(tmp)
        if args.html_huge_page or not args.shape:  # first: its peak is then that of its own process
            huge_page = measure_huge_page_html(folder, args.timeout)
            print(huge_page, flush=True)
            if args.html_huge_page:
                return
        if args.profile:
            shape, _, scale = args.profile.partition(":")
            r = measure(shape, int(scale or 1), folder, args.timeout, profile=True)
            print(table([r]))
            return
        results = []
        for shape in args.shape or list(SHAPES):
            for scale in (int(s) for s in args.sizes.split(",")):
                results.append(measure(shape, scale, folder, args.timeout))
                print(table(results).splitlines()[-1], flush=True) if len(results) > 1 else print(table(results), flush=True)
                if results[-1].error:  # a larger size would only take longer
                    break
    print()
    print(table(results))
    if not args.shape:
        print(huge_page)
    load = os.getloadavg()[0]
    print(f"load average {load:.1f} on {os.cpu_count()} CPUs" +
          (": other work is slowing the wall times; the CPU column is the figure to trust" if load > (os.cpu_count() or 1)
           else ""))
    for note in verdicts(results):
        print("over target:", note)
    if args.json:
        Path(args.json).write_text(json.dumps([r.__dict__ for r in results], indent=2))


if __name__ == "__main__":
    main()
