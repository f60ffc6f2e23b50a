"""Opening the database: engine, migration at start-up, one transaction per call.

``open_database(target)`` takes a SQLite path or a ``postgresql+psycopg://`` URL (what differs per
database is decided in ``swv_desktop.dialect``). It checks the file, refuses a database written by
a newer version, copies a SQLite file into ``backups/`` before migrating it, migrates to the
newest revision and returns a ``Database`` that services use as
``with db.transaction() as session: ...``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from swv_desktop.dialect import (
    BUSY_TIMEOUT_MS,
    SQLITE_HEADER,
    Target,
    backup_sqlite,
    check_file,
    describe,
    has_table,
    is_retryable,
    make_engine,
    needs_backup_before_migration,
    parse_target,
)
from swv_desktop.errors import DatabaseError, DatabaseTooNew, KnownError
from swv_desktop.models.base import utcnow
from swv_desktop.paths import backup_dir

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
SCHEMA_HEAD = "0003"
"""The newest revision, so that opening an up-to-date database needs no Alembic import (start-up
time); a test checks it equals Alembic's head, and ``make migration`` updates it."""
Clock = Callable[[], datetime]


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
        return None if row is None else str(row[0])


def backup_file(path: Path, reason: str, clock: Clock = utcnow) -> Path:
    """Copy the database consistently (SQLite backup API) into ``backups/`` beside it."""
    target_dir = backup_dir(path)
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = clock().strftime("%Y%m%d-%H%M%S")
    target = target_dir / f"{path.stem}-{stamp}-{reason}.db"
    backup_sqlite(path, target)
    return target


def migrate(engine: Engine, target: Target | str, clock: Clock = utcnow) -> Path | None:
    """Bring the database to the newest revision; return the backup made first, if any."""
    target = parse_target(target)
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
            f"Deze database ({_short(target)}) is gemaakt met een nieuwere versie van swv-desktop "
            f"(schemaversie {current}). Installeer de nieuwste versie; de database is niet gewijzigd."
        )
    backup = None
    if current is not None and isinstance(target, Path) and needs_backup_before_migration(target):
        backup = backup_file(target, f"voor-migratie-{current}", clock)
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

    target: Target
    engine: Engine
    clock: Clock = utcnow
    sessions: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

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
            raise _translate(exc, self.target) from exc
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
            raise _translate(exc, self.target) from exc
        finally:
            session.rollback()
            session.close()

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()


def _short(target: Target) -> str:
    return target.name if isinstance(target, Path) else describe(target)


def _translate(exc: OperationalError, path: Target) -> DatabaseError:
    text = str(exc.orig).lower()
    if is_retryable(exc) or "locked" in text or "busy" in text:
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
    if isinstance(path, URL) and ("connection" in text or "connect" in text):
        return DatabaseError(
            f"De databaseserver van '{describe(path)}' is niet bereikbaar of weigert de "
            f"verbinding. Er is niets opgeslagen. ({exc.orig})"
        )
    return DatabaseError(f"De database meldt een fout; er is niets opgeslagen. ({exc.orig})")


def open_database(
    target: Target | str, *, create: bool = True, clock: Clock = utcnow
) -> Database:
    """Open (and when needed create and migrate) the database at ``target``: a SQLite path or a
    PostgreSQL URL (the PostgreSQL database itself must exist; an empty one gets the schema
    unless ``create`` is false)."""
    path = parse_target(target)
    if isinstance(path, Path):
        if not path.exists() and not create:
            raise DatabaseError(f"Het databasebestand '{path}' bestaat niet.")
        check_file(path)
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(path)
    try:
        if not create and isinstance(path, URL) and current_revision(engine) is None:
            raise DatabaseError(
                f"De database '{describe(path)}' is leeg: er staat geen swv-desktop-schema in."
            )
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
    return Database(target=path, engine=engine, clock=clock)


__all__ = [
    "BUSY_TIMEOUT_MS",
    "SQLITE_HEADER",
    "Database",
    "alembic_config",
    "current_revision",
    "head_revision",
    "make_engine",
    "migrate",
    "open_database",
]
