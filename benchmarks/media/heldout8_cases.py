"""Split "heldout8": repeated-segment cases for issue 11 whose repeated material comes from
footage that no other split, test or sample uses (seven GitHub repositories claimed for it in
/work/claims/issue-11-eval8.txt). Built by someone who did not change the matcher and never ran
it on these cases; kept out of all tuning and scored once.

    python benchmarks/media/build_eval.py --heldout8 --out /tmp/vf_heldout8 --sources /tmp/vf_heldout8_src
    python benchmarks/evaluate.py /tmp/vf_heldout8 --split heldout8 --no-shots

Imported by build_eval.py. The clips are read at pinned commits from bare git snapshots
(``--mirror``, default /work/.mirror, one ``owner+name/repo`` directory per repository); each
file's SHA-256 is checked before use. They are never committed:

* MimicMotion (assets/comparisons, the raw driving videos): ``tt0`` ... ``tt5``, six women
  dancing before a fixed phone (five indoors, one outdoors), 15 fps;
* HybrIK (examples): ``taiji``, a man doing taiji in a hall, fixed camera;
* PersonMask_TFLite (data): ``iview``, an interview with three shots (a CC-BY vimeo clip); only
  its second shot (a man on the telephone) and third shot (a man in a red shirt) are used;
* AlphaPose (a contributor's upload at 90c95085): ``flip``, a dancer doing cartwheels and
  handstands before a concrete wall, and ``flip_pose``, the same clip with the skeleton that
  AlphaPose drew on it (a copy made by someone else, re-encoded as MPEG-4 AVI);
* motion_heatmap (examples): ``wave``, a webcam in a dim room, a man waving at it;
* Depth-Anything (assets): ``dolphins``, ``coaster`` (DAVIS sequences), ``boat`` (negatives only);
* basketball-shot-detector (data): ``court1`` and ``court2``, two SEPARATE recordings of one fixed
  camera over an LED-lit indoor basketball court, other people playing in each.

Fillers, picture-in-picture backgrounds and the other side of some negatives use the older
sources of sample_media/_mediakit.py, never a case's repeated material. Every edit has other
parameters than the earlier splits. Retakes are always two DIFFERENT recorded moments, never an
edited copy of the same frames; where a retake carries an edit (a moved camera, a recoloured
shirt, other light), it is applied to the other moment only.
"""
from dataclasses import replace

import cv2
import numpy as np

import _mediakit as mk
from edit_cases import Pip, ZoomPan, blur, fps_convert, grey, recolour_region, rotate, window
from heldout2_cases import title
from heldout3_cases import fetch_files
import heldout6_cases

_MM = ("Tencent/MimicMotion", "Apache-2.0 (MimicMotion repository licence); the clips show real "
       "people dancing (short-video dance clips), their own terms are not stated: evaluation only, "
       "never committed")
_DA = ("LiheYoung/Depth-Anything", "Apache-2.0 (repository licence); DAVIS sequences and a demo clip "
       "whose own terms are not restated: evaluation only, never committed")
_HY = ("Jeff-sjtu/HybrIK", "MIT (repository licence); the clip shows a real person, its origin is "
       "not stated: evaluation only, never committed")
_PM = ("NikolasEnt/PersonMask_TFLite", "no repository licence; the README gives the clip as a vimeo "
       "video (vimeo.com/14802778) under CC BY; it shows real people: evaluation only, never committed")
_AP = ("MVIG-SJTU/AlphaPose", "AlphaPose non-commercial research licence (repository); the clip was "
       "uploaded by a contributor, its origin is not stated; a real person: evaluation only, never committed")
_MH = ("Davidmasle/motion_heatmap", "no licence stated in the repository; a real person: evaluation "
       "only, never committed")
_BB = ("Yuval2306/basketball-shot-detector", "no licence stated in the repository; real people, origin "
       "not stated: evaluation only, never committed")
