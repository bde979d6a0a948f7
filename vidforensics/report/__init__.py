"""The evidence report: a PDF that sets out observations and measurements, never a verdict.

    write_report(result, case_dir)      # case_dir/report.pdf, right after an analysis
    render_case(case_dir, title=..., analyst=...)   # re-render from case_dir/findings.json

Importing this package loads neither fpdf2 nor matplotlib; they are imported when a report
is drawn. The report decodes only the frames it shows. Wording lives in `wording`.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from ..result import AnalysisResult

REPORT_NAME = "report.pdf"

__all__ = ["write_report", "render_case", "build_pdf", "REPORT_NAME", "sha256_line"]


def sha256_line(data: bytes) -> str:
    """The content of report.pdf.sha256: `sha256sum -c` format."""
    import hashlib
    return f"{hashlib.sha256(data).hexdigest()}  {REPORT_NAME}\n"


def _report_options(result: "AnalysisResult") -> dict[str, Any]:
    rep = (result.parameters or {}).get("report") or {}
    return {"title": str(rep.get("title") or ""), "analyst": str(rep.get("analyst") or ""),
            "blur_faces": bool(rep.get("blur_faces", False)),
            "keep_individuals": tuple(rep.get("keep_individuals") or ())}


def _findings_bytes(result: "AnalysisResult", case_dir: Path | None) -> bytes:
    """The exact findings.json of the case when it matches `result`, else a fresh dump."""
    if case_dir is not None:
        path = case_dir / "findings.json"
        try:
            data = path.read_bytes()
            if json.loads(data.decode("utf-8")) == json.loads(result.to_json()):
                return data
        except (OSError, ValueError):
            pass
    return result.to_json().encode("utf-8")


def build_pdf(result: "AnalysisResult", case_dir: str | os.PathLike | None = None, *,
              title: str | None = None, analyst: str | None = None,
              blur_faces: bool | None = None, keep_individuals: tuple[str, ...] | None = None,
              verify_inputs: bool = True, _source=None) -> bytes:
    """The report as PDF bytes (nothing written). `title`, `analyst`, `blur_faces` and
    `keep_individuals` override the recorded ones.

    With `verify_inputs`, an input is only shown if its SHA-256 still matches; without, its
    size must match (for use right after the analysis that hashed it).
    """
    from .frames import FrameSource, Redactor
    from .pdf import build
    from .sections import Context

    opts = _report_options(result)
    case = Path(case_dir) if case_dir is not None else None
    ctx = Context(
        result=result,
        source=_source or FrameSource(result, case, verify=verify_inputs),
        redactor=Redactor(result, enabled=opts["blur_faces"] if blur_faces is None else blur_faces,
                          keep=tuple(opts["keep_individuals"] if keep_individuals is None
                                     else keep_individuals)),
        title=opts["title"] if title is None else title,
        analyst=opts["analyst"] if analyst is None else analyst,
        findings_bytes=_findings_bytes(result, case),
    )
    return build(ctx)


def _write(case_dir: Path, data: bytes) -> Path:
    from ..store import atomic_path
    final = case_dir / REPORT_NAME
    from ..store import write_text_atomic
    with atomic_path(final, suffix=".pdf") as tmp:
        Path(tmp).write_bytes(data)
    write_text_atomic(case_dir / (REPORT_NAME + ".sha256"), sha256_line(data))
    return final


def write_report(result: "AnalysisResult", case_dir: str | os.PathLike) -> Path:
    """Write `case_dir/report.pdf` (atomically) for a result just produced; return its path."""
    case = Path(case_dir)
    return _write(case, build_pdf(result, case, verify_inputs=False))


class InputsUnavailable(ValueError):
    """`render_case` would lose frames: an input is missing or has changed. `str()` is one line."""


def render_case(case_dir: str | os.PathLike, *, title: str | None = None,
                analyst: str | None = None, blur_faces: bool | None = None,
                keep_individuals: tuple[str, ...] | None = None,
                allow_missing: bool = False) -> Path:
    """Re-render `case_dir/report.pdf` from `case_dir/findings.json`; return its path.

    Inputs are looked up as recorded (relative to the current directory), then relative to
    the case folder's parent. When one is missing or its SHA-256 differs from the recorded
    one, the existing report is left as it is and `InputsUnavailable` names the inputs, unless
    `allow_missing`: then the report is drawn with those frames left out (and says why).
    """
    from ..result import load
    from ..text import for_terminal
    from .frames import FrameSource
    case = Path(case_dir)
    result = load(case)
    source = FrameSource(result, case, verify=True)     # each input is hashed once
    if not allow_missing:
        missing = [(i.path, source.locate(i.path)[1]) for i in result.inputs]
        missing = [(p, why) for p, why in missing if why]
        if missing:
            listed = "; ".join(f"{for_terminal(p)}: {for_terminal(why)}" for p, why in missing[:5])
            more = f"; and {len(missing) - 5} more" if len(missing) > 5 else ""
            raise InputsUnavailable(
                f"{len(missing)} of {len(result.inputs)} input(s) cannot be shown ({listed}{more}); "
                f"{case / REPORT_NAME} was left unchanged (allow a report without their frames "
                "with --allow-missing-inputs)")
    return _write(case, build_pdf(result, case, title=title, analyst=analyst, blur_faces=blur_faces,
                                  keep_individuals=keep_individuals, verify_inputs=True,
                                  _source=source))
