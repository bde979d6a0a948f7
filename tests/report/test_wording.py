"""Wording: no verdicts anywhere in the tool's sentences; values written exactly."""
from __future__ import annotations

from fractions import Fraction

import pytest

from vidforensics.report import wording as W


def test_no_banned_word_in_any_tool_sentence():
    texts = list(W.all_tool_text())
    assert len(texts) > 30
    for text in texts:
        assert W.find_banned(text) == [], text


@pytest.mark.parametrize("text, found", [
    ("This clip is FAKE.", ["FAKE"]),
    ("staged, forged and manipulated", ["staged", "forged", "manipulated"]),
    ("no proof; genuine; authentic; fabricated", ["proof", "genuine", "authentic", "fabricated"]),
    ("fakery is not a whole-word match, nor is fake_video.mp4", []),
    ("waterproof and counterfeiting are other words", []),
])
def test_find_banned_matches_whole_words_any_case(text, found):
    assert W.find_banned(text) == found


def test_check_raises_on_verdict_wording():
    assert W.check("aligned frames") == "aligned frames"
    with pytest.raises(ValueError, match="genuine"):
        W.check("a genuine recording")


@pytest.mark.parametrize("seconds, text", [
    (0, "00:00.00"), (7.56, "00:07.56"), (59.999, "01:00.00"), (61.5, "01:01.50"),
    (3725.25, "1:02:05.25"), (None, "?"), (-1.5, "-00:01.50"),
])
def test_timecode(seconds, text):
    assert W.timecode(seconds) == text


def test_rates_and_sizes_are_exact():
    assert W.rate_text(Fraction(30000, 1001)) == "29.97 fps (30000/1001)"
    assert W.rate_text(Fraction(25)) == "25 fps"
    assert "variable frame rate" in W.rate_text(Fraction(25), vfr=True)
    assert W.size_text(1_265_372) == "1.2 MiB (1,265,372 bytes)"
    assert W.size_text(512) == "512 bytes"
    assert W.number(0.52) == "0.52" and W.number(True) == "yes" and W.number([1, 2]) == "1, 2"
