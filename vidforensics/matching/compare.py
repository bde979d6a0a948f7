"""Aligned comparison: full-size frame pairs of two group members, registered, with a
difference map, so a reviewer can see what changed between two occurrences (a shirt
buttoned in one take and open in the other, a logo added, a face blurred).

For each sample pair of the evidence: both frames are re-read at full size by PTS; member
b's frame is mirrored when the match was mirrored; a similarity transform (scale, rotation,
shift) from b to a is estimated from ORB feature matches with RANSAC, or, with too few
features, derived from the matched crop variant and the content boxes; b is warped onto a,
its brightness and contrast matched to a's over the overlap, and the difference map is the
absolute grey-level difference there (0-1, lightly smoothed to quiet compression noise).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import cv2
import numpy as np

from ..decode import fetch_frames
from ..hashing import CROP_VARIANTS
from ..types import FrameRef, RepeatGroup, VideoInfo

MIN_INLIERS = 12


@dataclass(frozen=True)
class AlignedPair:
    a_time_s: float
    b_time_s: float
    distance: int                 # hash distance recorded in the evidence
    a_rgb: np.ndarray             # member a's frame (H x W x 3)
    b_rgb: np.ndarray             # member b's frame registered onto a's (same shape)
    diff: np.ndarray              # H x W float32 in 0-1, 0 outside the overlap
    overlap: np.ndarray           # H x W bool: where b covers a
    registration: str             # how b was registered onto a
    mean_difference: float        # mean of diff over the overlap
    regions: tuple = ()           # the regions that differ most: dicts with box (fractions) and share


def _infos(source: Any) -> Mapping[str, VideoInfo]:
    if isinstance(source, Mapping):
        return source
    return {i.path: i for i in source.inputs}


def _fallback_transform(a_shape, b_shape, transform: dict[str, Any]) -> np.ndarray:
    """b -> a from the matched crop variant: a's content box shows b's crop window."""
    ah, aw = a_shape[:2]
    bh, bw = b_shape[:2]
    ax0, ay0, ax1, ay1 = transform.get("a_content_box") or (0, 0, 1, 1)
    bx0, by0, bx1, by1 = transform.get("b_content_box") or (0, 0, 1, 1)
    if transform.get("mirrored"):
        bx0, bx1 = 1 - bx1, 1 - bx0
    crop = transform.get("crop")
    sx = sy = 1.0
    cx = cy = 0.5
    for name, wx, wy, anx, any_ in CROP_VARIANTS:
        if name == crop:
            sx, sy, cx, cy = wx, wy, anx, any_
            if transform.get("mirrored"):
                cx = 1 - cx
    bw_box, bh_box = (bx1 - bx0) * bw, (by1 - by0) * bh
    win_w, win_h = bw_box * sx, bh_box * sy
    win_x = bx0 * bw + (bw_box - win_w) * cx
    win_y = by0 * bh + (bh_box - win_h) * cy
    kx = (ax1 - ax0) * aw / win_w
    ky = (ay1 - ay0) * ah / win_h
    return np.array([[kx, 0, ax0 * aw - kx * win_x], [0, ky, ay0 * ah - ky * win_y]], np.float64)


def register(a_rgb: np.ndarray, b_rgb: np.ndarray, transform: dict[str, Any]
             ) -> tuple[np.ndarray, str]:
    """2x3 matrix taking (possibly mirrored) b onto a, and how it was found."""
    if transform.get("b_to_a_matrix") is not None:       # estimated at matching time
        from .estimate import from_unit
        return (from_unit(np.asarray(transform["b_to_a_matrix"], np.float64), a_rgb.shape, b_rgb.shape),
                "transform estimated from keypoints when matching")
    ga = cv2.cvtColor(a_rgb, cv2.COLOR_RGB2GRAY)
    gb = cv2.cvtColor(b_rgb, cv2.COLOR_RGB2GRAY)
    orb = cv2.ORB_create(nfeatures=1500)
    ka, da = orb.detectAndCompute(ga, None)
    kb, db = orb.detectAndCompute(gb, None)
    if da is not None and db is not None and len(ka) >= MIN_INLIERS and len(kb) >= MIN_INLIERS:
        pairs = cv2.BFMatcher(cv2.NORM_HAMMING).knnMatch(db, da, k=2)
        good = [m[0] for m in pairs if len(m) == 2 and m[0].distance < 0.8 * m[1].distance]
        if len(good) >= MIN_INLIERS:
            src = np.float32([kb[m.queryIdx].pt for m in good])
            dst = np.float32([ka[m.trainIdx].pt for m in good])
            mat, inl = cv2.estimateAffinePartial2D(src, dst, method=cv2.RANSAC,
                                                   ransacReprojThreshold=4.0)
            if mat is not None and inl is not None and int(inl.sum()) >= MIN_INLIERS:
                scale = float(np.hypot(mat[0, 0], mat[1, 0]))
                if 0.3 < scale < 3.5:
                    return mat, f"ORB features, {int(inl.sum())} RANSAC inliers, scale {scale:.3f}"
    return _fallback_transform(a_rgb.shape, b_rgb.shape, transform), "from the matched crop variant"


def differing_regions(diff: np.ndarray, overlap: np.ndarray, n: int = 3,
                      floor: float = 0.12) -> list[dict[str, Any]]:
    """The `n` regions where two registered frames differ most.

    Pixels whose difference exceeds both `floor` (0-1 grey) and three times the overlap's
    median difference are joined (closing over ~3 % of the frame side) into connected regions;
    the regions with the largest summed difference are returned, largest first, each as its
    box (x0, y0, x1, y1 as fractions of the frame), its share of the frame, and its mean
    difference."""
    h, w = diff.shape
    if not overlap.any():
        return []
    level = max(floor, 3.0 * float(np.median(diff[overlap])))
    hot = ((diff > level) & overlap).astype(np.uint8)
    k = max(3, int(0.03 * max(h, w)) | 1)
    hot = cv2.morphologyEx(hot, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(hot, connectivity=8)
    out = []
    for c in range(1, count):
        x, y, bw, bh, area = stats[c]
        if area < 0.001 * h * w:
            continue
        sel = labels == c
        out.append((float(diff[sel].sum()), {
            "box": [round(x / w, 3), round(y / h, 3), round((x + bw) / w, 3), round((y + bh) / h, 3)],
            "share": round(float(area) / (h * w), 4),
            "mean_difference": round(float(diff[sel].mean()), 3)}))
    out.sort(key=lambda t: -t[0])
    return [r for _, r in out[:n]]


def compare_frames(a_rgb: np.ndarray, b_rgb: np.ndarray, transform: dict[str, Any]
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray, str]:
    """(b registered onto a, difference map 0-1, overlap mask, registration note)."""
    if transform.get("mirrored"):
        b_rgb = np.ascontiguousarray(b_rgb[:, ::-1])
    mat, how = register(a_rgb, b_rgb, transform)
    h, w = a_rgb.shape[:2]
    warped = cv2.warpAffine(b_rgb, mat, (w, h), flags=cv2.INTER_LINEAR, borderValue=0)
    overlap = cv2.warpAffine(np.full(b_rgb.shape[:2], 255, np.uint8), mat, (w, h),
                             flags=cv2.INTER_NEAREST, borderValue=0) > 0
    # only the picture areas count: not a's bars, nor what b's bars became after warping
    x0, y0, x1, y1 = transform.get("a_content_box") or (0, 0, 1, 1)
    inside = np.zeros((h, w), bool)
    inside[int(y0 * h):int(np.ceil(y1 * h)), int(x0 * w):int(np.ceil(x1 * w))] = True
    bx0, by0, bx1, by1 = transform.get("b_content_box") or (0, 0, 1, 1)
    if transform.get("mirrored"):
        bx0, bx1 = 1 - bx1, 1 - bx0
    bh, bw = b_rgb.shape[:2]
    b_pic = np.zeros((bh, bw), np.uint8)
    b_pic[int(by0 * bh):int(np.ceil(by1 * bh)), int(bx0 * bw):int(np.ceil(bx1 * bw))] = 255
    b_pic = cv2.warpAffine(b_pic, mat, (w, h), flags=cv2.INTER_NEAREST, borderValue=0) > 0
    overlap = cv2.erode((overlap & inside & b_pic).astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    ga = cv2.cvtColor(a_rgb, cv2.COLOR_RGB2GRAY).astype(np.float32)
    gb = cv2.cvtColor(warped, cv2.COLOR_RGB2GRAY).astype(np.float32)
    if overlap.any():
        ma, sa = ga[overlap].mean(), ga[overlap].std() + 1e-3
        mb, sb = gb[overlap].mean(), gb[overlap].std() + 1e-3
        gb = (gb - mb) * (sa / sb) + ma                 # brightness/contrast matched to a
    diff = np.abs(ga - gb) / 255.0
    diff = cv2.GaussianBlur(diff, (0, 0), 1.5)
    diff[~overlap] = 0.0
    return warped, np.clip(diff, 0, 1).astype(np.float32), overlap, how


def aligned_comparison(source: Any, group: RepeatGroup, pair_index: int = 0, n: int = 4,
                       max_side: int | None = 960) -> list[AlignedPair]:
    """Registered frame pairs (with difference maps) for one directly matched pair of members.

    `source` is an AnalysisResult (or a mapping path -> VideoInfo) giving the inputs.
    """
    infos = _infos(source)
    pair = group.evidence["pairs"][pair_index]
    a_mem, b_mem = group.members[pair["a"]], group.members[pair["b"]]
    samples = pair["samples"]
    if n < len(samples):
        samples = [samples[i] for i in np.linspace(0, len(samples) - 1, n).round().astype(int)]
    ia, ib = infos[a_mem.video], infos[b_mem.video]
    a_frames = fetch_frames(ia, [FrameRef(ia.path, s["a_frame"], s["a_pts"], ia.time_base) for s in samples],
                            max_side=max_side)
    b_frames = fetch_frames(ib, [FrameRef(ib.path, s["b_frame"], s["b_pts"], ib.time_base) for s in samples],
                            max_side=max_side)
    out = []
    for s, a_rgb, b_rgb in zip(samples, a_frames, b_frames):
        warped, diff, overlap, how = compare_frames(a_rgb, b_rgb, pair["transform"])
        out.append(AlignedPair(a_time_s=s["a_time_s"], b_time_s=s["b_time_s"], distance=s["distance"],
                               a_rgb=a_rgb, b_rgb=warped, diff=diff, overlap=overlap,
                               registration=how,
                               mean_difference=float(diff[overlap].mean()) if overlap.any() else 1.0,
                               regions=tuple(differing_regions(diff, overlap))))
    return out
