"""Hash values, invariances and low-information flags.

Pinned values were computed with this code on 2026-11-25 (numpy 2.4, opencv-python 4.14):
a change in a dependency that shifts a hash bit fails here, on purpose.
"""
import cv2
import imagehash
import numpy as np
import pytest
from PIL import Image

from vidforensics.config import HashConfig
from vidforensics.decode import stream_frames
from vidforensics.hashing import (VARIANT_NAMES, hamming, hash_batch, hex_hash, phash64)
from vidforensics.probe import probe

CFG = HashConfig()


def synthetic() -> np.ndarray:
    y, x = np.mgrid[0:128, 0:128]
    return ((np.sin(x / 9.0) * np.cos(y / 13.0) * 90 + 128) + (x * y % 37)).clip(0, 255).astype(np.uint8)


@pytest.fixture(scope="module")
def montage_thumbs(samples):
    info = probe(str(samples / "montage.mp4"))
    return np.concatenate([b.thumbs for b in stream_frames(info)])


def test_pinned_hash_values():
    h = hash_batch(synthetic()[None], CFG)
    assert hex_hash(h["phash"][0]) == "86f807f8f807f807"
    assert hex_hash(h["pdq"][0]) == "86f9f80007fbf800f80007fb780107fbf8bb07ab78ab058178ab040179fbe7ff"
    assert h["quality"][0] == 100 and not h["low_info"][0]


def test_phash_is_bit_identical_to_imagehash(montage_thumbs):
    small = np.stack([cv2.resize(t, (32, 32), interpolation=cv2.INTER_AREA) for t in montage_thumbs[::40]])
    ours = phash64(small)
    for s, o in zip(small, ours):
        assert hex_hash(o) == str(imagehash.phash(Image.fromarray(s)))   # 32x32 in: no resize there


def test_rescale_and_reencode_stay_close(montage_thumbs):
    frames = montage_thumbs[100:1300:97]
    base = hash_batch(frames, CFG)
    # rescale: down to 48 px and back up
    resc = np.stack([cv2.resize(cv2.resize(f, (40, 40), interpolation=cv2.INTER_AREA), f.shape[::-1])
                     for f in frames])
    # re-encode: heavy JPEG
    jpeg = np.stack([cv2.imdecode(cv2.imencode(".jpg", f, [cv2.IMWRITE_JPEG_QUALITY, 20])[1], 0)
                     for f in frames])
    for other in (resc, jpeg):
        h = hash_batch(other, CFG)
        assert np.median(hamming(base["pdq"], h["pdq"])) <= 24
        assert np.median(hamming(base["phash"][:, None].view(np.uint8),
                                 h["phash"][:, None].view(np.uint8))) <= 10


def test_distinct_frames_are_far_apart(montage_thumbs, truth):
    # the first frame of each shot of the montage: different scenes
    starts = [s["start_frame"] for s in truth["files"]["montage.mp4"]["shots"]]
    h = hash_batch(montage_thumbs[[s + 10 for s in starts]], CFG)
    d = hamming(h["pdq"][:, None], h["pdq"][None])
    off = d[~np.eye(len(starts), dtype=bool)]
    repeats = {frozenset((9, 2)), frozenset((14, 2)), frozenset((9, 14))}   # re-used shots
    pairs = [(i, j) for i in range(len(starts)) for j in range(len(starts))
             if i != j and frozenset((i, j)) not in repeats]
    assert min(d[i, j] for i, j in pairs) > 60
    assert np.median(off) > 100


def test_mirror_and_crop_variants_match_transformed_frames(montage_thumbs):
    f = montage_thumbs[250]
    h = hash_batch(f[None], CFG)
    mirrored = hash_batch(f[None, :, ::-1].copy(), CFG)
    k = VARIANT_NAMES.index("full+mirror")
    assert hamming(h["variants"][0, k], mirrored["pdq"][0]) <= 4
    m = round(f.shape[0] * 0.05)
    crop = cv2.resize(f[m:-m, m:-m], f.shape[::-1], interpolation=cv2.INTER_AREA)   # centre 90 %
    cropped = hash_batch(crop[None], CFG)
    k = VARIANT_NAMES.index("centre90")
    assert hamming(h["variants"][0, k], cropped["pdq"][0]) <= 24
    assert hamming(h["pdq"][0], cropped["pdq"][0]) > hamming(h["variants"][0, k], cropped["pdq"][0])


