"""AnalysisResult: what one analysis found, as versioned JSON (`findings.json`, schema 1.2).

The result is built once by the pipeline and never changed. `to_dict()` gives the exact
findings.json content (validated against the shipped JSON Schema by `validate`);
`load(case_dir)` reads a case folder back. Notebook helpers (`_repr_html_`, `to_pandas`)
live in `vidforensics.notebook` and are attached here.
"""
from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .types import Appearance, Individual, RepeatGroup, Segment, Shot, VideoInfo

SCHEMA_VERSION = "1.2"
READABLE_VERSIONS = ("1.1", "1.2")   # 1.1 carried created_utc inside findings.json
FINDINGS_NAME = "findings.json"
RUN_LOG_NAME = "run-log.json"      # the run's time, timings and cache state (not evidence)


def _frac(s: str | None, where: str, *, positive: bool = True) -> Fraction | None:
    if s is None:
        return None
    try:
        f = Fraction(s)
    except (ValueError, ZeroDivisionError, TypeError):
        raise _Bad(where, f"{s!r} is not a fraction with a non-zero denominator") from None
    if positive and f <= 0:
        raise _Bad(where, f"{s!r} must be greater than 0")
    return f


class _Bad(ValueError):
    """A findings.json value that cannot be used, with where it is."""

    def __init__(self, where: str, what: str):
        self.where, self.what = where, what
        super().__init__(f"{where}: {what}")


_MAX_INT = 2 ** 63


def _first_unusable_number(obj: Any, where: str = "", depth: int = 0) -> tuple[str, str] | None:
    """(path, problem) of the first non-finite or out-of-range number, or over-deep nesting."""
    if depth > 64:
        return where or "top level", "nested more than 64 levels deep"
    if isinstance(obj, bool):
        return None
    if isinstance(obj, float) and not math.isfinite(obj):
        return where, f"{obj} is not a finite number"
    if isinstance(obj, int) and abs(obj) >= _MAX_INT:
        return where, "integer out of range"
    items = obj.items() if isinstance(obj, dict) else enumerate(obj) if isinstance(obj, list) else ()
    for k, v in items:
        found = _first_unusable_number(v, f"{where}/{k}" if where else str(k), depth + 1)
        if found:
            return found
    return None


