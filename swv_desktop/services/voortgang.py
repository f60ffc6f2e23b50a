"""Progress talks (voortgangsgesprekken): at least every interval (3 months) from the start of the
support period or the last talk, for as long as the support period runs; and the list of overdue
talks.

The one rule for a talk's due date (``talk_due``): the base date plus the interval, clipped at the
end of the month (30 November + 3 months = 28 February), and a due date on a Saturday, a Sunday
or a holiday moved to the next working day (``termijnen.next_working_day``). The base is the
start of the support period (``Besluit.periode_start``; a herziening keeps the period start of the
award it revises, so it keeps the schedule) or, once a talk was held, the date that talk set for
the next one. The letter's dates (``gesprek_deadlines``), the talk validation and the overdue list
all use it, so the date the letter promises is the date the list counts from."""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import timedelta
from typing import Any

from sqlalchemy import Date
from sqlalchemy import Integer
from sqlalchemy import Select
from sqlalchemy import bindparam
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from swv_desktop.db import Database
from swv_desktop.dialect import add_months as add_months_sql
from swv_desktop.errors import NotFound
from swv_desktop.errors import StateError
from swv_desktop.errors import Validator
from swv_desktop.formatting import short_date
from swv_desktop.models import Aanvraag
from swv_desktop.models import Beoordeling
from swv_desktop.models import Besluit
from swv_desktop.models import Gebruiker
from swv_desktop.models import Schooljaar
from swv_desktop.models import Uitkomst
from swv_desktop.models import Voortgangsgesprek
from swv_desktop.services import invoer
from swv_desktop.services import scope
from swv_desktop.services import toegangslog
from swv_desktop.services.budget import in_force
from swv_desktop.services.commands import command
from swv_desktop.services.common import Actor
from swv_desktop.services.common import audited_save
from swv_desktop.services.common import get_or_404
from swv_desktop.services.common import valid_id
from swv_desktop.services.queries.due import DuePage
from swv_desktop.services.queries.due import DueRule
from swv_desktop.services.queries.due import OverdueRow as OverdueRow  # the lists' row
from swv_desktop.services.queries.due import Window
from swv_desktop.services.queries.due import due_pages
from swv_desktop.services.scope import Recht
from swv_desktop.services.termijnen import next_working_day

GESPREK_ROLES = tuple(sorted(scope.RECHTEN[Recht.GESPREK_VASTLEGGEN]))
"""Who holds and records the progress talk: the contactpersoon of the school."""


