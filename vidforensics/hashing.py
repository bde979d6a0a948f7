"""Hashing: perceptual hashes of every frame, vectorised over batches of thumbnails.

Per frame (from the decoder's grey thumbnail, after trimming uniform edge bars):
- `phash`: 64-bit DCT pHash, bit-identical to `imagehash.phash` for the same 32x32 input;
- `pdq`: 256-bit PDQ-style hash (16x16 low-frequency DCT of a 64x64 reduction, thresholded
  at its median), with a PDQ-style quality score (gradient energy, 0-100);
- `variants`: the same 256-bit hash of transformed versions of the frame (centre, corner
  and aspect-changing crops, each also mirrored), so a cropped or mirrored copy of the frame
  can be found by a plain Hamming-distance lookup; computed for frames sampled at
  `HashConfig.variant_fps` (the search seeds and aligns on those);
- `low_info`: black, uniform, near-uniform, two-tone, textureless or smooth-gradient frames
  (title cards, fades, flat walls, skies), whose hashes collide with unrelated frames of the
  same kind; later stages never use these as evidence.
"""
from __future__ import annotations

from functools import lru_cache

import cv2
import numpy as np

from .config import HashConfig

PDQ_SIZE = 64
PHASH_SIZE = 32

# (name, width scale, height scale, anchor x, anchor y): anchor 0.5 is centred, 0 is
# left/top, 1 right/bottom. Scales step by ~5 % because a DCT hash changes fast with scale
# (measured: a 12 % crop is 18 bits from the 10 % variant, 74 from the 20 % one). "wide"
# keeps the full width (16:9 cut to ~2.35:1 or ~2.85:1 behind cinema bars), also after a
# 10 % crop of the picture ("c90"); "narrow" the full height (16:9 cut to 4:3).
def _grid() -> tuple[tuple[str, float, float, float, float], ...]:
    out = [("full", 1.0, 1.0, 0.5, 0.5)]
    out += [(f"centre{int(k * 100)}", k, k, 0.5, 0.5) for k in (0.95, 0.9, 0.85, 0.8)]
    for k in (0.95, 0.9, 0.85):
        out += [(f"{c}{int(k * 100)}", k, k, ax, ay)
                for c, ax, ay in (("tl", 0, 0), ("tr", 1, 0), ("bl", 0, 1), ("br", 1, 1))]
    # cinema crops, also combined with a 10 % crop of the picture inside them
    out += [("wide76", 1.0, 0.76, 0.5, 0.5), ("wide62", 1.0, 0.62, 0.5, 0.5),
            ("wide76c90", 0.9, 0.684, 0.5, 0.5), ("wide62c90", 0.9, 0.558, 0.5, 0.5),
            ("narrow75", 0.75, 1.0, 0.5, 0.5)]
    return tuple(out)


CROP_VARIANTS: tuple[tuple[str, float, float, float, float], ...] = _grid()
VARIANT_NAMES: tuple[str, ...] = tuple(
    f"{name}{'+mirror' if m else ''}" for m in (False, True) for name, *_ in CROP_VARIANTS)


@lru_cache(maxsize=None)
def _dct_matrix(n: int, k: int) -> np.ndarray:
    """Rows 0..k-1 of the unnormalised DCT-II matrix (scipy.fftpack.dct convention)."""
    i = np.arange(n)
    return (2.0 * np.cos(np.pi * np.arange(k)[:, None] * (2 * i[None, :] + 1) / (2 * n))).astype(np.float64)


def _pack(bits: np.ndarray) -> np.ndarray:
    """(N, B) bool -> (N, B/8) uint8, first bit most significant (imagehash's hex order)."""
    return np.packbits(bits.astype(np.uint8), axis=-1)


def phash64(small32: np.ndarray) -> np.ndarray:
    """64-bit pHash of (N, 32, 32) grey images, as uint64 (imagehash bit order)."""
    d = _dct_matrix(PHASH_SIZE, 8)
    x = small32.astype(np.float64)
    coeffs = d @ x @ d.T                                # (N, 8, 8): dct over rows then columns
    flat = coeffs.reshape(len(x), 64)
    med = np.median(flat, axis=1, keepdims=True)
    return _pack(flat > med).view(">u8").reshape(-1).astype(np.uint64)


