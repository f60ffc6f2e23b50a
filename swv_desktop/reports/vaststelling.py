"""The settlement letter (vaststellingsbrief): a ``VaststellingData`` in, PDF bytes out. The
same pages as a beschikking (letterhead, window address, reference column, fold marks)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from reportlab.platypus import KeepTogether
from reportlab.platypus import Spacer
from reportlab.platypus import TableStyle

from swv_desktop.formatting import long_date
from swv_desktop.formatting import money
from swv_desktop.reports.beschikking import letter_table
from swv_desktop.reports.beschikking import signature_block
from swv_desktop.reports.brief_pagina import render_letter
from swv_desktop.reports.styles import ACCENT
from swv_desktop.reports.styles import FONT_BOLD
from swv_desktop.reports.text import keep_together
from swv_desktop.reports.text import markup
from swv_desktop.reports.text import para
from swv_desktop.reports.text import text
from swv_desktop.reports.vaststelling_data import VaststellingData

__all__ = ["VaststellingData", "afwikkeling_tekst", "render_vaststelling"]


def _intro(data: VaststellingData) -> str:
    voor = f"leerling {data.leerling} van {data.school}" if data.leerling else data.school
    return (
        f"Met beschikking {data.beschikking_kenmerk} van {long_date(data.beschikking_datum)} "
        f"hebben wij aan {data.bestuur} een maatwerkbudget van {money(data.toegekend_cents)} "
        f"toegekend voor {voor}, voor de periode van {long_date(data.periode_start)} tot en met "
        f"{long_date(data.periode_eind)}. Op {long_date(data.ontvangen_op)} hebben wij de "
        "verantwoording van de school ontvangen en gecontroleerd. Met deze brief stellen wij het "
        "maatwerkbudget vast."
    )


def afwikkeling_tekst(data: VaststellingData) -> str:
    """What the board must do (repay by a date, nothing, or receive the rest)."""
    if data.terug_cents > 0 and data.verrekenen:
        return (
            f"Van het betaalde bedrag is {money(data.terug_cents)} niet besteed. Dat bedrag "
            f"verrekenen wij met de eerstvolgende betaling van een maatwerkbudget aan "
            f"{data.bestuur}; u hoeft nu niets over te maken."
        )
    if data.terug_cents > 0:
        deadline = long_date(data.terug_uiterlijk) if data.terug_uiterlijk else "binnen zes weken"
        if data.rekening_swv:
            naar = (
                f"op rekening {data.rekening_swv.replace(' ', chr(0xA0))} ten name van "
                f"{data.rekening_swv_naam or data.afzender.naam}"
            )
        else:
            naar = f"aan {data.afzender.naam}"
        return (
            f"Van het betaalde bedrag is {money(data.terug_cents)} niet besteed. Wij verzoeken "
            f"{data.bestuur} dat bedrag uiterlijk op {deadline} terug te betalen {naar}, onder "
            f"vermelding van kenmerk {data.kenmerk}."
        )
    if data.terug_cents < 0:
        rekening = f"rekening {data.rekening_bestuur}" if data.rekening_bestuur else "uw rekening"
        return (
            f"Er is nog {money(-data.terug_cents)} niet uitbetaald. Dat bedrag maken wij binnen "
            f"vier weken na de verzending van deze brief over op {rekening} van {data.bestuur}, "
            f"onder vermelding van kenmerk {data.kenmerk}."
        )
    return (
        "Het vastgestelde bedrag is volledig betaald: er hoeft niets te worden terugbetaald of "
        "bijbetaald. Hiermee is het maatwerkbudget afgerekend."
    )


def _figures(data: VaststellingData) -> Flowable:
    if data.terug_cents > 0:
        last = ("Terug te betalen", money(data.terug_cents))
    elif data.terug_cents < 0:
        last = ("Nog te betalen door ons", money(-data.terug_cents))
    else:
        last = ("Terug te betalen", money(0))
    rows = [
        ("Toegekend bedrag", money(data.toegekend_cents)),
        ("Besteed volgens de verantwoording", money(data.besteed_cents)),
        ("Vastgesteld bedrag", money(data.vastgesteld_cents)),
        ("Niet besteed", money(data.niet_besteed_cents)),
        ("Al aan u betaald", money(data.betaald_cents)),
        last,
    ]
    table = letter_table([[label, keep_together(v)] for label, v in rows], [100, 40], header=False)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (0, -1), FONT_BOLD),
                ("TEXTCOLOR", (0, 0), (0, -1), ACCENT),
                ("FONTNAME", (1, 2), (1, 2), FONT_BOLD),
                ("FONTNAME", (1, -1), (1, -1), FONT_BOLD),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
            ]
        )
    )
    return table


def _spending(data: VaststellingData) -> list[Flowable]:
    rows = [["Kostensoort", "Besteed"]]
    rows += [[label, keep_together(money(c))] for label, c in data.bestedingen if c]
    rows.append(["Totaal", keep_together(money(data.besteed_cents))])
    table = letter_table(rows, [100, 40])
    table.setStyle(
        TableStyle(
            [("ALIGN", (1, 0), (1, -1), "RIGHT"), ("FONTNAME", (0, -1), (-1, -1), FONT_BOLD)]
        )
    )
    return [
        KeepTogether([para("De verantwoorde uitgaven per kostensoort:", "BodyKeepNext"), table])
    ]


def _story(data: VaststellingData) -> list[Flowable]:
    story: list[Flowable] = [
        markup(f"Betreft: {text(data.onderwerp)}", "Subject"),
        para(data.aanhef),
        para(_intro(data)),
        para("Vaststelling", "Heading"),
        para(
            f"Wij stellen het maatwerkbudget vast op {money(data.vastgesteld_cents)}, het bedrag "
            "dat volgens de verantwoording aan de toegekende ondersteuning is besteed."
        ),
        KeepTogether([_figures(data)]),
        Spacer(1, 2 * mm),
        *_spending(data),
        para("Afrekening", "Heading"),
        para(afwikkeling_tekst(data)),
    ]
    if data.toelichting:
        story += [para("Toelichting", "Heading"), para(data.toelichting)]
    if data.rechtsmiddel:
        story += [para("Niet eens met deze vaststelling?", "Heading"), para(data.rechtsmiddel)]
    head: list[Flowable] = [Spacer(1, 2 * mm), para(data.slot)] if data.slot else []
    tail: list[Flowable] = []
    if data.afschrift:
        tail = [
            Spacer(1, 2 * mm),
            markup(f"<b>Afschrift aan:</b> {text('; '.join(data.afschrift))}", "Small"),
        ]
    story.append(signature_block(data.ondertekening, head, tail))
    return story


def render_vaststelling(data: VaststellingData) -> bytes:
    """Render one settlement letter as PDF bytes (deterministic for the same data)."""
    return render_letter(data, f"Vaststelling {data.kenmerk}", _story(data))
