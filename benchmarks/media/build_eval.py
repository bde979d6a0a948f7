#!/usr/bin/env python3
"""Build the vidforensics evaluation set from real footage (not committed).

    python benchmarks/media/build_eval.py [--out DIR] [--sources DIR] [--small]
    python benchmarks/media/build_eval.py --heldout2 --out DIR2 --sources DIR3
    python benchmarks/media/build_eval.py --heldout3 --out DIR4 --sources DIR5 [--mirror DIR]
    python benchmarks/media/build_eval.py --heldout4 --out DIR6 --sources DIR7 [--mirror DIR]
    python benchmarks/media/build_eval.py --heldout5 --out DIR8 --sources DIR9 [--mirror DIR]
    python benchmarks/media/build_eval.py --heldout6 --out DIR10 --sources DIR11 [--mirror DIR]
    python benchmarks/media/build_eval.py --heldout7 --out DIR12 --sources DIR13 [--mirror DIR]
    python benchmarks/media/build_eval.py --heldout8 --out DIR14 --sources DIR15 [--mirror DIR]
    python benchmarks/media/build_eval.py --heldout9 --out DIR16 --sources DIR17 [--mirror DIR]
    python benchmarks/media/build_eval.py --heldout10 --out DIR18 --sources DIR19 [--mirror DIR]
    python benchmarks/media/build_eval.py --dev2 GIT_DIR --out DIR4   (development split dev2)

Writes to --out (default /tmp/vidforensics_eval):

  shots/montage.mp4     shot-boundary eval: ~21 real shots, hard cuts, dissolves,
                        fades, flashes and fast pans (the last two are not cuts)
  repeats/<case>/*.mp4  repeated-segment eval: one case per transformation
                        (crop, mirror, bars, overlay, recompression, colour,
                        speed, combined), short and three-occurrence repeats,
                        within- and cross-video repeats, retakes, negatives
  truth.json            ground truth, computed from what was built

``--heldout2`` builds only the split "heldout2" (heldout2_cases.py: repeated material from
footage no other case uses; no shots montage); ``--heldout3`` likewise builds only the split
"heldout3" (heldout3_cases.py: clips read at pinned commits from bare GitHub snapshots under
--mirror); ``--heldout4`` builds only the split "heldout4" (heldout4_cases.py, the same way
from four other repositories); ``--heldout5`` likewise (heldout5_cases.py, two more repositories);
``--heldout6`` likewise (heldout6_cases.py, four more repositories); ``--heldout7`` likewise
(heldout7_cases.py, eight more repositories); ``--heldout8`` likewise (heldout8_cases.py, six
more repositories); ``--heldout9`` likewise (heldout9_cases.py, seven more repositories);
``--heldout10`` likewise (heldout10_cases.py, five more repositories).
``--small`` builds a handful of short cases (<= 30 s of video, a few
seconds) for the test suite.  Sources are fetched and cached like
sample_media/build.py does (apt-get download / pip download; run
``apt-get update`` once).  Output is deterministic for a given PyAV build.
"""

import argparse
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "sample_media"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _mediakit as mk  # noqa: E402
import edit_cases  # noqa: E402
import heldout2_cases  # noqa: E402
import heldout3_cases  # noqa: E402
import heldout4_cases  # noqa: E402
import heldout5_cases  # noqa: E402
import heldout6_cases  # noqa: E402
import heldout7_cases  # noqa: E402
import heldout8_cases  # noqa: E402
import heldout9_cases  # noqa: E402
import heldout10_cases  # noqa: E402
import dev2_cases  # noqa: E402

# the separate held-out splits: name -> its case module (`<name>_cases(P)`, `check_sources`,
# `fetch`, `SOURCES`), in the order their sources are recorded in truth.json
HELD = {"heldout2": heldout2_cases, "heldout3": heldout3_cases, "heldout4": heldout4_cases,
        "heldout5": heldout5_cases, "heldout6": heldout6_cases, "heldout7": heldout7_cases,
        "heldout8": heldout8_cases, "heldout9": heldout9_cases, "heldout10": heldout10_cases}

