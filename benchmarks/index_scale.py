"""Scale of the archive index: size on disk, memory and search latency from 10 to 1,000 hours.

    python benchmarks/index_scale.py [--hours 10 30 100 300 1000] [--work DIR]

No 1,000-hour archive ships here, so it is built from hashes of real footage, the way an
archive of one event repeats: a pool of shots is cut from the bundled sample media (each a
random window of a random source range, rotated, with a tone curve: `matching_scale.py`'s
recipe) and hashed for real (`hashing.hash_batch`, the index's crop variants). The archive
is a series of events of ~100 videos (2-10 min) each; in an event, 30 % of the shots are
copies of the event's footage (a long-tailed choice among the pool shots: some are re-used
far more often), each copy with 1-11 random bits flipped per hash (re-encoding); the rest
are unique footage: a pool shot's hashes XOR-ed with a mask of its own (same motion
statistics, unrelated to any other shot). Each event's footage is the pool XOR-ed with a
mask per event and shot (event 0 shows the pool as rendered), so footage repeats within an
event and the archive grows by adding events. Into 5 videos anywhere in the archive the
same 30 s sequence of pool shots is planted as rendered; the query clip is that sequence
rendered again at 25 fps from the source frames, cropped by 10 % and mirrored, and hashed
like any clip. Every hit outside the 5 planted copies is also real: a video of event 0
that re-uses one of the clip's shots.

Per archive size it prints the index size on disk, the build time (appending + band index),
and the search latency, CPU time and peak memory of one 30 s clip search, twice, each in a
fresh process: "cold" after the index's files are evicted from the page cache
(`posix_fadvise(DONTNEED)` on every file of the index, checked with the resident page count;
the Python libraries stay cached, as they do on a desk's machine), then "warm" (the pages the
cold search read are cached). It also prints how many of the 5 planted copies were found with
both time ranges within 1 s. `--work DIR --keep` keeps the indexes; a later run with the same
`--work` and `--reuse` searches them again without rebuilding.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
ROW_FPS, FPS = 2, 25
VIDEOS_PER_EVENT = 100            # about 10 hours of downloads per event


def render_shot(src, shot, size, frames_idx, crop_mirror=False):
    s0, rot, (x0, y0, w), lut = shot["s0"], shot["rot"], shot["win"], shot["lut"]
    big = src.shape[1]
    out = np.empty((len(frames_idx), size, size), np.uint8)
    for k, fi in enumerate(frames_idx):
        f = cv2.warpAffine(src[s0 + fi], rot, (big, big), borderMode=cv2.BORDER_REFLECT)
        f = cv2.resize(f[y0:y0 + w, x0:x0 + w], (size, size), interpolation=cv2.INTER_AREA)
        f = lut[f]
        if crop_mirror:
            m = int(round(size * 0.05))
            f = cv2.resize(f[m:size - m, m:size - m], (size, size), interpolation=cv2.INTER_AREA)[:, ::-1]
        out[k] = f
    return out


def make_pool(src, n_shots, size, rng):
    shots = []
    for _ in range(n_shots):
        length = int(rng.integers(2, 9)) * FPS                    # 2-8 s
        big = src.shape[1]
        w = int(big * rng.uniform(0.45, 0.7))
        shots.append({"s0": int(rng.integers(0, len(src) - length)), "len": length,
                      "rot": cv2.getRotationMatrix2D((big / 2, big / 2), float(rng.uniform(10, 350)), 1.0),
                      "win": (*(int(v) for v in rng.integers(0, big - w, 2)), w),
                      "lut": np.clip(255 * (np.arange(256) / 255) ** rng.uniform(0.6, 1.6), 0, 255).astype(np.uint8)})
    return shots


def hash_pool(src, shots, size, variants):
    from vidforensics.config import HashConfig
    from vidforensics.hashing import VARIANT_NAMES, hash_batch
    cols = [VARIANT_NAMES.index(v) for v in variants]
    for sh in shots:
        idx = np.arange(0, sh["len"], FPS // ROW_FPS)
        out = hash_batch(render_shot(src, sh, size, idx), HashConfig())
        sh["rows"] = out["variants"][:, cols]
        sh["valid"] = ~out["low_info"]


def build(index_dir, hours, shots, planted_seq, rng, params):
    from vidforensics.archive.add import _seed_flags
    from vidforensics.archive.index import ROW_DTYPE, VPDQ_DTYPE, ArchiveIndex, IndexedVideo
    from vidforensics.config import IndexConfig
    index = ArchiveIndex(index_dir, create=True, config=IndexConfig())
    index.db.execute("PRAGMA synchronous=OFF")
    masks = np.zeros((1 << 14, 32), np.uint8)                       # sparse re-encoding noise
    for m in masks:
        bits = rng.choice(256, size=int(rng.integers(1, 12)), replace=False)
        np.bitwise_or.at(m, bits // 8, (1 << (7 - bits % 8)).astype(np.uint8))
    # popularity within an event: a long tail (a few shots are re-used far more often)
    weight = 1.0 / (np.arange(len(shots)) + 20.0)
    popular = rng.choice(len(shots), size=100_000, p=weight / weight.sum())
    event_masks: dict[int, np.ndarray] = {}
    total, n_video, planted = 0.0, 0, []
    target = hours * 3600
    plant_at = set(rng.choice(max(1, int(target / 360)), size=5, replace=False).tolist())
    t0 = time.perf_counter()
    while total < target:
        dur_goal = float(rng.uniform(120, 600))
        seq, t = [], 0.0
        plant_pos = None
        if n_video in plant_at:
            plant_pos = int(rng.integers(0, 4))
        while t < dur_goal:
            if plant_pos is not None and len(seq) == plant_pos:
                start = t
                for j in planted_seq:
                    seq.append((j, True))
                    t += shots[j]["len"] / FPS
                planted.append((f"video{n_video:05d}.mp4", start, t))
                continue
            if rng.random() < 0.3:
                seq.append((int(popular[rng.integers(len(popular))]), True))
            else:
                seq.append((int(rng.integers(len(shots))), False))
            t += shots[seq[-1][0]]["len"] / FPS
        event = n_video // VIDEOS_PER_EVENT
        if event not in event_masks:            # event 0 shows the pool as rendered (the clip's)
            event_masks[event] = np.zeros((len(shots), 32), np.uint8) if event == 0 else \
                rng.integers(0, 256, (len(shots), 32), dtype=np.uint8)
        rows_l, var_l, t = [], [], 0.0
        for k, (j, copy) in enumerate(seq):
            sh = shots[j]
            v = sh["rows"].copy()
            in_plant = plant_pos is not None and plant_pos <= k < plant_pos + len(planted_seq)
            if not in_plant:
                v ^= event_masks[event][j]
            if not copy:
                v ^= rng.integers(0, 256, 32, dtype=np.uint8)
            v ^= masks[rng.integers(len(masks), size=v.shape[:2])]
            r = np.zeros(len(v), ROW_DTYPE)
            r["pts"] = np.round((t + np.arange(len(v)) / ROW_FPS) * 1000).astype(np.int64)
            r["index"] = np.round(r["pts"] / 1000 * FPS).astype(np.int32)
            r["shot"], r["valid"] = k, sh["valid"]
            rows_l.append(r)
            var_l.append(v)
            t += sh["len"] / FPS
        rows, var = np.concatenate(rows_l), np.ascontiguousarray(np.concatenate(var_l))
        rows["seed"] = _seed_flags(rows["pts"] / 1000, rows["valid"].astype(bool), rows["shot"],
                                   var[:, 0], IndexConfig().seed_fps)
        vp = np.zeros(int(t), VPDQ_DTYPE)                      # true-PDQ rows take their space
        vp["frame"], vp["time_s"] = np.arange(int(t)) * FPS, np.arange(int(t))
        index.add(IndexedVideo(f"{n_video:064x}", f"video{n_video:05d}.mp4", Fraction(1, 1000),
                               1 / FPS, t, int(t * FPS) - 1, rows, var, vp), params, durable=False)
        total += t
        n_video += 1
    t_append = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_entries = index.build_bands()
    t_bands = time.perf_counter() - t0
    return index, {"videos": n_video, "hours": total / 3600, "append_s": t_append,
                   "bands_s": t_bands, "entries": n_entries, "planted": planted}


def clip_analysis(src, shots, planted_seq, size):
    """The query: the planted shots rendered at 25 fps, cropped 10 % and mirrored."""
    from vidforensics.config import HashConfig
    from vidforensics.hashing import VARIANT_NAMES, hash_batch
    from vidforensics.pipeline import VideoAnalysis
    from vidforensics.types import FrameHashes, Shot, VideoInfo
    frames = np.concatenate([render_shot(src, shots[j], size, range(shots[j]["len"]), True)
                             for j in planted_seq])
    n = len(frames)
    slot = np.floor(np.arange(n) / FPS * HashConfig().variant_fps + 1e-9)
    with_v = np.concatenate([[True], slot[1:] != slot[:-1]])
    cols = hash_batch(frames, HashConfig(), with_v)
    tb = Fraction(1, FPS)
    h = FrameHashes(video="clip.mp4", time_base=tb, index=np.arange(n), pts=np.arange(n),
                    variant_names=VARIANT_NAMES, thumb_size=size, **cols)
    starts = np.cumsum([0] + [shots[j]["len"] for j in planted_seq])
    shot_list = tuple(Shot("clip.mp4", i, int(a), int(b) - 1, float(a * tb), float(b * tb), "cut")
                      for i, (a, b) in enumerate(zip(starts[:-1], starts[1:])))
    info = VideoInfo("clip.mp4", "0" * 64, 1, "synthetic", "none", size, size, 0, tb,
                     Fraction(FPS), n / FPS, n, False, False, 0, n)
    return VideoAnalysis(info, h, shot_list)


def evict(index_dir: Path) -> int | None:
    """Drop the index's files from the page cache; returns the bytes still resident
    (util-linux `fincore`; None where it is not installed)."""
    files = [p for p in Path(index_dir).iterdir() if p.is_file()]
    for p in files:
        fd = os.open(p, os.O_RDONLY)
        try:
            os.fsync(fd)                          # dirty pages cannot be dropped
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)
    if not shutil.which("fincore"):
        return None
    out = subprocess.run(["fincore", "--bytes", "--noheadings", "--output", "RES", *map(str, files)],
                         capture_output=True, text=True).stdout.split()
    return sum(int(x) for x in out if x.isdigit())


def search_child(index_dir: str, clip_npz: str) -> None:
    """In a fresh process: load the clip, search once, print latency and peak memory."""
    import pickle
    from vidforensics.archive.index import ArchiveIndex
    from vidforensics.archive.search import search_analysis
    va = pickle.loads(Path(clip_npz).read_bytes())       # written by this script just before
    index = ArchiveIndex(index_dir)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t, c = time.perf_counter(), time.process_time()
    hits = search_analysis(index, va)
    dt, cpu = time.perf_counter() - t, time.process_time() - c
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"search_s": dt, "cpu_s": cpu, "peak_rss_mb": rss / 1024, "rss_before_mb": rss0 / 1024,
                      "hits": [h.to_dict() for h in hits]}))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hours", type=float, nargs="+", default=[10, 30, 100, 300, 1000])
    ap.add_argument("--pool-shots", type=int, default=800)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--work", default=None, help="folder for the indexes (default: a temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep the indexes in --work")
    ap.add_argument("--reuse", action="store_true",
                    help="search the indexes kept in --work by an earlier --keep run instead of rebuilding")
    ap.add_argument("--search-child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.search_child:
        search_child(*args.search_child)
        return 0
    import pickle
    from matching_scale import source_thumbs
    from vidforensics.archive.add import index_params
    from vidforensics.config import AnalysisConfig, IndexConfig
    size = AnalysisConfig().decode.thumb_size
    rng = np.random.default_rng(args.seed)
    t = time.perf_counter()
    src = source_thumbs(size)
    shots = make_pool(src, args.pool_shots, size, rng)
    work = Path(args.work or tempfile.mkdtemp(prefix="index-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    cache = work / f"pool-{args.seed}-{args.pool_shots}-{'-'.join(IndexConfig().variants)}.pickle"
    if cache.exists():
        shots = pickle.loads(cache.read_bytes())
    else:
        hash_pool(src, shots, size, IndexConfig().variants)
        cache.write_bytes(pickle.dumps(shots))
    planted_seq = []
    while sum(shots[j]["len"] for j in planted_seq) < 30 * FPS:
        planted_seq.append(int(rng.integers(len(shots))))
    va = clip_analysis(src, shots, planted_seq, size)
    pool_h = sum(s["len"] for s in shots) / FPS / 3600
    print(f"pool: {len(shots)} shots ({pool_h:.2f} h) cut from real footage and hashed in "
          f"{time.perf_counter() - t:.0f} s; clip {va.info.duration_s:.1f} s (crop 10 %, mirrored)")
    clip_file = work / "clip.pickle"
    clip_file.write_bytes(pickle.dumps(va))
    print(f"{'hours':>7} {'videos':>7} {'size GB':>8} {'GB/1000h':>8} {'build s':>8} "
          f"{'cold s':>7} {'CPU s':>6} {'warm s':>7} {'CPU s':>6} {'peak MB':>8} {'planted':>8} {'hits':>5}")
    from vidforensics.archive.index import ArchiveIndex
    for hours in args.hours:
        d = work / f"idx-{hours:g}h"
        saved = d / "benchmark.json"
        if args.reuse and saved.exists():
            st = json.loads(saved.read_text())
            index = ArchiveIndex(d)
        else:
            shutil.rmtree(d, ignore_errors=True)
            probe_idx = ArchiveIndex(d, create=True)
            params = index_params(probe_idx)
            probe_idx.close()
            shutil.rmtree(d)
            index, st = build(d, hours, shots, planted_seq, rng, params)
            saved.write_text(json.dumps(st))
        size_b = index.size_bytes() - saved.stat().st_size
        index.close()
        runs = []
        for cold in (True, False):
            left = evict(d) if cold else None
            out = subprocess.run([sys.executable, __file__, "--search-child", str(d), str(clip_file)],
                                 capture_output=True, text=True, check=True).stdout
            runs.append(json.loads(out.strip().splitlines()[-1]))
            if cold and left:
                print(f"  (note: {left / 1e6:.0f} MB of the index stayed in the page cache)")
        r = runs[0]
        found = 0
        for video, s0, s1 in st["planted"]:
            if any(h["video"] == video and abs(h["start_s"] - s0) <= 1 and abs(h["end_s"] - s1) <= 1
                   and h["clip_start_s"] <= 1 and abs(h["clip_end_s"] - va.info.duration_s) <= 1
                   for h in r["hits"]):
                found += 1
        print(f"{st['hours']:7.1f} {st['videos']:7d} {size_b / 1e9:8.3f} {size_b / 1e9 / st['hours'] * 1000:8.3f} "
              f"{st['append_s'] + st['bands_s']:8.1f} {r['search_s']:7.2f} {r['cpu_s']:6.2f} "
              f"{runs[1]['search_s']:7.2f} {runs[1]['cpu_s']:6.2f} "
              f"{max(x['peak_rss_mb'] for x in runs):8.0f} {found:>5}/{len(st['planted'])} {len(r['hits']):5d}",
              flush=True)
        if not args.keep:
            shutil.rmtree(d, ignore_errors=True)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
