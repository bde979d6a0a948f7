"""Pipeline: the one place where the stages meet.

probe -> one decode pass (thumbnails for hashing and shots; sampled full frames for the
people stage) -> shots -> repeated segments across all inputs -> recurring individuals ->
findings.json (+ report.pdf). A bad input becomes an entry in `errors` and the others go on.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import logging
import os
import platform
import time
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
from .case import (REPORT_NAME, RUN_LOG_NAME, CaseDirError, cleanup_created, commit_case,
                   prepare_case_dir, run_log_bytes)
from .decode import DecodeReport, Sampler, stream_frames
from .probe import check_deadline, check_readable, probe, sha256_file
from .result import FINDINGS_NAME, AnalysisResult, validate
from .store import CaseStore, param_key
from .text import for_terminal, path_label
from .types import STILL_FPS, STILL_SIDE, FrameHashes, InputError, Shot, Stills, VideoInfo

__all__ = ["analyze", "analyze_video", "CaseDirError", "NothingAnalysed", "prepare_case_dir"]

# per-video timings of the people stage: measured, but kept out of findings.json (run log)
_TIMING_KEYS = ("detect_faces_s", "detect_bodies_s", "track_embed_s")
# bumped when the cached people result (VideoPeople) gains data linking needs (2: per-face descriptors)
PEOPLE_RESULT_FORMAT = 2

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
    timings: dict[str, float] = dataclasses.field(default_factory=dict)  # run log only
    stills: Stills | None = None  # small grey frames from the decode pass (keypoint matching)


ProgressFactory = Callable[[int, str], Any]   # (total frames, label) -> tqdm-like object


def _decode_and_hash(info: VideoInfo, cfg: AnalysisConfig, people, progress: ProgressFactory | None,
                     report: DecodeReport, deadline: float | None, with_stills: bool = False
                     ) -> tuple[FrameHashes, dict[str, np.ndarray], Stills | None]:
    """One decode pass. Batches are hashed (and fed to the people stage) in one worker thread,
    in order, while the main thread decodes the next batch: FFmpeg's own threads leave part
    of the cores idle, and NumPy/OpenCV release the GIL."""
    cols: dict[str, list[np.ndarray]] = {}
    bar = progress(info.frame_count, Path(info.path).name) if progress else None
    variant_clock = Sampler(cfg.hashing.variant_fps)
    n_rows = 0
    stills: list[tuple[int, int, bool, np.ndarray]] = []

    def process(batch) -> dict[str, np.ndarray]:          # runs in the worker, in batch order
        nonlocal n_rows
        with_variants = np.array([variant_clock.take_pts(p, info.time_base) for p in batch.pts.tolist()], bool)
        out = hashing.hash_batch(batch.thumbs, cfg.hashing, with_variants)
        out["variant_rows"] = out["variant_rows"] + n_rows
        n_rows += len(batch.index)
        out["small"], out["hist"] = shots_mod.shot_features(batch.thumbs)
        out["index"], out["pts"] = batch.index, batch.pts
        for i, pts, rgb in batch.full:
            people.feed(info.path, i, pts, float(pts * info.time_base), rgb)
        stills.extend((i, pts, key, Stills.encode(g)) for i, pts, key, g in batch.stills)
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
                                           full_fps=cfg.people.sample_fps if people else None,
                                           still_fps=STILL_FPS if with_stills else None,
                                           still_side=STILL_SIDE, report=report, deadline=deadline):
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
    return hashes, feats, Stills.join(stills) if with_stills else None


def _decoded_info(info: VideoInfo, r: DecodeReport) -> dict[str, Any]:
    """What decoding established about an input (frames actually decoded, where they start
    and end, the damage found), as the fields that replace the probe's provisional ones."""
    step = int(info.end_pts - info.start_pts) // max(1, info.frame_count)
    if info.frame_rate:
        step = max(1, int(round(1 / (info.frame_rate * info.time_base))))
    first, last = int(r.first_pts), int(r.last_pts)
    end = info.end_pts if last < info.end_pts <= last + 3 * step else last + step
    return {"frame_count": int(r.n_decoded), "start_pts": first, "end_pts": int(end),
            "duration_s": round(float((end - first) * info.time_base), 6),
            "warnings": list(r.warnings)}


