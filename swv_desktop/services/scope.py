"""Need-to-know: the one place that says who may see and do what.

Three layers, all here:

- **The pass.** An ``Actor`` is valid only with the seal that sign-in gave it (``issue``, called
  by ``auth.actor_for`` after a password check); a caller that builds ``Actor(...)`` itself has
  no seal and is refused. ``verify`` also reloads the account, so a deactivated user (or one whose
  role changed) is refused at her next call.
- **Rights per role** (``Recht``, ``RECHTEN``): what each role may do at all.
- **Rows per actor** (``rows(actor, table)``): SQLAlchemy filters that say which rows of each
  table an actor may see. The services' checks for one record (``require_leerling`` ...), the
  window's lists and a sync pull all use the same filters, so they cannot drift apart.

Who sees what:

| rol | ziet |
| --- | --- |
| contactpersoon | de scholen die aan haar zijn toegewezen, met hun leerlingen, OPP's, aanvragen, besluiten, brieven, gesprekken, het geld na de toekenning en het VSO-register |
| programmadirecteur | alles |
| secretariaat | scholen, besturen, beschikkingen en vaststellingen (met initialen, nooit namen), verzenddata, betalingen en terugbetalingen; geen leerlingen of OPP's |
| beheerder | gebruikers, instellingen, schooljaren, brieventeksten, reservekopieën, scholen en besturen; geen leerlinggegevens |
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from typing import Any

from sqlalchemy import ColumnElement, Select, false, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session

from swv_desktop.db import Database
from swv_desktop.errors import NotFound, PermissionDenied
from swv_desktop.models import (
    Aanvraag,
    AanvraagVoorwaarde,
    Beschikking,
    Besluit,
    Betaling,
    Gebruiker,
    Groepsplan,
    GroepsplanLeerling,
    Kostenregel,
    Leerling,
    LeerlingUitkomst,
    Opp,
    Rol,
    School,
    StatusWijziging,
    Terugbetaling,
    Vaststelling,
    Verantwoording,
    Voortgangsgesprek,
    VsoInzet,
)
from swv_desktop.services.common import Actor

Column = ColumnElement[int] | InstrumentedAttribute[int]
"""An id column, as a model attribute or a SQL expression."""

# --- the pass --------------------------------------------------------------------------------


@functools.cache
def _process_secret() -> bytes:
    """The key that seals actors in this process (made on first sign-in, never stored)."""
    return secrets.token_bytes(32)


def _seal_for(user_id: int, gebruikersnaam: str, rol: Rol) -> bytes:
    message = f"{user_id}\x00{gebruikersnaam}\x00{rol.value}".encode()
    return hmac.new(_process_secret(), message, hashlib.sha256).digest()


def issue(user: Gebruiker) -> Actor:
    """The sealed ``Actor`` of an account; only sign-in (``auth``, ``toegang``) calls this."""
    return Actor(
        id=user.id,
        gebruikersnaam=user.gebruikersnaam,
        naam=user.volledige_naam,
        rol=user.rol,
        seal=_seal_for(user.id, user.gebruikersnaam, user.rol),
    )


NOT_SIGNED_IN = (
    "U bent niet aangemeld (of uw aanmelding is verlopen). Meld u opnieuw aan; er is niets "
    "gewijzigd."
)


def sealed(actor: object) -> bool:
    """True when ``actor`` is an ``Actor`` that sign-in issued in this process."""
    if not isinstance(actor, Actor) or not isinstance(actor.seal, bytes) or not actor.seal:
        return False
    if type(actor.id) is not int or not isinstance(actor.rol, Rol):
        return False
    expected = _seal_for(actor.id, actor.gebruikersnaam, actor.rol)
    return hmac.compare_digest(expected, actor.seal)


def require_sealed(actor: object) -> Actor:
    """Refuse an actor that sign-in did not issue (``PermissionDenied``, Dutch)."""
    if not sealed(actor):
        raise PermissionDenied(NOT_SIGNED_IN)
    assert isinstance(actor, Actor)
    return actor


def verify(session: Session, actor: object) -> Gebruiker:
    """The account behind a sealed ``actor``, still active and still in the same role."""
    checked = require_sealed(actor)
    user = session.get(Gebruiker, checked.id)
    if user is None or user.gebruikersnaam != checked.gebruikersnaam:
        raise PermissionDenied(NOT_SIGNED_IN)
    if not user.actief:
        raise PermissionDenied(
            "Uw account is uitgeschakeld; u kunt niet verder werken. Er is niets gewijzigd. "
            "Vraag de beheerder om uw account weer in te schakelen."
        )
    if user.rol is not checked.rol:
        raise PermissionDenied(
            f"Uw rol is intussen gewijzigd in {user.rol.label.lower()}. Meld u opnieuw aan; er "
            "is niets gewijzigd."
        )
    return user


# --- rights per role -------------------------------------------------------------------------


class Recht(Enum):
    """What a role may do at all; the record filters below narrow it to rows."""

    LEERLINGEN_ZIEN = "leerlingen en OPP's bekijken"
    LEERLINGEN_INVOEREN = "leerlingen en OPP's vastleggen"
    AANVRAGEN_ZIEN = "aanvragen bekijken"
    AANVRAGEN_INVOEREN = "aanvragen vastleggen en indienen"
    GESPREK_VASTLEGGEN = "het gesprek met de school vastleggen"
    UITKOMST_VASTLEGGEN = "de uitkomst van een leerling vastleggen"
    INTREKKEN = "aanvragen intrekken"
    BESLUITEN = "besluiten over aanvragen"
    TERUGSTUREN = "aanvragen terugsturen naar de contactpersoon"
    BRIEVEN_ZIEN = "beschikkingen bekijken"
    BRIEVEN_UITGEVEN = "beschikkingen uitgeven"
    BRIEVEN_VERZENDEN = "beschikkingen afdrukken en als verzonden markeren"
    BRIEVENTEKSTEN = "brieventeksten beheren"
    GELD_INZIEN = "betalingen, verantwoordingen en vaststellingen inzien"
    GELD_OVERZICHT = "het geld van een schooljaar (betaald, verantwoord, vastgesteld) bekijken"
    BETALINGEN = "betalingen, terugbetalingen en verzending van vaststellingsbrieven vastleggen"
    VERANTWOORDEN = "verantwoordingen van scholen vastleggen"
    VASTSTELLEN = "toekenningen vaststellen en vaststellingsbrieven uitgeven"
    VSO_REGISTER = "het VSO-expertiseregister bijhouden en inzien"
    BUDGET_ZIEN = "het budget bekijken"
    BESTUUR_INFORMEREN = "vastleggen dat het bestuur is geïnformeerd"
    RAPPORTEN = "evaluaties en rapportages maken"
    SCHOLEN_ZIEN = "scholen en besturen bekijken"
    SCHOLEN_BEHEREN = "scholen en besturen bijhouden"
    GEBRUIKERS = "gebruikers beheren"
    INSTELLINGEN = "de instellingen beheren"
    SCHOOLJAREN = "schooljaren beheren"
    RESERVEKOPIEEN = "reservekopieën beheren"
    TOEGANGSLOG = "het toegangslogboek bekijken"
    AVG_KOPIE = "een AVG-inzage maken"
    OVERZICHT = "het overzicht bekijken"
    CONCLUSIES_ZIEN = "de conclusies van de evaluatie lezen"
    BEWAARTERMIJNEN = "de bewaartermijnen toepassen"
    VERWIJDERREGISTER = "het verwijderregister bekijken"
    IMPORTEREN = "een bestaande database naar de server overzetten"
    APPARATEN = "de laptops van gebruikers bekijken en intrekken"


_CP, _PD, _SEC, _BEH = Rol.CONTACTPERSOON, Rol.PROGRAMMADIRECTEUR, Rol.SECRETARIAAT, Rol.BEHEERDER

RECHTEN: dict[Recht, frozenset[Rol]] = {
    Recht.LEERLINGEN_ZIEN: frozenset({_CP, _PD}),
    Recht.LEERLINGEN_INVOEREN: frozenset({_CP}),
    Recht.AANVRAGEN_ZIEN: frozenset({_CP, _PD}),
    Recht.AANVRAGEN_INVOEREN: frozenset({_CP}),
    Recht.GESPREK_VASTLEGGEN: frozenset({_CP}),
    Recht.UITKOMST_VASTLEGGEN: frozenset({_CP, _PD}),
    Recht.INTREKKEN: frozenset({_CP, _PD}),
    Recht.BESLUITEN: frozenset({_PD}),
    Recht.TERUGSTUREN: frozenset({_PD}),
    Recht.BRIEVEN_ZIEN: frozenset({_CP, _PD, _SEC}),
    Recht.BRIEVEN_UITGEVEN: frozenset({_PD}),
    Recht.BRIEVEN_VERZENDEN: frozenset({_SEC, _PD}),
    Recht.BRIEVENTEKSTEN: frozenset({_BEH}),
    Recht.GELD_INZIEN: frozenset({_CP, _PD, _SEC}),
    Recht.GELD_OVERZICHT: frozenset({_PD, _SEC}),
    Recht.BETALINGEN: frozenset({_SEC, _PD}),
    Recht.VERANTWOORDEN: frozenset({_CP, _PD}),
    Recht.VASTSTELLEN: frozenset({_PD}),
    Recht.VSO_REGISTER: frozenset({_CP, _PD}),
    Recht.BUDGET_ZIEN: frozenset({_PD, _CP}),
    Recht.BESTUUR_INFORMEREN: frozenset({_PD}),
    Recht.RAPPORTEN: frozenset({_PD}),
    Recht.SCHOLEN_ZIEN: frozenset({_CP, _PD, _SEC, _BEH}),
    Recht.SCHOLEN_BEHEREN: frozenset({_SEC, _BEH}),
    Recht.GEBRUIKERS: frozenset({_BEH}),
    Recht.INSTELLINGEN: frozenset({_BEH}),
    Recht.SCHOOLJAREN: frozenset({_BEH, _PD}),
    Recht.RESERVEKOPIEEN: frozenset({_BEH}),
    Recht.TOEGANGSLOG: frozenset({_BEH, _PD}),
    Recht.AVG_KOPIE: frozenset({_PD, _CP}),
    Recht.OVERZICHT: frozenset({_CP, _PD, _SEC, _BEH}),
    Recht.CONCLUSIES_ZIEN: frozenset({_CP, _PD, _SEC, _BEH}),
    # anyone signed in: it applies the beheerder's terms, offers no choice and shows no record
    # (the window runs it daily for whoever is signed in; the register names that account)
    Recht.BEWAARTERMIJNEN: frozenset({_CP, _PD, _SEC, _BEH}),
    Recht.VERWIJDERREGISTER: frozenset({_BEH, _PD}),
    # everything of a standalone file, pupils included, onto the server: the two roles that
    # answer for the whole database
    Recht.IMPORTEREN: frozenset({_BEH, _PD}),
    Recht.APPARATEN: frozenset({_BEH}),
}
"""Role x right. The route runs through the contactpersoon: only she records applications and
the talk with her school; the programmadirecteur decides."""


def may(actor: Actor, recht: Recht) -> bool:
    """Whether ``actor``'s role has ``recht`` (no database: for menus and buttons)."""
    return sealed(actor) and actor.rol in RECHTEN[recht]


