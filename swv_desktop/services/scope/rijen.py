"""Rows per actor (``rows(actor, table)``): SQLAlchemy filters that say which rows of each table
an actor may see, and the checks for one record (``require_leerling`` ...) built on them. The
window's lists, a sync pull and the services' checks all use the same filters, so they cannot
drift apart."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy import Select
from sqlalchemy import false
from sqlalchemy import select
from sqlalchemy import true
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.orm import Session

from swv_desktop.errors import NotFound
from swv_desktop.errors import PermissionDenied
from swv_desktop.models import Aanvraag
from swv_desktop.models import AanvraagVoorwaarde
from swv_desktop.models import Beschikking
from swv_desktop.models import Besluit
from swv_desktop.models import Betaling
from swv_desktop.models import Groepsplan
from swv_desktop.models import GroepsplanLeerling
from swv_desktop.models import Kostenregel
from swv_desktop.models import Leerling
from swv_desktop.models import LeerlingUitkomst
from swv_desktop.models import Opp
from swv_desktop.models import Rol
from swv_desktop.models import School
from swv_desktop.models import StatusWijziging
from swv_desktop.models import Terugbetaling
from swv_desktop.models import Vaststelling
from swv_desktop.models import Verantwoording
from swv_desktop.models import Voortgangsgesprek
from swv_desktop.models import VsoInzet
from swv_desktop.services.common import Actor
from swv_desktop.services.scope.pas import sealed
from swv_desktop.services.scope.rechten import _BEH
from swv_desktop.services.scope.rechten import _CP
from swv_desktop.services.scope.rechten import _PD
from swv_desktop.services.scope.rechten import _SEC

Column = ColumnElement[int] | InstrumentedAttribute[int]
"""An id column, as a model attribute or a SQL expression."""


def my_school_ids(actor: Actor) -> Select[Any]:
    """The ids of the schools assigned to a contactpersoon (as a subquery)."""
    return select(School.id).where(School.contactpersoon_id == actor.id)


def _sees_all(actor: Actor, *roles: Rol) -> bool:
    return sealed(actor) and actor.rol in roles


def school_rows(actor: Actor) -> ColumnElement[bool]:
    """Schools: every role sees the schools and boards (no pupil data); a contactpersoon's work
    lists narrow to her own through the pupil and application filters."""
    return true() if sealed(actor) else false()


def _cp_narrowed(
    actor: Actor, column: Column, ids: Callable[[Actor], Select[Any]]
) -> ColumnElement[bool]:
    """Every row for the programmadirecteur; for a contactpersoon the rows whose ``column`` is
    among ``ids(actor)``; none for the other roles."""
    if _sees_all(actor, _PD):
        return true()
    if _sees_all(actor, _CP):
        return column.in_(ids(actor))
    return false()


def _pupil_data(actor: Actor, school_id: Column) -> ColumnElement[bool]:
    return _cp_narrowed(actor, school_id, my_school_ids)


def leerling_rows(actor: Actor) -> ColumnElement[bool]:
    """Pupils (and, through them, OPPs and outcomes)."""
    return _pupil_data(actor, Leerling.school_id)


def aanvraag_rows(actor: Actor) -> ColumnElement[bool]:
    """Applications, their conditions, history, group plans, decisions and talks."""
    return _pupil_data(actor, Aanvraag.school_id)


def _aanvraag_in(actor: Actor, column: Column) -> ColumnElement[bool]:
    return _cp_narrowed(actor, column, lambda a: select(Aanvraag.id).where(aanvraag_rows(a)))


def _leerling_in(actor: Actor, column: Column) -> ColumnElement[bool]:
    return _cp_narrowed(actor, column, lambda a: select(Leerling.id).where(leerling_rows(a)))


def besluit_rows(actor: Actor) -> ColumnElement[bool]:
    """Decisions: the secretariaat sees them as far as its letters need (amount, period)."""
    if _sees_all(actor, _PD, _SEC):
        return true()
    return _aanvraag_in(actor, Besluit.aanvraag_id)


def beschikking_rows(actor: Actor) -> ColumnElement[bool]:
    """Letters: programmadirecteur and secretariaat all; a contactpersoon those of her schools."""
    if _sees_all(actor, _PD, _SEC):
        return true()
    if _sees_all(actor, _CP):
        return Beschikking.besluit_id.in_(select(Besluit.id).where(besluit_rows(actor)))
    return false()


def _geld_in(actor: Actor, column: Column) -> ColumnElement[bool]:
    """Money after an award (payments, accounts, settlements): the programmadirecteur and the
    secretariaat (who records payments) all; a contactpersoon those of her schools."""
    if _sees_all(actor, _PD, _SEC):
        return true()
    return _aanvraag_in(actor, column)


def vso_inzet_rows(actor: Actor) -> ColumnElement[bool]:
    """The VSO expertise register: the programmadirecteur all, a contactpersoon her schools'
    (it holds no pupil data; the other roles do not keep it)."""
    return _cp_narrowed(actor, VsoInzet.school_id, my_school_ids)


def _groepsplan_in(actor: Actor, column: Column) -> ColumnElement[bool]:
    if _sees_all(actor, _PD):
        return true()
    return column.in_(select(Groepsplan.id).where(_aanvraag_in(actor, Groepsplan.aanvraag_id)))


def _everyone(actor: Actor) -> ColumnElement[bool]:
    return true() if sealed(actor) else false()


def _beheer(actor: Actor) -> ColumnElement[bool]:
    return true() if _sees_all(actor, _BEH, _PD) else false()


def _nobody(_actor: Actor) -> ColumnElement[bool]:
    return false()


ROW_RULES: dict[str, Callable[[Actor], ColumnElement[bool]]] = {
    "leerling": leerling_rows,
    "opp": lambda a: _leerling_in(a, Opp.leerling_id),
    "leerling_uitkomst": lambda a: _leerling_in(a, LeerlingUitkomst.leerling_id),
    "aanvraag": aanvraag_rows,
    "aanvraag_voorwaarde": lambda a: _aanvraag_in(a, AanvraagVoorwaarde.aanvraag_id),
    "status_wijziging": lambda a: _aanvraag_in(a, StatusWijziging.aanvraag_id),
    "groepsplan": lambda a: _aanvraag_in(a, Groepsplan.aanvraag_id),
    "groepsplan_leerling": lambda a: _groepsplan_in(a, GroepsplanLeerling.groepsplan_id),
    "kostenregel": lambda a: _groepsplan_in(a, Kostenregel.groepsplan_id),
    "besluit": besluit_rows,
    "beschikking": beschikking_rows,
    "voortgangsgesprek": lambda a: _aanvraag_in(a, Voortgangsgesprek.aanvraag_id),
    "budget_notitie": lambda a: true() if _sees_all(a, _PD) else false(),
    "betaling": lambda a: _geld_in(a, Betaling.aanvraag_id),
    "verantwoording": lambda a: _geld_in(a, Verantwoording.aanvraag_id),
    "vaststelling": lambda a: _geld_in(a, Vaststelling.aanvraag_id),
    "terugbetaling": lambda a: (
        true()
        if _sees_all(a, _PD, _SEC)
        else Terugbetaling.vaststelling_id.in_(
            select(Vaststelling.id).where(_geld_in(a, Vaststelling.aanvraag_id))
        )
    ),
    "vso_inzet": vso_inzet_rows,
    "school": school_rows,
    "schoolbestuur": school_rows,
    "schooljaar": _everyone,
    "organisatie": _everyone,
    "brieftekst": _everyone,
    "gebruiker": _everyone,
    "evaluatietekst": lambda a: true() if _sees_all(a, _PD) else false(),
    "evaluatie_antwoord": lambda a: true() if _sees_all(a, _PD) else false(),
    "audit_entry": _nobody,
    # the access log: read through ``services/toegangslog`` (beheer and directie), never pulled
    "toegangslog": _nobody,
    # the deletion register holds no personal data; read by beheer and directie (its service)
    "verwijderregister": lambda a: true() if _sees_all(a, _BEH, _PD) else false(),
    "alembic_version": _nobody,
    # the team server's own bookkeeping (``models/sync.py``): read only by ``swv_desktop.sync``
    # on the server (sessions, replayed commands, id blocks, change numbers), never pulled
    "sync_sessie": _nobody,
    "sync_opdracht": _nobody,
    "sync_id_blok": _nobody,
    "sync_wijziging": _nobody,
    # the laptops per user: listed and revoked by the beheerder through ``services/apparaten``
    "sync_apparaat": _nobody,
}
"""Per table: which rows an actor may see. A table without a rule is seen by nobody (a test
checks that every table of the models has one). ``audit_entry`` and the access log are read only
through their own services, never pulled."""


def rows(actor: Actor, table: str) -> ColumnElement[bool]:
    """The filter for ``table``'s rows that ``actor`` may see (deny when unknown or unsealed)."""
    if not sealed(actor):
        return false()
    rule = ROW_RULES.get(table, _nobody)
    return rule(actor)