def analyze_video(path: str, cfg: AnalysisConfig, store: CaseStore | None = None, people=None,
                  progress: ProgressFactory | None = None, *, sha256: str | None = None,
                  open_path: str | None = None) -> VideoAnalysis:
    """Probe, decode once, hash and split into shots one input. Raises InputError.

    Damage found while decoding is recorded in the returned `info.warnings`; the frame count,
    start, end and duration are those of the frames that decoded. The per-input time limit
    (`decode.time_limit_s`) covers probing and decoding."""
    t0 = time.monotonic()
    limit = cfg.decode.time_limit_s
    deadline = t0 + limit if limit else None
    info = probe(path, sha256=sha256, deadline=deadline, open_path=open_path)
    dec = {k: v for k, v in asdict(cfg.decode).items() if k != "time_limit_s"}  # not in the result
    hkey = param_key(dec, asdict(cfg.hashing), asdict(cfg.shots))
    pkey = param_key(dec, asdict(cfg.people), PEOPLE_RESULT_FORMAT)
    cached = store.load_hashes(info.sha256, hkey, path) if store else None
    # the keypoint stage's frames come from the decode pass; a cache without them decodes again
    want_stills = cfg.matching.enabled and cfg.matching.estimate_transforms
    stills = None
    if cached is not None and want_stills:
        stills = store.load_stills(info.sha256, param_key(hkey, STILL_FPS, STILL_SIDE))
        if stills is None:
            cached = None
    people_res, people_stats = None, None
    if store and people:
        from .people import VideoPeople
        people_res = store.load_with(info.sha256, pkey, "people", VideoPeople.from_npz)
        people_stats = store.load_json(info.sha256, pkey, "peoplestats")
        if people_res is None or people_stats is None:
            people_res = None
        else:       # the same file may come under another path
            people_res = dataclasses.replace(people_res.relabel(path), stats=people_stats)
    need_people = people is not None and people_res is None
    timings: dict[str, float] = {"probe_s": round(time.monotonic() - t0, 3)}
    if cached is None or need_people:
        check_deadline(deadline, path, "reading packets")
        report = DecodeReport()
        t1 = time.monotonic()
        hashes, feats, stills = _decode_and_hash(info, cfg, people if need_people else None, progress,
                                                 report, deadline, want_stills)
        timings["decode_and_hash_s"] = round(time.monotonic() - t1, 3)
        decoded = _decoded_info(info, report)
        if store:
            store.save_hashes(info.sha256, hkey, hashes, feats, decoded)
            if stills is not None:
                store.save_stills(info.sha256, param_key(hkey, STILL_FPS, STILL_SIDE), stills)
        log.info("%s: decoded %d frames", path, len(hashes))
    else:
        hashes, feats, decoded = cached
        log.info("%s: reused cached hashes (%s)", path, hkey)
    info = dataclasses.replace(info, **{**decoded, "warnings": tuple(info.warnings)
                                        + tuple(decoded.get("warnings", ()))})
    shot_list = shots_mod.detect_shots(path, hashes.index, hashes.pts, info.time_base, info.end_pts,
                                       info.frame_count - 1, feats["small"], feats["hist"], cfg.shots)
    if need_people:
        people_res = people.finish_video(path, shot_list, info.display_size)
        if not hasattr(people_res, "stats"):  # another frame consumer (the archive's vPDQ hashes)
            return VideoAnalysis(info, hashes, tuple(shot_list), people_res, timings=timings, stills=stills)
        stats = dict(people_res.stats)
        timings.update({k: stats.pop(k) for k in _TIMING_KEYS if k in stats})
        people_res = dataclasses.replace(people_res, stats=stats)
        if store:
            store.save_with(info.sha256, pkey, "people", people_res.to_npz)
            store.save_json(info.sha256, pkey, "peoplestats", stats)
    return VideoAnalysis(info, hashes, tuple(shot_list), people_res, from_cache=cached is not None
                         and not need_people, timings=timings, stills=stills)


