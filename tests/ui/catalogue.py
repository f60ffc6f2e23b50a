"""Every window and dialog of the product, each with a record to show: for the fit test at
1366x768 and for ``make screenshots`` (``tests/tools/screenshots.py``). Not product code.

``dialog_shots()`` lists ``Shot``s; ``shot.build(ctx, parent)`` builds the widget without showing
it, signed in with ``shot.rol`` (the role that does the work on that screen).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget
from signed_in import a_directeur
from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.models import Aanvraag
from swv_desktop.models import Rol
from swv_desktop.models import Status
from swv_desktop.models import Uitkomst
from swv_desktop.models import Vaststelling
from swv_desktop.models import Verantwoording
from swv_desktop.services import besluiten
from swv_desktop.services import budget
from swv_desktop.services import voortgang
from swv_desktop.services import vso_expertise
from swv_desktop.services.aanvragen import use_cases as aanvragen
from swv_desktop.services.queries import lists as queries
from swv_desktop.services.queries.lists import ListFilter
from swv_desktop.services.verantwoording import overzicht
from swv_desktop.services.verantwoording.overzicht import Geldstroom
from swv_desktop.ui import openers
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs.aanvraag_prompts import DiscussionPrompt
from swv_desktop.ui.dialogs.aanvraag_prompts import WithdrawPrompt
from swv_desktop.ui.dialogs.about_dialog import AboutDialog
from swv_desktop.ui.dialogs.besluit_dialog import BesluitDialog
from swv_desktop.ui.dialogs.besluit_dialog import OverschrijdingDialog
from swv_desktop.ui.dialogs.duo_import_dialog import DuoImportDialog
from swv_desktop.ui.dialogs.geld_dialogs import VaststellingDialog
from swv_desktop.ui.dialogs.geld_dialogs import VerantwoordingDialog

Builder = Callable[[UiContext, QWidget | None], QWidget]


@dataclass(frozen=True)
class Shot:
    """One dialog to grab: its file name, the role that opens it and how to build it."""

    name: str
    rol: Rol
    build: Builder


def first_id(db: Database, kind: str, status: str | None = None, *, newest: bool = False) -> int:
    """The id of the first row of a list (``LookupError`` when the list is empty)."""
    rows = queries.fetch(
        db, a_directeur(db), kind, ListFilter(status=status), limit=1, descending=newest
    )
    if not rows:
        raise LookupError(f"geen {kind} om te tonen")
    return int(rows[0].id)


def awarded_for_talk(ctx: UiContext) -> int:
    """An award whose progress talk is overdue, else any awarded aanvraag."""
    overdue = voortgang.overdue_gesprekken(ctx.db, ctx.actor, ctx.today())
    if overdue:
        return overdue[0].aanvraag_id
    return first_id(ctx.db, "aanvraag", Status.TOEGEKEND.value)


def waiting_for_decision(ctx: UiContext) -> int:
    """An aanvraag waiting for the programmadirecteur's decision."""
    return first_id(ctx.db, "aanvraag", Status.TER_BESLUITVORMING.value)


def an_issued_award(ctx: UiContext) -> tuple[int, int]:
    """(aanvraag id, besluit id) of an award in force, one whose beschikking has been issued
    first (only those can be revised; the dialog looks the same for the others)."""
    found: list[tuple[bool, int, int]] = []
    for row in queries.fetch(
        ctx.db, ctx.actor, "aanvraag", ListFilter(status=Status.TOEGEKEND.value)
    ):
        detail = aanvragen.get_aanvraag(ctx.db, ctx.actor, int(row.id))
        found += [(b.uitgegeven, int(row.id), b.id) for b in detail.besluiten if b.in_force]
        if found and found[-1][0]:
            break
    if not found:
        raise LookupError("geen toekenning om te herzien")
    _issued, aanvraag_id, besluit_id = max(found, key=lambda f: f[0])
    return aanvraag_id, besluit_id


