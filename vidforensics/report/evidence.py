"""Report sections that set out the findings: per-video timelines, one block per
repeated-segment group (members, distances, aligned frames, difference map) and one block
per recurring individual (appearances, face crops, similarities)."""
from __future__ import annotations

from typing import Any

import numpy as np

from . import frames as F
from . import wording as W
from .bidi import isolate
from .pdf import CONTENT_W, MARGIN
from .safe import reason_shown
from .sections import Context, generic

MAX_SHOT_ROWS = 100          # rows of three shots each
MAX_ILLUSTRATED_PAIRS = 3    # pairs of a group shown with frames
STRIP_FRAMES = 4
CROPS_PER_ROW = 6


# ------------------------------------------------------------------ timelines
def timelines(pdf, ctx: Context) -> None:
    from .timeline import timeline_png
    r = ctx.result
    if not r.inputs:
        return
    pdf.add_page()
    pdf.heading("Timelines")
    pdf.para(W.TIMELINES_INTRO, size=8.5)
    for info in r.inputs:
        png, h = timeline_png(r, info.path, width_mm=CONTENT_W)
        pdf.heading(ctx.tag(info.path), 1)
        pdf.ensure(h + 4)
        y = pdf.get_y()
        pdf.picture(png, MARGIN, y, CONTENT_W, h)
        pdf.set_y(y + h + 2)
        _shot_table(pdf, ctx, info.path)


def _shot_table(pdf, ctx: Context, video: str) -> None:
    shots = ctx.result.shots_of(video)
    if not shots:
        pdf.note(W.NO_SHOTS)
        return
    cells = []
    for s in shots:
        mark = "" if s.transition_in in ("start", "cut") else f" ({s.transition_in})"
        cells.append([f"{s.index}{mark}", W.time_range(s.start_s, s.end_s), f"{s.start_frame}-{s.end_frame}"])
    rows = []
    for k in range(0, len(cells), 3):
        chunk = cells[k:k + 3]
        while len(chunk) < 3:
            chunk.append(["", "", ""])
        rows.append([c for cell in chunk for c in cell])
    shown = rows[:MAX_SHOT_ROWS]
    w = (0.1, 0.146, 0.087)
    pdf.table_rows(shown, widths=w * 3, headings=["shot", "time", "frames"] * 3, size=6.5)
    if len(rows) > len(shown):
        pdf.note(W.MORE_ROWS.format(n=(len(rows) - len(shown)) * 3))


# ------------------------------------------------------------------ repeated segments
def repeated_segments(pdf, ctx: Context) -> None:
    r = ctx.result
    pdf.add_page()
    pdf.heading("Repeated segments")
    if not (r.parameters.get("matching") or {}).get("enabled", True):
        pdf.para(W.REPEATS_OFF)
        return
    if not r.repeated_segments:
        pdf.para(W.NO_REPEATS)
        return
    for k, g in enumerate(r.repeated_segments):
        if k:
            pdf.ensure(120)
        group_block(pdf, ctx, g)


def _member_no(v: Any) -> str:
    return str(v + 1) if isinstance(v, int) else str(v)


def transform_text(p: dict[str, Any]) -> str:
    """The recorded transform of a pair, in words, with members numbered from 1."""
    t = p.get("transform")
    a, b = _member_no(p.get("a", "?")), _member_no(p.get("b", "?"))
    if not isinstance(t, dict) or not t:
        return "no transform recorded"
    crop = t.get("crop")
    text = (f"member {a} matches the {crop} crop of member {b}" if crop
            else f"member {a} matches the full frame of member {b}")
    if t.get("mirrored"):
        text += ", mirrored left-right"
    if t.get("speed_ratio") is not None:
        text += f"; {float(t['speed_ratio']):.3f} s of member {b} play during 1 s of member {a}"
    for key in ("a_content_box", "b_content_box"):
        box = t.get(key)
        if isinstance(box, list) and len(box) == 4 and [float(v) for v in box] != [0.0, 0.0, 1.0, 1.0]:
            who = a if key.startswith("a") else b
            text += (f"; picture area of member {who} (bars trimmed): x {box[0]:.3f}-{box[2]:.3f}, "
                     f"y {box[1]:.3f}-{box[3]:.3f} of the frame")
    for k, v in t.items():
        if k not in ("mirrored", "crop", "speed_ratio", "description", "speed_description",
                     "a_content_box", "b_content_box", "b_to_a_matrix", "estimated") and v not in (None, "", [], {}):
            text += f"; {W.humanize_key(k)} {W.number(v)}"
    return text


