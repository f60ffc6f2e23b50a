"""The budget per schooljaar (available, awarded, pending, remaining) from SQL aggregates, and the
'bestuur informeren' notes that an award past the budget creates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ColumnElement
from sqlalchemy import and_
from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import true
from sqlalchemy.orm import Session
from sqlalchemy.orm import aliased

from swv_desktop.db import Database
from swv_desktop.errors import StateError
from swv_desktop.errors import Validator
from swv_desktop.models import PENDING_STATUSES
from swv_desktop.models import Aanvraag
from swv_desktop.models import Besluit
from swv_desktop.models import BudgetNotitie
from swv_desktop.models import Schooljaar
from swv_desktop.models import Soort
from swv_desktop.models import Status
from swv_desktop.models import Uitkomst
from swv_desktop.models import Vaststelling
from swv_desktop.reports.evaluatie_data import BudgetNoteRow
from swv_desktop.services import invoer
from swv_desktop.services import scope
from swv_desktop.services.commands import command
from swv_desktop.services.common import Actor
from swv_desktop.services.common import audit
from swv_desktop.services.common import get_or_404
from swv_desktop.services.common import plain
from swv_desktop.services.common import snapshot
from swv_desktop.services.common import valid_id
from swv_desktop.services.scope import Recht

AMBER_FROM_PERCENT = 90


class BudgetLevel(StrEnum):
    """How full a schooljaar's budget is: below 90% awarded, from 90%, or past 100%."""

    OK = "ok"
    AMBER = "amber"
    RED = "red"


def budget_level(budget_cents: int, awarded_cents: int) -> BudgetLevel:
    """``OK``, ``AMBER`` (from 90% awarded) or ``RED`` (past 100%)."""
    if awarded_cents > budget_cents:
        return BudgetLevel.RED
    if awarded_cents * 100 >= budget_cents * AMBER_FROM_PERCENT:
        return BudgetLevel.AMBER
    return BudgetLevel.OK


def in_force(as_of: datetime | None = None) -> ColumnElement[bool]:
    """Filter for decisions that are in force: not replaced by a herziening. With ``as_of``:
    in force at that moment (taken before it, not yet replaced by a herziening taken before it)."""
    later = aliased(Besluit)
    if as_of is None:
        return ~exists().where(later.herziening_van_id == Besluit.id)
    return and_(
        Besluit.besloten_op < as_of,
        ~exists().where(later.herziening_van_id == Besluit.id, later.besloten_op < as_of),
    )


def award_of(session: Session, aanvraag_id: int) -> Besluit | None:
    """The decision in force on an aanvraag (the newest one not replaced), ``None`` before one
    is taken; it may be a refusal (``Uitkomst.AFGEWEZEN``)."""
    return session.scalars(
        select(Besluit)
        .where(Besluit.aanvraag_id == aanvraag_id, in_force())
        .order_by(Besluit.id.desc())
    ).first()


def awarded_cents(
    session: Session, schooljaar_id: int, *, exclude_besluit_id: int | None = None
) -> int:
    """The sum awarded in a schooljaar by the decisions in force."""
    query = (
        select(func.coalesce(func.sum(Besluit.toegekend_cents), 0))
        .join(Aanvraag, Aanvraag.id == Besluit.aanvraag_id)
        .where(Aanvraag.schooljaar_id == schooljaar_id, in_force())
    )
    if exclude_besluit_id is not None:
        query = query.where(Besluit.id != exclude_besluit_id)
    return int(session.scalar(query) or 0)


def awarded_to_leerling_cents(
    session: Session,
    leerling_id: int,
    schooljaar_id: int,
    *,
    exclude_aanvraag_id: int | None = None,
) -> int:
    """What one pupil has been awarded individually in a schooljaar (decisions in force)."""
    query = (
        select(func.coalesce(func.sum(Besluit.toegekend_cents), 0))
        .join(Aanvraag, Aanvraag.id == Besluit.aanvraag_id)
        .where(
            Aanvraag.schooljaar_id == schooljaar_id,
            Aanvraag.leerling_id == leerling_id,
            Aanvraag.soort == Soort.INDIVIDUEEL,
            Besluit.uitkomst != Uitkomst.AFGEWEZEN,
            in_force(),
        )
    )
    if exclude_aanvraag_id is not None:
        query = query.where(Aanvraag.id != exclude_aanvraag_id)
    return int(session.scalar(query) or 0)


