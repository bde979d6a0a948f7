"""Store: the case folder's cache of per-video arrays, outside findings.json.

Hash arrays and shot features of each input are kept in
`<case>/cache/<sha256>-<kind>-<key>.npz`, where `key` digests every parameter that shapes
them and the hashing format version. Re-running on the same file with the same parameters
reuses them instead of decoding again. Writes are atomic (temporary file, then rename).

An entry is trusted only when it checks out: a `.sha256` file beside it holds the SHA-256 of
the entry's bytes, and the entry itself names the input SHA-256, kind and key it was made
for. An entry that is missing its checksum, differs from it, or names another input is
damaged: it is removed and the input decoded again (never trusted, never fatal).
"""
from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import tempfile
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np

from .types import FrameHashes, Stills

log = logging.getLogger("vidforensics")

HASH_FORMAT = "hashes-5"   # bump when the bytes a given frame hashes to would change


def param_key(*parts: Any) -> str:
    blob = json.dumps([HASH_FORMAT, *parts], sort_keys=True, default=str).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


@contextmanager
def atomic_path(final: str | os.PathLike, suffix: str = "") -> Iterator[str]:
    """Yield a temporary path beside `final`; rename it onto `final` only on success."""
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", suffix=suffix or ".tmp", dir=final.parent)
    os.close(fd)
    try:
        yield tmp
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)       # mkstemp makes 0600; give the usual file mode
        os.replace(tmp, final)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_text_atomic(final: str | os.PathLike, text: str) -> None:
    with atomic_path(final) as tmp:
        Path(tmp).write_text(text, encoding="utf-8")


def write_bytes_atomic(final: str | os.PathLike, data: bytes) -> None:
    with atomic_path(final) as tmp:
        Path(tmp).write_bytes(data)


