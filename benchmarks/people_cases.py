#!/usr/bin/env python3
"""Build the people evaluation: real photographs of real, named people shown as 2 s shots.

    python benchmarks/people_cases.py --deepface DIR --faceapi DIR [--cache DIR] [--out DIR]

Every appearance of a person is a DIFFERENT photograph (never an edited copy of one already
used). Sources, fetched at run time into a cache and never committed (origin of the photos
is not documented, so they stay out of the repository):
  - Debian `libdlib19.1` examples: `faces/bald_guys.jpg` (a collage of 4 actors x 6 different
    photos), `johns/<name>/*.jpg` (5 men called John x 11 different photos, 150x150 crops) and
    the group photos `faces/20*.jpg` (about 45 people, each seen in one photo only);
  - PyPI `face-recognition` 1.3.0 sdist: `tests/test_images/obama{,2,3}.jpg` (3 different
    photos) and `biden.jpg` (one photo);
  - `--deepface`: deepface's `tests/unit/dataset` (git clone https://github.com/serengil/deepface):
    13 public figures x 2-8 photos from different events; identities from its master.csv and
    face-recognition-pivot.csv;
  - `--faceapi`: face-api.js's `examples/images` (git clone
    https://github.com/justadudewhohacks/face-api.js): 8 TV actors x 5 photos (grey crops).
People are split into a TUNING split and a HELD-OUT split: no person, and no photo, is in
both. Each split is two videos (640x360 and 854x480, H.264). Conditions of an appearance:
  plain       the photo (head and shoulders) filling the frame
  small       pasted at 20-32 px face height into a group photo or beside other small faces
  group       pasted at 40-60 px face height among other people
  sunglasses  dark lenses drawn over the eyes (occlusion; the photo itself is a new one)
  hat         a cap drawn over the forehead
  lowlight    exposure cut to about a quarter, sensor noise
  rotated     camera rolled by 18-25 degrees
  turned      (measured, added to any of the above) the source face is three-quarter or
              profile: CenterFace frontal score < 0.8 on the source photo
  glasses     (looked at, added to any of the above) real eyeglasses in the source photo
Persons who appear once (group-photo people, biden, Tom Cruise) test precision.
The truth (`truth.json`) lists the people of every shot and each appearance's condition.
A third split of other people and photographs, "held2", is built by people_held2_cases.py.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import subprocess
import sys
import tarfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from people_eval import BALD, encode, face_region, photo_shot  # noqa: E402

FPS = 25
SHOT_S = 2.0
DLIB = "usr/share/doc/libdlib19.1/examples/"
FR = "face_recognition-1.3.0/tests/test_images/"
JOHNS = ["John_Salley", "John_Savage", "John_Schneider", "John_Shimkus", "John_Simm"]
GROUPS = ["2007_007763", "2008_001009", "2008_001322", "2008_002079", "2008_002470", "2008_002506",
          "2008_004176", "2008_007676", "2009_004587"]
# deepface's tests/unit/dataset: identities from the repository's own master.csv and
# face-recognition-pivot.csv ("Yes" pairs joined); img11_reflection.jpg (a mirrored copy) is left out.
DEEPFACE = {
    "jolie": [1, 2, 4, 5, 6, 7, 10, 11], "aniston": [3, 12, 53, 54, 55, 56],
    "perry": [26, 27, 28, 42, 43, 44, 45, 46], "johansson": [8, 9, 47, 48, 49, 50, 51],
    "damon": [29, 30, 31, 32, 33], "zuckerberg": [13, 14, 15, 57, 58], "dorsey": [16, 17, 59, 61, 62],
    "dicaprio": [34, 35, 36, 37], "clooney": [38, 39, 40, 41], "musk": [18, 19, 67], "bezos": [20, 21],
    "mayer": [22, 23], "pichai": [24, 25]}
# face-api.js examples/images/<name>/<name>1..5.png: 5 photos each of 8 TV actors (150x150 grey crops)
FACEAPI = ["amy", "bernadette", "howard", "leonard", "penny", "raj", "sheldon", "stuart"]
# real eyeglasses (looked at, listed by hand): the condition `glasses`
GLASSES = {"deepface img24.jpg", "deepface img25.jpg", "face-api amy4.png", "face-api leonard1.png",
           "face-api leonard4.png", "face-api leonard5.png"} | {f"face-api bernadette{k}.png" for k in range(1, 6)}
PER_PERSON_MAX = 6
SPLITS = {
    "tune": {"recurring": ["bald:bruce", "bald:dwayne", "john:John_Salley", "john:John_Savage",
                           "df:aniston", "df:johansson", "df:zuckerberg", "df:dicaprio", "df:musk", "df:mayer",
                           "fa:amy", "fa:howard", "fa:penny", "fa:sheldon"],
             "groups": ["2007_007763", "2008_002079", "2008_004176", "2008_002470"],
             "singles": ["dlib:Tom_Cruise_avp_2014_4.jpg"]},
    "held": {"recurring": ["bald:jason", "bald:vin", "john:John_Schneider", "john:John_Shimkus",
                           "john:John_Simm", "fr:obama", "df:jolie", "df:perry", "df:damon", "df:dorsey",
                           "df:clooney", "df:bezos", "df:pichai", "fa:bernadette", "fa:leonard", "fa:raj",
                           "fa:stuart"],
             "groups": ["2008_001009", "2008_001322", "2008_002506", "2008_007676", "2009_004587"],
             "singles": ["fr:biden.jpg"]},
}
CONDITIONS = ["plain", "small", "sunglasses", "group", "lowlight", "rotated", "hat"]
VIDEO_SIZES = [(640, 360), (854, 480)]
TURNED_BELOW = 0.8


def fetch(cache: str) -> str:
    """Unpack the two sources into `cache`/x; returns that folder."""
    x = os.path.join(cache, "x")
    os.makedirs(x, exist_ok=True)
    if not os.path.isdir(os.path.join(x, DLIB, "johns")):
        debs = glob.glob(os.path.join(cache, "libdlib19.1_*.deb"))
        if not debs:
            subprocess.run(["apt-get", "download", "libdlib19.1"], cwd=cache, check=True)
            debs = glob.glob(os.path.join(cache, "libdlib19.1_*.deb"))
        subprocess.run(["dpkg-deb", "-x", debs[0], x], check=True)
    if not os.path.isdir(os.path.join(x, FR)):
        tgz = glob.glob(os.path.join(cache, "face_recognition-1.3.0.tar.gz"))
        if not tgz:
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "-q",
                            "-d", cache, "face-recognition==1.3.0"], check=True)
            tgz = glob.glob(os.path.join(cache, "face_recognition-1.3.0.tar.gz"))
        with tarfile.open(tgz[0]) as t:
            t.extractall(x, members=[m for m in t.getmembers() if m.name.startswith(FR)], filter="data")
    return x


def _rgb(path: str) -> np.ndarray:
    import cv2
    return cv2.cvtColor(cv2.imread(path), cv2.COLOR_BGR2RGB)


class Photos:
    """Source photos: (image, face box, landmarks, frontal score) per person, one per photo."""

    def __init__(self, x: str, deepface: str, faceapi: str):
        from vidforensics.people.faces import FaceDetector, frontal_score
        self.x, self.deepface, self.faceapi = x, deepface, faceapi
        self.det = FaceDetector(max_width=1024)
        self.frontal = frontal_score
        self.bald = _rgb(os.path.join(x, DLIB, "faces/bald_guys.jpg"))
        self._bald_det = self.det.detect(self.bald)

    def _face(self, img, near=None):
        d = self.det.detect(img)
        if not len(d):
            raise RuntimeError("no face in a source photo")
        if near is None:
            k = int(np.argmax((d.boxes[:, 2] - d.boxes[:, 0]) * (d.boxes[:, 3] - d.boxes[:, 1])))
        else:
            c = np.array([(near[0] + near[2]) / 2, (near[1] + near[3]) / 2])
            k = int(np.argmin(np.linalg.norm((d.boxes[:, :2] + d.boxes[:, 2:]) / 2 - c, axis=1)))
        return d.boxes[k], d.landmarks[k], float(self.frontal(d.landmarks[k:k + 1])[0])

    def person(self, key: str) -> list[dict]:
        kind, name = key.split(":")
        out = []
        if kind == "bald":
            others = [b for v in BALD.values() for b in v]
            for k, box in enumerate(BALD[name]):
                region = face_region(box, self.bald.shape[1], self.bald.shape[0], [b for b in others if b != box])
                x0, y0, x1, y1 = region
                crop = np.ascontiguousarray(self.bald[y0:y1, x0:x1])
                fb, lm, fr = self._face(crop, near=(box[0] - x0, box[1] - y0, box[2] - x0, box[3] - y0))
                out.append({"img": crop, "box": fb, "lm": lm, "frontal": fr, "src": f"bald_guys.jpg #{k + 1} of {name}"})
        elif kind == "john":
            for f in sorted(glob.glob(os.path.join(self.x, DLIB, "johns", name, "*.jpg")))[:6]:
                img = _rgb(f)
                fb, lm, fr = self._face(img)
                out.append({"img": img, "box": fb, "lm": lm, "frontal": fr, "src": f"johns/{name}/{os.path.basename(f)}"})
        elif kind == "fr":
            for f in ("obama.jpg", "obama2.jpg", "obama3.jpg"):
                img = _rgb(os.path.join(self.x, FR, f))
                fb, lm, fr = self._face(img)
                out.append({"img": img, "box": fb, "lm": lm, "frontal": fr, "src": f"face_recognition {f}"})
        elif kind in ("df", "fa"):
            files = ([(os.path.join(self.deepface, f"img{k}.jpg"), f"deepface img{k}.jpg") for k in DEEPFACE[name]]
                     if kind == "df" else
                     [(os.path.join(self.faceapi, name, f"{name}{k}.png"), f"face-api {name}{k}.png") for k in range(1, 6)])
            for f, src in files[:PER_PERSON_MAX]:
                img = _rgb(f)
                fb, lm, fr = self._face(img)
                out.append({"img": img, "box": fb, "lm": lm, "frontal": fr, "src": src})
        return out

    def single(self, key: str) -> dict:
        kind, f = key.split(":")
        img = _rgb(os.path.join(self.x, DLIB, "faces", f) if kind == "dlib" else os.path.join(self.x, FR, f))
        fb, lm, fr = self._face(img)
        return {"img": img, "box": fb, "lm": lm, "frontal": fr, "src": f}

    def group(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        img = _rgb(os.path.join(self.x, DLIB, "faces", name + ".jpg"))
        return img, self.det.detect(img).boxes


# --- conditions applied to one photo ------------------------------------------------------------

def _head(p: dict, grow=0.9) -> tuple[np.ndarray, np.ndarray]:
    """Head-and-shoulders crop of a photo and its face box in crop coordinates."""
    img, (x0, y0, x1, y1) = p["img"], p["box"]
    w, h = x1 - x0, y1 - y0
    H, W = img.shape[:2]
    r = (int(max(0, x0 - grow * w)), int(max(0, y0 - 0.6 * h)), int(min(W, x1 + grow * w)), int(min(H, y1 + 1.2 * h)))
    return img[r[1]:r[3], r[0]:r[2]], np.array([x0 - r[0], y0 - r[1], x1 - r[0], y1 - r[1]])


def occlude(p: dict, what: str) -> np.ndarray:
    import cv2
    img = p["img"].copy()
    lm, (x0, y0, x1, y1) = p["lm"], p["box"]
    w, h = x1 - x0, y1 - y0
    if what == "sunglasses":
        r = max(3, int(0.16 * w))
        for e in lm[:2]:
            cv2.ellipse(img, (int(e[0]), int(e[1])), (r, int(r * 0.75)), 0, 0, 360, (18, 18, 22), -1)
        cv2.line(img, tuple(int(v) for v in lm[0]), tuple(int(v) for v in lm[1]), (18, 18, 22), max(1, r // 4))
    elif what == "hat":
        top = int((lm[0][1] + lm[1][1]) / 2 - 0.22 * h)
        cv2.rectangle(img, (int(x0 - 0.1 * w), int(y0 - 0.5 * h)), (int(x1 + 0.1 * w), top), (140, 30, 30), -1)
        cv2.rectangle(img, (int(x0 - 0.3 * w), top - max(2, int(0.06 * h))), (int(x1 + 0.1 * w), top), (110, 20, 20), -1)
    return img


def lowlight(frames: list[np.ndarray], seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    out = []
    for f in frames:
        g = 255.0 * (f.astype(np.float32) / 255.0) ** 1.6 * 0.35
        g += rng.normal(0, 5.0, f.shape)
        out.append(np.clip(g, 0, 255).astype(np.uint8))
    return out


def rotate(img: np.ndarray, deg: float) -> np.ndarray:
    import cv2
    H, W = img.shape[:2]
    M = cv2.getRotationMatrix2D((W / 2, H / 2), deg, 1.0)
    c, s = abs(M[0, 0]), abs(M[0, 1])
    nW, nH = int(H * s + W * c), int(H * c + W * s)
    M[0, 2] += nW / 2 - W / 2
    M[1, 2] += nH / 2 - H / 2
    return cv2.warpAffine(img, M, (nW, nH), borderValue=(0, 0, 0))


def single_shot(p: dict, cond: str, W: int, H: int, seed: int) -> list[np.ndarray]:
    q = dict(p)
    if cond in ("sunglasses", "hat"):
        q["img"] = occlude(p, cond)
    img, _ = _head(q)
    if cond == "rotated":
        img = rotate(img, (18 + 7 * (seed % 2)) * (1 if seed % 3 else -1))
    frames = photo_shot(img, (0, 0, img.shape[1], img.shape[0]), W, H, SHOT_S, seed=seed)
    return lowlight(frames, seed) if cond == "lowlight" else frames


def composite_shot(members: list[tuple[dict, str]], background, W: int, H: int, seed: int) -> list[np.ndarray]:
    """Several people pasted into one frame (a group photo behind them when given):
    `small` members at 20-32 px face height in the final frame, `group` members at 40-60."""
    import cv2
    rng = np.random.default_rng(seed)
    if background is not None:
        bg, bg_faces = background
        s = max(W / bg.shape[1], H / bg.shape[0])
        canvas = cv2.resize(bg, (int(round(bg.shape[1] * s)), int(round(bg.shape[0] * s))), interpolation=cv2.INTER_AREA)
        ox, oy = (canvas.shape[1] - W) // 2, (canvas.shape[0] - H) // 2
        canvas = np.ascontiguousarray(canvas[oy:oy + H, ox:ox + W])
        taken = [(b * s - np.array([ox, oy, ox, oy])) for b in bg_faces]
    else:
        canvas = np.full((H, W, 3), 60, np.uint8)
        taken = []
    slots = np.linspace(0.12, 0.88, len(members) + 1)
    for k, (p, cond) in enumerate(members):
        crop, fb = _head(p, grow=0.6)
        lo, hi = (20, 32) if cond == "small" else (40, 60)
        target = rng.uniform(lo, hi) * H / 360.0 if cond == "small" else rng.uniform(lo, hi)
        target = max(target, 20.0) if cond == "small" else target
        sc = target / (fb[3] - fb[1])
        piece = cv2.resize(crop, (max(1, int(crop.shape[1] * sc)), max(1, int(crop.shape[0] * sc))),
                           interpolation=cv2.INTER_AREA)
        ph, pw = piece.shape[:2]
        best = None
        for _ in range(60):       # a place not covering a face already there
            cx = (slots[k] + (slots[k + 1] - slots[k]) * rng.uniform(0.2, 0.8)) * W
            x0 = int(np.clip(cx - pw / 2, 0, W - pw)); y0 = int(rng.uniform(0.15, 0.85) * (H - ph))
            box = np.array([x0, y0, x0 + pw, y0 + ph], float)
            ov = sum(max(0, min(box[2], t[2]) - max(box[0], t[0])) * max(0, min(box[3], t[3]) - max(box[1], t[1]))
                     for t in taken)
            if best is None or ov < best[0]:
                best = (ov, x0, y0, box)
            if ov == 0:
                break
        _, x0, y0, box = best
        canvas[y0:y0 + ph, x0:x0 + pw] = piece[:H - y0, :W - x0]
        taken.append(box)
    return photo_shot(canvas, (0, 0, W, H), W, H, SHOT_S, zoom=(1.0, 1.04), seed=seed)


def composite_shots(apps: list[dict], rng: np.random.Generator, groups: list) -> list[dict]:
    """Composite shots of the `small` and `group` appearances (shuffled by `rng`): 1-3 pasted
    people, no person twice, per shot, each on the next background popped from `groups` (the
    backgrounds left there are the caller's)."""
    comp = [a for a in apps if a["cond"] in ("small", "group")]
    rng.shuffle(comp)
    shots = []
    while comp:
        take, rest = [], []
        n = int(rng.integers(1, 4))
        for a in comp:
            if len(take) < n and a["person"] not in {t["person"] for t in take}:
                take.append(a)
            else:
                rest.append(a)
        comp = rest
        shots.append({"kind": "composite", "members": take, "background": groups.pop() if groups else None})
    return shots


def plan_split(split: str, photos: Photos) -> list[dict]:
    """Shots of one split (all its videos): dicts with kind, people, conditions, sources."""
    spec = SPLITS[split]
    rng = np.random.default_rng({"tune": 11, "held": 23}[split])
    apps = []
    for pi, key in enumerate(spec["recurring"]):
        name = key.split(":")[1]
        for k, p in enumerate(photos.person(key)):
            cond = CONDITIONS[(k + 2 * pi) % len(CONDITIONS)]
            apps.append({"person": name, "photo": p, "cond": cond})
    singles = [{"person": os.path.splitext(s.split(":")[1])[0], "photo": photos.single(s), "cond": "plain"}
               for s in spec["singles"]]
    groups = list(spec["groups"])
    shots = composite_shots(apps, rng, groups)
    for a in apps:
        if a["cond"] not in ("small", "group"):
            shots.append({"kind": "single", "members": [a]})
    for s in singles:
        shots.append({"kind": "single", "members": [s]})
    for g in groups:
        shots.append({"kind": "composite", "members": [], "background": g})
    order = rng.permutation(len(shots))
    return [shots[i] for i in order]


def build(x: str, out: str, deepface: str, faceapi: str) -> dict:
    photos = Photos(x, deepface, faceapi)
    truth = {"generator": "benchmarks/people_cases.py", "fps": FPS, "splits": {}}
    for split in SPLITS:
        shots = plan_split(split, photos)
        videos = {}
        for v, (W, H) in enumerate(VIDEO_SIZES):
            name = f"people_{split}_{v + 1}.mp4"
            frames: list[np.ndarray] = []
            recs = []
            for k, sh in enumerate(shots[v::len(VIDEO_SIZES)]):
                seed = 1000 * v + k
                if sh["kind"] == "single":
                    a = sh["members"][0]
                    fr = single_shot(a["photo"], a["cond"], W, H, seed)
                else:
                    bg = photos.group(sh["background"]) if sh["background"] else None
                    fr = composite_shot([(a["photo"], a["cond"]) for a in sh["members"]], bg, W, H, seed)
                people, conds, srcs = [], {}, []
                for a in sh["members"]:
                    people.append(a["person"])
                    c = [a["cond"]] + (["turned"] if a["photo"]["frontal"] < TURNED_BELOW else []) + \
                        (["glasses"] if a["photo"]["src"] in GLASSES else [])
                    conds[a["person"]] = c
                    srcs.append(a["photo"]["src"])
                if sh.get("background"):
                    bgp = photos.group(sh["background"])[1]
                    for j in range(len(bgp)):
                        people.append(f"{sh['background']}_{j}")
                        conds[people[-1]] = ["group"]
                    srcs.append(f"{sh['background']}.jpg (background)")
                recs.append({"index": k, "start_frame": len(frames), "end_frame": len(frames) + len(fr),
                             "start_s": len(frames) / FPS, "end_s": (len(frames) + len(fr)) / FPS,
                             "people": people, "conditions": conds, "source": "; ".join(srcs)})
                frames += fr
            encode(os.path.join(out, name), frames, W, H)
            videos[name] = {"width": W, "height": H, "shots": recs}
            print(f"built {name}: {len(recs)} shots, {len(frames) / FPS:.0f} s", flush=True)
        truth["splits"][split] = {"videos": videos, "people": SPLITS[split]}
    with open(os.path.join(out, "truth.json"), "w") as f:
        json.dump(truth, f, indent=1)
    return truth


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", default="/tmp/people_cases/cache")
    ap.add_argument("--out", default="/tmp/people_cases/videos")
    ap.add_argument("--deepface", required=True, metavar="DIR",
                    help="deepface's tests/unit/dataset folder (git clone https://github.com/serengil/deepface)")
    ap.add_argument("--faceapi", required=True, metavar="DIR",
                    help="face-api.js's examples/images folder (git clone https://github.com/justadudewhohacks/face-api.js)")
    a = ap.parse_args(argv)
    for d, what in ((a.deepface, "img1.jpg"), (a.faceapi, "amy/amy1.png")):
        if not os.path.exists(os.path.join(d, what)):
            print(f"error: {os.path.join(d, what)} not found (see --help for where the photos come from)", file=sys.stderr)
            return 2
    os.makedirs(a.cache, exist_ok=True)
    os.makedirs(a.out, exist_ok=True)
    build(fetch(a.cache), a.out, a.deepface, a.faceapi)
    return 0


if __name__ == "__main__":
    sys.exit(main())