@dataclass(frozen=True)
class BudgetOverview:
    """The budget of one schooljaar. All amounts in cents."""

    schooljaar_id: int
    label: str
    budget_cents: int
    awarded_cents: int
    pending_cents: int
    awarded_count: int
    pending_count: int
    niet_besteed_cents: int = 0
    """The unspent part of the settled awards (released by the settlements)."""

    @property
    def benut_cents(self) -> int:
        """What the budget is used for: the settled amounts where they exist, the awards
        otherwise (what the budget meter shows)."""
        return self.awarded_cents - self.niet_besteed_cents

    @property
    def remaining_cents(self) -> int:
        return self.budget_cents - self.awarded_cents

    @property
    def overshoot_cents(self) -> int:
        return max(0, self.awarded_cents - self.budget_cents)

    @property
    def percent_awarded(self) -> float:
        return 0.0 if self.budget_cents == 0 else 100.0 * self.awarded_cents / self.budget_cents

    @property
    def level(self) -> BudgetLevel:
        """How full the budget is (see ``budget_level``)."""
        return budget_level(self.budget_cents, self.awarded_cents)


_COUNTED = (
    "schooljaar_id",
    "budget_cents",
    "awarded_cents",
    "pending_cents",
    "awarded_count",
    "pending_count",
)
"""The whole-number columns of the budget query that are never empty."""


def budget_overview(db: Database, schooljaar_id: int) -> BudgetOverview:
    """Available, awarded, pending and remaining for one schooljaar (and what the settlements
    released), in one SQL statement: the schooljaar row with its three aggregates (one round trip
    to a database server)."""
    awarded = (
        select(
            func.coalesce(func.sum(Besluit.toegekend_cents), 0).label("bedrag"),
            func.count(Besluit.id).filter(Besluit.uitkomst != Uitkomst.AFGEWEZEN).label("aantal"),
        )
        .join(Aanvraag, Aanvraag.id == Besluit.aanvraag_id)
        .where(Aanvraag.schooljaar_id == schooljaar_id, in_force())
        .subquery("toegekend")
    )
    pending = (
        select(
            func.coalesce(func.sum(Aanvraag.aangevraagd_cents), 0).label("bedrag"),
            func.count(Aanvraag.id).label("aantal"),
        )
        .where(Aanvraag.schooljaar_id == schooljaar_id, Aanvraag.status.in_(PENDING_STATUSES))
        .subquery("in_behandeling")
    )
    released = (
        select(
            func.coalesce(
                func.sum(Vaststelling.toegekend_cents - Vaststelling.vastgesteld_cents), 0
            ).label("bedrag")
        )
        .where(Vaststelling.schooljaar_id == schooljaar_id)
        .subquery("vrijgevallen")
    )
    query = (
        select(
            Schooljaar.id.label("schooljaar_id"),
            Schooljaar.label,
            Schooljaar.budget_cents,
            awarded.c.bedrag.label("awarded_cents"),
            awarded.c.aantal.label("awarded_count"),
            pending.c.bedrag.label("pending_cents"),
            pending.c.aantal.label("pending_count"),
            released.c.bedrag.label("niet_besteed_cents"),
        )
        .select_from(Schooljaar)
        .join(awarded, true())
        .join(pending, true())
        .join(released, true())
        .where(Schooljaar.id == schooljaar_id)
    )
    with db.read() as session:
        row = session.execute(query).mappings().first() if valid_id(schooljaar_id) else None
        if row is None:
            get_or_404(session, Schooljaar, schooljaar_id, "Schooljaar")  # says it does not exist
            row = session.execute(query).mappings().one()  # made since the first read
        return BudgetOverview(
            label=str(row["label"]),
            niet_besteed_cents=int(row["niet_besteed_cents"] or 0),
            **{name: int(row[name]) for name in _COUNTED},
        )


