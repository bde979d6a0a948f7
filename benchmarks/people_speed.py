#!/usr/bin/env python3
"""Per-stage speed of the people stage, and the whole analysis with people on/off.

    python benchmarks/people_speed.py [--video PATH_720p] [--repeat 3]

Frames come from a real 1280x720 clip (default: eval_a.mp4 built by people_eval.py, which
holds talking heads and group photos). Reported: face detection ms per frame for 640x360 and
1280x720 frames (as the analyzer runs it: the detector input is reduced to 640 wide, and also
at full 1280x720 input), ms per face descriptor (alignment + dlib ResNet), HOG people detector
ms per run, and real-time factors (video seconds per wall-clock second) of
`vidforensics.pipeline.analyze_video` with people off and on. Times are the median over
`--repeat` runs; the machine's other load shows in them (see `os.getloadavg()` printed).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def frames_of(path: str, n: int = 12, size=(1280, 720)) -> list[np.ndarray]:
    import av
    import cv2
    out = []
    with av.open(path) as c:
        st = c.streams.video[0]
        total = st.frames or 600
        step = max(1, total // n)
        for k, fr in enumerate(c.decode(st)):
            if k % step == 0:
                img = fr.to_ndarray(format="rgb24")
                out.append(cv2.resize(img, size, interpolation=cv2.INTER_AREA) if img.shape[1::-1] != size else img)
            if len(out) >= n:
                break
    return out


def timed(fn, items, repeat: int) -> float:
    """Median over `repeat` passes of the mean ms per item."""
    fn(items[0])
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        for x in items:
            fn(x)
        runs.append((time.perf_counter() - t) / len(items) * 1000)
    return round(statistics.median(runs), 1)


def crowd(folder: str, PeopleAnalyzer, names: list[str], seconds: float = 20.0) -> dict:
    """Stress case for the descriptor budget: group photos tiled side by side in one 1280x720
    frame, drifting slowly, fed at 3 frames/s (as 960x540, like the pipeline) for `seconds`."""
    import cv2
    from vidforensics.config import PeopleConfig
    if not all(os.path.exists(os.path.join(folder, n)) for n in names):
        return {"skipped": f"photos not found in {folder}"}
    cols = 2
    rows = (len(names) + cols - 1) // cols
    tw, th = 1280 // cols, 720 // rows
    tiles = []
    for n in names:
        img = cv2.cvtColor(cv2.imread(os.path.join(folder, n)), cv2.COLOR_BGR2RGB)
        s = min(tw / img.shape[1], th / img.shape[0])
        img = cv2.resize(img, (int(img.shape[1] * s), int(img.shape[0] * s)), interpolation=cv2.INTER_AREA)
        tile = np.zeros((th, tw, 3), np.uint8)
        y, x = (th - img.shape[0]) // 2, (tw - img.shape[1]) // 2
        tile[y:y + img.shape[0], x:x + img.shape[1]] = img
        tiles.append(tile)
    base = np.vstack([np.hstack(tiles[r * cols:(r + 1) * cols]) for r in range(rows)])
    pa = PeopleAnalyzer(PeopleConfig())
    pa._load()
    n = int(seconds * 3)
    t0 = time.perf_counter()
    for k in range(n):
        M = np.float32([[1, 0, k * 0.5], [0, 1, 0]])
        frame = cv2.warpAffine(base, M, (1280, 720))
        small = cv2.resize(frame, (960, 540), interpolation=cv2.INTER_AREA)
        pa.feed("crowd", k, k, k / 3.0, small)
    vp = pa.finish_video("crowd", [], (1280, 720))
    el = time.perf_counter() - t0
    st = vp.stats
    return {"photos": names, "faces_per_frame": round(st["face_detections"] / n, 1),
            "ms_per_examined_frame": round(el / n * 1000, 1),
            "x_realtime_people_stage_alone": round(seconds / el, 2), "descriptors": st["descriptors_computed"],
            "face_tracks": st["face_tracks"], "face_tracks_compared": st["face_tracks_compared"],
            "skipped_over_budget": st["descriptors_skipped_over_budget"]}


def _write_720p(frames, out: str, rate, n: int) -> str:
    """Encode the first `n` of `frames` (RGB arrays of any size) scaled to 1280x720 at `rate`."""
    import av
    import cv2
    with av.open(out, "w") as o:
        st = o.add_stream("libx264", rate=rate)
        st.width, st.height, st.pix_fmt = 1280, 720, "yuv420p"
        st.options = {"crf": "22", "preset": "veryfast"}
        for k, rgb in enumerate(frames):
            if k >= n:
                break
            img = cv2.resize(rgb, (1280, 720), interpolation=cv2.INTER_CUBIC)
            for p in st.encode(av.VideoFrame.from_ndarray(img, format="rgb24")):
                o.mux(p)
        for p in st.encode():
            o.mux(p)
    return out


def _rgb_frames(paths):
    import av
    for path in paths:
        with av.open(path) as src:
            for fr in src.decode(video=0):
                yield fr.to_ndarray(format="rgb24")


def make_720p(folder: str, seconds: float) -> str:
    """The first `seconds` of the people_cases videos (640x360, 854x480) scaled to 1280x720."""
    import glob
    out = os.path.join(folder, f"speed_720p_{seconds:g}s.mp4")
    if os.path.exists(out):
        return out
    frames = _rgb_frames(sorted(glob.glob(os.path.join(folder, "people_*_[12].mp4"))))
    return _write_720p(frames, out, 25, int(seconds * 25))


def scale_720p(src: str, out: str, seconds: float) -> str:
    """The first `seconds` of any video scaled to 1280x720 at its own frame rate (e.g. OpenCV's
    pedestrian clip `vtest.avi`, 768x576 10 fps, from Debian `opencv-doc`)."""
    import av
    if os.path.exists(out):
        return out
    with av.open(src) as c:
        rate = c.streams.video[0].average_rate or 25
    return _write_720p(_rgb_frames([src]), out, rate, int(seconds * float(rate)))
    with av.open(src) as c, av.open(out, "w") as o:
        ist = c.streams.video[0]
        rate = ist.average_rate or 25
        st = o.add_stream("libx264", rate=rate)
        st.width, st.height, st.pix_fmt = 1280, 720, "yuv420p"
        st.options = {"crf": "22", "preset": "veryfast"}
        n = int(seconds * float(rate))
        for fr in c.decode(ist):
            n -= 1
            if n < 0:
                break
            img = cv2.resize(fr.to_ndarray(format="rgb24"), (1280, 720), interpolation=cv2.INTER_CUBIC)
            for p in st.encode(av.VideoFrame.from_ndarray(img, format="rgb24")):
                o.mux(p)
        for p in st.encode():
            o.mux(p)
    return out


def plain_decode(path: str, repeat: int) -> float:
    """Real-time factor of decoding every frame of `path` (FFmpeg inside PyAV), median of runs."""
    import av
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        with av.open(path) as c:
            st = c.streams.video[0]
            st.thread_type = "AUTO"
            dur = float(st.duration * st.time_base) if st.duration else float(c.duration) / 1e6
            for _f in c.decode(st):
                pass
        runs.append(time.perf_counter() - t)
    return round(dur / statistics.median(runs), 2)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--video", default="/tmp/people_work/eval/eval_a.mp4")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--crowd-photos", default="/tmp/people_work/sources/extracted/usr/share/doc/libdlib19.1/examples/faces",
                    help="folder of the dlib example group photos (people_eval.py fetches them); '' to skip")
    ap.add_argument("--from-cases", default=None, metavar="DIR",
                    help="first build a 1280x720 clip from the videos of benchmarks/people_cases.py in DIR "
                         "(every shot shows faces: a hard case for speed) and time that")
    ap.add_argument("--seconds", type=float, default=20.0, help="length of the --from-cases / --scale clip")
    ap.add_argument("--scale", default=None, metavar="VIDEO",
                    help="first scale the first --seconds of VIDEO to 1280x720 (e.g. vtest.avi, pedestrians) and time that")
    ap.add_argument("--skip-parts", action="store_true", help="only the whole-analysis real-time factors")
    args = ap.parse_args(argv)
    import cv2
    if args.from_cases:
        args.video = make_720p(args.from_cases, args.seconds)
    elif args.scale:
        base = os.path.splitext(os.path.basename(args.scale))[0]
        args.video = scale_720p(args.scale, f"/tmp/people_speed_{base}_720p_{args.seconds:g}s.mp4", args.seconds)

    from vidforensics.config import AnalysisConfig
    from vidforensics.people import PeopleAnalyzer
    from vidforensics.people.bodies import BodyDetector
    from vidforensics.people.faces import FaceDetector, FaceEmbedder
    from vidforensics.pipeline import analyze_video

    out: dict = {"load_before": [round(v, 2) for v in os.getloadavg()]}
    out["x_realtime_plain_decode"] = plain_decode(args.video, args.repeat)
    if args.skip_parts:
        args.crowd_photos = ""
    f720 = frames_of(args.video, n=3 if args.skip_parts else 12)
    f360 = [cv2.resize(f, (640, 360), interpolation=cv2.INTER_AREA) for f in f720]
    f540 = [cv2.resize(f, (960, 540), interpolation=cv2.INTER_AREA) for f in f720]
    det = FaceDetector(max_width=640)
    det_full = FaceDetector(max_width=1280)
    out["face_detect_ms_640x360"] = timed(det.detect, f360, args.repeat)
    out["face_detect_ms_960x540_as_fed_input_640"] = timed(det.detect, f540, args.repeat)
    out["face_detect_ms_1280x720_input_640"] = timed(det.detect, f720, args.repeat)
    out["face_detect_ms_1280x720_full_input"] = timed(det_full.detect, f720, args.repeat)
    emb = FaceEmbedder()
    faces = [(f, b) for f in f540 for b in det.detect(f, min_face_px=40).boxes]
    if faces:
        out["faces_timed"] = len(faces)
        out["align_ms_per_face"] = timed(lambda fb: emb.chip(*fb), faces, args.repeat)
        chips = [emb.chip(*fb) for fb in faces]
        out["descriptor_ms_per_face"] = timed(lambda c: emb.embed_chips([c]), chips, args.repeat)
        out["hog_cross_check_ms_per_face"] = timed(lambda fb: emb.hog_confirms(*fb), faces, args.repeat)
    body = BodyDetector(work_width=800)
    out["body_detect_ms_per_run_960x540"] = timed(body.detect, f540, args.repeat)

    if args.crowd_photos:
        out["crowd_2_photos"] = crowd(args.crowd_photos, PeopleAnalyzer, ["2007_007763.jpg", "2008_007676.jpg"])
        out["crowd_4_photos"] = crowd(args.crowd_photos, PeopleAnalyzer, ["2007_007763.jpg", "2008_007676.jpg",
                                                                          "2008_002079.jpg", "2008_004176.jpg"])

    cfg_on = AnalysisConfig()
    cfg_off = cfg_on.replace(people__enabled=False)
    for label, cfg in (("people_off", cfg_off), ("people_on", cfg_on)):
        runs = []
        for _ in range(args.repeat):
            pa = PeopleAnalyzer(cfg.people) if cfg.people.enabled else None
            if pa is not None:
                pa._load()            # model loading is once per process, not per video
            t = time.perf_counter()
            va = analyze_video(args.video, cfg, None, pa)
            runs.append(time.perf_counter() - t)
        el = statistics.median(runs)
        out[f"x_realtime_{label}"] = round(va.info.duration_s / el, 2)
        out[f"{label}_vs_plain_decode"] = round(out[f"x_realtime_{label}"] / out["x_realtime_plain_decode"], 3)
        if pa is not None:
            st = {**va.people.stats, **va.timings}      # timings are kept out of findings.json
            n = max(st["frames_examined"], 1)
            out["people_stage_ms_per_examined_frame"] = {
                "faces": round(st["detect_faces_s"] / n * 1000, 1),
                "bodies": round(st["detect_bodies_s"] / n * 1000, 1),
                "tracking_and_descriptors": round(st["track_embed_s"] / n * 1000, 1)}
            out["descriptors_per_face_track"] = round(st["descriptors_computed"] / max(st["face_tracks"], 1), 2)
    out["video"] = f"{args.video} ({va.info.width}x{va.info.height}, {va.info.duration_s:.1f} s)"
    out["load_after"] = [round(v, 2) for v in os.getloadavg()]
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
