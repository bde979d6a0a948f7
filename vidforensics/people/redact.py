"""Face blurring for exported images (bystanders' faces not under examination).

`blur_faces` changes only pixels inside the ellipse inscribed in each face box grown by
`margin` on every side; everything else is returned unchanged. The face is first reduced to a
coarse mosaic and then smoothed, so no facial detail survives at any zoom.
"""
from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np

from .faces import box_iou

MARGIN = 0.2           # box growth on each side, as a fraction of the box size
MOSAIC_CELLS = 6       # across the face


def grow_box(box, margin: float, width: int, height: int) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = (float(v) for v in box)
    w, h = x1 - x0, y1 - y0
    return (int(max(0, np.floor(x0 - margin * w))), int(max(0, np.floor(y0 - margin * h))),
            int(min(width, np.ceil(x1 + margin * w))), int(min(height, np.ceil(y1 + margin * h))))


def _kept(boxes: np.ndarray, keep: Iterable) -> np.ndarray:
    """Boolean per box: True when `keep` names it (an index) or overlaps it (a box, IoU > 0.3)."""
    out = np.zeros(len(boxes), bool)
    keep_boxes = []
    for k in keep:
        if np.ndim(k) == 0:
            out[int(k)] = True
        else:
            keep_boxes.append([float(v) for v in k])
    if keep_boxes and len(boxes):
        out |= (box_iou(boxes, np.array(keep_boxes)) > 0.3).any(1)
    return out


def blur_faces(rgb: np.ndarray, boxes, keep: Sequence = (), *, margin: float = MARGIN) -> np.ndarray:
    """Copy of `rgb` (HxWx3 uint8) with every face box blurred except those in `keep`.

    boxes: [[x0, y0, x1, y1], ...] in this image's pixels. keep: indices into `boxes` and/or
    boxes (a face overlapping a kept box by IoU > 0.3 stays sharp)."""
    import cv2
    out = np.array(rgb, copy=True)
    b = np.asarray(boxes, np.float64).reshape(-1, 4)
    if not len(b):
        return out
    H, W = out.shape[:2]
    kept = _kept(b, keep)
    for i in np.nonzero(~kept)[0]:
        x0, y0, x1, y1 = grow_box(b[i], margin, W, H)
        if x1 - x0 < 2 or y1 - y0 < 2:
            continue
        region = out[y0:y1, x0:x1]
        h, w = region.shape[:2]
        cells = max(2, MOSAIC_CELLS)
        small = cv2.resize(region, (cells, max(2, round(cells * h / w))), interpolation=cv2.INTER_AREA)
        mosaic = cv2.resize(small, (w, h), interpolation=cv2.INTER_NEAREST)
        k = max(3, (min(w, h) // 4) | 1)
        blurred = cv2.GaussianBlur(mosaic, (k, k), 0)
        mask = np.zeros((h, w), np.uint8)
        cv2.ellipse(mask, (w // 2, h // 2), (max(1, w // 2), max(1, h // 2)), 0, 0, 360, 255, -1)
        m = mask.astype(bool)
        region[m] = blurred[m]
    return out


def redact_frame(rgb: np.ndarray, keep: Sequence = (), *, detector=None, min_face_px: int = 12,
                 max_width: int = 1280) -> tuple[np.ndarray, np.ndarray]:
    """Detect every face in a full-size frame and blur all but the kept ones.

    Returns (blurred copy, face boxes found). Uses a larger detector input than analysis
    (`max_width`) so that small background faces are found too."""
    from .faces import FaceDetector
    det = detector or FaceDetector(max_width=max_width, score_threshold=0.4)
    found = det.detect(rgb, min_face_px=min_face_px)
    return blur_faces(rgb, found.boxes, keep), found.boxes
