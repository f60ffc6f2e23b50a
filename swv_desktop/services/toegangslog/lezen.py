"""Reading the access log: one page of it for the viewer (``lijst``), the accounts to filter on,
the Excel export, and the rows the AVG copy lists (``inzagen``). Only the beheerder and the
programmadirecteur read it (``Recht.TOEGANGSLOG``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta

from sqlalchemy import ColumnElement
from sqlalchemy import and_
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import tuple_
from sqlalchemy.orm import Session

from swv_desktop.db import Database
from swv_desktop.errors import FieldError
from swv_desktop.errors import ValidationError
from swv_desktop.formatting import NL_TIME
from swv_desktop.formatting import date_time
from swv_desktop.models import Gebruiker
from swv_desktop.models import Rol
from swv_desktop.models import Toegang
from swv_desktop.models import ToegangActie
from swv_desktop.reports.avg_kopie_data import Inzage
from swv_desktop.reports.excel import table_xlsx
from swv_desktop.services import scope
from swv_desktop.services.common import Actor
from swv_desktop.services.scope import Recht
from swv_desktop.services.toegangslog.schrijven import vastleggen

PAGINA = 200
"""Rows per page of the viewer."""
EXPORT_MAX = 20_000
"""At most this many rows (the newest) in one Excel export, about 7 seconds; narrow the filters
for more."""


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
            id=row.Toegang.id,
            op=row.Toegang.op,
            door=(
                row.volledige_naam
                if row.volledige_naam and row.Toegang.actie is not ToegangActie.AANMELDEN_MISLUKT
                else ""
            )
            or row.Toegang.gebruikersnaam,
            gebruikersnaam=row.Toegang.gebruikersnaam,
            rol=_rol_label(row.Toegang.rol),
            actie=row.Toegang.actie.label,
            wat=row.Toegang.omschrijving,
            leerlingnummer=row.Toegang.leerlingnummer or "",
        )
        for row in rows
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
    with scope.read(db, actor, Recht.TOEGANGSLOG) as session:
        total = int(session.scalar(select(func.count(Toegang.id)).where(*where)) or 0)
        return LogPagina(_regels(session, where, max(0, offset), max(1, min(limit, 1000))), total)


def personen(db: Database, actor: Actor) -> list[tuple[int, str]]:
    """The accounts to filter on (id, ``naam (rol)``), by name."""
    with scope.read(db, actor, Recht.TOEGANGSLOG) as session:
        users = session.scalars(select(Gebruiker).order_by(Gebruiker.volledige_naam)).all()
        return [(u.id, f"{u.volledige_naam} ({u.rol.label.lower()})") for u in users]


KOLOMMEN = ["Wanneer", "Door", "Gebruikersnaam", "Rol", "Handeling", "Wat", "Leerlingnummer"]


def exporteren(db: Database, actor: Actor, filt: LogFilter | None = None) -> tuple[bytes, int]:
    """The rows that match ``filt`` (at most ``EXPORT_MAX``, newest first) as an Excel workbook,
    and how many; the export itself is logged."""
    scope.require(actor, Recht.TOEGANGSLOG)
    where = _where(filt or LogFilter())
    with scope.transaction(db, actor, Recht.TOEGANGSLOG) as session:
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
            row.Toegang.op,
            f"{row.volledige_naam or row.Toegang.gebruikersnaam}"
            + (f" ({_rol_label(row.Toegang.rol).lower()})" if row.Toegang.rol else ""),
            f"{row.Toegang.actie.label}: {row.Toegang.omschrijving}"
            if row.Toegang.omschrijving
            else row.Toegang.actie.label,
        )
        for row in rows
    )
