"""PDQ: Meta's 256-bit perceptual image hash, bit for bit as the reference implementation.

This is the hash that trust-and-safety teams exchange (ThreatExchange PDQ and vPDQ hash
lists). It is kept apart from `hashing.py`, whose "PDQ-style" hash is computed from the
decoder's small grey thumbnails for dense per-frame matching and whose values (and cached
arrays) must not change.

The steps follow Meta's reference C++ (`pdq/cpp/hashing/pdqhashing.cpp`,
`pdq/cpp/downscaling/downscaling.cpp`, `pdq/cpp/hashing/torben.cpp` in
github.com/facebook/ThreatExchange), with the same float32 arithmetic in the same order, so
that the hashes agree bit for bit (tests pin values made with the reference
`pdq-photo-hasher` on real frames):

1. luma Y = 0.299 R + 0.587 G + 0.114 B (float32);
2. two passes of a Jarosz tent filter (box filters along rows then columns, window
   ceil(side / 128)), then decimation to 64 x 64 by sampling the centre of each cell;
3. quality 0-100 from the summed quantised gradients of the 64 x 64 image;
4. a 16 x 16 DCT (coefficients 1-16 of a 64-point DCT-II on both axes);
5. bit i*16+j is set when coefficient (i, j) exceeds the median (Torben's method).

Hex output is the reference's: sixteen 16-bit words, most significant first.
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

MIN_HASHABLE_DIM = 5
_F = np.float32


@lru_cache(maxsize=1)
def _dct_matrix() -> np.ndarray:
    """(16, 64) float32, computed as the reference does (double cos, float scale factor)."""
    scale = float(_F(math.sqrt(2.0 / 64.0)))
    m = np.empty((16, 64), np.float32)
    for i in range(16):
        for j in range(64):
            m[i, j] = scale * math.cos((math.pi / 2.0 / 64.0) * (i + 1) * (2 * j + 1))
    return m


def luma(rgb: np.ndarray) -> np.ndarray:
    """(H, W, 3) uint8 RGB -> (H, W) float32 luma, as the reference's fillFloatLumaFromRGB."""
    x = rgb.astype(np.float32)
    return (_F(0.299) * x[..., 0] + _F(0.587) * x[..., 1]) + _F(0.114) * x[..., 2]


def _box(x: np.ndarray, window: int) -> np.ndarray:
    """Reference box1DFloat along axis 0 of `x` (L, M), vectorised over axis 1."""
    n = x.shape[0]
    half = (window + 2) // 2
    out = np.empty_like(x)
    s = np.zeros(x.shape[1:], np.float32)
    cur = 0
    ri = li = oi = 0
    for _ in range(half - 1):                       # phase 1: accumulate, no writes
        s = s + x[ri]
        cur += 1
        ri += 1
    for _ in range(window - half + 1):              # phase 2: growing window
        s = s + x[ri]
        cur += 1
        out[oi] = s / _F(cur)
        ri += 1
        oi += 1
    for _ in range(n - window):                     # phase 3: full window
        s = s + x[ri]
        s = s - x[li]
        out[oi] = s / _F(cur)
        li += 1
        ri += 1
        oi += 1
    for _ in range(half - 1):                       # phase 4: shrinking window
        s = s - x[li]
        cur -= 1
        out[oi] = s / _F(cur)
        li += 1
        oi += 1
    return out


def _window(old: int, new: int) -> int:
    return (old + 2 * new - 1) // (2 * new)


def downsample64(y: np.ndarray) -> np.ndarray:
    """(H, W) float32 luma -> (64, 64) float32: Jarosz filter (2 passes) and decimation."""
    rows, cols = y.shape
    if rows == 64 and cols == 64:
        return y.astype(np.float32, copy=True)
    w_rows, w_cols = _window(cols, 64), _window(rows, 64)
    buf = np.ascontiguousarray(y, np.float32)
    for _ in range(2):
        buf = np.ascontiguousarray(_box(np.ascontiguousarray(buf.T), w_rows).T)   # along rows
        buf = _box(buf, w_cols)                                                     # along columns
    ii = [int(((i + 0.5) * rows) / 64) for i in range(64)]
    jj = [int(((j + 0.5) * cols) / 64) for j in range(64)]
    return buf[np.ix_(ii, jj)]