def require(actor: object, recht: Recht) -> Actor:
    """Refuse (``PermissionDenied``, Dutch) unless ``actor`` is sealed and has ``recht``."""
    checked = require_sealed(actor)
    allowed = RECHTEN[recht]
    if checked.rol not in allowed:
        names = " of ".join(sorted(r.label.lower() for r in allowed))
        raise PermissionDenied(
            f"U mag niet {recht.value}: dat is voorbehouden aan de {names}. "
            f"U bent aangemeld als {checked.rol.label.lower()}."
        )
    return checked


def check(session: Session, actor: object, recht: Recht) -> Gebruiker:
    """``require`` plus ``verify``: the full check at the start of a service call."""
    require(actor, recht)
    return verify(session, actor)


def active(db: Database, actor: object, recht: Recht) -> Actor:
    """``check`` in a short read of its own, for a service call that does not open its session
    at once (files, keys, backups): refused before anything is done."""
    checked = require(actor, recht)
    with db.read() as session:
        verify(session, checked)
    return checked


@contextmanager
def transaction(db: Database, actor: object, recht: Recht) -> Iterator[Session]:
    """The opening of a use case that writes (or logs a view): ``require`` before the write
    transaction begins, ``check`` as its first step, then the session for the rest."""
    require(actor, recht)
    with db.transaction() as session:
        check(session, actor, recht)
        yield session


