"""Decode: one streaming pass over a video's frames with PyAV (FFmpeg inside the wheel).

`stream_frames` yields batches of small grey thumbnails (reduced inside FFmpeg's scaler by
one reused `VideoReformatter`, which keeps the pass at plain-decode speed) with exact PTS,
and, on request, full-colour frames at a lower rate for the people stage. Memory stays
bounded by the batch size whatever the video length. `fetch_frames` re-reads any frame at
full size from its `FrameRef` (PTS) for the report.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Iterator, Sequence

import numpy as np

from .config import DecodeConfig
from .probe import av_reason, open_container, video_stream
from .types import FrameRef, InputError, VideoInfo


@dataclass
class DecodedBatch:
    index: np.ndarray            # presentation-order frame numbers (int64)
    pts: np.ndarray              # int64, in the stream time base
    thumbs: np.ndarray           # (B, S, S) uint8 grey, rotation applied
    full: list[tuple[int, int, np.ndarray]] = field(default_factory=list)  # (index, pts, RGB HxWx3)


def scaler_options() -> dict[str, int]:
    """`threads=1` for FFmpeg's scaler where PyAV takes it (17 and later; the scaler is one
    thread in the FFmpeg of earlier wheels anyway). The decoder's threads own the cores."""
    import av
    return {"threads": 1} if int(av.__version__.split(".")[0]) >= 17 else {}