_SIMD_SORT = int(np.__version__.split(".")[0]) >= 2


def _median256(flat: np.ndarray, dtype=None) -> np.ndarray:
    """Row medians of (N, 256) float32, equal to `np.median(flat.astype(dtype), axis=1,
    keepdims=True)`: the mean of the two middle values (in `dtype`, default the input's).

    On NumPy 2 they are read off a full sort of each row: it sorts float32 rows with SIMD
    code (x86-simd-sort with AVX2 or AVX-512, Highway on ARM), which on the benchmark machine
    takes 4 ms for 16,000 rows where a partition on the two middle ranks (as np.median does)
    takes 41 ms. NumPy 1.26 has SIMD sorting on AVX-512 only, so there the partition is kept.
    Both give the same two middle values, so the hashes do not depend on it (a sign of zero
    may differ, which no comparison with the median sees)."""
    if _SIMD_SORT:
        mid = np.sort(flat, axis=1)[:, 127:129]
    else:
        mid = np.partition(flat, (127, 128), axis=1)[:, 127:129]
    return (mid if dtype is None else mid.astype(dtype)).mean(axis=1, keepdims=True)


def pdq_from_dct(coeffs: np.ndarray) -> np.ndarray:
    flat = coeffs.reshape(len(coeffs), 256)
    return _pack(flat > _median256(flat))


def pdq_mirrored_from_dct(coeffs: np.ndarray) -> np.ndarray:
    """`pdq_from_dct(mirror_dct(coeffs))`, bit for bit: the sign flip is exact in float32, and
    the median is taken as mirror_dct's float64 values would give it."""
    flat = (coeffs * _MIRROR_SIGN32).reshape(len(coeffs), 256)
    return _pack(flat > _median256(flat, np.float64))


def pdq_dct(small64: np.ndarray) -> np.ndarray:
    """16x16 low-frequency DCT of (N, 64, 64) images, as two large matrix products (float32)."""
    d = _dct_matrix(PDQ_SIZE, 16).astype(np.float32)
    n = len(small64)
    x = small64.astype(np.float32).reshape(n * PDQ_SIZE, PDQ_SIZE) @ d.T          # rows: (N*64, 16)
    x = x.reshape(n, PDQ_SIZE, 16).transpose(0, 2, 1).reshape(n * 16, PDQ_SIZE) @ d.T
    return x.reshape(n, 16, 16).transpose(0, 2, 1)      # (N, 16 vertical, 16 horizontal)


def mirror_dct(coeffs: np.ndarray) -> np.ndarray:
    """DCT of the horizontally mirrored image: odd horizontal frequencies change sign."""
    sign = np.where(np.arange(coeffs.shape[-1]) % 2 == 1, -1.0, 1.0)
    return coeffs * sign


_MIRROR_SIGN32 = np.where(np.arange(16) % 2 == 1, -1.0, 1.0).astype(np.float32)


