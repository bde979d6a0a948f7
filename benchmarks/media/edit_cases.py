"""Repeated-segment cases for the edits that used to escape, and retakes of several kinds.

Imported by build_eval.py. Every case is tagged with its split: "tune" cases (repeated
material from bunny, lego, cockatoo and the launch footage) are the only ones any threshold
was chosen on; "heldout" cases take their repeated material from other clips (vtest time
windows, the movie-hello webcam, carphone, tree, the bikes street shots) and were scored only
after the parameters were fixed. Retakes are always two DIFFERENT recorded moments (other
time windows of one long shot), never an edited copy of the same frames.
"""
import cv2
import numpy as np

import _mediakit as mk

W, H = 480, 270
PATHS = {}  # source name -> local file (build_eval.PATHS is this dict)


# --------------------------------------------------------------------------
# Edits (per frame; `seq` edits act on the whole frame list of a piece)
# --------------------------------------------------------------------------

def window(f, x, y, s):
    """The s-sized window (fraction of width and height) at fractional position (x, y) of
    the free space (0 = left/top, 1 = right/bottom), scaled back to full size."""
    h, w = f.shape[:2]
    cw, ch = round(w * s), round(h * s)
    x0, y0 = round((w - cw) * x), round((h - ch) * y)
    return mk.resize(f[y0:y0 + ch, x0:x0 + cw], w, h)


def rotate(f, deg, fill=True):
    """Rotate about the centre; `fill` zooms just enough to hide the corners."""
    h, w = f.shape[:2]
    a = np.radians(abs(deg))
    s = (np.cos(a) + np.sin(a) * max(w / h, h / w)) if fill else 1.0
    m = cv2.getRotationMatrix2D((w / 2, h / 2), deg, s)
    return cv2.warpAffine(f, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=(0, 0, 0))


def grade(f):
    """A warm/teal colour grade: per-channel gains, lifted contrast, less saturation."""
    return mk.adjust(f, brightness=-8, contrast=1.15, saturation=0.8, gain=(1.12, 0.98, 0.82))


def grey(f):
    g = cv2.cvtColor(f, cv2.COLOR_RGB2GRAY)
    return np.ascontiguousarray(np.repeat(g[:, :, None], 3, axis=2))


def blur(f, sigma=2.5):
    return cv2.GaussianBlur(f, (0, 0), sigma)


def text(f, lines=("Witness footage shows the", "moment the crowd gathered", "near the square")):
    """Burned-in subtitles: three lines of white text with a dark outline over the lower half."""
    out = f.copy()
    h, w = f.shape[:2]
    for k, line in enumerate(lines):
        y = int(h * 0.55) + k * int(h * 0.13)
        for col, th in (((0, 0, 0), 5), ((255, 255, 255), 2)):
            cv2.putText(out, line, (int(w * 0.06), y), cv2.FONT_HERSHEY_SIMPLEX, w / 640, col, th,
                        cv2.LINE_AA)
    return out


class ZoomPan:
    """A virtual camera move: the window shrinks from s0 to s1 while its centre pans."""

    def __init__(self, n, s0=0.95, s1=0.75, x0=0.1, x1=0.9, y0=0.5, y1=0.3):
        self.n, self.k = max(2, n), 0
        self.p = (s0, s1, x0, x1, y0, y1)

    def __call__(self, f):
        s0, s1, x0, x1, y0, y1 = self.p
        u = min(1.0, self.k / (self.n - 1))
        self.k += 1
        return window(f, x0 + (x1 - x0) * u, y0 + (y1 - y0) * u, s0 + (s1 - s0) * u)


class Pip:
    """The frame shown at `frac` of the canvas width inside another (real) video."""

    def __init__(self, bg_src, bg_start, frac, pos=(0.9, 0.1), dur=4.2):
        self.bg = (bg_src, bg_start, dur)
        self.frac, self.pos, self.k, self.frames = frac, pos, 0, None

    def __call__(self, f):
        if self.frames is None:
            src, start, dur = self.bg
            self.frames = mk.read_frames(PATHS[src], start, dur, 25,
                                         fn=lambda x: mk.fill(x, W, H, mk.FRAMING.get(src)))
        bg = self.frames[min(self.k, len(self.frames) - 1)].copy()
        self.k += 1
        h, w = bg.shape[:2]
        iw, ih = round(w * self.frac), round(h * self.frac)
        x0, y0 = round((w - iw) * self.pos[0]), round((h - ih) * self.pos[1])
        bg[y0:y0 + ih, x0:x0 + iw] = mk.resize(f, iw, ih)
        cv2.rectangle(bg, (x0 - 1, y0 - 1), (x0 + iw, y0 + ih), (255, 255, 255), 2)
        return bg


