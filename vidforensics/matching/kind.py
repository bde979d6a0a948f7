"""Reuse or retake, decided from the pixels of aligned frames, with the measurements shown.

For up to `N_SAMPLES` aligned frame pairs in the middle `WINDOW_S` seconds of a match (one
seek and a short decode per member), both frames and the frames `LAG_S` earlier are read at `SIDE` px; member b's frame is registered onto member a's (the estimated
transform, else ORB + RANSAC, else the matched crop variant) and brightness-matched. Then, in
the area both show (less any burned-in band the estimated path cut from a time-aligned
match's comparison):

- *moving*: pixels that change by more than `CHANGE` (0-1 grey) over `LAG_S` in either member;
- *identical motion*: the share of the moving pixels where the two members agree (within
  `SAME`, which allows for re-encoding): the same recorded frames move identically, a second take moves differently;
- *background match*: the share of the still pixels where the two members agree (the same
  place, the same framing);
- *change correlation*: the correlation, over the moving pixels, of how each member's picture
  changed over `LAG_S` (the same recorded frames change alike; another performance does not,
  however small its motion, which identical motion's tolerance lets pass);
- *background detail match*: of the pixels that move in none of the sampled pairs and show
  detail (an edge) in either member, the share where the two agree (the same place lines its
  edges up; a similar plain set-up, such as another person before the same kind of wall,
  agrees in its flat areas only). A set-up candidate with no time alignment (matching
  `setup_only`) is reported as a retake only when this reaches `setup_min_detail_match`;
- *differing regions*: the boxes where the two members disagree most (see compare.py).

When the hashes alone already show the same recorded frames (median distance within
`reuse_max_median`, lock ratio >= 0.9, motion correlation >= 0.8: no retake of the tuning set
comes near) the pixels are not read and the reason says so. Otherwise the rule (thresholds in
MatchConfig, chosen on the tuning part of the evaluation set only):
identical motion >= `reuse_min_identical_motion` (and the hash lock ratio not below
`min_lock_ratio`) -> reuse; the same under a transform followed frame by frame with every
sampled frame on the alignment (lock >= 0.9) -> reuse whatever the change correlation (the
changing registration lowers it by itself); identical motion >= `reuse_min_identical_motion`
but unlocked ->
reuse when the change correlation is >= `reuse_min_change_correlation`, retake when it is <=
`retake_max_change_correlation` and the background matches; identical motion at least
`retake_max_identical_motion` but a change correlation <= `retake_max_change_correlation` with
the background matching -> retake; a change correlation >= `reuse_min_change_correlation` with
identical motion >= `correlated_min_identical_motion` and a locked (or unmeasured) alignment ->
reuse (an edit lowers the agreement within tolerance, not how the picture changes);
background match >= `retake_min_background` and identical motion
below `retake_max_identical_motion` (or below the reuse level with an unlocked alignment) ->
retake; nothing moving in either member but >= `static_min_agreement` of the pixels agree ->
reuse (weak: an unchanging scene filmed twice would look the same); otherwise an unlocked
alignment whose change correlation stays below `reuse_min_change_correlation`, the background
matching -> retake (a talking head filmed again: its small motion agrees within tolerance, but
the frames are not locked to one alignment and the picture changes only partly alike);
anything else -> "mixed"
(the evidence does not decide, and the group says so).
"""
from __future__ import annotations

from typing import Any, Sequence

import cv2
import numpy as np

from ..config import MatchConfig
from ..decode import fetch_frames
from ..types import FrameRef, VideoInfo
from .align import Frames, Match
from .compare import _fallback_transform, differing_regions, register
from .estimate import from_unit

N_SAMPLES = 3
LOCKED = 0.9
MOVING_TOGETHER = 0.8
WINDOW_S = 1.2
LAG_S = 0.4
SIDE = 320
CHANGE = 0.07
MIN_MOVING = 0.01
SAME = 0.12
SEARCH_S = 0.3
DETAIL = 0.05


def _rows(f: Frames, t: np.ndarray) -> np.ndarray:
    return np.clip(np.searchsorted(f.times, t - 1e-9), 0, len(f.times) - 1)