class CaseStore:
    """Per-video cached arrays in `<case_dir>/cache/`, each checked before it is used."""

    def __init__(self, case_dir: str | os.PathLike):
        self.dir = Path(case_dir) / "cache"
        self.written: list[Path] = []          # files this run wrote (for cleanup on failure)
        self.rejected: list[str] = []          # entries found damaged and recomputed
        self.committed = False                 # the case these entries belong to is written

    def _path(self, sha256: str, key: str, kind: str) -> Path:
        return self.dir / f"{sha256}-{kind}-{key}.npz"

    # ------------------------------------------------------------ checked entries
    def _save(self, sha256: str, key: str, kind: str, write: Callable[[Any], None]) -> None:
        path = self._path(sha256, key, kind)
        buf = io.BytesIO()
        write(buf)
        data = buf.getvalue()
        with atomic_path(path, suffix=".npz") as tmp:
            Path(tmp).write_bytes(data)
        side = path.with_name(path.name + ".sha256")
        write_text_atomic(side, hashlib.sha256(data).hexdigest() + "\n")
        self.written += [path, side]

    def _load(self, sha256: str, key: str, kind: str) -> bytes | None:
        """The entry's bytes when present and intact; None (and the entry removed) otherwise."""
        path = self._path(sha256, key, kind)
        if not path.exists():
            return None
        side = path.with_name(path.name + ".sha256")
        try:
            data = path.read_bytes()
            expected = side.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            expected, data = "", b""
        if not data or hashlib.sha256(data).hexdigest() != expected:
            self._reject(path, "its checksum does not match")
            return None
        return data

    def _reject(self, path: Path, why: str) -> None:
        log.warning("cache entry %s is damaged (%s); it is recomputed", path.name, why)
        self.rejected.append(f"{path.name}: {why}")
        for p in (path, path.with_name(path.name + ".sha256")):
            try:
                p.unlink()
            except OSError:
                pass

    @staticmethod
    def _stamp(sha256: str, key: str, kind: str) -> np.ndarray:
        return np.array(f"{sha256}/{kind}/{key}")

    def save_hashes(self, sha256: str, key: str, hashes: FrameHashes,
                    extra: dict[str, np.ndarray], meta: dict[str, Any] | None = None) -> None:
        arrays = {name: getattr(hashes, name) for name in
                  ("index", "pts", "phash", "pdq", "variants", "variant_rows", "quality",
                   "low_info", "luma", "bars")}
        arrays.update({f"x_{k}": v for k, v in extra.items()})
        tb = hashes.time_base
        arrays["time_base"] = np.array([tb.numerator, tb.denominator], np.int64)
        arrays["variant_names"] = np.array(hashes.variant_names)
        arrays["thumb_size"] = np.array(hashes.thumb_size)
        arrays["entry"] = self._stamp(sha256, key, "hashes")
        arrays["meta_json"] = np.array(json.dumps(meta or {}, sort_keys=True))
        self._save(sha256, key, "hashes", lambda f: np.savez_compressed(f, **arrays))

    def load_hashes(self, sha256: str, key: str, video: str
                    ) -> tuple[FrameHashes, dict[str, np.ndarray], dict[str, Any]] | None:
        """(hashes, shot features, decode metadata) of an intact entry, else None."""
        raw = self._load(sha256, key, "hashes")
        if raw is None:
            return None
        try:
            with np.load(io.BytesIO(raw), allow_pickle=False) as z:
                data = {k: z[k] for k in z.files}
            if str(data.pop("entry")) != str(self._stamp(sha256, key, "hashes")):
                raise ValueError("it was made for another input or parameters")
            meta = json.loads(str(data.pop("meta_json")))
            tb = data.pop("time_base")
            names = tuple(str(s) for s in data.pop("variant_names"))
            thumb_size = int(data.pop("thumb_size"))
            extra = {k[2:]: data.pop(k) for k in list(data) if k.startswith("x_")}
            hashes = FrameHashes(video=video, time_base=Fraction(int(tb[0]), int(tb[1])),
                                 variant_names=names, thumb_size=thumb_size, **data)
            if any(len(v) != len(hashes) for v in extra.values()) or not isinstance(meta, dict):
                raise ValueError("its arrays disagree in length")
        except Exception as e:  # noqa: BLE001 - any unreadable entry is recomputed
            self._reject(self._path(sha256, key, "hashes"), " ".join(str(e).split())[:120] or
                         type(e).__name__)
            return None
        return hashes, extra, meta

    def save_stills(self, sha256: str, key: str, stills: Stills) -> None:
        arrays = {k: getattr(stills, k) for k in ("index", "pts", "key", "data", "offsets")}
        arrays["entry"] = self._stamp(sha256, key, "stills")
        self._save(sha256, key, "stills", lambda f: np.savez(f, **arrays))   # JPEG: no compression

    def load_stills(self, sha256: str, key: str) -> Stills | None:
        def read(f):
            with np.load(f, allow_pickle=False) as z:
                if str(z["entry"]) != str(self._stamp(sha256, key, "stills")):
                    raise ValueError("made for another input")
                st = Stills(**{k: z[k] for k in ("index", "pts", "key", "data", "offsets")})
            if len(st.offsets) != len(st) + 1 or int(st.offsets[-1]) != len(st.data):
                raise ValueError("its arrays disagree in length")
            return st
        return self.load_with(sha256, key, "stills", read)

    def save_with(self, sha256: str, key: str, kind: str, write: Callable[[Any], None]) -> None:
        """Store a stage's own result through its `write(file)` (an .npz without pickles)."""
        self._save(sha256, key, kind, write)

    def load_with(self, sha256: str, key: str, kind: str, read: Callable[[Any], Any]) -> Any | None:
        """Read back what `save_with` stored, or None when absent or damaged (recompute)."""
        raw = self._load(sha256, key, kind)
        if raw is None:
            return None
        try:
            return read(io.BytesIO(raw))
        except Exception as e:  # noqa: BLE001
            self._reject(self._path(sha256, key, kind), type(e).__name__)
            return None

    def save_json(self, sha256: str, key: str, kind: str, obj: Any) -> None:
        self._save(sha256, key, kind, lambda f: np.savez(f, json=np.array(json.dumps(obj, sort_keys=True)),
                                                        entry=self._stamp(sha256, key, kind)))

    def load_json(self, sha256: str, key: str, kind: str) -> Any | None:
        def read(f):
            with np.load(f, allow_pickle=False) as z:
                if str(z["entry"]) != str(self._stamp(sha256, key, kind)):
                    raise ValueError("made for another input")
                return json.loads(str(z["json"]))
        return self.load_with(sha256, key, kind, read)
