"""Scale of the repeated-segment search: a long video searched against itself.

    python benchmarks/matching_scale.py [--hours 2] [--fps 25]

No 2-hour file ships here, so the hashes are synthesised from real footage: the frames of the
bundled sample media are cut into shots of 2-8 s, and each synthetic shot shows a random
window (45-70 % of the frame at a random place) of a random source range, rotated by a random
angle and given a random tone curve, so shots differ from each other as the shots of a long
broadcast do. Ten known repeats (4 s copies of earlier shots, some mirrored) are planted. The script hashes
everything (reported apart) and then times `find_repeats` alone, which is what the 30 s
budget is about, and reports how many planted repeats were found.
"""
from __future__ import annotations

import argparse
import time
from fractions import Fraction
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def _iou(x: tuple[float, float], y: tuple[float, float]) -> float:
    inter = max(0.0, min(x[1], y[1]) - max(x[0], y[0]))
    return inter / (max(x[1], y[1]) - min(x[0], y[0]))


def source_thumbs(size: int) -> np.ndarray:
    from vidforensics.decode import stream_frames
    from vidforensics.probe import probe
    out = []
    for name in ("montage.mp4", "other.webm", "vfr.mkv"):
        info = probe(str(ROOT / "sample_media" / name))
        for b in stream_frames(info, thumb_size=size * 2):
            out.append(b.thumbs)
    return np.concatenate(out)


def synthesise(src: np.ndarray, n_frames: int, size: int, rng: np.random.Generator):
    frames = np.empty((n_frames, size, size), np.uint8)
    shot_starts, planted = [], []
    i = 0
    big = src.shape[1]
    while i < n_frames:
        length = min(n_frames - i, int(rng.integers(50, 200)))
        shot_starts.append(i)
        if planted.__len__() < 10 and i > n_frames // 10 and rng.random() < 0.02:
            # a planted repeat: copy 4 s of an earlier shot, maybe mirrored
            j = int(rng.integers(0, i - 200))
            length = min(100, n_frames - i)
            mirror = bool(rng.random() < 0.5)
            block = frames[j:j + length]
            frames[i:i + length] = block[:, :, ::-1] if mirror else block
            planted.append((j, i, length, mirror))
        else:
            s0 = int(rng.integers(0, len(src) - length))
            scale = rng.uniform(0.45, 0.7)
            w = int(big * scale)
            x0, y0 = (int(v) for v in rng.integers(0, big - w, 2))
            # a random rotation (not among the searched transforms) and tone curve make shots
            # cut from the same source frames unrelated, as different shots of a broadcast are
            rot = cv2.getRotationMatrix2D((big / 2, big / 2), float(rng.uniform(10, 350)), 1.0)
            gamma = rng.uniform(0.6, 1.6)
            lut = np.clip(255 * (np.arange(256) / 255) ** gamma, 0, 255).astype(np.uint8)
            for k in range(length):
                f = cv2.warpAffine(src[s0 + k], rot, (big, big), borderMode=cv2.BORDER_REFLECT)
                f = cv2.resize(f[y0:y0 + w, x0:x0 + w], (size, size), interpolation=cv2.INTER_AREA)
                frames[i + k] = lut[f]
        i += length
    return frames, shot_starts, planted


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hours", type=float, default=2.0)
    ap.add_argument("--fps", type=int, default=25)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()

    from vidforensics.config import AnalysisConfig
    from vidforensics.hashing import VARIANT_NAMES, hash_batch
    from vidforensics.matching import find_repeats
    from vidforensics.pipeline import VideoAnalysis
    from vidforensics.types import FrameHashes, Shot, VideoInfo

    cfg = AnalysisConfig()
    size = cfg.decode.thumb_size
    rng = np.random.default_rng(args.seed)
    n = int(args.hours * 3600 * args.fps)
    t = time.perf_counter()
    src = source_thumbs(size)
    frames, starts, planted = synthesise(src, n, size, rng)
    cols: dict[str, list[np.ndarray]] = {}
    # variant hashes on the frames the pipeline would give them (variant_fps, exact clock)
    t_all = np.arange(n) / args.fps
    slot = np.floor(t_all * cfg.hashing.variant_fps + 1e-9)
    with_variants = np.concatenate([[True], slot[1:] != slot[:-1]])
    for k in range(0, n, 1024):
        part = hash_batch(frames[k:k + 1024], cfg.hashing, with_variants[k:k + 1024])
        part["variant_rows"] = part["variant_rows"] + k
        for name, v in part.items():
            cols.setdefault(name, []).append(v)
    del frames
    print(f"synthesised and hashed {n} frames ({args.hours} h at {args.fps} fps) in "
          f"{time.perf_counter() - t:.1f} s (not part of the search time)")
    tb = Fraction(1, args.fps)
    hashes = FrameHashes(video="synthetic.mp4", time_base=tb, index=np.arange(n), pts=np.arange(n),
                         variant_names=VARIANT_NAMES, thumb_size=size,
                         **{k: np.concatenate(v) for k, v in cols.items()})
    ends = starts[1:] + [n]
    shots = tuple(Shot("synthetic.mp4", i, s, e - 1, float(s * tb), float(e * tb), "cut")
                  for i, (s, e) in enumerate(zip(starts, ends)))
    info = VideoInfo("synthetic.mp4", "0" * 64, 1, "synthetic", "none", size, size, 0, tb,
                     Fraction(args.fps), n / args.fps, n, False, False, 0, n)
    va = VideoAnalysis(info, hashes, shots)

    t = time.perf_counter()
    groups = find_repeats([va], cfg.matching)
    dt = time.perf_counter() - t
    found = 0
    for j, i, length, mirror in planted:
        a, b = (j / args.fps, (j + length) / args.fps), (i / args.fps, (i + length) / args.fps)
        if any(any(_iou((m.start_s, m.end_s), a) >= 0.5 for m in g.members) and
               any(_iou((m.start_s, m.end_s), b) >= 0.5 for m in g.members) for g in groups):
            found += 1
    if args.verbose:
        print("planted (source frame, copy frame, length, mirrored):", planted)
        for g in groups:
            print("  ", g.kind, [(round(m.start_s, 2), round(m.end_s, 2)) for m in g.members])
    print(f"find_repeats: {dt:.1f} s for {n} frames searched against themselves "
          f"({len(shots)} shots); {len(groups)} group(s) reported; planted repeats found "
          f"{found}/{len(planted)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
