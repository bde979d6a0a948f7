"""Archive index, search and vPDQ export on the real sample media.

The search clip is an edited excerpt made here from montage.mp4 (8 s from 20 s, 10 % centre
crop, mirrored, scaled to 480x270, re-encoded); the archive has no copy of it.
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
