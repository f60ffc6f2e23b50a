"""The "Niet verwerkt" list's actions: resend a refused change on the current version.

``client.not_processed`` lists the refused commands (reason, when, her values and the server's);
``client.discard`` drops one. ``resend`` is the other way out: after seeing both versions the
user keeps hers; the change runs again through the service on the replica, now based on the
version the replica holds (checked locally at once), as a new command, and leaves the list.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import text

from swv_desktop.errors import KnownError
from swv_desktop.services import commands
from swv_desktop.sync import replica
from swv_desktop.sync.client import Laptop, discard


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
        name, payload, entity, record = row
        current = None
        if entity and record is not None:
            current = session.execute(
                text(f"SELECT versie FROM {entity} WHERE id = :id"), {"id": record}
            ).scalar()
    spec = commands.get(name)
    arguments = spec.decode(json.loads(payload))
    if current is not None:
        for value in arguments.values():
            if hasattr(value, "versie") and not isinstance(value, int):
                value.versie = int(current)
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
