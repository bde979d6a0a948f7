"""Model files are located inside installed wheels and verified by SHA-256."""
import dataclasses

import pytest

from vidforensics.people import models


@pytest.mark.people
def test_installed_model_files_match_recorded_hashes():
    for m in models.MODEL_FILES:
        path = models.verified_path(m)
        assert models.file_sha256(path) == m.sha256
    man = models.manifest()
    assert {k: v["sha256"] for k, v in man["files"].items()} == {m.name: m.sha256 for m in models.MODEL_FILES}


def test_changed_model_file_fails_loudly():
    changed = dataclasses.replace(models.DLIB_SHAPE5, sha256="0" * 64)
    with pytest.raises(models.ModelError, match="SHA-256"):
        models.verified_path(changed)
    missing = dataclasses.replace(models.DLIB_SHAPE5, relpath="models/absent.dat")
    with pytest.raises(models.ModelError, match="not found"):
        models.verified_path(missing)
    gone = dataclasses.replace(models.DLIB_SHAPE5, module="no_such_package_xyz", package="no-such")
    with pytest.raises(models.ModelError, match="not installed"):
        models.verified_path(gone)


@pytest.mark.people
def test_centerface_takes_any_frame_size_and_sizes_do_not_disturb_each_other(samples):
    """Frames of different sizes in turn give the outputs of a network never used before
    (OpenCV's DNN module corrupts a network that is reshaped; one network per shape)."""
    import cv2
    import numpy as np

    from vidforensics.decode import stream_frames
    from vidforensics.probe import probe
    frames = []
    for batch in stream_frames(probe(str(samples / "montage.mp4")), full_fps=1, full_max_side=640):
        frames += [rgb for _, _, rgb in batch.full]
    rgb = frames[len(frames) // 2]
    small = cv2.resize(rgb, (rgb.shape[1] // 2, rgb.shape[0] // 2), interpolation=cv2.INTER_AREA)

    def blob(im):
        h, w = im.shape[:2]
        b = np.zeros((1, 3, -(-h // 32) * 32, -(-w // 32) * 32), np.float32)
        b[0, :, :h, :w] = im.transpose(2, 0, 1)
        return b

    names = ["537", "538", "539", "540"]
    for im in (rgb, small, rgb, small, rgb):
        b = blob(im)
        fresh = cv2.dnn.readNetFromONNX(models.verified_path(models.CENTERFACE))
        fresh.setInput(b)
        want = fresh.forward(names)
        net = models.centerface_cv2(b.shape[2:])
        net.setInput(b)
        got = net.forward(names)
        assert got[0].shape == (1, 1, b.shape[2] // 4, b.shape[3] // 4)
        for g, w in zip(got, want):
            np.testing.assert_allclose(g, w, atol=1e-4)
