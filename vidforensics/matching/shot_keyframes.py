"""Shot keyframes for the keypoint stage (estimate.py): which still stands for each shot, where
it comes from, and its ORB description, started on the stage's threads before the hash search.

- `shot_keys`: one keyframe per shot long enough to be a repeat, at the shot's middle row;
- `_from_stills` / `_read_near`: its grey picture, from the decode pass's stills (no seek) or,
  for an analysis made without them, by one seek per shot; `_enlarged` brings small videos to
  `KEY_SIDE` px;
- `start`: the pictures are read in the calling thread, then each is searched for a
  picture-in-picture inset (overlay.find_inset) and described (keyframes.describe), with its
  enlarged inset and that inset mirrored, as one job per keyframe on the given thread pool.
  `find_repeats` starts these jobs before it aligns the hash candidates, so the two overlap on
  the cores; `Started.collect` waits for them. The features do not depend on the hash search,
  and the results are keyed, so the findings do not depend on which job ends first.
"""
from __future__ import annotations

from concurrent.futures import Executor, Future
from typing import NamedTuple, Sequence

import cv2
import numpy as np

from ..config import MatchConfig
from ..types import VideoInfo
from .align import Frames
from .keyframes import Features, describe as describe_still
from .overlay import find_inset

KEY_SIDE = 480
MAX_KEYFRAMES = 400


