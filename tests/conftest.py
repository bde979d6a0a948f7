"""Shared fixtures: the bundled sample media, its recorded truth, and bad inputs made on the fly."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_media"


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def truth() -> dict:
    return json.loads((SAMPLES / "truth.json").read_text())


@pytest.fixture(scope="session")
def light_config():
    from vidforensics.config import AnalysisConfig
    return AnalysisConfig().replace(people__enabled=False, report__pdf=False)


@pytest.fixture(scope="session")
def sample_result(light_config, tmp_path_factory):
    """One analysis of the sample media (no people, no PDF), shared by several tests."""
    import vidforensics
    out = tmp_path_factory.mktemp("case")
    paths = [str(SAMPLES / n) for n in ("montage.mp4", "other.webm", "vfr.mkv")]
    return vidforensics.analyze(paths, out, config=light_config)


def make_audio_only(path: Path) -> Path:
    import av
    with av.open(str(path), "w") as c:
        s = c.add_stream("aac", rate=44100)
        t = np.arange(44100) / 44100
        x = (0.2 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)[None, :]
        for i in range(0, x.shape[1], 1024):
            fr = av.AudioFrame.from_ndarray(np.ascontiguousarray(x[:, i:i + 1024]), format="fltp",
                                            layout="mono")
            fr.sample_rate = 44100
            for p in s.encode(fr):
                c.mux(p)
        for p in s.encode(None):
            c.mux(p)
    return path


@pytest.fixture(scope="session")
def bad_inputs(tmp_path_factory) -> dict[str, Path]:
    """Inputs that must each give one clear error line."""
    d = tmp_path_factory.mktemp("bad")
    montage = (SAMPLES / "montage.mp4").read_bytes()
    webm = (SAMPLES / "other.webm").read_bytes()
    out = {
        "missing": d / "does-not-exist.mp4",
        "directory": d / "a-folder.mp4",
        "empty": d / "empty.mp4",
        "pdf": d / "document.mp4",
        "truncated_mp4": d / "truncated.mp4",
        "truncated_webm": d / "truncated.webm",
        "corrupted": d / "corrupted.mp4",
        "audio_only": d / "sound.m4a",
    }
    out["directory"].mkdir()
    out["empty"].write_bytes(b"")
    out["pdf"].write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n" * 30)
    out["truncated_mp4"].write_bytes(montage[: len(montage) * 6 // 10])
    out["truncated_webm"].write_bytes(webm[: len(webm) // 2])
    rng = np.random.default_rng(0)
    broken = bytearray(montage)
    for k in range(30):
        pos = int(len(broken) * 0.3) + k * 20000
        broken[pos:pos + 2000] = rng.integers(0, 256, 2000, dtype=np.uint8).tobytes()
    out["corrupted"].write_bytes(bytes(broken))
    make_audio_only(out["audio_only"])
    return out


@pytest.fixture()
def sample_copy(tmp_path) -> Path:
    dst = tmp_path / "montage.mp4"
    shutil.copy(SAMPLES / "montage.mp4", dst)
    return dst
