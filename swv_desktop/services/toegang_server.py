"""Getting in on a PostgreSQL database, and the one function that picks the way in for a ``--db``.

A SQLite file is encrypted and opened by a user's key slot (``toegang.Gate``). A PostgreSQL
database lives on the office's server, which guards it itself (its own accounts, TLS); there is
no key file, so ``ServerGate`` checks the user's argon2id password hash in the ``gebruiker``
table (``auth.authenticate``) on the opened database. It offers the same few things the sign-in
window and the first-run wizard use as ``Gate``: ``exists``, ``organisatie``, ``accounts``
(none before sign-in: the server does not list its accounts to anyone who asks), ``create``,
``discard_new``, ``sign_in`` and ``sign_out``. Failed attempts are counted per account for the
life of the window (``PersistentThrottle`` without a file); each sign-in and each failed one (the
name tried) goes to the access log at once (``toegangslog``).

``gate_for(target)`` takes what ``--db`` gave (``dialect.parse_target``) and returns the right
one.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError

from swv_desktop.db import Clock
from swv_desktop.db import Database
from swv_desktop.db import make_engine
from swv_desktop.dialect import Target
from swv_desktop.dialect import describe
from swv_desktop.dialect import discard
from swv_desktop.dialect import parse_target
from swv_desktop.dialect import unreachable
from swv_desktop.encryption.keyslots import KeyRing
from swv_desktop.errors import AuthenticationFailed
from swv_desktop.errors import KnownError
from swv_desktop.models import Organisatie
from swv_desktop.models.base import utcnow
from swv_desktop.opening import open_database
from swv_desktop.schema import current_revision
from swv_desktop.services import toegangslog
from swv_desktop.services.auth import authenticate
from swv_desktop.services.common import Actor
from swv_desktop.services.toegang import Gate
from swv_desktop.services.toegang import PersistentThrottle


class ServerGate:
    """The way into one PostgreSQL database (see the module docstring)."""

    def __init__(self, url: URL, *, clock: Clock = utcnow) -> None:
        self.url = url
        self.clock = clock
        self.throttle = PersistentThrottle(path=None, clock=clock)
        self.db: Database | None = None
        self.unlocked: KeyRing | None = None
        """Always ``None``: there is no key to unlock (kept so callers can treat both alike)."""
        self._exists, self._organisatie = _look(url)

    @property
    def path(self) -> Path | None:
        """No file: ``None``."""
        return None

    @property
    def location(self) -> str:
        """The database as shown to a person (never with the password)."""
        return describe(self.url)

    @property
    def exists(self) -> bool:
        """False for an empty database still to be set up (the first-run wizard)."""
        return self._exists

    @property
    def organisatie(self) -> str:
        return self._organisatie

    @property
    def accounts(self) -> list[str]:
        """None before sign-in (the names are the server's to keep)."""
        return []

    def create(self) -> Database:
        """Put the schema in the empty database (for the first-run wizard)."""
        if self._exists:
            raise KnownError(f"De database '{self.location}' is al ingericht.")
        self.db = open_database(self.url, clock=self.clock)
        self._exists = True
        return self.db

    def discard_new(self) -> None:
        """Take the schema out again when the first run was cancelled (the database was empty)."""
        if self.db is not None:
            discard(self.url, self.db.engine)
            self.db.close()
            self.db = None
        self._exists = False

    def sign_in(
        self, username: str, password: str, *, waar: str = "In het venster op de server"
    ) -> Actor:
        """Open the database (once) and check ``username``'s password against its hash; the
        ``Actor`` of an active account, else ``AuthenticationFailed`` (throttled per account).
        ``waar``: where, for the access log."""
        self.throttle.check(username)
        if self.db is None:
            self.db = open_database(self.url, create=False, clock=self.clock)
        try:
            actor = authenticate(self.db, username, password)
        except AuthenticationFailed:
            self.throttle.failed(username)
            toegangslog.aanmeldingen_bijwerken(
                self.db, None, mislukt=self.throttle.failed_attempts()
            )
            self.throttle.logged()
            raise
        toegangslog.aanmeldingen_bijwerken(self.db, actor, waar=waar)
        self.throttle.succeeded(username)
        return actor

    def sign_out(self) -> None:
        """Close the database's connections."""
        if self.db is not None:
            self.db.close()
            self.db = None


def _look(url: URL) -> tuple[bool, str]:
    """Whether the database has the schema, and the organisation's name (shown at sign-in)."""
    engine = make_engine(url)
    try:
        if current_revision(engine) is None:
            return False, ""
        with engine.connect() as conn:
            naam = conn.execute(select(Organisatie.naam).limit(1)).scalar()
        return True, naam or ""
    except OperationalError as exc:
        raise unreachable(url, exc) from exc
    finally:
        engine.dispose()


def gate_for(value: Target | str, *, clock: Clock = utcnow) -> Gate | ServerGate:
    """The way into the database ``--db`` names: a SQLite file's ``Gate`` or a PostgreSQL
    database's ``ServerGate``."""
    target = parse_target(value)
    if isinstance(target, URL):
        return ServerGate(target, clock=clock)
    return Gate(target, clock=clock)


__all__ = ["ServerGate", "gate_for"]
