"""Notebook views of an AnalysisResult: an HTML summary, pandas tables, aligned frames.

    result                              # in Jupyter: summary table + a few thumbnails
    result.to_pandas("shots")           # or "segments", "pairs", "individuals", "inputs"
    result.show_group("R1")             # aligned frames of a repeated-segment group
    result.show_individual("P1")        # face crops of a recurring individual, one per appearance

pandas is optional (`pip install vidforensics[notebook]`) and imported only by `to_pandas`.
Frames are fetched from the inputs as recorded (relative to the current directory, then to
the case folder's parent); a file that is missing or whose size changed is simply not shown.
"""
from __future__ import annotations

import base64
import html
from typing import Any

import numpy as np

from .report import wording as W

TABLES = ("shots", "segments", "pairs", "individuals", "inputs")
_STYLE = ("<style>.vf-res table{border-collapse:collapse;margin:4px 0 10px 0}"
          ".vf-res th,.vf-res td{padding:2px 8px;text-align:left;border-bottom:1px solid #ddd;"
          "font-size:12px;vertical-align:top}.vf-res th{background:#eef1f5}"
          ".vf-res .cap{font-size:11px;color:#555}.vf-res img{margin:1px}</style>")


def _e(v: Any) -> str:
    """A value for the notebook's HTML: HTML-escaped, and bidi controls (from a file name or a
    tag) shown as `<U+202E>` as in the PDF, so that they cannot reorder what follows."""
    from .text import BIDI_CONTROLS
    s = str(v)
    if any(c in BIDI_CONTROLS for c in s):
        s = "".join(f"<U+{ord(c):04X}>" if c in BIDI_CONTROLS else c for c in s)
    return html.escape(s)


def _img(rgb: np.ndarray | None, *, max_side: int = 160, title: str = "") -> str:
    from .report.frames import jpeg, placeholder
    data = jpeg(rgb if rgb is not None else placeholder(), max_side=max_side, quality=80)
    return (f'<img src="data:image/jpeg;base64,{base64.b64encode(data).decode("ascii")}" '
            f'title="{_e(title)}" alt="{_e(title)}"/>')


