"""Declarative base, shared column types and the enumerations of the domain."""

from __future__ import annotations

import enum
from datetime import UTC
from datetime import date
from datetime import datetime
from typing import Any
from typing import Self

from sqlalchemy import Date
from sqlalchemy import DateTime
from sqlalchemy import Enum
from sqlalchemy import Integer
from sqlalchemy import LargeBinary
from sqlalchemy import MetaData
from sqlalchemy import String
from sqlalchemy import TypeDecorator
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import declared_attr
from sqlalchemy.orm import mapped_column

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


class HasId:
    """A table keyed by an integer ``id``, its first column (``sort_order``: a mixin's columns
    otherwise follow the class's own)."""

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-1)


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


class IssuedLetter:
    """A letter the office sends (beschikking, vaststelling): issued once, then frozen. The PDF
    bytes and their sha256 are kept as sent, with a keyed seal (``zegel``) over the figures the
    letter states and that sha256, so that ``check`` finds a figure changed after the letter
    went out."""

    verzonden_op: Mapped[date | None] = mapped_column(Date, nullable=True)
    uitgegeven_op: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True, deferred=True)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    zegel: Mapped[str | None] = mapped_column(String(64), nullable=True)


class LabeledEnum(enum.StrEnum):
    """A stored value with the Dutch text the window and the letters show for it: each member
    is written ``NAME = "value", "Label"``; the value is what the database holds."""

    _value_: str
    _label: str

    def __new__(cls, value: str, label: str = "") -> Self:
        # the default is for the type checker only: a lookup such as ``Rol("beheerder")`` runs
        # Enum's own __new__, and every member gives its label
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label
        return member

    @property
    def label(self) -> str:
        """The Dutch text for this value."""
        return self._label


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


class Rol(LabeledEnum):
    """The four roles of the bureau."""

    CONTACTPERSOON = "contactpersoon", "Contactpersoon"
    PROGRAMMADIRECTEUR = "programmadirecteur", "Programmadirecteur"
    SECRETARIAAT = "secretariaat", "Secretariaat"
    BEHEERDER = "beheerder", "Beheerder"


class Instroomroute(LabeledEnum):
    REGULIER_VO = "regulier_vo", "Regulier VO"
    ONDERINSTROOM = "onderinstroom", "Onderinstroom"
    OVERSTAP_VSO = "overstap_vso", "Overstap uit VSO"


class Toestemming(LabeledEnum):
    """Who consented to the handelingsdeel of the OPP."""

    GEEN = "geen", "Nog geen toestemming"
    OUDERS = "ouders", "Ouders"
    LEERLING = "leerling", "Leerling (16+)"


class Soort(LabeledEnum):
    """Individual application or group approach."""

    INDIVIDUEEL = "individueel", "Individueel"
    GROEP = "groep", "Groepsaanpak"


class Doel(LabeledEnum):
    """What the budget is for; didactic support is not eligible."""

    SOCIAAL_EMOTIONEEL = "sociaal_emotioneel", "Sociaal-emotionele vaardigheden"
    LEERVOORWAARDEN = "leervoorwaarden", "Leervoorwaarden / executieve functies"
    DIDACTISCH = "didactisch", "Didactische ondersteuning"


class VsoBetrokkenheid(LabeledEnum):
    GEEN = "geen", "Geen"
    CONSULTATIE = "consultatie", "Consultatie VSO"
    EXPERTISE = "expertise", "Expertise VSO ingezet"


class Status(LabeledEnum):
    """The states of an aanvraag."""

    CONCEPT = "concept", "Concept"
    INGEDIEND = "ingediend", "Ingediend"
    BESPROKEN = "besproken", "Besproken met contactpersoon"
    TER_BESLUITVORMING = "ter_besluitvorming", "Ter besluitvorming"
    TOEGEKEND = "toegekend", "Toegekend"
    GEDEELTELIJK_TOEGEKEND = "gedeeltelijk_toegekend", "Gedeeltelijk toegekend"
    AFGEWEZEN = "afgewezen", "Afgewezen"
    INGETROKKEN = "ingetrokken", "Ingetrokken"

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


class Uitkomst(LabeledEnum):
    """The outcome of a decision."""

    TOEGEKEND = "toegekend", "Toegekend"
    GEDEELTELIJK = "gedeeltelijk_toegekend", "Gedeeltelijk toegekend"
    AFGEWEZEN = "afgewezen", "Afgewezen"

    @property
    def status(self) -> Status:
        return Status(self.value)


class Voorwaarde(LabeledEnum):
    """The regulation's conditions recorded on every aanvraag."""

    NIET_UIT_BASIS = (
        "niet_uit_basis",
        "De ondersteuning kan niet vanuit de basis- of extra ondersteuning gerealiseerd worden",
    )
    DOEL_NIET_DIDACTISCH = (
        "doel_niet_didactisch",
        "Gericht op sociaal-emotionele vaardigheden of leervoorwaarden "
        "(executieve functies), niet op didactische ondersteuning",
    )
    BESPROKEN_CONTACTPERSOON = (
        "besproken_contactpersoon",
        "Besproken met de contactpersoon van het bureau, met de mogelijkheden "
        "van het maatwerkbudget",
    )
    OPP_VERMELDT_INZET = (
        "opp_vermeldt_inzet",
        "Het OPP vermeldt waarvoor het maatwerkbudget wordt ingezet",
    )
    VOORTGANG_DRIEMAANDELIJKS = (
        "voortgang_driemaandelijks",
        "De school bespreekt de voortgang minstens iedere drie maanden met de contactpersoon",
    )


class Beoordeling(LabeledEnum):
    """Progress assessment in a voortgangsgesprek and at the end of a year."""

    GOED = "goed", "Goede voortgang"
    VOLDOENDE = "voldoende", "Voldoende voortgang"
    BEPERKT = "beperkt", "Beperkte voortgang"
    ONVOLDOENDE = "onvoldoende", "Geen of onvoldoende voortgang"


class LeerlingResultaat(LabeledEnum):
    """Where a pupil stands at the end of a schooljaar."""

    REGULIER_VO = "regulier_vo", "Behouden in regulier VO"
    VERWEZEN_VSO = "verwezen_vso", "Verwezen naar VSO"
    ANDERS = "anders", "Anders"


class KostenSoort(LabeledEnum):
    ONDERSTEUNING = "ondersteuning", "Ondersteuning"
    ONTWIKKELTIJD = "ontwikkeltijd", "Ontwikkeltijd"


def utcnow() -> datetime:
    """The current moment, timezone-aware (the default clock)."""
    return datetime.now(UTC)
