#!/usr/bin/env python3
"""People stage vs. a plain face_recognition-style baseline on the split evaluation
(benchmarks/people_cases.py), shot-pair precision/recall/F1 per condition.

    python benchmarks/people_heldout.py --split tune --sweep     # choose the threshold here
    python benchmarks/people_heldout.py --split held             # report here, never tune
    python benchmarks/people_heldout.py --split held2 --videos /tmp/people_held2/videos
                                    # new people (benchmarks/people_held2_cases.py); score once
    add --baseline-only to score only the baseline (the people stage is not run)
    options: [--videos DIR] [--face-threshold X] [--json OUT] [--curve PNG]

Method: the real people stage (PeopleAnalyzer fed as the pipeline feeds it, given the true
shots) and `link_individuals`. Baseline, on the same sampled frames: dlib HOG frontal
detector (upsample 1), 68-point landmarks, dlib 128-d descriptor, then (a) greedy grouping:
each face joins the person of its nearest earlier face when within 0.6, as in the
face_recognition examples; (b) single-linkage at 0.6. No on-screen-together constraint.

A shot pair is predicted linked when one group has faces in both shots, truly linked when
the truth lists a person in both. Per condition: a true pair counts for the conditions of
its person in either shot; a false pair counts for the conditions of every person in either
shot.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import time
from itertools import combinations

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

CONDS = ("plain", "small", "group", "turned", "glasses", "sunglasses", "hat", "lowlight", "rotated",
         "sunglasses_real", "hat_real")
SWEEP = tuple(round(x, 2) for x in np.arange(0.40, 0.801, 0.02))


def _shot_of(spec: dict, t: float) -> int:
    for s in spec["shots"]:
        if s["start_s"] <= t < s["end_s"]:
            return s["index"]
    return spec["shots"][-1]["index"]


def truth_pairs(videos: dict) -> dict[tuple, set]:
    """(shotA, shotB) -> conditions, for every truly linked shot pair."""
    where: dict[str, list] = {}
    for v, spec in videos.items():
        for s in spec["shots"]:
            for p in s["people"]:
                where.setdefault(p, []).append(((v, s["index"]), set(s["conditions"].get(p, []))))
    out: dict[tuple, set] = {}
    for p, occ in where.items():
        for (a, ca), (b, cb) in combinations(occ, 2):
            out.setdefault(tuple(sorted((a, b))), set()).update(ca | cb)
    return out


def score_pairs(pred: set, videos: dict) -> dict:
    true = truth_pairs(videos)
    conds_of_shot = {(v, s["index"]): {c for cs in s["conditions"].values() for c in cs}
                     for v, spec in videos.items() for s in spec["shots"]}

    def prf(tp, fp, fn):
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3), "recall": round(r, 3),
                "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}
    out = {"all": prf(len(pred & set(true)), len(pred - set(true)), len(set(true) - pred))}
    for c in CONDS:
        tc = {k for k, v in true.items() if c in v}
        fc = {k for k in pred - set(true) if c in conds_of_shot[k[0]] | conds_of_shot[k[1]]}
        out[c] = prf(len(pred & tc), len(fc), len(tc - pred))
    out["false_pairs"] = sorted(f"{a[0]}#{a[1]}~{b[0]}#{b[1]}" for a, b in pred - set(true))
    return out


def pairs_from_individuals(individuals, videos: dict) -> set:
    pred = set()
    for ind in individuals:
        shots = sorted({(os.path.basename(a.video), _shot_of(videos[os.path.basename(a.video)], a.time_s))
                        for a in ind.appearances})
        pred |= {tuple(sorted(x)) for x in combinations(shots, 2)}
    return pred


def pairs_from_tracks(results, g, group) -> set:
    items = [(os.path.basename(results[int(v)].video), int(s)) for v, s, gr in zip(g["vid"], g["shot"], group) if gr >= 0]
    return pairs_from_labels(items, [gr for gr in group if gr >= 0])


def pairs_from_labels(items: list[tuple], labels) -> set:
    by: dict[int, set] = {}
    for (v, s), lab in zip(items, labels):
        by.setdefault(int(lab), set()).add((v, s))
    pred = set()
    for shots in by.values():
        pred |= {tuple(sorted(x)) for x in combinations(sorted(shots), 2)}
    return pred


# --- baseline -----------------------------------------------------------------------------------

def baseline_faces(path: str, spec: dict, fps: float) -> tuple[list, np.ndarray, float]:
    """(shot key per face, 128-d descriptors, seconds) with the face_recognition recipe."""
    import dlib
    import face_recognition_models as frm

    from vidforensics.decode import stream_frames
    from vidforensics.probe import probe
    det = dlib.get_frontal_face_detector()
    sp = dlib.shape_predictor(frm.pose_predictor_model_location())
    rec = dlib.face_recognition_model_v1(frm.face_recognition_model_location())
    info = probe(path)
    keys, encs = [], []
    t0 = time.perf_counter()
    for batch in stream_frames(info, thumb_size=32, full_fps=fps):
        for _i, pts, rgb in batch.full:
            rgb = np.ascontiguousarray(rgb)
            for r in det(rgb, 1):
                encs.append(np.array(rec.compute_face_descriptor(rgb, sp(rgb, r), 1)))
                keys.append((os.path.basename(path), _shot_of(spec, float(pts * info.time_base))))
    return keys, np.array(encs).reshape(-1, 128), time.perf_counter() - t0


def greedy(E: np.ndarray, t: float = 0.6) -> np.ndarray:
    labels = np.full(len(E), -1)
    n = 0
    for i in range(len(E)):
        if i:
            d = np.linalg.norm(E[:i] - E[i], axis=1)
            j = int(np.argmin(d))
            if d[j] <= t:
                labels[i] = labels[j]
                continue
        labels[i] = n
        n += 1
    return labels


def single_linkage(E: np.ndarray, t: float = 0.6) -> np.ndarray:
    parent = list(range(len(E)))

    def find(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a
    if len(E):
        D = np.linalg.norm(E[:, None] - E[None], axis=2)
        for a, b in zip(*np.nonzero(np.triu(D <= t, 1))):
            parent[find(int(a))] = find(int(b))
    return np.array([find(i) for i in range(len(E))])


# --- main ---------------------------------------------------------------------------------------

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--videos", default="/tmp/people_cases/videos")
    ap.add_argument("--split", choices=("tune", "held", "held2"), required=True,
                    help="held2 is built by benchmarks/people_held2_cases.py (its own --videos folder)")
    ap.add_argument("--face-threshold", type=float, default=None)
    ap.add_argument("--sweep", action="store_true", help="score a range of face thresholds (re-linking only)")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--baseline-only", action="store_true",
                    help="score only the face_recognition-style baseline (the people stage is not run)")
    ap.add_argument("--grid", action="store_true", help="score linkage x quality penalty x threshold (tuning only)")
    ap.add_argument("--reuse", action="store_true", help="reuse the people results cached by an earlier run")
    ap.add_argument("--reuse-baseline", action="store_true", help="reuse only the cached baseline faces")
    ap.add_argument("--json", default=None)
    ap.add_argument("--curve", default=None, help="write the threshold curve (PNG) here")
    a = ap.parse_args(argv)
    if a.baseline_only and (a.grid or a.sweep or a.curve or a.no_baseline):
        ap.error("--baseline-only scores the baseline only (no --grid, --sweep, --curve or --no-baseline)")

    from people_eval import run_with_truth_shots
    from vidforensics.config import AnalysisConfig
    from vidforensics.people import PeopleAnalyzer, VideoPeople, link_individuals
    truth = json.load(open(os.path.join(a.videos, "truth.json")))
    videos = truth["splits"][a.split]["videos"]
    cfg = AnalysisConfig()
    if a.face_threshold is not None:
        cfg = cfg.replace(people__face_threshold=a.face_threshold)
    cache = os.path.join(a.videos, "cache")
    os.makedirs(cache, exist_ok=True)
    pa = None if a.baseline_only else PeopleAnalyzer(cfg.people)
    results, timing = [], {}
    for name, spec in ({} if a.baseline_only else videos).items():
        npz = os.path.join(cache, f"{name}.people.npz")
        if a.reuse and os.path.exists(npz):
            results.append(VideoPeople.from_npz(npz))
            continue
        t0 = time.perf_counter()
        info, vp = run_with_truth_shots(os.path.join(a.videos, name), spec, cfg, pa)
        el = time.perf_counter() - t0
        vp.to_npz(npz)
        results.append(vp)
        timing[name] = {"duration_s": round(info.duration_s, 1), "x_realtime": round(info.duration_s / el, 2),
                        **{k: vp.stats[k] for k in ("face_detections", "descriptors_computed", "face_tracks",
                                                    "face_tracks_compared") if k in vp.stats}}
        print(name, json.dumps(timing[name]), flush=True)
    report = {"split": a.split, "face_threshold": cfg.people.face_threshold, "timing": timing}
    if not a.baseline_only:
        inds, params = link_individuals(results, cfg.people)
        report["method"] = score_pairs(pairs_from_individuals(inds, videos), videos)
    if not a.no_baseline:
        bpath = os.path.join(cache, f"baseline_{a.split}.npz")
        if (a.reuse or a.reuse_baseline) and os.path.exists(bpath):
            z = np.load(bpath, allow_pickle=False)
            keys, E = [(str(v), int(s)) for v, s in z["keys"]], z["E"]
        else:
            keys, E = [], []
            for name, spec in videos.items():
                k, e, el = baseline_faces(os.path.join(a.videos, name), spec, cfg.people.sample_fps)
                keys += k
                E.append(e)
                print(f"baseline {name}: {len(k)} faces, {el:.1f} s", flush=True)
            E = np.concatenate(E) if E else np.zeros((0, 128))
            np.savez(bpath, keys=np.array(keys, dtype=str).reshape(-1, 2), E=E)
        report["baseline_greedy_0.6"] = score_pairs(pairs_from_labels(keys, greedy(E)), videos)
        report["baseline_single_0.6"] = score_pairs(pairs_from_labels(keys, single_linkage(E)), videos)
    if a.grid:
        from vidforensics.people.linking import link_tracks
        best = []
        for linkage in ("average", "single", "complete"):
            for pen in (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3):
                for kd in (True, False):
                    for t in SWEEP:
                        g, group, _ = link_tracks(results, t, cfg.people.body_threshold, linkage=linkage,
                                                  penalty=pen, known_different=kd)
                        r = score_pairs(pairs_from_tracks(results, g, group), videos)["all"]
                        best.append((r["f1"], r["precision"], linkage, pen, kd, t))
        best.sort(reverse=True)
        for row in best[:15]:
            print("grid F1 %.3f P %.3f linkage %s penalty %.2f known_different %s threshold %.2f" % row)
        report["grid_top"] = best[:30]
    if a.sweep or a.curve:
        sw = {}
        for t in SWEEP:
            i2, _ = link_individuals(results, dataclasses.replace(cfg.people, face_threshold=t))
            sw[t] = {k: v for k, v in score_pairs(pairs_from_individuals(i2, videos), videos)["all"].items()}
        report["sweep"] = sw
        for t, r in sw.items():
            print(f"threshold {t:.2f}: P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f} "
                  f"(tp {r['tp']} fp {r['fp']} fn {r['fn']})")
        if a.curve:
            plot_curve(sw, cfg.people.face_threshold, a.split, a.curve)
    table(report)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(report, f, indent=1, default=str)
    return 0


def table(report: dict) -> None:
    cols = [k for k in ("method", "baseline_greedy_0.6", "baseline_single_0.6") if k in report]
    print(f"split {report['split']}, face threshold {report['face_threshold']}")
    print("condition    " + "  ".join(f"{c[:24]:>24}" for c in cols) + "   (P/R/F1, true pairs)")
    for cond in ("all",) + CONDS:
        if not any(report[c][cond]["tp"] + report[c][cond]["fn"] + report[c][cond]["fp"] for c in cols):
            continue        # no true and no predicted pair has this condition (e.g. *_real on tune/held)
        cells = [f"{report[c][cond]['precision']:.2f}/{report[c][cond]['recall']:.2f}/{report[c][cond]['f1']:.2f}"
                 for c in cols]
        n = report[cols[0]][cond]["tp"] + report[cols[0]][cond]["fn"]
        print(f"{cond:<12} " + "  ".join(f"{x:>24}" for x in cells) + f"   {n}")
    for c in cols:
        if report[c]["false_pairs"]:
            print(f"{c} false pairs: {', '.join(report[c]['false_pairs'][:12])}")


def plot_curve(sw: dict, chosen: float, split: str, path: str) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    ts = sorted(sw)
    fig, ax = plt.subplots(figsize=(6, 3.6), dpi=120)
    for k, style in (("precision", "-o"), ("recall", "-s"), ("f1", "-^")):
        ax.plot(ts, [sw[t][k] for t in ts], style, ms=3, label=k)
    ax.axvline(chosen, color="grey", ls="--", lw=1, label=f"chosen {chosen:.2f}")
    ax.set_xlabel("face distance threshold (dlib 128-d, Euclidean)")
    ax.set_ylim(0, 1.02)
    ax.set_title(f"shot-pair precision / recall / F1, {split} split")
    ax.legend(loc="lower left", fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


if __name__ == "__main__":
    sys.exit(main())
