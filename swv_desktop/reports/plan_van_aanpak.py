"""The plan van aanpak of a group application, as submitted, appended to its beschikking:
pupils by initials and number only, the support, goals, evaluation, period and cost lines."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak
from reportlab.platypus import Flowable
from reportlab.platypus import PageBreak
from reportlab.platypus import Table
from reportlab.platypus import TableStyle

from swv_desktop.formatting import long_date
from swv_desktop.formatting import money
from swv_desktop.reports.beschikking_data import BeschikkingData
from swv_desktop.reports.beschikking_data import PlanVanAanpak
from swv_desktop.reports.styles import ACCENT
from swv_desktop.reports.styles import ACCENT_LIGHT
from swv_desktop.reports.styles import FONT
from swv_desktop.reports.styles import FONT_BOLD
from swv_desktop.reports.styles import RULE
from swv_desktop.reports.text import markup
from swv_desktop.reports.text import para
from swv_desktop.reports.text import printable
from swv_desktop.reports.text import shorten
from swv_desktop.reports.text import split_line


def _cell(value: str, width_mm: float = 78.0) -> str:
    """A cost line's description wrapped to its column (and cut at 300 characters)."""
    return "\n".join(split_line(shorten(printable(value), 300), FONT, 8, width_mm * mm))


def _costs(plan: PlanVanAanpak) -> Table:
    rows: list[list[str]] = [["Kostenpost", "Soort", "Bedrag", ""]]
    for k in plan.kosten:
        rows.append(
            [
                _cell(k.omschrijving),
                k.soort,
                money(k.bedrag_cents),
                "" if k.toegekend else "niet vergoed",
            ]
        )
    rows.append(["Totaal", "", money(sum(k.bedrag_cents for k in plan.kosten)), ""])
    table = Table(rows, colWidths=[w * mm for w in (80, 30, 28, 27)], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("LEADING", (0, 0), (-1, -1), 10),
                ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
                ("FONTNAME", (0, -1), (-1, -1), FONT_BOLD),
                ("TEXTCOLOR", (0, 0), (-1, 0), ACCENT),
                ("BACKGROUND", (0, 0), (-1, 0), ACCENT_LIGHT),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("ALIGN", (2, 0), (2, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    table.hAlign = "LEFT"
    return table


def appendix(data: BeschikkingData, number: int) -> list[Flowable]:
    """The plan van aanpak as bijlage ``number`` on its own pages (empty when there is none)."""
    plan = data.plan
    if plan is None:
        return []
    story: list[Flowable] = [
        PageBreak(),
        markup(
            f"Bijlage {number} bij beschikking {data.kenmerk}: plan van aanpak bij aanvraag "
            f"{data.aanvraagnummer} (zoals ingediend)",
            "Subject",
        ),
        para(
            "Leerlingen staan hieronder alleen met initialen en leerlingnummer; hun namen staan "
            "in het plan van aanpak dat bij het bureau bekend is.",
            "Small",
        ),
        para("Deelnemende leerlingen", "Heading"),
        para("; ".join(f"{p.initialen} ({p.leerlingnummer})" for p in data.leerlingen) or "Geen."),
    ]
    for title, value in (
        ("Ondersteuning", plan.ondersteuning),
        ("Doelen", plan.doelen),
        ("Evaluatie van de doelen", plan.evaluatiewijze),
    ):
        story += [para(title, "Heading"), para(value.strip() or "Niet ingevuld.")]
    if plan.periode_start and plan.periode_eind:
        period = f"{long_date(plan.periode_start)} tot en met {long_date(plan.periode_eind)}"
    else:
        period = "Niet ingevuld."
    story += [para("Periode", "Heading"), para(period)]
    story += [CondPageBreak(30 * mm), para("Geschatte kosten", "Heading"), _costs(plan)]
    return story
