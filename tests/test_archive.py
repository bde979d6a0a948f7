"""Archive index, search and vPDQ export on the real sample media.

The search clips are edited excerpts made here from montage.mp4 (a 10 % centre crop,
mirrored, scaled and re-encoded; an off-centre crop; mirrored and letterboxed into a square
frame; played 1.5x as fast); the archive has no copy of any of them. vfr.mkv's footage
appears in no other sample video: once it is removed from the index, a clip of it is
unrelated footage.
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

from vidforensics.archive.add import add_paths, run_local
from vidforensics.archive.index import ArchiveIndex, IndexError_
from vidforensics.archive import vpdq
from vidforensics_cli.main import main

ROOT = Path(__file__).resolve().parents[1]
REF = json.loads((ROOT / "tests" / "data" / "pdq_reference.json").read_text())["values"]


@pytest.fixture(scope="module")
def archive(tmp_path_factory, samples):
    """A folder of real videos plus one unreadable file, indexed with the CLI."""
    d = tmp_path_factory.mktemp("archive")
    folder = d / "downloads" / "event"
    folder.mkdir(parents=True)
    for n in ("montage.mp4", "other.webm", "vfr.mkv"):
        shutil.copy(samples / n, folder / n)
    (folder / "broken.mp4").write_bytes(b"not a video at all" * 100)
    idx = d / "idx"
    rc = main(["index", "add", str(idx), str(d / "downloads"), "--recursive", "--quiet"])
    return {"dir": d, "folder": folder, "index": idx, "rc": rc}


@pytest.fixture(scope="module")
def edited_clip(tmp_path_factory, samples):
    sys.path.insert(0, str(samples))
    import _mediakit as mk
    path = tmp_path_factory.mktemp("clip") / "suspect.mp4"
    frames = mk.read_frames(str(samples / "montage.mp4"), 20.0, 8.0, fps=25,
                            fn=lambda im: mk.resize(mk.mirror(mk.crop_frac(im, 0.1)), 480, 270))
    mk.encode(str(path), frames, quality=30, exact=False)
    return path


def _hit_summary(hits):
    return [(Path(h["video"]).name, h["start_s"], h["end_s"], h["clip_start_s"], h["clip_end_s"],
             h["kind"], h["evidence"]["transform"]) for h in hits]


def test_add_lists_bad_files_and_skips_them(archive, capsys):
    assert archive["rc"] == 1                          # one file could not be indexed
    index = ArchiveIndex(archive["index"])
    assert sorted(Path(v.path).name for v in index.videos()) == ["montage.mp4", "other.webm", "vfr.mkv"]
    assert [Path(p).name for p, _, _ in index.errors()] == ["broken.mp4"]
    assert main(["index", "list", str(archive["index"]), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed["videos"]) == 3 and listed["errors"][0]["path"].endswith("broken.mp4")
    assert index.bands_current()


def test_search_finds_edited_excerpt_localised_both_sides(archive, edited_clip, capsys):
    assert main(["search", str(archive["index"]), str(edited_clip), "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    mine = [h for h in hits if h["video"].endswith("montage.mp4")]
    assert mine, hits
    best = max(mine, key=lambda h: h["clip_end_s"] - h["clip_start_s"])
    assert set(best) == {"clip", "video", "start_s", "end_s", "clip_start_s", "clip_end_s", "kind", "evidence"}
    assert abs(best["start_s"] - 20.0) <= 1.0 and abs(best["end_s"] - 28.0) <= 1.0
    assert best["clip_start_s"] <= 1.0 and abs(best["clip_end_s"] - 8.0) <= 1.0
    assert best["evidence"]["transform"]["clip"].endswith("+mirror")
    assert not [h for h in hits if h["video"].endswith(("other.webm", "vfr.mkv"))]


def test_unrelated_clip_finds_nothing_in_other_videos(archive, samples, capsys):
    assert main(["search", str(archive["index"]), str(samples / "other.webm"), "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert hits and {Path(h["video"]).name for h in hits} == {"other.webm"}


def test_add_again_decodes_nothing_and_interrupted_add_keeps_finished_files(archive, tmp_path, samples):
    index = ArchiveIndex(archive["index"])
    rep = add_paths(index, [str(archive["folder"] / "montage.mp4")],
                    runner=lambda *a: pytest.fail("an indexed file was decoded again"))
    assert rep.skipped and not rep.added
    # an add interrupted after the first file: that file stays, junk past the end is cut off
    idx2 = ArchiveIndex(tmp_path / "idx2", create=True)

    def interrupted(paths, analysis, cfg):
        it = run_local(paths, analysis, cfg)
        yield next(it)
        with open(idx2.dir / "rows.bin", "ab") as f:       # a half-written second file
            f.write(b"\x01" * 50)
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        add_paths(idx2, [str(samples / "vfr.mkv"), str(samples / "other.webm")], runner=interrupted)
    again = ArchiveIndex(tmp_path / "idx2")
    assert [Path(v.path).name for v in again.videos()] == ["vfr.mkv"]
    assert (again.dir / "rows.bin").stat().st_size == len(again.rows()) * again.rows().dtype.itemsize
    assert again.bands_current()
    rep = add_paths(again, [str(samples / "vfr.mkv"), str(samples / "other.webm")])
    assert rep.skipped == [str(samples / "vfr.mkv")] and rep.added == [str(samples / "other.webm")]


def test_remove_and_bad_index_paths(archive, tmp_path, samples):
    idx = tmp_path / "small"
    assert main(["index", "add", str(idx), str(samples / "vfr.mkv"), "-q"]) == 0
    sha = ArchiveIndex(idx).videos()[0].sha256
    assert main(["index", "remove", str(idx), sha[:10]]) == 0
    assert ArchiveIndex(idx).videos() == []
    assert main(["index", "remove", str(idx), "nothing-like-this"]) == 1
    with pytest.raises(IndexError_):
        ArchiveIndex(tmp_path / "absent")
    assert main(["search", str(tmp_path / "absent"), str(samples / "vfr.mkv")]) == 2
    assert main(["index", "add", str(samples), str(samples / "vfr.mkv")]) == 2   # not an index, not empty


def test_vpdq_export_reference_format(archive, tmp_path):
    out = tmp_path / "vpdq"
    assert main(["export", str(archive["index"]), "--format", "vpdq", "--out", str(out)]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert len(manifest["videos"]) == 3
    montage = next(m for m in manifest["videos"] if m["video"].endswith("montage.mp4"))
    text = (out / montage["file"]).read_text()
    feats = vpdq.parse_features(text)
    assert vpdq.format_features(feats) == text
    assert len(feats) == 53 and feats["frame"][0] == 0 and feats["frame"][1] == 25
    assert np.allclose(feats["time_s"][:3], [0, 1, 2])
    first = text.splitlines()[0].split(",")
    ref = REF["full:montage.mp4:0"]
    assert first[2] == ref["pdq"] and int(first[1]) == ref["quality"]
    with pytest.raises(ValueError):
        vpdq.parse_features("1,2,zz,0.0\n")


# ------------------------------------------------------------------ robustness, compaction, --out
def _offcentre(im, box=(0.10, 0.03, 0.95, 0.90)):
    """Keep x 10-95 %, y 3-90 % of the picture (an off-centre crop of 15 % x 13 %), rescaled."""
    import _mediakit as mk
    h, w = im.shape[:2]
    x0, y0, x1, y1 = (int(round(f * n)) for f, n in zip(box, (w, h, w, h)))
    return mk.resize(im[y0:y1, x0:x1], w, h)


EDITS = {   # name: (source start s, output s, speed, edit) -> expected archive range
    "offcentre": (20.0, 8.0, 1.0, lambda mk: _offcentre),
    "mirror_letterbox": (12.0, 8.0, 1.0, lambda mk: lambda im: mk.fit(mk.mirror(im), 480, 480)),
    "speed_1_5": (36.0, 8.0, 1.5, lambda mk: lambda im: mk.resize(im, 480, 270)),
}


@pytest.fixture(scope="module")
def edits(tmp_path_factory, samples):
    sys.path.insert(0, str(samples))
    import _mediakit as mk
    d = tmp_path_factory.mktemp("edits")
    out = {}
    for name, (start, dur, speed, make) in EDITS.items():
        frames = mk.read_frames(str(samples / "montage.mp4"), start, dur, fps=25, speed=speed, fn=make(mk))
        mk.encode(str(d / f"{name}.mp4"), frames, quality=30, exact=False)
        out[name] = d / f"{name}.mp4"
    frames = mk.read_frames(str(samples / "vfr.mkv"), 0.0, 3.5, fps=25, fn=mk.mirror)
    mk.encode(str(d / "unrelated.mp4"), frames, quality=30, exact=False)
    out["unrelated"] = d / "unrelated.mp4"
    return out


@pytest.fixture(scope="module")
def without_vfr(archive, tmp_path_factory):
    """A copy of the archive index with vfr.mkv removed (through the CLI: space reclaimed)."""
    d = tmp_path_factory.mktemp("compacted") / "idx"
    shutil.copytree(archive["index"], d)
    before = ArchiveIndex(d)
    size0, rows0 = before.size_bytes(), len(before.rows())
    keep = {v.sha256: np.asarray(before.rows()[v.row0:v.row0 + v.nrows]).copy()
            for v in before.videos() if not v.path.endswith("vfr.mkv")}
    before.close()
    vfr = str(archive["folder"] / "vfr.mkv")
    assert main(["index", "remove", str(d), vfr]) == 0
    return {"index": d, "size0": size0, "rows0": rows0, "keep": keep}


@pytest.mark.parametrize("name", list(EDITS))
def test_search_is_robust_to_edits(without_vfr, edits, name, capsys):
    start, dur, speed, _ = EDITS[name]
    assert main(["search", str(without_vfr["index"]), str(edits[name]), "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    mine = [h for h in hits if h["video"].endswith("montage.mp4")]
    assert mine, hits
    best = max(mine, key=lambda h: h["clip_end_s"] - h["clip_start_s"])
    assert abs(best["start_s"] - start) <= 1.0 and abs(best["end_s"] - (start + dur * speed)) <= 1.0, best
    assert best["clip_start_s"] <= 1.0 and abs(best["clip_end_s"] - dur) <= 1.0, best
    assert abs(best["evidence"]["speed_clip_over_archive"] - 1 / speed) <= 0.1 * (1 / speed), best
    if name.startswith("mirror"):
        assert best["evidence"]["transform"]["clip"].endswith("+mirror")


def test_unrelated_clip_has_no_hit(without_vfr, edits, capsys):
    assert main(["search", str(without_vfr["index"]), str(edits["unrelated"]), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["hits"] == []


def test_remove_reclaims_space_and_keeps_the_rest_exactly(archive, without_vfr, edited_clip, capsys):
    index = ArchiveIndex(without_vfr["index"])
    assert sorted(Path(v.path).name for v in index.videos()) == ["montage.mp4", "other.webm"]
    assert index.dead_rows() == 0 and len(index.rows()) < without_vfr["rows0"]
    assert index.size_bytes() < without_vfr["size0"]
    assert index.bands_current()
    for v in index.videos():              # the remaining videos' rows moved, unchanged
        assert np.array_equal(np.asarray(index.rows()[v.row0:v.row0 + v.nrows]), without_vfr["keep"][v.sha256])
    gen = index._meta("generation")             # the band index is named for the catalogue state
    assert sorted(p.name for p in index.dir.glob("*.bin")) == [f"bands-{gen}.bin", "rows-1.bin", "variants-1.bin",
                                                               "vpdq-1.bin"]
    assert [p.name for p in index.dir.glob("bands-starts*.npy")] == [f"bands-starts-{gen}.npy"]
    results = []
    for idx in (archive["index"], without_vfr["index"]):
        assert main(["search", str(idx), str(edited_clip), "--json"]) == 0
        results.append(json.loads(capsys.readouterr().out)["hits"])
    assert results[0] == results[1]        # the search found only montage.mp4 before as after


def test_interrupted_compaction_leaves_the_index_as_it_was(archive, tmp_path, edited_clip, monkeypatch, capsys):
    d = tmp_path / "idx"
    shutil.copytree(archive["index"], d)
    index = ArchiveIndex(d)
    with index.writing():
        index.remove([str(archive["folder"] / "other.webm")])
        index.build_bands()
    files = sorted(p.name for p in d.iterdir())
    import vidforensics.archive.index as index_mod

    def full_disk(fd):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(index_mod.os, "fsync", full_disk)
    with pytest.raises(OSError), index.writing():
        index.compact()
    monkeypatch.undo()
    again = ArchiveIndex(d)                 # the half-written arrays are deleted on opening
    assert sorted(p.name for p in d.iterdir()) == files
    assert again.dead_rows() > 0 and again.bands_current()
    assert main(["search", str(d), str(edited_clip), "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert main(["index", "compact", str(d)]) == 0
    assert main(["search", str(d), str(edited_clip), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["hits"] == hits and ArchiveIndex(d).dead_rows() == 0


def _hits(index, clip):
    from vidforensics.archive.search import search
    hits, errors = search(index, [str(clip)])
    assert errors == []
    return [h.to_dict() for h in hits]


def test_a_search_sees_the_index_as_it_was_while_a_writer_removes_and_compacts(archive, tmp_path, edited_clip):
    """A search that started before `index remove` (removal + compaction, old files deleted)
    finishes on the state it started with; one that starts after sees the new state."""
    d = tmp_path / "idx"
    shutil.copytree(archive["index"], d)
    before = _hits(ArchiveIndex(d), edited_clip)
    assert {Path(h["video"]).name for h in before} == {"montage.mp4"}
    reader = ArchiveIndex(d)
    with reader.reading():
        writer = ArchiveIndex(d)
        with writer.writing():
            writer.remove([str(archive["folder"] / "montage.mp4")])
            assert writer.bands_current()          # a removal leaves the band index usable
            assert writer.compact() > 0
        assert not (d / "rows.bin").exists()       # the files the reader uses are gone by name
        assert _hits(reader, edited_clip) == before
    assert _hits(reader, edited_clip) == []        # a new snapshot: montage.mp4 is no longer in


def test_a_snapshot_whose_files_vanish_while_it_opens_is_taken_again(archive, tmp_path, edited_clip, monkeypatch):
    """The race itself: the catalogue is read, then a compaction deletes the files it named
    before they are opened. The reader takes its snapshot again, of the new state."""
    d = tmp_path / "idx"
    shutil.copytree(archive["index"], d)
    reader = ArchiveIndex(d)
    real_rows, calls = ArchiveIndex.rows, []

    def rows_after_a_compaction(self):
        if not calls:
            calls.append(1)
            writer = ArchiveIndex(d)
            with writer.writing():
                writer.remove([str(archive["folder"] / "montage.mp4")])
                writer.compact()
        return real_rows(self)
    monkeypatch.setattr(ArchiveIndex, "rows", rows_after_a_compaction)
    with reader.reading():
        assert calls and sorted(Path(v.path).name for v in reader.videos()) == ["other.webm", "vfr.mkv"]
        assert _hits(reader, edited_clip) == []


def test_a_search_during_an_add_covers_the_videos_before_it_and_lists_the_rest(without_vfr, tmp_path, samples,
                                                                               edited_clip, capsys):
    """While `index add` runs (a video committed, the band index not yet rebuilt) a search
    still finds what the earlier videos hold, lists the new video as not searched, and exits
    1; once the add has finished, nothing is left out."""
    d = tmp_path / "idx"
    shutil.copytree(without_vfr["index"], d)
    seen = []

    def runner(paths, analysis, cfg):
        for item in run_local(paths, analysis, cfg):
            yield item                              # the caller commits it before resuming
            seen.append(main(["search", str(d), str(edited_clip), "--json"]))
            seen.append(json.loads(capsys.readouterr().out))
    add_paths(ArchiveIndex(d), [str(samples / "vfr.mkv")], runner=runner)
    rc, during = seen
    assert rc == 1 and [Path(v["video"]).name for v in during["not_searched"]] == ["vfr.mkv"]
    assert {Path(h["video"]).name for h in during["hits"]} == {"montage.mp4"}
    assert main(["search", str(d), str(edited_clip), "--json"]) == 0
    after = json.loads(capsys.readouterr().out)
    assert after["not_searched"] == [] and after["hits"] == during["hits"]


def test_a_missing_array_file_is_an_error_not_an_empty_index(archive, tmp_path, edited_clip, capsys):
    d = tmp_path / "idx"
    shutil.copytree(archive["index"], d)
    (d / "variants.bin").unlink()
    assert main(["search", str(d), str(edited_clip), "--json"]) == 2
    err = capsys.readouterr().err.strip()
    assert "variants.bin" in err and "missing" in err and len(err.splitlines()) == 1


def test_search_out_writes_a_case_folder(archive, edited_clip, tmp_path, monkeypatch, capsys):
    import hostile_media
    from vidforensics.result import load, validate
    from vidforensics.probe import sha256_file
    clip_sha = sha256_file(str(edited_clip))
    out = tmp_path / "case"
    assert main(["search", str(archive["index"]), str(edited_clip), "--out", str(out), "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    findings = json.loads((out / "findings.json").read_text())
    validate(findings)
    assert (out / "report.pdf").read_bytes()[:5] == b"%PDF-"
    res = load(out)
    assert sorted(Path(i.path).name for i in res.inputs) == ["montage.mp4", "suspect.mp4"]
    linked = [g for g in res.repeated_segments
              if {Path(m.video).name for m in g.members} >= {"montage.mp4", "suspect.mp4"}]
    assert linked and hits
    assert not [p for p in out.iterdir() if p.name.endswith(".staged")]
    assert sha256_file(str(edited_clip)) == clip_sha           # inputs only read
    # a failed second run leaves the case exactly as it was
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    hostile_media.fail_writing(monkeypatch, "report.pdf")
    assert main(["search", str(archive["index"]), str(edited_clip), "--out", str(out)]) != 0
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_a_worker_reading_other_bytes_is_an_error_not_an_entry(tmp_path, samples):
    """On a cluster each worker opens the path itself: a stale copy on a worker's machine
    (other bytes than the client hashed) is reported for that file and not indexed."""
    import dataclasses
    index = ArchiveIndex(tmp_path / "idx", create=True)

    def other_copy(paths, analysis, cfg):
        for p, rec in run_local(paths, analysis, cfg):
            yield p, dataclasses.replace(rec, sha256="0" * 64)
    errors = []
    rep = add_paths(index, [str(samples / "vfr.mkv")], runner=other_copy, on_error=lambda p, e: errors.append(e))
    assert rep.added == [] and index.videos() == [] and "a worker's copy differs" in errors[0]
    assert [Path(p).name for p, _, _ in index.errors()] == ["vfr.mkv"]
