"""matching/keyframes.py: the shared ORB description and ratio-test matching give exactly what
OpenCV's brute-force knnMatch gives, on real stills of the sample montage."""
import cv2
import numpy as np
import pytest

from vidforensics.matching.keyframes import describe, ratio_matches


@pytest.fixture(scope="module")
def stills(samples):
    from vidforensics.decode import stream_frames
    from vidforensics.probe import probe
    info = probe(str(samples / "montage.mp4"))
    out = []
    for b in stream_frames(info, still_fps=1.0, still_side=480):
        out += [g for *_, g in b.stills]
    return out[::3][:8]


def _knn(q, t, ratio):
    pairs = cv2.BFMatcher(cv2.NORM_HAMMING).knnMatch(q, t, k=2)
    good = [m[0] for m in pairs if len(m) == 2 and m[0].distance < ratio * m[1].distance]
    return [m.queryIdx for m in good], [m.trainIdx for m in good]


def test_ratio_matches_equal_knn_match_on_real_stills(stills):
    feats = [describe(g) for g in stills]
    assert len(feats) >= 6 and all(f.des is not None and len(f.des) > 300 for f in feats)
    kept = 0
    for i, fa in enumerate(feats):
        for fb in feats[i + 1:] + feats[i:i + 1]:            # other stills, and the still itself
            for q, t in ((fa.des, fb.des), (fa.strongest[1], fb.strongest[1])):
                for ratio in (0.75, 0.8):
                    qi, ti = ratio_matches(q, t, ratio)
                    want = _knn(q, t, ratio)
                    assert qi.tolist() == want[0] and ti.tolist() == want[1]
                    kept += len(qi)
    assert kept > 1000          # the comparison covers many kept matches, not only empty ones


def test_ratio_matches_too_few_train_descriptors(stills):
    f = describe(stills[0])
    qi, ti = ratio_matches(f.des, f.des[:1], 0.75)
    assert len(qi) == len(ti) == 0 == len(_knn(f.des, f.des[:1], 0.75)[0])
    assert len(ratio_matches(None, f.des, 0.75)[0]) == 0


def test_describe_keeps_positions_and_strongest(stills):
    g = stills[1]
    kp, de = cv2.ORB_create(nfeatures=1000, fastThreshold=5).detectAndCompute(g, None)
    f = describe(g)
    assert np.array_equal(f.des, de) and np.array_equal(f.pts, np.float32([k.pt for k in kp]))
    resp = np.array([k.response for k in kp])
    pts, des = f.strongest
    assert len(des) == 300 and resp[np.isin(f.pts[:, 0] * 1e4 + f.pts[:, 1], pts[:, 0] * 1e4 + pts[:, 1])].min() \
        >= np.sort(resp)[-300] - 1e-9
