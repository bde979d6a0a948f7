"""Report sections that describe the case rather than its findings: cover, inputs, method
and parameters, limitations, appendix; plus the generic renderer for evidence values."""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import wording as W
from .pdf import User, UserFields, UserName, shown, shown_name
from .safe import reason_shown

MAX_TABLE_ROWS = 60
MAX_LOG_LINES = 400


@dataclass
class Context:
    """Everything the sections need, built once per report."""
    result: Any                       # AnalysisResult
    source: Any                       # frames.FrameSource
    redactor: Any                     # frames.Redactor
    title: str
    analyst: str
    findings_bytes: bytes
    labels: dict[str, str] = field(default_factory=dict)   # video path -> "V1"
    names: dict[str, str] = field(default_factory=dict)    # video path -> display name
    pages: dict[str, int] = field(default_factory=dict)    # observation id -> page of its evidence
    contents_page: int = 0

    def __post_init__(self) -> None:
        paths = [i.path for i in self.result.inputs] + [e.get("path", "") for e in self.result.errors]
        basenames = [Path(p).name for p in paths]
        for k, info in enumerate(self.result.inputs):
            self.labels[info.path] = f"V{k + 1}"
        for p in paths:
            name = Path(p).name or p
            self.names[p] = p if basenames.count(name) > 1 else name

    def name(self, video: str) -> str:
        return shown_name(self.names.get(video, Path(video).name or video), 160)

    def tag(self, video: str) -> str:
        label = self.labels.get(video)
        return UserName(f"{label} {self.name(video)}" if label else self.name(video))


# ------------------------------------------------------------------ generic values
def generic(pdf, data: dict[str, Any], *, skip: set[str] = frozenset(), labels: list[str] | None = None,
            size: float = 7.5) -> None:
    """Render evidence values of any shape: scalars and small dicts as key/value rows,
    lists of dicts as tables, square lists of lists as matrices."""
    if not isinstance(data, dict):
        pdf.kv([("value", _text(data))], size=size)
        return
    if data and all(isinstance(v, dict) for v in data.values()) and not skip:
        dict_table(pdf, [{"name": k, **v} for k, v in data.items()], size=size)
        return
    simple: list[tuple[str, str]] = []
    complex_items: list[tuple[str, Any]] = []
    for k, v in data.items():
        if k in skip:
            continue
        if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            complex_items.append((k, v))
        elif isinstance(v, list) and v and all(isinstance(x, list) for x in v):
            if all(y is None for x in v for y in x):
                simple.append((W.humanize_key(k), "not measured"))
            else:
                complex_items.append((k, v))
        elif isinstance(v, dict) and v and all(isinstance(x, dict) for x in v.values()):
            complex_items.append((k, [{"name": n, **x} for n, x in v.items()]))
        elif isinstance(v, dict) and any(isinstance(x, (dict, list)) for x in v.values()):
            complex_items.append((k, v))
        else:
            simple.append((W.humanize_key(k), _text(v)))
    if simple:
        pdf.kv(simple, size=size)
    for k, v in complex_items:
        pdf.ensure(22)
        pdf.para(W.humanize_key(k), bold=True, size=8, gap=0.5)
        if isinstance(v, dict):
            generic(pdf, v, size=size)
        elif all(isinstance(x, dict) for x in v):
            dict_table(pdf, v, size=size)
        else:
            matrix(pdf, v, labels=labels, size=size)


def _text(v: Any) -> str:
    if isinstance(v, float):
        return W.number(v)
    if isinstance(v, list) and len(v) > 40:
        return W.number(v[:40]) + f" … ({len(v)} values)"
    if isinstance(v, dict) and v and not any(isinstance(x, (dict, list)) for x in v.values()):
        return "\n".join(f"{k}: {W.number(x)}" for k, x in v.items())
    return W.number(v)


def dict_table(pdf, rows: list[dict[str, Any]], *, size: float = 7.5, max_cols: int = 8) -> None:
    """Rows of dicts as a table; wide ones are split into several tables that repeat the
    first column, so that no value is left out."""
    cols: list[str] = []
    for r in rows:
        for k in r:
            if k not in cols:
                cols.append(k)
    if not cols:
        return
    shown = rows[:MAX_TABLE_ROWS]
    first, rest = cols[0], cols[1:]
    chunks = [rest[k:k + max_cols - 1] for k in range(0, len(rest), max_cols - 1)] or [[]]
    for chunk in chunks:
        use = [first] + chunk
        cells = [[_text(r[c]) if c in r else "" for c in use] for r in shown]
        weights = [min(64, max(6, *(len(x) for x in W.humanize_key(c).split()),
                               *(max((len(line) for line in row[j].split("\n")), default=0) for row in cells)))
                   for j, c in enumerate(use)]
        pdf.table_rows(cells, widths=tuple(w / sum(weights) for w in weights),
                       headings=[W.humanize_key(c) for c in use], size=size - 0.5)
    if len(rows) > len(shown):
        pdf.note(W.MORE_ROWS.format(n=len(rows) - len(shown)))


