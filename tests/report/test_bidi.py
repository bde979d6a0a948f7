"""Right-to-left text in the PDF: each bidi run shaped in its own direction, the runs of a line
drawn in UAX #9 visual order, file names left to right as a whole. Checked on the drawn page:
the position of every glyph, read back through the fonts' ToUnicode maps."""
from __future__ import annotations

import shutil

import pytest

from vidforensics.report.bidi import isolate, runs, visual_order
from vidforensics.report.pdf import User, UserFields, UserName, _fpdf_class, created_datetime, shown

from report_helpers import drawn_text, drawn_words, glyph_lines

TITLE_AR = "تقرير 2026 عن الحالة"
# drawn from the left: the first word at the right end, the number between words 1 and 2
TITLE_AR_DRAWN = ["الحالة", "عن", "2026", "تقرير"]
MIXED_AR = "مقطع من BBC News في السوق"
MIXED_AR_DRAWN = ["السوق", "في", "BBC", "News", "من", "مقطع"]
HEBREW = 'דו"ח 2026 על המקרה'
HEBREW_DRAWN = ["המקרה", "על", "2026", 'דו"ח']
EMBEDDED = "Title: تقرير 2026 عن الحالة (draft)"          # a left-to-right line holding Arabic
EMBEDDED_DRAWN = ["Title:", "الحالة", "عن", "2026", "تقرير", "(draft)"]


def _page(tmp_path, items, *, cjk=False, name="bidi12.pdf"):
    """One A4 page drawn by the report's own PDF class: one paragraph per item."""
    pdf = _fpdf_class()(header_text="x", cjk=cjk)
    pdf.set_creation_date(created_datetime("2026-12-01T00:00:00Z"))
    pdf.add_page()
    for item in items:
        pdf.para(item, size=12)
    path = tmp_path / name
    path.write_bytes(bytes(pdf.output()))
    return path


def _lines(path):
    return [drawn_words(line) for line in glyph_lines(path)]


def test_runs_follow_uax9_levels():
    assert list(runs(TITLE_AR)) == [("تقرير ", 1, 1), ("2026", 2, 1), (" عن الحالة", 1, 1)]
    assert list(runs("a\nب")) == [("a", 0, 0), ("\n", 0, 0), ("ب", 1, 1)]
    # a file name: only the Arabic letters (and spaces between them) run right to left
    assert list(runs("أخبار/مقطع 12.mp4", name=True)) == [
        ("أخبار", 1, 0), ("/", 0, 0), ("مقطع", 1, 0), (" 12.mp4", 0, 0)]
    # L2: levels 1 2 1 in an RTL paragraph -> drawn right to left, the number kept LTR inside
    assert visual_order([1, 2, 1], 1) == [2, 1, 0]
    # an LTR paragraph holding RTL text with a number: 0 [1 2 1] 0
    assert visual_order([0, 1, 2, 1, 0], 0) == [0, 3, 2, 1, 4]


def test_rtl_free_text_is_drawn_in_visual_order(tmp_path):
    path = _page(tmp_path, [User(TITLE_AR), User(MIXED_AR), User(HEBREW), User(EMBEDDED)])
    lines = _lines(path)
    assert lines[0] == TITLE_AR_DRAWN          # spaces kept: four words, not "2026تقرير"
    assert lines[1] == MIXED_AR_DRAWN
    assert lines[2] == HEBREW_DRAWN
    assert lines[3] == EMBEDDED_DRAWN


def test_tag_values_are_laid_out_in_their_own_direction(tmp_path):
    """`key: value` lines (tags, provenance): the value is a paragraph of its own, so an
    Arabic value keeps its Latin words inside it instead of being cut apart by the key."""
    lines = "\n".join([f"comment: {MIXED_AR}", f"title: {TITLE_AR}", "encoder: Lavf 61.7"])
    path = _page(tmp_path, [UserFields(lines), User(f"comment: {MIXED_AR}")])
    drawn = _lines(path)
    assert drawn[0] == ["comment:"] + MIXED_AR_DRAWN
    assert drawn[1] == ["title:"] + TITLE_AR_DRAWN
    assert drawn[2] == ["encoder:", "Lavf", "61.7"]
    # the same line as free text is one left-to-right paragraph: UAX #9 then keeps BBC News
    # at the paragraph's level, between the two Arabic parts
    assert drawn[3] == ["comment:", "من", "مقطع", "BBC", "News", "السوق", "في"]


