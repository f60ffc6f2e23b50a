"""Opening the database: engine, migration at start-up, one transaction per call.

``open_database(target)`` takes a SQLite path or a ``postgresql+psycopg://`` URL (what differs
between the two is decided in ``swv_desktop.dialect``; the SQLite file itself in ``dbfile``). A
file is first probed the file without writing to it (``dbfile.probe``: empty,
foreign, damaged, locked and read-only files are refused, each with its own Dutch message),
refuses a database written by a newer version, makes a backup (``backups``) before migrating an
existing database, migrates to the newest revision and returns a ``Database`` that services use
as ``with db.transaction() as session: ...``.

Every connection to a database file, of the engine, the probes, the check and the backups, is made
by ``connect`` (``dbfile.connect``, also importable from here): the one place where a key would be
given to an encrypted file.

Transactions follow SQLAlchemy's pysqlite recipe (the engine itself, with its pragmas, is
``dialect.sqlite_engine``): the driver's own transaction handling is off
(``isolation_level = None``) and we emit ``BEGIN`` ourselves, so every read a rule depends on runs
inside the transaction. A write transaction starts with ``BEGIN IMMEDIATE`` (the database's write
lock, taken before the first read) in one place, ``Database.transaction``; a busy database is
retried briefly there and then refused with a Dutch "bezet" message. On PostgreSQL (read
committed) a write transaction locks the rows it loads and the schooljaar row with
``SELECT ... FOR UPDATE`` before a rule's reads; waiting for the schooljaar lock is retried the
same way, and a deadlock or lock time-out is refused alike.
"""

from __future__ import annotations

import contextvars
import logging
import random
import threading
import time
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any
from typing import Protocol

from sqlalchemy import Engine
from sqlalchemy import create_engine
from sqlalchemy import event
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm import sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.pool import NullPool

from swv_desktop import backups
from swv_desktop.dbfile import Error
from swv_desktop.dbfile import classify
from swv_desktop.dbfile import connect_for_reading
from swv_desktop.dbfile import probe
from swv_desktop.dbfile import quick_check
from swv_desktop.dialect import BEGIN_OPTION
from swv_desktop.dialect import SYNCHRONOUS
from swv_desktop.dialect import Target
from swv_desktop.dialect import describe
from swv_desktop.dialect import has_table
from swv_desktop.dialect import is_retryable
from swv_desktop.dialect import locks_rows
from swv_desktop.dialect import needs_backup_before_migration
from swv_desktop.dialect import parse_target
from swv_desktop.dialect import postgres_engine
from swv_desktop.dialect import reader
from swv_desktop.dialect import refuse_writes
from swv_desktop.dialect import sqlite_engine
from swv_desktop.dialect import unreachable
from swv_desktop.encryption import auditketen
from swv_desktop.encryption import connect as cipher
from swv_desktop.encryption.keyslots import KeyRing
from swv_desktop.encryption.rekey import finish_interrupted
from swv_desktop.encryption.rekey import rekey
from swv_desktop.errors import DatabaseBusy
from swv_desktop.errors import DatabaseDamaged
from swv_desktop.errors import DatabaseError
from swv_desktop.errors import DatabaseTooNew
from swv_desktop.errors import KnownError
from swv_desktop.errors import ProgramLocked
from swv_desktop.errors import StaleEdit
from swv_desktop.errors import WrongKey
from swv_desktop.models import Schooljaar
from swv_desktop.models.base import utcnow

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
SCHEMA_HEAD = "0019"
"""The newest revision, so that opening an up-to-date database needs no Alembic import (start-up
time); a test checks it equals Alembic's head, and ``make migration`` updates it."""
BUSY_TIMEOUT_MS = 1500
"""How long SQLite itself waits for another writer's lock, per attempt."""
WRITE_ATTEMPTS = 3
"""How often a write transaction tries to get the write lock before it reports "bezet"."""

WRITE_SESSION = "swv_write"
"""Key in ``Session.info`` of a write transaction's session (``get_or_404`` locks rows there)."""
AUDIT_KEY = "swv_audit_key"
"""``session.info`` key: the audit chain's key in a write transaction (``None``: no chain)."""
AUDIT_HEAD = "swv_audit_head"
"""``session.info`` key: (volgnr, keten) of the newest link written in this transaction."""

BUSY_MESSAGE = (
    "De database is bezet door een ander programma of een andere gebruiker. "
    "Er is niets opgeslagen; probeer het over een moment opnieuw."
)

