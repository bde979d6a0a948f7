"""Shots: boundaries from per-frame content features (hard cuts and gradual transitions).

Features per frame (from the decoder's grey thumbnail): a 16x16 grey reduction and a 16-bin
grey histogram. The content distance between two frames is the mean of the scaled mean
absolute pixel difference and half the histogram L1 distance (both 0-1).

- Hard cut at frame i: distance(i-1, i) above `cut_threshold` and `adaptive_ratio` times the
  median distance of the surrounding second (fast motion raises that median; a cut
  stands out of it), and the content of the 0.4 s before it does not return within the
  0.4 s after it (a camera flash or a brief occlusion returns; a cut does not).
- Jump cut in a still view (a static camera cut to another moment): a lone one-frame spike
  of change of at least `jump_cut_min`, `jump_cut_ratio` times the surrounding median and
  more than twice anything else within half a second, that does not return either.
- Gradual transition (dissolve, fade): distance across a window of 2K frames (K about
  0.5 s and 1 s) peaks above `gradual_threshold`, while each side of the window is itself
  stable (a pan or moving camera changes on both sides too, a transition does not), and no
  hard cut lies inside. Runs of black frames are fades: the next shot starts at the first
  frame after the run.
- Boundaries closer than `min_shot_s` are merged, keeping the stronger.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import cv2
import numpy as np

from .config import ShotConfig
from .types import Shot


def shot_features(thumbs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(N, 16, 16) uint8 reductions and (N, 16) float32 normalised histograms."""
    n = len(thumbs)
    if n == 0:
        return np.empty((0, 16, 16), np.uint8), np.empty((0, 16), np.float32)
    h, w = thumbs.shape[1:]
    if h >= 16 and w >= 16:     # one area reduction of the stacked frames (as hashing._resize_stack)
        tall = np.ascontiguousarray(thumbs).reshape(n * h, w)
        small = cv2.resize(tall, (16, 16 * n), interpolation=cv2.INTER_AREA).reshape(n, 16, 16)
    else:
        small = np.stack([cv2.resize(t, (16, 16), interpolation=cv2.INTER_AREA) for t in thumbs])
    flat = thumbs.reshape(n, -1)
    hist = np.stack([np.bincount(f >> 4, minlength=16) for f in flat]).astype(np.float32)
    hist /= max(1, flat.shape[1])
    return small, hist


