"""Adding videos to an archive index: the pipeline's own decode+hash per file, then the
kept frames, their crop variants and vPDQ frame hashes appended to the index.

A file already in the index (same SHA-256 and parameters) is not decoded again; each file
is committed as soon as it is hashed, so an interrupted add keeps every file finished
before; an unreadable file is listed (in the catalogue's errors and through `on_error`)
and the others go on. With a Dask client (`distributed.py`), files are decoded on the
workers and committed here, in the order given.
"""
from __future__ import annotations

import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

import numpy as np

from ..config import AnalysisConfig, IndexConfig
from ..probe import sha256_file
from ..store import param_key
from ..types import InputError
from .index import ROW_DTYPE, VPDQ_DTYPE, ArchiveIndex, IndexedVideo

log = logging.getLogger("vidforensics")

VIDEO_SUFFIXES = (".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".mpg", ".mpeg", ".ts",
                  ".mts", ".m2ts", ".3gp", ".flv", ".wmv", ".ogv")


class VpdqFeeder:
    """Takes the decoder's sampled full-size colour frames (the people stage's hook in
    `pipeline.analyze_video`) and hashes each with true PDQ: vPDQ features."""

    def __init__(self) -> None:
        self._rows: list[tuple] = []

    def feed(self, path: str, index: int, pts: int, time_s: float, rgb: np.ndarray) -> None:
        from ..pdq import pdq_hash
        h, q = pdq_hash(rgb)
        self._rows.append((index, q, h, time_s))

    def finish_video(self, path: str, shots, frame_size) -> np.ndarray:
        out = np.zeros(len(self._rows), VPDQ_DTYPE)
        for k, (i, q, h, t) in enumerate(self._rows):
            out[k] = (i, q, h, t)
        self._rows = []
        return out


def _seed_flags(times: np.ndarray, valid: np.ndarray, shot: np.ndarray, pdq: np.ndarray,
                seed_fps: float, same_within: int = 8, static_s: float = 3.0) -> np.ndarray:
    """At most one seed per 1/seed_fps seconds among valid rows; in a static shot a near-copy
    (<= same_within bits) of the previous seed less than static_s before is skipped."""
    from ..hashing import hamming
    flags = np.zeros(len(times), np.uint8)
    if len(times) == 0:
        return flags
    slot = np.floor((times - times[0]) * seed_fps).astype(np.int64)
    cand = np.flatnonzero(valid)
    cand = cand[np.unique(slot[cand], return_index=True)[1]]
    last = None
    for r in cand.tolist():
        if (last is not None and shot[r] == shot[last] and times[r] - times[last] < static_s
                and int(hamming(pdq[r], pdq[last])) <= same_within):
            continue
        flags[r] = 1
        last = r
    return flags


def record_from_analysis(va, cfg: IndexConfig) -> IndexedVideo:
    """The index's view of one `pipeline.VideoAnalysis`: its variant rows only."""
    h, info = va.hashes, va.info
    names = list(h.variant_names)
    sel = [names.index(n) for n in cfg.variants]
    vr = h.variant_rows
    times_all = h.time_s
    diffs = np.diff(times_all)
    frame_dur = float(np.median(diffs)) if len(diffs) else (
        float(1 / info.frame_rate) if info.frame_rate else 0.04)
    starts = np.array([s.start_frame for s in va.shots], np.int64)
    shot_all = (np.searchsorted(starts, h.index, side="right") - 1) if len(starts) else \
        np.zeros(len(h), np.int64)
    rows = np.zeros(len(vr), ROW_DTYPE)
    rows["pts"], rows["index"] = h.pts[vr], h.index[vr]
    rows["shot"] = shot_all[vr]
    rows["valid"] = ~h.low_info[vr]
    rows["bars"] = np.clip(np.round(h.bars[vr].astype(np.float64) / h.thumb_size * 255), 0, 255)
    variants = np.ascontiguousarray(h.variants[:, sel])
    rows["seed"] = _seed_flags(times_all[vr], rows["valid"].astype(bool), rows["shot"],
                               variants[:, 0], cfg.seed_fps)
    vpdq = va.people if isinstance(va.people, np.ndarray) else np.zeros(0, VPDQ_DTYPE)
    return IndexedVideo(sha256=info.sha256, path=info.path, time_base=info.time_base,
                        frame_dur=frame_dur, duration_s=float(info.duration_s),
                        last_frame=int(info.frame_count) - 1, rows=rows, variants=variants, vpdq=vpdq)