FPS = 25
PATHS = edit_cases.PATHS  # source name -> local file, filled by main()
OPTS = {"exact": True}  # byte-reproducible encoding (see _mediakit.encode)


# --------------------------------------------------------------------------
# Pieces and videos
# --------------------------------------------------------------------------


@dataclass
class P:
    """One shot: ``dur`` s of output from source ``src`` starting at ``start`` s."""
    src: str
    start: float
    dur: float
    tag: str = None  # pieces sharing footage carry tags named in the case's groups
    tf: object = None  # per-frame transform applied after framing
    desc: str = "none"
    speed: float = 1.0
    join: str = "cut"
    n: int = 0
    black: int = 0
    frame: tuple = None  # (w, h) to frame the source to, if not the canvas size
    flashes: list = field(default_factory=list)  # [(offset frame, [strengths])]
    note: str = None  # remark recorded on the boundary into this piece
    seq: object = None  # edit of the piece's whole frame list (frame-rate conversion)


def frames_of(p, w, h):
    fw, fh = p.frame or (w, h)
    box = mk.FRAMING.get(p.src)
    fr = mk.read_frames(PATHS[p.src], p.start, p.dur, FPS, speed=p.speed,
                        fn=lambda f: mk.fill(f, fw, fh, box))
    if p.tf is not None:
        done = {}  # transform each distinct source frame once
        for f in fr:
            if id(f) not in done:
                done[id(f)] = p.tf(f)
        fr = [done[id(f)] for f in fr]
    if p.seq is not None:
        fr = p.seq(fr)
    for off, strengths in p.flashes:
        for i, s in enumerate(strengths):
            fr[off + i] = mk.flash(fr[off + i], s)
    return fr


def build_video(out_dir, rel, pieces, w=480, h=270, crf=23, all_tf=None, all_desc=None):
    """Join pieces into one file; return (file truth, {tag: member})."""
    tl = mk.Timeline(FPS, w, h)
    tags, flashes = {}, []
    for p in pieces:
        fr = frames_of(p, w, h)
        if all_tf:
            fr = [all_tf(f) for f in fr]
        desc = p.desc if not all_desc else (all_desc if p.desc == "none" else f"{p.desc}; {all_desc}")
        shot = tl.add(fr, join=p.join, n=p.n, black=p.black, source=p.src,
                      src_start_s=p.start, src_end_s=round(p.start + p.dur * p.speed, 6),
                      transform=desc, **({"speed": p.speed} if p.speed != 1 else {}))
        if p.tag:
            tags[p.tag] = {"file": rel, **tl.span(shot, 0, p.dur), "transform": desc,
                           "source": p.src, "src_start_s": p.start,
                           "src_end_s": round(p.start + p.dur * p.speed, 6)}
            if p.speed != 1:
                tags[p.tag]["speed"] = p.speed
        for off, strengths in p.flashes:
            a = shot["content_first_frame"] + off
            flashes.append({"frames": [a, a + len(strengths)], "start_s": tl.t(a),
                            "end_s": tl.t(a + len(strengths)), "shot": shot["index"]})
    path = os.path.join(out_dir, rel)
    mk.encode(path, tl.frames, FPS, quality=crf, preset="veryfast", exact=OPTS["exact"])
    info = {"width": w, "height": h, "fps": FPS, "frame_count": len(tl.frames),
            "duration_s": tl.t(len(tl.frames)), "crf": crf, "shots": tl.shots,
            "boundaries": tl.boundaries, "flashes": flashes}
    return info, tags, tl


# --------------------------------------------------------------------------
# Shot-boundary eval
# --------------------------------------------------------------------------


