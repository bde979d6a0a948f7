"""Split "heldout6": repeated-segment cases for issue 11 whose repeated material comes from
footage that no other split, test or sample uses (four GitHub repositories claimed for it).
Built by someone who did not change the matcher and never ran it on these cases; kept out of
all tuning and scored once.

    python benchmarks/media/build_eval.py --heldout6 --out /tmp/vf_heldout6 --sources /tmp/vf_heldout6_src
    python benchmarks/evaluate.py /tmp/vf_heldout6 --split heldout6

Imported by build_eval.py. The clips are read at pinned commits from bare git snapshots
(``--mirror``, default /work/.mirror, one ``owner+name/repo`` directory per repository); each
file's SHA-256 is checked before use. They are never committed:

* ThreatExchange (the TMK sample videos, filmed by the author on a phone): ``chair19``,
  ``chair20``, ``chair22`` (three SEPARATE handheld recordings of one folding chair and a glass
  in one room, each following the same camera path), ``pattern`` and ``pattern_long`` (two
  encodes of one handheld recording of a woven fabric), ``doorknob`` (a door handle);
* facenet-pytorch: ``arcade`` (a fixed camera in a shopping arcade, people walking past);
* LivePortrait (driving videos): ``d0`` ... ``d20`` (webcam/phone talking heads, ten people);
* ProPainter (demo samples): ``skater`` (a figure skater, broadcast), ``parkour`` (a man
  jumping along a concrete ledge), ``cyclist`` (a cyclist passing a graffiti wall).

Fillers, picture-in-picture backgrounds and the other side of negatives use the older sources of
sample_media/_mediakit.py, never a case's repeated material. Every edit has parameters other than
those of the earlier splits. Retakes are always two DIFFERENT recorded moments or recordings,
never an edited copy of the same frames; where a retake carries an edit (a moved camera, a
recoloured shirt), it is applied to the other moment only.
"""
import cv2
import numpy as np

import _mediakit as mk
from edit_cases import Pip, ZoomPan, blur, fps_convert, grey, recolour_region, rotate, window
from heldout2_cases import title
from heldout3_cases import fetch_files

_TE = ("facebook/ThreatExchange", "BSD-3-Clause (ThreatExchange repository licence); the TMK "
       "README says the author filmed these sample videos on a phone himself")
_FN = ("timesler/facenet-pytorch", "MIT (facenet-pytorch repository licence); the clip's own "
       "origin is not stated: evaluation only, never committed")
_LP = ("KwaiVGI/LivePortrait", "MIT (LivePortrait repository licence); the driving videos show "
       "real people, their terms are not restated: evaluation only, never committed")
_PP = ("sczhou/ProPainter", "S-Lab License 1.0 (ProPainter repository licence, non-commercial); "
       "the demo clips come from third-party footage whose terms are not restated: evaluation "
       "only, never committed")