STALE_MESSAGE = (
    "Deze gegevens zijn intussen door iemand anders gewijzigd. Er is niets opgeslagen; "
    "laad ze opnieuw en breng uw wijziging opnieuw aan."
)

Clock = Callable[[], datetime]

_JOINED: contextvars.ContextVar[tuple[Database, Session] | None] = contextvars.ContextVar(
    "swv_joined_transaction", default=None
)


class WriteHooks(Protocol):
    """What a team replica or the sync server adds to a database's writes
    (``swv_desktop.sync``): commands go through ``run_command``; every write transaction tells
    ``began`` after its BEGIN and ``committing`` just before its COMMIT, in the same transaction."""

    def run_command(self, command: Any, db: Database, actor: Any, arguments: dict[str, Any]) -> Any:
        """Run a registered command (``services.commands.Command``) with these arguments."""

    def began(self, session: Session) -> None:
        """A write transaction started."""

    def committing(self, session: Session) -> None:
        """A write transaction is about to commit."""


def make_engine(
    path: Target | str,
    key: bytes | None = None,
    *,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    synchronous: str = SYNCHRONOUS,
) -> Engine:
    """An engine on the SQLite file ``path``: foreign keys on, WAL, ``synchronous=FULL``, a busy
    timeout, and real transactions (we emit ``BEGIN`` / ``BEGIN IMMEDIATE`` ourselves); or on a
    PostgreSQL URL (``dialect.postgres_engine``: the same lock time-out)."""
    target = parse_target(path)
    if isinstance(target, URL):
        return postgres_engine(target, lock_timeout_ms=busy_timeout_ms)
    return sqlite_engine(target, key, busy_timeout_ms=busy_timeout_ms, synchronous=synchronous)


def writer(engine: Engine) -> Engine:
    """``engine`` whose transactions start with ``BEGIN IMMEDIATE`` (SQLite's write lock)."""
    return engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})


def lock_schooljaar(session: Session, schooljaar_id: int) -> None:
    """Serialise what depends on a whole schooljaar (the budget, per-pupil totals, numbering).

    On SQLite the write transaction already holds the database's write lock (``BEGIN
    IMMEDIATE``), so the ``FOR UPDATE`` is not rendered; on PostgreSQL it locks the schooljaar row,
    waiting up to the lock time-out per attempt; after ``WRITE_ATTEMPTS`` the call is refused
    ("bezet") and nothing is saved.
    """
    query = select(Schooljaar.id).where(Schooljaar.id == schooljaar_id).with_for_update()
    if not locks_rows(session.get_bind()):
        session.execute(query)
        return
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        savepoint = session.begin_nested()  # a failed lock wait rolls back to here, not further
        try:
            session.execute(query)
            savepoint.commit()
            return
        except OperationalError as exc:
            savepoint.rollback()
            if not is_busy(exc):
                raise
            log.info("Schooljaar bezet (poging %d van %d)", attempt, WRITE_ATTEMPTS)
            if attempt == WRITE_ATTEMPTS:
                raise DatabaseBusy(BUSY_MESSAGE) from exc
            time.sleep(random.uniform(0.02, 0.1))  # noqa: S311 - jitter, not security


def is_busy(exc: OperationalError) -> bool:
    """True when another connection holds the lock (SQLite busy; PostgreSQL lock time-out,
    deadlock or serialization failure: the transaction may succeed when tried again)."""
    return is_retryable(exc)


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