def build_shots(out, small):
    w, h = 640, 360
    if small:
        pieces = [P("launch", 0.0, 1.8), P("bikes", 3.08, 1.8),
                  P("carphone", 0.0, 1.8, join="dissolve", n=12, flashes=[(30, [0.85, 0.5])]),
                  P("lego", 0.5, 1.8, join="fade", n=8, black=4)]
        pans = {}
    else:
        pieces = [
            P("launch", 0.0, 3.0), P("bikes", 0.0, 1.16), P("movie-hello", 0.0, 3.0),
            P("cockatoo", 0.0, 4.0), P("bikes", 1.24, 1.8, desc="real camera pan"),
            P("tree", 0.0, 3.6, join="dissolve", n=20),
            P("carphone", 0.0, 4.0, flashes=[(38, [0.85, 0.55])]),
            P("vtest", 5.0, 5.0),
            P("vtest", 40.0, 4.0, desc="jump cut: same static camera as the previous shot",
              note="jump cut within one static camera: same background, people moved"),
            "PAN_DOG",
            P("lego", 0.3, 4.0, join="fade", n=12, black=5, flashes=[(50, [0.9, 0.6, 0.3])]),
            P("launch", 3.2, 4.8), P("bikes", 3.08, 2.36, join="dissolve", n=30),
            P("plant", 0.0, 1.16), P("bunny", 0.0, 5.2), P("cockatoo", 9.0, 3.0),
            P("bikes", 5.52, 1.92), "PAN_BIRD", P("movie-hello", 5.2, 3.0),
            P("bikes", 7.52, 2.12, join="fade", n=10, black=0),
            P("vtest", 60.0, 5.0, flashes=[(60, [0.95])]),
        ]
        pans = {"PAN_DOG": ("dog", 0.0, 1.52, 1280, 300, 640, 360),
                "PAN_BIRD": ("cockatoo", 12.2, 1.6, 640, 300, 640, 360)}
    tl = mk.Timeline(FPS, w, h)
    flashes, fast = [], []
    for p in pieces:
        if isinstance(p, str):  # a fast pan over a source with large frames
            src, start, dur, x_to, y, cw, ch = pans[p]
            raw = mk.read_frames(PATHS[src], start, dur, FPS)
            fr, xs = mk.pan(raw, w, h, 0, x_to, y, cw, ch, move=(0.15, 0.85))
            shot = tl.add(fr, source=src, src_start_s=start, src_end_s=start + dur,
                          transform=f"virtual whip pan: {cw}x{ch} window x 0->{x_to} at y={y}, "
                                    "cosine eased, motion blur")
            fast.append({"frames": [shot["start_frame"], shot["end_frame"]],
                         "start_s": shot["start_s"], "end_s": shot["end_s"], "shot": shot["index"],
                         "kind": "synthetic whip pan",
                         "max_shift_px_per_frame": max(abs(b - a) for a, b in zip(xs, xs[1:]))})
            continue
        shot = tl.add(frames_of(p, w, h), join=p.join, n=p.n, black=p.black, source=p.src,
                      src_start_s=p.start, src_end_s=round(p.start + p.dur, 6), transform=p.desc)
        if p.note:
            tl.boundaries[-1]["note"] = p.note
        for off, strengths in p.flashes:
            a = shot["content_first_frame"] + off
            flashes.append({"frames": [a, a + len(strengths)], "start_s": tl.t(a),
                            "end_s": tl.t(a + len(strengths)), "shot": shot["index"],
                            "strength": strengths})
    for f in fast:  # shot ends are only final once the whole timeline is built
        shot = tl.shots[f["shot"]]
        f.update(frames=[shot["start_frame"], shot["end_frame"]], end_s=shot["end_s"])
    mk.encode(os.path.join(out, "shots/montage.mp4"), tl.frames, FPS, quality=23,
              preset="veryfast", exact=OPTS["exact"])
    kinds = [b["kind"] for b in tl.boundaries]
    return {"file": "shots/montage.mp4", "width": w, "height": h, "fps": FPS,
            "frame_count": len(tl.frames), "duration_s": tl.t(len(tl.frames)),
            "counts": {k: kinds.count(k) for k in sorted(set(kinds))},
            "boundaries": tl.boundaries, "shots": tl.shots, "flashes": flashes,
            "fast_motion": fast}


