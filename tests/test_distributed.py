"""A real Dask cluster on localhost: one `dask scheduler` and two `dask worker` processes
(random free ports, bounded waits, always stopped), and an `index add` through its address."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("distributed")

from vidforensics.archive.index import ArchiveIndex  # noqa: E402
from vidforensics_cli.main import main  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_workers(address: str, n: int, timeout: float) -> None:
    from distributed import Client
    with Client(address, timeout=timeout) as c:
        c.wait_for_workers(n, timeout=timeout)


@pytest.fixture()
def cluster(tmp_path):
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    logs = [open(tmp_path / f"dask-{k}.log", "w") for k in range(3)]
    procs = [subprocess.Popen([sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1",
                               "--port", str(port), "--no-dashboard"],
                              stdout=logs[0], stderr=subprocess.STDOUT, env=env)]
    try:
        deadline = time.monotonic() + 30
        while True:                                   # the scheduler listens
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or procs[0].poll() is not None:
                    pytest.fail("the Dask scheduler did not start: "
                                + (tmp_path / "dask-0.log").read_text()[-500:])
                time.sleep(0.2)
        for k in (1, 2):
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "dask", "worker", address, "--no-nanny", "--nthreads", "1",
                 "--no-dashboard", "--name", f"w{k}", "--local-directory", str(tmp_path / f"w{k}")],
                stdout=logs[k], stderr=subprocess.STDOUT, env=env))
        _wait_for_workers(address, 2, timeout=60)
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in reversed(procs):
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=5)
        for f in logs:
            f.close()


def test_index_add_through_a_dask_scheduler(cluster, tmp_path, samples):
    files = tmp_path / "in"
    files.mkdir()
    for n in ("other.webm", "vfr.mkv"):
        (files / n).write_bytes((samples / n).read_bytes())
    (files / "broken.mkv").write_bytes(b"\x1a\x45\xdf\xa3 not really matroska" * 50)
    paths = [str(files / n) for n in ("other.webm", "broken.mkv", "vfr.mkv")]
    rc = main(["index", "add", str(tmp_path / "dask-idx"), *paths, "--scheduler", cluster, "-q"])
    assert rc == 1                                     # the broken file is reported ...
    remote = ArchiveIndex(tmp_path / "dask-idx")
    assert [Path(v.path).name for v in remote.videos()] == ["other.webm", "vfr.mkv"]   # ... in order
    assert [Path(p).name for p, _, _ in remote.errors()] == ["broken.mkv"]
    # the workers computed exactly what this process computes
    assert main(["index", "add", str(tmp_path / "local-idx"), *paths, "-q"]) == 1
    local = ArchiveIndex(tmp_path / "local-idx")
    assert np.array_equal(np.asarray(remote.rows()), np.asarray(local.rows()))
    assert np.array_equal(np.asarray(remote.variants()), np.asarray(local.variants()))
    assert np.array_equal(np.asarray(remote.vpdq()), np.asarray(local.vpdq()))


def test_unreachable_scheduler_is_one_line(tmp_path, samples, capsys):
    rc = main(["index", "add", str(tmp_path / "i"), str(samples / "vfr.mkv"),
               "--scheduler", f"tcp://127.0.0.1:{_free_port()}"])
    assert rc == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Dask scheduler" in err[0]


def test_analyze_runner_results_in_order_and_failures_reported(tmp_path, samples, light_config):
    """`pipeline.analyze(runner=...)`, the hook --workers uses: files analysed elsewhere come
    back in order, a failed one is an error entry, the same file twice is analysed once."""
    from vidforensics.distributed import analyze_one
    from vidforensics.pipeline import analyze
    from vidforensics.types import InputError
    calls = []

    def runner(paths, cfg, out):
        calls.append(list(paths))
        for p in paths:
            if p.endswith("missing.mp4"):
                yield p, InputError(p, "no such file")
            else:
                yield p, analyze_one(p, cfg.to_dict(), str(out))
    vfr = str(samples / "vfr.mkv")
    bad = str(tmp_path / "missing.mp4")
    errors = []
    res = analyze([vfr, bad, vfr], tmp_path / "case", config=light_config, runner=runner,
                  on_error=errors.append)
    assert calls == [[vfr, bad]]
    assert [i.path for i in res.inputs] == [vfr] and res.errors[0]["path"] == bad
    assert len(errors) == 1 and (tmp_path / "case" / "findings.json").exists()
