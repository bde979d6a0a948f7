"""viewer.html without a browser: written with every case, self-contained, deterministic,
safe against file names that look like markup; excerpts keep the original times."""
from __future__ import annotations

import dataclasses
import json
import re

from vidforensics.viewer import VIEWER_NAME, check_inputs, fragment, page_data, viewer_html


def test_viewer_written_with_the_case_and_self_contained(sample_result):
    from pathlib import Path
    case = Path(sample_result.case_dir)
    text = (case / VIEWER_NAME).read_text(encoding="utf-8")
    assert text == viewer_html(sample_result, case)                  # deterministic
    assert not re.search(r"(src|href)=\"(https?:)?//", text) and "http://" not in text
    assert "<script src" not in text and "<link" not in text
    from vidforensics.report.wording import find_banned
    assert find_banned(text) == []
    data = page_data(sample_result, case)
    assert [i["sha256"] for i in data["inputs"]] == [i.sha256 for i in sample_result.inputs]
    assert len(data["groups"]) == len(sample_result.repeated_segments)
    for inp in data["inputs"]:
        assert not inp["src"].startswith("/")                          # relative to the case


def test_markup_in_file_names_cannot_break_the_page(sample_result, tmp_path):
    info = dataclasses.replace(sample_result.inputs[0], path="a</script><script>alert(1)</script>.mp4")
    res = dataclasses.replace(sample_result, inputs=(info,), repeated_segments=(), shots=())
    text = viewer_html(res, tmp_path)
    assert "</script><script>alert(1)" not in text
    blob = text.split('id="vf-data">', 1)[1].split("</script>", 1)[0]
    assert json.loads(blob)["inputs"][0]["path"] == info.path


def test_check_fragment_round_trip(sample_result):
    import base64
    check = check_inputs(sample_result, sample_result.case_dir)
    assert check["status"] == ["matches"] * len(sample_result.inputs)
    raw = fragment(check)[len("#check="):]
    assert json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))) == check


def test_excerpts_keep_original_times(sample_result, tmp_path):
    import av
    from vidforensics.viewer.excerpts import write_excerpts
    g = sample_result.repeated_segments[0]
    short = tuple(dataclasses.replace(m, end_s=m.start_s + 0.6) for m in g.members[:2])   # keep it fast
    one = dataclasses.replace(sample_result, repeated_segments=(dataclasses.replace(g, members=short),))
    index = write_excerpts(one, tmp_path)
    assert index and (tmp_path / "excerpts" / "index.json").is_file()
    for video, items in index.items():
        for x in items:
            with av.open(str(tmp_path / x["src"])) as c:
                s = c.streams.video[0]
                assert s.codec_context.name == "vp8"
                first = next(c.decode(s))
                assert abs(float(first.pts * s.time_base)) < 1e-3        # starts at the excerpt start
    for m in one.repeated_segments[0].members:                         # every member covered
        assert any(x["start_s"] <= m.start_s + 1e-6 and x["end_s"] >= m.end_s - 0.2
                   for x in index[m.video]), m


def test_viewer_script_hides_every_bidi_control_the_library_knows():
    """viewer.js shows bidi controls as <U+XXXX> by one character class; it must be exactly
    vidforensics.text.BIDI_CONTROLS (the PDF's and notebook's set), or a control missing from
    it would reach the page raw (the browser test covers U+202E in a real case)."""
    from importlib.resources import files
    from vidforensics.text import BIDI_CONTROLS
    js = files("vidforensics.viewer").joinpath("viewer.js").read_text(encoding="utf-8")
    body = re.search(r"const BIDI = /\[(.*?)\]/g;", js).group(1)
    chars = set()
    for lo, hi in re.findall(r"\\u([0-9a-f]{4})(?:-\\u([0-9a-f]{4}))?", body):
        chars |= {chr(c) for c in range(int(lo, 16), int(hi or lo, 16) + 1)}
    assert chars == set(BIDI_CONTROLS)