def _distance(small: np.ndarray, hist: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    pix = np.abs(small[a].astype(np.int16) - small[b].astype(np.int16)).mean(axis=(1, 2)) / 255.0
    his = np.abs(hist[a] - hist[b]).sum(axis=1) / 2.0
    return 0.5 * np.minimum(1.0, pix * 3.0) + 0.5 * his


@dataclass(frozen=True)
class Boundary:
    row: int          # row (into the feature arrays) of the first frame of the new shot
    kind: str         # "cut", "dissolve" or "fade"
    strength: float


def find_boundaries(small: np.ndarray, hist: np.ndarray, fps: float, cfg: ShotConfig) -> list[Boundary]:
    n = len(small)
    if n < 2:
        return []
    rows = np.arange(n)
    d1 = np.concatenate([[0.0], _distance(small, hist, rows[:-1], rows[1:])])
    luma = small.reshape(n, -1).mean(axis=1)
    spread = small.reshape(n, -1).std(axis=1)
    black = (luma < 24) & (spread < 10)

    w = max(2, int(round(fps * 0.5)))
    ret = max(2, int(round(fps * 0.4)))
    found: list[Boundary] = []
    # candidates: a large change, or a lone spike in a still view (a jump cut of a static
    # camera changes little of the picture, but all at once, against near-zero change around)
    spike = np.zeros(n, bool)
    spike[1:-1] = ((d1[1:-1] >= cfg.jump_cut_min) & (d1[1:-1] >= 4 * d1[:-2])
                   & (d1[1:-1] >= 4 * d1[2:]))
    for i in np.flatnonzero((d1 >= cfg.cut_threshold) | spike):
        lo, hi = max(1, i - w), min(n, i + w + 1)
        neigh = np.concatenate([d1[lo:max(lo, i - 1)], d1[min(hi, i + 2):hi]])
        local = float(np.median(neigh)) if len(neigh) else 0.0
        if d1[i] >= cfg.cut_threshold:
            if d1[i] < cfg.adaptive_ratio * local + 0.02:
                continue
        elif d1[i] < cfg.jump_cut_ratio * max(local, 0.003) or (
                len(neigh) and neigh.max() > 0.5 * d1[i]):
            continue                                            # not alone in a still view
        after = np.arange(i + 1, min(n, i + 1 + ret))
        back = min(cfg.cut_threshold, d1[i]) * 0.5
        returns = False
        for before in range(max(0, i - ret), i):                # the event may have begun earlier
            if len(after) and _distance(small, hist, np.full(len(after), before), after).min() < back:
                returns = True
        if returns:
            continue                                            # content returns: flash/occlusion
        if black[i - 1] and black[i]:
            continue
        found.append(Boundary(int(i), "cut", float(d1[i])))

    # fades: runs of black frames; the next shot starts after the run
    in_run, start = False, 0
    for i in range(n):
        if black[i] and not in_run:
            in_run, start = True, i
        elif not black[i] and in_run:
            in_run = False
            if start > 0:
                found.append(Boundary(i, "fade", 1.0))

    cuts = np.array([b.row for b in found if b.kind == "cut"], dtype=np.int64)
    for k_s in (0.5, 1.0):
        k = max(2, int(round(fps * k_s)))
        if n <= 4 * k:
            continue
        c = np.arange(2 * k, n - 2 * k)
        across = _distance(small, hist, c - k, c + k)
        before = _distance(small, hist, c - 2 * k, c - k)
        after = _distance(small, hist, c + k, c + 2 * k)
        ok = (across >= cfg.gradual_threshold) & (across >= 2.0 * np.maximum(before, after) + 0.05)
        ok &= ~black[c]
        for j in np.flatnonzero(ok):
            i = int(c[j])
            if j > 0 and across[j - 1] > across[j] or j + 1 < len(c) and across[j + 1] >= across[j]:
                continue                                            # not the local peak
            if len(cuts) and np.any(np.abs(cuts - i) <= 2 * k):
                continue
            if np.any(black[i - k:i + k]):
                continue                                            # handled as a fade
            found.append(Boundary(i, "dissolve", float(across[j])))
    # one dissolve is seen at both window sizes: keep the strongest within a second
    dissolves = sorted((b for b in found if b.kind == "dissolve"), key=lambda b: -b.strength)
    kept_d: list[Boundary] = []
    for b in dissolves:
        if all(abs(b.row - k.row) > fps for k in kept_d):
            kept_d.append(b)
    found = [b for b in found if b.kind != "dissolve"] + kept_d

    min_gap = max(1, int(round(fps * cfg.min_shot_s)))
    kept: list[Boundary] = []
    for b in sorted(found, key=lambda b: (-b.strength, b.row)):
        if b.row >= min_gap // 2 and all(abs(b.row - k.row) >= min_gap for k in kept):
            kept.append(b)
    return sorted(kept, key=lambda b: b.row)


def detect_shots(video: str, index: np.ndarray, pts: np.ndarray, time_base: Fraction,
                 end_pts: int, last_frame: int, small: np.ndarray, hist: np.ndarray,
                 cfg: ShotConfig) -> list[Shot]:
    """Shots of one video from its (possibly thinned) frames' features. `end_pts` is where the
    last frame ends, `last_frame` its number: the last shot runs to them, whatever was sampled."""
    n = len(index)
    if n == 0:
        return []
    span = float((int(end_pts) - int(pts[0])) * time_base)
    fps = n / span if span > 0 else 25.0
    bounds = find_boundaries(small, hist, fps, cfg)
    starts = [0] + [b.row for b in bounds]
    kinds = ["start"] + [b.kind for b in bounds]
    shots = []
    for s, (row, kind) in enumerate(zip(starts, kinds)):
        next_row = starts[s + 1] if s + 1 < len(starts) else None
        end_frame = int(index[next_row]) - 1 if next_row is not None else int(last_frame)
        stop_pts = int(pts[next_row]) if next_row is not None else int(end_pts)
        shots.append(Shot(video=video, index=s, start_frame=int(index[row]), end_frame=end_frame,
                          start_s=float(int(pts[row]) * time_base), end_s=float(stop_pts * time_base),
                          transition_in=kind))
    return shots
