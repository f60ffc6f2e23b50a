"""The page of every PDF: A4 geometry in mm, a ``BaseDocTemplate`` with a first-page and a
later-page template and "pagina x van y", and what is drawn at a fixed place on a page (footer
line, fold marks, lines of text).

Geometry follows a Dutch A4 letter for a window envelope with the window on the left (the
address block sits in ``WINDOW_*``), with fold marks for folding in three. Every PDF is rendered
deterministically: ReportLab's invariant mode plus a creation date taken from the data, so the
same data gives the same bytes. Fonts, colours and the stylesheet are in ``styles``.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from datetime import datetime
from io import BytesIO
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate
from reportlab.platypus import Flowable
from reportlab.platypus import Frame
from reportlab.platypus import PageTemplate

from swv_desktop.reports.styles import FONT
from swv_desktop.reports.styles import GREY
from swv_desktop.reports.styles import RULE
from swv_desktop.reports.styles import register_fonts
from swv_desktop.reports.text import split_line

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


def from_top(y_mm: float) -> float:
    """A distance in mm from the top of the page as a ReportLab y coordinate (points)."""
    return (PAGE_HEIGHT_MM - y_mm) * mm


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
