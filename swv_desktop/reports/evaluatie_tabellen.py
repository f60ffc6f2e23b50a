"""The tables of the evaluation report: usage per school and board, counts with shares, outcomes
as shares of the recorded outcomes (the unrecorded shown apart), and outcome breakdowns."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable
from reportlab.platypus import KeepTogether
from reportlab.platypus import Table
from reportlab.platypus import TableStyle

from swv_desktop.formatting import money
from swv_desktop.formatting import percent
from swv_desktop.formatting import thousands
from swv_desktop.reports.evaluatie_data import GebruikRij
from swv_desktop.reports.evaluatie_data import Telling
from swv_desktop.reports.evaluatie_data import UitkomstRij
from swv_desktop.reports.styles import ACCENT
from swv_desktop.reports.styles import ACCENT_LIGHT
from swv_desktop.reports.styles import FONT
from swv_desktop.reports.styles import StyleCommand
from swv_desktop.reports.styles import grid_style
from swv_desktop.reports.text import para
from swv_desktop.reports.text import shorten

NOT_RECORDED = "Nog niet vastgelegd"
CELL_LIMIT = 150
"""A name in a table cell is cut at this many characters, so a row always fits on a page."""


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    right_from: int = 1,
    total_row: bool = False,
) -> Table:
    """A table with a repeated header; columns from ``right_from`` on are right-aligned figures;
    it never splits leaving fewer than three rows on either side."""

    def cell(value: str, col: int, head: bool) -> Flowable:
        style = ("CellHeadSmall" if head else "Cell") + ("Right" if col >= right_from else "")
        return para(shorten(value, CELL_LIMIT), style)

    data = [[cell(h, i, True) for i, h in enumerate(header)]]
    data += [[cell(v, i, False) for i, v in enumerate(row)] for row in rows]
    result = Table(
        data, colWidths=[w * mm for w in widths], repeatRows=1, hAlign="LEFT", splitInRow=1
    )
    style: list[StyleCommand] = [("BACKGROUND", (0, 0), (-1, 0), ACCENT_LIGHT), *grid_style(2)]
    if total_row:
        style.append(("LINEABOVE", (0, -1), (-1, -1), 0.6, ACCENT))
    result.setStyle(TableStyle(style))
    return result


def kept(flowable: Flowable, rows: int) -> Flowable:
    """A short table (up to 15 rows) stays whole on one page with what precedes it in ``kept``;
    a long one splits with its header repeated."""
    return KeepTogether([flowable]) if rows <= 15 else flowable


def usage_table(rows: Sequence[GebruikRij], first: str, with_bestuur: bool) -> Table:
    """Use of the budget per school (with its board) or per board."""
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
            thousands(r.aanvragen),
            thousands(r.toegekend),
            thousands(r.leerlingen),
            money(r.aangevraagd_cents),
            money(r.toegekend_cents),
        ]
        for r in rows
    ]
    widths: list[float] = [34, 31, 18, 18, 18, 23, 23] if with_bestuur else [62, 18, 18, 18, 24, 25]
    # amounts never wrap (a large SWV reaches millions): widen their columns to the widest
    # amount and take the room from the name columns
    widest = max((stringWidth(v, FONT, 8) / mm + 7 for row in body for v in row[-2:]), default=0.0)
    extra = max(0.0, widest - min(widths[-2:]))
    if extra:
        names = 2 if with_bestuur else 1
        widths = (
            [w - extra * 2 / names for w in widths[:names]]
            + widths[names:-2]
            + [w + extra for w in widths[-2:]]
        )
    return table(
        header,
        body or [["Geen aanvragen", *[""] * (len(header) - 1)]],
        widths,
        right_from=2 if with_bestuur else 1,
    )


def count_table(first: str, rows: Sequence[Telling], with_amount: bool = False) -> Table:
    """Labelled counts with their share of the total (and the awarded amount)."""
    total = sum(r.aantal for r in rows)
    header = [first, "Aantal", "Aandeel", *(["Toegekend bedrag"] if with_amount else [])]
    body = [
        [
            r.label,
            thousands(r.aantal),
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
    widths = [75, 22, 22, 40] if with_amount else [90, 25, 25]
    return table(header, body, widths, total_row=True)


def outcome_table(first: str, rows: Sequence[Telling]) -> Table:
    """Outcomes as shares of the *recorded* outcomes; the unrecorded are counted apart, without a
    share, so "behouden" is never diluted by outcomes nobody has entered yet."""
    recorded = [r for r in rows if r.label != NOT_RECORDED]
    missing = sum(r.aantal for r in rows if r.label == NOT_RECORDED)
    total = sum(r.aantal for r in recorded)
    body = [
        [r.label, thousands(r.aantal), percent(r.aantal, total) if total else "–"] for r in recorded
    ]
    body.append(["Totaal vastgelegd", str(total), "100,0%" if total else "–"])
    body.append([f"{NOT_RECORDED} (niet in de percentages)", str(missing), ""])
    return table([first, "Aantal", "Aandeel"], body, [90, 25, 25])


def breakdown_table(first: str, rows: Sequence[UitkomstRij]) -> Table:
    """Pupil-years of each group with their outcomes; the share behouden is of the recorded."""
    header = [
        first,
        "Leerlingjaren",
        "Behouden",
        "Verwezen VSO",
        "Anders",
        "Niet vastgelegd",
        "Behouden (van vastgelegd)",
    ]
    body = [
        [
            r.label,
            thousands(r.leerlingen),
            thousands(r.behouden),
            thousands(r.verwezen),
            thousands(r.anders),
            thousands(r.onbekend),
            percent(r.behouden, r.vastgelegd) if r.vastgelegd else "–",
        ]
        for r in rows
    ]
    return table(
        header, body or [["Geen leerlingen", "", "", "", "", "", ""]], [30, 24, 18, 20, 16, 22, 30]
    )
