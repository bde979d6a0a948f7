"""Development split "dev2" of the repeated-segment evaluation (issue 11): real separate
recordings of one set-up, zoom with pan, ticker + caption bands, picture-in-picture at 40-45 %,
and one segment used three times with different edits.

Imported by build_eval.py (``--dev2``). This split is DEVELOPMENT data: thresholds may be
chosen on it (with the tune and old heldout splits). It is not held out.

Repeated material comes from one source no other case uses: the Intel IoT dev-kit sample
videos (GitHub ``intel-iot-devkit/sample-videos``, CC-BY-4.0), read from a bare git copy
(``--dev2-repo``; the build never downloads anything itself):

- ``asl_gestures/*.mkv``: 20 short webcam recordings (640x480, 30 fps, 1.6-3.7 s) of five
  people signing one word each in the same office, the camera set up again between some of
  them (the framing shifts by a few per cent). Two of these are two SEPARATE recordings of one
  set-up: the real retakes the constructed ones of the other splits are not.
- ``one-by-one-person-detection.mp4``: a fixed camera on a white wall and a wooden floor,
  people walking in one at a time (768x432, 10 fps, 139 s).
- ``bottle-detection.mp4``: a fixed camera on three bottles, a hand moving them (640x360,
  30 fps, 40 s).

Fillers, picture-in-picture backgrounds and the far side of negatives use the older sources
of sample_media/_mediakit.py; they never carry a case's repeated material.
"""
import os
import subprocess

import cv2
import numpy as np

import _mediakit as mk
import edit_cases as ec

REPO_NAME = "intel-iot-devkit/sample-videos"
LICENCE = "CC-BY-4.0 (repository LICENSE)"
ASL = {  # word -> signer (the same letter = the same person)
    "again": "A", "brother": "A", "help": "A", "no": "A", "yes": "A", "student": "A",
    "bird": "B", "milk": "B", "please": "B", "sorry": "B", "thanks": "B",
    "book": "C", "learn": "C", "school": "C", "walk": "C",
    "eat": "D", "night": "D", "sister": "D", "want": "E",
}
SOURCES = {f"asl_{w}": (f"asl_gestures/{w}.mkv", f"office webcam, signer {p}, the sign '{w}'")
           for w, p in ASL.items()}
SOURCES.update({
    "onebyone": ("one-by-one-person-detection.mp4", "fixed camera, people walk in one at a time"),
    "bottles": ("bottle-detection.mp4", "fixed camera, three bottles moved by a hand"),
})
SHORT = {"plant": 1.1}  # filler sources shorter than a filler
SETUP = {n: ("office" if n.startswith("asl_") else n) for n in SOURCES}  # one set-up per scene


def fetch(repo: str, cache: str) -> dict:
    """name -> local file, extracted from the bare git copy `repo` (git show HEAD:path)."""
    os.makedirs(cache, exist_ok=True)
    out = {}
    for name, (path, _) in SOURCES.items():
        dest = os.path.join(cache, name + os.path.splitext(path)[1])
        if not os.path.exists(dest):
            data = subprocess.run(["git", "--git-dir", repo, "show", f"HEAD:{path}"], check=True,
                                  capture_output=True).stdout
            with open(dest + ".part", "wb") as fh:
                fh.write(data)
            os.replace(dest + ".part", dest)
        out[name] = dest
    return out


def source_table() -> dict:
    return {n: (f"github:{REPO_NAME}", p, LICENCE, d) for n, (p, d) in SOURCES.items()}


# --------------------------------------------------------------------------
# Edits
# --------------------------------------------------------------------------

