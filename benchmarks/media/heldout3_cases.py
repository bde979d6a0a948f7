"""Split "heldout3": repeated-segment cases for issue 11 whose repeated material comes from
footage that no other split, test or sample uses. Built by someone who did not change the
matcher, while the matcher was being changed on development data; kept out of all tuning and
scored once.

    python benchmarks/media/build_eval.py --heldout3 --out /tmp/vf_heldout3 --sources /tmp/vf_heldout3_src
    python benchmarks/evaluate.py /tmp/vf_heldout3 --split heldout3

Imported by build_eval.py. Sources are example and test clips of three public GitHub
repositories, read at pinned commits from bare git snapshots (``--mirror``, default
/work/.mirror, one ``owner+name/repo`` directory per repository; each file's SHA-256 is checked
before use). They are never committed:

* DeepLabCut: ``mice`` (a static top camera over an open-field arena, one or two mice moving,
  77 s) and ``reach`` (a static close-up camera on a mouse licking/reaching at a spout, 8.5 s);
* mmaction2: ``armwr`` (handheld, two people arm wrestling in a cafeteria), ``pool``
  (handheld, a pool being cleaned with a hose), ``makeup`` (webcam, a woman applying eye make-up),
  ``gym`` (people shooting baskets in a gym), ``ntu_drink`` and ``ntu_hug`` (two separate
  recordings of one camera set-up in one white room: a woman drinking; two men hugging);
* openpose: ``street`` (a street in Paris, a woman with a sign, passers-by; camera moving a little).

Fillers between the repeated pieces, picture-in-picture backgrounds and the other side of
negatives use the older sources of sample_media/_mediakit.py, never a case's repeated material.
Every edit has parameters other than those of edit_cases.py and heldout2_cases.py. Retakes are
always two DIFFERENT recorded moments (or recordings), never an edited copy of the same frames.
"""
import hashlib
import os
import subprocess

import cv2
import numpy as np

import _mediakit as mk
from edit_cases import Pip, ZoomPan, blur, fps_convert, grey, recolour_region, rotate, window
from heldout2_cases import title

_DLC = ("DeepLabCut/DeepLabCut", "LGPL-3.0 (DeepLabCut repository licence; the clips are the "
        "authors' own lab recordings, no separate terms stated)")
_MMA = ("open-mmlab/mmaction2", "Apache-2.0 (mmaction2 repository licence); the clips come from "
        "public action data sets (Kinetics/YouTube, NTU RGB+D) whose own terms the repository does "
        "not restate: evaluation only, do not commit")
_OP = ("CMU-Perceptual-Computing-Lab/openpose", "OpenPose academic/non-profit non-commercial research "
       "licence (repository LICENSE); the clip's own origin is not documented: do not commit")
