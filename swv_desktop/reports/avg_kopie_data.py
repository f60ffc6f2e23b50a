"""The plain data of an AVG copy (inzage in persoonsgegevens): what the SWV holds about one pupil,
as Dutch labels and values ready to print; no database, no Qt. Texts plain (the renderer escapes
them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import datetime

from swv_desktop.reports.beschikking_data import Afzender
from swv_desktop.reports.beschikking_data import pdf_creation


@dataclass(frozen=True)
class Onderdeel:
    """One record (an OPP version, an application, a decision ...): a heading and its fields."""

    kop: str
    velden: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Hoofdstuk:
    """A chapter of the copy: a title, a line saying what it holds, and its records."""

    titel: str
    uitleg: str
    onderdelen: tuple[Onderdeel, ...]
    leeg: str = "Hierover is niets vastgelegd."


@dataclass(frozen=True)
class Logregel:
    """What an entry of a log on the pupil's records says: when, who, about what."""

    op: datetime
    door: str
    wat: str


@dataclass(frozen=True)
class Wijziging(Logregel):
    """One entry of the audit trail on the pupil's records: when, who, what, which action."""

    actie: str


@dataclass(frozen=True)
class Inzage(Logregel):
    """One entry of the access log: when, who, what was viewed, exported or printed."""


@dataclass(frozen=True)
class AvgKopieData:
    """Everything one AVG copy shows."""

    afzender: Afzender
    leerlingnummer: str
    leerling_naam: str
    opgesteld_op: date
    opgesteld_door: str
    hoofdstukken: tuple[Hoofdstuk, ...]
    wijzigingen: tuple[Wijziging, ...]
    inzagen: tuple[Inzage, ...] = ()
    inzagen_bijgehouden: bool = False
    """True once the access log exists: then ``inzagen`` lists every view (else none is kept)."""
    json_bestand: str = ""
    """The name of the machine-readable copy that goes with it."""

    @property
    def titel(self) -> str:
        return "Inzage in persoonsgegevens"

    @property
    def kenmerk(self) -> str:
        return f"AVG-{self.leerlingnummer}-{self.opgesteld_op:%Y%m%d}"

    @property
    def creation(self) -> datetime:
        """The PDF creation date: the day the copy was drawn up (``pdf_creation``)."""
        return pdf_creation(self.opgesteld_op)
