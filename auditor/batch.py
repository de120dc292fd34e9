"""Audit many packs: which files a command line names, then in order or in parallel processes,
with an optional progress bar on stderr."""
from __future__ import annotations

import fnmatch
import logging
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from auditor.errors import AuditorError, InputError
from auditor.processes import ignore_interrupts, stop_workers, usable_cpus, workers_deaf_to_interrupts

STDIN = "-"
# Files that sit beside packs in a folder but are not packs: the repository's own notes, and Word's
# lock files. Named on the command line they are audited; found in a folder they are skipped.
NOT_PACKS_IN_FOLDERS = ("readme*", "changelog*", "license*", "licence*", "contributing*", "~$*")


def expand_packs(paths: list[str], exclude: tuple[str, ...] = (), own_outputs: tuple[str, ...] = ()) -> list[str]:
    """The pack files the paths name: files as given, folders searched recursively, '-' kept for stdin.

    exclude: glob patterns matched against the file's name, its path or any of its folders.
    own_outputs: glob patterns for this tool's own outputs (reports, annotated copies), skipped in folders.
    """
    from auditor.ingest import PACK_SUFFIXES

    found: list[str] = []
    excluded: list[str] = []
    for path in paths:
        if path == STDIN:
            found.append(path)
        elif os.path.isdir(path):
            packs = _packs_in_folder(path, PACK_SUFFIXES, exclude, NOT_PACKS_IN_FOLDERS + tuple(own_outputs))
            if not packs:
                raise InputError(f"{path}: no packs in this directory or its subdirectories"
                                 + (" outside --exclude" if exclude else "")
                                 + f" (looked for {', '.join(PACK_SUFFIXES)})")
            for pack in packs:
                (excluded if matches_any(pack, exclude, path) else found).append(pack)
        elif not os.path.exists(path):
            raise InputError(f"{path}: no such file")
        elif matches_any(path, exclude):
            excluded.append(path)
        else:
            found.append(path)
    if not found:
        raise InputError(f"no packs left to audit: all {len(excluded)} match --exclude")
    return list(dict.fromkeys(found))  # a file named twice, or named and inside a folder named


def _packs_in_folder(folder: str, suffixes, exclude, skipped) -> list[str]:
    """Pack files under folder, in name order; excluded folders and dot-folders are not entered."""
    packs = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs
                         if not d.startswith(".") and not matches_any(os.path.join(root, d), exclude, folder))
        for name in sorted(files):
            if (name.lower().endswith(suffixes) and not name.startswith(".")
                    and not any(fnmatch.fnmatchcase(name.lower(), p) for p in skipped)):
                packs.append(os.path.join(root, name))
    return packs


def matches_any(path: str, patterns, root: Optional[str] = None) -> bool:
    """True if a glob matches the path as given, its name, or a run of its folders ('archive', 'drafts/*').

    Inside a folder given on the command line (root), only the part below it is searched for names,
    so that `--exclude council` does not exclude everything under /home/me/council/packs.
    """
    if not patterns:
        return False
    below = os.path.relpath(path, root) if root else path
    parts = [p for p in Path(below).as_posix().split("/") if p not in ("", ".")]
    runs = {"/".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)}
    runs.add(Path(path).as_posix())
    for pattern in patterns:
        pattern = pattern.strip().removeprefix("./").rstrip("/")
        while pattern.startswith("**/"):
            pattern = pattern[3:]
        if pattern and any(fnmatch.fnmatch(run, pattern) for run in runs):
            return True
    return False


@dataclass
class PackFailure:
    path: str
    message: str


# Libraries that log every repair they make to a damaged PDF (thousands of lines for one file): the
# tool reports what matters itself, in one line.
NOISY_LIBRARY_LOGGERS = ("pypdf", "pdfminer", "pdfplumber", "PIL")


@contextmanager
def quiet_pdf_libraries():
    """The PDF libraries' logging silenced (below CRITICAL) for the duration."""
    loggers = [logging.getLogger(name) for name in NOISY_LIBRARY_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


def audit_path(path: str, rules, options: dict, name: Optional[str] = None, progress=None):
    """One pack -> PackResult, or PackFailure with a one-line reason (never raises for a bad file)."""
    from auditor.pipeline import audit

    try:
        with quiet_pdf_libraries():
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
    jobs = min(jobs, usable_cpus())  # more processes than cores: more memory, no more speed
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
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(paths)), initializer=ignore_interrupts)
    try:
        with workers_deaf_to_interrupts():  # every worker is started here (fork), ignoring Ctrl-C
            # and before the progress bar's refresh thread exists
            futures = {pool.submit(_worker, (p, rules, options, names.get(p))): p for p in paths}
        with _progress(show_progress) as bar:
            task = bar.add_task(f"{len(paths)} packs, {jobs} jobs", total=len(paths)) if bar else None
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                if bar is not None:
                    bar.advance(task)
    except BaseException:  # Ctrl-C, or a worker lost: stop the others now instead of waiting for them
        stop_workers(pool)
        raise
    pool.shutdown()
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
