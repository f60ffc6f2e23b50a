"""Leaving the team: this laptop stops synchronising and its replica is removed.

``leave_team(db)`` is refused, with a Dutch explanation and the counts, while the outbox holds
changes not yet sent or refused by the server and not resolved (nothing is dropped silently);
with ``discard=True`` the user has explicitly chosen to throw those away. Otherwise the replica's
connections are closed (new ones are refused, so nothing re-creates the file), and every file
that holds its data or its keys is overwritten and removed: the database with its write-ahead
log, the key file, the audit anchor, the sign-in throttle, and its backups with their key files.
The office's data stay on the server; signing in there again makes a new replica.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import ExitStack
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from swv_desktop.backups import list_backups
from swv_desktop.db import Database
from swv_desktop.encryption.auditketen import anchor_path
from swv_desktop.encryption.keyslots import sidecar_path
from swv_desktop.encryption.private_files import wipe
from swv_desktop.errors import KnownError
from swv_desktop.services.toegang import THROTTLE_SUFFIX
from swv_desktop.sync import status
from swv_desktop.sync.replica import REFUSED
from swv_desktop.sync.replica import WAITING

log = logging.getLogger(__name__)


class OutboxNotEmpty(KnownError):
    """Leaving was refused: changes wait or were refused and not resolved."""


@dataclass(frozen=True)
class Outbox:
    """What this laptop still holds that the server does not have."""

    waiting: int
    refused: int

    @property
    def total(self) -> int:
        return self.waiting + self.refused

    def sentence(self) -> str:
        """``2 wijzigingen wachten nog op verzending en 1 wijziging is niet verwerkt``."""
        parts = []
        if self.waiting:
            verb = "wacht" if self.waiting == 1 else "wachten"
            parts.append(f"{_changes(self.waiting)} {verb} nog op verzending")
        if self.refused:
            verb = "is" if self.refused == 1 else "zijn"
            parts.append(f"{_changes(self.refused)} {verb} door de server niet verwerkt")
        return " en ".join(parts)


def _changes(n: int) -> str:
    return f"{n} wijziging" if n == 1 else f"{n} wijzigingen"


def outbox(db: Database) -> Outbox:
    """The changes that would be lost by leaving now."""
    with db.read() as session:
        counts = {
            str(row.status): int(row.n)
            for row in session.execute(
                text("SELECT status, count(*) AS n FROM sync_laptop_opdracht GROUP BY status")
            )
        }
    return Outbox(waiting=counts.get(WAITING, 0), refused=counts.get(REFUSED, 0))


def replica_files(path: Path) -> list[Path]:
    """Every file of the replica at ``path`` that exists: its data and its key material."""
    candidates = [Path(f"{path}{suffix}") for suffix in ("", "-wal", "-shm", "-journal")]
    candidates += [sidecar_path(path), anchor_path(path), Path(f"{path}{THROTTLE_SUFFIX}")]
    candidates.append(Path(f"{path}.apparaat"))  # the device file (``sync.apparaat``)
    for backup in list_backups(path):
        candidates += [backup.path, sidecar_path(backup.path)]
    return [p for p in candidates if p.exists()]


@contextmanager
def logs_zeroed(path: Path) -> Iterator[None]:
    """Around closing the replica at ``path``: its write-ahead log and index end as zeros.
    SQLite removes ``-wal`` and ``-shm`` itself when the last connection closes (an unlink,
    which leaves their blocks as they were), so they are held open here first and zeroed
    through that handle once SQLite let go of them; a log SQLite kept is wiped with the rest."""
    with ExitStack() as stack:
        handles = []
        for suffix in ("-wal", "-shm"):
            try:
                handles.append(stack.enter_context(Path(f"{path}{suffix}").open("r+b")))
            except OSError:
                continue
        yield
        for handle in handles:
            size = handle.seek(0, 2)
            handle.seek(0)
            handle.write(bytes(size))
            handle.flush()
            os.fsync(handle.fileno())


def leave_team(db: Database, *, discard: bool = False) -> list[Path]:
    """Remove this laptop's replica and its keys (see the module docstring); the files removed.
    Refused (``OutboxNotEmpty``) while changes wait or were refused, unless ``discard``."""
    path = db.path
    if path is None or not status.is_replica(db):
        raise KnownError("Deze laptop hoort niet bij een team; er is niets verwijderd.")
    box = outbox(db)
    if box.total and not discard:
        raise OutboxNotEmpty(
            f"Deze laptop kan het team nog niet verlaten: {box.sentence()}. Synchroniseer eerst "
            "(Nu synchroniseren) en los wat niet verwerkt is op onder Niet verwerkt, of kies "
            "uitdrukkelijk om deze wijzigingen weg te gooien. Er is niets verwijderd."
        )
    with logs_zeroed(path):
        db.forget_key()  # every connection closed; a new one is refused (no empty file back)
        db.close()
    files = replica_files(path)
    for file in files:
        wipe(file)
    left = [f for f in files if f.exists()]
    if left:
        raise KnownError(
            f"Niet alles kon worden verwijderd: {', '.join(str(f) for f in left)}. Sluit andere "
            "programma's die deze bestanden gebruiken en probeer het opnieuw."
        )
    log.info(
        "Team verlaten: replica verwijderd (%d bestanden, %d wijzigingen weggegooid)",
        len(files),
        box.total,
    )
    return files
