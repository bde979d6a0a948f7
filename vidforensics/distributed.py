"""Distributed batch on Dask: decode and hash one file per task on the workers.

`--workers N` starts a local Dask cluster (N worker processes, one thread each: FFmpeg and
NumPy use the cores themselves); `--scheduler ADDRESS` uses an existing cluster. Results
come back in the order the files were given; a file that fails on a worker (unreadable
input, or a worker lost) becomes that file's error and the others go on.

A multi-machine cluster needs every worker to read the input files under the same path
(shared storage: NFS, SMB, a cluster file system, or identical copies) and the same
vidforensics version installed; only hash arrays travel back to the client, and the index
or case folder is written by the client alone.

Needs the optional extra: `pip install vidforensics[dask]`.
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Sequence

from .types import InputError

log = logging.getLogger("vidforensics")


class DaskUnavailable(ValueError):
    """Dask is not installed or the scheduler cannot be reached. `str()` is one line."""


@contextmanager
def dask_client(workers: int = 0, scheduler: str | None = None,
                timeout_s: float = 10) -> Iterator[Any]:
    """A `distributed.Client` on a new local cluster of `workers` processes or on `scheduler`."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise DaskUnavailable("Dask is not installed: pip install 'vidforensics[dask]'") from None
    if scheduler:
        _check_reachable(scheduler)
        try:
            client = Client(scheduler, timeout=timeout_s)
        except (OSError, TimeoutError) as e:
            raise DaskUnavailable(f"cannot reach the Dask scheduler at {scheduler} ({e})") from None
        try:
            yield client
        finally:
            client.close()
        return
    if workers < 1:
        raise ValueError("a local Dask cluster needs at least one worker")
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    try:
        with Client(cluster, timeout=timeout_s) as client:
            yield client
    finally:
        cluster.close()


def _check_reachable(address: str, timeout_s: float = 5) -> None:
    """Fail at once, in one line, when nothing listens at a tcp:// scheduler address."""
    import socket
    from urllib.parse import urlsplit
    u = urlsplit(address if "://" in address else f"tcp://{address}")
    if u.scheme != "tcp" or not u.hostname or not u.port:
        return                                   # other protocols: let Dask try
    try:
        socket.create_connection((u.hostname, u.port), timeout=timeout_s).close()
    except OSError as e:
        raise DaskUnavailable(f"cannot reach the Dask scheduler at {address} "
                              f"({e.strerror or e})") from None


def _failure(path: str, exc: BaseException) -> InputError:
    if isinstance(exc, InputError):
        return exc
    reason = " ".join(str(exc).split()) or type(exc).__name__
    return InputError(path, f"failed on a Dask worker ({type(exc).__name__}: {reason})")


def map_in_order(client, fn: Callable, paths: Sequence[str], *args: Any
                 ) -> Iterator[tuple[str, Any]]:
    """Run `fn(path, *args)` per path on the cluster; yield (path, result or InputError) in
    the order of `paths` as each becomes ready."""
    futures = [client.submit(fn, p, *args, key=f"vidforensics-{k}-{p}", pure=False)
               for k, p in enumerate(paths)]
    try:
        for p, fut in zip(paths, futures):
            try:
                yield p, fut.result()
            except Exception as e:           # the task's own exception, re-raised here
                yield p, _failure(p, e)
    finally:
        for fut in futures:
            fut.cancel()


def index_runner(client) -> Callable[[list[str], dict, dict], Iterator[tuple[str, Any]]]:
    """A runner for `archive.add.add_paths` that decodes on the cluster."""
    from .archive.add import hash_for_index

    def run(paths: list[str], analysis: dict, index_cfg: dict):
        return map_in_order(client, hash_for_index, paths, analysis, index_cfg)
    return run


def analyze_one(path: str, analysis: dict, case_dir: str | None):
    """`pipeline.analyze_video` on a worker (the case cache is used when it is reachable)."""
    from .config import AnalysisConfig
    from .pipeline import analyze_video
    from .store import CaseStore
    cfg = AnalysisConfig.from_dict(analysis)
    people = None
    if cfg.people.enabled:
        from .people import PeopleAnalyzer
        people = PeopleAnalyzer(cfg.people)
    return analyze_video(path, cfg, CaseStore(case_dir) if case_dir else None, people)


def analysis_runner(client) -> Callable:
    """A runner for `pipeline.analyze(..., runner=...)`: per-file analysis on the cluster."""
    def run(paths: list[str], cfg, case_dir):
        return map_in_order(client, analyze_one, paths, cfg.to_dict(),
                            str(case_dir) if case_dir is not None else None)
    return run
