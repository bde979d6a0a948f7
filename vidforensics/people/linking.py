"""Linking tracks across shots and videos into recurring individuals.

1. Faces. Every track with at least one face descriptor is clustered by agglomerative
   clustering, average linkage (UPGMA), stopping at `PeopleConfig.face_threshold`. Two tracks'
   face distance comes from their sets of views (`view_distance`, VIEW_RULE "pairs": the mean
   of the VIEW_PAIRS closest pairs among each track's MAX_VIEWS best-quality descriptors, so a
   person seen frontal once and turned later is compared on the views that match best, and
   one chance close pair is not enough), raised by QUALITY_PENALTY x (1 - the lower of the two
   tracks' face quality). Each descriptor is itself the mean over the face chip and its mirror
   image (`faces.MIRROR_MEAN`). Cannot-link: two
   tracks of the same shot that overlap in time (two faces on screen together) are never
   joined, nor are clusters containing such a pair; and two clusters merge only when they are
   closer than any of their members is to a face known to be someone else (a face it was on
   screen with: `KNOWN_DIFFERENT`). View rule, mirror mean, linkage, penalty, that rule and
   threshold were chosen on both development splits of benchmarks/people_cases.py, the
   threshold in the middle of the range where both splits reach precision >= 0.95 and F1 >= 0.9
   (docs/people-evaluation.md).
2. Clothing, as a weak cue, only for tracks without a usable face (small, turned away,
   unsharp, or a body without a face):
   - such a track is attached to a face cluster when its body descriptor is within
     `PeopleConfig.body_threshold` of a face-clustered track of that cluster in the same
     shot or the next/previous shot of the same video, at most `BODY_MAX_GAP_S` apart, no
     cannot-link is broken, and the next-best cluster is at least `BODY_MARGIN` further away;
   - two such tracks are paired with each other only when they are in adjacent shots of the
     same video, at most `BODY_MAX_GAP_S` apart, each is the other's nearest, and their
     distance is within `BODY_TIGHT_FACTOR` x body_threshold;
   - clothing never joins two face clusters, and attached tracks never anchor further
     attachments (no chains of clothing links across shots).
3. A group seen in at least two different shots is reported as an Individual.

An individual means "visually similar faces (or, where marked `body`, similar clothing in
adjacent shots) across shots": a measured similarity for an analyst to review, never an
identification.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from ..types import Appearance, Individual
from . import models
from .bodies import body_distance
from .faces import face_distance
from .tracks import EMBED_MIN_PX, SPLIT_DISTANCE, WINDOWS_S, VideoPeople

LINKAGE = "average"
QUALITY_PENALTY = 0.10     # added to a pair's face distance x (1 - the lower of the two qualities)
KNOWN_DIFFERENT = True     # a merge must also be closer than any face known to be someone else (on screen together)
VIEW_RULE = "pairs"        # track-to-track face distance from the tracks' views (`view_distance`)
VIEW_PAIRS = 2
MAX_VIEWS = 4
BODY_MAX_GAP_S = 10.0
BODY_MARGIN = 0.03
BODY_TIGHT_FACTOR = 0.8
APPEARANCE_GAP_S = 2.0     # tracks of one individual in one shot further apart: separate appearances
LIMITATIONS = (
    "Face descriptors measure visual similarity only; the tool never compares faces with any "
    "outside collection of faces.",
    "Error rates of face comparison differ across demographic groups (NIST IR 8280); similar-looking "
    "different people can fall under the threshold, and one person can exceed it across lighting, "
    "age, pose or image quality.",
    "Faces smaller than {px} pixels high in the examined frame, strongly turned, or too unsharp are "
    "recorded but not compared.",
    "Clothing links only sightings in the same or neighbouring shots and cannot separate people "
    "dressed alike.",
)
WORDING = ("visually similar faces across shots (distance between dlib ResNet face descriptors at "
           "or below the threshold); a similarity for review, not an identification")


def nearest_known_different(D: np.ndarray, cannot: np.ndarray) -> np.ndarray:
    """Per item, the distance to the closest item it cannot be (inf when none)."""
    if not len(D):
        return np.zeros(0)
    return np.where(cannot, D, np.inf).min(axis=1)


def constrained_agglomerative(D: np.ndarray, cannot: np.ndarray, threshold: float,
                              linkage: str = LINKAGE, known_different: np.ndarray | None = None
                              ) -> np.ndarray:
    """Cluster labels (0..k-1) for distance matrix D; merging stops when the closest allowed
    pair of clusters is further than `threshold`. `cannot[i, j]` forbids i and j (and any
    clusters holding them) from sharing a label. linkage: "average" or "complete".

    known_different[i]: distance from item i to the nearest item known to be someone else
    (`nearest_known_different`). Two clusters merge only when their distance is also below
    every member's known-different distance: a link no closer than a face known to belong to
    another person is not evidence of sameness (faces that all look alike to the model, as
    happens more for some groups of people, then stay apart)."""
    n = len(D)
    labels = np.arange(n)
    if n < 2:
        return labels
    # clusters can only form inside connected components of the (allowed, <= threshold) graph
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a
    ii, jj = np.nonzero(np.triu((D <= threshold) & ~cannot, 1))
    for a, b in zip(ii.tolist(), jj.tolist()):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
    comps: dict[int, list[int]] = {}
    for i in range(n):
        comps.setdefault(find(i), []).append(i)
    for comp in comps.values():
        if len(comp) < 2:
            continue
        idx = np.array(comp)
        sub = D[np.ix_(idx, idx)].astype(np.float64).copy()
        cl = cannot[np.ix_(idx, idx)].copy()
        np.fill_diagonal(sub, np.inf)
        kd = (known_different[idx].astype(np.float64).copy() if known_different is not None
              else np.full(len(idx), np.inf))
        size = np.ones(len(idx))
        active = np.ones(len(idx), bool)
        members = {k: [k] for k in range(len(idx))}
        while True:
            M = np.where(cl | ~active[:, None] | ~active[None, :]
                         | (sub >= np.minimum(kd[:, None], kd[None, :])), np.inf, sub)
            flat = int(np.argmin(M))
            i, j = divmod(flat, len(idx))
            if not np.isfinite(M[i, j]) or M[i, j] > threshold:
                break
            if linkage == "complete":
                row = np.maximum(sub[i], sub[j])
            elif linkage == "single":
                row = np.minimum(sub[i], sub[j])
            else:
                row = (size[i] * sub[i] + size[j] * sub[j]) / (size[i] + size[j])
            sub[i], sub[:, i] = row, row
            sub[i, i] = np.inf
            cl[i] |= cl[j]
            cl[:, i] = cl[i]
            size[i] += size[j]
            kd[i] = min(kd[i], kd[j])
            active[j] = False
            members[i] += members.pop(j)
        for k, mem in members.items():
            labels[idx[mem]] = idx[k]
    _, labels = np.unique(labels, return_inverse=True)
    return labels


def _gather(videos: Sequence[VideoPeople]) -> dict[str, np.ndarray]:
    cols: dict[str, list] = {k: [] for k in ("vid", "track", "shot", "kind", "start_s", "end_s", "first_row",
                                             "last_row", "n_embedded", "embedding", "body_desc", "quality")}
    views: dict[str, list] = {"view_owner": [], "view_vec": [], "view_quality": []}
    base = 0
    for v, vp in enumerate(videos):
        t = vp.tracks
        n = len(t["shot"])
        cols["vid"].append(np.full(n, v)); cols["track"].append(np.arange(n))
        q = t["quality"] if "quality" in t else np.ones(n, np.float32)
        cols["quality"].append(q)
        for k in ("shot", "kind", "start_s", "end_s", "first_row", "last_row", "n_embedded", "embedding",
                  "body_desc"):
            cols[k].append(t[k])
        d = vp.descriptors
        if d and "vec" in d:
            views["view_owner"].append(base + np.asarray(d["track"], np.int64))
            views["view_vec"].append(np.asarray(d["vec"], np.float32).reshape(-1, 128))
            views["view_quality"].append(np.asarray(d["quality"], np.float32))
        else:           # a result without its single descriptors: the track mean is its one view
            has = np.nonzero(np.asarray(t["n_embedded"]) > 0)[0]
            views["view_owner"].append(base + has)
            views["view_vec"].append(np.asarray(t["embedding"], np.float32)[has].reshape(-1, 128))
            views["view_quality"].append(np.asarray(q, np.float32)[has])
        base += n
    if not cols["vid"]:
        return {}
    out = {k: np.concatenate(v) for k, v in cols.items()}
    out.update({k: np.concatenate(v) for k, v in views.items()})
    return out


def view_distance(g: dict[str, np.ndarray], F: np.ndarray, rule: str = VIEW_RULE, k: int = VIEW_PAIRS,
                  max_views: int = MAX_VIEWS) -> np.ndarray:
    """Face distance between tracks F (len(F) x len(F)) from their sets of views (single
    face descriptors). rule "mean": distance of the tracks' mean descriptors; "min": the
    closest pair of views; "pairs": mean of the k closest pairs of views (k = VIEW_PAIRS,
    fewer when the tracks have fewer views). Each track keeps its `max_views` best-quality views."""
    if rule == "mean":
        return face_distance(g["embedding"][F], g["embedding"][F])
    n = len(F)
    pos = np.full(len(g["vid"]), -1, np.int64)
    pos[F] = np.arange(n)
    owner = pos[g["view_owner"]] if len(g["view_owner"]) else np.zeros(0, np.int64)
    keep = np.nonzero(owner >= 0)[0]
    # best-quality views first, at most max_views per track, padded into (n, max_views) slots
    keep = keep[np.lexsort((-g["view_quality"][keep], owner[keep]))]
    own = owner[keep]
    first = np.searchsorted(own, own, side="left")
    rank = np.arange(len(own)) - first
    sel = rank < max_views
    keep, own, rank = keep[sel], own[sel], rank[sel]
    E = np.zeros((n, max_views, 128), np.float64)
    present = np.zeros((n, max_views), bool)
    E[own, rank] = g["view_vec"][keep]
    present[own, rank] = True
    empty = ~present.any(1)             # a track without views: its mean descriptor
    if empty.any():
        E[empty, 0] = g["embedding"][F[empty]]
        present[empty, 0] = True
    flat = E.reshape(n * max_views, 128)
    ok = present.reshape(-1)
    out = np.empty((n, n))
    step = max(1, 256 // max_views)         # tracks per block: bounded memory
    for s0 in range(0, n, step):
        s1 = min(n, s0 + step)
        Dv = face_distance(flat[s0 * max_views:s1 * max_views], flat)
        Dv[~ok[s0 * max_views:s1 * max_views]] = np.inf
        Dv[:, ~ok] = np.inf
        blk = Dv.reshape(s1 - s0, max_views, n, max_views).transpose(0, 2, 1, 3).reshape(s1 - s0, n, -1)
        if rule == "min":
            out[s0:s1] = blk.min(-1)
        else:
            cnt = np.minimum(k, (present[s0:s1].sum(1)[:, None] * present.sum(1)[None, :]))
            part = np.sort(blk, axis=-1)[..., :k]
            part = np.where(np.arange(k)[None, None, :] < cnt[..., None], part, 0.0)
            out[s0:s1] = part.sum(-1) / cnt
    np.fill_diagonal(out, 0.0)
    return out


def _cannot_link(g: dict[str, np.ndarray], idx: np.ndarray) -> np.ndarray:
    """Tracks of the same shot that share an examined frame (both on screen together)."""
    vid, shot = g["vid"][idx], g["shot"][idx]
    s, e = g["first_row"][idx], g["last_row"][idx]
    same = (vid[:, None] == vid[None, :]) & (shot[:, None] == shot[None, :])
    overlap = (s[:, None] <= e[None, :]) & (s[None, :] <= e[:, None])
    out = same & overlap
    np.fill_diagonal(out, False)
    return out


def _shot_order(videos: Sequence[VideoPeople]) -> list[dict[int, int]]:
    """Per video: shot index -> position among the video's shots (for adjacency)."""
    return [{int(s): k for k, s in enumerate(np.sort(vp.shots["index"]))} for vp in videos]


