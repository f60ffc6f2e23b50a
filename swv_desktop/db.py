"""The open database: engine, session factories, one transaction per call.

A ``Database`` (made by ``opening.open_database``, what differs between SQLite and PostgreSQL
decided in ``swv_desktop.dialect``) is what services use as ``with db.transaction() as session:
...`` and ``with db.read() as session: ...``. Every connection to a database file, of the engine,
the probes, the check and the backups, is made by ``dbfile.connect``: the one place where a key
would be given to an encrypted file.

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
import time
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from pathlib import Path
from typing import Any
from typing import Protocol

from sqlalchemy import Engine
from sqlalchemy import create_engine
from sqlalchemy import event
from sqlalchemy import select
from sqlalchemy.engine import URL
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm import sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.pool import NullPool

from swv_desktop.dbfile import Error
from swv_desktop.dbfile import classify
from swv_desktop.dialect import BUSY_MESSAGE
from swv_desktop.dialect import SYNCHRONOUS
from swv_desktop.dialect import Target
from swv_desktop.dialect import describe
from swv_desktop.dialect import is_retryable
from swv_desktop.dialect import locks_rows
from swv_desktop.dialect import parse_target
from swv_desktop.dialect import postgres_engine
from swv_desktop.dialect import reader
from swv_desktop.dialect import refuse_writes
from swv_desktop.dialect import sqlite_engine
from swv_desktop.dialect import unreachable
from swv_desktop.dialect import writer
from swv_desktop.encryption import auditketen
from swv_desktop.encryption import connect as cipher
from swv_desktop.encryption.keyslots import KeyRing
from swv_desktop.encryption.rekey import rekey
from swv_desktop.errors import DatabaseBusy
from swv_desktop.errors import DatabaseError
from swv_desktop.errors import KnownError
from swv_desktop.errors import ProgramLocked
from swv_desktop.errors import StaleEdit
from swv_desktop.errors import WrongKey
from swv_desktop.filecheck import FileCheck
from swv_desktop.filecheck import with_offer
from swv_desktop.models import Schooljaar
from swv_desktop.models.base import utcnow

log = logging.getLogger(__name__)

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
            if not is_retryable(exc):
                raise
            log.info("Schooljaar bezet (poging %d van %d)", attempt, WRITE_ATTEMPTS)
            if attempt == WRITE_ATTEMPTS:
                raise DatabaseBusy(BUSY_MESSAGE) from exc
            time.sleep(random.uniform(0.02, 0.1))  # noqa: S311 - jitter, not security


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
                if not is_retryable(exc):
                    raise dutch_error(exc, self.target, self.key) from exc
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
            return dutch_error(exc, self.target, self.key)
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
            raise dutch_error(exc, self.target, self.key) from exc
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


def dutch_error(exc: OperationalError, path: Target, key: bytes | None = None) -> DatabaseError:
    """What the database driver's ``exc`` means for the user, in Dutch (``path``: where)."""
    if is_retryable(exc):
        return DatabaseBusy(BUSY_MESSAGE)
    if isinstance(exc.orig, Error) and isinstance(path, Path):
        return with_offer(classify(exc.orig, path), path, key)
    if isinstance(path, URL) and "connect" in str(exc.orig).lower():
        return unreachable(path, exc)
    return DatabaseError(f"De database meldt een fout; er is niets opgeslagen. ({exc.orig})")
