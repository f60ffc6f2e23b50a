"""The access log (toegangslog): who signed in (or tried to), and who viewed, exported or printed
which pupil data, application or letter, when. Views live here; changes live in the audit chain
(``AuditEntry``), so each fact has one place.

A row holds no more than the log needs: the account (id and user name; for a failed sign-in the
name that was tried, never the password), the role, the moment, the action, the kind and id of
the object and, where it concerns one pupil, the pupil's id and leerlingnummer (so the viewer
filters by pupil number). Never a name, a search text or a file path.

Retention: the term of the log (``Organisatie.bewaartermijn_audit_jaren``, "Logboek (audit- en
toegangsregels)"), counted from the moment of the row; the purge (``services/bewaren``) deletes
expired rows and drops the pupil reference of rows about a pupil whose data was deleted. Scope:
only the beheerder and the programmadirecteur read it (``Recht.TOEGANGSLOG``), through
``services/toegangslog``; it is never pulled to a replica.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from swv_desktop.models.base import Base
from swv_desktop.models.base import HasId
from swv_desktop.models.base import LabeledEnum
from swv_desktop.models.base import UTCDateTime
from swv_desktop.models.base import Versioned
from swv_desktop.models.base import str_enum


class ToegangActie(LabeledEnum):
    """What happened: a sign-in (or a failed one), a sign-out, a view, an export, a print."""

    AANMELDEN = "aanmelden", "Aangemeld"
    AANMELDEN_MISLUKT = "aanmelden_mislukt", "Aanmelden mislukt"
    AFMELDEN = "afmelden", "Afgemeld"
    LIJST_BEKEKEN = "lijst_bekeken", "Lijst bekeken"
    LEERLING_BEKEKEN = "leerling_bekeken", "Leerling bekeken"
    AANVRAAG_BEKEKEN = "aanvraag_bekeken", "Aanvraag bekeken"
    GELD_BEKEKEN = "geld_bekeken", "Geld van een aanvraag bekeken"
    BESCHIKKING_BEKEKEN = "beschikking_bekeken", "Brief bekeken"
    EXPORT = "export", "Geëxporteerd"
    AFDRUK = "afdruk", "Afgedrukt"
    AVG_KOPIE = "avg_kopie", "AVG-kopie gemaakt"


class Toegang(HasId, Versioned, Base):
    """One line of the access log."""

    __tablename__ = "toegangslog"

    op: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    gebruiker_id: Mapped[int | None] = mapped_column(
        ForeignKey("gebruiker.id"), nullable=True, index=True
    )
    """The account (``None`` for a failed sign-in with a name no account has)."""
    gebruikersnaam: Mapped[str] = mapped_column(String(80))
    """The account's user name; for a failed sign-in the name that was tried (cut to 80)."""
    rol: Mapped[str] = mapped_column(String(40), default="")
    """The role at the moment (empty for a failed sign-in)."""
    actie: Mapped[ToegangActie] = mapped_column(str_enum(ToegangActie), index=True)
    objectsoort: Mapped[str] = mapped_column(String(40), default="")
    """``leerling``, ``aanvraag``, ``beschikking``, ``lijst_leerling`` ... (empty for sign-ins)."""
    object_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    leerling_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    """The pupil the row concerns, when it concerns one (no foreign key: the log outlives the
    pupil until its own term; the purge drops this when the pupil is deleted)."""
    leerlingnummer: Mapped[str | None] = mapped_column(String(20), nullable=True, index=True)
    omschrijving: Mapped[str] = mapped_column(String(200), default="")
    """What, in Dutch, without personal data (``Aanvraag MWB-2021-003``, ``Leerlingen, 40
    rijen, gefilterd``)."""