_TE_C, _FN_C = "baefb4ed67b6cdc1d4c82dbaef858d50866ac424", "787da06156087cd6b616fe6608213722bddc30cd"
_LP_C, _PP_C = "1986663be3b6902605d32200c01f4bfd36cda83d", "e870e79321c31b733e2031af5aa2fb1fe3ac7eec"
_SV, _DV, _TS = "tmk/sample-videos/", "assets/examples/driving/", "web-demos/hugging_face/test_sample/"
FILES = {  # name -> (repository, commit, path, sha256, description)
    "chair19": (_TE, _TE_C, _SV + "chair-19-sd-bar.mp4",
                "13e290f217e19427f959b9cd629c336eeb04b035ae8fe0e28c345d37ec906882",
                "handheld phone, take 1: a folding chair and a glass on a coaster, close-ups, back to the chair, 416x720 in bars, 30 fps, 18.8 s"),
    "chair20": (_TE, _TE_C, _SV + "chair-20-sd-bar.mp4",
                "59bb62fb12ea3a7ee19f7bb496a0a8145a6236c469545d8d46e9915fe08d35c8",
                "the same chair, glass and room, another separate take along the same camera path, 30 fps, 20.5 s"),
    "chair22": (_TE, _TE_C, _SV + "chair-orig-22-sd-bar.mp4",
                "fec6434f0c0c46dfdda5c42168b6a766b4c2f696984f2e01501ab830bc830135",
                "the same chair, glass and room, a third separate take, 30 fps, 22.4 s"),
    "pattern": (_TE, _TE_C, _SV + "pattern-hd-no-bar.mp4",
                "80865824af39b163569d5d09c264ce44e51639e117c7679033eb9b6e137df72d",
                "handheld phone close on a woven brown and white fabric, turning, 720x1280, 30 fps, 6.9 s"),
    "pattern_long": (_TE, _TE_C, _SV + "pattern-longer-no-bar.mp4",
                     "3e09391347b314158eefa01cb045e9e03fce31c439d905bafb31ddcb73f135cb",
                     "another encode of the same fabric recording, 1.3 s longer (a finger at the end), 30 fps, 8.1 s"),
    "doorknob": (_TE, _TE_C, _SV + "doorknob-hd-no-bar.mp4",
                 "1b2c3c9ab713f9006063181d9a2a2fb7a6b7615a2105fe5f268f9421f88547a7",
                 "handheld phone on a door handle, panning over a pale wall to a door frame, 1280x720, 30 fps, 4.3 s"),
    "arcade": (_FN, _FN_C, "examples/video.mp4",
               "d4c0b7a4e385e11ee3cfe7fbdfd0d01d319e16944441bba747a897eed33d115f",
               "fixed camera in a glass-roofed shopping arcade, people walking towards it, 1920x1080, 25 fps, 4.2 s"),
    "d0": (_LP, _LP_C, _DV + "d0.mp4", "63f6f9962e1fdf6e6722172e7a18155204858d5d5ce3b1e0646c150360c33bed",
           "a man in front of a green wall, small head movements, 512x512, 25 fps, 3.1 s"),
    "d3": (_LP, _LP_C, _DV + "d3.mp4", "ef5c86e49b1b43dcb1449b499eb5a7f0cbae2f78aec08b5598193be1e4257099",
           "a woman before a beige wall making faces, 512x512, 30 fps, 11.8 s"),
    "d6": (_LP, _LP_C, _DV + "d6.mp4", "00e3ea79bbf28cbdc4fbb67ec655d9a0fe876e880ec45af55ae481348d0c0fff",
           "a woman with a hair bun before a pale wall making faces, 480x480, 30 fps, 33.6 s"),
    "d9": (_LP, _LP_C, _DV + "d9.mp4", "9a414aa1d547be35306d692065a2157434bf40a6025ba8e30ce12e5bb322cc33",
           "a young man with glasses in a pink-walled room, 512x480, 30 fps, 19.6 s"),
    "d10": (_LP, _LP_C, _DV + "d10.mp4", "ac7ee3c2419046f11dc230b6db33c2391a98334eba2b1d773e7eb9627992622f",
            "a woman with long dark hair talking before a grey wall, 512x512, 30 fps, 15.0 s"),
    "d12": (_LP, _LP_C, _DV + "d12.mp4", "2895169e5aa2a882d39dfc80a17a3eab1cf6ec23b9b6f6be76bae48deda15219",
            "a man in a green jumper before a wooden wall, lively, 512x512, 25 fps, 7.3 s"),
    "d13": (_LP, _LP_C, _DV + "d13.mp4", "d03e39c28323cde1c5fc6c5629aa83fe6c834fa7c9ed2dac969e1247eaafdb60",
            "a man with glasses and a striped shirt in an office, portrait phone, 720x1280, 30 fps, 11.7 s"),
    "d14": (_LP, _LP_C, _DV + "d14.mp4", "465e72fbf26bf4ed46d1adf7aab8a7344aac54a2f92c4d82a1d53127f0170472",
            "a young woman in a dark room rolling her eyes, 452x512 beside a black bar, 30 fps, 17.9 s"),
    "d18": (_LP, _LP_C, _DV + "d18.mp4", "1dc94c1fec7ef7dc831c8a49f0e1788ae568812cb68e62f6875d9070f573d02a",
            "a man before a grey studio wall, 480x480, 30 fps, 7.2 s"),
    "d19": (_LP, _LP_C, _DV + "d19.mp4", "3047ba66296d96b8a4584e412e61493d7bc0fa5149c77b130e7feea375e698bd",
            "another man, with glasses, before a grey studio wall of the same kind, 480x480, 30 fps, 8.3 s"),
    "d20": (_LP, _LP_C, _DV + "d20.mp4", "1e249873c21abf27b3c9f405a1b5283ef1b70e5eff21c1df44ca4b5b4d9b7309",
            "a young man in a lilac shirt before palm leaves at night, 480x480, 25 fps, 7.0 s (a cut after the first frame)"),
    "skater": (_PP, _PP_C, _TS + "test-sample0.mp4",
               "cb31e022c1bce2725aba61140eefc945b46c3565d39809a4ce1ea7151a7bf5d7",
               "a figure skater spinning, broadcast camera following her along the boards, 640x360, 30 fps, 3.1 s"),
    "parkour": (_PP, _PP_C, _TS + "test-sample1.mp4",
                "e0856abcba55f21e41830a58bde1681c6be5790a0dd1431d844e29687b36d891",
                "a man jumping along a concrete ledge in a city square, camera following, 640x360, 30 fps, 3.1 s"),
    "cyclist": (_PP, _PP_C, _TS + "test-sample2.mp4",
                "3cab99f0dfb741937f4c0c53fbbff5b040bb158d6186fe275e6c9d36c675f419",
                "a cyclist passing a graffiti wall on a path, camera panning, 432x240, 24 fps, 3.3 s"),
}
SOURCES = {n: (f"github:{repo}@{commit}", path, lic, desc)
           for n, ((repo, lic), commit, path, _, desc) in FILES.items()}
