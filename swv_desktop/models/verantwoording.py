"""Following the money after the award: payments to the board, the school's account
(verantwoording), the settlement (vaststelling) with its frozen letter, and repayments.

All keyed by the aanvraag: a herziening changes the amount in force, not the account.
Financial records fall under the retention term of aanvragen and besluiten
(``Organisatie.bewaartermijn_aanvraag_jaren``, seven years as the fiscal rules ask).
"""

from __future__ import annotations

from datetime import date
from datetime import datetime

from sqlalchemy import BigInteger
from sqlalchemy import Date
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from swv_desktop.models.aanvraag import Aanvraag
from swv_desktop.models.base import Base
from swv_desktop.models.base import HasId
from swv_desktop.models.base import IssuedLetter
from swv_desktop.models.base import LabeledEnum
from swv_desktop.models.base import UTCDateTime
from swv_desktop.models.base import Versioned
from swv_desktop.models.base import str_enum
from swv_desktop.models.besluit import Besluit
from swv_desktop.models.organisatie import Gebruiker
from swv_desktop.models.organisatie import Schooljaar


class BestedingSoort(LabeledEnum):
    """The kinds of spending a school accounts for."""

    ONDERSTEUNING = "ondersteuning", "Ondersteuning"
    MATERIALEN = "materialen", "Materialen"
    EXTERNE_EXPERTISE = "externe_expertise", "Externe expertise"
    VSO_EXPERTISE = "vso_expertise", "VSO-expertise"

    @property
    def column(self) -> str:
        """The ``Verantwoording`` attribute that holds this kind's amount."""
        return f"{self.value}_cents"


class Afwikkeling(LabeledEnum):
    """What happens with the unspent part of a settled award."""

    TERUGBETALEN = "terugbetalen", "Terugbetalen"
    VERREKENEN = "verrekenen", "Verrekenen met een volgende toekenning"


class Betaling(HasId, Versioned, Base):
    """A payment by the SWV to the school board for an award."""

    __tablename__ = "betaling"

    aanvraag_id: Mapped[int] = mapped_column(ForeignKey("aanvraag.id"), index=True)
    datum: Mapped[date] = mapped_column(Date)
    bedrag_cents: Mapped[int] = mapped_column(BigInteger)
    referentie: Mapped[str] = mapped_column(String(100), default="")
    iban: Mapped[str] = mapped_column(String(34), default="")
    """The board's account the money went to (as it was on the day of payment)."""
    vastgelegd_door_id: Mapped[int | None] = mapped_column(
        ForeignKey("gebruiker.id"), nullable=True
    )
    vastgelegd_op: Mapped[datetime] = mapped_column(UTCDateTime)

    aanvraag: Mapped[Aanvraag] = relationship()


class Verantwoording(HasId, Versioned, Base):
    """The school's account of what an award was spent on, by kind; one per aanvraag."""

    __tablename__ = "verantwoording"

    aanvraag_id: Mapped[int] = mapped_column(ForeignKey("aanvraag.id"), unique=True)
    ontvangen_op: Mapped[date] = mapped_column(Date)
    ondersteuning_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    materialen_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    externe_expertise_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    vso_expertise_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    gecontroleerd_door_id: Mapped[int | None] = mapped_column(
        ForeignKey("gebruiker.id"), nullable=True
    )
    gecontroleerd_op: Mapped[date | None] = mapped_column(Date, nullable=True)
    opmerkingen: Mapped[str] = mapped_column(Text, default="")
    bijlage: Mapped[str] = mapped_column(String(300), default="")
    """Where the school's report is kept (document number or file reference), not the file."""
    vastgelegd_op: Mapped[datetime] = mapped_column(UTCDateTime)

    aanvraag: Mapped[Aanvraag] = relationship()
    gecontroleerd_door: Mapped[Gebruiker | None] = relationship()

    @property
    def besteed_cents(self) -> int:
        """The total accounted for."""
        return sum(int(getattr(self, s.column) or 0) for s in BestedingSoort)


class Vaststelling(HasId, IssuedLetter, Versioned, Base):
    """The settlement of an award at the accounted amount, and its letter (frozen once issued,
    like a beschikking: PDF bytes and their sha256; the seal covers the settled amounts,
    ``auditketen.settlement_seal``). ``terug_cents`` is what the board pays back (negative: what
    the SWV still pays). ``IssuedLetter`` before ``Versioned`` keeps ``versie`` the last column."""

    __tablename__ = "vaststelling"
    __table_args__ = (UniqueConstraint("schooljaar_id", "volgnummer"),)

    aanvraag_id: Mapped[int] = mapped_column(ForeignKey("aanvraag.id"), unique=True)
    besluit_id: Mapped[int] = mapped_column(ForeignKey("besluit.id"))
    schooljaar_id: Mapped[int] = mapped_column(ForeignKey("schooljaar.id"), index=True)
    volgnummer: Mapped[int] = mapped_column(Integer)
    kenmerk: Mapped[str] = mapped_column(String(40), unique=True)
    briefdatum: Mapped[date] = mapped_column(Date)
    toegekend_cents: Mapped[int] = mapped_column(BigInteger)
    besteed_cents: Mapped[int] = mapped_column(BigInteger)
    vastgesteld_cents: Mapped[int] = mapped_column(BigInteger)
    betaald_cents: Mapped[int] = mapped_column(BigInteger)
    terug_cents: Mapped[int] = mapped_column(BigInteger)
    afwikkeling: Mapped[Afwikkeling] = mapped_column(str_enum(Afwikkeling))
    terug_uiterlijk: Mapped[date | None] = mapped_column(Date, nullable=True)
    toelichting: Mapped[str] = mapped_column(Text, default="")
    vastgesteld_door_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"))
    vastgesteld_op: Mapped[datetime] = mapped_column(UTCDateTime)

    aanvraag: Mapped[Aanvraag] = relationship()
    besluit: Mapped[Besluit] = relationship()
    schooljaar: Mapped[Schooljaar] = relationship()
    vastgesteld_door: Mapped[Gebruiker] = relationship()
    terugbetalingen: Mapped[list[Terugbetaling]] = relationship(
        back_populates="vaststelling", order_by="Terugbetaling.id"
    )


class Terugbetaling(HasId, Versioned, Base):
    """Money that came back on a settlement: transferred by the board or set off against a
    next award (``verrekend``)."""

    __tablename__ = "terugbetaling"

    vaststelling_id: Mapped[int] = mapped_column(ForeignKey("vaststelling.id"), index=True)
    datum: Mapped[date] = mapped_column(Date)
    bedrag_cents: Mapped[int] = mapped_column(BigInteger)
    wijze: Mapped[Afwikkeling] = mapped_column(str_enum(Afwikkeling, "terugbetaling_wijze"))
    referentie: Mapped[str] = mapped_column(String(100), default="")
    vastgelegd_door_id: Mapped[int | None] = mapped_column(
        ForeignKey("gebruiker.id"), nullable=True
    )
    vastgelegd_op: Mapped[datetime] = mapped_column(UTCDateTime)

    vaststelling: Mapped[Vaststelling] = relationship(back_populates="terugbetalingen")
