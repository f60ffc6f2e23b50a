"""The "Niet verwerkt" list and its actions: resend a refused change on the current version.

``not_processed`` lists the refused commands (reason, when, her values and the server's);
``discard`` drops one. ``resend`` is the other way out: after seeing both versions the
user keeps hers; the change runs again through the service on the replica, now based on the
version the replica holds (checked locally at once), as a new command, and leaves the list.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from dataclasses import is_dataclass
from dataclasses import replace
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import text

from swv_desktop.db import Database
from swv_desktop.errors import KnownError
from swv_desktop.services import commands
from swv_desktop.sync import replica

if TYPE_CHECKING:
    from swv_desktop.sync.client import Laptop


@dataclass(frozen=True)
class NotProcessed:
    """A refused command as its author sees it: what, why, when, her values and the server's."""

    uuid: str
    naam: str
    melding: str
    aangemaakt_op: str
    beantwoord_op: str
    mijn_gegevens: dict[str, Any]
    server_versie: dict[str, Any]
    basis_versie: int | None


def not_processed(db: Database) -> list[NotProcessed]:
    """Every refused command not yet discarded or resent, oldest first."""
    with db.read() as session:
        rows = session.execute(
            text(
                "SELECT uuid, naam, melding, aangemaakt_op, beantwoord_op, gegevens, "
                "server_versie, basis_versie FROM sync_laptop_opdracht WHERE status = :s "
                "ORDER BY volgnummer"
            ),
            {"s": replica.REFUSED},
        ).all()
    return [
        NotProcessed(
            r.uuid,
            r.naam,
            r.melding,
            r.aangemaakt_op,
            r.beantwoord_op or "",
            json.loads(r.gegevens),
            json.loads(r.server_versie or "{}"),
            r.basis_versie,
        )
        for r in rows
    ]


def discard(db: Database, uuid: str) -> None:
    """Drop a refused command from the list (its change stays undone)."""
    with db.transaction() as session:
        session.execute(
            text("DELETE FROM sync_laptop_opdracht WHERE uuid = :u AND status = :s"),
            {"u": uuid, "s": replica.REFUSED},
        )


def resend(laptop: Laptop, uuid: str) -> Any:
    """Send a refused command again, now based on the version the replica holds (the user has
    seen both versions and keeps hers): it runs through the service on the replica again (a new
    command, checked locally at once) and leaves the "Niet verwerkt" list."""
    db = laptop.db
    with db.read() as session:
        row = session.execute(
            text(
                "SELECT naam, gegevens, entiteit, rij_id FROM sync_laptop_opdracht "
                "WHERE uuid = :u AND status = :s"
            ),
            {"u": uuid, "s": replica.REFUSED},
        ).first()
        if row is None:
            raise KnownError("Deze wijziging staat niet (meer) in de lijst Niet verwerkt.")
        name, payload, entity, record = row.naam, row.gegevens, row.entiteit, row.rij_id
        current = None
        if entity and record is not None:
            current = session.execute(
                text(f"SELECT versie FROM {entity} WHERE id = :id"), {"id": record}
            ).scalar()
    spec = commands.get(name)
    arguments = spec.decode(json.loads(payload))
    if current is not None:
        for key, value in list(arguments.items()):
            if is_dataclass(value) and hasattr(value, "versie"):
                arguments[key] = replace(value, versie=int(current))  # type: ignore[type-var]
        if "versie" in arguments:
            arguments["versie"] = int(current)
    if "vorige_versie" in arguments:  # a new OPP version: on top of the newest the replica holds
        with db.read() as session:
            arguments["vorige_versie"] = int(
                session.execute(
                    text("SELECT COALESCE(MAX(versie), 0) FROM opp WHERE leerling_id = :id"),
                    {"id": arguments["leerling_id"]},
                ).scalar_one()
            )
    assert db.hooks is not None
    result = db.hooks.run_command(spec, db, laptop.actor, arguments)
    discard(db, uuid)
    return result
