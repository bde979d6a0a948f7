"""Analyse videos into a case folder: findings.json (schema 1.0), cached hashes and report.pdf.

Every input is opened read-only. An unreadable input is reported on one line and recorded in
findings.json `errors`; the other inputs are still analysed, and the exit status is 1.
"""
from __future__ import annotations

import argparse
import sys

from .options import add_config_options, config_from_args

HELP = "analyse videos and write a case folder (findings.json, report.pdf)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="video files (opened read-only)")
    p.add_argument("--out", "-o", required=True, metavar="DIR", help="case folder to write")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar or summary")
    p.add_argument("--source-url", action="append", default=[], metavar="FILE=URL",
                   help="analyst-supplied source URL of an input (repeatable)")
    p.add_argument("--acquired", action="append", default=[], metavar="FILE=TIME",
                   help="analyst-supplied acquisition time of an input, ISO 8601 (repeatable)")
    p.add_argument("--note", action="append", default=[], metavar="FILE=TEXT",
                   help="analyst-supplied free-text note on an input (repeatable)")
    c = p.add_argument_group("chain of custody (supplied by the analyst, not measured)")
    c.add_argument("--received-from", action="append", default=[], metavar="FILE=TEXT",
                   help="who the input was received from (repeatable)")
    c.add_argument("--received-by", action="append", default=[], metavar="FILE=TEXT",
                   help="who received the input (repeatable)")
    c.add_argument("--received-at", action="append", default=[], metavar="FILE=TIME",
                   help="when the input was received, ISO 8601 (e.g. 2026-11-20T10:00:00Z; repeatable)")
    c.add_argument("--sha256-at-receipt", action="append", default=[], metavar="FILE=HEX",
                   help="SHA-256 recorded when the input was received; set against the SHA-256 "
                        "measured now (repeatable)")
    c.add_argument("--custody", metavar="JSON",
                   help="sidecar file: a JSON object mapping each input (path as given, or file "
                        "name) to fields source_url, acquired_utc, received_from, received_by, "
                        "received_at, sha256_at_receipt, note; options above override it")
    p.add_argument("--keep-individual", action="append", default=[], metavar="ID",
                   help="with --blur-faces: recurring individual (e.g. P1) whose face stays clear "
                        "(repeatable)")
    add_config_options(p)


def _provenance(args: argparse.Namespace) -> dict[str, dict[str, str]]:
    from vidforensics.custody import ProvenanceError, check_provenance, load_sidecar, merge
    out: dict[str, dict[str, str]] = {}
    for key, option, values in (("source_url", "--source-url", args.source_url),
                                ("acquired_utc", "--acquired", args.acquired),
                                ("note", "--note", args.note),
                                ("received_from", "--received-from", args.received_from),
                                ("received_by", "--received-by", args.received_by),
                                ("received_at", "--received-at", args.received_at),
                                ("sha256_at_receipt", "--sha256-at-receipt", args.sha256_at_receipt)):
        for item in values:
            path, sep, value = item.partition("=")
            if not sep or path not in args.files:
                raise SystemExit(f"vidforensics: error: {option} expects FILE=VALUE with FILE one "
                                 f"of the inputs, got {item!r}")
            out.setdefault(path, {})[key] = value
    try:
        sidecar = load_sidecar(args.custody, args.files) if args.custody else {}
        return check_provenance(merge(sidecar, out), args.files)
    except ProvenanceError as e:
        raise SystemExit(f"vidforensics: error: {e}") from None


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
        result = analyze(args.files, args.out, config=config, provenance=provenance,
                         progress=progress, on_error=on_error,
                         invocation=getattr(args, "argv", None))
    except NothingAnalysed as e:
        print(f"vidforensics: {e}", file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"{len(result.inputs)} of {len(args.files)} input(s) analysed; "
              f"{len(result.shots)} shots; {len(result.repeated_segments)} repeated-segment group(s); "
              f"{len(result.recurring_individuals)} recurring individual(s)", file=sys.stderr)
        print(f"case folder: {args.out}", file=sys.stderr)
    return 1 if result.errors else 0
