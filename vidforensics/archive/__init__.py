"""Archive scale: an embedded index of many hours of footage, searched by clip in seconds.

    index.ArchiveIndex   the index folder (SQLite catalogue + memory-mapped arrays + band index)
    add.add_paths        hash videos into it (incremental, resumable; locally or on Dask)
    search.search        where else does (part of) this clip appear?
    vpdq                 vPDQ feature files for exchange with hash-sharing tools

See docs/archive.md. Nothing here is imported by `import vidforensics`.
"""
from __future__ import annotations

__all__ = ["ArchiveIndex", "IndexError_", "add_paths", "search"]


def __getattr__(name: str):          # lazy: keep `import vidforensics.archive` light
    if name in ("ArchiveIndex", "IndexError_"):
        from . import index
        return getattr(index, name)
    if name == "add_paths":
        from .add import add_paths
        return add_paths
    if name == "search":
        from .search import search
        return search
    raise AttributeError(name)