def _near(g, order, a: int, b: int) -> bool:
    """Same video, same or neighbouring shot, at most BODY_MAX_GAP_S apart."""
    if g["vid"][a] != g["vid"][b]:
        return False
    o = order[int(g["vid"][a])]
    pa, pb = o.get(int(g["shot"][a])), o.get(int(g["shot"][b]))
    if pa is None or pb is None or abs(pa - pb) > 1:
        return False
    gap = max(g["start_s"][a], g["start_s"][b]) - min(g["end_s"][a], g["end_s"][b])
    return gap <= BODY_MAX_GAP_S


def quality_distance(D: np.ndarray, qa: np.ndarray, qb: np.ndarray, penalty: float = QUALITY_PENALTY) -> np.ndarray:
    """Face distance made larger for less trustworthy pairs: D + penalty x (1 - lower quality).
    A pair of small, blurred or turned faces must be that much closer to be linked."""
    return D + penalty * (1.0 - np.minimum(np.asarray(qa)[:, None], np.asarray(qb)[None, :]))


def link_tracks(videos: Sequence[VideoPeople], face_threshold: float, body_threshold: float, *,
                linkage: str = LINKAGE, penalty: float = QUALITY_PENALTY, known_different: bool = KNOWN_DIFFERENT,
                view_rule: str = VIEW_RULE, view_pairs: int = VIEW_PAIRS, max_views: int = MAX_VIEWS
                ) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """(gathered track table, group label per track (-1 none), cue per track 0 face 1 body)."""
    g = _gather(videos)
    if not g:
        return {}, np.zeros(0, int), np.zeros(0, int)
    n = len(g["vid"])
    group = np.full(n, -1)
    cue = np.full(n, -1)
    F = np.nonzero(g["n_embedded"] > 0)[0]
    if len(F):
        raw = view_distance(g, F, view_rule, view_pairs, max_views)
        D = quality_distance(raw, g["quality"][F], g["quality"][F], penalty)
        C = _cannot_link(g, F)
        K = nearest_known_different(D, C) if known_different else np.full(len(F), np.inf)
        lab = constrained_agglomerative(D, C, face_threshold, linkage,
                                        known_different=K if known_different else None)
        g["_F"], g["_D"], g["_C"], g["_K"], g["_raw"] = F, D, C, K, raw
        group[F] = lab
        cue[F] = 0
    n_groups = int(group.max()) + 1 if len(F) else 0
    # clothing: tracks without a usable face
    has_body = ~np.isnan(g["body_desc"][:, 0])
    U = np.nonzero((group < 0) & has_body)[0]
    anchors = np.nonzero((group >= 0) & has_body)[0]
    order = _shot_order(videos)
    if len(U) and len(anchors):
        Db = body_distance(g["body_desc"][U], g["body_desc"][anchors])
        proposals = []
        for a, u in enumerate(U):
            per_group: dict[int, float] = {}
            for k, v in enumerate(anchors):
                if Db[a, k] <= body_threshold + BODY_MARGIN and _near(g, order, u, v):
                    gr = int(group[v])
                    per_group[gr] = min(per_group.get(gr, np.inf), float(Db[a, k]))
            if not per_group:
                continue
            ranked = sorted(per_group.items(), key=lambda kv: kv[1])
            best_g, best_d = ranked[0]
            if best_d > body_threshold:
                continue
            if len(ranked) > 1 and ranked[1][1] < best_d + BODY_MARGIN:
                continue              # two similar-looking groups nearby: ambiguous, no link
            proposals.append((best_d, int(u), best_g))
        for _, u, gr in sorted(proposals):
            members = np.nonzero(group == gr)[0]
            if _cannot_link(g, np.append(members, u))[-1].any():
                continue
            group[u] = gr
            cue[u] = 1
    # body-only pairs between adjacent shots: mutual nearest, very tight
    U = np.nonzero((group < 0) & has_body)[0]
    if len(U) > 1:
        Db = body_distance(g["body_desc"][U], g["body_desc"][U])
        ok = np.zeros_like(Db, bool)
        for a in range(len(U)):
            for b in range(len(U)):
                if a != b and g["shot"][U[a]] != g["shot"][U[b]] and _near(g, order, U[a], U[b]):
                    ok[a, b] = True
        M = np.where(ok, Db, np.inf)
        nn = np.argmin(M, axis=1)
        for a in range(len(U)):
            b = int(nn[a])
            if a < b and int(nn[b]) == a and M[a, b] <= BODY_TIGHT_FACTOR * body_threshold:
                group[U[a]] = group[U[b]] = n_groups
                cue[U[a]] = cue[U[b]] = 1
                n_groups += 1
    return g, group, cue


