"""Applications (individual or group), their recorded conditions, status history and group plan."""

from __future__ import annotations

from datetime import date
from datetime import datetime

from sqlalchemy import BigInteger
from sqlalchemy import Boolean
from sqlalchemy import Date
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from swv_desktop.models.base import Base
from swv_desktop.models.base import Doel
from swv_desktop.models.base import HasId
from swv_desktop.models.base import KostenSoort
from swv_desktop.models.base import Soort
from swv_desktop.models.base import Status
from swv_desktop.models.base import UTCDateTime
from swv_desktop.models.base import Versioned
from swv_desktop.models.base import Voorwaarde
from swv_desktop.models.base import VsoBetrokkenheid
from swv_desktop.models.base import str_enum
from swv_desktop.models.leerling import Leerling
from swv_desktop.models.organisatie import Gebruiker
from swv_desktop.models.organisatie import School
from swv_desktop.models.organisatie import Schooljaar


class Aanvraag(HasId, Versioned, Base):
    """An application for maatwerkbudget by a school, always through the contactpersoon."""

    __tablename__ = "aanvraag"
    __table_args__ = (
        # a schooljaar's aanvragen by id without reading the table (PostgreSQL's index-only scan
        # for the budget overview's join; SQLite's index on schooljaar_id holds the rowid anyway)
        Index("ix_aanvraag_schooljaar_id_id", "schooljaar_id", "id"),
    )

    nummer: Mapped[str] = mapped_column(String(20), unique=True)
    soort: Mapped[Soort] = mapped_column(str_enum(Soort))
    schooljaar_id: Mapped[int] = mapped_column(ForeignKey("schooljaar.id"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    contactpersoon_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"), index=True)
    leerling_id: Mapped[int | None] = mapped_column(
        ForeignKey("leerling.id"), nullable=True, index=True
    )
    aangevraagd_cents: Mapped[int] = mapped_column(BigInteger)
    doel: Mapped[Doel] = mapped_column(str_enum(Doel))
    omschrijving: Mapped[str] = mapped_column(Text, default="")
    aanvraagdatum: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[Status] = mapped_column(str_enum(Status), default=Status.CONCEPT, index=True)
    vso_betrokkenheid: Mapped[VsoBetrokkenheid] = mapped_column(
        str_enum(VsoBetrokkenheid), default=VsoBetrokkenheid.GEEN
    )
    vso_school: Mapped[str] = mapped_column(String(200), default="")
    vso_toelichting: Mapped[str] = mapped_column(Text, default="")
    besproken_op: Mapped[date | None] = mapped_column(Date, nullable=True)
    besproken_notitie: Mapped[str] = mapped_column(Text, default="")
    aangemaakt_op: Mapped[datetime] = mapped_column(UTCDateTime)
    gepseudonimiseerd_op: Mapped[date | None] = mapped_column(Date, nullable=True)
    """Set when a retention term removed the pupil and the free texts (``services/bewaren``):
    what stays is what the accounts need (number, school, schooljaar, amounts, kenmerk)."""

    schooljaar: Mapped[Schooljaar] = relationship()
    school: Mapped[School] = relationship()
    contactpersoon: Mapped[Gebruiker] = relationship()
    leerling: Mapped[Leerling | None] = relationship()
    voorwaarden: Mapped[list[AanvraagVoorwaarde]] = relationship(
        back_populates="aanvraag", cascade="all, delete-orphan", order_by="AanvraagVoorwaarde.id"
    )
    geschiedenis: Mapped[list[StatusWijziging]] = relationship(
        back_populates="aanvraag", cascade="all, delete-orphan", order_by="StatusWijziging.id"
    )
    groepsplan: Mapped[Groepsplan | None] = relationship(
        back_populates="aanvraag", cascade="all, delete-orphan", uselist=False
    )


class AanvraagVoorwaarde(HasId, Base):
    """One regulation condition as recorded for an aanvraag: met or not, when, and a note."""

    __tablename__ = "aanvraag_voorwaarde"
    __table_args__ = (UniqueConstraint("aanvraag_id", "voorwaarde"),)

    aanvraag_id: Mapped[int] = mapped_column(ForeignKey("aanvraag.id"), index=True)
    voorwaarde: Mapped[Voorwaarde] = mapped_column(str_enum(Voorwaarde))
    voldaan: Mapped[bool] = mapped_column(Boolean, default=False)
    datum: Mapped[date | None] = mapped_column(Date, nullable=True)
    toelichting: Mapped[str] = mapped_column(Text, default="")

    aanvraag: Mapped[Aanvraag] = relationship(back_populates="voorwaarden")


class StatusWijziging(HasId, Base):
    """One step in an aanvraag's history: from, to, who, when, why."""

    __tablename__ = "status_wijziging"

    aanvraag_id: Mapped[int] = mapped_column(ForeignKey("aanvraag.id"), index=True)
    van: Mapped[Status | None] = mapped_column(str_enum(Status, "status_van"), nullable=True)
    naar: Mapped[Status] = mapped_column(str_enum(Status))
    door_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"))
    op: Mapped[datetime] = mapped_column(UTCDateTime)
    toelichting: Mapped[str] = mapped_column(Text, default="")

    aanvraag: Mapped[Aanvraag] = relationship(back_populates="geschiedenis")
    door: Mapped[Gebruiker] = relationship()


class Groepsplan(HasId, Base):
    """The plan van aanpak of a group application."""

    __tablename__ = "groepsplan"

    aanvraag_id: Mapped[int] = mapped_column(ForeignKey("aanvraag.id"), unique=True)
    ondersteuning: Mapped[str] = mapped_column(Text, default="")
    doelen: Mapped[str] = mapped_column(Text, default="")
    evaluatiewijze: Mapped[str] = mapped_column(Text, default="")
    periode_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    periode_eind: Mapped[date | None] = mapped_column(Date, nullable=True)
    deelnemers_verwijderd: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Named participants whose pupil data passed its retention term (a count only): the award
    stays in the financial records for a group of as many pupils as it was made for."""

    aanvraag: Mapped[Aanvraag] = relationship(back_populates="groepsplan")
    deelnemers: Mapped[list[GroepsplanLeerling]] = relationship(
        back_populates="groepsplan", cascade="all, delete-orphan", order_by="GroepsplanLeerling.id"
    )
    kostenregels: Mapped[list[Kostenregel]] = relationship(
        back_populates="groepsplan", cascade="all, delete-orphan", order_by="Kostenregel.id"
    )


class GroepsplanLeerling(HasId, Base):
    """A named pupil taking part in a group approach."""

    __tablename__ = "groepsplan_leerling"
    __table_args__ = (UniqueConstraint("groepsplan_id", "leerling_id"),)

    groepsplan_id: Mapped[int] = mapped_column(ForeignKey("groepsplan.id"), index=True)
    leerling_id: Mapped[int] = mapped_column(ForeignKey("leerling.id"), index=True)

    groepsplan: Mapped[Groepsplan] = relationship(back_populates="deelnemers")
    leerling: Mapped[Leerling] = relationship()


class Kostenregel(HasId, Base):
    """An estimated cost line of a group plan; only support costs may be funded."""

    __tablename__ = "kostenregel"

    groepsplan_id: Mapped[int] = mapped_column(ForeignKey("groepsplan.id"), index=True)
    omschrijving: Mapped[str] = mapped_column(String(300))
    soort: Mapped[KostenSoort] = mapped_column(str_enum(KostenSoort))
    bedrag_cents: Mapped[int] = mapped_column(BigInteger)

    groepsplan: Mapped[Groepsplan] = relationship(back_populates="kostenregels")