# --------------------------------------------------------------------------
# Repeated-segment eval
# --------------------------------------------------------------------------

def crop_tl(f):
    return mk.crop_frac(f, 0.12, anchor="top-left")


def colour(f):
    return mk.adjust(f, brightness=20, contrast=1.25, saturation=1.4)


def combined(f):
    return mk.letterbox(mk.mirror(mk.crop_frac(f, 0.10)), 34)


def repeat_cases(small, held=None):
    """name -> (description, {file: (pieces, options)}, [(kind, [tags])]); ``held`` names a
    separate split ("heldout2", "heldout3" or the development split "dev2") to build instead."""
    if held == "dev2":
        return dev2_cases.dev2_cases(P)
    if held in HELD:
        return getattr(HELD[held], f"{held}_cases")(P)
    d, f = (2.0, 1.0) if small else (4.0, 2.0)  # shared-segment and filler durations
    S = lambda src, start, tag, dur=d, **kw: P(src, start, dur, tag=tag, **kw)  # noqa: E731
    cases = {
        "mirror": ("horizontal mirror, cross-video",
                   {"a.mp4": ([P("lego", 0.0, f), S("bunny", 0.5, "o"), P("bikes", 7.52, f)], {}),
                    "b.mp4": ([P("cockatoo", 10.0, f), S("bunny", 0.5, "c", tf=mk.mirror,
                                                           desc="horizontal mirror"),
                               P("plant", 0.0, 1.0)], {})},
                   [("reuse", ["o", "c"])]),
        "letterbox": ("16:9 footage letterboxed into a 4:3 (480x360) video",
                      {"a.mp4": ([P("launch", 0.0, f), S("carphone", 0.0, "o"), P("bikes", 5.52, f)], {}),
                       "b.mp4": ([P("tree", 0.0, f), S("carphone", 0.0, "c", frame=(480, 270),
                                                      tf=lambda x: mk.fit(x, 480, 360),
                                                      desc="fit into 480x360: 45 px bars top and bottom"),
                                  P("vtest", 50.0, f)], {"h": 360})},
                      [("reuse", ["o", "c"])]),
        "neg_unrelated": ("negative: two videos with nothing in common",
                          {"a.mp4": ([P("launch", 0.0, f), P("bikes", 1.24, 1.5), P("cockatoo", 0.0, f)], {}),
                           "b.mp4": ([P("tree", 0.0, f), P("lego", 0.5, f), P("plant", 0.0, 1.0)], {})},
                          []),
    }
    if small:
        return cases
    cases.update({
        "crop_center": ("12 % centre crop (scaled back), cross-video",
                        {"a.mp4": ([P("bikes", 0.0, 1.16), S("cockatoo", 0.0, "o"), P("launch", 0.0, 2.5)], {}),
                         "b.mp4": ([P("plant", 0.0, 1.16), S("cockatoo", 0.0, "c", tf=lambda x: mk.crop_frac(x, 0.12),
                                                             desc="12 % centre crop"),
                                    P("bikes", 5.52, 1.92)], {})},
                        [("reuse", ["o", "c"])]),
        "crop_offcentre": ("12 % crop anchored top-left (scaled back), cross-video",
                           {"a.mp4": ([P("bikes", 1.24, 1.8), S("launch", 3.3, "o"), P("tree", 0.0, f)], {}),
                            "b.mp4": ([P("vtest", 10.0, f), S("launch", 3.3, "c", tf=crop_tl,
                                                            desc="12 % crop anchored top-left"),
                                       P("bikes", 3.08, 2.36)], {})},
                           [("reuse", ["o", "c"])]),
        "pillarbox": ("4:3 footage pillarboxed into a 16:9 video",
                      {"a.mp4": ([P("carphone", 0.0, f), S("tree", 0.0, "o"), P("vtest", 12.0, 3.0)],
                                 {"w": 360}),
                       "b.mp4": ([P("bikes", 0.0, 1.16), S("tree", 0.0, "c", frame=(360, 270),
                                                          tf=lambda x: mk.fit(x, 480, 270),
                                                          desc="fit into 480x270: 60 px bars left and right"),
                                  P("launch", 0.0, f)], {})},
                      [("reuse", ["o", "c"])]),
        "overlay": ("logo + caption box burnt into every frame of the copy",
                    {"a.mp4": ([P("bikes", 3.08, 2.36), S("lego", 0.5, "o"), P("plant", 0.0, 1.16)], {}),
                     "b.mp4": ([P("launch", 0.0, f), S("lego", 0.5, "c"), P("cockatoo", 10.0, f)],
                               {"all_tf": mk.overlay, "all_desc": "logo top-right + caption box"})},
                    [("reuse", ["o", "c"])]),
        "recompress": ("copy downscaled to 256x144 and re-encoded at x264 crf 40",
                       {"a.mp4": ([P("bikes", 7.52, 2.12), S("vtest", 30.0, "o"), P("cockatoo", 0.0, f)], {}),
                        "b.mp4": ([P("lego", 0.0, f), S("vtest", 30.0, "c", desc="256x144, crf 40"),
                                   P("bikes", 5.52, 1.92)], {"w": 256, "h": 144, "crf": 40})},
                       [("reuse", ["o", "c"])]),
        "colour": ("brightness +20, contrast x1.25, saturation x1.4",
                   {"a.mp4": ([P("tree", 0.0, f), S("cockatoo", 9.6, "o"), P("bikes", 0.0, 1.16)], {}),
                    "b.mp4": ([P("launch", 3.2, f), S("cockatoo", 9.6, "c", tf=colour,
                                                     desc="brightness +20, contrast x1.25, saturation x1.4"),
                               P("bikes", 1.24, 1.8)], {})},
                   [("reuse", ["o", "c"])]),
        "speed_0.8": ("copy slowed to 0.8x (frames resampled)",
                      {"a.mp4": ([P("plant", 0.0, 1.16), S("movie-hello", 4.2, "o"), P("bikes", 3.08, 2.36)], {}),
                       "b.mp4": ([P("vtest", 60.0, f), S("movie-hello", 4.2, "c", dur=d / 0.8, speed=0.8,
                                                        desc="speed 0.8x"),
                                  P("launch", 0.0, f)], {})},
                      [("reuse", ["o", "c"])]),
        "speed_1.25": ("copy sped up to 1.25x (frames resampled)",
                       {"a.mp4": ([P("bikes", 5.52, 1.92), S("launch", 3.3, "o"), P("tree", 0.0, f)], {}),
                        "b.mp4": ([P("cockatoo", 0.0, f), S("launch", 3.3, "c", dur=d / 1.25, speed=1.25,
                                                           desc="speed 1.25x"),
                                   P("bikes", 7.52, 2.12)], {})},
                       [("reuse", ["o", "c"])]),
        "combined": ("mirror + 10 % crop + 34 px letterbox + 320x180 crf 36 re-encode",
                     {"a.mp4": ([P("launch", 0.0, f), S("cockatoo", 0.0, "o"), P("bikes", 1.24, 1.8)], {}),
                      "b.mp4": ([P("tree", 0.0, f), S("cockatoo", 0.0, "c", tf=combined,
                                                     desc="mirror + 10 % centre crop + 34 px letterbox bars"),
                                 P("vtest", 20.0, f)], {"w": 320, "h": 180, "crf": 36})},
                     [("reuse", ["o", "c"])]),
        "short_repeat": ("1.52 s (38 frames) plain repeat, cross-video",
                         {"a.mp4": ([P("launch", 0.0, f), S("bikes", 3.08, "o", dur=1.52), P("tree", 0.0, f)], {}),
                          "b.mp4": ([P("lego", 0.5, f), S("bikes", 3.08, "c", dur=1.52), P("plant", 0.0, 1.16)], {})},
                         [("reuse", ["o", "c"])]),
        "three_within": ("one video: a segment, later a 10 % crop of it, later a plain copy",
                         {"a.mp4": ([P("launch", 0.0, f), S("carphone", 0.0, "o"), P("bikes", 1.24, 1.8),
                                     S("carphone", 0.0, "c1", tf=lambda x: mk.crop_frac(x, 0.10),
                                       desc="10 % centre crop"),
                                     P("plant", 0.0, 1.16), S("carphone", 0.0, "c2", desc="plain copy"),
                                     P("tree", 0.0, f)], {})},
                         [("reuse", ["o", "c1", "c2"])]),
        "three_files": ("one segment in three videos: original, mirrored, letterboxed+brightened",
                        {"a.mp4": ([P("bikes", 0.0, 1.16), S("bunny", 0.5, "o"), P("vtest", 5.0, f)], {}),
                         "b.mp4": ([P("tree", 0.0, f), S("bunny", 0.5, "c1", tf=mk.mirror, desc="mirror")], {}),
                         "c.mp4": ([S("bunny", 0.5, "c2", tf=lambda x: mk.letterbox(mk.adjust(x, brightness=25), 34),
                                      desc="brightness +25 + 34 px letterbox"),
                                    P("lego", 0.5, f)], {})},
                        [("reuse", ["o", "c1", "c2"])]),
        "within_mirror": ("one video: a segment re-used mirrored later",
                          {"a.mp4": ([P("bikes", 0.0, 1.16), S("lego", 0.5, "o"), P("cockatoo", 10.0, f),
                                      P("vtest", 12.0, f), S("lego", 0.5, "c", tf=mk.mirror, desc="mirror"),
                                      P("plant", 0.0, 1.16)], {})},
                          [("reuse", ["o", "c"])]),
        "retake_static": ("one video: two different time ranges of one static camera (retake)",
                          {"a.mp4": ([S("vtest", 5.0, "t1"), P("bikes", 3.08, 2.36), S("vtest", 45.0, "t2"),
                                      P("launch", 0.0, f)], {})},
                          [("retake", ["t1", "t2"])]),
        "retake_webcam": ("two videos: same webcam set-up and person at different times (retake)",
                          {"a.mp4": ([P("plant", 0.0, 1.16), S("movie-hello", 0.0, "t1", dur=3.6),
                                      P("bikes", 5.52, 1.92)], {}),
                           "b.mp4": ([P("launch", 0.0, f), S("movie-hello", 5.2, "t2", dur=3.0),
                                      P("tree", 0.0, f)], {})},
                          [("retake", ["t1", "t2"])]),
        "neg_black_gaps": ("negative: unrelated clips joined by 1 s black gaps",
                           {"a.mp4": ([P("launch", 0.0, 2.5), P("tree", 0.0, 3.0, join="black", black=25),
                                       P("bikes", 3.08, 2.36, join="black", black=25),
                                       P("carphone", 0.0, 3.0, join="black", black=25),
                                       P("lego", 0.5, 3.0, join="black", black=25)], {})},
                           []),
        "neg_static": ("negative: one 60 s static shot (vtest) alone",
                       {"a.mp4": ([P("vtest", 0.0, 60.0)], {"h": 360})}, []),
    })
    cases.update(edit_cases.edit_cases(P))
    return cases


