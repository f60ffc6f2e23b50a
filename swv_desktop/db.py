"""Opening the database: engine with SQLite pragmas, migration at start-up, one transaction per call.

``open_database(path)`` first probes the file without writing to it (``dbfile.probe``: empty,
foreign, damaged, locked and read-only files are refused, each with its own Dutch message),
refuses a database written by a newer version, makes a backup (``backups``) before migrating an
existing database, migrates to the newest revision and returns a ``Database`` that services use
as ``with db.transaction() as session: ...``.

Every connection to a database file, of the engine, the probes, the check and the backups, is made
by ``connect`` here: the one place where a key would be given to an encrypted file.
"""

from __future__ import annotations

import sqlite3
import threading
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

from swv_desktop import backups
from swv_desktop.dbfile import (
    BUSY_TIMEOUT_MS,
    classify,
    connect,
    connect_for_reading,
    probe,
    quick_check,
)
from swv_desktop.errors import DatabaseDamaged, DatabaseError, DatabaseTooNew, KnownError
from swv_desktop.models.base import utcnow

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
SCHEMA_HEAD = "0003"
"""The newest revision, so that opening an up-to-date database needs no Alembic import (start-up
time); a test checks it equals Alembic's head, and ``make migration`` updates it."""

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
    engine = create_engine("sqlite://", creator=lambda: connect(path))
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
        backup = backups.make_backup(path, f"voor-migratie-{current}", clock=clock).path
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
    file_check: FileCheck | None = None
    sessions: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits when the block ends, rolls everything back on any error."""
        if self.file_check is not None:
            self.file_check.raise_if_failed()
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
    if isinstance(exc.orig, sqlite3.Error):
        return with_offer(classify(exc.orig, path), path)
    return DatabaseError(f"De database meldt een fout; er is niets opgeslagen. ({exc.orig})")


def with_offer(error: DatabaseError, path: Path) -> DatabaseError:
    """A damaged-file error completed with the newest good backup it offers; others as given."""
    if not isinstance(error, DatabaseDamaged) or error.backup is not None:
        return error
    sentence, backup = backups.damaged_offer(path)
    offered = DatabaseDamaged(f"{error.message}\n\n{sentence}", backup.path if backup else None)
    offered.__cause__ = error.__cause__
    return offered


class FileCheck:
    """SQLite's ``quick_check`` of an open database on a thread of its own (for a file too large
    to wait for at start-up). Until it has finished writes go ahead; once it has failed every
    write is refused with its message (``raise_if_failed``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.error: DatabaseError | None = None
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="quick_check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            conn = connect_for_reading(self.path, timeout=BUSY_TIMEOUT_MS / 1000)
            try:
                quick_check(conn, self.path)
            finally:
                conn.close()
        except DatabaseDamaged as exc:
            self.error = with_offer(DatabaseDamaged(self._message(exc)), self.path)
        except DatabaseError:  # locked or unreadable now: the writes will say so themselves
            pass
        except sqlite3.Error as exc:
            self.error = with_offer(DatabaseDamaged(self._message(exc)), self.path)
        finally:
            self._done.set()

    def _message(self, exc: Exception) -> str:
        return (
            f"Het databasebestand '{self.path}' is beschadigd: de controle na het openen vond "
            f"fouten ({exc}). swv-desktop slaat er vanaf nu niets meer in op."
        )

    def wait(self, timeout: float | None = None) -> DatabaseError | None:
        """Wait for the check; its error, or ``None`` when the file is sound (or still checking
        after ``timeout`` seconds)."""
        self._done.wait(timeout)
        return self.error

    def raise_if_failed(self) -> None:
        """Refuse a write once the check found damage."""
        if self.error is not None:
            raise self.error


QUICK_CHECK_WAIT_MAX_BYTES = 64 * 1024 * 1024
"""Up to this size the quick check runs before the window opens (under about 0.2 s, see
``bench/bench_files.py``); a larger file is checked on a thread (``FileCheck``)."""


def open_database(
    path: Path, *, create: bool = True, clock: Clock = utcnow, background_check: bool = False
) -> Database:
    """Open (and when needed create and migrate) the database at ``path``.

    An existing file is probed first without writing to it: an empty, foreign, damaged, locked
    or read-only file is refused with its own message, and a damaged one with the newest good
    backup on offer. With ``background_check`` a large file's quick check runs on a thread
    (``Database.file_check``) unless a migration is due, which waits for it."""
    path = Path(path)
    deferred = False
    if path.exists():
        deferred = background_check and path.stat().st_size > QUICK_CHECK_WAIT_MAX_BYTES
        try:
            found = probe(path, check=not deferred)
            if deferred and found.revision != SCHEMA_HEAD:
                probe(path)
                deferred = False
        except DatabaseError as exc:
            raise with_offer(exc, path) from exc.__cause__
    elif not create:
        raise DatabaseError(f"Het databasebestand '{path}' bestaat niet.")
    else:
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
    database = Database(path=path, engine=engine, clock=clock)
    if deferred:
        database.file_check = FileCheck(path)
    return database
