"""Search: which archive videos contain any part of a clip, localised on both sides.

The clip is analysed like any input (`pipeline.analyze_video`: every frame hashed, crop and
mirror variants at the default rate). Its full frame (plain and mirrored) and a set of its
crops (QUERY_CROPS, for clips cut off-centre from an archive video) are looked up in the
index's on-disk band index (16 bands of 16 bits; the bucket of a key is a contiguous slice,
so a lookup reads only the buckets it needs, never the archive). A stored frame is a
candidate for a column of the clip when it shares 2-3 band keys with that column's frames;
the videos whose candidates bunch within what the clip can cover are read (one piece each),
their candidates verified by Hamming distance, completed around them, and aligned with the
repeated-segment search's own `align_pair` (speed/offset voting, dense verification), so a
hit is held to the same evidence as a repeat in `analyze`.
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
from .index import N_BANDS, N_KEYS, ArchiveIndex, VideoEntry

log = logging.getLogger("vidforensics")

#: a stored frame is verified against a column of the clip (its full frame or a crop, plain
#: or mirrored) when it shares at least this many of its 16 band keys with that column's
#: frames: 3 for the full frame, looked up at QUERY_FULL_FPS (several clip frames near
#: each stored one), 2 for the crops, looked up at QUERY_CROP_FPS (a chance entry
#: shares two bands with one of a few frames far less often than with one of many)
MIN_BANDS_FULL, MIN_BANDS_CROP = 3, 2


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


def _hamming(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Hamming distance of (N, 32) uint8 hash rows, 64 bits at a time where numpy can count
    bits (numpy >= 2.0); the same values as `hashing.hamming`."""
    if not hasattr(np, "bitwise_count") or len(a) == 0:
        return hamming(a, b)
    x = np.bitwise_xor(np.ascontiguousarray(a).view(np.uint64), np.ascontiguousarray(b).view(np.uint64))
    return np.bitwise_count(x).sum(axis=-1, dtype=np.int32)