def _full_box(vp: VideoPeople, box) -> tuple[int, int, int, int]:
    return vp.full_box(box)


def link_individuals(videos: list[VideoPeople], cfg) -> tuple[list[Individual], dict[str, Any]]:
    """Recurring individuals (seen in >= 2 different shots) and the parameters/evidence dict
    for findings.json (`parameters.people.models`)."""
    videos = [v for v in videos if v is not None]
    g, group, cue = link_tracks(videos, cfg.face_threshold, cfg.body_threshold)
    if g:
        g.setdefault("quality", np.ones(len(group)))
    mani = models.manifest()
    model_hashes = {k: v["sha256"] for k, v in mani["files"].items()}
    params: dict[str, Any] = {
        **mani,
        "face_detector": "centerface (OpenCV DNN); dlib HOG frontal detector confirms weak detections",
        "face_descriptor": "dlib ResNet 128-d after dlib 5-point alignment, mean of the chip's and its "
                           "mirror image's descriptors; Euclidean distance",
        "face_view_rule": VIEW_RULE, "face_view_pairs": VIEW_PAIRS, "face_max_views": MAX_VIEWS,
        "face_view_rule_meaning": "the face distance of two tracks is the mean of the closest "
                                  f"{VIEW_PAIRS} pairs among each track's {MAX_VIEWS} best-quality "
                                  "descriptors (views)",
        "body_detector": "OpenCV HOG people detector, and a box below each face",
        "body_descriptor": "hue/saturation histograms of upper and lower body + HOG of the crop",
        "linkage": LINKAGE, "face_threshold": cfg.face_threshold, "body_threshold": cfg.body_threshold,
        "cannot_link": "tracks of the same shot that overlap in time",
        "min_face_px_for_descriptor": EMBED_MIN_PX, "descriptor_windows_s": list(WINDOWS_S),
        "track_split_distance": SPLIT_DISTANCE, "body_max_gap_s": BODY_MAX_GAP_S,
        "body_margin": BODY_MARGIN, "body_tight_factor": BODY_TIGHT_FACTOR,
        "meaning": WORDING,
        "limitations": [x.format(px=EMBED_MIN_PX) for x in LIMITATIONS],
        "per_video": {vp.video: {**vp.stats, "faces_not_compared_per_shot": not_compared_per_shot(vp)}
                      for vp in videos},
        "quality_penalty": QUALITY_PENALTY, "known_different_rule": KNOWN_DIFFERENT,
        "face_quality": "detector score x sqrt(frontal pose) x min(1, face height / 80 px) x "
                        "min(1, chip sharpness / 6); a pair's distance is raised by "
                        "quality_penalty x (1 - the lower quality) before it is held against the threshold",
    }
    if not len(group):
        return [], params
    groups: dict[int, list[int]] = {}
    for i, gr in enumerate(group.tolist()):
        if gr >= 0:
            groups.setdefault(gr, []).append(i)
    candidates = []
    for gr, members in groups.items():
        shots = {(int(g["vid"][i]), int(g["shot"][i])) for i in members}
        if len(shots) >= 2:
            candidates.append((min((int(g["vid"][i]), float(g["start_s"][i])) for i in members), members))
    candidates.sort(key=lambda c: c[0])
    individuals = []
    for n, (_, members) in enumerate(candidates, 1):
        individuals.append(_individual(f"P{n}", members, g, cue, videos, cfg, model_hashes))
    params["individuals"] = len(individuals)
    params["not_linked_near_threshold"] = near_misses(g, group, videos, cfg.face_threshold)
    return individuals, params


