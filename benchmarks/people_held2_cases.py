#!/usr/bin/env python3
"""Build the people split "held2": new people, new photographs, never tuned on.

    python benchmarks/people_held2_cases.py --krasserm DIR --facerec DIR --openface DIR \
        --compreface DIR [--out DIR]
    python benchmarks/people_held2_cases.py ... --check-dupes --deepface DIR --faceapi DIR \
        [--cache DIR]      # perceptual-hash check against the photos of the tune/held splits
    python benchmarks/people_heldout.py --videos DIR --split held2     # score it

Each DIR is the root of a git clone (photos fetched at build time, never committed; commits
the split was built from are in SOURCES):
  --krasserm    https://github.com/krasserm/face-recognition   images/<Name>/: 10 people of
                Labeled Faces in the Wild x 10 photos (names from the folders)
  --facerec     https://github.com/ageitgey/face_recognition   examples/knn_examples: Alex
                Lacamoire, Kit Harington, Rose Leslie (folder and file names); examples/
                alex-lacamoire.png, lin-manuel-miranda.png. Obama and Biden are NOT used.
  --openface    https://github.com/cmusatyalab/openface        images/examples: lennon-1/2,
                clapton-1/2, adams, carell, longoria-cooper (file names)
  --compreface  https://github.com/exadel-inc/CompreFace       embedding-calculator/
                sample_images: person A x 6, B x 2, C x 1 (its annotations.py PERSONS), and
                group photos; load-tests/docker/tests/verify/faces/FACE_1..3 (people seen once)
No person or photograph of the tune or held splits (benchmarks/people_cases.py) is used.
Shots, conditions and video format are those of people_cases.py (2 s shots, one 640x360 and
one 854x480 H.264 video), plus: REAL sunglasses and hats (condition `sunglasses`/`hat` and
`sunglasses_real`/`hat_real`; the others are drawn, as in people_cases.py) and two real
photographs of two people shown whole (`small` or `group` by the face height on screen).
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from people_cases import (CONDITIONS, DLIB, FACEAPI, FR, SHOT_S, TURNED_BELOW, VIDEO_SIZES,  # noqa: E402
                          composite_shot, composite_shots, fetch, single_shot)
from people_eval import FPS, encode, photo_shot  # noqa: E402

SOURCES = {  # key: (repository, commit the split was built from, licence of the repository)
    "lfw": ("krasserm/face-recognition", "363e4ec0f700e74b2ea7abceba289390d29dd43f",
            "Apache-2.0 (code); photos are LFW's (news photographs, research use)"),
    "fr": ("ageitgey/face_recognition", "2e2dccea9dd0ce730c8d464d0f67c6eebb40c9d1",
           "MIT (code); photos' origin not documented"),
    "of": ("cmusatyalab/openface", "051475225b5ae335918621077313085bbb7ab5a0",
           "Apache-2.0 (code); photos' origin not documented"),
    "cf": ("exadel-inc/CompreFace", "ddf32da8245e2e6688c3ab6f60587fd3e31538c2",
           "Apache-2.0 (code); photos' origin not documented"),
}
# Labeled Faces in the Wild people (krasserm's images/<Name>/<Name>_00NN.jpg): photo numbers used,
# the first 6 of each folder, except Schwarzenegger's #8 (real sunglasses) and Chavez's #9 (real
# beret) in place of #6.
LFW = {n: [1, 2, 3, 4, 5, 6] for n in ("Ariel_Sharon", "Colin_Powell", "Donald_Rumsfeld", "George_W_Bush",
                                       "Gerhard_Schroeder", "Tony_Blair", "Vladimir_Putin")}
LFW |= {"Arnold_Schwarzenegger": [1, 2, 3, 4, 5, 8], "Hugo_Chavez": [1, 2, 3, 4, 5, 9],
        "Jacques_Chirac": [1, 2, 3, 4, 5, 7]}
KNN = "examples/knn_examples/"
CFS = "embedding-calculator/sample_images/"
OTHER = {  # person: its photographs (source key, path in the repository)
    "alex_lacamoire": [("fr", "examples/alex-lacamoire.png"), ("fr", KNN + "train/alex_lacamoire/img1.jpg"),
                       ("fr", KNN + "test/alex_lacamoire1.jpg")],
    "kit_harington": [("fr", KNN + "train/kit_harington/john1.jpeg"), ("fr", KNN + "train/kit_harington/john2.jpeg"),
                      ("fr", KNN + "test/johnsnow_test1.jpg")],
    "rose_leslie": [("fr", KNN + "train/rose_leslie/img1.jpg"), ("fr", KNN + "train/rose_leslie/img2.jpg")],
    "lennon": [("of", "images/examples/lennon-1.jpg"), ("of", "images/examples/lennon-2.jpg")],
    "clapton": [("of", "images/examples/clapton-1.jpg"), ("of", "images/examples/clapton-2.jpg")],
    "compreface_A": [("cf", CFS + f"00{k}_A.jpg") for k in range(1, 7)],
    "compreface_B": [("cf", CFS + "007_B.jpg"), ("cf", CFS + "008_B.jpg")],
}
# real photographs of two people, shown whole; people listed left to right
WHOLE = {("fr", KNN + "test/kit_with_rose.jpg"): ["rose_leslie", "kit_harington"],
         ("of", "images/examples/longoria-cooper.jpg"): ["longoria", "cooper"]}
SINGLES = {"adams": ("of", "images/examples/adams.jpg"), "carell": ("of", "images/examples/carell.jpg"),
           "miranda": ("fr", "examples/lin-manuel-miranda.png"), "compreface_C": ("cf", CFS + "009_C.jpg")} | \
          {f"compreface_face{k}": ("cf", f"load-tests/docker/tests/verify/faces/FACE_{k}.jpg") for k in (1, 2, 3)}
# group photographs (everyone in them is seen once); 015_6 is also readme_example.png, used once
GROUPS = [("cf", CFS + f) for f in ("000_5.jpg", "010_2.jpg", "011_3.jpg", "012_4.jpg", "013_4.jpg",
                                    "014_5.jpg", "015_6.jpg", "016_8.jpg")]
# looked at, listed by hand: real sunglasses / hats (the appearance keeps them, nothing is drawn)
REAL = {"lfw Arnold_Schwarzenegger_0008.jpg": "sunglasses", "lfw Hugo_Chavez_0009.jpg": "hat",
        "cf 005_A.jpg": "hat"}
# looked at, listed by hand: real eyeglasses (the condition `glasses`)
GLASSES = {f"lfw Colin_Powell_{k:04d}.jpg" for k in (1, 2, 3, 5)} | \
    {f"lfw Donald_Rumsfeld_{k:04d}.jpg" for k in range(1, 7)} | \
    {"lfw Tony_Blair_0005.jpg", "of lennon-1.jpg", "of clapton-1.jpg", "of clapton-2.jpg", "cf 009_C.jpg", "cf FACE_2.jpg"}
MAX_SIDE = 1600
SEED = 37


def _src(key: str, path: str) -> str:
    return f"{key} {os.path.basename(path)}"


def _rgb(path: str) -> np.ndarray:
    import cv2
    img = cv2.imread(path)
    if img is None:
        raise RuntimeError(f"cannot read {path}")
    s = MAX_SIDE / max(img.shape[:2])
    if s < 1:
        img = cv2.resize(img, (int(img.shape[1] * s), int(img.shape[0] * s)), interpolation=cv2.INTER_AREA)
    return cv2.cvtColor(img, cv2.COLOR_BGR2RGB)


class Photos:
    def __init__(self, roots: dict[str, str]):
        from vidforensics.people.faces import FaceDetector, frontal_score
        self.roots = roots
        self.det = FaceDetector(max_width=1024)
        self.frontal = frontal_score

    def load(self, key: str, path: str, centre: bool = False) -> dict:
        img = _rgb(os.path.join(self.roots[key], path))
        d = self.det.detect(img)
        if not len(d):
            raise RuntimeError(f"no face in {key}:{path}")
        if centre:      # LFW: the named person is the face at the centre
            c = np.array([img.shape[1] / 2, img.shape[0] / 2])
            k = int(np.argmin(np.linalg.norm((d.boxes[:, :2] + d.boxes[:, 2:]) / 2 - c, axis=1)))
        else:
            k = int(np.argmax((d.boxes[:, 2] - d.boxes[:, 0]) * (d.boxes[:, 3] - d.boxes[:, 1])))
        return {"img": img, "box": d.boxes[k], "lm": d.landmarks[k], "frontal": float(self.frontal(d.landmarks[k:k + 1])[0]),
                "src": _src(key, path)}

    def person(self, name: str) -> list[dict]:
        if name in LFW:
            return [self.load("lfw", f"images/{name}/{name}_{k:04d}.jpg", centre=True) for k in LFW[name]]
        return [self.load(k, p) for k, p in OTHER[name]]

    def whole(self, key: str, path: str) -> tuple[np.ndarray, list[dict]]:
        img = _rgb(os.path.join(self.roots[key], path))
        d = self.det.detect(img)
        big = np.argsort(-(d.boxes[:, 3] - d.boxes[:, 1]))[:len(WHOLE[(key, path)])]
        big = sorted(big, key=lambda i: d.boxes[i, 0])
        return img, [{"box": d.boxes[i], "frontal": float(self.frontal(d.landmarks[i:i + 1])[0]), "src": _src(key, path)}
                     for i in big]

    def group(self, g: tuple[str, str]) -> tuple[np.ndarray, np.ndarray]:
        img = _rgb(os.path.join(self.roots[g[0]], g[1]))
        return img, self.det.detect(img).boxes


def plan(photos: Photos) -> list[dict]:
    rng = np.random.default_rng(SEED)
    apps = []
    for pi, name in enumerate(list(LFW) + list(OTHER)):
        for k, p in enumerate(photos.person(name)):
            real = REAL.get(p["src"])
            apps.append({"person": name, "photo": p, "cond": real or CONDITIONS[(k + 2 * pi) % len(CONDITIONS)],
                         "real": bool(real)})
    groups = list(GROUPS)
    shots = composite_shots(apps, rng, groups)
    shots += [{"kind": "single", "members": [a]} for a in apps if a["cond"] not in ("small", "group")]
    shots += [{"kind": "single", "members": [{"person": n, "photo": photos.load(*s), "cond": "plain", "real": False}]}
              for n, s in SINGLES.items()]
    shots += [{"kind": "whole", "source": w} for w in WHOLE]
    shots += [{"kind": "composite", "members": [], "background": g} for g in groups]
    return [shots[i] for i in rng.permutation(len(shots))]


def conditions_of(a: dict) -> list[str]:
    c = [a["cond"]] + ([a["cond"] + "_real"] if a["real"] else [])
    c += ["turned"] if a["photo"]["frontal"] < TURNED_BELOW else []
    return c + (["glasses"] if a["photo"]["src"] in GLASSES else [])


def render(sh: dict, photos: Photos, W: int, H: int, seed: int):
    """Frames, people, conditions and sources of one shot."""
    people, conds, srcs = [], {}, []
    if sh["kind"] == "whole":
        img, faces = photos.whole(*sh["source"])
        fr = photo_shot(img, (0, 0, img.shape[1], img.shape[0]), W, H, SHOT_S, seed=seed)
        s = min(W / img.shape[1], H / img.shape[0])
        for name, f in zip(WHOLE[sh["source"]], faces):
            people.append(name)
            conds[name] = ["small" if (f["box"][3] - f["box"][1]) * s < 32 * H / 360 else "group"] + \
                (["turned"] if f["frontal"] < TURNED_BELOW else [])
        return fr, people, conds, [faces[0]["src"] + " (whole)"]
    if sh["kind"] == "single":
        a = sh["members"][0]
        fr = single_shot(a["photo"], "plain" if a["real"] else a["cond"], W, H, seed)
    else:
        bg = photos.group(sh["background"]) if sh["background"] else None
        fr = composite_shot([(a["photo"], a["cond"]) for a in sh["members"]], bg, W, H, seed)
    for a in sh["members"]:
        people.append(a["person"])
        conds[a["person"]] = conditions_of(a)
        srcs.append(a["photo"]["src"])
    if sh.get("background"):
        tag = "cf_" + os.path.splitext(os.path.basename(sh["background"][1]))[0]
        for j in range(len(photos.group(sh["background"])[1])):
            people.append(f"{tag}_{j}")
            conds[people[-1]] = ["group"]
        srcs.append(_src(*sh["background"]) + " (background)")
    return fr, people, conds, srcs


def build(roots: dict[str, str], out: str) -> dict:
    photos = Photos(roots)
    shots = plan(photos)
    videos = {}
    for v, (W, H) in enumerate(VIDEO_SIZES):
        name = f"people_held2_{v + 1}.mp4"
        frames: list[np.ndarray] = []
        recs = []
        for k, sh in enumerate(shots[v::len(VIDEO_SIZES)]):
            fr, people, conds, srcs = render(sh, photos, W, H, 1000 * v + k + 500)
            recs.append({"index": k, "start_frame": len(frames), "end_frame": len(frames) + len(fr),
                         "start_s": len(frames) / FPS, "end_s": (len(frames) + len(fr)) / FPS,
                         "people": people, "conditions": conds, "source": "; ".join(srcs)})
            frames += fr
        encode(os.path.join(out, name), frames, W, H)
        videos[name] = {"width": W, "height": H, "shots": recs}
        print(f"built {name}: {len(recs)} shots, {len(frames) / FPS:.0f} s", flush=True)
    truth = {"generator": "benchmarks/people_held2_cases.py", "fps": FPS,
             "sources": {k: {"repository": r, "commit": c, "licence": lic} for k, (r, c, lic) in SOURCES.items()},
             "splits": {"held2": {"videos": videos, "people": {"recurring": list(LFW) + list(OTHER),
                                                               "singles": list(SINGLES) + ["longoria", "cooper"]}}}}
    with open(os.path.join(out, "truth.json"), "w") as f:
        json.dump(truth, f, indent=1)
    summary(truth)
    return truth


def summary(truth: dict) -> None:
    """Appearances per condition and true shot pairs, from the truth as written."""
    from people_heldout import truth_pairs
    videos = truth["splits"]["held2"]["videos"]
    count: dict[str, int] = {}
    for spec in videos.values():
        for s in spec["shots"]:
            for p, cs in s["conditions"].items():
                if not p.startswith("cf_0"):
                    for c in cs:
                        count[c] = count.get(c, 0) + 1
    pairs = truth_pairs(videos)
    per = {c: sum(1 for v in pairs.values() if c in v) for c in sorted(count)}
    print("appearances per condition (recurring and once-seen people, not background faces):", json.dumps(count))
    print(f"true shot pairs: {len(pairs)}; per condition:", json.dumps(per))


# --- duplicate check ---------------------------------------------------------------------------

def phash(gray: np.ndarray) -> np.ndarray:
    import cv2
    g = cv2.resize(gray, (32, 32), interpolation=cv2.INTER_AREA).astype(np.float32)
    d = cv2.dct(g)[:8, :8].flatten()
    return d > np.median(d)


def face_hashes(det, img: np.ndarray) -> list[np.ndarray]:
    """pHash of the whole photo, of its mirror, and of every detected face crop (and its mirror)."""
    import cv2
    gray = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
    out = [phash(gray), phash(gray[:, ::-1])]
    for x0, y0, x1, y1 in det.detect(img).boxes:
        if y1 - y0 < 24:
            continue
        w, h = x1 - x0, y1 - y0
        c = gray[int(max(0, y0 - 0.1 * h)):int(y1 + 0.1 * h), int(max(0, x0 - 0.1 * w)):int(x1 + 0.1 * w)]
        if c.size:
            out += [phash(c), phash(np.ascontiguousarray(c[:, ::-1]))]
    return out


def check_dupes(roots: dict[str, str], deepface: str, faceapi: str, cache: str, limit: int = 12) -> list:
    """Closest perceptual-hash distances (bits of 64) between held2's photos and (a) every photo of
    the tune/held sources, (b) each other. Pairs under `limit` bits are printed for looking at."""
    from vidforensics.people.faces import FaceDetector
    det = FaceDetector(max_width=1024)
    mine = [("lfw", f"images/{n}/{n}_{i:04d}.jpg") for n, ks in LFW.items() for i in ks]
    mine += [s for ps in OTHER.values() for s in ps] + list(WHOLE) + list(SINGLES.values()) + GROUPS
    x = fetch(cache)
    theirs = sorted(glob.glob(os.path.join(x, DLIB, "faces", "*.jpg")) + glob.glob(os.path.join(x, DLIB, "johns", "*", "*.jpg"))
                    + glob.glob(os.path.join(x, FR, "*.jpg")) + glob.glob(os.path.join(deepface, "*.jpg"))
                    + [f for n in FACEAPI for f in glob.glob(os.path.join(faceapi, n, "*.png"))]
                    + glob.glob(os.path.join(faceapi, "*.jpg")))
    H = {f"{k}:{p}": face_hashes(det, _rgb(os.path.join(roots[k], p))) for k, p in mine}
    T = {f: face_hashes(det, _rgb(f)) for f in theirs}

    def dist(a, b):
        return min(int(np.count_nonzero(u != v)) for u in a for v in b)
    close = []
    for m, hm in H.items():
        d, f = min((dist(hm, ht), f) for f, ht in T.items())
        close.append((d, m, os.path.relpath(f, os.path.dirname(os.path.dirname(f))), "tune/held"))
    names = sorted(H)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            close.append((dist(H[a], H[b]), a, b, "held2"))
    close.sort()
    print(f"{len(H)} held2 photos against {len(T)} photos of the tune/held sources and each other")
    for d, a, b, what in close:
        if d < limit:
            print(f"  {d:2d} bits  {a}  ~  {b}  ({what})")
    for what in ("tune/held", "held2"):
        print(f"closest pair, held2 vs {what}: {min(c for c in close if c[3] == what)}")
    return close


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="/tmp/people_held2/videos")
    for key, flag in (("lfw", "--krasserm"), ("fr", "--facerec"), ("of", "--openface"), ("cf", "--compreface")):
        ap.add_argument(flag, required=True, metavar="DIR", dest=key,
                        help=f"root of a clone of https://github.com/{SOURCES[key][0]}")
    ap.add_argument("--check-dupes", action="store_true", help="perceptual-hash check only (no videos built)")
    ap.add_argument("--deepface", metavar="DIR", help="deepface's tests/unit/dataset (for --check-dupes)")
    ap.add_argument("--faceapi", metavar="DIR", help="face-api.js's examples/images (for --check-dupes)")
    ap.add_argument("--cache", default="/tmp/people_cases/cache", help="people_cases.py's download cache")
    a = ap.parse_args(argv)
    roots = {k: getattr(a, k) for k in SOURCES}
    probes = {"lfw": "images/Tony_Blair/Tony_Blair_0001.jpg", "fr": KNN + "test/kit_with_rose.jpg",
              "of": "images/examples/lennon-1.jpg", "cf": CFS + "001_A.jpg"}
    for k, p in probes.items():
        if not os.path.exists(os.path.join(roots[k], p)):
            print(f"error: {os.path.join(roots[k], p)} not found (see --help for where the photos come from)",
                  file=sys.stderr)
            return 2
    if a.check_dupes:
        if not (a.deepface and a.faceapi):
            print("error: --check-dupes needs --deepface and --faceapi", file=sys.stderr)
            return 2
        os.makedirs(a.cache, exist_ok=True)
        check_dupes(roots, a.deepface, a.faceapi, a.cache)
        return 0
    os.makedirs(a.out, exist_ok=True)
    build(roots, a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
