"""The pull: what changed since a laptop's cursor, within its user's scope (``bereik``), from
one consistent snapshot (REPEATABLE READ). A changed row the user may not see (any more) is sent
as a removal, so a pupil who moved to another school leaves the replica; when the scope itself
changed (another set of schools) the whole scope is sent again (``volledig``).

A table's rows travel as ``{"kolommen": [names], "waarden": [[values], ...]}``: the names once,
read as Core tuples and converted per column (``protocol.encode_rows``), masked per table."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, func, select

from swv_desktop.db import Database
from swv_desktop.models.sync import SyncWijziging
from swv_desktop.services.common import Actor
from swv_desktop.sync import bereik
from swv_desktop.sync.protocol import encode_rows, encode_value, synced_tables


def pull(db: Database, actor: Actor, cursor: int, scope: str | None) -> dict[str, Any]:
    """What changed since ``cursor`` within the actor's scope; everything in scope when the
    cursor is 0 or the scope changed (``volledig``). One consistent snapshot."""
    with db.read() as session:
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        key = bereik.scope_key(session, actor)
        top = int(session.scalar(select(func.coalesce(func.max(SyncWijziging.nummer), 0))) or 0)
        full = cursor <= 0 or scope != key
        rows: dict[str, dict[str, Any]] = {}
        gone: dict[str, list[int]] = {}
        changed: dict[str, set[int]] = {}
        if not full:
            for name, rij_id in session.execute(
                select(SyncWijziging.tabel, SyncWijziging.rij_id).where(
                    SyncWijziging.nummer > cursor
                )
            ):
                changed.setdefault(name, set()).add(int(rij_id))
        conn = session.connection()  # Core rows (tuples), not through the ORM
        for tab in synced_tables():
            query = bereik.visible(actor, tab)
            wanted = changed.get(tab.name, set())
            if not full and not wanted:
                continue
            found: list[Any] = []
            if query is not None:
                if full:
                    found = list(conn.execute(query.order_by(tab.c.id)).all())
                else:
                    ordered = sorted(wanted)
                    for i in range(0, len(ordered), 1000):
                        found += conn.execute(
                            query.where(tab.c.id.in_(ordered[i : i + 1000]))
                        ).all()
            if found:
                rows[tab.name] = _wire(actor, tab, found)
            if not full:
                missing = wanted - {int(r.id) for r in found}
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


def _wire(actor: Actor, tab: Table, found: list[Any]) -> dict[str, Any]:
    """A table's rows as sent: the column names once, then each row as a list, masked as the
    actor's replica may hold it (``bereik.masker``, decided once for the table)."""
    names = [c.name for c in tab.columns]
    masking = bereik.masker(actor, tab.name)
    if masking is not None:
        found = [tuple(masking(dict(zip(names, r, strict=True))).values()) for r in found]
    return {"kolommen": names, "waarden": encode_rows(tab, found)}
