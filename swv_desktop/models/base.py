"""Declarative base, shared column types and the enumerations of the domain."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Enum, Integer, MetaData, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of every ORM model."""

    metadata = MetaData(naming_convention=NAMING)


class Versioned:
    """An editable record: ``versie`` counts its saves. SQLAlchemy's ``version_id_col`` makes
    every UPDATE check the version it read (``WHERE versie = ?``) and count it up, so no save
    silently overwrites another; services compare it with the version the form loaded first."""

    versie: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - declarative directive
        return {"version_id_col": cls.__table__.c.versie}  # type: ignore[attr-defined]


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp; SQLite keeps it naive, we give it back aware."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("Tijdstippen moeten een tijdzone hebben.")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def str_enum(enum_cls: type[enum.Enum], name: str | None = None) -> Enum:
    """Store an enumeration by its value, as text, with a CHECK constraint; ``name`` (default:
    the enumeration's name) names that constraint, so two columns of one table need two names."""
    return Enum(
        enum_cls,
        values_callable=lambda cls: [m.value for m in cls],
        native_enum=False,
        create_constraint=True,
        length=40,
        name=name or enum_cls.__name__.lower(),
    )


class Rol(enum.StrEnum):
    """The four roles of the bureau."""

    CONTACTPERSOON = "contactpersoon"
    PROGRAMMADIRECTEUR = "programmadirecteur"
    SECRETARIAAT = "secretariaat"
    BEHEERDER = "beheerder"

    @property
    def label(self) -> str:
        return {
            Rol.CONTACTPERSOON: "Contactpersoon",
            Rol.PROGRAMMADIRECTEUR: "Programmadirecteur",
            Rol.SECRETARIAAT: "Secretariaat",
            Rol.BEHEERDER: "Beheerder",
        }[self]


class Instroomroute(enum.StrEnum):
    REGULIER_VO = "regulier_vo"
    ONDERINSTROOM = "onderinstroom"
    OVERSTAP_VSO = "overstap_vso"

    @property
    def label(self) -> str:
        return {
            Instroomroute.REGULIER_VO: "Regulier VO",
            Instroomroute.ONDERINSTROOM: "Onderinstroom",
            Instroomroute.OVERSTAP_VSO: "Overstap uit VSO",
        }[self]


class Toestemming(enum.StrEnum):
    """Who consented to the handelingsdeel of the OPP."""

    GEEN = "geen"
    OUDERS = "ouders"
    LEERLING = "leerling"

    @property
    def label(self) -> str:
        return {
            Toestemming.GEEN: "Nog geen toestemming",
            Toestemming.OUDERS: "Ouders",
            Toestemming.LEERLING: "Leerling (16+)",
        }[self]


class Soort(enum.StrEnum):
    """Individual application or group approach."""

    INDIVIDUEEL = "individueel"
    GROEP = "groep"

    @property
    def label(self) -> str:
        return "Individueel" if self is Soort.INDIVIDUEEL else "Groepsaanpak"


class Doel(enum.StrEnum):
    """What the budget is for; didactic support is not eligible."""

    SOCIAAL_EMOTIONEEL = "sociaal_emotioneel"
    LEERVOORWAARDEN = "leervoorwaarden"
    DIDACTISCH = "didactisch"

    @property
    def label(self) -> str:
        return {
            Doel.SOCIAAL_EMOTIONEEL: "Sociaal-emotionele vaardigheden",
            Doel.LEERVOORWAARDEN: "Leervoorwaarden / executieve functies",
            Doel.DIDACTISCH: "Didactische ondersteuning",
        }[self]


class VsoBetrokkenheid(enum.StrEnum):
    GEEN = "geen"
    CONSULTATIE = "consultatie"
    EXPERTISE = "expertise"

    @property
    def label(self) -> str:
        return {
            VsoBetrokkenheid.GEEN: "Geen",
            VsoBetrokkenheid.CONSULTATIE: "Consultatie VSO",
            VsoBetrokkenheid.EXPERTISE: "Expertise VSO ingezet",
        }[self]


class Status(enum.StrEnum):
    """The states of an aanvraag."""

    CONCEPT = "concept"
    INGEDIEND = "ingediend"
    BESPROKEN = "besproken"
    TER_BESLUITVORMING = "ter_besluitvorming"
    TOEGEKEND = "toegekend"
    GEDEELTELIJK_TOEGEKEND = "gedeeltelijk_toegekend"
    AFGEWEZEN = "afgewezen"
    INGETROKKEN = "ingetrokken"

    @property
    def label(self) -> str:
        return {
            Status.CONCEPT: "Concept",
            Status.INGEDIEND: "Ingediend",
            Status.BESPROKEN: "Besproken met contactpersoon",
            Status.TER_BESLUITVORMING: "Ter besluitvorming",
            Status.TOEGEKEND: "Toegekend",
            Status.GEDEELTELIJK_TOEGEKEND: "Gedeeltelijk toegekend",
            Status.AFGEWEZEN: "Afgewezen",
            Status.INGETROKKEN: "Ingetrokken",
        }[self]

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATUSES

    @property
    def is_decided(self) -> bool:
        return self in DECIDED_STATUSES