def matrix(pdf, m: list[list[Any]], *, labels: list[str] | None = None, size: float = 7.5) -> None:
    n = len(m)
    if n > 14 or any(len(r) > 14 for r in m):
        pdf.note(W.MORE_ROWS.format(n=n))
        return
    width = max(len(r) for r in m)
    labels = labels if labels and len(labels) >= max(n, width) else [str(k + 1) for k in range(max(n, width))]
    rows = [[labels[i]] + ["–" if x is None else _text(x) for x in r] + [""] * (width - len(r))
            for i, r in enumerate(m)]
    pdf.table_rows(rows, widths=(0.1,) + tuple(0.9 / width for _ in range(width)),
                   headings=[""] + labels[:width], size=size - 0.5, key_bold=True)


# ------------------------------------------------------------------ cover
def cover(pdf, ctx: Context) -> None:
    r = ctx.result
    pdf.add_page()
    pdf.set_y(28)
    pdf.set_font("DejaVu", "B", 20)
    pdf.multi_cell(0, 9, shown(ctx.title or "Untitled case", 300), new_x="LMARGIN", new_y="NEXT")
    pdf.start_section("Cover", level=0, strict=False)
    pdf.ln(1)
    pdf.para(W.SUBTITLE, size=11,
             colour=(70, 70, 70), gap=5)
    tool = r.tool or {}
    pdf.kv([
        ("Case title", shown(ctx.title, 2000) if ctx.title else "not given"),
        ("Analyst", shown(ctx.analyst, 500) if ctx.analyst else "not given"),
        ("Analysis run (UTC)", r.created_utc.replace("T", " ").replace("Z", " UTC") if r.created_utc
         else "not recorded (the case has no usable run-log.json)"),
        ("Tool", f"{tool.get('name', 'vidforensics')} {tool.get('version', '?')}"),
        ("Python, platform", f"{tool.get('python', '?')}, {tool.get('platform', '?')}"),
        ("Findings format", f"findings.json, schema {r.schema_version} (attached to this PDF)"),
    ], key_w=0.3, size=8.5)
    pdf.heading("Scope", 1)
    people_on = bool(r.parameters.get("people", {}).get("enabled", False))
    pdf.para(W.SCOPE.format(n_inputs=len(r.inputs) + len(r.errors),
                            people=W.SCOPE_PEOPLE if people_on else ""))
    pdf.heading("Counts", 1)
    kinds: dict[str, int] = {}
    for g in r.repeated_segments:
        kinds[g.kind] = kinds.get(g.kind, 0) + 1
    total = sum(i.duration_s for i in r.inputs)
    rows = [
        ("Inputs analysed", str(len(r.inputs))),
        ("Inputs that could not be analysed", str(len(r.errors))),
        ("Total duration analysed", f"{W.timecode(total)} ({total:.2f} s)"),
        ("Shots", str(len(r.shots))),
        ("Repeated-segment groups", str(len(r.repeated_segments)) + (
            " (" + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) + ")" if kinds else "")),
        ("Recurring individuals", str(len(r.recurring_individuals)) if people_on
         else "not examined (face and body comparison not run)"),
    ]
    unavailable = _unavailable(ctx)
    if unavailable:
        rows.append(("Inputs whose frames could not be shown in this rendering",
                     f"{len(unavailable)} (listed under Inputs)"))
    pdf.kv(rows, key_w=0.4, size=8.5)
    pdf.ln(2)
    pdf.boxed(W.STANDING_STATEMENT)


def _unavailable(ctx: Context) -> list[tuple[Any, str]]:
    """(input, reason) for each analysed input whose file cannot be shown now."""
    return [(info, why) for info in ctx.result.inputs
            for why in (ctx.source.locate(info.path)[1],) if why]


# ------------------------------------------------------------------ inputs
MAX_TAGS_SHOWN = 40


def _tags(d: Any) -> str:
    if not isinstance(d, dict) or not d:
        return "none"
    lines = [f"{shown(k, 80)}: {shown(v)}" for k, v in list(d.items())[:MAX_TAGS_SHOWN]]
    if len(d) > MAX_TAGS_SHOWN:
        lines.append(f"… {len(d) - MAX_TAGS_SHOWN} further tags are in findings.json")
    return UserFields("\n".join(lines))