class Ticker:
    """A news ticker: a filled band along the bottom with text scrolling left, and a caption
    bar with a channel tag along the top (both burned into every frame)."""

    def __init__(self, band=0.11, bar=0.10, text="MARKETS CLOSE HIGHER  +++  STORM WARNING FOR THE COAST"
                 "  +++  ELECTION RESULTS EXPECTED TONIGHT  +++  "):
        self.band, self.bar, self.text, self.k = band, bar, text, 0

    def __call__(self, f):
        out = f.copy()
        h, w = out.shape[:2]
        y0 = int(h * (1 - self.band))
        cv2.rectangle(out, (0, y0), (w, h), (15, 30, 110), -1)
        x = w - 7 * self.k
        self.k += 1
        cv2.putText(out, self.text * 3, (x, h - int(h * self.band * 0.3)), cv2.FONT_HERSHEY_SIMPLEX,
                    h / 600, (255, 255, 255), 1, cv2.LINE_AA)
        y1 = int(h * self.bar)
        cv2.rectangle(out, (0, 0), (w, y1), (230, 230, 230), -1)
        cv2.rectangle(out, (0, 0), (int(w * 0.16), y1), (200, 20, 20), -1)
        cv2.putText(out, "LIVE", (int(w * 0.03), int(y1 * 0.75)), cv2.FONT_HERSHEY_SIMPLEX, h / 500,
                    (255, 255, 255), 2, cv2.LINE_AA)
        cv2.putText(out, "Scenes recorded this morning", (int(w * 0.19), int(y1 * 0.72)),
                    cv2.FONT_HERSHEY_SIMPLEX, h / 560, (20, 20, 20), 1, cv2.LINE_AA)
        return out


def crop_rotate(f):
    return ec.rotate(ec.window(f, 0.3, 0.6, 0.82), 2.0)


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------

