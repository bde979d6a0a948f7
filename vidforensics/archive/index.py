"""The archive index: one folder, no server.

    INDEX/catalogue.sqlite   which videos are in (SHA-256, path, parameters, row ranges), errors
    INDEX/rows.bin           per kept frame: pts, frame number, shot, valid, seed flag, bars
    INDEX/variants.bin       per kept frame: its PDQ-style hash and crop variants (S x 32 bytes)
    INDEX/vpdq.bin           true-PDQ frame hashes (vPDQ features) at IndexConfig.vpdq_fps
    INDEX/bands-G.bin        the band index: per band, entry ids sorted by their 16-bit key
    INDEX/bands-starts-G.npy per band, where each of the 65,536 keys starts in bands-G.bin
                             (G: the catalogue generation the band index was built for;
                             older indexes have `bands.bin`, `bands-starts.npy`, still read)

Why SQLite plus memory-mapped arrays: the catalogue needs transactions (a video is in the
index exactly when its row is committed, so an interrupted add loses nothing already added),
which SQLite gives in the standard library; the hashes need fast random reads by position,
which flat arrays mapped into memory give without loading them (the OS page cache holds what
a search touches). Arrays are append-only: a video's rows are written and flushed first, then
its catalogue row is committed; bytes past the committed end (an interrupted add) are cut off
at the next open. `compact` (run by `index remove`) rewrites the arrays without the rows of
removed videos, into new files named in the catalogue, with their band index: the switch is
one SQLite commit, so an interrupted compaction leaves the index as it was.

Readers never wait for a writer. A search works on one snapshot (`reading()`): the catalogue
is read in one SQLite read transaction and the arrays it names are opened at once; a file is
never rewritten in place under the name a snapshot may use (new arrays and band indexes get
new names; old ones are deleted once the catalogue no longer names them), so a search that
runs while videos are added, removed or compacted sees the index as it was when it started,
and a snapshot whose files were deleted before it could open them is taken again.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import fcntl
import json
import mmap
import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Iterator

import numpy as np

from ..config import IndexConfig
from .bands import N_BANDS, N_KEYS, BandIndexMixin  # noqa: F401 (N_BANDS, N_KEYS: used by search)

FORMAT = "vidforensics-index-1"
ROW_DTYPE = np.dtype([("pts", "<i8"), ("index", "<i4"), ("shot", "<i4"), ("valid", "u1"),
                      ("seed", "u1"), ("bars", "u1", (4,))])
VPDQ_DTYPE = np.dtype([("frame", "<i4"), ("quality", "u1"), ("pdq", "u1", (32,)), ("time_s", "<f8")])

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS videos (
    id INTEGER PRIMARY KEY AUTOINCREMENT, sha256 TEXT NOT NULL, path TEXT NOT NULL,
    params TEXT NOT NULL, tb_num INTEGER NOT NULL, tb_den INTEGER NOT NULL,
    frame_dur REAL NOT NULL, duration_s REAL NOT NULL, last_frame INTEGER NOT NULL,
    row0 INTEGER NOT NULL, nrows INTEGER NOT NULL, vp0 INTEGER NOT NULL, nvp INTEGER NOT NULL,
    added_utc TEXT NOT NULL, UNIQUE (sha256, params));
CREATE TABLE IF NOT EXISTS errors (path TEXT PRIMARY KEY, error TEXT NOT NULL, when_utc TEXT NOT NULL);
"""


class IndexError_(ValueError):
    """The index folder cannot be used. `str()` is one line."""


class _Missing(IndexError_):
    """A file the catalogue names is not there (deleted by a writer since it was read)."""


@dataclass(frozen=True)
class VideoEntry:
    id: int
    sha256: str
    path: str
    time_base: Fraction
    frame_dur: float
    duration_s: float
    last_frame: int
    row0: int
    nrows: int
    vp0: int
    nvp: int
    added_utc: str