def _flip(w: int) -> np.ndarray:
    """The 3x3 left-right mirror of a picture `w` pixels wide (its own inverse)."""
    return np.array([[-1.0, 0.0, w - 1.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])


def _h(m: np.ndarray) -> np.ndarray:
    return np.vstack([m, [0.0, 0.0, 1.0]])


def shot_keys(frames: Sequence[Frames], cfg: MatchConfig) -> list[tuple[int, int, int]]:
    """(vid, shot, row) of the middle valid variant row of every shot with at least 3 of them
    spanning `min_duration_s`."""
    keys = []
    for f in frames:
        for s in np.unique(f.shot):
            r = f.vrows[(f.shot[f.vrows] == s) & f.valid[f.vrows]]
            if len(r) < 3 or f.times[r[-1]] - f.times[r[0]] + f.frame_dur < cfg.min_duration_s:
                continue
            keys.append((f.vid, int(s), int(r[(len(r) - 1) // 2])))
    return keys


def _read_near(info: VideoInfo, f: Frames, rows: np.ndarray) -> list[np.ndarray | None]:
    """Grey frames near `rows`, cheaply: the keyframe at or before each row when it lies in
    the shot's middle (after its first quarter: one seek, one decoded frame), else the first
    frame from there on (the opening frames of a shot may still be a transition);
    None where nothing could be read."""
    import av
    from av.video.reformatter import VideoReformatter
    from ..decode import rotate
    from ..probe import open_container, video_stream
    out: list[np.ndarray | None] = []
    fmt = VideoReformatter()
    with open_container(info.path) as container:
        stream = video_stream(container, info.path)
        stream.thread_type = "AUTO"
        for r in rows:
            inside = np.flatnonzero(f.shot == f.shot[r])
            first = int(f.pts[inside[len(inside) // 4]])         # not before a quarter of the shot
            want = int(f.pts[r])
            got = None
            try:
                container.seek(want, stream=stream, backward=True, any_frame=False)
                for frame in container.decode(stream):
                    pts = frame.pts if frame.pts is not None else want
                    if pts >= first or pts >= want:
                        w, h = frame.width, frame.height
                        k = min(1.0, KEY_SIDE / max(w, h))
                        w, h = max(2, int(w * k) // 2 * 2), max(2, int(h * k) // 2 * 2)
                        got = rotate(fmt.reformat(frame, w, h, format="gray", interpolation="AREA")
                                     .to_ndarray(), info.rotation)
                        break
            except (av.error.FFmpegError, ValueError):     # one unreadable keyframe: skip it
                got = None
            out.append(None if got is None else np.ascontiguousarray(got))
    return _enlarged(out)


def _from_stills(f: Frames, rows: np.ndarray) -> list[np.ndarray | None]:
    """The frames `_read_near` would read, taken from the stills of the decode pass instead
    of seeking in the file: the latest coded keyframe between the shot's first quarter and
    each row; else the first still from that quarter on inside the shot; None if none."""
    st = f.stills
    out: list[np.ndarray | None] = []
    for r in rows:
        inside = np.flatnonzero(f.shot == f.shot[r])
        first, want, last = int(f.pts[inside[len(inside) // 4]]), int(f.pts[r]), int(f.pts[inside[-1]])
        k = np.flatnonzero(st.key & (st.pts >= first) & (st.pts <= want))
        if len(k):
            pick = int(k[-1])
        else:
            k = np.flatnonzero((st.pts >= first) & (st.pts <= last))
            pick = int(k[0]) if len(k) else -1
        out.append(None if pick < 0 else st.image(pick))
    return _enlarged(out)


def _enlarged(out: list[np.ndarray | None]) -> list[np.ndarray | None]:
    """Small videos enlarged to KEY_SIDE: ORB needs ~30 px of margin and detail at several scales."""
    if out and any(g is not None for g in out):
        side = max(max(g.shape) for g in out if g is not None)
        if side < KEY_SIDE:
            s = KEY_SIDE / side
            out = [None if g is None else cv2.resize(g, None, fx=s, fy=s, interpolation=cv2.INTER_CUBIC)
                   for g in out]
    return out


def _described(k: tuple, g: np.ndarray) -> tuple[list[tuple[tuple, Features]], dict[tuple, np.ndarray]]:
    """The features of keyframe `k` and, when it shows a picture inside another, of that inset
    enlarged to the frame (key + (1,)) and mirrored (key + (2,): ORB is not mirror-invariant,
    and an inset may show a mirrored copy), with the maps of the enlarged inset's pixels back
    into the frame."""
    out = [(k, describe_still(g))]
    inset: dict[tuple, np.ndarray] = {}
    box = find_inset(g)
    if box is not None:
        x0, y0, x1, y1 = box
        h, w = g.shape[:2]
        inset[k + (1,)] = np.array([[(x1 - x0) / w, 0.0, x0], [0.0, (y1 - y0) / h, y0]])
        big = cv2.resize(g[y0:y1, x0:x1], (w, h), interpolation=cv2.INTER_CUBIC)
        out.append((k + (1,), describe_still(big)))
        inset[k + (2,)] = (_h(inset[k + (1,)]) @ _flip(w))[:2]
        out.append((k + (2,), describe_still(np.ascontiguousarray(big[:, ::-1]))))
    return out, inset


class Started(NamedTuple):
    """The keyframe jobs of one search (`jobs` empty and `note` set when the stage is skipped)."""
    n_keys: int
    jobs: list[Future]
    note: str = ""

    def collect(self) -> tuple[dict[tuple, Features], dict[tuple, np.ndarray]]:
        """(features by key, inset maps by key), once every job is done."""
        feats: dict[tuple, Features] = {}
        inset: dict[tuple, np.ndarray] = {}
        for job in self.jobs:
            described, maps = job.result()
            feats.update(described)
            inset.update(maps)
        return feats, inset


def start(frames: Sequence[Frames], infos: Sequence[VideoInfo], cfg: MatchConfig, pool: Executor) -> Started:
    """Read every shot's keyframe and start its description on `pool`."""
    keys = shot_keys(frames, cfg)
    if len(keys) > MAX_KEYFRAMES:
        return Started(len(keys), [], f"skipped: {len(keys)} keyframes exceed {MAX_KEYFRAMES}")
    jobs = []
    for f in frames:
        mine = [k for k in keys if k[0] == f.vid]
        if mine:
            rows = np.array([k[2] for k in mine])
            images = _from_stills(f, rows) if f.stills is not None else _read_near(infos[f.vid], f, rows)
            jobs += [pool.submit(_described, k, g) for k, g in zip(mine, images) if g is not None]
    return Started(len(keys), jobs)
