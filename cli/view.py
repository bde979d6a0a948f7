"""Open the case viewer: DIR/viewer.html, an offline page that plays two members of a
repeated-segment group side by side in step and shows each recurring individual's crops.

Before opening it, every input is looked up (as recorded, then relative to the case folder's
parent) and its SHA-256 compared with the recorded one; the result is printed and handed to
the page, which cannot hash files itself. viewer.html is rewritten only when the inputs'
locations changed. findings.json and the report are never touched.
"""
from __future__ import annotations

import argparse
import sys

from vidforensics.text import for_terminal

HELP = "open the offline case viewer (DIR/viewer.html) after checking the inputs' SHA-256"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("case", metavar="DIR", help="case folder written by `vidforensics analyze`")
    p.add_argument("--no-open", action="store_true",
                   help="do not start a browser; print the page's address only")
    p.add_argument("--excerpts", action="store_true",
                   help="also store short WebM (VP8) excerpts of every group member in DIR/excerpts/, "
                        "played when a browser cannot play an original (e.g. HEVC); re-encoded, "
                        "for viewing only")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from vidforensics.result import load
    from vidforensics.store import write_text_atomic
    from vidforensics.viewer import VIEWER_NAME, check_inputs, fragment, viewer_html

    case = Path(args.case)
    result = load(case)
    excerpts = None
    if args.excerpts:
        from vidforensics.viewer.excerpts import write_excerpts
        excerpts = write_excerpts(result, case)
    else:
        from vidforensics.viewer.excerpts import existing_excerpts
        excerpts = existing_excerpts(result, case)
    page = viewer_html(result, case, excerpts)
    target = case / VIEWER_NAME
    try:
        same = target.read_text(encoding="utf-8") == page
    except OSError:
        same = False
    if not same:
        write_text_atomic(target, page)
    check = check_inputs(result, case)
    bad = 0
    for info, status in zip(result.inputs, check["status"]):
        text = {"matches": "SHA-256 matches the recorded one",
                "differs": "SHA-256 DIFFERS from the recorded one (not the file analysed)",
                "missing": "not found"}[status]
        bad += status != "matches"
        print(f"{for_terminal(info.path)}: {text}", file=sys.stderr)
    url = target.resolve().as_uri() + fragment(check)
    print(url)
    if not args.no_open:
        import webbrowser
        if not webbrowser.open(url):
            print("vidforensics: no browser could be started; open the address above", file=sys.stderr)
    return 1 if bad else 0
