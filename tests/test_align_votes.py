"""align_pair's block count of free seeds near each vote bin's line (`align._seeds_near`) is
the per-bin test it replaces, bin for bin (the loop skips a bin on it)."""
import numpy as np

from vidforensics.config import MatchConfig
from vidforensics.matching import align


def _per_bin(flat, k, span, cmin, speeds, mirrored, ta, tb, free):
    m, rem = divmod(int(flat), k * span)
    si, cb = divmod(rem, span)
    offset = (cb - 1 + cmin + 0.5) * align.OFFSET_BIN_S
    near = (free & (mirrored == m)
            & (np.abs(tb - (speeds[si] * ta + offset)) <= align.LINE_TOL_S + align.OFFSET_BIN_S))
    return int(near.sum())


def test_block_counts_equal_the_per_bin_test():
    rng = np.random.default_rng(11)
    n = 400
    ta = np.sort(rng.uniform(0, 60, n))
    # seeds on two lines (speed 1 and 1.25) and scattered ones, a fifth of them mirrored
    tb = np.where(rng.random(n) < 0.6, ta + 7.3, 1.25 * ta - 2.1) + rng.normal(0, 0.05, n)
    scattered = rng.random(n) < 0.3
    tb[scattered] = rng.uniform(0, 60, int(scattered.sum()))
    mirrored = (rng.random(n) < 0.2).astype(np.int64)
    speeds = align.speed_grid(MatchConfig())
    k = len(speeds)
    cbin = np.floor((tb[None, :] - speeds[:, None] * ta[None, :]) / align.OFFSET_BIN_S).astype(np.int64)
    cmin = int(cbin.min())
    span = int(cbin.max()) - cmin + 3
    seed_bins = ((mirrored[None, :] * k + np.arange(k)[:, None]) * span + (cbin - cmin + 1)).ravel()
    flats = np.concatenate([seed_bins[:2000], rng.permutation(2 * k * span)[:2000]])
    for free in (np.ones(n, bool), rng.random(n) < 0.5):
        got = align._seeds_near(flats, k, span, cmin, speeds, mirrored, ta, tb, free)
        want = [_per_bin(f, k, span, cmin, speeds, mirrored, ta, tb, free) for f in flats]
        assert got.tolist() == want
        assert max(want) >= 10 and min(want) == 0      # bins on the lines and off them
