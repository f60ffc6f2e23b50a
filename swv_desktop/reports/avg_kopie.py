"""The AVG copy (inzage in persoonsgegevens) of one pupil: an ``AvgKopieData`` in, PDF bytes out.
In the house letter style (letterhead, named stylesheet, embedded fonts, "pagina x van y"), for
parents or a pupil of 16 or older: every chapter in plain Dutch, then who changed the records."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate
from reportlab.platypus import Flowable
from reportlab.platypus import KeepTogether
from reportlab.platypus import Paragraph
from reportlab.platypus import Spacer

from swv_desktop.formatting import date_time
from swv_desktop.formatting import long_date
from swv_desktop.reports.avg_kopie_data import AvgKopieData
from swv_desktop.reports.avg_kopie_data import Hoofdstuk
from swv_desktop.reports.avg_kopie_data import Logregel
from swv_desktop.reports.avg_kopie_data import Onderdeel
from swv_desktop.reports.base import MARGIN_LEFT_MM
from swv_desktop.reports.base import MARGIN_RIGHT_MM
from swv_desktop.reports.base import PAGE_WIDTH_MM
from swv_desktop.reports.base import SwvDocTemplate
from swv_desktop.reports.base import draw_footer_line
from swv_desktop.reports.beschikking import letter_table
from swv_desktop.reports.brief_pagina import draw_later_header
from swv_desktop.reports.brief_pagina import draw_letterhead
from swv_desktop.reports.styles import stylesheet
from swv_desktop.reports.text import markup
from swv_desktop.reports.text import para
from swv_desktop.reports.text import text

__all__ = ["AvgKopieData", "render_avg_kopie"]

BODY_TOP_MM = 48.0
"""Below the letterhead's rule (no address block: the copy goes to whoever asked for it)."""
LABEL_MM = 52.0
VALUE_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM - LABEL_MM


def _cell(value: str, style: str = "Cell") -> Paragraph:
    return Paragraph(text(value) if value.strip() else "–", stylesheet()[style])


def _record(item: Onderdeel) -> list[Flowable]:
    """A record's heading kept with its table; a table longer than a page splits by rows."""
    rows = [[_cell(label, "CellHead"), _cell(value)] for label, value in item.velden]
    table = letter_table(rows, [LABEL_MM, VALUE_MM], header=False)
    return [para(item.kop, "RecordHead"), table, Spacer(1, 3 * mm)]


def _chapter(number: int, chapter: Hoofdstuk) -> list[Flowable]:
    """The chapter's heading and explanation stay with its first record (keepWithNext)."""
    story: list[Flowable] = [
        para(f"{number}. {chapter.titel}", "Heading"),
        para(chapter.uitleg, "SmallKeepNext"),
    ]
    if not chapter.onderdelen:
        return [*story, markup(f"<i>{text(chapter.leeg)}</i>")]
    for item in chapter.onderdelen:
        story += _record(item)
    return story


def _log_cells(entry: Logregel) -> list[Flowable | str]:
    """The cells every log table starts with: when, who, about what."""
    return [_cell(date_time(entry.op)), _cell(entry.door), _cell(entry.wat)]


def _trail(data: AvgKopieData, number: int) -> list[Flowable]:
    story: list[Flowable] = [
        para(f"{number}. Wie de gegevens heeft vastgelegd of gewijzigd", "Heading"),
        para(
            "Elke wijziging van de gegevens hierboven staat in het logboek van het "
            "samenwerkingsverband: wanneer, door wie en wat er gebeurde.",
            "Small",
        ),
    ]
    if data.wijzigingen:
        rows: list[list[Flowable | str]] = [["Wanneer", "Door", "Gegevens", "Wat"]]
        rows += [[*_log_cells(w), _cell(w.actie)] for w in data.wijzigingen]
        story.append(letter_table(rows, [37, 42, 40, 46]))
    else:
        story.append(markup("<i>Er is geen wijziging vastgelegd.</i>"))
    story.append(para(f"{number + 1}. Wie de gegevens heeft ingezien", "Heading"))
    if not data.inzagen_bijgehouden:
        story.append(
            para(
                "Het programma houdt (nog) niet bij wie de gegevens heeft ingezien; alleen "
                "wijzigingen en exports staan in het logboek hierboven."
            )
        )
    elif data.inzagen:
        story.append(
            para(
                "Elke keer dat iemand van het samenwerkingsverband deze gegevens heeft bekeken, "
                "geëxporteerd of afgedrukt staat in het toegangslogboek: wanneer, wie (met de rol) "
                "en wat.",
                "Small",
            )
        )
        rows = [["Wanneer", "Door", "Wat"]]
        rows += [_log_cells(i) for i in data.inzagen]
        story.append(letter_table(rows, [37, 52, 76]))
    else:
        story.append(markup("<i>Niemand heeft de gegevens ingezien.</i>"))
    return story