# edit label of the first cases (all in the tuning part: the parameters were developed on them)
FIRST_EDITS = {"mirror": "mirror", "letterbox": "letterbox", "crop_center": "crop anywhere",
               "crop_offcentre": "crop anywhere", "pillarbox": "letterbox", "overlay": "burned-in text",
               "recompress": "re-encode", "colour": "colour grading", "speed_0.8": "speed",
               "speed_1.25": "speed", "combined": "combination", "short_repeat": "plain",
               "three_within": "three times", "three_files": "three times", "within_mirror": "mirror",
               "retake_static": "retake: static set-up, other people",
               "retake_webcam": "retake: repeated action"}


def case_meta(name, case):
    """(description, files, groups, split, edit label) of a case."""
    if len(case) == 5:
        return case
    desc, files, groups = case
    return desc, files, groups, "tune", FIRST_EDITS.get(name, "negative" if not groups else name)


SOURCE_CUTS = {"bikes": [1.2, 3.04, 5.48, 7.48, 9.68], "launch": [3.086]}  # shots in sources


def check_sources(name, files, groups):
    """Footage of one source shot used twice in a case must be a grouped repeat or retake."""
    grouped = {t for _, tags in groups for t in tags}
    seen = {}
    for pieces, _ in files.values():
        for p in pieces:
            scene = (p.src, sum(c <= p.start for c in SOURCE_CUTS.get(p.src, [])))
            if scene in seen and not (p.tag in grouped and seen[scene] in grouped):
                raise AssertionError(f"{name}: {scene} used twice without a group")
            seen[scene] = p.tag


