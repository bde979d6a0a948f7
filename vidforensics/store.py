"""Store: the case folder's cache of per-video arrays, outside findings.json.

Hash arrays and shot features of each input are kept in
`<case>/cache/<sha256>-<key>.npz`, where `key` digests every parameter that shapes them and
the hashing format version. Re-running on the same file with the same parameters reuses
them instead of decoding again. Writes are atomic (temporary file, then rename).
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np

from .types import FrameHashes

HASH_FORMAT = "hashes-4"   # bump when the bytes a given frame hashes to would change


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
    """Per-video cached arrays in `<case_dir>/cache/`."""

    def __init__(self, case_dir: str | os.PathLike):
        self.dir = Path(case_dir) / "cache"

    def _path(self, sha256: str, key: str, kind: str) -> Path:
        return self.dir / f"{sha256}-{kind}-{key}.npz"

    def save_hashes(self, sha256: str, key: str, hashes: FrameHashes,
                    extra: dict[str, np.ndarray]) -> None:
        arrays = {name: getattr(hashes, name) for name in
                  ("index", "pts", "phash", "pdq", "variants", "variant_rows", "quality",
                   "low_info", "luma", "bars")}
        arrays.update({f"x_{k}": v for k, v in extra.items()})
        tb = hashes.time_base
        arrays["time_base"] = np.array([tb.numerator, tb.denominator], np.int64)
        arrays["variant_names"] = np.array(hashes.variant_names)
        arrays["thumb_size"] = np.array(hashes.thumb_size)
        with atomic_path(self._path(sha256, key, "hashes"), suffix=".npz") as tmp:
            with open(tmp, "wb") as f:
                np.savez_compressed(f, **arrays)

    def load_hashes(self, sha256: str, key: str, video: str
                    ) -> tuple[FrameHashes, dict[str, np.ndarray]] | None:
        path = self._path(sha256, key, "hashes")
        if not path.exists():
            return None
        try:
            with np.load(path, allow_pickle=False) as z:
                data = {k: z[k] for k in z.files}
        except (OSError, ValueError, KeyError):
            return None                       # unreadable cache: decode again
        tb = data.pop("time_base")
        names = tuple(str(s) for s in data.pop("variant_names"))
        thumb_size = int(data.pop("thumb_size"))
        extra = {k[2:]: data.pop(k) for k in list(data) if k.startswith("x_")}
        hashes = FrameHashes(video=video, time_base=Fraction(int(tb[0]), int(tb[1])),
                             variant_names=names, thumb_size=thumb_size, **data)
        return hashes, extra

    def save_with(self, sha256: str, key: str, kind: str, write: Callable[[str], None]) -> None:
        """Store a stage's own result through its `write(path)` (an .npz without pickles)."""
        with atomic_path(self.dir / f"{sha256}-{kind}-{key}.npz", suffix=".npz") as tmp:
            write(tmp)

    def load_with(self, sha256: str, key: str, kind: str, read: Callable[[str], Any]) -> Any | None:
        """Read back what `save_with` stored, or None when absent or unreadable (recompute)."""
        path = self.dir / f"{sha256}-{kind}-{key}.npz"
        if not path.exists():
            return None
        try:
            return read(str(path))
        except (OSError, ValueError, KeyError, TypeError):
            return None