@dataclass(frozen=True)
class IndexedVideo:
    """What one video contributes to the index (built by `add.index_record`)."""
    sha256: str
    path: str
    time_base: Fraction
    frame_dur: float
    duration_s: float
    last_frame: int
    rows: np.ndarray           # ROW_DTYPE
    variants: np.ndarray       # (n, S, 32) uint8
    vpdq: np.ndarray           # VPDQ_DTYPE


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class ArchiveIndex(BandIndexMixin):
    """Open (or with `create=True` make) the index folder `path`."""

    def __init__(self, path: str | os.PathLike, create: bool = False,
                 config: IndexConfig | None = None, analysis: dict[str, Any] | None = None):
        self.dir = Path(path)
        self._snap: dict[str, Any] | None = None
        cat = self.dir / "catalogue.sqlite"
        if not cat.exists():
            if not create:
                raise IndexError_(f"{self.dir}: not a vidforensics index (no catalogue.sqlite)")
            if self.dir.exists() and not self.dir.is_dir():
                raise IndexError_(f"{self.dir}: exists and is not a folder")
            if self.dir.exists() and any(self.dir.iterdir()):
                raise IndexError_(f"{self.dir}: folder is not empty and is not an index")
            self.dir.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(str(cat), timeout=30, isolation_level=None)
        except sqlite3.Error as e:
            raise IndexError_(f"{cat}: cannot open the catalogue ({e})") from None
        try:
            self._open(cat, config, analysis)
        except BaseException:
            self.db.close()
            raise

    def _open(self, cat: Path, config: IndexConfig | None, analysis: dict[str, Any] | None) -> None:
        try:
            self.db.executescript(_SCHEMA)
        except sqlite3.Error as e:
            raise IndexError_(f"{cat}: cannot open the catalogue ({e})") from None
        meta = dict(self.db.execute("SELECT key, value FROM meta").fetchall())
        if not meta:
            cfg = config or IndexConfig()
            from ..config import AnalysisConfig
            ana = analysis or index_analysis_config(cfg).to_dict()
            with self._tx():
                for k, v in (("format", FORMAT), ("config", json.dumps(dataclasses.asdict(cfg))),
                             ("analysis", json.dumps(ana, sort_keys=True)), ("rows_end", "0"),
                             ("vpdq_end", "0"), ("generation", "0"), ("bands_generation", "-1")):
                    self.db.execute("INSERT INTO meta VALUES (?, ?)", (k, v))
            meta = dict(self.db.execute("SELECT key, value FROM meta").fetchall())
            AnalysisConfig.from_dict(ana)
        if meta.get("format") != FORMAT:
            raise IndexError_(f"{self.dir}: index format {meta.get('format')!r}, this version reads {FORMAT}")
        stored = json.loads(meta["config"])
        self.config = IndexConfig(**{k: tuple(v) if isinstance(v, list) else v for k, v in stored.items()})
        self.analysis_dict = json.loads(meta["analysis"])
        self.n_variants = len(self.config.variants)
        self._trim_if_idle()

    # -- plumbing ---------------------------------------------------------------------------
    @contextmanager
    def _tx(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    @contextmanager
    def writing(self) -> Iterator[None]:
        """One writer at a time (a lock file; readers never wait)."""
        with open(self.dir / ".lock", "w") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise IndexError_(f"{self.dir}: another process is adding to this index") from None
            try:
                self._trim()
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _trim_if_idle(self) -> None:
        """Tidy up after an interrupted writer, unless a writer is at work now (its appended
        bytes and new files are not committed yet) or the folder is read-only."""
        try:
            fh = open(self.dir / ".lock", "a")
        except OSError:
            return
        with fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return
            try:
                self._trim()
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _meta(self, key: str, default: str | None = None) -> str:
        if self._snap is not None:
            return self._snap["meta"].get(key, default)
        r = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        if r is None:
            if default is None:
                raise IndexError_(f"{self.dir}: the catalogue has no {key!r} entry")
            return default
        return r[0]

    def _set_meta(self, key: str, value: Any) -> None:
        self.db.execute("UPDATE meta SET value = ? WHERE key = ?", (str(value), key))

    def _array_name(self, stem: str, suffix: str | None = None) -> str:
        """The array files in use: `rows.bin`..., or `rows-N.bin`... after the Nth compaction."""
        if suffix is None:
            suffix = self._meta("arrays", "")
        return f"{stem}{suffix}.bin"

    def _band_names(self, suffix: str | None = None) -> tuple[str, str]:
        """(entries, starts) file names of the band index in use (or of `suffix`)."""
        if suffix is None:
            suffix = self._meta("bands", "")
        return f"bands{suffix}.bin", f"bands-starts{suffix}.npy"

    def _files(self, suffix: str | None = None) -> list[tuple[Path, int, str]]:
        row_bytes = self.n_variants * 32
        return [(self.dir / self._array_name("rows", suffix), ROW_DTYPE.itemsize, "rows_end"),
                (self.dir / self._array_name("variants", suffix), row_bytes, "rows_end"),
                (self.dir / self._array_name("vpdq", suffix), VPDQ_DTYPE.itemsize, "vpdq_end")]

    def _trim(self) -> None:
        """Cut bytes past the committed end (left by an interrupted add); delete array files
        an interrupted compaction left (those the catalogue does not name)."""
        current = {p.name for p, _, _ in self._files()} | set(self._band_names())
        for p in [*self.dir.glob("*.bin"), *self.dir.glob("bands-starts*.npy")]:
            if p.name.startswith(("rows", "variants", "vpdq", "bands")) and p.name not in current:
                p.unlink(missing_ok=True)
        for path, item, key in self._files():
            end = int(self._meta(key)) * item
            if path.exists() and path.stat().st_size > end:
                with open(path, "r+b") as f:
                    f.truncate(end)

    def _map(self, name: str, dtype, shape_tail: tuple[int, ...], n: int) -> np.ndarray:
        path = self.dir / name
        if n == 0:
            return np.zeros((0, *shape_tail), dtype)
        need = n * int(np.prod(shape_tail, dtype=np.int64)) * np.dtype(dtype).itemsize
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise _Missing(f"{path}: array file named in the catalogue is missing") from None
        if size < need:
            raise IndexError_(f"{path}: array file is shorter ({size} bytes) than the catalogue "
                              f"says ({need} bytes)")
        return _random_access(np.memmap(path, dtype=dtype, mode="r", shape=(n, *shape_tail)))

    # -- a consistent view for readers ------------------------------------------------------
    @contextmanager
    def reading(self) -> Iterator[None]:
        """Within this block every read (catalogue, arrays, band index) comes from one
        snapshot taken at its start, whatever writers do meanwhile. Nested blocks share it."""
        if self._snap is not None:
            yield
            return
        seen = None
        for _ in range(8):
            try:
                self._snap = self._take_snapshot()
                break
            except _Missing as e:
                self._snap = None
                state = (self._meta("generation"), self._meta("arrays", ""), self._meta("bands", ""))
                if state == seen:          # the catalogue did not move: the file is really gone
                    raise IndexError_(str(e)) from None
                seen = state
        else:
            raise IndexError_(f"{self.dir}: the index kept changing while it was opened; try again")
        try:
            yield
        finally:
            self._snap = None

    def _take_snapshot(self) -> dict[str, Any]:
        self.db.execute("BEGIN")             # one read transaction: meta and videos agree
        try:
            meta = dict(self.db.execute("SELECT key, value FROM meta").fetchall())
            vids = self._select_videos()
        finally:
            self.db.execute("COMMIT")
        snap: dict[str, Any] = {"meta": meta, "videos": vids}
        self._snap = snap
        try:
            snap["rows"] = self.rows()
            snap["variants"] = self.variants()
            snap["vpdq"] = self.vpdq()
            snap["bands"] = self._open_bands() if self._bands_cover() is not None else None
        except BaseException:
            self._snap = None
            raise
        return snap

    # -- reading ----------------------------------------------------------------------------
    def videos(self) -> list[VideoEntry]:
        if self._snap is not None:
            return list(self._snap["videos"])
        return self._select_videos()

    def _select_videos(self) -> list[VideoEntry]:
        cur = self.db.execute("SELECT id, sha256, path, tb_num, tb_den, frame_dur, duration_s, "
                              "last_frame, row0, nrows, vp0, nvp, added_utc FROM videos ORDER BY id")
        return [VideoEntry(r[0], r[1], r[2], Fraction(r[3], r[4]), *r[5:]) for r in cur.fetchall()]

    def video(self, video_id: int) -> VideoEntry:
        if self._snap is not None:
            v = next((v for v in self._snap["videos"] if v.id == video_id), None)
            if v is None:
                raise IndexError_(f"{self.dir}: no video with id {video_id}")
            return v
        cur = self.db.execute("SELECT id, sha256, path, tb_num, tb_den, frame_dur, duration_s, "
                              "last_frame, row0, nrows, vp0, nvp, added_utc FROM videos WHERE id = ?",
                              (video_id,))
        r = cur.fetchone()
        return VideoEntry(r[0], r[1], r[2], Fraction(r[3], r[4]), *r[5:])

    def row_ranges(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(id, row0, nrows) of every video, as arrays (a search maps rows to videos)."""
        if self._snap is not None:
            r = np.array([(v.id, v.row0, v.nrows) for v in self._snap["videos"]], np.int64).reshape(-1, 3)
        else:
            r = np.array(self.db.execute("SELECT id, row0, nrows FROM videos ORDER BY id").fetchall(),
                         np.int64).reshape(-1, 3)
        return r[:, 0], r[:, 1], r[:, 2]

    def errors(self) -> list[tuple[str, str, str]]:
        return self.db.execute("SELECT path, error, when_utc FROM errors ORDER BY path").fetchall()

    def has(self, sha256: str, params: str) -> VideoEntry | None:
        r = self.db.execute("SELECT id FROM videos WHERE sha256 = ? AND params = ?",
                            (sha256, params)).fetchone()
        return next((v for v in self.videos() if v.id == r[0]), None) if r else None

    def rows(self) -> np.ndarray:
        if self._snap is not None and "rows" in self._snap:
            return self._snap["rows"]
        return self._map(self._array_name("rows"), ROW_DTYPE, (), int(self._meta("rows_end")))

    def variants(self) -> np.ndarray:
        if self._snap is not None and "variants" in self._snap:
            return self._snap["variants"]
        return self._map(self._array_name("variants"), np.uint8, (self.n_variants, 32),
                         int(self._meta("rows_end")))

    def vpdq(self) -> np.ndarray:
        if self._snap is not None and "vpdq" in self._snap:
            return self._snap["vpdq"]
        return self._map(self._array_name("vpdq"), VPDQ_DTYPE, (), int(self._meta("vpdq_end")))

    def dead_rows(self) -> int:
        """Kept-frame rows that belong to no video in the catalogue (removed videos)."""
        live = self.db.execute("SELECT COALESCE(SUM(nrows), 0) FROM videos").fetchone()[0]
        return int(self._meta("rows_end")) - int(live)

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.dir.iterdir() if p.is_file())

    # -- writing ----------------------------------------------------------------------------
    def add(self, rec: IndexedVideo, params: str, durable: bool = True) -> None:
        """Append one video's arrays (flushed), then commit its catalogue row.
        `durable=False` skips the fsync (benchmarks building synthetic indexes)."""
        row0, vp0 = int(self._meta("rows_end")), int(self._meta("vpdq_end"))
        if rec.variants.shape[1:] != (self.n_variants, 32) or len(rec.rows) != len(rec.variants):
            raise ValueError("index record does not match the index's variant layout")
        for (path, _, _), data in zip(self._files(), (rec.rows, rec.variants, rec.vpdq)):
            with open(path, "ab") as f:
                f.write(np.ascontiguousarray(data).tobytes())
                f.flush()
                if durable:
                    os.fsync(f.fileno())
        with self._tx():
            self.db.execute(
                "INSERT INTO videos (sha256, path, params, tb_num, tb_den, frame_dur, duration_s, "
                "last_frame, row0, nrows, vp0, nvp, added_utc) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (rec.sha256, rec.path, params, rec.time_base.numerator, rec.time_base.denominator,
                 rec.frame_dur, rec.duration_s, rec.last_frame, row0, len(rec.rows), vp0,
                 len(rec.vpdq), _now()))
            self.db.execute("DELETE FROM errors WHERE path = ?", (rec.path,))
            self._set_meta("rows_end", row0 + len(rec.rows))
            self._set_meta("vpdq_end", vp0 + len(rec.vpdq))
            self._set_meta("generation", int(self._meta("generation")) + 1)

    def record_error(self, path: str, error: str) -> None:
        with self._tx():
            self.db.execute("INSERT OR REPLACE INTO errors VALUES (?, ?, ?)", (path, error, _now()))

    def touch_path(self, entry: VideoEntry, path: str) -> None:
        """The same file found under another path: remember the newer path."""
        with self._tx():
            self.db.execute("UPDATE videos SET path = ? WHERE id = ?", (path, entry.id))

    def remove(self, selectors: list[str]) -> list[VideoEntry]:
        """Remove videos by path or SHA-256 (prefix of 8 or more hex digits)."""
        gone = []
        for v in self.videos():
            if any(s == v.path or os.path.abspath(s) == os.path.abspath(v.path)
                   or (len(s) >= 8 and v.sha256.startswith(s.lower())) for s in selectors):
                gone.append(v)
        if gone:
            with self._tx():
                self.db.executemany("DELETE FROM videos WHERE id = ?", [(v.id,) for v in gone])
                gen = int(self._meta("generation")) + 1
                # a current band index stays usable: a removed video's entries fall outside
                # every catalogued row range, and a search drops them
                if self._bands_named_current():
                    self._set_meta("bands_generation", gen)
                self._set_meta("generation", gen)
        return gone

    def compact(self) -> int:
        """Rewrite the arrays without the rows of removed videos (call inside `writing()`),
        then rebuild the band index. Returns the bytes reclaimed.

        The new arrays go to new files; one commit switches the catalogue to them (and moves
        each video's row ranges), so an interrupted compaction leaves the old index whole
        (its half-written files are deleted at the next write)."""
        rows_end, vpdq_end = int(self._meta("rows_end")), int(self._meta("vpdq_end"))
        videos = self.videos()
        if rows_end == sum(v.nrows for v in videos) and vpdq_end == sum(v.nvp for v in videos):
            return 0
        before = self.size_bytes()
        n = int(self.db.execute("SELECT value FROM meta WHERE key = 'compactions'").fetchone()[0]) \
            if self.db.execute("SELECT 1 FROM meta WHERE key = 'compactions'").fetchone() else 0
        suffix = f"-{n + 1}"
        old = [p for p, _, _ in self._files()]
        new = self._files(suffix)
        sources = (self.rows(), self.variants(), self.vpdq())
        moved, r_at, p_at = [], 0, 0
        handles = [open(p, "wb") for p, _, _ in new]
        try:
            for v in videos:
                for f, src, (a, k) in zip(handles, sources, ((v.row0, v.nrows), (v.row0, v.nrows),
                                                             (v.vp0, v.nvp))):
                    f.write(np.ascontiguousarray(src[a:a + k]).tobytes())
                moved.append((r_at, p_at, v.id))
                r_at, p_at = r_at + v.nrows, p_at + v.nvp
            for f in handles:
                f.flush()
                os.fsync(f.fileno())
        finally:
            for f in handles:
                f.close()
        del sources
        # the band index of the new arrays, under new names, before the switch: a search never
        # sees the new arrays without their band index
        gen = int(self._meta("generation")) + 1
        old += [self.dir / name for name in self._band_names()]
        new_rows = self._map(new[0][0].name, ROW_DTYPE, (), r_at)
        new_var = self._map(new[1][0].name, np.uint8, (self.n_variants, 32), r_at)
        band_suffix = f"-{gen}"
        self._write_bands(new_rows, new_var, np.ones(r_at, bool), band_suffix)
        del new_rows, new_var
        with self._tx():
            self.db.executemany("UPDATE videos SET row0 = ?, vp0 = ? WHERE id = ?", moved)
            self._set_meta("rows_end", r_at)
            self._set_meta("vpdq_end", p_at)
            for key, value in (("arrays", suffix), ("compactions", n + 1), ("bands", band_suffix),
                               ("bands_rows_end", r_at)):
                self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, str(value)))
            self._set_meta("generation", gen)
            self._set_meta("bands_generation", gen)
        for p in old:                # a search that still uses them holds them open
            p.unlink(missing_ok=True)
        return max(0, before - self.size_bytes())

    def close(self) -> None:
        self.db.close()

    def __del__(self) -> None:          # an index nobody closed: no unclosed-database warning
        db = getattr(self, "db", None)
        if db is not None:
            try:
                db.close()
            except Exception:  # noqa: BLE001 - interpreter shutting down
                pass


def _random_access(m: np.memmap) -> np.memmap:
    """A search reads scattered buckets and rows: tell the kernel not to read ahead around
    each one (by default a page fault reads up to 128 KiB, so scattered reads of a cold
    index would pull in most of the file)."""
    mm = getattr(m, "_mmap", None)
    if mm is not None and hasattr(mm, "madvise") and hasattr(mmap, "MADV_RANDOM"):
        try:
            mm.madvise(mmap.MADV_RANDOM)
        except OSError:
            pass
    return m


def index_analysis_config(cfg: IndexConfig):
    """The analysis parameters archive videos are hashed with: the defaults, without the
    people stage or a report, crop variants at the index's row rate."""
    from ..config import AnalysisConfig
    return AnalysisConfig().replace(people__enabled=False, report__pdf=False,
                                    hashing__variant_fps=cfg.row_fps)
