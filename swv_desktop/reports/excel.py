"""The evaluation figures as an Excel workbook (openpyxl): one sheet per question, amounts as
numbers in euros with a euro format, text cells made safe from formula injection."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from swv_desktop.formatting import cents_to_decimal
from swv_desktop.reports.evaluatie_data import EvaluatieCijfers, GebruikRij, Telling

EURO_FORMAT = '"€" #,##0.00'
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = PatternFill("solid", fgColor="E8EEF5")


class Euro(int):
    """An amount in cents that must be written as euros."""


Cell = str | int | Euro


MAX_CELL_TEXT = 32_767
"""The most characters an Excel cell holds."""
_NOT_IN_XLSX = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_SOFT_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


def storable(value: str) -> str:
    """``value`` without what an xlsx cannot hold: control characters (the soft line break
    ``\x0b`` that Word pastes becomes a newline), lone surrogates and U+FFFE/U+FFFF; at most
    ``MAX_CELL_TEXT`` characters."""
    cleaned = _NOT_IN_XLSX.sub("", value.translate(_SOFT_BREAKS))
    if len(cleaned) > MAX_CELL_TEXT:
        cleaned = cleaned[: MAX_CELL_TEXT - 1] + "…"
    return cleaned


def safe_text(value: str) -> str:
    """Text as a spreadsheet can store and show it, never as a formula: a leading = + - @ tab or
    CR gets a quote; characters an xlsx cannot hold are removed (``storable``)."""
    value = storable(value)
    if value.startswith(FORMULA_STARTS):
        value = "'" + value
        if len(value) > MAX_CELL_TEXT:
            value = value[: MAX_CELL_TEXT - 1] + "…"
    return value


def _sheet(
    wb: Workbook, title: str, header: Sequence[str], rows: Sequence[Sequence[Cell]]
) -> Worksheet:
    ws: Worksheet = wb.create_sheet(title)
    ws.append([safe_text(h) for h in header])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for row in rows:
        values: list[str | int | Decimal] = []
        for value in row:
            if isinstance(value, Euro):
                values.append(cents_to_decimal(int(value)))
            elif isinstance(value, str):
                values.append(safe_text(value))
            else:
                values.append(value)
        ws.append(values)
        for cell, value in zip(ws[ws.max_row], row, strict=True):
            if isinstance(value, Euro):
                cell.number_format = EURO_FORMAT
    for index, _ in enumerate(header, start=1):
        letter = get_column_letter(index)
        width = max(len(str(c.value or "")) for c in ws[letter])
        ws.column_dimensions[letter].width = min(60, max(10, width + 2))
    ws.freeze_panes = "A2"
    return ws


def _usage(rows: Sequence[GebruikRij], with_bestuur: bool) -> list[list[Cell]]:
    return [
        [
            r.naam,
            *([r.bestuur] if with_bestuur else []),
            r.aanvragen,
            r.toegekend,
            r.afgewezen,
            r.leerlingen,
            Euro(r.aangevraagd_cents),
            Euro(r.toegekend_cents),
        ]
        for r in rows
    ]


def _counts(rows: Sequence[Telling], with_amount: bool = True) -> list[list[Cell]]:
    return [[t.label, t.aantal, *([Euro(t.bedrag_cents)] if with_amount else [])] for t in rows]


def evaluatie_xlsx(f: EvaluatieCijfers) -> bytes:
    """The workbook as bytes."""
    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    usage = [
        "Aanvragen",
        "Toegekend",
        "Afgewezen",
        "Leerlingen",
        "Aangevraagd (€)",
        "Toegekend (€)",
    ]
    _sheet(
        wb,
        "Kerncijfers",
        ["Onderwerp", "Waarde"],
        [
            ["Rapport", f.titel],
            ["Organisatie", f.organisatie],
            ["Pilotjaren", ", ".join(f.jaren)],
            ["Aanvragen (ingediend)", f.aanvragen],
            ["Toekenningen", f.toekenningen],
            ["Aangevraagd bedrag", Euro(f.aangevraagd_cents)],
            ["Toegekend bedrag", Euro(f.toegekend_cents)],
            ["Besteed (vastgesteld waar dat kan)", Euro(f.benut_cents)],
            ["Niet besteed (vastgestelde toekenningen)", Euro(f.niet_besteed_cents)],
            ["Beschikbaar budget", Euro(f.budget_cents)],
            ["Leerlingen bereikt", f.leerlingen],
            ["Behouden in regulier VO", f.behouden],
        ],
    )
    _sheet(wb, "Besturen", ["Schoolbestuur", *usage], _usage(f.per_bestuur, False))
    _sheet(wb, "Scholen", ["School", "Schoolbestuur", *usage], _usage(f.per_school, True))
    _sheet(
        wb,
        "Bedragen",
        ["Soort", "Aanvragen", "Toekenningen", "Aangevraagd (€)", "Toegekend (€)", "Gemiddeld (€)"],
        [
            [
                r.soort,
                r.aanvragen,
                r.toegekend,
                Euro(r.aangevraagd_cents),
                Euro(r.toegekend_cents),
                Euro(r.gemiddeld_cents),
            ]
            for r in f.per_soort
        ],
    )
    _sheet(wb, "Besluiten", ["Besluit", "Aantal", "Toegekend (€)"], _counts(f.besluiten))
    _sheet(wb, "Doelen", ["Doel", "Aanvragen", "Toegekend (€)"], _counts(f.doelen))
    _sheet(wb, "VSO", ["Betrokkenheid VSO", "Aanvragen", "Toegekend (€)"], _counts(f.vso))
    _sheet(wb, "VSO-scholen", ["VSO-school", "Aanvragen"], _counts(f.vso_scholen, False))
    _sheet(wb, "Uitkomsten", ["Uitkomst", "Leerlingen"], _counts(f.resultaten, False))
    _sheet(
        wb,
        "Voortgang",
        ["Voortgang eind schooljaar", "Leerlingen"],
        _counts(f.voortgang_eind, False),
    )
    _sheet(
        wb,
        "Gesprekken",
        ["Beoordeling voortgangsgesprek", "Gesprekken"],
        _counts(f.voortgang_gesprekken, False),
    )
    _sheet(
        wb,
        "Budget",
        [
            "Pilotjaar",
            "Budget (€)",
            "Toegekend (€)",
            "Overschrijding (€)",
            "Aanvragen",
            "Toekenningen",
            "Leerlingen",
        ],
        [
            [
                b.jaar,
                Euro(b.budget_cents),
                Euro(b.toegekend_cents),
                Euro(b.overschrijding_cents),
                b.aanvragen,
                b.toekenningen,
                b.leerlingen,
            ]
            for b in f.budget
        ],
    )
    _sheet(
        wb,
        "Geld",
        [
            "Pilotjaar",
            "Toegekend (€)",
            "Betaald (€)",
            "Verantwoord (€)",
            "Vastgesteld (€)",
            "Niet besteed (€)",
            "Terugbetaald (€)",
            "Nog terug te ontvangen (€)",
            "Nog vast te stellen (€)",
            "Toekenningen",
            "Vastgesteld",
        ],
        [
            [
                g.jaar,
                Euro(g.toegekend_cents),
                Euro(g.betaald_cents),
                Euro(g.verantwoord_cents),
                Euro(g.vastgesteld_cents),
                Euro(g.niet_besteed_cents),
                Euro(g.terugbetaald_cents),
                Euro(g.terug_te_ontvangen_cents),
                Euro(g.nog_vast_te_stellen_cents),
                g.toekenningen,
                g.vaststellingen,
            ]
            for g in f.geld
        ],
    )
    _sheet(
        wb,
        "Overschrijdingen",
        [
            "Pilotjaar",
            "Boven budget (€)",
            "Ontstaan op",
            "Bestuur geïnformeerd op",
            "Reden",
            "Wat gemeld",
        ],
        [
            [
                n.schooljaar_label,
                Euro(n.overschrijding_cents),
                n.aangemaakt_op.isoformat(),
                n.bestuur_geinformeerd_op.isoformat() if n.bestuur_geinformeerd_op else "",
                n.reden,
                n.wat_gemeld,
            ]
            for n in f.notities
        ],
    )
    _sheet(wb, "Conclusies", ["Conclusies"], [[f.conclusies]])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
