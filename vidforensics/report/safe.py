"""How the report shows what was found wrong with an input, and inputs that were not analysed
again: warnings with their time ranges, identical files, the list of streams. Every value
taken from a file or a user passes through `pdf.shown` (escaped, cut with a marker)."""
from __future__ import annotations

from typing import Any, Sequence

from ..text import for_display
from . import wording as W
from .bidi import isolate
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


class Reason(str):
    """Why the frames of an input cannot be shown. The string itself is the plain sentence
    (for a terminal, through `for_terminal`); `display` is the same sentence for the PDF, with
    each file name escaped and laid out as a file name (`bidi.isolate`) and each other value
    from a file or the system escaped, so that neither a bidi control in a file name nor an
    Arabic folder name can reorder the sentence around it. `names` are the escaped file names
    as drawn: they are the user's words, not the tool's (see `tool_words`)."""
    display: str
    names: tuple[str, ...]

    @classmethod
    def of(cls, template: str, names: dict[str, Any] | None = None,
           values: dict[str, Any] | None = None) -> "Reason":
        names, values = dict(names or {}), dict(values or {})
        raw = template.format(**{k: str(v) for k, v in {**names, **values}.items()})
        shown_names = {k: for_display(v, 300) for k, v in names.items()}
        r = cls(raw)
        r.display = template.format(**{k: isolate(v) for k, v in shown_names.items()},
                                    **{k: for_display(v, 300) for k, v in values.items()})
        r.names = tuple(shown_names.values())
        return r


def reason_shown(reason: Any) -> str:
    """A reason as the PDF draws it: `Reason.display`, or any other text escaped."""
    return reason.display if isinstance(reason, Reason) else for_display(reason, 600)


def tool_words(tool_text: Sequence[str], user_values: Sequence[str]) -> str:
    """The report's own wording, for the check of banned words: the drawn tool sentences with
    the user's values inside them (file names, labels built on them) taken out, longest
    first, so that a verdict word in an input's name does not read as the tool's own word."""
    text = " ".join(tool_text)
    for v in sorted({v for v in user_values if v}, key=len, reverse=True):
        text = text.replace(v, " ")
    return text
