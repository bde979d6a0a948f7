"""Analyse videos into a case folder: findings.json (schema 1.0), cached hashes and report.pdf.

Every input is opened read-only. An unreadable input is reported on one line and recorded in
findings.json `errors`; the other inputs are still analysed, and the exit status is 1.
"""
from __future__ import annotations

import argparse
import sys

from .options import add_config_options, config_from_args
from .workers import add_worker_options, dask_client_from

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
    add_worker_options(p)


def _provenance(args: argparse.Namespace) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for key, option, values in (("source_url", "--source-url", args.source_url),
                                ("acquired_utc", "--acquired", args.acquired),
                                ("note", "--note", args.note)):
        for item in values:
            path, sep, value = item.partition("=")
            if not sep or path not in args.files:
                raise SystemExit(f"vidforensics: error: {option} expects FILE=VALUE with FILE one "
                                 f"of the inputs, got {item!r}")
            out.setdefault(path, {})[key] = value
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
        print(f"vidforensics: {e.path}: {e.reason}", file=sys.stderr)

    try:
        with dask_client_from(args) as client:
            runner = None
            if client is not None:
                from vidforensics.distributed import analysis_runner
                runner = analysis_runner(client)
            result = analyze(args.files, args.out, config=config, provenance=provenance,
                             progress=progress, on_error=on_error, runner=runner)
    except NothingAnalysed as e:
        print(f"vidforensics: {e}", file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"{len(result.inputs)} of {len(args.files)} input(s) analysed; "
              f"{len(result.shots)} shots; {len(result.repeated_segments)} repeated-segment group(s); "
              f"{len(result.recurring_individuals)} recurring individual(s)", file=sys.stderr)
        print(f"case folder: {args.out}", file=sys.stderr)
    return 1 if result.errors else 0
