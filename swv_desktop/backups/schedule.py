"""When the window makes an automatic backup: at most every ``BACKUP_INTERVAL`` while the
database file changed (its and its write-ahead log's size and modification time), and at closing
when it changed since the last backup."""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta
from pathlib import Path

from swv_desktop.backups.copies import Backup
from swv_desktop.backups.copies import Clock
from swv_desktop.backups.copies import list_backups
from swv_desktop.backups.copies import make_backup
from swv_desktop.backups.copies import utcnow
from swv_desktop.dbfile import wal_path

BACKUP_INTERVAL = timedelta(minutes=30)


def _signature(db_path: Path) -> tuple[tuple[int, int], ...]:
    stats = []
    for path in (db_path, wal_path(db_path)):
        try:
            st = path.stat()
            stats.append((st.st_mtime_ns, st.st_size))
        except OSError:
            stats.append((0, 0))
    return tuple(stats)


class BackupSchedule:
    """When the window makes an automatic backup: at most every ``BACKUP_INTERVAL`` while the
    database changed, and at closing when it changed since the last backup."""

    def __init__(
        self,
        db_path: Path,
        *,
        clock: Clock = utcnow,
        interval: timedelta = BACKUP_INTERVAL,
        key: bytes | None = None,
    ) -> None:
        self.db_path = Path(db_path)
        self.key = key
        self.clock = clock
        self.interval = interval
        newest = next(iter(list_backups(self.db_path)), None)
        self.last_at: datetime | None = None if newest is None else newest.made_at
        self.baseline = _signature(self.db_path)

    def changed(self) -> bool:
        """True when the file changed since the last backup (or since the window opened)."""
        return _signature(self.db_path) != self.baseline

    def due(self) -> bool:
        """True when an automatic backup should be made now."""
        if not self.changed():
            return False
        return self.last_at is None or self.clock() - self.last_at >= self.interval

    def make(self, reden: str = "automatisch") -> Backup:
        """Make a backup now and remember the state it saved."""
        signature = _signature(self.db_path)
        backup = make_backup(self.db_path, reden, clock=self.clock, key=self.key)
        self.last_at, self.baseline = backup.made_at, signature
        return backup

    def tick(self) -> Backup | None:
        """The timer's call: a backup when one is due."""
        return self.make() if self.due() else None

    def at_close(self) -> Backup | None:
        """At closing: a backup when anything changed since the last one."""
        return self.make("bij-afsluiten") if self.changed() else None