NEAR_MARGIN = 0.08         # unlinked pairs this close above the threshold are listed, with why
NEAR_MAX = 60


def near_misses(g, group, videos, threshold: float) -> list[dict[str, Any]]:
    """Face tracks of different groups (or none) whose distance came near the threshold, and
    why they were not linked: on screen together, or too far once quality is counted."""
    if "_F" not in g:
        return []
    F, D, C = g["_F"], g["_D"], g["_C"]
    K = g.get("_K", np.full(len(F), np.inf))
    raw = g["_raw"] if "_raw" in g else face_distance(g["embedding"][F], g["embedding"][F])
    out = []
    ii, jj = np.nonzero(np.triu(D <= threshold + NEAR_MARGIN, 1))
    for a, b in zip(ii.tolist(), jj.tolist()):
        ta, tb = int(F[a]), int(F[b])
        if group[ta] == group[tb] and group[ta] >= 0:
            continue
        if C[a, b]:
            why = "on screen together (never linked)"
        elif D[a, b] <= threshold and D[a, b] >= min(K[a], K[b]):
            why = "within the threshold, but no closer than a face known to be someone else (on screen with one of them)"
        elif D[a, b] <= threshold:
            why = "within the threshold, but the groups as a whole (average linkage) were further apart"
        else:
            why = "above the threshold once the lower face quality is counted"
        out.append((float(D[a, b]), {
            "a": _where(g, videos, ta), "b": _where(g, videos, tb),
            "face_distance": round(float(raw[a, b]), 4), "quality_adjusted_distance": round(float(D[a, b]), 4),
            "threshold": threshold, "reason": why}))
    out.sort(key=lambda x: x[0])
    return [x[1] for x in out[:NEAR_MAX]]