def _provenance(p: dict[str, Any]) -> str:
    lines = [W.NOT_MEASURED + ":"]
    for key, label in (("source_url", "source URL"), ("acquired_utc", "acquired (UTC)"), ("note", "note")):
        if p.get(key):
            lines.append(f"{label}: {shown(p[key], 3000)}")
    for k, v in p.items():
        if k not in ("source_url", "acquired_utc", "note"):
            lines.append(f"{shown(W.humanize_key(k), 80)}: {shown(v)}")
    return UserFields("\n".join(lines))


def inputs(pdf, ctx: Context) -> None:
    r = ctx.result
    if not getattr(pdf, "fresh_page", False):
        pdf.add_page()
    pdf.fresh_page = False
    pdf.heading("Inputs")
    pdf.para(W.INPUTS_INTRO)
    rows = []
    for info in r.inputs:
        w, h = info.display_size
        rows.append([ctx.labels[info.path], ctx.name(info.path), W.timecode(info.duration_s),
                     f"{w}×{h}", info.video_codec, W.rate_text(info.frame_rate).split(" (")[0],
                     str(len(r.shots_of(info.path)))])
    if rows:
        pdf.table_rows(rows, widths=(0.06, 0.38, 0.11, 0.12, 0.09, 0.14, 0.1),
                       headings=["", "file", "duration", "display size", "codec", "frame rate", "shots"])
    if r.errors:
        pdf.para(W.ERRORS_INTRO, bold=True, size=8.5)
        pdf.table_rows([[shown_name(e.get("path", "?"), 300), shown(e.get("error", "?"))] for e in r.errors],
                       widths=(0.4, 0.6), headings=["file", "reason"])
    unavailable = _unavailable(ctx)
    if unavailable:
        pdf.para(W.UNAVAILABLE_INTRO, bold=True, size=8.5, colour=(150, 30, 30))
        pdf.table_rows([[ctx.labels[i.path], ctx.name(i.path), reason_shown(why)] for i, why in unavailable],
                       widths=(0.06, 0.34, 0.6), headings=["", "file", "reason"])
    if r.identical_files:
        from .safe import identical_rows
        pdf.para(W.IDENTICAL_INTRO, bold=True, size=8.5)
        pdf.table_rows(identical_rows(r), widths=(0.4, 0.25, 0.35),
                       headings=["file", "analysed as", "relation"])
    custody(pdf, ctx)
    changed_parameters(pdf, ctx)
    for info in r.inputs:
        pdf.heading(UserName(f"{ctx.labels[info.path]}  {ctx.name(info.path)}"), 1)
        pdf.kv(_input_rows(info, r.provenance.get(info.path)), key_w=0.22)


def custody(pdf, ctx: Context) -> None:
    """Per input: the analyst's chain-of-custody entries against the measured SHA-256."""
    from ..custody import CUSTODY_KEYS, receipt_status, time_text
    r = ctx.result
    pdf.heading(W.CUSTODY_HEADING, 1)
    if not any(any(k in (r.provenance.get(i.path) or {}) for k in CUSTODY_KEYS) for i in r.inputs):
        pdf.para(W.CUSTODY_NONE, size=8.5)
        return
    pdf.para(W.CUSTODY_INTRO, size=8)
    rows = []
    for info in r.inputs:
        p = r.provenance.get(info.path) or {}
        status = receipt_status(p, info.sha256)
        mark = {"matches": W.RECEIPT_MATCHES, "differs": W.RECEIPT_DIFFERS}.get(status, W.RECEIPT_MISSING)
        given = p.get("sha256_at_receipt")
        rows.append([ctx.labels[info.path], User(p.get("received_from") or "–"),
                     User(p.get("received_by") or "–"),
                     User(time_text(p["received_at"])) if p.get("received_at") else "–",
                     mark + (f"\nat receipt: {given}" if given else "") + f"\nmeasured: {info.sha256}"])
    pdf.table_rows(rows, widths=(0.06, 0.17, 0.17, 0.18, 0.42),
                   headings=["", "received from", "received by", "received at", "SHA-256 at receipt"],
                   size=7)
    if any(receipt_status(r.provenance.get(i.path), i.sha256) == "differs" for i in r.inputs):
        pdf.para(W.RECEIPT_DIFFERS_NOTE, size=8.5, bold=True, colour=(150, 30, 30))


