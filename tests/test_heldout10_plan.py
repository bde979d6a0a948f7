"""The plan of the held-out split heldout10 (benchmarks/media/heldout10_cases.py), checked without
its footage: it covers every edit of issue 11, its retakes are two different moments of one
set-up, no clip dominates, no repository or file of it is used by another split (heldout2-9),
and its edit parameters and combinations are not those of any earlier split (tune cases, dev2,
heldout2-9)."""
import collections
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "sample_media"), str(ROOT / "benchmarks" / "media")]

import build_eval as be  # noqa: E402
import heldout10_cases as h10  # noqa: E402

CASES = be.repeat_cases(False, "heldout10")
EARLIER = ("tune", "dev2", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8",
           "heldout9")
# clip lengths in seconds (from the files at their pinned commits; no piece may run past its end)
LENGTH = {"anchor": 13.36, "suit": 9.12, "lrs": 9.0, "taichi1": 45.8, "taichi2": 28.0, "ted1": 16.0,
          "ted2": 13.0, "ted3": 13.3, "redhead": 65.2, "voxman": 8.84, "voxcam": 18.58, "obama": 46.76,
          "kitten": 5.04, "aquarium": 7.57, "aquarium_hd": 7.61, "lanes": 12.47, "lanes_small": 12.47,
          "highway": 29.92, "avenue": 28.32}
# taichi1's first 13 s carry a title: no piece starts there
TITLED = {"taichi1": 13.0}


def _pieces(case):
    return [p for pieces, _ in case[1].values() for p in pieces]


def _combos(cases):
    """Each combination of two edits as the set of its two edits, in any order."""
    return {frozenset(e.strip() for e in c[4].split("+")) for c in cases.values()
            if "+" in c[4] and not c[4].startswith("crop 85") and "real" not in c[4]}


def test_every_case_is_heldout10_and_sources_are_consistent():
    assert 55 <= len(CASES) <= 60
    for name, case in CASES.items():
        assert name.startswith("h10_") and case[3] == "heldout10"
        h10.check_sources(name, case[1], case[2], be.SOURCE_CUTS)


def test_check_sources_catches_one_recording_in_two_files():
    for a, b in (("aquarium", "aquarium_hd"), ("lanes", "lanes_small")):
        files = {"a.mp4": ([be.P(a, 0.0, 2.0)], {}), "b.mp4": ([be.P(b, 3.0, 2.0)], {})}
        with pytest.raises(AssertionError):
            h10.check_sources("x", files, [], be.SOURCE_CUTS)
    files = {"a.mp4": ([be.P("obama", 2.0, 2.0), be.P("obama", 9.0, 2.0, tag="t")], {})}
    with pytest.raises(AssertionError):
        h10.check_sources("x", files, [], be.SOURCE_CUTS)
    files = {"a.mp4": ([be.P("highway", 2.0, 2.0)], {}), "b.mp4": ([be.P("avenue", 2.0, 2.0)], {})}
    h10.check_sources("x", files, [], be.SOURCE_CUTS)


def test_no_piece_runs_past_its_clip_and_none_starts_in_a_title():
    assert set(LENGTH) == set(h10.FILES)
    for name, case in CASES.items():
        for p in _pieces(case):
            if p.src in LENGTH:
                assert p.start >= TITLED.get(p.src, 0), (name, p.src)
                assert p.start + p.dur * p.speed <= LENGTH[p.src] - 0.04, (name, p.src)
    assert not h10.CUTS and not h10.OFFSET and not h10.SETUP


