"""A case folder is evidence: never lost, never contradicted, never fed by a bad cache entry;
one bad input or one long text never costs the run; identical files stated as such."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import hostile_media as H
from vidforensics import case as case_mod
from vidforensics.case import CaseDirError
from vidforensics.config import AnalysisConfig
from vidforensics.pipeline import analyze
from vidforensics.result import load, validate

CFG = AnalysisConfig().replace(people__enabled=False, report__pdf=False)
PDF = CFG.replace(report__pdf=True)


@pytest.fixture(scope="module")
def clips(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("clips")
    return {"a": H.write_video(d / "a.mkv", 50, seed=3), "b": H.write_video(d / "b.mkv", 50, seed=4)}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


# ------------------------------------------------------------ class 1: case destroyed or contradicted
def test_failed_rerun_leaves_previous_case_exactly(tmp_path, clips, monkeypatch):
    out = tmp_path / "case"
    analyze([str(clips["a"])], out, config=PDF)
    before = snapshot(out)
    real = H.fail_writing(monkeypatch, "report.pdf")
    with pytest.raises(OSError):
        analyze([str(clips["b"])], out, config=PDF)
    assert snapshot(out) == before                       # findings and report still agree
    assert not [p for p in os.listdir(out) if p.endswith(".staged")]
    monkeypatch.setattr(case_mod, "_staged", real)
    # a re-run without a PDF removes the old report
    analyze([str(clips["b"])], out, config=CFG)
    assert not (out / "report.pdf").exists()             # it described other inputs
    assert [i.path for i in load(out).inputs] == [str(clips["b"])]


def test_interrupted_run_never_deletes_a_case_another_run_wrote(tmp_path, clips, monkeypatch):
    out = tmp_path / "new-case"
    import vidforensics.pipeline as pl

    def other_run_then_ctrl_c(*a, **k):
        (out / "findings.json").write_text("{}")          # another run finished a case here
        raise KeyboardInterrupt
    monkeypatch.setattr(pl, "write_case", other_run_then_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        analyze([str(clips["a"])], out, config=CFG)
    assert (out / "findings.json").read_text() == "{}"
    assert not list((out / "cache").glob("*")) if (out / "cache").exists() else True


def test_interrupted_run_in_a_new_folder_leaves_nothing(tmp_path, clips, monkeypatch):
    out = tmp_path / "new-case"
    import vidforensics.pipeline as pl
    monkeypatch.setattr(pl, "write_case", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):
        analyze([str(clips["a"])], out, config=CFG)
    assert not out.exists()


@pytest.mark.parametrize("name", ["findings.json", "report.pdf", "report.pdf.sha256", "viewer.html"])
def test_an_input_inside_out_is_never_overwritten(tmp_path, clips, name):
    out = tmp_path / "case"
    out.mkdir()
    victim = out / name
    shutil.copy(clips["a"], victim)
    data = victim.read_bytes()
    with pytest.raises(CaseDirError, match="would overwrite"):
        analyze([str(victim)], out, config=CFG)
    assert victim.read_bytes() == data


def test_tampered_or_damaged_cache_entry_is_recomputed(tmp_path, clips):
    out = tmp_path / "case"
    first = analyze([str(clips["a"]), str(clips["b"])], out, config=CFG).to_dict()
    entries = sorted((out / "cache").glob("*-hashes-*.npz"))
    assert len(entries) == 2
    # tamper with a's entry: swap in b's arrays (a valid npz, but not a's)
    a_entry = [e for e in entries if e.name.startswith(first["inputs"][0]["sha256"])][0]
    b_entry = [e for e in entries if e != a_entry][0]
    a_entry.write_bytes(b_entry.read_bytes())
    b_entry.write_bytes(b_entry.read_bytes()[:100])       # and damage b's
    again = analyze([str(clips["a"]), str(clips["b"])], out, config=CFG).to_dict()
    assert again == first
    log = json.loads((out / "run-log.json").read_text())
    assert len(log["cache_entries_recomputed"]) == 2
    assert not any(v["from_cache"] for v in log["inputs"].values())
    third = analyze([str(clips["a"]), str(clips["b"])], out, config=CFG).to_dict()
    assert third == first                                # and now reused, same findings
    log = json.loads((out / "run-log.json").read_text())
    assert all(v["from_cache"] for v in log["inputs"].values())


# ------------------------------------------------------------ class 4: one input or text costs the run
def test_long_texts_many_tags_and_a_non_utf8_name_are_kept(tmp_path, clips):
    long_desc = "desc\u202eevil\n\ttab " + "x" * 8000
    tags = {"DESCRIPTION": long_desc, **{f"T{k:04d}": f"v{k}" for k in range(1500)}}
    tagged = H.write_video(tmp_path / "tagged.mkv", 30, seed=5, tags=tags)
    odd = os.fsencode(str(tmp_path)) + b"/clip-\xff\xfe.mkv"
    shutil.copy(clips["b"], odd)
    odd_s = os.fsdecode(odd)
    note = "n\u202e" + "y" * 9000
    title = "T" * 20000
    out = tmp_path / "case"
    r = analyze([str(tagged), odd_s], out, config=CFG.replace(report__title=title, report__analyst="A" * 8000),
                provenance={str(tagged): {"note": note}})
    assert not r.errors
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    validate(data)
    tags = data["inputs"][0]["metadata"]["container_tags"]
    assert tags["DESCRIPTION"] == long_desc                    # exactly, newline and tab kept
    assert len([k for k in tags if k.startswith("T")]) == 1500
    assert data["inputs"][0]["analyst_provenance"]["note"] == note
    assert data["parameters"]["report"]["title"] == title
    assert data["inputs"][1]["path"].endswith("clip-\\xff\\xfe.mkv")
    assert bytes.fromhex(data["inputs"][1]["path_bytes_hex"]) == odd
    from vidforensics.report import render_case
    from pypdf import PdfReader
    text = "".join(p.extract_text() for p in PdfReader(str(render_case(out))).pages)
    assert "\u202e" not in text and "<U+202E>" in text
    assert "more characters; the full text is in findings.json" in text
    flat = " ".join(text.split())
    assert "further tags are in findings.json" in flat or "more characters; see findings.json" in flat
    assert "clip-\\xff\\xfe.mkv" in flat                   # the odd name, escaped
    assert "desc<U+202E>evil\\n\\ttab" in flat               # the tag's newline and tab, shown
    assert "T0000: v0" in flat and "T0001: v1" in flat      # the tags after it are not reversed


def test_one_internal_failure_never_costs_the_other_inputs(tmp_path, clips, monkeypatch):
    import vidforensics.pipeline as pl
    real = pl.analyze_video

    def flaky(path, *a, **k):
        if path == str(clips["a"]):
            raise RuntimeError("something unforeseen")
        return real(path, *a, **k)
    monkeypatch.setattr(pl, "analyze_video", flaky)
    r = analyze([str(clips["a"]), str(clips["b"])], tmp_path / "case", config=CFG)
    assert [i.path for i in r.inputs] == [str(clips["b"])]
    (err,), = [r.errors]
    assert err["path"] == str(clips["a"]) and "RuntimeError" in err["error"]


def test_time_limit_cuts_off_one_input_and_the_batch_goes_on(tmp_path, clips):
    cfg = CFG.replace(decode__time_limit_s=1e-9)
    r = analyze([str(clips["a"])], config=cfg)
    assert r.errors and "time limit" in r.errors[0]["error"]
    assert analyze([str(clips["a"])], config=CFG).inputs


# ------------------------------------------------------------ smaller: identical files
def test_hard_links_and_byte_identical_copies_are_stated_and_analysed_once(tmp_path, clips):
    link = tmp_path / "link.mkv"
    os.link(clips["a"], link)
    copy = tmp_path / "copy.mkv"
    shutil.copy(clips["a"], copy)
    r = analyze([str(clips["a"]), str(link), str(copy), "./" + os.path.relpath(clips["a"])],
                config=CFG)
    assert [i.path for i in r.inputs] == [str(clips["a"])]
    rel = {d["path"]: d["relation"] for d in r.identical_files}
    assert rel == {str(link): "same file", str(copy): "identical content",
                   "./" + os.path.relpath(clips["a"]): "same file"}
    assert not r.repeated_segments                      # not "repeats of itself"
    validate(r.to_dict())


# ------------------------------------------------------------ reproducibility and timings
def test_timings_go_to_the_run_log_not_findings(tmp_path, clips):
    out = tmp_path / "case"
    analyze([str(clips["a"])], out, config=CFG)
    one = (out / "findings.json").read_bytes()
    log_one = json.loads((out / "run-log.json").read_text())
    time.sleep(1.1)
    analyze([str(clips["a"])], out, config=CFG)          # a cache hit, a second later
    two = (out / "findings.json").read_bytes()
    assert one == two                                    # byte for byte
    log_two = json.loads((out / "run-log.json").read_text())
    assert log_one["created_utc"] != log_two["created_utc"]   # the run's time is in the run log
    assert load(out).created_utc == log_two["created_utc"]
    one = one.decode("utf-8")
    assert "_s\": " not in json.dumps(json.loads(one)["parameters"]).replace("min_shot_s", "") \
        .replace("min_duration_s", "").replace("time_limit_s", "")
    log = json.loads((out / "run-log.json").read_text())
    assert "probe_s" in log["inputs"][str(clips["a"])]["timings"]


def test_people_stage_findings_identical_on_a_cache_hit(tmp_path, clips):
    """Per-video stage statistics survive a cache hit; the timings live in the run log."""
    out = tmp_path / "case"
    cfg = CFG.replace(people__enabled=True)
    analyze([str(clips["a"])], out, config=cfg)
    one = json.loads((out / "findings.json").read_text())
    analyze([str(clips["a"])], out, config=cfg)
    two = json.loads((out / "findings.json").read_text())
    assert one == two
    stats = one["parameters"]["people"]["models"]["per_video"][str(clips["a"])]
    assert "frames_examined" in stats and not [k for k in stats if k.endswith("_s")]
    log = json.loads((out / "run-log.json").read_text())
    assert log["inputs"][str(clips["a"])]["from_cache"] is True


# ------------------------------------------------------------ CLI: terminal safety, notes, report
def run_cli(*args, **kw):
    exe = Path(sys.executable).with_name("vidforensics")
    return subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True, timeout=300, **kw)


def test_cli_escapes_control_characters_and_matches_note_paths(tmp_path, clips):
    bad = tmp_path / "bad\x1b[31m\nname.mkv"
    bad.write_bytes(b"not a video" * 100)
    good = tmp_path / "x.mkv"
    shutil.copy(clips["a"], good)
    r = run_cli("analyze", "x.mkv", bad.name, "--out", "case", "--no-people", "--no-pdf", "--quiet",
                "--note", "./x.mkv=seen", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    assert "\x1b" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "bad\\x1b[31m\\nname.mkv" in lines[0]
    data = json.loads((tmp_path / "case" / "findings.json").read_text())
    assert data["inputs"][0]["analyst_provenance"]["note"] == "seen"


def test_probe_escapes_names_and_tags_on_the_terminal(tmp_path):
    name = tmp_path / "clip\x1b[2J.mkv"
    H.write_video(name, 10, tags={"comment": "red\x1b[31m text\u202e reversed"})
    r = run_cli("probe", name)
    assert r.returncode == 0, r.stderr
    assert "\x1b" not in r.stdout and "\u202e" not in r.stdout
    assert "clip\\x1b[2J.mkv" in r.stdout
    assert "red\\x1b[31m text\\u202e reversed" in r.stdout


def test_cli_report_keeps_a_good_report_when_an_input_is_missing_or_changed(tmp_path, clips):
    video = tmp_path / "v.mkv"
    shutil.copy(clips["a"], video)
    out = tmp_path / "case"
    analyze([str(video)], out, config=PDF)
    good = (out / "report.pdf").read_bytes()
    data = bytearray(video.read_bytes())
    data[len(data) // 2] ^= 0xFF
    video.write_bytes(bytes(data))                         # changed since analysis
    r = run_cli("report", out)
    assert r.returncode == 1 and "different SHA-256" in r.stderr and "left unchanged" in r.stderr
    video.unlink()                                         # and now missing
    r = run_cli("report", out)
    assert r.returncode == 1 and "left unchanged" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert (out / "report.pdf").read_bytes() == good
    r = run_cli("report", out, "--allow-missing-inputs")     # asked for: drawn without them
    assert r.returncode == 0, r.stderr
    pypdf = pytest.importorskip("pypdf")                    # and it says which input is missing
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(str(out / "report.pdf")).pages).split())
    assert "frames of these inputs could not be shown" in text and "v.mkv" in text
    assert "was not found" in text and "could not be shown in this rendering 1" in text


@pytest.mark.parametrize("edit, field", [
    (lambda d: d["inputs"][0].update(frame_rate="1/0"), "inputs/0/frame_rate"),
    (lambda d: d["inputs"][0].update(duration_s=1e400), "inputs/0/duration_s"),
    (lambda d: d["shots"][0].update(video="elsewhere.mkv"), "shots/0/video"),
    (lambda d: d["parameters"].update(deep="DEEP"), "nested too deeply"),
    (lambda d: d["parameters"].update(deep="MID"), "parameters/deep"),
])
def test_report_on_tampered_findings_names_the_bad_field(tmp_path, clips, edit, field):
    out = tmp_path / "case"
    analyze([str(clips["a"])], out, config=CFG)
    data = json.loads((out / "findings.json").read_text())
    edit(data)
    text = json.dumps(data).replace('"DEEP"', "[" * 100000 + "]" * 100000)
    text = text.replace('"MID"', "[" * 200 + "]" * 200)
    (out / "findings.json").write_text(text)
    r = run_cli("report", out)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert field in r.stderr


def test_sigterm_leaves_no_partial_folder(tmp_path, clips):
    out = tmp_path / "case"
    exe = Path(sys.executable).with_name("vidforensics")
    many = [str(clips["a"]), str(clips["b"])] * 1
    proc = subprocess.Popen([str(exe), "analyze", *many, "--out", str(out), "--no-people",
                             "--quiet"], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not out.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode in (0, 143), err
    if out.exists():                  # only when the case was complete before the signal
        validate(json.loads((out / "findings.json").read_text()))
        assert (out / "report.pdf").exists() and (out / "run-log.json").exists()


def test_chinese_japanese_korean_names_are_drawn(tmp_path, clips):
    from pypdf import PdfReader

    from vidforensics.report import render_case
    name = tmp_path / "北京 東京 서울.mkv"
    shutil.copy(clips["a"], name)
    out = tmp_path / "case"
    analyze([str(name)], out, config=CFG.replace(report__title="案件 調査 사건"))
    reader = PdfReader(str(render_case(out)))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "北京 東京 서울.mkv" in text and "案件 調査 사건" in text
    fonts = {str(f.get("/BaseFont")) for p in reader.pages
             for f in (p["/Resources"].get("/Font") or {}).values()
             for f in [f.get_object()]}
    assert any("Droid" in f for f in fonts), fonts
