"""The beschikking renderer: a ``BeschikkingData`` in, PDF bytes out.

Page 1 carries the letterhead, the address block in the envelope window, the reference column
(datum, kenmerk, aanvraag) and fold marks; later pages a short header with the kenmerk. Every page
ends in "pagina x van y". Pupil tables repeat their header when they run onto the next page.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    KeepTogether,
    Spacer,
    Table,
    TableStyle,
)

from swv_desktop import formatting
from swv_desktop.reports.base import (
    ACCENT,
    ACCENT_LIGHT,
    FONT,
    FONT_BOLD,
    GREY,
    LATER_HEADER_BASELINE_MM,
    LETTERHEAD_TOP_MM,
    LOGO_MAX_HEIGHT_MM,
    LOGO_MAX_WIDTH_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    PAGE_WIDTH_MM,
    REFERENCE_LEFT_MM,
    REFERENCE_TOP_MM,
    REFERENCE_WIDTH_MM,
    RULE,
    WINDOW_LEFT_MM,
    WINDOW_PADDING_MM,
    WINDOW_TOP_MM,
    WINDOW_WIDTH_MM,
    Footer,
    PageCallback,
    StyleCommand,
    SwvDocTemplate,
    draw_fold_marks,
    draw_footer_line,
    draw_lines,
    from_top,
    markup,
    para,
    split_line,
    text,
)
from swv_desktop.reports.beschikking_data import (
    Afzender,
    BeschikkingData,
    BriefSoort,
    Geadresseerde,
    LeerlingRegel,
    Ondertekening,
    Toetsing,
)
from swv_desktop.reports.images import draw_image, prepare_image

__all__ = [
    "Afzender",
    "BeschikkingData",
    "BriefSoort",
    "Geadresseerde",
    "LeerlingRegel",
    "Ondertekening",
    "Toetsing",
    "render_beschikking",
]

# Babel formatting is slow and letters repeat the same dates and amounts: cache them per process.
long_date = functools.lru_cache(maxsize=4096)(formatting.long_date)
money = functools.lru_cache(maxsize=4096)(formatting.money)

SIGNATURE_SPACE_MM = 15.0
HEADING_WITH_ROWS_MM = 30.0
CELL_FONT_SIZE = 8.0
TABLE_GRID: list[StyleCommand] = [
    ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
    ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
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


def _address_block(canvas: Canvas, data: BeschikkingData) -> None:
    sender, to = data.afzender, data.geadresseerde
    x = WINDOW_LEFT_MM + WINDOW_PADDING_MM
    width = WINDOW_WIDTH_MM - 2 * WINDOW_PADDING_MM
    retour = _join(sender.naam, sender.adres, _join(sender.postcode, sender.plaats), sep=" · ")
    used = draw_lines(
        canvas,
        [retour],
        font=FONT,
        size=6.5,
        leading=8,
        x_mm=x,
        top_mm=WINDOW_TOP_MM + WINDOW_PADDING_MM - 1,
        width_mm=width,
        color=GREY,
    )
    lines = [
        to.bestuur,
        f"t.a.v. {to.tav}" if to.tav else "t.a.v. de ondersteuningscoördinator",
        to.school,
        to.adres,
        _join(to.postcode, to.plaats.upper(), sep="  "),
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


def _reference_column(canvas: Canvas, data: BeschikkingData) -> None:
    rows = [
        ("Datum", long_date(data.briefdatum)),
        ("Ons kenmerk", data.kenmerk),
        ("Uw aanvraag", f"{data.aanvraagnummer} van {long_date(data.aanvraagdatum)}"),
        ("Schooljaar", data.schooljaar),
        ("Contactpersoon", data.contactpersoon),
    ]
    if data.oud_kenmerk:
        rows.insert(2, ("Herziening van", data.oud_kenmerk))
    top = REFERENCE_TOP_MM
    for label, value in rows:
        top += draw_lines(
            canvas,
            [label],
            font=FONT,
            size=7,
            leading=9,
            x_mm=REFERENCE_LEFT_MM,
            top_mm=top,
            width_mm=REFERENCE_WIDTH_MM,
            color=GREY,
        )
        top += draw_lines(
            canvas,
            [value],
            font=FONT,
            size=8.5,
            leading=11,
            x_mm=REFERENCE_LEFT_MM,
            top_mm=top,
            width_mm=REFERENCE_WIDTH_MM,
        )
        top += 2.2


def _page_callbacks(data: BeschikkingData) -> tuple[PageCallback, PageCallback, Footer]:
    def first_page(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.saveState()
        _letterhead(canvas, data.afzender)
        _address_block(canvas, data)
        _reference_column(canvas, data)
        draw_fold_marks(canvas)
        canvas.restoreState()

    def later_pages(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(GREY)
        y = from_top(LATER_HEADER_BASELINE_MM)
        canvas.drawString(MARGIN_LEFT_MM * mm, y, data.afzender.naam)
        canvas.drawRightString(
            (PAGE_WIDTH_MM - MARGIN_RIGHT_MM) * mm,
            y,
            f"Beschikking {data.kenmerk} · {long_date(data.briefdatum)}",
        )
        canvas.restoreState()

    def footer(canvas: Canvas, page: int, total: int) -> None:
        draw_footer_line(canvas, f"{data.afzender.naam} · kenmerk {data.kenmerk}", page, total)

    return first_page, later_pages, footer


def _table(
    rows: Sequence[Sequence[Flowable | str]], widths_mm: list[float], header: bool = True
) -> Table:
    table = Table(
        [list(row) for row in rows],
        colWidths=[w * mm for w in widths_mm],
        repeatRows=1 if header else 0,
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
        ("Toegekend bedrag", money(data.toegekend_cents)),
    ]
    if data.toegekend and data.periode_start and data.periode_eind:
        periode = f"{long_date(data.periode_start)} tot en met {long_date(data.periode_eind)}"
        rows.append(("Periode", periode))
    rows.append(("Inzet voor", data.doel))
    if data.toegekend and data.voortgang_data:
        rows.append(
            ("Voortgangsgesprekken uiterlijk", "\n".join(long_date(d) for d in data.voortgang_data))
        )
    table = _table([list(row) for row in rows], [55, 105], header=False)
    table.setStyle(
        TableStyle(
            [("FONTNAME", (0, 0), (0, -1), FONT_BOLD), ("TEXTCOLOR", (0, 0), (0, -1), ACCENT)]
        )
    )
    return table


def _leerlingen(data: BeschikkingData) -> list[Flowable]:
    title = "Deelnemende leerlingen" if data.groep else "Leerling"
    rows = [["Nr.", "Initialen", "Leerlingnummer"]]
    rows += [
        [str(n), p.initialen, p.leerlingnummer] for n, p in enumerate(data.leerlingen, start=1)
    ]
    note = para(
        "Om de privacy van de leerlingen te beschermen vermelden wij alleen initialen en "
        "leerlingnummers.",
        "Small",
    )
    # The heading stays with the first rows only, so a long table splits instead of moving whole.
    return [
        CondPageBreak(HEADING_WITH_ROWS_MM * mm),
        para(title, "HeadingLoose"),
        _table(rows, [15, 60, 60]),
        Spacer(1, 2 * mm),
        note,
    ]


def _wrapped(value: str, width_mm: float) -> str:
    """Plain text pre-wrapped for a table cell of ``width_mm`` (cell padding included)."""
    return "\n".join(split_line(value, FONT, CELL_FONT_SIZE, (width_mm - 2.2) * mm))


def _checks(checks: tuple[Toetsing, ...]) -> Table:
    widths = [78.0, 24.0, 58.0]
    rows = [["Voorwaarde", "Oordeel", "Toelichting"]]
    for check in checks:
        verdict = "Voldaan" if check.voldaan else "Niet voldaan"
        rows.append(
            [_wrapped(check.voorwaarde, widths[0]), verdict, _wrapped(check.toelichting, widths[2])]
        )
    return _table(rows, widths)


def _signature(sign: Ondertekening, tail: list[Flowable]) -> Flowable:
    parts: list[Flowable] = [para("Met vriendelijke groet,", "BodyKeep")]
    if sign.namens:
        parts.append(para(f"{sign.namens},", "BodyKeep"))
    parts.append(Spacer(1, SIGNATURE_SPACE_MM * mm))
    parts.append(markup(f"<b>{text(sign.naam)}</b>", "BodyKeep"))
    parts.append(para(sign.functie, "Body"))
    return KeepTogether(parts + tail)


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
    story.append(para("Motivering", "Heading"))
    if data.motivering:
        story.append(para(data.motivering))
    if data.toetsing:
        story += [
            para("De aanvraag is getoetst aan de voorwaarden van de regeling:", "Body"),
            _checks(data.toetsing),
        ]
    if data.voorwaarden:
        story.append(para("Voorwaarden bij deze toekenning", "Heading"))
        story += [markup(text(v), "Bullet") for v in data.voorwaarden]
        for flowable in story[-len(data.voorwaarden) :]:
            flowable.bulletText = "•"  # type: ignore[attr-defined]
    if data.rechtsmiddel:
        story += [para("Niet eens met dit besluit?", "Heading"), para(data.rechtsmiddel)]
    if data.slot:
        story += [Spacer(1, 2 * mm), para(data.slot)]
    tail: list[str] = []
    if data.afschrift:
        tail.append(f"<b>Afschrift aan:</b> {text('; '.join(data.afschrift))}")
    if data.bijlagen:
        items = "<br/>".join(f"{i}. {text(b)}" for i, b in enumerate(data.bijlagen, start=1))
        tail.append(f"<b>Bijlage{'n' if len(data.bijlagen) > 1 else ''}:</b><br/>{items}")
    after: list[Flowable] = [Spacer(1, 2 * mm), *(markup(t, "Small") for t in tail)] if tail else []
    story += [Spacer(1, 3 * mm), _signature(data.ondertekening, after)]
    return story


def render_beschikking(data: BeschikkingData) -> bytes:
    """Render one beschikking as PDF bytes (deterministic for the same data)."""
    first_page, later_pages, footer = _page_callbacks(data)
    doc = SwvDocTemplate(
        title=f"Beschikking {data.kenmerk}",
        author=data.afzender.naam,
        subject=data.onderwerp,
        creation=data.creation,
        first_page=first_page,
        later_pages=later_pages,
        footer=footer,
    )
    return doc.render(_story(data))
