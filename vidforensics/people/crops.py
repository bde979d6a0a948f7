"""Face and body crops of an appearance for the report (from the full-size frame)."""
from __future__ import annotations

from typing import Any

import numpy as np

from ..types import Appearance, Individual


def crop_box(rgb: np.ndarray, box, *, margin: float = 0.0, square: bool = False) -> np.ndarray | None:
    H, W = rgb.shape[:2]
    x0, y0, x1, y1 = (float(v) for v in box)
    w, h = x1 - x0, y1 - y0
    if w <= 1 or h <= 1:
        return None
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    w, h = w * (1 + 2 * margin), h * (1 + 2 * margin)
    if square:
        w = h = max(w, h)
    a0, b0 = int(round(max(0, cx - w / 2))), int(round(max(0, cy - h / 2)))
    a1, b1 = int(round(min(W, cx + w / 2))), int(round(min(H, cy + h / 2)))
    if a1 - a0 < 2 or b1 - b0 < 2:
        return None
    return np.ascontiguousarray(rgb[b0:b1, a0:a1])


def appearance_crops(rgb: np.ndarray, appearance: Appearance, detail: dict[str, Any] | None = None,
                     *, size: int | None = 160) -> dict[str, np.ndarray | None]:
    """{"face": crop or None, "body": crop or None} from the full-size frame (rotation applied)
    at `appearance.time_s` (frame `detail["frame_index"]` / `detail["pts"]` of the individual's
    `evidence["appearances"]`). Crops are resized so the longer side is `size` (None: as is)."""
    import cv2
    face = crop_box(rgb, appearance.bbox, margin=0.3, square=True) if appearance.cue == "face" else None
    body_box = (detail or {}).get("body_bbox") or (appearance.bbox if appearance.cue == "body" else None)
    body = crop_box(rgb, body_box, margin=0.05) if body_box else None

    def fit(c):
        if c is None or size is None:
            return c
        s = size / max(c.shape[:2])
        return cv2.resize(c, (max(1, round(c.shape[1] * s)), max(1, round(c.shape[0] * s))),
                          interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_CUBIC)
    return {"face": fit(face), "body": fit(body)}


def individual_crops(frames: list[np.ndarray], individual: Individual, *, size: int | None = 160
                     ) -> list[dict[str, np.ndarray | None]]:
    """Crops for every appearance; `frames[k]` is the full-size frame of appearance k."""
    details = individual.evidence.get("appearances", [None] * len(individual.appearances))
    return [appearance_crops(f, a, d, size=size) for f, a, d in zip(frames, individual.appearances, details)]
