"""A small real case for the report tests: two sample clips (one renamed to an Arabic +
Cyrillic file name), analysed from their own folder with relative paths, people off."""
from __future__ import annotations

import os
import shutil

import pytest

from report_helpers import ANALYST, SOURCE_URL, TITLE, UNICODE_NAME


@pytest.fixture(scope="session")
def case(tmp_path_factory, samples):
    """(workdir, case folder, result): analysed with cwd = workdir, inputs `media/...`."""
    import vidforensics
    from vidforensics.config import AnalysisConfig

    work = tmp_path_factory.mktemp("report_case")
    media = work / "media"
    media.mkdir()
    shutil.copy(samples / "montage.mp4", media / "montage.mp4")
    shutil.copy(samples / "other.webm", media / UNICODE_NAME)
    import hashlib
    cfg = AnalysisConfig().replace(people__enabled=False, report__title=TITLE, report__analyst=ANALYST)
    webm_sha = hashlib.sha256((media / UNICODE_NAME).read_bytes()).hexdigest()
    old = os.getcwd()
    os.chdir(work)
    try:
        result = vidforensics.analyze(
            ["media/montage.mp4", f"media/{UNICODE_NAME}"], "case", config=cfg,
            provenance={"media/montage.mp4": {"source_url": SOURCE_URL,
                                              "acquired_utc": "2026-11-20T10:00:00Z",
                                              "note": "downloaded by the desk",
                                              "received_from": "Desk A", "received_by": ANALYST,
                                              "received_at": "2026-11-21T09:30:00+01:00",
                                              "sha256_at_receipt": "0" * 64},
                        f"media/{UNICODE_NAME}": {"received_from": "Desk B",
                                                  "received_at": "2026-11-22",
                                                  "sha256_at_receipt": webm_sha.upper()}})
    finally:
        os.chdir(old)
    return work, work / "case", result
