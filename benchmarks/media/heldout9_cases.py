"""Split "heldout9": repeated-segment cases for issue 11 whose repeated material comes from
footage that no other split, test or sample uses (six GitHub repositories claimed for it in
/work/claims/issue-11-eval9.txt). Built by someone who did not change the matcher and never ran
it on these cases; kept out of all tuning and scored once.

    python benchmarks/media/build_eval.py --heldout9 --out /tmp/vf_heldout9 --sources /tmp/vf_heldout9_src
    python benchmarks/evaluate.py /tmp/vf_heldout9 --split heldout9 --no-shots

Imported by build_eval.py. The clips are read at pinned commits from bare git snapshots
(``--mirror``, default /work/.mirror, one ``owner+name/repo`` directory per repository); each
file's SHA-256 is checked before use. They are never committed:

* Wav2Lip-GFPGAN (inputs, showcase): ``kim``, a woman in a grey blazer talking to the camera
  before a blue wall, and ``kim_sync``, the copy the repository's author rendered from it with
  the mouth re-synthesised by a lip-sync model (the rest of each frame is the recording);
* AniPortrait (configs/inference/head_pose_temp): ``may``, a real talking head (a woman with
  grey hair before a dim room), the head-pose reference video; the repository's other clips
  (``asset/*.mp4``) are generated portraits and are NOT used;
* Talking-Face_PC-AVS (misc, VoxCeleb-style face tracks, 224x224): ``beck``, ``jamie``,
  ``nph``, ``pat``, ``m796``, five different men talking in TV studios and interviews;
* tensorflow_object_counting_api: ``ped``, a high fixed camera over a campus walkway, people
  passing; ``road2_cut``, the author's trimmed copy of ``road2`` (the same frames from 2.0 s);
  its shopping-street clip (``cutl.mp4``) is NOT used: it is the camera of heldout7's ``street``;
* vehicle_counting_tensorflow: ``road1`` (from a contributor's pull request that the snapshot
  carries) and ``road2`` (the repository's input video), two SEPARATE recordings (file names
  about 86 min apart) of one fixed camera over a residential street, other traffic in each;
* CarND-LaneLines-P1 (udacity): ``lane``, a dashcam drive on a highway (test_videos), and
  ``lane_lines``, the copy a student rendered from it with lane lines drawn (channels swapped,
  a pull request that the snapshot carries); ``drive2``, another drive (that student's output);
* Parking-Counter-master: ``park``, a high aerial view over a car park, cars moving.

Fillers, picture-in-picture backgrounds and the other side of some negatives use the older
sources of sample_media/_mediakit.py, never a case's repeated material. Every edit has other
parameters than the earlier splits. Retakes are always two DIFFERENT recorded moments, never an
edited copy of the same frames; where a retake carries an edit (a moved camera, a recoloured
blazer, other light), it is applied to the other moment only.
"""
from dataclasses import replace

import cv2
import numpy as np

import _mediakit as mk
from edit_cases import Pip, ZoomPan, blur, fps_convert, grey, recolour_region, rotate, window
from heldout2_cases import title
from heldout3_cases import fetch_files
from heldout8_cases import evening
import heldout6_cases

_WL = ("ajay-sainy/Wav2Lip-GFPGAN", "no licence stated in the repository; a real person (a public "
       "figure), the clip's origin is not stated: evaluation only, never committed")
_AP = ("Zejun-Yang/AniPortrait", "Apache-2.0 (repository licence); a real person (a public figure), "
       "the clip's own terms are not stated: evaluation only, never committed")
_PC = ("Hangz-nju-cuhk/Talking-Face_PC-AVS", "CC BY 4.0 (repository licence); VoxCeleb-style face "
       "tracks of real people from public interviews, their own terms are not restated: evaluation "
       "only, never committed")
_OC = ("ahmetozlu/tensorflow_object_counting_api", "MIT (repository licence); real surveillance-style "
       "footage, origin not stated: evaluation only, never committed")
_VC = ("ahmetozlu/vehicle_counting_tensorflow", "MIT (repository licence); real street footage, origin "
       "not stated: evaluation only, never committed")
_UD = ("udacity/CarND-LaneLines-P1", "MIT (repository licence); Udacity's dashcam test videos and "
       "students' annotated outputs: evaluation only, never committed")
