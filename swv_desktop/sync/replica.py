"""The laptop's replica: a normal swv-desktop SQLite file (encrypted as the standalone one) with
only what its user may see, an outbox of commands and an undo log.

- A command run on the replica (``ReplicaHooks.run_command``) runs the same service locally, so
  the user gets the same Dutch feedback at once; in that same local transaction its command is
  written to the outbox (``sync_laptop_opdracht``) with the ids it gave new rows, and triggers
  write the before-image of every row it touched to the undo log (``sync_laptop_undo``).
- Before a pull is applied every local command's effect is undone (newest first): the replica is
  then exactly the server's state as of the last pull; the pull is applied on top; the commands
  still waiting are run again. So a command the server refused leaves no phantom row, and one it
  accepted comes back as the server wrote it.
- Commands that need the whole budget or a shared sequence (``online_only``) never run locally:
  with a connection they are sent at once, without one they are refused with a Dutch message.
- An issued letter arrives without its PDF bytes; the first time it is opened its bytes are
  fetched from the server and kept (``ReplicaHooks.fetch_letter``, ``sync.brieven``).
"""

from __future__ import annotations

import contextvars
import json
import threading
import uuid as uuidlib
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from sqlalchemy import Table
from sqlalchemy import delete
from sqlalchemy import text
from sqlalchemy.orm import Session

from swv_desktop.db import Database
from swv_desktop.errors import KnownError
from swv_desktop.models import Rol
from swv_desktop.services import commands
from swv_desktop.services.common import Actor
from swv_desktop.sync import ids
from swv_desktop.sync import opbouw
from swv_desktop.sync import rijen
from swv_desktop.sync import stroom
from swv_desktop.sync.protocol import synced_tables

LOCAL_TABLES = """
CREATE TABLE IF NOT EXISTS sync_laptop_staat (sleutel TEXT PRIMARY KEY, waarde TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sync_laptop_opdracht (
  volgnummer INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL UNIQUE, naam TEXT NOT NULL,
  gegevens TEXT NOT NULL, ids TEXT NOT NULL, basis_versie INTEGER, entiteit TEXT, rij_id INTEGER,
  aangemaakt_op TEXT NOT NULL, status TEXT NOT NULL, lokaal_toegepast INTEGER NOT NULL DEFAULT 1,
  melding TEXT NOT NULL DEFAULT '', server_versie TEXT NOT NULL DEFAULT '', beantwoord_op TEXT);
CREATE TABLE IF NOT EXISTS sync_laptop_undo (
  volgnummer INTEGER PRIMARY KEY AUTOINCREMENT, opdracht TEXT NOT NULL, tabel TEXT NOT NULL,
  soort TEXT NOT NULL, rij_id INTEGER NOT NULL, oud TEXT);
CREATE TABLE IF NOT EXISTS sync_laptop_ctl (id INTEGER PRIMARY KEY CHECK (id = 1), opdracht TEXT);
INSERT OR IGNORE INTO sync_laptop_ctl VALUES (1, NULL);
CREATE TABLE IF NOT EXISTS sync_laptop_blok (
  tabel TEXT PRIMARY KEY, volgende INTEGER NOT NULL, laatste INTEGER NOT NULL);
"""
WAITING, ACCEPTED, REFUSED = "wacht", "geaccepteerd", "geweigerd"
APPLY_LOCK = threading.RLock()
"""Held by a local command and by applying a pull with its re-apply: the window's thread and the
background sync never interleave them (a command between the pull and the re-apply would run on
the server's state without the changes that still wait)."""
_CTL = "(SELECT opdracht FROM sync_laptop_ctl WHERE id = 1)"


class OnlineOnly(KnownError):
    """The action needs the server (whole budget, shared numbering) and there is no connection."""


def _image(tab: Table, row: str) -> str:
    parts = []
    for c in tab.columns:
        value = f"hex({row}.{c.name})" if rijen.is_bytes(tab, c.name) else f"{row}.{c.name}"
        parts.append(f"'{c.name}', {value}")
    return f"json_object({', '.join(parts)})"


