"""Repeated segments on the sample media against the recorded truth."""
import numpy as np


def _iou(a, b):
    inter = max(0.0, min(a[1], b[1]) - max(a[0], b[0]))
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


def test_sample_repeats_found_and_localised(sample_result, truth):
    groups = sample_result.repeated_segments
    assert len(groups) == len(truth["repeats"])
    for t in truth["repeats"]:
        want = {(m["file"], m["start_s"], m["end_s"]) for m in t["members"]}
        match = [g for g in groups
                 if len(g.members) == len(want)
                 and all(any(m.video.endswith(f) and _iou((m.start_s, m.end_s), (s, e)) >= 0.5
                             for m in g.members) for f, s, e in want)]
        assert len(match) == 1, (t, groups)
        g = match[0]
        assert g.kind == t["kind"]
        for m in g.members:                 # localised to the second
            f, s, e = min(want, key=lambda w: abs(w[1] - m.start_s) + 100 * (not m.video.endswith(w[0])))
            assert abs(m.start_s - s) < 1.0 and abs(m.end_s - e) < 1.0


def test_evidence_carries_numbers_a_reviewer_can_check(sample_result):
    for g in sample_result.repeated_segments:
        ev = g.evidence
        assert ev["threshold"] == sample_result.parameters["matching"]["max_distance"]
        for p in ev["pairs"]:
            assert 0 <= p["median_distance"] <= p["p90_distance"] <= ev["threshold"]
            assert p["aligned_frames"] >= 3
            assert len(p["samples"]) >= 3
            assert p["transform"]["speed_ratio"] is None or 0.5 < p["transform"]["speed_ratio"] < 2
            for s in p["samples"]:
                a, b = g.members[p["a"]], g.members[p["b"]]
                assert a.start_s - 0.05 <= s["a_time_s"] <= a.end_s
                assert b.start_s - 0.05 <= s["b_time_s"] <= b.end_s


def test_mirrored_crop_detected_as_such(sample_result):
    mirrored = [p["transform"] for g in sample_result.repeated_segments for p in g.evidence["pairs"]
                if p["transform"]["mirrored"]]
    assert mirrored and all(t["crop"] for t in mirrored)


def test_aligned_comparison_registers_mirrored_crop_and_shows_changes(sample_result):
    from vidforensics.matching.compare import aligned_comparison, compare_frames
    group = next(g for g in sample_result.repeated_segments if len(g.members) == 3)
    k = next(i for i, p in enumerate(group.evidence["pairs"]) if p["transform"]["mirrored"])
    pairs = aligned_comparison(sample_result, group, k, n=3)
    assert len(pairs) == 3
    for p in pairs:
        assert p.a_rgb.shape == p.b_rgb.shape == p.diff.shape + (3,)
        assert p.overlap.mean() > 0.7
        assert p.mean_difference < 0.05          # same recorded frames once registered
    # a change painted into one frame stands out of the difference map
    a = pairs[0].a_rgb.copy()
    a[100:160, 200:300] = (230, 20, 20)
    transform = {"mirrored": False}
    _, diff, overlap, _ = compare_frames(a, pairs[0].b_rgb, transform)
    assert diff[105:155, 205:295].mean() > 5 * diff[overlap].mean()
