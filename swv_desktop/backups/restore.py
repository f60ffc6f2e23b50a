"""Putting a backup back: checked first (integrity, and a schema revision this program knows),
then the current database is saved as a backup (or, when damaged, moved aside untouched) and
the backup copied in through SQLite."""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from pathlib import Path

from swv_desktop.backups.copies import STAMP
from swv_desktop.backups.copies import Clock
from swv_desktop.backups.copies import copy_database
from swv_desktop.backups.copies import make_backup
from swv_desktop.backups.copies import utcnow
from swv_desktop.backups.copies import verify
from swv_desktop.dbfile import Error
from swv_desktop.dbfile import classify
from swv_desktop.dbfile import connect
from swv_desktop.dbfile import probe
from swv_desktop.dbfile import wal_path
from swv_desktop.errors import DatabaseDamaged
from swv_desktop.errors import DatabaseError
from swv_desktop.errors import DatabaseTooNew


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: the backup restored, its schema revision, and where the database as
    it was before is kept (a fresh backup, or the damaged file moved aside)."""

    restored: Path
    revision: str
    saved_current: Path | None


def _move_aside(db_path: Path, made_at: datetime) -> Path:
    """Rename a damaged database (and its side files) out of the way; nothing is written to it."""
    aside = db_path.with_name(f"{db_path.name}.beschadigd-{made_at.strftime(STAMP)}")
    n = 1
    while aside.exists():
        n += 1
        aside = db_path.with_name(f"{db_path.name}.beschadigd-{made_at.strftime(STAMP)}-{n}")
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
    clock: Clock = utcnow,
    key: bytes | None = None,
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
        revision = verify(backup_path, key=key)
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
            probe(db_path, key=key)
        except DatabaseDamaged:
            saved = _move_aside(db_path, clock().astimezone(UTC))
        else:
            saved = make_backup(db_path, "voor-herstel", clock=clock, key=key).path
    if saved is not None and db_path.exists():
        _overwrite(db_path, backup_path, key)
    else:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        for side in (wal_path(db_path), Path(f"{db_path}-shm")):
            side.unlink(missing_ok=True)
        tmp = db_path.with_name(f".{db_path.name}.terugzetten.tmp")
        tmp.unlink(missing_ok=True)
        copy_database(backup_path, tmp, key=key)  # whole and on disk before it takes the name
        os.replace(tmp, db_path)
    return RestoreResult(restored=backup_path, revision=revision, saved_current=saved)


def _overwrite(db_path: Path, backup_path: Path, key: bytes | None) -> None:
    src = connect(backup_path, key=key, immutable=True)
    try:
        dest = connect(db_path, key=key)
        try:
            src.backup(dest)
        except Error as exc:
            raise classify(exc, db_path) from exc
        finally:
            dest.close()
    finally:
        src.close()
