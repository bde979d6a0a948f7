"""Mirrored repeats that no mirrored crop variant covers: a keypoint fit on the flipped keyframe.

The hash grid indexes every crop variant mirrored, so a mirror alone, or a mirror with a crop
on the grid, aligns like any other repeat. A mirror combined with an edit off the grid (a
window at another place or scale, a rotation) is left to the keypoint stage (estimate.py),
but ORB descriptors are not mirror-invariant, so that stage finds no fit (heldout4's three-
times case: a mirrored 88 % window off centre, 73 bits from the nearest mirrored variant at
the median, no keypoint fit on the unflipped keyframes).

Which shot pairs are tried is decided by the hash search's own candidates, at no extra cost:
a pair of shots that nothing links, between which at least `mirror_min_frames` frames of the
query shot found a partner within `max_distance` on a *mirrored* variant, and more on mirrored
than on unmirrored variants. For those only, member b's keyframe is flipped, described by ORB
and fitted onto member a's as in estimate.py (the same screen, `min_inliers`, scale and
rotation limits); the fit, composed with the flip, goes through estimate.py's re-hashing and
alignment unchanged, so a mirrored estimated repeat meets the same threshold and duration
rules as any other. The match then says `mirrored` and carries the transform of the flipped
member b (kind.py flips b's frames before registering them, as for a mirrored variant).
estimate.py's mirrored picture-in-picture insets go through `mirrored_pair` the same way.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Sequence

import cv2
import numpy as np

from ..config import MatchConfig
from ..types import VideoInfo
from .align import Frames, Match, linked_shots
from .index import Candidates

__all__ = ["mirror_pairs", "mirrored_matches"]

_FLIP_UNIT = np.array([[-1.0, 0.0, 1.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])


def mirror_pairs(cands: Candidates, frames: Sequence[Frames], n_var: int,
                 cfg: MatchConfig) -> dict[tuple[int, int, int, int], int]:
    """(vid a, shot a, vid b, shot b), a before b -> frames of the query shot with a partner on
    a mirrored variant, for the shot pairs where mirrored variants found more such frames than
    unmirrored ones and at least `mirror_min_frames`."""
    if cfg.mirror_min_frames <= 0 or n_var < 2 or not len(cands):
        return {}
    half = n_var // 2
    shots = np.concatenate([f.shot for f in frames])
    offsets = np.cumsum([0] + [len(f.times) for f in frames])
    qn = offsets[cands.q_video] + cands.q_row                  # global row of the query frame
    qs, es = shots[qn], shots[offsets[cands.e_video] + cands.e_row]
    keep = (cands.q_video != cands.e_video) | (qs != es)
    # the shot pair, ordered (vid, shot) first-second, and whether the partner is mirrored
    first = (cands.q_video < cands.e_video) | ((cands.q_video == cands.e_video) & (qs < es))
    va, sa = np.where(first, cands.q_video, cands.e_video), np.where(first, qs, es)
    vb, sb = np.where(first, cands.e_video, cands.q_video), np.where(first, es, qs)
    mir = (cands.variant >= half).astype(np.int64)
    rec = np.unique(np.stack([va, sa, vb, sb, mir, qn])[:, keep], axis=1)    # one per query frame
    out = {}
    if rec.shape[1] == 0:
        return out
    keys, inv = np.unique(rec[:4], axis=1, return_inverse=True)
    inv = inv.reshape(-1)
    n_mir = np.bincount(inv, weights=rec[4], minlength=keys.shape[1])
    n_plain = np.bincount(inv, weights=1 - rec[4], minlength=keys.shape[1])
    for k in np.flatnonzero((n_mir >= cfg.mirror_min_frames) & (n_mir > n_plain)).tolist():
        out[tuple(int(x) for x in keys[:, k])] = int(n_mir[k])
    return out


def mirrored_matches(pairs: dict, frames: Sequence[Frames], infos: Sequence[VideoInfo],
                     matches: Sequence[Match], cfg: MatchConfig) -> list[Match]:
    """Time-aligned matches under a keypoint fit of the flipped keyframe, for the shot pairs of
    `mirror_pairs` that no match of `matches` touches (one that does was found on the grid,
    mirrored or not). A set-up candidate (no time alignment) is not kept: a mirror is an edit
    of recorded frames, not a way of filming a set-up again."""
    from . import estimate as est

    if not pairs:
        return []
    linked = linked_shots(matches)
    todo = [k for k in sorted(pairs) if k not in linked and (k[2], k[3], k[0], k[1]) not in linked]
    if not todo:
        return []
    keys = {}
    for va, sa, vb, sb in todo:
        for v, s in ((va, sa), (vb, sb)):
            if (v, s) in keys:
                continue
            f = frames[v]
            r = f.vrows[(f.shot[f.vrows] == s) & f.valid[f.vrows]]
            if len(r) < 3 or f.times[r[-1]] - f.times[r[0]] + f.frame_dur < cfg.min_duration_s:
                keys[(v, s)] = None
                continue
            row = int(r[(len(r) - 1) // 2])
            g = (est._from_stills(f, np.array([row])) if f.stills is not None
                 else est._read_near(infos[v], f, np.array([row])))[0]
            keys[(v, s)] = None if g is None else (row, g)
    orb = cv2.ORB_create(nfeatures=1000, fastThreshold=5)

    def feats(g):
        kp, de = orb.detectAndCompute(g, None)
        return kp, de, g.shape, est._strongest(kp, de), g

    out: list[Match] = []
    for va, sa, vb, sb in todo:
        if keys[(va, sa)] is None or keys[(vb, sb)] is None:
            continue
        (ra, ga), (rb, gb) = keys[(va, sa)], keys[(vb, sb)]
        flipped = np.ascontiguousarray(gb[:, ::-1])
        fit = est._pair_fit(feats(ga), feats(flipped), cfg.min_inliers)
        if fit is None:
            continue
        out += mirrored_pair(frames[va], frames[vb], infos[va], infos[vb], sa, sb, fit[0], (ga, gb, ra, rb), cfg)
    return out


def mirrored_pair(fa: Frames, fb: Frames, ia: VideoInfo, ib: VideoInfo, sa: int, sb: int,
                  flipped_mat: np.ndarray, keys: tuple, cfg: MatchConfig) -> list[Match]:
    """Time-aligned matches of shots `sa` of a and `sb` of b under `flipped_mat` (b's keyframe
    flipped left-right -> a's; `keys` = (a image, b image, a row, b row)), with their transform
    stated for the flipped member b. A set-up candidate is not kept (see mirrored_matches)."""
    from . import estimate as est

    mat = (est._h(flipped_mat) @ est._flip(keys[1].shape[1]))[:2]     # b -> a, the flip included
    # not followed frame by frame: the tracker's similarity fits cannot hold a flip
    found = est._try_pair(fa, fb, ia, ib, sa, sb, mat, replace(cfg, track_min_cover=0.0), keys, False)
    return [_as_mirrored(m, flipped_mat, keys[0].shape, est) for m in found if not m.setup_only]


def _as_mirrored(m: Match, flipped_mat: np.ndarray, shape, est) -> Match:
    """The match with its transform stated for the flipped member b (`mirrored`), as kind.py
    and the report read a mirrored variant."""
    def fix(e: dict) -> dict:
        unit = (est._h(np.asarray(e["_unit"])) @ _FLIP_UNIT)[:2]    # flipped b -> a
        return {**e, **est.describe(flipped_mat, shape), "mirrored": True, "_unit": unit}

    e = fix(m.estimated)
    if e.get("_whole") is not None:
        e["_whole"] = replace(e["_whole"], estimated={**fix(e["_whole"].estimated), "_whole": None})
    return replace(m, estimated=e)
