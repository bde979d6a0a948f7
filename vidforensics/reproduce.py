"""How to re-run an analysis: the command line (as run, or the equivalent one) and the
equivalent Python call, recorded in findings.json (`reproduce`) and in the report's appendix.

With the same input files, the same tool and library versions (`tool` in findings.json) and
the same working directory, either gives the same findings.json, byte for byte.
"""
from __future__ import annotations

import os
import shlex
from typing import Any, Mapping, Sequence

from .config import AnalysisConfig, cli_options

_PROVENANCE_OPTIONS = {"source_url": "--source-url", "acquired_utc": "--acquired", "note": "--note",
                       "received_from": "--received-from", "received_by": "--received-by",
                       "received_at": "--received-at", "sha256_at_receipt": "--sha256-at-receipt"}


def changed(cfg: AnalysisConfig) -> dict[str, Any]:
    """`section__name` -> value for every parameter that differs from the defaults."""
    now, default = cfg.to_dict(), AnalysisConfig().to_dict()
    return {f"{s}__{k}": v for s, values in now.items() for k, v in values.items()
            if default[s][k] != v}


def command_line(paths: Sequence[str], out: str, cfg: AnalysisConfig,
                 provenance: Mapping[str, Mapping[str, str]]) -> list[str]:
    """An argv for `vidforensics analyze` equivalent to this configuration."""
    argv = ["vidforensics", "analyze", *paths, "--out", str(out)]
    options = {f"{s}__{f.name}": (name, f) for s, name, f in cli_options()}
    for key, value in changed(cfg).items():
        if key == "report__keep_individuals":
            for v in value:
                argv += ["--keep-individual", str(v)]
            continue
        name, f = options.get(key, (None, None))
        if name is None:
            continue                       # not a CLI option: only the API call carries it
        if isinstance(value, bool):
            argv.append(f"--{name}" if value else f"--no-{name}")
        else:
            argv += [f"--{name}", str(value)]
    for path, entry in provenance.items():
        for key, value in entry.items():
            argv += [_PROVENANCE_OPTIONS[key], f"{path}={value}"]
    return argv


def api_call(paths: Sequence[str], out: str | None, cfg: AnalysisConfig,
             provenance: Mapping[str, Mapping[str, str]]) -> str:
    parts = [repr(list(paths))]
    if out is not None:
        parts.append(f"out={str(out)!r}")
    ch = changed(cfg)
    if ch:
        parts.append(f"config=vidforensics.AnalysisConfig().replace(**{ch!r})")
    if provenance:
        parts.append(f"provenance={ {k: dict(v) for k, v in provenance.items()}!r}")
    return f"import vidforensics; vidforensics.analyze({', '.join(parts)})"


def record(paths: Sequence[str], out, cfg: AnalysisConfig,
           provenance: Mapping[str, Mapping[str, str]], argv: Sequence[str] | None) -> dict[str, Any]:
    """The `reproduce` entry of findings.json. `argv` is the command line as run, if any."""
    if argv is not None:
        argv = ["vidforensics", *argv]
        how = "command line"
    else:
        argv = command_line(paths, out, cfg, provenance) if out is not None else None
        how = "python api"
    rec: dict[str, Any] = {"how": how, "command": shlex.join(argv) if argv else "",
                           "api": api_call(paths, None if out is None else str(out), cfg, provenance),
                           "cwd": os.getcwd()}
    if argv:
        rec["argv"] = list(argv)
    from .text import storable         # file names that are not UTF-8: stored as \xNN, as in inputs
    return {k: [storable(a) for a in v] if isinstance(v, list) else storable(v)
            for k, v in rec.items()}
