"""Evaluate shots and repeated segments on the evaluation set built by media/build_eval.py.

    python benchmarks/media/build_eval.py --out /tmp/vidforensics_eval     # once (a few minutes)
    python benchmarks/evaluate.py /tmp/vidforensics_eval [--json results.json]

Shots: precision/recall of hard cuts (±1 frame) and of gradual transitions (boundary inside
the transition ±2 frames), on the eval montage with its recorded joins.

Repeated segments, per case (one transformation each, plus combined, short, three-occurrence,
within-video, cross-video, retakes and negatives): a *pair* is two members of one group.
A predicted pair is correct when both members overlap the two members of a not yet matched
true pair at temporal IoU >= 0.5 (same files). Precision = correct / predicted pairs,
recall = correct / true pairs, F1. Kind agreement (reuse/retake) is counted over correct
pairs. Negatives count the groups reported (want 0).

Baseline, on the same cases: vPDQ-style — the same PDQ-style per-frame hash, one frame per
second (vPDQ's default), no crop/mirror variants, frames matched at distance <= 31,
consecutive matches (both times advancing) joined into segments of >= 1.5 s.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import numpy as np

EVAL_DEFAULT = "/tmp/vidforensics_eval"


def tiou(a: tuple[float, float], b: tuple[float, float]) -> float:
    inter = max(0.0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union > 0 else 0.0


def score_pairs(pred: list[tuple], truth: list[tuple]) -> tuple[int, int, int, int]:
    """pred/truth: [((file, s, e), (file, s, e), kind)]. Returns (correct, n_pred, n_true, kind_ok)."""
    used = set()
    correct = kind_ok = 0
    for pa, pb, pk in pred:
        for k, (ta, tb, tk) in enumerate(truth):
            if k in used:
                continue
            for x, y in ((pa, pb), (pb, pa)):
                if (x[0] == ta[0] and y[0] == tb[0] and tiou(x[1:], ta[1:]) >= 0.5
                        and tiou(y[1:], tb[1:]) >= 0.5):
                    used.add(k)
                    correct += 1
                    kind_ok += pk == tk
                    break
            else:
                continue
            break
    return correct, len(pred), len(truth), kind_ok


def truth_pairs(case: dict) -> list[tuple]:
    out = []
    for g in case.get("groups", []):
        ms = [(m["file"], m["start_s"], m["end_s"]) for m in g["members"]]
        out += [(a, b, g["kind"]) for a, b in combinations(ms, 2)]
    return out


def ours(files: list[str], root: Path, cfg, extra: dict | None = None) -> list[tuple]:
    import vidforensics
    res = vidforensics.analyze([str(root / f) for f in files], None, config=cfg)
    if res.errors:
        raise RuntimeError(res.errors)
    rel = {str(root / f): f for f in files}
    out, by_group = [], []
    for g in res.repeated_segments:
        ms = [(rel[m.video], m.start_s, m.end_s) for m in g.members]
        pairs = [(a, b, g.kind) for a, b in combinations(ms, 2)]
        out += pairs
        if extra is not None:
            extra.setdefault("measured", []).extend(
                [p["kind"]] + [p["kind_measurements"].get(k) for k in
                               ("identical_motion", "background_match", "moving_share", "picture_agreement",
                                "lock_ratio", "motion_correlation", "change_correlation")]
                + [p["transform"]["description"][:60]]
                for p in g.evidence["pairs"])
        by_group.append(pairs)
    if extra is not None:
        extra["groups"] = len(res.repeated_segments)
        extra["pairs_in_two_groups"] = pairs_in_two_groups(by_group)
    return out


def pairs_in_two_groups(by_group: list[list[tuple]]) -> int:
    """Pairs of segments (same files, both ends overlapping at IoU >= 0.5) reported in more
    than one group."""
    n = 0
    for (i, gi), (j, gj) in combinations(enumerate(by_group), 2):
        for pa, pb, _ in gi:
            if any(score_pairs([(pa, pb, "")], [(qa, qb, "")])[0] for qa, qb, _ in gj):
                n += 1
    return n


def baseline(files: list[str], root: Path, cfg) -> list[tuple]:
    """vPDQ-style: 1 hash/s, distance <= 31, consecutive matches joined."""
    from vidforensics.hashing import hamming
    from vidforensics.pipeline import analyze_video
    vids = []
    for f in files:
        va = analyze_video(str(root / f), cfg)
        h = va.hashes
        t = h.time_s
        keep = np.unique(np.floor(t - t[0]).astype(int), return_index=True)[1]
        vids.append((f, t[keep], h.pdq[keep], t[-1] + (t[1] - t[0] if len(t) > 1 else 0.04)))
    out = []
    for (fa, ta, ha, _), (fb, tb, hb, _) in combinations(vids, 2) if len(vids) > 1 else []:
        out += _runs(fa, ta, ha, fb, tb, hb, same=False)
    for fa, ta, ha, _ in vids:
        out += _runs(fa, ta, ha, fa, ta, ha, same=True)
    return out


def _runs(fa, ta, ha, fb, tb, hb, same: bool) -> list[tuple]:
    from vidforensics.hashing import hamming
    d = hamming(ha[:, None], hb[None])
    m = d <= 31
    if same:
        m &= np.abs(ta[:, None] - tb[None]) > 1.5       # not a frame against itself
        m &= ta[:, None] < tb[None]
    out, seen = [], set()
    for i, j in zip(*np.nonzero(m)):
        if (i, j) in seen:
            continue
        k = 0
        while i + k + 1 < len(ta) and j + k + 1 < len(tb) and m[i + k + 1, j + k + 1]:
            k += 1
            seen.add((i + k, j + k))
        if ta[i + k] + 1 - ta[i] >= 1.5:
            out.append(((fa, float(ta[i]), float(ta[i + k] + 1)), (fb, float(tb[j]), float(tb[j + k] + 1)),
                        "reuse"))
    return out


def eval_repeats(root: Path, truth: dict, cfg, split: str = "all", only: str = "",
                 with_baseline: bool = True, with_ours: bool = True) -> dict:
    rows = {}
    for name, case in truth["repeats"].items():
        if split != "all" and case.get("split", "tune") != split or not name.startswith(only):
            continue
        files = list(case["files"])
        tp = truth_pairs(case)
        row = {"negative": case["negative"], "description": case.get("description", ""),
               "split": case.get("split", "tune"), "edit": case.get("edit", name)}
        for label, fn in (("ours", ours), ("baseline", baseline)):
            if label == "baseline" and not with_baseline or label == "ours" and not with_ours:
                row[label] = {"correct": 0, "predicted": 0, "true": len(tp), "kind_ok": 0, "skipped": True}
                continue
            extra: dict = {}
            pred = fn(files, root, cfg, extra) if label == "ours" else fn(files, root, cfg)
            c, npred, ntrue, kind_ok = score_pairs(pred, tp)
            row[label] = {"correct": c, "predicted": npred, "true": ntrue, "kind_ok": kind_ok, **extra}
        rows[name] = row
        o = row["ours"]
        for mm in o.get("measured", []):
            print("      ", mm)
        b = row["baseline"]
        mine = "ours not run" if o.get("skipped") else (
            f"ours {o['correct']}/{o['true']} (pred {o['predicted']}, kind {o['kind_ok']}, "
            f"twice {o.get('pairs_in_two_groups', 0)})")
        theirs = "baseline not run" if b.get("skipped") else f"baseline {b['correct']}/{b['true']}"
        print(f"  {name:<24} {row['split']:<8} {mine}  {theirs}", flush=True)
    return rows


def per_edit_table(rows: dict) -> list[str]:
    """Per edit (label in truth.json): recall, kind accuracy, false groups on negatives,
    for ours and the baseline."""
    agg: dict = defaultdict(lambda: defaultdict(int))
    for row in rows.values():
        a = agg[row["edit"]]
        a["cases"] += 1
        for k in ("ours", "baseline"):
            a[f"{k}_true"] += row[k]["true"]
            a[f"{k}_found"] += row[k]["correct"]
            a[f"{k}_kind"] += row[k]["kind_ok"]
            if row["negative"]:
                a[f"{k}_false"] += row[k].get("groups", row[k]["predicted"]) if k == "ours" else row[k]["predicted"]
    ran = {k: not any(r[k].get("skipped") for r in rows.values()) for k in ("ours", "baseline")}

    def cell(k, num, den):
        return f"{num}/{den}" if ran[k] else "not run"
    out = [f"| edit | cases | true pairs | recall (ours) | kind right (ours) | recall (baseline) | "
           f"kind right (baseline) | groups on negatives (ours / baseline) |", "|---|---|---|---|---|---|---|---|"]
    for edit in sorted(agg):
        a = agg[edit]
        if edit == "negative":
            neg = [str(a[f"{k}_false"]) if ran[k] else "not run" for k in ("ours", "baseline")]
            out.append(f"| negative | {a['cases']} | 0 | - | - | - | - | {neg[0]} / {neg[1]} |")
            continue
        t = a["ours_true"]
        out.append(f"| {edit} | {a['cases']} | {t} | {cell('ours', a['ours_found'], t)} | "
                   f"{cell('ours', a['ours_kind'], a['ours_found'])} | {cell('baseline', a['baseline_found'], t)} | "
                   f"{cell('baseline', a['baseline_kind'], a['baseline_found'])} | - |")
    return out


def prf(c: int, npred: int, ntrue: int) -> tuple[float, float, float]:
    p = c / npred if npred else 1.0
    r = c / ntrue if ntrue else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def eval_shots(root: Path, truth: dict, cfg) -> dict:
    import vidforensics
    t = truth["shots"]
    res = vidforensics.analyze([str(root / t["file"])], None, config=cfg)
    found = [(s.start_frame, s.transition_in) for s in res.shots[1:]]
    hard = [b["frame"] for b in t["boundaries"] if b["kind"] == "cut"]
    gradual = [b for b in t["boundaries"] if b["kind"] != "cut"]
    used = set()

    def take(lo, hi):
        for k, (f, _) in enumerate(found):
            if k not in used and lo <= f <= hi:
                used.add(k)
                return True
        return False

    hard_ok = sum(take(h - 1, h + 1) for h in hard)
    grad_ok = sum(take(g["transition_frames"][0] - 2, g["transition_frames"][1] + 2) for g in gradual)
    false = len(found) - len(used)
    false_hard = sum(1 for k, (f, kind) in enumerate(found) if k not in used and kind == "cut")
    return {"boundaries_true": len(t["boundaries"]), "found": len(found),
            "hard_true": len(hard), "hard_found": hard_ok, "gradual_true": len(gradual),
            "gradual_found": grad_ok, "false_boundaries": false, "false_hard_cuts": false_hard,
            "flashes": len(t.get("flashes", [])), "fast_motion": len(t.get("fast_motion", []))}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("eval_dir", nargs="?", default=EVAL_DEFAULT)
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--split", default="all",
                    help="score only the cases whose truth.json split is this (tune, heldout, heldout2, "
                         "heldout3, heldout4, heldout5, heldout6, heldout7, dev2, or any split a builder writes; default all)")
    ap.add_argument("--only", default="", help="only cases whose name starts with this")
    ap.add_argument("--no-shots", action="store_true", help="skip the shot-boundary part")
    ap.add_argument("--no-baseline", action="store_true", help="skip the vPDQ-style baseline")
    ap.add_argument("--baseline-only", action="store_true",
                    help="run only the vPDQ-style baseline, not our matcher (checks a held-out build "
                         "end to end without scoring the method on it); implies --no-shots")
    args = ap.parse_args()
    from vidforensics.config import AnalysisConfig
    cfg = AnalysisConfig().replace(people__enabled=False, report__pdf=False)
    root = Path(args.eval_dir)
    truth = json.loads((root / "truth.json").read_text())

    out = {}
    if "shots" in truth and truth["shots"] and not (args.no_shots or args.baseline_only):
        s = eval_shots(root, truth, cfg)
        out["shots"] = s
        hp = s["hard_found"] / max(1, s["hard_found"] + s["false_hard_cuts"])
        print(f"shots: hard cuts recall {s['hard_found']}/{s['hard_true']}, precision {hp:.3f}; "
              f"gradual {s['gradual_found']}/{s['gradual_true']}; false boundaries {s['false_boundaries']} "
              f"(with {s['flashes']} flashes and {s['fast_motion']} fast-motion passages in the montage)")
    known = sorted({c.get("split", "tune") for c in truth["repeats"].values()})
    if args.split != "all" and args.split not in known:
        sys.exit(f"evaluate.py: no case of split {args.split!r} in {root} (splits there: {', '.join(known)})")
    if args.baseline_only and args.no_baseline:
        ap.error("--baseline-only and --no-baseline leave nothing to run")
    rows = eval_repeats(root, truth, cfg, args.split, args.only, not args.no_baseline,
                        not args.baseline_only)
    out["repeats"] = rows
    print()
    print("\n".join(per_edit_table(rows)))
    print(f"\n{'case':<16} {'ours P/R/F1':>22} {'kind':>6}   {'baseline P/R/F1':>22}")
    tot = defaultdict(lambda: [0, 0, 0, 0])
    neg = defaultdict(int)
    for name, row in rows.items():
        if row["negative"]:
            said = ["not run" if row[k].get("skipped") else f"{row[k]['predicted']} pair(s) reported"
                    for k in ("ours", "baseline")]
            print(f"{name:<16} negative: ours {said[0]}, baseline {said[1]}")
            for k in ("ours", "baseline"):
                neg[k] += row[k]["predicted"]
            continue
        cells = []
        for k in ("ours", "baseline"):
            r = row[k]
            for i, key in enumerate(("correct", "predicted", "true", "kind_ok")):
                tot[k][i] += r[key]
            p, rc, f = prf(r["correct"], r["predicted"], r["true"])
            cells.append("not run" if r.get("skipped") else f"{p:.2f}/{rc:.2f}/{f:.2f}")
        kind = "-" if row["ours"].get("skipped") else f"{row['ours']['kind_ok']}/{row['ours']['correct']}"
        print(f"{name:<16} {cells[0]:>22} {kind:>6}   {cells[1]:>22}")
    for k in ("ours", "baseline"):
        if any(row[k].get("skipped") for row in rows.values()):
            print(f"overall {k}: not run")
            continue
        p, r, f = prf(tot[k][0], tot[k][1], tot[k][2])
        extra = f", kind agreement {tot[k][3]}/{tot[k][0]}" if k == "ours" else ""
        print(f"overall {k}: precision {p:.3f} recall {r:.3f} F1 {f:.3f} "
              f"({tot[k][0]} correct of {tot[k][1]} predicted, {tot[k][2]} true pairs){extra}; "
              f"pairs reported on negatives: {neg[k]}")
        out[f"overall_{k}"] = {"precision": p, "recall": r, "f1": f, "negatives_reported": neg[k]}
    twice = sum(r["ours"].get("pairs_in_two_groups", 0) for r in rows.values())
    print(f"pairs reported in two groups (ours): {'not run' if args.baseline_only else twice}; "
          f"split: {args.split}")
    out["pairs_in_two_groups"] = twice
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
