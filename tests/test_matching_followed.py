"""Repeats the estimated path used to miss or misread, on real footage (the sample montage's
cockatoo shot): a zoom with pan kept only as a set-up candidate (retrack.py), a mirror combined
with an off-grid window (mirror.py, opt-in), and several matches of one shot pair at different
time alignments (group.py: one shot, one occurrence)."""
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

COCKATOO = (6.7, 9.5)           # 2.8 s inside the montage's cockatoo shot (6.6-11.6 s)
HELLO = (43.0, 45.5)            # 2.5 s of a man talking to the camera (movie-hello, 42.64-45.64 s)
OTHERS = ((0.0, 1.2), (11.6, 13.0), (37.5, 38.7), (17.0, 18.3))     # launch, bikes, bunny, street


def _frames(samples, lo, hi, side=(480, 270)):
    import av
    import cv2
    out = []
    with av.open(str(samples / "montage.mp4")) as c:
        for fr in c.decode(video=0):
            t = float(fr.pts * fr.time_base)
            if t >= hi:
                break
            if t >= lo:
                out.append(cv2.resize(fr.to_ndarray(format="rgb24"), side, interpolation=cv2.INTER_AREA))
    return out


def _write(path, frames, fps=25):
    """H.264 at crf 20, keyframe every 2 s, through the sample kit's reproducible encoder (one
    thread, x264's plain-C path): its threaded SIMD encoder gives other bytes from run to run
    under load, and the inputs of these tests must not change between runs."""
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sample_media"))
    import _mediakit as mk
    return Path(mk.encode(str(path), frames, fps=fps, quality=20, gop=50))


def _window(f, x, y, s):
    import cv2
    h, w = f.shape[:2]
    cw, ch = round(w * s), round(h * s)
    x0, y0 = round((w - cw) * x), round((h - ch) * y)
    return cv2.resize(f[y0:y0 + ch, x0:x0 + cw], (w, h), interpolation=cv2.INTER_AREA)


def _zoom_pan(frames, s1=0.66):
    """A virtual zoom 100 % -> s1 panning to the lower right."""
    n = len(frames)
    return [_window(f, k / (n - 1), k / (n - 1), 1 + (s1 - 1) * k / (n - 1)) for k, f in enumerate(frames)]


def _zoom_out(frames, s0=0.45, s1=0.95):
    """A virtual zoom out s0 -> s1 panning from the right to the centre."""
    n = len(frames)
    return [_window(f, 1 - 0.5 * k / (n - 1), 0.5, s0 + (s1 - s0) * k / (n - 1)) for k, f in enumerate(frames)]


@pytest.fixture(scope="module")
def clips(samples, tmp_path_factory):
    """a: launch | cockatoo | bikes; b_zoom: bunny | the cockatoo piece zoomed with a pan | street;
    a_hello: launch | a man talking | bikes; zoom_out: bunny | that piece zoomed out | street;
    b_mirror: bunny | the cockatoo piece mirrored, 88 % window off centre | street;
    b_pip_mirror: bunny | the cockatoo piece mirrored, at 50 % lower right inside the street scene
    | hello."""
    d = tmp_path_factory.mktemp("followed")
    main = _frames(samples, *COCKATOO)
    o = [_frames(samples, *t) for t in OTHERS]
    return {"a": _write(d / "a.mp4", o[0] + main + o[1]),
            "zoom": _write(d / "b_zoom.mp4", o[2] + _zoom_pan(main) + o[3]),
            "a_hello": _write(d / "a_hello.mp4", o[0] + _frames(samples, *HELLO) + o[1]),
            "zoom_out": _write(d / "b_zoom_out.mp4", o[2] + _zoom_out(_frames(samples, *HELLO)) + o[3]),
            "mirror": _write(d / "b_mirror.mp4", o[2] + [_window(f[:, ::-1], 0.7, 0.3, 0.88) for f in main] + o[3]),
            "pip_mirror": _write(d / "b_pip_mirror.mp4", o[2] + _inset(main, _frames(samples, 19.0, 21.8))
                                 + _frames(samples, 3.0, 4.3))}


