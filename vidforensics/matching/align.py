"""Temporal alignment: from candidate frame pairs to verified repeated segments.

Candidate pairs between two videos vote on a line `t_b = speed * t_a + offset` (a Hough
transform over speed ratios in the configured range and 0.2 s offset bins; mirrored and
plain candidates vote apart). Each well-supported line is verified densely: every frame of A
near the seeds is compared with the frame of B the line predicts (and its neighbours), using
the transform the seeds agree on; the best-scoring run (a maximum-sum subarray over
`max_distance - d`, Smith-Waterman style) becomes the repeated segment.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..config import MatchConfig
from ..hashing import hamming
from .index import Candidates

OFFSET_BIN_S = 0.2
SPEED_STEP = 1.02
LINE_TOL_S = 0.3
EXTEND_S = 3.0
MAX_LINES_BASE = 400


@dataclass(frozen=True)
class Frames:
    """The per-video arrays matching needs (rows are hashed frames)."""
    video: str
    vid: int
    times: np.ndarray          # float seconds
    frame_dur: float
    index: np.ndarray
    pts: np.ndarray
    valid: np.ndarray          # not low-information
    shot: np.ndarray           # shot number per row
    pdq: np.ndarray            # (N, 32)
    vrows: np.ndarray          # (M,) rows that carry variant hashes
    variants: np.ndarray       # (M, V, 32) variant hashes of those rows
    bars_frac: np.ndarray      # (N, 4) content box without bars, as fractions of the frame
    last_frame: int            # number of the video's last frame (rows may be thinned)
    stills: Any = None         # types.Stills from the decode pass (None: read from the file)


@dataclass(frozen=True)
class Match:
    """A verified alignment between rows a0..a1 of `a` and rows b0..b1 of `b`."""
    a: Frames
    b: Frames
    a_rows: tuple[int, int]
    b_rows: tuple[int, int]
    speed: float
    offset: float
    variant: int
    distances: np.ndarray      # per aligned A row inside the run (np.nan where not comparable)
    b_of_a: np.ndarray         # B row aligned with each A row of the run
    off_median: float          # median distance at offsets >= 1 s from the line
    kind: str
    score: float               # Smith-Waterman run score (sum of max_distance + 1 - d)
    motion_correlation: float | None = None   # None: static footage on a side
    lock_ratio: float = 1.0    # share of sampled frames whose aligned partner is (near) their best
    estimated: dict | None = None   # the transform estimated from keypoints (estimate.py), if any
    pixel: dict | None = None       # pixel measurements of the kind (kind.py)
    kind_reason: str = ""
    setup_only: bool = False        # found only by setup_retakes: kept when the pixels say retake
    setup_keypoints: tuple[int, float] | None = None   # (inliers, spread) when proposed by keypoints


def speed_grid(cfg: MatchConfig) -> np.ndarray:
    lo, hi = cfg.speed_range
    n_lo = int(np.floor(np.log(1 / lo) / np.log(SPEED_STEP)))
    n_hi = int(np.floor(np.log(hi) / np.log(SPEED_STEP)))
    return SPEED_STEP ** np.arange(-n_lo, n_hi + 1, dtype=np.float64)


def _line_distances(a: Frames, b: Frames, rows: np.ndarray, speed: float, offset: float,
                    variant: int, shift_s: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Distance of A's rows to the B frames the line predicts.

    B is compared through its variant rows (frames sampled at the variant rate): the best
    of the three nearest to the predicted time. Returns (distance or nan where nothing is
    comparable, B row used).
    """
    t = speed * a.times[rows] + offset + shift_s
    vt = b.times[b.vrows]
    j = np.searchsorted(vt, t)
    best = np.full(len(rows), np.inf)
    best_m = np.clip(j, 0, len(vt) - 1)
    gap = 1.5 * (float(np.median(np.diff(vt))) if len(vt) > 1 else b.frame_dur)
    for dj in (-1, 0, 1):
        mm = np.clip(j + dj, 0, len(vt) - 1)
        d = hamming(a.pdq[rows], b.variants[mm, variant]).astype(np.float64)
        d[~b.valid[b.vrows[mm]] | (np.abs(vt[mm] - t) > gap)] = np.inf
        better = d < best
        best[better], best_m[better] = d[better], mm[better]
    inside = (t >= b.times[0] - b.frame_dur) & (t <= b.times[-1] + b.frame_dur)
    best[~inside | ~a.valid[rows] | ~np.isfinite(best)] = np.nan
    return best, b.vrows[best_m]


