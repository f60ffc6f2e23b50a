"""The schema's version: the revision a database is at, the ones this version knows, and the
migration to the newest (``migrate``, run by ``opening.open_database`` with a backup made first).

``SCHEMA_HEAD`` lets an up-to-date database open without importing Alembic (start-up time)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from swv_desktop import backups
from swv_desktop.dialect import BUSY_MESSAGE
from swv_desktop.dialect import Target
from swv_desktop.dialect import describe
from swv_desktop.dialect import has_table
from swv_desktop.dialect import is_retryable
from swv_desktop.dialect import needs_backup_before_migration
from swv_desktop.dialect import parse_target
from swv_desktop.dialect import writer
from swv_desktop.errors import DatabaseBusy
from swv_desktop.errors import DatabaseError
from swv_desktop.errors import DatabaseTooNew
from swv_desktop.errors import KnownError

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
SCHEMA_HEAD = "0019"
"""The newest revision, so that opening an up-to-date database needs no Alembic import (start-up
time); a test checks it equals Alembic's head, and ``make migration`` updates it."""


def alembic_config() -> Config:
    """An Alembic configuration pointing at the migrations shipped inside the package."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """The newest schema revision this version of swv-desktop knows."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    """Every revision in the migration chain."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    """The revision stamped in the database, or ``None`` for an empty database."""
    with engine.connect() as conn:
        if not has_table(conn, "alembic_version"):
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return None if row is None else str(row.version_num)


def migrate(engine: Engine, path: Target | str, key: bytes | None = None) -> Path | None:
    """Bring the database to the newest revision; return the backup made first, if any."""
    path = parse_target(path)
    current = current_revision(engine)
    if current == SCHEMA_HEAD:
        return None
    from alembic import command

    head = head_revision()
    if current == head:
        return None
    if current is not None and current not in known_revisions():
        raise DatabaseTooNew(
            f"Deze database ({_short(path)}) is gemaakt met een nieuwere versie van swv-desktop "
            f"(schemaversie {current}). Installeer de nieuwste versie; de database is niet gewijzigd."
        )
    backup = None
    if current is not None and isinstance(path, Path) and needs_backup_before_migration(path):
        backup = backups.make_backup(path, f"voor-migratie-{current}", key=key).path
    cfg = alembic_config()
    try:
        # one transaction for the whole upgrade: SQLite's DDL is transactional once the driver
        # stops committing on its own (PostgreSQL's always is), so a failed step leaves the
        # schema as it was
        with writer(engine).begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except KnownError:
        raise
    except OperationalError as exc:
        if is_retryable(exc):
            raise DatabaseBusy(BUSY_MESSAGE) from exc
        raise _migration_failed(exc, backup) from exc
    except Exception as exc:  # any failed step: the transaction was rolled back
        raise _migration_failed(exc, backup) from exc
    return backup


def _migration_failed(exc: BaseException, backup: Path | None) -> DatabaseError:
    log.error("Migratie mislukt", exc_info=exc)
    where = f" De reservekopie staat in '{backup}'." if backup else ""
    return DatabaseError(
        f"De database kon niet worden bijgewerkt naar de nieuwe versie ({exc}). Er is niets "
        f"gewijzigd.{where}"
    )


def _short(target: Target) -> str:
    return target.name if isinstance(target, Path) else describe(target)
