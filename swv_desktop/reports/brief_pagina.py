"""The fixed parts of a letter's pages (a beschikking, a vaststellingsbrief): letterhead, the address block in the envelope window
(with a return-address line that never wraps), the reference column (ending above the fold at
105 mm), the header of later pages and the footer."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate
from reportlab.platypus import Flowable

from swv_desktop.formatting import long_date
from swv_desktop.reports.base import LATER_HEADER_BASELINE_MM
from swv_desktop.reports.base import LETTERHEAD_TOP_MM
from swv_desktop.reports.base import LOGO_MAX_HEIGHT_MM
from swv_desktop.reports.base import LOGO_MAX_WIDTH_MM
from swv_desktop.reports.base import MARGIN_LEFT_MM
from swv_desktop.reports.base import MARGIN_RIGHT_MM
from swv_desktop.reports.base import PAGE_WIDTH_MM
from swv_desktop.reports.base import REFERENCE_LEFT_MM
from swv_desktop.reports.base import REFERENCE_TOP_MM
from swv_desktop.reports.base import REFERENCE_WIDTH_MM
from swv_desktop.reports.base import WINDOW_LEFT_MM
from swv_desktop.reports.base import WINDOW_PADDING_MM
from swv_desktop.reports.base import WINDOW_TOP_MM
from swv_desktop.reports.base import WINDOW_WIDTH_MM
from swv_desktop.reports.base import Footer
from swv_desktop.reports.base import PageCallback
from swv_desktop.reports.base import SwvDocTemplate
from swv_desktop.reports.base import draw_fold_marks
from swv_desktop.reports.base import draw_footer_line
from swv_desktop.reports.base import draw_lines
from swv_desktop.reports.base import from_top
from swv_desktop.reports.beschikking_data import Afzender
from swv_desktop.reports.beschikking_data import Briefhoofd
from swv_desktop.reports.images import draw_image
from swv_desktop.reports.images import prepare_image
from swv_desktop.reports.styles import ACCENT
from swv_desktop.reports.styles import FONT
from swv_desktop.reports.styles import FONT_BOLD
from swv_desktop.reports.styles import GREY
from swv_desktop.reports.text import split_line

REFERENCE_GAP_MM = 1.2
LETTER_BODY_TOP_MM = 110.0
"""Page 1's text starts below the fold at 105 mm, with a gap under the reference column."""


def _join(*parts: str, sep: str = " ") -> str:
    return sep.join(p.strip() for p in parts if p and p.strip())


def _letterhead(canvas: Canvas, sender: Afzender) -> None:
    right = PAGE_WIDTH_MM - MARGIN_RIGHT_MM
    if sender.logo_png:
        logo = prepare_image(sender.logo_png)
        scale = min(LOGO_MAX_WIDTH_MM / logo.width, LOGO_MAX_HEIGHT_MM / logo.height)
        w, h = logo.width * scale, logo.height * scale
        draw_image(
            canvas,
            sender.logo_png,
            MARGIN_LEFT_MM * mm,
            from_top(LETTERHEAD_TOP_MM) - h * mm,
            w * mm,
            h * mm,
        )
    width = 120.0
    used = draw_lines(
        canvas,
        [sender.naam],
        font=FONT_BOLD,
        size=12,
        leading=15,
        x_mm=right - width,
        top_mm=LETTERHEAD_TOP_MM,
        width_mm=width,
        right=True,
        color=ACCENT,
    )
    lines = [
        sender.adres,
        _join(sender.postcode, sender.plaats, sep="  "),
        _join(f"T {sender.telefoon}" if sender.telefoon else "", sender.email, sep="  ·  "),
        sender.website,
    ]
    draw_lines(
        canvas,
        [line for line in lines if line.strip()],
        font=FONT,
        size=7.5,
        leading=9.5,
        x_mm=right - width,
        top_mm=LETTERHEAD_TOP_MM + used + 1,
        width_mm=width,
        right=True,
        color=GREY,
    )
    canvas.saveState()
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(0.8)
    y = from_top(LETTERHEAD_TOP_MM + 27)
    canvas.line(MARGIN_LEFT_MM * mm, y, right * mm, y)
    canvas.restoreState()


def _at_most(line: str, count: int, width: float, size: float = 10) -> list[str]:
    """``line`` wrapped to ``width`` points in at most ``count`` lines, the last one cut with an
    ellipsis: the address always fits in the envelope window, however long a name is."""
    parts = list(split_line(line, FONT, size, width))
    if len(parts) <= count:
        return parts
    last = parts[count - 1]
    while last and stringWidth(last + "…", FONT, size) > width:
        last = last[:-1]
    return [*parts[: count - 1], last.rstrip() + "…"]