@dataclass(frozen=True)
class AnalysisResult:
    tool: dict[str, Any]
    created_utc: str | None   # when the run was made: kept in run-log.json, not in findings.json
    parameters: dict[str, Any]
    inputs: tuple[VideoInfo, ...]
    errors: tuple[dict[str, str], ...]
    shots: tuple[Shot, ...]
    repeated_segments: tuple[RepeatGroup, ...]
    recurring_individuals: tuple[Individual, ...]
    provenance: dict[str, dict[str, Any]] = field(default_factory=dict)
    processing_log: tuple[str, ...] = ()
    case_dir: str | None = None
    reproduce: dict[str, Any] = field(default_factory=dict)   # command / API call that re-runs it
    schema_version: str = SCHEMA_VERSION
    identical_files: tuple[dict[str, Any], ...] = ()   # inputs not analysed again (same file/bytes)

    # ----------------------------------------------------------------- JSON
    def to_dict(self) -> dict[str, Any]:
        inputs = []
        for info in self.inputs:
            d = info.to_json()
            if info.path in self.provenance:
                d["analyst_provenance"] = self.provenance[info.path]
            inputs.append(d)
        return {
            "schema_version": self.schema_version,
            "tool": self.tool,
            "parameters": self.parameters,
            "inputs": inputs,
            "errors": [dict(e) for e in self.errors],
            "identical_files": [
                {**d, **({"analyst_provenance": self.provenance[d["path"]]}
                         if d["path"] in self.provenance else {})} for d in self.identical_files],
            "shots": [s.to_json() for s in self.shots],
            "repeated_segments": [g.to_json() for g in self.repeated_segments],
            "recurring_individuals": [i.to_json() for i in self.recurring_individuals],
            "processing_log": list(self.processing_log),
            **({"reproduce": dict(self.reproduce)} if self.reproduce else {}),
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)

    @classmethod
    def from_dict(cls, d: dict[str, Any], case_dir: str | None = None) -> "AnalysisResult":
        """Rebuild a result from findings.json content (schema-valid). A value that cannot be
        used raises ValueError naming the field (e.g. `inputs/0/frame_rate`)."""
        inputs, provenance = [], {}
        for k, x in enumerate(d["inputs"]):
            at = f"inputs/{k}"
            if "analyst_provenance" in x:
                provenance[x["path"]] = x["analyst_provenance"]
            raw = x.get("path_bytes_hex")
            try:
                open_path = os.fsdecode(bytes.fromhex(raw)) if raw else None
            except ValueError:
                raise _Bad(f"{at}/path_bytes_hex", "not hexadecimal") from None
            tb = _frac(x.get("time_base") or "1/90000", f"{at}/time_base")
            if x["frame_count"] < 1 or x["duration_s"] < 0:
                raise _Bad(f"{at}/frame_count", "must be positive")
            inputs.append(VideoInfo(
                path=x["path"], sha256=x["sha256"], size_bytes=x["size_bytes"],
                container=x["container"], video_codec=x["video_codec"], width=x["width"],
                height=x["height"], rotation=x["rotation"], time_base=tb,
                frame_rate=_frac(x["frame_rate"], f"{at}/frame_rate"), duration_s=x["duration_s"],
                frame_count=x["frame_count"], variable_frame_rate=x["variable_frame_rate"],
                has_audio=x["has_audio"], start_pts=x.get("start_pts", 0),
                end_pts=x.get("end_pts", 0), metadata=x["metadata"],
                warnings=tuple(x.get("warnings", ())), open_path=open_path))
        for k, x in enumerate(d.get("identical_files", ())):
            if "analyst_provenance" in x:
                provenance[x["path"]] = x["analyst_provenance"]
        known = {i.path for i in inputs}

        def video_of(v: str, where: str) -> str:
            if v not in known:
                raise _Bad(where, f"names {v!r}, which is not among the inputs")
            return v

        shots = []
        for k, s in enumerate(d["shots"]):
            video_of(s["video"], f"shots/{k}/video")
            if s["end_s"] < s["start_s"] or s["end_frame"] < s["start_frame"]:
                raise _Bad(f"shots/{k}", "ends before it starts")
            shots.append(Shot(**s))
        groups = []
        for k, g in enumerate(d["repeated_segments"]):
            for m, x in enumerate(g["members"]):
                video_of(x["video"], f"repeated_segments/{k}/members/{m}/video")
            groups.append(RepeatGroup(id=g["id"], kind=g["kind"], evidence=g["evidence"],
                                      members=tuple(Segment(**m) for m in g["members"])))
        people = []
        for k, p in enumerate(d["recurring_individuals"]):
            for m, a in enumerate(p["appearances"]):
                video_of(a["video"], f"recurring_individuals/{k}/appearances/{m}/video")
                if len(a["bbox"]) != 4:
                    raise _Bad(f"recurring_individuals/{k}/appearances/{m}/bbox", "needs 4 numbers")
            people.append(Individual(id=p["id"], evidence=p["evidence"],
                                     appearances=tuple(Appearance(**{**a, "bbox": tuple(a["bbox"])})
                                                       for a in p["appearances"])))
        return cls(tool=d["tool"], created_utc=d.get("created_utc"), parameters=d["parameters"],
                   inputs=tuple(inputs), errors=tuple(d["errors"]), shots=tuple(shots),
                   repeated_segments=tuple(groups), recurring_individuals=tuple(people),
                   provenance=provenance, processing_log=tuple(d.get("processing_log", ())),
                   case_dir=case_dir, reproduce=dict(d.get("reproduce") or {}),
                   schema_version=d["schema_version"],
                   identical_files=tuple({k: v for k, v in x.items() if k != "analyst_provenance"}
                                         for x in d.get("identical_files", ())))

    # ------------------------------------------------------------- queries
    def info(self, video: str) -> VideoInfo:
        for i in self.inputs:
            if i.path == video:
                return i
        raise KeyError(video)

    def shots_of(self, video: str) -> list[Shot]:
        return [s for s in self.shots if s.video == video]

    def shot_at(self, video: str, time_s: float) -> Shot | None:
        for s in self.shots_of(video):
            if s.start_s <= time_s < s.end_s:
                return s
        return None

    @property
    def ok(self) -> bool:
        """True when every input was analysed."""
        return not self.errors

    # ------------------------------------------------------------ notebook
    def _repr_html_(self) -> str:
        from .notebook import repr_html
        return repr_html(self)

    def to_pandas(self, what: str = "shots"):
        """A table as a pandas DataFrame: "shots", "segments", "pairs", "individuals" or "inputs"."""
        from .notebook import to_pandas
        return to_pandas(self, what)

    def show_group(self, group, pair: int = 0, n: int = 4):
        """Aligned frames of a repeated-segment group (id, index or RepeatGroup) for a notebook."""
        from .notebook import show_group
        return show_group(self, group, pair=pair, n=n)

    def show_individual(self, individual):
        """Face (or body) crops of a recurring individual (id, index or Individual), one per
        appearance, for a notebook."""
        from .notebook import show_individual
        return show_individual(self, individual)


