"""The access log: the one helper that writes it and the one list that reads it.

**Writing.** Every service that shows pupil data, an application, a letter or a list of them,
that exports or prints, or that makes an AVG copy, calls ``vastleggen`` in the same write
transaction as its read (so nothing is shown that was not logged; a log that cannot be written
means the view fails). A list page is read in a read-only snapshot and logged right after, in a
short transaction of its own, before the page is handed back (``lijst_bekeken``; only its first
page, and once per five minutes for the same list). Sign-ins are logged by the ways in:
``toegang.Gate`` (the encrypted file), ``toegang_server.ServerGate`` (a window on PostgreSQL) and
the team server's ``aanmelden``; a failed one logs the account name that was tried, never the
password. A failed sign-in on an encrypted file cannot be written at once (without a valid
password the file stays closed): the ``Gate`` keeps it in its attempts file beside the database
and writes it at the next successful sign-in (``aanmeldingen_bijwerken``). The window and the
UI never write the table; they call these services.

**Where the log lives (team).** In the database where the view happens. The team server's log
holds the sign-ins at the server and whatever a window on the server's database does; prints are
a command (``beschikking.afgedrukt``), so a print on a laptop reaches the server's log through the
outbox. A view on a laptop's replica is logged in that replica (encrypted, never pulled or
pushed; its beheerder or programmadirecteur reads it there in Beheer). Forwarding laptop views to
the server is not built: the server's log does not show them.

**Reading.** ``lijst`` (one page, newest first, with the total) and ``exporteren`` (Excel) for
the beheerder and the programmadirecteur only (``Recht.TOEGANGSLOG``); ``inzagen`` gives the AVG
copy its "who viewed" rows. Qt-free.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select, tuple_
from sqlalchemy.orm import Session

from swv_desktop.db import Database
from swv_desktop.errors import FieldError, ValidationError
from swv_desktop.formatting import NL_TIME, date_time
from swv_desktop.models import (
    Aanvraag,
    Beschikking,
    Besluit,
    Gebruiker,
    Leerling,
    Rol,
    Toegang,
    ToegangActie,
    Vaststelling,
)
from swv_desktop.reports.avg_kopie_data import Inzage
from swv_desktop.reports.excel import table_xlsx
from swv_desktop.services import scope
from swv_desktop.services.common import Actor
from swv_desktop.services.scope import Recht

AUDIT_INZAGEN = frozenset(
    {"bekeken", "geldstroom bekeken", "geëxporteerd", "afgedrukt", "AVG-kopie gemaakt"}
)
"""The audit actions that were views before the access log (migration 0015 copied them here;
they stay in the chain, and the AVG copy's list of changes leaves them out)."""
PAGINA = 200
"""Rows per page of the viewer."""
EXPORT_MAX = 100_000
"""At most this many rows in one Excel export (narrow the period for more)."""
LIJST_OPNIEUW_NA = timedelta(minutes=5)
"""The same list seen again by the same person within this time is not logged again."""

Pupil = tuple[int, str] | None
"""A pupil's id and leerlingnummer, when a row concerns one pupil."""


# --- writing ----------------------------------------------------------------------------------


def vastleggen(
    session: Session,
    actor: Actor,
    actie: ToegangActie,
    *,
    now: datetime,
    objectsoort: str = "",
    object_id: int | None = None,
    leerling: Pupil = None,
    omschrijving: str = "",
) -> None:
    """Add one access-log row to the caller's write transaction."""
    session.add(
        Toegang(
            op=now,
            gebruiker_id=actor.id or None,
            gebruikersnaam=actor.gebruikersnaam[:80],
            rol=actor.rol.value,
            actie=actie,
            objectsoort=objectsoort,
            object_id=object_id,
            leerling_id=None if leerling is None else leerling[0],
            leerlingnummer=None if leerling is None else leerling[1],
            omschrijving=omschrijving[:200],
        )
    )


def pupil(session: Session, leerling_id: int | None) -> Pupil:
    """The id and number of pupil ``leerling_id`` (``None`` when there is none)."""
    if leerling_id is None:
        return None
    nummer = session.scalar(select(Leerling.leerlingnummer).where(Leerling.id == leerling_id))
    return None if nummer is None else (leerling_id, nummer)


def leerling_bekeken(
    session: Session,
    actor: Actor,
    leerling_id: int,
    *,
    now: datetime,
    actie: ToegangActie = ToegangActie.LEERLING_BEKEKEN,
    wat: str = "Leerling",
) -> None:
    """Log a view of pupil ``leerling_id`` (or, with ``actie``, its export or AVG copy)."""
    found = pupil(session, leerling_id)
    vastleggen(
        session,
        actor,
        actie,
        now=now,
        objectsoort="leerling",
        object_id=leerling_id,
        leerling=found,
        omschrijving=f"{wat} {found[1]}" if found else wat,
    )


def aanvraag_bekeken(
    session: Session, actor: Actor, aanvraag_id: int, *, now: datetime, geld: bool = False
) -> None:
    """Log a view of application ``aanvraag_id`` (``geld``: of its money after the award)."""
    row = session.execute(
        select(Aanvraag.nummer, Aanvraag.leerling_id).where(Aanvraag.id == aanvraag_id)
    ).first()
    nummer, leerling_id = (None, None) if row is None else row
    vastleggen(
        session,
        actor,
        ToegangActie.GELD_BEKEKEN if geld else ToegangActie.AANVRAAG_BEKEKEN,
        now=now,
        objectsoort="aanvraag",
        object_id=aanvraag_id,
        leerling=pupil(session, leerling_id),
        omschrijving=f"Aanvraag {nummer}" if nummer else "Aanvraag",
    )


def beschikking_bekeken(
    session: Session,
    actor: Actor,
    beschikking_id: int,
    *,
    now: datetime,
    actie: ToegangActie = ToegangActie.BESCHIKKING_BEKEKEN,
    wat: str = "Beschikking",
) -> None:
    """Log that letter ``beschikking_id`` was viewed (or, with ``actie``, printed or exported)."""
    row = session.execute(
        select(Beschikking.kenmerk, Aanvraag.leerling_id)
        .join(Besluit, Besluit.id == Beschikking.besluit_id)
        .join(Aanvraag, Aanvraag.id == Besluit.aanvraag_id)
        .where(Beschikking.id == beschikking_id)
    ).first()
    kenmerk, leerling_id = (None, None) if row is None else row
    vastleggen(
        session,
        actor,
        actie,
        now=now,
        objectsoort="beschikking",
        object_id=beschikking_id,
        leerling=pupil(session, leerling_id),
        omschrijving=f"{wat} {kenmerk}" if kenmerk else wat,
    )


def vaststelling_bekeken(
    session: Session, actor: Actor, vaststelling_id: int, *, now: datetime, wat: str
) -> None:
    """Log that the settlement letter of ``vaststelling_id`` was viewed (``wat``: which form)."""
    row = session.execute(
        select(Vaststelling.kenmerk, Aanvraag.leerling_id)
        .join(Aanvraag, Aanvraag.id == Vaststelling.aanvraag_id)
        .where(Vaststelling.id == vaststelling_id)
    ).first()
    kenmerk, leerling_id = (None, None) if row is None else row
    vastleggen(
        session,
        actor,
        ToegangActie.BESCHIKKING_BEKEKEN,
        now=now,
        objectsoort="vaststelling",
        object_id=vaststelling_id,
        leerling=pupil(session, leerling_id),
        omschrijving=f"{wat} {kenmerk}" if kenmerk else wat,
    )


LIJSTEN = {
    "leerling": "Leerlingen",
    "aanvraag": "Aanvragen",
    "beschikking": "Beschikkingen",
    "gesprek": "Voortgangsgesprekken",
    "vso_inzet": "VSO-expertise",
}
"""The lists that hold pupil data or letters (schools and boards are not logged)."""


def lijst_bekeken(
    db: Database, actor: Actor, kind: str, *, gefilterd: bool, eerste_pagina: bool = True
) -> None:
    """Log that ``actor`` saw the first page of list ``kind`` (whether filtered, never the
    search text: it may hold a name); in a short transaction of its own, once per
    ``LIJST_OPNIEUW_NA`` for the same list. Other pages and lists without pupil data: nothing."""
    scope.require_sealed(actor)
    if kind not in LIJSTEN or not eerste_pagina:
        return
    omschrijving = f"Lijst {LIJSTEN[kind].lower()}" + (", gefilterd" if gefilterd else "")
    now = db.clock()
    with db.transaction() as session:
        scope.verify(session, actor)
        recent = session.scalar(
            select(Toegang.id)
            .where(
                Toegang.op >= now - LIJST_OPNIEUW_NA,
                Toegang.gebruiker_id == actor.id,
                Toegang.actie == ToegangActie.LIJST_BEKEKEN,
                Toegang.objectsoort == f"lijst_{kind}",
                Toegang.omschrijving == omschrijving,
            )
            .limit(1)
        )
        if recent is None:
            vastleggen(
                session,
                actor,
                ToegangActie.LIJST_BEKEKEN,
                now=now,
                objectsoort=f"lijst_{kind}",
                omschrijving=omschrijving,
            )


def _account(session: Session, naam: str) -> Gebruiker | None:
    wanted = naam.strip().lower()[:200]
    if not wanted:
        return None
    return session.scalars(
        select(Gebruiker).where(func.lower(Gebruiker.gebruikersnaam) == wanted)
    ).first()


def aanmelding_mislukt(session: Session, geprobeerd: str, *, now: datetime) -> None:
    """Log a failed sign-in with the account name that was tried (never the password)."""
    user = _account(session, geprobeerd)
    session.add(
        Toegang(
            op=now,
            gebruiker_id=None if user is None else user.id,
            gebruikersnaam=geprobeerd.strip()[:80],
            rol="",
            actie=ToegangActie.AANMELDEN_MISLUKT,
            omschrijving="Onjuiste gebruikersnaam of wachtwoord",
        )
    )


def aanmeldingen_bijwerken(
    db: Database,
    aangemeld: Actor | None,
    *,
    mislukt: Sequence[tuple[str, datetime]] = (),
    waar: str = "",
) -> None:
    """Log a sign-in (``aangemeld``, the actor sign-in just issued; ``None`` for failures only)
    and failed attempts (name tried, when) in one transaction of their own. ``waar``: how or
    where (``Met het wachtwoord``, ``Bij de teamserver``). An actor sign-in did not issue is not logged."""
    if aangemeld is not None and not scope.sealed(aangemeld):
        aangemeld = None
    if aangemeld is None and not mislukt:
        return
    now = db.clock()
    with db.transaction() as session:
        for naam, op in mislukt:
            aanmelding_mislukt(session, naam, now=op)
        if aangemeld is not None:
            vastleggen(
                session,
                aangemeld,
                ToegangActie.AANMELDEN,
                now=now,
                omschrijving=waar,
            )


def afmelding(db: Database, actor: Actor, *, waar: str = "") -> None:
    """Log that ``actor`` signed out (or closed the window)."""
    scope.require_sealed(actor)
    with db.transaction() as session:
        scope.verify(session, actor)
        vastleggen(
            session,
            actor,
            ToegangActie.AFMELDEN,
            now=db.clock(),
            omschrijving=waar,
        )


# --- reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LogFilter:
    """What the viewer narrows to; empty fields do not filter. ``van`` and ``tot`` are days in
    Dutch time, both included."""

    gebruiker_id: int | None = None
    leerlingnummer: str = ""
    actie: ToegangActie | None = None
    van: date | None = None
    tot: date | None = None


@dataclass(frozen=True)
class LogRegel:
    """One row of the viewer."""

    id: int
    op: datetime
    door: str
    gebruikersnaam: str
    rol: str
    actie: str
    wat: str
    leerlingnummer: str


@dataclass(frozen=True)
class LogPagina:
    """One page of the log and how many rows match in all."""

    regels: list[LogRegel]
    totaal: int


def _where(filt: LogFilter) -> list[ColumnElement[bool]]:
    if filt.van and filt.tot and filt.tot < filt.van:
        raise ValidationError(FieldError("tot", "De einddatum ligt vóór de begindatum."))
    where: list[ColumnElement[bool]] = []
    if filt.gebruiker_id is not None:
        where.append(Toegang.gebruiker_id == filt.gebruiker_id)
    if filt.leerlingnummer.strip():
        where.append(Toegang.leerlingnummer == filt.leerlingnummer.strip())
    if filt.actie is not None:
        where.append(Toegang.actie == filt.actie)
    if filt.van is not None:
        where.append(Toegang.op >= datetime.combine(filt.van, time.min, tzinfo=NL_TIME))
    if filt.tot is not None:
        end = datetime.combine(filt.tot + timedelta(days=1), time.min, tzinfo=NL_TIME)
        where.append(Toegang.op < end)
    return where


def _rol_label(value: str) -> str:
    return Rol(value).label if value in {r.value for r in Rol} else ""


def _regels(
    session: Session, where: list[ColumnElement[bool]], offset: int, limit: int
) -> list[LogRegel]:
    rows = session.execute(
        select(Toegang, Gebruiker.volledige_naam)
        .outerjoin(Gebruiker, Gebruiker.id == Toegang.gebruiker_id)
        .where(*where)
        .order_by(Toegang.op.desc(), Toegang.id.desc())
        .offset(offset)
        .limit(limit)
    ).all()
    return [
        LogRegel(
            id=t.id,
            op=t.op,
            door=(naam if naam and t.actie is not ToegangActie.AANMELDEN_MISLUKT else "")
            or t.gebruikersnaam,
            gebruikersnaam=t.gebruikersnaam,
            rol=_rol_label(t.rol),
            actie=t.actie.label,
            wat=t.omschrijving,
            leerlingnummer=t.leerlingnummer or "",
        )
        for t, naam in rows
    ]


def lijst(
    db: Database,
    actor: Actor,
    filt: LogFilter | None = None,
    *,
    offset: int = 0,
    limit: int = PAGINA,
) -> LogPagina:
    """One page of the access log, newest first, for the beheerder and the programmadirecteur
    (``Recht.TOEGANGSLOG``); refused (Dutch) for anyone else."""
    scope.require(actor, Recht.TOEGANGSLOG)
    where = _where(filt or LogFilter())
    with db.read() as session:
        scope.check(session, actor, Recht.TOEGANGSLOG)
        total = int(session.scalar(select(func.count(Toegang.id)).where(*where)) or 0)
        return LogPagina(_regels(session, where, max(0, offset), max(1, min(limit, 1000))), total)


def personen(db: Database, actor: Actor) -> list[tuple[int, str]]:
    """The accounts to filter on (id, ``naam (rol)``), by name."""
    scope.require(actor, Recht.TOEGANGSLOG)
    with db.read() as session:
        scope.check(session, actor, Recht.TOEGANGSLOG)
        users = session.scalars(select(Gebruiker).order_by(Gebruiker.volledige_naam)).all()
        return [(u.id, f"{u.volledige_naam} ({u.rol.label.lower()})") for u in users]


KOLOMMEN = ["Wanneer", "Door", "Gebruikersnaam", "Rol", "Handeling", "Wat", "Leerlingnummer"]


def exporteren(db: Database, actor: Actor, filt: LogFilter | None = None) -> tuple[bytes, int]:
    """The rows that match ``filt`` (at most ``EXPORT_MAX``, newest first) as an Excel workbook,
    and how many; the export itself is logged."""
    scope.require(actor, Recht.TOEGANGSLOG)
    where = _where(filt or LogFilter())
    with db.transaction() as session:
        scope.check(session, actor, Recht.TOEGANGSLOG)
        regels = _regels(session, where, 0, EXPORT_MAX)
        vastleggen(
            session,
            actor,
            ToegangActie.EXPORT,
            now=db.clock(),
            objectsoort="toegangslog",
            omschrijving=f"Toegangslogboek, {len(regels)} rijen" + (", gefilterd" if where else ""),
        )
    body = [
        [date_time(r.op), r.door, r.gebruikersnaam, r.rol, r.actie, r.wat, r.leerlingnummer]
        for r in regels
    ]
    return table_xlsx("Toegangslogboek", KOLOMMEN, body), len(regels)


def inzagen(session: Session, leerling_id: int, keys: list[tuple[str, int]]) -> tuple[Inzage, ...]:
    """Who viewed, exported, printed or copied pupil ``leerling_id``'s data (rows about the pupil
    or about one of the records ``keys`` names), oldest first, for the AVG copy."""
    about = [Toegang.leerling_id == leerling_id]
    if keys:
        about.append(tuple_(Toegang.objectsoort, Toegang.object_id).in_(keys))
    rows = session.execute(
        select(Toegang, Gebruiker.volledige_naam)
        .outerjoin(Gebruiker, Gebruiker.id == Toegang.gebruiker_id)
        .where(and_(or_(*about), Toegang.actie != ToegangActie.AANMELDEN_MISLUKT))
        .order_by(Toegang.op, Toegang.id)
    ).all()
    return tuple(
        Inzage(
            t.op,
            f"{naam or t.gebruikersnaam}" + (f" ({_rol_label(t.rol).lower()})" if t.rol else ""),
            f"{t.actie.label}: {t.omschrijving}" if t.omschrijving else t.actie.label,
        )
        for t, naam in rows
    )


__all__ = [
    "AUDIT_INZAGEN",
    "EXPORT_MAX",
    "LIJSTEN",
    "PAGINA",
    "LogFilter",
    "LogPagina",
    "LogRegel",
    "aanmelding_mislukt",
    "aanmeldingen_bijwerken",
    "aanvraag_bekeken",
    "afmelding",
    "beschikking_bekeken",
    "exporteren",
    "inzagen",
    "lijst",
    "leerling_bekeken",
    "lijst_bekeken",
    "personen",
    "pupil",
    "vaststelling_bekeken",
    "vastleggen",
]