_BB_C = "489cdc69215d537d4c0f7d0768334f1a7c22123a"
_MM_C, _DA_C = "d8af4a0b5d6809c697a683c1932661f8294389f9", "1d03336771fe09c5398ffdd211441e33941a97dc"
_HY_C, _PM_C = "0425289f7a2a7144fc2b56f0bb94f662bddcb294", "3d3bbf09809c366174a5460ae50d9ae471918f34"
_AP_C, _MH_C = "90c950851a998d8c5456d2062301f400d248d828", "adadc311e4ff0c1ab6c7f3e7003720f4c622fe79"
_R = "assets/comparisons/raw_"
FILES = {  # name -> (repository, commit, path, sha256, description)
    "tt0": (_MM, _MM_C, _R + "0.mp4", "adbda922cbf46babca913966f01d68fb34ec4cb3d1c588765c7ee33046fa9617",
            "a woman in a black top dancing in a grey room, fixed phone, 604x604, 15 fps, 10.3 s"),
    "tt1": (_MM, _MM_C, _R + "1.mp4", "b8c42b512d0e61f97fcc0c5cd4042eda7de684fb61d202b80b1bc97f653c5ec0",
            "a woman with glasses in a black T-shirt dancing in a room with purple light, 604x604, 15 fps, 10.3 s"),
    "tt2": (_MM, _MM_C, _R + "2.mp4", "d699242708ce140a1f82fa1d9a6de393a516a70d49f31a20a3dd88a117f73126",
            "a woman in a pale slip dress dancing in a bluish room, 604x604, 15 fps, 10.3 s"),
    "tt3": (_MM, _MM_C, _R + "3.mp4", "2f005948f2fecd06c531edf4689b3505c6b63548f1f720b52d27b719d1aa7b97",
            "a woman in a black top dancing before a bright window with curtains, 604x604, 15 fps, 10.3 s"),
    "tt4": (_MM, _MM_C, _R + "4.mp4", "e5e5afac9b5b8bc97adcc54510555a9513f3236790388b6311d9b8366a6d491e",
            "a woman in a pale blue T-shirt dancing outdoors before trees, 604x604, 15 fps, 10.2 s"),
    "tt5": (_MM, _MM_C, _R + "5.mp4", "6257be4c37b6325c788352c3a82dd7a64e37f240107c9737fd165328a624ed95",
            "a woman in a white blouse dancing before a plain pale wall, 604x604, 15 fps, 10.2 s"),
    "taiji": (_HY, _HY_C, "examples/taiji.mp4", "34fa7a96a905a0934116b2f867fd72043a725346cc36897ab34660cf383d4581",
              "a man in a striped shirt doing taiji in a hall with a red banner, fixed camera, 1280x720, 23.98 fps, 17.2 s"),
    "iview": (_PM, _PM_C, "data/test.mp4", "fe7b05ca9282dd31cbe9c1108e698a11156e14f0d246f5069db847166295b8de",
              "an interview in a study, three shots: an old man (0-1.17 s, not used), a man on the "
              "telephone before curtains (1.17-11.61 s), a man in a red shirt before a blackboard "
              "(11.61-17.0 s), 1280x720, 29.97 fps"),
    "flip": (_AP, _AP_C, "sddownload/video1.mp4", "db9b62383e705be177791ea24d6d76954db516e7a98ac0e76a9ff6958c7ca115",
             "a dancer doing cartwheels and handstands before a concrete wall, 1280x720, 30 fps, 5.87 s "
             "(a cut to another shot in the last frame, not used)"),
    "flip_pose": (_AP, _AP_C, "outputs/AlphaPose_video1.avi",
                  "99e79f4fb34030efdd16a29ef7034a7b8beaaf4d464f984f86cc6ea2f72b637c",
                  "the same clip as flip with AlphaPose's skeleton drawn on the dancer, MPEG-4 part 2 AVI, "
                  "1280x720, 30 fps, 5.87 s"),
    "wave": (_MH, _MH_C, "examples/video.mp4", "7205dbe893d7c175487f609545355c5b84566ff7be5e232fcf52f564f3c21f87",
             "a webcam in a dim room: a man in a red T-shirt waving at it, 640x480, about 25 fps (variable), 8.8 s"),
    "dolphins": (_DA, _DA_C, "assets/examples_video/davis_dolphins.mp4",
                 "5b619f91c20a7e39ed9741311f6f9d21b0edee07009fa7fad6005085e6e9bb73",
                 "dolphins swimming under water, camera following, 960x540, 24 fps, 2.46 s"),
    "coaster": (_DA, _DA_C, "assets/examples_video/davis_rollercoaster.mp4",
                "7268cbecd9806a1e90a416de50dc02e50b4ae01428d5971837cf679dd0c87cb8",
                "a roller coaster car on its track against a blue sky, camera panning, 960x540, 24 fps, 2.92 s"),
    "boat": (_DA, "2495a7542749fcded9d265a25205d058f42b7a0a", "assets/video_edit/demo1_video.mp4",
             "dfcb14cb7cec14c6b8198a6a455609dc5fac26c42628867e0d4412d53bfa0af7",
             "a fishing boat crossing a bay before a dry shore, 832x448, 8 fps, 2.0 s (negatives only)"),
    "court1": (_BB, _BB_C, "data/video1.mp4", "ce4f935e98118f8025efec5011c37a3d985c2c1595cbe4be1b3ebdd9c0891ead",
               "a fixed high camera over a dim indoor basketball court with LED lines and projected "
               "scoreboards, two players, 1920x1080, 29.9 fps, 10.4 s"),
    "court2": (_BB, _BB_C, "data/video2.mp4", "5cfe5743b52c29c7f0a39f89d25ab4bd926977ba920d27213bb55849f26d13bd",
               "another recording of the same camera and court, other players, the projections at "
               "another state, 1920x1080, 29.9 fps, 7.4 s (a jump at 0.2 s, not used)"),
}
SOURCES = {n: (f"github:{repo}@{commit}", path, lic, desc)
           for n, ((repo, lic), commit, path, _, desc) in FILES.items()}
