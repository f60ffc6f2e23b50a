"""Rights per role (``Recht``, ``RECHTEN``): what each role may do at all, and the checks at the
start of a service call (``require``, ``check``, ``active``, ``transaction``, ``read``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum

from sqlalchemy.orm import Session

from swv_desktop.db import Database
from swv_desktop.errors import PermissionDenied
from swv_desktop.models import Gebruiker
from swv_desktop.models import Rol
from swv_desktop.services.common import Actor
from swv_desktop.services.scope.pas import require_sealed
from swv_desktop.services.scope.pas import sealed
from swv_desktop.services.scope.pas import verify


class Recht(Enum):
    """What a role may do at all; the record filters (``rijen``) narrow it to rows."""

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
