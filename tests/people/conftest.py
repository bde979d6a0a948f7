"""Shared real footage for the people-stage tests: sample_media/montage.mp4 and its truth.

The montage (built by sample_media/build.py from real clips) shows the man of movie-hello.mp4
in shot 1 and again, mirrored with a warm colour gain, in shot 12; the carphone driver in
shot 4; no people in the launch/cockatoo/dog shots.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_media"
MONTAGE = SAMPLE / "montage.mp4"


@dataclass
class Footage:
    truth: dict            # truth.json "files"/"montage.mp4"
    info: Any              # VideoInfo
    frames: list           # (index, pts, time_s, rgb) at 3 frames/s, as the pipeline feeds them

    def shots_of(self, source: str) -> list[dict]:
        return [s for s in self.truth["shots"] if s["source"] == source]

    def frames_in(self, shot: dict, max_n: int | None = None) -> list:
        fr = [f for f in self.frames if shot["start_s"] + 0.05 <= f[2] < shot["end_s"] - 0.05]
        return fr[:max_n] if max_n else fr

    def middle(self, shot: dict) -> np.ndarray:
        fr = self.frames_in(shot)
        return fr[len(fr) // 2][3]

    def shot_obj(self, shot: dict):
        from vidforensics.types import Shot
        return Shot(self.info.path, shot["index"], shot["start_frame"], shot["end_frame"] - 1,
                    shot["start_s"], shot["end_s"])


@pytest.fixture(scope="session")
def montage() -> Footage:
    if not MONTAGE.exists() or not (SAMPLE / "truth.json").exists():
        pytest.skip("sample_media/montage.mp4 not built")
    from vidforensics.decode import stream_frames
    from vidforensics.probe import probe
    truth = json.loads((SAMPLE / "truth.json").read_text())["files"]["montage.mp4"]
    info = probe(str(MONTAGE))
    frames = []
    for batch in stream_frames(info, thumb_size=32, full_fps=3.0):
        for i, pts, rgb in batch.full:
            frames.append((i, pts, float(pts * info.time_base), rgb))
    return Footage(truth, info, frames)


@pytest.fixture(scope="session")
def detector():
    from vidforensics.people.faces import FaceDetector
    return FaceDetector()


@pytest.fixture(scope="session")
def embedder():
    from vidforensics.people.faces import FaceEmbedder
    return FaceEmbedder()