def analyze(paths: str | Sequence[str], out: str | Path | None = None, *,
            config: AnalysisConfig | None = None,
            provenance: dict[str, dict[str, Any]] | None = None,
            progress: ProgressFactory | None = None,
            on_error: Callable[[InputError], None] | None = None,
            invocation: Sequence[str] | None = None,
            runner: Callable | None = None) -> AnalysisResult:
    """Analyse videos; with `out`, write `findings.json` (and `report.pdf`) into that case folder.

    `provenance` maps an input path to analyst-supplied fields (`vidforensics.custody.FIELDS`;
    times ISO 8601), checked before any work. `invocation` is the command line as run (the CLI
    passes it); it is recorded in findings.json `reproduce` with the equivalent Python call.
    Inputs are only ever opened for reading. Each unreadable input is recorded in
    `result.errors` (one line each) and reported through `on_error`; the rest are analysed.
    The case folder is replaced as a unit only when the run succeeds (see `vidforensics.case`).
    `runner(paths, config, out)` (e.g. `distributed.analysis_runner`) may analyse the files
    elsewhere, yielding (path, VideoAnalysis or InputError) in order.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    paths = [os.fspath(p) for p in paths]
    cfg = config or AnalysisConfig()
    from .custody import check_provenance
    from .reproduce import record
    provenance = check_provenance(provenance, paths)
    rerun = record(paths, out, cfg, provenance, invocation)
    store = CaseStore(out) if out is not None else None
    created = False
    try:        # a signal inside prepare_case_dir is undone there; from here on, below
        created = prepare_case_dir(out, paths) if out is not None else False
        return _analyze(paths, out, cfg, provenance, progress, on_error, store, rerun, runner)
    except BaseException:
        committed = out is not None and store is not None and store.committed
        if created and store is not None and not committed:   # remove what this run wrote
            cleanup_created(Path(out), store.written)
        raise


def _identity(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _analyze(paths: list[str], out, cfg: AnalysisConfig, provenance, progress, on_error,
             store: CaseStore | None, rerun: dict[str, Any], runner=None) -> AnalysisResult:
    people = None
    if cfg.people.enabled:
        from .people import PeopleAnalyzer      # heavy models: only when asked for
        people = PeopleAnalyzer(cfg.people)

    journal: list[str] = [f"vidforensics {__version__}; {len(paths)} input(s)"]
    videos: list[VideoAnalysis] = []
    errors: list[dict[str, str]] = []
    identical: list[dict[str, Any]] = []
    by_inode: dict[tuple[int, int], str] = {}
    by_sha: dict[str, str] = {}
    run_log: dict[str, Any] = {"inputs": {}}
    done_elsewhere: dict[str, Any] = {}
    if runner is not None:                    # decoded and hashed elsewhere (e.g. on Dask workers)
        unique = {os.path.realpath(p): p for p in reversed(paths)}
        todo = list(dict.fromkeys(p for p in paths if unique[os.path.realpath(p)] == p))
        done_elsewhere = dict(runner(todo, cfg, out))
    for path in paths:
        label, open_path = path_label(path)
        fs_path = open_path or path

        def fail(reason: str) -> None:
            errors.append({"path": label, "error": reason})
            journal.append(f"error: {label}: {reason}")
            if on_error:
                on_error(InputError(label, reason))

        try:
            check_readable(fs_path)
        except InputError as e:
            fail(e.reason)
            continue
        ident = _identity(fs_path)
        if ident is not None and ident in by_inode:      # the same file (hard link, ./x and x)
            first = by_inode[ident]
            identical.append({"path": label, "same_as": first, "relation": "same file"})
            journal.append(f"not analysed again: {label} is the same file as {first}")
            log.warning("%s: the same file as %s; analysed once", for_terminal(label),
                        for_terminal(first))
            continue
        try:
            digest = sha256_file(fs_path) if ident is not None else None
        except OSError as e:
            fail(f"cannot read file ({e.strerror or e})")
            continue
        if digest and digest in by_sha:                   # byte-identical copy under another name
            first = by_sha[digest]
            identical.append({"path": label, "same_as": first, "relation": "identical content",
                              "sha256": digest})
            journal.append(f"not analysed again: {label} is byte-identical to {first} "
                           f"(sha256 {digest})")
            log.warning("%s: byte-identical to %s (same SHA-256); analysed once",
                        for_terminal(label), for_terminal(first))
            if ident is not None:
                by_inode[ident] = first
            continue
        try:
            va = done_elsewhere.get(path) or analyze_video(label, cfg, store, people, progress,
                                                           sha256=digest, open_path=open_path)
            if isinstance(va, InputError):
                raise va
        except InputError as e:
            fail(e.reason)
            continue
        except (KeyboardInterrupt, SystemExit, MemoryError):
            raise
        except Exception as e:  # noqa: BLE001 - one input never costs the others
            log.debug("internal error on %s", label, exc_info=True)
            fail(f"internal error while analysing this input ({type(e).__name__}: "
                 f"{' '.join(str(e).split())[:200]})")
            continue
        if ident is not None:
            by_inode[ident] = label
        by_sha[va.info.sha256] = label
        videos.append(va)
        for w in va.info.warnings:
            log.warning("%s: %s", for_terminal(label), for_terminal(w["message"]))
        run_log["inputs"][label] = {"from_cache": va.from_cache, "timings": va.timings}
        journal.append(f"read {label}: sha256 {va.info.sha256}, {len(va.hashes)} frames hashed, "
                       f"{int(va.hashes.low_info.sum())} low-information, {len(va.shots)} shots"
                       + (f", {len(va.info.warnings)} warning(s)" if va.info.warnings else ""))
        if va.from_cache:      # kept out of findings.json, which must not depend on the cache
            log.info("%s: hashes reused from the case cache", label)

    groups: list = []
    if cfg.matching.enabled and videos:
        from .matching import find_repeats
        # the keypoint stage runs its own two threads; OpenCV's pool inside each only contends
        with single_threaded_numerics():
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
    prov = {path_label(k)[0]: v for k, v in (provenance or {}).items()}
    result = AnalysisResult(
        tool=tool_info(),
        created_utc=_dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        parameters=params, inputs=tuple(v.info for v in videos), errors=tuple(errors),
        shots=tuple(s for v in videos for s in v.shots), repeated_segments=tuple(groups),
        recurring_individuals=tuple(individuals), provenance=prov,
        processing_log=tuple(journal), case_dir=str(out) if out is not None else None,
        identical_files=tuple(identical), reproduce=rerun)
    if out is not None:
        if not videos:
            raise NothingAnalysed(f"no input could be analysed; nothing written to {out}")
        run_log["created_utc"] = result.created_utc
        if store is not None and store.rejected:
            run_log["cache_entries_recomputed"] = list(store.rejected)
        write_case(result, out, cfg, run_log)
        if store is not None:
            store.committed = True     # a signal from here on must not undo a finished case
    return result


class NothingAnalysed(RuntimeError):
    """Every input failed: no case is written (the errors were reported one by one)."""


def write_case(result: AnalysisResult, out: str | Path, cfg: AnalysisConfig,
               run_log: dict[str, Any] | None = None) -> None:
    """findings.json (validated), report.pdf with report.pdf.sha256 beside it, the offline
    viewer.html and run-log.json, replaced as one unit: all are made in full first, so a
    failure leaves the previous case as it was. Without a PDF, an old report.pdf (and its
    .sha256) is removed (it would describe other findings)."""
    findings = result.to_json().encode("utf-8")
    validate(result.to_dict())
    pdf = None
    if cfg.report.pdf:
        from .report import build_pdf
        pdf = build_pdf(result, None, verify_inputs=False)
    from .report import sha256_line
    from .viewer import VIEWER_NAME, viewer_html
    page = viewer_html(result, out).encode("utf-8")
    commit_case(out, {REPORT_NAME: pdf,
                      REPORT_NAME + ".sha256": sha256_line(pdf).encode("utf-8") if pdf else None,
                      VIEWER_NAME: page, RUN_LOG_NAME: run_log_bytes(run_log or {}),
                      FINDINGS_NAME: findings})
