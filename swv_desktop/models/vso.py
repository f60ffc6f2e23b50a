"""The VSO expertise register: each time the expertise of a VSO school or partner was used in
regular VO on the question of a teacher or team (the board's second measure next to the
maatwerkbudget, announced on 12 July 2021). About teams and schools, not about pupils."""

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
from sqlalchemy.orm import relationship

from swv_desktop.models.base import Base
from swv_desktop.models.base import Beoordeling
from swv_desktop.models.base import HasId
from swv_desktop.models.base import LabeledEnum
from swv_desktop.models.base import UTCDateTime
from swv_desktop.models.base import Versioned
from swv_desktop.models.base import str_enum
from swv_desktop.models.organisatie import Gebruiker
from swv_desktop.models.organisatie import School
from swv_desktop.models.organisatie import Schooljaar


class VraagSoort(LabeledEnum):
    """What the team's question was about."""

    GEDRAG = "gedrag", "Gedrag"
    SOCIAAL_EMOTIONEEL = "sociaal_emotioneel", "Sociaal-emotionele ontwikkeling"
    LEREN = "leren", "Leren en didactiek"
    COMMUNICATIE = "communicatie", "Communicatie en taal"
    KLASSENMANAGEMENT = "klassenmanagement", "Klassenmanagement en groep"
    OVERIG = "overig", "Overig"


class VsoInzet(HasId, Versioned, Base):
    """One deployment of VSO expertise at a VO school."""

    __tablename__ = "vso_inzet"

    schooljaar_id: Mapped[int] = mapped_column(ForeignKey("schooljaar.id"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    vso_partner: Mapped[str] = mapped_column(String(200))
    """The VSO school or partner whose expertise was used."""
    vraag: Mapped[str] = mapped_column(Text)
    """The question of the teacher or team, in their words."""
    vraag_soort: Mapped[VraagSoort] = mapped_column(str_enum(VraagSoort))
    wat_gedaan: Mapped[str] = mapped_column(Text, default="")
    uitgevoerd_door: Mapped[str] = mapped_column(String(200), default="")
    minuten: Mapped[int] = mapped_column(Integer, default=0)
    startdatum: Mapped[date] = mapped_column(Date)
    einddatum: Mapped[date | None] = mapped_column(Date, nullable=True)
    opbrengst: Mapped[str] = mapped_column(Text, default="")
    """How it helped, in the team's words."""
    beoordeling: Mapped[Beoordeling | None] = mapped_column(str_enum(Beoordeling), nullable=True)
    vastgelegd_door_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"))
    aangemaakt_op: Mapped[datetime] = mapped_column(UTCDateTime)

    school: Mapped[School] = relationship()
    schooljaar: Mapped[Schooljaar] = relationship()
    vastgelegd_door: Mapped[Gebruiker] = relationship()
