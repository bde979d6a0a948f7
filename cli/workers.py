"""`--workers N` / `--scheduler ADDRESS`: run per-file decoding on a Dask cluster."""
from __future__ import annotations

import argparse
from contextlib import contextmanager, nullcontext
from typing import Any, Iterator

from vidforensics.config import DEFAULT_WORKERS


def add_worker_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("distribution (needs the 'dask' extra)")
    x = g.add_mutually_exclusive_group()
    x.add_argument("--workers", type=int, default=DEFAULT_WORKERS, metavar="N",
                   help="decode and hash files on a local Dask cluster of N worker processes "
                        "(default: %(default)s, in this process)")
    x.add_argument("--scheduler", metavar="ADDRESS",
                   help="decode and hash files on an existing Dask cluster, e.g. tcp://host:8786 "
                        "(every worker must read the files under the same paths)")


@contextmanager
def dask_client_from(args: argparse.Namespace) -> Iterator[Any]:
    """A Dask client when --workers/--scheduler asks for one, else None."""
    if args.workers < 0:
        raise ValueError("--workers must be 0 or more")
    if not args.workers and not args.scheduler:
        with nullcontext(None) as none:
            yield none
        return
    from vidforensics.distributed import dask_client
    with dask_client(args.workers, args.scheduler) as client:
        yield client