def group_block(pdf, ctx: Context, g) -> None:
    ev = g.evidence if isinstance(g.evidence, dict) else {}
    params = ctx.result.parameters.get("matching") or {}
    threshold = ev.get("threshold", params.get("max_distance", "?"))
    pdf.heading(f"Repeated-segment group {g.id} ({g.kind})", 1)
    ctx.pages[g.id] = pdf.page_no()
    if g.kind in W.KIND_TEXT:
        pdf.para("Kind " + W.KIND_TEXT[g.kind], size=8.5)
    hash_name = str(ev.get("hash", "PDQ-style perceptual"))
    bits = ev.get("bits") or (64 if "64-bit" in hash_name or "phash" in hash_name.lower() else 256)
    pdf.para(W.GROUP_INTRO.format(n=len(g.members), hash=hash_name, bits=bits,
                                  threshold=W.number(threshold)), size=8.5)
    rows = []
    for k, m in enumerate(g.members):
        rows.append([str(k + 1), ctx.tag(m.video), W.time_range(m.start_s, m.end_s),
                     f"{m.start_frame}-{m.end_frame}", "" if m.shot is None else str(m.shot),
                     f"{m.end_s - m.start_s:.2f} s"])
    pdf.table_rows(rows, widths=(0.05, 0.43, 0.2, 0.12, 0.07, 0.13),
                   headings=["#", "video", "time", "frames", "shot", "duration"])
    pairs = F.pairs_of(g)
    if pairs:
        prow = []
        for p in pairs:
            aligned = W.number(p.get("aligned_frames", ""))
            if p.get("compared_frames") is not None:
                aligned += f" of {W.number(p['compared_frames'])}"
            prow.append([f"{_member_no(p.get('a', '?'))} and {_member_no(p.get('b', '?'))}", aligned,
                         W.number(p.get("median_distance", "")), W.number(p.get("p90_distance", "")),
                         W.number(p.get("max_distance_seen", "")),
                         W.number(p.get("off_alignment_median_distance", "")), W.number(p.get("score", ""))])
        pdf.table_rows(prow, widths=(0.12, 0.16, 0.13, 0.15, 0.13, 0.17, 0.14),
                       headings=["members", "frames aligned (of compared)", "median distance",
                                 "90th percentile distance", "largest distance", "median distance off alignment",
                                 "score"])
        pdf.note(W.PAIRS_NOTE.format(threshold=W.number(threshold)))
        pdf.para(W.TRANSFORM_HEADING, bold=True, size=8, gap=0.5)
        pdf.bullets([transform_text(p) for p in pairs], size=8)
        pdf.para(W.KIND_HEADING, bold=True, size=8, gap=0.5)
        pdf.bullets([W.kind_text(_member_no(p.get("a", "?")), _member_no(p.get("b", "?")), p)
                     for p in pairs], size=8)
    for pi in _illustrated_pairs(g, pairs):
        ia, ib = F.pair_members(g, pi)
        comp = F.compare(ctx.source, g, pi, n=STRIP_FRAMES)
        pdf.ensure(95)
        pdf.heading(f"Members {ia + 1} and {ib + 1}: aligned frames", 2)
        _strip(pdf, ctx, comp, ia, ib)
        _diff_block(pdf, ctx, comp, ia, ib)
    rest = {k: v for k, v in ev.items() if k not in ("hash", "threshold", "pairs", "bits")}
    if rest:
        pdf.para(W.FURTHER_VALUES, bold=True, size=8, gap=0.5)
        generic(pdf, rest, size=7)


