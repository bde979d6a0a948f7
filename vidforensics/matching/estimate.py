"""Estimated transforms: repeats that no precomputed hash variant covers.

The variant grid (crops, mirror) covers the common edits. A rotation, a crop at an arbitrary
place and scale, a zoom with a pan, or a picture shown small inside another (picture-in-
picture) changes every 256-bit hash beyond the threshold. For those, the transform is
estimated instead of enumerated:

1. keyframes (`shot_keyframes.py`): the coded keyframe at or before the middle of every
   shot (when past the shot's first quarter; else the first still from there on) is taken
   from the stills the decode pass kept (`types.Stills`, `KEY_SIDE` px; no seek in the file)
   and described by ORB keypoints (`keyframes.py`: one ORB set-up and one ratio-test matcher
   for both keypoint stages), on two threads that `find_repeats` starts before its hash
   search, so the two overlap;
2. for every pair of shots that the hash search did not already link, a screening match of
   the `keyframes.SCREEN_FEATURES` strongest keypoints decides whether the full descriptor sets are
   matched (ratio test); then a similarity transform (scale, rotation, shift)
   is fitted with RANSAC; a pair with at least `min_inliers` inliers, a scale within
   0.3-3.5 and a rotation within 12 degrees is a candidate (a near-identity transform adds
   nothing the hashes did not already test, and is skipped);
3. re-hashing: the frames of both shots are read at the variant rate, member b's are warped
   onto member a's frame with the estimated transform, both are cut to the area they share,
   and hashed again with the same PDQ-style hash; for a changing transform (zoom with pan) the
   transform is re-estimated on every frame pair along the alignment found;
4. the re-hashed frames go through the same temporal alignment and verification as any
   other candidate, so an estimated repeat meets the same threshold and duration rules.

Without stills (a `VideoAnalysis` made elsewhere) keyframes are read with one seek per shot.
The stage is skipped (and says so) when the inputs hold more than `MAX_KEYFRAMES` keyframes,
since its pairing is quadratic in shots (screened, but still every pair).
"""
from __future__ import annotations

from dataclasses import replace
from concurrent.futures import ThreadPoolExecutor
from itertools import combinations
from typing import Sequence

import cv2
import numpy as np

from ..config import MatchConfig
from ..decode import decoder_threads, fetch_frames
from ..hashing import PDQ_SIZE, hamming, pdq_dct, pdq_from_dct
from ..types import FrameRef, InputError, VideoInfo
from .align import Frames, Match, align_pair, setup_retakes, whole_shots
from .index import Candidates
from .keyframes import describe as describe_still, orb as new_orb, points, ratio_matches
from .mirror import mirrored_pair
from .keyframes import strongest as _strongest  # noqa: F401 - mirror.py builds its features with it
from .overlay import overlay_trim
from .shot_keyframes import KEY_SIDE, MAX_KEYFRAMES, Started, _enlarged, _flip, _from_stills, _h, _read_near  # noqa: F401

MAX_ROWS = 160            # re-hashed frames per shot (evenly thinned beyond)
SCREEN_RANSAC_ITERS = 2000
SCREEN_BACK_GOOD = 3
SCREEN_MIN_INLIERS = 4    # of a similarity fitted on their matches (either direction): match in full
OTHER_STILLS = 3          # other stills per shot tried when two keyframes pass the screen only
TRACK_FITS = 24           # frames of a changing transform (zoom with pan) fitted by keypoints


def _grey(rgb: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)


def _read(info: VideoInfo, f: Frames, rows: np.ndarray) -> list[np.ndarray]:
    refs = [FrameRef(info.path, int(f.index[r]), int(f.pts[r]), info.time_base) for r in rows]
    out = [_grey(x) for x in fetch_frames(info, refs, max_side=KEY_SIDE)]
    # small videos are enlarged: ORB needs ~30 px of margin and detail at several scales
    if out and max(out[0].shape) < KEY_SIDE:
        s = KEY_SIDE / max(out[0].shape)
        out = [cv2.resize(g, None, fx=s, fy=s, interpolation=cv2.INTER_CUBIC) for g in out]
    return out


def similarity(gb: np.ndarray, ga: np.ndarray, min_inliers: int) -> tuple[np.ndarray, int] | None:
    """2x3 similarity taking grey frame b onto grey frame a (ORB + RANSAC), with its inliers."""
    fa, fb = describe_still(ga), describe_still(gb)
    return _fit(fb.pts, fb.des, fa.pts, fa.des, min_inliers)


