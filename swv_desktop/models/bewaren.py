"""The deletion register: what the retention rules deleted or pseudonymised, when, by which rule
and on whose sign-in, without any personal data (record type, count, id range and a fingerprint
of the ids). It outlives every restore: ``services/bewaren/herstel`` applies it again to a
database put back from an older backup.

Retention rule of the register itself: kept as long as the database (it holds no personal
data, and it is the proof that the rules were applied). Scope: the beheerder and the
programmadirecteur read it (``services/bewaren``)."""

from __future__ import annotations

from datetime import date
from datetime import datetime

from sqlalchemy import Date
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from swv_desktop.models.base import Base
from swv_desktop.models.base import HasId
from swv_desktop.models.base import UTCDateTime
from swv_desktop.models.base import Versioned


class Verwijdering(HasId, Versioned, Base):
    """One line of the deletion register: one record type, one rule, one purge."""

    __tablename__ = "verwijderregister"

    uid: Mapped[str] = mapped_column(String(32), unique=True)
    """Names the line across copies of the database (a restored backup lacks the newer ones)."""
    op: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    soort: Mapped[str] = mapped_column(String(40))
    """The record type (``leerling``, ``aanvraag``, ``audit_entry`` ...)."""
    handeling: Mapped[str] = mapped_column(String(20))
    """``verwijderd`` or ``gepseudonimiseerd`` (kept for the accounts without personal data)."""
    aantal: Mapped[int] = mapped_column(Integer)
    eerste_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    laatste_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    ids: Mapped[str] = mapped_column(Text, default="")
    """The record ids as ranges (``3-7,12``): what a restore applies again. Empty for a rule
    that is a date (``audit_entry`` before ``peildatum``)."""
    vingerafdruk: Mapped[str] = mapped_column(String(64))
    """sha256 of the record type and the ids: shows the line was not edited afterwards."""
    regel: Mapped[str] = mapped_column(String(300))
    """The rule in Dutch, with its term (``Leerlinggegevens: 5 jaar na het laatste schooljaar``)."""
    peildatum: Mapped[date] = mapped_column(Date)
    """Records whose reference date lies before this date had passed their term."""
    door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"), nullable=True)
    door: Mapped[str] = mapped_column(String(80))
    """The user name of the one signed in when the purge ran (kept if the account goes)."""
