"""Matching: repeated segments within and across videos (re-used footage and retakes).

    candidates (banded LSH over hash variants)  ->  alignment (Hough over speed/offset,
    dense verification)  ->  groups (occurrences linked by matches)  ->  RepeatGroup

See docs/stages.md for the method and its limits. `compare.aligned_comparison` gives the
registered full-size frame pairs and difference maps for a reviewer.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ..config import MatchConfig
from ..types import InputError, RepeatGroup
from ..hashing import hamming
from dataclasses import replace

from .align import Frames, Match, align_pair, setup_retakes, whole_shots
from .group import build_groups, explained_dropped, _transform
from .index import find_candidates
from .mirror import mirror_pairs, mirrored_matches
from .retrack import retracked
from .setup_keypoints import keypoint_setups

__all__ = ["find_repeats", "frames_of"]


def frames_of(video_analysis, vid: int) -> Frames:
    """Matching's view of one analysed video (hashes + shots)."""
    h = video_analysis.hashes
    times = h.time_s
    starts = np.array([s.start_frame for s in video_analysis.shots], np.int64)
    shot = np.searchsorted(starts, h.index, side="right") - 1 if len(starts) else np.zeros(len(h), np.int64)
    diffs = np.diff(times)
    if len(diffs):
        frame_dur = float(np.median(diffs))
    else:
        rate = video_analysis.info.frame_rate
        frame_dur = float(1 / rate) if rate else 0.04
    return Frames(video=h.video, vid=vid, times=times, frame_dur=frame_dur, index=h.index, pts=h.pts,
                  valid=~h.low_info, shot=shot.astype(np.int64), pdq=h.pdq, vrows=h.variant_rows,
                  variants=h.variants,
                  bars_frac=h.bars.astype(np.float64) / h.thumb_size,
                  last_frame=int(video_analysis.info.frame_count) - 1,
                  stills=getattr(video_analysis, "stills", None))


def _seed_rows(f: Frames, step_s: float, same_within: int = 8) -> np.ndarray:
    """Positions in `f.vrows` of the seed frames: valid variant rows, at most one per
    `step_s` seconds, and not a near-copy (<= `same_within` bits) of the previous seed of the
    same shot less than a second before (a static shot would flood the index)."""
    m = np.flatnonzero(f.valid[f.vrows])
    if len(m) == 0:
        return m
    t = f.times[f.vrows[m]]
    if step_s > 0:
        slot = np.floor((t - f.times[0]) / step_s).astype(np.int64)
        m = m[np.unique(slot, return_index=True)[1]]
    keep, last = [], None
    for k in m:
        row = f.vrows[k]
        if last is not None and f.shot[row] == f.shot[last] and f.times[row] - f.times[last] < 1.0 \
                and hamming(f.pdq[row], f.pdq[last]) <= same_within:
            continue
        keep.append(k)
        last = row
    return np.array(keep, np.int64)


def find_repeats(videos: Sequence, cfg: MatchConfig) -> list[RepeatGroup]:
    """Repeated segments among `videos` (pipeline.VideoAnalysis objects)."""
    frames = [frames_of(v, i) for i, v in enumerate(videos)]
    if not frames:
        return []
    if not cfg.estimate_transforms:
        return _find_repeats(videos, frames, cfg, None)
    from concurrent.futures import ThreadPoolExecutor
    from . import estimate, shot_keyframes
    # the keypoint stage's keyframes are read and described on its threads while the hash
    # candidates are aligned here (they do not depend on each other)
    with ThreadPoolExecutor(max_workers=estimate.pool_size()) as pool:
        started = shot_keyframes.start(frames, [v.info for v in videos], cfg, pool)
        try:
            return _find_repeats(videos, frames, cfg, (started, pool))
        finally:
            for job in started.jobs:
                job.cancel()


