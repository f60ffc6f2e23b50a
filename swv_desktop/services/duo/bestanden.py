"""Reading DUO's open-data files for VO and Excel sheets into plain school and board records.

DUO publishes ``02. Alle vestigingen VO`` and ``Adressen bevoegde gezagen VO`` as CSV: separated
by semicolons, a header row, Windows-1252 (sometimes re-saved as UTF-8). The headers are matched
on their letters and digits only (``HUISNUMMER-TOEVOEGING`` = ``Huisnummer toevoeging``), so the
older names (``BRIN NUMMER``, ``VESTIGINGSNUMMER``) and a hand-made Excel sheet with plain Dutch
headers (``BRIN``, ``Vestiging``, ``Naam``) are read too. Qt-free.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from openpyxl import load_workbook

from swv_desktop.errors import FieldError
from swv_desktop.errors import ValidationError
from swv_desktop.formatting import thousands

Soort = Literal["bestuur", "school"]

_ALIASES: dict[str, tuple[str, ...]] = {
    "brin": ("INSTELLINGSCODE", "BRIN NUMMER", "BRINNUMMER", "BRIN", "BRIN-CODE"),
    "vestiging": ("VESTIGINGSCODE", "VESTIGINGSNUMMER", "VESTIGING", "BRIN VESTIGING"),
    "school_naam": ("VESTIGINGSNAAM", "INSTELLINGSNAAM VESTIGING", "SCHOOL", "SCHOOLNAAM"),
    "bestuur_naam": ("BEVOEGD GEZAG NAAM", "BESTUUR", "SCHOOLBESTUUR", "BESTUURSNAAM"),
    "naam": ("NAAM", "INSTELLINGSNAAM"),
    "nummer": ("BEVOEGD GEZAG NUMMER", "BEVOEGD-GEZAGNUMMER", "BEVOEGD GEZAG", "BG NUMMER"),
    "straat": ("STRAATNAAM", "STRAAT"),
    "huisnummer": ("HUISNUMMER-TOEVOEGING", "HUISNUMMER"),
    "adres": ("ADRES",),
    "postcode": ("POSTCODE",),
    "plaats": ("PLAATSNAAM", "PLAATS", "WOONPLAATS"),
    "gemeente": ("GEMEENTENAAM", "GEMEENTE"),
}
MAX_ROWS = 20_000
"""More rows than DUO's national files hold (about 1,600 vestigingen): anything bigger is not one
of these files."""


def _key(header: object) -> str:
    return re.sub(r"[^0-9A-Z]", "", str(header or "").upper())


_BY_KEY = {_key(alias): field for field, aliases in _ALIASES.items() for alias in aliases}


@dataclass(frozen=True)
class BestuurRecord:
    """One board as the file gives it."""

    nummer: str
    naam: str
    adres: str
    postcode: str
    plaats: str
    gemeente: str
    regel: int
    bron: str


@dataclass(frozen=True)
class SchoolRecord:
    """One school (vestiging) as the file gives it, with the number of its board."""

    brin: str
    vestiging: str
    naam: str
    adres: str
    postcode: str
    plaats: str
    gemeente: str
    bestuur_nummer: str
    regel: int
    bron: str


@dataclass(frozen=True)
class Records:
    """What the files held."""

    besturen: tuple[BestuurRecord, ...] = ()
    scholen: tuple[SchoolRecord, ...] = ()


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an Excel number cell: 41234.0 is bevoegd gezag 41234
    return " ".join(str(value).split())


def _table(rows: Iterable[Sequence[object]], bron: str) -> Records:
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None:
        raise _unreadable(bron, "het bestand is leeg")
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        field = _BY_KEY.get(_key(name))
        if field is not None and field not in columns:
            columns[field] = index
    if "school_naam" not in columns and "vestiging" in columns and "naam" in columns:
        columns["school_naam"] = columns["naam"]
    if "bestuur_naam" not in columns and "vestiging" not in columns and "naam" in columns:
        columns["bestuur_naam"] = columns["naam"]

    def cell(row: Sequence[object], field: str) -> str:
        index = columns.get(field)
        return _text(row[index]) if index is not None and index < len(row) else ""

    def adres(row: Sequence[object]) -> str:
        return cell(row, "adres") or f"{cell(row, 'straat')} {cell(row, 'huisnummer')}".strip()

    besturen: list[BestuurRecord] = []
    scholen: list[SchoolRecord] = []
    is_school = "vestiging" in columns
    if not is_school and not ("nummer" in columns and "bestuur_naam" in columns):
        raise _unreadable(
            bron,
            "de kolommen VESTIGINGSCODE (scholen) of BEVOEGD GEZAG NUMMER en BEVOEGD GEZAG NAAM "
            "(besturen) ontbreken",
        )
    for number, row in enumerate(iterator, start=2):
        if number > MAX_ROWS:
            raise _unreadable(bron, f"het heeft meer dan {thousands(MAX_ROWS)} regels")
        if not any(_text(v) for v in row):
            continue
        if is_school:
            brin = cell(row, "brin").upper()
            vestiging = cell(row, "vestiging").upper().replace(" ", "")
            if len(vestiging) == 2 and vestiging.isdigit() and brin:
                vestiging = brin + vestiging  # a file that gives only the 2-digit suffix
            scholen.append(
                SchoolRecord(
                    brin=brin or vestiging[:4],
                    vestiging=vestiging,
                    naam=cell(row, "school_naam"),
                    adres=adres(row),
                    postcode=cell(row, "postcode").upper(),
                    plaats=cell(row, "plaats"),
                    gemeente=cell(row, "gemeente"),
                    bestuur_nummer=cell(row, "nummer"),
                    regel=number,
                    bron=bron,
                )
            )
        else:
            besturen.append(
                BestuurRecord(
                    nummer=cell(row, "nummer"),
                    naam=cell(row, "bestuur_naam"),
                    adres=adres(row),
                    postcode=cell(row, "postcode").upper(),
                    plaats=cell(row, "plaats"),
                    gemeente=cell(row, "gemeente"),
                    regel=number,
                    bron=bron,
                )
            )
    return Records(tuple(besturen), tuple(scholen))


def _unreadable(bron: str, why: str) -> ValidationError:
    return ValidationError(FieldError("bestand", f"{bron} is niet te lezen: {why}."))


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # DUO's own encoding


def read_file(name: str, data: bytes) -> Records:
    """The records of one file: a CSV (DUO) or an Excel workbook (every sheet read)."""
    bron = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1] or "Het bestand"
    if data[:2] == b"PK":  # xlsx is a zip
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise _unreadable(bron, "het is geen geldige Excel-werkmap") from error
        besturen: list[BestuurRecord] = []
        scholen: list[SchoolRecord] = []
        try:
            for sheet in workbook.worksheets:
                part = _table(sheet.iter_rows(values_only=True), f"{bron} ({sheet.title})")
                besturen.extend(part.besturen)
                scholen.extend(part.scholen)
        finally:
            workbook.close()
        return Records(tuple(besturen), tuple(scholen))
    text = _decode(data)
    if "\x00" in text:
        raise _unreadable(bron, "het is geen tekstbestand (CSV) en geen Excel-werkmap")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    return _table(csv.reader(io.StringIO(text), delimiter=delimiter), bron)


def read_files(files: Sequence[tuple[str, bytes]]) -> Records:
    """All records of ``files`` (name, contents) together."""
    if not files:
        raise ValidationError(FieldError("bestand", "Kies minstens één bestand om te importeren."))
    besturen: list[BestuurRecord] = []
    scholen: list[SchoolRecord] = []
    for name, data in files:
        part = read_file(name, data)
        besturen.extend(part.besturen)
        scholen.extend(part.scholen)
    return Records(tuple(besturen), tuple(scholen))


__all__ = ["BestuurRecord", "Records", "SchoolRecord", "read_file", "read_files"]
