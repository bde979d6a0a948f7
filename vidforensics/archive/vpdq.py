"""vPDQ export: per-video feature files in the format of Meta's reference vPDQ.

One line per hashed frame, as `vpdq/cpp/vpdq/cpp/io/vpdqio.cpp` writes and reads them:

    <frame number>,<quality 0-100>,<64 hex digits of the PDQ hash>,<timestamp s, 3 decimals>

Frame numbers count decoded frames from 0 (presentation order); the hashes are true PDQ
(`vidforensics.pdq`, bit-exact with the reference on the same pixels) of full-size colour
frames sampled at `IndexConfig.vpdq_fps` (the reference hasher's default is one per second).
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterable

import numpy as np

from ..store import write_text_atomic
from .index import VPDQ_DTYPE

_LINE = re.compile(r"^(\d+),(\d+),([0-9a-f]{64}),(\d+(?:\.\d+)?)$")


def format_features(features: np.ndarray) -> str:
    """VPDQ_DTYPE rows -> the reference's text lines."""
    return "".join(f"{int(f['frame'])},{int(f['quality'])},{bytes(f['pdq']).hex()},{float(f['time_s']):.3f}\n"
                   for f in features)


def parse_features(text: str) -> np.ndarray:
    """The reference's text lines -> VPDQ_DTYPE rows (ValueError on a malformed line)."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    out = np.zeros(len(lines), VPDQ_DTYPE)
    for k, ln in enumerate(lines):
        m = _LINE.match(ln.strip())
        if not m:
            raise ValueError(f"line {k + 1}: not a vPDQ feature line: {ln[:80]!r}")
        out[k] = (int(m[1]), int(m[2]), np.frombuffer(bytes.fromhex(m[3]), np.uint8), float(m[4]))
    return out


def file_name(path: str, sha256: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(path).stem)[:80] or "video"
    return f"{stem}-{sha256[:12]}.txt"


def write_files(out_dir: str | Path, items: Iterable[tuple[str, str, np.ndarray]]) -> list[Path]:
    """Write one .txt per (path, sha256, features) and a manifest.json naming the sources."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ValueError(f"{out}: exists and is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    written, manifest = [], []
    for path, sha, feats in items:
        name = file_name(path, sha)
        write_text_atomic(out / name, format_features(feats))
        written.append(out / name)
        manifest.append({"file": name, "video": path, "sha256": sha, "frames": int(len(feats))})
    write_text_atomic(out / "manifest.json", json.dumps(
        {"format": "vpdq (ThreatExchange reference text format)", "hash": "PDQ",
         "videos": manifest}, indent=2) + "\n")
    return written


def from_index(index) -> list[tuple[str, str, np.ndarray]]:
    with index.reading():                 # one consistent state, whatever writers do meanwhile
        feats = index.vpdq()
        return [(v.path, v.sha256, np.asarray(feats[v.vp0:v.vp0 + v.nvp])) for v in index.videos()]


def from_case(case_dir: str | Path, fps: float, on_error=None) -> list[tuple[str, str, np.ndarray]]:
    """A case folder keeps no true-PDQ hashes: its inputs are read again (and must still have
    the SHA-256 recorded in findings.json)."""
    from ..config import AnalysisConfig
    from ..pipeline import analyze_video
    from ..probe import sha256_file
    from ..result import FINDINGS_NAME
    from ..types import InputError
    from .add import VpdqFeeder
    data = json.loads((Path(case_dir) / FINDINGS_NAME).read_text(encoding="utf-8"))
    cfg = AnalysisConfig().replace(people__enabled=False, report__pdf=False, people__sample_fps=fps,
                                   matching__estimate_transforms=False)   # no stills needed
    out = []
    for inp in data.get("inputs", []):
        path, sha = inp["path"], inp["sha256"]
        try:
            if sha256_file(path) != sha:
                raise InputError(path, "no longer has the SHA-256 recorded in the case")
            va = analyze_video(path, cfg, None, VpdqFeeder())
        except (InputError, OSError) as e:
            if on_error:
                on_error(path, getattr(e, "reason", None) or str(e))
            continue
        out.append((path, sha, va.people))
    return out
