"""Throughput of `vidforensics.analyze` (no people analysis) against plain decoding of the same file.

    python benchmarks/throughput.py FILE [FILE ...] [--repeat 3]
    python benchmarks/throughput.py --make 720 1080      # make H.264 test files from sample media

Prints frames/s of: plain FFmpeg decoding (the `ffmpeg` binary bundled by imageio-ffmpeg,
`-threads 0 -f null -`, when installed), plain PyAV decoding (every frame, no conversion), and
analyze (probe + SHA-256 + decode + hashes + shots + repeated-segment search), and the ratio
analyze / plain decode. Runs are interleaved and the median is kept: the machines are shared
and noisy, so compare ratios from one run, not absolute times across runs.

The next column is the same ratio in CPU time (user + system, all threads; ffmpeg as a child
process): on two cores the pass is CPU-bound, so this ratio tracks the wall ratio on an idle
machine and holds up when other jobs load it, where wall ratios swing by 20 % and more. The
last columns are the medians behind it in CPU seconds, and the CPU of the repeated-segment
search (`find_repeats`) inside each analyze run, so that two trees' runs can be compared part
by part.

What is timed: each analyze call runs in this process (its imports are done by the first of
the repeats; the median leaves that first call out when there are 3 or more), with no case
folder (`out=None`: no findings.json, viewer, run log or cache written). A whole
`vidforensics analyze FILE --out DIR` process adds interpreter start and imports, the first
call's set-up and the case folder to both sides of a comparison (docs/stages.md, "Speed"); where
PYTHONDONTWRITEBYTECODE is set, as on the machines this was built on, it also compiles every
module it imports, which an installed copy (with its .pyc files) does not.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def plain_pyav(path: str) -> int:
    import av
    n = 0
    with av.open(path) as c:
        s = c.streams.video[0]
        s.thread_type = "AUTO"
        for _ in c.decode(s):
            n += 1
    return n


def ffmpeg_exe() -> str | None:
    try:
        import imageio_ffmpeg
        return imageio_ffmpeg.get_ffmpeg_exe()
    except Exception:
        return None


def plain_ffmpeg(path: str) -> None:
    subprocess.run([ffmpeg_exe(), "-v", "error", "-threads", "0", "-i", path, "-map", "0:v:0",
                    "-f", "null", "-"], check=True)


SEARCH_CPU: list[float] = []


def run_analyze(path: str, out: str) -> None:
    import vidforensics
    import vidforensics.matching as matching
    from vidforensics.config import AnalysisConfig
    cfg = AnalysisConfig().replace(people__enabled=False, report__pdf=False)
    search = matching.find_repeats

    def timed_search(*args, **kwargs):        # CPU of the repeated-segment search alone
        c = cpu_now()
        try:
            return search(*args, **kwargs)
        finally:
            SEARCH_CPU.append(cpu_now() - c)

    matching.find_repeats = timed_search
    try:
        vidforensics.analyze([path], None, config=cfg)
    finally:
        matching.find_repeats = search


def timed(fn, *args) -> float:
    t = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t


def cpu_now() -> float:
    """CPU seconds (user + system) of this process and its finished children."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed_cpu(fn, *args) -> tuple[float, float]:
    """(wall, CPU) seconds of one call."""
    c, t = cpu_now(), time.perf_counter()
    fn(*args)
    return time.perf_counter() - t, cpu_now() - c


def make_inputs(heights: list[int], out_dir: Path) -> list[Path]:
    """H.264 (x264 medium, crf 23, 25 fps, keyframe every 2 s) versions of the sample montage."""
    import av
    src = ROOT / "sample_media" / "montage.mp4"
    made = []
    for h in heights:
        w = h * 16 // 9
        dst = out_dir / f"montage_{h}p.mp4"
        with av.open(str(src)) as inp, av.open(str(dst), "w") as out:
            s = out.add_stream("libx264", rate=25)
            s.width, s.height, s.pix_fmt = w, h, "yuv420p"
            s.options = {"preset": "medium", "crf": "23", "g": "50"}
            for i, frame in enumerate(inp.decode(video=0)):
                f = av.VideoFrame.from_ndarray(frame.to_ndarray(format="rgb24", width=w, height=h),
                                               format="rgb24")
                f.pts = i
                for p in s.encode(f):
                    out.mux(p)
            for p in s.encode(None):
                out.mux(p)
        made.append(dst)
        print(f"made {dst}", file=sys.stderr)
    return made


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--make", nargs="*", type=int, metavar="HEIGHT",
                    help="first make H.264 test files of these heights from sample_media/montage.mp4")
    args = ap.parse_args()
    files = [Path(f) for f in args.files]
    if args.make:
        files += make_inputs(args.make, Path(tempfile.mkdtemp(prefix="vf-bench-")))
    if not files:
        ap.error("give FILE(s) or --make HEIGHT ...")
    have_ffmpeg = ffmpeg_exe() is not None
    print(f"{'file':<28} {'frames':>6} {'ffmpeg f/s':>10} {'PyAV f/s':>9} {'analyze f/s':>11} "
          f"{'ratio vs ffmpeg':>15} {'ratio vs PyAV':>13} {'CPU vs ffmpeg':>13} {'ffmpeg CPU s':>12} "
          f"{'analyze CPU s':>13} {'search CPU s':>12}")
    for f in files:
        path = str(f)
        n = plain_pyav(path)                     # warm the page cache
        t_ff, t_av, t_an, c_ff, c_an = [], [], [], [], []
        SEARCH_CPU.clear()
        with tempfile.TemporaryDirectory() as tmp:
            for _ in range(args.repeat):
                if have_ffmpeg:
                    w, c = timed_cpu(plain_ffmpeg, path)
                    t_ff.append(w)
                    c_ff.append(c)
                t_av.append(timed(plain_pyav, path))
                w, c = timed_cpu(run_analyze, path, tmp)
                t_an.append(w)
                c_an.append(c)
        ff = n / statistics.median(t_ff) if t_ff else float("nan")
        pa = n / statistics.median(t_av)
        an = n / statistics.median(t_an)
        cpu = statistics.median(c_ff) / statistics.median(c_an) if c_ff else float("nan")
        med = (lambda v: statistics.median(v) if v else float("nan"))
        print(f"{f.name:<28} {n:>6} {ff:>10.0f} {pa:>9.0f} {an:>11.0f} {an / ff:>15.2f} {an / pa:>13.2f}"
              f" {cpu:>13.2f} {med(c_ff):>12.2f} {med(c_an):>13.2f} {med(SEARCH_CPU):>12.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
