"""Reservekopieën for the beheerder: list them, make one now, put one back (``backups`` does the
file work; this adds the role check, the schema update after a restore and its audit entry)."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from pathlib import Path

from swv_desktop import backups
from swv_desktop.db import Database
from swv_desktop.dialect import file_only
from swv_desktop.models import Gebruiker
from swv_desktop.schema import known_revisions
from swv_desktop.schema import migrate
from swv_desktop.services import scope
from swv_desktop.services.bewaren.herstel import collect_register
from swv_desktop.services.bewaren.herstel import reapply
from swv_desktop.services.common import Actor
from swv_desktop.services.common import audit
from swv_desktop.services.scope import Recht

SOORTEN = {
    "automatisch": "automatisch",
    "bij-afsluiten": "bij afsluiten",
    "handmatig": "handmatig",
    "voor-herstel": "voor terugzetten",
    "na-opschonen": "na bewaartermijnen",
}


def soort_label(reden: str) -> str:
    """The kind of a backup in Dutch, from the reason in its file name."""
    if reden.startswith("voor-migratie"):
        return "voor schema-update"
    base = reden.rstrip("0123456789").rstrip("-")
    return SOORTEN.get(base, reden)


@dataclass(frozen=True)
class BackupRow:
    """One backup as the Reservekopieën screen lists it."""

    path: Path
    gemaakt_op: datetime
    soort: str
    grootte: int


@dataclass(frozen=True)
class RestoreOutcome:
    """What a restore did: the backup put back, its schema revision, and where the database as
    it was before is kept."""

    teruggezet: Path
    schemaversie: str
    vorige_database: Path | None
    register: list[str] = field(default_factory=list)
    """What applying the deletion register again did (Dutch lines; empty: nothing to do)."""


def _file(db: Database) -> Path:
    """The open database's file; on PostgreSQL the server's own tools make the backups."""
    return file_only(db.target, "reservekopieën maken en terugzetten")


def kept_elsewhere(db: Database) -> str | None:
    """Why the open database has no reservekopieën of swv-desktop's own (PostgreSQL: the
    server's beheerder makes them), in Dutch; ``None`` for a SQLite file."""
    if db.path is not None:
        return None
    return (
        f"De database staat op een PostgreSQL-server ({db.location}). De reservekopieën daarvan "
        "maakt en bewaart de beheerder van die server (pg_dump of basisback-ups); swv-desktop maakt "
        "hier zelf geen kopieën en zet er ook geen terug."
    )


def _row(backup: backups.Backup) -> BackupRow:
    return BackupRow(backup.path, backup.made_at, soort_label(backup.reden), backup.size)


def list_backups(db: Database, actor: Actor) -> list[BackupRow]:
    """The backups of the open database, newest first (beheerder)."""
    scope.active(db, actor, Recht.RESERVEKOPIEEN)
    return [_row(b) for b in backups.list_backups(_file(db))]


def make_backup_now(db: Database, actor: Actor) -> BackupRow:
    """Make a verified backup now (beheerder)."""
    scope.active(db, actor, Recht.RESERVEKOPIEEN)
    return _row(backups.make_backup(_file(db), "handmatig", key=db.key))


def restore_backup(db: Database, actor: Actor, backup_path: Path) -> RestoreOutcome:
    """Put a backup back as the open database (beheerder).

    The current database is saved first (or, when damaged, moved aside untouched); a backup of
    a newer schema version is refused; an older one is brought up to date. The restored database
    records who restored which backup. Run ``check`` afterwards."""
    scope.active(db, actor, Recht.RESERVEKOPIEEN)
    db.engine.dispose()
    register = collect_register(_file(db), Path(backup_path), key=db.key)
    result = backups.restore(
        _file(db), Path(backup_path), known_revisions=known_revisions(), key=db.key
    )
    db.file_check = None  # the damage (if any) went with the old file
    migrate(db.engine, db.target, key=db.key)
    with db.transaction() as session:
        known = session.get(Gebruiker, actor.id) if actor.id else None
        who = actor if known is not None else Actor(0, actor.gebruikersnaam, actor.naam, actor.rol)
        saved = result.saved_current.name if result.saved_current else ""
        audit(
            session,
            who,
            "database",
            None,
            "teruggezet",
            None,
            {
                "reservekopie": result.restored.name,
                "schemaversie": result.revision,
                "bewaard": saved,
            },
            now=db.clock(),
        )
    again = reapply(db, actor, register)  # what a purge deleted after that backup goes again
    return RestoreOutcome(result.restored, result.revision, result.saved_current, again.lines())


__all__ = [
    "BackupRow",
    "RestoreOutcome",
    "list_backups",
    "make_backup_now",
    "kept_elsewhere",
    "restore_backup",
    "soort_label",
]