# --- one record ------------------------------------------------------------------------------

_HIDDEN = "{wat} met nummer {ident} hoort niet bij uw scholen; u kunt die niet inzien of wijzigen."


def _require_row(
    session: Session,
    actor: Actor,
    column: Column,
    table: str,
    ident: int,
    wat: str,
    rule: ColumnElement[bool] | None = None,
) -> None:
    if type(ident) is not int:
        raise NotFound(f"{wat} bestaat niet.")
    allowed = rows(actor, table) if rule is None else rule
    found = session.scalar(select(column).where(column == ident, allowed))
    if found is None:
        if session.scalar(select(column).where(column == ident)) is None:
            raise NotFound(f"{wat} met nummer {ident} bestaat niet (meer).")
        raise PermissionDenied(_HIDDEN.format(wat=wat, ident=ident))


def require_leerling(session: Session, actor: Actor, leerling_id: int) -> None:
    """Refuse unless ``actor`` may see pupil ``leerling_id`` (``PermissionDenied`` / ``NotFound``)."""
    _require_row(session, actor, Leerling.id, "leerling", leerling_id, "Leerling")


def require_aanvraag(session: Session, actor: Actor, aanvraag_id: int) -> None:
    """Refuse unless ``actor`` may see application ``aanvraag_id``."""
    _require_row(session, actor, Aanvraag.id, "aanvraag", aanvraag_id, "Aanvraag")