def _illustrated_pairs(g, pairs: list[dict[str, Any]]) -> list[int]:
    if not pairs:
        return [0] if len(g.members) >= 2 else []
    chosen, covered = [], set()
    for k, p in enumerate(pairs):
        ends = {p.get("a"), p.get("b")}
        if not ends <= covered:
            chosen.append(k)
            covered |= ends
        if len(chosen) == MAX_ILLUSTRATED_PAIRS:
            break
    return chosen


def _frame_label(ctx: Context, video: str, t: float, member: int, extra: str = "",
                 frame: int | None = None) -> str:
    info = ctx.result.info(video) if video in ctx.labels else None
    n = frame if isinstance(frame, int) else F.frame_number(info, t)
    first = f"member {member + 1} · {ctx.labels.get(video, '')} · {W.timecode(t)}"
    second = ", ".join(x for x in (f"frame {n}" if n is not None else "", extra) if x)
    return first + (f"\n{second}" if second else "")


def _redacted(ctx: Context, f: dict[str, Any], comp) -> tuple[Any, Any, Any]:
    a = ctx.redactor.frame(f.get("a_rgb"), comp.a, f.get("a_time_s", 0.0))
    b = ctx.redactor.frame(f.get("b_rgb"), comp.b, f.get("b_time_s", 0.0))
    diff = f.get("diff")
    if ctx.redactor.enabled and a is not None and b is not None and a.shape == b.shape:
        diff = np.abs(F.grey(a) - F.grey(b)) / 255.0       # no facial detail in the map either
        overlap = f.get("overlap")
        if overlap is not None and np.shape(overlap) == diff.shape:
            diff = np.where(overlap, diff, 0.0)
    return a, b, diff


def _diff_label(f: dict[str, Any], diff, recomputed: bool) -> str:
    mean = None if recomputed else f.get("mean_difference")
    overlap = f.get("overlap")
    if not isinstance(mean, (int, float)):
        mean = float(np.mean(diff[overlap])) if overlap is not None and np.any(overlap) else float(np.mean(diff))
    text = f"difference: mean {float(mean):.3f}, max {float(np.max(diff)):.3f}"
    if f.get("registration"):
        text += f"\nregistration: {f['registration']}"
    return text


def _aspect(ctx: Context, comp) -> float:
    for f in comp.frames:
        if f.get("a_rgb") is not None:
            h, w = f["a_rgb"].shape[:2]
            return w / h
    try:
        w, h = ctx.result.info(comp.a).display_size
        return w / h
    except KeyError:
        return 16 / 9


def _strip(pdf, ctx: Context, comp, ia: int, ib: int) -> None:
    frames = comp.frames or []
    n = max(1, len(frames)) if frames else STRIP_FRAMES
    gap = 3.0
    cell_w = (CONTENT_W - (n - 1) * gap) / n
    aspect = _aspect(ctx, comp)
    img_h = min(cell_w / aspect, 38.0)
    img_w = img_h * aspect
    pdf.ensure(2 * img_h + 22)
    pdf.note(W.PAIR_FRAMES_CAPTION.format(a=f"member {ia + 1} ({isolate(ctx.tag(comp.a))})",
                                          b=f"member {ib + 1} ({isolate(ctx.tag(comp.b))})"))
    y0 = pdf.get_y()
    bottoms = [y0]
    for row, key in enumerate(("a", "b")):
        y = max(bottoms) + (1.5 if row else 0)
        bottoms = [y]
        for k in range(n):
            f = frames[k] if k < len(frames) else {}
            a, b, _ = _redacted(ctx, f, comp) if f else (None, None, None)
            img = a if key == "a" else b
            x = MARGIN + k * (cell_w + gap) + (cell_w - img_w) / 2
            data = F.jpeg(img if img is not None else F.placeholder(), max_side=480)
            pdf.picture(data, x, y, img_w, img_h)
            if f:
                video, member = (comp.a, ia) if key == "a" else (comp.b, ib)
                dist = f.get("distance")
                extra = f"distance {W.number(dist)}" if key == "b" and dist is not None else ""
                label = _frame_label(ctx, video, f.get(f"{key}_time_s", 0.0), member, extra,
                                     f.get(f"{key}_frame"))
            else:
                label = W.CROP_MISSING
            bottoms.append(pdf.caption(label, MARGIN + k * (cell_w + gap), y + img_h + 0.6, cell_w))
    pdf.set_y(max(bottoms) + 1.5)
    if comp.reason:
        pdf.para(W.FRAMES_UNAVAILABLE.format(reason=reason_shown(comp.reason)), size=8, colour=(150, 30, 30))
    elif frames:
        pdf.note(W.REGISTERED_NOTE if comp.registered else W.FALLBACK_ALIGNMENT)


