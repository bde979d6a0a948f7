"""Body boxes and a clothing/shape appearance descriptor.

Two sources of body boxes: OpenCV's HOG people detector (whole standing people, weak on small
or partly visible people) and a box anchored below each detected face (head-and-torso region
estimated from the face size). The descriptor concatenates hue/saturation histograms of the
upper and lower halves of the box and a HOG of the resized crop; `body_distance` is in [0, 1].

Clothing is weak evidence: the linker uses it only within a shot or between nearby shots of
the same video, and never to join two groups that each contain compared faces (see linking).
"""
from __future__ import annotations

import numpy as np

from . import models

_H_BINS, _S_BINS, _V_BINS = 12, 4, 4
HIST_DIM = _H_BINS * _S_BINS + _V_BINS          # chromatic bins + achromatic grey levels
_CROP_W, _CROP_H = 32, 64
HOG_DIM = 3 * 36                                 # 32x64, 16px cells, 2x2-cell blocks, stride 16
DESC_DIM = 2 * HIST_DIM + HOG_DIM
COLOUR_WEIGHT = 0.6                              # share of the colour part in body_distance


def face_anchored_body(face_box, frame_w: int, frame_h: int) -> tuple[np.ndarray, float]:
    """Estimated head-to-hips box for a face box, and the fraction of it inside the frame.

    Proportions: shoulders about 3 face widths wide, torso to the hips about 3.5 face
    heights below the chin (adult proportions; a seated or leaning person differs)."""
    x0, y0, x1, y1 = (float(v) for v in face_box)
    w, h = x1 - x0, y1 - y0
    cx = (x0 + x1) / 2
    box = np.array([cx - 1.5 * w, y1 + 0.15 * h, cx + 1.5 * w, y1 + 3.6 * h], np.float32)
    area = max((box[2] - box[0]) * (box[3] - box[1]), 1e-6)
    ix = max(0.0, min(box[2], frame_w) - max(box[0], 0.0))
    iy = max(0.0, min(box[3], frame_h) - max(box[1], 0.0))
    return box, float(ix * iy / area)


def clip_box(box, frame_w: int, frame_h: int) -> np.ndarray:
    b = np.asarray(box, np.float32).copy()
    b[[0, 2]] = np.clip(b[[0, 2]], 0, frame_w)
    b[[1, 3]] = np.clip(b[[1, 3]], 0, frame_h)
    return b


def _hog():
    import cv2
    return cv2.HOGDescriptor((_CROP_W, _CROP_H), (32, 32), (16, 16), (16, 16), 9)


_HOG_CROP = None


