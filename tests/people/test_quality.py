"""Per-face quality and the quality-adjusted linking rule; evidence of what was not compared."""
from __future__ import annotations

import numpy as np
import pytest

from vidforensics.people.linking import (QUALITY_PENALTY, constrained_agglomerative, near_misses,
                                         not_compared_per_shot, quality_distance)
from vidforensics.people.tracks import face_quality


def test_quality_falls_with_size_pose_score_and_blur():
    good = face_quality(0.95, 1.0, 120, 12.0)
    assert 0.9 <= good <= 1.0
    assert face_quality(0.95, 1.0, 24, 12.0) < good           # small
    assert face_quality(0.95, 0.2, 120, 12.0) < good          # turned
    assert face_quality(0.55, 1.0, 120, 12.0) < good          # weak detection
    assert face_quality(0.95, 1.0, 120, 1.5) < good           # unsharp


def test_low_quality_pair_must_be_closer_to_link():
    D = np.array([[0.0, 0.6], [0.6, 0.0]])
    cannot = np.zeros((2, 2), bool)
    hi = quality_distance(D, np.ones(2), np.ones(2))
    lo = quality_distance(D, np.array([1.0, 0.2]), np.array([1.0, 0.2]))
    assert np.allclose(hi, D)                                  # full quality: distance unchanged
    assert lo[0, 1] == pytest.approx(0.6 + QUALITY_PENALTY * 0.8)
    np.fill_diagonal(lo, 0)
    assert constrained_agglomerative(hi, cannot, 0.62).tolist() == [0, 0]
    assert len(set(constrained_agglomerative(lo, cannot, 0.62).tolist())) == 2


def test_single_linkage_chains_where_average_does_not():
    D = np.array([[0, .5, .9], [.5, 0, .5], [.9, .5, 0]], float)
    cannot = np.zeros((3, 3), bool)
    assert len(set(constrained_agglomerative(D, cannot, 0.6, "single").tolist())) == 1
    assert len(set(constrained_agglomerative(D, cannot, 0.6, "average").tolist())) == 2


class _VP:
    def __init__(self, video, tracks):
        self.video, self.tracks = video, tracks


def test_near_misses_say_why_a_pair_was_not_linked():
    e = np.zeros((3, 128)); e[1, 0] = 0.5; e[2, 1] = 0.52
    g = {"vid": np.zeros(3, int), "shot": np.array([0, 0, 1]), "start_s": np.array([0.0, 0.0, 2.0]),
         "end_s": np.array([1.0, 1.0, 3.0]), "embedding": e, "quality": np.array([1.0, 1.0, 0.3])}
    F = np.arange(3)
    from vidforensics.people.faces import face_distance
    D = quality_distance(face_distance(e, e), g["quality"], g["quality"])
    C = np.zeros((3, 3), bool); C[0, 1] = C[1, 0] = True          # 0 and 1 on screen together
    g.update({"_F": F, "_D": D, "_C": C})
    out = near_misses(g, np.array([0, 1, 2]), [_VP("v.mp4", {})], threshold=0.55)
    why = {(m["a"]["shot"], m["b"]["shot"], round(m["face_distance"], 2)): m["reason"] for m in out}
    assert why[(0, 0, 0.5)].startswith("on screen together")
    assert why[(0, 1, 0.52)].startswith("above the threshold once")    # 0.52 + penalty x 0.7
    assert all(m["threshold"] == 0.55 and m["a"]["video"] == "v.mp4" for m in out)


def test_faces_not_compared_are_counted_per_shot():
    t = {"kind": np.array([0, 0, 0, 1]), "shot": np.array([0, 0, 1, 1]),
         "n_embedded": np.array([1, 0, 0, 0]), "face_px": np.array([90.0, 14.0, 60.0, 0.0])}
    out = not_compared_per_shot(_VP("v", t))
    assert out["0"] == {"face_tracks": 2, "not_compared": 1, "too_small_to_compare": 1,
                        "turned_unsharp_or_unconfirmed": 0}
    assert out["1"] == {"face_tracks": 1, "not_compared": 1, "too_small_to_compare": 0,
                        "turned_unsharp_or_unconfirmed": 1}


@pytest.mark.people
def test_small_face_is_enlarged_and_still_matches(montage, detector, embedder):
    """The movie-hello man's face shrunk to about 28 px high still gives a descriptor close to
    the full-size one (enlarged before alignment), and far from the carphone driver's."""
    import cv2
    from vidforensics.config import PeopleConfig
    from vidforensics.people.faces import face_distance
    hello = montage.middle(montage.shots_of("movie-hello")[0])
    car = montage.middle(montage.shots_of("carphone")[0])
    box = detector.detect(hello, min_face_px=24).boxes[0]
    ref = embedder.embed(hello, [box])
    s = 28.0 / float(box[3] - box[1])
    small = cv2.resize(hello, None, fx=s, fy=s, interpolation=cv2.INTER_AREA)
    sbox = detector.detect(small).boxes
    assert len(sbox), "the shrunk face is still detected"
    assert 20 <= sbox[0][3] - sbox[0][1] <= 40
    d_same = float(face_distance(embedder.embed(small, sbox[:1]), ref)[0, 0])
    cbox = detector.detect(car, min_face_px=24).boxes[0]
    d_other = float(face_distance(embedder.embed(car, [cbox]), ref)[0, 0])
    assert d_same < PeopleConfig().face_threshold < d_other, (d_same, d_other)


