"""What may change in a schooljaar that is in use: its figures against what is already awarded.

A schooljaar with aanvragen keeps its label and dates (its kenmerken and aanvraagnummers carry the
year). Its budget may be lowered below what is awarded only with an explicit reason, exactly like
an award past the budget, and a 'bestuur informeren' note is then made. A cap below an award that
is in force, or a group minimum above an awarded group, is refused.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Subquery
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from swv_desktop.errors import KnownError
from swv_desktop.errors import Validator
from swv_desktop.formatting import money
from swv_desktop.models import Aanvraag
from swv_desktop.models import Besluit
from swv_desktop.models import BudgetNotitie
from swv_desktop.models import Groepsplan
from swv_desktop.models import GroepsplanLeerling
from swv_desktop.models import Schooljaar
from swv_desktop.models import Soort
from swv_desktop.models import Uitkomst
from swv_desktop.services.budget import awarded_cents
from swv_desktop.services.budget import in_force
from swv_desktop.services.common import Actor


class BudgetVerlaging(KnownError):
    """The new budget is lower than what is already awarded; confirm with a reason to go on."""

    def __init__(self, label: str, budget_cents: int, awarded: int) -> None:
        self.overshoot_cents = awarded - budget_cents
        self.awarded_cents = awarded
        super().__init__(
            f"In {label} is al {money(awarded)} toegekend: met een budget van {money(budget_cents)} "
            f"is het budget {money(self.overshoot_cents)} overschreden. Verlagen kan alleen met een "
            "uitdrukkelijke reden; het bestuur moet dan tijdig en onderbouwd worden geïnformeerd."
        )


def _awards(session: Session, jaar_id: int, soort: Soort) -> Subquery:
    return (
        select(Besluit.toegekend_cents, Aanvraag.id, Aanvraag.leerling_id)
        .join(Aanvraag, Aanvraag.id == Besluit.aanvraag_id)
        .where(
            Aanvraag.schooljaar_id == jaar_id,
            Aanvraag.soort == soort,
            Besluit.uitkomst != Uitkomst.AFGEWEZEN,
            in_force(),
        )
        .subquery()
    )


def check_locked_fields(v: Validator, session: Session, jaar: Schooljaar, label: str) -> None:
    """A schooljaar with aanvragen keeps its label and dates."""
    if label == jaar.label:
        return
    used = session.scalar(select(func.count(Aanvraag.id)).where(Aanvraag.schooljaar_id == jaar.id))
    if used:
        v.add(
            "label",
            f"Schooljaar {jaar.label} heeft al {used} aanvra{'ag' if used == 1 else 'gen'} met "
            "nummers en kenmerken in dat jaar; het label en de data liggen daarom vast.",
        )


def check_caps(
    v: Validator,
    session: Session,
    jaar: Schooljaar,
    *,
    individueel_max_cents: int,
    groep_max_cents: int,
    groep_min_leerlingen: int,
) -> None:
    """Refuse caps below an award in force and a group minimum above an awarded group."""
    single = _awards(session, jaar.id, Soort.INDIVIDUEEL)
    per_pupil = (
        select(func.sum(single.c.toegekend_cents).label("total"))
        .group_by(single.c.leerling_id)
        .subquery()
    )
    highest_pupil = int(session.scalar(select(func.max(per_pupil.c.total))) or 0)
    if individueel_max_cents < highest_pupil:
        v.add(
            "individueel_max_cents",
            f"Een leerling heeft in {jaar.label} al {money(highest_pupil)} toegekend gekregen; het "
            "maximum per leerling kan niet lager zijn dan wat al is toegekend.",
        )
    group = _awards(session, jaar.id, Soort.GROEP)
    highest_group = int(session.scalar(select(func.max(group.c.toegekend_cents))) or 0)
    if groep_max_cents < highest_group:
        v.add(
            "groep_max_cents",
            f"Een groepsaanpak heeft in {jaar.label} al {money(highest_group)} toegekend gekregen; "
            "het maximum voor een groepsaanpak kan niet lager zijn dan wat al is toegekend.",
        )
    sizes = (
        select(func.count(func.distinct(GroepsplanLeerling.leerling_id)).label("n"))
        .join(Groepsplan, Groepsplan.id == GroepsplanLeerling.groepsplan_id)
        .where(Groepsplan.aanvraag_id.in_(select(group.c.id)))
        .group_by(Groepsplan.id)
        .subquery()
    )
    smallest = session.scalar(select(func.min(sizes.c.n)))
    if smallest is not None and groep_min_leerlingen > smallest:
        v.add(
            "groep_min_leerlingen",
            f"Er is in {jaar.label} al een groepsaanpak toegekend voor {smallest} leerlingen; het "
            "minimum kan niet hoger zijn dan dat.",
        )


def budget_below_awarded(
    session: Session,
    actor: Actor,
    jaar: Schooljaar,
    budget_cents: int,
    reden: str,
    *,
    now: datetime,
) -> int | None:
    """Lowering the budget below what is awarded: ``BudgetVerlaging`` without a reason; with one,
    the 'bestuur informeren' note is added (its id is returned). ``None`` when nothing is lowered
    past the awards."""
    awarded = awarded_cents(session, jaar.id)
    if budget_cents >= awarded or budget_cents >= jaar.budget_cents:
        return None
    if not reden:
        raise BudgetVerlaging(jaar.label, budget_cents, awarded)
    note = BudgetNotitie(
        schooljaar_id=jaar.id,
        besluit_id=None,
        overschrijding_cents=awarded - budget_cents,
        reden=f"Budget verlaagd van {money(jaar.budget_cents)} naar {money(budget_cents)}: {reden}",
        aangemaakt_op=now,
        aangemaakt_door_id=actor.id,
    )
    session.add(note)
    session.flush()
    return note.id


__all__ = ["BudgetVerlaging", "budget_below_awarded", "check_caps", "check_locked_fields"]
