"""Pupils, their versioned OPP summaries and their outcome per schooljaar."""

from __future__ import annotations

from datetime import date
from datetime import datetime

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
from swv_desktop.models.base import Beoordeling
from swv_desktop.models.base import HasId
from swv_desktop.models.base import Instroomroute
from swv_desktop.models.base import LeerlingResultaat
from swv_desktop.models.base import Toestemming
from swv_desktop.models.base import UTCDateTime
from swv_desktop.models.base import Versioned
from swv_desktop.models.base import str_enum
from swv_desktop.models.organisatie import Gebruiker
from swv_desktop.models.organisatie import School
from swv_desktop.models.organisatie import Schooljaar


class Leerling(HasId, Versioned, Base):
    """A pupil at a school. Letters show only initials and the internal number."""

    __tablename__ = "leerling"

    leerlingnummer: Mapped[str] = mapped_column(String(20), unique=True)
    voornaam: Mapped[str] = mapped_column(String(100))
    tussenvoegsel: Mapped[str] = mapped_column(String(20), default="")
    achternaam: Mapped[str] = mapped_column(String(100), index=True)
    geboortedatum: Mapped[date] = mapped_column(Date)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    niveau: Mapped[str] = mapped_column(String(40))
    leerjaar: Mapped[int] = mapped_column(Integer)
    instroomroute: Mapped[Instroomroute] = mapped_column(
        str_enum(Instroomroute), default=Instroomroute.REGULIER_VO
    )
    aangemaakt_op: Mapped[datetime] = mapped_column(UTCDateTime)

    school: Mapped[School] = relationship()
    opps: Mapped[list[Opp]] = relationship(
        back_populates="leerling", order_by="Opp.versie", cascade="all, delete-orphan"
    )

    @property
    def volledige_naam(self) -> str:
        parts = [self.voornaam, self.tussenvoegsel, self.achternaam]
        return " ".join(p for p in parts if p)

    @property
    def initialen(self) -> str:
        """What a letter may show of a name: ``J. van 't B.`` (see ``initialen``)."""
        return initialen(self.voornaam, self.tussenvoegsel, self.achternaam)


def _initial(word: str) -> str:
    """``Anne-Fleur`` -> ``A.-F.``; the first letter of each part, capitalised."""
    parts = [p for p in word.split("-") if p]
    letters = [next((ch for ch in p if ch.isalpha()), "") for p in parts]
    return "-".join(ch.upper() + "." for ch in letters if ch)


def initialen(voornaam: str, tussenvoegsel: str, achternaam: str) -> str:
    """The Dutch short form of a pupil's name: the initials of the first names and of the
    surname, with the tussenvoegsel written out in lower case, as in an address:
    ``Jesse``, ``van 't``, ``Bosch`` -> ``J. van 't B.``; ``Sanne de Vries`` -> ``S. de V.``."""
    first = " ".join(_initial(w) for w in voornaam.split())
    middle = " ".join(tussenvoegsel.split()).lower()
    letter = next((ch for ch in achternaam if ch.isalpha()), "")
    last = letter.upper() + "." if letter else ""  # "Jansen-de Wit" -> "J."
    return " ".join(part for part in (first, middle, last) if part)


class Opp(HasId, Base):
    """One version of a pupil's OPP summary. A new version never overwrites an older one."""

    __tablename__ = "opp"
    __table_args__ = (
        UniqueConstraint("leerling_id", "versie"),
        # the list's "OPP vastgesteld" (the newest date per pupil) from the index alone
        Index("ix_opp_leerling_vastgesteld", "leerling_id", "vastgesteld_op"),
    )

    leerling_id: Mapped[int] = mapped_column(ForeignKey("leerling.id"), index=True)
    versie: Mapped[int] = mapped_column(Integer)
    vastgesteld_op: Mapped[date] = mapped_column(Date)
    laatst_geevalueerd_op: Mapped[date | None] = mapped_column(Date, nullable=True)
    volgende_evaluatie_op: Mapped[date | None] = mapped_column(Date, nullable=True)
    uitstroomprofiel: Mapped[str] = mapped_column(String(200), default="")
    belemmerende_factoren: Mapped[str] = mapped_column(Text, default="")
    bevorderende_factoren: Mapped[str] = mapped_column(Text, default="")
    onderwijsbehoeften: Mapped[str] = mapped_column(Text, default="")
    afwijkingen_programma: Mapped[str] = mapped_column(Text, default="")
    ondersteuning_begeleiding: Mapped[str] = mapped_column(Text, default="")
    inzet_maatwerkbudget: Mapped[str] = mapped_column(Text, default="")
    toestemming_door: Mapped[Toestemming] = mapped_column(
        str_enum(Toestemming), default=Toestemming.GEEN
    )
    toestemming_datum: Mapped[date | None] = mapped_column(Date, nullable=True)
    aangemaakt_op: Mapped[datetime] = mapped_column(UTCDateTime)
    aangemaakt_door_id: Mapped[int | None] = mapped_column(
        ForeignKey("gebruiker.id"), nullable=True
    )

    leerling: Mapped[Leerling] = relationship(back_populates="opps")
    aangemaakt_door: Mapped[Gebruiker | None] = relationship()


class LeerlingUitkomst(HasId, Base):
    """Where a pupil stands at the end of a schooljaar: the pupil-level monitoring answer."""

    __tablename__ = "leerling_uitkomst"
    __table_args__ = (UniqueConstraint("leerling_id", "schooljaar_id"),)

    leerling_id: Mapped[int] = mapped_column(ForeignKey("leerling.id"), index=True)
    schooljaar_id: Mapped[int] = mapped_column(ForeignKey("schooljaar.id"), index=True)
    resultaat: Mapped[LeerlingResultaat] = mapped_column(str_enum(LeerlingResultaat))
    voortgang: Mapped[Beoordeling] = mapped_column(str_enum(Beoordeling))
    opmerkingen: Mapped[str] = mapped_column(Text, default="")
    vastgelegd_op: Mapped[datetime] = mapped_column(UTCDateTime)

    leerling: Mapped[Leerling] = relationship()
    schooljaar: Mapped[Schooljaar] = relationship()
