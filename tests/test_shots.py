"""Shot boundaries on the sample montage against the truth recorded when it was built."""
import numpy as np


def _match(found: list[int], truth: list[int], tol: int) -> tuple[int, int]:
    used, hits = set(), 0
    for t in truth:
        best = [f for f in found if abs(f - t) <= tol and f not in used]
        if best:
            used.add(min(best, key=lambda f: abs(f - t)))
            hits += 1
    return hits, len(found) - len(used)


def test_montage_cuts_and_gradual_transitions(sample_result, truth):
    t = truth["files"]["montage.mp4"]
    video = [i.path for i in sample_result.inputs if i.path.endswith("montage.mp4")][0]
    found = [s for s in sample_result.shots if s.video == video]
    starts = [s.start_frame for s in found[1:]]
    hard = [b["frame"] for b in t["boundaries"] if b["kind"] == "cut"]
    gradual = [b for b in t["boundaries"] if b["kind"] != "cut"]
    hits, _ = _match([s.start_frame for s in found[1:] if s.transition_in == "cut"], hard, tol=1)
    assert hits / len(hard) >= 0.95
    for g in gradual:                       # each dissolve/fade found inside its transition
        lo, hi = g["transition_frames"]
        assert any(lo - 2 <= s <= hi + 2 for s in starts), g
    all_truth = [b["frame"] for b in t["boundaries"]]
    ok, false = _match(starts, all_truth, tol=15)
    assert false == 0                       # the flash and the whip pan are not cuts
    assert ok == len(all_truth)


def test_shots_tile_the_video_exactly(sample_result):
    for info in sample_result.inputs:
        shots = sample_result.shots_of(info.path)
        assert shots[0].start_frame == 0 and shots[0].start_s == info.metadata["start_time_s"]
        assert shots[-1].end_frame == info.frame_count - 1
        assert abs(shots[-1].end_s - (info.metadata["start_time_s"] + info.duration_s)) < 1e-6
        for a, b in zip(shots, shots[1:]):
            assert a.end_frame + 1 == b.start_frame and a.end_s == b.start_s


def test_single_shot_clip_has_no_cut(sample_result):
    vfr = [i.path for i in sample_result.inputs if i.path.endswith("vfr.mkv")][0]
    assert len(sample_result.shots_of(vfr)) == 1


def test_thinned_sampling_still_tiles_the_video(samples, light_config):
    import vidforensics
    cfg = light_config.replace(decode__sample_fps=5.0)
    res = vidforensics.analyze([str(samples / "montage.mp4")], config=cfg)
    info = res.inputs[0]
    shots = res.shots
    assert shots[-1].end_frame == info.frame_count - 1
    assert abs(shots[-1].end_s - info.duration_s) < 1e-6
    for a, b in zip(shots, shots[1:]):
        assert a.end_frame + 1 == b.start_frame
    for g in res.repeated_segments:
        for m in g.members:
            assert m.start_frame <= m.end_frame <= info.frame_count - 1


def test_shot_features_equal_frame_by_frame_reduction(samples):
    import cv2
    import numpy as np
    from vidforensics.decode import stream_frames
    from vidforensics.probe import probe
    from vidforensics.shots import shot_features
    thumbs = next(stream_frames(probe(str(samples / "montage.mp4")))).thumbs
    odd = np.random.default_rng(0).integers(0, 256, (9, 37, 41)).astype(np.uint8)
    for x in (thumbs, odd):
        small, hist = shot_features(x)
        assert np.array_equal(small, np.stack([cv2.resize(t, (16, 16), interpolation=cv2.INTER_AREA) for t in x]))
        assert np.array_equal(hist, np.stack([np.bincount(t.ravel() >> 4, minlength=16) for t in x])
                              .astype(np.float32) / x[0].size)
