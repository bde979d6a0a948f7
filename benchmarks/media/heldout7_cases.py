"""Split "heldout7": repeated-segment cases for issue 11 whose repeated material comes from
footage that no other split, test or sample uses (eight GitHub repositories claimed for it in
/work/claims/issue-11-eval7.txt). Built by someone who did not change the matcher and never ran
it on these cases; kept out of all tuning and scored once.

    python benchmarks/media/build_eval.py --heldout7 --out /tmp/vf_heldout7 --sources /tmp/vf_heldout7_src
    python benchmarks/evaluate.py /tmp/vf_heldout7 --split heldout7 --no-shots

Imported by build_eval.py. The clips are read at pinned commits from bare git snapshots
(``--mirror``, default /work/.mirror, one ``owner+name/repo`` directory per repository); each
file's SHA-256 is checked before use. They are never committed:

* video-retalking (examples/face): ``vr1`` ... ``vr5``, five talking heads (``vr3`` is a crop of
  the same recording as SadTalker's ``aoc``: their sound tracks agree at a 0.02 s lag);
* SadTalker (examples/ref_video): ``kh`` (a talking head), ``aoc`` (see ``vr3``: head pose and
  mouth agree frame by frame, but the eyes differ, so one of the two copies was processed);
* Thin-Plate-Spline-Motion-Model: ``tps`` (a talking head);
* sleap (test and docs videos; its ``small_robot.mp4`` is NOT used: it is the recording of
  the older filler "lego"): ``dance`` (a woman dancing in a room, portrait phone), ``flies`` (a fixed camera over a fly arena),
  ``pair`` and ``pair_lq`` (two encodes of one recording of two flies);
* STTN (examples): ``dogs`` (two dogs jumping in a meadow), ``girls`` (schoolgirls in a garden);
* yolov4-deepsort: ``street`` (a fixed camera over a shopping street);
* tensorflow-yolov4-tflite: ``road`` (a car on a motorway, negatives only);
* Segment-and-Track-Anything: ``swan`` (a black swan, negatives only).

Fillers, picture-in-picture backgrounds and the other side of some negatives use the older
sources of sample_media/_mediakit.py, never a case's repeated material. Every edit has other
parameters than the earlier splits. Retakes are always two DIFFERENT recorded moments, never an
edited copy of the same frames; where a retake carries an edit (a moved camera, a recoloured
jacket), it is applied to the other moment only.
"""
from dataclasses import replace

import cv2
import numpy as np

import _mediakit as mk
from edit_cases import Pip, ZoomPan, blur, fps_convert, grey, recolour_region, rotate, window
from heldout2_cases import title
from heldout3_cases import fetch_files
import heldout6_cases

_VR = ("OpenTalker/video-retalking", "Apache-2.0 (video-retalking repository licence); the clips "
       "show real people (public-speech talking heads), their terms are not restated: evaluation "
       "only, never committed")
_ST = ("OpenTalker/SadTalker", "Apache-2.0 (SadTalker repository licence); the clips show real "
       "people, their terms are not restated: evaluation only, never committed")
_TP = ("yoyo-nb/Thin-Plate-Spline-Motion-Model", "MIT (repository licence); the clip shows a real "
       "person, its terms are not restated: evaluation only, never committed")
_SL = ("talmolab/sleap", "BSD-3-Clause-Clear (sleap repository licence); the dance clip shows a "
       "real person: evaluation only, never committed")
_SN = ("researchmm/STTN", "MIT (STTN repository licence); the clips are DAVIS sequences whose "
       "terms are not restated: evaluation only, never committed")
_DS = ("theAIGuysCode/yolov4-deepsort", "GPL-3.0 (repository licence); the clip's origin is not "
       "stated: evaluation only, never committed")
_TF = ("hunglc007/tensorflow-yolov4-tflite", "MIT (repository licence); the clip's origin is not "
       "stated: evaluation only, never committed")
_SA = ("z-x-yang/Segment-and-Track-Anything", "AGPL-3.0 (repository licence); a DAVIS sequence "
       "whose terms are not restated: evaluation only, never committed")
