"""`vidforensics` entry point: dispatches to one module per command."""
from __future__ import annotations

import argparse
import sys

from vidforensics import __version__

from . import analyze, export, index, probe, report, search

COMMANDS = {"probe": probe, "analyze": analyze, "report": report, "index": index,
            "search": search, "export": export}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vidforensics",
        description="Observations on downloaded footage for human review: metadata and SHA-256, "
                    "shots, dense perceptual hashes, repeated segments, recurring individuals, "
                    "and a PDF evidence report. It records measurements, never conclusions.")
    parser.add_argument("--version", action="version", version=f"vidforensics {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, module in COMMANDS.items():
        p = sub.add_parser(name, help=module.HELP, description=module.__doc__)
        module.add_arguments(p)
        p.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("vidforensics: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    except (ValueError, OSError) as e:       # bad option values, unusable paths: say what
        print(f"vidforensics: error: {one_line(e)}", file=sys.stderr)
        return 2
    except Exception as e:   # a last line of defence: one line, never a traceback
        print(f"vidforensics: internal error ({type(e).__name__}): {one_line(e)}", file=sys.stderr)
        return 2


def one_line(e: BaseException) -> str:
    return " ".join(str(e).split()) or type(e).__name__