def quality(a64: np.ndarray) -> int:
    """Reference pdqImageDomainQualityMetric of a (64, 64) float32 image."""
    dv = ((a64[:-1, :] - a64[1:, :]) * _F(100)) / _F(255)
    dh = ((a64[:, :-1] - a64[:, 1:]) * _F(100)) / _F(255)
    total = int(np.abs(dv.astype(np.int32)).sum()) + int(np.abs(dh.astype(np.int32)).sum())
    return min(100, total // 90)


def dct16(a64: np.ndarray) -> np.ndarray:
    """Reference dct64To16: B = D A D^T, summed in the reference's order (float32)."""
    d = _dct_matrix()
    t = np.zeros((16, 64), np.float32)
    for k in range(64):
        t = t + d[:, k:k + 1] * a64[k:k + 1, :]
    b = np.zeros((16, 16), np.float32)
    for k in range(64):
        b = b + t[:, k:k + 1] * d[None, :, k]
    return b


def torben_median(m: np.ndarray) -> np.float32:
    """Reference torben(): the median of a float32 vector, with the same tie behaviour."""
    m = np.asarray(m, np.float32).ravel()
    n = len(m)
    lo, hi = m.min(), m.max()
    half = (n + 1) // 2
    while True:
        guess = (lo + hi) / _F(2)
        below, above = m < guess, m > guess
        less, greater = int(below.sum()), int(above.sum())
        equal = n - less - greater
        maxlt = max(lo, m[below].max()) if less else lo
        mingt = min(hi, m[above].min()) if greater else hi
        if less <= half and greater <= half:
            break
        if less > greater:
            hi = maxlt
        else:
            lo = mingt
    if less >= half:
        return _F(maxlt)
    if less + equal >= half:
        return _F(guess)
    return _F(mingt)


def _bits_to_bytes(coeffs: np.ndarray) -> np.ndarray:
    bits = (coeffs > torben_median(coeffs)).ravel()          # bit k = i * 16 + j
    value = sum(1 << k for k in np.flatnonzero(bits).tolist())
    return np.frombuffer(value.to_bytes(32, "big"), np.uint8).copy()


def pdq_hash(rgb_or_grey: np.ndarray) -> tuple[np.ndarray, int]:
    """True PDQ of one image: ((32,) uint8 in the reference's hex order, quality 0-100).

    Takes (H, W, 3) uint8 RGB or (H, W) uint8 grey (the reference treats grey as luma)."""
    img = np.asarray(rgb_or_grey)
    if img.dtype != np.uint8 or img.ndim not in (2, 3) or (img.ndim == 3 and img.shape[2] != 3):
        raise ValueError("pdq_hash needs an (H, W, 3) or (H, W) uint8 image")
    if img.shape[0] < MIN_HASHABLE_DIM or img.shape[1] < MIN_HASHABLE_DIM:
        return np.zeros(32, np.uint8), 0
    y = luma(img) if img.ndim == 3 else img.astype(np.float32)
    a64 = downsample64(y)
    return _bits_to_bytes(dct16(a64)), quality(a64)


def to_hex(h: np.ndarray) -> str:
    """64 hex digits, as the reference's Hash256::format()."""
    return bytes(np.asarray(h, np.uint8)).hex()


def from_hex(s: str) -> np.ndarray:
    s = s.strip()
    if len(s) != 64:
        raise ValueError(f"a PDQ hash has 64 hex digits, got {len(s)}")
    return np.frombuffer(bytes.fromhex(s), np.uint8).copy()