def _inset(main, background, frac=0.5):
    """`main` mirrored, shown at `frac` of the frame at the lower right of `background`."""
    import cv2
    out = []
    for f, g in zip(main, background):
        h, w = g.shape[:2]
        iw, ih = round(w * frac), round(h * frac)
        g = g.copy()
        g[h - 10 - ih:h - 10, w - 10 - iw:w - 10] = cv2.resize(f[:, ::-1], (iw, ih), interpolation=cv2.INTER_AREA)
        out.append(g)
    return out


def _groups(clips, other, cfg):
    import vidforensics
    res = vidforensics.analyze([str(clips["a"]), str(clips[other])], None, config=cfg)
    assert not res.errors
    return res.repeated_segments


def _one_reuse_of_the_piece(groups):
    assert len(groups) == 1, groups
    g = groups[0]
    assert g.kind == "reuse" and len(g.members) == 2
    for m in g.members:         # the piece lies at 1.2-4.0 s in both files
        inter = min(m.end_s, 4.0) - max(m.start_s, 1.2)
        assert inter / (max(m.end_s, 4.0) - min(m.start_s, 1.2)) >= 0.8, (m.start_s, m.end_s)
    return g.evidence["pairs"][0]


def test_zoom_with_pan_kept_as_set_up_candidate_is_followed(clips, light_config, monkeypatch):
    """Re-hashed under the one transform fitted on the keyframes, the zoomed piece aligns at no
    single offset (one transform fits one moment of a zoom) and stays a set-up candidate, whose
    frames all pair with that one moment: the pixels then see two moments and drop it. Followed
    frame by frame, it is the same recorded frames."""
    import vidforensics.matching as matching
    from vidforensics.matching import retrack
    seen = []
    real = retrack.steadiness
    monkeypatch.setattr(retrack, "steadiness", lambda u: seen.append(u) or real(u))
    pair = _one_reuse_of_the_piece(_groups(clips, "zoom", light_config))
    m = pair["kind_measurements"]
    assert pair["transform"].get("tracked")
    # the same recorded frames: identical motion in the pixels, or hashes time-locked and moving
    # together on the followed transform (then the pixels are not read; which of the two depends
    # on the last digits of the motion correlation, 0.86 with OpenCV 4.14)
    assert (m["identical_motion"] is not None and m["identical_motion"] >= 0.9) or (
        "pixels not examined" in pair["kind_reason"] and m["lock_ratio"] >= 0.9 and m["motion_correlation"] >= 0.8)
    # the followed zoom moves one way at every step; the same fits out of order (as fits that
    # lock onto other moments of a still scene) do not pass the gate, and the candidate stays
    assert seen and real(seen[0]) == 1.0
    wander = np.random.default_rng(0).permutation(len(seen[0]))
    assert real(seen[0][wander]) < light_config.matching.track_min_steady
    monkeypatch.setattr(retrack, "steadiness", lambda u: 0.0)
    assert len(_groups(clips, "zoom", light_config)) == 0
    monkeypatch.setattr(matching, "retracked", lambda found, *a: list(found))
    assert len(_groups(clips, "zoom", light_config)) == 0


def test_zoom_out_followed_frame_by_frame_is_a_reuse(clips, light_config):
    """A zoom out 45 % -> 95 % on a man talking (little motion): registered frame by frame, every
    sampled frame stays on the alignment and the moving picture agrees, while the change
    correlation stays low (each frame's registration differs a little from its neighbour's; it
    measured 0.33 here, which the rule without the followed transform called a retake)."""
    import vidforensics
    res = vidforensics.analyze([str(clips["a_hello"]), str(clips["zoom_out"])], None, config=light_config)
    assert not res.errors and len(res.repeated_segments) == 1
    g = res.repeated_segments[0]
    pair = g.evidence["pairs"][0]
    assert g.kind == "reuse", pair["kind_reason"]
    assert pair["transform"].get("tracked") and "followed frame by frame" in pair["kind_reason"]
    assert pair["kind_measurements"]["identical_motion"] >= 0.8
    for m in g.members:             # the piece lies at 1.2-3.7 s in both files
        inter = min(m.end_s, 3.7) - max(m.start_s, 1.2)
        assert inter / (max(m.end_s, 3.7) - min(m.start_s, 1.2)) >= 0.8, (m.start_s, m.end_s)