_PK = ("NguyenThinh1903/Parking-Counter-master", "no licence stated in the repository; real aerial "
       "footage, origin not stated: evaluation only, never committed")
_WL_C, _WL_S = "a4e7ee24b73b64f4ccd48daf23c884884e731e1b", "9514f3981e52147a1435d3de51d70fc2f541d40d"
_AP_C, _PK_C = "80a30199576a08c99c350883740e1f282c98bc99", "8105c025205092466ccadf0a705bbc6bbc15de55"
_OC_C = "70a4d27226843d0f3abf142e66da026ccb95c675"
_OC_T, _VC_C = "21dcc0b484e340becffcb2cf96b4eeda601497aa", "ce4e86107f36404cdb91c38bf8514983df5e5153"
_VC_P = "18acded39361f40f83ab848131a0ec00919dad79"  # a contributor's pull request (pull/73)
_UD_I, _UD_W = "ce5681be7ef8140560c0e464ef2da611e40b4fc9", "7cf114f7048d039a90cb10e0a4c53679881f5adc"  # a student's PR
_PC_A, _PC_B = "c63c8acc5bc843446dbd60d2000f97d9c990d72b", "8c03f2bfd455154fdc0cdc20fa25ea55d48a2b6e"
_PC_D = "c2ca071442df86621c97d58624047a27fe8d9bb4"
FILES = {  # name -> (repository, commit, path, sha256, description)
    "kim": (_WL, _WL_C, "inputs/kim_7s_raw.mp4", "6db41ed4770bc10309dccf68eb15698f5b46d4eeacbb872a7691c196e497dcce",
            "a blonde woman in a grey blazer talking to the camera before a blue wall, small animated "
            "figures at the upper left from 3.0 s, 1920x1080, 30 fps, 7.43 s"),
    "kim_sync": (_WL, _WL_S, "showcase/kim_lip_synced.mp4",
                 "5a5fc351aa7b3c3e27cfa6627c38d88b4cdad6942137eaa4f294199ea3da9905",
                 "the same recording as kim with the mouth re-synthesised by Wav2Lip + GFPGAN (the author's "
                 "showcase), 1920x1080, 30 fps, 8.0 s (same timing as kim)"),
    "may": (_AP, _AP_C, "configs/inference/head_pose_temp/pose_ref_video.mp4",
            "947610a55bf6c6802bb158027b2b5b83df1084a4c5eb5419068844ed05177026",
            "a woman with short grey hair talking to the camera before a dim room, 512x512, 25 fps, 5.0 s"),
    "beck": (_PC, _PC_A, "misc/Input/00098.mp4", "d4a21368be781e275dd02e8f3b7ad9605063b1bc09ed8e4f71c41d16904a7291",
             "a bearded man in a suit talking before a red and purple studio wall, 224x224, 25 fps, 9.84 s"),
    "jamie": (_PC, _PC_A, "misc/Audio_Source/00086.mp4",
              "04db65a1ddee7e6d756885c4d37b46e431b88986bd26fa0daef6543025ab0543",
              "a young man in a dark suit talking before a red studio wall, 224x224, 25 fps, 5.2 s"),
    "nph": (_PC, _PC_B, "misc/Audio_Source/681100216.mp4",
            "d5e54f0a14931b82c5f5a140dd1ec86314d20d82a7acc04a0afcac3f1d00279a",
            "a man in a tuxedo talking before a teal stage backdrop with lights, 224x224, 25 fps, 9.76 s"),
    "pat": (_PC, _PC_A, "misc/Pose_Source/00473.mp4",
            "721d5efe2b68504e98e251c27c93735b9e02402e546b4ba6edf6e0634d694a8b",
            "a bald older man in a dark jacket talking before a white wall, 224x224, 25 fps, 6.32 s"),
    "m796": (_PC, _PC_D, "misc/Pose_Source/796100172.mp4",
             "3cba1ebee40c50ac2729b7ef60402c812d2b7184f1aa0c5cbb8cb436d2a75660",
             "a dark-haired man in a black shirt talking before a pale blue studio, 224x224, 25 fps, 7.36 s"),
    "ped": (_OC, _OC_C, "pedestrian_survaillance.mp4",
            "af6abce320db8c30228cad0fa748384d6d582fa1f25bdf06c8ec8c5b45f7c098",
            "a high fixed camera over a brick campus walkway, students passing, 626x360, 30 fps, 23.07 s"),
    "road1": (_VC, _VC_P, "sub-1504614469486.mp4", "f718527fe132ae29ae6bd308ed6b52671675b8dde8f26fa55c9b1dbe75a47c85",
              "a fixed camera over a residential street with a white fence and trees, cars passing, "
              "640x352, 24 fps, 27.54 s"),
    "road2": (_VC, _VC_C, "input_video.mp4", "87d003d524c98d463213b543544aad1a1f7c34f4e72a8c996a04fc38b0779dc6",
              "another recording of the same camera and street about 86 min later, other traffic, "
              "640x352, 24 fps, 37.69 s"),
    "road2_cut": (_OC, _OC_T, "counting_api_tensorflow/input_images_and_videos/vehicle_survaillance.mp4",
                  "cbdf54784d0914e6b8e271bf3e5d923d870ea44f013584b51b76634e44a2de7b",
                  "the author's trimmed copy of road2 (its frames from 2.0 s on), 640x352, 24 fps, 19.97 s"),
    "lane": (_UD, _UD_I, "test_videos/solidWhiteRight.mp4",
             "2d8e14b46fe89afbc8ad1f718685cf09b83e85a324095031c38186a9f0535417",
             "a dashcam drive on a sunny highway with white lane lines, 960x540, 25 fps, 8.84 s"),
    "lane_lines": (_UD, _UD_W, "white.mp4", "99ee7384270e5f22eabcdeb712a76d40dc16e90517127b69e5c11a886c3e262b",
                   "the same drive as lane rendered by a student's lane finder: thick lines drawn on the "
                   "lanes, red and blue channels swapped, 960x540, 25 fps, 8.84 s"),
    "drive2": (_UD, _UD_W, "yellow.mp4", "26dce85a477bb653777216e8525ff692aff69bfcc7d471b9f91beea87bb917b7",
               "another highway drive (yellow left line) with a student's drawn lane lines, 960x540, 25 fps, 27.24 s"),
    "park": (_PK, _PK_C, "data/video.mp4", "9dc13cc638ea6321d481641b1af9a7ffd5452a85fe19ac7e5cef00e0c20a4631",
             "a high aerial view over a large car park with trees, cars moving, portrait 1080x1920, 30 fps, 5.0 s"),
}
SOURCES = {n: (f"github:{repo}@{commit}", path, lic, desc)
           for n, ((repo, lic), commit, path, _, desc) in FILES.items()}
