"""End to end: the CLI's main job on the sample media, bad inputs, atomic outputs, light imports."""
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from vidforensics.result import load, validate

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args, cwd=None):
    exe = Path(sys.executable).with_name("vidforensics")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "vidforensics_cli"]
    return subprocess.run(cmd + [str(a) for a in args], capture_output=True, text=True, cwd=cwd,
                          timeout=600)


def sha(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_analyze_writes_valid_findings_and_leaves_inputs_unchanged(tmp_path, samples):
    inputs = [samples / "montage.mp4", samples / "other.webm", samples / "vfr.mkv"]
    before = {p: (sha(p), os.stat(p).st_mtime_ns) for p in inputs}
    out = tmp_path / "case"
    r = run_cli("analyze", *inputs, "--out", out, "--no-people", "--no-pdf", "--quiet")
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    data = json.loads((out / "findings.json").read_text())
    validate(data)
    assert [i["path"] for i in data["inputs"]] == [str(p) for p in inputs]
    for i in data["inputs"]:
        assert i["sha256"] == before[Path(i["path"])][0]
    assert {s["video"] for s in data["shots"]} == {str(p) for p in inputs}
    assert all(m["video"] in {str(p) for p in inputs}
               for g in data["repeated_segments"] for m in g["members"])
    assert data["recurring_individuals"] == [] and data["errors"] == []
    assert data["parameters"]["people"]["enabled"] is False
    for p in inputs:
        assert (sha(p), os.stat(p).st_mtime_ns) == before[p]
    # the hashes are stored outside the JSON and reused on a second run (no decoding)
    cached = list((out / "cache").glob("*-hashes-*.npz"))
    assert len(cached) == len(inputs)
    stamps = {p: p.stat().st_mtime_ns for p in cached}
    r2 = run_cli("analyze", *inputs, "--out", out, "--no-people", "--no-pdf", "--quiet")
    assert r2.returncode == 0
    assert {p: p.stat().st_mtime_ns for p in cached} == stamps      # not rewritten
    again = json.loads((out / "findings.json").read_text())
    assert "created_utc" not in data                   # the run's time is in run-log.json
    assert data == again                               # reproducible


DAMAGED = ("truncated_webm", "corrupted")     # readable in part: analysed, damage recorded


def test_bad_inputs_one_line_each_others_still_analysed(tmp_path, samples, bad_inputs):
    out = tmp_path / "case"
    paths = list(bad_inputs.values()) + [samples / "vfr.mkv"]
    r = run_cli("analyze", *paths, "--out", out, "--no-people", "--no-pdf", "--quiet")
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    bad = [p for k, p in bad_inputs.items() if k not in DAMAGED]
    lines = [ln for ln in r.stderr.strip().splitlines() if ": warning: " not in ln]
    assert len(lines) == len(bad)
    for path, line in zip(bad, lines):
        assert line.startswith(f"vidforensics: {path}: ")
    data = json.loads((out / "findings.json").read_text())
    validate(data)
    assert [e["path"] for e in data["errors"]] == [str(p) for p in bad]
    analysed = [i["path"] for i in data["inputs"]]
    assert analysed == [str(bad_inputs[k]) for k in bad_inputs if k in DAMAGED] + [str(samples / "vfr.mkv")]
    for i in data["inputs"][:-1]:
        assert i["warnings"], i["path"]
    assert not data["inputs"][-1]["warnings"]


def test_nothing_written_when_no_input_can_be_analysed(tmp_path, bad_inputs):
    out = tmp_path / "case"
    r = run_cli("analyze", bad_inputs["pdf"], bad_inputs["empty"], "--out", out, "--no-people",
                "--quiet")
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 3 and lines[-1].startswith("vidforensics: no input could be analysed")
    assert not out.exists()


@pytest.mark.parametrize("option", [["--sample-fps", "-1"], ["--people-fps", "0"],
                                    ["--cut-threshold", "nan"], ["--face-threshold", "inf"],
                                    ["--max-distance", "300"]])
def test_bad_option_values_fail_at_once_with_one_line(tmp_path, samples, option):
    out = tmp_path / "case"
    r = run_cli("analyze", samples / "vfr.mkv", "--out", out, *option)
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and "must be" in r.stderr
    assert "Traceback" not in r.stderr and not out.exists()


def test_unusable_out_folder_is_refused_before_any_work(tmp_path, samples):
    afile = tmp_path / "afile"
    afile.write_text("x")
    r = run_cli("analyze", samples / "vfr.mkv", "--out", afile, "--no-people")
    assert r.returncode == 2 and r.stderr.strip() == f"vidforensics: error: {afile}: exists and is not a folder"
    assert afile.read_text() == "x"


def test_report_on_a_broken_case_folder_is_one_line(tmp_path):
    case = tmp_path / "case"
    case.mkdir()
    for content in ("{bad", '{"schema_version": "1.0"}'):
        (case / "findings.json").write_text(content)
        r = run_cli("report", case)
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
        assert "findings.json" in r.stderr and "Traceback" not in r.stderr
        assert not (case / "report.pdf").exists()


def test_the_same_file_named_twice_is_analysed_once(tmp_path, samples, light_config):
    import vidforensics
    path = str(samples / "vfr.mkv")
    res = vidforensics.analyze([path, path], config=light_config)
    assert [i.path for i in res.inputs] == [path] and res.repeated_segments == ()


def test_probe_command_table_and_json(samples):
    r = run_cli("probe", samples / "montage.mp4")
    assert r.returncode == 0 and sha(samples / "montage.mp4") in r.stdout
    r = run_cli("probe", "--json", samples / "vfr.mkv", samples / "missing.mp4")
    assert r.returncode == 1
    data = json.loads(r.stdout)
    assert data["inputs"][0]["variable_frame_rate"] is True
    assert data["errors"][0]["error"] == "no such file"
    assert r.stderr.strip() == f"vidforensics: {samples / 'missing.mp4'}: no such file"


def test_help_everywhere():
    for args in ([], ["probe"], ["analyze"], ["report"]):
        r = run_cli(*args, "--help")
        assert r.returncode == 0 and "usage:" in r.stdout


def test_load_round_trip(sample_result):
    case = sample_result.case_dir
    again = load(case)
    assert again.to_dict() == sample_result.to_dict()


LIGHT = """
import sys, vidforensics
heavy = {'onnxruntime', 'dlib', 'fpdf', 'matplotlib', 'av', 'cv2', 'torch'}
assert not heavy & set(sys.modules), heavy & set(sys.modules)
from vidforensics.config import AnalysisConfig
cfg = AnalysisConfig().replace(people__enabled=False, report__pdf=False)
vidforensics.analyze([sys.argv[1]], config=cfg)
bad = {'onnxruntime', 'dlib', 'fpdf', 'matplotlib', 'torch', 'vidforensics.people'} & set(sys.modules)
assert not bad, bad
"""


def test_import_and_hashing_only_analysis_stay_light(samples):
    r = subprocess.run([sys.executable, "-c", LIGHT, str(samples / "vfr.mkv")], capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stderr


def test_cli_and_api_share_defaults():
    from vidforensics.config import AnalysisConfig
    from vidforensics_cli.main import build_parser
    from vidforensics_cli.options import config_from_args
    args = build_parser().parse_args(["analyze", "x.mp4", "--out", "o"])
    assert config_from_args(args) == AnalysisConfig()


def test_cli_reference_is_current():
    import importlib.util
    spec = importlib.util.spec_from_file_location("make_cli_md", ROOT / "docs" / "make_cli_md.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert (ROOT / "docs" / "cli.md").read_text() == mod.render(), \
        "docs/cli.md is stale: python docs/make_cli_md.py > docs/cli.md"
