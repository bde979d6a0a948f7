"""Probe: identity (SHA-256) and container/stream metadata of one input, read-only.

`probe(path)` streams the file once for SHA-256, then reads the container header and the
packets' timestamps (made monotonic by `clock.PacketClock`; no decoding but the first
frame, which gives the display rotation). Damage it finds becomes a warning; only a file
with no readable video raises `InputError` with a one-line reason.
"""
from __future__ import annotations

import hashlib
import os
import stat
import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from .clock import SILENT_GAP_S, PacketClock, for_stream, silent_gaps
from .types import InputError, VideoInfo

_CHUNK = 1 << 20


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def check_readable(path: str) -> int:
    """Return the size in bytes, or raise InputError for missing/dir/empty/unreadable paths."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as e:
        raise InputError(path, f"cannot read file ({e.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(path, "is a directory, not a video file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(path, "is not a regular file")
    if st.st_size == 0:
        raise InputError(path, "empty file (0 bytes)")
    if not os.access(path, os.R_OK):
        raise InputError(path, "permission denied")
    return st.st_size


def av_reason(exc: BaseException) -> str:
    """A short, one-line reason from a PyAV/FFmpeg exception."""
    msg = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return " ".join(str(msg).split()).rstrip(".")


# PyAV up to 18 takes `metadata_errors` (we ask for "replace" so a tag that is not UTF-8 does
# not stop the read); PyAV 19 dropped the argument and decodes tags leniently itself.
_OPEN_KWARGS: dict[str, Any] = {"metadata_errors": "replace"}


def _av_open(path: str):
    import av
    global _OPEN_KWARGS
    try:
        return av.open(path, mode="r", **_OPEN_KWARGS)
    except TypeError as e:
        if not _OPEN_KWARGS or "metadata_errors" not in str(e):
            raise
        _OPEN_KWARGS = {}
        return av.open(path, mode="r")


def open_container(path: str):
    import av
    try:
        return _av_open(path)
    except av.error.InvalidDataError:
        raise InputError(path, "not a readable video file (unrecognised or corrupted container)") from None
    except (av.error.FFmpegError, OSError, UnicodeDecodeError) as e:
        raise InputError(path, f"cannot open as video ({av_reason(e)})") from None


def _attached_picture(stream) -> bool:
    """Cover art stored as a one-frame "video" stream (AV_DISPOSITION_ATTACHED_PIC). PyAV
    14.1 gives `disposition` as an enum.Flag, later versions as an IntFlag."""
    from av.stream import Disposition
    return bool(stream.disposition & Disposition.attached_pic)


def video_stream(container, path: str):
    streams = list(container.streams.video)
    # attached pictures (cover art) are not video
    streams = [s for s in streams if not _attached_picture(s)]
    if not streams:
        kinds = sorted({s.type for s in container.streams})
        what = f"only {', '.join(kinds)} stream(s)" if kinds else "no streams"
        raise InputError(path, f"no video stream ({what})")
    return streams[0]


def tag_text(value: Any) -> str:
    """A tag as text. PyAV 19 decodes bytes that are not UTF-8 with `surrogateescape` (lone
    surrogates, which no UTF-8 file can hold); they become U+FFFD, as PyAV up to 18 gave."""
    text = str(value)
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:                     # a surrogate no byte was escaped into
        return text.encode("utf-8", "replace").decode("utf-8")


def _clean_tags(tags: dict[str, Any]) -> dict[str, str]:
    """Tags exactly as stored (newlines, tabs, any length); bytes that are not UTF-8 read as
    U+FFFD (`tag_text`), so findings.json can always be written."""
    return {tag_text(k): tag_text(v) for k, v in sorted(dict(tags).items())}


def _stream_entry(s) -> dict[str, Any]:
    cc = s.codec_context
    d: dict[str, Any] = {"index": s.index, "type": s.type, "codec": getattr(cc, "name", None)}
    if s.type == "video":
        d.update(width=cc.width, height=cc.height, attached_picture=_attached_picture(s),
                 sample_aspect_ratio=str(s.sample_aspect_ratio) if s.sample_aspect_ratio else None)
    elif s.type == "audio":
        d.update(sample_rate=cc.sample_rate, channels=getattr(cc, "channels", None))
    if s.duration and s.time_base:
        d["duration_s"] = round(float(s.duration * s.time_base), 6)
    if s.frames:
        d["header_frames"] = int(s.frames)
    d["tags"] = _clean_tags(s.metadata)
    return d


def check_deadline(deadline: float | None, path: str, what: str) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise InputError(path, f"stopped: the per-input time limit was reached while {what} "
                               f"(decode.time_limit_s)")


@dataclass
class _Timeline:
    pts: list[int]                 # repaired PTS of every video packet that is presented
    last_dur: int
    untimed: int                   # packets that carried no timestamp (times synthesised)
    data_end_s: float | None       # where the data of any stream ends (seconds)
    unreadable_at: float | None    # demuxing stopped early here (damaged container)
    unreadable_reason: str = ""


def _packet_timeline(container, stream, clock: PacketClock, path: str, deadline: float | None
                     ) -> _Timeline:
    """Demux every stream once: the video packets' times (through `clock`) and the end of data."""
    import av
    pts: list[int] = []
    last_dur = untimed = 0
    data_end: float | None = None
    unreadable_at, why = None, ""
    packets = container.demux()
    n = top = 0
    while True:
        try:
            pkt = next(packets)
        except StopIteration:
            break
        except av.error.FFmpegError as e:
            unreadable_at = float(pts[-1] * clock.time_base) if pts else 0.0
            why = av_reason(e)
            break
        n += 1
        if n % 2048 == 0:
            check_deadline(deadline, path, "reading packets")
        if pkt.size == 0:
            continue
        s = pkt.stream
        if pkt.pts is not None and s.time_base and not pkt.is_discard:
            end = float((pkt.pts + (pkt.duration or 0)) * s.time_base)
            data_end = end if data_end is None else max(data_end, end)
        if s.index != stream.index:
            continue
        clock.fix(pkt)
        if pkt.is_discard:         # before an edit list's start: decoded for reference, not shown
            continue
        p = pkt.pts if pkt.pts is not None else pkt.dts
        if p is None:
            untimed += 1
            p = top + clock.step if pts else 0
        pts.append(int(p))
        top = max(top, int(p))
        last_dur = pkt.duration or last_dur
    return _Timeline(sorted(pts), int(last_dur or 0), untimed, data_end, unreadable_at, why)


