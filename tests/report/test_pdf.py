"""The evidence report written by the pipeline and re-rendered from a case folder."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from vidforensics.report import render_case
from vidforensics.report.wording import NOT_MEASURED, find_banned

from report_helpers import ANALYST, SOURCE_URL, TITLE, UNICODE_NAME, flat, pdf_text


@pytest.fixture(scope="module")
def report(case):
    work, case_dir, result = case
    path = case_dir / "report.pdf"
    assert path.exists(), "the pipeline writes report.pdf beside findings.json"
    return path, pdf_text(path)


def test_report_lists_every_input_with_full_sha256_and_provenance(case, report):
    _, _, result = case
    _, text = report
    compact = flat(text)
    for info in result.inputs:
        assert info.sha256 in compact
        assert f"{info.size_bytes:,}" in text
    assert TITLE in text and ANALYST in text
    assert NOT_MEASURED in " ".join(text.split())
    assert flat(SOURCE_URL) in compact                    # long URL wrapped, not cut


def test_unicode_file_name_is_rendered(report):
    _, text = report
    assert UNICODE_NAME in text                           # shaped Arabic + Cyrillic, logical order
    assert "видео" in text


def test_report_has_every_section_and_observations(case, report):
    _, _, result = case
    _, text = report
    for heading in ("Summary of observations", "Contents", "Inputs", "Chain of custody",
                    "Parameters changed from the defaults", "Method", "Parameters (all)", "Timelines",
                    "Repeated segments", "Recurring individuals", "Limitations", "Appendix",
                    "Processing log", "NIST IR 8280"):
        assert heading in text, heading
    assert result.repeated_segments, "the sample media re-use footage"
    for g in result.repeated_segments:
        assert f"Repeated-segment group {g.id}" in text
    assert "aligned frames" in text and "Difference map" in text
    assert "could not be shown" not in text


def test_findings_json_is_attached_byte_for_byte(case, report):
    pypdf = pytest.importorskip("pypdf")
    _, case_dir, _ = case
    path, text = report
    attachments = pypdf.PdfReader(str(path)).attachments
    assert list(attachments) == ["findings.json"]
    data = (case_dir / "findings.json").read_bytes()
    assert attachments["findings.json"] == [data]
    assert hashlib.sha256(data).hexdigest() in flat(text)


def test_no_verdict_words_in_pdf_or_findings(case, report):
    _, case_dir, _ = case
    _, text = report
    assert find_banned(text) == []
    assert find_banned((case_dir / "findings.json").read_text(encoding="utf-8")) == []


def test_render_case_rerenders_from_another_cwd_and_is_deterministic(case, tmp_path, monkeypatch):
    _, case_dir, _ = case
    first = (case_dir / "report.pdf").read_bytes()
    monkeypatch.chdir(tmp_path)                 # inputs resolve against the case folder's parent
    out = render_case(case_dir)
    assert out == case_dir / "report.pdf"
    again = out.read_bytes()
    assert again == first                       # same findings, same bytes
    assert "could not be shown" not in pdf_text(out)
    out = render_case(case_dir, title="Another title", analyst="B. Reviewer")
    text = pdf_text(out)
    assert "Another title" in text and "B. Reviewer" in text
    render_case(case_dir)                       # restore the recorded title for other tests


def test_same_bytes_from_a_fresh_process(case, tmp_path):
    work, case_dir, _ = case
    copy = tmp_path / "case"
    shutil.copytree(case_dir, copy, ignore=shutil.ignore_patterns("cache"))
    code = "import sys; from vidforensics.report import render_case; render_case(sys.argv[1])"
    subprocess.run([sys.executable, "-c", code, str(copy)], check=True, cwd=work, timeout=120)
    assert (copy / "report.pdf").read_bytes() == (case_dir / "report.pdf").read_bytes()


def test_missing_and_changed_inputs_are_reported_not_fatal(case, tmp_path, monkeypatch):
    work, case_dir, result = case
    moved = tmp_path / "elsewhere" / "case"
    shutil.copytree(case_dir, moved, ignore=shutil.ignore_patterns("cache"))
    monkeypatch.chdir(tmp_path)
    text = pdf_text(render_case(moved))
    assert "Frames could not be shown" in text
    assert "was not found" in text
    for info in result.inputs:
        assert info.sha256 in flat(text)        # the rest of the report is intact

    # same name and size, different content: refused by SHA-256
    media = tmp_path / "elsewhere" / "media"
    media.mkdir()
    for info in result.inputs:
        src = work / info.path
        data = bytearray(src.read_bytes())
        data[len(data) // 2] ^= 0xFF
        (media / Path(info.path).name).write_bytes(bytes(data))
    text = " ".join(pdf_text(render_case(moved)).split())
    assert "different SHA-256" in text


def test_report_is_written_atomically(case, monkeypatch):
    _, case_dir, _ = case
    import vidforensics.report.pdf as pdf_mod
    before = (case_dir / "report.pdf").read_bytes()

    def boom(ctx):
        raise RuntimeError("layout failed")
    monkeypatch.setattr(pdf_mod, "build", boom)
    with pytest.raises(RuntimeError):
        render_case(case_dir)
    assert (case_dir / "report.pdf").read_bytes() == before
    assert not [p for p in os.listdir(case_dir) if p.startswith(".report.pdf")]


def test_findings_are_valid_json_with_groups(case):
    _, case_dir, _ = case
    data = json.loads((case_dir / "findings.json").read_text(encoding="utf-8"))
    assert data["parameters"]["report"]["title"] == TITLE