def rotate(img: np.ndarray, rotation: int) -> np.ndarray:
    """Apply a display rotation (degrees counter-clockwise, as FFmpeg reports it)."""
    k = (rotation // 90) % 4
    return np.ascontiguousarray(np.rot90(img, k=k, axes=(0, 1))) if k else img


def _frame_pts(frame, fallback: int) -> int:
    if frame.pts is not None:
        return int(frame.pts)
    if frame.dts is not None:
        return int(frame.dts)
    return fallback


@dataclass
class Sampler:
    """Keeps frames at most `fps` per second, on an exact Fraction clock."""
    fps: float | None
    next_t: Fraction | None = None
    step: Fraction | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        if self.fps:
            self.step = 1 / Fraction(self.fps).limit_denominator(1000)

    def take(self, t: Fraction) -> bool:
        if self.step is None:
            return True
        if self.next_t is None or t >= self.next_t:
            self.next_t = (self.next_t if self.next_t is not None else t) + self.step
            while self.next_t <= t:
                self.next_t += self.step
            return True
        return False


def stream_frames(info: VideoInfo, *, thumb_size: int = DecodeConfig.thumb_size,
                  sample_fps: float | None = None,
                  threads: str = "AUTO", batch_size: int = 256,
                  full_fps: float | None = None, full_max_side: int = 960,
                  ) -> Iterator[DecodedBatch]:
    """Decode every frame once; yield thumbnail batches (and sampled full frames).

    Raises InputError when the stream cannot be decoded or ends well short of the number of
    frames its packets announce (truncated or corrupted file).
    """
    import av
    from av.video.reformatter import VideoReformatter

    path = info.path
    thumb_fmt = VideoReformatter()
    full_fmt = VideoReformatter()
    one_thread = scaler_options()
    thumb_sampler, full_sampler = Sampler(sample_fps), Sampler(full_fps)
    tb = info.time_base
    default_step = int(round(1 / (info.frame_rate * tb))) if info.frame_rate else 1

    idx_buf: list[int] = []
    pts_buf: list[int] = []
    thumbs = np.empty((batch_size, thumb_size, thumb_size), dtype=np.uint8)
    full: list[tuple[int, int, np.ndarray]] = []
    n_decoded = 0
    errors = 0
    last_pts = info.start_pts - default_step

    with open_container(path) as container:
        stream = video_stream(container, path)
        stream.thread_type = threads
        full_size = None

        def handle(frame):
            nonlocal n_decoded, last_pts, full_size
            pts = _frame_pts(frame, last_pts + default_step)
            last_pts = pts
            i = n_decoded
            n_decoded += 1
            t = pts * tb
            if thumb_sampler.take(t):
                small = thumb_fmt.reformat(frame, thumb_size, thumb_size, format="gray",
                                           interpolation="AREA", **one_thread)
                plane = np.frombuffer(small.planes[0], np.uint8).reshape(
                    thumb_size, small.planes[0].line_size)[:, :thumb_size]
                thumbs[len(idx_buf)] = rotate(plane, info.rotation)
                idx_buf.append(i)
                pts_buf.append(pts)
            if full_fps and full_sampler.take(t):
                if full_size is None:
                    w, h = frame.width, frame.height
                    s = min(1.0, full_max_side / max(w, h))
                    full_size = (max(2, int(round(w * s / 2)) * 2), max(2, int(round(h * s / 2)) * 2))
                rgb = full_fmt.reformat(frame, full_size[0], full_size[1], format="rgb24",
                                        interpolation="AREA", **one_thread).to_ndarray()
                full.append((i, pts, rotate(rgb, info.rotation)))

        def flush() -> DecodedBatch:
            b = DecodedBatch(np.array(idx_buf, np.int64), np.array(pts_buf, np.int64),
                             thumbs[:len(idx_buf)].copy(), list(full))
            idx_buf.clear(); pts_buf.clear(); full.clear()
            return b

        try:
            packets = container.demux(stream)     # ends with an empty packet that flushes the decoder
            while True:
                try:
                    packet = next(packets)
                except StopIteration:
                    break
                except av.error.FFmpegError as e:
                    raise InputError(path, f"cannot read video data after frame {n_decoded} "
                                           f"({av_reason(e)})") from None
                try:
                    frames = packet.decode()
                except av.error.FFmpegError:
                    errors += 1
                    if errors > max(10, info.frame_count // 50):
                        raise InputError(path, f"corrupted video data: {errors} undecodable packets "
                                               f"by frame {n_decoded}") from None
                    continue
                for frame in frames:
                    handle(frame)
                    if len(idx_buf) == batch_size:
                        yield flush()
        except av.error.FFmpegError as e:
            raise InputError(path, f"decoding failed after frame {n_decoded} ({av_reason(e)})") from None
        if idx_buf or full:
            yield flush()

    if n_decoded == 0:
        raise InputError(path, "video stream has no decodable frames")
    expected = info.frame_count
    if n_decoded < expected * 0.98 - 2:
        raise InputError(path, f"truncated or corrupted: decoded {n_decoded} of {expected} frames")


def fetch_frames(info: VideoInfo, refs: Sequence[FrameRef], *, max_side: int | None = None
                 ) -> list[np.ndarray]:
    """Full-size RGB frames (rotation applied) for the given references, in the given order.

    Seeks to the keyframe before each wanted frame and decodes forward to its exact PTS, so
    nothing depends on the container's seek accuracy. A frame whose PTS is not found (a
    reference from another file version) raises InputError.
    """
    import av
    from av.video.reformatter import VideoReformatter

    if not refs:
        return []
    order = sorted(range(len(refs)), key=lambda k: refs[k].pts)
    out: list[np.ndarray | None] = [None] * len(refs)
    fmt = VideoReformatter()
    with open_container(info.path) as container:
        stream = video_stream(container, info.path)
        stream.thread_type = "AUTO"
        pos = 0
        while pos < len(order):
            want = refs[order[pos]].pts
            container.seek(want, stream=stream, backward=True, any_frame=False)
            found_any = False
            try:
                for frame in container.decode(stream):
                    pts = _frame_pts(frame, -1)
                    while pos < len(order) and pts >= refs[order[pos]].pts:
                        if pts == refs[order[pos]].pts:
                            w, h = frame.width, frame.height
                            if max_side and max(w, h) > max_side:
                                s = max_side / max(w, h)
                                w, h = max(2, int(w * s) // 2 * 2), max(2, int(h * s) // 2 * 2)
                            rgb = fmt.reformat(frame, w, h, format="rgb24", interpolation="AREA").to_ndarray()
                            out[order[pos]] = rotate(rgb, info.rotation)
                        else:
                            raise InputError(info.path, f"frame at pts {refs[order[pos]].pts} not found")
                        pos += 1
                        found_any = True
                    if pos >= len(order):
                        break
                    # a far-away next frame: seek again rather than decode the gap
                    if found_any and refs[order[pos]].pts - pts > 10 / stream.time_base:
                        break
            except av.error.FFmpegError as e:
                raise InputError(info.path, f"cannot re-read frame ({av_reason(e)})") from None
            if not found_any:
                raise InputError(info.path, f"frame at pts {want} not found")
    return [o for o in out if o is not None]