PENDING_STATUSES = (Status.INGEDIEND, Status.BESPROKEN, Status.TER_BESLUITVORMING)
"""Submitted and not yet decided: what the budget counts as 'in behandeling'."""
OPEN_STATUSES = frozenset({Status.CONCEPT, *PENDING_STATUSES})
"""Not decided, withdrawn or closed: the aanvraag can still move."""
DECIDED_STATUSES = frozenset({Status.TOEGEKEND, Status.GEDEELTELIJK_TOEGEKEND, Status.AFGEWEZEN})


class Uitkomst(enum.StrEnum):
    """The outcome of a decision."""

    TOEGEKEND = "toegekend"
    GEDEELTELIJK = "gedeeltelijk_toegekend"
    AFGEWEZEN = "afgewezen"

    @property
    def label(self) -> str:
        return {
            Uitkomst.TOEGEKEND: "Toegekend",
            Uitkomst.GEDEELTELIJK: "Gedeeltelijk toegekend",
            Uitkomst.AFGEWEZEN: "Afgewezen",
        }[self]

    @property
    def status(self) -> Status:
        return Status(self.value)


class Voorwaarde(enum.StrEnum):
    """The regulation's conditions recorded on every aanvraag."""

    NIET_UIT_BASIS = "niet_uit_basis"
    DOEL_NIET_DIDACTISCH = "doel_niet_didactisch"
    BESPROKEN_CONTACTPERSOON = "besproken_contactpersoon"
    OPP_VERMELDT_INZET = "opp_vermeldt_inzet"
    VOORTGANG_DRIEMAANDELIJKS = "voortgang_driemaandelijks"

    @property
    def label(self) -> str:
        return {
            Voorwaarde.NIET_UIT_BASIS: (
                "De ondersteuning kan niet vanuit de basis- of extra ondersteuning "
                "gerealiseerd worden"
            ),
            Voorwaarde.DOEL_NIET_DIDACTISCH: (
                "Gericht op sociaal-emotionele vaardigheden of leervoorwaarden "
                "(executieve functies), niet op didactische ondersteuning"
            ),
            Voorwaarde.BESPROKEN_CONTACTPERSOON: (
                "Besproken met de contactpersoon van het bureau, met de mogelijkheden "
                "van het maatwerkbudget"
            ),
            Voorwaarde.OPP_VERMELDT_INZET: (
                "Het OPP vermeldt waarvoor het maatwerkbudget wordt ingezet"
            ),
            Voorwaarde.VOORTGANG_DRIEMAANDELIJKS: (
                "De school bespreekt de voortgang minstens iedere drie maanden met de "
                "contactpersoon"
            ),
        }[self]


class Beoordeling(enum.StrEnum):
    """Progress assessment in a voortgangsgesprek and at the end of a year."""

    GOED = "goed"
    VOLDOENDE = "voldoende"
    BEPERKT = "beperkt"
    ONVOLDOENDE = "onvoldoende"

    @property
    def label(self) -> str:
        return {
            Beoordeling.GOED: "Goede voortgang",
            Beoordeling.VOLDOENDE: "Voldoende voortgang",
            Beoordeling.BEPERKT: "Beperkte voortgang",
            Beoordeling.ONVOLDOENDE: "Geen of onvoldoende voortgang",
        }[self]


class LeerlingResultaat(enum.StrEnum):
    """Where a pupil stands at the end of a schooljaar."""

    REGULIER_VO = "regulier_vo"
    VERWEZEN_VSO = "verwezen_vso"
    ANDERS = "anders"

    @property
    def label(self) -> str:
        return {
            LeerlingResultaat.REGULIER_VO: "Behouden in regulier VO",
            LeerlingResultaat.VERWEZEN_VSO: "Verwezen naar VSO",
            LeerlingResultaat.ANDERS: "Anders",
        }[self]


class KostenSoort(enum.StrEnum):
    ONDERSTEUNING = "ondersteuning"
    ONTWIKKELTIJD = "ontwikkeltijd"

    @property
    def label(self) -> str:
        return "Ondersteuning" if self is KostenSoort.ONDERSTEUNING else "Ontwikkeltijd"


def utcnow() -> datetime:
    """The current moment, timezone-aware (the default clock)."""
    return datetime.now(UTC)
