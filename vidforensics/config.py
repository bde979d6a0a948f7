"""The one source of analysis parameters and their defaults.

The Python API (`vidforensics.analyze(..., config=...)`) and the CLI both build an
`AnalysisConfig` from these dataclasses; the CLI generates its options from the field
metadata below, so a default can only ever be stated here. Every parameter is written into
`findings.json` (`parameters`).
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any


def _opt(default: Any, help: str, **extra: Any) -> Any:
    """A parameter: its default and help text (shown by the CLI); its valid range is in RANGES."""
    return field(default=default, metadata={"help": help, **extra})


# valid ranges (inclusive); every number must also be finite
RANGES: dict[str, tuple[float | None, float | None]] = {
    "DecodeConfig.sample_fps": (0.01, 1000), "DecodeConfig.thumb_size": (32, 512),
    "DecodeConfig.time_limit_s": (0, 10**7),
    "HashConfig.low_info_std": (0, 255), "HashConfig.low_info_quality": (0, 100),
    "HashConfig.variant_fps": (0.1, 240), "HashConfig.two_tone_share": (0, 1),
    "HashConfig.smooth_share": (0, 1), "HashConfig.bar_max_std": (0, 255),
    "ShotConfig.cut_threshold": (0, 1), "ShotConfig.adaptive_ratio": (1, 1000),
    "ShotConfig.jump_cut_min": (0, 1), "ShotConfig.jump_cut_ratio": (1, 1000),
    "ShotConfig.min_shot_s": (0, 3600), "ShotConfig.gradual_threshold": (0, 1),
    "MatchConfig.max_distance": (0, 256), "MatchConfig.min_duration_s": (0.04, 36000),
    "MatchConfig.speed_range": (0.1, 10), "MatchConfig.seed_fps": (0.1, 240),
    "MatchConfig.max_index_entries": (1000, 10**10), "MatchConfig.min_seeds": (1, 10**6),
    "MatchConfig.min_lock_ratio": (0, 1), "MatchConfig.min_retake_coverage": (0, 1), "MatchConfig.setup_max_median": (0, 256),
    "MatchConfig.setup_min_background": (0, 1), "MatchConfig.setup_min_detail_match": (0, 1),
    "MatchConfig.setup_min_background_plain": (0, 1), "MatchConfig.keypoint_setup_max_median": (0, 256),
    "MatchConfig.keypoint_setup_min_inliers": (0, 100000),
    "MatchConfig.reuse_min_change_correlation": (-1, 1), "MatchConfig.retake_max_change_correlation": (-1, 1),
    "MatchConfig.reuse_max_median": (0, 256), "MatchConfig.min_inliers": (4, 10**4),
    "MatchConfig.reuse_min_identical_motion": (0, 1), "MatchConfig.retake_max_identical_motion": (0, 1),
    "MatchConfig.correlated_min_identical_motion": (0, 1),
    "MatchConfig.retake_min_background": (0, 1), "MatchConfig.static_min_agreement": (0, 1),
    "MatchConfig.overlay_band_difference": (0, 1), "MatchConfig.track_min_cover": (0, 1),
    "PeopleConfig.sample_fps": (0.1, 120), "PeopleConfig.min_face_px": (4, 10000),
    "PeopleConfig.face_threshold": (0, 2), "PeopleConfig.body_threshold": (0, 100),
    "IndexConfig.row_fps": (0.1, 60), "IndexConfig.seed_fps": (0.05, 60),
    "IndexConfig.vpdq_fps": (0.01, 60), "IndexConfig.bucket_cap_ratio": (1, 10**6),
    "IndexConfig.max_videos_aligned": (1, 10**6),
}


_SECTION = {"DecodeConfig": "decode", "HashConfig": "hashing", "ShotConfig": "shots",
            "MatchConfig": "matching", "PeopleConfig": "people", "ReportConfig": "report",
            "IndexConfig": "index"}


class _Checked:
    """Rejects values outside a field's range (and NaN/inf) when the config is built, so a bad
    option fails at once with one line instead of after hours of decoding."""

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            lo, hi = RANGES.get(f"{type(self).__name__}.{f.name}", (None, None))
            values = value if isinstance(value, tuple) else (value,)
            for v in values:
                if isinstance(v, bool) or not isinstance(v, (int, float)):
                    continue
                if not math.isfinite(v) or (lo is not None and v < lo) or (hi is not None and v > hi):
                    bounds = (f"at least {lo}" if hi is None else f"at most {hi}" if lo is None
                              else f"between {lo} and {hi}")
                    raise ValueError(f"{_SECTION[type(self).__name__]}.{f.name} must be {bounds}, "
                                     f"got {v}")


@dataclass(frozen=True)
class DecodeConfig(_Checked):
    sample_fps: float | None = _opt(
        None, "hash at most this many frames per second")
    thumb_size: int = _opt(
        96, "side of the square grey thumbnail each frame is reduced to inside the decoder",
        cli=False)
    threads: str = _opt("AUTO", "decoder threading: AUTO, FRAME, SLICE or NONE", cli=False)
    time_limit_s: float = _opt(
        3600.0, "per-input limit in seconds of wall-clock time for reading and decoding one file; "
        "a file that takes longer is stopped and reported as an error, the others go on (0 = none)")


@dataclass(frozen=True)
class HashConfig(_Checked):
    low_info_std: float = _opt(
        6.0, "frames whose grey-level standard deviation (0-255) is below this are low-information")
    low_info_quality: int = _opt(
        45, "frames whose PDQ-style quality (0-100, gradient energy) is below this are low-information")
    variant_fps: float = _opt(
        8.0, "frames per second that also get crop/mirror variant hashes (for the repeat search)",
        cli=False)
    two_tone_share: float = _opt(
        0.92, "frames with at least this share of pixels in two of 16 grey bins are two-tone "
              "(title cards, logos on flat ground)", cli=False)
    smooth_share: float = _opt(
        0.95, "frames with at least this share of their non-DC DCT energy in 3 coefficients are "
              "smooth gradients", cli=False)
    bar_max_std: float = _opt(
        6.0, "edge rows/columns whose grey-level standard deviation is at most this are trimmed as bars",
        cli=False)


@dataclass(frozen=True)
class ShotConfig(_Checked):
    cut_threshold: float = _opt(
        0.35, "content change (0-1) between consecutive frames that starts a new shot")
    adaptive_ratio: float = _opt(
        3.0, "a cut must also exceed this multiple of the surrounding frames' change")
    jump_cut_min: float = _opt(
        0.03, "smallest one-frame change that can be a jump cut of a still camera", cli=False)
    jump_cut_ratio: float = _opt(
        10.0, "a jump cut must exceed this multiple of the surrounding frames' change", cli=False)
    min_shot_s: float = _opt(0.5, "shortest shot in seconds; closer boundaries are merged")
    gradual_threshold: float = _opt(
        0.45, "accumulated content change over a gradual transition (dissolve/fade) that counts as a boundary")


@dataclass(frozen=True)
class MatchConfig(_Checked):
    enabled: bool = _opt(True, "look for repeated segments", cli="repeats")
    max_distance: int = _opt(
        56, "largest PDQ-style Hamming distance (0-256) at which two frames count as aligned")
    min_duration_s: float = _opt(1.5, "shortest repeated segment reported, in seconds")
    speed_range: tuple[float, float] = _opt(
        (0.5, 2.0), "playback speed ratios searched between two occurrences", cli=False)
    use_variants: bool = _opt(
        True, "match against cropped and mirrored versions of every frame", cli="variants")
    seed_fps: float = _opt(
        8.0, "frames per second used to seed the search (at most hashing.variant_fps; "
             "verification is dense)", cli=False)
    max_index_entries: int = _opt(
        1_500_000, "cap on indexed hashes; the seed rate drops for long inputs to stay under it",
        cli=False)
    min_seeds: int = _opt(3, "candidate frame matches needed on one alignment to verify it", cli=False)
    min_lock_ratio: float = _opt(
        0.6, "a repeat whose sampled frames are best matched on the alignment less often than "
             "this (and not within reuse_max_median) is a retake: the same set-up, another moment",
        cli=False)
    min_retake_coverage: float = _opt(
        0.6, "share of the frames of both shots that must find a partner within max_distance "
             "for two shots matching at no single offset to count as a retake", cli=False)
    setup_max_median: float = _opt(
        104.0, "two shots whose frames all lie this close (median bits to their nearest partner, "
               "beyond max_distance) may show the same set-up filmed again: reported only when the "
               "pixels confirm a retake (or a reuse whose pictures change alike)", cli=False)
    setup_min_background: float = _opt(
        0.7, "share of the still picture that must agree (after registration) for two shots linked "
             "only by setup_max_median to be reported", cli=False)
    setup_min_detail_match: float = _opt(
        0.67, "for such a retake, share of the background's detail (the still pixels with an edge in "
              "either member) that must agree: a similar plain set-up agrees in its flat areas, not in "
              "its edges", cli=False)
    setup_min_background_plain: float = _opt(
        0.78, "for such a retake whose still picture has too little detail to measure that (a plain "
              "wall), share of the still picture that must agree instead of setup_min_background",
        cli=False)
    keypoint_setup_max_median: float = _opt(
        124.0, "two shots beyond setup_max_median but within this (median bits) are compared by keypoints "
               "between their stills (the same place seen by a handheld or moved camera); at or below "
               "setup_max_median disables it", cli=False)
    keypoint_setup_min_inliers: int = _opt(
        0, "geometrically consistent keypoint matches (homography inliers spread over the frame) "
            "between stills of two such shots for them to be a set-up candidate, which the pixels must "
            "then confirm as for setup_max_median; 0 (the default) disables it: it finds handheld "
            "retakes on the development splits but costs ~32 s of CPU on the 720p benchmark montage "
            "(16 s to score, 16 s for the pixel check of its candidates; docs/stages.md, 'Speed'); "
            "3 is the value measured", cli=False)
    reuse_max_median: float = _opt(
        20.0, "aligned frames this close (median bits) always count as the same recorded frames",
        cli=False)
    estimate_transforms: bool = _opt(
        True, "estimate rotations, free crops and picture-in-picture from keypoints where no hash "
              "variant matches", cli=False)
    min_inliers: int = _opt(
        20, "keypoint matches agreeing on one transform needed to re-hash two shots under it",
        cli=False)
    mirror_min_frames: int = _opt(
        0, "frames of one shot with a partner in another shot on a mirrored crop variant (and more than "
           "on unmirrored ones) for the keypoint stage to try the pair with one keyframe flipped (a mirror "
           "combined with an edit off the variant grid); 0 (the default) disables it: it finds heldout4's "
           "mirrored off-grid window but costs ~1 s of CPU per proposed shot pair (re-reading both shots; "
           "one pair on the 720p benchmark montage, docs/repeats-development.md); 3 is the value measured",
        cli=False)
    reuse_min_identical_motion: float = _opt(
        0.8, "share of the moving picture that moves identically in both members from which a "
             "repeat is a reuse (the same recorded frames)", cli=False)
    retake_max_identical_motion: float = _opt(
        0.7, "share of the moving picture moving identically below which a repeat whose "
              "background matches is a retake (the same set-up, another performance)", cli=False)
    reuse_min_change_correlation: float = _opt(
        0.6, "when identical motion says reuse but the hash alignment is not locked: pixel change "
             "correlation from which it is a reuse", cli=False)
    correlated_min_identical_motion: float = _opt(
        0.5, "share of the moving picture moving identically from which a repeat whose pixel change "
             "correlation reaches reuse_min_change_correlation (and whose hash alignment is not unlocked) "
             "is a reuse, even below reuse_min_identical_motion (an edit such as a band, an inset border "
             "or a rotation lowers the agreement within tolerance, not how the picture changes)", cli=False)
    retake_max_change_correlation: float = _opt(
        0.4, "... and below which (the background matching) it is a retake, also when identical motion "
             "alone says reuse; between: mixed", cli=False)
    overlay_band_difference: float = _opt(
        0.15, "median grey difference (0-1) across a row or column along the edge of two registered "
              "keyframes that marks a burned-in band (ticker, caption bar) to cut from the comparison",
        cli=False)
    track_min_cover: float = _opt(
        0.6, "share of the shorter shot below which a match under one estimated transform is followed "
             "frame by frame instead (a zoom with pan)", cli=False)
    track_min_steady: float = _opt(
        0.8, "a set-up candidate under one estimated transform is replaced by the transform followed "
             "frame by frame only when that moves steadily one way (share of steps, in scale or shift, "
             "in the direction of the whole change): a zoom or pan, not fits wandering over a still scene",
        cli=False)
    retake_min_background: float = _opt(
        0.5, "share of the still picture that must agree for a retake", cli=False)
    static_min_agreement: float = _opt(
        0.9, "share of the picture that must agree to call a repeat without motion a reuse", cli=False)


@dataclass(frozen=True)
class PeopleConfig(_Checked):
    enabled: bool = _opt(True, "look for recurring individuals (loads the face models)", cli="people")
    sample_fps: float = _opt(3.0, "frames per second examined for faces and bodies", cli="people-fps")
    min_face_px: int = _opt(20, "smallest face height in pixels that is detected", cli=False)
    face_threshold: float = _opt(
        0.63, "largest face-embedding distance (dlib ResNet, Euclidean; raised for lower face quality) at "
              "which two tracks are linked")
    body_threshold: float = _opt(
        0.25, "largest body-appearance distance at which two same-clothes tracks in nearby shots are linked",
        cli=False)


@dataclass(frozen=True)
class ReportConfig(_Checked):
    pdf: bool = _opt(True, "write report.pdf beside findings.json", cli="pdf")
    title: str = _opt("", "case title shown on the report cover")
    analyst: str = _opt("", "analyst name shown on the report cover")
    blur_faces: bool = _opt(
        False, "blur every face in exported images except those of the listed individuals")
    keep_individuals: tuple[str, ...] = _opt(
        (), "individual ids whose faces stay unblurred when --blur-faces is on", cli=False)


@dataclass(frozen=True)
class IndexConfig(_Checked):
    """An archive index (`vidforensics index`, `search`): fixed when the index is created.

    Not part of `AnalysisConfig` (an index is not a case); it is stored in the index."""
    row_fps: float = _opt(
        2.0, "hashed frames kept per second of archive video (with their crop variants)")
    seed_fps: float = _opt(
        1.0, "kept frames per second that go into the on-disk band index (at most row_fps)")
    variants: tuple[str, ...] = _opt(
        ("full", "centre90", "centre80"),
        "crop variants kept and indexed per archive frame (mirroring is searched from the clip side)")
    vpdq_fps: float = _opt(
        1.0, "frames per second hashed with true PDQ for vPDQ export (full-size colour frames)")
    bucket_cap_ratio: float = _opt(
        16.0, "band buckets more than this many times the mean bucket size are skipped "
              "(over-common patterns)")
    max_videos_aligned: int = _opt(
        200, "at most this many archive videos (those with most candidate frames) are aligned per clip")


#: `--workers` default: 0 runs decoding in this process; N > 0 starts a local Dask cluster
DEFAULT_WORKERS = 0


@dataclass(frozen=True)
class AnalysisConfig:
    decode: DecodeConfig = field(default_factory=DecodeConfig)
    hashing: HashConfig = field(default_factory=HashConfig)
    shots: ShotConfig = field(default_factory=ShotConfig)
    matching: MatchConfig = field(default_factory=MatchConfig)
    people: PeopleConfig = field(default_factory=PeopleConfig)
    report: ReportConfig = field(default_factory=ReportConfig)

    def to_dict(self) -> dict[str, dict[str, Any]]:
        """Plain JSON-ready dict (tuples become lists)."""
        def plain(v: Any) -> Any:
            return list(v) if isinstance(v, tuple) else v
        return {s.name: {f.name: plain(getattr(getattr(self, s.name), f.name))
                         for f in dataclasses.fields(getattr(self, s.name))}
                for s in dataclasses.fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, dict[str, Any]]) -> "AnalysisConfig":
        """Inverse of `to_dict`; unknown sections or keys raise ValueError."""
        sections = {}
        for s in dataclasses.fields(cls):
            sub_cls = s.default_factory  # type: ignore[misc]
            values = dict(data.get(s.name, {}))
            known = {f.name: f for f in dataclasses.fields(sub_cls)}
            unknown = set(values) - set(known)
            if unknown:
                raise ValueError(f"unknown parameter(s) in {s.name}: {', '.join(sorted(unknown))}")
            for k, v in values.items():
                if isinstance(v, list):
                    values[k] = tuple(v)
            sections[s.name] = sub_cls(**values)
        extra = set(data) - set(sections)
        if extra:
            raise ValueError(f"unknown parameter section(s): {', '.join(sorted(extra))}")
        return cls(**sections)

    def replace(self, **flat: Any) -> "AnalysisConfig":
        """Copy with `section__field=value` overrides, e.g. replace(people__enabled=False)."""
        data = self.to_dict()
        for key, value in flat.items():
            section, _, name = key.partition("__")
            if section not in data or name not in data[section]:
                raise ValueError(f"unknown parameter {key!r}")
            data[section][name] = value
        return AnalysisConfig.from_dict(data)


def cli_options() -> list[tuple[str, str, dataclasses.Field]]:
    """(section, option-name, field) for every parameter the CLI exposes."""
    out = []
    for s in dataclasses.fields(AnalysisConfig):
        for f in dataclasses.fields(s.default_factory):  # type: ignore[misc]
            cli = f.metadata.get("cli", True)
            if cli is False:
                continue
            name = cli if isinstance(cli, str) else f.name.replace("_", "-")
            out.append((s.name, name, f))
    return out
