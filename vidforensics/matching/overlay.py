"""Where the picture sits in a frame: an inset shown inside other footage (picture-in-picture)
and bands burned in along the edges (a news ticker, a caption bar), for estimate.py.

Both are found from the pixels of one or two keyframes, not from a grid of variants:

- `find_inset`: four straight edges (two rows, two columns) forming a box of 30-90 % of the
  frame's sides, of about the frame's shape and inside it; the inset, enlarged to the frame, is
  then matched by keypoints like any keyframe;
- `overlay_trim`: after two keyframes are registered, the rows and columns along the edges of
  the box they share where they disagree across (nearly) the whole width or height are cut, so
  the hashes compare only the picture both show.
"""
from __future__ import annotations

import cv2
import numpy as np

OVERLAY_MAX = 0.3         # at most this share of the shared box is cut per side as overlay
INSET_EDGE = 30.0         # grey gradient (Sobel, 0-255 scale) of an inset's border
INSET_MIN, INSET_MAX = 0.3, 0.9   # an inset's side as a share of the frame's
INSET_ASPECT = (0.7, 1.4)  # its aspect ratio against the frame's (a 4:3 picture in 16:9: 0.75)
INSET_MARGIN = 0.02       # and it lies inside the frame, this far from every edge
INSET_LINES = 10          # the longest horizontal and vertical lines tried as an inset's sides
INSET_BORDER = 0.6        # share of an inset's border that must lie on an edge


def find_inset(g: np.ndarray, edge: float = INSET_EDGE) -> tuple[int, int, int, int] | None:
    """The box (x0, y0, x1, y1) of a picture shown inside another (picture-in-picture) in grey
    frame `g`, or None: four straight edges, two rows and two columns along which the picture
    changes sharply over most of the box's side, the box `INSET_MIN`-`INSET_MAX` of the frame's
    width and of its height, of about the frame's shape (`INSET_ASPECT`) and not on the frame's
    edge (`INSET_MARGIN`). The strongest such box (share of its border on an edge) is kept
    when at least `INSET_BORDER` of its border is on an edge."""
    h, w = g.shape[:2]
    f = cv2.GaussianBlur(g, (0, 0), 1.0).astype(np.float32)
    on_row = (np.abs(cv2.Sobel(f, cv2.CV_32F, 0, 1, ksize=3)) > edge).astype(np.uint8)
    on_col = (np.abs(cv2.Sobel(f, cv2.CV_32F, 1, 0, ksize=3)) > edge).astype(np.uint8)
    on_row = cv2.dilate(on_row, np.ones((3, 1), np.uint8))               # 1 px tolerance
    on_col = cv2.dilate(on_col, np.ones((1, 3), np.uint8))
    # only straight runs of a good part of an inset's side: texture has edges, not lines
    on_row = cv2.morphologyEx(on_row, cv2.MORPH_OPEN, np.ones((1, max(3, int(INSET_MIN * w / 6))), np.uint8))
    on_col = cv2.morphologyEx(on_col, cv2.MORPH_OPEN, np.ones((max(3, int(INSET_MIN * h / 6)), 1), np.uint8))

    def lines(profile: np.ndarray) -> np.ndarray:      # one line per run of neighbouring rows
        idx = np.flatnonzero(profile >= INSET_MIN * INSET_BORDER)
        if len(idx) == 0:
            return idx
        runs = np.split(idx, np.flatnonzero(np.diff(idx) > 1) + 1)
        peaks = np.array([r[np.argmax(profile[r])] for r in runs])
        return np.sort(peaks[np.argsort(-profile[peaks], kind="stable")[:INSET_LINES]])

    rows, cols = lines(on_row.mean(axis=1)), lines(on_col.mean(axis=0))
    if len(rows) < 2 or len(cols) < 2:
        return None
    # edge counts along the candidate rows (left of x) and columns (above y) only
    rc = np.concatenate([np.zeros((len(rows), 1)), np.cumsum(on_row[rows].astype(bool), axis=1)], axis=1)
    cc = np.concatenate([np.zeros((1, len(cols))), np.cumsum(on_col[:, cols].astype(bool), axis=0)], axis=0)
    # every (top, bottom) pair of rows against every (left, right) pair of columns at once;
    # the first box in (top, bottom, left, right) order with the highest score is kept
    i, j = np.triu_indices(len(rows), 1)
    k, m = np.triu_indices(len(cols), 1)
    y0, y1, x0, x1 = rows[i][:, None], rows[j][:, None], cols[k][None], cols[m][None]
    ok = ((y1 - y0 >= INSET_MIN * h) & (y1 - y0 <= INSET_MAX * h) & (y0 >= INSET_MARGIN * h)
          & (y1 <= h - 1 - INSET_MARGIN * h)
          & (x1 - x0 >= INSET_MIN * w) & (x1 - x0 <= INSET_MAX * w) & (x0 >= INSET_MARGIN * w)
          & (x1 <= w - 1 - INSET_MARGIN * w))
    aspect = (x1 - x0) * h / ((y1 - y0) * w)
    ok &= (aspect >= INSET_ASPECT[0]) & (aspect <= INSET_ASPECT[1])
    if not ok.any():
        return None
    span = (x1 - x0).astype(np.float64)
    sc = np.minimum.reduce([(rc[i][:, x1[0]] - rc[i][:, x0[0]]) / span,
                            (rc[j][:, x1[0]] - rc[j][:, x0[0]]) / span,
                            (cc[y1[:, 0]][:, k] - cc[y0[:, 0]][:, k]) / (y1 - y0),
                            (cc[y1[:, 0]][:, m] - cc[y0[:, 0]][:, m]) / (y1 - y0)])
    sc = np.where(ok, sc, -np.inf)
    t = int(np.argmax(sc))
    if not sc.flat[t] > INSET_BORDER:
        return None
    p, q = divmod(t, sc.shape[1])
    return int(cols[k[q]]), int(rows[i[p]]), int(cols[m[q]]) + 1, int(rows[j[p]]) + 1


def overlay_trim(box: tuple[int, int, int, int], ga: np.ndarray, gb_warped: np.ndarray,
                 band: float, most: float = OVERLAY_MAX) -> tuple[int, int, int, int]:
    """`box` without the bands along its edges where the two registered frames disagree across
    (nearly) the whole width or height: a ticker, a caption bar or a logo strip burned into one
    of them. A row (column) is overlay when the median, over its pixels, of the brightness-matched
    grey difference exceeds `band` (0-1); at most `most` of the box is cut from each side.
    A moving person or subtitles change only part of a row, so the median stays low."""
    x0, y0, x1, y1 = box
    a = ga[y0:y1, x0:x1].astype(np.float32) / 255
    b = gb_warped[y0:y1, x0:x1].astype(np.float32) / 255
    h, w = a.shape
    core = (slice(h // 4, h - h // 4), slice(w // 4, w - w // 4))    # the middle sets the levels
    b = (b - b[core].mean()) * ((a[core].std() + 1e-3) / (b[core].std() + 1e-3)) + a[core].mean()
    d = cv2.blur(np.abs(a - b), (3, 3))
    rows, cols = np.median(d, axis=1), np.median(d, axis=0)

    def cut(v: np.ndarray) -> int:
        k = 0
        while k < int(most * len(v)) and v[k] > band:
            k += 1
        return k

    top, bottom = cut(rows), cut(rows[::-1])
    left, right = cut(cols), cut(cols[::-1])
    return x0 + left, y0 + top, x1 - right, y1 - bottom
