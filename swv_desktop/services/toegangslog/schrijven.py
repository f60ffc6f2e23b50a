"""Writing the access log: ``vastleggen`` (one row in the caller's write transaction) and the
helpers that name what was seen (a pupil, an application, a letter, a list, a sign-in). See
``services/toegangslog/__init__.py`` for the design."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from datetime import timedelta

from sqlalchemy import Select
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from swv_desktop.db import Database
from swv_desktop.models import Aanvraag
from swv_desktop.models import Beschikking
from swv_desktop.models import Besluit
from swv_desktop.models import Gebruiker
from swv_desktop.models import Leerling
from swv_desktop.models import Toegang
from swv_desktop.models import ToegangActie
from swv_desktop.models import Vaststelling
from swv_desktop.services import scope
from swv_desktop.services.common import Actor

AUDIT_INZAGEN = frozenset(
    {"bekeken", "geldstroom bekeken", "geëxporteerd", "afgedrukt", "AVG-kopie gemaakt"}
)
"""The audit actions that were views before the access log (migration 0015 copied them here;
they stay in the chain, and the AVG copy's list of changes leaves them out)."""
LIJST_OPNIEUW_NA = timedelta(minutes=5)
"""The same list seen again by the same person within this time is not logged again."""

Pupil = tuple[int, str] | None
"""A pupil's id and leerlingnummer, when a row concerns one pupil."""


def vastleggen(
    session: Session,
    actor: Actor,
    actie: ToegangActie,
    *,
    now: datetime,
    objectsoort: str = "",
    object_id: int | None = None,
    leerling: Pupil = None,
    omschrijving: str = "",
) -> None:
    """Add one access-log row to the caller's write transaction."""
    session.add(
        Toegang(
            op=now,
            gebruiker_id=actor.id or None,
            gebruikersnaam=actor.gebruikersnaam[:80],
            rol=actor.rol.value,
            actie=actie,
            objectsoort=objectsoort,
            object_id=object_id,
            leerling_id=None if leerling is None else leerling[0],
            leerlingnummer=None if leerling is None else leerling[1],
            omschrijving=omschrijving[:200],
        )
    )


def pupil(session: Session, leerling_id: int | None) -> Pupil:
    """The id and number of pupil ``leerling_id`` (``None`` when there is none)."""
    if leerling_id is None:
        return None
    nummer = session.scalar(select(Leerling.leerlingnummer).where(Leerling.id == leerling_id))
    return None if nummer is None else (leerling_id, nummer)


def leerling_bekeken(
    session: Session,
    actor: Actor,
    leerling_id: int,
    *,
    now: datetime,
    actie: ToegangActie = ToegangActie.LEERLING_BEKEKEN,
    wat: str = "Leerling",
) -> None:
    """Log a view of pupil ``leerling_id`` (or, with ``actie``, its export or AVG copy)."""
    found = pupil(session, leerling_id)
    _record_bekeken(
        session,
        actor,
        actie,
        (found[1] if found else None, found),
        now=now,
        objectsoort="leerling",
        object_id=leerling_id,
        wat=wat,
    )


def _naam_en_pupil(session: Session, query: Select[str, int | None]) -> tuple[str | None, Pupil]:
    """A record's number or kenmerk and its pupil, from ``query`` that selects them as ``naam``
    and ``leerling_id``; ``(None, None)`` when the record is gone."""
    row = session.execute(query).first()
    return (None, None) if row is None else (row.naam, pupil(session, row.leerling_id))


def _record_bekeken(
    session: Session,
    actor: Actor,
    actie: ToegangActie,
    gevonden: tuple[str | None, Pupil],
    *,
    now: datetime,
    objectsoort: str,
    object_id: int,
    wat: str,
) -> None:
    """Log a view of one record; ``gevonden`` is its number or kenmerk and its pupil; the
    description is ``wat`` with that number."""
    naam, leerling = gevonden
    vastleggen(
        session,
        actor,
        actie,
        now=now,
        objectsoort=objectsoort,
        object_id=object_id,
        leerling=leerling,
        omschrijving=f"{wat} {naam}" if naam else wat,
    )


def aanvraag_bekeken(
    session: Session, actor: Actor, aanvraag_id: int, *, now: datetime, geld: bool = False
) -> None:
    """Log a view of application ``aanvraag_id`` (``geld``: of its money after the award)."""
    _record_bekeken(
        session,
        actor,
        ToegangActie.GELD_BEKEKEN if geld else ToegangActie.AANVRAAG_BEKEKEN,
        _naam_en_pupil(
            session,
            select(Aanvraag.nummer.label("naam"), Aanvraag.leerling_id).where(
                Aanvraag.id == aanvraag_id
            ),
        ),
        now=now,
        objectsoort="aanvraag",
        object_id=aanvraag_id,
        wat="Aanvraag",
    )


def beschikking_bekeken(
    session: Session,
    actor: Actor,
    beschikking_id: int,
    *,
    now: datetime,
    actie: ToegangActie = ToegangActie.BESCHIKKING_BEKEKEN,
    wat: str = "Beschikking",
) -> None:
    """Log that letter ``beschikking_id`` was viewed (or, with ``actie``, printed or exported)."""
    _record_bekeken(
        session,
        actor,
        actie,
        _naam_en_pupil(
            session,
            select(Beschikking.kenmerk.label("naam"), Aanvraag.leerling_id)
            .join(Besluit, Besluit.id == Beschikking.besluit_id)
            .join(Aanvraag, Aanvraag.id == Besluit.aanvraag_id)
            .where(Beschikking.id == beschikking_id),
        ),
        now=now,
        objectsoort="beschikking",
        object_id=beschikking_id,
        wat=wat,
    )


def vaststelling_bekeken(
    session: Session, actor: Actor, vaststelling_id: int, *, now: datetime, wat: str
) -> None:
    """Log that the settlement letter of ``vaststelling_id`` was viewed (``wat``: which form)."""
    _record_bekeken(
        session,
        actor,
        ToegangActie.BESCHIKKING_BEKEKEN,
        _naam_en_pupil(
            session,
            select(Vaststelling.kenmerk.label("naam"), Aanvraag.leerling_id)
            .join(Aanvraag, Aanvraag.id == Vaststelling.aanvraag_id)
            .where(Vaststelling.id == vaststelling_id),
        ),
        now=now,
        objectsoort="vaststelling",
        object_id=vaststelling_id,
        wat=wat,
    )


LIJSTEN = {
    "leerling": "Leerlingen",
    "aanvraag": "Aanvragen",
    "beschikking": "Beschikkingen",
    "gesprek": "Voortgangsgesprekken",
    "verantwoording": "Verantwoordingen",
    "vso_inzet": "VSO-expertise",
}
"""The lists that hold pupil data or letters (schools and boards are not logged)."""


def lijst_bekeken(
    db: Database, actor: Actor, kind: str, *, gefilterd: bool, eerste_pagina: bool = True
) -> None:
    """Log that ``actor`` saw the first page of list ``kind`` (whether filtered, never the
    search text: it may hold a name); in a short transaction of its own, once per
    ``LIJST_OPNIEUW_NA`` for the same list. Other pages and lists without pupil data: nothing."""
    if kind not in LIJSTEN or not eerste_pagina:
        scope.require_sealed(actor)
        return
    _apart_vastleggen(
        db,
        actor,
        ToegangActie.LIJST_BEKEKEN,
        objectsoort=f"lijst_{kind}",
        omschrijving=f"Lijst {LIJSTEN[kind].lower()}" + (", gefilterd" if gefilterd else ""),
        niet_opnieuw_binnen=LIJST_OPNIEUW_NA,
    )


def export_gemaakt(db: Database, actor: Actor, *, objectsoort: str, omschrijving: str) -> None:
    """Log that ``actor`` exported ``objectsoort`` (a list or a report, to Excel or PDF), in a
    short transaction of its own; the caller checked her right to it."""
    _apart_vastleggen(
        db, actor, ToegangActie.EXPORT, objectsoort=objectsoort, omschrijving=omschrijving
    )


def _apart_vastleggen(
    db: Database,
    actor: Actor,
    actie: ToegangActie,
    *,
    objectsoort: str = "",
    omschrijving: str = "",
    niet_opnieuw_binnen: timedelta | None = None,
) -> None:
    """Verify ``actor`` and add one access-log row in a short transaction of its own; with
    ``niet_opnieuw_binnen``, not when she had the same row logged within that time."""
    scope.require_sealed(actor)
    now = db.clock()
    with db.transaction() as session:
        scope.verify(session, actor)
        if niet_opnieuw_binnen is not None:
            recent = session.scalar(
                select(Toegang.id)
                .where(
                    Toegang.op >= now - niet_opnieuw_binnen,
                    Toegang.gebruiker_id == actor.id,
                    Toegang.actie == actie,
                    Toegang.objectsoort == objectsoort,
                    Toegang.omschrijving == omschrijving,
                )
                .limit(1)
            )
            if recent is not None:
                return
        vastleggen(
            session, actor, actie, now=now, objectsoort=objectsoort, omschrijving=omschrijving
        )


def _account(session: Session, naam: str) -> Gebruiker | None:
    wanted = naam.strip().lower()[:200]
    if not wanted:
        return None
    return session.scalars(
        select(Gebruiker).where(func.lower(Gebruiker.gebruikersnaam) == wanted)
    ).first()


def aanmelding_mislukt(session: Session, geprobeerd: str, *, now: datetime) -> None:
    """Log a failed sign-in with the account name that was tried (never the password)."""
    user = _account(session, geprobeerd)
    session.add(
        Toegang(
            op=now,
            gebruiker_id=None if user is None else user.id,
            gebruikersnaam=geprobeerd.strip()[:80],
            rol="",
            actie=ToegangActie.AANMELDEN_MISLUKT,
            omschrijving="Onjuiste gebruikersnaam of wachtwoord",
        )
    )


def aanmeldingen_bijwerken(
    db: Database,
    aangemeld: Actor | None,
    *,
    mislukt: Sequence[tuple[str, datetime]] = (),
    waar: str = "",
) -> None:
    """Log a sign-in (``aangemeld``, the actor sign-in just issued; ``None`` for failures only)
    and failed attempts (name tried, when) in one transaction of their own. ``waar``: how or
    where (``Met het wachtwoord``, ``Bij de teamserver``). An actor sign-in did not issue is not logged."""
    if aangemeld is not None and not scope.sealed(aangemeld):
        aangemeld = None
    if aangemeld is None and not mislukt:
        return
    now = db.clock()
    with db.transaction() as session:
        for naam, op in mislukt:
            aanmelding_mislukt(session, naam, now=op)
        if aangemeld is not None:
            vastleggen(
                session,
                aangemeld,
                ToegangActie.AANMELDEN,
                now=now,
                omschrijving=waar,
            )


def afmelding(db: Database, actor: Actor, *, waar: str = "") -> None:
    """Log that ``actor`` signed out (or closed the window)."""
    _apart_vastleggen(db, actor, ToegangActie.AFMELDEN, omschrijving=waar)
