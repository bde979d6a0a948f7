"""findings.json 1.2: the run's time lives in run-log.json, and a 1.1 case folder is still read."""
from __future__ import annotations

import json
import shutil

import jsonschema
import pytest

from vidforensics.report import build_pdf
from vidforensics.result import SCHEMA_VERSION, load, validate


@pytest.fixture()
def case(sample_result, tmp_path):
    dst = tmp_path / "case"
    shutil.copytree(sample_result.case_dir, dst)
    return dst


def _as_v11(case, created="2026-11-25T09:30:00Z"):
    data = json.loads((case / "findings.json").read_text())
    data["schema_version"], data["created_utc"] = "1.1", created
    (case / "findings.json").write_text(json.dumps(data, ensure_ascii=False))
    return data


def test_findings_hold_no_time_and_the_run_log_does(case):
    data = json.loads((case / "findings.json").read_text())
    assert data["schema_version"] == SCHEMA_VERSION == "1.2"
    assert "created_utc" not in data
    log = json.loads((case / "run-log.json").read_text())
    assert load(case).created_utc == log["created_utc"]
    bad = dict(data, created_utc="2026-11-25T09:30:00Z")   # 1.2 does not take the field
    with pytest.raises(jsonschema.ValidationError):
        validate(bad)


def test_a_missing_or_unusable_run_log_leaves_the_time_unrecorded(case):
    (case / "run-log.json").write_text('{"created_utc": "yesterday"}')
    assert load(case).created_utc is None
    (case / "run-log.json").unlink()
    r = load(case)
    assert r.created_utc is None
    from pypdf import PdfReader
    import io
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(build_pdf(r, None, verify_inputs=False))).pages[:4])
    assert "not recorded" in " ".join(text.split())


def test_a_schema_1_1_case_is_still_read(case):
    data = _as_v11(case)
    validate(data, "1.1")
    r = load(case)
    assert r.schema_version == "1.1" and r.created_utc == "2026-11-25T09:30:00Z"
    assert [s.to_json() for s in r.shots] == data["shots"]


def test_an_unknown_schema_version_names_what_is_read(case):
    data = json.loads((case / "findings.json").read_text())
    data["schema_version"] = "9.0"
    (case / "findings.json").write_text(json.dumps(data))
    with pytest.raises(ValueError, match=r"'9.0', this tool reads 1.1 and 1.2"):
        load(case)


@pytest.mark.parametrize("version", ["1.1", "1.2"])
def test_the_shipped_schemas_are_valid_json_schemas(version):
    # a run validates findings without checking the schema itself (0.5 s a run); this does
    from vidforensics.result import schema
    s = schema(version)
    jsonschema.validators.validator_for(s).check_schema(s)
    broken = dict(s, type=12)
    with pytest.raises(jsonschema.SchemaError):
        jsonschema.validators.validator_for(broken).check_schema(broken)
