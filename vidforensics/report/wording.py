"""Every sentence the report and the notebook views show, and how values are written.

The tool records observations and measurements; it never states a conclusion about the
footage. `BANNED_WORDS` lists words that must not appear in anything the tool writes
(PDF, JSON, CLI text); `find_banned` checks a text for them (whole words, any case).
Sentences live here so that they can be reviewed, and tested, in one place.
"""
from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import Any, Iterable

# Verdict words: never in any output (checked by `find_banned` and the tests).
BANNED_WORDS: tuple[str, ...] = (
    "fake", "fakes", "faked", "deepfake", "staged", "fabricated", "fabrication",  # banned
    "authentic", "authenticity", "genuine", "proof", "proven", "manipulated",  # banned
    "manipulation", "forged", "forgery", "doctored", "tampered",  # banned
)
_BANNED_RE = re.compile(r"\b(" + "|".join(BANNED_WORDS) + r")\b", re.IGNORECASE)


def find_banned(text: str) -> list[str]:
    """The banned words found in `text` (whole words, case-insensitive), in order."""
    return [m.group(0) for m in _BANNED_RE.finditer(text or "")]


def check(text: str) -> str:
    """Return `text` unchanged, or raise ValueError naming the banned words in it."""
    found = find_banned(text)
    if found:
        raise ValueError(f"verdict wording in tool text: {', '.join(sorted(set(found)))}")
    return text


# ------------------------------------------------------------------ standing text
STANDING_STATEMENT = (
    "This report records observations and measurements made by software. It states no "
    "conclusion about the footage: whether two segments come from the same recording, or two "
    "appearances show the same person, is for the examiner to judge from the frames and "
    "measurements set out here."
)

SCOPE = (
    "{n_inputs} video file(s) were read without modification, identified by SHA-256, split "
    "into shots, and every analysed frame was reduced to a perceptual hash. Segments whose "
    "frames look alike were grouped as repeated segments{people}. Each observation below is "
    "stated with its measurement, the threshold it was reported at, and the frames it rests on."
)
SCOPE_PEOPLE = ("; faces (and, within nearby shots, bodies) were compared to list individuals "
                "who appear more than once")

NOT_MEASURED = "supplied by the analyst, not measured by the tool"

ATTACHMENT_NOTE = (
    "The machine-readable findings (findings.json, schema {schema}) are attached to this PDF "
    "file; open the attachments panel of a PDF reader to extract them. SHA-256 of the "
    "attached file: {sha}."
)

NO_REPEATS = ("No repeated segments were reported at the parameters listed in the method "
              "section. This does not show that none exist (see Limitations).")
NO_INDIVIDUALS = ("No recurring individuals were reported at the parameters listed in the "
                  "method section. This does not show that none exist (see Limitations).")
PEOPLE_OFF = "Face and body comparison was not run for this case."
REPEATS_OFF = "The search for repeated segments was not run for this case."

KIND_TEXT = {
    "reuse": ("reuse: the same footage appears at more than one place; frames align one to one "
              "(allowing the transform listed)."),
    "retake": ("retake: similar footage that does not align frame for frame as a copy would, "
               "for example the same setting filmed again."),
    "mixed": ("mixed evidence: the measurements below do not decide between the same footage used "
              "again and the same set-up filmed again, or the pairs of this group disagree."),
}

KIND_HEADING = "Reuse or retake, and the measurements behind it (per pair):"
REGIONS_NOTE = ("Regions that differ most after registration (outlined and numbered on the map; box as "
                "x and y ranges in fractions of the frame): ")


def region_text(k: int, r: dict) -> str:
    try:
        x0, y0, x1, y1 = r["box"]
        return (f"{k + 1}: x {x0:.2f}-{x1:.2f}, y {y0:.2f}-{y1:.2f}, {100 * float(r['share']):.1f} % "
                f"of the frame")
    except (KeyError, TypeError, ValueError):
        return f"{k + 1}: (not recorded)"


def _pct(v) -> str:
    return "not measured" if not isinstance(v, (int, float)) else f"{100 * v:.0f} %"


