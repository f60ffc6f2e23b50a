"""The SWV itself (settings), school boards, schools, users, schooljaren and letter texts."""

from __future__ import annotations

from datetime import date
from datetime import datetime

from sqlalchemy import BigInteger
from sqlalchemy import Boolean
from sqlalchemy import Date
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import LargeBinary
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import MappedColumn
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from swv_desktop.models.base import Base
from swv_desktop.models.base import HasId
from swv_desktop.models.base import Rol
from swv_desktop.models.base import UTCDateTime
from swv_desktop.models.base import Versioned
from swv_desktop.models.base import str_enum

DEFAULT_RECHTSMIDDEL = ""
"""Empty: the letter uses the standard remedy clause for the chosen ``rechtsmiddel_soort``
(``services/beschikkingen/rechtsmiddel.py``); a beheerder may write an own text instead."""

OLD_DEFAULT_RECHTSMIDDEL = (
    "Bent u het niet eens met dit besluit, dan kunt u binnen zes weken na de dagtekening van "
    "deze brief schriftelijk en gemotiveerd om heroverweging verzoeken bij het bestuur van het "
    "samenwerkingsverband, onder vermelding van het kenmerk van deze brief."
)
"""The clause of schema 0001 (counted from the letter date, no address); migration 0003
replaces it by the standard clause."""

RECHTSMIDDEL_HEROVERWEGING = "heroverweging"
RECHTSMIDDEL_BEZWAAR = "bezwaar"

DEFAULT_REKENING = {"rekening_iban": "", "rekening_tenaamstelling": ""}
"""The SWV's own bank account: none until the beheerder enters it (a settlement letter then
asks for a repayment without naming an account); an empty tenaamstelling reads as the SWV's
name."""

DEFAULT_FUNCTIE = "Programmadirecteur Kwaliteit en beleid"
DEFAULT_KENMERK_PREFIX = "MWB"
OFFLINE_SLOT_DAGEN = 30
"""The default of ``Organisatie.offline_slot_dagen``."""
BEWAARTERMIJN_DEFAULTS = {
    "bewaartermijn_leerling_jaren": 5,
    "bewaartermijn_aanvraag_jaren": 7,
    "bewaartermijn_financieel_jaren": 7,
    "bewaartermijn_audit_jaren": 7,
    "bewaartermijn_reservekopie_maanden": 6,
}
"""The organisation's default retention terms (the settings form and the model use these; the
README says why each default; ``services/bewaren`` applies them):

- leerling: 5 years after the end of the last schooljaar the pupil was involved in (AVG art. 5
  lid 1 e: no longer than the task needs; long enough for questions, complaints and the
  evaluation of the pilot);
- aanvraag: 7 years after the end of the aanvraag's schooljaar (the decision and its grounds);
- financieel: 7 years after the end of the boekjaar (calendar year) of the last money movement
  (art. 2:10 lid 3 BW and art. 52 lid 4 AWR: seven years);
- audit: 7 years after the entry (the trail as long as the decisions it explains);
- reservekopie: 6 months (a backup holds everything; purged data lives on in older backups at
  most this long)."""

SYNC_BEWAARTERMIJN_DEFAULTS = {
    "sync_antwoord_dagen": 90,
    "sync_opdracht_dagen": 730,
    "sync_sessie_dagen": 1,
    "sync_apparaat_ingetrokken_dagen": 365,
    "sync_id_blok_dagen": 365,
}
"""The team server's own bookkeeping (``models.sync``), in days; ``services/bewaren``
(``synctabellen``) applies them at each purge, the README says why each:

- antwoord: 90 days after receipt the content of a stored answer goes (a result, a refusal's
  reason and the server's version of a record, which may hold pupil data); the command's uuid
  and whether it was accepted stay, so a resend still gets "accepted" or "refused";
- opdracht: 730 days after receipt the command's row goes; until then a resent command is never
  applied twice (a laptop resends what was not answered at its next contact);
- sessie: a session goes a day after it expired;
- apparaat: a revoked laptop's row goes 365 days after the revocation (until then it is wiped
  at its next contact; its replica has been locked since 30 days without contact);
- id_blok: a block of ids of a deactivated account goes 365 days after it was handed out (an
  active account's blocks stay: its laptops may still draw ids from them).

Tombstones (``sync_wijziging``) have no term: they are how a laptop that was away learns that a
row (a purged pupil) is gone."""