# the picture inside bars, and where a square/portrait clip is framed to 16:9 (face and shirt)
for _c in ("chair19", "chair20", "chair22"):
    mk.FRAMING[_c] = (32, 0, 416, 720)
mk.FRAMING.update({"d14": (60, 0, 452, 512), "d12": (0, 150, 512, 288), "d13": (0, 460, 720, 405)})
# separate recordings of one set-up, or two encodes of one recording: one scene for the check
SCENE = {"chair20": "chair19", "chair22": "chair19", "pattern_long": "pattern"}
CUTS = {"d20": [0.1]}  # a shot change inside a new source (never inside a piece)


def fetch(cache, mirror="/work/.mirror"):
    """{name: local file}, read at the pinned commits and checked against their SHA-256."""
    return fetch_files(FILES, cache, mirror, "heldout6")


# --------------------------------------------------------------------------
# Edits with other parameters than the earlier splits
# --------------------------------------------------------------------------

def vintage(f):
    """A faded 'vintage' grade: lifted blacks, low contrast, yellow cast, less saturation."""
    return mk.adjust(f, brightness=18, contrast=0.78, saturation=0.7, gain=(1.08, 1.02, 0.8))


def cross(f):
    """A green cross-process grade: green-yellow highlights, hard contrast."""
    return mk.adjust(f, brightness=-4, contrast=1.3, saturation=1.2, gain=(0.9, 1.14, 0.84))


def grey_soft(f):
    return mk.adjust(grey(f), brightness=6, contrast=0.75)


