"""Issue 15, item 8: Ctrl-C while a long PDF's pages are read by worker processes, or while
--jobs workers audit packs, ends the run with exit 130, one line, no traceback, no hang, and no
process left behind. --jobs is capped at the cores."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE_PDF = REPO / "fixtures" / "leics-cfs-scrutiny-2025-01-21.pdf"

needs_proc = pytest.mark.skipif(not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists()
                                or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2,
                                reason="needs Linux /proc, fork and two cores (workers are started only then)")


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory) -> Path:
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(str(SAMPLE_PDF))
    doc = pdfium.PdfDocument.new()
    for _ in range(4):
        doc.import_pages(source)
    path = tmp_path_factory.mktemp("long") / "long.pdf"
    doc.save(str(path))
    return path


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        for child in _children(todo.pop()):
            found.append(child)
            todo.append(child)
    return found


def interrupt_when_workers_run(args, workers: int = 2, timeout: float = 60):
    """Start the CLI in its own process group, press Ctrl-C (SIGINT to the whole group, as a
    terminal does) once it has `workers` child processes, and wait for it to end."""
    proc = subprocess.Popen([sys.executable, "-c", "from auditor.cli import run; run()", *map(str, args)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=REPO,
                            start_new_session=True)
    deadline = time.monotonic() + timeout
    while len(_children(proc.pid)) < workers and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before its workers were seen"
    descendants = _descendants(proc.pid)
    os.killpg(proc.pid, signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("the run hung after Ctrl-C")
    return proc.returncode, err, descendants


def assert_interrupted(code: int, err: str) -> None:
    assert code == 130, err
    assert "Traceback" not in err and len(err.strip().splitlines()) <= 1, err


def _gone(pids, wait: float = 5.0) -> bool:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if not any(Path(f"/proc/{p}").exists() and "zombie" not in _state(p) for p in pids):
            return True
        time.sleep(0.05)
    return False


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split("\n")[0].lower()
    except (OSError, IndexError):
        return "zombie"


@needs_proc
def test_ctrl_c_while_pages_are_read_ten_times(long_pdf):
    for _ in range(10):
        code, err, workers = interrupt_when_workers_run(["check", long_pdf, "--no-config", "-q"])
        assert_interrupted(code, err)
        assert _gone(workers), "a page-reading worker outlived the run"


@needs_proc
def test_ctrl_c_while_jobs_workers_audit_packs(long_pdf, tmp_path):
    for n in range(3):
        os.link(long_pdf, tmp_path / f"pack{n}.pdf")
    for _ in range(3):
        code, err, workers = interrupt_when_workers_run(["check", tmp_path, "--no-config", "-q", "--jobs", "4"])
        assert_interrupted(code, err)
        assert _gone(workers), "a --jobs worker outlived the run"


def test_jobs_are_capped_at_the_cores(monkeypatch, tmp_path):
    from auditor import batch
    from auditor.rules import load_rules, select_rules

    started = []

    class RecordingPool:
        def __init__(self, max_workers, **kwargs):
            started.append(max_workers)
            raise RuntimeError("stop here")

    monkeypatch.setattr(batch, "ProcessPoolExecutor", RecordingPool)
    monkeypatch.setattr(batch, "usable_cpus", lambda: 2)
    packs = []
    for n in range(5):
        packs.append(tmp_path / f"p{n}.md")
        packs[-1].write_text("# Report\n\nThe date is TBC.\n")
    rules = select_rules(load_rules(), ["draft-"])
    with pytest.raises(RuntimeError):
        batch.run_audits([str(p) for p in packs], rules, {}, jobs=8)
    assert started == [2]
    monkeypatch.setattr(batch, "usable_cpus", lambda: 1)  # one core: in this process, no pool at all
    results = batch.run_audits([str(p) for p in packs], rules, {}, jobs=8)
    assert [len(r.findings) for r in results] == [1] * 5


def test_a_worker_ignores_ctrl_c_and_blocking_holds_it_back():
    from auditor.processes import block_interrupts, ignore_interrupts

    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports by its exit code
        try:
            ignore_interrupts()
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)
            os._exit(0)
        except BaseException:
            os._exit(1)
    assert os.waitpid(pid, 0)[1] == 0
    block_interrupts(True)
    try:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)
    except KeyboardInterrupt:  # pragma: no cover
        pytest.fail("SIGINT was delivered while blocked")
    with pytest.raises(KeyboardInterrupt):
        block_interrupts(False)
        time.sleep(0.05)
