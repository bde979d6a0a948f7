"""Case: the case folder as one unit of evidence.

A run writes every file of the case (findings.json, report.pdf, run-log.json) in full beside
the final names first, and only then renames them into place, with SIGINT/SIGTERM held off
for those few renames. A run that fails or is interrupted before that point leaves the
previous case exactly as it was; a re-run without a PDF removes the old report, which
would describe other findings. A folder the run created is cleaned up on failure by
removing only what this run wrote, so a case another run finished there meanwhile stays.
No output may be one of the inputs.
"""
from __future__ import annotations

import contextlib
import json
import os
import signal
import tempfile
import threading
from pathlib import Path
from typing import Any, Iterable

from .result import FINDINGS_NAME, RUN_LOG_NAME

REPORT_NAME = "report.pdf"
CASE_FILES = (FINDINGS_NAME, REPORT_NAME, REPORT_NAME + ".sha256", "viewer.html", RUN_LOG_NAME)


class CaseDirError(ValueError):
    """The output folder cannot be used. `str()` is one line."""


def prepare_case_dir(out: str | os.PathLike, inputs: Iterable[str] = ()) -> bool:
    """Check that `out` can be a case folder before any work; True when this call created it."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise CaseDirError(f"{out}: exists and is not a folder")
    check_outputs_are_not_inputs(out, inputs)
    created = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as e:
        if created:
            remove_if_empty(out)
        raise CaseDirError(f"{out}: cannot write a case folder here ({e.strerror or e})") from None
    except BaseException:        # Ctrl-C or SIGTERM just after the folder was made
        if created:
            remove_if_empty(out)
        raise
    return created


def check_outputs_are_not_inputs(out: Path, inputs: Iterable[str]) -> None:
    """Refuse a case folder where writing the case would replace one of the inputs."""
    for name in CASE_FILES:
        target = out / name
        if not target.exists():
            continue
        for path in inputs:
            try:
                same = os.path.samefile(path, target)
            except OSError:
                continue
            if same:
                raise CaseDirError(f"{out}: the input {path} is this folder's {name}, which the "
                                   "case would overwrite; choose another --out")


def remove_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):
        folder.rmdir()


def cleanup_created(out: Path, written: Iterable[Path]) -> None:
    """Undo a failed run in a folder it created: remove only the files it wrote, then the
    folders if nothing else is in them (another run may have put a case there meanwhile)."""
    for p in written:
        with contextlib.suppress(OSError):
            p.unlink()
    remove_if_empty(out / "cache")
    remove_if_empty(out)


def _staged(final: Path, data: bytes) -> str:
    fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".staged", dir=final.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


@contextlib.contextmanager
def _signals_held():
    """Hold SIGINT/SIGTERM for the renames (main thread only); delivered afterwards."""
    sigs = {signal.SIGINT, signal.SIGTERM}
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, sigs)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def commit_case(out: str | os.PathLike, files: dict[str, bytes | None]) -> None:
    """Replace the case's files by `files` (name -> bytes, None = remove) in one step.

    Everything is written to staged files first (a full disk fails here, leaving the old case
    untouched); then the renames happen with signals held. The report goes first and the
    findings last, so no moment shows new findings beside an old report."""
    out = Path(out)
    staged: dict[str, str] = {}
    try:
        for name, data in files.items():
            if data is not None:
                staged[name] = _staged(out / name, data)
        order = sorted(files, key=lambda n: (n == FINDINGS_NAME, n))
        with _signals_held():
            for name in order:
                if files[name] is None:
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(out / name)
                else:
                    os.replace(staged.pop(name), out / name)
    finally:
        for tmp in staged.values():
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def run_log_bytes(entries: dict[str, Any]) -> bytes:
    return (json.dumps(entries, indent=2, ensure_ascii=False, allow_nan=False, sort_keys=True)
            + "\n").encode("utf-8")
