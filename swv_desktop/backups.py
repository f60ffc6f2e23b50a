"""Backups of the database file, in the spirit of Anki and GnuCash. Qt-free.

A backup is a consistent copy made with SQLite's backup API (other programs may keep working),
written under a temporary name, checked with ``PRAGMA integrity_check`` and only then given its
name ``<stem>-<YYYYmmdd-HHMMSS>-<reden>.db`` (UTC) in ``backups/`` beside the database. The
folder is 0700 and every file 0600 (only the user may read them).

After each backup the rotation prunes the folder: every backup of today is kept, then the newest
of each day for ``KEEP_DAILY`` days, of each week for ``KEEP_WEEKLY`` weeks and of each month for
``KEEP_MONTHLY`` months, but never anything older than the retention term in the settings
(``bewaartermijn_reservekopie_maanden``, read from the copy itself).

``BackupSchedule`` decides when the window makes one: at most every ``BACKUP_INTERVAL`` while the
file changed, and at closing when it changed since the last one. ``restore`` puts a backup back:
it first saves the current database (or moves a damaged one aside, never writing to it) and
refuses a backup of a schema version this program does not know.
"""

from __future__ import annotations

import calendar
import contextlib
import os
import re
import sqlite3
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from swv_desktop.dbfile import (
    classify,
    connect,
    connect_for_reading,
    probe,
    quick_check,
    wal_path,
)
from swv_desktop.errors import DatabaseDamaged, DatabaseError, DatabaseTooNew
from swv_desktop.formatting import date_time
from swv_desktop.paths import backup_dir

Clock = Callable[[], datetime]

BACKUP_INTERVAL = timedelta(minutes=30)
DEFAULT_RETENTION_MONTHS = 6
KEEP_DAILY = 14
KEEP_WEEKLY = 8
KEEP_MONTHLY = 12
DIR_MODE = 0o700
FILE_MODE = 0o600
_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<reden>[a-z0-9-]+)\.db$")


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Backup:
    """One backup file: where it is, when it was made (UTC), why, and its size in bytes."""

    path: Path
    made_at: datetime
    reden: str
    size: int

    @property
    def label(self) -> str:
        """When it was made, as the window shows it (``1 december 2026 10:05``)."""
        return date_time(self.made_at)


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: the backup restored, its schema revision, and where the database as
    it was before is kept (a fresh backup, or the damaged file moved aside)."""

    restored: Path
    revision: str
    saved_current: Path | None


def _parse(path: Path, stem: str) -> Backup | None:
    match = _NAME.match(path.name)
    if match is None or match["stem"] != stem:
        return None
    made_at = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
    try:
        size = path.stat().st_size
    except OSError:
        return None
    return Backup(path=path, made_at=made_at, reden=match["reden"], size=size)


def list_backups(db_path: Path) -> list[Backup]:
    """The backups of the database at ``db_path``, newest first."""
    folder = backup_dir(Path(db_path))
    if not folder.is_dir():
        return []
    stem = Path(db_path).stem
    found = [b for p in folder.glob("*.db") if (b := _parse(p, stem)) is not None]
    return sorted(found, key=_order, reverse=True)


def _order(backup: Backup) -> tuple[datetime, int]:
    """By the time in the name, then (same second) by the file's modification time."""
    try:
        return backup.made_at, backup.path.stat().st_mtime_ns
    except OSError:
        return backup.made_at, 0


def _prepare_folder(folder: Path) -> None:
    folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    os.chmod(folder, DIR_MODE)


def _target(folder: Path, stem: str, made_at: datetime, reden: str) -> Path:
    base = f"{stem}-{made_at.strftime(_STAMP)}-{reden}"
    target, n = folder / f"{base}.db", 1
    while target.exists():
        n += 1
        target = folder / f"{base}-{n}.db"
    return target