# the square dance clips: a 16:9 band from the head down (the default middle band cuts the faces)
mk.FRAMING.update({f"tt{k}": (0, 40, 604, 340) for k in range(6)})
# one recording in two files (the pose overlay is AlphaPose's drawing on the same frames)
SCENE = {"flip_pose": "flip"}
CUTS = {"iview": [1.168, 11.612], "flip": [5.833], "flip_pose": [5.833]}  # shots inside the clips
# two separate recordings of one set-up: a retake, never reuse (the plan test checks their use)
SETUP = {"court2": "court1"}


def fetch(cache, mirror="/work/.mirror"):
    """{name: local file}, read at the pinned commits and checked against their SHA-256."""
    return fetch_files(FILES, cache, mirror, "heldout8")


# --------------------------------------------------------------------------
# Edits with other parameters than the earlier splits
# --------------------------------------------------------------------------

def faded(f):
    """A faded film look: low contrast, lifted blacks, less saturation, a yellow-green tint."""
    return mk.adjust(f, brightness=12, contrast=0.8, saturation=0.7, gain=(1.05, 1.08, 0.9))


def cool_hard(f):
    """A cool, hard grade: more contrast, blue gain, a little darker."""
    return mk.adjust(f, brightness=-8, contrast=1.3, saturation=1.1, gain=(0.9, 1.0, 1.15))


def magenta_warm(f):
    return mk.adjust(f, brightness=5, contrast=1.05, saturation=1.2, gain=(1.15, 0.9, 1.05))


def grey_hard_dark(f):
    return mk.adjust(grey(f), brightness=-12, contrast=1.2)


def median(f, k=7):
    return cv2.medianBlur(f, k)


def breaking(f):
    """A red BREAKING box and a two-line white headline over a dark band across the top quarter."""
    out = f.copy()
    h, w = f.shape[:2]
    y1 = int(h * 0.27)
    out[:y1] = (out[:y1].astype(np.float32) * 0.35).astype(np.uint8)
    cv2.rectangle(out, (6, 6), (6 + int(w * 0.26), 6 + int(h * 0.09)), (200, 20, 20), -1)
    cv2.putText(out, "BREAKING", (10, 4 + int(h * 0.08)), cv2.FONT_HERSHEY_DUPLEX, w / 900, (255, 255, 255), 1,
                cv2.LINE_AA)
    for k, line in enumerate(("Ride halted after fault", "Visitors waited two hours")):
        cv2.putText(out, line, (int(w * 0.3), int(h * 0.1) + k * int(h * 0.1)), cv2.FONT_HERSHEY_SIMPLEX,
                    w / 760, (255, 255, 255), 1, cv2.LINE_AA)
    return out


