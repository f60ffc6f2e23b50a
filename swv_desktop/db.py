"""Opening the database: engine with SQLite pragmas, migration at start-up, one transaction per call.

``open_database(path)`` checks the file, refuses a database written by a newer version, copies the
file into ``backups/`` before migrating an existing database, migrates to the newest revision and
returns a ``Database`` that services use as ``with db.transaction() as session: ...``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from swv_desktop.errors import DatabaseError, DatabaseTooNew, KnownError
from swv_desktop.models.base import utcnow
from swv_desktop.paths import backup_dir

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
SCHEMA_HEAD = "0003"
"""The newest revision, so that opening an up-to-date database needs no Alembic import (start-up
time); a test checks it equals Alembic's head, and ``make migration`` updates it."""
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000

Clock = Callable[[], datetime]


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(path: Path) -> Engine:
    """An engine on the SQLite file ``path`` with foreign keys on, WAL and a busy timeout."""
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _set_pragmas)
    return engine


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
        has_table = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")
        ).first()
        if has_table is None:
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return None if row is None else str(row[0])


def _check_file(path: Path) -> None:
    if not path.exists():
        return
    if path.is_dir():
        raise DatabaseError(f"'{path}' is een map, geen databasebestand.")
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise DatabaseError(f"Het databasebestand '{path}' kan niet worden gelezen: {exc}") from exc
    if header and header != SQLITE_HEADER:
        raise DatabaseError(
            f"'{path}' is geen swv-desktop-database of het bestand is beschadigd. "
            "Er is niets gewijzigd; herstel zo nodig een reservekopie."
        )


def backup_file(path: Path, reason: str, clock: Clock = utcnow) -> Path:
    """Copy the database consistently (SQLite backup API) into ``backups/`` beside it."""
    target_dir = backup_dir(path)
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = clock().strftime("%Y%m%d-%H%M%S")
    target = target_dir / f"{path.stem}-{stamp}-{reason}.db"
    source = sqlite3.connect(path)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return target


def migrate(engine: Engine, path: Path, clock: Clock = utcnow) -> Path | None:
    """Bring the database to the newest revision; return the backup made first, if any."""
    current = current_revision(engine)
    if current == SCHEMA_HEAD:
        return None
    from alembic import command
    from alembic.util import CommandError

    head = head_revision()
    if current == head:
        return None
    if current is not None and current not in known_revisions():
        raise DatabaseTooNew(
            f"Deze database ({path.name}) is gemaakt met een nieuwere versie van swv-desktop "
            f"(schemaversie {current}). Installeer de nieuwste versie; de database is niet gewijzigd."
        )
    backup = None
    if current is not None:
        backup = backup_file(path, f"voor-migratie-{current}", clock)
    cfg = alembic_config()
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except CommandError as exc:
        where = f" De reservekopie staat in '{backup}'." if backup else ""
        raise DatabaseError(
            f"De database kon niet worden bijgewerkt naar de nieuwe versie ({exc}). Er is niets "
            f"gewijzigd.{where}"
        ) from exc
    return backup


@dataclass
class Database:
    """An open, migrated database: the engine, a session factory and the clock services use."""

    path: Path
    engine: Engine
    clock: Clock = utcnow
    sessions: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits when the block ends, rolls everything back on any error."""
        session = self.sessions()
        try:
            with session.begin():
                yield session
        except KnownError:
            raise
        except OperationalError as exc:
            raise _translate(exc, self.path) from exc
        except SADatabaseError as exc:
            raise DatabaseError(
                f"De database meldt een fout; er is niets opgeslagen. ({exc.orig})"
            ) from exc
        finally:
            session.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session (no commit)."""
        session = self.sessions()
        try:
            yield session
        except OperationalError as exc:
            raise _translate(exc, self.path) from exc
        finally:
            session.rollback()
            session.close()

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()


def _translate(exc: OperationalError, path: Path) -> DatabaseError:
    text = str(exc.orig).lower()
    if "locked" in text or "busy" in text:
        return DatabaseError(
            "De database is bezet door een ander programma of een andere gebruiker. "
            "Er is niets opgeslagen; probeer het over een moment opnieuw."
        )
    if "disk" in text and "full" in text:
        return DatabaseError("De schijf is vol. Er is niets opgeslagen; maak ruimte vrij.")
    if "malformed" in text or "not a database" in text:
        return DatabaseError(
            f"Het databasebestand '{path}' is beschadigd. Herstel een reservekopie "
            "(zie 'swv-desktop check')."
        )
    return DatabaseError(f"De database meldt een fout; er is niets opgeslagen. ({exc.orig})")


def open_database(path: Path, *, create: bool = True, clock: Clock = utcnow) -> Database:
    """Open (and when needed create and migrate) the database at ``path``."""
    path = Path(path)
    if not path.exists() and not create:
        raise DatabaseError(f"Het databasebestand '{path}' bestaat niet.")
    _check_file(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(path)
    try:
        migrate(engine, path, clock)
    except KnownError:
        engine.dispose()
        raise
    except OperationalError as exc:
        engine.dispose()
        raise _translate(exc, path) from exc
    except SADatabaseError as exc:
        engine.dispose()
        raise DatabaseError(
            f"'{path}' is geen bruikbare database of het bestand is beschadigd ({exc.orig})."
        ) from exc
    return Database(path=path, engine=engine, clock=clock)