def _fit(pb, db, pa, da, min_inliers: int, good_out: list | None = None) -> tuple[np.ndarray, int] | None:
    """The similarity taking keypoints `pb` (positions, descriptors `db`) onto `pa`, `da`
    (positions as an (N, 2) array, or OpenCV keypoints, as mirror.py passes them)."""
    pb = pb if isinstance(pb, np.ndarray) else points(pb)
    pa = pa if isinstance(pa, np.ndarray) else points(pa)
    if da is None or db is None or len(pa) < min_inliers or len(pb) < min_inliers:
        return None
    qi, ti = ratio_matches(db, da, 0.75)
    if good_out is not None:
        good_out.append(len(qi))
    if len(qi) < min_inliers:
        return None
    src, dst = pb[qi], pa[ti]
    mat, inl = cv2.estimateAffinePartial2D(src, dst, method=cv2.RANSAC, ransacReprojThreshold=3.0,
                                           maxIters=2000, confidence=0.995, refineIters=10)
    if mat is None or inl is None or int(inl.sum()) < min_inliers:
        return None
    scale = float(np.hypot(mat[0, 0], mat[1, 0]))
    angle = float(np.degrees(np.arctan2(mat[1, 0], mat[0, 0])))
    if not (0.3 < scale < 3.5) or abs(angle) > 12:
        return None
    return mat, int(inl.sum())


def _screen(q, t, ratio: float = 0.75, good_out: list | None = None) -> int:
    """Inliers of a similarity fitted (RANSAC) on the ratio-test matches of strongest-keypoint
    sets `q` onto `t` (0 when there are too few or the fit is out of range)."""
    if q is None or t is None or len(q[1]) < 2 or len(t[1]) < 2:
        return 0
    qi, ti = ratio_matches(q[1], t[1], ratio)
    if good_out is not None:
        good_out.append(len(qi))
    if len(qi) < SCREEN_MIN_INLIERS:
        return 0
    src, dst = q[0][qi], t[0][ti]
    mat, inl = cv2.estimateAffinePartial2D(src, dst, method=cv2.RANSAC, ransacReprojThreshold=3.0,
                                           maxIters=SCREEN_RANSAC_ITERS)
    if mat is None or inl is None:
        return 0
    scale = float(np.hypot(mat[0, 0], mat[1, 0]))
    angle = float(np.degrees(np.arctan2(mat[1, 0], mat[0, 0])))
    return int(inl.sum()) if 0.3 < scale < 3.5 and abs(angle) <= 12 else 0


def _pair_fit(fa, fb, min_inliers: int, screened: list | None = None) -> tuple[np.ndarray, int] | None:
    """The similarity b -> a of two keyframes' `keyframes.Features`, or None.

    Screened first: the full ratio-test match (1,000 x 1,000 descriptors) runs only when the
    strongest `keyframes.SCREEN_FEATURES` keypoints of the two, matched in either direction, agree on
    one similarity with `SCREEN_MIN_INLIERS` inliers (chosen on the tuning and old held-out
    cases: every pair the full match fitted there had 6 or more, all but 6 of 655 others
    fewer); the other direction is tried only when the first found `SCREEN_BACK_GOOD`
    distinctive matches (every fitted pair there found 6 or more; 391 of the 655 others
    fewer than 3)."""
    good: list[int] = []
    if _screen(fb[3], fa[3], good_out=good) < SCREEN_MIN_INLIERS and (
            not good or good[0] < SCREEN_BACK_GOOD or _screen(fa[3], fb[3]) < SCREEN_MIN_INLIERS):
        return None
    if screened is not None:        # the screen passed (the full match may still fail)
        screened.append(True)
    n_good: list[int] = []
    fit = _fit(fb[0], fb[1], fa[0], fa[1], min_inliers, n_good)
    # the other direction only when this one found a few distinctive matches (a small
    # picture-in-picture inset matches better from its side); unrelated shots find ~none
    if fit is None and n_good and n_good[0] >= min_inliers // 2:
        back = _fit(fa[0], fa[1], fb[0], fb[1], min_inliers)
        if back is not None:
            fit = (cv2.invertAffineTransform(back[0]), back[1])
    return fit


