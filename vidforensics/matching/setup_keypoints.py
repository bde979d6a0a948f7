"""Set-up candidates from keypoints: the same place filmed at another moment, handheld.

`align.setup_retakes` proposes a retake when the frames of two shots lie within
`setup_max_median` bits of each other. A handheld camera, a repeated action in another part
of the frame or another light move every frame's 256-bit hash further than that, although
the place is the same. The same place can still show *geometrically consistent* keypoint
matches between stills of the two shots (walls, furniture, the ground). On the development
splits this score alone does not separate such pairs from similar-looking other places
(true pairs scored 5-182 inliers, others up to 54): it drops pairs with no geometric link,
and the pixel stage decides. Off by default for its cost (docs/repeats-development.md).

For every pair of shots that no match links and whose hash median lies in
(`setup_max_median`, `keypoint_setup_max_median`] (the hash test bounds the cost), up to
`STILLS` stills of each shot (the decode pass's stills; none without them) are described
by ORB and matched all against all (ratio test); a homography is fitted with RANSAC. The
pair's set-up score is the largest inlier count of a still pair whose inliers spread over at
least `MIN_SPREAD` of the frame (convex hull). A pair scoring `keypoint_setup_min_inliers` or
more is a set-up candidate (`setup_only`) like those of the hash test: the pixel stage
(kind.py, which registers every frame pair by its own keypoint fit, so a handheld camera is
compensated) must call it a retake with at least `setup_min_background` of the still picture
agreeing, else it is dropped.
"""
from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np

from ..config import MatchConfig
from ..hashing import hamming
from .align import Frames, Match, _setup_match

STILLS = 3           # stills per shot compared
MIN_SPREAD = 0.15    # share of the frame the inliers of a counted still pair must span
RATIO = 0.8
RANSAC_PX = 4.0      # at the stills' size (enlarged to KEY_SIDE when smaller)


def _shot_stills(f: Frames, shot: int, n: int = STILLS) -> list[np.ndarray]:
    from .estimate import _enlarged
    if f.stills is None:
        return []
    inside = np.flatnonzero(f.shot == shot)
    lo, hi = int(f.pts[inside[0]]), int(f.pts[inside[-1]])
    idx = np.flatnonzero((f.stills.pts >= lo) & (f.stills.pts <= hi))
    if len(idx) == 0:
        return []
    idx = idx[np.unique(np.linspace(0, len(idx) - 1, min(n, len(idx))).round().astype(int))]
    return [g for g in _enlarged([f.stills.image(int(i)) for i in idx]) if g is not None]


def _describe(g: np.ndarray):
    kp, de = cv2.ORB_create(nfeatures=1000, fastThreshold=5).detectAndCompute(g, None)
    return (np.float32([k.pt for k in kp]) if kp else np.zeros((0, 2), np.float32)), de, g.shape


def pair_score(fa, fb) -> tuple[int, float]:
    """(inliers, spread) of a homography taking still b onto still a (0, 0.0 when none)."""
    pa, da, shape = fa
    pb, db, _ = fb
    if da is None or db is None or len(pa) < 8 or len(pb) < 8:
        return 0, 0.0
    pairs = cv2.BFMatcher(cv2.NORM_HAMMING).knnMatch(db, da, k=2)
    good = [m[0] for m in pairs if len(m) == 2 and m[0].distance < RATIO * m[1].distance]
    if len(good) < 8:
        return 0, 0.0
    src = pb[[m.queryIdx for m in good]]
    dst = pa[[m.trainIdx for m in good]]
    mat, inl = cv2.findHomography(src, dst, cv2.RANSAC, RANSAC_PX, maxIters=2000, confidence=0.995)
    if mat is None or inl is None:
        return 0, 0.0
    pts = dst[inl.ravel() > 0]
    if len(pts) < 4:
        return int(len(pts)), 0.0
    spread = float(cv2.contourArea(cv2.convexHull(pts))) / float(shape[0] * shape[1])
    return int(len(pts)), spread


def setup_score(sa: list, sb: list) -> tuple[int, float]:
    """The best (inliers, spread) over all still pairs of two shots whose inliers spread over
    at least MIN_SPREAD of the frame."""
    best = (0, 0.0)
    for fa in sa:
        for fb in sb:
            n, spread = pair_score(fa, fb)
            if spread >= MIN_SPREAD and n > best[0]:
                best = (n, spread)
    return best


def keypoint_setups(frames: list[Frames], matches: list[Match], cfg: MatchConfig, n: int = 12,
                    max_shots: int = 400, log: list | None = None) -> list[Match]:
    """Set-up candidates (module docstring) among the shot pairs no match in `matches` links;
    `log`, when given, gains (vid a, shot a, vid b, shot b, hash median, inliers, spread) of
    every pair scored."""
    if cfg.keypoint_setup_min_inliers <= 0 or cfg.keypoint_setup_max_median <= cfg.setup_max_median:
        return []
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
    if len(shots) > max_shots:
        return []
    linked = set()
    for m in matches:
        for sa in np.unique(m.a.shot[m.a_rows[0]:m.a_rows[1] + 1]).tolist():
            for sb in np.unique(m.b.shot[m.b_rows[0]:m.b_rows[1] + 1]).tolist():
                linked |= {(m.a.vid, sa, m.b.vid, sb), (m.b.vid, sb, m.a.vid, sa)}
    feats: dict[tuple[int, int], list] = {}

    def described(f: Frames, s: int) -> list:
        if (f.vid, s) not in feats:
            feats[(f.vid, s)] = [_describe(g) for g in _shot_stills(f, s)]
        return feats[(f.vid, s)]

    out = []
    for i, (a, sa, ra, _, ra_s, _) in enumerate(shots):
        for b, sb, _, mb, _, mb_s in shots[i + 1:]:
            if (a.vid, sa, b.vid, sb) in linked:
                continue
            d = hamming(a.pdq[ra_s][:, None], b.variants[mb_s, 0][None])
            med = max(float(np.median(d.min(axis=1))), float(np.median(d.min(axis=0))))
            if not cfg.setup_max_median < med <= cfg.keypoint_setup_max_median:
                continue
            inliers, spread = setup_score(described(a, sa), described(b, sb))
            if log is not None:
                log.append((a.vid, sa, b.vid, sb, med, inliers, round(spread, 3)))
            if inliers >= cfg.keypoint_setup_min_inliers:
                out.append(replace(_setup_match(a, b, ra, mb, cfg), setup_keypoints=(inliers, round(spread, 3))))
    return out
