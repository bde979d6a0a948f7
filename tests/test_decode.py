from fractions import Fraction

import av
import numpy as np
import pytest

from vidforensics.decode import fetch_frames, rotate, stream_frames
from vidforensics.probe import probe
from vidforensics.types import FrameRef, InputError


def test_vfr_timestamps_are_exact(samples, truth):
    t = truth["files"]["vfr.mkv"]
    info = probe(str(samples / "vfr.mkv"))
    pts = np.concatenate([b.pts for b in stream_frames(info)])
    times = [p * info.time_base for p in pts]
    expected = [Fraction(s).limit_denominator(1000) for s in t["times_s"]]
    assert times == expected


def test_every_frame_once_in_bounded_batches(samples):
    info = probe(str(samples / "montage.mp4"))
    sizes, idx = [], []
    for b in stream_frames(info, batch_size=100):
        sizes.append(len(b.index))
        idx.append(b.index)
        assert b.thumbs.shape[1:] == (96, 96) and b.thumbs.dtype == np.uint8
    idx = np.concatenate(idx)
    assert max(sizes) <= 100
    assert np.array_equal(idx, np.arange(info.frame_count))


def test_sample_fps_thins_on_exact_clock(samples):
    info = probe(str(samples / "montage.mp4"))
    idx = np.concatenate([b.index for b in stream_frames(info, sample_fps=5)])
    assert np.array_equal(idx, np.arange(0, info.frame_count, 5))


def _write_rotated(path, rotation):
    h, w = 48, 96
    img = np.zeros((h, w, 3), np.uint8)
    img[:12, :12] = 255                              # bright top-left corner marks orientation
    img[20:30, 40:90] = (40, 160, 90)
    with av.open(str(path), "w") as c:
        s = c.add_stream("libx264", rate=25)
        s.width, s.height, s.pix_fmt = w, h, "yuv420p"
        if not hasattr(s, "set_display_rotation"):
            pytest.skip(f"PyAV {av.__version__} cannot write a display matrix (reading it is "
                        "the same code on every version)")
        s.set_display_rotation(rotation)
        for i in range(12):
            f = av.VideoFrame.from_ndarray(img, format="rgb24")
            f.pts = i
            for p in s.encode(f):
                c.mux(p)
        for p in s.encode(None):
            c.mux(p)
    return img


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_display_rotation_applied_like_ffmpeg(tmp_path, rotation):
    path = tmp_path / f"rot{rotation}.mp4"
    img = _write_rotated(path, rotation)
    info = probe(str(path))
    assert info.rotation == rotation
    assert info.display_size == ((48, 96) if rotation % 180 else (96, 48))
    frame = fetch_frames(info, [FrameRef(str(path), 0, info.start_pts, info.time_base)])[0]
    want = np.rot90(img, k=rotation // 90)           # FFmpeg's autorotate: counter-clockwise
    assert frame.shape == want.shape
    assert np.abs(frame.astype(int) - want.astype(int)).mean() < 8
    assert np.array_equal(rotate(img, rotation), want)


def test_fetch_frames_returns_the_frames_of_the_stream(samples):
    info = probe(str(samples / "montage.mp4"))
    wanted = {7, 500, 1000, 1317, 300}
    seen = {}
    for b in stream_frames(info):
        for i, p, t in zip(b.index, b.pts, b.thumbs):
            if int(i) in wanted:
                seen[int(i)] = (int(p), t)
    refs = [FrameRef(info.path, i, seen[i][0], info.time_base) for i in sorted(wanted, reverse=True)]
    frames = fetch_frames(info, refs)
    import cv2
    for ref, rgb in zip(refs, frames):
        assert rgb.shape == (360, 640, 3)
        grey = cv2.resize(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), (96, 96), interpolation=cv2.INTER_AREA)
        assert np.abs(grey.astype(int) - seen[ref.index][1].astype(int)).mean() < 3


