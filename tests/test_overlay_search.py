"""The picture-in-picture inset search (matching/overlay.find_inset) picks the same box as the
straightforward search over every pair of rows and columns, one box at a time: the vectorised
search is a speed change only, so it is checked against that reference on real frames with
insets, several nested boxes (ties between equally strong boxes) and none."""
import cv2
import numpy as np

from vidforensics.matching import overlay
from vidforensics.matching.overlay import (INSET_ASPECT, INSET_BORDER, INSET_LINES, INSET_MARGIN,
                                           INSET_MAX, INSET_MIN, find_inset)


def _reference(g, edge=overlay.INSET_EDGE):
    """The box-by-box search: for every top row, bottom row and left column in that order, the
    best right column; a box replaces the best so far only when its score is higher."""
    h, w = g.shape[:2]
    f = cv2.GaussianBlur(g, (0, 0), 1.0).astype(np.float32)
    on_row = (np.abs(cv2.Sobel(f, cv2.CV_32F, 0, 1, ksize=3)) > edge).astype(np.uint8)
    on_col = (np.abs(cv2.Sobel(f, cv2.CV_32F, 1, 0, ksize=3)) > edge).astype(np.uint8)
    on_row = cv2.dilate(on_row, np.ones((3, 1), np.uint8))
    on_col = cv2.dilate(on_col, np.ones((1, 3), np.uint8))
    on_row = cv2.morphologyEx(on_row, cv2.MORPH_OPEN, np.ones((1, max(3, int(INSET_MIN * w / 6))), np.uint8))
    on_col = cv2.morphologyEx(on_col, cv2.MORPH_OPEN, np.ones((max(3, int(INSET_MIN * h / 6)), 1), np.uint8))

    def lines(profile):
        idx = np.flatnonzero(profile >= INSET_MIN * INSET_BORDER)
        if len(idx) == 0:
            return idx
        runs = np.split(idx, np.flatnonzero(np.diff(idx) > 1) + 1)
        peaks = np.array([r[np.argmax(profile[r])] for r in runs])
        return np.sort(peaks[np.argsort(-profile[peaks], kind="stable")[:INSET_LINES]])

    rows, cols = lines(on_row.mean(axis=1)), lines(on_col.mean(axis=0))
    if len(rows) < 2 or len(cols) < 2:
        return None
    on_row, on_col = on_row.astype(bool), on_col.astype(bool)
    rc = np.concatenate([np.zeros((h, 1)), np.cumsum(on_row, axis=1)], axis=1)
    cc = np.concatenate([np.zeros((1, w)), np.cumsum(on_col, axis=0)], axis=0)
    best, score = None, INSET_BORDER
    for i, y0 in enumerate(rows):
        for y1 in rows[i + 1:]:
            if not INSET_MIN * h <= y1 - y0 <= INSET_MAX * h or y0 < INSET_MARGIN * h \
                    or y1 > h - 1 - INSET_MARGIN * h:
                continue
            for k, x0 in enumerate(cols):
                x1 = cols[k + 1:]
                ok = ((x1 - x0 >= INSET_MIN * w) & (x1 - x0 <= INSET_MAX * w) & (x0 >= INSET_MARGIN * w)
                      & (x1 <= w - 1 - INSET_MARGIN * w))
                aspect = (x1 - x0) * h / ((y1 - y0) * w)
                ok &= (aspect >= INSET_ASPECT[0]) & (aspect <= INSET_ASPECT[1])
                if not ok.any():
                    continue
                x1 = x1[ok]
                span = (x1 - x0).astype(np.float64)
                sc = np.minimum.reduce([(rc[y0, x1] - rc[y0, x0]) / span, (rc[y1, x1] - rc[y1, x0]) / span,
                                        np.full(len(x1), (cc[y1, x0] - cc[y0, x0]) / (y1 - y0)),
                                        (cc[y1, x1] - cc[y0, x1]) / (y1 - y0)])
                t = int(np.argmax(sc))
                if sc[t] > score:
                    best, score = (int(x0), int(y0), int(x1[t]) + 1, int(y1) + 1), float(sc[t])
    return best


def _frames(samples, n=6):
    import av
    out = []
    with av.open(str(samples / "montage.mp4")) as c:
        for i, fr in enumerate(c.decode(video=0)):
            if i % 90 == 45:
                out.append(fr.to_ndarray(format="gray"))
            if len(out) == n:
                break
    return out


def test_inset_search_picks_the_reference_box(samples):
    rng = np.random.default_rng(11)
    frames = _frames(samples)
    images, found = [], 0
    for k, bg in enumerate(frames):
        images.append(bg)
        for _ in range(8):
            g = bg.copy()
            h, w = g.shape
            # one to three boxes: pasted pictures, outlined frames, or both (nested boxes tie)
            for _ in range(int(rng.integers(1, 4))):
                frac = float(rng.uniform(0.25, 0.95))
                iw, ih = int(w * frac * rng.uniform(0.85, 1.15)) // 2 * 2, int(h * frac) // 2 * 2
                iw = min(iw, w - 2)
                x0, y0 = int(rng.integers(0, w - iw)), int(rng.integers(0, h - ih))
                if rng.random() < 0.6:
                    fg = frames[(k + 1 + int(rng.integers(0, len(frames) - 1))) % len(frames)]
                    g[y0:y0 + ih, x0:x0 + iw] = cv2.resize(fg, (iw, ih), interpolation=cv2.INTER_AREA)
                else:
                    cv2.rectangle(g, (x0, y0), (x0 + iw, y0 + ih), int(rng.integers(0, 256)), 2)
            images.append(g)
    for g in images:
        want = _reference(g)
        assert find_inset(g) == want
        found += want is not None
    assert found >= len(images) // 3            # the boxes were found, not only their absence
