"""Search: which archive videos contain any part of a clip, localised on both sides.

The clip is analysed like any input (`pipeline.analyze_video`: every frame hashed, crop and
mirror variants at the default rate). Its valid variant frames, plain and mirrored, are
looked up in the index's on-disk band index (16 bands of 16 bits: a stored frame is a
candidate when one band is equal; the bucket of a key is a contiguous slice, so a lookup
reads only the buckets it needs, never the archive). Candidates within the matching
threshold are grouped by archive video, and each video with enough of them is aligned with
the repeated-segment search's own `align_pair` (speed/offset voting, dense verification),
so a hit is held to the same evidence as a repeat in `analyze`.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from ..config import AnalysisConfig, HashConfig, MatchConfig
from ..hashing import hamming
from ..matching import frames_of
from ..matching.align import Frames, align_pair
from ..matching.index import Candidates, band_keys
from .index import N_BANDS, ArchiveIndex, VideoEntry

log = logging.getLogger("vidforensics")


@dataclass(frozen=True)
class Hit:
    clip: str
    video: str
    start_s: float
    end_s: float
    clip_start_s: float
    clip_end_s: float
    kind: str
    evidence: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"clip": self.clip, "video": self.video, "start_s": self.start_s,
                "end_s": self.end_s, "clip_start_s": self.clip_start_s,
                "clip_end_s": self.clip_end_s, "kind": self.kind, "evidence": self.evidence}


def lookup(index: ArchiveIndex, q_hash: np.ndarray, max_distance: int
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Stored frames within `max_distance` of each query hash, through the band index.

    Returns (query position, global row, variant, distance), each pair once."""
    starts, entries = index.bands()
    var = index.variants()
    s = index.n_variants
    n_entries = entries.shape[1]
    empty = np.empty(0, np.int64)
    if n_entries == 0 or len(q_hash) == 0:
        return empty, empty, empty, np.empty(0, np.int32)
    cap = max(128, int(index.config.bucket_cap_ratio * n_entries / (1 << 16)))
    qk = band_keys(q_hash).astype(np.int64)      # `+ 1` below must not wrap at 65535
    found_q, found_e = [], []
    for b in range(N_BANDS):
        lo, hi = starts[b, qk[:, b]], starts[b, qk[:, b] + 1]
        cnt = hi - lo
        cnt[cnt > cap] = 0
        total = int(cnt.sum())
        if total == 0:
            continue
        qi = np.repeat(np.arange(len(qk)), cnt)
        pos = np.repeat(lo - (np.cumsum(cnt) - cnt), cnt) + np.arange(total)
        # read the needed slices of the memory-mapped band in increasing position order
        order = np.argsort(pos, kind="stable")
        e = np.empty(total, np.int64)
        e[order] = entries[b][pos[order]]
        found_q.append(qi)
        found_e.append(e)
    if not found_q:
        return empty, empty, empty, np.empty(0, np.int32)
    qi, e = np.concatenate(found_q), np.concatenate(found_e)
    key = qi.astype(np.int64) * (s * (len(index.rows()) + 1)) + e
    _, first = np.unique(key, return_index=True)
    qi, e = qi[first], e[first]
    row, v = e // s, e % s
    order = np.argsort(row, kind="stable")                 # gather hashes in file order
    h = np.empty((len(e), 32), np.uint8)
    h[order] = var[row[order], v[order]]
    d = hamming(q_hash[qi], h)
    ok = d <= max_distance
    return qi[ok], row[ok], v[ok], d[ok]


#: crops of the clip looked up besides its full frame (plain and mirrored), at QUERY_CROP_FPS:
#: a clip cut from an archive video by up to ~10 % on any side (centred or not) then has a
#: crop that shows what the archive's stored centre crops show (its full frame matches
#: them only for centred crops)
QUERY_CROPS = ("centre95", "centre90", "centre85", "tl95", "tr95", "bl95", "br95",
               "tl90", "tr90", "bl90", "br90", "narrow75")
