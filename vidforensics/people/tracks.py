"""Within-shot tracking over the sampled frames, and the per-video result `VideoPeople`.

Tracking is online (frames arrive during the single decode pass and are not kept): a face
joins the track whose last box it overlaps best (IoU, or a near centre at a similar size for
fast movement at 3 frames/s); a track ends after `MAX_GAP_S` unseen or at a picture change
(`is_cut`). Descriptors are expensive, so each track keeps only its best face per time window
(windows of 1, 3, 6, then 10 s) and embeds that one face when the window closes: one to a few
descriptors per track. A window whose face differs from the track's previous descriptor by
more than `SPLIT_DISTANCE` starts a new track (two people passing through the same place).
After the pass, `finish` splits tracks at the pipeline's shot boundaries.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .bodies import DESC_DIM, body_descriptor, face_anchored_body
from .faces import EMBED_DIM, box_iou, face_distance, sharpness

MAX_GAP_S = 1.1            # a face track survives this long without a detection
BODY_GAP_S = 2.1           # body tracks (people detector runs on every BODY_EVERY-th sample)
WINDOWS_S = (1.0, 3.0, 6.0, 10.0)
SPLIT_DISTANCE = 0.5       # face distance between successive descriptors of a track that splits it
EMBED_MIN_PX = 20          # face box height (examined frame pixels) needed for a descriptor
EMBED_MIN_FRONTAL = 0.1    # below this the face is in profile beyond what the descriptor handles
EMBED_MIN_SCORE = 0.5
# Per-face quality in [0, 1] (`face_quality`): detector score x pose x size x sharpness. It
# does not gate the descriptor; linking asks lower-quality pairs to be closer (linking.py).
QUALITY_FULL_PX = 80       # faces this high or higher get the full size term
QUALITY_FULL_SHARP = 6.0   # mean |Laplacian| of the aligned 150x150 chip for the full sharpness term
BODY_EVERY_S = 1.0         # at most one body descriptor per track per second
CUT_HIST_DISTANCE = 0.45   # Hellinger distance of colour histograms between samples
HOG_CHECK_BELOW = 0.8      # CenterFace score under which dlib's HOG detector must confirm a face
HOG_CHECK_MIN_PX = 40      # ... when that face is this high (HOG cannot see smaller ones; their
#                            low quality makes linking ask for a closer match instead)
# Face continuity between consecutive samples of a track. Measured on the evaluation videos
# and montage.mp4: the correlation of aligned grey faces of one person drops as low as 0.1
# when the head turns, so it only raises a suspicion settled by descriptors; the head region's
# hue/saturation histogram of one person stays >= 0.95 (one 0.80), after a cut to another
# person it was <= 0.97 (mostly < 0.91).
SIGNATURE_MIN_PX = 20      # aligned-face signature (and descriptor check) from this face height
SUSPECT_NCC = 0.6          # correlation of the aligned 24x24 grey faces below which ...
SUSPECT_HIST = 0.97        # ... or head-region colour similarity below which descriptors decide
SWITCH_MIN_HIST = 0.93     # small faces (no descriptor): colours alone decide
# Descriptor budget (about 53 ms each on one core): on average DESCRIPTORS_PER_S per second of
# video, bursts up to DESCRIPTOR_BURST. Over budget, windows stretch and continuity checks use
# colours only; a track's first descriptor is never refused (so crowds cost a burst once).
DESCRIPTORS_PER_S = 6.0
DESCRIPTOR_BURST = 12


def face_quality(score: float, frontal: float, height_px: float, sharp: float) -> float:
    """How far one face can be trusted for comparison, 0..1: detector score x sqrt(pose) x
    size (full from QUALITY_FULL_PX high) x sharpness (full from QUALITY_FULL_SHARP)."""
    return float(score * np.sqrt(max(frontal, 0.0)) * min(1.0, height_px / QUALITY_FULL_PX)
                 * min(1.0, sharp / QUALITY_FULL_SHARP))


@dataclass(frozen=True, eq=False)
class VideoPeople:
    """People-stage result for one video (picklable; `to_npz`/`from_npz` for plain storage).

    Boxes are in the examined frame's pixels (`sample_size`); `scale` maps them to the
    original frame (`frame_size`, rotation applied). Track arrays share their first axis;
    `embedding`/`body_desc` rows are NaN where a track has none. A face track without a
    descriptor was seen but too small, turned or unsharp to compare, and is never linked.
    """
    video: str
    frame_size: tuple[int, int]
    sample_size: tuple[int, int]
    frames: dict[str, np.ndarray]      # index, pts, time_s, shot
    faces: dict[str, np.ndarray]       # frame, box, score, frontal, quality, embeddable, embedded, hog_ok, track
    bodies: dict[str, np.ndarray]      # frame, box, weight, source (0 HOG, 1 face-anchored), track
    tracks: dict[str, np.ndarray]      # shot, kind (0 face, 1 body), start_s, end_s, first_row,
    #    last_row (examined frames), n_faces, n_bodies, n_embedded, embedding, body_desc, rep_face,
    #    rep_body, face_px
    shots: dict[str, np.ndarray]       # index, start_s, end_s
    stats: dict[str, Any] = field(default_factory=dict)
    # every face descriptor computed: det (row of `faces`), track (final track), vec (N,128)
    # float32, quality (of that face). Linking compares tracks by their sets of views.
    descriptors: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def scale(self) -> tuple[float, float]:
        return (self.frame_size[0] / max(self.sample_size[0], 1),
                self.frame_size[1] / max(self.sample_size[1], 1))

    def full_box(self, box) -> tuple[int, int, int, int]:
        sx, sy = self.scale
        x0, y0, x1, y1 = (float(v) for v in box)
        W, H = self.frame_size
        return (int(max(0, round(x0 * sx))), int(max(0, round(y0 * sy))),
                int(min(W, round(x1 * sx))), int(min(H, round(y1 * sy))))

    def relabel(self, video: str) -> "VideoPeople":
        """The same result under another path (a cached result reused for a moved file)."""
        return dataclasses.replace(self, video=video)

    def __len__(self) -> int:
        return len(self.tracks["shot"])

    def to_npz(self, path) -> None:
        arrays = {"meta_video": np.array(self.video), "meta_frame_size": np.array(self.frame_size),
                  "meta_sample_size": np.array(self.sample_size)}
        for group in _GROUPS:
            for k, v in getattr(self, group).items():
                arrays[f"{group}__{k}"] = v
        np.savez_compressed(path, **arrays)

    @classmethod
    def from_npz(cls, path) -> "VideoPeople":
        with np.load(path, allow_pickle=False) as z:
            groups: dict[str, dict[str, np.ndarray]] = {g: {} for g in _GROUPS}
            for k in z.files:
                if "__" in k:
                    g, name = k.split("__", 1)
                    groups[g][name] = z[k]
            return cls(str(z["meta_video"]), tuple(int(v) for v in z["meta_frame_size"]),
                       tuple(int(v) for v in z["meta_sample_size"]), **groups)


_GROUPS = ("frames", "faces", "bodies", "tracks", "shots", "descriptors")


def _hist(rgb: np.ndarray) -> np.ndarray:
    import cv2
    small = cv2.resize(rgb, (48, 27), interpolation=cv2.INTER_AREA)
    q = (small // 64).reshape(-1, 3).astype(np.int32)
    h = np.bincount(q[:, 0] * 16 + q[:, 1] * 4 + q[:, 2], minlength=64).astype(np.float64)
    return h / h.sum()


@dataclass
class _Track:
    id: int
    kind: int                    # 0 face, 1 body
    box: np.ndarray
    vel: np.ndarray
    last_t: float
    win_start: float
    win_k: int = 0
    cand_q: float = -1.0
    cand_det: int = -1
    cand_chip: Any = None
    last_emb: Any = None
    last_body_t: float = -1e9
    sig: Any = None
    last_det: int = -1


class OnlineTracker:
    """Per-video accumulation during the decode pass (see module docstring)."""

    def __init__(self, video: str, embedder, *, fps: float):
        self.video = video
        self.embedder = embedder
        self.fps = fps
        self.frames: dict[str, list] = {"index": [], "pts": [], "time_s": []}
        self.f: dict[str, list] = {k: [] for k in ("frame", "box", "score", "frontal", "quality", "sharpness",
                                                   "embeddable", "hog_ok", "track")}
        self.b: dict[str, list] = {k: [] for k in ("frame", "box", "weight", "source", "track")}
        self.emb_det: list[int] = []
        self.emb_vec: list[np.ndarray] = []
        self.bdesc_det: list[int] = []          # body det ids with a descriptor
        self.bdesc_vec: list[np.ndarray] = []
        self.face_tracks: list[_Track] = []
        self.body_tracks: list[_Track] = []
        self.next_id = 0
        self.prev_hist: np.ndarray | None = None
        self.sample_size: tuple[int, int] | None = None
        self.n_cuts = 0
        self.n_switches = 0
        self.n_checks = 0
        self.n_skipped = 0
        self.tokens = float(DESCRIPTOR_BURST)
        self.last_t: float | None = None
        self.still: Any = None                 # (thumbnail, faces, reuses) of the last face detection
        self.n_reused = 0

    @property
    def n_frames(self) -> int:
        return len(self.frames["index"])

    # -- helpers ------------------------------------------------------------------------------
    def _new_track(self, kind: int, box, t: float) -> _Track:
        tr = _Track(self.next_id, kind, np.asarray(box, np.float32), np.zeros(4, np.float32), t, t)
        self.next_id += 1
        return tr

    def is_cut(self, rgb: np.ndarray) -> bool:
        h = _hist(rgb)
        prev, self.prev_hist = self.prev_hist, h
        if prev is None:
            return False
        return float(np.sqrt(max(0.0, 1 - np.sum(np.sqrt(h * prev))))) > CUT_HIST_DISTANCE

    @staticmethod
    def _associate(tracks: list[_Track], boxes: np.ndarray, t: float, reach: float = 0.8) -> dict[int, int]:
        """det -> index in `tracks`: greedy on IoU with the motion-predicted box, or a near
        centre (within `reach` box widths) at a similar size."""
        if not tracks or not len(boxes):
            return {}
        pred = []
        for tr in tracks:        # motion prediction, at most one box width/height of travel
            w, h = tr.box[2] - tr.box[0], tr.box[3] - tr.box[1]
            move = tr.vel * min(t - tr.last_t, BODY_GAP_S)
            pred.append(tr.box + np.clip(move, -np.array([w, h, w, h]), np.array([w, h, w, h])))
        pred = np.array(pred)
        iou = box_iou(boxes, pred)
        bw = boxes[:, 2] - boxes[:, 0]; pw = pred[:, 2] - pred[:, 0]
        bc = (boxes[:, :2] + boxes[:, 2:]) / 2; pc = (pred[:, :2] + pred[:, 2:]) / 2
        cd = np.linalg.norm(bc[:, None] - pc[None], axis=2) / np.maximum(np.maximum(bw[:, None], pw[None]), 1)
        ratio = np.maximum(bw[:, None], pw[None]) / np.maximum(np.minimum(bw[:, None], pw[None]), 1)
        score = np.where(iou >= 0.2, 1 + iou, np.where((cd < reach) & (ratio < 1.5), 1 - cd / reach, 0))
        out: dict[int, int] = {}
        used: set[int] = set()
        for flat in np.argsort(-score, axis=None):
            d, k = divmod(int(flat), score.shape[1])
            if score[d, k] <= 0:
                break
            if d in out or k in used:
                continue
            out[d] = k
            used.add(k)
        return out

    def _spend(self, must: bool = False) -> bool:
        """Take one descriptor from the budget (always when `must`)."""
        if self.tokens >= 1 or must:
            self.tokens -= 1
            return True
        return False

    def _close_window(self, tr: _Track, ending: bool = False) -> bool:
        """Embed the window's best face; split the track when it no longer matches. Returns
        False when postponed (descriptor budget spent and the track already has one)."""
        if tr.cand_det < 0:
            return True
        if not self._spend(must=tr.last_emb is None):
            if not ending:
                return False
            self.n_skipped += 1
            tr.cand_q, tr.cand_det, tr.cand_chip = -1.0, -1, None
            return True
        det = tr.cand_det
        if det in self.emb_det[-8:]:          # already described by a continuity check
            vec = self.emb_vec[len(self.emb_det) - 1 - self.emb_det[::-1].index(det)]
        else:
            vec = self._embed_now(det, tr.cand_chip)
        if tr.last_emb is not None and face_distance(vec, tr.last_emb)[0, 0] > SPLIT_DISTANCE:
            # a different face continued this track: the current window starts a new one
            new = self._new_track(0, tr.box, tr.win_start)
            first = next((i for i in range(len(self.f["track"])) if self.f["track"][i] == tr.id
                          and self.frames["time_s"][self.f["frame"][i]] >= tr.win_start), None)
            if first is not None:
                for i in range(first, len(self.f["track"])):
                    if self.f["track"][i] == tr.id:
                        self.f["track"][i] = new.id
                for i in range(len(self.b["track"])):
                    if self.b["track"][i] == tr.id and self.b["frame"][i] >= self.f["frame"][first]:
                        self.b["track"][i] = new.id
            tr.id = new.id
        tr.last_emb = vec
        tr.cand_q, tr.cand_det, tr.cand_chip = -1.0, -1, None
        return True

    def _face_signature(self, rgb: np.ndarray, box) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """(normalised 24x24 grey of the aligned chip or empty, hue/sat histogram of the head
        region, aligned 150x150 chip or None) for continuity checks and the descriptor."""
        import cv2
        x0, y0, x1, y1 = (float(v) for v in box)
        w, h = x1 - x0, y1 - y0
        H, W = rgb.shape[:2]
        region = rgb[int(max(0, y0 - h / 4)):int(min(H, y1 + h / 4)), int(max(0, x0 - w / 4)):int(min(W, x1 + w / 4))]
        hist = np.zeros(32, np.float32)
        if region.size:
            hsv = cv2.cvtColor(np.ascontiguousarray(region), cv2.COLOR_RGB2HSV)
            hist = cv2.calcHist([hsv], [0, 1], None, [8, 4], [0, 180, 0, 256]).ravel()
            hist /= max(float(hist.sum()), 1e-6)
        chip = None
        grey = np.zeros(0, np.float32)
        if h >= SIGNATURE_MIN_PX and self.embedder is not None:
            chip = self.embedder.chip(rgb, box)
            g = cv2.cvtColor(cv2.resize(chip, (32, 32), interpolation=cv2.INTER_AREA), cv2.COLOR_RGB2GRAY)
            grey = g[4:28, 4:28].astype(np.float32).ravel()
            grey -= grey.mean()
            grey /= max(float(np.linalg.norm(grey)), 1e-6)
        return grey, hist, chip

    def _embed_now(self, det: int, chip) -> np.ndarray:
        vec = self.embedder.embed_chips([chip])[0]
        self.emb_det.append(det)
        self.emb_vec.append(vec)
        return vec

    def _switched(self, tr: _Track, sig, pending: dict) -> bool:
        """Does the face now at this track's place belong to someone else (a cut the
        picture-change test missed, or two people passing)? Cheap signals (aligned grey
        correlation, head-region colours) only raise a suspicion; a suspicion is settled by
        face descriptors (the new face's descriptor is kept for its track)."""
        if tr.sig is None:
            return False
        g0, h0, chip0 = tr.sig
        g1, h1, chip1 = sig
        hist_bc = float(np.sum(np.sqrt(h0 * h1)))
        if chip1 is None or chip0 is None:       # small faces: colours only
            return hist_bc < SWITCH_MIN_HIST
        if hist_bc >= SUSPECT_HIST and float(g0 @ g1) >= SUSPECT_NCC:
            return False
        if not self._spend(must=False):          # over budget: colours alone decide
            return hist_bc < SWITCH_MIN_HIST
        self.n_checks += 1
        ref = tr.last_emb
        if ref is None:
            ref = tr.last_emb = self._embed_now(tr.last_det, chip0)
        cur = self.embedder.embed_chips([chip1])[0]
        pending["vec"] = cur
        return float(face_distance(cur, ref)[0, 0]) > SPLIT_DISTANCE

    def _end(self, tr: _Track) -> None:
        if tr.kind == 0:
            self._close_window(tr, ending=True)

    # -- one sampled frame ----------------------------------------------------------------------
    def step(self, index: int, pts: int, t: float, rgb: np.ndarray, faces, frontal: np.ndarray,
             bodies: tuple[np.ndarray, np.ndarray] | None) -> None:
        H, W = rgb.shape[:2]
        if self.sample_size is None:
            self.sample_size = (W, H)
        row = len(self.frames["index"])
        self.frames["index"].append(int(index)); self.frames["pts"].append(int(pts))
        self.frames["time_s"].append(float(t))
        if self.last_t is not None:
            self.tokens = min(DESCRIPTOR_BURST, self.tokens + DESCRIPTORS_PER_S * max(0.0, t - self.last_t))
        self.last_t = t
        if self.is_cut(rgb):
            self.n_cuts += 1
            for tr in self.face_tracks + self.body_tracks:
                self._end(tr)
            self.face_tracks, self.body_tracks = [], []
        # expire
        for lst, gap in ((self.face_tracks, MAX_GAP_S), (self.body_tracks, BODY_GAP_S)):
            for tr in [tr for tr in lst if t - tr.last_t > gap]:
                self._end(tr)
                lst.remove(tr)

        # faces
        boxes = faces.boxes
        sigs = [self._face_signature(rgb, b) for b in boxes]
        assign = {d: self.face_tracks[k] for d, k in self._associate(self.face_tracks, boxes, t).items()}
        checked: dict[int, np.ndarray] = {}
        for d, tr in list(assign.items()):
            pending: dict = {}
            if self._switched(tr, sigs[d], pending):
                del assign[d]           # same place, different face: the old track ends here
                self._end(tr)
                self.face_tracks.remove(tr)
                self.n_switches += 1
            if "vec" in pending:
                checked[d] = pending["vec"]
        face_track_of: list[_Track] = []
        for d in range(len(boxes)):
            if d in assign:
                tr = assign[d]
                dt = max(t - tr.last_t, 1e-3)
                tr.vel = 0.5 * tr.vel + 0.5 * (boxes[d] - tr.box) / dt      # pixels per second
                tr.box, tr.last_t = boxes[d].copy(), t
            else:
                tr = self._new_track(0, boxes[d], t)
                self.face_tracks.append(tr)
            tr.sig = sigs[d]
            tr.last_det = len(self.f["frame"])
            if d in checked:            # the descriptor computed by the continuity check
                self.emb_det.append(tr.last_det)
                self.emb_vec.append(checked[d])
                tr.last_emb = checked[d]
            face_track_of.append(tr)
            x0, y0, x1, y1 = boxes[d]
            h = y1 - y0
            score = float(faces.scores[d])
            fr = float(frontal[d])
            embeddable = h >= EMBED_MIN_PX and fr >= EMBED_MIN_FRONTAL and score >= EMBED_MIN_SCORE
            chip = sigs[d][2]
            sharp = sharpness(chip) if chip is not None else 0.0
            q = face_quality(score, fr, h, sharp)
            det = len(self.f["frame"])
            for k, v in (("frame", row), ("box", boxes[d].astype(np.float32)), ("score", score),
                         ("frontal", fr), ("quality", q), ("sharpness", sharp), ("embeddable", embeddable),
                         ("hog_ok", -1), ("track", tr.id)):
                self.f[k].append(v)
            # window bookkeeping: close an elapsed window first, then offer this face
            win = WINDOWS_S[min(tr.win_k, len(WINDOWS_S) - 1)]
            if t - tr.win_start >= win and self._close_window(tr):
                tr.win_start, tr.win_k = t, tr.win_k + 1
            if embeddable and q > tr.cand_q:
                if score < HOG_CHECK_BELOW and h >= HOG_CHECK_MIN_PX:   # weak: a second detector must agree
                    ok = self.embedder.hog_confirms(rgb, boxes[d])
                    self.f["hog_ok"][det] = int(ok)
                    if not ok:
                        continue
                tr.cand_q, tr.cand_det = q, det
                tr.cand_chip = sigs[d][2]
        # bodies: HOG boxes that carry one of the faces join that face's track
        bboxes, weights = bodies if bodies is not None else (np.zeros((0, 4), np.float32), np.zeros(0))
        paired: dict[int, int] = {}
        if len(bboxes) and len(boxes):
            for d in np.argsort(-faces.scores):
                fx0, fy0, fx1, fy1 = boxes[d]
                fcx, fcy, fw = (fx0 + fx1) / 2, (fy0 + fy1) / 2, fx1 - fx0
                best, best_k = 0.0, -1
                for k, (bx0, by0, bx1, by1) in enumerate(bboxes):
                    bw, bh = bx1 - bx0, by1 - by0
                    if k in paired.values() or not (bx0 < fcx < bx1 and by0 <= fcy < by0 + 0.3 * bh):
                        continue
                    if not (0.12 <= fw / max(bw, 1) <= 0.7):
                        continue
                    s = 1 - abs(fcx - (bx0 + bx1) / 2) / bw
                    if s > best:
                        best, best_k = s, k
                if best_k >= 0:
                    paired[int(d)] = best_k
        for d, tr in enumerate(face_track_of):
            if d in paired:
                box, w, src = bboxes[paired[d]], float(weights[paired[d]]), 0
            else:
                box, inside = face_anchored_body(boxes[d], W, H)
                if inside < 0.6:
                    continue
                others = [face_anchored_body(boxes[o], W, H)[0] for o in range(len(boxes)) if o != d]
                if others and box_iou(box[None], np.array(others)).max() > 0.25:
                    continue            # crowded: the region below this face shows others too
                w, src = 0.0, 1
            self._add_body(row, box, w, src, tr, t, rgb)
        free = [k for k in range(len(bboxes)) if k not in paired.values()]
        fb = bboxes[free] if free else np.zeros((0, 4), np.float32)
        assign_b = self._associate(self.body_tracks, fb, t, reach=1.5)
        for j, k in enumerate(free):
            if j in assign_b:
                tr = self.body_tracks[assign_b[j]]
                dt = max(t - tr.last_t, 1e-3)
                tr.vel = 0.5 * tr.vel + 0.5 * (fb[j] - tr.box) / dt
                tr.box, tr.last_t = fb[j].copy(), t
            else:
                tr = self._new_track(1, fb[j], t)
                self.body_tracks.append(tr)
            self._add_body(row, fb[j], float(weights[k]), 0, tr, t, rgb)

    def _add_body(self, row, box, weight, source, tr: _Track, t: float, rgb) -> None:
        det = len(self.b["frame"])
        for k, v in (("frame", row), ("box", np.asarray(box, np.float32)), ("weight", weight),
                     ("source", source), ("track", tr.id)):
            self.b[k].append(v)
        if t - tr.last_body_t >= BODY_EVERY_S:
            desc = body_descriptor(rgb, box)
            if desc is not None:
                self.bdesc_det.append(det)
                self.bdesc_vec.append(desc.astype(np.float16))
                tr.last_body_t = t

    # -- after the pass -------------------------------------------------------------------------
    def finish(self, shots, frame_size: tuple[int, int], stats: dict[str, Any]) -> VideoPeople:
        for tr in self.face_tracks + self.body_tracks:
            self._end(tr)
        self.face_tracks, self.body_tracks = [], []
        fr = {"index": np.array(self.frames["index"], np.int64), "pts": np.array(self.frames["pts"], np.int64),
              "time_s": np.array(self.frames["time_s"], np.float64)}
        shots = sorted(shots, key=lambda s: s.start_frame)
        shot_idx = np.array([s.index for s in shots], np.int32)
        shot_start = np.array([s.start_s for s in shots], np.float64)
        shot_end = np.array([s.end_s for s in shots], np.float64)
        first = np.array([s.start_frame for s in shots], np.int64)
        pos = np.searchsorted(first, fr["index"], side="right") - 1 if len(first) else np.zeros(len(fr["index"]), int)
        fr["shot"] = shot_idx[np.clip(pos, 0, max(len(shot_idx) - 1, 0))] if len(shot_idx) else \
            np.full(len(fr["index"]), -1, np.int32)
        n_f, n_b = len(self.f["frame"]), len(self.b["frame"])
        faces = {"frame": np.array(self.f["frame"], np.int32),
                 "box": np.array(self.f["box"], np.float32).reshape(n_f, 4),
                 "score": np.array(self.f["score"], np.float32), "frontal": np.array(self.f["frontal"], np.float32),
                 "quality": np.array(self.f["quality"], np.float32),
                 "sharpness": np.array(self.f["sharpness"], np.float32),
                 "embeddable": np.array(self.f["embeddable"], bool), "hog_ok": np.array(self.f["hog_ok"], np.int8)}
        bodies = {"frame": np.array(self.b["frame"], np.int32),
                  "box": np.array(self.b["box"], np.float32).reshape(n_b, 4),
                  "weight": np.array(self.b["weight"], np.float32), "source": np.array(self.b["source"], np.int8)}
        embedded = np.zeros(n_f, bool)
        embedded[self.emb_det] = True
        faces["embedded"] = embedded
        # final track = (online track, shot)
        f_shot = fr["shot"][faces["frame"]] if n_f else np.zeros(0, np.int32)
        b_shot = fr["shot"][bodies["frame"]] if n_b else np.zeros(0, np.int32)
        keys: dict[tuple[int, int], int] = {}
        kinds: list[int] = []

        def key_of(track, shot, kind):
            k = (int(track), int(shot))
            if k not in keys:
                keys[k] = len(keys)
                kinds.append(kind)
            return keys[k]
        online_kind = {}
        for tid in self.f["track"]:
            online_kind[tid] = 0
        faces["track"] = np.array([key_of(t, s, 0) for t, s in zip(self.f["track"], f_shot)], np.int32)
        bodies["track"] = np.array([key_of(t, s, online_kind.get(t, 1)) for t, s in zip(self.b["track"], b_shot)],
                                   np.int32)
        T = len(keys)
        times = fr["time_s"]
        step = 1.0 / self.fps if self.fps else 0.0
        tracks = {"shot": np.zeros(T, np.int32), "kind": np.array(kinds, np.int8),
                  "start_s": np.full(T, np.inf), "end_s": np.full(T, -np.inf),
                  "n_faces": np.zeros(T, np.int32), "n_bodies": np.zeros(T, np.int32),
                  "n_embedded": np.zeros(T, np.int32), "embedding": np.full((T, EMBED_DIM), np.nan, np.float32),
                  "body_desc": np.full((T, DESC_DIM), np.nan, np.float32),
                  "first_row": np.full(T, np.iinfo(np.int32).max, np.int32),
                  "last_row": np.full(T, -1, np.int32),
                  "rep_face": np.full(T, -1, np.int64), "rep_body": np.full(T, -1, np.int64),
                  "face_px": np.zeros(T, np.float32)}
        for (t_online, shot), k in keys.items():
            tracks["shot"][k] = shot
        for det_track, det_frame in ((faces["track"], faces["frame"]), (bodies["track"], bodies["frame"])):
            if len(det_track):
                np.minimum.at(tracks["start_s"], det_track, times[det_frame])
                np.maximum.at(tracks["end_s"], det_track, times[det_frame])
                np.minimum.at(tracks["first_row"], det_track, det_frame)
                np.maximum.at(tracks["last_row"], det_track, det_frame)
        tracks["n_faces"] = np.bincount(faces["track"], minlength=T).astype(np.int32)
        tracks["n_bodies"] = np.bincount(bodies["track"], minlength=T).astype(np.int32)
        # sums of descriptors per final track
        emb_sum = np.zeros((T, EMBED_DIM)); emb_n = np.zeros(T)
        for det, vec in zip(self.emb_det, self.emb_vec):
            k = faces["track"][det]
            emb_sum[k] += vec; emb_n[k] += 1
        has = emb_n > 0
        tracks["embedding"][has] = (emb_sum[has] / emb_n[has, None]).astype(np.float32)
        tracks["n_embedded"] = emb_n.astype(np.int32)
        # a track is as trustworthy as the best face it was described by
        tracks["quality"] = np.zeros(T, np.float32)
        if len(self.emb_det):
            ed = np.array(self.emb_det)
            np.maximum.at(tracks["quality"], faces["track"][ed], faces["quality"][ed])
        ed = np.array(self.emb_det, np.int64)
        descriptors = {"det": ed.astype(np.int32), "track": faces["track"][ed].astype(np.int32),
                       "vec": np.array(self.emb_vec, np.float32).reshape(len(ed), EMBED_DIM),
                       "quality": faces["quality"][ed].astype(np.float32)}
        bd_sum = np.zeros((T, DESC_DIM)); bd_n = np.zeros(T)
        for det, vec in zip(self.bdesc_det, self.bdesc_vec):
            k = bodies["track"][det]
            bd_sum[k] += vec.astype(np.float64); bd_n[k] += 1
        has = bd_n > 0
        tracks["body_desc"][has] = (bd_sum[has] / bd_n[has, None]).astype(np.float32)
        # representative detections: best-quality face (prefer embedded), largest body
        for i in np.argsort(faces["quality"] + 10 * faces["embedded"]):
            tracks["rep_face"][faces["track"][i]] = i
        if n_f:
            h = faces["box"][:, 3] - faces["box"][:, 1]
            np.maximum.at(tracks["face_px"], faces["track"], h)
        if n_b:
            area = (bodies["box"][:, 2] - bodies["box"][:, 0]) * (bodies["box"][:, 3] - bodies["box"][:, 1])
            for i in np.argsort(area + 1e9 * (bodies["source"] == 0)):
                tracks["rep_body"][bodies["track"][i]] = i
        # a track lasts until the next sample (bounded by its shot's end)
        ends = dict(zip(shot_idx.tolist(), shot_end.tolist()))
        tracks["end_s"] = np.array([min(e + step, ends.get(int(s), e + step))
                                    for e, s in zip(tracks["end_s"], tracks["shot"])], np.float64)
        stats = dict(stats)
        stats.update({"frames_examined": int(len(times)), "face_detections": n_f, "body_detections": n_b,
                      "descriptors_computed": len(self.emb_det), "picture_changes": self.n_cuts,
                      "continuity_checks": self.n_checks, "face_switches": self.n_switches,
                      "descriptors_skipped_over_budget": self.n_skipped,
                      "face_detections_reused_unchanged_frame": self.n_reused,
                      "face_tracks": int((tracks["kind"] == 0).sum()),
                      "face_tracks_compared": int((tracks["n_embedded"] > 0).sum()),
                      "body_tracks": int((tracks["kind"] == 1).sum())})
        return VideoPeople(self.video, (int(frame_size[0]), int(frame_size[1])),
                           self.sample_size or (int(frame_size[0]), int(frame_size[1])),
                           fr, faces, bodies, tracks,
                           {"index": shot_idx, "start_s": shot_start, "end_s": shot_end}, stats, descriptors)
