"""The shared base of every PDF: embedded DejaVu fonts, a named stylesheet, page geometry in mm,
a ``BaseDocTemplate`` with a first-page and a later-page template and "pagina x van y".

Geometry follows a Dutch A4 letter for a window envelope with the window on the left (the
address block sits in ``WINDOW_*``), with fold marks for folding in three. Every PDF is rendered
deterministically: ReportLab's invariant mode plus a creation date taken from the data, so the
same data gives the same bytes.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from collections.abc import Sequence
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.styles import StyleSheet1
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate
from reportlab.platypus import Flowable
from reportlab.platypus import Frame
from reportlab.platypus import PageTemplate
from reportlab.platypus import Paragraph

from swv_desktop.reports.fontcache import cache_subsets

StyleCommand = tuple[Any, ...]
"""One ``TableStyle`` command: ``(name, (col, row), (col, row), *values)``."""
PageCallback = Callable[[Canvas, BaseDocTemplate], None]
"""Draws the fixed parts of a page (letterhead, header) before the frame is filled."""
Footer = Callable[[Canvas, int, int], None]
"""Draws the footer of page ``x`` of ``y`` once the page count is known."""

# --- page geometry (mm) -------------------------------------------------------------------
PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
MARGIN_LEFT_MM = 25.0
MARGIN_RIGHT_MM = 20.0
MARGIN_BOTTOM_MM = 22.0
FOOTER_BASELINE_MM = 12.0
LETTERHEAD_TOP_MM = 14.0
LOGO_MAX_WIDTH_MM = 50.0
LOGO_MAX_HEIGHT_MM = 20.0

# The window of a Dutch window envelope (venster links), measured from the top-left corner.
WINDOW_LEFT_MM = 20.0
WINDOW_TOP_MM = 50.0
WINDOW_WIDTH_MM = 90.0
WINDOW_HEIGHT_MM = 45.0
WINDOW_PADDING_MM = 5.0
"""Distance from the window edge to the text, so no line slides out of sight in the envelope."""

# The reference column (datum, kenmerk ...) to the right of the window.
REFERENCE_LEFT_MM = 125.0
REFERENCE_TOP_MM = WINDOW_TOP_MM
REFERENCE_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_RIGHT_MM - REFERENCE_LEFT_MM

# Where the letter text starts on page 1, and on the following pages.
FIRST_BODY_TOP_MM = WINDOW_TOP_MM + WINDOW_HEIGHT_MM + 8.0
LATER_BODY_TOP_MM = 25.0
LATER_HEADER_BASELINE_MM = 14.0

# Fold marks for folding A4 in three (into a 110 x 220 mm envelope); punch mark at half height.
FOLD_MARKS_MM = (105.0, 210.0)
PUNCH_MARK_MM = PAGE_HEIGHT_MM / 2

# --- colours and fonts ----------------------------------------------------------------------
ACCENT = colors.HexColor("#1F3A5F")
ACCENT_LIGHT = colors.HexColor("#E8EEF5")
GREY = colors.HexColor("#5A5A5A")
RULE = colors.HexColor("#B8C4D2")

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
}


def from_top(y_mm: float) -> float:
    """A distance in mm from the top of the page as a ReportLab y coordinate (points)."""
    return (PAGE_HEIGHT_MM - y_mm) * mm


def fonts_dir() -> Path:
    """The folder holding the DejaVu TTF files, shipped inside the package."""
    folder = Path(__file__).resolve().parent.parent / "resources" / "fonts"
    if not (folder / FONT_FILES[FONT]).is_file():
        raise FileNotFoundError(f"De lettertypen (DejaVuSans.ttf) zijn niet gevonden in {folder}.")
    return folder


@functools.cache
def register_fonts() -> None:
    """Register the DejaVu fonts with ReportLab once per process (embedded, subset)."""
    # Embedded fonts as binary (Flate only) streams: smaller files and much faster to write.
    rl_config.useA85 = 0
    folder = fonts_dir()
    for name, filename in FONT_FILES.items():
        pdfmetrics.registerFont(cache_subsets(TTFont(name, str(folder / filename))))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD
    )


_STYLES: tuple[tuple[str, str, dict[str, Any]], ...] = (
    # name, parent, what differs from the parent
    ("BodyKeep", "Body", dict(spaceAfter=0)),
    ("BodyKeepNext", "Body", dict(keepWithNext=1)),
    ("Small", "Body", dict(fontSize=8, leading=10.5, spaceAfter=2)),
    ("SmallKeepNext", "Small", dict(keepWithNext=1)),
    ("RecordHead", "Body", dict(fontName=FONT_BOLD, keepWithNext=1, spaceAfter=2)),
    ("Address", "Body", dict(fontSize=10, leading=13.5, spaceAfter=0)),
    ("ReturnAddress", "Body", dict(fontSize=6.5, leading=8, textColor=GREY, spaceAfter=3)),
    ("RefLabel", "Body", dict(fontSize=7, leading=9, textColor=GREY, spaceAfter=0)),
    ("RefValue", "Body", dict(fontSize=8.5, leading=11, spaceAfter=4)),
    ("Subject", "Body", dict(fontName=FONT_BOLD, fontSize=11, leading=14, spaceAfter=10)),
    (
        "Heading",
        "Body",
        dict(
            fontName=FONT_BOLD,
            fontSize=10,
            leading=13,
            textColor=ACCENT,
            spaceBefore=6,
            spaceAfter=2,
            keepWithNext=1,
        ),
    ),
    ("HeadingLoose", "Heading", dict(keepWithNext=0)),
    ("Bullet", "Body", dict(leftIndent=12, bulletIndent=2, spaceAfter=2)),
    ("Cell", "Body", dict(fontSize=8, leading=10, spaceAfter=0)),
    ("CellRight", "Cell", dict(alignment=TA_RIGHT)),
    ("CellHead", "Cell", dict(fontName=FONT_BOLD, textColor=ACCENT)),
    ("CellHeadRight", "CellHead", dict(alignment=TA_RIGHT)),
    ("CellHeadSmall", "CellHead", dict(fontSize=7, leading=9)),
    ("CellHeadSmallRight", "CellHeadSmall", dict(alignment=TA_RIGHT)),
    (
        "Title",
        "Body",
        dict(fontName=FONT_BOLD, fontSize=18, leading=23, textColor=ACCENT, spaceAfter=4),
    ),
    ("Subtitle", "Body", dict(fontSize=11, leading=15, textColor=GREY)),
    ("H1", "Heading", dict(fontSize=13, leading=17, spaceBefore=12, spaceAfter=4)),
    (
        "Question",
        "Body",
        dict(fontName=FONT_ITALIC, textColor=GREY, spaceAfter=6, keepWithNext=1),
    ),
    (
        "Letterhead",
        "Body",
        dict(fontSize=7.5, leading=9.5, textColor=GREY, alignment=TA_RIGHT, spaceAfter=0),
    ),
    (
        "LetterheadName",
        "Letterhead",
        dict(fontName=FONT_BOLD, fontSize=12, leading=15, textColor=ACCENT),
    ),
    ("Left", "Body", dict(alignment=TA_LEFT)),
)
"""The named paragraph styles after ``Body``, each from an earlier one (its parent)."""


@functools.cache
def stylesheet() -> StyleSheet1:
    """The named paragraph styles of letters and reports."""
    register_fonts()
    sheet = StyleSheet1()
    sheet.add(ParagraphStyle("Body", fontName=FONT, fontSize=9, leading=12.5, spaceAfter=4))
    for name, parent, options in _STYLES:
        sheet.add(ParagraphStyle(name, parent=sheet[parent], **options))
    return sheet


def grid_style(padding: float) -> list[StyleCommand]:
    """The house grid of a table (letters and reports alike): an accent rule under the header
    row, thin rules under the others, cells at the top with ``padding`` points above and below
    and 3 at the sides."""
    return [
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]


_UNPRINTABLE = re.compile("[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_BREAKS = str.maketrans({"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\u2028": "\n", "\u2029": "\n"})


def printable(value: str) -> str:
    """``value`` with every line break as ``\n`` and without control characters, lone surrogates
    or non-characters: whatever the database holds, a PDF can show."""
    return _UNPRINTABLE.sub("", value.replace("\r\n", "\n").translate(_BREAKS))


def shorten(value: str, limit: int) -> str:
    """At most ``limit`` characters, with an ellipsis when cut (names in table cells)."""
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


_MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
_DATE = re.compile(rf"\b(\d{{1,2}}) ({_MONTHS}) (\d{{4}})\b")


def keep_together(value: str) -> str:
    """Non-breaking spaces inside amounts (``€ 8.000,00``) and dates (``1 november 2021``), so
    a line never breaks inside one."""
    value = value.replace("€ ", "€\u00a0")
    return _DATE.sub("\\1\u00a0\\2\u00a0\\3", value)


def text(value: str) -> str:
    """Plain text as safe Paragraph markup: XML-escaped, newlines kept as line breaks, amounts
    and dates unbreakable; characters no PDF can show are removed (``printable``)."""
    escaped = keep_together(html.escape(printable(value).strip(), quote=False))
    return escaped.replace("\n", "<br/>")


def para(value: str, style: str = "Body") -> Paragraph:
    """A Paragraph of plain (escaped) text in a named style."""
    return Paragraph(text(value), stylesheet()[style])


def markup(value: str, style: str = "Body") -> Paragraph:
    """A Paragraph of trusted markup (built in code, with user values escaped by ``text``)."""
    return Paragraph(value, stylesheet()[style])


def draw_paragraph(
    canvas: Canvas, value: str, style: str, x_mm: float, top_mm: float, width_mm: float
) -> float:
    """Draw trusted markup at a fixed place; returns the height used in mm."""
    p = Paragraph(value, stylesheet()[style])
    _w, h = p.wrap(width_mm * mm, PAGE_HEIGHT_MM * mm)
    p.drawOn(canvas, x_mm * mm, from_top(top_mm) - h)
    return float(h) / mm


@functools.lru_cache(maxsize=4096)
def split_line(line: str, font: str, size: float, width: float) -> tuple[str, ...]:
    """``line`` wrapped to ``width`` points (at least one, possibly empty, part); cached, since
    the letterhead, labels and fixed texts are the same on every letter. Breaks only at plain
    spaces: a non-breaking space (in a date or an amount) holds its words together."""
    if "\u00a0" not in line:
        return _hard_break(tuple(simpleSplit(line, font, size, width)) or ("",), font, size, width)
    lines: list[str] = []
    current = ""
    for word in line.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and stringWidth(candidate, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    return _hard_break(tuple(lines), font, size, width)


def _hard_break(lines: tuple[str, ...], font: str, size: float, width: float) -> tuple[str, ...]:
    """Lines still wider than ``width`` (one very long word) cut between characters, so a name
    never runs into the next column."""
    if all(stringWidth(line, font, size) <= width for line in lines):
        return lines
    out: list[str] = []
    for line in lines:
        current = ""
        for char in line:
            if current and stringWidth(current + char, font, size) > width:
                out.append(current)
                current = char
            else:
                current += char
        out.append(current)
    return tuple(out)


def draw_lines(
    canvas: Canvas,
    lines: Sequence[str],
    *,
    font: str,
    size: float,
    leading: float,
    x_mm: float,
    top_mm: float,
    width_mm: float,
    right: bool = False,
    color: colors.Color | None = None,
) -> float:
    """Draw plain text lines (wrapped to ``width_mm``) from ``top_mm`` down; returns mm used.

    Cheaper than a Paragraph for the fixed parts of a page (letterhead, address, references).
    """
    canvas.saveState()
    canvas.setFont(font, size)
    if color is not None:
        canvas.setFillColor(color)
    y = from_top(top_mm) - size
    used = 0.0
    for line in lines:
        for part in split_line(line, font, size, width_mm * mm):
            if right:
                canvas.drawRightString((x_mm + width_mm) * mm, y, part)
            else:
                canvas.drawString(x_mm * mm, y, part)
            y -= leading
            used += leading
    canvas.restoreState()
    return used / mm


def pdf_date(moment: datetime) -> Callable[..., str]:
    """A ReportLab date formatter that always writes ``moment`` (in UTC) as the PDF date."""
    stamp = moment.strftime("D:%Y%m%d%H%M%S+00'00'")
    return lambda *_args: stamp


def _numbered_canvas(creation: datetime, footer: Footer) -> type[Canvas]:
    """A canvas class that holds back pages until the end to draw "pagina x van y"."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict[str, Any]] = []
            self._doc.setDateFormatter(pdf_date(creation))  # type: ignore[attr-defined]

        def showPage(self) -> None:  # noqa: N802 - ReportLab API
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]

        def save(self) -> None:
            total = len(self._saved_pages)
            for number, state in enumerate(self._saved_pages, start=1):
                self.__dict__.update(state)
                footer(self, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas


class SwvDocTemplate(BaseDocTemplate):
    """A4 document with a first-page and a later-page template.

    ``first_page`` / ``later_pages`` draw the fixed parts of a page (letterhead, address block,
    header); ``footer(canvas, page, total)`` draws the footer once the page count is known.
    """

    def __init__(
        self,
        *,
        title: str,
        author: str,
        subject: str,
        creation: datetime,
        first_page: PageCallback,
        later_pages: PageCallback,
        footer: Footer,
        first_top_mm: float = FIRST_BODY_TOP_MM,
        later_top_mm: float = LATER_BODY_TOP_MM,
    ) -> None:
        register_fonts()
        self._buffer = BytesIO()
        super().__init__(
            self._buffer,
            pagesize=A4,
            title=title,
            author=author,
            subject=subject,
            creator="swv-desktop",
            producer="swv-desktop (ReportLab)",
            invariant=1,
            lang="nl-NL",
            leftMargin=MARGIN_LEFT_MM * mm,
            rightMargin=MARGIN_RIGHT_MM * mm,
            topMargin=later_top_mm * mm,
            bottomMargin=MARGIN_BOTTOM_MM * mm,
            initialFontName=FONT,
        )
        self._creation = creation
        self._footer = footer
        width = (PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM) * mm
        bottom = MARGIN_BOTTOM_MM * mm

        def frame(top_mm: float, name: str) -> Frame:
            """The body's frame from ``top_mm`` down to the bottom margin, without padding."""
            return Frame(
                MARGIN_LEFT_MM * mm,
                bottom,
                width,
                from_top(top_mm) - bottom,
                id=name,
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
            )

        first = frame(first_top_mm, "eerste")
        later = frame(later_top_mm, "volgende")
        self.addPageTemplates(
            [
                PageTemplate(
                    id="Eerste", frames=[first], onPage=first_page, autoNextPageTemplate="Volgende"
                ),
                PageTemplate(id="Volgende", frames=[later], onPage=later_pages),
            ]
        )

    @property
    def body_width(self) -> float:
        """The width of the text column in points."""
        return (PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM) * mm

    def render(self, story: Sequence[Flowable]) -> bytes:
        """Build the story and return the PDF bytes."""
        self.build(list(story), canvasmaker=_numbered_canvas(self._creation, self._footer))
        return self._buffer.getvalue()


def draw_footer_line(canvas: Canvas, left: str, page: int, total: int) -> None:
    """The standard footer: a thin rule, ``left`` text and "pagina x van y" on the right."""
    canvas.saveState()
    y = FOOTER_BASELINE_MM * mm
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.4)
    canvas.line(MARGIN_LEFT_MM * mm, y + 4 * mm, (PAGE_WIDTH_MM - MARGIN_RIGHT_MM) * mm, y + 4 * mm)
    canvas.setFont(FONT, 7.5)
    canvas.setFillColor(GREY)
    canvas.drawString(MARGIN_LEFT_MM * mm, y, left)
    canvas.drawRightString((PAGE_WIDTH_MM - MARGIN_RIGHT_MM) * mm, y, f"pagina {page} van {total}")
    canvas.restoreState()


def draw_fold_marks(canvas: Canvas) -> None:
    """Short marks at the left edge where the letter is folded, and a punch mark."""
    canvas.saveState()
    canvas.setStrokeColor(GREY)
    canvas.setLineWidth(0.3)
    for y_mm in FOLD_MARKS_MM:
        canvas.line(4 * mm, from_top(y_mm), 8 * mm, from_top(y_mm))
    canvas.line(4 * mm, from_top(PUNCH_MARK_MM), 7 * mm, from_top(PUNCH_MARK_MM))
    canvas.restoreState()
