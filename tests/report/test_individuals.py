"""Recurring individuals in the report: face crops, measurements, blurring on request."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from vidforensics.report import build_pdf
from vidforensics.report import frames as F
from vidforensics.report import wording as W
from vidforensics.types import Appearance, Individual

from report_helpers import pdf_text


def _face_box(work, info, time_s):
    """The face the people stage's detector finds in the sample frame (models are installed
    with the package, so a failure to load them fails this test)."""
    from vidforensics.people.faces import FaceDetector
    det = FaceDetector(max_width=640)
    rgb = F.fetch(dataclasses.replace(info, path=str(work / info.path)), [(None, time_s)], max_side=None)[0]
    boxes = det.detect(rgb).boxes
    assert len(boxes), "the sample shot shows a face"
    return rgb, tuple(int(v) for v in boxes[0])


@pytest.fixture(scope="module")
def with_person(case, truth):
    """The case result plus one recurring individual placed on the sample's recurring man."""
    work, case_dir, result = case
    shots = [s for s in truth["files"]["montage.mp4"]["shots"] if "movie-hello-man" in s["people"]]
    info = result.inputs[0]
    apps = []
    for s in shots[:2]:
        t = round((s["start_s"] + s["end_s"]) / 2, 2)
        _, box = _face_box(work, info, t)
        apps.append(Appearance(video=info.path, shot=s["index"], start_s=s["start_s"], end_s=s["end_s"],
                               time_s=t, bbox=box, cue="face"))
    person = Individual(id="P1", appearances=tuple(apps), evidence={
        "face_threshold": 0.52, "face_distance": [[0.0, 0.25], [0.25, 0.0]],
        "body_distance": [[None, None], [None, None]],
        "models": {"face_descriptor": "dlib_face_recognition_resnet_model_v1", "sha256": {"dlib": "ab" * 32}},
        "appearances": [{"frame_index": 1, "pts": None, "face_px": 120}, {"frame_index": 2, "face_px": 118}]})
    params = {**result.parameters, "people": {**result.parameters["people"], "enabled": True}}
    return work, case_dir, dataclasses.replace(result, recurring_individuals=(person,), parameters=params,
                                               repeated_segments=())


def _render(work, case_dir, result, tmp_path, monkeypatch, **report):
    params = {**result.parameters, "report": {**result.parameters["report"], **report}}
    monkeypatch.chdir(work)
    out = tmp_path / "r.pdf"
    out.write_bytes(build_pdf(dataclasses.replace(result, parameters=params), case_dir))
    return " ".join(pdf_text(out).split())


def test_individual_block(with_person, tmp_path, monkeypatch):
    work, case_dir, result = with_person
    text = _render(work, case_dir, result, tmp_path, monkeypatch)
    assert "Individual P1" in text and "not an identification" in text
    assert "frame 1" in text and "face px" in text            # per-appearance details
    assert "ab" * 32 in "".join(text.split())                   # model hash in full
    assert "could not be shown" not in text
    assert W.find_banned(text) == []


def test_blur_faces_blurs_individuals_not_kept(with_person, tmp_path, monkeypatch):
    work, case_dir, result = with_person
    text = _render(work, case_dir, result, tmp_path, monkeypatch, blur_faces=True)
    assert W.BLURRED_INDIVIDUAL in text and "Detector:" in text
    text = _render(work, case_dir, result, tmp_path, monkeypatch, blur_faces=True, keep_individuals=["P1"])
    assert W.BLURRED_INDIVIDUAL not in text and "the faces of P1 stay clear" in text


def test_redactor_keeps_listed_individual_clear(with_person):
    work, _, result = with_person
    a = result.recurring_individuals[0].appearances[0]
    rgb, box = _face_box(work, result.inputs[0], a.time_s)
    x0, y0, x1, y1 = box
    face = rgb[y0:y1, x0:x1]
    blurred = F.Redactor(result, enabled=True).frame(rgb, a.video, a.time_s)
    kept = F.Redactor(result, enabled=True, keep=("P1",)).frame(rgb, a.video, a.time_s)
    assert np.abs(blurred[y0:y1, x0:x1].astype(int) - face).mean() > 10
    assert np.array_equal(kept[y0:y1, x0:x1], face)


def test_faces_not_compared_and_near_misses_are_shown(with_person, tmp_path, monkeypatch):
    work, case_dir, result = with_person
    video = result.inputs[0].path
    where = lambda shot: {"video": video, "shot": shot, "start_s": 1.0, "end_s": 2.0, "quality": 0.4}  # noqa: E731
    models = {**(result.parameters["people"].get("models") or {}),
              "per_video": {video: {"faces_not_compared_per_shot": {
                  "3": {"face_tracks": 5, "not_compared": 3, "too_small_to_compare": 2,
                        "turned_unsharp_or_unconfirmed": 1}}}},
              "not_linked_near_threshold": [{"a": where(1), "b": where(4), "face_distance": 0.61,
                                             "quality_adjusted_distance": 0.67, "threshold": 0.66,
                                             "reason": "on screen together (never linked)"}]}
    params = {**result.parameters, "people": {**result.parameters["people"], "models": models}}
    text = _render(work, case_dir, dataclasses.replace(result, parameters=params), tmp_path, monkeypatch)
    assert "Faces seen but not compared" in text and "too small" in text
    assert "on screen together (never linked)" in text and "0.67" in text
    assert W.find_banned(text) == []


def test_summary_row_and_notebook_views_of_an_individual(with_person, tmp_path, monkeypatch):
    work, case_dir, result = with_person
    text = _render(work, case_dir, result, tmp_path, monkeypatch)
    summary = text.split("Summary of observations", 1)[1].split("Contents", 1)[0]
    assert "P1" in summary and "recurring" in summary and "face distance median 0.250" in summary
    html = result._repr_html_()
    assert "Summary of observations" in html and "face distance median 0.250" in html
    assert html.count("data:image/jpeg;base64,") >= 2            # the first two face crops
    view = result.show_individual("P1")
    assert sum(c is not None for c in view.crops) == 2 and not view.reasons
    page = view._repr_html_()
    assert page.count("data:image/jpeg;base64,") == 2 and "shots and frames from 0" in page
    assert result.show_individual(0).individual.id == "P1"
    with pytest.raises(KeyError, match="P1"):
        result.show_individual("P9")
    assert W.find_banned(html + page) == []
