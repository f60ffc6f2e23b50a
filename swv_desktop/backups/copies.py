"""Making, listing and checking backup files: a consistent copy through SQLite's backup API,
checked with ``integrity_check`` under a temporary name before it gets its real name; 0600 files
in a 0700 folder; after each backup the rotation prunes the folder."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from pathlib import Path

from swv_desktop.backups.rotation import plan_rotation
from swv_desktop.dbfile import Error
from swv_desktop.dbfile import classify
from swv_desktop.dbfile import connect
from swv_desktop.dbfile import connect_for_reading
from swv_desktop.dbfile import named_rows
from swv_desktop.dbfile import quick_check
from swv_desktop.dbfile import read_revision
from swv_desktop.errors import DatabaseDamaged
from swv_desktop.errors import DatabaseError
from swv_desktop.formatting import date_time
from swv_desktop.paths import backup_dir

Clock = Callable[[], datetime]

DEFAULT_RETENTION_MONTHS = 6
DIR_MODE = 0o700
FILE_MODE = 0o600
STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<reden>[a-z0-9-]+)\.db$")


def utcnow() -> datetime:
    """The wall clock (backups are named by real time, also in the demo)."""
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


def _parse(path: Path, stem: str) -> Backup | None:
    match = _NAME.match(path.name)
    if match is None or match["stem"] != stem:
        return None
    made_at = datetime.strptime(match["stamp"], STAMP).replace(tzinfo=UTC)
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
    base = f"{stem}-{made_at.strftime(STAMP)}-{reden}"
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


def copy_database(source: Path, target: Path, *, key: bytes | None = None) -> None:
    """Copy ``source`` consistently into the new file ``target`` (0600, encrypted with the same
    ``key``), then fsync it."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    os.close(fd)
    src = connect_for_reading(source, key=key)
    try:
        dest = connect(target, key=key)
        try:
            # a new file that is checked and fsynced before it gets its name: no journal needed
            dest.execute("PRAGMA journal_mode=OFF")
            dest.execute("PRAGMA synchronous=OFF")
            src.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")
        finally:
            dest.close()
    finally:
        src.close()
    os.chmod(target, FILE_MODE)
    _fsync(target)


def verify(path: Path, *, key: bytes | None = None) -> str | None:
    """Check a backup file with ``integrity_check``; return its schema revision.

    Raises ``DatabaseDamaged`` when SQLite finds anything wrong (or ``key`` does not open it)."""
    conn = connect(path, key=key, immutable=True)
    try:
        rows = [r["integrity_check"] for r in named_rows(conn, "PRAGMA integrity_check")]
        if rows != ["ok"]:
            raise DatabaseDamaged(f"De reservekopie '{path.name}' is niet in orde: {rows[0]}")
        return read_revision(conn)
    except Error as exc:
        raise DatabaseDamaged(f"De reservekopie '{path.name}' is niet leesbaar ({exc}).") from exc
    finally:
        conn.close()


def retention_months(path: Path, *, key: bytes | None = None) -> int:
    """The retention term for backups stored in the database at ``path`` (the default when
    the schema has no such setting yet)."""
    conn = connect(path, key=key, immutable=True)
    try:
        rows = named_rows(conn, "SELECT bewaartermijn_reservekopie_maanden FROM organisatie")
    except Error:
        rows = []
    finally:
        conn.close()
    months = rows[0]["bewaartermijn_reservekopie_maanden"] if rows else None
    return int(months) if months else DEFAULT_RETENTION_MONTHS


def make_backup(
    db_path: Path, reden: str = "handmatig", *, clock: Clock = utcnow, key: bytes | None = None
) -> Backup:
    """Make one verified backup of the database at ``db_path`` (encrypted with the same ``key``:
    the key file beside the database opens it) and prune the folder.

    Raises ``DatabaseError`` (nothing kept) when the copy fails its integrity check."""
    db_path = Path(db_path)
    folder = backup_dir(db_path)
    _prepare_folder(folder)
    made_at = clock().astimezone(UTC).replace(microsecond=0)
    target = _target(folder, db_path.stem, made_at, reden)
    tmp = folder / f".{target.name}.tmp"
    tmp.unlink(missing_ok=True)
    try:
        copy_database(db_path, tmp, key=key)
        verify(tmp, key=key)
        term = retention_months(tmp, key=key)
    except Error as exc:
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


def prune(db_path: Path, *, now: datetime, months: int) -> list[Path]:
    """Remove the backups the rotation does not keep; return what was removed."""
    _keep, remove = plan_rotation(list_backups(db_path), now=now, months=months)
    for backup in remove:
        backup.path.unlink(missing_ok=True)
    return [b.path for b in remove]


def newest_good_backup(db_path: Path, *, key: bytes | None = None) -> Backup | None:
    """The newest backup of ``db_path`` that ``key`` opens and passes SQLite's quick check."""
    for backup in list_backups(db_path):
        try:
            conn = connect(backup.path, key=key, immutable=True)
        except Error:
            continue
        try:
            quick_check(conn, backup.path)
            if read_revision(conn) is not None:
                return backup
        except (Error, DatabaseError):
            continue
        finally:
            conn.close()
    return None


def damaged_offer(db_path: Path, *, key: bytes | None = None) -> tuple[str, Backup | None]:
    """The sentence that offers the newest good backup of a damaged database, and that backup."""
    backup = newest_good_backup(db_path, key=key)
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
