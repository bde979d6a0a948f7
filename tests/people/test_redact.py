"""Face blurring and report crops on a real frame."""
import numpy as np
import pytest

from vidforensics.people import appearance_crops, blur_faces, redact_frame
from vidforensics.people.redact import MARGIN, grow_box
from vidforensics.types import Appearance

pytestmark = pytest.mark.people


@pytest.fixture(scope="module")
def face_frame(montage, detector):
    img = montage.middle(montage.shots_of("carphone")[0])
    return img, detector.detect(img).boxes


def test_blur_changes_the_face_and_nothing_else(face_frame):
    img, boxes = face_frame
    out = blur_faces(img, boxes)
    H, W = img.shape[:2]
    x0, y0, x1, y1 = grow_box(boxes[0], MARGIN, W, H)
    outside = np.ones((H, W), bool)
    outside[y0:y1, x0:x1] = False
    assert np.array_equal(out[outside], img[outside])
    bx0, by0, bx1, by1 = boxes[0].astype(int)
    face_in, face_out = img[by0:by1, bx0:bx1].astype(float), out[by0:by1, bx0:bx1].astype(float)
    assert np.abs(face_in - face_out).mean() > 8
    # facial detail is gone: little high-frequency energy left inside the face box
    lap = lambda a: np.abs(np.diff(a.mean(2), 2, axis=0)).mean()  # noqa: E731
    assert lap(face_out) < 0.3 * lap(face_in)
    assert out.dtype == img.dtype and out.shape == img.shape
    assert not np.shares_memory(out, img)


def test_kept_faces_stay_sharp(face_frame):
    img, boxes = face_frame
    assert np.array_equal(blur_faces(img, boxes, keep=[0]), img)
    assert np.array_equal(blur_faces(img, boxes, keep=[boxes[0] + 3]), img)
    assert np.array_equal(blur_faces(img, np.zeros((0, 4))), img)


def test_redact_frame_finds_and_blurs(face_frame):
    img, boxes = face_frame
    out, found = redact_frame(img)
    assert len(found) == 1
    assert not np.array_equal(out, img)


def test_appearance_crops(face_frame):
    img, boxes = face_frame
    b = tuple(int(v) for v in boxes[0])
    app = Appearance("v", 4, 13.4, 16.8, 15.0, b, "face")
    body = [b[0] - 40, b[3], b[2] + 40, img.shape[0]]
    crops = appearance_crops(img, app, {"body_bbox": body}, size=120)
    assert crops["face"].shape[2] == 3 and max(crops["face"].shape[:2]) == 120
    assert crops["body"] is not None and max(crops["body"].shape[:2]) == 120
    assert appearance_crops(img, app, None)["body"] is None
