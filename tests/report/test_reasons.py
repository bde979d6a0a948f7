"""Why frames cannot be shown: the reason names files, and a file name is the user's text.
It is escaped (a bidi override in a name cannot reorder the report), laid out as a file name
(an Arabic folder keeps the path's order), and not read as the tool's own wording."""
from __future__ import annotations

import dataclasses

from vidforensics.report.frames import FrameSource
from vidforensics.report.pdf import _fpdf_class, created_datetime
from vidforensics.report.safe import Reason, reason_shown, tool_words
from vidforensics.report import wording as W

from report_helpers import drawn_text, glyph_lines


def test_reason_is_plain_for_terminals_and_escaped_for_the_pdf():
    r = Reason.of("the input file {video} was not found ({why})",
                  {"video": "/cases/a\u202eclip fake.mp4"}, {"why": "line\nbreak"})
    assert str(r) == "the input file /cases/a\u202eclip fake.mp4 was not found (line\nbreak)"
    assert r.display == "the input file /cases/a<U+202E>clip fake.mp4 was not found (line\\nbreak)"
    assert r.names == ("/cases/a<U+202E>clip fake.mp4",)
    assert reason_shown("x\u202ey") == "x<U+202E>y"             # any other reason is escaped too
    arabic = Reason.of("the file at {path} cannot be read", {"path": "/cases/مقطع 12/clip.mp4"})
    assert arabic.display == "the file at \u2066/cases/مقطع 12/clip.mp4\u2069 cannot be read"


def test_file_names_in_reasons_are_not_the_tools_words():
    r = Reason.of("the input file {video} was not found", {"video": "/cases/fake/staged.mp4"})
    sentence = W.FRAMES_UNAVAILABLE.format(reason=r.display)
    assert W.find_banned(sentence)                          # the plain check would flag the name
    assert not W.find_banned(tool_words([sentence], list(r.names)))
    assert W.find_banned(tool_words(["this is fake", sentence], list(r.names)))  # tool's own words still


def test_missing_input_reason_names_the_file_as_it_is(case, tmp_path):
    """The reason FrameSource gives for a missing input, drawn in the report's sentence: the
    path with an Arabic folder reads left to right as one path ("12" stays after the Arabic
    word), its isolate marks are never drawn, and a bidi override is drawn as <U+202E>."""
    _, _, result = case
    folder = tmp_path / "مقطع 12"
    missing = str(folder / "a\u202eb.mp4")
    moved = dataclasses.replace(result, inputs=[dataclasses.replace(result.inputs[0], path=missing)])
    source = FrameSource(moved, tmp_path / "case")
    got, reason = source.frames(missing, [(None, 0.0)])
    assert got == [None] and isinstance(reason, Reason)
    assert "was not found" in reason and "\u202e" in reason         # the plain text, for terminals
    assert source.names_shown and all("\u202e" not in n for n in source.names_shown)

    pdf = _fpdf_class()(header_text="x")
    pdf.set_creation_date(created_datetime("2026-12-01T00:00:00Z"))
    pdf.add_page()
    pdf.para(W.FRAMES_UNAVAILABLE.format(reason=reason_shown(reason)), size=9)
    path = tmp_path / "reason.pdf"
    path.write_bytes(bytes(pdf.output()))
    drawn = "".join(drawn_text(line) for line in glyph_lines(path)).replace(" ", "")
    shown_path = str(folder).replace(" ", "")
    assert shown_path.replace("مقطع", "عطقم") in drawn               # the path in its own order
    assert "<U+202E>b.mp4" in drawn
    assert not any(c in drawn for c in "\u2066\u2069\u202e")
    assert drawn.startswith("Framescouldnotbeshown:theinputfile")