_VR_C, _ST_C = "d32e8e58248255e2d243eeaf3cba545dbe505ca8", "cd4c0465ae0b54a6f85af57f5c65fec9fe23e7f8"
_TP_C, _SL_C = "c616878812c9870ed81ac72561be2676fd7180e2", "7785f660eff1ae2ee4deaef5d5dc0e7758dbbd16"
_SN_C, _DS_C = "f39f62c5bbbe3e3eba084c487353a2c651bfdcde", "24e675f59d556e13c680df125918ec031c4bd683"
_TF_C, _SA_C = "9f16748aa3f45ff240608da4bd9b1216a29127f5", "92455b3cf0921a693a3e9b1a50c704c17b77518b"
_F = "examples/face/"
FILES = {  # name -> (repository, commit, path, sha256, description)
    "vr1": (_VR, _VR_C, _F + "1.mp4", "60fb69b90af2edbcec762530bfab8be5be2753bca9f3f897005772b544313f94",
            "a young man in a dark suit and tie before window blinds, talking, 700x700, 22.1 fps, 6.1 s"),
    "vr2": (_VR, _VR_C, _F + "2.mp4", "f7d30499bc380f4d18c18b1837fc1f6eb280fa21d79a9f7c6dd66db94296c43c",
            "a man in a suit before a wall map, talking, 844x844, 25 fps, 5.0 s"),
    "vr3": (_VR, _VR_C, _F + "3.mp4", "707d58aa3511138bd69e51944a732e010cc6d9063d3d79c178b50fc33cdc0ecf",
            "a woman before US flags, talking (wide crop, shoulders), 590x590, 25 fps, 5.0 s"),
    "vr4": (_VR, _VR_C, _F + "4.mp4", "414be3ad61f09432adfbc4933e0163539e94f74fc445c2b9114f8c64e38a480e",
            "a woman with dark hair before a plain blue wall, talking, 700x700, 30 fps, 6.6 s"),
    "vr5": (_VR, _VR_C, _F + "5.mp4", "f664ca850492bbe151898174f83e054ca90f7390696232a9935e10f88a31dfd4",
            "a blonde woman with glasses in red before a pale wall, talking, 524x524, 25 fps, 4.9 s"),
    "kh": (_ST, _ST_C, "examples/ref_video/WDA_KatieHill_000.mp4",
           "1fbb4cfd64eedc49b170c441714a9c4fd5e2c2f8a11592070ad89fbd257f2817",
           "a woman with long fair hair before a blurred room, talking, 512x512, 25 fps, 8.0 s"),
    "aoc": (_ST, _ST_C, "examples/ref_video/WDA_AlexandriaOcasioCortez_000.mp4",
            "a85242c3fc4d50e2202cea393b9e7ee59019759b68e78e26a254d528c22615a7",
            "the recording of vr3 (sound agrees at 0.02 s, motion within a frame), a tighter crop of the face; "
            "the eyes are often closed where vr3's are open (one copy processed), 512x512, 25 fps, 8.0 s"),
    "tps": (_TP, _TP_C, "assets/driving.mp4", "711df5fceb4ab24bd118d8d97c1935011d46ce9e5c5fb70ac10d46a7276f30b9",
            "a man in a pale jumper talking and making faces, 410x412, 25 fps, 6.8 s"),
    "dance": (_SL, _SL_C, "tests/data/videos/dance.mp4",
              "9935b6b21dbfb830aebb27dedc963ef040e024b4e85251045a682b488b9f49c8",
              "a woman dancing in a bright room, fixed portrait phone, app icons at the top, 406x720, 30 fps, 15.0 s"),
    "flies": (_SL, _SL_C, "docs/notebooks/analysis_example/20190128_113421.120s.mp4",
              "44107745d80a675021f474366c4f78c09431c1318604a2a1be7868db15139c3b",
              "a fixed camera over a dark arena of chambers, flies walking, 1024x1024, 25 fps, 120 s"),
    "pair": (_SL, _SL_C, "tests/data/videos/centered_pair_small.mp4",
             "656b65ecf94008c1f0085676032122684d684049c8b0ea516a5297086553f04f",
             "two flies in a lit chamber, fixed camera, 384x384 grey, 15 fps, 73.3 s"),
    "pair_lq": (_SL, _SL_C, "tests/data/json_format_v1/centered_pair_low_quality.mp4",
                "d6ce6c0139f0ca89fdda96ae80358c04f5c337971888783101cf5795f8642ec0",
                "a lower-quality encode of the same recording as pair (frame-aligned, mean difference 0.5 grey levels), 73.3 s"),
    "dogs": (_SN, _SN_C, "examples/dogs_jump_orig.mp4",
             "0edc0b91555534beae6bf9e5dddd68d53f4c5c0ce52604e1bcf9e23455298c40",
             "a woman and two dogs jumping in a meadow under clouds, camera following, 432x240, 24 fps, 2.8 s"),
    "girls": (_SN, _SN_C, "examples/schoolgirls_orig.mp4",
              "59130352b3877bc5a636f5afb4a9fa0f3848f3c702beb825526795706d42e826",
              "schoolgirls walking before a wall and a shrine in a garden, 432x240, 24 fps, 3.3 s"),
    "street": (_DS, _DS_C, "data/video/test.mp4",
               "1ee4f08b14d0b79d62c33081b9085f9ff7e739e022a537faeb390ca1b398d489",
               "a fixed high camera over a shopping street, people and cyclists passing, 1920x1080, 30 fps, 10.1 s"),
    "road": (_TF, _TF_C, "data/road.mp4", "6d809d2bc58d837b2a7c53e6da5c75f4476dac64370c0adc245107b592853aa8",
             "a car camera on a motorway under a blue sky, 1280x720, 25 fps, 1.5 s"),
    "swan": (_SA, _SA_C, "assets/blackswan.mp4",
             "d45d051019b039554a2794ed5b870b3eff89c21b249d8896d3ef64ecd17fcf80",
             "a black swan swimming along a bank, camera following, 854x480, 30 fps, 1.7 s"),
}
SOURCES = {n: (f"github:{repo}@{commit}", path, lic, desc)
           for n, ((repo, lic), commit, path, _, desc) in FILES.items()}