REGELING_DEFAULTS = {
    "budget_cents": 15_000_000,
    "individueel_max_cents": 800_000,
    "groep_max_cents": 4_000_000,
    "groep_min_leerlingen": 5,
    "voortgang_interval_maanden": 3,
}
"""The figures of the pilot regulation (September 2021); each schooljaar may change them."""


def _term(name: str, *, added: bool = False) -> MappedColumn[int]:
    """The retention term ``name`` with its default from ``BEWAARTERMIJN_DEFAULTS``; ``added``: a
    term a later revision added (0004, 0014), which gave the existing row that default as the
    server default."""
    default = BEWAARTERMIJN_DEFAULTS[name]
    return mapped_column(Integer, default=default, server_default=str(default) if added else None)


class Organisatie(HasId, Versioned, Base):
    """The SWV's settings: one row. Everything a letter or report needs about the sender."""

    __tablename__ = "organisatie"

    naam: Mapped[str] = mapped_column(String(200))
    adres: Mapped[str] = mapped_column(String(200), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    plaats: Mapped[str] = mapped_column(String(100), default="")
    telefoon: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    website: Mapped[str] = mapped_column(String(200), default="")
    logo_png: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    programmadirecteur_naam: Mapped[str] = mapped_column(String(200), default="")
    programmadirecteur_functie: Mapped[str] = mapped_column(String(200), default=DEFAULT_FUNCTIE)
    namens_bestuur_regel: Mapped[str] = mapped_column(String(300), default="")
    """Empty: "namens het bestuur van <naam>"."""
    mandaatbesluit_op: Mapped[date | None] = mapped_column(Date, nullable=True)
    """The date of the board's decision that mandates the programmadirecteur."""
    rechtsmiddel_tekst: Mapped[str] = mapped_column(Text, default=DEFAULT_RECHTSMIDDEL)
    rechtsmiddel_soort: Mapped[str] = mapped_column(String(20), default=RECHTSMIDDEL_HEROVERWEGING)
    """``heroverweging`` (default: no Awb bezwaar) or ``bezwaar`` (Awb bezwaar open)."""
    rechtsmiddel_adres: Mapped[str] = mapped_column(String(300), default="")
    """Where a request goes by post; empty: the SWV's own address."""
    rechtsmiddel_email: Mapped[str] = mapped_column(String(200), default="")
    """Where a request goes by e-mail; empty: the SWV's own e-mail address."""
    kenmerk_prefix: Mapped[str] = mapped_column(String(20), default=DEFAULT_KENMERK_PREFIX)
    rekening_iban: Mapped[str] = mapped_column(
        String(34), default=DEFAULT_REKENING["rekening_iban"]
    )
    """The SWV's own bank account (IBAN without spaces): where a board pays money back."""
    rekening_tenaamstelling: Mapped[str] = mapped_column(
        String(200), default=DEFAULT_REKENING["rekening_tenaamstelling"]
    )
    """The account holder's name as the bank knows it; empty: the SWV's ``naam``."""
    bewaartermijn_leerling_jaren: Mapped[int] = _term("bewaartermijn_leerling_jaren")
    bewaartermijn_aanvraag_jaren: Mapped[int] = _term("bewaartermijn_aanvraag_jaren")
    bewaartermijn_financieel_jaren: Mapped[int] = _term(
        "bewaartermijn_financieel_jaren", added=True
    )
    """Payments, accounts, settlements, repayments and the awards and letters they rest on."""
    bewaartermijn_audit_jaren: Mapped[int] = _term("bewaartermijn_audit_jaren")
    bewaartermijn_reservekopie_maanden: Mapped[int] = _term(
        "bewaartermijn_reservekopie_maanden", added=True
    )
    offline_slot_dagen: Mapped[int] = mapped_column(
        Integer, default=OFFLINE_SLOT_DAGEN, server_default=str(OFFLINE_SLOT_DAGEN)
    )
    """After so many days without reaching the team server a laptop's replica no longer opens
    offline (its outbox is kept; it opens again once it reached the server)."""


class Gebruiker(HasId, Versioned, Base):
    """A person who signs in; the password is stored only as an argon2id hash."""

    __tablename__ = "gebruiker"

    gebruikersnaam: Mapped[str] = mapped_column(String(80), unique=True)
    volledige_naam: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(200), default="")
    rol: Mapped[Rol] = mapped_column(str_enum(Rol))
    wachtwoord_hash: Mapped[str] = mapped_column(String(200))
    actief: Mapped[bool] = mapped_column(Boolean, default=True)
    aangemaakt_op: Mapped[datetime] = mapped_column(UTCDateTime)