def schema(version: str = SCHEMA_VERSION) -> dict[str, Any]:
    text = resources.files("vidforensics").joinpath(f"schema/findings-{version}.schema.json").read_text()
    return json.loads(text)


@lru_cache(maxsize=None)
def _validator(version: str):
    """The validator of a shipped schema. `jsonschema.validate` would first check the schema
    itself against its meta-schema, on every call: 0.5 s of each run (measured at 720p, about
    7 % of a hashing-only analysis). The shipped schemas are checked once, by the tests."""
    import jsonschema
    s = schema(version)
    return jsonschema.validators.validator_for(s)(s)


def validate(findings: dict[str, Any], version: str = SCHEMA_VERSION) -> None:
    """Raise `jsonschema.ValidationError` unless `findings` matches the shipped schema (the
    error `jsonschema.validate` would raise: the best match)."""
    import jsonschema
    error = jsonschema.exceptions.best_match(_validator(version).iter_errors(findings))
    if error is not None:
        raise error


_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


def _created_from_run_log(case_dir: Path) -> str | None:
    """The run's time from `<case_dir>/run-log.json`, or None when it is missing or unusable
    (the run log is a record of the run, not evidence: findings.json never depends on it)."""
    try:
        value = json.loads((case_dir / RUN_LOG_NAME).read_text(encoding="utf-8")).get("created_utc")
    except (OSError, ValueError, AttributeError, RecursionError):
        return None
    return value if isinstance(value, str) and _UTC.match(value) else None


def load(case_dir: str | Path) -> AnalysisResult:
    """Read `<case_dir>/findings.json` back into an AnalysisResult."""
    path = Path(case_dir) / FINDINGS_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"{path}: no such file (not a case folder)") from None
    except RecursionError:
        raise ValueError(f"{path}: not usable: JSON nested too deeply") from None
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise ValueError(f"{path}: not readable JSON ({' '.join(str(e).split())})") from None
    bad = _first_unusable_number(data)
    if bad:
        raise ValueError(f"{path}: unusable value at {bad[0] or 'top level'}: {bad[1]}")
    version = data.get("schema_version") if isinstance(data, dict) else None
    if version not in READABLE_VERSIONS:
        raise ValueError(f"{path}: schema version {version!r}, this tool reads "
                         f"{' and '.join(READABLE_VERSIONS)}")
    import jsonschema
    try:
        validate(data, version)
    except jsonschema.ValidationError as e:
        where = "/".join(str(p) for p in e.absolute_path) or "top level"
        raise ValueError(f"{path}: does not match schema {version} at {where}: "
                         f"{' '.join(e.message.split())[:200]}") from None
    if "created_utc" not in data:
        data["created_utc"] = _created_from_run_log(Path(case_dir))
    try:
        return AnalysisResult.from_dict(data, case_dir=str(case_dir))
    except _Bad as e:
        raise ValueError(f"{path}: unusable value at {e.where}: {e.what}") from None
    except (KeyError, TypeError, ValueError, ArithmeticError) as e:
        raise ValueError(f"{path}: does not match schema {version} "
                         f"({type(e).__name__}: {' '.join(str(e).split())[:120]})") from None
