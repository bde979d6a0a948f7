"""The frozen data types that flow one way through the pipeline.

probe -> VideoInfo; decode+hashing -> FrameHashes; shots -> Shot; matching -> RepeatGroup;
people -> Individual; pipeline -> AnalysisResult. Times are exact: every frame keeps its
integer `pts` and the stream's `Fraction` time base; seconds are derived from those.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np


class InputError(Exception):
    """An input that cannot be analysed. `str()` is one line naming the reason."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = " ".join(str(reason).split())  # always one line
        super().__init__(f"{path}: {self.reason}")


def frac_str(f: Fraction | None) -> str | None:
    return None if f is None else f"{f.numerator}/{f.denominator}"


@dataclass(frozen=True)
class VideoInfo:
    """What was read from one input: identity, container and stream metadata."""
    path: str                  # exactly as given by the user
    sha256: str
    size_bytes: int
    container: str
    video_codec: str
    width: int                 # coded width (before rotation)
    height: int
    rotation: int              # display rotation in degrees, counter-clockwise (0/90/180/270)
    time_base: Fraction
    frame_rate: Fraction | None  # average frame rate
    duration_s: float
    frame_count: int
    variable_frame_rate: bool
    has_audio: bool
    start_pts: int
    end_pts: int               # where the last frame ends (its pts + duration), exact
    metadata: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[dict[str, Any], ...] = ()   # damage found and repairs made, with time ranges
    open_path: str | None = field(default=None, compare=False)  # the file, when `path` is a label

    @property
    def fs_path(self) -> str:
        """The path to open (differs from `path` only for names that are not valid UTF-8)."""
        return self.open_path or self.path

    @property
    def sample_aspect(self) -> Fraction:
        """Pixel (sample) aspect ratio; 1 when unknown or nonsensical."""
        sar = (self.metadata or {}).get("sample_aspect_ratio")
        try:
            f = Fraction(str(sar).replace(":", "/")) if sar else Fraction(1)
        except (ValueError, ZeroDivisionError):
            return Fraction(1)
        return f if Fraction(1, 10) <= f <= 10 else Fraction(1)

    @property
    def display_size(self) -> tuple[int, int]:
        """(width, height) as shown: pixel aspect ratio applied, then the display rotation."""
        w = max(1, int(round(self.width * self.sample_aspect)))
        return (self.height, w) if self.rotation % 180 == 90 else (w, self.height)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path, "sha256": self.sha256, "size_bytes": self.size_bytes,
            "container": self.container, "video_codec": self.video_codec,
            "width": self.width, "height": self.height, "rotation": self.rotation,
            "time_base": frac_str(self.time_base), "frame_rate": frac_str(self.frame_rate),
            "duration_s": self.duration_s, "frame_count": self.frame_count,
            "start_pts": self.start_pts, "end_pts": self.end_pts,
            "variable_frame_rate": self.variable_frame_rate, "has_audio": self.has_audio,
            "display_width": self.display_size[0], "display_height": self.display_size[1],
            "metadata": self.metadata, "warnings": [dict(w) for w in self.warnings],
            **({"path_bytes_hex": os.fsencode(self.open_path).hex()} if self.open_path else {}),
        }


@dataclass(frozen=True)
class FrameRef:
    """A reference to one decoded frame, enough to fetch it again at full size."""
    video: str
    index: int                 # position in presentation order among decoded frames
    pts: int
    time_base: Fraction

    @property
    def time(self) -> Fraction:
        return self.pts * self.time_base

    @property
    def time_s(self) -> float:
        return float(self.time)


@dataclass(frozen=True, eq=False)
class FrameHashes:
    """Columnar per-frame hashes of one video (arrays share their first axis).

    `index` are presentation-order frame numbers (gaps when `sample_fps` thins frames);
    `pts` integer timestamps in `time_base`; `phash` 64-bit DCT hashes (uint64);
    `pdq` 256-bit PDQ-style hashes as (N, 32) uint8; `variants` the same hash of transformed
    versions (crops and mirror, see `variant_names`) as (M, V, 32) uint8 of the rows
    `variant_rows` (M,), frames sampled at `HashConfig.variant_fps`;
    `quality` 0-100 gradient energy; `low_info` True where the frame is black, uniform,
    two-tone or otherwise not evidence; `luma` mean grey level; `bars` the trimmed content
    box (x0, y0, x1, y1) in thumbnail pixels.
    """
    video: str
    time_base: Fraction
    index: np.ndarray
    pts: np.ndarray
    phash: np.ndarray
    pdq: np.ndarray
    variants: np.ndarray
    variant_rows: np.ndarray
    variant_names: tuple[str, ...]
    quality: np.ndarray
    low_info: np.ndarray
    luma: np.ndarray
    bars: np.ndarray
    thumb_size: int = 96

    def __post_init__(self) -> None:
        n = len(self.index)
        for name in ("pts", "phash", "pdq", "quality", "low_info", "luma", "bars"):
            if len(getattr(self, name)) != n:
                raise ValueError(f"FrameHashes.{name} has {len(getattr(self, name))} rows, expected {n}")
        if len(self.variants) != len(self.variant_rows):
            raise ValueError("FrameHashes.variants and variant_rows differ in length")

    def __len__(self) -> int:
        return len(self.index)

    @property
    def time_s(self) -> np.ndarray:
        tb = self.time_base
        return self.pts.astype(np.float64) * tb.numerator / tb.denominator

    def ref(self, row: int) -> FrameRef:
        return FrameRef(self.video, int(self.index[row]), int(self.pts[row]), self.time_base)