def _diff_block(pdf, ctx: Context, comp, ia: int, ib: int) -> None:
    f = comp.most_different()
    if f is None:
        return
    if f.get("a_reg") is not None:      # fallback: show the frames as registered for the map
        f = {**f, "a_rgb": f["a_reg"], "b_rgb": f["b_reg"]}
    a, b, diff = _redacted(ctx, f, comp)
    if a is None or b is None or diff is None:
        return
    gap = 3.0
    w = (CONTENT_W - 2 * gap) / 3
    aspect = a.shape[1] / a.shape[0]
    h = min(w / aspect, 50.0)
    iw = h * aspect
    pdf.ensure(h + 26)
    dist = f.get("distance")
    pdf.note(W.DIFF_CAPTION.format(dist=f"distance {W.number(dist)}" if dist is not None else "distance not recorded"))
    y = pdf.get_y()
    regions = f.get("regions") or ()
    images = (a, b, F.mark_regions(F.diff_rgb(diff), regions))
    labels = (_frame_label(ctx, comp.a, f.get("a_time_s", 0.0), ia, "", f.get("a_frame")),
              _frame_label(ctx, comp.b, f.get("b_time_s", 0.0), ib, "transform undone", f.get("b_frame")),
              _diff_label(f, diff, ctx.redactor.enabled))
    bottom = y
    for k, (img, lab) in enumerate(zip(images, labels)):
        x = MARGIN + k * (w + gap) + (w - iw) / 2
        pdf.picture(F.jpeg(img, max_side=640), x, y, iw, h)
        bottom = max(bottom, pdf.caption(lab, MARGIN + k * (w + gap), y + h + 0.6, w))
    # colour scale under the difference map
    sx = MARGIN + 2 * (w + gap) + (w - iw) / 2
    pdf.picture(F.jpeg(F.colour_scale()), sx, bottom + 0.8, iw, 2.2)
    pdf.set_font("DejaVu", "", 6.2)
    pdf.set_xy(sx, bottom + 3.3)
    pdf.cell(20, 2.6, "0 (alike)")
    pdf.set_xy(sx + iw - 20, bottom + 3.3)
    pdf.cell(20, 2.6, "1 (different)", align="R")
    pdf.set_font("DejaVu", "", 9)
    pdf.set_y(bottom + 8)
    if regions:
        pdf.note(W.REGIONS_NOTE + "; ".join(W.region_text(k, r) for k, r in enumerate(regions)))


# ------------------------------------------------------------------ individuals
def individuals(pdf, ctx: Context) -> None:
    r = ctx.result
    pdf.add_page()
    pdf.heading("Recurring individuals")
    if not (r.parameters.get("people") or {}).get("enabled", True):
        pdf.para(W.PEOPLE_OFF)
        return
    if not r.recurring_individuals:
        pdf.para(W.NO_INDIVIDUALS)
    else:
        if ctx.redactor.enabled:
            pdf.note(W.blurred_note(ctx.redactor.keep))
        for k, ind in enumerate(r.recurring_individuals):
            if k:
                pdf.ensure(90)
            individual_block(pdf, ctx, ind)
    not_examined(pdf, ctx)


