"""The daily purge while the window runs: never on the sign-in path. It starts ``FIRST_DELAY_MS``
after the dashboard has shown its figures, then every ``INTERVAL_MS`` while the window stays
open, off the GUI thread (``services.bewaren.purge``: one transaction, then the file wiped and
a fresh backup). What it did shows for a while in the status bar, in counts only."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject
from PySide6.QtCore import QTimer
from PySide6.QtCore import Signal

from swv_desktop.db import Database
from swv_desktop.errors import KnownError
from swv_desktop.logsafe import safe
from swv_desktop.services.bewaren import PurgeResult
from swv_desktop.services.bewaren import purge
from swv_desktop.services.common import Actor
from swv_desktop.ui.worker import run_in_background

log = logging.getLogger(__name__)

FIRST_DELAY_MS = 5_000
"""After the dashboard shows: the first minutes of work are not slowed by it."""
INTERVAL_MS = 24 * 60 * 60 * 1000
"""Daily, for a window that stays open for days."""


class AutoPurge(QObject):
    """Owns the timer of the daily purge of one open database for the signed-in ``actor``."""

    finished = Signal(object)
    """A ``PurgeResult`` after each run (also when nothing was due)."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        parent: QObject | None = None,
        *,
        first_delay_ms: int = FIRST_DELAY_MS,
        interval_ms: int = INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.first_delay_ms = first_delay_ms
        self.running = False
        self.started = False
        self.last: PurgeResult | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.run)

    def start(self) -> None:
        """Arm the first run (once; the dashboard's ``data_shown`` calls this)."""
        if self.started:
            return
        self.started = True
        QTimer.singleShot(self.first_delay_ms, self.run)
        self.timer.start()

    def run(self) -> None:
        """Start a purge unless one is running or the program is locked."""
        if self.running or self.db.locked:
            return
        self.running = True
        db, actor = self.db, self.actor
        run_in_background(self, lambda: purge(db, actor), self._done, self._failed)

    def stop(self) -> None:
        self.timer.stop()

    def _done(self, result: PurgeResult) -> None:
        self.running = False
        self.last = result
        log.info("bewaartermijnen: %d stappen in %.2f s", len(result.regels), result.seconden)
        self.finished.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        if not isinstance(exc, KnownError):
            raise exc
        # busy, locked or read-only: tried again at the next run, nothing was changed
        log.warning("bewaartermijnen niet toegepast: %s", safe(type(exc).__name__))


def status_text(result: PurgeResult) -> str:
    """The status bar's line after a purge that did something (empty when nothing was due)."""
    if result.niets:
        return ""
    gone = sum(r.aantal for r in result.regels if r.soort == "leerling")
    kept = sum(
        r.aantal
        for r in result.regels
        if (r.soort, r.handeling) == ("aanvraag", "gepseudonimiseerd")
    )
    parts = [f"{gone} leerling(en) verwijderd"] if gone else []
    if kept:
        parts.append(f"{kept} aanvraag/aanvragen gepseudonimiseerd")
    detail = ", ".join(parts) if parts else "oude gegevens verwijderd"
    return f"Bewaartermijnen toegepast: {detail} (zie het verwijderregister)."