def dev2_cases(P, d=3.5, fl=1.6):
    """name -> (description, files, groups, split, edit label); P is build_eval.P."""
    S = lambda src, start, tag, dur=d, **kw: P(src, start, dur, tag=tag, **kw)  # noqa: E731
    n = int(d * 25)
    C = {}

    def reuse(name, edit, desc, src, start, tf, fillers, dur=d):
        fa, fb = fillers
        C[name] = (desc, {"a.mp4": ([fa[0], S(src, start, "o", dur=dur), fa[1]], {}),
                          "b.mp4": ([fb[0], S(src, start, "c", dur=dur, tf=tf, desc=desc), fb[1]], {})},
                   [("reuse", ["o", "c"])], "dev2", edit)

    def asl(word, tag, **kw):          # one whole recording (minus its last frames)
        dur = {"again": 2.5, "yes": 2.1, "book": 3.5, "walk": 2.8, "bird": 2.0, "thanks": 1.6,
               "help": 1.8, "please": 2.3, "night": 2.2, "sister": 2.8, "no": 2.1, "sorry": 2.3,
               "school": 2.3, "brother": 2.1}[word]
        return P(f"asl_{word}", 0.0, dur, tag=tag, desc=kw.pop("desc", f"recording '{word}'"), **kw)

    def retake(name, edit, desc, t1, t2, fillers, one_video=False):
        fa, fb = fillers
        if one_video:
            files = {"a.mp4": ([fa[0], t1, fb[0], t2, fa[1]], {})}
        else:
            files = {"a.mp4": ([fa[0], t1, fa[1]], {}), "b.mp4": ([fb[0], t2, fb[1]], {})}
        C[name] = (desc, files, [("retake", ["t1", "t2"])], "dev2", edit)

    F = lambda src, start, dur=fl: P(src, start, min(dur, SHORT.get(src, dur)))  # noqa: E731
    rec = "retake: separate recordings of one set-up"
    retake("d2_rt_asl_same_a", rec, "retake: one signer, two separate recordings (again, yes)",
           asl("again", "t1"), asl("yes", "t2"), ((F("bikes", 0.0), F("tree", 0.0)), (F("lego", 0.5), F("plant", 0.0))))
    retake("d2_rt_asl_same_c", rec, "retake: one signer, two separate recordings (book, walk), camera moved",
           asl("book", "t1"), asl("walk", "t2"), ((F("launch", 0.0), F("bikes", 3.08)), (F("cockatoo", 10.0), F("vtest", 20.0))))
    retake("d2_rt_asl_same_b_w", rec, "retake: one signer, two recordings in one video (bird, sorry)",
           asl("bird", "t1"), asl("sorry", "t2"), ((F("tree", 0.0), F("lego", 0.5)), (F("bikes", 5.52), None)),
           one_video=True)
    retake("d2_rt_asl_other", "retake: same set-up, other people",
           "retake: the same office and camera, another signer (help, please)",
           asl("help", "t1"), asl("please", "t2"), ((F("plant", 0.0), F("launch", 0.0)), (F("bikes", 1.24), F("tree", 0.0))))
    retake("d2_rt_asl_same_d", rec, "retake: one signer, two separate recordings (night, sister)",
           asl("night", "t1"), asl("sister", "t2"), ((F("cockatoo", 0.0), F("bikes", 7.52)), (F("launch", 3.2), F("lego", 0.5))))
    retake("d2_rt_asl_other_w", "retake: same set-up, other people",
           "retake: one video, two signers in the same office (no, school)",
           asl("no", "t1"), asl("school", "t2"), ((F("vtest", 40.0), F("plant", 0.0)), (F("bikes", 0.0), None)),
           one_video=True)
    retake("d2_rt_fixed_people", "retake: static set-up, other people",
           "retake: fixed camera, another person walking in 45 s later",
           S("onebyone", 22.0, "t1"), S("onebyone", 67.5, "t2"), ((F("bikes", 3.08), F("tree", 0.0)), (F("lego", 0.5), F("cockatoo", 10.0))))
    retake("d2_rt_bottles_w", "retake: repeated action",
           "retake: fixed camera on the bottles, the hand moving them again 19 s later, one video",
           S("bottles", 10.5, "t1"), S("bottles", 29.5, "t2"), ((F("launch", 0.0), F("tree", 0.0)), (F("bikes", 5.52), None)),
           one_video=True)

    zp = "zoom with pan"
    reuse("d2_zoompan_in", zp, "virtual zoom 100 % -> 70 % panning to the upper left (fixed camera, person)",
          "onebyone", 117.0, ec.ZoomPan(n, 1.0, 0.70, 0.5, 0.1, 0.5, 0.2), ((F("bikes", 0.0), F("lego", 0.5)), (F("tree", 0.0), F("plant", 0.0))))
    reuse("d2_zoompan_out", zp, "virtual zoom out 72 % -> 96 % panning right (webcam signer)",
          "asl_book", 0.0, ec.ZoomPan(n, 0.72, 0.96, 0.0, 0.8, 0.4, 0.5), ((F("launch", 0.0), F("bikes", 3.08)), (F("cockatoo", 0.0), F("vtest", 30.0))))
    reuse("d2_zoompan_diag", zp, "virtual zoom 88 % -> 64 % panning right then down (bottles)",
          "bottles", 15.0, ec.ZoomPan(n, 0.88, 0.64, 0.2, 0.9, 0.1, 0.9), ((F("tree", 0.0), F("bikes", 5.52)), (F("lego", 0.5), F("launch", 3.2))))
    tx = "burned-in text"
    reuse("d2_ticker", tx, "scrolling news ticker band (bottom 11 %) and a caption bar (top 10 %)",
          "onebyone", 42.5, Ticker(), ((F("plant", 0.0), F("bikes", 1.24)), (F("launch", 0.0), F("tree", 0.0))))
    reuse("d2_ticker_wide", tx, "ticker band (bottom 15 %) and a caption bar (top 13 %) on the bottles",
          "bottles", 33.5, Ticker(band=0.15, bar=0.13), ((F("bikes", 7.52), F("cockatoo", 10.0)), (F("vtest", 12.0), F("lego", 0.5))))
    pp = "picture-in-picture"
    reuse("d2_pip41", pp, "shown at 41 % of the frame, upper right, inside other footage (person walking)",
          "onebyone", 49.5, ec.Pip("vtest", 50.0, 0.41, pos=(0.85, 0.15), dur=d), ((F("tree", 0.0), F("lego", 0.5)), (F("bikes", 0.0), F("plant", 0.0))))
    reuse("d2_pip44", pp, "shown at 44 % of the frame, lower left, inside other footage (signer)",
          "asl_sister", 0.0, ec.Pip("bikes", 3.1, 0.44, pos=(0.1, 0.85), dur=2.8),
          ((F("launch", 0.0), F("cockatoo", 0.0)), (F("tree", 0.0), F("lego", 0.5))), dur=2.8)

    C["d2_three_files"] = ("one fixed-camera segment in three videos: plain, ticker + caption, 82 % crop rotated 2 degrees",
                           {"a.mp4": ([F("bikes", 0.0), S("onebyone", 84.0, "o"), F("tree", 0.0)], {}),
                            "b.mp4": ([F("lego", 0.5), S("onebyone", 84.0, "c1", tf=Ticker(), desc="ticker + caption"),
                                       F("plant", 0.0)], {}),
                            "c.mp4": ([F("launch", 0.0), S("onebyone", 84.0, "c2", tf=crop_rotate,
                                                          desc="82 % crop, rotated 2 degrees"), F("cockatoo", 10.0)], {})},
                           [("reuse", ["o", "c1", "c2"])], "dev2", "three times")
    C["d2_three_within"] = ("one video: a bottles segment, later at 43 % inside other footage, later zoomed with a pan",
                            {"a.mp4": ([F("tree", 0.0), S("bottles", 21.0, "o"), F("bikes", 3.08),
                                        S("bottles", 21.0, "c1", tf=ec.Pip("vtest", 10.0, 0.43, pos=(0.5, 0.5), dur=d),
                                          desc="picture-in-picture 43 %"), F("lego", 0.5),
                                        S("bottles", 21.0, "c2", tf=ec.ZoomPan(n, 0.95, 0.75, 0.8, 0.2, 0.5, 0.5),
                                          desc="zoom 95 % -> 75 % panning left"), F("plant", 0.0)], {})},
                            [("reuse", ["o", "c1", "c2"])], "dev2", "three times")

    C["d2_neg_webcam_vs_fixed"] = ("negative: a webcam signer and a fixed camera on a wall, unrelated fillers",
                                   {"a.mp4": ([F("bikes", 0.0), asl("brother", None), F("tree", 0.0)], {}),
                                    "b.mp4": ([F("lego", 0.5), S("onebyone", 100.0, None), F("plant", 0.0)], {})},
                                   [], "dev2", "negative")
    C["d2_neg_two_fixed"] = ("negative: two fixed cameras on different scenes (wall and floor; bottles)",
                             {"a.mp4": ([S("onebyone", 30.0, None), F("launch", 0.0)], {}),
                              "b.mp4": ([S("bottles", 2.0, None), F("cockatoo", 10.0)], {})},
                             [], "dev2", "negative")
    for name, (desc, files, groups, split, edit) in C.items():       # drop the "no filler" slots
        C[name] = (desc, {k: ([p for p in ps if p is not None], o) for k, (ps, o) in files.items()},
                   groups, split, edit)
    return C


def check_sources(name, files, groups):
    """Footage of one set-up used twice in a case must be grouped (a repeat or a retake)."""
    grouped = {t for _, tags in groups for t in tags}
    seen = {}
    for pieces, _ in files.values():
        for p in pieces:
            if p.src not in SETUP:
                continue
            scene = SETUP[p.src]
            if scene in seen and not (p.tag in grouped and seen[scene] in grouped):
                raise AssertionError(f"{name}: set-up {scene} used twice without a group")
            seen[scene] = p.tag
