"""The summary of observations: one row per repeated-segment group and per recurring
individual, with a thumbnail pair, times, kind, key measurement and (in the PDF) the page of
its evidence. The PDF front matter (summary + table of contents) and the notebook's
`_repr_html_` both draw from `observations()`, so they say the same thing.

In the PDF the summary and contents are rendered last, into pages reserved right after the
cover (`fpdf.FPDF.insert_toc_placeholder`), when the page of every section is known. Rows
have a fixed height, so the number of reserved pages is known beforehand.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from . import wording as W

ROW_H = 23.0                 # mm per summary row
TOC_LINE = 4.6               # mm per contents line
TOC_MAX_LINES = 50           # the contents fit one page (deeper entries: PDF bookmarks)
FIRST_PAGE_ROWS, PAGE_ROWS = 9, 10


@dataclass
class Observation:
    id: str
    what: str                            # "repeated segment (reuse)", "recurring individual"
    times: list[str]                     # one line per member / appearance
    measurement: str
    thumbs: tuple[Any, Any]              # two RGB arrays (or None)
    thumb_captions: tuple[str, str]


def _tag(labels: dict[str, str], video: str) -> str:
    from pathlib import Path
    return labels.get(video) or Path(video).name


def group_measurement(g) -> str:
    from .frames import pairs_of
    pairs = pairs_of(g)
    ev = g.evidence if isinstance(g.evidence, dict) else {}
    if not pairs:
        return "no pair distances recorded"
    p = pairs[0]
    text = (f"members {int(p.get('a', 0)) + 1}–{int(p.get('b', 1)) + 1}: median distance "
            f"{W.number(p.get('median_distance'))} (aligned at ≤ {W.number(ev.get('threshold', '?'))}), "
            f"{W.number(p.get('aligned_frames'))} frames aligned")
    t = p.get("transform") or {}
    extra = [x for x in (f"{t['crop']} crop" if t.get("crop") else "",
                         "mirrored" if t.get("mirrored") else "",
                         f"speed {float(t['speed_ratio']):.3f}" if t.get("speed_ratio") not in (None, 1, 1.0)
                         else "") if x]
    if extra:
        text += "; " + ", ".join(extra)
    if len(pairs) > 1:
        text += f"; {len(pairs)} pairs in all"
    return text


def individual_measurement(ind) -> str:
    ev = ind.evidence if isinstance(ind.evidence, dict) else {}
    cues = sorted({a.cue for a in ind.appearances})
    text = f"{len(ind.appearances)} appearances ({', '.join(cues)})"
    fd = ev.get("face_distance")
    vals = [v for k, row in enumerate(fd) for j, v in enumerate(row)
            if j > k and isinstance(v, (int, float))] if isinstance(fd, list) else []
    if vals:
        text += (f"; face distance median {float(np.median(vals)):.3f}, largest {max(vals):.3f} "
                 f"(threshold {W.number(ev.get('face_threshold', '?'))})")
    return text


def _group_thumbs(source, redactor, g, labels) -> tuple[tuple[Any, Any], tuple[str, str]]:
    from .frames import pair_members, sample_times
    ia, ib = pair_members(g, 0)
    samples = sample_times(g, 0, 3)
    s = samples[len(samples) // 2]
    out, caps = [], []
    for idx, key in ((ia, "a"), (ib, "b")):
        video = g.members[idx].video
        t = float(s[f"{key}_time_s"])
        img = None
        if source is not None:
            got, _ = source.frames(video, [(s.get(f"{key}_pts"), t)], max_side=240)
            img = redactor.frame(got[0], video, t) if redactor is not None else got[0]
        out.append(img)
        caps.append(f"member {idx + 1} · {_tag(labels, video)} · {W.timecode(t)}")
    return (out[0], out[1]), (caps[0], caps[1])


def _person_thumbs(source, redactor, ind, labels) -> tuple[tuple[Any, Any], tuple[str, str]]:
    from .frames import blur, face_crop
    details = ind.evidence.get("appearances") if isinstance(ind.evidence, dict) else None
    out, caps = [], []
    for k, a in enumerate(ind.appearances[:2]):
        d = details[k] if isinstance(details, list) and k < len(details) and isinstance(details[k], dict) else {}
        img = None
        if source is not None:
            pts = d.get("pts") if isinstance(d.get("pts"), int) else None
            got, _ = source.frames(a.video, [(pts, a.time_s)], max_side=None)
            if got[0] is not None:
                img = face_crop(got[0], a.bbox, size=96)
                if redactor is not None and redactor.enabled and ind.id not in redactor.keep:
                    img = blur(img)
        out.append(img)
        caps.append(f"appearance {k + 1} · {_tag(labels, a.video)} · {W.timecode(a.time_s)}")
    return (out[0], out[1]), (caps[0], caps[1])


def observations(result, source=None, redactor=None, labels: dict[str, str] | None = None,
                 *, thumbnails: bool = True) -> list[Observation]:
    """Every observation of `result`, groups first, with thumbnails when `source` is given."""
    labels = labels or {}
    out = []
    for g in result.repeated_segments:
        thumbs, caps = (None, None), ("", "")
        if thumbnails:
            try:
                thumbs, caps = _group_thumbs(source, redactor, g, labels)
            except Exception:            # a thumbnail never breaks the summary
                pass
        out.append(Observation(
            g.id, f"repeated segment ({g.kind})",
            [f"{k + 1}: {_tag(labels, m.video)} {W.time_range(m.start_s, m.end_s)}"
             + (f" (shot {m.shot})" if m.shot is not None else "") for k, m in enumerate(g.members)],
            group_measurement(g), thumbs, caps))
    for ind in result.recurring_individuals:
        thumbs, caps = (None, None), ("", "")
        if thumbnails:
            try:
                thumbs, caps = _person_thumbs(source, redactor, ind, labels)
            except Exception:
                pass
        out.append(Observation(
            ind.id, "recurring individual",
            [f"{k + 1}: {_tag(labels, a.video)} shot {a.shot} {W.time_range(a.start_s, a.end_s)}"
             for k, a in enumerate(ind.appearances)],
            individual_measurement(ind), thumbs, caps))
    return out


# ------------------------------------------------------------------ PDF front matter
MAX_TIME_LINES = 4


def summary_pages(n_observations: int) -> int:
    if n_observations <= FIRST_PAGE_ROWS:
        return 1
    return 1 + -(-(n_observations - FIRST_PAGE_ROWS) // PAGE_ROWS)


def reserve(pdf, ctx) -> None:
    """Reserve the summary and contents pages after the cover; they are drawn at the end."""
    obs = observations(ctx.result, ctx.source, ctx.redactor, ctx.labels)
    n_summary = summary_pages(len(obs))
    pdf.add_page()
    pdf.start_section(W.SUMMARY_HEADING, level=0, strict=False)
    ctx.contents_page = pdf.page_no() + n_summary
    pdf.start_section(W.CONTENTS_HEADING, level=0, strict=False)
    _move_last_section(pdf, ctx.contents_page)
    pdf.insert_toc_placeholder(lambda p, outline: _render(p, ctx, obs, outline), pages=n_summary + 1)
    pdf.fresh_page = True                # the next section starts on the page left open here


def _move_last_section(pdf, page: int) -> None:
    """Point the bookmark just added at the top of `page` (a reserved page not yet drawn)."""
    from fpdf.outline import OutlineSection
    from fpdf.syntax import DestinationXYZ
    last = pdf._outline[-1]
    pdf._outline[-1] = OutlineSection(last.name, last.level, page,
                                      DestinationXYZ(page, top=pdf.h_pt - 19 * pdf.k), last.struct_elem)


def _render(pdf, ctx, obs: list[Observation], outline) -> None:
    from .pdf import CONTENT_W, MARGIN, User
    pdf.set_auto_page_break(False)
    y = _summary_head(pdf, ctx, obs)
    _row_head(pdf, y)
    y += 5.5
    row_in_page, limit = 0, FIRST_PAGE_ROWS
    for o in obs:
        if row_in_page == limit:
            pdf.add_page()
            y = 19.0
            _row_head(pdf, y)
            y += 5.5
            row_in_page, limit = 0, PAGE_ROWS
        _row(pdf, ctx, o, y, MARGIN, CONTENT_W, User)
        y += ROW_H
        row_in_page += 1
    pdf.add_page()
    _contents(pdf, outline)
    pdf.set_auto_page_break(True, 17)


def _summary_head(pdf, ctx, obs) -> float:
    pdf.set_y(19)
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 7.5, pdf._record(W.SUMMARY_HEADING), new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(60, 60, 60)
    pdf.line(15, pdf.get_y() + 0.8, 195, pdf.get_y() + 0.8)
    pdf.ln(3)
    r = ctx.result
    people_on = bool((r.parameters.get("people") or {}).get("enabled", False))
    text = W.SUMMARY_INTRO.format(
        groups=W.plural(len(r.repeated_segments), "repeated-segment group"),
        people=(W.plural(len(r.recurring_individuals), "recurring individual") if people_on
                else "no recurring individuals (face and body comparison not run)"),
        inputs=W.plural(len(r.inputs), "input"))
    if not obs:
        text += " " + W.SUMMARY_NONE
    pdf.para(text, size=8.5)
    return max(pdf.get_y(), 46.0)


def _row_head(pdf, y: float) -> None:
    from .pdf import LIGHT, MARGIN
    pdf.set_fill_color(*LIGHT)
    pdf.rect(MARGIN, y, 180, 5, style="F")
    pdf.set_fill_color(255, 255, 255)
    pdf.set_font("DejaVu", "B", 7)
    for x, w, text in ((0, 14, "id"), (14, 66, "frames (first pair)"), (80, 50, "times"),
                       (130, 36, "key measurement"), (166, 14, "page")):
        pdf.set_xy(MARGIN + x + 0.8, y + 0.6)
        pdf.cell(w - 1.6, 3.8, pdf._record(text))
    pdf.set_font("DejaVu", "", 9)


def _row(pdf, ctx, o: Observation, y: float, x0: float, width: float, User) -> None:
    from . import frames as F
    page = ctx.pages.get(o.id)
    link = pdf.add_link(page=page) if page else None
    pdf.set_xy(x0 + 0.8, y + 1.2)
    pdf.set_font("DejaVu", "B", 8.5)
    pdf.cell(12.4, 4, pdf._record(o.id), link=link or "")
    pdf.set_xy(x0 + 0.8, y + 5.6)
    pdf.set_font("DejaVu", "", 6)
    pdf.multi_cell(12.4, 2.6, pdf._record(o.what), new_x="LEFT", new_y="NEXT", align="L")
    th_h, th_w = 15.0, 26.6
    for k, (img, cap) in enumerate(zip(o.thumbs, o.thumb_captions)):
        tx = x0 + 14 + k * (th_w + 6) + 1.5
        if img is not None:
            h, w = img.shape[:2]
            iw = min(th_w, th_h * w / h)
            ih = iw * h / w
            pdf.picture(F.jpeg(img, max_side=240, quality=80), tx + (th_w - iw) / 2, y + 1.2, iw, ih)
        else:
            pdf.picture(F.jpeg(F.placeholder(160, 90)), tx, y + 1.2, th_w, th_h)
        pdf.set_xy(tx - 2, y + th_h + 1.6)
        pdf.set_font("DejaVu", "", 5.2)
        pdf.multi_cell(th_w + 4, 2.2, User(cap), align="C", new_x="LEFT", new_y="NEXT")
    times = o.times[:MAX_TIME_LINES]
    if len(o.times) > MAX_TIME_LINES:
        times.append(f"… {len(o.times) - MAX_TIME_LINES} more")
    pdf.set_xy(x0 + 80.8, y + 1.2)
    pdf.set_font("DejaVu", "", 6.4)
    pdf.multi_cell(48.4, 2.9, User("\n".join(times)), new_x="LEFT", new_y="NEXT", align="L")
    pdf.set_xy(x0 + 130.8, y + 1.2)
    pdf.multi_cell(34.4, 2.9, pdf._record(o.measurement), new_x="LEFT", new_y="NEXT", align="L")
    pdf.set_xy(x0 + 166.8, y + 1.2)
    pdf.set_font("DejaVu", "B", 8)
    pdf.cell(12.4, 4, str(page) if page else "–", link=link or "", align="R")
    pdf.set_draw_color(200, 200, 200)
    pdf.line(x0, y + ROW_H - 0.3, x0 + width, y + ROW_H - 0.3)
    pdf.set_font("DejaVu", "", 9)


def _contents(pdf, outline) -> None:
    from .pdf import CONTENT_W, MARGIN
    pdf.set_y(19)
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 7.5, pdf._record(W.CONTENTS_HEADING), new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(60, 60, 60)
    pdf.line(MARGIN, pdf.get_y() + 0.8, MARGIN + CONTENT_W, pdf.get_y() + 0.8)
    pdf.ln(4)
    entries = [s for s in outline if s.level <= 1 and s.page_number > 1 and s.name != W.CONTENTS_HEADING]
    shown = entries[:TOC_MAX_LINES]
    for s in shown:
        bold = s.level == 0
        pdf.set_font("DejaVu", "B" if bold else "", 8.5 if bold else 7.8)
        indent = 0 if bold else 6
        link = pdf.add_link(page=s.page_number)
        y = pdf.get_y() + (0.8 if bold else 0)
        pdf.set_xy(MARGIN + indent, y)
        name = pdf._fit(str(s.name), CONTENT_W - indent - 16)
        pdf.cell(CONTENT_W - indent - 14, TOC_LINE, name, link=link)
        pdf.cell(14, TOC_LINE, str(s.page_number), align="R", link=link, new_x="LMARGIN", new_y="NEXT")
    if len(entries) > len(shown):
        pdf.note(W.CONTENTS_MORE.format(n=len(entries) - len(shown)))
    pdf.set_font("DejaVu", "", 9)
