"""Split "heldout10": repeated-segment cases for issue 11 whose repeated material comes from
footage that no other split, test or sample uses (five GitHub repositories claimed for it in
/work/claims/issue-11-eval10.txt). Built by someone who did not change the matcher and never ran
it on these cases; kept out of all tuning and scored once.

    python benchmarks/media/build_eval.py --heldout10 --out /tmp/vf_heldout10 --sources /tmp/vf_heldout10_src
    python benchmarks/evaluate.py /tmp/vf_heldout10 --split heldout10 --no-shots

Imported by build_eval.py. The clips are read at pinned commits from bare git snapshots
(``--mirror``, default /work/.mirror, one ``owner+name/repo`` directory per repository); each
file's SHA-256 is checked before use. They are never committed:

* DPE (data): ``anchor`` and ``suit``, two different men in suits talking (VoxCeleb-style face
  tracks, the repository's driving and source examples);
* IP_LAP (test/template_video): ``lrs``, a close face track of a woman with auburn hair talking;
* LIA (data, the driving examples of TaiChiHD, TED-talks and VoxCeleb): ``taichi1`` and
  ``taichi2``, two different men practising tai chi outdoors; ``ted1``, ``ted2``, ``ted3``,
  three different speakers on stages; ``redhead``, ``voxman``, ``voxcam`` and ``obama``, four
  different people talking to the camera;
* Track-Anything (test_sample): ``kitten``, a kitten playing on a blanket; ``aquarium``, a large
  aquarium tank with visitors' silhouettes, and ``aquarium_hd``, the author's first upload of the
  same clip at 1280x576 (replaced by the 800x360 re-encode a few days later);
* bgslibrary (dataset): ``lanes``, a high fixed camera over a road, and ``lanes_small``, the
  320x176 copy of the same recording that the repository ships for its GUI; ``highway`` and
  ``avenue``, two other fixed road cameras.

Fillers, picture-in-picture backgrounds and the other side of some negatives use the older
sources of sample_media/_mediakit.py, never a case's repeated material. Every edit has other
parameters than the earlier splits; the two-edit combinations pair an edit of the issue with a
low-bitrate re-encode or with sensor noise, which no earlier split combines. Retakes are always
two DIFFERENT recorded moments, never an edited copy of the same frames; where a retake carries
an edit (a moved camera, a recoloured jacket, other light), it is applied to the other moment only.
"""
from dataclasses import replace

import cv2
import numpy as np

import _mediakit as mk
from edit_cases import Pip, ZoomPan, blur, fps_convert, grey, recolour_region, rotate, window
from heldout2_cases import title
from heldout3_cases import fetch_files
from heldout9_cases import box_blur, name_strap
import heldout6_cases

_DP = ("OpenTalker/DPE", "MIT (repository licence); VoxCeleb-style face tracks of real people from public "
       "interviews, their own terms are not restated: evaluation only, never committed")
_IP = ("Weizhi-Zhong/IP_LAP", "Apache-2.0 (repository licence); an LRS2-style face track of a real person "
       "from television, its own terms are not restated: evaluation only, never committed")
_LI = ("wyhsirius/LIA", "CC BY-NC 4.0 (repository licence); driving examples from TaiChiHD, TED-talks and "
       "VoxCeleb, real people in public videos, their own terms are not restated: evaluation only, never committed")
_TA = ("gaomingqi/Track-Anything", "MIT (repository licence); real footage, origin not stated: evaluation "
       "only, never committed")
_BG = ("andrewssobral/bgslibrary", "MIT (repository licence); real road-camera footage, origin not stated: "
       "evaluation only, never committed")