def band_candidates(index: ArchiveIndex, q_hash: np.ndarray, q_group: np.ndarray | None = None,
                    min_bands: int | np.ndarray = 2) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Stored frames that may be near the query hashes, through the on-disk band index.

    Queries come in groups (one per crop/mirror column of the clip). A stored entry is a
    candidate for a group when it shares a 16-bit band key with the group's queries in at
    least `min_bands` (one value, or one per group) of the 16 bands: a chance entry shares
    one band with some query far more often than two or three. It is then paired with every
    query of the group it shares a band with. Each bucket is read once per group and key;
    no stored hash is read here (the caller verifies the pairs of the few videos with enough
    of them, reading each such video's rows in one piece).

    Returns (query position, global row, variant), each pair once."""
    starts, entries = index.bands()
    s = index.n_variants
    empty = np.empty(0, np.int64)
    if entries.shape[1] == 0 or len(q_hash) == 0:
        return empty, empty, empty
    cap = max(128, int(index.config.bucket_cap_ratio * entries.shape[1] / (1 << 16)))
    group = np.zeros(len(q_hash), np.int64) if q_group is None else np.asarray(q_group, np.int64)
    n_ids = int(index.rows().shape[0]) * s + 1
    qk = band_keys(q_hash).astype(np.int64)      # `+ 1` below must not wrap at 65535
    gk = group[:, None] * N_KEYS + qk                                  # (Q, 16)
    plan = []
    for b in range(N_BANDS):
        ugk = np.unique(gk[:, b])
        key = ugk % N_KEYS
        lo, hi = starts[b, key], starts[b, key + 1]
        cnt = hi - lo
        cnt[cnt > cap] = 0
        # read in file order (keys ascend within a group): one slice per bucket
        order = np.argsort(key, kind="stable")
        plan.append((lo[order], cnt[order], ugk[order]))
    # every bucket's pages requested at once, then read band by band
    index.prefetch(index.band_file(), np.concatenate([(b * entries.shape[1] + lo) * 4 for b, (lo, _, _) in enumerate(plan)]),
                   np.concatenate([cnt * 4 for _, cnt, _ in plan]))
    hits = []
    for b, (lo, cnt, ugk) in enumerate(plan):
        total = int(cnt.sum())
        if total == 0:
            continue
        pos = np.repeat(lo - (np.cumsum(cnt) - cnt), cnt) + np.arange(total)
        e = np.asarray(entries[b][pos], np.int64)
        g = np.repeat(ugk // N_KEYS, cnt)
        # one number per hit: (group, entry) above the band and the key (4 + 16 bits)
        hits.append((((g * n_ids + e) << 4) + b << 16) + np.repeat(ugk % N_KEYS, cnt))
    if not hits:
        return empty, empty, empty
    h = np.sort(np.concatenate(hits))
    ge = h >> 20
    new_run = np.concatenate([[True], ge[1:] != ge[:-1]])
    run = np.cumsum(new_run) - 1
    count = np.bincount(run)[run]
    need = np.asarray(min_bands, np.int64)
    h = h[count >= (need[ge // n_ids] if need.ndim else need)]
    if len(h) == 0:
        return empty, empty, empty
    ge, b, key = h >> 20, (h >> 16) & 15, h & 0xFFFF
    g, e = ge // n_ids, ge % n_ids
    # every query of the group with that key in that band
    flat = ((gk << 4) + np.arange(N_BANDS)).ravel()
    order = np.argsort(flat, kind="stable")
    sorted_flat = flat[order]
    want = ((g * N_KEYS + key) << 4) + b
    lo = np.searchsorted(sorted_flat, want, side="left")
    n = np.searchsorted(sorted_flat, want, side="right") - lo
    tot = int(n.sum())
    idx = np.repeat(lo - (np.cumsum(n) - n), n) + np.arange(tot)
    q = order[idx] // N_BANDS
    pe = np.unique(q * n_ids + np.repeat(e, n))        # a pair sharing several bands, once
    q, e = pe // n_ids, pe % n_ids
    return q, e // s, e % s


#: crops of the clip looked up besides its full frame (plain and mirrored), at QUERY_CROP_FPS:
#: a clip cut from an archive video by up to ~10 % on any side (centred or not) then has a
#: crop that shows what the archive's stored centre crops show (its full frame matches
#: them only for centred crops)
QUERY_CROPS = ("centre95", "centre90", "centre85", "tl95", "tr95", "bl95", "br95",
               "tl90", "tr90", "bl90", "br90", "narrow75")
QUERY_FULL_FPS, QUERY_CROP_FPS, QUERY_MIN_FRAMES = 4.0, 0.5, 8
#: columns looked up at QUERY_FULL_FPS with MIN_BANDS_FULL (the others are QUERY_CROPS)
QUERY_FULL = ("full",)


def _thin(valid: np.ndarray, t: np.ndarray, fps: float, at_least: int) -> np.ndarray:
    """At most one of `valid` per 1/fps s (a higher rate when that gives fewer than `at_least`)."""
    if len(valid) == 0:
        return valid
    span = float(t[-1] - t[0]) + 1e-9
    rate = max(fps, at_least / span)
    slot = np.floor((t - t[0]) * rate + 1e-9).astype(np.int64)
    return valid[np.unique(slot, return_index=True)[1]]


def query_hashes(clip: Frames, names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(position in clip.vrows, variant column) of every hash of the clip that is looked up:
    its full frame, plain and mirrored, at QUERY_FULL_FPS, and the QUERY_CROPS, plain and
    mirrored, at QUERY_CROP_FPS (short clips: at least QUERY_MIN_FRAMES frames each)."""
    valid = np.flatnonzero(clip.valid[clip.vrows])
    t = clip.times[clip.vrows[valid]]
    full = _thin(valid, t, QUERY_FULL_FPS, 2 * QUERY_MIN_FRAMES)
    sparse = _thin(valid, t, QUERY_CROP_FPS, QUERY_MIN_FRAMES)
    half = len(names) // 2
    dense_cols = [names.index(n) + m for n in QUERY_FULL if n in names for m in (0, half)]
    crop_cols = [names.index(n) + m for n in QUERY_CROPS if n in names and n not in QUERY_FULL
                 for m in (0, half)]
    rows = [np.repeat(full, len(dense_cols)), np.repeat(sparse, len(crop_cols))]
    cols = [np.tile(dense_cols, len(full)), np.tile(crop_cols, len(sparse))]
    return np.concatenate(rows).astype(np.int64), np.concatenate(cols).astype(np.int64)


def archive_frames(index: ArchiveIndex, v: VideoEntry, vid: int, variant: int = 0) -> Frames:
    """Matching's view of one archive video, from the index's arrays, with the stored crop
    variant `variant` as its frame hash."""
    return frames_from_arrays(v, np.asarray(index.rows()[v.row0:v.row0 + v.nrows]),
                              np.asarray(index.variants()[v.row0:v.row0 + v.nrows]), variant, vid)


def frames_from_arrays(v: VideoEntry, rows: np.ndarray, var: np.ndarray, variant: int, vid: int = 0) -> Frames:
    """`archive_frames` from the video's rows and variant hashes already read."""
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
    """Hits of one analysed clip (`pipeline.VideoAnalysis`) in the index, as it was when the
    search started (one snapshot, `ArchiveIndex.reading`, whatever writers do meanwhile)."""
    with index.reading():
        return _search_analysis(index, va, cfg)


def _search_analysis(index: ArchiveIndex, va, cfg: MatchConfig | None = None) -> list[Hit]:
    """Hits of one analysed clip (`pipeline.VideoAnalysis`) in the index.

    Alignment runs with the archive video as the sparse side (its kept frames, through the
    crop variant the candidates agree on) and the clip as the dense side (every variant
    frame, plain or mirrored), so the verification compares each kept archive frame with
    clip frames at most 1/(2 x variant_fps) s from the predicted time."""
    cfg = cfg or AnalysisConfig.from_dict(index.analysis_dict).matching
    if not index.bands_usable():
        raise ValueError(f"{index.dir}: the band index is out of date; run `vidforensics index add` "
                         "(with no new files) to rebuild it")
    clip = frames_of(va, 1)
    names = list(va.hashes.variant_names)
    mirror_col = names.index("full+mirror")
    q_rows, q_cols = query_hashes(clip, names)
    ids, row0, nrows = index.row_ranges()
    order_v = np.argsort(row0)
    q = np.ascontiguousarray(clip.variants[q_rows, q_cols])
    half = len(names) // 2
    full_cols = [names.index(n) + m for n in QUERY_FULL if n in names for m in (0, half)]
    min_bands = np.where(np.isin(np.arange(len(names)), full_cols), MIN_BANDS_FULL, MIN_BANDS_CROP)
    qi, row, var = band_candidates(index, q, q_cols, min_bands)
    k = np.searchsorted(row0[order_v], row, side="right") - 1
    vix = order_v[np.clip(k, 0, None)]
    inside = (k >= 0) & (row < row0[vix] + nrows[vix])
    qi, row, var, vix = qi[inside], row[inside], var[inside], vix[inside]
    span_s = float(clip.times[-1] - clip.times[0]) + clip.frame_dur
    # a video is read only when min_seeds of its stored frames are candidates within the
    # stretch the clip can cover (at the slowest speed searched): chance candidates are
    # spread over the whole archive and rarely bunch up like that
    window = (span_s / cfg.speed_range[0] + 2.0) * index.config.row_fps
    ur, first = np.unique(row, return_index=True)
    uv = vix[first]
    m = cfg.min_seeds - 1
    bunched = np.zeros(len(ids), bool)
    if len(ur) > m:
        ok = (uv[m:] == uv[:-m]) & (ur[m:] - ur[:-m] <= window)
        bunched[uv[:-m][ok]] = True
    per_video = np.bincount(vix, minlength=len(ids)) if len(vix) else np.zeros(len(ids), np.int64)
    ranked = [j for j in np.argsort(-per_video, kind="stable").tolist() if bunched[j]]
    hits: list[Hit] = []
    rows_m, var_m = index.rows(), index.variants()
    for j in sorted(ranked[:index.config.max_videos_aligned]):
        mine = np.flatnonzero(vix == j)
        v = index.video(int(ids[j]))
        rows_j = np.asarray(rows_m[v.row0:v.row0 + v.nrows])         # one read per video
        var_j = np.asarray(var_m[v.row0:v.row0 + v.nrows])
        a_all = row[mine] - v.row0
        d_all = _hamming(q[qi[mine]], var_j[a_all, var[mine]])
        ok = d_all <= cfg.max_distance
        mine, a_all, d_all = mine[ok], a_all[ok], d_all[ok]
        flip_all = (q_cols[qi[mine]] >= mirror_col).astype(np.int64)
        for fl in (0, 1):
            # the stored crop with most candidates first; another crop's candidates inside
            # a stretch already found are not aligned again (they would verify the same)
            found: list[tuple[float, float]] = []
            cnt = np.bincount(var[mine][flip_all == fl], minlength=index.n_variants)
            for sv in np.argsort(-cnt, kind="stable").tolist():
                sel = np.flatnonzero((flip_all == fl) & (var[mine] == sv))
                if found and len(sel):
                    t = rows_j["pts"][a_all[sel]] * float(v.time_base)
                    sel = sel[~np.any([(t >= a - 1.0) & (t <= b + 1.0) for a, b in found], axis=0)]
                if len(sel) < cfg.min_seeds:
                    continue
                a_s, c_s, d_s, k_s = _densify(a_all[sel], q_rows[qi[mine[sel]]], d_all[sel],
                                              q_cols[qi[mine[sel]]], var_j[:, sv], rows_j["valid"],
                                              clip, span_s / cfg.speed_range[0], index.config.row_fps, cfg)
                if len(a_s) < cfg.min_seeds:
                    continue
                arch = frames_from_arrays(v, rows_j, var_j, sv)
                got = _align(arch, clip, a_s, c_s, d_s, k_s, span_s, cfg, names, va.info.path, v, sv, index)
                found += [(h.start_s, h.end_s) for h in got]
                hits += got
    hits.sort(key=lambda h: (h.video, h.start_s, h.clip_start_s))
    return _dedupe(hits)


def _densify(a_row, clip_pos, dist, cols, arch_hash, arch_valid, clip: Frames, reach_s: float,
             row_fps: float, cfg: MatchConfig):
    """The lookup's candidates of one archive video, plus every pair within the threshold
    between the stored frames around them (up to what the clip can cover) and every valid
    frame of the clip in the candidates' commonest column: the lookup samples the clip, so
    a stretch's last seconds can lack seeds and alignment would stop short of them.
    Each stored frame then keeps its 3 closest clip frames. Returns (a_row, clip_pos, dist, col)."""
    col = int(np.bincount(cols).argmax())
    w = int(reach_s * row_fps) + 2
    lo, hi = max(0, int(a_row.min()) - w), min(len(arch_hash), int(a_row.max()) + w + 1)
    ar = np.arange(lo, hi)[arch_valid[lo:hi].astype(bool)]
    cp = np.flatnonzero(clip.valid[clip.vrows])
    if len(ar) and len(cp):
        d = _hamming(np.repeat(arch_hash[ar], len(cp), axis=0),
                     np.tile(np.ascontiguousarray(clip.variants[cp, col]), (len(ar), 1))).reshape(len(ar), len(cp))
        ii, jj = np.nonzero(d <= cfg.max_distance)
        a_row = np.concatenate([a_row, ar[ii]])
        clip_pos = np.concatenate([clip_pos, cp[jj]])
        dist = np.concatenate([dist, d[ii, jj]])
        cols = np.concatenate([cols, np.full(len(ii), col)])
    key = (a_row * (len(clip.vrows) + 1) + clip_pos) * 64 + cols
    _, first = np.unique(key, return_index=True)
    a_row, clip_pos, dist, cols = a_row[first], clip_pos[first], dist[first], cols[first]
    # an archive frame matches several neighbouring clip frames: its 3 closest vote
    o = np.lexsort((dist, a_row))
    a_row, clip_pos, dist, cols = a_row[o], clip_pos[o], dist[o], cols[o]
    rank = np.arange(len(a_row)) - np.searchsorted(a_row, a_row, side="left")
    k = rank < 3
    return a_row[k], clip_pos[k], dist[k], cols[k]


def _align(arch: Frames, clip: Frames, a_row, clip_pos, dist, cols, span_s: float, cfg: MatchConfig,
           names: list[str], clip_path: str, v: VideoEntry, s: int, index: ArchiveIndex) -> list[Hit]:
    """Align the verified candidates of one archive video (one stored crop, plain or mirrored
    clip columns) with `align_pair`, each stretch of the video they fall in on its own (the
    offset search then spans the clip's length, not the whole archive video's)."""
    out: list[Hit] = []
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
        n = int(sel.sum())
        c = Candidates(np.zeros(n, np.int64), (a_row[sel] - r0).astype(np.int64), np.ones(n, np.int64),
                       clip.vrows[clip_pos[sel]].astype(np.int64), cols[sel].astype(np.int64),
                       dist[sel].astype(np.int32))
        for m in align_pair(c, part, clip, len(names), cfg):
            out.append(_hit(m, clip_path, v, s, index, names, shift))
    return out


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
    # a retake line for clip frames a reuse in the same video already explains says less
    # about the same frames (static footage also matches a moment later): not reported
    return [h for h in out if h.kind != "retake" or not any(
        o.kind == "reuse" and o.video == h.video and o.clip == h.clip
        and o.clip_start_s - 0.5 <= h.clip_start_s and h.clip_end_s <= o.clip_end_s + 0.5
        for o in out)]


def search(index: ArchiveIndex, clips: Sequence[str], on_error=None) -> tuple[list[Hit], list[tuple[str, str]]]:
    """Search each clip; an unreadable clip is reported and the others go on."""
    from ..pipeline import analyze_video
    from ..types import InputError
    cfg = clip_config(index)
    hits: list[Hit] = []
    errors: list[tuple[str, str]] = []
    with index.reading():                 # every clip is searched in the same index state
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