def build_case_file(job):
    """Build one file of one repeats case (run in a worker process)."""
    name, fname, out, small, held = job
    pieces, opt = repeat_cases(small, held)[name][1][fname]
    info, tags, _ = build_video(out, f"repeats/{name}/{fname}", pieces, **opt)
    return info, tags


def _init_worker(paths, opts):
    PATHS.update(paths)
    OPTS.update(opts)


def build_all(out, small, jobs, held=None):
    """Build the shots montage (not for a separate held-out split) and every repeats file on
    ``jobs`` processes."""
    cases = repeat_cases(small, held)
    for name, case in cases.items():
        if held == "dev2":
            dev2_cases.check_sources(name, case[1], case[2])
        elif held in HELD:
            HELD[held].check_sources(name, case[1], case[2], SOURCE_CUTS)
        else:
            check_sources(name, case[1], case[2])
    work = [(name, fname, out, small, held) for name, case in cases.items() for fname in case[1]]
    work.sort(key=lambda j: -sum(p.dur for p in cases[j[0]][1][j[1]][0]))  # longest first
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods()
                                      else "spawn")
    with ProcessPoolExecutor(jobs, ctx, _init_worker, (dict(PATHS), dict(OPTS))) as pool:
        shots = None if held else pool.submit(build_shots, out, small)
        results = dict(zip([j[:2] for j in work], pool.map(build_case_file, work)))
        shots = shots and shots.result()
    repeats = {}
    for name, case in cases.items():
        desc, files, groups, split, edit = case_meta(name, case)
        infos, members = {}, {}
        for fname in files:
            info, tags = results[name, fname]
            infos[f"repeats/{name}/{fname}"] = info
            members.update(tags)
        repeats[name] = {"description": desc, "negative": not groups, "files": infos,
                         "split": split, "edit": edit,
                         "groups": [{"kind": kind, "members": [members[t] for t in tags]}
                                    for kind, tags in groups]}
    return shots, repeats


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--out", default="/tmp/vidforensics_eval")
    ap.add_argument("--sources", default="/tmp/vidforensics_sources")
    ap.add_argument("--small", action="store_true", help="a few short cases for the test suite")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--fast", action="store_true",
                    help="use x264's SIMD code: ~3x faster, same pictures, bytes may vary")
    ap.add_argument("--heldout2", action="store_true",
                    help="build only the split heldout2 (footage no other case uses)")
    ap.add_argument("--heldout3", action="store_true",
                    help="build only the split heldout3 (footage no other split uses)")
    ap.add_argument("--heldout4", action="store_true",
                    help="build only the split heldout4 (footage no other split uses)")
    ap.add_argument("--heldout5", action="store_true",
                    help="build only the split heldout5 (footage no other split uses)")
    ap.add_argument("--heldout6", action="store_true",
                    help="build only the split heldout6 (footage no other split uses)")
    ap.add_argument("--heldout7", action="store_true",
                    help="build only the split heldout7 (footage no other split uses)")
    ap.add_argument("--heldout8", action="store_true",
                    help="build only the split heldout8 (footage no other split uses)")
    ap.add_argument("--heldout9", action="store_true",
                    help="build only the split heldout9 (footage no other split uses)")
    ap.add_argument("--heldout10", action="store_true",
                    help="build only the split heldout10 (footage no other split uses)")
    ap.add_argument("--mirror", default="/work/.mirror",
                    help="folder of bare GitHub snapshots (owner+name/repo) for --heldout3/4/5/6/7/8/9/10")
    ap.add_argument("--dev2", metavar="GIT_DIR",
                    help="build only the development split dev2 (dev2_cases.py) from a bare git copy "
                         "of intel-iot-devkit/sample-videos")
    args = ap.parse_args()
    t0 = time.time()
    PATHS.update(mk.fetch(list(mk.SOURCES), args.sources))
    sources = {n: {"package": s.package, "path": s.path, "licence": s.licence,
                   "sha256": mk.sha256(PATHS[n])} for n, s in mk.SOURCES.items()}

    def described(table):
        return {n: {"package": pkg, "path": path, "licence": lic, "description": desc,
                    "sha256": mk.sha256(PATHS[n])} for n, (pkg, path, lic, desc) in table.items()}

    for name, mod in HELD.items():
        if getattr(args, name):
            cache = os.path.join(args.sources, name)
            PATHS.update(mod.fetch(cache) if name == "heldout2" else mod.fetch(cache, args.mirror))
            sources.update(described(mod.SOURCES))
    if args.dev2:
        PATHS.update(dev2_cases.fetch(args.dev2, os.path.join(args.sources, "dev2")))
        sources.update(described(dev2_cases.source_table()))
    held = "dev2" if args.dev2 else next((n for n in reversed(HELD) if getattr(args, n)), None)
    OPTS["exact"] = not args.fast
    shots, repeats = build_all(args.out, args.small, args.jobs, held)
    if shots:
        print(f"shots eval: {shots['frame_count']} frames, {len(shots['shots'])} shots")
    total = (shots["duration_s"] if shots else 0) + sum(f["duration_s"] for c in repeats.values()
                                      for f in c["files"].values())
    mk.write_json(os.path.join(args.out, "truth.json"), {
        "generator": "benchmarks/media/build_eval.py", "small": args.small,
        "exact_encoding": not args.fast,
        "conventions": "as sample_media/truth.json: frame i at i/fps s, ranges [start, end)",
        "heldout2": args.heldout2, "heldout3": args.heldout3,
        # a later split's flag only in its own build, so that each split's truth.json stays
        # byte-identical to the build its document records
        "heldout4": args.heldout4, **({"heldout5": True} if args.heldout5 else {}),
        **({"heldout6": True} if args.heldout6 else {}),
        **({"heldout7": True} if args.heldout7 else {}), **({"heldout8": True} if args.heldout8 else {}),
        **({"heldout9": True} if args.heldout9 else {}), **({"heldout10": True} if args.heldout10 else {}),
        "dev2": bool(args.dev2), "sources": sources,
        "total_video_s": round(total, 3),
        "shots": shots, "repeats": repeats})
    print(f"repeats eval: {len(repeats)} cases; {total:.1f} s of video in all; "
          f"done in {time.time() - t0:.1f} s -> {args.out}")


if __name__ == "__main__":
    main()
