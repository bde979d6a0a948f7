"""The PDF document: page layout, text, tables and images (fpdf2, bundled DejaVu Sans).

`build(context)` lays out every section and returns the PDF bytes. Output is
deterministic: the creation date and the attachment's dates come from the run's time
(`created_utc` in run-log.json; a fixed date when it is not recorded), images are encoded
without metadata, so the same findings give the same bytes. Text in scripts that need it is
shaped with HarfBuzz (Arabic joins) and laid out by the Unicode bidirectional algorithm
(`report/bidi.py`): each run is shaped in its own direction and the runs of a line are drawn
in visual order; file names (`bidi.Name`) stay left to right as a whole.
"""
from __future__ import annotations

import datetime as _dt
import functools
import io
import logging
from importlib import resources
from typing import Any, Sequence

from . import wording as W
from .bidi import Fields, Name, runs, visual_order, without_isolates

log = logging.getLogger("vidforensics.report")

PAGE_W, MARGIN = 210.0, 15.0
CONTENT_W = PAGE_W - 2 * MARGIN
GREY = (90, 90, 90)
LIGHT = (235, 238, 242)


class User(str):
    """Text that comes from the user or the file (names, tags, notes), not tool wording."""


class UserName(User, Name):
    """A file name or path from the user or the file: escaped like `User`, laid out left to
    right as a whole like `Name`."""


def shown(value: Any, limit: int | None = None) -> User:
    """One user- or file-supplied value as the report shows it (see `vidforensics.text`)."""
    from ..text import DISPLAY_LIMIT, for_display
    return User(for_display(value, DISPLAY_LIMIT if limit is None else limit))


class UserFields(User, Fields):
    """`key: value` lines from the user or the file: escaped like `User`, each value laid out
    in its own direction like `Fields`."""


def shown_name(value: Any, limit: int | None = None) -> UserName:
    """A file name or path as the report shows it: like `shown`, laid out left to right."""
    return UserName(shown(value, limit))


MAX_CELL_LINES = 40


