import hashlib
import subprocess
from fractions import Fraction

import numpy as np
import pytest

from vidforensics.probe import probe
from vidforensics.types import InputError


def test_sha256_streamed_matches_hashlib_and_sha256sum(samples):
    path = samples / "montage.mp4"
    info = probe(str(path))
    assert info.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    sha = subprocess.run(["sha256sum", str(path)], capture_output=True, text=True)
    if sha.returncode == 0:
        assert info.sha256 == sha.stdout.split()[0]


def test_metadata_of_montage_matches_recorded_truth(samples, truth):
    t = truth["files"]["montage.mp4"]
    info = probe(str(samples / "montage.mp4"))
    assert (info.width, info.height) == (t["width"], t["height"])
    assert info.video_codec == t["codec"]
    assert info.frame_rate == Fraction(t["fps"])
    assert info.frame_count == t["frame_count"]
    assert info.duration_s == pytest.approx(t["duration_s"], abs=1e-6)
    assert not info.variable_frame_rate
    assert info.rotation == 0
    assert info.path == str(samples / "montage.mp4")


def test_variable_frame_rate_detected(samples, truth):
    t = truth["files"]["vfr.mkv"]
    info = probe(str(samples / "vfr.mkv"))
    assert info.variable_frame_rate
    assert info.frame_count == t["frame_count"]
    assert info.time_base == Fraction(t["time_base"])


def test_webm_and_path_kept_as_given(samples, monkeypatch):
    monkeypatch.chdir(samples)
    info = probe("other.webm")
    assert info.path == "other.webm"
    assert info.container.startswith("matroska")
    assert info.video_codec == "vp9"


@pytest.mark.parametrize("kind, reason", [
    ("missing", "no such file"), ("directory", "is a directory"), ("empty", "empty file"),
    ("pdf", "not a readable video"), ("truncated_mp4", "not a readable video"),
    ("truncated_webm", "truncated"), ("audio_only", "no video stream"),
])
def test_bad_inputs_raise_one_line(bad_inputs, kind, reason):
    with pytest.raises(InputError) as e:
        probe(str(bad_inputs[kind]))
    assert reason in e.value.reason
    assert "\n" not in str(e.value)
    assert str(bad_inputs[kind]) in str(e.value)


def test_a_tag_that_is_not_utf8_is_read_and_written(tmp_path):
    """PyAV <= 18 replaces undecodable tag bytes; PyAV 19 escapes them as lone surrogates,
    which cannot be written to findings.json. Either way the tag reads as U+FFFD."""
    import json

    import av

    import vidforensics
    from vidforensics.config import AnalysisConfig

    path = tmp_path / "badtag.mkv"
    with av.open(str(path), "w") as c:
        c.metadata["title"] = "XXXXmarkerXXXX"
        s = c.add_stream("mpeg4", rate=10)
        s.width, s.height, s.pix_fmt = 64, 48, "yuv420p"
        for i in range(12):
            frame = av.VideoFrame.from_ndarray(np.full((48, 64, 3), i * 20, np.uint8), format="rgb24")
            for pkt in s.encode(frame):
                c.mux(pkt)
        for pkt in s.encode(None):
            c.mux(pkt)
    data = path.read_bytes()
    at = data.index(b"XXXXmarkerXXXX")
    path.write_bytes(data[:at] + b"\xff\xfe\xfdmarker\xc3\x28XXX" + data[at + 14:])
    info = probe(str(path))
    assert info.metadata["container_tags"]["title"] == "\ufffd\ufffd\ufffdmarker\ufffd(XXX"
    cfg = AnalysisConfig().replace(people__enabled=False, report__pdf=False)
    vidforensics.analyze([str(path)], tmp_path / "case", config=cfg)
    written = json.loads((tmp_path / "case" / "findings.json").read_text(encoding="utf-8"))
    assert written["inputs"][0]["metadata"]["container_tags"]["title"].endswith("marker\ufffd(XXX")
