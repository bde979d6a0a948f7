"""Analyse videos into a case folder: findings.json (schema 1.0), cached hashes and report.pdf.

Every input is opened read-only. An unreadable input is reported on one line and recorded in
findings.json `errors`; the other inputs are still analysed, and the exit status is 1.
"""
from __future__ import annotations

import argparse
import os
import sys

from vidforensics.text import for_terminal

from .options import add_config_options, config_from_args

HELP = "analyse videos and write a case folder (findings.json, report.pdf)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="video files (opened read-only)")
    p.add_argument("--out", "-o", required=True, metavar="DIR", help="case folder to write")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar or summary")
    p.add_argument("--source-url", action="append", default=[], metavar="FILE=URL",
                   help="analyst-supplied source URL of an input (repeatable)")
    p.add_argument("--acquired", action="append", default=[], metavar="FILE=TIME",
                   help="analyst-supplied acquisition time of an input (repeatable)")
    p.add_argument("--note", action="append", default=[], metavar="FILE=TEXT",
                   help="analyst-supplied free-text note on an input (repeatable)")
    p.add_argument("--keep-individual", action="append", default=[], metavar="ID",
                   help="with --blur-faces: recurring individual (e.g. P1) whose face stays clear "
                        "(repeatable)")
    add_config_options(p)


def _input_named(path: str, files: list[str]) -> str | None:
    """The input `path` refers to: the same spelling, the same normalised path (`./x` and `x`),
    or the same file on disk."""
    if path in files:
        return path
    norm = os.path.normpath(os.path.abspath(path))
    for f in files:
        if os.path.normpath(os.path.abspath(f)) == norm:
            return f
    for f in files:
        try:
            if os.path.samefile(f, path):
                return f
        except OSError:
            continue
    return None


def _provenance(args: argparse.Namespace) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for key, option, values in (("source_url", "--source-url", args.source_url),
                                ("acquired_utc", "--acquired", args.acquired),
                                ("note", "--note", args.note)):
        for item in values:
            path, sep, value = item.partition("=")
            target = _input_named(path, args.files) if sep else None
            if target is None:
                raise SystemExit(f"vidforensics: error: {option} expects FILE=VALUE with FILE one "
                                 f"of the inputs, got {for_terminal(item)[:200]!r}")
            out.setdefault(target, {})[key] = value
    return out


def run(args: argparse.Namespace) -> int:
    from vidforensics.pipeline import NothingAnalysed, analyze

    config = config_from_args(args)
    if args.keep_individual:
        config = config.replace(report__keep_individuals=tuple(args.keep_individual))
    provenance = _provenance(args)

    def progress(total: int, label: str):
        from tqdm import tqdm
        return tqdm(total=total, desc=label, unit="frame", file=sys.stderr, leave=False,
                    disable=args.quiet or None)

    def on_error(e) -> None:
        print(f"vidforensics: {for_terminal(e.path)}: {for_terminal(e.reason)}", file=sys.stderr)

    try:
        result = analyze(args.files, args.out, config=config, provenance=provenance,
                         progress=progress, on_error=on_error)
    except NothingAnalysed as e:
        print(f"vidforensics: {e}", file=sys.stderr)
        return 1
    for info in result.inputs:
        for w in info.warnings:
            print(f"vidforensics: {for_terminal(info.path)}: warning: {for_terminal(w['message'])}",
                  file=sys.stderr)
    if not args.quiet:
        for d in result.identical_files:
            print(f"vidforensics: {for_terminal(d['path'])}: not analysed again ({d['relation']} as "
                  f"{for_terminal(d['same_as'])})", file=sys.stderr)
        print(f"{len(result.inputs)} of {len(args.files)} input(s) analysed; "
              f"{len(result.shots)} shots; {len(result.repeated_segments)} repeated-segment group(s); "
              f"{len(result.recurring_individuals)} recurring individual(s)", file=sys.stderr)
        print(f"case folder: {for_terminal(args.out)}", file=sys.stderr)
    return 1 if result.errors else 0
