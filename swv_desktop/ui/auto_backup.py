"""The automatic backups while the window runs: a timer asks ``backups.BackupSchedule`` every
minute whether one is due (at most every 30 minutes while the database changed) and makes it off
the GUI thread; ``at_close`` makes the last one when the application closes."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from swv_desktop.backups import Backup
from swv_desktop.backups import BackupSchedule
from swv_desktop.errors import KnownError
from swv_desktop.logsafe import safe
from swv_desktop.ui.worker import run_in_background

log = logging.getLogger(__name__)
TICK_MS = 60_000


class AutoBackup(QObject):
    """Owns the schedule and the timer of one open database."""

    def __init__(
        self, db_path: Path, parent: QObject | None = None, *, key: bytes | None = None
    ) -> None:
        super().__init__(parent)
        self.schedule = BackupSchedule(db_path, key=key)
        self.encrypted, self.paused = key is not None, False
        self.running = False
        self.warned = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.tick)
        self.timer.start(TICK_MS)

    def set_key(self, key: bytes | None) -> None:
        """The idle lock drops the key (no backups while locked) and gives it back."""
        self.schedule.key = key
        self.paused = key is None and self.encrypted

    def tick(self) -> None:
        """Start a backup when one is due and none is running."""
        if self.running or self.paused or not self.schedule.due():
            return
        self.running = True
        run_in_background(self, self.schedule.make, self._done, self._failed)

    def _done(self, backup: Backup) -> None:
        self.running = False
        log.info("automatische reservekopie: %s", safe(backup.path.name))

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        if not isinstance(exc, KnownError):
            raise exc
        log.warning("automatische reservekopie mislukt: %s", safe(type(exc).__name__))
        if not self.warned:  # once per session, not every half hour
            self.warned = True
            QMessageBox.warning(None, "Reservekopie niet gemaakt", exc.message)

    def at_close(self) -> Backup | None:
        """The backup at closing (when anything changed); a failure is logged, not raised."""
        self.timer.stop()
        try:
            return self.schedule.at_close()
        except KnownError as exc:
            log.warning("reservekopie bij afsluiten mislukt: %s", safe(type(exc).__name__))
            return None
