"""A small repeated-segment evaluation built from the real footage of the sample montage.

Each case is built here, with its truth recorded as it is built (the full evaluation set is
made by benchmarks/media/build_eval.py and scored by benchmarks/evaluate.py): a shot of the
montage is re-used in a second video after an edit, between unrelated shots; the negative
case joins unrelated shots only. The search must find each re-use, localise both members
to within a second, and report nothing on the negative.
"""
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "sample_media"))
import _mediakit as mk  # noqa: E402

FPS = 25
W, H = 320, 180


def shot_frames(montage: Path, truth: dict, index: int, seconds: float, skip: float = 0.3):
    shot = truth["files"]["montage.mp4"]["shots"][index]
    start = shot["start_s"] + skip
    return [mk.resize(f, W, H) for f in mk.read_frames(str(montage), start, seconds, fps=FPS)]


def crop_bottom_right(f, frac):
    h, w = f.shape[:2]
    return mk.resize(f[int(h * frac):, int(w * frac):], W, H)


def window(f, x, y, s):
    """The s-sized window at fractional position (x, y) of the free space, scaled back."""
    h, w = f.shape[:2]
    cw, ch = round(w * s), round(h * s)
    x0, y0 = round((w - cw) * x), round((h - ch) * y)
    return mk.resize(f[y0:y0 + ch, x0:x0 + cw], w, h)


def rotate(f, deg):
    import cv2
    h, w = f.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), deg, 1.0)
    return cv2.warpAffine(f, m, (w, h), borderValue=(0, 0, 0))


def pip(f, frac, x, y, background):
    out = background.copy()
    h, w = out.shape[:2]
    iw, ih = round(w * frac), round(h * frac)
    x0, y0 = round((w - iw) * x), round((h - ih) * y)
    out[y0:y0 + ih, x0:x0 + iw] = mk.resize(f, iw, ih)
    return out


# Edits chosen apart from the evaluation set that the parameters were developed on
# (benchmarks/media/build_eval.py): other crop amounts and anchors, another frame shape,
# another speed.
EDITS = {
    "crop_offcentre_mirror": lambda f: mk.mirror(mk.resize(mk.crop_frac(f, 0.12, "top-left"), W, H)),
    "pillarbox_colour": lambda f: mk.adjust(mk.fit(f[:, 40:280], W, H), brightness=25, contrast=1.2),
    "overlay_recompress": lambda f: mk.overlay(f),
    "crop7_bottom_right": lambda f: crop_bottom_right(f, 0.07),
    "crop14_letterboxed_4x3": lambda f: mk.fit(mk.crop_frac(f, 0.14), 320, 240),
    # edits no variant hash covers: the transform is estimated from keypoints
    "rotate3.5_black_corners": lambda f: rotate(f, 3.5),
    "window83_right_brightened": lambda f: mk.adjust(window(f, 1.0, 0.4, 0.83), brightness=15),
}
PIP = "pip50_in_other_footage"
SPEED = {"speed110_mirror": (1.1, True), "speed180": (1.8, False)}


@pytest.fixture(scope="module")
def cases(tmp_path_factory, samples, truth):
    d = tmp_path_factory.mktemp("repeats")
    montage = samples / "montage.mp4"
    source = shot_frames(montage, truth, 11, 3.0)          # the bunny shot
    filler_a = shot_frames(montage, truth, 3, 1.5)          # street
    filler_b = shot_frames(montage, truth, 0, 2.0)          # rocket launch
    filler_c = shot_frames(montage, truth, 6, 1.5)          # dog
    a = d / "a.mp4"
    mk.encode(str(a), filler_a + source + filler_b, quality=26, preset="veryfast", exact=False)
    out = {}
    background = shot_frames(montage, truth, 8, 3.0)        # the second launch shot
    for name in list(EDITS) + list(SPEED) + [PIP]:
        if name in SPEED:
            speed, mirrored = SPEED[name]
            faster = [source[int(k * speed)] for k in range(int(len(source) / speed))]
            edited = [mk.mirror(f) for f in faster] if mirrored else faster
        elif name == PIP:
            edited = [pip(f, 0.5, 0.9, 0.1, bg) for f, bg in zip(source, background)]
        else:
            edited = [EDITS[name](f) for f in source]
        size = edited[0].shape[1], edited[0].shape[0]
        frames = [mk.resize(f, *size) for f in filler_c] + edited
        if name == "overlay_recompress":
            frames = [mk.resize(mk.resize(f, 160, 90), W, H) for f in frames]
        b = d / f"{name}.mp4"
        mk.encode(str(b), frames, quality=34, preset="veryfast", exact=False)
        out[name] = (a, b, (len(filler_a) / FPS, (len(filler_a) + len(source)) / FPS),
                     (len(filler_c) / FPS, (len(filler_c) + len(edited)) / FPS))
    neg = d / "unrelated.mp4"                               # footage a.mp4 does not contain
    mk.encode(str(neg), filler_c + shot_frames(montage, truth, 2, 2.0) + shot_frames(montage, truth, 4, 2.0),
              quality=26, preset="veryfast", exact=False)
    out["negative"] = (a, neg, None, None)
    return out


@pytest.mark.parametrize("name", list(EDITS) + list(SPEED) + [PIP])
def test_reuse_found_and_localised(cases, light_config, name):
    import vidforensics
    a, b, ta, tb = cases[name]
    res = vidforensics.analyze([str(a), str(b)], config=light_config)
    assert len(res.repeated_segments) == 1, res.repeated_segments
    g = res.repeated_segments[0]
    assert g.kind == "reuse", g.evidence["pairs"][0]["kind_reason"]
    got = {m.video: (m.start_s, m.end_s) for m in g.members}
    assert set(got) == {str(a), str(b)}
    for path, want in ((str(a), ta), (str(b), tb)):
        assert np.allclose(got[path], want, atol=1.0), (path, got[path], want)


def test_nothing_reported_between_unrelated_footage(cases, light_config):
    import vidforensics
    a, neg, _, _ = cases["negative"]
    res = vidforensics.analyze([str(a), str(neg)], config=light_config)
    assert res.repeated_segments == ()