def _hue_sat_hist(hsv: np.ndarray) -> np.ndarray:
    """Normalised histogram: hue x saturation for coloured pixels, grey levels for the rest."""
    if hsv.size == 0:
        return np.zeros(HIST_DIM, np.float32)
    h = hsv[..., 0].ravel().astype(np.int32)          # 0..179
    s = hsv[..., 1].ravel().astype(np.int32)
    v = hsv[..., 2].ravel().astype(np.int32)
    chroma = (s >= 40) & (v >= 40)
    hb = np.minimum(h * _H_BINS // 180, _H_BINS - 1)
    sb = np.minimum((s - 40) * _S_BINS // 216, _S_BINS - 1)
    vb = np.minimum(v * _V_BINS // 256, _V_BINS - 1)
    out = np.zeros(HIST_DIM, np.float32)
    np.add.at(out, hb[chroma] * _S_BINS + np.maximum(sb[chroma], 0), 1)
    np.add.at(out, _H_BINS * _S_BINS + vb[~chroma], 1)
    return out / max(out.sum(), 1)


def body_descriptor(rgb: np.ndarray, box) -> np.ndarray | None:
    """DESC_DIM float32 descriptor of the (clipped) box, or None when the crop is too small."""
    import cv2
    global _HOG_CROP
    H, W = rgb.shape[:2]
    x0, y0, x1, y1 = (int(round(v)) for v in clip_box(box, W, H))
    if x1 - x0 < 12 or y1 - y0 < 24:
        return None
    crop = rgb[y0:y1, x0:x1]
    # central 70% of the width: less background beside the person
    m = int(0.15 * (x1 - x0))
    core = crop[:, m:crop.shape[1] - m] if crop.shape[1] - 2 * m >= 6 else crop
    hsv = cv2.cvtColor(np.ascontiguousarray(core), cv2.COLOR_RGB2HSV)
    half = hsv.shape[0] // 2
    upper, lower = _hue_sat_hist(hsv[:half]), _hue_sat_hist(hsv[half:])
    if _HOG_CROP is None:
        _HOG_CROP = _hog()
    grey = cv2.cvtColor(cv2.resize(crop, (_CROP_W, _CROP_H), interpolation=cv2.INTER_AREA),
                        cv2.COLOR_RGB2GRAY)
    hog = _HOG_CROP.compute(grey).ravel().astype(np.float32)
    hog /= max(float(np.linalg.norm(hog)), 1e-6)
    return np.concatenate([upper, lower, hog]).astype(np.float32)


def body_distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Distance matrix in [0, 1] between descriptor sets: COLOUR_WEIGHT x Hellinger distance
    of the colour histograms (mean of upper and lower half) + the rest x (1 - cosine) / 2 of
    the HOG parts."""
    a = np.asarray(a, np.float64).reshape(-1, DESC_DIM)
    b = np.asarray(b, np.float64).reshape(-1, DESC_DIM)
    out = np.zeros((len(a), len(b)))
    for k in range(2):
        sl = slice(k * HIST_DIM, (k + 1) * HIST_DIM)
        bc = np.sqrt(np.clip(a[:, sl], 0, None)) @ np.sqrt(np.clip(b[:, sl], 0, None)).T
        out += 0.5 * np.sqrt(np.clip(1 - bc, 0, 1))
    ha, hb = a[:, 2 * HIST_DIM:], b[:, 2 * HIST_DIM:]
    na = np.linalg.norm(ha, axis=1, keepdims=True); nb = np.linalg.norm(hb, axis=1, keepdims=True)
    cos = (ha @ hb.T) / np.maximum(na * nb.T, 1e-9)
    return COLOUR_WEIGHT * out + (1 - COLOUR_WEIGHT) * (1 - cos) / 2


class BodyDetector:
    """OpenCV HOG people detector. People must be about 128 px tall to be found, so frames
    narrower than `work_width` are enlarged to it (vtest.avi's 100 px pedestrians need this)."""

    model_name = "opencv_hog_people"

    def __init__(self, *, work_width: int = 960, min_weight: float = 0.5):
        self.hog = models.hog_people()
        self.work_width = work_width
        self.min_weight = min_weight

    def detect(self, rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(boxes (N,4) float32 in the given image's coordinates, SVM weights (N,))."""
        import cv2
        H, W = rgb.shape[:2]
        s = self.work_width / W
        img = cv2.resize(rgb, None, fx=s, fy=s, interpolation=cv2.INTER_LINEAR if s > 1 else cv2.INTER_AREA) \
            if abs(s - 1) > 0.02 else rgb
        rects, weights = self.hog.detectMultiScale(img, winStride=(8, 8), padding=(8, 8), scale=1.05)
        if len(rects) == 0:
            return np.zeros((0, 4), np.float32), np.zeros(0, np.float32)
        rects = np.asarray(rects, np.float32).reshape(-1, 4)
        weights = np.asarray(weights, np.float32).ravel()
        keep = weights >= self.min_weight
        rects, weights = rects[keep], weights[keep]
        # HOG windows carry a margin around the person: trim 10% each side, 5% top/bottom
        x, y, w, h = rects.T
        boxes = np.stack([x + 0.1 * w, y + 0.05 * h, x + 0.9 * w, y + 0.95 * h], 1) / s
        return boxes.astype(np.float32), weights