def add_months(day: date, months: int) -> date:
    """``31 januari + 1 maand`` -> 28/29 februari: the same day of the month, clipped at the end
    of the month. The month-end part of ``talk_due`` (in SQL ``dialect.add_months``, the same on
    SQLite and PostgreSQL)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def talk_due(base: date, interval_months: int) -> date:
    """The day a progress talk is due, ``interval_months`` after ``base``: clipped at the month
    end, on a weekend or holiday the next working day. The talk may still be held on that day;
    it is overdue from the day after."""
    return next_working_day(add_months(base, interval_months))


def gesprek_schedule(start: date, end: date, interval_months: int) -> list[date]:
    """The calendar dates (before the move to a working day) by which a progress talk is due
    within a support period, each an interval after the one before."""
    dates = []
    due = add_months(start, interval_months)
    while due <= end:
        dates.append(due)
        due = add_months(due, interval_months)
    return dates


def gesprek_deadlines(start: date, end: date, interval_months: int) -> list[date]:
    """The dates by which the progress talks are due, as the letter states them: counted from
    the start of the support period, a date on a weekend or holiday moved to the next working
    day (never past ``end`` unless the end itself is not a working day). The first one is the
    date the overdue list counts from while no talk was held."""
    return [next_working_day(day) for day in gesprek_schedule(start, end, interval_months)]


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


@dataclass(frozen=True)
class _TalkBasis:
    """What recording a talk reads about its aanvraag (``_talk_basis``)."""

    aanvraag_id: int
    nummer: str
    interval_maanden: int
    uitkomst: Uitkomst | None
    """The outcome of the decision in force (the newest one not replaced); ``None``: none yet."""
    eerste_toekenning: datetime | None
    """When the first award on the aanvraag was taken: the day the talk clock started. A
    herziening keeps the schedule of the award it revises (and talks held before it stay
    recordable)."""


@functools.cache
def _basis_query() -> Select[Any]:
    """``_talk_basis``'s query without the actor's scope, built once (building its expression
    took longer than running it): the aanvraag ``:aanvraag_id`` locked, its schooljaar's
    interval, the outcome of its decision in force and its first award day."""
    award = (
        select(Besluit.uitkomst)
        .where(Besluit.aanvraag_id == Aanvraag.id, in_force())
        .order_by(Besluit.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    first = (
        select(func.min(Besluit.besloten_op))
        .where(Besluit.aanvraag_id == Aanvraag.id, Besluit.uitkomst != Uitkomst.AFGEWEZEN)
        .scalar_subquery()
    )
    return (
        select(
            Aanvraag.id.label("aanvraag_id"),
            Aanvraag.nummer,
            Schooljaar.voortgang_interval_maanden.label("interval_maanden"),
            award.label("uitkomst"),
            first.label("eerste_toekenning"),
        )
        .join(Schooljaar, Schooljaar.id == Aanvraag.schooljaar_id)
        .where(Aanvraag.id == bindparam("aanvraag_id", type_=Integer))
        .with_for_update(of=Aanvraag)
    )


def _talk_basis(session: Session, actor: Actor, aanvraag_id: int) -> _TalkBasis:
    """The aanvraag locked until the commit (as ``get_or_404`` locks it), its schooljaar's talk
    interval, the outcome of its decision in force and its first award day, in one query within
    the actor's scope. An aanvraag that is missing or not hers gets the refusal of
    ``scope.require_aanvraag`` / ``get_or_404``, as before."""
    if valid_id(aanvraag_id):
        query = _basis_query().where(scope.rows(actor, "aanvraag"))
        row = session.execute(query, {"aanvraag_id": aanvraag_id}).first()
        if row is not None:
            return _TalkBasis(**row._mapping)
    scope.require_aanvraag(session, actor, aanvraag_id)  # the Dutch refusal: not hers, or gone
    get_or_404(session, Aanvraag, aanvraag_id, "Aanvraag")
    raise NotFound(f"Aanvraag met nummer {aanvraag_id} bestaat niet (meer).")


@command("gesprek.vastleggen")
def record_gesprek(db: Database, actor: Actor, aanvraag_id: int, data: VoortgangInput) -> int:
    """Record a progress talk about an awarded aanvraag; returns its id."""
    scope.require(actor, Recht.GESPREK_VASTLEGGEN)
    v = Validator()
    today = db.clock().date()
    data = _clean_talk(v, data, today)
    with scope.transaction(db, actor, Recht.GESPREK_VASTLEGGEN) as session:
        basis = _talk_basis(session, actor, aanvraag_id)
        if basis.uitkomst is None or basis.uitkomst is Uitkomst.AFGEWEZEN:
            raise StateError(
                f"Aanvraag {basis.nummer} heeft geen toekenning; voortgangsgesprekken horen bij een toekenning."
            )
        assert basis.eerste_toekenning is not None  # the award in force is one
        interval = basis.interval_maanden
        volgende = data.volgende_op
        if data.datum is not None:
            v.check(
                data.datum >= basis.eerste_toekenning.date(),
                "datum",
                "Het gesprek ligt vóór de datum van het besluit.",
            )
            latest = talk_due(data.datum, interval)
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
            aanvraag_id=basis.aanvraag_id,
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
    with scope.read(db, actor, Recht.AANVRAGEN_ZIEN) as session:
        scope.require_aanvraag(session, actor, aanvraag_id)
        rows = session.execute(
            select(Voortgangsgesprek, Gebruiker.volledige_naam)
            .join(Gebruiker, Gebruiker.id == Voortgangsgesprek.gevoerd_door_id)
            .where(Voortgangsgesprek.aanvraag_id == aanvraag_id)
            .order_by(Voortgangsgesprek.datum)
        ).all()
        return [
            GesprekRow(
                row.Voortgangsgesprek.id,
                row.Voortgangsgesprek.datum,
                row.Voortgangsgesprek.deelnemers,
                row.Voortgangsgesprek.notities,
                row.Voortgangsgesprek.beoordeling,
                row.Voortgangsgesprek.volgende_op,
                row.volledige_naam,
            )
            for row in rows
        ]


def _last_talks() -> Any:
    """Per aanvraag the date its last talk set for the next one: one aggregate over the talks,
    joined once (a correlated subquery per award, evaluated for each use of the due date, took
    0.9 s on the 25,000 awards of the 50,000-pupil database)."""
    return (
        select(
            Voortgangsgesprek.aanvraag_id.label("aanvraag_id"),
            func.max(Voortgangsgesprek.volgende_op).label("volgende_op"),
        )
        .group_by(Voortgangsgesprek.aanvraag_id)
        .subquery("laatste_gesprek")
    )


UPCOMING_DAYS = 30
"""How far ahead "Gesprekken binnenkort" looks."""


def _talk_rule() -> DueRule:
    """The due date of the in-force award's next talk (``talk_due``) within the support period:
    the calendar date the last talk set, else the period start plus the interval (the move to a
    working day is ``next_working_day``)."""
    last = _last_talks()
    first_due = add_months_sql(Besluit.periode_start, Schooljaar.voortgang_interval_maanden)
    key = func.coalesce(last.c.volgende_op, first_due, type_=Date)
    return DueRule(
        key=key,
        due_of=next_working_day,
        narrow=lambda query: (
            query.join(Schooljaar, Schooljaar.id == Aanvraag.schooljaar_id)
            .outerjoin(last, last.c.aanvraag_id == Aanvraag.id)
            .where(key <= Besluit.periode_eind)
        ),
    )


def _talk_pages(
    db: Database,
    actor: Actor,
    today: date,
    windows: list[Window],
    contactpersoon_id: int | None,
    limit: int | None,
) -> list[DuePage]:
    with scope.read(db, actor, Recht.AANVRAGEN_ZIEN) as session:
        return due_pages(
            session,
            actor,
            _talk_rule(),
            today=today,
            windows=windows,
            contactpersoon_id=contactpersoon_id,
            limit=limit,
        )


def gesprekken_pages(
    db: Database,
    actor: Actor,
    today: date,
    *,
    contactpersoon_id: int | None = None,
    limit: int | None = None,
) -> tuple[DuePage, DuePage]:
    """The overdue talks (as ``overdue_gesprekken``) and those coming up in the next
    ``UPCOMING_DAYS`` days (as ``upcoming_gesprekken``) from one pass over the awards; with
    ``limit`` the first ``limit`` rows of each and their totals (the dashboard's cards)."""
    overdue, upcoming = _talk_pages(
        db,
        actor,
        today,
        [(None, today), (today, today + timedelta(days=UPCOMING_DAYS + 1))],
        contactpersoon_id,
        limit,
    )
    return overdue, upcoming


def gesprekken_bekijken(
    db: Database, actor: Actor, today: date, contactpersoon_id: int | None = None
) -> tuple[list[OverdueRow], list[OverdueRow]]:
    """The Voortgang page's two lists, the overdue talks and those coming up in the next
    ``UPCOMING_DAYS`` days, from one pass over the awards (``gesprekken_pages``), logged once as
    a view of the talks list (their rows name pupils)."""
    overdue, upcoming = gesprekken_pages(db, actor, today, contactpersoon_id=contactpersoon_id)
    toegangslog.lijst_bekeken(db, actor, "gesprek", gefilterd=contactpersoon_id is not None)
    return overdue.rows, upcoming.rows


def overdue_gesprekken(
    db: Database, actor: Actor, today: date, contactpersoon_id: int | None = None
) -> list[OverdueRow]:
    """Every award whose next progress talk fell due (``talk_due``) before ``today`` within its
    support period, most overdue first; for one contactpersoon when ``contactpersoon_id`` is
    given. Logged as a view of the talks list (its rows name pupils)."""
    rows = _talk_pages(db, actor, today, [(None, today)], contactpersoon_id, None)[0].rows
    toegangslog.lijst_bekeken(db, actor, "gesprek", gefilterd=contactpersoon_id is not None)
    return rows


def upcoming_gesprekken(
    db: Database,
    actor: Actor,
    today: date,
    contactpersoon_id: int | None = None,
    days: int = UPCOMING_DAYS,
) -> list[OverdueRow]:
    """The progress talks that fall due from ``today`` up to and including ``today + days``
    (soonest first); ``days_overdue`` is then negative: the days still to go."""
    window = (today, today + timedelta(days=days + 1))
    rows = _talk_pages(db, actor, today, [window], contactpersoon_id, None)[0].rows
    toegangslog.lijst_bekeken(db, actor, "gesprek", gefilterd=contactpersoon_id is not None)
    return rows