def _fsync(path: Path) -> None:
    with contextlib.suppress(OSError):  # folders cannot be opened for fsync on Windows
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def copy_database(source: Path, target: Path) -> None:
    """Copy ``source`` consistently into the new file ``target`` (0600), then fsync it."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    os.close(fd)
    src = connect_for_reading(source)
    try:
        dest = connect(target)
        try:
            src.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")
        finally:
            dest.close()
    finally:
        src.close()
    os.chmod(target, FILE_MODE)
    _fsync(target)


def verify(path: Path) -> str | None:
    """Check a backup file with ``integrity_check``; return its schema revision.

    Raises ``DatabaseDamaged`` when SQLite finds anything wrong."""
    conn = connect(path, immutable=True)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        if rows != ["ok"]:
            raise DatabaseDamaged(f"De reservekopie '{path.name}' is niet in orde: {rows[0]}")
        return _revision(conn)
    except sqlite3.Error as exc:
        raise DatabaseDamaged(f"De reservekopie '{path.name}' is niet leesbaar ({exc}).") from exc
    finally:
        conn.close()


def _revision(conn: sqlite3.Connection) -> str | None:
    has = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    if not has:
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


def retention_months(path: Path) -> int:
    """The retention term for backups stored in the database at ``path`` (the default when
    the schema has no such setting yet)."""
    conn = connect(path, immutable=True)
    try:
        row = conn.execute("SELECT bewaartermijn_reservekopie_maanden FROM organisatie").fetchone()
    except sqlite3.Error:
        row = None
    finally:
        conn.close()
    return int(row[0]) if row and row[0] else DEFAULT_RETENTION_MONTHS


def make_backup(db_path: Path, reden: str = "handmatig", *, clock: Clock = _utcnow) -> Backup:
    """Make one verified backup of the database at ``db_path`` and prune the folder.

    Raises ``DatabaseError`` (nothing kept) when the copy fails its integrity check."""
    db_path = Path(db_path)
    folder = backup_dir(db_path)
    _prepare_folder(folder)
    made_at = clock().astimezone(UTC).replace(microsecond=0)
    target = _target(folder, db_path.stem, made_at, reden)
    tmp = folder / f".{target.name}.tmp"
    tmp.unlink(missing_ok=True)
    try:
        copy_database(db_path, tmp)
        verify(tmp)
        term = retention_months(tmp)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise classify(exc, db_path) from exc
    except (DatabaseError, OSError) as exc:
        tmp.unlink(missing_ok=True)
        raise DatabaseError(
            f"De reservekopie van '{db_path.name}' is niet gemaakt: {exc}. De database zelf is "
            "niet gewijzigd; controleer hem met 'swv-desktop check'."
        ) from exc
    os.replace(tmp, target)
    _fsync(folder)
    prune(db_path, now=made_at, months=term)
    return Backup(path=target, made_at=made_at, reden=reden, size=target.stat().st_size)


def _months_before(day: date, months: int) -> date:
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def plan_rotation(
    backups: Iterable[Backup], *, now: datetime, months: int
) -> tuple[list[Backup], list[Backup]]:
    """Which backups to keep and which to remove (``now`` and the days in local time)."""
    today = now.astimezone().date()
    oldest = _months_before(today, months)
    keep: list[Backup] = []
    remove: list[Backup] = []
    seen: set[tuple[str, object]] = set()
    for backup in sorted(backups, key=lambda b: b.made_at, reverse=True):
        day = backup.made_at.astimezone().date()
        age = (today - day).days
        if day < oldest:
            remove.append(backup)
            continue
        iso = day.isocalendar()
        buckets = [("dag", day)] if age < KEEP_DAILY else []
        if age < KEEP_WEEKLY * 7:
            buckets.append(("week", (iso.year, iso.week)))
        if _months_before(today, KEEP_MONTHLY) < day:
            buckets.append(("maand", (day.year, day.month)))
        fresh = [b for b in buckets if b not in seen]
        seen.update(buckets)
        (keep if day == today or fresh else remove).append(backup)
    return keep, remove


def prune(db_path: Path, *, now: datetime, months: int) -> list[Path]:
    """Remove the backups the rotation does not keep; return what was removed."""
    _keep, remove = plan_rotation(list_backups(db_path), now=now, months=months)
    for backup in remove:
        backup.path.unlink(missing_ok=True)
    return [b.path for b in remove]


def newest_good_backup(db_path: Path) -> Backup | None:
    """The newest backup of ``db_path`` that passes SQLite's quick check."""
    for backup in list_backups(db_path):
        try:
            conn = connect(backup.path, immutable=True)
        except sqlite3.Error:
            continue
        try:
            quick_check(conn, backup.path)
            if _revision(conn) is not None:
                return backup
        except (sqlite3.Error, DatabaseError):
            continue
        finally:
            conn.close()
    return None