def cut_cell(text: str, width_mm: float = CONTENT_W, size: float = 7.5) -> str:
    """A table cell's text, cut (with a marker) so that its row fits on one page: at most
    about MAX_CELL_LINES wrapped lines in a column `width_mm` wide."""
    per_line = max(8, int(width_mm / (size * 0.21)))      # a generous character width
    budget, kept, used = MAX_CELL_LINES - 2, [], 0
    for line in text.split("\n"):
        n = max(1, -(-len(line) // per_line))
        if used + n > budget:
            room = (budget - used) * per_line
            if room > 0:
                kept.append(line[:room])
            break
        kept.append(line)
        used += n
    else:
        return text
    short = "\n".join(kept)
    return type(text)(short + f" … [{len(text) - len(short):,} more characters; see findings.json]")


def safe_lines(text: str, limit: int = 20000) -> str:
    """`text` with its line breaks kept and everything else unsafe escaped, cut at `limit`."""
    from ..text import for_display
    lines = text.split("\n")
    out = "\n".join(for_display(line, None) for line in lines)
    return out if len(out) <= limit else out[:limit] + " … [cut; the full text is in findings.json]"


def needs_shaping(text: str) -> bool:
    """True for text in scripts that need HarfBuzz shaping or bidi reordering (Hebrew,
    Arabic, Syriac, Thaana, Indic, Thai and further; presentation forms). Latin, Greek and
    Cyrillic render correctly without it, and shaping every table cell is slow."""
    for ch in text:
        o = ord(ch)
        if 0x0590 <= o <= 0x1CFF or 0xA800 <= o <= 0xABFF or 0xFB1D <= o <= 0xFEFF or 0x10800 <= o <= 0x1EFFF:
            return True
    return False


def needs_cjk(text: str) -> bool:
    """True when `text` has Chinese, Japanese or Korean characters (DejaVu Sans has none)."""
    return any(0x2E80 <= ord(c) <= 0x9FFF or 0xAC00 <= ord(c) <= 0xD7A3 or 0xF900 <= ord(c) <= 0xFAFF
               or 0xFF00 <= ord(c) <= 0xFFEF or 0x1100 <= ord(c) <= 0x11FF for c in text)


def created_datetime(created_utc: str | None) -> _dt.datetime:
    try:
        return _dt.datetime.strptime(created_utc[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=_dt.timezone.utc)
    except (ValueError, TypeError):
        return _dt.datetime(2000, 1, 1, tzinfo=_dt.timezone.utc)


def _fpdf_class():
    from fpdf import FPDF

    class ReportPDF(FPDF):
        """A4 portrait, 15 mm margins, DejaVu Sans; header and footer on every page."""

        def __init__(self, *, header_text: str, cjk: bool = False):
            super().__init__(orientation="P", unit="mm", format="A4")
            fonts = resources.files("vidforensics.report").joinpath("fonts")
            with resources.as_file(fonts.joinpath("DejaVuSans.ttf")) as regular, \
                    resources.as_file(fonts.joinpath("DejaVuSans-Bold.ttf")) as bold:
                self.add_font("DejaVu", "", str(regular))
                self.add_font("DejaVu", "B", str(bold))
            if cjk:     # Chinese, Japanese, Korean glyphs (loaded only when the case has some)
                with resources.as_file(fonts.joinpath("DroidSansFallback-CJK.ttf")) as path:
                    self.add_font("DroidCJK", "", str(path))
                self.set_fallback_fonts(["DroidCJK"], exact_match=False)
            self._shaping = None
            self._layout = {"name": False, "fields": False}
            try:
                self.set_text_shaping(True)
                self._shaping = self.text_shaping
                self.text_shaping = None
            except Exception:  # uharfbuzz missing: text still renders, Arabic unjoined
                log.warning("uharfbuzz is not installed: Arabic text will not be shaped")
            self.set_margins(MARGIN, 17, MARGIN)
            self.set_auto_page_break(True, 17)
            self.header_text = header_text
            self.tool_text: list[str] = []
            self.set_font("DejaVu", "", 9)

        # ---------------------------------------------------------- shaping on demand
        def _shape_for(self, text: Any) -> None:
            self._layout = {"name": isinstance(text, Name), "fields": isinstance(text, Fields)}
            if self._shaping is not None:
                self.text_shaping = self._shaping if needs_shaping(str(text or "")) else None

        def _preload_bidirectional_text(self, text, markdown):
            """fpdf2's hook that cuts a text into fragments: one fragment per bidi run, each
            shaped in its run's direction and carrying its embedding level for `_render_styled_
            text_line`. Without shaping (Latin, Greek, Cyrillic, CJK) fpdf2's own path runs."""
            if not self.text_shaping:
                return super()._preload_bidirectional_text(text, markdown)
            from fpdf.enums import TextDirection
            fragments: list = []
            for chunk, level, base in runs(text, **self._layout):
                self.text_shaping["paragraph_direction"] = TextDirection.RTL if base else TextDirection.LTR
                self.text_shaping["fragment_direction"] = TextDirection.RTL if level % 2 else TextDirection.LTR
                self.text_shaping["bidi_level"] = (level, base)
                fragments.extend(self._preload_font_styles(chunk, markdown))
            self.text_shaping.pop("bidi_level", None)
            return tuple(fragments)

        def _render_styled_text_line(self, text_line, *args, **kwargs):
            frags = text_line.fragments
            if frags and all((f.text_shaping_parameters or {}).get("bidi_level") for f in frags):
                text_line = _levelled_line()(*text_line)
            return super()._render_styled_text_line(text_line, *args, **kwargs)

        def cell(self, w=None, h=None, text="", *args, **kwargs):
            self._shape_for(text)
            return super().cell(w, h, self._unshaped(text), *args, **kwargs)

        def multi_cell(self, w, h=None, text="", *args, **kwargs):
            self._shape_for(text)
            return super().multi_cell(w, h, self._unshaped(text), *args, **kwargs)

        def _unshaped(self, text):
            """fpdf2's own path (no shaping needed or none available) never sees the isolate
            marks of `bidi.isolate`; the shaping path drops them itself."""
            if self.text_shaping or not isinstance(text, str):
                return text
            out = without_isolates(text)
            return text if out is text else type(text)(out)

        # ---------------------------------------------------------- page furniture
        def header(self) -> None:
            if self.page_no() == 1:
                return
            self.set_y(8)
            self.set_font("DejaVu", "", 7)
            self.set_text_color(*GREY)
            self.cell(CONTENT_W * 0.7, 4, self._fit(self.header_text, CONTENT_W * 0.7 - 2),
                      new_x="RIGHT", new_y="TOP")
            self.cell(CONTENT_W * 0.3, 4, "vidforensics report", align="R", new_x="LMARGIN", new_y="NEXT")
            self.set_draw_color(200, 200, 200)
            self.line(MARGIN, 12.5, PAGE_W - MARGIN, 12.5)
            self.set_y(17)
            self.set_text_color(0, 0, 0)
            self.set_font("DejaVu", "", 9)

        def _fit(self, text: str, width: float) -> str:
            """`text` shortened with an ellipsis to fit `width` (running heads only)."""
            text = text[:400]           # never measure more than a line could hold
            if self.get_string_width(text) <= width:
                return text
            lo, hi = 0, len(text)       # longest prefix that fits, by bisection
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if self.get_string_width(text[:mid] + "…") <= width:
                    lo = mid
                else:
                    hi = mid - 1
            return text[:lo].rstrip() + "…"

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("DejaVu", "", 7)
            self.set_text_color(*GREY)
            self.cell(CONTENT_W * 0.8, 4, W.FOOTER, new_x="RIGHT", new_y="TOP")
            self.cell(CONTENT_W * 0.2, 4, f"page {self.page_no()} of {{nb}}", align="R")
            self.set_text_color(0, 0, 0)

        # ---------------------------------------------------------- text
        def _record(self, text: Any) -> str:
            text = "" if text is None else str(text) if not isinstance(text, str) else text
            if isinstance(text, User):       # a safety net: sections escape each value already
                return type(text)(safe_lines(text))
            self.tool_text.append(text)
            return text

        def ensure(self, height: float) -> None:
            """Start a new page unless `height` mm fit below the current position."""
            if self.get_y() + height > self.page_break_trigger:
                self.add_page()

        def heading(self, text: str, level: int = 0) -> None:
            size = (15, 11.5, 9.5)[level]
            self.ensure((24, 18, 12)[level])
            if level == 0:
                self.ln(1)
            else:
                self.ln(2.5 if level == 1 else 1.5)
            if level < 2:
                self.start_section(self._plain(text), level=level, strict=False)
            self.set_font("DejaVu", "B", size)
            self.multi_cell(0, size * 0.5, self._record(text), new_x="LMARGIN", new_y="NEXT")
            if level == 0:
                self.set_draw_color(60, 60, 60)
                self.line(MARGIN, self.get_y() + 0.8, PAGE_W - MARGIN, self.get_y() + 0.8)
                self.ln(3)
            else:
                self.ln(1)
            self.set_font("DejaVu", "", 9)

        @staticmethod
        def _plain(text: str) -> str:
            return str(text)[:120]

        def para(self, text: str, *, size: float = 9, bold: bool = False, colour=None,
                 gap: float = 1.5, align: str = "L") -> None:
            self.set_font("DejaVu", "B" if bold else "", size)
            if colour:
                self.set_text_color(*colour)
            self.multi_cell(0, size * 0.47, self._record(text), new_x="LMARGIN", new_y="NEXT",
                            align=align)
            self.set_text_color(0, 0, 0)
            self.set_font("DejaVu", "", 9)
            self.ln(gap)

        def note(self, text: str) -> None:
            self.para(text, size=7.5, colour=GREY, gap=1.2)

        def bullets(self, items: Sequence[str], *, size: float = 8.5) -> None:
            self.set_font("DejaVu", "", size)
            for item in items:
                self.ensure(size * 1.2)
                x = self.get_x()
                self.cell(4, size * 0.47, "•")
                self.set_x(x + 4)
                self.multi_cell(CONTENT_W - 4, size * 0.47, self._record(item), new_x="LMARGIN",
                                new_y="NEXT", align="L")
                self.ln(0.8)
            self.set_font("DejaVu", "", 9)

        def boxed(self, text: str, *, size: float = 9) -> None:
            self.set_font("DejaVu", "B", size)
            self.set_fill_color(*LIGHT)
            self.set_draw_color(120, 120, 120)
            self.multi_cell(0, size * 0.5, self._record(text), border=1, fill=True, padding=2.5,
                            new_x="LMARGIN", new_y="NEXT")
            self.set_fill_color(255, 255, 255)
            self.set_font("DejaVu", "", 9)
            self.ln(2)

        # ---------------------------------------------------------- tables
        def table_rows(self, rows: Sequence[Sequence[Any]], *, widths: Sequence[float],
                       headings: Sequence[str] | None = None, size: float = 7.5,
                       align: str = "LEFT", key_bold: bool = False) -> None:
            """A wrapped table; `widths` are fractions of the content width; nothing is cut."""
            from fpdf.fonts import FontFace
            if not rows and not headings:
                return
            self.set_font("DejaVu", "", size)
            self.set_draw_color(190, 190, 190)
            self.ensure(size * 1.6 * (2 if headings else 1))
            style = FontFace(emphasis="BOLD", fill_color=LIGHT)
            with self.table(col_widths=tuple(widths), width=CONTENT_W, align="LEFT",
                            text_align=align,
                            first_row_as_headings=bool(headings), headings_style=style,
                            line_height=size * 0.47, padding=(0.9, 1.2),
                            borders_layout="HORIZONTAL_LINES" if headings else "INTERNAL",
                            v_align="TOP") as table:
                if headings:
                    row = table.row()
                    for h in headings:
                        row.cell(self._record(h))
                for r in rows:
                    row = table.row()
                    for k, value in enumerate(r):
                        text = self._record(W.number(value) if not isinstance(value, str) else value)
                        text = cut_cell(text, CONTENT_W * widths[k] / sum(widths), size)
                        if key_bold and k == 0:
                            row.cell(text, style=FontFace(emphasis="BOLD"))
                        else:
                            row.cell(text)
            self.set_font("DejaVu", "", 9)
            self.ln(2)

        def kv(self, rows: Sequence[tuple[str, Any]], *, key_w: float = 0.25, size: float = 7.5) -> None:
            self.table_rows(rows, widths=(key_w, 1 - key_w), size=size, key_bold=True)

        # ---------------------------------------------------------- images
        def picture(self, data: bytes, x: float, y: float, w: float, h: float) -> None:
            self.image(io.BytesIO(data), x=x, y=y, w=w, h=h)

        def caption(self, text: str, x: float, y: float, w: float, *, size: float = 6.2) -> float:
            """Centred wrapped caption; returns its bottom y."""
            self.set_xy(x, y)
            self.set_font("DejaVu", "", size)
            self.multi_cell(w, size * 0.42, self._record(text), align="C", new_x="LEFT", new_y="NEXT")
            bottom = self.get_y()
            self.set_font("DejaVu", "", 9)
            return bottom

    return ReportPDF


@functools.lru_cache(maxsize=None)
def _levelled_line():
    """An fpdf2 `TextLine` whose fragments are drawn in UAX #9 visual order (each fragment
    carries its run's `bidi_level`, set by `ReportPDF._preload_bidirectional_text`)."""
    from fpdf.line_break import TextLine

    class LevelledLine(TextLine):
        def get_ordered_fragments(self):
            marks = [f.text_shaping_parameters["bidi_level"] for f in self.fragments]
            blank = ["".join(f.characters).strip() == "" for f in self.fragments]
            order = visual_order([m[0] for m in marks], marks[0][1] if marks else 0, blank)
            return [self.fragments[i] for i in order]

    return LevelledLine


def build(ctx) -> bytes:
    """Lay out the whole report for a `sections.Context` and return the PDF bytes."""
    from . import evidence, sections, summary

    cls = _fpdf_class()
    pdf = cls(header_text=shown(ctx.title or "Untitled case", 200),
              cjk=needs_cjk(ctx.findings_bytes.decode("utf-8", "replace") + (ctx.title or "")
                            + (ctx.analyst or "")))
    when = created_datetime(ctx.result.created_utc)
    pdf.set_creation_date(when)
    pdf.set_title(shown(ctx.title, 500) if ctx.title
                  else f"vidforensics report {ctx.result.created_utc or ''}".strip())
    pdf.set_author(shown(ctx.analyst, 500) if ctx.analyst else "not given")
    pdf.set_keywords("vidforensics; " + "; ".join(i.sha256 for i in ctx.result.inputs))
    pdf.set_subject("Observations and measurements on video files")
    pdf.set_creator(f"vidforensics {ctx.result.tool.get('version', '')}".strip())
    pdf.set_lang("en")

    sections.cover(pdf, ctx)
    summary.reserve(pdf, ctx)            # summary + contents, drawn last into reserved pages
    sections.inputs(pdf, ctx)
    evidence.timelines(pdf, ctx)
    evidence.repeated_segments(pdf, ctx)
    evidence.individuals(pdf, ctx)
    sections.limitations(pdf, ctx)
    sections.appendix(pdf, ctx)

    pdf.embed_file(bytes=ctx.findings_bytes, basename="findings.json",
                   desc="vidforensics findings (machine-readable observations)",
                   creation_date=when, modification_date=when, compress=True,
                   mime_type="application/json")
    from .safe import tool_words
    paths = [i.path for i in ctx.result.inputs] + [e.get("path", "") for e in ctx.result.errors]
    user = [f(p) for p in paths for f in (ctx.name, ctx.tag)]
    banned = W.find_banned(tool_words(pdf.tool_text, user + sorted(getattr(ctx.source, "names_shown", ()))))
    if banned:
        log.warning("report wording contains %s", ", ".join(sorted(set(banned))))
    return bytes(pdf.output())