def quality(small64: np.ndarray) -> np.ndarray:
    """PDQ-style quality 0-100: summed absolute gradients of the 64x64 image, scaled."""
    x = (small64.astype(np.int32) * 100) // 255
    g = np.abs(np.diff(x, axis=1)).sum(axis=(1, 2)) + np.abs(np.diff(x, axis=2)).sum(axis=(1, 2))
    return np.minimum(100, g // 90).astype(np.uint8)


def content_boxes(thumbs: np.ndarray, cfg: HashConfig) -> np.ndarray:
    """(N, 4) boxes (x0, y0, x1, y1) of the frames without uniform edge bars.

    A bar is a run of edge rows (columns) whose grey levels are uniform, of any colour
    (letterbox, pillarbox, windowbox), at most 35 % of the frame on each side. A (nearly)
    uniform frame keeps its whole area.
    """
    n, s = len(thumbs), thumbs.shape[-1]
    if n == 0:
        return np.empty((0, 4), np.int16)
    limit = int(s * 0.35)
    t = thumbs.astype(np.float32)
    flat_rows = _std_at_most(t, 2, cfg.bar_max_std)       # (N, S): uniform rows
    flat_cols = _std_at_most(t, 1, cfg.bar_max_std)       # (N, S): uniform columns

    def run(flags: np.ndarray) -> np.ndarray:             # length of the leading run of True
        return np.minimum(np.cumprod(flags, axis=1).sum(axis=1), limit)

    y0, y1 = run(flat_rows), s - run(flat_rows[:, ::-1])
    x0, x1 = run(flat_cols), s - run(flat_cols[:, ::-1])
    whole = (y1 - y0 < s // 3) | (x1 - x0 < s // 3)
    box = np.stack([x0, y0, x1, y1], axis=1)
    box[whole] = (0, 0, s, s)
    return box.astype(np.int16)


def _std_at_most(t: np.ndarray, axis: int, limit: float) -> np.ndarray:
    """`t.std(axis=axis) <= limit` for (N, S, S) float32 grey levels 0-255, bit for bit.

    The sums of the values and of their squares are whole numbers below 2**24, so float32
    matrix products give them exactly, and n * sum(x^2) - sum(x)^2 <= (n * limit)^2 decides
    the comparison in exact arithmetic, about 3x faster than NumPy's float32 std. float32's
    std is off from the exact value by far less than 0.1 % of the variance, so only lines
    within 0.1 % of the limit can differ: those take NumPy's std itself."""
    n = t.shape[axis]
    if n * 65025 >= 1 << 24:          # sums no longer exact in float32: NumPy's std
        return t.std(axis=axis) <= limit
    ones = np.ones(n, np.float32)
    s1 = t @ ones if axis == 2 else ones @ t                         # (N, S), exact
    sq = t * t
    s2 = sq @ ones if axis == 2 else ones @ sq
    d = n * s2.astype(np.float64) - s1.astype(np.float64) ** 2      # n^2 * variance, exact
    bound = (n * float(limit)) ** 2
    out = d <= bound
    near = np.abs(d - bound) <= 1e-3 * max(bound, 1.0)
    if near.any():                    # those frames again through NumPy's own std, same layout
        frames = np.flatnonzero(near.any(axis=1))
        ref = np.ascontiguousarray(t[frames]).std(axis=axis) <= limit
        out[frames] = np.where(near[frames], ref, out[frames])
    return out


def _low_info(small64: np.ndarray, coeffs: np.ndarray, q: np.ndarray, cfg: HashConfig) -> np.ndarray:
    """Frames whose hash carries little: uniform, textureless, two-tone or a smooth gradient."""
    flat = small64.reshape(len(small64), -1)
    std = flat.std(axis=1)
    hist = np.stack([np.bincount(f >> 4, minlength=16) for f in flat]) / flat.shape[1]
    two_tone = np.sort(hist, axis=1)[:, -2:].sum(axis=1) >= cfg.two_tone_share
    energy = coeffs.reshape(len(coeffs), -1) ** 2
    energy[:, 0] = 0.0                                  # DC: overall brightness
    # the 3 largest, summed in ascending order as a full sort gives them (same rounding)
    top3 = np.sort(np.partition(energy, energy.shape[1] - 3, axis=1)[:, -3:], axis=1)
    smooth = top3.sum(axis=1) >= cfg.smooth_share * np.maximum(energy.sum(axis=1), 1e-9)
    return (std < cfg.low_info_std) | (q < cfg.low_info_quality) | two_tone | smooth


def _resize_stack(images: np.ndarray, size: int) -> np.ndarray:
    """Area-reduce (K, h, w) images to (K, size, size) with one OpenCV call.

    The images are stacked into one tall image; with an area filter each output row covers
    exactly h/size input rows, so frame boundaries stay aligned and no row mixes two frames
    (tested equal to resizing one by one)."""
    k, h, w = images.shape
    if k == 0:
        return np.empty((0, size, size), np.uint8)
    if h < size or w < size:          # enlarging interpolates across rows: one by one
        return np.stack([cv2.resize(im, (size, size), interpolation=cv2.INTER_AREA) for im in images])
    tall = np.ascontiguousarray(images).reshape(k * h, w)
    return cv2.resize(tall, (size, k * size), interpolation=cv2.INTER_AREA).reshape(k, size, size)


def crop_box(box: tuple[int, int, int, int], variant: tuple[str, float, float, float, float]
             ) -> tuple[int, int, int, int]:
    """(x, y, width, height) in the thumbnail of a crop variant of the content `box`."""
    x0, y0, x1, y1 = box
    _, sx, sy, ax, ay = variant
    w, h = x1 - x0, y1 - y0
    cw, ch = max(8, int(round(w * sx))), max(8, int(round(h * sy)))
    return x0 + int(round((w - cw) * ax)), y0 + int(round((h - ch) * ay)), cw, ch


@lru_cache(maxsize=512)      # at most 512 x ~100 KB, whatever the inputs' bars do
def _resize_matrices(ch: int, cw: int) -> tuple[np.ndarray, np.ndarray]:
    """(R_y (64, ch), R_x (64, cw)): `cv2.resize(img, (64, 64), INTER_AREA)` of a float (ch, cw)
    image is R_y @ img @ R_x.T. Read off OpenCV itself (an impulse row or column per channel,
    four channels a call, the most its area filter takes), so the weights are its own, also
    where one side is enlarged and it interpolates instead."""
    def probe(n: int, axis: int) -> np.ndarray:
        out = np.empty((PDQ_SIZE, n), np.float64)
        for i0 in range(0, n, 4):
            k = min(4, n - i0)
            img = np.zeros((ch, cw, k), np.float32)
            for c in range(k):
                if axis:
                    img[:, i0 + c, c] = 1.0
                else:
                    img[i0 + c, :, c] = 1.0
            r = cv2.resize(img, (PDQ_SIZE, PDQ_SIZE), interpolation=cv2.INTER_AREA).reshape(PDQ_SIZE, PDQ_SIZE, k)
            out[:, i0:i0 + k] = r[0, :, :] if axis else r[:, 0, :]
        return out
    return probe(ch, 0), probe(cw, 1)


@lru_cache(maxsize=64)
def _crop_operators(box: tuple[int, int, int, int], size: int) -> tuple[np.ndarray, np.ndarray]:
    """(P (V-1, 16, size), Q (V-1, size, 16)) float32: the 16x16 DCT of crop variant j of a
    (size, size) thumbnail with content `box` is P[j] @ thumb @ Q[j]."""
    d = _dct_matrix(PDQ_SIZE, 16)
    n = len(CROP_VARIANTS) - 1
    p = np.zeros((n, 16, size), np.float64)
    q = np.zeros((n, size, 16), np.float64)
    for j, variant in enumerate(CROP_VARIANTS[1:]):
        cx, cy, cw, ch = crop_box(box, variant)
        ry, rx = _resize_matrices(ch, cw)
        p[j, :, cy:cy + ch] = d @ ry
        q[j, cx:cx + cw, :] = (d @ rx).T
    return p.astype(np.float32), q.astype(np.float32)


def crop_dcts(thumbs: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """(M, V-1, 16, 16) float32 DCTs of the crop variants of (M, S, S) thumbnails sharing
    content `box`: the crop, its area reduction to 64x64 and the DCT folded into two matrix
    products (the reduction is not rounded to 8 bits in between, as `pdq` rounds the whole
    frame's; the hashes differ from cropping, reducing and hashing by a few bits at most,
    where a coefficient is within rounding of the median: tests/test_hashing.py)."""
    m, s = len(thumbs), thumbs.shape[-1]
    p, q = _crop_operators(tuple(int(b) for b in box), s)
    n = p.shape[0]
    x = thumbs.transpose(1, 0, 2).astype(np.float32).reshape(s, m * s)     # (S rows, M*S)
    y = (p.reshape(n * 16, s) @ x).reshape(n, 16 * m, s)                   # rows, all variants
    c = y @ q                                                               # (n, 16*M, 16): columns
    return np.ascontiguousarray(c.reshape(n, 16, m, 16).transpose(2, 0, 1, 3))


def hash_batch(thumbs: np.ndarray, cfg: HashConfig, with_variants: np.ndarray | None = None
               ) -> dict[str, np.ndarray]:
    """Hash a (N, S, S) uint8 batch. Returns columns for `FrameHashes`.

    Crop/mirror variants are computed only for the rows where `with_variants` is True (all
    rows when it is None); `variant_rows` gives their positions in the batch.
    """
    n = len(thumbs)
    rows = np.arange(n) if with_variants is None else np.flatnonzero(with_variants)
    v = len(CROP_VARIANTS)
    bars = content_boxes(thumbs, cfg)
    small64 = np.empty((n, PDQ_SIZE, PDQ_SIZE), np.uint8)
    small32 = np.empty((n, PHASH_SIZE, PHASH_SIZE), np.uint8)
    crop_coeffs = np.empty((len(rows), v - 1, 16, 16), np.float32)
    in_rows = np.zeros(n, bool)
    in_rows[rows] = True
    # frames with the same content box (nearly always all of them) are reduced together
    boxes, which = np.unique(bars, axis=0, return_inverse=True)
    for g, (x0, y0, x1, y1) in enumerate(boxes.tolist()):
        members = np.flatnonzero(which.ravel() == g)
        content = thumbs[members, y0:y1, x0:x1]
        small64[members] = _resize_stack(content, PDQ_SIZE)
        small32[members] = _resize_stack(content, PHASH_SIZE)
        vm = members[in_rows[members]]
        if len(vm) == 0:
            continue
        crop_coeffs[np.searchsorted(rows, vm)] = crop_dcts(thumbs[vm], (x0, y0, x1, y1))
    coeffs = pdq_dct(small64)                                           # (N, 16, 16)
    pdq = pdq_from_dct(coeffs)
    if len(rows):
        all_coeffs = np.concatenate([coeffs[rows][:, None], crop_coeffs], axis=1).reshape(-1, 16, 16)
        plain = pdq_from_dct(all_coeffs).reshape(len(rows), v, 32)
        mirrored = pdq_mirrored_from_dct(all_coeffs).reshape(len(rows), v, 32)
        variants = np.concatenate([plain, mirrored], axis=1)            # (M, 2V, 32)
    else:
        variants = np.empty((0, 2 * v, 32), np.uint8)
    q = quality(small64)
    return {
        "phash": phash64(small32),
        "pdq": pdq,
        "variants": variants,
        "variant_rows": rows.astype(np.int64),
        "quality": q,
        "low_info": _low_info(small64, coeffs, q, cfg),
        "luma": small64.reshape(n, -1).mean(axis=1).astype(np.float32),
        "bars": bars,
    }


_POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


_BITWISE_COUNT = getattr(np, "bitwise_count", None)     # NumPy 2.0 and later


def hamming(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Bitwise Hamming distance between packed uint8 hashes (broadcasting on leading axes).

    Hashes whose byte length is a multiple of 8 are compared as 64-bit words with NumPy's
    popcount (8 times fewer elements than a byte table lookup; the matching stage's largest
    single cost on the 720p benchmark); the byte table is kept for other lengths and NumPy 1.x.
    """
    a, b = np.asarray(a), np.asarray(b)
    if (_BITWISE_COUNT is not None and a.dtype == np.uint8 and b.dtype == np.uint8
            and a.ndim and b.ndim and a.shape[-1] == b.shape[-1] and a.shape[-1] % 8 == 0):
        try:
            a64, b64 = a.view(np.uint64), b.view(np.uint64)
        except ValueError:              # last axis not contiguous: no word view
            pass
        else:
            return _BITWISE_COUNT(np.bitwise_xor(a64, b64)).sum(axis=-1, dtype=np.int32)
    return _POPCOUNT[np.bitwise_xor(a, b)].sum(axis=-1, dtype=np.int32)


def hex_hash(h: np.ndarray) -> str:
    """Hex string of a packed hash (uint8 row) or a uint64 pHash."""
    if np.ndim(h) == 0:
        return f"{int(h):016x}"
    return bytes(np.asarray(h, np.uint8)).hex()