def revision(ctx: UiContext, parent: QWidget | None) -> QWidget:
    """The besluit dialog as a herziening of an issued award."""
    aanvraag_id, besluit_id = an_issued_award(ctx)
    return BesluitDialog(ctx, aanvraag_id, parent, besluit_id=besluit_id)


def a_budget_note(ctx: UiContext) -> int:
    """A 'bestuur informeren' note (an open one first). The demo has none until the
    programmadirecteur awards its open application past the budget (the demo's story), so on a
    database without notes she does that here, with a reason, as she would in the besluit dialog."""
    notes = sorted(budget.budget_notes(ctx.db, ctx.actor), key=lambda n: not n.is_open)
    if notes:
        return notes[0].id
    note_id = award_past_the_budget(ctx)
    if note_id is None:
        raise LookupError("geen melding aan het bestuur")
    return note_id


def award_past_the_budget(ctx: UiContext) -> int | None:
    """Award an application waiting for a decision that takes its year past the budget, with a
    reason; the id of the note it adds (``None`` when no waiting application would do that)."""
    with ctx.db.read() as session:
        waiting = session.execute(
            select(Aanvraag.id, Aanvraag.schooljaar_id, Aanvraag.aangevraagd_cents, Aanvraag.versie)
            .where(Aanvraag.status == Status.TER_BESLUITVORMING)
            .order_by(Aanvraag.id)
        ).all()
    for row in waiting:
        overview = budget.budget_overview(ctx.db, row.schooljaar_id)
        if overview.awarded_cents + row.aangevraagd_cents <= overview.budget_cents:
            continue
        result = besluiten.decide(
            ctx.db,
            ctx.actor,
            row.id,
            uitkomst=Uitkomst.TOEGEKEND,
            bedrag_cents=row.aangevraagd_cents,
            motivering="De aanvraag voldoet aan de voorwaarden van de regeling.",
            overschrijding_reden=(
                "De leerling kan met deze ondersteuning op de eigen school blijven; het bestuur "
                "wordt gevraagd het budget voor dit schooljaar aan te vullen."
            ),
            versie=row.versie,
        )
        return result.budget_notitie_id
    return None


def a_vso_deployment(ctx: UiContext) -> int:
    """A deployment of VSO expertise the signed-in contactpersoon recorded."""
    rows = vso_expertise.list_inzet(ctx.db, ctx.actor)
    if not rows:
        raise LookupError("geen inzet van VSO-expertise")
    return rows[0].id


def awards_in_scope(ctx: UiContext) -> set[int]:
    """The ids of the awarded aanvragen the signed-in user may see."""
    rows = queries.fetch(ctx.db, ctx.actor, "aanvraag", ListFilter(status=Status.TOEGEKEND.value))
    return {int(row.id) for row in rows}


def _stroom(ctx: UiContext, ids: list[int]) -> Geldstroom:
    """The money of the first of ``ids`` (else of any award the user may see)."""
    if not ids:
        ids = sorted(awards_in_scope(ctx))
    if not ids:
        raise LookupError("geen toekenning om te tonen")
    stroom = overzicht.geldstroom(ctx.db, ctx.actor, ids[0])
    if stroom is None:
        raise LookupError("geen toekenning om te tonen")
    return stroom


def _geld(ctx: UiContext, settled: bool) -> Geldstroom:
    """The money of an award the user may see: settled (or checked and ready to settle) when
    the database holds one, else of any award."""
    mine = awards_in_scope(ctx)
    with ctx.db.read() as session:
        done = set(session.scalars(select(Vaststelling.aanvraag_id)))
        checked = session.scalars(
            select(Verantwoording.aanvraag_id)
            .where(Verantwoording.gecontroleerd_op.is_not(None))
            .order_by(Verantwoording.id)
        )
        ids = [i for i in checked if i in mine and (i in done) == settled]
    return _stroom(ctx, ids)


