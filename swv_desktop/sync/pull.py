"""The pull: what changed since a laptop's cursor, within its user's scope (``bereik``), from
one consistent snapshot (REPEATABLE READ). A changed row the user may not see (any more) is sent
as a removal, so a pupil who moved to another school leaves the replica; when the scope itself
changed (another set of schools) the whole scope is sent again (``volledig``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from swv_desktop.db import Database
from swv_desktop.models.sync import SyncWijziging
from swv_desktop.services.common import Actor
from swv_desktop.sync import bereik
from swv_desktop.sync.protocol import encode_row, encode_value, synced_tables


def pull(db: Database, actor: Actor, cursor: int, scope: str | None) -> dict[str, Any]:
    """What changed since ``cursor`` within the actor's scope; everything in scope when the
    cursor is 0 or the scope changed (``volledig``). One consistent snapshot."""
    with db.read() as session:
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        key = bereik.scope_key(session, actor)
        top = int(session.scalar(select(func.coalesce(func.max(SyncWijziging.nummer), 0))) or 0)
        full = cursor <= 0 or scope != key
        rows: dict[str, list[dict[str, Any]]] = {}
        gone: dict[str, list[int]] = {}
        changed: dict[str, set[int]] = {}
        if not full:
            for name, rij_id in session.execute(
                select(SyncWijziging.tabel, SyncWijziging.rij_id).where(
                    SyncWijziging.nummer > cursor
                )
            ):
                changed.setdefault(name, set()).add(int(rij_id))
        for tab in synced_tables():
            query = bereik.visible(actor, tab)
            wanted = changed.get(tab.name, set())
            if not full and not wanted:
                continue
            found: list[dict[str, Any]] = []
            if query is not None:
                if full:
                    result = session.execute(query.order_by(tab.c.id)).mappings().all()
                else:
                    result = []
                    ordered = sorted(wanted)
                    for i in range(0, len(ordered), 1000):
                        result += (
                            session.execute(query.where(tab.c.id.in_(ordered[i : i + 1000])))
                            .mappings()
                            .all()
                        )
                found = [encode_row(tab, bereik.mask(actor, tab.name, dict(r))) for r in result]
            if found:
                rows[tab.name] = found
            if not full:
                missing = wanted - {int(r["id"]) for r in found}
                if missing:
                    gone[tab.name] = sorted(missing)
        return {
            "cursor": top,
            "volledig": full,
            "scope": key,
            "rijen": rows,
            "weg": gone,
            "server_tijd": encode_value(db.clock()),
        }
