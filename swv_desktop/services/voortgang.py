"""Progress talks (voortgangsgesprekken): at least every interval (3 months) from the award or the
last talk, for as long as the support period runs; and the list of overdue talks."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Date, func, select
from sqlalchemy.orm import Session, aliased

from swv_desktop.db import Database
from swv_desktop.dialect import add_months as add_months_sql
from swv_desktop.errors import StateError, Validator
from swv_desktop.formatting import short_date
from swv_desktop.models import (
    Aanvraag,
    Beoordeling,
    Besluit,
    Gebruiker,
    Leerling,
    Rol,
    School,
    Schooljaar,
    Soort,
    Uitkomst,
    Voortgangsgesprek,
)
from swv_desktop.services import invoer
from swv_desktop.services.budget import in_force
from swv_desktop.services.common import (
    Actor,
    audited_save,
    get_or_404,
    require_role,
)

GESPREK_ROLES = (Rol.CONTACTPERSOON, Rol.PROGRAMMADIRECTEUR)


def add_months(day: date, months: int) -> date:
    """``31 januari + 1 maand`` -> 28/29 februari: the same day of the month, clipped at the end
    of the month. The one month-end rule for due dates: the letter, the talk validation and (in
    SQL, ``dialect.add_months``, the same on SQLite and PostgreSQL) the overdue list."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def gesprek_schedule(start: date, end: date, interval_months: int) -> list[date]:
    """The dates by which a progress talk is due within a support period."""
    dates = []
    due = add_months(start, interval_months)
    while due <= end:
        dates.append(due)
        due = add_months(due, interval_months)
    return dates


@dataclass
class VoortgangInput:
    """What the voortgangsgesprek form edits."""

    datum: date | None
    deelnemers: str
    notities: str
    beoordeling: Beoordeling
    volgende_op: date | None = None


def _clean_talk(v: Validator, data: VoortgangInput, today: date) -> VoortgangInput:
    """The talk's fields checked for type, range, length and characters."""
    if not isinstance(data, VoortgangInput):
        v.add("datum", "De gegevens van het gesprek zijn ongeldig.")
        return VoortgangInput(None, "", "", Beoordeling.VOLDOENDE)
    return VoortgangInput(
        datum=invoer.past_day(
            v,
            "datum",
            "De datum van het gesprek",
            data.datum,
            today,
            required="Vul de datum van het gesprek in.",
        ),
        deelnemers=invoer.text(
            v,
            "deelnemers",
            "De deelnemers",
            data.deelnemers,
            max_len=2000,
            multiline=True,
            required="Vul in wie aan het gesprek deelnamen.",
        ),
        notities=invoer.text(
            v,
            "notities",
            "De notities",
            data.notities,
            max_len=invoer.LONG_TEXT,
            multiline=True,
            required="Leg vast wat er over de voortgang is besproken.",
        ),
        beoordeling=invoer.choice(v, "beoordeling", "De beoordeling", data.beoordeling, Beoordeling)
        or Beoordeling.VOLDOENDE,
        volgende_op=invoer.day(v, "volgende_op", "Het volgende gesprek", data.volgende_op),
    )


def first_award_day(session: Session, aanvraag_id: int, besluit: Besluit) -> date:
    """The day the talk clock started: the first award on the aanvraag. A herziening keeps the
    schedule of the award it revises (and talks held before it stay recordable)."""
    first = session.scalar(
        select(func.min(Besluit.besloten_op)).where(
            Besluit.aanvraag_id == aanvraag_id, Besluit.uitkomst != Uitkomst.AFGEWEZEN
        )
    )
    return (first or besluit.besloten_op).date()


def record_gesprek(db: Database, actor: Actor, aanvraag_id: int, data: VoortgangInput) -> int:
    """Record a progress talk about an awarded aanvraag; returns its id."""
    require_role(actor, *GESPREK_ROLES, action="voortgangsgesprekken vastleggen")
    v = Validator()
    today = db.clock().date()
    data = _clean_talk(v, data, today)
    with db.transaction() as session:
        aanvraag = get_or_404(session, Aanvraag, aanvraag_id, "Aanvraag")
        besluit = session.scalars(
            select(Besluit)
            .where(Besluit.aanvraag_id == aanvraag.id, in_force())
            .order_by(Besluit.id.desc())
        ).first()
        if besluit is None or besluit.uitkomst is Uitkomst.AFGEWEZEN:
            raise StateError(
                f"Aanvraag {aanvraag.nummer} heeft geen toekenning; voortgangsgesprekken horen bij een toekenning."
            )
        interval = aanvraag.schooljaar.voortgang_interval_maanden
        volgende = data.volgende_op
        if data.datum is not None:
            v.check(
                data.datum >= first_award_day(session, aanvraag.id, besluit),
                "datum",
                "Het gesprek ligt vóór de datum van het besluit.",
            )
            latest = add_months(data.datum, interval)
            volgende = volgende or latest
            v.check(
                volgende > data.datum, "volgende_op", "Het volgende gesprek ligt na dit gesprek."
            )
            v.check(
                volgende <= latest,
                "volgende_op",
                f"Het volgende gesprek moet uiterlijk {interval} maanden later zijn ({short_date(latest)}).",
            )
        v.raise_if_any()
        assert data.datum is not None and volgende is not None
        gesprek = Voortgangsgesprek(
            aanvraag_id=aanvraag.id,
            datum=data.datum,
            deelnemers=data.deelnemers,
            notities=data.notities,
            beoordeling=data.beoordeling,
            volgende_op=volgende,
            gevoerd_door_id=actor.id,
            vastgelegd_op=db.clock(),
        )
        session.add(gesprek)
        audited_save(
            session, actor, "voortgangsgesprek", gesprek, None, now=db.clock(), actie="vastgelegd"
        )
        return gesprek.id