@contextmanager
def read(db: Database, actor: object, recht: Recht) -> Iterator[Session]:
    """The same for a use case that only reads: ``require``, then ``check`` in ``db.read()``."""
    require(actor, recht)
    with db.read() as session:
        check(session, actor, recht)
        yield session


# --- rows per actor --------------------------------------------------------------------------


def my_school_ids(actor: Actor) -> Select[Any]:
    """The ids of the schools assigned to a contactpersoon (as a subquery)."""
    return select(School.id).where(School.contactpersoon_id == actor.id)


def _sees_all(actor: Actor, *roles: Rol) -> bool:
    return sealed(actor) and actor.rol in roles


def school_rows(actor: Actor) -> ColumnElement[bool]:
    """Schools: every role sees the schools and boards (no pupil data); a contactpersoon's work
    lists narrow to her own through the pupil and application filters."""
    return true() if sealed(actor) else false()


def _pupil_data(actor: Actor, school_id: Column) -> ColumnElement[bool]:
    if _sees_all(actor, _PD):
        return true()
    if _sees_all(actor, _CP):
        return school_id.in_(my_school_ids(actor))
    return false()


def leerling_rows(actor: Actor) -> ColumnElement[bool]:
    """Pupils (and, through them, OPPs and outcomes)."""
    return _pupil_data(actor, Leerling.school_id)


