"""Re-render report.pdf from a case folder's findings.json (decodes only the frames it shows)."""
from __future__ import annotations

import argparse

HELP = "re-render DIR/report.pdf from DIR/findings.json"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("case", metavar="DIR", help="case folder written by `vidforensics analyze`")
    p.add_argument("--title", help="case title on the cover (default: as recorded)")
    p.add_argument("--analyst", help="analyst name on the cover (default: as recorded)")


def run(args: argparse.Namespace) -> int:
    from vidforensics.report import render_case
    path = render_case(args.case, title=args.title, analyst=args.analyst)
    print(path)
    return 0