_DP_C, _IP_C = "76a86c40132422929b98e26a366969f12ee66260", "9b9dc03f0e90b10b92c904b202443c160afe7c45"
_LI_C, _BG_C = "b9f15fb70a3b7704576491ef8f4fd6fc4ad557d9", "4622bc9cded1c5504cec6db47db07b3e3c782ecc"
_TA_C, _TA_0 = "e6e159273790974e04eeea6673f1f93c035005fc", "8e503db441c7f82201e1dfabc6ea78e463dffd98"
FILES = {  # name -> (repository, commit, path, sha256, description)
    "anchor": (_DP, _DP_C, "data/d.mp4", "9f31554130746a31c2cd7b399e3d9a25de8d0f4d2e463d8e9915b69b971d38f2",
               "a man with dark hair in a navy suit talking before a backdrop of a lake and dry hills, "
               "256x256, 25 fps, 13.36 s"),
    "suit": (_DP, _DP_C, "data/s.mp4", "a0c4ab09c48b2fc99f507ffb5d95c4c0fb6462600bdc008e820b9fac2ed67008",
             "a man with short fair hair in a dark suit and white shirt talking before a dark brown wall, "
             "256x256, 25 fps, 9.12 s"),
    "lrs": (_IP, _IP_C, "test/template_video/129.mp4",
            "d3c2d18fd4ea1952b15508e315362ccdf3c80671b064e74a24d72d4042710f57",
            "a close face track of a woman with auburn hair talking, 256x256, 30 fps, 9.0 s"),
    "taichi1": (_LI, _LI_C, "data/taichi/driving1.mp4",
                "9de02137c4493434675cf962ebc76e73124c2648c1b3e1f6a793340c19c65b4f",
                "a man in white practising tai chi on a paved square before steps and an old gate (a title "
                "over the first 13 s, not used), 256x256, 10 fps, 45.8 s"),
    "taichi2": (_LI, _LI_C, "data/taichi/driving2.mp4",
                "9dbcd42a53b626ad2fb6ffbdaaa88017f45e78097a3b7e3974cd3cfa90956180",
                "a bald man in a pale robe with a yellow sash practising tai chi on a meadow before hills, "
                "256x256, 10 fps, 28.0 s"),
    "ted1": (_LI, _LI_C, "data/ted/driving1.mp4", "c358f6a57ee7aebb2fa034e756451fcec7a1ee19327a73a63ceaf8757c1897d3",
             "a man with glasses in a dark jacket speaking on a dark stage before red panels, 256x256, "
             "10 fps, 16.0 s"),
    "ted2": (_LI, _LI_C, "data/ted/driving2.mp4", "de396527cfcde011f5bc9450d501a276ca2d8be1ba8a691cc76766f7888cd741",
             "a woman in a white patterned dress and a beaded collar speaking before red and blue panels, "
             "256x256, 10 fps, 13.0 s"),
    "ted3": (_LI, _LI_C, "data/ted/driving3.mp4", "1663f360f327ca2e5eb060c5f711fbb33f2ecf243d7ece77780f6c575fd5dc90",
             "a woman in a blue dress and a black leather jacket speaking with a clicker before a purple "
             "backdrop, 256x256, 10 fps, 13.3 s"),
    "redhead": (_LI, _LI_C, "data/vox/driving1.mp4",
                "c382be0f870142d5a64e9378fa835005671499251cec5f780a24dacc1124caca",
                "a woman with red hair talking before a warm yellow background, 256x256, 10 fps, 65.2 s"),
    "voxman": (_LI, _LI_C, "data/vox/driving2.mp4",
               "d2afa22d205ad1afe5521241f8214cea938e17bb1d22032d38448816836837bf",
               "a young man in a grey T-shirt talking before a pale wall, 256x256, 25 fps, 8.84 s"),
    "voxcam": (_LI, _LI_C, "data/vox/driving3.mov",
                "366e24a2bc63d2ff1228c58555be0082426055e8249ab7c059e82689d86b140f",
                "a young person with dark hair in a striped top talking to a phone camera indoors, 256x256, "
                "24 fps, 18.58 s"),
    "obama": (_LI, _LI_C, "data/vox/obama.mov", "c68cae1c963f30abe879e05e493e9402df74e4269fb53616e2694472276a52d4",
              "a man in a dark suit (a public figure) speaking before a window with foliage, 256x256, 25 fps, "
              "46.76 s"),
    "kitten": (_TA, _TA_C, "test_sample/test-sample2.mp4",
               "3960a7f0e7c68d38c1e914279834a809cb97ccd66c8335f0e9eb55ee6c259602",
               "a grey tabby kitten playing on a patterned blanket, 568x320, 29.56 fps, 5.04 s"),
    "aquarium": (_TA, _TA_C, "test_sample/test-sample4.mp4",
                 "d6680f40e70072be24348fc07513497823ab9dedb76f1935c96082ceb3efe82c",
                 "a large aquarium tank with fish and sharks, visitors' silhouettes in front, 800x360, "
                 "29.97 fps, 7.57 s"),
    "aquarium_hd": (_TA, _TA_0, "test_sample/test-sample4.mp4",
                    "3d739a4b1a0ef3f5b50a9d26b2e767dcc590e6f5463805fc1f659e09d618d4ad",
                    "the author's first upload of the same clip (the same 227 frames) at 1280x576, 29.84 fps, "
                    "7.61 s"),
    "lanes": (_BG, _BG_C, "dataset/video.avi", "3962dd341495322a8d3bf988f6edb461ed8a0696502011a6b2293027a99fc38d",
              "a high fixed camera over a grey road with painted arrows, cars passing, 640x360, 30 fps, 12.47 s"),
    "lanes_small": (_BG, _BG_C, "gui/mfc/dataset/video.avi",
                    "4763e3d18a21ce72600be76ee1238f0b2496179c662bc2539b5543a94a75589b",
                    "the same recording as lanes downscaled to 320x176 (the copy the repository ships for its "
                    "GUI; same 374 frames), 30 fps, 12.47 s"),
    "highway": (_BG, _BG_C, "dataset/video02.avi",
                "64dd421c7a5430ba9f2b6876a4d97c2bb599c2023f42f8e3af4ac6e00dbe81a2",
                "a traffic camera over a multi-lane highway with a planted median, heavy traffic, data and a "
                "timestamp burned in at the top, 320x240, 25 fps, 29.92 s"),
    "avenue": (_BG, _BG_C, "dataset/video03.avi",
               "c0f046cd08c1c44a87a54c674793f1f6168bdbbb83d5526c22377fe262a2522a",
               "a fixed camera over a four-lane road lined with trees, cars passing, 320x240, 60 fps, 28.32 s"),
}
SOURCES = {n: (f"github:{repo}@{commit}", path, lic, desc)
           for n, ((repo, lic), commit, path, _, desc) in FILES.items()}