def _best_run(score: np.ndarray) -> tuple[int, int, float]:
    """Maximum-sum contiguous run: (start, end inclusive, sum); end < start when none > 0."""
    if len(score) == 0:
        return 0, -1, 0.0
    cs = np.concatenate([[0.0], np.cumsum(score)])
    low = np.minimum.accumulate(cs)[:-1]           # best start before each end
    gain = cs[1:] - low
    end = int(np.argmax(gain))
    if gain[end] <= 0:
        return 0, -1, 0.0
    start = int(np.argmin(cs[:end + 1]))
    return start, end, float(gain[end])


def verify(a: Frames, b: Frames, speed: float, offset: float, variant: int,
           seed_t: tuple[float, float], cfg: MatchConfig) -> Match | None:
    t0, t1 = seed_t[0] - EXTEND_S, seed_t[1] + EXTEND_S
    rows = np.flatnonzero((a.times >= t0) & (a.times <= t1))
    if len(rows) < 2:
        return None
    d, bj = _line_distances(a, b, rows, speed, offset, variant)
    limit = cfg.max_distance
    score = np.where(np.isnan(d), -1.0, np.where(d <= limit, limit + 1 - np.nan_to_num(d), -(d - limit)))
    score = np.clip(score, -limit, None)
    s, e, total = _best_run(score)
    if e < s:
        return None
    run = rows[s:e + 1]
    dr, bjr = d[s:e + 1], bj[s:e + 1]
    aligned = ~np.isnan(dr) & (dr <= limit)
    dur = a.times[run[-1]] - a.times[run[0]] + a.frame_dur
    if dur < cfg.min_duration_s or aligned.sum() < max(3, 0.5 * len(run)):
        return None
    b0, b1 = int(bjr[aligned].min()), int(bjr[aligned].max())
    if a.vid == b.vid:
        # within one video: never a shot against itself, never overlapping itself in time
        if np.any(a.shot[run] == b.shot[bjr]) or not (run[-1] < b0 or b1 < run[0]):
            return None
    # time-locked or not: compare with B frames a second or two away along the same shot
    off = []
    probe = run[np.linspace(0, len(run) - 1, min(len(run), 24)).astype(int)]
    base_j = bj[np.searchsorted(rows, probe)]
    for shift in (-2.0, -1.0, 1.0, 2.0):
        dd, jj = _line_distances(a, b, probe, speed, offset, variant, shift)
        same_shot = b.shot[jj] == b.shot[base_j]
        dd = dd[same_shot & ~np.isnan(dd) & np.isfinite(dd)]
        off.extend(dd.tolist())
    line_med = float(np.median(dr[aligned]))
    off_med = float(np.median(off)) if len(off) >= 4 else float("inf")
    corr = motion_correlation(a, b, run[aligned], speed, offset)
    lock = lock_ratio(a, b, run[aligned], dr[aligned], bjr[aligned], variant)
    retake = line_med > cfg.reuse_max_median and lock < cfg.min_lock_ratio
    return Match(a=a, b=b, a_rows=(int(run[0]), int(run[-1])), b_rows=(b0, b1), speed=speed,
                 offset=offset, variant=variant, distances=dr, b_of_a=bjr,
                 off_median=off_med, kind="retake" if retake else "reuse", score=float(total),
                 motion_correlation=corr, lock_ratio=lock)


def lock_ratio(a: Frames, b: Frames, rows: np.ndarray, d_line: np.ndarray, b_rows: np.ndarray,
               variant: int, n: int = 24, window_s: float = 2.0, slack: int = 2) -> float:
    """Share of sampled aligned frames of A whose aligned B frame is also (within `slack`
    bits) their best match among the B frames of that shot within `window_s` of it.

    The same recorded frames, moving, are best matched on the alignment; a second take of
    the same set-up matches as well (or better) at other moments, so its frames are not
    locked to one offset. Static footage locks trivially (every offset matches alike)."""
    if len(rows) == 0:
        return 0.0
    pick = np.unique(np.linspace(0, len(rows) - 1, min(n, len(rows))).round().astype(int))
    vt = b.times[b.vrows]
    locked = 0
    for k in pick:
        bt = b.times[b_rows[k]]
        near = np.flatnonzero((np.abs(vt - bt) <= window_s) & (b.shot[b.vrows] == b.shot[b_rows[k]])
                              & b.valid[b.vrows])
        if len(near) == 0:
            continue
        d = hamming(a.pdq[rows[k]], b.variants[near, variant])
        locked += d_line[k] <= d.min() + slack
    return locked / len(pick)