def test_edits_of_the_issue_are_all_covered():
    edits = collections.Counter(c[4] for c in CASES.values())
    labels = " | ".join(edits)
    for word in ("crop anywhere", "zoom with pan", "rotation", "picture-in-picture", "colour grading",
                 "greyscale", "blur", "burned-in text", "frame-rate conversion", "speed", "three times",
                 "mirror", "letterbox", "negative", "real copy"):
        assert word in labels, word
    assert len(_combos(CASES)) >= 10
    assert edits["negative"] >= 7
    assert len([c for c in edits if "real copy" in c]) >= 2
    assert len([n for n, c in CASES.items() if c[2] and c[2][0][0] == "reuse" and len(c[1]) == 1]) >= 3
    three = [c for c in CASES.values() if c[4] == "three times"]
    assert len(three) == 1 and len(three[0][2][0][1]) == 3
    zooms = [c[0] for c in CASES.values() if c[4] == "zoom with pan"]
    assert any("zoom out" in z for z in zooms) and any("zoom out" not in z for z in zooms)
    speeds = [p.speed for c in CASES.values() for p in _pieces(c) if p.speed != 1]
    assert min(speeds) >= 0.5 and max(speeds) <= 2.0 and min(speeds) < 0.7 and max(speeds) > 1.5
    pips = [float(c[0].split("shown at ")[1].split(" %")[0]) for c in CASES.values() if "shown at" in c[0]]
    assert pips and min(pips) >= 40
    angles = [float(c[0].split("rotated ")[1].split(" degrees")[0]) for c in CASES.values() if "rotated " in c[0]]
    assert angles and max(abs(a) for a in angles) <= 5


def test_negatives_include_different_people_in_similar_set_ups():
    neg = {n: c for n, c in CASES.items() if not c[2]}
    similar = [c for c in neg.values() if "different" in c[0]]
    assert len(similar) >= 4
    people = [c for c in similar if any(w in c[0] for w in ("men", "women", "crowds"))]
    assert len(people) >= 3
    for c in neg.values():  # no recording or set-up on both sides of a negative
        srcs = [{h10.root(p.src) for p in pieces if p.desc != "title card"} for pieces, _ in c[1].values()]
        assert not set.intersection(*srcs)


def test_retakes_are_different_moments_and_the_edit_is_on_the_second_only():
    retakes = [c for c in CASES.values() if c[2] and c[2][0][0] == "retake"]
    assert len(retakes) >= 11
    # seven kinds: these repositories hold no two separate recordings of one set-up
    assert len({c[4] for c in retakes}) >= 7
    for case in retakes:
        by_tag = {p.tag: p for p in _pieces(case)}
        t1, t2 = by_tag["t1"], by_tag["t2"]
        assert t1.tf is None
        assert h10.root(t1.src) == h10.root(t2.src)
        assert h10.SCENE.get(t1.src, t1.src) == h10.SCENE.get(t2.src, t2.src)
        assert t1.start + t1.dur * t1.speed <= t2.start or t2.start + t2.dur * t2.speed <= t1.start
        cuts = h10.CUTS.get(t1.src, [])  # one shot: the same set-up
        assert sum(c <= t1.start for c in cuts) == sum(c <= t2.start for c in cuts)


def test_true_pairs_spread_over_many_clips():
    per_clip = collections.Counter()
    pairs = 0
    for case in CASES.values():
        for _, tags in case[2]:
            pairs += len(tags) * (len(tags) - 1) // 2
        if case[2]:
            for src in {p.src for p in _pieces(case) if p.tag} & set(h10.FILES):
                per_clip[src] += 1
    assert 50 <= pairs <= 56
    assert len(per_clip) >= 17
    assert max(per_clip.values()) <= 5


def test_new_footage_only():
    repos = {repo for (repo, _), *_ in h10.FILES.values()}
    assert len(repos) >= 5
    for split in EARLIER[2:]:  # heldout2-9
        mod = be.HELD[split]
        files = getattr(mod, "FILES", None)
        if files is None:
            continue
        assert not repos & {repo for (repo, _), *_ in files.values()}, split
        assert not {d for _, _, _, d, _ in h10.FILES.values()} & {d for _, _, _, d, _ in files.values()}, split
    digests = [digest for _, _, _, digest, _ in h10.FILES.values()]
    assert len(set(digests)) == len(digests)
    assert all(len(commit) == 40 and len(digest) == 64 for _, commit, _, digest, _ in h10.FILES.values())
    assert set(h10.SOURCES) == set(h10.FILES)


@pytest.mark.parametrize("split", EARLIER)
def test_parameters_and_combinations_differ_from_earlier_splits(split):
    """No case description of heldout10 repeats one of an earlier split (same edit, same
    parameters; a plain mirror has none), and no combination of two edits is theirs (heldout9 included)."""
    old = {n: be.case_meta(n, c) for n, c in be.repeat_cases(False, None if split == "tune" else split).items()}
    assert {c[0] for c in CASES.values() if c[2]} & {c[0] for c in old.values()} <= {"horizontal mirror"}
    assert not _combos(CASES) & _combos(old)
