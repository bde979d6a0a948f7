"""Chain of custody and provenance: ISO 8601 times, hashes at receipt, the sidecar file, the
CLI options; and `vidforensics view` without a browser."""
from __future__ import annotations

import json
import shutil

import pytest

from vidforensics.custody import (ProvenanceError, check_provenance, load_sidecar, receipt_status,
                                  time_text)
from test_pipeline import run_cli


@pytest.mark.parametrize("good", ["2026-11-20T10:00:00Z", "2026-11-20", "2026-11-20T10:00+02:00",
                                  "2026-11-20 10:00:00", "2026-11-20T10:00:00.250Z"])
def test_iso_times_accepted(good):
    assert check_provenance({"a.mp4": {"received_at": good, "acquired_utc": good}}, ["a.mp4"])


@pytest.mark.parametrize("bad", ["yesterday", "20/11/2026", "2026-13-01", "Nov 20 2026", "2026-11-20T25:00"])
def test_free_text_times_rejected(bad):
    with pytest.raises(ProvenanceError, match="ISO 8601"):
        check_provenance({"a.mp4": {"acquired_utc": bad}}, ["a.mp4"])


def test_time_text_is_honest_about_zones():
    assert time_text("2026-11-20T12:00:00+02:00") == "2026-11-20T12:00:00+02:00 (2026-11-20 10:00:00 UTC)"
    assert time_text("2026-11-20T10:00:00Z") == "2026-11-20T10:00:00Z"
    assert "no time zone given" in time_text("2026-11-20 10:00")


def test_hash_at_receipt_checked_and_compared():
    sha = "ab" * 32
    got = check_provenance({"a.mp4": {"sha256_at_receipt": sha.upper()}}, ["a.mp4"])
    assert got["a.mp4"]["sha256_at_receipt"] == sha
    assert receipt_status(got["a.mp4"], sha) == "matches"
    assert receipt_status(got["a.mp4"], "cd" * 32) == "differs"
    assert receipt_status({}, sha) is None
    with pytest.raises(ProvenanceError, match="64 hexadecimal"):
        check_provenance({"a.mp4": {"sha256_at_receipt": "abc"}}, ["a.mp4"])
    with pytest.raises(ProvenanceError, match="unknown field"):
        check_provenance({"a.mp4": {"recieved_by": "x"}}, ["a.mp4"])
    with pytest.raises(ProvenanceError, match="not one of the inputs"):
        check_provenance({"b.mp4": {"note": "x"}}, ["a.mp4"])


def test_sidecar_by_path_or_file_name(tmp_path):
    side = tmp_path / "custody.json"
    side.write_text(json.dumps({"clip.mp4": {"received_from": "Desk A", "received_at": "2026-11-20"}}))
    assert load_sidecar(side, ["media/clip.mp4"]) == {
        "media/clip.mp4": {"received_from": "Desk A", "received_at": "2026-11-20"}}
    side.write_text("{not json")
    with pytest.raises(ProvenanceError, match="not valid JSON"):
        load_sidecar(side, ["media/clip.mp4"])


def test_cli_rejects_free_text_time_before_any_work(tmp_path, samples):
    out = tmp_path / "case"
    clip = str(samples / "other.webm")
    r = run_cli("analyze", clip, "--out", out, "--acquired", f"{clip}=last tuesday", "--quiet")
    assert r.returncode != 0 and "ISO 8601" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert not out.exists()


def test_cli_sidecar_and_options_recorded(tmp_path, samples):
    media = tmp_path / "clip.webm"
    shutil.copy(samples / "other.webm", media)
    side = tmp_path / "custody.json"
    side.write_text(json.dumps({"clip.webm": {"received_from": "Desk A", "received_by": "B. Clerk",
                                              "sha256_at_receipt": "0" * 64}}))
    r = run_cli("analyze", "clip.webm", "--out", "case", "--no-people", "--no-pdf", "--no-repeats",
                "--quiet", "--custody", side, "--received-by", "clip.webm=C. Examiner",
                "--received-at", "clip.webm=2026-11-20T10:00:00Z", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    data = json.loads((tmp_path / "case" / "findings.json").read_text())
    prov = data["inputs"][0]["analyst_provenance"]
    assert prov == {"received_from": "Desk A", "received_by": "C. Examiner", "sha256_at_receipt": "0" * 64,
                    "received_at": "2026-11-20T10:00:00Z"}
    assert data["reproduce"]["how"] == "command line"
    assert data["reproduce"]["argv"][:3] == ["vidforensics", "analyze", "clip.webm"]
    assert (tmp_path / "case" / "viewer.html").is_file()
    # view without a browser: checks the input, prints the page address with the check
    v = run_cli("view", "case", "--no-open", cwd=tmp_path)
    assert v.returncode == 0, v.stderr
    assert v.stdout.strip().startswith("file://") and "viewer.html#check=" in v.stdout
    assert "SHA-256 matches" in v.stderr
    media.write_bytes(media.read_bytes()[:-10])
    v = run_cli("view", "case", "--no-open", cwd=tmp_path)
    assert v.returncode == 1 and "DIFFERS" in v.stderr