def test_a_link_no_closer_than_a_face_known_to_be_someone_else_is_not_made_and_says_so():
    """B and A are on screen together (different people) 0.40 apart; X in another shot is 0.45
    from B. Within the threshold, but no closer than B is to someone B is known not to be."""
    from vidforensics.people.faces import face_distance
    from vidforensics.people.linking import nearest_known_different
    e = np.zeros((3, 128)); e[1, 0] = 0.40; e[2, 0] = 0.40; e[2, 1] = 0.45      # A, B, X
    D = face_distance(e, e)
    C = np.zeros((3, 3), bool); C[0, 1] = C[1, 0] = True
    K = nearest_known_different(D, C)
    assert K.tolist() == pytest.approx([0.40, 0.40, np.inf])
    plain = constrained_agglomerative(D, C, 0.55)
    ruled = constrained_agglomerative(D, C, 0.55, known_different=K)
    assert plain[1] == plain[2] and len(set(ruled.tolist())) == 3            # rule off: X joins B; on: not
    g = {"vid": np.zeros(3, int), "shot": np.array([0, 0, 1]), "start_s": np.array([0.0, 0.0, 2.0]),
         "end_s": np.array([1.0, 1.0, 3.0]), "embedding": e, "quality": np.ones(3),
         "_F": np.arange(3), "_D": D, "_C": C, "_K": K}
    out = near_misses(g, ruled, [_VP("v.mp4", {})], threshold=0.55)
    why = {(m["a"]["shot"], m["b"]["shot"], round(m["face_distance"], 2)): m["reason"] for m in out}
    assert why[(0, 1, 0.45)].startswith("within the threshold, but no closer than a face known")


def _views_g(owners, vecs, quality=None, n_tracks=None):
    owners = np.asarray(owners)
    n = n_tracks or int(owners.max()) + 1
    vecs = np.asarray(vecs, float)
    emb = np.array([vecs[owners == t].mean(0) for t in range(n)])
    return {"vid": np.zeros(n, int), "view_owner": owners, "view_vec": vecs,
            "view_quality": np.ones(len(owners)) if quality is None else np.asarray(quality, float),
            "embedding": emb}


def test_tracks_are_compared_on_their_best_matching_views():
    """Track 0 was seen frontal (view f) and turned (view t); track 1 only turned (t', close to
    t). Their mean descriptors are far apart, their closest views are not: "pairs" takes the
    mean of the VIEW_PAIRS closest view pairs, "min" the closest, "mean" the track means."""
    from vidforensics.people.linking import VIEW_PAIRS, view_distance
    f = np.zeros(128); t = np.zeros(128); t[0] = 1.0
    t2 = t.copy(); t2[1] = 0.30; t3 = t.copy(); t3[2] = 0.40
    g = _views_g([0, 0, 1, 1], [f, t, t2, t3])
    F = np.arange(2)
    d_pairs = view_distance(g, F, "pairs")[0, 1]
    d_min = view_distance(g, F, "min")[0, 1]
    d_mean = view_distance(g, F, "mean")[0, 1]
    assert VIEW_PAIRS == 2
    assert d_min == pytest.approx(0.30)
    assert d_pairs == pytest.approx((0.30 + 0.40) / 2)
    assert d_mean > 0.5 > d_pairs
    # only the best-quality views count: a low-quality 5th view that matches is left out
    g5 = _views_g([0, 0, 0, 0, 0, 1], [f + 5, f + 5, f + 5, f + 5, t2, t2],
                  quality=[0.9, 0.9, 0.9, 0.9, 0.1, 0.9])
    assert view_distance(g5, F, "min", max_views=4)[0, 1] > 1 and view_distance(g5, F, "min", max_views=5)[0, 1] == 0


def test_linking_without_per_face_descriptors_falls_back_to_track_means():
    """A result cached before descriptors were kept per face has one view per track: its mean."""
    from vidforensics.people.linking import _gather, view_distance

    class V:
        def __init__(self, emb):
            n = len(emb)
            self.tracks = {"shot": np.arange(n), "kind": np.zeros(n, int), "start_s": np.zeros(n),
                           "end_s": np.ones(n), "first_row": np.zeros(n, int), "last_row": np.zeros(n, int),
                           "n_embedded": np.ones(n, int), "embedding": np.asarray(emb, np.float32),
                           "body_desc": np.full((n, 4), np.nan), "quality": np.ones(n, np.float32)}
            self.descriptors = {}
    e = np.zeros((3, 128)); e[1, 0] = 0.4; e[2, 1] = 0.7
    g = _gather([V(e)])
    F = np.arange(3)
    assert np.allclose(view_distance(g, F, "pairs"), view_distance(g, F, "mean"))


@pytest.mark.people
def test_descriptor_is_the_mean_over_the_chip_and_its_mirror_image(montage, detector, embedder):
    from vidforensics.people import faces
    hello = montage.middle(montage.shots_of("movie-hello")[0])
    chip = embedder.chip(hello, detector.detect(hello, min_face_px=24).boxes[0])
    raw = [np.array(d) for d in embedder.recognizer.compute_face_descriptor(
        [np.ascontiguousarray(chip), np.ascontiguousarray(chip[:, ::-1])])]
    assert faces.MIRROR_MEAN
    assert np.allclose(embedder.embed_chips([chip])[0], (raw[0] + raw[1]) / 2, atol=1e-5)
    assert np.linalg.norm(raw[0] - raw[1]) > 1e-3          # the mirror image does change the descriptor
