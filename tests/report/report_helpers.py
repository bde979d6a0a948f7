"""Constants and helpers shared by the report tests."""
from __future__ import annotations

from pathlib import Path

import pytest

UNICODE_NAME = "مقطع_видео.webm"
TITLE = "Case 7: market footage, Рынок / سوق"
ANALYST = "A. Examiner"
SOURCE_URL = "https://example.org/watch?v=abc123&feature=share&list=PL0123456789abcdefghijklmnopqrstuvwxyz"


def pdf_text(path: Path) -> str:
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(str(path))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def flat(text: str) -> str:
    """Text without line breaks or spaces, so that wrapped hashes and paths can be found."""
    return "".join(text.split())
