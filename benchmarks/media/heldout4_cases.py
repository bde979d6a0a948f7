"""Split "heldout4": repeated-segment cases for issue 11 whose repeated material comes from
footage that no other split, test or sample uses (four GitHub repositories claimed for it).
Built by someone who did not change the matcher and never ran it on these cases, while the
matcher was being changed on development data; kept out of all tuning and scored once.

    python benchmarks/media/build_eval.py --heldout4 --out /tmp/vf_heldout4 --sources /tmp/vf_heldout4_src
    python benchmarks/evaluate.py /tmp/vf_heldout4 --split heldout4

Imported by build_eval.py. The clips are read at pinned commits from bare git snapshots
(``--mirror``, default /work/.mirror, one ``owner+name/repo`` directory per repository); each
file's SHA-256 is checked before use. They are never committed:

* moviepy: ``chaplin`` (a static camera on a park path, two men in a silent film, 9.6 s);
* decord: ``pancake`` (handheld in a kitchen, a woman flipping a pancake again and again, 10.4 s);
* pysot: ``bag`` (handheld, following a plastic bag blown over rough ground, 7.8 s);
* co-tracker: ``pillow``, ``teddy``, ``backpack`` (handheld phone shots of a person shaking a
  pillow, a teddy bear, swinging a backpack), ``cat`` (handheld on a cat on a sofa), ``apple``
  (an apple on a table), ``bear`` (a bear walking in a zoo enclosure), ``glider`` and
  ``glider_launch`` (a paraglider in the sky over a valley; another paraglider launching on a
  slope above a valley).

Fillers, picture-in-picture backgrounds and the other side of negatives use the older sources of
sample_media/_mediakit.py, never a case's repeated material. Every edit has parameters other than
those of edit_cases.py, heldout2_cases.py, heldout3_cases.py and dev2_cases.py. Retakes are always
two DIFFERENT recorded moments, never an edited copy of the same frames; where a retake carries an
edit (a moved camera, a recoloured shirt), it is applied to the other moment only.
"""
import cv2

import _mediakit as mk
from edit_cases import Pip, ZoomPan, blur, fps_convert, grey, recolour_region, rotate, window
from heldout2_cases import title
from heldout3_cases import fetch_files

_MP = ("Zulko/moviepy", "MIT (moviepy repository licence); the clip is from a Charlie Chaplin "
       "silent film of the 1910s (public domain in the US; not restated by the repository)")
_DE = ("dmlc/decord", "Apache-2.0 (decord repository licence); the clip comes from a public "
       "action data set (Kinetics, YouTube) whose terms the repository does not restate: "
       "evaluation only, fetched at build time, never committed")
_PS = ("STVIR/pysot", "Apache-2.0 (pysot repository licence); the clip is the VOT 'bag' "
       "sequence, whose terms the repository does not restate: evaluation only, never committed")
_CT = ("facebookresearch/co-tracker", "CC-BY-NC-4.0 (co-tracker repository licence, "
       "non-commercial; bear and paragliding are DAVIS sequences): evaluation only, fetched at "
       "build time, never committed")