def kind_text(a: str, b: str, p: dict) -> str:
    """One line per pair: its kind, the reason, and the measurements."""
    m = p.get("kind_measurements") or {}
    text = (f"members {a} and {b}: {p.get('kind', '?')} ({p.get('kind_reason', '')}). Moving picture "
            f"that moves identically {_pct(m.get('identical_motion'))}; still picture that agrees "
            f"(background match) {_pct(m.get('background_match'))}; share of the picture moving "
            f"{_pct(m.get('moving_share'))}; change correlation "
            f"{'not measured' if m.get('change_correlation') is None else number(m['change_correlation'])}; "
            f"background detail that agrees {_pct(m.get('background_detail_match'))}; "
            f"frames best matched on the alignment "
            f"{_pct(m.get('lock_ratio'))}; motion correlation "
            f"{'not measured' if m.get('motion_correlation') is None else number(m['motion_correlation'])}; "
            f"{m.get('frame_pairs_measured', 0)} frame pairs measured")
    regs = [(d.get("a_time_s"), d.get("b_time_s"), d.get("regions") or []) for d in m.get("differing_regions") or []]
    regs = [x for x in regs if x[2]]
    if regs:
        ta, tb, rr = max(regs, key=lambda x: sum(r.get("share", 0) for r in x[2]))
        text += (f". Largest differing regions at {number(ta)} s / {number(tb)} s: "
                 + "; ".join(region_text(k, r) for k, r in enumerate(rr)))
    return text

GROUP_INTRO = (
    "{n} segments whose frames look alike under the {hash} hash. Distances are Hamming "
    "distances between frame hashes (0 = identical hashes, {bits} = every bit differs); frames "
    "were counted as aligned at distance {threshold} or less."
)
PAIR_FRAMES_CAPTION = ("Aligned frames: top row {a}, bottom row {b}; the time under each frame "
                       "is its presentation time (mm:ss.ss) and frame number.")
DIFF_CAPTION = (
    "Difference map of the aligned pair with the largest distance ({dist}): absolute "
    "difference of the two frames after the listed transform was undone; dark = alike, "
    "bright = different."
)
FRAMES_UNAVAILABLE = "Frames could not be shown: {reason}."
FALLBACK_ALIGNMENT = ("Frames were taken at the recorded sample times. For the difference map, "
                      "edge bars were trimmed and the recorded crop and mirroring applied to the "
                      "second member before resizing it onto the first.")
REGISTERED_NOTE = ("Bottom-row frames are shown registered onto the top row (mirroring, crop, "
                   "scale and shift undone, brightness matched), as they were compared.")

INDIVIDUAL_INTRO = (
    "{n} appearances whose {cues} are visually similar to one another under the stated "
    "threshold. This is not an identification; it lists where similar-looking "
    "{cues} were detected so that an examiner can compare them."
)
FACE_CROP_CAPTION = ("One crop per appearance, from the representative frame; under each: "
                     "video, shot, time.")
BLURRED_NOTE = ("Faces in this report were blurred at the analyst's request (--blur-faces); "
                "{kept} Automatic detection can miss faces: check every image before sharing "
                "this report.")
KEPT_CLEAR = "the faces of {ids} stay clear."
NONE_KEPT = "no individual is kept clear."


def blurred_note(kept: tuple[str, ...] | list[str]) -> str:
    return BLURRED_NOTE.format(kept=KEPT_CLEAR.format(ids=", ".join(kept)) if kept else NONE_KEPT)
BLURRED_INDIVIDUAL = "The crops of this individual are blurred (not among the individuals kept clear)."
CROP_MISSING = "not shown"

LIMITATIONS: tuple[str, ...] = (
    "A repeated segment means that frames look alike to a perceptual hash at the stated "
    "distance. It does not establish that they come from the same recording, nor which copy "
    "came first.",
    "Black, uniform, two-tone and very low-detail frames (fades, title cards, logos) were "
    "marked low-information and excluded from matching, because perceptual hashes of such "
    "frames collide. Static backgrounds can still make unrelated moments look alike.",
    "An empty result does not show that nothing is repeated: heavily transformed copies "
    "(off-centre crops, overlays, rotation, picture-in-picture, strong colour changes) and "
    "segments shorter than the minimum duration can go unnoticed.",
    "Face similarity is not identification. A recurring individual is a group of detected "
    "faces (or, within nearby shots, bodies in similar clothes) that are visually similar "
    "under the stated threshold. The tool never compares faces with external galleries or "
    "databases.",
    "Face recognition error rates differ across demographic groups: NIST IR 8280 (2019) "
    "measured false-positive rates 2 to 5 times higher for some groups in many algorithms, "
    "and 10 to 100 times higher in some. Check every link between appearances by eye.",
    "Small, turned, occluded or blurred faces may not be detected, so a person can appear in "
    "more places than listed, and two listed individuals can be one person.",
    "Platforms re-encode uploads and usually strip or rewrite metadata (creation dates, "
    "device, location). Missing metadata says nothing about where a file came from, and "
    "metadata that is present can have been rewritten.",
    "Container dates are reported as stored. They often carry no time zone, and devices "
    "differ in whether they write local time or UTC.",
    "Times are presentation timestamps of the decoded stream. In variable-frame-rate files, "
    "frame numbers and times do not map linearly.",
    "Frames in this report are re-encoded for display; examine the original files for detail.",
    "Face analysis processes biometric data (special-category data under GDPR Art. 9). Use "
    "it only on a lawful basis, and blur faces of people not under examination before "
    "sharing (--blur-faces).",
)