def _is_vfr(pts: np.ndarray) -> bool:
    if len(pts) < 3:
        return False
    d = np.diff(pts)
    d = d[d > 0]
    if len(d) < 2:
        return False
    med = float(np.median(d))
    # constant-rate streams jitter by at most a tick or two of the time base (rounding)
    return bool(np.any(np.abs(d - med) > max(2.0, 0.02 * med)))


def first_frame_rotation(container, stream, path: str) -> int:
    """The display rotation of the first frame that decodes (0 when none decodes: decode then
    records the damage)."""
    import av
    try:
        for frame in container.decode(stream):
            return int(round(getattr(frame, "rotation", 0) or 0)) % 360
    except av.error.FFmpegError:
        pass
    return 0


def warning(kind: str, message: str, ranges: list[list[float]] | None = None) -> dict[str, Any]:
    """One recorded warning about an input: what was found and, when known, where (seconds)."""
    w: dict[str, Any] = {"kind": kind, "message": " ".join(message.split())}
    if ranges:
        w["ranges_s"] = [[round(a, 3), round(b, 3)] for a, b in ranges]
    return w


def probe(path: str, *, sha256: str | None = None, deadline: float | None = None,
          open_path: str | None = None) -> VideoInfo:
    """Read identity and metadata of `path` (kept exactly as given). Raises InputError.

    `open_path` is the file to read when `path` is only a label for it (a name that is not
    valid UTF-8 is recorded escaped). Damage found on the way (truncation, unreadable data,
    repaired timestamps, further video streams) is recorded in `warnings`, not refused.
    """
    fs_path = open_path or path
    size = check_readable(fs_path)
    digest = sha256 or sha256_file(fs_path)
    warnings: list[dict[str, Any]] = []
    with open_container(fs_path) as container:
        stream = video_stream(container, path)
        cc = stream.codec_context
        tb = Fraction(stream.time_base or Fraction(1, 90000))
        rate = stream.average_rate or stream.guessed_rate or stream.base_rate
        rate = Fraction(rate) if rate else None
        clock = for_stream(container, stream, rate)
        tl = _packet_timeline(container, stream, clock, path, deadline)
        if not tl.pts:
            if tl.unreadable_at is not None:
                raise InputError(path, f"cannot read video packets ({tl.unreadable_reason})")
            raise InputError(path, "video stream has no frames")
        pts = np.array(tl.pts, dtype=np.int64)
        try:
            container.seek(0, any_frame=False, backward=True)
            rotation = first_frame_rotation(container, stream, path)
        except Exception:  # noqa: BLE001 - an unseekable stream still has its packets
            rotation = 0
        last_dur = tl.last_dur or clock.step
        duration = float((int(pts[-1]) - int(pts[0]) + last_dur) * tb)
        header_s = container.duration / 1_000_000 if container.duration else None
        start_s = container.start_time / 1_000_000 if container.start_time else 0.0
        repairs = clock.record()
        if repairs:
            warnings.append(warning("timestamps_repaired", (
                f"{repairs['count']} timestamp discontinuity(ies) (backward jumps, repeats or "
                f"gaps over {repairs['max_gap_s']:g} s) were made continuous: later frames were "
                "shifted to follow the previous frame; see metadata.timestamp_repairs"),
                [[r["at_s"], r["at_s"]] for r in repairs["listed"]]))
        if tl.untimed:
            warnings.append(warning("timestamps_missing", (
                f"{tl.untimed} video packet(s) carry no timestamp; their times were derived "
                f"from the frame rate ({float(1 / (clock.step * tb)):g} fps)")))
        if tl.unreadable_at is not None:
            end = start_s + header_s if header_s else tl.unreadable_at
            warnings.append(warning("unreadable_data", (
                f"the container cannot be read after {tl.unreadable_at:.3f} s "
                f"({tl.unreadable_reason}); only the part before was analysed"),
                [[tl.unreadable_at, max(end, tl.unreadable_at)]]))
        elif header_s and tl.data_end_s is not None and not repairs:
            data_s = tl.data_end_s - start_s
            tolerance = max(0.5, 2 * float(last_dur * tb))
            if data_s < header_s - tolerance:
                warnings.append(warning("truncated", (
                    f"the data of every stream ends at {tl.data_end_s:.3f} s but the container "
                    f"header declares {start_s + header_s:.3f} s: the file appears truncated or damaged"),
                    [[tl.data_end_s, start_s + header_s]]))
        n_gaps, gaps = silent_gaps(pts, tb)
        if n_gaps:
            longest = max(b - a for a, b in gaps)
            warnings.append(warning("timestamp_gaps", (
                f"{n_gaps} gap(s) of more than {SILENT_GAP_S:g} s and 10 frame steps with no video "
                f"frame (longest "
                f"{longest:.3f} s): frames may be missing (damaged or cut data) or the recording "
                "paused"), gaps))
        if stream.frames and len(pts) < stream.frames - 2:
            warnings.append(warning("missing_packets", (
                f"{len(pts)} video packets were read but the header declares {stream.frames}")))
        videos = [s for s in container.streams.video if not _attached_picture(s)]
        if len(videos) > 1:
            others = ", ".join(f"#{s.index} ({s.codec_context.name} {s.codec_context.width}x"
                               f"{s.codec_context.height})" for s in videos if s.index != stream.index)
            warnings.append(warning("further_video_streams", (
                f"{len(videos)} video streams: stream #{stream.index} was analysed; not analysed: "
                f"{others} (listed in metadata.streams)")))
        meta: dict[str, Any] = {
            "format_long_name": container.format.long_name,
            "container_tags": _clean_tags(container.metadata),
            "video_stream_tags": _clean_tags(stream.metadata),
            "video_stream_index": stream.index,
            "codec_long_name": cc.codec.long_name,
            "profile": getattr(cc, "profile", None),
            "pixel_format": cc.pix_fmt,
            "bit_rate": cc.bit_rate or container.bit_rate,
            "sample_aspect_ratio": str(stream.sample_aspect_ratio) if stream.sample_aspect_ratio else None,
            "header_frame_count": stream.frames or None,
            "container_duration_s": header_s,
            "start_time_s": float(int(pts[0]) * tb),
            "audio_streams": [
                {"index": a.index, "codec": a.codec_context.name,
                 "sample_rate": a.codec_context.sample_rate,
                 "channels": getattr(a.codec_context, "channels", None),
                 "tags": _clean_tags(a.metadata)}
                for a in container.streams.audio],
            "other_streams": [{"index": s.index, "type": s.type} for s in container.streams
                              if s.type not in ("video", "audio")],
            "streams": [_stream_entry(s) for s in container.streams],
        }
        if repairs:
            meta["timestamp_repairs"] = repairs
        for key in ("creation_time", "encoder", "handler_name", "major_brand", "com.apple.quicktime.make",
                    "com.apple.quicktime.model", "location", "com.apple.quicktime.location.ISO6709"):
            val = container.metadata.get(key) or stream.metadata.get(key)
            if val:
                meta.setdefault("notable_tags", {})[key] = tag_text(val)
        return VideoInfo(
            path=path, sha256=digest, size_bytes=size,
            container=container.format.name, video_codec=cc.name,
            width=int(cc.width), height=int(cc.height), rotation=rotation,
            time_base=tb, frame_rate=rate, duration_s=round(duration, 6),
            frame_count=int(len(pts)), variable_frame_rate=_is_vfr(pts),
            has_audio=bool(container.streams.audio), start_pts=int(pts[0]),
            end_pts=int(pts[-1]) + last_dur, metadata=meta, warnings=tuple(warnings),
            open_path=open_path,
        )
