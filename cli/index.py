"""Build and inspect an archive index: hashes of many videos, searched with `search`.

`index add INDEX PATH...` hashes videos into the index folder INDEX (created on first use):
a file already in the index with the same SHA-256 and parameters is not decoded again;
each file is committed when it is done, so an interrupted add keeps every file finished;
an unreadable file is listed and skipped (exit status 1). `index list` shows what is in,
`index remove` takes videos out (by path or SHA-256 prefix) and reclaims their space;
`index compact` reclaims space removals left in an index made by an earlier version.
Files are only read.
"""
from __future__ import annotations

import argparse
import json
import sys

from vidforensics.text import for_terminal

from .workers import add_worker_options, dask_client_from

HELP = "add videos to an archive index, list, remove or compact them"


def add_arguments(p: argparse.ArgumentParser) -> None:
    from .main import HelpFormatter, common_options
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    common = {"parents": [common_options()], "formatter_class": HelpFormatter}
    a = sub.add_parser("add", help="hash videos into the index (created if absent)",
                       description="Hash videos into the index folder (created if absent).", **common)
    a.add_argument("index", metavar="INDEX", help="index folder")
    a.add_argument("paths", nargs="+", metavar="PATH", help="video files or (with --recursive) folders")
    a.add_argument("--recursive", "-r", action="store_true", help="walk folders for video files")
    add_worker_options(a)
    ls = sub.add_parser("list", help="list the indexed videos", description="List the indexed videos.",
                        **common)
    ls.add_argument("index", metavar="INDEX", help="index folder")
    ls.add_argument("--json", action="store_true", help="print JSON")
    rm = sub.add_parser("remove", help="remove videos from the index",
                        description="Remove videos (by path or SHA-256 prefix of 8+ digits).",
                        **common)
    rm.add_argument("index", metavar="INDEX", help="index folder")
    rm.add_argument("videos", nargs="+", metavar="PATH_OR_SHA256")
    cp = sub.add_parser("compact", help="reclaim the space of removed videos",
                        description="Rewrite the index without the rows of removed videos "
                                    "(`remove` does this itself; an interrupted run changes nothing).",
                        **common)
    cp.add_argument("index", metavar="INDEX", help="index folder")


def run(args: argparse.Namespace) -> int:
    from vidforensics.archive.index import ArchiveIndex
    if args.action == "add":
        return _add(args)
    index = ArchiveIndex(args.index)
    if args.action == "list":
        vids = index.videos()
        if args.json:
            json.dump({"videos": [{"path": v.path, "sha256": v.sha256, "duration_s": v.duration_s,
                                   "frames_kept": v.nrows, "vpdq_frames": v.nvp, "added_utc": v.added_utc}
                                  for v in vids],
                       "errors": [{"path": p, "error": e, "when_utc": w} for p, e, w in index.errors()],
                       "size_bytes": index.size_bytes()}, sys.stdout, indent=2, ensure_ascii=False)
            print()
            return 0
        for v in vids:
            print(f"{v.sha256[:12]}  {v.duration_s:9.1f} s  {for_terminal(v.path)}")
        hours = sum(v.duration_s for v in vids) / 3600
        print(f"{len(vids)} video(s), {hours:.2f} h, {index.size_bytes() / 1e6:.1f} MB on disk",
              file=sys.stderr)
        for p, e, _ in index.errors():
            print(f"not indexed: {for_terminal(p)}: {for_terminal(e)}", file=sys.stderr)
        return 0
    if args.action == "compact":
        with index.writing():
            freed = index.compact()
            if not index.bands_current():
                index.build_bands()
        print(f"{freed / 1e6:.1f} MB reclaimed; {index.size_bytes() / 1e6:.1f} MB on disk", file=sys.stderr)
        return 0
    with index.writing():
        gone = index.remove(args.videos)
        index.compact()
        if not index.bands_current():
            index.build_bands()
    for v in gone:
        print(f"removed {for_terminal(v.path)} ({v.sha256[:12]})", file=sys.stderr)
    missing = [s for s in args.videos if not any(s in (v.path, ) or v.sha256.startswith(s.lower())
                                                  for v in gone)]
    for s in missing:
        print(f"vidforensics: {for_terminal(s)}: not in the index", file=sys.stderr)
    return 1 if missing else 0


def _add(args: argparse.Namespace) -> int:
    from vidforensics.archive.add import add_paths
    from vidforensics.archive.index import ArchiveIndex
    index = ArchiveIndex(args.index, create=True)

    def on_error(path: str, reason: str) -> None:
        print(f"vidforensics: {for_terminal(path)}: {for_terminal(reason)}", file=sys.stderr)

    def on_added(path: str) -> None:
        if not args.quiet:
            print(f"added {for_terminal(path)}", file=sys.stderr)

    with dask_client_from(args) as client:
        runner = None
        if client is not None:
            from vidforensics.distributed import index_runner
            runner = index_runner(client)
        rep = add_paths(index, args.paths, recursive=args.recursive, runner=runner,
                        on_error=on_error, on_added=on_added)
    if not args.quiet:
        print(f"{len(rep.added)} added, {len(rep.skipped)} already indexed, {len(rep.errors)} "
              f"not indexed; {len(index.videos())} video(s) in {for_terminal(args.index)}", file=sys.stderr)
    return 1 if rep.errors else 0
