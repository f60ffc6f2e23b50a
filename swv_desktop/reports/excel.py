"""The evaluation figures as an Excel workbook (openpyxl): one sheet per question, amounts as
numbers in euros with a euro format, text cells made safe from formula injection."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from datetime import datetime
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from swv_desktop.formatting import cents_to_decimal
from swv_desktop.formatting import percent
from swv_desktop.reports.evaluatie_data import VRAGEN
from swv_desktop.reports.evaluatie_data import EvaluatieCijfers
from swv_desktop.reports.evaluatie_data import GebruikRij
from swv_desktop.reports.evaluatie_data import Telling
from swv_desktop.reports.evaluatie_data import UitkomstRij
from swv_desktop.reports.evaluatie_tabellen import NOT_RECORDED

EURO_FORMAT = '"€" #,##0.00'
DATE_FORMAT = "d-m-yyyy"
DATE_TIME_FORMAT = "d-m-yyyy hh:mm"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = PatternFill("solid", fgColor="E8EEF5")


class Euro(int):
    """An amount in cents that must be written as euros."""


Cell = str | int | Decimal | Euro | date | datetime | None
"""A value of a sheet: text, a whole number, an amount, a date (a real Excel date), or empty."""


MAX_CELL_TEXT = 32_767
"""The most characters an Excel cell holds."""
_NOT_IN_XLSX = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
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


def _stored(value: Cell) -> str | int | Decimal | date | datetime | None:
    """What openpyxl writes for ``value``: euros as a Decimal, a timestamp in local time without
    its zone (Excel has none), text made safe."""
    if isinstance(value, Euro):
        return cents_to_decimal(int(value))
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, datetime):
        return value.astimezone().replace(tzinfo=None) if value.tzinfo else value
    return value


def _number_format(value: Cell) -> str | None:
    if isinstance(value, Euro):
        return EURO_FORMAT
    if isinstance(value, datetime):
        return DATE_TIME_FORMAT
    if isinstance(value, date):
        return DATE_FORMAT
    return None


def _shown_width(value: object) -> int:
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    return len(str(value if value is not None else ""))


def _sheet(
    wb: Workbook, title: str, header: Sequence[str], rows: Sequence[Sequence[Cell]]
) -> Worksheet:
    ws: Worksheet = wb.create_sheet(title)
    ws.append([safe_text(h) for h in header])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    widths = [_shown_width(cell.value) for cell in ws[1]]
    for number, row in enumerate(rows, start=2):  # cell by cell: ws.max_row scans every cell
        for column, value in enumerate(row, start=1):
            cell = ws.cell(row=number, column=column, value=_stored(value))
            number_format = _number_format(value)
            if number_format is not None:
                cell.number_format = number_format
            if column <= len(widths):
                widths[column - 1] = max(widths[column - 1], _shown_width(cell.value))
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = min(60, max(10, width + 2))
    ws.freeze_panes = "A2"
    return ws


def table_xlsx(title: str, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """One sheet ``title`` with a bold header row and ``rows``, as workbook bytes (a list
    exported as it is shown)."""
    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    _sheet(wb, _SHEET_TITLE_FORBIDDEN.sub("", storable(title))[:31] or "Lijst", header, rows)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


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


def _outcomes(rows: Sequence[UitkomstRij]) -> list[list[Cell]]:
    return [
        [r.label, r.leerlingen, r.vastgelegd, r.behouden, r.verwezen, r.anders, r.onbekend]
        for r in rows
    ]


OUTCOME_HEADER = [
    "Leerlingjaren",
    "Uitkomst vastgelegd",
    "Behouden in regulier VO",
    "Verwezen naar VSO",
    "Anders",
    "Nog niet vastgelegd",
]


def _key_figures(f: EvaluatieCijfers) -> list[list[Cell]]:
    """The report's summary figures, the same as on its first page."""
    return [
        ["Rapport", f.titel],
        ["Organisatie", f.organisatie],
        ["Pilotjaren", ", ".join(f.jaren)],
        ["Peildatum (vastgelegd tot en met)", f.peildatum.isoformat() if f.peildatum else ""],
        ["Aanvragen (ingediend)", f.aanvragen],
        ["Toekenningen", f.toekenningen],
        ["Aangevraagd bedrag", Euro(f.aangevraagd_cents)],
        ["Toegekend bedrag", Euro(f.toegekend_cents)],
        ["Besteed (vastgesteld waar dat kan)", Euro(f.benut_cents)],
        ["Niet besteed (vastgestelde toekenningen)", Euro(f.niet_besteed_cents)],
        ["Gemiddeld per toekenning", Euro(f.gemiddeld_cents)],
        ["Beschikbaar budget", Euro(f.budget_cents)],
        ["Leerlingen bereikt (leerlingjaren)", f.leerlingen],
        ["Leerlingen bereikt (verschillende leerlingen)", f.leerlingen_uniek],
        ["Behouden in regulier VO", f.behouden],
        ["Kosten per in regulier VO behouden leerlingjaar", Euro(f.kosten_per_behouden_cents)],
        ["Openstaande aanvragen", f.openstaand_aantal],
        ["Openstaand aangevraagd bedrag", Euro(f.openstaand_cents)],
        ["Prognose toegekend (met de openstaande aanvragen)", Euro(f.prognose_cents)],
        ["Scholen in het samenwerkingsverband", f.scholen_totaal],
        ["Scholen zonder aanvraag", len(f.scholen_zonder_aanvraag)],
        ["Schoolbesturen", f.besturen_totaal],
        ["Schoolbesturen zonder aanvraag", len(f.besturen_zonder_aanvraag)],
    ]


