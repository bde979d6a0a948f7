"""Grouping: verified pairwise matches -> repeated-segment groups with their evidence.

Each match links two time ranges. Ranges of one video that overlap by at least half of the
shorter are the same occurrence; occurrences linked by matches of one kind form a group
(three occurrences of one piece of footage -> one group with three members). Every pair of
members that was matched directly carries its measurements in `evidence.pairs`.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ..config import MatchConfig
from ..types import RepeatGroup, Segment
from .align import Frames, Match

N_SAMPLES = 5


class _UnionFind:
    def __init__(self) -> None:
        self.parent: list[int] = []

    def add(self) -> int:
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0]) + 1
    return max(0, inter) / max(1, min(a[1] - a[0] + 1, b[1] - b[0] + 1))


def _bars_box(f: Frames, rows: tuple[int, int], paired: bool = False) -> list[float]:
    """The content box inside black bars over rows (fractions of the frame, median). With
    `paired`, only bars on both opposite edges count (a letterbox or pillarbox): a dark band
    along one edge may be a burned-in caption, which the estimated path trims itself."""
    x0, y0, x1, y1 = np.median(f.bars_frac[rows[0]:rows[1] + 1], axis=0).round(3).tolist()
    if paired and not (x0 > 0 and x1 < 1):
        x0, x1 = 0.0, 1.0
    if paired and not (y0 > 0 and y1 < 1):
        y0, y1 = 0.0, 1.0
    return [x0, y0, x1, y1]


def _transform(m: Match, variant_names: tuple[str, ...]) -> dict[str, Any]:
    if m.estimated:
        e = {k: v for k, v in m.estimated.items() if not k.startswith("_")}
        e["b_to_a_matrix"] = np.asarray(m.estimated["_unit"]).round(5).tolist()
        extra = ""
        if e.get("tracked"):
            t = e["tracked"]
            extra += (f"; the transform changes during the shot (a zoom or pan) and was followed frame by "
                      f"frame ({t['frames_fitted']} frames fitted, scale {t['scale_min']}-{t['scale_max']} "
                      f"onto member {t['reference']}); the figures above are at the middle of the match")
        if e.get("compared_box_frac"):
            x0, y0, x1, y1 = e["compared_box_frac"]
            extra += (f"; bands along the edges where the two differ across the whole frame (burned-in "
                      f"text or a ticker) were left out: compared area x {x0:.2f}-{x1:.2f}, y {y0:.2f}-{y1:.2f}")
        return {"mirrored": False, "crop": None, **e,
                "description": (f"member b {'mirrored left-right and ' if e.get('mirrored') else ''}registered "
                                f"onto member a by a transform estimated from keypoints: scale {e['scale']}, rotation {e['rotation_deg']} degrees, "
                                f"shift {e['shift_frac'][0]:+.3f}, {e['shift_frac'][1]:+.3f} of the frame{extra}"),
                "speed_ratio": round(m.speed, 3),
                "speed_description": f"{m.speed:.2f} s of member b play during 1 s of member a",
                # black bars (letterbox, pillarbox) are no picture: left out of the pixel comparison
                "a_content_box": _bars_box(m.a, m.a_rows, True), "b_content_box": _bars_box(m.b, m.b_rows, True)}
    name = variant_names[m.variant]
    crop = name.replace("+mirror", "")
    box = _bars_box

    return {
        "mirrored": name.endswith("+mirror"),
        "crop": None if crop == "full" else crop,
        "description": (f"member a matches the {crop} crop of member b" if crop != "full"
                        else "member a matches member b's full frame")
                       + (", mirrored left-right" if name.endswith("+mirror") else ""),
        "speed_ratio": round(m.speed, 3) if np.isfinite(m.offset) else None,
        "speed_description": (f"{m.speed:.2f} s of member b play during 1 s of member a"
                              if np.isfinite(m.offset) else
                              "no single time offset: frames of the two shots matched all against all"),
        "a_content_box": box(m.a, m.a_rows),
        "b_content_box": box(m.b, m.b_rows),
    }


def _pair_evidence(m: Match, ia: int, ib: int, cfg: MatchConfig, variant_names) -> dict[str, Any]:
    ok = ~np.isnan(m.distances) & (m.distances <= cfg.max_distance)
    if m.setup_only:                     # a set-up match: every compared frame (beyond the threshold)
        ok = ~np.isnan(m.distances)
    d = m.distances[ok]
    rows = np.arange(m.a_rows[0], m.a_rows[1] + 1)[ok]
    brow = m.b_of_a[ok]
    pick = np.unique(np.linspace(0, len(rows) - 1, min(N_SAMPLES, len(rows))).round().astype(int))
    samples = [{
        "a_time_s": round(float(m.a.times[rows[i]]), 3), "b_time_s": round(float(m.b.times[brow[i]]), 3),
        "a_frame": int(m.a.index[rows[i]]), "b_frame": int(m.b.index[brow[i]]),
        "a_pts": int(m.a.pts[rows[i]]), "b_pts": int(m.b.pts[brow[i]]),
        "distance": int(d[i]),
    } for i in pick]
    return {
        "a": ia, "b": ib,
        "aligned_frames": int(ok.sum()),
        "compared_frames": int((~np.isnan(m.distances)).sum()),
        "median_distance": round(float(np.median(d)), 1),
        "p90_distance": round(float(np.percentile(d, 90)), 1),
        "max_distance_seen": int(d.max()),
        "off_alignment_median_distance": (None if not np.isfinite(m.off_median)
                                          else round(m.off_median, 1)),
        "motion_correlation": (None if m.motion_correlation is None
                               else round(m.motion_correlation, 3)),
        "lock_ratio": None if not np.isfinite(m.lock_ratio) else round(float(m.lock_ratio), 3),
        "score": round(float(np.mean((cfg.max_distance - d) / cfg.max_distance)), 3),
        "transform": _transform(m, variant_names),
        "kind": m.kind,
        "kind_reason": m.kind_reason,
        "kind_measurements": _kind_measurements(m),
        "samples": samples,
    }


def _kind_measurements(m: Match) -> dict[str, Any]:
    px = m.pixel or {}
    return {
        "identical_motion": px.get("identical_motion"),
        "background_match": px.get("background_match"),
        "moving_share": px.get("moving_share"),
        "picture_agreement": px.get("agreement"),
        "change_correlation": px.get("change_correlation"),
        "background_detail_match": px.get("background_detail_match"),
        "frame_pairs_measured": px.get("frame_pairs_measured", 0),
        "motion_correlation": None if m.motion_correlation is None else round(m.motion_correlation, 3),
        "lock_ratio": None if not np.isfinite(m.lock_ratio) else round(float(m.lock_ratio), 3),
        "differing_regions": [{"a_time_s": p["a_time_s"], "b_time_s": p["b_time_s"], "regions": p["regions"]}
                              for p in px.get("per_frame_pair", [])],
    }


def _segment(f: Frames, rows: tuple[int, int]) -> Segment:
    """The time range of rows r0..r1: up to the next hashed frame (thinned rows cover the
    frames between them), or the video's end after the last one."""
    after = rows[1] + 1
    end_frame = int(f.index[after]) - 1 if after < len(f.index) else f.last_frame
    end_s = float(f.times[after]) if after < len(f.times) else float(f.times[rows[1]] + f.frame_dur)
    return Segment(video=f.video, start_s=float(f.times[rows[0]]), end_s=end_s,
                   start_frame=int(f.index[rows[0]]), end_frame=end_frame, shot=int(f.shot[rows[0]]))


