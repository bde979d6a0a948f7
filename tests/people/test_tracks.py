"""Within-shot tracking and the cacheable per-video result."""
import pickle

import numpy as np
import pytest

from vidforensics.config import PeopleConfig
from vidforensics.people import PeopleAnalyzer, VideoPeople

pytestmark = pytest.mark.people


def test_a_cut_between_two_people_at_the_same_place_starts_a_new_track(montage):
    """Frames of two shots fed as if they were one shot (a cut the shot detector missed)."""
    pa = PeopleAnalyzer(PeopleConfig(), bodies=False)
    hello, car = montage.shots_of("movie-hello")[0], montage.shots_of("carphone")[0]
    frames = montage.frames_in(hello, 4) + montage.frames_in(car, 4)
    for i, pts, t, rgb in frames:
        pa.feed("v", i, pts, t, rgb)
    merged = dict(hello, end_frame=car["end_frame"], end_s=car["end_s"])
    vp = pa.finish_video("v", [montage.shot_obj(merged)], montage.info.display_size)
    compared = vp.tracks["n_embedded"] > 0
    assert compared.sum() == 2
    f = vp.faces
    for k in np.nonzero(compared)[0]:            # each track holds frames of one shot only
        times = vp.frames["time_s"][f["frame"][f["track"] == k]]
        assert (times < hello["end_s"]).all() or (times >= car["start_s"]).all()
    # descriptors for window bests and settling suspicions only, not for every face
    assert vp.stats["descriptors_computed"] < vp.stats["face_detections"]


def test_tracks_split_at_shot_boundaries_and_result_round_trips(montage, tmp_path):
    pa = PeopleAnalyzer(PeopleConfig())
    shots = montage.shots_of("movie-hello") + montage.shots_of("launch")[:1]
    shots.sort(key=lambda s: s["index"])
    for s in shots:
        for i, pts, t, rgb in montage.frames_in(s, 4):
            pa.feed("v", i, pts, t, rgb)
    vp = pa.finish_video("v", [montage.shot_obj(s) for s in shots], montage.info.display_size)
    face_tracks = vp.tracks["kind"] == 0
    assert set(vp.tracks["shot"][face_tracks].tolist()) == {s["index"] for s in montage.shots_of("movie-hello")}
    assert (vp.tracks["start_s"] <= vp.tracks["end_s"]).all()
    # picklable (the pipeline caches it) and npz-saveable, unchanged either way
    for back in (pickle.loads(pickle.dumps(vp)), _npz(vp, tmp_path)):
        assert back.video == vp.video and back.frame_size == vp.frame_size
        for group in ("frames", "faces", "bodies", "tracks", "shots", "descriptors"):
            a, b = getattr(vp, group), getattr(back, group)
            assert a.keys() == b.keys()
            for k in a:
                np.testing.assert_array_equal(a[k], b[k])
    assert vp.relabel("elsewhere.mp4").video == "elsewhere.mp4"
    # every computed descriptor is kept with its face and track (linking compares sets of views)
    d = vp.descriptors
    assert len(d["vec"]) == vp.stats["descriptors_computed"] >= vp.faces["embedded"].sum() > 0
    assert (vp.faces["track"][d["det"]] == d["track"]).all()
    assert np.allclose(d["quality"], vp.faces["quality"][d["det"]])
    for k in np.unique(d["track"]):
        assert np.allclose(vp.tracks["embedding"][k], d["vec"][d["track"] == k].mean(0), atol=1e-5)


def _npz(vp, tmp_path):
    p = tmp_path / "people.npz"
    vp.to_npz(p)
    return VideoPeople.from_npz(p)


def test_faces_below_min_size_are_not_recorded(montage):
    pa = PeopleAnalyzer(PeopleConfig(min_face_px=400), bodies=False)
    shot = montage.shots_of("carphone")[0]
    for i, pts, t, rgb in montage.frames_in(shot, 2):
        pa.feed("v", i, pts, t, rgb)
    vp = pa.finish_video("v", [montage.shot_obj(shot)], montage.info.display_size)
    assert len(vp.faces["frame"]) == 0 and vp.stats["frames_examined"] == 2


def test_a_video_without_frames_gives_an_empty_result():
    from vidforensics.people import link_individuals
    vp = PeopleAnalyzer(PeopleConfig()).finish_video("none.mp4", [], (640, 360))
    assert len(vp) == 0 and vp.frame_size == (640, 360)
    individuals, params = link_individuals([vp, vp], PeopleConfig())
    assert individuals == [] and params["face_threshold"] == PeopleConfig().face_threshold


def test_faces_of_an_unchanged_frame_are_reused_and_a_changed_frame_is_detected_again(montage):
    """A held still (the same picture fed again) reuses the last detection, at most
    STILL_MAX_REUSE times in a row; a real next frame of the footage, or a small moving patch,
    is detected afresh."""
    from vidforensics.people import STILL_MAX_REUSE, _thumb, unchanged
    hello = montage.shots_of("movie-hello")[0]
    (i0, p0, t0, rgb0), (_, _, _, rgb1) = montage.frames_in(hello, 2)
    moved = rgb0.copy()
    h, w = moved.shape[:2]
    moved[h // 3:h // 3 + h // 8, w // 3:w // 3 + w // 10] = 255 - moved[h // 3:h // 3 + h // 8, w // 3:w // 3 + w // 10]
    assert unchanged(_thumb(rgb0), _thumb(rgb0.copy()))
    assert not unchanged(_thumb(rgb0), _thumb(moved))
    pa = PeopleAnalyzer(PeopleConfig(), bodies=False)
    n = STILL_MAX_REUSE + 2
    for k in range(n):
        pa.feed("v", i0 + k, p0 + k, t0 + k / 3, rgb0)
    vp = pa.finish_video("v", [montage.shot_obj(hello)], montage.info.display_size)
    assert vp.stats["face_detections_reused_unchanged_frame"] == STILL_MAX_REUSE
    assert vp.stats["face_detections"] == n * (vp.stats["face_detections"] // n) > 0   # same faces each frame
