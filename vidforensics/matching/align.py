"""Temporal alignment: from candidate frame pairs to verified repeated segments.

Candidate pairs between two videos vote on a line `t_b = speed * t_a + offset` (a Hough
transform over speed ratios in the configured range and 0.2 s offset bins; mirrored and
plain candidates vote apart). Each well-supported line is verified densely: every frame of A
near the seeds is compared with the frame of B the line predicts (and its neighbours), using
the transform the seeds agree on; the best-scoring run (a maximum-sum subarray over
`max_distance - d`, Smith-Waterman style) becomes the repeated segment.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..config import MatchConfig
from ..hashing import hamming
from .index import Candidates

OFFSET_BIN_S = 0.2
SPEED_STEP = 1.02
LINE_TOL_S = 0.3
EXTEND_S = 3.0
MAX_LINES_PER_PAIR = 400


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
    variants: np.ndarray       # (N, V, 32)
    bars_frac: np.ndarray      # (N, 4) content box without bars, as fractions of the frame


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


def speed_grid(cfg: MatchConfig) -> np.ndarray:
    lo, hi = cfg.speed_range
    n_lo = int(np.floor(np.log(1 / lo) / np.log(SPEED_STEP)))
    n_hi = int(np.floor(np.log(hi) / np.log(SPEED_STEP)))
    return SPEED_STEP ** np.arange(-n_lo, n_hi + 1, dtype=np.float64)


def _line_distances(a: Frames, b: Frames, rows: np.ndarray, speed: float, offset: float,
                    variant: int, shift_s: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Distance of A's rows to the B frames the line predicts (best of 3 neighbours)."""
    t = speed * a.times[rows] + offset + shift_s
    j = np.searchsorted(b.times, t)
    best = np.full(len(rows), np.inf)
    best_j = np.clip(j, 0, len(b.times) - 1)
    inside = (t >= b.times[0] - b.frame_dur) & (t <= b.times[-1] + b.frame_dur)
    for dj in (-1, 0, 1):
        jj = np.clip(j + dj, 0, len(b.times) - 1)
        d = hamming(a.pdq[rows], b.variants[jj, variant]).astype(np.float64)
        d[~b.valid[jj]] = np.inf
        better = d < best
        best[better], best_j[better] = d[better], jj[better]
    best[~inside | ~a.valid[rows]] = np.nan
    return best, best_j


def _best_run(score: np.ndarray) -> tuple[int, int, float]:
    """Maximum-sum contiguous run (Kadane): (start, end inclusive, sum)."""
    best, best_s, best_e = 0.0, 0, -1
    cur, cur_s = 0.0, 0
    for i, v in enumerate(score):
        if cur <= 0:
            cur, cur_s = v, i
        else:
            cur += v
        if cur > best:
            best, best_s, best_e = cur, cur_s, i
    return best_s, best_e, best


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
    retake = line_med > cfg.reuse_max_median and off_med - line_med < cfg.retake_margin
    return Match(a=a, b=b, a_rows=(int(run[0]), int(run[-1])), b_rows=(b0, b1), speed=speed,
                 offset=offset, variant=variant, distances=dr, b_of_a=bjr,
                 off_median=off_med, kind="retake" if retake else "reuse", score=float(total))


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
    for flat in order:
        if sm2.ravel()[flat] < cfg.min_seeds * 0.5 or tried >= MAX_LINES_PER_PAIR:
            break
        m, rem = divmod(int(flat), k * span)
        si, cb = divmod(rem, span)
        speed = speeds[si]
        offset = (cb - 1 + cmin + 0.5) * OFFSET_BIN_S
        near = (~consumed & (mirrored == m)
                & (np.abs(tb - (speed * ta + offset)) <= LINE_TOL_S + OFFSET_BIN_S))
        if near.sum() < cfg.min_seeds:
            continue
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
    return matches
