"""The evaluation report (tussen- or eindevaluatie): ``EvaluatieCijfers`` in, PDF bytes out.

One section per monitoring question of the regulation, each with its question in italics, a table
and, where it helps, a chart; then the budget and the programmadirecteur's conclusions.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, KeepTogether, Spacer, Table, TableStyle

from swv_desktop.formatting import long_date, money, percent
from swv_desktop.reports.base import (
    ACCENT,
    ACCENT_LIGHT,
    FONT,
    GREY,
    LATER_HEADER_BASELINE_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    PAGE_WIDTH_MM,
    RULE,
    StyleCommand,
    SwvDocTemplate,
    draw_footer_line,
    from_top,
    markup,
    para,
    shorten,
    text,
)
from swv_desktop.reports.charts import hbar_chart
from swv_desktop.reports.evaluatie_data import EvaluatieCijfers, GebruikRij, Telling

BODY_TOP_MM = 25.0
QUESTIONS = {
    "gebruik": "Welke scholen/schoolbesturen maken gebruik van het maatwerkbudget?",
    "bedragen": "Welke bedragen worden aangevraagd?",
    "doelen": "Waar zetten de scholen het maatwerkbudget voor in?",
    "vso": (
        "In hoeverre wordt middels het maatwerkbudget de samenwerking met vso opgezocht cq de "
        "expertise van het vso ingezet?"
    ),
    "leerlingen": (
        "In hoeverre draagt het maatwerkbudget positief bij aan de onderwijsvoortgang (binnen "
        "regulier vo) van de leerling(en)?"
    ),
    "doelstelling": "In hoeverre draagt het maatwerkbudget bij aan de geformuleerde doelstelling?",
}


CELL_LIMIT = 150
"""A name in a table cell is cut at this many characters, so a row always fits on a page."""


def _table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    right_from: int = 1,
) -> Table:
    """A table with a repeated header; columns from ``right_from`` on are right-aligned figures."""

    def cell(value: str, col: int, head: bool) -> Flowable:
        style = ("CellHeadSmall" if head else "Cell") + ("Right" if col >= right_from else "")
        return para(shorten(value, CELL_LIMIT), style)

    data = [[cell(h, i, True) for i, h in enumerate(header)]]
    data += [[cell(v, i, False) for i, v in enumerate(row)] for row in rows]
    table = Table(
        data, colWidths=[w * mm for w in widths], repeatRows=1, hAlign="LEFT", splitInRow=1
    )
    style: list[StyleCommand] = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT_LIGHT),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    table.setStyle(TableStyle(style))
    return table


def _usage_table(rows: Sequence[GebruikRij], first: str, with_bestuur: bool) -> Table:
    header = [
        first,
        *(["Bestuur"] if with_bestuur else []),
        "Aanvragen",
        "Toegekend",
        "Leerlingen",
        "Aangevraagd",
        "Toegekend bedrag",
    ]
    body = [
        [
            r.naam,
            *([r.bestuur] if with_bestuur else []),
            str(r.aanvragen),
            str(r.toegekend),
            str(r.leerlingen),
            money(r.aangevraagd_cents),
            money(r.toegekend_cents),
        ]
        for r in rows
    ]
    widths = [34, 31, 18, 18, 18, 23, 23] if with_bestuur else [62, 18, 18, 18, 24, 25]
    return _table(
        header,
        body or [["Geen aanvragen", *[""] * (len(header) - 1)]],
        widths,
        right_from=2 if with_bestuur else 1,
    )


def _count_table(first: str, rows: Sequence[Telling], with_amount: bool = False) -> Table:
    total = sum(r.aantal for r in rows)
    header = [first, "Aantal", "Aandeel", *(["Toegekend bedrag"] if with_amount else [])]
    body = [
        [
            r.label,
            str(r.aantal),
            percent(r.aantal, total),
            *([money(r.bedrag_cents)] if with_amount else []),
        ]
        for r in rows
    ]
    body.append(
        [
            "Totaal",
            str(total),
            percent(total, total) if total else "–",
            *([money(sum(r.bedrag_cents for r in rows))] if with_amount else []),
        ]
    )
    return _table(header, body, [75, 22, 22, 40] if with_amount else [90, 25, 25])


def _section(title: str, question: str | None) -> list[Flowable]:
    out: list[Flowable] = [para(title, "H1")]
    if question:
        out.append(para(question, "Question"))
    return out


def _summary(f: EvaluatieCijfers) -> list[Flowable]:
    rows = [
        ["Aanvragen (ingediend)", str(f.aanvragen)],
        ["Toekenningen (geheel of gedeeltelijk)", str(f.toekenningen)],
        ["Aangevraagd bedrag", money(f.aangevraagd_cents)],
        ["Toegekend bedrag", money(f.toegekend_cents)],
        ["Beschikbaar budget", money(f.budget_cents)],
        ["Benut van het budget", percent(f.toegekend_cents, f.budget_cents)],
        ["Leerlingen bereikt", str(f.leerlingen)],
        ["Behouden in regulier VO (vastgelegd)", str(f.behouden)],
    ]
    return [
        para("Kerncijfers", "H1"),
        _table(["Onderwerp", "Waarde"], rows, [110, 50]),
        Spacer(1, 2 * mm),
        para(
            "Een aanvraag telt mee zodra zij is ingediend. Een toekenning is een besluit dat geldt "
            "(niet vervangen door een herziening) en geen afwijzing. Een leerling is bereikt als een "
            "individuele toekenning of een toegekende groepsaanpak de leerling noemt; per pilotjaar "
            "telt een leerling één keer.",
            "Small",
        ),
    ]


def _story(f: EvaluatieCijfers) -> list[Flowable]:
    years = ", ".join(f.jaren)
    story: list[Flowable] = [
        para(f.titel, "Title"),
        para(
            f"{f.organisatie} · opgesteld op {long_date(f.opgesteld_op)} · pilotjaren {years}",
            "Subtitle",
        ),
        Spacer(1, 4 * mm),
        *_summary(f),
    ]
    story += _section("1. Gebruik per schoolbestuur en school", QUESTIONS["gebruik"])
    story += [_usage_table(f.per_bestuur, "Schoolbestuur", False), Spacer(1, 3 * mm)]
    if f.per_bestuur:
        story.append(
            hbar_chart(
                "Toegekend bedrag per schoolbestuur",
                [r.naam for r in f.per_bestuur],
                [("Toegekend", [r.toegekend_cents for r in f.per_bestuur])],
                money=True,
            )
        )
    story += [Spacer(1, 3 * mm), _usage_table(f.per_school, "School", True)]

    story += _section("2. Aangevraagde en toegekende bedragen", QUESTIONS["bedragen"])
    rows = [
        [
            r.soort,
            str(r.aanvragen),
            str(r.toegekend),
            money(r.aangevraagd_cents),
            money(r.toegekend_cents),
            money(r.gemiddeld_cents),
        ]
        for r in f.per_soort
    ]
    rows.append(
        [
            "Totaal",
            str(f.aanvragen),
            str(f.toekenningen),
            money(f.aangevraagd_cents),
            money(f.toegekend_cents),
            money(f.toegekend_cents // f.toekenningen if f.toekenningen else 0),
        ]
    )
    story += [
        _table(
            ["Soort", "Aanvragen", "Toekenningen", "Aangevraagd", "Toegekend", "Gemiddeld"],
            rows,
            [34, 20, 24, 29, 29, 29],
        ),
        Spacer(1, 3 * mm),
        hbar_chart(
            "Aangevraagd en toegekend per soort",
            [r.soort for r in f.per_soort],
            [
                ("Aangevraagd", [r.aangevraagd_cents for r in f.per_soort]),
                ("Toegekend", [r.toegekend_cents for r in f.per_soort]),
            ],
            money=True,
        ),
        Spacer(1, 2 * mm),
        para("Besluiten die gelden", "Heading"),
        _count_table("Besluit", f.besluiten, with_amount=True),
    ]
    story += _section("3. Waarvoor scholen het budget inzetten", QUESTIONS["doelen"])
    story += [
        _count_table("Doel van de aanvraag", f.doelen, with_amount=True),
        Spacer(1, 3 * mm),
        hbar_chart(
            "Aanvragen per doel",
            [t.label for t in f.doelen],
            [("Aanvragen", [t.aantal for t in f.doelen])],
        ),
        para(
            "Didactische ondersteuning valt buiten de regeling; zulke aanvragen worden afgewezen.",
            "Small",
        ),
    ]
    story += _section("4. Samenwerking met het VSO", QUESTIONS["vso"])
    story.append(_count_table("Betrokkenheid van het VSO", f.vso, with_amount=True))
    if f.vso_scholen:
        story += [
            Spacer(1, 3 * mm),
            _table(
                ["VSO-school", "Aanvragen"],
                [[t.label, str(t.aantal)] for t in f.vso_scholen],
                [110, 30],
            ),
        ]
    story += _section("5. Leerlingen: uitkomst en voortgang", QUESTIONS["leerlingen"])
    story += [
        _count_table("Uitkomst aan het eind van het schooljaar", f.resultaten),
        Spacer(1, 3 * mm),
        hbar_chart(
            "Uitkomst per bereikte leerling",
            [t.label for t in f.resultaten],
            [("Leerlingen", [t.aantal for t in f.resultaten])],
        ),
        Spacer(1, 2 * mm),
        _count_table("Voortgang aan het eind van het schooljaar", f.voortgang_eind),
        Spacer(1, 3 * mm),
        _count_table("Beoordeling in de voortgangsgesprekken", f.voortgang_gesprekken),
    ]
    rows = [
        [
            b.jaar,
            money(b.budget_cents),
            money(b.toegekend_cents),
            percent(b.toegekend_cents, b.budget_cents),
            money(b.overschrijding_cents),
            str(b.leerlingen),
        ]
        for b in f.budget
    ]
    story.append(
        KeepTogether(
            [
                *_section("6. Budget en overschrijding", None),
                _table(
                    ["Pilotjaar", "Budget", "Toegekend", "Benut", "Overschrijding", "Leerlingen"],
                    rows,
                    [26, 30, 30, 20, 30, 24],
                ),
                Spacer(1, 3 * mm),
                hbar_chart(
                    "Budget en toegekend per pilotjaar",
                    list(f.jaren),
                    [
                        ("Budget", [b.budget_cents for b in f.budget]),
                        ("Toegekend", [b.toegekend_cents for b in f.budget]),
                    ],
                    money=True,
                ),
            ]
        )
    )
    story.append(para("Overschrijdingen en het informeren van het bestuur", "Heading"))
    if f.notities:
        rows = [
            [
                n.schooljaar_label,
                money(n.overschrijding_cents),
                long_date(n.aangemaakt_op),
                long_date(n.bestuur_geinformeerd_op) or "nog niet geïnformeerd",
                n.reden,
            ]
            for n in f.notities
        ]
        story.append(
            _table(
                ["Pilotjaar", "Boven budget", "Ontstaan op", "Bestuur geïnformeerd", "Reden"],
                rows,
                [22, 26, 28, 32, 52],
                right_from=99,
            )
        )
    else:
        story.append(
            para("Het budget is niet overschreden; het bestuur hoefde niet te worden geïnformeerd.")
        )
    story += _section("7. Conclusies", QUESTIONS["doelstelling"])
    story.append(
        para(f.conclusies)
        if f.conclusies.strip()
        else markup("<i>De programmadirecteur heeft nog geen conclusies vastgelegd.</i>")
    )
    story.append(
        KeepTogether(
            [
                Spacer(1, 6 * mm),
                markup(f"<b>{text(f.programmadirecteur)}</b>", "BodyKeep"),
                para(f.functie),
                para(f.organisatie),
            ]
        )
    )
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

    creation = f.aangemaakt_op or datetime.combine(f.opgesteld_op, time(0, 0), tzinfo=UTC)
    doc = SwvDocTemplate(
        title=f.titel,
        author=f.organisatie,
        subject=f.titel,
        creation=creation,
        first_page=header,
        later_pages=header,
        footer=footer,
        first_top_mm=BODY_TOP_MM,
        later_top_mm=BODY_TOP_MM,
    )
    return doc.render(_story(f))
