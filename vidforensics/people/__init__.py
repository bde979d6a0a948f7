"""People stage: recurring individuals across shots and videos.

Faces are found with CenterFace, compared with dlib's ResNet descriptors and tracked within
each shot; tracks are linked across shots and videos by constrained agglomerative clustering
(see `linking`). Clothing (body boxes + colour/shape descriptor) links only faceless
sightings in the same or adjacent shots. Results are similarities for an analyst to review:
an individual means visually similar faces across shots, never an identification.

Importing this package loads no model and imports neither onnxruntime, dlib nor OpenCV's
networks; `PeopleAnalyzer` loads and verifies (SHA-256) the model files when first used.
"""
from __future__ import annotations

import time
from typing import Any

import numpy as np

from ..config import PeopleConfig
from ..types import Appearance, Individual, Shot
from .crops import appearance_crops, individual_crops
from .linking import link_individuals, link_tracks
from .models import ModelError, manifest
from .redact import blur_faces, redact_frame
from .tracks import VideoPeople

__all__ = ["PeopleAnalyzer", "VideoPeople", "link_individuals", "link_tracks", "blur_faces",
           "redact_frame", "appearance_crops", "individual_crops", "ModelError", "manifest",
           "Appearance", "Individual"]

DETECT_WIDTH = 640        # face detector input width (longest side), examined-frame pixels
BODY_WIDTH = 800          # HOG people detector works on frames enlarged/reduced to this width
BODY_EVERY = 3            # ... on every third examined frame (1/s at 3 frames/s): it is slow
# Nothing changed: when no block of an 8x6 grid over a 64x36 grey thumbnail differs by more than
# STILL_BLOCK_DIFF grey levels (mean absolute) from the frame the faces were last detected on,
# that frame's faces are used again (a static scene, a held still). At most STILL_MAX_REUSE
# frames in a row, so faces are detected at least once a second at 3 frames/s.
STILL_BLOCK_DIFF = 2.0
STILL_MAX_REUSE = 2


def _thumb(rgb: np.ndarray) -> np.ndarray:
    import cv2
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    return cv2.resize(grey, (64, 36), interpolation=cv2.INTER_AREA).astype(np.float32)


def unchanged(a: np.ndarray, b: np.ndarray) -> bool:
    """Two thumbnails (`_thumb`) show the same picture: every 8x6-pixel block's mean absolute
    difference is within STILL_BLOCK_DIFF (one walking figure or a moved face fails it)."""
    d = np.abs(a - b).reshape(6, 6, 8, 8).mean(axis=(1, 3))
    return bool(d.max() <= STILL_BLOCK_DIFF)


class PeopleAnalyzer:
    """Collects faces and bodies during the decode pass; one instance serves many videos.

        pa = PeopleAnalyzer(cfg.people)
        for each sampled frame: pa.feed(path, index, pts, time_s, rgb)
        vp = pa.finish_video(path, shots, frame_size)      # VideoPeople, cacheable
        individuals, params = link_individuals([vp, ...], cfg.people)
    """

    def __init__(self, cfg: PeopleConfig | None = None, *, detect_width: int = DETECT_WIDTH,
                 bodies: bool = True, threads: int = 2):
        self.cfg = cfg or PeopleConfig()
        self.detect_width = detect_width
        self.use_bodies = bodies
        self.threads = threads
        self._detector = None
        self._embedder = None
        self._body = None
        self._trackers: dict[str, Any] = {}
        self._timing: dict[str, dict[str, float]] = {}

    def _load(self) -> None:
        if self._detector is not None:
            return
        from .bodies import BodyDetector
        from .faces import FaceDetector, FaceEmbedder
        self._detector = FaceDetector(max_width=self.detect_width, threads=self.threads)
        self._embedder = FaceEmbedder()
        if self.use_bodies:
            try:
                self._body = BodyDetector(work_width=BODY_WIDTH)
            except ModelError:
                self._body = None        # OpenCV without HOG: faces only (recorded in stats)

    def feed(self, video: str, index: int, pts: int, time_s: float, rgb: np.ndarray) -> None:
        """One sampled full-colour frame (HxWx3 uint8, rotation applied) of `video`."""
        from .faces import frontal_score
        from .tracks import OnlineTracker
        self._load()
        tr = self._trackers.get(video)
        if tr is None:
            tr = self._trackers[video] = OnlineTracker(video, self._embedder, fps=self.cfg.sample_fps)
            self._timing[video] = {"detect_faces_s": 0.0, "detect_bodies_s": 0.0, "track_embed_s": 0.0}
        tm = self._timing[video]
        rgb = np.ascontiguousarray(rgb)
        t0 = time.perf_counter()
        thumb = _thumb(rgb)
        still = tr.still
        if still is not None and still[2] < STILL_MAX_REUSE and unchanged(thumb, still[0]):
            faces = still[1]
            tr.still = (still[0], faces, still[2] + 1)
            tr.n_reused += 1
        else:
            faces = self._detector.detect(rgb, min_face_px=self.cfg.min_face_px)
            tr.still = (thumb, faces, 0)
        t1 = time.perf_counter()
        run_body = self._body is not None and tr.n_frames % BODY_EVERY == 0
        bodies = self._body.detect(rgb) if run_body else None
        t2 = time.perf_counter()
        tr.step(index, pts, time_s, rgb, faces, frontal_score(faces.landmarks), bodies)
        t3 = time.perf_counter()
        tm["detect_faces_s"] += t1 - t0
        tm["detect_bodies_s"] += t2 - t1
        tm["track_embed_s"] += t3 - t2

    def finish_video(self, video: str, shots: list[Shot], frame_size: tuple[int, int]) -> VideoPeople:
        """Tracks within each shot of `video`; frame_size = original (w, h) after rotation."""
        from .tracks import OnlineTracker
        tr = self._trackers.pop(video, None)
        timing = self._timing.pop(video, {})
        if tr is None:                    # no frame was fed (empty or people-less decode)
            tr = OnlineTracker(video, None, fps=self.cfg.sample_fps)
        stats = {k: round(v, 3) for k, v in timing.items()}
        stats["body_detector"] = self._body is not None
        if self._detector is not None:
            stats["face_detector_backend"] = self._detector.backend
        return tr.finish(list(shots), frame_size, stats)