def to_unit(mat: np.ndarray, a_shape, b_shape) -> np.ndarray:
    """A pixel transform b -> a as one between frame fractions (independent of read size)."""
    da = np.diag([a_shape[1], a_shape[0], 1.0])
    db = np.diag([b_shape[1], b_shape[0], 1.0])
    return (np.linalg.inv(da) @ _h(mat) @ db)[:2]


def from_unit(unit: np.ndarray, a_shape, b_shape) -> np.ndarray:
    da = np.diag([a_shape[1], a_shape[0], 1.0])
    db = np.diag([b_shape[1], b_shape[0], 1.0])
    return (da @ _h(unit) @ np.linalg.inv(db))[:2]


def describe(mat: np.ndarray, shape_a: tuple[int, ...]) -> dict:
    scale = float(np.hypot(mat[0, 0], mat[1, 0]))
    h, w = shape_a[:2]
    return {"estimated": True, "scale": round(scale, 3),
            "rotation_deg": round(float(np.degrees(np.arctan2(mat[1, 0], mat[0, 0]))), 2),
            "shift_frac": [round(float(mat[0, 2]) / w, 3), round(float(mat[1, 2]) / h, 3)]}


def _near_identity(mat: np.ndarray, shape) -> bool:
    d = describe(mat, shape)
    return abs(d["scale"] - 1) < 0.03 and abs(d["rotation_deg"]) < 0.7 and max(map(abs, d["shift_frac"])) < 0.02


def shared_box(mat: np.ndarray, a_shape, b_shape) -> tuple[int, int, int, int] | None:
    """An axis-aligned box of frame a that warped b covers (nearly) completely (x0, y0, x1, y1):
    the covered area's bounding box, shrunk on its worst-covered side until >= 99.5 % is
    covered."""
    h, w = a_shape[:2]
    return _box_of(cv2.warpAffine(np.full(b_shape[:2], 255, np.uint8), mat, (w, h), flags=cv2.INTER_NEAREST) > 0)


