"""How the report shows what was found wrong with an input, and inputs that were not analysed
again: warnings with their time ranges, identical files, the list of streams. Every value
taken from a file or a user passes through `pdf.shown` (escaped, cut with a marker)."""
from __future__ import annotations

from typing import Any, Sequence

from . import wording as W
from .pdf import User, shown, shown_name

MAX_WARNINGS_SHOWN = 12
MAX_RANGES_SHOWN = 8


def _ranges(ranges: Sequence[Sequence[float]]) -> str:
    parts = [W.timecode(a) if abs(b - a) < 1e-9 else W.time_range(a, b)
             for a, b in list(ranges)[:MAX_RANGES_SHOWN]]
    if len(ranges) > MAX_RANGES_SHOWN:
        parts.append(f"{len(ranges) - MAX_RANGES_SHOWN} more")
    return ", ".join(parts)


def warnings_text(warnings: Sequence[dict[str, Any]]) -> User:
    lines = []
    for w in list(warnings)[:MAX_WARNINGS_SHOWN]:
        line = f"{shown(w.get('message', ''), 400)}"
        if w.get("ranges_s"):
            line += f" (at {_ranges(w['ranges_s'])})"
        lines.append(line)
    if len(warnings) > MAX_WARNINGS_SHOWN:
        lines.append(W.MORE_ROWS.format(n=len(warnings) - MAX_WARNINGS_SHOWN))
    return User("\n".join(lines))


def identical_rows(result) -> list[list[str]]:
    rows = []
    for d in result.identical_files:
        rel = W.IDENTICAL_RELATION.get(d.get("relation", ""), shown(d.get("relation", ""), 80))
        rows.append([shown_name(d.get("path", "?"), 300), shown_name(d.get("same_as", "?"), 300), rel])
    return rows


def streams_text(streams: Sequence[dict[str, Any]]) -> User:
    parts = []
    for s in list(streams)[:20]:
        what = f"#{s.get('index')} {shown(s.get('type'), 20)} {shown(s.get('codec'), 40)}"
        if s.get("width"):
            what += f" {s['width']}×{s.get('height')}"
            if s.get("sample_aspect_ratio") not in (None, "1/1"):
                what += f" (pixel aspect {shown(s['sample_aspect_ratio'], 20)})"
            if s.get("attached_picture"):
                what += " (attached picture)"
        if s.get("sample_rate"):
            what += f" {s['sample_rate']} Hz"
        parts.append(what)
    if len(streams) > 20:
        parts.append(W.MORE_ROWS.format(n=len(streams) - 20))
    return User("; ".join(parts))
