"""What the window shows and does on a team laptop's replica: ``is_replica``, ``attach`` (every
change a queued command, online-only actions refused) and the status bar's team line."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text

from swv_desktop.db import Database
from swv_desktop.services import commands
from swv_desktop.sync import ids
from swv_desktop.sync.replica import REFUSED
from swv_desktop.sync.replica import WAITING
from swv_desktop.sync.replica import ReplicaHooks
from swv_desktop.sync.replica import get_state


@dataclass(frozen=True)
class TeamStatus:
    """The status bar's line on a replica: its server, what waits, what was refused, when the
    last pull was."""

    server: str
    waiting: int
    refused: int
    last_sync: str
    online: bool | None = None
    """Whether the window's last round reached the server (``None``: no connection tried)."""

    def line(self) -> str:
        """``Team: kantoor:8765 · online · 2 te versturen · bijgewerkt 4 oktober 2021 11:30``."""
        from datetime import datetime

        from swv_desktop.formatting import date_time

        when = date_time(datetime.fromisoformat(self.last_sync)) if self.last_sync else "nog nooit"
        host = self.server.split("://", 1)[-1].rstrip("/")
        state = {True: " · online", False: " · offline", None: ""}[self.online]
        waiting = f"{self.waiting} te versturen" if self.waiting else "niets te versturen"
        text_ = f"Team: {host}{state} · {waiting} · bijgewerkt {when}"
        if self.refused:
            text_ += f" · {self.refused} niet verwerkt"
        return text_


def is_replica(db: Database) -> bool:
    """Whether ``db`` is a team laptop's replica (it has been synchronised with a server)."""
    if db.path is None:
        return False
    with db.read() as session:
        found = session.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_laptop_staat'")
        ).first()
    return found is not None and bool(get_state(db, "server"))


def attach(db: Database) -> None:
    """Open a replica in the window: every change becomes a queued command (checked locally),
    online-only actions are refused; ``swv-desktop sync`` sends and fetches."""
    ids.install()
    commands.all_commands()
    db.hooks = ReplicaHooks(None)


def team_status(db: Database, online: bool | None = None) -> TeamStatus:
    """What waits, what was refused and when the replica last synchronised."""
    with db.read() as session:
        counts: dict[str, int] = {
            str(row.status): int(row.n)
            for row in session.execute(
                text("SELECT status, count(*) AS n FROM sync_laptop_opdracht GROUP BY status")
            )
        }
    return TeamStatus(
        server=get_state(db, "server"),
        waiting=int(counts.get(WAITING, 0)),
        refused=int(counts.get(REFUSED, 0)),
        last_sync=get_state(db, "laatste_sync"),
        online=online,
    )