def _row_at(f: Frames, t: np.ndarray) -> np.ndarray:
    return np.clip(np.searchsorted(f.times, t - 1e-9), 0, len(f.times) - 1)


def motion_correlation(a: Frames, b: Frames, rows: np.ndarray, speed: float, offset: float,
                       lag_s: float = 0.2, min_std: float = 2.0) -> float | None:
    """Pearson correlation of how much the picture changes over `lag_s` in A and, at the
    aligned times, in B; None when either side hardly changes (static footage)."""
    if len(rows) < 8:
        return None
    ta = a.times[rows]
    tb = speed * ta + offset
    ma = hamming(a.pdq[rows], a.pdq[_row_at(a, ta - lag_s)]).astype(np.float64)
    mb = hamming(b.pdq[_row_at(b, tb)], b.pdq[_row_at(b, tb - lag_s * speed)]).astype(np.float64)
    if ma.std() < min_std or mb.std() < min_std:
        return None
    return float(np.corrcoef(ma, mb)[0, 1])


def _seeds_near(flats: np.ndarray, k: int, span: int, cmin: int, speeds: np.ndarray,
                mirrored: np.ndarray, ta: np.ndarray, tb: np.ndarray, free: np.ndarray) -> np.ndarray:
    """For each vote bin in `flats` (align_pair's flat (mirrored, speed, offset bin) index), the
    number of `free` seeds within the line tolerance of its line: align_pair's per-bin test
    (the same float arithmetic, element by element) for a block of bins at once."""
    m, rem = np.divmod(flats.astype(np.int64), k * span)
    si, cb = np.divmod(rem, span)
    offset = (cb - 1 + cmin + 0.5) * OFFSET_BIN_S
    line = speeds[si][:, None] * ta[None, :] + offset[:, None]
    near = np.abs(tb[None, :] - line) <= LINE_TOL_S + OFFSET_BIN_S
    return (near & free[None, :] & (mirrored[None, :] == m[:, None])).sum(axis=1)