def prepare(db: Database) -> None:
    """Create the replica's own tables and the undo triggers (idempotent)."""
    with db.engine.begin() as conn:
        for statement in LOCAL_TABLES.split(";"):
            if statement.strip():
                conn.exec_driver_sql(statement)
        for tab in rijen.undo_tables():
            t = tab.name
            record = f"INSERT INTO sync_laptop_undo (opdracht, tabel, soort, rij_id, oud) VALUES ({_CTL}, '{t}'"
            conn.exec_driver_sql(
                f"CREATE TRIGGER IF NOT EXISTS sync_undo_i_{t} AFTER INSERT ON {t} "
                f"WHEN {_CTL} IS NOT NULL BEGIN {record}, 'I', NEW.id, NULL); END"
            )
            conn.exec_driver_sql(
                f"CREATE TRIGGER IF NOT EXISTS sync_undo_u_{t} AFTER UPDATE ON {t} "
                f"WHEN {_CTL} IS NOT NULL BEGIN {record}, 'U', OLD.id, {_image(tab, 'OLD')}); END"
            )
            conn.exec_driver_sql(
                f"CREATE TRIGGER IF NOT EXISTS sync_undo_d_{t} AFTER DELETE ON {t} "
                f"WHEN {_CTL} IS NOT NULL BEGIN {record}, 'D', OLD.id, {_image(tab, 'OLD')}); END"
            )


def get_state(db: Database, key: str, default: str = "") -> str:
    with db.read() as session:
        value = session.execute(
            text("SELECT waarde FROM sync_laptop_staat WHERE sleutel = :k"), {"k": key}
        ).scalar()
    return default if value is None else str(value)


def set_state(session: Session, values: dict[str, str]) -> None:
    for key, value in values.items():
        session.execute(
            text("INSERT OR REPLACE INTO sync_laptop_staat (sleutel, waarde) VALUES (:k, :v)"),
            {"k": key, "v": value},
        )


def stored_actor(db: Database) -> Actor | None:
    """The user this replica belongs to (from its last sign-in at the server)."""
    raw = get_state(db, "gebruiker")
    if not raw:
        return None
    data = json.loads(raw)
    return Actor(data["id"], data["gebruikersnaam"], data["naam"], Rol(data["rol"]))


@dataclass
class _Local:
    uuid: str
    spec: commands.Command
    arguments: dict[str, Any]
    source: ids.IdSource
    now: str
    reapply: bool = False
    blocks: dict[str, list[int]] = field(default_factory=dict)
    recorded: bool = False


_CURRENT: contextvars.ContextVar[_Local | None] = contextvars.ContextVar(
    "swv_replica_command", default=None
)


