"""Worker processes: how many cores this process may use, whether it is itself a worker, and Ctrl-C.

Used by the batch runner (--jobs), the checks' two-process split and the PDF reader's page workers,
so it sits below them all and imports nothing of the package.
"""
from __future__ import annotations

import os
import signal
from contextlib import contextmanager

# The terminal sends Ctrl-C to every process of the group: workers would each raise
# KeyboardInterrupt and print a traceback, and a worker dying mid-message can leave the pool
# waiting forever. Workers ignore it instead; the parent alone stops, and ends them.

def ignore_interrupts() -> None:
    """Initializer of a worker process: Ctrl-C is the parent's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    block_interrupts(False)


def block_interrupts(blocked: bool) -> None:
    """Hold back (or let through) SIGINT in this thread; one that arrives while held back is
    delivered when it is let through. A process forked meanwhile starts with it held back."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK if blocked else signal.SIG_UNBLOCK, {signal.SIGINT})


@contextmanager
def workers_deaf_to_interrupts():
    """Around starting worker processes (multiprocessing forks them): a worker cannot receive
    Ctrl-C before its initializer (ignore_interrupts) ignores it; in the parent a Ctrl-C pressed
    meanwhile is raised as KeyboardInterrupt as soon as the block ends."""
    block_interrupts(True)
    try:
        yield
    finally:
        block_interrupts(False)


def stop_workers(pool) -> None:
    """End a ProcessPoolExecutor's workers at once (no waiting for the packs they are reading).
    The pool then finds them gone and shuts down at once; waiting for that (not wait=False) keeps
    Python 3.11's exit hook from writing to the pool's closed wake-up pipe (a traceback at exit)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def in_worker_process() -> bool:
    """A process started by multiprocessing (a --jobs worker): the cores are already busy, and a
    process of its own it started would outlive it if it were stopped."""
    import multiprocessing

    return multiprocessing.current_process().daemon or multiprocessing.parent_process() is not None


def usable_cpus() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