# the square clips: a 16:9 band (256x144) across the face, or head to waist / knees
mk.FRAMING.update({"anchor": (0, 40, 256, 144), "suit": (0, 40, 256, 144), "lrs": (0, 56, 256, 144),
                   "taichi1": (0, 20, 256, 144), "taichi2": (0, 20, 256, 144), "ted1": (0, 15, 256, 144),
                   "ted2": (0, 20, 256, 144), "ted3": (0, 20, 256, 144), "redhead": (0, 60, 256, 144),
                   "voxman": (0, 40, 256, 144), "voxcam": (0, 40, 256, 144), "obama": (0, 50, 256, 144)})
# one recording in two files (a re-encode or a downscaled copy of the same frames)
SCENE = {"aquarium_hd": "aquarium", "lanes_small": "lanes"}
OFFSET = {}  # both copies start at the same frame
CUTS = {}  # no shot change inside any used range (checked by frame differences)
SETUP = {}  # no two separate recordings of one set-up in these repositories


def root(src):
    """The set-up a source shows: through SCENE, then SETUP."""
    src = SCENE.get(src, src)
    return SETUP.get(src, src)


def fetch(cache, mirror="/work/.mirror"):
    """{name: local file}, read at the pinned commits and checked against their SHA-256."""
    return fetch_files(FILES, cache, mirror, "heldout10")


# --------------------------------------------------------------------------
# Edits with other parameters than the earlier splits
# --------------------------------------------------------------------------