class Schoolbestuur(HasId, Versioned, Base):
    """A school board (bevoegd gezag); addressee of the beschikking."""

    __tablename__ = "schoolbestuur"

    naam: Mapped[str] = mapped_column(String(200))
    bevoegd_gezag_nummer: Mapped[str] = mapped_column(String(10), unique=True)
    adres: Mapped[str] = mapped_column(String(200), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    plaats: Mapped[str] = mapped_column(String(100), default="")
    iban: Mapped[str] = mapped_column(String(34), default="")
    """The board's bank account (IBAN, stored without spaces, checked with mod 97)."""

    scholen: Mapped[list[School]] = relationship(back_populates="bestuur")


class School(HasId, Versioned, Base):
    """A school (vestiging) with its BRIN and vestigingsnummer, stored as text."""

    __tablename__ = "school"
    __table_args__ = (UniqueConstraint("vestigingsnummer"),)

    naam: Mapped[str] = mapped_column(String(200))
    brin: Mapped[str] = mapped_column(String(4))
    vestigingsnummer: Mapped[str] = mapped_column(String(6))
    adres: Mapped[str] = mapped_column(String(200), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    plaats: Mapped[str] = mapped_column(String(100), default="")
    ondersteuningscoordinator: Mapped[str] = mapped_column(String(200), default="")
    bestuur_id: Mapped[int] = mapped_column(ForeignKey("schoolbestuur.id"), index=True)
    contactpersoon_id: Mapped[int | None] = mapped_column(
        ForeignKey("gebruiker.id"), nullable=True, index=True
    )

    bestuur: Mapped[Schoolbestuur] = relationship(back_populates="scholen")
    contactpersoon: Mapped[Gebruiker | None] = relationship()


class Schooljaar(HasId, Versioned, Base):
    """A schooljaar (1 August to 31 July) with its figures: budget, caps, group size, interval."""

    __tablename__ = "schooljaar"

    label: Mapped[str] = mapped_column(String(9), unique=True)
    start_datum: Mapped[date] = mapped_column(Date)
    eind_datum: Mapped[date] = mapped_column(Date)
    budget_cents: Mapped[int] = mapped_column(BigInteger, default=REGELING_DEFAULTS["budget_cents"])
    individueel_max_cents: Mapped[int] = mapped_column(
        BigInteger, default=REGELING_DEFAULTS["individueel_max_cents"]
    )
    groep_max_cents: Mapped[int] = mapped_column(
        BigInteger, default=REGELING_DEFAULTS["groep_max_cents"]
    )
    groep_min_leerlingen: Mapped[int] = mapped_column(
        Integer, default=REGELING_DEFAULTS["groep_min_leerlingen"]
    )
    voortgang_interval_maanden: Mapped[int] = mapped_column(
        Integer, default=REGELING_DEFAULTS["voortgang_interval_maanden"]
    )
    tussenevaluatie_op: Mapped[date | None] = mapped_column(Date, nullable=True)
    eindevaluatie_op: Mapped[date | None] = mapped_column(Date, nullable=True)


class BriefTekst(HasId, Versioned, Base):
    """An editable text block of the letters, with ``{placeholders}``; keyed by name."""

    __tablename__ = "brieftekst"

    sleutel: Mapped[str] = mapped_column(String(80), unique=True)
    tekst: Mapped[str] = mapped_column(Text)


class EvaluatieTekst(HasId, Versioned, Base):
    """The programmadirecteur's own conclusions for an interim or final evaluation."""

    __tablename__ = "evaluatietekst"
    __table_args__ = (UniqueConstraint("schooljaar_id", "soort"),)

    schooljaar_id: Mapped[int] = mapped_column(ForeignKey("schooljaar.id"))
    soort: Mapped[str] = mapped_column(String(10))  # "interim" or "final"
    conclusies: Mapped[str] = mapped_column(Text, default="")
    bijgewerkt_op: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class EvaluatieAntwoord(HasId, Base):
    """The programmadirecteur's answer to one monitoring question of an interim or final
    evaluation (``vraag`` is the question's key, see ``reports/evaluatie_data.VRAGEN``)."""

    __tablename__ = "evaluatie_antwoord"
    __table_args__ = (UniqueConstraint("schooljaar_id", "soort", "vraag"),)

    schooljaar_id: Mapped[int] = mapped_column(ForeignKey("schooljaar.id"), index=True)
    soort: Mapped[str] = mapped_column(String(10))  # "interim" or "final"
    vraag: Mapped[str] = mapped_column(String(40))
    tekst: Mapped[str] = mapped_column(Text, default="")
    bijgewerkt_op: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
