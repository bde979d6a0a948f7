"""Notebook API: HTML summary, pandas tables, aligned frames, and the example notebook."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from vidforensics.notebook import TABLES, GroupView
from vidforensics.report.wording import find_banned

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def result_here(case, monkeypatch):
    work, _, result = case
    monkeypatch.chdir(work)            # where the inputs were given from
    return result


def test_to_pandas_tables(result_here):
    pytest.importorskip("pandas")
    r = result_here
    shots = r.to_pandas("shots")
    assert len(shots) == len(r.shots) and shots["start_tc"].iloc[0] == "00:00.00"
    seg = r.to_pandas("segments")
    assert len(seg) == sum(len(g.members) for g in r.repeated_segments)
    assert set(seg["member"]) >= {1, 2}
    pairs = r.to_pandas("pairs")
    assert len(pairs) == sum(len(g.evidence["pairs"]) for g in r.repeated_segments)
    assert (pairs["median_distance"] <= pairs["threshold"]).all()
    inputs = r.to_pandas("inputs")
    assert list(inputs["sha256"]) == [i.sha256 for i in r.inputs]
    assert inputs["source_url"].iloc[0].startswith("https://")
    people = r.to_pandas("individuals")
    assert len(people) == 0 and "x0" in people.columns     # empty tables keep their columns
    assert TABLES == ("shots", "segments", "pairs", "individuals", "inputs")
    with pytest.raises(ValueError, match="shots, segments"):
        r.to_pandas("frames")


def test_to_pandas_without_pandas_names_the_extra(result_here, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"vidforensics\[notebook\]"):
        result_here.to_pandas("shots")


def test_repr_html_summary_with_thumbnails(result_here):
    html = result_here._repr_html_()
    assert all(i.sha256 in html for i in result_here.inputs)
    assert html.count("data:image/jpeg;base64,") >= 2
    assert "مقطع_видео.webm" in html
    assert find_banned(html) == []


def test_repr_html_without_inputs_on_disk(case, tmp_path, monkeypatch):
    _, _, result = case
    monkeypatch.chdir(tmp_path)
    import dataclasses
    html = dataclasses.replace(result, case_dir=str(tmp_path / "gone"))._repr_html_()
    assert "data:image" not in html and result.inputs[0].sha256 in html


def test_show_group(result_here):
    g = result_here.repeated_segments[0]
    view = result_here.show_group(g.id, pair=0, n=3)
    assert isinstance(view, GroupView) and view.reason is None
    assert len(view.frames) == 3 and all(f["a_rgb"] is not None for f in view.frames)
    html = view._repr_html_()
    assert html.count("data:image/jpeg;base64,") == 9           # 3 x (a, b, difference)
    assert result_here.show_group(0).group is g
    with pytest.raises(KeyError, match="R1"):
        result_here.show_group("nope")


def test_example_notebook_runs():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.read(str(ROOT / "docs" / "example.ipynb"), as_version=4)
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT / "docs")}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("report.pdf" in o.get("text", "") for o in outputs)


def test_bidi_controls_in_file_names_do_not_act_in_notebook_html(case, tmp_path, monkeypatch):
    """An input whose name holds U+202E (missing now, so its reason names it too): the HTML
    shows the control as <U+202E>, as the PDF does, and holds no raw bidi control."""
    import dataclasses
    _, _, result = case
    monkeypatch.chdir(tmp_path)
    odd = str(tmp_path / "clip\u202e4pm.webm")
    moved = dataclasses.replace(result, case_dir=str(tmp_path / "gone"), inputs=[
        dataclasses.replace(i, path=odd) if k == 1 else i for k, i in enumerate(result.inputs)])
    moved = dataclasses.replace(moved, repeated_segments=[
        dataclasses.replace(g, members=[dataclasses.replace(m, video=odd if m.video == result.inputs[1].path
                                                            else m.video) for m in g.members])
        for g in result.repeated_segments])
    pages = [moved._repr_html_()]
    for g in moved.repeated_segments:
        if any(m.video == odd for m in g.members):
            view = moved.show_group(g.id, pair=0, n=2)
            assert view.reason and "\u202e" in view.reason          # the plain reason, as recorded
            pages.append(view._repr_html_())
    assert len(pages) >= 2
    for page in pages:
        assert "\u202e" not in page and "clip&lt;U+202E&gt;4pm.webm" in page