def faded_warm(f):
    """A faded warm grade: lifted, flatter, less saturated, a slight red gain."""
    return mk.adjust(f, brightness=12, contrast=0.88, saturation=0.7, gain=(1.1, 1.0, 0.9))


def green_cast(f):
    """A green cast: green gain, red and blue down, contrast 1.14."""
    return mk.adjust(f, brightness=-3, contrast=1.14, saturation=1.05, gain=(0.92, 1.12, 0.9))


def grey_punch(f):
    return mk.adjust(grey(f), brightness=-10, contrast=1.35)


_NOISE = {}


def noise(f, sigma=7.0):
    """Sensor noise: a fixed Gaussian pattern (sigma in grey levels, seeded) added to every frame."""
    h, w = f.shape[:2]
    if (h, w, sigma) not in _NOISE:
        _NOISE[(h, w, sigma)] = np.random.default_rng(10).normal(0, sigma, (h, w, 1)).astype(np.float32)
    return np.clip(f.astype(np.float32) + _NOISE[(h, w, sigma)] + 0.5, 0, 255).astype(np.uint8)


def headline(f, line="STORM WARNING FOR THE COAST", clock="21:47"):
    """A red top banner with a white headline and a clock at its right end."""
    out = f.copy()
    h, w = f.shape[:2]
    cv2.rectangle(out, (0, int(h * 0.03)), (w, int(h * 0.15)), (190, 20, 30), -1)
    cv2.putText(out, line, (int(w * 0.03), int(h * 0.12)), cv2.FONT_HERSHEY_DUPLEX, w / 900,
                (255, 255, 255), 1, cv2.LINE_AA)
    cv2.putText(out, clock, (int(w * 0.86), int(h * 0.12)), cv2.FONT_HERSHEY_SIMPLEX, w / 900,
                (255, 230, 120), 1, cv2.LINE_AA)
    return out


def jacket(f):
    """A changed costume: the speaker's jacket and dress (the lower middle of the frame) recoloured."""
    return recolour_region(f, (0.3, 0.45, 0.75, 1.0), 70)


def lamp(f):
    """Other light: warmer and dimmer, with more contrast, as under a lamp."""
    return mk.adjust(f, brightness=-18, contrast=1.12, saturation=0.85, gain=(1.16, 0.96, 0.76))


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------