def _box_of(covered: np.ndarray) -> tuple[int, int, int, int] | None:
    h, w = covered.shape[:2]
    cover = covered.astype(np.float32)
    ys, xs = np.nonzero(cover)
    if len(xs) < 0.05 * h * w:
        return None
    x0, x1, y0, y1 = int(xs.min()), int(xs.max()) + 1, int(ys.min()), int(ys.max()) + 1
    step = max(1, min(w, h) // 100)
    while x1 - x0 > 0.15 * w and y1 - y0 > 0.15 * h:
        box = cover[y0:y1, x0:x1]
        if box.mean() >= 0.995:
            return x0, y0, x1, y1
        sides = [box[:, :step].mean(), box[:, -step:].mean(), box[:step].mean(), box[-step:].mean()]
        k = int(np.argmin(sides))
        if k == 0:
            x0 += step
        elif k == 1:
            x1 -= step
        elif k == 2:
            y0 += step
        else:
            y1 -= step
    return None


def _hash(images: list[np.ndarray]) -> np.ndarray:
    small = np.stack([cv2.resize(im, (PDQ_SIZE, PDQ_SIZE), interpolation=cv2.INTER_AREA) for im in images])
    return pdq_from_dct(pdq_dct(small))


def _shot_rows(f: Frames, shot: int) -> np.ndarray:
    """Variant rows (valid) of one shot, thinned evenly to MAX_ROWS."""
    r = f.vrows[(f.shot[f.vrows] == shot) & f.valid[f.vrows]]
    if len(r) > MAX_ROWS:
        r = r[np.unique(np.linspace(0, len(r) - 1, MAX_ROWS).round().astype(int))]
    return r


def _sub(f: Frames, rows: np.ndarray, hashes: np.ndarray) -> Frames:
    """Frames restricted to `rows`, with re-hashed frames (one variant: the estimated one)."""
    return replace(f, times=f.times[rows], index=f.index[rows], pts=f.pts[rows], valid=f.valid[rows],
                   shot=f.shot[rows], pdq=hashes, vrows=np.arange(len(rows)), variants=hashes[:, None],
                   bars_frac=np.tile([0.0, 0.0, 1.0, 1.0], (len(rows), 1)))


def _to_full(m: Match, fa: Frames, fb: Frames, ra: np.ndarray, rb: np.ndarray, est: dict) -> Match:
    """A match found on re-hashed subsets, in the rows of the full videos."""
    a0, a1 = int(ra[m.a_rows[0]]), int(ra[m.a_rows[1]])
    dist = np.full(a1 - a0 + 1, np.nan)
    b_of = np.full(a1 - a0 + 1, int(rb[m.b_of_a[0]]))
    sub_rows = np.arange(m.a_rows[0], m.a_rows[1] + 1)
    dist[ra[sub_rows] - a0] = m.distances
    b_of[ra[sub_rows] - a0] = rb[m.b_of_a]
    return replace(m, a=fa, b=fb, a_rows=(a0, a1), b_rows=(int(rb[m.b_rows[0]]), int(rb[m.b_rows[1]])),
                   distances=dist, b_of_a=b_of, variant=0, estimated=est)


def _rehash_pair(ga: list[np.ndarray], gb: list[np.ndarray], mats: list[np.ndarray],
                 box: tuple[int, int, int, int] | None = None) -> tuple[np.ndarray, np.ndarray] | None:
    """Hashes of a's frames and of b's frames warped onto them, cut to `box` (default: the
    shared box of the first transform; all frames of a shot share it)."""
    box = box or shared_box(mats[0], ga[0].shape, gb[0].shape)
    if box is None:
        return None
    x0, y0, x1, y1 = box
    h, w = ga[0].shape[:2]
    warped = [cv2.warpAffine(g, m, (w, h), flags=cv2.INTER_AREA if np.hypot(m[0, 0], m[1, 0]) < 1
                             else cv2.INTER_LINEAR)[y0:y1, x0:x1] for g, m in zip(gb, mats)]
    return _hash([g[y0:y1, x0:x1] for g in ga]), _hash(warped)


def _try_pair(fa: Frames, fb: Frames, ia: VideoInfo, ib: VideoInfo, sa: int, sb: int, mat: np.ndarray,
              cfg: MatchConfig, keys: tuple | None = None, near_identity: bool = False) -> list[Match]:
    """Re-hash shots `sa` of a and `sb` of b under `mat` (b -> a), cut to the box both show less
    any burned-in band (overlay_trim on the two keyframes `keys` = (a image, b image, a row,
    b row)), and align them; when that covers too little of the shots and the fit is not an
    identity, the transform is followed frame by frame (a zoom with pan: `_tracked`)."""
    ra, rb = _shot_rows(fa, sa), _shot_rows(fb, sb)
    if len(ra) < 3 or len(rb) < 3:
        return []
    box, banded = None, False
    if keys is not None:
        box = shared_box(mat, keys[0].shape, keys[1].shape)
        if box is not None:
            h, w = keys[0].shape[:2]
            trimmed = overlay_trim(box, keys[0], cv2.warpAffine(keys[1], mat, (w, h)),
                                   band=cfg.overlay_band_difference)
            if near_identity and trimmed == box:
                return []       # the same framing and no band: nothing the hashes did not test
            if (trimmed[2] - trimmed[0]) < 0.4 * (box[2] - box[0]) or (trimmed[3] - trimmed[1]) < 0.4 * (box[3] - box[1]):
                return []
            box, banded = trimmed, trimmed != box
    elif near_identity:
        return []
    try:
        ga, gb = _read(ia, fa, ra), _read(ib, fb, rb)
    except InputError:      # a damaged part of an input cannot be re-read: the pair is not tried
        return []
    if not ga or not gb:
        return []
    if box is not None and ga[0].shape != keys[0].shape:
        box = None
    got = _rehash_pair(ga, gb, [mat] * len(gb), box)
    if got is None:
        return []
    ha, hb = got
    est = {**describe(mat, ga[0].shape), "_unit": to_unit(mat, ga[0].shape, gb[0].shape)}
    if box is not None and banded:      # burned-in bands left out of the comparison
        h, w = ga[0].shape[:2]
        est["compared_box_frac"] = [round(box[0] / w, 3), round(box[1] / h, 3), round(box[2] / w, 3),
                                    round(box[3] / h, 3)]
    found = _align_rehashed(fa, fb, ra, rb, ha, hb, cfg, est)
    if near_identity or keys is None or _cover(found, fa, fb, sa, sb) >= cfg.track_min_cover:
        return found
    tracked = _tracked(fa, fb, ra, rb, ga, gb, mat, keys[2:], cfg)
    return tracked if _cover(tracked, fa, fb, sa, sb) > _cover(found, fa, fb, sa, sb) else found


def _cover(found: list[Match], fa: Frames, fb: Frames, sa: int, sb: int) -> float:
    """The largest share of the shorter of the two shots that one of `found` covers."""
    na, nb = int((fa.shot == sa).sum()), int((fb.shot == sb).sum())
    return max([min(m.a_rows[1] - m.a_rows[0] + 1, m.b_rows[1] - m.b_rows[0] + 1) / max(1, min(na, nb))
                for m in found], default=0.0)


def _params(mat: np.ndarray) -> np.ndarray:
    return np.array([np.log(np.hypot(mat[0, 0], mat[1, 0])), np.arctan2(mat[1, 0], mat[0, 0]), mat[0, 2], mat[1, 2]])


def _from_params(p: np.ndarray) -> np.ndarray:
    s, a = np.exp(p[0]), p[1]
    return np.array([[s * np.cos(a), -s * np.sin(a), p[2]], [s * np.sin(a), s * np.cos(a), p[3]]])


def _tracked(fa: Frames, fb: Frames, ra: np.ndarray, rb: np.ndarray, ga: list[np.ndarray], gb: list[np.ndarray],
             mat: np.ndarray, key_rows: tuple[int, int], cfg: MatchConfig) -> list[Match]:
    """A transform that changes through the shot (a virtual zoom with a pan), followed: the
    narrower view (the zoomed-in side) is the reference; for `TRACK_FITS` of its frames the
    wider view's frame at the same time (speed 1 from the keyframe pair) is fitted onto it by
    keypoints (similarity, RANSAC), the fits are median-filtered and interpolated to every
    frame, and the wider view is warped onto the narrower one frame by frame, both cut to the
    box every warped frame covers, re-hashed and aligned."""
    narrow_is_b = np.hypot(mat[0, 0], mat[1, 0]) <= 1.0      # b -> a shrinks: b shows less (zoomed in)
    if narrow_is_b:
        fn, fw, rn, rw, gn, gw, t0 = fb, fa, rb, ra, gb, ga, cv2.invertAffineTransform(mat)
        kn, kw = key_rows[1], key_rows[0]
    else:
        fn, fw, rn, rw, gn, gw, t0 = fa, fb, ra, rb, ga, gb, mat
        kn, kw = key_rows[0], key_rows[1]
    tw = fw.times[rw]
    want = fw.times[kw] + (fn.times[rn] - fn.times[kn])
    j = np.clip(np.searchsorted(tw, want - 1e-9), 0, len(rw) - 1)
    inside = (want >= tw[0] - 0.1) & (want <= tw[-1] + 0.1)
    idx = np.flatnonzero(inside)
    if len(idx) < 3:
        return []
    pick = idx[np.unique(np.linspace(0, len(idx) - 1, min(TRACK_FITS, len(idx))).round().astype(int))]
    orb = new_orb()
    fits, at = [], []
    for i in pick:
        kn_, dn = orb.detectAndCompute(gn[i], None)
        kw_, dw = orb.detectAndCompute(gw[j[i]], None)
        fit = _fit(points(kw_), dw, points(kn_), dn, max(8, cfg.min_inliers // 2))
        if fit is not None and abs(np.log(np.hypot(fit[0][0, 0], fit[0][1, 0]) / np.hypot(t0[0, 0], t0[1, 0]))) < 0.5:
            fits.append(_params(fit[0]))
            at.append(i)
    if len(fits) < 3:
        return []
    p = np.array(fits)
    p = np.array([np.median(p[max(0, k - 1):k + 2], axis=0) for k in range(len(p))])     # one bad fit is outvoted
    mats = [_from_params(np.array([np.interp(i, at, p[:, c]) for c in range(4)])) for i in idx]
    h, w = gn[0].shape[:2]
    cover = np.ones((h, w), bool)
    ones = np.full(gw[0].shape[:2], 255, np.uint8)
    for m in mats[::max(1, len(mats) // 12)] + [mats[-1]]:
        cover &= cv2.warpAffine(ones, m, (w, h), flags=cv2.INTER_NEAREST) > 0
    box = _box_of(cover)
    if box is None:
        return []
    x0, y0, x1, y1 = box
    hn = _hash([gn[i][y0:y1, x0:x1] for i in idx])
    hw = _hash([cv2.warpAffine(gw[j[i]], m, (w, h), flags=cv2.INTER_AREA)[y0:y1, x0:x1] for i, m in zip(idx, mats)])
    mid = mats[len(mats) // 2]
    b_to_a = mid if not narrow_is_b else cv2.invertAffineTransform(mid)
    # the transform of every re-hashed frame, by b's row: the pixel comparison (kind.py)
    # registers each frame it reads with its own
    b_rows = rn[idx] if narrow_is_b else rw[j[idx]]
    units = [to_unit(cv2.invertAffineTransform(m) if narrow_is_b else m, ga[0].shape, gb[0].shape) for m in mats]
    scales = [float(np.exp(q[0])) for q in p]
    est = {**describe(b_to_a, ga[0].shape), "_unit": to_unit(b_to_a, ga[0].shape, gb[0].shape),
           "tracked": {"frames_fitted": len(fits), "scale_min": round(min(scales), 3),
                       "scale_max": round(max(scales), 3),
                       "reference": "b" if narrow_is_b else "a"},
           "_track": (np.asarray(b_rows), np.stack(units))}
    if narrow_is_b:
        return _align_rehashed(fa, fb, rw[j[idx]], rn[idx], hw, hn, cfg, est)
    return _align_rehashed(fa, fb, rn[idx], rw[j[idx]], hn, hw, cfg, est)


def _align_rehashed(fa, fb, ra, rb, ha, hb, cfg, est) -> list[Match]:
    sa, sb = _sub(fa, ra, ha), _sub(fb, rb, hb)
    sb = replace(sb, vid=fb.vid if fb.vid != fa.vid else -1 - fb.vid)   # other rows: never "itself"
    d = hamming(ha[:, None], hb[None])
    qi, ei = np.nonzero(d <= cfg.max_distance)
    found = []
    if len(qi) >= cfg.min_seeds:
        z = np.zeros(len(qi), np.int64)
        c = Candidates(z + sa.vid, qi.astype(np.int64), z + sb.vid, ei.astype(np.int64), z, d[qi, ei])
        found = align_pair(c, sa, sb, 2, cfg)
    if not found:     # the same place under the fitted transform, another moment: a candidate retake
        found = setup_retakes([sa, sb], [], cfg)
    out = []
    for m in found:
        # should the pixels call it a retake, the re-hashed shots say how far the set-up
        # matches (the whole shots, as for any retake): kept beside the match
        whole = whole_shots(m, cfg)
        e = {**est, "_whole": None if whole is m else _to_full(whole, fa, fb, ra, rb, est)}
        out.append(_to_full(m, fa, fb, ra, rb, e))
    return out


def _other_stills(frames: Sequence[Frames], feats: dict, ka: tuple, kb: tuple, cfg: MatchConfig,
                  n: int = OTHER_STILLS, pool: ThreadPoolExecutor | None = None
                  ) -> tuple[tuple[np.ndarray, int], tuple] | None:
    """The best fit between the keyframes or up to `n` other stills of shot ka and of shot kb
    (the decode pass's stills; none without them), as ((b -> a, inliers), (key a, key b));
    `feats` gains the stills' features under (vid, shot, row) keys. With `pool`, the stills
    are described, screened and matched on its threads (the same results, in the same order)."""
    each = pool.map if pool is not None else map
    got, new = {}, {}
    for k in (ka, kb):
        f = frames[k[0]]
        if f.stills is None:
            return None
        inside = np.flatnonzero(f.shot == k[1])
        lo, hi = int(f.pts[inside[0]]), int(f.pts[inside[-1]])
        idx = np.flatnonzero((f.stills.pts >= lo) & (f.stills.pts <= hi))
        rows = inside[np.clip(np.searchsorted(f.pts[inside], f.stills.pts[idx]), 0, len(inside) - 1)]
        keep = [(int(i), int(r)) for i, r in zip(idx, rows) if int(r) != k[2]]
        keep = [keep[j] for j in np.unique(np.linspace(0, len(keep) - 1, min(n, len(keep))).round().astype(int))] \
            if keep else []
        imgs = _enlarged([f.stills.image(i) for i, _ in keep])
        got[k] = []
        for (_, r), g in zip(keep, imgs):
            key = (k[0], k[1], r)
            if key not in feats:
                new.setdefault(key, g)
            got[k].append(key)
    feats.update(zip(new, each(describe_still, new.values())))
    # the pairs screened (cheap), and only the two that agree best matched in full
    combos = [(qa, qb) for qa in [ka] + got[ka] for qb in [kb] + got[kb] if (qa, qb) != (ka, kb)]
    score = list(each(lambda c: _screen(feats[c[1]][3], feats[c[0]][3]), combos))
    top = [combos[int(k)] for k in np.argsort(score, kind="stable")[::-1][:2]]
    best = None
    for (qa, qb), fit in zip(top, each(lambda c: _pair_fit(feats[c[0]], feats[c[1]], cfg.min_inliers), top)):
        if fit is not None and (best is None or fit[1] > best[0][1]):
            best = (fit, qa, qb)
    return None if best is None else (best[0], (best[1], best[2]))


def pool_size() -> int:
    """Threads of the keypoint stage: two, or one on a one-core machine (of the usable cores,
    as the decode pass counts them)."""
    return min(2, decoder_threads())


def estimated_matches(frames: Sequence[Frames], infos: Sequence[VideoInfo], linked: set,
                      cfg: MatchConfig, started: Started, pool: ThreadPoolExecutor
                      ) -> tuple[list[Match], str]:
    """Matches between shot pairs not in `linked` ({(vid, shot, vid, shot)}) under estimated
    transforms, and a note of what the stage did. `started`: the keyframe jobs that
    `find_repeats` started (shot_keyframes.start) on `pool` before its hash search."""
    if started.note:
        return [], started.note
    # OpenCV releases the GIL: keyframes are described and pairs matched on the cores the
    # decoder used (results are keyed and collected in order, so the findings do not depend on it)
    feats, inset = started.collect()
    todo = [(ka, kb) for ka, kb in combinations(sorted(feats), 2)
            if ka[:2] != kb[:2] and ka[:2] + kb[:2] not in linked and kb[:2] + ka[:2] not in linked
            and not (ka[3:] == (2,) and kb[3:] == (2,))]
    screened: list[list] = [[] for _ in todo]
    fits = list(pool.map(lambda i: _pair_fit(feats[todo[i][0]], feats[todo[i][1]], cfg.min_inliers,
                                             screened[i]), range(len(todo))))
    # keyframes that pass the screen but not the full match may show two moments of one piece
    # (a speed change moves the moment a shot's middle shows): other stills of both shots are tried
    for i, ((ka, kb), fit) in enumerate(zip(todo, fits)):
        if fit is None and screened[i] and len(ka) == 3 and len(kb) == 3:
            other = _other_stills(frames, feats, ka, kb, cfg, pool=pool)
            if other is not None:
                fits[i], todo[i] = other
    best: dict[tuple, tuple[tuple, np.ndarray, tuple, tuple]] = {}
    for (ka, kb), fit in zip(todo, fits):
        if fit is None:
            continue
        mat = fit[0]
        if ka in inset:                                   # b -> enlarged inset of a -> a
            mat = (_h(inset[ka]) @ _h(mat))[:2]
        if kb in inset:                                   # b -> enlarged inset of b -> a
            mat = (_h(mat) @ np.linalg.inv(_h(inset[kb])))[:2]
        # a fit of the keyframes themselves is preferred: an inset's box is only as exact as
        # its detected edges
        rank = (ka not in inset and kb not in inset, fit[1])
        pair = ka[:2] + kb[:2]
        if pair not in best or rank > best[pair][0]:
            best[pair] = (rank, mat, ka[:3], kb[:3], (ka[3:] == (2,)) != (kb[3:] == (2,)))
    out: list[Match] = []
    for (va, sa, vb, sb), (_, mat, ka, kb, mirrored) in sorted(best.items()):
        two = (feats[ka][4], feats[kb][4], ka[2], kb[2])       # the keyframes and their rows
        if mirrored:        # a mirrored inset: as mirror.py's fits of a flipped keyframe
            out += mirrored_pair(frames[va], frames[vb], infos[va], infos[vb], sa, sb,
                                 (_h(mat) @ _flip(two[1].shape[1]))[:2], two, cfg)
            continue
        # a near-identity fit is tried only for burned-in bands (the hashes tested the rest)
        out += _try_pair(frames[va], frames[vb], infos[va], infos[vb], sa, sb, mat, cfg, two,
                         _near_identity(mat, feats[ka][2]))
    return out, f"{started.n_keys} keyframes, {len(best)} shot pairs with a fitted transform, {len(out)} verified"