def _story(data: AvgKopieData) -> list[Flowable]:
    org = data.afzender.naam
    refs = [
        ("Datum", long_date(data.opgesteld_op)),
        ("Leerlingnummer", data.leerlingnummer),
        ("Leerling", data.leerling_naam),
        ("Opgesteld door", data.opgesteld_door),
        ("Kenmerk", data.kenmerk),
    ]
    ref_rows = [[_cell(label, "CellHead"), _cell(value)] for label, value in refs]
    story: list[Flowable] = [
        para(data.titel, "Title"),
        para(f"Kopie van alle gegevens die {org} over deze leerling bewaart", "Subtitle"),
        Spacer(1, 2 * mm),
        letter_table(ref_rows, [LABEL_MM, VALUE_MM], header=False),
        Spacer(1, 3 * mm),
        para(
            "U hebt gevraagd welke persoonsgegevens het samenwerkingsverband over deze leerling "
            "verwerkt (artikel 15 van de Algemene verordening gegevensbescherming, AVG). Dit "
            "document bevat al die gegevens, zoals zij op de datum hierboven in onze "
            "administratie staan: de leerling, de versies van het ontwikkelingsperspectiefplan "
            "(OPP), de aanvragen voor een maatwerkbudget, de besluiten en brieven, de "
            "voortgangsgesprekken en de uitkomsten, en wie de gegevens heeft vastgelegd of "
            "gewijzigd. Wij verwerken deze gegevens om het maatwerkbudget van de pilot toe te "
            "kennen en te volgen; zij gaan niet naar anderen dan de school en het schoolbestuur."
        ),
    ]
    if data.json_bestand:
        story.append(
            para(
                f"Bij dit document hoort het bestand {data.json_bestand}: dezelfde gegevens in "
                "een machineleesbare vorm (JSON), zodat u ze ook aan een ander kunt geven."
            )
        )
    for number, chapter in enumerate(data.hoofdstukken, start=1):
        story += _chapter(number, chapter)
    story += _trail(data, len(data.hoofdstukken) + 1)
    story.append(
        KeepTogether(
            [
                para("Uw rechten", "Heading"),
                para(
                    "Klopt er iets niet, of zijn gegevens niet (meer) nodig? Dan kunt u vragen ze te "
                    "verbeteren, aan te vullen of te verwijderen, of bezwaar maken tegen het gebruik. "
                    f"Neem daarvoor contact op met {org}"
                    + (f" via {data.afzender.email}" if data.afzender.email else "")
                    + ", onder vermelding van kenmerk "
                    + f"{data.kenmerk}. Bent u het niet eens met hoe wij met de gegevens omgaan, dan "
                    "kunt u een klacht indienen bij de Autoriteit Persoonsgegevens."
                ),
                para(
                    "Dit document bevat bijzondere persoonsgegevens. Bewaar het zorgvuldig en "
                    "geef het niet aan anderen.",
                    "Small",
                ),
            ]
        )
    )
    return story


def render_avg_kopie(data: AvgKopieData) -> bytes:
    """Render one AVG copy as PDF bytes (deterministic for the same data)."""

    def first_page(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.saveState()
        draw_letterhead(canvas, data.afzender)
        canvas.restoreState()

    def later_pages(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        draw_later_header(
            canvas,
            data.afzender,
            f"Inzage leerling {data.leerlingnummer} · {long_date(data.opgesteld_op)}",
        )

    def footer(canvas: Canvas, page: int, total: int) -> None:
        draw_footer_line(canvas, f"{data.afzender.naam} · kenmerk {data.kenmerk}", page, total)

    doc = SwvDocTemplate(
        title=f"Inzage in persoonsgegevens, leerling {data.leerlingnummer}",
        author=data.afzender.naam,
        subject=f"AVG-kopie {data.kenmerk}",
        creation=data.creation,
        first_page=first_page,
        later_pages=later_pages,
        footer=footer,
        first_top_mm=BODY_TOP_MM,
    )
    return doc.render(_story(data))
