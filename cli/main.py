"""`vidforensics` entry point: common options, logging, exit codes; one module per command."""
from __future__ import annotations

import argparse
import logging
import signal
import sys

from vidforensics import __version__

from . import analyze, export, index, probe, report, search, view

COMMANDS = {"probe": probe, "analyze": analyze, "report": report, "view": view, "index": index,
            "search": search, "export": export}

# exit statuses (documented in the epilog, hence in docs/cli.md)
EXIT_OK, EXIT_INPUTS, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
EXIT_TERMINATED = 143
EXIT_CODES = f"""exit status:
  {EXIT_OK}    success: every input was read and analysed
  {EXIT_INPUTS}    some input could not be analysed (each named on stderr); with none analysed,
       nothing is written; for report: an input is missing or changed, report.pdf left as it was
  {EXIT_USAGE}    usage error: unknown option, value out of range, unusable output folder
  {EXIT_INTERNAL}    internal error (a bug: please report it with the command line)
  {EXIT_INTERRUPTED}  interrupted (Ctrl-C)
  {EXIT_TERMINATED}  terminated (SIGTERM); an interrupted run leaves the previous case as it was"""

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class UsageError(Exception):
    """A bad option value found after parsing. `str()` is one line; exit status 2."""


class HelpFormatter(argparse.HelpFormatter):
    """One help layout on every supported Python ("-o, --out DIR", as 3.13 writes it), so
    docs/cli.md is the same whichever interpreter generates it."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=30, width=100)

    def _format_usage(self, usage, actions, groups, prefix) -> str:
        """The usage line, wrapped by this class rather than by argparse (whose wrapping of
        option groups differs between Python 3.11 and 3.13); no option is split over lines."""
        if usage is not None:
            return super()._format_usage(usage, actions, groups, prefix)
        parts = [self._prog]
        for action in actions:
            if action.help is argparse.SUPPRESS:
                continue
            if not action.option_strings:
                parts.append(self._format_args(action, self._get_default_metavar_for_positional(action)))
                continue
            if isinstance(action, argparse.BooleanOptionalAction):
                text = " | ".join(action.option_strings)
            elif action.nargs == 0:
                text = action.option_strings[0]
            else:
                text = f"{action.option_strings[0]} " + self._format_args(
                    action, self._get_default_metavar_for_optional(action))
            parts.append(text if action.required else f"[{text}]")
        lines, line = [], ""
        indent = " " * (len("usage: ") + len(self._prog) + 1)
        for part in parts:
            if line and len(line) + 1 + len(part) > self._width - 2:
                lines.append(line)
                line = indent + part
            else:
                line = f"{line} {part}" if line else part
        lines.append(line)
        return (prefix if prefix is not None else "usage: ") + "\n".join(lines) + "\n\n"

    def _format_action_invocation(self, action: argparse.Action) -> str:
        if not action.option_strings:                      # a positional: its metavar
            return super()._format_action_invocation(action)
        names = ", ".join(action.option_strings)
        if action.nargs == 0:                              # a flag
            return names
        return f"{names} {self._format_args(action, self._get_default_metavar_for_optional(action))}"


class _RawEpilog(HelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Keeps the exit-status table's line breaks."""


def common_options() -> argparse.ArgumentParser:
    """-v/--verbose, --log-level and -q/--quiet, accepted before or after the command."""
    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group("logging options")
    g.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS,
                   help="more detail on stderr: -v notes what each stage did, -vv debugging detail")
    g.add_argument("--log-level", type=str.upper, choices=LOG_LEVELS, metavar="LEVEL",
                   default=argparse.SUPPRESS,
                   help="log threshold: DEBUG, INFO, WARNING or ERROR (overrides -v and -q; "
                        "default WARNING)")
    g.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                   help="errors only: no progress bar, no summary, no warnings")
    return p


def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    parser = argparse.ArgumentParser(
        prog="vidforensics", formatter_class=_RawEpilog, parents=[common],
        epilog=EXIT_CODES + "\n\nEvery command has --help.",
        description="Observations on downloaded footage for human review: metadata and SHA-256,\n"
                    "shots, dense perceptual hashes, repeated segments, recurring individuals,\n"
                    "and a PDF evidence report. It records measurements, never conclusions.")
    parser.add_argument("-V", "--version", action="version", version=f"vidforensics {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, module in COMMANDS.items():
        p = sub.add_parser(name, help=module.HELP, description=module.__doc__, parents=[common],
                           formatter_class=HelpFormatter)
        module.add_arguments(p)
        p.set_defaults(run=module.run)
    return parser


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        text = " ".join(record.getMessage().split()) if record.levelno >= logging.WARNING \
            else record.getMessage()
        return f"vidforensics: {record.levelname.lower()}: {text}"


def setup_logging(args: argparse.Namespace) -> None:
    """Library log lines (logger "vidforensics") and Python warnings go to stderr with a
    `vidforensics:` prefix, at the level the options ask for."""
    level = logging.WARNING
    if args.quiet:
        level = logging.ERROR
    if args.verbose:
        level = logging.INFO if args.verbose == 1 else logging.DEBUG
    if args.log_level:
        level = getattr(logging, args.log_level)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    logging.captureWarnings(True)
    for name in ("vidforensics", "py.warnings"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that a run cleans up what it wrote."""


def _on_sigterm(signum, frame):
    raise Terminated()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)          # usage errors: argparse prints them, exit status 2
    args.argv = list(sys.argv[1:] if argv is None else argv)     # recorded to reproduce the run
    for name, default in (("verbose", 0), ("log_level", None), ("quiet", False)):
        if not hasattr(args, name):
            setattr(args, name, default)
    setup_logging(args)
    try:
        signal.signal(signal.SIGTERM, _on_sigterm)
    except (ValueError, OSError):       # not the main thread
        pass
    try:
        return args.run(args)
    except Terminated:
        print("vidforensics: terminated", file=sys.stderr)
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        print("vidforensics: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_INPUTS
    except (UsageError, ValueError, OSError) as e:  # bad option values, unusable paths: say what
        print(f"vidforensics: error: {one_line(e)}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as e:   # a last line of defence: one line, never a traceback
        print(f"vidforensics: internal error ({type(e).__name__}): {one_line(e)}", file=sys.stderr)
        return EXIT_INTERNAL


def one_line(e: BaseException) -> str:
    from vidforensics.text import for_terminal
    return for_terminal(" ".join(str(e).split())) or type(e).__name__