def account_to_record(ctx: UiContext) -> Geldstroom:
    """The money of one of the contactpersoon's awards whose account has not come in yet (the
    one due first), else one whose account is not yet checked."""
    mine = awards_in_scope(ctx)
    with ctx.db.read() as session:
        rows = session.execute(
            select(Verantwoording.aanvraag_id, Verantwoording.gecontroleerd_op)
        ).all()
    checked = {row.aanvraag_id: row.gecontroleerd_op is not None for row in rows}
    ids = sorted(i for i in mine if i not in checked)
    ids += sorted(i for i in mine if checked.get(i) is False)
    return _stroom(ctx, ids)


def geld_tab(ctx: UiContext, parent: QWidget | None) -> QWidget:
    """The aanvraag form on its Geld tab, for a settled award."""
    dialog = openers.build("aanvraag", _geld(ctx, True).aanvraag_id, parent, ctx)
    dialog.tabs.setCurrentWidget(dialog.geld)  # type: ignore[attr-defined]
    return dialog


def form(kind: str, pick: Callable[[UiContext], int | None]) -> Builder:
    """A builder opening ``kind``'s form on the record ``pick`` chooses (``None``: new)."""
    return lambda ctx, parent: openers.build(kind, pick(ctx), parent, ctx)


def dialog_shots() -> list[Shot]:
    """Every form and dialog, with a record (and the empty form where people add one)."""
    pd, cp, sec = Rol.PROGRAMMADIRECTEUR, Rol.CONTACTPERSOON, Rol.SECRETARIAAT
    return [
        Shot("formulier-aanvraag", pd, form("aanvraag", waiting_for_decision)),
        Shot("nieuw-aanvraag", cp, form("aanvraag", lambda _c: None)),
        Shot("formulier-besluit", pd, form("besluit", waiting_for_decision)),
        Shot("formulier-herziening", pd, revision),
        Shot("formulier-voortgang", cp, form("voortgang", awarded_for_talk)),
        Shot("formulier-leerling", cp, form("leerling", lambda c: first_id(c.db, "leerling"))),
        Shot("nieuw-leerling", cp, form("leerling", lambda _c: None)),
        Shot("formulier-opp", cp, form("opp", lambda c: first_id(c.db, "leerling"))),
        Shot("formulier-school", sec, form("school", lambda c: first_id(c.db, "school"))),
        Shot("nieuw-school", sec, form("school", lambda _c: None)),
        Shot("formulier-bestuur", sec, form("bestuur", lambda c: first_id(c.db, "bestuur"))),
        Shot("nieuw-bestuur", sec, form("bestuur", lambda _c: None)),
        Shot(
            "formulier-beschikking",
            sec,
            form("beschikking", lambda c: first_id(c.db, "beschikking")),
        ),
        Shot("bestuur-informeren", pd, form("budget_notitie", a_budget_note)),
        Shot(
            "budget-overschrijding",
            pd,
            lambda _c, parent: OverschrijdingDialog(
                parent, besluiten.BudgetOverschrijding("2021-2022", 15_000_000, 15_640_000)
            ),
        ),
        Shot("gesprek-vastleggen", cp, lambda c, parent: DiscussionPrompt(parent, c.today)),
        Shot("aanvraag-intrekken", cp, lambda _c, parent: WithdrawPrompt(parent, "2021-001")),
        Shot("formulier-vso-inzet", cp, form("vso_inzet", a_vso_deployment)),
        Shot("nieuw-vso-inzet", cp, form("vso_inzet", lambda _c: None)),
        Shot("duo-import", sec, lambda c, parent: DuoImportDialog(c, parent)),
        Shot("over-dit-programma", pd, lambda c, parent: AboutDialog(c, parent)),
        Shot("aanvraag-geld", pd, geld_tab),
        Shot(
            "verantwoording-vastleggen",
            cp,
            lambda c, parent: VerantwoordingDialog(c, account_to_record(c), parent),
        ),
        Shot("vaststellen", pd, lambda c, parent: VaststellingDialog(c, _geld(c, False), parent)),
    ]