def damaged_offer(db_path: Path) -> tuple[str, Backup | None]:
    """The sentence that offers the newest good backup of a damaged database, and that backup."""
    backup = newest_good_backup(db_path)
    if backup is None:
        return (
            f"Er is geen goede reservekopie gevonden in '{backup_dir(Path(db_path))}'. "
            "Neem contact op met de beheerder.",
            None,
        )
    return (
        f"De nieuwste goede reservekopie is van {backup.label} ('{backup.path}'). Zet die terug "
        f"met 'Reservekopie terugzetten', of met: swv-desktop restore --db \"{db_path}\" "
        f'--from "{backup.path}"',
        backup,
    )


def _move_aside(db_path: Path, made_at: datetime) -> Path:
    """Rename a damaged database (and its side files) out of the way; nothing is written to it."""
    aside = db_path.with_name(f"{db_path.name}.beschadigd-{made_at.strftime(_STAMP)}")
    n = 1
    while aside.exists():
        n += 1
        aside = db_path.with_name(f"{db_path.name}.beschadigd-{made_at.strftime(_STAMP)}-{n}")
    os.replace(db_path, aside)
    for suffix in ("-wal", "-shm", "-journal"):
        side = Path(f"{db_path}{suffix}")
        if side.exists():
            os.replace(side, Path(f"{aside}{suffix}"))
    return aside


def restore(
    db_path: Path,
    backup_path: Path,
    *,
    known_revisions: Collection[str],
    clock: Clock = _utcnow,
) -> RestoreResult:
    """Put ``backup_path`` back as the database at ``db_path``.

    The backup is checked first (integrity, and a schema revision in ``known_revisions``:
    a backup from a newer version is refused). A sound current database is saved as a backup
    first and then overwritten page by page through SQLite (safe while other connections exist);
    a damaged one is moved aside untouched. Close the application's own connections before.
    """
    db_path, backup_path = Path(db_path), Path(backup_path)
    if not backup_path.is_file():
        raise DatabaseError(f"De reservekopie '{backup_path}' bestaat niet.")
    try:
        revision = verify(backup_path)
    except DatabaseDamaged as exc:
        raise DatabaseError(f"{exc.message} Er is niets teruggezet.") from exc
    if revision is None:
        raise DatabaseError(
            f"'{backup_path.name}' is geen reservekopie van een swv-desktop-database. "
            "Er is niets teruggezet."
        )
    if revision not in known_revisions:
        raise DatabaseTooNew(
            f"De reservekopie '{backup_path.name}' is gemaakt met een nieuwere versie van "
            f"swv-desktop (schemaversie {revision}). Er is niets teruggezet."
        )
    saved: Path | None = None
    if db_path.exists():
        try:
            probe(db_path)
        except DatabaseDamaged:
            saved = _move_aside(db_path, clock().astimezone(UTC))
        else:
            saved = make_backup(db_path, "voor-herstel", clock=clock).path
    if saved is not None and db_path.exists():
        _overwrite(db_path, backup_path)
    else:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        for side in (wal_path(db_path), Path(f"{db_path}-shm")):
            side.unlink(missing_ok=True)
        copy_database(backup_path, db_path)
    return RestoreResult(restored=backup_path, revision=revision, saved_current=saved)


def _overwrite(db_path: Path, backup_path: Path) -> None:
    src = connect(backup_path, immutable=True)
    try:
        dest = connect(db_path)
        try:
            src.backup(dest)
        except sqlite3.Error as exc:
            raise classify(exc, db_path) from exc
        finally:
            dest.close()
    finally:
        src.close()


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
        self, db_path: Path, *, clock: Clock = _utcnow, interval: timedelta = BACKUP_INTERVAL
    ) -> None:
        self.db_path = Path(db_path)
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
        backup = make_backup(self.db_path, reden, clock=self.clock)
        self.last_at, self.baseline = backup.made_at, signature
        return backup

    def tick(self) -> Backup | None:
        """The timer's call: a backup when one is due."""
        return self.make() if self.due() else None

    def at_close(self) -> Backup | None:
        """At closing: a backup when anything changed since the last one."""
        return self.make("bij-afsluiten") if self.changed() else None


__all__ = [
    "BACKUP_INTERVAL",
    "Backup",
    "BackupSchedule",
    "RestoreResult",
    "damaged_offer",
    "list_backups",
    "make_backup",
    "newest_good_backup",
    "plan_rotation",
    "prune",
    "restore",
    "verify",
]
