"""Re-render report.pdf from a case folder's findings.json (decodes only the frames it shows)."""
from __future__ import annotations

import argparse

HELP = "re-render DIR/report.pdf from DIR/findings.json"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("case", metavar="DIR", help="case folder written by `vidforensics analyze`")
    p.add_argument("--title", help="case title on the cover (default: as recorded)")
    p.add_argument("--analyst", help="analyst name on the cover (default: as recorded)")
    p.add_argument("--blur-faces", action=argparse.BooleanOptionalAction, default=None,
                   help="blur every face in the report's images except those of --keep-individual "
                        "(default: as recorded)")
    p.add_argument("--keep-individual", action="append", metavar="ID",
                   help="recurring individual (e.g. P1) whose face stays clear when blurring (repeatable)")


def run(args: argparse.Namespace) -> int:
    from vidforensics.report import render_case
    from pathlib import Path
    if not (Path(args.case) / "findings.json").is_file():
        raise SystemExit(f"vidforensics: {args.case}: no findings.json (not a case folder)")
    keep = tuple(args.keep_individual) if args.keep_individual else None
    path = render_case(args.case, title=args.title, analyst=args.analyst, blur_faces=args.blur_faces,
                       keep_individuals=keep)
    print(path)
    return 0
