"""Constants and helpers shared by the report tests."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

UNICODE_NAME = "مقطع_видео.webm"
TITLE = "Case 7: market footage, Рынок / سوق"
ANALYST = "A. Examiner"
SOURCE_URL = "https://example.org/watch?v=abc123&feature=share&list=PL0123456789abcdefghijklmnopqrstuvwxyz"


def pdf_text(path: Path) -> str:
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(str(path))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def flat(text: str) -> str:
    """Text without line breaks or spaces, so that wrapped hashes and paths can be found."""
    return "".join(text.split())


def _to_unicode(font) -> dict[int, str]:
    """The font's ToUnicode map (bfchar and bfrange entries, as fpdf2 writes them)."""
    import re
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    table: dict[int, str] = {}
    u16 = lambda h: bytes.fromhex(h).decode("utf-16-be")  # noqa: E731
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[int(src, 16)] = u16(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for a, b, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = int(dst, 16)
            for k, code in enumerate(range(int(a, 16), int(b, 16) + 1)):
                table[code] = chr(first + k)
    return table


def glyph_lines(path: Path, page: int = 0, *, body_only: bool = True,
                codes: bool = False) -> list[list[tuple[float, str]]]:
    """The text of one page as drawn: per line (top to bottom), its glyphs (one text per
    glyph, as the ToUnicode map names it) from left to right, by position on the page.
    A Tj of several glyphs (unshaped text) counts as left-to-right glyphs from its start; each
    text block (BT) starts with a space, so that two table cells on a line are two words.
    `body_only` leaves out the page footer (the bottom 20 mm); `codes` gives each glyph's
    code in its font instead of its text (to tell contextual forms from isolated ones)."""
    pypdf = pytest.importorskip("pypdf")
    from pypdf.generic import ContentStream
    reader = pypdf.PdfReader(str(path))
    pg = reader.pages[page]
    fonts = pg["/Resources"]["/Font"]
    maps: dict[str, dict[int, str]] = {}
    x = y = 0.0
    size, cmap = 1.0, {}
    drawn: dict[float, list[tuple[float, int, str]]] = {}
    seq, block_start = 0, False
    for operands, op in ContentStream(pg.get_contents(), reader).operations:
        if op == b"Tf":
            name = operands[0]
            if name not in maps:
                maps[name] = _to_unicode(fonts[name].get_object())
            cmap, size = maps[name], float(operands[1])
        elif op == b"BT":
            x = y = 0.0
            block_start = True
        elif op == b"Td":
            x, y = x + float(operands[0]), y + float(operands[1])
        elif op == b"Tm":
            x, y = float(operands[4]), float(operands[5])
        elif op == b"Tj":
            raw = operands[0]
            data = raw.original_bytes if hasattr(raw, "original_bytes") else bytes(raw)
            glyphs = [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data) - 1, 2)]
            glyphs = glyphs if codes else [cmap.get(c, "?") for c in glyphs]
            row = drawn.setdefault(round(y, 1), [])
            if block_start and glyphs:          # a text block (a cell, a line) starts a word
                row.append((x - 0.01, seq, " "))
                seq += 1
                block_start = False
            for k, g in enumerate(glyphs):      # within one Tj: keep the order drawn
                row.append((x, seq, g))
                seq += 1
    return [[(gx, g) for gx, _, g in sorted(row)] for gy, row in sorted(drawn.items(), reverse=True)
            if not body_only or gy > 20 * 72 / 25.4]


def drawn_words(glyphs: list[tuple[float, str]]) -> list[str]:
    """The words of one drawn line from left to right (split at space glyphs); a word made of
    right-to-left letters is spelled from its right end, so it reads as typed."""
    words, word = [], []
    for _, g in glyphs + [(0.0, " ")]:
        if g.isspace():
            if word:
                words.append(word)
            word = []
        else:
            word.append(g)
    rtl = lambda w: all(unicodedata.bidirectional(c) in ("R", "AL", "NSM", "ON", "CS") for c in "".join(w))  # noqa: E731
    return ["".join(reversed(w) if rtl(w) else w) for w in words]


def drawn_text(glyphs: list[tuple[float, str]]) -> str:
    """The glyphs of one drawn line as a string, strictly left to right."""
    return "".join(g for _, g in glyphs).strip()