@dataclass(frozen=True, eq=False)
class Stills:
    """Small grey frames of one video kept from its one decode pass, for stages that look at
    pixels after hashing (keypoint matching) without re-opening the file: every coded
    keyframe and `STILL_FPS` a second, at most `STILL_SIDE` px, stored as JPEG (quality
    `STILL_QUALITY`) so a run from the case cache sees the very same pixels as a fresh one.
    `data` holds the JPEG files one after another; frame k is data[offsets[k]:offsets[k+1]]."""
    index: np.ndarray          # presentation-order frame numbers (int64)
    pts: np.ndarray            # int64, in the stream time base
    key: np.ndarray            # bool: a coded keyframe
    data: np.ndarray           # uint8
    offsets: np.ndarray        # int64, len(index) + 1

    def __len__(self) -> int:
        return len(self.index)

    def image(self, k: int) -> np.ndarray:
        import cv2
        return cv2.imdecode(self.data[int(self.offsets[k]):int(self.offsets[k + 1])], cv2.IMREAD_GRAYSCALE)

    @staticmethod
    def encode(grey: np.ndarray) -> np.ndarray:
        import cv2
        ok, buf = cv2.imencode(".jpg", grey, [cv2.IMWRITE_JPEG_QUALITY, STILL_QUALITY])
        if not ok:                                   # pragma: no cover - cv2 encodes any grey array
            raise ValueError("cannot encode a still")
        return buf.reshape(-1)

    @classmethod
    def join(cls, items: list[tuple[int, int, bool, np.ndarray]]) -> "Stills":
        """From (index, pts, keyframe, encoded JPEG bytes) in frame order."""
        sizes = [len(b) for *_, b in items]
        return cls(np.array([i[0] for i in items], np.int64), np.array([i[1] for i in items], np.int64),
                   np.array([i[2] for i in items], bool),
                   np.concatenate([b for *_, b in items]) if items else np.zeros(0, np.uint8),
                   np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64))


STILL_FPS = 1.0
STILL_SIDE = 480
STILL_QUALITY = 95


@dataclass(frozen=True)
class Shot:
    video: str
    index: int
    start_frame: int           # first frame (presentation index), inclusive
    end_frame: int             # last frame, inclusive
    start_s: float
    end_s: float               # end of the last frame (its pts + duration)
    transition_in: str = "start"   # "start", "cut", "dissolve" or "fade"

    def to_json(self) -> dict[str, Any]:
        return {"video": self.video, "index": self.index, "start_s": round(self.start_s, 6),
                "end_s": round(self.end_s, 6), "start_frame": self.start_frame,
                "end_frame": self.end_frame, "transition_in": self.transition_in}


@dataclass(frozen=True)
class Segment:
    """A time range of one video: one member of a repeated-segment group."""
    video: str
    start_s: float
    end_s: float
    start_frame: int
    end_frame: int
    shot: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"video": self.video, "start_s": round(self.start_s, 3), "end_s": round(self.end_s, 3),
                "start_frame": self.start_frame, "end_frame": self.end_frame, "shot": self.shot}


@dataclass(frozen=True)
class RepeatGroup:
    id: str
    kind: str                  # "reuse" or "retake"
    members: tuple[Segment, ...]
    evidence: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "members": [m.to_json() for m in self.members],
                "evidence": self.evidence}


@dataclass(frozen=True)
class Appearance:
    video: str
    shot: int
    start_s: float
    end_s: float
    time_s: float              # the representative frame the report shows
    bbox: tuple[int, int, int, int]
    cue: str                   # "face" or "body"

    def to_json(self) -> dict[str, Any]:
        return {"video": self.video, "shot": self.shot, "start_s": round(self.start_s, 3),
                "end_s": round(self.end_s, 3), "time_s": round(self.time_s, 3),
                "bbox": [int(v) for v in self.bbox], "cue": self.cue}


@dataclass(frozen=True)
class Individual:
    id: str
    appearances: tuple[Appearance, ...]
    evidence: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "appearances": [a.to_json() for a in self.appearances],
                "evidence": self.evidence}