STAGE_TEXT = {
    "probe": ("Identity and metadata: each input was opened read-only; its SHA-256 was computed "
              "over the whole file and its container and stream metadata read with FFmpeg."),
    "decode": ("Decoding: frames were decoded in presentation order with FFmpeg (through PyAV); "
               "{sampling}."),
    "hashing": ("Hashing: each analysed frame was reduced to a small grey thumbnail, edge bars "
                "(letterbox, pillarbox) were trimmed, and a 256-bit PDQ-style perceptual hash "
                "was computed, also for transformed versions of the frame ({variants}). Frames "
                "with little detail were marked low-information."),
    "shots": ("Shots: boundaries were placed where the content change between frames exceeded "
              "the cut threshold (and the adaptive ratio), or where a gradual transition "
              "accumulated enough change; shorter shots than the minimum were merged."),
    "matching": ("Repeated segments: frame hashes of all inputs were compared by Hamming "
                 "distance; runs of aligned frames along a common time offset (allowing the "
                 "listed speed ratios, crops and mirroring) were reported when they lasted at "
                 "least the minimum duration. A shot is not compared with itself."),
    "people": ("Recurring individuals: faces were detected in frames sampled at the listed "
               "rate, described by a face-embedding model, and linked when their distance was "
               "within the threshold; bodies in similar clothes were linked only within "
               "nearby shots."),
}
SAMPLING_ALL = "every decoded frame was analysed"
SAMPLING_FPS = "at most {fps:g} frames per second were analysed"
STAGE_OFF = "{stage}: not run for this case."

PARAMETERS_INTRO = ("Every parameter of this analysis, as recorded in findings.json. Values "
                    "left at their defaults are listed too.")
APPENDIX_INTRO = ("How to repeat the analysis (command, software versions), the method, every "
                  "parameter, the model files and the processing log, so that another examiner "
                  "can repeat it with the same tools and parameters.")
PROCESSING_LOG_TRUNCATED = "{n} further log lines are in the attached findings.json."
MORE_ROWS = "{n} further rows are in the attached findings.json."
ERRORS_INTRO = "These inputs could not be analysed; each is listed with the reason:"
UNAVAILABLE_INTRO = ("When this report was rendered, the frames of these inputs could not be shown "
                     "(each is listed with the reason). Every figure about them in this report "
                     "comes from findings.json, recorded when they were analysed:")
IDENTICAL_INTRO = ("These inputs were not analysed again: each is the same file as, or "
                   "byte-identical to (same SHA-256), an input listed above, so its findings are "
                   "those of that input.")
IDENTICAL_RELATION = {"same file": "the same file (hard link or another spelling of its path)",
                      "identical content": "byte-identical copy (same SHA-256)"}

FOOTER = "Observations and measurements only; no conclusions about the footage."
SUBTITLE = "Evidence report: observations and measurements on video files"
INPUTS_INTRO = ("Each input was opened read-only and is identified by the SHA-256 of the whole "
                "file. Metadata are reported as stored in the file.")
TIMELINES_INTRO = (
    "One timeline per input. Shots are drawn as alternating bands numbered from 0; a triangle "
    "marked D or F shows a dissolve or fade into the shot. Coloured bars on the lanes below mark "
    "members of repeated-segment groups, dark bars the appearances of recurring individuals. "
    "Times are mm:ss from the start of the file.")
NO_SHOTS = "No shots were recorded for this input."
PAIRS_NOTE = (
    "Threshold: frames at distance {threshold} or less count as aligned. 'Off alignment' is the "
    "median distance of the same frames compared at other time offsets, a baseline for "
    "unrelated frames. Score: mean of (threshold - distance) / threshold over aligned frames.")
TRANSFORM_HEADING = "Transform between members:"
FURTHER_VALUES = "Further recorded values"
PER_APPEARANCE = "Per appearance"
NOT_COMPARED = ("Faces seen but not compared (per shot): these faces were detected but were too small, "
                "too turned, too unsharp or not confirmed by a second detector, so nothing is said about them")
NEAR_MISSES = ("Face pairs near the threshold that were not linked, and why (distance raised for lower "
               "face quality before it is held against the threshold)")
INDIVIDUAL_MEASUREMENTS = ("Recorded measurements (matrices: one row and column per appearance; "
                           "a dash where no value was measured)")
NO_LOG = "No processing log was recorded."


