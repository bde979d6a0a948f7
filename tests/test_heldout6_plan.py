"""The plan of the held-out split heldout6 (benchmarks/media/heldout6_cases.py), checked without
its footage: it covers every edit of issue 11, its retakes are two different moments or two
separate recordings of one set-up, no clip dominates, no source of it is used by another split,
and its edit parameters are not those of heldout4 (or of heldout5, where that split is present)."""
import collections
import importlib
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "sample_media"), str(ROOT / "benchmarks" / "media")]

import build_eval as be  # noqa: E402
import heldout3_cases  # noqa: E402
import heldout4_cases  # noqa: E402
import heldout6_cases as h6  # noqa: E402

CASES = be.repeat_cases(False, "heldout6")


def _pieces(case):
    return [p for pieces, _ in case[1].values() for p in pieces]


def _other(name):
    try:
        return importlib.import_module(name)
    except ImportError:
        pytest.skip(f"{name} is not on this branch")


def test_every_case_is_heldout6_and_sources_are_consistent():
    assert len(CASES) >= 50
    for name, case in CASES.items():
        assert name.startswith("h6_") and case[3] == "heldout6"
        h6.check_sources(name, case[1], case[2], be.SOURCE_CUTS)


def test_check_sources_catches_two_takes_of_one_set_up_left_ungrouped():
    files = {"a.mp4": ([be.P("chair19", 0.0, 2.0)], {}), "b.mp4": ([be.P("chair22", 5.0, 2.0)], {})}
    with pytest.raises(AssertionError):
        h6.check_sources("x", files, [], be.SOURCE_CUTS)


def test_edits_of_the_issue_are_all_covered():
    edits = collections.Counter(c[4] for c in CASES.values())
    labels = " | ".join(edits)
    for word in ("crop anywhere", "zoom with pan", "rotation", "picture-in-picture", "colour grading",
                 "greyscale", "blur", "burned-in text", "frame-rate conversion", "speed", "three times",
                 "mirror", "letterbox", "negative"):
        assert word in labels, word
    combos = [e for e in edits if "+" in e and not e.startswith("crop 85")]
    assert len(combos) >= 8
    assert not set(combos) & {e for e in (c[4] for c in heldout4_cases.heldout4_cases(be.P).values()) if "+" in e}
    assert edits["negative"] >= 6
    within = [n for n, c in CASES.items() if c[2] and len(c[1]) == 1]
    assert len(within) >= 3
    three = [c for c in CASES.values() if c[4] == "three times"]
    assert len(three) == 1 and len(three[0][2][0][1]) == 3


def test_retakes_are_different_moments_or_recordings_and_the_edit_is_on_the_second_only():
    retakes = [c for c in CASES.values() if c[2] and c[2][0][0] == "retake"]
    assert len(retakes) >= 10
    assert len({c[4] for c in retakes}) >= 6
    separate = 0
    for case in retakes:
        by_tag = {p.tag: p for p in _pieces(case)}
        t1, t2 = by_tag["t1"], by_tag["t2"]
        assert t1.tf is None
        if t1.src == t2.src:  # disjoint source time ranges
            assert t1.start + t1.dur * t1.speed <= t2.start or t2.start + t2.dur * t2.speed <= t1.start
        else:  # two separate recordings of one set-up
            assert h6.SCENE.get(t1.src, t1.src) == h6.SCENE.get(t2.src, t2.src)
            separate += 1
    assert separate >= 3


def test_true_pairs_spread_over_many_clips():
    per_clip = collections.Counter()
    pairs = 0
    for case in CASES.values():
        for _, tags in case[2]:
            pairs += len(tags) * (len(tags) - 1) // 2
        if case[2]:
            for src in {p.src for p in _pieces(case) if p.tag} & set(h6.FILES):
                per_clip[src] += 1
    assert pairs >= 50
    assert len(per_clip) >= 15
    assert max(per_clip.values()) <= 6


def test_new_footage_only():
    repos = {repo for (repo, _), *_ in h6.FILES.values()}
    assert len(repos) >= 3
    used = {repo for m in (heldout3_cases, heldout4_cases) for (repo, _), *_ in m.FILES.values()}
    assert not repos & used
    assert all(len(commit) == 40 and len(digest) == 64 for _, commit, _, digest, _ in h6.FILES.values())


def test_new_footage_and_parameters_against_heldout5():
    h5 = _other("heldout5_cases")
    assert not {repo for (repo, _), *_ in h6.FILES.values()} & {repo for (repo, _), *_ in h5.FILES.values()}
    old = {c[0] for c in h5.heldout5_cases(be.P).values()}
    combos = {c[4] for c in h5.heldout5_cases(be.P).values() if "+" in c[4] and not c[4].startswith("crop 85")}
    assert {c[0] for c in CASES.values() if c[2]} & old <= {"horizontal mirror"}
    assert not {c[4] for c in CASES.values()} & combos


def test_parameters_differ_from_heldout4():
    """No case description of heldout6 repeats one of heldout4 (same edit, same parameters);
    a plain mirror has no parameter to change."""
    old = {c[0] for c in heldout4_cases.heldout4_cases(be.P).values()}
    assert {c[0] for c in CASES.values() if c[2]} & old <= {"horizontal mirror"}