_DLC_HEAD, _DLC_OLD = "2df0f46c8c8c56c8238b46b3d58384163bafb2f0", "675d4a186f36cd2ac280e697dd208b0bc19c046d"
_MMA_HEAD = "4d6c93474730cad2f25e51109adcf96824efc7a3"
_OP_HEAD = "5c5d96523ef917bd30301245fdc8343937cae48d"
FILES = {  # name -> (repository, commit, path, sha256, description)
    "mice": (_DLC, _DLC_HEAD, "examples/openfield-Pranav-2018-10-30/videos/m3v1mp4.mp4",
             "e2394b4221821cdb7206910a6efcec9db338cb497d1f880bd5a0ef2fd087ce59",
             "static top camera over a white open-field arena, mice moving, greyscale, 640x480, 30 fps, 77.7 s"),
    "reach": (_DLC, _DLC_OLD, "tests/data/vid.avi",
              "49e2dcedfd12f425ca6cda6e91cfb46a89b67b3906ca1d2d8a3974cb0e7e4c62",
              "static close-up camera: a mouse licking/reaching at a spout, greyscale, 416x374, 30 fps, 8.5 s"),
    "armwr": (_MMA, _MMA_HEAD, "demo/demo.mp4",
              "071e60535eaf0aed475ddac06269ee0cdfc4740158f22d9ccd2c3b93b42aa344",
              "handheld: two people arm wrestling at a cafeteria table, 340x256, 28 fps, 10 s"),
    "pool": (_MMA, _MMA_HEAD, "tests/data/test.mp4",
             "38eff15224f44090631dc29b28804f5781c07c1a579e918a74d3e3bb9d12cb59",
             "handheld: a man cleaning a swimming pool with a hose, 340x256, 30 fps, 10 s"),
    "makeup": (_MMA, _MMA_HEAD, "tests/data/test.avi",
               "cc3ebb11e80d2900071ff929633b7476a33ee1698ac9a91206e2ba64c1c28920",
               "webcam: a woman applying eye make-up in a room, 320x240, 25 fps, 6.6 s"),
    "gym": (_MMA, _MMA_HEAD, "demo/test_video_structuralize.mp4",
            "ed105408e9bf71c202c1ddf08f05ff4cfb2f207a7d811d4d791126c415c00261",
            "people shooting baskets in a school gym, 426x240, 29.97 fps, 10 s (a cut near 9.5 s)"),
    "ntu_drink": (_MMA, _MMA_HEAD, "tools/data/skeleton/S001C001P001R001A001_rgb.avi",
                  "92cea2b398b79fc619d545a042cd0bce8ace9aa4d482b8c1e30482311f204c4a",
                  "NTU RGB+D set-up 1 camera 1: a woman drinking in a white room, 1920x1080, 30 fps, 3.4 s"),
    "ntu_hug": (_MMA, _MMA_HEAD, "demo/demo_skeleton.mp4",
                "0f82b816da14d6098438d606d961613fa67a38d19e091ca88006605a7df85a7f",
                "the same white room and camera set-up, another recording: two men hugging, 1920x1080, 2.6 s"),
    "street": (_OP, _OP_HEAD, "examples/media/video.avi",
               "b73a09ea84c950383e0c354efcca019c33fdc0019850a12cdf00bc1ea827a30b",
               "a Paris street: a woman with a sign, passers-by, camera moving a little, 1280x720, 50 fps, 4.1 s"),
}
SOURCES = {n: (f"github:{repo}@{commit}", path, lic, desc)
           for n, ((repo, lic), commit, path, _, desc) in FILES.items()}
SCENE = {"ntu_hug": "ntu_drink"}  # one room, one camera set-up: one scene for the source check
CUTS = {"gym": [9.45], "armwr": [7.3]}  # shot changes inside new sources (never inside a piece)


def fetch(cache, mirror="/work/.mirror"):
    """{name: local file}: each file read from its repository's bare snapshot at the pinned
    commit (``git show``), checked against its SHA-256, cached."""
    return fetch_files(FILES, cache, mirror, "heldout3")


def fetch_files(files, cache, mirror, split):
    """{name: local file} for ``files`` ({name: ((repo, licence), commit, path, sha256, desc)})."""
    os.makedirs(cache, exist_ok=True)
    out = {}
    for name, ((repo, _), commit, path, digest, _) in files.items():
        dest = os.path.join(cache, f"{name}{os.path.splitext(path)[1]}")
        if not os.path.exists(dest):
            git_dir = os.path.join(mirror, repo.replace("/", "+"), "repo")
            if not os.path.isdir(git_dir):
                raise SystemExit(f"{split}: no snapshot of {repo} at {git_dir} "
                                 f"(fetch github:{repo} first, or give --mirror)")
            data = subprocess.run(["git", f"--git-dir={git_dir}", "show", f"{commit}:{path}"],
                                  check=True, capture_output=True).stdout
            if hashlib.sha256(data).hexdigest() != digest:
                raise SystemExit(f"{split}: {repo}:{path} at {commit[:10]} has another SHA-256")
            with open(dest + ".part", "wb") as f:
                f.write(data)
            os.replace(dest + ".part", dest)
        out[name] = dest
    return out


# --------------------------------------------------------------------------
# Edits with other parameters than edit_cases.py and heldout2_cases.py
# --------------------------------------------------------------------------

def warm(f):
    """A teal-orange grade: warm gain, more saturation and contrast."""
    return mk.adjust(f, brightness=-6, contrast=1.2, saturation=1.3, gain=(1.18, 1.0, 0.78))


def grey_dark(f):
    return mk.adjust(grey(f), brightness=-18, contrast=1.1)


