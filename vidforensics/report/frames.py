"""The frames a report or notebook view shows: finding the inputs again, fetching frames,
aligned comparisons of repeated segments, face crops, redaction and image encoding.

Nothing here decodes more than the frames it shows. An input that cannot be found again, or
whose SHA-256 no longer matches the analysed file, yields no frame and a one-line reason;
it never raises.
"""
from __future__ import annotations

import dataclasses
import io
import logging
import os
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from ..probe import sha256_file
from ..types import FrameRef, InputError, RepeatGroup, VideoInfo
from .safe import Reason

log = logging.getLogger("vidforensics.report")


# ------------------------------------------------------------------ locating inputs


class FrameSource:
    """Fetches frames of the analysed inputs for display.

    A recorded input path is looked up as given (relative to the current directory), then
    relative to the parent of the case folder. With `verify` the file's SHA-256 must equal
    the recorded one; without, only its size is compared (used right after an analysis,
    which hashed the file moments earlier).
    """

    def __init__(self, result, case_dir: str | os.PathLike | None = None, *, verify: bool = True):
        self.result = result
        self.case_dir = Path(case_dir) if case_dir is not None else (
            Path(result.case_dir) if getattr(result, "case_dir", None) else None)
        self.verify = verify
        self._located: dict[str, tuple[VideoInfo | None, str | None]] = {}
        self.names_shown: set[str] = set()     # file names drawn inside reasons (user words)

    def _said(self, reason: Reason) -> Reason:
        self.names_shown.update(reason.names)
        return reason

    def candidates(self, recorded: str) -> list[Path]:
        p = Path(recorded)
        if p.is_absolute():
            return [p]
        out = [Path.cwd() / p]
        if self.case_dir is not None:
            out.append(self.case_dir.resolve().parent / p)
        seen, unique = set(), []
        for c in out:
            key = os.path.normpath(str(c))
            if key not in seen:
                seen.add(key)
                unique.append(c)
        return unique

    def locate(self, video: str) -> tuple[VideoInfo | None, str | None]:
        """(info with a readable path, None) or (None, reason the frames cannot be shown)."""
        if video in self._located:
            return self._located[video]
        try:
            info = self.result.info(video)
        except KeyError:
            found = (None, f"{video} is not among the analysed inputs")
            self._located[video] = found
            return found
        reason = None
        hit = None
        for cand in self.candidates(info.fs_path):
            try:
                if not cand.is_file():
                    continue
                if cand.stat().st_size != info.size_bytes:
                    reason = Reason.of("the file found at {path} differs in size from the analysed input",
                                       {"path": cand})
                    continue
                if self.verify and sha256_file(cand) != info.sha256:
                    reason = Reason.of("the file found at {path} has a different SHA-256 from the "
                                       "analysed input", {"path": cand})
                    continue
            except OSError as e:
                reason = Reason.of("the file at {path} cannot be read ({why})", {"path": cand},
                                   {"why": e.strerror})
                continue
            hit = cand
            break
        if hit is None:
            cands = self.candidates(info.fs_path)
            names = {"video": video, **{f"c{k}": c for k, c in enumerate(cands)}}
            where = ", ".join("{c%d}" % k for k in range(len(cands)))
            found = (None, self._said(reason or Reason.of("the input file {video} was not found "
                                                          "(looked for " + where + ")", names)))
        else:
            found = (dataclasses.replace(info, path=str(hit), open_path=None), None)
        self._located[video] = found
        return found

    def frames(self, video: str, wants: Sequence[tuple[int | None, float]], *,
               max_side: int | None = 640) -> tuple[list[np.ndarray | None], str | None]:
        """Frames for (pts or None, time_s) requests; (list with None where missing, reason)."""
        info, reason = self.locate(video)
        if info is None:
            return [None] * len(wants), reason
        try:
            return fetch(info, wants, max_side=max_side), None
        except InputError as e:
            return [None] * len(wants), self._said(Reason.of("{name}: {why}", {"name": Path(video).name},
                                                             {"why": e.reason}))
        except Exception as e:  # a decoder failure must not stop the report
            log.warning("frame fetch failed for %s: %s", video, e)
            return [None] * len(wants), self._said(Reason.of(
                "{name}: frames could not be decoded ({why})", {"name": Path(video).name},
                {"why": type(e).__name__}))

    def remapped(self, group: RepeatGroup):
        """(result, group) whose paths point at the located files, for `aligned_comparison`."""
        infos, mapping = [], {}
        for info in self.result.inputs:
            loc, _ = self.locate(info.path)
            infos.append(loc or info)
            if loc is not None:
                mapping[info.path] = loc.path
        members = tuple(dataclasses.replace(m, video=mapping.get(m.video, m.video)) for m in group.members)
        res = dataclasses.replace(self.result, inputs=tuple(infos))
        return res, dataclasses.replace(group, members=members)


