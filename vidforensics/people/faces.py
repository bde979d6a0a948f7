"""Face detection (CenterFace, dlib HOG cross-check) and 128-d face descriptors (dlib ResNet).

`FaceDetector.detect` returns a columnar `FaceDetections` in the pixel coordinates of the
image it was given. `FaceEmbedder` aligns a face with dlib's 5-point landmarks and computes
the dlib ResNet descriptor; Euclidean distance between descriptors is the face distance used
everywhere in this package (dlib's published operating point is 0.6; this project uses
`PeopleConfig.face_threshold`). A small distance means visually similar faces, nothing more.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import models

EMBED_DIM = 128
# CenterFace boxes include forehead and chin; dlib's landmark model was trained on its own
# detector's tighter boxes. Measured on 37 faces found by both detectors (bald_guys.jpg and the
# dlib example group photos): dlib box = CenterFace box mapped by these ratios of its width and
# height (x0, y0, x1, y1 offsets).
_TO_DLIB_BOX = (-0.07, 0.13, 0.0, -0.07)
UPSAMPLE_TO_PX = 80        # smaller faces are enlarged to this height before alignment
# Test-time augmentation: a face's descriptor is the mean of the descriptors of its aligned chip
# and of the mirrored chip (docs/people-evaluation.md). Doubles the descriptor's cost.
MIRROR_MEAN = True


@dataclass(frozen=True, eq=False)
class FaceDetections:
    """Faces in one image: boxes (N,4) float32 x0,y0,x1,y1; scores (N,); landmarks (N,5,2)
    (eye, eye, nose, mouth corner, mouth corner, in image order left/right as CenterFace gives)."""
    boxes: np.ndarray
    scores: np.ndarray
    landmarks: np.ndarray

    def __len__(self) -> int:
        return len(self.boxes)

    @staticmethod
    def empty() -> "FaceDetections":
        return FaceDetections(np.zeros((0, 4), np.float32), np.zeros(0, np.float32),
                              np.zeros((0, 5, 2), np.float32))

    def scaled(self, sx: float, sy: float) -> "FaceDetections":
        s4 = np.array([sx, sy, sx, sy], np.float32)
        return FaceDetections(self.boxes * s4, self.scores.copy(),
                              self.landmarks * np.array([sx, sy], np.float32))

    def take(self, keep) -> "FaceDetections":
        return FaceDetections(self.boxes[keep], self.scores[keep], self.landmarks[keep])


def nms(boxes: np.ndarray, scores: np.ndarray, iou_thresh: float) -> np.ndarray:
    """Indices kept by greedy non-maximum suppression, best score first."""
    order = np.argsort(-scores, kind="stable")
    keep: list[int] = []
    areas = np.maximum(0, boxes[:, 2] - boxes[:, 0]) * np.maximum(0, boxes[:, 3] - boxes[:, 1])
    while len(order):
        i = order[0]
        keep.append(int(i))
        rest = order[1:]
        xx0 = np.maximum(boxes[i, 0], boxes[rest, 0]); yy0 = np.maximum(boxes[i, 1], boxes[rest, 1])
        xx1 = np.minimum(boxes[i, 2], boxes[rest, 2]); yy1 = np.minimum(boxes[i, 3], boxes[rest, 3])
        inter = np.maximum(0, xx1 - xx0) * np.maximum(0, yy1 - yy0)
        iou = inter / np.maximum(areas[i] + areas[rest] - inter, 1e-6)
        order = rest[iou < iou_thresh]
    return np.array(keep, np.int64)


def box_iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """IoU matrix (len(a), len(b)) of x0,y0,x1,y1 boxes."""
    a = np.asarray(a, np.float64).reshape(-1, 4)
    b = np.asarray(b, np.float64).reshape(-1, 4)
    xx0 = np.maximum(a[:, None, 0], b[None, :, 0]); yy0 = np.maximum(a[:, None, 1], b[None, :, 1])
    xx1 = np.minimum(a[:, None, 2], b[None, :, 2]); yy1 = np.minimum(a[:, None, 3], b[None, :, 3])
    inter = np.maximum(0, xx1 - xx0) * np.maximum(0, yy1 - yy0)
    area = lambda r: np.maximum(0, r[:, 2] - r[:, 0]) * np.maximum(0, r[:, 3] - r[:, 1])  # noqa: E731
    return inter / np.maximum(area(a)[:, None] + area(b)[None, :] - inter, 1e-9)


class FaceDetector:
    """CenterFace on OpenCV's DNN module. The image is reduced to at most `max_width` pixels wide (and
    `max_width` tall) and zero-padded to a multiple of 32 before detection; boxes come back in
    the given image's coordinates."""

    model_name = "centerface"

    def __init__(self, *, max_width: int = 640, score_threshold: float = 0.5, threads: int = 2):
        self.max_width = max_width
        self.score_threshold = score_threshold
        self.backend = "opencv-dnn"

    def _run(self, blob: np.ndarray):
        net = models.centerface_cv2(blob.shape[2:])
        net.setInput(blob)
        return net.forward(["537", "538", "539", "540"])

    def detect(self, rgb: np.ndarray, *, min_face_px: float = 0.0) -> FaceDetections:
        import cv2
        h, w = rgb.shape[:2]
        s = min(1.0, self.max_width / max(w, h))
        nw, nh = max(1, int(round(w * s))), max(1, int(round(h * s)))
        small = cv2.resize(rgb, (nw, nh), interpolation=cv2.INTER_AREA) if s < 1.0 else rgb
        pw, ph = -(-nw // 32) * 32, -(-nh // 32) * 32
        blob = np.zeros((1, 3, ph, pw), np.float32)
        blob[0, :, :nh, :nw] = small.transpose(2, 0, 1)
        heat, scale, offset, lms = self._run(blob)
        det = self._decode(heat[0, 0], scale[0], offset[0], lms[0], (nh, nw))
        if len(det):
            sx, sy = w / nw, h / nh
            det = det.scaled(sx, sy)
            if min_face_px > 0:
                det = det.take((det.boxes[:, 3] - det.boxes[:, 1]) >= min_face_px)
        return det

    def _decode(self, heat, scale, offset, lms, size) -> FaceDetections:
        ys, xs = np.nonzero(heat > self.score_threshold)
        if not len(ys):
            return FaceDetections.empty()
        s0 = np.exp(scale[0, ys, xs]) * 4
        s1 = np.exp(scale[1, ys, xs]) * 4
        cx = (xs + offset[1, ys, xs] + 0.5) * 4
        cy = (ys + offset[0, ys, xs] + 0.5) * 4
        x0 = np.clip(cx - s1 / 2, 0, size[1]); y0 = np.clip(cy - s0 / 2, 0, size[0])
        x1 = np.minimum(x0 + s1, size[1]); y1 = np.minimum(y0 + s0, size[0])
        boxes = np.stack([x0, y0, x1, y1], 1).astype(np.float32)
        scores = heat[ys, xs].astype(np.float32)
        lm = np.empty((len(ys), 5, 2), np.float32)
        for j in range(5):
            lm[:, j, 0] = lms[2 * j + 1, ys, xs] * s1 + x0
            lm[:, j, 1] = lms[2 * j, ys, xs] * s0 + y0
        keep = nms(boxes, scores, 0.3)
        return FaceDetections(boxes[keep], scores[keep], lm[keep])


def frontal_score(landmarks: np.ndarray) -> np.ndarray:
    """1 for a frontal face, towards 0 for a profile, from CenterFace's 5 points: how far the
    nose sits from the eyes' midpoint relative to the eye distance (yaw), and how level and
    far apart the eyes are relative to the eyes-mouth distance."""
    lm = np.asarray(landmarks, np.float64).reshape(-1, 5, 2)
    eye_mid = (lm[:, 0] + lm[:, 1]) / 2
    mouth_mid = (lm[:, 3] + lm[:, 4]) / 2
    eye_d = np.linalg.norm(lm[:, 1] - lm[:, 0], axis=1)
    face_h = np.maximum(np.linalg.norm(mouth_mid - eye_mid, axis=1), 1e-6)
    # yaw: nose offset along the eye line, in eye distances (0 frontal, ~0.5 profile)
    eye_dir = (lm[:, 1] - lm[:, 0]) / np.maximum(eye_d, 1e-6)[:, None]
    yaw = np.abs(np.sum((lm[:, 2] - eye_mid) * eye_dir, axis=1)) / np.maximum(eye_d, 1e-6)
    # eye distance shrinks relative to face height when the head turns (frontal ~0.9-1.1)
    ratio = eye_d / face_h
    return np.clip(1.0 - 2.0 * yaw, 0, 1) * np.clip(ratio / 0.8, 0, 1)


def sharpness(chip: np.ndarray) -> float:
    """Mean absolute Laplacian of a face chip (grey or RGB, 0-255 scale): low for blurred or
    upsampled small faces."""
    import cv2
    if chip.ndim == 3:
        chip = cv2.cvtColor(np.ascontiguousarray(chip), cv2.COLOR_RGB2GRAY)
    return float(np.mean(np.abs(cv2.Laplacian(chip, cv2.CV_32F))))


class FaceEmbedder:
    """dlib 5-point alignment + dlib ResNet 128-d descriptor. `chip()` is cheap (~1 ms);
    `embed_chips()` costs tens of ms per face, so callers embed only chosen faces."""

    model_names = (models.DLIB_SHAPE5.name, models.DLIB_RESNET.name)
    chip_size = 150
    chip_padding = 0.25

    def __init__(self):
        self.shape_predictor, self.recognizer, self.hog_faces = models.dlib_models()

    def _rect(self, box):
        import dlib
        x0, y0, x1, y1 = (float(v) for v in box)
        w, h = x1 - x0, y1 - y0
        a, b, c, d = _TO_DLIB_BOX
        return dlib.rectangle(int(round(x0 + a * w)), int(round(y0 + b * h)),
                              int(round(x1 + c * w)), int(round(y1 + d * h)))

    def chip(self, rgb: np.ndarray, box) -> np.ndarray:
        """Aligned 150x150 RGB face chip (the descriptor's input). A face under UPSAMPLE_TO_PX
        high is first enlarged (bicubic, with its surroundings) to that height, so the landmark
        model sees a face of the size it was trained on."""
        import cv2
        import dlib
        x0, y0, x1, y1 = (float(v) for v in box)
        h = y1 - y0
        if 0 < h < UPSAMPLE_TO_PX:
            s = UPSAMPLE_TO_PX / h
            H, W = rgb.shape[:2]
            w = x1 - x0
            cx0, cy0 = int(max(0, x0 - w)), int(max(0, y0 - h))
            cx1, cy1 = int(min(W, x1 + w)), int(min(H, y1 + h))
            crop = np.ascontiguousarray(cv2.resize(np.ascontiguousarray(rgb[cy0:cy1, cx0:cx1]), None, fx=s, fy=s,
                                                   interpolation=cv2.INTER_CUBIC))
            rgb = crop
            box = ((x0 - cx0) * s, (y0 - cy0) * s, (x1 - cx0) * s, (y1 - cy0) * s)
        shape = self.shape_predictor(rgb, self._rect(box))
        return dlib.get_face_chip(rgb, shape, size=self.chip_size, padding=self.chip_padding)

    def embed_chips(self, chips: list[np.ndarray]) -> np.ndarray:
        if not chips:
            return np.zeros((0, EMBED_DIM), np.float32)
        batch = [np.ascontiguousarray(c) for c in chips]
        if MIRROR_MEAN:
            batch += [np.ascontiguousarray(c[:, ::-1]) for c in chips]
        out = self.recognizer.compute_face_descriptor(batch)
        vec = np.array([np.array(d) for d in out], np.float32).reshape(len(batch), EMBED_DIM)
        if MIRROR_MEAN:
            vec = (vec[:len(chips)] + vec[len(chips):]) / 2
        return vec

    def embed(self, rgb: np.ndarray, boxes) -> np.ndarray:
        return self.embed_chips([self.chip(rgb, b) for b in np.asarray(boxes).reshape(-1, 4)])

    def hog_confirms(self, rgb: np.ndarray, box) -> bool:
        """dlib's HOG frontal detector also finds a face overlapping `box` (run on a crop
        around it, upsampled so the face is ~100 px): a second detector's agreement."""
        import cv2
        x0, y0, x1, y1 = (float(v) for v in box)
        w, h = x1 - x0, y1 - y0
        H, W = rgb.shape[:2]
        cx0, cy0 = int(max(0, x0 - 0.5 * w)), int(max(0, y0 - 0.5 * h))
        cx1, cy1 = int(min(W, x1 + 0.5 * w)), int(min(H, y1 + 0.5 * h))
        crop = rgb[cy0:cy1, cx0:cx1]
        if crop.size == 0:
            return False
        s = 100.0 / max(h, 1.0)
        crop = np.ascontiguousarray(cv2.resize(crop, None, fx=s, fy=s,
                                               interpolation=cv2.INTER_LINEAR if s > 1 else cv2.INTER_AREA))
        found = self.hog_faces(crop, 0)
        ref = np.array([[(x0 - cx0) * s, (y0 - cy0) * s, (x1 - cx0) * s, (y1 - cy0) * s]])
        return any(box_iou(ref, np.array([[r.left(), r.top(), r.right(), r.bottom()]]))[0, 0] > 0.3
                   for r in found)


def face_distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Euclidean distance matrix between descriptor sets (len(a), len(b))."""
    a = np.asarray(a, np.float64).reshape(-1, EMBED_DIM)
    b = np.asarray(b, np.float64).reshape(-1, EMBED_DIM)
    d2 = (a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2 * a @ b.T
    return np.sqrt(np.maximum(d2, 0))