mk.FRAMING.update({"dance": (0, 250, 406, 228)})  # the dancer's body in a 16:9 band of the portrait
# one recording in two files: one scene for the source check
SCENE = {"aoc": "vr3", "pair_lq": "pair"}
CUTS = {}  # no shot change inside any clip (largest frame difference at most 5.5x the median; the dark arena 7.1x)


def fetch(cache, mirror="/work/.mirror"):
    """{name: local file}, read at the pinned commits and checked against their SHA-256."""
    return fetch_files(FILES, cache, mirror, "heldout7")


# --------------------------------------------------------------------------
# Edits with other parameters than the earlier splits
# --------------------------------------------------------------------------

def sunset(f):
    """A warm sunset grade: orange gain, more contrast and saturation."""
    return mk.adjust(f, brightness=4, contrast=1.15, saturation=1.25, gain=(1.2, 0.97, 0.7))


def night(f):
    """A day-for-night grade: dark, blue, little saturation."""
    return mk.adjust(f, brightness=-35, contrast=0.9, saturation=0.5, gain=(0.78, 0.9, 1.2))


def grey_bright(f):
    return mk.adjust(grey(f), brightness=15, contrast=0.9)


def box_blur(f, k=9):
    return cv2.blur(f, (k, k))


def big_meme(f, top=("ME EXPLAINING", "WHY I'M LATE"), bottom="NOBODY:"):
    """Large meme text: two thick white lines at the top, one at the bottom (about a third of the frame)."""
    out = f.copy()
    h, w = f.shape[:2]
    rows = [(top[0], 0.15), (top[1], 0.31), (bottom, 0.94)]
    for line, y in rows:
        scale = w / 290
        (tw, _), _ = cv2.getTextSize(line, cv2.FONT_HERSHEY_DUPLEX, scale, 3)
        x = max(2, (w - tw) // 2)
        for col, th in (((0, 0, 0), 9), ((255, 255, 255), 3)):
            cv2.putText(out, line, (x, int(h * y)), cv2.FONT_HERSHEY_DUPLEX, scale, col, th, cv2.LINE_AA)
    return out


def caption_box(f):
    """A half-transparent black box over the lower third with two white lines, and a logo at the top left."""
    h, w = f.shape[:2]
    out = f.copy()
    y0 = int(h * 0.7)
    out[y0:] = (out[y0:].astype(np.float32) * 0.45).astype(np.uint8)
    for k, line in enumerate(("Interview recorded on Tuesday", "Source: social media")):
        cv2.putText(out, line, (int(w * 0.05), y0 + int(h * 0.11) + k * int(h * 0.1)),
                    cv2.FONT_HERSHEY_SIMPLEX, w / 700, (255, 255, 255), 1, cv2.LINE_AA)
    cv2.rectangle(out, (8, 8), (8 + int(w * 0.14), 8 + int(h * 0.1)), (0, 90, 200), -1)
    cv2.putText(out, "TV7", (12, 8 + int(h * 0.08)), cv2.FONT_HERSHEY_SIMPLEX, w / 900, (255, 255, 255), 2,
                cv2.LINE_AA)
    return out


def bar_subtitle(f, bar, line="(applause)  Thank you all for coming"):
    """One yellow subtitle line inside the lower black bar of a letterboxed frame."""
    out = f.copy()
    h, w = f.shape[:2]
    cv2.putText(out, line, (int(w * 0.2), h - bar // 3), cv2.FONT_HERSHEY_SIMPLEX, w / 800, (255, 230, 60), 1,
                cv2.LINE_AA)
    return out


def jacket(f, hue):
    """A changed costume: the jacket/jumper at both lower corners recoloured (the neck kept)."""
    return recolour_region(recolour_region(f, (0.0, 0.78, 0.33, 1.0), hue), (0.67, 0.78, 1.0, 1.0), hue)


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------

def heldout7_cases(P, d=2.4, f=1.0):
    """name -> (description, files, groups, "heldout7", edit label); P is build_eval.P."""
    S = lambda src, start, tag, dur=d, **kw: P(src, start, dur, tag=tag, **kw)  # noqa: E731
    n = int(d * 25)
    C = {}
    FA = ((P("cockatoo", 4.0, f), P("bikes", 7.52, f)), (P("tree", 1.0, f), P("launch", 0.5, f)))
    FB = ((P("lego", 1.0, f), P("vtest", 70.0, f)), (P("plant", 0.0, f), P("movie-hello", 1.0, f)))
    FC = ((P("bunny", 1.5, f), P("carphone", 0.5, f)), (P("bikes", 3.08, f), P("cockatoo", 12.0, f)))

    def reuse(name, edit, desc, src, start, tf=None, fillers=FA, speed=1.0, seq=None, dur=d, opt=None, **kw):
        fa, fb = fillers
        C[name] = (desc, {
            "a.mp4": ([fa[0], S(src, start, "o", dur=dur), fa[1]], {}),
            "b.mp4": ([fb[0], S(src, start, "c", dur=round(dur / speed, 6), speed=speed, tf=tf, desc=desc,
                                seq=seq, **kw), fb[1]], opt or {})},
            [("reuse", ["o", "c"])], "heldout7", edit)

    def reuse_within(name, edit, desc, src, start, tf=None, speed=1.0, dur=d):
        C[name] = (f"one video: {desc}", {
            "a.mp4": ([P("tree", 2.0, f), S(src, start, "o", dur=dur), P("vtest", 33.0, 1.4),
                       P("lego", 2.0, f), S(src, start, "c", dur=round(dur / speed, 6), speed=speed, tf=tf,
                                            desc=desc), P("plant", 0.0, f)], {})},
            [("reuse", ["o", "c"])], "heldout7", edit)

    # ---- reuse: every edit of the issue, new parameters
    reuse("h7_crop76", "crop anywhere", "76 % window right of centre, high (x 0.8, y 0.3)",
          "street", 1.0, lambda x: window(x, 0.8, 0.3, 0.76), FA)
    reuse("h7_crop92", "crop anywhere", "92 % window at the bottom edge (x 0.3, y 1.0)",
          "kh", 1.0, lambda x: window(x, 0.3, 1.0, 0.92), FB)
    reuse("h7_crop835_sunset", "crop 85 % off-centre + colour",
          "83.5 % window in the top right corner (x 1.0, y 0.05), warm sunset grade",
          "dogs", 0.2, lambda x: sunset(window(x, 1.0, 0.05, 0.835)), FC)
    reuse("h7_mirror", "mirror", "horizontal mirror", "girls", 0.4, mk.mirror, FA)
    reuse("h7_letterbox1610", "letterbox", "16:9 picture letterboxed into a 16:10 (480x300) video",
          "vr2", 0.5, lambda x: mk.fit(x, 480, 300), FB, opt={"h": 300}, frame=(480, 270))
    reuse("h7_letterbox44", "letterbox", "cinema letterbox with 44 px bars", "vr3", 0.5,
          lambda x: mk.letterbox(x, 44), FC)
    reuse("h7_rotate2.3", "rotation", "rotated 2.3 degrees (black corners)",
          "dance", 2.0, lambda x: rotate(x, 2.3, fill=False), FA)
    reuse("h7_rotate-3.8", "rotation", "rotated -3.8 degrees (zoomed to hide corners)",
          "vr4", 0.5, lambda x: rotate(x, -3.8), FB)
    reuse("h7_rotate4.4", "rotation", "rotated 4.4 degrees (zoomed to hide corners)",
          "pair", 14.0, lambda x: rotate(x, 4.4), FC)
    reuse("h7_pip42", "picture-in-picture", "shown at 42 % of the frame at the top left inside other footage",
          "tps", 0.5, Pip("vtest", 25.0, 0.42, (0.05, 0.1), dur=d), FA)
    reuse("h7_pip55", "picture-in-picture", "shown at 55 % of the frame at the right, mid-height, inside other footage",
          "flies", 20.0, Pip("cockatoo", 6.0, 0.55, (0.95, 0.5), dur=d), FB)
    reuse("h7_pip66", "picture-in-picture", "shown at 66 % of the frame, centred high, inside other footage",
          "vr5", 0.3, Pip("launch", 1.0, 0.66, (0.5, 0.1), dur=d), FC)
    reuse("h7_zoompan_in", "zoom with pan", "virtual zoom 100 %->60 % panning to the lower left",
          "street", 5.5, ZoomPan(n, 1.0, 0.60, 0.5, 0.1, 0.5, 0.9), FB)
    reuse("h7_zoompan_out_head", "zoom with pan", "virtual zoom out 62 %->97 % panning from the lower right up",
          "vr1", 0.5, ZoomPan(n, 0.62, 0.97, 0.85, 0.4, 0.85, 0.3), FC)
    reuse("h7_zoompan_out_arena", "zoom with pan", "virtual zoom out 75 %->100 % panning left",
          "flies", 60.0, ZoomPan(n, 0.75, 1.0, 0.9, 0.2, 0.5, 0.5), FA)
    reuse("h7_grade_night", "colour grading", "day-for-night grade (brightness -35, blue gain, saturation 0.5)",
          "girls", 0.8, night, FB)
    reuse("h7_grade_sunset", "colour grading", "warm sunset grade (orange gain, contrast 1.15, saturation 1.25)",
          "kh", 4.5, sunset, FC)
    reuse("h7_grey_bright", "greyscale", "greyscale, brighter (brightness +15, contrast 0.9)",
          "dogs", 0.1, grey_bright, FA)
    reuse("h7_blur3.3", "blur", "Gaussian blur sigma 3.3", "vr2", 2.5, lambda x: blur(x, 3.3), FC)
    reuse("h7_boxblur9", "blur", "box blur over 9x9 px", "pair", 40.0, box_blur, FB)
    reuse("h7_meme_big", "burned-in text", "large meme text (two thick lines at the top, one at the bottom)",
          "vr4", 3.8, big_meme, FA)
    reuse("h7_caption", "burned-in text", "a half-transparent caption box over the lower third and a channel logo",
          "tps", 3.5, caption_box, FB)
    reuse("h7_fps10", "frame-rate conversion", "24 fps source at 25, then 25 -> 10 -> 25 fps (frames dropped, each kept 2-3 times)",
          "girls", 0.3, None, FC, seq=lambda fr: fps_convert(fr, 10))
    reuse("h7_fps20", "frame-rate conversion", "25 -> 20 -> 25 fps (every fifth frame dropped, one doubled)",
          "vr5", 2.4, None, FA, seq=lambda fr: fps_convert(fr, 20))
    reuse("h7_speed0.61", "speed", "slowed to 0.61x", "flies", 50.0, None, FB, speed=0.61, dur=1.5)
    reuse("h7_speed0.69", "speed", "slowed to 0.69x", "dance", 12.0, None, FA, speed=0.69, dur=1.7)
    reuse("h7_speed1.42", "speed", "sped up to 1.42x", "kh", 2.0, None, FC, speed=1.42, dur=3.4)
    reuse("h7_speed1.96", "speed", "sped up to 1.96x", "flies", 90.0, None, FA, speed=1.96, dur=4.7)
    # combinations of two (none of an earlier split, except picture-in-picture + mirror, missed on heldout6)
    reuse("h7_pip_mirror", "picture-in-picture + mirror", "mirrored, at 48 % of the frame at the top right",
          "vr1", 3.0, lambda x, p=Pip("bunny", 0.0, 0.48, (0.95, 0.05), dur=d): p(mk.mirror(x)), FB)
    reuse("h7_pip_rotate", "picture-in-picture + rotation",
          "rotated 3.0 degrees (zoomed), shown at 60 % of the frame at the lower left inside other footage",
          "dogs", 0.0, lambda x, p=Pip("vtest", 55.0, 0.60, (0.05, 0.9), dur=d): p(rotate(x, 3.0)), FA)
    reuse("h7_speed_grade", "speed + colour", "slowed to 0.83x, warm sunset grade",
          "tps", 1.0, sunset, FC, speed=0.83, dur=2.0)
    reuse("h7_grey_fps", "greyscale + frame-rate conversion", "greyscale, 25 -> 17 -> 25 fps",
          "dance", 3.0, grey, FB, seq=lambda fr: fps_convert(fr, 17))
    reuse("h7_fps_mirror", "frame-rate conversion + mirror", "mirrored, 25 -> 12 -> 25 fps",
          "street", 7.0, mk.mirror, FC, seq=lambda fr: fps_convert(fr, 12))
    reuse("h7_blur_text", "blur + burned-in text", "blurred (sigma 1.6) under large meme text",
          "girls", 0.6, lambda x: big_meme(blur(x, 1.6), ("SCHOOL'S OUT", "FOREVER"), "FINALLY"), FA)
    reuse("h7_letterbox_text", "letterbox + burned-in text", "letterboxed (42 px bars), a subtitle line in the lower bar",
          "aoc", 3.0, lambda x: bar_subtitle(mk.letterbox(x, 42), 42), FB)
    reuse("h7_zoompan_mirror", "zoom with pan + mirror", "mirrored, virtual zoom 90 %->68 % panning up",
          "kh", 5.2, lambda x, z=ZoomPan(n, 0.90, 0.68, 0.5, 0.5, 0.8, 0.2): mk.mirror(z(x)), FC)
    # within one video
    reuse_within("h7_w_rotate_speed", "rotation + speed", "rotated -2.6 degrees (zoomed) and slowed to 0.74x",
                 "vr4", 1.0, lambda x: rotate(x, -2.6), speed=0.74, dur=1.8)
    reuse_within("h7_w_pip_text", "picture-in-picture + burned-in text",
                 "at 45 % of the frame low right of centre inside other footage, a caption box over the whole frame",
                 "pair", 30.0, lambda x, p=Pip("carphone", 1.0, 0.45, (0.7, 0.85), dur=d): caption_box(p(x)))
    reuse_within("h7_w_mirror_rotate", "mirror + rotation", "mirrored and rotated 1.9 degrees (zoomed)",
                 "vr5", 0.0, lambda x: rotate(mk.mirror(x), 1.9))
    # real copies made by the sources themselves
    C["h7_reencode_real"] = (
        "one recording of two flies from two encodes the source itself made (centered_pair_small, "
        "centered_pair_low_quality), 15 fps source",
        {"a.mp4": ([P("cockatoo", 4.0, f), S("pair", 5.0, "o"), P("bikes", 7.52, f)], {}),
         "b.mp4": ([P("tree", 1.0, f), S("pair_lq", 5.0, "c", desc="the source's lower-quality encode"),
                    P("launch", 0.5, f)], {})},
        [("reuse", ["o", "c"])], "heldout7", "re-encode (real second encode)")
    C["h7_recrop_real"] = (
        "one recording of a woman before flags as cropped and encoded by two projects (SadTalker: face; "
        "video-retalking: wider, shoulders); head pose and mouth agree frame by frame, the eyes differ "
        "(one copy's eye region processed)",
        {"a.mp4": ([P("lego", 1.0, f), S("aoc", 0.52, "o"), P("vtest", 70.0, f)], {}),
         "b.mp4": ([P("plant", 0.0, f), S("vr3", 0.5, "c", desc="another project's wider crop and encode"),
                    P("movie-hello", 1.0, f)], {})},
        [("reuse", ["o", "c"])], "heldout7", "crop + re-encode (real copy by another project)")
    C["h7_three_times"] = (
        "one 2.4 s segment used three times: plain, 84 % window at the left rotated 1.4 degrees, "
        "blurred (sigma 2.0) with 30 px letterbox",
        {"a.mp4": ([P("launch", 0.5, f), S("dance", 6.5, "o"), P("plant", 0.0, f),
                    S("dance", 6.5, "c1", tf=lambda x: rotate(window(x, 0.0, 0.5, 0.84), 1.4),
                      desc="84 % window at the left, rotated 1.4 degrees"), P("tree", 2.0, f)], {}),
         "b.mp4": ([P("cockatoo", 8.0, f),
                    S("dance", 6.5, "c2", tf=lambda x: mk.letterbox(blur(x, 2.0), 30),
                      desc="blurred (sigma 2.0), 30 px letterbox"), P("bikes", 0.0, 1.16)], {})},
        [("reuse", ["o", "c1", "c2"])], "heldout7", "three times")

    # ---- retakes: two different recorded moments of one set-up
    retakes = [  # (name, label, description, (src, t) first, (src, t) second, same file, tf, dur)
        ("h7_rt_static_street", "retake: static set-up, other people passing",
         "the fixed street camera 5.2 s later: other people and cyclists passing", ("street", 0.2),
         ("street", 5.4), False, None, d),
        ("h7_rt_moved_street_w", "retake: slightly moved camera",
         "the street 4.6 s later, camera moved: 93 % window at the upper right, one video", ("street", 2.8),
         ("street", 7.4), True, lambda x: window(x, 0.85, 0.1, 0.93), d),
        ("h7_rt_static_flies", "retake: static set-up, other moment",
         "the fixed camera over the fly arena 65 s later, the flies elsewhere", ("flies", 5.0), ("flies", 70.0),
         False, None, d),
        ("h7_rt_static_pair_w", "retake: static set-up, other moment",
         "the two flies in their chamber 40 s later, one video", ("pair", 20.0), ("pair", 60.0), True, None, d),
        ("h7_rt_talk_vr5", "retake: talking head, other moment",
         "the woman with glasses 2.45 s later, other words", ("vr5", 0.0), ("vr5", 2.45), False, None, d),
        ("h7_rt_action_dance", "retake: repeated action", "the woman dancing again 7.5 s later, other moves",
         ("dance", 0.5), ("dance", 8.0), False, None, d),
        ("h7_rt_action_girls", "retake: repeated action",
         "the schoolgirls walking about again 1.7 s later (1.55 s each)", ("girls", 0.0), ("girls", 1.7), False,
         None, 1.55),
        ("h7_rt_talk_kh", "retake: talking head, other moment",
         "the same woman before the same room 5 s later, other words", ("kh", 0.3), ("kh", 5.3), False, None, d),
        ("h7_rt_talk_vr4_w", "retake: talking head, other moment",
         "the woman before the blue wall 3.9 s later, one video", ("vr4", 0.2), ("vr4", 4.1), True, None, d),
        ("h7_rt_moved_vr2", "retake: slightly moved camera",
         "the man before the map 2.45 s later, camera moved: 91.5 % window at the lower left, turned 0.9 degrees",
         ("vr2", 0.1), ("vr2", 2.55), False, lambda x: rotate(window(x, 0.1, 0.85, 0.915), 0.9), d),
        ("h7_rt_costume_vr1", "retake: changed costume",
         "the man 3.4 s later, the jacket recoloured at both lower corners (hue +50)", ("vr1", 0.2),
         ("vr1", 3.6), False, lambda x: jacket(x, 50), d),
        ("h7_rt_costume_tps", "retake: changed costume",
         "the man 3.9 s later, the jumper recoloured at both lower corners (hue +110)", ("tps", 0.3),
         ("tps", 4.2), False, lambda x: jacket(x, 110), d),
    ]
    for name, label, desc, (s1, t1), (s2, t2), same, tf, dur in retakes:
        a = S(s1, t1, "t1", dur=dur)
        b = S(s2, t2, "t2", dur=dur, tf=tf, desc=desc if tf else "none")
        if same:
            files = {"a.mp4": ([P("bunny", 1.0, f), a, P("bikes", 7.52, f), b, P("plant", 0.0, f)], {})}
        else:
            files = {"a.mp4": ([P("lego", 1.5, f), a, P("cockatoo", 6.0, f)], {}),
                     "b.mp4": ([P("tree", 0.5, f), b, P("vtest", 64.0, f)], {})}
        C[name] = (f"retake: {desc}", files, [("retake", ["t1", "t2"])], "heldout7", label)

    # ---- negatives: different footage, most of it similar-looking
    neg = [
        ("h7_neg_suits", "similar scenes: two different men in dark suits and ties talking to the camera (vr1; vr2)",
         [P("vr1", 1.0, 2.6), P("tree", 0.0, f)], [P("vr2", 1.5, 2.6), P("bikes", 5.52, f)]),
        ("h7_neg_plain_walls", "similar scenes: two different women before plain walls talking to the camera (vr4; vr5)",
         [P("vr4", 2.0, 2.6), P("lego", 0.5, f)], [P("vr5", 1.0, 2.6), P("plant", 0.0, f)]),
        ("h7_neg_women_speakers", "similar scenes: two different women talking to the camera indoors (kh; vr3)",
         [P("kh", 2.5, 2.6), P("launch", 0.0, f)], [P("vr3", 2.0, 2.6), P("cockatoo", 10.0, f)]),
        ("h7_neg_outdoor", "similar scenes: people outdoors on grass with a moving camera (dogs; girls)",
         [P("dogs", 0.3, 2.4), P("tree", 0.0, f)], [P("girls", 0.5, 2.4), P("bikes", 0.0, 1.16)]),
        ("h7_neg_traffic", "similar scenes: traffic seen from above or from a car (street; road)",
         [P("street", 2.0, 2.4), P("lego", 0.5, f)], [P("road", 0.0, 1.45), P("vtest", 40.0, f)]),
        ("h7_neg_unrelated", "unrelated real clips (swan, face, face / dance, arena, face)",
         [P("swan", 0.0, 1.55), P("kh", 6.0, 1.9), P("tps", 2.0, 2.2)],
         [P("dance", 13.0, 1.9), P("flies", 100.0, 2.2), P("vr5", 2.5, 2.2)]),
        ("h7_neg_titles", "unrelated clips between black gaps and title cards with other words",
         [P("girls", 1.0, 2.0), P("bunny", 0.0, 1.4, join="black", black=20, tf=title("PART TWO"), desc="title card"),
          P("vr2", 3.0, 1.9, join="black", black=20)],
         [P("street", 8.0, 2.0), P("plant", 0.0, 1.16, join="black", black=20, tf=title("THE END"), desc="title card"),
          P("pair", 65.0, 2.0, join="black", black=20)]),
    ]
    for name, desc, a, b in neg:
        C[name] = (f"negative: {desc}", {"a.mp4": (a, {}), "b.mp4": (b, {})}, [], "heldout7", "negative")
    return C


def check_sources(name, files, groups, cuts):
    """Footage of one source (or of one recording in two files) used twice in a case must be a
    grouped repeat or retake: heldout6's check (title cards do not count) on pieces whose source
    is named by its recording (``SCENE``; no heldout7 name is one of heldout6's)."""
    rec = {f: ([replace(p, src=SCENE.get(p.src, p.src)) for p in pieces], opt) for f, (pieces, opt) in files.items()}
    heldout6_cases.check_sources(name, rec, groups, {**cuts, **CUTS})
