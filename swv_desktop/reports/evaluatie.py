"""The evaluation report (tussen- or eindevaluatie): ``EvaluatieCijfers`` in, PDF bytes out.

A one-page summary up front (key figures and the programmadirecteur's answers, in
``evaluatie_samenvatting``), then one section per monitoring question of the regulation
(``evaluatie_vragen``), then the budget (``evaluatie_budget``) and the conclusion. This module
puts them in order under the title and draws the header and footer of every page.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate
from reportlab.platypus import Flowable
from reportlab.platypus import KeepTogether
from reportlab.platypus import PageBreak
from reportlab.platypus import Spacer

from swv_desktop.formatting import long_date
from swv_desktop.reports.base import LATER_HEADER_BASELINE_MM
from swv_desktop.reports.base import MARGIN_LEFT_MM
from swv_desktop.reports.base import MARGIN_RIGHT_MM
from swv_desktop.reports.base import PAGE_WIDTH_MM
from swv_desktop.reports.base import SwvDocTemplate
from swv_desktop.reports.base import draw_footer_line
from swv_desktop.reports.base import from_top
from swv_desktop.reports.beschikking_data import pdf_creation
from swv_desktop.reports.evaluatie_budget import budget_section
from swv_desktop.reports.evaluatie_data import VRAGEN
from swv_desktop.reports.evaluatie_data import EvaluatieCijfers
from swv_desktop.reports.evaluatie_data import EvaluatieSoort
from swv_desktop.reports.evaluatie_samenvatting import definitions
from swv_desktop.reports.evaluatie_samenvatting import summary
from swv_desktop.reports.evaluatie_vragen import question_sections
from swv_desktop.reports.evaluatie_vragen import section
from swv_desktop.reports.styles import ACCENT
from swv_desktop.reports.styles import FONT
from swv_desktop.reports.styles import GREY
from swv_desktop.reports.text import markup
from swv_desktop.reports.text import para
from swv_desktop.reports.text import text

BODY_TOP_MM = 25.0


def _conclusion(f: EvaluatieCijfers) -> list[Flowable]:
    story = section("7. Conclusie", VRAGEN["doelstelling"])
    story += [para(f.antwoord("doelstelling"))] if f.antwoord("doelstelling").strip() else []
    if f.soort is EvaluatieSoort.EIND:
        story.append(para("Wordt het maatwerkbudget structureel?", "Heading"))
    story.append(
        para(f.conclusies)
        if f.conclusies.strip()
        else markup("<i>De programmadirecteur heeft nog geen conclusie vastgelegd.</i>")
    )
    story.append(
        KeepTogether(
            [
                Spacer(1, 6 * mm),
                markup(f"<b>{text(f.programmadirecteur)}</b>", "BodyKeep"),
                para(f.functie, "BodyKeep"),
                para(f.organisatie),
            ]
        )
    )
    return story


def _story(f: EvaluatieCijfers) -> list[Flowable]:
    years = ", ".join(f.jaren)
    story: list[Flowable] = [
        para(f.titel, "Title"),
        para(
            f"{f.organisatie} · opgesteld op {long_date(f.opgesteld_op)} · "
            f"{'pilotjaar' if len(f.jaren) == 1 else 'pilotjaren'} {years}",
            "Subtitle",
        ),
        para(f"Peildatum van de gegevens: {long_date(f.peildatum or f.opgesteld_op)}", "Small"),
        Spacer(1, 2 * mm),
        *summary(f),
        PageBreak(),
        definitions(f),
    ]
    story += question_sections(f)
    story += budget_section(f)
    story += _conclusion(f)
    return story


def render_evaluatie(f: EvaluatieCijfers) -> bytes:
    """Render the evaluation report as PDF bytes (deterministic for the same figures)."""

    def header(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(GREY)
        y = from_top(LATER_HEADER_BASELINE_MM)
        canvas.drawString(MARGIN_LEFT_MM * mm, y, f.organisatie)
        canvas.drawRightString((PAGE_WIDTH_MM - MARGIN_RIGHT_MM) * mm, y, f.titel)
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(0.6)
        canvas.line(
            MARGIN_LEFT_MM * mm, y - 2 * mm, (PAGE_WIDTH_MM - MARGIN_RIGHT_MM) * mm, y - 2 * mm
        )
        canvas.restoreState()

    def footer(canvas: Canvas, page: int, total: int) -> None:
        draw_footer_line(canvas, f"{f.titel} · {long_date(f.opgesteld_op)}", page, total)

    doc = SwvDocTemplate(
        title=f.titel,
        author=f.organisatie,
        subject=f.titel,
        creation=pdf_creation(f.opgesteld_op, f.aangemaakt_op),
        first_page=header,
        later_pages=header,
        footer=footer,
        first_top_mm=BODY_TOP_MM,
        later_top_mm=BODY_TOP_MM,
    )
    return doc.render(_story(f))
