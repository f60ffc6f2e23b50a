"""Opening the database: engine with SQLite pragmas, migration at start-up, one transaction per call.

``open_database(path, keys=ring)`` checks the file, refuses a database written by a newer version,
copies the file into ``backups/`` before migrating an existing database, migrates to the newest
revision and returns a ``Database`` that services use as ``with db.transaction() as session: ...``.

Every connection comes from ``swv_desktop.encryption.connect`` (SQLCipher 4): with an unlocked
``KeyRing`` the file is encrypted with its data key; without one (tests of the plaintext path, the
plain side of the benchmark) it is an ordinary SQLite file.
"""

from __future__ import annotations

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

from swv_desktop.encryption import connect as cipher
from swv_desktop.encryption.keyslots import KeyRing
from swv_desktop.encryption.rekey import finish_interrupted, rekey
from swv_desktop.errors import DatabaseError, DatabaseTooNew, KnownError, WrongKey
from swv_desktop.models.base import utcnow
from swv_desktop.paths import backup_dir

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
SCHEMA_HEAD = "0002"
"""The newest revision, so that opening an up-to-date database needs no Alembic import (start-up
time); a test checks it equals Alembic's head, and ``make migration`` updates it."""
SQLITE_HEADER = cipher.SQLITE_HEADER
BUSY_TIMEOUT_MS = 5000

Clock = Callable[[], datetime]


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA temp_store=MEMORY")  # sorts and temp tables never touch the disk
    cursor.execute("PRAGMA secure_delete=ON")  # deleted rows are overwritten, not left behind
    cursor.close()


def make_engine(path: Path, key: bytes | None = None) -> Engine:
    """An engine on the database file ``path`` (encrypted with ``key``; ``None``: plaintext)
    with foreign keys on, WAL and a busy timeout."""
    engine = create_engine(
        f"sqlite:///{path}",
        module=cipher.driver,
        creator=lambda: cipher.connect(path, key, timeout=BUSY_TIMEOUT_MS / 1000),
    )
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


def _check_file(path: Path, keys: KeyRing | None) -> bytes | None:
    """Refuse what is not a database this ring opens; return the data key that opens it."""
    if not path.exists():
        return keys.data_key if keys else None
    if path.is_dir():
        raise DatabaseError(f"'{path}' is een map, geen databasebestand.")
    try:
        kind = cipher.file_kind(path)
    except OSError as exc:
        raise DatabaseError(f"Het databasebestand '{path}' kan niet worden gelezen: {exc}") from exc
    if kind == "empty":
        return keys.data_key if keys else None
    if keys is None:
        if kind == "plain":
            return None
        raise DatabaseError(
            f"'{path}' is versleuteld of beschadigd; zonder sleutel kan het niet worden geopend. "
            "Er is niets gewijzigd."
        )
    if kind == "plain":
        raise DatabaseError(
            f"'{path}' is nog niet versleuteld; het moet eerst worden omgezet. Er is niets gewijzigd."
        )
    for key in keys.candidates:
        if cipher.opens_with(path, key):
            return key
    raise WrongKey(
        f"De sleutel past niet bij '{path.name}': het bestand is beschadigd, of het "
        "sleutelbestand ernaast hoort bij een andere database. Er is niets gewijzigd; herstel zo "
        "nodig een reservekopie (database en sleutelbestand samen)."
    )


def backup_file(path: Path, reason: str, clock: Clock = utcnow, key: bytes | None = None) -> Path:
    """Copy the database consistently (SQLite backup API) into ``backups/`` beside it, encrypted
    with the same key (the sidecar beside the database opens it)."""
    target_dir = backup_dir(path)
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = clock().strftime("%Y%m%d-%H%M%S")
    target = target_dir / f"{path.stem}-{stamp}-{reason}.db"
    cipher.copy_database(path, target, key, key)
    return target


def migrate(
    engine: Engine, path: Path, clock: Clock = utcnow, key: bytes | None = None
) -> Path | None:
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
        backup = backup_file(path, f"voor-migratie-{current}", clock, key)
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
    keys: KeyRing | None = None
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

    def remove_key_slot(self, username: str) -> list[str]:
        """Remove ``username``'s key slot and re-key the database and its backups, so the old
        slot with the old password opens nothing; returns the legacy slots dropped as well."""
        if self.keys is None:
            return []
        self.engine.dispose()
        dropped = rekey(self.path, self.keys, username)
        self.engine = make_engine(self.path, self.keys.data_key)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        return dropped


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


def open_database(
    path: Path, *, keys: KeyRing | None = None, create: bool = True, clock: Clock = utcnow
) -> Database:
    """Open (and when needed create and migrate) the database at ``path``, encrypted with the
    data key of ``keys`` (``None``: a plaintext file)."""
    path = Path(path)
    if not path.exists() and not create:
        raise DatabaseError(f"Het databasebestand '{path}' bestaat niet.")
    key = _check_file(path, keys)
    if keys is not None and key is not None:
        if len(keys.candidates) > 1:
            finish_interrupted(path, keys, key)  # a re-key that stopped half-way
        else:
            keys.use(key)
        key = keys.data_key
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(path, key)
    try:
        migrate(engine, path, clock, key)
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
    return Database(path=path, engine=engine, clock=clock, keys=keys)
