"""Build argparse options from `vidforensics.config` (the one source of defaults)."""
from __future__ import annotations

import argparse
import dataclasses
import types
import typing
from typing import Any

from vidforensics.config import AnalysisConfig, cli_options


def _base_type(f: dataclasses.Field) -> Any:
    hint = f.type if not isinstance(f.type, str) else eval(f.type, vars(typing) | {"tuple": tuple})
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return args[0]
    return hint


def add_config_options(parser: argparse.ArgumentParser) -> None:
    groups: dict[str, argparse._ArgumentGroup] = {}
    for section, name, f in cli_options():
        group = groups.setdefault(section, parser.add_argument_group(f"{section} options"))
        dest = f"cfg__{section}__{f.name}"
        typ = _base_type(f)
        if typ is bool:
            group.add_argument(f"--{name}", dest=dest, action=argparse.BooleanOptionalAction,
                               default=f.default, help=f"{f.metadata['help']} (default: %(default)s)")
        else:
            shown = ("every frame" if f.default is None and section == "decode"
                     else "none" if f.default in (None, "") else "%(default)s")
            group.add_argument(f"--{name}", dest=dest, type=typ, default=f.default,
                               metavar=name.split("-")[-1].upper(),
                               help=f"{f.metadata['help']} (default: {shown})")


def config_from_args(args: argparse.Namespace) -> AnalysisConfig:
    overrides = {k[len("cfg__"):]: v for k, v in vars(args).items() if k.startswith("cfg__")}
    return AnalysisConfig().replace(**overrides)