def _fetch(info: VideoInfo, f: Frames, rows: Sequence[int]) -> dict[int, np.ndarray]:
    rows = sorted(set(int(r) for r in rows))
    refs = [FrameRef(info.path, int(f.index[r]), int(f.pts[r]), info.time_base) for r in rows]
    return dict(zip(rows, fetch_frames(info, refs, max_side=SIDE)))


def _grey(rgb: np.ndarray) -> np.ndarray:
    g = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    return cv2.GaussianBlur(g, (0, 0), 1.5)


def _edges(g: np.ndarray) -> np.ndarray:
    """Gradient magnitude of a grey picture (Sobel, per pixel, in 0-1 grey units)."""
    return cv2.magnitude(cv2.Sobel(g, cv2.CV_32F, 1, 0, ksize=3), cv2.Sobel(g, cv2.CV_32F, 0, 1, ksize=3)) / 4


def _matched(g: np.ndarray, ref: np.ndarray, mask: np.ndarray) -> np.ndarray:
    ma, sa = ref[mask].mean(), ref[mask].std() + 1e-3
    mb, sb = g[mask].mean(), g[mask].std() + 1e-3
    return (g - mb) * (sa / sb) + ma


def _registration(a_rgb: np.ndarray, b_rgb: np.ndarray, transform: dict[str, Any]) -> np.ndarray:
    """b -> a: the keypoint fit or the one implied by the matched crop variant, whichever
    leaves the smaller difference (keypoints can lock onto a repeated pattern)."""
    t = {**transform, "mirrored": False}
    return _cheapest(a_rgb, b_rgb, [register(a_rgb, b_rgb, t)[0], _fallback_transform(a_rgb.shape, b_rgb.shape, t)])


def _cheapest(a_rgb: np.ndarray, b_rgb: np.ndarray, cands: list[np.ndarray]) -> np.ndarray:
    """The transform b -> a of `cands` that leaves the smallest brightness-matched difference."""
    h, w = a_rgb.shape[:2]
    ga = _grey(a_rgb)

    def cost(mat):
        cover = cv2.warpAffine(np.full(b_rgb.shape[:2], 255, np.uint8), mat, (w, h), flags=cv2.INTER_NEAREST) > 0
        if cover.mean() < 0.05:
            return np.inf
        gb = _matched(_grey(cv2.warpAffine(b_rgb, mat, (w, h))), ga, cover)
        return float(np.abs(ga - gb)[cover].mean())

    return min(cands, key=cost)


def _box_mask(shape, box, mirrored: bool = False) -> np.ndarray:
    h, w = shape[:2]
    x0, y0, x1, y1 = box or (0, 0, 1, 1)
    if mirrored:
        x0, x1 = 1 - x1, 1 - x0
    m = np.zeros((h, w), np.uint8)
    m[int(y0 * h):int(np.ceil(y1 * h)), int(x0 * w):int(np.ceil(x1 * w))] = 255
    return m


def _cover(mat: np.ndarray, a_shape, b_shape, transform: dict[str, Any], bands_out: bool = True) -> np.ndarray:
    """Where both members show picture: a's content box and b's, warped onto a, less (with
    `bands_out`) any burned-in band the estimated path left out of its comparison
    (`compared_box_frac`, in a). Not for a set-up candidate: between two moments, the edge
    bands that differ may be the performance itself, and leaving them out would favour
    agreement."""
    h, w = a_shape[:2]
    b_pic = _box_mask(b_shape, transform.get("b_content_box"), bool(transform.get("mirrored")))
    cover = (cv2.warpAffine(b_pic, mat, (w, h), flags=cv2.INTER_NEAREST) > 0) & (
        _box_mask(a_shape, transform.get("a_content_box")) > 0)
    if bands_out and transform.get("compared_box_frac"):
        cover &= _box_mask(a_shape, transform["compared_box_frac"]) > 0
    return cv2.erode(cover.astype(np.uint8), np.ones((7, 7), np.uint8)) > 0


