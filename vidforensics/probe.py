"""Probe: identity (SHA-256) and container/stream metadata of one input, read-only.

`probe(path)` streams the file once for SHA-256, then reads the container header and the
video packets' timestamps (no decoding but the first frame, which gives the display
rotation and proves the stream decodes). Anything unreadable raises `InputError` with a
one-line reason.
"""
from __future__ import annotations

import hashlib
import os
import stat
from fractions import Fraction
from typing import Any

import numpy as np

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
    return {tag_text(k): " ".join(tag_text(v).split()) for k, v in sorted(dict(tags).items())}


def _packet_timeline(container, stream) -> tuple[np.ndarray, int]:
    """Sorted PTS of all video packets, and the duration of the last packet."""
    pts, last_dur = [], 0
    for pkt in container.demux(stream):
        if pkt.size == 0:
            continue
        p = pkt.pts if pkt.pts is not None else pkt.dts
        if p is not None:
            pts.append(p)
            last_dur = pkt.duration or last_dur
    arr = np.array(sorted(pts), dtype=np.int64)
    return arr, int(last_dur or 0)


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
    import av
    try:
        for frame in container.decode(stream):
            rot = int(round(getattr(frame, "rotation", 0) or 0)) % 360
            return rot
    except av.error.FFmpegError as e:
        raise InputError(path, f"video stream does not decode ({av_reason(e)})") from None
    raise InputError(path, "video stream has no decodable frames")


def probe(path: str, *, sha256: str | None = None) -> VideoInfo:
    """Read identity and metadata of `path` (kept exactly as given). Raises InputError."""
    import av
    size = check_readable(path)
    digest = sha256 or sha256_file(path)
    with open_container(path) as container:
        stream = video_stream(container, path)
        cc = stream.codec_context
        tb = stream.time_base or Fraction(1, 90000)
        try:
            pts, last_dur = _packet_timeline(container, stream)
        except av.error.FFmpegError as e:
            raise InputError(path, f"cannot read video packets ({av_reason(e)})") from None
        if len(pts) == 0:
            raise InputError(path, "video stream has no frames")
        container.seek(0, any_frame=False, backward=True)
        rotation = first_frame_rotation(container, stream, path)

        rate = stream.average_rate or stream.guessed_rate or stream.base_rate
        rate = Fraction(rate) if rate else None
        if not last_dur and rate:
            last_dur = int(round(1 / (rate * tb)))
        duration = float((int(pts[-1]) - int(pts[0]) + last_dur) * tb)
        if container.duration and duration <= 0:
            duration = container.duration / 1_000_000
        header_s = container.duration / 1_000_000 if container.duration else None
        if header_s and duration < 0.9 * header_s - 1.0:
            raise InputError(path, f"truncated: video data ends at {duration:.2f} s but the container "
                                   f"header declares {header_s:.2f} s")
        if stream.frames and len(pts) < 0.98 * stream.frames - 2:
            raise InputError(path, f"truncated: {len(pts)} video packets but the header declares "
                                   f"{stream.frames} frames")
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
        }
        for key in ("creation_time", "encoder", "handler_name", "major_brand", "com.apple.quicktime.make",
                    "com.apple.quicktime.model", "location", "com.apple.quicktime.location.ISO6709"):
            val = container.metadata.get(key) or stream.metadata.get(key)
            if val:
                meta.setdefault("notable_tags", {})[key] = tag_text(val)
        return VideoInfo(
            path=path, sha256=digest, size_bytes=size,
            container=container.format.name, video_codec=cc.name,
            width=int(cc.width), height=int(cc.height), rotation=rotation,
            time_base=Fraction(tb), frame_rate=rate, duration_s=round(duration, 6),
            frame_count=int(len(pts)), variable_frame_rate=_is_vfr(pts),
            has_audio=bool(container.streams.audio), start_pts=int(pts[0]),
            end_pts=int(pts[-1]) + last_dur, metadata=meta,
        )