def _find_repeats(videos: Sequence, frames: list[Frames], cfg: MatchConfig, keypoints) -> list[RepeatGroup]:
    """`find_repeats` on the matching views; `keypoints` is (shot_keyframes.Started, the pool
    it runs on) for the keypoint stage, or None when that stage is off."""
    variant_names = videos[0].hashes.variant_names
    n_var = frames[0].variants.shape[1] if cfg.use_variants else 1
    total = sum(len(f.vrows) for f in frames)
    # seed rate: as configured, lowered for long inputs so the index stays bounded
    step = 1.0 / cfg.seed_fps if cfg.seed_fps else 0.0
    dur = sum(float(f.times[-1] - f.times[0]) + f.frame_dur for f in frames if len(f.times))
    if dur > 0 and total * n_var > cfg.max_index_entries:
        step = max(step, dur * n_var / cfg.max_index_entries)
    seeds = [_seed_rows(f, step) for f in frames]             # positions in f.vrows

    q_vid = np.concatenate([np.full(len(m), f.vid) for f, m in zip(frames, seeds)])
    q_row = np.concatenate([f.vrows[m] for f, m in zip(frames, seeds)])
    q_hash = np.concatenate([f.pdq[f.vrows[m]] for f, m in zip(frames, seeds)])
    e_vid = np.repeat(q_vid, n_var)
    e_row = np.repeat(q_row, n_var)
    e_var = np.tile(np.arange(n_var), len(q_row))
    e_hash = np.concatenate([f.variants[m, :n_var] for f, m in zip(frames, seeds)]).reshape(-1, 32)
    cands = find_candidates(q_vid, q_row, q_hash, e_vid, e_row, e_var, e_hash, cfg.max_distance)
    # within one video, a shot is similar to itself: never a candidate
    shots_q = np.concatenate([f.shot for f in frames])
    offsets = np.cumsum([0] + [len(f.times) for f in frames])
    same = (cands.q_video == cands.e_video) & (
        shots_q[offsets[cands.q_video] + cands.q_row] == shots_q[offsets[cands.e_video] + cands.e_row])
    cands = cands.take(~same)
    mirrored = mirror_pairs(cands, frames, n_var, cfg) if cfg.estimate_transforms else {}

    matches = []
    # one pass over the candidates, split by (query video, indexed video)
    pair = cands.q_video * len(frames) + cands.e_video
    order = np.argsort(pair, kind="stable")
    keys, starts, counts = np.unique(pair[order], return_index=True, return_counts=True)
    for key, start, count in zip(keys.tolist(), starts.tolist(), counts.tolist()):
        if count < cfg.min_seeds:
            continue
        qa, eb = divmod(key, len(frames))
        sel = order[start:start + count]
        matches.extend(align_pair(cands.take(sel), frames[qa], frames[eb],
                                  frames[qa].variants.shape[1], cfg))
    matches = explained_dropped(matches)
    infos = [v.info for v in videos]
    note = "off"
    if keypoints is not None:
        from .estimate import estimated_matches
        found, note = estimated_matches(frames, infos, _linked(matches), cfg, *keypoints)
        matches += retracked(found, frames, infos, cfg)
        matches += mirrored_matches(mirrored, frames, infos, matches, cfg)
    matches += setup_retakes(frames, matches, cfg)
    matches += keypoint_setups(frames, matches, cfg)
    matches = [k for k in (_with_kind(m, infos, cfg, variant_names) for m in matches) if k is not None]
    matches = [whole_shots(m, cfg) if m.kind == "retake" else m for m in matches]
    groups = build_groups(matches, frames, cfg, variant_names)
    common = {"hash": "PDQ-style 256-bit DCT hash of a 64x64 grey reduction (bars trimmed)",
              "threshold": cfg.max_distance, "seed_interval_s": round(step, 4),
              "variants_indexed": list(variant_names[:n_var]), "estimated_transforms": note}
    return [RepeatGroup(g.id, g.kind, g.members, {**common, **g.evidence}) for g in groups]


def _linked(matches: list[Match], share: float = 0.6) -> set[tuple[int, int, int, int]]:
    """(vid, shot, vid, shot) of every shot pair a match already links over at least `share`
    of both shots (a match over part of a shot may be a transform the grid only nearly covers,
    which the keypoint stage can then follow over the whole shot)."""
    def cover(f: Frames, rows: tuple[int, int], shot: int) -> float:
        inside = np.flatnonzero(f.shot == shot)
        span = f.times[inside[-1]] - f.times[inside[0]] + f.frame_dur
        lo, hi = max(rows[0], inside[0]), min(rows[1], inside[-1])
        return 0.0 if hi < lo else (f.times[hi] - f.times[lo] + f.frame_dur) / span

    out = set()
    for m in matches:
        for sa in np.unique(m.a.shot[m.a_rows[0]:m.a_rows[1] + 1]).tolist():
            for sb in np.unique(m.b.shot[m.b_rows[0]:m.b_rows[1] + 1]).tolist():
                if min(cover(m.a, m.a_rows, sa), cover(m.b, m.b_rows, sb)) >= share:
                    out |= {(m.a.vid, sa, m.b.vid, sb), (m.b.vid, sb, m.a.vid, sa)}
    return out


def _with_kind(m: Match, infos, cfg: MatchConfig, variant_names) -> Match | None:
    """The match with its kind decided from pixel measurements (kind.py)."""
    from .kind import decide, locked_reuse, pixel_evidence
    lock = float(m.lock_ratio) if np.isfinite(m.lock_ratio) else None
    quick = locked_reuse(m, lock, cfg)
    if quick:
        return replace(m, kind="reuse", pixel=None, kind_reason=quick)
    unit = None if not m.estimated else m.estimated.get("_unit")
    track = None if not m.estimated else m.estimated.get("_track")
    try:
        px = pixel_evidence(m, infos, _transform(m, variant_names), unit, track)
    except InputError:      # a damaged part of an input cannot be re-read: no pixel evidence
        px = None
    kind, reason = decide(px, lock, cfg, followed=track is not None)
    if m.estimated and m.estimated.get("mirrored") and kind != "reuse":
        return None        # mirror.py's proposal stands only as the same recorded frames, mirrored
    if m.setup_only:       # frames beyond the hash threshold: only the pixels can make it a repeat
        cc = None if px is None else px.get("change_correlation")
        bg = None if px is None else px.get("background_match")
        # a retake, or (an edit the hashes and keypoints did not follow, such as a band plus a
        # frame-rate change) a reuse whose pictures change alike pixel by pixel; either way no
        # time alignment backs it, so the still picture must agree more than for an aligned match
        if not (kind == "retake" or kind == "reuse" and cc is not None and cc >= cfg.reuse_min_change_correlation) \
                or bg is None or bg < cfg.setup_min_background:
            return None
        detail = None if px is None else px.get("background_detail_match")
        if kind == "retake" and detail is not None and detail < cfg.setup_min_detail_match:
            return None     # a similar plain set-up: its flat areas agree, its detail does not line up
        if kind == "retake" and detail is None and bg < cfg.setup_min_background_plain:
            return None     # no detail to line up: only a closer agreement of the still picture counts
        d = m.distances[~np.isnan(m.distances)]
        reason = (f"{reason}; no single time alignment links the two shots: compared shot against shot, "
                  f"a frame lies {float(np.median(d)):.0f} bits from its nearest partner at the median")
        if m.setup_keypoints is not None:
            reason += (f"; proposed by {m.setup_keypoints[0]} geometrically consistent keypoint matches "
                       f"between stills of the two shots, spread over {m.setup_keypoints[1]:.0%} of the frame")
    return replace(m, kind=kind, pixel=px, kind_reason=reason)