class Ticker:
    """A news channel look: a station bug at the top left, a red LIVE tag and a headline bar,
    and a ticker band at the bottom whose text scrolls left 5 px a frame."""

    def __init__(self, line="Markets close higher +++ Storm warning for the coast +++ "
                            "Talks resume on Monday +++ Footage shared widely online +++ "):
        self.line, self.k = line * 2, 0

    def __call__(self, f):
        out = f.copy()
        h, w = f.shape[:2]
        y0 = int(h * 0.86)
        cv2.rectangle(out, (0, y0), (w, h), (15, 25, 90), -1)
        cv2.rectangle(out, (0, int(h * 0.76)), (int(w * 0.72), y0), (235, 235, 235), -1)
        cv2.putText(out, "CROWDS GATHER AS TALKS STALL", (int(w * 0.02), int(h * 0.835)),
                    cv2.FONT_HERSHEY_DUPLEX, w / 960, (20, 20, 20), 1, cv2.LINE_AA)
        cv2.putText(out, self.line, (int(w * 0.98) - 5 * self.k, int(h * 0.96)),
                    cv2.FONT_HERSHEY_SIMPLEX, w / 900, (255, 255, 255), 1, cv2.LINE_AA)
        cv2.rectangle(out, (int(w * 0.02), int(h * 0.03)), (int(w * 0.16), int(h * 0.12)), (200, 30, 30), -1)
        cv2.putText(out, "NEWS 9", (int(w * 0.03), int(h * 0.1)), cv2.FONT_HERSHEY_DUPLEX, w / 1100,
                    (255, 255, 255), 1, cv2.LINE_AA)
        cv2.putText(out, "LIVE", (int(w * 0.85), int(h * 0.1)), cv2.FONT_HERSHEY_DUPLEX, w / 900,
                    (255, 60, 60), 2, cv2.LINE_AA)
        self.k += 1
        return out


def lower_third(f):
    """A lower-third caption box with two lines and a timestamp at the top right."""
    out = f.copy()
    h, w = f.shape[:2]
    over = out.copy()
    cv2.rectangle(over, (int(w * 0.05), int(h * 0.7)), (int(w * 0.7), int(h * 0.92)), (30, 30, 30), -1)
    out = cv2.addWeighted(over, 0.7, out, 0.3, 0)
    cv2.putText(out, "Eyewitness video", (int(w * 0.07), int(h * 0.79)), cv2.FONT_HERSHEY_DUPLEX,
                w / 900, (255, 255, 255), 1, cv2.LINE_AA)
    cv2.putText(out, "filmed on Tuesday, place unconfirmed", (int(w * 0.07), int(h * 0.88)),
                cv2.FONT_HERSHEY_SIMPLEX, w / 1100, (220, 220, 120), 1, cv2.LINE_AA)
    cv2.putText(out, "2024-03-05 10:04", (int(w * 0.7), int(h * 0.08)), cv2.FONT_HERSHEY_SIMPLEX,
                w / 1200, (255, 255, 255), 1, cv2.LINE_AA)
    return out


def letterbox_bright(f):
    return mk.letterbox(mk.adjust(f, brightness=30, contrast=0.95), 40)


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------

