"""Chain of custody and analyst-supplied provenance of the inputs.

Everything here is *supplied by the analyst*, never measured: where a file came from, who
received it, when, and the SHA-256 recorded at receipt. It is checked before any work
(times must be ISO 8601, hashes 64 hex digits) and stored per input in findings.json
(`inputs[].analyst_provenance`). The report sets the hash at receipt against the SHA-256
measured at analysis and marks a difference.

A sidecar file (`--custody FILE`) is JSON: an object mapping each input (its path as given,
or its file name) to an object with any of the keys in `FIELDS`.
"""
from __future__ import annotations

import datetime as _dt
import json
import re
from pathlib import Path
from typing import Any, Mapping, Sequence

# key -> (label in the report, kind of value)
FIELDS: dict[str, tuple[str, str]] = {
    "source_url": ("source URL", "text"),
    "acquired_utc": ("acquired", "time"),
    "received_from": ("received from", "text"),
    "received_by": ("received by", "text"),
    "received_at": ("received at", "time"),
    "sha256_at_receipt": ("SHA-256 at receipt", "sha256"),
    "note": ("note", "text"),
}
CUSTODY_KEYS = ("received_from", "received_by", "received_at", "sha256_at_receipt")
TIME_EXAMPLE = "2026-11-20T10:00:00Z"
_HEX64 = re.compile(r"^[0-9a-fA-F]{64}$")


class ProvenanceError(ValueError):
    """Analyst-supplied provenance that cannot be recorded as given. `str()` is one line."""


def parse_time(text: str) -> _dt.datetime:
    """An ISO 8601 date or date-time (`Z` or an offset allowed); raises ValueError otherwise."""
    s = str(text).strip()
    if not re.match(r"^\d{4}-?\d{2}-?\d{2}([T ]\d{2}(:?\d{2}(:?\d{2}([.,]\d+)?)?)?)?"
                    r"(Z|[+-]\d{2}(:?\d{2})?)?$", s):
        raise ValueError(s)
    return _dt.datetime.fromisoformat(s.replace(",", ".").replace("z", "Z"))


def time_text(text: str) -> str:
    """A recorded time for a reader: as given, with its UTC equivalent or a note that no time
    zone was given."""
    try:
        t = parse_time(text)
    except ValueError:
        return f"{text} (not an ISO 8601 time; recorded as given)"
    if t.tzinfo is None:
        return f"{text} (no time zone given)"
    utc = t.astimezone(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    return text if text.endswith("Z") or text.endswith("+00:00") else f"{text} ({utc})"


def check_entry(path: str, entry: Mapping[str, Any]) -> dict[str, str]:
    """One input's provenance, checked: known keys, ISO 8601 times, 64-hex hashes (lowered)."""
    if not isinstance(entry, Mapping):
        raise ProvenanceError(f"provenance of {path}: expected an object of fields, got {entry!r}")
    out: dict[str, str] = {}
    for key, value in entry.items():
        if key not in FIELDS:
            raise ProvenanceError(f"provenance of {path}: unknown field {key!r} "
                                  f"(known: {', '.join(FIELDS)})")
        if value is None or value == "":
            continue
        value = str(value)
        kind = FIELDS[key][1]
        if kind == "time":
            try:
                parse_time(value)
            except ValueError:
                raise ProvenanceError(f"provenance of {path}: {key} {value!r} is not an ISO 8601 "
                                      f"time (e.g. {TIME_EXAMPLE})") from None
        elif kind == "sha256":
            if not _HEX64.match(value.strip()):
                raise ProvenanceError(f"provenance of {path}: {key} must be 64 hexadecimal digits, "
                                      f"got {value!r}")
            value = value.strip().lower()
        out[key] = value
    return out


def check_provenance(provenance: Mapping[str, Mapping[str, Any]] | None,
                     paths: Sequence[str]) -> dict[str, dict[str, str]]:
    """Check every entry (see `check_entry`); each key must be one of `paths`."""
    out: dict[str, dict[str, str]] = {}
    for path, entry in (provenance or {}).items():
        if path not in paths:
            raise ProvenanceError(f"provenance given for {path}, which is not one of the inputs")
        checked = check_entry(path, entry)
        if checked:
            out[path] = checked
    return out


def load_sidecar(sidecar: str | Path, paths: Sequence[str]) -> dict[str, dict[str, str]]:
    """Read a custody sidecar (JSON object: input path or file name -> fields) for `paths`."""
    try:
        data = json.loads(Path(sidecar).read_text(encoding="utf-8"))
    except OSError as e:
        raise ProvenanceError(f"{sidecar}: cannot read the custody file ({e.strerror or e})") from None
    except ValueError as e:
        raise ProvenanceError(f"{sidecar}: not valid JSON ({' '.join(str(e).split())})") from None
    if not isinstance(data, dict):
        raise ProvenanceError(f"{sidecar}: expected a JSON object mapping inputs to fields")
    names: dict[str, list[str]] = {}
    for p in paths:
        names.setdefault(Path(p).name, []).append(p)
    out: dict[str, dict[str, str]] = {}
    for key, entry in data.items():
        if key in paths:
            target = key
        elif len(names.get(key, ())) == 1:
            target = names[key][0]
        else:
            raise ProvenanceError(f"{sidecar}: {key!r} names no input (or more than one); "
                                  f"use the path as given")
        out.setdefault(target, {}).update(check_entry(target, entry))
    return out


def merge(*sources: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    """Later sources win field by field (command-line options over the sidecar)."""
    out: dict[str, dict[str, str]] = {}
    for src in sources:
        for path, entry in src.items():
            out.setdefault(path, {}).update(entry)
    return out


def receipt_status(provenance: Mapping[str, Any] | None, measured_sha256: str) -> str | None:
    """"matches" / "differs" when a hash at receipt was supplied, else None."""
    given = (provenance or {}).get("sha256_at_receipt")
    if not given:
        return None
    return "matches" if str(given).lower() == measured_sha256.lower() else "differs"
