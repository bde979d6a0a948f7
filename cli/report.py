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
    p.add_argument("--allow-missing-inputs", action="store_true",
                   help="write the report even when an input is missing or has changed since the "
                        "analysis (its frames are left out); without it such a case's report.pdf "
                        "is left unchanged and the exit status is 1")


def run(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from vidforensics.report import InputsUnavailable, render_case
    from vidforensics.text import for_terminal
    if not (Path(args.case) / "findings.json").is_file():
        raise SystemExit(f"vidforensics: {for_terminal(args.case)}: no findings.json (not a case folder)")
    keep = tuple(args.keep_individual) if args.keep_individual else None
    try:
        path = render_case(args.case, title=args.title, analyst=args.analyst,
                           blur_faces=args.blur_faces, keep_individuals=keep,
                           allow_missing=args.allow_missing_inputs)
    except InputsUnavailable as e:
        print(f"vidforensics: {e}", file=sys.stderr)
        return 1
    print(for_terminal(str(path)))
    return 0