class ReplicaHooks:
    """Set as ``Database.hooks`` on a replica: commands run locally and are queued; a letter's
    bytes the replica does not hold yet are fetched from the server (``bevriezen.LetterSource``)."""

    def __init__(
        self,
        send_now: Callable[[commands.Command, Actor, dict[str, Any]], Any] | None,
        fetch: Callable[[Session | None, str, Any, str], bytes] | None = None,
    ):
        self.send_now = send_now
        """Sends an online-only command to the server (``None``: no connection)."""
        self.fetch = fetch
        """Fetches an issued letter's bytes from the server and keeps them (``None``: offline)."""

    def fetch_letter(self, session: Session | None, entiteit: str, letter: Any, wat: str) -> bytes:
        """The frozen bytes of an issued letter this replica does not hold yet: from the server
        (then kept here), or a Dutch refusal without a connection."""
        if self.fetch is None:
            raise OnlineOnly(
                f"{wat} {letter.kenmerk} is nog niet van de server naar deze laptop gehaald; dat "
                "kan alleen met verbinding met de server. De gegevens van de brief staan wel op "
                "deze laptop; probeer het opnieuw als u weer verbonden bent."
            )
        return self.fetch(session, entiteit, letter, wat)

    def run_command(
        self, command: commands.Command, db: Database, actor: Any, arguments: dict[str, Any]
    ) -> Any:
        if command.online_only:
            if self.send_now is None:
                raise OnlineOnly(
                    "Dit kan alleen met verbinding met de server (het hele budget en de "
                    "doorlopende nummering staan daar). Er is niets opgeslagen; probeer het "
                    "opnieuw als u weer verbonden bent."
                )
            return self.send_now(command, actor, arguments)
        local = _Local(
            str(uuidlib.uuid4()),
            command,
            arguments,
            ids.IdSource(lambda _t: None),
            db.clock().isoformat(),
        )
        with APPLY_LOCK:
            return _run(db, actor, local)

    def began(self, session: Session) -> None:
        local = _CURRENT.get()
        if local is None:
            return
        if not local.reapply:
            local.blocks = {
                row.tabel: [int(row.volgende), int(row.laatste)]
                for row in session.execute(
                    text("SELECT tabel, volgende, laatste FROM sync_laptop_blok")
                )
            }
            local.source.draw = lambda table: _draw(local, table)
        session.info[ids.IDS_KEY] = local.source
        session.execute(
            text("UPDATE sync_laptop_ctl SET opdracht = :u WHERE id = 1"), {"u": local.uuid}
        )

    def committing(self, session: Session) -> None:
        local = _CURRENT.get()
        if local is None:
            return
        session.flush()
        if not local.recorded:
            if local.reapply:
                session.execute(
                    text("UPDATE sync_laptop_opdracht SET lokaal_toegepast = 1 WHERE uuid = :u"),
                    {"u": local.uuid},
                )
            else:
                _record(session, local)
            local.recorded = True
        if not local.reapply:
            for table, (nxt, _last) in local.blocks.items():
                session.execute(
                    text("UPDATE sync_laptop_blok SET volgende = :n WHERE tabel = :t"),
                    {"n": nxt, "t": table},
                )
        session.execute(text("UPDATE sync_laptop_ctl SET opdracht = NULL WHERE id = 1"))


def _draw(local: _Local, table: str) -> int:
    block = local.blocks.get(table)
    if block is None or block[0] > block[1]:
        raise ids.OutOfIds(
            "Deze laptop heeft geen vrije nummers meer voor nieuwe gegevens; synchroniseer eerst "
            "met de server. Er is niets opgeslagen."
        )
    ident = block[0]
    block[0] += 1
    return ident


def _record(session: Session, local: _Local) -> None:
    spec = local.spec
    session.execute(
        text(
            "INSERT INTO sync_laptop_opdracht (uuid, naam, gegevens, ids, basis_versie, entiteit, "
            "rij_id, aangemaakt_op, status) VALUES (:uuid, :naam, :gegevens, :ids, :basis, "
            ":entiteit, :rij, :op, :status)"
        ),
        {
            "uuid": local.uuid,
            "naam": spec.name,
            "gegevens": json.dumps(spec.encode(local.arguments), ensure_ascii=False),
            "ids": json.dumps(local.source.used),
            "basis": spec.base_version(local.arguments),
            "entiteit": spec.entity,
            "rij": spec.record_id(local.arguments),
            "op": local.now,
            "status": WAITING,
        },
    )


def _run(db: Database, actor: Actor, local: _Local) -> Any:
    token = _CURRENT.set(local)
    try:
        return local.spec.invoke(db, actor, local.arguments)
    finally:
        _CURRENT.reset(token)


# -- undo, pull, re-apply ------------------------------------------------------------------