def heldout3_cases(P, d=3.0, f=1.2):
    """name -> (description, files, groups, "heldout3", edit label); P is build_eval.P."""
    S = lambda src, start, tag, dur=d, **kw: P(src, start, dur, tag=tag, **kw)  # noqa: E731
    n = int(d * 25)
    C = {}
    # fillers: older sources only (never a case's repeated material)
    FA = ((P("bikes", 5.52, f), P("tree", 0.0, f)), (P("launch", 0.0, f), P("lego", 0.5, f)))
    FB = ((P("cockatoo", 10.0, f), P("plant", 0.0, 1.16)), (P("bunny", 0.5, f), P("vtest", 62.0, f)))
    FC = ((P("carphone", 0.0, f), P("launch", 3.3, f)), (P("movie-hello", 0.5, f), P("bikes", 0.0, 1.16)))

    def reuse(name, edit, desc, src, start, tf=None, fillers=FA, speed=1.0, seq=None, dur=d):
        fa, fb = fillers
        C[name] = (desc, {
            "a.mp4": ([fa[0], S(src, start, "o", dur=dur), fa[1]], {}),
            "b.mp4": ([fb[0], S(src, start, "c", dur=round(dur / speed, 6), speed=speed, tf=tf, desc=desc,
                                seq=seq), fb[1]], {})},
            [("reuse", ["o", "c"])], "heldout3", edit)

    def reuse_within(name, edit, desc, src, start, tf, dur=d):
        C[name] = (f"one video: {desc}", {
            "a.mp4": ([P("tree", 0.0, f), S(src, start, "o", dur=dur), P("cockatoo", 10.0, 1.6),
                       P("vtest", 12.0, f), S(src, start, "c", dur=dur, tf=tf, desc=desc),
                       P("plant", 0.0, 1.16)], {})},
            [("reuse", ["o", "c"])], "heldout3", edit)

    # ---- reuse, one case or more per edit of the issue
    reuse("h3_crop87_warm", "crop 85 % off-centre + colour", "87 % window at the lower left, teal-orange grade",
          "gym", 1.0, lambda x: warm(window(x, 0.05, 0.95, 0.87)), FA)
    reuse("h3_crop76", "crop anywhere", "76 % window at the top right (x 0.95, y 0.1)",
          "mice", 5.0, lambda x: window(x, 0.95, 0.1, 0.76), FB)
    reuse("h3_crop70", "crop anywhere", "70 % window right of centre (x 0.65, y 0.55)",
          "pool", 1.0, lambda x: window(x, 0.65, 0.55, 0.70), FC)
    reuse("h3_rotate3.5", "rotation", "rotated 3.5 degrees (black corners)",
          "armwr", 0.5, lambda x: rotate(x, 3.5, fill=False), FB)
    reuse("h3_rotate-4", "rotation", "rotated -4 degrees (zoomed to hide corners)",
          "makeup", 0.3, lambda x: rotate(x, -4.0), FA)
    reuse("h3_rotate-1.5", "rotation", "rotated -1.5 degrees (zoomed to hide corners)",
          "mice", 30.0, lambda x: rotate(x, -1.5), FC)
    reuse("h3_pip48", "picture-in-picture", "shown at 48 % of the frame at the upper left inside other footage",
          "pool", 4.0, Pip("tree", 0.0, 0.48, (0.04, 0.06), dur=d), FA)
    reuse("h3_pip75", "picture-in-picture", "shown at 75 % of the frame at the lower right inside other footage",
          "street", 0.5, Pip("bikes", 5.52, 0.75, (1.0, 1.0), dur=d), FB)
    reuse("h3_pip40", "picture-in-picture", "shown at 40 % of the frame right of centre inside other footage",
          "reach", 1.0, Pip("vtest", 30.0, 0.40, (0.7, 0.3), dur=d), FC)
    reuse("h3_zoompan_in", "zoom with pan", "virtual zoom 100 %->72 % panning up and left",
          "gym", 5.0, ZoomPan(n, 1.0, 0.72, 0.5, 0.1, 0.6, 0.1), FB)
    reuse("h3_zoompan_out", "zoom with pan", "virtual zoom 78 %->96 % (zoom out) panning right to left",
          "mice", 45.0, ZoomPan(n, 0.78, 0.96, 0.9, 0.3, 0.3, 0.5), FA)
    reuse("h3_grade_warm", "colour grading", "teal-orange grade (warm gain, saturation 1.3, contrast 1.2)",
          "armwr", 3.5, warm, FC)
    reuse("h3_grey_dark", "greyscale", "greyscale, darkened (brightness -18, contrast 1.1)",
          "pool", 6.5, grey_dark, FB)
    reuse("h3_blur5", "blur", "Gaussian blur sigma 5", "makeup", 3.3, lambda x: blur(x, 5.0), FC)
    reuse("h3_blur1.5", "blur", "Gaussian blur sigma 1.5", "mice", 60.0, lambda x: blur(x, 1.5), FA)
    reuse("h3_ticker", "burned-in text", "news look: station bug, headline bar, scrolling ticker band",
          "gym", 2.0, Ticker(), FC)
    reuse("h3_lower_third", "burned-in text", "lower-third caption box (two lines) and a timestamp",
          "ntu_drink", 0.2, lower_third, FA)
    reuse("h3_fps8", "frame-rate conversion", "25 -> 8 fps -> 25 fps (frames dropped and doubled)",
          "reach", 4.5, None, FB, seq=lambda fr: fps_convert(fr, 8))
    reuse("h3_fps20", "frame-rate conversion", "30 fps source at 25, then 25 -> 20 -> 25 fps",
          "pool", 2.0, None, FA, seq=lambda fr: fps_convert(fr, 20))
    reuse("h3_speed0.55", "speed", "slowed to 0.55x", "armwr", 1.0, None, FA, speed=0.55, dur=3.0)
    reuse("h3_speed1.3", "speed", "sped up to 1.3x", "makeup", 0.5, None, FB, speed=1.3, dur=3.9)
    reuse("h3_speed1.9", "speed", "sped up to 1.9x", "mice", 10.0, None, FC, speed=1.9, dur=5.7)
    reuse("h3_speed0.65", "speed", "slowed to 0.65x", "street", 0.3, None, FA, speed=0.65, dur=2.4)
    # combinations of two
    reuse("h3_speed1.2_crop", "speed + crop", "1.2x faster and 82 % window at the upper right",
          "pool", 5.0, lambda x: window(x, 0.8, 0.2, 0.82), FB, speed=1.2, dur=3.6)
    reuse("h3_rotate_grey", "rotation + greyscale", "rotated 2.5 degrees (zoomed) and greyscale",
          "gym", 6.0, lambda x: grey(rotate(x, 2.5)), FC)
    reuse("h3_zoompan_warm", "zoom with pan + colour", "zoom 95 %->75 % panning down and right, teal-orange grade",
          "reach", 0.5, lambda x, z=ZoomPan(n, 0.95, 0.75, 0.2, 0.9, 0.2, 0.8): warm(z(x)), FA)
    reuse("h3_pip_speed", "picture-in-picture + speed", "1.4x faster at 55 % of the frame inside other footage",
          "mice", 65.0, Pip("launch", 0.0, 0.55, (0.2, 0.75), dur=3.0), FB, speed=1.4, dur=4.2)
    reuse("h3_fps_ticker", "frame-rate conversion + burned-in text", "25 -> 9 -> 25 fps and a news ticker",
          "armwr", 4.0, Ticker("Breaking: new video emerges +++ Officials decline comment +++ "), FB,
          seq=lambda fr: fps_convert(fr, 9))
    # within one video
    reuse_within("h3_w_crop_rotate", "crop + rotation", "84 % window at the top left rotated -3 degrees",
                 "mice", 20.0, lambda x: rotate(window(x, 0.1, 0.05, 0.84), -3.0))
    reuse_within("h3_w_pip60", "picture-in-picture", "shown at 60 % of the frame inside other footage",
                 "reach", 3.0, Pip("bunny", 0.5, 0.60, (0.5, 0.15), dur=d))
    C["h3_three_times"] = (
        "one 3 s segment used three times: plain, 80 % window at the lower left, letterboxed (40 px) + brightened",
        {"a.mp4": ([P("lego", 0.5, f), S("armwr", 0.2, "o"), P("bunny", 0.5, f),
                    S("armwr", 0.2, "c1", tf=lambda x: window(x, 0.2, 0.8, 0.80), desc="80 % window at the lower left"),
                    P("launch", 0.0, 1.6)], {}),
         "b.mp4": ([P("cockatoo", 10.0, f),
                    S("armwr", 0.2, "c2", tf=letterbox_bright, desc="40 px letterbox, brightness +30"),
                    P("tree", 0.0, f)], {})},
        [("reuse", ["o", "c1", "c2"])], "heldout3", "three times")

    # ---- retakes: two different recorded moments (or recordings) of one set-up
    retakes = [  # (name, label, description, (src, t) first, (src, t) second, same file, tf, dur)
        ("h3_rt_static_mice", "retake: static set-up, other moment",
         "static arena camera, 23 s later, the mice elsewhere", ("mice", 2.0), ("mice", 25.0), False, None, d),
        ("h3_rt_static_mice_w", "retake: static set-up, other moment",
         "static arena camera, 35 s apart, one video", ("mice", 35.0), ("mice", 70.0), True, None, d),
        ("h3_rt_street_people", "retake: same place, other people passing",
         "the same street and woman with the sign, 2.2 s later, other passers-by", ("street", 0.0), ("street", 2.2),
         False, None, 1.8),
        ("h3_rt_action_reach", "retake: repeated action",
         "static close-up, the mouse licking again 4.3 s later", ("reach", 0.3), ("reach", 4.6), False, None, d),
        ("h3_rt_action_makeup", "retake: repeated action",
         "webcam, the make-up stroke repeated 3.5 s later, one video", ("makeup", 0.0), ("makeup", 3.5), True,
         None, 2.8),
        ("h3_rt_action_gym", "retake: repeated action",
         "gym, the players shooting again 5.5 s later", ("gym", 0.3), ("gym", 5.8), False, None, 3.3),
        ("h3_rt_moved_mice", "retake: slightly moved camera",
         "arena 43 s later, camera moved: 92 % window at the upper left", ("mice", 12.0), ("mice", 55.0), False,
         lambda x: window(x, 0.1, 0.15, 0.92), d),
        ("h3_rt_moved_reach", "retake: slightly moved camera",
         "close-up 4.5 s later, camera turned 1.2 degrees and shifted (94 % window), one video",
         ("reach", 0.5), ("reach", 5.0), True, lambda x: rotate(window(x, 0.7, 0.4, 0.94), 1.2), d),
        ("h3_rt_recordings", "retake: separate recordings of one set-up",
         "one room and camera set-up, two recordings (a woman drinking; two men hugging)",
         ("ntu_drink", 0.3), ("ntu_hug", 0.0), False, None, 2.4),
        ("h3_rt_costume", "retake: changed costume",
         "webcam 3.5 s later, her top recoloured (hue +70, more saturated)", ("makeup", 0.2), ("makeup", 3.7),
         False, lambda x: recolour_region(x, (0.0, 0.62, 0.55, 1.0), 70), 2.7),
        ("h3_rt_handheld", "retake: handheld, same subject",
         "handheld camera on the same pool, two moments 5.8 s apart", ("pool", 0.2), ("pool", 6.0), False, None, d),
    ]
    for name, label, desc, (s1, t1), (s2, t2), same, tf, dur in retakes:
        a = S(s1, t1, "t1", dur=dur)
        b = S(s2, t2, "t2", dur=dur, tf=tf, desc=desc if tf else "none")
        if same:
            files = {"a.mp4": ([a, P("bunny", 0.5, f), b, P("launch", 0.0, 1.6)], {})}
        else:
            files = {"a.mp4": ([P("lego", 0.5, f), a, P("launch", 3.3, f)], {}),
                     "b.mp4": ([P("cockatoo", 10.0, f), b, P("tree", 0.0, f)], {})}
        C[name] = (f"retake: {desc}", files, [("retake", ["t1", "t2"])], "heldout3", label)

    # ---- negatives: similar-looking but different footage
    C["h3_neg_unrelated"] = ("negative: unrelated real clips (arm wrestling, pool, arena / gym, webcam, street)",
                             {"a.mp4": ([P("armwr", 0.0, 2.5), P("pool", 1.0, 2.5), P("mice", 3.0, 2.5)], {}),
                              "b.mp4": ([P("gym", 1.0, 2.5), P("makeup", 0.5, 2.5), P("street", 0.5, 2.5)], {})},
                             [], "heldout3", "negative")
    C["h3_neg_streets"] = ("negative: similar scenes: people walking in three different streets and squares",
                           {"a.mp4": ([P("street", 0.0, 4.0), P("bikes", 0.0, 1.16)], {}),
                            "b.mp4": ([P("vtest", 20.0, 4.0), P("bikes", 5.52, 1.9)], {})},
                           [], "heldout3", "negative")
    C["h3_neg_lab_mice"] = ("negative: similar scenes: two different greyscale lab cameras on mice",
                            {"a.mp4": ([P("reach", 1.0, 3.0), P("lego", 0.5, 1.5)], {}),
                             "b.mp4": ([P("mice", 10.0, 3.0), P("plant", 0.0, 1.16)], {})},
                            [], "heldout3", "negative")
    C["h3_neg_webcams"] = ("negative: similar scenes: different people close to a webcam indoors",
                           {"a.mp4": ([P("makeup", 1.0, 3.0), P("tree", 0.0, 1.5)], {}),
                            "b.mp4": ([P("movie-hello", 0.5, 3.0), P("carphone", 0.0, 3.0)], {})},
                           [], "heldout3", "negative")
    C["h3_neg_titles"] = ("negative: unrelated clips between black gaps and title cards with other words",
                          {"a.mp4": ([P("gym", 4.0, 2.5), P("bunny", 0.0, 1.5, join="black", black=20,
                                                             tf=title("ROUND ONE"), desc="title card"),
                                      P("ntu_drink", 0.5, 2.5, join="black", black=20)], {}),
                           "b.mp4": ([P("pool", 3.0, 2.5), P("plant", 0.0, 1.16, join="black", black=20,
                                                              tf=title("LATER"), desc="title card"),
                                      P("armwr", 2.0, 2.5, join="black", black=20)], {})},
                          [], "heldout3", "negative")
    return C


def check_sources(name, files, groups, cuts):
    """Footage of one source scene used twice in a case must be a grouped repeat or retake
    (ntu_drink and ntu_hug are one scene; title cards replace their frames and do not count)."""
    cuts = {**cuts, **CUTS}
    grouped = {t for _, tags in groups for t in tags}
    seen = {}
    for pieces, _ in files.values():
        for p in pieces:
            if p.desc == "title card":
                continue
            scene = (SCENE.get(p.src, p.src), sum(c <= p.start for c in cuts.get(p.src, [])))
            if scene in seen and not (p.tag in grouped and seen[scene] in grouped):
                raise AssertionError(f"{name}: {scene} used twice without a group")
            seen[scene] = p.tag