def test_mirror_with_an_off_grid_window_found_when_enabled(clips, light_config):
    """No mirrored crop variant is within the hash threshold of a mirrored 88 % window off
    centre, and ORB does not match across a mirror: only the flipped-keyframe fit finds it."""
    assert light_config.matching.mirror_min_frames == 0
    assert len(_groups(clips, "mirror", light_config)) == 0
    pair = _one_reuse_of_the_piece(_groups(clips, "mirror", light_config.replace(matching__mirror_min_frames=3)))
    t = pair["transform"]
    assert t["mirrored"] is True and t["estimated"] is True and "mirrored left-right" in t["description"]
    assert 0.8 < t["scale"] < 1.0 and abs(t["rotation_deg"]) < 1


def test_mirrored_picture_in_picture_found_by_default(clips, light_config):
    """A mirrored picture shown small inside other footage: the inset found in the keyframe is
    also tried mirrored (ORB does not match across a mirror), with mirror.py off."""
    assert light_config.matching.mirror_min_frames == 0
    pair = _one_reuse_of_the_piece(_groups(clips, "pip_mirror", light_config))
    t = pair["transform"]
    assert t["mirrored"] is True and t["estimated"] is True and "mirrored left-right" in t["description"]
    assert 1.8 < t["scale"] < 2.2, t        # member b's inset, enlarged onto member a


def test_pieces_of_one_shot_pair_are_one_pair_and_disagreeing_kinds_say_mixed(samples, light_config):
    """Two matches linking pieces of one shot to pieces of another at different time alignments
    (no single alignment: a set-up filmed again or a nearly still picture) are one pair of
    occurrences, the whole of both pieces, and "mixed" when their pixels disagree."""
    from vidforensics.hashing import VARIANT_NAMES
    from vidforensics.matching import frames_of
    from vidforensics.matching.align import _setup_match
    from vidforensics.matching.group import build_groups
    from vidforensics.pipeline import analyze_video
    cfg = light_config.matching
    f = frames_of(analyze_video(str(samples / "montage.mp4"), light_config), 0)

    def piece(t0, t1, u0, u1, kind):
        ra = np.flatnonzero((f.times >= t0) & (f.times < t1) & f.valid)
        mb = np.flatnonzero((f.times[f.vrows] >= u0) & (f.times[f.vrows] < u1) & f.valid[f.vrows])
        return replace(_setup_match(f, f, ra, mb, cfg), kind=kind, setup_only=False,
                       kind_reason=f"measured {kind}")

    # the plain copy of the cockatoo (47.56-51.56 s) against the original shot (6.6-11.6 s)
    ms = [piece(47.7, 49.3, 7.0, 8.6, "reuse"), piece(49.9, 51.4, 9.6, 11.2, "retake")]
    groups = build_groups(ms, [f], cfg, VARIANT_NAMES)
    assert len(groups) == 1 and len(groups[0].members) == 2, groups
    g = groups[0]
    (p,) = g.evidence["pairs"]
    assert g.kind == "mixed" and p["kind"] == "mixed" and p["measured_kind"] in ("reuse", "retake")
    assert "measured reuse" in p["kind_reason"] and "measured retake" in p["kind_reason"]
    a, b = sorted(g.members, key=lambda m: m.start_s)
    assert a.start_s < 7.1 and a.end_s > 11.1 and b.start_s < 47.8 and b.end_s > 51.3
    # a reuse measured on moving pixels explains the other alignment (the same recorded frames)
    moving = [replace(ms[0], pixel={"moving_share": 0.2, "identical_motion": 0.97}), ms[1]]
    (g2,) = build_groups(moving, [f], cfg, VARIANT_NAMES)
    assert g2.kind == "reuse" and "explained by the same recorded frames" in g2.evidence["pairs"][0]["kind_reason"]
    # pieces that agree keep their kind; one piece alone is as before
    same = build_groups([ms[0], replace(ms[1], kind="reuse")], [f], cfg, VARIANT_NAMES)
    assert len(same) == 1 and same[0].kind == "reuse" and len(same[0].members) == 2
    assert len(build_groups(ms[:1], [f], cfg, VARIANT_NAMES)[0].members) == 2