# the square face tracks and the square talking head: a 16:9 band across the face (eyes to collar)
mk.FRAMING.update({k: (0, 40, 224, 126) for k in ("beck", "jamie", "nph", "pat", "m796")})
mk.FRAMING["may"] = (0, 100, 512, 288)
# one recording in two files (a re-render or a trimmed copy of the same frames)
SCENE = {"kim_sync": "kim", "lane_lines": "lane", "road2_cut": "road2"}
OFFSET = {"road2_cut": 2.0}  # road2_cut's t s is road2's t + 2.0 s
CUTS = {}  # no shot change inside any clip (checked by frame differences)
# two separate recordings of one set-up: a retake, never reuse (the plan test checks their use)
SETUP = {"road2": "road1"}


def root(src):
    """The set-up a source shows: through SCENE, then SETUP."""
    src = SCENE.get(src, src)
    return SETUP.get(src, src)


def fetch(cache, mirror="/work/.mirror"):
    """{name: local file}, read at the pinned commits and checked against their SHA-256."""
    return fetch_files(FILES, cache, mirror, "heldout9")


# --------------------------------------------------------------------------
# Edits with other parameters than the earlier splits
# --------------------------------------------------------------------------

def golden(f):
    """A warm golden-hour grade: brighter, red-yellow gain, more saturation."""
    return mk.adjust(f, brightness=8, contrast=1.08, saturation=1.15, gain=(1.14, 1.04, 0.82))


def cold_desat(f):
    """A desaturated cold grade: saturation 0.45, contrast 1.1, a blue-green cast."""
    return mk.adjust(f, brightness=-4, contrast=1.1, saturation=0.45, gain=(0.88, 1.02, 1.1))


def grey_flat(f):
    return mk.adjust(grey(f), brightness=20, contrast=0.7)


