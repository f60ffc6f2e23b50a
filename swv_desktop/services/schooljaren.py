"""The schooljaren: each with its budget and caps (amounts in cents), listed, read and saved;
the rules a change must keep are in ``schooljaar_regels``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.errors import Validator
from swv_desktop.formatting import schooljaar_bounds
from swv_desktop.models import Schooljaar
from swv_desktop.services import invoer
from swv_desktop.services import schooljaar_regels
from swv_desktop.services import scope
from swv_desktop.services.commands import command
from swv_desktop.services.common import Actor
from swv_desktop.services.common import audited_save
from swv_desktop.services.common import claim_version
from swv_desktop.services.common import get_or_404
from swv_desktop.services.common import plain
from swv_desktop.services.common import snapshot
from swv_desktop.services.scope import Recht


@dataclass(frozen=True)
class SchooljaarData:
    """A schooljaar and its figures (amounts in cents)."""

    id: int
    label: str
    start_datum: date
    eind_datum: date
    budget_cents: int
    individueel_max_cents: int
    groep_max_cents: int
    groep_min_leerlingen: int
    voortgang_interval_maanden: int
    versie: int = 1


PILOT_EVALUATIEMOMENTEN: dict[str, dict[str, date]] = {
    "2021-2022": {"tussenevaluatie_op": date(2022, 7, 31)},
    "2022-2023": {"eindevaluatie_op": date(2023, 5, 31)},
}
"""The evaluation moments of the pilot regulation: the interim evaluation at the end of
2021-2022, the final evaluation in May 2023. A schooljaar created with one of these labels gets
them; other (structural) years have none, and the letters then speak of the monitoring."""


def evaluatiemomenten(jaar: Schooljaar) -> None:
    """Give ``jaar`` the pilot's evaluation moments of its label (those it does not have yet)."""
    for name, day in PILOT_EVALUATIEMOMENTEN.get(jaar.label, {}).items():
        if getattr(jaar, name) is None:
            setattr(jaar, name, day)


def list_schooljaren(db: Database) -> list[SchooljaarData]:
    """Every schooljaar, newest first."""
    with db.read() as session:
        rows = session.scalars(select(Schooljaar).order_by(Schooljaar.start_datum.desc())).all()
        return [_jaar(j) for j in rows]


def get_schooljaar(db: Database, schooljaar_id: int) -> SchooljaarData:
    """One schooljaar."""
    with db.read() as session:
        return _jaar(get_or_404(session, Schooljaar, schooljaar_id, "Schooljaar"))


@command("schooljaar.opslaan", online_only=True)
def save_schooljaar(
    db: Database,
    actor: Actor,
    *,
    label: str,
    budget_cents: int,
    individueel_max_cents: int,
    groep_max_cents: int,
    groep_min_leerlingen: int,
    voortgang_interval_maanden: int,
    schooljaar_id: int | None = None,
    versie: int | None = None,
    verlaging_reden: str = "",
) -> SchooljaarData:
    """Create or change a schooljaar and its figures (beheerder or programmadirecteur).

    A schooljaar with aanvragen keeps its label and dates; caps cannot go below an award in
    force; a budget below what is awarded needs ``verlaging_reden`` (else ``BudgetVerlaging``)
    and then creates a 'bestuur informeren' note."""
    scope.active(db, actor, Recht.SCHOOLJAREN)
    v = Validator()
    start = end = None
    label = invoer.text(v, "label", "Het schooljaar", label, max_len=9)
    try:
        start, end = schooljaar_bounds(label)
    except ValueError as exc:
        v.add("label", str(exc))
    budget_cents = invoer.cents(
        v, "budget_cents", "Het budget", budget_cents, maximum=invoer.MAX_BUDGET_CENTS
    )
    individueel_max_cents = invoer.cents(
        v, "individueel_max_cents", "Het maximum per leerling", individueel_max_cents
    )
    groep_max_cents = invoer.cents(
        v, "groep_max_cents", "Het maximum voor een groepsaanpak", groep_max_cents
    )
    v.check(budget_cents > 0, "budget_cents", "Het budget moet groter zijn dan nul.")
    v.check(
        individueel_max_cents > 0,
        "individueel_max_cents",
        "Het maximum per leerling moet groter zijn dan nul.",
    )
    v.check(
        groep_max_cents > 0,
        "groep_max_cents",
        "Het maximum voor een groepsaanpak moet groter zijn dan nul.",
    )
    if type(groep_min_leerlingen) is int and groep_min_leerlingen < 2:
        v.add("groep_min_leerlingen", "Een groep heeft minstens 2 leerlingen.")
    else:
        groep_min_leerlingen = invoer.whole(
            v, "groep_min_leerlingen", "Het minimum aantal leerlingen", groep_min_leerlingen, 2, 500
        )
    if type(voortgang_interval_maanden) is int and not 1 <= voortgang_interval_maanden <= 12:
        v.add("voortgang_interval_maanden", "Het voortgangsinterval ligt tussen 1 en 12 maanden.")
    else:
        voortgang_interval_maanden = invoer.whole(
            v,
            "voortgang_interval_maanden",
            "Het voortgangsinterval",
            voortgang_interval_maanden,
            1,
            12,
        )
    verlaging_reden = invoer.long_text(
        v, "verlaging_reden", "De reden voor het verlagen", verlaging_reden
    )
    schooljaar_id = invoer.ident(v, "schooljaar_id", "Het schooljaar", schooljaar_id)
    if v.errors:
        v.raise_if_any()
    with db.transaction() as session:
        clash = session.scalars(select(Schooljaar).where(Schooljaar.label == label)).first()
        v.check(
            clash is None or clash.id == schooljaar_id,
            "label",
            f"Schooljaar {label} bestaat al.",
        )
        jaar = None
        if schooljaar_id is not None:
            jaar = get_or_404(session, Schooljaar, schooljaar_id, "Schooljaar")
            claim_version(
                session, jaar, versie, entiteit="schooljaar", wat=f"schooljaar {jaar.label}"
            )
            schooljaar_regels.check_locked_fields(v, session, jaar, label)
            schooljaar_regels.check_caps(
                v,
                session,
                jaar,
                individueel_max_cents=individueel_max_cents,
                groep_max_cents=groep_max_cents,
                groep_min_leerlingen=groep_min_leerlingen,
            )
        v.raise_if_any()
        assert start is not None and end is not None
        now = db.clock()
        if jaar is None:
            jaar = Schooljaar(label=label, start_datum=start, eind_datum=end)
            session.add(jaar)
            before = None
        else:
            before = snapshot(jaar)
            schooljaar_regels.budget_below_awarded(
                session, actor, jaar, budget_cents, verlaging_reden, now=now
            )
            jaar.label, jaar.start_datum, jaar.eind_datum = label, start, end
        jaar.budget_cents = budget_cents
        jaar.individueel_max_cents = individueel_max_cents
        jaar.groep_max_cents = groep_max_cents
        jaar.groep_min_leerlingen = groep_min_leerlingen
        jaar.voortgang_interval_maanden = voortgang_interval_maanden
        evaluatiemomenten(jaar)
        audited_save(session, actor, "schooljaar", jaar, before, now=now)
        return _jaar(jaar)


def _jaar(j: Schooljaar) -> SchooljaarData:
    return plain(SchooljaarData, j)


__all__ = [
    "PILOT_EVALUATIEMOMENTEN",
    "SchooljaarData",
    "evaluatiemomenten",
    "get_schooljaar",
    "list_schooljaren",
    "save_schooljaar",
]
