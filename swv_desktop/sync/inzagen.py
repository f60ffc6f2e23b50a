"""A team laptop's access log goes to the server: what its user viewed, exported or printed on
the replica (``services/toegangslog``) is sent with every sync round and then removed from the
laptop, so the server's log (and the AVG copy made from it) holds every view in the team.

- Laptop: ``te_versturen`` reads the replica's own log rows of its user (a failed sign-in on the
  laptop names an account that may not be hers; it stays on the laptop; a row a local command
  wrote, such as a print, reaches the server with the command); after the server's answer
  ``vergeten`` removes exactly those rows.
- Server: ``ontvangen`` writes them as the session's user (never a user named in the payload),
  with the pupil's number read from the server's own row, and only for pupils that user may
  see; a row already there (a resend after a lost answer) is not written twice.
"""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from typing import Any

from sqlalchemy import Select
from sqlalchemy import column
from sqlalchemy import delete
from sqlalchemy import select
from sqlalchemy import table

from swv_desktop.db import Database
from swv_desktop.errors import KnownError
from swv_desktop.models import Leerling
from swv_desktop.models import Toegang
from swv_desktop.models import ToegangActie
from swv_desktop.services import scope
from swv_desktop.services import toegangslog
from swv_desktop.services.common import Actor

MAX_REGELS = 1000
"""Rows per request."""
NIET_DOORGESTUURD = frozenset({ToegangActie.AANMELDEN_MISLUKT})
BY_COMMANDS: Select[Any] = (
    select(column("rij_id"))
    .select_from(table("sync_laptop_undo"))
    .where(column("tabel") == "toegangslog")
)
"""Rows a local command wrote (a print): the server writes its own when it replays the command,
and the next pull takes the laptop's away."""


def te_versturen(db: Database, actor: Actor) -> list[tuple[int, dict[str, Any]]]:
    """The replica's log rows of ``actor`` still to send (oldest first): each row's local id, and
    the row as the server takes it."""
    with db.read() as session:
        rows = session.scalars(
            select(Toegang)
            .where(
                Toegang.gebruiker_id == actor.id,
                Toegang.actie.not_in(NIET_DOORGESTUURD),
                Toegang.id.not_in(BY_COMMANDS),
            )
            .order_by(Toegang.id)
            .limit(MAX_REGELS)
        ).all()
        return [
            (
                r.id,
                {
                    "op": r.op.astimezone(UTC).isoformat(),
                    "actie": r.actie.value,
                    "objectsoort": r.objectsoort,
                    "object_id": r.object_id,
                    "leerling_id": r.leerling_id,
                    "omschrijving": r.omschrijving,
                },
            )
            for r in rows
        ]


def vergeten(db: Database, ids: list[int]) -> None:
    """Remove the rows the server has taken (by id, in one transaction)."""
    if ids:
        with db.transaction() as session:
            session.execute(delete(Toegang).where(Toegang.id.in_(ids)))


def _moment(value: object) -> datetime:
    if not isinstance(value, str):
        raise KnownError("Een regel van het toegangslogboek heeft geen tijdstip.")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise KnownError("Een regel van het toegangslogboek heeft een ongeldig tijdstip.") from exc
    if moment.tzinfo is None:
        raise KnownError("Een regel van het toegangslogboek heeft een tijdstip zonder tijdzone.")
    return moment


def _optional_id(value: object) -> int | None:
    if value is None:
        return None
    if type(value) is not int:
        raise KnownError("Een regel van het toegangslogboek heeft een ongeldig nummer.")
    return value


def ontvangen(db: Database, actor: Actor, regels: object) -> dict[str, int]:
    """Write a laptop's log rows as ``actor`` (the session's user); the counts written, already
    there, and left out (a pupil outside her scope). One transaction: all or nothing."""
    if not isinstance(regels, list) or len(regels) > MAX_REGELS:
        raise KnownError(f"Stuur een lijst van hoogstens {MAX_REGELS} regels.")
    parsed = []
    for regel in regels:
        if not isinstance(regel, dict):
            raise KnownError("Een regel van het toegangslogboek is ongeldig.")
        try:
            actie = ToegangActie(str(regel.get("actie")))
        except ValueError as exc:
            raise KnownError(
                "Een regel van het toegangslogboek heeft een onbekende handeling."
            ) from exc
        if actie in NIET_DOORGESTUURD:
            raise KnownError("Een mislukte aanmelding op een laptop wordt niet doorgestuurd.")
        parsed.append(
            (
                _moment(regel.get("op")),
                actie,
                str(regel.get("objectsoort") or "")[:40],
                _optional_id(regel.get("object_id")),
                _optional_id(regel.get("leerling_id")),
                str(regel.get("omschrijving") or "")[:200],
            )
        )
    counts = {"geschreven": 0, "al_aanwezig": 0, "buiten_bereik": 0}
    with db.transaction() as session:
        user = scope.verify(session, actor)  # an active account, still in this role
        allowed = scope.rows(actor, "leerling")
        for op, actie, soort, object_id, leerling_id, omschrijving in parsed:
            nummer = None
            if leerling_id is not None:
                nummer = session.scalar(
                    select(Leerling.leerlingnummer).where(Leerling.id == leerling_id, allowed)
                )
                if nummer is None:
                    counts["buiten_bereik"] += 1
                    continue
            same = session.scalar(
                select(Toegang.id).where(
                    Toegang.gebruiker_id == user.id,
                    Toegang.op == op,
                    Toegang.actie == actie,
                    Toegang.objectsoort == soort,
                    Toegang.object_id.is_(None)
                    if object_id is None
                    else Toegang.object_id == object_id,
                )
            )
            if same is not None:
                counts["al_aanwezig"] += 1
                continue
            toegangslog.vastleggen(
                session,
                actor,
                actie,
                now=op,
                objectsoort=soort,
                object_id=object_id,
                leerling=None if nummer is None or leerling_id is None else (leerling_id, nummer),
                omschrijving=omschrijving + " (op een teamlaptop)",
            )
            counts["geschreven"] += 1
    return counts