def apply_pull(
    db: Database, parts: Iterator[stroom.Part], *, fresh: bool = False
) -> tuple[int, int]:
    """Undo every local command, apply the server's changes as their parts arrive
    (``stroom.read``), mark waiting commands for re-applying; one local transaction, so a
    stream cut short leaves nothing of it. ``fresh``: a new file built aside, whose full pull
    loads without indexes and triggers (``opbouw``). Returns (rows received, rows removed)."""
    head = next(parts)
    assert isinstance(head, stroom.Head)
    received = removed = 0
    tables = {t.name: t for t in synced_tables()}
    with db.transaction() as session, rijen.large_cache(session, head.full):
        session.execute(text("PRAGMA defer_foreign_keys = ON"))
        rijen.undo_all(session)
        fetched: dict[str, list[tuple[Any, ...]]] = {}
        if head.full:
            fetched = rijen.fetched_letters(session)  # kept across the rebuild (same sha256)
            for tab in reversed(tables.values()):
                session.execute(delete(tab))
        conn = session.connection()
        with opbouw.bulk_load(conn, fresh and head.full):
            for part in parts:
                held = None if isinstance(part, stroom.Head) else tables.get(part.table)
                if held is None or isinstance(part, stroom.Head):
                    raise stroom.Incomplete(f"Onverwacht deel in het antwoord: {part}.")
                tab = held
                if isinstance(part, stroom.Gone):
                    for i in range(0, len(part.ids), 500):
                        result = session.execute(
                            delete(tab).where(tab.c.id.in_(part.ids[i : i + 500]))
                        )
                        removed += result.rowcount or 0  # type: ignore[attr-defined]
                    continue
                written = rijen.insert_json(conn, tab, part.names, part.text, not head.full)
                if written != part.count:
                    raise stroom.Incomplete(
                        f"{part.table}: {written} van de {part.count} rijen overgenomen."
                    )
                received += written
        rijen.keep_letters(conn, fetched)
        session.execute(
            text("UPDATE sync_laptop_opdracht SET lokaal_toegepast = 0 WHERE status = :s"),
            {"s": WAITING},
        )
        set_state(
            session,
            {
                "cursor": str(head.cursor),
                "scope": head.scope,
                "laatste_sync": head.server_time,
                **({opbouw.STATE_KEY: ""} if head.full else {}),
            },
        )
    return received, removed


def reapply_waiting(db: Database, actor: Actor) -> list[tuple[str, str]]:
    """Run the waiting commands again on top of the server's state (with their own ids);
    one that no longer holds is refused here, with its Dutch reason. Returns those refusals."""
    with db.read() as session:
        waiting = session.execute(
            text(
                "SELECT uuid, naam, gegevens, ids, aangemaakt_op FROM sync_laptop_opdracht "
                "WHERE status = :s AND lokaal_toegepast = 0 ORDER BY volgnummer"
            ),
            {"s": WAITING},
        ).all()
    refused = []
    for row in waiting:
        uuid, name, made = row.uuid, row.naam, row.aangemaakt_op
        spec = commands.get(name)
        arguments = spec.decode(json.loads(row.gegevens))
        source = ids.IdSource(ids.IdPlan(json.loads(row.ids)))
        local = _Local(uuid, spec, arguments, source, made, reapply=True)
        try:
            _run(db, actor, local)
        except KnownError as exc:
            message = f"Op deze laptop niet meer uit te voeren: {exc}"
            with db.transaction() as session:
                mark_answer(session, uuid, {"geaccepteerd": False, "melding": message}, made)
            refused.append((name, message))
    return refused


def mark_answer(session: Session, uuid: str, answer: dict[str, Any], when: str) -> None:
    """Store the server's (or the replica's) answer to a waiting command."""
    mark_answers(session, [(uuid, answer)], when)


def mark_answers(session: Session, answers: list[tuple[str, dict[str, Any]]], when: str) -> None:
    """Store the server's answers to waiting commands (one statement run for each)."""
    if not answers:
        return
    session.connection().exec_driver_sql(
        "UPDATE sync_laptop_opdracht SET status = ?, melding = ?, server_versie = ?, "
        "beantwoord_op = ? WHERE uuid = ?",
        [
            (
                ACCEPTED if answer.get("geaccepteerd") else REFUSED,
                str(answer.get("melding", "")),
                json.dumps(answer.get("server_versie") or {}, ensure_ascii=False),
                when,
                uuid,
            )
            for uuid, answer in answers
        ],
    )
