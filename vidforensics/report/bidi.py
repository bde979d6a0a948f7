"""Bidirectional text for the PDF: which runs of a line go right to left, and in what order
they are drawn (Unicode Bidirectional Algorithm, UAX #9).

Two kinds of text are laid out differently:

- **free text** (titles, notes, analyst, tags, custody entries, tool wording): each line is a
  UAX #9 paragraph whose direction comes from its first strong letter (rules P2/P3), resolved
  to embedding levels by fpdf2's implementation (`fpdf.bidi`, rules X1-I2 and L1). A number
  or a Latin phrase inside Arabic or Hebrew text stays where a reader of that script expects
  it: "تقرير 2026 عن الحالة" reads, from the right, تقرير · 2026 · عن · الحالة.
  In `key: value` lines (`Fields`: tags, provenance) each value is a paragraph of its own.
- **file names and paths** (`Name`): left to right as a whole. Only the letters of
  right-to-left scripts, their marks and the spaces between them form right-to-left runs;
  digits, separators (`/`, `_`, `.`) and Latin keep their logical place, so `أخبار/مقطع 12.mp4`
  is drawn as the components in the order they are typed.

- **file names inside tool sentences** ("member 1 (V2 مقطع 12.mp4)"): the sentence is free
  text and each name in it is wrapped by `isolate` in U+2066 ... U+2069 (LRI ... PDI, UAX #9
  X5a): the sentence treats the name as one neutral unit, and inside it the name is laid out
  as a file name. The two marks are never drawn. They cannot come from user text:
  `vidforensics.text.for_display` escapes every bidi control before a value reaches a sentence.

`runs(text, name=...)` cuts a text into (characters, embedding level, paragraph level)
triples in logical order; the PDF layer shapes each run with HarfBuzz in its own direction
(odd level: right to left) and, after line breaking, draws the runs of each line in visual
order with `visual_order` (rule L2). Bidi control characters never reach this module from
user text: `vidforensics.text.for_display` shows them as `<U+202E>` and so on.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterator, Sequence

_STRONG_RTL = ("R", "AL")
_ATTACHED = ("NSM", "BN")           # combining marks, joiners: the direction of what they follow
# what `vidforensics.text.for_display` writes for a character it does not show: laid out as one
# left-to-right unit, so that "<U+202E>" or "\\x1b" never comes apart beside Arabic text
_ESCAPE = re.compile(r"<U\+[0-9A-F]{4,6}>|\\x[0-9a-f]{2}|\\u[0-9a-fA-F]{4}|\\[ntr]")


LRI, PDI = "\u2066", "\u2069"
_ISOLATE = re.compile(LRI + "([^" + LRI + PDI + "]*)" + PDI)


class Name(str):
    """A file name or path as the report shows it: laid out left to right as a whole."""


def isolate(name: str) -> str:
    """`name` (already escaped for display) marked to be laid out as a file name where it is
    embedded in a sentence; unchanged when it holds no right-to-left letter."""
    if not any(unicodedata.bidirectional(c) in _STRONG_RTL for c in name):
        return str(name)
    return f"{LRI}{name}{PDI}"


def without_isolates(text: str) -> str:
    return text.replace(LRI, "").replace(PDI, "") if LRI in text else text


class Fields(str):
    """Lines of `key: value` (tags, provenance entries): each value is laid out as a paragraph
    of its own (as if isolated, UAX #9 FSI ... PDI), so that an Arabic value holding Latin words
    is not cut apart by the left-to-right key before it."""


def _free_levels(text: str) -> tuple[int, list[int]]:
    """(paragraph level, embedding level of each character) for one line of free text; a
    name isolated by `isolate` is one neutral unit to the line and a file name inside."""
    spans = [m.span() for m in _ISOLATE.finditer(text)] if LRI in text else []
    if not spans:
        return _plain_levels(text)
    outer = text
    for a, b in spans:                                  # the isolate is a neutral (X5a, W-N rules)
        outer = outer[:a] + "\ufffc" * (b - a) + outer[b:]
    base, levels = _plain_levels(outer)
    inner = base + 2 - base % 2 if base % 2 else base + 2   # least even level above the base
    for a, b in spans:
        _, name = _name_levels(text[a + 1:b - 1])
        levels[a:b] = [base] + [inner + lv for lv in name] + [base]
    return base, levels


def _plain_levels(text: str) -> tuple[int, list[int]]:
    from fpdf.bidi import BidiParagraph, auto_detect_base_direction
    from fpdf.enums import TextDirection

    text = _ESCAPE.sub(lambda m: "a" * len(m.group()), text)     # escapes: strong LTR
    base = auto_detect_base_direction(text)             # P2/P3; LTR when no strong letter
    paragraph = BidiParagraph(text=text, base_direction=base)
    paragraph.get_reordered_characters()                # applies L1 to the characters' levels
    base_level = 1 if base == TextDirection.RTL else 0
    levels: list[int | None] = [None] * len(text)
    for ch in paragraph.get_characters():
        levels[ch.character_index] = ch.embedding_level
    out, previous = [], base_level                      # X9-removed characters (joiners) take
    for level in levels:                                # the level of what precedes them
        previous = previous if level is None else level
        out.append(previous)
    return base_level, out


def _name_levels(text: str) -> tuple[int, list[int]]:
    """(0, levels) for a file name: 1 for right-to-left letters, their marks and the spaces
    between two of them; 0 for everything else."""
    classes = [unicodedata.bidirectional(c) for c in text]
    rtl = [False] * len(text)
    for i, cls in enumerate(classes):
        if cls in _STRONG_RTL:
            rtl[i] = True
        elif cls in _ATTACHED:
            rtl[i] = i > 0 and rtl[i - 1]
        elif cls == "WS" and i > 0 and rtl[i - 1]:
            j = i
            while j < len(text) and classes[j] == "WS":
                j += 1
            if j < len(text) and classes[j] in _STRONG_RTL:
                rtl[i:j] = [True] * (j - i)
    return 0, [1 if r else 0 for r in rtl]


def _fields_levels(line: str) -> tuple[int, list[int]]:
    """A `key: value` line: the key (and ": ") as free text, the value as its own paragraph."""
    cut = line.find(": ")
    if cut < 0:
        return _free_levels(line)
    base, key = _free_levels(line[:cut + 2])
    _, value = _free_levels(line[cut + 2:])
    if base:                            # an RTL key: keep the value above the line's level
        value = [lv if lv >= 1 else 2 for lv in value]
    return base, key + value


def runs(text: str, *, name: bool = False, fields: bool = False) -> Iterator[tuple[str, int, int]]:
    """(characters, embedding level, paragraph level) in logical order; line breaks are runs
    of their own at the paragraph level, and each line is its own UAX #9 paragraph (`fields`:
    each value after the first ": " of a line is one more)."""
    lines = text.split("\n")
    for n, line in enumerate(lines):
        base, levels = (_name_levels(line) if name else _fields_levels(line) if fields
                        else _free_levels(line))
        if LRI in line:                 # the isolate marks are never drawn
            keep = [i for i, c in enumerate(line) if c not in (LRI, PDI)]
            line, levels = "".join(line[i] for i in keep), [levels[i] for i in keep]
        start = 0
        for i in range(1, len(line) + 1):
            if i == len(line) or levels[i] != levels[start]:
                yield line[start:i], levels[start], base
                start = i
        if n < len(lines) - 1:
            yield "\n", base, base


def visual_order(levels: Sequence[int], base: int, blank: Sequence[bool] = ()) -> list[int]:
    """Indices of a line's runs in the order they are drawn, left to right (UAX #9 L1 for
    trailing blank runs, then L2: from the highest level down to the lowest odd level,
    reverse every maximal sequence at that level or above)."""
    levels = list(levels)
    for i in range(len(levels) - 1, -1, -1):            # L1: trailing white space
        if i < len(blank) and blank[i]:
            levels[i] = base
        else:
            break
    order = list(range(len(levels)))
    odd = [lv for lv in levels if lv % 2]
    if not odd:
        return order
    for level in range(max(levels), min(odd) - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order
