"""Find where clips appear in an archive index: every indexed video containing any part of
a clip, with the time range on both sides.

Robust to the edits `analyze` handles (crop, mirror, letterbox, overlay, speed change,
re-encode). `--json` prints {"hits": [...], "errors": [...], "not_searched": [...]} on
stdout. `--out DIR` also writes a case folder (findings.json, report.pdf) analysing the clips
together with the archive videos they were found in. A search runs on the index as it was
when it started, while other processes add, remove or compact. Exit status 1 when a clip
could not be read, or when some indexed videos could not be searched (added while the band
index was not yet rebuilt: listed in "not_searched" and on stderr).
"""
from __future__ import annotations

import argparse
import json
import sys

from vidforensics.text import for_terminal

HELP = "find where clips appear in an archive index"


UNSEARCHED_WHY = ("added after the band index was built (an `index add` is still running, or was "
                  "stopped before it rebuilt the band index: run `vidforensics index add` again)")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("index", metavar="INDEX", help="index folder (made with `index add`)")
    p.add_argument("clips", nargs="+", metavar="CLIP", help="video clips to look for (opened read-only)")
    p.add_argument("--json", action="store_true", help="print the hits as JSON on stdout")
    p.add_argument("--out", "-o", metavar="DIR",
                   help="also write a case folder analysing the clips with the videos found")


def run(args: argparse.Namespace) -> int:
    from vidforensics.archive.index import ArchiveIndex
    from vidforensics.archive.search import search
    index = ArchiveIndex(args.index)

    def on_error(path: str, reason: str) -> None:
        print(f"vidforensics: {for_terminal(path)}: {for_terminal(reason)}", file=sys.stderr)

    with index.reading():                 # the hits and the list below describe one index state
        hits, errors = search(index, args.clips, on_error=on_error)
        unsearched = index.unsearchable()
    if unsearched:
        print(f"vidforensics: {len(unsearched)} indexed video(s) were not searched: {UNSEARCHED_WHY}",
              file=sys.stderr)
    if args.json:
        json.dump({"hits": [h.to_dict() for h in hits],
                   "errors": [{"clip": c, "error": e} for c, e in errors],
                   "not_searched": [{"video": v.path, "sha256": v.sha256, "reason": UNSEARCHED_WHY}
                                    for v in unsearched]},
                  sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        for h in hits:
            print(f"{for_terminal(h.clip)} {h.clip_start_s:.2f}-{h.clip_end_s:.2f} s  ~  {for_terminal(h.video)} "
                  f"{h.start_s:.2f}-{h.end_s:.2f} s  ({h.kind}, {h.evidence['aligned_frames']} frames, "
                  f"median {h.evidence['median_distance']} bits)")
        print(f"{len(hits)} hit(s) for {len(args.clips) - len(errors)} clip(s)", file=sys.stderr)
    if args.out and not hits:
        print(f"no hit: no case folder written to {args.out}", file=sys.stderr)
    if args.out and hits:
        from vidforensics.pipeline import analyze
        from vidforensics.archive.search import clip_config
        videos = list(dict.fromkeys([h.clip for h in hits] + [h.video for h in hits]))
        cfg = clip_config(index).replace(report__pdf=True)
        analyze(videos, args.out, config=cfg, on_error=lambda e: on_error(e.path, e.reason))
        print(f"case folder: {for_terminal(args.out)}", file=sys.stderr)
    return 1 if errors or unsearched else 0
