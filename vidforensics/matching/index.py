"""Candidate search: which frames of which videos might show the same picture.

Never all-against-all. Every seed frame's hash variants (crops, mirror) go into a banded
index: the 256 bits are cut into 16 bands of 16 bits, and two hashes become a candidate
pair when any band is identical (locality-sensitive hashing by bit sampling). A pair at
Hamming distance d shares a given band with probability (1 - d/256)^16, and at least one
of the 16 with 0.98 at d = 24, 0.77 at d = 36 and 0.44 at d = 48 — and a repeated segment
has many seed frames, of which three on one line suffice to seed the alignment stage. Buckets holding more
than `BUCKET_CAP` hashes (featureless, over-common patterns) are skipped. Candidates are then checked
with their exact distance.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..hashing import hamming

N_BANDS = 16
BUCKET_CAP = 128


@dataclass(frozen=True)
class Candidates:
    """Columnar candidate frame pairs: query frame (base hash) ~ indexed frame (variant)."""
    q_video: np.ndarray
    q_row: np.ndarray
    e_video: np.ndarray
    e_row: np.ndarray
    variant: np.ndarray
    distance: np.ndarray

    def __len__(self) -> int:
        return len(self.q_row)

    def take(self, mask: np.ndarray) -> "Candidates":
        return Candidates(*(getattr(self, f)[mask] for f in
                            ("q_video", "q_row", "e_video", "e_row", "variant", "distance")))


def band_keys(h: np.ndarray) -> np.ndarray:
    """(N, 32) uint8 -> (N, 16) uint16 band keys."""
    return h.reshape(len(h), N_BANDS, 2).astype(np.uint16) @ np.array([256, 1], np.uint16)


def find_candidates(q_video: np.ndarray, q_row: np.ndarray, q_hash: np.ndarray,
                    e_video: np.ndarray, e_row: np.ndarray, e_var: np.ndarray, e_hash: np.ndarray,
                    max_distance: int) -> Candidates:
    """Candidate pairs between query hashes and indexed hashes at distance <= max_distance."""
    qk, ek = band_keys(q_hash), band_keys(e_hash)
    pairs_q, pairs_e, dists = [], [], []
    for b in range(N_BANDS):
        order = np.argsort(ek[:, b], kind="stable")
        keys = ek[order, b]
        lo = np.searchsorted(keys, qk[:, b], side="left")
        hi = np.searchsorted(keys, qk[:, b], side="right")
        cnt = hi - lo
        cnt[cnt > BUCKET_CAP] = 0
        total = int(cnt.sum())
        if total == 0:
            continue
        qi = np.repeat(np.arange(len(qk)), cnt)
        starts = np.repeat(lo, cnt)
        within = np.arange(total) - np.repeat(np.cumsum(cnt) - cnt, cnt)
        ei = order[starts + within]
        # a frame matched with itself is no candidate; far pairs are dropped band by band,
        # before anything is kept, so memory follows the close pairs only
        keep = ~((q_video[qi] == e_video[ei]) & (q_row[qi] == e_row[ei]))
        qi, ei = qi[keep], ei[keep]
        d = np.empty(len(qi), np.int32)
        step = 1 << 20
        for s in range(0, len(qi), step):
            d[s:s + step] = hamming(q_hash[qi[s:s + step]], e_hash[ei[s:s + step]])
        ok = d <= max_distance
        pairs_q.append(qi[ok]); pairs_e.append(ei[ok]); dists.append(d[ok])
    if not pairs_q:
        empty = np.empty(0, np.int64)
        return Candidates(empty, empty, empty, empty, empty, np.empty(0, np.int32))
    qi, ei, dist = np.concatenate(pairs_q), np.concatenate(pairs_e), np.concatenate(dists)
    # a pair found in several bands once
    _, first = np.unique(qi.astype(np.int64) * len(ek) + ei, return_index=True)
    qi, ei, dist = qi[first], ei[first], dist[first]
    return Candidates(q_video[qi], q_row[qi], e_video[ei], e_row[ei], e_var[ei], dist)
