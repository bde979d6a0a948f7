"""Shot timeline of one video: shots as alternating bands, repeated segments and
individuals' appearances as marks on their own lanes, time axis in mm:ss.

Drawn on an explicit Agg canvas (`matplotlib.figure.Figure` + `FigureCanvasAgg`), so it
works headless and never changes the global matplotlib backend (a notebook keeps its own).
matplotlib is imported only when a timeline is drawn.
"""
from __future__ import annotations

import io
import math

from .wording import timecode

GROUP_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf",
                 "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22")
MAX_LANES = 8          # more groups/individuals than this share one lane each kind


def _tick_step(duration: float) -> float:
    for step in (0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200):
        if duration / step <= 10:
            return float(step)
    return 10800.0


def _mmss(x: float, _pos=None) -> str:
    return timecode(x, decimals=0 if float(x).is_integer() else 1)


def lanes_for(result, video: str) -> tuple[list[tuple[str, list, str]], list[tuple[str, list, str]]]:
    """(group lanes, individual lanes): (label, [(start, end, label)], colour) touching `video`."""
    groups = []
    for k, g in enumerate(result.repeated_segments):
        spans = [(m.start_s, m.end_s, g.id) for m in g.members if m.video == video]
        if spans:
            groups.append((f"{g.id} ({g.kind})", spans, GROUP_COLOURS[k % len(GROUP_COLOURS)]))
    people = []
    for k, ind in enumerate(result.recurring_individuals):
        spans = [(a.start_s, a.end_s, ind.id) for a in ind.appearances if a.video == video]
        if spans:
            people.append((ind.id, spans, "#444444"))
    if len(groups) > MAX_LANES:
        groups = [("repeated", [s for _, sp, _ in groups for s in sp], GROUP_COLOURS[0])]
    if len(people) > MAX_LANES:
        people = [("individuals", [s for _, sp, _ in people for s in sp], "#444444")]
    return groups, people


def timeline_png(result, video: str, *, width_mm: float = 180.0, dpi: int = 200
                 ) -> tuple[bytes, float]:
    """PNG bytes of the timeline of `video` and its height in millimetres at `width_mm`."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle
    from matplotlib.ticker import FuncFormatter, MultipleLocator

    info = result.info(video)
    shots = result.shots_of(video)
    duration = max([info.duration_s] + [s.end_s for s in shots] + [0.001])
    groups, people = lanes_for(result, video)
    lanes = [("shots", None, None)] + groups + people
    n = len(lanes)
    width_in = width_mm / 25.4
    lane_h = 0.26
    height_in = 0.62 + lane_h * n
    fig = Figure(figsize=(width_in, height_in), dpi=dpi)
    FigureCanvasAgg(fig)
    left = min(0.22, 0.085 + 0.0075 * max(len(lab) for lab, _, _ in lanes))
    ax = fig.add_axes((left, 0.42 / height_in, 0.985 - left, (height_in - 0.55) / height_in))
    ax.set_xlim(0, duration)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_yticks(range(n))
    ax.set_yticklabels([lab for lab, _, _ in lanes], fontsize=6.5)
    ax.tick_params(axis="y", length=0)
    ax.tick_params(axis="x", labelsize=6.5, length=2.5)
    step = _tick_step(duration)
    ax.xaxis.set_major_locator(MultipleLocator(step))
    ax.xaxis.set_major_formatter(FuncFormatter(_mmss))
    ax.set_xlabel("time (mm:ss)", fontsize=6.5, labelpad=2)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    for y in range(1, n):
        ax.axhline(y - 0.5, color="#dddddd", linewidth=0.5)

    # shots: alternating bands, numbered when wide enough
    min_label = duration / 45
    for k, s in enumerate(shots):
        ax.add_patch(Rectangle((s.start_s, -0.36), max(s.end_s - s.start_s, 1e-3), 0.72,
                               facecolor="#c9d3df" if k % 2 == 0 else "#8fa3ba",
                               edgecolor="white", linewidth=0.4))
        if s.end_s - s.start_s >= min_label:
            ax.text((s.start_s + s.end_s) / 2, 0, str(s.index), ha="center", va="center",
                    fontsize=5.5, color="#102030")
        if s.transition_in in ("dissolve", "fade"):
            ax.plot([s.start_s], [-0.44], marker="v", markersize=3.2, color="#333333",
                    linestyle="none")
            ax.text(s.start_s, -0.47, s.transition_in[0].upper(), ha="center", va="bottom",
                    fontsize=4.5, color="#333333")

    y = 1
    for label, spans, colour in groups:
        for start, end, tag in spans:
            ax.add_patch(Rectangle((start, y - 0.3), max(end - start, duration / 400), 0.6,
                                   facecolor=colour, alpha=0.85, edgecolor="none"))
            if label == "repeated":
                ax.text(start, y - 0.33, tag, fontsize=4.5, va="bottom", ha="left")
        y += 1
    for label, spans, colour in people:
        for start, end, tag in spans:
            w = max(end - start, duration / 400)
            ax.add_patch(Rectangle((start, y - 0.12), w, 0.24, facecolor=colour,
                                   edgecolor="none"))
            ax.plot([start], [y], marker="o", markersize=2.6, color=colour, linestyle="none")
            if label == "individuals":
                ax.text(start, y - 0.2, tag, fontsize=4.5, va="bottom", ha="left")
        y += 1

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    height_mm = height_in * 25.4
    return buf.getvalue(), height_mm if math.isfinite(height_mm) else 30.0
