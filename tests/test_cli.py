"""CLI conventions: version, logging options, exit statuses, folders, the --json summary."""
from __future__ import annotations

import json
import shutil

import pytest

from test_pipeline import run_cli

import vidforensics

FAST = ("--no-people", "--no-pdf")


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(flag):
    r = run_cli(flag)
    assert r.returncode == 0 and r.stdout.strip() == f"vidforensics {vidforensics.__version__}"


def test_help_never_shows_an_empty_default_and_lists_exit_statuses():
    for args in ([], ["probe"], ["analyze"], ["report"]):
        r = run_cli(*args, "--help")
        assert r.returncode == 0
        assert "(default: )" not in r.stdout and "default: None" not in r.stdout, args
    top = run_cli("--help").stdout
    assert "exit status:" in top and "internal error" in top


def test_usage_errors_exit_2_with_one_line(tmp_path, samples):
    out = tmp_path / "case"
    for args in (["analyze", samples / "vfr.mkv"],                       # --out missing
                 ["analyze", samples / "vfr.mkv", "--out", out, "--no-such-option"],
                 ["analyze", samples / "vfr.mkv", "--out", out, "--log-level", "LOUD"],
                 ["analyze", samples / "vfr.mkv", "--out", out, "--note", "other.mp4=x"]):
        r = run_cli(*args)
        assert r.returncode == 2, (args, r.stderr)
        assert "Traceback" not in r.stderr and not out.exists()
    r = run_cli("analyze", samples / "vfr.mkv", "--out", out, "--note", "other.mp4=x")
    assert r.stderr.strip().startswith("vidforensics: error: --note expects FILE=VALUE")


def test_internal_error_exits_3_in_one_line(monkeypatch, capsys, tmp_path, samples):
    from vidforensics_cli import analyze, main

    def broken(args):
        raise RuntimeError("a bug\nover two lines")
    monkeypatch.setattr(analyze, "run", broken)
    status = main.main(["analyze", str(samples / "vfr.mkv"), "--out", str(tmp_path / "c")])
    err = capsys.readouterr().err
    assert status == 3 and err == "vidforensics: internal error (RuntimeError): a bug over two lines\n"


def test_an_input_that_cannot_be_analysed_exits_1(tmp_path, samples):
    r = run_cli("analyze", samples / "vfr.mkv", tmp_path / "missing.mp4", "--out", tmp_path / "c",
                *FAST, "--quiet")
    assert r.returncode == 1
    assert r.stderr.strip() == f"vidforensics: {tmp_path / 'missing.mp4'}: no such file"


def test_log_lines_carry_the_prefix_and_quiet_silences_warnings(tmp_path, samples):
    vfr = samples / "vfr.mkv"
    r = run_cli("analyze", vfr, vfr, "--out", tmp_path / "a", *FAST)      # a warning: named twice
    assert r.returncode == 0
    warnings = [ln for ln in r.stderr.splitlines() if ": warning: " in ln]
    assert warnings and all(ln.startswith("vidforensics: warning: ") for ln in warnings)
    r = run_cli("analyze", vfr, vfr, "--out", tmp_path / "b", *FAST, "--quiet")
    assert r.returncode == 0 and r.stderr == ""
    r = run_cli("-v", "analyze", vfr, "--out", tmp_path / "c", *FAST)       # before the command
    assert any(ln.startswith("vidforensics: info: ") for ln in r.stderr.splitlines())
    r = run_cli("analyze", vfr, "--out", tmp_path / "d", *FAST, "--log-level", "debug", "-q")
    assert any(ln.startswith("vidforensics: debug: ") or ln.startswith("vidforensics: info: ")
               for ln in r.stderr.splitlines())


def test_recursive_finds_videos_by_content_and_lists_the_rest(tmp_path, samples):
    from PIL import Image
    src = tmp_path / "downloads"
    (src / "nested").mkdir(parents=True)
    shutil.copy(samples / "vfr.mkv", src / "clip.dat")                       # no video extension
    shutil.copy(samples / "other.webm", src / "nested" / "other.bin")
    (src / "notes.mp4").write_text("not a video, whatever the name says\n")
    Image.new("RGB", (64, 48), (200, 30, 30)).save(src / "nested" / "still.jpg")
    out = tmp_path / "case"
    r = run_cli("analyze", src, "--recursive", "--out", out, *FAST, "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert [i["path"] for i in data["inputs"]] == [str(src / "clip.dat"), str(src / "nested" / "other.bin")]
    assert sorted(s["path"] for s in data["skipped"]) == [str(src / "nested" / "still.jpg"),
                                                         str(src / "notes.mp4")]
    assert all(s["reason"] for s in data["skipped"])
    assert data["exit_status"] == 0 and data["findings"] == str(out / "findings.json")
    assert data["report"] is None and (out / "findings.json").is_file()
    assert all(i["shots"] >= 1 and len(i["sha256"]) == 64 for i in data["inputs"])
    assert f"vidforensics: skipped {src / 'notes.mp4'}: " in r.stderr


def test_a_folder_without_recursive_is_an_input_error_with_a_hint(tmp_path, samples):
    folder = tmp_path / "folder"
    folder.mkdir()
    r = run_cli("analyze", folder, "--out", tmp_path / "case", *FAST, "--json")
    assert r.returncode == 1 and "--recursive" in r.stderr
    data = json.loads(r.stdout)
    assert data["case_dir"] is None and data["errors"][0]["path"] == str(folder)
    assert not (tmp_path / "case").exists()
