"""One sync round's parts, for ``client.Laptop``: fresh id blocks, the push of the outbox (each
batch's answers stored as they come), the access log's rows, the pull; and what a round did
(``RoundResult``, the Dutch summary and the exit code)."""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING

from sqlalchemy import text

from swv_desktop.db import Database
from swv_desktop.services import scope
from swv_desktop.sync import bereik
from swv_desktop.sync import inzagen
from swv_desktop.sync import opbouw
from swv_desktop.sync import replica
from swv_desktop.sync import stroom
from swv_desktop.sync import trust
from swv_desktop.sync import versions

if TYPE_CHECKING:
    from swv_desktop.sync.client import Laptop

LOW_WATER = 200
"""Ask for a new block of ids when fewer are left for a table."""
PULL_TIMEOUT = 300.0
"""Seconds to wait for the pull's answer (a whole scope on the first sync)."""
PUSH_BATCH = 500
"""Commands per request (the server takes at most 500): one transaction on the server each."""


@dataclass
class RoundResult:
    """What one sync round did (for the Dutch summary and the exit code)."""

    sent: int = 0
    accepted: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)
    received: int = 0
    removed: int = 0
    waiting: int = 0
    error: str = ""
    new_certificate: str = ""
    """The fingerprint kept in this round: the first connection to this server (TOFU)."""
    secure: bool = True
    """``False``: plain HTTP on this computer (an "onbeveiligde verbinding")."""

    @property
    def exit_code(self) -> int:
        if self.error:
            return 2
        return 1 if self.refused else 0

    def summary(self) -> str:
        lines = []
        if self.new_certificate:
            lines.append(
                "Eerste verbinding met deze server. Vingerafdruk van zijn certificaat (SHA-256): "
                f"{self.new_certificate}. Deze laptop onthoudt hem; vergelijk hem met wat de "
                "beheerder heeft doorgegeven."
            )
        if not self.secure:
            lines.append(f"Let op: {trust.UNSAFE} (http://, alleen voor ontwikkeling).")
        if self.error:
            lines.append(self.error)
        lines.append(f"Verstuurd: {self.sent} wijziging(en), {self.accepted} verwerkt.")
        if self.refused:
            lines.append(f"Niet verwerkt: {len(self.refused)}")
            lines += [f"  - {name}: {reason}" for name, reason in self.refused]
        if not self.error:
            lines.append(f"Ontvangen: {self.received} gegevens, {self.removed} verwijderd.")
        if self.waiting:
            lines.append(f"Wacht nog op verzending: {self.waiting} wijziging(en).")
        return "\n".join(lines)


def refill_blocks(laptop: Laptop) -> None:
    """Ask the server for a new block of ids for each table with few left."""
    with laptop.db.read() as session:
        free = {
            row.tabel: row.laatste - row.volgende + 1
            for row in session.execute(
                text("SELECT tabel, volgende, laatste FROM sync_laptop_blok")
            )
        }
    wanted = [t.name for t in bereik.tables_for(laptop.actor) if free.get(t.name, 0) < LOW_WATER]
    if not wanted:
        return
    blocks = laptop.connection.call("/nummers", {"tabellen": wanted})["blokken"]
    with laptop.db.transaction() as session:
        for name, (first, last) in blocks.items():
            session.execute(
                text("INSERT OR REPLACE INTO sync_laptop_blok VALUES (:t, :n, :l)"),
                {"t": name, "n": int(first), "l": int(last)},
            )


def waiting(db: Database) -> list[tuple[str, str, str, str]]:
    """The commands that wait to be sent: (uuid, name, payload, ids), oldest first."""
    with db.read() as session:
        return [
            (str(r.uuid), str(r.naam), str(r.gegevens), str(r.ids))
            for r in session.execute(
                text(
                    "SELECT uuid, naam, gegevens, ids FROM sync_laptop_opdracht "
                    "WHERE status = :s ORDER BY volgnummer"
                ),
                {"s": replica.WAITING},
            )
        ]


def send_views(laptop: Laptop) -> None:
    """What this laptop's user viewed here goes to the server's access log, then leaves the
    replica (``sync.inzagen``)."""
    if not scope.sealed(laptop.actor):
        return  # the first sync has not brought her account yet
    while rows := inzagen.te_versturen(laptop.db, laptop.actor):
        laptop.connection.call("/inzagen", {"regels": [row for _id, row in rows]})
        inzagen.vergeten(laptop.db, [ident for ident, _row in rows])
        if len(rows) < inzagen.MAX_REGELS:
            break


def push(laptop: Laptop, result: RoundResult) -> None:
    """Send every waiting command (at most ``PUSH_BATCH`` per request); each batch's answers
    are stored as they come."""
    waiting_now = waiting(laptop.db)
    for i in range(0, len(waiting_now), PUSH_BATCH):
        batch = waiting_now[i : i + PUSH_BATCH]
        origin = versions.origin(laptop.db, [u for u, *_ in batch])
        envelopes = [
            {"uuid": u, "naam": n, "gegevens": json.loads(g), "ids": json.loads(p), **origin[u]}
            for u, n, g, p in batch
        ]
        answers = laptop.connection.call("/opdrachten", {"opdrachten": envelopes})["antwoorden"]
        now = laptop.db.clock().isoformat()
        with laptop.db.transaction() as session:
            pairs = [(b[0], a) for b, a in zip(batch, answers, strict=True)]
            replica.mark_answers(session, pairs, now)
            for (_u, name, _g, _p), answer in zip(batch, answers, strict=True):
                result.sent += 1
                if answer.get("geaccepteerd"):
                    result.accepted += 1
                else:
                    result.refused.append((name, str(answer.get("melding", ""))))


def pull(laptop: Laptop) -> tuple[int, int]:
    """Pull what changed since the cursor and apply it as it arrives (rows received, rows
    removed): the server's stream (``sync.stroom``) is read on a thread of its own while this
    one applies the parts already read, in one local transaction (a stream cut short leaves
    nothing of it)."""
    cursor = int(replica.get_state(laptop.db, "cursor", "0") or 0)
    key = replica.get_state(laptop.db, "scope") or None
    fresh = replica.get_state(laptop.db, opbouw.STATE_KEY) == "1"
    waited, laptop.connection.timeout = laptop.connection.timeout, PULL_TIMEOUT
    try:
        with laptop.connection.stream("/ophalen", {"cursor": cursor, "scope": key}) as lines:
            return replica.apply_pull(laptop.db, stroom.read(read_ahead(lines)), fresh=fresh)
    finally:
        laptop.connection.timeout = waited


def read_ahead(lines: Iterator[bytes], depth: int = 8) -> Iterator[bytes]:
    """``lines`` read on a thread up to ``depth`` lines ahead, so the socket is read while
    SQLite applies (both release the GIL); an error while reading comes out in its place."""
    ahead: queue.Queue[bytes | BaseException | None] = queue.Queue(depth)
    stop = threading.Event()

    def offer(item: bytes | BaseException | None) -> bool:
        return stroom.offer(ahead, item, stop)

    def work() -> None:
        try:
            for raw in lines:
                if not offer(raw):
                    return
            offer(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the reader, raised there
            offer(exc)

    threading.Thread(target=work, name="swv-ophalen-lezen", daemon=True).start()
    try:
        while (item := ahead.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()  # the thread ends at its next line, or when the connection closes