def status_counts(db: Database, schooljaar_id: int) -> dict[Status, int]:
    """How many aanvragen a schooljaar has in each status (every status present, 0 if none)."""
    with db.read() as session:
        rows = session.execute(
            select(Aanvraag.status, func.count(Aanvraag.id).label("n"))
            .where(Aanvraag.schooljaar_id == schooljaar_id)
            .group_by(Aanvraag.status)
        ).all()
    counts = dict.fromkeys(Status, 0)
    counts.update({row.status: int(row.n) for row in rows})
    return counts


def note_row(note: BudgetNotitie, schooljaar_label: str) -> BudgetNoteRow:
    """The plain row of one 'bestuur informeren' note."""
    return plain(
        BudgetNoteRow,
        note,
        schooljaar_label=schooljaar_label,
        aangemaakt_op=note.aangemaakt_op.date(),
    )


def budget_notes(
    db: Database, actor: Actor, *, only_open: bool = False, schooljaar_id: int | None = None
) -> list[BudgetNoteRow]:
    """The 'bestuur informeren' notes, newest first (the programmadirecteur's)."""
    with scope.read(db, actor, Recht.BESTUUR_INFORMEREN) as session:
        query = (
            select(BudgetNotitie, Schooljaar.label)
            .join(Schooljaar, Schooljaar.id == BudgetNotitie.schooljaar_id)
            .order_by(BudgetNotitie.aangemaakt_op.desc())
        )
        if only_open:
            query = query.where(BudgetNotitie.bestuur_geinformeerd_op.is_(None))
        if schooljaar_id is not None:
            query = query.where(BudgetNotitie.schooljaar_id == schooljaar_id)
        return [note_row(row.BudgetNotitie, row.label) for row in session.execute(query).all()]


@command("budget.bestuur_geinformeerd")
def mark_bestuur_informed(
    db: Database, actor: Actor, note_id: int, *, datum: date, wat_gemeld: str
) -> None:
    """Record when the board was informed of an overshoot and what was said (programmadirecteur)."""
    scope.active(db, actor, Recht.BESTUUR_INFORMEREN)
    v = Validator()
    wat_gemeld = invoer.long_text(
        v,
        "wat_gemeld",
        "Wat aan het bestuur is gemeld",
        wat_gemeld,
        required="Beschrijf wat aan het bestuur is gemeld.",
    )
    day = invoer.past_day(
        v,
        "datum",
        "De datum waarop het bestuur is geïnformeerd",
        datum,
        db.clock().date(),
        required="Vul de datum in waarop het bestuur is geïnformeerd.",
    )
    v.raise_if_any()
    assert day is not None
    datum = day
    with db.transaction() as session:
        note = get_or_404(session, BudgetNotitie, note_id, "Notitie")
        if note.bestuur_geinformeerd_op is not None:
            raise StateError("Bij deze notitie is al vastgelegd dat het bestuur is geïnformeerd.")
        v.check(
            datum >= note.aangemaakt_op.date(),
            "datum",
            "Het bestuur kan niet zijn geïnformeerd vóór de overschrijding ontstond.",
        )
        v.raise_if_any()
        before = snapshot(note)
        note.bestuur_geinformeerd_op = datum
        note.wat_gemeld = wat_gemeld
        audit(
            session,
            actor,
            "budget_notitie",
            note.id,
            "bestuur geïnformeerd",
            before,
            snapshot(note),
            now=db.clock(),
        )


__all__ = [
    "AMBER_FROM_PERCENT",
    "PENDING_STATUSES",
    "BudgetNoteRow",
    "note_row",
    "BudgetOverview",
    "awarded_cents",
    "awarded_to_leerling_cents",
    "budget_notes",
    "budget_overview",
    "in_force",
    "mark_bestuur_informed",
    "status_counts",
]