def hash_for_index(path: str, analysis: dict[str, Any], index_cfg: dict[str, Any]) -> IndexedVideo:
    """Decode and hash one file for the index (runs here or on a Dask worker).
    Raises InputError for an unreadable file."""
    from ..pipeline import analyze_video
    cfg = AnalysisConfig.from_dict(analysis)
    icfg = IndexConfig(**{k: tuple(v) if isinstance(v, list) else v for k, v in index_cfg.items()})
    # no keypoint stage here: the decode pass keeps no stills for it
    cfg = cfg.replace(people__sample_fps=icfg.vpdq_fps, matching__estimate_transforms=False)
    va = analyze_video(path, cfg, None, VpdqFeeder())
    return record_from_analysis(va, icfg)


def index_params(index: ArchiveIndex) -> str:
    return param_key(index.analysis_dict, asdict(index.config))


def expand(paths: Sequence[str], recursive: bool) -> tuple[list[str], list[tuple[str, str]]]:
    """Files to add (folders walked with --recursive, sorted) and paths that cannot be."""
    files: list[str] = []
    bad: list[tuple[str, str]] = []
    for p in paths:
        if os.path.isdir(p):
            if not recursive:
                bad.append((p, "is a folder (use --recursive)"))
                continue
            for root, dirs, names in os.walk(p):
                dirs.sort()
                files += [os.path.join(root, n) for n in sorted(names)
                          if n.lower().endswith(VIDEO_SUFFIXES) and not n.startswith(".")]
        elif os.path.exists(p):
            files.append(p)
        else:
            bad.append((p, "no such file"))
    return files, bad


@dataclass
class AddReport:
    added: list[str]
    skipped: list[str]             # already in the index with the same parameters
    errors: list[tuple[str, str]]


Runner = Callable[[list[str], dict, dict], Iterator[tuple[str, Any]]]


def run_local(paths: list[str], analysis: dict, index_cfg: dict) -> Iterator[tuple[str, Any]]:
    """One file after another in this process: (path, IndexedVideo or InputError)."""
    for p in paths:
        try:
            yield p, hash_for_index(p, analysis, index_cfg)
        except InputError as e:
            yield p, e


def add_paths(index: ArchiveIndex, paths: Sequence[str], recursive: bool = False,
              runner: Runner | None = None,
              on_error: Callable[[str, str], None] | None = None,
              on_added: Callable[[str], None] | None = None) -> AddReport:
    files, bad = expand(paths, recursive)
    report = AddReport([], [], [])
    for p, why in bad:
        report.errors.append((p, why))
        if on_error:
            on_error(p, why)
    params = index_params(index)
    with index.writing():
        todo: list[str] = []
        todo_sha: set[str] = set()
        sha_here: dict[str, str] = {}
        seen: set[str] = set()
        for p in files:
            real = os.path.realpath(p)
            if real in seen:
                continue
            seen.add(real)
            try:
                sha = sha256_file(p)
            except OSError as e:
                report.errors.append((p, f"cannot read ({e.strerror or e})"))
                index.record_error(p, report.errors[-1][1])
                if on_error:
                    on_error(p, report.errors[-1][1])
                continue
            if sha in todo_sha:                        # the same bytes twice in this add
                report.skipped.append(p)
                continue
            known = index.has(sha, params)
            if known is not None:
                if known.path != p and not os.path.exists(known.path):
                    index.touch_path(known, p)
                report.skipped.append(p)
                continue
            todo.append(p)
            todo_sha.add(sha)
            sha_here[p] = sha
        results: Iterable[tuple[str, Any]] = (runner or run_local)(
            todo, index.analysis_dict, asdict(index.config)) if todo else ()
        try:
            for p, res in results:
                if isinstance(res, IndexedVideo) and p in sha_here and res.sha256 != sha_here[p]:
                    # a worker on another machine read another file under this path
                    res = InputError(p, f"the file read for indexing (SHA-256 {res.sha256[:12]}...) is not "
                                        f"the one here ({sha_here[p][:12]}...); a worker's copy differs")
                if isinstance(res, IndexedVideo):
                    if index.has(res.sha256, params) is None:      # the same bytes twice in one add
                        index.add(res, params)
                        report.added.append(p)
                        if on_added:
                            on_added(p)
                    else:
                        report.skipped.append(p)
                else:
                    reason = getattr(res, "reason", None) or " ".join(str(res).split()) or type(res).__name__
                    report.errors.append((p, reason))
                    index.record_error(p, reason)
                    if on_error:
                        on_error(p, reason)
        finally:
            if not index.bands_current():
                index.build_bands()
    return report