def grey_blue(f):
    """Tinted monochrome: greyscale, then a cold blue tint."""
    return mk.adjust(grey(f), brightness=-5, contrast=1.05, gain=(0.8, 0.92, 1.18))


def box_blur(f, k=11):
    return cv2.blur(f, (k, k))


def name_strap(f, name="DANIEL REEVES", role="Owner, Harbour Street Kitchen"):
    """A lower-third name strap (a blue bar with a name and a role) and a LIVE bug at the top right."""
    out = f.copy()
    h, w = f.shape[:2]
    y0, y1 = int(h * 0.74), int(h * 0.93)
    cv2.rectangle(out, (int(w * 0.05), y0), (int(w * 0.7), y1), (20, 60, 160), -1)
    cv2.putText(out, name, (int(w * 0.07), y0 + int(h * 0.08)), cv2.FONT_HERSHEY_DUPLEX, w / 800,
                (255, 255, 255), 1, cv2.LINE_AA)
    cv2.putText(out, role, (int(w * 0.07), y0 + int(h * 0.16)), cv2.FONT_HERSHEY_SIMPLEX, w / 1000,
                (220, 220, 220), 1, cv2.LINE_AA)
    cv2.rectangle(out, (int(w * 0.82), int(h * 0.05)), (int(w * 0.96), int(h * 0.14)), (210, 20, 20), -1)
    cv2.putText(out, "LIVE", (int(w * 0.835), int(h * 0.125)), cv2.FONT_HERSHEY_DUPLEX, w / 900,
                (255, 255, 255), 1, cv2.LINE_AA)
    return out


def karaoke(f, lines=("and every night we sang", "until the lights went out", "on the old pier")):
    """Three centred lines of white text on black boxes over the middle of the frame."""
    out = f.copy()
    h, w = f.shape[:2]
    for k, line in enumerate(lines):
        y = int(h * 0.38) + k * int(h * 0.14)
        (tw, th), _ = cv2.getTextSize(line, cv2.FONT_HERSHEY_SIMPLEX, w / 820, 1)
        x = (w - tw) // 2
        cv2.rectangle(out, (x - 4, y - th - 4), (x + tw + 4, y + 5), (0, 0, 0), -1)
        cv2.putText(out, line, (x, y), cv2.FONT_HERSHEY_SIMPLEX, w / 820, (255, 255, 255), 1, cv2.LINE_AA)
    return out


def blazer(f):
    """A changed costume: the talking woman's blazer and blouse (the lower middle of the frame) recoloured."""
    return recolour_region(f, (0.24, 0.72, 0.74, 1.0), 100)


def dusk(f):
    """Other light: darker, bluer and flatter, as at dusk."""
    return mk.adjust(f, brightness=-30, contrast=0.9, saturation=0.8, gain=(0.85, 0.95, 1.12))


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------

