"""The retention of the team server's own bookkeeping (``models.sync``), applied by the purge
in its transaction (``models.organisatie.SYNC_BEWAARTERMIJN_DEFAULTS`` gives the terms and the
reasons). On a laptop's or a standalone file these tables stay empty and nothing happens.

- ``sync_opdracht``: after ``sync_antwoord_dagen`` the stored answer loses its content (an
  accepted one keeps only "accepted", a refused one a Dutch sentence that the reason is no longer
  kept); after ``sync_opdracht_dagen`` the row goes. Within that term a resent command still gets
  its stored answer and is never applied twice.
- ``sync_sessie``: ``sync_sessie_dagen`` after expiry.
- ``sync_apparaat``: a revoked laptop ``sync_apparaat_ingetrokken_dagen`` after the revocation
  (with the sessions that still name it).
- ``sync_id_blok``: the blocks of a deactivated account ``sync_id_blok_dagen`` after they were
  handed out.

Tombstones (``sync_wijziging``) are kept: a laptop that was away learns from them what is gone.
"""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta

from sqlalchemy import Select
from sqlalchemy import delete
from sqlalchemy import func
from sqlalchemy import literal
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from swv_desktop.models import Gebruiker
from swv_desktop.models.organisatie import SYNC_BEWAARTERMIJN_DEFAULTS as TERMEN
from swv_desktop.models.sync import SyncApparaat
from swv_desktop.models.sync import SyncIdBlok
from swv_desktop.models.sync import SyncOpdracht
from swv_desktop.models.sync import SyncSessie

INGEKORT = '"ingekort": true'
"""In an answer whose content went after its term (so it is not shortened twice)."""
GEWIST_MELDING = (
    "De server had deze wijziging eerder geweigerd; de reden wordt na "
    f"{TERMEN['sync_antwoord_dagen']} dagen niet meer bewaard. Leg de wijziging zo nodig opnieuw "
    "vast."
)
LABELS = {
    "sync_opdracht_antwoord": "antwoorden op opdrachten ingekort",
    "sync_opdracht": "opdrachten van laptops verwijderd",
    "sync_sessie": "verlopen aanmeldingen bij de server verwijderd",
    "sync_apparaat": "ingetrokken laptops verwijderd",
    "sync_id_blok": "nummerblokken van uitgeschakelde accounts verwijderd",
}
"""What each count means, in Dutch (the purge's result lines)."""


def _before(now: datetime, key: str) -> datetime:
    return now - timedelta(days=TERMEN[key])


def _conditions(now: datetime) -> dict[str, ColumnElement[bool]]:
    answered = SyncOpdracht.ontvangen_op < _before(now, "sync_antwoord_dagen")
    shortened = SyncOpdracht.antwoord.contains(INGEKORT) | (SyncOpdracht.antwoord == "")
    revoked = SyncApparaat.ingetrokken_op < _before(now, "sync_apparaat_ingetrokken_dagen")
    inactive = select(Gebruiker.id).where(Gebruiker.actief.is_(False))
    return {
        "sync_opdracht_antwoord": answered & ~shortened,
        "sync_opdracht": SyncOpdracht.ontvangen_op < _before(now, "sync_opdracht_dagen"),
        "sync_sessie": SyncSessie.verloopt_op < _before(now, "sync_sessie_dagen"),
        "sync_apparaat": revoked,
        "sync_id_blok": (SyncIdBlok.uitgegeven_op < _before(now, "sync_id_blok_dagen"))
        & SyncIdBlok.gebruiker_id.in_(inactive),
    }


def _count(session: Session, query: Select[int]) -> int:
    return int(session.scalar(query) or 0)


def te_verwijderen(session: Session, now: datetime) -> dict[str, int]:
    """What the terms would remove on ``now`` (the purge's trial run), per kind."""
    where = _conditions(now)
    tables = {
        "sync_opdracht_antwoord": SyncOpdracht,
        "sync_opdracht": SyncOpdracht,
        "sync_sessie": SyncSessie,
        "sync_apparaat": SyncApparaat,
        "sync_id_blok": SyncIdBlok,
    }
    counts = {
        k: _count(session, select(func.count()).select_from(t).where(where[k]))
        for k, t in tables.items()
    }
    return {k: n for k, n in counts.items() if n}


def opruimen(session: Session, now: datetime) -> dict[str, int]:
    """Apply the terms in the caller's transaction; how many rows each step touched."""
    where = _conditions(now)
    done: dict[str, int] = {}
    refused = literal('{"uuid": "') + SyncOpdracht.uuid + literal('", "geaccepteerd": false, ')
    refused = refused + literal(f'"melding": "{GEWIST_MELDING}", {INGEKORT}}}')
    shortened = 0
    for accepted, answer in ((True, literal("")), (False, refused)):
        result = session.execute(
            update(SyncOpdracht)
            .where(where["sync_opdracht_antwoord"], SyncOpdracht.geaccepteerd.is_(accepted))
            .values(antwoord=answer)
            .execution_options(synchronize_session=False)
        )
        shortened += int(result.rowcount or 0)  # type: ignore[attr-defined]
    done["sync_opdracht_antwoord"] = shortened
    done["sync_opdracht"] = _delete(session, SyncOpdracht, where["sync_opdracht"])
    devices = select(SyncApparaat.id).where(where["sync_apparaat"])
    session.execute(
        delete(SyncSessie)
        .where(SyncSessie.apparaat_id.in_(devices))
        .execution_options(synchronize_session=False)
    )
    done["sync_sessie"] = _delete(session, SyncSessie, where["sync_sessie"])
    done["sync_apparaat"] = _delete(session, SyncApparaat, where["sync_apparaat"])
    done["sync_id_blok"] = _delete(session, SyncIdBlok, where["sync_id_blok"])
    return {k: n for k, n in done.items() if n}


def _delete(session: Session, model: type, condition: ColumnElement[bool]) -> int:
    result = session.execute(
        delete(model).where(condition).execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
