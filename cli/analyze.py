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

from vidforensics.text import for_terminal

from .options import add_config_options, config_from_args
from .workers import add_worker_options, dask_client_from

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
    add_worker_options(p)


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


def _provenance(args: argparse.Namespace, files: list[str]) -> dict[str, dict[str, str]]:
    from vidforensics.custody import ProvenanceError, check_provenance, load_sidecar, merge

    from .main import UsageError
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
            target = _input_named(path, files) if sep else None
            if target is None:
                raise UsageError(f"{option} expects FILE=VALUE with FILE one of the inputs, "
                                 f"got {for_terminal(item)[:200]!r}")
            out.setdefault(target, {})[key] = value
    try:
        sidecar = load_sidecar(args.custody, files) if args.custody else {}
        return check_provenance(merge(sidecar, out), files)
    except ProvenanceError as e:
        raise UsageError(str(e)) from None


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
            print(f"vidforensics: skipped {for_terminal(s.path)}: {for_terminal(s.reason)}",
                  file=sys.stderr)
    if not files:
        print(f"vidforensics: no video found in {for_terminal(', '.join(args.files))}; nothing written",
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
        print(f"vidforensics: {for_terminal(e.path)}: {for_terminal(e.reason)}{hint}", file=sys.stderr)

    try:
        with dask_client_from(args) as client:
            runner = None
            if client is not None:
                from vidforensics.distributed import analysis_runner
                runner = analysis_runner(client)
            result = analyze(files, args.out, config=config, provenance=provenance,
                             progress=progress, on_error=on_error,
                             invocation=getattr(args, "argv", None), runner=runner)
    except NothingAnalysed as e:
        print(f"vidforensics: {e}", file=sys.stderr)
        if args.json:
            _print_json(summary(None, files, skipped, errors, args.out, 1, False))
        return 1
    status = 1 if result.errors else 0
    if not args.quiet:       # damage warnings and identical files: logged by the library
        print(f"{len(result.inputs)} of {len(files)} input(s) analysed; "
              f"{len(result.shots)} shots; {len(result.repeated_segments)} repeated-segment group(s); "
              f"{len(result.recurring_individuals)} recurring individual(s)", file=sys.stderr)
        print(f"case folder: {for_terminal(args.out)}", file=sys.stderr)
    if args.json:
        _print_json(summary(result, files, skipped, [dict(e) for e in result.errors], args.out,
                            status, True))
    return status


def _print_json(data: dict[str, Any]) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    print()