def watermark(f, word="SAMPLE"):
    """A large half-transparent white word across the middle of the frame."""
    h, w = f.shape[:2]
    layer = f.copy()
    scale = w / 160
    (tw, th), _ = cv2.getTextSize(word, cv2.FONT_HERSHEY_DUPLEX, scale, 6)
    cv2.putText(layer, word, ((w - tw) // 2, (h + th) // 2), cv2.FONT_HERSHEY_DUPLEX, scale, (255, 255, 255), 6,
                cv2.LINE_AA)
    return cv2.addWeighted(layer, 0.4, f, 0.6, 0)


def subtitle(f, lines=("I did not expect this", "to go this far")):
    """Two yellow subtitle lines with a black outline at the bottom."""
    out = f.copy()
    h, w = f.shape[:2]
    for k, line in enumerate(lines):
        y = int(h * 0.8) + k * int(h * 0.11)
        (tw, _), _ = cv2.getTextSize(line, cv2.FONT_HERSHEY_SIMPLEX, w / 700, 2)
        for col, th in (((0, 0, 0), 4), ((255, 230, 40), 1)):
            cv2.putText(out, line, ((w - tw) // 2, y), cv2.FONT_HERSHEY_SIMPLEX, w / 700, col, th, cv2.LINE_AA)
    return out


def shirt(f, hue):
    """A changed costume: the dancer's top (the middle of the lower two thirds) recoloured."""
    return recolour_region(f, (0.3, 0.45, 0.7, 1.0), hue)


def evening(f):
    """Other light: dimmer and warmer, as in the evening."""
    return mk.adjust(f, brightness=-22, contrast=0.95, saturation=0.9, gain=(1.12, 0.98, 0.8))


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------

def heldout8_cases(P, d=2.2, f=1.0):
    """name -> (description, files, groups, "heldout8", edit label); P is build_eval.P."""
    S = lambda src, start, tag, dur=d, **kw: P(src, start, dur, tag=tag, **kw)  # noqa: E731
    n24, n15 = int(d * 24), int(d * 15)  # distinct source frames of a 2.2 s piece (24 fps, 15 fps)
    C = {}
    FA = ((P("plant", 0.0, f), P("bikes", 5.52, f)), (P("launch", 0.3, f), P("tree", 1.5, f)))
    FB = ((P("vtest", 15.0, f), P("cockatoo", 2.0, f)), (P("bikes", 7.52, f), P("lego", 0.8, f)))
    FC = ((P("carphone", 1.0, f), P("movie-hello", 2.0, f)), (P("cockatoo", 11.0, f), P("bunny", 2.5, f)))

    def reuse(name, edit, desc, src, start, tf=None, fillers=FA, speed=1.0, seq=None, dur=d, opt=None, **kw):
        fa, fb = fillers
        C[name] = (desc, {
            "a.mp4": ([fa[0], S(src, start, "o", dur=dur), fa[1]], {}),
            "b.mp4": ([fb[0], S(src, start, "c", dur=round(dur / speed, 6), speed=speed, tf=tf, desc=desc,
                                seq=seq, **kw), fb[1]], opt or {})},
            [("reuse", ["o", "c"])], "heldout8", edit)

    def reuse_within(name, edit, desc, src, start, tf=None, seq=None):
        C[name] = (f"one video: {desc}", {
            "a.mp4": ([P("lego", 3.0, f), S(src, start, "o"), P("cockatoo", 5.0, f),
                       P("vtest", 45.0, f), S(src, start, "c", tf=tf, seq=seq, desc=desc),
                       P("bikes", 0.0, 1.16)], {})},
            [("reuse", ["o", "c"])], "heldout8", edit)

    # ---- reuse: every edit of the issue, new parameters
    reuse("h8_crop73", "crop anywhere", "73 % window at the lower left (x 0.15, y 0.8)",
          "taiji", 2.0, lambda x: window(x, 0.15, 0.8, 0.73), FA)
    reuse("h8_crop68", "crop anywhere", "68 % window at the top edge, right of centre (x 0.55, y 0.0)",
          "tt4", 1.0, lambda x: window(x, 0.55, 0.0, 0.68), FB)
    reuse("h8_mirror", "mirror", "horizontal mirror", "coaster", 0.3, mk.mirror, FC)
    reuse("h8_letterbox_square", "letterbox", "16:9 picture letterboxed into a square 1:1 (480x480) video",
          "iview", 12.0, lambda x: mk.fit(x, 480, 480), FA, opt={"h": 480}, frame=(480, 270))
    reuse("h8_letterbox46", "letterbox", "cinema letterbox with 46 px bars", "tt2", 1.0,
          lambda x: mk.letterbox(x, 46), FB)
    reuse("h8_pillarbox_webcam", "letterbox", "4:3 webcam picture pillarboxed into a 2:1 (540x270) video (90 px side bars)",
          "wave", 1.0, lambda x: mk.fit(x, 540, 270), FC, opt={"w": 540}, frame=(360, 270))
    reuse("h8_rotate1.1", "rotation", "rotated 1.1 degrees (zoomed to hide corners)",
          "tt1", 2.0, lambda x: rotate(x, 1.1), FA)
    reuse("h8_rotate-2.9", "rotation", "rotated -2.9 degrees (black corners)",
          "flip", 0.5, lambda x: rotate(x, -2.9, fill=False), FB)
    reuse("h8_rotate5.1", "rotation", "rotated 5.1 degrees (zoomed to hide corners)",
          "dolphins", 0.1, lambda x: rotate(x, 5.1), FC)
    reuse("h8_pip38", "picture-in-picture", "shown at 38 % of the frame at the lower right inside other footage",
          "tt3", 1.0, Pip("bunny", 3.0, 0.38, (0.92, 0.88), dur=d), FA)
    reuse("h8_pip50_dark", "picture-in-picture",
          "shown at 50 % of the frame left of centre, mid-height, inside other footage",
          "wave", 3.5, Pip("carphone", 0.0, 0.50, (0.2, 0.45), dur=d), FB)
    reuse("h8_pip72", "picture-in-picture", "shown at 72 % of the frame at the bottom centre inside other footage",
          "coaster", 0.2, Pip("vtest", 35.0, 0.72, (0.5, 0.95), dur=d), FA)
    reuse("h8_zoompan_in", "zoom with pan", "virtual zoom 100 %->65 % panning to the upper right",
          "taiji", 11.0, ZoomPan(n24, 1.0, 0.65, 0.5, 0.9, 0.5, 0.1), FC)
    reuse("h8_zoompan_out_phone", "zoom with pan", "virtual zoom out 68 %->94 % panning from the left to the centre",
          "iview", 3.0, ZoomPan(n24, 0.68, 0.94, 0.1, 0.5, 0.5, 0.5), FB)
    reuse("h8_zoompan_in_dark", "zoom with pan", "virtual zoom 93 %->71 % panning down (dim webcam)",
          "wave", 5.5, ZoomPan(n24, 0.93, 0.71, 0.5, 0.5, 0.2, 0.9), FA)
    reuse("h8_grade_faded", "colour grading",
          "faded film look (contrast 0.8, brightness +12, saturation 0.7, yellow-green tint)", "tt5", 1.0, faded, FC)
    reuse("h8_grade_cool", "colour grading", "cool hard grade (contrast 1.3, blue gain, brightness -8)",
          "flip", 2.5, cool_hard, FA)
    reuse("h8_grey_dark", "greyscale", "greyscale, darker and harder (brightness -12, contrast 1.2)",
          "tt0", 3.0, grey_hard_dark, FB)
    reuse("h8_blur4.1", "blur", "Gaussian blur sigma 4.1", "tt4", 5.0, lambda x: blur(x, 4.1), FC)
    reuse("h8_median7", "blur", "median filter over 7x7 px", "dolphins", 0.2, median, FB)
    reuse("h8_breaking", "burned-in text", "a red BREAKING box and a two-line headline over a dark top band",
          "coaster", 0.6, breaking, FB)
    reuse("h8_watermark", "burned-in text", "a large half-transparent SAMPLE watermark across the middle",
          "tt2", 5.0, watermark, FC)
    reuse("h8_fps15", "frame-rate conversion", "25 -> 15 -> 25 fps (two of every five frames dropped, others doubled)",
          "iview", 6.0, None, FC, seq=lambda fr: fps_convert(fr, 15))
    reuse("h8_fps8", "frame-rate conversion", "24 fps source at 25, then 25 -> 8 -> 25 fps (each kept 3-4 times)",
          "dolphins", 0.0, None, FA, seq=lambda fr: fps_convert(fr, 8))
    reuse("h8_speed0.57", "speed", "slowed to 0.57x", "taiji", 4.0, None, FB, speed=0.57, dur=1.25)
    reuse("h8_speed0.78", "speed", "slowed to 0.78x", "tt1", 6.0, None, FC, speed=0.78, dur=1.75)
    reuse("h8_speed1.38", "speed", "sped up to 1.38x", "tt3", 4.0, None, FB, speed=1.38, dur=3.05)
    reuse("h8_speed1.88", "speed", "sped up to 1.88x", "tt2", 1.5, None, FA, speed=1.88, dur=4.15)
    # combinations of two, none of an earlier split (compared as sets of two edits)
    reuse("h8_blur_grade", "blur + colour", "blurred (sigma 2.4) under a cool hard grade",
          "tt0", 6.0, lambda x: cool_hard(blur(x, 2.4)), FC)
    reuse("h8_blur_mirror", "blur + mirror", "mirrored and blurred (sigma 1.4), dim webcam",
          "wave", 0.2, lambda x: blur(mk.mirror(x), 1.4), FA)
    reuse("h8_text_rotate", "burned-in text + rotation", "rotated -2.2 degrees (zoomed), two yellow subtitle lines",
          "tt5", 4.0, lambda x: subtitle(rotate(x, -2.2)), FB)
    reuse("h8_text_speed", "burned-in text + speed", "sped up to 1.24x, two yellow subtitle lines",
          "tt1", 3.5, subtitle, FA, speed=1.24, dur=2.7)
    reuse("h8_grade_letterbox", "colour + letterbox", "a warm magenta grade and 26 px letterbox bars",
          "dolphins", 0.15, lambda x: mk.letterbox(magenta_warm(x), 26), FA)
    reuse("h8_crop_letterbox", "crop + letterbox", "66 % window at the right (x 1.0, y 0.4), 28 px letterbox bars",
          "flip", 0.2, lambda x: mk.letterbox(window(x, 1.0, 0.4, 0.66), 28), FC)
    reuse("h8_fps_pip", "frame-rate conversion + picture-in-picture",
          "25 -> 21 -> 25 fps, shown at 56 % of the frame at the top right inside other footage",
          "tt3", 7.0, Pip("launch", 0.0, 0.56, (0.9, 0.05), dur=d), FC, seq=lambda fr: fps_convert(fr, 21))
    reuse("h8_fps_rotate", "frame-rate conversion + rotation", "rotated 3.7 degrees (zoomed), 25 -> 11 -> 25 fps",
          "tt5", 7.0, lambda x: rotate(x, 3.7), FA, seq=lambda fr: fps_convert(fr, 11))
    reuse("h8_grey_zoompan", "greyscale + zoom with pan", "greyscale, virtual zoom 91 %->69 % panning right",
          "coaster", 0.0, lambda x, z=ZoomPan(n24, 0.91, 0.69, 0.2, 0.9, 0.5, 0.5): grey(z(x)), FB)
    # within one video
    reuse_within("h8_w_rotate_zoompan", "rotation + zoom with pan",
                 "rotated -1.1 degrees (zoomed) under a virtual zoom 98 %->80 % panning left",
                 "tt0", 0.5, lambda x, z=ZoomPan(n15, 0.98, 0.80, 0.8, 0.2, 0.5, 0.4): rotate(z(x), -1.1))
    reuse_within("h8_w_letterbox_pip", "letterbox + picture-in-picture",
                 "shown at 64 % of the frame at the top left inside other footage, 24 px letterbox bars over all",
                 "tt4", 7.5, lambda x, p=Pip("tree", 0.0, 0.64, (0.05, 0.1), dur=d): mk.letterbox(p(x), 24))
    reuse_within("h8_w_blur_fps", "blur + frame-rate conversion", "blurred (sigma 2.7), 25 -> 15 -> 25 fps",
                 "flip", 3.3, lambda x: blur(x, 2.7), seq=lambda fr: fps_convert(fr, 15))
    # a real copy made by someone else
    C["h8_pose_overlay_real"] = (
        "one clip of a dancer and the copy a user of AlphaPose made of it: the pose skeleton drawn on "
        "the dancer in colour, re-encoded as MPEG-4 part 2 AVI",
        {"a.mp4": ([P("cockatoo", 7.0, f), S("flip", 1.2, "o"), P("plant", 0.0, f)], {}),
         "b.mp4": ([P("vtest", 52.0, f), S("flip_pose", 1.2, "c", desc="AlphaPose's drawn skeleton, MPEG-4 AVI"),
                    P("launch", 2.0, f)], {})},
        [("reuse", ["o", "c"])], "heldout8", "burned-in overlay (real copy by another user)")
    C["h8_three_times"] = (
        "one 2.2 s segment used three times: plain, mirrored 87.5 % window at the top (x 0.5, y 0.0), "
        "greyscale with 32 px letterbox",
        {"a.mp4": ([P("bunny", 0.5, f), S("tt4", 2.5, "o"), P("tree", 0.5, f),
                    S("tt4", 2.5, "c1", tf=lambda x: mk.mirror(window(x, 0.5, 0.0, 0.875)),
                      desc="mirrored, 87.5 % window at the top"), P("bikes", 3.08, f)], {}),
         "b.mp4": ([P("movie-hello", 0.0, f),
                    S("tt4", 2.5, "c2", tf=lambda x: mk.letterbox(grey(x), 32), desc="greyscale, 32 px letterbox"),
                    P("carphone", 2.0, f)], {})},
        [("reuse", ["o", "c1", "c2"])], "heldout8", "three times")

    # ---- retakes: two different recorded moments of one set-up
    retakes = [  # (name, label, description, (src, t) first, (src, t) second, same file, tf)
        ("h8_rt_action_taiji", "retake: repeated action",
         "the man doing taiji again 8.5 s later, other movements", ("taiji", 0.5), ("taiji", 9.0), False, None),
        ("h8_rt_static_taiji_w", "retake: static set-up, other moment",
         "the hall with the man 10.5 s later, one video", ("taiji", 3.0), ("taiji", 13.5), True, None),
        ("h8_rt_talk_phone", "retake: talking head, other moment",
         "the man on the telephone 5.6 s later, other words", ("iview", 1.6), ("iview", 7.2), False, None),
        ("h8_rt_talk_red_w", "retake: talking head, other moment",
         "the man in the red shirt 2.7 s later, one video", ("iview", 11.8), ("iview", 14.5), True, None),
        ("h8_rt_people_court_w", "retake: static set-up, other people passing",
         "the court camera 5.6 s later, the players elsewhere and the projections changed, one video",
         ("court1", 0.6), ("court1", 6.2), True, None),
        ("h8_rt_separate_court", "retake: separate recordings of one set-up",
         "the same court camera in another recording (the source's second video), other players",
         ("court1", 3.0), ("court2", 2.0), False, None),
        ("h8_rt_action_tt0", "retake: repeated action",
         "the woman in black dancing again 6.5 s later, other moves", ("tt0", 0.2), ("tt0", 6.7), False, None),
        ("h8_rt_moved_tt2", "retake: slightly moved camera",
         "the dancer 6.2 s later, camera moved: 88.5 % window at the upper left", ("tt2", 0.5), ("tt2", 6.7),
         False, lambda x: window(x, 0.05, 0.1, 0.885)),
        ("h8_rt_moved_tt3", "retake: slightly moved camera",
         "the dancer before the window 6.8 s later, camera moved: 94.5 % window at the lower right, turned -0.8 degrees",
         ("tt3", 0.1), ("tt3", 6.9), False, lambda x: rotate(window(x, 0.95, 0.85, 0.945), -0.8)),
        ("h8_rt_light_tt5_w", "retake: same place, other light",
         "the dancer before the pale wall 6.6 s later in dimmer, warmer light, one video", ("tt5", 0.3),
         ("tt5", 6.9), True, evening),
        ("h8_rt_costume_tt1", "retake: changed costume",
         "the dancer with glasses 6.4 s later, her T-shirt recoloured (hue +75)", ("tt1", 0.0), ("tt1", 6.4),
         False, lambda x: shirt(x, 75)),
    ]
    for name, label, desc, (s1, t1), (s2, t2), same, tf in retakes:
        a = S(s1, t1, "t1")
        b = S(s2, t2, "t2", tf=tf, desc=desc if tf else "none")
        if same:
            files = {"a.mp4": ([P("carphone", 0.0, f), a, P("launch", 1.0, f), b, P("lego", 2.0, f)], {})}
        else:
            files = {"a.mp4": ([P("tree", 2.5, f), a, P("bikes", 3.08, f)], {}),
                     "b.mp4": ([P("plant", 0.0, f), b, P("vtest", 8.0, f)], {})}
        C[name] = (f"retake: {desc}", files, [("retake", ["t1", "t2"])], "heldout8", label)

    # ---- negatives: different footage, most of it similar-looking
    neg = [
        ("h8_neg_plain_dancers", "similar scenes: two different women in dark tops dancing before pale walls (tt0; tt3)",
         [P("tt0", 8.0, 2.2), P("tree", 0.0, f)], [P("tt3", 3.0, 2.2), P("bikes", 5.52, f)]),
        ("h8_neg_pale_dancers", "similar scenes: two different women in pale tops dancing indoors (tt2; tt5)",
         [P("tt2", 8.0, 2.2), P("lego", 0.5, f)], [P("tt5", 9.0 - 2.2, 2.2), P("plant", 0.0, f)]),
        ("h8_neg_red_shirts", "similar scenes: two different men in red shirts before dim room walls (iview; wave)",
         [P("iview", 15.0, 1.9), P("launch", 0.0, f)], [P("wave", 3.0, 2.2), P("cockatoo", 10.0, f)]),
        ("h8_neg_movers", "similar scenes: two different men moving before plain walls, fixed cameras (taiji; flip)",
         [P("taiji", 6.0, 2.2), P("tree", 0.0, f)], [P("flip", 3.0, 2.2), P("bikes", 0.0, 1.16)]),
        ("h8_neg_water", "similar scenes: water under a bright sky or light (dolphins; boat)",
         [P("dolphins", 0.0, 2.2), P("lego", 0.5, f)], [P("boat", 0.0, 1.95), P("vtest", 40.0, f)]),
        ("h8_neg_unrelated", "unrelated real clips (coaster, dancer, webcam / outdoor dancer, interview, taiji)",
         [P("coaster", 0.5, 2.2), P("tt1", 9.0, 1.2), P("wave", 7.0, 1.6)],
         [P("tt4", 9.0, 1.0), P("iview", 9.0, 2.2), P("taiji", 15.5, 1.6)]),
        ("h8_neg_titles", "unrelated clips between black gaps and title cards with other words",
         [P("tt5", 2.0, 2.0), P("bunny", 0.0, 1.4, join="black", black=20, tf=title("CHAPTER 3"), desc="title card"),
          P("coaster", 0.2, 2.0, join="black", black=20)],
         [P("taiji", 7.5, 2.0), P("plant", 0.0, 1.16, join="black", black=20, tf=title("LATER THAT DAY"),
                                  desc="title card"),
          P("tt2", 3.5, 2.0, join="black", black=20)]),
    ]
    for name, desc, a, b in neg:
        C[name] = (f"negative: {desc}", {"a.mp4": (a, {}), "b.mp4": (b, {})}, [], "heldout8", "negative")
    return C


def check_sources(name, files, groups, cuts):
    """Footage of one source (or of one recording in two files, or of one set-up recorded twice)
    used twice in a case must be a grouped repeat or retake: heldout6's check (title cards do not
    count) on pieces whose source is named by its recording or set-up (``SCENE``, ``SETUP``) and
    with this split's shot changes (``CUTS``)."""
    same = {**SCENE, **SETUP}
    rec = {f: ([replace(p, src=same.get(p.src, p.src)) for p in pieces], opt) for f, (pieces, opt) in files.items()}
    heldout6_cases.check_sources(name, rec, groups, {**cuts, **CUTS})
