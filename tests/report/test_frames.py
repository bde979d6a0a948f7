"""Frames shown by the report: finding inputs again, exact and nearest fetches, registration."""
from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys

import numpy as np

from vidforensics.report import frames as F


def test_light_import_and_timeline_without_pyplot(case):
    work, case_dir, _ = case
    code = (
        "import sys\n"
        "import vidforensics, vidforensics.report, vidforensics.notebook, vidforensics.report.wording\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('fpdf', 'matplotlib', 'pandas', 'av', 'cv2')]\n"
        "assert not heavy, heavy\n"
        "from vidforensics.result import load\n"
        "from vidforensics.report.timeline import timeline_png\n"
        "r = load(sys.argv[1])\n"
        "png, h = timeline_png(r, r.inputs[0].path)\n"
        "assert png.startswith(b'\\x89PNG') and 20 < h < 120, h\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code, str(case_dir)], check=True, cwd=work, timeout=120)


def test_locate_resolves_cwd_then_case_parent_and_checks_sha(case, tmp_path, monkeypatch):
    work, case_dir, result = case
    video = result.inputs[0].path                      # "media/montage.mp4"
    monkeypatch.chdir(tmp_path)
    info, reason = F.FrameSource(result, case_dir).locate(video)
    assert reason is None and info.path == str(work / video)
    assert F.FrameSource(result, tmp_path / "nowhere").locate(video)[0] is None
    # a different file of the same size under the recorded name is refused
    (tmp_path / "media").mkdir()
    data = bytearray((work / video).read_bytes())
    data[100] ^= 1
    (tmp_path / video).write_bytes(bytes(data))
    info, reason = F.FrameSource(result, case_dir).locate(video)
    assert info.path == str(work / video)              # skipped; the case parent's copy matches
    info, reason = F.FrameSource(result, tmp_path / "nowhere").locate(video)
    assert info is None and "different SHA-256" in reason
    info, reason = F.FrameSource(result, tmp_path / "nowhere", verify=False).locate(video)
    assert info.path == str(tmp_path / video)          # size check only


def test_exact_and_nearest_fetch_agree(case):
    work, _, result = case
    info = dataclasses.replace(result.inputs[0], path=str(work / result.inputs[0].path))
    tb = info.time_base
    pts = [int(round(t / tb)) for t in (8.0, 31.48, 0.04)]          # frames 200, 787, 1 at 25 fps
    exact = F.fetch(info, [(p, float(p * tb)) for p in pts], max_side=320)
    near = F.fetch(info, [(None, float(p * tb) + 0.011) for p in pts], max_side=320)
    assert all(x is not None for x in exact) and exact[0].shape == (180, 320, 3)
    for a, b in zip(exact, near):
        assert np.array_equal(a, b)
    assert F.frame_number(info, 31.48) == 787


def test_register_undoes_mirror_and_centre_crop(case):
    work, _, result = case
    info = dataclasses.replace(result.inputs[0], path=str(work / result.inputs[0].path))
    original = F.fetch(info, [(None, 9.0)], max_side=None)[0]
    h, w = original.shape[:2]
    copy = F.resize_to(F.crop_variant(original, "centre90")[:, ::-1], w, h)   # a = mirror(crop(b))
    a, b = F.register(copy, original, {"mirrored": True, "crop": "centre90"})
    registered = np.mean(np.abs(F.grey(a) - F.grey(b))) / 255
    plain = np.mean(np.abs(F.grey(copy) - F.grey(original))) / 255
    assert registered < 0.03 < plain


def test_crop_variants_and_face_crop_geometry():
    img = np.zeros((100, 200, 3), np.uint8)
    assert F.crop_variant(img, "centre80").shape == (80, 160, 3)
    assert F.crop_variant(img, "br85").shape == (85, 170, 3)
    assert F.crop_variant(img, "unknown").shape == img.shape
    assert F.match_aspect(img, 1.0).shape == (100, 100, 3)
    crop = F.face_crop(img, (180, 80, 200, 100), size=64)            # at the corner: padded
    assert crop.shape == (64, 64, 3)
    assert F.xyxy((10, 10, 5, 5)) == (10, 10, 15, 15)                 # (x, y, w, h) accepted
    blurred = F.blur(np.random.default_rng(0).integers(0, 255, (64, 64, 3), dtype=np.uint8))
    assert blurred.std() < 20


def test_compare_registered_and_fallback(case, monkeypatch):
    _, case_dir, result = case
    g = result.repeated_segments[0]
    comp = F.compare(F.FrameSource(result, case_dir), g, 0, n=3)
    assert comp.reason is None and len(comp.frames) == 3
    for f in comp.frames:
        assert f["b_rgb"].shape == f["a_rgb"].shape and f["diff"].shape == f["a_rgb"].shape[:2]
        assert isinstance(f.get("a_frame"), int)
    assert comp.most_different() is not None
    # without the matching stage's registration the report registers by the recorded transform
    monkeypatch.setitem(sys.modules, "vidforensics.matching.compare", None)
    comp = F.compare(F.FrameSource(result, case_dir), g, 0, n=3)
    assert not comp.registered and len(comp.frames) == 3
    for f in comp.frames:
        assert f["a_rgb"] is not None and f["diff"].shape == f["a_reg"].shape[:2]
        assert 0 <= float(f["diff"].max()) <= 1


def test_missing_video_gives_a_reason_not_an_exception(case, tmp_path):
    _, case_dir, result = case
    moved = tmp_path / "c"
    shutil.copytree(case_dir, moved, ignore=shutil.ignore_patterns("cache"))
    src = F.FrameSource(result, moved)
    got, reason = src.frames("media/montage.mp4", [(None, 1.0)])
    assert got == [None] and "not found" in reason
    comp = F.compare(src, result.repeated_segments[0], 0)
    assert comp.frames == [] and "not found" in comp.reason
