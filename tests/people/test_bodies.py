"""Body descriptors on real crops, and the rules that keep clothing a weak cue."""
import numpy as np
import pytest

from vidforensics.config import PeopleConfig
from vidforensics.people import VideoPeople, link_individuals
from vidforensics.people.bodies import DESC_DIM, body_descriptor, body_distance, face_anchored_body
from vidforensics.people.faces import EMBED_DIM

pytestmark = pytest.mark.people


@pytest.fixture(scope="module")
def real(montage, detector, embedder):
    """Face descriptors and body descriptors (region below the face) of the two men."""
    out = {}
    for source in ("carphone", "movie-hello"):
        shot = montage.shots_of(source)[0]
        fr = montage.frames_in(shot)
        descs, bodies = [], []
        for _, _, _, img in (fr[1], fr[-2]):
            box = detector.detect(img).boxes[0]
            descs.append(embedder.embed(img, box[None])[0])
            H, W = img.shape[:2]
            x0, y0, x1, y1 = box          # close-ups: chin, collar and the clothing below
            w, h = x1 - x0, y1 - y0
            bodies.append(body_descriptor(img, [x0 - 0.6 * w, y0 + 0.75 * h, x1 + 0.6 * w, H]))
        out[source] = (descs, bodies)
    return out


def test_face_anchored_body_box():
    box, inside = face_anchored_body([100, 50, 140, 100], 640, 360)
    assert box[1] > 100 and box[3] > box[1] and box[2] - box[0] == pytest.approx(120)
    assert inside == pytest.approx(1.0)
    assert face_anchored_body([100, 200, 300, 360], 640, 360)[1] == 0.0     # a close-up: no body


def test_same_clothes_closer_than_other_clothes(real):
    (_, car), (_, hello) = real["carphone"], real["movie-hello"]
    d = body_distance(np.array(car + hello), np.array(car + hello))
    assert d.shape == (4, 4) and np.allclose(d, d.T, atol=1e-9) and (d >= -1e-9).all() and (d <= 1).all()
    assert d[0, 1] < d[0, 2] and d[0, 1] < d[0, 3] and d[2, 3] < d[1, 2]


def _video(name, rows, shots=6):
    """A VideoPeople with one frame, one face box and one body box per track row:
    rows = [(shot, t, face descriptor or None, body descriptor or None, has_face)]."""
    T = len(rows)
    nan = lambda n: np.full(n, np.nan, np.float32)  # noqa: E731
    emb = np.array([r[2] if r[2] is not None else nan(EMBED_DIM) for r in rows], np.float32)
    bd = np.array([r[3] if r[3] is not None else nan(DESC_DIM) for r in rows], np.float32)
    box = np.tile(np.array([[100, 50, 160, 130]], np.float32), (T, 1))
    face_rows = [k for k, r in enumerate(rows) if r[4]]
    rep_face = np.full(T, -1, np.int64)
    rep_face[face_rows] = np.arange(len(face_rows))
    return VideoPeople(
        name, (640, 360), (640, 360),
        frames={"index": np.arange(T) * 10, "pts": np.arange(T) * 10, "time_s": np.array([r[1] for r in rows], float),
                "shot": np.array([r[0] for r in rows], np.int32)},
        faces={"frame": np.array(face_rows, np.int32), "box": box[face_rows], "score": np.full(len(face_rows), .9, np.float32),
               "frontal": np.ones(len(face_rows), np.float32), "quality": np.ones(len(face_rows), np.float32),
               "embeddable": np.ones(len(face_rows), bool), "embedded": np.ones(len(face_rows), bool),
               "hog_ok": np.full(len(face_rows), -1, np.int8), "track": np.array(face_rows, np.int32)},
        bodies={"frame": np.arange(T, dtype=np.int32), "box": box + [[-40, 80, 40, 220]], "weight": np.zeros(T, np.float32),
                "source": np.ones(T, np.int8), "track": np.arange(T, dtype=np.int32)},
        tracks={"shot": np.array([r[0] for r in rows], np.int32), "kind": np.array([0 if r[4] else 1 for r in rows], np.int8),
                "start_s": np.array([r[1] for r in rows], float), "end_s": np.array([r[1] + 1.5 for r in rows], float),
                "first_row": np.arange(T, dtype=np.int32), "last_row": np.arange(T, dtype=np.int32),
                "n_faces": np.array([int(r[4]) for r in rows], np.int32), "n_bodies": np.ones(T, np.int32),
                "n_embedded": np.array([int(r[2] is not None) for r in rows], np.int32), "embedding": emb,
                "body_desc": bd, "rep_face": rep_face, "rep_body": np.arange(T), "face_px": np.full(T, 80, np.float32)},
        shots={"index": np.arange(shots), "start_s": np.arange(shots) * 2.0, "end_s": np.arange(shots) * 2.0 + 2.0})


def test_clothing_attaches_a_faceless_sighting_in_the_next_shot_only(real):
    (car_f, car_b), (hello_f, hello_b) = real["carphone"], real["movie-hello"]
    vp = _video("v.mp4", [
        (0, 0.0, car_f[0], car_b[0], True),      # the driver, face compared
        (1, 2.0, None, car_b[1], True),          # next shot: his face too small/turned to compare
        (3, 6.0, car_f[1], car_b[1], True),      # the driver again, by face
        (6, 12.0, None, car_b[1], True),         # three shots later: same clothes, no face
    ], shots=8)
    inds, _ = link_individuals([vp], PeopleConfig())
    assert len(inds) == 1
    cues = {a.shot: a.cue for a in inds[0].appearances}
    assert cues == {0: "face", 1: "body", 3: "face"}   # shot 6 is three shots from any face


def test_clothing_never_joins_two_faces(real):
    (car_f, car_b), (hello_f, hello_b) = real["carphone"], real["movie-hello"]
    vp = _video("v.mp4", [
        (0, 0.0, car_f[0], car_b[0], True),
        (1, 2.0, hello_f[0], car_b[0], True),    # other face, identical clothing descriptor
    ])
    assert link_individuals([vp], PeopleConfig())[0] == []


def test_faceless_pairs_need_adjacent_shots_and_tight_similarity(real):
    (_, car_b), (_, hello_b) = real["carphone"], real["movie-hello"]
    near = _video("v.mp4", [(0, 0.0, None, car_b[0], False), (1, 2.0, None, car_b[0], False)])
    inds, _ = link_individuals([near], PeopleConfig())
    assert len(inds) == 1 and {a.cue for a in inds[0].appearances} == {"body"}
    far = _video("v.mp4", [(0, 0.0, None, car_b[0], False), (2, 4.5, None, car_b[0], False)])
    assert link_individuals([far], PeopleConfig())[0] == []
    other_video = [_video("a.mp4", [(0, 0.0, None, car_b[0], False)]),
                   _video("b.mp4", [(1, 2.0, None, car_b[0], False)])]
    assert link_individuals(other_video, PeopleConfig())[0] == []
    unlike = _video("v.mp4", [(0, 0.0, None, car_b[0], False), (1, 2.0, None, hello_b[0], False)])
    assert link_individuals([unlike], PeopleConfig())[0] == []
