"""Export hashes for exchange with hash-sharing tools.

`--format vpdq` writes one vPDQ feature file per video (ThreatExchange's reference text
format: frame number, quality, PDQ hash, timestamp) plus manifest.json into --out. From an
index the PDQ hashes stored at `index add` are written; from a case folder the inputs are
read again (they must still have the SHA-256 recorded in the case).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vidforensics.text import for_terminal

HELP = "export vPDQ hash files from an index or a case folder"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", metavar="INDEX_OR_CASE", help="index folder or case folder")
    p.add_argument("--format", choices=["vpdq"], default="vpdq", help="output format (default: vpdq)")
    p.add_argument("--out", "-o", required=True, metavar="DIR", help="folder for the hash files")


def run(args: argparse.Namespace) -> int:
    from vidforensics.archive import vpdq
    from vidforensics.config import IndexConfig
    src = Path(args.source)
    errors: list[str] = []
    if (src / "catalogue.sqlite").exists():
        from vidforensics.archive.index import ArchiveIndex
        items = vpdq.from_index(ArchiveIndex(src))
    elif (src / "findings.json").exists():
        def on_error(path: str, reason: str) -> None:
            errors.append(path)
            print(f"vidforensics: {for_terminal(path)}: {for_terminal(reason)}", file=sys.stderr)
        items = vpdq.from_case(src, IndexConfig().vpdq_fps, on_error)
    else:
        raise ValueError(f"{src}: neither an index (catalogue.sqlite) nor a case folder (findings.json)")
    written = vpdq.write_files(args.out, items)
    print(f"{len(written)} vPDQ file(s) written to {for_terminal(args.out)}", file=sys.stderr)
    return 1 if errors else 0