def fetch(info: VideoInfo, wants: Sequence[tuple[int | None, float]], *,
          max_side: int | None = 640) -> list[np.ndarray | None]:
    """Decode the requested frames of `info.path`: exact PTS when known, else nearest in time."""
    from ..decode import fetch_frames
    if not wants:
        return []
    if all(p is not None for p, _ in wants):
        refs = [FrameRef(info.path, -1, int(p), info.time_base) for p, _ in wants]
        try:
            got = fetch_frames(info, refs, max_side=max_side)
            if len(got) == len(refs):
                return list(got)
        except InputError:
            pass  # a PTS not present as such: fall back to the nearest frame in time
    return _nearest_frames(info, [t if p is None else float(p * info.time_base) for p, t in wants],
                           max_side=max_side)


def _nearest_frames(info: VideoInfo, times: Sequence[float], *, max_side: int | None
                    ) -> list[np.ndarray | None]:
    import av
    from av.video.reformatter import VideoReformatter
    from ..decode import rotate
    from ..probe import av_reason, open_container, video_stream

    tb = info.time_base
    out: list[np.ndarray | None] = [None] * len(times)
    fmt = VideoReformatter()

    def convert(frame) -> np.ndarray:
        w, h = frame.width, frame.height
        if max_side and max(w, h) > max_side:
            s = max_side / max(w, h)
            w, h = max(2, int(w * s) // 2 * 2), max(2, int(h * s) // 2 * 2)
        rgb = fmt.reformat(frame, w, h, format="rgb24", interpolation="AREA").to_ndarray()
        return rotate(rgb, info.rotation)

    with open_container(info.path) as container:
        stream = video_stream(container, info.path)
        for k in sorted(range(len(times)), key=lambda j: times[j]):
            target = int(round(Fraction(times[k]).limit_denominator(10**6) / tb))
            container.seek(max(target, info.start_pts), stream=stream, backward=True, any_frame=False)
            prev = None
            try:
                for frame in container.decode(stream):
                    pts = frame.pts if frame.pts is not None else frame.dts
                    if pts is None:
                        continue
                    if pts >= target:
                        best = frame if prev is None or (pts - target) <= (target - prev[0]) else prev[1]
                        out[k] = convert(best)
                        break
                    prev = (pts, frame)
                else:
                    if prev is not None:
                        out[k] = convert(prev[1])
            except av.error.FFmpegError as e:
                raise InputError(info.path, f"cannot re-read frame ({av_reason(e)})") from None
    return out


def frame_number(info: VideoInfo | None, time_s: float) -> int | None:
    """Frame number of a time in a constant-rate input (None for variable frame rate)."""
    if info is None or info.variable_frame_rate or not info.frame_rate:
        return None
    start = float(info.start_pts * info.time_base)
    return int(round((time_s - start) * float(info.frame_rate)))


# ------------------------------------------------------------------ comparisons
@dataclass
class Comparison:
    """Aligned frame pairs of one pair of a repeated-segment group."""
    a: str                                   # recorded video path of member a
    b: str
    frames: list[dict[str, Any]]             # a_rgb, b_rgb, diff, a_time_s, b_time_s, distance
    registered: bool                         # True: from matching.compare (frames registered)
    reason: str | None = None                # why frames are missing, if they are

    def most_different(self) -> dict[str, Any] | None:
        ok = [f for f in self.frames if f.get("a_rgb") is not None and f.get("b_rgb") is not None]
        if not ok:
            return None
        def key(f):
            d = f.get("distance")
            return (d if isinstance(d, (int, float)) else -1, float(np.mean(f["diff"])) if f.get("diff") is not None else 0)
        return max(ok, key=key)


def pairs_of(group: RepeatGroup) -> list[dict[str, Any]]:
    pairs = group.evidence.get("pairs") if isinstance(group.evidence, dict) else None
    return [p for p in pairs if isinstance(p, dict)] if isinstance(pairs, list) else []


def pair_members(group: RepeatGroup, pair_index: int) -> tuple[int, int]:
    pairs = pairs_of(group)
    if pair_index < len(pairs):
        p = pairs[pair_index]
        try:
            a, b = int(p.get("a", 0)), int(p.get("b", 1))
            if 0 <= a < len(group.members) and 0 <= b < len(group.members):
                return a, b
        except (TypeError, ValueError):
            pass
    return 0, min(1, len(group.members) - 1)


def compare(source: FrameSource, group: RepeatGroup, pair_index: int = 0, *, n: int = 4,
            max_side: int = 480) -> Comparison:
    """Aligned frames of one pair of `group`; registered by matching.compare when available."""
    ia, ib = pair_members(group, pair_index)
    va, vb = group.members[ia].video, group.members[ib].video
    for v in (va, vb):
        info, reason = source.locate(v)
        if info is None:
            return Comparison(va, vb, [], False, reason)
    try:
        from ..matching.compare import aligned_comparison  # type: ignore[import-not-found]
    except ImportError:
        aligned_comparison = None
    if aligned_comparison is not None:
        try:
            res, grp = source.remapped(group)
            samples = sample_times(group, pair_index, 10**6)
            frames = [_shrink(_as_dict(f, samples), max_side)
                      for f in aligned_comparison(res, grp, pair_index, n=n)]
            return Comparison(va, vb, frames, True, None if frames else "no aligned frames returned")
        except Exception as e:  # fall back to plain sampling rather than lose the page
            log.warning("aligned_comparison failed for group %s: %s", group.id, e)
    return _fallback(source, group, pair_index, ia, ib, n, max_side)


def _as_dict(item: Any, samples: list[dict[str, Any]]) -> dict[str, Any]:
    """An aligned pair (dataclass or dict) as a dict, with frame numbers from the samples."""
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        d = {f.name: getattr(item, f.name) for f in dataclasses.fields(item)}
    else:
        d = dict(item)
    for s in samples:
        if abs(float(s.get("a_time_s", -1)) - float(d.get("a_time_s", -2))) < 1e-6 and \
                abs(float(s.get("b_time_s", -1)) - float(d.get("b_time_s", -2))) < 1e-6:
            d.setdefault("a_frame", s.get("a_frame"))
            d.setdefault("b_frame", s.get("b_frame"))
            break
    return d


def _shrink(f: dict[str, Any], max_side: int) -> dict[str, Any]:
    f = dict(f)
    for k in ("a_rgb", "b_rgb"):
        if f.get(k) is not None:
            f[k] = resize_max(np.ascontiguousarray(f[k]), max_side)
    if f.get("diff") is not None:
        f["diff"] = resize_max(np.ascontiguousarray(f["diff"], dtype=np.float32), max_side)
    if f.get("overlap") is not None:
        f["overlap"] = resize_max(np.ascontiguousarray(f["overlap"], dtype=np.uint8), max_side) > 0
    return f


def sample_times(group: RepeatGroup, pair_index: int, n: int) -> list[dict[str, Any]]:
    """Up to n evenly spread aligned samples of a pair (recorded ones, else proportional)."""
    pairs = pairs_of(group)
    samples = []
    if pair_index < len(pairs) and isinstance(pairs[pair_index].get("samples"), list):
        samples = [s for s in pairs[pair_index]["samples"]
                   if isinstance(s, dict) and "a_time_s" in s and "b_time_s" in s]
    if samples:
        if len(samples) > n:
            pick = np.linspace(0, len(samples) - 1, n).round().astype(int)
            samples = [samples[i] for i in sorted(set(pick.tolist()))]
        return samples
    ia, ib = pair_members(group, pair_index)
    a, b = group.members[ia], group.members[ib]
    out = []
    for f in (np.arange(n) + 0.5) / n:
        out.append({"a_time_s": a.start_s + f * (a.end_s - a.start_s),
                    "b_time_s": b.start_s + f * (b.end_s - b.start_s)})
    return out


def _fallback(source: FrameSource, group: RepeatGroup, pair_index: int, ia: int, ib: int,
              n: int, max_side: int) -> Comparison:
    va, vb = group.members[ia].video, group.members[ib].video
    samples = sample_times(group, pair_index, n)
    a_frames, ra = source.frames(va, [(s.get("a_pts"), float(s["a_time_s"])) for s in samples], max_side=max_side)
    b_frames, rb = source.frames(vb, [(s.get("b_pts"), float(s["b_time_s"])) for s in samples], max_side=max_side)
    pairs = pairs_of(group)
    transform = pairs[pair_index].get("transform", {}) if pair_index < len(pairs) else {}
    frames = []
    for s, fa, fb in zip(samples, a_frames, b_frames):
        item = {"a_time_s": float(s["a_time_s"]), "b_time_s": float(s["b_time_s"]),
                "a_frame": s.get("a_frame"), "b_frame": s.get("b_frame"),
                "distance": s.get("distance"), "a_rgb": fa, "b_rgb": fb, "diff": None}
        if fa is not None and fb is not None:
            ra_img, rb_img = register(fa, fb, transform if isinstance(transform, dict) else {})
            item.update(a_reg=ra_img, b_reg=rb_img, diff=np.abs(grey(ra_img) - grey(rb_img)) / 255.0)
        frames.append(item)
    reason = ra or rb
    return Comparison(va, vb, frames, False, reason)


def _box(img: np.ndarray, box: Sequence[float] | None) -> np.ndarray:
    """Crop to a (x0, y0, x1, y1) box given as fractions of the image size."""
    if not box or len(box) != 4:
        return img
    h, w = img.shape[:2]
    x0, y0, x1, y1 = (float(v) for v in box)
    if not (0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1):
        return img
    out = img[int(round(y0 * h)):max(int(round(y1 * h)), int(round(y0 * h)) + 2),
              int(round(x0 * w)):max(int(round(x1 * w)), int(round(x0 * w)) + 2)]
    return out if out.size else img


_CORNERS = {"tl": (0, 0), "tr": (1, 0), "bl": (0, 1), "br": (1, 1)}


def crop_variant(img: np.ndarray, name: str | None) -> np.ndarray:
    """The crop a hash variant name stands for (centreNN, tlNN/trNN/blNN/brNN); others: as is."""
    if not name:
        return img
    name = str(name)
    digits = "".join(c for c in name if c.isdigit())
    if not digits:
        return img
    f = int(digits) / 100.0
    if not 0.3 <= f <= 1.0:
        return img
    if name.startswith("centre") or name.startswith("center"):
        m = (1 - f) / 2
        return _box(img, (m, m, 1 - m, 1 - m))
    corner = _CORNERS.get(name[:2])
    if corner:
        x0, y0 = corner[0] * (1 - f), corner[1] * (1 - f)
        return _box(img, (x0, y0, x0 + f, y0 + f))
    return img


def register(a: np.ndarray, b: np.ndarray, transform: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """Undo a recorded transform so that b lies over a: trim bars, crop, mirror, resize."""
    a2 = _box(a, transform.get("a_content_box"))
    b2 = crop_variant(_box(b, transform.get("b_content_box")), transform.get("crop"))
    if transform.get("mirrored"):
        b2 = b2[:, ::-1]
    b2 = match_aspect(b2, a2.shape[1] / a2.shape[0])
    return np.ascontiguousarray(a2), resize_to(b2, a2.shape[1], a2.shape[0])


def match_aspect(img: np.ndarray, aspect: float, tolerance: float = 0.03) -> np.ndarray:
    """Centre-crop `img` to `aspect` (width / height) when it differs by more than `tolerance`."""
    h, w = img.shape[:2]
    own = w / h
    if abs(own / aspect - 1) <= tolerance:
        return img
    if own > aspect:
        m = (1 - aspect / own) / 2
        return _box(img, (m, 0, 1 - m, 1))
    m = (1 - own / aspect) / 2
    return _box(img, (0, m, 1, 1 - m))


# ------------------------------------------------------------------ image helpers
def grey(rgb: np.ndarray) -> np.ndarray:
    rgb = rgb.astype(np.float32)
    return rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114


def resize_to(img: np.ndarray, w: int, h: int) -> np.ndarray:
    import cv2
    if img.shape[1] == w and img.shape[0] == h:
        return np.ascontiguousarray(img)
    interp = cv2.INTER_AREA if img.shape[1] > w else cv2.INTER_LINEAR
    return cv2.resize(np.ascontiguousarray(img), (int(w), int(h)), interpolation=interp)


def resize_max(img: np.ndarray, max_side: int) -> np.ndarray:
    h, w = img.shape[:2]
    if max(h, w) <= max_side:
        return img
    s = max_side / max(h, w)
    return resize_to(img, max(1, round(w * s)), max(1, round(h * s)))


def diff_rgb(diff: np.ndarray) -> np.ndarray:
    """A 0-1 difference map as an RGB image (magma colour map: dark alike, bright different)."""
    import cv2
    d = np.clip(np.nan_to_num(np.asarray(diff, dtype=np.float32)), 0, 1)
    bgr = cv2.applyColorMap((d * 255).astype(np.uint8), cv2.COLORMAP_MAGMA)
    return np.ascontiguousarray(bgr[..., ::-1])


def mark_regions(rgb: np.ndarray, regions) -> np.ndarray:
    """`rgb` with the differing regions (boxes as frame fractions) outlined and numbered."""
    import cv2
    out = np.ascontiguousarray(rgb).copy()
    h, w = out.shape[:2]
    th = max(1, round(max(h, w) / 240))
    for k, r in enumerate(regions or ()):
        try:
            x0, y0, x1, y1 = (float(v) for v in r["box"])
        except (KeyError, TypeError, ValueError):
            continue
        p0, p1 = (round(x0 * w), round(y0 * h)), (max(0, round(x1 * w) - 1), max(0, round(y1 * h) - 1))
        cv2.rectangle(out, p0, p1, (0, 255, 255), th)
        cv2.putText(out, str(k + 1), (p0[0] + 2, min(h - 2, p0[1] + 12 * th)), cv2.FONT_HERSHEY_SIMPLEX,
                    0.4 * th, (0, 255, 255), th, cv2.LINE_AA)
    return out


def colour_scale(width: int = 256, height: int = 12) -> np.ndarray:
    ramp = np.tile(np.linspace(0, 1, width, dtype=np.float32), (height, 1))
    return diff_rgb(ramp)


def jpeg(rgb: np.ndarray, *, max_side: int | None = None, quality: int = 90) -> bytes:
    """Deterministic JPEG bytes (no metadata) of an RGB or grey image."""
    from PIL import Image
    img = np.ascontiguousarray(rgb if rgb.dtype == np.uint8 else np.clip(rgb, 0, 255).astype(np.uint8))
    if max_side:
        img = resize_max(img, max_side)
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, format="JPEG", quality=quality, optimize=False,
                              progressive=False, subsampling=0)
    return buf.getvalue()


def placeholder(w: int = 160, h: int = 90) -> np.ndarray:
    """A light grey, hatched tile for a frame that cannot be shown."""
    img = np.full((h, w, 3), 235, np.uint8)
    yy, xx = np.mgrid[0:h, 0:w]
    img[((xx + yy) % 14) < 2] = 205
    return img


# ------------------------------------------------------------------ faces
def xyxy(bbox: Sequence[int]) -> tuple[int, int, int, int]:
    """A bbox as (x0, y0, x1, y1); (x, y, w, h) boxes (x1 <= x0 or y1 <= y0) are converted."""
    x0, y0, x1, y1 = (int(v) for v in bbox)
    if x1 <= x0 or y1 <= y0:
        x1, y1 = x0 + max(1, x1), y0 + max(1, y1)
    return x0, y0, x1, y1


def face_crop(rgb: np.ndarray, bbox: Sequence[int], *, margin: float = 0.25,
              size: int = 192) -> np.ndarray:
    """A square crop around `bbox` (display-size pixels) with a margin, resized to `size`."""
    h, w = rgb.shape[:2]
    x0, y0, x1, y1 = xyxy(bbox)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    side = max(x1 - x0, y1 - y0) * (1 + 2 * margin)
    side = max(8.0, min(side, float(max(w, h))))
    l, t = int(round(cx - side / 2)), int(round(cy - side / 2))
    r, b = l + int(round(side)), t + int(round(side))
    pad = max(0, -l, -t, r - w, b - h)
    if pad:
        rgb = np.pad(rgb, ((pad, pad), (pad, pad), (0, 0)), constant_values=235)
        l, t, r, b = l + pad, t + pad, r + pad, b + pad
    return resize_to(rgb[t:b, l:r], size, size)


def blur(img: np.ndarray) -> np.ndarray:
    """Irreversible redaction of a whole image: coarse pixelation, then a wide blur."""
    import cv2
    h, w = img.shape[:2]
    small = cv2.resize(img, (max(1, w // 16), max(1, h // 16)), interpolation=cv2.INTER_AREA)
    out = cv2.resize(small, (w, h), interpolation=cv2.INTER_NEAREST)
    k = max(3, (min(h, w) // 6) | 1)
    return cv2.GaussianBlur(out, (k, k), 0)


class Redactor:
    """Blurs faces in exported frames unless they belong to a kept individual.

    Faces are found with the people stage's CenterFace detector when its model loads, else
    with OpenCV's frontal-face Haar cascade (which misses turned, small and occluded faces;
    the report names the detector used). Each face box, grown by a fifth, is pixelated and
    blurred; a face overlapping a kept individual's box (IoU > 0.3) stays clear.
    """

    def __init__(self, result, *, enabled: bool, keep: Sequence[str] = ()):
        self.enabled = enabled
        self.keep = tuple(keep)
        self.result = result
        self.method: str | None = None
        self._detector = None
        self._cascade = None
        if enabled:
            try:
                from ..people.faces import FaceDetector
                self._detector = FaceDetector(max_width=1280, score_threshold=0.4)
                self.method = "CenterFace (the people stage's face detector)"
            except Exception as e:  # models missing or people package unavailable
                log.warning("face detector for blurring unavailable (%s); using the Haar cascade", e)
                self.method = "OpenCV Haar cascade (frontal faces only)"

    def keep_boxes(self, video: str, time_s: float, shape: tuple[int, ...]) -> list[tuple[int, int, int, int]]:
        boxes = []
        try:
            dw, dh = self.result.info(video).display_size
        except KeyError:
            dw, dh = shape[1], shape[0]
        sx, sy = shape[1] / dw, shape[0] / dh
        for ind in self.result.recurring_individuals:
            if ind.id not in self.keep:
                continue
            for a in ind.appearances:
                if a.video == video and a.start_s - 0.5 <= time_s <= a.end_s + 0.5:
                    x0, y0, x1, y1 = xyxy(a.bbox)
                    boxes.append((int(x0 * sx), int(y0 * sy), int(x1 * sx), int(y1 * sy)))
        return boxes

    def faces(self, rgb: np.ndarray) -> list[tuple[int, int, int, int]]:
        if self._detector is not None:
            try:
                found = self._detector.detect(np.ascontiguousarray(rgb), min_face_px=8)
                return [tuple(int(round(v)) for v in b) for b in np.asarray(found.boxes).reshape(-1, 4)]
            except Exception as e:
                log.warning("face detection for blurring failed (%s); using the Haar cascade", e)
                self._detector = None
                self.method = "OpenCV Haar cascade (frontal faces only)"
        import cv2
        if self._cascade is None:
            self._cascade = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")
        g = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY)
        found = self._cascade.detectMultiScale(g, scaleFactor=1.1, minNeighbors=4, minSize=(12, 12))
        return [(int(x), int(y), int(x + w), int(y + h)) for (x, y, w, h) in (found if len(found) else [])]

    def frame(self, rgb: np.ndarray | None, video: str, time_s: float) -> np.ndarray | None:
        if not self.enabled or rgb is None:
            return rgb
        keep = self.keep_boxes(video, time_s, rgb.shape)
        out = np.array(rgb, copy=True)
        H, W = out.shape[:2]
        for box in self.faces(rgb):
            if any(_iou(box, k) > 0.3 for k in keep):
                continue
            x0, y0, x1, y1 = box
            mx, my = int(0.2 * (x1 - x0)), int(0.2 * (y1 - y0))
            x0, y0, x1, y1 = max(0, x0 - mx), max(0, y0 - my), min(W, x1 + mx), min(H, y1 + my)
            if x1 - x0 >= 2 and y1 - y0 >= 2:
                out[y0:y1, x0:x1] = blur(out[y0:y1, x0:x1])
        return out


def _iou(a, b) -> float:
    ix = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    ua = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / ua if ua > 0 else 0.0
