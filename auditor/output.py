"""Writing the files the tool makes (reports, baselines, annotated copies, configs) without harm.

An output never lands on an input pack, by any path (hard link, symlink, `..`). A regular file
is written to a temporary file beside it and then renamed over it, so an interrupted write
leaves the previous file whole. Every failure is an AuditorError: one line, exit code 2.
"""
from __future__ import annotations

import os
import stat
from typing import BinaryIO, Callable, Iterable, Optional, Union

from auditor.errors import AuditorError


def _input_at(target: str, inputs: Iterable[str]) -> Optional[str]:
    """The input that target is (the same file on disk), if any."""
    for source in inputs:
        try:
            if os.path.samefile(target, source):
                return source
        except OSError:  # either one missing
            continue
    return None


def check_target(target: str, inputs: Iterable[str] = (), overwrite: bool = True) -> None:
    """Raise AuditorError if target cannot, or must not, be written."""
    if os.path.isdir(target):
        raise AuditorError(f"cannot write {target}: it is a folder (give a file name)")
    folder = os.path.dirname(target) or "."
    if not os.path.isdir(folder):
        raise AuditorError(f"cannot write {target}: the folder {folder} does not exist")
    if not os.path.exists(target):
        return
    source = _input_at(target, inputs)
    if source is not None:
        raise AuditorError(f"{target}: the output must not overwrite the input {source} (choose another output)")
    if not overwrite:
        raise AuditorError(f"{target}: already exists (use --force to overwrite)")


def make_folder(folder: str) -> None:
    """Make folder (and any missing parents) for outputs."""
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise AuditorError(f"cannot write into {folder}: it is a file, not a folder")
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise AuditorError(f"cannot create the folder {folder}: {exc.strerror or exc}") from None


def safe_write(target: str, data: Union[bytes, str], inputs: Iterable[str] = (), overwrite: bool = True) -> None:
    """Write data (str as UTF-8) to target; see safe_write_with."""
    content = data.encode("utf-8") if isinstance(data, str) else data
    safe_write_with(target, lambda fh: fh.write(content), inputs, overwrite)


def safe_write_with(target: str, write_to: Callable[[BinaryIO], object], inputs: Iterable[str] = (),
                    overwrite: bool = True) -> None:
    """Call write_to(binary file) to make target: never over an input, and never leaving it half-written."""
    check_target(target, list(inputs), overwrite)
    try:
        if os.path.exists(target) and not os.path.isfile(target):  # /dev/stdout, /dev/full, a pipe: no rename
            with open(target, "wb") as fh:
                write_to(fh)
        else:
            _replace_atomically(os.path.realpath(target), write_to)
    except OSError as exc:
        raise AuditorError(f"cannot write {target}: {exc.strerror or exc}") from None


def _replace_atomically(path: str, write_to: Callable[[BinaryIO], object]) -> None:
    import tempfile  # only when a file is written: keeps start-up quick

    mode = _mode_for(path)
    temp = tempfile.NamedTemporaryFile(dir=os.path.dirname(path), prefix=f".{os.path.basename(path)}.",
                                       suffix=".tmp", delete=False)
    try:
        with temp:
            write_to(temp)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp.name, mode)
        os.replace(temp.name, path)
    except BaseException:  # a failed or interrupted write: the previous file stays, the temp file goes
        try:
            os.unlink(temp.name)
        except OSError:
            pass
        raise


def _mode_for(path: str) -> int:
    """The permissions the file keeps (if it exists) or would get from a plain open() (if new)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