def heldout10_cases(P, d=2.2, f=1.0):
    """name -> (description, files, groups, "heldout10", edit label); P is build_eval.P."""
    S = lambda src, start, tag, dur=d, **kw: P(src, start, dur, tag=tag, **kw)  # noqa: E731
    n25, n10 = int(d * 25), int(d * 10)  # distinct source frames of a 2.2 s piece (25-60 fps, 10 fps)
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
            [("reuse", ["o", "c"])], "heldout10", edit)

    def reuse_within(name, edit, desc, src, start, tf=None, seq=None):
        C[name] = (f"one video: {desc}", {
            "a.mp4": ([P("lego", 3.0, f), S(src, start, "o"), P("cockatoo", 5.0, f),
                       P("vtest", 45.0, f), S(src, start, "c", tf=tf, seq=seq, desc=desc),
                       P("bikes", 0.0, 1.16)], {})},
            [("reuse", ["o", "c"])], "heldout10", edit)

    def enc(w, h, crf):  # the copy's whole file downscaled and re-encoded at a low bitrate
        return {"w": w, "h": h, "crf": crf}

    # ---- reuse: every edit of the issue, new parameters
    reuse("h10_crop65", "crop anywhere", "65 % window at the bottom, left of centre (x 0.3, y 0.95)",
          "obama", 3.0, lambda x: window(x, 0.3, 0.95, 0.65), FA)
    reuse("h10_mirror", "mirror", "horizontal mirror", "ted2", 1.0, mk.mirror, FC)
    reuse("h10_letterbox_portrait", "letterbox", "16:9 picture letterboxed into a 3:4 (480x640) video",
          "highway", 3.0, lambda x: mk.fit(x, 480, 640), FA, opt={"h": 640}, frame=(480, 270))
    reuse("h10_letterbox50", "letterbox", "cinema letterbox with 50 px bars", "redhead", 20.0,
          lambda x: mk.letterbox(x, 50), FB)
    reuse("h10_rotate2.7", "rotation", "rotated 2.7 degrees (zoomed to hide corners)",
          "anchor", 1.0, lambda x: rotate(x, 2.7), FC)
    reuse("h10_rotate-4.3", "rotation", "rotated -4.3 degrees (black corners)",
          "aquarium", 1.0, lambda x: rotate(x, -4.3, fill=False), FA)
    reuse("h10_pip59", "picture-in-picture", "shown at 59 % of the frame at the lower right inside other footage",
          "voxman", 1.0, Pip("bunny", 0.5, 0.59, (0.93, 0.9), dur=d), FB)
    reuse("h10_pip68", "picture-in-picture", "shown at 68 % of the frame at the top centre inside other footage",
          "lanes", 1.0, Pip("tree", 0.0, 0.68, (0.5, 0.05), dur=d), FC)
    reuse("h10_pip83", "picture-in-picture", "shown at 83 % of the frame at the left, mid-height, inside other "
          "footage", "ted3", 2.0, Pip("lego", 1.5, 0.83, (0.1, 0.5), dur=d), FA)
    reuse("h10_zoompan_in", "zoom with pan", "virtual zoom 100 %->64 % panning to the upper right",
          "highway", 8.0, ZoomPan(n25, 1.0, 0.64, 0.5, 0.9, 0.5, 0.1), FB)
    reuse("h10_zoompan_in_face", "zoom with pan", "virtual zoom 96 %->70 % panning down and left (a face track)",
          "obama", 10.0, ZoomPan(n25, 0.96, 0.70, 0.5, 0.2, 0.3, 0.85), FC)
    reuse("h10_zoompan_out", "zoom with pan", "virtual zoom out 60 %->95 % panning from the left to the centre",
          "taichi1", 16.0, ZoomPan(n10, 0.60, 0.95, 0.1, 0.5, 0.5, 0.5), FA)
    reuse("h10_grade_faded_warm", "colour grading",
          "faded warm grade (brightness +12, contrast 0.88, saturation 0.7, slight red gain)",
          "lrs", 1.0, faded_warm, FB)
    reuse("h10_grey_punch", "greyscale", "greyscale, darker and harder (brightness -10, contrast 1.35)",
          "suit", 1.0, grey_punch, FA)
    reuse("h10_blur4.4", "blur", "Gaussian blur sigma 4.4", "ted1", 3.0, lambda x: blur(x, 4.4), FB)
    reuse("h10_boxblur15", "blur", "box blur over 15x15 px", "kitten", 1.0, lambda x: box_blur(x, 15), FC)
    reuse("h10_headline", "burned-in text", "a red top banner with a white headline and a clock",
          "voxcam", 2.0, headline, FA)
    reuse("h10_fps18.5", "frame-rate conversion", "25 -> 18.5 -> 25 fps (about one frame in four dropped, "
          "others doubled)", "obama", 20.0, None, FB, seq=lambda fr: fps_convert(fr, 18.5))
    reuse("h10_fps8.5", "frame-rate conversion", "30 fps source at 25, then 25 -> 8.5 -> 25 fps (each kept 2-3 times)",
          "lrs", 4.0, None, FC, seq=lambda fr: fps_convert(fr, 8.5))
    reuse("h10_speed0.63", "speed", "slowed to 0.63x", "highway", 15.0, None, FA, speed=0.63, dur=1.386)
    reuse("h10_speed1.36", "speed", "sped up to 1.36x", "redhead", 30.0, None, FB, speed=1.36, dur=2.992)
    reuse("h10_speed1.83", "speed", "sped up to 1.83x", "avenue", 15.0, None, FC, speed=1.83, dur=4.026)
    # combinations of two, none of an earlier split (an edit of the issue with a low-bitrate re-encode
    # of the copy's whole file, or with sensor noise)
    reuse("h10_reenc_blur", "blur + re-encode", "Gaussian blur sigma 2.9, the file at 384x216 crf 37",
          "anchor", 6.0, lambda x: blur(x, 2.9), FA, opt=enc(384, 216, 37))
    reuse("h10_reenc_mirror", "mirror + re-encode", "horizontal mirror, the file at 352x198 crf 39",
          "ted1", 8.0, mk.mirror, FB, opt=enc(352, 198, 39))
    reuse("h10_reenc_rotate", "rotation + re-encode", "rotated 3.2 degrees (zoomed to hide corners), the file "
          "at 336x188 crf 35", "highway", 20.0, lambda x: rotate(x, 3.2), FC, opt=enc(336, 188, 35))
    reuse("h10_reenc_grey", "greyscale + re-encode", "greyscale, the file at 400x226 crf 38", "redhead", 40.0,
          grey, FA, opt=enc(400, 226, 38))
    reuse("h10_reenc_speed", "speed + re-encode", "sped up to 1.18x, the file at 368x208 crf 34", "obama",
          30.0, None, FB, speed=1.18, dur=2.596, opt=enc(368, 208, 34))
    reuse("h10_reenc_text", "burned-in text + re-encode", "a blue lower-third name strap and a LIVE bug, the "
          "file at 416x234 crf 42", "suit", 4.5,
          lambda x: name_strap(x, "MARK HOLLOWAY", "Spokesman, Northgate Council"), FC, opt=enc(416, 234, 42))
    reuse("h10_reenc_zoompan", "zoom with pan + re-encode", "virtual zoom 98 %->78 % panning right, the file at "
          "304x172 crf 33", "lanes", 5.0, ZoomPan(n25, 0.98, 0.78, 0.2, 0.9, 0.5, 0.5), FA, opt=enc(304, 172, 33))
    reuse("h10_reenc_fps", "frame-rate conversion + re-encode", "30 fps source at 25, then 25 -> 16.5 -> 25 fps, "
          "the file at 448x252 crf 41", "aquarium", 3.5, None, FB, seq=lambda fr: fps_convert(fr, 16.5),
          opt=enc(448, 252, 41))
    reuse("h10_reenc_letterbox", "letterbox + re-encode", "cinema letterbox with 22 px bars, the file at "
          "384x216 crf 39", "taichi1", 25.0, lambda x: mk.letterbox(x, 22), FC, opt=enc(384, 216, 39))
    reuse("h10_reenc_colour", "colour + re-encode", "faded warm grade, the file at 352x198 crf 32", "kitten",
          2.6, faded_warm, FA, opt=enc(352, 198, 32))
    reuse("h10_noise_crop", "noise + crop",
          "sensor noise sigma 7 on an 80.5 % window at the upper right (x 0.6, y 0.1)", "voxcam", 8.0,
          lambda x: noise(window(x, 0.6, 0.1, 0.805)), FB)
    reuse("h10_noise_pip", "noise + picture-in-picture", "sensor noise sigma 9, shown at 76 % of the frame at the "
          "upper left inside other footage", "ted2", 6.0,
          lambda x, p=Pip("lego", 0.8, 0.76, (0.05, 0.1), dur=d): p(noise(x, 9.0)), FC)
    # within one video
    reuse_within("h10_w_noise_letterbox", "noise + letterbox", "sensor noise sigma 6, 56 px letterbox bars",
                 "avenue", 9.0, lambda x: mk.letterbox(noise(x, 6.0), 56))
    reuse_within("h10_w_noise_mirror", "noise + mirror", "mirrored, sensor noise sigma 8", "anchor", 9.5,
                 lambda x: noise(mk.mirror(x), 8.0))
    reuse_within("h10_w_noise_grey", "noise + greyscale", "greyscale with sensor noise sigma 5", "taichi2", 20.0,
                 lambda x: noise(grey(x), 5.0))
    # real copies made by the sources' authors
    reuse("h10_aquarium_hd_real", "re-encode (real copy by the source)",
          "the aquarium clip and the author's first upload of it at 1280x576 (the same frames, another encode)",
          "aquarium", 4.6, None, FC, copy_src="aquarium_hd")
    reuse("h10_lanes_small_real", "downscaled copy (real copy by the source)",
          "the road camera and the 320x176 copy of the same recording that the repository ships for its GUI",
          "lanes", 8.0, None, FA, copy_src="lanes_small")
    C["h10_three_times"] = (
        "one 2.2 s segment used three times: plain, rotated -2.7 degrees (zoomed to hide corners) with "
        "a red headline banner, 81.5 % window at the lower left (x 0.0, y 1.0) blurred (sigma 1.7)",
        {"a.mp4": ([P("bunny", 0.5, f), S("voxman", 4.0, "o"), P("tree", 0.5, f),
                    S("voxman", 4.0, "c1", tf=lambda x: headline(rotate(x, -2.7)),
                      desc="rotated -2.7 degrees, headline banner"), P("bikes", 3.08, f)], {}),
         "b.mp4": ([P("movie-hello", 0.0, f),
                    S("voxman", 4.0, "c2", tf=lambda x: blur(window(x, 0.0, 1.0, 0.815), 1.7),
                      desc="81.5 % window at the lower left, blurred (sigma 1.7)"),
                    P("carphone", 2.0, f)], {})},
        [("reuse", ["o", "c1", "c2"])], "heldout10", "three times")
    _retakes_and_negatives(C, P, S, f)
    return C


