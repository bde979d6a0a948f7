"""The case viewer: one self-contained, offline HTML page (`viewer.html` in the case folder).

    viewer_html(result, case_dir)        # the page as text (written by write_case)
    check_inputs(result, case_dir)       # presence and SHA-256 of the inputs, now

The page lists the observations; for a repeated-segment group it plays two members side
by side in step (aligned through the group's recorded frame pairs and speed), steps frame by
frame, shares one scrubber, shows the difference of the current frame pair and both times
exactly; for a recurring individual it shows face crops and jumps to each appearance.

It reads the original videos by their path relative to the case folder (or excerpts the
case stores, see `excerpts`). No server, no network, no external script or font. A page
cannot compute a SHA-256 of a local file, so it states what the case recorded and reports
files it cannot load; `vidforensics view` checks the files and hands its result to the page
in the URL fragment (`#check=...`), saying when the check was made.
"""
from __future__ import annotations

import base64
import html
import json
import os
import urllib.parse
from importlib import resources
from pathlib import Path
from typing import Any

from ..probe import sha256_file

VIEWER_NAME = "viewer.html"

_MIME = {"mov,mp4,m4a,3gp,3g2,mj2": "video/mp4", "matroska,webm": "video/webm", "avi": "video/x-msvideo"}
_CODECS = {"h264": 'video/mp4; codecs="avc1.42E01E"', "vp9": 'video/webm; codecs="vp9"',
           "vp8": 'video/webm; codecs="vp8"', "av1": 'video/mp4; codecs="av01.0.05M.08"',
           "hevc": 'video/mp4; codecs="hvc1.1.6.L93.B0"'}


def _asset(name: str) -> str:
    return resources.files("vidforensics.viewer").joinpath(name).read_text(encoding="utf-8")


def locate(result, case_dir: str | os.PathLike, video: str) -> Path | None:
    """Where an input is now: as recorded (relative to the current directory), then
    relative to the case folder's parent; the first existing file, else None."""
    p = Path(video)
    cands = [p] if p.is_absolute() else [Path.cwd() / p, Path(case_dir).resolve().parent / p]
    for c in cands:
        if c.is_file():
            return c.resolve()
    return None


def _relative_url(target: Path | None, case_dir: str | os.PathLike, recorded: str) -> str:
    if target is None:             # not found: where a case moved with its media would have it
        target = (Path(case_dir).resolve().parent / recorded) if not Path(recorded).is_absolute() \
            else Path(recorded)
    try:
        rel = os.path.relpath(os.path.abspath(target), os.path.abspath(case_dir))
    except ValueError:                  # another drive (Windows): an absolute file URL
        return Path(os.path.abspath(target)).as_uri()
    return urllib.parse.quote(rel.replace(os.sep, "/"))


def _box_of(t: dict[str, Any], key: str) -> list[float]:
    box = t.get(key)
    if isinstance(box, list) and len(box) == 4:
        return [float(v) for v in box]
    return [0.0, 0.0, 1.0, 1.0]


def _b_view_box(t: dict[str, Any]) -> list[float]:
    """Region of member b that corresponds to member a's picture: its content box, then the
    recorded crop variant inside it (centreNN, tlNN, trNN, blNN, brNN)."""
    x0, y0, x1, y1 = _box_of(t, "b_content_box")
    name = str(t.get("crop") or "")
    digits = "".join(c for c in name if c.isdigit())
    f = int(digits) / 100.0 if digits else 1.0
    if not 0.3 <= f <= 1.0:
        return [x0, y0, x1, y1]
    corners = {"tl": (0, 0), "tr": (1, 0), "bl": (0, 1), "br": (1, 1)}
    if name.startswith(("centre", "center")):
        ax = ay = 0.5
    elif name[:2] in corners:
        ax, ay = corners[name[:2]]
    else:
        return [x0, y0, x1, y1]
    w, h = (x1 - x0), (y1 - y0)
    cx, cy = x0 + (w - w * f) * ax, y0 + (h - h * f) * ay
    return [round(cx, 4), round(cy, 4), round(cx + w * f, 4), round(cy + h * f, 4)]


def _pair(p: dict[str, Any]) -> dict[str, Any]:
    t = p.get("transform") if isinstance(p.get("transform"), dict) else {}
    samples = [[float(s["a_time_s"]), float(s["b_time_s"])] for s in p.get("samples") or []
               if isinstance(s, dict) and "a_time_s" in s and "b_time_s" in s]
    return {"a": int(p.get("a", 0)), "b": int(p.get("b", 1)), "samples": samples,
            "speed": float(t["speed_ratio"]) if t.get("speed_ratio") is not None else None,
            "mirrored": bool(t.get("mirrored")), "crop": t.get("crop"),
            "a_box": _box_of(t, "a_content_box"), "b_box": _b_view_box(t),
            "single_offset": p.get("lock_ratio") is not None,
            "median_distance": p.get("median_distance"), "aligned_frames": p.get("aligned_frames")}


