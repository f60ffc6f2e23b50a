"""The window's background sync on a team laptop: a round every few seconds, off the GUI thread.

``TeamSync(parent, laptop)`` starts a round (``Laptop.sync_round``: sign in when needed, push
what waits, pull, re-apply) every ``interval_ms`` on a pool thread (``ui.worker``); never two
at a time, and the GUI thread never waits for the network. After each round ``status_changed``
fires (the status bar's line: online or offline, what waits, the last synchronisation); when the
pull brought or removed rows, ``pulled`` fires and the window shows its page again.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject
from PySide6.QtCore import QTimer
from PySide6.QtCore import Signal

from swv_desktop.db import Database
from swv_desktop.errors import ProgramLocked
from swv_desktop.services.common import Actor
from swv_desktop.sync import apparaat
from swv_desktop.sync import replica
from swv_desktop.sync.client import Connection
from swv_desktop.sync.client import Laptop
from swv_desktop.sync.client import RoundResult
from swv_desktop.ui.worker import run_in_background

log = logging.getLogger(__name__)

INTERVAL_MS = 5000
"""A colleague's change shows a few seconds after she saved it."""


class TeamSync(QObject):
    """Rounds of synchronisation in the background (see the module docstring)."""

    status_changed = Signal()
    pulled = Signal()
    wiped = Signal(str)
    """The server had this laptop wipe its replica (revoked, account deactivated): the reason."""

    def __init__(
        self, parent: QObject | None, laptop: Laptop, interval_ms: int = INTERVAL_MS
    ) -> None:
        super().__init__(parent)
        self.laptop = laptop
        self.running = False
        self.again = False
        self.last: RoundResult | None = None
        self.gone = ""
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.sync_now)

    def start(self) -> None:
        """The first round at once, then every interval."""
        self.timer.start()
        self.sync_now()

    def stop(self) -> None:
        self.timer.stop()

    def sync_now(self) -> None:
        """Start a round unless one runs; then one more follows right after it (a change made
        during a round is sent without waiting for the timer)."""
        if self.running:
            self.again = True
            return
        if self.laptop.db.locked:  # the idle lock put the key away: nothing to read or write
            return
        self.running, self.again = True, False
        run_in_background(self, self._round, self._done, self._failed)

    def _round(self) -> RoundResult | None:
        try:
            return self.laptop.sync_round()
        except ProgramLocked:  # locked while it ran: the next round after unlocking
            return None
        except apparaat.ReplicaWiped as exc:  # the files are gone: the window must close
            self.gone = exc.message
            return None

    def _done(self, result: RoundResult | None) -> None:
        self.running = False
        if self.gone:
            self.timer.stop()
            self.wiped.emit(self.gone)
            return
        if result is None:
            return
        self.last = result
        if result.error:
            log.info("synchronisatie: server niet bereikt")
        self.status_changed.emit()
        if result.received or result.removed:
            self.pulled.emit()
        if self.again:
            self.sync_now()

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.status_changed.emit()
        raise exc  # a bug: logged by the application's hook, shown calmly


def for_replica(db: Database, actor: Actor, password: str) -> TeamSync:
    """The background sync of a replica the window signed in to (its key slot checked the
    password: the last one the server accepted); the first round signs in at the server."""
    laptop = Laptop(db, Connection(replica.get_state(db, "server"), timeout=10.0), actor, password)
    return TeamSync(None, laptop)
