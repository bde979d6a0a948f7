"""The plan of the held-out split heldout7 (benchmarks/media/heldout7_cases.py), checked without
its footage: it covers every edit of issue 11 and the kinds heldout6 exposed, its retakes are two
different moments of one set-up, no clip dominates, no source of it is used by another split,
and its edit parameters are not those of heldout4, heldout5 or heldout6."""
import collections
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "sample_media"), str(ROOT / "benchmarks" / "media")]

import build_eval as be  # noqa: E402
import heldout3_cases  # noqa: E402
import heldout4_cases  # noqa: E402
import heldout5_cases  # noqa: E402
import heldout6_cases  # noqa: E402
import heldout7_cases as h7  # noqa: E402

CASES = be.repeat_cases(False, "heldout7")
EARLIER = ("tune", "dev2", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6")
# the one combination repeated on purpose: heldout6's only missed reuse kind, on new footage
REPEATED_COMBO = {"picture-in-picture + mirror"}


def _pieces(case):
    return [p for pieces, _ in case[1].values() for p in pieces]


def test_every_case_is_heldout7_and_sources_are_consistent():
    assert len(CASES) >= 50
    for name, case in CASES.items():
        assert name.startswith("h7_") and case[3] == "heldout7"
        h7.check_sources(name, case[1], case[2], be.SOURCE_CUTS)


def test_check_sources_catches_one_recording_in_two_files_left_ungrouped():
    files = {"a.mp4": ([be.P("aoc", 0.0, 2.0)], {}), "b.mp4": ([be.P("vr3", 3.0, 2.0)], {})}
    with pytest.raises(AssertionError):
        h7.check_sources("x", files, [], be.SOURCE_CUTS)
    files = {"a.mp4": ([be.P("pair", 0.0, 2.0), be.P("pair_lq", 9.0, 2.0, tag="t")], {})}
    with pytest.raises(AssertionError):
        h7.check_sources("x", files, [], be.SOURCE_CUTS)


def test_edits_of_the_issue_are_all_covered():
    edits = collections.Counter(c[4] for c in CASES.values())
    labels = " | ".join(edits)
    for word in ("crop anywhere", "zoom with pan", "rotation", "picture-in-picture", "colour grading",
                 "greyscale", "blur", "burned-in text", "frame-rate conversion", "speed", "three times",
                 "mirror", "letterbox", "negative"):
        assert word in labels, word
    combos = [e for e in edits if "+" in e and not e.startswith("crop 85") and "real" not in e]
    assert len(combos) >= 10
    assert edits["negative"] >= 6
    assert len([n for n, c in CASES.items() if c[2] and len(c[1]) == 1]) >= 3
    three = [c for c in CASES.values() if c[4] == "three times"]
    assert len(three) == 1 and len(three[0][2][0][1]) == 3


def test_the_weaknesses_heldout6_exposed_have_fresh_cases():
    names = set(CASES)
    assert {"h7_pip_mirror", "h7_meme_big", "h7_zoompan_out_head", "h7_zoompan_out_arena"} <= names
    assert any("zoom out" in CASES[n][0] for n in ("h7_zoompan_out_head", "h7_zoompan_out_arena"))
    talk = [c for c in CASES.values() if c[4] == "retake: talking head, other moment"]
    assert len(talk) >= 3
    plain = [c for n, c in CASES.items() if n in ("h7_neg_suits", "h7_neg_plain_walls", "h7_neg_women_speakers")]
    assert len(plain) == 3 and all(not c[2] for c in plain)


def test_retakes_are_different_moments_and_the_edit_is_on_the_second_only():
    retakes = [c for c in CASES.values() if c[2] and c[2][0][0] == "retake"]
    assert len(retakes) >= 10
    assert len({c[4] for c in retakes}) >= 6
    for case in retakes:
        by_tag = {p.tag: p for p in _pieces(case)}
        t1, t2 = by_tag["t1"], by_tag["t2"]
        assert t1.tf is None
        assert h7.SCENE.get(t1.src, t1.src) == h7.SCENE.get(t2.src, t2.src)
        assert t1.start + t1.dur * t1.speed <= t2.start or t2.start + t2.dur * t2.speed <= t1.start


def test_true_pairs_spread_over_many_clips():
    per_clip = collections.Counter()
    pairs = 0
    for case in CASES.values():
        for _, tags in case[2]:
            pairs += len(tags) * (len(tags) - 1) // 2
        if case[2]:
            for src in {p.src for p in _pieces(case) if p.tag} & set(h7.FILES):
                per_clip[src] += 1
    assert pairs >= 50
    assert len(per_clip) >= 15
    assert max(per_clip.values()) <= 5


def test_new_footage_only():
    repos = {repo for (repo, _), *_ in h7.FILES.values()}
    assert len(repos) >= 6
    used = {repo for m in (heldout3_cases, heldout4_cases, heldout5_cases, heldout6_cases)
            for (repo, _), *_ in m.FILES.values()}
    assert not repos & used
    digests = [digest for _, _, _, digest, _ in h7.FILES.values()]
    assert len(set(digests)) == len(digests)
    assert not set(digests) & {d for m in (heldout4_cases, heldout5_cases, heldout6_cases)
                               for _, _, _, d, _ in m.FILES.values()}
    assert all(len(commit) == 40 and len(digest) == 64 for _, commit, _, digest, _ in h7.FILES.values())


@pytest.mark.parametrize("split", EARLIER)
def test_parameters_and_combinations_differ_from_earlier_splits(split):
    """No case description of heldout7 repeats one of an earlier split (same edit, same
    parameters; a plain mirror has none), and no combination of two edits is theirs."""
    old = {n: be.case_meta(n, c) for n, c in be.repeat_cases(False, None if split == "tune" else split).items()}
    assert {c[0] for c in CASES.values() if c[2]} & {c[0] for c in old.values()} <= {"horizontal mirror"}
    def combos(cases):  # a combination as the set of its two edits, in any order
        return {frozenset(e.strip() for e in c[4].split("+")) for c in cases.values()
                if "+" in c[4] and not c[4].startswith("crop 85") and "real" not in c[4]}
    repeated = {frozenset(e.strip() for e in c.split("+")) for c in REPEATED_COMBO}
    assert not combos(CASES) & combos(old) - repeated