def not_examined(pdf, ctx: Context) -> None:
    """Faces seen but not compared, per shot, and face pairs near the threshold left unlinked
    with the reason (from parameters.people.models)."""
    people = (ctx.result.parameters.get("people") or {}).get("models") or {}
    rows = []
    for video, st in (people.get("per_video") or {}).items():
        for shot, c in ((st or {}).get("faces_not_compared_per_shot") or {}).items():
            if isinstance(c, dict) and c.get("not_compared"):
                rows.append([ctx.tag(video), str(shot), str(c.get("face_tracks", "")), str(c.get("not_compared", "")),
                             str(c.get("too_small_to_compare", "")), str(c.get("turned_unsharp_or_unconfirmed", ""))])
    if rows:
        pdf.ensure(30)
        pdf.para(W.NOT_COMPARED, bold=True, size=8, gap=0.5)
        pdf.table_rows(rows, widths=(0.34, 0.08, 0.12, 0.14, 0.16, 0.16), size=6.8,
                       headings=["video", "shot", "face tracks", "not compared", "too small", "turned / unsharp / unconfirmed"])
    near = people.get("not_linked_near_threshold") or []
    if near:
        pdf.ensure(30)
        pdf.para(W.NEAR_MISSES, bold=True, size=8, gap=0.5)
        fmt = lambda w: f"{isolate(ctx.tag(w.get('video', '')))} shot {w.get('shot')} {W.time_range(w.get('start_s', 0), w.get('end_s', 0))}"  # noqa: E731
        pdf.table_rows([[fmt(n.get("a", {})), fmt(n.get("b", {})), W.number(n.get("face_distance")),
                         W.number(n.get("quality_adjusted_distance")), W.number(n.get("threshold")), str(n.get("reason", ""))]
                        for n in near if isinstance(n, dict)],
                       widths=(0.24, 0.24, 0.09, 0.1, 0.08, 0.25), size=6.5,
                       headings=["face A", "face B", "distance", "with quality", "threshold", "why not linked"])


def _cues(ind) -> str:
    cues = {a.cue for a in ind.appearances}
    return "faces" if cues == {"face"} else "bodies" if cues == {"body"} else "faces or bodies"


DETAIL_COLUMNS = ("frame_index", "link", "face_descriptors", "face_px", "face_detector_score", "quality",
                  "frontal", "sharpness", "hog_cross_check")


def _details(ind) -> list[dict[str, Any]]:
    d = ind.evidence.get("appearances") if isinstance(ind.evidence, dict) else None
    if isinstance(d, list) and len(d) == len(ind.appearances) and all(isinstance(x, dict) for x in d):
        return d
    return [{} for _ in ind.appearances]


