"""The plain data a beschikking (decision letter) is rendered from; no database, no Qt.

The service fills these from the database (``services/beschikking_data.py``); tests and the
benchmark build them by hand. All text is plain text: the renderer escapes it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from typing import Protocol

from swv_desktop.formatting import long_date


class BriefSoort(enum.StrEnum):
    """The kinds of beschikking."""

    TOEKENNING_INDIVIDUEEL = "toekenning_individueel"
    TOEKENNING_GROEP = "toekenning_groep"
    GEDEELTELIJK = "gedeeltelijke_toekenning"
    AFWIJZING = "afwijzing"
    HERZIENING = "herziening"

    @property
    def label(self) -> str:
        return {
            BriefSoort.TOEKENNING_INDIVIDUEEL: "Toekenning individueel maatwerkbudget",
            BriefSoort.TOEKENNING_GROEP: "Toekenning maatwerkbudget groepsaanpak",
            BriefSoort.GEDEELTELIJK: "Gedeeltelijke toekenning maatwerkbudget",
            BriefSoort.AFWIJZING: "Afwijzing aanvraag maatwerkbudget",
            BriefSoort.HERZIENING: "Herziening beschikking maatwerkbudget",
        }[self]


@dataclass(frozen=True)
class Afzender:
    """The samenwerkingsverband as letterhead."""

    naam: str
    adres: str = ""
    postcode: str = ""
    plaats: str = ""
    telefoon: str = ""
    email: str = ""
    website: str = ""
    logo_png: bytes | None = None


@dataclass(frozen=True)
class Geadresseerde:
    """The school board and school the letter goes to, for the attention of a person."""

    bestuur: str
    school: str
    tav: str = ""
    adres: str = ""
    postcode: str = ""
    plaats: str = ""


@dataclass(frozen=True)
class LeerlingRegel:
    """A pupil as a letter may show them: initials and internal number only."""

    initialen: str
    leerlingnummer: str


@dataclass(frozen=True)
class Toetsing:
    """One condition of the regulation and how the application meets it. ``oordeel`` overrides
    the shown verdict (a future duty is "Toegezegd", not "Voldaan")."""

    voorwaarde: str
    voldaan: bool
    toelichting: str = ""
    oordeel: str = ""

    @property
    def verdict(self) -> str:
        """The text of the verdict column."""
        return self.oordeel or ("Voldaan" if self.voldaan else "Niet voldaan")


@dataclass(frozen=True)
class Kostenpost:
    """A cost line of a plan van aanpak (amount in cents), and whether it is awarded."""

    omschrijving: str
    soort: str
    bedrag_cents: int
    toegekend: bool = True


@dataclass(frozen=True)
class PlanVanAanpak:
    """The plan van aanpak of a group application as submitted (appended to the letter)."""

    ondersteuning: str
    doelen: str
    evaluatiewijze: str
    periode_start: date | None
    periode_eind: date | None
    kosten: tuple[Kostenpost, ...] = ()


@dataclass(frozen=True)
class Ondertekening:
    """The signature block."""

    naam: str
    functie: str
    namens: str = ""
    mandaat: str = ""


def pdf_creation(day: date, at: datetime | None = None) -> datetime:
    """The creation date a PDF records, fixed by its data so that the same data gives the same
    bytes: the moment ``at`` (in UTC) where the data has one, else the start of ``day`` in UTC."""
    if at is not None:
        return at.astimezone(UTC)
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


class Briefhoofd(Protocol):
    """What the fixed parts of a letter's pages show (``reports/brief_pagina.py``): sender,
    addressee, kenmerk and date, the reference column's rows, the word for the letter in the
    header of later pages, and the PDF's subject and creation date."""

    @property
    def afzender(self) -> Afzender: ...
    @property
    def geadresseerde(self) -> Geadresseerde: ...
    @property
    def kenmerk(self) -> str: ...
    @property
    def briefdatum(self) -> date: ...
    @property
    def referenties(self) -> tuple[tuple[str, str], ...]: ...
    @property
    def kop(self) -> str: ...
    @property
    def onderwerp(self) -> str: ...
    @property
    def creation(self) -> datetime: ...