def require_besluit(session: Session, actor: Actor, besluit_id: int) -> None:
    """Refuse unless ``actor`` may see decision ``besluit_id``."""
    _require_row(session, actor, Besluit.id, "besluit", besluit_id, "Besluit")


def require_beschikking(session: Session, actor: Actor, beschikking_id: int) -> None:
    """Refuse unless ``actor`` may see letter ``beschikking_id``."""
    _require_row(session, actor, Beschikking.id, "beschikking", beschikking_id, "Beschikking")


def require_school(session: Session, actor: Actor, school_id: int, *, werk: bool = False) -> None:
    """Refuse unless ``actor`` may see school ``school_id``; with ``werk`` (recording pupils or
    applications there) a contactpersoon must be the school's own contactpersoon."""
    _require_row(session, actor, School.id, "school", school_id, "School")
    if werk and actor.rol is _CP:
        mine = session.scalar(
            select(School.id).where(School.id == school_id, School.contactpersoon_id == actor.id)
        )
        if mine is None:
            raise PermissionDenied(
                f"School met nummer {school_id} is niet aan u toegewezen; u kunt daar geen "
                "leerlingen of aanvragen vastleggen."
            )


def require_geld(session: Session, actor: Actor, aanvraag_id: int) -> None:
    """Refuse unless ``actor`` may see the money of application ``aanvraag_id`` (its payments,
    account and settlement): programmadirecteur and secretariaat all, a contactpersoon her own."""
    rule = _geld_in(actor, Aanvraag.id) if sealed(actor) else false()
    _require_row(session, actor, Aanvraag.id, "aanvraag", aanvraag_id, "Aanvraag", rule)


def require_vaststelling(session: Session, actor: Actor, vaststelling_id: int) -> None:
    """Refuse unless ``actor`` may see settlement ``vaststelling_id`` and its letter."""
    _require_row(session, actor, Vaststelling.id, "vaststelling", vaststelling_id, "Vaststelling")


def require_vso_school(session: Session, actor: Actor, school_id: int) -> None:
    """Refuse unless ``actor`` may record or see VSO expertise at school ``school_id``: a
    contactpersoon only at her own schools."""
    if actor.rol is _CP:
        school = session.get(School, school_id) if type(school_id) is int else None
        if school is None:
            raise NotFound(f"School met nummer {school_id} bestaat niet (meer).")
        if school.contactpersoon_id != actor.id:
            raise PermissionDenied(
                f"U mag alleen inzet vastleggen voor uw eigen scholen; {school.naam} hoort bij "
                "een andere contactpersoon."
            )


def require_vso_inzet(session: Session, actor: Actor, inzet_id: int) -> None:
    """Refuse unless ``actor`` may see or change VSO register entry ``inzet_id``."""
    _require_row(session, actor, VsoInzet.id, "vso_inzet", inzet_id, "Inzet van VSO-expertise")


def audit_rows(actor: Actor) -> ColumnElement[bool]:
    """The audit trail and access log are read by beheerder and programmadirecteur only."""
    return _beheer(actor) if sealed(actor) else false()