def changed_parameters(pdf, ctx: Context) -> None:
    from ..config import AnalysisConfig
    defaults = AnalysisConfig().to_dict()
    rows = []
    for section, values in (ctx.result.parameters or {}).items():
        if not isinstance(values, dict) or section not in defaults:
            continue
        for name, value in values.items():
            if name in defaults[section] and defaults[section][name] != value:
                shown = [_text(v) if v not in ("", [], ()) else "(empty)" for v in (value, defaults[section][name])]
                rows.append([f"{section}.{name}", *shown])
    pdf.heading(W.CHANGED_HEADING, 1)
    if not rows:
        pdf.para(W.CHANGED_NONE, size=8.5)
        return
    pdf.para(W.CHANGED_INTRO, size=8)
    pdf.table_rows(rows, widths=(0.34, 0.33, 0.33), headings=["parameter", "value used", "default"], size=7.5)


def _input_rows(info, provenance: dict[str, Any] | None) -> list[tuple[str, Any]]:
    m = dict(info.metadata or {})
    w, h = info.display_size
    codec = m.pop("codec_long_name", None)
    profile, pix = m.pop("profile", None), m.pop("pixel_format", None)
    details = ", ".join(x for x in (f"profile {profile}" if profile else "",
                                   f"pixel format {pix}" if pix else "") if x)
    rows: list[tuple[str, Any]] = [
        ("Path as given", shown_name(info.path, 1000)),
        ("Size", W.size_text(info.size_bytes)),
        ("SHA-256", info.sha256),
        ("Container", f"{m.pop('format_long_name', None) or info.container} ({info.container})"),
        ("Video codec", f"{codec or info.video_codec} ({info.video_codec})" + (f"; {details}" if details else "")),
        ("Resolution", f"{info.width}×{info.height} coded" + (
            f"; displayed {w}×{h} (rotation {info.rotation}°)" if info.rotation else "")),
        ("Frame rate", W.rate_text(info.frame_rate, info.variable_frame_rate)),
        ("Duration", f"{W.timecode(info.duration_s)} ({info.duration_s:.3f} s), {info.frame_count} frames"),
        ("Time base", f"{info.time_base.numerator}/{info.time_base.denominator}; first frame at "
                      f"{W.number(m.pop('start_time_s', float(info.start_pts * info.time_base)))} s"),
    ]
    if m.get("bit_rate"):
        rows.append(("Bit rate", f"{int(m.pop('bit_rate')):,} bit/s"))
    m.pop("bit_rate", None)
    audio = m.pop("audio_streams", None)
    if audio:
        rows.append(("Audio", "; ".join(f"stream {a.get('index')}: {a.get('codec')}, "
                                        f"{a.get('sample_rate')} Hz, {a.get('channels')} ch" for a in audio)))
    else:
        rows.append(("Audio", "none" if not info.has_audio else "present"))
    if info.warnings:
        from .safe import warnings_text
        rows.append(("Warnings (damage found, repairs made)", warnings_text(info.warnings)))
    rows.append(("Container tags", _tags(m.pop("container_tags", None))))
    rows.append(("Video stream tags", _tags(m.pop("video_stream_tags", None))))
    notable = m.pop("notable_tags", None) or {}
    dates = {k: v for k, v in notable.items() if "time" in k or "date" in k}
    rows.append(("Container dates", User("\n".join(f"{k}: {shown(v, 200)}" for k, v in dates.items()))
                 + " (as stored; time zone not interpreted)" if dates else "none stored"))
    for k in ("video_stream_index", "header_frame_count", "container_duration_s", "other_streams"):
        v = m.pop(k, None)
        if v not in (None, [], {}):
            rows.append((W.humanize_key(k).capitalize(), W.number(v) if not isinstance(v, list) else
                         "; ".join(W.number(x) for x in v)))
    streams = m.pop("streams", None)
    if streams:
        from .safe import streams_text
        rows.append(("Streams", streams_text(streams)))
    repairs = m.pop("timestamp_repairs", None)
    if repairs:
        rows.append(("Timestamp repairs", f"{repairs.get('count')} (listed in findings.json)"))
    for k, v in m.items():
        if v not in (None, [], {}):
            rows.append((shown(W.humanize_key(k).capitalize(), 80), shown(W.number(v))))
    if provenance:
        rows.append(("Analyst provenance", _provenance(provenance)))
    return rows


# ------------------------------------------------------------------ method
def _help_texts() -> dict[tuple[str, str], str]:
    from ..config import AnalysisConfig
    out = {}
    for s in dataclasses.fields(AnalysisConfig):
        for f in dataclasses.fields(s.default_factory):  # type: ignore[misc]
            out[(s.name, f.name)] = f.metadata.get("help", "")
    return out