def individual_block(pdf, ctx: Context, ind) -> None:
    pdf.heading(f"Individual {ind.id}", 1)
    ctx.pages[ind.id] = pdf.page_no()
    pdf.para(W.INDIVIDUAL_INTRO.format(n=len(ind.appearances), cues=_cues(ind)), size=8.5)
    details = _details(ind)
    rows = []
    for k, (a, d) in enumerate(zip(ind.appearances, details)):
        frame = d.get("frame_index")
        shown = W.timecode(a.time_s) + (f"\nframe {frame}" if isinstance(frame, int) else "")
        rows.append([str(k + 1), ctx.tag(a.video), str(a.shot), W.time_range(a.start_s, a.end_s),
                     shown, a.cue, ", ".join(str(int(v)) for v in a.bbox)])
    pdf.table_rows(rows, widths=(0.05, 0.35, 0.06, 0.2, 0.12, 0.06, 0.16),
                   headings=["#", "video", "shot", "time", "frame shown", "cue", "box (x0, y0, x1, y1)"])
    crops, reasons = _crops(ctx, ind, details)
    blurred = ctx.redactor.enabled and ind.id not in ctx.redactor.keep
    pdf.note(W.FACE_CROP_CAPTION + (" " + W.BLURRED_INDIVIDUAL if blurred else ""))
    gap = 2.5
    size = (CONTENT_W - (CROPS_PER_ROW - 1) * gap) / CROPS_PER_ROW
    for start in range(0, len(crops), CROPS_PER_ROW):
        pdf.ensure(size + 12)
        y = pdf.get_y()
        bottom = y
        for j, (crop, a) in enumerate(zip(crops[start:start + CROPS_PER_ROW],
                                          ind.appearances[start:start + CROPS_PER_ROW])):
            x = MARGIN + j * (size + gap)
            img = crop if crop is not None else F.placeholder(96, 96)
            if crop is not None and blurred:
                img = F.blur(img)
            pdf.picture(F.jpeg(img), x, y, size, size)
            label = f"{start + j + 1} · {ctx.labels.get(a.video, '?')}\nshot {a.shot}\n{W.timecode(a.time_s)}"
            if crop is None:
                label += f"\n{W.CROP_MISSING}"
            bottom = max(bottom, pdf.caption(label, x, y + size + 0.6, size))
        pdf.set_y(bottom + 1.5)
    for reason in reasons:
        pdf.para(W.FRAMES_UNAVAILABLE.format(reason=reason_shown(reason)), size=8, colour=(150, 30, 30))
    ev = dict(ind.evidence) if isinstance(ind.evidence, dict) else {"evidence": ind.evidence}
    labels = [str(k + 1) for k in range(len(ind.appearances))]
    if any(details):
        cols = [c for c in DETAIL_COLUMNS if any(c in d for d in details)]
        extra = [c for d in details for c in d if c not in DETAIL_COLUMNS + ("time_s", "bbox", "body_bbox")]
        cols += [c for c in dict.fromkeys(extra)][:max(0, 9 - len(cols))]
        if cols:
            pdf.para(W.PER_APPEARANCE, bold=True, size=8, gap=0.5)
            pdf.table_rows([[labels[k]] + [W.number(d.get(c)) if c in d else "" for c in cols]
                            for k, d in enumerate(details)],
                           widths=(0.05,) + tuple(0.95 / len(cols) for _ in cols),
                           headings=["#"] + [W.humanize_key(c) for c in cols], size=6.8)
        ev.pop("appearances", None)
    if ev:
        pdf.para(W.INDIVIDUAL_MEASUREMENTS, bold=True, size=8, gap=0.5)
        generic(pdf, ev, labels=labels, size=7)


def _crops(ctx: Context, ind, details: list[dict[str, Any]]) -> tuple[list[Any], list[str]]:
    out: list[Any] = [None] * len(ind.appearances)
    reasons: list[str] = []
    by_video: dict[str, list[int]] = {}
    for k, a in enumerate(ind.appearances):
        by_video.setdefault(a.video, []).append(k)
    for video, idx in by_video.items():
        wants = []
        for k in idx:
            pts = details[k].get("pts")
            wants.append((pts if isinstance(pts, int) else None, ind.appearances[k].time_s))
        got, reason = ctx.source.frames(video, wants, max_side=None)
        if reason:
            reasons.append(reason)
        try:
            dw, dh = ctx.result.info(video).display_size
        except KeyError:
            dw = dh = None
        for k, rgb in zip(idx, got):
            if rgb is None:
                continue
            a = ind.appearances[k]
            box = F.xyxy(a.bbox)
            if a.cue == "body" and isinstance(details[k].get("body_bbox"), list):
                box = F.xyxy(details[k]["body_bbox"])
            if dw and (rgb.shape[1], rgb.shape[0]) != (dw, dh):
                sx, sy = rgb.shape[1] / dw, rgb.shape[0] / dh
                box = (box[0] * sx, box[1] * sy, box[2] * sx, box[3] * sy)
            out[k] = F.face_crop(rgb, box, margin=0.3 if a.cue == "face" else 0.05)
    return out, reasons
