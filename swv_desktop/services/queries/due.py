"""The awards with something due: the one query behind the overdue and upcoming progress talks
(``services.voortgang``) and the overdue accounts (``services.verantwoording.overzicht``).

Each kind of due date is a ``DueRule``: an SQL date of the award (``key``), the days from it to
the calendar due date, and the Python function that gives the real due date, moved to a working
day (a working day is never earlier than its calendar date and at most ``MAX_SHIFT_DAYS``
later). SQL narrows on the key and reads only (id, number, key) of the candidates; Python decides the
working-day move (memoized per date), sorts and counts; the page's other columns are read for
the page alone. So the dashboard gets the exact total and its first page of rows, however many
awards are due, and the full lists take the same path without a limit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import timedelta
from typing import Any

from sqlalchemy import Select
from sqlalchemy import select
from sqlalchemy.orm import Session

from swv_desktop.models import Aanvraag
from swv_desktop.models import Besluit
from swv_desktop.models import Gebruiker
from swv_desktop.models import Leerling
from swv_desktop.models import School
from swv_desktop.models import Soort
from swv_desktop.models import Uitkomst
from swv_desktop.services import scope
from swv_desktop.services.budget import in_force
from swv_desktop.services.common import Actor

MAX_SHIFT_DAYS = 14
"""The most a move to the next working day can add (a holiday stretch is far shorter)."""


@dataclass(frozen=True)
class OverdueRow:
    """An award with something due (a progress talk, an account): ``days_overdue`` is negative
    for the days still to go."""

    aanvraag_id: int
    nummer: str
    soort: Soort
    school_naam: str
    leerlingnummer: str
    contactpersoon_id: int
    contactpersoon_naam: str
    due: date
    days_overdue: int


@dataclass(frozen=True)
class DuePage:
    """The first rows of a list of things due (soonest due first) and how many there are."""

    rows: list[OverdueRow]
    total: int


def _no_narrowing(query: Select[Any]) -> Select[Any]:
    return query


@dataclass(frozen=True)
class DueRule:
    """How one kind of due date follows from an award in force: ``key`` is an SQL date, the
    calendar due date is ``offset_days`` after it, ``due_of(key)`` is the real due date (not
    earlier than the calendar date, at most ``MAX_SHIFT_DAYS`` later, and never decreasing as
    the key grows); ``narrow`` adds the kind's joins and conditions."""

    key: Any
    """An SQL date expression or column."""
    due_of: Callable[[date], date]
    offset_days: int = 0
    narrow: Callable[[Select[Any]], Select[Any]] = field(default=_no_narrowing)


def as_date(value: Any) -> date:
    """A date read back from SQL (SQLite may hand back text for a computed date)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _base(
    rule: DueRule,
    actor: Actor,
    columns: list[Any],
    before: date,
    on_or_after: date | None,
    contactpersoon_id: int | None,
) -> Select[Any]:
    """The awards in force that ``actor`` may see whose key may give a due date in
    ``[on_or_after, before)``."""
    key = rule.key
    query = (
        select(*columns)
        .select_from(Aanvraag)
        .join(Besluit, Besluit.aanvraag_id == Aanvraag.id)
        .where(in_force(), Besluit.uitkomst != Uitkomst.AFGEWEZEN)
        .where(key < before - timedelta(days=rule.offset_days))
        .where(scope.rows(actor, "aanvraag"))
    )
    if on_or_after is not None:
        query = query.where(key >= on_or_after - timedelta(days=rule.offset_days + MAX_SHIFT_DAYS))
    if contactpersoon_id is not None:
        query = query.where(Aanvraag.contactpersoon_id == contactpersoon_id)
    return rule.narrow(query)


def _details(query: Select[Any]) -> Select[Any]:
    """``query`` with the row's school, contactpersoon and pupil joined."""
    return (
        query.join(School, School.id == Aanvraag.school_id)
        .join(Gebruiker, Gebruiker.id == Aanvraag.contactpersoon_id)
        .outerjoin(Leerling, Leerling.id == Aanvraag.leerling_id)
    )


DETAIL_COLUMNS: tuple[Any, ...] = (
    Aanvraag.id,
    Aanvraag.soort,
    School.naam.label("school"),
    Leerling.leerlingnummer,
    Gebruiker.id.label("cp_id"),
    Gebruiker.volledige_naam.label("cp_naam"),
)


Window = tuple[date | None, date]
"""``(on_or_after, before)``: the due dates a list takes (``None``: no lower bound)."""


def due_awards(
    session: Session,
    actor: Actor,
    rule: DueRule,
    *,
    today: date,
    before: date,
    on_or_after: date | None = None,
    contactpersoon_id: int | None = None,
    limit: int | None = None,
) -> DuePage:
    """The awards whose due date (``rule``) lies in ``[on_or_after, before)``, soonest due
    first (then by aanvraag number), inside the caller's checked session: all of them, or with
    ``limit`` the first ``limit`` and the exact total."""
    return due_pages(
        session,
        actor,
        rule,
        today=today,
        windows=[(on_or_after, before)],
        contactpersoon_id=contactpersoon_id,
        limit=limit,
    )[0]


def due_pages(
    session: Session,
    actor: Actor,
    rule: DueRule,
    *,
    today: date,
    windows: list[Window],
    contactpersoon_id: int | None = None,
    limit: int | None = None,
) -> list[DuePage]:
    """``due_awards`` for each window, from one pass over the awards (the dashboard's overdue
    and upcoming talks). The pass reads only (id, number, key) of the candidates when there is
    a ``limit``; the pages' other columns are then read for their rows alone."""
    light = limit is not None
    lows = [low for low, _high in windows]
    lowest = None if None in lows else min(low for low in lows if low is not None)
    columns = [Aanvraag.id, Aanvraag.nummer, rule.key.label("key_date")]
    query = _base(
        rule, actor, columns, max(high for _low, high in windows), lowest, contactpersoon_id
    )
    if not light:
        query = _details(query.add_columns(*DETAIL_COLUMNS[1:]))
    found: list[list[tuple[date, str, int, Any]]] = [[] for _window in windows]
    for row in session.execute(query):
        due = rule.due_of(as_date(row.key_date))
        for (low, high), into in zip(windows, found, strict=True):
            if due < high and (low is None or due >= low):
                into.append((due, row.nummer, row.id, row))
    pages = []
    for items in found:
        items.sort(key=lambda item: (item[0], item[1]))
        pages.append(items if limit is None else items[:limit])
    details = {aid: row for page in pages for _due, _nummer, aid, row in page}
    if light and details:
        of_page = select(*DETAIL_COLUMNS).select_from(Aanvraag)
        of_page = _details(of_page).where(Aanvraag.id.in_(list(details)))
        for row in session.execute(of_page):
            details[row.id] = row
    result = []
    for page, items in zip(pages, found, strict=True):
        rows = []
        for due, nummer, aid, _row in page:
            d = details[aid]
            days = (today - due).days
            rows.append(
                OverdueRow(
                    aid,
                    nummer,
                    d.soort,
                    d.school,
                    d.leerlingnummer or "groep",
                    d.cp_id,
                    d.cp_naam,
                    due,
                    days,
                )
            )
        result.append(DuePage(rows, len(items)))
    return result
