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
def test_centerface_takes_any_frame_size():
    sess = models.centerface_session(2)
    assert sess.get_inputs()[0].shape == ["B", 3, "H", "W"]
