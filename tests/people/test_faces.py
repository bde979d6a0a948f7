"""Face detection and descriptors on real frames of sample_media/montage.mp4."""
import numpy as np
import pytest

from vidforensics.config import PeopleConfig
from vidforensics.people.faces import box_iou, face_distance, frontal_score

pytestmark = pytest.mark.people


def test_detects_the_face_in_real_shots(montage, detector):
    for source in ("movie-hello", "carphone"):
        for shot in montage.shots_of(source):
            img = montage.middle(shot)
            det = detector.detect(img, min_face_px=24)
            assert len(det) == 1, (source, shot["index"], det.scores)
            x0, y0, x1, y1 = det.boxes[0]
            H, W = img.shape[:2]
            assert 0 <= x0 < x1 <= W and 0 <= y0 < y1 <= H
            assert 60 < y1 - y0 < H                     # a head-and-shoulders framing
            assert det.scores[0] > 0.7
            assert frontal_score(det.landmarks)[0] > 0.3      # usable for a descriptor


def test_no_faces_in_shots_without_people(montage, detector):
    for source in ("launch", "cockatoo", "dog"):
        for shot in montage.shots_of(source):
            for _, _, _, img in montage.frames_in(shot)[::3]:
                assert len(detector.detect(img, min_face_px=24)) == 0, (source, shot["index"])


def test_same_person_closer_than_threshold_than_other_person(montage, detector, embedder):
    def descriptor(shot):
        img = montage.middle(shot)
        return embedder.embed(img, detector.detect(img).boxes[:1])[0]
    hello_a, hello_b = (descriptor(s) for s in montage.shots_of("movie-hello"))   # b: mirrored, warm
    car = descriptor(montage.shots_of("carphone")[0])
    t = PeopleConfig().face_threshold
    same = face_distance(hello_a, hello_b)[0, 0]
    assert same < t
    assert face_distance(hello_a, car)[0, 0] > t + 0.1
    assert face_distance(hello_b, car)[0, 0] > t + 0.1


def test_hog_cross_check_agrees_on_a_real_face_only(montage, detector, embedder):
    img = montage.middle(montage.shots_of("carphone")[0])
    box = detector.detect(img).boxes[0]
    assert embedder.hog_confirms(img, box)
    sky = montage.middle(montage.shots_of("launch")[0])
    assert not embedder.hog_confirms(sky, np.array([20, 20, 120, 140], np.float32))


def test_box_iou():
    a = np.array([[0, 0, 10, 10]], float)
    assert box_iou(a, a)[0, 0] == pytest.approx(1.0)
    assert box_iou(a, a + 20)[0, 0] == 0
    assert box_iou(a, np.array([[5, 0, 15, 10]]))[0, 0] == pytest.approx(50 / 150)

