"""`vidforensics` entry point: dispatches to one module per command."""
from __future__ import annotations

import argparse
import signal
import sys

from vidforensics import __version__

from . import analyze, probe, report

COMMANDS = {"probe": probe, "analyze": analyze, "report": report}


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


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that a run cleans up what it wrote."""


def _on_sigterm(signum, frame):
    raise Terminated()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        signal.signal(signal.SIGTERM, _on_sigterm)
    except (ValueError, OSError):       # not the main thread
        pass
    try:
        return args.run(args)
    except Terminated:
        print("vidforensics: terminated", file=sys.stderr)
        return 143
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
    from vidforensics.text import for_terminal
    return for_terminal(" ".join(str(e).split())) or type(e).__name__
