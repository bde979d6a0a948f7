"""Print what was read from each file: SHA-256, container and stream metadata."""
from __future__ import annotations

import argparse
import json
import sys

HELP = "print SHA-256 and container/stream metadata of video files"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="video files (opened read-only)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")


def run(args: argparse.Namespace) -> int:
    from vidforensics.probe import probe
    from vidforensics.text import for_terminal
    from vidforensics.types import InputError

    infos, errors = [], []
    for path in args.files:
        try:
            infos.append(probe(path))
        except InputError as e:
            errors.append({"path": path, "error": e.reason})
            print(f"vidforensics: {for_terminal(path)}: {for_terminal(e.reason)}", file=sys.stderr)
    if args.json:
        json.dump({"inputs": [i.to_json() for i in infos], "errors": errors}, sys.stdout,
                  indent=2, ensure_ascii=False)
        print()
    else:
        for i in infos:
            rows = [("file", i.path), ("sha256", i.sha256), ("size", f"{i.size_bytes:,} bytes"),
                    ("container", i.container), ("video codec", i.video_codec),
                    ("size (coded)", f"{i.width}x{i.height}"), ("rotation", f"{i.rotation}°"),
                    ("frame rate", f"{i.frame_rate} ({float(i.frame_rate or 0):.3f}/s)"
                     + (", variable" if i.variable_frame_rate else "")),
                    ("time base", str(i.time_base)), ("duration", f"{i.duration_s:.3f} s"),
                    ("frames", str(i.frame_count)), ("audio", "yes" if i.has_audio else "no")]
            rows += [(f"tag {k}", v) for k, v in i.metadata.get("container_tags", {}).items()]
            rows = [(for_terminal(k), for_terminal(v)) for k, v in rows]   # names, tags: escaped
            width = max(len(k) for k, _ in rows)
            print("\n".join(f"{k:<{width}}  {v}" for k, v in rows))
            print()
    return 1 if errors else 0