def aanvraag_rows(actor: Actor) -> ColumnElement[bool]:
    """Applications, their conditions, history, group plans, decisions and talks."""
    return _pupil_data(actor, Aanvraag.school_id)


def _aanvraag_in(actor: Actor, column: Column) -> ColumnElement[bool]:
    if _sees_all(actor, _PD):
        return true()
    if _sees_all(actor, _CP):
        return column.in_(select(Aanvraag.id).where(aanvraag_rows(actor)))
    return false()


def _leerling_in(actor: Actor, column: Column) -> ColumnElement[bool]:
    if _sees_all(actor, _PD):
        return true()
    if _sees_all(actor, _CP):
        return column.in_(select(Leerling.id).where(leerling_rows(actor)))
    return false()


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
    if _sees_all(actor, _PD):
        return true()
    if _sees_all(actor, _CP):
        return VsoInzet.school_id.in_(my_school_ids(actor))
    return false()


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


__all__ = [
    "NOT_SIGNED_IN",
    "RECHTEN",
    "ROW_RULES",
    "Recht",
    "aanvraag_rows",
    "active",
    "audit_rows",
    "beschikking_rows",
    "besluit_rows",
    "check",
    "issue",
    "leerling_rows",
    "may",
    "my_school_ids",
    "read",
    "require",
    "require_aanvraag",
    "require_beschikking",
    "require_besluit",
    "require_geld",
    "require_leerling",
    "require_school",
    "require_sealed",
    "require_vaststelling",
    "require_vso_inzet",
    "require_vso_school",
    "rows",
    "school_rows",
    "sealed",
    "transaction",
    "verify",
    "vso_inzet_rows",
]