def test_letterbox_bars_are_trimmed(montage_thumbs):
    f = montage_thumbs[250]
    s = f.shape[0]
    boxed = np.zeros_like(f)
    boxed[s // 8:s - s // 8] = cv2.resize(f, (s, s - s // 4), interpolation=cv2.INTER_AREA)
    h = hash_batch(np.stack([f, boxed]), CFG)
    assert tuple(h["bars"][1]) == (0, s // 8, s, s - s // 8)
    assert hamming(h["pdq"][0], h["pdq"][1]) <= 24


def test_low_information_frames_are_flagged(montage_thumbs):
    black = np.zeros((96, 96), np.uint8)
    grey = np.full((96, 96), 128, np.uint8)
    noise_grey = (grey + np.random.default_rng(1).normal(0, 2, grey.shape)).clip(0, 255).astype(np.uint8)
    card = np.zeros((96, 96), np.uint8)
    cv2.putText(card, "TITLE", (6, 55), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 255, 2)
    ramp = np.tile(np.linspace(0, 255, 96, dtype=np.uint8), (96, 1))         # a fade-like gradient
    h = hash_batch(np.stack([black, grey, noise_grey, card, ramp, montage_thumbs[250]]), CFG)
    assert h["low_info"].tolist() == [True, True, True, True, True, False]
    real = hash_batch(montage_thumbs, CFG)
    assert real["low_info"].mean() < 0.05          # the montage's only low-information frames: its fade


@pytest.mark.parametrize("shape", [(96, 96, 64), (96, 96, 32), (86, 96, 64), (73, 81, 64), (40, 40, 64)])
def test_stacked_reduction_equals_one_by_one(shape):
    from vidforensics.hashing import _resize_stack
    h, w, size = shape
    x = np.random.default_rng(0).integers(0, 256, (12, h, w)).astype(np.uint8)
    one = np.stack([cv2.resize(i, (size, size), interpolation=cv2.INTER_AREA) for i in x])
    assert np.array_equal(_resize_stack(x, size), one)


def test_hamming_words_equal_the_byte_table():
    # the 64-bit popcount path (NumPy 2) and the byte table give the same distances, for
    # broadcast, strided and odd-length inputs alike
    from vidforensics.hashing import _POPCOUNT
    rng = np.random.default_rng(3)
    a = rng.integers(0, 256, (300, 32), dtype=np.uint8)
    v = rng.integers(0, 256, (40, 44, 32), dtype=np.uint8)
    for x, y in [(a[:, None], a[None, :70]), (a[7], a), (a[::3], a[1::3]), (v[:, 3], v[:, 9]),
                 (v[:, None], a[:5, None][None]), (a[:, ::2], a[:, 1::2]), (a[:20, 1:9], a[20:40, 3:11]),
                 (a[:10, :5], a[10:20, :5]), (a[0], a[1])]:
        want = _POPCOUNT[np.bitwise_xor(x, y)].sum(axis=-1, dtype=np.int32)
        got = hamming(x, y)
        assert got.dtype == want.dtype and np.shape(got) == np.shape(want) and np.array_equal(got, want)


def test_mirrored_hash_and_medians_equal_the_plain_numpy_route(montage_thumbs):
    from vidforensics.hashing import mirror_dct, pdq_dct, pdq_mirrored_from_dct, pdq_from_dct
    coeffs = pdq_dct(np.stack([cv2.resize(t, (64, 64), interpolation=cv2.INTER_AREA) for t in montage_thumbs]))
    flat = coeffs.reshape(len(coeffs), 256)
    plain = np.packbits((flat > np.median(flat, axis=1, keepdims=True)).astype(np.uint8), axis=-1)
    m = mirror_dct(coeffs).reshape(len(coeffs), 256)                     # float64, as before
    mirrored = np.packbits((m > np.median(m, axis=1, keepdims=True)).astype(np.uint8), axis=-1)
    assert np.array_equal(pdq_from_dct(coeffs), plain)
    assert np.array_equal(pdq_mirrored_from_dct(coeffs), mirrored)


def _two_level_lines(n_frames: int, seed: int) -> np.ndarray:
    """Frames whose every row holds k pixels at base + step and the rest at base: with step
    12 and k = 48 the variance is exactly 36 (std exactly 6, the bar limit), and the other k
    and steps put it just either side, where float32 rounding decides."""
    rng = np.random.default_rng(seed)
    out = np.empty((n_frames, 96, 96), np.float32)
    for i in range(n_frames):
        base = int(rng.integers(0, 242))
        for r in range(96):
            row = np.full(96, base, np.float32)
            row[rng.permutation(96)[:int(rng.integers(40, 57))]] = base + int(rng.choice([11, 12, 13]))
            out[i, r] = row
    return out


@pytest.mark.parametrize("axis", [1, 2])
def test_bar_line_test_equals_numpy_std(montage_thumbs, axis):
    # content_boxes decides "std <= bar_max_std" from exact sums; it must give NumPy's float32
    # std's answer on every line, also on lines whose std is exactly the limit
    from vidforensics.hashing import _std_at_most
    lines = _two_level_lines(24, seed=axis)
    for t in (montage_thumbs.astype(np.float32), lines, np.ascontiguousarray(lines.transpose(0, 2, 1))):
        for limit in (CFG.bar_max_std, 0.0, 2.5):
            assert np.array_equal(_std_at_most(t, axis, limit), t.std(axis=axis) <= limit)
    exact = lines.std(axis=2, dtype=np.float64)
    assert (np.abs(exact - 6.0) < 1e-9).any()          # the exact-limit case is in the test


@pytest.mark.parametrize("box", [(0, 0, 96, 96), (0, 12, 96, 84), (9, 0, 87, 96)])
def test_crop_variant_dcts_are_crop_then_reduce_then_dct(montage_thumbs, box):
    # crop_dcts folds crop, 64x64 area reduction and DCT into two matrix products: in float
    # it is that chain exactly, and its hashes stay within a few bits of reducing to 8 bits
    # first (the frame's own hash does; docs/stages.md, "Variants")
    from vidforensics.hashing import (CROP_VARIANTS, crop_box, crop_dcts, pdq_dct, pdq_from_dct)
    thumbs = montage_thumbs[::25]
    got = crop_dcts(thumbs, box)
    assert got.shape == (len(thumbs), len(CROP_VARIANTS) - 1, 16, 16)
    bits = []
    for j, variant in enumerate(CROP_VARIANTS[1:]):
        cx, cy, cw, ch = crop_box(box, variant)
        crops = thumbs[:, cy:cy + ch, cx:cx + cw]
        exact = np.stack([cv2.resize(c.astype(np.float32), (64, 64), interpolation=cv2.INTER_AREA) for c in crops])
        ref = pdq_dct(exact)
        assert np.abs(got[:, j] - ref).max() <= 2e-5 * np.abs(ref).max()
        rounded = np.stack([cv2.resize(c, (64, 64), interpolation=cv2.INTER_AREA) for c in crops])
        bits.append(hamming(pdq_from_dct(got[:, j]), pdq_from_dct(pdq_dct(rounded))))
    bits = np.concatenate(bits)
    assert bits.max() <= 16 and bits.mean() <= 1.5


def test_medians_by_sort_and_by_partition_are_the_same(montage_thumbs, monkeypatch):
    """_median256 sorts on NumPy 2 and partitions on 1.26: the hashes must not depend on it."""
    import vidforensics.hashing as hashing
    coeffs = hashing.pdq_dct(np.stack([cv2.resize(t, (64, 64), interpolation=cv2.INTER_AREA)
                                       for t in montage_thumbs]))
    out = {}
    for simd in (True, False):
        monkeypatch.setattr(hashing, "_SIMD_SORT", simd)
        out[simd] = (hashing.pdq_from_dct(coeffs), hashing.pdq_mirrored_from_dct(coeffs))
    assert all(np.array_equal(a, b) for a, b in zip(out[True], out[False]))
