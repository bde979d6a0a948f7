"""Analyse videos into a case folder: findings.json, cached hashes and report.pdf.

Every input is opened read-only. An unreadable input is reported on one line and recorded in
findings.json `errors`; the other inputs are still analysed, and the exit status is 1.
With --recursive, folders are searched for videos by content (not by file extension); the
other files found are listed as skipped.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from .options import add_config_options, config_from_args

HELP = "analyse videos and write a case folder (findings.json, report.pdf)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="PATH",
                   help="video files, or folders with --recursive (opened read-only)")
    p.add_argument("-o", "--out", required=True, metavar="DIR", help="case folder to write")
    p.add_argument("-r", "--recursive", action="store_true",
                   help="analyse every video found (by content) in the folders given, "
                        "sub-folders included; other files are listed as skipped")
    p.add_argument("--json", action="store_true",
                   help="print a machine-readable summary of the run on stdout")
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


def _provenance(args: argparse.Namespace, files: list[str]) -> dict[str, dict[str, str]]:
    from .main import UsageError
    out: dict[str, dict[str, str]] = {}
    for key, option, values in (("source_url", "--source-url", args.source_url),
                                ("acquired_utc", "--acquired", args.acquired),
                                ("note", "--note", args.note)):
        for item in values:
            path, sep, value = item.partition("=")
            if not sep or path not in files:
                raise UsageError(f"{option} expects FILE=VALUE with FILE one of the inputs, "
                                 f"got {item!r}")
            out.setdefault(path, {})[key] = value
    return out


def summary(result, files: list[str], skipped, errors: list[dict[str, str]], out: str,
            status: int, written: bool) -> dict[str, Any]:
    """The `--json` summary: what was analysed, skipped and found, and where it was written."""
    case = os.path.abspath(out)
    return {
        "case_dir": case if written else None,
        "findings": os.path.join(case, "findings.json") if written else None,
        "report": os.path.join(case, "report.pdf")
        if written and result.parameters["report"]["pdf"] else None,
        "exit_status": status,
        "inputs": [{"path": i.path, "sha256": i.sha256, "duration_s": i.duration_s,
                    "frames": i.frame_count,
                    "shots": sum(1 for s in result.shots if s.video == i.path)}
                   for i in (result.inputs if result else ())],
        "errors": errors,
        "skipped": [{"path": s.path, "reason": s.reason} for s in skipped],
        "repeated_segments": [
            {"id": g.id, "kind": g.kind,
             "members": [{"video": m.video, "start_s": round(m.start_s, 3),
                          "end_s": round(m.end_s, 3)} for m in g.members]}
            for g in (result.repeated_segments if result else ())],
        "recurring_individuals": [
            {"id": i.id, "appearances": len(i.appearances)}
            for i in (result.recurring_individuals if result else ())],
    }


def run(args: argparse.Namespace) -> int:
    from vidforensics.discover import find_videos
    from vidforensics.pipeline import NothingAnalysed, analyze

    config = config_from_args(args)
    if args.keep_individual:
        config = config.replace(report__keep_individuals=tuple(args.keep_individual))
    files, skipped = find_videos(args.files, recursive=args.recursive, exclude=[args.out])
    provenance = _provenance(args, list(args.files) + files)
    if not args.quiet:
        for s in skipped:
            print(f"vidforensics: skipped {s.path}: {s.reason}", file=sys.stderr)
    if not files:
        print(f"vidforensics: no video found in {', '.join(args.files)}; nothing written",
              file=sys.stderr)
        if args.json:
            _print_json(summary(None, files, skipped, [], args.out, 1, False))
        return 1

    def progress(total: int, label: str):
        from tqdm import tqdm
        return tqdm(total=total, desc=label, unit="frame", file=sys.stderr, leave=False,
                    disable=args.quiet or None)

    errors: list[dict[str, str]] = []

    def on_error(e) -> None:
        errors.append({"path": e.path, "error": e.reason})
        hint = " (use --recursive to analyse the videos in a folder)" \
            if not args.recursive and os.path.isdir(e.path) else ""
        print(f"vidforensics: {e.path}: {e.reason}{hint}", file=sys.stderr)

    try:
        result = analyze(files, args.out, config=config, provenance=provenance,
                         progress=progress, on_error=on_error)
    except NothingAnalysed as e:
        print(f"vidforensics: {e}", file=sys.stderr)
        if args.json:
            _print_json(summary(None, files, skipped, errors, args.out, 1, False))
        return 1
    status = 1 if result.errors else 0
    if not args.quiet:
        print(f"{len(result.inputs)} of {len(files)} input(s) analysed; "
              f"{len(result.shots)} shots; {len(result.repeated_segments)} repeated-segment group(s); "
              f"{len(result.recurring_individuals)} recurring individual(s)", file=sys.stderr)
        print(f"case folder: {args.out}", file=sys.stderr)
    if args.json:
        _print_json(summary(result, files, skipped, [dict(e) for e in result.errors], args.out,
                            status, True))
    return status


def _print_json(data: dict[str, Any]) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    print()
