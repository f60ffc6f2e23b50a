"""Opening the database: engine with SQLite pragmas, migration at start-up, one transaction per call.

``open_database(path)`` first probes the file without writing to it (``dbfile.probe``: empty,
foreign, damaged, locked and read-only files are refused, each with its own Dutch message),
refuses a database written by a newer version, makes a backup (``backups``) before migrating an
existing database, migrates to the newest revision and returns a ``Database`` that services use
as ``with db.transaction() as session: ...``.

Every connection to a database file, of the engine, the probes, the check and the backups, is made
by ``connect`` (``dbfile.connect``, also importable from here): the one place where a key would be
given to an encrypted file.

Transactions follow SQLAlchemy's pysqlite recipe: the driver's own transaction handling is off
(``isolation_level = None``) and we emit ``BEGIN`` ourselves, so every read a rule depends on runs
inside the transaction. A write transaction starts with ``BEGIN IMMEDIATE`` (the database's write
lock, taken before the first read) in one place, ``Database.transaction``; a busy database is
retried briefly there and then refused with a Dutch "bezet" message.
"""

from __future__ import annotations

import logging
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from swv_desktop import backups
from swv_desktop.dbfile import classify, connect, connect_for_reading, probe, quick_check
from swv_desktop.errors import (
    DatabaseBusy,
    DatabaseDamaged,
    DatabaseError,
    DatabaseTooNew,
    KnownError,
    StaleEdit,
)
from swv_desktop.models import Schooljaar
from swv_desktop.models.base import utcnow

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
SCHEMA_HEAD = "0005"
"""The newest revision, so that opening an up-to-date database needs no Alembic import (start-up
time); a test checks it equals Alembic's head, and ``make migration`` updates it."""
BUSY_TIMEOUT_MS = 1500
"""How long SQLite itself waits for another writer's lock, per attempt."""
WRITE_ATTEMPTS = 3
"""How often a write transaction tries to get the write lock before it reports "bezet"."""
BEGIN_OPTION = "swv_begin"
"""Execution option naming the BEGIN a connection emits: ``IMMEDIATE`` for writes."""
SYNCHRONOUS = "FULL"
"""``FULL``: a commit is on disk before the call returns, also after a power cut in WAL mode."""

BUSY_MESSAGE = (
    "De database is bezet door een ander programma of een andere gebruiker. "
    "Er is niets opgeslagen; probeer het over een moment opnieuw."
)

Clock = Callable[[], datetime]


def _on_connect(
    dbapi_connection: Any, _record: Any, busy_timeout_ms: int, synchronous: str
) -> None:
    # the pysqlite recipe: the driver emits no BEGIN (and no COMMIT before DDL); _on_begin does
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA synchronous={synchronous}")
    cursor.close()


def _on_begin(conn: Connection) -> None:
    mode = conn.get_execution_options().get(BEGIN_OPTION, "DEFERRED")
    assert mode in ("DEFERRED", "IMMEDIATE", "EXCLUSIVE")
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(
    path: Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS, synchronous: str = SYNCHRONOUS
) -> Engine:
    """An engine on the SQLite file ``path``: foreign keys on, WAL, ``synchronous=FULL``, a busy
    timeout, and real transactions (we emit ``BEGIN`` / ``BEGIN IMMEDIATE`` ourselves)."""
    assert synchronous in ("OFF", "NORMAL", "FULL", "EXTRA")
    # the URL names the file (and gives a file database's pool); ``connect`` makes the connections
    engine = create_engine(
        f"sqlite:///{path}", creator=lambda: connect(path, timeout=busy_timeout_ms / 1000)
    )

    def on_connect(dbapi_connection: Any, record: Any) -> None:
        _on_connect(dbapi_connection, record, busy_timeout_ms, synchronous)

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def writer(engine: Engine) -> Engine:
    """``engine`` whose transactions start with ``BEGIN IMMEDIATE`` (SQLite's write lock)."""
    return engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})


def lock_schooljaar(session: Session, schooljaar_id: int) -> None:
    """Serialise what depends on a whole schooljaar (the budget, per-pupil totals, numbering).

    On SQLite the write transaction already holds the database's write lock (``BEGIN
    IMMEDIATE``), so the ``FOR UPDATE`` is not rendered; on PostgreSQL it locks the schooljaar row.
    """
    session.execute(select(Schooljaar.id).where(Schooljaar.id == schooljaar_id).with_for_update())


