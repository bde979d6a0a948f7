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
from .clock import for_stream
from .probe import av_reason, check_deadline, open_container, video_stream, warning
from .types import FrameRef, InputError, VideoInfo


@dataclass
class DecodedBatch:
    index: np.ndarray            # presentation-order frame numbers (int64)
    pts: np.ndarray              # int64, in the stream time base
    thumbs: np.ndarray           # (B, S, S) uint8 grey, rotation applied
    full: list[tuple[int, int, np.ndarray]] = field(default_factory=list)  # (index, pts, RGB HxWx3)
    stills: list[tuple[int, int, bool, np.ndarray]] = field(default_factory=list)  # (index, pts, keyframe, grey)


def scaler_options() -> dict[str, int]:
    """`threads=1` for FFmpeg's scaler where PyAV takes it (17 and later; the scaler is one
    thread in the FFmpeg of earlier wheels anyway). The decoder's threads own the cores."""
    import av
    return {"threads": 1} if int(av.__version__.split(".")[0]) >= 17 else {}


def decoder_threads() -> int:
    """Decoder threads for the decode pass: the cores this process may use (at most 16,
    FFmpeg's own cap for its automatic count).

    FFmpeg's automatic count is one more than the cores, which suits a process that only
    decodes. Here the main thread also reduces every frame and a worker thread hashes the
    batches while the decoder runs, so cores + 1 decoder threads oversubscribe the cores. On
    2 cores, whole analyze processes of the 720p benchmark file took 1.6 % less CPU and 3.3 %
    less wall time with 2 than with 3. At 1080p one run gave 4.8 % less CPU and a later one no
    difference (docs/stages.md, "Speed"). The thread count does not change a decoded frame."""
    import os
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    return max(1, min(16, n))


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
    _next_pts: int | None = field(init=False, default=None, repr=False)   # see take_pts

    def __post_init__(self) -> None:
        if self.fps:
            self.step = 1 / Fraction(self.fps).limit_denominator(1000)

    def take(self, t: Fraction) -> bool:
        if self.step is None:
            return True
        if self.next_t is None or t >= self.next_t:
            nxt = (self.next_t if self.next_t is not None else t) + self.step
            if nxt <= t:                      # a gap: jump to the first tick after t (no loop)
                nxt += (((t - nxt) // self.step) + 1) * self.step
            self.next_t, self._next_pts = nxt, None
            return True
        return False

    def take_pts(self, pts: int, time_base: Fraction) -> bool:
        """`take(pts * time_base)`, without building a Fraction for the frames it skips: the
        next tick in integer PTS, ceil(next_t / time_base), decides those (pts < it exactly
        when pts * time_base < next_t; time bases are positive)."""
        if self.step is None:
            return True
        if self._next_pts is not None and pts < self._next_pts:
            return False
        taken = self.take(pts * time_base)
        q = self.next_t / time_base
        self._next_pts = -(-q.numerator // q.denominator)
        return taken


@dataclass
class DecodeReport:
    """What one decoding pass found, beside the frames: filled in by `stream_frames`."""
    n_decoded: int = 0
    first_pts: int | None = None
    last_pts: int | None = None
    bad_packets: list[float] = field(default_factory=list)     # times of undecodable packets
    corrupt_frames: list[float] = field(default_factory=list)  # frames FFmpeg flagged corrupt
    leading_bad: int = 0                                        # undecodable before the first frame
    stopped_at: float | None = None                             # demuxing failed here
    stop_reason: str = ""
    warnings: list[dict] = field(default_factory=list)


def time_ranges(times: Sequence[float], step_s: float) -> list[list[float]]:
    """Merge event times into [start, end] ranges (events closer than 2 frames join)."""
    out: list[list[float]] = []
    for t in sorted(times):
        if out and t - out[-1][1] <= 2 * step_s + 1e-9:
            out[-1][1] = t + step_s
        else:
            out.append([t, t + step_s])
    return out


def display_dims(info: VideoInfo, w: int, h: int, max_side: int | None) -> tuple[int, int]:
    """Output size of a coded w x h frame: pixel aspect applied, then at most `max_side`."""
    w = max(2, int(round(w * info.sample_aspect)))
    if max_side and max(w, h) > max_side:
        s = max_side / max(w, h)
        w, h = max(2, int(w * s) // 2 * 2), max(2, int(h * s) // 2 * 2)
    return w, h


# A batch is cut after this many full-colour frames too, whatever its thumbnail count: at a low
# frame rate 256 thumbnails span many seconds, and the people stage's 960x540 frames (1.5 MB
# each) would make a batch's memory grow as the frame rate falls (77 frames at 10 fps).
FULL_PER_BATCH = 24


def stream_frames(info: VideoInfo, *, thumb_size: int = DecodeConfig.thumb_size,
                  sample_fps: float | None = None,
                  threads: str = "AUTO", batch_size: int = 256,
                  full_fps: float | None = None, full_max_side: int = 960,
                  still_fps: float | None = None, still_side: int = 480,
                  report: DecodeReport | None = None, deadline: float | None = None,
                  ) -> Iterator[DecodedBatch]:
    """Decode every frame once; yield thumbnail batches (and sampled full frames).

    With `still_fps`, grey frames of at most `still_side` px (coded size, rotation applied)
    are kept of every coded keyframe and at `still_fps`: later stages (the keypoint matching
    of matching/estimate.py) take their frames from these instead of seeking in the file.

    Packets that do not decode, frames FFmpeg flags as corrupt, and data that cannot be read
    are recorded in `report` (with their times) and decoding goes on with what is readable.
    Raises InputError only when no frame decodes, or when `deadline` (time.monotonic) passes.
    """
    import av
    from av.video.reformatter import VideoReformatter

    path = info.path
    report = report if report is not None else DecodeReport()
    thumb_fmt = VideoReformatter()
    full_fmt = VideoReformatter()
    one_thread = scaler_options()
    thumb_sampler, full_sampler, still_sampler = Sampler(sample_fps), Sampler(full_fps), Sampler(still_fps)
    still_fmt = VideoReformatter()
    tb = info.time_base
    default_step = int(round(1 / (info.frame_rate * tb))) if info.frame_rate else 1

    idx_buf: list[int] = []
    pts_buf: list[int] = []
    thumbs = np.empty((batch_size, thumb_size, thumb_size), dtype=np.uint8)
    full: list[tuple[int, int, np.ndarray]] = []
    stills: list[tuple[int, int, bool, np.ndarray]] = []
    n_decoded = 0
    last_pts = info.start_pts - default_step
    step_s = float(default_step * tb)

    with open_container(info.fs_path) as container:
        stream = video_stream(container, path)
        stream.thread_type = threads
        if threads != "NONE":
            stream.codec_context.thread_count = decoder_threads()
        clock = for_stream(container, stream, info.frame_rate)
        full_size = still_size = None

        def handle(frame):
            nonlocal n_decoded, last_pts, full_size, still_size
            pts = _frame_pts(frame, last_pts + default_step)
            last_pts = pts
            i = n_decoded
            n_decoded += 1
            if report.first_pts is None:
                report.first_pts = pts
            report.last_pts = pts
            if getattr(frame, "is_corrupt", False):
                report.corrupt_frames.append(float(pts * tb))
            if thumb_sampler.take_pts(pts, tb):
                small = thumb_fmt.reformat(frame, thumb_size, thumb_size, format="gray",
                                           interpolation="AREA", **one_thread)
                plane = np.frombuffer(small.planes[0], np.uint8).reshape(
                    thumb_size, small.planes[0].line_size)[:, :thumb_size]
                thumbs[len(idx_buf)] = rotate(plane, info.rotation)
                idx_buf.append(i)
                pts_buf.append(pts)
            if full_fps and full_sampler.take_pts(pts, tb):
                if full_size is None:
                    full_size = display_dims(info, frame.width, frame.height, full_max_side)
                rgb = full_fmt.reformat(frame, full_size[0], full_size[1], format="rgb24",
                                        interpolation="AREA", **one_thread).to_ndarray()
                full.append((i, pts, rotate(rgb, info.rotation)))
            if still_fps:
                sampled = still_sampler.take_pts(pts, tb)
                if sampled or frame.key_frame:
                    if still_size is None:
                        k = min(1.0, still_side / max(frame.width, frame.height))
                        still_size = (max(2, int(frame.width * k) // 2 * 2),
                                      max(2, int(frame.height * k) // 2 * 2))
                    grey = still_fmt.reformat(frame, still_size[0], still_size[1], format="gray",
                                              interpolation="AREA", **one_thread).to_ndarray()
                    stills.append((i, pts, bool(frame.key_frame),
                                   np.ascontiguousarray(rotate(grey, info.rotation))))

        def flush() -> DecodedBatch:
            b = DecodedBatch(np.array(idx_buf, np.int64), np.array(pts_buf, np.int64),
                             thumbs[:len(idx_buf)].copy(), list(full), list(stills))
            idx_buf.clear(); pts_buf.clear(); full.clear(); stills.clear()
            return b

        packets = container.demux(stream)     # ends with an empty packet that flushes the decoder
        n_packets = 0
        flushing = False
        while True:
            try:
                packet = next(packets)
            except StopIteration:
                break
            except av.error.FFmpegError as e:
                report.stopped_at = float((last_pts + default_step) * tb)
                report.stop_reason = av_reason(e)
                flushing = True
                packet = None
            n_packets += 1
            if n_packets % 64 == 0:
                check_deadline(deadline, path, "decoding")
            if packet is not None and packet.size:
                clock.fix(packet)
            try:
                frames = packet.decode() if packet is not None else stream.codec_context.decode(None)
            except av.error.FFmpegError:
                t = packet.pts if packet is not None and packet.pts is not None else last_pts
                report.bad_packets.append(float(t * tb))
                if n_decoded == 0:
                    report.leading_bad += 1
                frames = []
            for frame in frames:
                handle(frame)
                if len(idx_buf) == batch_size or len(full) >= FULL_PER_BATCH:
                    yield flush()
            if flushing:
                break
        if idx_buf or full or stills:
            yield flush()

    report.n_decoded = n_decoded
    if n_decoded == 0:
        reason = f" ({report.stop_reason})" if report.stop_reason else ""
        raise InputError(path, f"video stream has no decodable frames{reason}")
    report.warnings = damage_warnings(info, report, step_s)


def damage_warnings(info: VideoInfo, r: DecodeReport, step_s: float) -> list[dict]:
    """The recorded warnings for what one decoding pass found."""
    out = []
    if r.stopped_at is not None:
        out.append(warning("unreadable_data", (
            f"the video data cannot be read after {r.stopped_at:.3f} s ({r.stop_reason}); "
            "the part before was analysed"), [[r.stopped_at, max(r.stopped_at, info.end_pts
                                                                    * float(info.time_base))]]))
    if r.leading_bad:
        out.append(warning("leading_frames", (
            f"{r.leading_bad} packet(s) before the first decodable frame (a recording that starts "
            "between keyframes) cannot be decoded"),
            time_ranges(r.bad_packets[:r.leading_bad], step_s)))
    later = r.bad_packets[r.leading_bad:]
    if later:
        out.append(warning("undecodable_packets", (
            f"{len(later)} video packet(s) could not be decoded (damaged data); their frames "
            "are missing from the analysis"), time_ranges(later, step_s)))
    if r.corrupt_frames:
        out.append(warning("corrupt_frames", (
            f"FFmpeg flagged {len(r.corrupt_frames)} decoded frame(s) as corrupt (errors "
            "concealed by the decoder); they were analysed as decoded"),
            time_ranges(r.corrupt_frames, step_s)))
    missing = info.frame_count - r.n_decoded
    if missing > 0 and not later and not r.leading_bad and r.stopped_at is None:
        tb = float(info.time_base)
        if r.first_pts is not None and r.first_pts > info.start_pts:
            out.append(warning("leading_frames", (
                f"{missing} of the {info.frame_count} frames the packets announce were not output "
                "by the decoder; the first decodable frame follows them (a recording that starts "
                "between keyframes)"), [[info.start_pts * tb, r.first_pts * tb]]))
        else:
            out.append(warning("missing_frames", (
                f"{r.n_decoded} of the {info.frame_count} frames the packets announce were decoded")))
    return out


def fetch_frames(info: VideoInfo, refs: Sequence[FrameRef], *, max_side: int | None = None
                 ) -> list[np.ndarray]:
    """Full-size RGB frames (pixel aspect and rotation applied) for the given references, in
    the given order.

    Seeks to the keyframe before each wanted frame and decodes forward to its exact PTS, so
    nothing depends on the container's seek accuracy. In a file whose timestamps were repaired
    (see `clock`) it decodes from the start through the same clock instead, since stored and
    repaired times differ. A frame whose PTS is not found (a reference from another file
    version) raises InputError.
    """
    import av
    from av.video.reformatter import VideoReformatter

    if not refs:
        return []
    order = sorted(range(len(refs)), key=lambda k: refs[k].pts)
    out: list[np.ndarray | None] = [None] * len(refs)
    fmt = VideoReformatter()
    sequential = bool((info.metadata or {}).get("timestamp_repairs"))
    with open_container(info.fs_path) as container:
        stream = video_stream(container, info.path)
        stream.thread_type = "AUTO"
        clock = for_stream(container, stream, info.frame_rate)
        default_step = clock.step

        def frames_from_start():
            last = info.start_pts - default_step
            for packet in container.demux(stream):
                if packet.size:
                    clock.fix(packet)
                try:
                    decoded = packet.decode()
                except av.error.FFmpegError:
                    continue
                for frame in decoded:
                    last = _frame_pts(frame, last + default_step)
                    yield frame, last

        pos = 0
        while pos < len(order):
            want = refs[order[pos]].pts
            if sequential:
                source = frames_from_start()
            else:
                container.seek(want, stream=stream, backward=True, any_frame=False)
                source = ((f, _frame_pts(f, -1)) for f in container.decode(stream))
            found_any = False
            try:
                for frame, pts in source:
                    while pos < len(order) and pts >= refs[order[pos]].pts:
                        if pts == refs[order[pos]].pts:
                            w, h = display_dims(info, frame.width, frame.height, max_side)
                            rgb = fmt.reformat(frame, w, h, format="rgb24", interpolation="AREA").to_ndarray()
                            out[order[pos]] = rotate(rgb, info.rotation)
                        else:
                            raise InputError(info.path, f"frame at pts {refs[order[pos]].pts} not found")
                        pos += 1
                        found_any = True
                    if pos >= len(order):
                        break
                    # a far-away next frame: seek again rather than decode the gap
                    if not sequential and found_any and refs[order[pos]].pts - pts > 10 / stream.time_base:
                        break
            except av.error.FFmpegError as e:
                raise InputError(info.path, f"cannot re-read frame ({av_reason(e)})") from None
            if not found_any:
                raise InputError(info.path, f"frame at pts {want} not found")
    return [o for o in out if o is not None]
