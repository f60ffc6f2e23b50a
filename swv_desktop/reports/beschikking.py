"""The beschikking renderer: a ``BeschikkingData`` in, PDF bytes out.

Page 1 carries the letterhead, the address block in the envelope window, the reference column
(datum, kenmerk, aanvraag) and fold marks; later pages a short header with the kenmerk. Every page
ends in "pagina x van y". Pupil tables repeat their header when they run onto the next page.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak
from reportlab.platypus import Flowable
from reportlab.platypus import KeepTogether
from reportlab.platypus import Spacer
from reportlab.platypus import Table
from reportlab.platypus import TableStyle

from swv_desktop.formatting import long_date
from swv_desktop.formatting import money
from swv_desktop.formatting import money_change
from swv_desktop.reports.beschikking_data import BeschikkingData
from swv_desktop.reports.beschikking_data import Ondertekening
from swv_desktop.reports.beschikking_data import Toetsing
from swv_desktop.reports.brief_pagina import render_letter
from swv_desktop.reports.plan_van_aanpak import appendix
from swv_desktop.reports.styles import ACCENT
from swv_desktop.reports.styles import ACCENT_LIGHT
from swv_desktop.reports.styles import FONT
from swv_desktop.reports.styles import FONT_BOLD
from swv_desktop.reports.styles import RULE
from swv_desktop.reports.styles import StyleCommand
from swv_desktop.reports.styles import grid_style
from swv_desktop.reports.text import keep_together
from swv_desktop.reports.text import markup
from swv_desktop.reports.text import para
from swv_desktop.reports.text import printable
from swv_desktop.reports.text import split_line
from swv_desktop.reports.text import text

__all__ = ["BeschikkingData", "render_beschikking"]


SIGNATURE_SPACE_MM = 15.0
TABLE_WITH_ROWS_MM = 48.0
"""A table starts on a page only when its lead-in, header and a few rows fit there."""
HEADING_WITH_ROWS_MM = 30.0
CELL_FONT_SIZE = 8.0
TABLE_GRID: list[StyleCommand] = [
    *grid_style(2.5),
    # plain-string cells (cheaper than Paragraphs where nothing needs wrapping)
    ("FONTNAME", (0, 0), (-1, -1), FONT),
    ("FONTSIZE", (0, 0), (-1, -1), CELL_FONT_SIZE),
    ("LEADING", (0, 0), (-1, -1), 10),
]
HEAD_STYLE: list[StyleCommand] = [
    ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
    ("TEXTCOLOR", (0, 0), (-1, 0), ACCENT),
]


def _join(*parts: str, sep: str = " ") -> str:
    return sep.join(p.strip() for p in parts if p and p.strip())


def letter_table(
    rows: Sequence[Sequence[Flowable | str]], widths_mm: list[float], header: bool = True
) -> Table:
    """A letter table in the house style (a shaded header row unless ``header`` is false)."""
    table = Table(
        [list(row) for row in rows],
        colWidths=[w * mm for w in widths_mm],
        repeatRows=1 if header else 0,
        splitInRow=1,  # a long explanation continues on the next page instead of failing
    )
    style = list(TABLE_GRID)
    if header:
        style += [("BACKGROUND", (0, 0), (-1, 0), ACCENT_LIGHT), *HEAD_STYLE]
    else:
        style = [s for s in style if s[0] != "LINEBELOW" or s[1] != (0, 0)]
        style.append(("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE))
    table.setStyle(TableStyle(style))
    table.hAlign = "LEFT"
    return table


def _summary(data: BeschikkingData) -> Table:
    soort = "Groepsaanpak" if data.groep else "Individueel maatwerkbudget"
    if data.groep and data.leerlingen:
        soort += f" ({len(data.leerlingen)} leerlingen)"
    besluit = data.uitkomst
    if data.oud_kenmerk:
        besluit += f" (herziening van {data.oud_kenmerk})"
    rows = [
        ("Besluit", besluit),
        ("Soort", soort),
        ("Aangevraagd bedrag", money(data.aangevraagd_cents)),
    ]
    if data.oud_toegekend_cents is not None:
        rows.append(("Eerder toegekend", money(data.oud_toegekend_cents)))
    rows.append(("Toegekend bedrag", money(data.toegekend_cents)))
    if data.oud_toegekend_cents is not None:
        change = data.toegekend_cents - data.oud_toegekend_cents
        rows.append(("Verschil", money_change(change)))
    elif 0 < data.toegekend_cents < data.aangevraagd_cents:
        rows.append(("Niet toegekend", money(data.aangevraagd_cents - data.toegekend_cents)))
    if data.ingangsdatum is not None:
        rows.append(("Met ingang van", long_date(data.ingangsdatum)))
    if data.toegekend and data.periode_start and data.periode_eind:
        periode = f"{long_date(data.periode_start)} tot en met {long_date(data.periode_eind)}"
        rows.append(("Periode", periode))
    rows.append(("Inzet voor", data.doel))
    if data.toegekend and data.voortgang_data:
        rows.append(
            ("Voortgangsgesprekken uiterlijk", "\n".join(long_date(d) for d in data.voortgang_data))
        )
    table = letter_table(
        [[label, keep_together(value)] for label, value in rows], [55, 105], header=False
    )
    table.setStyle(
        TableStyle(
            [("FONTNAME", (0, 0), (0, -1), FONT_BOLD), ("TEXTCOLOR", (0, 0), (0, -1), ACCENT)]
        )
    )
    return table


def _leerlingen(data: BeschikkingData) -> list[Flowable]:
    title = "Deelnemende leerlingen" if data.groep else "Leerling"
    who = "de leerlingen" if len(data.leerlingen) > 1 else "de leerling"
    only = (
        "initialen en leerlingnummers"
        if len(data.leerlingen) > 1
        else "initialen en leerlingnummer"
    )
    rows = [["Nr.", "Initialen", "Leerlingnummer"]]
    rows += [
        [str(n), p.initialen, p.leerlingnummer] for n, p in enumerate(data.leerlingen, start=1)
    ]
    note = para(f"Om de privacy van {who} te beschermen vermelden wij alleen {only}.", "Small")
    # The heading and note stay with the first rows only, so a long table splits instead of
    # moving whole; the note stands before the table, so it is never stranded on a page.
    return [
        CondPageBreak(HEADING_WITH_ROWS_MM * mm),
        para(title, "HeadingLoose"),
        note,
        letter_table(rows, [15, 60, 60]),
    ]


def _wrapped(value: str, width_mm: float) -> str:
    """Plain text pre-wrapped for a table cell of ``width_mm`` (cell padding included)."""
    text = keep_together(printable(value))
    return "\n".join(split_line(text, FONT, CELL_FONT_SIZE, (width_mm - 2.2) * mm))


def _checks(checks: tuple[Toetsing, ...]) -> Table:
    widths = [76.0, 22.0, 62.0]
    rows = [["Voorwaarde", "Oordeel", "Toelichting"]]
    for check in checks:
        verdict = check.verdict
        rows.append(
            [_wrapped(check.voorwaarde, widths[0]), verdict, _wrapped(check.toelichting, widths[2])]
        )
    return letter_table(rows, widths)


def signature_block(sign: Ondertekening, head: list[Flowable], tail: list[Flowable]) -> Flowable:
    """The signature block, kept on one page with the paragraph before it (``head``)."""
    parts: list[Flowable] = [*head, para("Met vriendelijke groet,", "BodyKeep")]
    if sign.namens:
        parts.append(para(f"{sign.namens},", "BodyKeep"))
    parts.append(Spacer(1, SIGNATURE_SPACE_MM * mm))
    parts.append(markup(f"<b>{text(sign.naam)}</b>", "BodyKeep"))
    parts.append(para(sign.functie, "BodyKeep" if sign.mandaat else "Body"))
    if sign.mandaat:
        parts.append(para(sign.mandaat, "Small"))
    return KeepTogether(parts + tail)


def _inzet(data: BeschikkingData) -> list[Flowable]:
    if not data.inzet:
        return []
    source = "het plan van aanpak" if data.groep else "het OPP van de leerling"
    story: list[Flowable] = [
        para("Waarvoor het budget is bestemd", "Heading"),
        para(
            f"Het budget is bestemd voor de ondersteuning zoals beschreven in {source}:",
            "BodyKeepNext",
        ),
    ]
    for label, value in data.inzet:
        story.append(markup(f"<b>{text(label)}:</b> {text(value)}", "Bullet"))
        story[-1].bulletText = "•"  # type: ignore[attr-defined]
    return story


def _not_awarded(data: BeschikkingData) -> list[Flowable]:
    if not data.niet_toegekend:
        return []
    lines = "; ".join(f"{k.omschrijving} ({money(k.bedrag_cents)})" for k in data.niet_toegekend)
    return [
        para(
            f"Niet toegekend zijn de volgende kostenposten, omdat het ontwikkeltijd betreft en de "
            f"regeling alleen de kosten van de ondersteuning vergoedt: {lines}."
        )
    ]


def _story(data: BeschikkingData) -> list[Flowable]:
    story: list[Flowable] = [
        markup(f"Betreft: {text(data.onderwerp)}", "Subject"),
        para(data.aanhef),
    ]
    if data.inleiding:
        story.append(para(data.inleiding))
    if data.grondslag:
        story += [para("Grondslag", "Heading"), para(data.grondslag)]
    story += [para("Besluit", "Heading"), para(data.besluit_tekst), _summary(data)]
    if data.leerlingen:
        story += _leerlingen(data)
    story += _inzet(data)
    story.append(para("Motivering", "Heading"))
    if data.motivering:
        story.append(para(data.motivering))
    story += _not_awarded(data)
    if data.toetsing:
        story += [
            CondPageBreak(TABLE_WITH_ROWS_MM * mm),
            para("De aanvraag is getoetst aan de voorwaarden van de regeling:"),
            _checks(data.toetsing),
        ]
    if data.betaling:
        story += [para("Betaling", "Heading"), para(data.betaling)]
    if data.voorwaarden:
        story.append(para("Voorwaarden bij deze toekenning", "Heading"))
        story += [markup(text(v), "Bullet") for v in data.voorwaarden]
        for flowable in story[-len(data.voorwaarden) :]:
            flowable.bulletText = "•"  # type: ignore[attr-defined]
    if data.rechtsmiddel:
        story += [para("Niet eens met dit besluit?", "Heading"), para(data.rechtsmiddel)]
    head: list[Flowable] = [Spacer(1, 2 * mm), para(data.slot)] if data.slot else []
    tail: list[str] = []
    if data.afschrift:
        tail.append(f"<b>Afschrift aan:</b> {text('; '.join(data.afschrift))}")
    if data.bijlagen:
        items = "<br/>".join(f"{i}. {text(b)}" for i, b in enumerate(data.bijlagen, start=1))
        tail.append(f"<b>Bijlage{'n' if len(data.bijlagen) > 1 else ''}:</b><br/>{items}")
    after: list[Flowable] = [Spacer(1, 2 * mm), *(markup(t, "Small") for t in tail)] if tail else []
    story += [signature_block(data.ondertekening, head, after)]
    story += appendix(data, len(data.bijlagen))
    return story


def render_beschikking(data: BeschikkingData) -> bytes:
    """Render one beschikking as PDF bytes (deterministic for the same data)."""
    return render_letter(data, f"Beschikking {data.kenmerk}", _story(data))