def is_busy(exc: OperationalError) -> bool:
    """True when SQLite reports another connection holds the lock."""
    message = str(exc.orig).lower()
    return "locked" in message or "busy" in message


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
        backup = backups.make_backup(path, f"voor-migratie-{current}").path
    cfg = alembic_config()
    try:
        # one transaction for the whole upgrade: SQLite's DDL is transactional once the driver
        # stops committing on its own, so a failed step leaves the schema as it was
        with writer(engine).begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except KnownError:
        raise
    except OperationalError as exc:
        if is_busy(exc):
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


@dataclass
class Database:
    """An open, migrated database: the engine, session factories and the clock services use."""

    path: Path
    engine: Engine
    clock: Clock = utcnow
    write_attempts: int = WRITE_ATTEMPTS
    file_check: FileCheck | None = None
    sessions: sessionmaker[Session] = field(init=False)
    write_sessions: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.write_sessions = sessionmaker(writer(self.engine), expire_on_commit=False)

    def _begin_write(self) -> Session:
        """The one place a write transaction starts: a session whose transaction holds the write
        lock before its first read. A busy database is retried a few times, then refused."""
        for attempt in range(1, self.write_attempts + 1):
            session = self.write_sessions()
            try:
                session.begin()
                session.connection()  # emits BEGIN IMMEDIATE now, not at the first statement
                return session
            except OperationalError as exc:
                session.close()
                if not is_busy(exc):
                    raise _translate(exc, self.path) from exc
                log.info("Database bezet (poging %d van %d)", attempt, self.write_attempts)
                if attempt == self.write_attempts:
                    raise DatabaseBusy(BUSY_MESSAGE) from exc
                time.sleep(random.uniform(0.02, 0.1))  # noqa: S311 - jitter, not security
        raise AssertionError("unreachable")

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work under the write lock: every read inside it sees the state it writes
        on; commits when the block ends, rolls everything back on any error. Refused once the
        background check of the file found damage."""
        if self.file_check is not None:
            self.file_check.raise_if_failed()
        session = self._begin_write()
        try:
            yield session
            session.commit()
        except KnownError:
            session.rollback()
            raise
        except StaleDataError as exc:
            session.rollback()
            raise StaleEdit(
                "Deze gegevens zijn intussen door iemand anders gewijzigd. Er is niets opgeslagen; "
                "laad ze opnieuw en breng uw wijziging opnieuw aan."
            ) from exc
        except OperationalError as exc:
            session.rollback()
            raise _translate(exc, self.path) from exc
        except SADatabaseError as exc:
            session.rollback()
            raise DatabaseError(
                f"De database meldt een fout; er is niets opgeslagen. ({exc.orig})"
            ) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session: one deferred transaction (a consistent snapshot), never committed."""
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
    if is_busy(exc):
        return DatabaseBusy(BUSY_MESSAGE)
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
            conn = connect_for_reading(self.path, timeout=10.0)
            try:
                quick_check(conn, self.path)
            finally:
                conn.close()
        except DatabaseDamaged:
            self.error = with_offer(DatabaseDamaged(self._message()), self.path)
        except DatabaseError:  # locked or unreadable now: the writes will say so themselves
            pass
        except sqlite3.Error as exc:
            self.error = with_offer(DatabaseDamaged(self._message(f" ({exc})")), self.path)
        finally:
            self._done.set()

    def _message(self, detail: str = "") -> str:
        return (
            f"Het databasebestand '{self.path}' is beschadigd: de controle van SQLite na het "
            f"openen vond fouten{detail}. swv-desktop slaat er vanaf nu niets meer in op."
        )

    def wait(self, timeout: float | None = None) -> DatabaseError | None:
        """Wait for the check; its error, or ``None`` when the file is sound (or still checking
        after ``timeout`` seconds)."""
        self._done.wait(timeout)
        return self.error

    @property
    def done(self) -> bool:
        """True once the check has finished."""
        return self._done.is_set()

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