def test_rtl_text_in_table_cells_and_wrapped_lines(tmp_path):
    pdf = _fpdf_class()(header_text="x")
    pdf.add_page()
    pdf.kv([("Case title", shown(TITLE_AR))], key_w=0.3, size=10)
    pdf.set_x(15)
    pdf.set_font("DejaVu", "", 12)
    pdf.multi_cell(60, 6, User(" ".join([TITLE_AR] * 3)), new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "cells12.pdf"
    path.write_bytes(bytes(pdf.output()))
    drawn = glyph_lines(path)
    assert drawn_words(drawn[0]) == ["Case", "title"] + TITLE_AR_DRAWN
    wrapped = [drawn_words(line) for line in drawn[1:]]
    assert len(wrapped) >= 3, "the long line wraps"
    # each wrapped line is laid out on its own (UAX #9 reorders per line): read from the
    # right, line after line, the words come back in the order they were typed
    read = [w for line in wrapped for w in reversed(line)]
    assert read == TITLE_AR.split() * 3


def test_file_names_stay_left_to_right_with_arabic_joined(tmp_path):
    path = _page(tmp_path, [UserName("مقطع_видео.webm"), UserName("media/مقطع 12.mp4"),
                            UserName("أخبار/مقطع من السوق.mp4")])
    lines = glyph_lines(path)
    assert drawn_text(lines[0]) == "عطقم_видео.webm"          # the Arabic word, then the rest
    assert drawn_text(lines[1]) == "media/عطقم 12.mp4"
    assert drawn_text(lines[2]) == "رابخأ/قوسلا نم عطقم.mp4"  # path order kept, words RTL
    # joined: مقطع is drawn with its initial, medial and final forms, none of them the
    # isolated letters that "م ق ط ع" (spaced apart) is drawn with on the same page
    path = _page(tmp_path, [UserName("مقطع.mp4"), UserName("م ق ط ع")], name="join12.pdf")
    joined, isolated = ([c for (_, t), (_, c) in zip(text, code) if not t.isspace()]
                        for text, code in zip(glyph_lines(path), glyph_lines(path, codes=True)))
    assert len(joined) == 4 + len(".mp4") and len(isolated) == 4
    assert not set(joined[:4]) & set(isolated)


def test_file_names_inside_tool_sentences_keep_their_order(tmp_path):
    """A name embedded in a sentence ("member 1 (V2 مقطع 12.mp4)") is drawn as the file name
    is drawn on its own, in a left-to-right and in a right-to-left sentence; without the
    isolate, UAX #9 would move "12" before the Arabic word. The marks are never drawn."""
    name = "مقطع 12.mp4"
    plain = f"member 1 (V2 {name}) and member 2"
    path = _page(tmp_path, [f"member 1 (V2 {isolate(name)}) and member 2", plain,
                            f"تقرير {isolate(name)} عن", UserName(name)], name="iso12.pdf")
    lines = glyph_lines(path)
    drawn = [drawn_text(line) for line in lines]
    assert "عطقم 12.mp4" in drawn[0] and drawn[0].startswith("member 1 (V2 ")
    assert drawn[3] == "عطقم 12.mp4"                          # the same as the name alone
    assert "عطقم 12.mp4" not in drawn[1]                       # the reordering the marks prevent
    # right-to-left sentence: تقرير at the right end, عن at the left, the name between as itself
    assert drawn[2].replace(" ", "").startswith("نع") and drawn[2].replace(" ", "").endswith("ريرقت")
    assert "عطقم 12.mp4" in drawn[2]
    assert not any(c in "".join(drawn) for c in "\u2066\u2069")
    assert isolate("clip 12.mp4") == "clip 12.mp4"            # nothing to isolate in Latin names


def test_bidi_controls_stay_visible_and_inert(tmp_path):
    text = shown(TITLE_AR + " \u202eabc \u2067x")
    path = _page(tmp_path, [text])
    words = _lines(path)[0]
    # the markers are left-to-right units that reorder nothing: the Arabic words keep
    # their places and what follows U+202E is not reversed
    assert words == ["<U+202E>abc", "<U+2067>x"] + TITLE_AR_DRAWN
    assert "\u202e" not in drawn_text(glyph_lines(path)[0])


def test_cjk_fallback_inside_rtl_text(tmp_path):
    path = _page(tmp_path, [User("مقطع 北京 2026 من")], cjk=True)
    # 北京 is a strong left-to-right run with the number: drawn as one unit, left to right
    assert _lines(path)[0] == ["من", "北京", "2026", "مقطع"]


def test_same_bytes_for_the_same_rtl_text(tmp_path):
    items = [User(TITLE_AR), User(MIXED_AR), UserName("media/مقطع 12.mp4")]
    a = _page(tmp_path, items, name="a12.pdf").read_bytes()
    b = _page(tmp_path, items, name="b12.pdf").read_bytes()
    assert a == b


def test_report_with_an_arabic_title_reads_right_to_left(case, tmp_path, monkeypatch):
    """End to end: `render_case` with an Arabic title holding a number and a Hebrew analyst."""
    from vidforensics.report import render_case
    work, case_dir, _ = case
    copy = work / "case-bidi12"
    shutil.copytree(case_dir, copy, ignore=shutil.ignore_patterns("cache"))
    monkeypatch.chdir(work)
    try:
        out = render_case(copy, title=TITLE_AR, analyst=HEBREW)
        pages = [_lines_page(out, k) for k in range(2)]
        cover = pages[0]
        assert TITLE_AR_DRAWN in cover                          # the cover's title line
        assert ["Case", "title"] + TITLE_AR_DRAWN in cover      # the cover's table
        assert ["Analyst"] + HEBREW_DRAWN in cover
        assert any(line[:4] == TITLE_AR_DRAWN for line in pages[1])   # the running head
        first = out.read_bytes()
        assert render_case(copy, title=TITLE_AR, analyst=HEBREW).read_bytes() == first
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def _lines_page(path, page):
    return [drawn_words(line) for line in glyph_lines(path, page)]
