"""Split "heldout5": repeated-segment cases for issue 11 whose repeated material comes from
footage that no other split, test or sample uses (two GitHub repositories claimed for it).
Built by someone who did not change the matcher and never ran it on these cases, while the
matcher was being changed on development data; kept out of all tuning and scored once.

    python benchmarks/media/build_eval.py --heldout5 --out /tmp/vf_heldout5 --sources /tmp/vf_heldout5_src
    python benchmarks/evaluate.py /tmp/vf_heldout5 --split heldout5

Imported by build_eval.py. The clips are read at pinned commits from bare git snapshots
(``--mirror``, default /work/.mirror, one ``owner+name/repo`` directory per repository); each
file's SHA-256 is checked before use. They are never committed:

* sam2 (the SAM 2 demo gallery and notebook videos): ``dog`` (a static camera on a paved
  courtyard, a woman playing with a dog), ``cups`` (a static camera on a white table, a woman
  shuffling three red cups), ``blocks`` (overhead, hands arranging letter blocks on a cutting
  mat), ``coffee`` (a static camera, a person pouring coffee from a kettle into a blue mug),
  ``juggle`` (a static camera on a lawn, a man juggling a ball with his feet), ``bedroom`` (two
  children jumping on a bed);
* PaddleVideo: ``archery`` (a woman drawing a bow in a gym, UCF101-style clip, 320x240) and
  ``singer`` (a man singing in front of a night-lit brick wall, a music-video clip).

Fillers, picture-in-picture backgrounds and the other side of negatives use the older sources of
sample_media/_mediakit.py, never a case's repeated material. Every edit has parameters other than
those of edit_cases.py, heldout2_cases.py, heldout3_cases.py, heldout4_cases.py and dev2_cases.py.
Retakes are always two DIFFERENT recorded moments, never an edited copy of the same frames; where
a retake carries an edit (a moved camera, a recoloured top), it is applied to the other moment only.
"""
import cv2

import _mediakit as mk
from edit_cases import Pip, ZoomPan, blur, fps_convert, grey, recolour_region, rotate, window
from heldout2_cases import title
from heldout3_cases import fetch_files
from heldout4_cases import check_sources  # noqa: F401  (the same rule; build_eval and the plan test call it here)

_SAM = ("facebookresearch/sam2", "Apache-2.0 (sam2 repository licence, covering the demo code "
        "and its data folder; the gallery clips are Meta's demo videos, their own terms not "
        "restated): evaluation only, fetched at build time, never committed")
_PV = ("PaddlePaddle/PaddleVideo", "Apache-2.0 (PaddleVideo repository licence); archery is a "
       "clip of a public action data set (UCF101 style), singer a clip of a commercial music "
       "video, whose terms the repository does not restate: evaluation only, never committed")
