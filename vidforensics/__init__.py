"""vidforensics: observations on downloaded footage for human review.

Light by design: importing the package loads neither the decoder nor the face models.
`analyze` and friends import their stage when first used.

    >>> import vidforensics
    >>> result = vidforensics.analyze(["clip.mp4"], out="case1")      # doctest: +SKIP
"""
from __future__ import annotations

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


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib
        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(f".{module}", __name__), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'vidforensics' has no attribute {name!r}")