def pixel_evidence(m: Match, infos: Sequence[VideoInfo], transform: dict[str, Any],
                   matrix: np.ndarray | None, track: tuple | None = None) -> dict[str, Any] | None:
    """Measurements of one match from its pixels (None when no frame pair could be compared).
    `track` = (b rows, b -> a unit transforms) of a transform followed frame by frame."""
    a, b = m.a, m.b
    ok = ~np.isnan(m.distances)
    if not ok.any():
        return None
    rows = np.arange(m.a_rows[0], m.a_rows[1] + 1)[ok]
    brow = m.b_of_a[ok]
    # samples close together in the middle of the match: one seek and a short decode per member
    t = a.times[rows]
    mid = t[len(t) // 2]
    near_mid = np.flatnonzero(np.abs(t - mid) <= WINDOW_S / 2)
    pick = near_mid[np.unique(np.linspace(0, len(near_mid) - 1, min(N_SAMPLES, len(near_mid))).round().astype(int))]
    speed = m.speed if np.isfinite(m.offset) else 1.0
    want_a, want_b, plan = [], [], []
    for k in pick:
        ra, rb = int(rows[k]), int(brow[k])
        la = int(_rows(a, np.array([a.times[ra] - LAG_S]))[0])
        if a.shot[la] != a.shot[ra] or la == ra:
            continue
        # the hash alignment is only as exact as the hash is sensitive to time: the b frame is
        # searched within SEARCH_S of it, each candidate with its own earlier frame
        if m.setup_only:        # no time alignment: any partner far enough into its shot to look back
            start = b.times[np.flatnonzero(b.shot == b.shot[rb])[0]]
            rb = max(rb, int(_rows(b, np.array([start + LAG_S * speed + SEARCH_S]))[0]))
            if b.shot[rb] != b.shot[brow[k]]:
                continue
        near = np.flatnonzero((np.abs(b.times - b.times[rb]) <= SEARCH_S) & (b.shot == b.shot[rb]))
        near = near[np.unique(np.linspace(0, len(near) - 1, min(9, len(near))).round().astype(int))]
        lags = {int(r): int(_rows(b, np.array([b.times[r] - LAG_S * speed]))[0]) for r in near}
        lags = {r: q for r, q in lags.items() if q != r and b.shot[q] == b.shot[r]}
        if not lags:
            continue
        want_a += [ra, la]
        want_b += list(lags) + list(lags.values())
        plan.append((ra, la, rb, lags))
    if not plan:
        return None
    fa, fb = _fetch(infos[a.vid], a, want_a), _fetch(infos[b.vid], b, want_b)
    mirror = bool(transform.get("mirrored"))
    per, kept = [], []
    for ra, la, rb, lags in plan:
        a_rgb = fa[ra]
        b_imgs = {r: (np.ascontiguousarray(fb[r][:, ::-1]) if mirror else fb[r])
                  for r in set(lags) | set(lags.values())}
        h, w = a_rgb.shape[:2]
        mid = min(lags, key=lambda r: abs(r - rb))
        def unit_at(r):
            if track is not None:
                return track[1][int(np.argmin(np.abs(track[0] - r)))]
            return matrix

        mat = (from_unit(unit_at(mid), a_rgb.shape, b_imgs[mid].shape) if matrix is not None
               else _registration(a_rgb, b_imgs[mid], transform))
        cover = _cover(mat, a_rgb.shape, b_imgs[mid].shape, transform, bands_out=not m.setup_only)
        if cover.mean() < 0.05:
            continue
        ga = _grey(a_rgb)
        gla = _matched(_grey(fa[la]), ga, cover)     # a change of exposure over LAG_S is not motion
        warp = {r: _matched(_grey(cv2.warpAffine(im, mat, (w, h), flags=cv2.INTER_LINEAR)), ga, cover)
                for r, im in b_imgs.items()}
        best = min(lags, key=lambda r: float(np.abs(ga - warp[r])[cover].mean()))
        diff = np.abs(ga - warp[best])
        # b's earlier frame registered on its own (a zoom or pan may have moved the frame over
        # LAG_S): the fitted transform or a fresh fit onto a's earlier frame, the closer one
        lb = lags[best]
        own = [] if track is None else [from_unit(unit_at(lb), a_rgb.shape, b_imgs[lb].shape)]
        mat_l = _cheapest(fa[la], b_imgs[lb], [mat, *own, _registration(fa[la], b_imgs[lb], transform)])
        if mat_l is not mat:
            warp[lb] = _matched(_grey(cv2.warpAffine(b_imgs[lb], mat_l, (w, h), flags=cv2.INTER_LINEAR)), ga, cover)
        move_a = np.abs(ga - gla) > CHANGE
        move_b = np.abs(warp[best] - warp[lb]) > CHANGE
        moving = (move_a | move_b) & cover
        same = (diff <= SAME) & cover
        n_move, n_still = int(moving.sum()), int((cover & ~moving).sum())
        # how the picture changes over LAG_S, pixel by pixel, in both members: the same recorded
        # frames change alike (correlation near 1); another performance of the same set-up
        # changes elsewhere or otherwise, however small the motion (near 0)
        change = None
        if n_move >= MIN_MOVING * cover.sum() and n_move >= 50:
            ca, cb = (ga - gla)[moving], (warp[best] - warp[lb])[moving]
            if ca.std() > 1e-4 and cb.std() > 1e-4:
                change = round(float(np.corrcoef(ca, cb)[0, 1]), 3)
        d = np.where(cover, diff, 0.0).astype(np.float32)
        kept.append((ga, warp[best], cover, moving, same))
        per.append({
            "a_time_s": round(float(a.times[ra]), 3), "b_time_s": round(float(b.times[best]), 3),
            "moving_share": round(n_move / max(1, int(cover.sum())), 4),
            "identical_motion": None if n_move < MIN_MOVING * cover.sum() else
            round(float((same & moving).sum()) / n_move, 3),
            "background_match": None if n_still == 0 else round(float((same & ~moving).sum()) / n_still, 3),
            "agreement": round(float(same.sum()) / max(1, int(cover.sum())), 3),
            "change_correlation": change,
            "regions": differing_regions(d, cover),
        })
    if not per:
        return None

    def med(key):
        v = [p[key] for p in per if p[key] is not None]
        return None if not v else round(float(np.median(v)), 3)

    return {"frame_pairs_measured": len(per), "moving_share": med("moving_share"),
            "identical_motion": med("identical_motion"), "background_match": med("background_match"),
            "agreement": med("agreement"), "change_correlation": med("change_correlation"),
            "background_detail_match": _background_detail(kept),
            "per_frame_pair": per}


def _background_detail(kept: list) -> float | None:
    """The *background detail match*: of the pixels that move in none of the sampled frame
    pairs (the set-up, not the performer) and show detail (gradient > `DETAIL`) in either
    member, the share where the two members agree, pooled over the frame pairs. The same place
    lines its edges up; a similar plain set-up agrees in its flat areas but not in its detail.
    None when such detail covers less than 1 % of the shared picture (or 50 pixels)."""
    moved = np.zeros(kept[0][3].shape, np.uint8)
    for *_, moving, _same in kept:
        moved |= moving.astype(np.uint8)
    moved = cv2.dilate(moved, np.ones((9, 9), np.uint8)) > 0
    n = agree = area = 0
    for ga, gb, cover, _, same in kept:
        detail = cover & ~moved & ((_edges(ga) > DETAIL) | (_edges(gb) > DETAIL))
        n += int(detail.sum())
        agree += int((same & detail).sum())
        area += int(cover.sum())
    return None if n < max(50, MIN_MOVING * area) else round(agree / n, 3)


def locked_reuse(m: Match, lock: float | None, cfg: MatchConfig) -> str:
    """The reason when the hashes alone show the same recorded frames (no pixels read): close
    frames (median distance <= `reuse_max_median`), time-locked (lock ratio >= 0.9) and
    changing together (motion correlation >= 0.8). Empty when the pixels must decide."""
    d = m.distances[~np.isnan(m.distances)]
    if (lock is None or m.motion_correlation is None or len(d) == 0 or lock < LOCKED
            or m.motion_correlation < MOVING_TOGETHER or float(np.median(d)) > cfg.reuse_max_median):
        return ""
    return (f"the frames change together (motion correlation {m.motion_correlation:.2f}) and "
            f"{lock:.0%} of the sampled frames are best matched on the alignment, at a median distance "
            f"of {float(np.median(d)):.0f} bits: the same recorded frames (pixels not examined)")


def decide(px: dict[str, Any] | None, lock: float | None, cfg: MatchConfig,
           followed: bool = False) -> tuple[str, str]:
    """(kind, reason) from the pixel measurements and the hash lock ratio (align.lock_ratio:
    how often an aligned frame's partner is its best match nearby; None when not measured).
    `followed`: the match holds under a transform followed frame by frame (a zoom or pan)."""
    if px is None:
        return "mixed", "mixed evidence: no aligned frame pair could be read and registered"
    im, bg, agree = px["identical_motion"], px["background_match"], px["agreement"]
    lock_txt = "" if lock is None else f"; {lock:.0%} of the sampled frames are best matched on the alignment"
    if im is None or (px["moving_share"] or 0) < MIN_MOVING:
        if agree is not None and agree >= cfg.static_min_agreement:
            return "reuse", (f"nothing moves in either member; {agree:.0%} of the shared picture agrees "
                             "(weak: an unchanging scene filmed twice would look the same)")
        return "mixed", "mixed evidence: nothing moves in either member and the pictures differ"
    unlocked = lock is not None and lock < cfg.min_lock_ratio
    bg_txt = "n/a" if bg is None else f"{bg:.0%}"
    cc = px.get("change_correlation")
    # the moving picture may agree within tolerance and still change otherwise, pixel by pixel
    # (two recordings of a nearly still scene): then identical motion alone does not make a reuse
    differs = cc is not None and cc <= cfg.retake_max_change_correlation
    if im >= cfg.reuse_min_identical_motion and not unlocked and not differs:
        return "reuse", f"{im:.0%} of the moving picture moves identically in both members{lock_txt}"
    if followed and lock is not None and lock >= LOCKED and im >= cfg.reuse_min_identical_motion:
        # a changing crop (a zoom or pan) followed frame by frame keeps every sampled frame on the
        # alignment and the moving picture agrees: the same recorded frames. Its registration
        # changes from frame to frame, which lowers the change correlation by itself
        cc_txt = "" if cc is None else f" (change correlation {cc:.2f}, lowered by the changing registration)"
        return "reuse", (f"{im:.0%} of the moving picture moves identically under a transform followed frame "
                         f"by frame (a zoom or pan){lock_txt}{cc_txt}")
    same_place = bg is not None and bg >= cfg.retake_min_background
    if im >= cfg.reuse_min_identical_motion and cc is not None:
        # the moving picture agrees but the frames are not locked to one alignment: how the
        # picture changes, pixel by pixel, decides (little motion agrees within tolerance anyway)
        if cc >= cfg.reuse_min_change_correlation:
            return "reuse", (f"{im:.0%} of the moving picture moves identically and its changes correlate "
                             f"pixel by pixel ({cc:.2f}){lock_txt}")
    if im >= cfg.retake_max_identical_motion and same_place and differs:
        # most of the (small) motion agrees within tolerance, yet it changes otherwise pixel by pixel
        return "retake", (f"the background matches ({bg_txt} of the still picture agrees) and the small "
                          f"motion agrees within tolerance ({im:.0%}), but the picture changes differently "
                          f"(change correlation {cc:.2f}){lock_txt}: the same set-up, another performance")
    if (cc is not None and cc >= cfg.reuse_min_change_correlation and not unlocked
            and im >= cfg.correlated_min_identical_motion):
        # an edit (a band, an inset's border, a rotation's resampling) lowers the share of moving
        # pixels that agree within tolerance, but the picture still changes alike, pixel by pixel
        return "reuse", (f"the picture changes alike in both members, pixel by pixel (change correlation "
                         f"{cc:.2f}), and {im:.0%} of the moving picture moves identically{lock_txt}")
    if same_place and (im < cfg.retake_max_identical_motion
                       or (im < cfg.reuse_min_identical_motion and unlocked)):
        return "retake", (f"the background matches ({bg_txt} of the still picture agrees) but only "
                          f"{im:.0%} of the moving picture moves identically{lock_txt}: "
                          "the same set-up, another performance")
    if unlocked and same_place and cc is not None and cc < cfg.reuse_min_change_correlation:
        # the hashes find no single alignment and the picture does not change alike: a small
        # motion (a talking head) agrees within tolerance without being the same recorded frames
        return "retake", (f"the background matches ({bg_txt} of the still picture agrees) and {im:.0%} of "
                          f"the small motion agrees within tolerance, but the frames are not locked to one "
                          f"alignment{lock_txt} and the picture does not change alike (change correlation "
                          f"{cc:.2f}): the same set-up, another performance")
    cc_txt = "" if cc is None else f", change correlation {cc:.2f}"
    return "mixed", (f"mixed evidence: {im:.0%} of the moving picture moves identically, "
                     f"background match {bg_txt}{cc_txt}{lock_txt}")