def _where(g, videos, i: int) -> dict[str, Any]:
    return {"video": videos[int(g["vid"][i])].video, "shot": int(g["shot"][i]),
            "start_s": round(float(g["start_s"][i]), 3), "end_s": round(float(g["end_s"][i]), 3),
            "quality": round(float(g["quality"][i]), 3)}


def not_compared_per_shot(vp: VideoPeople) -> dict[str, dict[str, int]]:
    """Per shot: face tracks seen, and how many could not be compared and why."""
    t = vp.tracks
    out: dict[str, dict[str, int]] = {}
    faces = t["kind"] == 0
    for shot in np.unique(t["shot"][faces]).tolist():
        m = faces & (t["shot"] == shot)
        unc = m & (t["n_embedded"] == 0)
        small = unc & (t["face_px"] < EMBED_MIN_PX)
        out[str(int(shot))] = {"face_tracks": int(m.sum()), "not_compared": int(unc.sum()),
                               "too_small_to_compare": int(small.sum()),
                               "turned_unsharp_or_unconfirmed": int((unc & ~small).sum())}
    return out


def _individual(pid: str, members: list[int], g, cue, videos, cfg, model_hashes) -> Individual:
    # one appearance per continuous presence in a shot (tracks closer than APPEARANCE_GAP_S)
    by_shot: dict[tuple[int, int, int], list[int]] = {}
    per_shot: dict[tuple[int, int], list[int]] = {}
    for i in members:
        per_shot.setdefault((int(g["vid"][i]), int(g["shot"][i])), []).append(i)
    for (v, s), idx in per_shot.items():
        idx = sorted(idx, key=lambda i: g["start_s"][i])
        part, end = 0, -np.inf
        for i in idx:
            if g["start_s"][i] - end > APPEARANCE_GAP_S and end > -np.inf:
                part += 1
            end = max(end, g["end_s"][i])
            by_shot.setdefault((v, s, part), []).append(i)
    keys = sorted(by_shot, key=lambda k: (k[0], min(g["start_s"][i] for i in by_shot[k])))
    apps, details, embs, bdescs, quals = [], [], [], [], []
    for key in keys:
        idx = by_shot[key]
        vp = videos[key[0]]
        t = vp.tracks
        face_linked = [i for i in idx if cue[i] == 0]
        # representative: best face of the face-linked tracks, else the largest body box
        rep = None
        for i in (face_linked or idx):
            rf = int(t["rep_face"][g["track"][i]])
            if rf >= 0 and (rep is None or vp.faces["quality"][rf] > vp.faces["quality"][rep]):
                rep = rf
        body_rep = None
        for i in idx:
            rb = int(t["rep_body"][g["track"][i]])
            if rb >= 0:
                body_rep = rb
                break
        if rep is not None:
            frame = int(vp.faces["frame"][rep])
            bbox = _full_box(vp, vp.faces["box"][rep])
        else:
            frame = int(vp.bodies["frame"][body_rep])
            bbox = _full_box(vp, vp.bodies["box"][body_rep])
        body_box = None
        if body_rep is not None:
            body_box = list(_full_box(vp, vp.bodies["box"][body_rep]))
        time_s = float(vp.frames["time_s"][frame])
        c = "face" if face_linked else "body"
        apps.append(Appearance(video=vp.video, shot=key[1], start_s=float(min(g["start_s"][i] for i in idx)),
                               end_s=float(max(g["end_s"][i] for i in idx)), time_s=time_s,
                               bbox=tuple(int(v) for v in bbox), cue=c))
        quals.append(max((float(g["quality"][i]) for i in face_linked), default=None))
        embs.append([i for i in face_linked if g["n_embedded"][i] > 0] or None)
        bd = [g["body_desc"][i] for i in idx if not np.isnan(g["body_desc"][i][0])]
        bdescs.append(np.mean(bd, axis=0) if bd else None)
        details.append({
            "frame_index": int(vp.frames["index"][frame]), "pts": int(vp.frames["pts"][frame]),
            "time_s": round(time_s, 3), "bbox": [int(v) for v in bbox], "body_bbox": body_box,
            "link": c, "tracks": len(idx),
            "face_descriptors": int(sum(g["n_embedded"][i] for i in idx)),
            "face_px": None if rep is None else int(round((vp.faces["box"][rep][3] - vp.faces["box"][rep][1])
                                                         * vp.scale[1])),
            "face_detector_score": None if rep is None else round(float(vp.faces["score"][rep]), 3),
            "quality": None if quals[-1] is None else round(quals[-1], 3),
            "frontal": None if rep is None else round(float(vp.faces["frontal"][rep]), 3),
            "sharpness": None if rep is None or "sharpness" not in vp.faces else round(float(vp.faces["sharpness"][rep]), 2),
            "hog_cross_check": None if rep is None or vp.faces["hog_ok"][rep] < 0 else bool(vp.faces["hog_ok"][rep]),
        })
    n = len(apps)
    fd: list[list[float | None]] = [[None] * n for _ in range(n)]
    adj: list[list[float | None]] = [[None] * n for _ in range(n)]
    bdm: list[list[float | None]] = [[None] * n for _ in range(n)]
    pos = {int(t): k for k, t in enumerate(g["_F"].tolist())} if "_F" in g else {}
    for a in range(n):
        for b in range(n):
            if embs[a] is not None and embs[b] is not None and pos:
                # what the linkage compared: the mean over the two appearances' track pairs
                ia = [pos[i] for i in embs[a]]
                ib = [pos[i] for i in embs[b]]
                fd[a][b] = 0.0 if a == b else round(float(g["_raw"][np.ix_(ia, ib)].mean()), 4)
                adj[a][b] = 0.0 if a == b else round(float(g["_D"][np.ix_(ia, ib)].mean()), 4)
            if bdescs[a] is not None and bdescs[b] is not None:
                bdm[a][b] = round(float(body_distance(bdescs[a], bdescs[b])[0, 0]), 4)
    pairs = []
    for a in range(n):
        for b in range(a + 1, n):
            if fd[a][b] is None:
                continue
            pairs.append({"a": a + 1, "b": b + 1, "face_distance": fd[a][b],
                          "quality_adjusted_distance": adj[a][b], "threshold": cfg.face_threshold,
                          "quality_a": quals[a] and round(quals[a], 3), "quality_b": quals[b] and round(quals[b], 3),
                          "why": "within the threshold" if adj[a][b] <= cfg.face_threshold else
                                 "joined through the other appearances (average linkage), not directly"})
    evidence = {
        "meaning": WORDING,
        "pairs": pairs,
        "cues": sorted({a.cue for a in apps}),
        "face_distance": fd,
        "face_distance_note": f"Face distance between appearances as the linking measured it: per pair of "
                              f"tracks the mean Euclidean distance of their {VIEW_PAIRS} closest pairs of "
                              f"128-d descriptors (views), averaged over the two appearances' tracks; one "
                              "row/column per appearance (0 on the diagonal). quality_adjusted_distance in "
                              "`pairs` adds quality_penalty x (1 - the lower quality). Groups were joined "
                              "while their average adjusted distance was at or below the threshold, so one "
                              "pair can exceed it.",
        "quality_penalty": QUALITY_PENALTY,
        "body_distance": bdm,
        "face_threshold": cfg.face_threshold, "body_threshold": cfg.body_threshold, "linkage": LINKAGE,
        "models": {"face_detector": "centerface", "face_descriptor": "dlib_face_recognition_resnet_model_v1",
                   "landmarks": "shape_predictor_5_face_landmarks", "body_detector": "opencv_hog_people",
                   "sha256": model_hashes},
        "appearances": details,
    }
    return Individual(id=pid, appearances=tuple(apps), evidence=evidence)
