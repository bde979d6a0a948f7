"""Short WebM (VP8) excerpts of the group members, for browsers that cannot play an original
(HEVC, some AVI codecs). Written only on request (`vidforensics view --excerpts`) into
`<case>/excerpts/`; re-encoded at most 480 pixels wide, for viewing only. Each frame keeps
its original presentation time minus the excerpt's start (millisecond time base), so the
viewer maps times back exactly to the millisecond. The originals are only read.
"""
from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..store import atomic_path, write_text_atomic
from . import locate

EXCERPT_DIR = "excerpts"
INDEX_NAME = "index.json"
MARGIN_S = 0.5
MAX_W = 480


def _ranges(result) -> dict[str, list[tuple[float, float]]]:
    spans: dict[str, list[tuple[float, float]]] = {}
    for g in result.repeated_segments:
        for m in g.members:
            spans.setdefault(m.video, []).append((max(0.0, m.start_s - MARGIN_S), m.end_s + MARGIN_S))
    merged: dict[str, list[tuple[float, float]]] = {}
    for video, rs in spans.items():
        out: list[list[float]] = []
        for a, b in sorted(rs):
            if out and a <= out[-1][1]:
                out[-1][1] = max(out[-1][1], b)
            else:
                out.append([a, b])
        merged[video] = [(a, b) for a, b in out]
    return merged


def _encode(src: Path, dst: Path, start: float, end: float) -> tuple[float, float] | None:
    import av
    first = last = None
    with av.open(str(src)) as inp, atomic_path(dst, suffix=".webm") as tmp:
        vs = inp.streams.video[0]
        vs.thread_type = "AUTO"
        inp.seek(int(max(0.0, start - 2.0) / vs.time_base), stream=vs, backward=True, any_frame=False)
        with av.open(tmp, "w", format="webm") as out:
            os_ = None
            for frame in inp.decode(vs):
                if frame.pts is None:
                    continue
                t = float(frame.pts * vs.time_base)
                if t < start - 1e-6:
                    continue
                if t > end:
                    break
                if os_ is None:
                    w, h = frame.width, frame.height
                    if w > MAX_W:
                        w, h = MAX_W, int(round(h * MAX_W / w / 2)) * 2
                    os_ = out.add_stream("libvpx", rate=30)
                    os_.width, os_.height, os_.pix_fmt = w, h, "yuv420p"
                    os_.codec_context.time_base = Fraction(1, 1000)
                    os_.options = {"deadline": "realtime", "cpu-used": "16", "b": "1500k", "lag-in-frames": "0"}
                    first = t
                img = frame.reformat(width=os_.width, height=os_.height, format="yuv420p")
                img.pts = int(round((t - first) * 1000))
                img.time_base = Fraction(1, 1000)
                for pkt in os_.encode(img):
                    out.mux(pkt)
                last = t
            if os_ is not None:
                for pkt in os_.encode(None):
                    out.mux(pkt)
        if first is None:
            raise ValueError("no frames in range")
    return first, last


def write_excerpts(result, case_dir: str | Path) -> dict[str, list[dict[str, Any]]]:
    """Encode the excerpts (inputs that are missing are skipped) and index them."""
    case = Path(case_dir)
    labels = {info.path: f"V{k + 1}" for k, info in enumerate(result.inputs)}
    index: dict[str, list[dict[str, Any]]] = {}
    for video, ranges in _ranges(result).items():
        src = locate(result, case, video)
        if src is None:
            continue
        for a, b in ranges:
            name = f"{labels.get(video, 'V')}-{int(a * 1000):08d}-{int(b * 1000):08d}.webm"
            try:
                got = _encode(src, case / EXCERPT_DIR / name, a, b)
            except Exception:        # an excerpt is a convenience: never stop the viewer for it
                continue
            if got:
                index.setdefault(video, []).append({"src": f"{EXCERPT_DIR}/{name}", "start_s": got[0],
                                                    "end_s": got[1], "codec": "vp8"})
    write_text_atomic(case / EXCERPT_DIR / INDEX_NAME, json.dumps(index, indent=1, sort_keys=True))
    return index


def existing_excerpts(result, case_dir: str | Path) -> dict[str, list[dict[str, Any]]] | None:
    try:
        data = json.loads((Path(case_dir) / EXCERPT_DIR / INDEX_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    paths = {i.path for i in result.inputs}
    return {k: v for k, v in data.items() if k in paths and isinstance(v, list)} if isinstance(data, dict) else None
