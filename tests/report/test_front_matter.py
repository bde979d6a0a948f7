"""The report as a reader meets it: cover, summary of observations with the pages of their
evidence, contents, chain of custody, changed parameters; metadata, bookmarks, the report's
own SHA-256 and the record that reproduces the analysis."""
from __future__ import annotations

import hashlib
import json
import re

import pytest

from report_helpers import ANALYST, TITLE, flat

pypdf = pytest.importorskip("pypdf")


@pytest.fixture(scope="module")
def pages(case):
    _, case_dir, _ = case
    reader = pypdf.PdfReader(str(case_dir / "report.pdf"))
    return reader, [p.extract_text() or "" for p in reader.pages]


def test_summary_and_contents_come_right_after_the_cover(pages):
    _, texts = pages
    assert TITLE in texts[0]
    assert "Summary of observations" in texts[1]
    assert "Contents" in texts[2] and "Summary of observations" not in texts[2].split("Contents")[0]
    assert texts[3].lstrip().splitlines()[0].startswith(TITLE[:10])       # running head
    assert "Inputs" in texts[3]


def test_summary_lists_every_observation_with_the_page_of_its_evidence(case, pages):
    _, _, result = case
    _, texts = pages
    summary = texts[1]
    for g in result.repeated_segments:
        evidence_page = next(k + 1 for k, t in enumerate(texts)
                             if k > 2 and f"Repeated-segment group {g.id} (" in t)
        row = summary[summary.index(g.id):]
        assert re.search(rf"\b{evidence_page}\b", row[:600]), (g.id, evidence_page)
        assert g.kind in row[:200]
        assert "median" in row[:600]


def test_contents_pages_match_the_sections(pages):
    _, texts = pages
    contents = texts[2]
    for heading in ("Inputs", "Timelines", "Repeated segments", "Limitations", "Appendix"):
        page = next(k + 1 for k, t in enumerate(texts) if k > 2 and re.search(rf"^{heading}$", t, re.M))
        assert re.search(rf"{heading}\s*{page}\b", contents), (heading, page)


def test_metadata_and_bookmarks(case, pages):
    reader, _ = pages
    meta = reader.metadata
    assert meta.title == TITLE and meta.author == ANALYST
    names = [x.title for x in reader.outline if not isinstance(x, list)]
    for name in ("Cover", "Summary of observations", "Contents", "Inputs", "Timelines",
                 "Repeated segments", "Recurring individuals", "Limitations", "Appendix"):
        assert name in names
    assert names.index("Summary of observations") < names.index("Contents") < names.index("Inputs")


def test_report_sha256_is_written_beside_it(case):
    _, case_dir, _ = case
    line = (case_dir / "report.pdf.sha256").read_text()
    assert line == hashlib.sha256((case_dir / "report.pdf").read_bytes()).hexdigest() + "  report.pdf\n"


def test_chain_of_custody_marks_a_hash_that_differs(case, pages):
    _, _, result = case
    _, texts = pages
    text = " ".join(" ".join(texts).split())
    assert "Chain of custody" in text and "Desk A" in text and "Desk B" in text
    assert "DIFFERS from the SHA-256 measured at analysis" in text
    assert "matches the SHA-256 measured at analysis" in text
    assert flat("2026-11-21T09:30:00+01:00 (2026-11-21 08:30:00 UTC)") in flat(text)
    assert flat("2026-11-22 (no time zone given)") in flat(text)


def test_reproduction_record_in_findings_and_report(case, pages):
    _, case_dir, result = case
    _, texts = pages
    data = json.loads((case_dir / "findings.json").read_text(encoding="utf-8"))
    rep = data["reproduce"]
    assert rep["how"] == "python api"
    assert rep["command"].startswith("vidforensics analyze media/montage.mp4")
    assert "--no-people" in rep["command"] and "--out case" in rep["command"]
    assert "--sha256-at-receipt" in rep["command"]
    assert "people__enabled': False" in rep["api"]
    assert flat(rep["command"])[:60] in flat(" ".join(texts))
    for lib in ("av", "numpy", "fpdf2"):
        assert lib in data["tool"]["libraries"]


def test_only_changed_parameters_in_the_body(pages):
    _, texts = pages
    body = next(t for t in texts[3:] if "Parameters changed from the defaults" in t)
    part = body.split("Parameters changed from the defaults", 1)[1]
    assert "people.enabled" in part and "report.title" in part
    assert "matching.max_distance" not in part          # left at its default: appendix only
