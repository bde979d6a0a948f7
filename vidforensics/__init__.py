"""vidforensics: observations on downloaded footage for human review.

Light by design: importing the package loads neither the decoder nor the face models.
`analyze` and friends import their stage when first used.

    >>> import vidforensics
    >>> result = vidforensics.analyze(["clip.mp4"], out="case1")      # doctest: +SKIP
"""
from __future__ import annotations

import sys
from types import ModuleType as _ModuleType   # `types` is our own submodule's name
from typing import Any

from ._version import __version__
from .config import (AnalysisConfig, DecodeConfig, HashConfig, MatchConfig, PeopleConfig,
                     ReportConfig, ShotConfig)
from .types import (Appearance, FrameHashes, FrameRef, Individual, InputError, RepeatGroup,
                    Segment, Shot, VideoInfo)

__all__ = [
    "__version__", "analyze", "probe", "load", "AnalysisResult",
    "AnalysisConfig", "DecodeConfig", "HashConfig", "ShotConfig", "MatchConfig",
    "PeopleConfig", "ReportConfig", "VideoInfo", "FrameRef", "FrameHashes", "Shot",
    "Segment", "RepeatGroup", "Appearance", "Individual", "InputError",
]

_LAZY = {
    "analyze": ("pipeline", "analyze"),
    "probe": ("probe", "probe"),
    "load": ("result", "load"),
    "AnalysisResult": ("result", "AnalysisResult"),
}


class _Package(_ModuleType):
    """The package module. `vidforensics.probe` is both a function and a submodule's name;
    importing the submodule (which the pipeline does) would make Python set the package
    attribute to the module and break `vidforensics.probe(path)`. The function wins: the
    submodule stays reachable as `sys.modules["vidforensics.probe"]` and through
    `from vidforensics.probe import ...`."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _LAZY and isinstance(value, _ModuleType):
            return
        super().__setattr__(name, value)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib
        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(f".{module}", __name__), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'vidforensics' has no attribute {name!r}")


sys.modules[__name__].__class__ = _Package