def _retakes_and_negatives(C, P, S, f):
    # ---- retakes: two different recorded moments of one set-up
    retakes = [  # (name, label, description, (src, t) first, (src, t) second, same file, tf)
        ("h10_rt_people_aquarium", "retake: static set-up, other people passing",
         "the aquarium 4.5 s later, other visitors passing before the tank", ("aquarium", 0.2), ("aquarium", 4.7),
         False, None),
        ("h10_rt_static_lanes_w", "retake: static set-up, other moment",
         "the road from above 6.5 s later, other cars, one video", ("lanes", 0.5), ("lanes", 7.0), True, None),
        ("h10_rt_action_taichi1", "retake: repeated action",
         "the man in white practising the form again 14 s later", ("taichi1", 17.0), ("taichi1", 31.0), False, None),
        ("h10_rt_action_avenue_w", "retake: repeated action",
         "other cars driving down the tree-lined road 11 s later, one video", ("avenue", 4.0), ("avenue", 15.0),
         True, None),
        ("h10_rt_moved_highway", "retake: slightly moved camera",
         "the highway 13 s later, camera moved: 93.5 % window at the upper left, turned 0.8 degrees",
         ("highway", 5.0), ("highway", 18.0), False, lambda x: rotate(window(x, 0.1, 0.1, 0.935), 0.8)),
        ("h10_rt_costume_ted3", "retake: changed costume",
         "the woman before the purple backdrop 6 s later, her jacket and dress recoloured (hue +70)",
         ("ted3", 0.5), ("ted3", 6.5), False, jacket),
        ("h10_rt_light_redhead", "retake: same place, other light",
         "the woman with red hair 30 s later in warmer, dimmer lamp light", ("redhead", 5.0), ("redhead", 35.0),
         False, lamp),
        ("h10_rt_talk_obama", "retake: talking head, other moment",
         "the man before the window 34 s later, other words", ("obama", 1.0), ("obama", 35.0), False, None),
        ("h10_rt_talk_anchor_w", "retake: talking head, other moment",
         "the man before the lake backdrop 8.5 s later, other words, one video", ("anchor", 0.5), ("anchor", 9.0),
         True, None),
        ("h10_rt_talk_lrs", "retake: talking head, other moment",
         "the woman with auburn hair 5 s later, other words", ("lrs", 0.5), ("lrs", 5.5), False, None),
        ("h10_rt_talk_redhead_w", "retake: talking head, other moment",
         "the woman with red hair 45 s later, other words, one video", ("redhead", 10.0), ("redhead", 55.0),
         True, None),
        ("h10_rt_talk_voxcam", "retake: talking head, other moment",
         "the young person in the striped top 12 s later, other words", ("voxcam", 1.0), ("voxcam", 13.0),
         False, None),
    ]
    for name, label, desc, (s1, t1), (s2, t2), same, tf in retakes:
        a = S(s1, t1, "t1")
        b = S(s2, t2, "t2", tf=tf, desc=desc if tf else "none")
        if same:
            files = {"a.mp4": ([P("carphone", 0.0, f), a, P("launch", 1.0, f), b, P("lego", 2.0, f)], {})}
        else:
            files = {"a.mp4": ([P("tree", 2.5, f), a, P("bikes", 3.08, f)], {}),
                     "b.mp4": ([P("plant", 0.0, f), b, P("vtest", 8.0, f)], {})}
        C[name] = (f"retake: {desc}", files, [("retake", ["t1", "t2"])], "heldout10", label)

    # ---- negatives: different footage, most of it similar-looking
    neg = [
        ("h10_neg_men_suits", "similar scenes: two different men in dark suits talking to the camera (anchor; suit)",
         [P("anchor", 3.0, 2.2), P("tree", 0.0, f)], [P("suit", 6.5, 2.2), P("bikes", 5.52, f)]),
        ("h10_neg_women_red_hair", "similar scenes: two different women with red hair talking in close-up "
         "(lrs; redhead)", [P("lrs", 2.5, 2.2), P("lego", 0.5, f)], [P("redhead", 25.0, 2.2), P("plant", 0.0, f)]),
        ("h10_neg_men_taichi", "similar scenes: two different men in pale clothes practising tai chi outdoors "
         "(taichi1; taichi2)", [P("taichi1", 38.0, 2.2), P("launch", 0.0, f)],
         [P("taichi2", 8.0, 2.2), P("cockatoo", 10.0, f)]),
        ("h10_neg_women_stages", "similar scenes: two different women speaking on stages with coloured panels "
         "(ted2; ted3)", [P("ted2", 9.5, 2.2), P("tree", 0.0, f)], [P("ted3", 10.0, 2.2), P("bikes", 0.0, 1.16)]),
        ("h10_neg_roads", "similar scenes: two different fixed cameras over multi-lane roads with traffic "
         "(highway; avenue)", [P("highway", 10.0, 2.2), P("lego", 0.5, f)],
         [P("avenue", 22.0, 2.2), P("vtest", 40.0, f)]),
        ("h10_neg_unrelated", "unrelated real clips (kitten, aquarium, road camera / man before a window, "
         "face track, stage talk)",
         [P("kitten", 2.5, 2.2), P("aquarium", 6.0, 1.2), P("lanes", 10.5, 1.6)],
         [P("obama", 42.0, 1.0), P("voxman", 6.5, 2.2), P("ted1", 12.0, 1.6)]),
        ("h10_neg_titles", "unrelated clips between black gaps and title cards with other words",
         [P("suit", 0.5, 2.0), P("bunny", 0.0, 1.4, join="black", black=20, tf=title("CHAPTER FOUR"),
                                  desc="title card"),
          P("avenue", 25.0, 2.0, join="black", black=20)],
         [P("taichi2", 24.0, 2.0), P("plant", 0.0, 1.16, join="black", black=20, tf=title("TWO YEARS LATER"),
                                     desc="title card"),
          P("voxcam", 16.0, 2.0, join="black", black=20)]),
    ]
    for name, desc, a, b in neg:
        C[name] = (f"negative: {desc}", {"a.mp4": (a, {}), "b.mp4": (b, {})}, [], "heldout10", "negative")


def check_sources(name, files, groups, cuts):
    """Footage of one source (or of one recording in two files) used twice in a case must be a
    grouped repeat or retake: heldout6's check (title cards do not count) on pieces whose source
    is named by its set-up (``root``: ``SCENE``, then ``SETUP``) and with this split's shot
    changes (``CUTS``, none)."""
    rec = {f: ([replace(p, src=root(p.src)) for p in pieces], opt) for f, (pieces, opt) in files.items()}
    heldout6_cases.check_sources(name, rec, groups, {**cuts, **CUTS})
