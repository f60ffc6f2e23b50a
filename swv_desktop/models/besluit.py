"""Decisions, their beschikkingen (the frozen letters), budget notes and progress talks."""

from __future__ import annotations

from datetime import date
from datetime import datetime

from sqlalchemy import BigInteger
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

from swv_desktop.models.aanvraag import Aanvraag
from swv_desktop.models.base import Base
from swv_desktop.models.base import Beoordeling
from swv_desktop.models.base import HasId
from swv_desktop.models.base import IssuedLetter
from swv_desktop.models.base import Uitkomst
from swv_desktop.models.base import UTCDateTime
from swv_desktop.models.base import str_enum
from swv_desktop.models.organisatie import Gebruiker
from swv_desktop.models.organisatie import Schooljaar


class Besluit(HasId, Base):
    """The programmadirecteur's decision on an aanvraag; a herziening points to the one it revises."""

    __tablename__ = "besluit"
    __table_args__ = (
        # covers the budget sums (join on aanvraag_id, outcome, amount; id for "in force") without
        # reading the table (PostgreSQL needs the id in it; SQLite keeps the rowid anyway)
        Index("ix_besluit_aanvraag_bedrag", "aanvraag_id", "uitkomst", "toegekend_cents", "id"),
    )

    aanvraag_id: Mapped[int] = mapped_column(ForeignKey("aanvraag.id"), index=True)
    uitkomst: Mapped[Uitkomst] = mapped_column(str_enum(Uitkomst))
    toegekend_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    motivering: Mapped[str] = mapped_column(Text)
    besloten_door_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"))
    besloten_op: Mapped[datetime] = mapped_column(UTCDateTime)
    herziening_van_id: Mapped[int | None] = mapped_column(
        ForeignKey("besluit.id"), nullable=True, unique=True
    )
    overschrijding_reden: Mapped[str] = mapped_column(Text, default="")
    periode_start: Mapped[date] = mapped_column(Date)
    periode_eind: Mapped[date] = mapped_column(Date)

    aanvraag: Mapped[Aanvraag] = relationship()
    besloten_door: Mapped[Gebruiker] = relationship()
    herziening_van: Mapped[Besluit | None] = relationship(remote_side="Besluit.id")
    beschikking: Mapped[Beschikking | None] = relationship(back_populates="besluit", uselist=False)


class Beschikking(HasId, IssuedLetter, Base):
    """The decision letter. Its kenmerk is unique and sequential per schooljaar; once issued, the
    PDF bytes and their sha256 are frozen; the seal covers the decision (amount, outcome, who
    decided) and the letter's sha256."""

    __tablename__ = "beschikking"
    __table_args__ = (UniqueConstraint("schooljaar_id", "volgnummer"),)

    besluit_id: Mapped[int] = mapped_column(ForeignKey("besluit.id"), unique=True)
    schooljaar_id: Mapped[int] = mapped_column(ForeignKey("schooljaar.id"), index=True)
    volgnummer: Mapped[int] = mapped_column(Integer)
    kenmerk: Mapped[str] = mapped_column(String(40), unique=True)
    briefdatum: Mapped[date] = mapped_column(Date)

    besluit: Mapped[Besluit] = relationship(back_populates="beschikking")
    schooljaar: Mapped[Schooljaar] = relationship()


class BudgetNotitie(HasId, Base):
    """A 'bestuur informeren' note: an award went past the budget; open until the board is informed."""

    __tablename__ = "budget_notitie"

    schooljaar_id: Mapped[int] = mapped_column(ForeignKey("schooljaar.id"), index=True)
    besluit_id: Mapped[int | None] = mapped_column(ForeignKey("besluit.id"), nullable=True)
    overschrijding_cents: Mapped[int] = mapped_column(BigInteger)
    reden: Mapped[str] = mapped_column(Text)
    aangemaakt_op: Mapped[datetime] = mapped_column(UTCDateTime)
    aangemaakt_door_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"))
    bestuur_geinformeerd_op: Mapped[date | None] = mapped_column(Date, nullable=True)
    wat_gemeld: Mapped[str] = mapped_column(Text, default="")

    schooljaar: Mapped[Schooljaar] = relationship()


class Voortgangsgesprek(HasId, Base):
    """A progress talk between school and contactpersoon about an awarded aanvraag."""

    __tablename__ = "voortgangsgesprek"
    __table_args__ = (
        # the date the last talk set for the next one, per aanvraag, from the index alone (the
        # dashboard's talks due on 35,000 talks)
        Index("ix_voortgangsgesprek_aanvraag_volgende", "aanvraag_id", "volgende_op"),
    )

    aanvraag_id: Mapped[int] = mapped_column(ForeignKey("aanvraag.id"), index=True)
    datum: Mapped[date] = mapped_column(Date)
    deelnemers: Mapped[str] = mapped_column(Text, default="")
    notities: Mapped[str] = mapped_column(Text, default="")
    beoordeling: Mapped[Beoordeling] = mapped_column(str_enum(Beoordeling))
    volgende_op: Mapped[date] = mapped_column(Date)
    gevoerd_door_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"))
    vastgelegd_op: Mapped[datetime] = mapped_column(UTCDateTime)

    aanvraag: Mapped[Aanvraag] = relationship()
    gevoerd_door: Mapped[Gebruiker] = relationship()


class AuditEntry(HasId, Base):
    """Who did what to which record, when; with the state before and after (JSON)."""

    __tablename__ = "audit_entry"

    op: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    gebruiker_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"), nullable=True)
    gebruikersnaam: Mapped[str] = mapped_column(String(80))
    entiteit: Mapped[str] = mapped_column(String(40), index=True)
    entiteit_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actie: Mapped[str] = mapped_column(String(40))
    voor: Mapped[str] = mapped_column(Text, default="")
    na: Mapped[str] = mapped_column(Text, default="")
    volgnr: Mapped[int | None] = mapped_column(BigInteger, nullable=True, unique=True, index=True)
    """The entry's place in the keyed hash chain (``encryption/auditketen.py``)."""
    keten: Mapped[str | None] = mapped_column(String(64), nullable=True)
    inhoud: Mapped[str | None] = mapped_column(String(64), nullable=True)
    """sha256 of ``voor`` and ``na`` as written: the link covers this digest, so the purge can
    empty the copies of deleted records (``check`` counts them) without breaking the chain."""
