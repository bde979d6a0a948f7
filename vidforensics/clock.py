"""Clock: packet timestamps made monotonic, with every repair recorded.

Two captures joined into one MPEG-TS file restart their timestamps at the join; some muxers
write repeated or absurdly far-apart timestamps. Read as stored, such a file folds onto
itself (6 s recorded as 3 s, overlapping shots). `PacketClock` watches the decoding
timestamps (DTS) of the video packets in file order and, where one goes backwards, repeats,
or leaps forward by more than `max_gap`, shifts that packet and every later one so that the
stream continues one frame after the previous packet. Probe and decode run the same clock
over the same packets, so both see the same repaired times, and each repair is listed in
the input's metadata (`timestamp_repairs`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

MAX_LISTED = 50            # repairs listed one by one; the rest are counted

# a forward DTS jump larger than this is a discontinuity (seconds)
GAP_DISCONT_FORMATS = 10.0     # formats FFmpeg flags as having timestamp discontinuities (TS, PS)
GAP_OTHER_FORMATS = 3600.0     # anything else: no real footage has an hour between two frames
# a gap between two consecutive frames longer than this (and than 10 typical frame steps) is
# reported, not repaired: frames may be missing (damaged or cut data) or the recording paused.
# 0.5 s: 10 % of a 5 s file zeroed loses 0.96 s of frames with the encoders of PyAV 14 (1.96 s
# with PyAV 18/19), and a real phone or webcam recording does not pause that long between frames.
SILENT_GAP_S = 0.5


def frame_step(rate: Fraction | None, time_base: Fraction) -> int:
    """One frame in time-base ticks (at least 1)."""
    if rate and rate > 0:
        return max(1, int(round(1 / (Fraction(rate) * time_base))))
    return max(1, int(round(Fraction(1, 25) / time_base)))


def max_gap_for(container, time_base: Fraction) -> int:
    try:
        import av.format
        flag = av.format.Flags.ts_discont
        discont = bool(int(container.format.flags) & int(getattr(flag, "value", flag)))
    except (ImportError, AttributeError, TypeError, ValueError):
        discont = False
    secs = GAP_DISCONT_FORMATS if discont else GAP_OTHER_FORMATS
    return int(Fraction(secs) / time_base)


@dataclass
class PacketClock:
    time_base: Fraction
    step: int
    max_gap: int
    offset: int = 0
    last: int | None = None
    repairs: list[dict[str, Any]] = field(default_factory=list)
    n_repairs: int = 0

    def fix(self, pkt) -> None:
        """Shift `pkt.dts`/`pkt.pts` in place by the running offset, updating it first if this
        packet breaks monotonic time."""
        raw = pkt.dts
        if raw is None:
            if self.offset and pkt.pts is not None:
                pkt.pts = pkt.pts + self.offset
            return
        t = raw + self.offset
        if self.last is not None and (t <= self.last or t - self.last > self.max_gap):
            kind = ("repeated timestamp" if t == self.last else
                    "backward jump" if t < self.last else "forward gap")
            delta = self.last + self.step - t
            self.offset += delta
            self.n_repairs += 1
            if len(self.repairs) < MAX_LISTED:
                self.repairs.append({"kind": kind, "at_s": round(float((t + delta) * self.time_base), 6),
                                     "shift_s": round(float(delta * self.time_base), 6),
                                     "stored_dts": int(raw)})
            t += delta
        self.last = t
        if self.offset:
            pkt.dts = t
            if pkt.pts is not None:
                pkt.pts = pkt.pts + self.offset

    def record(self) -> dict[str, Any] | None:
        """What was repaired, for the input's metadata (None when nothing was)."""
        if not self.n_repairs:
            return None
        return {"count": self.n_repairs, "listed": self.repairs,
                "max_gap_s": round(float(self.max_gap * self.time_base), 6)}


def for_stream(container, stream, rate: Fraction | None) -> PacketClock:
    tb = Fraction(stream.time_base or Fraction(1, 90000))
    return PacketClock(tb, frame_step(rate, tb), max_gap_for(container, tb))


def silent_gaps(pts, time_base: Fraction, max_listed: int = MAX_LISTED) -> tuple[int, list[list[float]]]:
    """(number of gaps, their first `max_listed` [start, end] ranges in seconds): stretches
    with no frame between consecutive presentation times `pts` (any order) that are longer
    than `SILENT_GAP_S` and than 10 median frame steps. A range runs from one frame step
    after the frame before the gap to the frame after it."""
    import numpy as np
    t = np.sort(np.asarray(pts, dtype=np.int64))
    if len(t) < 3:
        return 0, []
    d = np.diff(t)
    step = int(np.median(d)) or 1
    limit = max(float(SILENT_GAP_S) / float(time_base), 10 * step)
    where = np.flatnonzero(d > limit)
    tb = float(time_base)
    return len(where), [[round((int(t[i]) + step) * tb, 6), round(int(t[i + 1]) * tb, 6)]
                        for i in where[:max_listed]]
