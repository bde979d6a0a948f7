"""Finding the videos among the files and folders a user names, by content (not extension).

`find_videos(paths, recursive=True)` walks folders in a stable (sorted) order and keeps every
regular file that FFmpeg opens with a moving-picture video stream; everything else is
returned as skipped with a one-line reason. Files are only opened for reading, and only the
container header is read (no decoding).
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from .types import InputError

# what FFmpeg opens as a "video stream" that is a still picture (image2, *_pipe) or text art
_STILL_FORMATS = {"image2", "tty"}
_TEXT_CODECS = {"ansi", "bintext", "xbin", "idf"}


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


def video_check(path: str) -> str | None:
    """None when `path` holds footage FFmpeg can open; otherwise why it is not a video."""
    from .probe import open_container, video_stream
    try:
        with open_container(path) as container:
            fmt = container.format.name.split(",")[0]
            stream = video_stream(container, path)
            codec = stream.codec_context.name
            if fmt in _STILL_FORMATS or fmt.endswith("_pipe") or codec in _TEXT_CODECS:
                return f"not a video (FFmpeg reads it as {fmt}/{codec}: a still image or text)"
    except InputError as e:
        return e.reason
    return None


def _walk(folder: Path, exclude: set[str]) -> Iterable[Path]:
    """Files below `folder`, sorted by name at every level; links are not followed."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        full = Path(entry.path)
        if os.path.realpath(full) in exclude:
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(full, exclude)
        else:
            yield full


def find_videos(paths: Sequence[str | os.PathLike], *, recursive: bool = False,
                exclude: Sequence[str | os.PathLike] = ()) -> tuple[list[str], list[Skipped]]:
    """(videos, skipped). Files named directly are kept as given (a bad one is reported by the
    analysis itself); with `recursive`, a folder contributes the videos found in it by
    content, and the other files in it come back as skipped. Folders in `exclude` (e.g. the
    case folder being written) are not entered."""
    skip_dirs = {os.path.realpath(p) for p in exclude}
    videos: list[str] = []
    skipped: list[Skipped] = []
    for raw in paths:
        path = os.fspath(raw)
        try:
            is_dir = stat.S_ISDIR(os.stat(path).st_mode)
        except OSError:
            is_dir = False
        if not is_dir or not recursive:
            videos.append(path)
            continue
        for f in _walk(Path(path), skip_dirs):
            try:
                mode = os.lstat(f).st_mode
            except OSError as e:
                skipped.append(Skipped(str(f), f"cannot read ({e.strerror})"))
                continue
            if stat.S_ISLNK(mode):
                skipped.append(Skipped(str(f), "a symbolic link (not followed inside folders)"))
                continue
            reason = video_check(str(f))
            if reason is None:
                videos.append(str(f))
            else:
                skipped.append(Skipped(str(f), reason))
    return videos, skipped
