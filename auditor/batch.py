"""Audit many packs: in order or in parallel processes, with an optional progress bar on stderr."""
from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from auditor.errors import AuditorError


@dataclass
class PackFailure:
    path: str
    message: str


def audit_path(path: str, rules, options: dict, name: Optional[str] = None, progress=None):
    """One pack -> PackResult, or PackFailure with a one-line reason (never raises for a bad file)."""
    from auditor.pipeline import audit

    try:
        return audit(path, rules, display_name=name or path, options=options, progress=progress)
    except AuditorError as exc:
        return PackFailure(path, str(exc))
    except Exception as exc:  # a parser library failing on a damaged file
        return PackFailure(path, f"{path}: cannot read this file ({type(exc).__name__}: {exc})")


def _worker(args):
    path, rules, options, name = args
    return audit_path(path, rules, options, name)


def run_audits(paths: list[str], rules, options: dict, jobs: int = 1, show_progress: bool = False,
               names: Optional[dict[str, str]] = None) -> list:
    """PackResult or PackFailure per path, in the order of `paths`."""
    names = names or {}
    if jobs <= 1 or len(paths) <= 1:
        with _progress(show_progress) as bar:
            return [_audit_with_bar(p, rules, options, names.get(p), bar) for p in paths]
    return _parallel(paths, rules, options, jobs, names, show_progress)


def _audit_with_bar(path, rules, options, name, bar):
    if bar is None:
        return audit_path(path, rules, options, name)
    task = bar.add_task(f"{Path(path).name}: parsing", total=len(rules) or 1)

    def report(stage, done, total):
        if stage == "parsed":
            bar.update(task, description=f"{Path(path).name}: {done} page(s) parsed, checking")
        else:
            bar.update(task, completed=done)

    result = audit_path(path, rules, options, name, progress=report)
    bar.update(task, completed=len(rules) or 1, description=f"{Path(path).name}: done")
    return result


def _parallel(paths, rules, options, jobs, names, show_progress):
    results: dict[str, object] = {}
    with ProcessPoolExecutor(max_workers=min(jobs, len(paths))) as pool:
        # every worker is started before the progress bar's refresh thread exists
        futures = {pool.submit(_worker, (p, rules, options, names.get(p))): p for p in paths}
        with _progress(show_progress) as bar:
            task = bar.add_task(f"{len(paths)} packs, {jobs} jobs", total=len(paths)) if bar else None
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                if bar is not None:
                    bar.advance(task)
    return [results[p] for p in paths]


def _progress(show: bool):
    if not show:
        return nullcontext()  # `with ... as bar` gives None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=Console(stderr=True), transient=True)


def progress_wanted(quiet: bool, machine_output_on_stdout: bool, stream=None) -> bool:
    """A bar only for a person at a terminal: not with --quiet, not in CI, not under piped machine output."""
    stream = stream or sys.stderr
    if quiet or machine_output_on_stdout or os.environ.get("CI"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())