@dataclass(frozen=True)
class GesprekRow:
    """A recorded progress talk."""

    id: int
    datum: date
    deelnemers: str
    notities: str
    beoordeling: Beoordeling
    volgende_op: date
    gevoerd_door: str


def gesprekken_for(db: Database, actor: Actor, aanvraag_id: int) -> list[GesprekRow]:
    """The progress talks of an aanvraag, oldest first."""
    require_role(actor, *GESPREK_ROLES, action="voortgangsgesprekken inzien")
    with db.read() as session:
        rows = session.execute(
            select(Voortgangsgesprek, Gebruiker.volledige_naam)
            .join(Gebruiker, Gebruiker.id == Voortgangsgesprek.gevoerd_door_id)
            .where(Voortgangsgesprek.aanvraag_id == aanvraag_id)
            .order_by(Voortgangsgesprek.datum)
        ).all()
        return [
            GesprekRow(t.id, t.datum, t.deelnemers, t.notities, t.beoordeling, t.volgende_op, naam)
            for t, naam in rows
        ]


@dataclass(frozen=True)
class OverdueRow:
    """An awarded aanvraag whose progress talk is overdue."""

    aanvraag_id: int
    nummer: str
    soort: Soort
    school_naam: str
    leerlingnummer: str
    contactpersoon_id: int
    contactpersoon_naam: str
    due: date
    days_overdue: int


def _due_date_expr() -> ColumnElement[Any]:
    last_next = (
        select(func.max(Voortgangsgesprek.volgende_op))
        .where(Voortgangsgesprek.aanvraag_id == Aanvraag.id)
        .correlate(Aanvraag)
        .scalar_subquery()
    )
    first_due = add_months_sql(_clock_start(), Schooljaar.voortgang_interval_maanden)
    return func.coalesce(last_next, first_due, type_=Date)


def _clock_start() -> ColumnElement[Any]:
    """The first award on the aanvraag (a herziening keeps the original talk schedule)."""
    first = aliased(Besluit)
    return (
        select(func.min(first.besloten_op))
        .where(first.aanvraag_id == Aanvraag.id, first.uitkomst != Uitkomst.AFGEWEZEN)
        .correlate(Aanvraag)
        .scalar_subquery()
    )


def overdue_gesprekken(
    db: Database, today: date, contactpersoon_id: int | None = None
) -> list[OverdueRow]:
    """Every award whose next progress talk fell due before ``today`` within its support period,
    most overdue first; for one contactpersoon when ``contactpersoon_id`` is given."""
    due = _due_date_expr().label("due")
    query = (
        select(
            Aanvraag.id,
            Aanvraag.nummer,
            Aanvraag.soort,
            School.naam,
            Leerling.leerlingnummer,
            Gebruiker.id,
            Gebruiker.volledige_naam,
            due,
        )
        .join(Besluit, Besluit.aanvraag_id == Aanvraag.id)
        .join(Schooljaar, Schooljaar.id == Aanvraag.schooljaar_id)
        .join(School, School.id == Aanvraag.school_id)
        .join(Gebruiker, Gebruiker.id == Aanvraag.contactpersoon_id)
        .outerjoin(Leerling, Leerling.id == Aanvraag.leerling_id)
        .where(in_force(), Besluit.uitkomst != Uitkomst.AFGEWEZEN)
        .where(due < today, due <= Besluit.periode_eind)
        .order_by(due, Aanvraag.nummer)
    )
    if contactpersoon_id is not None:
        query = query.where(Aanvraag.contactpersoon_id == contactpersoon_id)
    with db.read() as session:
        rows = session.execute(query).all()
    result = []
    for aid, nummer, soort, school, lnr, cp_id, cp_naam, due_text in rows:
        due_day = due_text if isinstance(due_text, date) else date.fromisoformat(str(due_text))
        result.append(
            OverdueRow(
                aid,
                nummer,
                soort,
                school,
                lnr or "groep",
                cp_id,
                cp_naam,
                due_day,
                (today - due_day).days,
            )
        )
    return result