def test_corrupted_video_is_decoded_with_damage_recorded(bad_inputs):
    """Random bytes over 30 % of the file: the readable frames are decoded and the damage is
    recorded as warnings with time ranges inside the video (never refused, never silent)."""
    from vidforensics.decode import DecodeReport
    info = probe(str(bad_inputs["corrupted"]))
    report = DecodeReport()
    n = sum(len(b.index) for b in stream_frames(info, report=report))
    assert 0 < n
    assert report.warnings, "damage must be recorded"
    for w in report.warnings:
        for a, b in w.get("ranges_s", []):
            assert 0 <= a <= b <= info.duration_s + 1


def test_stills_of_keyframes_and_one_a_second_from_the_same_pass(samples, tmp_path):
    """The keypoint stage's frames come from the decode pass: every coded keyframe and one
    frame a second, at most 480 px, and the case cache gives back the very same pixels."""
    from vidforensics.store import CaseStore
    from vidforensics.types import Stills
    info = probe(str(samples / "montage.mp4"))
    got = [s for b in stream_frames(info, still_fps=1.0, still_side=480) for s in b.stills]
    with av.open(str(samples / "montage.mp4")) as c:
        keys = [f.pts for f in c.decode(video=0) if f.key_frame]
    pts = [p for _, p, _, _ in got]
    assert set(keys) <= set(pts) and pts == sorted(pts)
    assert len(got) >= info.duration_s - 1 and max(got[0][3].shape) <= 480
    full = fetch_frames(info, [FrameRef(info.path, got[3][0], got[3][1], info.time_base)])[0]
    small = got[3][3].astype(np.float32)
    import cv2
    ref = cv2.resize(cv2.cvtColor(full, cv2.COLOR_RGB2GRAY), small.shape[::-1], interpolation=cv2.INTER_AREA)
    assert np.abs(ref - small).mean() < 4                      # the same frame, reduced
    st = Stills.join([(i, p, k, Stills.encode(g)) for i, p, k, g in got])
    store = CaseStore(tmp_path)
    store.save_stills("ab" * 32, "k", st)
    back = store.load_stills("ab" * 32, "k")
    assert back is not None and np.array_equal(back.data, st.data) and np.array_equal(back.pts, st.pts)
    assert np.abs(back.image(3).astype(np.float32) - small).mean() < 3    # JPEG, quality 95
    assert store.load_stills("cd" * 32, "k") is None


def test_sampler_on_integer_pts_decides_as_on_exact_times():
    """`Sampler.take_pts` (the decode pass's per-frame path) keeps exactly the frames
    `take(pts * time_base)` keeps, and leaves the clock where it would, over irregular,
    repeated and backward timestamps and the time bases real files carry."""
    from vidforensics.decode import Sampler
    rng = np.random.default_rng(5)
    for tb in (Fraction(1, 25), Fraction(1001, 30000), Fraction(1, 90000), Fraction(1, 1000),
               Fraction(1, 15360), Fraction(3, 7)):
        for fps in (1.0, 8.0, 2.5, 29.97, 0.3):
            a, b = Sampler(fps), Sampler(fps)
            pts = int(rng.integers(-50, 50))
            steps = rng.choice([0, 1, 2, 7, 40, 512, 3000, -3, -700, 90000], size=400)
            for s in steps.tolist():
                pts += s
                assert a.take(pts * tb) == b.take_pts(pts, tb)
                assert a.next_t == b.next_t
            assert Sampler(None).take_pts(pts, tb)


def test_decoder_thread_count_does_not_change_a_frame(samples, monkeypatch):
    """The decode pass sets FFmpeg's thread count to the usable cores (decode.decoder_threads);
    the thumbnails and stills must be those a one-thread decoder gives, byte for byte."""
    import vidforensics.decode as dec
    assert 1 <= dec.decoder_threads() <= 16
    info = probe(str(samples / "montage.mp4"))

    def run():
        batches = list(stream_frames(info, still_fps=1.0))
        return (np.concatenate([b.thumbs for b in batches]),
                [(i, p, k, g.tobytes()) for b in batches for i, p, k, g in b.stills])

    threaded = run()
    monkeypatch.setattr(dec, "decoder_threads", lambda: 1)
    single = run()
    assert np.array_equal(threaded[0], single[0]) and threaded[1] == single[1]