def page_data(result, case_dir: str | os.PathLike, excerpts: dict[str, list[dict]] | None = None
              ) -> dict[str, Any]:
    """Everything the page needs, from the findings (deterministic for the same case)."""
    index = {info.path: k for k, info in enumerate(result.inputs)}
    inputs = []
    for k, info in enumerate(result.inputs):
        mime = _MIME.get(info.container, "video/mp4")
        inputs.append({
            "label": f"V{k + 1}", "path": info.path, "name": Path(info.path).name,
            "src": _relative_url(locate(result, case_dir, info.path), case_dir, info.path),
            "sha256": info.sha256, "size_bytes": info.size_bytes, "codec": info.video_codec,
            "container": info.container, "mime": mime,
            "codec_type": _CODECS.get(info.video_codec, mime),
            "fps": float(info.frame_rate) if info.frame_rate else 25.0,
            "frame_rate": f"{info.frame_rate.numerator}/{info.frame_rate.denominator}" if info.frame_rate else None,
            "vfr": info.variable_frame_rate, "start_s": float(info.start_pts * info.time_base),
            "duration_s": info.duration_s, "frames": info.frame_count,
            "width": info.display_size[0], "height": info.display_size[1],
            "excerpts": (excerpts or {}).get(info.path, []),
        })
    groups = []
    for g in result.repeated_segments:
        pairs = g.evidence.get("pairs") if isinstance(g.evidence, dict) else None
        groups.append({
            "id": g.id, "kind": g.kind,
            "threshold": g.evidence.get("threshold") if isinstance(g.evidence, dict) else None,
            "members": [{"input": index.get(m.video, -1), "start_s": m.start_s, "end_s": m.end_s,
                         "start_frame": m.start_frame, "end_frame": m.end_frame, "shot": m.shot}
                        for m in g.members],
            "pairs": [_pair(p) for p in pairs or [] if isinstance(p, dict)]})
    people = [{"id": ind.id,
               "appearances": [{"input": index.get(a.video, -1), "start_s": a.start_s, "end_s": a.end_s,
                                "time_s": a.time_s, "bbox": [int(v) for v in a.bbox], "cue": a.cue,
                                "shot": a.shot} for a in ind.appearances]}
              for ind in result.recurring_individuals]
    return {"created_utc": result.created_utc, "tool": f"vidforensics {result.tool.get('version', '')}",
            "inputs": inputs, "groups": groups, "individuals": people,
            "errors": [dict(e) for e in result.errors],
            "blur_faces": bool((result.parameters.get("report") or {}).get("blur_faces", False)),
            "keep_clear": list((result.parameters.get("report") or {}).get("keep_individuals") or []),
            "people_examined": bool((result.parameters.get("people") or {}).get("enabled", False))}


def viewer_html(result, case_dir: str | os.PathLike, excerpts: dict[str, list[dict]] | None = None) -> str:
    """The self-contained page (inline CSS, script and data; nothing fetched but the videos)."""
    data = json.dumps(page_data(result, case_dir, excerpts), ensure_ascii=False, sort_keys=True)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    title = html.escape("vidforensics case viewer" + (f" · {result.created_utc}" if result.created_utc else ""))
    return (_asset("viewer.html").replace("{{TITLE}}", title)
            .replace("/*{{CSS}}*/", _asset("viewer.css"))
            .replace("{{DATA}}", data)
            .replace("/*{{JS}}*/", _asset("viewer.js")))


def check_inputs(result, case_dir: str | os.PathLike) -> dict[str, Any]:
    """Each input now: "matches", "differs" (SHA-256 changed) or "missing"; with the time."""
    import datetime as _dt
    status = []
    for info in result.inputs:
        found = locate(result, case_dir, info.path)
        if found is None:
            status.append("missing")
        else:
            try:
                status.append("matches" if sha256_file(found) == info.sha256 else "differs")
            except OSError:
                status.append("missing")
    return {"at": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "status": status}


def fragment(check: dict[str, Any]) -> str:
    """The URL fragment that hands a `check_inputs` result to the page."""
    raw = json.dumps(check, separators=(",", ":")).encode()
    return "#check=" + base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")