@dataclass(frozen=True, kw_only=True)
class BriefData:
    """What every letter to a school board about an aanvraag carries (a beschikking, a
    vaststellingsbrief): kenmerk and date, the schooljaar, sender, addressee and signature, the
    aanvraag and the bureau's contact person, and the fixed texts around the body."""

    kenmerk: str
    briefdatum: date
    schooljaar: str
    afzender: Afzender
    geadresseerde: Geadresseerde
    ondertekening: Ondertekening
    aanvraagnummer: str
    contactpersoon: str
    aanhef: str = "Geachte heer, mevrouw,"
    rechtsmiddel: str = ""
    slot: str = ""
    afschrift: tuple[str, ...] = ()

    def referentie_rijen(self, *eigen: tuple[str, str]) -> tuple[tuple[str, str], ...]:
        """The rows of the reference column, label and value: date and kenmerk, the letter's own
        rows ``eigen``, then schooljaar and contact person."""
        return (
            ("Datum", long_date(self.briefdatum)),
            ("Ons kenmerk", self.kenmerk),
            *eigen,
            ("Schooljaar", self.schooljaar),
            ("Contactpersoon", self.contactpersoon),
        )

    @property
    def creation(self) -> datetime:
        """The PDF creation date: the letter's date (``pdf_creation``)."""
        return pdf_creation(self.briefdatum)


@dataclass(frozen=True)
class BeschikkingData(BriefData):
    """Everything one beschikking shows. Amounts in cents, texts already filled in."""

    soort: BriefSoort
    aanvraagdatum: date
    uitkomst: str
    groep: bool
    aangevraagd_cents: int
    toegekend_cents: int
    periode_start: date | None
    periode_eind: date | None
    doel: str
    inleiding: str = ""
    grondslag: str = ""
    besluit_tekst: str = ""
    motivering: str = ""
    leerlingen: tuple[LeerlingRegel, ...] = ()
    toetsing: tuple[Toetsing, ...] = ()
    voorwaarden: tuple[str, ...] = ()
    voortgang_data: tuple[date, ...] = ()
    bijlagen: tuple[str, ...] = ()
    oud_kenmerk: str = ""
    oud_toegekend_cents: int | None = None
    ingangsdatum: date | None = None
    nieuwe_uitkomst: str = ""
    inzet: tuple[tuple[str, str], ...] = ()
    betaling: str = ""
    niet_toegekend: tuple[Kostenpost, ...] = ()
    plan: PlanVanAanpak | None = None
    aangemaakt_op: datetime | None = field(default=None)

    @property
    def toegekend(self) -> bool:
        """True when money is awarded (fully or partly)."""
        return self.toegekend_cents > 0

    @property
    def onderwerp(self) -> str:
        """The subject line with the schooljaar: one colon at most (after "Betreft"), the word
        maatwerkbudget once; a herziening names its new outcome."""
        if self.soort is BriefSoort.HERZIENING:
            nieuw = f", nu {self.nieuwe_uitkomst}" if self.nieuwe_uitkomst else ""
            return f"Herziening maatwerkbudget schooljaar {self.schooljaar}{nieuw}"
        return f"{self.soort.label} schooljaar {self.schooljaar}"

    @property
    def kop(self) -> str:
        """The letter's kind in the header of later pages."""
        return "Beschikking"

    @property
    def referenties(self) -> tuple[tuple[str, str], ...]:
        """The rows of the reference column: label and value; a herziening names the letter it
        revises."""
        herziening = (("Herziening van", self.oud_kenmerk),) if self.oud_kenmerk else ()
        return self.referentie_rijen(
            *herziening,
            ("Uw aanvraag", f"{self.aanvraagnummer} van {long_date(self.aanvraagdatum)}"),
        )

    @property
    def creation(self) -> datetime:
        """The PDF creation date: when the letter was made, else its date (``pdf_creation``)."""
        return pdf_creation(self.briefdatum, self.aangemaakt_op)