def migrate(
    engine: Engine, path: Target | str, clock: Clock = utcnow, key: bytes | None = None
) -> Path | None:
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

    target: Target
    engine: Engine
    clock: Clock = utcnow
    keys: KeyRing | None = None
    write_attempts: int = WRITE_ATTEMPTS
    file_check: FileCheck | None = None
    hooks: WriteHooks | None = None
    """Set on a team replica and on the sync server; ``None`` on a standalone database."""
    sessions: sessionmaker[Session] = field(init=False)
    write_sessions: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(reader(self.engine), expire_on_commit=False)
        if self.engine.dialect.name == "postgresql":
            event.listen(self.sessions, "before_flush", refuse_writes)
        self.target = parse_target(self.target)
        self.write_sessions = sessionmaker(writer(self.engine), expire_on_commit=False)

    @property
    def path(self) -> Path | None:
        """The SQLite file, or ``None`` on PostgreSQL."""
        return self.target if isinstance(self.target, Path) else None

    @property
    def location(self) -> str:
        """Where the database lives, as shown to a person (file path, or URL without password)."""
        return describe(self.target)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def _begin_write(self) -> Session:
        """The one place a write transaction starts: a session whose transaction holds the write
        lock before its first read. A busy database is retried a few times, then refused."""
        for attempt in range(1, self.write_attempts + 1):
            session = self.write_sessions()
            session.info[WRITE_SESSION] = True
            session.info[AUDIT_KEY] = self.audit_key
            try:
                session.begin()
                session.connection()  # emits BEGIN IMMEDIATE now, not at the first statement
                return session
            except OperationalError as exc:
                session.close()
                if not is_busy(exc):
                    raise _translate(exc, self.target, self.key) from exc
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
        joined = _JOINED.get()
        if joined is not None and joined[0] is self:
            with self._joined(joined[1]) as session:
                yield session
            return
        session = self._begin_write()

        def commit() -> None:
            session.commit()
            self._anchor(session.info.get(AUDIT_HEAD))

        try:
            with self._unit(session, end=commit, undo=session.rollback):
                yield session
        finally:
            session.close()

    @contextmanager
    def batch(self) -> Iterator[Session]:
        """One write transaction shared by several service calls (the sync server's push of a
        batch of commands): inside the block every ``transaction()`` on this database, on this
        thread, joins it instead of beginning and committing its own; everything commits once
        when the block ends, or nothing does. A joined transaction neither commits nor rolls
        back: the caller wraps each call in a savepoint (``session.begin_nested()``), so a
        refused call rolls back only its own changes."""
        with self.transaction() as session:
            token = _JOINED.set((self, session))
            try:
                yield session
            finally:
                _JOINED.reset(token)

    @contextmanager
    def _joined(self, session: Session) -> Iterator[Session]:
        """``transaction()`` inside ``batch()``: the same hooks and the same Dutch errors; the
        flush at the end surfaces a stale version or a broken constraint here, as the commit
        would. Nothing is rolled back: the caller's savepoint or the batch does that."""
        with self._unit(session, end=session.flush, undo=lambda: None):
            yield session

    @contextmanager
    def _unit(
        self, session: Session, *, end: Callable[[], None], undo: Callable[[], None]
    ) -> Iterator[Session]:
        """The hooks around one unit of work and its ``end`` (commit, or flush when joined); on
        any error ``undo`` runs first, then a database error is raised as the Dutch one."""
        try:
            if self.hooks is not None:
                self.hooks.began(session)
            yield session
            if self.hooks is not None:
                self.hooks.committing(session)
            end()
        except BaseException as exc:
            undo()
            dutch = self._dutch(exc)
            if dutch is None:
                raise
            raise dutch from exc

    def _dutch(self, exc: BaseException) -> DatabaseError | StaleEdit | None:
        """The user-facing error for a database exception (``None``: raise ``exc`` as it is)."""
        if isinstance(exc, KnownError):
            return None
        if isinstance(exc, StaleDataError):
            return StaleEdit(STALE_MESSAGE)
        if isinstance(exc, OperationalError):
            return _translate(exc, self.target, self.key)
        if isinstance(exc, SADatabaseError):
            return DatabaseError(
                f"De database meldt een fout; er is niets opgeslagen. ({exc.orig})"
            )
        return None

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session, never committed: on SQLite one deferred transaction (a consistent
        snapshot); on PostgreSQL statements in autocommit (``dialect.reader``)."""
        session = self.sessions()
        try:
            yield session
        except OperationalError as exc:
            raise _translate(exc, self.target, self.key) from exc
        finally:
            session.rollback()
            session.close()

    def close(self) -> None:
        """Release every connection (and stop a quick check still running on its thread)."""
        if self.file_check is not None:
            self.file_check.stop()
        self.engine.dispose()

    @property
    def audit_key(self) -> bytes | None:
        """The key of the audit chain (from the data key; on PostgreSQL ``SWV_AUDIT_KEY``)."""
        return auditketen.derive_key(self.key)

    def _anchor(self, head: tuple[int, str] | None) -> None:
        """Write the newest link beside the SQLite file, or on a server where
        ``SWV_AUDIT_ANCHOR`` says (what finds cut-off entries)."""
        key = self.audit_key
        target = auditketen.anchor_file(self.path)
        if head is None or key is None or target is None:
            return
        try:
            auditketen.write_anchor(target, key, *head)
        except OSError:
            log.warning("Het anker van de audittrail kon niet worden geschreven")

    @property
    def key(self) -> bytes | None:
        """The data key the file is encrypted with (``None``: plaintext, PostgreSQL, locked)."""
        return None if self.keys is None or not self.keys.candidates else self.keys.data_key

    @property
    def locked(self) -> bool:
        """True after ``forget_key``: no connection is open and none can be made."""
        return self.keys is not None and not self.keys.candidates

    def forget_key(self) -> None:
        """The idle lock: close every connection (SQLCipher wipes its copy of the key) and drop
        the data key; every read and write raises ``ProgramLocked`` until ``take_key``."""
        if self.keys is None or self.path is None:
            return
        self.engine.dispose()
        self.keys = KeyRing(file=self.keys.file, candidates=[])
        self.engine = create_engine("sqlite://", creator=_refuse_locked, poolclass=NullPool)
        self.__post_init__()

    def take_key(self, keys: KeyRing) -> None:
        """Open again after ``forget_key`` with an unlocked key ring; ``WrongKey`` when none of
        its keys opens this file (another database's slot)."""
        if self.path is None:
            return
        for key in keys.candidates:
            if cipher.opens_with(self.path, key):
                self.engine.dispose()
                self.keys = KeyRing(file=keys.file, candidates=[key])
                self.engine = make_engine(self.path, key)
                self.__post_init__()
                return
        raise WrongKey("Deze sleutel opent dit databasebestand niet.")

    def remove_key_slot(self, username: str) -> list[str]:
        """Remove ``username``'s key slot and re-key the database and its backups, so the old
        slot with the old password opens nothing; returns the legacy slots dropped as well."""
        if self.keys is None or self.path is None:
            return []
        self.engine.dispose()
        dropped = rekey(self.path, self.keys, username)
        self.engine = make_engine(self.path, self.keys.data_key)
        self.__post_init__()
        return dropped


def _refuse_locked() -> Any:
    raise ProgramLocked("Het programma is vergrendeld. Meld u opnieuw aan om verder te werken.")


def _short(target: Target) -> str:
    return target.name if isinstance(target, Path) else describe(target)


def _translate(exc: OperationalError, path: Target, key: bytes | None = None) -> DatabaseError:
    if is_busy(exc):
        return DatabaseBusy(BUSY_MESSAGE)
    if isinstance(exc.orig, Error) and isinstance(path, Path):
        return with_offer(classify(exc.orig, path), path, key)
    if isinstance(path, URL) and "connect" in str(exc.orig).lower():
        return unreachable(path, exc)
    return DatabaseError(f"De database meldt een fout; er is niets opgeslagen. ({exc.orig})")


def with_offer(error: DatabaseError, path: Path, key: bytes | None = None) -> DatabaseError:
    """A damaged-file error completed with the newest good backup it offers; others as given."""
    if not isinstance(error, DatabaseDamaged) or error.backup is not None:
        return error
    sentence, backup = backups.damaged_offer(path, key=key)
    offered = DatabaseDamaged(f"{error.message}\n\n{sentence}", backup.path if backup else None)
    offered.__cause__ = error.__cause__
    return offered


FILE_CHECK_DELAY_S = 15.0
"""A large file's quick check starts this long after opening, or earlier when the window has
painted its dashboard (``FileCheck.begin``): reading the whole file must not compete with the
sign-in and the first screen (on the 410 MB demo it took a core for 1.7 s)."""


class FileCheck:
    """SQLite's ``quick_check`` of an open database on a thread of its own (for a file too large
    to wait for at start-up), from ``begin()`` or after ``delay`` seconds. Until it has finished
    writes go ahead; once it has failed every write is refused with its message
    (``raise_if_failed``)."""

    def __init__(self, path: Path, key: bytes | None = None, *, delay: float = 0.0) -> None:
        self.path = path
        self.key = key
        self.delay = delay
        self.error: DatabaseError | None = None
        self._go = threading.Event()
        self._done = threading.Event()
        self._stopping = False
        self._conn: Any = None
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="quick_check", daemon=True)
        self._thread.start()

    def begin(self) -> None:
        """Start the check now (when it still waits for its delay)."""
        self._go.set()

    def _run(self) -> None:
        self._go.wait(self.delay)
        try:
            with self._lock:
                if self._stopping:
                    return
                self._conn = conn = connect_for_reading(self.path, key=self.key, timeout=10.0)
            try:
                quick_check(conn, self.path)
            finally:
                with self._lock:
                    self._conn = None
                conn.close()
        except DatabaseError as exc:
            # interrupted by ``stop`` is no finding; locked or unreadable now: the writes will
            # say so themselves
            if isinstance(exc, DatabaseDamaged) and not self._stopping:
                self.error = with_offer(DatabaseDamaged(self._message()), self.path, self.key)
        except Error as exc:
            if not self._stopping:
                self.error = with_offer(
                    DatabaseDamaged(self._message(f" ({exc})")), self.path, self.key
                )
        finally:
            self._done.set()

    def _message(self, detail: str = "") -> str:
        return (
            f"Het databasebestand '{self.path}' is beschadigd: de controle van SQLite na het "
            f"openen vond fouten{detail}. swv-desktop slaat er vanaf nu niets meer in op."
        )

    def stop(self) -> None:
        """Interrupt a check still running and wait for its thread (``Database.close``): a
        daemon thread inside SQLite when the interpreter shuts down crashes the process."""
        with self._lock:
            self._stopping = True
            if self._conn is not None:
                self._conn.interrupt()
        self._go.set()
        self._thread.join(timeout=10)

    def wait(self, timeout: float | None = None) -> DatabaseError | None:
        """Start the check now and wait for it; its error, or ``None`` when the file is sound (or
        still checking after ``timeout`` seconds)."""
        self.begin()
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