_MP_C, _DE_C = "7ffa4f00376237137a25fe1c777355c37753e9af", "d2e56190286ae394032a8141885f76d5372bd44b"
_PS_C, _CT_C = "d04028f8e18c6b27ee150a7c0d8aab9a1807219e", "82e02e8029753ad4ef13cf06be7f4fc5facdda4d"
_GV = "gradio_demo/videos/"
FILES = {  # name -> (repository, commit, path, sha256, description)
    "chaplin": (_MP, _MP_C, "media/chaplin.mp4",
                "ca976f15c715cc60385d33145aa4e18be15882832fe64c2b2277ddb0699b1eb2",
                "static camera on a park path, two men (silent film, greyscale), 640x360 pillarboxed, 25 fps, 9.6 s"),
    "pancake": (_DE, _DE_C, "examples/flipping_a_pancake.mkv",
                "56279fa0f498d4fe45b7419cdd9d245d4118ab16ec720ec638fe3a1dba146d3a",
                "handheld in a kitchen: a woman flipping a pancake several times, 426x240, 30 fps, 10.4 s"),
    "bag": (_PS, _PS_C, "demo/bag.avi",
            "e64a991d07b60a1217d24d2c368aa0c1963babf9fe38cc203e2bc1830bb7aad1",
            "handheld: a white plastic bag blown over rough ground, 480x360, 25 fps, 7.8 s"),
    "pillow": (_CT, _CT_C, _GV + "pillow.mp4",
               "8f05818f586d7b0796fcd4714ea4be489c93701598cadc86ce7973fc24655fee",
               "handheld phone, portrait: a person in a patterned shirt shaking a pillow on a street, 368x480, 20 fps, 7.3 s"),
    "teddy": (_CT, _CT_C, _GV + "teddy.mp4",
              "720503173c3b23b1d3d3fefa0e930558f944f0562e6a7b3c23810fc7046b39c7",
              "handheld phone, portrait: the same person seated, moving a teddy bear, 368x480, 20 fps, 7.0 s"),
    "backpack": (_CT, _CT_C, _GV + "backpack.mp4",
                 "4b5ac6b2285ffb48e3a740e419e38c781df9c963589a5fd894e5b4e13dd6a8b8",
                 "handheld phone, portrait: a person swinging a backpack by stairs, 368x480, 20 fps, 4.35 s"),
    "cat": (_CT, _CT_C, _GV + "cat.mp4",
            "a41ab94e89fd0f44f829d545ab6e604437146608357266709e0cc726378d1872",
            "handheld phone, portrait: a cat on a sofa, 368x480, 20 fps, 4.35 s"),
    "apple": (_CT, _CT_C, "assets/apple.mp4",
              "c7f48c5cfb1479e1dbc1df2373d5cad4f55c198bbdb379da0ece10087971542a",
              "an apple on a speckled table, camera moving a little, 1296x720, 10 fps, 5.0 s"),
    "bear": (_CT, _CT_C, _GV + "bear.mp4",
             "eeffab1780be601b19b2097be81a8c2d4fa2b624ac1028be0a32191d25acca0f",
             "a bear walking in a zoo enclosure, camera panning (DAVIS), 854x480, 30 fps, 2.7 s"),
    "glider": (_CT, _CT_C, _GV + "paragliding.mp4",
               "d5cc8498d96ed551b2cc0b7086070f0abb82855b845f22770ca0993ce968ceaa",
               "a paraglider in the sky over a valley (DAVIS), 854x480, 30 fps, 2.3 s"),
    "glider_launch": (_CT, _CT_C, _GV + "paragliding-launch.mp4",
                      "4cdc5c670b372cc93763a4cbed99a79080ff98185b9386cea90920d71c14d31f",
                      "another paraglider launching on a grass slope above a valley (DAVIS), 854x480, 30 fps, 2.7 s"),
}
SOURCES = {n: (f"github:{repo}@{commit}", path, lic, desc)
           for n, ((repo, lic), commit, path, _, desc) in FILES.items()}
mk.FRAMING["chaplin"] = (72, 0, 496, 360)  # the picture inside chaplin's pillarbox bars


def fetch(cache, mirror="/work/.mirror"):
    """{name: local file}, read at the pinned commits and checked against their SHA-256."""
    return fetch_files(FILES, cache, mirror, "heldout4")


# --------------------------------------------------------------------------
# Edits with other parameters than the earlier splits
# --------------------------------------------------------------------------

def bleach(f):
    """A 'bleach bypass' grade: desaturated, hard contrast, green-cyan shadows."""
    return mk.adjust(f, brightness=4, contrast=1.35, saturation=0.55, gain=(0.92, 1.06, 1.0))


def magenta(f):
    """A magenta/purple grade."""
    return mk.adjust(f, brightness=10, contrast=0.9, saturation=1.15, gain=(1.12, 0.86, 1.14))


def grey_light(f):
    return mk.adjust(grey(f), brightness=14, contrast=0.85)


def top_caption(f, line="VIDEO CIRCULATING SINCE FRIDAY", credit="@local_witness"):
    """A solid caption bar across the top 14 % and a credit at the lower right."""
    out = f.copy()
    h, w = f.shape[:2]
    cv2.rectangle(out, (0, 0), (w, int(h * 0.14)), (250, 205, 40), -1)
    cv2.putText(out, line, (int(w * 0.03), int(h * 0.1)), cv2.FONT_HERSHEY_DUPLEX, w / 1000,
                (10, 10, 10), 1, cv2.LINE_AA)
    cv2.putText(out, credit, (int(w * 0.66), int(h * 0.95)), cv2.FONT_HERSHEY_SIMPLEX, w / 1100,
                (255, 255, 255), 1, cv2.LINE_AA)
    return out