def _percentage(part: int, whole: int) -> str:
    """``part`` of ``whole`` as the report writes it (``30,0%``), or '' without a whole."""
    return percent(part, whole) if whole > 0 else ""


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
    _sheet(wb, "Kerncijfers", ["Onderwerp", "Waarde"], _key_figures(f))
    _sheet(wb, "Besturen", ["Schoolbestuur", *usage], _usage(f.per_bestuur, False))
    _sheet(wb, "Scholen", ["School", "Schoolbestuur", *usage], _usage(f.per_school, True))
    _sheet(
        wb,
        "Zonder aanvraag",
        ["Soort", "Naam"],
        [["School", n] for n in f.scholen_zonder_aanvraag]
        + [["Schoolbestuur", n] for n in f.besturen_zonder_aanvraag],
    )
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
    _sheet(
        wb,
        "VSO-expertise",
        ["Indeling", "Naam", "Inzetten", "Uren"],
        [
            [indeling, t.label, t.inzetten, Decimal(t.minuten) / 60]
            for indeling, rows in (
                ("Soort vraag", f.vso_inzet.per_soort),
                ("VSO-school of partner", f.vso_inzet.per_partner),
                ("VO-school", f.vso_inzet.per_school),
                ("Oordeel van het team", f.vso_inzet.per_beoordeling),
            )
            for t in rows
        ],
    )
    recorded = sum(t.aantal for t in f.resultaten if t.label != NOT_RECORDED)
    _sheet(
        wb,
        "Uitkomsten",
        ["Uitkomst", "Leerlingjaren", "Van de vastgelegde uitkomsten"],
        [
            [t.label, t.aantal, "" if t.label == NOT_RECORDED else _percentage(t.aantal, recorded)]
            for t in f.resultaten
        ],
    )
    _sheet(wb, "Per instroomroute", ["Instroomroute", *OUTCOME_HEADER], _outcomes(f.per_route))
    _sheet(wb, "Per niveau", ["Niveau", *OUTCOME_HEADER], _outcomes(f.per_niveau))
    _sheet(wb, "Per leerjaar", ["Leerjaar", *OUTCOME_HEADER], _outcomes(f.per_leerjaar))
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
            "Uitkomst vastgelegd",
            "Behouden in regulier VO",
            "Behouden (van vastgelegd)",
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
                b.vastgelegd,
                b.behouden,
                _percentage(b.behouden, b.vastgelegd),
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
    _sheet(
        wb,
        "Conclusies",
        ["Monitoringsvraag", "Antwoord van de programmadirecteur"],
        [[question, f.antwoord(key)] for key, question in VRAGEN.items()]
        + [["Conclusie: wordt het maatwerkbudget structureel?", f.conclusies]],
    )
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
