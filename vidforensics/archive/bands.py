"""The band index of an archive index: for each of 16 bands of 16 bits, the seed entries
(kept frame x stored variant) sorted by their key, and where each key's bucket starts.

Part of `ArchiveIndex` (a mixin: it uses the index's catalogue, arrays and snapshot). Each
build writes new files named for the catalogue generation it was built for, and one commit
makes them current, so a search that holds the previous files keeps reading them; a band
index stays usable for the rows it covers while an add appends videos after them.
"""
from __future__ import annotations

import mmap
import os
from typing import TYPE_CHECKING, Any

import numpy as np

from ..store import atomic_path

if TYPE_CHECKING:
    from .index import VideoEntry

N_BANDS, N_KEYS = 16, 1 << 16


class BandIndexMixin:
    """Band-index methods of `ArchiveIndex`."""
    dir: Any
    n_variants: int

    def _bands_named_current(self) -> bool:
        return self._meta("bands_generation") == self._meta("generation")

    def _bands_cover(self) -> int | None:
        """Rows [0, n) the band index named in the catalogue covers, or None when it is
        unusable. Videos added since it was built lie past n (appends only; removals and
        compactions keep it exact), so it stays usable for the videos before them."""
        if self._bands_named_current():
            return int(self._meta("rows_end"))
        n = self._meta("bands_rows_end", "")
        return int(n) if n else None

    def bands_current(self) -> bool:
        """The band index covers every video in the catalogue."""
        if self._snap is not None:
            return self._snap["bands"] is not None and not self.unsearchable()
        return self._bands_named_current() and (self.dir / self._band_names()[1]).exists()

    def bands_usable(self) -> bool:
        """There is a band index for (at least) the videos indexed before the last add began."""
        if self._snap is not None:
            return self._snap["bands"] is not None
        return self._bands_cover() is not None and (self.dir / self._band_names()[1]).exists()

    def unsearchable(self) -> list[VideoEntry]:
        """Videos a search cannot find yet: added after the band index was built (by an
        `index add` that is still running, or was killed before it rebuilt the band index)."""
        cover = self._bands_cover()
        return [v for v in self.videos() if v.nrows and (cover is None or v.row0 + v.nrows > cover)]

    def build_bands(self) -> int:
        """(Re)build the band index over the seed frames of the videos in the catalogue,
        into files named for the catalogue's generation; one commit makes it current."""
        rows, var = self.rows(), self.variants()
        live = np.zeros(len(rows), bool)
        for v in self.videos():
            live[v.row0:v.row0 + v.nrows] = True
        gen = self._meta("generation")
        old = [self.dir / name for name in self._band_names()]
        suffix = f"-{gen}"
        n = self._write_bands(rows, var, live, suffix)
        with self._tx():
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('bands', ?)", (suffix,))
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('bands_rows_end', ?)", (str(len(rows)),))
            self._set_meta("bands_generation", gen)
        for p in old:
            if p.name not in self._band_names(suffix):
                p.unlink(missing_ok=True)
        return n

    def _write_bands(self, rows: np.ndarray, var: np.ndarray, live: np.ndarray, suffix: str) -> int:
        """Write the band index of the seed frames among `live` rows to the files of `suffix`."""
        entries_name, starts_name = self._band_names(suffix)
        seed_rows = np.flatnonzero(live & (rows["seed"] == 1) & (rows["valid"] == 1)) if len(rows) else \
            np.empty(0, np.int64)
        s = self.n_variants
        entries = (seed_rows[:, None] * s + np.arange(s)[None, :]).ravel().astype(np.uint32)
        starts = np.zeros((N_BANDS, N_KEYS + 1), np.int64 if len(entries) >= 1 << 31 else np.int32)
        with atomic_path(self.dir / entries_name) as tmp:
            with open(tmp, "wb") as f:
                for b in range(N_BANDS):
                    keys = np.empty(len(entries), np.uint16)
                    step = 1 << 21
                    for i in range(0, len(seed_rows), step):
                        h = np.asarray(var[seed_rows[i:i + step], :, 2 * b:2 * b + 2])  # (k, S, 2)
                        keys[i * s:(i + len(h)) * s] = (h[..., 0].astype(np.uint16) << 8 | h[..., 1]).ravel()
                    order = np.argsort(keys, kind="stable")
                    starts[b, 1:] = np.cumsum(np.bincount(keys, minlength=N_KEYS))
                    f.write(entries[order].tobytes())
                f.flush()
                os.fsync(f.fileno())
        with atomic_path(self.dir / starts_name, suffix=".npy") as tmp:
            with open(tmp, "wb") as f:
                np.save(f, starts)
                f.flush()
                os.fsync(f.fileno())
        return len(entries)

    def bands(self) -> tuple[np.ndarray, np.ndarray]:
        """(starts (16, 65537), entries (16, E) memory-mapped) of the current band index."""
        if self._snap is not None:
            if self._snap["bands"] is None:
                from .index import IndexError_
                raise IndexError_(f"{self.dir}: the band index is out of date")
            return self._snap["bands"]
        return self._open_bands()

    def band_file(self) -> str:
        """Name of the band index's entries file (for `prefetch`)."""
        return self._band_names()[0]

    def _open_bands(self) -> tuple[np.ndarray, np.ndarray]:
        from .index import _Missing
        entries_name, starts_name = self._band_names()
        try:
            starts = np.load(self.dir / starts_name).astype(np.int64)
        except FileNotFoundError:
            raise _Missing(f"{self.dir / starts_name}: band index file is missing") from None
        e = int(starts[0, -1])
        if e == 0:
            return starts, np.zeros((N_BANDS, 0), np.uint32)
        return starts, self._map(entries_name, np.uint32, (e,), N_BANDS)

    def prefetch(self, name: str, offsets: np.ndarray, lengths: np.ndarray) -> None:
        """Ask the kernel to start reading these byte ranges of one of the index's files
        (`posix_fadvise(WILLNEED)`, asynchronous): the scattered reads that follow then find
        their pages arriving together instead of waiting for each in turn. Adjacent pages
        are merged into one request; where the call is missing nothing happens."""
        if not hasattr(os, "posix_fadvise") or len(offsets) == 0:
            return
        page = mmap.PAGESIZE
        first = np.asarray(offsets, np.int64) // page
        last = (np.asarray(offsets, np.int64) + np.maximum(np.asarray(lengths, np.int64), 1) - 1) // page
        o = np.argsort(first, kind="stable")
        first, last = first[o], np.maximum.accumulate(last[o])
        new = np.concatenate([[True], first[1:] > last[:-1] + 1])
        starts = first[new]
        ends = np.maximum.reduceat(last, np.flatnonzero(new))
        try:
            fd = os.open(self.dir / name, os.O_RDONLY)
        except OSError:              # advice only: a file deleted since the snapshot is held open
            return
        try:
            for a, b in zip(starts.tolist(), ends.tolist()):
                os.posix_fadvise(fd, a * page, (b - a + 1) * page, os.POSIX_FADV_WILLNEED)
        finally:
            os.close(fd)
