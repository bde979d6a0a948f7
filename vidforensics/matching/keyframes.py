"""Keyframe features: the ORB description and descriptor matching the keypoint stages share.

Both keypoint stages (estimate.py: transforms the hashes do not cover; setup_keypoints.py:
handheld set-ups) describe the decode pass's stills with one ORB set-up (`N_FEATURES`
keypoints, FAST threshold 5) and match descriptors by Hamming distance with a ratio test.
This module owns that:

- `describe(g)`: a still's `Features` (keypoint positions as an array, descriptors, size,
  the `SCREEN_FEATURES` strongest, the image);
- `ratio_matches(q, t, ratio)`: the ratio-test matches of descriptors `q` onto `t`. It gives
  exactly what `cv2.BFMatcher(NORM_HAMMING).knnMatch(q, t, k=2)` followed by the ratio test
  gives (the nearest and second-nearest distance of each query; a kept match's nearest is
  strictly nearer than its second, so it is unique), from `cv2.batchDistance(K=2)`, without
  building two Python `DMatch` objects per query. That saves little: on the 720p montage
  `find_repeats` took 0.54-0.65 s of CPU with it and 0.61-0.70 s with knnMatch (6
  alternations each, median 0.62 against 0.64); the distances themselves, about 10 ns each in
  OpenCV's Hamming kernel, are the cost.

None of this changes a result: tests/test_keyframes.py checks `ratio_matches` against
knnMatch on real stills, and findings.json is byte-identical (docs/stages.md, "Speed").
"""
from __future__ import annotations

from typing import NamedTuple

import cv2
import numpy as np

N_FEATURES = 1000
FAST_THRESHOLD = 5
SCREEN_FEATURES = 300     # strongest keypoints per keyframe in the screening match


class Features(NamedTuple):
    """ORB features of one grey still (`pts` (N, 2) float32 keypoint positions)."""
    pts: np.ndarray
    des: np.ndarray | None
    shape: tuple[int, ...]
    strongest: tuple[np.ndarray, np.ndarray] | None   # (points, descriptors), SCREEN_FEATURES
    image: np.ndarray


def orb() -> cv2.ORB:
    """A detector of the shared set-up (one per thread: an ORB object is not shared across threads)."""
    return cv2.ORB_create(nfeatures=N_FEATURES, fastThreshold=FAST_THRESHOLD)


def points(kp) -> np.ndarray:
    """(N, 2) float32 keypoint positions (OpenCV's own conversion: the same float32 values as
    reading `k.pt` one by one, 30 times faster for 1,000 keypoints)."""
    return cv2.KeyPoint_convert(kp).reshape(-1, 2) if len(kp) else np.zeros((0, 2), np.float32)


def strongest(kp, de, k: int = SCREEN_FEATURES):
    """(points, descriptors) of the `k` keypoints with the strongest response (all when fewer)."""
    if de is None:
        return None
    order = np.arange(len(kp)) if len(kp) <= k else np.sort(np.argsort([-p.response for p in kp], kind="stable")[:k])
    return points(kp)[order], de[order]


def describe(g: np.ndarray, detector: cv2.ORB | None = None) -> Features:
    kp, de = (detector or orb()).detectAndCompute(g, None)
    return Features(points(kp), de, g.shape, strongest(kp, de), g)


def ratio_matches(q: np.ndarray | None, t: np.ndarray | None, ratio: float) -> tuple[np.ndarray, np.ndarray]:
    """(query indices, train indices) of the queries in `q` whose nearest descriptor in `t`
    (Hamming) is nearer than `ratio` times the second nearest, in query order: what
    `knnMatch(q, t, k=2)` plus the ratio test keeps (a query with fewer than two train
    descriptors is never kept)."""
    if q is None or t is None or len(q) == 0 or len(t) < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    dist, idx = cv2.batchDistance(q, t, cv2.CV_32S, normType=cv2.NORM_HAMMING, K=2)
    keep = np.flatnonzero(dist[:, 0] < ratio * dist[:, 1])
    return keep, idx[keep, 0].astype(np.int64)