def explained_dropped(matches: list[Match]) -> list[Match]:
    """Without the retake lines inside footage already matched as a reuse: the same recorded
    frames explain the similarity at other offsets too."""
    reuses = [m for m in matches if m.kind == "reuse"]

    def explained(m: Match) -> bool:
        for r in reuses:
            for x, y in (((r.a, r.a_rows), (r.b, r.b_rows)), ((r.b, r.b_rows), (r.a, r.a_rows))):
                if (x[0].vid == m.a.vid and y[0].vid == m.b.vid and _overlap(x[1], m.a_rows) > 0.3
                        and _overlap(y[1], m.b_rows) > 0.3):
                    return True
        return False

    return reuses + [m for m in matches if m.kind != "reuse" and not explained(m)]


def _transitive_reuse(pairs: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """Reuse is transitive: two members that are each the same recorded frames as a third are
    the same recorded frames, whatever their own (weaker) comparison measured."""
    uf = _UnionFind()
    for _ in range(n):
        uf.add()
    for p in pairs:
        if p["kind"] == "reuse":
            uf.union(p["a"], p["b"])
    out = []
    for p in pairs:
        if p["kind"] != "reuse" and uf.find(p["a"]) == uf.find(p["b"]):
            via = sorted({q["a"] for q in pairs if q["kind"] == "reuse"} | {q["b"] for q in pairs if q["kind"] == "reuse"}
                         - {p["a"], p["b"]})
            p = {**p, "kind": "reuse", "measured_kind": p["kind"],
                 "kind_reason": (f"both are the same recorded frames as member(s) "
                                 f"{', '.join(str(v + 1) for v in via)} (reuse is transitive); "
                                 f"their own comparison: {p['kind_reason']}")}
        out.append(p)
    return out


def _one_shot(f: Frames, rows: tuple[int, int]) -> bool:
    """Rows r0..r1 of `f` all lie in one shot."""
    return bool(np.all(f.shot[rows[0]:rows[1] + 1] == f.shot[rows[0]]))


def _several(ev: dict[str, Any], all_ev: list[dict[str, Any]]) -> dict[str, Any]:
    """The evidence of one pair of members linked by several matches at different time
    alignments (pieces of one shot pair). A reuse measured on moving pixels explains the others
    (the same recorded frames match at other offsets too, as for `explained_dropped`): the pair
    is that reuse. Otherwise, when the matches' pixels disagree on the kind, "mixed", with each
    verdict stated; when they agree, the best-aligned match's evidence."""
    from .kind import MIN_MOVING
    moving = [e for e in all_ev if e["kind"] == "reuse"
              and (e["kind_measurements"].get("moving_share") or 0) >= MIN_MOVING]
    kinds = sorted({e["kind"] for e in all_ev})
    if len(kinds) < 2:
        return ev
    if moving:
        r = max(moving, key=lambda e: e["aligned_frames"])
        return {**r, "kind_reason": (f"{r['kind_reason']}; {len(all_ev) - 1} other match(es) between the same "
                                     f"two shots at other time alignments are explained by the same recorded "
                                     f"frames")}
    each = "; ".join(f"{e['kind']} ({e['aligned_frames']} aligned frames: {e['kind_reason']})" for e in all_ev)
    return {**ev, "kind": "mixed", "measured_kind": ev["kind"],
            "kind_reason": (f"mixed evidence: {len(all_ev)} matches at different time alignments link "
                            f"these two members and their pixels disagree ({', '.join(kinds)}): {each}")}


def group_kind(pairs: list[dict[str, Any]]) -> str:
    """One kind for a group: its pairs' kind when they agree, else "mixed"."""
    kinds = {p["kind"] for p in pairs}
    return kinds.pop() if len(kinds) == 1 else "mixed"


def build_groups(matches: list[Match], frames: list[Frames], cfg: MatchConfig,
                 variant_names: tuple[str, ...]) -> list[RepeatGroup]:
    """Occurrences linked by matches of any kind form one group, so a pair of occurrences is
    never reported in two groups; each pair carries its own kind and measurements."""
    groups: list[RepeatGroup] = []
    ms = matches
    nodes: list[tuple[int, tuple[int, int]]] = []       # (vid, rows)
    uf = _UnionFind()
    ends: list[tuple[int, int]] = []

    def node(vid: int, rows: tuple[int, int]) -> int:
        for n, (v, r) in enumerate(nodes):
            if v == vid and _overlap(r, rows) >= 0.5:
                nodes[n] = (v, (min(r[0], rows[0]), max(r[1], rows[1])))
                return n
        nodes.append((vid, rows))
        return uf.add()

    for m in ms:
        na, nb = node(m.a.vid, m.a_rows), node(m.b.vid, m.b_rows)
        ends.append((na, nb))
    # overlapping occurrences found from different matches are one occurrence
    for i in range(len(nodes)):
        for j in range(i + 1, len(nodes)):
            if nodes[i][0] == nodes[j][0] and _overlap(nodes[i][1], nodes[j][1]) >= 0.5:
                uf.union(i, j)
    for na, nb in ends:
        uf.union(na, nb)
    # matches between the same two shots, each inside one shot on both sides, at other time
    # alignments: one pair of occurrences (pieces of one shot are never compared to each other)
    pair_of: dict[tuple, int] = {}
    for m, (na, nb) in zip(ms, ends):
        if _one_shot(m.a, m.a_rows) and _one_shot(m.b, m.b_rows):
            ka, kb = (m.a.vid, int(m.a.shot[m.a_rows[0]])), (m.b.vid, int(m.b.shot[m.b_rows[0]]))
            key = (ka, kb) if ka <= kb else (kb, ka)
            if key in pair_of:
                uf.union(na, pair_of[key])
            else:
                pair_of[key] = na
    comps: dict[int, list[int]] = {}
    for n in range(len(nodes)):
        comps.setdefault(uf.find(n), []).append(n)
    for members_n in comps.values():
        # one member per occurrence: merge the nodes of one video that overlap
        # and the pieces of one shot: same-shot frames are never compared, so two pieces of one
        # shot are linked only through other members (several alignments of one shot pair: a
        # set-up filmed again, or a nearly still picture), and a shot is one occurrence
        occ: list[tuple[int, tuple[int, int]]] = []
        joined: set[int] = set()            # occurrences made of pieces of one shot
        for n in sorted(members_n, key=lambda n: (nodes[n][0], nodes[n][1][0])):
            v, r = nodes[n]
            if occ and occ[-1][0] == v and (_overlap(occ[-1][1], r) > 0
                                            or _one_shot(frames[v], (occ[-1][1][0], r[1]))):
                if _overlap(occ[-1][1], r) <= 0:
                    joined.add(len(occ) - 1)
                occ[-1] = (v, (min(occ[-1][1][0], r[0]), max(occ[-1][1][1], r[1])))
            else:
                occ.append((v, r))
        if len(occ) < 2:
            continue
        members = [_segment(frames[v], r) for v, r in occ]

        def which(vid: int, rows: tuple[int, int]) -> int:
            return max(range(len(occ)), key=lambda k: (occ[k][0] == vid) * _overlap(occ[k][1], rows))

        best: dict[tuple[int, int], dict[str, Any]] = {}
        seen: dict[tuple[int, int], list[dict[str, Any]]] = {}
        for m, (na, nb) in zip(ms, ends):
            if uf.find(na) != uf.find(members_n[0]):
                continue
            ia, ib = which(m.a.vid, m.a_rows), which(m.b.vid, m.b_rows)
            if ia == ib:
                continue
            ev = _pair_evidence(m, ia, ib, cfg, variant_names)
            key = (min(ia, ib), max(ia, ib))
            seen.setdefault(key, []).append(ev)
            if key not in best or ev["aligned_frames"] > best[key]["aligned_frames"]:
                best[key] = ev
        if not best:
            continue
        best = {k: _several(best[k], seen[k]) if joined & set(k) else best[k] for k in best}
        pairs = _transitive_reuse(sorted(best.values(), key=lambda e: (e["a"], e["b"])), len(occ))
        groups.append(RepeatGroup(id="", kind=group_kind(pairs), members=tuple(members),
                                  evidence={"pairs": pairs}))
    video_order = {f.video: f.vid for f in frames}
    groups.sort(key=lambda g: (video_order[g.members[0].video], g.members[0].start_s, g.kind))
    return [RepeatGroup(id=f"R{i + 1}", kind=g.kind, members=g.members, evidence=g.evidence)
            for i, g in enumerate(groups)]