def _address_block(canvas: Canvas, data: Briefhoofd) -> None:
    sender, to = data.afzender, data.geadresseerde
    x = WINDOW_LEFT_MM + WINDOW_PADDING_MM
    width = WINDOW_WIDTH_MM - 2 * WINDOW_PADDING_MM
    retour = _join(sender.naam, sender.adres, _join(sender.postcode, sender.plaats), sep=" · ")
    size = 6.5
    while size > 4.5 and stringWidth(retour, FONT, size) > width * mm:
        size -= 0.25  # the return-address line stays one line: smaller rather than wrapped
    if stringWidth(retour, FONT, size) > width * mm:
        retour = _join(sender.naam, _join(sender.postcode, sender.plaats), sep=" · ")
    used = draw_lines(
        canvas,
        [retour],
        font=FONT,
        size=size,
        leading=8,
        x_mm=x,
        top_mm=WINDOW_TOP_MM + WINDOW_PADDING_MM - 1,
        width_mm=width,
        color=GREY,
    )
    room = width * mm
    lines = [
        *_at_most(to.bestuur, 2, room),
        *_at_most(f"t.a.v. {to.tav}" if to.tav else "t.a.v. de ondersteuningscoördinator", 1, room),
        *_at_most(to.school, 2, room),
        *_at_most(to.adres, 1, room),
        *_at_most(_join(to.postcode, to.plaats.upper(), sep="  "), 1, room),
    ]
    draw_lines(
        canvas,
        [line for line in lines if line.strip()],
        font=FONT,
        size=10,
        leading=13.5,
        x_mm=x,
        top_mm=WINDOW_TOP_MM + WINDOW_PADDING_MM + used + 2,
        width_mm=width,
    )


def _reference_column(canvas: Canvas, data: Briefhoofd) -> None:
    rows = data.referenties
    top = REFERENCE_TOP_MM - 2
    for label, value in rows:
        # the label small and grey, the value under it a little larger
        for line, size, leading, color in ((label, 7, 9, GREY), (value, 8.5, 11, None)):
            top += draw_lines(
                canvas,
                [line],
                font=FONT,
                size=size,
                leading=leading,
                x_mm=REFERENCE_LEFT_MM,
                top_mm=top,
                width_mm=REFERENCE_WIDTH_MM,
                color=color,
            )
        top += REFERENCE_GAP_MM


def render_letter(data: Briefhoofd, title: str, story: list[Flowable]) -> bytes:
    """A letter with these fixed page parts around ``story``, as PDF bytes (deterministic for the
    same data); ``title`` is the document's title."""
    first_page, later_pages, footer = page_callbacks(data)
    doc = SwvDocTemplate(
        title=title,
        author=data.afzender.naam,
        subject=data.onderwerp,
        creation=data.creation,
        first_page=first_page,
        later_pages=later_pages,
        footer=footer,
        first_top_mm=LETTER_BODY_TOP_MM,
    )
    return doc.render(story)


def page_callbacks(data: Briefhoofd) -> tuple[PageCallback, PageCallback, Footer]:
    def first_page(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.saveState()
        _letterhead(canvas, data.afzender)
        _address_block(canvas, data)
        _reference_column(canvas, data)
        draw_fold_marks(canvas)
        canvas.restoreState()

    def later_pages(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        draw_later_header(
            canvas, data.afzender, f"{data.kop} {data.kenmerk} · {long_date(data.briefdatum)}"
        )

    def footer(canvas: Canvas, page: int, total: int) -> None:
        draw_footer_line(canvas, f"{data.afzender.naam} · kenmerk {data.kenmerk}", page, total)

    return first_page, later_pages, footer


def draw_later_header(canvas: Canvas, sender: Afzender, right_text: str) -> None:
    """The small grey line at the top of every page after the first: the sender's name on the
    left, what the document is (with its reference and date) on the right."""
    canvas.saveState()
    canvas.setFont(FONT, 7.5)
    canvas.setFillColor(GREY)
    y = from_top(LATER_HEADER_BASELINE_MM)
    canvas.drawString(MARGIN_LEFT_MM * mm, y, sender.naam)
    canvas.drawRightString((PAGE_WIDTH_MM - MARGIN_RIGHT_MM) * mm, y, right_text)
    canvas.restoreState()


def draw_letterhead(canvas: Canvas, sender: Afzender) -> None:
    """The letterhead alone (logo, name, address, rule), for documents without an address block
    in the envelope window (the AVG copy)."""
    _letterhead(canvas, sender)