def fps_convert(frames, to_fps):
    """Frame-rate conversion and back at 25 fps: frames dropped (to_fps < 25) and doubled."""
    n = len(frames)
    pick = [min(n - 1, int(int(k * to_fps / 25) * 25 / to_fps)) for k in range(n)]
    return [frames[i] for i in pick]


def recolour_region(f, box=(0.25, 0.55, 0.8, 1.0), hue=60):
    """A changed costume: the lower-middle region's hue rotated (shirt another colour)."""
    h, w = f.shape[:2]
    x0, y0, x1, y1 = int(box[0] * w), int(box[1] * h), int(box[2] * w), int(box[3] * h)
    out = f.copy()
    hsv = cv2.cvtColor(out[y0:y1, x0:x1], cv2.COLOR_RGB2HSV)
    hsv[..., 0] = (hsv[..., 0].astype(np.int32) + hue) % 180
    hsv[..., 1] = np.clip(hsv[..., 1].astype(np.int32) + 90, 0, 255)
    out[y0:y1, x0:x1] = cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB)
    return out


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------

def edit_cases(P, d=4.0, f=2.0):
    """name -> (description, files, groups, split, edit label); P is build_eval.P."""
    S = lambda src, start, tag, dur=d, **kw: P(src, start, dur, tag=tag, **kw)  # noqa: E731
    n = int(d * 25)
    C = {}

    def reuse(name, split, edit, desc, src, start, tf=None, fillers=None, speed=1.0, seq=None,
              b_opts=None, dur=d):
        fa, fb = fillers
        C[name] = (desc, {
            "a.mp4": ([fa[0], S(src, start, "o", dur=dur), fa[1]], {}),
            "b.mp4": ([fb[0], S(src, start, "c", dur=dur / speed, speed=speed, tf=tf, desc=desc, seq=seq),
                       fb[1]], b_opts or {})},
            [("reuse", ["o", "c"])], split, edit)

    # fillers never share a scene with the repeated material of their case
    TF = ((P("tree", 0.0, f), P("plant", 0.0, 1.16)), (P("vtest", 70.0, f), P("bikes", 7.52, 2.0)))
    HF = ((P("lego", 0.5, f), P("launch", 0.0, 2.5)), (P("bunny", 0.5, f), P("cockatoo", 10.0, f)))

    # ---- tuning part: repeated material from bunny, lego, cockatoo, launch
    reuse("t_crop85_colour", "tune", "crop 85 % off-centre + colour", "85 % window at the right edge, colour shifted",
          "cockatoo", 1.0, lambda x: mk.adjust(window(x, 0.95, 0.3, 0.85), brightness=15, gain=(1.0, 0.9, 1.1)), TF)
    reuse("t_rotate4", "tune", "rotation", "rotated 4 degrees (zoomed to hide corners)",
          "launch", 3.3, lambda x: rotate(x, 4.0), TF)
    reuse("t_pip45", "tune", "picture-in-picture", "shown at 45 % of the frame inside other footage",
          "bunny", 0.3, Pip("launch", 3.3, 0.45, (0.1, 0.85)), TF)
    reuse("t_zoompan", "tune", "zoom with pan", "virtual zoom 95 %->75 % panning left to right",
          "cockatoo", 5.0, ZoomPan(n), TF)
    reuse("t_speed_0.6", "tune", "speed", "slowed to 0.6x", "launch", 3.4, None, TF, speed=0.6, dur=2.8)
    reuse("t_speed_1.7", "tune", "speed", "sped up to 1.7x", "cockatoo", 0.5, None, TF, speed=1.7, dur=6.0)
    reuse("t_grey_blur", "tune", "greyscale + blur", "greyscale and Gaussian blur (sigma 2)",
          "lego", 0.5, lambda x: blur(grey(x), 2.0), TF)
    reuse("t_fps12", "tune", "frame-rate conversion", "25 -> 12 fps -> 25 fps (frames dropped and doubled)",
          "cockatoo", 9.0, None, TF, seq=lambda fr: fps_convert(fr, 12))
    reuse("t_text_grade", "tune", "burned-in text + grade", "subtitles burned in and colour graded",
          "bunny", 0.8, lambda x: grade(text(x)), TF)
    C["t_retake_vtest_x"] = ("retake: fixed camera, two moments 40 s apart, two videos",
                             {"a.mp4": ([P("tree", 0.0, f), S("vtest", 15.0, "t1"), P("plant", 0.0, 1.16)], {}),
                              "b.mp4": ([P("lego", 0.5, f), S("vtest", 55.0, "t2")], {})},
                             [("retake", ["t1", "t2"])], "tune", "retake: static set-up, other people")
    C["t_retake_moved"] = ("retake: fixed camera moved slightly (window shifted 4 %) 40 s later",
                           {"a.mp4": ([S("vtest", 25.0, "t1"), P("bunny", 0.5, f),
                                       S("vtest", 65.0, "t2", tf=lambda x: window(x, 0.1, 0.9, 0.93),
                                         desc="camera moved: 93 % window at the lower left"),
                                       P("cockatoo", 0.0, f)], {})},
                           [("retake", ["t1", "t2"])], "tune", "retake: slightly moved camera")
    C["t_retake_hand"] = ("retake: handheld camera on the same bird, two moments 5 s apart",
                          {"a.mp4": ([P("tree", 0.0, f), S("cockatoo", 0.5, "t1", dur=3.0)], {}),
                           "b.mp4": ([S("cockatoo", 5.5, "t2", dur=3.0), P("vtest", 70.0, f)], {})},
                          [("retake", ["t1", "t2"])], "tune", "retake: handheld, same subject")
    C["t_neg_two_static"] = ("negative: a static campus shot and a static lego shot, unrelated",
                             {"a.mp4": ([P("vtest", 40.0, 5.0), P("lego", 0.5, 4.0)], {}),
                              "b.mp4": ([P("bunny", 0.5, 4.0), P("cockatoo", 10.0, 3.0)], {})},
                             [], "tune", "negative")

    # ---- held-out part: repeated material from movie-hello, carphone, tree, bikes, vtest
    reuse("h_crop85_colour", "heldout", "crop 85 % off-centre + colour", "85 % window at the top left, brightened",
          "tree", 0.5, lambda x: mk.adjust(window(x, 0.0, 0.05, 0.85), brightness=18, contrast=1.1), HF)
    reuse("h_crop80_br", "heldout", "crop anywhere", "80 % window at the lower right",
          "movie-hello", 0.5, lambda x: window(x, 0.9, 0.85, 0.8), HF)
    reuse("h_rotate3", "heldout", "rotation", "rotated 3 degrees (black corners)",
          "carphone", 0.2, lambda x: rotate(x, 3.0, fill=False), HF, dur=3.5)
    reuse("h_rotate-5", "heldout", "rotation", "rotated -5 degrees (zoomed to hide corners)",
          "movie-hello", 3.5, lambda x: rotate(x, -5.0), HF)
    reuse("h_pip40", "heldout", "picture-in-picture", "shown at 40 % of the frame inside other footage",
          "tree", 0.3, Pip("launch", 3.3, 0.40, (0.92, 0.1)), HF)
    reuse("h_pip50", "heldout", "picture-in-picture", "shown at half size inside other footage",
          "movie-hello", 1.0, Pip("vtest", 60.0, 0.5, (0.05, 0.9)), HF)
    reuse("h_zoompan", "heldout", "zoom with pan", "virtual zoom 100 %->80 % panning right to left",
          "vtest", 33.0, ZoomPan(n, 1.0, 0.8, 0.9, 0.1, 0.3, 0.7), HF)
    reuse("h_grade", "heldout", "colour grading", "warm/teal grade", "carphone", 0.0, grade, HF, dur=3.8)
    reuse("h_grey", "heldout", "greyscale", "greyscale", "movie-hello", 4.0, grey, HF)
    reuse("h_blur", "heldout", "blur", "Gaussian blur sigma 3", "tree", 0.0, lambda x: blur(x, 3.0), HF)
    reuse("h_text", "heldout", "burned-in text", "three lines of subtitles burned in", "vtest", 48.0, text, HF)
    reuse("h_fps15", "heldout", "frame-rate conversion", "25 -> 15 fps -> 25 fps (frames dropped and doubled)",
          "movie-hello", 2.0, None, HF, seq=lambda fr: fps_convert(fr, 15))
    reuse("h_speed_0.5", "heldout", "speed", "slowed to 0.5x", "carphone", 0.5, None, HF, speed=0.5, dur=2.0)
    reuse("h_speed_2", "heldout", "speed", "sped up to 2x", "vtest", 36.0, None, HF, speed=2.0, dur=8.0)
    reuse("h_speed1.25_crop", "heldout", "speed + crop", "1.25x faster and 88 % window off-centre",
          "movie-hello", 0.3, lambda x: window(x, 0.2, 0.7, 0.88), HF, speed=1.25, dur=5.0)
    reuse("h_rotate_grade", "heldout", "rotation + colour", "rotated 2.5 degrees and colour graded",
          "tree", 0.2, lambda x: grade(rotate(x, 2.5)), HF)
    reuse("h_pip_grey", "heldout", "picture-in-picture + greyscale", "greyscale at 60 % inside other footage",
          "carphone", 0.1, lambda x, p=Pip("vtest", 5.0, 0.6, (0.5, 0.5)): p(grey(x)), HF, dur=3.5)
    C["h_three_times"] = ("one 3 s segment used three times: plain, cropped 88 %, letterboxed + brightened",
                          {"a.mp4": ([P("lego", 0.5, f), S("movie-hello", 5.0, "o", dur=3.0), P("bunny", 0.5, f),
                                      S("movie-hello", 5.0, "c1", dur=3.0, tf=lambda x: window(x, 0.3, 0.6, 0.88),
                                        desc="88 % window"), P("launch", 0.0, 2.5)], {}),
                           "b.mp4": ([P("cockatoo", 10.0, f),
                                      S("movie-hello", 5.0, "c2", dur=3.0,
                                        tf=lambda x: mk.letterbox(mk.adjust(x, brightness=25), 34),
                                        desc="brightness +25, 34 px letterbox")], {})},
                          [("reuse", ["o", "c1", "c2"])], "heldout", "three times")
    retakes = [  # (name, label, description, src, t1, t2, same file, tf of the second)
        ("h_retake_people", "retake: static set-up, other people", "fixed camera, 35 s apart, people passing",
         "vtest", 0.5, 35.0, False, None),
        ("h_retake_people_w", "retake: static set-up, other people", "fixed camera, 60 s apart, one video",
         "vtest", 10.0, 70.0, True, None),
        ("h_retake_people_2", "retake: static set-up, other people", "fixed camera, 12 s apart, two videos",
         "vtest", 40.0, 52.0, False, None),
        ("h_retake_moved", "retake: slightly moved camera", "camera moved: 94 % window at the upper right",
         "vtest", 20.0, 58.0, False, lambda x: window(x, 0.9, 0.1, 0.94)),
        ("h_retake_action", "retake: repeated action", "same speaker in the same webcam set-up, two moments",
         "movie-hello", 0.2, 4.4, False, None),
        ("h_retake_car", "retake: repeated action", "same man talking in the same car, two moments",
         "carphone", 0.0, 2.0, False, None),
        ("h_retake_costume", "retake: changed costume", "same set-up, another moment, shirt another colour",
         "movie-hello", 0.4, 4.6, True, recolour_region),
        ("h_retake_costume_car", "retake: changed costume", "same car, another moment, jacket another colour",
         "carphone", 0.1, 2.1, False, lambda x: recolour_region(x, (0.1, 0.6, 0.9, 1.0), 90)),
    ]
    for name, label, desc, src, t1, t2, same, tf in retakes:
        dur = {"movie-hello": 3.5, "carphone": 1.85}.get(src, d)
        a = S(src, t1, "t1", dur=dur)
        b = S(src, t2, "t2", dur=dur, tf=tf, desc=desc if tf else "none")
        if same:
            files = {"a.mp4": ([a, P("bunny", 0.5, f), b, P("launch", 0.0, 2.5)], {})}
        else:
            files = {"a.mp4": ([P("lego", 0.5, f), a, P("launch", 3.3, f)], {}),
                     "b.mp4": ([P("cockatoo", 10.0, f), b, P("bunny", 0.5, f)], {})}
        C[name] = (f"retake: {desc}", files, [("retake", ["t1", "t2"])], "heldout", label)
    C["h_neg_mixed"] = ("negative: unrelated real clips, with a static shot on each side",
                        {"a.mp4": ([P("movie-hello", 0.0, 3.0), P("vtest", 2.0, 4.0), P("bikes", 3.08, 2.36)], {}),
                         "b.mp4": ([P("carphone", 0.0, 3.0), P("tree", 0.0, 3.0), P("lego", 0.5, 3.0)], {})},
                        [], "heldout", "negative")
    C["h_neg_similar"] = ("negative: different street shots of one source (other places, other cameras)",
                          {"a.mp4": ([P("bikes", 0.0, 1.16), P("bikes", 3.08, 2.36)], {}),
                           "b.mp4": ([P("bikes", 5.52, 1.92), P("bikes", 7.52, 2.12)], {})},
                          [], "heldout", "negative")
    return C