def watermark(f):
    """A large half-transparent watermark across the middle and a handle in a corner."""
    h, w = f.shape[:2]
    over = f.copy()
    cv2.putText(over, "VIRALCLIPS", (int(w * 0.1), int(h * 0.58)), cv2.FONT_HERSHEY_DUPLEX,
                w / 280, (255, 255, 255), 4, cv2.LINE_AA)
    out = cv2.addWeighted(over, 0.45, f, 0.55, 0)
    cv2.putText(out, "viralclips.example", (int(w * 0.02), int(h * 0.07)), cv2.FONT_HERSHEY_SIMPLEX,
                w / 1000, (255, 255, 255), 1, cv2.LINE_AA)
    return out


def side_caption(f):
    """Two lines of caption text at the lower left with a dark outline (no box)."""
    out = f.copy()
    h, w = f.shape[:2]
    for k, line in enumerate(("Same place,", "one hour later?")):
        for col, th in (((0, 0, 0), 4), ((255, 240, 160), 1)):
            cv2.putText(out, line, (int(w * 0.04), int(h * 0.78) + k * int(h * 0.1)),
                        cv2.FONT_HERSHEY_DUPLEX, w / 700, col, th, cv2.LINE_AA)
    return out


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------

def heldout4_cases(P, d=2.8, f=1.2):
    """name -> (description, files, groups, "heldout4", edit label); P is build_eval.P."""
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
            [("reuse", ["o", "c"])], "heldout4", edit)

    def reuse_within(name, edit, desc, src, start, tf=None, speed=1.0, dur=d):
        C[name] = (f"one video: {desc}", {
            "a.mp4": ([P("lego", 0.5, f), S(src, start, "o", dur=dur), P("vtest", 30.0, 1.6),
                       P("cockatoo", 10.0, f), S(src, start, "c", dur=round(dur / speed, 6), speed=speed, tf=tf,
                                                 desc=desc), P("bikes", 0.0, 1.16)], {})},
            [("reuse", ["o", "c"])], "heldout4", edit)

    # ---- reuse: every edit of the issue, new parameters
    reuse("h4_crop74", "crop anywhere", "74 % window low and left of centre (x 0.35, y 0.8)",
          "pancake", 0.4, lambda x: window(x, 0.35, 0.8, 0.74), FA)
    reuse("h4_crop81", "crop anywhere", "81 % window at the right (x 0.9, y 0.6)",
          "teddy", 3.9, lambda x: window(x, 0.9, 0.6, 0.81), FB)
    reuse("h4_crop86_magenta", "crop 85 % off-centre + colour", "86 % window in the top right corner, magenta grade",
          "bag", 4.6, lambda x: magenta(window(x, 1.0, 0.0, 0.86)), FC)
    reuse("h4_mirror", "mirror", "horizontal mirror", "backpack", 0.2, mk.mirror, FA)
    reuse("h4_letterbox43", "letterbox", "16:9 picture letterboxed into a 4:3 (480x360) video",
          "bear", 0.0, lambda x: mk.fit(x, 480, 360), FB, dur=2.6, opt={"h": 360}, frame=(480, 270))
    reuse("h4_rotate2.8", "rotation", "rotated 2.8 degrees (black corners)",
          "cat", 0.3, lambda x: rotate(x, 2.8, fill=False), FC)
    reuse("h4_rotate-3.3", "rotation", "rotated -3.3 degrees (zoomed to hide corners)",
          "chaplin", 6.2, lambda x: rotate(x, -3.3), FA)
    reuse("h4_rotate4.8", "rotation", "rotated 4.8 degrees (zoomed to hide corners)",
          "apple", 1.5, lambda x: rotate(x, 4.8), FB)
    reuse("h4_pip46", "picture-in-picture", "shown at 46 % of the frame low left of centre inside other footage",
          "pillow", 0.5, Pip("vtest", 40.0, 0.46, (0.3, 0.75), dur=d), FC)
    reuse("h4_pip58", "picture-in-picture", "shown at 58 % of the frame in the top left corner inside other footage",
          "backpack", 1.3, Pip("cockatoo", 4.0, 0.58, (0.0, 0.0), dur=d), FC)
    reuse("h4_pip70", "picture-in-picture", "shown at 70 % of the frame, centred high, inside other footage",
          "glider_launch", 0.2, Pip("vtest", 5.0, 0.70, (0.5, 0.3), dur=2.4), FA, dur=2.4)
    reuse("h4_zoompan_in", "zoom with pan", "virtual zoom 100 %->66 % panning to the lower right",
          "pancake", 5.8, ZoomPan(n, 1.0, 0.66, 0.5, 0.95, 0.4, 0.9), FB)
    reuse("h4_zoompan_out", "zoom with pan", "virtual zoom out 74 %->98 % panning from the bottom up",
          "bag", 0.3, ZoomPan(n, 0.74, 0.98, 0.6, 0.4, 1.0, 0.2), FA)
    reuse("h4_grade_bleach", "colour grading", "bleach-bypass grade (saturation 0.55, contrast 1.35, green-cyan cast)",
          "teddy", 0.2, bleach, FC)
    reuse("h4_grey_light", "greyscale", "greyscale, lightened and flattened (brightness +14, contrast 0.85)",
          "pillow", 4.2, grey_light, FA)
    reuse("h4_blur3.5", "blur", "Gaussian blur sigma 3.5", "bear", 0.1, lambda x: blur(x, 3.5), FB, dur=2.6)
    reuse("h4_blur7", "blur", "Gaussian blur sigma 7 (heavy)", "cat", 1.4, lambda x: blur(x, 7.0), FA)
    reuse("h4_caption_top", "burned-in text", "yellow caption bar across the top and a credit at the lower right",
          "glider_launch", 0.3, top_caption, FC, dur=2.4)
    reuse("h4_watermark", "burned-in text", "large half-transparent watermark across the middle and a corner handle",
          "glider", 0.0, watermark, FC, dur=2.2)
    reuse("h4_fps11", "frame-rate conversion", "25 -> 11 fps -> 25 fps (frames dropped and doubled)",
          "bag", 2.4, None, FB, seq=lambda fr: fps_convert(fr, 11))
    reuse("h4_fps6", "frame-rate conversion", "20 fps source at 25, then 25 -> 6 -> 25 fps",
          "teddy", 1.6, None, FA, seq=lambda fr: fps_convert(fr, 6))
    reuse("h4_speed0.58", "speed", "slowed to 0.58x", "chaplin", 2.8, None, FC, speed=0.58, dur=2.0)
    reuse("h4_speed1.15", "speed", "sped up to 1.15x", "bag", 3.8, None, FA, speed=1.15, dur=3.3)
    reuse("h4_speed1.6", "speed", "sped up to 1.6x", "pillow", 1.0, None, FB, speed=1.6, dur=4.5)
    reuse("h4_speed1.95", "speed", "sped up to 1.95x", "pancake", 2.2, None, FA, speed=1.95, dur=5.5)
    # combinations of two
    reuse("h4_speed0.7_crop", "speed + crop", "slowed to 0.7x and 83 % window at the lower left",
          "cat", 2.2, lambda x: window(x, 0.1, 0.85, 0.83), FB, speed=0.7, dur=2.0)
    reuse("h4_rotate_blur", "rotation + blur", "rotated -2.4 degrees (zoomed) and blurred (sigma 2.2)",
          "apple", 0.0, lambda x: blur(rotate(x, -2.4), 2.2), FC)
    reuse("h4_pip_grade", "picture-in-picture + colour", "bleach-bypass graded at 52 % of the frame inside other footage",
          "chaplin", 4.0, lambda x, p=Pip("cockatoo", 1.0, 0.52, (0.85, 0.6), dur=d): p(bleach(x)), FA)
    reuse("h4_zoompan_fps", "zoom with pan + frame-rate conversion", "zoom 96 %->78 % panning left, 25 -> 14 -> 25 fps",
          "pillow", 2.0, ZoomPan(n, 0.96, 0.78, 0.9, 0.1, 0.5, 0.4), FC, seq=lambda fr: fps_convert(fr, 14))
    reuse("h4_mirror_text", "mirror + burned-in text", "mirrored with a two-line caption at the lower left",
          "teddy", 4.1, lambda x: side_caption(mk.mirror(x)), FB)
    reuse("h4_grey_crop", "greyscale + crop", "greyscale and 77 % window at the top (x 0.5, y 0.05)",
          "apple", 2.0, lambda x: grey(window(x, 0.5, 0.05, 0.77)), FA)
    reuse("h4_letterbox_speed", "letterbox + speed", "1.35x faster and letterboxed (44 px bars)",
          "backpack", 0.6, lambda x: mk.letterbox(x, 44), FC, speed=1.35, dur=3.4)
    # within one video
    reuse_within("h4_w_crop_text", "crop + burned-in text", "79 % window at the upper left with a caption bar",
                 "bag", 1.0, lambda x: top_caption(window(x, 0.15, 0.2, 0.79), "WHAT IS THIS?", "@cam2"))
    reuse_within("h4_w_mirror_bright", "mirror + colour", "mirrored and brightened (+24)",
                 "pancake", 7.0, lambda x: mk.adjust(mk.mirror(x), brightness=24, contrast=1.05), dur=2.6)
    reuse_within("h4_w_speed1.45", "speed", "sped up to 1.45x", "chaplin", 5.0, speed=1.45, dur=3.6)
    C["h4_three_times"] = (
        "one 2.8 s segment used three times: plain, mirrored + 88 % window, letterboxed (30 px) + darkened",
        {"a.mp4": ([P("plant", 0.0, 1.16), S("cat", 1.0, "o"), P("tree", 0.0, f),
                    S("cat", 1.0, "c1", tf=lambda x: window(mk.mirror(x), 0.7, 0.3, 0.88),
                      desc="mirrored, 88 % window"), P("launch", 3.3, 1.6)], {}),
         "b.mp4": ([P("vtest", 12.0, f),
                    S("cat", 1.0, "c2", tf=lambda x: mk.letterbox(mk.adjust(x, brightness=-22), 30),
                      desc="30 px letterbox, brightness -22"), P("bunny", 0.5, f)], {})},
        [("reuse", ["o", "c1", "c2"])], "heldout4", "three times")

    # ---- retakes: two different recorded moments of one set-up
    retakes = [  # (name, label, description, (src, t) first, (src, t) second, same file, tf, dur)
        ("h4_rt_static_chaplin", "retake: static set-up, other moment",
         "static camera on the park path, 6 s later: the same two men, elsewhere in the frame",
         ("chaplin", 0.0), ("chaplin", 6.0), False, None, 2.4),
        ("h4_rt_static_apple", "retake: static set-up, other moment",
         "the apple on the table, 3 s later (camera drifting a little)", ("apple", 0.0), ("apple", 3.0), False,
         None, 2.0),
        ("h4_rt_action_pancake", "retake: repeated action",
         "kitchen, the pancake flipped again 4.6 s later", ("pancake", 0.2), ("pancake", 4.8), False, None, d),
        ("h4_rt_action_pillow", "retake: repeated action",
         "the pillow shaken again 3.8 s later", ("pillow", 0.0), ("pillow", 3.8), False, None, 3.2),
        ("h4_rt_action_teddy_w", "retake: repeated action",
         "the teddy bear moved again 4 s later, one video", ("teddy", 0.0), ("teddy", 4.0), True, None, d),
        ("h4_rt_action_backpack", "retake: repeated action",
         "the backpack swung again 2.2 s later", ("backpack", 0.0), ("backpack", 2.2), False, None, 2.0),
        ("h4_rt_handheld_cat", "retake: handheld, same subject",
         "handheld phone on the same cat, two moments 2.3 s apart", ("cat", 0.0), ("cat", 2.3), False, None, 2.0),
        ("h4_rt_handheld_bag", "retake: handheld, same subject",
         "handheld camera following the bag, two moments 4.8 s apart", ("bag", 0.0), ("bag", 4.8), False, None, d),
        ("h4_rt_moved_pancake", "retake: slightly moved camera",
         "kitchen 5.2 s later, camera moved: 92 % window at the lower right, turned 1 degree",
         ("pancake", 1.0), ("pancake", 6.2), False, lambda x: rotate(window(x, 0.8, 0.9, 0.92), 1.0), 2.6),
        ("h4_rt_moved_chaplin", "retake: slightly moved camera",
         "park path 6 s later, camera moved: 93 % window at the top left, one video", ("chaplin", 0.5),
         ("chaplin", 6.5), True, lambda x: window(x, 0.05, 0.1, 0.93), 2.4),
        ("h4_rt_costume_teddy", "retake: changed costume",
         "the teddy bear moved again 3.4 s later, the shirt recoloured (hue +50)", ("teddy", 0.4), ("teddy", 3.8),
         False, lambda x: recolour_region(x, (0.0, 0.0, 1.0, 0.4), 50), 2.6),
    ]
    for name, label, desc, (s1, t1), (s2, t2), same, tf, dur in retakes:
        a = S(s1, t1, "t1", dur=dur)
        b = S(s2, t2, "t2", dur=dur, tf=tf, desc=desc if tf else "none")
        if same:
            files = {"a.mp4": ([P("cockatoo", 10.0, f), a, P("bikes", 5.52, f), b, P("tree", 0.0, f)], {})}
        else:
            files = {"a.mp4": ([P("launch", 0.0, f), a, P("plant", 0.0, 1.16)], {}),
                     "b.mp4": ([P("lego", 0.5, f), b, P("vtest", 50.0, f)], {})}
        C[name] = (f"retake: {desc}", files, [("retake", ["t1", "t2"])], "heldout4", label)

    # ---- negatives: different footage, some of it similar-looking
    neg = [
        ("h4_neg_gliders", "similar scenes: two different paragliders over the same kind of valley",
         [P("glider", 0.0, 2.2), P("tree", 0.0, f)], [P("glider_launch", 0.0, 2.6), P("bikes", 0.0, 1.16)]),
        ("h4_neg_same_shirt", "similar scenes: the same person and shirt, other objects and places (pillow; teddy)",
         [P("pillow", 0.5, 3.0), P("lego", 0.5, f)], [P("teddy", 0.5, 3.0), P("plant", 0.0, 1.16)]),
        ("h4_neg_animals", "similar scenes: two handheld shots of different animals (cat; bear)",
         [P("cat", 0.5, 3.0), P("launch", 0.0, f)], [P("bear", 0.0, 2.6), P("cockatoo", 10.0, f)]),
        ("h4_neg_ground", "similar scenes: a pale object on grey speckled ground or table (bag; apple)",
         [P("bag", 2.0, 3.0), P("tree", 0.0, f)], [P("apple", 0.5, 3.0), P("bikes", 5.52, f)]),
        ("h4_neg_unrelated", "unrelated real clips (kitchen, park path, backpack / teddy, glider, bag)",
         [P("pancake", 0.0, 2.5), P("chaplin", 1.0, 2.5), P("backpack", 0.0, 2.5)],
         [P("teddy", 2.0, 2.5), P("glider", 0.0, 2.2), P("bag", 5.0, 2.5)]),
        ("h4_neg_titles", "unrelated clips between black gaps and title cards with other words",
         [P("pancake", 6.0, 2.5), P("bunny", 0.0, 1.5, join="black", black=20, tf=title("PART 2"), desc="title card"),
          P("apple", 1.0, 2.5, join="black", black=20)],
         [P("chaplin", 7.0, 2.5), P("plant", 0.0, 1.16, join="black", black=20, tf=title("THE END"), desc="title card"),
          P("pillow", 2.0, 2.5, join="black", black=20)]),
    ]
    for name, desc, a, b in neg:
        C[name] = (f"negative: {desc}", {"a.mp4": (a, {}), "b.mp4": (b, {})}, [], "heldout4", "negative")
    return C


def check_sources(name, files, groups, cuts):
    """Footage of one source used twice in a case must be a grouped repeat or retake (title
    cards replace their frames and do not count)."""
    grouped = {t for _, tags in groups for t in tags}
    seen = {}
    for pieces, _ in files.values():
        for p in pieces:
            if p.desc == "title card":
                continue
            scene = (p.src, sum(c <= p.start for c in cuts.get(p.src, [])))
            if scene in seen and not (p.tag in grouped and seen[scene] in grouped):
                raise AssertionError(f"{name}: {scene} used twice without a group")
            seen[scene] = p.tag