def method(pdf, ctx: Context) -> None:
    params = ctx.result.parameters or {}
    pdf.heading("Method", 1)
    sample = (params.get("decode") or {}).get("sample_fps")
    variants = (params.get("hashing") or {}).get("variants") or []
    texts = {
        "probe": W.STAGE_TEXT["probe"],
        "decode": W.STAGE_TEXT["decode"].format(
            sampling=W.SAMPLING_FPS.format(fps=sample) if sample else W.SAMPLING_ALL),
        "hashing": W.STAGE_TEXT["hashing"].format(
            variants=", ".join(map(str, variants)) if variants else "see parameters"),
        "shots": W.STAGE_TEXT["shots"],
    }
    for stage in ("matching", "people"):
        on = (params.get(stage) or {}).get("enabled", True)
        texts[stage] = W.STAGE_TEXT[stage] if on else W.STAGE_OFF.format(
            stage="Repeated segments" if stage == "matching" else "Recurring individuals")
    for text in texts.values():
        pdf.para(text, size=8.5)
    pdf.heading("Parameters (all)", 1)
    pdf.para(W.PARAMETERS_INTRO, size=8)
    helps = _help_texts()
    rows = []
    extra: dict[str, Any] = {}
    for section, values in params.items():
        if not isinstance(values, dict):
            rows.append([section, "", _text(values), ""])
            continue
        for name, value in values.items():
            if section == "people" and name == "models":
                continue                     # listed in the appendix
            if isinstance(value, dict):
                extra[f"{section}.{name}"] = value
                continue
            rows.append([section, name, _text(value), helps.get((section, name), "")])
    pdf.table_rows(rows, widths=(0.12, 0.2, 0.2, 0.48), headings=["stage", "parameter", "value", "meaning"],
                   size=7)
    for key, value in extra.items():
        pdf.ensure(22)
        pdf.para(key, bold=True, size=8, gap=0.5)
        generic(pdf, value, size=7)


# ------------------------------------------------------------------ limitations, appendix
def limitations(pdf, ctx: Context) -> None:
    pdf.add_page()
    pdf.heading("Limitations")
    pdf.bullets(W.LIMITATIONS)
    if ctx.redactor.enabled:
        pdf.para(W.blurred_note(ctx.redactor.keep) + f" Detector: {ctx.redactor.method}.", size=8.5)


def reproduce(pdf, ctx: Context) -> None:
    rep = getattr(ctx.result, "reproduce", None) or {}
    if not rep:
        return
    pdf.heading(W.REPRODUCE_HEADING, 1)
    pdf.para(W.REPRODUCE_INTRO, size=8.5)
    rows = []
    if rep.get("command"):
        rows.append(("Command" + (" (as run)" if rep.get("how") == "command line" else " (equivalent)"),
                     UserName(rep["command"])))
    if rep.get("api"):
        rows.append(("Python API (equivalent)", UserName(rep["api"])))
    if rep.get("cwd"):
        rows.append(("Working directory", UserName(rep["cwd"])))
    pdf.kv(rows, key_w=0.25, size=7.5)


def appendix(pdf, ctx: Context) -> None:
    r = ctx.result
    pdf.add_page()
    pdf.heading("Appendix")
    pdf.para(W.APPENDIX_INTRO, size=8.5)
    reproduce(pdf, ctx)
    method(pdf, ctx)
    pdf.heading("Software", 1)
    tool = r.tool or {}
    rows = [("vidforensics", tool.get("version", "?")), ("Python", tool.get("python", "?")),
            ("Platform", tool.get("platform", "?"))]
    rows += [(k, v) for k, v in sorted((tool.get("libraries") or {}).items())]
    pdf.kv(rows, key_w=0.3)
    models = (r.parameters.get("people") or {}).get("models")
    if models:
        pdf.heading("Face and body models", 1)
        generic(pdf, models if isinstance(models, dict) else {"models": models}, size=7)
    pdf.heading("Machine-readable findings", 1)
    pdf.para(W.ATTACHMENT_NOTE.format(schema=r.schema_version,
                                      sha=hashlib.sha256(ctx.findings_bytes).hexdigest()), size=8.5)
    pdf.heading("Processing log", 1)
    lines = list(r.processing_log)
    shown = lines[:MAX_LOG_LINES]
    if shown:
        pdf.para(User("\n".join(shown)), size=7)
    else:
        pdf.note(W.NO_LOG)
    if len(lines) > len(shown):
        pdf.note(W.PROCESSING_LOG_TRUNCATED.format(n=len(lines) - len(shown)))