QUERY_CROP_FPS = 2.0


def query_hashes(clip: Frames, names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(position in clip.vrows, variant column) of every hash of the clip that is looked up:
    its full frame, plain and mirrored, at every valid variant row (the clip's dense rate),
    and the QUERY_CROPS, plain and mirrored, at QUERY_CROP_FPS."""
    valid = np.flatnonzero(clip.valid[clip.vrows])
    t = clip.times[clip.vrows[valid]]
    slot = np.floor((t - (t[0] if len(t) else 0.0)) * QUERY_CROP_FPS + 1e-9).astype(np.int64)
    sparse = valid[np.unique(slot, return_index=True)[1]] if len(valid) else valid
    half = len(names) // 2
    dense_cols = [names.index("full"), names.index("full+mirror")]
    crop_cols = [names.index(n) + m for n in QUERY_CROPS if n in names for m in (0, half)]
    rows = [np.repeat(valid, len(dense_cols)), np.repeat(sparse, len(crop_cols))]
    cols = [np.tile(dense_cols, len(valid)), np.tile(crop_cols, len(sparse))]
    return np.concatenate(rows).astype(np.int64), np.concatenate(cols).astype(np.int64)


def archive_frames(index: ArchiveIndex, v: VideoEntry, vid: int, variant: int = 0) -> Frames:
    """Matching's view of one archive video, from the index's arrays, with the stored crop
    variant `variant` as its frame hash."""
    rows = np.asarray(index.rows()[v.row0:v.row0 + v.nrows])
    var = np.asarray(index.variants()[v.row0:v.row0 + v.nrows])
    times = rows["pts"].astype(np.float64) * float(v.time_base)
    return Frames(video=v.path, vid=vid, times=times, frame_dur=v.frame_dur,
                  index=rows["index"].astype(np.int64), pts=rows["pts"].astype(np.int64),
                  valid=rows["valid"].astype(bool), shot=rows["shot"].astype(np.int64),
                  pdq=np.ascontiguousarray(var[:, variant]), vrows=np.arange(len(rows)),
                  variants=var, bars_frac=rows["bars"].astype(np.float64) / 255,
                  last_frame=v.last_frame)


def clip_config(index: ArchiveIndex) -> AnalysisConfig:
    """The index's hashing parameters, with the default (dense) variant rate for the clip."""
    return AnalysisConfig.from_dict(index.analysis_dict).replace(
        hashing__variant_fps=HashConfig().variant_fps)


def search_analysis(index: ArchiveIndex, va, cfg: MatchConfig | None = None) -> list[Hit]:
    """Hits of one analysed clip (`pipeline.VideoAnalysis`) in the index.

    Alignment runs with the archive video as the sparse side (its kept frames, through the
    crop variant the candidates agree on) and the clip as the dense side (every variant
    frame, plain or mirrored), so the verification compares each kept archive frame with
    clip frames at most 1/(2 x variant_fps) s from the predicted time."""
    cfg = cfg or AnalysisConfig.from_dict(index.analysis_dict).matching
    if not index.bands_current():
        raise ValueError(f"{index.dir}: the band index is out of date; run `vidforensics index add` "
                         "(with no new files) to rebuild it")
    clip = frames_of(va, 1)
    names = list(va.hashes.variant_names)
    mirror_col = names.index("full+mirror")
    q_rows, q_cols = query_hashes(clip, names)
    videos = index.videos()
    row0 = np.array([v.row0 for v in videos], np.int64)
    nrows = np.array([v.nrows for v in videos], np.int64)
    order_v = np.argsort(row0)
    groups: dict[tuple[int, int, int], list] = {}
    q = np.ascontiguousarray(clip.variants[q_rows, q_cols])
    qi, row, var, dist = lookup(index, q, cfg.max_distance)
    if len(qi):
        k = np.searchsorted(row0[order_v], row, side="right") - 1
        vix = order_v[np.clip(k, 0, None)]
        inside = (k >= 0) & (row < row0[vix] + nrows[vix])
        flip = (q_cols[qi] >= mirror_col).astype(np.int64)
        gkey = (vix * 2 + flip) * 64 + var
        for g in np.unique(gkey[inside]).tolist():
            sel = np.flatnonzero(inside & (gkey == g))
            # an archive frame matches several neighbouring clip frames: its 3 closest vote
            sel = sel[np.lexsort((dist[sel], row[sel]))]
            first = np.searchsorted(row[sel], row[sel], side="left")
            sel = sel[np.arange(len(sel)) - first < 3]
            jf, sv = divmod(g, 64)
            j, fl = divmod(jf, 2)
            groups[(j, fl, sv)] = [row[sel] - videos[j].row0, q_rows[qi[sel]], dist[sel], q_cols[qi[sel]]]
    per_video: dict[int, int] = {}
    for (j, _, _), g in groups.items():
        per_video[j] = per_video.get(j, 0) + len(g[0])
    keep = set(sorted(per_video, key=lambda j: (-per_video[j], j))[:index.config.max_videos_aligned])
    hits: list[Hit] = []
    span_s = float(clip.times[-1] - clip.times[0]) + clip.frame_dur
    for (j, flip, s) in sorted(groups):
        a_row, clip_pos, dist, cols = groups[(j, flip, s)]
        if j not in keep or len(a_row) < cfg.min_seeds:
            continue
        v = videos[j]
        arch = archive_frames(index, v, 0, s)
        # align each stretch of the archive video the candidates fall in on its own: the
        # offset search then spans the clip's length, not the whole archive video's
        for lo, hi in _stretches(arch.times[a_row], gap_s=span_s + 10.0):
            sel = (arch.times[a_row] >= lo) & (arch.times[a_row] <= hi)
            if sel.sum() < cfg.min_seeds:
                continue
            r0 = int(np.searchsorted(arch.times, lo - span_s - 5.0))
            r1 = int(np.searchsorted(arch.times, hi + span_s + 5.0, side="right"))
            # times from the slice's start: the speed/offset vote then spans offsets of the
            # stretch, not of the whole video (its bins grow with 0.6 x the absolute time)
            shift = float(arch.times[r0]) if r1 > r0 else 0.0
            part = _slice(arch, r0, r1, shift)
            c = Candidates(np.zeros(int(sel.sum()), np.int64), (a_row[sel] - r0).astype(np.int64),
                           np.ones(int(sel.sum()), np.int64), clip.vrows[clip_pos[sel]].astype(np.int64),
                           cols[sel].astype(np.int64), dist[sel].astype(np.int32))
            for m in align_pair(c, part, clip, len(names), cfg):
                hits.append(_hit(m, va.info.path, v, s, index, names, shift))
    hits.sort(key=lambda h: (h.video, h.start_s, h.clip_start_s))
    return _dedupe(hits)


def _stretches(t: np.ndarray, gap_s: float) -> list[tuple[float, float]]:
    """Runs of sorted times with no gap over `gap_s`: (first, last) of each."""
    t = np.sort(t)
    cut = np.flatnonzero(np.diff(t) > gap_s)
    starts = np.concatenate([[0], cut + 1])
    ends = np.concatenate([cut, [len(t) - 1]])
    return [(float(t[a]), float(t[b])) for a, b in zip(starts, ends)]


def _slice(f: Frames, r0: int, r1: int, shift: float = 0.0) -> Frames:
    """Rows r0..r1-1 of an archive video's Frames (every row is a variant row), their
    times counted from `shift` seconds."""
    return Frames(video=f.video, vid=f.vid, times=f.times[r0:r1] - shift, frame_dur=f.frame_dur,
                  index=f.index[r0:r1], pts=f.pts[r0:r1], valid=f.valid[r0:r1], shot=f.shot[r0:r1],
                  pdq=f.pdq[r0:r1], vrows=np.arange(r1 - r0), variants=f.variants[r0:r1],
                  bars_frac=f.bars_frac[r0:r1], last_frame=f.last_frame)


def _hit(m, clip_path: str, v: VideoEntry, s: int, index: ArchiveIndex, names: list[str],
         shift: float = 0.0) -> Hit:
    """`m.a` is a slice of the archive video with times counted from `shift`."""
    arch, clip = m.a, m.b
    step = 1.0 / index.config.row_fps
    a0, a1 = float(arch.times[m.a_rows[0]]), float(arch.times[m.a_rows[1]])
    c0 = float(clip.times[m.b_rows[0]])
    c1 = float(clip.times[m.b_rows[1]]) + clip.frame_dur
    if np.isfinite(m.offset) and m.speed > 0:
        # the archive side is sampled: its ends come from the clip's (dense) ends on the line
        s0, s1 = (c0 - m.offset) / m.speed, (c1 - m.offset) / m.speed
        s0 = min(max(s0, a0 - step), a0 + step)
        s1 = min(max(s1, a1), a1 + step + arch.frame_dur)
    else:
        s0, s1 = a0, a1 + step
    s0, s1 = s0 + shift, s1 + shift
    s0, s1 = max(0.0, s0), min(float(v.duration_s) or s1, s1)
    d = m.distances[~np.isnan(m.distances)]
    evidence = {
        "video_sha256": v.sha256,
        "transform": {"archive_crop": index.config.variants[s],
                      "clip": names[m.variant] if m.variant < len(names) else "full"},
        "speed_clip_over_archive": round(float(m.speed), 4),
        "aligned_frames": int(len(d)),
        "median_distance": round(float(np.median(d)), 1) if len(d) else None,
        "threshold": int(AnalysisConfig.from_dict(index.analysis_dict).matching.max_distance),
        "hash": "PDQ-style 256-bit DCT hash of a 64x64 grey reduction (bars trimmed)",
        "lock_ratio": None if not np.isfinite(m.lock_ratio) else round(float(m.lock_ratio), 3),
        "motion_correlation": None if m.motion_correlation is None else round(float(m.motion_correlation), 3),
    }
    return Hit(clip_path, v.path, round(s0, 3), round(s1, 3), round(c0, 3), round(c1, 3), m.kind, evidence)


def _dedupe(hits: list[Hit]) -> list[Hit]:
    """Several crop variants can verify the same stretch: keep the best-supported one."""
    out: list[Hit] = []
    for h in hits:
        dup = next((o for o in out if o.video == h.video and o.clip == h.clip
                    and min(o.end_s, h.end_s) - max(o.start_s, h.start_s) > 0.5 * (h.end_s - h.start_s)
                    and min(o.clip_end_s, h.clip_end_s) - max(o.clip_start_s, h.clip_start_s) > 0), None)
        if dup is None:
            out.append(h)
        elif (h.evidence["aligned_frames"], -(h.evidence["median_distance"] or 0)) > \
                (dup.evidence["aligned_frames"], -(dup.evidence["median_distance"] or 0)):
            out[out.index(dup)] = h
    return out


def search(index: ArchiveIndex, clips: Sequence[str], on_error=None) -> tuple[list[Hit], list[tuple[str, str]]]:
    """Search each clip; an unreadable clip is reported and the others go on."""
    from ..pipeline import analyze_video
    from ..types import InputError
    cfg = clip_config(index)
    hits: list[Hit] = []
    errors: list[tuple[str, str]] = []
    for clip in clips:
        try:
            va = analyze_video(clip, cfg)
        except InputError as e:
            errors.append((clip, e.reason))
            if on_error:
                on_error(clip, e.reason)
            continue
        hits += search_analysis(index, va, cfg.matching)
    return hits, errors
