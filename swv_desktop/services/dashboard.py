"""The Overzicht's use case: what the dashboard shows one user for one schooljaar.

Budget overview, applications per status, what waits for a decision, overdue progress talks and
accounts, open 'bestuur informeren' notes, unsent letters and the money after the award (paid,
accounted, settled, repaid), each only for the roles that act on it.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from dataclasses import field
from datetime import date

from swv_desktop.db import Database
from swv_desktop.models import Rol
from swv_desktop.models import Status
from swv_desktop.services import budget
from swv_desktop.services import schooljaren
from swv_desktop.services import scope
from swv_desktop.services import toegangslog
from swv_desktop.services import voortgang
from swv_desktop.services.budget import BudgetNoteRow
from swv_desktop.services.budget import BudgetOverview
from swv_desktop.services.common import Actor
from swv_desktop.services.queries import lists as queries
from swv_desktop.services.queries.due import DuePage
from swv_desktop.services.queries.lists import AanvraagRow
from swv_desktop.services.queries.lists import BeschikkingRow
from swv_desktop.services.queries.lists import BeschikkingStand
from swv_desktop.services.queries.lists import ListFilter
from swv_desktop.services.scope import Recht
from swv_desktop.services.verantwoording.geldoverzicht import GeldOverzicht
from swv_desktop.services.verantwoording.geldoverzicht import geld_overzicht
from swv_desktop.services.verantwoording.overzicht import verantwoordingen_due

CARD_ROWS = 50
"""A card shows the first rows of a list of things due (with how many there are in all); the
page behind it has the whole list."""


@dataclass
class DashboardData:
    """Everything the Overzicht shows for one schooljaar and one user."""

    overview: BudgetOverview | None
    counts: dict[Status, int] = field(default_factory=dict)
    waiting: list[AanvraagRow] | None = None
    overdue: DuePage | None = None
    """The overdue progress talks: the first ``CARD_ROWS`` and how many."""
    upcoming: DuePage | None = None
    """The talks due in the next ``voortgang.UPCOMING_DAYS`` days."""
    notes: list[BudgetNoteRow] | None = None
    unsent: list[BeschikkingRow] | None = None
    overdue_accounts: DuePage | None = None
    geld: GeldOverzicht | None = None


def default_schooljaar(jaren: list[schooljaren.SchooljaarData], today: date) -> int | None:
    """The schooljaar containing ``today``, else the newest that started, else the first."""
    for jaar in jaren:
        if jaar.start_datum <= today <= jaar.eind_datum:
            return jaar.id
    started = [j for j in jaren if j.start_datum <= today]
    if started:
        return max(started, key=lambda j: j.start_datum).id
    return jaren[-1].id if jaren else None


READERS = 3
"""The dashboard's cards are independent reads: the long ones (the talks due, the overdue
accounts) run beside the others, each on its own connection (SQLite and PostgreSQL work
outside the interpreter lock), so the figures come in the time of the longest, not the sum."""


def load_dashboard(
    db: Database, actor: Actor, schooljaar_id: int | None, today: date
) -> DashboardData:
    """The dashboard's figures for ``actor`` (Qt-free; runs off the GUI thread)."""
    scope.active(db, actor, Recht.OVERZICHT)
    if schooljaar_id is None:
        return DashboardData(overview=None)
    data = DashboardData(overview=None)
    own = actor.id if actor.rol is Rol.CONTACTPERSOON else None

    def figures() -> None:
        data.overview = budget.budget_overview(db, schooljaar_id)
        data.counts = budget.status_counts(db, schooljaar_id)
        if actor.rol is Rol.PROGRAMMADIRECTEUR:
            data.waiting = queries.fetch(
                db,
                actor,
                "aanvraag",
                ListFilter(status=Status.TER_BESLUITVORMING.value),
                sort="aanvraagdatum",
                limit=CARD_ROWS,
            )
            data.notes = budget.budget_notes(db, actor, only_open=True)
        if actor.rol is Rol.SECRETARIAAT:
            data.unsent = queries.fetch(
                db,
                actor,
                "beschikking",
                ListFilter(status=BeschikkingStand.UITGEGEVEN),
                sort="briefdatum",
                limit=CARD_ROWS,
            )
        if scope.may(actor, Recht.GELD_OVERZICHT):
            data.geld = geld_overzicht(db, actor, schooljaar_id)

    def talks() -> None:
        data.overdue, data.upcoming = voortgang.gesprekken_pages(
            db, actor, today, contactpersoon_id=own, limit=CARD_ROWS
        )
        if data.overdue.rows or data.upcoming.rows:  # the cards name pupils: a view, as a list
            toegangslog.lijst_bekeken(db, actor, "gesprek", gefilterd=own is not None)

    def accounts() -> None:
        data.overdue_accounts = verantwoordingen_due(
            db, actor, today, contactpersoon_id=own, limit=CARD_ROWS
        )
        if data.overdue_accounts.rows:  # they name pupils (by number) too
            toegangslog.lijst_bekeken(db, actor, "verantwoording", gefilterd=own is not None)

    parts: list[Callable[[], None]] = [figures]
    if scope.may(actor, Recht.AANVRAGEN_ZIEN):
        parts.append(talks)
    if scope.may(actor, Recht.VERANTWOORDEN):
        parts.append(accounts)
    with ThreadPoolExecutor(max_workers=READERS, thread_name_prefix="overzicht") as pool:
        list(pool.map(lambda part: part(), parts))  # a refusal or error of any part is the call's
    return data