def motion_blur(f, k=13):
    """Horizontal motion blur over ``k`` pixels (a box kernel along x)."""
    kern = np.zeros((k, k), np.float32)
    kern[k // 2, :] = 1.0 / k
    return cv2.filter2D(f, -1, kern)


def meme(f, top="WHEN YOU SEE IT", bottom="WAIT FOR IT..."):
    """Big white meme text with a black outline at the top and at the bottom."""
    out = f.copy()
    h, w = f.shape[:2]
    for line, y in ((top, int(h * 0.16)), (bottom, int(h * 0.93))):
        scale = w / 420
        (tw, _), _ = cv2.getTextSize(line, cv2.FONT_HERSHEY_DUPLEX, scale, 2)
        x = max(2, (w - tw) // 2)
        for col, th in (((0, 0, 0), 6), ((255, 255, 255), 2)):
            cv2.putText(out, line, (x, y), cv2.FONT_HERSHEY_DUPLEX, scale, col, th, cv2.LINE_AA)
    return out


def sticker(f):
    """A yellow round sticker at the upper right and a hashtag at the lower left."""
    out = f.copy()
    h, w = f.shape[:2]
    c, r = (int(w * 0.84), int(h * 0.22)), int(h * 0.13)
    cv2.circle(out, c, r, (255, 210, 0), -1, cv2.LINE_AA)
    cv2.circle(out, (c[0] - r // 3, c[1] - r // 4), max(2, r // 8), (20, 20, 20), -1, cv2.LINE_AA)
    cv2.circle(out, (c[0] + r // 3, c[1] - r // 4), max(2, r // 8), (20, 20, 20), -1, cv2.LINE_AA)
    cv2.ellipse(out, (c[0], c[1] + r // 6), (r // 2, r // 3), 0, 10, 170, (20, 20, 20), 2, cv2.LINE_AA)
    for col, th in (((30, 30, 30), 4), ((120, 255, 255), 1)):
        cv2.putText(out, "#nofilter #live", (int(w * 0.03), int(h * 0.92)), cv2.FONT_HERSHEY_TRIPLEX,
                    w / 760, col, th, cv2.LINE_AA)
    return out


def shoulders(f, hue):
    """A changed costume: the shirt at both lower corners recoloured (the neck and chin kept)."""
    return recolour_region(recolour_region(f, (0.0, 0.8, 0.3, 1.0), hue), (0.7, 0.8, 1.0, 1.0), hue)


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------

def heldout6_cases(P, d=2.6, f=1.2):
    """name -> (description, files, groups, "heldout6", edit label); P is build_eval.P."""
    S = lambda src, start, tag, dur=d, **kw: P(src, start, dur, tag=tag, **kw)  # noqa: E731
    n = int(d * 25)
    C = {}
    FA = ((P("tree", 0.0, f), P("bikes", 5.52, f)), (P("lego", 0.5, f), P("launch", 0.0, f)))
    FB = ((P("bunny", 0.5, f), P("cockatoo", 10.0, f)), (P("vtest", 62.0, f), P("plant", 0.0, 1.16)))
    FC = ((P("launch", 3.3, f), P("carphone", 0.0, f)), (P("bikes", 0.0, 1.16), P("movie-hello", 0.5, f)))

    def reuse(name, edit, desc, src, start, tf=None, fillers=FA, speed=1.0, seq=None, dur=d, opt=None, **kw):
        fa, fb = fillers
        C[name] = (desc, {
            "a.mp4": ([fa[0], S(src, start, "o", dur=dur), fa[1]], {}),
            "b.mp4": ([fb[0], S(src, start, "c", dur=round(dur / speed, 6), speed=speed, tf=tf, desc=desc,
                                seq=seq, **kw), fb[1]], opt or {})},
            [("reuse", ["o", "c"])], "heldout6", edit)

    def reuse_within(name, edit, desc, src, start, tf=None, speed=1.0, dur=d):
        C[name] = (f"one video: {desc}", {
            "a.mp4": ([P("plant", 0.0, 1.16), S(src, start, "o", dur=dur), P("vtest", 22.0, 1.6),
                       P("bunny", 0.5, f), S(src, start, "c", dur=round(dur / speed, 6), speed=speed, tf=tf,
                                             desc=desc), P("lego", 0.5, f)], {})},
            [("reuse", ["o", "c"])], "heldout6", edit)

    # ---- reuse: every edit of the issue, new parameters
    reuse("h6_crop71", "crop anywhere", "71 % window right of centre, high (x 0.6, y 0.15)",
          "d6", 3.0, lambda x: window(x, 0.6, 0.15, 0.71), FA)
    reuse("h6_crop89", "crop anywhere", "89 % window at the left edge (x 0.0, y 0.5)",
          "chair19", 4.0, lambda x: window(x, 0.0, 0.5, 0.89), FB)
    reuse("h6_crop825_vintage", "crop 85 % off-centre + colour",
          "82.5 % window in the lower left corner (x 0.05, y 0.95), faded vintage grade",
          "arcade", 0.6, lambda x: vintage(window(x, 0.05, 0.95, 0.825)), FC)
    reuse("h6_mirror", "mirror", "horizontal mirror", "d12", 0.5, mk.mirror, FA)
    reuse("h6_letterbox54", "letterbox", "16:9 picture letterboxed into a 5:4 (480x384) video",
          "skater", 0.2, lambda x: mk.fit(x, 480, 384), FB, opt={"h": 384}, frame=(480, 270))
    reuse("h6_letterbox52", "letterbox", "cinema letterbox with 52 px bars (picture cropped to 2.5:1)",
          "d14", 2.0, lambda x: mk.letterbox(x, 52), FC)
    reuse("h6_rotate-1.3", "rotation", "rotated -1.3 degrees (black corners)",
          "parkour", 0.2, lambda x: rotate(x, -1.3, fill=False), FA)
    reuse("h6_rotate3.4", "rotation", "rotated 3.4 degrees (zoomed to hide corners)",
          "d9", 2.0, lambda x: rotate(x, 3.4), FB)
    reuse("h6_rotate-4.9", "rotation", "rotated -4.9 degrees (zoomed to hide corners)",
          "chair20", 5.0, lambda x: rotate(x, -4.9), FC)
    reuse("h6_pip43", "picture-in-picture", "shown at 43 % of the frame low right of centre inside other footage",
          "cyclist", 0.3, Pip("vtest", 20.0, 0.43, (0.8, 0.85), dur=d), FA)
    reuse("h6_pip57", "picture-in-picture", "shown at 57 % of the frame at the left, mid-height, inside other footage",
          "d3", 1.0, Pip("cockatoo", 2.0, 0.57, (0.1, 0.5), dur=d), FC)
    reuse("h6_pip73", "picture-in-picture", "shown at 73 % of the frame, centred low, inside other footage",
          "chair22", 13.0, Pip("vtest", 44.0, 0.73, (0.5, 0.9), dur=d), FA)
    reuse("h6_zoompan_in", "zoom with pan", "virtual zoom 100 %->63 % panning to the upper right",
          "d10", 1.0, ZoomPan(n, 1.0, 0.63, 0.5, 0.9, 0.5, 0.1), FB)
    reuse("h6_zoompan_out", "zoom with pan", "virtual zoom out 70 %->95 % panning from the upper left down",
          "d13", 2.0, ZoomPan(n, 0.70, 0.95, 0.2, 0.8, 0.3, 0.7), FC)
    reuse("h6_grade_vintage", "colour grading", "faded vintage grade (lifted blacks, contrast 0.78, yellow cast)",
          "d19", 1.0, vintage, FA)
    reuse("h6_grade_cross", "colour grading", "green cross-process grade (contrast 1.3, green-yellow cast)",
          "chair19", 9.0, cross, FB)
    reuse("h6_grey_soft", "greyscale", "greyscale, soft (brightness +6, contrast 0.75)", "d18", 0.8, grey_soft, FC)
    reuse("h6_blur4.2", "blur", "Gaussian blur sigma 4.2", "d20", 0.4, lambda x: blur(x, 4.2), FA)
    reuse("h6_motionblur13", "blur", "horizontal motion blur over 13 px", "chair22", 3.0, motion_blur, FB)
    reuse("h6_meme", "burned-in text", "big white meme text at the top and at the bottom", "d0", 0.2, meme, FC)
    reuse("h6_sticker", "burned-in text", "a round yellow sticker at the upper right and a hashtag at the lower left",
          "d6", 12.0, sticker, FA)
    reuse("h6_fps5", "frame-rate conversion", "30 fps source at 25, then 25 -> 5 -> 25 fps (each kept frame shown 5 times)",
          "d9", 8.0, None, FC, seq=lambda fr: fps_convert(fr, 5))
    reuse("h6_fps19", "frame-rate conversion", "30 fps source at 25, then 25 -> 19 -> 25 fps (few frames dropped)",
          "pattern", 2.0, None, FB, seq=lambda fr: fps_convert(fr, 19))
    reuse("h6_speed0.54", "speed", "slowed to 0.54x", "d14", 6.0, None, FA, speed=0.54, dur=1.5)
    reuse("h6_speed0.77", "speed", "slowed to 0.77x", "chair20", 14.0, None, FB, speed=0.77, dur=2.2)
    reuse("h6_speed1.33", "speed", "sped up to 1.33x", "d3", 5.0, None, FA, speed=1.33, dur=3.6)
    reuse("h6_speed1.85", "speed", "sped up to 1.85x", "d6", 20.0, None, FC, speed=1.85, dur=5.0)
    # combinations of two
    reuse("h6_crop_rotate", "crop + rotation", "86.5 % window at the right (x 0.95, y 0.4), rotated -2.0 degrees (zoomed)",
          "d10", 6.0, lambda x: rotate(window(x, 0.95, 0.4, 0.865), -2.0), FC)
    reuse("h6_blur_speed", "blur + speed", "1.27x faster and blurred (sigma 2.3)",
          "chair19", 11.0, lambda x: blur(x, 2.3), FA, speed=1.27, dur=3.4)
    reuse("h6_pip_mirror", "picture-in-picture + mirror", "mirrored, at 51 % of the frame in the lower left corner",
          "d12", 3.5, lambda x, p=Pip("launch", 0.0, 0.51, (0.0, 0.9), dur=d): p(mk.mirror(x)), FB)
    reuse("h6_zoompan_grade", "zoom with pan + colour", "zoom 97 %->74 % panning right, green cross-process grade",
          "d19", 4.8, lambda x, z=ZoomPan(n, 0.97, 0.74, 0.1, 0.9, 0.5, 0.5): cross(z(x)), FC)
    reuse("h6_grey_letterbox", "greyscale + letterbox", "greyscale and letterboxed (48 px bars)",
          "parkour", 0.3, lambda x: mk.letterbox(grey(x), 48), FB)
    reuse("h6_fps_text", "frame-rate conversion + burned-in text", "25 -> 22 -> 25 fps (a few frames dropped) with meme text",
          "d13", 6.5, meme, FA, seq=lambda fr: fps_convert(fr, 22))
    reuse("h6_mirror_speed", "mirror + speed", "mirrored and slowed to 0.88x",
          "d20", 3.5, mk.mirror, FB, speed=0.88, dur=2.4)
    reuse("h6_rotate_letterbox", "rotation + letterbox", "rotated 1.6 degrees (zoomed) and letterboxed (36 px bars)",
          "cyclist", 0.2, lambda x: mk.letterbox(rotate(x, 1.6), 36), FC)
    # within one video
    reuse_within("h6_w_crop_grade", "crop + colour", "75.5 % window left of centre, low (x 0.3, y 0.6), vintage grade",
                 "d18", 3.8, lambda x: vintage(window(x, 0.3, 0.6, 0.755)))
    reuse_within("h6_w_mirror_grey", "mirror + greyscale", "mirrored and greyscale", "chair22", 17.5,
                 lambda x: grey(mk.mirror(x)))
    reuse_within("h6_w_speed1.65", "speed", "sped up to 1.65x", "d14", 11.0, speed=1.65, dur=4.3)
    # a real second encode of one recording (two files of the source repository)
    C["h6_reencode_real"] = (
        "the same handheld recording of a fabric from two encodes the source itself made (pattern-hd, pattern-longer)",
        {"a.mp4": ([P("tree", 0.0, f), S("pattern", 0.5, "o"), P("bikes", 5.52, f)], {}),
         "b.mp4": ([P("cockatoo", 10.0, f), S("pattern_long", 0.5, "c", desc="the source's other encode"),
                    P("vtest", 62.0, f)], {})},
        [("reuse", ["o", "c"])], "heldout6", "re-encode (real second encode)")
    C["h6_three_times"] = (
        "one 2.6 s segment used three times: plain, 89.5 % window rotated -2.8 degrees, greyscale + 38 px letterbox",
        {"a.mp4": ([P("launch", 0.0, f), S("d10", 9.0, "o"), P("plant", 0.0, 1.16),
                    S("d10", 9.0, "c1", tf=lambda x: rotate(window(x, 0.2, 0.3, 0.895), -2.8),
                      desc="89.5 % window, rotated -2.8 degrees"), P("tree", 0.0, f)], {}),
         "b.mp4": ([P("cockatoo", 4.0, f),
                    S("d10", 9.0, "c2", tf=lambda x: mk.letterbox(grey(x), 38), desc="greyscale, 38 px letterbox"),
                    P("bikes", 0.0, 1.16)], {})},
        [("reuse", ["o", "c1", "c2"])], "heldout6", "three times")

    # ---- retakes: two different recorded moments, or two separate recordings, of one set-up
    SEP = "retake: separate recording, handheld same subject"
    retakes = [  # (name, label, description, (src, t) first, (src, t) second, same file, tf, dur)
        ("h6_rt_take_wide", SEP, "two separate phone takes of the chair: the wide view at the end of each "
         "(takes 19 and 20)", ("chair19", 15.6), ("chair20", 17.2), False, None, d),
        ("h6_rt_take_glass", SEP, "two separate phone takes: the chair leg and the glass on its coaster "
         "(takes 20 and 22)", ("chair20", 11.0), ("chair22", 12.6), False, None, d),
        ("h6_rt_take_start_w", SEP, "two separate phone takes: the chair at the start of each (takes 19 and 22), "
         "one video", ("chair19", 0.0), ("chair22", 0.0), True, None, 2.4),
        ("h6_rt_static_arcade", "retake: static set-up, other people passing",
         "fixed camera in the arcade, 2.3 s later: other people walking past", ("arcade", 0.0), ("arcade", 2.3),
         False, None, 1.8),
        ("h6_rt_static_d6", "retake: static set-up, other moment",
         "the same woman before the same wall 20 s later, another expression", ("d6", 6.0), ("d6", 26.0), False,
         None, d),
        ("h6_rt_static_d19", "retake: static set-up, other moment",
         "the man before the grey wall 5.2 s later", ("d19", 0.2), ("d19", 5.4), False, None, d),
        ("h6_rt_action_d3", "retake: repeated action", "the woman making faces again 7.5 s later",
         ("d3", 0.5), ("d3", 8.0), False, None, d),
        ("h6_rt_action_d10_w", "retake: repeated action", "the woman talking again 9 s later, one video",
         ("d10", 3.0), ("d10", 12.0), True, None, d),
        ("h6_rt_handheld_pattern", "retake: handheld, same subject",
         "handheld phone on the same fabric, two moments 3.4 s apart (another angle)", ("pattern", 0.2),
         ("pattern", 3.6), False, None, 2.4),
        ("h6_rt_moved_d9", "retake: slightly moved camera",
         "the man 11.5 s later, camera moved: 90.5 % window at the upper left, turned -1.1 degrees",
         ("d9", 0.5), ("d9", 12.0), False, lambda x: rotate(window(x, 0.1, 0.2, 0.905), -1.1), d),
        ("h6_rt_moved_d18_w", "retake: slightly moved camera",
         "the man 4.1 s later, camera moved: 92.5 % window at the lower right, one video",
         ("d18", 0.3), ("d18", 4.4), True, lambda x: window(x, 0.9, 0.7, 0.925), d),
        ("h6_rt_costume_d12", "retake: changed costume",
         "the man 3.9 s later, the jumper recoloured on both shoulders (hue +40)", ("d12", 0.2), ("d12", 4.4),
         False, lambda x: shoulders(x, 40), d),
        ("h6_rt_costume_d13", "retake: changed costume",
         "the man 6.5 s later, the striped shirt recoloured on both shoulders (hue +65)", ("d13", 0.5),
         ("d13", 7.0), False, lambda x: shoulders(x, 65), d),
    ]
    for name, label, desc, (s1, t1), (s2, t2), same, tf, dur in retakes:
        a = S(s1, t1, "t1", dur=dur)
        b = S(s2, t2, "t2", dur=dur, tf=tf, desc=desc if tf else "none")
        if same:
            files = {"a.mp4": ([P("lego", 0.5, f), a, P("bikes", 5.52, f), b, P("plant", 0.0, 1.16)], {})}
        else:
            files = {"a.mp4": ([P("tree", 0.0, f), a, P("cockatoo", 10.0, f)], {}),
                     "b.mp4": ([P("launch", 0.0, f), b, P("vtest", 50.0, f)], {})}
        C[name] = (f"retake: {desc}", files, [("retake", ["t1", "t2"])], "heldout6", label)

    # ---- negatives: different footage, some of it similar-looking
    neg = [
        ("h6_neg_grey_wall", "similar scenes: two different men before the same kind of grey studio wall (d18; d19)",
         [P("d18", 1.0, 3.0), P("tree", 0.0, f)], [P("d19", 2.0, 3.0), P("bikes", 0.0, 1.16)]),
        ("h6_neg_glasses", "similar scenes: two young men with glasses on a webcam or phone, indoors (d9; d13)",
         [P("d9", 4.0, 3.0), P("lego", 0.5, f)], [P("d13", 3.0, 3.0), P("plant", 0.0, 1.16)]),
        ("h6_neg_women", "similar scenes: two women with dark hair talking to the camera (d10; d14)",
         [P("d10", 7.0, 3.0), P("launch", 0.0, f)], [P("d14", 3.0, 3.0), P("cockatoo", 10.0, f)]),
        ("h6_neg_sport", "similar scenes: a moving camera following one athlete over pale ground (skater; parkour)",
         [P("skater", 0.2, 2.6), P("tree", 0.0, f)], [P("parkour", 0.2, 2.6), P("bikes", 5.52, f)]),
        ("h6_neg_door", "similar scenes: a door handle on a pale door, close (doorknob) and in a wide view (chair19)",
         [P("doorknob", 0.0, 3.0), P("lego", 0.5, f)], [P("chair19", 16.0, 2.6), P("plant", 0.0, 1.16)]),
        ("h6_neg_unrelated", "unrelated real clips (faces, arcade, fabric / cyclist, chair, face)",
         [P("d0", 0.2, 2.5), P("arcade", 0.5, 2.5), P("pattern", 1.0, 2.5)],
         [P("cyclist", 0.3, 2.5), P("chair20", 6.0, 2.5), P("d20", 1.0, 2.5)]),
        ("h6_neg_titles", "unrelated clips between black gaps and title cards with other words",
         [P("d3", 2.0, 2.5), P("bunny", 0.0, 1.5, join="black", black=20, tf=title("CHAPTER 3"), desc="title card"),
          P("chair22", 8.0, 2.5, join="black", black=20)],
         [P("d6", 15.0, 2.5), P("plant", 0.0, 1.16, join="black", black=20, tf=title("NEXT WEEK"), desc="title card"),
          P("doorknob", 0.5, 2.5, join="black", black=20)]),
    ]
    for name, desc, a, b in neg:
        C[name] = (f"negative: {desc}", {"a.mp4": (a, {}), "b.mp4": (b, {})}, [], "heldout6", "negative")
    return C


def check_sources(name, files, groups, cuts):
    """Footage of one source (or of one set-up filmed separately) used twice in a case must be a
    grouped repeat or retake (title cards replace their frames and do not count)."""
    grouped = {t for _, tags in groups for t in tags}
    cuts = {**cuts, **CUTS}
    seen = {}
    for pieces, _ in files.values():
        for p in pieces:
            if p.desc == "title card":
                continue
            scene = (SCENE.get(p.src, p.src), sum(c <= p.start for c in cuts.get(p.src, [])))
            if scene in seen and not (p.tag in grouped and seen[scene] in grouped):
                raise AssertionError(f"{name}: {scene} used twice without a group")
            seen[scene] = p.tag
