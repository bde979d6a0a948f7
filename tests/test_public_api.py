"""The public names of `vidforensics` stay what they are whatever is imported first."""
from __future__ import annotations

import itertools
import subprocess
import sys

import vidforensics

FUNCTIONS = ("analyze", "probe", "load")
SUBMODULES = ("vidforensics.probe", "vidforensics.pipeline", "vidforensics.result",
              "vidforensics.config", "vidforensics.types", "vidforensics.report",
              "vidforensics.matching", "vidforensics.notebook")


def test_all_names_resolve():
    for name in vidforensics.__all__:
        assert getattr(vidforensics, name) is not None, name
    assert callable(vidforensics.probe) and callable(vidforensics.analyze)
    assert callable(vidforensics.load)


_SCRIPT = """
import importlib, sys
for line in sys.stdin.read().splitlines():
    for mod in [m for m in sys.modules if m == "vidforensics" or m.startswith("vidforensics.")]:
        del sys.modules[mod]                      # a fresh package for every order
    for item in line.split(","):
        if item.startswith("vidforensics."):
            importlib.import_module(item)
        else:
            getattr(importlib.import_module("vidforensics"), item)
    import vidforensics
    for name in vidforensics.__all__:
        assert getattr(vidforensics, name) is not None, (line, name)
    for name in ("analyze", "probe", "load"):
        f = getattr(vidforensics, name)
        assert callable(f) and not isinstance(f, type(sys)), (line, name, f)
    from vidforensics import probe
    assert callable(probe) and probe.__module__ == "vidforensics.probe", line
    from vidforensics.probe import probe as p2, sha256_file
    assert p2 is probe, line
    print("ok", line)
"""

ORDERS = ([",".join(p) for p in itertools.permutations(FUNCTIONS)]
          + [f"{m},{f}" for m in SUBMODULES for f in FUNCTIONS]
          + [f"{f},{m}" for m in SUBMODULES for f in FUNCTIONS]
          + [",".join(SUBMODULES), ",".join(reversed(SUBMODULES))])


def test_names_survive_every_import_order():
    """Each order in a fresh copy of the package (one interpreter; the package is re-imported)."""
    out = subprocess.run([sys.executable, "-c", _SCRIPT], input="\n".join(ORDERS),
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.count("ok ") == len(ORDERS)