# ------------------------------------------------------------------ formatting
def timecode(seconds: float | None, *, decimals: int = 2) -> str:
    """`mm:ss.ss` (or `h:mm:ss.ss` from one hour), never rounding past the displayed digit."""
    if seconds is None or not math.isfinite(seconds):
        return "?"
    sign = "-" if seconds < 0 else ""
    scale = 10 ** decimals
    total = int(round(abs(seconds) * scale))
    whole, frac = divmod(total, scale)
    h, rem = divmod(whole, 3600)
    m, s = divmod(rem, 60)
    tail = f".{frac:0{decimals}d}" if decimals else ""
    if h:
        return f"{sign}{h}:{m:02d}:{s:02d}{tail}"
    return f"{sign}{m:02d}:{s:02d}{tail}"


def time_range(start_s: float, end_s: float) -> str:
    return f"{timecode(start_s)}-{timecode(end_s)}"


def size_text(n: int | None) -> str:
    if n is None:
        return "?"
    units = ("bytes", "KiB", "MiB", "GiB", "TiB")
    v, u = float(n), 0
    while v >= 1024 and u < len(units) - 1:
        v /= 1024
        u += 1
    human = f"{int(v)} bytes" if u == 0 else f"{v:.1f} {units[u]}"
    return human if u == 0 else f"{human} ({n:,} bytes)"


def rate_text(rate: Fraction | None, vfr: bool = False) -> str:
    if rate is None:
        return "unknown"
    exact = f"{rate.numerator}/{rate.denominator}" if rate.denominator != 1 else f"{rate.numerator}"
    text = f"{float(rate):.3f}".rstrip("0").rstrip(".") + " fps"
    if exact != text.split()[0]:
        text += f" ({exact})"
    if vfr:
        text += ", variable frame rate (average shown)"
    return text


def number(v: Any) -> str:
    """A parameter or measurement value as text (no scientific notation for common sizes)."""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if v is None:
        return "none"
    if isinstance(v, float):
        if not math.isfinite(v):
            return str(v)
        return f"{v:.4f}".rstrip("0").rstrip(".") if abs(v) < 1e6 else f"{v:.6g}"
    if isinstance(v, (list, tuple)):
        return ", ".join(number(x) for x in v) if v else "none"
    if isinstance(v, dict):
        return "; ".join(f"{k}: {number(x)}" for k, x in v.items()) if v else "none"
    return str(v)


def humanize_key(key: str) -> str:
    return str(key).replace("_", " ")


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def all_tool_text() -> Iterable[str]:
    """Every fixed sentence in this module (for tests and review)."""
    for name, value in globals().items():
        if name.isupper() and name != "BANNED_WORDS":
            if isinstance(value, str):
                yield value
            elif isinstance(value, tuple):
                yield from (v for v in value if isinstance(v, str))
            elif isinstance(value, dict):
                yield from (v for v in value.values() if isinstance(v, str))

# ------------------------------------------------------------------ summary, contents, custody
SUMMARY_HEADING = "Summary of observations"
SUMMARY_INTRO = (
    "{groups} and {people} were reported across {inputs}. Each row shows one frame pair (the "
    "first pair of members, or the first two appearances), the times, the key measurement and "
    "the page where the evidence is set out. Members and appearances are numbered from 1; shots "
    "and frames from 0, as in findings.json.")
SUMMARY_NONE = ("Nothing was reported at the parameters used; this does not show that nothing "
                "is repeated (see Limitations).")
CONTENTS_HEADING = "Contents"
CONTENTS_MORE = "{n} further entries are in the PDF bookmarks."
CHANGED_HEADING = "Parameters changed from the defaults"
CHANGED_INTRO = ("Only parameters that differ from the defaults of this version are listed "
                 "here; the method and every parameter are in the appendix.")
CHANGED_NONE = "Every analysis parameter was left at its default (see the appendix)."
CUSTODY_HEADING = "Chain of custody"
CUSTODY_INTRO = (
    "Received from, received by, time of receipt and the SHA-256 at receipt are supplied by the "
    "analyst, not measured by the tool. The SHA-256 at receipt is set against the SHA-256 "
    "measured at analysis.")
CUSTODY_NONE = "No chain-of-custody details were supplied for any input."
RECEIPT_MATCHES = "matches the SHA-256 measured at analysis"
RECEIPT_DIFFERS = "DIFFERS from the SHA-256 measured at analysis"
RECEIPT_MISSING = "not supplied"
REPRODUCE_HEADING = "Reproducing the analysis"
REPRODUCE_INTRO = (
    "With the same input files (same SHA-256), the same tool and library versions listed below "
    "and this command run from the same working directory, the analysis gives the same "
    "findings.json apart from its creation time.")
RECEIPT_DIFFERS_NOTE = (
    "For at least one input the SHA-256 at receipt differs from the SHA-256 measured at "
    "analysis: the file analysed is not byte for byte the file recorded at receipt.")
NUMBERING_NOTE = ("Members and appearances are numbered from 1; shots and frames from 0, as in "
                  "findings.json, the report and the viewer.")