def align_pair(c: Candidates, a: Frames, b: Frames, n_variants: int, cfg: MatchConfig) -> list[Match]:
    """Verified matches between videos `a` (queries) and `b` (index) from their candidates."""
    if len(c) < cfg.min_seeds:
        return []
    ta, tb = a.times[c.q_row], b.times[c.e_row]
    weight = (cfg.max_distance + 1 - c.distance) / (cfg.max_distance + 1)
    mirrored = (c.variant >= n_variants // 2).astype(np.int64)
    speeds = speed_grid(cfg)
    k = len(speeds)
    off = tb[None, :] - speeds[:, None] * ta[None, :]               # (K, M)
    cbin = np.floor(off / OFFSET_BIN_S).astype(np.int64)
    cmin = int(cbin.min())
    span = int(cbin.max()) - cmin + 3
    key = ((mirrored[None, :] * k + np.arange(k)[:, None]) * span + (cbin - cmin + 1))
    votes = np.bincount(key.ravel(), weights=np.broadcast_to(weight, key.shape).ravel(),
                        minlength=2 * k * span).reshape(2, k, span)
    # smooth over neighbouring offset bins (not over speeds: the offset of a line at another
    # speed moves with the absolute time, so neighbouring speeds do not share bins)
    sm2 = votes.copy()
    sm2[:, :, 1:] += votes[:, :, :-1]
    sm2[:, :, :-1] += votes[:, :, 1:]
    order = np.argsort(sm2.ravel())[::-1]
    consumed = np.zeros(len(c), bool)
    matches: list[Match] = []
    tried = 0
    # long inputs hold more repeats: the verification budget grows with their shot count
    max_lines = MAX_LINES_BASE + 2 * (int(a.shot.max()) + int(b.shot.max()) + 2)
    # most bins above the vote floor have too few free seeds near their line: their counts,
    # taken for a block of bins at a time (again after each bin tried, which consumes seeds),
    # skip them without a pass over the seeds each
    block = max(1, min(64, (1 << 18) // max(1, len(c))))
    n_above = int((sm2 >= cfg.min_seeds * 0.5).sum())     # the bins the loop can reach
    counts, start = np.zeros(0, np.int64), 0
    for pos, flat in enumerate(order):
        if sm2.ravel()[flat] < cfg.min_seeds * 0.5 or tried >= max_lines:
            break
        if pos >= start + len(counts):
            start = pos
            counts = _seeds_near(order[pos:min(pos + block, n_above)], k, span, cmin, speeds,
                                 mirrored, ta, tb, ~consumed)
        if counts[pos - start] < cfg.min_seeds:
            continue
        counts = counts[:pos - start + 1]                  # recounted from the next bin on
        m, rem = divmod(int(flat), k * span)
        si, cb = divmod(rem, span)
        speed = speeds[si]
        offset = (cb - 1 + cmin + 0.5) * OFFSET_BIN_S
        near = (~consumed & (mirrored == m)      # its count is counts[pos - start]
                & (np.abs(tb - (speed * ta + offset)) <= LINE_TOL_S + OFFSET_BIN_S))
        tried += 1
        # the most common variant among the supporting seeds is the transform; the line is
        # refined on them (least squares when they span a second or more) and the speed
        # whose dense verification scores best is kept
        variant = int(np.bincount(c.variant[near]).argmax())
        seed_t = (float(ta[near].min()), float(ta[near].max()))
        speeds_to_try = {round(float(speed), 4)}
        if seed_t[1] - seed_t[0] >= 1.0:
            fit = float(np.polyfit(ta[near], tb[near], 1)[0])
            if cfg.speed_range[0] <= fit <= cfg.speed_range[1]:
                speeds_to_try.add(round(fit, 4))
        if any(abs(s - 1.0) < 0.03 for s in speeds_to_try):
            speeds_to_try.add(1.0)
        match = None
        for sp in sorted(speeds_to_try):
            off_sp = float(np.median(tb[near] - sp * ta[near]))
            cand = verify(a, b, sp, off_sp, variant, seed_t, cfg)
            if cand is not None and (match is None or cand.score > match.score):
                match, speed, offset = cand, sp, off_sp
        if match is None:
            consumed |= near
            continue
        lo, hi = a.times[match.a_rows[0]], a.times[match.a_rows[1]]
        consumed |= ((ta >= lo - EXTEND_S) & (ta <= hi + EXTEND_S)
                     & (np.abs(tb - (speed * ta + offset)) <= 2 * LINE_TOL_S + 1.0)) | near
        if match.kind == "retake":
            # the set-up matches at every offset: one verified line speaks for the shot pair
            a_shots = np.unique(a.shot[match.a_rows[0]:match.a_rows[1] + 1])
            b_shots = np.unique(b.shot[match.b_rows[0]:match.b_rows[1] + 1])
            consumed |= np.isin(a.shot[c.q_row], a_shots) & np.isin(b.shot[c.e_row], b_shots)
        matches.append(match)
    matches += shot_pair_retakes(c.take(~consumed), a, b, cfg)
    return matches


def shot_pair_retakes(c: Candidates, a: Frames, b: Frames, cfg: MatchConfig,
                      n: int = 40) -> list[Match]:
    """Shot pairs whose frames match at no single offset but throughout: the same camera
    set-up and scene filmed at another moment (people moving through a fixed view).

    For each pair of shots (A's, B's) with enough remaining candidates, up to `n` valid
    frames of each are compared all against all (the dominant variant); when most frames of
    both shots find a partner within the threshold, the shots are a retake pair."""
    out: list[Match] = []
    if len(c) < cfg.min_seeds:
        return out
    key = a.shot[c.q_row] * (int(b.shot.max()) + 1) + b.shot[c.e_row]
    keys, counts = np.unique(key, return_counts=True)
    for k in keys[counts >= cfg.min_seeds]:
        sa, sb = divmod(int(k), int(b.shot.max()) + 1)
        if a.vid == b.vid and sa == sb:
            continue
        sel = key == k
        variant = int(np.bincount(c.variant[sel]).argmax())
        ra = np.flatnonzero((a.shot == sa) & a.valid)
        mb = np.flatnonzero((b.shot[b.vrows] == sb) & b.valid[b.vrows])
        if len(ra) < 2 or len(mb) < 2:
            continue
        dur_a = a.times[ra[-1]] - a.times[ra[0]] + a.frame_dur
        dur_b = b.times[b.vrows[mb[-1]]] - b.times[b.vrows[mb[0]]] + b.frame_dur
        if min(dur_a, dur_b) < cfg.min_duration_s:
            continue
        ra_s = ra[np.unique(np.linspace(0, len(ra) - 1, min(n, len(ra))).round().astype(int))]
        mb_s = mb[np.unique(np.linspace(0, len(mb) - 1, min(n, len(mb))).round().astype(int))]
        d = hamming(a.pdq[ra_s][:, None], b.variants[mb_s, variant][None])      # (na, nb)
        best_a, best_b = d.min(axis=1), d.min(axis=0)
        cover_a = float((best_a <= cfg.max_distance).mean())
        cover_b = float((best_b <= cfg.max_distance).mean())
        if min(cover_a, cover_b) < cfg.min_retake_coverage:
            continue
        run = np.arange(ra[0], ra[-1] + 1)
        dist = np.full(len(run), np.nan)
        b_of_a = np.full(len(run), b.vrows[mb_s[0]])
        pos = np.searchsorted(run, ra_s)
        dist[pos] = best_a
        b_of_a[pos] = b.vrows[mb_s[d.argmin(axis=1)]]
        ok = best_a <= cfg.max_distance
        dist[pos[~ok]] = np.nan
        out.append(Match(a=a, b=b, a_rows=(int(ra[0]), int(ra[-1])),
                         b_rows=(int(b.vrows[mb[0]]), int(b.vrows[mb[-1]])), speed=1.0,
                         offset=float("nan"), variant=variant, distances=dist, b_of_a=b_of_a,
                         off_median=float("nan"), kind="retake", score=float((cfg.max_distance - best_a[ok]).sum()),
                         motion_correlation=None, lock_ratio=float("nan")))
    return out


def whole_shots(m: Match, cfg: MatchConfig, n: int = 40) -> Match:
    """A retake found along one line, extended to the two shots it lies in when their frames
    match throughout (as `shot_pair_retakes` tests): a set-up filmed again is the whole shot,
    not the stretch where the two performances happen to line up."""
    if m.estimated:             # re-hashed shots: estimate.py extended them already, if they match
        w = m.estimated.get("_whole")
        return m if w is None else replace(m, a_rows=w.a_rows, b_rows=w.b_rows, distances=w.distances,
                                           b_of_a=w.b_of_a)
    if not np.isfinite(m.offset):
        return m
    a, b = m.a, m.b
    sa, sb = int(a.shot[m.a_rows[0]]), int(b.shot[m.b_rows[0]])
    if np.any(a.shot[m.a_rows[0]:m.a_rows[1] + 1] != sa) or np.any(b.shot[m.b_rows[0]:m.b_rows[1] + 1] != sb):
        return m
    ra = np.flatnonzero((a.shot == sa) & a.valid)
    mb = np.flatnonzero((b.shot[b.vrows] == sb) & b.valid[b.vrows])
    if len(ra) < 2 or len(mb) < 2:
        return m
    ra_s = ra[np.unique(np.linspace(0, len(ra) - 1, min(n, len(ra))).round().astype(int))]
    mb_s = mb[np.unique(np.linspace(0, len(mb) - 1, min(n, len(mb))).round().astype(int))]
    d = hamming(a.pdq[ra_s][:, None], b.variants[mb_s, m.variant][None])
    best_a, best_b = d.min(axis=1), d.min(axis=0)
    if min(float((best_a <= cfg.max_distance).mean()),
           float((best_b <= cfg.max_distance).mean())) < cfg.min_retake_coverage:
        return m
    run = np.arange(ra[0], ra[-1] + 1)
    dist = np.full(len(run), np.nan)
    b_of_a = np.full(len(run), b.vrows[mb_s[0]])
    pos = np.searchsorted(run, ra_s)
    ok = best_a <= cfg.max_distance
    dist[pos[ok]] = best_a[ok]
    b_of_a[pos] = b.vrows[mb_s[d.argmin(axis=1)]]
    return replace(m, a_rows=(int(ra[0]), int(ra[-1])), b_rows=(int(b.vrows[mb[0]]), int(b.vrows[mb[-1]])),
                   distances=dist, b_of_a=b_of_a)


def long_shots(frames: list[Frames], cfg: MatchConfig, n: int) -> list[tuple]:
    """(frames, shot, query rows, indexed positions, n query rows spread over the shot, n indexed
    positions spread over it) for every shot with at least 3 valid frames on both sides that
    lasts at least `min_duration_s`: the shots the set-up tests compare."""
    shots = []
    for f in frames:
        for s in np.unique(f.shot).tolist():
            ra = np.flatnonzero((f.shot == s) & f.valid)
            mb = np.flatnonzero((f.shot[f.vrows] == s) & f.valid[f.vrows])
            if len(ra) < 3 or len(mb) < 3:
                continue
            if min(f.times[ra[-1]] - f.times[ra[0]], f.times[f.vrows[mb[-1]]] - f.times[f.vrows[mb[0]]]) \
                    + f.frame_dur < cfg.min_duration_s:
                continue
            ra_s = ra[np.unique(np.linspace(0, len(ra) - 1, min(n, len(ra))).round().astype(int))]
            mb_s = mb[np.unique(np.linspace(0, len(mb) - 1, min(n, len(mb))).round().astype(int))]
            shots.append((f, s, ra, mb, ra_s, mb_s))
    return shots


def linked_shots(matches: list[Match]) -> set[tuple[int, int, int, int]]:
    """(vid, shot, vid, shot), both ways round, for every pair of shots a match touches."""
    linked = set()
    for m in matches:
        for sa in np.unique(m.a.shot[m.a_rows[0]:m.a_rows[1] + 1]).tolist():
            for sb in np.unique(m.b.shot[m.b_rows[0]:m.b_rows[1] + 1]).tolist():
                linked |= {(m.a.vid, sa, m.b.vid, sb), (m.b.vid, sb, m.a.vid, sa)}
    return linked


def unlinked_shot_pairs(frames: list[Frames], matches: list[Match], cfg: MatchConfig, n: int,
                        max_shots: int):
    """(a, shot a, its rows, b, shot b, its indexed positions, hash median) for every pair of
    `long_shots` (a before b) that no match in `matches` links. The hash median is the median
    distance of `n` frames of one shot to their nearest partner among `n` of the other, the
    larger of the two directions. Nothing when there are more than `max_shots` shots."""
    shots = long_shots(frames, cfg, n)
    if len(shots) > max_shots:
        return
    linked = linked_shots(matches)
    for i, (a, sa, ra, _, ra_s, _) in enumerate(shots):
        for b, sb, _, mb, _, mb_s in shots[i + 1:]:
            if (a.vid, sa, b.vid, sb) in linked:
                continue
            d = hamming(a.pdq[ra_s][:, None], b.variants[mb_s, 0][None])
            yield a, sa, ra, b, sb, mb, max(float(np.median(d.min(axis=1))), float(np.median(d.min(axis=0))))


def setup_retakes(frames: list[Frames], matches: list[Match], cfg: MatchConfig, n: int = 12,
                  max_shots: int = 400) -> list[Match]:
    """Shot pairs that no match links whose frames are all fairly close, though beyond
    `max_distance`: a set-up filmed again with more change between the takes (people in
    other places, a camera moved a little, another costume), which the tighter test of
    `shot_pair_retakes` misses. For every pair of shots (both at least `min_duration_s`,
    not the same shot), `n` frames of each are compared all against all on the full frame;
    when the median distance of a frame to its nearest partner is within `setup_max_median`
    in both directions, the shots are a candidate retake (`setup_only`: the pixel stage
    must confirm it, else it is dropped). Skipped above `max_shots` shots."""
    return [_setup_match(a, b, ra, mb, cfg)
            for a, _, ra, b, _, mb, med in unlinked_shot_pairs(frames, matches, cfg, n, max_shots)
            if med <= cfg.setup_max_median]


def _setup_match(a: Frames, b: Frames, ra: np.ndarray, mb: np.ndarray, cfg: MatchConfig, n: int = 40) -> Match:
    """The whole-shot retake candidate of `setup_retakes`: each sampled frame of a with its
    nearest frame of b (distances kept, though beyond max_distance)."""
    ra_s = ra[np.unique(np.linspace(0, len(ra) - 1, min(n, len(ra))).round().astype(int))]
    mb_s = mb[np.unique(np.linspace(0, len(mb) - 1, min(n, len(mb))).round().astype(int))]
    d = hamming(a.pdq[ra_s][:, None], b.variants[mb_s, 0][None])
    run = np.arange(ra[0], ra[-1] + 1)
    dist = np.full(len(run), np.nan)
    b_of_a = np.full(len(run), b.vrows[mb_s[0]])
    pos = np.searchsorted(run, ra_s)
    dist[pos] = d.min(axis=1)
    b_of_a[pos] = b.vrows[mb_s[d.argmin(axis=1)]]
    return Match(a=a, b=b, a_rows=(int(ra[0]), int(ra[-1])), b_rows=(int(b.vrows[mb[0]]), int(b.vrows[mb[-1]])),
                 speed=1.0, offset=float("nan"), variant=0, distances=dist, b_of_a=b_of_a,
                 off_median=float("nan"), kind="retake", score=0.0, motion_correlation=None,
                 lock_ratio=float("nan"), setup_only=True)
