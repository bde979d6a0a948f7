"""Text: what users and files supply (names, tags, notes, titles) kept exact, shown safely.

findings.json stores such text exactly, whatever its length or characters. Only where it is
shown does it change: `for_terminal` and `for_display` escape control characters (a newline
becomes the two characters `\\n`, ESC becomes `\\x1b`) and show bidirectional controls as
code points (`<U+202E>`) so they cannot reorder what follows; `for_display` also cuts very
long values with a marker that says how much was left out. A file name that is not valid
UTF-8 is recorded with its undecodable bytes written as `\\xNN` (`path_label`).
"""
from __future__ import annotations

import os
import unicodedata

# bidirectional formatting characters: embeddings, overrides, isolates and marks
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}

DISPLAY_LIMIT = 600        # characters of one value shown in the PDF before it is cut


def _surrogate(o: int) -> str:
    return f"\\x{o - 0xDC00:02x}" if 0xDC80 <= o <= 0xDCFF else f"\\u{o:04x}"


def storable(s: str) -> str:
    """`s` unchanged when it is valid Unicode; otherwise lone surrogates (undecodable bytes of a
    file name or tag) written as `\\xNN` / `\\uDXXX`, so that it can be stored as UTF-8 JSON."""
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return "".join(_surrogate(ord(c)) if 0xD800 <= ord(c) <= 0xDFFF else c for c in s)


def path_label(path: str) -> tuple[str, str | None]:
    """(label recorded for `path`, the path to open when it differs from the label)."""
    label = storable(os.fspath(path))
    return label, (None if label == path else path)


def _escape(s: str, *, bidi: str) -> str:
    out = []
    for c in s:
        o = ord(c)
        if c in _NAMED:
            out.append(_NAMED[c])
        elif o < 0x20 or o == 0x7F or 0x80 <= o <= 0x9F:
            out.append(f"\\x{o:02x}")
        elif c in BIDI_CONTROLS:
            out.append(bidi.format(o))
        elif 0xD800 <= o <= 0xDFFF:
            out.append(_surrogate(o))
        elif unicodedata.category(c) in ("Cf", "Co", "Cn") and o > 0xFFFF:
            out.append(f"<U+{o:04X}>")        # tags, private use, unassigned: visible, inert
        else:
            out.append(c)
    return "".join(out)


def for_terminal(s: object) -> str:
    """One line safe to print to a terminal: control characters and bidi controls escaped."""
    return _escape(str(s), bidi="\\u{:04x}")


def for_display(s: object, limit: int | None = DISPLAY_LIMIT) -> str:
    """Text for the PDF: control characters escaped, bidi controls shown as `<U+XXXX>`, and,
    beyond `limit` characters, cut with a marker stating how many characters follow."""
    s = str(s)
    tail = ""
    if limit is not None and len(s) > limit:
        tail = f" … [{len(s) - limit:,} more characters; the full text is in findings.json]"
        s = s[:limit]
    return _escape(s, bidi="<U+{:04X}>") + tail


def has_unsafe(s: str) -> bool:
    """True when `s` holds anything `for_terminal` would escape."""
    return for_terminal(s) != s