_SAM_C, _PV_C = "2b90b9f5ceec907a1c18123530e92e794ad901a4", "ed245e9ce5eb32d27db8d8d2fef921e4f43e30e5"
_G = "demo/data/gallery/"
FILES = {  # name -> (repository, commit, path, sha256, description)
    "dog": (_SAM, _SAM_C, _G + "01_dog.mp4",
            "21425eb9b7fce7d3fb23fa17b1c07bcbe99ba9e64e3b5347d8052ba6d9c38924",
            "static camera on a paved courtyard: a woman playing with a dog on a lead, 1280x720, 29.97 fps, 9.7 s"),
    "cups": (_SAM, _SAM_C, _G + "02_cups.mp4",
             "6320759eede8c82c7d43fe1cc569f3a389758ec37b2b1dc9e9b7b4ce4110ab13",
             "static camera on a white table: a woman in an orange top shuffling three red cups, 1280x720, 29.97 fps, 10.0 s"),
    "blocks": (_SAM, _SAM_C, _G + "03_blocks.mp4",
               "2868f2c62f5cfa28dabbe925fae95da7f896531630a0627e5edbc784ea42413d",
               "overhead: hands arranging letter blocks on a cutting mat, 1280x720, 29.97 fps, 9.7 s"),
    "coffee": (_SAM, _SAM_C, _G + "04_coffee.mp4",
               "f9a439a8bf66910db3e2a9d9ea853bc24c760c8d4ca227f4c33051b1cef28c03",
               "static camera: a person in white pouring coffee from a kettle into a blue mug, 1280x720, 29.97 fps, 9.6 s"),
    "juggle": (_SAM, _SAM_C, _G + "05_default_juggle.mp4",
               "60d23773ad50389a5c2df9ba4ab05e9b4d39d21dfa7b75d15b46666ff7a4e2bb",
               "static camera on a lawn under a tree: a man juggling a ball with his feet, 1280x720, 24 fps, 10.3 s"),
    "bedroom": (_SAM, _SAM_C, "notebooks/videos/bedroom.mp4",
                "1be76d5d19b066e8ad7c565d88a98e11a8f8d456a707508a7aa35390def70e30",
                "two children jumping on a bed in a striped bedroom, 960x540, 30 fps, 6.7 s"),
    "archery": (_PV, _PV_C, "data/example.avi",
                "e3c7d3c28abbd5b043b17cd524bd2a4e6a8090f8a5213f1d137a6f56ba8dbcc4",
                "a woman drawing a bow in a gym, camera moving a little, 320x240, 25 fps, 5.2 s"),
    "singer": (_PV, _PV_C, "applications/EIVideo/EIVideo/example/example.mp4",
               "ec72c2e1fd27ba6e9a2d90eccf28f1404da60cf9b557a6bf3e390f0ed29c9392",
               "a man in a pale coat singing in front of a night-lit brick wall, moving camera, 640x480, 25 fps, 4.7 s"),
}
SOURCES = {n: (f"github:{repo}@{commit}", path, lic, desc)
           for n, ((repo, lic), commit, path, _, desc) in FILES.items()}


def fetch(cache, mirror="/work/.mirror"):
    """{name: local file}, read at the pinned commits and checked against their SHA-256."""
    return fetch_files(FILES, cache, mirror, "heldout5")


# --------------------------------------------------------------------------
# Edits with other parameters than the earlier splits
# --------------------------------------------------------------------------

def sepia(f):
    """A sepia/vintage grade: low saturation, warm gain, lifted blacks."""
    return mk.adjust(f, brightness=12, contrast=0.8, saturation=0.35, gain=(1.15, 1.0, 0.75))


def cold(f):
    """A cold night grade: blue gain, darker, crushed contrast."""
    return mk.adjust(f, brightness=-18, contrast=1.25, saturation=0.9, gain=(0.82, 0.95, 1.2))


def teal(f):
    """A strong teal grade."""
    return mk.adjust(f, brightness=-4, contrast=1.1, saturation=1.25, gain=(0.8, 1.08, 1.1))


def grey_hard(f):
    return mk.adjust(grey(f), brightness=-6, contrast=1.3)


def ticker(f, line="LIVE  +++  residents report unrest in the old town  +++"):
    """A news lower third: a red bar with white text, a clock box and a channel bug."""
    out = f.copy()
    h, w = f.shape[:2]
    cv2.rectangle(out, (0, int(h * 0.83)), (w, int(h * 0.95)), (190, 20, 30), -1)
    cv2.putText(out, line, (int(w * 0.02), int(h * 0.915)), cv2.FONT_HERSHEY_SIMPLEX, w / 1250,
                (255, 255, 255), 1, cv2.LINE_AA)
    cv2.rectangle(out, (int(w * 0.84), int(h * 0.04)), (int(w * 0.97), int(h * 0.13)), (20, 20, 20), -1)
    cv2.putText(out, "CH7", (int(w * 0.865), int(h * 0.115)), cv2.FONT_HERSHEY_DUPLEX, w / 900,
                (255, 255, 255), 1, cv2.LINE_AA)
    return out


