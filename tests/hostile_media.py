"""Generated hostile inputs (PyAV only, no ffmpeg CLI): each function writes one file and returns it.

The picture is a moving pattern that changes scene every `scene_every` frames, so shots and
repeats have something to find. Every generator is deterministic.
"""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np


def pattern(i: int, w: int = 160, h: int = 96, seed: int = 0, scene_every: int = 25) -> np.ndarray:
    scene = i // scene_every
    rng = np.random.default_rng(seed * 1000 + scene)
    img = np.empty((h, w, 3), np.uint8)
    img[:] = rng.integers(20, 236, 3, dtype=np.uint8)              # the scene's own colour
    for _ in range(6):                                              # and its own shapes
        x, y = int(rng.integers(0, w - 24)), int(rng.integers(0, h - 24))
        img[y:y + int(rng.integers(12, 40)), x:x + int(rng.integers(12, 60))] = \
            rng.integers(0, 256, 3, dtype=np.uint8)
    yy, xx = np.mgrid[0:h, 0:w]
    img = (img.astype(np.int16) + ((xx + yy * 2) % 48 - 24)[..., None]).clip(0, 255).astype(np.uint8)
    return np.ascontiguousarray(np.roll(img, 2 * (i % scene_every), axis=1))


def _video_stream(c, codec: str, w: int, h: int, fps: int, gop: int, **kw):
    s = c.add_stream(codec, rate=fps)
    s.width, s.height, s.pix_fmt = w, h, "yuv420p"
    opts = {"g": str(gop), "bf": "0"} if codec == "libx264" else {"g": str(gop)}
    if codec == "libx264":
        opts.update({"preset": "ultrafast", "tune": "zerolatency"} if kw.get("fast", True) else {})
    s.options = opts
    if "sar" in kw:
        s.codec_context.sample_aspect_ratio = kw["sar"]
    return s


def write_video(path: Path, n: int = 75, *, fmt: str | None = None, codec: str = "libx264",
                w: int = 160, h: int = 96, fps: int = 25, gop: int = 25, seed: int = 0,
                pts_of=None, audio_s: float | None = None, audio_start_s: float = 0.0,
                sar: Fraction | None = None, extra_video: bool = False, start: int = 0,
                tags: dict[str, str] | None = None) -> Path:
    """Encode `n` frames; `pts_of(i)` overrides the frame timestamps (in 1/fps units)."""
    import av
    kw = {"sar": sar} if sar else {}
    with av.open(str(path), "w", format=fmt) as c:
        for k, v in (tags or {}).items():
            c.metadata[k] = v
        s = _video_stream(c, codec, w, h, fps, gop, **kw)
        s2 = _video_stream(c, codec, w // 2, h // 2, fps, gop) if extra_video else None
        a = None
        if audio_s:
            a = c.add_stream("aac", rate=48000)
            a.layout = "mono"
        for i in range(n):
            frame = av.VideoFrame.from_ndarray(pattern(start + i, w, h, seed), format="rgb24")
            frame.pts = pts_of(i) if pts_of else i
            frame.time_base = Fraction(1, fps)
            for p in s.encode(frame):
                c.mux(p)
            if s2 is not None:
                f2 = av.VideoFrame.from_ndarray(pattern(i, w // 2, h // 2, seed + 7), format="rgb24")
                f2.pts, f2.time_base = i, Fraction(1, fps)
                for p in s2.encode(f2):
                    c.mux(p)
        for p in s.encode(None):
            c.mux(p)
        if s2 is not None:
            for p in s2.encode(None):
                c.mux(p)
        if a is not None:
            total = int(audio_s * 48000)
            t = np.arange(total) / 48000
            x = (0.1 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)[None, :]
            first = int(audio_start_s * 48000)
            for k in range(0, total, 1024):
                fr = av.AudioFrame.from_ndarray(np.ascontiguousarray(x[:, k:k + 1024]), format="fltp",
                                                layout="mono")
                fr.sample_rate, fr.pts, fr.time_base = 48000, first + k, Fraction(1, 48000)
                for p in a.encode(fr):
                    c.mux(p)
            for p in a.encode(None):
                c.mux(p)
    return path


def joined_ts(path: Path, n_each: int = 75) -> Path:
    """Two MPEG-TS captures joined byte for byte: timestamps restart at the join."""
    a = write_video(path.with_suffix(".a.ts"), n_each, fmt="mpegts", seed=1)
    b = write_video(path.with_suffix(".b.ts"), n_each, fmt="mpegts", seed=2)
    path.write_bytes(a.read_bytes() + b.read_bytes())
    a.unlink(); b.unlink()
    return path


def mid_gop_ts(path: Path, n: int = 100) -> Path:
    """An MPEG-TS capture that starts in the middle of a GOP (bytes cut at a TS packet)."""
    full = write_video(path.with_suffix(".full.ts"), n, fmt="mpegts", gop=50)
    data = full.read_bytes()
    full.unlink()
    cut = (len(data) // 5) // 188 * 188
    path.write_bytes(data[cut:])
    return path


def trimmed_with_edit_list(path: Path, src: Path, start_s: float = 1.3) -> Path:
    """What `ffmpeg -ss START -c copy` writes: packets from the keyframe before START, with an
    edit list so that playback starts at START."""
    import av
    with av.open(str(src)) as i, av.open(str(path), "w", format="mp4") as o:
        vs = i.streams.video[0]
        os_ = o.add_stream_from_template(vs) if hasattr(o, "add_stream_from_template") else \
            o.add_stream(template=vs)
        tb = vs.time_base
        shift = int(start_s / tb)
        pkts = [p for p in i.demux(vs) if p.size]
        key = max(k for k, p in enumerate(pkts) if p.is_keyframe and p.pts <= shift)
        for p in pkts[key:]:
            p.pts -= shift
            p.dts -= shift
            p.stream = os_
            o.mux(p)
    return path


def fail_writing(monkeypatch, name: str = "report.pdf"):
    """Make the case folder's staged write of `name` fail as a full disk does; returns the real
    writer (to put back with `monkeypatch.setattr(case, "_staged", real)`)."""
    from vidforensics import case
    real = case._staged

    def disk_full(final, data):
        if final.name == name:
            raise OSError(28, "No space left on device")
        return real(final, data)
    monkeypatch.setattr(case, "_staged", disk_full)
    return real