def _key_that_opens(path: Path, keys: KeyRing) -> bytes:
    """The candidate key of ``keys`` that opens the existing file (finishing a re-key that
    stopped half-way); ``WrongKey`` when none does."""
    if cipher.file_kind(path) == "empty":
        return keys.data_key
    for key in keys.candidates:
        if cipher.opens_with(path, key):
            if len(keys.candidates) > 1:
                finish_interrupted(path, keys, key)
            else:
                keys.use(key)
            return keys.data_key
    if cipher.file_kind(path) == "plain":
        return keys.data_key  # the probe says what is wrong with it
    raise WrongKey(
        f"De sleutel past niet bij '{path.name}': het bestand is beschadigd, of het "
        "sleutelbestand ernaast hoort bij een andere database. Er is niets gewijzigd; herstel zo "
        "nodig een reservekopie (database en sleutelbestand samen)."
    )


def open_database(
    path: Target | str,
    *,
    keys: KeyRing | None = None,
    create: bool = True,
    clock: Clock = utcnow,
    background_check: bool = False,
) -> Database:
    """Open (and when needed create and migrate) the database at ``path``: a SQLite file or a
    PostgreSQL URL (the PostgreSQL database itself must exist; an empty one gets the schema
    unless ``create`` is false).

    An existing file is probed first without writing to it: an empty, foreign, damaged, locked
    or read-only file is refused with its own message, and a damaged one with the newest good
    backup on offer. With ``background_check`` a large file's quick check runs on a thread
    (``Database.file_check``) unless a migration is due, which waits for it."""
    target = parse_target(path)
    if isinstance(target, URL):
        return _open_server(target, create=create, clock=clock)
    path = target
    deferred = False
    key = None if keys is None else keys.data_key  # encrypted with it (SQLCipher 4)
    if path.exists():
        if keys is not None and not path.is_dir():
            key = _key_that_opens(path, keys)
        deferred = background_check and path.stat().st_size > QUICK_CHECK_WAIT_MAX_BYTES
        try:
            found = probe(path, key=key, check=not deferred)
            if deferred and found.revision != SCHEMA_HEAD:
                probe(path, key=key)
                deferred = False
        except DatabaseError as exc:
            raise with_offer(exc, path, key) from exc.__cause__
    elif not create:
        raise DatabaseError(f"Het databasebestand '{path}' bestaat niet.")
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(path, key)
    try:
        migrate(engine, path, clock, key)
    except KnownError:
        engine.dispose()
        raise
    except OperationalError as exc:
        engine.dispose()
        raise _translate(exc, path, key) from exc
    except SADatabaseError as exc:
        engine.dispose()
        raise DatabaseError(
            f"'{path}' is geen bruikbare database of het bestand is beschadigd ({exc.orig})."
        ) from exc
    database = Database(target=path, engine=engine, clock=clock, keys=keys)
    if deferred:
        database.file_check = FileCheck(path, key, delay=FILE_CHECK_DELAY_S)
    return database


def _open_server(url: URL, *, create: bool, clock: Clock) -> Database:
    """Open a PostgreSQL database (it must exist on the server) and migrate it."""
    engine = make_engine(url)
    try:
        if not create and current_revision(engine) is None:
            raise DatabaseError(
                f"De database '{describe(url)}' is leeg: er staat geen swv-desktop-schema in."
            )
        migrate(engine, url, clock)
    except KnownError:
        engine.dispose()
        raise
    except OperationalError as exc:
        engine.dispose()
        raise _translate(exc, url) from exc
    except SADatabaseError as exc:
        engine.dispose()
        raise DatabaseError(f"'{describe(url)}' is geen bruikbare database ({exc.orig}).") from exc
    return Database(target=url, engine=engine, clock=clock)
