"""Pipeline: the one place where the stages meet.

probe -> one decode pass (thumbnails for hashing and shots; sampled full frames for the
people stage) -> shots -> repeated segments across all inputs -> recurring individuals ->
findings.json (+ report.pdf). A bad input becomes an entry in `errors` and the others go on.
"""
from __future__ import annotations

import datetime as _dt
import logging
import os
import platform
import shutil
import tempfile
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from . import hashing, shots as shots_mod
from ._threads import single_threaded_numerics
from ._version import __version__
from .config import AnalysisConfig
from .decode import Sampler, stream_frames
from .probe import probe
from .result import FINDINGS_NAME, AnalysisResult, validate
from .store import CaseStore, param_key, write_bytes_atomic, write_text_atomic
from .types import FrameHashes, InputError, Shot, VideoInfo

log = logging.getLogger("vidforensics")

_LIBRARIES = ("av", "numpy", "opencv-python-headless", "Pillow", "fpdf2", "uharfbuzz", "matplotlib",
              "jsonschema", "dlib-bin", "face-recognition-models")


def tool_info() -> dict[str, Any]:
    libs: dict[str, str] = {}
    for name in _LIBRARIES:
        try:
            libs[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    try:
        import av
        libs["ffmpeg (in PyAV)"] = ", ".join(
            f"{k.removeprefix('lib')} {'.'.join(map(str, v))}" for k, v in
            sorted(av.library_versions.items()) if k in ("libavcodec", "libavformat"))
    except ImportError:
        pass
    return {"name": "vidforensics", "version": __version__, "libraries": libs,
            "python": platform.python_version(), "platform": platform.platform(terse=True)}


@dataclass(frozen=True)
class VideoAnalysis:
    """Everything the per-video stages produced for one input."""
    info: VideoInfo
    hashes: FrameHashes
    shots: tuple[Shot, ...]
    people: Any = None          # the people stage's per-video result, when it ran
    from_cache: bool = False    # hashes were reused from the case folder's cache


ProgressFactory = Callable[[int, str], Any]   # (total frames, label) -> tqdm-like object


def _decode_and_hash(info: VideoInfo, cfg: AnalysisConfig, people, progress: ProgressFactory | None
                     ) -> tuple[FrameHashes, dict[str, np.ndarray]]:
    """One decode pass. Batches are hashed (and fed to the people stage) in one worker thread,
    in order, while the main thread decodes the next batch: FFmpeg's own threads leave part
    of the cores idle, and NumPy/OpenCV release the GIL."""
    cols: dict[str, list[np.ndarray]] = {}
    bar = progress(info.frame_count, Path(info.path).name) if progress else None
    variant_clock = Sampler(cfg.hashing.variant_fps)
    n_rows = 0

    def process(batch) -> dict[str, np.ndarray]:          # runs in the worker, in batch order
        nonlocal n_rows
        times = [p * info.time_base for p in batch.pts.tolist()]
        with_variants = np.array([variant_clock.take(t) for t in times], bool)
        out = hashing.hash_batch(batch.thumbs, cfg.hashing, with_variants)
        out["variant_rows"] = out["variant_rows"] + n_rows
        n_rows += len(batch.index)
        out["small"], out["hist"] = shots_mod.shot_features(batch.thumbs)
        out["index"], out["pts"] = batch.index, batch.pts
        for i, pts, rgb in batch.full:
            people.feed(info.path, i, pts, float(pts * info.time_base), rgb)
        return out

    def collect(done: dict[str, np.ndarray]) -> None:
        for k, v in done.items():
            cols.setdefault(k, []).append(v)
        if bar is not None and len(done["index"]):
            bar.update(int(done["index"][-1]) + 1 - bar.n)

    try:
        with single_threaded_numerics(), ThreadPoolExecutor(max_workers=1) as worker:
            pending: deque = deque()
            try:
                for batch in stream_frames(info, thumb_size=cfg.decode.thumb_size,
                                           sample_fps=cfg.decode.sample_fps, threads=cfg.decode.threads,
                                           full_fps=cfg.people.sample_fps if people else None):
                    pending.append(worker.submit(process, batch))
                    while len(pending) > 2:                    # bounded memory
                        collect(pending.popleft().result())
                while pending:
                    collect(pending.popleft().result())
            finally:
                for f in pending:                              # a decode error: stop the worker
                    f.cancel()
    finally:
        if bar is not None:
            bar.close()
    cat = {k: np.concatenate(v) for k, v in cols.items()}
    feats = {"small": cat.pop("small"), "hist": cat.pop("hist")}
    index, pts = cat.pop("index"), cat.pop("pts")
    hashes = FrameHashes(video=info.path, time_base=info.time_base, index=index, pts=pts,
                         variant_names=hashing.VARIANT_NAMES,
                         thumb_size=cfg.decode.thumb_size, **cat)
    return hashes, feats


def analyze_video(path: str, cfg: AnalysisConfig, store: CaseStore | None = None, people=None,
                  progress: ProgressFactory | None = None) -> VideoAnalysis:
    """Probe, decode once, hash and split into shots one input. Raises InputError."""
    info = probe(path)
    hkey = param_key(asdict(cfg.decode), asdict(cfg.hashing), asdict(cfg.shots))
    pkey = param_key(asdict(cfg.decode), asdict(cfg.people))
    cached = store.load_hashes(info.sha256, hkey, path) if store else None
    people_res = None
    if store and people:
        from .people import VideoPeople
        people_res = store.load_with(info.sha256, pkey, "people", VideoPeople.from_npz)
        if people_res is not None:
            people_res = people_res.relabel(path)        # the same file may come under another path
    need_people = people is not None and people_res is None
    if cached is None or need_people:
        hashes, feats = _decode_and_hash(info, cfg, people if need_people else None, progress)
        if store:
            store.save_hashes(info.sha256, hkey, hashes, feats)
        log.info("%s: decoded %d frames", path, len(hashes))
    else:
        hashes, feats = cached
        log.info("%s: reused cached hashes (%s)", path, hkey)
    shot_list = shots_mod.detect_shots(path, hashes.index, hashes.pts, info.time_base, info.end_pts,
                                       info.frame_count - 1, feats["small"], feats["hist"], cfg.shots)
    if need_people:
        frame_size = info.display_size
        people_res = people.finish_video(path, shot_list, frame_size)
        if store:
            store.save_with(info.sha256, pkey, "people", people_res.to_npz)
    return VideoAnalysis(info, hashes, tuple(shot_list), people_res, from_cache=cached is not None
                         and not need_people)


def analyze(paths: str | Sequence[str], out: str | Path | None = None, *,
            config: AnalysisConfig | None = None,
            provenance: dict[str, dict[str, Any]] | None = None,
            progress: ProgressFactory | None = None,
            on_error: Callable[[InputError], None] | None = None) -> AnalysisResult:
    """Analyse videos; with `out`, write `findings.json` (and `report.pdf`) into that case folder.

    Inputs are only ever opened for reading. Each unreadable input is recorded in
    `result.errors` (one line each) and reported through `on_error`; the rest are analysed.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    paths = [str(p) for p in paths]
    cfg = config or AnalysisConfig()
    created = prepare_case_dir(out) if out is not None else False
    try:
        return _analyze(paths, out, cfg, provenance, progress, on_error)
    except BaseException:
        if created:                 # leave nothing behind from a run that did not finish
            shutil.rmtree(out, ignore_errors=True)
        raise


def prepare_case_dir(out: str | Path) -> bool:
    """Check that `out` can be a case folder before any work; True when this call created it."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise CaseDirError(f"{out}: exists and is not a folder")
    created = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as e:
        if created:
            shutil.rmtree(out, ignore_errors=True)
        raise CaseDirError(f"{out}: cannot write a case folder here ({e.strerror or e})") from None
    return created


class CaseDirError(ValueError):
    """The output folder cannot be used. `str()` is one line."""


def _analyze(paths: list[str], out, cfg: AnalysisConfig, provenance, progress, on_error
             ) -> AnalysisResult:
    store = CaseStore(out) if out is not None else None
    people = None
    if cfg.people.enabled:
        from .people import PeopleAnalyzer      # heavy models: only when asked for
        people = PeopleAnalyzer(cfg.people)

    journal: list[str] = [f"vidforensics {__version__}; {len(paths)} input(s)"]
    videos: list[VideoAnalysis] = []
    errors: list[dict[str, str]] = []
    seen: dict[str, str] = {}
    for path in paths:
        real = os.path.realpath(path)
        if real in seen:            # the same file named twice: analysed once
            log.warning("%s: the same file as %s; analysed once", path, seen[real])
            journal.append(f"skipped {path}: the same file as {seen[real]}")
            continue
        seen[real] = path
        try:
            va = analyze_video(path, cfg, store, people, progress)
        except InputError as e:
            errors.append({"path": path, "error": e.reason})
            journal.append(f"error: {path}: {e.reason}")
            if on_error:
                on_error(e)
            continue
        videos.append(va)
        journal.append(f"read {path}: sha256 {va.info.sha256}, {len(va.hashes)} frames hashed, "
                       f"{int(va.hashes.low_info.sum())} low-information, {len(va.shots)} shots")
        if va.from_cache:      # kept out of findings.json, which must not depend on the cache
            log.info("%s: hashes reused from the case cache", path)

    groups: list = []
    if cfg.matching.enabled and videos:
        from .matching import find_repeats
        groups = find_repeats(videos, cfg.matching)
        journal.append(f"repeated segments: {len(groups)} group(s)")
    individuals: list = []
    people_params: dict[str, Any] = {}
    if people is not None and videos:
        from .people import link_individuals
        individuals, people_params = link_individuals([v.people for v in videos if v.people is not None],
                                                      cfg.people)
        journal.append(f"recurring individuals: {len(individuals)}")

    params = cfg.to_dict()
    params["hashing"]["variants"] = list(hashing.VARIANT_NAMES)
    if people_params:
        params["people"]["models"] = people_params
    result = AnalysisResult(
        tool=tool_info(),
        created_utc=_dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        parameters=params, inputs=tuple(v.info for v in videos), errors=tuple(errors),
        shots=tuple(s for v in videos for s in v.shots), repeated_segments=tuple(groups),
        recurring_individuals=tuple(individuals), provenance=dict(provenance or {}),
        processing_log=tuple(journal), case_dir=str(out) if out is not None else None)
    if out is not None:
        if not videos:
            raise NothingAnalysed(f"no input could be analysed; nothing written to {out}")
        write_case(result, out, cfg)
    return result


class NothingAnalysed(RuntimeError):
    """Every input failed: no case is written (the errors were reported one by one)."""


def write_case(result: AnalysisResult, out: str | Path, cfg: AnalysisConfig) -> None:
    """findings.json (validated) and report.pdf; the report is drawn before anything is written."""
    validate(result.to_dict())
    pdf = None
    if cfg.report.pdf:
        from .report import build_pdf
        pdf = build_pdf(result, None, verify_inputs=False)
    write_text_atomic(Path(out) / FINDINGS_NAME, result.to_json())
    if pdf is not None:
        from .report import REPORT_NAME
        write_bytes_atomic(Path(out) / REPORT_NAME, pdf)