def subtitles(f, lines=("They said it happened", "right here, yesterday")):
    """Two centred lines of yellow subtitles with a black outline at the bottom."""
    out = f.copy()
    h, w = f.shape[:2]
    for k, line in enumerate(lines):
        size = cv2.getTextSize(line, cv2.FONT_HERSHEY_SIMPLEX, w / 800, 2)[0][0]
        at = ((w - size) // 2, int(h * 0.8) + k * int(h * 0.1))
        for col, th in (((0, 0, 0), 5), ((255, 230, 60), 2)):
            cv2.putText(out, line, at, cv2.FONT_HERSHEY_SIMPLEX, w / 800, col, th, cv2.LINE_AA)
    return out


def timestamp(f):
    """A CCTV-style date/time stamp at the top left and a camera name at the bottom right."""
    out = f.copy()
    h, w = f.shape[:2]
    for at, line in (((int(w * 0.02), int(h * 0.08)), "2024-06-03  14:22:07"),
                     ((int(w * 0.74), int(h * 0.95)), "CAM 04")):
        for col, th in (((0, 0, 0), 3), ((240, 240, 240), 1)):
            cv2.putText(out, line, at, cv2.FONT_HERSHEY_SIMPLEX, w / 900, col, th, cv2.LINE_AA)
    return out


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------

def heldout5_cases(P, d=2.8, f=1.2):
    """name -> (description, files, groups, "heldout5", edit label); P is build_eval.P."""
    S = lambda src, start, tag, dur=d, **kw: P(src, start, dur, tag=tag, **kw)  # noqa: E731
    n = int(d * 25)
    C = {}
    FA = ((P("lego", 1.0, f), P("bikes", 7.52, f)), (P("tree", 0.5, f), P("cockatoo", 6.0, f)))
    FB = ((P("vtest", 20.0, f), P("launch", 1.0, f)), (P("plant", 0.0, 1.16), P("bunny", 2.0, f)))
    FC = ((P("carphone", 1.0, f), P("movie-hello", 2.0, f)), (P("bikes", 3.08, f), P("vtest", 70.0, f)))

    def reuse(name, edit, desc, src, start, tf=None, fillers=FA, speed=1.0, seq=None, dur=d, opt=None, **kw):
        fa, fb = fillers
        C[name] = (desc, {
            "a.mp4": ([fa[0], S(src, start, "o", dur=dur), fa[1]], {}),
            "b.mp4": ([fb[0], S(src, start, "c", dur=round(dur / speed, 6), speed=speed, tf=tf, desc=desc,
                                seq=seq, **kw), fb[1]], opt or {})},
            [("reuse", ["o", "c"])], "heldout5", edit)

    def reuse_within(name, edit, desc, src, start, tf=None, speed=1.0, dur=d):
        C[name] = (f"one video: {desc}", {
            "a.mp4": ([P("tree", 0.5, f), S(src, start, "o", dur=dur), P("launch", 1.0, 1.6),
                       P("vtest", 25.0, f), S(src, start, "c", dur=round(dur / speed, 6), speed=speed, tf=tf,
                                              desc=desc), P("lego", 1.0, f)], {})},
            [("reuse", ["o", "c"])], "heldout5", edit)

    # ---- reuse: every edit of the issue, new parameters
    reuse("h5_crop69", "crop anywhere", "69 % window at the upper left (x 0.15, y 0.25)",
          "dog", 0.5, lambda x: window(x, 0.15, 0.25, 0.69), FA)
    reuse("h5_crop78", "crop anywhere", "78 % window in the lower right corner (x 0.95, y 0.95)",
          "juggle", 1.0, lambda x: window(x, 0.95, 0.95, 0.78), FB)
    reuse("h5_crop845_teal", "crop 85 % off-centre + colour", "84.5 % window at the lower left, teal grade",
          "cups", 0.3, lambda x: teal(window(x, 0.05, 0.95, 0.845)), FC)
    reuse("h5_mirror", "mirror", "horizontal mirror", "singer", 0.0, mk.mirror, FA)
    reuse("h5_letterbox32", "letterbox", "16:9 picture letterboxed into a 3:2 (480x320) video",
          "coffee", 0.4, lambda x: mk.fit(x, 480, 320), FB, opt={"h": 320}, frame=(480, 270))
    reuse("h5_rotate-1.7", "rotation", "rotated -1.7 degrees (black corners)",
          "singer", 0.4, lambda x: rotate(x, -1.7, fill=False), FA)
    reuse("h5_rotate3.9", "rotation", "rotated 3.9 degrees (zoomed to hide corners)",
          "dog", 3.6, lambda x: rotate(x, 3.9), FC)
    reuse("h5_rotate-4.6", "rotation", "rotated -4.6 degrees (zoomed to hide corners)",
          "bedroom", 0.2, lambda x: rotate(x, -4.6), FB)
    reuse("h5_pip47", "picture-in-picture", "shown at 47 % of the frame in the lower right corner inside other footage",
          "juggle", 4.2, Pip("vtest", 45.0, 0.47, (1.0, 1.0), dur=d), FA)
    reuse("h5_pip62", "picture-in-picture", "shown at 62 % of the frame, centred, inside other footage",
          "blocks", 0.3, Pip("cockatoo", 8.0, 0.62, (0.5, 0.5), dur=d), FB)
    reuse("h5_pip78", "picture-in-picture", "shown at 78 % of the frame at the top right inside other footage",
          "archery", 0.2, Pip("launch", 0.5, 0.78, (0.9, 0.1), dur=d), FC)
    reuse("h5_zoompan_in", "zoom with pan", "virtual zoom 100 %->69 % panning to the upper left",
          "coffee", 3.3, ZoomPan(n, 1.0, 0.69, 0.5, 0.05, 0.6, 0.05), FC)
    reuse("h5_zoompan_out", "zoom with pan", "virtual zoom out 67 %->93 % panning right",
          "blocks", 3.4, ZoomPan(n, 0.67, 0.93, 0.1, 0.85, 0.5, 0.6), FA)
    reuse("h5_grade_sepia", "colour grading", "sepia grade (saturation 0.35, warm gain, lifted blacks)",
          "bedroom", 3.4, sepia, FC)
    reuse("h5_grade_cold", "colour grading", "cold night grade (blue gain, darkened, contrast 1.25)",
          "archery", 0.6, cold, FB)
    reuse("h5_grey_hard", "greyscale", "greyscale, darker and harder (brightness -6, contrast 1.3)",
          "coffee", 6.4, grey_hard, FA)
    reuse("h5_blur2.6", "blur", "Gaussian blur sigma 2.6", "blocks", 6.6, lambda x: blur(x, 2.6), FC)
    reuse("h5_blur5.6", "blur", "Gaussian blur sigma 5.6 (heavy)", "singer", 1.8, lambda x: blur(x, 5.6), FB)
    reuse("h5_ticker", "burned-in text", "news lower third (red bar with text), clock box and channel bug",
          "bedroom", 3.6, ticker, FC)
    reuse("h5_subtitles", "burned-in text", "two centred lines of yellow subtitles at the bottom",
          "cups", 6.8, subtitles, FB)
    reuse("h5_fps16", "frame-rate conversion", "29.97 fps source at 25, then 25 -> 16 -> 25 fps",
          "bedroom", 1.0, None, FA, seq=lambda fr: fps_convert(fr, 16))
    reuse("h5_fps7", "frame-rate conversion", "25 -> 7 -> 25 fps (many frames dropped, each kept one ~3.5x)",
          "archery", 2.2, None, FB, seq=lambda fr: fps_convert(fr, 7))
    reuse("h5_speed0.52", "speed", "slowed to 0.52x", "juggle", 2.2, None, FA, speed=0.52, dur=1.6)
    reuse("h5_speed0.85", "speed", "slowed to 0.85x", "singer", 2.0, None, FB, speed=0.85, dur=2.5)
    reuse("h5_speed1.22", "speed", "sped up to 1.22x", "archery", 0.4, None, FC, speed=1.22, dur=3.4)
    reuse("h5_speed1.75", "speed", "sped up to 1.75x", "dog", 2.0, None, FA, speed=1.75, dur=5.0)
    # combinations of two (none of heldout4's nine)
    reuse("h5_crop_blur", "crop + blur", "72 % window at the top right (x 0.85, y 0.1) and blurred (sigma 1.8)",
          "cups", 1.6, lambda x: blur(window(x, 0.85, 0.1, 0.72), 1.8), FB)
    reuse("h5_rotate_grade", "rotation + colour", "rotated 2.2 degrees (zoomed) and sepia graded",
          "juggle", 5.6, lambda x: sepia(rotate(x, 2.2)), FC)
    reuse("h5_pip_speed", "picture-in-picture + speed", "1.12x faster, shown at 53 % of the frame at the left inside other footage",
          "bedroom", 2.4, Pip("vtest", 55.0, 0.53, (0.05, 0.4), dur=2.6), FA, speed=1.12, dur=2.9)
    reuse("h5_zoompan_text", "zoom with pan + burned-in text", "zoom 92 %->71 % panning down, subtitles",
          "coffee", 1.2, lambda x, z=ZoomPan(n, 0.92, 0.71, 0.4, 0.6, 0.0, 0.9): subtitles(z(x), ("Look at the", "table")), FB)
    reuse("h5_grey_rotate", "greyscale + rotation", "greyscale and rotated -3.6 degrees (zoomed)",
          "blocks", 4.8, lambda x: grey(rotate(x, -3.6)), FC)
    reuse("h5_fps_crop", "frame-rate conversion + crop", "25 -> 13 -> 25 fps and 80 % window at the bottom (x 0.5, y 1.0)",
          "dog", 4.6, lambda x: window(x, 0.5, 1.0, 0.8), FB, seq=lambda fr: fps_convert(fr, 13))
    reuse("h5_mirror_letterbox", "mirror + letterbox", "mirrored and letterboxed (40 px bars)",
          "archery", 1.0, lambda x: mk.letterbox(mk.mirror(x), 40), FA)
    # within one video
    reuse_within("h5_w_grade_stamp", "colour + burned-in text", "cold graded with a CCTV date/time stamp",
                 "blocks", 2.0, lambda x: timestamp(cold(x)))
    reuse_within("h5_w_mirror_crop", "mirror + crop", "mirrored and 82 % window at the top (x 0.4, y 0.0)",
                 "singer", 0.6, lambda x: window(mk.mirror(x), 0.4, 0.0, 0.82), dur=2.6)
    reuse_within("h5_w_speed0.62", "speed", "slowed to 0.62x", "cups", 5.0, speed=0.62, dur=2.0)
    C["h5_three_times"] = (
        "one 2.8 s segment used three times: plain, rotated 1.2 degrees + 90 % window, picture-in-picture at 66 %",
        {"a.mp4": ([P("movie-hello", 1.0, f), S("coffee", 4.8, "o"), P("lego", 1.0, f),
                    S("coffee", 4.8, "c1", tf=lambda x: rotate(window(x, 0.3, 0.6, 0.9), 1.2),
                      desc="rotated 1.2 degrees, 90 % window"), P("plant", 0.0, 1.16)], {}),
         "b.mp4": ([P("bikes", 5.52, f),
                    S("coffee", 4.8, "c2", tf=Pip("vtest", 33.0, 0.66, (0.2, 0.8), dur=d),
                      desc="picture-in-picture at 66 %"), P("tree", 0.5, f)], {})},
        [("reuse", ["o", "c1", "c2"])], "heldout5", "three times")

    # ---- retakes: two different recorded moments of one set-up
    retakes = [  # (name, label, description, (src, t) first, (src, t) second, same file, tf, dur)
        ("h5_rt_static_dog", "retake: static set-up, other moment",
         "fixed camera on the courtyard, 5.5 s later: the woman and the dog elsewhere in the frame",
         ("dog", 0.0), ("dog", 5.5), False, None, 2.6),
        ("h5_rt_static_coffee", "retake: static set-up, other moment",
         "fixed camera on the table: the kettle set down, then 5 s later the coffee poured", ("coffee", 0.0),
         ("coffee", 5.0), False, None, 2.4),
        ("h5_rt_action_cups", "retake: repeated action",
         "the three cups shuffled again 4.8 s later", ("cups", 0.2), ("cups", 5.0), False, None, d),
        ("h5_rt_action_juggle", "retake: repeated action",
         "the ball juggled again 5.2 s later", ("juggle", 0.0), ("juggle", 5.2), False, None, d),
        ("h5_rt_action_blocks_w", "retake: repeated action",
         "the blocks rearranged again 5.6 s later, one video", ("blocks", 0.0), ("blocks", 5.6), True, None, 2.6),
        ("h5_rt_action_archery", "retake: repeated action",
         "the bow drawn again 2.6 s later", ("archery", 0.0), ("archery", 2.6), False, None, 2.4),
        ("h5_rt_action_bedroom", "retake: repeated action",
         "the children jumping on the bed again, two moments 3.6 s apart", ("bedroom", 0.0), ("bedroom", 3.6), False,
         None, 2.8),
        ("h5_rt_handheld_singer", "retake: handheld, same subject",
         "moving camera on the same singer, two moments 2.4 s apart", ("singer", 0.0), ("singer", 2.4), False,
         None, 2.2),
        ("h5_rt_moved_dog", "retake: slightly moved camera",
         "courtyard 5 s later, camera moved: 91 % window at the right, turned -0.8 degrees",
         ("dog", 1.4), ("dog", 6.4), False, lambda x: rotate(window(x, 0.9, 0.4, 0.91), -0.8), 2.6),
        ("h5_rt_moved_juggle", "retake: slightly moved camera",
         "lawn 6 s later, camera moved: 94 % window at the lower left, one video", ("juggle", 0.8),
         ("juggle", 6.8), True, lambda x: window(x, 0.1, 0.9, 0.94), 2.6),
        ("h5_rt_costume_cups", "retake: changed costume",
         "the cups shuffled again 4.6 s later, the orange top recoloured (hue +55)", ("cups", 0.6), ("cups", 5.2),
         False, lambda x: recolour_region(x, (0.25, 0.0, 0.8, 0.42), 55), 2.6),
    ]
    for name, label, desc, (s1, t1), (s2, t2), same, tf, dur in retakes:
        a = S(s1, t1, "t1", dur=dur)
        b = S(s2, t2, "t2", dur=dur, tf=tf, desc=desc if tf else "none")
        if same:
            files = {"a.mp4": ([P("launch", 1.0, f), a, P("cockatoo", 6.0, f), b, P("bikes", 7.52, f)], {})}
        else:
            files = {"a.mp4": ([P("tree", 0.5, f), a, P("carphone", 1.0, f)], {}),
                     "b.mp4": ([P("movie-hello", 2.0, f), b, P("vtest", 15.0, f)], {})}
        C[name] = (f"retake: {desc}", files, [("retake", ["t1", "t2"])], "heldout5", label)

    # ---- negatives: different footage, some of it similar-looking
    neg = [
        ("h5_neg_outdoor_people", "similar scenes: a fixed camera outdoors, one person playing on the ground (dog; juggle)",
         [P("dog", 0.5, 3.0), P("tree", 0.5, f)], [P("juggle", 0.5, 3.0), P("bikes", 7.52, f)]),
        ("h5_neg_tabletop", "similar scenes: hands moving objects on a table (blocks; cups)",
         [P("blocks", 1.0, 3.0), P("lego", 1.0, f)], [P("cups", 1.0, 3.0), P("plant", 0.0, 1.16)]),
        ("h5_neg_white_table", "similar scenes: a person behind a white table with a coloured object (coffee; cups)",
         [P("coffee", 2.0, 3.0), P("launch", 1.0, f)], [P("cups", 4.0, 3.0), P("cockatoo", 6.0, f)]),
        ("h5_neg_indoor_people", "similar scenes: people moving indoors, moving camera (bedroom; archery; singer)",
         [P("bedroom", 1.0, 3.0), P("vtest", 20.0, f)], [P("archery", 1.0, 2.5), P("singer", 1.0, 2.5)]),
        ("h5_neg_unrelated", "unrelated real clips (courtyard, blocks, bedroom / coffee, archery, lawn)",
         [P("dog", 7.0, 2.5), P("blocks", 7.0, 2.5), P("bedroom", 4.0, 2.5)],
         [P("coffee", 7.0, 2.4), P("archery", 2.5, 2.5), P("juggle", 7.5, 2.5)]),
        ("h5_neg_titles", "unrelated clips between black gaps and title cards with other words",
         [P("juggle", 3.0, 2.5), P("bunny", 1.0, 1.5, join="black", black=20, tf=title("CHAPTER 3"), desc="title card"),
          P("singer", 0.5, 2.5, join="black", black=20)],
         [P("cups", 7.0, 2.5), P("plant", 0.0, 1.16, join="black", black=20, tf=title("LATER"), desc="title card"),
          P("coffee", 4.0, 2.5, join="black", black=20)]),
    ]
    for name, desc, a, b in neg:
        C[name] = (f"negative: {desc}", {"a.mp4": (a, {}), "b.mp4": (b, {})}, [], "heldout5", "negative")
    return C