def _table(headings: list[str], rows: list[list[Any]], *, raw: bool = False) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headings)
    body = "".join("<tr>" + "".join(f"<td>{c if raw else _e(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _source(result):
    from .report.frames import FrameSource
    return FrameSource(result, result.case_dir, verify=False)


def _redactor(result):
    from .report.frames import Redactor
    rep = (result.parameters or {}).get("report") or {}
    return Redactor(result, enabled=bool(rep.get("blur_faces")), keep=tuple(rep.get("keep_individuals") or ()))


# ------------------------------------------------------------------ HTML summary
def repr_html(result, *, thumbnails: bool = True, max_thumbs: int = 12) -> str:
    """Summary of a result as HTML: counts, the summary of observations (the same rows as the
    report's first page: thumbnail pair, times, kind, key measurement), inputs."""
    from .report.summary import observations
    people_on = bool((result.parameters.get("people") or {}).get("enabled", False))
    labels = {info.path: f"V{k + 1}" for k, info in enumerate(result.inputs)}
    parts = [_STYLE, '<div class="vf-res">',
             f"<b>vidforensics findings</b> ({_e(result.tool.get('name', 'vidforensics'))} "
             f"{_e(result.tool.get('version', '?'))}, run {_e(result.created_utc or 'time not recorded')})<br/>",
             f'<span class="cap">{_e(W.FOOTER)}</span>']
    parts.append(_table(["inputs", "could not be analysed", "shots", "repeated-segment groups",
                         "recurring individuals"],
                        [[len(result.inputs), len(result.errors), len(result.shots),
                          len(result.repeated_segments),
                          len(result.recurring_individuals) if people_on else "not examined"]]))
    source = _source(result) if thumbnails else None
    redactor = _redactor(result) if thumbnails else None
    obs = observations(result, source, redactor, labels, thumbnails=False)
    if obs:
        rows = []
        for k, o in enumerate(obs):
            thumb = ""
            if source is not None and k < max_thumbs:
                o = observations_one(result, source, redactor, labels, k)
                thumb = "".join(_img(img, max_side=120, title=cap) for img, cap in zip(o.thumbs, o.thumb_captions)
                                if img is not None)
            rows.append([f"<b>{_e(o.id)}</b>", _e(o.what), thumb, "<br/>".join(_e(t) for t in o.times),
                         _e(o.measurement)])
        parts.append(f"<b>{_e(W.SUMMARY_HEADING)}</b>")
        parts.append(_table(["id", "kind", "frames (first pair)", "times", "key measurement"], rows, raw=True))
        parts.append(f'<span class="cap">{_e(W.NUMBERING_NOTE)}</span>')
    rows = [[labels[info.path], info.path, W.timecode(info.duration_s),
             f"{info.display_size[0]}×{info.display_size[1]}", info.video_codec,
             W.rate_text(info.frame_rate, info.variable_frame_rate),
             len(result.shots_of(info.path)), info.sha256] for info in result.inputs]
    if rows:
        parts.append(_table(["", "input", "duration", "display size", "codec", "frame rate", "shots",
                             "SHA-256"], rows))
    if result.errors:
        parts.append(_table(["could not be analysed", "reason"],
                            [[e.get("path", "?"), e.get("error", "?")] for e in result.errors]))
    parts.append("</div>")
    return "".join(parts)


def observations_one(result, source, redactor, labels, k: int):
    """Observation k of the summary, with its thumbnails."""
    import dataclasses
    from .report.summary import observations
    groups, people = result.repeated_segments, result.recurring_individuals
    sub = (dataclasses.replace(result, repeated_segments=(groups[k],), recurring_individuals=())
           if k < len(groups) else
           dataclasses.replace(result, repeated_segments=(), recurring_individuals=(people[k - len(groups)],)))
    return observations(sub, source, redactor, labels)[0]


# ------------------------------------------------------------------ pandas
def _pandas():
    try:
        import pandas as pd
    except ImportError:
        raise ImportError("to_pandas needs pandas: pip install vidforensics[notebook]") from None
    return pd


def table_rows(result, what: str) -> tuple[list[str], list[list[Any]]]:
    """(columns, rows) of one table; `to_pandas` wraps them in a DataFrame."""
    if what == "shots":
        cols = ["video", "shot", "start_frame", "end_frame", "start_s", "end_s", "duration_s",
                "transition_in", "start_tc", "end_tc"]
        rows = [[s.video, s.index, s.start_frame, s.end_frame, s.start_s, s.end_s, s.end_s - s.start_s,
                 s.transition_in, W.timecode(s.start_s), W.timecode(s.end_s)] for s in result.shots]
    elif what == "segments":
        cols = ["group", "kind", "member", "video", "start_s", "end_s", "duration_s", "start_frame",
                "end_frame", "shot", "start_tc", "end_tc"]
        rows = [[g.id, g.kind, k + 1, m.video, m.start_s, m.end_s, m.end_s - m.start_s, m.start_frame,
                 m.end_frame, m.shot, W.timecode(m.start_s), W.timecode(m.end_s)]
                for g in result.repeated_segments for k, m in enumerate(g.members)]
    elif what == "pairs":
        cols = ["group", "kind", "member_a", "member_b", "aligned_frames", "compared_frames",
                "median_distance", "p90_distance", "score", "mirrored", "crop", "speed_ratio", "threshold"]
        rows = []
        for g in result.repeated_segments:
            ev = g.evidence if isinstance(g.evidence, dict) else {}
            for p in ev.get("pairs") or []:
                t = p.get("transform") or {}
                rows.append([g.id, g.kind, _plus1(p.get("a")), _plus1(p.get("b")), p.get("aligned_frames"),
                             p.get("compared_frames"), p.get("median_distance"), p.get("p90_distance"),
                             p.get("score"), t.get("mirrored"), t.get("crop"), t.get("speed_ratio"),
                             ev.get("threshold")])
    elif what == "individuals":
        cols = ["individual", "appearance", "video", "shot", "start_s", "end_s", "time_s", "cue",
                "x0", "y0", "x1", "y1", "time_tc"]
        rows = [[ind.id, k + 1, a.video, a.shot, a.start_s, a.end_s, a.time_s, a.cue, *map(int, a.bbox),
                 W.timecode(a.time_s)]
                for ind in result.recurring_individuals for k, a in enumerate(ind.appearances)]
    elif what == "inputs":
        cols = ["video", "sha256", "size_bytes", "container", "video_codec", "width", "height",
                "display_width", "display_height", "rotation", "frame_rate", "frame_rate_exact",
                "time_base", "variable_frame_rate", "duration_s", "frame_count", "has_audio",
                "source_url", "acquired_utc", "provenance_note"]
        rows = []
        for i in result.inputs:
            prov = result.provenance.get(i.path) or {}
            rate = i.frame_rate
            rows.append([i.path, i.sha256, i.size_bytes, i.container, i.video_codec, i.width, i.height,
                         *i.display_size, i.rotation, float(rate) if rate else None,
                         f"{rate.numerator}/{rate.denominator}" if rate else None,
                         f"{i.time_base.numerator}/{i.time_base.denominator}", i.variable_frame_rate,
                         i.duration_s, i.frame_count, i.has_audio, prov.get("source_url"),
                         prov.get("acquired_utc"), prov.get("note")])
    else:
        raise ValueError(f"unknown table {what!r}; choose one of: {', '.join(TABLES)}")
    return cols, rows


def _plus1(v: Any) -> Any:
    return v + 1 if isinstance(v, int) else v


def to_pandas(result, what: str = "shots"):
    """One table of a result as a pandas DataFrame (members and appearances numbered from 1).

    what: "shots", "segments" (one row per group member), "pairs" (distances per member
    pair), "individuals" (one row per appearance) or "inputs".
    """
    pd = _pandas()
    cols, rows = table_rows(result, what)
    return pd.DataFrame(rows, columns=cols)


# ------------------------------------------------------------------ aligned frames
class GroupView:
    """Aligned frames of one pair of a repeated-segment group; displays itself in Jupyter.

    `frames` holds dicts with `a_rgb`, `b_rgb`, `diff` (0-1), `a_time_s`, `b_time_s`,
    `distance`; `reason` says why frames are missing, if they are.
    """

    def __init__(self, result, group, pair: int, comparison, member_a: int, member_b: int):
        self.result, self.group, self.pair = result, group, pair
        self.comparison = comparison
        self.frames = comparison.frames
        self.reason = comparison.reason
        self.member_a, self.member_b = member_a, member_b

    def __repr__(self) -> str:
        return (f"<GroupView {self.group.id} members {self.member_a + 1} and {self.member_b + 1}: "
                f"{len(self.frames)} aligned frame pairs>")

    def _repr_html_(self) -> str:
        from .report.frames import diff_rgb
        g = self.group
        ma, mb = g.members[self.member_a], g.members[self.member_b]
        parts = [_STYLE, '<div class="vf-res">',
                 f"<b>{_e(g.id)} ({_e(g.kind)})</b>: member {self.member_a + 1} "
                 f"{_e(ma.video)} {_e(W.time_range(ma.start_s, ma.end_s))} and member {self.member_b + 1} "
                 f"{_e(mb.video)} {_e(W.time_range(mb.start_s, mb.end_s))}<br/>"]
        if self.reason:
            parts.append(f'<span class="cap">{_e(W.FRAMES_UNAVAILABLE.format(reason=self.reason))}</span>')
        if self.frames:
            row_a, row_b, row_d, caps = [], [], [], []
            for f in self.frames:
                row_a.append(_img(f.get("a_reg", f.get("a_rgb")), max_side=200))
                row_b.append(_img(f.get("b_reg", f.get("b_rgb")), max_side=200))
                row_d.append(_img(diff_rgb(f["diff"]) if f.get("diff") is not None else None, max_side=200))
                dist = f.get("distance")
                caps.append(f'<span class="cap">{_e(W.timecode(f.get("a_time_s")))} / '
                            f'{_e(W.timecode(f.get("b_time_s")))}'
                            + (f"<br/>distance {_e(W.number(dist))}" if dist is not None else "") + "</span>")
            parts.append(_table(
                [""] + [f"pair {k + 1}" for k in range(len(self.frames))],
                [[f"member {self.member_a + 1}"] + row_a,
                 [f"member {self.member_b + 1} (transform undone)"] + row_b,
                 ["difference (dark = alike)"] + row_d, ["times"] + caps], raw=True))
        parts.append("</div>")
        return "".join(parts)


def _find_group(result, group):
    if hasattr(group, "members"):
        return group
    if isinstance(group, int):
        return result.repeated_segments[group]
    for g in result.repeated_segments:
        if g.id == group:
            return g
    raise KeyError(f"no repeated-segment group {group!r}; groups: "
                   f"{', '.join(g.id for g in result.repeated_segments) or 'none'}")


def show_group(result, group, *, pair: int = 0, n: int = 4) -> GroupView:
    """Aligned frames of `pair` (index into the group's evidence pairs) of `group` (id,
    index or RepeatGroup). Display the returned object in a notebook."""
    from .report.frames import compare, pair_members
    g = _find_group(result, group)
    source = _source(result)
    comp = compare(source, g, pair, n=n)
    redactor = _redactor(result)
    if redactor.enabled:
        for f in comp.frames:
            for key in ("a_rgb", "a_reg"):
                if f.get(key) is not None:
                    f[key] = redactor.frame(f[key], comp.a, f.get("a_time_s", 0.0))
            for key in ("b_rgb", "b_reg"):
                if f.get(key) is not None:
                    f[key] = redactor.frame(f[key], comp.b, f.get("b_time_s", 0.0))
            f["diff"] = None
    ia, ib = pair_members(g, pair)
    return GroupView(result, g, pair, comp, ia, ib)


# ------------------------------------------------------------------ individuals
class IndividualView:
    """Crops of one recurring individual, one per appearance; displays itself in Jupyter.

    `crops` holds RGB arrays (None where the frame could not be fetched); `reasons` says why.
    """

    def __init__(self, result, individual, crops, reasons):
        self.result, self.individual, self.crops, self.reasons = result, individual, crops, reasons

    def __repr__(self) -> str:
        return (f"<IndividualView {self.individual.id}: {len(self.individual.appearances)} appearances, "
                f"{sum(c is not None for c in self.crops)} crops>")

    def _repr_html_(self) -> str:
        from .report.summary import individual_measurement
        ind = self.individual
        labels = {info.path: f"V{k + 1}" for k, info in enumerate(self.result.inputs)}
        parts = [_STYLE, '<div class="vf-res">', f"<b>{_e(ind.id)}</b>: {_e(individual_measurement(ind))}<br/>",
                 f'<span class="cap">{_e(W.INDIVIDUAL_INTRO.format(n=len(ind.appearances), cues="faces or bodies"))}</span>']
        for reason in self.reasons:
            parts.append(f'<br/><span class="cap">{_e(W.FRAMES_UNAVAILABLE.format(reason=reason))}</span>')
        rows = [[k + 1, _img(c, max_side=120, title=f"appearance {k + 1}") if c is not None else W.CROP_MISSING,
                 _e(f"{labels.get(a.video, '')} {a.video}"), a.shot, _e(W.time_range(a.start_s, a.end_s)),
                 _e(W.timecode(a.time_s)), a.cue]
                for k, (a, c) in enumerate(zip(ind.appearances, self.crops))]
        parts.append(_table(["#", "crop", "video", "shot", "time", "frame shown", "cue"], rows, raw=True))
        parts.append(f'<span class="cap">{_e(W.NUMBERING_NOTE)}</span></div>')
        return "".join(parts)


def _find_individual(result, individual):
    if hasattr(individual, "appearances"):
        return individual
    if isinstance(individual, int):
        return result.recurring_individuals[individual]
    for ind in result.recurring_individuals:
        if ind.id == individual:
            return ind
    raise KeyError(f"no recurring individual {individual!r}; individuals: "
                   f"{', '.join(i.id for i in result.recurring_individuals) or 'none'}")


def show_individual(result, individual) -> IndividualView:
    """Crops of `individual` (id, index or Individual), one per appearance, blurred as the
    report would blur them. Display the returned object in a notebook."""
    from .report.evidence import _crops, _details
    from .report.frames import blur
    from .report.sections import Context
    ind = _find_individual(result, individual)
    redactor = _redactor(result)
    ctx = Context(result=result, source=_source(result), redactor=redactor, title="", analyst="",
                  findings_bytes=b"")
    crops, reasons = _crops(ctx, ind, _details(ind))
    if redactor.enabled and ind.id not in redactor.keep:
        crops = [blur(c) if c is not None else None for c in crops]
    return IndividualView(result, ind, crops, reasons)