def heldout9_cases(P, d=2.2, f=1.0):
    """name -> (description, files, groups, "heldout9", edit label); P is build_eval.P."""
    S = lambda src, start, tag, dur=d, **kw: P(src, start, dur, tag=tag, **kw)  # noqa: E731
    n25, n24 = int(d * 25), int(d * 24)  # distinct source frames of a 2.2 s piece (25-30 fps, 24 fps)
    C = {}
    FA = ((P("plant", 0.0, f), P("bikes", 5.52, f)), (P("launch", 0.3, f), P("tree", 1.5, f)))
    FB = ((P("vtest", 15.0, f), P("cockatoo", 2.0, f)), (P("bikes", 7.52, f), P("lego", 0.8, f)))
    FC = ((P("carphone", 1.0, f), P("movie-hello", 2.0, f)), (P("cockatoo", 11.0, f), P("bunny", 2.5, f)))

    def reuse(name, edit, desc, src, start, tf=None, fillers=FA, speed=1.0, seq=None, dur=d, opt=None,
              copy_src=None, copy_start=None, **kw):
        fa, fb = fillers
        C[name] = (desc, {
            "a.mp4": ([fa[0], S(src, start, "o", dur=dur), fa[1]], {}),
            "b.mp4": ([fb[0], S(copy_src or src, start if copy_start is None else copy_start, "c",
                                dur=round(dur / speed, 6), speed=speed, tf=tf, desc=desc, seq=seq, **kw),
                       fb[1]], opt or {})},
            [("reuse", ["o", "c"])], "heldout9", edit)

    def reuse_within(name, edit, desc, src, start, tf=None, seq=None):
        C[name] = (f"one video: {desc}", {
            "a.mp4": ([P("lego", 3.0, f), S(src, start, "o"), P("cockatoo", 5.0, f),
                       P("vtest", 45.0, f), S(src, start, "c", tf=tf, seq=seq, desc=desc),
                       P("bikes", 0.0, 1.16)], {})},
            [("reuse", ["o", "c"])], "heldout9", edit)

    # ---- reuse: every edit of the issue, new parameters
    reuse("h9_crop67", "crop anywhere", "67 % window at the lower right (x 0.9, y 0.85)",
          "ped", 2.0, lambda x: window(x, 0.9, 0.85, 0.67), FA)
    reuse("h9_crop75", "crop anywhere", "75 % window at the left, high (x 0.05, y 0.2)",
          "kim", 0.5, lambda x: window(x, 0.05, 0.2, 0.75), FB)
    reuse("h9_mirror", "mirror", "horizontal mirror", "drive2", 2.0, mk.mirror, FC)
    reuse("h9_letterbox_portrait", "letterbox", "16:9 picture letterboxed into a 4:5 (480x600) video",
          "lane", 1.0, lambda x: mk.fit(x, 480, 600), FA, opt={"h": 600}, frame=(480, 270))
    reuse("h9_letterbox38", "letterbox", "cinema letterbox with 38 px bars", "beck", 1.0,
          lambda x: mk.letterbox(x, 38), FB)
    reuse("h9_rotate1.4", "rotation", "rotated 1.4 degrees (zoomed to hide corners)",
          "jamie", 0.5, lambda x: rotate(x, 1.4), FC)
    reuse("h9_rotate-3.1", "rotation", "rotated -3.1 degrees (black corners)",
          "drive2", 20.0, lambda x: rotate(x, -3.1, fill=False), FA)
    reuse("h9_rotate4.2", "rotation", "rotated 4.2 degrees (zoomed to hide corners)",
          "park", 0.3, lambda x: rotate(x, 4.2), FB)
    reuse("h9_pip49", "picture-in-picture", "shown at 49 % of the frame at the upper right inside other footage",
          "kim", 3.5, Pip("vtest", 20.0, 0.49, (0.95, 0.08), dur=d), FA)
    reuse("h9_pip61", "picture-in-picture", "shown at 61 % of the frame at the lower left inside other footage",
          "road2", 6.0, Pip("bunny", 0.5, 0.61, (0.06, 0.9), dur=d), FB)
    reuse("h9_pip78", "picture-in-picture", "shown at 78 % of the frame, centred low, inside other footage",
          "pat", 0.5, Pip("lego", 0.8, 0.78, (0.5, 0.8), dur=d), FC)
    reuse("h9_zoompan_in", "zoom with pan", "virtual zoom 100 %->62 % panning to the lower left",
          "park", 1.5, ZoomPan(n25, 1.0, 0.62, 0.5, 0.15, 0.5, 0.9), FA)
    reuse("h9_zoompan_in_face", "zoom with pan", "virtual zoom 94 %->73 % panning up and right (a face track)",
          "m796", 0.5, ZoomPan(n25, 0.94, 0.73, 0.5, 0.85, 0.5, 0.15), FB)
    reuse("h9_zoompan_out_road", "zoom with pan", "virtual zoom out 64 %->92 % panning from the right to the centre",
          "lane", 4.0, ZoomPan(n25, 0.64, 0.92, 0.9, 0.5, 0.5, 0.5), FC)
    reuse("h9_grade_golden", "colour grading",
          "warm golden-hour grade (brightness +8, contrast 1.08, red-yellow gain, saturation 1.15)",
          "nph", 1.0, golden, FA)
    reuse("h9_grade_cold_desat", "colour grading",
          "desaturated cold grade (saturation 0.45, contrast 1.1, blue-green cast)", "road1", 3.0, cold_desat, FB)
    reuse("h9_grey_flat", "greyscale", "greyscale, lifted and flat (brightness +20, contrast 0.7)",
          "may", 0.5, grey_flat, FC)
    reuse("h9_blur3.7", "blur", "Gaussian blur sigma 3.7", "beck", 4.0, lambda x: blur(x, 3.7), FA)
    reuse("h9_boxblur11", "blur", "box blur over 11x11 px", "drive2", 5.0, box_blur, FC)
    reuse("h9_name_strap", "burned-in text", "a blue lower-third name strap and a red LIVE bug at the top right",
          "nph", 5.0, name_strap, FB)
    reuse("h9_karaoke", "burned-in text", "three centred lines of white text on black boxes over the middle",
          "park", 2.5, karaoke, FC)
    reuse("h9_fps23", "frame-rate conversion", "25 -> 23 -> 25 fps (about one frame in twelve dropped, one doubled)",
          "lane", 6.3, None, FA, seq=lambda fr: fps_convert(fr, 23))
    reuse("h9_fps9", "frame-rate conversion", "30 fps source at 25, then 25 -> 9 -> 25 fps (each kept 2-3 times)",
          "ped", 14.0, None, FB, seq=lambda fr: fps_convert(fr, 9))
    reuse("h9_speed0.53", "speed", "slowed to 0.53x", "road1", 7.0, None, FC, speed=0.53, dur=1.166)
    reuse("h9_speed1.28", "speed", "sped up to 1.28x", "lane", 0.2, None, FA, speed=1.28, dur=2.816)
    reuse("h9_speed1.97", "speed", "sped up to 1.97x", "drive2", 10.0, None, FB, speed=1.97, dur=4.334)
    # combinations of two, none of an earlier split (compared as sets of two edits)
    reuse("h9_blur_letterbox", "blur + letterbox", "Gaussian blur sigma 1.8 and 34 px letterbox bars",
          "jamie", 2.8, lambda x: mk.letterbox(blur(x, 1.8), 34), FA)
    reuse("h9_blur_zoompan", "blur + zoom with pan", "blurred (sigma 2.1) under a virtual zoom 97 %->76 % panning left",
          "road2", 14.0, lambda x, z=ZoomPan(n24, 0.97, 0.76, 0.8, 0.2, 0.5, 0.5): blur(z(x), 2.1), FB)
    reuse("h9_text_grey", "burned-in text + greyscale", "greyscale with a blue lower-third name strap and a LIVE bug",
          "jamie", 1.5, lambda x: name_strap(grey(x)), FC)
    reuse("h9_crop_pip", "crop + picture-in-picture",
          "79 % window at the upper left (x 0.1, y 0.1), shown at 63 % of the frame at the right, mid-height, "
          "inside other footage",
          "pat", 3.5, lambda x, p=Pip("carphone", 0.0, 0.63, (0.95, 0.5), dur=d): p(window(x, 0.1, 0.1, 0.79)), FA)
    reuse("h9_fps_letterbox", "frame-rate conversion + letterbox",
          "30 fps source at 25, then 25 -> 13 -> 25 fps, 42 px letterbox bars",
          "ped", 4.0, lambda x: mk.letterbox(x, 42), FB, seq=lambda fr: fps_convert(fr, 13))
    reuse("h9_fps_speed", "frame-rate conversion + speed", "24 fps source sped up to 1.44x, then 25 -> 16 -> 25 fps",
          "road2", 20.0, None, FC, speed=1.44, dur=3.168, seq=lambda fr: fps_convert(fr, 16))
    reuse("h9_speed_zoompan", "speed + zoom with pan", "slowed to 0.66x under a virtual zoom 92 %->72 % panning up",
          "beck", 6.5, ZoomPan(int(1.452 * 25), 0.92, 0.72, 0.5, 0.5, 0.8, 0.1), FA, speed=0.66, dur=1.452)
    # within one video
    reuse_within("h9_w_letterbox_zoompan", "letterbox + zoom with pan",
                 "virtual zoom 99 %->79 % panning down, 30 px letterbox bars",
                 "road1", 18.0, lambda x, z=ZoomPan(n24, 0.99, 0.79, 0.5, 0.5, 0.2, 0.85): mk.letterbox(z(x), 30))
    reuse_within("h9_w_pip_zoompan", "picture-in-picture + zoom with pan",
                 "virtual zoom 100 %->74 % panning right, shown at 54 % of the frame at the lower left inside "
                 "other footage",
                 "m796", 4.0, lambda x, z=ZoomPan(n25, 1.0, 0.74, 0.2, 0.85, 0.5, 0.5),
                 p=Pip("tree", 0.0, 0.54, (0.05, 0.92), dur=d): p(z(x)))
    reuse_within("h9_w_grey_colour", "colour + greyscale", "tinted monochrome: greyscale with a cold blue tint",
                 "may", 2.7, grey_blue)
    # real copies made by the sources' authors or users
    reuse("h9_lipsync_real", "lip-sync re-render (real copy by the source)",
          "the talking woman and the author's lip-synced re-render of the same recording (mouth "
          "re-synthesised by Wav2Lip + GFPGAN, re-encoded)", "kim", 4.0, None, FB, copy_src="kim_sync")
    reuse("h9_lane_lines_real", "burned-in overlay (real copy by another user)",
          "the dashcam drive and a student's rendered copy of it: thick lane lines drawn, red and blue swapped",
          "lane", 5.5, None, FC, copy_src="lane_lines")
    reuse("h9_trimmed_real", "trimmed copy (real copy by the source)",
          "the street camera's second recording and the author's trimmed copy of it in another repository",
          "road2", 9.0, None, FA, copy_src="road2_cut", copy_start=9.0 - OFFSET["road2_cut"])
    C["h9_three_times"] = (
        "one 2.2 s segment used three times: plain, mirrored with 36 px letterbox bars, 88.5 % window at "
        "the right (x 1.0, y 0.5) blurred (sigma 1.2)",
        {"a.mp4": ([P("bunny", 0.5, f), S("m796", 2.5, "o"), P("tree", 0.5, f),
                    S("m796", 2.5, "c1", tf=lambda x: mk.letterbox(mk.mirror(x), 36),
                      desc="mirrored, 36 px letterbox"), P("bikes", 3.08, f)], {}),
         "b.mp4": ([P("movie-hello", 0.0, f),
                    S("m796", 2.5, "c2", tf=lambda x: blur(window(x, 1.0, 0.5, 0.885), 1.2),
                      desc="88.5 % window at the right, blurred (sigma 1.2)"),
                    P("carphone", 2.0, f)], {})},
        [("reuse", ["o", "c1", "c2"])], "heldout9", "three times")

    # ---- retakes: two different recorded moments of one set-up
    retakes = [  # (name, label, description, (src, t) first, (src, t) second, same file, tf)
        ("h9_rt_people_ped", "retake: static set-up, other people passing",
         "the walkway 12 s later, other students passing", ("ped", 0.5), ("ped", 12.5), False, None),
        ("h9_rt_action_road_w", "retake: repeated action",
         "another car driving down the residential street 6.2 s later (a silver car, then a black one), one video",
         ("road1", 0.6), ("road1", 6.8), True, None),
        ("h9_rt_talk_pat_w", "retake: talking head, other moment",
         "the bald man before the white wall 3.6 s later, other words, one video", ("pat", 0.2), ("pat", 3.8),
         True, None),
        ("h9_rt_separate_road", "retake: separate recordings of one set-up",
         "the same street camera in another recording (the source's second video, about 86 min later), "
         "other traffic", ("road1", 6.0), ("road2", 28.0), False, None),
        ("h9_rt_talk_kim", "retake: talking head, other moment",
         "the woman before the blue wall 4.7 s later, other words", ("kim", 0.3), ("kim", 5.0), False, None),
        ("h9_rt_talk_may_w", "retake: talking head, other moment",
         "the woman with grey hair 2.5 s later, other words, one video", ("may", 0.1), ("may", 2.6), True, None),
        ("h9_rt_talk_beck", "retake: talking head, other moment",
         "the bearded man before the red wall 7.1 s later, other words", ("beck", 0.3), ("beck", 7.4), False, None),
        ("h9_rt_static_park_w", "retake: static set-up, other moment",
         "the car park from above 2.6 s later, cars moved on, one video", ("park", 0.1), ("park", 2.7), True, None),
        ("h9_rt_moved_ped", "retake: slightly moved camera",
         "the walkway 13.5 s later, camera moved: 90 % window at the upper right", ("ped", 6.0), ("ped", 19.5),
         False, lambda x: window(x, 0.92, 0.08, 0.9)),
        ("h9_rt_moved_nph", "retake: slightly moved camera",
         "the man in the tuxedo 6.6 s later, camera moved: 93 % window at the lower left, turned 1.2 degrees",
         ("nph", 0.2), ("nph", 6.8), False, lambda x: rotate(window(x, 0.1, 0.9, 0.93), 1.2)),
        ("h9_rt_costume_kim", "retake: changed costume",
         "the woman before the blue wall 3.4 s later, her blazer and blouse recoloured (hue +100)", ("kim", 0.2),
         ("kim", 3.6), False, blazer),
        ("h9_rt_light_m796", "retake: same place, other light",
         "the man before the pale blue studio 4.7 s later in darker, bluer light", ("m796", 0.2), ("m796", 4.9),
         False, dusk),
    ]
    for name, label, desc, (s1, t1), (s2, t2), same, tf in retakes:
        a = S(s1, t1, "t1")
        b = S(s2, t2, "t2", tf=tf, desc=desc if tf else "none")
        if same:
            files = {"a.mp4": ([P("carphone", 0.0, f), a, P("launch", 1.0, f), b, P("lego", 2.0, f)], {})}
        else:
            files = {"a.mp4": ([P("tree", 2.5, f), a, P("bikes", 3.08, f)], {}),
                     "b.mp4": ([P("plant", 0.0, f), b, P("vtest", 8.0, f)], {})}
        C[name] = (f"retake: {desc}", files, [("retake", ["t1", "t2"])], "heldout9", label)

    # ---- negatives: different footage, most of it similar-looking
    neg = [
        ("h9_neg_red_studios", "similar scenes: two different men in dark suits talking before red studio walls "
         "(beck; jamie)", [P("beck", 2.5, 2.2), P("tree", 0.0, f)], [P("jamie", 0.2, 2.2), P("bikes", 5.52, f)]),
        ("h9_neg_talking_women", "similar scenes: two different women with light hair talking to the camera "
         "(kim; may)", [P("kim", 2.6, 2.2), P("lego", 0.5, f)], [P("may", 1.4, 2.2), P("plant", 0.0, f)]),
        ("h9_neg_high_views", "similar scenes: two different high fixed views over paved ground, people or cars "
         "moving (ped; park)", [P("ped", 9.0, 2.2), P("launch", 0.0, f)],
         [P("park", 2.6, 2.2), P("cockatoo", 10.0, f)]),
        ("h9_neg_men_talking", "similar scenes: two different men talking before lit studio backdrops (nph; m796)",
         [P("nph", 3.5, 2.2), P("tree", 0.0, f)], [P("m796", 2.0, 2.2), P("bikes", 0.0, 1.16)]),
        ("h9_neg_highways", "similar scenes: two different sunny highway drives filmed from a dashcam (lane; drive2)",
         [P("lane", 3.0, 2.2), P("lego", 0.5, f)], [P("drive2", 15.0, 2.2), P("vtest", 40.0, f)]),
        ("h9_neg_unrelated", "unrelated real clips (car park, face track, street camera / dashcam, another "
         "highway drive, studio interview)",
         [P("park", 1.0, 2.2), P("pat", 1.0, 1.2), P("road1", 20.0, 1.6)],
         [P("lane", 6.5, 1.0), P("drive2", 22.0, 2.2), P("beck", 8.0, 1.6)]),
        ("h9_neg_titles", "unrelated clips between black gaps and title cards with other words",
         [P("may", 0.0, 2.0), P("bunny", 0.0, 1.4, join="black", black=20, tf=title("PART TWO"), desc="title card"),
          P("road1", 22.0, 2.0, join="black", black=20)],
         [P("ped", 20.0, 2.0), P("plant", 0.0, 1.16, join="black", black=20, tf=title("THE NEXT MORNING"),
                                 desc="title card"),
          P("nph", 7.0, 2.0, join="black", black=20)]),
    ]
    for name, desc, a, b in neg:
        C[name] = (f"negative: {desc}", {"a.mp4": (a, {}), "b.mp4": (b, {})}, [], "heldout9", "negative")
    return C


def check_sources(name, files, groups, cuts):
    """Footage of one source (or of one recording in two files, or of one set-up recorded twice)
    used twice in a case must be a grouped repeat or retake: heldout6's check (title cards do not
    count) on pieces whose source is named by its set-up (``root``: ``SCENE``, then ``SETUP``) and
    with this split's shot changes (``CUTS``, none)."""
    rec = {f: ([replace(p, src=root(p.src)) for p in pieces], opt) for f, (pieces, opt) in files.items()}
    heldout6_cases.check_sources(name, rec, groups, {**cuts, **CUTS})
